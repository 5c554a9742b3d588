//! The statements of a lab script, and their canonical text.

use core::fmt;

use crate::labs::Template;
use crate::net::{Port, UnitId};
use crate::time::Duration;
use crate::traffic::Kind;

/// One statement of a script.
///
/// Printed with `Display`, a statement is its canonical text: the line that
/// [`parse`](super::parse) reads back as the same statement (interfaces by
/// their full name, durations in the largest exact unit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stmt {
    Lab(Template),
    Seed(u64),
    /// A console line typed at a unit (no trailing blanks when parsed).
    Type(UnitId, String),
    Wait(Duration),
    /// `plug` (true) or `unplug` (false) the cable at a unit port.
    Cable(UnitId, Port, bool),
    Power(UnitId, bool),
    /// Hosts by their name in the lab.
    Traffic {
        kind: Kind,
        count: u64,
        from: String,
        to: String,
    },
    Load {
        kind: Kind,
        rate: u64,
        from: String,
        to: String,
    },
    Sessions,
    Asymmetric(bool),
    Expect {
        unit: UnitId,
        line: String,
        text: String,
    },
    ExpectSessions {
        kind: Kind,
        alive: bool,
        n: u64,
    },
    /// `note TEXT`: a caption for a demo (the runner prints `note| TEXT`).
    Note(String),
    /// `pause`: a demo stops here until the presenter continues (the
    /// runner ignores it).
    Pause,
    /// `why [primary|secondary [group N] | takeover N]`: the causes of the
    /// sessions dropped so far, of a unit's (group's) state, or of a
    /// takeover.
    Why(crate::why::WhyAbout),
}

/// A duration as a script writes it: `30s`, `250ms`, or `1500us` when it is
/// not a whole number of milliseconds.
struct ScriptDuration(Duration);

impl fmt::Display for ScriptDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let us = self.0.total_micros();
        if us % 1_000_000 == 0 {
            write!(f, "{}s", us / 1_000_000)
        } else if us % 1_000 == 0 {
            write!(f, "{}ms", us / 1_000)
        } else {
            write!(f, "{us}us")
        }
    }
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

impl fmt::Display for Stmt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stmt::Lab(t) => write!(f, "lab {}", t.name()),
            Stmt::Seed(n) => write!(f, "seed {n}"),
            Stmt::Type(u, line) if line.is_empty() => write!(f, "{u}:"),
            Stmt::Type(u, line) => write!(f, "{u}: {line}"),
            Stmt::Wait(d) => write!(f, "wait {}", ScriptDuration(*d)),
            Stmt::Cable(u, p, plugged) => {
                let verb = if *plugged { "plug" } else { "unplug" };
                write!(f, "{verb} {u} {p}")
            }
            Stmt::Power(u, on) => write!(f, "power {} {u}", on_off(*on)),
            Stmt::Traffic {
                kind,
                count,
                from,
                to,
            } => write!(f, "traffic {kind} {count} {from} {to}"),
            Stmt::Load {
                kind,
                rate,
                from,
                to,
            } => write!(f, "load {kind} {rate} {from} {to}"),
            Stmt::Sessions => f.write_str("sessions"),
            Stmt::Asymmetric(on) => write!(f, "asymmetric {}", on_off(*on)),
            Stmt::Expect { unit, line, text } => write!(f, "expect {unit}: {line} => {text}"),
            Stmt::ExpectSessions { kind, alive, n } => {
                let what = if *alive { "alive" } else { "dropped" };
                write!(f, "expect sessions {kind} {what} {n}")
            }
            Stmt::Note(text) => write!(f, "note {text}"),
            Stmt::Pause => f.write_str("pause"),
            Stmt::Why(about) => about.fmt(f),
        }
    }
}

/// A statement with its line number and its text as written (comment
/// removed), which the runner's transcript repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
    pub stmt: Stmt,
}

/// A script error: `error: line 7: unknown host 'insde-host'` (line 0: the
/// script as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub msg: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "error: {}", self.msg)
        } else {
            write!(f, "error: line {}: {}", self.line, self.msg)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn stmts(text: &str) -> Vec<Stmt> {
        parse(text)
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
            .into_iter()
            .map(|l| l.stmt)
            .collect()
    }

    /// Every statement printed and parsed again is the same statement.
    fn round_trips(text: &str) -> Vec<String> {
        let first = stmts(text);
        let printed: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        let again = stmts(&(printed.join("\n") + "\n"));
        assert_eq!(first, again, "printed as:\n{}", printed.join("\n"));
        // Printing is canonical: a second round prints the same text.
        let reprinted: Vec<String> = again.iter().map(|s| s.to_string()).collect();
        assert_eq!(printed, reprinted);
        printed
    }

    #[test]
    fn every_statement_form_prints_as_it_parses() {
        let printed = round_trips(
            "lab active-standby
seed 7
primary: show failover | include Failover
secondary:   show run   # a hash is console text
primary:
secondary: show fail?
wait 250ms
wait 1.5s
wait 2m
wait 1h
wait 15
wait 2500us
wait 0s
unplug secondary Gi0/3
unplug primary gi 0/1
plug secondary GigabitEthernet0/3
plug primary g 0/4
power off primary
power on secondary
traffic tcp 10 inside-host outside-server
traffic icmp 1 outside-server dmz-server
load http 100 inside-host outside-server
load udp 0 inside-host dmz-server
sessions
expect primary: show failover => Active
expect secondary:show failover | include host=>Standby Ready => more
expect sessions tcp alive 10
expect sessions sip dropped 0
note   The secondary takes over now.
pause
why
why Primary
why secondary group 2
why takeover 1
",
        );
        let want = [
            "lab active-standby",
            "seed 7",
            "primary: show failover | include Failover",
            "secondary:   show run   # a hash is console text",
            "primary:",
            "secondary: show fail?",
            "wait 250ms",
            "wait 1500ms",
            "wait 120s",
            "wait 3600s",
            "wait 15s",
            "wait 2500us",
            "wait 0s",
            "unplug secondary GigabitEthernet0/3",
            "unplug primary GigabitEthernet0/1",
            "plug secondary GigabitEthernet0/3",
            "plug primary GigabitEthernet0/4",
            "power off primary",
            "power on secondary",
            "traffic tcp 10 inside-host outside-server",
            "traffic icmp 1 outside-server dmz-server",
            "load http 100 inside-host outside-server",
            "load udp 0 inside-host dmz-server",
            "sessions",
            "expect primary: show failover => Active",
            "expect secondary: show failover | include host => Standby Ready => more",
            "expect sessions tcp alive 10",
            "expect sessions sip dropped 0",
            "note The secondary takes over now.",
            "pause",
            "why",
            "why primary",
            "why secondary group 2",
            "why takeover 1",
        ];
        assert_eq!(printed, want);
    }

    #[test]
    fn lab_specific_statements_round_trip() {
        round_trips("lab active-active\nseed 18446744073709551615\nasymmetric on\nasymmetric off\ntraffic tcp 3 inside-a internet-server\n");
        round_trips("lab blank\nwait 24h\nprimary: hostname X\n");
    }
}
