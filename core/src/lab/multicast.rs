//! Multicast at failover. The receiver's group membership (IGMP) and the
//! multicast route are not replicated (the stateful-failover seed: "Standby
//! relearns IGMP / PIM after promotion"): a unit that starts forwarding a
//! stream queries the receiver's segment and forwards the stream again once
//! the receiver's membership report arrives — "a brief disruption to
//! multicast streams during a failover", not a loss.

use crate::net::{Ip, UnitId};
use crate::time::{Duration, Instant};
use crate::traffic::{Kind, ALIVE, FREE, PENDING};

use super::*;

/// IGMP max query response time (ASA default): a receiver answers a query
/// within it.
pub const IGMP_MAX_RESPONSE: Duration = Duration::from_secs(10);
/// IGMP query interval (ASA default).
pub const IGMP_QUERY_INTERVAL: Duration = Duration::from_secs(125);
/// How long a membership lasts without a new report: two query intervals
/// and the max response time.
pub const IGMP_MEMBERSHIP: Duration = Duration::from_secs(260);

/// A multicast stream group a unit forwards (`show igmp groups`,
/// `show mroute`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct McastGroup {
    pub group: Ip,
    pub source: Ip,
    /// The receiver (the last reporter of the membership).
    pub receiver: Ip,
    /// The interface toward the source and the one toward the receiver.
    pub incoming: String,
    pub outgoing: String,
    /// When the unit learned the membership.
    pub since: Instant,
}

/// A stream waiting for its receiver's membership report on the unit that
/// now forwards it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relearn {
    pub from: usize,
    pub to: usize,
    pub unit: Option<UnitId>,
    pub until: Instant,
    pub streams: u64,
}

/// The group address of a route's streams: one group per source and
/// receiver pair, `239.1.1.N` (N the route's number, from 1).
pub fn group_of_route(ri: usize) -> Ip {
    Ip(u32::from_be_bytes([239, 1, 1, 0]) | ((ri as u32 + 1) & 0xff))
}

impl Lab {
    fn multicast_streams(&self, ri: usize) -> u64 {
        self.traffic.route_kind[ri][Kind::Multicast.index()]
    }

    /// Unit `u` starts forwarding route `ri`: if the route carries
    /// multicast, `u` knows its membership at once only when the stream
    /// starts there; otherwise it queries and waits for the report.
    pub(super) fn multicast_take_over(&mut self, ri: usize, u: UnitId) {
        if self.multicast_streams(ri) == 0 {
            return;
        }
        let r = &self.traffic.routes[ri];
        if r.igmp.is_some_and(|(x, _)| x == u) {
            return;
        }
        let first = r.igmp.is_none() && r.relearn_until.is_none() && r.last_forwarder.is_none();
        let now = self.now;
        if first {
            self.traffic.routes[ri].igmp = Some((u, now));
            return;
        }
        // The new querier's general query; the receiver's report comes
        // after a random delay within the max response time.
        let delay = 1 + self.rng.below(IGMP_MAX_RESPONSE.total_millis());
        let r = &mut self.traffic.routes[ri];
        r.igmp = None;
        r.relearn_until = Some(now + Duration::from_millis(delay));
        // The streams' connections leave the unit that forwarded them.
        self.forget_multicast_conns(ri, Some(u.peer()));
    }

    /// Whether route `ri`'s streams wait for a membership report.
    pub(super) fn multicast_relearning(&self, ri: usize) -> bool {
        self.traffic.routes[ri].relearn_until.is_some()
    }

    /// A stream opened by `traffic` on a route: the unit forwarding it
    /// knows the receiver's membership from now on (unless it is relearning).
    pub(super) fn multicast_started(&mut self, ri: usize, u: UnitId) {
        let r = &mut self.traffic.routes[ri];
        if r.relearn_until.is_none() && r.igmp.is_none() {
            r.igmp = Some((u, self.now));
        }
    }

    fn forget_multicast_conns(&mut self, ri: usize, on: Option<UnitId>) {
        for slot in 0..self.traffic.flows() as u32 {
            let i = slot as usize;
            if self.traffic.status[i] == FREE
                || self.traffic.route[i] as usize != ri
                || self.traffic.kind[i] != Kind::Multicast
            {
                continue;
            }
            for x in UnitId::BOTH {
                if on.is_none_or(|o| o == x) {
                    self.conn_lost(x, slot);
                }
            }
        }
    }

    /// Every traffic tick: reports that arrived end the relearn and the
    /// streams flow again through the forwarding unit; a route without
    /// streams forgets its multicast state.
    pub(super) fn multicast_tick(&mut self) {
        let now = self.now;
        for ri in 0..self.traffic.routes.len() {
            if self.multicast_streams(ri) == 0 {
                let r = &mut self.traffic.routes[ri];
                r.igmp = None;
                r.relearn_until = None;
                continue;
            }
            let r = &self.traffic.routes[ri];
            let (Some(until), Some(u)) = (r.relearn_until, r.forwarder) else {
                continue;
            };
            if until > now {
                continue;
            }
            let r = &mut self.traffic.routes[ri];
            r.relearn_until = None;
            r.igmp = Some((u, until));
            for slot in 0..self.traffic.flows() as u32 {
                let i = slot as usize;
                let st = self.traffic.status[i];
                if (st == ALIVE || st == PENDING)
                    && self.traffic.route[i] as usize == ri
                    && self.traffic.kind[i] == Kind::Multicast
                    && !self.unit(u).table.conns.get(slot)
                {
                    self.establish(slot, u);
                }
            }
        }
    }

    /// The multicast groups a unit forwards now (its IGMP memberships and
    /// multicast routes). The standby unit keeps none.
    pub fn multicast_groups(&self, u: UnitId) -> Vec<McastGroup> {
        let mut out = Vec::new();
        for (ri, r) in self.traffic.routes.iter().enumerate() {
            let Some((x, since)) = r.igmp else { continue };
            if x != u || r.forwarder != Some(u) || self.multicast_streams(ri) == 0 {
                continue;
            }
            let Some(rp) = self.route_ports(u, r.from, r.to) else {
                continue;
            };
            out.push(McastGroup {
                group: group_of_route(ri),
                source: self.net.hosts[r.from].ip,
                receiver: self.net.hosts[r.to].ip,
                incoming: rp.ingress_if,
                outgoing: rp.egress_if,
                since,
            });
        }
        out
    }

    /// Streams waiting for a membership report, per route.
    pub fn multicast_relearns(&self) -> Vec<Relearn> {
        self.traffic
            .routes
            .iter()
            .enumerate()
            .filter_map(|(ri, r)| {
                Some(Relearn {
                    from: r.from,
                    to: r.to,
                    unit: r.forwarder,
                    until: r.relearn_until?,
                    streams: self.multicast_streams(ri),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Console;
    use crate::labs::Template;

    #[test]
    fn a_switchover_pauses_the_streams_until_the_report_then_they_flow() {
        let mut lab = crate::labs::settled(Template::ActiveStandby);
        let src = lab.net().host_by_name("dmz-server").unwrap();
        let rcv = lab.net().host_by_name("outside-server").unwrap();
        lab.start_traffic(Kind::Multicast, 4, src, rcv).unwrap();
        lab.advance(Duration::from_secs(1));
        assert_eq!(lab.multicast_groups(UnitId::Primary).len(), 1);
        assert!(lab.multicast_groups(UnitId::Secondary).is_empty());
        lab.type_line(UnitId::Primary, "no failover active");
        let relearn = lab.multicast_relearns();
        assert_eq!(relearn.len(), 1);
        assert!(relearn[0].until <= lab.now() + IGMP_MAX_RESPONSE);
        assert_eq!(relearn[0].unit, Some(UnitId::Secondary));
        // Short-lived streams opened meanwhile wait too.
        lab.set_load(Kind::Multicast, 10, src, rcv).unwrap();
        lab.advance(Duration::from_millis(300));
        assert!(lab.unit(UnitId::Secondary).table.conns.is_empty());
        lab.advance(IGMP_MAX_RESPONSE);
        assert!(lab.multicast_relearns().is_empty());
        assert_eq!(lab.multicast_groups(UnitId::Secondary).len(), 1);
        assert!(lab.multicast_groups(UnitId::Primary).is_empty());
        assert!(lab.unit(UnitId::Secondary).table.conns.len() >= 4);
        let st = &lab.traffic().stats[Kind::Multicast.index()];
        assert_eq!(st.dropped_total(), 0);
    }
}
