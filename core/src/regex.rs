//! The small regular-expression language of the ASA's output filters
//! (`show ... | include REGEX`): alternation `|`, anchors `^` `$`, `.`,
//! the repeaters `*` `+` `?`, bracket classes `[abc]` `[a-z]` `[^x]` and
//! `\` escapes. Matching is unanchored unless `^`/`$` say otherwise.

#[derive(Clone, Debug, PartialEq, Eq)]
enum Atom {
    Char(char),
    Any,
    Class(bool, Vec<(char, char)>),
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Char(x) => *x == c,
            Atom::Any => true,
            Atom::Class(neg, ranges) => ranges.iter().any(|(a, b)| *a <= c && c <= *b) != *neg,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rep {
    One,
    Star,
    Plus,
    Opt,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Branch {
    start: bool,
    end: bool,
    items: Vec<(Atom, Rep)>,
}

/// A compiled filter expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regex {
    branches: Vec<Branch>,
}

fn parse_branch(src: &str) -> Option<Branch> {
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut b = Branch {
        start: false,
        end: false,
        items: Vec::new(),
    };
    if chars.first() == Some(&'^') {
        b.start = true;
        i = 1;
    }
    while i < chars.len() {
        let c = chars[i];
        if c == '$' && i == chars.len() - 1 {
            b.end = true;
            break;
        }
        let atom = match c {
            '.' => Atom::Any,
            '\\' => {
                i += 1;
                Atom::Char(*chars.get(i)?)
            }
            '[' => {
                let mut j = i + 1;
                let neg = chars.get(j) == Some(&'^');
                if neg {
                    j += 1;
                }
                let mut ranges = Vec::new();
                while j < chars.len()
                    && (chars[j] != ']' || ranges.is_empty() && j == i + 1 + neg as usize)
                {
                    let a = chars[j];
                    if chars.get(j + 1) == Some(&'-') && chars.get(j + 2).is_some_and(|x| *x != ']')
                    {
                        ranges.push((a, chars[j + 2]));
                        j += 3;
                    } else {
                        ranges.push((a, a));
                        j += 1;
                    }
                }
                if j >= chars.len() {
                    return None;
                }
                i = j;
                Atom::Class(neg, ranges)
            }
            '*' | '+' | '?' => return None,
            c => Atom::Char(c),
        };
        i += 1;
        let rep = match chars.get(i) {
            Some('*') => Rep::Star,
            Some('+') => Rep::Plus,
            Some('?') => Rep::Opt,
            _ => Rep::One,
        };
        if rep != Rep::One {
            i += 1;
        }
        b.items.push((atom, rep));
    }
    Some(b)
}

fn match_here(items: &[(Atom, Rep)], text: &[char], end: bool) -> bool {
    let Some(((atom, rep), rest)) = items.split_first() else {
        return !end || text.is_empty();
    };
    match rep {
        Rep::One => !text.is_empty() && atom.matches(text[0]) && match_here(rest, &text[1..], end),
        Rep::Opt => {
            (!text.is_empty() && atom.matches(text[0]) && match_here(rest, &text[1..], end))
                || match_here(rest, text, end)
        }
        Rep::Star | Rep::Plus => {
            let min = usize::from(*rep == Rep::Plus);
            let mut n = 0;
            while n < text.len() && atom.matches(text[n]) {
                n += 1;
            }
            (min..=n).rev().any(|k| match_here(rest, &text[k..], end))
        }
    }
}

impl Regex {
    /// Compiles an expression; `None` when it is malformed.
    pub fn new(src: &str) -> Option<Regex> {
        let mut branches = Vec::new();
        let mut cur = String::new();
        let mut depth = 0;
        let mut esc = false;
        for c in src.chars() {
            if esc {
                cur.push(c);
                esc = false;
                continue;
            }
            match c {
                '\\' => {
                    esc = true;
                    cur.push(c);
                }
                '[' => {
                    depth += 1;
                    cur.push(c);
                }
                ']' => {
                    depth = 0;
                    cur.push(c);
                }
                '|' if depth == 0 => branches.push(parse_branch(&std::mem::take(&mut cur))?),
                c => cur.push(c),
            }
        }
        branches.push(parse_branch(&cur)?);
        Some(Regex { branches })
    }

    pub fn is_match(&self, line: &str) -> bool {
        let text: Vec<char> = line.chars().collect();
        self.branches.iter().any(|b| {
            if b.start {
                match_here(&b.items, &text, b.end)
            } else {
                (0..=text.len()).any(|i| match_here(&b.items, &text[i..], b.end))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(re: &str, s: &str) -> bool {
        Regex::new(re).unwrap().is_match(s)
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
        assert!(Regex::new("*bad").is_none());
        assert!(Regex::new("[open").is_none());
        assert!(m("", "anything"));
    }
}
