//! Export the lab as a file, import one, copy a share link. A lab is its
//! journal: a lab script that replays to the same state.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SaveBarProps {
    pub on_export: Callback<()>,
    pub on_import: Callback<String>,
    pub on_share: Callback<()>,
    pub message: Option<AttrValue>,
}

#[function_component(SaveBar)]
pub fn save_bar(props: &SaveBarProps) -> Html {
    let on_file = {
        let cb = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let cb = cb.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                match text.ok().and_then(|v| v.as_string()) {
                    Some(t) => cb.emit(t),
                    None => cb.emit(String::from("\u{0}unreadable")),
                }
            });
            input.set_value("");
        })
    };
    let export = props.on_export.reform(|_| ());
    let share = props.on_share.reform(|_| ());
    html! {
        <div class="savebar" role="group" aria-label="save and share">
            <button aria-label="export lab" onclick={export}>{ "Export" }</button>
            <label class="import">{ "Import " }
                <input type="file" accept=".lab,.txt,text/plain" aria-label="import lab" onchange={on_file} />
            </label>
            <button aria-label="copy share link" onclick={share}>{ "Share link" }</button>
            if let Some(m) = &props.message {
                <span class="message" role="status">{ m.clone() }</span>
            }
        </div>
    }
}
