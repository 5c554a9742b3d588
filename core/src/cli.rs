//! A modal command line as data: each mode has a tree of tokens (keywords
//! and typed parameters). One parser walks it for execution, `?` help and
//! Tab completion, so all three always agree. Errors carry the column of the
//! offending word (for the ASA's caret) and the candidates that would fit.
//!
//! Each token may name the argument it yields (`.named("peer_ip")`), so a
//! command reads its arguments by name ([`Args`]). A root may carry output
//! modifiers ([`Node::with_pipe`]): after any complete command, the first
//! `|` of the line walks into that subtree, and the command that runs is
//! still the one typed before the `|`.

use crate::net::{Ip, Mac, Port};

/// A typed parameter slot in the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// A name or other single word.
    Word(&'static str),
    Ip,
    Mask,
    Mac,
    /// An integer in an inclusive range.
    Int(u32, u32),
    /// `N` or `N%`: a count (first range) or a percentage (second range).
    CountOrPercent(u32, u32, u32, u32),
    /// A physical interface name (`GigabitEthernet0/1`, `gi0/1`).
    Interface,
    /// The rest of the line, verbatim.
    Line(&'static str),
}

impl Param {
    /// The placeholder `?` shows for this parameter.
    pub fn label(&self) -> String {
        match self {
            Param::Word(w) => (*w).to_string(),
            Param::Ip => "A.B.C.D".into(),
            Param::Mask => "A.B.C.D".into(),
            Param::Mac => "H.H.H".into(),
            Param::Int(lo, hi) => format!("<{lo}-{hi}>"),
            Param::CountOrPercent(lo, hi, _, _) => format!("<{lo}-{hi}>"),
            Param::Interface => "<interface>".into(),
            Param::Line(w) => (*w).to_string(),
        }
    }
}

/// A parsed argument value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Kw(&'static str),
    Word(String),
    Ip(Ip),
    Mac(Mac),
    Int(u32),
    Percent(u32),
    Port(Port),
    Line(String),
}

/// The word that starts the output modifiers of a line (`show ... | include X`).
pub const PIPE: &str = "|";

/// One node of a command tree.
#[derive(Clone, Debug)]
pub struct Node<C: Copy> {
    pub kw: Option<&'static str>,
    pub param: Option<Param>,
    pub help: &'static str,
    pub children: Vec<Node<C>>,
    /// The command to run when the line may end here.
    pub action: Option<C>,
    /// The name of the argument this token yields (a keyword is also
    /// known by its own word).
    pub name: Option<&'static str>,
    /// In a modifier subtree: the line may end here (the command before
    /// the `|` runs).
    pub ends: bool,
    /// On a root: the output modifiers (a `|` keyword node) that may follow
    /// any complete command of the tree.
    pub pipe: Option<Box<Node<C>>>,
}

impl<C: Copy> Node<C> {
    #[inline(never)]
    pub fn root(children: Vec<Node<C>>) -> Self {
        Node {
            kw: None,
            param: None,
            help: "",
            children,
            action: None,
            name: None,
            ends: false,
            pipe: None,
        }
    }
    #[inline(never)]
    pub fn kw(word: &'static str, help: &'static str) -> Self {
        Node {
            kw: Some(word),
            param: None,
            help,
            children: Vec::new(),
            action: None,
            name: None,
            ends: false,
            pipe: None,
        }
    }
    #[inline(never)]
    pub fn param(p: Param, help: &'static str) -> Self {
        Node {
            kw: None,
            param: Some(p),
            help,
            children: Vec::new(),
            action: None,
            name: None,
            ends: false,
            pipe: None,
        }
    }
    /// Builder: the children of this node.
    #[inline(never)]
    pub fn then(mut self, children: Vec<Node<C>>) -> Self {
        self.children.extend(children);
        self
    }
    /// Builder: the line may end here and run `cmd`.
    #[inline(never)]
    pub fn run(mut self, cmd: C) -> Self {
        self.action = Some(cmd);
        self
    }
    /// Builder: the name of the argument this token yields.
    #[inline(never)]
    pub fn named(mut self, name: &'static str) -> Self {
        self.name = Some(name);
        self
    }
    /// Builder (modifier subtrees): the line may end here.
    #[inline(never)]
    pub fn end(mut self) -> Self {
        self.ends = true;
        self
    }
    /// Builder (roots): the output modifiers that may follow any complete
    /// command; `pipe` is the `|` keyword node.
    #[inline(never)]
    pub fn with_pipe(mut self, pipe: Node<C>) -> Self {
        self.pipe = Some(Box::new(pipe));
        self
    }
    /// The line may end at this node.
    fn complete(&self) -> bool {
        self.action.is_some() || self.ends
    }
    fn label(&self) -> String {
        match (self.kw, &self.param) {
            (Some(k), _) => k.to_string(),
            (None, Some(p)) => p.label(),
            _ => String::new(),
        }
    }
}

/// A word of the input with the column it starts at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub col: usize,
}

/// Splits a line into words. The first `|` is a word of its own, even
/// when typed against its neighbours (`show failover|include X`); later
/// ones belong to the words around them (they are regex alternations).
pub fn tokenize(line: &str) -> Vec<Token> {
    let Some(at) = line.find(PIPE) else {
        return words(line, 0);
    };
    let after = at + PIPE.len();
    let mut out = words(&line[..at], 0);
    out.push(Token {
        text: PIPE.to_string(),
        col: line[..at].chars().count(),
    });
    out.extend(words(&line[after..], line[..after].chars().count()));
    out
}

/// The whitespace-separated words of `text`, columns counted from `base`.
fn words(text: &str, base: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    let mut push = |s: usize, e: usize| {
        out.push(Token {
            text: text[s..e].to_string(),
            col: base + text[..s].chars().count(),
        })
    };
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            if let Some(s) = start.take() {
                push(s, i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(s, text.len());
    }
    out
}

/// The index of the token that starts the output modifiers, if any.
fn pipe_index(tokens: &[Token]) -> Option<usize> {
    tokens.iter().position(|t| t.text == PIPE)
}

/// Why a line did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The word at this column fits nothing; `candidates` would have fit.
    Invalid { col: usize, candidates: Vec<String> },
    /// The line ended before a command was complete.
    Incomplete { candidates: Vec<String> },
    /// The word prefixes several keywords.
    Ambiguous {
        col: usize,
        word: String,
        candidates: Vec<String>,
    },
}

/// A successful parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed<C> {
    pub cmd: C,
    pub args: Args,
}

/// A required argument that the line did not give (its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Missing(pub &'static str);

/// The arguments of a parsed line, in order, each under its token's name
/// (a keyword without a name is known by its own word).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args(Vec<(&'static str, Arg)>);

impl Args {
    fn push(&mut self, name: &'static str, arg: Arg) {
        self.0.push((name, arg));
    }
    /// Every argument with its name.
    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, Arg)> {
        self.0.iter()
    }
    /// The value (not a keyword) named `name`.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.0
            .iter()
            .find(|(n, a)| *n == name && !matches!(a, Arg::Kw(_)))
            .map(|(_, a)| a)
    }
    /// Whether the keyword `word` (or an argument named `word`) was typed.
    pub fn has(&self, word: &str) -> bool {
        self.0
            .iter()
            .any(|(n, a)| *n == word || matches!(a, Arg::Kw(k) if *k == word))
    }
    /// The first argument named `name` that `f` accepts (a keyword and the
    /// parameter after it may share a name: `standby` and its address).
    fn take<'a, T>(
        &'a self,
        name: &'static str,
        f: impl Fn(&'a Arg) -> Option<T>,
    ) -> Result<T, Missing> {
        self.0
            .iter()
            .filter(|(n, _)| *n == name)
            .find_map(|(_, a)| f(a))
            .ok_or(Missing(name))
    }
    /// The keyword typed for a named keyword slot (`.named("role")` on
    /// `primary` and `secondary`; the name must differ from the words
    /// before it, which are known by themselves).
    pub fn keyword(&self, name: &'static str) -> Result<&'static str, Missing> {
        self.take(name, |a| if let Arg::Kw(k) = a { Some(*k) } else { None })
    }
    pub fn word(&self, name: &'static str) -> Result<&str, Missing> {
        self.take(name, |a| match a {
            Arg::Word(w) => Some(w.as_str()),
            _ => None,
        })
    }
    pub fn line(&self, name: &'static str) -> Result<&str, Missing> {
        self.take(name, |a| match a {
            Arg::Line(l) => Some(l.as_str()),
            _ => None,
        })
    }
    pub fn ip(&self, name: &'static str) -> Result<Ip, Missing> {
        self.take(name, |a| if let Arg::Ip(i) = a { Some(*i) } else { None })
    }
    pub fn mac(&self, name: &'static str) -> Result<Mac, Missing> {
        self.take(name, |a| if let Arg::Mac(m) = a { Some(*m) } else { None })
    }
    pub fn int(&self, name: &'static str) -> Result<u32, Missing> {
        self.take(name, |a| if let Arg::Int(i) = a { Some(*i) } else { None })
    }
    pub fn port(&self, name: &'static str) -> Result<Port, Missing> {
        self.take(name, |a| if let Arg::Port(p) = a { Some(*p) } else { None })
    }
    /// Splits off the arguments from the first one named `name` on (the
    /// output modifiers, from the `|`).
    pub fn split_off(&mut self, name: &str) -> Option<Args> {
        let at = self.0.iter().position(|(n, _)| *n == name)?;
        Some(Args(self.0.split_off(at)))
    }
}

fn match_param(p: &Param, text: &str) -> Option<Arg> {
    match p {
        Param::Word(_) => Some(Arg::Word(text.to_string())),
        Param::Ip => Ip::parse(text).map(Arg::Ip),
        Param::Mask => Ip::parse(text).filter(|m| m.is_mask()).map(Arg::Ip),
        Param::Mac => Mac::parse(text).map(Arg::Mac),
        Param::Int(lo, hi) => text
            .parse::<u32>()
            .ok()
            .filter(|n| n >= lo && n <= hi)
            .map(Arg::Int),
        Param::CountOrPercent(lo, hi, plo, phi) => {
            if let Some(num) = text.strip_suffix('%') {
                num.parse::<u32>()
                    .ok()
                    .filter(|n| n >= plo && n <= phi)
                    .map(Arg::Percent)
            } else {
                text.parse::<u32>()
                    .ok()
                    .filter(|n| n >= lo && n <= hi)
                    .map(Arg::Int)
            }
        }
        Param::Interface => Port::parse(text).map(Arg::Port),
        Param::Line(_) => Some(Arg::Line(text.to_string())),
    }
}

/// Where a walk stands: the node reached and, once a `|` was passed, the
/// node of the command it follows.
#[derive(Clone, Copy)]
struct At<'a, C: Copy> {
    root: &'a Node<C>,
    node: &'a Node<C>,
    piped_from: Option<&'a Node<C>>,
}

impl<'a, C: Copy> At<'a, C> {
    /// The tokens that may follow: the node's children, then the root's
    /// output modifiers after a complete command (before any `|`).
    fn children(&self) -> impl Iterator<Item = &'a Node<C>> {
        let pipe = match (self.piped_from, &self.root.pipe) {
            (None, Some(p)) if self.node.action.is_some() => Some(&**p),
            _ => None,
        };
        self.node.children.iter().chain(pipe)
    }
    fn go(&mut self, child: &'a Node<C>) {
        if child.kw == Some(PIPE) && self.piped_from.is_none() {
            self.piped_from = Some(self.node);
        }
        self.node = child;
    }
    /// The command to run when the line ends here.
    fn action(&self) -> Option<C> {
        match self.piped_from {
            None => self.node.action,
            Some(cmd) if self.node.complete() => cmd.action,
            Some(_) => None,
        }
    }
}

/// Children of the node reached whose keyword starts with `word`
/// (case-insensitive). An exact match wins over longer keywords.
fn keyword_matches<'a, C: Copy>(at: &At<'a, C>, word: &str) -> Vec<&'a Node<C>> {
    let lw = word.to_ascii_lowercase();
    let exact: Vec<_> = at
        .children()
        .filter(|c| c.kw.is_some_and(|k| k.eq_ignore_ascii_case(&lw)))
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    at.children()
        .filter(|c| c.kw.is_some_and(|k| k.starts_with(&lw)))
        .collect()
}

fn candidates<C: Copy>(at: &At<'_, C>) -> Vec<String> {
    at.children().map(|c| c.label()).collect()
}

/// Interface names may be typed with a space (`GigabitEthernet 0/1`): join
/// such a pair into one token when the tree expects an interface.
fn join_interface_tokens(tokens: &[Token], i: usize) -> Option<(String, usize)> {
    let a = tokens.get(i)?;
    let b = tokens.get(i + 1)?;
    if b.text == PIPE {
        return None;
    }
    let joined = format!("{}{}", a.text, b.text);
    (!a.text.chars().any(|c| c.is_ascii_digit()) && Port::parse(&joined).is_some())
        .then_some((joined, 2))
}

/// Walks the tree along the tokens. Returns where it got to and the parsed
/// arguments, or the error at the first word that does not fit.
fn walk<'a, C: Copy>(root: &'a Node<C>, tokens: &[Token]) -> Result<(At<'a, C>, Args), ParseError> {
    let mut at = At {
        root,
        node: root,
        piped_from: None,
    };
    let pipe_at = pipe_index(tokens);
    let mut args = Args::default();
    let mut i = 0;
    while i < tokens.len() {
        let tok = &tokens[i];
        let kws = keyword_matches(&at, &tok.text);
        if kws.len() == 1 {
            let kw = kws[0].kw.unwrap_or_default();
            args.push(kws[0].name.unwrap_or(kw), Arg::Kw(kw));
            at.go(kws[0]);
            i += 1;
            continue;
        }
        if Some(i) == pipe_at {
            // The `|` fits only after a complete command.
            return Err(if at.node.action.is_none() {
                ParseError::Incomplete {
                    candidates: candidates(&at),
                }
            } else {
                ParseError::Invalid {
                    col: tok.col,
                    candidates: candidates(&at),
                }
            });
        }
        // Parameters, in tree order.
        let mut matched = None;
        for child in at.children().filter(|c| c.param.is_some()) {
            let p = child.param.as_ref().expect("filtered");
            let name = child.name.unwrap_or_default();
            if let Param::Line(_) = p {
                // The rest of the line, up to its output modifiers.
                let stop = pipe_at.filter(|&k| k > i).unwrap_or(tokens.len());
                let rest: Vec<&str> = tokens[i..stop].iter().map(|t| t.text.as_str()).collect();
                args.push(name, Arg::Line(rest.join(" ")));
                matched = Some((child, stop - i));
                break;
            }
            if let Param::Interface = p {
                if let Some((joined, used)) = join_interface_tokens(tokens, i) {
                    if let Some(a) = match_param(p, &joined) {
                        args.push(name, a);
                        matched = Some((child, used));
                        break;
                    }
                }
            }
            if let Some(a) = match_param(p, &tok.text) {
                args.push(name, a);
                matched = Some((child, 1));
                break;
            }
        }
        if let Some((child, used)) = matched {
            at.go(child);
            i += used;
            continue;
        }
        if kws.len() > 1 {
            return Err(ParseError::Ambiguous {
                col: tok.col,
                word: tok.text.clone(),
                candidates: kws.iter().map(|n| n.label()).collect(),
            });
        }
        return Err(ParseError::Invalid {
            col: tok.col,
            candidates: candidates(&at),
        });
    }
    Ok((at, args))
}

/// Parses a complete line against a mode's tree.
pub fn parse<C: Copy>(root: &Node<C>, line: &str) -> Result<Parsed<C>, ParseError> {
    let tokens = tokenize(line);
    let (at, args) = walk(root, &tokens)?;
    match at.action() {
        Some(cmd) if !tokens.is_empty() => Ok(Parsed { cmd, args }),
        _ => Err(ParseError::Incomplete {
            candidates: candidates(&at),
        }),
    }
}

/// One line of `?` help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpItem {
    pub word: String,
    pub help: String,
}

/// What `?` shows for a line typed so far (the text before the `?`).
/// `Ok` holds the items; an `Err` is the parse error of the words before.
pub fn help<C: Copy>(root: &Node<C>, before: &str) -> Result<Vec<HelpItem>, ParseError> {
    let ends_with_space = before.is_empty() || before.ends_with(char::is_whitespace);
    let tokens = tokenize(before);
    if ends_with_space {
        let (at, _) = walk(root, &tokens)?;
        // The ASA lists help in the order of the words shown (`-v`, then
        // `LINE`, `<0-100>` or `WORD`, then the keywords, `|` last of
        // them), then `<cr>`.
        let mut items: Vec<HelpItem> = at
            .children()
            .map(|c| HelpItem {
                word: c.label(),
                help: c.help.to_string(),
            })
            .collect();
        crate::small::sort_small_by_key(&mut items, |i| i.word.clone());
        if at.action().is_some() && !tokens.is_empty() {
            items.push(HelpItem {
                word: "<cr>".into(),
                help: String::new(),
            });
        }
        Ok(items)
    } else {
        // `sh?`: the words that complete the last, partial word.
        let (last, init) = tokens
            .split_last()
            .expect("non-empty when not ending in space");
        let (at, _) = walk(root, init)?;
        let lw = last.text.to_ascii_lowercase();
        let mut words: Vec<&str> = at
            .children()
            .filter_map(|c| c.kw.filter(|k| k.starts_with(&lw)))
            .collect();
        crate::small::sort_small(&mut words);
        Ok(words
            .into_iter()
            .map(|k| HelpItem {
                word: k.to_string(),
                help: String::new(),
            })
            .collect())
    }
}

/// Tab completion: the line with its last word completed (and a space
/// added) when exactly one keyword fits, plus every candidate keyword.
pub fn complete<C: Copy>(root: &Node<C>, line: &str) -> (String, Vec<String>) {
    if line.is_empty() || line.ends_with(char::is_whitespace) {
        let tokens = tokenize(line);
        return match walk(root, &tokens) {
            Ok((at, _)) => (
                line.to_string(),
                at.children()
                    .filter_map(|c| c.kw)
                    .map(String::from)
                    .collect(),
            ),
            Err(_) => (line.to_string(), Vec::new()),
        };
    }
    let tokens = tokenize(line);
    let (last, init) = tokens.split_last().expect("non-empty");
    let Ok((at, _)) = walk(root, init) else {
        return (line.to_string(), Vec::new());
    };
    let lw = last.text.to_ascii_lowercase();
    let words: Vec<&'static str> = at
        .children()
        .filter_map(|c| c.kw)
        .filter(|k| k.starts_with(&lw))
        .collect();
    if words.len() == 1 {
        let head: String = line.chars().take(last.col).collect();
        (format!("{head}{} ", words[0]), vec![words[0].to_string()])
    } else {
        (
            line.to_string(),
            words.into_iter().map(String::from).collect(),
        )
    }
}

/// Formats `?` help the way the ASA lays it out.
pub fn format_help(items: &[HelpItem]) -> Vec<String> {
    let width = items
        .iter()
        .map(|i| i.word.len())
        .max()
        .unwrap_or(0)
        .max(10);
    items
        .iter()
        .map(|i| {
            if i.help.is_empty() {
                format!("  {}", i.word)
            } else {
                format!("  {:<width$}  {}", i.word, i.help)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum T {
        ShowFailover,
        ShowFailoverHistory,
        ShowFailoverState,
        Hostname,
        IntPolicy,
        Iface,
        Desc,
    }

    fn tree() -> Node<T> {
        Node::root(vec![
            Node::kw("show", "Show running system information").then(vec![
                Node::kw("failover", "Show failover status")
                    .run(T::ShowFailover)
                    .then(vec![
                        Node::kw("history", "Show failover switching history")
                            .run(T::ShowFailoverHistory),
                        Node::kw("state", "Show failover internal state information")
                            .run(T::ShowFailoverState),
                    ]),
                Node::kw("firewall", "Show firewall mode"),
            ]),
            Node::kw("hostname", "Change host name of the system").then(vec![Node::param(
                Param::Word("WORD"),
                "New name",
            )
            .named("name")
            .run(T::Hostname)]),
            Node::kw("policy", "Interface policy").then(vec![Node::param(
                Param::CountOrPercent(1, 250, 1, 100),
                "Number or percentage",
            )
            .named("policy")
            .run(T::IntPolicy)]),
            Node::kw("interface", "Select an interface").then(vec![Node::param(
                Param::Interface,
                "Physical interface",
            )
            .named("port")
            .run(T::Iface)]),
            Node::kw("description", "Description").then(vec![Node::param(
                Param::Line("LINE"),
                "Up to 200 characters",
            )
            .named("text")
            .run(T::Desc)]),
        ])
        .with_pipe(Node::kw(PIPE, "Output modifiers").then(vec![
            Node::kw("include", "Lines that match").then(vec![Node::param(
                Param::Line("LINE"),
                "Regular expression",
            )
            .named("regex")
            .end()]),
        ]))
    }

    #[test]
    fn prefixes_exact_words_and_names() {
        let t = tree();
        assert_eq!(parse(&t, "sh failover").unwrap().cmd, T::ShowFailover);
        assert_eq!(
            parse(&t, "SH FAIL hist").unwrap().cmd,
            T::ShowFailoverHistory
        );
        let p = parse(&t, "hostname ASA-PERIM").unwrap();
        let all: Vec<_> = p.args.iter().cloned().collect();
        assert_eq!(
            all,
            vec![
                ("hostname", Arg::Kw("hostname")),
                ("name", Arg::Word("ASA-PERIM".into()))
            ]
        );
        assert_eq!(p.args.word("name"), Ok("ASA-PERIM"));
        assert!(p.args.has("hostname"));
        assert_eq!(p.args.ip("name"), Err(Missing("name")));
        assert_eq!(
            parse(&t, "int gi0/1").unwrap().args.port("port"),
            Ok(Port(1))
        );
        assert_eq!(
            parse(&t, "interface GigabitEthernet 0/2")
                .unwrap()
                .args
                .port("port"),
            Ok(Port(2))
        );
        assert_eq!(
            parse(&t, "desc LAN Failover  link")
                .unwrap()
                .args
                .line("text"),
            Ok("LAN Failover link")
        );
    }

    #[test]
    fn errors_carry_columns_and_candidates() {
        let t = tree();
        match parse(&t, "show fxx").unwrap_err() {
            ParseError::Invalid { col, candidates } => {
                assert_eq!(col, 5);
                assert_eq!(candidates, vec!["failover", "firewall"]);
            }
            e => panic!("unexpected {e:?}"),
        }
        assert!(matches!(
            parse(&t, "show f"),
            Err(ParseError::Ambiguous { col: 5, .. })
        ));
        assert!(matches!(
            parse(&t, "show"),
            Err(ParseError::Incomplete { .. })
        ));
        assert!(matches!(parse(&t, ""), Err(ParseError::Incomplete { .. })));
        assert!(matches!(
            parse(&t, "policy 251"),
            Err(ParseError::Invalid { col: 7, .. })
        ));
        assert_eq!(
            parse(&t, "policy 50%").unwrap().args.get("policy"),
            Some(&Arg::Percent(50))
        );
        assert!(parse(&t, "policy 101%").is_err());
    }

    #[test]
    fn help_and_completion_reuse_the_tree() {
        let t = tree();
        let items = help(&t, "show failover ").unwrap();
        let words: Vec<_> = items.iter().map(|i| i.word.as_str()).collect();
        assert_eq!(words, vec!["history", "state", "|", "<cr>"]);
        let partial = help(&t, "sh").unwrap();
        assert_eq!(partial[0].word, "show");
        assert_eq!(
            complete(&t, "sh"),
            ("show ".to_string(), vec!["show".to_string()])
        );
        assert_eq!(complete(&t, "show f").1, vec!["failover", "firewall"]);
        assert_eq!(complete(&t, "show fa").0, "show failover ");
        assert!(help(&t, "shox ").is_err());
    }

    #[test]
    fn the_first_pipe_starts_the_output_modifiers() {
        let t = tree();
        let toks: Vec<_> = tokenize("sh fail|inc a|b")
            .into_iter()
            .map(|t| (t.text, t.col))
            .collect();
        assert_eq!(
            toks,
            vec![
                ("sh".to_string(), 0),
                ("fail".to_string(), 3),
                ("|".to_string(), 7),
                ("inc".to_string(), 8),
                ("a|b".to_string(), 12)
            ]
        );
        // The command before the `|` runs; the modifier's words are its arguments.
        let mut p = parse(&t, "show failover | include a | b").unwrap();
        assert_eq!(p.cmd, T::ShowFailover);
        let pipe = p.args.split_off(PIPE).unwrap();
        assert_eq!(pipe.line("regex"), Ok("a | b"));
        assert!(!p.args.has("include"));
        // A LINE parameter stops at the `|`.
        let p = parse(&t, "description up | include x").unwrap();
        assert_eq!((p.cmd, p.args.line("text")), (T::Desc, Ok("up")));
        // Before a complete command the `|` leaves it incomplete; after a
        // modifier keyword the regex is missing.
        assert!(matches!(
            parse(&t, "show | include x"),
            Err(ParseError::Incomplete { .. })
        ));
        assert!(matches!(
            parse(&t, "show failover | include"),
            Err(ParseError::Incomplete { .. })
        ));
        assert!(matches!(
            parse(&t, "show failover | frob x"),
            Err(ParseError::Invalid { col: 16, .. })
        ));
        let words: Vec<_> = help(&t, "show failover | ")
            .unwrap()
            .into_iter()
            .map(|i| i.word)
            .collect();
        assert_eq!(words, vec!["include"]);
        assert_eq!(
            complete(&t, "show failover | in").0,
            "show failover | include "
        );
        // Only after a complete command, and only once.
        assert_eq!(complete(&t, "show ").1, vec!["failover", "firewall"]);
        assert!(complete(&t, "show failover | ").1 == vec!["include"]);
    }
}
