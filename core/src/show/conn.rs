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

fn conn_flags(kind: crate::traffic::Kind, pat: bool) -> &'static str {
    use crate::traffic::Kind;
    match kind {
        // 9.0(1) and later translate TCP with per-session PAT: flag x.
        Kind::Tcp | Kind::Http | Kind::Ikev2 if pat => "UxIO",
        Kind::Tcp | Kind::Http | Kind::Ikev2 => "UIO",
        Kind::Sip if pat => "UxTIO",
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

/// Which connections `show conn` and `clear conn` take, and how
/// `show conn` prints them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnQuery {
    /// `address IP`: either end.
    pub address: Option<crate::net::Ip>,
    /// `port N`: either end.
    pub port: Option<u32>,
    /// `protocol tcp|udp|sctp`.
    pub protocol: Option<String>,
    pub count_only: bool,
    pub style: ConnStyle,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ConnStyle {
    #[default]
    Short,
    Long,
    Detail,
}

/// One connection as `show conn` prints it.
struct ConnRow {
    kind: crate::traffic::Kind,
    ingress_if: String,
    egress_if: String,
    src: crate::net::Ip,
    sport: u32,
    dst: crate::net::Ip,
    dport: u32,
    /// The source as translated (PAT to the egress interface).
    mapped: crate::net::Ip,
    age: u64,
    bytes: u64,
}

fn conn_row(lab: &Lab, u: UnitId, slot: u32, active: bool) -> Option<ConnRow> {
    let i = slot as usize;
    let kind = lab.traffic().kind[i];
    let r = &lab.traffic().routes[lab.traffic().route[i] as usize];
    let rp = lab.route_ports(u, r.from, r.to)?;
    let (src, dst) = (&lab.net().hosts[r.from], &lab.net().hosts[r.to]);
    let mut age = lab.traffic().age(slot, lab.now()).secs();
    // A multicast stream's connection is this unit's since it learned the
    // group (multicast state is not replicated).
    if let (crate::traffic::Kind::Multicast, Some((_, since))) = (kind, r.igmp) {
        age = age.min(lab.now().saturating_since(since).secs());
    }
    // A multicast stream goes to its group, not to the receiver.
    let dst_ip = if kind == crate::traffic::Kind::Multicast {
        crate::lab::group_of_route(lab.traffic().route[i] as usize)
    } else {
        dst.ip
    };
    let icmp = kind == crate::traffic::Kind::Icmp;
    let mapped = if rp.pat {
        lab.unit(u)
            .running
            .l3(rp.egress)
            .addr
            .map(|a| a.ip)
            .unwrap_or(src.ip)
    } else {
        src.ip
    };
    Some(ConnRow {
        kind,
        ingress_if: rp.ingress_if,
        egress_if: rp.egress_if,
        src: src.ip,
        sport: if icmp {
            slot % 65535
        } else {
            1024 + (slot % 64512)
        },
        dst: dst_ip,
        dport: if icmp { 0 } else { kind.port() as u32 },
        mapped,
        age,
        bytes: if active {
            kind.bytes_per_sec() * age
        } else {
            0
        },
    })
}

impl ConnRow {
    fn matches(&self, q: &ConnQuery) -> bool {
        q.address
            .is_none_or(|a| a == self.src || a == self.dst || a == self.mapped)
            && q.port.is_none_or(|p| p == self.sport || p == self.dport)
            && q.protocol
                .as_deref()
                .is_none_or(|p| p.eq_ignore_ascii_case(self.kind.proto()))
    }
}

/// `show conn long|detail` durations: `6s`, `2m13s`, `1h0m`, `3D4h`.
fn conn_duration(secs: u64) -> String {
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{}s", s / 60, s % 60),
        s if s < 86_400 => format!("{}h{}m", s / 3600, (s / 60) % 60),
        s => format!("{}D{}h", s / 86_400, (s / 3600) % 24),
    }
}

/// The idle timeout of a kind (the `timeout conn`/`udp`/`icmp` defaults).
fn conn_timeout(kind: crate::traffic::Kind) -> &'static str {
    match kind.proto() {
        "TCP" => "1h0m",
        "UDP" => "2m0s",
        _ => "2s",
    }
}

/// The flag legend `show conn long|detail` print (9.16 capture).
const CONN_FLAGS_LEGEND: [&str; 23] = [
    "Flags: A - awaiting inside ACK to SYN, a - awaiting outside ACK to SYN,",
    "       B - initial SYN from outside, b - TCP state-bypass or nailed,",
    "       C - CTIQBE media, c - cluster centralized,",
    "       D - DNS / Umbrella, d - dump, E - outside back connection, e - semi-distributed,",
    "       F - outside FIN, f - inside FIN,",
    "       G - group, g - MGCP, H - H.323, h - H.225.0, I - inbound data,",
    "       i - incomplete, J - GTP, j - GTP data, K - GTP t3-response",
    "       k - Skinny media, L - LISP triggered flow owner mobility",
    "       l - local director/backup stub flow",
    "       M - SMTP data, m - SIP media, n - GUP",
    "       N - inspected by Snort",
    "       O - outbound data, o - offloaded,",
    "       P - inside back connection",
    "       Q - Diameter, q - SQL*Net data,",
    "       R - outside acknowledged FIN,",
    "       R - UDP SUNRPC, r - inside acknowledged FIN, S - awaiting inside SYN,",
    "       s - awaiting outside SYN, T - SIP, t - SIP transient, U - up, u - STUN,",
    "       V - VPN orphan, v - M3UA W - WAAS,",
    "       w - secondary domain backup,",
    "       X - inspected by service module,",
    "       x - per session, Y - director stub flow, y - backup stub flow,",
    "       Z - Scansafe redirection, z - forwarding stub flow",
    "",
];

/// The connections of a unit a query takes (those a context passes, in
/// a context).
pub fn conn_slots(lab: &Lab, u: UnitId, q: &ConnQuery, ctx: Option<&str>) -> Vec<u32> {
    let unit = lab.unit(u);
    unit.table
        .conns
        .iter()
        .filter(|s| in_context(lab, u, *s, ctx))
        .filter(|s| conn_row(lab, u, *s, false).is_some_and(|r| r.matches(q)))
        .collect()
}

/// `show conn [address IP] [port N] [protocol P] [long|detail]`, `show
/// conn count`.
pub fn conn(lab: &Lab, u: UnitId, q: &ConnQuery, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let t = &unit.table;
    let filtered = q.address.is_some() || q.port.is_some() || q.protocol.is_some();
    let slots: Box<dyn Iterator<Item = u32>> = match (ctx, filtered) {
        (None, false) => Box::new(t.conns.iter()),
        _ => Box::new(conn_slots(lab, u, q, ctx).into_iter()),
    };
    let mut out = vec![match ctx {
        None => format!("{} in use, {} most used", t.conns.len(), t.most_used),
        Some(c) => {
            let n = t
                .conns
                .iter()
                .filter(|s| in_context(lab, u, *s, ctx))
                .count();
            // The high-water mark of the context's failover group.
            let most = t.most_used_in(unit.running.group_of_context(c)).max(n);
            format!("{n} in use, {most} most used")
        }
    }];
    if q.count_only {
        return out;
    }
    if q.style != ConnStyle::Short {
        out.extend(CONN_FLAGS_LEGEND.iter().map(|l| l.to_string()));
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
        let Some(r) = conn_row(lab, u, slot, active) else {
            continue;
        };
        let flags = conn_flags(r.kind, r.mapped != r.src);
        let (proto, age, bytes) = (r.kind.proto(), r.age, r.bytes);
        match q.style {
            ConnStyle::Short => out.push(format!(
                "{proto} {} {}:{} {} {}:{}, idle 0:00:00, bytes {bytes}, flags {flags}",
                r.egress_if, r.dst, r.dport, r.ingress_if, r.src, r.sport,
            )),
            ConnStyle::Long => {
                out.push(format!(
                    "{proto} {}: {}/{} ({}/{}) {}: {}/{} ({}/{}), flags {flags} , idle 0s, uptime {}, timeout {}, bytes {bytes}",
                    r.ingress_if, r.src, r.sport, r.mapped, r.sport,
                    r.egress_if, r.dst, r.dport, r.dst, r.dport,
                    conn_duration(age), conn_timeout(r.kind)
                ));
                out.push(format!("  Initiator: {}, Responder: {}", r.src, r.dst));
                out.push(String::new());
            }
            ConnStyle::Detail => {
                out.push(format!(
                    "{proto} {}: {}/{} {}: {}/{},",
                    r.egress_if, r.dst, r.dport, r.ingress_if, r.src, r.sport
                ));
                out.push(format!(
                    "    flags {flags} , idle 0s, uptime {}, timeout {}, bytes {bytes}",
                    conn_duration(age),
                    conn_timeout(r.kind)
                ));
                out.push(format!("  Initiator: {}, Responder: {}", r.src, r.dst));
                out.push(format!("  Connection lookup keyid: {}", 1000 + slot));
                out.push(String::new());
            }
        }
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
    // The high-water mark of translations (inside a context, of its
    // failover group's, as `show conn`).
    let g = ctx
        .map(|c| unit.running.group_of_context(c))
        .unwrap_or(GroupId::Unit);
    let most = unit.table.most_xlates_in(g).max(slots.len());
    let mut out = vec![format!("{} in use, {most} most used", slots.len())];
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

/// `show local-host [IP]`: each interface of the context, its active hosts
/// and their TCP and UDP flows.
pub fn local_host(
    lab: &Lab,
    u: UnitId,
    only: Option<crate::net::Ip>,
    ctx: Option<&str>,
) -> Vec<String> {
    let unit = lab.unit(u);
    let hosts = lab.local_hosts(u);
    let mut out = Vec::new();
    for p in lab.data_ports(u) {
        if !unit.running.port_in(p, ctx) {
            continue;
        }
        let Some(name) = unit.running.l3(p).nameif.clone() else {
            continue;
        };
        let (list, max) = hosts.get(&p).cloned().unwrap_or_default();
        let max = max.max(unit.local_host_max.get(&p).copied().unwrap_or(0));
        out.push(format!(
            "Interface {name}: {} active, {max} maximum active",
            list.len()
        ));
        for h in list.iter().filter(|h| only.is_none_or(|ip| ip == h.ip)) {
            out.push(format!("local host: <{}>,", h.ip));
            out.push(format!("    TCP flow count/limit = {}/unlimited", h.tcp));
            out.push("    TCP embryonic count to host = 0".into());
            out.push("    TCP intercept watermark = unlimited".into());
            out.push(format!("    UDP flow count/limit = {}/unlimited", h.udp));
        }
    }
    out
}
