//! Snapshots of the show outputs. Their layout was checked by hand against
//! ../shared/reference/asa-captures/ (ntc `show_failover1`, genie
//! `ShowFailover_golden_output2`, the show-tech history, the tumanov
//! `show failover state`, `show_conn_samples`, ntc `show_xlate`).

use asa_core::commands::Console;
use asa_core::lab::{Lab, LabConfig};
use asa_core::labs::{build, Template};
use asa_core::net::UnitId;
use asa_core::time::Duration;
use asa_core::traffic::Kind;

fn run(lab: &mut Lab, u: UnitId, cmd: &str) -> String {
    lab.run_capture(u, cmd).join("\n")
}

fn pair() -> Lab {
    let mut lab = build(Template::ActiveStandby, LabConfig::default()).unwrap();
    lab.advance(Duration::from_secs(60));
    lab
}

#[test]
fn show_failover_active_standby() {
    let mut lab = pair();
    lab.start_traffic(Kind::Tcp, 3, 0, 1).unwrap();
    lab.advance(Duration::from_secs(1));
    insta::assert_snapshot!(
        "failover_primary",
        run(&mut lab, UnitId::Primary, "show failover")
    );
    insta::assert_snapshot!(
        "failover_secondary_hosts",
        run(
            &mut lab,
            UnitId::Secondary,
            "show failover | begin This host"
        )
    );
}

#[test]
fn show_failover_off_on_a_blank_unit() {
    let mut lab = build(Template::Blank, LabConfig::default()).unwrap();
    insta::assert_snapshot!(
        "failover_off",
        run(&mut lab, UnitId::Primary, "show failover")
    );
}

#[test]
fn show_failover_state_history_and_monitoring_after_interface_failure() {
    let mut lab = pair();
    lab.set_cable(UnitId::Primary, asa_core::net::Port(1), false)
        .unwrap();
    lab.advance(Duration::from_secs(10));
    insta::assert_snapshot!(
        "state_failed",
        run(&mut lab, UnitId::Primary, "show failover state")
    );
    insta::assert_snapshot!(
        "history_secondary",
        run(&mut lab, UnitId::Secondary, "show failover history")
    );
    insta::assert_snapshot!(
        "monitor_interface",
        run(&mut lab, UnitId::Secondary, "show monitor-interface")
    );
}

#[test]
fn show_interface_conn_and_xlate() {
    let mut lab = pair();
    lab.start_traffic(Kind::Tcp, 2, 0, 1).unwrap();
    lab.start_traffic(Kind::Udp, 1, 0, 2).unwrap();
    lab.advance(Duration::from_secs(3));
    insta::assert_snapshot!(
        "interface_inside",
        run(&mut lab, UnitId::Primary, "show interface gi0/1 detail")
    );
    insta::assert_snapshot!("conn_active", run(&mut lab, UnitId::Primary, "show conn"));
    insta::assert_snapshot!("xlate_active", run(&mut lab, UnitId::Primary, "show xlate"));
    insta::assert_snapshot!(
        "interface_ip_brief",
        run(&mut lab, UnitId::Secondary, "show interface ip brief")
    );
}

/// Active/Active: layouts checked against ntc `show_failoveractiveactive`,
/// the FPR-2130 multi-context show-tech excerpt, the Active/Active show-tech
/// history and genie `ShowContextDetail` / `ShowInterfaceDetail` (context
/// view).
#[test]
fn active_active_show_outputs() {
    let mut lab = build(Template::ActiveActive, LabConfig::default()).unwrap();
    lab.advance(Duration::from_secs(60));
    let a = lab.net().host_by_name("inside-a").unwrap();
    let b = lab.net().host_by_name("inside-b").unwrap();
    let server = lab.net().host_by_name("internet-server").unwrap();
    lab.start_traffic(Kind::Tcp, 4, a, server).unwrap();
    lab.start_traffic(Kind::Udp, 2, b, server).unwrap();
    lab.set_asymmetric(true);
    lab.advance(Duration::from_secs(2));
    insta::assert_snapshot!(
        "aa_failover",
        run(&mut lab, UnitId::Primary, "show failover")
    );
    insta::assert_snapshot!(
        "aa_failover_group_2",
        run(&mut lab, UnitId::Secondary, "show failover group 2")
    );
    insta::assert_snapshot!(
        "aa_failover_state",
        run(&mut lab, UnitId::Primary, "show failover state")
    );
    insta::assert_snapshot!(
        "aa_failover_history",
        run(&mut lab, UnitId::Secondary, "show failover history")
    );
    insta::assert_snapshot!(
        "aa_context_detail",
        run(&mut lab, UnitId::Primary, "show context detail")
    );
    run(&mut lab, UnitId::Primary, "changeto context admin");
    insta::assert_snapshot!(
        "aa_admin_interface_detail",
        run(&mut lab, UnitId::Primary, "show interface detail")
    );
    insta::assert_snapshot!(
        "aa_admin_monitor_interface",
        run(&mut lab, UnitId::Primary, "show monitor-interface")
    );
    insta::assert_snapshot!("aa_admin_conn", run(&mut lab, UnitId::Primary, "show conn"));
}
