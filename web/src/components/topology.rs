//! The topology as SVG: both units with their failover state, the switches
//! and hosts, and every cable with its link state. Cables and power buttons
//! are controls (click, Enter or Space).

use asa_core::net::{Port, UnitId};
use yew::prelude::*;

use crate::engine::{CableRole, Snapshot, Status};

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub snapshot: Snapshot,
    pub on_cable: Callback<(UnitId, Port)>,
    pub on_power: Callback<UnitId>,
    /// A state name was clicked: show it in the glossary.
    #[prop_or_default]
    pub on_explain: Callback<String>,
    /// The dropped sessions were clicked: "Why?" about them.
    #[prop_or_default]
    pub on_why_drops: Callback<()>,
    /// Presenter mode: the drawing's text is [`LARGE_TEXT`] times larger.
    #[prop_or_default]
    pub large: bool,
}

/// How much larger the drawing's text is in presenter mode (the page's
/// text grows from 14 to 20 px). The stylesheet's topology font sizes are
/// multiplied by `--svg-text`, which the drawing sets to this.
pub const LARGE_TEXT: f64 = 1.4;

/// Font sizes of the drawing at scale 1 (user units; see the stylesheet).
const PORT_PX: f64 = 10.0;
const TEXT_PX: f64 = 12.0;
const IP_PX: f64 = 11.0;
const FLOW_NO_PX: f64 = 11.0;

/// The rough advance of a character, in ems (`bold` text, `mono` text).
fn text_width(text: &str, px: f64, bold: bool, mono: bool) -> f64 {
    let em = if mono {
        0.6
    } else if bold {
        0.62
    } else {
        0.56
    };
    text.chars().count() as f64 * px * em
}

/// A `textLength` that squeezes a label into `max` user units when it
/// would not fit (presenter mode's larger text in a unit or host box).
fn fit(text: &str, px: f64, bold: bool, mono: bool, max: f64) -> Option<AttrValue> {
    (text_width(text, px, bold, mono) > max).then(|| AttrValue::from(format!("{max:.0}")))
}

/// A straight cable on the drawing (from the unit to its switch).
type Segment = ((f64, f64), (f64, f64));

/// Whether `seg` passes through the box centred at `c` (half sizes `h`),
/// widened by the wire's half width.
fn crosses(seg: Segment, c: (f64, f64), h: (f64, f64)) -> bool {
    let ((ax, ay), (bx, by)) = seg;
    (0..=64).any(|i| {
        let t = i as f64 / 64.0;
        let (x, y) = (ax + (bx - ax) * t, ay + (by - ay) * t);
        (x - c.0).abs() <= h.0 + 2.5 && (y - c.1).abs() <= h.1 + 2.5
    })
}

/// A port name's tag placed on the drawing: its centre and half sizes.
type Placed = ((f64, f64), (f64, f64));

/// Where a port's name sits on its cable: the first place along it (near
/// the unit, where the cables have fanned out) at which no other cable
/// crosses the name's tag and no tag placed before overlaps it; else the
/// least crowded of those places.
fn port_spot(i: usize, segs: &[Segment], half: (f64, f64), placed: &[Placed]) -> (f64, f64) {
    let ((ax, ay), (bx, by)) = segs[i];
    let at = |t: f64| (ax + (bx - ax) * t, ay + (by - ay) * t);
    let hits = |p: (f64, f64)| {
        let wires = segs
            .iter()
            .enumerate()
            .filter(|(j, s)| *j != i && crosses(**s, p, half))
            .count();
        let tags = placed
            .iter()
            .filter(|(c, h)| {
                (c.0 - p.0).abs() < h.0 + half.0 + 2.0 && (c.1 - p.1).abs() < h.1 + half.1 + 2.0
            })
            .count();
        wires + tags
    };
    let spots = [
        0.2, 0.27, 0.13, 0.34, 0.41, 0.48, 0.55, 0.62, 0.69, 0.76, 0.83,
    ]
    .map(at);
    spots
        .iter()
        .copied()
        .min_by_key(|p| hits(*p))
        .unwrap_or_else(|| at(0.2))
}

/// The x of a back-to-back cable's curve half way down (a cubic from
/// `UNIT_X - 20` bending out to `UNIT_X - bend`).
fn curve_mid_x(bend: f64) -> f64 {
    0.25 * (UNIT_X - 20.0) + 0.75 * (UNIT_X - bend)
}

const UNIT_X: f64 = 150.0;
/// Half a unit box's width (wide enough for "G2 Active Config Applied" at
/// 12 px is not needed: long group states are abbreviated, see `short_state`).
const UNIT_HALF: f64 = 80.0;
const SWITCH_X: f64 = 440.0;
const HOST_X: f64 = 580.0;

fn unit_y(u: UnitId) -> f64 {
    match u {
        UnitId::Primary => 110.0,
        UnitId::Secondary => 300.0,
    }
}

/// Vertical position of switch `i` of `n`: three fit at 150 apart; the four
/// of `active-active` at 100.
fn switch_y(i: usize, n: usize) -> f64 {
    if n <= 3 {
        60.0 + 150.0 * i as f64
    } else {
        55.0 + 100.0 * i as f64
    }
}

/// A port's short name as the ASA abbreviates it (`Gi0/1`, `Ma0/0`).
/// Long state names shortened so a group line fits in its unit box (the
/// full name is in its tooltip and the glossary).
fn short_state(st: Status) -> String {
    match st.to_string().as_str() {
        "Active Applying Config" => "Act. Applying Cfg".into(),
        "Active Config Applied" => "Act. Cfg Applied".into(),
        "Sync File System" => "Sync File Sys".into(),
        other => other.to_string(),
    }
}

pub fn short_port(p: Port) -> String {
    let name = p.name();
    let split = name.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    format!("{}{}", &name[..2.min(split)], &name[split..])
}

fn activate(cb: Callback<()>) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let c1 = cb.clone();
    (
        Callback::from(move |_| c1.emit(())),
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                cb.emit(());
            }
        }),
    )
}

#[function_component(Topology)]
pub fn topology(props: &TopologyProps) -> Html {
    let s = &props.snapshot;
    let n = s.switches.len();
    let explain = |st: Status| {
        let cb = props.on_explain.clone();
        Callback::from(move |_: MouseEvent| cb.emit(st.to_string()))
    };
    let sw_y = |name: &str| {
        s.switches
            .iter()
            .position(|x| x == name)
            .map(|i| switch_y(i, n))
    };
    let scale = if props.large { LARGE_TEXT } else { 1.0 };
    let port_px = PORT_PX * scale;
    // The straight cables (unit to switch), for placing the port names.
    let segs: Vec<Segment> = s
        .cables
        .iter()
        .map(|c| {
            // As the cable is drawn below.
            let y1 = unit_y(c.unit) + c.port.number() as f64 * 9.0 - 18.0;
            let y2 = sw_y(&c.far).unwrap_or(y1);
            ((UNIT_X + UNIT_HALF, y1), (SWITCH_X - 40.0, y2))
        })
        .collect();
    let to_switch = |c: &crate::engine::CableView| s.switches.contains(&c.far);
    let straight: Vec<Segment> = s
        .cables
        .iter()
        .zip(&segs)
        .filter(|(c, _)| to_switch(c))
        .map(|(_, seg)| *seg)
        .collect();
    // The port names, placed one after the other (each clear of the
    // cables and of the names placed before it), drawn above the cables
    // and the flows so that nothing crosses them.
    let mut placed: Vec<Placed> = Vec::new();
    let mut port_labels: Vec<Html> = Vec::new();
    for (ci, c) in s.cables.iter().enumerate() {
        if c.unit == UnitId::Secondary && !to_switch(c) {
            continue; // drawn once, from the primary's side
        }
        let port = short_port(c.port);
        let tag_w = text_width(&port, port_px, false, true) + 6.0;
        let tag_h = port_px + 4.0;
        let (lx, ly, anchor) = if to_switch(c) {
            // This cable's place among the straight ones.
            let i = s.cables[..ci].iter().filter(|x| to_switch(x)).count();
            let (x, y) = port_spot(i, &straight, (tag_w / 2.0, tag_h / 2.0), &placed);
            (x, y, "middle")
        } else {
            // Beside the back-to-back cables' curves, half way down: the
            // inner (failover) cable's name inside its curve, the outer
            // one's outside.
            let mid = (unit_y(UnitId::Primary) + unit_y(UnitId::Secondary)) / 2.0;
            if c.role == CableRole::FailoverLan {
                (curve_mid_x(40.0) + 6.0, mid, "start")
            } else {
                (curve_mid_x(70.0) - 6.0, mid, "end")
            }
        };
        let tag_x = match anchor {
            "start" => lx - 3.0,
            "end" => lx - tag_w + 3.0,
            _ => lx - tag_w / 2.0,
        };
        placed.push(((tag_x + tag_w / 2.0, ly), (tag_w / 2.0, tag_h / 2.0)));
        let cable = format!("cable {} {}", c.unit.name(), c.port.name());
        port_labels.push(html! {
            <g class="port-label" data-cable={cable} aria-hidden="true">
                <rect class="port-tag" x={format!("{tag_x:.1}")} y={format!("{:.1}", ly - tag_h / 2.0)}
                    width={format!("{tag_w:.1}")} height={format!("{tag_h:.1}")} rx="3" />
                // (An inline style: the stylesheet's `text-anchor` would
                // win over the attribute.)
                <text class="port" x={format!("{lx:.1}")} y={format!("{ly:.1}")} style={format!("text-anchor: {anchor}")}
                    dominant-baseline="central">{ port }</text>
            </g>
        });
    }
    let cables = s.cables.iter().enumerate().map(|(ci, c)| {
        let port_off = c.port.number() as f64 * 9.0 - 18.0;
        let path = if to_switch(c) {
            let ((ax, ay), (bx, by)) = segs[ci];
            format!("M {ax} {ay} L {bx} {by}")
        } else {
            // Back-to-back cables between the units, drawn on the left.
            let bend = if c.role == CableRole::FailoverLan { 40.0 } else { 70.0 };
            let (ya, yb) = (unit_y(UnitId::Primary) + 30.0, unit_y(UnitId::Secondary) - 30.0);
            let x = UNIT_X - bend;
            format!("M {} {ya} C {x} {ya}, {x} {yb}, {} {yb}", UNIT_X - 20.0, UNIT_X - 20.0)
        };
        let state = if !c.plugged { "unplugged" } else if c.link { "up" } else { "down" };
        let role = match c.role {
            CableRole::Data => "data",
            CableRole::FailoverLan => "failover",
            CableRole::Stateful => "stateful",
        };
        let label = format!("cable {} {}", c.unit.name(), c.port.name());
        let on_cable = props.on_cable.clone();
        let (u, p) = (c.unit, c.port);
        let (onclick, onkeydown) = activate(Callback::from(move |_| on_cable.emit((u, p))));
        // The back-to-back cables are drawn once, from the primary's side.
        if c.unit == UnitId::Secondary && !s.switches.contains(&c.far) {
            let twin = format!("cable {} {}", UnitId::Secondary.name(), c.port.name());
            let (cx, cy) = (UNIT_X - 20.0, unit_y(UnitId::Secondary) - 30.0 + port_off / 3.0);
            return html! {
                <g class={classes!("cable", role, state, "twin")} role="button" tabindex="0"
                    aria-label={twin} aria-pressed={(!c.plugged).to_string()} {onclick} {onkeydown}>
                    <title>{ format!("{} ↔ {}: {state}", c.port.name(), c.far) }</title>
                    <circle class="hit" cx={cx.to_string()} cy={cy.to_string()} r="12" fill="transparent" pointer-events="all" />
                    <circle cx={cx.to_string()} cy={cy.to_string()} r="5" />
                </g>
            };
        }
        html! {
            <g class={classes!("cable", role, state)} role="button" tabindex="0"
                aria-label={label} aria-pressed={(!c.plugged).to_string()} {onclick} {onkeydown}>
                <title>{ format!("{} {} → {}: {state} (click to {})", c.unit.name(), c.port.name(), c.far,
                    if c.plugged { "unplug" } else { "plug in" }) }</title>
                // A wide invisible stroke takes the clicks, also between the
                // dots of an unplugged cable.
                <path class="hit" d={path.clone()} fill="none" stroke="transparent" stroke-width="14" pointer-events="stroke" />
                <path class="wire" d={path} />
            </g>
        }
    });
    let text_px = TEXT_PX * scale;
    // The text inside a unit box, between its edges.
    let box_text = 2.0 * UNIT_HALF - 16.0;
    let units = s.units.iter().map(|u| {
        let y = unit_y(u.id);
        let class = u.look().class();
        let on_power = props.on_power.clone();
        let id = u.id;
        let (onclick, onkeydown) = activate(Callback::from(move |_| on_power.emit(id)));
        let aa = !u.groups.is_empty();
        let label = if aa {
            let groups: Vec<String> = u
                .groups
                .iter()
                .map(|g| format!("group {} {}", g.id, g.status))
                .collect();
            format!("{} unit: {}", u.id.name(), groups.join(", "))
        } else {
            format!("{} unit: {}", u.id.name(), u.status)
        };
        // The unit's name; its configured role only when it differs.
        let title = if u.role.word().eq_ignore_ascii_case(u.id.name()) {
            u.id.name().to_string()
        } else {
            format!("{} (role {})", u.id.name(), u.role.word())
        };
        let (top, height, power_y) = if aa { (y - 44.0, 92.0, y + 34.0) } else { (y - 40.0, 80.0, y + 26.0) };
        html! {
            <g class={classes!("unit", class)} aria-label={label}>
                <rect x={(UNIT_X - UNIT_HALF).to_string()} y={top.to_string()} width={(2.0 * UNIT_HALF).to_string()} height={height.to_string()} rx="8" />
                if aa {
                    <text x={UNIT_X.to_string()} y={(y - 24.0).to_string()} class="unit-name"
                        textLength={fit(&title, text_px, false, false, box_text)} lengthAdjust="spacingAndGlyphs">{ title.clone() }</text>
                    { for u.groups.iter().enumerate().map(|(i, g)| html! {
                        <text x={(UNIT_X - UNIT_HALF + 8.0).to_string()} y={(y - 4.0 + 18.0 * i as f64).to_string()}
                            class={classes!("group-state", g.status.look().class())} onclick={explain(g.status)}
                            textLength={fit(&format!("G{} {}", g.id, short_state(g.status)), text_px, true, false, box_text)}
                            lengthAdjust="spacingAndGlyphs">
                            <title>{ format!("failover group {}: {} (contexts: {}) — what it means (glossary)", g.id, g.status, g.contexts.join(", ")) }</title>
                            { format!("G{} {}", g.id, short_state(g.status)) }
                        </text>
                    }) }
                } else {
                    <text x={UNIT_X.to_string()} y={(y - 12.0).to_string()} class="unit-name"
                        textLength={fit(&title, text_px, false, false, box_text)} lengthAdjust="spacingAndGlyphs">{ title.clone() }</text>
                    <text x={UNIT_X.to_string()} y={(y + 12.0).to_string()} class="unit-state" onclick={explain(u.status)}
                        textLength={fit(&u.status.to_string(), text_px, true, false, box_text)} lengthAdjust="spacingAndGlyphs">
                        <title>{ format!("{}: what it means (glossary)", u.status) }</title>
                        { u.status.to_string() }
                    </text>
                }
                <g class="power" role="button" tabindex="0" aria-label={format!("power {}", u.id.name())}
                    aria-pressed={u.powered.to_string()} {onclick} {onkeydown}>
                    <circle cx={(UNIT_X + UNIT_HALF - 17.0).to_string()} cy={power_y.to_string()} r="9" />
                    <g class="power-icon" transform={format!("translate({} {})", UNIT_X + UNIT_HALF - 17.0, power_y + 1.0)}>
                        <path d="M -3.5 -3.5 A 5 5 0 1 0 3.5 -3.5" />
                        <line x1="0" y1="-6" x2="0" y2="-1" />
                    </g>
                </g>
            </g>
        }
    });
    // Sessions flowing host -> switch -> forwarding unit -> switch -> host;
    // with asymmetric routing, the return traffic through the other unit.
    let host_y = |name: &str| {
        s.hosts
            .iter()
            .find(|h| h.name == name)
            .and_then(|h| h.switches.first())
            .and_then(|sw| sw_y(sw))
    };
    // Where a host's line meets a switch's row: straight across on its first
    // switch, along the diagonal on another.
    let host_end = |host: &str, sw: &str| -> Option<f64> {
        let hy = host_y(host)?;
        let first = s.hosts.iter().find(|h| h.name == host)?.switches.first()?;
        Some(if first == sw { hy } else { hy + 16.0 })
    };
    let flows = s.flows.iter().enumerate().filter_map(|(i, f)| {
        let no = i + 1;
        let (ya, yb) = match &f.switches {
            Some((a, b)) => (sw_y(a)?, sw_y(b)?),
            None => (host_y(&f.from)?, host_y(&f.to)?),
        };
        let (ha, hb) = match &f.switches {
            Some((a, b)) => (host_end(&f.from, a)?, host_end(&f.to, b)?),
            None => (ya, yb),
        };
        let via = f
            .context
            .as_ref()
            .map(|(c, g)| format!(" via context {c} (group {g})"))
            .unwrap_or_default();
        let relearn = if f.relearning > 0 {
            format!(
                "; {} multicast streams paused while the forwarding unit relearns the group membership",
                f.relearning
            )
        } else {
            String::new()
        };
        let label = format!("{} sessions {} → {}{via}{relearn}", f.sessions, f.from, f.to);
        Some(match f.forwarder {
            Some(u) => {
                let uy = unit_y(u) + 8.0;
                let d = format!(
                    "M {} {ha} L {} {ya} L {} {ya} L {} {uy} L {} {yb} L {} {yb} L {} {hb}",
                    HOST_X - 45.0,
                    SWITCH_X + 40.0,
                    SWITCH_X,
                    UNIT_X + UNIT_HALF,
                    SWITCH_X,
                    SWITCH_X + 40.0,
                    HOST_X - 45.0
                );
                let ret = f.ret.as_ref().and_then(|r| {
                    let ry = sw_y(&r.switch)?;
                    let vy = unit_y(r.unit) - 8.0;
                    let rh = host_end(&f.to, &r.switch)?;
                    let mut d = format!(
                        "M {} {rh} L {} {ry} L {} {ry} L {} {vy}",
                        HOST_X - 45.0,
                        SWITCH_X + 40.0,
                        SWITCH_X,
                        UNIT_X + UNIT_HALF
                    );
                    if r.redirected {
                        d.push_str(&format!(" L {} {}", UNIT_X + 30.0, uy));
                    }
                    let what = if !r.delivered {
                        "dropped there: no matching asr-group".to_string()
                    } else if r.redirected {
                        format!("redirected by asr-group to {}", u.name())
                    } else {
                        "reinjected on the same unit".to_string()
                    };
                    let rlabel = format!("return traffic {} → {} via {}: {what}", f.to, f.from, r.unit.name());
                    Some(html! {
                        <g class={classes!("flow", "return", (!r.delivered).then_some("blocked"))} aria-label={rlabel.clone()}>
                            <title>{ rlabel }</title>
                            <path d={d} />
                        </g>
                    })
                });
                // The flow's number (explained in the list below the
                // drawing), on its way from the switch to the unit.
                let (bx, by) = (
                    SWITCH_X - 70.0 - 22.0 * ((i % 4) as f64),
                    ya + (uy - ya) * (70.0 + 22.0 * ((i % 4) as f64)) / (SWITCH_X - UNIT_X - UNIT_HALF),
                );
                html! {
                    <>
                        <g class="flow" aria-label={label.clone()}>
                            <title>{ format!("{label}, through {}", u.name()) }</title>
                            <path d={d} />
                            <g class="flow-no">
                                <circle cx={bx.to_string()} cy={by.to_string()} r={format!("{:.1}", FLOW_NO_PX * scale * 0.75)} />
                                <text x={bx.to_string()} y={by.to_string()} dominant-baseline="central">{ no }</text>
                            </g>
                        </g>
                        { for ret }
                    </>
                }
            }
            None => html! {
                <g class="flow stalled" aria-label={label.clone()}>
                    <title>{ format!("{label}: no unit forwards them (outage)") }</title>
                    <text x={(HOST_X - 60.0).to_string()} y={(ya - 28.0).to_string()}>{ "⚠ no path" }</text>
                </g>
            },
        })
    });
    let replication = s.replicating.map(|from| {
        let (ya, yb) = (unit_y(UnitId::Primary) + 30.0, unit_y(UnitId::Secondary) - 30.0);
        let x = UNIT_X - 70.0;
        let (y0, y1) = if from == UnitId::Primary { (ya, yb) } else { (yb, ya) };
        html! {
            <g class="replication" aria-label={format!("state updates from {}", from.name())}>
                <title>{ format!("stateful updates {} → {}", from.name(), from.peer().name()) }</title>
                <path d={format!("M {} {y0} C {x} {y0}, {x} {y1}, {} {y1}", UNIT_X - 20.0, UNIT_X - 20.0)} />
            </g>
        }
    });
    let drops = (!s.drops.is_empty()).then(|| {
        let why = props.on_why_drops.reform(|_: MouseEvent| ());
        let why_key = props.on_why_drops.reform(|_: KeyboardEvent| ());
        let on_key = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                why_key.emit(e);
            }
        });
        html! {
            <g class="drops" role="button" tabindex="0" aria-label="why did these sessions drop"
                onclick={why} onkeydown={on_key}>
                <title>{ "Why did these sessions drop?" }</title>
                { for s.drops.iter().enumerate().map(|(i, d)| html! {
                    <text x="8" y={(395.0 - 14.0 * scale * (s.drops.len() - 1 - i) as f64).to_string()}>{ format!("✕ {d}") }</text>
                }) }
            </g>
        }
    });
    let switches = s.switches.iter().enumerate().map(|(i, name)| {
        let y = switch_y(i, n);
        html! {
            <g class="switch">
                <rect x={(SWITCH_X - 40.0).to_string()} y={(y - 16.0).to_string()} width="80" height="32" rx="4" />
                <text x={SWITCH_X.to_string()} y={y.to_string()} dominant-baseline="central"
                    textLength={fit(name, text_px, false, false, 72.0)} lengthAdjust="spacingAndGlyphs">{ name.clone() }</text>
            </g>
        }
    });
    let hosts = s.hosts.iter().map(|h| {
        let y = h.switches.first().and_then(|sw| sw_y(sw)).unwrap_or(60.0);
        // A host cabled to more switches (the upstream router of
        // active-active) reaches the others with a diagonal.
        let extra = h.switches.iter().skip(1).filter_map(|sw| sw_y(sw)).map(|ey| html! {
            <line x1={(SWITCH_X + 40.0).to_string()} y1={ey.to_string()} x2={(HOST_X - 45.0).to_string()} y2={(y + 16.0).to_string()} />
        });
        html! {
            <g class="host">
                <line x1={(SWITCH_X + 40.0).to_string()} y1={y.to_string()} x2={(HOST_X - 45.0).to_string()} y2={y.to_string()} />
                { for extra }
                <rect x={(HOST_X - 45.0).to_string()} y={(y - 22.0).to_string()} width="100" height="44" rx="4" />
                <text x={(HOST_X + 5.0).to_string()} y={(y - 4.0).to_string()}
                    textLength={fit(&h.name, text_px, false, false, 92.0)} lengthAdjust="spacingAndGlyphs">{ h.name.clone() }</text>
                <text x={(HOST_X + 5.0).to_string()} y={(y + 14.0).to_string()} class="ip"
                    textLength={fit(&h.ip, IP_PX * scale, false, true, 92.0)} lengthAdjust="spacingAndGlyphs">{ h.ip.clone() }</text>
            </g>
        }
    });
    html! {
        <section class="topology" aria-label="topology">
            <svg viewBox="0 0 640 410" role="img" aria-label="lab topology" class={classes!(props.large.then_some("large"))}
                style={format!("--svg-text: {scale}")}>
                { for cables }
                { for flows }
                { for replication }
                <g class="port-labels">{ for port_labels }</g>
                { for switches }
                { for hosts }
                { for units }
                { for drops }
            </svg>
            if let Some(groups) = group_line(s) {
                <p class="group-list">{ groups }</p>
            }
            if !s.flows.is_empty() {
                <ol class="flow-list" aria-label="flows">
                    { for s.flows.iter().map(flow_line) }
                </ol>
            }
            <Legend />
        </section>
    }
}

/// Active/Active: which contexts each failover group carries.
fn group_line(s: &Snapshot) -> Option<String> {
    let groups = &s.units.iter().find(|u| !u.groups.is_empty())?.groups;
    let parts: Vec<String> = groups
        .iter()
        .map(|g| format!("group {}: context {}", g.id, g.contexts.join(", ")))
        .collect();
    Some(format!("Failover {}", parts.join(" · ")))
}

/// A flow in words, numbered as on the drawing: where the sessions go,
/// which unit forwards them, the context and group, and the return path.
fn flow_line(f: &crate::engine::FlowView) -> Html {
    let through = match f.forwarder {
        Some(u) => format!("through {}", u.name()),
        None => "no unit forwards them (outage)".to_string(),
    };
    let context = f
        .context
        .as_ref()
        .map(|(c, g)| format!(" · context {c}, group {g}"))
        .unwrap_or_default();
    let ret = f.ret.as_ref().map(|r| {
        let what = if !r.delivered {
            "dropped: no matching asr-group".to_string()
        } else if r.redirected {
            format!(
                "redirected by asr-group to {}",
                f.forwarder.map(|u| u.name()).unwrap_or("?")
            )
        } else {
            "same unit".to_string()
        };
        html! {
            <span class={classes!("return", (!r.delivered).then_some("blocked"))}>
                { format!(" · return via {}: {what}", r.unit.name()) }
            </span>
        }
    });
    html! {
        <li class={classes!(f.forwarder.is_none().then_some("stalled"))}>
            { format!("{} sessions {} → {} {through}{context}", f.sessions, f.from, f.to) }
            { for ret }
        </li>
    }
}

/// What the drawing's colours and strokes mean.
#[function_component(Legend)]
fn legend() -> Html {
    let item = |class: &'static str, text: &'static str| {
        html! { <li><span class={classes!("key", class)} aria-hidden="true"></span>{ text }</li> }
    };
    html! {
        <details class="legend" open=true>
            <summary>{ "Legend" }</summary>
            <ul>
                { item("k-data", "data cable, link up") }
                { item("k-failover", "failover LAN cable") }
                { item("k-stateful", "stateful link cable") }
                { item("k-down", "link down") }
                { item("k-unplugged", "unplugged (click a cable to pull or plug it)") }
                { item("k-active", "active unit or group") }
                { item("k-standby", "standby (incl. syncing)") }
                { item("k-failed", "failed") }
                { item("k-off", "powered off or booting") }
                { item("k-flow", "sessions (numbered, listed above)") }
                { item("k-return", "return traffic (asymmetric routing)") }
                { item("k-repl", "state updates to the standby") }
                <li><span class="key k-drop" aria-hidden="true">{ "✕" }</span>{ "dropped sessions, with the reason" }</li>
            </ul>
        </details>
    }
}
