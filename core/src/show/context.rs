//! `show context [detail]`.

use crate::lab::Lab;
use crate::net::{Port, UnitId};

/// `show context [detail]`.
pub fn context(lab: &Lab, u: UnitId, detail: bool, session: &crate::unit::Session) -> Vec<String> {
    let cfg = &lab.unit(u).running;
    let only = session.context.as_deref();
    let admin = cfg.admin_context.as_deref();
    let mut out = Vec::new();
    let ports = |c: &crate::config::ContextDef| -> Vec<String> {
        c.allocated.iter().map(|p| p.to_string()).collect()
    };
    if detail {
        if only.is_none() {
            // Every port, the failover link's included.
            let all: Vec<String> = Port::all().map(|p| p.to_string()).collect();
            out.push("Context \"system\", is a system resource".into());
            out.push("  Config URL: startup-config".into());
            out.push("  Real Interfaces: ".into());
            out.extend(wrapped("  Mapped Interfaces: ", &all));
            out.push("  Class: default, Flags: 0x00000819, ID: 0".into());
            out.push(String::new());
        }
        for (i, (name, c)) in cfg.contexts.iter().enumerate() {
            if only.is_some_and(|o| o != name) {
                continue;
            }
            let list = ports(c).join(", ");
            out.push(format!("Context \"{name}\", has been created"));
            out.push(format!(
                "  Config URL: {}",
                c.config_url.clone().unwrap_or_default()
            ));
            out.push(format!("  Real Interfaces: {list}"));
            out.push(format!("  Mapped Interfaces: {list}"));
            let flags = if Some(name.as_str()) == admin {
                "0x00000813"
            } else {
                "0x00000811"
            };
            out.push(format!("  Class: default, Flags: {flags}, ID: {}", i + 1));
            if c.group == Some(2) {
                out.push("  Failover group: 2".into());
            }
            out.push(String::new());
        }
        if only.is_none() {
            out.push("Context \"null\", is a system resource".into());
            out.push("  Config URL: ... null ...".into());
            out.push("  Real Interfaces: ".into());
            out.push("  Mapped Interfaces: ".into());
            out.push("  Class: default, Flags: 0x00000809, ID: 507".into());
            out.push(String::new());
        }
        return out;
    }
    out.push(format!(
        "{:<18}{:<21}{:<21}{:<13}URL",
        "Context Name", "Class", "Interfaces", "Mode"
    ));
    let mut n = 0;
    for (name, c) in &cfg.contexts {
        if only.is_some_and(|o| o != name) {
            continue;
        }
        n += 1;
        let mark = if Some(name.as_str()) == admin {
            "*"
        } else {
            " "
        };
        let list = ports(c);
        let mut lines: Vec<String> = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let sep = if i + 1 < list.len() { "," } else { "" };
            lines.push(format!("{p}{sep}"));
        }
        let first = lines.first().cloned().unwrap_or_default();
        out.push(
            format!(
                "{mark}{:<17}{:<21}{:<21}{:<13}{}",
                name,
                "default",
                first,
                "Routed",
                c.config_url.clone().unwrap_or_default()
            )
            .trim_end()
            .to_string(),
        );
        for l in lines.iter().skip(1) {
            out.push(format!("{:39}{l}", ""));
        }
    }
    out.push(format!("Total active Security Contexts: {n}"));
    out
}

/// A list of interfaces after a label, wrapped as the ASA wraps it: items
/// end in ", " and a line that would pass 72 columns goes on after five
/// spaces.
fn wrapped(label: &str, items: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = label.to_string();
    for (i, it) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        let piece = if last { it.clone() } else { format!("{it}, ") };
        if line.len() + piece.len() > 72 && line.len() > 5 && line != label {
            out.push(std::mem::replace(&mut line, "     ".to_string()));
        }
        line.push_str(&piece);
    }
    out.push(line);
    out
}
