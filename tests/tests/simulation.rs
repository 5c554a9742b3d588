//! Deterministic simulation testing: from a seed, a random schedule over a
//! starting lab — cable pulls and plugs, power cycles, manual switchovers
//! per unit and per group, configuration changes (hostile ones included:
//! the same unit role on both sides, `no failover`, shut interfaces,
//! reloads), traffic, load and waits — is written as a lab script and run
//! through the one replayer, with the lab's invariants checked after every
//! statement. A failing schedule is shrunk to a minimal lab script, written
//! to `target/simulation/`, ready to become a corpus script.
//!
//! CI runs `SIM_SCHEDULES` schedules (default 2000). A long campaign:
//!
//!     SIM_SCHEDULES=100000 SIM_FIRST_SEED=1 cargo test --release -p e2e \
//!         --test simulation -- --nocapture
//!
//! prints the counts (schedules, statements, violations, panics).

use std::panic::{catch_unwind, AssertUnwindSafe};

use asa_core::failover::GroupId;
use asa_core::lab::{Lab, MAX_TIMERS_AT_ONE_INSTANT};
use asa_core::net::UnitId;
use asa_core::rng::Rng;
use asa_core::script::{self, Replay};
use asa_core::traffic::Kind;

/// Kinds opened only by `traffic` (long-lived: they never close normally)
/// and only by `load` (short-lived).
const LONG_LIVED: [Kind; 2] = [Kind::Tcp, Kind::Udp];
const SHORT_LIVED: [Kind; 2] = [Kind::Http, Kind::Icmp];

struct Gen {
    rng: Rng,
}

impl Gen {
    fn below(&mut self, n: u64) -> u64 {
        self.rng.below(n)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// A random schedule, as lab-script lines.
fn schedule(seed: u64) -> Vec<String> {
    let mut g = Gen {
        rng: Rng::new(seed),
    };
    let aa = g.below(3) == 0;
    let (lab, ports, hosts): (&str, &[&str], &[&str]) = if aa {
        (
            "active-active",
            &["Gi0/1", "Gi0/2", "Gi0/3", "Gi0/4", "Gi0/5"],
            &["inside-a", "inside-b", "internet-server"],
        )
    } else {
        (
            "active-standby",
            &["Gi0/0", "Gi0/1", "Gi0/2", "Gi0/3", "Gi0/4"],
            &["inside-host", "outside-server", "dmz-server"],
        )
    };
    let mut out = vec![
        format!("lab {lab}"),
        format!("seed {}", g.below(1000)),
        "wait 60s".to_string(),
    ];
    let units = ["primary", "secondary"];
    let config: &[&str] = if aa {
        &[
            "failover active group 1",
            "no failover active group 2",
            "failover active",
            "no failover active",
            "failover reset",
            "configure terminal",
            "failover group 1",
            "preempt",
            "preempt 5",
            "no preempt",
            "exit",
            "failover lan unit primary",
            "failover lan unit secondary",
            "end",
            "changeto context admin",
            "changeto system",
            "write memory all",
            "write standby",
            "show failover",
            "show route",
            "show nameif",
            "show ip address",
            "show conn count",
            "show conn protocol tcp long",
            "clear conn address 10.1.0.10",
            "changeto context ctx1",
            "logging enable",
            "logging buffered informational",
            "logging console 1",
            "show logging",
            "clear logging buffer",
            "packet-tracer input inside tcp 10.2.20.10 1025 198.51.100.10 443",
            "show asp drop",
            "clear asp drop",
            "show version",
            "show failover history details",
            "show failover descriptor",
            "failover reload-standby",
            "dir",
            "mkdir /noconfirm disk0:/sim",
            "rmdir /noconfirm disk0:/sim",
            "show local-host",
        ]
    } else {
        &[
            "no failover active",
            "failover active",
            "failover reset",
            "configure terminal",
            "failover lan unit primary",
            "failover lan unit secondary",
            "no failover",
            "failover",
            "failover polltime unit 1 holdtime 3",
            "failover interface-policy 2",
            "failover replication http",
            "failover replication rate 1000",
            "no failover replication rate",
            "interface GigabitEthernet0/1",
            "shutdown",
            "no shutdown",
            "exit",
            "end",
            "write memory",
            "write standby",
            "reload noconfirm",
            "clear conn",
            "show failover",
            "show route",
            "show nameif",
            "show ip address",
            "route outside 0.0.0.0 0.0.0.0 203.0.113.1",
            "show conn address 10.10.0.10 detail",
            "clear conn protocol udp",
            "clear conn port 443",
            "logging enable",
            "logging buffered debugging",
            "logging console alerts",
            "no logging buffered",
            "show logging",
            "clear logging buffer",
            "packet-tracer input inside tcp 10.10.0.10 1025 203.0.113.100 443 detailed",
            "packet-tracer input outside udp 203.0.113.100 53 10.10.0.10 1025",
            "show asp drop",
            "clear asp drop",
            "show version",
            "show failover history details",
            "show failover descriptor",
            "show running-config monitor-interface",
            "failover reload-standby",
            "dir",
            "mkdir disk0:/sim",
            "rename /noconfirm disk0:/sim disk0:/sim2",
            "rmdir /noconfirm disk0:/sim2",
            "delete disk0:/use_ttyS0",
            "show local-host",
            "show local-host 10.10.0.10",
            "no route outside 0.0.0.0 0.0.0.0 203.0.113.1",
        ]
    };
    let mut loads: Vec<String> = Vec::new();
    let steps = 10 + g.below(40);
    for _ in 0..steps {
        let line = match g.below(12) {
            0 => format!("unplug {} {}", g.pick(&units), g.pick(ports)),
            1 => format!("plug {} {}", g.pick(&units), g.pick(ports)),
            2 => format!("power off {}", g.pick(&units)),
            3 => format!("power on {}", g.pick(&units)),
            4..=6 => format!("{}: {}", g.pick(&units), g.pick(config)),
            7 => {
                let (a, b) = two_hosts(&mut g, hosts);
                let k = LONG_LIVED[g.below(2) as usize];
                format!("traffic {k} {} {a} {b}", 1 + g.below(2000))
            }
            8 => {
                let (a, b) = two_hosts(&mut g, hosts);
                let k = SHORT_LIVED[g.below(2) as usize];
                loads.push(format!("load {k} 0 {a} {b}"));
                format!("load {k} {} {a} {b}", g.below(300))
            }
            9 if aa => format!("asymmetric {}", g.pick(&["on", "off"])),
            _ => format!("wait {}ms", 100 + g.below(90_000)),
        };
        out.push(line);
    }
    // Heal: every cable back, both units on, load stopped, time to settle.
    for u in units {
        out.push(format!("power on {u}"));
        for p in ports {
            out.push(format!("plug {u} {p}"));
        }
    }
    out.extend(loads);
    out.push("wait 120s".to_string());
    out
}

fn two_hosts<'a>(g: &mut Gen, hosts: &[&'a str]) -> (&'a str, &'a str) {
    let a = g.below(hosts.len() as u64) as usize;
    let b = (a + 1 + g.below(hosts.len() as u64 - 1) as usize) % hosts.len();
    (hosts[a], hosts[b])
}

/// The lab's invariants at any moment.
fn invariants(lab: &Lab) -> Result<(), String> {
    for k in Kind::ALL {
        let s = &lab.traffic().stats[k.index()];
        if s.total != s.alive + s.closed + s.dropped_total() {
            return Err(format!(
                "{k}: total {} != alive {} + closed {} + dropped {}",
                s.total,
                s.alive,
                s.closed,
                s.dropped_total()
            ));
        }
        if LONG_LIVED.contains(&k) && s.closed > 0 {
            return Err(format!(
                "{k}: {} long-lived sessions closed normally",
                s.closed
            ));
        }
    }
    if lab.busiest_instant() > MAX_TIMERS_AT_ONE_INSTANT {
        return Err(format!(
            "{} timers fired at one instant of virtual time: a loop",
            lab.busiest_instant()
        ));
    }
    Ok(())
}

/// A unit or group active on both units, if any.
fn active_on_both(lab: &Lab) -> Option<GroupId> {
    let groups = if lab.unit(UnitId::Primary).running.multiple {
        lab.group_ids(UnitId::Primary)
    } else {
        vec![GroupId::Unit]
    };
    groups.into_iter().find(|g| {
        UnitId::BOTH
            .iter()
            .all(|u| lab.unit(*u).fo.state_of(*g).is_active())
    })
}

/// After healing: with failover running on both units (with different
/// roles) and the failover link up, no unit or group is active on both.
fn converged(lab: &Lab) -> Result<(), String> {
    let both_run = UnitId::BOTH.iter().all(|u| {
        let unit = lab.unit(*u);
        unit.powered && !unit.booting && unit.running.failover.enabled
    });
    let same_role = lab.unit(UnitId::Primary).role() == lab.unit(UnitId::Secondary).role();
    if !both_run || !lab.failover_link_ok() || same_role {
        return Ok(());
    }
    match active_on_both(lab) {
        Some(g) => Err(format!("group {g} active on both units after healing")),
        None => Ok(()),
    }
}

/// Runs a schedule, checking the invariants after every statement.
fn run(lines: &[String]) -> Result<usize, String> {
    let text = lines.join("\n") + "\n";
    let parsed = script::parse(&text).map_err(|e| format!("script: {e}"))?;
    let (mut replay, rest) = Replay::start(&parsed).map_err(|e| format!("script: {e}"))?;
    let mut n = 0;
    for l in rest {
        // A statement the lab refuses (a cable that is not there) is the
        // schedule's, not the lab's, fault.
        let _ = replay.apply(&l.stmt);
        let _ = replay.take_output();
        invariants(replay.lab()).map_err(|e| format!("after line {} '{}': {e}", l.no, l.text))?;
        n += 1;
    }
    converged(replay.lab())?;
    Ok(n)
}

fn run_guarded(lines: &[String]) -> Result<usize, String> {
    match catch_unwind(AssertUnwindSafe(|| run(lines))) {
        Ok(r) => r,
        Err(_) => Err("panic".into()),
    }
}

/// Removes statements (never `lab`/`seed`) while `fails` still holds.
fn shrink(mut lines: Vec<String>, fails: &dyn Fn(&[String]) -> bool) -> Vec<String> {
    let mut i = 2;
    while i < lines.len() {
        let mut shorter = lines.clone();
        shorter.remove(i);
        if fails(&shorter) {
            lines = shorter;
        } else {
            i += 1;
        }
    }
    lines
}

#[test]
fn random_schedules_keep_the_invariants() {
    let count: u64 = std::env::var("SIM_SCHEDULES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let first: u64 = std::env::var("SIM_FIRST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut statements = 0;
    let mut failures = Vec::new();
    for seed in first..first + count {
        let lines = schedule(seed);
        match run_guarded(&lines) {
            Ok(n) => statements += n,
            Err(why) => {
                let small = shrink(lines, &|l| run_guarded(l).is_err());
                let dir = e2e::root().join("target/simulation");
                let _ = std::fs::create_dir_all(&dir);
                let path = dir.join(format!("seed-{seed}.lab"));
                let _ = std::fs::write(&path, small.join("\n") + "\n");
                failures.push(format!("seed {seed}: {why} (shrunk to {})", path.display()));
            }
        }
    }
    println!(
        "simulation: {count} schedules from seed {first}, {statements} statements, {} violations",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_schedule_is_deterministic() {
    for seed in [3, 17, 99] {
        let text = schedule(seed).join("\n") + "\n";
        let a = script::run_text(&text).map(|o| o.transcript);
        let b = script::run_text(&text).map(|o| o.transcript);
        assert_eq!(a, b, "seed {seed}");
    }
}

#[test]
fn a_failing_schedule_shrinks_to_the_statements_that_matter() {
    let lines = schedule(5);
    let culprit = "power off primary".to_string();
    let mut with = lines.clone();
    with.insert(5, culprit.clone());
    // A stand-in for a violation: "fails" whenever the culprit is there.
    let small = shrink(with, &|l| l.contains(&culprit));
    assert_eq!(small.len(), 3, "{small:?}");
    assert_eq!(small[2], culprit);
}

#[test]
fn the_invariants_hold_on_a_healthy_lab_and_catch_a_both_active_pair() {
    let ok: Vec<String> = [
        "lab active-standby",
        "wait 60s",
        "traffic tcp 10 inside-host outside-server",
        "primary: no failover active",
        "wait 5s",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(run_guarded(&ok), Ok(4));
    // The failover link down at startup: both units active (split brain),
    // which the convergence check allows only while the link is down.
    let text = "lab active-standby\nunplug primary Gi0/3\nwait 60s\n";
    let parsed = script::parse(text).unwrap();
    let (mut replay, rest) = Replay::start(&parsed).unwrap();
    for l in rest {
        replay.apply(&l.stmt).unwrap();
    }
    assert_eq!(active_on_both(replay.lab()), Some(GroupId::Unit));
    assert!(converged(replay.lab()).is_ok());
}
