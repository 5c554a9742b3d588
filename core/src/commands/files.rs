//! The flash file system: `dir`, `mkdir`, `rmdir`, `delete`, `rename`.
//! The four that change it ask their questions as the ASA does and are
//! replicated to the standby unit (Table 34-1).

use super::tree::{kw, p, N};
use super::{CliError, Cmd, Ctx, Output};
use crate::cli::{Args, Param};
use crate::lab::Lab;
use crate::net::UnitId;
use crate::time::Instant;
use crate::unit::{DiskEntry, FileAsk, Mode, Pending, Session, Unit};

type Done = Result<Output, CliError>;

/// The flash's size and what the system itself takes of it (ASAv).
const DISK_BYTES: u64 = 8_571_076_608;
const SYSTEM_BYTES: u64 = 21_712_896;

/// `dir`, `mkdir`, `rmdir`, `delete`, `rename` (single mode and the system
/// execution space: contexts have no file system of their own).
pub(super) fn nodes() -> Vec<N> {
    let path = |cmd: Cmd| p(Param::Word("WORD"), "path", "Path, e.g. disk0:/name").run(cmd);
    let noconfirm =
        |cmd: Cmd| kw("/noconfirm", "Do not prompt for confirmation").then(vec![path(cmd)]);
    let dir = Cmd::exec(dir);
    let mkdir = Cmd::exec(mkdir);
    let rmdir = Cmd::exec(rmdir);
    let delete = Cmd::exec(delete);
    let rename = Cmd::exec(rename);
    let rename_args = || {
        vec![p(Param::Word("WORD"), "path", "Source path").then(vec![p(
            Param::Word("WORD"),
            "dest",
            "Destination path",
        )
        .run(rename)])]
    };
    vec![
        kw("delete", "Delete a file").then(vec![noconfirm(delete), path(delete)]),
        kw("dir", "List files on a filesystem")
            .run(dir)
            .then(vec![path(dir)]),
        kw("mkdir", "Create a new directory").then(vec![noconfirm(mkdir), path(mkdir)]),
        kw("rename", "Rename a file").then({
            let mut v =
                vec![kw("/noconfirm", "Do not prompt for confirmation").then(rename_args())];
            v.extend(rename_args());
            v
        }),
        kw("rmdir", "Remove an existing directory").then(vec![noconfirm(rmdir), path(rmdir)]),
    ]
}

/// A path as typed (`disk0:/x`, `flash:/x`, `disk0:x`, `/x`, `x`), below
/// the root of `disk0:`; `None` for another file system.
fn norm(typed: &str) -> Option<String> {
    let lower = typed.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("disk0:") {
        &typed[typed.len() - r.len()..]
    } else if let Some(r) = lower.strip_prefix("flash:") {
        &typed[typed.len() - r.len()..]
    } else if lower.contains(':') {
        return None;
    } else {
        typed
    };
    Some(rest.trim_matches('/').to_string())
}

fn shown(path: &str) -> String {
    format!("disk0:/{path}")
}

/// The last part of a path (what the questions offer).
fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The flash as the unit starts with it: the ASAv's directories, and the
/// contexts' configuration files in multiple context mode.
fn ensure_disk(unit: &mut Unit) {
    if !unit.disk.is_empty() {
        return;
    }
    let entry = |pos, inode, dir, size| DiskEntry {
        pos,
        inode,
        dir,
        size,
        at: Instant::ZERO,
    };
    unit.disk
        .insert("smart-log".into(), entry(0, 11, true, 4096));
    unit.disk.insert("use_ttyS0".into(), entry(1, 7, false, 0));
    unit.disk.insert("log".into(), entry(2, 8, true, 4096));
    unit.disk
        .insert("coredumpinfo".into(), entry(3, 13, true, 4096));
    let files: Vec<(String, u64)> = unit
        .running
        .contexts
        .values()
        .filter_map(|c| {
            let name = norm(c.config_url.as_deref()?)?;
            let size = c.cfg.render().iter().map(|l| l.len() as u64 + 1).sum();
            Some((name, size))
        })
        .collect();
    for (i, (name, size)) in files.into_iter().enumerate() {
        let n = 4 + i as u32;
        unit.disk.insert(name, entry(n, 100 + n, false, size));
    }
}

/// A change to the flash.
#[derive(Clone, Debug)]
enum Op {
    Mkdir(String),
    Rmdir(String),
    Delete(String),
    Rename(String, String),
}

impl Op {
    /// The command that makes the same change without asking (what the
    /// standby unit is sent).
    fn line(&self) -> String {
        match self {
            Op::Mkdir(p) => format!("mkdir /noconfirm {}", shown(p)),
            Op::Rmdir(p) => format!("rmdir /noconfirm {}", shown(p)),
            Op::Delete(p) => format!("delete /noconfirm {}", shown(p)),
            Op::Rename(a, b) => format!("rename /noconfirm {} {}", shown(a), shown(b)),
        }
    }
    fn cmd(&self) -> Cmd {
        Cmd::exec(match self {
            Op::Mkdir(_) => mkdir,
            Op::Rmdir(_) => rmdir,
            Op::Delete(_) => delete,
            Op::Rename(..) => rename,
        })
    }
}

/// Applies a change; the lines the ASA prints, or its `%Error` line.
fn apply(lab: &mut Lab, u: UnitId, op: &Op) -> Result<Output, String> {
    let now = lab.now();
    let unit = lab.unit_mut(u);
    ensure_disk(unit);
    let parent_ok =
        |disk: &crate::small::VecMap<String, DiskEntry>, p: &str| match p.rsplit_once('/') {
            Some((dir, _)) => disk.get(dir).is_some_and(|e| e.dir),
            None => true,
        };
    let next = |disk: &crate::small::VecMap<String, DiskEntry>| {
        let pos = disk.values().map(|e| e.pos).max().unwrap_or(0) + 1;
        let inode = disk.values().map(|e| e.inode).max().unwrap_or(0) + 1;
        (pos, inode)
    };
    match op {
        Op::Mkdir(p) => {
            if p.is_empty() || unit.disk.contains_key(p) || !parent_ok(&unit.disk, p) {
                return Err(format!("%Error Creating dir {} (File exists)", shown(p)));
            }
            let (pos, inode) = next(&unit.disk);
            unit.disk.insert(
                p.clone(),
                DiskEntry {
                    pos,
                    inode,
                    dir: true,
                    size: 4096,
                    at: now,
                },
            );
            Ok(vec![format!("Created dir {}", shown(p))])
        }
        Op::Rmdir(p) => match unit.disk.get(p) {
            Some(e) if e.dir => {
                let prefix = format!("{p}/");
                if unit.disk.keys().any(|k| k.starts_with(&prefix)) {
                    return Err(format!(
                        "%Error removing dir {} (Directory not empty)",
                        shown(p)
                    ));
                }
                unit.disk.remove(p);
                Ok(vec![format!("Removed dir {}", shown(p))])
            }
            Some(_) => Err(format!(
                "%Error removing dir {} (Not a directory)",
                shown(p)
            )),
            None => Err(format!(
                "%Error removing dir {} (No such file or directory)",
                shown(p)
            )),
        },
        Op::Delete(p) => match unit.disk.get(p) {
            Some(e) if !e.dir => {
                unit.disk.remove(p);
                Ok(vec![])
            }
            Some(_) => Err(format!("%Error deleting {} (Is a directory)", shown(p))),
            None => Err(format!(
                "%Error deleting {} (No such file or directory)",
                shown(p)
            )),
        },
        Op::Rename(a, b) => {
            if !unit.disk.contains_key(a) {
                return Err(format!(
                    "%Error renaming {} (No such file or directory)",
                    shown(a)
                ));
            }
            if b.is_empty() || unit.disk.contains_key(b) || !parent_ok(&unit.disk, b) {
                return Err(format!("%Error renaming {} (File exists)", shown(a)));
            }
            let prefix = format!("{a}/");
            let moved: Vec<String> = unit
                .disk
                .keys()
                .filter(|k| *k == a || k.starts_with(&prefix))
                .cloned()
                .collect();
            for k in moved {
                if let Some(e) = unit.disk.remove(&k) {
                    unit.disk.insert(format!("{b}{}", &k[a.len()..]), e);
                }
            }
            Ok(vec![])
        }
    }
}

/// Applies a change typed on this unit and sends it to the standby.
fn apply_and_replicate(lab: &mut Lab, u: UnitId, session: &Session, op: Op, human: bool) -> Output {
    match apply(lab, u, &op) {
        Ok(out) => {
            if human {
                super::replicate(
                    lab,
                    u,
                    session.context.clone(),
                    &Mode::Exec,
                    &op.line(),
                    op.cmd(),
                );
            }
            out
        }
        Err(e) => vec![e],
    }
}

/// A path argument below `disk0:`; another file system is an error line.
fn path_arg(a: &Args, name: &'static str) -> Result<Result<String, String>, CliError> {
    let typed = a.word(name)?;
    Ok(norm(typed).ok_or_else(|| format!("%Error opening {typed} (No such device)")))
}

/// The path arguments, or the command's output when one is refused.
macro_rules! path_or_out {
    ($a:expr, $name:expr) => {
        match path_arg($a, $name)? {
            Ok(p) => p,
            Err(line) => return Ok(vec![line]),
        }
    };
}

/// Runs now (`/noconfirm`, or a replicated line), or asks first.
fn start(c: &mut Ctx<'_>, a: &Args, op: Op, ask: FileAsk, question: String) -> Done {
    if a.has("/noconfirm") || !c.human() {
        let human = c.human();
        let session = c.session.clone();
        return Ok(apply_and_replicate(c.lab, c.u, &session, op, human));
    }
    c.session.pending = Some(Pending::File(ask));
    Ok(vec![question])
}

fn mkdir(c: &mut Ctx<'_>, a: &Args) -> Done {
    let p = path_or_out!(a, "path");
    let q = format!("Create directory filename [{}]? ", base(&p));
    start(c, a, Op::Mkdir(p.clone()), FileAsk::Mkdir(p), q)
}

fn rmdir(c: &mut Ctx<'_>, a: &Args) -> Done {
    let p = path_or_out!(a, "path");
    let q = format!("Remove directory filename [{}]? ", base(&p));
    start(c, a, Op::Rmdir(p.clone()), FileAsk::Rmdir(p), q)
}

fn delete(c: &mut Ctx<'_>, a: &Args) -> Done {
    let p = path_or_out!(a, "path");
    let q = format!("Delete filename [{}]? ", base(&p));
    start(c, a, Op::Delete(p.clone()), FileAsk::DeleteName(p), q)
}

fn rename(c: &mut Ctx<'_>, a: &Args) -> Done {
    let src = path_or_out!(a, "path");
    let dst = path_or_out!(a, "dest");
    let q = format!("Source filename [{}]? ", base(&src));
    start(
        c,
        a,
        Op::Rename(src.clone(), dst.clone()),
        FileAsk::RenameSource(src, dst),
        q,
    )
}

/// The answer to a file command's question (Enter takes the name offered).
pub(super) fn answer(
    lab: &mut Lab,
    u: UnitId,
    session: &mut Session,
    ask: FileAsk,
    answer: &str,
) -> Output {
    let typed = answer.trim();
    let or = |p: &String| {
        if typed.is_empty() {
            p.clone()
        } else {
            match p.rsplit_once('/') {
                Some((dir, _)) if !typed.contains('/') => format!("{dir}/{typed}"),
                _ => norm(typed).unwrap_or_else(|| p.clone()),
            }
        }
    };
    match ask {
        FileAsk::Mkdir(p) => apply_and_replicate(lab, u, session, Op::Mkdir(or(&p)), true),
        FileAsk::Rmdir(p) => apply_and_replicate(lab, u, session, Op::Rmdir(or(&p)), true),
        FileAsk::DeleteName(p) => {
            let p = or(&p);
            session.pending = Some(Pending::File(FileAsk::DeleteConfirm(p.clone())));
            vec![format!("Delete {}? [confirm]", shown(&p))]
        }
        FileAsk::DeleteConfirm(p) => {
            let a = typed.to_ascii_lowercase();
            if a.is_empty() || a.starts_with('y') {
                apply_and_replicate(lab, u, session, Op::Delete(p), true)
            } else {
                vec![]
            }
        }
        FileAsk::RenameSource(src, dst) => {
            let src = or(&src);
            session.pending = Some(Pending::File(FileAsk::RenameDest(src, dst.clone())));
            vec![format!("Destination filename [{}]? ", base(&dst))]
        }
        FileAsk::RenameDest(src, dst) => {
            let dst = or(&dst);
            apply_and_replicate(lab, u, session, Op::Rename(src, dst), true)
        }
    }
}

/// `dir [PATH]`.
fn dir(c: &mut Ctx<'_>, a: &Args) -> Done {
    let p = match a.word("path") {
        Ok(_) => path_or_out!(a, "path"),
        Err(_) => String::new(),
    };
    let unit = c.lab.unit_mut(c.u);
    ensure_disk(unit);
    let disk = &unit.disk;
    if !p.is_empty() && !disk.get(&p).is_some_and(|e| e.dir) {
        return Ok(vec![format!(
            "%Error opening {} (No such file or directory)",
            shown(&p)
        )]);
    }
    let prefix = if p.is_empty() {
        String::new()
    } else {
        format!("{p}/")
    };
    let mut here: Vec<(&String, &DiskEntry)> = disk
        .iter()
        .filter(|(k, _)| {
            k.strip_prefix(&prefix)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
        })
        .collect();
    crate::small::sort_small_by_key(&mut here, |(_, e)| e.pos);
    let title = if p.is_empty() {
        "disk0:/".to_string()
    } else {
        format!("disk0:/{p}/")
    };
    let mut out = vec![
        String::new(),
        format!("Directory of {title}"),
        String::new(),
    ];
    for (k, e) in &here {
        out.push(format!(
            "{:<7}{:<6}{:<13}{}  {}",
            e.inode,
            if e.dir { "drwx" } else { "-rwx" },
            e.size,
            e.at.dir_stamp(),
            &k[prefix.len()..]
        ));
    }
    let files: Vec<&&DiskEntry> = here.iter().map(|(_, e)| e).filter(|e| !e.dir).collect();
    let total: u64 = files.iter().map(|e| e.size).sum();
    let used: u64 = SYSTEM_BYTES + disk.values().map(|e| e.size).sum::<u64>();
    let free = DISK_BYTES.saturating_sub(used);
    out.push(String::new());
    out.push(format!("{} file(s) total size: {total} bytes", files.len()));
    out.push(format!(
        "{DISK_BYTES} bytes total ({free} bytes free/{}% free)",
        free * 100 / DISK_BYTES
    ));
    Ok(out)
}
