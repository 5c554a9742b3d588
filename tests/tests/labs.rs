//! The lab-script corpus: every `tests/labs/*.lab` runs through the same
//! code as `asa-lab run` and must print exactly its `.out` transcript.
//! Set `BLESS=1` to rewrite the `.out` files after reviewing a change, and
//! `LAB=NAME` to run only the scripts whose file name contains NAME (for
//! example `LAB=23 cargo test -p e2e --test labs`).

use std::path::PathBuf;

/// The corpus scripts, or those whose file name contains `only`.
fn corpus(only: Option<&str>) -> Vec<PathBuf> {
    let dir = e2e::root().join("tests/labs");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/labs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lab"))
        .filter(|p| {
            only.is_none_or(|n| {
                p.file_name()
                    .is_some_and(|f| f.to_string_lossy().contains(n))
            })
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_lab_script_prints_its_transcript() {
    let only = std::env::var("LAB").ok().filter(|n| !n.is_empty());
    let labs = corpus(only.as_deref());
    match &only {
        Some(n) => assert!(!labs.is_empty(), "no script in tests/labs matches '{n}'"),
        None => assert!(labs.len() >= 10, "the corpus has {} scripts", labs.len()),
    }
    let bless = std::env::var("BLESS").is_ok();
    let mut failures = Vec::new();
    for lab in &labs {
        let bytes = std::fs::read(lab).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        let want_exit: i32 = text
            .lines()
            .find_map(|l| l.strip_prefix("# exit: "))
            .map(|n| n.trim().parse().expect("# exit: N"))
            .unwrap_or(0);
        let (got, code) = match asa_core::script::run_bytes(&bytes) {
            Ok(o) => (o.transcript.clone(), o.exit_code()),
            Err(e) => (format!("{e}\n"), 2),
        };
        let out = lab.with_extension("out");
        if bless {
            std::fs::write(&out, &got).expect("write .out");
        }
        let want = std::fs::read_to_string(&out).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{}: transcript differs from {}\n--- got ---\n{got}",
                lab.display(),
                out.display()
            ));
        }
        if code != want_exit {
            failures.push(format!(
                "{}: exit {code}, expected {want_exit}\n{got}",
                lab.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn one_script_can_be_chosen_by_name() {
    let one = corpus(Some("23-combined-link-saturated"));
    assert_eq!(one.len(), 1);
    assert!(corpus(Some("no-such-script")).is_empty());
    assert!(corpus(None).len() > one.len());
}

/// The browser replays an opened lab in pieces of bounded work (a `wait`
/// sliced into traffic ticks); for every corpus script that runs, the
/// pieces give the same consoles, sessions, journal and virtual time as
/// the statements applied whole.
#[test]
fn replaying_in_pieces_gives_the_same_lab() {
    use asa_core::script::{self, Pieces, Replay};
    let mut checked = 0;
    for lab in corpus(None) {
        let text = std::fs::read_to_string(&lab).unwrap_or_default();
        let Ok(lines) = script::parse(&text) else {
            continue;
        };
        let Ok((mut whole, rest)) = Replay::start(&lines) else {
            continue;
        };
        let (mut pieced, _) = Replay::start(&lines).expect("starts the same");
        let skip = lines.len() - rest.len();
        let mut out_whole = Vec::new();
        let mut out_pieced = Vec::new();
        let mut failed = false;
        for l in rest {
            // Statements that only look are not part of the comparison.
            failed |= whole.apply(&l.stmt).is_err();
            out_whole.extend(whole.take_output());
        }
        for p in Pieces::new(&lines).skip(skip) {
            failed |= pieced.apply(&p.stmt).is_err();
            out_pieced.extend(pieced.take_output());
        }
        let name = lab.display();
        assert_eq!(out_whole, out_pieced, "{name}: console output");
        assert_eq!(whole.script(), pieced.script(), "{name}: journal");
        assert_eq!(
            whole.lab().session_summary(),
            pieced.lab().session_summary(),
            "{name}: sessions"
        );
        assert_eq!(whole.lab().now(), pieced.lab().now(), "{name}: time");
        checked += usize::from(!failed);
    }
    assert!(
        checked >= 50,
        "only {checked} corpus scripts replayed cleanly"
    );
}
