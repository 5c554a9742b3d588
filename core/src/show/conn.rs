//! `show conn`, `show xlate` and `show arp`.

use crate::failover::GroupId;
use crate::lab::Lab;
use crate::net::UnitId;

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

/// Connections printed by `show conn` before the lab stops listing them.
pub const CONN_LIST_LIMIT: usize = 5_000;

fn conn_flags(kind: crate::traffic::Kind) -> &'static str {
    use crate::traffic::Kind;
    match kind {
        Kind::Tcp | Kind::Http => "UIO",
        Kind::Sip => "UTIO",
        Kind::Icmp => "",
        // The lab's UDP sessions are DNS queries (port 53): flag D, as
        // the command reference's sample prints it.
        Kind::Udp if kind.port() == 53 => "D-",
        _ => "-",
    }
}

/// `show conn [count]`.
/// Whether a session passes a security context (always, in single mode).
fn in_context(lab: &Lab, u: UnitId, slot: u32, ctx: Option<&str>) -> bool {
    if ctx.is_none() {
        return true;
    }
    let r = &lab.traffic().routes[lab.traffic().route[slot as usize] as usize];
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
    let g = ctx
        .map(|c| unit.running.group_of_context(c))
        .unwrap_or(GroupId::Unit);
    let active = unit.fo.state_of(g).is_active() || !unit.running.failover.enabled;
    for (n, slot) in slots.enumerate() {
        if n == CONN_LIST_LIMIT {
            out.push(format!("(Failover Lab lists the first {CONN_LIST_LIMIT} connections; use 'show conn count')"));
            break;
        }
        let i = slot as usize;
        let kind = lab.traffic().kind[i];
        let r = &lab.traffic().routes[lab.traffic().route[i] as usize];
        let Some(rp) = lab.route_ports(u, r.from, r.to) else {
            continue;
        };
        let (src, dst) = (&lab.net().hosts[r.from], &lab.net().hosts[r.to]);
        let age = lab.traffic().age(slot, lab.now()).secs();
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
        let kind = lab.traffic().kind[i];
        let r = &lab.traffic().routes[lab.traffic().route[i] as usize];
        let Some(rp) = lab.route_ports(u, r.from, r.to) else {
            continue;
        };
        let src = &lab.net().hosts[r.from];
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
