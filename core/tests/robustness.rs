//! No input, however malformed, may panic the engine (a panic kills the
//! whole browser app). Seeded random console lines and scripts, built from
//! real command words, abbreviations, garbage and Unicode.

use asa_core::commands::Console;
use asa_core::lab::LabConfig;
use asa_core::labs::{build, Template};
use asa_core::net::UnitId;
use asa_core::rng::Rng;
use asa_core::time::Duration;

const WORDS: &[&str] = &[
    "show",
    "sh",
    "failover",
    "fail",
    "f",
    "no",
    "conf",
    "t",
    "terminal",
    "interface",
    "int",
    "gi0/1",
    "g0/3",
    "GigabitEthernet",
    "0/4",
    "nameif",
    "inside",
    "ip",
    "address",
    "10.1.1.1",
    "255.255.255.0",
    "standby",
    "10.1.1.2",
    "999.1.1.1",
    "255.0.255.0",
    "polltime",
    "unit",
    "msec",
    "holdtime",
    "200",
    "800",
    "15",
    "0",
    "interface-policy",
    "50%",
    "101%",
    "-1",
    "lan",
    "link",
    "key",
    "exec",
    "mate",
    "active",
    "reset",
    "write",
    "memory",
    "standby",
    "copy",
    "running-config",
    "startup-config",
    "reload",
    "exit",
    "end",
    "?",
    "|",
    "include",
    "begin",
    "exclude",
    "[",
    "(",
    "*",
    "object",
    "network",
    "subnet",
    "nat",
    "(inside,outside)",
    "dynamic",
    "static",
    "hostname",
    "prompt",
    "priority",
    "state",
    "monitor-interface",
    "clear",
    "conn",
    "xlate",
    "history",
    "statistics",
    "mac-address",
    "0000.1111.2222",
    "zz",
    "é",
    "👋",
    "\t",
    "route",
    "security-level",
    "100",
    "shutdown",
    "description",
    "enable",
    "disable",
    "replication",
    "http",
    "debug",
    "0.0.0.0",
    "nameif",
    "run",
    "255",
    "long",
    "detail",
    "protocol",
    "port",
    "tcp",
    "udp",
    "count",
    "logging",
    "buffered",
    "informational",
    "7",
    "timestamp",
    "console",
    "buffer",
    "packet-tracer",
    "input",
    "icmp",
    "detailed",
    "asp",
    "drop",
    "203.0.113.100",
    "1025",
    "descriptor",
    "details",
    "reload-standby",
    "rate",
    "300000",
    "dir",
    "mkdir",
    "rmdir",
    "delete",
    "rename",
    "/noconfirm",
    "disk0:/x",
    "flash:",
    "disk0:/x/y",
    "local-host",
];

fn random_line(rng: &mut Rng) -> String {
    let n = rng.below(7) as usize;
    let mut words = Vec::new();
    for _ in 0..n {
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        if rng.below(10) == 0 {
            // Chop a word to test prefixes and odd boundaries.
            let cut = w
                .chars()
                .take(rng.below(4) as usize + 1)
                .collect::<String>();
            words.push(cut);
        } else {
            words.push(w.to_string());
        }
    }
    let mut line = words.join(if rng.below(5) == 0 { "  " } else { " " });
    if rng.below(8) == 0 {
        line.push('?');
    }
    line
}

#[test]
fn random_console_input_never_panics() {
    for template in [Template::Blank, Template::ActiveStandby] {
        let mut lab = build(template, LabConfig::default()).unwrap();
        let mut rng = Rng::new(0xA5A);
        for i in 0..4000 {
            let u = if rng.below(2) == 0 {
                UnitId::Primary
            } else {
                UnitId::Secondary
            };
            let line = random_line(&mut rng);
            lab.type_line(u, &line);
            let _ = lab.console_help(u, &line);
            let _ = lab.console_complete(u, &line);
            if i % 50 == 0 {
                lab.advance(Duration::from_millis(rng.below(20_000)));
                let _ = lab.take_output();
            }
        }
    }
}

#[test]
fn random_scripts_never_panic() {
    let stmts = [
        "wait 1s",
        "wait 0ms",
        "wait -1s",
        "wait 99999999999999999999s",
        "unplug primary gi0/1",
        "plug primary gi0/1",
        "unplug secondary Gi0/9",
        "power off primary",
        "power on primary",
        "power off",
        "traffic tcp 10 inside-host outside-server",
        "traffic tcp x inside-host outside-server",
        "load http 100 inside-host outside-server",
        "load http 0 inside-host outside-server",
        "sessions",
        "expect sessions tcp alive 3",
        "expect primary: show failover => Active",
        "expect primary show",
        "primary: show failover",
        "secondary: conf t",
        "primary:",
        "seed 3",
        "lab blank",
        "asymmetric on",
        "# comment",
        "traffic icmp 5 dmz-server outside-server",
        "expect sessions bogus alive 1",
        "frob",
        "primary: reload",
        "primary: ",
        "unplug primary gi0/3",
    ];
    let mut rng = Rng::new(99);
    for _ in 0..300 {
        let mut script = String::from(if rng.below(10) == 0 {
            "lab blank\n"
        } else {
            "lab active-standby\n"
        });
        for _ in 0..rng.below(12) {
            script.push_str(stmts[rng.below(stmts.len() as u64) as usize]);
            script.push('\n');
        }
        let _ = asa_core::script::run_text(&script);
    }
    // Garbage bytes, lossily decoded as the runner does.
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..rng.below(200)).map(|_| rng.below(256) as u8).collect();
        let _ = asa_core::script::run_text(&String::from_utf8_lossy(&bytes));
    }
}
