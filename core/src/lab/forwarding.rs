//! Traffic through the pair: which unit forwards each route, the
//! connections it creates, the traffic tick, and the fate of every session
//! when the forwarding unit changes.

use crate::failover::GroupId;
use crate::net::{Port, Segment, UnitId};
use crate::repl::Obj;
use crate::time::{Duration, Instant};
use crate::traffic::{DropReason, Kind, FREE, MAX_LOAD_RATE, MAX_SESSIONS, MAX_TRAFFIC, PENDING};
use crate::unit::IfCounters;

use super::*;

/// How often traffic is processed.
pub const TRAFFIC_TICK: Duration = Duration::from_millis(100);
/// Where a route's sessions enter and leave a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutePorts {
    pub ingress: Port,
    pub egress: Port,
    pub ingress_if: String,
    pub egress_if: String,
    /// Translated by PAT to the egress interface address.
    pub pat: bool,
    /// The failover group of the context (0 in single mode).
    pub group: GroupId,
}

/// A `traffic` count the lab takes.
pub fn check_traffic(count: u64) -> Result<(), String> {
    if count > MAX_TRAFFIC {
        return Err(format!(
            "at most {MAX_TRAFFIC} sessions in one statement (asked for {count})"
        ));
    }
    Ok(())
}

/// A `load` rate the lab takes.
pub fn check_load(rate: u64) -> Result<(), String> {
    if rate > MAX_LOAD_RATE {
        return Err(format!(
            "at most {MAX_LOAD_RATE} new sessions a second (asked for {rate})"
        ));
    }
    Ok(())
}

impl Lab {
    /// The ports a unit would use for a route, if it can forward it.
    pub fn route_ports(&self, u: UnitId, from: usize, to: usize) -> Option<RoutePorts> {
        let s1 = self.net.host_switches(from);
        let s2 = self.net.host_switches(to);
        let running = &self.unit(u).running;
        let ports_on = |sws: &[usize]| {
            let sws = sws.to_vec();
            self.data_ports(u).into_iter().filter(move |p| {
                matches!(self.net.segment_of(u, *p), Some(Segment::Switch(s)) if sws.contains(&s))
                    && running.l3(*p).addr.is_some()
            })
        };
        // Both ends in the same context (one configuration in single mode).
        let (p1, p2) = ports_on(&s1).find_map(|a| {
            let owner = running.owner_of(a).map(|o| o.0);
            ports_on(&s2)
                .find(|b| running.owner_of(*b).map(|o| o.0) == owner)
                .map(|b| (a, b))
        })?;
        let cfg = running.l3_cfg(p1);
        let (i1, i2) = (cfg.iface(p1), cfg.iface(p2));
        let (n1, n2) = (i1.nameif.clone()?, i2.nameif.clone()?);
        let src = self.net.hosts[from].ip;
        let pat = cfg.objects.values().any(|o| {
            o.contains(src)
                && o.nat
                    .as_ref()
                    .is_some_and(|n| n.real_if == n1 && n.mapped_if == n2)
        });
        Some(RoutePorts {
            ingress: p1,
            egress: p2,
            ingress_if: n1,
            egress_if: n2,
            pat,
            group: running.group_of_port(p1),
        })
    }

    /// Whether the security levels let a route's sessions through.
    pub(super) fn permitted(&self, u: UnitId, rp: &RoutePorts) -> bool {
        let cfg = self.unit(u).running.l3_cfg(rp.ingress);
        let l1 = cfg.iface(rp.ingress).security_level.unwrap_or(0);
        let l2 = cfg.iface(rp.egress).security_level.unwrap_or(0);
        l1 > l2
    }

    /// A unit owns the active addresses (or runs without failover).
    #[inline]
    pub(super) fn forwards(&self, u: UnitId, g: GroupId) -> bool {
        let unit = self.unit(u);
        if !unit.powered || unit.booting {
            return false;
        }
        if !unit.running.failover.enabled {
            return true;
        }
        let st = unit.fo.state_of(g);
        // With failover disabled on a pair, groups stay where they are.
        st.is_active()
    }

    /// The failover group of the context a route passes.
    fn route_group(&self, from: usize, to: usize) -> GroupId {
        UnitId::BOTH
            .iter()
            .find_map(|u| self.route_ports(*u, from, to))
            .map(|rp| rp.group)
            .unwrap_or(GroupId::Unit)
    }

    /// The failover group of a session's route.
    #[inline]
    pub(super) fn slot_group(&self, slot: u32) -> GroupId {
        self.traffic.routes[self.traffic.route[slot as usize] as usize].group
    }

    /// When a unit (or one of its groups) last became active: the last to
    /// announce an address by gratuitous ARP is the one switches send to.
    pub(super) fn active_since(&self, u: UnitId, g: GroupId) -> Instant {
        self.unit(u)
            .fo
            .group(g)
            .active_since
            .unwrap_or(Instant::ZERO)
    }

    /// The unit forwarding a route now. When both units are active, the one
    /// that announced the addresses last (gratuitous ARP) gets the traffic.
    ///
    /// VPN tunnels (`vpn`) terminate on the unit: the traffic they carry is
    /// let through whatever the security levels (the ASA's default `sysopt
    /// connection permit-vpn`).
    fn forwarder_for(
        &self,
        from: usize,
        to: usize,
        vpn: bool,
    ) -> Result<Option<UnitId>, DropReason> {
        let mut best: Option<(UnitId, Instant)> = None;
        let mut denied = false;
        for u in UnitId::BOTH {
            let Some(rp) = self.route_ports(u, from, to) else {
                continue;
            };
            if !self.forwards(u, rp.group) {
                continue;
            }
            if !self.link_up(u, rp.ingress) || !self.link_up(u, rp.egress) {
                continue;
            }
            if !vpn && !self.permitted(u, &rp) {
                denied = true;
                continue;
            }
            let since = self.active_since(u, rp.group);
            if best.is_none_or(|(_, t)| since >= t) {
                best = Some((u, since));
            }
        }
        match best {
            Some((u, _)) => Ok(Some(u)),
            None if denied => Err(DropReason::Denied),
            None => Ok(None),
        }
    }

    fn ensure_traffic_tick(&mut self) {
        if !self.timer_is_set(Timer::Traffic) {
            let at = self.now() + TRAFFIC_TICK;
            self.set_timer(Timer::Traffic, at);
        }
    }

    /// `traffic KIND COUNT FROM TO`: opens long-lived sessions.
    /// Whether `count` more sessions fit in the lab's table
    /// ([`MAX_SESSIONS`]); the error says how many are open.
    pub fn table_room(&self, count: u64) -> Result<(), String> {
        let alive = self.traffic.alive();
        if alive.saturating_add(count) > MAX_SESSIONS {
            return Err(format!(
                "the lab holds at most {MAX_SESSIONS} sessions at once; {alive} are open"
            ));
        }
        Ok(())
    }

    pub fn start_traffic(
        &mut self,
        kind: Kind,
        count: u64,
        from: usize,
        to: usize,
    ) -> Result<(), String> {
        check_traffic(count)?;
        self.table_room(count)?;
        self.vpn_possible(kind)?;
        let vpn = kind == Kind::Ikev2;
        let route = self.traffic.route_index_for(from, to, vpn);
        self.traffic.routes[route as usize].group = self.route_group(from, to);
        self.ensure_traffic_tick();
        let now = self.now();
        let fwd = self.forwarder_for(from, to, vpn);
        self.traffic.reserve(count as usize);
        self.repl.reserve(count as usize);
        // Multicast streams wait while the forwarding unit relearns.
        let held = kind == Kind::Multicast && self.multicast_relearning(route as usize);
        self.with_link_snapshot(|lab| {
            for _ in 0..count {
                let slot = lab.traffic.open(kind, route, now);
                match fwd {
                    Ok(Some(_)) if held => {}
                    Ok(Some(u)) => lab.establish_burst(slot, u),
                    Ok(None) => {}
                    Err(r) => lab.traffic.end(slot, Some(r)),
                }
            }
        });
        if let (Kind::Multicast, Ok(Some(u))) = (kind, fwd) {
            self.multicast_started(route as usize, u);
        }
        if fwd == Err(DropReason::Denied) {
            self.count_denied(from, to, count);
        }
        let r = &mut self.traffic.routes[route as usize];
        match fwd {
            Ok(Some(u)) => {
                r.forwarder = Some(u);
                r.last_forwarder = Some(u);
                r.outage_since = None;
            }
            Ok(None) => {
                if r.outage_since.is_none() {
                    r.outage_since = Some(now);
                }
            }
            Err(_) => {}
        }
        self.flush_link_stats();
        Ok(())
    }

    /// `load KIND RATE FROM TO`: short-lived sessions from now on.
    pub fn set_load(
        &mut self,
        kind: Kind,
        rate: u64,
        from: usize,
        to: usize,
    ) -> Result<(), String> {
        check_load(rate)?;
        self.vpn_possible(kind)?;
        let route = self.traffic.route_index_for(from, to, kind == Kind::Ikev2);
        self.traffic.routes[route as usize].group = self.route_group(from, to);
        self.traffic.set_load(kind, rate, route);
        self.ensure_traffic_tick();
        Ok(())
    }

    /// The unit learns the endpoints' MAC addresses on first use and
    /// replicates the new ARP entries to the standby.
    pub(super) fn learn_arp(&mut self, slot: u32, u: UnitId) {
        let ri = self.traffic.route[slot as usize] as usize;
        let r = &self.traffic.routes[ri];
        if r.arp_known[u.index()] {
            return;
        }
        let (from, to) = (r.from, r.to);
        self.traffic.routes[ri].arp_known[u.index()] = true;
        let Some(rp) = self.route_ports(u, from, to) else {
            return;
        };
        let now = self.now();
        let mut learned = Vec::new();
        for (h, p) in [(from, rp.ingress), (to, rp.egress)] {
            let host = &self.net.hosts[h];
            let (key, mac) = ((p, host.ip), host.mac);
            let arp = &mut self.unit_mut(u).arp;
            if !arp.contains_key(&key) {
                arp.insert(key, (mac, now));
                learned.push((key, (mac, now)));
            }
        }
        let g = self.traffic.routes[ri].group;
        if !learned.is_empty()
            && self.update_path(u, g)
            && self.send(u, Msg::Update(Obj::ArpTbl)).arrives()
        {
            self.unit_mut(u.peer()).arp.extend(learned);
        }
    }

    /// Ends a session everywhere; a normal close is replicated as a teardown.
    pub(super) fn finish(&mut self, slot: u32, reason: Option<DropReason>) {
        if self.traffic.status[slot as usize] == FREE {
            return;
        }
        if matches!(
            reason,
            Some(DropReason::NoAsrGroup | DropReason::AsrNoState)
        ) {
            // Its return traffic reached the unit where the context is
            // standby, which dropped it.
            let ret = self.traffic.routes[self.traffic.route[slot as usize] as usize]
                .ret
                .as_ref()
                .map(|r| r.unit);
            if let Some(u) = ret {
                self.asp_drop(u, crate::unit::AspDrop::FoStandby, 1);
            }
        }
        let g = self.slot_group(slot);
        let owner = UnitId::BOTH
            .into_iter()
            .find(|u| self.forwards(*u, g) && self.unit(*u).table.conns.get(slot));
        if let Some(u) = owner {
            self.log_conn(u, slot, Some(reason));
            self.replicate_conn(u, slot, false);
        }
        for u in UnitId::BOTH {
            self.conn_lost(u, slot);
        }
        self.repl.forget_slot(slot);
        let ri = self.traffic.route[slot as usize] as usize;
        self.traffic.end(slot, reason);
        self.vpn_ended(ri);
    }

    /// Every tick: the stateful link drains, load sessions open and close,
    /// routes are re-evaluated.
    pub(crate) fn traffic_tick(&mut self) {
        self.with_link_snapshot(Lab::traffic_tick_now);
    }

    fn traffic_tick_now(&mut self) {
        let now = self.now();
        self.wire_tick(TRAFFIC_TICK);
        self.drain_deferred();
        for u in UnitId::BOTH {
            let waiting = self.repl.waiting_from(u) as u64;
            let q = &mut self.unit_mut(u).fo.stats.xmit_q;
            q.cur += waiting;
            q.max = q.max.max(q.cur);
        }
        for slot in self.traffic.due(now) {
            // A session whose return traffic cannot get through does not
            // finish normally; it closes later or its endpoints give up.
            if self.return_blocked(slot).is_some() {
                self.traffic.close_at(slot, now + Duration::from_secs(1));
            } else {
                self.finish(slot, None);
            }
        }
        let quota = self.traffic.load_quota(TRAFFIC_TICK);
        for (kind, route, n) in quota {
            let (from, to, vpn) = {
                let r = &self.traffic.routes[route as usize];
                (r.from, r.to, r.vpn)
            };
            let fwd = self.forwarder_for(from, to, vpn);
            // Multicast streams wait while the forwarding unit relearns.
            let held = kind == Kind::Multicast && self.multicast_relearning(route as usize);
            for _ in 0..n {
                let full = self.traffic.alive() >= MAX_SESSIONS;
                let slot = self.traffic.open(kind, route, now);
                if full {
                    self.traffic.end(slot, Some(DropReason::TableFull));
                    continue;
                }
                match fwd {
                    Ok(Some(_)) if held => {}
                    Ok(Some(u)) => self.establish(slot, u),
                    Ok(None) => {}
                    Err(r) => {
                        if r == DropReason::Denied {
                            self.count_denied(from, to, 1);
                        }
                        self.traffic.end(slot, Some(r));
                        continue;
                    }
                }
                let jitter = self.rng.next_u64();
                self.traffic.close_later(slot, now, jitter);
            }
        }
        // Every 100 ms while sessions are open, as age_out needs.
        self.traffic.age_out(now);
        self.reevaluate_routes();
        self.multicast_tick();
        self.check_returns();
        self.account_traffic();
        let busy = !self.repl.idle()
            || !self.traffic.loads.is_empty()
            || self.traffic.per_route.iter().any(|n| *n > 0)
            || self.wire_busy();
        if busy {
            self.set_timer(Timer::Traffic, now + TRAFFIC_TICK);
        }
    }

    /// Finds which unit forwards each route now; when that changes, every
    /// session of the route survives or drops on what the new unit knows.
    pub(crate) fn reevaluate_routes(&mut self) {
        if self.traffic.routes.is_empty() {
            return;
        }
        let now = self.now();
        for ri in 0..self.traffic.routes.len() {
            if self.traffic.per_route[ri] == 0 {
                continue;
            }
            let (from, to) = (self.traffic.routes[ri].from, self.traffic.routes[ri].to);
            self.traffic.routes[ri].group = self.route_group(from, to);
            let fwd = self.forwarder_for(from, to, self.traffic.routes[ri].vpn);
            let old = self.traffic.routes[ri].forwarder;
            match fwd {
                Err(reason) => self.drop_route(ri, |_| true, reason),
                Ok(None) => {
                    let r = &mut self.traffic.routes[ri];
                    r.forwarder = None;
                    let since = *r.outage_since.get_or_insert(now);
                    let waited = now.saturating_since(since);
                    // Scan only once some kind of endpoint may have given up.
                    if Kind::ALL.iter().any(|k| waited > k.give_up()) {
                        self.drop_route(ri, |k| waited > k.give_up(), DropReason::NoPath);
                    }
                }
                Ok(Some(u)) => {
                    let changed = old != Some(u) || self.traffic.routes[ri].outage_since.is_some();
                    if changed {
                        self.take_over_route(ri, u);
                    }
                    let ret = self.return_path(ri, u);
                    let r = &mut self.traffic.routes[ri];
                    r.forwarder = Some(u);
                    r.last_forwarder = Some(u);
                    r.outage_since = None;
                    r.ret = match (ret, r.ret.take()) {
                        (Some(new), Some(old)) if new.same(&old) => Some(old),
                        (new, _) => new,
                    };
                    continue;
                }
            }
            self.traffic.routes[ri].ret = None;
        }
    }

    /// Interface packet and byte counters for this tick's traffic: the
    /// forward path through the forwarding unit, the return path (the same
    /// way back, or through the other unit and redirected by asr-group).
    fn account_traffic(&mut self) {
        let ms = TRAFFIC_TICK.total_millis();
        for ri in 0..self.traffic.routes.len() {
            if self.traffic.per_route[ri] == 0 {
                continue;
            }
            let r = &self.traffic.routes[ri];
            let Some(fwd) = r.forwarder else { continue };
            let ret = r.ret.clone();
            let counts = self.traffic.route_kind[ri];
            let Some(rp) = self.route_ports(fwd, r.from, r.to) else {
                continue;
            };
            let relearning = r.relearn_until.is_some();
            for k in Kind::ALL {
                let n = counts[k.index()];
                // Streams waiting for a membership report are not forwarded.
                if n == 0 || k == Kind::Multicast && relearning {
                    continue;
                }
                // Thousandths of a byte and of a packet this tick.
                let bytes = n * k.bytes_per_sec() * ms;
                let (there, back) = if k.one_way() {
                    (bytes, 0)
                } else {
                    (bytes / 2, bytes - bytes / 2)
                };
                let pkts = |b: u64| b / k.packet_bytes();
                self.count(fwd, rp.ingress, true, there, pkts(there));
                self.count(fwd, rp.egress, false, there, pkts(there));
                if back == 0 {
                    continue;
                }
                let (b, p) = (back, pkts(back));
                match &ret {
                    None => {
                        self.count(fwd, rp.egress, true, b, p);
                        self.count(fwd, rp.ingress, false, b, p);
                    }
                    Some(ret) => {
                        self.count(ret.unit, ret.port, true, b, p);
                        if !ret.asr {
                            continue;
                        }
                        if ret.unit != fwd {
                            let stateful = k != Kind::Http || ret.http;
                            if !stateful {
                                continue;
                            }
                            if !ret.redirect_up {
                                self.counters(ret.unit, ret.redirect).asr_drop += p;
                                continue;
                            }
                            self.count(ret.unit, ret.redirect, false, b, p);
                            self.counters(ret.unit, ret.redirect).asr_tx += p;
                            self.count(fwd, rp.egress, true, b, p);
                            self.counters(fwd, rp.egress).asr_rx += p;
                        }
                        self.count(fwd, rp.ingress, false, b, p);
                    }
                }
            }
        }
    }

    fn counters(&mut self, u: UnitId, p: Port) -> &mut IfCounters {
        self.unit_mut(u).counters.entry(p).or_default()
    }

    /// Adds thousandths of bytes and packets to a port's input or output.
    pub(super) fn count(&mut self, u: UnitId, p: Port, input: bool, bytes: u64, pkts: u64) {
        let c = self.counters(u, p);
        if input {
            c.bytes_in += bytes;
            c.pkts_in += pkts;
        } else {
            c.bytes_out += bytes;
            c.pkts_out += pkts;
        }
    }

    fn drop_route(&mut self, ri: usize, which: impl Fn(Kind) -> bool, reason: DropReason) {
        for slot in 0..self.traffic.flows() as u32 {
            let i = slot as usize;
            if self.traffic.status[i] != FREE
                && self.traffic.route[i] as usize == ri
                && which(self.traffic.kind[i])
            {
                self.finish(slot, Some(reason));
            }
        }
    }

    /// Unit `u` now forwards route `ri`: sessions it holds state for go on;
    /// the others drop, each with the reason the state is missing.
    fn take_over_route(&mut self, ri: usize, u: UnitId) {
        self.multicast_take_over(ri, u);
        let relearning = self.multicast_relearning(ri);
        let http_replicated = self.http_replicated(u, self.traffic.routes[ri].group);
        let stale = self.unit(u).table.stale;
        let flows = self.traffic.flows();
        let mut next = 0usize;
        while next < flows {
            // A whole word of slots the unit holds fresh state for: every
            // one of them goes on, nothing to decide.
            if next % 64 == 0
                && next + 64 <= flows
                && !stale
                && self.unit(u).table.conns.word(next / 64) == u64::MAX
            {
                next += 64;
                continue;
            }
            let slot = next as u32;
            next += 1;
            let i = slot as usize;
            let status = self.traffic.status[i];
            if status == FREE || self.traffic.route[i] as usize != ri {
                continue;
            }
            // Multicast state is not replicated: the streams wait for the
            // relearn (they are not dropped), then flow again.
            if self.traffic.kind[i] == Kind::Multicast {
                if !relearning && !self.unit(u).table.conns.get(slot) {
                    self.establish(slot, u);
                }
                continue;
            }
            if status == PENDING {
                self.establish(slot, u);
                continue;
            }
            let kind = self.traffic.kind[i];
            let has = self.unit(u).table.conns.get(slot);
            if !kind.needs_state() {
                if !has {
                    self.establish(slot, u);
                }
                continue;
            }
            if has && !stale {
                continue;
            }
            let reason =
                if kind == Kind::Http && !has && (!http_replicated || self.repl.kept_out(slot)) {
                    DropReason::HttpNotReplicated
                } else if has && stale {
                    DropReason::StaleState
                } else if self.repl.lost(slot) {
                    DropReason::UpdateLost
                } else {
                    DropReason::NoReplicatedState
                };
            if kind.proto() == "TCP" {
                // Its next packet is no SYN and matches no connection.
                self.asp_drop(u, crate::unit::AspDrop::TcpNotSyn, 1);
            }
            self.finish(slot, Some(reason));
        }
    }

    /// Connections through the given groups' contexts on a unit are torn
    /// down (their configuration is being rewritten).
    pub(crate) fn terminate_forwarded_by(&mut self, u: UnitId, groups: &[GroupId]) {
        let slots: Vec<u32> = self.unit(u).table.conns.iter().collect();
        for slot in slots {
            if groups.contains(&self.slot_group(slot)) && self.forwards(u, self.slot_group(slot)) {
                self.finish(slot, Some(DropReason::Terminated));
            }
        }
    }

    /// A unit lost power: its connection state is gone.
    pub(crate) fn forget_state(&mut self, u: UnitId) {
        self.unit_mut(u).table.clear_all();
        self.unit_mut(u).table.stale = false;
        self.unit_mut(u).arp.clear();
        for r in &mut self.traffic.routes {
            r.arp_known[u.index()] = false;
        }
        self.wire.forget(u);
        self.repl.forget_unit(u);
        self.vpn_forget(u);
        // Interface counters and syslog buffers start again at the next boot.
        self.unit_mut(u).counters.clear();
        self.unit_mut(u).logs.clear();
        self.unit_mut(u).asp.clear();
        self.unit_mut(u).asp_cleared = None;
        self.unit_mut(u).local_host_max.clear();
    }

    /// `clear conn` (all connections) or `clear xlate` (translated ones):
    /// torn down on this unit; on the active unit the sessions end.
    pub(crate) fn clear_conns(&mut self, u: UnitId, only_xlated: bool) -> usize {
        let slots: Vec<u32> = self.unit(u).table.conns.iter().collect();
        let mut n = 0;
        for slot in slots {
            if only_xlated && !self.slot_xlated(u, slot) {
                continue;
            }
            n += 1;
            if self.forwards(u, self.slot_group(slot)) {
                self.finish(slot, Some(DropReason::Cleared));
            } else {
                self.conn_lost(u, slot);
            }
        }
        n
    }

    /// `clear conn` with filters: the given connections are torn down on
    /// this unit; on the active unit their sessions end.
    pub(crate) fn clear_conn_slots(&mut self, u: UnitId, slots: Vec<u32>) -> usize {
        let n = slots.len();
        for slot in slots {
            if self.forwards(u, self.slot_group(slot)) {
                self.finish(slot, Some(DropReason::Cleared));
            } else {
                self.conn_lost(u, slot);
            }
        }
        n
    }

    /// Whether a connection on unit `u` has a PAT translation.
    pub fn slot_xlated(&self, u: UnitId, slot: u32) -> bool {
        let r = &self.traffic.routes[self.traffic.route[slot as usize] as usize];
        self.route_ports(u, r.from, r.to).is_some_and(|rp| rp.pat)
    }

    /// The session summary lines (`sessions| ...`).
    pub fn session_summary(&self) -> Vec<String> {
        self.traffic.summary()
    }
}

#[cfg(test)]
mod tests {
    use crate::commands::Console;
    use crate::failover::FoState;
    use crate::lab::LabConfig;
    use crate::labs::{build, Template};
    use crate::net::{Port, UnitId};
    use crate::time::Duration;
    use crate::traffic::DropReason;
    use crate::traffic::{Kind, MAX_LOAD_RATE, MAX_SESSIONS, MAX_TRAFFIC};

    fn pair() -> crate::lab::Lab {
        crate::labs::settled(Template::ActiveStandby)
    }
    const INSIDE: usize = 0;
    const OUTSIDE: usize = 1;

    #[test]
    fn units_exchange_a_system_update_every_second_while_the_link_is_up() {
        use crate::repl::Obj;
        let sys = |lab: &crate::lab::Lab, u: UnitId| {
            let st = &lab.unit(u).fo.stats;
            (st.xmit[Obj::SysCmd as usize], st.rcv[Obj::SysCmd as usize])
        };
        let mut lab = pair();
        let (p0, _) = sys(&lab, UnitId::Primary);
        lab.advance(Duration::from_secs(10));
        let (p1, _) = sys(&lab, UnitId::Primary);
        assert_eq!(p1 - p0, 10, "one a second");
        let (_, s_rcv) = sys(&lab, UnitId::Secondary);
        assert_eq!(s_rcv, p1, "the mate receives each");
        // The stateful link (Gi0/4) pulled: nothing crosses it.
        lab.set_cable(UnitId::Secondary, Port(4), false).unwrap();
        lab.advance(Duration::from_secs(10));
        assert_eq!(sys(&lab, UnitId::Secondary).1, s_rcv);
    }

    #[test]
    fn connections_replicate_to_the_standby_with_counters() {
        let mut lab = pair();
        lab.start_traffic(Kind::Tcp, 10, INSIDE, OUTSIDE).unwrap();
        lab.start_traffic(Kind::Http, 4, INSIDE, OUTSIDE).unwrap();
        lab.advance(Duration::from_millis(100));
        assert_eq!(lab.unit(UnitId::Primary).table.conns.len(), 14);
        assert_eq!(
            lab.unit(UnitId::Secondary).table.conns.len(),
            10,
            "HTTP is not replicated by default"
        );
        let p = &lab.unit(UnitId::Primary).fo.stats;
        let s = &lab.unit(UnitId::Secondary).fo.stats;
        assert_eq!(p.xmit[crate::repl::Obj::TcpConn as usize], 10);
        assert_eq!(s.rcv[crate::repl::Obj::TcpConn as usize], 10);
    }

    #[test]
    fn standby_powered_off_receives_nothing_then_is_bulk_synced() {
        let mut lab = pair();
        lab.set_power(UnitId::Secondary, false);
        lab.start_traffic(Kind::Udp, 25, INSIDE, OUTSIDE).unwrap();
        assert_eq!(lab.unit(UnitId::Secondary).table.conns.len(), 0);
        lab.set_power(UnitId::Secondary, true);
        lab.advance(Duration::from_secs(60));
        assert_eq!(
            lab.unit(UnitId::Secondary).fo.unit.state,
            FoState::StandbyReady
        );
        assert_eq!(lab.unit(UnitId::Secondary).table.conns.len(), 25);
    }

    #[test]
    fn stale_state_drops_at_failover() {
        let mut lab = pair();
        lab.start_traffic(Kind::Tcp, 7, INSIDE, OUTSIDE).unwrap();
        lab.advance(Duration::from_millis(100));
        lab.set_cable(UnitId::Primary, Port(4), false).unwrap();
        assert!(lab.unit(UnitId::Secondary).table.stale);
        lab.set_cable(UnitId::Primary, Port(1), false).unwrap();
        lab.advance(Duration::from_secs(30));
        assert!(lab.unit(UnitId::Secondary).fo.unit.state.is_active());
        let st = &lab.traffic.stats[Kind::Tcp.index()];
        assert_eq!(st.dropped.get(&DropReason::StaleState), Some(&7));
    }

    #[test]
    fn switchover_of_a_million_connections_keeps_them_all() {
        let mut lab = pair();
        lab.start_traffic(Kind::Tcp, 1_000_000, INSIDE, 2).unwrap();
        // 256 MB of updates take about two seconds on 1 GbE.
        lab.advance(Duration::from_secs(3));
        assert_eq!(lab.unit(UnitId::Secondary).table.conns.len(), 1_000_000);
        lab.type_line(UnitId::Primary, "no failover active");
        let st = &lab.traffic.stats[Kind::Tcp.index()];
        assert_eq!((st.alive, st.dropped_total()), (1_000_000, 0));
        for u in UnitId::BOTH {
            assert!(
                lab.bytes_per_connection(u) <= 100.0,
                "{}",
                lab.bytes_per_connection(u)
            );
        }
    }

    #[test]
    fn outage_longer_than_endpoints_wait_drops_with_no_path() {
        let mut lab = pair();
        lab.start_traffic(Kind::Tcp, 3, INSIDE, OUTSIDE).unwrap();
        for u in UnitId::BOTH {
            lab.set_cable(u, Port(0), false).unwrap();
        }
        lab.advance(Duration::from_secs(20));
        assert_eq!(
            lab.traffic.stats[Kind::Tcp.index()].alive,
            3,
            "a short outage does not kill TCP"
        );
        lab.advance(Duration::from_secs(15));
        assert_eq!(
            lab.traffic.stats[Kind::Tcp.index()]
                .dropped
                .get(&DropReason::NoPath),
            Some(&3)
        );
    }

    #[test]
    fn asymmetric_return_is_redirected_with_asr_group_and_dropped_without() {
        let mut lab = build(Template::ActiveActive, LabConfig::default()).unwrap();
        lab.advance(Duration::from_secs(60));
        let inside_a = lab.net.host_by_name("inside-a").unwrap();
        let server = lab.net.host_by_name("internet-server").unwrap();
        lab.start_traffic(Kind::Tcp, 5, inside_a, server).unwrap();
        lab.set_asymmetric(true);
        lab.advance(Duration::from_secs(10));
        let ret = lab.traffic.routes[0].ret.clone().expect("return path");
        assert_eq!(
            (ret.unit, ret.port, ret.asr),
            (UnitId::Secondary, Port(4), true)
        );
        let asr = |lab: &crate::lab::Lab, u: UnitId| {
            lab.unit(u)
                .counters
                .get(&Port(2))
                .copied()
                .unwrap_or_default()
        };
        // 5 sessions x 7.5 return packets/s x 10 s, redirected by the secondary.
        assert_eq!(asr(&lab, UnitId::Secondary).asr_tx / 1000, 375);
        assert_eq!(asr(&lab, UnitId::Primary).asr_rx / 1000, 375);
        lab.advance(Duration::from_secs(60));
        assert_eq!(lab.traffic.stats[Kind::Tcp.index()].alive, 5);

        // Without the asr-group on the receiving side, the endpoints give up.
        let c = lab.unit_mut(UnitId::Secondary);
        let ctx1 = c.running.contexts.get_mut("ctx1").unwrap();
        ctx1.cfg.interfaces.get_mut(&Port(4)).unwrap().asr_group = None;
        lab.advance(Duration::from_secs(29));
        assert_eq!(lab.traffic.stats[Kind::Tcp.index()].alive, 5);
        lab.advance(Duration::from_secs(2));
        let st = &lab.traffic.stats[Kind::Tcp.index()];
        assert_eq!(st.dropped.get(&DropReason::NoAsrGroup), Some(&5));
    }

    #[test]
    fn the_lab_refuses_sessions_beyond_its_table() {
        let mut lab = pair();
        let err = lab.start_traffic(Kind::Tcp, MAX_TRAFFIC + 1, INSIDE, OUTSIDE);
        assert!(err.unwrap_err().contains("at most"));
        assert!(lab
            .set_load(Kind::Tcp, MAX_LOAD_RATE + 1, INSIDE, OUTSIDE)
            .is_err());
        for _ in 0..MAX_SESSIONS / MAX_TRAFFIC {
            lab.start_traffic(Kind::Udp, MAX_TRAFFIC, INSIDE, OUTSIDE)
                .unwrap();
        }
        let err = lab
            .start_traffic(Kind::Udp, 1, INSIDE, OUTSIDE)
            .unwrap_err();
        assert!(err.contains("10000000 sessions at once"), "{err}");
        // Load beyond the table is refused session by session, with the reason.
        lab.set_load(Kind::Tcp, 1000, INSIDE, OUTSIDE).unwrap();
        lab.advance(Duration::from_secs(1));
        let tcp = &lab.traffic().stats[Kind::Tcp.index()];
        assert_eq!(tcp.alive, 0);
        assert_eq!(tcp.dropped.get(&DropReason::TableFull), Some(&1000));
    }
}
