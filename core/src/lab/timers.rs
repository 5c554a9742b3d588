//! Virtual time: the timer table and what each timer does when it fires.

use crate::failover::{FoState, Reason};
use crate::net::UnitId;
use crate::time::{Duration, Instant};

use super::*;

/// A timer: something the lab must do at a virtual instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Send a hello on the failover link and check the unit hold time.
    UnitPoll(UnitId, u32),
    /// Send hellos on monitored interfaces and test their health.
    IfacePoll(UnitId, u32),
    /// Negotiation found no active mate in time.
    Negotiate(UnitId, u32),
    /// Take the next step towards Active or Standby Ready (unit or group).
    Step(UnitId, u8, u32),
    /// Boot finished.
    Boot(UnitId, u32),
    /// Traffic and stateful link processing.
    Traffic,
    /// A failover group decides whether to become active (Active/Active).
    GroupNegotiate(UnitId, u8, u32),
    /// A failover group returns to its preferred unit.
    Preempt(UnitId, u8, u32),
}

impl Timer {
    fn unit(self) -> UnitId {
        match self {
            Timer::Traffic => UnitId::Primary,
            Timer::UnitPoll(u, _)
            | Timer::IfacePoll(u, _)
            | Timer::Negotiate(u, _)
            | Timer::Step(u, _, _)
            | Timer::Boot(u, _)
            | Timer::GroupNegotiate(u, _, _)
            | Timer::Preempt(u, _, _) => u,
        }
    }
    fn epoch(self) -> u32 {
        match self {
            Timer::Traffic => 0,
            Timer::UnitPoll(_, e)
            | Timer::IfacePoll(_, e)
            | Timer::Negotiate(_, e)
            | Timer::Boot(_, e)
            | Timer::GroupNegotiate(_, _, e) => e,
            Timer::Step(_, _, e) | Timer::Preempt(_, _, e) => e,
        }
    }
}

impl Lab {
    // ----- timers -------------------------------------------------------

    pub(crate) fn schedule(&mut self, at: Instant, t: Timer) {
        self.seq += 1;
        self.timers.insert((at, self.seq), t);
    }
    /// The earliest pending deadline.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.timers.keys().next().map(|(t, _)| *t)
    }
    /// Runs every timer due up to `t`, then sets the clock to `t`.
    pub fn advance_to(&mut self, t: Instant) {
        while let Some((&(at, seq), _)) = self.timers.iter().next() {
            if at > t {
                break;
            }
            let timer = self.timers.remove(&(at, seq)).expect("present");
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
        if t == Timer::Traffic {
            self.traffic_tick();
            return;
        }
        let u = t.unit();
        let unit = self.unit(u);
        let generational = matches!(t, Timer::Step(..) | Timer::Preempt(..));
        if !unit.powered || unit.epoch != t.epoch() && !generational {
            return;
        }
        match t {
            Timer::Traffic => {}
            Timer::Boot(..) => self.finish_boot(u),
            Timer::UnitPoll(..) => self.unit_poll(u),
            Timer::IfacePoll(..) => self.iface_poll(u),
            Timer::Negotiate(..) => {
                if self.unit(u).fo.unit.state == FoState::Negotiation {
                    self.go_active(u, Reason::NoActiveUnitFound);
                }
            }
            Timer::Step(_, g, gen) => {
                if gen == self.unit(u).fo.group(g).step_gen {
                    self.step(u, g);
                }
            }
            Timer::GroupNegotiate(_, g, _) => self.group_negotiate(u, g),
            Timer::Preempt(_, g, gen) => {
                if Some(gen) == self.unit(u).fo.group(g).preempt_gen {
                    self.preempt(u, g);
                }
            }
        }
    }
}
