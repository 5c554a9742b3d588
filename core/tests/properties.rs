//! Property tests (proptest) for the parsers that take untrusted input: the
//! console's command line, the lab-script parser and the import check.
//! Failures shrink to a minimal input and proptest prints it (set
//! `PROPTEST_CASES=100000` for a longer run).

use asa_core::labs::Template;
use asa_core::net::{Port, UnitId, PORTS};
use asa_core::script::{self, parse_untrusted, share, Limits, Pieces, Replay, Stmt};
use asa_core::time::Duration;
use asa_core::traffic::Kind;
use proptest::prelude::*;

/// Words of real commands, abbreviations and arguments, so random lines
/// reach deep into the command trees, not only `% Invalid input`.
const WORDS: &[&str] = &[
    "show",
    "sh",
    "failover",
    "no",
    "conf",
    "t",
    "interface",
    "gi0/1",
    "g0/3",
    "nameif",
    "inside",
    "ip",
    "address",
    "10.1.1.1",
    "255.255.255.0",
    "standby",
    "polltime",
    "unit",
    "msec",
    "holdtime",
    "interface-policy",
    "50%",
    "lan",
    "link",
    "key",
    "exec",
    "mate",
    "active",
    "reset",
    "write",
    "memory",
    "run",
    "conn",
    "count",
    "xlate",
    "arp",
    "history",
    "state",
    "group",
    "1",
    "2",
    "preempt",
    "context",
    "changeto",
    "system",
    "admin",
    "end",
    "exit",
    "|",
    "include",
    "exclude",
    "begin",
    "?",
    "monitor-interface",
    "shutdown",
    "mode",
    "multiple",
    "clear",
    "configure",
    "all",
    "terminal",
    "pager",
    "0",
    "replication",
    "http",
    "speed",
    "100",
    "asr-group",
    "route",
    "logging",
    "packet-tracer",
    "dir",
    "version",
];

fn line_from_words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..8).prop_map(|w| w.join(" "))
}

/// Any printable text, control characters and Unicode included.
fn any_line() -> impl Strategy<Value = String> {
    prop_oneof![line_from_words(), ".{0,60}", "[ -~]{0,40}",]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL.to_vec())
}

fn unit() -> impl Strategy<Value = UnitId> {
    prop::sample::select(UnitId::BOTH.to_vec())
}

/// Statements after `lab`: every kind the script language has, with
/// values at and beyond its limits.
fn stmt() -> impl Strategy<Value = Stmt> {
    let host = prop::sample::select(vec!["inside-host", "outside-server", "dmz-server"]);
    prop_oneof![
        (unit(), "[a-z][a-z0-9 ./%-]{0,30}")
            .prop_map(|(u, l)| Stmt::Type(u, l.trim_end().to_string())),
        (0u64..100_000_000).prop_map(|us| Stmt::Wait(Duration::from_micros(us))),
        (unit(), 0..PORTS.len() as u8, any::<bool>()).prop_map(|(u, p, on)| Stmt::Cable(
            u,
            Port(p),
            on
        )),
        (unit(), any::<bool>()).prop_map(|(u, on)| Stmt::Power(u, on)),
        (kind(), 1u64..5_000, host.clone(), host.clone()).prop_map(|(kind, count, f, t)| {
            Stmt::Traffic {
                kind,
                count,
                from: f.to_string(),
                to: t.to_string(),
            }
        }),
        (kind(), 0u64..5_000, host.clone(), host).prop_map(|(kind, rate, f, t)| Stmt::Load {
            kind,
            rate,
            from: f.to_string(),
            to: t.to_string(),
        }),
        Just(Stmt::Sessions),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any line at either console: no panic, the same answer on two fresh
    /// labs (no hidden state), and the console still answers afterwards.
    #[test]
    fn console_lines_never_panic_and_are_deterministic(
        lines in prop::collection::vec(any_line(), 1..6),
        u in unit(),
    ) {
        let run = || {
            let mut r = Replay::new(Template::ActiveStandby, Some(1)).unwrap();
            r.apply(&Stmt::Wait(Duration::from_secs(60))).unwrap();
            r.take_output();
            for l in &lines {
                r.apply(&Stmt::Type(u, l.clone())).unwrap();
            }
            r.take_output()
        };
        let first = run();
        prop_assert_eq!(&first, &run());
        // Leave whatever mode or pager the lines left, then ask.
        let mut r = Replay::new(Template::ActiveStandby, Some(1)).unwrap();
        r.apply(&Stmt::Wait(Duration::from_secs(60))).unwrap();
        for l in &lines {
            r.apply(&Stmt::Type(u, l.clone())).unwrap();
        }
        r.take_output();
        for l in ["q", "end", "q", "end", "show failover | include host"] {
            r.apply(&Stmt::Type(u, l.to_string())).unwrap();
        }
        let out: Vec<String> = r.take_output().into_iter().map(|(_, l)| l).collect();
        prop_assert!(
            out.iter().any(|l| l.contains("This host:") || l.contains("Failover Off")),
            "console no longer answers: {out:?}"
        );
    }

    /// Any text as a script: `parse` answers Ok or an error naming a line
    /// of the text, never panics.
    #[test]
    fn script_parser_never_panics(text in prop::collection::vec(
        prop_oneof![any_line(), Just("lab active-standby".to_string()), "wait [0-9]{1,12}(s|ms|us|m|h)"],
        0..12,
    )) {
        let text = text.join("\n");
        if let Err(e) = script::parse(&text) {
            prop_assert!(e.line <= text.lines().count(), "{e} for {text:?}");
        }
        let _ = parse_untrusted(&text, &Limits::IMPORT);
    }

    /// A statement printed is its canonical text: it parses back to itself.
    #[test]
    fn statements_round_trip_through_their_text(stmts in prop::collection::vec(stmt(), 1..10)) {
        let mut text = String::from("lab active-standby\n");
        for s in &stmts {
            text.push_str(&format!("{s}\n"));
        }
        let parsed = script::parse(&text);
        // Some generated statements are invalid in context (a host that is
        // not in the lab's network, both ends the same host); the parser
        // says which line, and the rest round-trip.
        match parsed {
            Ok(lines) => {
                let back: Vec<Stmt> = lines.into_iter().skip(1).map(|l| l.stmt).collect();
                prop_assert_eq!(back, stmts);
            }
            Err(e) => {
                prop_assert!(e.line >= 2 && e.line <= stmts.len() + 1, "{}", e);
                let bad = &stmts[e.line - 2];
                let same_hosts = matches!(bad, Stmt::Traffic { from, to, .. } | Stmt::Load { from, to, .. } if from == to);
                let no_cable = matches!(bad, Stmt::Cable(..)) && e.msg.starts_with("no cable at");
                prop_assert!(same_hosts || no_cable, "rejected a valid statement: {} ({})", bad, e);
            }
        }
    }

    /// An accepted import never asks for more than the limits, and its
    /// pieces each carry bounded work and cover the whole script.
    #[test]
    fn accepted_imports_stay_within_their_limits(stmts in prop::collection::vec(stmt(), 1..30)) {
        let mut text = String::from("lab active-standby\n");
        for s in &stmts {
            text.push_str(&format!("{s}\n"));
        }
        let limits = Limits { sessions: 200_000, ..Limits::IMPORT };
        if let Ok(lines) = parse_untrusted(&text, &limits) {
            let mut pieces = Pieces::new(&lines);
            let (_, total) = pieces.progress();
            let mut waited = Duration::ZERO;
            for p in pieces.by_ref() {
                if let Stmt::Wait(d) = p.stmt {
                    prop_assert!(d > Duration::ZERO);
                    waited = Duration::from_micros(waited.total_micros() + d.total_micros());
                }
            }
            let want: u64 = lines.iter().map(|l| match l.stmt {
                Stmt::Wait(d) => d.total_micros(),
                _ => 0,
            }).sum();
            prop_assert_eq!(waited.total_micros(), want);
            prop_assert_eq!(pieces.progress(), (total, total));
        }
    }

    /// Share links: any text as a fragment is a link (Ok or "damaged") or
    /// not a link, never a panic; any script survives the round trip
    /// through a new (compressed) and an old (plain) link.
    #[test]
    fn share_links_round_trip_and_never_panic(
        script in ".{0,400}",
        junk in "#?(lab2?=)?[A-Za-z0-9_=%+/-]{0,200}",
    ) {
        prop_assert_eq!(share::script_from_fragment(&share::fragment_for(&script)), Some(Ok(script.clone())));
        prop_assert_eq!(share::script_from_fragment(&share::plain_fragment_for(&script)), Some(Ok(script.clone())));
        let _ = share::script_from_fragment(&junk);
    }
}
