//! The command line end to end on a lab: output modifiers in `?` help, Tab
//! completion and errors; typed errors and replication.

use super::CliError;
use super::Console;
use crate::lab::Lab;
use crate::labs::Template;
use crate::net::UnitId;

const P: UnitId = UnitId::Primary;
const S: UnitId = UnitId::Secondary;

fn pair() -> Lab {
    let mut lab = crate::labs::settled(Template::ActiveStandby);
    let _ = lab.take_output();
    lab
}

#[test]
fn help_after_a_complete_command_offers_the_pipe() {
    let lab = pair();
    let help = lab.console_help(P, "show failover ");
    let n = help.len();
    assert_eq!(help[n - 2], "  |           Output modifiers");
    assert_eq!(help[n - 1], "  <cr>");
    // Not before the command is complete.
    assert!(!lab.console_help(P, "show ").iter().any(|l| l.contains('|')));
}

#[test]
fn help_after_the_pipe_lists_the_modifiers() {
    let lab = pair();
    assert_eq!(
        lab.console_help(P, "show failover | "),
        vec![
            "",
            "  begin       Begin with the line that matches",
            "  exclude     Exclude lines that match",
            "  grep        Include (or with -v, exclude) lines that match",
            "  include     Include lines that match",
        ]
    );
    assert_eq!(
        lab.console_help(P, "show failover | grep "),
        vec![
            "",
            "  -v          Exclude lines that match",
            "  LINE        Regular expression",
            // Without a regex the modifier keeps every line.
            "  <cr>",
        ]
    );
    assert_eq!(lab.console_help(P, "show failover | in"), vec!["  include"]);
}

#[test]
fn tab_lists_candidates_alphabetically() {
    let lab = pair();
    assert_eq!(
        lab.console_complete(P, "c").1,
        vec!["clear", "configure", "copy"]
    );
}

#[test]
fn tab_after_the_pipe_completes_the_modifier() {
    let lab = pair();
    assert_eq!(
        lab.console_complete(P, "show failover | in"),
        (
            "show failover | include ".to_string(),
            vec!["include".to_string()]
        )
    );
    assert_eq!(
        lab.console_complete(P, "sh fail | ").1,
        vec!["begin", "exclude", "grep", "include"]
    );
    assert_eq!(
        lab.console_complete(P, "show failover |").0,
        "show failover | "
    );
}

#[test]
fn modifiers_filter_the_output() {
    let mut lab = pair();
    let only = |lab: &mut Lab, line: &str| lab.run_capture(P, line);
    assert_eq!(
        only(&mut lab, "show failover | include This host"),
        vec!["        This host: Primary - Active"]
    );
    assert_eq!(
        only(&mut lab, "show failover | grep This host"),
        only(&mut lab, "show failover | in This host")
    );
    let all = only(&mut lab, "show failover").len();
    let excluded = only(&mut lab, "show failover | grep -v host").len();
    assert_eq!(excluded, all - 2);
    assert_eq!(only(&mut lab, "show failover | include").len(), all);
    let begun = only(&mut lab, "show failover | begin Other host");
    assert!(begun[0].contains("Other host: Secondary"));
    // Glued to the command, and `|` inside the regex.
    assert_eq!(only(&mut lab, "sh fail|i This host|Other host").len(), 2);
}

#[test]
fn an_invalid_modifier_is_invalid_input_without_a_caret() {
    let mut lab = pair();
    let invalid = vec!["ERROR: % Invalid input detected at '^' marker.".to_string()];
    assert_eq!(lab.run_capture(P, "show failover | frobnicate x"), invalid);
    assert_eq!(lab.run_capture(P, "show failover |"), invalid);
    assert_eq!(lab.run_capture(P, "show failover | include [a-"), invalid);
    // An error before the `|` keeps its caret; an incomplete command stays one.
    lab.type_line(P, "shw failover | include x");
    let out = lab.take_console(P);
    assert_eq!(out[1], format!("{}^", " ".repeat("ASA-PERIM# ".len())));
    assert_eq!(
        lab.run_capture(P, "show | include x"),
        vec!["ERROR: % Incomplete command"]
    );
    assert_eq!(
        lab.run_capture(P, "show f | include x"),
        vec!["ERROR: % Ambiguous command:  \"show f\""]
    );
}

#[test]
fn failover_exec_filters_here_what_the_mate_printed() {
    let mut lab = pair();
    assert_eq!(
        lab.run_capture(S, "failover exec active show failover | include This host"),
        vec!["        This host: Primary - Active"]
    );
}

#[test]
fn only_commands_that_succeed_are_replicated() {
    let mut lab = pair();
    lab.type_line(P, "configure terminal");
    lab.type_line(P, "hostname bad!name");
    lab.type_line(P, "mtu nowhere 1500");
    lab.type_line(P, "hostname EDGE");
    let replicated: Vec<_> = lab
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            crate::event::EventKind::CommandReplicated { command } => Some(command.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(replicated.last().map(String::as_str), Some("hostname EDGE"));
    assert!(!replicated
        .iter()
        .any(|c| c.contains("bad") || c.contains("nowhere")));
    assert_eq!(lab.prompt(S), "EDGE# ");
}

#[test]
fn configuration_text_reports_the_lines_that_failed() {
    let mut lab = pair();
    let lines: Vec<String> = [
        "hostname ok-name",
        "mtu nowhere 1500",
        "bogus words",
        "names",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let failed = super::apply_config_text(&mut lab, S, &lines);
    assert_eq!(
        failed,
        vec![
            super::ConfigLineError {
                no: 2,
                line: "mtu nowhere 1500".to_string(),
                error: CliError::NotNamedInterface {
                    name: "nowhere".into()
                }
            },
            super::ConfigLineError {
                no: 3,
                line: "bogus words".to_string(),
                error: CliError::InvalidInput { caret: Some(0) }
            },
        ]
    );
    // What the unit prints while it reads such a configuration.
    let printed = super::load_config(&mut lab, S, &lines);
    assert_eq!(
        printed,
        vec![
            "*** Output from config line 2, \"mtu nowhere 1500\"".to_string(),
            CliError::NotNamedInterface {
                name: "nowhere".into()
            }
            .to_string(),
            "*** Output from config line 3, \"bogus words\"".to_string(),
            "bogus words".to_string(),
            "^".to_string(),
            "ERROR: % Invalid input detected at '^' marker.".to_string(),
        ]
    );
}

#[test]
fn no_on_a_command_without_a_no_form_is_invalid_input() {
    let mut lab = pair();
    lab.type_line(P, "conf t");
    assert_eq!(
        lab.run_capture(P, "no hostname X"),
        vec!["ERROR: % Invalid input detected at '^' marker."]
    );
}

/// The lines of the standby's replication warning.
fn warning() -> Vec<String> {
    vec![
        "**** WARNING ****".to_string(),
        "\tConfiguration Replication is NOT performed from Standby unit to Active unit."
            .to_string(),
        "\tConfigurations are no longer synchronized.".to_string(),
    ]
}

#[test]
fn the_standby_warns_at_the_first_command_of_a_configuration_session() {
    let mut lab = pair();
    // Not in privileged EXEC, nor for configure terminal itself.
    assert_eq!(
        lab.run_capture(S, "show running-config | include ^hostname")
            .len(),
        1
    );
    assert!(lab.run_capture(S, "configure terminal").is_empty());
    // A command that changes nothing warns, and output modifiers keep it.
    let mut want = warning();
    want.push("hostname ASA-PERIM".to_string());
    assert_eq!(
        lab.run_capture(S, "show running-config | include ^hostname"),
        want
    );
    // Once per configuration session.
    assert_eq!(lab.run_capture(S, "hostname ROGUE"), Vec::<String>::new());
    assert!(lab.run_capture(S, "end").is_empty());
    // Leaving the mode does not warn; entering a sub-mode does.
    lab.run_capture(S, "configure terminal");
    assert!(lab.run_capture(S, "exit").is_empty());
    lab.run_capture(S, "configure terminal");
    assert_eq!(lab.run_capture(S, "interface gi0/2"), warning());
    lab.run_capture(S, "end");
    // failover exec runs on the active unit: no warning here.
    lab.run_capture(S, "configure terminal");
    assert!(lab
        .run_capture(S, "failover exec active hostname FROM-STANDBY")
        .is_empty());
    // A line that does not parse is no command.
    assert!(!lab
        .run_capture(S, "frobnicate")
        .iter()
        .any(|l| l.contains("WARNING")));
    assert_eq!(
        lab.run_capture(S, "show running-config | include ^hostname")[0],
        warning()[0]
    );
    // The active unit never warns.
    lab.run_capture(P, "configure terminal");
    assert_eq!(
        lab.run_capture(P, "show running-config | include ^hostname"),
        vec!["hostname FROM-STANDBY"]
    );
}

#[test]
fn pager_lines_and_failover_lan_unit_are_not_replicated() {
    let mut lab = pair();
    lab.type_line(P, "configure terminal");
    lab.type_line(P, "pager lines 10");
    lab.type_line(P, "failover lan unit secondary");
    lab.type_line(P, "failover lan unit primary");
    lab.type_line(P, "hostname EDGE");
    let replicated: Vec<_> = lab
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            crate::event::EventKind::CommandReplicated { command } => Some(command.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(replicated, vec!["hostname EDGE"]);
    assert_eq!(lab.unit(P).running.pager_lines, 10);
    assert_eq!(lab.unit(S).running.pager_lines, 24);
    assert_eq!(lab.prompt(S), "EDGE# ");
}

#[test]
fn no_failover_link_without_a_name_removes_the_stateful_link() {
    let mut lab = pair();
    lab.type_line(P, "configure terminal");
    // Without `no`, the line is incomplete, and `?` offers no <cr>.
    assert_eq!(
        lab.run_capture(P, "failover link"),
        vec!["ERROR: % Incomplete command"]
    );
    assert_eq!(
        lab.run_capture(P, "failover link | include x"),
        vec!["ERROR: % Incomplete command"]
    );
    let help = lab.console_help(P, "failover link ");
    assert!(!help
        .iter()
        .any(|l| l.contains("<cr>") || l.contains("Output modifiers")));
    assert!(lab
        .console_help(P, "no failover link ")
        .iter()
        .any(|l| l.contains("<cr>")));
    assert!(lab.run_capture(P, "no failover link").is_empty());
    for u in [P, S] {
        let fo = &lab.unit(u).running.failover;
        assert_eq!(fo.link, None);
        assert!(!fo.ips.contains_key("STATE-LINK"));
        assert!(fo.ips.contains_key("FAIL-LINK"));
    }
    // Again: nothing left to remove, still accepted.
    assert!(lab.run_capture(P, "no failover link").is_empty());
}

#[test]
fn help_lists_words_in_order_in_every_mode() {
    let mut lab = pair();
    let words = |lab: &crate::lab::Lab, before: &str| -> Vec<String> {
        lab.console_help(P, before)
            .iter()
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .filter(|w| w != "<cr>")
            .collect()
    };
    for before in ["", "show ", "show failover ", "clear "] {
        let w = words(&lab, before);
        let mut sorted = w.clone();
        sorted.sort();
        assert!(w.len() > 3, "{before:?}: {w:?}");
        assert_eq!(w, sorted, "{before:?}");
    }
    lab.type_line(P, "configure terminal");
    let w = words(&lab, "");
    let mut sorted = w.clone();
    sorted.sort();
    assert_eq!(w, sorted, "global configuration");
}
