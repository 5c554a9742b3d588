//! Stateful failover: the update stream to the standby over the stateful
//! link (its bandwidth and transmit queue), bulk sync, and stale state.

use crate::event::EventKind;
use crate::failover::{FoState, GroupId};
use crate::net::UnitId;
use crate::repl::Obj;
use crate::time::Duration;
use std::collections::VecDeque;

use crate::traffic::{BitSet, Kind, ALIVE};

use super::*;

/// The state-update object a session kind is replicated as.
fn obj_of(k: Kind) -> Obj {
    match k {
        Kind::Tcp | Kind::Http => Obj::TcpConn,
        Kind::Udp | Kind::Multicast => Obj::UdpConn,
        Kind::Icmp => Obj::IcmpSession,
        Kind::Sip => Obj::SipSession,
        // A tunnel is a child SA; its IKEv2 SA goes once per peer
        // (`replicate_ike_sa`).
        Kind::Ikev2 => Obj::Ikev2P2,
    }
}

/// What the replication keeps besides the units' tables: the burst updates
/// waiting for the stateful link, and why a session has no state on the
/// mate (its creation update was lost, or the configuration kept it out).
#[derive(Clone, Debug, Default)]
pub struct Replication {
    deferred: VecDeque<(UnitId, u32)>,
    lost: BitSet,
    kept_out: BitSet,
}

impl Replication {
    /// Room for a burst of `n` sessions.
    pub(super) fn reserve(&mut self, n: usize) {
        self.deferred.reserve(n);
    }
    /// Burst updates from `u` still wait for the link.
    pub(super) fn waiting_from(&self, u: UnitId) -> usize {
        self.deferred.iter().filter(|(x, _)| *x == u).count()
    }
    pub(super) fn idle(&self) -> bool {
        self.deferred.is_empty()
    }
    /// The session's creation update was lost on a saturated link.
    pub(super) fn lost(&self, slot: u32) -> bool {
        self.lost.get(slot)
    }
    /// The configuration kept the session out of replication (HTTP).
    pub(super) fn kept_out(&self, slot: u32) -> bool {
        self.kept_out.get(slot)
    }
    /// The session ended: nothing is remembered about it.
    pub(super) fn forget_slot(&mut self, slot: u32) {
        self.lost.clear(slot);
        self.kept_out.clear(slot);
    }
    /// A unit lost power: its waiting updates are gone.
    pub(super) fn forget_unit(&mut self, u: UnitId) {
        self.deferred.retain(|(x, _)| *x != u);
    }
}

impl Lab {
    /// The forwarding unit creates the connection (and its xlate) and
    /// replicates it to the standby.
    /// A unit no longer holds a connection (its table by failover group
    /// and route).
    pub(super) fn conn_lost(&mut self, u: UnitId, slot: u32) {
        let g = self.slot_group(slot);
        let r = self.traffic.route[slot as usize];
        self.unit_mut(u).table.remove(slot, g, r);
    }

    /// A unit now holds a connection: its table (by failover group and
    /// route, for `show local-host`) and, for a tunnel, its VPN SAs.
    fn conn_gained(&mut self, u: UnitId, slot: u32) {
        let g = self.slot_group(slot);
        let r = self.traffic.route[slot as usize];
        if self.unit_mut(u).table.add(slot, g, r) {
            self.note_local_hosts(u);
        }
        self.vpn_gained(u, slot);
    }

    #[inline]
    pub(super) fn establish(&mut self, slot: u32, u: UnitId) {
        self.traffic.status[slot as usize] = ALIVE;
        self.conn_gained(u, slot);
        self.learn_arp(slot, u);
        self.log_conn(u, slot, None);
        self.replicate_conn(u, slot, true);
    }

    /// Like [`establish`](Self::establish) for a burst of sessions opened
    /// at once: their updates wait in the transmit queue and reach the
    /// standby at the link's pace (none is lost to the queue limit).
    #[inline]
    pub(super) fn establish_burst(&mut self, slot: u32, u: UnitId) {
        self.traffic.status[slot as usize] = ALIVE;
        self.conn_gained(u, slot);
        self.learn_arp(slot, u);
        self.log_conn(u, slot, None);
        let kind = self.traffic.kind[slot as usize];
        let g = self.slot_group(slot);
        if !self.replicated(u, kind, g) {
            self.repl.kept_out.set(slot);
        } else if self.update_path(u, g) {
            self.repl.deferred.push_back((u, slot));
        }
    }

    /// Sends queued burst updates within this tick's remaining budget.
    pub(super) fn drain_deferred(&mut self) {
        while let Some(&(u, slot)) = self.repl.deferred.front() {
            if self.wire.budget(u) == 0 {
                break;
            }
            self.repl.deferred.pop_front();
            let i = slot as usize;
            let g = self.slot_group(slot);
            let still = self.traffic.status[i] == ALIVE
                && self.unit(u).table.conns.get(slot)
                && self.forwards(u, g);
            if !still || !self.update_path(u, g) {
                continue;
            }
            let kind = self.traffic.kind[i];
            self.replicate_ike_sa(u, slot);
            if self.send(u, Msg::Update(obj_of(kind))).arrives() {
                self.conn_gained(u.peer(), slot);
            }
        }
    }

    /// Whether a kind is replicated with the current configuration.
    #[inline]
    fn replicated(&self, u: UnitId, k: Kind, g: GroupId) -> bool {
        match k {
            Kind::Multicast => false,
            Kind::Http => self.http_replicated(u, g),
            _ => true,
        }
    }

    /// `failover replication http`, or the group's `replication http` in
    /// Active/Active (where the global command has no effect).
    #[inline]
    pub(crate) fn http_replicated(&self, u: UnitId, g: GroupId) -> bool {
        let cfg = &self.unit(u).running;
        if cfg.multiple {
            cfg.group_cfg(g).is_some_and(|x| x.replication_http)
        } else {
            cfg.failover.replication_http
        }
    }

    /// Replicates a connection's creation (or teardown) to the standby.
    pub(super) fn replicate_conn(&mut self, from: UnitId, slot: u32, create: bool) {
        let kind = self.traffic.kind[slot as usize];
        let g = self.slot_group(slot);
        if !self.replicated(from, kind, g) {
            if create {
                self.repl.kept_out.set(slot);
            }
            return;
        }
        if !self.update_path(from, g) {
            return;
        }
        let peer = from.peer();
        if create {
            self.replicate_ike_sa(from, slot);
        }
        if self.send(from, Msg::Update(obj_of(kind))).arrives() {
            if create {
                self.conn_gained(peer, slot);
                self.repl.lost.clear(slot);
            } else {
                self.conn_lost(peer, slot);
            }
        } else if create {
            self.repl.lost.set(slot);
        }
    }

    /// The standby receives the whole connection table (after config sync,
    /// after recovering, or when the stateful link returns).
    pub(crate) fn bulk_sync(&mut self, to: UnitId) {
        let from = to.peer();
        let multiple = self.unit(from).running.multiple;
        if !multiple && !self.forwards(from, GroupId::Unit) || !self.carries(from, Msg::Bulk) {
            return;
        }
        let slots: Vec<u32> = self.unit(from).table.conns.iter().collect();
        let mut sent = [0u64; 7];
        let mut ike_sas = 0;
        for slot in slots {
            let kind = self.traffic.kind[slot as usize];
            let g = self.slot_group(slot);
            if multiple && !self.forwards(from, g) {
                continue;
            }
            if self.replicated(from, kind, g) && !self.unit(to).table.conns.get(slot) {
                let ri = self.traffic.route[slot as usize] as usize;
                let r = &self.traffic.routes[ri];
                ike_sas += u64::from(r.vpn && !r.ike_sa[to.index()]);
                self.conn_gained(to, slot);
                sent[kind.index()] += 1;
            }
        }
        if ike_sas > 0 {
            self.unit_mut(from).fo.stats.sent(Obj::Ikev2Sa, ike_sas);
            self.unit_mut(to).fo.stats.received(Obj::Ikev2Sa, ike_sas);
        }
        self.unit_mut(to).table.stale = false;
        let arp = self.unit(from).arp.len() as u64;
        for (k, n) in Kind::ALL.iter().zip(sent) {
            if n > 0 {
                let obj = obj_of(*k);
                self.unit_mut(from).fo.stats.sent(obj, n);
                self.unit_mut(to).fo.stats.received(obj, n);
            }
        }
        if arp > 0 {
            self.unit_mut(from).fo.stats.sent(Obj::ArpTbl, arp);
            self.unit_mut(to).fo.stats.received(Obj::ArpTbl, arp);
            let entries = self.unit(from).arp.clone();
            self.unit_mut(to).arp.extend(entries);
        }
    }

    /// Time a bulk sync of the current table takes on the stateful link.
    pub(crate) fn bulk_sync_duration(&self, to: UnitId) -> Duration {
        let n = self.unit(to.peer()).table.conns.len() as u64;
        let mut per_sec = (self.stateful_bps() / 8 / UPDATE_BYTES).max(1);
        // `failover replication rate` paces it further.
        if let Some(r) = self.unit(to.peer()).running.failover.replication_rate {
            per_sec = per_sec.min(u64::from(r).max(1));
        }
        Duration::from_secs(1) + Duration::from_micros(n * 1_000_000 / per_sec)
    }

    /// The stateful link went down or came back.
    pub(crate) fn stateful_link_changed(&mut self, ok: bool) {
        for u in UnitId::BOTH {
            let state = self.unit(u).fo.unit.state;
            // State goes stale only if the active unit carries on without
            // being able to send updates (not when it simply died).
            if !ok
                && state.is_standby()
                && !self.unit(u).table.conns.is_empty()
                && [GroupId::Unit, GroupId::G1, GroupId::G2]
                    .iter()
                    .any(|g| self.forwards(u.peer(), *g))
            {
                self.unit_mut(u).table.stale = true;
            }
            if ok && state == FoState::StandbyReady {
                self.bulk_sync(u);
            }
        }
        let name = self
            .unit(UnitId::Primary)
            .running
            .failover
            .link
            .clone()
            .map(|l| l.0)
            .unwrap_or_default();
        self.record(None, EventKind::StatefulLink { ifname: name, ok });
    }

    /// No burst updates are waiting for the stateful link.
    pub fn deferred_is_empty(&self) -> bool {
        self.repl.idle()
    }

    /// Heap bytes a unit holds per connection (its table, plus the flow
    /// records both units' tables index), for `n` connections.
    pub fn bytes_per_connection(&self, u: UnitId) -> f64 {
        let n = self.unit(u).table.conns.len().max(1) as f64;
        (self.traffic.bytes() + self.unit(u).table.conns.bytes()) as f64 / n
    }
}
