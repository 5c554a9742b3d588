//! Files the page hands to the learner (an exported lab, a progress or
//! events record): a blob behind an object URL (gloo-file), clicked.

use wasm_bindgen::JsCast;

/// Offers `text` as a download named `name`; `None` when the browser
/// refused.
pub fn download(name: &str, mime: &str, text: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let blob = gloo_file::Blob::new_with_options(text, Some(mime));
    // The object URL is revoked when it is dropped, after the click.
    let url = gloo_file::ObjectUrl::from(blob);
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Some(())
}
