//! `show interface`, `show interface ip brief`, `show running-config
//! interface` and `show monitor-interface`.

use super::{iface_lines_of, peer_label, Scope};
use crate::failover::GroupId;
use crate::lab::Lab;
use crate::net::{Port, UnitId};
use crate::unit::IfCounters;

/// `show monitor-interface`.
/// `show monitor-interface`; inside a context, only that context's
/// interfaces and the state of its failover group on each unit.
pub fn monitor_interface(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let (scope, g) = match ctx {
        Some(c) if unit.running.multiple => (Scope::Context(c), unit.running.group_of_context(c)),
        _ => (Scope::All, GroupId::Unit),
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
        .filter(|_| !g.is_unit() && unit.fo.peer.as_ref().is_some_and(|p| !p.marked_failed))
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
        let (ip, how) = match unit.running.failover.name_on(p) {
            Some(n) => {
                let a = unit.running.failover.ips.get(n);
                (
                    a.map(|a| {
                        if unit.role() == crate::config::Role::Primary {
                            a.ip
                        } else {
                            a.standby.unwrap_or(a.ip)
                        }
                    }),
                    a.map_or("CONFIG", |a| a.method()),
                )
            }
            // In the system execution space, addresses belong to the contexts.
            None if unit.running.multiple && ctx.is_none() => (None, "unset"),
            None => (
                lab.iface_ip(u, p),
                unit.running.l3(p).addr.map_or("CONFIG", |a| a.method()),
            ),
        };
        let (ipt, ok, method) = match ip {
            Some(i) => (i.to_string(), "YES", how),
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
