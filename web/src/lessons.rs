//! The course and the challenges as the page shows them. The format, the
//! step kinds and the progress rules are the engine's
//! ([`asa_core::lesson`]), so the runner, CI and the page agree; this module
//! lists the shipped files and keeps which one is in progress.

pub use asa_core::lesson::{parse, Check, Lesson, LessonKind, Progress, Step, StepKind};

/// The shipped course and challenges: (id, text). The id is the file name
/// without `.lesson`; a save names its lesson by it.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "02-stateful-failover",
        include_str!("../../assets/lessons/02-stateful-failover.lesson"),
    ),
    (
        "05-failover-link",
        include_str!("../../assets/lessons/05-failover-link.lesson"),
    ),
    (
        "07-interface-policy",
        include_str!("../../assets/lessons/07-interface-policy.lesson"),
    ),
    (
        "13-active-active-asr",
        include_str!("../../assets/lessons/13-active-active-asr.lesson"),
    ),
];

/// Every shipped lesson and challenge with its id (they are checked by the
/// tests, so none fails to parse).
pub fn all() -> Vec<(String, Lesson)> {
    SOURCES
        .iter()
        .filter_map(|(id, s)| parse(s).ok().map(|l| (id.to_string(), l)))
        .collect()
}

/// Which lesson is in progress (its index in the page's list) and how far
/// the learner is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonProgress {
    pub lesson: Option<usize>,
    pub progress: Progress,
}

impl LessonProgress {
    pub fn start(index: usize, progress: Progress) -> LessonProgress {
        LessonProgress {
            lesson: Some(index),
            progress,
        }
    }

    /// Each step's text and whether it is done, for the lesson panel.
    pub fn steps(&self, lesson: &Lesson) -> Vec<(String, bool)> {
        lesson
            .steps
            .iter()
            .enumerate()
            .map(|(k, s)| {
                (
                    s.text.clone(),
                    self.progress.done.get(k).copied().unwrap_or(false),
                )
            })
            .collect()
    }
}
