//! Failover states of the unit and of its failover groups: the one
//! transition path, the Active and Standby step sequences, negotiation of
//! groups, manual switchover, `failover reset` and preemption.

use crate::config::Role;
use crate::event::EventKind;
use crate::failover::{FoState, MonitorMark, Reason};
use crate::net::UnitId;
use crate::time::Duration;
use crate::unit::HistoryEntry;

use super::*;

/// Pause between the Just Active and Active Drain steps.
const ACTIVATE_STEP: Duration = Duration::from_secs(1);
/// Cold Standby lasts this long before configuration sync starts.
const COLD_STANDBY_TIME: Duration = Duration::from_secs(2);
/// Sync File System lasts this long.
const SYNC_FS_TIME: Duration = Duration::from_millis(500);

impl Lab {
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
    pub(super) fn group_negotiate(&mut self, u: UnitId, g: u8) {
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
    pub(super) fn groups_on_hello(&mut self, u: UnitId) {
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
    pub(super) fn groups_take_over(&mut self, u: UnitId) {
        for g in self.group_ids(u) {
            let st = self.unit(u).fo.state_of(g);
            if !st.is_active() && st != FoState::Disabled {
                self.transition_g(u, g, FoState::JustActive, Reason::HelloNotHeard);
            }
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

    pub(super) fn preempt(&mut self, u: UnitId, g: u8) {
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

    pub(super) fn step(&mut self, u: UnitId, g: u8) {
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

    pub(super) fn go_active(&mut self, u: UnitId, reason: Reason) {
        self.transition(u, FoState::JustActive, reason);
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
}
