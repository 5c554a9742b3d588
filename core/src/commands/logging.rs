//! `logging enable|timestamp|buffered LEVEL|console LEVEL`, `show logging`
//! and `clear logging buffer`.

use super::tree::{kw, p, N};
use super::{CliError, Cmd, Ctx, Output};
use crate::cli::{Args, Param};
use crate::config::LOG_LEVELS;

type Done = Result<Output, CliError>;

/// The severity words and numbers `logging buffered|console` take.
fn level_nodes(cmd: Cmd) -> Vec<N> {
    let helps = [
        "System is unusable                (severity=0)",
        "Immediate action needed           (severity=1)",
        "Critical conditions               (severity=2)",
        "Error conditions                  (severity=3)",
        "Warning conditions                (severity=4)",
        "Normal but significant conditions (severity=5)",
        "Informational messages            (severity=6)",
        "Debugging messages                (severity=7)",
    ];
    let mut v: Vec<N> = LOG_LEVELS
        .iter()
        .zip(helps)
        .map(|(w, h)| kw(w, h).named("level").run(cmd))
        .collect();
    v.push(p(Param::Int(0, 7), "level_n", "Enter syslog level (0 - 7)").run(cmd));
    super::tree::sort_by_kw(&mut v);
    v
}

/// The `logging` configuration command.
pub(super) fn config_node() -> N {
    let cmd = Cmd::config(logging).negatable();
    kw(
        "logging",
        "Configure logging levels, recipients and other options",
    )
    .then(vec![
        kw("buffered", "Enable logging to internal buffer")
            .named("dest")
            .run(cmd.negated_only())
            .then(level_nodes(cmd)),
        kw("console", "Set console logging parameters")
            .named("dest")
            .run(cmd.negated_only())
            .then(level_nodes(cmd)),
        kw(
            "enable",
            "Enable logging to all configured output locations",
        )
        .named("dest")
        .run(cmd),
        kw("timestamp", "Enable logging timestamps on syslog messages")
            .named("dest")
            .run(cmd),
    ])
}

/// `[no] logging ...`.
fn logging(c: &mut Ctx<'_>, a: &Args) -> Done {
    let on = !c.negated;
    let level = a
        .keyword("level")
        .ok()
        .and_then(|w| LOG_LEVELS.iter().position(|l| *l == w))
        .map(|i| i as u8)
        .or_else(|| a.int("level_n").ok().map(|n| n as u8));
    let l = &mut c.cfg_mut().logging;
    match a.keyword("dest").unwrap_or("") {
        "enable" => l.enable = on,
        "timestamp" => l.timestamp = on,
        "buffered" => l.buffered = level.filter(|_| on),
        "console" => l.console = level.filter(|_| on),
        _ => {}
    }
    Ok(vec![])
}

/// `clear logging buffer`.
pub(super) fn clear_buffer(c: &mut Ctx<'_>, _: &Args) -> Done {
    let key = c.session.context.clone().unwrap_or_default();
    if let Some(b) = c.lab.unit_mut(c.u).logs.get_mut(&key) {
        b.clear();
    }
    Ok(vec![])
}

/// `show logging`.
pub(super) fn show(c: &mut Ctx<'_>, _: &Args) -> Done {
    let l = c.cfg().logging.clone();
    let key = c.session.context.clone().unwrap_or_default();
    let unit = c.lab.unit(c.u);
    let buf = unit.logs.get(&key).cloned().unwrap_or_default();
    let onoff = |b: bool| if b { "enabled" } else { "disabled" };
    let dest = |lvl: Option<u8>, n: u64| match lvl {
        Some(v) => format!("level {}, {n} messages logged", LOG_LEVELS[v as usize]),
        None => "disabled".to_string(),
    };
    let mut out = vec![
        format!("Syslog logging: {}", onoff(l.enable)),
        "    Facility: 20".to_string(),
        format!("    Timestamp logging: {}", onoff(l.timestamp)),
        "    Hide Username logging: disabled".to_string(),
        "    Standby logging: disabled".to_string(),
        "    Debug-trace logging: disabled".to_string(),
        format!("    Console logging: {}", dest(l.console, buf.console)),
        "    Monitor logging: disabled".to_string(),
        format!("    Buffer logging: {}", dest(l.buffered, buf.buffered)),
        "    Trap logging: disabled".to_string(),
        "    Global TCP syslog stats::".to_string(),
        "        NOT_PUTABLE: 0, ALL_CHANNEL_DOWN: 0".to_string(),
        "        CHANNEL_FLAP_CNT: 0, SYSLOG_PKT_LOSS: 0".to_string(),
        "        PARTIAL_REWRITE_CNT: 0".to_string(),
        "    Permit-hostdown logging: disabled".to_string(),
        "    History logging: disabled".to_string(),
        "    Device ID: disabled".to_string(),
        "    Mail logging: disabled".to_string(),
        "    ASDM logging: disabled".to_string(),
    ];
    out.extend(buf.lines.iter().cloned());
    Ok(out)
}
