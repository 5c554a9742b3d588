//! Interface monitoring (hellos on data interfaces, the interface tests)
//! and the interface policy that fails a unit or a group over.

use crate::event::EventKind;
use crate::failover::{FoState, IfHealth, IfMonState, MonitorMark, Reason};
use crate::net::{Port, Segment, UnitId};

use super::*;

impl Lab {
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

    pub(super) fn reconsider_failed_group(&mut self, u: UnitId, g: u8) {
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

    /// Interface poll: hellos on monitored data interfaces, then the health
    /// tests and the interface policy.
    pub(super) fn iface_poll(&mut self, u: UnitId) {
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
    pub(super) fn reconsider_failed(&mut self, u: UnitId) {
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
}
