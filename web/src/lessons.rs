//! The course and the challenges as the page shows them. The format, the
//! step kinds and the progress rules are the engine's
//! ([`asa_core::lesson`]), so the runner, CI and the page agree; this module
//! lists the shipped files, keeps the lesson in progress, and turns it into
//! the record that is saved with the lab and exported as JSON.

use serde::{Deserialize, Serialize};

use crate::engine::{Engine, Replaying};
pub use asa_core::lesson::{parse, Check, Lesson, LessonKind, Progress, Step, StepKind};

/// The shipped course and challenges: (id, text). The id is the file name
/// without `.lesson` (challenges prefixed `challenge-`); a save names its
/// lesson by it.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "01-building-a-pair",
        include_str!("../../assets/lessons/01-building-a-pair.lesson"),
    ),
    (
        "02-stateful-failover",
        include_str!("../../assets/lessons/02-stateful-failover.lesson"),
    ),
    (
        "03-what-replicates",
        include_str!("../../assets/lessons/03-what-replicates.lesson"),
    ),
    (
        "04-sizing-the-stateful-link",
        include_str!("../../assets/lessons/04-sizing-the-stateful-link.lesson"),
    ),
    (
        "05-failover-link",
        include_str!("../../assets/lessons/05-failover-link.lesson"),
    ),
    (
        "06-stale-state",
        include_str!("../../assets/lessons/06-stale-state.lesson"),
    ),
    (
        "07-interface-policy",
        include_str!("../../assets/lessons/07-interface-policy.lesson"),
    ),
    (
        "08-configuration-sync",
        include_str!("../../assets/lessons/08-configuration-sync.lesson"),
    ),
    (
        "09-failover-exec",
        include_str!("../../assets/lessons/09-failover-exec.lesson"),
    ),
    (
        "10-switchover-and-preemption",
        include_str!("../../assets/lessons/10-switchover-and-preemption.lesson"),
    ),
    (
        "11-contexts-and-groups",
        include_str!("../../assets/lessons/11-contexts-and-groups.lesson"),
    ),
    (
        "12-virtual-macs",
        include_str!("../../assets/lessons/12-virtual-macs.lesson"),
    ),
    (
        "13-active-active-asr",
        include_str!("../../assets/lessons/13-active-active-asr.lesson"),
    ),
    (
        "14-triggers-and-actions",
        include_str!("../../assets/lessons/14-triggers-and-actions.lesson"),
    ),
    (
        "challenge-01-sessions-do-not-survive",
        include_str!("../../assets/challenges/01-sessions-do-not-survive.lesson"),
    ),
    (
        "challenge-02-stateful-cable",
        include_str!("../../assets/challenges/02-stateful-cable.lesson"),
    ),
    (
        "challenge-03-inside-failure-ignored",
        include_str!("../../assets/challenges/03-inside-failure-ignored.lesson"),
    ),
    (
        "challenge-04-http-must-survive",
        include_str!("../../assets/challenges/04-http-must-survive.lesson"),
    ),
    (
        "challenge-05-both-units-active",
        include_str!("../../assets/challenges/05-both-units-active.lesson"),
    ),
    (
        "challenge-06-asymmetric-return",
        include_str!("../../assets/challenges/06-asymmetric-return.lesson"),
    ),
    (
        "challenge-07-standby-addresses",
        include_str!("../../assets/challenges/07-standby-addresses.lesson"),
    ),
];

/// The id of a lesson the instructor imported (its text travels with the
/// save).
pub const IMPORTED: &str = "imported";

/// Every shipped lesson and challenge with its id (they are checked by the
/// tests, so none fails to parse).
pub fn all() -> Vec<(String, Lesson)> {
    SOURCES
        .iter()
        .filter_map(|(id, s)| parse(s).ok().map(|l| (id.to_string(), l)))
        .collect()
}

/// The lesson in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct Active {
    pub id: String,
    pub lesson: Lesson,
    /// The lesson file's text when it was imported (not shipped).
    pub source: Option<String>,
    pub progress: Progress,
    /// Wall-clock time (ms since the epoch) when the learner started, and
    /// when the lesson was completed.
    pub wall_started_ms: f64,
    pub wall_finished_ms: Option<f64>,
}

/// One answer to a question, as exported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The step (1-based).
    pub step: usize,
    /// The choice picked (1-based) and its text.
    pub choice: usize,
    pub text: String,
    pub correct: bool,
    /// Answered before the learner acted (a prediction, not hindsight).
    #[serde(default = "yes")]
    pub before_acting: bool,
}

fn yes() -> bool {
    true
}

/// A learner's progress in one lesson, as saved with the lab and exported
/// for an instructor or an LMS.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub lesson: String,
    pub title: String,
    /// `lesson` or `challenge`.
    pub kind: String,
    pub steps: usize,
    /// The steps done (1-based).
    pub steps_done: Vec<usize>,
    pub complete: bool,
    pub answers: Vec<Answer>,
    /// Virtual lab time the lesson took so far (seconds).
    pub lab_seconds: f64,
    /// Wall-clock start (ms since the epoch) and time taken (seconds; until
    /// now while the lesson is not complete).
    pub started_ms: f64,
    pub seconds_taken: f64,
    /// Internal state for restoring: when the current step began (virtual
    /// microseconds), when the lesson began and ended.
    pub step_since_us: u64,
    #[serde(default)]
    pub step_since_actions: usize,
    pub started_us: u64,
    #[serde(default)]
    pub finished_us: Option<u64>,
    #[serde(default)]
    pub finished_ms: Option<f64>,
    /// The text of an imported lesson.
    #[serde(default)]
    pub source: Option<String>,
}

/// The comment line that carries the record in a saved lab.
const SAVE_PREFIX: &str = "# lesson: ";

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Active {
    /// Starts a lesson: a fresh lab, with a challenge's hidden fault
    /// applied (the consoles do not show it).
    pub fn start(
        id: &str,
        lesson: &Lesson,
        source: Option<String>,
    ) -> Result<(Engine, Active), String> {
        let mut e = Engine::new(lesson.template)?;
        e.apply_hidden(&lesson.setup)?;
        let progress = Progress::start(lesson, e.replay());
        let a = Active {
            id: id.to_string(),
            lesson: lesson.clone(),
            source,
            progress,
            wall_started_ms: now_ms(),
            wall_finished_ms: None,
        };
        let line = a.save_line(&e);
        e.set_attachment(line);
        Ok((e, a))
    }

    /// The progress record now.
    pub fn record(&self, e: &Engine) -> Record {
        let p = &self.progress;
        let answers = p
            .answers
            .iter()
            .enumerate()
            .filter_map(|(k, a)| {
                let choice = (*a)?;
                let StepKind::Predict { choices, correct } = &self.lesson.steps.get(k)?.kind else {
                    return None;
                };
                Some(Answer {
                    step: k + 1,
                    choice: choice + 1,
                    text: choices.get(choice).cloned().unwrap_or_default(),
                    correct: choice == *correct,
                    before_acting: !p.late.get(k).copied().unwrap_or(false),
                })
            })
            .collect();
        let end_us = p.finished_us.unwrap_or(e.now().total_micros());
        let end_ms = self.wall_finished_ms.unwrap_or_else(now_ms);
        Record {
            lesson: self.id.clone(),
            title: self.lesson.title.clone(),
            kind: match self.lesson.kind {
                LessonKind::Lesson => "lesson".into(),
                LessonKind::Challenge => "challenge".into(),
            },
            steps: self.lesson.steps.len(),
            steps_done: p
                .done
                .iter()
                .enumerate()
                .filter(|(_, d)| **d)
                .map(|(k, _)| k + 1)
                .collect(),
            complete: p.complete(),
            answers,
            lab_seconds: end_us.saturating_sub(p.started_us) as f64 / 1e6,
            started_ms: self.wall_started_ms,
            seconds_taken: ((end_ms - self.wall_started_ms) / 1000.0).max(0.0),
            step_since_us: p.since_us,
            step_since_actions: p.since_actions,
            started_us: p.started_us,
            finished_us: p.finished_us,
            finished_ms: self.wall_finished_ms,
            source: self.source.clone(),
        }
    }

    /// The comment line saved at the end of the lab's script.
    pub fn save_line(&self, e: &Engine) -> String {
        match serde_json::to_string(&self.record(e)) {
            Ok(json) => format!("{SAVE_PREFIX}{json}\n"),
            Err(_) => String::new(),
        }
    }

    /// Records the moment of completion, once.
    pub fn note_completion(&mut self) {
        if self.progress.complete() && self.wall_finished_ms.is_none() {
            self.wall_finished_ms = Some(now_ms());
        }
    }

    /// Rebuilds the lesson in progress from a saved record (`list`: the
    /// shipped lessons).
    fn from_record(r: &Record, list: &[(String, Lesson)]) -> Option<Active> {
        let lesson = match &r.source {
            Some(text) => parse(text).ok()?,
            None => list.iter().find(|(id, _)| *id == r.lesson)?.1.clone(),
        };
        let n = lesson.steps.len();
        let mut done = vec![false; n];
        for s in &r.steps_done {
            if let Some(d) = done.get_mut(s.wrapping_sub(1)) {
                *d = true;
            }
        }
        let mut answers = vec![None; n];
        let mut late = vec![false; n];
        for a in &r.answers {
            if let Some(slot) = answers.get_mut(a.step.wrapping_sub(1)) {
                *slot = Some(a.choice.saturating_sub(1));
                late[a.step - 1] = !a.before_acting;
            }
        }
        Some(Active {
            id: r.lesson.clone(),
            lesson,
            source: r.source.clone(),
            progress: Progress {
                done,
                answers,
                since_us: r.step_since_us,
                since_actions: r.step_since_actions,
                late,
                started_us: r.started_us,
                finished_us: r.finished_us,
            },
            wall_started_ms: r.started_ms,
            wall_finished_ms: r.finished_ms,
        })
    }
}

/// The lesson record a saved lab carries, if any (the last `# lesson:`
/// line).
pub fn saved_record(text: &str) -> Option<Record> {
    text.lines()
        .rev()
        .find_map(|l| l.strip_prefix(SAVE_PREFIX))
        .and_then(|json| serde_json::from_str(json).ok())
}

/// Opens a saved, shared or imported lab with the lesson it carries: the
/// lab is replayed (a challenge's hidden setup kept off the consoles) and
/// the lesson's progress restored. A lesson that cannot be found is left
/// out; the lab still opens.
pub fn open(text: &str) -> Result<(Engine, Option<Active>), String> {
    begin(text)?.finish()
}

/// A lab being opened with the lesson it carries ([`open`], resumable): the
/// page steps its [`Replaying`] job across frames and finishes it when the
/// replay is done.
pub struct Opening {
    pub job: Replaying,
    active: Option<Active>,
}

/// Starts opening `text` (parsed and checked; nothing replayed yet).
pub fn begin(text: &str) -> Result<Opening, String> {
    let list = all();
    let active = saved_record(text).and_then(|r| Active::from_record(&r, &list));
    let hidden = active.as_ref().map_or(0, |a| a.lesson.setup.len());
    let job = Replaying::start(text, hidden)?;
    // A record of a lesson for another lab is left out, and nothing hidden.
    Ok(match active {
        Some(a) if a.lesson.template != job.template() => Opening {
            job: job.without_hiding(),
            active: None,
        },
        active => Opening { job, active },
    })
}

impl Opening {
    /// Work done and work in all.
    pub fn progress(&self) -> (u64, u64) {
        self.job.progress()
    }

    /// Replays what is left at once, then restores the lesson.
    pub fn finish(mut self) -> Result<(Engine, Option<Active>), String> {
        while !self.job.step(f64::INFINITY, || 0.0)? {}
        Ok(self.done())
    }

    /// The lab and its lesson, once a step said the replay is done.
    pub fn done(self) -> (Engine, Option<Active>) {
        let mut e = self.job.into_engine();
        if let Some(a) = &self.active {
            let line = a.save_line(&e);
            e.set_attachment(line);
        }
        (e, self.active)
    }
}
