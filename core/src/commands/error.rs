//! Why a command line failed: the kinds of error the ASA prints, as data.
//! `Display` gives the last line exactly as the console shows it; `lines()`
//! the whole message (the caret line, when there is one, comes first).

use std::fmt;

use crate::cli::Missing;
use crate::net::Port;

/// An error a command line ends with. Only a line that ends without one
/// changes the configuration of the mate (replication) and counts as
/// applied in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliError {
    /// `% Invalid input detected at '^' marker.`; `caret` is the column of
    /// the marker on the console line (prompt included), when one is shown.
    InvalidInput {
        caret: Option<usize>,
    },
    /// A word that starts several keywords; `line` is the command as typed.
    Ambiguous {
        line: String,
    },
    /// The line ended before the command was complete.
    Incomplete,
    /// `?` after words that fit nothing.
    Unrecognized,
    /// A real ASA command that the lab accepts but does not model.
    Unsupported {
        word: String,
    },

    // ----- modes and contexts
    NotAllocated {
        port: Port,
        context: String,
    },
    NoSuchContext {
        name: String,
    },
    BadContextName {
        name: String,
    },
    /// `no admin-context`.
    AdminContextNeeded,
    /// `no context ADMIN`.
    AdminContextRemoval,
    /// `admin-context NAME` for a context outside failover group 1.
    AdminContextOutsideGroup1,
    /// `join-failover-group 2` in the admin context.
    AdminContextInGroup1,
    AlreadyInMode {
        multiple: bool,
    },
    PortIsFailover {
        port: Port,
    },
    PortAllocated {
        port: Port,
        context: String,
    },

    // ----- failover groups
    GroupsNeedFailoverOff,
    NoSuchGroup {
        group: u8,
    },
    RemoveGroup2First,
    GroupInUse {
        group: u8,
        contexts: Vec<String>,
    },

    // ----- global configuration
    BadHostname,
    NotNamedInterface {
        name: String,
    },
    NotDataInterface {
        name: String,
    },
    /// Layer 3 settings on the failover or state link's port.
    FailoverPortConfig {
        port: Port,
    },

    // ----- failover
    FailoverNotEnabled,
    LanRemovalNeedsFailoverOff,
    LanChangeNeedsFailoverOff,
    StandbyNotInSubnet,
    SameActiveAndStandby,
    UnknownFailoverInterface {
        name: String,
    },
    HoldtimeTooShort {
        factor: u64,
    },
    /// `[no] failover active [group N]` that moves nothing: `to_mate` for
    /// the `no` form, `group` in multiple context mode.
    SwitchoverRefused {
        to_mate: bool,
        group: bool,
    },
    OnlyOnActive,
    StandbyUnavailable,
    /// `write standby` inside a context that is not active on this unit.
    OnlyInActiveContext,
    /// `write standby` in the system space where group 1 is not active.
    OnlyWhereGroup1Active,

    // ----- failover exec
    FexecRecursive,
    FexecNotAllowed {
        word: String,
    },
    FexecPeerUnreachable,
    /// The peer unit is in the Failed state (in Active/Active, the
    /// failover `group` of the session is, on the peer).
    FexecPeerFailed {
        group: Option<u8>,
    },
    FexecNeedsConfigMode,
    FexecAsks {
        command: String,
        /// The command has a no-confirm option to name.
        has_noconfirm: bool,
    },
}

impl CliError {
    /// The console lines of the error.
    pub fn lines(&self) -> Vec<String> {
        match self {
            CliError::InvalidInput { caret: Some(col) } => {
                vec![format!("{}^", " ".repeat(*col)), self.to_string()]
            }
            _ => vec![self.to_string()],
        }
    }
}

/// A required argument the tree did not deliver: the line is incomplete.
impl From<Missing> for CliError {
    fn from(_: Missing) -> Self {
        CliError::Incomplete
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CliError as E;
        f.write_str("ERROR: ")?;
        match self {
            E::InvalidInput { .. } => f.write_str("% Invalid input detected at '^' marker."),
            E::Ambiguous { line } => write!(f, "% Ambiguous command:  \"{line}\""),
            E::Incomplete => f.write_str("% Incomplete command"),
            E::Unrecognized => f.write_str("% Unrecognized command"),
            E::Unsupported { word } => write!(
                f,
                "'{word}' is not supported in Failover Lab; it has no effect on this simulated unit."
            ),
            E::NotAllocated { port, context } => {
                write!(f, "Interface {port} is not allocated to context {context}")
            }
            E::NoSuchContext { name } => write!(f, "Context '{name}' does not exist"),
            E::BadContextName { name } => write!(f, "'{name}' is not a valid context name"),
            E::AdminContextNeeded => {
                f.write_str("The admin context cannot be removed; name another one instead")
            }
            E::AdminContextRemoval => f.write_str("The admin context cannot be removed"),
            E::AdminContextOutsideGroup1 => {
                f.write_str("The admin context must be in failover group 1")
            }
            E::AdminContextInGroup1 => {
                f.write_str("The admin context is always a member of failover group 1")
            }
            E::AlreadyInMode { multiple } => write!(
                f,
                "The device is already in {} context mode",
                if *multiple { "multiple" } else { "single" }
            ),
            E::PortIsFailover { port } => write!(
                f,
                "{port} is used for failover and cannot be allocated to a context"
            ),
            E::PortAllocated { port, context } => write!(
                f,
                "{port} is already allocated to context {context} (Failover Lab does not model interfaces shared between contexts)"
            ),
            E::GroupsNeedFailoverOff => f.write_str(
                "Failover groups can be created or removed only while failover is disabled (no failover)",
            ),
            E::NoSuchGroup { group } => write!(f, "Failover group {group} does not exist"),
            E::RemoveGroup2First => f.write_str("Remove failover group 2 before failover group 1"),
            E::GroupInUse { group, contexts } => write!(
                f,
                "Failover group {group} has contexts assigned to it: {}",
                contexts.join(", ")
            ),
            E::BadHostname => {
                f.write_str("Hostname must be up to 63 letters, digits, hyphens or underscores")
            }
            E::NotNamedInterface { name } => write!(f, "{name} is not a named interface"),
            E::NotDataInterface { name } => {
                write!(f, "interface {name} is not a data interface with a name")
            }
            E::FailoverPortConfig { port } => write!(
                f,
                "{port} is used as a failover interface; configure it with the failover commands"
            ),
            E::FailoverNotEnabled => f.write_str("Failover is not enabled."),
            E::LanRemovalNeedsFailoverOff => f.write_str(
                "Failover must be disabled before the failover LAN interface can be removed",
            ),
            E::LanChangeNeedsFailoverOff => f.write_str(
                "Failover must be disabled before the failover LAN interface can be changed",
            ),
            E::StandbyNotInSubnet => f.write_str(
                "Standby IP address is not in the same subnet as the active IP address",
            ),
            E::SameActiveAndStandby => {
                f.write_str("Active and standby IP addresses must be different")
            }
            E::UnknownFailoverInterface { name } => write!(
                f,
                "Failover interface name '{name}' is not configured; use 'failover lan interface' or 'failover link' first"
            ),
            E::HoldtimeTooShort { factor } => write!(
                f,
                "Failover holdtime must be at least {factor} times the polltime"
            ),
            E::SwitchoverRefused { to_mate, group } => f.write_str(match (to_mate, group) {
                (true, true) => {
                    "The peer's failover group is not in Standby Ready state; no switchover"
                }
                (false, true) => {
                    "This unit cannot become active for the group: the peer is not reachable over the failover link or the group is not Standby Ready here"
                }
                (true, false) => "The peer unit is not in Standby Ready state; no switchover",
                (false, false) => {
                    "This unit cannot become active: the peer is not reachable over the failover link"
                }
            }),
            E::OnlyOnActive => f.write_str("This command is only allowed on the active unit"),
            E::StandbyUnavailable => {
                f.write_str("Standby unit is not available or the failover link is down")
            }
            E::OnlyInActiveContext => {
                f.write_str("This command is only allowed in a context that is active on this unit")
            }
            E::OnlyWhereGroup1Active => f.write_str(
                "This command is only allowed on the unit where failover group 1 is active",
            ),
            E::FexecRecursive => f.write_str("Recursive failover exec commands are not allowed"),
            E::FexecNotAllowed { word } => write!(f, "'{word}' cannot be used with failover exec"),
            E::FexecPeerUnreachable => f.write_str(
                "Failover exec: the peer unit is not reachable over the failover link",
            ),
            E::FexecPeerFailed { group: None } => f.write_str(
                "Failover exec: remote command execution failed: the peer unit is in the Failed state",
            ),
            E::FexecPeerFailed { group: Some(g) } => write!(
                f,
                "Failover exec: remote command execution failed: failover group {g} is in the Failed state on the peer unit"
            ),
            E::FexecNeedsConfigMode => f.write_str(
                "Failover exec: enter configuration mode on this unit before sending configuration commands",
            ),
            E::FexecAsks {
                command,
                has_noconfirm: true,
            } => write!(
                f,
                "Failover exec: '{command}' asks for confirmation; use its noconfirm option (for example reload noconfirm, copy /noconfirm)"
            ),
            E::FexecAsks {
                command,
                has_noconfirm: false,
            } => write!(
                f,
                "Failover exec: '{command}' asks for confirmation and has no noconfirm option; type it at that unit's console"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_text_of_errors() {
        assert_eq!(
            CliError::InvalidInput { caret: Some(3) }.lines(),
            vec![
                "   ^".to_string(),
                "ERROR: % Invalid input detected at '^' marker.".to_string()
            ]
        );
        assert_eq!(CliError::InvalidInput { caret: None }.lines().len(), 1);
        assert_eq!(
            CliError::Ambiguous {
                line: "show f".into()
            }
            .to_string(),
            "ERROR: % Ambiguous command:  \"show f\""
        );
        assert_eq!(
            CliError::from(Missing("name")).to_string(),
            "ERROR: % Incomplete command"
        );
        assert_eq!(
            CliError::GroupInUse {
                group: 2,
                contexts: vec!["ctx1".into(), "ctx2".into()]
            }
            .to_string(),
            "ERROR: Failover group 2 has contexts assigned to it: ctx1, ctx2"
        );
        assert_eq!(
            CliError::FexecPeerFailed { group: None }.to_string(),
            "ERROR: Failover exec: remote command execution failed: the peer unit is in the Failed state"
        );
        assert_eq!(
            CliError::FexecPeerFailed { group: Some(1) }.to_string(),
            "ERROR: Failover exec: remote command execution failed: failover group 1 is in the Failed state on the peer unit"
        );
        assert_eq!(
            CliError::OnlyWhereGroup1Active.to_string(),
            "ERROR: This command is only allowed on the unit where failover group 1 is active"
        );
    }
}
