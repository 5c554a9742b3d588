//! Snapshots of the show outputs. Their layout was checked by hand against
//! ../shared/reference/asa-captures/ (ntc `show_failover1`, genie
//! `ShowFailover_golden_output2`, the show-tech history, the tumanov
//! `show failover state`, `show_conn_samples`, ntc `show_xlate`).

use asa_core::lab::{Lab, LabConfig};
use asa_core::labs::{build, Template};
use asa_core::net::UnitId;
use asa_core::script::Kind;
use asa_core::time::Duration;

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
    lab.start_traffic(Kind::Tcp, 3, 0, 1);
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
    lab.start_traffic(Kind::Tcp, 2, 0, 1);
    lab.start_traffic(Kind::Udp, 1, 0, 2);
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
