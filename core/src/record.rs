//! Plain, serializable records of a lab (feature `serde`), built from the
//! typed views the page draws: what the JavaScript package hands out and
//! what an instructor's JSON export holds. Field names are camelCase, as
//! JavaScript expects.

use crate::event::Event;
use crate::failover::GroupId;
use crate::lab::Lab;
use crate::net::UnitId;
use crate::traffic::Kind;
use crate::view::{self, CableRole, Status};
use serde::Serialize;

/// The lab at one instant.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// Virtual time since the lab started, in milliseconds.
    pub time_ms: u64,
    /// The ASA clock as `show clock` prints its time (`00:01:05 UTC Jan 1 2026`).
    pub clock: String,
    pub units: Vec<UnitState>,
    pub cables: Vec<Cable>,
    pub sessions: Vec<Sessions>,
    pub flows: Vec<Flow>,
    /// The upstream router sends return traffic through the other unit.
    pub asymmetric: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UnitState {
    /// `primary` or `secondary`.
    pub unit: String,
    pub powered: bool,
    /// `Active`, `Standby Ready`, `Cold Standby`, `Failed`, `Failover Off`,
    /// `Booting`, `Powered off`, ...
    pub state: String,
    /// `active`, `standby`, `failed`, `off`, `booting` or `other`.
    pub look: String,
    /// Active/Active: each failover group on this unit.
    pub groups: Vec<GroupState>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GroupState {
    pub group: u8,
    pub state: String,
    pub contexts: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Cable {
    pub unit: String,
    /// The unit port, as `show interface` names it.
    pub port: String,
    /// The switch (or the other unit) at the far end.
    pub far: String,
    pub plugged: bool,
    pub link: bool,
    /// `data`, `failover` or `stateful`.
    pub role: String,
}

/// Sessions of one kind since the lab started.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Sessions {
    pub kind: String,
    pub total: u64,
    pub alive: u64,
    /// Ended normally.
    pub closed: u64,
    /// Dropped, by reason (the reasons `asa-lab`'s `sessions` prints).
    pub dropped: Vec<Dropped>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Dropped {
    pub reason: String,
    pub count: u64,
}

/// Sessions between two hosts and the unit forwarding them.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub sessions: u64,
    /// The unit forwarding them, if any.
    pub forwarder: Option<String>,
}

/// A line a unit printed on its console.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleLine {
    pub unit: String,
    pub text: String,
}

/// Something that happened in the lab (a state change, a cable, power,
/// the failover link, a replicated command, ...).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LabEvent {
    pub time_ms: u64,
    /// The unit it happened on, if one.
    pub unit: Option<String>,
    /// In plain words.
    pub text: String,
    /// The syslog message the ASA logs for it, if one.
    pub syslog: Option<String>,
}

fn state_text(s: Status) -> String {
    s.to_string()
}

fn group_number(g: GroupId) -> u8 {
    g.number()
}

pub fn snapshot(lab: &Lab) -> Snapshot {
    let v = view::snapshot(lab);
    let units = v
        .units
        .iter()
        .map(|u| UnitState {
            unit: u.id.name().to_string(),
            powered: u.powered,
            state: state_text(u.status),
            look: u.look().class().to_string(),
            groups: u
                .groups
                .iter()
                .map(|g| GroupState {
                    group: group_number(g.id),
                    state: state_text(g.status),
                    contexts: g.contexts.clone(),
                })
                .collect(),
        })
        .collect();
    let cables = v
        .cables
        .iter()
        .map(|c| Cable {
            unit: c.unit.name().to_string(),
            port: c.port.name().to_string(),
            far: c.far.clone(),
            plugged: c.plugged,
            link: c.link,
            role: match c.role {
                CableRole::Data => "data",
                CableRole::FailoverLan => "failover",
                CableRole::Stateful => "stateful",
            }
            .to_string(),
        })
        .collect();
    let sessions = Kind::ALL
        .iter()
        .map(|k| {
            let s = &lab.traffic().stats[k.index()];
            Sessions {
                kind: k.to_string(),
                total: s.total,
                alive: s.alive,
                closed: s.closed,
                dropped: s
                    .dropped
                    .iter()
                    .map(|(r, n)| Dropped {
                        reason: r.to_string(),
                        count: *n,
                    })
                    .collect(),
            }
        })
        .collect();
    let flows = v
        .flows
        .iter()
        .map(|f| Flow {
            from: f.from.clone(),
            to: f.to.clone(),
            sessions: f.sessions,
            forwarder: f.forwarder.map(|u| u.name().to_string()),
        })
        .collect();
    Snapshot {
        time_ms: lab.now().total_millis(),
        clock: lab.now().asa_clock(),
        units,
        cables,
        sessions,
        flows,
        asymmetric: v.asymmetric,
    }
}

pub fn console_line(u: UnitId, text: String) -> ConsoleLine {
    ConsoleLine {
        unit: u.name().to_string(),
        text,
    }
}

pub fn event(e: &Event) -> LabEvent {
    LabEvent {
        time_ms: e.at.total_millis(),
        unit: e.unit.map(|u| u.name().to_string()),
        text: e.explain(),
        syslog: e.syslog(),
    }
}

/// Everything an instructor collects from a lab: where it stands now and
/// every event that brought it there.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    /// The starting lab (`active-standby`, ...).
    pub lab: String,
    pub snapshot: Snapshot,
    pub events: Vec<LabEvent>,
}

pub fn export(lab: &Lab, template: &str) -> Export {
    Export {
        lab: template.to_string(),
        snapshot: snapshot(lab),
        events: lab.events().iter().map(event).collect(),
    }
}
