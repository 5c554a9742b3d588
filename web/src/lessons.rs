//! Lessons: steps for the learner, each checked live against the lab with
//! the lab-script `expect` statements. A step, once achieved, stays done.
//! How far the learner is, [`LessonProgress`], is a plain value: the page
//! advances it after the lab changed, never while drawing.

use asa_core::labs::Template;
use asa_core::script::{self, Stmt};

/// One step: what to do, and what must hold when it is done.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub text: String,
    pub checks: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub title: String,
    pub template: Template,
    pub steps: Vec<Step>,
}

/// The lessons shipped in `assets/lessons/`.
pub const SOURCES: [&str; 4] = [
    include_str!("../../assets/lessons/01-stateful-failover.lesson"),
    include_str!("../../assets/lessons/02-failover-link.lesson"),
    include_str!("../../assets/lessons/03-interface-policy.lesson"),
    include_str!("../../assets/lessons/04-active-active-asr.lesson"),
];

/// Parses a lesson: `# Lesson: TITLE`, `# lab: NAME`, then `## STEP` lines
/// each followed by `expect` statements.
pub fn parse(text: &str) -> Result<Lesson, String> {
    let mut title = None;
    let mut template = None;
    let mut steps: Vec<Step> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let err = |m: &str| format!("lesson line {}: {m}", i + 1);
        if let Some(t) = line.strip_prefix("# Lesson:") {
            title = Some(t.trim().to_string());
        } else if let Some(l) = line.strip_prefix("# lab:") {
            template = Some(Template::parse(l.trim()).ok_or_else(|| err("unknown lab"))?);
        } else if let Some(s) = line.strip_prefix("## ") {
            steps.push(Step {
                text: s.to_string(),
                checks: Vec::new(),
            });
        } else if line.starts_with("expect ") {
            let t = template.ok_or_else(|| err("'# lab:' must come before the steps"))?;
            let parsed =
                script::parse(&format!("lab {}\n{line}\n", t.name())).map_err(|e| err(&e.msg))?;
            let step = steps
                .last_mut()
                .ok_or_else(|| err("an expect before the first step"))?;
            step.checks.push(parsed[1].stmt.clone());
        } else if !line.is_empty() && !line.starts_with('#') {
            return Err(err("expected '## STEP' or 'expect ...'"));
        }
    }
    Ok(Lesson {
        title: title.ok_or("a lesson needs '# Lesson: TITLE'")?,
        template: template.ok_or("a lesson needs '# lab: NAME'")?,
        steps,
    })
}

/// Every shipped lesson (they are checked by the tests).
pub fn all() -> Vec<Lesson> {
    SOURCES.iter().filter_map(|s| parse(s).ok()).collect()
}

/// How far the learner is in a lesson: which lesson, and which steps are
/// done. Steps are achieved in order; a step once done stays done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonProgress {
    /// The lesson in progress (its index in [`all`]); `None`: no lesson.
    pub lesson: Option<usize>,
    /// Per step of the lesson: achieved.
    pub done: Vec<bool>,
}

impl LessonProgress {
    /// A lesson just started: no step done.
    pub fn start(index: usize, lesson: &Lesson) -> LessonProgress {
        LessonProgress {
            lesson: Some(index),
            done: vec![false; lesson.steps.len()],
        }
    }

    /// The step to do now: the first one not done (`None`: no lesson, or
    /// the lesson is complete).
    pub fn current(&self) -> Option<usize> {
        self.lesson?;
        self.done.iter().position(|d| !d)
    }

    /// The progress once the current step is checked against the lab:
    /// `holds` says whether a check holds now (it runs the check's command
    /// on the lab, so call this after the lab changed, not while drawing).
    /// One step at most is ticked per call.
    pub fn advance(&self, lesson: &Lesson, holds: impl FnMut(&Stmt) -> bool) -> LessonProgress {
        let mut next = self.clone();
        next.done.resize(lesson.steps.len(), false);
        if let Some(k) = next.current() {
            if lesson.steps[k].checks.iter().all(holds) {
                next.done[k] = true;
            }
        }
        next
    }

    /// Each step's text and whether it is done, for the lesson panel.
    pub fn steps(&self, lesson: &Lesson) -> Vec<(String, bool)> {
        lesson
            .steps
            .iter()
            .enumerate()
            .map(|(k, s)| (s.text.clone(), self.done.get(k).copied().unwrap_or(false)))
            .collect()
    }
}
