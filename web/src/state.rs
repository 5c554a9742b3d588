//! The UI's state and its reducer: pure, no side effects.

use std::rc::Rc;

use asa_core::labs::Template;
use yew::Reducible;

/// Playback speeds offered (virtual seconds per real second).
pub const SPEEDS: [u32; 3] = [1, 10, 100];

#[derive(Clone, Debug, PartialEq)]
pub struct UiState {
    pub template: Template,
    pub playing: bool,
    pub speed: u32,
    /// Bumped whenever the engine changed, so views re-render.
    pub revision: u64,
    pub large_font: bool,
    pub dark: bool,
    /// A lab is being opened across frames: work done and work in all
    /// (the clock stands still and the lab open now is not interactive).
    pub opening: Option<(u64, u64)>,
    /// Another tab of the lab took over the autosave; this tab keeps its
    /// lab under its own key (see [`crate::autosave`]).
    pub other_tab: bool,
    /// A lab kept by another tab can be restored here.
    pub kept_tab: bool,
}

impl Default for UiState {
    fn default() -> Self {
        UiState {
            template: Template::ActiveStandby,
            playing: true,
            speed: 1,
            revision: 0,
            large_font: false,
            dark: true,
            opening: None,
            other_tab: false,
            kept_tab: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A new starting lab was loaded.
    Loaded(Template),
    TogglePlay,
    SetSpeed(u32),
    /// The engine changed (time passed, a command ran, a cable moved).
    EngineChanged,
    ToggleLargeFont,
    ToggleTheme,
    /// A lab being opened got this far (work done, work in all).
    Opening(u64, u64),
    /// The lab being opened is open, failed or was cancelled.
    OpeningEnded,
    /// Another tab wrote the shared autosave: this tab saves apart now.
    OtherTab,
    /// Whether a lab kept by another tab can be restored.
    KeptTab(bool),
}

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Loaded(t) => {
                s.template = t;
                s.revision += 1;
            }
            Action::TogglePlay => s.playing = !s.playing,
            Action::SetSpeed(x) => {
                if SPEEDS.contains(&x) {
                    s.speed = x;
                }
            }
            Action::EngineChanged => s.revision += 1,
            Action::ToggleLargeFont => s.large_font = !s.large_font,
            Action::ToggleTheme => s.dark = !s.dark,
            Action::Opening(done, total) => s.opening = Some((done.min(total), total)),
            Action::OpeningEnded => {
                s.opening = None;
                s.revision += 1;
            }
            Action::OtherTab => s.other_tab = true,
            Action::KeptTab(kept) => s.kept_tab = kept,
        }
        Rc::new(s)
    }
}
