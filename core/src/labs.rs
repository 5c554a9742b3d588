//! The starting labs of the spec. Units are configured by feeding them
//! configuration text, exactly as a learner would type it.

use crate::lab::{Lab, LabConfig};
use crate::net::{Endpoint, Host, Ip, Mac, Network, Port, UnitId};

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

/// The configuration of the `active-active` lab (the Active/Active seed's
/// example): the system execution space, then each context's.
pub fn active_active_config(primary: bool) -> String {
    let unit = if primary { "primary" } else { "secondary" };
    format!(
        "hostname ASA-PERIM
no mac-address auto
interface GigabitEthernet0/1
 description LAN/STATE Failover Interface
 no shutdown
interface GigabitEthernet0/2
 no shutdown
interface GigabitEthernet0/3
 no shutdown
interface GigabitEthernet0/4
 no shutdown
interface GigabitEthernet0/5
 no shutdown
failover lan unit {unit}
failover lan interface folink GigabitEthernet0/1
failover link folink
failover interface ip folink 10.0.4.1 255.255.255.0 standby 10.0.4.11
failover key FailoverLab
failover group 1
 primary
failover group 2
 secondary
admin-context admin
context admin
 description admin
 allocate-interface GigabitEthernet0/2
 allocate-interface GigabitEthernet0/3
 config-url flash:/admin.cfg
 join-failover-group 1
context ctx1
 description context 1
 allocate-interface GigabitEthernet0/4
 allocate-interface GigabitEthernet0/5
 config-url flash:/ctx1.cfg
 join-failover-group 2
changeto context admin
hostname SecAppA
interface GigabitEthernet0/2
 nameif outsideISP-A
 security-level 0
 ip address 192.168.1.1 255.255.255.0 standby 192.168.1.2
 asr-group 1
interface GigabitEthernet0/3
 nameif inside
 security-level 100
 ip address 10.1.0.1 255.255.255.0 standby 10.1.0.11
route outsideISP-A 0.0.0.0 0.0.0.0 192.168.1.254 1
changeto context ctx1
hostname SecAppB
interface GigabitEthernet0/4
 nameif outsideISP-B
 security-level 0
 ip address 192.168.2.2 255.255.255.0 standby 192.168.2.1
 asr-group 1
interface GigabitEthernet0/5
 nameif inside
 security-level 100
 ip address 10.2.20.1 255.255.255.0 standby 10.2.20.11
route outsideISP-B 0.0.0.0 0.0.0.0 192.168.2.254 1
changeto system
failover
"
    )
}

/// The cabling of `active-active`: the failover link, each context's
/// inside segment and ISP segment, and an upstream router (with the
/// internet server behind it) on both ISP segments.
fn active_active_network() -> Network {
    let mut net = Network::default();
    let isp_a = net.add_switch("isp-a-sw");
    let inside_a = net.add_switch("inside-a-sw");
    let isp_b = net.add_switch("isp-b-sw");
    let inside_b = net.add_switch("inside-b-sw");
    for u in UnitId::BOTH {
        net.connect(Endpoint::Unit(u, Port(2)), Endpoint::Switch(isp_a));
        net.connect(Endpoint::Unit(u, Port(3)), Endpoint::Switch(inside_a));
        net.connect(Endpoint::Unit(u, Port(4)), Endpoint::Switch(isp_b));
        net.connect(Endpoint::Unit(u, Port(5)), Endpoint::Switch(inside_b));
    }
    net.connect(
        Endpoint::Unit(UnitId::Primary, Port(1)),
        Endpoint::Unit(UnitId::Secondary, Port(1)),
    );
    net.add_host(host("inside-a", "10.1.0.10", "10.1.0.1", 0x10), inside_a);
    net.add_host(host("inside-b", "10.2.20.10", "10.2.20.1", 0x20), inside_b);
    let server = net.add_host(
        host("internet-server", "198.51.100.10", "198.51.100.1", 0x30),
        isp_a,
    );
    net.connect(Endpoint::Host(server), Endpoint::Switch(isp_b));
    net
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
fn single_context_network() -> Network {
    let mut net = Network::default();
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
    net
}

/// Builds a starting lab at virtual time 0, both units powered on.
pub fn build(t: Template, cfg: LabConfig) -> Result<Lab, String> {
    let net = if t == Template::ActiveActive {
        active_active_network()
    } else {
        single_context_network()
    };
    let mut lab = Lab::new(t.name(), cfg, net, crate::commands::load_config);
    for u in UnitId::BOTH {
        lab.power_on_booted(u);
    }
    let config = match t {
        Template::Blank => None,
        Template::ActiveStandby => Some(active_standby_config as fn(bool) -> String),
        Template::ActiveActive => Some(active_active_config as fn(bool) -> String),
    };
    if let Some(config) = config {
        for u in UnitId::BOTH {
            lab.unit_mut(u).running.multiple = t == Template::ActiveActive;
            let text: Vec<String> = config(u == UnitId::Primary)
                .lines()
                .map(String::from)
                .collect();
            let errors = crate::commands::apply_config_text(&mut lab, u, &text);
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

/// A starting lab after a minute of virtual time: the pair has settled
/// (Active / Standby Ready, or each group on its preferred unit). For tests.
#[cfg(test)]
pub(crate) fn settled(t: Template) -> Lab {
    let mut lab = build(t, LabConfig::default()).expect("starting lab");
    lab.advance(crate::time::Duration::from_secs(60));
    lab
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
        assert_eq!(lab.unit(UnitId::Primary).fo.unit.state, FoState::Active);
        assert_eq!(
            lab.unit(UnitId::Secondary).fo.unit.state,
            FoState::StandbyReady
        );
        assert_eq!(lab.prompt(UnitId::Primary), "ASA-PERIM# ");
    }

    #[test]
    fn blank_lab_is_unconfigured() {
        let lab = build(Template::Blank, LabConfig::default()).unwrap();
        assert_eq!(lab.prompt(UnitId::Secondary), "ciscoasa# ");
        assert_eq!(lab.unit(UnitId::Primary).fo.unit.state, FoState::Disabled);
        assert_eq!(lab.net().hosts.len(), 3);
    }

    #[test]
    fn active_active_puts_each_group_on_its_preferred_unit() {
        let mut lab = build(Template::ActiveActive, LabConfig::default()).unwrap();
        lab.advance(Duration::from_secs(60));
        let (p, s) = (UnitId::Primary, UnitId::Secondary);
        assert_eq!(
            lab.unit(p).fo.state_of(crate::failover::GroupId::G1),
            FoState::Active
        );
        assert_eq!(
            lab.unit(p).fo.state_of(crate::failover::GroupId::G2),
            FoState::StandbyReady
        );
        assert_eq!(
            lab.unit(s).fo.state_of(crate::failover::GroupId::G1),
            FoState::StandbyReady
        );
        assert_eq!(
            lab.unit(s).fo.state_of(crate::failover::GroupId::G2),
            FoState::Active
        );
        assert_eq!(lab.prompt(p), "ASA-PERIM# ");
    }

    #[test]
    fn every_starting_labs_running_configuration_replays_without_errors() {
        for t in [
            Template::ActiveStandby,
            Template::Blank,
            Template::ActiveActive,
        ] {
            let mut lab = build(t, LabConfig::default()).unwrap();
            lab.advance(crate::time::Duration::from_secs(60));
            for u in UnitId::BOTH {
                let text = lab.unit(u).running.to_commands();
                let failed = crate::commands::apply_config_text(&mut lab, u, &text);
                assert!(failed.is_empty(), "{t:?} {u}: {failed:?}");
            }
        }
    }
}
