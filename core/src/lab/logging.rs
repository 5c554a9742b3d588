//! `show asp drop` counters, and syslog: the messages a unit generates go to the destinations its
//! `logging` configuration enables — the buffer (`show logging`) and the
//! console. In multiple context mode a connection's messages go to its
//! context, the system's (failover) messages to the admin context.

use crate::config::LoggingConfig;
use crate::net::UnitId;
use crate::traffic::{DropReason, Kind};

use super::*;

/// The severity of a message `%ASA-N-NNNNNN: ...`.
fn severity(text: &str) -> u8 {
    text.strip_prefix("%ASA-")
        .and_then(|r| r.bytes().next())
        .filter(u8::is_ascii_digit)
        .map_or(7, |b| b - b'0')
}

/// `h:mm:ss`, as a teardown message prints the duration.
fn hms(secs: u64) -> String {
    format!("{}:{:02}:{:02}", secs / 3600, (secs / 60) % 60, secs % 60)
}

/// Whether a configuration logs messages of this severity anywhere.
fn logs(l: &LoggingConfig, sev: u8) -> bool {
    l.enable && (l.buffered.is_some_and(|v| sev <= v) || l.console.is_some_and(|v| sev <= v))
}

impl Lab {
    /// The accelerated path of a unit dropped `n` packets for a reason.
    pub(super) fn asp_drop(&mut self, u: UnitId, d: crate::unit::AspDrop, n: u64) {
        *self.unit_mut(u).asp.entry(d).or_default() += n;
    }

    /// `clear asp drop`.
    pub fn clear_asp_drop(&mut self, u: UnitId) {
        let now = self.now;
        let unit = self.unit_mut(u);
        unit.asp.clear();
        unit.asp_cleared = Some(now);
    }

    /// Sessions from `from` to `to` were denied: the unit that would have
    /// forwarded them counts their first packets as `acl-drop`.
    pub(super) fn count_denied(&mut self, from: usize, to: usize, n: u64) {
        for u in UnitId::BOTH {
            let denies = self
                .route_ports(u, from, to)
                .is_some_and(|rp| self.forwards(u, rp.group) && !self.permitted(u, &rp));
            if denies {
                self.asp_drop(u, crate::unit::AspDrop::AclDrop, n);
            }
        }
    }

    /// The configuration (key and settings) that logs a unit's messages
    /// about a context (`None`: the system's or single mode's).
    fn log_target(&self, u: UnitId, ctx: Option<&str>) -> Option<(String, &LoggingConfig)> {
        let running = &self.unit(u).running;
        if !running.multiple {
            return Some((String::new(), &running.logging));
        }
        let name = ctx.or(running.admin_context.as_deref())?;
        let c = running.contexts.get(name)?;
        Some((name.to_string(), &c.cfg.logging))
    }

    /// A unit generates a syslog message.
    pub(crate) fn syslog(&mut self, u: UnitId, ctx: Option<&str>, text: &str) {
        if !self.unit(u).powered {
            return;
        }
        let sev = severity(text);
        let Some((key, l)) = self.log_target(u, ctx) else {
            return;
        };
        if !logs(l, sev) {
            return;
        }
        let to_buffer = l.buffered.is_some_and(|v| sev <= v);
        let to_console = l.console.is_some_and(|v| sev <= v);
        let line = if l.timestamp {
            format!("{}: {text}", self.now.syslog_stamp())
        } else {
            text.to_string()
        };
        let unit = self.unit_mut(u);
        let buf = unit.logs.entry(key).or_default();
        if to_console {
            buf.console += 1;
        }
        if to_buffer {
            buf.push(line.clone());
        }
        if to_console {
            unit.say(line);
        }
    }

    /// Whether any configuration of a unit logs connection messages
    /// (severity 6): a quick test on the traffic's hot path.
    fn logs_conns(&self, u: UnitId) -> bool {
        let r = &self.unit(u).running;
        if r.multiple {
            r.contexts.values().any(|c| logs(&c.cfg.logging, 6))
        } else {
            logs(&r.logging, 6)
        }
    }

    /// The built (302013/302015/302020) or teardown (302014/302016/302021)
    /// message of a connection on the unit forwarding it.
    pub(super) fn log_conn(&mut self, u: UnitId, slot: u32, teardown: Option<Option<DropReason>>) {
        if !self.logs_conns(u) {
            return;
        }
        let i = slot as usize;
        let kind = self.traffic.kind[i];
        let r = &self.traffic.routes[self.traffic.route[i] as usize];
        let Some(rp) = self.route_ports(u, r.from, r.to) else {
            return;
        };
        let (src, dst) = (self.net.hosts[r.from].ip, self.net.hosts[r.to].ip);
        let running = &self.unit(u).running;
        let mapped = if rp.pat {
            running.l3(rp.egress).addr.map_or(src, |a| a.ip)
        } else {
            src
        };
        let id = slot + 1;
        let icmp = kind == Kind::Icmp;
        let sport = if icmp {
            slot % 65535
        } else {
            1024 + (slot % 64512)
        };
        let dport = kind.port();
        let level = |p| running.l3(p).security_level.unwrap_or(0);
        let outbound = level(rp.ingress) > level(rp.egress);
        let ctx = running.owner_of(rp.ingress).map(|(c, _)| c.to_string());
        let proto = kind.proto();
        let age = self.traffic.age(slot, self.now).secs();
        let text = if icmp {
            let (msg, verb) = match teardown {
                None => ("302020", "Built outbound"),
                Some(_) => ("302021", "Teardown"),
            };
            format!(
                "%ASA-6-{msg}: {verb} ICMP connection for faddr {dst}/0 gaddr {mapped}/{sport} laddr {src}/{sport} type 8 code 0"
            )
        } else {
            // The lower-security side first, as the ASA prints them.
            let (a_if, a, a_port, a_map, b_if, b, b_port, b_map) = if outbound {
                (
                    &rp.egress_if,
                    dst,
                    u32::from(dport),
                    dst,
                    &rp.ingress_if,
                    src,
                    sport,
                    mapped,
                )
            } else {
                (
                    &rp.ingress_if,
                    src,
                    sport,
                    mapped,
                    &rp.egress_if,
                    dst,
                    u32::from(dport),
                    dst,
                )
            };
            let (built, down) = if proto == "TCP" {
                ("302013", "302014")
            } else {
                ("302015", "302016")
            };
            match teardown {
                None => format!(
                    "%ASA-6-{built}: Built {} {proto} connection {id} for {a_if}:{a}/{a_port} ({a_map}/{a_port}) to {b_if}:{b}/{b_port} ({b_map}/{b_port})",
                    if outbound { "outbound" } else { "inbound" }
                ),
                Some(reason) => {
                    let bytes = kind.bytes_per_sec() * age;
                    let mut t = format!(
                        "%ASA-6-{down}: Teardown {proto} connection {id} for {a_if}:{a}/{a_port} to {b_if}:{b}/{b_port} duration {} bytes {bytes}",
                        hms(age)
                    );
                    if proto == "TCP" {
                        t.push(' ');
                        t.push_str(teardown_reason(reason));
                    }
                    t
                }
            }
        };
        self.syslog(u, ctx.as_deref(), &text);
    }
}

/// The reason a 302014 message gives for a session's end.
fn teardown_reason(reason: Option<DropReason>) -> &'static str {
    match reason {
        None => "TCP FINs",
        // "Command-line removal" (clear conn, clear xlate).
        Some(DropReason::Cleared) => "Xlate Clear",
        Some(DropReason::Terminated) => "Unknown",
        // The endpoints gave up: no packet of the session came through.
        Some(_) => "Conn-timeout",
    }
}
