//! A large lab (a load of 100,000 sessions a second through two minutes:
//! about 12 million work units) opens across frames: the page shows the
//! progress and stays responsive (no step longer than about 100 ms), and
//! the lab it opens is the one the whole replay gives.

use std::cell::RefCell;
use std::rc::Rc;

use asa_web::engine::{Engine, Replaying};
use asa_web::share;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

const LARGE: &str = "lab active-standby\nload tcp 100000 inside-host outside-server\nwait 120s\n";
const SMALL: &str = "lab active-standby\nwait 5s\nprimary: show failover\n";

/// The longest a step between two yields should take. The machines that
/// run these tests are shared, so single steps may overrun it: nearly all
/// steps must stay below it, and none far above.
const MAX_STEP_MS: f64 = 100.0;

/// Nearly all (95 %) below `MAX_STEP_MS`, none above twice that.
fn check_steps(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let p95 = ms[ms.len() * 95 / 100];
    let longest = ms[ms.len() - 1];
    console_log!(
        "{what}: {} steps, 95 % within {p95} ms, longest {longest} ms",
        ms.len()
    );
    assert!(
        p95 < MAX_STEP_MS,
        "{what}: 95 % of the steps within {p95} ms"
    );
    assert!(
        longest < 2.0 * MAX_STEP_MS,
        "{what}: a step took {longest} ms"
    );
}

/// The large lab replayed at once: (script, session lines).
type Whole = Rc<(String, Vec<String>)>;

thread_local! {
    static WHOLE: RefCell<Option<Whole>> = const { RefCell::new(None) };
}

fn whole() -> Whole {
    WHOLE.with(|w| {
        w.borrow_mut()
            .get_or_insert_with(|| {
                let t0 = js_sys::Date::now();
                let e = Engine::from_script(LARGE).expect("the large lab opens");
                console_log!("whole replay {} ms", js_sys::Date::now() - t0);
                Rc::new((e.to_script(), e.sessions()))
            })
            .clone()
    })
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn the_replay_job_steps_within_its_budget() {
    let mut job = Replaying::start(LARGE, 0).unwrap();
    let (_, total) = job.progress();
    assert!(total > 12_000_000, "{total}");
    let mut steps = Vec::new();
    let mut last_done = 0;
    loop {
        let t0 = js_sys::Date::now();
        let done = job.step(30.0, js_sys::Date::now).unwrap();
        steps.push(js_sys::Date::now() - t0);
        let (d, _) = job.progress();
        assert!(d >= last_done, "progress never goes back");
        last_done = d;
        if done {
            break;
        }
    }
    assert_eq!(job.progress(), (total, total));
    assert!(steps.len() > 5, "{} steps", steps.len());
    check_steps("the job", steps);
    let e = job.into_engine();
    let w = whole();
    assert_eq!(e.to_script(), w.0);
    assert_eq!(e.sessions(), w.1);
    assert!(!w.1.is_empty());
}

/// Yields to the page until the progress is gone; returns the gaps between
/// two yields that both saw the progress (the replay's steps and the
/// progress drawn; the first drawing of the opened lab comes after).
async fn wait_until_open(root: &web_sys::Element) -> Vec<f64> {
    let mut gaps = Vec::new();
    let mut last = js_sys::Date::now();
    for _ in 0..100_000 {
        TimeoutFuture::new(0).await;
        let now = js_sys::Date::now();
        if root
            .query_selector("progress[aria-label='opening progress']")
            .unwrap()
            .is_none()
        {
            yew::scheduler::flush().await;
            return gaps;
        }
        gaps.push(now - last);
        last = now;
    }
    panic!("the lab never opened");
}

/// Ends a test whose page is paused: its last autosave lands (a save is
/// written within a second of a change), then the storage is cleared and
/// the page removed, so a removed page cannot write into the next test's
/// storage (a removed page's timers keep running).
async fn leave(root: web_sys::Element) {
    TimeoutFuture::new(1300).await;
    storage().clear().unwrap();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_large_shared_lab_opens_across_frames() {
    let w = whole();
    let win = web_sys::window().unwrap();
    let small = Engine::from_script(SMALL).unwrap().to_script();
    storage().clear().unwrap();
    storage().set_item(share::STORAGE_KEY, &small).unwrap();
    win.location()
        .set_hash(&share::fragment_for(LARGE))
        .unwrap();
    let root = common::mount().await;
    // The clock stands still for the comparisons below.
    common::click_label(&root, "pause").await;
    // The progress is shown before the lab is open.
    let bar = root
        .query_selector("progress[aria-label='opening progress']")
        .unwrap()
        .expect("a progress bar while the lab opens");
    assert_eq!(bar.get_attribute("max").as_deref(), Some("100"));
    assert!(common::text_of(&root, "section.opening").contains("Opening the lab…"));
    assert!(
        root.query_selector(".behind[inert]").unwrap().is_some(),
        "the lab behind takes no input"
    );
    let gaps = wait_until_open(&root).await;
    assert!(gaps.len() > 3, "the progress was seen {} times", gaps.len());
    check_steps("the page", gaps);
    // Opened as the synchronous path does: a copy, the autosave it replaced
    // kept, the link gone from the address bar.
    let text = root.text_content().unwrap();
    assert!(text.contains("Opened the shared lab as a copy"), "{text}");
    assert!(text.contains("Your previous lab is kept"), "{text}");
    assert_eq!(win.location().hash().unwrap(), "");
    assert_eq!(
        storage().get_item(share::PREVIOUS_KEY).unwrap().as_deref(),
        Some(small.as_str())
    );
    assert!(root.query_selector(".behind[inert]").unwrap().is_none());
    let sessions = common::text_of(&root, "pre.sessions");
    assert_eq!(sessions, w.1.join("\n"));
    // The autosave holds the same lab.
    TimeoutFuture::new(1300).await;
    let saved = storage().get_item(share::STORAGE_KEY).unwrap().unwrap();
    assert_eq!(saved, w.0, "{saved:?}");
    leave(root).await;
}

#[wasm_bindgen_test]
async fn cancelling_a_large_shared_lab_keeps_the_learners_lab() {
    let win = web_sys::window().unwrap();
    let small = Engine::from_script(SMALL).unwrap().to_script();
    storage().clear().unwrap();
    storage().set_item(share::STORAGE_KEY, &small).unwrap();
    win.location()
        .set_hash(&share::fragment_for(LARGE))
        .unwrap();
    let root = common::mount().await;
    TimeoutFuture::new(50).await;
    common::click_label(&root, "cancel opening").await;
    assert!(root.query_selector("progress").unwrap().is_none());
    let text = root.text_content().unwrap();
    assert!(text.contains("Stopped opening the shared lab"), "{text}");
    assert!(common::scrollback(&root, "primary").contains("show failover"));
    assert_eq!(win.location().hash().unwrap(), "");
    assert_eq!(
        storage().get_item(share::STORAGE_KEY).unwrap().as_deref(),
        Some(small.as_str())
    );
    // A removed page keeps running: paused, it saves nothing more.
    common::click_label(&root, "pause").await;
    leave(root).await;
}

#[wasm_bindgen_test]
async fn a_small_saved_lab_opens_at_once() {
    let small = Engine::from_script(SMALL).unwrap().to_script();
    storage().clear().unwrap();
    storage().set_item(share::STORAGE_KEY, &small).unwrap();
    let _ = web_sys::window().unwrap().location().set_hash("");
    let root = common::mount().await;
    assert!(root.query_selector("progress").unwrap().is_none());
    assert!(common::scrollback(&root, "primary").contains("show failover"));
    common::click_label(&root, "pause").await;
    leave(root).await;
}

#[wasm_bindgen_test]
async fn restoring_a_large_previous_lab_shows_progress_and_can_be_cancelled() {
    let small = Engine::from_script(SMALL).unwrap().to_script();
    storage().clear().unwrap();
    storage().set_item(share::STORAGE_KEY, &small).unwrap();
    storage().set_item(share::PREVIOUS_KEY, LARGE).unwrap();
    let _ = web_sys::window().unwrap().location().set_hash("");
    let root = common::mount().await;
    common::click_label(&root, "pause").await;
    // Cancelled: the learner's lab stays, the previous lab stays kept.
    common::click_label(&root, "restore previous lab").await;
    assert!(common::text_of(&root, "section.opening").contains("Opening the lab…"));
    common::click_label(&root, "cancel opening").await;
    assert!(root.query_selector("progress").unwrap().is_none());
    let text = root.text_content().unwrap();
    assert!(
        text.contains("Stopped restoring the previous lab"),
        "{text}"
    );
    assert!(common::scrollback(&root, "primary").contains("show failover"));
    assert_eq!(
        storage().get_item(share::PREVIOUS_KEY).unwrap().as_deref(),
        Some(LARGE)
    );
    // Done: swapped as at once, the lab open before kept in its place.
    common::click_label(&root, "restore previous lab").await;
    let gaps = wait_until_open(&root).await;
    assert!(!gaps.is_empty());
    let text = root.text_content().unwrap();
    assert!(text.contains("Restored your previous lab"), "{text}");
    assert!(!common::scrollback(&root, "primary").contains("show failover"));
    assert!(storage()
        .get_item(share::PREVIOUS_KEY)
        .unwrap()
        .unwrap()
        .contains("show failover"));
    assert_eq!(common::text_of(&root, "pre.sessions"), whole().1.join("\n"));
    leave(root).await;
}

#[wasm_bindgen_test]
async fn importing_a_large_file_opens_it_across_frames() {
    use wasm_bindgen::JsCast;
    let w = whole();
    storage().clear().unwrap();
    let _ = web_sys::window().unwrap().location().set_hash("");
    let root = common::mount().await;
    common::click_label(&root, "pause").await;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(LARGE));
    let file = web_sys::File::new_with_str_sequence(&parts, "large.lab").unwrap();
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(&file).unwrap();
    let input: web_sys::HtmlInputElement =
        common::by_label(&root, "import lab").dyn_into().unwrap();
    input.set_files(dt.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    // The file is read, then the progress shows.
    let mut shown = false;
    for _ in 0..100 {
        TimeoutFuture::new(10).await;
        if root.query_selector("progress").unwrap().is_some() {
            shown = true;
            break;
        }
    }
    assert!(shown, "a progress bar while the file opens");
    let gaps = wait_until_open(&root).await;
    check_steps("the import", gaps);
    let text = root.text_content().unwrap();
    assert!(text.contains("Imported the lab."), "{text}");
    assert_eq!(common::text_of(&root, "pre.sessions"), w.1.join("\n"));
    leave(root).await;
}
