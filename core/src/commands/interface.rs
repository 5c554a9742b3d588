//! `interface PORT` and its sub-mode (`hostname(config-if)#`).

use super::{CliError, Ctx, Origin, Output};
use crate::cli::Args;
use crate::config::{IfAddr, IfConfig};
use crate::net::Port;
use crate::unit::Mode;

type Done = Result<Output, CliError>;

/// `interface PORT`: enters the interface's sub-mode (in a context, only
/// an interface allocated to it).
pub(super) fn enter(c: &mut Ctx<'_>, a: &Args) -> Done {
    let port = a.port("port")?;
    if let Some(name) = c.session.context.as_deref() {
        let allocated = c
            .unit()
            .running
            .contexts
            .get(name)
            .is_some_and(|d| d.allocated.contains(&port));
        if !allocated {
            return Err(CliError::NotAllocated {
                port,
                context: name.to_string(),
            });
        }
    }
    // A configuration file lists ` shutdown` for a shut interface;
    // an interface block without it is up.
    if c.origin == Origin::Config {
        c.cfg_mut().iface_mut(port).shutdown = false;
    }
    c.session.mode = Mode::Interface(port);
    Ok(vec![])
}

/// The port being configured (the sub-mode's).
fn configuring(c: &Ctx<'_>) -> Result<Port, CliError> {
    match c.session.mode {
        Mode::Interface(p) => Ok(p),
        _ => Err(CliError::InvalidInput { caret: None }),
    }
}

/// The interface's settings in the session's space; layer 3 settings
/// (`nameif`, `security-level`, `ip address`) are refused on a failover or
/// stateful link's port, and so is their `no` form: that interface is
/// configured with the failover commands.
fn iface<'a>(c: &'a mut Ctx<'_>, layer3: bool) -> Result<&'a mut IfConfig, CliError> {
    let port = configuring(c)?;
    if layer3 && c.unit().running.failover.is_failover_port(port) {
        return Err(CliError::FailoverPortConfig { port });
    }
    Ok(c.cfg_mut().iface_mut(port))
}

/// Applies a change to the interface; the links see the result.
fn change(c: &mut Ctx<'_>, f: impl FnOnce(&mut IfConfig, bool)) -> Done {
    let negated = c.negated;
    f(iface(c, false)?, negated);
    c.lab.links_changed();
    Ok(vec![])
}

/// `[no] nameif [NAME]`; a first name sets the default security level.
pub(super) fn nameif(c: &mut Ctx<'_>, a: &Args) -> Done {
    let negated = c.negated;
    let ic = iface(c, true)?;
    if negated {
        ic.nameif = None;
        ic.addr = None;
        ic.security_level = None;
    } else {
        let n = a.word("name")?.to_string();
        let default_level = if n == "inside" { 100 } else { 0 };
        let had = ic.nameif.is_some();
        ic.nameif = Some(n.clone());
        if !had && ic.security_level.is_none() {
            ic.security_level = Some(default_level);
            return Ok(vec![format!(
                "INFO: Security level for \"{n}\" set to {default_level} by default."
            )]);
        }
    }
    c.lab.links_changed();
    Ok(vec![])
}

/// `[no] security-level [N]`.
pub(super) fn security_level(c: &mut Ctx<'_>, a: &Args) -> Done {
    let negated = c.negated;
    let ic = iface(c, true)?;
    ic.security_level = if negated {
        None
    } else {
        Some(a.int("level")? as u8)
    };
    c.lab.links_changed();
    Ok(vec![])
}

/// `[no] ip address [IP MASK [standby IP]]`.
pub(super) fn ip_address(c: &mut Ctx<'_>, a: &Args) -> Done {
    let negated = c.negated;
    let manual = c.origin != super::Origin::Config;
    let ic = iface(c, true)?;
    if negated {
        ic.addr = None;
        return Ok(vec![]);
    }
    let (ip, mask) = (a.ip("ip")?, a.ip("mask")?);
    let standby = a.ip("standby").ok();
    if standby.is_some_and(|s| !s.same_subnet(ip, mask)) {
        return Err(CliError::StandbyNotInSubnet);
    }
    ic.addr = Some(IfAddr {
        ip,
        mask,
        standby,
        manual,
    });
    c.lab.links_changed();
    Ok(vec![])
}

/// `[no] shutdown`.
pub(super) fn shutdown(c: &mut Ctx<'_>, _: &Args) -> Done {
    change(c, |ic, no| ic.shutdown = !no)
}

/// `[no] description TEXT`.
pub(super) fn description(c: &mut Ctx<'_>, a: &Args) -> Done {
    let text = a.line("text").ok().map(String::from);
    change(c, |ic, no| ic.description = if no { None } else { text })
}

/// `[no] mac-address MAC [standby MAC]`.
pub(super) fn mac_address(c: &mut Ctx<'_>, a: &Args) -> Done {
    let macs = (a.mac("mac").ok(), a.mac("standby_mac").ok());
    change(c, |ic, no| {
        ic.mac = match macs {
            (Some(active), standby) if !no => Some((active, standby)),
            _ => None,
        }
    })
}

/// `[no] asr-group N`.
pub(super) fn asr_group(c: &mut Ctx<'_>, a: &Args) -> Done {
    let group = a.int("group").ok().map(|n| n as u8);
    change(c, |ic, no| ic.asr_group = if no { None } else { group })
}

/// `[no] speed 10|100|1000|auto`.
pub(super) fn speed(c: &mut Ctx<'_>, a: &Args) -> Done {
    let speed = a.keyword("mbps").ok().and_then(|w| w.parse().ok());
    change(c, |ic, no| ic.speed = if no { None } else { speed })
}
