//! Modes, `write`/`copy`/`reload`, `terminal`, `clear`, `changeto`, and the
//! answers to the questions some of them ask.

use super::{context, CliError, Ctx, Output};
use crate::cli::Args;
use crate::event::EventKind;
use crate::failover::GroupId;
use crate::lab::{Lab, WriteStandbyRefused};
use crate::net::UnitId;
use crate::unit::{Mode, Pending, Session};

type Done = Result<Output, CliError>;

pub(super) fn configure_terminal(c: &mut Ctx<'_>, _: &Args) -> Done {
    c.session.mode = Mode::Config;
    c.session.warned_standby = false;
    Ok(vec![])
}

pub(super) fn enable(c: &mut Ctx<'_>, _: &Args) -> Done {
    if c.session.mode == Mode::User {
        c.session.pending = Some(Pending::EnablePassword);
        return Ok(vec!["Password: ".into()]);
    }
    Ok(vec![])
}

pub(super) fn disable(c: &mut Ctx<'_>, _: &Args) -> Done {
    c.session.mode = Mode::User;
    Ok(vec![])
}

pub(super) fn exit(c: &mut Ctx<'_>, _: &Args) -> Done {
    c.session.mode = match &c.session.mode {
        Mode::Interface(_) | Mode::NetworkObject(_) | Mode::Context(_) | Mode::FoGroup(_) => {
            Mode::Config
        }
        Mode::Config => Mode::Exec,
        Mode::Exec | Mode::User => {
            // Leaving the console session logs out; a new one starts.
            *c.session = Session::default();
            return Ok(vec![
                String::new(),
                "Logoff".into(),
                String::new(),
                "Type help or '?' for a list of available commands.".into(),
            ]);
        }
    };
    Ok(vec![])
}

pub(super) fn end(c: &mut Ctx<'_>, _: &Args) -> Done {
    c.session.mode = Mode::Exec;
    Ok(vec![])
}

/// `debug ...`, `ping ...`, `clear ...`: real commands the lab does not model.
pub(super) fn unsupported(c: &mut Ctx<'_>, _: &Args) -> Done {
    let word = c.line.split_whitespace().next().unwrap_or("");
    Err(CliError::Unsupported {
        word: word.to_string(),
    })
}

/// `terminal pager [N]`: this session's page length; not configuration.
pub(super) fn terminal_pager(c: &mut Ctx<'_>, a: &Args) -> Done {
    c.session.pager_lines = Some(a.int("lines").unwrap_or(24));
    Ok(vec![])
}

/// `clear conn [all] [address IP] [port N] [protocol P]`: in a context,
/// that context's connections only.
pub(super) fn clear_conn(c: &mut Ctx<'_>, a: &Args) -> Done {
    let q = super::show::conn_query(a);
    let ctx = c.session.context.clone();
    if ctx.is_none() && q == crate::show::ConnQuery::default() {
        c.lab.clear_conns(c.u, false);
    } else {
        let slots = crate::show::conn_slots(c.lab, c.u, &q, ctx.as_deref());
        c.lab.clear_conn_slots(c.u, slots);
    }
    Ok(vec![])
}

pub(super) fn clear_xlate(c: &mut Ctx<'_>, _: &Args) -> Done {
    c.lab.clear_conns(c.u, true);
    Ok(vec![])
}

/// `changeto context NAME` / `changeto system`.
pub(super) fn changeto(c: &mut Ctx<'_>, a: &Args) -> Done {
    if a.has("system") {
        c.session.context = None;
    } else {
        let name = a.word("name")?;
        if !c.unit().running.contexts.contains_key(name) {
            return Err(CliError::NoSuchContext {
                name: name.to_string(),
            });
        }
        c.session.context = Some(name.to_string());
    }
    if c.session.mode.is_sub() {
        c.session.mode = Mode::Config;
    }
    c.session.warned_standby = false;
    Ok(vec![])
}

/// `write memory [all]`.
pub(super) fn write_memory(c: &mut Ctx<'_>, a: &Args) -> Done {
    let ctx = c.session.context.clone();
    let replicate = c.origin != super::Origin::Replicated;
    Ok(save_config(
        c.lab,
        c.u,
        replicate,
        ctx.as_deref(),
        a.has("all"),
    ))
}

/// `copy [/noconfirm] running-config startup-config`.
pub(super) fn copy_running_startup(c: &mut Ctx<'_>, a: &Args) -> Done {
    if a.has("/noconfirm") || !c.human() {
        let ctx = c.session.context.clone();
        let replicate = c.origin != super::Origin::Replicated;
        return Ok(save_config(c.lab, c.u, replicate, ctx.as_deref(), false));
    }
    c.session.pending = Some(Pending::CopySource);
    Ok(vec![
        String::new(),
        "Source filename [running-config]? ".into(),
    ])
}

pub(super) fn write_terminal(c: &mut Ctx<'_>, _: &Args) -> Done {
    Ok(c.cfg().render())
}

/// `write erase`: asks, and the next console line answers (as `reload`).
pub(super) fn write_erase(c: &mut Ctx<'_>, _: &Args) -> Done {
    if !c.human() {
        return Ok(erase_startup(c.lab, c.u));
    }
    c.session.pending = Some(Pending::EraseConfirm);
    Ok(vec!["Erase configuration in flash memory? [confirm]".into()])
}

fn erase_startup(lab: &mut Lab, u: UnitId) -> Output {
    lab.unit_mut(u).startup = None;
    vec!["[OK]".into()]
}

/// `write standby`.
pub(super) fn write_standby(c: &mut Ctx<'_>, _: &Args) -> Done {
    if c.unit().running.multiple {
        let ctx = c.session.context.clone();
        return c
            .lab
            .write_standby_multi(c.u, ctx.as_deref())
            .map_err(|e| match e {
                WriteStandbyRefused::ContextNotActiveHere => CliError::OnlyInActiveContext,
                WriteStandbyRefused::Group1NotActiveHere => CliError::OnlyWhereGroup1Active,
                WriteStandbyRefused::StandbyUnavailable => CliError::StandbyUnavailable,
            });
    }
    if !c.unit().running.failover.enabled || !c.unit().fo.unit.state.is_active() {
        return Err(CliError::OnlyOnActive);
    }
    if c.lab.write_standby(c.u) {
        Ok(vec!["Building configuration...".into(), "[OK]".into()])
    } else {
        Err(CliError::StandbyUnavailable)
    }
}

/// `reload [noconfirm]`.
pub(super) fn reload(c: &mut Ctx<'_>, a: &Args) -> Done {
    if a.has("noconfirm") {
        reboot(c.lab, c.u);
        return Ok(vec![]);
    }
    c.session.pending = Some(Pending::ReloadConfirm);
    Ok(vec!["Proceed with reload? [confirm]".into()])
}

/// The answer to a question the console asked.
pub(super) fn answer_pending(
    lab: &mut Lab,
    u: UnitId,
    session: &mut Session,
    pending: Pending,
    answer: &str,
) -> Vec<String> {
    let a = answer.trim().to_ascii_lowercase();
    let yes = a.is_empty() || a.starts_with('y');
    match pending {
        Pending::ReloadConfirm => {
            if yes {
                reboot(lab, u);
            }
            vec![]
        }
        Pending::EraseConfirm => {
            if yes {
                return erase_startup(lab, u);
            }
            vec![]
        }
        Pending::CopySource => {
            session.pending = Some(Pending::CopyDest);
            vec!["Destination filename [startup-config]? ".into()]
        }
        Pending::CopyDest => {
            let ctx = session.context.clone();
            save_config(lab, u, true, ctx.as_deref(), false)
        }
        Pending::EnablePassword => {
            session.mode = Mode::Exec;
            vec![]
        }
        Pending::ModeConfirm(multiple) => {
            if yes {
                context::convert_mode(lab, u, multiple, true);
            }
            vec![]
        }
        Pending::File(ask) => super::files::answer(lab, u, session, ask, answer),
    }
}

/// Shuts the unit down and boots it again.
pub(super) fn reboot(lab: &mut Lab, u: UnitId) {
    lab.unit_mut(u).say("");
    lab.unit_mut(u).say("***");
    lab.unit_mut(u).say("*** --- START GRACEFUL SHUTDOWN ---");
    lab.unit_mut(u).say("Shutting down failover");
    lab.set_power(u, false);
    lab.set_power(u, true);
}

/// `write memory` / `copy running-config startup-config`; replicated to
/// the standby when this unit is active.
fn save_config(lab: &mut Lab, u: UnitId, replicate: bool, ctx: Option<&str>, all: bool) -> Output {
    let bytes: usize = lab
        .unit(u)
        .cfg_for(ctx)
        .render()
        .iter()
        .map(|l| l.len() + 1)
        .sum();
    store_startup(lab, u, ctx, all);
    if replicate {
        let peer = u.peer();
        let g = match ctx {
            Some(c) => lab.unit(u).running.group_of_context(c),
            None if lab.unit(u).running.multiple => GroupId::G1,
            None => GroupId::Unit,
        };
        let ps = lab.unit(peer).fo.state_of(g);
        if lab.unit(u).running.failover.enabled
            && lab.unit(u).fo.state_of(g).is_active()
            && lab.failover_link_ok()
            && ps.is_standby()
        {
            store_startup(lab, peer, ctx, all);
            lab.record(
                Some(u),
                EventKind::CommandReplicated {
                    command: if all {
                        "write memory all".into()
                    } else {
                        "write memory".into()
                    },
                },
            );
        }
    }
    let sum = config_checksum(lab, u);
    vec![
        "Building configuration...".into(),
        format!("Cryptochecksum: {sum} "),
        String::new(),
        format!("{bytes} bytes copied in 0.120 secs"),
        "[OK]".into(),
    ]
}

/// Saves the running configuration of a space to the startup
/// configuration: a context's alone, the system's alone, or all.
fn store_startup(lab: &mut Lab, u: UnitId, ctx: Option<&str>, all: bool) {
    let unit = lab.unit_mut(u);
    let running = unit.running.clone();
    let mut startup = unit.startup.take().unwrap_or_else(|| {
        let mut c = running.clone();
        for d in c.contexts.values_mut() {
            d.cfg = crate::config::UnitConfig::context_default();
        }
        c
    });
    if all || !running.multiple {
        startup = running;
    } else if let Some(c) = ctx {
        if let (Some(d), Some(r)) = (startup.contexts.get_mut(c), running.contexts.get(c)) {
            d.cfg = r.cfg.clone();
        }
    } else {
        // The system space: its own settings and context definitions,
        // keeping the contexts' saved configurations.
        let mut sys = running;
        for (name, d) in sys.contexts.iter_mut() {
            d.cfg = startup
                .contexts
                .get(name)
                .map(|x| x.cfg.clone())
                .unwrap_or_else(crate::config::UnitConfig::context_default);
        }
        startup = sys;
    }
    unit.startup = Some(startup);
}

fn config_checksum(lab: &Lab, u: UnitId) -> String {
    let text = lab.unit(u).running.render().join("\n");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x1000_0000_01b3);
    }
    let mut h2 = h.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15;
    h2 = h2.wrapping_mul(0x1000_0000_01b3);
    format!(
        "{:08x} {:08x} {:08x} {:08x}",
        h >> 32,
        h & 0xffff_ffff,
        h2 >> 32,
        h2 & 0xffff_ffff
    )
}
