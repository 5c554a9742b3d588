//! The engine's layout rules, checked on the source tree: the modules of
//! `core/src` import each other without a cycle, the `Lab` is implemented
//! only under `core/src/lab/` and has no public fields, command errors are
//! typed (nothing decides by matching "ERROR" text), and the pager's
//! `More` prompt is the engine's alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A file's code: without its `#[cfg(test)]` module (tests may reach
/// anywhere) and without comment lines (doc links are not imports).
fn code_of(p: &Path) -> String {
    let text = std::fs::read_to_string(p).expect("read");
    let code = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => &text,
    };
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn core_src() -> PathBuf {
    e2e::root().join("core/src")
}

/// The top-level module a file of core/src belongs to (`None`: lib.rs, bins).
fn module_of(p: &Path) -> Option<String> {
    let rel = p.strip_prefix(core_src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "bin").then_some(name)
}

#[test]
fn core_modules_import_each_other_without_a_cycle() {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in rust_files(&core_src()) {
        let Some(m) = module_of(&p) else { continue };
        if p.file_name().is_some_and(|f| f == "tests.rs") {
            continue;
        }
        let code = code_of(&p);
        let entry = deps.entry(m.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != m {
                entry.insert(name);
            }
        }
    }
    let modules: BTreeSet<String> = deps.keys().cloned().collect();
    assert!(modules.contains("lab") && modules.contains("commands"));
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(m) {
            Some(2) => return None,
            Some(1) => {
                let at = path.iter().position(|x| x == m).unwrap_or(0);
                let mut cycle = path[at..].to_vec();
                cycle.push(m.to_string());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for d in deps.get(m).into_iter().flatten() {
            if deps.contains_key(d) {
                if let Some(c) = visit(d, deps, state, path) {
                    return Some(c);
                }
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in &modules {
        let cycle = visit(m, &deps, &mut state, &mut Vec::new());
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap().join(" -> ")
        );
    }
}

#[test]
fn the_lab_is_implemented_only_under_lab_and_keeps_its_fields_private() {
    let lab_dir = core_src().join("lab");
    for p in rust_files(&core_src()) {
        let code = code_of(&p);
        if !p.starts_with(&lab_dir) {
            assert!(
                !code.contains("impl Lab {"),
                "{} implements Lab outside core/src/lab/",
                p.display()
            );
        }
    }
    let lab = std::fs::read_to_string(lab_dir.join("mod.rs")).expect("lab/mod.rs");
    let start = lab.find("pub struct Lab {").expect("the Lab struct");
    let body = &lab[start..start + lab[start..].find("\n}").expect("end of struct")];
    for line in body.lines().skip(1) {
        assert!(
            !line.trim_start().starts_with("pub"),
            "Lab has a public field: {line}"
        );
    }
}

#[test]
fn errors_are_typed_and_the_pager_prompt_is_the_engines() {
    for p in rust_files(&core_src()) {
        let code = code_of(&p);
        assert!(
            !code.contains("starts_with(\"ERROR"),
            "{} decides by matching ERROR text",
            p.display()
        );
    }
    let more = ["More", " --->"].concat();
    for dir in ["web/src", "web/tests", "tests/tests", "tests/src"] {
        for p in rust_files(&e2e::root().join(dir)) {
            let text = std::fs::read_to_string(&p).expect("read");
            assert!(
                !text.contains(&more),
                "{} spells the pager prompt itself; use asa_core::pager::MORE",
                p.display()
            );
        }
    }
}
