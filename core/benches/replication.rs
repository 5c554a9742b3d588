//! Stateful failover at scale: how fast replicated connections are created,
//! how much memory each costs, and how long a switchover of a million
//! connections takes. Figures are reported in docs/benchmarks.md.

use std::hint::black_box;

use asa_core::commands::Console;
use asa_core::lab::{Lab, LabConfig};
use asa_core::labs::{build, Template};
use asa_core::net::UnitId;
use asa_core::time::Duration;
use asa_core::traffic::Kind;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const INSIDE: usize = 0;
const DMZ: usize = 2;

/// An Active / Standby Ready pair.
fn pair() -> Lab {
    let mut lab = build(Template::ActiveStandby, LabConfig::default()).expect("lab");
    lab.advance(Duration::from_secs(60));
    lab
}

/// Opens `n` sessions and lets the stateful link deliver every update.
fn open_replicated(lab: &mut Lab, n: u64) {
    lab.start_traffic(Kind::Tcp, n, INSIDE, DMZ).unwrap();
    while !lab.deferred_is_empty() {
        lab.advance(Duration::from_millis(100));
    }
    assert_eq!(lab.unit(UnitId::Secondary).table.conns.len() as u64, n);
}

fn bench_open(c: &mut Criterion) {
    let mut g = c.benchmark_group("open_replicated");
    g.sample_size(10);
    for n in [10_000u64, 100_000, 1_000_000] {
        g.throughput(Throughput::Elements(n));
        g.bench_function(format!("{n}"), |b| {
            b.iter_batched(
                pair,
                |mut lab| open_replicated(black_box(&mut lab), n),
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

/// Connection churn: `load` at 100k new sessions a second for one virtual
/// second (each replicated at creation and at teardown).
fn bench_churn(c: &mut Criterion) {
    let mut g = c.benchmark_group("churn");
    g.sample_size(10);
    g.throughput(Throughput::Elements(100_000));
    g.bench_function("load_100k_per_s", |b| {
        b.iter_batched(
            pair,
            |mut lab| {
                lab.set_load(Kind::Tcp, 100_000, INSIDE, DMZ).unwrap();
                lab.advance(Duration::from_secs(1));
                black_box(lab.traffic().stats[0].total)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn bench_switchover(c: &mut Criterion) {
    let mut g = c.benchmark_group("switchover");
    g.sample_size(10);
    g.bench_function("1m_connections", |b| {
        b.iter_batched(
            || {
                let mut lab = pair();
                open_replicated(&mut lab, 1_000_000);
                lab
            },
            |mut lab| {
                lab.type_line(UnitId::Primary, "no failover active");
                let st = &lab.traffic().stats[Kind::Tcp.index()];
                assert_eq!((st.alive, st.dropped_total()), (1_000_000, 0));
                lab
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// Active/Active with asymmetric return traffic: an hour of virtual time
/// with a million long-lived sessions, both groups on the primary (return
/// traffic comes back through the same unit) or split (redirected by
/// asr-group from the mate's replicated state).
fn bench_asymmetric_hour(c: &mut Criterion) {
    let mut g = c.benchmark_group("asymmetric_1m_sessions_1h");
    g.sample_size(10);
    for (name, both_on_primary) in [("groups_on_one_unit", true), ("groups_split", false)] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let mut lab = build(Template::ActiveActive, LabConfig::default()).expect("lab");
                    lab.advance(Duration::from_secs(60));
                    if both_on_primary {
                        lab.type_line(UnitId::Primary, "failover active group 2");
                        lab.advance(Duration::from_secs(5));
                    }
                    lab.set_asymmetric(true);
                    let a = lab.net().host_by_name("inside-a").expect("host");
                    let s = lab.net().host_by_name("internet-server").expect("host");
                    lab.start_traffic(Kind::Tcp, 1_000_000, a, s).unwrap();
                    lab
                },
                |mut lab| {
                    lab.advance(Duration::from_secs(3600));
                    let st = &lab.traffic().stats[Kind::Tcp.index()];
                    assert_eq!(st.alive, 1_000_000);
                    lab
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

/// The case that once grew quadratically with virtual time (the
/// simulation issue's bug 6): `active-active`, the secondary's Gi0/1
/// unplugged, `asymmetric on`, `load udp 2000` — 2, 4 and 8 minutes of
/// virtual time must cost in proportion.
fn bench_asymmetric_load_minutes(c: &mut Criterion) {
    let mut g = c.benchmark_group("asymmetric_load_udp_2000");
    g.sample_size(10);
    for minutes in [2u64, 4, 8] {
        g.throughput(Throughput::Elements(minutes * 60 * 2000));
        g.bench_function(format!("{minutes}m"), |b| {
            b.iter_batched(
                || {
                    let mut lab = build(Template::ActiveActive, LabConfig::default()).expect("lab");
                    lab.set_cable(UnitId::Secondary, asa_core::net::Port(1), false)
                        .expect("cable");
                    lab.set_asymmetric(true);
                    let a = lab.net().host_by_name("inside-a").expect("host");
                    let s = lab.net().host_by_name("internet-server").expect("host");
                    lab.set_load(Kind::Udp, 2000, a, s).unwrap();
                    lab
                },
                |mut lab| {
                    lab.advance(Duration::from_secs(minutes * 60));
                    black_box(lab.traffic().stats[Kind::Udp.index()].total);
                    lab
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

fn report_memory(_c: &mut Criterion) {
    let mut lab = pair();
    open_replicated(&mut lab, 1_000_000);
    let per_unit = |u: UnitId| lab.unit(u).table.conns.bytes() as f64 / 1e6;
    let shared = lab.traffic().bytes() as f64 / 1e6;
    eprintln!(
        "memory: {:.1} bytes per connection on each unit (shared flow record {:.1} + table {:.2} / {:.2})",
        shared + per_unit(UnitId::Primary),
        shared,
        per_unit(UnitId::Primary),
        per_unit(UnitId::Secondary)
    );
}

criterion_group!(
    benches,
    report_memory,
    bench_open,
    bench_churn,
    bench_switchover,
    bench_asymmetric_hour,
    bench_asymmetric_load_minutes
);
criterion_main!(benches);
