//! Deterministic simulation testing: from a seed, a random schedule over a
//! starting lab — cable pulls and plugs, power cycles, manual switchovers
//! per unit and per group, configuration changes (hostile ones included:
//! the same unit role on both sides, `no failover`, shut interfaces,
//! reloads), traffic, load and waits — is written as a lab script and run
//! through the one replayer, with the lab's invariants checked after every
//! statement. A failing schedule is shrunk to a minimal lab script, written
//! to `target/simulation/`, ready to become a corpus script.
//!
//! Invariants: session totals add up; long-lived sessions never close
//! normally; no session drops without an event that explains it; no loop
//! at one instant of virtual time; after healing, no group active on both
//! units; and on a healthy pair, sessions replicated over the stateful link
//! survive a clean switchover (a probe run after every schedule).
//!
//! CI runs `SIM_SCHEDULES` schedules (default 2000). A long campaign:
//!
//!     SIM_SCHEDULES=100000 SIM_FIRST_SEED=1 cargo test --profile runner -p e2e \
//!         --test simulation -- --nocapture
//!
//! prints the counts (schedules, statements, violations, panics).

use std::panic::{catch_unwind, AssertUnwindSafe};

use std::collections::BTreeMap;

use asa_core::event::EventKind;
use asa_core::failover::{FoState, GroupId};
use asa_core::lab::{Lab, IGMP_MAX_RESPONSE, MAX_TIMERS_AT_ONE_INSTANT, TRAFFIC_TICK};
use asa_core::net::UnitId;
use asa_core::rng::Rng;
use asa_core::script::{self, Replay, Stmt};
use asa_core::time::Duration;
use asa_core::traffic::{DropReason, Kind, ALIVE};

/// Kinds opened only by `traffic` (long-lived: they never close normally)
/// and only by `load` (short-lived).
const LONG_LIVED: [Kind; 3] = [Kind::Tcp, Kind::Udp, Kind::Multicast];
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
            "mac-address auto",
            "no mac-address auto",
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
            "failover mac address GigabitEthernet0/1 0000.a000.a011 0000.a000.a012",
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
                // VPN tunnels terminate on an Active/Standby pair only.
                let k = match g.below(LONG_LIVED.len() as u64 + 1) as usize {
                    i if i < LONG_LIVED.len() => LONG_LIVED[i],
                    _ if aa => Kind::Tcp,
                    _ => Kind::Ikev2,
                };
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
        if (LONG_LIVED.contains(&k) || k == Kind::Ikev2) && s.closed > 0 {
            return Err(format!(
                "{k}: {} long-lived sessions closed normally",
                s.closed
            ));
        }
    }
    // Multicast relearn ends: a forwarding unit gets the membership report
    // within the IGMP max response time of its query (one traffic tick to
    // notice); streams with no unit to forward them end their relearn when
    // their endpoints give up on the outage.
    let now = lab.now();
    for r in lab.multicast_relearns() {
        if r.until > now + IGMP_MAX_RESPONSE {
            return Err(format!(
                "multicast relearn set {} ahead",
                r.until.saturating_since(now)
            ));
        }
        let limit = match r.unit {
            Some(_) => r.until + TRAFFIC_TICK,
            None => r.until + Kind::Multicast.give_up() + TRAFFIC_TICK,
        };
        if now > limit {
            return Err(format!(
                "multicast relearn of {} streams {} -> {} lingers {} past its report",
                r.streams,
                r.from,
                r.to,
                now.saturating_since(r.until)
            ));
        }
    }
    // A unit's IKEv2 SAs hold tunnels that are alive, each SA at least one.
    let ikev2 = lab.traffic().stats[Kind::Ikev2.index()].alive;
    for u in UnitId::BOTH {
        let sas = lab.ike_sas(u);
        let children: u64 = sas.iter().map(|s| s.children.len() as u64).sum();
        if children > ikev2 || sas.iter().any(|s| s.children.is_empty()) {
            return Err(format!(
                "{u} holds {children} child SAs for {ikev2} tunnels"
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

/// Every session dropped so far, by kind and reason.
fn drops(lab: &Lab) -> BTreeMap<(Kind, DropReason), u64> {
    let mut m = BTreeMap::new();
    for k in Kind::ALL {
        for (r, n) in &lab.traffic().stats[k.index()].dropped {
            m.insert((k, *r), *n);
        }
    }
    m
}

/// Whether an event changes where or whether sessions can flow: a state
/// change, a link, cable, power or monitoring change, the failover or
/// stateful link, or the upstream router's routing.
fn moves_traffic(kind: &EventKind) -> bool {
    match kind {
        // A unit or group taking over, failing, or giving up the active
        // role (split brain resolved: the other one keeps the traffic).
        EventKind::State { from, to, .. } => {
            from.is_active() || to.is_active() || *to == FoState::Failed
        }
        EventKind::Link { .. }
        | EventKind::Cable { .. }
        | EventKind::Power { .. }
        | EventKind::Monitor { .. }
        | EventKind::FailoverLink { .. }
        | EventKind::StatefulLink { .. }
        | EventKind::MateFailed { .. }
        | EventKind::Asymmetric { .. } => true,
        _ => false,
    }
}

/// No session drops without something that explains it:
/// - a statement that acts on sessions (a typed command such as `clear
///   conn` or a configuration change, `traffic`, `load`, `asymmetric`);
/// - an event during the statement that moves traffic (a unit or group
///   becoming active or failed, a link, cable or power change, ...);
/// - for drops for want of a path, such an event at any time before;
/// - for sessions a running `load` keeps opening, a standing condition:
///   such an event at any time before (each new session meets it);
/// - with the upstream router sending return traffic through the other
///   unit (`asymmetric on`), that change: sessions drop there as their
///   return packets arrive.
fn drops_explained(
    stmt: &Stmt,
    before: &BTreeMap<(Kind, DropReason), u64>,
    lab: &Lab,
    first_new_event: usize,
) -> Result<(), String> {
    let events = lab.events();
    let new = &events[first_new_event.min(events.len())..];
    let moved_now = new.iter().any(|e| moves_traffic(&e.kind));
    let moved_ever = events.iter().any(|e| moves_traffic(&e.kind));
    let acted = matches!(
        stmt,
        Stmt::Type(..) | Stmt::Traffic { .. } | Stmt::Load { .. } | Stmt::Asymmetric(_)
    );
    let loads = &lab.traffic().loads;
    let asymmetric = lab.asymmetric()
        && events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Asymmetric { on: true }));
    for (key @ (kind, reason), n) in drops(lab) {
        if n <= before.get(&key).copied().unwrap_or(0) {
            continue;
        }
        let load_of_kind = loads.iter().any(|l| l.kind == kind);
        let explained = match reason {
            DropReason::Cleared | DropReason::Terminated => acted,
            DropReason::TableFull => acted || !loads.is_empty(),
            DropReason::NoPath | DropReason::Denied => acted || moved_ever || load_of_kind,
            _ => acted || moved_now || (load_of_kind && moved_ever) || asymmetric,
        };
        if !explained {
            return Err(format!(
                "{kind} sessions dropped ({reason}) with no event that explains it"
            ));
        }
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
        let before = drops(replay.lab());
        let first_new_event = replay.lab().events().len();
        // A statement the lab refuses (a cable that is not there) is the
        // schedule's, not the lab's, fault.
        let _ = replay.apply(&l.stmt);
        let _ = replay.take_output();
        invariants(replay.lab())
            .and_then(|()| drops_explained(&l.stmt, &before, replay.lab(), first_new_event))
            .map_err(|e| format!("after line {} '{}': {e}", l.no, l.text))?;
        n += 1;
    }
    converged(replay.lab())?;
    n += clean_switchover_keeps_replicated_sessions(&mut replay)?;
    Ok(n)
}

/// Whether the pair is healthy: both units on and running failover with
/// different roles, both links up, and every group active on one unit and
/// Standby Ready on the other.
fn healthy(lab: &Lab) -> bool {
    let both_run = UnitId::BOTH.iter().all(|u| {
        let unit = lab.unit(*u);
        unit.powered && !unit.booting && unit.running.failover.enabled
    });
    if !both_run
        || !lab.failover_link_ok()
        || !lab.stateful_link_ok()
        || lab.unit(UnitId::Primary).role() == lab.unit(UnitId::Secondary).role()
    {
        return false;
    }
    let groups = if lab.unit(UnitId::Primary).running.multiple {
        lab.group_ids(UnitId::Primary)
    } else {
        vec![GroupId::Unit]
    };
    !groups.is_empty()
        && groups.into_iter().all(|g| {
            let states = UnitId::BOTH.map(|u| lab.unit(u).fo.state_of(g));
            states.contains(&FoState::Active) && states.contains(&FoState::StandbyReady)
        })
}

/// After the schedule healed, on a healthy pair: sessions replicated over
/// the healthy stateful link (their state fresh on both units — the
/// probe's own and any older ones) survive a clean switchover (`no
/// failover active` on the active unit, per group in Active/Active).
/// Returns the statements it ran (0 when the pair is not healthy).
fn clean_switchover_keeps_replicated_sessions(replay: &mut Replay) -> Result<usize, String> {
    if !healthy(replay.lab()) {
        return Ok(0);
    }
    let aa = replay.lab().unit(UnitId::Primary).running.multiple;
    let (a, b) = if aa {
        ("inside-a", "internet-server")
    } else {
        ("inside-host", "outside-server")
    };
    let mut probe = vec![
        Stmt::Traffic {
            kind: Kind::Tcp,
            count: 200,
            from: a.into(),
            to: b.into(),
        },
        Stmt::Traffic {
            kind: Kind::Udp,
            count: 50,
            from: a.into(),
            to: b.into(),
        },
        Stmt::Wait(Duration::from_secs(10)),
    ];
    let groups = if aa {
        replay.lab().group_ids(UnitId::Primary)
    } else {
        vec![GroupId::Unit]
    };
    for g in groups {
        let Some(active) = UnitId::BOTH
            .into_iter()
            .find(|u| replay.lab().unit(*u).fo.state_of(g) == FoState::Active)
        else {
            return Ok(0);
        };
        let cmd = match g {
            GroupId::Unit => "no failover active".to_string(),
            g => format!("no failover active group {}", g.number()),
        };
        probe.push(Stmt::Type(active, cmd));
    }
    probe.push(Stmt::Wait(Duration::from_secs(10)));
    // Open the probe's sessions and let them replicate.
    let (opening, switching) = probe.split_at(3);
    for s in opening {
        replay
            .apply(s)
            .map_err(|e| format!("switchover probe '{s}': {e}"))?;
        let _ = replay.take_output();
    }
    // The sessions whose state both units hold, fresh: replicated.
    let replicated: Vec<(u32, Kind)> = {
        let lab = replay.lab();
        let t = lab.traffic();
        let tables = UnitId::BOTH.map(|u| &lab.unit(u).table);
        (0..t.status.len() as u32)
            .filter(|i| t.status[*i as usize] == ALIVE)
            .map(|i| (i, t.kind[i as usize]))
            .filter(|(_, k)| LONG_LIVED.contains(k))
            .filter(|(i, _)| tables.iter().all(|tb| !tb.stale && tb.conns.get(*i)))
            .collect()
    };
    for s in switching {
        replay
            .apply(s)
            .map_err(|e| format!("switchover probe '{s}': {e}"))?;
        let _ = replay.take_output();
    }
    let t = replay.lab().traffic();
    let lost = replicated
        .iter()
        .filter(|(i, k)| t.status[*i as usize] != ALIVE || t.kind[*i as usize] != *k)
        .count();
    if lost > 0 {
        let why: Vec<String> = drops(replay.lab())
            .into_iter()
            .map(|((k, r), n)| format!("{k} {r}: {n}"))
            .collect();
        return Err(format!(
            "{lost} of {} replicated sessions dropped at a clean switchover of a healthy pair ({})",
            replicated.len(),
            why.join(", ")
        ));
    }
    Ok(probe.len())
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
                // Shrink while the same violation shows (its text without
                // the line it happened after).
                let what = |e: &str| e.rsplit("': ").next().unwrap_or(e).to_string();
                let want = what(&why);
                let small = shrink(lines, &|l| run_guarded(l).is_err_and(|e| what(&e) == want));
                let dir = e2e::root().join("target/simulation");
                let _ = std::fs::create_dir_all(&dir);
                let path = dir.join(format!("seed-{seed}.lab"));
                let note = "# then, on a healthy pair, the harness's clean-switchover probe\n";
                let _ = std::fs::write(&path, small.join("\n") + "\n" + note);
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
    // Four statements, then the clean-switchover probe's five.
    assert_eq!(run_guarded(&ok), Ok(9));
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

fn replay_of(text: &str) -> Replay {
    let parsed = script::parse(text).unwrap();
    let (mut replay, rest) = Replay::start(&parsed).unwrap();
    for l in rest {
        replay.apply(&l.stmt).unwrap();
    }
    replay
}

#[test]
fn an_unexplained_drop_is_caught() {
    // Sessions cleared by a typed `clear conn`: explained by that line,
    // not by a wait that follows it.
    let replay = replay_of(
        "lab active-standby\nwait 60s\ntraffic tcp 10 inside-host outside-server\nwait 1s\nprimary: clear conn\n",
    );
    let lab = replay.lab();
    let clear = Stmt::Type(UnitId::Primary, "clear conn".into());
    let wait = Stmt::Wait(Duration::from_secs(1));
    let none = BTreeMap::new();
    let now = lab.events().len();
    assert_eq!(drops_explained(&clear, &none, lab, now), Ok(()));
    assert_eq!(
        drops_explained(&wait, &none, lab, now),
        Err("tcp sessions dropped (cleared by clear conn) with no event that explains it".into())
    );
    // Already counted before the statement: nothing new to explain.
    assert_eq!(drops_explained(&wait, &drops(lab), lab, now), Ok(()));
}

#[test]
fn the_switchover_probe_runs_only_on_a_healthy_pair_and_keeps_its_sessions() {
    let mut replay = replay_of("lab active-standby\nwait 60s\n");
    assert!(healthy(replay.lab()));
    assert_eq!(
        clean_switchover_keeps_replicated_sessions(&mut replay),
        Ok(5)
    );
    let tcp = &replay.lab().traffic().stats[Kind::Tcp.index()];
    assert_eq!((tcp.total, tcp.alive), (200, 200));
    assert!(replay
        .lab()
        .unit(UnitId::Secondary)
        .fo
        .state_of(GroupId::Unit)
        .is_active());
    // Active/Active: each group switched over.
    let mut aa = replay_of("lab active-active\nwait 90s\n");
    assert!(healthy(aa.lab()));
    assert_eq!(clean_switchover_keeps_replicated_sessions(&mut aa), Ok(6));
    // The stateful link down: not healthy, no probe.
    let mut down = replay_of("lab active-standby\nwait 60s\nunplug primary Gi0/4\nwait 30s\n");
    assert!(!healthy(down.lab()));
    assert_eq!(clean_switchover_keeps_replicated_sessions(&mut down), Ok(0));
}
