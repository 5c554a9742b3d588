//! End-to-end, on the release bundle in headless Chromium: what a new
//! learner and an instructor meet in the first hour (issue 14) — focus
//! rings only for the keyboard, the share link on the clipboard, contrast
//! in both themes, the narrow (390 px) layout and presenter mode at
//! 1920x1080 without scrolling.

use std::time::Duration;

use e2e::{click, open_lab, screenshot_dir, set_field};
use fantoccini::{key::Key, Client};

async fn js(c: &Client, code: &str) -> serde_json::Value {
    c.execute(code, vec![]).await.expect("script")
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join(name), png).expect("save screenshot");
}

/// Polls a script until it returns true.
async fn wait_js(c: &Client, code: &str, secs: u64) {
    for _ in 0..secs * 10 {
        if js(c, code).await.as_bool() == Some(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never true: {code}");
}

/// The lowest contrast ratios on the page now: (text, strokes), with the
/// element that has each, against its panel's background.
const CONTRAST: &str = r#"
const rgb = s => (s.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const panel = rgb(getComputedStyle(document.querySelector('.app')).getPropertyValue('--panel').trim().replace(/^#(..)(..)(..)$/, (m, r, g, b) => `rgb(${parseInt(r, 16)},${parseInt(g, 16)},${parseInt(b, 16)})`));
const worst = (sel, prop) => { let w = [99, '']; for (const e of document.querySelectorAll(sel)) { const v = getComputedStyle(e)[prop]; if (!v || v === 'none' || v.startsWith('rgba(0, 0, 0, 0)')) continue; const r = ratio(rgb(v), panel); if (r < w[0]) w = [r, sel + ' ' + v]; } return w; };
const texts = ['.savebar .message', '.topology text', '.topology .host .ip', '.legend li', '.flow-list li', '.eventlog li', '.eventlog .t', '.traffic .sessions', '.charts .timeline-words span', '.glossary summary', '.legend summary'];
const strokes = ['.topology .flow path', '.topology .unit rect', '.topology .cable path.wire', '.topology .port-label .port'];
let t = [99, '']; for (const s of texts) { const w = worst(s, 'color'); if (w[0] < t[0]) t = w; }
let k = [99, '']; for (const s of strokes) { const w = worst(s, s.endsWith('.port') ? 'fill' : 'stroke'); if (w[0] < k[0]) k = w; }
return [t, k];
"#;

async fn contrast(c: &Client) -> ((f64, String), (f64, String)) {
    let v = js(c, CONTRAST).await;
    let pair = |x: &serde_json::Value| {
        (
            x[0].as_f64().unwrap_or(0.0),
            x[1].as_str().unwrap_or_default().to_string(),
        )
    };
    (pair(&v[0]), pair(&v[1]))
}

#[tokio::test(flavor = "multi_thread")]
async fn focus_rings_share_link_and_contrast() {
    let (c, driver) = open_lab().await;
    click(&c, "[aria-label='close the welcome']").await;
    click(&c, "[aria-label='speed 10x']").await;
    wait_js(
        &c,
        "return document.querySelector('section.topology').textContent.includes('Standby Ready')",
        30,
    )
    .await;

    // A mouse click on a cable leaves no focus ring; the keyboard shows one.
    click(&c, "[aria-label='cable primary GigabitEthernet0/2']").await;
    let after_click = js(&c, "const e = document.activeElement; return [e.getAttribute('aria-label'), getComputedStyle(e).outlineStyle];").await;
    assert_eq!(
        after_click[0], "cable primary GigabitEthernet0/2",
        "{after_click}"
    );
    assert_eq!(
        after_click[1], "none",
        "no ring after a mouse click: {after_click}"
    );
    let active = c.active_element().await.expect("focus");
    active.send_keys(&Key::Tab.to_string()).await.expect("tab");
    let after_tab = js(&c, "const e = document.activeElement; return [e.getAttribute('aria-label'), getComputedStyle(e).outlineStyle];").await;
    assert_eq!(
        after_tab[1], "solid",
        "keyboard focus is visible: {after_tab}"
    );
    click(&c, "[aria-label='cable primary GigabitEthernet0/2']").await;

    // Share link: on the clipboard, said on the page, the address bar alone.
    click(&c, "[aria-label='copy share link']").await;
    wait_js(&c, "const m = document.querySelector('.savebar .message'); return !!m && !m.textContent.includes('copying');", 10).await;
    let msg = js(
        &c,
        "return document.querySelector('.savebar .message').textContent",
    )
    .await;
    assert!(
        msg.as_str()
            .unwrap_or_default()
            .contains("Share link copied to the clipboard"),
        "{msg}"
    );
    assert_eq!(js(&c, "return location.hash").await, "");
    let link = js(
        &c,
        "return document.querySelector(\"[aria-label='share link']\").value",
    )
    .await;
    assert!(
        link.as_str().unwrap_or_default().contains("#lab2="),
        "{link}"
    );

    // Flows, drops and the log on screen, then contrast in both themes.
    set_field(&c, "sessions or rate", "30").await;
    click(&c, "[aria-label='open sessions']").await;
    wait_js(
        &c,
        "return document.querySelectorAll('g.flow path').length > 0",
        10,
    )
    .await;
    for theme in ["dark", "light"] {
        let ((text, tel), (stroke, sel)) = contrast(&c).await;
        eprintln!(
            "{theme}: lowest text contrast {text:.2} ({tel}), lowest stroke {stroke:.2} ({sel})"
        );
        assert!(text >= 4.5, "{theme}: text contrast {text:.2} at {tel}");
        assert!(
            stroke >= 3.0,
            "{theme}: stroke contrast {stroke:.2} at {sel}"
        );
        shot(&c, &format!("theme-{theme}.png")).await;
        click(&c, "[aria-label='light or dark theme']").await;
    }
    c.close().await.expect("close");
    drop(driver);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_gets_one_pane_at_a_time() {
    let (c, driver) = open_lab().await;
    c.set_window_size(390, 844).await.expect("resize");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let visible = |css: &str| {
        format!("const e = document.querySelector({css:?}); return !!e && e.getClientRects().length > 0;")
    };
    assert_eq!(js(&c, &visible("nav.tabs")).await, true);
    assert_eq!(js(&c, &visible("#primary-console")).await, true);
    assert_eq!(js(&c, &visible("section.topology")).await, false);
    let page_width = js(
        &c,
        "return [document.documentElement.scrollWidth, window.innerWidth]",
    )
    .await;
    assert!(
        page_width[0].as_f64() <= page_width[1].as_f64(),
        "no sideways page scroll: {page_width}"
    );
    shot(&c, "narrow-consoles.png").await;

    click(&c, "[aria-label='topology pane']").await;
    assert_eq!(js(&c, &visible("#primary-console")).await, false);
    assert_eq!(js(&c, &visible("section.topology svg")).await, true);
    let power = js(&c, "return document.querySelector(\"[aria-label='power primary'] circle\").getBoundingClientRect().width").await;
    assert!(
        power.as_f64().unwrap_or(0.0) >= 16.0,
        "power button big enough to tap: {power}"
    );
    let lesson = js(&c, "return document.querySelector(\"[aria-label='choose a lesson']\").getBoundingClientRect().right <= window.innerWidth").await;
    assert_eq!(lesson, true, "the lesson selector fits");
    shot(&c, "narrow-topology.png").await;

    click(&c, "[aria-label='charts pane']").await;
    assert_eq!(js(&c, &visible("section.charts canvas")).await, true);
    assert_eq!(js(&c, &visible("section.topology")).await, false);
    shot(&c, "narrow-charts.png").await;
    c.close().await.expect("close");
    drop(driver);
}

#[tokio::test(flavor = "multi_thread")]
async fn presenter_mode_fits_a_1080p_projector() {
    let (c, driver) = open_lab().await;
    c.set_window_size(1920, 1080).await.expect("resize");
    click(&c, "[aria-label='close the welcome']").await;
    click(&c, "[aria-label='presenter mode']").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let pressed = js(&c, "return document.querySelector(\"[aria-label='presenter mode']\").getAttribute('aria-pressed')").await;
    assert_eq!(pressed, "true");
    let bottoms = js(
        &c,
        "return ['#primary-console', '#secondary-console', 'section.topology svg', 'section.charts canvas']
            .map(s => [s, document.querySelector(s).getBoundingClientRect().bottom, window.innerHeight]);",
    )
    .await;
    for b in bottoms.as_array().expect("list") {
        assert!(
            b[1].as_f64() <= b[2].as_f64(),
            "{} ends below the screen in presenter mode: {b}",
            b[0]
        );
    }
    shot(&c, "presenter-1920.png").await;
    c.close().await.expect("close");
    drop(driver);
}

/// The lab's keys in local storage and their texts.
const SAVES: &str =
    "return Object.keys(localStorage).filter(k => k.startsWith('failover-lab/autosave'))
    .sort().map(k => [k, localStorage.getItem(k)]);";

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_of_the_lab_keep_both_labs() {
    let (c, driver) = open_lab().await;
    let url = c.current_url().await.expect("url");
    click(&c, "[aria-label='close the welcome']").await;
    e2e::type_at(&c, "primary", "show clock").await;
    let first = c.window().await.expect("this tab");
    // The learner opens the lab in a second tab and works there too.
    let second = c.new_window(true).await.expect("a new tab").handle;
    c.switch_to_window(second.clone())
        .await
        .expect("to the new tab");
    c.goto(url.as_str()).await.expect("open the lab again");
    wait_js(
        &c,
        "return !!document.querySelector('#primary-console input')",
        30,
    )
    .await;
    e2e::type_at(&c, "primary", "show version").await;
    // Both save: one keeps the shared autosave, the other its own key, and
    // that tab says so.
    let both =
        "const s = Object.keys(localStorage).filter(k => k.startsWith('failover-lab/autosave'))
        .map(k => localStorage.getItem(k)).join('\\n---\\n');
        return s.includes('show clock') && s.includes('show version');";
    wait_js(&c, both, 20).await;
    let notice = "const n = document.querySelector('.tab-notice'); return n ? n.textContent : ''";
    let in_second = js(&c, notice).await;
    c.switch_to_window(first)
        .await
        .expect("back to the first tab");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let in_first = js(&c, notice).await;
    let told = [&in_first, &in_second]
        .iter()
        .filter(|t| {
            t.as_str()
                .unwrap_or_default()
                .contains("open in another tab")
        })
        .count();
    assert_eq!(
        told, 1,
        "exactly one tab gave up the shared autosave and says so: {in_first} / {in_second}"
    );
    let saves = js(&c, SAVES).await;
    let saves = saves.as_array().expect("keys");
    assert!(
        saves.iter().any(|s| s[0] == "failover-lab/autosave"),
        "{saves:?}"
    );
    let mine = |cmd: &str| {
        saves
            .iter()
            .filter(|s| s[1].as_str().unwrap_or_default().contains(cmd))
            .count()
    };
    assert!(
        mine("show clock") >= 1 && mine("show version") >= 1,
        "both tabs' work is kept: {saves:?}"
    );
    shot(&c, "two-tabs.png").await;
    c.close().await.expect("close");
    drop(driver);
}
