//! Untrusted scripts: a lab from a share link or an imported file is checked
//! against [`Limits`] before anything runs, and replayed in small
//! [`Pieces`] so a page can draw (and show progress) between them.
//!
//! The work a script asks for is known before it runs: every `traffic`
//! statement opens its count of sessions, and every `wait` opens, for each
//! `load` running at that point, rate × seconds sessions. Idle virtual time
//! is cheap but not free (the lab still ticks), so it counts too.

use crate::small::VecMap;
use std::borrow::Cow;

use super::{parse, Line, ScriptError, Stmt};
use crate::lab::TRAFFIC_TICK;
use crate::time::Duration;

/// What an untrusted script may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Size of the script text in bytes.
    pub bytes: usize,
    /// Statements (comments and blank lines do not count).
    pub statements: usize,
    /// Virtual time all `wait`s add up to.
    pub virtual_time: Duration,
    /// Sessions opened by `traffic` and `load` while the script replays.
    pub sessions: u64,
}

impl Limits {
    /// The limits for a lab opened from a share link or a file: far above
    /// any lesson, demo or hour of practice (a few hundred statements, a
    /// few hours of virtual time, some millions of sessions), far below
    /// what would keep a browser tab busy for minutes.
    pub const IMPORT: Limits = Limits {
        bytes: 2 * 1024 * 1024,
        statements: 50_000,
        virtual_time: Duration::from_secs(7 * 24 * 3600),
        sessions: 20_000_000,
    };
}

/// Work units of one virtual second passing with no session opened: the
/// ticks of an idle lab cost about as much as opening this many sessions.
const WORK_PER_IDLE_SECOND: u64 = 2;

/// The work one piece of a replay may carry: about 10 ms of engine time
/// natively, a few tens of ms in WebAssembly. A piece is never shorter than
/// one traffic tick, so a heavy `load` makes pieces of one tick each.
pub const PIECE_WORK: u64 = 20_000;

/// The longest piece of virtual time in one piece of a replay.
const MAX_PIECE: Duration = Duration::from_secs(3600);

/// The sessions each running `load` opens per second, by (kind, from, to).
#[derive(Clone, Debug, Default)]
struct Loads(VecMap<(String, String, String), u64>);

impl Loads {
    fn apply(&mut self, stmt: &Stmt) {
        if let Stmt::Load {
            kind,
            rate,
            from,
            to,
        } = stmt
        {
            let key = (kind.to_string(), from.clone(), to.clone());
            if *rate == 0 {
                self.0.remove(&key);
            } else {
                self.0.insert(key, *rate);
            }
        }
    }

    /// Sessions per second of every load running.
    fn rate(&self) -> u64 {
        self.0.values().fold(0u64, |a, r| a.saturating_add(*r))
    }
}

/// The work `d` of virtual time costs with `rate` sessions a second.
fn wait_work(d: Duration, rate: u64) -> u64 {
    let us = u128::from(d.total_micros());
    let per_second = u128::from(rate) + u128::from(WORK_PER_IDLE_SECOND);
    u64::try_from(us * per_second / 1_000_000).unwrap_or(u64::MAX)
}

/// The work of one statement, given the loads running before it.
fn stmt_work(stmt: &Stmt, loads: &Loads) -> u64 {
    match stmt {
        Stmt::Traffic { count, .. } => *count,
        Stmt::Wait(d) => wait_work(*d, loads.rate()),
        _ => 1,
    }
}

fn too_big(bytes: usize, limit: usize) -> ScriptError {
    let mb = |b: usize| b as f64 / (1024.0 * 1024.0);
    ScriptError {
        line: 0,
        msg: format!(
            "the lab is {:.1} MB; a lab opened from a link or a file may be at most {:.0} MB",
            mb(bytes),
            mb(limit)
        ),
    }
}

/// Parses an untrusted script and checks it against `limits` before
/// anything runs; errors name the line that goes over.
pub fn parse_untrusted(text: &str, limits: &Limits) -> Result<Vec<Line>, ScriptError> {
    if text.len() > limits.bytes {
        return Err(too_big(text.len(), limits.bytes));
    }
    let lines = parse(text)?;
    check(&lines, limits)?;
    Ok(lines)
}

/// Checks parsed statements against `limits`.
pub fn check(lines: &[Line], limits: &Limits) -> Result<(), ScriptError> {
    if let Some(l) = lines.get(limits.statements) {
        return Err(ScriptError {
            line: l.no,
            msg: format!(
                "the lab has more than {} statements, the most a lab opened from a link or a file may have",
                limits.statements
            ),
        });
    }
    let mut loads = Loads::default();
    let mut time = Duration::ZERO;
    let mut sessions: u64 = 0;
    for l in lines {
        match &l.stmt {
            Stmt::Wait(d) => {
                time = time + *d;
                if time > limits.virtual_time {
                    return Err(ScriptError {
                        line: l.no,
                        msg: format!(
                            "the lab's waits add up to more than {} of virtual time, the most a lab opened from a link or a file may have",
                            in_words(limits.virtual_time)
                        ),
                    });
                }
                let opened = wait_work(*d, loads.rate()) - wait_work(*d, 0);
                sessions = sessions.saturating_add(opened);
            }
            Stmt::Traffic { count, .. } => sessions = sessions.saturating_add(*count),
            other => loads.apply(other),
        }
        if sessions > limits.sessions {
            return Err(ScriptError {
                line: l.no,
                msg: format!(
                    "by this line the lab would open more than {} sessions, the most a lab opened from a link or a file may open",
                    group_digits(limits.sessions)
                ),
            });
        }
    }
    Ok(())
}

/// `7 days`, `12 hours`, or seconds.
fn in_words(d: Duration) -> String {
    match d.secs() {
        s if s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s % 3_600 == 0 => format!("{} hours", s / 3_600),
        _ => d.to_string(),
    }
}

fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One piece of a replay: a statement of the script, or a slice of one of
/// its `wait`s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The line of the script it comes from.
    pub line: usize,
    pub stmt: Stmt,
}

/// A script cut into pieces of bounded work, in order: statements as they
/// are, and each `wait` sliced so that no slice opens much more than
/// [`PIECE_WORK`] sessions (never less than one traffic tick). Applying
/// the pieces in order gives the same lab and the same journal as applying
/// the statements (consecutive waits are one in the journal).
///
/// [`Pieces::new`] borrows the parsed lines; [`Pieces::owned`] keeps them,
/// for a replay resumed across several calls (a page replaying a large lab
/// a few pieces per frame).
#[derive(Clone, Debug)]
pub struct Pieces<'a> {
    lines: Cow<'a, [Line]>,
    next: usize,
    /// Virtual time left of the `wait` being sliced.
    left: Duration,
    loads: Loads,
    done: u64,
    /// The work done once each statement is done.
    ends: Vec<u64>,
    total: u64,
}

impl<'a> Pieces<'a> {
    pub fn new(lines: &'a [Line]) -> Pieces<'a> {
        Pieces::cut(Cow::Borrowed(lines))
    }

    fn cut(lines: Cow<'a, [Line]>) -> Pieces<'a> {
        let mut loads = Loads::default();
        let mut total: u64 = 0;
        let mut ends = Vec::with_capacity(lines.len());
        for l in lines.iter() {
            total = total.saturating_add(stmt_work(&l.stmt, &loads));
            ends.push(total);
            loads.apply(&l.stmt);
        }
        Pieces {
            lines,
            next: 0,
            left: Duration::ZERO,
            loads: Loads::default(),
            done: 0,
            ends,
            total,
        }
    }

    /// The parsed lines the pieces are cut from.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Work done and work in all, for a progress bar.
    pub fn progress(&self) -> (u64, u64) {
        (self.done.min(self.total), self.total)
    }

    /// The virtual time of the next slice of a wait of `left`.
    fn slice(&self, left: Duration) -> Duration {
        let per_second = self.loads.rate().saturating_add(WORK_PER_IDLE_SECOND);
        let us = u64::try_from(u128::from(PIECE_WORK) * 1_000_000 / u128::from(per_second))
            .unwrap_or(u64::MAX);
        let tick = TRAFFIC_TICK.total_micros();
        // Whole seconds when a second fits (a page sampling its charts
        // every virtual second sees the same samples), else whole ticks,
        // at least one; at most an hour.
        let second = 1_000_000;
        let us = if us >= second {
            us / second * second
        } else {
            (us / tick).max(1) * tick
        };
        Duration::from_micros(us).min(MAX_PIECE).min(left)
    }
}

impl Pieces<'static> {
    /// The pieces of `lines`, owning them.
    pub fn owned(lines: Vec<Line>) -> Pieces<'static> {
        Pieces::cut(Cow::Owned(lines))
    }
}

impl Iterator for Pieces<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        if self.left == Duration::ZERO {
            let l = self.lines.get(self.next)?;
            match l.stmt {
                Stmt::Wait(d) if d > Duration::ZERO => self.left = d,
                _ => {
                    self.done = self.ends[self.next];
                    self.next += 1;
                    self.loads.apply(&l.stmt);
                    return Some(Piece {
                        line: l.no,
                        stmt: l.stmt.clone(),
                    });
                }
            }
        }
        let line = self.lines[self.next].no;
        let d = self.slice(self.left);
        self.left = Duration::from_micros(self.left.total_micros() - d.total_micros());
        let end = self.ends[self.next];
        if self.left == Duration::ZERO {
            self.done = end;
            self.next += 1;
        } else {
            self.done = self
                .done
                .saturating_add(wait_work(d, self.loads.rate()))
                .min(end);
        }
        Some(Piece {
            line,
            stmt: Stmt::Wait(d),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::Replay;

    fn lines(text: &str) -> Vec<Line> {
        parse(text).unwrap()
    }

    #[test]
    fn an_oversized_lab_is_refused_before_parsing() {
        let text = format!("lab active-standby\n{}", "# padding\n".repeat(1_100_000));
        let err = parse_untrusted(&text, &Limits::IMPORT).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: the lab is 10.5 MB; a lab opened from a link or a file may be at most 2 MB"
        );
    }

    #[test]
    fn too_many_statements_names_the_first_line_over() {
        let mut text = String::from("lab active-standby\n");
        for _ in 0..50_000 {
            text.push_str("wait 1ms\n");
        }
        let err = parse_untrusted(&text, &Limits::IMPORT).unwrap_err();
        assert_eq!(err.line, 50_001);
        assert!(err.msg.contains("more than 50000 statements"), "{err}");
    }

    #[test]
    fn a_load_left_running_through_long_waits_is_refused_at_its_wait() {
        let text = "lab active-standby\nwait 60s\nload tcp 1000 inside-host outside-server\nwait 24h\nwait 24h\n";
        let err = parse_untrusted(text, &Limits::IMPORT).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: line 4: by this line the lab would open more than 20,000,000 sessions, the most a lab opened from a link or a file may open"
        );
        // Stopped in time, the same load is fine.
        let ok = "lab active-standby\nwait 60s\nload tcp 1000 inside-host outside-server\nwait 1h\nload tcp 0 inside-host outside-server\nwait 24h\n";
        assert!(parse_untrusted(ok, &Limits::IMPORT).is_ok());
    }

    #[test]
    fn virtual_time_is_bounded() {
        let text = format!("lab active-standby\n{}", "wait 24h\n".repeat(8));
        let err = parse_untrusted(&text, &Limits::IMPORT).unwrap_err();
        assert_eq!(err.line, 9);
        assert!(
            err.msg.contains("more than 7 days of virtual time"),
            "{err}"
        );
    }

    #[test]
    fn huge_counts_are_refused_by_the_parser_first() {
        let err = parse_untrusted(
            "lab active-standby\nload tcp 4294967296 inside-host outside-server\nwait 24h\n",
            &Limits::IMPORT,
        )
        .unwrap_err();
        assert_eq!(err.line, 2);
    }

    /// Pieces carry bounded work, cover the script exactly, and replay to
    /// the same lab and journal as the whole statements.
    #[test]
    fn pieces_replay_to_the_same_lab() {
        let text = "lab active-standby\nseed 7\nwait 60s\nload tcp 50000 inside-host outside-server\ntraffic udp 300 inside-host outside-server\nwait 10s\nprimary: no failover active\nwait 2s\nload tcp 0 inside-host outside-server\nwait 1h\n";
        let ls = lines(text);
        let mut pieces = Pieces::new(&ls);
        let (_, total) = pieces.progress();
        let mut n = 0;
        let mut slices = Vec::new();
        let mut last = 0;
        for p in pieces.by_ref() {
            n += 1;
            assert!(p.line >= last);
            last = p.line;
            if let Stmt::Wait(d) = p.stmt {
                slices.push((p.line, d));
            }
        }
        assert_eq!(pieces.progress(), (total, total));
        // 10 s at 50,000/s: slices of whole traffic ticks, 0.3 s (15,000
        // sessions each), the last one what is left.
        assert!(
            slices.contains(&(6, Duration::from_millis(300))),
            "{slices:?}"
        );
        assert_eq!(slices.iter().filter(|(l, _)| *l == 6).count(), 34);
        // An hour with nothing running is one piece.
        assert_eq!(slices.last(), Some(&(10, Duration::from_secs(3600))));
        assert!(n > 30);

        let whole = {
            let (mut r, rest) = Replay::start(&ls).unwrap();
            for l in rest {
                r.apply(&l.stmt).unwrap();
            }
            r
        };
        let pieced = {
            let (mut r, _) = Replay::start(&ls).unwrap();
            for p in Pieces::new(&ls).skip(2) {
                r.apply(&p.stmt).unwrap();
            }
            r
        };
        assert_eq!(whole.script(), pieced.script());
        assert!(Pieces::owned(ls.clone()).eq(Pieces::new(&ls)));
        assert_eq!(
            whole.lab().session_summary(),
            pieced.lab().session_summary()
        );
        assert_eq!(whole.lab().now(), pieced.lab().now());
    }
}
