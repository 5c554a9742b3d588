//! A configuration rendered as `show running-config` prints it, and as
//! the commands that rebuild it.

use super::{MacAuto, NatKind, PollHold, UnitConfig, ASA_VERSION};
use crate::failover::InterfacePolicy;
use crate::time::Duration;

/// `N seconds` or `N milliseconds`, as `show failover` prints a timer.
pub fn timer_words(d: Duration) -> String {
    if d.total_micros() % 1_000_000 == 0 {
        format!("{} seconds", d.secs())
    } else {
        format!("{} milliseconds", d.total_millis())
    }
}

/// `msec 500` or `5`, as the configuration prints a timer.
fn timer_cfg(d: Duration) -> String {
    if d.total_micros() % 1_000_000 == 0 {
        format!("{}", d.secs())
    } else {
        format!("msec {}", d.total_millis())
    }
}

impl UnitConfig {
    /// The `logging` lines, in the ASA's order.
    pub fn render_logging(&self) -> Vec<String> {
        let l = &self.logging;
        let mut out = Vec::new();
        if l.enable {
            out.push("logging enable".to_string());
        }
        if l.timestamp {
            out.push("logging timestamp".to_string());
        }
        if let Some(v) = l.console {
            out.push(format!("logging console {}", super::LOG_LEVELS[v as usize]));
        }
        if let Some(v) = l.buffered {
            out.push(format!(
                "logging buffered {}",
                super::LOG_LEVELS[v as usize]
            ));
        }
        out
    }

    /// The full running configuration, as `show running-config` prints it.
    pub fn render(&self) -> Vec<String> {
        if self.multiple {
            return self.render_system();
        }
        let mut out = self.render_head(if self.is_context { "<context>" } else { "" });
        out.push("names".to_string());
        if !self.is_context {
            out.push(NO_MAC_ADDRESS_AUTO.to_string());
        }
        out.push(String::new());
        out.push("!".to_string());
        for (port, c) in &self.interfaces {
            out.push(format!("interface {port}"));
            let fo_name = self.failover.name_on(*port);
            if let Some(d) = &c.description {
                out.push(format!(" description {d}"));
            } else if let Some(n) = fo_name {
                let lan = self.failover.lan.as_ref().is_some_and(|(l, _)| l == n);
                out.push(format!(
                    " description {} Failover Interface",
                    if lan { "LAN" } else { "STATE" }
                ));
            }
            if let Some(sp) = c.speed {
                out.push(format!(" speed {sp}"));
            }
            if c.shutdown {
                out.push(" shutdown".to_string());
            }
            if fo_name.is_none() {
                match &c.nameif {
                    Some(n) => out.push(format!(" nameif {n}")),
                    None => out.push(" no nameif".to_string()),
                }
                match c.security_level {
                    Some(l) => out.push(format!(" security-level {l}")),
                    None => out.push(" no security-level".to_string()),
                }
                match &c.addr {
                    Some(a) => out.push(match a.standby {
                        Some(s) => format!(" ip address {} {} standby {}", a.ip, a.mask, s),
                        None => format!(" ip address {} {}", a.ip, a.mask),
                    }),
                    None => out.push(" no ip address".to_string()),
                }
                if let Some((m, s)) = c.mac {
                    out.push(match s {
                        Some(s) => format!(" mac-address {m} standby {s}"),
                        None => format!(" mac-address {m}"),
                    });
                }
                if let Some(g) = c.asr_group {
                    out.push(format!(" asr-group {g}"));
                }
            }
            out.push("!".to_string());
        }
        for (name, o) in &self.objects {
            out.push(format!("object network {name}"));
            if let Some(h) = o.host {
                out.push(format!(" host {h}"));
            }
            if let Some((n, m)) = o.subnet {
                out.push(format!(" subnet {n} {m}"));
            }
        }
        out.push(format!("pager lines {}", self.pager_lines));
        out.extend(self.render_logging());
        for (_, n, c) in self.named() {
            out.push(format!("mtu {n} {}", c.mtu));
        }
        if !self.is_context {
            out.extend(self.render_failover());
        }
        for (name, on) in &self.monitor {
            if self.port_of_nameif(name).is_some() {
                out.push(if *on {
                    format!("monitor-interface {name}")
                } else {
                    format!("no monitor-interface {name}")
                });
            }
        }
        if !self.is_context {
            out.push(NO_FAILOVER_WAIT_DISABLE.to_string());
        }
        out.push(ICMP_UNREACHABLE.to_string());
        out.push(NO_ASDM_HISTORY_ENABLE.to_string());
        out.push(ARP_TIMEOUT.to_string());
        out.push(NO_ARP_PERMIT_NONCONNECTED.to_string());
        out.push(ARP_RATE_LIMIT.to_string());
        for (name, o) in &self.objects {
            if let Some(nat) = &o.nat {
                out.push(format!("object network {name}"));
                out.push(format!(
                    " nat ({},{}) {}",
                    nat.real_if,
                    nat.mapped_if,
                    nat_words(&nat.kind)
                ));
            }
        }
        for r in &self.routes {
            out.push(format!(
                "route {} {} {} {} {}",
                r.ifname, r.net, r.mask, r.gateway, r.distance
            ));
        }
        out.push(TIMEOUT_XLATE.to_string());
        out.push(
            "timeout conn 1:00:00 half-closed 0:10:00 udp 0:02:00 sctp 0:02:00 icmp 0:00:02"
                .to_string(),
        );
        out.push(
            "timeout sip 0:30:00 sip_media 0:02:00 sip-invite 0:03:00 sip-disconnect 0:02:00"
                .to_string(),
        );
        out.push(USER_IDENTITY_DOMAIN.to_string());
        out.push(NO_SNMP_SERVER_LOCATION.to_string());
        out.push(NO_SNMP_SERVER_CONTACT.to_string());
        out.push(CRYPTO_PMTU_AGING.to_string());
        out.push(TELNET_TIMEOUT.to_string());
        out.push(SSH_TIMEOUT.to_string());
        out.push(CONSOLE_TIMEOUT.to_string());
        out.push(THREAT_DETECTION.to_string());
        out.push("!".to_string());
        if self.prompt != UnitConfig::default().prompt {
            let words: Vec<&str> = self.prompt.iter().map(|p| p.word()).collect();
            out.push(format!("prompt {} ", words.join(" ")));
        }
        out.push(": end".to_string());
        out
    }

    /// The first lines of a configuration: banner, version (tagged
    /// `<system>` or `<context>` in multiple mode), hostname, domain, enable.
    fn render_head(&self, tag: &str) -> Vec<String> {
        let mut out = vec![
            ": Saved".to_string(),
            ":".to_string(),
            ": Hardware:   ASAv, 2048 MB RAM, CPU Xeon 4100/6100/8100 series 2200 MHz".to_string(),
            ":".to_string(),
            format!("ASA Version {ASA_VERSION} {tag}"),
            "!".to_string(),
            format!("hostname {}", self.hostname),
        ];
        if let Some(d) = &self.domain {
            out.push(format!("domain-name {d}"));
        }
        if self.enable_password_set {
            out.push("enable password ***** pbkdf2".to_string());
        }
        out
    }

    /// The system execution space's configuration (multiple context mode).
    fn render_system(&self) -> Vec<String> {
        let mut out = self.render_head("<system>");
        match self.mac_auto {
            MacAuto::Off => out.push(NO_MAC_ADDRESS_AUTO.to_string()),
            MacAuto::On(Some(p)) => out.push(format!("mac-address auto prefix {p}")),
            // On by default in multiple context mode: not listed.
            MacAuto::On(None) => {}
        }
        out.push("!".to_string());
        for (port, c) in &self.interfaces {
            out.push(format!("interface {port}"));
            if let Some(d) = &c.description {
                out.push(format!(" description {d}"));
            } else if let Some(n) = self.failover.name_on(*port) {
                let lan = self.failover.lan.as_ref().is_some_and(|(l, _)| l == n);
                let both = lan && self.failover.link.as_ref().is_some_and(|(l, _)| l == n);
                out.push(format!(
                    " description {} Failover Interface",
                    if both {
                        "LAN/STATE"
                    } else if lan {
                        "LAN"
                    } else {
                        "STATE"
                    }
                ));
            }
            if let Some(sp) = c.speed {
                out.push(format!(" speed {sp}"));
            }
            if c.shutdown {
                out.push(" shutdown".to_string());
            }
            out.push("!".to_string());
        }
        out.push(CLASS_DEFAULT.to_string());
        out.push(LIMIT_RESOURCE_ALL_0.to_string());
        out.push(LIMIT_RESOURCE_ASDM_5.to_string());
        out.push("  limit-resource SSH 5".to_string());
        out.push("  limit-resource Telnet 5".to_string());
        out.push("!".to_string());
        out.push(String::new());
        out.push(format!("pager lines {}", self.pager_lines));
        out.extend(self.render_failover());
        out.push(NO_ASDM_HISTORY_ENABLE.to_string());
        out.push(ARP_TIMEOUT.to_string());
        out.push(NO_ARP_PERMIT_NONCONNECTED.to_string());
        out.push(CONSOLE_TIMEOUT.to_string());
        out.push(String::new());
        if let Some(a) = &self.admin_context {
            out.push(format!("admin-context {a}"));
        }
        for (name, c) in &self.contexts {
            out.push(format!("context {name}"));
            if let Some(d) = &c.description {
                out.push(format!("  description {d}"));
            }
            for p in &c.allocated {
                out.push(format!("  allocate-interface {p}"));
            }
            if let Some(u) = &c.config_url {
                out.push(format!("  config-url {u}"));
            }
            if let Some(g) = c.group {
                out.push(format!("  join-failover-group {g}"));
            }
            out.push("!".to_string());
            out.push(String::new());
        }
        if self.prompt != UnitConfig::default().prompt {
            let words: Vec<&str> = self.prompt.iter().map(|p| p.word()).collect();
            out.push(format!("prompt {} ", words.join(" ")));
        }
        out.push(": end".to_string());
        out
    }

    /// The `failover group N` blocks.
    fn render_groups(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (n, g) in &self.groups {
            out.push(format!("failover group {n}"));
            out.push(format!("  {}", g.preferred.word().to_ascii_lowercase()));
            if let Some(d) = g.preempt {
                out.push(if d == 0 {
                    "  preempt".to_string()
                } else {
                    format!("  preempt {d}")
                });
            }
            if g.replication_http {
                out.push("  replication http".to_string());
            }
            if g.policy != InterfacePolicy::default() {
                out.push(format!("  interface-policy {}", g.policy));
            }
            if g.iface_timers != PollHold::IFACE_DEFAULT {
                out.push(format!(
                    "  polltime interface {} holdtime {}",
                    timer_cfg(g.iface_timers.poll),
                    timer_cfg(g.iface_timers.hold)
                ));
            }
            for (p, (a, s)) in &g.macs {
                out.push(format!("  mac address {p} {a} {s}"));
            }
        }
        out
    }

    /// The `failover ...` lines, as `show running-config failover` prints them.
    pub fn render_failover(&self) -> Vec<String> {
        let f = &self.failover;
        let mut out = Vec::new();
        out.push(if f.enabled {
            "failover".to_string()
        } else {
            "no failover".to_string()
        });
        out.push(format!(
            "failover lan unit {}",
            f.unit.word().to_ascii_lowercase()
        ));
        if let Some((n, p)) = &f.lan {
            out.push(format!("failover lan interface {n} {p}"));
        }
        if f.unit_timers != PollHold::UNIT_DEFAULT {
            out.push(format!(
                "failover polltime unit {} holdtime {}",
                timer_cfg(f.unit_timers.poll),
                timer_cfg(f.unit_timers.hold)
            ));
        }
        if f.iface_timers != PollHold::IFACE_DEFAULT {
            out.push(format!(
                "failover polltime interface {} holdtime {}",
                timer_cfg(f.iface_timers.poll),
                timer_cfg(f.iface_timers.hold)
            ));
        }
        if f.policy != InterfacePolicy::default() {
            out.push(format!("failover interface-policy {}", f.policy));
        }
        if f.key.is_some() {
            out.push("failover key *****".to_string());
        }
        if f.replication_http {
            out.push("failover replication http".to_string());
        }
        if let Some(r) = f.replication_rate {
            out.push(format!("failover replication rate {r}"));
        }
        if let Some((n, p)) = &f.link {
            out.push(format!("failover link {n} {p}"));
        }
        for (n, a) in &f.ips {
            out.push(format!(
                "failover interface ip {n} {} {} standby {}",
                a.ip,
                a.mask,
                a.standby.unwrap_or_default()
            ));
        }
        for (p, (a, sb)) in &f.macs {
            out.push(format!("failover mac address {p} {a} {sb}"));
        }
        out.extend(self.render_groups());
        out
    }

    /// Configuration text that rebuilds this configuration when typed into
    /// a unit in global configuration mode (used by sync, boot and tests).
    /// Unlike [`render`](Self::render), secrets are kept.
    pub fn to_commands(&self) -> Vec<String> {
        self.commands(true)
    }

    /// How many lines the configuration is when it is sent to the mate
    /// (config sync): every command line it renders.
    pub fn sync_lines(&self) -> usize {
        self.commands(false).len()
    }

    fn commands(&self, replayable: bool) -> Vec<String> {
        let mut lines = self.own_commands(replayable);
        if self.multiple {
            for (name, c) in &self.contexts {
                lines.push(format!("changeto context {name}"));
                lines.extend(c.cfg.own_commands(replayable));
            }
            if !self.contexts.is_empty() {
                lines.push("changeto system".to_string());
            }
        }
        lines
    }

    /// This configuration's own lines (a system's without its contexts'
    /// configurations); `replayable`: without the lines it prints for
    /// settings the lab keeps fixed ([`is_fixed_line`]).
    fn own_commands(&self, replayable: bool) -> Vec<String> {
        self.render()
            .into_iter()
            .filter(|l| !l.starts_with(':') && l != "!" && !l.is_empty())
            // The system's `no mac-address auto` is a setting, not a fixed line.
            .filter(|l| {
                !replayable || !is_fixed_line(l) || self.multiple && l == "no mac-address auto"
            })
            .map(|l| {
                if l == "failover key *****" {
                    format!(
                        "failover key {}",
                        self.failover.key.clone().unwrap_or_default()
                    )
                } else if l.starts_with("enable password") {
                    "enable password cisco".to_string()
                } else {
                    l
                }
            })
            .collect()
    }
}

// The lines every configuration prints that the lab keeps fixed: the
// renderer prints them and a replayed configuration skips them
// ([`is_fixed_line`]), from this one list.
const NO_MAC_ADDRESS_AUTO: &str = "no mac-address auto";
const NO_FAILOVER_WAIT_DISABLE: &str = "no failover wait-disable";
const NO_ASDM_HISTORY_ENABLE: &str = "no asdm history enable";
const ARP_TIMEOUT: &str = "arp timeout 14400";
const NO_ARP_PERMIT_NONCONNECTED: &str = "no arp permit-nonconnected";
const ARP_RATE_LIMIT: &str = "arp rate-limit 16384";
const TIMEOUT_XLATE: &str = "timeout xlate 3:00:00";
const TIMEOUT_CONN: &str =
    "timeout conn 1:00:00 half-closed 0:10:00 udp 0:02:00 sctp 0:02:00 icmp 0:00:02";
const TIMEOUT_SIP: &str =
    "timeout sip 0:30:00 sip_media 0:02:00 sip-invite 0:03:00 sip-disconnect 0:02:00";
const USER_IDENTITY_DOMAIN: &str = "user-identity default-domain LOCAL";
const CRYPTO_PMTU_AGING: &str = "crypto ipsec security-association pmtu-aging infinite";
const TELNET_TIMEOUT: &str = "telnet timeout 5";
const SSH_TIMEOUT: &str = "ssh timeout 5";
const CONSOLE_TIMEOUT: &str = "console timeout 0";
const THREAT_DETECTION: &str = "threat-detection basic-threat";
const NO_SNMP_SERVER_LOCATION: &str = "no snmp-server location";
const NO_SNMP_SERVER_CONTACT: &str = "no snmp-server contact";
const ICMP_UNREACHABLE: &str = "icmp unreachable rate-limit 1 burst-size 1";
const CLASS_DEFAULT: &str = "class default";
const LIMIT_RESOURCE_ALL_0: &str = "  limit-resource All 0";
const LIMIT_RESOURCE_ASDM_5: &str = "  limit-resource ASDM 5";

/// Lines a rendered configuration carries, as the ASA prints them, for
/// settings the lab keeps at their defaults and has no command for: the
/// version banner, timeouts, rate limits, the system's resource class.
/// Replaying a configuration (boot, config sync) skips them; any other line
/// that does not apply is reported on the console.
pub fn is_fixed_line(l: &str) -> bool {
    const FIXED: [&str; 21] = [
        NO_MAC_ADDRESS_AUTO,
        NO_FAILOVER_WAIT_DISABLE,
        NO_ASDM_HISTORY_ENABLE,
        ARP_TIMEOUT,
        NO_ARP_PERMIT_NONCONNECTED,
        ARP_RATE_LIMIT,
        TIMEOUT_XLATE,
        TIMEOUT_CONN,
        TIMEOUT_SIP,
        USER_IDENTITY_DOMAIN,
        CRYPTO_PMTU_AGING,
        TELNET_TIMEOUT,
        SSH_TIMEOUT,
        CONSOLE_TIMEOUT,
        THREAT_DETECTION,
        NO_SNMP_SERVER_LOCATION,
        NO_SNMP_SERVER_CONTACT,
        ICMP_UNREACHABLE,
        CLASS_DEFAULT,
        LIMIT_RESOURCE_ALL_0,
        LIMIT_RESOURCE_ASDM_5,
    ];
    l.starts_with("ASA Version ") || l.starts_with("  limit-resource ") || FIXED.contains(&l)
}

pub fn nat_words(k: &NatKind) -> String {
    match k {
        NatKind::DynamicInterface => "dynamic interface".to_string(),
        NatKind::Dynamic(ip) => format!("dynamic {ip}"),
        NatKind::Static(ip) => format!("static {ip}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_print_in_seconds_or_milliseconds() {
        assert_eq!(timer_words(Duration::from_secs(15)), "15 seconds");
        assert_eq!(timer_words(Duration::from_millis(200)), "200 milliseconds");
        assert_eq!(timer_cfg(Duration::from_millis(500)), "msec 500");
    }

    #[test]
    fn default_config_renders_failover_off() {
        let c = UnitConfig::default();
        let text = c.render();
        assert!(text.contains(&"hostname ciscoasa".to_string()));
        assert!(text.contains(&"no failover".to_string()));
        assert!(text.contains(&"failover lan unit secondary".to_string()));
        assert_eq!(c.monitored_count(), 0);
    }
}
