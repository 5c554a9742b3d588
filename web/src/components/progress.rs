//! "Opening the lab… NN %": shown while a large saved, shared or imported
//! lab is replayed across frames, with a Cancel button that keeps the lab
//! open now; "Opening sessions… NN %" while many sessions open.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OpeningProps {
    /// Work done and work in all.
    pub done: u64,
    pub total: u64,
    pub on_cancel: Callback<()>,
    /// What is being done ("Opening the lab", "Opening sessions").
    #[prop_or(AttrValue::Static("Opening the lab"))]
    pub what: AttrValue,
}

/// Whole per cent of `done` out of `total` (100 when there is nothing).
pub fn percent(done: u64, total: u64) -> u64 {
    if total == 0 {
        return 100;
    }
    (u128::from(done.min(total)) * 100 / u128::from(total)) as u64
}

#[function_component(OpeningProgress)]
pub fn opening_progress(props: &OpeningProps) -> Html {
    let pct = percent(props.done, props.total);
    let cancel = props.on_cancel.reform(|_| ());
    html! {
        <section class="opening" role="status" aria-label="opening the lab">
            <label>
                { format!("{}… {pct} %", props.what) }
                <progress aria-label="opening progress" max="100" value={pct.to_string()}>
                    { format!("{pct} %") }
                </progress>
            </label>
            <button aria-label="cancel opening" onclick={cancel}>{ "Cancel" }</button>
        </section>
    }
}
