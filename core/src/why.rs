//! "Why?": the causes of the sessions dropped so far, in plain words, each
//! with the failover rule behind it and the event that set it off (read
//! from the event timeline). The `why` statement of a lab script prints
//! these lines.

use crate::event::{Event, EventKind};
use crate::failover::{FoState, GroupId, Reason};
use crate::lab::Lab;
use crate::net::UnitId;
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

/// What a "Why?" is about (the `why` statement's argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhyAbout {
    /// The sessions dropped so far (`why`).
    Drops,
    /// A unit's or a failover group's state now (`why primary`, `why
    /// secondary group 2`).
    State(UnitId, GroupId),
    /// The takeover with this index, oldest first from 0 (`why takeover
    /// 1` is the first).
    Takeover(usize),
}

impl core::fmt::Display for WhyAbout {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            WhyAbout::Drops => f.write_str("why"),
            WhyAbout::State(u, g) if g.is_unit() => write!(f, "why {u}"),
            WhyAbout::State(u, g) => write!(f, "why {u} group {}", g.number()),
            WhyAbout::Takeover(n) => write!(f, "why takeover {}", n + 1),
        }
    }
}

/// The explanation lines for a "Why?".
pub fn explain(lab: &Lab, about: WhyAbout) -> Vec<String> {
    match about {
        WhyAbout::Drops => explain_drops(lab),
        WhyAbout::State(u, g) => explain_state(lab, u, g),
        WhyAbout::Takeover(n) => explain_takeover(lab, n),
    }
}

/// The failover rule behind a state change, by the reason `show failover
/// history` gives for it.
pub fn state_rule(r: Reason) -> &'static str {
    match r {
        Reason::HelloNotHeard => {
            "a unit that hears nothing from its mate (no hellos on the failover link, no answer on the monitored interfaces) for the unit hold time declares the mate failed; the standby then takes the active role"
        }
        Reason::InterfaceCheck => {
            "when more monitored interfaces have failed on the active unit (or group) than the interface policy allows, and the mate's interfaces are in better shape, the roles switch"
        }
        Reason::SetByConfigCommand => {
            "an administrator asked for it: failover active (or no failover active on the other unit), or failover reload-standby"
        }
        Reason::OtherUnitWantsMeActive => {
            "the mate gave up the active role (it failed, or was told to) and asked this unit to take it"
        }
        Reason::OtherUnitWantsMeStandby => {
            "the mate took the active role (a command on it, or preemption) and told this unit to stand by"
        }
        Reason::NoActiveUnitFound => {
            "a unit that finds no active mate when it starts failover (within the poll time) becomes active itself"
        }
        Reason::DetectedActiveMate => {
            "a unit that starts while its mate is already active becomes the standby and takes its configuration from the mate"
        }
        Reason::FailoverStateCheck => {
            "the normal progression: a new active unit settles (Just Active, Active Drain, Active Applying Config, Active Config Applied, Active); a new standby catches up (Cold Standby, Sync Config, Sync File System, Bulk Sync, Standby Ready)"
        }
        Reason::ConfigurationMismatch => {
            "the two units' failover configuration does not fit together, so they cannot form a pair"
        }
        Reason::FailoverDisabled => "failover was turned off (no failover) or is not configured",
        Reason::Preempted => {
            "a failover group with preempt returns to its preferred unit once that unit is available again (after the preempt delay)"
        }
        Reason::None => "no particular cause was recorded",
    }
}

/// Events that can set a state change off: a change of role (to or from
/// an active state, or to Failed), links, cables, power, hellos and the
/// stateful link. The settling steps between (Sync Config, Bulk Sync …)
/// are left out.
fn may_cause(e: &Event) -> bool {
    match &e.kind {
        EventKind::State { from, to, .. } => {
            *to == FoState::Failed || to.is_active() != from.is_active()
        }
        EventKind::Link { up, .. } => !up,
        EventKind::Monitor { to, .. } => to.health.is_failure(),
        EventKind::FailoverLink { .. }
        | EventKind::MateFailed { .. }
        | EventKind::Power { .. }
        | EventKind::Cable { .. }
        | EventKind::StatefulLink { .. } => true,
        _ => false,
    }
}

/// A unit or group reached a settled state (Active, Standby Ready).
fn settled(e: &Event) -> bool {
    matches!(
        e.kind,
        EventKind::State {
            to: FoState::Active | FoState::StandbyReady,
            ..
        }
    )
}

/// The causal chain of the state change at `events[i]`: what changed, the
/// rule behind it, and what happened since the pair last settled (the
/// last unit or group to become Active or Standby Ready before it) that
/// can set such a change off, the latest eight. Empty when `i` is not a
/// state change.
pub fn explain_change(lab: &Lab, i: usize) -> Vec<String> {
    let events = lab.events();
    let Some(e) = events.get(i) else {
        return Vec::new();
    };
    let EventKind::State { reason, .. } = &e.kind else {
        return Vec::new();
    };
    let mut out = vec![
        format!("at {}: {}", e.at, e.explain()),
        format!("the rule: {}", state_rule(*reason)),
    ];
    let from = events[..i].iter().rposition(settled);
    let window = &events[from.map_or(0, |j| j + 1)..i];
    let causes: Vec<&Event> = window
        .iter()
        .rev()
        .filter(|c| may_cause(c))
        .take(8)
        .collect();
    let since = match from {
        Some(j) => format!(
            "since the pair last settled ({}: {})",
            events[j].at,
            events[j].explain()
        ),
        None => "since the lab started".to_string(),
    };
    if causes.is_empty() {
        out.push(format!("nothing {since} points to a fault"));
    } else {
        out.push(format!("what happened {since}:"));
        out.extend(
            causes
                .into_iter()
                .rev()
                .map(|c| format!("  at {}: {}", c.at, c.explain())),
        );
    }
    out
}

/// The state changes where a unit or group took over from its mate (the
/// takeover markers of the charts and the timeline), as event indexes,
/// oldest first.
pub fn takeover_events(lab: &Lab) -> Vec<usize> {
    lab.events()
        .iter()
        .enumerate()
        .filter(|(_, e)| match &e.kind {
            EventKind::State { from, to, .. } => {
                to.is_active() && (from.is_standby() || *from == FoState::Failed)
            }
            _ => false,
        })
        .map(|(i, _)| i)
        .collect()
}

/// Why the `nth` takeover (oldest first) happened.
pub fn explain_takeover(lab: &Lab, nth: usize) -> Vec<String> {
    match takeover_events(lab).get(nth) {
        Some(&i) => explain_change(lab, i),
        None => vec![format!(
            "there is no takeover {}: {} so far",
            nth + 1,
            takeover_events(lab).len()
        )],
    }
}

/// Why a unit (or one of its failover groups) is in the state it is in
/// now: its last state change and the chain behind it.
pub fn explain_state(lab: &Lab, unit: UnitId, group: GroupId) -> Vec<String> {
    let events = lab.events();
    let who = if group.is_unit() {
        unit.name().to_string()
    } else {
        format!("{} group {}", unit.name(), group.number())
    };
    if !lab.unit(unit).powered {
        let since = events
            .iter()
            .rev()
            .find(|e| e.unit == Some(unit) && matches!(e.kind, EventKind::Power { on: false }))
            .map(|e| format!(" since {}", e.at))
            .unwrap_or_default();
        return vec![format!(
            "{who} is powered off{since}: it takes part in nothing until it is powered on and has booted"
        )];
    }
    let last = events.iter().rposition(|e| {
        e.unit == Some(unit) && matches!(&e.kind, EventKind::State { group: g, .. } if *g == group)
    });
    match last {
        None => vec![format!(
            "{who} has not changed failover state since the lab started (failover may not be enabled on it yet)"
        )],
        Some(i) => {
            let EventKind::State { to, .. } = &events[i].kind else {
                return Vec::new();
            };
            let mut out = vec![format!("{who} is {to} since {}", events[i].at)];
            out.extend(explain_change(lab, i));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::Template;
    use crate::script::{parse, Replay};

    fn lab_after(script: &str) -> Replay {
        let mut r = Replay::new(Template::ActiveStandby, None).unwrap();
        for l in parse(&format!("lab active-standby\n{script}"))
            .unwrap()
            .iter()
            .skip(1)
        {
            r.apply(&l.stmt).unwrap();
        }
        r
    }

    #[test]
    fn a_takeover_is_explained_by_its_rule_and_what_set_it_off() {
        let r = lab_after("wait 60s\npower off primary\nwait 30s\n");
        let lab = r.lab();
        assert_eq!(takeover_events(lab).len(), 1);
        let why = explain_takeover(lab, 0).join("\n");
        assert!(
            why.contains("secondary: Standby Ready -> Just Active (HELLO not heard from mate)"),
            "{why}"
        );
        assert!(
            why.contains("the rule: a unit that hears nothing from its mate"),
            "{why}"
        );
        assert!(why.contains("primary: power off"), "{why}");
        assert_eq!(
            explain_takeover(lab, 1),
            vec!["there is no takeover 2: 1 so far".to_string()]
        );
    }

    #[test]
    fn a_unit_state_is_explained_by_its_last_change() {
        let r = lab_after("wait 60s\nprimary: no failover active\nwait 10s\n");
        let lab = r.lab();
        let why = explain_state(lab, UnitId::Primary, GroupId::Unit).join("\n");
        assert!(why.starts_with("primary is Standby Ready since"), "{why}");
        let why = explain_state(lab, UnitId::Secondary, GroupId::Unit).join("\n");
        assert!(why.starts_with("secondary is Active since"), "{why}");
        let r = lab_after("wait 60s\npower off secondary\n");
        let why = explain_state(r.lab(), UnitId::Secondary, GroupId::Unit).join("\n");
        assert!(why.starts_with("secondary is powered off since"), "{why}");
    }
}
