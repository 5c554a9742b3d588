//! The failover protocol on the failover link: unit hellos and the unit
//! hold time, LANTEST on hello loss, starting and stopping failover.

use crate::config::Role;
use crate::event::EventKind;
use crate::failover::{FoState, GroupId, Reason};
use crate::net::UnitId;
use crate::unit::PeerView;

use super::*;

impl Lab {
    /// The name of the unit's failover LAN interface (empty if none).
    fn lan_name(&self, u: UnitId) -> String {
        self.unit(u)
            .running
            .failover
            .lan
            .as_ref()
            .map(|l| l.0.clone())
            .unwrap_or_default()
    }

    /// A state change is sent to the mate at once over the failover link
    /// (it does not wait for the next hello).
    pub(super) fn notify_mate(&mut self, u: UnitId) {
        let peer = u.peer();
        // Only a mate that knows this unit as alive takes the update; one
        // that marked it failed learns it is back from the regular hellos.
        let known_alive = self
            .unit(peer)
            .fo
            .peer
            .as_ref()
            .is_some_and(|p| !p.marked_failed);
        if !known_alive || !self.send(u, Msg::StateNotice).arrives() {
            return;
        }
        let view = self.snapshot(u);
        let now = self.now;
        let fo = &mut self.unit_mut(peer).fo;
        fo.peer = Some(view);
        fo.last_fl_hello = Some(now);
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
        let timers = unit.running.failover.unit_timers;
        let ifp = self.iface_timers(u, None).poll;
        self.unit_mut(u).fo.knows_primary_macs = self.unit(u).role() == Role::Primary;
        self.unit_mut(u).fo.groups = Default::default();
        self.transition(
            u,
            GroupId::Unit,
            FoState::Negotiation,
            Reason::FailoverStateCheck,
        );
        // Hellos start at once; a unit alone waits a hold time for a mate.
        self.set_timer(Timer::UnitPoll(u), now + timers.poll);
        self.set_timer(Timer::IfacePoll(u), now + ifp);
        self.set_timer(Timer::Negotiate(u), now + timers.hold);
    }

    /// `no failover`: the unit stops failover and keeps forwarding as it is.
    pub(crate) fn stop_failover(&mut self, u: UnitId) {
        let was_active = self.unit(u).fo.unit.state.is_active();
        if self.unit(u).fo.unit.state == FoState::Disabled {
            return;
        }
        // Disabling failover leaves an active unit active; it stops hellos.
        self.transition(
            u,
            GroupId::Unit,
            FoState::Disabled,
            Reason::FailoverDisabled,
        );
        self.stop_protocol_timers(u);
        let now = self.now;
        let unit = self.unit_mut(u);
        unit.fo.peer = None;
        unit.fo.ifaces.clear();
        unit.fo.fl_failed = false;
        if was_active {
            unit.fo.unit.active_since = Some(now);
        }
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

    pub(super) fn unit_poll(&mut self, u: UnitId) {
        let now = self.now;
        let timers = self.unit(u).running.failover.unit_timers;
        self.set_timer(Timer::UnitPoll(u), now + timers.poll);
        if self.unit(u).fo.unit.state == FoState::Disabled {
            return;
        }
        // Send our hello; the mate hears it if the failover link carries
        // it and it runs failover.
        let peer = u.peer();
        if self.unit(peer).fo.unit.state != FoState::Disabled
            && self.send(u, Msg::UnitHello).arrives()
        {
            let snap = self.snapshot(u);
            self.receive_hello(peer, snap);
        }
        // Alongside, the units exchange a system update on the stateful
        // link (`sys cmd` in show failover, counted in General too).
        let mate = self.unit(peer);
        if mate.powered && !mate.booting && mate.fo.unit.state != FoState::Disabled {
            self.send(u, Msg::System);
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
            let name = self.lan_name(u);
            self.announce(
                u,
                EventKind::FailoverLink {
                    ifname: name,
                    ok: true,
                },
            );
        }
        if was_failed_mark {
            self.record(Some(u), EventKind::MateFailed { failed: false });
        }
        let me = self.unit(u).fo.unit.state;
        let my_role = self.unit(u).role();
        match me {
            FoState::Negotiation => {
                if view.state.is_active() {
                    self.transition(
                        u,
                        GroupId::Unit,
                        FoState::ColdStandby,
                        Reason::DetectedActiveMate,
                    );
                } else if view.state == FoState::Negotiation {
                    // Both negotiating: the primary unit takes the active role.
                    let i_win = my_role == Role::Primary && view.role != Role::Primary
                        || my_role == view.role && u == UnitId::Primary;
                    if i_win {
                        self.go_active(u, GroupId::Unit, Reason::NoActiveUnitFound);
                    }
                } else if view.state != FoState::Disabled {
                    // The mate is standby, failed or syncing with nobody active.
                    self.go_active(u, GroupId::Unit, Reason::NoActiveUnitFound);
                }
            }
            s if s.is_active() && view.state.is_active() => {
                // Both active (the failover link came back): the secondary yields.
                let yield_me = my_role == Role::Secondary && view.role == Role::Primary
                    || my_role == view.role && u == UnitId::Secondary;
                if yield_me {
                    self.transition(
                        u,
                        GroupId::Unit,
                        FoState::ColdStandby,
                        Reason::DetectedActiveMate,
                    );
                }
            }
            FoState::Failed => {
                // A failed unit whose interfaces have recovered returns to standby.
                self.reconsider_failed(u, GroupId::Unit);
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
        let lan_name = self.lan_name(u);
        if heard_elsewhere {
            if !unit.fo.fl_failed {
                self.unit_mut(u).fo.fl_failed = true;
                // Hellos lost on the failover link, the mate alive elsewhere:
                // the unit tells the console the link failed.
                self.announce(
                    u,
                    EventKind::FailoverLink {
                        ifname: lan_name,
                        ok: false,
                    },
                );
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
        // A failed unit takes over too: the mate's active role has to go
        // somewhere (the Active/Active seed: "When a unit in a failover pair
        // fails, any active failover groups on that unit are marked as
        // failed and become active on the peer unit"; Cisco's Active/Standby
        // table: active unit failed, "Failover ... Become active", with no
        // exception for a failed standby). A unit with failed interfaces
        // forwards on the others; a dead mate forwards nothing.
        if state.is_standby() || state == FoState::Failed {
            self.go_active(u, GroupId::Unit, Reason::HelloNotHeard);
        }
        if self.unit(u).running.multiple {
            self.groups_take_over(u);
        }
    }

    /// LANTEST: the mate answers on a data interface now (it is powered,
    /// runs failover and shares a segment with us on that interface). The
    /// probe and its answer go between the interface's active and standby
    /// addresses, so an interface without a standby address cannot carry
    /// it (Cisco: "To receive packets from both units in a failover pair,
    /// standby IP addresses need to be configured on all interfaces").
    fn mate_answers_lantest(&self, u: UnitId) -> bool {
        let peer = u.peer();
        let p_unit = self.unit(peer);
        if !p_unit.powered || p_unit.booting || p_unit.fo.unit.state == FoState::Disabled {
            return false;
        }
        let has_standby = |x: UnitId, p| {
            let c = self.unit(x).running.l3(p);
            c.nameif.is_some() && c.addr.as_ref().is_some_and(|a| a.standby.is_some())
        };
        self.data_ports(u)
            .into_iter()
            .any(|p| has_standby(u, p) && has_standby(peer, p) && self.carries(u, Msg::Lantest(p)))
    }
}
