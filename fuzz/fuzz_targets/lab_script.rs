//! Any bytes as a lab script: the parser answers Ok or a line-numbered
//! error; a parsed script's statements print as text that parses back to
//! the same statements.
#![no_main]

use asa_core::script;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = script::decode(data) else {
        return;
    };
    match script::parse(text) {
        Ok(lines) => {
            let again: String = lines.iter().map(|l| format!("{}\n", l.stmt)).collect();
            let back = script::parse(&again).expect("canonical text parses");
            assert_eq!(
                back.iter().map(|l| &l.stmt).collect::<Vec<_>>(),
                lines.iter().map(|l| &l.stmt).collect::<Vec<_>>()
            );
        }
        Err(e) => assert!(e.line <= text.lines().count() + 1, "{e}"),
    }
});
