// Drives the engine package headless in Node (node's own test runner):
// `wasm-pack build bindings --target nodejs --out-dir pkg-node`, then
// `node --test bindings/tests/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Lab } = require("../pkg-node/failover_lab_engine.js");

const stateOf = (lab, unit) => lab.snapshot().units.find((u) => u.unit === unit).state;

test("a pair comes up: primary Active, secondary Standby Ready", () => {
  const lab = new Lab("active-standby");
  lab.advance(60_000);
  assert.equal(stateOf(lab, "primary"), "Active");
  assert.equal(stateOf(lab, "secondary"), "Standby Ready");
  lab.console();
  lab.type("secondary", "show failover | include host");
  const text = lab.console().map((l) => l.text).join("\n");
  assert.match(text, /This host: Secondary - Standby Ready/);
  assert.match(text, /Other host: Primary - Active/);
});

test("replicated sessions survive a pulled cable; HTTP does not", () => {
  const lab = new Lab("active-standby", 7);
  lab.advance(60_000);
  lab.traffic("tcp", 50, "inside-host", "outside-server");
  lab.traffic("http", 20, "inside-host", "outside-server");
  lab.advance(5_000);
  lab.cable("primary", "GigabitEthernet0/1", false);
  lab.advance(30_000);
  const snap = lab.snapshot();
  assert.equal(stateOf(lab, "secondary"), "Active");
  const tcp = snap.sessions.find((s) => s.kind === "tcp");
  const http = snap.sessions.find((s) => s.kind === "http");
  assert.equal(tcp.alive, 50);
  assert.equal(http.alive, 0);
  assert.deepEqual(http.dropped, [{ reason: "HTTP not replicated", count: 20 }]);
  const events = lab.events();
  assert.ok(events.some((e) => e.unit === "secondary" && /Active/.test(e.text)));
  assert.equal(lab.events().length, 0, "events are handed out once");
});

test("the journal is a lab script that rebuilds the same lab", () => {
  const lab = new Lab("active-active");
  lab.advance(90_000);
  lab.type("primary", "no failover active group 1");
  lab.advance(10_000);
  const again = Lab.fromScript(lab.script());
  assert.deepEqual(again.snapshot(), lab.snapshot());
  assert.match(lab.script(), /^lab active-active\n/);
});

test("bad input is an error, never a crash", () => {
  assert.throws(() => new Lab("nope"), /unknown lab 'nope'/);
  const lab = new Lab("active-standby");
  assert.throws(() => lab.type("tertiary", "show version"), /unknown unit/);
  assert.throws(() => lab.traffic("tcp", 1.5, "inside-host", "outside-server"), /whole number/);
  assert.throws(() => lab.cable("primary", "Gi9/9", false), /unknown port|no cable/);
  assert.throws(() => Lab.fromScript("lab active-standby\nwiat 5s\n"), /line 2/);
  lab.type("primary", "show no-such-thing");
  assert.match(lab.console().map((l) => l.text).join("\n"), /% Invalid input/);
});

// The engine compiled to WebAssembly prints every corpus transcript byte
// for byte as the native runner does (the browser runs this same wasm).
test("every corpus script gives its golden transcript in wasm", async () => {
  const { readdirSync, readFileSync, existsSync } = await import("node:fs");
  const { runScriptBytes } = require("../pkg-node/failover_lab_engine.js");
  const dir = new URL("../../tests/labs/", import.meta.url);
  const labs = readdirSync(dir).filter((f) => f.endsWith(".lab")).sort();
  assert.ok(labs.length >= 50, `only ${labs.length} corpus scripts`);
  for (const name of labs) {
    const bytes = readFileSync(new URL(name, dir));
    const out = new URL(name.replace(/\.lab$/, ".out"), dir);
    const want = existsSync(out) ? readFileSync(out, "utf8") : "";
    let got;
    try {
      got = runScriptBytes(bytes).transcript;
    } catch (e) {
      got = `${e.message}\n`;
    }
    assert.equal(got, want, `${name}: the wasm transcript differs`);
  }
});
