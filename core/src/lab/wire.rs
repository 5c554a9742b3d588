//! The one wire between the units. Every message one unit sends its mate
//! — unit hellos and state notices and configuration on the failover link,
//! interface hellos and LANTEST probes on the data interfaces, state
//! updates on the stateful link — goes through [`Lab::send`], which decides
//! from the cables, power and the stateful link's transmit queue whether it
//! arrives now, waits in the queue (arriving at the link's pace), or is
//! lost. The stateful link's bandwidth and queue are kept here.

use crate::failover::{FoState, GroupId};
use crate::net::{Port, UnitId};
use crate::repl::Obj;
use crate::time::Duration;

use super::*;

/// The wire's own state: each unit's transmit queue on the stateful link,
/// the link's status as last noticed, and its status read once for a
/// traffic tick or a burst of sessions.
#[derive(Clone, Debug, Default)]
pub struct Wire {
    queues: [LinkState; 2],
    up: bool,
    snapshot: Option<bool>,
}

impl Wire {
    /// A unit lost power: its transmit queue is gone.
    pub(super) fn forget(&mut self, u: UnitId) {
        self.queues[u.index()] = LinkState::default();
    }
    /// Notes the stateful link's status; true when it changed.
    pub(super) fn notice(&mut self, up: bool) -> bool {
        let changed = self.up != up;
        self.up = up;
        changed
    }
    /// Updates a unit can still send in this traffic tick.
    pub(super) fn budget(&self, u: UnitId) -> u64 {
        self.queues[u.index()].budget
    }
}

/// What one unit sends its mate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    /// The periodic unit hello on the failover link (the sender's state).
    UnitHello,
    /// A state change, sent at once on the failover link.
    StateNotice,
    /// Configuration on the failover link: config sync, a replicated
    /// command, `write standby`, a switchover request, `failover exec`.
    Config,
    /// An interface hello on a monitored data interface.
    IfaceHello(Port),
    /// A LANTEST probe on a data interface (after hello loss), and its answer.
    Lantest(Port),
    /// A state update (connection, xlate, ARP entry, SA…) on the stateful link.
    Update(Obj),
    /// A bulk transfer of the connection table on the stateful link.
    Bulk,
    /// The units' periodic system update (`sys cmd`) on the stateful link.
    System,
}

/// What happened to a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The mate has it.
    Arrived,
    /// It waits in the stateful link's transmit queue and reaches the mate
    /// at the link's pace.
    Queued,
    /// No path to the mate: nothing was sent.
    NoPath,
    /// Sent, but lost (the transmit queue was full).
    Lost,
}

impl Delivery {
    /// The mate gets it (now or from the queue).
    pub fn arrives(self) -> bool {
        matches!(self, Delivery::Arrived | Delivery::Queued)
    }
}

/// Size of one state update on the stateful link, bytes.
pub const UPDATE_BYTES: u64 = 256;
/// Updates the transmit queue holds before it drops them.
pub const QUEUE_LIMIT: u64 = 2_000;

/// Per-unit stateful link accounting for the current tick.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct LinkState {
    /// Updates that can still be sent this tick.
    budget: u64,
    /// Updates waiting in the transmit queue.
    backlog: u64,
    /// Updates sent this tick.
    sent_tick: u64,
    /// The tick's capacity, in updates.
    capacity: u64,
    lost_tick: u64,
}

impl Lab {
    fn failover_lan_port(&self, u: UnitId) -> Option<Port> {
        self.unit(u).running.failover.lan.as_ref().map(|(_, p)| *p)
    }

    /// Whether the failover link between the units carries frames now.
    pub fn failover_link_ok(&self) -> bool {
        let (Some(a), Some(b)) = (
            self.failover_lan_port(UnitId::Primary),
            self.failover_lan_port(UnitId::Secondary),
        ) else {
            return false;
        };
        let both_on = UnitId::BOTH.iter().all(|u| {
            let unit = self.unit(*u);
            unit.powered && !unit.booting && unit.running.failover.enabled
        });
        both_on && self.path_ok((UnitId::Primary, a), (UnitId::Secondary, b))
    }
    /// The stateful link carries frames between the units now.
    #[inline]
    pub fn stateful_link_ok(&self) -> bool {
        let a = self
            .unit(UnitId::Primary)
            .running
            .failover
            .link
            .as_ref()
            .map(|l| l.1);
        let b = self
            .unit(UnitId::Secondary)
            .running
            .failover
            .link
            .as_ref()
            .map(|l| l.1);
        match (a, b) {
            (Some(a), Some(b)) => self.path_ok((UnitId::Primary, a), (UnitId::Secondary, b)),
            _ => false,
        }
    }

    /// The stateful link's bandwidth: the lab's NIC rate, lowered by an
    /// interface `speed` command on either end.
    pub fn stateful_bps(&self) -> u64 {
        let mut bps = self.cfg.stateful_link_bps;
        for u in UnitId::BOTH {
            let cfg = &self.unit(u).running;
            if let Some((_, p)) = &cfg.failover.link {
                bps = bps.min(cfg.iface(*p).mbps() as u64 * 1_000_000);
            }
        }
        bps
    }

    /// The stateful link shares the failover LAN interface.
    #[inline]
    pub fn stateful_link_shared(&self, u: UnitId) -> bool {
        let f = &self.unit(u).running.failover;
        matches!((&f.lan, &f.link), (Some(l), Some(s)) if l.1 == s.1)
    }

    /// A unit's failover messages are starved by replication overload on a
    /// combined failover/stateful link.
    #[inline]
    pub fn congested(&self, u: UnitId) -> bool {
        self.stateful_link_shared(u) && self.wire.queues[u.index()].backlog >= QUEUE_LIMIT
    }

    /// Counts an update sent (and received by the mate) or lost.
    #[inline]
    fn count_update(&mut self, from: UnitId, obj: Obj, delivered: bool) {
        let stats = &mut self.unit_mut(from).fo.stats;
        if delivered {
            stats.xmit[obj as usize] += 1;
            stats.xmit[Obj::General as usize] += 1;
            stats.xmit_q.total += 1;
            stats.link_tx += 1;
            let ps = &mut self.unit_mut(from.peer()).fo.stats;
            ps.rcv[obj as usize] += 1;
            ps.rcv[Obj::General as usize] += 1;
            ps.recv_q.total += 1;
            ps.link_rx += 1;
        } else {
            stats.xerr[obj as usize] += 1;
            stats.xerr[Obj::General as usize] += 1;
        }
    }

    pub(super) fn flush_link_stats(&mut self) {
        for u in UnitId::BOTH {
            let backlog = self.wire.queues[u.index()].backlog;
            let s = &mut self.unit_mut(u).fo.stats;
            s.xmit_q.cur = backlog;
            s.xmit_q.max = s.xmit_q.max.max(backlog);
        }
    }
}

impl Lab {
    /// Whether the medium carries a message from `from` to its mate now.
    #[inline]
    pub(crate) fn carries(&self, from: UnitId, msg: Msg) -> bool {
        let peer = from.peer();
        match msg {
            // Under replication overload on a combined failover/stateful
            // link the failover messages are starved.
            Msg::UnitHello | Msg::StateNotice => self.failover_link_ok() && !self.congested(from),
            Msg::Config => self.failover_link_ok(),
            Msg::IfaceHello(p) => self.path_ok((from, p), (peer, p)),
            // A probe on a data interface does not cross the failover
            // link: a congested combined link does not starve it.
            Msg::Lantest(p) => self.path_ok((from, p), (peer, p)),
            Msg::Update(_) | Msg::Bulk | Msg::System => self
                .wire
                .snapshot
                .unwrap_or_else(|| self.stateful_link_ok()),
        }
    }

    /// Sends a message to the mate: the one place that decides whether it
    /// arrives, waits in the transmit queue or is lost. State updates and
    /// the system update are counted in `show failover` (sent, received,
    /// transmit errors).
    ///
    /// State updates are the hot path (one per connection): their path is
    /// checked once by the sender with [`update_path`](Self::update_path)
    /// (the stateful link and a mate that takes updates), and `send` only
    /// accounts them in the transmit queue.
    #[inline]
    pub(crate) fn send(&mut self, from: UnitId, msg: Msg) -> Delivery {
        if !matches!(msg, Msg::Update(_)) && !self.carries(from, msg) {
            return Delivery::NoPath;
        }
        match msg {
            Msg::Update(obj) => {
                let ls = &mut self.wire.queues[from.index()];
                let d = if ls.budget > 0 {
                    ls.budget -= 1;
                    Delivery::Arrived
                } else if ls.backlog < QUEUE_LIMIT {
                    ls.backlog += 1;
                    Delivery::Queued
                } else {
                    ls.lost_tick += 1;
                    Delivery::Lost
                };
                ls.sent_tick += u64::from(d.arrives());
                let depth = ls.backlog;
                let stats = &mut self.unit_mut(from).fo.stats;
                stats.xmit_q.max = stats.xmit_q.max.max(depth);
                self.count_update(from, obj, d.arrives());
                d
            }
            // A few bytes a second: it takes none of the link's budget, but
            // it is lost like any other update when the queue is full.
            Msg::System => {
                let arrives = self.wire.queues[from.index()].backlog < QUEUE_LIMIT;
                self.count_update(from, Obj::SysCmd, arrives);
                if arrives {
                    Delivery::Arrived
                } else {
                    Delivery::Lost
                }
            }
            _ => Delivery::Arrived,
        }
    }

    /// The stateful link at the start of a traffic tick: what went on the
    /// wire last tick, the queue drains at the link's capacity, and the
    /// per-unit link statistics of `show failover`.
    pub(super) fn wire_tick(&mut self, tick: Duration) {
        let capacity = (self.stateful_bps() / 8 / UPDATE_BYTES) * tick.total_millis() / 1000;
        for u in UnitId::BOTH {
            let depth = self.wire.queues[u.index()].backlog;
            self.unit_mut(u).fo.stats.xmit_q.cur = depth;
            let ls = &mut self.wire.queues[u.index()];
            // What went on the wire last tick: the capacity it did not leave unused.
            let on_wire = ls.capacity.saturating_sub(ls.budget);
            let bps = on_wire * UPDATE_BYTES * 8 * 1000 / tick.total_millis();
            let drained = ls.backlog.min(capacity);
            ls.backlog -= drained;
            ls.capacity = capacity;
            ls.budget = capacity - drained;
            let lost = ls.lost_tick;
            ls.sent_tick = 0;
            ls.lost_tick = 0;
            let backlog = ls.backlog;
            let stats = &mut self.unit_mut(u).fo.stats;
            stats.kbps_out = bps / 1000;
            stats.xmit_q.max = stats.xmit_q.max.max(backlog);
            stats.loss_out_permille = if lost > 0 {
                (lost * 1000 / (lost + capacity.max(1))).min(1000)
            } else {
                0
            };
        }
        for u in UnitId::BOTH {
            let peer = u.peer();
            let (kbps, q) = {
                let s = &self.unit(peer).fo.stats;
                (s.kbps_out, s.xmit_q.cur)
            };
            let st = &mut self.unit_mut(u).fo.stats;
            st.kbps_in = kbps;
            st.recv_q.cur = q.min(QUEUE_LIMIT) / 20;
            st.recv_q.max = st.recv_q.max.max(st.recv_q.cur);
        }
    }

    /// Whether state updates from `from` reach the mate now: the stateful
    /// link carries them and the mate takes them (it runs as standby of
    /// that unit or group, past Cold Standby, or failed).
    #[inline]
    pub(super) fn update_path(&self, from: UnitId, g: GroupId) -> bool {
        let peer = self.unit(from.peer());
        let st = peer.fo.state_of(g);
        peer.powered
            && !peer.booting
            && (st.is_standby() || st == FoState::Failed)
            && st != FoState::ColdStandby
            && self.unit(from).running.failover.enabled
            && self.carries(from, Msg::Update(Obj::General))
    }

    /// Runs `f` with the stateful link's status read once. Within a traffic
    /// tick or a burst of new sessions no cable, power or configuration
    /// changes, and reading the link for each of a million updates would
    /// dominate the run.
    pub(super) fn with_link_snapshot<R>(&mut self, f: impl FnOnce(&mut Lab) -> R) -> R {
        let outer = self.wire.snapshot;
        self.wire.snapshot = Some(self.stateful_link_ok());
        let r = f(self);
        self.wire.snapshot = outer;
        r
    }

    /// Updates are waiting in a transmit queue.
    pub(super) fn wire_busy(&self) -> bool {
        self.wire.queues.iter().any(|l| l.backlog > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Console;
    use crate::labs::Template;
    use crate::net::Port;

    fn pair() -> Lab {
        crate::labs::settled(Template::ActiveStandby)
    }

    #[test]
    fn the_wire_follows_the_cables() {
        let mut lab = pair();
        let p = UnitId::Primary;
        assert_eq!(lab.send(p, Msg::UnitHello), Delivery::Arrived);
        assert!(lab.carries(p, Msg::IfaceHello(Port(1))));
        // The failover LAN cable (Gi0/3) pulled: nothing on the failover
        // link, the data interfaces and the stateful link still carry.
        lab.set_cable(p, Port(3), false).unwrap();
        assert_eq!(lab.send(p, Msg::UnitHello), Delivery::NoPath);
        assert_eq!(lab.send(p, Msg::Config), Delivery::NoPath);
        assert!(lab.carries(p, Msg::Lantest(Port(1))));
        assert!(lab.carries(p, Msg::Update(Obj::TcpConn)));
        // The stateful link (Gi0/4) pulled too.
        lab.set_cable(p, Port(4), false).unwrap();
        assert_eq!(lab.send(p, Msg::System), Delivery::NoPath);
    }

    #[test]
    fn a_starved_combined_link_is_marked_failed_and_holds_failover_back() {
        let mut lab = pair();
        let p = UnitId::Primary;
        lab.type_line(p, "configure terminal");
        lab.type_line(p, "no failover link");
        lab.type_line(p, "failover link FAIL-LINK");
        lab.type_line(p, "end");
        // The active unit's queue on the combined link stays full.
        lab.wire.queues[0].backlog = QUEUE_LIMIT;
        assert!(lab.congested(p));
        lab.advance(Duration::from_secs(20));
        // The mate answered LANTEST on the data interfaces: no failover,
        // the failover link is marked failed.
        assert!(lab.unit(UnitId::Secondary).fo.fl_failed);
        assert!(lab.unit(p).fo.unit.state.is_active());
        // An interface fails on the active unit: it cannot fail over while
        // its failover messages starve.
        lab.set_cable(p, Port(0), false).unwrap();
        lab.advance(Duration::from_secs(10));
        assert!(lab.unit(p).fo.unit.state.is_active());
        // The queue drains: hellos flow, the failover happens.
        lab.wire.queues[0].backlog = 0;
        lab.advance(Duration::from_secs(10));
        assert!(!lab.unit(UnitId::Secondary).fo.fl_failed);
        assert!(lab.unit(UnitId::Secondary).fo.unit.state.is_active());
    }

    #[test]
    fn updates_queue_then_are_lost_when_the_queue_is_full() {
        let mut lab = pair();
        let p = UnitId::Primary;
        lab.wire.queues[0].budget = 1;
        lab.wire.queues[0].backlog = QUEUE_LIMIT - 1;
        assert_eq!(lab.send(p, Msg::Update(Obj::TcpConn)), Delivery::Arrived);
        assert_eq!(lab.send(p, Msg::Update(Obj::TcpConn)), Delivery::Queued);
        assert_eq!(lab.send(p, Msg::Update(Obj::TcpConn)), Delivery::Lost);
        assert_eq!(lab.send(p, Msg::System), Delivery::Lost);
        let st = &lab.unit(p).fo.stats;
        assert_eq!(st.xerr[Obj::TcpConn as usize], 1);
        assert_eq!(st.xerr[Obj::SysCmd as usize], 1);
    }
}
