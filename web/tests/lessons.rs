//! The course in the page, driven as a learner drives it: choose a lesson,
//! type at the consoles, pull cables, open traffic, answer the questions,
//! continue past the explanations — until the panel says the lesson is
//! complete. Also: a challenge hides its fault, progress survives a reload,
//! Reset restarts the lesson, and "why not yet" tells what a step waits for.

use asa_web::lessons::{self, LessonKind};
use asa_web::share;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::{
    by_label, choose, click_label, input, key, scrollback, set_count, text_of, type_text,
};

wasm_bindgen_test_configure!(run_in_browser);

fn index_of(id: &str) -> String {
    lessons::all()
        .iter()
        .position(|(i, _)| i == id)
        .unwrap_or_else(|| panic!("no lesson {id}"))
        .to_string()
}

async fn step(root: &web_sys::Element, secs: u32) {
    for _ in 0..secs {
        click_label(root, "step one second").await;
    }
}

async fn typed(root: &web_sys::Element, unit: &str, line: &str) {
    let inp = input(root, unit);
    type_text(&inp, line).await;
    key(&inp, "Enter").await;
}

async fn open(root: &web_sys::Element, kind: &str, n: &str) {
    choose(root, "traffic kind", kind).await;
    set_count(root, n).await;
    click_label(root, "open sessions").await;
}

/// Answers the question of step `k` (1-based) with choice `c` (1-based).
async fn answer(root: &web_sys::Element, k: usize, c: usize) {
    let radios = root
        .query_selector_all(&format!("input[name='predict-{}']", k - 1))
        .unwrap();
    let el: web_sys::HtmlElement = radios.item(c as u32 - 1).unwrap().dyn_into().unwrap();
    el.click();
    yew::scheduler::flush().await;
}

async fn cont(root: &web_sys::Element) {
    click_label(root, "continue").await;
}

fn done(root: &web_sys::Element) -> u32 {
    root.query_selector_all("section.lesson li.done")
        .unwrap()
        .length()
}

fn complete(root: &web_sys::Element) -> bool {
    root.query_selector("section.lesson .complete")
        .unwrap()
        .is_some()
}

async fn start(id: &str) -> web_sys::Element {
    let root = common::mount_fresh().await;
    click_label(&root, "pause").await;
    choose(&root, "choose a lesson", &index_of(id)).await;
    root
}

#[wasm_bindgen_test]
fn the_course_and_the_challenges_are_all_listed() {
    let all = lessons::all();
    assert_eq!(all.len(), lessons::SOURCES.len(), "every file parses");
    let n = |k| all.iter().filter(|(_, l)| l.kind == k).count();
    assert!(n(LessonKind::Lesson) >= 14);
    assert!(n(LessonKind::Challenge) >= 6);
}

#[wasm_bindgen_test]
async fn lesson_1_building_a_pair_through_the_page() {
    let root = start("01-building-a-pair").await;
    assert_eq!(done(&root), 0);
    cont(&root).await;
    assert_eq!(done(&root), 1, "the introduction is read");
    for l in [
        "configure terminal",
        "hostname ASA-LAB",
        "interface GigabitEthernet0/0",
        "nameif outside",
        "ip address 203.0.113.2 255.255.255.0 standby 203.0.113.3",
        "no shutdown",
        "interface GigabitEthernet0/1",
        "nameif inside",
        "ip address 10.10.0.254 255.255.255.0 standby 10.10.0.253",
        "no shutdown",
        "interface GigabitEthernet0/3",
        "no shutdown",
        "interface GigabitEthernet0/4",
        "no shutdown",
        "exit",
        "failover lan unit primary",
        "failover lan interface FAIL-LINK GigabitEthernet0/3",
        "failover interface ip FAIL-LINK 169.254.99.1 255.255.255.252 standby 169.254.99.2",
        "failover link STATE-LINK GigabitEthernet0/4",
        "failover interface ip STATE-LINK 169.254.99.5 255.255.255.252 standby 169.254.99.6",
        "failover key cisco123",
    ] {
        typed(&root, "primary", l).await;
    }
    step(&root, 1).await;
    assert_eq!(done(&root), 6, "the configuration steps tick as typed");
    // The question must be answered before the next step can tick.
    typed(&root, "primary", "failover").await;
    step(&root, 20).await;
    assert_eq!(done(&root), 6, "a question blocks until answered");
    answer(&root, 7, 2).await;
    let q = text_of(&root, "section.lesson li.predict");
    assert!(q.contains("right"), "{q}");
    assert!(
        q.contains("answered after the lab had changed"),
        "typed failover first: {q}"
    );
    step(&root, 1).await;
    assert_eq!(done(&root), 8, "the primary is active");
    for l in [
        "configure terminal",
        "failover lan unit secondary",
        "failover lan interface FAIL-LINK GigabitEthernet0/3",
        "failover interface ip FAIL-LINK 169.254.99.1 255.255.255.252 standby 169.254.99.2",
        "failover key cisco123",
        "interface GigabitEthernet0/3",
        "no shutdown",
        "exit",
        "failover",
    ] {
        typed(&root, "secondary", l).await;
    }
    step(&root, 30).await;
    assert_eq!(done(&root), 10);
    cont(&root).await;
    assert!(complete(&root), "{}", text_of(&root, "section.lesson"));
    root.remove();
}

#[wasm_bindgen_test]
async fn lesson_3_what_replicates_through_the_page() {
    let root = start("03-what-replicates").await;
    step(&root, 30).await;
    assert_eq!(done(&root), 1);
    open(&root, "tcp", "100").await;
    open(&root, "udp", "50").await;
    open(&root, "http", "20").await;
    open(&root, "sip", "4").await;
    assert_eq!(done(&root), 1, "not before every kind is open");
    // VPN tunnels come from the remote peer and end on the pair.
    choose(&root, "from host", "outside-server").await;
    choose(&root, "to host", "inside-host").await;
    open(&root, "ikev2", "2").await;
    choose(&root, "from host", "inside-host").await;
    choose(&root, "to host", "outside-server").await;
    step(&root, 2).await;
    assert_eq!(done(&root), 3);
    answer(&root, 4, 2).await;
    assert!(!text_of(&root, "section.lesson li.predict").contains("answered after"));
    click_label(&root, "power primary").await;
    step(&root, 5).await;
    assert_eq!(done(&root), 4, "not before the hold time");
    // "Why not yet" names what the step waits for.
    click_label(&root, "why not yet").await;
    let why = text_of(&root, "section.lesson .why-list");
    assert!(why.contains("This host: Secondary - Active"), "{why}");
    step(&root, 25).await;
    assert_eq!(done(&root), 6);
    click_label(&root, "power primary").await;
    step(&root, 60).await;
    assert_eq!(done(&root), 7);
    for l in ["configure terminal", "failover replication http", "end"] {
        typed(&root, "secondary", l).await;
    }
    open(&root, "http", "20").await;
    step(&root, 2).await;
    assert_eq!(done(&root), 8);
    typed(&root, "secondary", "no failover active").await;
    step(&root, 10).await;
    cont(&root).await;
    assert!(complete(&root), "{}", text_of(&root, "section.lesson"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_challenge_hides_its_fault_and_is_solved_from_the_consoles() {
    let root = start("challenge-01-sessions-do-not-survive").await;
    assert!(text_of(&root, "section.lesson .fault").contains("all TCP sessions drop"));
    assert!(
        !scrollback(&root, "primary").contains("no failover link"),
        "the fault is not on the console"
    );
    step(&root, 30).await;
    typed(&root, "primary", "show running-config failover").await;
    assert!(!scrollback(&root, "primary").contains("failover link STATE-LINK"));
    for l in [
        "configure terminal",
        "failover link STATE-LINK GigabitEthernet0/4",
        "failover interface ip STATE-LINK 169.254.99.5 255.255.255.252 standby 169.254.99.6",
        "end",
    ] {
        typed(&root, "primary", l).await;
    }
    step(&root, 5).await;
    click_label(&root, "open sessions").await;
    step(&root, 2).await;
    typed(&root, "primary", "no failover active").await;
    step(&root, 5).await;
    cont(&root).await;
    assert!(text_of(&root, "section.lesson .complete").contains("Challenge solved"));
    click_label(&root, "export progress").await;
    assert!(
        text_of(&root, "section.lesson .message")
            .contains("Exported progress-challenge-01-sessions-do-not-survive.json"),
        "{}",
        text_of(&root, "section.lesson")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn progress_survives_a_reload_and_reset_restarts_the_lesson() {
    let root = start("02-stateful-failover").await;
    step(&root, 30).await;
    click_label(&root, "open sessions").await;
    step(&root, 1).await;
    assert_eq!(done(&root), 2);
    // The autosave runs once a second.
    gloo_timers::future::TimeoutFuture::new(1300).await;
    let saved = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(share::STORAGE_KEY)
        .unwrap()
        .unwrap();
    let rec = lessons::saved_record(&saved).expect("the save carries the lesson");
    assert_eq!(rec.lesson, "02-stateful-failover");
    assert_eq!(rec.steps_done, [1, 2]);
    root.remove();

    let again = common::mount().await;
    click_label(&again, "pause").await;
    assert_eq!(
        done(&again),
        2,
        "a reload keeps the lesson and its progress"
    );
    let sel: web_sys::HtmlSelectElement = by_label(&again, "choose a lesson").dyn_into().unwrap();
    assert_eq!(sel.value(), index_of("02-stateful-failover"));

    click_label(&again, "reset lab").await;
    assert_eq!(done(&again), 0, "Reset restarts the lesson");
    assert_eq!(sel.value(), index_of("02-stateful-failover"));
    choose(&again, "starting lab", "active-active").await;
    assert!(
        again.query_selector("section.lesson ol").unwrap().is_none(),
        "another lab ends the lesson"
    );
    again.remove();
}

/// Every lesson and challenge with its solution script.
const SOLVED: &[(&str, &str)] = &[
    (
        include_str!("../../assets/lessons/01-building-a-pair.lesson"),
        include_str!("../../assets/lessons/01-building-a-pair.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/02-stateful-failover.lesson"),
        include_str!("../../assets/lessons/02-stateful-failover.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/03-what-replicates.lesson"),
        include_str!("../../assets/lessons/03-what-replicates.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/04-sizing-the-stateful-link.lesson"),
        include_str!("../../assets/lessons/04-sizing-the-stateful-link.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/05-failover-link.lesson"),
        include_str!("../../assets/lessons/05-failover-link.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/06-stale-state.lesson"),
        include_str!("../../assets/lessons/06-stale-state.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/07-interface-policy.lesson"),
        include_str!("../../assets/lessons/07-interface-policy.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/08-configuration-sync.lesson"),
        include_str!("../../assets/lessons/08-configuration-sync.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/09-failover-exec.lesson"),
        include_str!("../../assets/lessons/09-failover-exec.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/10-switchover-and-preemption.lesson"),
        include_str!("../../assets/lessons/10-switchover-and-preemption.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/11-contexts-and-groups.lesson"),
        include_str!("../../assets/lessons/11-contexts-and-groups.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/12-virtual-macs.lesson"),
        include_str!("../../assets/lessons/12-virtual-macs.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/13-active-active-asr.lesson"),
        include_str!("../../assets/lessons/13-active-active-asr.solution.lab"),
    ),
    (
        include_str!("../../assets/lessons/14-triggers-and-actions.lesson"),
        include_str!("../../assets/lessons/14-triggers-and-actions.solution.lab"),
    ),
    (
        include_str!("../../assets/challenges/01-sessions-do-not-survive.lesson"),
        include_str!("../../assets/challenges/01-sessions-do-not-survive.solution.lab"),
    ),
    (
        include_str!("../../assets/challenges/02-stateful-cable.lesson"),
        include_str!("../../assets/challenges/02-stateful-cable.solution.lab"),
    ),
    (
        include_str!("../../assets/challenges/03-inside-failure-ignored.lesson"),
        include_str!("../../assets/challenges/03-inside-failure-ignored.solution.lab"),
    ),
    (
        include_str!("../../assets/challenges/04-http-must-survive.lesson"),
        include_str!("../../assets/challenges/04-http-must-survive.solution.lab"),
    ),
    (
        include_str!("../../assets/challenges/05-both-units-active.lesson"),
        include_str!("../../assets/challenges/05-both-units-active.solution.lab"),
    ),
    (
        include_str!("../../assets/challenges/06-asymmetric-return.lesson"),
        include_str!("../../assets/challenges/06-asymmetric-return.solution.lab"),
    ),
    (
        include_str!("../../assets/challenges/07-standby-addresses.lesson"),
        include_str!("../../assets/challenges/07-standby-addresses.solution.lab"),
    ),
];

/// The solutions replayed in the browser's engine (the same wasm the page
/// runs), as CI replays them natively: each completes its lesson with every
/// step ticking in order and none before its event.
#[wasm_bindgen_test]
fn every_solution_completes_its_lesson_in_the_browser() {
    assert_eq!(SOLVED.len(), lessons::SOURCES.len());
    for (lesson, solution) in SOLVED {
        let l = lessons::parse(lesson).unwrap();
        let run = asa_core::lesson::replay_solution(&l, solution);
        assert!(run.problems.is_empty(), "{}: {:?}", l.title, run.problems);
    }
}

/// A save whose lesson line is damaged, names a lesson that does not exist
/// or steps out of range still opens its lab; an imported lesson travels
/// with the save and comes back with its progress.
#[wasm_bindgen_test]
fn lesson_lines_in_saves_are_robust_and_imported_lessons_travel() {
    let known = r#"{"lesson":"02-stateful-failover","title":"t","kind":"lesson","steps":10,"steps_done":[1,999,0],"complete":false,"answers":[{"step":77,"choice":9,"text":"","correct":false}],"lab_seconds":0,"started_ms":0,"seconds_taken":0,"step_since_us":0,"started_us":0}"#;
    let cases = [
        ("# lesson: {", false),
        ("# lesson: null", false),
        (r#"# lesson: {"lesson":"nope"}"#, false),
        (
            &known.replace("02-stateful-failover", "no-such-lesson")[..],
            false,
        ),
        (known, true),
    ];
    for (line, restored) in cases {
        let line = if line.starts_with('#') {
            line.to_string()
        } else {
            format!("# lesson: {line}")
        };
        let text = format!("lab active-standby\nwait 5s\n{line}\n");
        let (e, a) = lessons::open(&text).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(e.clock(), "00:00:05.000");
        assert_eq!(a.is_some(), restored, "{line}");
        if let Some(a) = a {
            assert_eq!(a.progress.done.iter().filter(|d| **d).count(), 1);
        }
    }
    // An instructor's own lesson: its text is saved with the progress.
    let own = "# Lesson: My own\n# lab: blank\n## Type hostname CLASS on the primary.\nexpect primary: show running-config => hostname CLASS\n## Recap\n> Done.\n";
    let l = lessons::parse(own).unwrap();
    let (mut e, mut a) = lessons::Active::start(lessons::IMPORTED, &l, Some(own.into())).unwrap();
    e.type_line(asa_core::net::UnitId::Primary, "configure terminal");
    e.type_line(asa_core::net::UnitId::Primary, "hostname CLASS");
    assert!(e.lesson_advance(&a.lesson, &mut a.progress));
    let line = a.save_line(&e);
    e.set_attachment(line);
    let (back, restored) = lessons::open(&e.to_script()).unwrap();
    let r = restored.expect("the imported lesson comes back");
    assert_eq!(r.lesson.title, "My own");
    assert_eq!(r.progress.done, [true, false]);
    assert_eq!(back.clock(), e.clock());
    // A malformed lesson file is refused with its line number.
    let err = lessons::parse("# Lesson: x\n# lab: blank\n## s\nexpect sessions tcp alive lots\n")
        .unwrap_err();
    assert_eq!(err.line, 4);
}

async fn cable(root: &web_sys::Element, unit: &str, port: &str) {
    click_label(root, &format!("cable {unit} {port}")).await;
}

#[wasm_bindgen_test]
async fn lesson_14_the_triggers_and_actions_drill_through_the_page() {
    let root = start("14-triggers-and-actions").await;
    cont(&root).await;
    step(&root, 60).await;
    assert_eq!(done(&root), 2);
    choose(&root, "from host", "inside-a").await;
    choose(&root, "to host", "internet-server").await;
    open(&root, "tcp", "20").await;
    choose(&root, "from host", "inside-b").await;
    open(&root, "tcp", "20").await;
    assert_eq!(done(&root), 3);
    // Each row: predict, then act and watch.
    answer(&root, 4, 2).await;
    cable(&root, "primary", "GigabitEthernet0/5").await;
    step(&root, 40).await;
    cable(&root, "primary", "GigabitEthernet0/5").await;
    step(&root, 40).await;
    assert_eq!(done(&root), 6, "standby group failure and recovery");
    answer(&root, 7, 1).await;
    cable(&root, "primary", "GigabitEthernet0/3").await;
    step(&root, 40).await;
    assert_eq!(done(&root), 8, "the active group moved");
    answer(&root, 9, 2).await;
    cable(&root, "primary", "GigabitEthernet0/3").await;
    step(&root, 20).await;
    assert_eq!(done(&root), 9, "no tick before the 40 s of watching");
    step(&root, 30).await;
    assert_eq!(done(&root), 10);
    answer(&root, 11, 2).await;
    click_label(&root, "power secondary").await;
    step(&root, 30).await;
    click_label(&root, "power secondary").await;
    step(&root, 60).await;
    assert_eq!(done(&root), 13, "unit failure, sessions survived");
    answer(&root, 14, 2).await;
    cable(&root, "primary", "GigabitEthernet0/1").await;
    step(&root, 25).await;
    assert_eq!(done(&root), 15, "failover link lost: no failover");
    answer(&root, 16, 2).await;
    click_label(&root, "power primary").await;
    step(&root, 30).await;
    assert_eq!(done(&root), 17, "stale state: sessions terminated");
    answer(&root, 18, 2).await;
    click_label(&root, "power primary").await;
    step(&root, 60).await;
    assert_eq!(done(&root), 19, "link down at startup: both active");
    cable(&root, "primary", "GigabitEthernet0/1").await;
    step(&root, 60).await;
    cont(&root).await;
    assert!(complete(&root), "{}", text_of(&root, "section.lesson"));
    root.remove();
}

#[wasm_bindgen_test]
async fn challenge_e_two_active_units_through_the_page() {
    let root = start("challenge-05-both-units-active").await;
    assert!(
        !scrollback(&root, "secondary").contains("shutdown"),
        "the fault is not on the console"
    );
    step(&root, 30).await;
    typed(&root, "secondary", "show failover | include LAN").await;
    assert!(scrollback(&root, "secondary").contains("administratively down"));
    assert_eq!(done(&root), 0, "both units are active: not healthy");
    for l in [
        "configure terminal",
        "interface GigabitEthernet0/3",
        "no shutdown",
        "end",
    ] {
        typed(&root, "secondary", l).await;
    }
    step(&root, 30).await;
    assert_eq!(done(&root), 1);
    click_label(&root, "open sessions").await;
    step(&root, 2).await;
    typed(&root, "primary", "no failover active").await;
    step(&root, 5).await;
    cont(&root).await;
    assert!(text_of(&root, "section.lesson .complete").contains("Challenge solved"));
    root.remove();
}
