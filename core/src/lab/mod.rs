//! The lab: two units, the network between them, virtual time and the
//! timer table that drives the failover protocol. Sans-IO: callers pass time
//! in (`advance_to`) and read console output out (`take_console`).

use crate::small::VecMap;

use crate::event::{Event, EventKind};
use crate::net::{Ip, Mac, Network, Port, UnitId};
use crate::rng::Rng;
use crate::time::Instant;
use crate::unit::{HistoryEntry, Unit};

mod addresses;
mod asr;
mod forwarding;
mod groups;
mod local_host;
mod logging;
mod multicast;
mod policy;
mod power;
mod protocol;
mod replication;
mod sync;
mod timers;
mod vpn;
mod wire;

pub use forwarding::{check_load, check_traffic, RoutePorts, TRAFFIC_TICK};
pub use local_host::LocalHost;
pub use multicast::{
    group_of_route, McastGroup, Relearn, IGMP_MAX_RESPONSE, IGMP_MEMBERSHIP, IGMP_QUERY_INTERVAL,
};
pub use power::BOOT_TIME;
pub use sync::WriteStandbyRefused;
pub use timers::{Timer, MAX_TIMERS_AT_ONE_INSTANT};
pub use vpn::{IkeSa, VpnCounters};
pub use wire::{Delivery, Msg, QUEUE_LIMIT, UPDATE_BYTES};

/// What [`Lab::poll_output`] hands out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// A line a unit printed on its console.
    Console(UnitId, String),
    /// A state change recorded in the timeline.
    Event(Event),
    /// Nothing more until this instant (`None`: nothing is scheduled).
    Timeout(Option<Instant>),
}

/// Applies configuration text to a unit (at boot, in config sync) and
/// returns what the unit prints about lines that failed. The command layer
/// provides it ([`crate::commands::load_config`]); the lab only calls it.
pub type ConfigLoader = fn(&mut Lab, UnitId, &[String]) -> Vec<String>;

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

/// Two units, the network between them and virtual time. Every part
/// of the lab is private to `lab/`; callers use its methods.
pub struct Lab {
    name: String,
    cfg: LabConfig,
    now: Instant,
    net: Network,
    units: [Unit; 2],
    timers: timers::TimerTable,
    events: Vec<Event>,
    rng: Rng,
    /// Each host's ARP cache.
    host_arp: Vec<VecMap<Ip, Mac>>,
    /// The last link state seen at each unit port (link events fire once).
    link_memory: VecMap<(UnitId, Port), bool>,
    /// Console lines of both units, in the order they were printed.
    out: std::collections::VecDeque<(UnitId, String)>,
    /// Events already handed out by [`Lab::poll_output`].
    events_out: usize,
    /// Every session of the lab.
    traffic: crate::traffic::Traffic,
    /// The wire between the units (the stateful link's queues).
    wire: wire::Wire,
    /// What replication keeps besides the units' tables.
    repl: replication::Replication,
    /// Applies configuration text (the command layer's parser).
    loader: ConfigLoader,
    /// The most timers fired at one instant (a loop detector).
    busiest_instant: usize,
    /// The upstream router returns traffic through the other ISP link
    /// (`asymmetric on`, `active-active` lab).
    asymmetric: bool,
    /// Each unit's `show vpn-sessiondb` counters.
    vpn: [vpn::VpnCounters; 2],
}
impl Lab {
    /// A lab of two units, powered off, cabled as `net` says; `loader`
    /// applies configuration text to a unit.
    pub fn new(name: &str, cfg: LabConfig, net: Network, loader: ConfigLoader) -> Lab {
        Lab {
            loader,
            busiest_instant: 0,
            name: name.to_string(),
            rng: Rng::new(cfg.seed),
            cfg,
            now: Instant::ZERO,
            host_arp: vec![Default::default(); net.hosts.len()],
            net,
            units: [Unit::new(UnitId::Primary), Unit::new(UnitId::Secondary)],
            timers: Default::default(),
            events: Vec::new(),
            link_memory: VecMap::new(),
            out: Default::default(),
            events_out: 0,
            traffic: Default::default(),
            wire: Default::default(),
            repl: Default::default(),
            asymmetric: false,
            vpn: Default::default(),
        }
    }

    pub fn now(&self) -> Instant {
        self.now
    }
    /// The starting lab's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn config(&self) -> &LabConfig {
        &self.cfg
    }
    /// Cables, switches and hosts.
    pub fn net(&self) -> &Network {
        &self.net
    }
    /// Every session of the lab.
    pub fn traffic(&self) -> &crate::traffic::Traffic {
        &self.traffic
    }
    /// A host's ARP cache.
    pub fn host_arp(&self, h: usize) -> Option<&VecMap<Ip, Mac>> {
        self.host_arp.get(h)
    }
    /// The upstream router returns traffic through the other ISP link.
    pub fn asymmetric(&self) -> bool {
        self.asymmetric
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
    /// A unit's failover history (`show failover history`), oldest first:
    /// its state changes, read from the timeline.
    pub fn history(&self, u: UnitId) -> impl DoubleEndedIterator<Item = HistoryEntry> + '_ {
        self.events.iter().filter_map(move |e| match e.kind {
            EventKind::State {
                group,
                from,
                to,
                reason,
            } if e.unit == Some(u) => Some(HistoryEntry {
                at: e.at,
                group,
                from,
                to,
                reason,
            }),
            _ => None,
        })
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
        self.out = rest.into();
        mine.into_iter().map(|(_, l)| l).collect()
    }
    /// Both consoles' lines since the last call, in the order printed.
    pub fn take_output(&mut self) -> Vec<(UnitId, String)> {
        self.collect_console();
        std::mem::take(&mut self.out).into()
    }

    /// The engine's one output channel (str0m's `poll_output` is the
    /// model): console lines in the order printed, then the events recorded
    /// since the last call, then the instant of the next timer — call
    /// [`advance_to`](Self::advance_to) then, or sooner on input.
    pub fn poll_output(&mut self) -> Output {
        self.collect_console();
        if let Some((u, line)) = self.out.pop_front() {
            return Output::Console(u, line);
        }
        if let Some(e) = self.events.get(self.events_out) {
            self.events_out += 1;
            return Output::Event(e.clone());
        }
        Output::Timeout(self.poll_timeout())
    }
    /// Applies configuration text to a unit; the lines that fail are
    /// reported on its console, as the ASA reports them while it reads a
    /// configuration.
    pub(crate) fn load_config(&mut self, u: UnitId, lines: &[String]) {
        let report = (self.loader)(self, u, lines);
        let unit = self.unit_mut(u);
        for l in report {
            unit.say(l);
        }
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

    // ----- the one place state changes are recorded ------------------------

    pub(crate) fn record(&mut self, u: Option<UnitId>, kind: EventKind) {
        let role = u.map(|u| self.unit(u).role()).unwrap_or_default();
        self.events.push(Event {
            at: self.now,
            unit: u,
            role,
            kind,
        });
        // The unit's syslog message for it, to its logging destinations.
        if let Some(u) = u {
            if let Some(text) = self.events.last().and_then(Event::syslog) {
                self.syslog(u, None, &text);
            }
        }
    }

    /// Records an event that the unit also announces on its console: the
    /// console lines are the event's own ([`Event::console_lines`]).
    pub(crate) fn announce(&mut self, u: UnitId, kind: EventKind) {
        self.record(Some(u), kind);
        let lines = self
            .events
            .last()
            .map(Event::console_lines)
            .unwrap_or_default();
        let unit = self.unit_mut(u);
        for l in lines {
            unit.say(l);
        }
    }

    /// The console lines of the last event recorded (for a command that
    /// prints them as its own output).
    pub(crate) fn last_event_lines(&self) -> Vec<String> {
        self.events
            .last()
            .map(|e| e.console_lines().into_iter().map(String::from).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Console;
    use crate::failover::{FoState, Reason};
    use crate::labs::{build, Template};
    use crate::time::Duration;

    fn pair() -> Lab {
        crate::labs::settled(Template::ActiveStandby)
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
        assert_eq!(lab.history(UnitId::Secondary).count(), states.len());
    }

    #[test]
    fn one_output_channel_gives_console_lines_events_then_the_next_timeout() {
        let mut lab = pair();
        while !matches!(lab.poll_output(), Output::Timeout(_)) {}
        lab.set_power(UnitId::Primary, false);
        lab.advance(Duration::from_secs(20));
        let mut console = Vec::new();
        let mut states = Vec::new();
        let next = loop {
            match lab.poll_output() {
                Output::Console(u, l) => console.push((u, l)),
                Output::Event(e) => {
                    if let EventKind::State { to, .. } = e.kind {
                        states.push((e.unit, to));
                    }
                }
                Output::Timeout(t) => break t,
            }
        };
        // The standby took over: its console says so, and the timeline has
        // the same change the console notice was printed from.
        assert!(console.contains(&(UnitId::Secondary, "        Switching to Active".into())));
        assert!(states.contains(&(Some(UnitId::Secondary), FoState::JustActive)));
        assert!(next.is_some_and(|t| t > lab.now()));
        // Everything was handed out once.
        assert!(matches!(lab.poll_output(), Output::Timeout(_)));
    }
}
