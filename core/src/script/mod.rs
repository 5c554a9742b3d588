//! Lab scripts (`.lab`): the headless contract of `asa-lab run`
//! (`shared/spec/lab-script.md`).
//!
//! - [`parse`] reads and checks a whole script before anything runs, so a
//!   wrong script fails with its line number and prints no transcript.
//! - [`Stmt`] is one statement; printed, it is its canonical text, which
//!   parses back to the same statement.
//! - [`Replay`] is the one replayer: it owns the lab a script starts
//!   (`lab`, `seed`) and applies statements one at a time, keeping the
//!   journal of what changed the lab. The runner ([`run`]) and the browser
//!   (restore, share links, import and the learner's own actions) both go
//!   through it.

mod limits;
mod parse;
mod replay;
pub mod rewind;
pub mod share;
mod stmt;

pub use limits::{parse_untrusted, Limits, Piece, Pieces, PIECE_WORK};
pub use parse::{decode, parse, MAX_WAIT};
pub use replay::{check, run, run_bytes, run_text, Effect, Hooks, Outcome, Replay};
pub use stmt::{Line, ScriptError, Stmt};
