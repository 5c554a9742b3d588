//! One ASA unit: power, configuration, console session and failover runtime.

use crate::small::VecMap;

use crate::config::{Role, UnitConfig};
use crate::failover::{FoState, GroupId, IfHealth, IfMonState, MonitorMark, Reason};
use crate::net::{Mac, Port, UnitId};
use crate::time::{Duration, Instant};

/// A command-line mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `hostname>`
    User,
    /// `hostname#`
    Exec,
    /// `hostname(config)#`
    Config,
    /// `hostname(config-if)#`
    Interface(Port),
    /// `hostname(config-network-object)#`
    NetworkObject(String),
    /// `hostname(config-ctx)#`: defining a security context (system).
    Context(String),
    /// `hostname(config-fover-group)#`.
    FoGroup(u8),
}

impl Mode {
    pub fn is_config(&self) -> bool {
        !matches!(self, Mode::User | Mode::Exec)
    }
    /// The text the ASA puts in brackets in the prompt.
    pub fn prompt_suffix(&self) -> &'static str {
        match self {
            Mode::User => "> ",
            Mode::Exec => "# ",
            Mode::Config => "(config)# ",
            Mode::Interface(_) => "(config-if)# ",
            Mode::NetworkObject(_) => "(config-network-object)# ",
            Mode::Context(_) => "(config-ctx)# ",
            Mode::FoGroup(_) => "(config-fover-group)# ",
        }
    }
    /// The command that enters this sub-mode from global configuration.
    pub fn entry_command(&self) -> Option<String> {
        match self {
            Mode::Interface(p) => Some(format!("interface {p}")),
            Mode::NetworkObject(n) => Some(format!("object network {n}")),
            Mode::Context(n) => Some(format!("context {n}")),
            Mode::FoGroup(g) => Some(format!("failover group {g}")),
            _ => None,
        }
    }
    /// How `show failover exec` names the mode.
    pub fn fexec_words(&self) -> &'static str {
        match self {
            Mode::User | Mode::Exec => "exec mode",
            Mode::Config => "config mode",
            Mode::Interface(_) => "interface sub-command mode",
            Mode::NetworkObject(_) => "network object sub-command mode",
            Mode::Context(_) => "context sub-command mode",
            Mode::FoGroup(_) => "failover group sub-command mode",
        }
    }
    /// A configuration sub-mode (entered from global configuration).
    pub fn is_sub(&self) -> bool {
        matches!(
            self,
            Mode::Interface(_) | Mode::NetworkObject(_) | Mode::Context(_) | Mode::FoGroup(_)
        )
    }
}

/// Where a command runs: a unit in single context mode, or the system
/// execution space or a security context of a unit in multiple mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Space {
    Single,
    System,
    Context,
}

/// A question the console is waiting to have answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// `Proceed with reload? [confirm]`
    ReloadConfirm,
    /// `write erase`: `Erase configuration in flash memory? [confirm]`
    EraseConfirm,
    /// `copy`: source file name, then destination file name.
    CopySource,
    CopyDest,
    /// `enable`: the password.
    EnablePassword,
    /// `mode multiple|single`: the reboot confirmation.
    ModeConfirm(bool),
    /// `mkdir`, `rmdir`, `delete`, `rename`: the questions they ask.
    File(FileAsk),
}

/// The questions of the file commands, each with the path(s) typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileAsk {
    /// `Create directory filename [NAME]?`
    Mkdir(String),
    /// `Remove directory filename [NAME]?`
    Rmdir(String),
    /// `Delete filename [NAME]?`
    DeleteName(String),
    /// `Delete disk0:/NAME? [confirm]`
    DeleteConfirm(String),
    /// `Source filename [NAME]?`
    RenameSource(String, String),
    /// `Destination filename [NAME]?`
    RenameDest(String, String),
}

/// A file or directory on the unit's flash (`disk0:`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskEntry {
    /// Listing order (creation order).
    pub pos: u32,
    pub inode: u32,
    pub dir: bool,
    pub size: u64,
    pub at: Instant,
}

/// The state of one command-line session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub mode: Mode,
    pub pending: Option<Pending>,
    /// The standby warning is printed once per configuration session.
    pub warned_standby: bool,
    /// `terminal pager N` for this session (else the configured `pager lines`).
    pub pager_lines: Option<u32>,
    /// `changeto context NAME`: the security context this session is in
    /// (`None`: the system execution space, or single mode).
    pub context: Option<String>,
}

impl Session {
    /// A configuration session (for replayed and replicated commands).
    pub fn config(context: Option<String>) -> Self {
        Session {
            mode: Mode::Config,
            pending: None,
            warned_standby: true,
            pager_lines: None,
            context,
        }
    }
}

impl Default for Session {
    fn default() -> Self {
        Session {
            mode: Mode::Exec,
            pending: None,
            warned_standby: false,
            pager_lines: None,
            context: None,
        }
    }
}

/// What a unit last heard from its mate (carried in hellos).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeerView {
    pub state: FoState,
    pub role: Role,
    pub failed_ifaces: usize,
    pub ifaces: VecMap<Port, (String, Option<crate::net::Ip>, IfMonState)>,
    pub active_time: Duration,
    /// This unit decided its mate has failed (no hellos anywhere).
    pub marked_failed: bool,
    pub version: &'static str,
    /// Failover group states and active times (Active/Active).
    pub groups: [(FoState, Duration); 2],
}

impl PeerView {
    /// The mate's state of the unit or of a failover group.
    pub fn state_of(&self, g: GroupId) -> FoState {
        self.group(g).0
    }
    /// The mate's state and active time of the unit or a failover group.
    pub fn group(&self, g: GroupId) -> (FoState, Duration) {
        match g {
            GroupId::Unit => (self.state, self.active_time),
            GroupId::G1 => self.groups[0],
            GroupId::G2 => self.groups[1],
        }
    }
}

/// Monitoring state of one data interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfMon {
    pub last_hello: Option<Instant>,
    pub ever_heard: bool,
    pub state: IfMonState,
    pub testing_since: Option<Instant>,
}

impl Default for IfMon {
    fn default() -> Self {
        IfMon {
            last_hello: None,
            ever_heard: false,
            state: IfMonState {
                health: IfHealth::Unknown,
                mark: MonitorMark::Waiting,
            },
            testing_since: None,
        }
    }
}

/// One row of `show failover history`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: Instant,
    pub group: GroupId,
    pub from: FoState,
    pub to: FoState,
    pub reason: Reason,
}

/// The state of a unit (group 0) or of one failover group on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupRt {
    pub state: FoState,
    pub since: Instant,
    pub active_accum: Duration,
    pub active_since: Option<Instant>,
    pub last_failover: Option<Instant>,
    pub last_failure: Option<(Reason, Instant, Vec<String>)>,
}

impl Default for GroupRt {
    fn default() -> Self {
        GroupRt {
            state: FoState::Disabled,
            since: Instant::ZERO,
            active_accum: Duration::ZERO,
            active_since: None,
            last_failover: None,
            last_failure: None,
        }
    }
}

impl GroupRt {
    /// Enters a new state at `now`: keeps the time spent active and when
    /// the last failover happened, and invalidates scheduled steps.
    pub fn enter(&mut self, to: FoState, now: Instant) {
        let from = self.state;
        self.state = to;
        self.since = now;
        if to.is_active() && !from.is_active() {
            self.active_since = Some(now);
            self.last_failover = Some(now);
        }
        if !to.is_active() && from.is_active() {
            if let Some(s) = self.active_since.take() {
                self.active_accum = self.active_accum + now.saturating_since(s);
            }
            self.last_failover = Some(now);
        }
    }
    pub fn active_time(&self, now: Instant) -> Duration {
        self.active_accum
            + self
                .active_since
                .map(|s| now.saturating_since(s))
                .unwrap_or_default()
    }
}

/// The failover runtime of a unit. Its own fields are the unit's state
/// (group 0: the whole unit in Active/Standby); `groups` holds failover
/// groups 1 and 2 in Active/Active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoRuntime {
    /// The unit's own state (group 0; the whole unit in Active/Standby).
    pub unit: GroupRt,
    /// `None`: the mate has never been heard (`Not Detected`).
    pub peer: Option<PeerView>,
    pub last_fl_hello: Option<Instant>,
    /// The failover link is marked failed (hellos lost, mate alive elsewhere).
    pub fl_failed: bool,
    pub ifaces: VecMap<Port, IfMon>,
    /// This unit holds the primary unit's MAC addresses (learned from the
    /// mate, or it is the primary itself).
    pub knows_primary_macs: bool,
    pub stateful_ok: bool,
    pub stats: crate::repl::ReplStats,
    /// Failover groups 1 and 2 (Active/Active).
    pub groups: [GroupRt; 2],
}

impl Default for FoRuntime {
    fn default() -> Self {
        FoRuntime {
            unit: GroupRt::default(),
            peer: None,
            last_fl_hello: None,
            fl_failed: false,
            ifaces: VecMap::new(),
            knows_primary_macs: false,
            stateful_ok: true,
            stats: Default::default(),
            groups: Default::default(),
        }
    }
}

impl FoRuntime {
    pub fn active_time(&self, now: Instant) -> Duration {
        self.unit.active_time(now)
    }
    /// The runtime of the unit's own state or of a failover group.
    pub fn group(&self, g: GroupId) -> &GroupRt {
        match g {
            GroupId::Unit => &self.unit,
            GroupId::G1 => &self.groups[0],
            GroupId::G2 => &self.groups[1],
        }
    }
    pub fn group_mut(&mut self, g: GroupId) -> &mut GroupRt {
        match g {
            GroupId::Unit => &mut self.unit,
            GroupId::G1 => &mut self.groups[0],
            GroupId::G2 => &mut self.groups[1],
        }
    }
    /// The state of the unit or of a failover group.
    pub fn state_of(&self, g: GroupId) -> FoState {
        self.group(g).state
    }
    /// The mate's state of the unit or a group as last heard.
    pub fn peer_state_of(&self, g: GroupId) -> Option<FoState> {
        let p = self.peer.as_ref()?;
        if p.marked_failed {
            return None;
        }
        Some(p.state_of(g))
    }
    pub fn peer_alive(&self) -> bool {
        self.peer.as_ref().is_some_and(|p| !p.marked_failed)
    }
    pub fn failed_count(&self) -> usize {
        self.ifaces
            .values()
            .filter(|m| m.state.mark != MonitorMark::NotMonitored && m.state.health.is_failure())
            .count()
    }
}

/// The `failover exec` command mode kept for each device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FexecModes {
    pub local: Mode,
    pub mate: Mode,
}

impl Default for FexecModes {
    fn default() -> Self {
        FexecModes {
            local: Mode::Config,
            mate: Mode::Config,
        }
    }
}

pub struct Unit {
    pub id: UnitId,
    pub powered: bool,
    pub booting: bool,
    pub running: UnitConfig,
    /// The saved configuration (`None`: nothing saved).
    pub startup: Option<UnitConfig>,
    pub fo: FoRuntime,
    pub session: Session,
    pub console: Vec<String>,
    pub fexec: FexecModes,
    pub boot_at: Instant,
    /// Per-port packet counters for `show interface`.
    pub counters: VecMap<Port, IfCounters>,
    /// The unit's ARP table: (port, IP) -> (MAC, learned at).
    pub arp: VecMap<(Port, crate::net::Ip), (Mac, Instant)>,
    /// The connection table (and, through it, the xlates).
    pub table: crate::traffic::ConnTable,
    /// Syslog buffers (`logging buffered`): the unit's (key "") or, in
    /// multiple context mode, each context's.
    pub logs: VecMap<String, LogBuffer>,
    /// `show asp drop`: packets the accelerated path dropped, by reason,
    /// and when `clear asp drop` last ran.
    pub asp: VecMap<AspDrop, u64>,
    pub asp_cleared: Option<Instant>,
    /// Flows `packet-tracer` created (and freed), for their ids.
    pub traced_flows: u64,
    /// The flash file system (`disk0:`, also `flash:`), by path below its
    /// root (`log`, `log/x.txt`); empty until a file command first looks.
    pub disk: VecMap<String, DiskEntry>,
    /// `show local-host`: the most hosts active at once on each interface.
    pub local_host_max: VecMap<Port, usize>,
}

/// The drop reasons of `show asp drop` the lab causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AspDrop {
    /// A session from a lower to a higher security level (no access list).
    AclDrop,
    /// No route to the destination.
    NoRoute,
    /// A TCP packet of a connection the new active unit has no state for.
    TcpNotSyn,
    /// A packet that reached the unit where its context is standby.
    FoStandby,
    /// A packet on an interface that is down (`packet-tracer` only).
    InterfaceDown,
}

impl AspDrop {
    /// The description and name `show asp drop` and `packet-tracer` print.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            AspDrop::AclDrop => ("Flow is denied by configured rule", "acl-drop"),
            AspDrop::NoRoute => ("No route to host", "no-route"),
            AspDrop::TcpNotSyn => ("First TCP packet not SYN", "tcp-not-syn"),
            AspDrop::FoStandby => ("Dropped by standby unit", "fo-standby"),
            AspDrop::InterfaceDown => ("Interface is down", "interface-down"),
        }
    }
}

/// The syslog buffer's size (the ASA's default `logging buffer-size`).
pub const LOG_BUFFER_BYTES: usize = 4096;

/// A `logging buffered` buffer: the newest messages that fit in
/// [`LOG_BUFFER_BYTES`], and what the destinations have counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogBuffer {
    pub lines: std::collections::VecDeque<String>,
    bytes: usize,
    /// Messages sent to the buffer and to the console since boot.
    pub buffered: u64,
    pub console: u64,
}

impl LogBuffer {
    /// A message enters the buffer; the oldest leave to make room.
    pub fn push(&mut self, line: String) {
        self.buffered += 1;
        self.bytes += line.len() + 1;
        self.lines.push_back(line);
        while self.bytes > LOG_BUFFER_BYTES {
            match self.lines.pop_front() {
                Some(old) => self.bytes -= old.len() + 1,
                None => break,
            }
        }
    }
    /// `clear logging buffer`.
    pub fn clear(&mut self) {
        self.lines.clear();
        self.bytes = 0;
    }
}

/// Packet counters of a port, in thousandths (traffic is accounted per
/// tick, in fractions of a packet); [`IfCounters::whole`] gives what
/// `show interface` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IfCounters {
    pub pkts_in: u64,
    pub bytes_in: u64,
    pub pkts_out: u64,
    pub bytes_out: u64,
    /// Asymmetric routing (asr-group): packets received from the mate,
    /// redirected to the mate, and dropped because they could not be sent.
    pub asr_rx: u64,
    pub asr_tx: u64,
    pub asr_drop: u64,
}

impl IfCounters {
    /// The whole count of a thousandths counter.
    pub fn whole(v: u64) -> u64 {
        v / 1000
    }
}

impl Unit {
    pub fn new(id: UnitId) -> Self {
        Unit {
            id,
            powered: false,
            booting: false,
            running: UnitConfig::default(),
            startup: None,
            fo: FoRuntime::default(),
            session: Session::default(),
            console: Vec::new(),
            fexec: FexecModes::default(),
            boot_at: Instant::ZERO,
            counters: VecMap::new(),
            arp: VecMap::new(),
            table: Default::default(),
            logs: VecMap::new(),
            asp: VecMap::new(),
            asp_cleared: None,
            traced_flows: 0,
            disk: VecMap::new(),
            local_host_max: VecMap::new(),
        }
    }

    /// The unit's role in the pair.
    pub fn role(&self) -> Role {
        self.running.failover.unit
    }

    pub fn serial(&self) -> &'static str {
        match self.id {
            UnitId::Primary => "9AGKQ2VHM1L",
            UnitId::Secondary => "9AGKQ2VHM2S",
        }
    }

    /// The burned-in MAC of a port.
    pub fn bia(&self, port: Port) -> Mac {
        bia(self.id, port)
    }

    /// The prompt for a mode.
    pub fn prompt_for(&self, s: &Session) -> String {
        let mode = &s.mode;
        let mut parts = Vec::new();
        for p in &self.running.prompt {
            match p {
                crate::config::PromptPart::Hostname => parts.push(self.running.hostname.clone()),
                crate::config::PromptPart::Domain => {
                    if let Some(d) = &self.running.domain {
                        parts.push(d.clone())
                    }
                }
                crate::config::PromptPart::Context => {
                    if let Some(c) = &s.context {
                        parts.push(c.clone())
                    }
                }
                crate::config::PromptPart::Priority => parts.push(self.role().short().to_string()),
                crate::config::PromptPart::State => {
                    if self.running.failover.enabled {
                        let g = self.group_for_session(s);
                        parts.push(self.fo.state_of(g).prompt_word().to_string())
                    } else {
                        parts.push("actNoFailover".to_string())
                    }
                }
            }
        }
        if parts.is_empty() {
            parts.push(self.running.hostname.clone());
        }
        format!("{}{}", parts.join("/"), mode.prompt_suffix())
    }

    /// Where this unit's console session runs.
    pub fn space(&self) -> Space {
        self.space_of(&self.session)
    }
    pub fn space_of(&self, s: &Session) -> Space {
        if !self.running.multiple {
            Space::Single
        } else if s.context.is_some() {
            Space::Context
        } else {
            Space::System
        }
    }
    /// The failover group whose state the session's space follows: the
    /// context's group, group 1 for the system space, the unit in single mode.
    pub fn space_group(&self) -> GroupId {
        self.group_for_session(&self.session)
    }
    pub fn group_for_session(&self, s: &Session) -> GroupId {
        if !self.running.multiple {
            return GroupId::Unit;
        }
        match &s.context {
            Some(c) => self.running.group_of_context(c),
            None => GroupId::G1,
        }
    }
    /// The configuration a session edits: its context's or the unit's.
    pub fn cfg_for(&self, ctx: Option<&str>) -> &UnitConfig {
        match ctx.and_then(|c| self.running.contexts.get(c)) {
            Some(c) => &c.cfg,
            None => &self.running,
        }
    }
    pub fn cfg_for_mut(&mut self, ctx: Option<&str>) -> &mut UnitConfig {
        match ctx {
            Some(c) if self.running.contexts.contains_key(c) => {
                &mut self.running.contexts.get_mut(c).expect("checked").cfg
            }
            _ => &mut self.running,
        }
    }

    pub fn prompt(&self) -> String {
        self.prompt_for(&self.session)
    }

    /// Lines per page at this unit's console (0: no paging).
    pub fn page_lines(&self) -> u32 {
        self.session.pager_lines.unwrap_or(self.running.pager_lines)
    }

    pub fn say(&mut self, line: impl Into<String>) {
        self.console.push(line.into());
    }
}

/// The burned-in MAC of a unit port: 5000.00UU.00PP.
pub fn bia(unit: UnitId, port: Port) -> Mac {
    Mac(0x5000_0000_0000 | ((unit.index() as u64 + 1) << 16) | (port.number() as u64 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_follow_the_prompt_command() {
        let mut u = Unit::new(UnitId::Primary);
        u.running.hostname = "ASA-PERIM".into();
        assert_eq!(u.prompt(), "ASA-PERIM# ");
        u.session.mode = Mode::Interface(Port(1));
        assert_eq!(u.prompt(), "ASA-PERIM(config-if)# ");
        u.running.prompt = vec![
            crate::config::PromptPart::Hostname,
            crate::config::PromptPart::Priority,
            crate::config::PromptPart::State,
        ];
        u.running.failover.enabled = true;
        u.running.failover.unit = Role::Primary;
        u.fo.unit.state = FoState::Active;
        u.session.mode = Mode::Config;
        assert_eq!(u.prompt(), "ASA-PERIM/pri/act(config)# ");
    }

    #[test]
    fn burned_in_macs_differ_per_unit_and_port() {
        assert_eq!(bia(UnitId::Primary, Port(0)).to_string(), "5000.0001.0001");
        assert_eq!(
            bia(UnitId::Secondary, Port(3)).to_string(),
            "5000.0002.0004"
        );
    }
}
