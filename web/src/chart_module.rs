//! The chart module: the charts are drawn by a second WebAssembly module
//! (the `asa-charts` crate, `dist/asa-charts.js` and `asa-charts_bg.wasm`),
//! which the page loads once the app has started, so the first load — what
//! the browser fetches before the consoles accept input — carries neither
//! plotters nor the drawing code.
//!
//! The two modules share no memory: the samples cross as numbers and text
//! (`asa_core::charts::encode`). The module's file names carry no hash
//! (trunk names a module it does not start itself after its crate); the
//! data's version number makes a module left in the cache by an older page
//! refuse the data rather than draw it wrong.
//!
//! The web crate's wasm tests have no `dist/`: they link the chart code
//! directly ([`link_chart_code`]).
//!
//! A fault in the chart module (a trap) cannot take the lab with it: the
//! call throws in JavaScript, the pane says what went wrong, and the
//! consoles and the learner's work go on.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlCanvasElement;

/// The chart module's drawing function: canvas, the samples' numbers, the
/// takeovers' reasons, dark theme, text scale; returns what went wrong, or
/// an empty string once drawn.
pub type DrawFn = fn(HtmlCanvasElement, &[f64], &str, bool, f64) -> String;

/// The module's script, next to the page.
pub const MODULE_JS: &str = "asa-charts.js";

#[wasm_bindgen(inline_js = r#"
let loading = null;
export function chart_module(file) {
    if (!loading) {
        const url = new URL(file, document.baseURI).href;
        loading = import(url)
            .then(async (m) => { await m.default(); return m; })
            .catch((e) => { loading = null; throw e; });
    }
    return loading;
}
export function chart_draw(m, canvas, numbers, reasons, dark, scale) {
    return m.draw_charts(canvas, numbers, reasons, dark, scale);
}
"#)]
extern "C" {
    fn chart_module(file: &str) -> js_sys::Promise;
    #[wasm_bindgen(catch)]
    fn chart_draw(
        m: &JsValue,
        canvas: HtmlCanvasElement,
        numbers: &[f64],
        reasons: &str,
        dark: bool,
        scale: f64,
    ) -> Result<String, JsValue>;
}

/// Something that draws the charts: the loaded module, or the chart code
/// linked into this module (tests).
#[derive(Clone, Debug)]
pub enum Drawer {
    Module(JsValue),
    Linked(DrawFn),
}

impl Drawer {
    /// Draws; what went wrong, or an empty string.
    pub fn draw(
        &self,
        canvas: HtmlCanvasElement,
        numbers: &[f64],
        reasons: &str,
        dark: bool,
        scale: f64,
    ) -> String {
        match self {
            Drawer::Linked(f) => f(canvas, numbers, reasons, dark, scale),
            Drawer::Module(m) => chart_draw(m, canvas, numbers, reasons, dark, scale)
                .unwrap_or_else(|e| format!("the chart module failed: {}", describe(&e))),
        }
    }
}

thread_local! {
    static LINKED: RefCell<Option<DrawFn>> = const { RefCell::new(None) };
    /// The module once loaded (a pane drawn again has it at once).
    static LOADED: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Draw with chart code linked into this module instead of loading the
/// chart module (the web crate's wasm tests, which have no `dist/`);
/// `None` goes back to loading it.
pub fn link_chart_code(f: Option<DrawFn>) {
    LINKED.with(|l| *l.borrow_mut() = f);
}

/// The drawer at once if there is one without loading: linked code, or
/// the module loaded before.
pub fn ready() -> Option<Drawer> {
    LINKED
        .with(|l| *l.borrow())
        .map(Drawer::Linked)
        .or_else(|| LOADED.with(|m| m.borrow().clone()).map(Drawer::Module))
}

/// Loads the chart module (once for the page; a failed load is tried
/// again at the next call) and gives its drawer, or why it could not be
/// loaded.
pub async fn load() -> Result<Drawer, String> {
    if let Some(d) = ready() {
        return Ok(d);
    }
    let m = JsFuture::from(chart_module(MODULE_JS))
        .await
        .map_err(|e| describe(&e))?;
    LOADED.with(|l| *l.borrow_mut() = Some(m.clone()));
    Ok(Drawer::Module(m))
}

/// A JavaScript error in words.
fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}
