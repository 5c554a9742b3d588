//! The console pager: what a console shows, with a command's output held
//! behind `<--- More --->` when it is longer than the unit's page
//! (`terminal pager N`, `pager lines N`). Space shows the next page, Enter
//! one more line, any other key (q) discards the rest, as on the ASA.
//!
//! The browser's consoles page; the script runner does not (its transcripts
//! show every line).

/// The line a paging console shows last while it waits for a key.
pub const MORE: &str = "<--- More --->";

/// A key pressed at `<--- More --->`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagerKey {
    /// Space: the next page.
    Space,
    /// Enter: one more line.
    Enter,
    /// Anything else (q): the rest of the output is discarded.
    Quit,
}

impl PagerKey {
    /// The key from its browser name (`" "`, `"Enter"`, anything else).
    pub fn from_key(key: &str) -> PagerKey {
        match key {
            " " => PagerKey::Space,
            "Enter" => PagerKey::Enter,
            _ => PagerKey::Quit,
        }
    }
}

/// One console's scrollback and the output its pager holds back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pager {
    /// What the console shows, oldest first (ends with [`MORE`] while
    /// paging).
    shown: Vec<String>,
    /// Output waiting behind `<--- More --->`.
    held: Vec<String>,
    /// Lines of scrollback kept.
    limit: usize,
}

impl Pager {
    /// An empty console keeping `limit` lines of scrollback.
    pub fn new(limit: usize) -> Pager {
        Pager {
            shown: Vec::new(),
            held: Vec::new(),
            limit,
        }
    }

    /// The scrollback, oldest first.
    pub fn lines(&self) -> &[String] {
        &self.shown
    }

    /// The console shows `<--- More --->` and waits for a key.
    pub fn paging(&self) -> bool {
        !self.held.is_empty()
    }

    /// New console output. `page` is the unit's page length (0: no
    /// paging); `command` says the output answers a command just entered,
    /// which is what pages: if it is longer than a page, the first page
    /// less one line is shown and the rest held behind `<--- More --->`.
    /// While paging, any new output waits behind the pager too.
    pub fn output(&mut self, lines: Vec<String>, page: usize, command: bool) {
        if command && page > 0 && lines.len() > page && self.held.is_empty() {
            let mut lines = lines;
            let rest = lines.split_off(page - 1);
            self.show(lines);
            self.held = rest;
            self.shown.push(MORE.into());
        } else if !self.held.is_empty() {
            self.held.extend(lines);
        } else {
            self.show(lines);
        }
    }

    /// A key at `<--- More --->` (nothing happens when not paging).
    pub fn key(&mut self, key: PagerKey, page: usize) {
        if self.held.is_empty() {
            return;
        }
        self.drop_more();
        let n = match key {
            PagerKey::Space => page.max(2) - 1,
            PagerKey::Enter => 1,
            PagerKey::Quit => {
                self.held.clear();
                return;
            }
        };
        let n = n.min(self.held.len());
        let next: Vec<String> = self.held.drain(..n).collect();
        self.show(next);
        if !self.held.is_empty() {
            self.shown.push(MORE.into());
        }
    }

    /// Shows everything held (a new line typed, or a replayed lab).
    pub fn release_all(&mut self) {
        self.drop_more();
        let rest = std::mem::take(&mut self.held);
        self.show(rest);
    }

    /// Adds lines to the scrollback, past the pager.
    pub fn show(&mut self, lines: Vec<String>) {
        self.shown.extend(lines);
        if self.shown.len() > self.limit {
            let extra = self.shown.len() - self.limit;
            self.shown.drain(..extra);
        }
    }

    fn drop_more(&mut self) {
        if self.shown.last().is_some_and(|l| l == MORE) {
            self.shown.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::Console;

    fn lines(from: usize, to: usize) -> Vec<String> {
        (from..to).map(|i| format!("line {i}")).collect()
    }

    #[test]
    fn long_command_output_waits_behind_more() {
        let mut p = Pager::new(100);
        p.output(lines(0, 30), 10, true);
        assert!(p.paging());
        let mut want = lines(0, 9);
        want.push(MORE.into());
        assert_eq!(p.lines(), want, "a page less one line, then More");

        p.key(PagerKey::Enter, 10);
        let mut want = lines(0, 10);
        want.push(MORE.into());
        assert_eq!(p.lines(), want, "Enter: one more line");

        p.key(PagerKey::Space, 10);
        let mut want = lines(0, 19);
        want.push(MORE.into());
        assert_eq!(p.lines(), want, "Space: another page");

        p.key(PagerKey::Space, 10);
        p.key(PagerKey::Space, 10);
        assert_eq!(p.lines(), lines(0, 30), "the last page ends the pager");
        assert!(!p.paging());
        p.key(PagerKey::Space, 10);
        assert_eq!(p.lines(), lines(0, 30), "keys do nothing when not paging");
    }

    #[test]
    fn quit_discards_and_release_shows_everything() {
        let mut p = Pager::new(100);
        p.output(lines(0, 30), 10, true);
        p.key(PagerKey::from_key("q"), 10);
        assert_eq!(p.lines(), lines(0, 9), "q: the rest is discarded");
        assert!(!p.paging());

        let mut p = Pager::new(100);
        p.output(lines(0, 30), 10, true);
        p.output(lines(30, 32), 10, false);
        assert_eq!(p.lines().last().map(String::as_str), Some(MORE));
        assert_eq!(p.lines().len(), 10, "later output waits behind More too");
        p.release_all();
        assert_eq!(p.lines(), lines(0, 32));
        assert!(!p.paging());
    }

    #[test]
    fn only_long_command_output_pages() {
        let mut p = Pager::new(100);
        p.output(lines(0, 30), 10, false);
        p.output(lines(30, 60), 0, true);
        p.output(lines(60, 70), 10, true);
        assert_eq!(p.lines(), lines(0, 70), "messages, no pager, a page");
        assert!(!p.paging());
        assert_eq!(PagerKey::from_key(" "), PagerKey::Space);
        assert_eq!(PagerKey::from_key("Enter"), PagerKey::Enter);
        assert_eq!(PagerKey::from_key("Escape"), PagerKey::Quit);
    }

    #[test]
    fn a_tiny_page_still_moves_on_with_space() {
        let mut p = Pager::new(100);
        p.output(lines(0, 5), 1, true);
        assert_eq!(p.lines(), [MORE]);
        p.key(PagerKey::Space, 1);
        assert_eq!(p.lines(), ["line 0", MORE]);
    }

    #[test]
    fn the_scrollback_is_bounded() {
        let mut p = Pager::new(5);
        p.output(lines(0, 8), 0, true);
        assert_eq!(p.lines(), lines(3, 8));
    }

    #[test]
    fn pages_a_command_at_the_units_page_length() {
        use crate::lab::LabConfig;
        use crate::labs::{self, Template};
        use crate::net::UnitId;
        use crate::time::Duration;
        let mut lab = labs::build(Template::ActiveStandby, LabConfig::default()).unwrap();
        lab.advance(Duration::from_secs(30));
        let u = UnitId::Primary;
        let _ = lab.take_console(u);
        let page = lab.unit(u).page_lines() as usize;
        assert!(page > 0, "the lab's consoles page");
        lab.type_line(u, "show running-config");
        let out = lab.take_console(u);
        assert!(out.len() > page, "{} lines", out.len());
        let mut p = Pager::new(5000);
        p.output(out.clone(), page, true);
        assert_eq!(p.lines().len(), page);
        assert_eq!(p.lines()[..page - 1], out[..page - 1]);
        p.release_all();
        assert_eq!(p.lines(), out);

        lab.type_line(u, "terminal pager 0");
        lab.type_line(u, "show running-config");
        let out = lab.take_console(u);
        let mut p = Pager::new(5000);
        p.output(out.clone(), lab.unit(u).page_lines() as usize, true);
        assert!(!p.paging(), "terminal pager 0 turns paging off");
        assert_eq!(p.lines(), out);
    }
}
