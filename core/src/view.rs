//! Typed views of a lab for a user interface: what the topology draws (units
//! and their failover state, cables, switches, hosts, flows of sessions and
//! their return path). The browser only draws these; it never reads the
//! engine's internals or re-derives a state from its text.

use core::fmt;

use crate::config::Role;
use crate::failover::{FoState, GroupId};
use crate::lab::Lab;
use crate::net::{Endpoint, Port, Segment, UnitId};
use crate::repl::{Obj, ReplStats};
use crate::script::{rewind, Stmt};
use crate::traffic::Kind;

/// What a unit (or a failover group on it) is doing, as the topology shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    PoweredOff,
    Booting,
    /// Powered and booted, failover not enabled.
    FailoverOff,
    /// A failover state.
    Failover(FoState),
}

/// How a status is drawn: the colour family of a unit or group box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Active,
    Standby,
    Failed,
    Off,
    /// A unit that is booting.
    Booting,
    Other,
}

impl Look {
    /// The CSS class the topology uses.
    pub fn class(self) -> &'static str {
        match self {
            Look::Active => "active",
            Look::Standby => "standby",
            Look::Failed => "failed",
            Look::Off => "off",
            Look::Booting => "booting",
            Look::Other => "other",
        }
    }
}

impl Status {
    pub fn look(self) -> Look {
        match self {
            Status::PoweredOff | Status::Booting => Look::Off,
            Status::FailoverOff => Look::Other,
            Status::Failover(s) if s.is_active() => Look::Active,
            Status::Failover(FoState::Failed) => Look::Failed,
            Status::Failover(
                FoState::ColdStandby
                | FoState::SyncConfig
                | FoState::SyncFileSystem
                | FoState::BulkSync
                | FoState::StandbyReady,
            ) => Look::Standby,
            Status::Failover(_) => Look::Other,
        }
    }
    pub fn is_active(self) -> bool {
        matches!(self, Status::Failover(s) if s.is_active())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::PoweredOff => f.write_str("Powered off"),
            Status::Booting => f.write_str("Booting"),
            Status::FailoverOff => f.write_str("Failover Off"),
            Status::Failover(s) => s.fmt(f),
        }
    }
}

/// The failover states a unit or group shows, in the order a standby
/// passes through them, then the active side's, each with a sentence for
/// learners (the browser's glossary).
pub const GLOSSARY: [(&str, &str); 16] = [
    ("Powered off", "The unit has no power: it forwards nothing and sends no hellos."),
    ("Booting", "The unit is starting up and loading its startup configuration; failover begins when it is done."),
    ("Failover Off", "The unit runs, but failover is not enabled in its configuration (no `failover` command)."),
    ("Disabled", "Failover is configured but not running on this unit (for example right after `no failover`)."),
    ("Negotiation", "The unit has just started failover and listens for a mate's hellos to decide whether to become active or standby."),
    ("Cold Standby", "The unit found an active mate and will be its standby; nothing has been copied yet."),
    ("Sync Config", "The standby receives the active unit's running configuration over the failover link."),
    ("Sync File System", "The standby receives files the configuration refers to."),
    ("Bulk Sync", "The active unit sends all its current connection state (conns, xlates, ARP, ...) to the standby over the stateful link."),
    ("Standby Ready", "The standby has the configuration and the connection state and can take over at once."),
    ("Just Active", "The first step of taking over: the unit has decided to become active (its mate failed or asked it to)."),
    ("Active Drain", "The new active unit drains messages queued by the old one."),
    ("Active Applying Config", "The new active unit applies the configuration it now owns."),
    ("Active Config Applied", "The configuration is applied; the unit is about to be fully active."),
    ("Active", "The unit (or failover group) owns the active addresses and forwards traffic; it replicates connection state to the standby."),
    ("Failed", "The unit (or group) has failed a health check — an interface-policy breach, a lost failover link, or a manual `failover reset` pending — and forwards nothing."),
];

/// What a cable is for.
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
    pub role: Role,
    /// The unit's own state.
    pub status: Status,
    /// The unit's own state is active.
    pub active: bool,
    /// Active/Active: each failover group's state on this unit.
    pub groups: Vec<GroupView>,
}

impl UnitView {
    /// How the unit box is drawn.
    pub fn look(&self) -> Look {
        if !self.powered {
            Look::Off
        } else if self.booting {
            Look::Booting
        } else if self.active || self.groups.iter().any(|g| g.status.is_active()) {
            Look::Active
        } else {
            self.status.look()
        }
    }
}

/// A failover group's state on one unit, and the contexts it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupView {
    pub id: GroupId,
    pub status: Status,
    pub contexts: Vec<String>,
}

/// A host and every switch it is cabled to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostView {
    pub name: String,
    pub ip: String,
    pub switches: Vec<String>,
}

/// Sessions between two hosts and the unit forwarding them now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowView {
    pub from: String,
    pub to: String,
    pub forwarder: Option<UnitId>,
    pub sessions: u64,
    /// The switches the sessions enter and leave the forwarding unit by.
    pub switches: Option<(String, String)>,
    /// The context the sessions pass and its failover group (multiple
    /// context mode).
    pub context: Option<(String, GroupId)>,
    /// Return traffic coming back through the other ISP link
    /// (`asymmetric on`): the unit receiving it, the switch it arrives on,
    /// and whether it reaches the session (asr-group redirect or the same
    /// unit).
    pub ret: Option<ReturnView>,
    /// Multicast streams of the flow paused while the forwarding unit
    /// relearns the receiver's group membership (multicast state is not
    /// replicated); they are alive and flow again once it has.
    pub relearning: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnView {
    pub unit: UnitId,
    pub switch: String,
    pub redirected: bool,
    pub delivered: bool,
}

/// Everything the topology draws, at one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub units: [UnitView; 2],
    pub cables: Vec<CableView>,
    pub switches: Vec<String>,
    pub hosts: Vec<HostView>,
    pub flows: Vec<FlowView>,
    /// The upstream router routes return traffic asymmetrically.
    pub asymmetric: bool,
    /// State updates are crossing the stateful link, from this unit.
    pub replicating: Option<UnitId>,
    /// Dropped sessions by kind and reason.
    pub drops: Vec<String>,
}

fn unit_view(lab: &Lab, u: UnitId) -> UnitView {
    let unit = lab.unit(u);
    let live = unit.powered && !unit.booting && unit.running.failover.enabled;
    let status = if !unit.powered {
        Status::PoweredOff
    } else if unit.booting {
        Status::Booting
    } else if !unit.running.failover.enabled {
        Status::FailoverOff
    } else {
        Status::Failover(unit.fo.unit.state)
    };
    let groups: Vec<GroupView> = if unit.running.multiple {
        lab.group_ids(u)
            .into_iter()
            .map(|g| GroupView {
                id: g,
                status: if live {
                    Status::Failover(unit.fo.state_of(g))
                } else {
                    status
                },
                contexts: unit
                    .running
                    .contexts
                    .keys()
                    .filter(|c| unit.running.group_of_context(c) == g)
                    .cloned()
                    .collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let active = unit.powered && unit.fo.unit.state.is_active();
    UnitView {
        id: u,
        powered: unit.powered,
        booting: unit.booting,
        role: unit.role(),
        status,
        active,
        groups,
    }
}

fn cable_views(lab: &Lab) -> Vec<CableView> {
    let net = lab.net();
    let mut cables = Vec::new();
    for (i, c) in net.cables.iter().enumerate() {
        let (u, p, other) = match (c.a, c.b) {
            (Endpoint::Unit(u, p), other) => (u, p, other),
            (other, Endpoint::Unit(u, p)) => (u, p, other),
            _ => continue,
        };
        let far = match other {
            Endpoint::Switch(s) => net.switches[s].name.clone(),
            Endpoint::Unit(pu, pp) => format!("{pu} {pp}"),
            Endpoint::Host(h) => net.hosts[h].name.clone(),
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
    cables
}

fn flow_views(lab: &Lab) -> Vec<FlowView> {
    let net = lab.net();
    let traffic = lab.traffic();
    let sw_name = |s: usize| net.switches[s].name.clone();
    let switch_at = |u: UnitId, p: Port| match net.segment_of(u, p) {
        Some(Segment::Switch(s)) => Some(sw_name(s)),
        _ => None,
    };
    traffic
        .routes
        .iter()
        .zip(&traffic.per_route)
        .zip(&traffic.route_kind)
        .filter(|((_, n), _)| **n > 0)
        .map(|((r, n), kinds)| {
            let rp = r
                .forwarder
                .and_then(|u| Some((u, lab.route_ports(u, r.from, r.to)?)));
            let switches = rp
                .as_ref()
                .and_then(|(u, rp)| Some((switch_at(*u, rp.ingress)?, switch_at(*u, rp.egress)?)));
            let context = rp.as_ref().and_then(|(u, rp)| {
                let cfg = &lab.unit(*u).running;
                cfg.owner_of(rp.ingress)
                    .map(|(c, _)| (c.to_string(), cfg.group_of_port(rp.ingress)))
            });
            let ret = r.ret.as_ref().and_then(|ret| {
                Some(ReturnView {
                    unit: ret.unit,
                    switch: switch_at(ret.unit, ret.port)?,
                    redirected: ret.asr && ret.unit != ret.forwarder,
                    delivered: ret.asr,
                })
            });
            FlowView {
                from: net.hosts[r.from].name.clone(),
                to: net.hosts[r.to].name.clone(),
                forwarder: r.forwarder,
                sessions: *n,
                switches,
                context,
                ret,
                relearning: if r.relearn_until.is_some() {
                    kinds[Kind::Multicast.index()]
                } else {
                    0
                },
            }
        })
        .collect()
}

/// The lab as the topology draws it now.
pub fn snapshot(lab: &Lab) -> Snapshot {
    let net = lab.net();
    let hosts = net
        .hosts
        .iter()
        .enumerate()
        .map(|(i, h)| HostView {
            name: h.name.clone(),
            ip: h.ip.to_string(),
            switches: net
                .host_switches(i)
                .into_iter()
                .map(|s| net.switches[s].name.clone())
                .collect(),
        })
        .collect();
    let replicating = UnitId::BOTH
        .into_iter()
        .find(|u| lab.unit(*u).fo.stats.kbps_out > 0);
    let drops = Kind::ALL
        .iter()
        .flat_map(|k| {
            lab.traffic().stats[k.index()]
                .dropped
                .iter()
                .map(move |(r, n)| format!("{k}: {n} dropped ({r})"))
        })
        .collect();
    Snapshot {
        units: UnitId::BOTH.map(|u| unit_view(lab, u)),
        cables: cable_views(lab),
        switches: net.switches.iter().map(|s| s.name.clone()).collect(),
        hosts,
        flows: flow_views(lab),
        asymmetric: lab.asymmetric(),
        replicating,
        drops,
    }
}

/// One chart sample: the lab's counters at one virtual instant.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Sample {
    /// Virtual seconds.
    pub t: f64,
    /// Failover role per unit: 2 active, 1 standby, 0 failed, disabled or off.
    pub level: [u8; 2],
    /// Each unit's own state (the state timeline).
    pub status: [Status; 2],
    /// Active/Active: each failover group's state on each unit
    /// (`[unit][group 1, group 2]`).
    pub groups: Option<[[Status; 2]; 2]>,
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

/// A unit (or failover group) taking over from its mate: the moment it
/// went from a standby state (or Failed) to Just Active or Active, and why,
/// for markers on the state timeline. Becoming active at start-up (from
/// Negotiation) is not a takeover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Takeover {
    /// Virtual time, milliseconds.
    pub t_ms: u64,
    pub unit: UnitId,
    /// The failover group (Active/Active), `None` for the unit itself.
    pub group: Option<GroupId>,
    /// The state it left.
    pub from: FoState,
    /// Why, as `show failover history` words it.
    pub reason: String,
}

/// Every takeover in the lab's event timeline, oldest first.
pub fn takeovers(lab: &Lab) -> Vec<Takeover> {
    lab.events()
        .iter()
        .filter_map(|e| match &e.kind {
            crate::event::EventKind::State {
                group,
                from,
                to,
                reason,
            } if to.is_active() && (from.is_standby() || *from == FoState::Failed) => {
                Some(Takeover {
                    t_ms: e.at.total_millis(),
                    unit: e.unit?,
                    group: (!group.is_unit()).then_some(*group),
                    from: *from,
                    reason: reason.to_string(),
                })
            }
            _ => None,
        })
        .collect()
}

/// What a mark on the rewind timeline stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A console line that acted on the lab (configuration, failover
    /// commands).
    Command,
    /// A cable pulled or plugged.
    Cable,
    /// A unit powered off or on.
    Power,
    /// Sessions opened, a load started, asymmetric routing switched.
    Traffic,
    /// A unit or failover group took over from its mate.
    Takeover,
}

impl MarkKind {
    /// The CSS class the timeline uses.
    pub fn class(self) -> &'static str {
        match self {
            MarkKind::Command => "mark-command",
            MarkKind::Cable => "mark-cable",
            MarkKind::Power => "mark-power",
            MarkKind::Traffic => "mark-traffic",
            MarkKind::Takeover => "mark-takeover",
        }
    }
}

/// A moment on the rewind timeline: what the learner did (from the
/// journal) or a takeover (from the event timeline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Virtual time, milliseconds (the lab's clock).
    pub t_ms: u64,
    pub kind: MarkKind,
    /// What happened, in a few words.
    pub label: String,
}

/// The marks of a lab and the journal that built it (which begins at
/// virtual time 0, as every replayed lab does), in time order: every
/// action of the journal (console lines that only look are left out) and
/// every takeover.
pub fn marks(lab: &Lab, journal: &[Stmt]) -> Vec<Mark> {
    let acts: Vec<Mark> = journal
        .iter()
        .zip(rewind::start_times(journal))
        .filter(|(s, _)| rewind::acts(s))
        .map(|(s, at)| {
            let kind = match s {
                Stmt::Cable(..) => MarkKind::Cable,
                Stmt::Power(..) => MarkKind::Power,
                Stmt::Type(..) => MarkKind::Command,
                _ => MarkKind::Traffic,
            };
            Mark {
                t_ms: at.total_millis(),
                kind,
                label: s.to_string(),
            }
        })
        .collect();
    let taken: Vec<Mark> = takeovers(lab)
        .into_iter()
        .map(|t| {
            let who = match t.group {
                Some(g) => format!("{} group {}", t.unit.name(), g.number()),
                None => t.unit.name().to_string(),
            };
            Mark {
                t_ms: t.t_ms,
                kind: MarkKind::Takeover,
                label: format!("{who} became active: {}", t.reason),
            }
        })
        .collect();
    // Both lists are in time order already: merged, not sorted.
    let mut out = Vec::with_capacity(acts.len() + taken.len());
    let (mut a, mut b) = (acts.into_iter().peekable(), taken.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y.t_ms < x.t_ms => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        };
        match next {
            Some(m) => out.push(m),
            None => return out,
        }
    }
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

/// A state as a chart level: 2 active, 1 standby, 0 anything else.
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

/// The lab's chart sample now.
pub fn sample(lab: &Lab) -> Sample {
    let t = lab.now().total_millis() as f64 / 1000.0;
    let level = UnitId::BOTH.map(|u| {
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
    let units = UnitId::BOTH.map(|u| unit_view(lab, u));
    let status = [units[0].status, units[1].status];
    let groups = units
        .iter()
        .all(|u| u.groups.len() >= 2)
        .then(|| [0, 1].map(|u| [0, 1].map(|g| units[u].groups[g].status)));
    let stats = &lab.traffic().stats;
    let alive = Kind::ALL.map(|k| stats[k.index()].alive);
    let dropped = Kind::ALL.map(|k| stats[k.index()].dropped_total());
    let st = |u: UnitId| &lab.unit(u).fo.stats;
    let count = |f: fn(&ReplStats) -> &[u64]| {
        UnitId::BOTH
            .map(|u| CHART_OBJS.map(|(_, objs)| objs.iter().map(|o| f(st(u))[*o as usize]).sum()))
    };
    let kbps = UnitId::BOTH
        .iter()
        .map(|u| st(*u).kbps_out)
        .max()
        .unwrap_or(0);
    Sample {
        t,
        level,
        status,
        groups,
        alive,
        dropped,
        xmit: count(|r| &r.xmit),
        rcv: count(|r| &r.rcv),
        link_pct: kbps as f64 * 1000.0 / lab.stateful_bps().max(1) as f64 * 100.0,
        queue: UnitId::BOTH
            .iter()
            .map(|u| st(*u).xmit_q.cur)
            .max()
            .unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::LabConfig;
    use crate::labs::{build, Template};
    use crate::time::Duration;

    #[test]
    fn the_view_shows_typed_states_and_their_look() {
        let mut lab = build(Template::ActiveActive, LabConfig::default()).unwrap();
        lab.advance(Duration::from_secs(60));
        let s = snapshot(&lab);
        let p = &s.units[0];
        assert_eq!(p.role, Role::Primary);
        assert_eq!(p.groups[0].id, GroupId::G1);
        assert_eq!(p.groups[0].status, Status::Failover(FoState::Active));
        assert_eq!(p.groups[1].status.look(), Look::Standby);
        assert_eq!(p.groups[1].contexts, vec!["ctx1".to_string()]);
        assert_eq!(p.look(), Look::Active);
        lab.set_power(UnitId::Secondary, false);
        let s = snapshot(&lab);
        assert_eq!(s.units[1].status, Status::PoweredOff);
        assert_eq!(s.units[1].status.to_string(), "Powered off");
        assert_eq!(s.units[1].look(), Look::Off);
        assert_eq!(
            Status::Failover(FoState::Failed).look(),
            Look::Failed,
            "a failed unit is drawn as failed"
        );
        assert_eq!(Status::Failover(FoState::SyncConfig).look(), Look::Standby);
        assert_eq!(Status::Failover(FoState::Negotiation).look(), Look::Other);
    }

    #[test]
    fn the_glossary_names_every_state_a_view_shows() {
        let states = FoState::ALL;
        let statuses = states.map(Status::Failover).into_iter().chain([
            Status::PoweredOff,
            Status::Booting,
            Status::FailoverOff,
        ]);
        for st in statuses {
            let name = st.to_string();
            assert!(
                GLOSSARY
                    .iter()
                    .any(|(n, text)| *n == name && !text.is_empty()),
                "{name} missing from the glossary"
            );
        }
    }

    #[test]
    fn a_chart_sample_reads_roles_sessions_and_updates() {
        let mut lab = build(Template::ActiveStandby, LabConfig::default()).unwrap();
        lab.advance(Duration::from_secs(60));
        let inside = lab.net().host_by_name("inside-host").unwrap();
        let outside = lab.net().host_by_name("outside-server").unwrap();
        lab.start_traffic(Kind::Tcp, 100, inside, outside).unwrap();
        lab.advance(Duration::from_secs(2));
        let s = sample(&lab);
        assert_eq!(s.level, [2, 1]);
        assert_eq!(s.alive[Kind::Tcp.index()], 100);
        assert!(s.xmit[0][0] >= 100, "TCP conn updates sent by the active");
        assert_eq!(s.t, lab.now().total_millis() as f64 / 1000.0);
        lab.set_power(UnitId::Primary, false);
        assert_eq!(sample(&lab).level[0], 0);
    }
}
