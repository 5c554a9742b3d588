//! `show` output, laid out like the reference captures of real units.
//!
//! One file per topic, each renderer a free function re-exported here
//! (`show::failover(lab, u)`, `show::conn(...)`): `failover.rs` (show
//! failover and its group, interface, state, history and statistics
//! views, Active/Standby and Active/Active), `interface.rs` (show
//! interface, ip brief, running-config interface, monitor-interface),
//! `conn.rs` (conn, xlate, arp), `context.rs` (show context),
//! `multicast.rs` (show igmp groups, show mroute), `vpn.rs` (show
//! vpn-sessiondb, show crypto ikev2 sa) and `system.rs` (show version). The per-host interface lines shared by
//! failover and monitor-interface live here.

use crate::failover::{GroupId, IfHealth, IfMonState, MonitorMark};
use crate::lab::Lab;
use crate::net::UnitId;

mod conn;
mod context;
mod failover;
mod interface;
mod multicast;
mod route;
mod system;
mod vpn;

pub use conn::{arp, conn, conn_slots, local_host, xlate, ConnQuery, ConnStyle, CONN_LIST_LIMIT};
pub use context::context;
pub use failover::{
    failover, failover_descriptor, failover_group, failover_history, failover_history_details,
    failover_interface, failover_state, failover_statistics,
};
pub use interface::{interface, interface_ip_brief, monitor_interface, running_interface};
pub use multicast::{igmp_groups, mroute};
pub use route::{ip_address, lookup as route_lookup, nameif, route};
pub use system::version;
pub use vpn::{crypto_ikev2_sa, vpn_sessiondb, VPN_CAPACITY};

fn peer_label(lab: &Lab, u: UnitId) -> (String, String) {
    let unit = lab.unit(u);
    let peer_role = match unit.role() {
        crate::config::Role::Primary => "Secondary",
        crate::config::Role::Secondary => "Primary",
    };
    let state = match &unit.fo.peer {
        None => "Not Detected".to_string(),
        Some(p) if p.marked_failed => "Failed".to_string(),
        Some(p) => p.state.to_string(),
    };
    (peer_role.to_string(), state)
}

/// Which interfaces a listing covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope<'a> {
    /// Every one (in multiple context mode, each named by its context).
    All,
    /// Those of one failover group's contexts.
    Group(GroupId),
    /// Those of one context, as that context sees them.
    Context(&'a str),
}

/// Interface lines for a scope; in multiple context mode, outside a
/// context, each line names its context.
fn iface_lines_of(
    lab: &Lab,
    u: UnitId,
    this_host: bool,
    indent: &str,
    scope: Scope,
) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = Vec::new();
    for p in lab.data_ports(u) {
        match scope {
            Scope::Group(g) if unit.running.group_of_port(p) != g => continue,
            Scope::Context(c) if !unit.running.port_in(p, Some(c)) => continue,
            _ => {}
        }
        let c = unit.running.l3(p);
        let name = match unit.running.owner_of(p) {
            Some((ctx, _)) if unit.running.multiple && !matches!(scope, Scope::Context(_)) => {
                format!("{ctx} Interface {}", c.nameif.clone().unwrap_or_default())
            }
            _ => format!("Interface {}", c.nameif.clone().unwrap_or_default()),
        };
        if this_host {
            let ip = lab
                .iface_ip(u, p)
                .map(|i| i.to_string())
                .unwrap_or_else(|| "0.0.0.0".into());
            let st = unit
                .fo
                .ifaces
                .get(&p)
                .map(|m| m.state)
                .unwrap_or(IfMonState {
                    health: IfHealth::Unknown,
                    mark: MonitorMark::Waiting,
                });
            out.push(format!("{indent}{name} ({ip}): {st}"));
        } else {
            // The mate's address is the other address of the pair.
            let ip = c.addr.map(|a| {
                let mine = lab.iface_ip(u, p);
                if mine == Some(a.ip) {
                    a.standby
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "0.0.0.0".into())
                } else {
                    a.ip.to_string()
                }
            });
            let ip = ip.unwrap_or_else(|| "0.0.0.0".into());
            let st = unit
                .fo
                .peer
                .as_ref()
                .filter(|pv| !pv.marked_failed)
                .and_then(|pv| pv.ifaces.get(&p).map(|x| x.2))
                .unwrap_or(IfMonState {
                    health: IfHealth::Unknown,
                    mark: MonitorMark::Waiting,
                });
            out.push(format!("{indent}{name} ({ip}): {st}"));
        }
    }
    out
}
