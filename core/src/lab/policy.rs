//! Interface monitoring (hellos on data interfaces, the interface tests)
//! and the interface policy that fails a unit or a group over.

use crate::event::EventKind;
use crate::failover::{
    FoState, GroupId, IfHealth, IfMonState, InterfacePolicy, MonitorMark, Reason,
};
use crate::net::{Port, Segment, UnitId};

use super::*;

impl Lab {
    /// Interface poll: hellos on monitored data interfaces, then the health
    /// tests and the interface policy.
    pub(super) fn iface_poll(&mut self, u: UnitId) {
        let now = self.now;
        let timers = self.iface_timers(u, None);
        self.set_timer(Timer::IfacePoll(u), now + timers.poll);
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
                && self.carries(u, Msg::IfaceHello(p));
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
        let g = p.map(|p| cfg.group_of_port(p)).unwrap_or(GroupId::G1);
        match p {
            Some(_) => cfg.group_cfg(g).map(|x| x.iface_timers),
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
            self.set_monitor_state(u, p, nameif, new, testing_since);
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

    /// Failed and monitored interfaces of the unit (single mode: every
    /// monitored interface) or of one failover group's contexts.
    ///
    /// A failure counts toward the failover limit only when the mate's
    /// same interface works. Cisco: an interface is failed when "no traffic
    /// is received on the interface, yet traffic is heard on the peer
    /// interface", and "if the other unit interface also fails all the
    /// network tests, then both interfaces go into the 'Unknown' state and
    /// do not count towards the failover limit". The lab applies the same
    /// to an interface down on both units (a replicated `shutdown`, both
    /// ports unplugged), as real pairs show: `No Link (Waiting)` on both
    /// units with the pair in Active / Standby Ready. With no live mate to
    /// compare with, every failure counts.
    pub(crate) fn failed_count(&self, u: UnitId, g: GroupId) -> (usize, usize) {
        let unit = self.unit(u);
        let mate = u.peer();
        let mate_known = unit.fo.peer_alive()
            && self.unit(mate).powered
            && self.unit(mate).fo.unit.state != FoState::Disabled;
        let mut failed = 0;
        let mut monitored = 0;
        for (p, m) in &unit.fo.ifaces {
            if unit.running.group_of_port(*p) != g || m.state.mark == MonitorMark::NotMonitored {
                continue;
            }
            monitored += 1;
            let down_on_both = mate_known
                && self
                    .unit(mate)
                    .fo
                    .ifaces
                    .get(p)
                    .is_some_and(|x| x.state.health.is_failure());
            if m.state.health.is_failure() && !down_on_both {
                failed += 1;
            }
        }
        (failed, monitored)
    }

    /// Link down and administratively down are seen at once, not at the
    /// next interface poll (Cisco: "If the ASA detects that an interface is
    /// down, failover occurs immediately, without waiting for the interface
    /// holdtime"): the health of an interface whose port lost its link, or
    /// was shut down, changes now; the policy is applied at the poll. So a
    /// `shutdown` replicated to both units is Link Down on both before
    /// either unit weighs its interfaces.
    pub(crate) fn refresh_link_health(&mut self, u: UnitId) {
        if !self.unit(u).powered || self.unit(u).fo.unit.state == FoState::Disabled {
            return;
        }
        let ports: Vec<Port> = self.unit(u).fo.ifaces.keys().copied().collect();
        for p in ports {
            let health = if self.admin_down(u, p) {
                IfHealth::LinkDown
            } else if !self.link_up(u, p) {
                IfHealth::NoLink
            } else {
                continue;
            };
            let Some(m) = self.unit(u).fo.ifaces.get(&p) else {
                continue;
            };
            let old = m.state;
            if old.health == health {
                continue;
            }
            let new = IfMonState {
                health,
                mark: old.mark,
            };
            let nameif = self
                .unit(u)
                .running
                .l3_cfg(p)
                .iface(p)
                .nameif
                .clone()
                .unwrap_or_default();
            self.set_monitor_state(u, p, nameif, new, None);
        }
    }

    /// An interface's monitoring state changes: kept, and recorded as an
    /// event when it differs from what it was.
    fn set_monitor_state(
        &mut self,
        u: UnitId,
        p: Port,
        nameif: String,
        new: IfMonState,
        testing_since: Option<Instant>,
    ) {
        let entry = self.unit_mut(u).fo.ifaces.entry(p).or_default();
        let old = entry.state;
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

    /// The interface policy of the unit (`failover interface-policy`) or of
    /// a failover group (its own `interface-policy`; the global command has
    /// no effect on groups).
    fn interface_policy(&self, u: UnitId, g: GroupId) -> InterfacePolicy {
        let running = &self.unit(u).running;
        match g {
            GroupId::Unit => running.failover.policy,
            _ => running.group_cfg(g).map(|x| x.policy).unwrap_or_default(),
        }
    }

    /// The failed monitored interfaces of the unit or group meet its interface policy.
    fn policy_met(&self, u: UnitId, g: GroupId) -> bool {
        let (failed, monitored) = self.failed_count(u, g);
        self.interface_policy(u, g).met(failed, monitored)
    }

    /// Applies the interface policy to the unit (single mode) or to each
    /// failover group: an active one fails over to a healthier standby
    /// mate, a standby one fails, a failed one may recover.
    fn apply_interface_policy(&mut self, u: UnitId) {
        let peer = u.peer();
        for g in self.policy_groups(u) {
            let state = self.unit(u).fo.state_of(g);
            let met = self.policy_met(u, g);
            if met && state.is_active() {
                // Fail over only to a healthier standby we can tell: not
                // while the failover link is marked failed or our failover
                // messages starve on it ("the unit cannot fail over to the
                // standby unit while the failover link is down").
                let mine = self.failed_count(u, g).0;
                let fl_failed = self.unit(u).fo.fl_failed || self.unit(peer).fo.fl_failed;
                let mate_ready = self.carries(u, Msg::StateNotice)
                    && !fl_failed
                    && self.unit(peer).fo.state_of(g) == FoState::StandbyReady
                    && self.failed_count(peer, g).0 < mine
                    && !self.policy_met(peer, g);
                if mate_ready {
                    self.transition(u, g, FoState::Failed, Reason::InterfaceCheck);
                    self.go_active(peer, g, Reason::OtherUnitWantsMeActive);
                }
            } else if met && state.is_standby() {
                self.transition(u, g, FoState::Failed, Reason::InterfaceCheck);
            } else if state == FoState::Failed {
                self.reconsider_failed(u, g);
            }
        }
    }

    /// A failed unit or group returns to standby once its interfaces are
    /// healthy again (or becomes active if the mate is gone).
    pub(super) fn reconsider_failed(&mut self, u: UnitId, g: GroupId) {
        if self.unit(u).fo.state_of(g) != FoState::Failed || self.policy_met(u, g) {
            return;
        }
        let alive = self.unit(u).fo.peer_alive();
        let mate_active = alive && self.unit(u.peer()).fo.state_of(g).is_active();
        if mate_active {
            self.transition(u, g, FoState::StandbyReady, Reason::InterfaceCheck);
        } else if !alive {
            self.go_active(u, g, Reason::NoActiveUnitFound);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::Template;
    use crate::time::Duration;

    #[test]
    fn an_interface_down_on_both_units_does_not_count() {
        let mut lab = crate::labs::settled(Template::ActiveStandby);
        for u in UnitId::BOTH {
            lab.set_cable(u, Port(2), false).unwrap();
        }
        assert_eq!(lab.failed_count(UnitId::Primary, GroupId::Unit).0, 0);
        lab.advance(Duration::from_secs(30));
        assert_eq!(lab.unit(UnitId::Primary).fo.unit.state, FoState::Active);
        assert_eq!(
            lab.unit(UnitId::Secondary).fo.unit.state,
            FoState::StandbyReady
        );
        // Back on the standby: the active's failure now counts, and the
        // healthier standby takes over once both units' interface polls
        // have seen it (two poll times at most).
        lab.set_cable(UnitId::Secondary, Port(2), true).unwrap();
        lab.advance(Duration::from_secs(11));
        assert_eq!(lab.failed_count(UnitId::Primary, GroupId::Unit).0, 1);
        assert!(lab.unit(UnitId::Secondary).fo.unit.state.is_active());
    }
}
