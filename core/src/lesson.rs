//! Lessons and troubleshooting challenges (`assets/lessons/*.lesson`), their
//! progress, and the checker that replays a solution script against them.
//!
//! A lesson is a starting lab and a list of steps. A step is one of:
//!
//! - **expect**: something to do, checked live against the lab with
//!   lab-script `expect` statements (and `expect event: TEXT`, which holds
//!   once the event timeline shows TEXT after the step began — for steps
//!   whose outcome no `show` command tells apart, such as a hold time that
//!   passed);
//! - **predict**: a multiple-choice question answered before the action it
//!   asks about (`choice TEXT` / `correct TEXT` lines); the answer is
//!   recorded, right or wrong;
//! - **explain**: text only; done when the learner has read it and goes on.
//!
//! Every step may carry a `hint`. A challenge is a lesson with a hidden
//! fault: `setup` statements (lab-script statements the learner does not
//! see) applied before it starts and a `fault` description of the symptom.
//!
//! The format, line by line (blank lines and other `#` lines are ignored):
//!
//! ```text
//! # Lesson: TITLE            (or # Challenge: TITLE)
//! # lab: active-standby      (blank, active-standby, active-active)
//! # fault: WHAT THE LEARNER IS TOLD   (challenges)
//! setup STATEMENT            (challenges: e.g. setup secondary: failover key x)
//! ## STEP TEXT
//! > MORE TEXT                (another paragraph of the step)
//! expect STATEMENT           (an expect step)
//! choice TEXT / correct TEXT (a predict step)
//! hint TEXT
//! after 30s                  (an expect step ticks no earlier than 30 s
//!                             after it began: "wait and see nothing happens")
//! ```
//!
//! A step with neither `expect` nor choices is an explain step.

use core::fmt;

use crate::labs::Template;
use crate::script::{self, Replay, Stmt};
use crate::time::{Duration, Instant};

/// A course lesson, or a troubleshooting challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonKind {
    Lesson,
    Challenge,
}

/// One check of an expect step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// A lab-script `expect` statement.
    Stmt(Stmt),
    /// The event timeline shows TEXT (a console message, syslog text or
    /// explanation) at or after the moment the step began.
    Event(String),
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Check::Stmt(s) => write!(f, "{s}"),
            Check::Event(t) => write!(f, "expect event: {t}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepKind {
    Expect(Vec<Check>),
    Predict {
        choices: Vec<String>,
        correct: usize,
    },
    Explain,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The step's first line.
    pub text: String,
    /// Further paragraphs (`> ` lines).
    pub more: Vec<String>,
    pub kind: StepKind,
    pub hint: Option<String>,
    /// An expect step ticks no earlier than this after it began.
    pub after: Option<Duration>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    pub kind: LessonKind,
    pub title: String,
    pub template: Template,
    /// Challenges: what the learner is told about the fault.
    pub fault: Option<String>,
    /// Challenges: the hidden statements that set up the fault, applied
    /// right after the lab starts.
    pub setup: Vec<Stmt>,
    pub steps: Vec<Step>,
}

/// A lesson file error, with its line number (0: the file as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    pub line: usize,
    pub msg: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "lesson: {}", self.msg)
        } else {
            write!(f, "lesson line {}: {}", self.line, self.msg)
        }
    }
}

/// Where a lab-script line of a lesson goes once parsed.
#[derive(Clone, Copy)]
enum Slot {
    Setup(usize),
    /// (step, check) of an expect statement.
    Check(usize, usize),
}

/// Parses a lesson's lab-script lines (`setup` and `expect` statements) as
/// one script of lesson `template` — unknown hosts and interfaces are
/// errors, as in a script — and returns each line's statement. `lines`:
/// (lesson line number, text).
fn statements(template: Template, lines: &[(usize, String)]) -> Result<Vec<Stmt>, LessonError> {
    let mut text = format!("lab {}\n", template.name());
    for (_, l) in lines {
        text.push_str(l);
        text.push('\n');
    }
    // Script line n (n >= 2) is the lesson's line lines[n - 2].
    let origin = |n: usize| {
        n.checked_sub(2)
            .and_then(|i| lines.get(i))
            .map_or(0, |l| l.0)
    };
    let parsed = script::parse(&text).map_err(|e| LessonError {
        line: origin(e.line),
        msg: e.msg,
    })?;
    let mut out: Vec<Option<Stmt>> = vec![None; lines.len()];
    for l in parsed.into_iter().skip(1) {
        if let Some(slot) = l.no.checked_sub(2).and_then(|i| out.get_mut(i)) {
            if matches!(l.stmt, Stmt::Lab(_) | Stmt::Seed(_)) {
                return Err(LessonError {
                    line: origin(l.no),
                    msg: "'lab' and 'seed' belong to '# lab:'".into(),
                });
            }
            *slot = Some(l.stmt);
        }
    }
    out.into_iter()
        .zip(lines)
        .map(|(s, (no, _))| {
            s.ok_or_else(|| LessonError {
                line: *no,
                msg: "expected one lab-script statement".into(),
            })
        })
        .collect()
}

struct Draft {
    text: String,
    more: Vec<String>,
    checks: Vec<Check>,
    choices: Vec<String>,
    correct: Option<usize>,
    hint: Option<String>,
    after: Option<Duration>,
    line: usize,
}

impl Draft {
    fn finish(self) -> Result<Step, LessonError> {
        let err = |msg: &str| LessonError {
            line: self.line,
            msg: msg.into(),
        };
        let kind = match (self.checks.is_empty(), self.choices.is_empty()) {
            (true, true) => StepKind::Explain,
            (false, true) => StepKind::Expect(self.checks),
            (true, false) => {
                if self.choices.len() < 2 {
                    return Err(err("a question needs at least two choices"));
                }
                let correct = self
                    .correct
                    .ok_or_else(|| err("a question needs one 'correct' choice"))?;
                StepKind::Predict {
                    choices: self.choices,
                    correct,
                }
            }
            (false, false) => return Err(err("a step is either a question or has expects")),
        };
        if self.after.is_some() && !matches!(kind, StepKind::Expect(_)) {
            return Err(err("'after' belongs to a step with expects"));
        }
        Ok(Step {
            text: self.text,
            more: self.more,
            kind,
            hint: self.hint,
            after: self.after,
        })
    }
}

/// Parses a lesson or challenge file. Nothing in it can panic: every
/// mistake is an error naming its line.
pub fn parse(text: &str) -> Result<Lesson, LessonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut kind = None;
    let mut title = None;
    let mut template: Option<Template> = None;
    let mut fault = None;
    let mut setup = Vec::new();
    let mut steps = Vec::new();
    let mut draft: Option<Draft> = None;
    // Lab-script lines, parsed together once the lab is known (one
    // starting lab built per lesson, not one per line).
    let mut pending: Vec<(usize, String, Slot)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        let line = raw.trim();
        let err = |msg: &str| LessonError {
            line: no,
            msg: msg.into(),
        };
        let need_lab = || template.ok_or_else(|| err("'# lab: NAME' must come before this line"));
        if let Some(t) = line.strip_prefix("# Lesson:") {
            kind = Some(LessonKind::Lesson);
            title = Some(t.trim().to_string());
        } else if let Some(t) = line.strip_prefix("# Challenge:") {
            kind = Some(LessonKind::Challenge);
            title = Some(t.trim().to_string());
        } else if let Some(l) = line.strip_prefix("# lab:") {
            template = Some(Template::parse(l.trim()).ok_or_else(|| {
                err("unknown lab (the labs are blank, active-standby, active-active)")
            })?);
        } else if let Some(f) = line.strip_prefix("# fault:") {
            fault = Some(f.trim().to_string());
        } else if let Some(s) = line.strip_prefix("## ") {
            if let Some(d) = draft.take() {
                steps.push(d.finish()?);
            }
            draft = Some(Draft {
                text: s.trim().to_string(),
                more: Vec::new(),
                checks: Vec::new(),
                choices: Vec::new(),
                correct: None,
                hint: None,
                after: None,
                line: no,
            });
        } else if let Some(s) = line.strip_prefix("setup ") {
            if draft.is_some() {
                return Err(err("'setup' lines come before the first step"));
            }
            need_lab()?;
            pending.push((no, s.trim().to_string(), Slot::Setup(setup.len())));
            setup.push(Stmt::Pause);
        } else if line.is_empty() || line.starts_with('#') {
            continue;
        } else {
            let d = draft
                .as_mut()
                .ok_or_else(|| err("expected '# Lesson:', '# lab:', 'setup' or '## STEP'"))?;
            if let Some(t) = line.strip_prefix("expect event:") {
                if t.trim().is_empty() {
                    return Err(err("'expect event:' needs the text to wait for"));
                }
                d.checks.push(Check::Event(t.trim().to_string()));
            } else if line.starts_with("expect ") {
                need_lab()?;
                pending.push((
                    no,
                    line.to_string(),
                    Slot::Check(steps.len(), d.checks.len()),
                ));
                d.checks.push(Check::Stmt(Stmt::Pause));
            } else if let Some(c) = line.strip_prefix("choice ") {
                d.choices.push(c.trim().to_string());
            } else if let Some(c) = line.strip_prefix("correct ") {
                if d.correct.is_some() {
                    return Err(err("a question has one 'correct' choice"));
                }
                d.correct = Some(d.choices.len());
                d.choices.push(c.trim().to_string());
            } else if let Some(a) = line.strip_prefix("after ") {
                let dur = Duration::parse(a)
                    .ok_or_else(|| err("'after' needs a duration such as 30s"))?;
                d.after = Some(dur);
            } else if let Some(h) = line.strip_prefix("hint ") {
                d.hint = Some(h.trim().to_string());
            } else if let Some(m) = line.strip_prefix('>') {
                d.more.push(m.trim().to_string());
            } else {
                return Err(err(
                    "expected 'expect', 'choice', 'correct', 'hint', '> TEXT' or '## STEP'",
                ));
            }
        }
    }
    if let Some(d) = draft.take() {
        steps.push(d.finish()?);
    }
    let whole = |msg: &str| LessonError {
        line: 0,
        msg: msg.into(),
    };
    let kind =
        kind.ok_or_else(|| whole("a lesson needs '# Lesson: TITLE' or '# Challenge: TITLE'"))?;
    if kind == LessonKind::Challenge && fault.is_none() {
        return Err(whole(
            "a challenge needs '# fault: WHAT THE LEARNER IS TOLD'",
        ));
    }
    if steps.is_empty() {
        return Err(whole("a lesson needs at least one '## STEP'"));
    }
    if let Some(t) = template {
        let lines: Vec<(usize, String)> = pending.iter().map(|(n, l, _)| (*n, l.clone())).collect();
        for (stmt, (_, _, slot)) in statements(t, &lines)?.into_iter().zip(&pending) {
            match *slot {
                Slot::Setup(i) => setup[i] = stmt,
                Slot::Check(k, c) => {
                    if let Some(StepKind::Expect(checks)) = steps.get_mut(k).map(|s| &mut s.kind) {
                        checks[c] = Check::Stmt(stmt);
                    }
                }
            }
        }
    }
    Ok(Lesson {
        kind,
        title: title.unwrap_or_default(),
        template: template.ok_or_else(|| whole("a lesson needs '# lab: NAME'"))?,
        fault,
        setup,
        steps,
    })
}

/// Whether one check holds on the replay's lab now; `since` is when the
/// step began (for `expect event:`). `Err` says what the lab shows instead.
pub fn check(replay: &mut Replay, c: &Check, since: Instant) -> Result<(), String> {
    match c {
        Check::Stmt(s @ Stmt::Expect { unit, line, text }) => replay.check(s).map_err(|why| {
            // For the learner: the output lines that say the same thing
            // the check waits for (`This host: ...` for `This host:
            // Primary - Active`), rather than the first lines.
            let key: String = match text.find(':') {
                Some(i) => text[..=i].to_string(),
                None => text
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            let out = replay.capture(*unit, line);
            let near: Vec<&str> = out
                .iter()
                .map(|l| l.trim())
                .filter(|l| !key.is_empty() && l.contains(key.as_str()))
                .take(3)
                .collect();
            if near.is_empty() {
                why
            } else {
                format!(
                    "{unit}: '{line}' shows '{}' (the step waits for '{text}')",
                    near.join(" | ")
                )
            }
        }),
        Check::Stmt(s) => replay.check(s),
        Check::Event(text) => {
            let lab = replay.lab();
            let seen = lab.events().iter().filter(|e| e.at >= since).any(|e| {
                e.console_lines().iter().any(|l| l.contains(text.as_str()))
                    || e.syslog().is_some_and(|s| s.contains(text.as_str()))
                    || e.explain().contains(text.as_str())
            });
            if seen {
                Ok(())
            } else {
                Err(format!(
                    "no event '{text}' yet since the step began at {since}"
                ))
            }
        }
    }
}

/// How far a learner is in one lesson. Steps are done in order; a step once
/// done stays done.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Per step: done.
    pub done: Vec<bool>,
    /// Per step: the choice the learner picked (predict steps).
    pub answers: Vec<Option<usize>>,
    /// Virtual time when the current step began (microseconds).
    pub since_us: u64,
    /// The replay's action count when the current step began.
    pub since_actions: usize,
    /// Per question: answered only after the learner had already acted
    /// (the lab changed while the question was waiting).
    pub late: Vec<bool>,
    /// Virtual time when the lesson began and, once complete, ended
    /// (microseconds).
    pub started_us: u64,
    pub finished_us: Option<u64>,
}

/// What [`Progress::answer`] refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerError {
    NotCurrent,
    NotAQuestion,
    NoSuchChoice,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AnswerError::NotCurrent => "that question is not the current step",
            AnswerError::NotAQuestion => "that step is not a question",
            AnswerError::NoSuchChoice => "no such choice",
        })
    }
}

impl Progress {
    /// A lesson just started at virtual time `now`: no step done.
    pub fn start(lesson: &Lesson, replay: &Replay) -> Progress {
        let now = replay.lab().now();
        Progress {
            done: vec![false; lesson.steps.len()],
            answers: vec![None; lesson.steps.len()],
            late: vec![false; lesson.steps.len()],
            since_actions: replay.actions(),
            since_us: now.total_micros(),
            started_us: now.total_micros(),
            finished_us: None,
        }
    }

    /// The step to do now (`None`: the lesson is complete).
    pub fn current(&self) -> Option<usize> {
        self.done.iter().position(|d| !d)
    }

    pub fn complete(&self) -> bool {
        !self.done.is_empty() && self.current().is_none()
    }

    /// When the current step began.
    pub fn since(&self) -> Instant {
        Instant::from_micros(self.since_us)
    }

    fn tick(&mut self, k: usize, replay: &Replay) {
        let now = replay.lab().now();
        self.done[k] = true;
        self.since_us = now.total_micros();
        self.since_actions = replay.actions();
        if self.current().is_none() {
            self.finished_us = Some(now.total_micros());
        }
    }

    /// Checks the current step if it is an expect step and ticks it when
    /// every check holds. At most one step per call; returns whether one
    /// ticked. (Runs commands on the lab: call it after the lab changed,
    /// never while drawing.)
    pub fn advance(&mut self, lesson: &Lesson, replay: &mut Replay) -> bool {
        self.fit(lesson);
        let Some(k) = self.current() else {
            return false;
        };
        let StepKind::Expect(checks) = &lesson.steps[k].kind else {
            return false;
        };
        let since = self.since();
        let waited = replay.lab().now().saturating_since(since);
        if lesson.steps[k].after.is_some_and(|a| waited < a) {
            return false;
        }
        if checks.iter().all(|c| check(replay, c, since).is_ok()) {
            self.tick(k, replay);
            return true;
        }
        false
    }

    /// The learner read the current explain step and goes on.
    pub fn read(&mut self, lesson: &Lesson, k: usize, replay: &Replay) -> bool {
        self.fit(lesson);
        if self.current() == Some(k) && lesson.steps[k].kind == StepKind::Explain {
            self.tick(k, replay);
            return true;
        }
        false
    }

    /// The learner answers the current question with `choice`; returns
    /// whether the answer was the correct one. Only the current step can be
    /// answered: a question comes before the action it asks about (an
    /// answer given after the lab changed is recorded as late).
    pub fn answer(
        &mut self,
        lesson: &Lesson,
        k: usize,
        choice: usize,
        replay: &Replay,
    ) -> Result<bool, AnswerError> {
        self.fit(lesson);
        if self.current() != Some(k) {
            return Err(AnswerError::NotCurrent);
        }
        let StepKind::Predict { choices, correct } = &lesson.steps[k].kind else {
            return Err(AnswerError::NotAQuestion);
        };
        if choice >= choices.len() {
            return Err(AnswerError::NoSuchChoice);
        }
        self.answers[k] = Some(choice);
        self.late[k] = replay.actions() > self.since_actions;
        self.tick(k, replay);
        Ok(choice == *correct)
    }

    /// "Why not yet" for the current step: each check with what the lab
    /// shows now (`Ok`: that check holds already).
    pub fn why_not(
        &self,
        lesson: &Lesson,
        replay: &mut Replay,
    ) -> Vec<(String, Result<(), String>)> {
        let Some(k) = self.current() else {
            return Vec::new();
        };
        let Some(StepKind::Expect(checks)) = lesson.steps.get(k).map(|s| &s.kind) else {
            return Vec::new();
        };
        let since = self.since();
        let mut v: Vec<(String, Result<(), String>)> = checks
            .iter()
            .map(|c| (c.to_string(), check(replay, c, since)))
            .collect();
        if let Some(a) = lesson.steps[k].after {
            let waited = replay.lab().now().saturating_since(since);
            let held = if waited >= a {
                Ok(())
            } else {
                Err(format!("{}s of {}s so far", waited.secs(), a.secs()))
            };
            v.push((format!("after {}s", a.secs()), held));
        }
        v
    }

    /// Keeps the vectors the lesson's length (a progress restored from a
    /// save of an edited lesson).
    fn fit(&mut self, lesson: &Lesson) {
        self.done.resize(lesson.steps.len(), false);
        self.answers.resize(lesson.steps.len(), None);
        self.late.resize(lesson.steps.len(), false);
    }
}

/// What replaying a solution against its lesson showed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SolutionRun {
    /// One line per step, in order: `step 3 done @ 00:01:15.000 (expect)`.
    pub log: Vec<String>,
    /// Everything that went wrong (empty: the solution completes the
    /// lesson and every marker held).
    pub problems: Vec<String>,
}

/// A marker in a solution script: a `#>` comment line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Marker {
    /// `#> done N`: step N (1-based) is done here.
    Done(usize),
    /// `#> not-done N`: step N is not done yet here.
    NotDone(usize),
    /// `#> answer N K`: the learner answers question N with choice K.
    Answer(usize, usize),
}

fn markers(text: &str) -> Result<Vec<(usize, Marker)>, String> {
    let mut v = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let Some(m) = raw.trim().strip_prefix("#>") else {
            continue;
        };
        let w: Vec<&str> = m.split_whitespace().collect();
        let num = |s: &str| {
            s.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("solution line {}: bad marker '{}'", i + 1, raw.trim()))
        };
        let mk = match w.as_slice() {
            // `#> fix` .. `#> end fix`: where a challenge's fix is (the
            // tests replay the solution without it).
            ["fix"] | ["end", "fix"] => continue,
            ["done", n] => Marker::Done(num(n)?),
            ["not-done", n] => Marker::NotDone(num(n)?),
            ["answer", n, k] => Marker::Answer(num(n)?, num(k)?),
            _ => {
                return Err(format!(
                    "solution line {}: bad marker '{}'",
                    i + 1,
                    raw.trim()
                ))
            }
        };
        v.push((i + 1, mk));
    }
    Ok(v)
}

/// Replays a solution script as a learner following `lesson` would: after
/// every statement (and every virtual second of a wait) the current step is
/// checked, explain steps are read at once, and questions are answered
/// where the script's `#> answer N K` markers say. `#> done N` and
/// `#> not-done N` markers assert where a step must (not yet) have ticked,
/// so a step that ticks before its event is caught. A challenge's solution
/// must begin with its `setup` statements.
pub fn replay_solution(lesson: &Lesson, solution: &str) -> SolutionRun {
    let mut run = SolutionRun::default();
    let lines = match script::parse(solution) {
        Ok(l) => l,
        Err(e) => {
            run.problems.push(format!("solution {e}"));
            return run;
        }
    };
    let marks = match markers(solution) {
        Ok(m) => m,
        Err(e) => {
            run.problems.push(e);
            return run;
        }
    };
    let (mut replay, rest) = match Replay::start(&lines) {
        Ok(x) => x,
        Err(e) => {
            run.problems.push(format!("solution {e}"));
            return run;
        }
    };
    if replay.template() != lesson.template {
        run.problems.push(format!(
            "the solution starts lab {} but the lesson is for {}",
            replay.template().name(),
            lesson.template.name()
        ));
        return run;
    }
    let starts_with_setup = rest.len() >= lesson.setup.len()
        && rest.iter().zip(&lesson.setup).all(|(l, s)| &l.stmt == s);
    if !starts_with_setup {
        run.problems
            .push("the solution must begin with the challenge's setup statements".into());
        return run;
    }
    let (setup, rest) = rest.split_at(lesson.setup.len());
    for l in setup {
        if let Err(e) = replay.apply(&l.stmt) {
            run.problems.push(format!("setup line {}: {e}", l.no));
            return run;
        }
    }
    let mut p = Progress::start(lesson, &replay);
    let settle = |p: &mut Progress, replay: &mut Replay, log: &mut Vec<String>| loop {
        let before = p.current();
        let Some(k) = before else { break };
        let ticked = match lesson.steps[k].kind {
            StepKind::Explain => p.read(lesson, k, replay),
            StepKind::Expect(_) => p.advance(lesson, replay),
            StepKind::Predict { .. } => false,
        };
        if !ticked {
            break;
        }
        let what = match lesson.steps[k].kind {
            StepKind::Explain => "read",
            StepKind::Expect(_) => "checked",
            StepKind::Predict { .. } => "answered",
        };
        log.push(format!("step {} {what} @ {}", k + 1, replay.lab().now()));
    };
    let mut marks = marks.into_iter().peekable();
    settle(&mut p, &mut replay, &mut run.log);
    let apply_marks = |upto: usize,
                       marks: &mut core::iter::Peekable<std::vec::IntoIter<(usize, Marker)>>,
                       p: &mut Progress,
                       replay: &mut Replay,
                       run: &mut SolutionRun| {
        while let Some((no, m)) = marks.next_if(|(no, _)| *no < upto) {
            match m {
                Marker::Done(n) if !p.done.get(n - 1).copied().unwrap_or(false) => {
                    let why = p
                        .why_not(lesson, replay)
                        .into_iter()
                        .filter_map(|(c, r)| r.err().map(|e| format!("{c}: {e}")))
                        .collect::<Vec<_>>()
                        .join("; ");
                    run.problems.push(format!(
                        "solution line {no}: step {n} is not done (current step {:?}; {why})",
                        p.current().map(|k| k + 1)
                    ));
                }
                Marker::NotDone(n) if p.done.get(n - 1).copied().unwrap_or(true) => {
                    run.problems.push(format!(
                        "solution line {no}: step {n} ticked before its event"
                    ));
                }
                Marker::Answer(n, k) => {
                    match p.answer(lesson, n - 1, k - 1, replay) {
                        Ok(_) if p.late.get(n - 1).copied().unwrap_or(false) => run.problems.push(
                            format!("solution line {no}: question {n} answered after acting"),
                        ),
                        Ok(_) => run
                            .log
                            .push(format!("step {n} answered {k} @ {}", replay.lab().now())),
                        Err(e) => run
                            .problems
                            .push(format!("solution line {no}: answer {n} {k}: {e}")),
                    }
                    settle(p, replay, &mut run.log);
                }
                _ => {}
            }
        }
    };
    for l in rest {
        apply_marks(l.no, &mut marks, &mut p, &mut replay, &mut run);
        let result = match &l.stmt {
            Stmt::Wait(d) => {
                // A learner's page checks the step as time passes.
                let mut left = d.total_micros();
                let mut r = Ok(());
                while left > 0 && r.is_ok() {
                    let step = left.min(1_000_000);
                    r = replay
                        .apply(&Stmt::Wait(Duration::from_micros(step)))
                        .map(|_| ());
                    left -= step;
                    settle(&mut p, &mut replay, &mut run.log);
                }
                r
            }
            other => replay.apply(other).map(|_| ()),
        };
        if let Err(e) = result {
            run.problems.push(format!("solution line {}: {e}", l.no));
            return run;
        }
        settle(&mut p, &mut replay, &mut run.log);
    }
    apply_marks(usize::MAX, &mut marks, &mut p, &mut replay, &mut run);
    if let Some(k) = p.current() {
        let why = p
            .why_not(lesson, &mut replay)
            .into_iter()
            .filter_map(|(c, r)| r.err().map(|e| format!("{c}: {e}")))
            .collect::<Vec<_>>()
            .join("; ");
        run.problems.push(format!(
            "the solution ends with step {} not done: {}{}",
            k + 1,
            lesson.steps[k].text,
            if why.is_empty() {
                String::new()
            } else {
                format!(" ({why})")
            }
        ));
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "# Lesson: Small
# lab: active-standby
## Wait for the pair.
expect secondary: show failover => This host: Secondary - Standby Ready
hint Type show failover.
## Read this.
> A second paragraph.
## What happens when the failover link is pulled?
choice The secondary becomes active.
correct Nothing fails over.
## Pull it and wait for the hold time.
expect event: Failover LAN Failed
expect primary: show failover => This host: Primary - Active
";

    #[test]
    fn the_format_parses_every_step_kind() {
        let l = parse(SMALL).unwrap();
        assert_eq!(l.kind, LessonKind::Lesson);
        assert_eq!(l.steps.len(), 4);
        assert!(matches!(l.steps[0].kind, StepKind::Expect(ref c) if c.len() == 1));
        assert_eq!(l.steps[0].hint.as_deref(), Some("Type show failover."));
        assert_eq!(l.steps[1].kind, StepKind::Explain);
        assert_eq!(l.steps[1].more, ["A second paragraph."]);
        assert_eq!(
            l.steps[2].kind,
            StepKind::Predict {
                choices: vec![
                    "The secondary becomes active.".into(),
                    "Nothing fails over.".into()
                ],
                correct: 1
            }
        );
        assert_eq!(
            l.steps[3].kind,
            StepKind::Expect(vec![
                Check::Event("Failover LAN Failed".into()),
                Check::Stmt(Stmt::Expect {
                    unit: crate::net::UnitId::Primary,
                    line: "show failover".into(),
                    text: "This host: Primary - Active".into()
                })
            ])
        );
    }

    #[test]
    fn mistakes_name_their_line_and_never_panic() {
        let cases = [
            ("# Lesson: x\n## s\nexpect primary: show failover => A\n", 3),
            ("# Lesson: x\n# lab: nowhere\n", 2),
            ("# Lesson: x\n# lab: blank\nhello\n", 3),
            (
                "# Lesson: x\n# lab: blank\n## s\nexpect sessions tcp alive many\n",
                4,
            ),
            ("# Lesson: x\n# lab: blank\n## q\nchoice a\nchoice b\n", 3),
            ("# Lesson: x\n# lab: blank\n## q\ncorrect a\n", 3),
            ("# Lesson: x\n# lab: blank\n## s\nexpect event:\n", 4),
            ("# Lesson: x\n# lab: blank\n## s\nsetup wait 1s\n", 4),
            (
                "# Lesson: x\n# lab: blank\n## s\nexpect traffic tcp 1 a b\n",
                4,
            ),
        ];
        for (text, line) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text}: {e}");
        }
        assert_eq!(parse("").unwrap_err().line, 0);
        assert_eq!(
            parse("# Challenge: x\n# lab: blank\n## s\n")
                .unwrap_err()
                .line,
            0
        );
        for junk in ["\u{0}", "##", "## ", "# lab:", ">", "choice", "\u{feff}#"] {
            let _ = parse(junk);
        }
    }

    /// Random lesson files built from the format's own words never panic.
    #[test]
    fn random_lesson_files_never_panic() {
        let words = [
            "# Lesson: t",
            "# Challenge: c",
            "# lab: blank",
            "# lab: active-active",
            "# lab: nowhere",
            "# fault: f",
            "## step",
            "## ",
            "expect event: x",
            "expect event:",
            "expect sessions tcp alive 1",
            "expect primary: show failover => A",
            "choice a",
            "correct b",
            "correct",
            "hint h",
            "after 5s",
            "after soon",
            "> more",
            "setup wait 1s",
            "setup primary: hostname X",
            "setup unplug primary Gi0/9",
            "junk",
            "",
            "\u{0}",
            "expect ",
            "##",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(x % 9) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                text.push_str(words[(x % words.len() as u64) as usize]);
                text.push('\n');
            }
            x = x.wrapping_add(1);
            if let Ok(l) = parse(&text) {
                let _ = replay_solution(&l, "lab blank\nwait 1s\n#> answer 1 1\n#> done 1\n");
            }
        }
    }

    #[test]
    fn a_solution_that_acts_before_the_hold_time_is_caught() {
        let l = parse(SMALL).unwrap();
        let good = "lab active-standby
wait 60s
#> done 1
#> answer 3 2
unplug primary Gi0/3
wait 5s
#> not-done 4
wait 15s
#> done 4
";
        let run = replay_solution(&l, good);
        assert!(run.problems.is_empty(), "{run:?}");
        assert_eq!(run.log.len(), 4, "{run:?}");
        // A marker that the step ticked too early fails.
        let early = good.replace("#> not-done 4", "#> done 4");
        let run = replay_solution(&l, &early);
        assert_eq!(run.problems.len(), 1, "{run:?}");
        assert!(run.problems[0].contains("step 4 is not done"), "{run:?}");
        // Answering the question before its turn is refused.
        let eager = "lab active-standby\n#> answer 3 1\nwait 60s\n";
        let run = replay_solution(&l, eager);
        let late = "lab active-standby\nwait 60s\nunplug primary Gi0/3\n#> answer 3 2\nwait 20s\n";
        let late_run = replay_solution(&l, late);
        assert!(
            late_run
                .problems
                .iter()
                .any(|p| p.contains("question 3 answered after acting")),
            "{late_run:?}"
        );
        assert!(
            run.problems
                .iter()
                .any(|p| p.contains("not the current step")),
            "{run:?}"
        );
        assert!(
            run.problems.iter().any(|p| p.contains("ends with step 3")),
            "{run:?}"
        );
    }

    #[test]
    fn progress_moves_one_step_at_a_time_and_says_why_not() {
        let l = parse(SMALL).unwrap();
        let mut r = Replay::new(Template::ActiveStandby, None).unwrap();
        let mut p = Progress::start(&l, &r);
        assert!(!p.advance(&l, &mut r), "not before the pair is up");
        let why = p.why_not(&l, &mut r);
        assert_eq!(why.len(), 1);
        // The learner is shown the line that matters, not the first ones.
        let said = why[0].1.as_ref().unwrap_err();
        assert!(
            said.starts_with("secondary: 'show failover' shows 'This host: Secondary - "),
            "{said}"
        );
        assert!(
            said.ends_with("(the step waits for 'This host: Secondary - Standby Ready')"),
            "{said}"
        );
        r.apply(&Stmt::Wait(Duration::from_secs(60))).unwrap();
        assert!(p.advance(&l, &mut r));
        assert_eq!(p.current(), Some(1));
        assert!(
            !p.advance(&l, &mut r),
            "an explain step waits for the reader"
        );
        assert!(!p.read(&l, 2, &r), "only the current step");
        assert!(p.read(&l, 1, &r));
        assert_eq!(p.answer(&l, 2, 5, &r), Err(AnswerError::NoSuchChoice));
        assert_eq!(p.answer(&l, 2, 0, &r), Ok(false));
        assert_eq!(p.answers[2], Some(0), "a wrong answer is recorded too");
        assert!(!p.late[2], "answered before acting");
        assert!(!p.complete());
    }
}
