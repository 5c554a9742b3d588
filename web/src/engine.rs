//! The one handle the UI holds on the engine: it owns the lab through the
//! replayer (every action is a lab-script statement, journaled), keeps each
//! console's scrollback and samples the unit states for the charts.

use asa_core::commands::Console;
use asa_core::lab::Lab;
use asa_core::labs::Template;
use asa_core::net::{Port, UnitId};
use asa_core::pager::{Pager, PagerKey};
use asa_core::script::{self, rewind, Hooks, Limits, Pieces, Replay, Stmt};
use asa_core::time::Duration;
use asa_core::traffic::Kind;

/// First line of a saved lab; the number is the save format.
pub const SAVE_HEADER: &str = "# Failover Lab saved lab, format 1";

/// Lines kept in each console's scrollback.
pub const SCROLLBACK: usize = 5000;
/// Samples kept for the charts.
pub const MAX_SAMPLES: usize = 600;
/// The charts' resolution in virtual time.
const SAMPLE_EVERY: Duration = Duration::from_secs(1);

pub use asa_core::view::{
    CableRole, CableView, FlowView, GroupView, HostView, Look, ReturnView, Sample, Snapshot,
    Status, Takeover, UnitView, CHART_OBJS,
};

pub struct Engine {
    pub template: Template,
    /// The lab, and everything the learner did as lab-script statements.
    replay: Replay,
    /// Each console's scrollback and pager.
    consoles: [Pager; 2],
    samples: Vec<Sample>,
    /// Lines typed at each console (for Up/Down after a restore).
    typed: [Vec<String>; 2],
    /// Appended to the saved script (the lesson in progress, a comment).
    attachment: String,
    /// Where a challenge's hidden setup ends: journal statements and
    /// virtual time from the start of the lab (rewind and undo stop there).
    setup: (usize, Duration),
}

/// What the learner asks "Why?" about (the `why` statement's topics).
pub use asa_core::why::WhyAbout;

/// A lab's journal kept aside when the learner rewinds it, so they can go
/// forward again along it until they act (then the lab takes a new branch).
#[derive(Debug, PartialEq)]
pub struct Ahead {
    /// The journal as it was.
    pub journal: Vec<Stmt>,
    /// Its marks (actions and takeovers) for the timeline.
    pub marks: Vec<asa_core::view::Mark>,
    /// The lab's clock at its end, ms.
    pub end_ms: u64,
}

/// Samples the charts while a wait passes.
struct Sampler<'a>(&'a mut Vec<Sample>);

impl Hooks for Sampler<'_> {
    fn tick_every(&self) -> Option<Duration> {
        Some(SAMPLE_EVERY)
    }
    fn tick(&mut self, lab: &Lab) {
        sample(lab, self.0);
    }
}

impl Engine {
    pub fn new(template: Template) -> Result<Engine, String> {
        Ok(Engine::with(Replay::new(template, None)?))
    }

    fn with(replay: Replay) -> Engine {
        let mut e = Engine {
            template: replay.template(),
            replay,
            consoles: [Pager::new(SCROLLBACK), Pager::new(SCROLLBACK)],
            samples: Vec::new(),
            typed: [Vec::new(), Vec::new()],
            attachment: String::new(),
            setup: (0, Duration::ZERO),
        };
        e.collect(false);
        e
    }

    /// Rebuilds a lab from a saved or shared script (or any lab script):
    /// every action is replayed, so configurations, cables, power, virtual
    /// time and the consoles come back as they were. Errors name the line.
    pub fn from_script(text: &str) -> Result<Engine, String> {
        Engine::from_script_hiding(text, 0)
    }

    /// [`from_script`](Engine::from_script), with the consoles cleared after
    /// the first `hidden` statements after `lab` (a challenge's hidden
    /// setup). The whole replay runs at once; a page opening a large lab
    /// runs the same [`Replaying`] job a few pieces per frame instead.
    pub fn from_script_hiding(text: &str, hidden: usize) -> Result<Engine, String> {
        let mut job = Replaying::start(text, hidden)?;
        while !job.step(f64::INFINITY, || 0.0)? {}
        Ok(job.into_engine())
    }

    /// One statement of a restored script, as the learner would have done
    /// it (typed lines land in the history; their output is not paged).
    fn replay_stmt(&mut self, stmt: &Stmt) -> Result<(), String> {
        match stmt {
            Stmt::Wait(d) => self.tick(*d),
            Stmt::Type(u, line) => {
                self.type_line(*u, line);
                self.release_all(*u);
            }
            other => {
                self.replay.apply(other)?;
                self.collect(false);
            }
        }
        Ok(())
    }

    /// The lab as a script: replaying it rebuilds this exact lab.
    pub fn to_script(&self) -> String {
        format!("{SAVE_HEADER}\n{}{}", self.replay.script(), self.attachment)
    }

    /// Sets the text appended to the saved script: comment lines that a
    /// replay ignores (the lesson in progress).
    pub fn set_attachment(&mut self, text: String) {
        self.attachment = text;
    }

    /// Plays one statement of a demo as the learner would have done it
    /// (`note`, `pause`, `why` and the checks change nothing).
    pub fn play(&mut self, stmt: &Stmt) -> Result<(), String> {
        self.replay_stmt(stmt)
    }

    /// Applies statements the learner must not see (a challenge's hidden
    /// fault): they are journaled, and both consoles are cleared after.
    pub fn apply_hidden(&mut self, stmts: &[Stmt]) -> Result<(), String> {
        for s in stmts {
            self.replay_stmt(s)?;
        }
        self.clear_consoles();
        self.mark_setup_end();
        Ok(())
    }

    /// The hidden setup ends here: rewind and undo do not go back past it.
    fn mark_setup_end(&mut self) {
        let j = self.replay.journal();
        self.setup = (j.len(), rewind::length(&j));
    }

    /// The earliest moment (the lab's clock, ms) a rewind can go to: the
    /// start of the lab (virtual time 0, where every journal begins), or
    /// the end of a challenge's hidden setup.
    pub fn rewind_floor_ms(&self) -> u64 {
        self.setup.1.total_millis()
    }

    /// This lab as the rewind timeline shows it: its journal, marks and end.
    pub fn ahead(&self) -> Ahead {
        let journal = self.replay.journal();
        Ahead {
            marks: asa_core::view::marks(self.lab(), &journal),
            end_ms: self.now().total_millis(),
            journal,
        }
    }

    /// Whether this lab is `ahead`'s journal rewound (or undone), with
    /// nothing done since but looking and letting time pass, and short of
    /// its end: there is more of it to go forward to.
    pub fn behind(&self, ahead: &Ahead) -> bool {
        rewind::behind(&self.replay.journal(), &ahead.journal)
    }

    /// The saved text of `ahead`'s lab at the lab's clock `t_ms` (no
    /// earlier than [`rewind_floor_ms`](Engine::rewind_floor_ms)); replaying
    /// it shows the lab as it was then. The lesson in progress is kept.
    pub fn script_at(&self, ahead: &Ahead, t_ms: u64) -> String {
        let at = t_ms.min(ahead.end_ms).max(self.rewind_floor_ms());
        let cut = rewind::until(&ahead.journal, Duration::from_millis(at));
        self.saved_text(&cut)
    }

    /// The saved text of this lab without the learner's last action (and
    /// the time after it); `None` when there is nothing to undo.
    pub fn script_undone(&self) -> Option<String> {
        let cut = rewind::undo(&self.replay.journal(), self.setup.0)?;
        Some(self.saved_text(&cut))
    }

    /// Whether there is an action of the learner's to undo.
    pub fn can_undo(&self) -> bool {
        rewind::last_action(self.replay.recorded(), self.setup.0).is_some()
    }

    fn saved_text(&self, journal: &[Stmt]) -> String {
        let body: String = journal.iter().map(|s| format!("{s}\n")).collect();
        format!("{SAVE_HEADER}\n{body}{}", self.attachment)
    }

    fn clear_consoles(&mut self) {
        self.consoles = [Pager::new(SCROLLBACK), Pager::new(SCROLLBACK)];
        self.typed = [Vec::new(), Vec::new()];
    }

    /// The statements that rebuild this lab (`lab`, `seed`, then every
    /// action and wait).
    pub fn journal(&self) -> Vec<Stmt> {
        self.replay.journal()
    }

    /// Carries out an action through the replayer, then shows its output.
    fn act(&mut self, stmt: Stmt) -> Result<(), String> {
        let res = self.replay.apply(&stmt).map(|_| ());
        self.collect(false);
        res
    }

    fn lab(&self) -> &Lab {
        self.replay.lab()
    }

    /// Lines typed at a console, oldest first.
    pub fn typed(&self, u: UnitId) -> &[String] {
        &self.typed[u.index()]
    }

    /// Virtual time, `HH:MM:SS.mmm`.
    pub fn clock(&self) -> String {
        self.lab().now().to_string()
    }

    /// Moves new console output into the scrollbacks. Output of a command
    /// (`paged`) longer than a page waits behind the pager.
    fn collect(&mut self, paged: bool) {
        let mut fresh: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        for (u, line) in self.replay.take_output() {
            fresh[u.index()].push(line);
        }
        for (u, lines) in UnitId::BOTH.into_iter().zip(fresh) {
            let page = self.page_lines(u);
            self.consoles[u.index()].output(lines, page, paged);
        }
        sample(self.replay.lab(), &mut self.samples);
    }

    /// The unit's page length: `terminal pager` or `pager lines` (0: none).
    fn page_lines(&self, u: UnitId) -> usize {
        self.lab().unit(u).page_lines() as usize
    }

    /// The console is waiting for a key at the pager.
    pub fn paging(&self, u: UnitId) -> bool {
        self.consoles[u.index()].paging()
    }

    /// A key at the pager: Space shows a page, Enter a line, q stops.
    pub fn pager_key(&mut self, u: UnitId, key: &str) {
        let page = self.page_lines(u);
        self.consoles[u.index()].key(PagerKey::from_key(key), page);
    }

    fn release_all(&mut self, u: UnitId) {
        self.consoles[u.index()].release_all();
    }

    /// Advances virtual time.
    /// Samples the charts at least once a virtual second, so they keep their
    /// shape at 100× and when a saved lab is replayed.
    pub fn tick(&mut self, d: Duration) {
        let _ = self
            .replay
            .apply_with(&Stmt::Wait(d), &mut Sampler(&mut self.samples));
        self.collect(false);
    }

    pub fn type_line(&mut self, u: UnitId, line: &str) {
        self.release_all(u);
        let _ = self.replay.apply(&Stmt::Type(u, line.to_string()));
        if !line.trim().is_empty() {
            self.typed[u.index()].push(line.to_string());
        }
        self.collect(true);
    }

    /// `?` pressed: the ASA prints the help at once and keeps the line.
    pub fn help(&mut self, u: UnitId, before: &str) {
        self.release_all(u);
        let _ = self.act(Stmt::Type(u, format!("{before}?")));
    }

    /// The unit has power (its console takes input).
    pub fn powered(&self, u: UnitId) -> bool {
        self.lab().unit(u).powered
    }

    /// Tab pressed: the completed line; when several words fit they are
    /// listed. A powered-off unit completes nothing.
    pub fn complete(&mut self, u: UnitId, line: &str) -> String {
        if !self.powered(u) {
            return line.to_string();
        }
        let (done, cands) = self.lab().console_complete(u, line);
        if cands.len() > 1 {
            let prompt = self.lab().prompt(u);
            self.consoles[u.index()].show(vec![format!("{prompt}{line}"), cands.join("  ")]);
        }
        done
    }

    pub fn prompt(&self, u: UnitId) -> String {
        if !self.lab().unit(u).powered {
            return String::new();
        }
        self.lab().prompt(u)
    }

    pub fn console(&self, u: UnitId) -> &[String] {
        self.consoles[u.index()].lines()
    }

    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    pub fn toggle_cable(&mut self, u: UnitId, p: Port) {
        if let Some(c) = self.lab().net().cable_at(u, p) {
            let plugged = self.lab().net().cables[c].plugged;
            let _ = self.act(Stmt::Cable(u, p, !plugged));
        }
    }

    pub fn toggle_power(&mut self, u: UnitId) {
        let on = self.lab().unit(u).powered;
        let _ = self.act(Stmt::Power(u, !on));
    }

    /// `asymmetric on|off` (the `active-active` lab): the upstream router
    /// sends return traffic back through the other ISP link.
    pub fn set_asymmetric(&mut self, on: bool) -> Result<(), String> {
        if self.template != Template::ActiveActive {
            return Err("asymmetric routing exists only in the active-active lab".into());
        }
        self.act(Stmt::Asymmetric(on))
    }

    pub fn asymmetric(&self) -> bool {
        self.lab().asymmetric()
    }

    /// Opens sessions (`traffic`) or sets a rate (`load`), as the script
    /// statements do. Host names are those of the lab.
    pub fn traffic(
        &mut self,
        kind: Kind,
        n: u64,
        from: &str,
        to: &str,
        load: bool,
    ) -> Result<(), String> {
        let (Some(f), Some(t)) = (
            self.lab().net().host_by_name(from),
            self.lab().net().host_by_name(to),
        ) else {
            return Err(format!("unknown host '{from}' or '{to}'"));
        };
        if f == t {
            return Err("choose two different hosts".into());
        }
        let (from, to) = (from.to_string(), to.to_string());
        self.act(if load {
            Stmt::Load {
                kind,
                rate: n,
                from,
                to,
            }
        } else {
            Stmt::Traffic {
                kind,
                count: n,
                from,
                to,
            }
        })
    }

    /// Whether `n` more sessions fit in the lab's table (the traffic panel
    /// opens large counts across frames, so it asks first).
    pub fn sessions_fit(&self, n: u64) -> Result<(), String> {
        self.lab().table_room(n)
    }

    /// Whether a lesson check holds now (runs its command without echo).
    pub fn check(&mut self, stmt: &Stmt) -> bool {
        self.replay.check(stmt).is_ok()
    }

    /// Checks the lesson's current step against the lab and ticks it when
    /// it holds (at most one step); returns whether one ticked.
    pub fn lesson_advance(
        &mut self,
        lesson: &asa_core::lesson::Lesson,
        p: &mut asa_core::lesson::Progress,
    ) -> bool {
        p.advance(lesson, &mut self.replay)
    }

    /// "Why not yet": each check of the current step with what the lab
    /// shows now.
    pub fn lesson_why_not(
        &mut self,
        lesson: &asa_core::lesson::Lesson,
        p: &asa_core::lesson::Progress,
    ) -> Vec<(String, Result<(), String>)> {
        p.why_not(lesson, &mut self.replay)
    }

    /// "Why?" about a topic: the causal chain in plain words, with the
    /// rule behind it.
    pub fn why_about(&self, topic: WhyAbout) -> Vec<String> {
        asa_core::why::explain(self.lab(), topic)
    }

    /// The replayer (what lesson progress reads: time and actions).
    pub fn replay(&self) -> &Replay {
        &self.replay
    }

    /// The lab's virtual time.
    pub fn now(&self) -> asa_core::time::Instant {
        self.lab().now()
    }

    /// The session summary lines.
    pub fn sessions(&self) -> Vec<String> {
        self.lab().session_summary()
    }

    /// Load generators running now: (kind, rate, from, to).
    pub fn loads(&self) -> Vec<(Kind, u64, String, String)> {
        let lab = self.lab();
        lab.traffic()
            .loads
            .iter()
            .map(|l| {
                let r = &lab.traffic().routes[l.route as usize];
                (
                    l.kind,
                    l.rate,
                    lab.net().hosts[r.from].name.clone(),
                    lab.net().hosts[r.to].name.clone(),
                )
            })
            .collect()
    }

    pub fn host_names(&self) -> Vec<String> {
        self.lab()
            .net()
            .hosts
            .iter()
            .map(|h| h.name.clone())
            .collect()
    }

    /// The newest events of the timeline (`None`: both units), newest
    /// first: `(virtual time, unit, explanation without the unit's name,
    /// syslog message)`.
    pub fn events(
        &self,
        unit: Option<UnitId>,
        max: usize,
    ) -> Vec<(String, String, String, String)> {
        let ev = self.lab().events();
        ev.iter()
            .rev()
            .filter(|e| unit.is_none() || e.unit == unit)
            .take(max)
            .map(|e| {
                (
                    e.at.to_string(),
                    e.unit
                        .map(|u| u.name().to_string())
                        .unwrap_or_else(|| "lab".into()),
                    e.explain_what(),
                    e.syslog().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Every takeover so far (markers on the state timeline).
    pub fn takeovers(&self) -> Vec<Takeover> {
        asa_core::view::takeovers(self.lab())
    }

    /// The lab as the topology draws it now (typed views from the engine).
    pub fn snapshot(&self) -> Snapshot {
        asa_core::view::snapshot(self.lab())
    }
}

/// A lab being rebuilt from a saved, shared or imported script, resumable:
/// each [`step`](Replaying::step) applies pieces of bounded work
/// ([`Pieces`]) until its budget of real time is spent, so a page can draw
/// and show the progress between steps. Checked against the import limits
/// before anything runs; errors name the line.
pub struct Replaying {
    engine: Engine,
    pieces: Pieces<'static>,
    /// The line from which the consoles show (a challenge's hidden setup
    /// ends before it), and whether they were cleared there.
    shown_from: Option<usize>,
    cleared: bool,
    /// The whole script after `lab` is hidden setup: cleared at the end.
    hide_all: bool,
    done: bool,
    /// The longest a piece took so far (ms): a step does not start one
    /// that would take it far past its budget.
    longest_piece: f64,
}

/// A step may run to this many times its budget when the pieces it takes
/// are as long as the longest so far (a virtual second's boundary under a
/// heavy load costs several light pieces).
const STEP_OVERRUN: f64 = 2.5;

impl Replaying {
    /// Parses and checks `text` and starts its lab; nothing else runs yet.
    /// `hidden`: statements after `lab` (and `seed`) kept off the consoles.
    pub fn start(text: &str, hidden: usize) -> Result<Replaying, String> {
        if let Some(first) = text.lines().next() {
            if let Some(n) = first.strip_prefix("# Failover Lab saved lab, format ") {
                match n.trim().parse::<u32>() {
                    Ok(1) => {}
                    Ok(v) => {
                        return Err(format!(
                            "this lab was saved by a newer Failover Lab (format {v}); this version reads format 1"
                        ))
                    }
                    Err(_) => return Err("error: line 1: the save format is not a number".into()),
                }
            }
        }
        // A saved lab, a share link or a file: untrusted, so checked
        // against the import limits before anything runs, and replayed in
        // pieces of bounded work (a long `wait` under load is sliced).
        let lines = script::parse_untrusted(text, &Limits::IMPORT).map_err(|e| e.to_string())?;
        let (replay, rest) = Replay::start(&lines).map_err(|e| e.to_string())?;
        let skip = lines.len() - rest.len();
        // The console is cleared when the first statement after the hidden
        // setup begins.
        let shown_from = (hidden > 0)
            .then(|| rest.get(hidden).map(|l| l.no))
            .flatten();
        let hide_all = hidden > 0 && rest.len() <= hidden;
        let mut pieces = Pieces::owned(lines);
        // `lab` and `seed` made the replayer.
        for _ in pieces.by_ref().take(skip) {}
        Ok(Replaying {
            engine: Engine::with(replay),
            pieces,
            shown_from,
            cleared: false,
            hide_all,
            done: false,
            longest_piece: 0.0,
        })
    }

    /// Replays with nothing hidden (a lesson record that does not fit the
    /// lab is left out). Only before the first step.
    pub fn without_hiding(mut self) -> Replaying {
        self.shown_from = None;
        self.hide_all = false;
        self
    }

    /// The lab the script starts.
    pub fn template(&self) -> Template {
        self.engine.template
    }

    /// Work done and work in all (the [`Pieces`] work units).
    pub fn progress(&self) -> (u64, u64) {
        self.pieces.progress()
    }

    /// Applies pieces until `budget_ms` of real time (as `now` reads it, in
    /// ms) has passed since the call began, at least one; `Ok(true)` when
    /// the whole script is replayed. A piece is a few ms of engine time, but
    /// some cost more (the lab's once-a-second work under a heavy load):
    /// a step does not begin a piece when one as long as the longest so far
    /// would take it past 2.5 × `budget_ms`.
    pub fn step(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> Result<bool, String> {
        if self.done {
            return Ok(true);
        }
        let t0 = now();
        let mut t = t0;
        loop {
            let Some(p) = self.pieces.next() else {
                if self.hide_all {
                    self.engine.clear_consoles();
                    self.engine.mark_setup_end();
                }
                self.done = true;
                return Ok(true);
            };
            if !self.cleared && self.shown_from.is_some_and(|no| p.line >= no) {
                self.engine.clear_consoles();
                self.engine.mark_setup_end();
                self.cleared = true;
            }
            self.engine
                .replay_stmt(&p.stmt)
                .map_err(|m| format!("error: line {}: {m}", p.line))?;
            let t1 = now();
            self.longest_piece = self.longest_piece.max(t1 - t);
            t = t1;
            let spent = t - t0;
            if spent >= budget_ms || spent + self.longest_piece > budget_ms * STEP_OVERRUN {
                return Ok(false);
            }
        }
    }

    /// The lab as replayed so far (all of it once a step returned
    /// `Ok(true)`).
    pub fn into_engine(self) -> Engine {
        self.engine
    }
}

/// Takes a chart sample of the lab now (replacing one taken at the same
/// virtual time).
fn sample(lab: &Lab, samples: &mut Vec<Sample>) {
    let sample = asa_core::view::sample(lab);
    match samples.last_mut() {
        Some(last) if last.t >= sample.t => *last = sample,
        _ => {
            samples.push(sample);
            if samples.len() > MAX_SAMPLES {
                samples.remove(0);
            }
        }
    }
}
