//! "Why?": the causes of the sessions dropped so far, in plain words, each
//! with the failover rule behind it and the event that set it off (read
//! from the event timeline). The `why` statement of a lab script prints
//! these lines.

use crate::event::{Event, EventKind};
use crate::failover::FoState;
use crate::lab::Lab;
use crate::traffic::{DropReason, Kind};

/// The rule behind a drop reason, in our words.
pub fn rule(r: DropReason) -> &'static str {
    match r {
        DropReason::NoReplicatedState => {
            "the unit that took over had never received their state (they were opened while no state reached the standby)"
        }
        DropReason::StaleState => {
            "the stateful link had failed, so the standby's copy of their state was out of date; such sessions are terminated at a failover"
        }
        DropReason::HttpNotReplicated => {
            "HTTP state is sent to the standby only with failover replication http (replication http in a failover group)"
        }
        DropReason::NoPath => {
            "no unit forwarded them for longer than the endpoints wait (nothing took over the path)"
        }
        DropReason::Denied => "the security policy does not permit them",
        DropReason::Cleared => "clear conn (or clear xlate) tore them down",
        DropReason::UpdateLost => {
            "their state updates were lost on a saturated stateful link, so the unit that took over never learned them"
        }
        DropReason::NoAsrGroup => {
            "their return traffic reached the other unit on an interface that is not in the same asr-group as the one they left by"
        }
        DropReason::AsrNoState => {
            "their return traffic reached the other unit, which had no replicated state to redirect it with"
        }
        DropReason::Terminated => "write standby rewrote the context they passed on the mate",
        DropReason::TableFull => "the lab's session table was full when they were opened",
    }
}

/// Whether the reason is a consequence of a failover (the last takeover is
/// named).
fn after_failover(r: DropReason) -> bool {
    matches!(
        r,
        DropReason::NoReplicatedState
            | DropReason::StaleState
            | DropReason::HttpNotReplicated
            | DropReason::UpdateLost
    )
}

fn last(lab: &Lab, f: impl Fn(&Event) -> bool) -> Option<&Event> {
    lab.events().iter().rev().find(|e| f(e))
}

/// The explanation lines: one per kind and reason of dropped sessions,
/// followed by the events behind them. `no sessions dropped` when none did.
pub fn explain_drops(lab: &Lab) -> Vec<String> {
    let mut out = Vec::new();
    let mut failover = false;
    let mut stale = false;
    for k in Kind::ALL {
        let s = &lab.traffic().stats[k.index()];
        for (r, n) in &s.dropped {
            if *n == 0 {
                continue;
            }
            out.push(format!("{n} {k} dropped: {r}: {}", rule(*r)));
            failover |= after_failover(*r);
            stale |= *r == DropReason::StaleState;
        }
    }
    if out.is_empty() {
        return vec!["no sessions dropped".into()];
    }
    if stale {
        if let Some(e) = last(lab, |e| {
            matches!(e.kind, EventKind::StatefulLink { ok: false, .. })
        }) {
            out.push(format!("at {}: {}", e.at, e.explain()));
        }
    }
    if failover {
        if let Some(e) = last(lab, |e| {
            matches!(
                e.kind,
                EventKind::State {
                    to: FoState::Active,
                    ..
                }
            )
        }) {
            if let Some(f) = last(lab, |f| {
                f.at <= e.at
                    && matches!(
                        f.kind,
                        EventKind::State {
                            to: FoState::Failed,
                            ..
                        }
                    )
            }) {
                out.push(format!("at {}: {} (what failed)", f.at, f.explain()));
            }
            out.push(format!("at {}: {} (the last takeover)", e.at, e.explain()));
        }
    }
    out
}
