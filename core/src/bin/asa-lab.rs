//! `asa-lab run FILE.lab` (or `-` for standard input): runs a lab script and
//! prints its transcript. Exit status: 0 every expect held, 1 some failed,
//! 2 the script itself is wrong.
//!
//! `asa-lab lesson FILE.lesson SOLUTION.lab`: replays a solution script as
//! a learner following the lesson (or challenge) would and prints when each
//! step was done; exit 0 when the solution completes the lesson with every
//! `#>` marker holding, 1 otherwise, 2 when a file is unreadable or wrong.

use std::io::{Read, Write};
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: asa-lab run FILE.lab   (or '-' to read standard input)");
    eprintln!("       asa-lab lesson FILE.lesson SOLUTION.lab");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [cmd, lesson, solution] = &args[..] {
        if cmd == "lesson" {
            return lesson_check(lesson, solution);
        }
    }
    let [cmd, file] = &args[..] else {
        return usage();
    };
    if cmd != "run" {
        return usage();
    }
    // The same bytes from a file or standard input run the same way: text
    // that is not UTF-8 is a script error either way.
    let read = if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    } else {
        std::fs::read(file)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read '{file}': {e}");
            return ExitCode::from(2);
        }
    };
    match asa_core::script::run_bytes(&bytes) {
        Ok(outcome) => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(outcome.transcript.as_bytes());
            let _ = stdout.flush();
            ExitCode::from(outcome.exit_code() as u8)
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn lesson_check(lesson: &str, solution: &str) -> ExitCode {
    let read = |f: &str| {
        std::fs::read_to_string(f).map_err(|e| eprintln!("error: cannot read '{f}': {e}"))
    };
    let (Ok(l), Ok(s)) = (read(lesson), read(solution)) else {
        return ExitCode::from(2);
    };
    let lesson = match asa_core::lesson::parse(&l) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let run = asa_core::lesson::replay_solution(&lesson, &s);
    for line in &run.log {
        println!("{line}");
    }
    for p in &run.problems {
        println!("PROBLEM {p}");
    }
    ExitCode::from(if run.problems.is_empty() { 0 } else { 1 })
}
