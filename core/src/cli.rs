//! A modal command line as data: each mode has a tree of tokens (keywords
//! and typed parameters). One parser walks it for execution, `?` help and
//! Tab completion, so all three always agree. Errors carry the column of the
//! offending word (for the ASA's caret) and the candidates that would fit.

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

/// One node of a command tree.
#[derive(Clone, Debug)]
pub struct Node<C: Copy> {
    pub kw: Option<&'static str>,
    pub param: Option<Param>,
    pub help: &'static str,
    pub children: Vec<Node<C>>,
    /// The command to run when the line may end here.
    pub action: Option<C>,
}

impl<C: Copy> Node<C> {
    pub fn root(children: Vec<Node<C>>) -> Self {
        Node {
            kw: None,
            param: None,
            help: "",
            children,
            action: None,
        }
    }
    pub fn kw(word: &'static str, help: &'static str) -> Self {
        Node {
            kw: Some(word),
            param: None,
            help,
            children: Vec::new(),
            action: None,
        }
    }
    pub fn param(p: Param, help: &'static str) -> Self {
        Node {
            kw: None,
            param: Some(p),
            help,
            children: Vec::new(),
            action: None,
        }
    }
    /// Builder: the children of this node.
    pub fn then(mut self, children: Vec<Node<C>>) -> Self {
        self.children.extend(children);
        self
    }
    /// Builder: the line may end here and run `cmd`.
    pub fn run(mut self, cmd: C) -> Self {
        self.action = Some(cmd);
        self
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

pub fn tokenize(line: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in line.char_indices() {
        if ch.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Token {
                    text: line[s..i].to_string(),
                    col: line[..s].chars().count(),
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(Token {
            text: line[s..].to_string(),
            col: line[..s].chars().count(),
        });
    }
    out
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
    pub args: Vec<Arg>,
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

/// Children of `node` whose keyword starts with `word` (case-insensitive).
/// An exact match wins over longer keywords.
fn keyword_matches<'a, C: Copy>(node: &'a Node<C>, word: &str) -> Vec<&'a Node<C>> {
    let lw = word.to_ascii_lowercase();
    let exact: Vec<_> = node
        .children
        .iter()
        .filter(|c| c.kw.is_some_and(|k| k.eq_ignore_ascii_case(&lw)))
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    node.children
        .iter()
        .filter(|c| c.kw.is_some_and(|k| k.starts_with(&lw)))
        .collect()
}

fn candidates<C: Copy>(node: &Node<C>) -> Vec<String> {
    node.children.iter().map(|c| c.label()).collect()
}

/// Interface names may be typed with a space (`GigabitEthernet 0/1`): join
/// such a pair into one token when the tree expects an interface.
fn join_interface_tokens(tokens: &[Token], i: usize) -> Option<(String, usize)> {
    let a = tokens.get(i)?;
    let b = tokens.get(i + 1)?;
    let joined = format!("{}{}", a.text, b.text);
    (!a.text.chars().any(|c| c.is_ascii_digit()) && Port::parse(&joined).is_some())
        .then_some((joined, 2))
}

/// Walks the tree along the tokens. Returns the node reached, the parsed
/// arguments, or the error at the first word that does not fit.
fn walk<'a, C: Copy>(
    root: &'a Node<C>,
    tokens: &[Token],
) -> Result<(&'a Node<C>, Vec<Arg>), ParseError> {
    let mut node = root;
    let mut args = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let tok = &tokens[i];
        let kws = keyword_matches(node, &tok.text);
        if kws.len() == 1 {
            node = kws[0];
            args.push(Arg::Kw(node.kw.unwrap_or_default()));
            i += 1;
            continue;
        }
        // Parameters, in tree order.
        let mut matched = None;
        for child in node.children.iter().filter(|c| c.param.is_some()) {
            let p = child.param.as_ref().expect("filtered");
            if let Param::Line(_) = p {
                let rest: Vec<&str> = tokens[i..].iter().map(|t| t.text.as_str()).collect();
                args.push(Arg::Line(rest.join(" ")));
                return Ok((child, args));
            }
            if let Param::Interface = p {
                if let Some((joined, used)) = join_interface_tokens(tokens, i) {
                    if let Some(a) = match_param(p, &joined) {
                        matched = Some((child, a, used));
                        break;
                    }
                }
            }
            if let Some(a) = match_param(p, &tok.text) {
                matched = Some((child, a, 1));
                break;
            }
        }
        if let Some((child, a, used)) = matched {
            node = child;
            args.push(a);
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
            candidates: candidates(node),
        });
    }
    Ok((node, args))
}

/// Parses a complete line against a mode's tree.
pub fn parse<C: Copy>(root: &Node<C>, line: &str) -> Result<Parsed<C>, ParseError> {
    let tokens = tokenize(line);
    let (node, args) = walk(root, &tokens)?;
    match node.action {
        Some(cmd) if !tokens.is_empty() => Ok(Parsed { cmd, args }),
        _ => Err(ParseError::Incomplete {
            candidates: candidates(node),
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
        let (node, _) = walk(root, &tokens)?;
        let mut items: Vec<HelpItem> = node
            .children
            .iter()
            .map(|c| HelpItem {
                word: c.label(),
                help: c.help.to_string(),
            })
            .collect();
        if node.action.is_some() && !tokens.is_empty() {
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
        let (node, _) = walk(root, init)?;
        let lw = last.text.to_ascii_lowercase();
        Ok(node
            .children
            .iter()
            .filter_map(|c| c.kw.filter(|k| k.starts_with(&lw)))
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
            Ok((node, _)) => (
                line.to_string(),
                node.children
                    .iter()
                    .filter_map(|c| c.kw)
                    .map(String::from)
                    .collect(),
            ),
            Err(_) => (line.to_string(), Vec::new()),
        };
    }
    let tokens = tokenize(line);
    let (last, init) = tokens.split_last().expect("non-empty");
    let Ok((node, _)) = walk(root, init) else {
        return (line.to_string(), Vec::new());
    };
    let lw = last.text.to_ascii_lowercase();
    let words: Vec<&'static str> = node
        .children
        .iter()
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

/// The ASA's error lines for a parse error; `prompt_len` places the caret.
pub fn format_error(err: &ParseError, prompt_len: usize, line: &str) -> Vec<String> {
    match err {
        ParseError::Invalid { col, .. } => {
            vec![
                format!("{}^", " ".repeat(prompt_len + col)),
                "ERROR: % Invalid input detected at '^' marker.".into(),
            ]
        }
        ParseError::Incomplete { .. } => vec!["ERROR: % Incomplete command".into()],
        ParseError::Ambiguous { .. } => {
            vec![format!("ERROR: % Ambiguous command:  \"{}\"", line.trim())]
        }
    }
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
            .run(T::Hostname)]),
            Node::kw("policy", "Interface policy").then(vec![Node::param(
                Param::CountOrPercent(1, 250, 1, 100),
                "Number or percentage",
            )
            .run(T::IntPolicy)]),
            Node::kw("interface", "Select an interface").then(vec![Node::param(
                Param::Interface,
                "Physical interface",
            )
            .run(T::Iface)]),
            Node::kw("description", "Description").then(vec![Node::param(
                Param::Line("LINE"),
                "Up to 200 characters",
            )
            .run(T::Desc)]),
        ])
    }

    #[test]
    fn prefixes_and_exact_words() {
        let t = tree();
        assert_eq!(parse(&t, "sh failover").unwrap().cmd, T::ShowFailover);
        assert_eq!(
            parse(&t, "SH FAIL hist").unwrap().cmd,
            T::ShowFailoverHistory
        );
        let p = parse(&t, "hostname ASA-PERIM").unwrap();
        assert_eq!(
            p.args,
            vec![Arg::Kw("hostname"), Arg::Word("ASA-PERIM".into())]
        );
        assert_eq!(parse(&t, "int gi0/1").unwrap().args[1], Arg::Port(Port(1)));
        assert_eq!(
            parse(&t, "interface GigabitEthernet 0/2").unwrap().args[1],
            Arg::Port(Port(2))
        );
        assert_eq!(
            parse(&t, "desc LAN Failover  link").unwrap().args[1],
            Arg::Line("LAN Failover link".into())
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
        assert_eq!(parse(&t, "policy 50%").unwrap().args[1], Arg::Percent(50));
        assert!(parse(&t, "policy 101%").is_err());
        let lines = format_error(
            &ParseError::Invalid {
                col: 5,
                candidates: vec![],
            },
            10,
            "show fxx",
        );
        assert_eq!(lines[0], format!("{}^", " ".repeat(15)));
    }

    #[test]
    fn help_and_completion_reuse_the_tree() {
        let t = tree();
        let items = help(&t, "show failover ").unwrap();
        let words: Vec<_> = items.iter().map(|i| i.word.as_str()).collect();
        assert_eq!(words, vec!["history", "state", "<cr>"]);
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
}
