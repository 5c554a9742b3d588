//! A unit's configuration as data, and its rendering as the ASA prints it.
//! Everything rendered here parses back through the CLI: configuration
//! sync, `write memory` and booting all replay configuration text.
//!
//! This file holds the model (types, accessors, mode conversions);
//! `render.rs` turns it into `show running-config` text and commands.

use crate::small::VecMap;

use crate::failover::{GroupId, InterfacePolicy};
use crate::net::{Ip, Mac, Port};
use crate::time::Duration;

mod render;

pub use render::{nat_words, timer_words};

/// The software version every simulated unit runs.
pub const ASA_VERSION: &str = "9.18(3)";

/// `failover lan unit primary|secondary`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Role {
    Primary,
    #[default]
    Secondary,
}

impl Role {
    pub fn word(self) -> &'static str {
        match self {
            Role::Primary => "Primary",
            Role::Secondary => "Secondary",
        }
    }
    pub fn short(self) -> &'static str {
        match self {
            Role::Primary => "pri",
            Role::Secondary => "sec",
        }
    }
}

/// An interface address with its optional standby address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IfAddr {
    pub ip: Ip,
    pub mask: Ip,
    pub standby: Option<Ip>,
    /// Entered at a console since the configuration was last read (`show
    /// ip address` Method `manual`), rather than read from the startup
    /// configuration or a configuration sync (`CONFIG`).
    pub manual: bool,
}

impl IfAddr {
    /// The Method column of `show ip address` / `show interface ip brief`.
    pub fn method(&self) -> &'static str {
        if self.manual {
            "manual"
        } else {
            "CONFIG"
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IfConfig {
    pub shutdown: bool,
    pub description: Option<String>,
    pub nameif: Option<String>,
    pub security_level: Option<u8>,
    pub addr: Option<IfAddr>,
    pub mac: Option<(Mac, Option<Mac>)>,
    /// `speed 10|100|1000` in Mbps; `None` is auto (1000).
    pub speed: Option<u32>,
    /// `mtu NAMEIF N`.
    pub mtu: u16,
    /// `asr-group N` (1-32; context interfaces in Active/Active).
    pub asr_group: Option<u8>,
}

impl Default for IfConfig {
    fn default() -> Self {
        IfConfig {
            shutdown: true,
            description: None,
            nameif: None,
            security_level: None,
            addr: None,
            mac: None,
            speed: None,
            mtu: 1500,
            asr_group: None,
        }
    }
}

impl IfConfig {
    /// The link speed in Mbps.
    pub fn mbps(&self) -> u32 {
        self.speed.unwrap_or(1000)
    }
}

/// A poll/hold timer pair; printed in seconds or milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollHold {
    pub poll: Duration,
    pub hold: Duration,
}

impl PollHold {
    pub const UNIT_DEFAULT: PollHold = PollHold {
        poll: Duration::from_secs(1),
        hold: Duration::from_secs(15),
    };
    pub const IFACE_DEFAULT: PollHold = PollHold {
        poll: Duration::from_secs(5),
        hold: Duration::from_secs(25),
    };
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailoverConfig {
    pub enabled: bool,
    pub unit: Role,
    /// `failover lan interface NAME PORT`.
    pub lan: Option<(String, Port)>,
    /// `failover link NAME [PORT]`.
    pub link: Option<(String, Port)>,
    /// `failover interface ip NAME IP MASK standby IP`, by failover interface name.
    pub ips: VecMap<String, IfAddr>,
    pub key: Option<String>,
    pub replication_http: bool,
    /// `failover replication rate N`: connections per second in a bulk
    /// sync (`None`: as fast as the stateful link allows).
    pub replication_rate: Option<u32>,
    pub unit_timers: PollHold,
    pub iface_timers: PollHold,
    pub policy: InterfacePolicy,
    /// `failover mac address PORT ACTIVE STANDBY` (Active/Standby; no
    /// effect on Active/Active, where a group's `mac address` rules).
    pub macs: VecMap<Port, (Mac, Mac)>,
}

impl Default for FailoverConfig {
    fn default() -> Self {
        FailoverConfig {
            enabled: false,
            unit: Role::Secondary,
            lan: None,
            link: None,
            ips: VecMap::new(),
            key: None,
            replication_http: false,
            replication_rate: None,
            unit_timers: PollHold::UNIT_DEFAULT,
            iface_timers: PollHold::IFACE_DEFAULT,
            policy: InterfacePolicy::default(),
            macs: VecMap::new(),
        }
    }
}

impl FailoverConfig {
    /// True when `port` carries the failover LAN link or the stateful link.
    /// A failover interface that is no longer the LAN or the stateful
    /// link takes its `failover interface ip` with it.
    pub fn forget_unused_ips(&mut self) {
        let (lan, link) = (&self.lan, &self.link);
        self.ips.retain(|n, _| {
            lan.as_ref().is_some_and(|l| &l.0 == n) || link.as_ref().is_some_and(|l| &l.0 == n)
        });
    }
    pub fn is_failover_port(&self, port: Port) -> bool {
        self.lan.as_ref().is_some_and(|(_, p)| *p == port)
            || self.link.as_ref().is_some_and(|(_, p)| *p == port)
    }
    /// The failover interface name on a port, if any.
    pub fn name_on(&self, port: Port) -> Option<&str> {
        if let Some((n, p)) = &self.lan {
            if *p == port {
                return Some(n);
            }
        }
        if let Some((n, p)) = &self.link {
            if *p == port {
                return Some(n);
            }
        }
        None
    }
}

/// What `nat (real,mapped) ...` inside an object translates to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NatKind {
    /// `dynamic interface`: PAT to the mapped interface address.
    DynamicInterface,
    /// `dynamic IP`: PAT to one address.
    Dynamic(Ip),
    /// `static IP`.
    Static(Ip),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectNat {
    pub real_if: String,
    pub mapped_if: String,
    pub kind: NatKind,
}

/// `object network NAME` with its address and optional NAT.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NetObject {
    pub host: Option<Ip>,
    pub subnet: Option<(Ip, Ip)>,
    pub nat: Option<ObjectNat>,
}

impl NetObject {
    pub fn contains(&self, ip: Ip) -> bool {
        self.host == Some(ip)
            || self
                .subnet
                .is_some_and(|(net, mask)| ip.same_subnet(net, mask))
    }
}

/// `route IFNAME NET MASK GATEWAY`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub ifname: String,
    pub net: Ip,
    pub mask: Ip,
    pub gateway: Ip,
    /// Administrative distance (1 unless given).
    pub distance: u8,
}

/// `logging ...`: the syslog destinations the lab models.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoggingConfig {
    /// `logging enable`.
    pub enable: bool,
    /// `logging timestamp`.
    pub timestamp: bool,
    /// `logging buffered LEVEL` (severity 0-7).
    pub buffered: Option<u8>,
    /// `logging console LEVEL`.
    pub console: Option<u8>,
}

/// Syslog severity names, 0 (emergencies) to 7 (debugging).
pub const LOG_LEVELS: [&str; 8] = [
    "emergencies",
    "alerts",
    "critical",
    "errors",
    "warnings",
    "notifications",
    "informational",
    "debugging",
];

/// Words of the `prompt` command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptPart {
    Hostname,
    Domain,
    Context,
    Priority,
    State,
}

impl PromptPart {
    pub fn word(self) -> &'static str {
        match self {
            PromptPart::Hostname => "hostname",
            PromptPart::Domain => "domain",
            PromptPart::Context => "context",
            PromptPart::Priority => "priority",
            PromptPart::State => "state",
        }
    }
}

/// The running (or startup) configuration of one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitConfig {
    pub hostname: String,
    pub domain: Option<String>,
    pub interfaces: VecMap<Port, IfConfig>,
    pub failover: FailoverConfig,
    /// Explicit `monitor-interface` / `no monitor-interface`, by nameif.
    pub monitor: VecMap<String, bool>,
    pub objects: VecMap<String, NetObject>,
    pub routes: Vec<Route>,
    pub logging: LoggingConfig,
    pub prompt: Vec<PromptPart>,
    pub enable_password_set: bool,
    /// `pager lines N` (0: no paging).
    pub pager_lines: u32,
    /// `mode multiple`: this is the system execution space of a unit in
    /// multiple context mode.
    pub multiple: bool,
    /// Security contexts (system execution space only), by name.
    pub contexts: VecMap<String, ContextDef>,
    /// `admin-context NAME`.
    pub admin_context: Option<String>,
    /// `failover group 1|2` (system execution space only).
    pub groups: VecMap<u8, GroupConfig>,
    /// This is a security context's configuration.
    pub is_context: bool,
    /// `[no] mac-address auto [prefix N]` (system execution space):
    /// generated MACs for the contexts' interfaces. On by default in
    /// multiple context mode (9.x).
    pub mac_auto: MacAuto,
}

/// `mac-address auto [prefix N]` or `no mac-address auto`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MacAuto {
    Off,
    /// On, with the configured prefix (`None`: generated from the
    /// interface MAC).
    On(Option<u16>),
}

/// A security context as the system execution space defines it, with the
/// context's own configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextDef {
    pub description: Option<String>,
    /// `allocate-interface PORT`, in port order.
    pub allocated: Vec<Port>,
    pub config_url: Option<String>,
    /// `join-failover-group N` (`None`: group 1 by default).
    pub group: Option<u8>,
    /// The context's running configuration (its interfaces are the
    /// allocated ones).
    pub cfg: UnitConfig,
}

impl ContextDef {
    pub fn new() -> Self {
        ContextDef {
            description: None,
            allocated: Vec::new(),
            config_url: None,
            group: None,
            cfg: UnitConfig::context_default(),
        }
    }
    /// The failover group the context belongs to (1 unless joined to 2).
    pub fn group(&self) -> GroupId {
        self.group
            .and_then(GroupId::failover_group)
            .unwrap_or(GroupId::G1)
    }
}

impl Default for ContextDef {
    fn default() -> Self {
        Self::new()
    }
}

/// `failover group N` settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupConfig {
    /// `primary` / `secondary`: the unit this group prefers.
    pub preferred: Role,
    /// `preempt [delay]`: `Some(delay seconds)`, 0 for no delay.
    pub preempt: Option<u32>,
    pub replication_http: bool,
    pub policy: InterfacePolicy,
    pub iface_timers: PollHold,
    /// `mac address PORT ACTIVE STANDBY`.
    pub macs: VecMap<Port, (Mac, Mac)>,
}

impl Default for GroupConfig {
    fn default() -> Self {
        GroupConfig {
            preferred: Role::Primary,
            preempt: None,
            replication_http: false,
            policy: InterfacePolicy::default(),
            iface_timers: PollHold::IFACE_DEFAULT,
            macs: VecMap::new(),
        }
    }
}

impl Default for UnitConfig {
    fn default() -> Self {
        UnitConfig {
            hostname: "ciscoasa".into(),
            domain: None,
            interfaces: Port::all().map(|p| (p, IfConfig::default())).collect(),
            failover: FailoverConfig::default(),
            monitor: VecMap::new(),
            objects: VecMap::new(),
            routes: Vec::new(),
            logging: LoggingConfig::default(),
            prompt: vec![PromptPart::Hostname, PromptPart::Context],
            enable_password_set: false,
            pager_lines: 24,
            multiple: false,
            contexts: VecMap::new(),
            admin_context: None,
            groups: VecMap::new(),
            is_context: false,
            mac_auto: MacAuto::On(None),
        }
    }
}

/// An interface a configuration does not have (a context sees only its
/// allocated interfaces).
static NO_IFACE: std::sync::OnceLock<IfConfig> = std::sync::OnceLock::new();

impl UnitConfig {
    /// A new context's configuration: no interfaces until allocated.
    pub fn context_default() -> Self {
        UnitConfig {
            interfaces: VecMap::new(),
            is_context: true,
            ..UnitConfig::default()
        }
    }
    pub fn iface(&self, port: Port) -> &IfConfig {
        self.interfaces
            .get(&port)
            .unwrap_or_else(|| NO_IFACE.get_or_init(IfConfig::default))
    }
    /// The context a port is allocated to (system execution space).
    pub fn owner_of(&self, port: Port) -> Option<(&str, &ContextDef)> {
        self.contexts
            .iter()
            .find(|(_, c)| c.allocated.contains(&port))
            .map(|(n, c)| (n.as_str(), c))
    }
    /// Whether a port is seen from a context (every port is, from no
    /// context).
    pub fn port_in(&self, port: Port, ctx: Option<&str>) -> bool {
        ctx.is_none() || self.owner_of(port).map(|o| o.0) == ctx
    }
    /// The configuration that holds a port's layer-3 settings (nameif,
    /// addresses): its context's in multiple context mode, else this one.
    pub fn l3_cfg(&self, port: Port) -> &UnitConfig {
        match self.owner_of(port) {
            Some((_, c)) if self.multiple => &c.cfg,
            _ => self,
        }
    }
    /// A port's layer-3 settings.
    pub fn l3(&self, port: Port) -> &IfConfig {
        self.l3_cfg(port).iface(port)
    }
    /// The failover group a port's traffic belongs to (0 in single mode).
    pub fn group_of_port(&self, port: Port) -> GroupId {
        if !self.multiple {
            return GroupId::Unit;
        }
        self.owner_of(port)
            .map(|(_, c)| c.group())
            .unwrap_or(GroupId::G1)
    }
    /// The failover group of a context.
    pub fn group_of_context(&self, name: &str) -> GroupId {
        self.contexts
            .get(name)
            .map(|c| c.group())
            .unwrap_or(GroupId::G1)
    }
    /// The settings of a configured failover group (`failover group N`).
    pub fn group_cfg(&self, g: GroupId) -> Option<&GroupConfig> {
        self.groups.get(&g.number())
    }
    /// The configured failover groups, in order.
    pub fn group_ids(&self) -> Vec<GroupId> {
        self.groups
            .keys()
            .filter_map(|n| GroupId::failover_group(*n))
            .collect()
    }
    /// Named data interfaces of every context (multiple mode) or of this
    /// configuration, in port order: (port, context, nameif).
    pub fn all_named(&self) -> Vec<(Port, Option<String>, String)> {
        if !self.multiple {
            return self
                .named()
                .map(|(p, n, _)| (p, None, n.to_string()))
                .collect();
        }
        let mut v: Vec<_> = self
            .contexts
            .iter()
            .flat_map(|(cn, c)| {
                c.cfg
                    .named()
                    .filter(|(p, _, _)| c.allocated.contains(p))
                    .map(move |(p, n, _)| (p, Some(cn.clone()), n.to_string()))
            })
            .collect();
        crate::small::sort_small_by_key(&mut v, |x| x.0);
        v
    }
    pub fn iface_mut(&mut self, port: Port) -> &mut IfConfig {
        self.interfaces.entry(port).or_default()
    }
    /// The port a data interface name (nameif) is on.
    pub fn port_of_nameif(&self, name: &str) -> Option<Port> {
        self.interfaces
            .iter()
            .find(|(_, c)| c.nameif.as_deref() == Some(name))
            .map(|(p, _)| *p)
    }
    /// Data interfaces with a name, in port order.
    pub fn named(&self) -> impl Iterator<Item = (Port, &str, &IfConfig)> {
        self.interfaces
            .iter()
            .filter_map(|(p, c)| c.nameif.as_deref().map(|n| (*p, n, c)))
    }
    /// Whether failover monitors an interface: physical named data
    /// interfaces are monitored unless `no monitor-interface` says otherwise.
    pub fn is_monitored(&self, nameif: &str) -> bool {
        self.monitor.get(nameif).copied().unwrap_or(true)
    }
    /// The number of monitored interfaces.
    pub fn monitored_count(&self) -> usize {
        if self.multiple {
            return self
                .contexts
                .values()
                .map(|c| c.cfg.monitored_count())
                .sum();
        }
        self.named()
            .filter(|(p, n, _)| !self.failover.is_failover_port(*p) && self.is_monitored(n))
            .count()
    }

    /// `mode multiple`: the single-mode configuration becomes the system
    /// space (physical ports, failover) and an `admin` context holding
    /// every named interface with its addresses, objects and routes.
    pub fn to_multiple(&self) -> UnitConfig {
        let mut sys = UnitConfig {
            hostname: self.hostname.clone(),
            domain: self.domain.clone(),
            failover: self.failover.clone(),
            prompt: self.prompt.clone(),
            enable_password_set: self.enable_password_set,
            pager_lines: self.pager_lines,
            multiple: true,
            admin_context: Some("admin".into()),
            ..UnitConfig::default()
        };
        let mut admin = ContextDef::new();
        admin.config_url = Some("flash:/admin.cfg".into());
        admin.cfg.hostname = self.hostname.clone();
        admin.cfg.objects = self.objects.clone();
        admin.cfg.routes = self.routes.clone();
        admin.cfg.monitor = self.monitor.clone();
        for (p, c) in &self.interfaces {
            let phys = sys.iface_mut(*p);
            phys.shutdown = c.shutdown;
            phys.speed = c.speed;
            phys.description = c.description.clone();
            if c.nameif.is_some() && !self.failover.is_failover_port(*p) {
                admin.allocated.push(*p);
                let mut l3 = c.clone();
                l3.shutdown = false;
                l3.speed = None;
                l3.description = None;
                admin.cfg.interfaces.insert(*p, l3);
            }
        }
        sys.contexts.insert("admin".into(), admin);
        sys
    }

    /// `mode single`: the admin context's configuration comes back into
    /// the single-mode configuration; other contexts are dropped.
    pub fn to_single(&self) -> UnitConfig {
        let mut out = UnitConfig {
            hostname: self.hostname.clone(),
            domain: self.domain.clone(),
            failover: self.failover.clone(),
            prompt: self.prompt.clone(),
            enable_password_set: self.enable_password_set,
            pager_lines: self.pager_lines,
            interfaces: self.interfaces.clone(),
            ..UnitConfig::default()
        };
        if let Some(admin) = self
            .admin_context
            .as_ref()
            .and_then(|a| self.contexts.get(a))
        {
            out.objects = admin.cfg.objects.clone();
            out.routes = admin.cfg.routes.clone();
            out.monitor = admin.cfg.monitor.clone();
            for (p, l3) in &admin.cfg.interfaces {
                let c = out.iface_mut(*p);
                c.nameif = l3.nameif.clone();
                c.security_level = l3.security_level;
                c.addr = l3.addr;
                c.mac = l3.mac;
                c.mtu = l3.mtu;
            }
        }
        out
    }
}
