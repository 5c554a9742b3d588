//! The course and the troubleshooting challenges: every lesson and challenge
//! in `assets/lessons/` and `assets/challenges/` parses, ships a solution
//! script (`NAME.solution.lab`), and that solution — replayed headless as a
//! learner following the steps would act — completes it with every step
//! ticking in order and none before its event (the `#>` markers). The
//! solutions are lab scripts too: `asa-lab run` runs them without error.

use std::path::PathBuf;

use asa_core::lesson::{self, LessonKind, StepKind};

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(e2e::root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lesson"))
        .collect();
    v.sort();
    v
}

fn solution_of(p: &std::path::Path) -> PathBuf {
    let name = p.file_stem().expect("name").to_string_lossy().to_string();
    p.with_file_name(format!("{name}.solution.lab"))
}

fn check_all(dir: &str, kind: LessonKind) -> usize {
    let mut failures = Vec::new();
    let all = files(dir);
    for p in &all {
        let text = std::fs::read_to_string(p).expect("read");
        let l = match lesson::parse(&text) {
            Ok(l) => l,
            Err(e) => {
                failures.push(format!("{}: {e}", p.display()));
                continue;
            }
        };
        assert_eq!(l.kind, kind, "{}", p.display());
        let last = l.steps.last().expect("steps");
        if kind == LessonKind::Lesson {
            assert!(
                last.text.starts_with("Recap") && last.kind == StepKind::Explain,
                "{}: a lesson ends with a recap",
                p.display()
            );
        }
        let sol = solution_of(p);
        let Ok(solution) = std::fs::read_to_string(&sol) else {
            failures.push(format!("{}: no solution {}", p.display(), sol.display()));
            continue;
        };
        let run = lesson::replay_solution(&l, &solution);
        if !run.problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}\n  log: {}",
                p.display(),
                run.problems.join("\n  "),
                run.log.join(" / ")
            ));
        }
        match asa_core::script::run_text(&solution) {
            Ok(o) if o.exit_code() == 0 => {}
            Ok(o) => failures.push(format!(
                "{}: an expect failed\n{}",
                sol.display(),
                o.transcript
            )),
            Err(e) => failures.push(format!("{}: {e}", sol.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    all.len()
}

#[test]
fn every_lesson_is_completed_by_its_solution() {
    let n = check_all("assets/lessons", LessonKind::Lesson);
    assert!(n >= 14, "the course has {n} lessons");
}

#[test]
fn every_challenge_is_solved_by_its_solution() {
    let n = check_all("assets/challenges", LessonKind::Challenge);
    assert!(n >= 6, "{n} challenges");
}

/// A challenge is not solved by doing nothing: without the fix, its
/// solution's actions leave a step undone (the fault is real).
#[test]
fn every_challenge_fault_is_real() {
    for p in files("assets/challenges") {
        let l = lesson::parse(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let sol = std::fs::read_to_string(solution_of(&p)).unwrap();
        // The solution without its fix: lines between `#> fix` and
        // `#> end fix` left out.
        let mut skip = false;
        let mut unfixed = String::new();
        let mut had_fix = false;
        for line in sol.lines() {
            match line.trim() {
                "#> fix" => {
                    skip = true;
                    had_fix = true;
                }
                "#> end fix" => skip = false,
                _ if skip => {}
                _ => {
                    if !line.trim().starts_with("#>") {
                        unfixed.push_str(line);
                        unfixed.push('\n');
                    }
                }
            }
        }
        assert!(had_fix, "{}: the solution marks its fix", p.display());
        let run = lesson::replay_solution(&l, &unfixed);
        assert!(
            !run.problems.is_empty(),
            "{}: the challenge is completed without the fix",
            p.display()
        );
    }
}

/// The presenter demos (`assets/demos/*.lab`) are lab scripts the runner
/// plays without error, with captions.
#[test]
fn every_demo_runs() {
    let dir = e2e::root().join("assets/demos");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("assets/demos") {
        let p = e.expect("entry").path();
        if p.extension().is_none_or(|x| x != "lab") {
            continue;
        }
        let text = std::fs::read_to_string(&p).expect("read");
        let o =
            asa_core::script::run_text(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert_eq!(o.exit_code(), 0, "{}", p.display());
        assert!(
            o.transcript.contains("note| "),
            "{}: no captions",
            p.display()
        );
        n += 1;
    }
    assert!(n >= 1);
}
