//! The UI's state and its reducer: pure, no side effects.

use std::rc::Rc;

use asa_core::labs::Template;
use yew::Reducible;

use crate::engine::{Ahead, WhyAbout};

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
    /// What is opening: sessions (`true`) or a lab.
    pub opening_sessions: bool,
    /// The lab's journal as it was before the learner rewound it: they can
    /// go forward along it again until they act.
    pub ahead: Option<Rc<Ahead>>,
    /// The moment (the lab's clock, ms) the timeline's handle is being
    /// dragged to, before it is let go.
    pub scrub: Option<u64>,
    /// What the "Why?" panel explains.
    pub why: Option<WhyAbout>,
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
            opening_sessions: false,
            ahead: None,
            scrub: None,
            why: None,
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
    /// Many sessions are being opened across frames: this far (sessions
    /// open, sessions asked for).
    OpeningSessions(u64, u64),
    /// The lab was rewound (or undone): the clock stops so the learner can
    /// look; `Some`: the journal they can go forward along again.
    Rewound(Option<Rc<Ahead>>),
    /// The learner acted on a rewound lab: it is a new branch now.
    DropAhead,
    /// The timeline's handle is dragged (`None`: let go).
    Scrub(Option<u64>),
    /// "Why?" asked about a topic (`None`: closed).
    Why(Option<WhyAbout>),
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
                s.ahead = None;
                s.scrub = None;
                s.why = None;
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
            Action::Opening(done, total) => {
                s.opening = Some((done.min(total), total));
                s.opening_sessions = false;
            }
            Action::OpeningSessions(done, total) => {
                s.opening = Some((done.min(total), total));
                s.opening_sessions = true;
            }
            Action::OpeningEnded => {
                s.opening = None;
                s.revision += 1;
            }
            Action::Rewound(ahead) => {
                s.ahead = ahead;
                s.playing = false;
                s.scrub = None;
                s.revision += 1;
            }
            Action::DropAhead => s.ahead = None,
            Action::Scrub(t) => s.scrub = t,
            Action::Why(t) => s.why = t,
            Action::OtherTab => s.other_tab = true,
            Action::KeptTab(kept) => s.kept_tab = kept,
        }
        Rc::new(s)
    }
}
