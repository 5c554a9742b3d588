//! The failover vocabulary: unit/group states, interface monitoring states
//! and history reasons, each printing the words the ASA prints.

use core::fmt;

/// Whose failover state: the unit's own (the whole unit in Active/Standby;
/// in Active/Active the unit negotiates and syncs its configuration first)
/// or failover group 1 or 2 (Active/Active). Units and groups go through
/// the same state machine, keyed by this; no other group exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum GroupId {
    #[default]
    Unit,
    G1,
    G2,
}

impl GroupId {
    /// The failover groups of Active/Active, in order.
    pub const FAILOVER_GROUPS: [GroupId; 2] = [GroupId::G1, GroupId::G2];

    /// Failover group `n` (1 or 2), as configured with `failover group N`.
    pub fn failover_group(n: u8) -> Option<GroupId> {
        match n {
            1 => Some(GroupId::G1),
            2 => Some(GroupId::G2),
            _ => None,
        }
    }
    /// The group's number as the ASA prints it (0 for the unit).
    pub fn number(self) -> u8 {
        match self {
            GroupId::Unit => 0,
            GroupId::G1 => 1,
            GroupId::G2 => 2,
        }
    }
    /// The unit's own state machine, not a failover group.
    pub fn is_unit(self) -> bool {
        self == GroupId::Unit
    }
    /// Index into per-group arrays (unit, group 1, group 2).
    pub fn index(self) -> usize {
        self.number() as usize
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.number(), f)
    }
}

/// The state of a failover group (the whole unit in Active/Standby).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FoState {
    Disabled,
    Negotiation,
    ColdStandby,
    SyncConfig,
    SyncFileSystem,
    BulkSync,
    StandbyReady,
    JustActive,
    ActiveDrain,
    ActiveApplyingConfig,
    ActiveConfigApplied,
    Active,
    Failed,
}

impl FoState {
    /// Every state, in the order the unit goes through them.
    pub const ALL: [FoState; 13] = [
        FoState::Disabled,
        FoState::Negotiation,
        FoState::ColdStandby,
        FoState::SyncConfig,
        FoState::SyncFileSystem,
        FoState::BulkSync,
        FoState::StandbyReady,
        FoState::JustActive,
        FoState::ActiveDrain,
        FoState::ActiveApplyingConfig,
        FoState::ActiveConfigApplied,
        FoState::Active,
        FoState::Failed,
    ];

    /// True from Just Active on: the unit owns the active addresses and
    /// forwards traffic.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            FoState::JustActive
                | FoState::ActiveDrain
                | FoState::ActiveApplyingConfig
                | FoState::ActiveConfigApplied
                | FoState::Active
        )
    }
    /// A standby state (including the sync states on the way to Standby Ready).
    pub fn is_standby(self) -> bool {
        matches!(
            self,
            FoState::ColdStandby
                | FoState::SyncConfig
                | FoState::SyncFileSystem
                | FoState::BulkSync
                | FoState::StandbyReady
        )
    }
    /// The word the `prompt ... state` keyword shows.
    pub fn prompt_word(self) -> &'static str {
        if self.is_active() {
            "act"
        } else if self == FoState::Failed {
            "fail"
        } else {
            "stby"
        }
    }
    /// The next step on the way to Active or Standby Ready.
    pub fn next_step(self) -> Option<FoState> {
        Some(match self {
            FoState::JustActive => FoState::ActiveDrain,
            FoState::ActiveDrain => FoState::ActiveApplyingConfig,
            FoState::ActiveApplyingConfig => FoState::ActiveConfigApplied,
            FoState::ActiveConfigApplied => FoState::Active,
            FoState::ColdStandby => FoState::SyncConfig,
            FoState::SyncConfig => FoState::SyncFileSystem,
            FoState::SyncFileSystem => FoState::BulkSync,
            FoState::BulkSync => FoState::StandbyReady,
            _ => return None,
        })
    }
}

impl fmt::Display for FoState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FoState::Disabled => "Disabled",
            FoState::Negotiation => "Negotiation",
            FoState::ColdStandby => "Cold Standby",
            FoState::SyncConfig => "Sync Config",
            FoState::SyncFileSystem => "Sync File System",
            FoState::BulkSync => "Bulk Sync",
            FoState::StandbyReady => "Standby Ready",
            FoState::JustActive => "Just Active",
            FoState::ActiveDrain => "Active Drain",
            FoState::ActiveApplyingConfig => "Active Applying Config",
            FoState::ActiveConfigApplied => "Active Config Applied",
            FoState::Active => "Active",
            FoState::Failed => "Failed",
        })
    }
}

/// Why a state changed, as `show failover history` words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    FailoverStateCheck,
    NoActiveUnitFound,
    DetectedActiveMate,
    HelloNotHeard,
    OtherUnitWantsMeActive,
    OtherUnitWantsMeStandby,
    SetByConfigCommand,
    InterfaceCheck,
    ConfigurationMismatch,
    FailoverDisabled,
    /// A failover group returns to its preferred unit (`preempt`).
    Preempted,
    None,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::FailoverStateCheck => "Failover state check",
            Reason::NoActiveUnitFound => "No Active unit found",
            Reason::DetectedActiveMate => "Detected an Active mate",
            Reason::HelloNotHeard => "HELLO not heard from mate",
            Reason::OtherUnitWantsMeActive => "Other unit wants me Active",
            Reason::OtherUnitWantsMeStandby => "Other unit wants me Standby",
            Reason::SetByConfigCommand => "Set by the config command",
            Reason::InterfaceCheck => "Interface check",
            Reason::ConfigurationMismatch => "Configuration mismatch",
            Reason::FailoverDisabled => "Failover is disabled",
            Reason::Preempted => "Preempted by the preferred unit",
            Reason::None => "None",
        })
    }
}

impl Reason {
    /// The short cause `show failover state` prints as Last Failure Reason.
    pub fn failure_word(self) -> &'static str {
        match self {
            Reason::InterfaceCheck => "Ifc Failure",
            Reason::HelloNotHeard => "Comm Failure",
            _ => "None",
        }
    }
}

/// The health of a data interface as failover monitoring sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IfHealth {
    Unknown,
    Normal,
    Testing,
    LinkDown,
    NoLink,
    Failed,
}

impl IfHealth {
    /// Counts toward the interface policy.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            IfHealth::Failed | IfHealth::NoLink | IfHealth::LinkDown
        )
    }
}

impl fmt::Display for IfHealth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IfHealth::Unknown => "Unknown",
            IfHealth::Normal => "Normal",
            IfHealth::Testing => "Testing",
            IfHealth::LinkDown => "Link Down",
            IfHealth::NoLink => "No Link",
            IfHealth::Failed => "Failed",
        })
    }
}

/// The suffix after the interface health: whether hellos from the peer are
/// heard on it, or whether it is monitored at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MonitorMark {
    Monitored,
    Waiting,
    NotMonitored,
}

impl fmt::Display for MonitorMark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MonitorMark::Monitored => "Monitored",
            MonitorMark::Waiting => "Waiting",
            MonitorMark::NotMonitored => "Not-Monitored",
        })
    }
}

/// `Normal (Monitored)`, `No Link (Waiting)`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IfMonState {
    pub health: IfHealth,
    pub mark: MonitorMark,
}

impl fmt::Display for IfMonState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.health, self.mark)
    }
}

/// `failover interface-policy N[%]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterfacePolicy {
    Count(u16),
    Percent(u8),
}

impl Default for InterfacePolicy {
    fn default() -> Self {
        InterfacePolicy::Count(1)
    }
}

impl InterfacePolicy {
    /// Whether `failed` of `monitored` interfaces meets the policy: the
    /// failover criterion is "a specific number of interfaces or a
    /// percentage of monitored interfaces that must fail", so both forms
    /// fire when the failures reach the policy — a count when at least that
    /// many monitored interfaces failed, a percentage when the failed share
    /// is at least that percentage (`100%`: all of them). No failure never
    /// meets a policy.
    pub fn met(self, failed: usize, monitored: usize) -> bool {
        if failed == 0 {
            return false;
        }
        match self {
            InterfacePolicy::Count(n) => failed >= usize::from(n),
            InterfacePolicy::Percent(p) => {
                monitored > 0 && failed.saturating_mul(100) >= usize::from(p) * monitored
            }
        }
    }
}

impl fmt::Display for InterfacePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InterfacePolicy::Count(n) => write!(f, "{n}"),
            InterfacePolicy::Percent(p) => write!(f, "{p}%"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_print_asa_words() {
        assert_eq!(FoState::StandbyReady.to_string(), "Standby Ready");
        assert_eq!(
            FoState::ActiveApplyingConfig.to_string(),
            "Active Applying Config"
        );
        assert_eq!(
            Reason::HelloNotHeard.to_string(),
            "HELLO not heard from mate"
        );
        let s = IfMonState {
            health: IfHealth::NoLink,
            mark: MonitorMark::Waiting,
        };
        assert_eq!(s.to_string(), "No Link (Waiting)");
    }

    #[test]
    fn activation_walks_the_real_steps() {
        let mut s = FoState::JustActive;
        let mut seen = vec![s];
        while let Some(n) = s.next_step() {
            s = n;
            seen.push(s);
        }
        assert_eq!(seen.last(), Some(&FoState::Active));
        assert_eq!(seen.len(), 5);
        assert_eq!(FoState::ColdStandby.next_step(), Some(FoState::SyncConfig));
        assert_eq!(FoState::StandbyReady.next_step(), None);
    }

    #[test]
    fn interface_policy_count_and_percent() {
        assert!(InterfacePolicy::Count(1).met(1, 3));
        assert!(!InterfacePolicy::Count(2).met(1, 3));
        assert!(InterfacePolicy::Count(2).met(2, 3));
        assert!(InterfacePolicy::Count(2).met(3, 3));
        // A count larger than the monitored interfaces can never be met.
        assert!(!InterfacePolicy::Count(4).met(3, 3));
        // A percentage fires when the failed share reaches it.
        assert!(InterfacePolicy::Percent(50).met(1, 2));
        assert!(!InterfacePolicy::Percent(50).met(1, 3));
        assert!(InterfacePolicy::Percent(50).met(2, 3));
        assert!(!InterfacePolicy::Percent(50).met(0, 0));
        assert!(!InterfacePolicy::Percent(50).met(0, 3));
        assert!(InterfacePolicy::Percent(100).met(3, 3));
        assert!(!InterfacePolicy::Percent(100).met(2, 3));
        // 1% of 250 interfaces is 2.5: the third failure reaches it.
        assert!(!InterfacePolicy::Percent(1).met(2, 250));
        assert!(InterfacePolicy::Percent(1).met(3, 250));
        assert!(InterfacePolicy::Percent(33).met(1, 3));
        assert!(!InterfacePolicy::Percent(34).met(1, 3));
    }

    #[test]
    fn interface_policy_count_and_percent_agree() {
        // `N` and the percentage that is exactly N of M interfaces fire at
        // the same number of failures.
        for monitored in 1..=8usize {
            for n in 1..=monitored {
                if (n * 100) % monitored != 0 {
                    continue;
                }
                let pct = InterfacePolicy::Percent((n * 100 / monitored) as u8);
                let count = InterfacePolicy::Count(n as u16);
                for failed in 0..=monitored {
                    assert_eq!(
                        pct.met(failed, monitored),
                        count.met(failed, monitored),
                        "{n} of {monitored}, {failed} failed"
                    );
                }
            }
        }
    }
}
