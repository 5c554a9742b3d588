//! `show version`.

use crate::config::ASA_VERSION;
use crate::lab::Lab;
use crate::net::{Port, UnitId};

/// `show version`.
pub fn version(lab: &Lab, u: UnitId) -> Vec<String> {
    let unit = lab.unit(u);
    let up = lab.now().saturating_since(unit.boot_at).secs();
    let uptime = format!(
        "{} days {} hours {} mins {} secs",
        up / 86400,
        (up / 3600) % 24,
        (up / 60) % 60,
        up % 60
    );
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
    out.push("Licensed features for this platform:".into());
    out.push("Maximum VLANs                     : 50             perpetual".into());
    out.push("Inside Hosts                      : Unlimited      perpetual".into());
    out.push("Failover                          : Active/Active  perpetual".into());
    out.push("Encryption-DES                    : Enabled        perpetual".into());
    out.push("Encryption-3DES-AES               : Enabled        perpetual".into());
    out.push("Security Contexts                 : 2              perpetual".into());
    out.push("Carrier                           : Disabled       perpetual".into());
    out.push("AnyConnect Premium Peers          : 250            perpetual".into());
    out.push("Total TLS Proxy Sessions          : 2              perpetual".into());
    out.push(String::new());
    out.push("This platform has an ASAv VPN Premium license.".into());
    out.push(String::new());
    out.push(format!("Serial Number: {}", unit.serial()));
    out.push("Configuration register is 0x1".into());
    out.push(String::new());
    out
}
