//! Project automation.
//!
//! - `cargo xtask run`: installs the build tools that are missing, builds the
//!   release bundle and serves the lab at http://127.0.0.1:8080.
//! - `cargo xtask test`: installs what the tests need and runs every test:
//!   formatting, clippy, native unit/integration tests and doctests, the
//!   wasm tests in headless Chromium and the end-to-end browser test.
//!
//! - `cargo xtask fuzz [TARGET] [SECONDS]`: a cargo-fuzz campaign (long
//!   runs, not CI): installs cargo-fuzz, uses a nightly toolchain with
//!   AddressSanitizer when one is installed or can be, and otherwise the
//!   stable toolchain (`RUSTC_BOOTSTRAP=1`, no sanitizer). Targets:
//!   `console_line`, `lab_script`, `import` (default: each in turn).
//!
//! Every install is skipped when the right version is already there.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132.0.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CARGO_FUZZ_VERSION: &str = "0.13.1";
const WASM_PACK_VERSION: &str = "0.13.1";
const FUZZ_TARGETS: [&str; 3] = ["console_line", "lab_script", "import"];

type Result<T = ()> = std::result::Result<T, String>;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn tools_bin() -> PathBuf {
    root().join(".tools/node_modules/.bin")
}

/// PATH with the project's own tools first.
fn path_env() -> String {
    let cargo_bin = env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env::var("HOME").unwrap_or_else(|_| "/root".into())).join(".cargo")
        });
    format!(
        "{}:{}:{}",
        tools_bin().display(),
        cargo_bin.join("bin").display(),
        env::var("PATH").unwrap_or_default()
    )
}

fn step(msg: &str) {
    eprintln!("\n==> {msg}");
}

/// The private temporary folder of a test run (`target/test-tmp`): every
/// tool the run starts gets it as TMPDIR, so what they leave behind
/// (Chromium's `org.chromium.Chromium.scoped_dir.*` profiles of about 60 MB
/// each, wasm-bindgen's work files) is removed with it when the run ends
/// instead of filling the machine's /tmp run after run.
static SCRATCH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

fn run(cmd: &mut Command) -> Result {
    cmd.current_dir(root()).env("PATH", path_env());
    if let Some(tmp) = SCRATCH.get() {
        cmd.env("TMPDIR", tmp);
    }
    let shown = format!("{cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("failed ({status}): {shown}"))
    }
}

/// The first line a tool prints for `--version`, if it runs at all.
fn version_of(tool: &str, arg: &str) -> Option<String> {
    let out = Command::new(tool)
        .arg(arg)
        .env("PATH", path_env())
        .output()
        .ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    out.status
        .success()
        .then(|| text.lines().next().unwrap_or("").trim().to_string())
}

/// The wasm-bindgen version the lockfile resolved (the CLI must match it).
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

fn setup_build_tools() -> Result {
    step("checking build tools");
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let has_target = installed
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(WASM_TARGET))
        .unwrap_or(false);
    if has_target {
        eprintln!("    {WASM_TARGET}: present");
    } else {
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }

    if version_of("trunk", "--version").is_some_and(|v| v.ends_with(TRUNK_VERSION)) {
        eprintln!("    trunk {TRUNK_VERSION}: present");
    } else {
        run(Command::new("cargo").args([
            "install",
            "--locked",
            "trunk",
            "--version",
            TRUNK_VERSION,
        ]))?;
    }

    if !root().join("Cargo.lock").exists() {
        run(Command::new("cargo").args(["generate-lockfile"]))?;
    }
    let wb = locked_wasm_bindgen()?;
    let have_cli = version_of("wasm-bindgen", "--version").is_some_and(|v| v.ends_with(&wb));
    let have_runner =
        version_of("wasm-bindgen-test-runner", "--version").is_some_and(|v| v.ends_with(&wb));
    if have_cli && have_runner {
        eprintln!("    wasm-bindgen-cli {wb}: present");
    } else {
        // Not --locked: the CLI's own lockfile may not build with this toolchain.
        run(Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &wb,
            "--force",
        ]))?;
    }

    let wasm_opt = tools_bin().join("wasm-opt");
    let have_opt = version_of(wasm_opt.to_str().unwrap_or("wasm-opt"), "--version")
        .is_some_and(|v| v.contains(BINARYEN_VERSION.split('.').next().unwrap_or("132")));
    if have_opt {
        eprintln!("    wasm-opt (binaryen {BINARYEN_VERSION}): present");
    } else {
        run(Command::new("npm").args([
            "install",
            "--prefix",
            ".tools",
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{BINARYEN_VERSION}"),
        ]))?;
    }
    Ok(())
}

fn setup_browser() -> Result {
    step("checking the browser");
    let have = version_of("chromium", "--version").is_some()
        && version_of("chromedriver", "--version").is_some();
    if have {
        eprintln!("    chromium and chromedriver: present");
        return Ok(());
    }
    let sudo = |args: &[&str]| {
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout.starts_with(b"0"))
            .unwrap_or(false);
        let mut c = if is_root {
            Command::new(args[0])
        } else {
            Command::new("sudo")
        };
        if is_root {
            c.args(&args[1..]);
        } else {
            c.args(args);
        }
        c.env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut sudo(&["apt-get", "update"]))?;
    run(&mut sudo(&[
        "apt-get",
        "install",
        "-y",
        "chromium",
        "chromium-driver",
    ]))
}

/// wasm-pack, at a pinned version, for the engine package and its
/// conventional test command. It runs with `--mode no-install` (the
/// wasm-bindgen CLI, wasm-opt and chromedriver already on PATH), so it
/// never downloads anything.
fn setup_wasm_pack() -> Result {
    if version_of("wasm-pack", "--version").is_some_and(|v| v.ends_with(WASM_PACK_VERSION)) {
        eprintln!("    wasm-pack {WASM_PACK_VERSION}: present");
        Ok(())
    } else {
        run(Command::new("cargo").args(["install", "wasm-pack", "--version", WASM_PACK_VERSION]))
    }
}

/// The engine package: built for Node and driven by Node's test runner,
/// and built for the web (its example page is tested by the end-to-end
/// suite).
fn test_package() -> Result {
    step("engine package: wasm-pack build (nodejs) and node --test");
    run(Command::new("wasm-pack").args([
        "build",
        "bindings",
        "--target",
        "nodejs",
        "--out-dir",
        "pkg-node",
        "--mode",
        "no-install",
    ]))?;
    run(Command::new("node").args(["--test", "bindings/tests/"]))?;
    step("engine package: wasm-pack build (web) for the example page");
    run(Command::new("wasm-pack").args([
        "build",
        "bindings",
        "--target",
        "web",
        "--mode",
        "no-install",
    ]))
}

/// wasm-pack's own test convention, against the installed Chromium.
fn wasm_pack_test(krate: &str) -> Result {
    step(&format!("wasm-pack test --headless --chrome {krate}"));
    let chromedriver = which("chromedriver").unwrap_or_else(|| "/usr/bin/chromedriver".into());
    run(Command::new("wasm-pack").args([
        "test",
        "--headless",
        "--chrome",
        "--chromedriver",
        &chromedriver,
        "--mode",
        "no-install",
        krate,
    ]))
}

/// The full path of a program on PATH.
fn which(tool: &str) -> Option<String> {
    env::split_paths(&path_env())
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
}

fn build_release() -> Result {
    // Trunk runs cargo offline (Trunk.toml): fetch the dependencies first.
    step("fetching dependencies");
    run(Command::new("cargo").args(["fetch"]))?;
    step("building the release bundle (dist/)");
    run(Command::new("trunk").args(["build", "--release"]))
}

fn cmd_run() -> Result {
    setup_build_tools()?;
    step("fetching dependencies");
    run(Command::new("cargo").args(["fetch"]))?;
    step("building and serving Failover Lab (release bundle)");
    eprintln!("\n    Failover Lab: http://127.0.0.1:8080\n");
    run(Command::new("trunk").args([
        "serve",
        "--release",
        "--address",
        "127.0.0.1",
        "--port",
        "8080",
    ]))
}

fn cmd_test() -> Result {
    let tmp = root().join("target/test-tmp");
    // Left over by an interrupted run: start clean.
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
    let _ = SCRATCH.set(tmp.clone());
    let result = test_steps();
    if let Err(e) = std::fs::remove_dir_all(&tmp) {
        eprintln!("warning: cannot remove {}: {e}", tmp.display());
    }
    result
}

fn test_steps() -> Result {
    setup_build_tools()?;
    setup_browser()?;
    step("cargo fmt --check");
    run(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))?;
    step("cargo clippy (native)");
    run(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--exclude",
        "asa-web",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("cargo clippy (wasm32, web and the chart module)");
    run(Command::new("cargo").args([
        "clippy",
        "-p",
        "asa-web",
        "-p",
        "asa-charts",
        "--target",
        WASM_TARGET,
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    setup_wasm_pack()?;
    build_release()?;
    test_package()?;
    step("native tests: unit, integration, lab-script corpus, doctests, end-to-end browser test");
    run(Command::new("cargo").args(["test", "--workspace", "--exclude", "asa-web"]))?;
    // The wasm tests of the web app and of the engine package, in headless
    // Chromium, by wasm-pack's own convention (the same tests `cargo test
    // -p asa-web --target wasm32-unknown-unknown` runs).
    wasm_pack_test("web")?;
    wasm_pack_test("bindings")?;
    step("all tests passed");
    Ok(())
}

/// `cargo xtask fuzz [TARGET] [SECONDS]`.
fn cmd_fuzz(target: Option<String>, seconds: Option<String>) -> Result {
    let seconds: u64 = match seconds {
        Some(s) => s
            .parse()
            .map_err(|_| format!("SECONDS must be a number, not '{s}'"))?,
        None => 600,
    };
    let targets: Vec<String> = match target {
        Some(t) if FUZZ_TARGETS.contains(&t.as_str()) => vec![t],
        Some(t) => {
            return Err(format!(
                "unknown fuzz target '{t}' (targets: {})",
                FUZZ_TARGETS.join(", ")
            ))
        }
        None => FUZZ_TARGETS.iter().map(|t| t.to_string()).collect(),
    };
    step("checking cargo-fuzz");
    if version_of("cargo-fuzz", "--version").is_some_and(|v| v.ends_with(CARGO_FUZZ_VERSION)) {
        eprintln!("    cargo-fuzz {CARGO_FUZZ_VERSION}: present");
    } else {
        run(Command::new("cargo").args([
            "install",
            "--locked",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
        ]))?;
    }
    step("choosing a toolchain");
    let has_nightly = |out: std::io::Result<std::process::Output>| {
        out.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("nightly"))
    };
    let mut nightly = has_nightly(Command::new("rustup").args(["toolchain", "list"]).output());
    if !nightly {
        nightly = Command::new("rustup")
            .args(["toolchain", "install", "nightly", "--profile", "minimal"])
            .status()
            .is_ok_and(|s| s.success());
    }
    eprintln!(
        "    {}",
        if nightly {
            "nightly: AddressSanitizer on"
        } else {
            "no nightly toolchain here: stable with RUSTC_BOOTSTRAP=1, no sanitizer"
        }
    );
    for t in targets {
        step(&format!("fuzzing {t} for {seconds} s"));
        let mut cmd = Command::new("cargo");
        if nightly {
            cmd.arg("+nightly");
        }
        cmd.args(["fuzz", "run", &t]);
        if !nightly {
            cmd.env("RUSTC_BOOTSTRAP", "1")
                .args(["--sanitizer", "none"]);
        }
        cmd.args(["--", &format!("-max_total_time={seconds}")]);
        cmd.current_dir(root().join("fuzz")).env("PATH", path_env());
        let status = cmd
            .status()
            .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
        if !status.success() {
            return Err(format!(
                "{t}: the fuzzer found a failing input (see fuzz/artifacts/{t}/)"
            ));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => cmd_run(),
        Some("test") => cmd_test(),
        Some("setup") => setup_build_tools().and_then(|_| setup_browser()),
        Some("fuzz") => cmd_fuzz(args.get(1).cloned(), args.get(2).cloned()),
        _ => Err("usage: cargo xtask run | test | setup | fuzz [TARGET] [SECONDS]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
