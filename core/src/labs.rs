//! The starting labs of the spec. Units are configured by feeding them
//! configuration text, exactly as a learner would type it.

use crate::lab::{Lab, LabConfig};
use crate::net::{Endpoint, Host, Ip, Mac, Port, UnitId};

/// The starting labs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    Blank,
    ActiveStandby,
    ActiveActive,
}

impl Template {
    pub const ALL: [Template; 3] = [
        Template::Blank,
        Template::ActiveStandby,
        Template::ActiveActive,
    ];

    pub fn parse(name: &str) -> Option<Template> {
        match name {
            "blank" => Some(Template::Blank),
            "active-standby" => Some(Template::ActiveStandby),
            "active-active" => Some(Template::ActiveActive),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Template::Blank => "blank",
            Template::ActiveStandby => "active-standby",
            Template::ActiveActive => "active-active",
        }
    }
    /// Whether this build can run the lab.
    pub fn available(self) -> bool {
        !matches!(self, Template::ActiveActive)
    }
}

/// The configuration both units of the `active-standby` lab are given.
pub fn active_standby_config(primary: bool) -> String {
    let unit = if primary { "primary" } else { "secondary" };
    format!(
        "hostname ASA-PERIM
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.2 255.255.255.0 standby 203.0.113.3
 no shutdown
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.10.0.254 255.255.255.0 standby 10.10.0.253
 no shutdown
interface GigabitEthernet0/2
 nameif dmz
 security-level 50
 ip address 192.168.50.1 255.255.255.0 standby 192.168.50.2
 no shutdown
interface GigabitEthernet0/3
 no shutdown
interface GigabitEthernet0/4
 no shutdown
object network INSIDE-NET
 subnet 10.10.0.0 255.255.255.0
 nat (inside,outside) dynamic interface
failover lan unit {unit}
failover lan interface FAIL-LINK GigabitEthernet0/3
failover link STATE-LINK GigabitEthernet0/4
failover interface ip FAIL-LINK 169.254.99.1 255.255.255.252 standby 169.254.99.2
failover interface ip STATE-LINK 169.254.99.5 255.255.255.252 standby 169.254.99.6
failover key FailoverLab
failover
"
    )
}

fn host(name: &str, ip: &str, gw: &str, n: u64) -> Host {
    Host {
        name: name.into(),
        ip: Ip::parse(ip).expect("static"),
        mask: Ip::parse("255.255.255.0").expect("static"),
        mac: Mac(0x0050_56aa_0000 | n),
        gateway: Ip::parse(gw).expect("static"),
    }
}

/// The cabling shared by `blank` and `active-standby`.
fn single_context_network(lab: &mut Lab) {
    let net = &mut lab.net;
    let outside = net.add_switch("outside-sw");
    let inside = net.add_switch("inside-sw");
    let dmz = net.add_switch("dmz-sw");
    for u in UnitId::BOTH {
        net.connect(Endpoint::Unit(u, Port(0)), Endpoint::Switch(outside));
        net.connect(Endpoint::Unit(u, Port(1)), Endpoint::Switch(inside));
        net.connect(Endpoint::Unit(u, Port(2)), Endpoint::Switch(dmz));
    }
    net.connect(
        Endpoint::Unit(UnitId::Primary, Port(3)),
        Endpoint::Unit(UnitId::Secondary, Port(3)),
    );
    net.connect(
        Endpoint::Unit(UnitId::Primary, Port(4)),
        Endpoint::Unit(UnitId::Secondary, Port(4)),
    );
    net.add_host(
        host("inside-host", "10.10.0.10", "10.10.0.254", 0x10),
        inside,
    );
    net.add_host(
        host("outside-server", "203.0.113.100", "203.0.113.1", 0x20),
        outside,
    );
    net.add_host(
        host("dmz-server", "192.168.50.10", "192.168.50.1", 0x30),
        dmz,
    );
    lab.host_arp = vec![Default::default(); lab.net.hosts.len()];
}

/// Builds a starting lab at virtual time 0, both units powered on.
pub fn build(t: Template, cfg: LabConfig) -> Result<Lab, String> {
    if !t.available() {
        return Err(format!(
            "the '{}' lab is not available in this build",
            t.name()
        ));
    }
    let mut lab = Lab::empty(t.name(), cfg);
    single_context_network(&mut lab);
    for u in UnitId::BOTH {
        lab.power_on_booted(u);
    }
    if t == Template::ActiveStandby {
        for u in UnitId::BOTH {
            let text: Vec<String> = active_standby_config(u == UnitId::Primary)
                .lines()
                .map(String::from)
                .collect();
            let errors = lab.apply_config_text(u, &text);
            debug_assert!(errors.is_empty(), "{errors:?}");
            lab.save_startup(u);
        }
    }
    lab.links_changed();
    for u in UnitId::BOTH {
        lab.start_failover(u);
    }
    Ok(lab)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failover::FoState;
    use crate::time::Duration;

    #[test]
    fn active_standby_reaches_active_and_standby_ready_within_a_minute() {
        let mut lab = build(Template::ActiveStandby, LabConfig::default()).unwrap();
        lab.advance(Duration::from_secs(60));
        assert_eq!(lab.unit(UnitId::Primary).fo.state, FoState::Active);
        assert_eq!(lab.unit(UnitId::Secondary).fo.state, FoState::StandbyReady);
        assert_eq!(lab.prompt(UnitId::Primary), "ASA-PERIM# ");
    }

    #[test]
    fn blank_lab_is_unconfigured() {
        let lab = build(Template::Blank, LabConfig::default()).unwrap();
        assert_eq!(lab.prompt(UnitId::Secondary), "ciscoasa# ");
        assert_eq!(lab.unit(UnitId::Primary).fo.state, FoState::Disabled);
        assert_eq!(lab.net.hosts.len(), 3);
        assert!(build(Template::ActiveActive, LabConfig::default()).is_err());
    }
}
