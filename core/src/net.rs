//! The physical world around the two units: ports, cables, switches and
//! hosts. Faults (a pulled cable, a unit without power) live here; the units
//! only see their consequences (link state, hellos that do or do not arrive).

use core::fmt;

/// The two ASA units of a lab, named after their console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitId {
    Primary,
    Secondary,
}

impl UnitId {
    pub const BOTH: [UnitId; 2] = [UnitId::Primary, UnitId::Secondary];

    pub fn index(self) -> usize {
        match self {
            UnitId::Primary => 0,
            UnitId::Secondary => 1,
        }
    }
    pub fn peer(self) -> UnitId {
        match self {
            UnitId::Primary => UnitId::Secondary,
            UnitId::Secondary => UnitId::Primary,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            UnitId::Primary => "primary",
            UnitId::Secondary => "secondary",
        }
    }
    pub fn parse(s: &str) -> Option<UnitId> {
        match s {
            "primary" => Some(UnitId::Primary),
            "secondary" => Some(UnitId::Secondary),
            _ => None,
        }
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A physical port of an ASA unit (index into [`PORTS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Port(pub u8);

/// The ports every unit has, in the order `show interface` lists them.
pub const PORTS: [&str; 7] = [
    "GigabitEthernet0/0",
    "GigabitEthernet0/1",
    "GigabitEthernet0/2",
    "GigabitEthernet0/3",
    "GigabitEthernet0/4",
    "GigabitEthernet0/5",
    "Management0/0",
];

impl Port {
    pub fn all() -> impl Iterator<Item = Port> {
        (0..PORTS.len() as u8).map(Port)
    }
    pub fn name(self) -> &'static str {
        PORTS[self.0 as usize]
    }
    /// The port number used in default virtual MACs and interface numbers.
    pub fn number(self) -> u8 {
        self.0
    }
    /// Parses an interface name as the ASA accepts it: full or abbreviated
    /// type (`GigabitEthernet`, `Gig`, `gi`, `g`, `Management`, `m`), with or
    /// without a space before the slot/port, case-insensitive.
    pub fn parse(text: &str) -> Option<Port> {
        let t: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let split = t.find(|c: char| c.is_ascii_digit())?;
        let (kind, num) = t.split_at(split);
        if kind.is_empty() {
            return None;
        }
        let full = if "gigabitethernet".starts_with(kind) {
            "GigabitEthernet"
        } else if "management".starts_with(kind) {
            "Management"
        } else {
            return None;
        };
        let name = format!("{full}{num}");
        PORTS.iter().position(|p| *p == name).map(|i| Port(i as u8))
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An IPv4 address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Ip(pub u32);

impl Ip {
    pub fn parse(s: &str) -> Option<Ip> {
        let mut parts = s.split('.');
        let mut v: u32 = 0;
        for _ in 0..4 {
            let p = parts.next()?;
            if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u32 = p.parse().ok()?;
            if n > 255 {
                return None;
            }
            v = (v << 8) | n;
        }
        if parts.next().is_some() {
            return None;
        }
        Some(Ip(v))
    }
    pub fn mask_from_prefix(len: u8) -> Ip {
        if len == 0 {
            Ip(0)
        } else {
            Ip(u32::MAX << (32 - len.min(32) as u32))
        }
    }
    /// True for a contiguous netmask.
    pub fn is_mask(self) -> bool {
        self.0.leading_ones() + self.0.trailing_zeros() == 32
    }
    pub fn same_subnet(self, other: Ip, mask: Ip) -> bool {
        self.0 & mask.0 == other.0 & mask.0
    }
}

impl fmt::Display for Ip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{}.{}.{}.{}",
            v >> 24,
            (v >> 16) & 255,
            (v >> 8) & 255,
            v & 255
        )
    }
}

/// A MAC address, printed the Cisco way (`0050.5600.0101`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Mac(pub u64);

impl Mac {
    /// Parses `H.H.H` (three groups of up to four hex digits).
    pub fn parse(s: &str) -> Option<Mac> {
        let mut v: u64 = 0;
        let mut n = 0;
        for g in s.split('.') {
            if g.is_empty() || g.len() > 4 || !g.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            v = (v << 16) | u64::from_str_radix(g, 16).ok()?;
            n += 1;
        }
        (n == 3).then_some(Mac(v))
    }
}

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{:04x}.{:04x}.{:04x}",
            (v >> 32) & 0xffff,
            (v >> 16) & 0xffff,
            v & 0xffff
        )
    }
}

/// Something a cable can be plugged into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    Unit(UnitId, Port),
    Switch(usize),
    Host(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cable {
    pub a: Endpoint,
    pub b: Endpoint,
    pub plugged: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Switch {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    pub name: String,
    pub ip: Ip,
    pub mask: Ip,
    pub mac: Mac,
    pub gateway: Ip,
}

/// Where a unit port leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A switch: everything plugged into it shares the segment.
    Switch(usize),
    /// A back-to-back cable between two unit ports.
    Direct(usize),
}

/// The cabling of a lab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    pub switches: Vec<Switch>,
    pub hosts: Vec<Host>,
    pub cables: Vec<Cable>,
}

impl Network {
    pub fn add_switch(&mut self, name: &str) -> usize {
        self.switches.push(Switch {
            name: name.to_string(),
        });
        self.switches.len() - 1
    }
    pub fn add_host(&mut self, host: Host, switch: usize) -> usize {
        self.hosts.push(host);
        let h = self.hosts.len() - 1;
        self.connect(Endpoint::Host(h), Endpoint::Switch(switch));
        h
    }
    pub fn connect(&mut self, a: Endpoint, b: Endpoint) {
        self.cables.push(Cable {
            a,
            b,
            plugged: true,
        });
    }
    pub fn host_by_name(&self, name: &str) -> Option<usize> {
        self.hosts.iter().position(|h| h.name == name)
    }
    /// The cable plugged (or pluggable) at a unit port.
    pub fn cable_at(&self, unit: UnitId, port: Port) -> Option<usize> {
        let ep = Endpoint::Unit(unit, port);
        self.cables.iter().position(|c| c.a == ep || c.b == ep)
    }
    fn far_end(&self, cable: usize, near: Endpoint) -> Endpoint {
        let c = &self.cables[cable];
        if c.a == near {
            c.b
        } else {
            c.a
        }
    }
    /// The segment a unit port is attached to, if its cable is plugged in.
    pub fn segment_of(&self, unit: UnitId, port: Port) -> Option<Segment> {
        let cable = self.cable_at(unit, port)?;
        if !self.cables[cable].plugged {
            return None;
        }
        match self.far_end(cable, Endpoint::Unit(unit, port)) {
            Endpoint::Switch(s) => Some(Segment::Switch(s)),
            Endpoint::Unit(..) => Some(Segment::Direct(cable)),
            Endpoint::Host(_) => Some(Segment::Direct(cable)),
        }
    }
    /// For a back-to-back cable, the unit port at the other end.
    pub fn direct_peer(&self, unit: UnitId, port: Port) -> Option<(UnitId, Port)> {
        let cable = self.cable_at(unit, port)?;
        match self.far_end(cable, Endpoint::Unit(unit, port)) {
            Endpoint::Unit(u, p) => Some((u, p)),
            _ => None,
        }
    }
    /// Hosts on a segment whose cables are plugged in.
    pub fn hosts_on(&self, seg: Segment) -> Vec<usize> {
        match seg {
            Segment::Direct(_) => Vec::new(),
            Segment::Switch(s) => self
                .cables
                .iter()
                .filter(|c| c.plugged)
                .filter_map(|c| match (c.a, c.b) {
                    (Endpoint::Host(h), Endpoint::Switch(x))
                    | (Endpoint::Switch(x), Endpoint::Host(h))
                        if x == s =>
                    {
                        Some(h)
                    }
                    _ => None,
                })
                .collect(),
        }
    }
    /// The switch a host is plugged into.
    /// Every switch a host reaches (a router on several segments).
    pub fn host_switches(&self, host: usize) -> Vec<usize> {
        self.cables
            .iter()
            .filter(|c| c.plugged)
            .filter_map(|c| match (c.a, c.b) {
                (Endpoint::Host(h), Endpoint::Switch(s))
                | (Endpoint::Switch(s), Endpoint::Host(h))
                    if h == host =>
                {
                    Some(s)
                }
                _ => None,
            })
            .collect()
    }
    /// The (first) switch a host is cabled to.
    pub fn host_switch(&self, host: usize) -> Option<usize> {
        self.host_switches(host).first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_interface_abbreviations() {
        assert_eq!(Port::parse("GigabitEthernet0/3"), Some(Port(3)));
        assert_eq!(Port::parse("gi0/3"), Some(Port(3)));
        assert_eq!(Port::parse("Gig 0/1"), Some(Port(1)));
        assert_eq!(Port::parse("g0/0"), Some(Port(0)));
        assert_eq!(Port::parse("m0/0"), Some(Port(6)));
        assert_eq!(Port::parse("gi0/9"), None);
        assert_eq!(Port::parse("te0/1"), None);
        assert_eq!(Port::parse("0/1"), None);
    }

    #[test]
    fn parses_and_prints_addresses() {
        let ip = Ip::parse("10.10.0.254").unwrap();
        assert_eq!(ip.to_string(), "10.10.0.254");
        assert!(Ip::parse("256.1.1.1").is_none());
        assert!(Ip::parse("1.2.3").is_none());
        assert!(Ip::parse("1.2.3.4.5").is_none());
        assert!(Ip::parse("255.255.255.0").unwrap().is_mask());
        assert!(!Ip::parse("255.0.255.0").unwrap().is_mask());
        assert_eq!(
            Mac::parse("0000.a000.a011").unwrap().to_string(),
            "0000.a000.a011"
        );
        assert!(Mac::parse("0000.a000").is_none());
        assert!(Mac::parse("zz00.a000.0000").is_none());
    }

    #[test]
    fn segments_follow_cables() {
        let mut n = Network::default();
        let sw = n.add_switch("inside-sw");
        n.connect(
            Endpoint::Unit(UnitId::Primary, Port(1)),
            Endpoint::Switch(sw),
        );
        n.connect(
            Endpoint::Unit(UnitId::Primary, Port(3)),
            Endpoint::Unit(UnitId::Secondary, Port(3)),
        );
        assert_eq!(
            n.segment_of(UnitId::Primary, Port(1)),
            Some(Segment::Switch(sw))
        );
        assert_eq!(
            n.direct_peer(UnitId::Secondary, Port(3)),
            Some((UnitId::Primary, Port(3)))
        );
        let c = n.cable_at(UnitId::Primary, Port(1)).unwrap();
        n.cables[c].plugged = false;
        assert_eq!(n.segment_of(UnitId::Primary, Port(1)), None);
        assert_eq!(n.segment_of(UnitId::Primary, Port(2)), None);
    }
}
