#!/usr/bin/env python3
"""Cold-cache navigation -> console accepting input, on the release bundle.

    trunk build --release
    (cd dist && python3 -m http.server 8099 --bind 127.0.0.1) &
    python3 tests/bench/first_input.py http://127.0.0.1:8099/ [runs]

Drives headless Chromium through chromedriver's HTTP interface (no
packages needed). Every run is a new browser session with a new profile
(cold HTTP cache, no V8 code cache) and the cache disabled over CDP. A
probe injected before the page's own scripts (Page.addScriptToEvaluateOnNewDocument)
notes `performance.now()` — milliseconds since navigation start — at the
first moment the primary console's input exists, is enabled and is not
inside an `inert` element (the page shows a lab being opened as inert).
Prints the median and range without and with Chromium's 4x CPU
throttling (Emulation.setCPUThrottlingRate). Not a timed test: figures go
to docs/benchmarks.md.
"""
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

PROBE = r"""
(() => {
  const ready = () => {
    const i = document.querySelector('#primary-console input');
    if (!i || i.disabled || i.closest('[inert]')) return false;
    window.__consoleReady = performance.now();
    return true;
  };
  const mo = new MutationObserver(() => { if (ready()) mo.disconnect(); });
  mo.observe(document, { childList: true, subtree: true, attributes: true });
})();
"""

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1280,800"]


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)["value"]


def one_run(driver, url, throttle):
    caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"args": ARGS}}}}
    sid = call(driver, "POST", "/session", caps)["sessionId"]
    s = f"/session/{sid}"
    try:
        cdp = lambda cmd, params: call(driver, "POST", s + "/goog/cdp/execute",
                                       {"cmd": cmd, "params": params})
        cdp("Network.enable", {})
        cdp("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp("Network.clearBrowserCache", {})
        cdp("Emulation.setCPUThrottlingRate", {"rate": throttle})
        cdp("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
        call(driver, "POST", s + "/url", {"url": url})
        for _ in range(300):
            v = call(driver, "POST", s + "/execute/sync",
                     {"script": "return window.__consoleReady || null", "args": []})
            if v is not None:
                return v
            time.sleep(0.05)
        raise RuntimeError("the console never accepted input")
    finally:
        call(driver, "DELETE", s)


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8099/"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    drv = subprocess.Popen(["chromedriver", f"--port={port}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        driver = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(driver + "/status", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        one_run(driver, url, 1)  # warm the OS file cache and chromedriver, untimed
        for throttle in (1, 4):
            t = [one_run(driver, url, throttle) for _ in range(runs)]
            print(f"CPU x{throttle}: median {statistics.median(t):.0f} ms, "
                  f"min {min(t):.0f}, max {max(t):.0f} ({runs} cold runs: "
                  + ", ".join(f"{x:.0f}" for x in t) + ")")
    finally:
        drv.terminate()
        drv.wait()


if __name__ == "__main__":
    main()
