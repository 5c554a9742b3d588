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

    /// The MAC a unit currently uses on a port, in the seed's order of
    /// preference: "1. The mac-address command (in interface configuration
    /// mode) address. 2. The failover mac address command address. 3. The
    /// mac-address auto command generate address. 4. The automatically
    /// generated failover MAC address." In Active/Active a failover group's
    /// `mac address` takes the second place (`failover mac address` has
    /// "no effect on Active/Active failover configurations"). The defaults
    /// are 00a0.c9PP.GG01/02 in Active/Active and, in Active/Standby, the
    /// primary unit's addresses on the active unit (unless it never learned
    /// them) and the secondary's on the standby.
    pub fn iface_mac(&self, u: UnitId, p: Port) -> Mac {
        let unit = self.unit(u);
        let cfg = unit.running.l3(p);
        let g = unit.running.group_of_port(p);
        let state = unit.fo.state_of(g);
        let active = state.is_active() || state == FoState::Disabled;
        let pick = |(am, sm): (Mac, Mac)| if active { am } else { sm };
        // 1. The interface's own `mac-address`.
        if let Some((am, sm)) = cfg.mac {
            return if active || sm.is_none() {
                am
            } else {
                sm.unwrap_or(am)
            };
        }
        let running = &unit.running;
        if running.failover.is_failover_port(p) {
            return unit.bia(p);
        }
        let failover = running.failover.enabled;
        // 2. A failover group's `mac address` (Active/Active) or `failover
        // mac address` (Active/Standby).
        if failover {
            let two = if running.multiple {
                running.group_cfg(g).and_then(|x| x.macs.get(&p)).copied()
            } else {
                running.failover.macs.get(&p).copied()
            };
            if let Some(m) = two {
                return pick(m);
            }
        }
        // 3. `mac-address auto` (multiple context mode, on by default).
        if let Some(m) = self.auto_mac(u, p) {
            return pick(m);
        }
        if !failover {
            return unit.bia(p);
        }
        // 4. The default virtual MACs.
        if running.multiple {
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

    /// The MACs `mac-address auto` generates for a context's interface
    /// (multiple context mode): `A2xx.yyzz.zzzz`, where `xx.yy` is the
    /// prefix — the configured one, or one taken from the last two bytes of
    /// an interface MAC (the lab: the primary unit's GigabitEthernet0/0, so
    /// both units generate the same addresses) — written in reversed byte
    /// order (prefix 77 = 004D gives A24D.00…), and `zz.zzzz` a counter;
    /// the standby address is the active one's counter plus 1. The lab
    /// counts the contexts' interfaces in order (context name, then
    /// allocation order): the first gets 1 and 2, the next 3 and 4, …
    fn auto_mac(&self, u: UnitId, p: Port) -> Option<(Mac, Mac)> {
        let running = &self.unit(u).running;
        let crate::config::MacAuto::On(prefix) = running.mac_auto else {
            return None;
        };
        if !running.multiple {
            return None;
        }
        let i = running
            .contexts
            .values()
            .flat_map(|c| c.allocated.iter())
            .position(|x| *x == p)? as u64;
        let prefix = prefix
            .unwrap_or_else(|| (crate::unit::bia(UnitId::Primary, Port(0)).0 & 0xffff) as u16);
        let [yy, xx] = prefix.to_be_bytes();
        let base = 0xa2_u64 << 40 | u64::from(xx) << 32 | u64::from(yy) << 24;
        let counter = 2 * i + 1;
        Some((Mac(base | counter), Mac(base | (counter + 1))))
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
