//! Parsing: a whole script is read and checked against the starting lab it
//! names before anything runs.

use super::{Line, ScriptError, Stmt};
use crate::lab::LabConfig;
use crate::labs::{self, Template};
use crate::net::{Port, UnitId, PORTS};
use crate::time::Duration;
use crate::traffic::Kind;

/// The longest single `wait`.
pub const MAX_WAIT: Duration = Duration::from_secs(24 * 3600);

fn unit_of(word: &str, no: usize) -> Result<UnitId, ScriptError> {
    UnitId::parse(word).ok_or_else(|| ScriptError {
        line: no,
        msg: format!("unknown unit '{word}'"),
    })
}

/// A console line, `UNIT: LINE`, with any blanks around UNIT (`primary :
/// LINE` is the same line as `primary: LINE`): its unit and what follows
/// the colon.
fn console_line(line: &str) -> Option<(UnitId, &str)> {
    let (u, rest) = line.split_once(':')?;
    Some((UnitId::parse(u.trim())?, rest))
}

/// Removes a `#` comment. Console lines keep `#` (it is not special to the
/// ASA): `UNIT: LINE` and `expect UNIT: LINE => TEXT`, decided by the same
/// rule as [`parse`]. Every other statement, `expect sessions` included, is
/// stripped.
fn strip_comment(raw: &str) -> &str {
    let t = raw.trim_start();
    let expect_console = t
        .strip_prefix("expect")
        .filter(|r| r.starts_with(char::is_whitespace))
        .is_some_and(|r| !r.trim_start().starts_with("sessions"));
    if console_line(t).is_some() || expect_console {
        return raw;
    }
    match raw.find('#') {
        Some(i) => &raw[..i],
        None => raw,
    }
}

/// A script as read from a file or standard input: UTF-8 text, or a
/// line-numbered error naming the first byte that is not.
pub fn decode(bytes: &[u8]) -> Result<&str, ScriptError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        // Whole characters before the bad byte on its line (the prefix is valid).
        let col = std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count()) + 1;
        ScriptError {
            line: valid.iter().filter(|b| **b == b'\n').count() + 1,
            msg: format!(
                "the script is not UTF-8 text (byte 0x{:02X} at column {col}); save it as UTF-8",
                bytes[e.valid_up_to()]
            ),
        }
    })
}

/// Parses and checks a whole script against the starting lab it names.
/// A byte-order mark (U+FEFF) at the very start is skipped.
pub fn parse(text: &str) -> Result<Vec<Line>, ScriptError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out: Vec<Line> = Vec::new();
    let mut template: Option<Template> = None;
    let mut hosts: Vec<String> = Vec::new();
    // The unit ports with a cable in the chosen lab.
    let mut cabled: Vec<(UnitId, Port)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let err = |msg: String| ScriptError { line: no, msg };
        let words: Vec<&str> = line.split_whitespace().collect();
        let first = words[0];
        if template.is_none() && first != "lab" {
            return Err(err("the script must start with 'lab NAME'".into()));
        }
        let host_of = |name: &str| -> Result<usize, ScriptError> {
            hosts
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| ScriptError {
                    line: no,
                    msg: format!("unknown host '{name}'"),
                })
        };
        let stmt = if let Some((unit, rest)) = console_line(line) {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            Stmt::Type(unit, rest.trim_end().to_string())
        } else {
            match first {
                "lab" => {
                    if template.is_some() {
                        return Err(err(
                            "'lab' may appear only once, as the first statement".into()
                        ));
                    }
                    let [_, name] = words[..] else {
                        return Err(err("usage: lab NAME".into()));
                    };
                    let t = Template::parse(name).ok_or_else(|| {
                        err(format!(
                            "unknown lab '{name}' (blank, active-standby, active-active)"
                        ))
                    })?;
                    template = Some(t);
                    let probe = labs::build(t, LabConfig::default()).map_err(&err)?;
                    hosts = probe.net().hosts.iter().map(|h| h.name.clone()).collect();
                    cabled = UnitId::BOTH
                        .iter()
                        .flat_map(|&u| (0..PORTS.len() as u8).map(move |p| (u, Port(p))))
                        .filter(|&(u, p)| probe.net().cable_at(u, p).is_some())
                        .collect();
                    Stmt::Lab(t)
                }
                "seed" => {
                    if out.len() != 1 {
                        return Err(err("'seed' must come right after 'lab'".into()));
                    }
                    let [_, n] = words[..] else {
                        return Err(err("usage: seed N".into()));
                    };
                    Stmt::Seed(n.parse().map_err(|_| err(format!("bad seed '{n}'")))?)
                }
                "note" => {
                    let text = line["note".len()..].trim();
                    if text.is_empty() {
                        return Err(err("usage: note TEXT".into()));
                    }
                    Stmt::Note(text.to_string())
                }
                "pause" => {
                    if words.len() != 1 {
                        return Err(err("usage: pause (no arguments)".into()));
                    }
                    Stmt::Pause
                }
                "why" => Stmt::Why(why_about(&words[1..]).ok_or_else(|| err(WHY_USAGE.into()))?),
                "wait" => {
                    let [_, d] = words[..] else {
                        return Err(err("usage: wait DURATION".into()));
                    };
                    let dur =
                        Duration::parse(d).ok_or_else(|| err(format!("bad duration '{d}'")))?;
                    if dur > MAX_WAIT {
                        return Err(err(format!(
                            "duration '{d}' is too long (at most 24h per wait)"
                        )));
                    }
                    Stmt::Wait(dur)
                }
                "unplug" | "plug" => {
                    if words.len() < 3 {
                        return Err(err(format!("usage: {first} UNIT IFACE")));
                    }
                    let unit = unit_of(words[1], no)?;
                    let iface = words[2..].join("");
                    let port = Port::parse(&iface).ok_or_else(|| {
                        err(format!("unknown interface '{}'", words[2..].join(" ")))
                    })?;
                    if !cabled.contains(&(unit, port)) {
                        let ports: Vec<&str> = cabled
                            .iter()
                            .filter(|(u, _)| *u == unit)
                            .map(|(_, p)| p.name())
                            .collect();
                        return Err(err(format!(
                            "no cable at {unit} {port} in the {} lab (cabled: {})",
                            template.map_or("", Template::name),
                            ports.join(", ")
                        )));
                    }
                    Stmt::Cable(unit, port, first == "plug")
                }
                "power" => {
                    let [_, state, u] = words[..] else {
                        return Err(err("usage: power on|off UNIT".into()));
                    };
                    let on = match state {
                        "on" => true,
                        "off" => false,
                        _ => return Err(err(format!("usage: power on|off UNIT (not '{state}')"))),
                    };
                    Stmt::Power(unit_of(u, no)?, on)
                }
                "traffic" | "load" => {
                    let [_, kind, n, from, to] = words[..] else {
                        return Err(err(format!(
                            "usage: {first} KIND {} FROM TO",
                            if first == "load" { "RATE" } else { "COUNT" }
                        )));
                    };
                    let kind = Kind::parse(kind)
                        .ok_or_else(|| err(format!("unknown traffic kind '{kind}'")))?;
                    let n: u64 = n.parse().map_err(|_| err(format!("bad number '{n}'")))?;
                    if kind == Kind::Ikev2 && template == Some(Template::ActiveActive) {
                        return Err(err("ikev2 tunnels need single context mode: VPN failover \
                             is available in Active/Standby failover configurations only"
                            .into()));
                    }
                    if first == "traffic" {
                        crate::lab::check_traffic(n).map_err(err)?;
                    } else {
                        crate::lab::check_load(n).map_err(err)?;
                    }
                    let (from, to) = (host_of(from)?, host_of(to)?);
                    if from == to {
                        return Err(err("FROM and TO must be different hosts".into()));
                    }
                    let (from, to) = (hosts[from].clone(), hosts[to].clone());
                    if first == "traffic" {
                        Stmt::Traffic {
                            kind,
                            count: n,
                            from,
                            to,
                        }
                    } else {
                        Stmt::Load {
                            kind,
                            rate: n,
                            from,
                            to,
                        }
                    }
                }
                "sessions" => {
                    if words.len() != 1 {
                        return Err(err("usage: sessions".into()));
                    }
                    Stmt::Sessions
                }
                "asymmetric" => {
                    let on = match words.get(1).copied() {
                        Some("on") if words.len() == 2 => true,
                        Some("off") if words.len() == 2 => false,
                        _ => return Err(err("usage: asymmetric on|off".into())),
                    };
                    if template != Some(Template::ActiveActive) {
                        return Err(err(
                            "'asymmetric' works only in the active-active lab".into()
                        ));
                    }
                    Stmt::Asymmetric(on)
                }
                "expect" => parse_expect(line, no, &host_of)?,
                other => return Err(err(format!("unknown statement '{other}'"))),
            }
        };
        out.push(Line {
            no,
            text: line.to_string(),
            stmt,
        });
    }
    if template.is_none() {
        return Err(ScriptError {
            line: 0,
            msg: "the script is empty: it must start with 'lab NAME'".into(),
        });
    }
    Ok(out)
}

fn parse_expect(
    line: &str,
    no: usize,
    _host_of: &dyn Fn(&str) -> Result<usize, ScriptError>,
) -> Result<Stmt, ScriptError> {
    let err = |msg: String| ScriptError { line: no, msg };
    let rest = line["expect".len()..].trim_start();
    if let Some(s) = rest.strip_prefix("sessions") {
        let w: Vec<&str> = s.split_whitespace().collect();
        let [kind, what, n] = w[..] else {
            return Err(err("usage: expect sessions KIND alive|dropped N".into()));
        };
        let kind =
            Kind::parse(kind).ok_or_else(|| err(format!("unknown traffic kind '{kind}'")))?;
        let alive = match what {
            "alive" => true,
            "dropped" => false,
            _ => return Err(err(format!("expected 'alive' or 'dropped', not '{what}'"))),
        };
        let n: u64 = n.parse().map_err(|_| err(format!("bad number '{n}'")))?;
        return Ok(Stmt::ExpectSessions { kind, alive, n });
    }
    let Some((u, after)) = rest.split_once(':') else {
        return Err(err("usage: expect UNIT: LINE => TEXT".into()));
    };
    let unit = unit_of(u.trim(), no)?;
    let Some((cmd, text)) = after.split_once("=>") else {
        return Err(err("usage: expect UNIT: LINE => TEXT".into()));
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(err("expect needs a TEXT after '=>'".into()));
    }
    Ok(Stmt::Expect {
        unit,
        line: cmd.trim().to_string(),
        text: text.to_string(),
    })
}

const WHY_USAGE: &str = "usage: why [primary|secondary [group 1|2] | takeover N]";

/// The argument of `why`: nothing (the dropped sessions), a unit (and a
/// failover group), or `takeover N` (the Nth, from 1).
fn why_about(words: &[&str]) -> Option<crate::why::WhyAbout> {
    use crate::failover::GroupId;
    use crate::why::WhyAbout;
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let w: Vec<&str> = lower.iter().map(String::as_str).collect();
    match w[..] {
        [] => Some(WhyAbout::Drops),
        ["takeover", n] => match n.parse::<usize>() {
            Ok(n) if n >= 1 => Some(WhyAbout::Takeover(n - 1)),
            _ => None,
        },
        [u] => Some(WhyAbout::State(unit_named(u)?, GroupId::Unit)),
        [u, "group", g] => Some(WhyAbout::State(
            unit_named(u)?,
            GroupId::failover_group(g.parse().ok()?)?,
        )),
        _ => None,
    }
}

fn unit_named(w: &str) -> Option<crate::net::UnitId> {
    match w {
        "primary" => Some(crate::net::UnitId::Primary),
        "secondary" => Some(crate::net::UnitId::Secondary),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::{Port, UnitId};

    #[test]
    fn refuses_counts_and_rates_the_lab_cannot_hold() {
        let at = |t: &str| parse(&format!("lab active-standby\n{t}\n")).unwrap_err();
        let e = at("traffic tcp 999999999999 inside-host outside-server");
        assert_eq!(e.line, 2);
        assert!(e.msg.contains("at most 2000000 sessions"), "{e}");
        let e = at("traffic tcp 18446744073709551615 inside-host outside-server");
        assert!(e.msg.contains("at most 2000000 sessions"), "{e}");
        let e = at("load tcp 1000000001 inside-host outside-server");
        assert!(
            e.msg.contains("at most 1000000 new sessions a second"),
            "{e}"
        );
        assert!(
            at("traffic tcp 18446744073709551616 inside-host outside-server")
                .msg
                .contains("bad number")
        );
        assert!(parse("lab active-standby\nload tcp 1000000 inside-host outside-server\n").is_ok());
    }

    #[test]
    fn rejects_bad_scripts_with_line_numbers() {
        let e = parse("# comment\nwait 1s\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: line 2: the script must start with 'lab NAME'"
        );
        let e =
            parse("lab active-standby\n\ntraffic tcp 5 insde-host outside-server\n").unwrap_err();
        assert_eq!(e.to_string(), "error: line 3: unknown host 'insde-host'");
        assert!(parse("lab nope").unwrap_err().msg.contains("unknown lab"));
        assert!(parse("lab blank\nwait 3x")
            .unwrap_err()
            .msg
            .contains("bad duration"));
        assert!(parse("lab blank\nwait 25h")
            .unwrap_err()
            .msg
            .contains("too long"));
        assert!(parse("lab blank\nunplug tertiary gi0/1")
            .unwrap_err()
            .msg
            .contains("unknown unit"));
        assert!(parse("lab blank\nunplug primary gi0/9")
            .unwrap_err()
            .msg
            .contains("unknown interface"));
        assert!(parse("lab blank\nfrobnicate")
            .unwrap_err()
            .msg
            .contains("unknown statement"));
        assert!(parse("lab blank\nwait 1s\nseed 4")
            .unwrap_err()
            .msg
            .contains("right after"));
        assert!(parse("lab blank\nasymmetric on")
            .unwrap_err()
            .msg
            .contains("active-active"));
        // VPN failover is Active/Standby only.
        assert!(
            parse("lab active-active\ntraffic ikev2 2 internet-server inside-a")
                .unwrap_err()
                .msg
                .contains("single context mode")
        );
        assert!(parse("lab active-standby\ntraffic ikev2 2 outside-server inside-host").is_ok());
        assert!(parse("").is_err());
    }

    #[test]
    fn a_port_without_a_cable_in_the_chosen_lab_is_refused_before_running() {
        let e = parse("lab active-standby\nwait 60s\nunplug primary m0/0\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: line 3: no cable at primary Management0/0 in the active-standby lab \
             (cabled: GigabitEthernet0/0, GigabitEthernet0/1, GigabitEthernet0/2, \
             GigabitEthernet0/3, GigabitEthernet0/4)"
        );
        let e = parse("lab active-active\nplug secondary gi0/0\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.msg.starts_with("no cable at secondary GigabitEthernet0/0 in the active-active lab (cabled: GigabitEthernet0/1,"), "{e}");
        // Every port each lab cables is accepted.
        assert!(parse("lab active-active\nunplug primary gi0/5\nplug primary gi0/5\n").is_ok());
        assert!(parse("lab blank\nunplug secondary gi0/4\n").is_ok());
        assert!(parse("lab blank\nunplug secondary gi0/5\n").is_err());
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_skipped() {
        let plain = parse("lab blank\nwait 1s\n").unwrap();
        assert_eq!(parse("\u{feff}lab blank\nwait 1s\n").unwrap(), plain);
        // Line numbers are unchanged, and only the first character is skipped.
        let e = parse("\u{feff}lab blank\nwait 3x\n").unwrap_err();
        assert_eq!(e.to_string(), "error: line 2: bad duration '3x'");
        assert!(parse("lab blank\n\u{feff}wait 1s\n")
            .unwrap_err()
            .msg
            .contains("unknown statement"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_line_numbered_error() {
        assert_eq!(decode(b"lab blank\nwait 1s\n"), Ok("lab blank\nwait 1s\n"));
        let e = decode(b"lab blank\n\nprimary: hostname caf\xe9\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: line 3: the script is not UTF-8 text (byte 0xE9 at column 22); save it as UTF-8"
        );
        // Columns count characters, not bytes.
        let e = decode(b"lab blank\n# \xc3\xa9t\xc3\xa9 \xff\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.msg.contains("byte 0xFF at column 7"), "{e}");
        let e = decode(b"\xef\xbb\xbflab \xc3(\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.msg.contains("byte 0xC3 at column 6"), "{e}");
        // A byte-order mark is valid UTF-8 and left to `parse`.
        assert!(decode(b"\xef\xbb\xbflab blank\n").is_ok());
    }

    #[test]
    fn blanks_before_a_console_lines_colon_change_nothing() {
        let stmt = |text: &str| {
            parse(&format!("lab blank\n{text}\n")).unwrap()[1]
                .stmt
                .clone()
        };
        let want = Stmt::Type(UnitId::Primary, "description dmz # web servers".into());
        assert_eq!(stmt("primary: description dmz # web servers"), want);
        assert_eq!(stmt("primary : description dmz # web servers"), want);
        assert_eq!(stmt("  primary\t: description dmz # web servers"), want);
        assert_eq!(
            stmt("primary :"),
            Stmt::Type(UnitId::Primary, String::new())
        );
        let want = Stmt::Expect {
            unit: UnitId::Secondary,
            line: "show run | include #".into(),
            text: "x # y".into(),
        };
        assert_eq!(
            stmt("expect secondary : show run | include # => x # y"),
            want
        );
        assert_eq!(
            stmt("expect\tsecondary: show run | include # => x # y"),
            want
        );
        // Statements, `expect sessions` among them, strip their comments.
        assert_eq!(
            stmt("expect sessions tcp alive 3 # all of them"),
            Stmt::ExpectSessions {
                kind: Kind::Tcp,
                alive: true,
                n: 3
            }
        );
        assert_eq!(
            stmt("wait 1s # primary: no"),
            Stmt::Wait(Duration::from_secs(1))
        );
        // A comment is not a console line, even one that names a unit.
        assert!(parse("lab blank\n# primary: x\nprimary # x: y\n")
            .unwrap_err()
            .msg
            .contains("unknown statement 'primary'"));
    }

    #[test]
    fn parses_every_statement() {
        let s = "lab active-standby\nseed 7\nprimary: show failover | include Failover\nwait 250ms\nunplug secondary Gi0/3\nplug secondary GigabitEthernet0/3\npower off primary\npower on primary\ntraffic tcp 10 inside-host outside-server\nload http 100 inside-host outside-server\nsessions\nexpect primary: show failover => Active\nexpect sessions tcp alive 10\n";
        let lines = parse(s).unwrap();
        assert_eq!(lines.len(), 13);
        assert_eq!(
            lines[2].stmt,
            Stmt::Type(UnitId::Primary, "show failover | include Failover".into())
        );
        assert_eq!(
            lines[4].stmt,
            Stmt::Cable(UnitId::Secondary, Port(3), false)
        );
        assert!(matches!(
            lines[12].stmt,
            Stmt::ExpectSessions {
                kind: Kind::Tcp,
                alive: true,
                n: 10
            }
        ));
    }
}
