// Embedding the Failover Lab engine: a page of plain HTML and JavaScript.
// `pkg/` is the output of `wasm-pack build bindings --target web`.
import init, { Lab } from "./pkg/failover_lab_engine.js";

await init();
// A lab script can start the lab anywhere; here one minute after power-on.
const lab = Lab.fromScript("lab active-standby\nwait 60s\n");
const out = document.getElementById("out");
const units = document.getElementById("units");
const time = document.getElementById("time");
let inside = true;

function draw() {
  for (const line of lab.console()) {
    if (line.unit === "primary") out.textContent += line.text + "\n";
  }
  out.scrollTop = out.scrollHeight;
  const snap = lab.snapshot();
  units.replaceChildren(
    ...snap.units.map((u) => {
      const box = document.createElement("div");
      box.className = `unit ${u.look}`;
      box.dataset.unit = u.unit;
      box.textContent = `${u.unit}: ${u.state}`;
      return box;
    }),
  );
  time.textContent = `virtual time ${snap.clock}`;
}

document.getElementById("prompt").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const input = document.getElementById("line");
  lab.type("primary", input.value);
  input.value = "";
  draw();
});

document.getElementById("pull").addEventListener("click", (ev) => {
  inside = !inside;
  lab.cable("primary", "GigabitEthernet0/1", inside);
  ev.target.textContent = inside
    ? "Pull the primary's inside cable"
    : "Plug the primary's inside cable back";
  draw();
});

lab.console();
draw();
setInterval(() => {
  lab.advance(1000);
  draw();
}, 100);
document.body.dataset.ready = "true";
