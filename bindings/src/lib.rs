//! The Failover Lab engine as a JavaScript package (built with wasm-pack):
//! a lab of two Cisco ASA units in a failover pair that a page, an LMS or
//! a Node script drives — type console lines, let virtual time pass, pull
//! cables, power units, open sessions — and reads back as plain objects.
//!
//! Every action goes through the engine's one lab-script replayer, so
//! `script()` is always a lab script that rebuilds the lab (the format of
//! `asa-lab run`, the browser's saves and share links).
//!
//! ```js
//! import init, { Lab } from "./pkg/failover_lab_engine.js";
//! await init();
//! const lab = new Lab("active-standby");
//! lab.advance(60_000);
//! lab.type("primary", "show failover | include host");
//! console.log(lab.console().map((l) => l.text).join("\n"));
//! ```

use asa_core::record as model;

use asa_core::labs::Template;
use asa_core::net::{Port, UnitId};
use asa_core::script::{self, Limits, Pieces, Replay, Stmt};
use asa_core::time::Duration;
use asa_core::traffic::Kind;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** `primary` or `secondary`. */
export type Unit = "primary" | "secondary";
/** The starting labs. */
export type Template = "blank" | "active-standby" | "active-active";
/** Session kinds: tcp, udp, http, icmp, sip, ikev2, multicast. */
export type Kind = "tcp" | "udp" | "http" | "icmp" | "sip" | "ikev2" | "multicast";

export interface Snapshot {
  /** Virtual time since the lab started, in milliseconds. */
  timeMs: number;
  /** The ASA clock (`00:01:05 UTC Jan 1 2026`). */
  clock: string;
  units: UnitState[];
  cables: Cable[];
  sessions: Sessions[];
  flows: Flow[];
  asymmetric: boolean;
}
export interface UnitState {
  unit: Unit;
  powered: boolean;
  /** "Active", "Standby Ready", "Cold Standby", "Failed", "Failover Off", "Booting", "Powered off", ... */
  state: string;
  /** "active" | "standby" | "failed" | "off" | "booting" | "other" */
  look: string;
  groups: GroupState[];
}
export interface GroupState { group: number; state: string; contexts: string[]; }
export interface Cable {
  unit: Unit;
  port: string;
  far: string;
  plugged: boolean;
  link: boolean;
  /** "data" | "failover" | "stateful" */
  role: string;
}
export interface Sessions {
  kind: Kind;
  total: number;
  alive: number;
  closed: number;
  dropped: { reason: string; count: number }[];
}
export interface Flow { from: string; to: string; sessions: number; forwarder: Unit | null; }
export interface ConsoleLine { unit: Unit; text: string; }
export interface LabEvent { timeMs: number; unit: Unit | null; text: string; syslog: string | null; }
"#;

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

fn unit(name: &str) -> Result<UnitId, JsError> {
    UnitId::parse(name)
        .ok_or_else(|| JsError::new(&format!("unknown unit '{name}' (primary or secondary)")))
}

fn kind(name: &str) -> Result<Kind, JsError> {
    Kind::parse(name).ok_or_else(|| {
        let all: Vec<String> = Kind::ALL.iter().map(|k| k.to_string()).collect();
        JsError::new(&format!(
            "unknown session kind '{name}' ({})",
            all.join(", ")
        ))
    })
}

/// A lab: two ASA units, their cables, hosts and sessions, at a virtual
/// time that passes only when `advance` is called.
#[wasm_bindgen]
pub struct Lab {
    replay: Replay,
    /// Events already handed out by `events()`.
    events_seen: usize,
}

impl Lab {
    fn act(&mut self, stmt: Stmt) -> Result<(), JsError> {
        self.replay
            .apply(&stmt)
            .map(|_| ())
            .map_err(|e| JsError::new(&e))
    }

    /// The lab a script builds, checked against the limits for untrusted
    /// labs and replayed in bounded pieces.
    pub fn from_script_text(text: &str) -> Result<Lab, String> {
        let lines = script::parse_untrusted(text, &Limits::IMPORT).map_err(|e| e.to_string())?;
        let (mut replay, rest) = Replay::start(&lines).map_err(|e| e.to_string())?;
        let skip = lines.len() - rest.len();
        for p in Pieces::new(&lines).skip(skip) {
            replay
                .apply(&p.stmt)
                .map_err(|m| format!("error: line {}: {m}", p.line))?;
        }
        Ok(Lab {
            replay,
            events_seen: 0,
        })
    }

    pub fn snapshot_model(&self) -> model::Snapshot {
        model::snapshot(self.replay.lab())
    }

    pub fn console_model(&mut self) -> Vec<model::ConsoleLine> {
        self.replay
            .take_output()
            .into_iter()
            .map(|(u, l)| model::console_line(u, l))
            .collect()
    }

    pub fn events_model(&mut self) -> Vec<model::LabEvent> {
        let events = self.replay.lab().events();
        let new: Vec<model::LabEvent> = events[self.events_seen.min(events.len())..]
            .iter()
            .map(model::event)
            .collect();
        self.events_seen = events.len();
        new
    }
}

#[wasm_bindgen]
impl Lab {
    /// A starting lab (`blank`, `active-standby` or `active-active`) at
    /// virtual time 0, with an optional seed for its random choices.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Template")] template: &str,
        seed: Option<u32>,
    ) -> Result<Lab, JsError> {
        let t = Template::parse(template).ok_or_else(|| {
            JsError::new(&format!(
                "unknown lab '{template}' (blank, active-standby, active-active)"
            ))
        })?;
        let replay = Replay::new(t, seed.map(u64::from)).map_err(|e| JsError::new(&e))?;
        Ok(Lab {
            replay,
            events_seen: 0,
        })
    }

    /// The lab a lab script builds (a saved lab, a share link's script, an
    /// `asa-lab` script). Errors name the line.
    #[wasm_bindgen(js_name = fromScript)]
    pub fn from_script(text: &str) -> Result<Lab, JsError> {
        Lab::from_script_text(text).map_err(|e| JsError::new(&e))
    }

    /// Types a line at a unit's console (as if typed and Enter pressed).
    #[wasm_bindgen(js_name = "type")]
    pub fn type_line(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Unit")] u: &str,
        line: &str,
    ) -> Result<(), JsError> {
        let line = line.trim_end().to_string();
        if line.contains('\n') {
            return Err(JsError::new("type one line at a time"));
        }
        self.act(Stmt::Type(unit(u)?, line))
    }

    /// Lets `ms` milliseconds of virtual time pass.
    pub fn advance(&mut self, ms: f64) -> Result<(), JsError> {
        if !(ms.is_finite() && ms >= 0.0 && ms <= script::MAX_WAIT.total_millis() as f64) {
            return Err(JsError::new("advance takes 0 to 86,400,000 ms (24 hours)"));
        }
        self.act(Stmt::Wait(Duration::from_micros((ms * 1000.0) as u64)))
    }

    /// Plugs (`true`) or pulls (`false`) the cable at a unit's port
    /// (`GigabitEthernet0/1`, `Gi0/1`, ...).
    pub fn cable(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Unit")] u: &str,
        port: &str,
        plugged: bool,
    ) -> Result<(), JsError> {
        let p = Port::parse(port).ok_or_else(|| JsError::new(&format!("unknown port '{port}'")))?;
        self.act(Stmt::Cable(unit(u)?, p, plugged))
    }

    /// Powers a unit on or off.
    pub fn power(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Unit")] u: &str,
        on: bool,
    ) -> Result<(), JsError> {
        self.act(Stmt::Power(unit(u)?, on))
    }

    /// Opens `count` long-lived sessions of a kind between two of the lab's
    /// hosts.
    pub fn traffic(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Kind")] k: &str,
        count: f64,
        from: &str,
        to: &str,
    ) -> Result<(), JsError> {
        let count = whole(count, "count")?;
        self.act(Stmt::Traffic {
            kind: kind(k)?,
            count,
            from: from.into(),
            to: to.into(),
        })
    }

    /// From now on opens `rate` short-lived sessions a second (0 stops).
    pub fn load(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Kind")] k: &str,
        rate: f64,
        from: &str,
        to: &str,
    ) -> Result<(), JsError> {
        let rate = whole(rate, "rate")?;
        self.act(Stmt::Load {
            kind: kind(k)?,
            rate,
            from: from.into(),
            to: to.into(),
        })
    }

    /// The lab now: units and groups with their failover states, cables,
    /// sessions by kind with drop reasons, flows.
    #[wasm_bindgen(unchecked_return_type = "Snapshot")]
    pub fn snapshot(&self) -> Result<JsValue, JsError> {
        to_js(&self.snapshot_model())
    }

    /// The console lines both units printed since the last call.
    #[wasm_bindgen(unchecked_return_type = "ConsoleLine[]")]
    pub fn console(&mut self) -> Result<JsValue, JsError> {
        let lines = self.console_model();
        to_js(&lines)
    }

    /// The events recorded since the last call.
    #[wasm_bindgen(unchecked_return_type = "LabEvent[]")]
    pub fn events(&mut self) -> Result<JsValue, JsError> {
        let events = self.events_model();
        to_js(&events)
    }

    /// The lab script that rebuilds this lab (the journal of every action).
    pub fn script(&self) -> String {
        self.replay.script()
    }
}

/// What `runScript` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunResult {
    transcript: String,
    failures: usize,
    exit_code: i32,
}

/// Runs a lab script as `asa-lab run` does and returns its transcript (the
/// headless contract), the number of `expect` statements that failed and
/// the runner's exit code. A script that does not parse throws its
/// line-numbered error.
#[wasm_bindgen(js_name = runScript, unchecked_return_type = "{ transcript: string; failures: number; exitCode: number }")]
pub fn run_script(text: &str) -> Result<JsValue, JsError> {
    run_script_bytes(text.as_bytes())
}

/// `runScript` on the bytes of a file: text that is not UTF-8 is the
/// runner's line-numbered error, as `asa-lab run FILE` reports it.
#[wasm_bindgen(js_name = runScriptBytes, unchecked_return_type = "{ transcript: string; failures: number; exitCode: number }")]
pub fn run_script_bytes(bytes: &[u8]) -> Result<JsValue, JsError> {
    let o = script::run_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&RunResult {
        transcript: o.transcript.clone(),
        failures: o.failures,
        exit_code: o.exit_code(),
    })
}

fn whole(n: f64, what: &str) -> Result<u64, JsError> {
    if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 {
        Ok(n as u64)
    } else {
        Err(JsError::new(&format!("{what} must be a whole number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_becomes_plain_records() {
        let mut lab = Lab::from_script_text(
            "lab active-standby\nwait 60s\ntraffic tcp 10 inside-host outside-server\nwait 2s\nprimary: no failover active\nwait 5s\n",
        )
        .unwrap();
        let snap = serde_json::to_value(lab.snapshot_model()).unwrap();
        assert_eq!(snap["timeMs"], 67_000);
        assert_eq!(snap["units"][0]["unit"], "primary");
        assert_eq!(snap["units"][0]["state"], "Standby Ready");
        assert_eq!(snap["units"][1]["state"], "Active");
        assert_eq!(snap["sessions"][0]["kind"], "tcp");
        assert_eq!(snap["sessions"][0]["alive"], 10);
        let console = lab.console_model();
        assert!(console
            .iter()
            .any(|l| l.unit == "primary" && l.text.contains("no failover active")));
        let events = lab.events_model();
        assert!(events
            .iter()
            .any(|e| e.unit.as_deref() == Some("secondary") && e.text.contains("Active")));
        // Handed out once.
        assert!(lab.events_model().is_empty());
    }

    /// The instructor's export (the page's "Events (JSON)"): the lab, the
    /// state now and every event, as JSON.
    #[test]
    fn an_export_holds_the_state_and_the_timeline() {
        let lab =
            Lab::from_script_text("lab active-standby\nwait 60s\nunplug primary Gi0/1\nwait 30s\n")
                .unwrap();
        let json =
            serde_json::to_value(asa_core::record::export(lab.replay.lab(), "active-standby"))
                .unwrap();
        assert_eq!(json["lab"], "active-standby");
        assert_eq!(json["snapshot"]["units"][1]["state"], "Active");
        let events = json["events"].as_array().unwrap();
        assert!(events.iter().any(|e| e["unit"] == "secondary"
            && e["syslog"].as_str().is_some_and(|s| s.contains("104001"))));
        assert!(events
            .windows(2)
            .all(|w| w[0]["timeMs"].as_u64() <= w[1]["timeMs"].as_u64()));
    }

    #[test]
    fn an_untrusted_script_is_bounded() {
        let err = Lab::from_script_text(
            "lab active-standby\nload tcp 1000 inside-host outside-server\nwait 24h\n",
        )
        .err()
        .unwrap();
        assert!(err.starts_with("error: line 3:"), "{err}");
    }
}
