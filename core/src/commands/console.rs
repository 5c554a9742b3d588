//! The command line as a layer on the lab: a unit's console ([`Console`],
//! implemented for [`Lab`] with the lab's crate API only) and the loader
//! the lab uses to apply configuration text at boot and in config sync
//! ([`load_config`]). The lab never calls the command layer directly: the
//! starting labs install the loader ([`crate::labs`]).

use super::{CliError, Origin};
use crate::lab::Lab;
use crate::net::UnitId;
use crate::unit::Session;

/// A unit's console: typing, `?` help and Tab completion.
pub trait Console {
    /// Types a line at a unit's console: the prompt and line are echoed,
    /// then whatever the command prints.
    fn type_line(&mut self, u: UnitId, line: &str);
    /// Runs a line on a unit's console without echoing it; returns the
    /// output (used by `expect`).
    fn run_capture(&mut self, u: UnitId, line: &str) -> Vec<String>;
    /// The `?` help for a unit console's current line.
    fn console_help(&self, u: UnitId, before: &str) -> Vec<String>;
    /// Tab completion at a unit console.
    fn console_complete(&self, u: UnitId, line: &str) -> (String, Vec<String>);
}

impl Console for Lab {
    fn type_line(&mut self, u: UnitId, line: &str) {
        super::type_line(self, u, line)
    }
    fn run_capture(&mut self, u: UnitId, line: &str) -> Vec<String> {
        super::run_capture(self, u, line)
    }
    fn console_help(&self, u: UnitId, before: &str) -> Vec<String> {
        super::help(&self.unit(u).session.mode, self.unit(u).space(), before)
    }
    fn console_complete(&self, u: UnitId, line: &str) -> (String, Vec<String>) {
        super::complete(&self.unit(u).session.mode, self.unit(u).space(), line)
    }
}

/// A line of configuration text that did not apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigLineError {
    /// Its line number in the text (1-based).
    pub no: usize,
    pub line: String,
    pub error: CliError,
}

/// Applies configuration text as if typed in global configuration mode;
/// returns the lines that failed, with their errors.
pub fn apply_config_text(lab: &mut Lab, u: UnitId, lines: &[String]) -> Vec<ConfigLineError> {
    let mut session = Session::config(None);
    let mut errors = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_end();
        if t.is_empty() || t.starts_with('!') || t.starts_with(':') {
            continue;
        }
        if let Some(error) = super::run_line(lab, u, &mut session, t, Origin::Config, 0).err {
            errors.push(ConfigLineError {
                no: i + 1,
                line: t.to_string(),
                error,
            });
        }
    }
    errors
}

/// The lab's configuration loader: applies the text and returns what the
/// unit prints about lines that failed, as the ASA does while it reads a
/// configuration (`*** Output from config line N, "LINE"`, the line and
/// the error).
pub fn load_config(lab: &mut Lab, u: UnitId, lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for e in apply_config_text(lab, u, lines) {
        out.push(format!(
            "*** Output from config line {}, \"{}\"",
            e.no, e.line
        ));
        if matches!(e.error, CliError::InvalidInput { caret: Some(_) }) {
            out.push(e.line.clone());
        }
        out.extend(e.error.lines());
    }
    out
}
