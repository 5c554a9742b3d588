//! The topology as SVG: both units with their failover state, the switches
//! and hosts, and every cable with its link state. Cables and power buttons
//! are controls (click, Enter or Space).

use asa_core::net::{Port, UnitId};
use yew::prelude::*;

use crate::engine::{CableRole, Snapshot};

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub snapshot: Snapshot,
    pub on_cable: Callback<(UnitId, Port)>,
    pub on_power: Callback<UnitId>,
}

const UNIT_X: f64 = 150.0;
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

/// The colour class of a failover state word.
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
    let sw_y = |name: &str| {
        s.switches
            .iter()
            .position(|x| x == name)
            .map(|i| switch_y(i, n))
    };
    let cables = s.cables.iter().map(|c| {
        let (x1, y1) = (UNIT_X + 65.0, unit_y(c.unit));
        let port_off = c.port.number() as f64 * 9.0 - 18.0;
        let (x2, y2, path) = if let Some(i) = s.switches.iter().position(|n| *n == c.far) {
            let (x2, y2) = (SWITCH_X - 40.0, switch_y(i, n));
            (x2, y2, format!("M {x1} {} L {x2} {y2}", y1 + port_off))
        } else {
            // Back-to-back cables between the units, drawn on the left.
            let bend = if c.role == CableRole::FailoverLan { 40.0 } else { 70.0 };
            let (ya, yb) = (unit_y(UnitId::Primary) + 30.0, unit_y(UnitId::Secondary) - 30.0);
            let x = UNIT_X - bend;
            (x, yb, format!("M {} {ya} C {x} {ya}, {x} {yb}, {} {yb}", UNIT_X - 20.0, UNIT_X - 20.0))
        };
        let _ = (x2, y2);
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
            return html! {
                <g class={classes!("cable", role, state, "twin")} role="button" tabindex="0"
                    aria-label={twin} aria-pressed={(!c.plugged).to_string()} {onclick} {onkeydown}>
                    <title>{ format!("{} ↔ {}: {state}", c.port.name(), c.far) }</title>
                    <circle cx={(UNIT_X - 20.0).to_string()} cy={(unit_y(UnitId::Secondary) - 30.0 + port_off / 3.0).to_string()} r="5" />
                </g>
            };
        }
        html! {
            <g class={classes!("cable", role, state)} role="button" tabindex="0"
                aria-label={label} aria-pressed={(!c.plugged).to_string()} {onclick} {onkeydown}>
                <title>{ format!("{} {} → {}: {state}", c.unit.name(), c.port.name(), c.far) }</title>
                <path d={path} />
            </g>
        }
    });
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
        let (top, height, power_y) = if aa { (y - 44.0, 92.0, y + 34.0) } else { (y - 40.0, 80.0, y + 26.0) };
        html! {
            <g class={classes!("unit", class)} aria-label={label}>
                <rect x={(UNIT_X - 65.0).to_string()} y={top.to_string()} width="130" height={height.to_string()} rx="8" />
                if aa {
                    <text x={UNIT_X.to_string()} y={(y - 24.0).to_string()} class="unit-name">{ format!("{} ({})", u.id.name(), u.role.word()) }</text>
                    { for u.groups.iter().enumerate().map(|(i, g)| html! {
                        <text x={(UNIT_X - 58.0).to_string()} y={(y - 4.0 + 18.0 * i as f64).to_string()}
                            class={classes!("group-state", g.status.look().class())}>
                            <title>{ format!("failover group {}: {} (contexts: {})", g.id, g.status, g.contexts.join(", ")) }</title>
                            { format!("G{} {}", g.id, g.status) }
                        </text>
                    }) }
                } else {
                    <text x={UNIT_X.to_string()} y={(y - 12.0).to_string()} class="unit-name">{ format!("{} ({})", u.id.name(), u.role.word()) }</text>
                    <text x={UNIT_X.to_string()} y={(y + 12.0).to_string()} class="unit-state">{ u.status.to_string() }</text>
                }
                <g class="power" role="button" tabindex="0" aria-label={format!("power {}", u.id.name())}
                    aria-pressed={u.powered.to_string()} {onclick} {onkeydown}>
                    <circle cx={(UNIT_X + 48.0).to_string()} cy={power_y.to_string()} r="9" />
                    <g class="power-icon" transform={format!("translate({} {})", UNIT_X + 48.0, power_y + 1.0)}>
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
    let flows = s.flows.iter().filter_map(|f| {
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
                    UNIT_X + 65.0,
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
                        UNIT_X + 65.0
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
                html! {
                    <>
                        <g class="flow" aria-label={label.clone()}>
                            <title>{ format!("{label}, through {}", u.name()) }</title>
                            <path d={d} />
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
        html! {
            <g class="drops" aria-label="dropped sessions">
                { for s.drops.iter().enumerate().map(|(i, d)| html! {
                    <text x="8" y={(395.0 - 14.0 * (s.drops.len() - 1 - i) as f64).to_string()}>{ format!("✕ {d}") }</text>
                }) }
            </g>
        }
    });
    let switches = s.switches.iter().enumerate().map(|(i, name)| {
        let y = switch_y(i, n);
        html! {
            <g class="switch">
                <rect x={(SWITCH_X - 40.0).to_string()} y={(y - 16.0).to_string()} width="80" height="32" rx="4" />
                <text x={SWITCH_X.to_string()} y={(y + 5.0).to_string()}>{ name.clone() }</text>
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
                <text x={(HOST_X + 5.0).to_string()} y={(y - 4.0).to_string()}>{ h.name.clone() }</text>
                <text x={(HOST_X + 5.0).to_string()} y={(y + 14.0).to_string()} class="ip">{ h.ip.clone() }</text>
            </g>
        }
    });
    html! {
        <section class="topology" aria-label="topology">
            <svg viewBox="0 0 640 410" role="img" aria-label="lab topology">
                { for cables }
                { for flows }
                { for replication }
                { for switches }
                { for hosts }
                { for units }
                { for drops }
            </svg>
        </section>
    }
}
