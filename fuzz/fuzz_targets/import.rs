//! A lab opened from a share link or a file: checked against the import
//! limits, then replayed in pieces as the browser does. No panic, and the
//! limits hold (tightened here so each input runs quickly).
#![no_main]

use asa_core::script::{self, Limits, Pieces, Replay};
use asa_core::time::Duration;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = script::decode(data) else {
        return;
    };
    let limits = Limits {
        sessions: 20_000,
        virtual_time: Duration::from_secs(3600),
        ..Limits::IMPORT
    };
    let Ok(lines) = script::parse_untrusted(text, &limits) else {
        return;
    };
    let Ok((mut replay, rest)) = Replay::start(&lines) else {
        return;
    };
    let skip = lines.len() - rest.len();
    for piece in Pieces::new(&lines).skip(skip) {
        let _ = replay.apply(&piece.stmt);
        let _ = replay.take_output();
    }
});
