//! Power, boot, cables and links.

use crate::event::EventKind;
use crate::net::{Port, Segment, UnitId};
use crate::time::Duration;

use super::*;

/// How long a unit takes to boot after power is restored.
pub const BOOT_TIME: Duration = Duration::from_secs(20);

impl Lab {
    // ----- power and boot ---------------------------------------------------

    /// Cuts or restores a unit's power.
    pub fn set_power(&mut self, u: UnitId, on: bool) {
        if self.unit(u).powered == on {
            return;
        }
        if on {
            // The unit prints its reboot banner.
            self.announce(u, EventKind::Power { on });
            let now = self.now;
            let unit = self.unit_mut(u);
            unit.powered = true;
            unit.booting = true;
            unit.boot_at = now;
            self.stop_unit_timers(u);
            self.set_timer(Timer::Boot(u), now + BOOT_TIME);
        } else {
            self.record(Some(u), EventKind::Power { on });
            let unit = self.unit_mut(u);
            unit.powered = false;
            unit.booting = false;
            unit.session = Default::default();
            self.stop_unit_timers(u);
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
        self.stop_unit_timers(u);
    }

    pub(super) fn finish_boot(&mut self, u: UnitId) {
        self.unit_mut(u).booting = false;
        let startup = self.unit(u).startup.clone();
        self.reset_failover_runtime(u);
        self.unit_mut(u).running = Default::default();
        if let Some(cfg) = startup {
            self.unit_mut(u).running.multiple = cfg.multiple;
            let lines = cfg.to_commands();
            self.load_config(u, &lines);
        }
        self.unit_mut(u).session = Default::default();
        // Booted, with its configuration applied: the console is ready.
        self.announce(u, EventKind::Booted);
        self.links_changed();
        self.start_failover(u);
    }

    fn reset_failover_runtime(&mut self, u: UnitId) {
        let unit = self.unit_mut(u);
        unit.fo = Default::default();
        self.timers
            .stop_where(|k| matches!(k, Timer::Step(x, _) | Timer::Preempt(x, _) if x == u));
    }

    // ----- links ------------------------------------------------------------

    /// Whether a unit port has link: power, no shutdown, cable plugged, and
    /// the far end up.
    #[inline]
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
    #[inline]
    fn port_enabled(&self, u: UnitId, port: Port) -> bool {
        let cfg = &self.unit(u).running;
        !cfg.iface(port).shutdown
    }

    /// Whether the administrative state (shutdown) explains a link down.
    pub fn admin_down(&self, u: UnitId, port: Port) -> bool {
        self.unit(u).running.iface(port).shutdown
    }

    /// Two unit ports can exchange frames.
    #[inline]
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
        for u in UnitId::BOTH {
            self.refresh_link_health(u);
        }
        let ok = self.stateful_link_ok();
        if self.wire.notice(ok) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::{build, Template};

    /// A loader that applies the real configuration and reports one line
    /// as failed, as a configuration the lab cannot read would.
    fn loader(lab: &mut Lab, u: UnitId, lines: &[String]) -> Vec<String> {
        let mut out = crate::commands::load_config(lab, u, lines);
        out.push("*** Output from config line 1, \"bogus\"".into());
        out
    }

    #[test]
    fn a_booting_unit_reports_configuration_lines_that_fail_before_its_prompt() {
        let built = build(Template::ActiveStandby, LabConfig::default()).unwrap();
        let mut lab = Lab::new("t", LabConfig::default(), built.net().clone(), loader);
        let cfg = built.unit(UnitId::Secondary).running.clone();
        lab.unit_mut(UnitId::Secondary).startup = Some(cfg);
        lab.set_power(UnitId::Secondary, true);
        lab.advance(BOOT_TIME);
        let out = lab.take_console(UnitId::Secondary);
        let report = out
            .iter()
            .position(|l| l.contains("Output from config line 1"));
        let ready = out.iter().position(|l| l.starts_with("Type help"));
        assert!(report.is_some() && ready.is_some(), "{out:?}");
        assert!(
            report < ready,
            "the report comes before the prompt: {out:?}"
        );
        assert_eq!(lab.unit(UnitId::Secondary).running.hostname, "ASA-PERIM");
    }
}
