//! `show igmp groups` and `show mroute`: the multicast state a unit keeps
//! for the streams it forwards. It is not replicated, so the standby shows
//! none and a new active unit shows a group only once it has relearned it.
//!
//! No capture of either command from a real unit is in `shared/reference`.
//! The `show mroute` header, flag legend and entry lines follow the real
//! ASA output quoted in Cisco bug CSCwb94431 (`Multicast Routing Table`,
//! the `Flags:` legend, `Timers: Uptime/Expires`, `Interface state:
//! Interface, State`, `(S, G), uptime/expires, flags: ...`, `Incoming
//! interface:`, `RPF nbr:`); `show igmp groups` follows the ASA command
//! reference's example layout.

use crate::lab::{Lab, IGMP_MEMBERSHIP, IGMP_QUERY_INTERVAL};
use crate::net::UnitId;
use crate::time::Duration;

/// `hh:mm:ss`.
fn hms(d: Duration) -> String {
    let s = d.secs();
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Time left of a membership refreshed by a report every query interval.
fn expires(up: Duration) -> Duration {
    let since_report = up.total_millis() % IGMP_QUERY_INTERVAL.total_millis();
    Duration::from_millis(IGMP_MEMBERSHIP.total_millis() - since_report)
}

/// `show igmp groups`.
pub fn igmp_groups(lab: &Lab, u: UnitId) -> Vec<String> {
    let mut out = vec![
        "IGMP Connected Group Membership".to_string(),
        "Group Address    Interface            Uptime    Expires   Last Reporter".to_string(),
    ];
    for g in lab.multicast_groups(u) {
        let up = lab.now().saturating_since(g.since);
        out.push(format!(
            "{:<16} {:<20} {:<9} {:<9} {}",
            g.group.to_string(),
            g.outgoing,
            hms(up),
            hms(expires(up)),
            g.receiver
        ));
    }
    out
}

/// `show mroute`.
pub fn mroute(lab: &Lab, u: UnitId) -> Vec<String> {
    let mut out: Vec<String> = [
        "",
        "Multicast Routing Table",
        "Flags: D - Dense, S - Sparse, B - Bidir Group, s - SSM Group,",
        "       C - Connected, L - Local, I - Received Source Specific Host Report,",
        "       P - Pruned, R - RP-bit set, F - Register flag, T - SPT-bit set,",
        "       J - Join SPT",
        "Timers: Uptime/Expires",
        "Interface state: Interface, State",
    ]
    .map(String::from)
    .to_vec();
    for g in lab.multicast_groups(u) {
        let up = hms(lab.now().saturating_since(g.since));
        let left = hms(expires(lab.now().saturating_since(g.since)));
        out.extend([
            String::new(),
            format!("(*, {}), {up}/{left}, RP 0.0.0.0, flags: SCJ", g.group),
            "  Incoming interface: Null".into(),
            "  RPF nbr: 0.0.0.0".into(),
            "  Immediate Outgoing interface list:".into(),
            format!("    {}, Forward, {up}/{left}", g.outgoing),
            String::new(),
            format!("({}, {}), {up}/00:03:29, flags: SJT", g.source, g.group),
            format!("  Incoming interface: {}", g.incoming),
            format!("  RPF nbr: {}", g.source),
            "  Inherited Outgoing interface list:".into(),
            format!("    {}, Forward, {up}/{left}", g.outgoing),
        ]);
    }
    out
}
