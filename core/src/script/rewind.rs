//! Time travel over a journal.
//!
//! A lab is its journal replayed (the replay is deterministic), so the lab
//! at an earlier moment is the journal cut at that moment and replayed, and
//! undoing the learner's last action is the journal without it. Times here
//! are measured from the start of the lab (the `lab` statement), as the
//! sum of the waits before a statement: every other statement takes no
//! virtual time.

use super::replay::only_looks;
use super::Stmt;
use crate::time::Duration;

/// When each statement of `journal` begins, from the start of the lab.
pub fn start_times(journal: &[Stmt]) -> Vec<Duration> {
    let mut t = Duration::ZERO;
    journal
        .iter()
        .map(|s| {
            let at = t;
            if let Stmt::Wait(d) = s {
                t = t + *d;
            }
            at
        })
        .collect()
}

/// How long the lab of `journal` has run (the sum of its waits).
pub fn length(journal: &[Stmt]) -> Duration {
    journal.iter().fold(Duration::ZERO, |t, s| match s {
        Stmt::Wait(d) => t + *d,
        _ => t,
    })
}

/// The journal up to `at`: every statement that began at or before it,
/// and the wait that crosses it cut short there.
pub fn until(journal: &[Stmt], at: Duration) -> Vec<Stmt> {
    let mut out = Vec::new();
    let mut t = Duration::ZERO;
    for s in journal {
        if t > at {
            break;
        }
        match s {
            Stmt::Wait(d) => {
                let left = Duration::from_micros(at.total_micros() - t.total_micros());
                if *d > left {
                    if left > Duration::ZERO {
                        out.push(Stmt::Wait(left));
                    }
                    break;
                }
                out.push(s.clone());
                t = t + *d;
            }
            other => out.push(other.clone()),
        }
    }
    out
}

/// Whether a journal statement acted on the lab (not a wait, and not a
/// console line that only looks or moves between modes).
pub fn acts(stmt: &Stmt) -> bool {
    !matches!(stmt, Stmt::Wait(_) | Stmt::Lab(_) | Stmt::Seed(_)) && !only_looks(stmt)
}

/// The journal without its last action and everything after it: the lab
/// just before the learner's last action, at the moment it happened.
/// `None` when no action follows the first `keep` statements.
pub fn undo(journal: &[Stmt], keep: usize) -> Option<Vec<Stmt>> {
    Some(journal[..last_action(journal, keep)?].to_vec())
}

/// The index of the last action after the first `keep` statements.
pub fn last_action(journal: &[Stmt], keep: usize) -> Option<usize> {
    journal
        .iter()
        .enumerate()
        .skip(keep)
        .rev()
        .find(|(_, s)| acts(s))
        .map(|(i, _)| i)
}

/// What makes the lab of a journal: its actions in order with the waits
/// between them merged, console lines that only look left out.
fn essence(journal: &[Stmt]) -> Vec<Stmt> {
    let mut out: Vec<Stmt> = Vec::new();
    for s in journal {
        match s {
            Stmt::Wait(d) => match out.last_mut() {
                Some(Stmt::Wait(w)) => *w = *w + *d,
                _ => out.push(s.clone()),
            },
            s if acts(s) || matches!(s, Stmt::Lab(_) | Stmt::Seed(_)) => out.push(s.clone()),
            _ => {}
        }
    }
    out
}

/// Whether the lab of `now` lies on the journal `ahead` (the lab as it
/// was before a rewind): `ahead` replayed as far as `now` has run takes
/// the same actions at the same moments. Looking around (`show`, mode
/// changes, help) and letting time pass keep a rewound lab on its branch;
/// any action starts a new one.
pub fn on_branch(now: &[Stmt], ahead: &[Stmt]) -> bool {
    let len = length(now);
    // Actions `ahead` took at the very moment `now` has reached are still
    // ahead of it.
    len <= length(ahead) && essence(&until(ahead, len)).starts_with(&essence(now))
}

/// Whether the lab of `now` lies on `ahead` and short of its end: there is
/// more of `ahead` to go forward to (later moments, or actions it took at
/// the moment `now` has reached, as after an undo).
pub fn behind(now: &[Stmt], ahead: &[Stmt]) -> bool {
    on_branch(now, ahead) && essence(now) != essence(ahead)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::parse;

    fn stmts(text: &str) -> Vec<Stmt> {
        parse(text).unwrap().into_iter().map(|l| l.stmt).collect()
    }

    fn text(j: &[Stmt]) -> String {
        j.iter().map(|s| format!("{s}\n")).collect()
    }

    const J: &str = "lab active-standby\nseed 7\nwait 30s\nprimary: show failover\nunplug primary Gi0/1\nwait 20s\npower off secondary\nwait 10s\n";

    #[test]
    fn a_journal_is_cut_at_a_moment() {
        let j = stmts(J);
        assert_eq!(length(&j), Duration::from_secs(60));
        assert_eq!(
            text(&until(&j, Duration::from_secs(10))),
            "lab active-standby\nseed 7\nwait 10s\n"
        );
        // Statements at the moment itself are in.
        assert_eq!(
            text(&until(&j, Duration::from_secs(30))),
            "lab active-standby\nseed 7\nwait 30s\nprimary: show failover\nunplug primary GigabitEthernet0/1\n"
        );
        assert_eq!(
            text(&until(&j, Duration::from_millis(45_500))),
            "lab active-standby\nseed 7\nwait 30s\nprimary: show failover\nunplug primary GigabitEthernet0/1\nwait 15500ms\n"
        );
        assert_eq!(until(&j, Duration::from_secs(600)), j);
        assert_eq!(
            text(&until(&j, Duration::ZERO)),
            "lab active-standby\nseed 7\n"
        );
    }

    #[test]
    fn undo_drops_the_last_action_and_what_followed() {
        let j = stmts(J);
        let once = undo(&j, 2).unwrap();
        assert_eq!(
            text(&once),
            "lab active-standby\nseed 7\nwait 30s\nprimary: show failover\nunplug primary GigabitEthernet0/1\nwait 20s\n"
        );
        // `show failover` only looks: the next undo removes the cable pull.
        let twice = undo(&once, 2).unwrap();
        assert_eq!(
            text(&twice),
            "lab active-standby\nseed 7\nwait 30s\nprimary: show failover\n"
        );
        assert_eq!(undo(&twice, 2), None);
        assert_eq!(undo(&j, 7), None);
    }

    #[test]
    fn looking_and_waiting_keep_a_rewound_lab_on_its_branch() {
        let ahead = stmts(J);
        let back = until(&ahead, Duration::from_secs(35));
        assert!(on_branch(&back, &ahead));
        let mut looked = back.clone();
        looked.push(Stmt::Type(
            crate::net::UnitId::Secondary,
            "show conn".into(),
        ));
        looked.push(Stmt::Wait(Duration::from_secs(10)));
        assert!(on_branch(&looked, &ahead));
        let mut acted = looked.clone();
        acted.push(Stmt::Type(
            crate::net::UnitId::Primary,
            "no failover".into(),
        ));
        assert!(!on_branch(&acted, &ahead));
        assert!(behind(&looked, &ahead));
        assert!(!behind(&ahead, &ahead));
        // An undo at the very moment of the action: still behind.
        let undone = undo(&ahead, 2).unwrap();
        assert!(behind(&undone, &ahead));
        // Letting time run past the end of the old journal leaves it too.
        let mut longer = ahead.clone();
        longer.push(Stmt::Wait(Duration::from_secs(1)));
        assert!(!on_branch(&longer, &ahead));
    }
}
