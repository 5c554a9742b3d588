//! `show route`, `show nameif` and `show ip address`: a unit's layer 3 as
//! one context (or single mode) sees it.

use crate::config::Role;
use crate::lab::Lab;
use crate::net::{Ip, Port, UnitId};

/// The legend `show route` prints (9.x).
const ROUTE_CODES: [&str; 7] = [
    "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP",
    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area ",
    "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2",
    "       E1 - OSPF external type 1, E2 - OSPF external type 2, V - VPN",
    "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2",
    "       ia - IS-IS inter area, * - candidate default, U - per-user static route",
    "       o - ODR, P - periodic downloaded static route, + - replicated route",
];

/// The data interfaces a context (or single mode) owns, with their name.
fn named_ports(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<(Port, String)> {
    let unit = lab.unit(u);
    lab.data_ports(u)
        .into_iter()
        .filter(|p| unit.running.port_in(*p, ctx))
        .filter_map(|p| Some((p, unit.running.l3(p).nameif.clone()?)))
        .collect()
}

/// Whether an interface passes traffic now (link up, not shut down).
fn iface_up(lab: &Lab, u: UnitId, p: Port) -> bool {
    lab.link_up(u, p) && !lab.admin_down(u, p)
}

/// One route of the table: code, network, mask and the rest of the line.
struct Entry {
    code: &'static str,
    net: Ip,
    mask: Ip,
    text: String,
}

/// The routing table: connected and local routes of the interfaces that
/// are up, and the static routes whose next hop is on one of them.
fn table(lab: &Lab, u: UnitId, ctx: Option<&str>) -> (Vec<Entry>, Option<Ip>) {
    let unit = lab.unit(u);
    let cfg = unit.cfg_for(ctx);
    let mut v = Vec::new();
    let mut connected: Vec<(String, Ip, Ip)> = Vec::new();
    for (p, name) in named_ports(lab, u, ctx) {
        let (Some(a), Some(ip)) = (unit.running.l3(p).addr, lab.iface_ip(u, p)) else {
            continue;
        };
        if !iface_up(lab, u, p) {
            continue;
        }
        let net = Ip(ip.0 & a.mask.0);
        connected.push((name.clone(), net, a.mask));
        v.push(Entry {
            code: "C",
            net,
            mask: a.mask,
            text: format!("is directly connected, {name}"),
        });
        v.push(Entry {
            code: "L",
            net: ip,
            mask: Ip(u32::MAX),
            text: format!("is directly connected, {name}"),
        });
    }
    let mut last_resort = None;
    for r in &cfg.routes {
        let reachable = connected
            .iter()
            .any(|(n, net, mask)| *n == r.ifname && r.gateway.same_subnet(*net, *mask));
        if !reachable {
            continue;
        }
        let default = r.net.0 == 0 && r.mask.0 == 0;
        if default && last_resort.is_none() {
            last_resort = Some(r.gateway);
        }
        v.push(Entry {
            code: if default { "S*" } else { "S" },
            net: r.net,
            mask: r.mask,
            text: format!("[{}/0] via {}, {}", r.distance, r.gateway, r.ifname),
        });
    }
    crate::small::sort_small_by_key(&mut v, |e| (e.net.0, std::cmp::Reverse(e.mask.0)));
    (v, last_resort)
}

/// The route a context (or single mode) takes to `dst`: the egress
/// interface, its name and the next hop (the destination itself on a
/// connected network), by longest prefix.
pub fn lookup(lab: &Lab, u: UnitId, ctx: Option<&str>, dst: Ip) -> Option<(Port, String, Ip)> {
    let (entries, _) = table(lab, u, ctx);
    let best = entries
        .iter()
        .filter(|e| e.code != "L" && dst.same_subnet(e.net, e.mask))
        .max_by_key(|e| e.mask.0)?;
    let ports = named_ports(lab, u, ctx);
    let cfg = lab.unit(u).cfg_for(ctx);
    if best.code == "C" {
        let (p, n) = ports.into_iter().find(|(p, _)| {
            lab.unit(u)
                .running
                .l3(*p)
                .addr
                .is_some_and(|a| dst.same_subnet(a.ip, a.mask))
        })?;
        return Some((p, n, dst));
    }
    let r = cfg
        .routes
        .iter()
        .find(|r| r.net == best.net && r.mask == best.mask)?;
    let (p, n) = ports.into_iter().find(|(_, n)| *n == r.ifname)?;
    Some((p, n, r.gateway))
}

/// `show route`.
pub fn route(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<String> {
    let (entries, last_resort) = table(lab, u, ctx);
    let mut out = vec![String::new()];
    out.extend(ROUTE_CODES.iter().map(|l| l.to_string()));
    out.push(match last_resort {
        Some(gw) => format!("Gateway of last resort is {gw} to network 0.0.0.0"),
        None => "Gateway of last resort is not set".to_string(),
    });
    out.push(String::new());
    for e in entries {
        out.push(format!("{:<9}{} {} {}", e.code, e.net, e.mask, e.text));
    }
    out.push(String::new());
    out
}

/// `show nameif`.
pub fn nameif(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = vec![format!("{:<25}{:<25}{}", "Interface", "Name", "Security")];
    let f = &unit.running.failover;
    for p in Port::all().filter(|p| unit.running.port_in(*p, ctx)) {
        if let Some(n) = f.name_on(p).filter(|_| ctx.is_none()) {
            // The failover interfaces carry their failover name.
            out.push(format!("{:<25}{:<25}{:>3}", p.to_string(), n, 0));
            continue;
        }
        if unit.running.multiple && ctx.is_none() {
            // The system execution space names no data interface.
            continue;
        }
        let c = unit.running.l3(p);
        if let Some(n) = &c.nameif {
            let level = c.security_level.unwrap_or(0);
            out.push(format!("{:<25}{:<25}{:>3}", p.to_string(), n, level));
        }
    }
    out
}

/// `show ip address`: the addresses the configuration gives the pair
/// (System) and those this unit uses now (Current).
pub fn ip_address(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let header = format!(
        "{:<25}{:<23}{:<16}{:<16}Method ",
        "Interface", "Name", "IP address", "Subnet mask"
    );
    // (port, name, system address, current address, mask, method)
    let mut rows: Vec<(Port, String, Ip, Ip, Ip, &'static str)> = Vec::new();
    let f = &unit.running.failover;
    for p in Port::all().filter(|p| unit.running.port_in(*p, ctx)) {
        if let Some(n) = f.name_on(p).filter(|_| ctx.is_none()) {
            if let Some(a) = f.ips.get(n) {
                // A failover interface keeps its unit's own address.
                let mine = match unit.role() {
                    Role::Primary => a.ip,
                    Role::Secondary => a.standby.unwrap_or(a.ip),
                };
                rows.push((p, n.to_string(), a.ip, mine, a.mask, a.method()));
            }
            continue;
        }
        if unit.running.multiple && ctx.is_none() {
            continue;
        }
        let c = unit.running.l3(p);
        if let (Some(n), Some(a)) = (&c.nameif, c.addr) {
            let current = lab.iface_ip(u, p).unwrap_or(a.ip);
            rows.push((p, n.clone(), a.ip, current, a.mask, a.method()));
        }
    }
    let mut out = vec!["System IP Addresses:".to_string(), header.clone()];
    let line = |p: &Port, n: &str, ip: Ip, mask: Ip, method: &str| {
        format!(
            "{:<25}{:<23}{:<16}{:<16}{method}",
            p.to_string(),
            n,
            ip.to_string(),
            mask.to_string()
        )
    };
    for (p, n, sys, _, mask, method) in &rows {
        out.push(line(p, n, *sys, *mask, method));
    }
    out.push("Current IP Addresses:".to_string());
    out.push(header);
    for (p, n, _, cur, mask, method) in &rows {
        out.push(line(p, n, *cur, *mask, method));
    }
    out
}
