//! A console attached to one unit: scrollback rendered as text, the unit's
//! prompt, line editing, history, `?` help without Enter and Tab completion.

use std::rc::Rc;

use asa_core::net::UnitId;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub unit: UnitId,
    pub lines: Rc<Vec<String>>,
    pub prompt: AttrValue,
    pub on_command: Callback<String>,
    pub on_help: Callback<String>,
    pub on_complete: Callback<String, String>,
    /// The console waits at the pager (`asa_core::pager::MORE`) for a key.
    pub paging: bool,
    pub on_pager: Callback<String>,
    /// Lines typed earlier (Up/Down), kept with the lab.
    pub history: Rc<Vec<String>>,
    /// The unit has power (a powered-off console takes no input).
    #[prop_or(true)]
    pub powered: bool,
}

/// Splits text pasted into the input line at the cursor into the lines to
/// enter and what stays on the input line; `None` for text without a line
/// break (the browser pastes it as usual). `before` and `after` are the
/// typed text either side of the cursor (a selection is replaced). As in a
/// terminal, the first pasted line joins the text around the cursor and is
/// entered whole; every other complete line is entered as it is; the last,
/// unfinished one stays on the input line.
pub fn paste_lines(before: &str, after: &str, text: &str) -> Option<(Vec<String>, String)> {
    if !text.contains(['\n', '\r']) {
        return None;
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let rest = lines.pop().unwrap_or_default();
    if let Some(first) = lines.first_mut() {
        *first = format!("{before}{first}{after}");
    }
    Some((lines, rest))
}

/// The text of `value` before and after the input's cursor (a selection
/// is left out: the paste replaces it). The offsets are UTF-16 code units.
fn around_cursor(value: &str, el: Option<HtmlInputElement>) -> (String, String) {
    let units: Vec<u16> = value.encode_utf16().collect();
    let n = units.len() as u32;
    let (start, end) = el
        .map(|el| {
            let s = el.selection_start().ok().flatten().unwrap_or(n);
            let e = el.selection_end().ok().flatten().unwrap_or(s);
            (s.min(n), e.clamp(s.min(n), n))
        })
        .unwrap_or((n, n));
    (
        String::from_utf16_lossy(&units[..start as usize]),
        String::from_utf16_lossy(&units[end as usize..]),
    )
}

#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let input = use_state(String::new);
    let hist_pos = use_mut_ref(|| None::<usize>);
    // Escape was the last key: the next Tab leaves the console.
    let escaped = use_mut_ref(|| false);
    let input_ref = use_node_ref();
    let scroll_ref = use_node_ref();

    // Keep the newest output in view.
    {
        let scroll_ref = scroll_ref.clone();
        use_effect_with(props.lines.len(), move |_| {
            if let Some(el) = scroll_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let oninput = {
        let input = input.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            input.set(el.value());
        })
    };

    let onkeydown = {
        let input = input.clone();
        let escaped = escaped.clone();
        let history = props.history.clone();
        let hist_pos = hist_pos.clone();
        let input_ref = input_ref.clone();
        let paging = props.paging;
        let on_pager = props.on_pager.clone();
        let on_command = props.on_command.clone();
        let on_help = props.on_help.clone();
        let on_complete = props.on_complete.clone();
        Callback::from(move |e: KeyboardEvent| {
            let value = (*input).clone();
            let ctrl = e.ctrl_key();
            // The way out of the console for keyboard users: Tab on an empty
            // line, Shift+Tab, or Escape then Tab move the focus on (Tab
            // completes otherwise).
            let leave =
                e.key() == "Tab" && (e.shift_key() || value.trim().is_empty() || *escaped.borrow());
            *escaped.borrow_mut() = e.key() == "Escape";
            if leave {
                return;
            }
            if paging {
                // At the pager: Space a page, Enter a line, anything else stops.
                e.prevent_default();
                on_pager.emit(e.key());
                return;
            }
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    *hist_pos.borrow_mut() = None;
                    input.set(String::new());
                    on_command.emit(value);
                }
                "?" => {
                    e.prevent_default();
                    on_help.emit(value);
                }
                "Tab" => {
                    e.prevent_default();
                    input.set(on_complete.emit(value));
                }
                "ArrowUp" => {
                    e.prevent_default();
                    let h = &history;
                    if h.is_empty() {
                        return;
                    }
                    let pos = match *hist_pos.borrow() {
                        None => h.len() - 1,
                        Some(p) => p.saturating_sub(1),
                    };
                    *hist_pos.borrow_mut() = Some(pos);
                    input.set(h[pos].clone());
                }
                "ArrowDown" => {
                    e.prevent_default();
                    let h = &history;
                    let next = hist_pos.borrow().map(|p| p + 1);
                    match next {
                        Some(p) if p < h.len() => {
                            *hist_pos.borrow_mut() = Some(p);
                            input.set(h[p].clone());
                        }
                        _ => {
                            *hist_pos.borrow_mut() = None;
                            input.set(String::new());
                        }
                    }
                }
                "u" | "c" if ctrl => {
                    e.prevent_default();
                    input.set(String::new());
                }
                "a" if ctrl => {
                    e.prevent_default();
                    if let Some(el) = input_ref.cast::<HtmlInputElement>() {
                        let _ = el.set_selection_range(0, 0);
                    }
                }
                "e" if ctrl => {
                    e.prevent_default();
                    if let Some(el) = input_ref.cast::<HtmlInputElement>() {
                        let n = el.value().chars().count() as u32;
                        let _ = el.set_selection_range(n, n);
                    }
                }
                _ => {}
            }
        })
    };

    // A pasted text with line breaks runs line by line, as in a terminal:
    // every complete line is entered (the first joins the text around the
    // cursor), the last, unfinished one stays on the input line.
    let onpaste = {
        let input = input.clone();
        let input_ref = input_ref.clone();
        let on_command = props.on_command.clone();
        let hist_pos = hist_pos.clone();
        Callback::from(move |e: Event| {
            let Some(text) = e
                .dyn_ref::<web_sys::ClipboardEvent>()
                .and_then(|c| c.clipboard_data())
                .and_then(|d| d.get_data("text/plain").ok())
            else {
                return;
            };
            let (before, after) = around_cursor(&input, input_ref.cast::<HtmlInputElement>());
            let Some((lines, rest)) = paste_lines(&before, &after, &text) else {
                return;
            };
            e.prevent_default();
            *hist_pos.borrow_mut() = None;
            for line in lines {
                on_command.emit(line);
            }
            input.set(rest);
        })
    };

    // Clicking the console puts the cursor on its input line, except when
    // the click ended a text selection (the learner is copying output).
    let focus = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_some_and(|s| !s.is_collapsed());
            if selecting {
                return;
            }
            if let Some(el) = input_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        })
    };

    let name = props.unit.name();
    let text = props.lines.join("\n");
    let placeholder = if !props.powered {
        format!("{name} is powered off: power it on with its power button on the topology")
    } else if props.paging {
        "more output waits: Space, Enter or q".to_string()
    } else {
        String::new()
    };
    let hint_id = format!("{name}-console-keys");
    html! {
        <section class="console" id={format!("{name}-console")} aria-label={format!("{name} console")} onclick={focus}>
            <h2 class="console-title">{ format!("{name} unit console") }</h2>
            <pre class="scrollback" ref={scroll_ref} role="log" aria-live="polite">{ text }</pre>
            <div class="input-line">
                <span class="prompt">{ if props.paging { AttrValue::from("") } else { props.prompt.clone() } }</span>
                <input
                    ref={input_ref}
                    class="cmd"
                    type="text"
                    spellcheck="false"
                    autocomplete="off"
                    aria-label={format!("{name} console input")}
                    aria-describedby={hint_id.clone()}
                    value={(*input).clone()}
                    disabled={!props.powered}
                    placeholder={placeholder}
                    {oninput}
                    {onkeydown}
                    {onpaste}
                />
            </div>
            if props.paging {
                <p class="pager-hint" role="status">
                    { "More output: Space shows the next page, Enter one more line, q (or any other key) stops." }
                </p>
            }
            <p class="console-keys" id={hint_id}>
                { "Tab completes · ? helps · Tab on an empty line, Shift+Tab or Esc then Tab leaves the console" }
            </p>
        </section>
    }
}
