//! Active and standby addresses, virtual MACs and the hosts' ARP caches.

use crate::config::Role;
use crate::event::EventKind;
use crate::failover::{FoState, GroupId};
use crate::net::{Ip, Mac, Port, Segment, UnitId};

use super::*;

impl Lab {
    // ----- addresses ------------------------------------------------------------

    /// The address a unit currently uses on a data interface: the active
    /// address on the active unit, the standby address on the other.
    pub fn iface_ip(&self, u: UnitId, p: Port) -> Option<Ip> {
        let unit = self.unit(u);
        let a = unit.running.l3(p).addr?;
        let fo = &unit.running.failover;
        if fo.is_failover_port(p) {
            return None;
        }
        let state = unit.fo.state_of(unit.running.group_of_port(p));
        if !fo.enabled
            || state.is_active()
            || state == FoState::Disabled && unit.running.multiple
            || state == FoState::Negotiation && unit.fo.peer.is_none()
        {
            Some(a.ip)
        } else {
            a.standby
        }
    }

    /// The MAC a unit currently uses on a port. In Active/Standby the
    /// active unit uses the primary unit's addresses (unless it never
    /// learned them), the standby the secondary's; an interface
    /// `mac-address` command overrides both.
    pub fn iface_mac(&self, u: UnitId, p: Port) -> Mac {
        let unit = self.unit(u);
        let cfg = unit.running.l3(p);
        let g = unit.running.group_of_port(p);
        let state = unit.fo.state_of(g);
        let active = state.is_active() || state == FoState::Disabled;
        // 1. The interface's own `mac-address`.
        if let Some((am, sm)) = cfg.mac {
            return if active || sm.is_none() {
                am
            } else {
                sm.unwrap_or(am)
            };
        }
        if !unit.running.failover.enabled || unit.running.failover.is_failover_port(p) {
            return unit.bia(p);
        }
        if unit.running.multiple {
            // 2. The failover group's `mac address`; 3. the default
            // virtual MAC 00a0.c9PP.GG01 (active) / 00a0.c9PP.GG02 (standby).
            if let Some((am, sm)) = unit.running.group_cfg(g).and_then(|x| x.macs.get(&p)) {
                return if active { *am } else { *sm };
            }
            return Mac(0x00a0_c900_0000
                | (u64::from(p.number()) << 16)
                | (u64::from(g.number()) << 8)
                | if active { 1 } else { 2 });
        }
        let (pri, sec) = match unit.role() {
            Role::Primary => (u, u.peer()),
            Role::Secondary => (u.peer(), u),
        };
        if active {
            if unit.fo.knows_primary_macs {
                crate::unit::bia(pri, p)
            } else {
                unit.bia(p)
            }
        } else {
            crate::unit::bia(sec, p)
        }
    }

    /// A unit became active: it answers for the active addresses and sends
    /// gratuitous ARP, so hosts and switches learn where they now live.
    pub(super) fn take_over_addresses(&mut self, u: UnitId, group: GroupId) {
        for p in self.data_ports(u) {
            if self.unit(u).running.group_of_port(p) != group && !group.is_unit() {
                continue;
            }
            let Some(ip) = self.iface_ip(u, p) else {
                continue;
            };
            let mac = self.iface_mac(u, p);
            let Some(seg) = self.net.segment_of(u, p) else {
                continue;
            };
            if !self.link_up(u, p) {
                continue;
            }
            for h in self.net.hosts_on(seg) {
                // Gratuitous ARP: hosts on the segment (re)learn the address.
                let arp = &mut self.host_arp[h];
                if arp.get(&ip) != Some(&mac) {
                    arp.insert(ip, mac);
                    let host = self.net.hosts[h].name.clone();
                    self.record(
                        None,
                        EventKind::HostArp {
                            host,
                            ip: ip.to_string(),
                            mac: mac.to_string(),
                        },
                    );
                }
            }
        }
    }

    /// A host resolves its gateway (or a peer) by ARP on its segment.
    pub fn host_resolve(&mut self, h: usize, ip: Ip) -> Option<Mac> {
        let sw = self.net.host_switch(h)?;
        for u in UnitId::BOTH {
            for p in self.data_ports(u) {
                if self.net.segment_of(u, p) == Some(Segment::Switch(sw))
                    && self.link_up(u, p)
                    && self.iface_ip(u, p) == Some(ip)
                {
                    let mac = self.iface_mac(u, p);
                    self.host_arp[h].insert(ip, mac);
                    return Some(mac);
                }
            }
        }
        None
    }
}
