//! The timeline. Every state change in the lab is recorded here, once, with
//! its cause; console messages, syslog lines, `show failover history` and
//! the UI's explanations are all read from it.

use core::fmt;

use crate::config::Role;
use crate::failover::{FoState, GroupId, IfMonState, Reason};
use crate::net::{Port, UnitId};
use crate::time::Instant;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The unit or one of its failover groups changed state.
    State {
        group: GroupId,
        from: FoState,
        to: FoState,
        reason: Reason,
    },
    /// A unit port's link went up or down.
    Link { port: Port, up: bool },
    /// Failover monitoring of a data interface changed.
    Monitor {
        port: Port,
        nameif: String,
        from: IfMonState,
        to: IfMonState,
    },
    /// Hellos on the failover link stopped or resumed.
    FailoverLink { ifname: String, ok: bool },
    /// The unit marked its mate failed (or cleared that mark).
    MateFailed { failed: bool },
    /// Power was cut or restored.
    Power { on: bool },
    /// The unit finished booting.
    Booted,
    /// A cable was pulled or put back (at this unit's port).
    Cable { port: Port, plugged: bool },
    /// Configuration replication began or ended.
    ConfigSync { sending: bool, begin: bool },
    /// A configuration command was replicated to the mate.
    CommandReplicated { command: String },
    /// The stateful failover link stopped or resumed carrying updates.
    StatefulLink { ifname: String, ok: bool },
    /// The upstream router began or stopped sending return traffic back
    /// through the other ISP link (`asymmetric on|off`).
    Asymmetric { on: bool },
    /// A host's ARP entry for a gateway changed.
    HostArp {
        host: String,
        ip: String,
        mac: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub at: Instant,
    pub unit: Option<UnitId>,
    /// The unit's failover role when the event happened (for syslog text).
    pub role: Role,
    pub kind: EventKind,
}

impl Event {
    /// The lines the unit prints on its console for this event, as the ASA
    /// prints them (the caller decides whether the unit announces it).
    pub fn console_lines(&self) -> Vec<&'static str> {
        match &self.kind {
            EventKind::State {
                group,
                from,
                to,
                reason,
            } if group.is_unit() => {
                let notice = match to {
                    FoState::JustActive => "        Switching to Active",
                    FoState::StandbyReady if from.is_active() => "        Switching to Standby",
                    FoState::Failed => "        Switching to Failed",
                    FoState::ColdStandby if *reason == Reason::DetectedActiveMate => {
                        "        Detected an Active mate"
                    }
                    _ => return Vec::new(),
                };
                vec!["", notice]
            }
            EventKind::FailoverLink { ok: true, .. } => vec!["Failover LAN became OK"],
            EventKind::FailoverLink { ok: false, .. } => vec!["Failover LAN Failed"],
            EventKind::ConfigSync { sending, begin } => vec![match (sending, begin) {
                (true, true) => "Beginning configuration replication: Sending to mate.",
                (false, true) => "Beginning configuration replication from mate.",
                (true, false) => "End Configuration Replication to mate",
                (false, false) => "End configuration replication from mate.",
            }],
            EventKind::Power { on: true } => vec![
                "",
                "Rebooting....",
                "",
                "Booting the Cisco Adaptive Security Appliance...",
            ],
            EventKind::Booted => vec!["", "Type help or '?' for a list of available commands."],
            _ => Vec::new(),
        }
    }

    /// The event as an ASA syslog message (ID and text), where the ASA has one.
    pub fn syslog(&self) -> Option<String> {
        // A failover group's messages name it: `(Primary_group_2)`.
        let r = match &self.kind {
            EventKind::State { group, .. } if !group.is_unit() => {
                format!("{}_group_{group}", self.role.word())
            }
            _ => self.role.word().to_string(),
        };
        let text = match &self.kind {
            EventKind::State { to, reason, .. } if to.is_active() && *to == FoState::JustActive => {
                format!(
                    "%ASA-1-104001: ({r}) Switching to ACTIVE - {}",
                    cause(*reason)
                )
            }
            EventKind::State {
                from, to, reason, ..
            } if *to == FoState::StandbyReady && from.is_active() => {
                format!(
                    "%ASA-1-104002: ({r}) Switching to STANDBY - {}",
                    cause(*reason)
                )
            }
            EventKind::State {
                to: FoState::Failed,
                ..
            } => format!("%ASA-1-104003: ({r}) Switching to FAILED."),
            EventKind::State {
                from: FoState::Failed,
                ..
            } => format!("%ASA-1-104004: ({r}) Switching to OK."),
            EventKind::State {
                to: FoState::Disabled,
                ..
            } => format!("%ASA-1-105001: ({r}) Disabling failover."),
            EventKind::State {
                from: FoState::Disabled,
                ..
            } => format!("%ASA-1-105002: ({r}) Enabling failover."),
            EventKind::State { .. } => return None,
            EventKind::Link { port, up: true } => {
                format!("%ASA-4-411001: Line protocol on Interface {port}, changed state to up")
            }
            EventKind::Link { port, up: false } => {
                format!("%ASA-4-411002: Line protocol on Interface {port}, changed state to down")
            }
            EventKind::Monitor { nameif, to, .. } => match to.health {
                crate::failover::IfHealth::Testing => {
                    format!("%ASA-1-105008: ({r}) Testing interface {nameif}.")
                }
                crate::failover::IfHealth::Failed => {
                    format!("%ASA-1-105009: ({r}) Testing on interface {nameif} Failed.")
                }
                crate::failover::IfHealth::Normal
                    if to.mark == crate::failover::MonitorMark::Monitored =>
                {
                    format!("%ASA-1-105004: ({r}) Monitoring on interface {nameif} normal")
                }
                crate::failover::IfHealth::Normal => {
                    format!("%ASA-1-105003: ({r}) Monitoring on interface {nameif} waiting")
                }
                crate::failover::IfHealth::NoLink | crate::failover::IfHealth::LinkDown => {
                    format!("%ASA-1-105007: ({r}) Link status Down on interface {nameif}.")
                }
                crate::failover::IfHealth::Unknown => return None,
            },
            EventKind::FailoverLink { ifname, ok: false } => {
                format!("%ASA-1-105005: ({r}) Lost Failover communications with mate on interface {ifname}.")
            }
            EventKind::FailoverLink { ok: true, .. } => {
                format!("%ASA-1-105042: ({r}) Failover interface OK.")
            }
            EventKind::MateFailed { failed: true } => {
                format!("%ASA-1-103001: ({r}) No response from other firewall (reason code = 4).")
            }
            EventKind::ConfigSync {
                sending: true,
                begin: true,
            } => {
                format!(
                    "%ASA-1-709003: ({r}) Beginning configuration replication: Sending to mate."
                )
            }
            EventKind::ConfigSync {
                sending: true,
                begin: false,
            } => format!("%ASA-1-709004: ({r}) End Configuration Replication (ACT)"),
            EventKind::ConfigSync {
                sending: false,
                begin: true,
            } => {
                format!("%ASA-1-709005: ({r}) Beginning configuration replication: Receiving from mate.")
            }
            EventKind::ConfigSync {
                sending: false,
                begin: false,
            } => {
                format!("%ASA-1-709006: ({r}) End Configuration Replication (STB)")
            }
            _ => return None,
        };
        Some(text)
    }

    /// [`Event::explain`] without the unit's name in front, for a view that
    /// shows the unit beside it (`group 1: Standby Ready -> Active (...)`,
    /// `cable at GigabitEthernet0/1 pulled`).
    pub fn explain_what(&self) -> String {
        let text = self.explain();
        match self.unit {
            Some(u) => match text.strip_prefix(u.name()) {
                Some(rest) => rest.trim_start_matches(':').trim_start().to_string(),
                None => text,
            },
            None => text,
        }
    }

    /// A sentence for learners: what happened and why.
    pub fn explain(&self) -> String {
        let who = self.unit.map(|u| u.name()).unwrap_or("lab");
        match &self.kind {
            EventKind::State {
                group,
                from,
                to,
                reason,
            } => {
                let g = if group.is_unit() {
                    String::new()
                } else {
                    format!(" group {group}")
                };
                format!("{who}{g}: {from} -> {to} ({reason})")
            }
            EventKind::Link { port, up } => {
                format!("{who}: {port} link {}", if *up { "up" } else { "down" })
            }
            EventKind::Monitor {
                port,
                nameif,
                from,
                to,
            } => {
                // Before the configuration reached it, an interface has no
                // name yet: its port is named instead.
                let name = if nameif.is_empty() {
                    port.to_string()
                } else {
                    nameif.clone()
                };
                format!("{who}: interface {name} {from} -> {to}")
            }
            EventKind::FailoverLink { ifname, ok } => {
                if *ok {
                    format!("{who}: hellos heard again on failover link {ifname}")
                } else {
                    format!("{who}: no hellos on failover link {ifname} for the unit hold time")
                }
            }
            EventKind::MateFailed { failed } => {
                if *failed {
                    format!("{who}: marks its mate as failed")
                } else {
                    format!("{who}: mate is healthy again")
                }
            }
            EventKind::Power { on } => format!("{who}: power {}", if *on { "on" } else { "off" }),
            EventKind::Booted => format!("{who}: boot complete, running the startup configuration"),
            EventKind::Cable { port, plugged } => {
                format!(
                    "{who}: cable at {port} {}",
                    if *plugged { "plugged in" } else { "pulled" }
                )
            }
            EventKind::ConfigSync { sending, begin } => format!(
                "{who}: configuration replication {} {}",
                if *begin { "begins," } else { "ends," },
                if *sending {
                    "sending to mate"
                } else {
                    "receiving from mate"
                }
            ),
            EventKind::CommandReplicated { command } => {
                format!("{who}: replicated to mate: {command}")
            }
            EventKind::HostArp { host, ip, mac } => format!("{host}: ARP {ip} is now at {mac}"),
            EventKind::Asymmetric { on: true } => "upstream router: return traffic now comes back through the other ISP link (asymmetric routing)".into(),
            EventKind::Asymmetric { on: false } => {
                "upstream router: return traffic follows the forward path again".into()
            }
            EventKind::StatefulLink { ifname, ok } => {
                if *ok {
                    format!("stateful link {ifname} is up: the standby is bulk-synced")
                } else {
                    format!(
                        "stateful link {ifname} is down: the standby's connection state goes stale"
                    )
                }
            }
        }
    }
}

fn cause(r: Reason) -> &'static str {
    match r {
        Reason::NoActiveUnitFound => "state check",
        Reason::HelloNotHeard => "no response from mate",
        Reason::OtherUnitWantsMeActive => "the other side wants me to active",
        Reason::OtherUnitWantsMeStandby => "the other side wants me to standby",
        Reason::SetByConfigCommand => "set by the config command",
        Reason::InterfaceCheck => "ifc check, mate is healthier",
        _ => "state check",
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.at, self.explain())
    }
}
