//! Output modifiers: `| include|exclude|begin|grep [-v] REGEX` after a
//! complete command. They are tokens of the tree (so `?` and Tab know
//! them); the command before the `|` runs and its output is filtered.

use super::tree::N;
use super::CliError;
use crate::cli::{Args, Node, Param, PIPE};
use regex_lite::Regex;

/// The `|` subtree a tree's root offers after any complete command.
pub(super) fn modifiers() -> N {
    let regex = || {
        vec![Node::param(Param::Line("LINE"), "Regular expression")
            .named("regex")
            .end()]
    };
    // Without a regex a modifier matches every line, as it always has here.
    Node::kw(PIPE, "Output modifiers").then(vec![
        Node::kw("begin", "Begin with the line that matches")
            .named("filter")
            .end()
            .then(regex()),
        Node::kw("exclude", "Exclude lines that match")
            .named("filter")
            .end()
            .then(regex()),
        Node::kw("grep", "Include (or with -v, exclude) lines that match")
            .named("filter")
            .end()
            .then({
                let mut v = vec![Node::kw("-v", "Exclude lines that match").then(regex())];
                v.extend(regex());
                v
            }),
        Node::kw("include", "Include lines that match")
            .named("filter")
            .end()
            .then(regex()),
    ])
}

/// The command part of a line: the text before its first `|`.
pub(super) fn command_part(line: &str) -> &str {
    line.split_once(PIPE).map_or(line, |(cmd, _)| cmd)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Include,
    Exclude,
    Begin,
}

/// Compiles a filter expression: the ASA's regular expressions (alternation,
/// anchors, `.`, repeaters, bracket classes, escapes, groups) with the
/// linear-time `regex-lite` engine, so no pattern can stall the console.
/// Unanchored unless `^`/`$` say otherwise, as on the ASA. `None` when the
/// expression is malformed (or too large to compile).
fn compile(pattern: &str) -> Option<Regex> {
    regex_lite::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .ok()
}

/// A parsed output modifier.
#[derive(Clone, Debug)]
pub(super) struct Filter {
    kind: Kind,
    regex: Regex,
}

impl Filter {
    /// The modifier from its arguments (from the `|` on). A regex that does
    /// not compile is invalid input (the ASA shows no caret for it).
    pub fn new(args: &Args) -> Result<Filter, CliError> {
        let invalid = CliError::InvalidInput { caret: None };
        let kind = match args.keyword("filter").map_err(|_| invalid.clone())? {
            "include" => Kind::Include,
            "exclude" => Kind::Exclude,
            "begin" => Kind::Begin,
            _ if args.has("-v") => Kind::Exclude,
            _ => Kind::Include,
        };
        let pattern = args.line("regex").unwrap_or("");
        let regex = compile(pattern).ok_or(invalid)?;
        Ok(Filter { kind, regex })
    }

    pub fn apply(&self, lines: Vec<String>) -> Vec<String> {
        let re = &self.regex;
        match self.kind {
            Kind::Include => lines.into_iter().filter(|l| re.is_match(l)).collect(),
            Kind::Exclude => lines.into_iter().filter(|l| !re.is_match(l)).collect(),
            Kind::Begin => lines.into_iter().skip_while(|l| !re.is_match(l)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compile;

    fn m(re: &str, s: &str) -> bool {
        compile(re).unwrap().is_match(s)
    }

    #[test]
    fn asa_filter_expressions() {
        assert!(m("host", "        This host: Primary - Active"));
        assert!(m("Failover LAN|host", "Failover LAN Interface: x"));
        assert!(m("Failover LAN|host", "Other host: y"));
        assert!(!m("Failover LAN|host", "Interface Policy 1"));
        assert!(m("^Failover", "Failover On"));
        assert!(!m("^On", "Failover On"));
        assert!(m("On$", "Failover On"));
        assert!(m("Gi.*0/3", "GigabitEthernet0/3"));
        assert!(m("10\\.10\\.0\\.[0-9]+", "inside 10.10.0.10"));
        assert!(!m("10\\.10\\.0\\.[0-9]+", "inside 10x10.0.a"));
        assert!(m("colou?r", "color"));
        assert!(m("[^a-z]", "abc1"));
        assert!(m(
            "(Active|Standby) Ready",
            "Other host: Secondary - Standby Ready"
        ));
        assert!(compile("*bad").is_none());
        assert!(compile("[open").is_none());
        assert!(m("", "anything"));
    }

    /// A pattern that made the old backtracking matcher run for minutes
    /// is linear here.
    #[test]
    fn no_pathological_backtracking() {
        let re = compile(".*.*.*.*.*.*.*.*.*.*.*.*Z").unwrap();
        let line = "a".repeat(5_000);
        for _ in 0..20 {
            assert!(!re.is_match(&line));
        }
    }
}
