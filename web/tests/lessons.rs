//! The shipped lessons parse, and each can be completed by doing what its
//! steps say (and not before).

use asa_core::net::{Port, UnitId};
use asa_core::time::Duration;
use asa_core::traffic::Kind;
use asa_web::engine::Engine;
use asa_web::lessons::{self, Lesson, LessonProgress};
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn step_holds(e: &mut Engine, l: &Lesson, k: usize) -> bool {
    l.steps[k].checks.iter().all(|c| e.check(c))
}

#[wasm_bindgen_test]
fn shipped_lessons_parse() {
    let all = lessons::all();
    assert_eq!(
        all.len(),
        lessons::SOURCES.len(),
        "every shipped lesson parses"
    );
    assert!(all
        .iter()
        .all(|l| !l.steps.is_empty() && l.steps.iter().all(|s| !s.checks.is_empty())));
    assert!(
        lessons::parse("# Lesson: x\n## step\nexpect primary: show failover => A\n").is_err(),
        "lab first"
    );
    assert!(lessons::parse("# Lesson: x\n# lab: nowhere\n").is_err());
    assert!(lessons::parse("# Lesson: x\n# lab: blank\nhello\n").is_err());
}

#[wasm_bindgen_test]
fn stateful_failover_lesson_can_be_completed() {
    let l = &lessons::all()[0];
    let mut e = Engine::new(l.template).unwrap();
    assert!(!step_holds(&mut e, l, 0), "not before the pair is up");
    e.tick(Duration::from_secs(60));
    assert!(step_holds(&mut e, l, 0));
    e.traffic(Kind::Tcp, 50, "inside-host", "outside-server", false)
        .unwrap();
    assert!(step_holds(&mut e, l, 1));
    e.traffic(Kind::Http, 20, "inside-host", "outside-server", false)
        .unwrap();
    assert!(step_holds(&mut e, l, 2));
    e.tick(Duration::from_secs(1));
    assert!(step_holds(&mut e, l, 3));
    assert!(!step_holds(&mut e, l, 4));
    e.toggle_cable(UnitId::Primary, Port(1));
    e.tick(Duration::from_secs(30));
    for k in 4..=6 {
        assert!(step_holds(&mut e, l, k), "step {k}");
    }
    e.toggle_cable(UnitId::Primary, Port(1));
    e.tick(Duration::from_secs(30));
    assert!(step_holds(&mut e, l, 7));
}

#[wasm_bindgen_test]
fn failover_link_lesson_can_be_completed() {
    let l = &lessons::all()[1];
    let mut e = Engine::new(l.template).unwrap();
    e.tick(Duration::from_secs(60));
    assert!(step_holds(&mut e, l, 0));
    e.toggle_cable(UnitId::Primary, Port(3));
    assert!(step_holds(&mut e, l, 1));
    e.tick(Duration::from_secs(20));
    assert!(step_holds(&mut e, l, 2));
    e.toggle_cable(UnitId::Primary, Port(3));
    e.tick(Duration::from_secs(2));
    assert!(step_holds(&mut e, l, 3));
    e.toggle_power(UnitId::Primary);
    e.tick(Duration::from_secs(20));
    assert!(step_holds(&mut e, l, 4));
}

#[wasm_bindgen_test]
fn interface_policy_lesson_can_be_completed() {
    let l = &lessons::all()[2];
    let mut e = Engine::new(l.template).unwrap();
    e.tick(Duration::from_secs(60));
    assert!(step_holds(&mut e, l, 0));
    e.type_line(UnitId::Primary, "configure terminal");
    e.type_line(UnitId::Primary, "no monitor-interface dmz");
    assert!(step_holds(&mut e, l, 1));
    e.toggle_cable(UnitId::Primary, Port(2));
    e.tick(Duration::from_secs(10));
    assert!(step_holds(&mut e, l, 2));
    e.type_line(UnitId::Primary, "failover interface-policy 2");
    assert!(step_holds(&mut e, l, 3));
    e.toggle_cable(UnitId::Primary, Port(0));
    e.tick(Duration::from_secs(10));
    assert!(step_holds(&mut e, l, 4));
    assert!(!step_holds(&mut e, l, 5));
    e.toggle_cable(UnitId::Primary, Port(1));
    e.tick(Duration::from_secs(10));
    assert!(step_holds(&mut e, l, 5));
}

#[wasm_bindgen_test]
fn active_active_asr_lesson_can_be_completed() {
    let l = &lessons::all()[3];
    let mut e = Engine::new(l.template).unwrap();
    assert!(!step_holds(&mut e, l, 0), "not before the groups are up");
    e.tick(Duration::from_secs(60));
    assert!(step_holds(&mut e, l, 0));
    e.traffic(Kind::Tcp, 20, "inside-a", "internet-server", false)
        .unwrap();
    e.traffic(Kind::Tcp, 20, "inside-b", "internet-server", false)
        .unwrap();
    assert!(step_holds(&mut e, l, 1));
    assert!(!step_holds(&mut e, l, 2), "still in the system space");
    e.type_line(UnitId::Primary, "changeto context admin");
    assert!(step_holds(&mut e, l, 2));
    e.set_asymmetric(true).unwrap();
    e.tick(Duration::from_secs(5));
    assert!(step_holds(&mut e, l, 3));
    assert!(!step_holds(&mut e, l, 4));
    for line in [
        "configure terminal",
        "interface GigabitEthernet0/2",
        "no asr-group 1",
        "end",
    ] {
        e.type_line(UnitId::Primary, line);
    }
    e.tick(Duration::from_secs(35));
    assert!(step_holds(&mut e, l, 4));
}

#[wasm_bindgen_test]
fn progress_is_a_value_that_moves_one_step_at_a_time() {
    let l = &lessons::all()[0];
    let none = LessonProgress::default();
    assert_eq!(none.current(), None);
    assert!(none.steps(l).iter().all(|(_, d)| !d));
    let p = LessonProgress::start(0, l);
    assert_eq!(p.current(), Some(0));
    assert_eq!(p.advance(l, |_| false), p, "nothing holds, nothing moves");
    let p1 = p.advance(l, |_| true);
    assert_eq!(p1.current(), Some(1), "one step per check");
    assert_eq!(p.current(), Some(0), "the old value is unchanged");
    let mut all = p1.clone();
    for _ in 0..l.steps.len() {
        all = all.advance(l, |_| true);
    }
    assert_eq!(all.current(), None, "complete");
    assert!(all.steps(l).iter().all(|(_, d)| *d));
    assert_eq!(all.advance(l, |_| false), all, "done steps stay done");
}

#[wasm_bindgen_test]
async fn the_panel_ticks_a_step_after_the_lab_changed() {
    let root = common::mount_fresh().await;
    common::click_label(&root, "pause").await;
    common::choose(&root, "choose a lesson", "0").await;
    let count = |css: &str| root.query_selector_all(css).unwrap().length();
    assert_eq!(
        count("section.lesson li"),
        lessons::all()[0].steps.len() as u32
    );
    assert_eq!(
        count("section.lesson li.done"),
        0,
        "not before the pair is up"
    );
    for _ in 0..60 {
        common::click_label(&root, "step one second").await;
    }
    assert_eq!(count("section.lesson li.done"), 1, "the pair is up");
    let current = common::text_of(&root, "section.lesson li.current");
    assert!(current.contains("50 tcp sessions"), "{current}");
    common::click_label(&root, "stop the lesson").await;
    assert_eq!(count("section.lesson li"), 0);
    root.remove();
}
