//! Sessions between the lab's hosts, and the connection state each unit
//! holds for them.
//!
//! Built for scale: a flow is a slot in a struct of arrays (about 12 bytes,
//! shared by both units) and a unit's connection table is a bitset over the
//! slots (one bit per flow). A switchover is one pass over the flows of the
//! routes that changed unit.

use crate::small::VecMap;
use core::fmt;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::failover::GroupId;
use crate::time::{Duration, Instant};

/// The most sessions the lab holds at once: a datacenter ASA's connection
/// table (10 B a session in the engine: about 100 MB when full).
pub const MAX_SESSIONS: u64 = 10_000_000;
/// The most sessions one `traffic` statement opens.
pub const MAX_TRAFFIC: u64 = 2_000_000;
/// The highest `load` rate, new sessions per second.
pub const MAX_LOAD_RATE: u64 = 1_000_000;

/// Why a session ended abnormally.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DropReason {
    /// The unit now forwarding it had never received its state.
    NoReplicatedState,
    /// Its state on the new active unit was out of date: the stateful link
    /// had failed.
    StaleState,
    /// HTTP state is replicated only with `failover replication http`.
    HttpNotReplicated,
    /// No unit could forward it for longer than the endpoints wait.
    NoPath,
    /// The security policy does not permit it (lower to higher level).
    Denied,
    /// Torn down by `clear conn` / `clear xlate`.
    Cleared,
    /// The state stream to the standby was saturated; the update was lost.
    UpdateLost,
    /// Return traffic came back through the other unit, whose interface is
    /// not in the same `asr-group` as the one the session left by.
    NoAsrGroup,
    /// Return traffic came back through the other unit, which had no
    /// replicated state to redirect it with.
    AsrNoState,
    /// Torn down when `write standby` rewrote the context it passed.
    Terminated,
    /// Refused: the lab already holds [`MAX_SESSIONS`] sessions.
    TableFull,
}

impl DropReason {
    pub const ALL: [DropReason; 11] = [
        DropReason::NoReplicatedState,
        DropReason::StaleState,
        DropReason::HttpNotReplicated,
        DropReason::NoPath,
        DropReason::Denied,
        DropReason::Cleared,
        DropReason::UpdateLost,
        DropReason::NoAsrGroup,
        DropReason::AsrNoState,
        DropReason::Terminated,
        DropReason::TableFull,
    ];
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DropReason::NoReplicatedState => "no replicated state on the new active unit",
            DropReason::StaleState => "stale state after the stateful link failed",
            DropReason::HttpNotReplicated => "HTTP not replicated",
            DropReason::NoPath => "no path",
            DropReason::Denied => "denied by the security policy",
            DropReason::Cleared => "cleared by clear conn",
            DropReason::UpdateLost => "state update lost on a saturated stateful link",
            DropReason::NoAsrGroup => {
                "return traffic on the other unit without a matching asr-group"
            }
            DropReason::Terminated => "terminated by write standby on the mate",
            DropReason::TableFull => "refused: the lab's session table is full",
            DropReason::AsrNoState => {
                "return traffic on the other unit without replicated state to redirect it"
            }
        })
    }
}

/// Kinds of session traffic between the lab's hosts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Tcp,
    Udp,
    Http,
    Icmp,
    Sip,
    Ikev2,
    Multicast,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Tcp,
        Kind::Udp,
        Kind::Http,
        Kind::Icmp,
        Kind::Sip,
        Kind::Ikev2,
        Kind::Multicast,
    ];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Tcp => "tcp",
            Kind::Udp => "udp",
            Kind::Http => "http",
            Kind::Icmp => "icmp",
            Kind::Sip => "sip",
            Kind::Ikev2 => "ikev2",
            Kind::Multicast => "multicast",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Kind {
    /// How long the endpoints keep trying without a path before they give
    /// up (TCP retransmissions and application timeouts, SIP timer B, IKE
    /// dead peer detection, a media or ping stream's patience).
    pub fn give_up(self) -> Duration {
        match self {
            Kind::Tcp | Kind::Http => Duration::from_secs(30),
            Kind::Udp => Duration::from_secs(30),
            Kind::Icmp => Duration::from_secs(60),
            Kind::Sip => Duration::from_secs(32),
            Kind::Ikev2 => Duration::from_secs(40),
            Kind::Multicast => Duration::from_secs(20),
        }
    }
    /// IP protocol word used in `show conn`.
    pub fn proto(self) -> &'static str {
        match self {
            // A tunnel's connection on the pair is the traffic it carries.
            Kind::Tcp | Kind::Http | Kind::Sip | Kind::Ikev2 => "TCP",
            Kind::Udp | Kind::Multicast => "UDP",
            Kind::Icmp => "ICMP",
        }
    }
    /// The server port.
    pub fn port(self) -> u16 {
        match self {
            Kind::Tcp => 443,
            Kind::Http => 80,
            Kind::Udp => 53,
            Kind::Icmp => 0,
            Kind::Sip => 5060,
            Kind::Ikev2 => 443,
            Kind::Multicast => 5004,
        }
    }
    /// Average size of one of its packets, bytes (for interface counters).
    pub fn packet_bytes(self) -> u64 {
        match self {
            Kind::Tcp => 800,
            Kind::Http => 1_000,
            Kind::Udp => 200,
            Kind::Icmp => 64,
            Kind::Sip => 400,
            Kind::Ikev2 => 500,
            Kind::Multicast => 1_300,
        }
    }
    /// Whether packets flow only from the source (a multicast stream has no
    /// return traffic).
    pub fn one_way(self) -> bool {
        matches!(self, Kind::Multicast)
    }
    /// Whether the pair needs replicated state for it to survive a failover
    /// (ICMP echoes simply create new connections on the new active).
    pub fn needs_state(self) -> bool {
        !matches!(self, Kind::Icmp)
    }
    pub fn index(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
    /// Bytes a session of this kind moves per second (for counters).
    pub fn bytes_per_sec(self) -> u64 {
        match self {
            Kind::Tcp => 12_000,
            Kind::Http => 40_000,
            Kind::Udp => 1_600,
            Kind::Icmp => 64,
            Kind::Sip => 200,
            Kind::Ikev2 => 8_000,
            Kind::Multicast => 250_000,
        }
    }
}

/// A set of flow slots (one bit each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
    count: usize,
}

impl BitSet {
    pub fn get(&self, i: u32) -> bool {
        self.words
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    pub fn set(&mut self, i: u32) {
        let w = i as usize / 64;
        if w >= self.words.len() {
            self.words.resize(w + 1, 0);
        }
        let bit = 1u64 << (i % 64);
        if self.words[w] & bit == 0 {
            self.words[w] |= bit;
            self.count += 1;
        }
    }
    pub fn clear(&mut self, i: u32) {
        let w = i as usize / 64;
        if let Some(word) = self.words.get_mut(w) {
            let bit = 1u64 << (i % 64);
            if *word & bit != 0 {
                *word &= !bit;
                self.count -= 1;
            }
        }
    }
    pub fn clear_all(&mut self) {
        self.words.clear();
        self.count = 0;
    }
    pub fn len(&self) -> usize {
        self.count
    }
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, w)| {
            let mut w = *w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros();
                w &= w - 1;
                Some(wi as u32 * 64 + b)
            })
        })
    }
    /// The 64 bits starting at slot `64 * w` (zero past the end).
    pub fn word(&self, w: usize) -> u64 {
        self.words.get(w).copied().unwrap_or(0)
    }
    /// Heap bytes used.
    pub fn bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

/// A unit's connection table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnTable {
    pub conns: BitSet,
    /// The state was received before the stateful link failed: it is out
    /// of date until the next bulk sync.
    pub stale: bool,
    /// The high-water mark of the table (`most used`).
    pub most_used: usize,
    /// Connections now and their high-water mark per failover group (the
    /// unit's in single mode), for `show conn count` inside a context.
    pub live_by_group: [usize; 3],
    pub most_by_group: [usize; 3],
    /// Connections now per route (host pair), for `show local-host`.
    pub live_by_route: Vec<u32>,
    /// Routes whose connections are translated (PAT), as last seen when
    /// the route became active; translations now and their high-water mark.
    pub route_pat: Vec<bool>,
    /// Per failover group (the unit's in single mode), as `live_by_group`.
    pub xlates: [usize; 3],
    pub most_xlates: [usize; 3],
}

fn group_index(g: GroupId) -> usize {
    match g {
        GroupId::Unit => 0,
        GroupId::G1 => 1,
        GroupId::G2 => 2,
    }
}

impl ConnTable {
    /// A connection of a failover group's context enters the table.
    /// Returns whether it is the route's first connection in the table.
    pub fn add(&mut self, slot: u32, g: GroupId, route: u16) -> bool {
        if self.conns.get(slot) {
            return false;
        }
        self.conns.set(slot);
        let r = route as usize;
        if self.live_by_route.len() <= r {
            self.live_by_route.resize(r + 1, 0);
        }
        self.live_by_route[r] += 1;
        self.most_used = self.most_used.max(self.conns.len());
        let i = group_index(g);
        self.live_by_group[i] += 1;
        self.most_by_group[i] = self.most_by_group[i].max(self.live_by_group[i]);
        if self.route_pat.get(r).copied().unwrap_or(false) {
            self.xlates[i] += 1;
            self.most_xlates[i] = self.most_xlates[i].max(self.xlates[i]);
        }
        self.live_by_route[r] == 1
    }
    /// Whether a route's connections are translated; its live ones count.
    pub fn set_route_pat(&mut self, route: u16, g: GroupId, pat: bool) {
        let i = group_index(g);
        let r = route as usize;
        if self.route_pat.len() <= r {
            self.route_pat.resize(r + 1, false);
        }
        if self.route_pat[r] == pat {
            return;
        }
        self.route_pat[r] = pat;
        let live = self.live_by_route.get(r).copied().unwrap_or(0) as usize;
        if pat {
            self.xlates[i] += live;
            self.most_xlates[i] = self.most_xlates[i].max(self.xlates[i]);
        } else {
            self.xlates[i] = self.xlates[i].saturating_sub(live);
        }
    }
    /// A connection leaves the table.
    pub fn remove(&mut self, slot: u32, g: GroupId, route: u16) {
        if self.conns.get(slot) {
            self.conns.clear(slot);
            if let Some(n) = self.live_by_route.get_mut(route as usize) {
                *n = n.saturating_sub(1);
            }
            let i = group_index(g);
            if self.route_pat.get(route as usize).copied().unwrap_or(false) {
                self.xlates[i] = self.xlates[i].saturating_sub(1);
            }
            self.live_by_group[i] = self.live_by_group[i].saturating_sub(1);
        }
    }
    /// Every connection leaves (the high-water marks stay).
    pub fn clear_all(&mut self) {
        self.conns.clear_all();
        self.live_by_group = [0; 3];
        self.live_by_route.clear();
        self.xlates = [0; 3];
    }
    /// The high-water mark of a failover group's translations.
    pub fn most_xlates_in(&self, g: GroupId) -> usize {
        self.most_xlates[group_index(g)]
    }
    /// The high-water mark of a failover group's connections.
    pub fn most_used_in(&self, g: GroupId) -> usize {
        self.most_by_group[group_index(g)]
    }
}

/// Status of a flow slot.
pub const FREE: u8 = 0;
pub const ALIVE: u8 = 1;
/// Opened, but no unit has forwarded it yet.
pub const PENDING: u8 = 2;

/// Lifetimes of `load` sessions: a few seconds.
const LOAD_LIFE_MIN_MS: u64 = 2_000;
const LOAD_LIFE_SPREAD_MS: u64 = 3_000;

/// A path between two hosts (the same for every session between them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub from: usize,
    pub to: usize,
    /// The unit forwarding this route's sessions now.
    pub forwarder: Option<crate::net::UnitId>,
    /// Since when no unit forwards it.
    pub outage_since: Option<Instant>,
    /// Last forwarder, to notice a change of unit.
    pub last_forwarder: Option<crate::net::UnitId>,
    /// Each unit already learned this route's endpoints by ARP.
    pub arp_known: [bool; 2],
    /// The failover group of the context the route passes (the unit in
    /// single mode).
    pub group: GroupId,
    /// Where return traffic comes back when the upstream router routes it
    /// asymmetrically (`asymmetric on`); `None` while it follows the
    /// forward path.
    pub ret: Option<ReturnPath>,
    /// Multicast: the unit that knows the receiver's group membership
    /// (IGMP) and the multicast route, and since when. Not replicated: a
    /// new forwarding unit has to relearn it.
    pub igmp: Option<(crate::net::UnitId, Instant)>,
    /// Multicast: the new forwarding unit queried the receiver's segment
    /// and waits for its membership report until then; the streams are
    /// not forwarded meanwhile (they are not dropped).
    pub relearn_until: Option<Instant>,
    /// VPN: the sessions are IPsec tunnels (child SAs) from the remote peer
    /// `from`, terminating on the pair's address on the interface facing
    /// it, carrying traffic to `to`.
    pub vpn: bool,
    /// VPN: each unit holds the route's IKEv2 SA (negotiated as the
    /// active unit, or replicated to it).
    pub ike_sa: [bool; 2],
}

/// The way a route's return traffic comes back through the other ISP link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnPath {
    /// The unit that receives it, and on which port.
    pub unit: crate::net::UnitId,
    pub port: crate::net::Port,
    /// The port on the receiving unit that faces the session's own egress
    /// segment (where a redirected packet leaves for the forwarding unit).
    pub redirect: crate::net::Port,
    /// The receiving port and the session's egress port share an asr-group.
    pub asr: bool,
    /// HTTP state reaches the receiving unit (`replication http`).
    pub http: bool,
    /// The receiving unit can send out of `redirect`.
    pub redirect_up: bool,
    /// The forwarding unit at the time.
    pub forwarder: crate::net::UnitId,
    /// Since when return traffic takes this way (a change restarts it).
    pub since: Instant,
}

impl ReturnPath {
    /// Same path and conditions (ignoring `since`).
    pub fn same(&self, o: &ReturnPath) -> bool {
        ReturnPath {
            since: o.since,
            ..self.clone()
        } == *o
    }
}

/// Session counts of one kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KindStats {
    pub total: u64,
    pub alive: u64,
    pub closed: u64,
    pub dropped: VecMap<DropReason, u64>,
}

impl KindStats {
    pub fn dropped_total(&self) -> u64 {
        self.dropped.values().sum()
    }
}

/// Creation times fit 32 bits per session at any virtual time. A young
/// session's entry (top bit clear) is the millisecond it opened modulo
/// 2^31, exact while it is younger than 2^31 ms (about 24.8 days); once it
/// is [`AGE_OUT_AFTER_MS`] old, [`Traffic::age_out`] makes it an old one's
/// (top bit set): the whole second it opened, since the lab started (2^31 s
/// is 68 years; later seconds stay at the last one). The traffic tick calls
/// `age_out` every 100 ms while any session is open, so a young session is
/// never more than `AGE_OUT_AFTER_MS + AGE_OUT_EVERY_MS` old.
const OLD: u32 = 1 << 31;
const YOUNG_MASK: u32 = OLD - 1;
/// A young session this old becomes an old one (2^30 ms, about 12.4 days).
pub const AGE_OUT_AFTER_MS: u64 = 1 << 30;
/// How often `age_out` looks at every session (2^29 ms, about 6.2 days).
const AGE_OUT_EVERY_MS: u64 = 1 << 29;

/// A `load` generator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Load {
    pub kind: Kind,
    pub rate: u64,
    pub route: u16,
    /// Milli-sessions carried over between ticks.
    carry: u64,
}

/// All sessions of the lab.
#[derive(Clone, Debug, Default)]
pub struct Traffic {
    pub kind: Vec<Kind>,
    pub route: Vec<u16>,
    pub status: Vec<u8>,
    /// Creation times, as [`OLD`] describes (read with [`Traffic::age`]).
    born: Vec<u32>,
    /// When [`Traffic::age_out`] looks again, ms.
    next_age_out_ms: u64,
    /// Each slot's generation, bumped when its session ends: a scheduled
    /// close names the generation it was meant for, so it can never act on
    /// a later session in the same slot.
    gen: Vec<u16>,
    free: Vec<u32>,
    pub routes: Vec<Route>,
    pub stats: [KindStats; 7],
    pub loads: Vec<Load>,
    /// (closes at ms, slot, generation) for load sessions.
    closing: BinaryHeap<Reverse<(u64, u32, u16)>>,
    /// Flows per route that are alive or pending (fast skip of idle routes).
    pub per_route: Vec<u64>,
    /// The same per route and kind (for interface counters).
    pub route_kind: Vec<[u64; 7]>,
}

impl Traffic {
    pub fn is_empty(&self) -> bool {
        self.kind.is_empty()
    }
    pub fn route_index(&mut self, from: usize, to: usize) -> u16 {
        self.route_index_for(from, to, false)
    }
    /// The route between two hosts for ordinary sessions, or (`vpn`) for
    /// tunnels from the remote peer `from`.
    pub fn route_index_for(&mut self, from: usize, to: usize, vpn: bool) -> u16 {
        if let Some(i) = self
            .routes
            .iter()
            .position(|r| r.from == from && r.to == to && r.vpn == vpn)
        {
            return i as u16;
        }
        self.routes.push(Route {
            from,
            to,
            forwarder: None,
            outage_since: None,
            last_forwarder: None,
            arp_known: [false; 2],
            group: GroupId::Unit,
            ret: None,
            igmp: None,
            relearn_until: None,
            vpn,
            ike_sa: [false; 2],
        });
        self.per_route.push(0);
        self.route_kind.push([0; 7]);
        (self.routes.len() - 1) as u16
    }
    /// Makes room for `n` more flows at once.
    pub fn reserve(&mut self, n: usize) {
        let extra = n.saturating_sub(self.free.len());
        self.kind.reserve(extra);
        self.route.reserve(extra);
        self.status.reserve(extra);
        self.born.reserve(extra);
        self.gen.reserve(extra);
    }
    /// Allocates a flow slot.
    pub fn open(&mut self, kind: Kind, route: u16, now: Instant) -> u32 {
        let born = now.total_millis() as u32 & YOUNG_MASK;
        let st = &mut self.stats[kind.index()];
        st.total += 1;
        st.alive += 1;
        self.per_route[route as usize] += 1;
        self.route_kind[route as usize][kind.index()] += 1;
        if let Some(slot) = self.free.pop() {
            let i = slot as usize;
            self.kind[i] = kind;
            self.route[i] = route;
            self.status[i] = PENDING;
            self.born[i] = born;
            slot
        } else {
            self.kind.push(kind);
            self.route.push(route);
            self.status.push(PENDING);
            self.born.push(born);
            self.gen.push(0);
            (self.kind.len() - 1) as u32
        }
    }
    /// How long ago a session opened (to the millisecond; to the second
    /// once it is [`AGE_OUT_AFTER_MS`] old).
    pub fn age(&self, slot: u32, now: Instant) -> Duration {
        let b = self.born[slot as usize];
        let now_ms = now.total_millis();
        let ms = if b & OLD != 0 {
            now_ms.saturating_sub(u64::from(b & YOUNG_MASK) * 1000)
        } else {
            u64::from((now_ms as u32 & YOUNG_MASK).wrapping_sub(b) & YOUNG_MASK)
        };
        Duration::from_millis(ms)
    }
    /// When a session opened (see [`Traffic::age`]).
    pub fn born_at(&self, slot: u32, now: Instant) -> Instant {
        Instant::from_millis(
            now.total_millis()
                .saturating_sub(self.age(slot, now).total_millis()),
        )
    }
    /// Turns the creation time of every session [`AGE_OUT_AFTER_MS`] old
    /// into the second it opened, so it stays right however long the
    /// session lives; looks at most once every `AGE_OUT_EVERY_MS`, and
    /// must be called more often than that while sessions are open.
    pub fn age_out(&mut self, now: Instant) {
        let now_ms = now.total_millis();
        if now_ms < self.next_age_out_ms {
            return;
        }
        self.next_age_out_ms = now_ms + AGE_OUT_EVERY_MS;
        for i in 0..self.born.len() {
            if self.status[i] == FREE || self.born[i] & OLD != 0 {
                continue;
            }
            let age = self.age(i as u32, now).total_millis();
            if age >= AGE_OUT_AFTER_MS {
                let secs = (now_ms - age) / 1000;
                self.born[i] = OLD | secs.min(u64::from(YOUNG_MASK)) as u32;
            }
        }
    }
    /// Ends a flow: closed normally (`None`) or dropped for a reason.
    pub fn end(&mut self, slot: u32, reason: Option<DropReason>) {
        let i = slot as usize;
        if self.status[i] == FREE {
            return;
        }
        let st = &mut self.stats[self.kind[i].index()];
        st.alive -= 1;
        match reason {
            None => st.closed += 1,
            Some(r) => *st.dropped.entry(r).or_default() += 1,
        }
        self.per_route[self.route[i] as usize] -= 1;
        self.route_kind[self.route[i] as usize][self.kind[i].index()] -= 1;
        self.status[i] = FREE;
        self.gen[i] = self.gen[i].wrapping_add(1);
        self.free.push(slot);
    }
    /// Schedules a load session's normal close.
    pub fn close_later(&mut self, slot: u32, now: Instant, jitter: u64) {
        let at = now.total_millis() + LOAD_LIFE_MIN_MS + jitter % LOAD_LIFE_SPREAD_MS;
        self.closing
            .push(Reverse((at, slot, self.gen[slot as usize])));
    }
    /// Closes a session at a given time instead (its close was put off).
    pub fn close_at(&mut self, slot: u32, at: Instant) {
        self.closing
            .push(Reverse((at.total_millis(), slot, self.gen[slot as usize])));
    }
    /// Load sessions due to close by `now` (closes meant for a session
    /// that has already ended are dropped).
    pub fn due(&mut self, now: Instant) -> Vec<u32> {
        let mut out = Vec::new();
        let t = now.total_millis();
        while let Some(Reverse((at, slot, gen))) = self.closing.peek().copied() {
            if at > t {
                break;
            }
            self.closing.pop();
            let i = slot as usize;
            if self.gen[i] == gen && self.status[i] != FREE {
                out.push(slot);
            }
        }
        out
    }
    pub fn set_load(&mut self, kind: Kind, rate: u64, route: u16) {
        self.loads.retain(|l| !(l.kind == kind && l.route == route));
        if rate > 0 {
            self.loads.push(Load {
                kind,
                rate,
                route,
                carry: 0,
            });
        }
    }
    /// How many sessions each load opens in a tick of `dt`.
    pub fn load_quota(&mut self, dt: Duration) -> Vec<(Kind, u16, u64)> {
        let ms = dt.total_millis();
        self.loads
            .iter_mut()
            .map(|l| {
                l.carry += l.rate * ms;
                let n = l.carry / 1000;
                l.carry %= 1000;
                (l.kind, l.route, n)
            })
            .collect()
    }
    /// Sessions alive now, every kind.
    pub fn alive(&self) -> u64 {
        self.stats.iter().map(|s| s.alive).sum()
    }
    pub fn flows(&self) -> usize {
        self.kind.len()
    }
    /// Heap bytes held for the flows (shared by both units).
    pub fn bytes(&self) -> usize {
        self.kind.capacity() * std::mem::size_of::<Kind>()
            + self.route.capacity() * 2
            + self.status.capacity()
            + self.born.capacity() * 4
            + self.gen.capacity() * 2
            + self.free.capacity() * 4
    }
    /// `sessions| KIND total N alive N closed N dropped N (REASON: N, ...)`
    pub fn summary(&self) -> Vec<String> {
        Kind::ALL
            .iter()
            .filter(|k| self.stats[k.index()].total > 0)
            .map(|k| {
                let s = &self.stats[k.index()];
                let mut line = format!(
                    "{k} total {} alive {} closed {} dropped {}",
                    s.total,
                    s.alive,
                    s.closed,
                    s.dropped_total()
                );
                if !s.dropped.is_empty() {
                    let parts: Vec<String> =
                        s.dropped.iter().map(|(r, n)| format!("{r}: {n}")).collect();
                    line.push_str(&format!(" ({})", parts.join(", ")));
                }
                line
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conn_table_keeps_high_water_marks_per_group_and_for_translations() {
        let mut t = ConnTable::default();
        assert!(t.add(1, GroupId::G1, 0), "the route's first connection");
        assert!(!t.add(2, GroupId::G1, 0));
        assert!(!t.add(2, GroupId::G1, 0), "adding twice counts once");
        t.set_route_pat(0, GroupId::G1, true);
        assert_eq!(t.xlates[1], 2);
        t.add(3, GroupId::G2, 1);
        t.remove(1, GroupId::G1, 0);
        t.remove(1, GroupId::G1, 0);
        assert_eq!(t.live_by_group[1], 1);
        assert_eq!(t.most_used_in(GroupId::G1), 2);
        assert_eq!(t.most_used_in(GroupId::G2), 1);
        t.clear_all();
        assert_eq!(t.conns.len(), 0);
        assert_eq!((t.most_used, t.most_xlates_in(GroupId::G1)), (3, 2));
        assert_eq!(t.live_by_route.iter().sum::<u32>(), 0);
    }

    #[test]
    fn bitset_counts_and_iterates() {
        let mut b = BitSet::default();
        b.set(3);
        b.set(3);
        b.set(200);
        assert_eq!(b.len(), 2);
        assert!(b.get(200) && !b.get(4) && !b.get(100_000));
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![3, 200]);
        b.clear(3);
        b.clear(3);
        b.clear(9_999);
        assert_eq!(b.len(), 1);
    }

    #[test]
    fn flows_reuse_slots_and_count_by_kind() {
        let mut t = Traffic::default();
        let r = t.route_index(0, 1);
        let a = t.open(Kind::Tcp, r, Instant::ZERO);
        let b = t.open(Kind::Http, r, Instant::ZERO);
        t.end(a, None);
        t.end(a, None);
        t.end(b, Some(DropReason::HttpNotReplicated));
        let c = t.open(Kind::Udp, r, Instant::ZERO);
        assert_eq!(c, b, "slots are reused");
        assert_eq!(t.flows(), 2);
        assert_eq!(
            t.summary(),
            vec![
                "tcp total 1 alive 0 closed 1 dropped 0".to_string(),
                "udp total 1 alive 1 closed 0 dropped 0".to_string(),
                "http total 1 alive 0 closed 0 dropped 1 (HTTP not replicated: 1)".to_string(),
            ]
        );
    }

    #[test]
    fn a_close_meant_for_an_ended_session_never_touches_the_next_one_in_its_slot() {
        let mut t = Traffic::default();
        let r = t.route_index(0, 1);
        let load = t.open(Kind::Http, r, Instant::ZERO);
        t.close_later(load, Instant::ZERO, 0);
        // Dropped before its close was due; a long-lived session takes the slot.
        t.end(load, Some(DropReason::HttpNotReplicated));
        let long = t.open(Kind::Tcp, r, Instant::ZERO);
        assert_eq!(long, load, "the slot is reused");
        let later = Instant::ZERO + Duration::from_secs(3600);
        assert!(t.due(later).is_empty(), "the stale close is dropped");
        // A close scheduled for the new session still happens.
        t.close_later(long, later, 0);
        assert_eq!(t.due(later + Duration::from_secs(3600)), vec![long]);
    }

    #[test]
    fn ages_stay_right_past_the_32_bit_millisecond_clock() {
        let day = |d: u64| Instant::ZERO + Duration::from_secs(d * 86_400);
        let ms = |t: Instant, ms: u64| t + Duration::from_millis(ms);
        let mut t = Traffic::default();
        let r = t.route_index(0, 1);
        // A session that lives for years, with age_out at least daily (the
        // traffic tick calls it every 100 ms); another opened after 2^32 ms
        // (49.7 days) of virtual time, whose age is not the clock's wrap.
        let long = t.open(Kind::Udp, r, ms(day(1), 700));
        let late = ms(day(50), 1_234);
        let mut a = 0;
        for d in 2..=3000 {
            if d == 50 {
                a = t.open(Kind::Tcp, r, late);
                assert_eq!(t.age(a, ms(late, 10_500)), Duration::from_millis(10_500));
                assert_eq!(t.born_at(a, ms(late, 10_500)), late);
            }
            t.age_out(day(d));
            t.age_out(ms(day(d), 43_200_000));
            let now = ms(day(d), 86_399_999);
            // Exact: (d - 1) days, 86399.299 s.
            let want = (d - 1) * 86_400 + 86_399;
            assert_eq!(t.age(long, now).secs(), want, "day {d}");
            if (50..60).contains(&d) {
                assert_eq!(t.age(a, now), now - late, "young: exact");
            } else if d == 60 {
                // Ended: the next session in its slot starts young.
                t.end(a, None);
                let c = t.open(Kind::Tcp, r, now);
                assert_eq!(c, a);
                assert_eq!(t.age(c, ms(now, 1)), Duration::from_millis(1));
            }
        }
        // Until it ages out a session's age is exact to the millisecond;
        // then it counts from the second it opened: at most one second more
        // than exact, never less.
        let mut t = Traffic::default();
        let r = t.route_index(0, 1);
        let b = t.open(Kind::Tcp, r, ms(day(3), 17));
        t.age_out(day(4));
        t.age_out(day(10)); // less than AGE_OUT_EVERY_MS after: no look
        assert_eq!(
            t.age(b, ms(day(12), 18)),
            Duration::from_millis(9 * 86_400_000 + 1)
        );
        assert_eq!(t.age(b, ms(day(16), 16)).secs(), 13 * 86_400 - 1);
        t.age_out(day(16));
        assert_eq!(t.age(b, ms(day(16), 16)).secs(), 13 * 86_400);
        assert_eq!(t.age(b, ms(day(16), 18)).secs(), 13 * 86_400);
        assert_eq!(t.born_at(b, day(20)), day(3));
        // Past 68 years an old session's creation time stays at the last
        // second it can hold; nothing overflows.
        let far = Instant::ZERO + Duration::from_secs(3 << 31);
        t.age_out(far);
        assert_eq!(t.born_at(b, far), day(3));
        let c = t.open(Kind::Tcp, r, far);
        t.age_out(ms(far, AGE_OUT_AFTER_MS + 1));
        assert_eq!(t.born_at(c, far).secs(), u64::from(YOUNG_MASK), "saturated");
    }

    #[test]
    fn load_quota_carries_fractions() {
        let mut t = Traffic::default();
        let r = t.route_index(0, 1);
        t.set_load(Kind::Http, 15, r);
        let n: u64 = (0..10)
            .map(|_| t.load_quota(Duration::from_millis(100))[0].2)
            .sum();
        assert_eq!(n, 15);
        t.set_load(Kind::Http, 0, r);
        assert!(t.loads.is_empty());
    }
}
