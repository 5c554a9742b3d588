//! `show vpn-sessiondb [summary]` and `show crypto ikev2 sa`: the tunnels
//! that terminate on the pair, on the active unit and (replicated) on the
//! standby. Laid out line by line like the captures in
//! `shared/reference/asa-captures/more/`: `show_vpn-sessiondb_summary__ntc_2`
//! (a failover pair's site-to-site IKEv2 summary) and
//! `show_crypto_ikev2_sa__genie_1` / `__genie_2`.

use crate::lab::Lab;
use crate::net::UnitId;

use super::CONN_LIST_LIMIT;

/// Sessions the lab's platform takes (ASAv10).
pub const VPN_CAPACITY: u64 = 250;
/// IKEv2 SA lifetime, seconds (the ASA's default).
const IKE_LIFETIME: u64 = 86_400;

const RULE: &str = "---------------------------------------------------------------------------";
const SUB_RULE: &str =
    "                             ----------------------------------------------";

/// `show vpn-sessiondb [summary]`.
pub fn vpn_sessiondb(lab: &Lab, u: UnitId) -> Vec<String> {
    let sas = lab.ike_sas(u);
    let ike = sas.len() as u64;
    let ipsec: u64 = sas.iter().map(|s| s.children.len() as u64).sum();
    let c = lab.vpn_counters(u);
    let (peak_ike, peak_ipsec) = (c.peak_ike.max(ike), c.peak_ipsec.max(ipsec));
    let mut out = vec![
        RULE.to_string(),
        "VPN Session Summary".into(),
        RULE.into(),
        "                               Active : Cumulative : Peak Concur : Inactive".into(),
        SUB_RULE.into(),
    ];
    if c.cumulative_ike > 0 || ike > 0 {
        for label in ["Site-to-Site VPN", "  IKEv2 IPsec"] {
            out.push(format!(
                "{label:<29}: {ike:>6} : {:>10} : {peak_ike:>11}",
                c.cumulative_ike
            ));
        }
    }
    out.extend([
        RULE.into(),
        format!(
            "Total Active and Inactive    : {ike:>6}             Total Cumulative : {:>6}",
            c.cumulative_ike
        ),
        format!("Device Total VPN Capacity    : {VPN_CAPACITY:>6}"),
        format!(
            "Device Load                  : {:>5}%",
            ike * 100 / VPN_CAPACITY
        ),
        RULE.into(),
        RULE.into(),
        "Tunnels Summary".into(),
        RULE.into(),
        "                               Active : Cumulative : Peak Concurrent".into(),
        SUB_RULE.into(),
    ]);
    if c.cumulative_ike > 0 || ike > 0 {
        out.push(format!(
            "{:<29}: {ike:>6} : {:>10} : {peak_ike:>15}",
            "IKEv2", c.cumulative_ike
        ));
        out.push(format!(
            "{:<29}: {ipsec:>6} : {:>10} : {peak_ipsec:>15}",
            "IPsec", c.cumulative_ipsec
        ));
    }
    out.extend([
        RULE.into(),
        format!(
            "{:<29}: {:>6} : {:>10}",
            "Totals",
            ike + ipsec,
            c.cumulative_ike + c.cumulative_ipsec
        ),
        RULE.into(),
    ]);
    out
}

/// A stable 32-bit number from a seed (tunnel ids and SPIs).
fn mix(x: u64) -> u32 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) as u32
}

/// `show crypto ikev2 sa`.
pub fn crypto_ikev2_sa(lab: &Lab, u: UnitId) -> Vec<String> {
    let sas = lab.ike_sas(u);
    let mut out = vec![String::new()];
    if sas.is_empty() {
        out.push("There are no IKEv2 SAs".into());
        return out;
    }
    out.extend(["IKEv2 SAs:".to_string(), String::new()]);
    let mut listed = 0;
    for (n, sa) in sas.iter().enumerate() {
        let status = if sa.active { "UP-ACTIVE" } else { "UP-STANDBY" };
        out.push(format!(
            "Session-id:{}, Status:{status}, IKE count:1, CHILD count:{}",
            n + 1,
            sa.children.len()
        ));
        out.push(String::new());
        out.push(
            "Tunnel-id Local                                               Remote                                                  Status         Role"
                .into(),
        );
        let tunnel_id = 100_000 + mix(sa.route as u64) % 9_000_000;
        out.push(format!(
            "{tunnel_id:>9} {:<52}{:<57}READY    RESPONDER",
            format!("{}/500", sa.local),
            format!("{}/500", sa.remote)
        ));
        out.push(
            "      Encr: AES256, Hash: SHA96, DH Grp:14, Auth sign: PSK, Auth verify: PSK".into(),
        );
        out.push(format!(
            "      Life/Active Time: {IKE_LIFETIME}/{} sec",
            lab.now().saturating_since(sa.since).secs()
        ));
        for slot in &sa.children {
            if listed == CONN_LIST_LIMIT {
                out.push(format!(
                    "(Failover Lab lists the first {CONN_LIST_LIMIT} child SAs; use 'show vpn-sessiondb')"
                ));
                return out;
            }
            listed += 1;
            let (l, r) = (sa.local_host, sa.remote_host);
            out.push(format!("Child sa: local selector  {l}/0 - {l}/65535"));
            out.push(format!("          remote selector {r}/0 - {r}/65535"));
            out.push(format!(
                "          ESP spi in/out: 0x{:08x}/0x{:08x}",
                mix(u64::from(*slot) << 1),
                mix(u64::from(*slot) << 1 | 1)
            ));
        }
        out.push(String::new());
    }
    out.pop();
    out
}
