//! `asa-lab lesson FILE.lesson SOLUTION.lab`: exit 0 when the solution
//! completes the lesson, 1 when it does not, 2 when a file is wrong.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn run(lesson: &Path, solution: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asa-lab"))
        .arg("lesson")
        .arg(lesson)
        .arg(solution)
        .output()
        .expect("run asa-lab");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_solution_completes_its_lesson_and_a_wrong_one_does_not() {
    let dir = root().join("assets/lessons");
    let lesson = dir.join("06-stale-state.lesson");
    let (code, out, _) = run(&lesson, &dir.join("06-stale-state.solution.lab"));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("step 4 answered 2 @ 00:00:32.000"), "{out}");
    assert!(
        out.lines().last().unwrap().starts_with("step 9 read @"),
        "{out}"
    );

    let tmp = std::env::temp_dir().join(format!("asa-lab-lesson-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let short = tmp.join("short.lab");
    std::fs::write(&short, "lab active-standby\nwait 30s\n#> done 2\n").unwrap();
    let (code, out, _) = run(&lesson, &short);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("PROBLEM solution line 3: step 2 is not done"),
        "{out}"
    );

    let bad = tmp.join("bad.lesson");
    std::fs::write(&bad, "# Lesson: x\n# lab: blank\n## s\nexpect nonsense\n").unwrap();
    let (code, _, err) = run(&bad, &short);
    assert_eq!(code, 2);
    assert!(err.starts_with("lesson line 4:"), "{err}");
    let _ = std::fs::remove_dir_all(&tmp);
}
