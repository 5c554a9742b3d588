//! `show local-host`: the hosts with connections through each interface.

use crate::small::VecMap;

use crate::net::{Ip, Port, UnitId};

use super::*;

/// One host of `show local-host`: its address and TCP and UDP flows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalHost {
    pub ip: Ip,
    pub tcp: u64,
    pub udp: u64,
}

impl Lab {
    /// The hosts active now on each interface of a unit (a host is active
    /// while it has a connection through the unit).
    fn active_hosts(&self, u: UnitId) -> VecMap<Port, VecMap<Ip, ()>> {
        let mut by_port: VecMap<Port, VecMap<Ip, ()>> = VecMap::new();
        for (ri, n) in self.unit(u).table.live_by_route.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let Some(r) = self.traffic.routes.get(ri) else {
                continue;
            };
            if let Some(rp) = self.route_ports(u, r.from, r.to) {
                by_port
                    .entry(rp.ingress)
                    .or_default()
                    .insert(self.net.hosts[r.from].ip, ());
                by_port
                    .entry(rp.egress)
                    .or_default()
                    .insert(self.net.hosts[r.to].ip, ());
            }
        }
        by_port
    }

    /// A route got its first connection on a unit: the high-water marks of
    /// active hosts per interface.
    pub(super) fn note_local_hosts(&mut self, u: UnitId) {
        // Which active routes are translated (for the xlate count).
        let pats: Vec<(u16, crate::failover::GroupId, bool)> =
            (0..self.unit(u).table.live_by_route.len())
                .filter(|ri| self.unit(u).table.live_by_route[*ri] > 0)
                .filter_map(|ri| {
                    let r = self.traffic.routes.get(ri)?;
                    let pat = self.route_ports(u, r.from, r.to).is_some_and(|rp| rp.pat);
                    Some((ri as u16, r.group, pat))
                })
                .collect();
        for (ri, g, pat) in pats {
            self.unit_mut(u).table.set_route_pat(ri, g, pat);
        }
        let now = self.active_hosts(u);
        let max = &mut self.unit_mut(u).local_host_max;
        for (p, hosts) in now {
            let m = max.entry(p).or_default();
            *m = (*m).max(hosts.len());
        }
    }

    /// `show local-host`: per interface, its hosts with their flows, and
    /// the most hosts it had active at once.
    pub fn local_hosts(&self, u: UnitId) -> VecMap<Port, (Vec<LocalHost>, usize)> {
        let mut flows: VecMap<(Port, Ip), (u64, u64)> = VecMap::new();
        let unit = self.unit(u);
        for slot in unit.table.conns.iter() {
            let i = slot as usize;
            let r = &self.traffic.routes[self.traffic.route[i] as usize];
            let Some(rp) = self.route_ports(u, r.from, r.to) else {
                continue;
            };
            let proto = self.traffic.kind[i].proto();
            for (p, ip) in [
                (rp.ingress, self.net.hosts[r.from].ip),
                (rp.egress, self.net.hosts[r.to].ip),
            ] {
                let e = flows.entry((p, ip)).or_default();
                match proto {
                    "TCP" => e.0 += 1,
                    "UDP" => e.1 += 1,
                    _ => {}
                }
            }
        }
        let mut out: VecMap<Port, (Vec<LocalHost>, usize)> = VecMap::new();
        for ((p, ip), (tcp, udp)) in flows {
            out.entry(p).or_default().0.push(LocalHost { ip, tcp, udp });
        }
        for (p, (hosts, max)) in out.iter_mut() {
            *max = unit
                .local_host_max
                .get(p)
                .copied()
                .unwrap_or(0)
                .max(hosts.len());
        }
        out
    }
}
