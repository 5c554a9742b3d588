//! `asa-lab run FILE.lab` (or `-` for standard input): runs a lab script and
//! prints its transcript. Exit status: 0 every expect held, 1 some failed,
//! 2 the script itself is wrong.

use std::io::{Read, Write};
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: asa-lab run FILE.lab   (or '-' to read standard input)");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cmd, file] = &args[..] else {
        return usage();
    };
    if cmd != "run" {
        return usage();
    }
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read(file).map(|b| text = String::from_utf8_lossy(&b).into_owned())
    };
    if let Err(e) = read {
        eprintln!("error: cannot read '{file}': {e}");
        return ExitCode::from(2);
    }
    match asa_core::script::run_text(&text) {
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
