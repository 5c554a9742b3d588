//! Failover Lab engine: a deterministic, sans-IO simulation of a Cisco ASA
//! failover pair — two units, their cables and the failover protocol,
//! configured through a faithful ASA command line.
//!
//! Time is virtual and passed in; the lab's one PRNG is seeded from its
//! configuration; every state change is recorded in the event timeline.
//!
//! Layout: [`lab`] is the simulation (its parts by topic under
//! `lab/`: timers, the wire, groups, protocol, policy, sync, addresses,
//! replication, forwarding, asr, power); [`commands`] is the ASA command
//! line on top of it; [`show`] renders outputs; [`config`] is the
//! configuration model; [`event`] the timeline; [`script`] the lab-script
//! parser and the one replayer; [`view`] the typed views a UI draws
//! ([`charts`] the charts' rows, bands and plain form);
//! [`labs`] the starting labs.
//!
//! ```
//! use asa_core::{commands::Console, labs::{self, Template}, lab::LabConfig, net::UnitId, time::Duration};
//! let mut lab = labs::build(Template::ActiveStandby, LabConfig::default()).unwrap();
//! lab.advance(Duration::from_secs(60));
//! lab.type_line(UnitId::Primary, "show failover | include This host");
//! let out = lab.take_console(UnitId::Primary);
//! assert!(out.iter().any(|l| l.contains("This host: Primary - Active")));
//! ```
#![forbid(unsafe_code)]

pub mod charts;
pub mod cli;
pub mod commands;
pub mod config;
pub mod event;
pub mod failover;
pub mod lab;
pub mod labs;
pub mod lesson;
pub mod net;
pub mod pager;
#[cfg(feature = "serde")]
pub mod record;
pub mod repl;
pub mod rng;
pub mod script;
pub mod show;
pub mod small;
pub mod time;
pub mod traffic;
pub mod unit;
pub mod view;
pub mod why;

/// The engine's version, shown by the UI.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
