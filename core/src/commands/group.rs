//! Failover groups (Active/Active): `failover group N` and its sub-mode
//! (`hostname(config-fover-group)#`).

use super::failover::{policy_arg, polltime as set_polltime, Timers};
use super::{CliError, Ctx, Output};
use crate::cli::Args;
use crate::config::{GroupConfig, Role};
use crate::unit::Mode;

type Done = Result<Output, CliError>;

/// `[no] failover group N`: creates (and enters) or removes a group.
pub(super) fn enter(c: &mut Ctx<'_>, a: &Args) -> Done {
    let g = a.int("group").map_or(1, |g| g as u8);
    let running = &c.unit().running;
    let exists = running.groups.contains_key(&g);
    if c.human() && running.failover.enabled && (c.negated || !exists) {
        return Err(CliError::GroupsNeedFailoverOff);
    }
    if c.negated {
        if !exists {
            return Err(CliError::NoSuchGroup { group: g });
        }
        if g == 1 && running.groups.contains_key(&2) {
            return Err(CliError::RemoveGroup2First);
        }
        let users: Vec<String> = running
            .contexts
            .iter()
            .filter(|(_, d)| d.group == Some(g))
            .map(|(n, _)| n.clone())
            .collect();
        if !users.is_empty() {
            return Err(CliError::GroupInUse {
                group: g,
                contexts: users,
            });
        }
        c.unit_mut().running.groups.remove(&g);
        return Ok(vec![]);
    }
    c.unit_mut().running.groups.entry(g).or_default();
    c.session.mode = Mode::FoGroup(g);
    Ok(vec![])
}

/// The group being configured (the sub-mode's).
fn configuring(c: &Ctx<'_>) -> Result<u8, CliError> {
    match c.session.mode {
        Mode::FoGroup(g) => Ok(g),
        _ => Err(CliError::InvalidInput { caret: None }),
    }
}

/// Changes the group's settings; the links see the result.
fn change(c: &mut Ctx<'_>, f: impl FnOnce(&mut GroupConfig, bool)) -> Done {
    let g = configuring(c)?;
    let negated = c.negated;
    f(c.unit_mut().running.groups.entry(g).or_default(), negated);
    c.lab.links_changed();
    Ok(vec![])
}

/// `primary` / `secondary`: the unit the group prefers to be active on.
pub(super) fn role(c: &mut Ctx<'_>, a: &Args) -> Done {
    let role = match a.keyword("role")? {
        "primary" => Role::Primary,
        _ => Role::Secondary,
    };
    change(c, |grp, _| grp.preferred = role)
}

/// `[no] preempt [DELAY]`.
pub(super) fn preempt(c: &mut Ctx<'_>, a: &Args) -> Done {
    let delay = a.int("delay").unwrap_or(0);
    change(c, |grp, no| grp.preempt = (!no).then_some(delay))
}

/// `[no] replication http`.
pub(super) fn replication_http(c: &mut Ctx<'_>, _: &Args) -> Done {
    change(c, |grp, no| grp.replication_http = !no)
}

/// `[no] interface-policy N[%]`.
pub(super) fn interface_policy(c: &mut Ctx<'_>, a: &Args) -> Done {
    let policy = policy_arg(a, c.negated);
    change(c, |grp, _| grp.policy = policy)
}

/// `[no] mac address PORT ACTIVE STANDBY`: the group's virtual MACs.
pub(super) fn mac_address(c: &mut Ctx<'_>, a: &Args) -> Done {
    let port = a.port("port")?;
    let macs = if c.negated {
        None
    } else {
        Some((a.mac("active_mac")?, a.mac("standby_mac")?))
    };
    change(c, |grp, _| match macs {
        Some(m) => {
            grp.macs.insert(port, m);
        }
        None => {
            grp.macs.remove(&port);
        }
    })
}

/// `[no] polltime interface ...`: the group's data interface timers.
pub(super) fn polltime(c: &mut Ctx<'_>, a: &Args) -> Done {
    let g = configuring(c)?;
    set_polltime(c, a, Timers::Group(g))
}
