//! `show version`.

use crate::config::ASA_VERSION;
use crate::lab::Lab;
use crate::net::{Port, UnitId};

/// `show version`.
pub fn version(lab: &Lab, u: UnitId, ctx: Option<&str>) -> Vec<String> {
    let unit = lab.unit(u);
    let up = lab.now().saturating_since(unit.boot_at).secs();
    let uptime = format!(
        "{} days {} hours {} mins {} secs",
        up / 86400,
        (up / 3600) % 24,
        (up / 60) % 60,
        up % 60
    );
    if ctx.is_some() {
        // A user context: no image, no hardware detail, its licences.
        let mut out = vec![
            String::new(),
            format!("Cisco Adaptive Security Appliance Software Version {ASA_VERSION} <context>"),
            "SSP Operating System Version 2.12(0.31)".into(),
            "Device Manager Version 7.18(1)".into(),
            String::new(),
            "Compiled on Wed 15-Feb-23 10:28 GMT by builders".into(),
            String::new(),
            format!("{} up {uptime}", unit.cfg_for(ctx).hostname),
        ];
        if unit.running.failover.enabled {
            out.push(format!("failover cluster up {uptime}"));
        }
        out.push(String::new());
        out.push("Hardware:   ASAv".into());
        out.push(String::new());
        out.extend(licences(lab, u, true));
        return out;
    }
    let mut out = vec![
        String::new(),
        format!("Cisco Adaptive Security Appliance Software Version {ASA_VERSION} "),
        "SSP Operating System Version 2.12(0.31)".into(),
        "Device Manager Version 7.18(1)".into(),
        String::new(),
        "Compiled on Wed 15-Feb-23 10:28 GMT by builders".into(),
        "System image file is \"boot:/asa9183-smp-k8.bin\"".into(),
        "Config file at boot was \"startup-config\"".into(),
        String::new(),
        format!("{} up {uptime}", unit.running.hostname),
    ];
    if unit.running.failover.enabled {
        out.push(format!("failover cluster up {uptime}"));
    }
    out.push(String::new());
    out.push("Hardware:   ASAv, 2048 MB RAM, CPU Xeon 4100/6100/8100 series 2200 MHz,".into());
    out.push("Model Id:   ASAv10".into());
    out.push(String::new());
    for p in Port::all() {
        out.push(format!(
            " {}: Ext: {:<19}: address is {}, irq 10",
            p.number(),
            p.name(),
            unit.bia(p)
        ));
    }
    out.push(String::new());
    out.extend(licences(lab, u, false));
    out.push("This platform has an ASAv VPN Premium license.".into());
    out.push(String::new());
    out.push(format!("Serial Number: {}", unit.serial()));
    out.push("Configuration register is 0x1".into());
    out.push(String::new());
    out
}

/// The licence blocks: the unit's and, while its mate is there, the
/// failover cluster's; a user context's rows without platform limits.
fn licences(lab: &Lab, u: UnitId, context: bool) -> Vec<String> {
    let unit = lab.unit(u);
    let mut out = Vec::new();
    // (feature, value, summed over the pair in the failover cluster)
    let features: [(&str, &str, bool); 9] = [
        ("Maximum VLANs", "50", false),
        ("Inside Hosts", "Unlimited", false),
        ("Failover", "Active/Active", false),
        ("Encryption-DES", "Enabled", false),
        ("Encryption-3DES-AES", "Enabled", false),
        ("Security Contexts", "2", true),
        ("Carrier", "Disabled", false),
        ("AnyConnect Premium Peers", "250", false),
        ("Total TLS Proxy Sessions", "2", false),
    ];
    let cluster =
        unit.running.failover.enabled && unit.fo.peer.as_ref().is_some_and(|p| !p.marked_failed);
    if context {
        // A context's licences: no platform limits, no peers of its own.
        let rows = |out: &mut Vec<String>| {
            for (f, v, _) in &features[2..8] {
                if *f == "Security Contexts" {
                    continue;
                }
                let v = if *f == "AnyConnect Premium Peers" {
                    "0"
                } else {
                    v
                };
                out.push(format!("{f:<34}: {v:<15}"));
            }
        };
        out.push("Licensed features for this user context:".into());
        rows(&mut out);
        if cluster {
            out.push(String::new());
            out.push(String::new());
            out.push("Failover cluster licensed features for this user context:".into());
            rows(&mut out);
        }
        out.push(String::new());
        return out;
    }
    let rows = |out: &mut Vec<String>, doubled: bool| {
        for (f, v, sum) in features {
            let v = match v.parse::<u32>() {
                Ok(n) if sum && doubled => (2 * n).to_string(),
                _ => v.to_string(),
            };
            out.push(format!("{f:<34}: {v:<15}perpetual"));
        }
    };
    out.push("Licensed features for this platform:".into());
    rows(&mut out, false);
    if cluster {
        // The pair's combined licence (counts of both units added).
        out.push(String::new());
        out.push(String::new());
        out.push("Failover cluster licensed features for this platform:".into());
        rows(&mut out, true);
    }
    out.push(String::new());
    out
}
