//! Multiple context mode: `mode`, `admin-context`, `context NAME` and the
//! context definition sub-mode (`hostname(config-ctx)#`).

use super::{exec, CliError, Ctx, Origin, Output};
use crate::cli::Args;
use crate::config::ContextDef;
use crate::failover::GroupId;
use crate::lab::Lab;
use crate::net::UnitId;
use crate::unit::{Mode, Pending};

type Done = Result<Output, CliError>;

/// `mode multiple|single [noconfirm]`: asks, then converts the
/// configuration and reloads (the command is not replicated).
pub(super) fn mode(c: &mut Ctx<'_>, a: &Args) -> Done {
    let multiple = a.keyword("context_mode")? == "multiple";
    if c.unit().running.multiple == multiple {
        return Err(CliError::AlreadyInMode { multiple });
    }
    let warn = [
        "WARNING: This command will change the behavior of the device",
        "WARNING: This command will initiate a Reboot",
    ];
    if a.has("noconfirm") {
        c.unit_mut().console.extend(warn.map(String::from));
        convert_mode(c.lab, c.u, multiple, false);
        return Ok(vec![]);
    }
    c.session.pending = Some(Pending::ModeConfirm(multiple));
    let mut out = warn.map(String::from).to_vec();
    out.push("Proceed with change mode? [confirm]".into());
    Ok(out)
}

/// Converts the configuration to multiple (or single) context mode,
/// writes it to flash and reloads; `asked` prints the second question
/// as answered with Enter.
pub(super) fn convert_mode(lab: &mut Lab, u: UnitId, multiple: bool, asked: bool) {
    let cfg = lab.unit(u).running.clone();
    let converted = if multiple {
        cfg.to_multiple()
    } else {
        cfg.to_single()
    };
    lab.unit_mut(u).startup = Some(converted);
    let mut out: Vec<String> = Vec::new();
    if asked {
        out.push("Convert the system configuration? [confirm]".into());
    }
    out.push("!".into());
    if multiple {
        out.push("The old running configuration file will be written to flash".into());
        out.push("The admin context configuration will be written to flash".into());
        out.push("The new running configuration file was written to flash".into());
    }
    out.push("Security context mode: ".to_string() + if multiple { "multiple" } else { "single" });
    lab.unit_mut(u).console.extend(out);
    exec::reboot(lab, u);
}

/// `[no] mac-address auto [prefix N]` (system execution space).
pub(super) fn mac_auto(c: &mut Ctx<'_>, a: &Args) -> Done {
    let setting = if c.negated {
        crate::config::MacAuto::Off
    } else {
        crate::config::MacAuto::On(a.int("prefix").ok().map(|n| n as u16))
    };
    c.unit_mut().running.mac_auto = setting;
    Ok(vec![])
}

/// `admin-context NAME`.
pub(super) fn admin_context(c: &mut Ctx<'_>, a: &Args) -> Done {
    if c.negated {
        return Err(CliError::AdminContextNeeded);
    }
    let name = a.word("name")?.to_string();
    if let Some(d) = c.unit().running.contexts.get(&name) {
        if d.group() != GroupId::G1 {
            return Err(CliError::AdminContextOutsideGroup1);
        }
    }
    c.unit_mut().running.admin_context = Some(name);
    Ok(vec![])
}

/// `[no] context NAME`: defines (and enters) or removes a context.
pub(super) fn enter(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = a.word("name")?.to_string();
    if name.len() > 32 || name == "system" || name == "null" {
        return Err(CliError::BadContextName { name });
    }
    let running = &mut c.lab.unit_mut(c.u).running;
    if c.negated {
        if running.admin_context.as_deref() == Some(name.as_str()) {
            return Err(CliError::AdminContextRemoval);
        }
        if running.contexts.remove(&name).is_none() {
            return Err(CliError::NoSuchContext { name });
        }
        c.lab.forget_context(c.u, &name);
        c.lab.links_changed();
        return Ok(vec![]);
    }
    let new = !running.contexts.contains_key(&name);
    running.contexts.entry(name.clone()).or_default();
    c.session.mode = Mode::Context(name.clone());
    if new && c.origin == Origin::Console {
        return Ok(vec![format!("Creating context '{name}'... Done. (1)")]);
    }
    Ok(vec![])
}

/// The context being defined (the sub-mode's).
fn defining(c: &Ctx<'_>) -> Result<String, CliError> {
    match &c.session.mode {
        Mode::Context(name) => Ok(name.clone()),
        _ => Err(CliError::InvalidInput { caret: None }),
    }
}

fn def_mut<'a>(c: &'a mut Ctx<'_>, name: &str) -> &'a mut ContextDef {
    c.lab
        .unit_mut(c.u)
        .running
        .contexts
        .get_mut(name)
        .expect("in its mode")
}

/// `[no] allocate-interface PORT`.
pub(super) fn allocate_interface(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = defining(c)?;
    let port = a.port("port")?;
    let running = &c.unit().running;
    if running.failover.is_failover_port(port) {
        return Err(CliError::PortIsFailover { port });
    }
    if let Some((other, _)) = running.owner_of(port) {
        if other != name {
            return Err(CliError::PortAllocated {
                port,
                context: other.to_string(),
            });
        }
    }
    let negated = c.negated;
    let d = def_mut(c, &name);
    if negated {
        d.allocated.retain(|p| *p != port);
        d.cfg.interfaces.remove(&port);
    } else if !d.allocated.contains(&port) {
        d.allocated.push(port);
        crate::small::sort_small(&mut d.allocated);
        d.cfg.iface_mut(port).shutdown = false;
    }
    c.lab.links_changed();
    Ok(vec![])
}

/// `[no] join-failover-group N`.
pub(super) fn join_failover_group(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = defining(c)?;
    let g = a.int("group").map_or(1, |g| g as u8);
    let running = &c.unit().running;
    if !c.negated {
        if running.admin_context.as_deref() == Some(name.as_str()) && g != 1 {
            return Err(CliError::AdminContextInGroup1);
        }
        if !running.groups.contains_key(&g) {
            return Err(CliError::NoSuchGroup { group: g });
        }
    }
    let negated = c.negated;
    def_mut(c, &name).group = (!negated).then_some(g);
    c.lab.links_changed();
    Ok(vec![])
}

/// `[no] config-url URL`.
pub(super) fn config_url(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = defining(c)?;
    let url = (!c.negated).then(|| a.word("url").map(String::from));
    let url = url.transpose()?;
    def_mut(c, &name).config_url = url;
    Ok(vec![])
}

/// `[no] description TEXT` (of a context).
pub(super) fn description(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = defining(c)?;
    let text = if c.negated {
        None
    } else {
        a.line("text").ok().map(String::from)
    };
    def_mut(c, &name).description = text;
    Ok(vec![])
}
