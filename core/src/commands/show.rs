//! `show ...`: the subtree, and handlers that hand their arguments to the
//! renderers in [`crate::show`].

use super::tree::{kw, p, N};
use super::{failover::fexec_device, Cmd, Ctx, Output};
use crate::cli::{Args, Param};
use crate::show as render;
use crate::unit::Space;

/// The `show` subtree of the exec and configuration trees (what a space
/// offers: the system space passes no traffic; single mode has no
/// contexts or failover groups).
pub(super) fn tree(space: Space) -> N {
    let show = Cmd::exec;
    let fexec_targets = || {
        let c = show(failover_exec);
        vec![
            kw("active", "Show failover exec mode of the active unit")
                .named("target")
                .run(c),
            kw("mate", "Show failover exec mode of the mate unit")
                .named("target")
                .run(c),
            kw("standby", "Show failover exec mode of the standby unit")
                .named("target")
                .run(c),
        ]
    };
    let context_cmd = show(context);
    let conn_cmd = show(conn);
    let interface_cmd = show(interface);
    let running_interface_cmd = show(running_interface);
    let xlate_cmd = show(xlate);
    let mut items = vec![
        kw("arp", "Show the ARP table").run(show(arp)),
        kw("asp", "Show accelerated security path information").then(vec![kw(
            "drop",
            "Show the packets the accelerated security path dropped",
        )
        .run(show(super::trace::show_asp_drop))]),
        kw("clock", "Show the system clock").run(show(clock)),
        kw("context", "Show context information")
            .run(context_cmd)
            .then(vec![
                kw("detail", "Show detailed context information").run(context_cmd)
            ]),
        kw("conn", "Show connection information")
            .run(conn_cmd)
            .then({
                let mut v = conn_filters(conn_cmd, 3, true);
                v.push(kw("count", "Show the number of connections in use").run(conn_cmd));
                super::tree::sort_by_kw(&mut v);
                v
            }),
        kw("crypto", "Show crypto information").then(vec![kw("ikev2", "Show IKEv2 information")
            .then(vec![
                kw("sa", "Show IKEv2 security associations").run(show(crypto_ikev2_sa))
            ])]),
        kw("failover", "Show failover status")
            .run(show(failover))
            .then(vec![
                kw("exec", "Show failover command execution information").then(fexec_targets()),
                kw("group", "Show failover group information").then(vec![p(
                    Param::Int(1, 2),
                    "group",
                    "Failover group number",
                )
                .run(show(failover_group))]),
                kw("descriptor", "Show failover interface descriptors")
                    .run(show(failover_descriptor)),
                kw("history", "Show failover switching history")
                    .run(show(failover_history))
                    .then(vec![
                        kw("details", "Show the history of both units").run(show(failover_history))
                    ]),
                kw("interface", "Show failover command interface information")
                    .run(show(failover_interface)),
                kw("state", "Show failover internal state information").run(show(failover_state)),
                kw("statistics", "Show failover communication statistics")
                    .run(show(failover_statistics)),
            ]),
        kw("igmp", "Show IGMP information").then(vec![kw(
            "groups",
            "Show IGMP group membership information",
        )
        .run(show(igmp_groups))]),
        kw("interface", "Show interface status and information")
            .run(interface_cmd)
            .then(vec![
                kw("detail", "Show detailed interface information").run(interface_cmd),
                kw("ip", "Show interface IP information").then(vec![kw(
                    "brief",
                    "Show brief interface IP information",
                )
                .run(show(interface_ip_brief))]),
                p(Param::Interface, "port", "Physical interface name")
                    .run(interface_cmd)
                    .then(vec![
                        kw("detail", "Show detailed interface information").run(interface_cmd)
                    ]),
            ]),
        kw("firewall", "Show the firewall mode").run(show(firewall)),
        kw("ip", "Show IP information")
            .run(show(ip_address))
            .then(vec![
                kw("address", "Show IP address information").run(show(ip_address))
            ]),
        kw(
            "local-host",
            "Show the hosts with connections through the unit",
        )
        .run(show(local_host))
        .then(vec![
            p(Param::Ip, "host", "IP address of a host").run(show(local_host))
        ]),
        kw("logging", "Show the logging buffer and settings").run(show(super::logging::show)),
        kw("mode", "Show the security context mode").run(show(mode)),
        kw("nameif", "Show interface names and security levels").run(show(nameif)),
        kw(
            "monitor-interface",
            "Show the failover monitored interfaces",
        )
        .run(show(monitor_interface)),
        kw("mroute", "Show multicast routing table").run(show(mroute)),
        kw("running-config", "Show the current operating configuration")
            .run(show(running))
            .then(vec![
                kw("failover", "Show failover configuration").run(show(running_failover)),
                kw("interface", "Show interface configuration")
                    .run(running_interface_cmd)
                    .then(vec![p(Param::Interface, "port", "Physical interface name")
                        .run(running_interface_cmd)]),
                kw("logging", "Show logging configuration").run(show(running_logging)),
                kw(
                    "monitor-interface",
                    "Show interface monitoring configuration",
                )
                .run(show(running_monitor)),
                kw("route", "Show static route configuration").run(show(running_route)),
            ]),
        kw("route", "Show the routing table").run(show(route)),
        kw("startup-config", "Show the startup configuration").run(show(startup)),
        kw("version", "Display the system software version").run(show(version)),
        kw("vpn-sessiondb", "Show VPN session information")
            .run(show(vpn_sessiondb))
            .then(vec![
                kw("summary", "Show VPN session summary").run(show(vpn_sessiondb))
            ]),
        kw("xlate", "Show current translation information")
            .run(xlate_cmd)
            .then(vec![
                kw("count", "Show the number of translations in use").run(xlate_cmd)
            ]),
    ];
    if space == Space::System {
        // The system execution space passes no traffic.
        items.retain(|n| {
            !matches!(
                n.kw,
                Some("conn" | "xlate" | "arp" | "route" | "logging" | "asp" | "local-host")
            )
        });
        for n in items.iter_mut().filter(|n| n.kw == Some("running-config")) {
            n.children
                .retain(|c| !matches!(c.kw, Some("route" | "monitor-interface" | "logging")));
        }
    }
    if space != Space::Single {
        // Multicast routing and VPN tunnels are single context mode
        // features in the lab ("VPN failover is available only for
        // Active/Standby Failover configurations in single context
        // configurations").
        items.retain(|n| !matches!(n.kw, Some("igmp" | "mroute" | "crypto" | "vpn-sessiondb")));
    }
    if space == Space::Single {
        items.retain(|n| n.kw != Some("context"));
        for n in items.iter_mut().filter(|n| n.kw == Some("failover")) {
            n.children.retain(|c| c.kw != Some("group"));
        }
    }
    kw("show", "Show running system information").then(items)
}

/// `[address IP] [port N] [protocol P] [long|detail]` after `show conn`
/// (and `address IP` ... after `clear conn`), in any order, each once.
pub(super) fn conn_filters(cmd: Cmd, depth: u8, show: bool) -> Vec<N> {
    let next = |n: N| {
        if depth > 1 {
            n.then(conn_filters(cmd, depth - 1, show))
        } else {
            n
        }
    };
    let mut v = vec![
        kw("address", "Display connections by IP address")
            .then(vec![next(p(Param::Ip, "address", "IP address").run(cmd))]),
        kw("port", "Display connections by port").then(vec![next(
            p(Param::Int(1, 65535), "conn_port", "Port number").run(cmd),
        )]),
        kw("protocol", "Display connections by protocol").then(
            [
                ("sctp", "SCTP connections"),
                ("tcp", "TCP connections"),
                ("udp", "UDP connections"),
            ]
            .into_iter()
            .map(|(w, h)| next(kw(w, h).named("conn_proto").run(cmd)))
            .collect(),
        ),
    ];
    if show {
        v.push(kw("detail", "Display detailed connection information").run(cmd));
        v.push(kw("long", "Display connections in long format").run(cmd));
    }
    v
}

type Shown = Result<Output, super::CliError>;

fn ctx_name<'a>(c: &'a Ctx<'_>) -> Option<&'a str> {
    c.session.context.as_deref()
}

pub(super) fn failover(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::failover(c.lab, c.u))
}

pub(super) fn failover_state(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::failover_state(c.lab, c.u))
}

pub(super) fn failover_history(c: &mut Ctx<'_>, a: &Args) -> Shown {
    Ok(if a.has("details") {
        render::failover_history_details(c.lab, c.u)
    } else {
        render::failover_history(c.lab, c.u)
    })
}

pub(super) fn failover_descriptor(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::failover_descriptor(c.lab, c.u))
}

pub(super) fn running_monitor(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(c.cfg()
        .render()
        .into_iter()
        .filter(|l| l.starts_with("monitor-interface ") || l.starts_with("no monitor-interface "))
        .collect())
}

pub(super) fn failover_interface(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::failover_interface(c.lab, c.u))
}

pub(super) fn failover_statistics(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::failover_statistics(c.lab, c.u))
}

/// `show failover exec active|standby|mate`.
pub(super) fn failover_exec(c: &mut Ctx<'_>, a: &Args) -> Shown {
    let which = a.keyword("target").unwrap_or("mate");
    let (target, label) = fexec_device(c.lab, c.u, c.session, which);
    let f = &c.unit().fexec;
    let mode = if target == c.u { &f.local } else { &f.mate };
    Ok(vec![
        format!("{label} unit Failover EXEC is at {}", mode.fexec_words()),
        String::new(),
    ])
}

pub(super) fn failover_group(c: &mut Ctx<'_>, a: &Args) -> Shown {
    let g = a.int("group").map_or(1, |g| g as u8);
    Ok(render::failover_group(c.lab, c.u, g))
}

pub(super) fn running(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(c.cfg().render())
}

pub(super) fn running_failover(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(c.unit().running.render_failover())
}

pub(super) fn running_interface(c: &mut Ctx<'_>, a: &Args) -> Shown {
    Ok(render::running_interface(
        c.lab,
        c.u,
        a.port("port").ok(),
        ctx_name(c),
    ))
}

pub(super) fn startup(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(match (&c.unit().startup, ctx_name(c)) {
        (Some(cfg), Some(ctx)) => cfg
            .contexts
            .get(ctx)
            .map(|d| d.cfg.render())
            .unwrap_or_default(),
        (Some(cfg), None) => cfg.render(),
        (None, _) => vec![],
    })
}

pub(super) fn context(c: &mut Ctx<'_>, a: &Args) -> Shown {
    Ok(render::context(c.lab, c.u, a.has("detail"), c.session))
}

pub(super) fn monitor_interface(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::monitor_interface(c.lab, c.u, ctx_name(c)))
}

pub(super) fn interface(c: &mut Ctx<'_>, a: &Args) -> Shown {
    Ok(render::interface(
        c.lab,
        c.u,
        a.port("port").ok(),
        a.has("detail"),
        ctx_name(c),
    ))
}

pub(super) fn interface_ip_brief(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::interface_ip_brief(c.lab, c.u, ctx_name(c)))
}

pub(super) fn version(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::version(c.lab, c.u, ctx_name(c)))
}

pub(super) fn clock(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(vec![c.lab.now().asa_clock_long()])
}

/// The connection filters of a `show conn` or `clear conn` line.
pub(super) fn conn_query(a: &Args) -> render::ConnQuery {
    render::ConnQuery {
        address: a.ip("address").ok(),
        port: a.int("conn_port").ok(),
        protocol: a.keyword("conn_proto").ok().map(str::to_string),
        count_only: a.has("count"),
        style: if a.has("detail") {
            render::ConnStyle::Detail
        } else if a.has("long") {
            render::ConnStyle::Long
        } else {
            render::ConnStyle::Short
        },
    }
}

pub(super) fn conn(c: &mut Ctx<'_>, a: &Args) -> Shown {
    Ok(render::conn(c.lab, c.u, &conn_query(a), ctx_name(c)))
}

pub(super) fn xlate(c: &mut Ctx<'_>, a: &Args) -> Shown {
    Ok(render::xlate(c.lab, c.u, a.has("count"), ctx_name(c)))
}

pub(super) fn arp(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::arp(c.lab, c.u, ctx_name(c)))
}

pub(super) fn firewall(c: &mut Ctx<'_>, _: &Args) -> Shown {
    let cfg = &c.unit().running;
    if !(cfg.multiple && c.session.context.is_none()) {
        return Ok(vec!["Firewall mode: Router".into()]);
    }
    // The system execution space: each context's mode.
    let mut out = vec![format!("{:4}{:24}Mode ", "", "Context")];
    for name in cfg.contexts.keys() {
        out.push(format!("{name:28}Router"));
    }
    out.extend([String::new(), String::new()]);
    Ok(out)
}

pub(super) fn mode(c: &mut Ctx<'_>, _: &Args) -> Shown {
    let m = if c.unit().running.multiple {
        "multiple"
    } else {
        "single"
    };
    Ok(vec![format!("Security context mode: {m} "), String::new()])
}

/// `show igmp groups`.
pub(super) fn igmp_groups(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::igmp_groups(c.lab, c.u))
}

/// `show mroute`.
pub(super) fn mroute(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::mroute(c.lab, c.u))
}

/// `show vpn-sessiondb [summary]`.
pub(super) fn vpn_sessiondb(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::vpn_sessiondb(c.lab, c.u))
}

/// `show crypto ikev2 sa`.
pub(super) fn crypto_ikev2_sa(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::crypto_ikev2_sa(c.lab, c.u))
}

pub(super) fn route(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::route(c.lab, c.u, ctx_name(c)))
}

pub(super) fn running_route(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(c.cfg()
        .render()
        .into_iter()
        .filter(|l| l.starts_with("route "))
        .collect())
}

pub(super) fn nameif(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::nameif(c.lab, c.u, ctx_name(c)))
}

pub(super) fn ip_address(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(render::ip_address(c.lab, c.u, ctx_name(c)))
}

pub(super) fn local_host(c: &mut Ctx<'_>, a: &Args) -> Shown {
    Ok(render::local_host(
        c.lab,
        c.u,
        a.ip("host").ok(),
        ctx_name(c),
    ))
}

pub(super) fn running_logging(c: &mut Ctx<'_>, _: &Args) -> Shown {
    Ok(c.cfg().render_logging())
}
