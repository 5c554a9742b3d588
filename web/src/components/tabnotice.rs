//! The lab open in two tabs: says plainly which tab keeps the autosave and
//! where the other tab's work went, and offers to bring a lab kept by
//! another tab back (see [`crate::autosave`]).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabNoticeProps {
    /// Another tab took over the autosave: this tab saves its lab apart.
    pub other_tab: bool,
    /// A lab kept by another tab can be restored here.
    pub kept: bool,
    pub on_restore: Callback<()>,
}

#[function_component(TabNotice)]
pub fn tab_notice(props: &TabNoticeProps) -> Html {
    if !props.other_tab && !props.kept {
        return html! {};
    }
    let restore = props.on_restore.reform(|_| ());
    html! {
        <div class="tab-notice" role="status" aria-label="lab open in another tab">
            if props.other_tab {
                <p>
                    <strong>{ "This lab is open in another tab too. " }</strong>
                    { "That tab now keeps the autosave (a reload opens its lab). Nothing of this tab is lost: \
                       its lab is saved separately in this browser, and after a reload “Restore other tab's lab” \
                       brings it back (Export keeps a copy as a file)." }
                </p>
            } else {
                <p>
                    { "Another tab of Failover Lab has kept its own lab in this browser (that tab may still be open); \
                       this tab keeps the autosave. " }
                    <button aria-label="restore lab from another tab" onclick={restore}
                        title="Opens the lab the other tab saved; the lab open now is kept in its place">
                        { "Restore other tab's lab" }
                    </button>
                </p>
            }
        </div>
    }
}
