//! The one handle the UI holds on the engine: it owns the lab, keeps each
//! console's scrollback and samples the unit states for the charts.

use asa_core::failover::FoState;
use asa_core::lab::{Lab, LabConfig};
use asa_core::labs::{self, Template};
use asa_core::net::{Endpoint, Port, UnitId};
use asa_core::time::Duration;

/// Lines kept in each console's scrollback.
pub const SCROLLBACK: usize = 5000;
/// Samples kept for the charts.
pub const MAX_SAMPLES: usize = 600;

/// One chart sample: virtual seconds and a level per unit
/// (2 active, 1 standby, 0 failed, disabled or off).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub t: f64,
    pub level: [u8; 2],
}

/// What a cable looks like on the topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CableRole {
    Data,
    FailoverLan,
    Stateful,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CableView {
    pub index: usize,
    /// The unit port this cable is named after (`cable primary GigabitEthernet0/3`).
    pub unit: UnitId,
    pub port: Port,
    /// The far end: a switch name or the other unit.
    pub far: String,
    pub plugged: bool,
    pub link: bool,
    pub role: CableRole,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitView {
    pub id: UnitId,
    pub powered: bool,
    pub booting: bool,
    pub role: &'static str,
    pub state: String,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub units: [UnitView; 2],
    pub cables: Vec<CableView>,
    pub switches: Vec<String>,
    pub hosts: Vec<(String, String, String)>,
}

pub struct Engine {
    pub template: Template,
    lab: Lab,
    consoles: [Vec<String>; 2],
    samples: Vec<Sample>,
}

fn level(state: FoState, powered: bool) -> u8 {
    if !powered {
        0
    } else if state.is_active() {
        2
    } else if state.is_standby() {
        1
    } else {
        0
    }
}

impl Engine {
    pub fn new(template: Template) -> Result<Engine, String> {
        let lab = labs::build(template, LabConfig::default())?;
        let mut e = Engine {
            template,
            lab,
            consoles: [Vec::new(), Vec::new()],
            samples: Vec::new(),
        };
        e.collect();
        Ok(e)
    }

    /// Virtual time, `HH:MM:SS.mmm`.
    pub fn clock(&self) -> String {
        self.lab.now().to_string()
    }

    fn collect(&mut self) {
        for (u, line) in self.lab.take_output() {
            let c = &mut self.consoles[u.index()];
            c.push(line);
            if c.len() > SCROLLBACK {
                let extra = c.len() - SCROLLBACK;
                c.drain(..extra);
            }
        }
        let t = self.lab.now().total_millis() as f64 / 1000.0;
        let lv = [UnitId::Primary, UnitId::Secondary].map(|u| {
            let unit = self.lab.unit(u);
            level(unit.fo.state, unit.powered && !unit.booting)
        });
        if self.samples.last().is_none_or(|s| s.t < t) {
            self.samples.push(Sample { t, level: lv });
            if self.samples.len() > MAX_SAMPLES {
                self.samples.remove(0);
            }
        }
    }

    /// Advances virtual time.
    pub fn tick(&mut self, d: Duration) {
        self.lab.advance(d);
        self.collect();
    }

    pub fn type_line(&mut self, u: UnitId, line: &str) {
        self.lab.type_line(u, line);
        self.collect();
    }

    /// `?` pressed: the ASA prints the help at once and keeps the line.
    pub fn help(&mut self, u: UnitId, before: &str) {
        let prompt = self.lab.prompt(u);
        let help = self.lab.console_help(u, before);
        let c = &mut self.consoles[u.index()];
        c.push(format!("{prompt}{before}?"));
        c.extend(help);
    }

    /// Tab pressed: the completed line; when several words fit they are listed.
    pub fn complete(&mut self, u: UnitId, line: &str) -> String {
        let (done, cands) = self.lab.console_complete(u, line);
        if cands.len() > 1 {
            let prompt = self.lab.prompt(u);
            let c = &mut self.consoles[u.index()];
            c.push(format!("{prompt}{line}"));
            c.push(cands.join("  "));
        }
        done
    }

    pub fn prompt(&self, u: UnitId) -> String {
        if !self.lab.unit(u).powered {
            return String::new();
        }
        self.lab.prompt(u)
    }

    pub fn console(&self, u: UnitId) -> &[String] {
        &self.consoles[u.index()]
    }

    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    pub fn toggle_cable(&mut self, u: UnitId, p: Port) {
        if let Some(c) = self.lab.net.cable_at(u, p) {
            let plugged = self.lab.net.cables[c].plugged;
            let _ = self.lab.set_cable(u, p, !plugged);
            self.collect();
        }
    }

    pub fn toggle_power(&mut self, u: UnitId) {
        let on = self.lab.unit(u).powered;
        self.lab.set_power(u, !on);
        self.collect();
    }

    pub fn snapshot(&self) -> Snapshot {
        let lab = &self.lab;
        let units = [UnitId::Primary, UnitId::Secondary].map(|u| {
            let unit = lab.unit(u);
            let state = if !unit.powered {
                "Powered off".to_string()
            } else if unit.booting {
                "Booting".to_string()
            } else if !unit.running.failover.enabled {
                "Failover Off".to_string()
            } else {
                unit.fo.state.to_string()
            };
            UnitView {
                id: u,
                powered: unit.powered,
                booting: unit.booting,
                role: unit.role().word(),
                state,
                active: unit.powered && unit.fo.state.is_active(),
            }
        });
        let mut cables = Vec::new();
        for (i, c) in lab.net.cables.iter().enumerate() {
            let (u, p, other) = match (c.a, c.b) {
                (Endpoint::Unit(u, p), other) => (u, p, other),
                (other, Endpoint::Unit(u, p)) => (u, p, other),
                _ => continue,
            };
            let far = match other {
                Endpoint::Switch(s) => lab.net.switches[s].name.clone(),
                Endpoint::Unit(pu, pp) => format!("{pu} {pp}"),
                Endpoint::Host(h) => lab.net.hosts[h].name.clone(),
            };
            let fo = &lab.unit(u).running.failover;
            let role = if fo.lan.as_ref().is_some_and(|l| l.1 == p) {
                CableRole::FailoverLan
            } else if fo.link.as_ref().is_some_and(|l| l.1 == p) {
                CableRole::Stateful
            } else {
                CableRole::Data
            };
            cables.push(CableView {
                index: i,
                unit: u,
                port: p,
                far,
                plugged: c.plugged,
                link: lab.link_up(u, p),
                role,
            });
        }
        let hosts = lab
            .net
            .hosts
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let sw = lab
                    .net
                    .host_switch(i)
                    .map(|s| lab.net.switches[s].name.clone())
                    .unwrap_or_default();
                (h.name.clone(), h.ip.to_string(), sw)
            })
            .collect();
        Snapshot {
            units,
            cables,
            switches: lab.net.switches.iter().map(|s| s.name.clone()).collect(),
            hosts,
        }
    }
}
