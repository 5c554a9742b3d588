//! The lab: two units, the network between them, virtual time and the
//! timer table that drives the failover protocol. Sans-IO: callers pass time
//! in (`advance_to`) and read console output out (`take_console`).

use std::collections::BTreeMap;

use crate::config::Role;
use crate::event::{Event, EventKind};
use crate::failover::{FoState, IfHealth, IfMonState, MonitorMark, Reason};
use crate::net::{Ip, Mac, Network, Port, Segment, UnitId};
use crate::rng::Rng;
use crate::time::{Duration, Instant};
use crate::unit::{HistoryEntry, PeerView, Unit};

/// How long a unit takes to boot after power is restored.
pub const BOOT_TIME: Duration = Duration::from_secs(20);
/// Pause between the Just Active and Active Drain steps.
const ACTIVATE_STEP: Duration = Duration::from_secs(1);
/// Cold Standby lasts this long before configuration sync starts.
const COLD_STANDBY_TIME: Duration = Duration::from_secs(2);
/// Sync File System lasts this long.
const SYNC_FS_TIME: Duration = Duration::from_millis(500);

/// Settings of a lab that are not unit configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabConfig {
    pub seed: u64,
    /// Bandwidth of the stateful failover link, bits per second.
    pub stateful_link_bps: u64,
}

impl Default for LabConfig {
    fn default() -> Self {
        LabConfig {
            seed: 1,
            stateful_link_bps: 1_000_000_000,
        }
    }
}

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

pub struct Lab {
    pub name: String,
    pub cfg: LabConfig,
    now: Instant,
    pub net: Network,
    pub(crate) units: [Unit; 2],
    timers: BTreeMap<(Instant, u64), Timer>,
    seq: u64,
    events: Vec<Event>,
    pub rng: Rng,
    /// Each host's ARP cache.
    pub host_arp: Vec<BTreeMap<Ip, Mac>>,
    /// The last link state seen at each unit port (link events fire once).
    link_memory: BTreeMap<(UnitId, Port), bool>,
    /// Console lines of both units, in the order they were printed.
    out: Vec<(UnitId, String)>,
    /// Every session of the lab.
    pub traffic: crate::traffic::Traffic,
    pub(crate) traffic_tick_scheduled: bool,
    /// Stateful link accounting per unit.
    pub link_state: [crate::stateful::LinkState; 2],
    /// Sessions whose creation update was lost on a saturated link.
    pub(crate) lost_updates: crate::traffic::BitSet,
    /// Sessions the configuration kept out of replication (HTTP).
    pub(crate) not_replicated: crate::traffic::BitSet,
    /// Burst updates waiting for the stateful link.
    pub(crate) deferred: std::collections::VecDeque<(UnitId, u32)>,
    stateful_memory: bool,
    /// The upstream router returns traffic through the other ISP link
    /// (`asymmetric on`, `active-active` lab).
    pub asymmetric: bool,
}

impl Lab {
    /// An empty lab: two units, powered off, no cables.
    pub fn empty(name: &str, cfg: LabConfig) -> Lab {
        Lab {
            name: name.to_string(),
            rng: Rng::new(cfg.seed),
            cfg,
            now: Instant::ZERO,
            net: Network::default(),
            units: [Unit::new(UnitId::Primary), Unit::new(UnitId::Secondary)],
            timers: BTreeMap::new(),
            seq: 0,
            events: Vec::new(),
            host_arp: Vec::new(),
            link_memory: BTreeMap::new(),
            out: Vec::new(),
            traffic: Default::default(),
            traffic_tick_scheduled: false,
            link_state: Default::default(),
            lost_updates: Default::default(),
            not_replicated: Default::default(),
            deferred: Default::default(),
            stateful_memory: false,
            asymmetric: false,
        }
    }

    pub fn now(&self) -> Instant {
        self.now
    }
    pub fn unit(&self, u: UnitId) -> &Unit {
        &self.units[u.index()]
    }
    pub(crate) fn unit_mut(&mut self, u: UnitId) -> &mut Unit {
        &mut self.units[u.index()]
    }
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    /// Moves what the units printed into the ordered console stream.
    pub(crate) fn collect_console(&mut self) {
        for u in UnitId::BOTH {
            let lines = std::mem::take(&mut self.unit_mut(u).console);
            self.out.extend(lines.into_iter().map(|l| (u, l)));
        }
    }
    /// One unit's console lines printed since the last call.
    pub fn take_console(&mut self, u: UnitId) -> Vec<String> {
        self.collect_console();
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.out)
            .into_iter()
            .partition(|(x, _)| *x == u);
        self.out = rest;
        mine.into_iter().map(|(_, l)| l).collect()
    }
    /// Both consoles' lines since the last call, in the order printed.
    pub fn take_output(&mut self) -> Vec<(UnitId, String)> {
        self.collect_console();
        std::mem::take(&mut self.out)
    }
    /// `write memory` without output: the startup configuration becomes
    /// the running one.
    pub(crate) fn save_startup(&mut self, u: UnitId) {
        let cfg = self.unit(u).running.clone();
        self.unit_mut(u).startup = Some(cfg);
    }
    pub fn prompt(&self, u: UnitId) -> String {
        self.unit(u).prompt()
    }

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

    // ----- the one place state changes are recorded ------------------------

    pub(crate) fn record(&mut self, u: Option<UnitId>, kind: EventKind) {
        let role = u.map(|u| self.unit(u).role()).unwrap_or_default();
        self.events.push(Event {
            at: self.now,
            unit: u,
            role,
            kind,
        });
    }

    /// Changes a unit's failover state (group 0): see [`transition_g`](Self::transition_g).
    pub(crate) fn transition(&mut self, u: UnitId, to: FoState, reason: Reason) {
        self.transition_g(u, 0, to, reason);
    }

    /// Changes the state of a unit (group 0) or of one of its failover
    /// groups: records the event and history, keeps active time, prints
    /// the console notice and schedules the next step of the Active or
    /// Standby sequence. The one place failover states change.
    pub(crate) fn transition_g(&mut self, u: UnitId, g: u8, to: FoState, reason: Reason) {
        let now = self.now;
        let from = self.unit(u).fo.state_of(g);
        if from == to {
            return;
        }
        self.record(
            Some(u),
            EventKind::State {
                group: g,
                from,
                to,
                reason,
            },
        );
        let unit = self.unit_mut(u);
        unit.fo.history.push(HistoryEntry {
            at: now,
            group: g,
            from,
            to,
            reason,
        });
        let failed: Vec<String> = if to == FoState::Failed {
            unit.fo
                .ifaces
                .iter()
                .filter(|(p, m)| {
                    (g == 0 || unit.running.group_of_port(**p) == g)
                        && m.state.health.is_failure()
                        && m.state.mark != MonitorMark::NotMonitored
                })
                .filter_map(|(p, _)| unit.running.l3(*p).nameif.clone())
                .map(|n| format!("{n}: Failed"))
                .collect()
        } else {
            Vec::new()
        };
        let gr = unit.fo.group_mut(g);
        gr.enter(to, now);
        if to == FoState::Failed {
            gr.last_failure = Some((reason, now, failed));
        }
        let gen = gr.step_gen;
        // Console notices, as the ASA prints them (for the unit).
        let notice = match to {
            _ if g != 0 => None,
            FoState::JustActive => Some("        Switching to Active"),
            FoState::StandbyReady if from.is_active() => Some("        Switching to Standby"),
            FoState::Failed => Some("        Switching to Failed"),
            FoState::ColdStandby if reason == Reason::DetectedActiveMate => {
                Some("        Detected an Active mate")
            }
            _ => None,
        };
        if let Some(n) = notice {
            self.unit_mut(u).say("");
            self.unit_mut(u).say(n);
        }
        // The next step, if this is a transitional state. A group takes its
        // configuration with the unit, so it never enters the sync states.
        let delay = match to {
            FoState::JustActive => Some(ACTIVATE_STEP),
            FoState::ActiveDrain | FoState::ActiveApplyingConfig | FoState::ActiveConfigApplied => {
                Some(Duration::ZERO)
            }
            FoState::ColdStandby => Some(COLD_STANDBY_TIME),
            FoState::SyncConfig => {
                self.begin_config_sync(u);
                Some(self.config_sync_time(u))
            }
            FoState::SyncFileSystem => Some(SYNC_FS_TIME),
            FoState::BulkSync => {
                self.bulk_sync(u);
                Some(self.bulk_sync_duration(u))
            }
            _ => None,
        };
        if let Some(d) = delay {
            self.schedule(now + d, Timer::Step(u, g, gen));
        }
        // In Active/Active the groups own the addresses, not the unit.
        let owns_addresses = (g == 0) != self.unit(u).running.multiple;
        if to.is_active() && !from.is_active() && owns_addresses {
            self.take_over_addresses(u, g);
        }
        if from == FoState::Failed && to == FoState::StandbyReady {
            self.bulk_sync(u);
        }
        if g == 0
            && self.unit(u).running.multiple
            && matches!(to, FoState::Active | FoState::StandbyReady)
        {
            self.start_groups(u);
        }
        if g != 0 && to == FoState::StandbyReady {
            self.schedule_preempt(u, g);
        }
        self.notify_mate(u);
        self.reevaluate_routes();
    }

    // ----- failover groups (Active/Active) ------------------------------------

    /// The configured failover groups (Active/Active).
    pub fn group_ids(&self, u: UnitId) -> Vec<u8> {
        self.unit(u).running.groups.keys().copied().collect()
    }

    /// The unit's own state has settled: its failover groups negotiate,
    /// group 1 first.
    fn start_groups(&mut self, u: UnitId) {
        let now = self.now;
        let e = self.unit(u).epoch;
        for g in self.group_ids(u) {
            if self.unit(u).fo.state_of(g) != FoState::Disabled {
                continue;
            }
            self.transition_g(u, g, FoState::Negotiation, Reason::FailoverStateCheck);
            self.schedule(
                now + Duration::from_secs(u64::from(g)),
                Timer::GroupNegotiate(u, g, e),
            );
        }
    }

    /// A group in Negotiation decides: standby behind an active mate group,
    /// active when no mate group is active, and when both units negotiate
    /// the group becomes active on its preferred unit.
    fn group_negotiate(&mut self, u: UnitId, g: u8) {
        if self.unit(u).fo.state_of(g) != FoState::Negotiation {
            return;
        }
        let fo = &self.unit(u).fo;
        let Some(mate) = fo.peer_state_of(g) else {
            self.transition_g(u, g, FoState::JustActive, Reason::NoActiveUnitFound);
            return;
        };
        let mate_unit_settled = fo
            .peer_state_of(0)
            .is_some_and(|s| matches!(s, FoState::Active | FoState::StandbyReady));
        if mate.is_active() {
            self.transition_g(u, g, FoState::ColdStandby, Reason::DetectedActiveMate);
        } else if matches!(mate, FoState::Negotiation | FoState::Disabled) {
            let preferred = self
                .unit(u)
                .running
                .groups
                .get(&g)
                .map(|x| x.preferred)
                .unwrap_or(Role::Primary);
            if mate_unit_settled && mate == FoState::Negotiation && preferred == self.unit(u).role()
            {
                self.transition_g(u, g, FoState::JustActive, Reason::NoActiveUnitFound);
            } else {
                // Wait for the mate (it syncs its configuration, or its
                // group is the one to become active).
                let e = self.unit(u).epoch;
                let at = self.now + Duration::from_secs(1);
                self.schedule(at, Timer::GroupNegotiate(u, g, e));
            }
        } else {
            self.transition_g(u, g, FoState::JustActive, Reason::NoActiveUnitFound);
        }
    }

    /// What a hello changes for the groups: negotiation decisions, and a
    /// group active on both units (the failover link came back) yields on
    /// the unit it does not prefer.
    fn groups_on_hello(&mut self, u: UnitId) {
        for g in self.group_ids(u) {
            let me = self.unit(u).fo.state_of(g);
            let Some(mate) = self.unit(u).fo.peer_state_of(g) else {
                continue;
            };
            if me == FoState::Negotiation && (mate.is_active() || mate.is_standby()) {
                self.group_negotiate(u, g);
            } else if me.is_active() && mate.is_active() {
                let preferred = self
                    .unit(u)
                    .running
                    .groups
                    .get(&g)
                    .map(|x| x.preferred)
                    .unwrap_or(Role::Primary);
                if preferred != self.unit(u).role() {
                    self.transition_g(u, g, FoState::ColdStandby, Reason::DetectedActiveMate);
                }
            } else if me == FoState::Failed {
                self.reconsider_failed_group(u, g);
            }
        }
    }

    /// The mate is gone: every group not active here becomes active.
    fn groups_take_over(&mut self, u: UnitId) {
        for g in self.group_ids(u) {
            let st = self.unit(u).fo.state_of(g);
            if !st.is_active() && st != FoState::Disabled {
                self.transition_g(u, g, FoState::JustActive, Reason::HelloNotHeard);
            }
        }
    }

    /// Interface policy per failover group.
    fn apply_group_policies(&mut self, u: UnitId) {
        let peer = u.peer();
        for g in self.group_ids(u) {
            let state = self.unit(u).fo.state_of(g);
            let exceeded = self.group_policy_exceeded(u, g);
            if exceeded && state.is_active() {
                let mine = self.group_failed_count(u, g).0;
                let mate_ready = self.failover_link_ok()
                    && self.unit(peer).fo.state_of(g) == FoState::StandbyReady
                    && self.group_failed_count(peer, g).0 < mine
                    && !self.group_policy_exceeded(peer, g);
                if mate_ready {
                    self.transition_g(u, g, FoState::Failed, Reason::InterfaceCheck);
                    self.transition_g(peer, g, FoState::JustActive, Reason::OtherUnitWantsMeActive);
                }
            } else if exceeded && state.is_standby() {
                self.transition_g(u, g, FoState::Failed, Reason::InterfaceCheck);
            } else if state == FoState::Failed {
                self.reconsider_failed_group(u, g);
            }
        }
    }

    fn reconsider_failed_group(&mut self, u: UnitId, g: u8) {
        if self.unit(u).fo.state_of(g) != FoState::Failed || self.group_policy_exceeded(u, g) {
            return;
        }
        let alive = self.unit(u).fo.peer_alive();
        let mate_active = alive && self.unit(u.peer()).fo.state_of(g).is_active();
        if mate_active {
            self.transition_g(u, g, FoState::StandbyReady, Reason::InterfaceCheck);
        } else if !alive {
            self.transition_g(u, g, FoState::JustActive, Reason::NoActiveUnitFound);
        }
    }

    /// `failover active group N` / `no failover active group N`.
    pub(crate) fn switchover_group(&mut self, g: u8, to_active: UnitId, typed_on: UnitId) -> bool {
        let other = to_active.peer();
        if !self.failover_link_ok() {
            return false;
        }
        let a = self.unit(to_active).fo.state_of(g);
        let b = self.unit(other).fo.state_of(g);
        if a != FoState::StandbyReady || !b.is_active() {
            return false;
        }
        let (r_standby, r_active) = if typed_on == other {
            (Reason::SetByConfigCommand, Reason::OtherUnitWantsMeActive)
        } else {
            (Reason::OtherUnitWantsMeStandby, Reason::SetByConfigCommand)
        };
        self.transition_g(other, g, FoState::StandbyReady, r_standby);
        self.transition_g(to_active, g, FoState::JustActive, r_active);
        true
    }

    /// `failover reset [group N]` in Active/Active.
    pub(crate) fn failover_reset_groups(&mut self, u: UnitId, only: Option<u8>) {
        for x in [u, u.peer()] {
            if !self.unit(x).powered {
                continue;
            }
            for g in self.group_ids(x) {
                if only.is_some_and(|o| o != g) || self.unit(x).fo.state_of(g) != FoState::Failed {
                    continue;
                }
                for (p, m) in self.unit_mut(x).fo.ifaces.iter_mut() {
                    let _ = p;
                    m.testing_since = None;
                }
                self.reconsider_failed_group(x, g);
            }
        }
        if only.is_none() {
            self.failover_reset(u);
        }
    }

    /// A group in Standby Ready on its preferred unit, with `preempt`,
    /// becomes active there after the delay.
    fn schedule_preempt(&mut self, u: UnitId, g: u8) {
        let Some(gc) = self.unit(u).running.groups.get(&g) else {
            return;
        };
        let Some(delay) = gc.preempt else {
            return;
        };
        if gc.preferred != self.unit(u).role() {
            return;
        }
        let gen = self.unit(u).fo.group(g).step_gen;
        self.unit_mut(u).fo.group_mut(g).preempt_gen = Some(gen);
        let at = self.now + Duration::from_secs(u64::from(delay));
        self.schedule(at, Timer::Preempt(u, g, gen));
    }

    fn preempt(&mut self, u: UnitId, g: u8) {
        let other = u.peer();
        if self.unit(u).fo.state_of(g) != FoState::StandbyReady
            || !self.unit(other).fo.state_of(g).is_active()
            || !self.failover_link_ok()
        {
            return;
        }
        // With stateful failover, wait until the connections are replicated.
        if self.deferred.iter().any(|(x, _)| *x == other) {
            let at = self.now + Duration::from_secs(1);
            let gen = self.unit(u).fo.group(g).step_gen;
            self.schedule(at, Timer::Preempt(u, g, gen));
            return;
        }
        self.transition_g(
            other,
            g,
            FoState::StandbyReady,
            Reason::OtherUnitWantsMeStandby,
        );
        self.transition_g(u, g, FoState::JustActive, Reason::Preempted);
    }

    /// A context was removed: its interfaces leave monitoring.
    pub(crate) fn forget_context(&mut self, u: UnitId, _name: &str) {
        let ports = self.data_ports(u);
        self.unit_mut(u).fo.ifaces.retain(|p, _| ports.contains(p));
    }

    /// A state change is sent to the mate at once over the failover link
    /// (it does not wait for the next hello).
    fn notify_mate(&mut self, u: UnitId) {
        let peer = u.peer();
        // Only a mate that knows this unit as alive takes the update; one
        // that marked it failed learns it is back from the regular hellos.
        let known_alive = self
            .unit(peer)
            .fo
            .peer
            .as_ref()
            .is_some_and(|p| !p.marked_failed);
        if !known_alive || !self.failover_link_ok() || self.congested(u) {
            return;
        }
        let view = self.snapshot(u);
        let now = self.now;
        let fo = &mut self.unit_mut(peer).fo;
        fo.peer = Some(view);
        fo.last_fl_hello = Some(now);
    }

    fn step(&mut self, u: UnitId, g: u8) {
        let s = self.unit(u).fo.state_of(g);
        let reason = self
            .unit(u)
            .fo
            .history
            .iter()
            .rev()
            .find(|h| h.group == g)
            .map(|h| h.reason)
            .unwrap_or(Reason::None);
        if g == 0 && s == FoState::SyncConfig {
            self.end_config_sync(u);
        }
        // A group's standby path is Cold Standby, Bulk Sync, Standby Ready.
        let next = match s {
            FoState::ColdStandby if g != 0 => Some(FoState::BulkSync),
            other => other.next_step(),
        };
        if let Some(next) = next {
            self.transition_g(u, g, next, reason);
        }
    }

    // ----- power and boot ---------------------------------------------------

    /// Cuts or restores a unit's power.
    pub fn set_power(&mut self, u: UnitId, on: bool) {
        if self.unit(u).powered == on {
            return;
        }
        self.record(Some(u), EventKind::Power { on });
        if on {
            let now = self.now;
            let unit = self.unit_mut(u);
            unit.powered = true;
            unit.booting = true;
            unit.epoch += 1;
            unit.boot_at = now;
            unit.console.push(String::new());
            unit.console.push("Rebooting....".into());
            unit.console.push(String::new());
            unit.console
                .push("Booting the Cisco Adaptive Security Appliance...".into());
            let e = unit.epoch;
            self.schedule(now + BOOT_TIME, Timer::Boot(u, e));
        } else {
            let unit = self.unit_mut(u);
            unit.powered = false;
            unit.booting = false;
            unit.epoch += 1;
            unit.session = Default::default();
            self.reset_failover_runtime(u);
            self.forget_state(u);
        }
        self.links_changed();
    }

    /// Powers a unit on at once, already booted (used at lab start: the
    /// consoles start logged in).
    pub(crate) fn power_on_booted(&mut self, u: UnitId) {
        let unit = self.unit_mut(u);
        unit.powered = true;
        unit.booting = false;
        unit.epoch += 1;
    }

    fn finish_boot(&mut self, u: UnitId) {
        self.unit_mut(u).booting = false;
        self.record(Some(u), EventKind::Booted);
        let startup = self.unit(u).startup.clone();
        self.reset_failover_runtime(u);
        self.unit_mut(u).running = Default::default();
        if let Some(cfg) = startup {
            self.unit_mut(u).running.multiple = cfg.multiple;
            let lines = cfg.to_commands();
            self.apply_config_text(u, &lines);
        }
        self.unit_mut(u).session = Default::default();
        self.unit_mut(u).say("");
        self.unit_mut(u)
            .say("Type help or '?' for a list of available commands.");
        self.links_changed();
        self.start_failover(u);
    }

    fn reset_failover_runtime(&mut self, u: UnitId) {
        let unit = self.unit_mut(u);
        let history = std::mem::take(&mut unit.fo.history);
        let gen = unit.fo.unit.step_gen.wrapping_add(1);
        unit.fo = Default::default();
        unit.fo.history = history;
        unit.fo.unit.step_gen = gen;
    }

    /// Starts (or restarts) failover on a unit whose configuration enables it.
    pub(crate) fn start_failover(&mut self, u: UnitId) {
        let unit = self.unit(u);
        if !unit.powered || unit.booting || !unit.running.failover.enabled {
            return;
        }
        if unit.fo.unit.state != FoState::Disabled {
            return;
        }
        let now = self.now;
        let e = unit.epoch;
        let timers = unit.running.failover.unit_timers;
        let ifp = self.iface_timers(u, None).poll;
        self.unit_mut(u).fo.knows_primary_macs = self.unit(u).role() == Role::Primary;
        self.unit_mut(u).fo.groups = Default::default();
        self.transition(u, FoState::Negotiation, Reason::FailoverStateCheck);
        // Hellos start at once; a unit alone waits a hold time for a mate.
        self.schedule(now + timers.poll, Timer::UnitPoll(u, e));
        self.schedule(now + ifp, Timer::IfacePoll(u, e));
        self.schedule(now + timers.hold, Timer::Negotiate(u, e));
    }

    /// `no failover`: the unit stops failover and keeps forwarding as it is.
    pub(crate) fn stop_failover(&mut self, u: UnitId) {
        let was_active = self.unit(u).fo.unit.state.is_active();
        if self.unit(u).fo.unit.state == FoState::Disabled {
            return;
        }
        // Disabling failover leaves an active unit active; it stops hellos.
        self.transition(u, FoState::Disabled, Reason::FailoverDisabled);
        let now = self.now;
        let unit = self.unit_mut(u);
        unit.epoch += 1; // forget poll timers
        unit.fo.peer = None;
        unit.fo.ifaces.clear();
        unit.fo.fl_failed = false;
        if was_active {
            unit.fo.unit.active_since = Some(now);
        }
    }

    // ----- links ------------------------------------------------------------

    /// Whether a unit port has link: power, no shutdown, cable plugged, and
    /// the far end up.
    pub fn link_up(&self, u: UnitId, port: Port) -> bool {
        let unit = self.unit(u);
        if !unit.powered || unit.booting || !self.port_enabled(u, port) {
            return false;
        }
        match self.net.segment_of(u, port) {
            None => false,
            Some(Segment::Switch(_)) => true,
            Some(Segment::Direct(_)) => match self.net.direct_peer(u, port) {
                Some((pu, pp)) => {
                    let peer = self.unit(pu);
                    peer.powered && !peer.booting && self.port_enabled(pu, pp)
                }
                None => true,
            },
        }
    }

    /// A port is enabled unless shut down; failover ports come up on their own.
    fn port_enabled(&self, u: UnitId, port: Port) -> bool {
        let cfg = &self.unit(u).running;
        !cfg.iface(port).shutdown
    }

    /// Whether the administrative state (shutdown) explains a link down.
    pub fn admin_down(&self, u: UnitId, port: Port) -> bool {
        self.unit(u).running.iface(port).shutdown
    }

    /// Two unit ports can exchange frames.
    pub(crate) fn path_ok(&self, a: (UnitId, Port), b: (UnitId, Port)) -> bool {
        if !self.link_up(a.0, a.1) || !self.link_up(b.0, b.1) {
            return false;
        }
        match (self.net.segment_of(a.0, a.1), self.net.segment_of(b.0, b.1)) {
            (Some(Segment::Switch(x)), Some(Segment::Switch(y))) => x == y,
            (Some(Segment::Direct(x)), Some(Segment::Direct(y))) => x == y,
            _ => false,
        }
    }

    /// Called after anything that can change link state: records link
    /// events and refreshes interface monitoring at once for No Link.
    pub(crate) fn links_changed(&mut self) {
        self.record_link_changes();
        let ok = self.stateful_link_ok();
        if ok != self.stateful_memory {
            self.stateful_memory = ok;
            self.stateful_link_changed(ok);
        }
        self.reevaluate_routes();
    }

    fn record_link_changes(&mut self) {
        for u in UnitId::BOTH {
            for port in Port::all() {
                let up = self.link_up(u, port);
                let key = (u, port);
                let was = self.link_memory.get(&key).copied().unwrap_or(false);
                if was != up {
                    self.link_memory.insert(key, up);
                    if self.unit(u).powered {
                        self.record(Some(u), EventKind::Link { port, up });
                    }
                }
            }
        }
    }

    /// Pulls or replugs the cable at a unit port.
    pub fn set_cable(&mut self, u: UnitId, port: Port, plugged: bool) -> Result<(), String> {
        let c = self
            .net
            .cable_at(u, port)
            .ok_or_else(|| format!("no cable at {u} {port}"))?;
        if self.net.cables[c].plugged != plugged {
            self.net.cables[c].plugged = plugged;
            self.record(Some(u), EventKind::Cable { port, plugged });
            self.links_changed();
        }
        Ok(())
    }

    // ----- the failover protocol ---------------------------------------------

    fn failover_lan_port(&self, u: UnitId) -> Option<Port> {
        self.unit(u).running.failover.lan.as_ref().map(|(_, p)| *p)
    }

    /// A hello's content: what the sender tells its mate.
    fn snapshot(&self, u: UnitId) -> PeerView {
        let unit = self.unit(u);
        let ifaces = unit
            .fo
            .ifaces
            .iter()
            .filter_map(|(p, m)| {
                let c = unit.running.l3(*p);
                let name = c.nameif.clone()?;
                let ip = self.iface_ip(u, *p);
                Some((*p, (name, ip, m.state)))
            })
            .collect();
        PeerView {
            state: unit.fo.unit.state,
            role: unit.role(),
            failed_ifaces: unit.fo.failed_count(),
            ifaces,
            active_time: unit.fo.active_time(self.now),
            marked_failed: false,
            version: crate::config::ASA_VERSION,
            groups: [0, 1].map(|i| {
                let g = &unit.fo.groups[i];
                (g.state, g.active_time(self.now))
            }),
        }
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

    fn unit_poll(&mut self, u: UnitId) {
        let now = self.now;
        let timers = self.unit(u).running.failover.unit_timers;
        let e = self.unit(u).epoch;
        self.schedule(now + timers.poll, Timer::UnitPoll(u, e));
        if self.unit(u).fo.unit.state == FoState::Disabled {
            return;
        }
        // Send our hello; the mate hears it if the failover link carries it.
        let peer = u.peer();
        // Under replication overload on a combined link the hello is lost.
        if self.failover_link_ok()
            && self.unit(peer).fo.unit.state != FoState::Disabled
            && !self.congested(u)
        {
            let snap = self.snapshot(u);
            self.receive_hello(peer, snap);
        }
        // Alongside, the units exchange a system update on the stateful
        // link (`sys cmd` in show failover, counted in General too).
        let mate = self.unit(peer);
        if mate.powered
            && !mate.booting
            && mate.fo.unit.state != FoState::Disabled
            && self.stateful_link_ok()
        {
            self.send_system_update(u);
        }
        self.check_unit_hold(u);
    }

    /// A hello from the mate arrived on the failover link.
    fn receive_hello(&mut self, u: UnitId, mut view: PeerView) {
        let now = self.now;
        let was_failed_mark = self
            .unit(u)
            .fo
            .peer
            .as_ref()
            .is_some_and(|p| p.marked_failed);
        let fl_was_failed = self.unit(u).fo.fl_failed;
        {
            let fo = &mut self.unit_mut(u).fo;
            fo.last_fl_hello = Some(now);
            view.marked_failed = false;
            if view.role == Role::Primary || fo.knows_primary_macs {
                fo.knows_primary_macs = true;
            }
            fo.peer = Some(view.clone());
        }
        if fl_was_failed {
            self.unit_mut(u).fo.fl_failed = false;
            let name = self
                .unit(u)
                .running
                .failover
                .lan
                .clone()
                .map(|l| l.0)
                .unwrap_or_default();
            self.record(
                Some(u),
                EventKind::FailoverLink {
                    ifname: name,
                    ok: true,
                },
            );
            self.unit_mut(u).say("Failover LAN became OK");
        }
        if was_failed_mark {
            self.record(Some(u), EventKind::MateFailed { failed: false });
        }
        let me = self.unit(u).fo.unit.state;
        let my_role = self.unit(u).role();
        match me {
            FoState::Negotiation => {
                if view.state.is_active() {
                    self.transition(u, FoState::ColdStandby, Reason::DetectedActiveMate);
                } else if view.state == FoState::Negotiation {
                    // Both negotiating: the primary unit takes the active role.
                    let i_win = my_role == Role::Primary && view.role != Role::Primary
                        || my_role == view.role && u == UnitId::Primary;
                    if i_win {
                        self.go_active(u, Reason::NoActiveUnitFound);
                    }
                } else if view.state != FoState::Disabled {
                    // The mate is standby, failed or syncing with nobody active.
                    self.go_active(u, Reason::NoActiveUnitFound);
                }
            }
            s if s.is_active() && view.state.is_active() => {
                // Both active (the failover link came back): the secondary yields.
                let yield_me = my_role == Role::Secondary && view.role == Role::Primary
                    || my_role == view.role && u == UnitId::Secondary;
                if yield_me {
                    self.transition(u, FoState::ColdStandby, Reason::DetectedActiveMate);
                }
            }
            FoState::Failed => {
                // A failed unit whose interfaces have recovered returns to standby.
                self.reconsider_failed(u);
            }
            _ => {}
        }
        if self.unit(u).running.multiple {
            self.groups_on_hello(u);
        }
    }

    fn check_unit_hold(&mut self, u: UnitId) {
        let now = self.now;
        let unit = self.unit(u);
        let hold = unit.running.failover.unit_timers.hold;
        let state = unit.fo.unit.state;
        if state == FoState::Disabled || state == FoState::Negotiation {
            return;
        }
        let Some(peer) = unit.fo.peer.as_ref() else {
            return;
        };
        if peer.marked_failed {
            return;
        }
        let last = unit.fo.last_fl_hello.unwrap_or(unit.fo.unit.since);
        if now.saturating_since(last) <= hold {
            return;
        }
        // No hello on the failover link for a hold time: probe the mate on
        // every interface (LANTEST). Does it answer anywhere else?
        let heard_elsewhere = self.mate_answers_lantest(u);
        let unit = self.unit(u);
        let lan_name = unit
            .running
            .failover
            .lan
            .clone()
            .map(|l| l.0)
            .unwrap_or_default();
        if heard_elsewhere {
            if !unit.fo.fl_failed {
                self.unit_mut(u).fo.fl_failed = true;
                self.record(
                    Some(u),
                    EventKind::FailoverLink {
                        ifname: lan_name,
                        ok: false,
                    },
                );
                self.unit_mut(u).say("Failover LAN Failed");
            }
            return;
        }
        if !unit.fo.fl_failed {
            self.record(
                Some(u),
                EventKind::FailoverLink {
                    ifname: lan_name,
                    ok: false,
                },
            );
        }
        // The mate is gone: mark it failed; a standby takes over.
        if let Some(p) = self.unit_mut(u).fo.peer.as_mut() {
            p.marked_failed = true;
            p.state = FoState::Failed;
        }
        self.unit_mut(u).fo.fl_failed = false;
        self.record(Some(u), EventKind::MateFailed { failed: true });
        if state.is_standby() {
            self.go_active(u, Reason::HelloNotHeard);
        } else if state == FoState::Failed {
            self.reconsider_failed(u);
        }
        if self.unit(u).running.multiple {
            self.groups_take_over(u);
        }
    }

    /// LANTEST: the mate answers on a data interface now (it is powered,
    /// runs failover and shares a segment with us on that interface).
    fn mate_answers_lantest(&self, u: UnitId) -> bool {
        let peer = u.peer();
        let p_unit = self.unit(peer);
        if !p_unit.powered
            || p_unit.booting
            || p_unit.fo.unit.state == FoState::Disabled
            || self.congested(peer)
        {
            return false;
        }
        self.data_ports(u)
            .into_iter()
            .any(|p| p_unit.running.l3(p).nameif.is_some() && self.path_ok((u, p), (peer, p)))
    }

    fn go_active(&mut self, u: UnitId, reason: Reason) {
        self.transition(u, FoState::JustActive, reason);
    }

    /// Interface poll: hellos on monitored data interfaces, then the health
    /// tests and the interface policy.
    fn iface_poll(&mut self, u: UnitId) {
        let now = self.now;
        let e = self.unit(u).epoch;
        let timers = self.iface_timers(u, None);
        self.schedule(now + timers.poll, Timer::IfacePoll(u, e));
        if self.unit(u).fo.unit.state == FoState::Disabled {
            return;
        }
        let peer = u.peer();
        // Send hellos to the mate's matching interfaces.
        let ports: Vec<Port> = self.data_ports(u);
        for &p in &ports {
            let mine = self.unit(u).running.l3(p).clone();
            let theirs = self.unit(peer).running.l3(p).clone();
            let can_send = mine.addr.is_some_and(|a| a.standby.is_some())
                && theirs.nameif.is_some()
                && self.unit(peer).powered
                && self.unit(peer).fo.unit.state != FoState::Disabled
                && self.path_ok((u, p), (peer, p));
            if can_send {
                let m = self.unit_mut(peer).fo.ifaces.entry(p).or_default();
                m.last_hello = Some(now);
                m.ever_heard = true;
            }
        }
        self.evaluate_interfaces(u);
        self.apply_interface_policy(u);
    }

    /// Named data interfaces (not the failover or stateful link).
    pub(crate) fn data_ports(&self, u: UnitId) -> Vec<Port> {
        let cfg = &self.unit(u).running;
        if cfg.multiple {
            return cfg
                .all_named()
                .into_iter()
                .map(|(p, _, _)| p)
                .filter(|p| !cfg.failover.is_failover_port(*p))
                .collect();
        }
        cfg.named()
            .map(|(p, _, _)| p)
            .filter(|p| !cfg.failover.is_failover_port(*p))
            .collect()
    }

    /// The interface poll and hold times that apply to a port (its failover
    /// group's in Active/Active).
    pub(crate) fn iface_timers(&self, u: UnitId, p: Option<Port>) -> crate::config::PollHold {
        let cfg = &self.unit(u).running;
        if !cfg.multiple {
            return cfg.failover.iface_timers;
        }
        let g = p.map(|p| cfg.group_of_port(p)).unwrap_or(1);
        match p {
            Some(_) => cfg.groups.get(&g).map(|x| x.iface_timers),
            // The poll runs at the fastest group's pace.
            None => cfg
                .groups
                .values()
                .map(|x| x.iface_timers)
                .min_by_key(|t| t.poll),
        }
        .unwrap_or(crate::config::PollHold::IFACE_DEFAULT)
    }

    fn evaluate_interfaces(&mut self, u: UnitId) {
        let now = self.now;
        let ports = self.data_ports(u);
        // Forget interfaces that lost their name.
        self.unit_mut(u).fo.ifaces.retain(|p, _| ports.contains(p));
        for p in ports {
            let timers = self.iface_timers(u, Some(p));
            let half = timers.hold.divided(2);
            let cfg = self.unit(u).running.l3_cfg(p);
            let nameif = cfg.iface(p).nameif.clone().unwrap_or_default();
            let monitored = cfg.is_monitored(&nameif);
            let link = self.link_up(u, p);
            let admin = self.admin_down(u, p);
            let mon = self.unit(u).fo.ifaces.get(&p).cloned().unwrap_or_default();
            let heard_recently = mon
                .last_hello
                .is_some_and(|t| now.saturating_since(t) <= half);
            let mut testing_since = mon.testing_since;
            let health = if admin {
                testing_since = None;
                IfHealth::LinkDown
            } else if !link {
                testing_since = None;
                IfHealth::NoLink
            } else if heard_recently || !mon.ever_heard || !monitored {
                testing_since = None;
                IfHealth::Normal
            } else {
                // Hellos stopped for half the hold time: test the interface.
                let started = *testing_since.get_or_insert(now);
                let activity = self.network_activity(u, p);
                if activity {
                    // Our side passes traffic: the problem is on the mate's side.
                    IfHealth::Normal
                } else if now.saturating_since(started) + half >= timers.hold {
                    let peer_ok = self
                        .unit(u)
                        .fo
                        .peer
                        .as_ref()
                        .filter(|pv| !pv.marked_failed)
                        .and_then(|pv| pv.ifaces.get(&p))
                        .is_some_and(|(_, _, st)| st.health == IfHealth::Normal);
                    if peer_ok {
                        IfHealth::Failed
                    } else {
                        IfHealth::Unknown
                    }
                } else {
                    IfHealth::Testing
                }
            };
            let mark = if !monitored {
                MonitorMark::NotMonitored
            } else if heard_recently {
                MonitorMark::Monitored
            } else {
                MonitorMark::Waiting
            };
            let new = IfMonState { health, mark };
            let old = mon.state;
            let entry = self.unit_mut(u).fo.ifaces.entry(p).or_default();
            entry.state = new;
            entry.testing_since = testing_since;
            if old != new {
                self.record(
                    Some(u),
                    EventKind::Monitor {
                        port: p,
                        nameif,
                        from: old,
                        to: new,
                    },
                );
            }
        }
    }

    /// The network activity / ARP / broadcast ping tests: does anything else
    /// on the interface's segment answer?
    fn network_activity(&self, u: UnitId, p: Port) -> bool {
        match self.net.segment_of(u, p) {
            Some(seg @ Segment::Switch(_)) => !self.net.hosts_on(seg).is_empty(),
            _ => false,
        }
    }

    fn policy_exceeded(&self, u: UnitId) -> bool {
        let unit = self.unit(u);
        let monitored = unit
            .fo
            .ifaces
            .values()
            .filter(|m| m.state.mark != MonitorMark::NotMonitored)
            .count();
        unit.running
            .failover
            .policy
            .exceeded(unit.fo.failed_count(), monitored)
    }

    /// Failed and monitored interfaces of one failover group on a unit.
    pub(crate) fn group_failed_count(&self, u: UnitId, g: u8) -> (usize, usize) {
        let unit = self.unit(u);
        let mut failed = 0;
        let mut monitored = 0;
        for (p, m) in &unit.fo.ifaces {
            if unit.running.group_of_port(*p) != g || m.state.mark == MonitorMark::NotMonitored {
                continue;
            }
            monitored += 1;
            if m.state.health.is_failure() {
                failed += 1;
            }
        }
        (failed, monitored)
    }

    /// A group's interface policy is exceeded on a unit.
    fn group_policy_exceeded(&self, u: UnitId, g: u8) -> bool {
        let (failed, monitored) = self.group_failed_count(u, g);
        let policy = self
            .unit(u)
            .running
            .groups
            .get(&g)
            .map(|x| x.policy)
            .unwrap_or_default();
        policy.exceeded(failed, monitored)
    }

    fn apply_interface_policy(&mut self, u: UnitId) {
        if self.unit(u).running.multiple {
            self.apply_group_policies(u);
            return;
        }
        let state = self.unit(u).fo.unit.state;
        let exceeded = self.policy_exceeded(u);
        let peer = u.peer();
        if exceeded && state.is_active() {
            // Fail over only to a healthier standby we can tell.
            let my_failed = self.unit(u).fo.failed_count();
            let mate_ready = self.failover_link_ok()
                && self.unit(peer).fo.unit.state == FoState::StandbyReady
                && self.unit(peer).fo.failed_count() < my_failed
                && !self.policy_exceeded(peer);
            if mate_ready {
                self.transition(u, FoState::Failed, Reason::InterfaceCheck);
                self.go_active(peer, Reason::OtherUnitWantsMeActive);
            }
        } else if exceeded && state.is_standby() {
            self.transition(u, FoState::Failed, Reason::InterfaceCheck);
        } else if state == FoState::Failed {
            self.reconsider_failed(u);
        }
    }

    /// A failed unit returns to standby once its interfaces are healthy
    /// again (or becomes active if no mate is active).
    fn reconsider_failed(&mut self, u: UnitId) {
        if self.unit(u).fo.unit.state != FoState::Failed || self.policy_exceeded(u) {
            return;
        }
        let mate_active =
            self.unit(u).fo.peer_alive() && self.unit(u.peer()).fo.unit.state.is_active();
        if mate_active {
            self.transition(u, FoState::StandbyReady, Reason::InterfaceCheck);
        } else if !self.unit(u).fo.peer_alive() {
            self.go_active(u, Reason::NoActiveUnitFound);
        }
    }

    // ----- manual control ----------------------------------------------------

    /// `no failover active` (on the active) or `failover active` (on the
    /// standby): hand the active role over. Returns false if it cannot.
    pub(crate) fn switchover(&mut self, to_active: UnitId, typed_on: UnitId) -> bool {
        let other = to_active.peer();
        if !self.failover_link_ok() {
            return false;
        }
        let a = self.unit(to_active).fo.unit.state;
        let b = self.unit(other).fo.unit.state;
        if a != FoState::StandbyReady || !b.is_active() {
            return false;
        }
        // The unit the command was typed on acts "by the config command";
        // its mate follows because the other unit wants it to.
        let (r_standby, r_active) = if typed_on == other {
            (Reason::SetByConfigCommand, Reason::OtherUnitWantsMeActive)
        } else {
            (Reason::OtherUnitWantsMeStandby, Reason::SetByConfigCommand)
        };
        self.transition(other, FoState::StandbyReady, r_standby);
        self.go_active(to_active, r_active);
        true
    }

    /// `failover reset`: clear a failed state on this unit or its mate.
    pub(crate) fn failover_reset(&mut self, u: UnitId) {
        for x in [u, u.peer()] {
            if self.unit(x).fo.unit.state == FoState::Failed && self.unit(x).powered {
                // Clear the failure marks; health is reassessed at the next poll.
                for m in self.unit_mut(x).fo.ifaces.values_mut() {
                    m.testing_since = None;
                }
                self.reconsider_failed(x);
            }
        }
    }

    // ----- configuration sync --------------------------------------------------

    fn config_sync_time(&self, u: UnitId) -> Duration {
        let lines = self.unit(u.peer()).running.to_commands().len() as u64;
        Duration::from_secs(2) + Duration::from_millis(20).times(lines)
    }

    /// The standby starts receiving the active unit's running configuration.
    fn begin_config_sync(&mut self, u: UnitId) {
        let peer = u.peer();
        if self.unit(peer).fo.unit.state.is_active() && self.failover_link_ok() {
            self.record(
                Some(peer),
                EventKind::ConfigSync {
                    sending: true,
                    begin: true,
                },
            );
            self.unit_mut(peer)
                .say("Beginning configuration replication: Sending to mate.");
        }
        self.record(
            Some(u),
            EventKind::ConfigSync {
                sending: false,
                begin: true,
            },
        );
        self.unit_mut(u)
            .say("Beginning configuration replication from mate.");
    }

    /// The configuration has arrived: the standby's running configuration
    /// becomes the active unit's (keeping its own `failover lan unit`).
    fn end_config_sync(&mut self, u: UnitId) {
        let peer = u.peer();
        if self.unit(peer).fo.unit.state.is_active() && self.failover_link_ok() {
            self.copy_config(peer, u);
            self.record(
                Some(peer),
                EventKind::ConfigSync {
                    sending: true,
                    begin: false,
                },
            );
            self.unit_mut(peer)
                .say("End Configuration Replication to mate");
        }
        self.record(
            Some(u),
            EventKind::ConfigSync {
                sending: false,
                begin: false,
            },
        );
        self.unit_mut(u)
            .say("End configuration replication from mate.");
        self.links_changed();
    }

    /// The receiving unit's running configuration becomes the sender's
    /// (keeping its own `failover lan unit`).
    fn copy_config(&mut self, from: UnitId, to: UnitId) {
        let role = self.unit(to).role();
        let lines = self.unit(from).running.to_commands();
        let mut fresh = crate::config::UnitConfig::default();
        fresh.failover.unit = role;
        fresh.multiple = self.unit(from).running.multiple;
        self.unit_mut(to).running = fresh;
        self.apply_config_text(to, &lines);
        self.unit_mut(to).running.failover.unit = role;
    }

    /// `write standby` in Active/Active. From the system execution space
    /// (on the unit where group 1 is active) the system and every
    /// context's configuration are written to the mate, and connections
    /// through the contexts active on the mate are terminated; from inside
    /// a context (where it is active) only that context's configuration.
    /// Returns the console output, or the error.
    pub(crate) fn write_standby_multi(
        &mut self,
        from: UnitId,
        ctx: Option<&str>,
    ) -> Result<Vec<String>, String> {
        let peer = from.peer();
        let g = match ctx {
            Some(c) => self.unit(from).running.group_of_context(c),
            None => 1,
        };
        if !self.unit(from).running.failover.enabled || !self.unit(from).fo.state_of(g).is_active()
        {
            return Err(match ctx {
                Some(_) => "ERROR: This command is only allowed in a context that is active on this unit",
                None => "ERROR: This command is only allowed on the unit where failover group 1 is active",
            }
            .into());
        }
        let mate = self.unit(peer);
        if !self.failover_link_ok() || !mate.powered || mate.booting || mate.fo.peer.is_none() {
            return Err("ERROR: Standby unit is not available or the failover link is down".into());
        }
        let mut out = Vec::new();
        if ctx.is_none() {
            let active_there: Vec<u8> = [1, 2]
                .into_iter()
                .filter(|g| self.unit(peer).fo.state_of(*g).is_active())
                .collect();
            if !active_there.is_empty() {
                out.push(
                    "WARNING: Security contexts are active on the mate; connections through them are terminated"
                        .to_string(),
                );
                self.terminate_forwarded_by(peer, &active_there);
            }
        }
        out.push("Building configuration...".into());
        self.record(
            Some(from),
            EventKind::ConfigSync {
                sending: true,
                begin: true,
            },
        );
        out.push("Beginning configuration replication: Sending to mate.".into());
        self.record(
            Some(peer),
            EventKind::ConfigSync {
                sending: false,
                begin: true,
            },
        );
        self.unit_mut(peer)
            .say("Beginning configuration replication from mate.");
        match ctx {
            None => self.copy_config(from, peer),
            Some(c) => {
                let cfg = self
                    .unit(from)
                    .running
                    .contexts
                    .get(c)
                    .map(|d| d.cfg.clone());
                if let (Some(cfg), Some(def)) =
                    (cfg, self.unit_mut(peer).running.contexts.get_mut(c))
                {
                    def.cfg = cfg;
                }
            }
        }
        self.record(
            Some(from),
            EventKind::ConfigSync {
                sending: true,
                begin: false,
            },
        );
        out.push("End Configuration Replication to mate".into());
        self.record(
            Some(peer),
            EventKind::ConfigSync {
                sending: false,
                begin: false,
            },
        );
        self.unit_mut(peer)
            .say("End configuration replication from mate.");
        self.links_changed();
        out.push("[OK]".into());
        Ok(out)
    }

    /// `write standby`: the standby clears and receives the whole
    /// configuration again.
    pub(crate) fn write_standby(&mut self, from: UnitId) -> bool {
        let peer = from.peer();
        if !self.failover_link_ok() || !self.unit(peer).fo.unit.state.is_standby() {
            return false;
        }
        self.transition(peer, FoState::ColdStandby, Reason::ConfigurationMismatch);
        true
    }

    // ----- addresses ------------------------------------------------------------

    /// The address a unit currently uses on a data interface: the active
    /// address on the active unit, the standby address on the other.
    pub fn iface_ip(&self, u: UnitId, p: Port) -> Option<Ip> {
        let unit = self.unit(u);
        let a = unit.running.l3(p).addr?;
        let fo = &unit.running.failover;
        if fo.is_failover_port(p) {
            return None;
        }
        let state = unit.fo.state_of(unit.running.group_of_port(p));
        if !fo.enabled
            || state.is_active()
            || state == FoState::Disabled && unit.running.multiple
            || state == FoState::Negotiation && unit.fo.peer.is_none()
        {
            Some(a.ip)
        } else {
            a.standby
        }
    }

    /// The MAC a unit currently uses on a port. In Active/Standby the
    /// active unit uses the primary unit's addresses (unless it never
    /// learned them), the standby the secondary's; an interface
    /// `mac-address` command overrides both.
    pub fn iface_mac(&self, u: UnitId, p: Port) -> Mac {
        let unit = self.unit(u);
        let cfg = unit.running.l3(p);
        let g = unit.running.group_of_port(p);
        let state = unit.fo.state_of(g);
        let active = state.is_active() || state == FoState::Disabled;
        // 1. The interface's own `mac-address`.
        if let Some((am, sm)) = cfg.mac {
            return if active || sm.is_none() {
                am
            } else {
                sm.unwrap_or(am)
            };
        }
        if !unit.running.failover.enabled || unit.running.failover.is_failover_port(p) {
            return unit.bia(p);
        }
        if unit.running.multiple {
            // 2. The failover group's `mac address`; 3. the default
            // virtual MAC 00a0.c9PP.GG01 (active) / 00a0.c9PP.GG02 (standby).
            if let Some((am, sm)) = unit.running.groups.get(&g).and_then(|x| x.macs.get(&p)) {
                return if active { *am } else { *sm };
            }
            return Mac(0x00a0_c900_0000
                | (u64::from(p.number()) << 16)
                | (u64::from(g) << 8)
                | if active { 1 } else { 2 });
        }
        let (pri, sec) = match unit.role() {
            Role::Primary => (u, u.peer()),
            Role::Secondary => (u.peer(), u),
        };
        if active {
            if unit.fo.knows_primary_macs {
                crate::unit::bia(pri, p)
            } else {
                unit.bia(p)
            }
        } else {
            crate::unit::bia(sec, p)
        }
    }

    /// A unit became active: it answers for the active addresses and sends
    /// gratuitous ARP, so hosts and switches learn where they now live.
    fn take_over_addresses(&mut self, u: UnitId, group: u8) {
        for p in self.data_ports(u) {
            if self.unit(u).running.group_of_port(p) != group && group != 0 {
                continue;
            }
            let Some(ip) = self.iface_ip(u, p) else {
                continue;
            };
            let mac = self.iface_mac(u, p);
            let Some(seg) = self.net.segment_of(u, p) else {
                continue;
            };
            if !self.link_up(u, p) {
                continue;
            }
            for h in self.net.hosts_on(seg) {
                // Gratuitous ARP: hosts on the segment (re)learn the address.
                let arp = &mut self.host_arp[h];
                if arp.get(&ip) != Some(&mac) {
                    arp.insert(ip, mac);
                    let host = self.net.hosts[h].name.clone();
                    self.record(
                        None,
                        EventKind::HostArp {
                            host,
                            ip: ip.to_string(),
                            mac: mac.to_string(),
                        },
                    );
                }
            }
        }
    }

    /// A host resolves its gateway (or a peer) by ARP on its segment.
    pub fn host_resolve(&mut self, h: usize, ip: Ip) -> Option<Mac> {
        let sw = self.net.host_switch(h)?;
        for u in UnitId::BOTH {
            for p in self.data_ports(u) {
                if self.net.segment_of(u, p) == Some(Segment::Switch(sw))
                    && self.link_up(u, p)
                    && self.iface_ip(u, p) == Some(ip)
                {
                    let mac = self.iface_mac(u, p);
                    self.host_arp[h].insert(ip, mac);
                    return Some(mac);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::{build, Template};

    fn pair() -> Lab {
        let mut lab = build(Template::ActiveStandby, LabConfig::default()).unwrap();
        lab.advance(Duration::from_secs(60));
        lab
    }

    #[test]
    fn dead_active_is_detected_after_the_unit_hold_time() {
        let mut lab = pair();
        let t0 = lab.now();
        lab.set_power(UnitId::Primary, false);
        let mut took_over = None;
        for _ in 0..400 {
            lab.advance(Duration::from_millis(100));
            if lab.unit(UnitId::Secondary).fo.unit.state.is_active() {
                took_over = Some(lab.now().saturating_since(t0));
                break;
            }
        }
        let d = took_over.expect("secondary took over");
        assert!(
            d > Duration::from_secs(15) && d <= Duration::from_secs(17),
            "{d}"
        );
    }

    #[test]
    fn active_addresses_and_primary_macs_move_with_the_active_role() {
        let mut lab = pair();
        let p = Port(1);
        let pri_mac = crate::unit::bia(UnitId::Primary, p);
        let sec_mac = crate::unit::bia(UnitId::Secondary, p);
        assert_eq!(lab.iface_mac(UnitId::Primary, p), pri_mac);
        assert_eq!(lab.iface_mac(UnitId::Secondary, p), sec_mac);
        let gw = Ip::parse("10.10.0.254").unwrap();
        assert_eq!(
            lab.host_arp[0].get(&gw),
            Some(&pri_mac),
            "hosts learned the gateway by gratuitous ARP"
        );
        lab.type_line(UnitId::Primary, "no failover active");
        assert_eq!(lab.iface_ip(UnitId::Secondary, p), Some(gw));
        assert_eq!(
            lab.iface_mac(UnitId::Secondary, p),
            pri_mac,
            "the active unit uses the primary's MAC"
        );
        assert_eq!(lab.iface_mac(UnitId::Primary, p), sec_mac);
        assert_eq!(
            lab.host_arp[0].get(&gw),
            Some(&pri_mac),
            "so the hosts' ARP entry stays valid"
        );
    }

    #[test]
    fn a_secondary_that_never_saw_the_primary_uses_its_own_macs_and_hosts_follow() {
        let mut lab = build(Template::ActiveStandby, LabConfig::default()).unwrap();
        lab.set_power(UnitId::Primary, false);
        lab.advance(Duration::from_secs(30));
        assert!(lab.unit(UnitId::Secondary).fo.unit.state.is_active());
        let gw = Ip::parse("10.10.0.254").unwrap();
        let own = crate::unit::bia(UnitId::Secondary, Port(1));
        assert_eq!(lab.iface_mac(UnitId::Secondary, Port(1)), own);
        assert_eq!(lab.host_arp[0].get(&gw), Some(&own));
        assert!(lab
            .events()
            .iter()
            .any(|e| matches!(&e.kind, EventKind::HostArp { host, .. } if host == "inside-host")));
    }

    #[test]
    fn the_active_learns_the_mates_new_state_at_once() {
        let mut lab = build(Template::ActiveStandby, LabConfig::default()).unwrap();
        while lab.unit(UnitId::Secondary).fo.unit.state != FoState::StandbyReady {
            lab.advance(Duration::from_millis(10));
            assert!(
                lab.now() < Instant::from_secs(60),
                "the standby became ready"
            );
        }
        let seen = lab.unit(UnitId::Primary).fo.peer.as_ref().map(|p| p.state);
        assert_eq!(seen, Some(FoState::StandbyReady), "not a hello later");
    }

    #[test]
    fn every_state_change_is_in_the_timeline_with_its_cause() {
        let lab = pair();
        let states: Vec<_> = lab
            .events()
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::State { to, reason, .. } if e.unit == Some(UnitId::Secondary) => {
                    Some((to, reason))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            states.first(),
            Some(&(FoState::Negotiation, Reason::FailoverStateCheck))
        );
        assert_eq!(
            states.last(),
            Some(&(FoState::StandbyReady, Reason::DetectedActiveMate))
        );
        assert!(lab
            .events()
            .iter()
            .any(|e| e.syslog().is_some_and(|s| s.starts_with("%ASA-1-104001"))));
        assert_eq!(lab.unit(UnitId::Secondary).fo.history.len(), states.len());
    }
}
