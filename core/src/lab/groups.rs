//! Failover states of the unit and of its failover groups: the one
//! transition path, the Active and Standby step sequences, negotiation of
//! groups, manual switchover, `failover reset` and preemption.

use crate::config::Role;
use crate::event::EventKind;
use crate::failover::{FoState, GroupId, MonitorMark, Reason};
use crate::net::UnitId;
use crate::time::Duration;

use super::*;

/// Pause between the Just Active and Active Drain steps.
const ACTIVATE_STEP: Duration = Duration::from_secs(1);
/// Cold Standby lasts this long before configuration sync starts.
const COLD_STANDBY_TIME: Duration = Duration::from_secs(2);
/// Sync File System lasts this long.
const SYNC_FS_TIME: Duration = Duration::from_millis(500);

impl Lab {
    /// Changes the state of a unit or of one of its failover groups:
    /// records the event (history, console notices and syslog are read from
    /// it), keeps active time and schedules the next step of the Active or
    /// Standby sequence. The one place failover states change.
    pub(crate) fn transition(&mut self, u: UnitId, g: GroupId, to: FoState, reason: Reason) {
        let now = self.now;
        let from = self.unit(u).fo.state_of(g);
        if from == to {
            return;
        }
        // The event; the unit's console notice, `show failover history` and
        // syslog are read from it.
        self.announce(
            u,
            EventKind::State {
                group: g,
                from,
                to,
                reason,
            },
        );
        let unit = self.unit_mut(u);
        let failed: Vec<String> = if to == FoState::Failed {
            unit.fo
                .ifaces
                .iter()
                .filter(|(p, m)| {
                    (g.is_unit() || unit.running.group_of_port(**p) == g)
                        && m.state.health.is_failure()
                        && m.state.mark != MonitorMark::NotMonitored
                })
                .filter_map(|(p, _)| {
                    let name = unit.running.l3(*p).nameif.clone()?;
                    // In multiple context mode the line names the context.
                    Some(match unit.running.owner_of(*p) {
                        Some((ctx, _)) if unit.running.multiple => format!("{ctx} {name}: Failed"),
                        _ => format!("{name}: Failed"),
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let gr = unit.fo.group_mut(g);
        gr.enter(to, now);
        if to == FoState::Failed {
            gr.last_failure = Some((reason, now, failed));
        }
        // A new state cancels the old state's next step and any preemption.
        self.stop_timer(Timer::Step(u, g));
        self.stop_timer(Timer::Preempt(u, g));
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
            self.set_timer(Timer::Step(u, g), now + d);
        }
        // In Active/Active the groups own the addresses, not the unit.
        let owns_addresses = g.is_unit() != self.unit(u).running.multiple;
        if to.is_active() && !from.is_active() && owns_addresses {
            self.take_over_addresses(u, g);
        }
        if from == FoState::Failed && to == FoState::StandbyReady {
            self.bulk_sync(u);
        }
        if g.is_unit()
            && self.unit(u).running.multiple
            && matches!(to, FoState::Active | FoState::StandbyReady)
        {
            self.start_groups(u);
        }
        if !g.is_unit() && to == FoState::StandbyReady {
            self.schedule_preempt(u, g);
        }
        self.notify_mate(u);
        self.reevaluate_routes();
        if to.is_active() && !from.is_active() {
            self.fresh_table_when_owner(u);
        }
    }

    /// A unit that became active for everything it carries has taken its
    /// sessions over (those with stale state dropped): the table it keeps
    /// is its own from now on, no longer a stale copy of its mate's.
    fn fresh_table_when_owner(&mut self, u: UnitId) {
        let owns_all = self
            .policy_groups(u)
            .into_iter()
            .all(|g| self.unit(u).fo.state_of(g).is_active());
        if owns_all {
            self.unit_mut(u).table.stale = false;
        }
    }

    /// The next step of a transitional state (Just Active → Active Drain →
    /// … → Active; Cold Standby → Sync Config → … → Standby Ready).
    pub(super) fn step(&mut self, u: UnitId, g: GroupId) {
        let s = self.unit(u).fo.state_of(g);
        let reason = self
            .history(u)
            .rev()
            .find(|h| h.group == g)
            .map(|h| h.reason)
            .unwrap_or(Reason::None);
        if g.is_unit() && s == FoState::SyncConfig {
            self.end_config_sync(u);
        }
        // A group's standby path is Cold Standby, Bulk Sync, Standby Ready.
        let next = match s {
            FoState::ColdStandby if !g.is_unit() => Some(FoState::BulkSync),
            other => other.next_step(),
        };
        if let Some(next) = next {
            self.transition(u, g, next, reason);
        }
    }

    pub(super) fn go_active(&mut self, u: UnitId, g: GroupId, reason: Reason) {
        self.transition(u, g, FoState::JustActive, reason);
    }

    /// The state machines whose interfaces the interface policy watches:
    /// the unit in single mode, each configured failover group in multiple.
    pub(crate) fn policy_groups(&self, u: UnitId) -> Vec<GroupId> {
        if self.unit(u).running.multiple {
            self.group_ids(u)
        } else {
            vec![GroupId::Unit]
        }
    }

    // ----- manual control ----------------------------------------------------

    /// `no failover active [group N]` (on the active) or `failover active
    /// [group N]` (on the standby): hand the active role of the unit or the
    /// group over. Returns false if it cannot.
    pub(crate) fn switchover(&mut self, g: GroupId, to_active: UnitId, typed_on: UnitId) -> bool {
        let other = to_active.peer();
        if !self.failover_link_ok() {
            return false;
        }
        let a = self.unit(to_active).fo.state_of(g);
        let b = self.unit(other).fo.state_of(g);
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
        self.transition(other, g, FoState::StandbyReady, r_standby);
        self.go_active(to_active, g, r_active);
        true
    }

    /// `failover reset [group N]`: clear a failed state on this unit or its
    /// mate (in Active/Active, of the given group, or of every group and
    /// then the units). Health is reassessed at the next poll.
    pub(crate) fn failover_reset(&mut self, u: UnitId, only: Option<GroupId>) {
        let mut passes: Vec<Vec<GroupId>> = Vec::new();
        if self.unit(u).running.multiple {
            passes.push(
                self.group_ids(u)
                    .into_iter()
                    .filter(|g| only.is_none_or(|o| o == *g))
                    .collect(),
            );
        }
        if only.is_none() || !self.unit(u).running.multiple {
            passes.push(vec![GroupId::Unit]);
        }
        for groups in passes {
            for x in [u, u.peer()] {
                if !self.unit(x).powered {
                    continue;
                }
                for &g in &groups {
                    if self.unit(x).fo.state_of(g) != FoState::Failed {
                        continue;
                    }
                    for m in self.unit_mut(x).fo.ifaces.values_mut() {
                        m.testing_since = None;
                    }
                    self.reconsider_failed(x, g);
                }
            }
        }
    }

    // ----- failover groups (Active/Active) ------------------------------------

    /// The configured failover groups (Active/Active).
    pub fn group_ids(&self, u: UnitId) -> Vec<GroupId> {
        self.unit(u).running.group_ids()
    }

    /// The unit's own state has settled: its failover groups negotiate,
    /// group 1 first.
    fn start_groups(&mut self, u: UnitId) {
        let now = self.now;
        for g in self.group_ids(u) {
            if self.unit(u).fo.state_of(g) != FoState::Disabled {
                continue;
            }
            self.transition(u, g, FoState::Negotiation, Reason::FailoverStateCheck);
            self.set_timer(
                Timer::GroupNegotiate(u, g),
                now + Duration::from_secs(u64::from(g.number())),
            );
        }
    }

    /// The group's preferred unit (`primary` / `secondary` in `failover group N`).
    fn preferred(&self, u: UnitId, g: GroupId) -> Role {
        self.unit(u)
            .running
            .group_cfg(g)
            .map(|x| x.preferred)
            .unwrap_or(Role::Primary)
    }

    /// A group in Negotiation decides: standby behind an active mate group,
    /// active when no mate group is active, and when both units negotiate
    /// the group becomes active on its preferred unit.
    pub(super) fn group_negotiate(&mut self, u: UnitId, g: GroupId) {
        if self.unit(u).fo.state_of(g) != FoState::Negotiation {
            return;
        }
        let fo = &self.unit(u).fo;
        let Some(mate) = fo.peer_state_of(g) else {
            self.go_active(u, g, Reason::NoActiveUnitFound);
            return;
        };
        let mate_unit_settled = fo
            .peer_state_of(GroupId::Unit)
            .is_some_and(|s| matches!(s, FoState::Active | FoState::StandbyReady));
        if mate.is_active() {
            self.transition(u, g, FoState::ColdStandby, Reason::DetectedActiveMate);
        } else if matches!(mate, FoState::Negotiation | FoState::Disabled) {
            if mate_unit_settled
                && mate == FoState::Negotiation
                && self.preferred(u, g) == self.unit(u).role()
            {
                self.go_active(u, g, Reason::NoActiveUnitFound);
            } else if !self.timer_is_set(Timer::GroupNegotiate(u, g)) {
                // Wait for the mate (it syncs its configuration, or its
                // group is the one to become active).
                let at = self.now + Duration::from_secs(1);
                self.set_timer(Timer::GroupNegotiate(u, g), at);
            }
        } else {
            self.go_active(u, g, Reason::NoActiveUnitFound);
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
                if self.preferred(u, g) != self.unit(u).role() {
                    self.transition(u, g, FoState::ColdStandby, Reason::DetectedActiveMate);
                }
            } else if me == FoState::Failed {
                self.reconsider_failed(u, g);
            }
        }
    }

    /// The mate is gone: every group not active here becomes active.
    pub(super) fn groups_take_over(&mut self, u: UnitId) {
        for g in self.group_ids(u) {
            let st = self.unit(u).fo.state_of(g);
            if !st.is_active() && st != FoState::Disabled {
                self.go_active(u, g, Reason::HelloNotHeard);
            }
        }
    }

    /// A group in Standby Ready on its preferred unit, with `preempt`,
    /// becomes active there after the delay.
    fn schedule_preempt(&mut self, u: UnitId, g: GroupId) {
        let Some(gc) = self.unit(u).running.group_cfg(g) else {
            return;
        };
        let Some(delay) = gc.preempt else {
            return;
        };
        if gc.preferred != self.unit(u).role() || !self.mate_has_other_role(u) {
            return;
        }
        let at = self.now + Duration::from_secs(u64::from(delay));
        self.set_timer(Timer::Preempt(u, g), at);
    }

    /// The mate told this unit it has the other role (primary/secondary).
    /// Two units configured with the same `failover lan unit` have no
    /// preferred unit between them: neither preempts the other.
    fn mate_has_other_role(&self, u: UnitId) -> bool {
        let unit = self.unit(u);
        unit.fo.peer.as_ref().is_some_and(|p| p.role != unit.role())
    }

    pub(super) fn preempt(&mut self, u: UnitId, g: GroupId) {
        let other = u.peer();
        if !self.mate_has_other_role(u)
            || self.unit(u).fo.state_of(g) != FoState::StandbyReady
            || !self.unit(other).fo.state_of(g).is_active()
            || !self.failover_link_ok()
        {
            return;
        }
        // With stateful failover, wait until the connections are replicated.
        if self.repl.waiting_from(other) > 0 {
            let at = self.now + Duration::from_secs(1);
            self.set_timer(Timer::Preempt(u, g), at);
            return;
        }
        self.transition(
            other,
            g,
            FoState::StandbyReady,
            Reason::OtherUnitWantsMeStandby,
        );
        self.go_active(u, g, Reason::Preempted);
    }

    /// A context was removed: its interfaces leave monitoring.
    pub(crate) fn forget_context(&mut self, u: UnitId, _name: &str) {
        let ports = self.data_ports(u);
        self.unit_mut(u).fo.ifaces.retain(|p, _| ports.contains(p));
    }
}
