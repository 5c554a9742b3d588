//! Helpers for the end-to-end tests: a static file server for `dist/` and a
//! chromedriver process, both on 127.0.0.1 with ephemeral ports.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_path_buf()
}

/// Makes sure the release bundle exists in `dist/`, building it with trunk
/// when it does not.
/// Tests running in parallel build it once: the others wait for that build
/// instead of serving a half-written bundle.
pub fn ensure_dist() -> PathBuf {
    static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _once = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let dist = root().join("dist");
    if !dist.join("index.html").exists() {
        let path = format!(
            "{}:{}",
            root().join(".tools/node_modules/.bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let ok = Command::new("trunk")
            .args(["build", "--release"])
            .current_dir(root())
            .env("PATH", path)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            ok,
            "dist/ is missing and `trunk build --release` failed; run `cargo xtask test`"
        );
    }
    dist
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "application/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut stream: TcpStream, dir: &Path) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let target = target
        .split('?')
        .next()
        .unwrap_or("/")
        .trim_start_matches('/');
    let rel = if target.is_empty() {
        "index.html"
    } else {
        target
    };
    let path = dir.join(rel);
    let inside = path
        .canonicalize()
        .ok()
        .filter(|p| p.starts_with(dir.canonicalize().unwrap_or_default()));
    let (status, body, ctype) = match inside.and_then(|p| std::fs::read(&p).ok().map(|b| (b, p))) {
        Some((body, p)) => ("200 OK", body, content_type(&p)),
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// Serves `dir` on 127.0.0.1 (ephemeral port) from a background thread.
/// Returns the base URL.
pub fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || serve_one(stream, &dir));
        }
    });
    format!("http://127.0.0.1:{port}/")
}

/// A chromedriver process, killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    /// Kills chromedriver and every browser it started (its process group),
    /// also when a test failed before closing its session.
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver on a free local port and waits until it listens.
pub fn chromedriver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver on PATH (cargo xtask test installs it)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

/// The Chromium flags for headless runs (also as root).
pub const CHROME_ARGS: [&str; 9] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
];

/// Where screenshots of the end-to-end tests are saved.
pub fn screenshot_dir() -> PathBuf {
    let d = root().join("target/e2e-screenshots");
    let _ = std::fs::create_dir_all(&d);
    d
}

/// Serves the release bundle, starts chromedriver and opens the lab in
/// headless Chromium; waits until the app has rendered. Keep the driver
/// alive as long as the client.
pub async fn open_lab() -> (fantoccini::Client, Driver) {
    let base = serve(ensure_dist());
    open_page(&base, "#primary-console").await
}

/// Sets a form field (found by its accessible name) as if typed.
pub async fn set_field(c: &fantoccini::Client, label: &str, value: &str) {
    let js = format!(
        "const e = document.querySelector(\"[aria-label='{label}']\"); \
         e.value = '{value}'; e.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    );
    c.execute(&js, vec![]).await.expect("set a form field");
}

/// The engine package's example page (`examples/embed/`) with the package
/// built for the web (`bindings/pkg`, by wasm-pack when it is missing),
/// assembled in `target/embed-site/`.
pub fn ensure_embed_site() -> PathBuf {
    static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _once = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let pkg = root().join("bindings/pkg");
    if !pkg.join("failover_lab_engine.js").exists() {
        let ok = Command::new("wasm-pack")
            .args([
                "build",
                "bindings",
                "--target",
                "web",
                "--mode",
                "no-install",
            ])
            .current_dir(root())
            .env("PATH", tools_path())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(
            ok,
            "bindings/pkg is missing and `wasm-pack build bindings --target web` failed; run `cargo xtask test`"
        );
    }
    let site = root().join("target/embed-site");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("pkg")).expect("target/embed-site");
    for dir in [root().join("examples/embed"), pkg] {
        let to = if dir.ends_with("pkg") {
            site.join("pkg")
        } else {
            site.clone()
        };
        for e in std::fs::read_dir(&dir).expect("read dir").flatten() {
            if e.path().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
            }
        }
    }
    site
}

/// PATH with the project's tools (`.tools/`, cargo's bin) first.
fn tools_path() -> String {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    format!(
        "{}:{home}/.cargo/bin:{}",
        root().join(".tools/node_modules/.bin").display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Opens `url` in headless Chromium and waits for `ready` (a CSS selector).
pub async fn open_page(url: &str, ready: &str) -> (fantoccini::Client, Driver) {
    let driver = chromedriver();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "args": CHROME_ARGS }),
    );
    let c = fantoccini::ClientBuilder::rustls()
        .expect("rustls")
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("connect to chromedriver");
    c.goto(url).await.expect("open the page");
    c.wait()
        .for_element(fantoccini::Locator::Css(ready))
        .await
        .expect("page ready");
    (c, driver)
}

/// The element's text content (also when it is scrolled out of view).
pub async fn text_of(c: &fantoccini::Client, css: &str) -> String {
    let js = format!("const e = document.querySelector({css:?}); return e ? e.textContent : '';");
    c.execute(&js, vec![])
        .await
        .expect("script")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Polls until the element's text contains `needle` (virtual time runs in
/// real time, so failover takes real seconds).
pub async fn wait_text(c: &fantoccini::Client, css: &str, needle: &str, secs: u64) -> String {
    let mut last = String::new();
    for _ in 0..secs * 10 {
        last = text_of(c, css).await;
        if last.contains(needle) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("'{needle}' did not appear in {css}; last text:\n{last}");
}

/// Clicks the element `css` finds.
pub async fn click(c: &fantoccini::Client, css: &str) {
    c.find(fantoccini::Locator::Css(css))
        .await
        .expect(css)
        .click()
        .await
        .expect("click");
}

/// Types a line into a unit's console and presses Enter.
pub async fn type_at(c: &fantoccini::Client, unit: &str, line: &str) {
    let input = c
        .find(fantoccini::Locator::Css(&format!("#{unit}-console input")))
        .await
        .expect("console input");
    input.send_keys(line).await.expect("type");
    input
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .expect("enter");
}
