//! Configuration sync to the standby (at join) and `write standby`.

use crate::event::EventKind;
use crate::failover::{FoState, GroupId, Reason};
use crate::net::UnitId;
use crate::time::Duration;

use super::*;

/// Why `write standby` cannot run in multiple context mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStandbyRefused {
    /// From inside a context that is not active on this unit.
    ContextNotActiveHere,
    /// From the system space on a unit where group 1 is not active.
    Group1NotActiveHere,
    /// The mate is down or the failover link is.
    StandbyUnavailable,
}

impl Lab {
    // ----- configuration sync --------------------------------------------------

    pub(super) fn config_sync_time(&self, u: UnitId) -> Duration {
        let lines = self.unit(u.peer()).running.sync_lines() as u64;
        Duration::from_secs(2) + Duration::from_millis(20).times(lines)
    }

    /// The standby starts receiving the active unit's running configuration.
    pub(super) fn begin_config_sync(&mut self, u: UnitId) {
        let peer = u.peer();
        if self.unit(peer).fo.unit.state.is_active() && self.send(peer, Msg::Config).arrives() {
            self.announce(
                peer,
                EventKind::ConfigSync {
                    sending: true,
                    begin: true,
                },
            );
        }
        self.announce(
            u,
            EventKind::ConfigSync {
                sending: false,
                begin: true,
            },
        );
    }

    /// The configuration has arrived: the standby's running configuration
    /// becomes the active unit's (keeping its own `failover lan unit`).
    pub(super) fn end_config_sync(&mut self, u: UnitId) {
        let peer = u.peer();
        if self.unit(peer).fo.unit.state.is_active() && self.send(peer, Msg::Config).arrives() {
            self.copy_config(peer, u);
            self.announce(
                peer,
                EventKind::ConfigSync {
                    sending: true,
                    begin: false,
                },
            );
        }
        self.announce(
            u,
            EventKind::ConfigSync {
                sending: false,
                begin: false,
            },
        );
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
        self.load_config(to, &lines);
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
    ) -> Result<Vec<String>, WriteStandbyRefused> {
        let peer = from.peer();
        let g = match ctx {
            Some(c) => self.unit(from).running.group_of_context(c),
            None => GroupId::G1,
        };
        if !self.unit(from).running.failover.enabled || !self.unit(from).fo.state_of(g).is_active()
        {
            return Err(match ctx {
                Some(_) => WriteStandbyRefused::ContextNotActiveHere,
                None => WriteStandbyRefused::Group1NotActiveHere,
            });
        }
        let mate = self.unit(peer);
        if !self.carries(from, Msg::Config)
            || !mate.powered
            || mate.booting
            || mate.fo.peer.is_none()
        {
            return Err(WriteStandbyRefused::StandbyUnavailable);
        }
        let mut out = Vec::new();
        if ctx.is_none() {
            let active_there: Vec<GroupId> = GroupId::FAILOVER_GROUPS
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
        out.extend(self.last_event_lines());
        self.announce(
            peer,
            EventKind::ConfigSync {
                sending: false,
                begin: true,
            },
        );
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
        out.extend(self.last_event_lines());
        self.announce(
            peer,
            EventKind::ConfigSync {
                sending: false,
                begin: false,
            },
        );
        self.links_changed();
        out.push("[OK]".into());
        Ok(out)
    }

    /// `write standby`: the standby clears and receives the whole
    /// configuration again.
    pub(crate) fn write_standby(&mut self, from: UnitId) -> bool {
        let peer = from.peer();
        if !self.carries(from, Msg::Config) || !self.unit(peer).fo.unit.state.is_standby() {
            return false;
        }
        self.transition(
            peer,
            GroupId::Unit,
            FoState::ColdStandby,
            Reason::ConfigurationMismatch,
        );
        true
    }
}
