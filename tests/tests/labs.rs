//! The lab-script corpus: every `tests/labs/*.lab` runs through the same
//! code as `asa-lab run` and must print exactly its `.out` transcript.
//! Set `BLESS=1` to rewrite the `.out` files after reviewing a change.

use std::path::PathBuf;

fn corpus() -> Vec<PathBuf> {
    let dir = e2e::root().join("tests/labs");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/labs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lab"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_lab_script_prints_its_transcript() {
    let labs = corpus();
    assert!(labs.len() >= 10, "the corpus has {} scripts", labs.len());
    let bless = std::env::var("BLESS").is_ok();
    let mut failures = Vec::new();
    for lab in &labs {
        let text = std::fs::read_to_string(lab).expect("read");
        let want_exit: i32 = text
            .lines()
            .find_map(|l| l.strip_prefix("# exit: "))
            .map(|n| n.trim().parse().expect("# exit: N"))
            .unwrap_or(0);
        let (got, code) = match asa_core::script::run_text(&text) {
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
