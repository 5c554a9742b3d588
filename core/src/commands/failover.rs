//! `failover ...`: the global failover configuration, `monitor-interface`,
//! and the exec commands `failover active|reset|exec`.

use super::{run_line, strip_no, tree::tree_for, CliError, Ctx, Origin, Output};
use crate::cli::{self, Arg, Args};
use crate::config::{IfAddr, PollHold, Role};
use crate::failover::{FoState, GroupId, InterfacePolicy};
use crate::lab::Lab;
use crate::net::{Port, UnitId};
use crate::time::Duration;
use crate::unit::{Pending, Session};

type Done = Result<Output, CliError>;

/// `[no] failover`.
pub(super) fn enable(c: &mut Ctx<'_>, _: &Args) -> Done {
    if c.negated {
        c.unit_mut().running.failover.enabled = false;
        c.lab.stop_failover(c.u);
    } else if !c.unit().running.failover.enabled {
        c.unit_mut().running.failover.enabled = true;
        // Configuration files start failover once fully applied.
        if c.origin != Origin::Config {
            c.lab.start_failover(c.u);
        }
    }
    Ok(vec![])
}

/// `failover lan unit primary|secondary` (each unit keeps its own; not
/// replicated).
pub(super) fn lan_unit(c: &mut Ctx<'_>, a: &Args) -> Done {
    c.unit_mut().running.failover.unit = match a.keyword("role")? {
        "primary" => Role::Primary,
        _ => Role::Secondary,
    };
    Ok(vec![])
}

/// Clears the data-interface settings of a port taken for failover.
fn take_port_for_failover(c: &mut Ctx<'_>, port: Port) -> Output {
    let c = c.unit_mut().running.iface_mut(port);
    c.nameif = None;
    c.addr = None;
    c.security_level = None;
    vec![format!(
        "INFO: Non-failover interface config is cleared on {port} and its sub-interfaces"
    )]
}

/// `[no] failover lan interface NAME PORT`.
pub(super) fn lan_interface(c: &mut Ctx<'_>, a: &Args) -> Done {
    let fo = &c.unit().running.failover;
    if c.negated {
        if fo.enabled {
            return Err(CliError::LanRemovalNeedsFailoverOff);
        }
        c.unit_mut().running.failover.lan = None;
        c.unit_mut().running.failover.forget_unused_ips();
        return Ok(vec![]);
    }
    let name = a.word("name")?.to_string();
    let port = a.port("port")?;
    if fo.enabled && fo.lan.as_ref().is_some_and(|l| l.1 != port || l.0 != name) {
        return Err(CliError::LanChangeNeedsFailoverOff);
    }
    let ic = c.unit().running.iface(port);
    let out = if ic.nameif.is_some() || ic.addr.is_some() {
        take_port_for_failover(c, port)
    } else {
        vec![]
    };
    c.unit_mut().running.failover.lan = Some((name, port));
    c.unit_mut().running.failover.forget_unused_ips();
    Ok(out)
}

/// `failover link NAME [PORT]` (without a port: the LAN failover
/// interface's, or the data interface's of that name); `no failover link
/// [NAME [PORT]]` removes the stateful link (and its `failover interface
/// ip`, unless the name is also the LAN failover interface's).
pub(super) fn link(c: &mut Ctx<'_>, a: &Args) -> Done {
    if c.negated {
        c.unit_mut().running.failover.link = None;
        c.unit_mut().running.failover.forget_unused_ips();
        return Ok(vec![]);
    }
    let name = a.word("name")?.to_string();
    let running = &c.unit().running;
    let port = match (a.port("port").ok(), &running.failover.lan) {
        (Some(p), _) => p,
        (None, Some((ln, lp))) if *ln == name => *lp,
        (None, _) => running.port_of_nameif(&name).ok_or(CliError::Incomplete)?,
    };
    let ic = running.iface(port);
    let shared_data = ic.nameif.as_deref() == Some(name.as_str());
    let out = if !shared_data && (ic.nameif.is_some() || ic.addr.is_some()) {
        take_port_for_failover(c, port)
    } else {
        vec![]
    };
    c.unit_mut().running.failover.link = Some((name, port));
    c.unit_mut().running.failover.forget_unused_ips();
    Ok(out)
}

/// `[no] failover interface ip NAME IP MASK standby IP`.
pub(super) fn interface_ip(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = a.word("name")?.to_string();
    if c.negated {
        c.unit_mut().running.failover.ips.remove(&name);
        return Ok(vec![]);
    }
    let (ip, mask, standby) = (a.ip("ip")?, a.ip("mask")?, a.ip("standby")?);
    if !ip.same_subnet(standby, mask) {
        return Err(CliError::StandbyNotInSubnet);
    }
    if ip == standby {
        return Err(CliError::SameActiveAndStandby);
    }
    let fo = &c.unit().running.failover;
    let known = fo.lan.as_ref().is_some_and(|l| l.0 == name)
        || fo.link.as_ref().is_some_and(|l| l.0 == name);
    if !known {
        return Err(CliError::UnknownFailoverInterface { name });
    }
    let addr = IfAddr {
        ip,
        mask,
        standby: Some(standby),
        manual: c.origin != super::Origin::Config,
    };
    c.unit_mut().running.failover.ips.insert(name, addr);
    Ok(vec![])
}

/// `[no] failover key SECRET`.
pub(super) fn key(c: &mut Ctx<'_>, a: &Args) -> Done {
    let key = if c.negated {
        None
    } else {
        a.line("key").ok().map(|k| k.trim().to_string())
    };
    c.unit_mut().running.failover.key = key;
    Ok(vec![])
}

/// `[no] failover mac address PORT ACTIVE STANDBY`.
pub(super) fn mac_address(c: &mut Ctx<'_>, a: &Args) -> Done {
    let port = a.port("port")?;
    let set = if c.negated {
        None
    } else {
        Some((a.mac("active_mac")?, a.mac("standby_mac")?))
    };
    let macs = &mut c.unit_mut().running.failover.macs;
    match set {
        Some(m) => macs.insert(port, m),
        None => macs.remove(&port),
    };
    Ok(vec![])
}

/// `[no] failover replication http`.
pub(super) fn replication_http(c: &mut Ctx<'_>, _: &Args) -> Done {
    c.unit_mut().running.failover.replication_http = !c.negated;
    Ok(vec![])
}

/// The policy an `interface-policy` command sets (`no` restores the default).
pub(super) fn policy_arg(a: &Args, negated: bool) -> InterfacePolicy {
    match a.get("policy") {
        _ if negated => InterfacePolicy::default(),
        Some(Arg::Percent(n)) => InterfacePolicy::Percent(*n as u8),
        Some(Arg::Int(n)) => InterfacePolicy::Count(*n as u16),
        _ => InterfacePolicy::default(),
    }
}

/// `[no] failover interface-policy N[%]`.
pub(super) fn interface_policy(c: &mut Ctx<'_>, a: &Args) -> Done {
    c.unit_mut().running.failover.policy = policy_arg(a, c.negated);
    Ok(vec![])
}

/// Which poll and hold times a `polltime` command sets.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Timers {
    Unit,
    Interface,
    Group(u8),
}

/// `[no] failover polltime [unit] ...`.
pub(super) fn polltime_unit(c: &mut Ctx<'_>, a: &Args) -> Done {
    polltime(c, a, Timers::Unit)
}

/// `[no] failover polltime interface ...`.
pub(super) fn polltime_interface(c: &mut Ctx<'_>, a: &Args) -> Done {
    polltime(c, a, Timers::Interface)
}

/// `[msec] POLL [holdtime [msec] HOLD]` for the unit, the data
/// interfaces, or a failover group's data interfaces.
pub(super) fn polltime(c: &mut Ctx<'_>, a: &Args, which: Timers) -> Done {
    let unit_cmd = which == Timers::Unit;
    let cfg = &c.unit().running;
    let current = match which {
        Timers::Group(g) => cfg
            .groups
            .get(&g)
            .map(|x| x.iface_timers)
            .unwrap_or(PollHold::IFACE_DEFAULT),
        Timers::Unit => cfg.failover.unit_timers,
        Timers::Interface => cfg.failover.iface_timers,
    };
    let timers = if c.negated {
        if unit_cmd {
            PollHold::UNIT_DEFAULT
        } else {
            PollHold::IFACE_DEFAULT
        }
    } else {
        let time = |secs: &'static str, ms: &'static str| {
            let s = a.int(secs).ok().map(|n| Duration::from_secs(n as u64));
            s.or_else(|| a.int(ms).ok().map(|n| Duration::from_millis(n as u64)))
        };
        let poll = time("poll", "poll_ms").ok_or(CliError::Incomplete)?;
        let factor = if unit_cmd { 3 } else { 5 };
        let hold = match time("hold", "hold_ms") {
            Some(h) if h < poll.times(factor) => {
                return Err(CliError::HoldtimeTooShort { factor });
            }
            Some(h) => h,
            None => current.hold.max(poll.times(factor)),
        };
        PollHold { poll, hold }
    };
    let cfg = &mut c.unit_mut().running;
    match which {
        Timers::Group(g) => cfg.groups.entry(g).or_default().iface_timers = timers,
        Timers::Unit => cfg.failover.unit_timers = timers,
        Timers::Interface => cfg.failover.iface_timers = timers,
    }
    Ok(vec![])
}

/// `[no] monitor-interface NAME`.
pub(super) fn monitor_interface(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = a.word("name")?.to_string();
    if c.cfg().port_of_nameif(&name).is_none() {
        return Err(CliError::NotDataInterface { name });
    }
    let on = !c.negated;
    c.cfg_mut().monitor.insert(name, on);
    Ok(vec![])
}

/// `[no] failover active [group N]`: this unit (or with `no`, the mate)
/// takes over.
pub(super) fn active(c: &mut Ctx<'_>, a: &Args) -> Done {
    let (u, negated) = (c.u, c.negated || a.has("no"));
    let group = a.int("group").ok().map(|g| g as u8);
    let lab = &mut *c.lab;
    let unit = lab.unit(u);
    if !unit.running.failover.enabled {
        return Err(CliError::FailoverNotEnabled);
    }
    let target = if negated { u.peer() } else { u };
    if unit.running.multiple {
        let groups: Vec<u8> = match group {
            Some(g) => vec![g],
            None => vec![1, 2],
        };
        let mut moved = false;
        let mut refused = false;
        for n in groups {
            let configured =
                GroupId::failover_group(n).filter(|g| lab.unit(u).running.group_cfg(*g).is_some());
            let Some(g) = configured else {
                if group.is_some() {
                    return Err(CliError::NoSuchGroup { group: n });
                }
                continue;
            };
            if lab.unit(target).fo.state_of(g).is_active() {
                continue;
            }
            if lab.switchover(g, target, u) {
                moved = true;
            } else {
                refused = true;
            }
        }
        if refused && !moved {
            return Err(CliError::SwitchoverRefused {
                to_mate: negated,
                group: true,
            });
        }
        return Ok(vec![]);
    }
    if lab.unit(target).fo.unit.state.is_active() {
        return Ok(vec![]);
    }
    if !lab.switchover(GroupId::Unit, target, u) {
        return Err(CliError::SwitchoverRefused {
            to_mate: negated,
            group: false,
        });
    }
    Ok(vec![])
}

/// `failover reset [group N]`.
pub(super) fn reset(c: &mut Ctx<'_>, a: &Args) -> Done {
    let group = a.int("group").ok().map(|g| g as u8);
    match group.map(GroupId::failover_group) {
        // No such group: nothing to reset.
        Some(None) => {}
        Some(g) => c.lab.failover_reset(c.u, g),
        None => c.lab.failover_reset(c.u, None),
    }
    Ok(vec![])
}

/// The device `failover exec` / `show failover exec` name with
/// `active`, `standby` or `mate`, and its label. In Active/Active,
/// active and standby are those of the failover group of the session's
/// context (group 1 in the system space).
pub(super) fn fexec_device(
    lab: &Lab,
    u: UnitId,
    session: &Session,
    which: &str,
) -> (UnitId, &'static str) {
    let g = lab.unit(u).group_for_session(session);
    let here_active = lab.unit(u).fo.state_of(g).is_active();
    let active = if here_active { u } else { u.peer() };
    match which {
        "active" => (active, "Active"),
        "standby" => (active.peer(), "Standby"),
        _ => (u.peer(), if here_active { "Standby" } else { "Active" }),
    }
}

/// Byte offset of the word after the first `n` whitespace-separated words.
fn nth_word_start(text: &str, n: usize) -> Option<usize> {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if seen == n {
                return Some(i);
            }
            seen += 1;
            in_word = true;
        }
    }
    None
}

/// `failover exec active|standby|mate COMMAND`: runs the command in the
/// device's failover exec session and shows its output here.
pub(super) fn exec(c: &mut Ctx<'_>, a: &Args) -> Done {
    // The peer gets the command as typed (after `failover exec TARGET`),
    // and its error marker lines up under this line.
    let (cmd, col) = match nth_word_start(c.line, 3) {
        Some(at) => (c.line[at..].trim_end().to_string(), at),
        None => (a.line("command").unwrap_or_default().to_string(), 0),
    };
    let plen = if c.origin == Origin::Console {
        c.unit().prompt_for(c.session).chars().count()
    } else {
        0
    };
    let which = a.keyword("target").unwrap_or("mate");
    let (lab, u, session) = (&mut *c.lab, c.u, &mut *c.session);
    let (target, _) = fexec_device(lab, u, session, which);
    let first = cmd
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if "failover".starts_with(&first)
        && cmd
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| "exec".starts_with(&w.to_ascii_lowercase()))
    {
        return Err(CliError::FexecRecursive);
    }
    if !first.is_empty()
        && ("changeto".starts_with(&first)
            || "debug".starts_with(&first) && first.len() >= 2
            || first == "undebug")
    {
        return Err(CliError::FexecNotAllowed { word: first });
    }
    if target != u && !lab.failover_link_ok() {
        return Err(CliError::FexecPeerUnreachable);
    }
    // "If the standby unit is in the failed state, it can still receive
    // commands from the failover exec command if the failure is due to a
    // service card failure; otherwise, the remote command execution will
    // fail." The lab has no service cards.
    let g = lab.unit(u).group_for_session(session);
    if target != u && lab.unit(target).fo.state_of(g) == FoState::Failed {
        let group = (g != GroupId::Unit).then(|| g.number());
        return Err(CliError::FexecPeerFailed { group });
    }
    let local_config = session.mode.is_config();
    let mode = if target == u {
        lab.unit(u).fexec.local.clone()
    } else {
        lab.unit(u).fexec.mate.clone()
    };
    // The peer context on the peer unit.
    let mut fsession = Session {
        mode,
        ..Session::config(session.context.clone())
    };
    // Configuration commands need this session in configuration mode.
    let fspace = lab.unit(target).space_of(&fsession);
    if fsession.mode.is_config() && !local_config {
        let tree = tree_for(&fsession.mode, fspace);
        if let Ok(p) = cli::parse(tree, strip_no(&fsession.mode, &cmd)) {
            if p.cmd.config {
                return Err(CliError::FexecNeedsConfigMode);
            }
        }
    }
    let out = run_line(lab, target, &mut fsession, &cmd, Origin::Fexec, plen + col);
    // Nobody can answer a question on the peer: the command must carry
    // its own no-confirm option.
    if let Some(asked) = fsession.pending.take() {
        return Err(CliError::FexecAsks {
            command: cmd.trim().to_string(),
            has_noconfirm: asked != Pending::EraseConfirm,
        });
    }
    if target == u {
        lab.unit_mut(u).fexec.local = fsession.mode;
    } else {
        lab.unit_mut(u).fexec.mate = fsession.mode;
    }
    Ok(out.lines())
}

/// `failover reload-standby`: the active unit has its standby reboot.
pub(super) fn reload_standby(c: &mut Ctx<'_>, _: &Args) -> Done {
    let unit = c.unit();
    let g = if unit.running.multiple {
        GroupId::G1
    } else {
        GroupId::Unit
    };
    if !unit.running.failover.enabled || !unit.fo.state_of(g).is_active() {
        return Err(CliError::OnlyOnActive);
    }
    let peer = c.u.peer();
    let mate_standby = unit.fo.peer.as_ref().is_some_and(|p| !p.marked_failed)
        && c.lab.failover_link_ok()
        && c.lab.unit(peer).fo.state_of(g).is_standby();
    if !mate_standby {
        return Err(CliError::StandbyUnavailable);
    }
    super::exec::reboot(c.lab, peer);
    Ok(vec![])
}

/// `[no] failover replication rate N`.
pub(super) fn replication_rate(c: &mut Ctx<'_>, a: &Args) -> Done {
    let rate = if c.negated {
        None
    } else {
        Some(a.int("rate")?)
    };
    c.unit_mut().running.failover.replication_rate = rate;
    Ok(vec![])
}

#[cfg(test)]
mod tests {
    use crate::commands::{CliError, Console};
    use crate::labs::{settled, Template};
    use crate::net::{Port, UnitId};
    use crate::time::Duration;

    const P: UnitId = UnitId::Primary;
    const S: UnitId = UnitId::Secondary;

    #[test]
    fn failover_exec_to_a_failed_peer_fails() {
        let mut lab = settled(Template::ActiveStandby);
        // The standby's inside interface fails: it marks itself Failed.
        lab.set_cable(S, Port(1), false).unwrap();
        lab.advance(Duration::from_secs(30));
        let failed = vec![CliError::FexecPeerFailed { group: None }.to_string()];
        assert_eq!(
            lab.run_capture(P, "failover exec mate show version"),
            failed
        );
        assert_eq!(
            lab.run_capture(P, "failover exec standby show version"),
            failed
        );
        // The command did not reach the peer: its failover exec mode stays.
        lab.run_capture(P, "configure terminal");
        assert_eq!(
            lab.run_capture(P, "failover exec mate interface gi0/2"),
            failed
        );
        assert!(lab
            .run_capture(P, "show failover exec mate")
            .iter()
            .any(|l| l.contains("at config mode")));
        // The failed unit can still reach the active one.
        assert_eq!(
            lab.run_capture(S, "failover exec active show failover | include This host"),
            vec!["        This host: Primary - Active"]
        );
        // Healthy again: the peer takes commands.
        lab.set_cable(S, Port(1), true).unwrap();
        lab.advance(Duration::from_secs(30));
        assert_eq!(
            lab.run_capture(P, "failover exec mate show failover | include This host"),
            vec!["        This host: Secondary - Standby Ready"]
        );
    }

    #[test]
    fn in_active_active_the_group_of_the_session_decides() {
        let mut lab = settled(Template::ActiveActive);
        // The secondary's admin inside port (group 1) fails.
        lab.set_cable(S, Port(3), false).unwrap();
        lab.advance(Duration::from_secs(40));
        let failed = vec![CliError::FexecPeerFailed { group: Some(1) }.to_string()];
        assert_eq!(
            lab.run_capture(P, "failover exec mate show version"),
            failed
        );
        lab.run_capture(P, "changeto context ctx1");
        assert_eq!(
            lab.run_capture(
                P,
                "failover exec mate show running-config | include ^hostname"
            ),
            vec!["hostname SecAppB"]
        );
    }
}
