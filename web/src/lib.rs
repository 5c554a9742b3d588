//! Failover Lab's browser UI: a thin Yew app over the `asa-core` engine.

pub mod autosave;
pub mod chart_module;
pub mod components;
pub mod download;
pub mod engine;
pub mod lessons;
pub mod share;
pub mod state;

/// Mounts the app into `#app` (or the body).
pub fn mount() {
    let doc = web_sys::window().and_then(|w| w.document());
    match doc.and_then(|d| d.get_element_by_id("app")) {
        Some(root) => {
            yew::Renderer::<components::app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<components::app::App>::new().render();
        }
    }
}
