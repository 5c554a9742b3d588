//! Shared by the web test files.

use asa_web::components::app::App;

/// Mounts the app in a fresh element, with no autosave and no share link.
pub async fn mount_fresh() -> web_sys::Element {
    let win = web_sys::window().unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    let _ = win.location().set_hash("");
    let doc = win.document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}
