//! The command line's entry points on [`Lab`], used by the web app, the
//! script runner and the tests. They are thin wrappers over the free
//! functions of this module; they move into lab/ when the lab module tree
//! lands.

use super::CliError;
use crate::lab::Lab;
use crate::net::UnitId;

impl Lab {
    /// Types a line at a unit's console: the prompt and line are echoed,
    /// then whatever the command prints.
    pub fn type_line(&mut self, u: UnitId, line: &str) {
        super::type_line(self, u, line)
    }

    /// Runs a line on a unit's console without echoing it; returns the
    /// output (used by `expect`).
    pub fn run_capture(&mut self, u: UnitId, line: &str) -> Vec<String> {
        super::run_capture(self, u, line)
    }

    /// The `?` help for a unit console's current line.
    pub fn console_help(&self, u: UnitId, before: &str) -> Vec<String> {
        super::help(&self.unit(u).session.mode, self.unit(u).space(), before)
    }

    /// Tab completion at a unit console.
    pub fn console_complete(&self, u: UnitId, line: &str) -> (String, Vec<String>) {
        super::complete(&self.unit(u).session.mode, self.unit(u).space(), line)
    }

    /// Applies configuration text as if typed in global configuration
    /// mode; returns the lines that failed, with their errors.
    pub fn apply_config_text(&mut self, u: UnitId, lines: &[String]) -> Vec<(String, CliError)> {
        super::apply_config_text(self, u, lines)
    }
}
