//! The one replayer of lab-script statements.
//!
//! A [`Replay`] owns the [`Lab`] built from a script's `lab` and optional
//! `seed` statements and carries out statements one at a time. Everything
//! that drives a lab goes through it: the runner ([`run`]), and in the
//! browser both a restored, shared or imported lab and the learner's own
//! actions (typing, cables, power, traffic, time passing). So a script means
//! the same wherever it is replayed, and the replay's journal (the
//! statements that changed the lab) is the script that rebuilds it.

use super::{Line, ScriptError, Stmt, MAX_WAIT};
use crate::commands::Console;
use crate::lab::{Lab, LabConfig};
use crate::labs::{self, Template};
use crate::net::UnitId;
use crate::time::Duration;

/// What a statement found, besides the console output it caused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// An action or a wait: the lab moved on.
    Acted,
    /// `sessions`: the session summary lines.
    Sessions(Vec<String>),
    /// An `expect`: whether it held; `Err` says what was found instead.
    Checked(Result<(), String>),
    /// `note`: the caption.
    Note(String),
    /// `pause`: a demo stops here.
    Pause,
    /// `why`: the explanation lines.
    Why(Vec<String>),
}

/// What a caller wants to see while a `wait` passes.
pub trait Hooks {
    /// How often [`tick`](Hooks::tick) is called while virtual time passes
    /// (`None`: never).
    fn tick_every(&self) -> Option<Duration> {
        None
    }
    /// Called after each `tick_every` of virtual time inside a wait (not at
    /// its end: the caller sees the lab then anyway).
    fn tick(&mut self, _lab: &Lab) {}
}

/// No hooks.
impl Hooks for () {}

/// A lab and the statements that brought it where it is.
pub struct Replay {
    lab: Lab,
    template: Template,
    /// The statements that changed the lab, starting with `lab` (and `seed`).
    journal: Vec<Stmt>,
    /// Statements other than waits that changed the lab so far.
    actions: usize,
    /// Virtual time passed since the last journaled statement.
    pending_wait: Duration,
}

impl Replay {
    /// A starting lab at virtual time 0; `seed` as a `seed N` statement
    /// gives it (`None`: the default seed, and no `seed` in the journal).
    pub fn new(template: Template, seed: Option<u64>) -> Result<Replay, String> {
        let mut cfg = LabConfig::default();
        if let Some(s) = seed {
            cfg.seed = s;
        }
        let lab = labs::build(template, cfg)?;
        let mut journal = vec![Stmt::Lab(template)];
        journal.extend(seed.map(Stmt::Seed));
        Ok(Replay {
            lab,
            template,
            journal,
            pending_wait: Duration::ZERO,
            actions: 0,
        })
    }

    /// Starts the lab a parsed script names (its `lab` and optional `seed`
    /// statements); returns the statements still to apply.
    pub fn start(lines: &[Line]) -> Result<(Replay, &[Line]), ScriptError> {
        let Some((first, rest)) = lines.split_first() else {
            return Err(ScriptError {
                line: 0,
                msg: "the script is empty: it must start with 'lab NAME'".into(),
            });
        };
        let Stmt::Lab(template) = first.stmt else {
            return Err(ScriptError {
                line: first.no,
                msg: "the script must start with 'lab NAME'".into(),
            });
        };
        let (seed, rest) = match rest.split_first() {
            Some((
                Line {
                    stmt: Stmt::Seed(s),
                    ..
                },
                after,
            )) => (Some(*s), after),
            _ => (None, rest),
        };
        let replay = Replay::new(template, seed).map_err(|msg| ScriptError {
            line: first.no,
            msg,
        })?;
        Ok((replay, rest))
    }

    pub fn lab(&self) -> &Lab {
        &self.lab
    }

    pub fn template(&self) -> Template {
        self.template
    }

    /// The seed the lab was started with, when a `seed` statement gave it.
    pub fn seed(&self) -> Option<u64> {
        self.journal.iter().find_map(|s| match s {
            Stmt::Seed(n) => Some(*n),
            _ => None,
        })
    }

    /// Both consoles' lines printed since the last call, in order.
    pub fn take_output(&mut self) -> Vec<(UnitId, String)> {
        self.lab.take_output()
    }

    /// Carries out one statement.
    pub fn apply(&mut self, stmt: &Stmt) -> Result<Effect, String> {
        self.apply_with(stmt, &mut ())
    }

    /// Carries out one statement, calling `hooks` while a `wait` passes.
    /// An error (a cable that does not exist, an unknown host) leaves the
    /// lab and the journal as they were.
    pub fn apply_with(&mut self, stmt: &Stmt, hooks: &mut dyn Hooks) -> Result<Effect, String> {
        let lab = &mut self.lab;
        let effect = match stmt {
            Stmt::Lab(_) => return Err("'lab' may appear only once, as the first statement".into()),
            Stmt::Seed(_) => return Err("'seed' must come right after 'lab'".into()),
            Stmt::Type(u, line) => {
                lab.type_line(*u, line);
                Effect::Acted
            }
            Stmt::Wait(d) => {
                match hooks.tick_every().filter(|e| *e > Duration::ZERO) {
                    Some(every) => {
                        let mut left = d.total_micros();
                        while left > 0 {
                            let step = left.min(every.total_micros());
                            lab.advance(Duration::from_micros(step));
                            left -= step;
                            if left > 0 {
                                hooks.tick(lab);
                            }
                        }
                    }
                    None => lab.advance(*d),
                }
                Effect::Acted
            }
            Stmt::Cable(u, p, plugged) => {
                lab.set_cable(*u, *p, *plugged)?;
                Effect::Acted
            }
            Stmt::Power(u, on) => {
                lab.set_power(*u, *on);
                Effect::Acted
            }
            Stmt::Traffic {
                kind,
                count,
                from,
                to,
            } => {
                let (f, t) = hosts(lab, from, to)?;
                lab.start_traffic(*kind, *count, f, t)?;
                Effect::Acted
            }
            Stmt::Load {
                kind,
                rate,
                from,
                to,
            } => {
                let (f, t) = hosts(lab, from, to)?;
                lab.set_load(*kind, *rate, f, t)?;
                Effect::Acted
            }
            Stmt::Asymmetric(on) => {
                if self.template != Template::ActiveActive {
                    return Err("'asymmetric' works only in the active-active lab".into());
                }
                lab.set_asymmetric(*on);
                Effect::Acted
            }
            Stmt::Sessions => Effect::Sessions(lab.session_summary()),
            Stmt::Note(text) => Effect::Note(text.clone()),
            Stmt::Pause => Effect::Pause,
            Stmt::Why(about) => Effect::Why(crate::why::explain(lab, *about)),
            Stmt::Expect { .. } | Stmt::ExpectSessions { .. } => Effect::Checked(check(lab, stmt)),
        };
        self.record(stmt);
        Ok(effect)
    }

    /// How many statements have acted on the lab: everything journaled but
    /// waits and console lines that only look or change mode (a lesson tells
    /// from it whether the learner acted before answering a question).
    pub fn actions(&self) -> usize {
        self.actions
    }

    /// A console line's output, run without echo and without journaling it
    /// (what a lesson check looks at).
    pub fn capture(&mut self, unit: UnitId, line: &str) -> Vec<String> {
        self.lab.run_capture(unit, line)
    }

    /// Whether an `expect` holds now, without journaling it (the lessons'
    /// checks). `Err` says what was found instead.
    pub fn check(&mut self, stmt: &Stmt) -> Result<(), String> {
        check(&mut self.lab, stmt)
    }

    /// Adds a statement that changed the lab to the journal. `sessions`,
    /// `expect sessions`, `why`, `note` and `pause` only look or narrate,
    /// so they are left out; consecutive waits are one (split at the longest
    /// wait a script may have).
    fn record(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Sessions
            | Stmt::ExpectSessions { .. }
            | Stmt::Why(_)
            | Stmt::Note(_)
            | Stmt::Pause => {}
            Stmt::Wait(d) => self.pending_wait = self.pending_wait + *d,
            other => {
                self.flush_wait();
                if !only_looks(other) {
                    self.actions += 1;
                }
                self.journal.push(other.clone());
            }
        }
        while self.pending_wait > MAX_WAIT {
            self.journal.push(Stmt::Wait(MAX_WAIT));
            self.pending_wait =
                Duration::from_micros(self.pending_wait.total_micros() - MAX_WAIT.total_micros());
        }
    }

    fn flush_wait(&mut self) {
        if self.pending_wait > Duration::ZERO {
            self.journal.push(Stmt::Wait(self.pending_wait));
            self.pending_wait = Duration::ZERO;
        }
    }

    /// The statements that rebuild this lab: `lab`, `seed` if given, then
    /// every action and wait so far.
    pub fn journal(&self) -> Vec<Stmt> {
        let mut j = self.journal.clone();
        if self.pending_wait > Duration::ZERO {
            j.push(Stmt::Wait(self.pending_wait));
        }
        j
    }

    /// The journal without the wait in progress (no copy).
    pub fn recorded(&self) -> &[Stmt] {
        &self.journal
    }

    /// The journal as script text, one canonical statement a line.
    pub fn script(&self) -> String {
        self.journal()
            .iter()
            .map(|s| format!("{s}\n"))
            .collect::<String>()
    }
}

/// A console line that only looks or moves between modes (`show ...`,
/// `end`, `exit`, `configure terminal`, `changeto ...`), abbreviations
/// included: it does not count as acting on the lab.
pub(super) fn only_looks(stmt: &Stmt) -> bool {
    let Stmt::Type(_, line) = stmt else {
        return false;
    };
    let first = line
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    first.is_empty()
        || line.trim_end().ends_with('?')
        || (first.len() >= 2
            && ["show", "end", "exit", "configure", "changeto", "enable"]
                .iter()
                .any(|w| w.starts_with(first.as_str())))
}

fn hosts(lab: &Lab, from: &str, to: &str) -> Result<(usize, usize), String> {
    let host = |name: &str| {
        lab.net()
            .host_by_name(name)
            .ok_or_else(|| format!("unknown host '{name}'"))
    };
    let (f, t) = (host(from)?, host(to)?);
    if f == t {
        return Err("FROM and TO must be different hosts".into());
    }
    Ok((f, t))
}

/// The result of running a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub transcript: String,
    pub failures: usize,
}

impl Outcome {
    /// The runner's exit status: 0 all expects held, 1 some failed.
    pub fn exit_code(&self) -> i32 {
        if self.failures == 0 {
            0
        } else {
            1
        }
    }
}

/// Runs a parsed script from its first statement (`asa-lab run`): the
/// transcript has every console line with its unit in front, a `--- STMT @
/// time` line for each statement that is not a console line, the session
/// summaries and a `FAIL line N:` line for each `expect` that did not hold.
/// Consoles do not page.
pub fn run(lines: &[Line]) -> Result<Outcome, ScriptError> {
    let (mut replay, rest) = Replay::start(lines)?;
    let mut t = String::new();
    let mut failures = 0;
    let flush = |replay: &mut Replay, t: &mut String| {
        for (u, l) in replay.take_output() {
            t.push_str(u.name());
            t.push_str("| ");
            t.push_str(&l);
            t.push('\n');
        }
    };
    let header = |replay: &Replay, t: &mut String, l: &Line| {
        t.push_str(&format!("--- {} @ {}\n", l.text, replay.lab().now()));
    };
    for l in &lines[..lines.len() - rest.len()] {
        flush(&mut replay, &mut t);
        header(&replay, &mut t, l);
    }
    for l in rest {
        flush(&mut replay, &mut t);
        // Console lines, notes and pauses print no header (a note prints
        // its caption; the runner ignores a pause).
        if !matches!(l.stmt, Stmt::Type(..) | Stmt::Note(_) | Stmt::Pause) {
            header(&replay, &mut t, l);
        }
        let effect = replay
            .apply(&l.stmt)
            .map_err(|msg| ScriptError { line: l.no, msg })?;
        match effect {
            Effect::Acted | Effect::Checked(Ok(())) | Effect::Pause => {}
            Effect::Sessions(summary) => {
                for line in summary {
                    t.push_str(&format!("sessions| {line}\n"));
                }
            }
            Effect::Note(text) => t.push_str(&format!("note| {text}\n")),
            Effect::Why(lines) => {
                for line in lines {
                    t.push_str(&format!("why| {line}\n"));
                }
            }
            Effect::Checked(Err(why)) => {
                failures += 1;
                t.push_str(&format!("FAIL line {}: {why}\n", l.no));
            }
        }
    }
    flush(&mut replay, &mut t);
    Ok(Outcome {
        transcript: t,
        failures,
    })
}

/// Parses and runs script text.
pub fn run_text(text: &str) -> Result<Outcome, ScriptError> {
    let lines = super::parse(text)?;
    run(&lines)
}

/// Runs a script as read from a file or standard input (`asa-lab run`):
/// bytes that are not UTF-8 are a script error, wherever they came from.
pub fn run_bytes(bytes: &[u8]) -> Result<Outcome, ScriptError> {
    run_text(super::decode(bytes)?)
}

/// Whether an `expect` statement holds on a lab now; `Err` says what was
/// found instead. Other statements hold trivially.
pub fn check(lab: &mut Lab, stmt: &Stmt) -> Result<(), String> {
    match stmt {
        Stmt::Expect { unit, line, text } => {
            let out = lab.run_capture(*unit, line);
            if out.join("\n").contains(text.as_str()) {
                return Ok(());
            }
            let found: Vec<&str> = out
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .take(4)
                .collect();
            let found = if found.is_empty() {
                "(no output)".to_string()
            } else {
                found.join(" | ")
            };
            Err(format!(
                "{unit}: '{line}' did not print '{text}'; found: {found}"
            ))
        }
        Stmt::ExpectSessions { kind, alive, n } => {
            let s = &lab.traffic().stats[kind.index()];
            let got = if *alive { s.alive } else { s.dropped_total() };
            if got == *n {
                return Ok(());
            }
            let what = if *alive { "alive" } else { "dropped" };
            let summary = lab
                .session_summary()
                .into_iter()
                .find(|l| l.starts_with(&format!("{kind} ")))
                .unwrap_or_else(|| format!("no {kind} sessions"));
            Err(format!(
                "expected {n} {kind} sessions {what}, found {got}: {summary}"
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use crate::net::Port;
    use crate::traffic::Kind;

    #[test]
    fn same_script_same_transcript() {
        let s = "lab active-standby\nwait 30s\nprimary: show failover | include host\nexpect secondary: show failover => Standby Ready\n";
        let a = run_text(s).unwrap();
        let b = run_text(s).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.failures, 0, "{}", a.transcript);
        assert!(a
            .transcript
            .contains("primary| ASA-PERIM# show failover | include host"));
        assert!(a.transcript.contains("This host: Primary - Active"));
    }

    const SEEDED: &str = "lab active-standby
seed 7
wait 60s
load tcp 200 inside-host outside-server
wait 5s
primary: no failover active
wait 5s
";

    fn summary_with(script: &str) -> Vec<String> {
        let lines = parse(script).unwrap();
        let (mut r, rest) = Replay::start(&lines).unwrap();
        for l in rest {
            r.apply(&l.stmt).unwrap();
        }
        r.lab().session_summary()
    }

    #[test]
    fn the_seed_is_honoured_and_journaled() {
        let lines = parse(SEEDED).unwrap();
        let (r, rest) = Replay::start(&lines).unwrap();
        assert_eq!(r.seed(), Some(7));
        assert_eq!(rest.len(), lines.len() - 2);
        assert_eq!(r.lab().config().seed, 7);
        assert!(r.script().starts_with("lab active-standby\nseed 7\n"));
        let seven = summary_with(SEEDED);
        assert_eq!(seven, summary_with(SEEDED), "same seed, same lab");
        let eight = summary_with(&SEEDED.replace("seed 7", "seed 8"));
        assert_ne!(seven, eight, "the seed changes the load's sessions");
    }

    #[test]
    fn the_journal_replays_to_the_same_lab() {
        let mut r = Replay::new(Template::ActiveStandby, Some(3)).unwrap();
        let acts = [
            Stmt::Wait(Duration::from_secs(30)),
            Stmt::Wait(Duration::from_millis(250)),
            Stmt::Type(UnitId::Primary, "show failover | include host".into()),
            Stmt::Cable(UnitId::Secondary, Port(2), false),
            Stmt::Traffic {
                kind: Kind::Tcp,
                count: 5,
                from: "inside-host".into(),
                to: "outside-server".into(),
            },
            Stmt::Sessions,
            Stmt::ExpectSessions {
                kind: Kind::Tcp,
                alive: true,
                n: 5,
            },
            Stmt::Wait(Duration::from_secs(2)),
        ];
        for a in &acts {
            r.apply(a).unwrap();
        }
        assert_eq!(
            r.script(),
            "lab active-standby\nseed 3\nwait 30250ms\nprimary: show failover | include host\n\
             unplug secondary GigabitEthernet0/2\ntraffic tcp 5 inside-host outside-server\nwait 2s\n"
        );
        let lines = parse(&r.script()).unwrap();
        let (mut back, rest) = Replay::start(&lines).unwrap();
        for l in rest {
            back.apply(&l.stmt).unwrap();
        }
        assert_eq!(back.script(), r.script());
        assert_eq!(back.lab().now(), r.lab().now());
        assert_eq!(back.lab().session_summary(), r.lab().session_summary());
    }

    #[test]
    fn refused_statements_leave_the_journal_alone() {
        let mut r = Replay::new(Template::ActiveStandby, None).unwrap();
        let before = r.script();
        assert_eq!(before, "lab active-standby\n");
        let bad = Stmt::Traffic {
            kind: Kind::Tcp,
            count: 1,
            from: "nowhere".into(),
            to: "outside-server".into(),
        };
        assert_eq!(r.apply(&bad).unwrap_err(), "unknown host 'nowhere'");
        assert!(r.apply(&Stmt::Asymmetric(true)).is_err());
        assert!(r.apply(&Stmt::Seed(4)).is_err());
        assert!(r.apply(&Stmt::Lab(Template::Blank)).is_err());
        assert_eq!(r.script(), before);
    }

    #[test]
    fn long_waits_are_journaled_as_waits_a_script_may_have() {
        let mut r = Replay::new(Template::Blank, None).unwrap();
        r.apply(&Stmt::Wait(MAX_WAIT)).unwrap();
        r.apply(&Stmt::Wait(Duration::from_secs(90))).unwrap();
        assert_eq!(r.script(), "lab blank\nwait 86400s\nwait 90s\n");
        assert!(parse(&r.script()).is_ok());
    }

    #[test]
    fn hooks_tick_inside_a_wait() {
        struct Count(Vec<u64>);
        impl Hooks for Count {
            fn tick_every(&self) -> Option<Duration> {
                Some(Duration::from_secs(1))
            }
            fn tick(&mut self, lab: &Lab) {
                self.0.push(lab.now().total_millis());
            }
        }
        let mut r = Replay::new(Template::Blank, None).unwrap();
        let mut c = Count(Vec::new());
        r.apply_with(&Stmt::Wait(Duration::from_millis(3500)), &mut c)
            .unwrap();
        assert_eq!(c.0, [1000, 2000, 3000]);
        assert_eq!(r.lab().now().total_millis(), 3500);
    }
}
