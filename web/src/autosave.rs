//! The autosave, safe with the lab open in several tabs of one browser.
//!
//! Every tab of the lab autosaves to the same local storage key
//! ([`STORAGE_KEY`]). A tab writes it only while it still holds what this
//! tab last wrote or found there (compare and set); once another tab has
//! written it — seen at the next save or at once from the browser's
//! `storage` event — this tab keeps its lab under a key of its own
//! ([`TAB_PREFIX`] and the time), tells the learner, and never writes the
//! shared key again. So the tab that writes first once both are open keeps
//! the shared autosave (a reload opens its lab) — usually the tab opened
//! first, which saves every second while its clock runs. The other tab's
//! lab is kept, and "Restore other tab's lab" brings it back; the lab it
//! replaces is kept under a key of its own in turn, so nothing is lost.

use web_sys::Storage;

pub use crate::share::STORAGE_KEY;

/// Keys of labs kept by tabs that gave up the shared autosave: this
/// prefix and the time (ms since 1970) the tab began saving there.
pub const TAB_PREFIX: &str = "failover-lab/autosave-tab/";

/// What one tab knows of the autosave.
#[derive(Debug, Default)]
pub struct Autosave {
    /// What this tab last wrote to or found in [`STORAGE_KEY`].
    owner: Option<String>,
    /// This tab's own key, once another tab took over the shared one.
    slot: Option<String>,
    /// The script this tab saved last (wherever).
    last: Option<String>,
}

impl Autosave {
    /// At page load: the shared key holds `found`.
    pub fn found(&mut self, found: Option<String>) {
        self.owner = found;
    }

    /// This tab itself wrote `text` to the shared key (a restore).
    pub fn wrote(&mut self, text: &str) {
        self.owner = Some(text.to_string());
    }

    /// Whether another tab took over the shared autosave.
    pub fn diverted(&self) -> bool {
        self.slot.is_some()
    }

    /// This tab's own key, once it has one.
    pub fn slot(&self) -> Option<&str> {
        self.slot.as_deref()
    }

    /// Saves `script`; `true` when this save found that another tab wrote
    /// the shared key (this tab now saves under its own key).
    pub fn save(&mut self, s: &Storage, script: &str, now_ms: f64) -> bool {
        if self.last.as_deref() == Some(script) {
            return false;
        }
        if let Some(key) = &self.slot {
            if s.set_item(key, script).is_ok() {
                self.last = Some(script.to_string());
            }
            return false;
        }
        let current = s.get_item(STORAGE_KEY).ok().flatten();
        if current.is_some() && current != self.owner {
            return self.divert(s, script, now_ms);
        }
        if s.set_item(STORAGE_KEY, script).is_ok() {
            self.owner = Some(script.to_string());
            self.last = Some(script.to_string());
        }
        false
    }

    /// The browser says the shared key changed to `new_value` (only other
    /// tabs' writes are reported); `true` when this tab now saves `script`
    /// under its own key because of it.
    pub fn changed_elsewhere(
        &mut self,
        s: &Storage,
        new_value: Option<String>,
        script: &str,
        now_ms: f64,
    ) -> bool {
        if self.slot.is_some() || new_value.is_none() || new_value == self.owner {
            return false;
        }
        self.divert(s, script, now_ms)
    }

    fn divert(&mut self, s: &Storage, script: &str, now_ms: f64) -> bool {
        let key = format!("{TAB_PREFIX}{}", now_ms as u64);
        let _ = s.set_item(&key, script);
        self.slot = Some(key);
        self.last = Some(script.to_string());
        true
    }
}

/// The newest lab kept by a tab other than `except` (this tab's own
/// key): its key and text.
pub fn newest_kept(s: &Storage, except: Option<&str>) -> Option<(String, String)> {
    let n = s.length().ok()?;
    let key = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(TAB_PREFIX) && Some(k.as_str()) != except)
        .max_by_key(|k| k[TAB_PREFIX.len()..].parse::<u64>().unwrap_or(0))?;
    let text = s.get_item(&key).ok().flatten()?;
    Some((key, text))
}
