//! `packet-tracer input IFACE PROTO ...` and `show|clear asp drop`.

use super::tree::{kw, p, N};
use super::{CliError, Cmd, Ctx, Output};
use crate::cli::{Args, Param};
use crate::config::nat_words;
use crate::config::NatKind;
use crate::unit::AspDrop;

type Done = Result<Output, CliError>;

/// The `packet-tracer` command.
pub(super) fn tracer_node() -> N {
    let cmd = Cmd::exec(packet_tracer);
    let detailed = || vec![kw("detailed", "Dump more detailed information").run(cmd)];
    let ports = |proto: &'static str, help: &'static str| {
        kw(proto, help)
            .named("pt_proto")
            .then(vec![p(Param::Ip, "src", "Source IP address").then(vec![
                p(Param::Int(0, 65535), "sport", "Source port").then(vec![p(
                    Param::Ip,
                    "dst",
                    "Destination IP address",
                )
                .then(vec![p(Param::Int(0, 65535), "dport", "Destination port")
                    .run(cmd)
                    .then(detailed())])]),
            ])])
    };
    let icmp = kw("icmp", "Enter this keyword if the protocol is ICMP")
        .named("pt_proto")
        .then(vec![p(Param::Ip, "src", "Source IP address").then(vec![
            p(Param::Int(0, 255), "icmp_type", "ICMP type").then(vec![p(
                Param::Int(0, 255),
                "icmp_code",
                "ICMP code",
            )
            .then(vec![p(Param::Ip, "dst", "Destination IP address")
                .run(cmd)
                .then(detailed())])]),
        ])]);
    kw("packet-tracer", "Trace packets in the data path").then(vec![kw(
        "input",
        "Input interface of the packet",
    )
    .then(vec![p(
        Param::Word("WORD"),
        "ifname",
        "Name of the input interface",
    )
    .then(vec![
        icmp,
        ports("tcp", "Enter this keyword if the protocol is TCP"),
        ports("udp", "Enter this keyword if the protocol is UDP"),
    ])])])
}

/// One phase of a trace.
struct Phase {
    kind: &'static str,
    subtype: &'static str,
    allow: bool,
    config: Vec<String>,
    info: Vec<String>,
}

impl Phase {
    fn new(kind: &'static str, subtype: &'static str) -> Self {
        Phase {
            kind,
            subtype,
            allow: true,
            config: Vec::new(),
            info: Vec::new(),
        }
    }
}

/// The rule an ACCESS-LIST phase matched, as `detailed` dumps it.
fn rule_dump(n: usize, mac: bool, deny: bool, in_if: &str) -> Vec<String> {
    let id = format!("0x7f3a{:08x}", 0x1000 * (n + 1));
    let mut v = vec![" Forward Flow based lookup yields rule:".to_string()];
    if mac {
        v.push(format!(
            " in  id={id}, priority=1, domain=permit, deny=false"
        ));
        v.push("        hits=0, user_data=0x0, cs_id=0x0, l3_type=0x8".into());
        v.push("        src mac=0000.0000.0000, mask=0000.0000.0000".into());
        v.push("        dst mac=0000.0000.0000, mask=0100.0000.0000".into());
    } else {
        v.push(format!(
            " in  id={id}, priority=11, domain=permit, deny={deny}"
        ));
        v.push(
            "        hits=0, user_data=0x0, cs_id=0x0, use_real_addr, flags=0x0, protocol=0".into(),
        );
        v.push("        src ip/id=0.0.0.0, mask=0.0.0.0, port=0, tag=any".into());
        v.push("        dst ip/id=0.0.0.0, mask=0.0.0.0, port=0, tag=any, dscp=0x0".into());
    }
    v.push(format!("        input_ifc={in_if}, output_ifc=any"));
    v
}

/// `packet-tracer input IFACE tcp|udp SRC SPORT DST DPORT [detailed]`,
/// `packet-tracer input IFACE icmp SRC TYPE CODE DST [detailed]`: the
/// phases a packet would go through on this unit, and the verdict.
fn packet_tracer(c: &mut Ctx<'_>, a: &Args) -> Done {
    let ctx = c.session.context.clone();
    let ctx = ctx.as_deref();
    let ifname = a.word("ifname")?.to_string();
    let src = a.ip("src")?;
    let dst = a.ip("dst")?;
    let icmp = a.keyword("pt_proto") == Ok("icmp");
    let sport = if icmp { 0 } else { a.int("sport")? };
    let detailed = a.has("detailed");
    let lab = &*c.lab;
    let unit = lab.unit(c.u);
    let cfg = unit.cfg_for(ctx);
    let Some(in_port) = cfg
        .port_of_nameif(&ifname)
        .filter(|p| unit.running.port_in(*p, ctx) && !unit.running.failover.is_failover_port(*p))
    else {
        return Err(CliError::NotNamedInterface { name: ifname });
    };
    let status = |p| {
        if lab.admin_down(c.u, p) {
            ("administratively down", "down")
        } else if lab.link_up(c.u, p) {
            ("up", "up")
        } else {
            ("down", "down")
        }
    };
    let (in_st, in_line) = status(in_port);
    let mut result = vec![
        "Result:".to_string(),
        format!("input-interface: {ifname}"),
        format!("input-status: {in_st}"),
        format!("input-line-status: {in_line}"),
    ];
    let drop_only = |mut result: Vec<String>, d: AspDrop| {
        let (desc, name) = d.words();
        result.push("Action: drop".into());
        result.push(format!("Drop-reason: ({name}) {desc}"));
        let mut out = vec![String::new()];
        out.append(&mut result);
        out.push(String::new());
        out
    };
    // The unit where the context is standby drops everything it receives.
    let g = ctx
        .map(|n| unit.running.group_of_context(n))
        .unwrap_or(crate::failover::GroupId::Unit);
    if unit.running.failover.enabled && !unit.fo.state_of(g).is_active() {
        return Ok(drop_only(result, AspDrop::FoStandby));
    }
    if in_st != "up" {
        return Ok(drop_only(result, AspDrop::InterfaceDown));
    }
    let Some((out_port, out_if, next_hop)) = crate::show::route_lookup(lab, c.u, ctx, dst) else {
        return Ok(drop_only(result, AspDrop::NoRoute));
    };
    let mut phases = Vec::new();
    let mut mac = Phase::new("ACCESS-LIST", "");
    mac.config.push("Implicit Rule".into());
    if detailed {
        mac.info = rule_dump(0, true, false, &ifname);
    } else {
        mac.info.push("MAC Access list".into());
    }
    phases.push(mac);
    let mut route = Phase::new("ROUTE-LOOKUP", "Resolve Egress Interface");
    route.info.push(format!(
        "found next-hop {next_hop} using egress ifc  {out_if}"
    ));
    phases.push(route);
    // Without an access list, traffic may only go to a lower level.
    let level = |p| cfg.iface(p).security_level.unwrap_or(0);
    let permitted = level(in_port) > level(out_port);
    let mut acl = Phase::new("ACCESS-LIST", "");
    acl.allow = permitted;
    acl.config.push("Implicit Rule".into());
    if detailed {
        acl.info = rule_dump(2, false, !permitted, &ifname);
    }
    phases.push(acl);
    let drop = (!permitted).then_some(AspDrop::AclDrop);
    if drop.is_none() {
        let nat = cfg.objects.iter().find(|(_, o)| {
            o.contains(src)
                && o.nat
                    .as_ref()
                    .is_some_and(|n| n.real_if == ifname && n.mapped_if == out_if)
        });
        if let Some((name, o)) = nat {
            let n = o.nat.as_ref().expect("found with a nat");
            let mut ph = Phase::new("NAT", "");
            ph.config.push(format!("object network {name}"));
            ph.config.push(format!(
                " nat ({},{}) {}",
                n.real_if,
                n.mapped_if,
                nat_words(&n.kind)
            ));
            let (verb, mapped) = match n.kind {
                NatKind::DynamicInterface => {
                    ("Dynamic", cfg.iface(out_port).addr.map_or(src, |x| x.ip))
                }
                NatKind::Dynamic(ip) => ("Dynamic", ip),
                NatKind::Static(ip) => ("Static", ip),
            };
            ph.info.push(format!(
                "{verb} translate {src}/{sport} to {mapped}/{sport}"
            ));
            phases.push(ph);
        }
        phases.push(Phase::new("NAT", "per-session"));
        phases.push(Phase::new("IP-OPTIONS", ""));
        if unit.running.failover.enabled {
            phases.push(Phase::new("FOVER", "standby-update"));
        }
        let mut flow = Phase::new("FLOW-CREATION", "");
        // After the ids the lab's sessions use (their slots).
        let id = lab.traffic().kind.len() as u64 + unit.traced_flows + 1;
        flow.info.push(format!(
            "New flow created with id {id}, packet dispatched to next module"
        ));
        phases.push(flow);
    }
    let mut out = Vec::new();
    for (i, ph) in phases.iter().enumerate() {
        out.push(String::new());
        out.push(format!("Phase: {}", i + 1));
        out.push(format!("Type: {}", ph.kind));
        out.push(format!("Subtype: {}", ph.subtype));
        out.push(format!(
            "Result: {}",
            if ph.allow { "ALLOW" } else { "DROP" }
        ));
        out.push("Config:".into());
        out.extend(ph.config.iter().cloned());
        out.push("Additional Information:".into());
        out.extend(ph.info.iter().cloned());
    }
    out.push(String::new());
    let (out_st, out_line) = status(out_port);
    result.push(format!("output-interface: {out_if}"));
    result.push(format!("output-status: {out_st}"));
    result.push(format!("output-line-status: {out_line}"));
    match drop {
        Some(d) => {
            let (desc, name) = d.words();
            result.push("Action: drop".into());
            result.push(format!("Drop-reason: ({name}) {desc}"));
        }
        None => result.push("Action: allow".into()),
    }
    out.extend(result);
    out.push(String::new());
    if drop.is_none() {
        c.lab.unit_mut(c.u).traced_flows += 1;
    }
    Ok(out)
}

/// `show asp drop`.
pub(super) fn show_asp_drop(c: &mut Ctx<'_>, _: &Args) -> Done {
    let unit = c.unit();
    let last = match unit.asp_cleared {
        Some(t) => format!("Last clearing: {} by enable_15", t.asa_clock()),
        None => "Last clearing: Never".to_string(),
    };
    let mut out = vec!["Frame drop:".to_string()];
    for (d, n) in unit.asp.iter().filter(|(_, n)| **n > 0) {
        let (desc, name) = d.words();
        out.push(format!("  {:<67}{n:>11}", format!("{desc} ({name})")));
    }
    out.push(String::new());
    out.push(last.clone());
    out.push(String::new());
    out.push("Flow drop:".to_string());
    out.push(String::new());
    out.push(last);
    out.push(String::new());
    Ok(out)
}

/// `clear asp drop`.
pub(super) fn clear_asp_drop(c: &mut Ctx<'_>, _: &Args) -> Done {
    c.lab.clear_asp_drop(c.u);
    Ok(vec![])
}
