//! Asymmetric return traffic (`asymmetric on`, Active/Active) and its
//! redirection by asr-group from replicated state.

use crate::event::EventKind;
use crate::net::{Port, Segment, UnitId};
use crate::time::Instant;
use crate::traffic::{DropReason, Kind, ReturnPath, ALIVE};

use super::*;

impl Lab {
    /// `asymmetric on|off`: the upstream router sends return traffic back
    /// through the other ISP link (or along the forward path again).
    pub fn set_asymmetric(&mut self, on: bool) {
        if self.asymmetric == on {
            return;
        }
        self.asymmetric = on;
        self.record(None, EventKind::Asymmetric { on });
        self.reevaluate_routes();
    }

    /// Where a route forwarded by `fwd` gets its return traffic while the
    /// upstream router routes asymmetrically: the other segment its far
    /// host sits on, at the unit answering for the address there (where
    /// that context's group is active). `None` when it follows the forward
    /// path (routing symmetric, or nothing answers on the other link).
    pub(super) fn return_path(&self, ri: usize, fwd: UnitId) -> Option<ReturnPath> {
        if !self.asymmetric {
            return None;
        }
        let (from, to, g) = {
            let r = &self.traffic.routes[ri];
            (r.from, r.to, r.group)
        };
        let rp = self.route_ports(fwd, from, to)?;
        let Some(Segment::Switch(out_sw)) = self.net.segment_of(fwd, rp.egress) else {
            return None;
        };
        let others: Vec<usize> = self
            .net
            .host_switches(to)
            .into_iter()
            .filter(|s| *s != out_sw)
            .collect();
        let mut best: Option<(UnitId, Port, Instant)> = None;
        for v in UnitId::BOTH {
            let cfg = &self.unit(v).running;
            for p in self.data_ports(v) {
                let on_other = matches!(self.net.segment_of(v, p),
                    Some(Segment::Switch(s)) if others.contains(&s));
                if !on_other || cfg.l3(p).addr.is_none() {
                    continue;
                }
                let pg = cfg.group_of_port(p);
                if !self.forwards(v, pg) || !self.link_up(v, p) {
                    continue;
                }
                let since = self.active_since(v, pg);
                if best.is_none_or(|(_, _, t)| since >= t) {
                    best = Some((v, p, since));
                }
            }
        }
        let (unit, port, _) = best?;
        let cfg = &self.unit(unit).running;
        // asr-group takes effect only with stateful failover configured.
        let stateful = cfg.failover.enabled && cfg.failover.link.is_some();
        let asr = stateful
            && matches!((cfg.l3(port).asr_group, cfg.l3(rp.egress).asr_group),
                (Some(a), Some(b)) if a == b);
        Some(ReturnPath {
            unit,
            port,
            redirect: rp.egress,
            asr,
            http: self.http_replicated(fwd, g),
            redirect_up: self.link_up(unit, rp.egress),
            forwarder: fwd,
            since: self.now(),
        })
    }

    /// Why a session's return traffic cannot reach it now, if it cannot.
    pub(super) fn return_blocked(&self, slot: u32) -> Option<DropReason> {
        let i = slot as usize;
        let ret = self.traffic.routes[self.traffic.route[i] as usize]
            .ret
            .as_ref()?;
        let kind = self.traffic.kind[i];
        if kind.one_way() || self.traffic.status[i] != ALIVE {
            return None;
        }
        if !ret.asr {
            return Some(DropReason::NoAsrGroup);
        }
        if ret.unit == ret.forwarder {
            // Another interface of the same unit: found and reinjected.
            return None;
        }
        if !ret.redirect_up {
            return Some(DropReason::NoPath);
        }
        if self.unit(ret.unit).table.conns.get(slot) {
            return None;
        }
        Some(if kind == Kind::Http && !ret.http {
            DropReason::HttpNotReplicated
        } else if self.repl.lost(slot) {
            DropReason::UpdateLost
        } else {
            DropReason::AsrNoState
        })
    }

    /// Sessions whose return traffic has not got through for longer than
    /// their endpoints wait are dropped, with the reason.
    pub(super) fn check_returns(&mut self) {
        let now = self.now();
        let patience = Kind::ALL
            .iter()
            .filter(|k| !k.one_way())
            .map(|k| k.give_up())
            .min()
            .unwrap_or_default();
        for ri in 0..self.traffic.routes.len() {
            if self.traffic.per_route[ri] == 0 {
                continue;
            }
            let Some(ret) = self.traffic.routes[ri].ret.clone() else {
                continue;
            };
            if now.saturating_since(ret.since) <= patience {
                continue;
            }
            // Back through another interface of the forwarding unit, in the
            // same asr-group: found and reinjected, nothing to look at.
            if ret.asr && ret.unit == ret.forwarder {
                continue;
            }
            let receiver = ret.unit;
            // Redirected with state on the receiving unit: a whole word of
            // slots it holds state for needs no look.
            let skip_held = ret.asr && ret.unit != ret.forwarder && ret.redirect_up;
            let flows = self.traffic.flows();
            let mut next = 0usize;
            while next < flows {
                if skip_held
                    && next % 64 == 0
                    && self.unit(receiver).table.conns.word(next / 64) == u64::MAX
                {
                    next += 64;
                    continue;
                }
                let slot = next as u32;
                next += 1;
                if self.traffic.route[slot as usize] as usize != ri {
                    continue;
                }
                let Some(reason) = self.return_blocked(slot) else {
                    continue;
                };
                let kind = self.traffic.kind[slot as usize];
                let born = self.traffic.born_at(slot, now);
                let since = born.max(ret.since);
                if now.saturating_since(since) > kind.give_up() {
                    self.finish(slot, Some(reason));
                }
            }
        }
    }
}
