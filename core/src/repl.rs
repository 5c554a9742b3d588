//! Stateful replication accounting: the update stream between the units
//! and its per-object counters, as `show failover` reports them.

/// The object types of the Stateful Failover Logical Update Statistics, in
/// the order the ASA prints them.
pub const OBJ_TYPES: [&str; 31] = [
    "General",
    "sys cmd",
    "up time",
    "RPC services",
    "TCP conn",
    "UDP conn",
    "ARP tbl",
    "Xlate_Timeout",
    "IPv6 ND tbl",
    "VPN IKEv1 SA",
    "VPN IKEv1 P2",
    "VPN IKEv2 SA",
    "VPN IKEv2 P2",
    "VPN CTCP upd",
    "VPN SDI upd",
    "VPN DHCP upd",
    "SIP Session",
    "SIP Tx",
    "SIP Pinhole",
    "Route Session",
    "Router ID",
    "User-Identity",
    "CTS SGTNAME",
    "CTS PAC",
    "TrustSec-SXP",
    "IPv6 Route",
    "STS Table",
    "Umbrella Device-ID",
    "Rule DB B-Sync",
    "Rule DB P-Sync",
    "Rule DB Delete",
];

/// Counters kept: the printed rows, then ICMP sessions, which the ASA
/// prints under no row of their own (they count under General only).
pub const OBJ_COUNT: usize = OBJ_TYPES.len() + 1;

/// Index of an object type in [`OBJ_TYPES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Obj {
    General = 0,
    SysCmd = 1,
    UpTime = 2,
    TcpConn = 4,
    UdpConn = 5,
    ArpTbl = 6,
    XlateTimeout = 7,
    Ikev2Sa = 11,
    Ikev2P2 = 12,
    SipSession = 16,
    /// Not a printed row: counted, and shown in the browser's charts.
    IcmpSession = OBJ_TYPES.len(),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueStats {
    pub cur: u64,
    pub max: u64,
    pub total: u64,
}

impl QueueStats {
    pub fn push(&mut self, n: u64) {
        self.cur += n;
        self.max = self.max.max(self.cur);
        self.total += n;
    }
    pub fn drain(&mut self, n: u64) {
        self.cur = self.cur.saturating_sub(n);
    }
}

/// Per-unit replication counters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplStats {
    pub xmit: [u64; OBJ_COUNT],
    pub xerr: [u64; OBJ_COUNT],
    pub rcv: [u64; OBJ_COUNT],
    pub rerr: [u64; OBJ_COUNT],
    pub xmit_q: QueueStats,
    pub recv_q: QueueStats,
    /// Frames sent and received on the failover interfaces.
    pub link_tx: u64,
    pub link_rx: u64,
    pub kbps_in: u64,
    pub kbps_out: u64,
    pub loss_in_permille: u64,
    pub loss_out_permille: u64,
}

impl ReplStats {
    /// Counts `n` updates of a type sent (every update also counts as General).
    pub fn sent(&mut self, obj: Obj, n: u64) {
        self.xmit[obj as usize] += n;
        if obj != Obj::General {
            self.xmit[Obj::General as usize] += n;
        }
        self.xmit_q.push(n);
        self.xmit_q.drain(n);
        self.link_tx += n;
    }
    /// Counts `n` updates of a type received.
    pub fn received(&mut self, obj: Obj, n: u64) {
        self.rcv[obj as usize] += n;
        if obj != Obj::General {
            self.rcv[Obj::General as usize] += n;
        }
        self.recv_q.push(n);
        self.recv_q.drain(n);
        self.link_rx += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_count_under_their_type_and_general() {
        let mut s = ReplStats::default();
        s.sent(Obj::SysCmd, 2);
        s.sent(Obj::General, 1);
        assert_eq!(s.xmit[Obj::SysCmd as usize], 2);
        assert_eq!(s.xmit[Obj::General as usize], 3);
        assert_eq!(s.xmit_q.total, 3);
        assert_eq!(s.xmit_q.max, 2);
        assert_eq!(s.xmit_q.cur, 0);
        s.received(Obj::TcpConn, 5);
        assert_eq!(s.rcv[Obj::General as usize], 5);
        assert_eq!(OBJ_TYPES[Obj::TcpConn as usize], "TCP conn");
        assert_eq!(OBJ_TYPES[Obj::SipSession as usize], "SIP Session");
        assert!(!OBJ_TYPES.contains(&"ICMP session"));
        assert_eq!(Obj::IcmpSession as usize, OBJ_TYPES.len());
        assert_eq!(OBJ_TYPES[OBJ_TYPES.len() - 4], "Umbrella Device-ID");
        assert_eq!(OBJ_TYPES[Obj::Ikev2P2 as usize], "VPN IKEv2 P2");
    }
}
