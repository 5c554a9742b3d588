//! A lab script means the same in the browser as under `asa-lab run`: a
//! seeded script (with `load` traffic, whose sessions the seed shapes)
//! restored, shared or imported in the browser reaches the state the runner
//! reaches, and keeps its seed when saved again.

use asa_core::net::UnitId;
use asa_core::script;
use asa_web::engine::Engine;
use asa_web::share;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn seeded(seed: u64) -> String {
    format!(
        "lab active-standby
seed {seed}
wait 60s
load tcp 200 inside-host outside-server
wait 5s
primary: no failover active
wait 5s
"
    )
}

/// What a state looks like: the session summary, then `show conn count`
/// on the secondary and on the primary.
#[derive(Debug, PartialEq)]
struct Seen {
    sessions: Vec<String>,
    conns: [Vec<String>; 2],
}

/// The output a unit printed for its last `show conn count`, from console
/// lines (the runner's without their `unit| ` prefix).
fn conn_count(lines: &[String]) -> Vec<String> {
    let at = lines
        .iter()
        .rposition(|l| l.ends_with("# show conn count"))
        .expect("the command was typed");
    lines[at + 1..]
        .iter()
        .take_while(|l| !l.ends_with('#') && !l.ends_with("# "))
        .cloned()
        .collect()
}

/// The runner: the script, then `sessions` and the two commands.
fn under_the_runner(script: &str) -> Seen {
    let text = format!("{script}sessions\nsecondary: show conn count\nprimary: show conn count\n");
    let out = script::run_text(&text).expect("the script runs");
    assert_eq!(out.failures, 0);
    let of = |prefix: &str| -> Vec<String> {
        out.transcript
            .lines()
            .filter_map(|l| l.strip_prefix(prefix).map(str::to_string))
            .collect()
    };
    Seen {
        sessions: of("sessions| "),
        conns: [conn_count(&of("secondary| ")), conn_count(&of("primary| "))],
    }
}

/// The browser's engine, restoring the script as it restores a save.
fn in_the_browser(script: &str) -> (Engine, Seen) {
    let mut e = Engine::from_script(script).expect("the browser restores it");
    let sessions = e.sessions();
    let conns = [UnitId::Secondary, UnitId::Primary].map(|u| {
        e.type_line(u, "show conn count");
        conn_count(e.console(u))
    });
    (e, Seen { sessions, conns })
}

#[wasm_bindgen_test]
fn a_seeded_script_replays_in_the_browser_as_under_the_runner() {
    let runner = under_the_runner(&seeded(7));
    assert!(
        runner.sessions.iter().any(|l| l.starts_with("tcp ")),
        "{runner:?}"
    );
    assert!(
        runner
            .conns
            .iter()
            .all(|c| c.iter().any(|l| l.contains("in use"))),
        "{runner:?}"
    );
    let (e, browser) = in_the_browser(&seeded(7));
    assert_eq!(browser, runner, "same script, same lab");

    // The seed matters: another seed gives another result, in both.
    let other = under_the_runner(&seeded(8));
    assert_ne!(other, runner, "the seed shapes the load's sessions");
    assert_eq!(in_the_browser(&seeded(8)).1, other);

    // Saved again, the lab keeps its seed and replays the same.
    let saved = e.to_script();
    assert!(
        saved.starts_with(&format!(
            "{}\nlab active-standby\nseed 7\n",
            asa_web::engine::SAVE_HEADER
        )),
        "{saved}"
    );
    let back = Engine::from_script(&saved).unwrap();
    assert_eq!(back.sessions(), e.sessions());
    assert_eq!(back.journal(), e.journal());
}

#[wasm_bindgen_test]
fn the_journal_prints_canonical_statements() {
    let text = "lab active-standby\nseed 5\nwait 2500ms\nunplug secondary gi0/2\nwait 1s\nwait 1s\nprimary: show version | include Serial\n";
    let e = Engine::from_script(text).unwrap();
    let printed: Vec<String> = e.journal().iter().map(|s| s.to_string()).collect();
    assert_eq!(
        printed,
        [
            "lab active-standby",
            "seed 5",
            "wait 2500ms",
            "unplug secondary GigabitEthernet0/2",
            "wait 2s",
            "primary: show version | include Serial",
        ]
    );
    assert_eq!(
        e.to_script(),
        format!("{}\n{}\n", asa_web::engine::SAVE_HEADER, printed.join("\n"))
    );
}

#[wasm_bindgen_test]
async fn a_shared_seeded_lab_opens_with_the_runners_sessions() {
    let runner = under_the_runner(&seeded(7));
    let win = web_sys::window().unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    win.location()
        .set_hash(&share::fragment_for(&seeded(7)))
        .unwrap();
    let root = common::mount().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Opened the shared lab"), "{text}");
    assert_eq!(
        common::text_of(&root, "pre.sessions"),
        runner.sessions.join("\n")
    );
    win.location().set_hash("").unwrap();
    win.local_storage().unwrap().unwrap().clear().unwrap();
    root.remove();
}

#[wasm_bindgen_test]
fn a_save_written_by_the_old_journal_still_loads() {
    let old = "# Failover Lab saved lab, format 1
lab active-standby
wait 40000ms
primary: configure terminal
primary: hostname OLD
unplug secondary GigabitEthernet0/2
traffic tcp 25 inside-host outside-server
wait 2500ms
";
    let e = Engine::from_script(old).unwrap();
    assert_eq!(e.prompt(UnitId::Primary), "OLD(config)# ");
    assert_eq!(e.clock(), "00:00:42.500");
    assert!(
        e.sessions()[0].starts_with("tcp total 25"),
        "{:?}",
        e.sessions()
    );
    let saved = e.to_script();
    assert!(saved.contains("\nwait 40s\n"), "{saved}");
    assert!(saved.ends_with("\nwait 2500ms\n"), "{saved}");
    assert!(!saved.contains("seed"), "no seed was given: {saved}");
}
