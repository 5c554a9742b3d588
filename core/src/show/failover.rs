//! `show failover` and its views: group, interface, state, history and
//! statistics, in both the Active/Standby and Active/Active layouts.

use super::{iface_lines_of, peer_label, Scope};
use crate::config::{timer_words, ASA_VERSION};
use crate::failover::{FoState, GroupId};
use crate::lab::Lab;
use crate::net::{Port, UnitId};
use crate::repl::OBJ_TYPES;

const MAX_MONITORED: usize = 61;

/// The interface lines of one host in `show failover` / `show monitor-interface`.
fn iface_lines(lab: &Lab, u: UnitId, this_host: bool, indent: &str) -> Vec<String> {
    iface_lines_of(lab, u, this_host, indent, Scope::All)
}

fn link_status(lab: &Lab, u: UnitId, p: Port) -> &'static str {
    if lab.admin_down(u, p) {
        "administratively down"
    } else if lab.link_up(u, p) {
        "up"
    } else {
        "down"
    }
}

/// `show failover`.
pub fn failover(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let f = &unit.running.failover;
    if unit.running.multiple && f.enabled {
        return failover_aa(lab, u);
    }
    let mut out = failover_header(lab, u);
    if !f.enabled {
        out.extend(failover_interface(lab, u));
        return out;
    }
    let mate_version = match &unit.fo.peer {
        Some(p) => p.version.to_string(),
        None => "Unknown".into(),
    };
    out.push(format!("Version: Ours {ASA_VERSION}, Mate {mate_version}"));
    let mate_serial = if unit.fo.peer.is_some() {
        lab.unit(u.peer()).serial()
    } else {
        "Unknown"
    };
    out.push(format!(
        "Serial Number: Ours {}, Mate {mate_serial}",
        unit.serial()
    ));
    let last = unit.fo.unit.last_failover.unwrap_or(unit.fo.unit.since);
    out.push(format!("Last Failover at: {}", last.asa_clock()));
    out.push(format!(
        "        This host: {} - {}",
        unit.role().word(),
        unit.fo.unit.state
    ));
    out.push(format!(
        "                Active time: {} (sec)",
        unit.fo.active_time(lab.now()).secs()
    ));
    out.push(format!(
        "                slot 0: ASAv hw/sw rev (/{ASA_VERSION}) status (Up Sys)"
    ));
    out.extend(iface_lines(lab, u, true, "                  "));
    let (prole, pstate) = peer_label(lab, u);
    out.push(format!("        Other host: {prole} - {pstate}"));
    let pat = unit
        .fo
        .peer
        .as_ref()
        .map(|p| p.active_time.secs())
        .unwrap_or(0);
    out.push(format!("                Active time: {pat} (sec)"));
    if unit.fo.peer.as_ref().is_some_and(|p| !p.marked_failed) {
        out.push(format!(
            "                slot 0: ASAv hw/sw rev (/{ASA_VERSION}) status (Up Sys)"
        ));
    }
    out.extend(iface_lines(lab, u, false, "                  "));
    out.extend(stateful_stats(lab, u));
    out
}

/// The Stateful Failover Logical Update Statistics block.
fn stateful_stats(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let f = &unit.running.failover;
    let mut out = Vec::new();
    if let Some((n, p)) = &f.link {
        out.push(String::new());
        out.push("Stateful Failover Logical Update Statistics".into());
        out.push(format!(
            "        Link : {n} {p} ({})",
            link_status(lab, u, *p)
        ));
        out.push(format!(
            "        {:<16}{:<11}{:<11}{:<11}{}",
            "Stateful Obj", "xmit", "xerr", "rcv", "rerr"
        ));
        let s = &unit.fo.stats;
        for (i, name) in OBJ_TYPES.iter().enumerate() {
            out.push(
                format!(
                    "        {:<15} {:<10} {:<10} {:<10} {}",
                    name, s.xmit[i], s.xerr[i], s.rcv[i], s.rerr[i]
                )
                .trim_end()
                .to_string(),
            );
        }
        out.push(String::new());
        out.push("        Logical Update Queue Information".into());
        out.push(format!(
            "                        {:<8}{:<8}{}",
            "Cur", "Max", "Total"
        ));
        out.push(format!(
            "        {:<16}{:<8}{:<8}{}",
            "Recv Q:", s.recv_q.cur, s.recv_q.max, s.recv_q.total
        ));
        out.push(format!(
            "        {:<16}{:<8}{:<8}{}",
            "Xmit Q:", s.xmit_q.cur, s.xmit_q.max, s.xmit_q.total
        ));
    }
    out
}

/// The header lines `show failover` prints in both layouts.
fn failover_header(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let f = &unit.running.failover;
    let mut out = vec![
        format!("Failover {}", if f.enabled { "On" } else { "Off" }),
        format!("Failover unit {}", unit.role().word()),
    ];
    match &f.lan {
        Some((n, p)) => out.push(format!(
            "Failover LAN Interface: {n} {p} ({})",
            link_status(lab, u, *p)
        )),
        None => out.push("Failover LAN Interface: not Configured".into()),
    }
    out.push("Reconnect timeout 0:00:00".into());
    out.push(format!(
        "Unit Poll frequency {}, holdtime {}",
        timer_words(f.unit_timers.poll),
        timer_words(f.unit_timers.hold)
    ));
    out.push(format!(
        "Interface Poll frequency {}, holdtime {}",
        timer_words(f.iface_timers.poll),
        timer_words(f.iface_timers.hold)
    ));
    out.push(format!("Interface Policy {}", f.policy));
    out.push(format!(
        "Monitored Interfaces {} of {MAX_MONITORED} maximum",
        unit.running.monitored_count()
    ));
    if !unit.running.multiple {
        // Active/Active (multiple context mode) prints no such line.
        out.push("MAC Address Move Notification Interval not set".into());
    }
    if f.replication_http {
        out.push("failover replication http".into());
    }
    out
}

/// A failover group's state and active seconds on the mate, as last heard.
fn peer_group(unit: &crate::unit::Unit, g: GroupId) -> (String, u64) {
    match &unit.fo.peer {
        None => ("Not Detected".to_string(), 0),
        Some(p) if p.marked_failed => ("Failed".to_string(), 0),
        Some(p) => {
            let (st, t) = p.group(g);
            (st.to_string(), t.secs())
        }
    }
}

/// The per-group state lines of one host (Active/Active).
fn group_state_lines(lab: &Lab, u: UnitId, this_host: bool) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = Vec::new();
    for g in lab.group_ids(u) {
        let (state, active) = if this_host {
            let gr = unit.fo.group(g);
            (gr.state.to_string(), gr.active_time(lab.now()).secs())
        } else {
            peer_group(unit, g)
        };
        out.push(format!("  Group {g}       State:          {state}"));
        out.push(format!("                Active time:    {active} (sec)"));
    }
    out
}

/// `show failover` in Active/Active (multiple context mode).
fn failover_aa(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = failover_header(lab, u);
    let mate_version = match &unit.fo.peer {
        Some(p) => p.version.to_string(),
        None => "Unknown".into(),
    };
    out.push(format!("Version: Ours {ASA_VERSION}, Mate {mate_version}"));
    for g in lab.group_ids(u) {
        let gr = unit.fo.group(g);
        let last = gr.last_failover.unwrap_or(gr.since);
        out.push(format!("Group {g} last failover at: {}", last.asa_clock()));
    }
    out.push(String::new());
    out.push(format!("  This host:    {}", unit.role().word()));
    out.extend(group_state_lines(lab, u, true));
    out.push(String::new());
    out.push(format!(
        "\t\tslot 0: ASAv hw/sw rev (/{ASA_VERSION}) status (Up Sys)"
    ));
    out.extend(iface_lines(lab, u, true, "\t\t  "));
    out.push(String::new());
    let (prole, _) = peer_label(lab, u);
    out.push(format!("  Other host:   {prole}"));
    out.extend(group_state_lines(lab, u, false));
    out.push(String::new());
    if unit.fo.peer.as_ref().is_some_and(|p| !p.marked_failed) {
        out.push(format!(
            "\t\tslot 0: ASAv hw/sw rev (/{ASA_VERSION}) status (Up Sys)"
        ));
    }
    out.extend(iface_lines(lab, u, false, "\t\t  "));
    out.extend(stateful_stats(lab, u));
    out
}

/// `show failover group N`.
pub fn failover_group(lab: &Lab, u: UnitId, n: u8) -> Vec<String> {
    let unit = lab.unit(u);
    let configured = GroupId::failover_group(n).filter(|g| unit.running.group_cfg(*g).is_some());
    let Some(g) = configured else {
        return vec![format!("ERROR: Failover group {n} does not exist")];
    };
    let gr = unit.fo.group(g);
    let last = gr.last_failover.unwrap_or(gr.since);
    let mut out = vec![
        format!("Last Failover at: {}", last.asa_clock()),
        String::new(),
    ];
    // Indented as in `show failover` (Active/Active).
    out.push(format!("  This host:    {}", unit.role().word()));
    out.push(format!("  State:          {}", gr.state));
    out.push(format!(
        "                Active time:    {} (sec)",
        gr.active_time(lab.now()).secs()
    ));
    out.push(String::new());
    out.extend(iface_lines_of(lab, u, true, "\t\t  ", Scope::Group(g)));
    out.push(String::new());
    let (prole, _) = peer_label(lab, u);
    let (pstate, pactive) = peer_group(unit, g);
    out.push(format!("  Other host:   {prole}"));
    out.push(format!("  State:          {pstate}"));
    out.push(format!("                Active time:    {pactive} (sec)"));
    out.push(String::new());
    out.extend(iface_lines_of(lab, u, false, "\t\t  ", Scope::Group(g)));
    out.extend(stateful_stats(lab, u));
    out
}

/// `show failover interface`.
pub fn failover_interface(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let f = &unit.running.failover;
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (n, p) in f.lan.iter().chain(f.link.iter()) {
        if seen.contains(n) {
            continue;
        }
        seen.push(n.clone());
        out.push(format!("        interface {n} {p}"));
        match f.ips.get(n) {
            Some(a) => {
                let standby = a.standby.unwrap_or_default();
                let (mine, other) = if unit.role() == crate::config::Role::Primary {
                    (a.ip, standby)
                } else {
                    (standby, a.ip)
                };
                out.push(format!(
                    "                System IP Address: {} {}",
                    a.ip, a.mask
                ));
                out.push(format!("                My IP Address    : {mine}"));
                out.push(format!("                Other IP Address : {other}"));
            }
            None => {
                out.push("                System IP Address: Not Configured".into());
                out.push("                My IP Address    : Not Configured".into());
                out.push("                Other IP Address : Not Configured".into());
            }
        }
    }
    out
}

/// `show failover state`.
pub fn failover_state(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    if unit.running.multiple && unit.running.failover.enabled {
        return failover_state_aa(lab, u);
    }
    let mut out = vec![
        String::new(),
        format!(
            "{:15}{:15}{:25}{}",
            "", "State", "Last Failure Reason", "Date/Time"
        ),
        format!("This host  -   {}", unit.role().word()),
    ];
    match &unit.fo.unit.last_failure {
        Some((reason, at, ifs)) => {
            out.push(format!(
                "{:15}{:15}{:25}{}",
                "",
                unit.fo.unit.state.to_string(),
                reason.failure_word(),
                at.asa_clock()
            ));
            for i in ifs {
                out.push(format!("{:30}{i}", ""));
            }
        }
        None => out.push(format!(
            "{:15}{:15}{}",
            "",
            unit.fo.unit.state.to_string(),
            "None"
        )),
    }
    let (prole, pstate) = peer_label(lab, u);
    out.push(format!("Other host -   {prole}"));
    let peer_fail = unit
        .fo
        .peer
        .as_ref()
        .filter(|p| p.marked_failed)
        .map(|_| "Comm Failure")
        .unwrap_or("None");
    if peer_fail == "None" {
        out.push(format!("{:15}{:15}{}", "", pstate, "None"));
    } else {
        out.push(format!(
            "{:15}{:15}{:25}{}",
            "",
            pstate,
            peer_fail,
            unit.fo.unit.since.asa_clock()
        ));
    }
    out.extend(sync_state_lines(lab, u));
    out
}

/// The Configuration and Communication State lines of `show failover state`.
fn sync_state_lines(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = vec![String::new(), "====Configuration State===".to_string()];
    let st = unit.fo.unit.state;
    if st.is_active() && unit.fo.peer_alive() {
        // The active unit lists its own sync and its standby's.
        out.push("\tSync Done".into());
        if unit
            .fo
            .peer
            .as_ref()
            .is_some_and(|p| p.state == FoState::StandbyReady)
        {
            out.push("\tSync Done - STANDBY".into());
        }
    } else if st == FoState::StandbyReady {
        out.push("\tSync Done - STANDBY".into());
    } else if st == FoState::SyncConfig || st == FoState::ColdStandby {
        out.push("\tSync Config".into());
    } else if st.is_active() {
        out.push("\tSync Skipped".into());
    }
    out.push("====Communication State===".into());
    if unit.running.failover.enabled && unit.fo.peer_alive() && lab.failover_link_ok() {
        out.push("\tMac set".into());
    }
    out.push(String::new());
    out
}

/// `show failover state` in Active/Active: a line per group on each host.
fn failover_state_aa(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = vec![
        String::new(),
        format!(
            "{:15}{:15}{:25}{}",
            "", "State", "Last Failure Reason", "Date/Time"
        ),
        format!("This host  -   {}", unit.role().word()),
    ];
    for g in lab.group_ids(u) {
        let gr = unit.fo.group(g);
        let label = format!("    Group {g}");
        match &gr.last_failure {
            Some((reason, at, ifs)) => {
                out.push(format!(
                    "{label:15}{:15}{:25}{}",
                    gr.state.to_string(),
                    reason.failure_word(),
                    at.asa_clock()
                ));
                for i in ifs {
                    out.push(format!("{:30}{i}", ""));
                }
            }
            None => out.push(format!("{label:15}{:15}None", gr.state.to_string())),
        }
    }
    let (prole, _) = peer_label(lab, u);
    out.push(format!("Other host -   {prole}"));
    for g in lab.group_ids(u) {
        let label = format!("    Group {g}");
        let st = match &unit.fo.peer {
            None => "Not Detected".to_string(),
            Some(p) if p.marked_failed => "Failed".to_string(),
            Some(p) => p.group(g).0.to_string(),
        };
        let fail = if unit.fo.peer.as_ref().is_some_and(|p| p.marked_failed) {
            format!("{:25}{}", "Comm Failure", unit.fo.unit.since.asa_clock())
        } else {
            "None".to_string()
        };
        out.push(format!("{label:15}{st:15}{fail}"));
    }
    out.extend(sync_state_lines(lab, u));
    out
}

/// `show failover history details`: this unit's history, then the
/// mate's as it was collected over the failover link.
pub fn failover_history_details(lab: &Lab, u: UnitId) -> Vec<String> {
    let mut out = failover_history(lab, u);
    let unit = lab.unit(u);
    if unit.fo.peer.as_ref().is_some_and(|p| !p.marked_failed) && lab.failover_link_ok() {
        let rule = "=".repeat(74);
        out.push(String::new());
        out.push(rule.clone());
        out.push(format!(
            "PEER History Collected at {}",
            lab.now().asa_clock()
        ));
        out.extend(failover_history(lab, u.peer()));
    }
    out
}

/// `show failover descriptor`: for each data interface, the descriptor
/// this unit sends and the one it received from the mate.
pub fn failover_descriptor(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let heard = unit.fo.peer.as_ref().is_some_and(|p| !p.marked_failed);
    lab.data_ports(u)
        .into_iter()
        .filter_map(|p| {
            let name = unit.running.l3(p).nameif.clone()?;
            let name = match unit.running.owner_of(p) {
                Some((ctx, _)) if unit.running.multiple => format!("{ctx} {name}"),
                _ => name,
            };
            let send = format!("0002{:02x}00ffff0000", p.number());
            let receive = if heard {
                send.clone()
            } else {
                "0000000000000000".to_string()
            };
            Some(format!("  {name} send: {send} receive: {receive}"))
        })
        .collect()
}

/// `show failover history`.
pub fn failover_history(lab: &Lab, u: UnitId) -> Vec<String> {
    let rule = "=".repeat(74);
    if lab.unit(u).running.multiple {
        let mut out = vec![
            rule.clone(),
            format!(
                "{:10}{:27}{:27}{}",
                "Group", "From State", "To State", "Reason"
            ),
            rule.clone(),
        ];
        for h in lab.history(u) {
            out.push(h.at.asa_clock());
            out.push(format!(
                "    {:<6}{:27}{:27}{}",
                h.group,
                h.from.to_string(),
                h.to.to_string(),
                h.reason
            ));
            out.push(String::new());
        }
        out.push(rule);
        return out;
    }
    let mut out = vec![
        rule.clone(),
        format!("{:27}{:27}{}", "From State", "To State", "Reason"),
        rule.clone(),
    ];
    for h in lab.history(u) {
        out.push(h.at.asa_clock());
        out.push(format!(
            "{:27}{:27}{}",
            h.from.to_string(),
            h.to.to_string(),
            h.reason
        ));
        out.push(String::new());
    }
    out.push(rule);
    out
}

/// `show failover statistics`.
pub fn failover_statistics(lab: &Lab, u: UnitId) -> Vec<String> {
    let s = &lab.unit(u).fo.stats;
    vec![format!("tx:{}", s.link_tx), format!("rx:{}", s.link_rx)]
}
