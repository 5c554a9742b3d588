//! VPN tunnels that terminate on the pair. A `traffic ikev2 N PEER HOST`
//! statement is a remote peer tunnelling to the pair: one IKEv2 SA between
//! PEER and the pair's address on the interface facing it, and N IPsec
//! tunnels (child SAs) under it carrying traffic to HOST. Stateful failover
//! replicates the IKEv2 SA and each child SA (`VPN IKEv2 SA`, `VPN IKEv2
//! P2` in `show failover`), so the tunnels survive a failover (the seed:
//! "Stateful failover replicates IKEv2 SA state and the rekey timers.
//! Tunnels survive failover with at most a brief blip.").

use crate::net::{Ip, UnitId};
use crate::repl::Obj;
use crate::time::Instant;
use crate::traffic::{Kind, FREE};

use super::*;

/// What `show vpn-sessiondb` counts since a unit booted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VpnCounters {
    /// IKEv2 sessions (SAs) and IPsec tunnels the unit has held.
    pub cumulative_ike: u64,
    pub cumulative_ipsec: u64,
    /// The most it held at once.
    pub peak_ike: u64,
    pub peak_ipsec: u64,
}

/// One IKEv2 SA a unit holds, with its child SAs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IkeSa {
    /// The route's number (stable: it names the SA's tunnel id).
    pub route: usize,
    /// The pair's address the tunnel terminates on, and the peer's.
    pub local: Ip,
    pub remote: Ip,
    /// The traffic selectors: the host behind the pair, the peer itself.
    pub local_host: Ip,
    pub remote_host: Ip,
    /// The child SAs (one per tunnel), by session slot.
    pub children: Vec<u32>,
    /// When the oldest tunnel opened.
    pub since: Instant,
    /// This unit forwards the tunnels (active), or holds a replicated copy.
    pub active: bool,
}

impl Lab {
    /// VPN failover is available in Active/Standby only: the Active/Active
    /// chapter says "VPN failover is unavailable. (It is available in
    /// Active/Standby failover configurations only.)"
    pub(super) fn vpn_possible(&self, kind: Kind) -> Result<(), String> {
        if kind == Kind::Ikev2 && UnitId::BOTH.iter().any(|u| self.unit(*u).running.multiple) {
            return Err(
                "ikev2 tunnels need single context mode: VPN failover is available in \
                 Active/Standby failover configurations only"
                    .into(),
            );
        }
        Ok(())
    }

    fn vpn_route_of(&self, slot: u32) -> Option<usize> {
        let ri = self.traffic.route[slot as usize] as usize;
        self.traffic.routes[ri].vpn.then_some(ri)
    }

    /// The unit's current IKEv2 SAs and IPsec tunnels (routes whose SA it
    /// holds, with their tunnels).
    fn vpn_current(&self, u: UnitId) -> (u64, u64) {
        let t = &self.traffic;
        t.routes
            .iter()
            .zip(&t.route_kind)
            .filter(|(r, _)| r.vpn && r.ike_sa[u.index()])
            .fold((0, 0), |(ike, ipsec), (_, k)| {
                (ike + 1, ipsec + k[Kind::Ikev2.index()])
            })
    }

    /// Unit `u` got a tunnel (negotiated as the active unit, or replicated)
    /// and, if it did not hold it, the route's IKEv2 SA.
    pub(super) fn vpn_gained(&mut self, u: UnitId, slot: u32) {
        let Some(ri) = self.vpn_route_of(slot) else {
            return;
        };
        let new_sa = !self.traffic.routes[ri].ike_sa[u.index()];
        self.traffic.routes[ri].ike_sa[u.index()] = true;
        let (ike, ipsec) = self.vpn_current(u);
        let c = &mut self.vpn[u.index()];
        c.cumulative_ipsec += 1;
        c.cumulative_ike += u64::from(new_sa);
        c.peak_ike = c.peak_ike.max(ike);
        c.peak_ipsec = c.peak_ipsec.max(ipsec);
    }

    /// Before a tunnel's update goes to the mate: the route's IKEv2 SA goes
    /// first if the mate does not hold it yet.
    pub(super) fn replicate_ike_sa(&mut self, from: UnitId, slot: u32) {
        let Some(ri) = self.vpn_route_of(slot) else {
            return;
        };
        let peer = from.peer();
        if self.traffic.routes[ri].ike_sa[peer.index()] {
            return;
        }
        // The mate holds it once the tunnel's own update arrives
        // (`vpn_gained`).
        self.send(from, Msg::Update(Obj::Ikev2Sa));
    }

    /// A session ended: a route without tunnels has no IKEv2 SA left.
    pub(super) fn vpn_ended(&mut self, ri: usize) {
        let r = &self.traffic.routes[ri];
        if r.vpn && self.traffic.route_kind[ri][Kind::Ikev2.index()] == 0 {
            self.traffic.routes[ri].ike_sa = [false; 2];
        }
    }

    /// A unit lost power: its SAs and counters are gone.
    pub(super) fn vpn_forget(&mut self, u: UnitId) {
        for r in &mut self.traffic.routes {
            r.ike_sa[u.index()] = false;
        }
        self.vpn[u.index()] = VpnCounters::default();
    }

    /// The IKEv2 SAs unit `u` holds, in route order.
    pub fn ike_sas(&self, u: UnitId) -> Vec<IkeSa> {
        let unit = self.unit(u);
        let mut out: Vec<IkeSa> = Vec::new();
        for (ri, r) in self.traffic.routes.iter().enumerate() {
            if !r.vpn || !r.ike_sa[u.index()] {
                continue;
            }
            let children: Vec<u32> = (0..self.traffic.flows() as u32)
                .filter(|s| {
                    let i = *s as usize;
                    self.traffic.status[i] != FREE
                        && self.traffic.route[i] as usize == ri
                        && unit.table.conns.get(*s)
                })
                .collect();
            if children.is_empty() {
                continue;
            }
            let Some(rp) = self.route_ports(u, r.from, r.to) else {
                continue;
            };
            let Some(local) = unit.running.l3(rp.ingress).addr.map(|a| a.ip) else {
                continue;
            };
            let since = children
                .iter()
                .map(|s| self.traffic.born_at(*s, self.now))
                .min()
                .unwrap_or(self.now);
            out.push(IkeSa {
                route: ri,
                local,
                remote: self.net.hosts[r.from].ip,
                local_host: self.net.hosts[r.to].ip,
                remote_host: self.net.hosts[r.from].ip,
                children,
                since,
                active: self.forwards(u, r.group),
            });
        }
        out
    }

    /// `show vpn-sessiondb` counts of a unit.
    pub fn vpn_counters(&self, u: UnitId) -> VpnCounters {
        self.vpn[u.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::{build, Template};
    use crate::time::Duration;

    #[test]
    fn tunnels_terminate_on_the_active_address_and_replicate_as_sas() {
        let mut lab = crate::labs::settled(Template::ActiveStandby);
        let peer = lab.net().host_by_name("outside-server").unwrap();
        let host = lab.net().host_by_name("inside-host").unwrap();
        // The security levels do not stop tunnelled traffic (permit-vpn).
        lab.start_traffic(Kind::Ikev2, 3, peer, host).unwrap();
        lab.advance(Duration::from_secs(1));
        for u in UnitId::BOTH {
            let sas = lab.ike_sas(u);
            assert_eq!(sas.len(), 1, "{u}");
            assert_eq!(sas[0].local.to_string(), "203.0.113.2");
            assert_eq!(sas[0].children.len(), 3);
            assert_eq!(sas[0].active, u == UnitId::Primary);
        }
        let st = &lab.unit(UnitId::Primary).fo.stats;
        assert_eq!(st.xmit[Obj::Ikev2Sa as usize], 1);
        assert_eq!(st.xmit[Obj::Ikev2P2 as usize], 3);
        assert_eq!(lab.vpn_counters(UnitId::Secondary).cumulative_ipsec, 3);
    }

    #[test]
    fn there_is_no_vpn_failover_in_multiple_context_mode() {
        let mut lab = build(Template::ActiveActive, LabConfig::default()).unwrap();
        lab.advance(Duration::from_secs(60));
        let peer = lab.net().host_by_name("internet-server").unwrap();
        let host = lab.net().host_by_name("inside-a").unwrap();
        let err = lab.start_traffic(Kind::Ikev2, 1, peer, host).unwrap_err();
        assert!(err.contains("Active/Standby"), "{err}");
        assert!(lab.set_load(Kind::Ikev2, 1, peer, host).is_err());
    }
}
