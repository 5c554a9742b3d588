//! Global settings and objects: `hostname`, `domain-name`, `prompt`,
//! `enable password`, `pager lines`, `mtu`, `names`, `route`, and network
//! objects with their sub-mode (`hostname(config-network-object)#`).

use super::{CliError, Ctx, Output};
use crate::cli::{Arg, Args};
use crate::config::{NatKind, NetObject, ObjectNat, PromptPart, Route, UnitConfig};
use crate::unit::Mode;

type Done = Result<Output, CliError>;

/// `hostname NAME`.
pub(super) fn hostname(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = a.word("name")?;
    let valid = name.len() <= 63
        && name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
    if !valid {
        return Err(CliError::BadHostname);
    }
    c.cfg_mut().hostname = name.to_string();
    Ok(vec![])
}

/// `[no] domain-name NAME`.
pub(super) fn domain_name(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = if c.negated {
        None
    } else {
        Some(a.word("name")?.to_string())
    };
    c.cfg_mut().domain = name;
    Ok(vec![])
}

/// `enable password SECRET`.
pub(super) fn enable_password(c: &mut Ctx<'_>, _: &Args) -> Done {
    c.cfg_mut().enable_password_set = true;
    Ok(vec![])
}

/// `[no] names`: accepted; the lab has no name table.
pub(super) fn names(_: &mut Ctx<'_>, _: &Args) -> Done {
    Ok(vec![])
}

/// `pager lines N`.
pub(super) fn pager_lines(c: &mut Ctx<'_>, a: &Args) -> Done {
    c.cfg_mut().pager_lines = a.int("lines").unwrap_or(24);
    Ok(vec![])
}

/// `mtu NAME BYTES`.
pub(super) fn mtu(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = a.word("name")?;
    let Some(port) = c.cfg().port_of_nameif(name) else {
        return Err(CliError::NotNamedInterface {
            name: name.to_string(),
        });
    };
    c.cfg_mut().iface_mut(port).mtu = a.int("mtu").unwrap_or(1500) as u16;
    Ok(vec![])
}

/// `[no] prompt PART...` (system space and single mode).
pub(super) fn prompt(c: &mut Ctx<'_>, a: &Args) -> Done {
    let parts: Vec<PromptPart> = a
        .iter()
        .filter(|(name, _)| *name == "part")
        .filter_map(|(_, part)| match part {
            Arg::Kw("hostname") => Some(PromptPart::Hostname),
            Arg::Kw("domain") => Some(PromptPart::Domain),
            Arg::Kw("context") => Some(PromptPart::Context),
            Arg::Kw("priority") => Some(PromptPart::Priority),
            Arg::Kw("state") => Some(PromptPart::State),
            _ => None,
        })
        .collect();
    c.unit_mut().running.prompt = if c.negated {
        UnitConfig::default().prompt
    } else {
        parts
    };
    Ok(vec![])
}

/// `[no] route IFNAME NET MASK GATEWAY [DISTANCE]`.
pub(super) fn route(c: &mut Ctx<'_>, a: &Args) -> Done {
    let r = Route {
        ifname: a.word("ifname")?.to_string(),
        net: a.ip("net")?,
        mask: a.ip("mask")?,
        gateway: a.ip("gateway")?,
        distance: a.int("distance").map_or(1, |d| d as u8),
    };
    let negated = c.negated;
    let routes = &mut c.cfg_mut().routes;
    routes.retain(|x| !(x.net == r.net && x.mask == r.mask && x.gateway == r.gateway));
    if !negated {
        routes.push(r);
    }
    Ok(vec![])
}

/// `[no] object network NAME`: defines (and enters) or removes an object.
pub(super) fn enter(c: &mut Ctx<'_>, a: &Args) -> Done {
    let name = a.word("name")?.to_string();
    if c.negated {
        c.cfg_mut().objects.remove(&name);
        return Ok(vec![]);
    }
    c.unit_mut()
        .running
        .objects
        .entry(name.clone())
        .or_default();
    c.session.mode = Mode::NetworkObject(name);
    Ok(vec![])
}

/// The object being defined (the sub-mode's), in the session's space.
fn object<'a>(c: &'a mut Ctx<'_>) -> Result<&'a mut NetObject, CliError> {
    let Mode::NetworkObject(name) = c.session.mode.clone() else {
        return Err(CliError::InvalidInput { caret: None });
    };
    Ok(c.cfg_mut().objects.entry(name).or_default())
}

/// `host IP`.
pub(super) fn host(c: &mut Ctx<'_>, a: &Args) -> Done {
    let ip = a.ip("ip")?;
    let obj = object(c)?;
    obj.host = Some(ip);
    obj.subnet = None;
    Ok(vec![])
}

/// `subnet NET MASK`.
pub(super) fn subnet(c: &mut Ctx<'_>, a: &Args) -> Done {
    let (net, mask) = (a.ip("net")?, a.ip("mask")?);
    let obj = object(c)?;
    obj.subnet = Some((net, mask));
    obj.host = None;
    Ok(vec![])
}

/// `[no] nat (REAL,MAPPED) dynamic interface|IP` / `static IP`.
pub(super) fn nat(c: &mut Ctx<'_>, a: &Args) -> Done {
    let negated = c.negated;
    let obj = object(c)?;
    if negated {
        obj.nat = None;
        return Ok(vec![]);
    }
    let ifs = a.word("interfaces")?;
    let inner = ifs.strip_prefix('(').and_then(|s| s.strip_suffix(')'));
    let Some((real, mapped)) = inner.and_then(|s| s.split_once(',')) else {
        return Err(CliError::InvalidInput { caret: None });
    };
    let kind = if a.has("static") {
        NatKind::Static(a.ip("mapped")?)
    } else if a.has("interface") {
        NatKind::DynamicInterface
    } else {
        NatKind::Dynamic(a.ip("mapped")?)
    };
    obj.nat = Some(ObjectNat {
        real_if: real.to_string(),
        mapped_if: mapped.to_string(),
        kind,
    });
    Ok(vec![])
}
