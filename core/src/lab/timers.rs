//! Virtual time: the timer table and what each timer does when it fires.
//!
//! Timers are keyed (quinn-proto's `TimerTable` is the model): each key is
//! one thing a unit (or one of its failover groups) waits for, set with a
//! deadline and stopped by key. Setting a key again moves its deadline;
//! stopping a unit's timers (power off, `no failover`) forgets them, so a
//! stale timer can never fire. Timers due at the same instant fire in the
//! order they were set.

use crate::small::VecMap;

use crate::failover::{FoState, GroupId, Reason};
use crate::net::UnitId;
use crate::time::{Duration, Instant};

use super::*;

/// What the lab waits for: the key of a timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Timer {
    /// Send a hello on the failover link and check the unit hold time.
    UnitPoll(UnitId),
    /// Send hellos on monitored interfaces and test their health.
    IfacePoll(UnitId),
    /// Negotiation found no active mate in time.
    Negotiate(UnitId),
    /// Boot finished.
    Boot(UnitId),
    /// Take the next step towards Active or Standby Ready (unit or group).
    Step(UnitId, GroupId),
    /// A failover group decides whether to become active (Active/Active).
    GroupNegotiate(UnitId, GroupId),
    /// A failover group returns to its preferred unit.
    Preempt(UnitId, GroupId),
    /// Traffic and stateful link processing.
    Traffic,
}

impl Timer {
    /// The unit whose timer this is (`None`: the lab's own).
    pub fn unit(self) -> Option<UnitId> {
        match self {
            Timer::Traffic => None,
            Timer::UnitPoll(u)
            | Timer::IfacePoll(u)
            | Timer::Negotiate(u)
            | Timer::Boot(u)
            | Timer::Step(u, _)
            | Timer::GroupNegotiate(u, _)
            | Timer::Preempt(u, _) => Some(u),
        }
    }
    /// Timers that run only while failover runs on the unit.
    fn is_protocol(self) -> bool {
        matches!(
            self,
            Timer::UnitPoll(_)
                | Timer::IfacePoll(_)
                | Timer::Negotiate(_)
                | Timer::GroupNegotiate(..)
        )
    }
}

/// Pending timers, keyed; at most one deadline per key.
#[derive(Clone, Debug, Default)]
pub struct TimerTable {
    /// Each set key's deadline and the order it was set in.
    deadlines: VecMap<Timer, (Instant, u64)>,
    /// The same entries in firing order.
    queue: VecMap<(Instant, u64, Timer), ()>,
    seq: u64,
}

impl TimerTable {
    /// Sets (or moves) a timer's deadline.
    pub fn set(&mut self, key: Timer, at: Instant) {
        self.stop(key);
        self.seq += 1;
        self.deadlines.insert(key, (at, self.seq));
        self.queue.insert((at, self.seq, key), ());
    }
    /// Stops a timer; nothing happens if it is not set.
    pub fn stop(&mut self, key: Timer) {
        if let Some((at, seq)) = self.deadlines.remove(&key) {
            self.queue.remove(&(at, seq, key));
        }
    }
    /// Stops every timer that matches.
    pub fn stop_where(&mut self, f: impl Fn(Timer) -> bool) {
        let keys: Vec<Timer> = self.deadlines.keys().copied().filter(|k| f(*k)).collect();
        for k in keys {
            self.stop(k);
        }
    }
    pub fn is_set(&self, key: Timer) -> bool {
        self.deadlines.contains_key(&key)
    }
    /// The earliest deadline.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.queue.first_key_value().map(|((at, _, _), _)| *at)
    }
    /// Takes the earliest timer due at or before `t`.
    pub fn pop_due(&mut self, t: Instant) -> Option<(Instant, Timer)> {
        let (&(at, seq, key), _) = self.queue.first_key_value()?;
        if at > t {
            return None;
        }
        self.queue.remove(&(at, seq, key));
        self.deadlines.remove(&key);
        Some((at, key))
    }
}

/// More timers than this firing at one instant of virtual time is a loop.
pub const MAX_TIMERS_AT_ONE_INSTANT: usize = 10_000;

impl Lab {
    /// The most timers that fired at one instant so far (a few in a healthy
    /// lab; [`MAX_TIMERS_AT_ONE_INSTANT`] means a loop was cut short).
    pub fn busiest_instant(&self) -> usize {
        self.busiest_instant
    }

    /// Sets a timer to fire at `at` (moving it if it is set).
    pub(crate) fn set_timer(&mut self, key: Timer, at: Instant) {
        self.timers.set(key, at);
    }
    pub(crate) fn stop_timer(&mut self, key: Timer) {
        self.timers.stop(key);
    }
    /// Stops every timer of a unit (it lost power).
    pub(super) fn stop_unit_timers(&mut self, u: UnitId) {
        self.timers.stop_where(|k| k.unit() == Some(u));
    }
    /// Stops the failover protocol's timers of a unit (`no failover`).
    pub(super) fn stop_protocol_timers(&mut self, u: UnitId) {
        self.timers
            .stop_where(|k| k.unit() == Some(u) && k.is_protocol());
    }
    pub(super) fn timer_is_set(&self, key: Timer) -> bool {
        self.timers.is_set(key)
    }

    /// The earliest pending deadline.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.next_deadline()
    }
    /// Runs every timer due up to `t`, then sets the clock to `t`.
    pub fn advance_to(&mut self, t: Instant) {
        let mut fired_now = 0usize;
        while let Some((at, timer)) = self.timers.pop_due(t) {
            if at == self.now {
                fired_now += 1;
            } else {
                fired_now = 1;
            }
            self.busiest_instant = self.busiest_instant.max(fired_now);
            if fired_now > MAX_TIMERS_AT_ONE_INSTANT {
                // A sequence of events that loops at one instant of virtual
                // time: put the rest off by a millisecond rather than
                // freeze (the simulation tests fail on it).
                self.set_timer(timer, at + Duration::from_millis(1));
                continue;
            }
            self.now = at;
            self.fire(timer);
            self.collect_console();
        }
        if t > self.now {
            self.now = t;
        }
    }
    pub fn advance(&mut self, d: Duration) {
        let t = self.now + d;
        self.advance_to(t);
    }

    fn fire(&mut self, t: Timer) {
        if let Some(u) = t.unit() {
            if !self.unit(u).powered {
                return;
            }
        }
        match t {
            Timer::Traffic => self.traffic_tick(),
            Timer::Boot(u) => self.finish_boot(u),
            Timer::UnitPoll(u) => self.unit_poll(u),
            Timer::IfacePoll(u) => self.iface_poll(u),
            Timer::Negotiate(u) => {
                if self.unit(u).fo.unit.state == FoState::Negotiation {
                    self.go_active(u, GroupId::Unit, Reason::NoActiveUnitFound);
                }
            }
            Timer::Step(u, g) => self.step(u, g),
            Timer::GroupNegotiate(u, g) => self.group_negotiate(u, g),
            Timer::Preempt(u, g) => self.preempt(u, g),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_timers_move_stop_and_fire_in_order() {
        let t = |s| Instant::ZERO + Duration::from_secs(s);
        let mut tt = TimerTable::default();
        tt.set(Timer::UnitPoll(UnitId::Primary), t(2));
        tt.set(Timer::Traffic, t(1));
        tt.set(Timer::Boot(UnitId::Secondary), t(1));
        // Setting again moves the deadline: one entry per key.
        tt.set(Timer::UnitPoll(UnitId::Primary), t(3));
        assert_eq!(tt.next_deadline(), Some(t(1)));
        // Same instant: the order they were set in.
        assert_eq!(tt.pop_due(t(5)), Some((t(1), Timer::Traffic)));
        assert_eq!(
            tt.pop_due(t(5)),
            Some((t(1), Timer::Boot(UnitId::Secondary)))
        );
        tt.set(Timer::Step(UnitId::Primary, GroupId::G2), t(4));
        tt.stop_where(|k| k.unit() == Some(UnitId::Primary) && k.is_protocol());
        assert!(!tt.is_set(Timer::UnitPoll(UnitId::Primary)));
        assert!(tt.is_set(Timer::Step(UnitId::Primary, GroupId::G2)));
        assert_eq!(tt.pop_due(t(3)), None, "nothing due yet");
        tt.stop(Timer::Step(UnitId::Primary, GroupId::G2));
        assert_eq!(tt.next_deadline(), None);
    }
}
