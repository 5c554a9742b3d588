//! The one handle the UI holds on the engine: it owns the lab, keeps each
//! console's scrollback and samples the unit states for the charts.

use asa_core::failover::{FoState, GroupId};
use asa_core::lab::{Lab, LabConfig};
use asa_core::labs::{self, Template};
use asa_core::net::{Port, UnitId};
use asa_core::repl::Obj;
use asa_core::script::{self, Stmt};
use asa_core::time::Duration;
use asa_core::traffic::Kind;

/// First line of a saved lab; the number is the save format.
pub const SAVE_HEADER: &str = "# Failover Lab saved lab, format 1";

/// Lines kept in each console's scrollback.
pub const SCROLLBACK: usize = 5000;
/// Samples kept for the charts.
pub const MAX_SAMPLES: usize = 600;
/// The charts' resolution in virtual time.
const SAMPLE_EVERY: Duration = Duration::from_secs(1);

/// One chart sample, taken as virtual time passes.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Sample {
    /// Virtual seconds.
    pub t: f64,
    /// Failover role per unit: 2 active, 1 standby, 0 failed, disabled or off.
    pub level: [u8; 2],
    /// Sessions alive and dropped so far, per kind (`Kind::ALL` order).
    pub alive: [u64; Kind::ALL.len()],
    pub dropped: [u64; Kind::ALL.len()],
    /// Stateful updates sent and received per unit (cumulative since the
    /// unit booted), per object type of [`CHART_OBJS`].
    pub xmit: [[u64; CHART_OBJS.len()]; 2],
    pub rcv: [[u64; CHART_OBJS.len()]; 2],
    /// Stateful link use in percent and the deepest transmit queue.
    pub link_pct: f64,
    pub queue: u64,
}

/// The stateful update object types the charts follow (rows of `show
/// failover`'s Logical Update Statistics; the two IKEv2 rows together).
pub const CHART_OBJS: [(&str, &[Obj]); 7] = [
    ("TCP conn", &[Obj::TcpConn]),
    ("UDP conn", &[Obj::UdpConn]),
    ("ARP tbl", &[Obj::ArpTbl]),
    ("Xlate", &[Obj::XlateTimeout]),
    ("VPN IKEv2", &[Obj::Ikev2Sa, Obj::Ikev2P2]),
    ("SIP Session", &[Obj::SipSession]),
    ("ICMP session", &[Obj::IcmpSession]),
];

pub use asa_core::view::{
    CableRole, CableView, FlowView, GroupView, HostView, Look, ReturnView, Snapshot, Status,
    UnitView,
};

pub struct Engine {
    pub template: Template,
    lab: Lab,
    consoles: [Vec<String>; 2],
    samples: Vec<Sample>,
    /// Everything the learner did, as lab-script statements.
    journal: Vec<String>,
    /// Virtual time passed since the last journaled action.
    pending_wait: Duration,
    /// Output held back by the pager, per console.
    held: [Vec<String>; 2],
    /// Lines typed at each console (for Up/Down after a restore).
    typed: [Vec<String>; 2],
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
            journal: vec![format!("lab {}", template.name())],
            pending_wait: Duration::ZERO,
            held: [Vec::new(), Vec::new()],
            typed: [Vec::new(), Vec::new()],
        };
        e.collect(false);
        Ok(e)
    }

    /// Rebuilds a lab from a saved or shared script (or any lab script):
    /// every action is replayed, so configurations, cables, power, virtual
    /// time and the consoles come back as they were. Errors name the line.
    pub fn from_script(text: &str) -> Result<Engine, String> {
        if let Some(first) = text.lines().next() {
            if let Some(n) = first.strip_prefix("# Failover Lab saved lab, format ") {
                match n.trim().parse::<u32>() {
                    Ok(1) => {}
                    Ok(v) => {
                        return Err(format!(
                            "this lab was saved by a newer Failover Lab (format {v}); this version reads format 1"
                        ))
                    }
                    Err(_) => return Err("error: line 1: the save format is not a number".into()),
                }
            }
        }
        let lines = script::parse(text).map_err(|e| e.to_string())?;
        let Some(Stmt::Lab(template)) = lines.first().map(|l| l.stmt.clone()) else {
            return Err("error: the script must start with 'lab NAME'".into());
        };
        let mut e = Engine::new(template)?;
        for l in &lines[1..] {
            match &l.stmt {
                Stmt::Wait(d) => e.tick(*d),
                Stmt::Type(u, line) => {
                    e.type_line(*u, line);
                    e.release_all(*u);
                }
                Stmt::Lab(_)
                | Stmt::Seed(_)
                | Stmt::Sessions
                | Stmt::Expect { .. }
                | Stmt::ExpectSessions { .. } => {}
                other => {
                    script::apply(&mut e.lab, other)
                        .map_err(|m| format!("error: line {}: {m}", l.no))?;
                    e.journal_action(l.text.clone());
                    e.collect(false);
                }
            }
        }
        Ok(e)
    }

    /// The lab as a script: replaying it rebuilds this exact lab.
    pub fn to_script(&self) -> String {
        let mut out = String::from(SAVE_HEADER);
        out.push('\n');
        for l in &self.journal {
            out.push_str(l);
            out.push('\n');
        }
        if self.pending_wait > Duration::ZERO {
            out.push_str(&format!("wait {}ms\n", self.pending_wait.total_millis()));
        }
        out
    }

    fn journal_action(&mut self, line: String) {
        if self.pending_wait > Duration::ZERO {
            self.journal
                .push(format!("wait {}ms", self.pending_wait.total_millis()));
            self.pending_wait = Duration::ZERO;
        }
        self.journal.push(line);
    }

    /// Lines typed at a console, oldest first.
    pub fn typed(&self, u: UnitId) -> &[String] {
        &self.typed[u.index()]
    }

    /// Virtual time, `HH:MM:SS.mmm`.
    pub fn clock(&self) -> String {
        self.lab.now().to_string()
    }

    /// Moves new console output into the scrollbacks. Output of a command
    /// (`paged`) longer than a page is held behind `<--- More --->`.
    fn collect(&mut self, paged: bool) {
        let mut fresh: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        for (u, line) in self.lab.take_output() {
            fresh[u.index()].push(line);
        }
        for (i, lines) in fresh.into_iter().enumerate() {
            let page = self.page_lines(i);
            if paged && page > 0 && lines.len() > page && self.held[i].is_empty() {
                let mut lines = lines;
                let rest = lines.split_off(page - 1);
                self.push_lines(i, lines);
                self.held[i] = rest;
                self.consoles[i].push("<--- More --->".into());
            } else if !self.held[i].is_empty() {
                self.held[i].extend(lines);
            } else {
                self.push_lines(i, lines);
            }
        }
        self.sample();
    }

    fn push_lines(&mut self, i: usize, lines: Vec<String>) {
        let c = &mut self.consoles[i];
        c.extend(lines);
        if c.len() > SCROLLBACK {
            let extra = c.len() - SCROLLBACK;
            c.drain(..extra);
        }
    }

    /// The unit's page length: `terminal pager` or `pager lines` (0: none).
    fn page_lines(&self, i: usize) -> usize {
        let u = if i == 0 {
            UnitId::Primary
        } else {
            UnitId::Secondary
        };
        self.lab.unit(u).page_lines() as usize
    }

    /// The console is showing `<--- More --->`.
    pub fn paging(&self, u: UnitId) -> bool {
        !self.held[u.index()].is_empty()
    }

    /// A key at `<--- More --->`: Space shows a page, Enter a line, q stops.
    pub fn pager_key(&mut self, u: UnitId, key: &str) {
        let i = u.index();
        if self.held[i].is_empty() {
            return;
        }
        if self.consoles[i]
            .last()
            .is_some_and(|l| l == "<--- More --->")
        {
            self.consoles[i].pop();
        }
        let n = match key {
            " " => self.page_lines(i).max(2) - 1,
            "Enter" => 1,
            _ => {
                self.held[i].clear();
                return;
            }
        };
        let n = n.min(self.held[i].len());
        let page: Vec<String> = self.held[i].drain(..n).collect();
        self.push_lines(i, page);
        if !self.held[i].is_empty() {
            self.consoles[i].push("<--- More --->".into());
        }
    }

    fn release_all(&mut self, u: UnitId) {
        let i = u.index();
        if self.consoles[i]
            .last()
            .is_some_and(|l| l == "<--- More --->")
        {
            self.consoles[i].pop();
        }
        let rest = std::mem::take(&mut self.held[i]);
        self.push_lines(i, rest);
    }

    fn sample(&mut self) {
        let lab = &self.lab;
        let t = lab.now().total_millis() as f64 / 1000.0;
        let level = [UnitId::Primary, UnitId::Secondary].map(|u| {
            let unit = lab.unit(u);
            let on = unit.powered && !unit.booting;
            // Active/Active: the unit's highest group role (active if it
            // carries any active group).
            if unit.running.multiple {
                GroupId::FAILOVER_GROUPS
                    .map(|g| level(unit.fo.state_of(g), on))
                    .into_iter()
                    .max()
                    .unwrap_or(0)
            } else {
                level(unit.fo.unit.state, on)
            }
        });
        let stats = &lab.traffic().stats;
        let alive = Kind::ALL.map(|k| stats[k.index()].alive);
        let dropped = Kind::ALL.map(|k| stats[k.index()].dropped_total());
        let st = |u: UnitId| &lab.unit(u).fo.stats;
        let count = |f: fn(&asa_core::repl::ReplStats) -> &[u64]| {
            UnitId::BOTH.map(|u| {
                CHART_OBJS.map(|(_, objs)| objs.iter().map(|o| f(st(u))[*o as usize]).sum())
            })
        };
        let xmit = count(|r| &r.xmit);
        let rcv = count(|r| &r.rcv);
        let kbps = UnitId::BOTH
            .iter()
            .map(|u| st(*u).kbps_out)
            .max()
            .unwrap_or(0);
        let link_pct = kbps as f64 * 1000.0 / lab.stateful_bps().max(1) as f64 * 100.0;
        let queue = UnitId::BOTH
            .iter()
            .map(|u| st(*u).xmit_q.cur)
            .max()
            .unwrap_or(0);
        let sample = Sample {
            t,
            level,
            alive,
            dropped,
            xmit,
            rcv,
            link_pct,
            queue,
        };
        match self.samples.last_mut() {
            Some(last) if last.t >= t => *last = sample,
            _ => {
                self.samples.push(sample);
                if self.samples.len() > MAX_SAMPLES {
                    self.samples.remove(0);
                }
            }
        }
    }

    /// Advances virtual time.
    /// Samples the charts at least once a virtual second, so they keep their
    /// shape at 100× and when a saved lab is replayed.
    pub fn tick(&mut self, d: Duration) {
        let mut left = d.total_micros();
        while left > 0 {
            let step = left.min(SAMPLE_EVERY.total_micros());
            self.lab.advance(Duration::from_micros(step));
            left -= step;
            if left > 0 {
                self.sample();
            }
        }
        self.pending_wait = self.pending_wait + d;
        self.collect(false);
    }

    pub fn type_line(&mut self, u: UnitId, line: &str) {
        self.release_all(u);
        self.lab.type_line(u, line);
        self.journal_action(format!("{}: {line}", u.name()));
        if !line.trim().is_empty() {
            self.typed[u.index()].push(line.to_string());
        }
        self.collect(true);
    }

    /// `?` pressed: the ASA prints the help at once and keeps the line.
    pub fn help(&mut self, u: UnitId, before: &str) {
        self.release_all(u);
        self.lab.type_line(u, &format!("{before}?"));
        self.journal_action(format!("{}: {before}?", u.name()));
        self.collect(false);
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
        if let Some(c) = self.lab.net().cable_at(u, p) {
            let plugged = self.lab.net().cables[c].plugged;
            if self.lab.set_cable(u, p, !plugged).is_ok() {
                let verb = if plugged { "unplug" } else { "plug" };
                self.journal_action(format!("{verb} {} {}", u.name(), p.name()));
            }
            self.collect(false);
        }
    }

    pub fn toggle_power(&mut self, u: UnitId) {
        let on = self.lab.unit(u).powered;
        self.lab.set_power(u, !on);
        self.journal_action(format!(
            "power {} {}",
            if on { "off" } else { "on" },
            u.name()
        ));
        self.collect(false);
    }

    /// `asymmetric on|off` (the `active-active` lab): the upstream router
    /// sends return traffic back through the other ISP link.
    pub fn set_asymmetric(&mut self, on: bool) -> Result<(), String> {
        if self.template != Template::ActiveActive {
            return Err("asymmetric routing exists only in the active-active lab".into());
        }
        self.lab.set_asymmetric(on);
        self.journal_action(format!("asymmetric {}", if on { "on" } else { "off" }));
        self.collect(false);
        Ok(())
    }

    pub fn asymmetric(&self) -> bool {
        self.lab.asymmetric()
    }

    /// Opens sessions (`traffic`) or sets a rate (`load`), as the script
    /// statements do. Host names are those of the lab.
    pub fn traffic(
        &mut self,
        kind: Kind,
        n: u64,
        from: &str,
        to: &str,
        load: bool,
    ) -> Result<(), String> {
        let (Some(f), Some(t)) = (
            self.lab.net().host_by_name(from),
            self.lab.net().host_by_name(to),
        ) else {
            return Err(format!("unknown host '{from}' or '{to}'"));
        };
        if f == t {
            return Err("choose two different hosts".into());
        }
        if load {
            self.lab.set_load(kind, n, f, t);
            self.journal_action(format!("load {kind} {n} {from} {to}"));
        } else {
            self.lab.start_traffic(kind, n, f, t);
            self.journal_action(format!("traffic {kind} {n} {from} {to}"));
        }
        self.collect(false);
        Ok(())
    }

    /// Whether a lesson check holds now (runs its command without echo).
    pub fn check(&mut self, stmt: &Stmt) -> bool {
        script::check(&mut self.lab, stmt).is_ok()
    }

    /// The session summary lines.
    pub fn sessions(&self) -> Vec<String> {
        self.lab.session_summary()
    }

    /// Load generators running now: (kind, rate, from, to).
    pub fn loads(&self) -> Vec<(Kind, u64, String, String)> {
        self.lab
            .traffic()
            .loads
            .iter()
            .map(|l| {
                let r = &self.lab.traffic().routes[l.route as usize];
                (
                    l.kind,
                    l.rate,
                    self.lab.net().hosts[r.from].name.clone(),
                    self.lab.net().hosts[r.to].name.clone(),
                )
            })
            .collect()
    }

    pub fn host_names(&self) -> Vec<String> {
        self.lab
            .net()
            .hosts
            .iter()
            .map(|h| h.name.clone())
            .collect()
    }

    /// The newest events of the timeline (`None`: both units), newest last:
    /// `(virtual time, unit, explanation, syslog message)`.
    pub fn events(
        &self,
        unit: Option<UnitId>,
        max: usize,
    ) -> Vec<(String, String, String, String)> {
        let ev = self.lab.events();
        ev.iter()
            .rev()
            .filter(|e| unit.is_none() || e.unit == unit)
            .take(max)
            .map(|e| {
                (
                    e.at.to_string(),
                    e.unit
                        .map(|u| u.name().to_string())
                        .unwrap_or_else(|| "lab".into()),
                    e.explain(),
                    e.syslog().unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    }

    /// The lab as the topology draws it now (typed views from the engine).
    pub fn snapshot(&self) -> Snapshot {
        asa_core::view::snapshot(&self.lab)
    }
}
