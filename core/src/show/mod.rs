//! `show` output, laid out like the reference captures of real units.

use crate::config::{timer_words, ASA_VERSION};
use crate::failover::{FoState, IfHealth, IfMonState, MonitorMark};
use crate::lab::Lab;
use crate::net::{Port, UnitId};
use crate::repl::OBJ_TYPES;
use crate::unit::IfCounters;

const MAX_MONITORED: usize = 61;

fn peer_label(lab: &Lab, u: UnitId) -> (String, String) {
    let unit = lab.unit(u);
    let peer_role = match unit.role() {
        crate::config::Role::Primary => "Secondary",
        crate::config::Role::Secondary => "Primary",
    };
    let state = match &unit.fo.peer {
        None => "Not Detected".to_string(),
        Some(p) if p.marked_failed => "Failed".to_string(),
        Some(p) => p.state.to_string(),
    };
    (peer_role.to_string(), state)
}

/// Which interfaces a listing covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope<'a> {
    /// Every one (in multiple context mode, each named by its context).
    All,
    /// Those of one failover group's contexts.
    Group(u8),
    /// Those of one context, as that context sees them.
    Context(&'a str),
}

/// The interface lines of one host in `show failover` / `show monitor-interface`.
fn iface_lines(lab: &Lab, u: UnitId, this_host: bool, indent: &str) -> Vec<String> {
    iface_lines_of(lab, u, this_host, indent, Scope::All)
}

/// Interface lines for a scope; in multiple context mode, outside a
/// context, each line names its context.
fn iface_lines_of(
    lab: &Lab,
    u: UnitId,
    this_host: bool,
    indent: &str,
    scope: Scope,
) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = Vec::new();
    for p in lab.data_ports(u) {
        match scope {
            Scope::Group(g) if unit.running.group_of_port(p) != g => continue,
            Scope::Context(c) if !unit.running.port_in(p, Some(c)) => continue,
            _ => {}
        }
        let c = unit.running.l3(p);
        let name = match unit.running.owner_of(p) {
            Some((ctx, _)) if unit.running.multiple && !matches!(scope, Scope::Context(_)) => {
                format!("{ctx} Interface {}", c.nameif.clone().unwrap_or_default())
            }
            _ => format!("Interface {}", c.nameif.clone().unwrap_or_default()),
        };
        if this_host {
            let ip = lab
                .iface_ip(u, p)
                .map(|i| i.to_string())
                .unwrap_or_else(|| "0.0.0.0".into());
            let st = unit
                .fo
                .ifaces
                .get(&p)
                .map(|m| m.state)
                .unwrap_or(IfMonState {
                    health: IfHealth::Unknown,
                    mark: MonitorMark::Waiting,
                });
            out.push(format!("{indent}{name} ({ip}): {st}"));
        } else {
            // The mate's address is the other address of the pair.
            let ip = c.addr.map(|a| {
                let mine = lab.iface_ip(u, p);
                if mine == Some(a.ip) {
                    a.standby
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "0.0.0.0".into())
                } else {
                    a.ip.to_string()
                }
            });
            let ip = ip.unwrap_or_else(|| "0.0.0.0".into());
            let st = unit
                .fo
                .peer
                .as_ref()
                .filter(|pv| !pv.marked_failed)
                .and_then(|pv| pv.ifaces.get(&p).map(|x| x.2))
                .unwrap_or(IfMonState {
                    health: IfHealth::Unknown,
                    mark: MonitorMark::Waiting,
                });
            out.push(format!("{indent}{name} ({ip}): {st}"));
        }
    }
    out
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
                    "        {:<16}{:<10} {:<10} {:<10} {}",
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
    out.push("MAC Address Move Notification Interval not set".into());
    if f.replication_http {
        out.push("failover replication http".into());
    }
    out
}

/// The per-group state lines of one host (Active/Active).
fn group_state_lines(lab: &Lab, u: UnitId, this_host: bool) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = Vec::new();
    for g in lab.group_ids(u) {
        let (state, active) = if this_host {
            let gr = &unit.fo.groups[g as usize - 1];
            (gr.state.to_string(), gr.active_time(lab.now()).secs())
        } else {
            match &unit.fo.peer {
                None => ("Not Detected".to_string(), 0),
                Some(p) if p.marked_failed => ("Failed".to_string(), 0),
                Some(p) => {
                    let (st, t) = p.groups[g as usize - 1];
                    (st.to_string(), t.secs())
                }
            }
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
        let gr = &unit.fo.groups[g as usize - 1];
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
pub fn failover_group(lab: &Lab, u: UnitId, g: u8) -> Vec<String> {
    let unit = lab.unit(u);
    if !unit.running.groups.contains_key(&g) {
        return vec![format!("ERROR: Failover group {g} does not exist")];
    }
    let gr = &unit.fo.groups[g as usize - 1];
    let last = gr.last_failover.unwrap_or(gr.since);
    let mut out = vec![
        format!("Last Failover at: {}", last.asa_clock()),
        String::new(),
    ];
    out.push(format!("        This host:    {}", unit.role().word()));
    out.push(format!("        State:          {}", gr.state));
    out.push(format!(
        "                Active time: {} (sec)",
        gr.active_time(lab.now()).secs()
    ));
    out.push(String::new());
    out.extend(iface_lines_of(
        lab,
        u,
        true,
        "                ",
        Scope::Group(g),
    ));
    out.push(String::new());
    let (prole, _) = peer_label(lab, u);
    let (pstate, pactive) = match &unit.fo.peer {
        None => ("Not Detected".to_string(), 0),
        Some(p) if p.marked_failed => ("Failed".to_string(), 0),
        Some(p) => {
            let (st, t) = p.groups[g as usize - 1];
            (st.to_string(), t.secs())
        }
    };
    out.push(format!("        Other host:   {prole}"));
    out.push(format!("        State:          {pstate}"));
    out.push(format!("                Active time: {pactive} (sec)"));
    out.push(String::new());
    out.extend(iface_lines_of(
        lab,
        u,
        false,
        "                ",
        Scope::Group(g),
    ));
    out.extend(stateful_stats(lab, u));
    out
}

/// `show context [detail]`.
pub fn context(lab: &Lab, u: UnitId, detail: bool, session: &crate::unit::Session) -> Vec<String> {
    let cfg = &lab.unit(u).running;
    let only = session.context.as_deref();
    let admin = cfg.admin_context.as_deref();
    let mut out = Vec::new();
    let ports = |c: &crate::config::ContextDef| -> Vec<String> {
        c.allocated.iter().map(|p| p.to_string()).collect()
    };
    if detail {
        if only.is_none() {
            let all: Vec<String> = Port::all()
                .filter(|p| !cfg.failover.is_failover_port(*p))
                .map(|p| p.to_string())
                .collect();
            out.push("Context \"system\", is a system resource".into());
            out.push("  Config URL: startup-config".into());
            out.push("  Real Interfaces: ".into());
            out.push(format!("  Mapped Interfaces: {}", all.join(", ")));
            out.push("  Class: default, Flags: 0x00000819, ID: 0".into());
            out.push(String::new());
        }
        for (i, (name, c)) in cfg.contexts.iter().enumerate() {
            if only.is_some_and(|o| o != name) {
                continue;
            }
            let list = ports(c).join(", ");
            out.push(format!("Context \"{name}\", has been created"));
            out.push(format!(
                "  Config URL: {}",
                c.config_url.clone().unwrap_or_default()
            ));
            out.push(format!("  Real Interfaces: {list}"));
            out.push(format!("  Mapped Interfaces: {list}"));
            let flags = if Some(name.as_str()) == admin {
                "0x00000813"
            } else {
                "0x00000811"
            };
            out.push(format!("  Class: default, Flags: {flags}, ID: {}", i + 1));
            out.push(String::new());
        }
        if only.is_none() {
            out.push("Context \"null\", is a system resource".into());
            out.push("  Config URL: ... null ...".into());
            out.push("  Real Interfaces: ".into());
            out.push("  Mapped Interfaces: ".into());
            out.push("  Class: default, Flags: 0x00000809, ID: 507".into());
            out.push(String::new());
        }
        return out;
    }
    out.push(format!(
        "{:<18}{:<21}{:<21}{:<13}URL",
        "Context Name", "Class", "Interfaces", "Mode"
    ));
    let mut n = 0;
    for (name, c) in &cfg.contexts {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        n += 1;
        let mark = if Some(name.as_str()) == admin {
            "*"
        } else {
            " "
        };
        let list = ports(c);
        let mut lines: Vec<String> = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let sep = if i + 1 < list.len() { "," } else { "" };
            lines.push(format!("{p}{sep}"));
        }
        let first = lines.first().cloned().unwrap_or_default();
        out.push(
            format!(
                "{mark}{:<17}{:<21}{:<21}{:<13}{}",
                name,
                "default",
                first,
                "Routed",
                c.config_url.clone().unwrap_or_default()
            )
            .trim_end()
            .to_string(),
        );
        for l in lines.iter().skip(1) {
            out.push(format!("{:39}{l}", ""));
        }
    }
    out.push(format!("Total active Security Contexts: {n}"));
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
        out.push("\tSync Done".into());
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
        let gr = &unit.fo.groups[g as usize - 1];
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
            Some(p) => p.groups[g as usize - 1].0.to_string(),
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
        for h in &lab.unit(u).fo.history {
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
    for h in &lab.unit(u).fo.history {
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
    vec![
        format!("tx:{}", s.link_tx),
        format!("rx:{}", s.link_rx),
        format!("Bandwidth: {} kbps in / {} kbps out", s.kbps_in, s.kbps_out),
        format!(
            "Frame loss rate: {}.{}% / {}.{}%",
            s.loss_in_permille / 10,
            s.loss_in_permille % 10,
            s.loss_out_permille / 10,
            s.loss_out_permille % 10
        ),
    ]
}

/// `show monitor-interface`.
/// `show monitor-interface`; inside a context, only that context's
/// interfaces and the state of its failover group on each unit.
pub fn monitor_interface(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let (scope, g) = match ctx {
        Some(c) if unit.running.multiple => (Scope::Context(c), unit.running.group_of_context(c)),
        _ => (Scope::All, 0),
    };
    let mut out = vec![format!(
        "        This host: {} - {}",
        unit.role().word(),
        unit.fo.state_of(g)
    )];
    out.extend(iface_lines_of(lab, u, true, "                ", scope));
    let (prole, mut pstate) = peer_label(lab, u);
    if let Some(st) = unit
        .fo
        .peer_state_of(g)
        .filter(|_| g != 0 && unit.fo.peer.as_ref().is_some_and(|p| !p.marked_failed))
    {
        pstate = st.to_string();
    }
    out.push(format!("        Other host: {prole} - {pstate}"));
    out.extend(iface_lines_of(lab, u, false, "                ", scope));
    out
}

/// `show interface [PORT] [detail]`. Inside a context: only its
/// interfaces, without the hardware lines (those belong to the system);
/// in the system execution space: the hardware, with the addressing left
/// to the contexts.
pub fn interface(
    lab: &Lab,
    u: UnitId,
    only: Option<Port>,
    detail: bool,
    ctx: Option<&str>,
) -> Vec<String> {
    let unit = lab.unit(u);
    let multiple = unit.running.multiple;
    let ctx = ctx.filter(|_| multiple);
    let mine = |p: Port| unit.running.port_in(p, ctx);
    if let Some(p) = only.filter(|p| !mine(*p)) {
        return vec![format!(
            "ERROR: Interface {p} is not allocated to this context"
        )];
    }
    let mut out = Vec::new();
    for p in Port::all().filter(|p| only.is_none_or(|o| o == *p) && mine(*p)) {
        let c = unit.running.iface(p);
        let l3 = unit.running.l3(p);
        let fo_name = unit.running.failover.name_on(p);
        let name = if multiple && ctx.is_none() {
            fo_name.unwrap_or("")
        } else {
            l3.nameif.as_deref().or(fo_name).unwrap_or("")
        };
        let (st, proto) = if lab.admin_down(u, p) {
            ("administratively down", "down")
        } else if lab.link_up(u, p) {
            ("up", "up")
        } else {
            ("down", "down")
        };
        out.push(format!(
            "Interface {p} \"{name}\", is {st}, line protocol is {proto}"
        ));
        if ctx.is_some() {
            context_interface(lab, u, p, &mut out, detail, st == "up");
            continue;
        }
        let mbps = c.mbps();
        out.push(format!(
            "  Hardware is net_vmxnet3, BW {mbps} Mbps, DLY 10 usec"
        ));
        let speed = match (c.speed, st == "up") {
            (Some(s), _) => format!("{s} Mbps"),
            (None, true) => "Auto-Speed(1000 Mbps)".into(),
            (None, false) => "Auto-Speed".into(),
        };
        if st == "up" {
            out.push(format!("\tAuto-Duplex(Full-duplex), {speed}"));
        } else {
            out.push(format!("\tAuto-Duplex, {speed}"));
        }
        out.push("\tInput flow control is unsupported, output flow control is unsupported".into());
        if let Some(d) = &c.description {
            out.push(format!("\tDescription: {d}"));
        } else if let Some(n) = fo_name {
            let lan = unit.running.failover.lan.as_ref().is_some_and(|l| l.0 == n);
            out.push(format!(
                "\tDescription: {} Failover Interface",
                if lan { "LAN" } else { "STATE" }
            ));
        }
        let system_only = multiple && fo_name.is_none();
        if system_only {
            out.push("\tAvailable for allocation to a context".into());
            out.push(format!(
                "\tMAC address {}, MTU not set",
                lab.iface_mac(u, p)
            ));
        } else {
            out.push(format!(
                "\tMAC address {}, MTU {}",
                lab.iface_mac(u, p),
                l3.mtu
            ));
        }
        let ip = if let Some(n) = fo_name {
            unit.running.failover.ips.get(n).map(|a| {
                let mine = if unit.role() == crate::config::Role::Primary {
                    a.ip
                } else {
                    a.standby.unwrap_or(a.ip)
                };
                (mine, a.mask)
            })
        } else if system_only {
            None
        } else {
            lab.iface_ip(u, p).zip(l3.addr.map(|a| a.mask))
        };
        match ip {
            Some((ip, mask)) => out.push(format!("\tIP address {ip}, subnet mask {mask}")),
            None => out.push("\tIP address unassigned".into()),
        }
        let cnt = counters(lab, u, p);
        out.push(format!(
            "\t{} packets input, {} bytes, 0 no buffer",
            cnt.pkts_in, cnt.bytes_in
        ));
        out.push("\tReceived 0 broadcasts, 0 runts, 0 giants".into());
        out.push("\t0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored, 0 abort".into());
        out.push("\t0 pause input, 0 resume input".into());
        out.push("\t0 L2 decode drops".into());
        out.push(format!(
            "\t{} packets output, {} bytes, 0 underruns",
            cnt.pkts_out, cnt.bytes_out
        ));
        out.push("\t0 pause output, 0 resume output".into());
        out.push("\t0 output errors, 0 collisions, 0 interface resets".into());
        out.push("\t0 late collisions, 0 deferred".into());
        out.push("\t0 input reset drops, 0 output reset drops".into());
        if !name.is_empty() && fo_name.is_none() {
            traffic_statistics(&mut out, "  ", name, &cnt);
        }
        if detail {
            control_point_states(&mut out, "  ", p, c.shutdown, st == "up");
        }
    }
    out
}

/// The `Traffic Statistics for "NAME":` block, its heading indented by
/// `indent` (two spaces on the hardware view, a tab in a context).
fn traffic_statistics(out: &mut Vec<String>, indent: &str, name: &str, cnt: &IfCounters) {
    out.push(format!("{indent}Traffic Statistics for \"{name}\":"));
    out.push(format!(
        "\t{} packets input, {} bytes",
        cnt.pkts_in, cnt.bytes_in
    ));
    out.push(format!(
        "\t{} packets output, {} bytes",
        cnt.pkts_out, cnt.bytes_out
    ));
    out.push("\t0 packets dropped".into());
}

/// The `Control Point Interface States:` block of `show interface detail`.
fn control_point_states(out: &mut Vec<String>, indent: &str, p: Port, shutdown: bool, up: bool) {
    let active = |on: bool| if on { "active" } else { "not active" };
    out.push(format!("{indent}Control Point Interface States:"));
    out.push(format!("\tInterface number is {}", p.number() + 3));
    out.push(format!(
        "\tInterface config status is {}",
        active(!shutdown)
    ));
    out.push(format!("\tInterface state is {}", active(up)));
}

/// A port's counters in whole packets and bytes.
fn counters(lab: &Lab, u: UnitId, p: Port) -> IfCounters {
    let raw = lab.unit(u).counters.get(&p).copied().unwrap_or_default();
    IfCounters {
        pkts_in: IfCounters::whole(raw.pkts_in),
        bytes_in: IfCounters::whole(raw.bytes_in),
        pkts_out: IfCounters::whole(raw.pkts_out),
        bytes_out: IfCounters::whole(raw.bytes_out),
        asr_rx: IfCounters::whole(raw.asr_rx),
        asr_tx: IfCounters::whole(raw.asr_tx),
        asr_drop: IfCounters::whole(raw.asr_drop),
    }
}

/// The rest of `show interface` for a port seen from inside its context:
/// addressing, the context's traffic statistics and, in detail, the
/// interface states and the asymmetric-routing counters.
fn context_interface(lab: &Lab, u: UnitId, p: Port, out: &mut Vec<String>, detail: bool, up: bool) {
    let l3 = lab.unit(u).running.l3(p);
    let Some(name) = &l3.nameif else {
        out.push("\tAvailable but not configured via nameif".into());
        return;
    };
    let cnt = counters(lab, u, p);
    out.push(format!(
        "\tMAC address {}, MTU {}",
        lab.iface_mac(u, p),
        l3.mtu
    ));
    match lab.iface_ip(u, p).zip(l3.addr.map(|a| a.mask)) {
        Some((ip, mask)) => out.push(format!("\tIP address {ip}, subnet mask {mask}")),
        None => out.push("\tIP address unassigned".into()),
    }
    traffic_statistics(out, "\t", name, &cnt);
    if detail {
        control_point_states(out, "\t", p, l3.shutdown, up);
        if l3.asr_group.is_some() {
            out.push("\tAsymmetrical Routing Statistics:".into());
            out.push(format!("\t\tReceived {} packets", cnt.asr_rx));
            out.push(format!("\t\tTransmitted {} packets", cnt.asr_tx));
            out.push(format!("\t\tDropped {} packets", cnt.asr_drop));
        }
    }
}

/// `show interface ip brief`.
pub fn interface_ip_brief(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let ctx = ctx.filter(|_| unit.running.multiple);
    let mut out = vec![format!(
        "{:<27}{:<16}{:<4}{:<7}{:<22}{}",
        "Interface", "IP-Address", "OK?", "Method", "Status", "Protocol"
    )];
    let mine = |p: &Port| unit.running.port_in(*p, ctx);
    for p in Port::all().filter(mine) {
        let c = unit.running.iface(p);
        let ip = match unit.running.failover.name_on(p) {
            Some(n) => unit.running.failover.ips.get(n).map(|a| {
                if unit.role() == crate::config::Role::Primary {
                    a.ip
                } else {
                    a.standby.unwrap_or(a.ip)
                }
            }),
            // In the system execution space, addresses belong to the contexts.
            None if unit.running.multiple && ctx.is_none() => None,
            None => lab.iface_ip(u, p),
        };
        let (ipt, ok, method) = match ip {
            Some(i) => (i.to_string(), "YES", "CONFIG"),
            None => ("unassigned".to_string(), "YES", "unset"),
        };
        let (st, proto) = if c.shutdown {
            ("administratively down", "down")
        } else if lab.link_up(u, p) {
            ("up", "up")
        } else {
            ("down", "down")
        };
        out.push(format!(
            "{:<27}{:<16}{:<4}{:<7}{:<22}{}",
            p.to_string(),
            ipt,
            ok,
            method,
            st,
            proto
        ));
    }
    out
}

/// `show running-config interface [PORT]`.
pub fn running_interface(
    lab: &Lab,
    u: UnitId,
    only: Option<Port>,
    ctx: Option<&str>,
) -> Vec<String> {
    let all = lab.unit(u).cfg_for(ctx).render();
    let mut out = Vec::new();
    let mut inside = false;
    for l in all {
        if let Some(rest) = l.strip_prefix("interface ") {
            inside = only.is_none_or(|p| p.name() == rest);
            if inside {
                out.push("!".into());
            }
        } else if !l.starts_with(' ') {
            inside = false;
        }
        if inside {
            out.push(l);
        }
    }
    out
}

/// `show arp`.
pub fn arp(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let now = lab.now();
    unit.arp
        .iter()
        .filter(|((p, _), _)| unit.running.port_in(*p, ctx))
        .filter_map(|((p, ip), (mac, at))| {
            let name = unit.running.l3(*p).nameif.clone()?;
            Some(format!(
                "\t{name} {ip} {mac} {}",
                now.saturating_since(*at).secs()
            ))
        })
        .collect()
}

/// `show version`.
pub fn version(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let up = lab.now().saturating_since(unit.boot_at).secs();
    let uptime = format!(
        "{} days {} hours {} mins {} secs",
        up / 86400,
        (up / 3600) % 24,
        (up / 60) % 60,
        up % 60
    );
    let mut out = vec![
        String::new(),
        format!("Cisco Adaptive Security Appliance Software Version {ASA_VERSION} "),
        "SSP Operating System Version 2.12(0.31)".into(),
        "Device Manager Version 7.18(1)".into(),
        String::new(),
        "Compiled on Wed 15-Feb-23 10:28 GMT by builders".into(),
        "System image file is \"boot:/asa9183-smp-k8.bin\"".into(),
        "Config file at boot was \"startup-config\"".into(),
        String::new(),
        format!("{} up {uptime}", unit.running.hostname),
    ];
    if unit.running.failover.enabled {
        out.push(format!("failover cluster up {uptime}"));
    }
    out.push(String::new());
    out.push("Hardware:   ASAv, 2048 MB RAM, CPU Xeon 4100/6100/8100 series 2200 MHz,".into());
    out.push("Model Id:   ASAv10".into());
    out.push(String::new());
    for p in Port::all() {
        out.push(format!(
            " {}: Ext: {:<19}: address is {}, irq 10",
            p.number(),
            p.name(),
            unit.bia(p)
        ));
    }
    out.push(String::new());
    out.push("Licensed features for this platform:".into());
    out.push("Maximum VLANs                     : 50             perpetual".into());
    out.push("Inside Hosts                      : Unlimited      perpetual".into());
    out.push("Failover                          : Active/Active  perpetual".into());
    out.push("Encryption-DES                    : Enabled        perpetual".into());
    out.push("Encryption-3DES-AES               : Enabled        perpetual".into());
    out.push("Security Contexts                 : 2              perpetual".into());
    out.push("Carrier                           : Disabled       perpetual".into());
    out.push("AnyConnect Premium Peers          : 250            perpetual".into());
    out.push("Total TLS Proxy Sessions          : 2              perpetual".into());
    out.push(String::new());
    out.push("This platform has an ASAv VPN Premium license.".into());
    out.push(String::new());
    out.push(format!("Serial Number: {}", unit.serial()));
    out.push("Configuration register is 0x1".into());
    out.push(String::new());
    out
}

/// Connections printed by `show conn` before the lab stops listing them.
pub const CONN_LIST_LIMIT: usize = 5_000;

fn conn_flags(kind: crate::traffic::Kind) -> &'static str {
    use crate::traffic::Kind;
    match kind {
        Kind::Tcp | Kind::Http => "UIO",
        Kind::Sip => "UTIO",
        Kind::Icmp => "",
        _ => "-",
    }
}

/// `show conn [count]`.
/// Whether a session passes a security context (always, in single mode).
fn in_context(lab: &Lab, u: UnitId, slot: u32, ctx: Option<&str>) -> bool {
    if ctx.is_none() {
        return true;
    }
    let r = &lab.traffic.routes[lab.traffic.route[slot as usize] as usize];
    lab.route_ports(u, r.from, r.to)
        .is_some_and(|rp| lab.unit(u).running.port_in(rp.ingress, ctx))
}

pub fn conn(lab: &Lab, u: UnitId, count_only: bool, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let t = &unit.table;
    let slots: Box<dyn Iterator<Item = u32>> = match ctx {
        None => Box::new(t.conns.iter()),
        Some(_) => Box::new(t.conns.iter().filter(move |s| in_context(lab, u, *s, ctx))),
    };
    let mut out = vec![match ctx {
        None => format!("{} in use, {} most used", t.conns.len(), t.most_used),
        Some(_) => {
            let n = t
                .conns
                .iter()
                .filter(|s| in_context(lab, u, *s, ctx))
                .count();
            format!("{n} in use, {n} most used")
        }
    }];
    if count_only {
        return out;
    }
    let g = ctx.map(|c| unit.running.group_of_context(c)).unwrap_or(0);
    let active = unit.fo.state_of(g).is_active() || !unit.running.failover.enabled;
    let now_ms = lab.now().total_millis();
    for (n, slot) in slots.enumerate() {
        if n == CONN_LIST_LIMIT {
            out.push(format!("(Failover Lab lists the first {CONN_LIST_LIMIT} connections; use 'show conn count')"));
            break;
        }
        let i = slot as usize;
        let kind = lab.traffic.kind[i];
        let r = &lab.traffic.routes[lab.traffic.route[i] as usize];
        let Some(rp) = lab.route_ports(u, r.from, r.to) else {
            continue;
        };
        let (src, dst) = (&lab.net.hosts[r.from], &lab.net.hosts[r.to]);
        let age = now_ms.saturating_sub(lab.traffic.born[i] as u64) / 1000;
        let bytes = if active {
            kind.bytes_per_sec() * age
        } else {
            0
        };
        let icmp = kind == crate::traffic::Kind::Icmp;
        let dport = if icmp { 0 } else { kind.port() as u32 };
        let sport = if icmp {
            slot % 65535
        } else {
            1024 + (slot % 64512)
        };
        out.push(format!(
            "{} {} {}:{dport} {} {}:{sport}, idle 0:00:00, bytes {bytes}, flags {}",
            kind.proto(),
            rp.egress_if,
            dst.ip,
            rp.ingress_if,
            src.ip,
            conn_flags(kind)
        ));
    }
    out
}

/// `show xlate [count]`.
pub fn xlate(lab: &Lab, u: UnitId, count_only: bool, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let slots: Vec<u32> = unit
        .table
        .conns
        .iter()
        .filter(|s| lab.slot_xlated(u, *s) && in_context(lab, u, *s, ctx))
        .collect();
    let mut out = vec![format!("{} in use, {} most used", slots.len(), slots.len())];
    if count_only {
        return out;
    }
    out.push("Flags: D - DNS, e - extended, I - identity, i - dynamic, r - portmap,".into());
    out.push("       s - static, T - twice, N - net-to-net".into());
    for (n, slot) in slots.iter().enumerate() {
        if n == CONN_LIST_LIMIT {
            out.push(format!("(Failover Lab lists the first {CONN_LIST_LIMIT} translations; use 'show xlate count')"));
            break;
        }
        let i = *slot as usize;
        let kind = lab.traffic.kind[i];
        let r = &lab.traffic.routes[lab.traffic.route[i] as usize];
        let Some(rp) = lab.route_ports(u, r.from, r.to) else {
            continue;
        };
        let src = &lab.net.hosts[r.from];
        let mapped = unit
            .running
            .iface(rp.egress)
            .addr
            .map(|a| a.ip)
            .unwrap_or_default();
        let port = if kind == crate::traffic::Kind::Icmp {
            slot % 65535
        } else {
            1024 + (slot % 64512)
        };
        out.push(format!(
            "{} PAT from {}:{}/{port} to {}:{mapped}/{port} flags ri idle 0:00:00 timeout 0:00:30",
            kind.proto(),
            rp.ingress_if,
            src.ip,
            rp.egress_if
        ));
    }
    out
}
