//! The ASA command set: one token tree per mode ([`tree`]), whose tokens
//! carry each command's handler and properties ([`Cmd`]), and the handlers,
//! by topic. A line is parsed in its session's mode, its handler runs with
//! the arguments by name, and a configuration command that succeeded is
//! replicated to the standby unit.

mod console;
mod context;
mod error;
mod exec;
mod failover;
mod files;
mod group;
mod interface;
mod logging;
mod object;
mod pipe;
mod show;
mod trace;
mod tree;

pub use console::{apply_config_text, load_config, ConfigLineError, Console};
pub use error::CliError;

use crate::cli::{self, Args, ParseError, Parsed, PIPE};
use crate::config::UnitConfig;
use crate::event::EventKind;
use crate::lab::Lab;
use crate::net::UnitId;
use crate::unit::{Mode, Pending, Session, Space, Unit};
use tree::tree_for;

/// What a command prints.
pub type Output = Vec<String>;

/// A handler: runs one parsed command.
pub(crate) type Handler = fn(&mut Ctx<'_>, &Args) -> Result<Output, CliError>;

/// A command, as the token where its line may end carries it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cmd {
    pub run: Handler,
    /// Changes the running configuration.
    pub config: bool,
    /// A configuration command that succeeded on the active unit is
    /// replicated to the standby (Cisco's command replication list: all
    /// configuration commands except a few, such as `pager`).
    pub replicated: bool,
    /// `no CMD` is accepted in configuration modes.
    pub negatable: bool,
    /// The line may end here only in its `no` form (`no failover link`
    /// without a name); otherwise it is incomplete.
    pub negated_only: bool,
    /// Enters a configuration sub-mode.
    pub sub_mode: bool,
    /// Typed first in a configuration session on the standby, it prints
    /// the replication warning. Commands that only move between modes and
    /// contexts (`end`, `exit`, `changeto`) and `failover exec` (which runs
    /// on the unit it names) do not.
    pub standby_warning: bool,
}

impl Cmd {
    /// A command that leaves the configuration alone.
    pub const fn exec(run: Handler) -> Self {
        Cmd {
            run,
            config: false,
            replicated: false,
            negatable: false,
            negated_only: false,
            sub_mode: false,
            standby_warning: true,
        }
    }
    /// A configuration command (replicated to the standby).
    pub const fn config(run: Handler) -> Self {
        Cmd {
            config: true,
            replicated: true,
            ..Cmd::exec(run)
        }
    }
    /// A configuration command each unit keeps to itself: not replicated.
    pub const fn local(self) -> Self {
        Cmd {
            replicated: false,
            ..self
        }
    }
    pub const fn negatable(self) -> Self {
        Cmd {
            negatable: true,
            ..self
        }
    }
    /// Only `no CMD` may end the line here.
    pub const fn negated_only(self) -> Self {
        Cmd {
            negated_only: true,
            ..self
        }
    }
    /// Does not print the standby's replication warning.
    pub const fn no_standby_warning(self) -> Self {
        Cmd {
            standby_warning: false,
            ..self
        }
    }
    pub const fn sub_mode(self) -> Self {
        Cmd {
            sub_mode: true,
            ..self
        }
    }
}

/// Where a command line came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Typed on the unit's console.
    Console,
    /// Replicated from the active unit.
    Replicated,
    /// Replayed from a configuration file (boot, sync, lab setup).
    Config,
    /// Sent by `failover exec` from the mate (or this unit).
    Fexec,
}

/// What a handler works on: the lab, the unit and console session the
/// line was typed in, and how the line came.
pub(crate) struct Ctx<'a> {
    pub lab: &'a mut Lab,
    pub u: UnitId,
    pub session: &'a mut Session,
    pub origin: Origin,
    /// The line was `no CMD`.
    pub negated: bool,
    /// The line as typed, without its output modifiers.
    pub line: &'a str,
}

impl Ctx<'_> {
    pub fn unit(&self) -> &Unit {
        self.lab.unit(self.u)
    }
    pub fn unit_mut(&mut self) -> &mut Unit {
        self.lab.unit_mut(self.u)
    }
    /// The configuration of the session's space (its context, or the
    /// unit's own).
    pub fn cfg(&self) -> &UnitConfig {
        self.lab
            .unit(self.u)
            .cfg_for(self.session.context.as_deref())
    }
    pub fn cfg_mut(&mut self) -> &mut UnitConfig {
        self.lab
            .unit_mut(self.u)
            .cfg_for_mut(self.session.context.as_deref())
    }
    /// A person typed the line (here, or on the mate with `failover exec`).
    pub fn human(&self) -> bool {
        matches!(self.origin, Origin::Console | Origin::Fexec)
    }
}

/// What a line printed, and the error it ended with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Reply {
    pub out: Output,
    pub err: Option<CliError>,
}

impl Reply {
    fn error(err: CliError) -> Self {
        Reply {
            out: Vec::new(),
            err: Some(err),
        }
    }
    /// The console lines: the output, then the error.
    pub fn lines(self) -> Vec<String> {
        let mut out = self.out;
        out.extend(self.err.iter().flat_map(CliError::lines));
        out
    }
}

/// The `?` help for a partly typed line in a session's mode.
pub fn help(mode: &Mode, space: Space, before: &str) -> Vec<String> {
    let stripped = strip_no(mode, before);
    let negated = stripped.len() != before.len();
    match cli::help(tree_for(mode, space), stripped) {
        Ok(mut items) if !items.is_empty() => {
            // A line only its `no` form may end (`no failover link`).
            let no_only =
                || cli::parse(tree_for(mode, space), stripped).is_ok_and(|p| p.cmd.negated_only);
            if !negated && items.iter().any(|i| i.word == "<cr>") && no_only() {
                // Not complete without `no`: neither `<cr>` nor the modifiers.
                items.retain(|i| i.word != "<cr>" && i.word != PIPE);
            }
            if items.is_empty() {
                return CliError::Unrecognized.lines();
            }
            let mut out = Vec::new();
            if before.trim().is_empty() || before.ends_with(' ') {
                out.push(String::new());
            }
            out.extend(cli::format_help(&items));
            out
        }
        _ => CliError::Unrecognized.lines(),
    }
}

/// Tab completion for a partly typed line. Several candidates are listed
/// in alphabetical order, as the ASA lists keywords.
pub fn complete(mode: &Mode, space: Space, line: &str) -> (String, Vec<String>) {
    let stripped = strip_no(mode, line);
    let offset = line.len() - stripped.len();
    let (done, mut cands) = cli::complete(tree_for(mode, space), stripped);
    crate::small::sort_small(&mut cands);
    (format!("{}{}", &line[..offset], done), cands)
}

/// In configuration modes, `no CMD` parses CMD.
fn strip_no<'a>(mode: &Mode, line: &'a str) -> &'a str {
    if !mode.is_config() {
        return line;
    }
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("no ") {
        rest
    } else {
        line
    }
}

/// Parses in the session's mode; a sub-mode falls back to global
/// configuration (`true`: the command is a global one).
fn parse_in_mode(mode: &Mode, space: Space, text: &str) -> Result<(Parsed<Cmd>, bool), ParseError> {
    let e = match cli::parse(tree_for(mode, space), text) {
        Ok(p) => return Ok((p, false)),
        Err(e) => e,
    };
    if !mode.is_sub() {
        return Err(e);
    }
    match cli::parse(tree_for(&Mode::Config, space), text) {
        Ok(p) => Ok((p, true)),
        // When the global configuration tree got further, its error is the one to show.
        Err(ge) if matches!(e, ParseError::Invalid { col: 0, .. }) => Err(ge),
        Err(_) => Err(e),
    }
}

/// The error a line that did not parse prints. `text` is what was parsed
/// (after `no `, which is `offset` characters into `typed`); an error in
/// the output modifiers has no caret, as the ASA prints it.
fn parse_error(
    e: ParseError,
    mode: &Mode,
    space: Space,
    text: &str,
    offset: usize,
    prompt_len: usize,
    typed: &str,
) -> CliError {
    let pipe_col = text.find(PIPE).map(|at| text[..at].chars().count());
    match e {
        ParseError::Invalid { col, .. } if pipe_col.is_some_and(|p| col >= p) => {
            CliError::InvalidInput { caret: None }
        }
        ParseError::Invalid { col, .. } => CliError::InvalidInput {
            caret: Some(prompt_len + offset + col),
        },
        ParseError::Ambiguous { .. } => CliError::Ambiguous {
            line: typed.trim().to_string(),
        },
        ParseError::Incomplete { .. } => {
            // A complete command before the `|`: the modifier is what is missing.
            let before_pipe = text.find(PIPE).map(|at| &text[..at]);
            if before_pipe.is_some_and(|cmd| parse_in_mode(mode, space, cmd).is_ok()) {
                CliError::InvalidInput { caret: None }
            } else {
                CliError::Incomplete
            }
        }
    }
}

/// Parses and runs one line in a session. `prompt_len` places the caret.
pub(crate) fn run_line(
    lab: &mut Lab,
    u: UnitId,
    session: &mut Session,
    line: &str,
    origin: Origin,
    prompt_len: usize,
) -> Reply {
    let typed = pipe::command_part(line);
    if typed.trim().is_empty() {
        return Reply::default();
    }
    let mut negated = false;
    let mut text = line;
    let mut offset = 0;
    if session.mode.is_config() {
        let t = line.trim_start();
        let lead = line.len() - t.len();
        if let Some(rest) = t.strip_prefix("no ") {
            negated = true;
            offset = lead + 3;
            text = rest;
        }
    }
    let space = lab.unit(u).space_of(session);
    let (parsed, in_parent) = match parse_in_mode(&session.mode, space, text) {
        Ok(p) => p,
        Err(e) => {
            let mode = session.mode.clone();
            return Reply::error(parse_error(
                e, &mode, space, text, offset, prompt_len, typed,
            ));
        }
    };
    let Parsed { cmd, mut args } = parsed;
    if cmd.negated_only && !negated {
        return Reply::error(CliError::Incomplete);
    }
    let filter = match args.split_off(PIPE).map(|m| pipe::Filter::new(&m)) {
        Some(Err(e)) => return Reply::error(e),
        Some(Ok(f)) => Some(f),
        None => None,
    };
    if in_parent && cmd.config {
        session.mode = Mode::Config;
    }
    // Nothing typed on the standby is replicated to the active unit. "If
    // you enter a command on the standby unit, the ASA displays the
    // message ... This message appears even when you enter many commands
    // that do not affect the configuration": the first command of a
    // configuration session on the standby (or in a context whose group is
    // standby here) prints it, whether it changes the configuration or not
    // (but see `Cmd::standby_warning`).
    let mut warning = Vec::new();
    let unit = lab.unit(u);
    let g = unit.group_for_session(session);
    if session.mode.is_config()
        && cmd.standby_warning
        && origin == Origin::Console
        && unit.running.failover.enabled
        && unit.fo.state_of(g).is_standby()
        && !session.warned_standby
    {
        session.warned_standby = true;
        warning.push("**** WARNING ****".into());
        warning.push(
            "\tConfiguration Replication is NOT performed from Standby unit to Active unit.".into(),
        );
        warning.push("\tConfigurations are no longer synchronized.".into());
    }
    let mut out = Vec::new();
    let mode_before = session.mode.clone();
    let result = if negated && !cmd.negatable {
        Err(CliError::InvalidInput { caret: None })
    } else {
        let mut ctx = Ctx {
            lab: &mut *lab,
            u,
            session: &mut *session,
            origin,
            negated,
            line: typed,
        };
        (cmd.run)(&mut ctx, &args)
    };
    let err = match result {
        Ok(lines) => {
            out.extend(lines);
            if cmd.config && cmd.replicated && matches!(origin, Origin::Console | Origin::Fexec) {
                let ctx = session.context.clone();
                replicate(lab, u, ctx, &mode_before, typed.trim(), cmd);
            }
            None
        }
        Err(e) => Some(e),
    };
    // The warning is the console's, not the command's output: output
    // modifiers do not filter it.
    warning.extend(match filter {
        Some(f) => f.apply(out),
        None => out,
    });
    Reply { out: warning, err }
}

/// Sends a configuration command to the standby unit, when this unit is
/// the active one and the failover link carries it.
/// In Active/Active, commands in a context replicate from the unit
/// where its failover group is active; system commands from the unit
/// where group 1 is active.
pub(super) fn replicate(
    lab: &mut Lab,
    u: UnitId,
    ctx: Option<String>,
    mode: &Mode,
    text: &str,
    cmd: Cmd,
) {
    let peer = u.peer();
    let mut session = Session::config(ctx);
    let g = lab.unit(u).group_for_session(&session);
    if !lab.unit(u).running.failover.enabled
        || !lab.unit(u).fo.state_of(g).is_active()
        || !lab.failover_link_ok()
    {
        return;
    }
    let ps = lab.unit(peer).fo.state_of(g);
    if !(ps.is_standby() || ps == crate::failover::FoState::Failed) {
        return;
    }
    if let Some(entry) = mode.entry_command() {
        if !cmd.sub_mode {
            run_line(lab, peer, &mut session, &entry, Origin::Replicated, 0);
        }
    }
    run_line(lab, peer, &mut session, text, Origin::Replicated, 0);
    lab.unit_mut(u).fo.stats.sent(crate::repl::Obj::SysCmd, 1);
    lab.unit_mut(peer)
        .fo
        .stats
        .received(crate::repl::Obj::SysCmd, 1);
    lab.record(
        Some(u),
        EventKind::CommandReplicated {
            command: text.to_string(),
        },
    );
}

/// Types a line at a unit's console: the prompt and line are echoed,
/// then whatever the command prints.
fn type_line(lab: &mut Lab, u: UnitId, line: &str) {
    let unit = lab.unit(u);
    if !unit.powered || unit.booting {
        return;
    }
    let mut session = std::mem::take(&mut lab.unit_mut(u).session);
    let prompt = lab.unit(u).prompt_for(&session);
    let out = if let Some(pending) = session.pending.take() {
        let shown = if pending == Pending::EnablePassword {
            String::new()
        } else {
            line.to_string()
        };
        lab.unit_mut(u).say(shown);
        exec::answer_pending(lab, u, &mut session, pending, line)
    } else if let Some(before) = line.strip_suffix('?') {
        lab.unit_mut(u).say(format!("{prompt}{line}"));
        help(&session.mode, lab.unit(u).space_of(&session), before)
    } else {
        lab.unit_mut(u).say(format!("{prompt}{line}"));
        // The echo comes before anything the command makes the mate print.
        lab.collect_console();
        let plen = prompt.chars().count();
        run_line(lab, u, &mut session, line, Origin::Console, plen).lines()
    };
    let unit = lab.unit_mut(u);
    unit.console.extend(out);
    if unit.powered {
        unit.session = session;
    }
}

/// Runs a line on a unit's console without echoing it; returns the
/// output (used by `expect`).
fn run_capture(lab: &mut Lab, u: UnitId, line: &str) -> Vec<String> {
    let unit = lab.unit(u);
    if !unit.powered || unit.booting {
        return Vec::new();
    }
    let mut session = std::mem::take(&mut lab.unit_mut(u).session);
    let plen = lab.unit(u).prompt_for(&session).chars().count();
    let out = if let Some(before) = line.strip_suffix('?') {
        help(&session.mode, lab.unit(u).space_of(&session), before)
    } else {
        run_line(lab, u, &mut session, line, Origin::Console, plen).lines()
    };
    if lab.unit(u).powered {
        lab.unit_mut(u).session = session;
    }
    out
}

#[cfg(test)]
mod tests;
