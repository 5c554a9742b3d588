//! The token trees: one per mode and execution space. Each token carries
//! its help text and the name of the argument it yields; a token where a
//! line may end carries its [`Cmd`]: the handler and whether the command
//! changes the configuration, takes `no`, or enters a sub-mode. The `show`
//! subtree, shared by the exec and configuration trees, is built in
//! show.rs next to its handlers.

use std::sync::OnceLock;

use super::{
    context, exec, failover, files, group, interface, logging, object, pipe, show, trace, Cmd,
};
use crate::cli::{Node, Param};
use crate::unit::{Mode, Space};

pub(super) type N = Node<Cmd>;

/// `end`: back to privileged EXEC from any configuration mode.
fn end_node() -> N {
    kw("end", "Exit from configure mode").run(Cmd::exec(exec::end).no_standby_warning())
}

/// `exit` from a configuration sub-mode.
fn exit_node(help: &'static str) -> N {
    kw("exit", help).run(Cmd::exec(exec::exit).no_standby_warning())
}

#[inline(never)]
pub(super) fn kw(w: &'static str, h: &'static str) -> N {
    Node::kw(w, h)
}
/// Sorts tokens by keyword (parameters first), stably. One function for
/// every caller: each `sort_by_key` closure is its own copy of the sort in
/// the wasm bundle.
pub(super) fn sort_by_kw(v: &mut [N]) {
    crate::small::sort_small_by_key(v, |n| n.kw.unwrap_or(""));
}

/// A parameter and the name its value is read by.
#[inline(never)]
pub(super) fn p(param: Param, name: &'static str, h: &'static str) -> N {
    Node::param(param, h).named(name)
}

/// The tree of a mode in an execution space. User, exec and global
/// configuration commands take output modifiers (`| include ...`).
pub(super) fn tree_for(mode: &Mode, space: Space) -> &'static N {
    static USER: OnceLock<N> = OnceLock::new();
    static OBJECT: OnceLock<N> = OnceLock::new();
    static CTXDEF: OnceLock<N> = OnceLock::new();
    static FOGROUP: OnceLock<N> = OnceLock::new();
    static EXEC: [OnceLock<N>; 3] = [const { OnceLock::new() }; 3];
    static CONFIG: [OnceLock<N>; 3] = [const { OnceLock::new() }; 3];
    static IFACE: [OnceLock<N>; 3] = [const { OnceLock::new() }; 3];
    let i = space as usize;
    match mode {
        Mode::User => USER.get_or_init(|| user_tree().with_pipe(pipe::modifiers())),
        Mode::Exec => EXEC[i].get_or_init(|| exec_tree(space).with_pipe(pipe::modifiers())),
        Mode::Config => CONFIG[i].get_or_init(|| config_tree(space).with_pipe(pipe::modifiers())),
        Mode::Interface(_) => IFACE[i].get_or_init(|| interface_tree(space)),
        Mode::NetworkObject(_) => OBJECT.get_or_init(object_tree),
        Mode::Context(_) => CTXDEF.get_or_init(context_def_tree),
        Mode::FoGroup(_) => FOGROUP.get_or_init(fogroup_tree),
    }
}

/// Exec-level commands that also work in configuration modes.
fn exec_common(space: Space) -> Vec<N> {
    let write_memory = Cmd::exec(exec::write_memory);
    let copy = Cmd::exec(exec::copy_running_startup);
    let reload = Cmd::exec(exec::reload);
    let unsupported = Cmd::exec(exec::unsupported);
    let clear_conn = Cmd::exec(exec::clear_conn);
    let mut v = vec![
        show::tree(space),
        kw(
            "write",
            "Write running configuration to memory, network, or terminal",
        )
        .then(vec![
            kw("erase", "Erase the startup configuration").run(Cmd::exec(exec::write_erase)),
            kw("memory", "Write to flash memory")
                .run(write_memory)
                .then(if space == Space::System {
                    vec![kw("all", "Save the system and all context configurations")
                        .run(write_memory)]
                } else {
                    vec![]
                }),
            kw(
                "standby",
                "Write the running configuration to the standby unit",
            )
            .run(Cmd::exec(exec::write_standby)),
            kw("terminal", "Write to the terminal").run(Cmd::exec(exec::write_terminal)),
        ]),
        kw("copy", "Copy from one file to another").then(vec![
            kw("/noconfirm", "Do not prompt for confirmation").then(vec![kw(
                "running-config",
                "Copy the running configuration",
            )
            .then(vec![kw(
                "startup-config",
                "Copy to the startup configuration",
            )
            .run(copy)])]),
            kw("running-config", "Copy the running configuration").then(vec![kw(
                "startup-config",
                "Copy to the startup configuration",
            )
            .run(copy)]),
        ]),
        kw("reload", "Halt and reload system")
            .run(reload)
            .then(vec![kw(
                "noconfirm",
                "Reload without asking for confirmation",
            )
            .run(reload)]),
        kw("debug", "Debugging functions (see also 'undebug')").then(vec![p(
            Param::Line("LINE"),
            "options",
            "Debug options",
        )
        .run(unsupported)]),
        kw("ping", "Send echo messages").then(vec![p(
            Param::Line("LINE"),
            "destination",
            "Destination",
        )
        .run(unsupported)]),
        kw("clear", "Reset functions").then(vec![
            kw("conn", "Clear connections").run(clear_conn).then({
                let mut v = show::conn_filters(clear_conn, 3, false);
                v.push(kw("all", "Clear all connections, including to-the-box").run(clear_conn));
                sort_by_kw(&mut v);
                v
            }),
            kw("asp", "Clear accelerated security path counters").then(vec![kw(
                "drop",
                "Clear the accelerated security path drop counters",
            )
            .run(Cmd::exec(trace::clear_asp_drop))]),
            kw("logging", "Clear logging information").then(vec![kw(
                "buffer",
                "Clear the logging buffer",
            )
            .run(Cmd::exec(logging::clear_buffer))]),
            kw("xlate", "Clear current translation information").run(Cmd::exec(exec::clear_xlate)),
            p(Param::Line("LINE"), "what", "What to clear").run(unsupported),
        ]),
    ];
    if space != Space::System {
        // The system execution space passes no traffic.
        v.push(trace::tracer_node());
    }
    if space != Space::Context {
        // A context has no file system of its own.
        v.extend(files::nodes());
    }
    if space != Space::Single {
        let changeto = Cmd::exec(exec::changeto).no_standby_warning();
        v.push(
            kw("changeto", "Change to a context or the system").then(vec![
                kw("context", "Change to a security context").then(vec![p(
                    Param::Word("WORD"),
                    "name",
                    "Context name",
                )
                .run(changeto)]),
                kw("system", "Change to the system execution space").run(changeto),
            ]),
        );
    }
    v
}

/// `failover active` / `no failover active`, with `group N` in the system
/// execution space of a unit in multiple context mode.
fn failover_active_node(help: &'static str, space: Space) -> N {
    let cmd = Cmd::exec(failover::active).negatable();
    let n = kw("active", help).run(cmd);
    if space == Space::System {
        n.then(vec![kw("group", "Failover group").then(vec![p(
            Param::Int(1, 2),
            "group",
            "Failover group number",
        )
        .run(cmd)])])
    } else {
        n
    }
}

/// `failover reload-standby`.
/// `address INTERFACE ACTIVE_MAC STANDBY_MAC` after `failover mac` (global)
/// and `mac` (in a failover group).
fn mac_address_node(cmd: Cmd) -> N {
    kw("address", "Virtual MAC addresses of an interface").then(vec![p(
        Param::Interface,
        "port",
        "Physical interface",
    )
    .then(vec![p(
        Param::Mac,
        "active_mac",
        "Active MAC address (H.H.H)",
    )
    .then(vec![p(
        Param::Mac,
        "standby_mac",
        "Standby MAC address (H.H.H)",
    )
    .run(cmd)])])])
}

fn reload_standby_node() -> N {
    kw("reload-standby", "Force standby unit to reboot").run(Cmd::exec(failover::reload_standby))
}

fn failover_reset_node(space: Space) -> N {
    let cmd = Cmd::exec(failover::reset);
    let n = kw(
        "reset",
        "Force an unfailed state for both units of the failover pair",
    )
    .run(cmd);
    if space == Space::System {
        n.then(vec![kw("group", "Failover group").then(vec![p(
            Param::Int(1, 2),
            "group",
            "Failover group number",
        )
        .run(cmd)])])
    } else {
        n
    }
}

fn failover_exec_tree() -> N {
    let line = || {
        vec![p(Param::Line("LINE"), "command", "Command to execute")
            .run(Cmd::exec(failover::exec).no_standby_warning())]
    };
    kw("exec", "Execute command on the designated unit").then(vec![
        kw("active", "Execute command on the active unit")
            .named("target")
            .then(line()),
        kw("mate", "Execute command on the peer unit")
            .named("target")
            .then(line()),
        kw("standby", "Execute command on the standby unit")
            .named("target")
            .then(line()),
    ])
}

fn exec_tree(space: Space) -> N {
    let mut v = exec_common(space);
    let mut fo = vec![failover_exec_tree()];
    let mut no_fo = vec![];
    if space != Space::Context {
        fo.push(failover_active_node(
            "Make this system the active unit of the failover pair",
            space,
        ));
        fo.push(failover_reset_node(space));
        fo.push(reload_standby_node());
        no_fo.push(failover_active_node(
            "Make the other system the active unit of the failover pair",
            space,
        ));
    }
    v.extend(vec![
        kw("configure", "Configure using various methods").then(vec![kw(
            "terminal",
            "Configure using terminal/console",
        )
        .run(Cmd::exec(exec::configure_terminal))]),
        kw("disable", "Turn off privileged commands").run(Cmd::exec(exec::disable)),
        kw("enable", "Turn on privileged commands").run(Cmd::exec(exec::enable)),
        kw("exit", "Exit from the EXEC").run(Cmd::exec(exec::exit)),
        kw("failover", "Perform failover operations").then(fo),
    ]);
    if !no_fo.is_empty() {
        v.push(kw("no", "Negate a command").then(vec![
            kw("failover", "Perform failover operations").then(no_fo),
        ]));
    }
    let pager = Cmd::exec(exec::terminal_pager);
    v.push(kw("terminal", "Set terminal line parameters").then(vec![kw(
            "pager",
            "Control page length for pagination",
        )
        .run(pager)
        .then(vec![p(
            Param::Int(0, 2147483647),
            "lines",
            "Number of lines",
        )
        .run(pager)])]));
    Node::root(v)
}

fn user_tree() -> N {
    Node::root(vec![
        kw("enable", "Turn on privileged commands").run(Cmd::exec(exec::enable)),
        kw("exit", "Exit from the EXEC").run(Cmd::exec(exec::exit)),
        kw("show", "Show running system information").then(vec![
            kw("failover", "Show failover status").run(Cmd::exec(show::failover)),
            kw("version", "Display the system software version").run(Cmd::exec(show::version)),
            kw("clock", "Show the system clock").run(Cmd::exec(show::clock)),
        ]),
    ])
}

/// `[msec] POLL [holdtime [msec] HOLD]`: the arguments are named `poll`
/// or `poll_ms`, and `hold` or `hold_ms`.
fn polltime_holdtime(
    poll_ms: (u32, u32),
    poll_s: (u32, u32),
    hold_ms: Option<(u32, u32)>,
    hold_s: (u32, u32),
    cmd: Cmd,
) -> Vec<N> {
    let hold = move || {
        let mut v = vec![p(
            Param::Int(hold_s.0, hold_s.1),
            "hold",
            "Hold time in seconds",
        )
        .run(cmd)];
        if let Some(hm) = hold_ms {
            v.insert(
                0,
                kw("msec", "Specify the hold time in milliseconds").then(vec![p(
                    Param::Int(hm.0, hm.1),
                    "hold_ms",
                    "Hold time in milliseconds",
                )
                .run(cmd)]),
            );
        }
        vec![kw("holdtime", "Configure the hold time").then(v)]
    };
    vec![
        kw("msec", "Specify the poll time in milliseconds").then(vec![p(
            Param::Int(poll_ms.0, poll_ms.1),
            "poll_ms",
            "Poll time in milliseconds",
        )
        .run(cmd)
        .then(hold())]),
        p(
            Param::Int(poll_s.0, poll_s.1),
            "poll",
            "Poll time in seconds",
        )
        .run(cmd)
        .then(hold()),
    ]
}

/// `interface-policy N[%]` (global `failover` and failover group forms).
fn interface_policy_node(cmd: Cmd) -> N {
    kw(
        "interface-policy",
        "Set the policy for failover due to interface failures",
    )
    .then(vec![p(
        Param::CountOrPercent(1, 250, 1, 100),
        "policy",
        "Number (1-250) or percentage (1%-100%) of failed interfaces",
    )
    .run(cmd)])
}

fn config_tree(space: Space) -> N {
    let mut v = exec_common(space);
    let unit_poll = polltime_holdtime(
        (200, 999),
        (1, 15),
        Some((800, 999)),
        (1, 45),
        Cmd::config(failover::polltime_unit).negatable(),
    );
    let mut polltime = vec![
        kw(
            "interface",
            "Configure the data interface poll and hold times",
        )
        .then(polltime_holdtime(
            (500, 999),
            (1, 15),
            None,
            (5, 75),
            Cmd::config(failover::polltime_interface).negatable(),
        )),
        kw("unit", "Configure the unit poll and hold times").then(unit_poll.clone()),
    ];
    polltime.extend(unit_poll);
    // Each unit keeps its own role: not replicated (Table 34-1).
    let lan_unit = Cmd::config(failover::lan_unit).local();
    let link = Cmd::config(failover::link).negatable();
    let route = Cmd::config(object::route).negatable();
    let mode = Cmd::exec(context::mode);
    v.extend(vec![
        kw("domain-name", "Change domain name").then(vec![p(
            Param::Word("WORD"),
            "name",
            "Domain name",
        )
        .run(Cmd::config(object::domain_name).negatable())]),
        kw("enable", "Configure the enable password").then(vec![kw(
            "password",
            "Assign the privileged EXEC password",
        )
        .then(vec![p(Param::Line("LINE"), "password", "The password")
            .run(Cmd::config(object::enable_password))])]),
        end_node(),
        kw("exit", "Exit from config mode").run(Cmd::exec(exec::exit).no_standby_warning()),
        logging::config_node(),
        kw("failover", "Enable/disable failover feature")
            .run(Cmd::config(failover::enable).negatable())
            .then(vec![
                kw(
                    "active",
                    "Make this system the active unit of the failover pair",
                )
                .run(Cmd::exec(failover::active).negatable()),
                failover_exec_tree(),
                kw(
                    "interface",
                    "Configure the IP address of a failover interface",
                )
                .then(vec![kw("ip", "Configure the IP address").then(vec![p(
                    Param::Word("WORD"),
                    "name",
                    "Failover interface name",
                )
                .then(vec![p(Param::Ip, "ip", "Active IP address").then(vec![p(
                    Param::Mask,
                    "mask",
                    "Netmask",
                )
                .then(vec![kw("standby", "Standby IP address").then(vec![p(
                    Param::Ip,
                    "standby",
                    "Standby IP address",
                )
                .run(Cmd::config(failover::interface_ip).negatable())])])])])])]),
                interface_policy_node(Cmd::config(failover::interface_policy).negatable()),
                kw("key", "Configure the failover shared secret or key").then(vec![p(
                    Param::Line("WORD"),
                    "key",
                    "The shared secret",
                )
                .run(Cmd::config(failover::key).negatable())]),
                kw("lan", "Configure LAN-based failover").then(vec![
                    kw("interface", "Specify the failover LAN interface").then(vec![p(
                        Param::Word("WORD"),
                        "name",
                        "Failover interface name",
                    )
                    .then(vec![p(Param::Interface, "port", "Physical interface")
                        .run(Cmd::config(failover::lan_interface).negatable())])]),
                    kw("unit", "Specify the unit as primary or secondary").then(vec![
                        kw("primary", "Primary unit").named("role").run(lan_unit),
                        kw("secondary", "Secondary unit")
                            .named("role")
                            .run(lan_unit),
                    ]),
                ]),
                kw("link", "Configure the stateful failover link")
                    .run(link.negated_only())
                    .then(vec![p(
                        Param::Word("WORD"),
                        "name",
                        "Stateful failover interface name",
                    )
                    .run(link)
                    .then(vec![p(
                        Param::Interface,
                        "port",
                        "Physical interface",
                    )
                    .run(link)])]),
                kw(
                    "mac",
                    "Specify the virtual MAC address for a physical interface",
                )
                .then(vec![mac_address_node(
                    Cmd::config(failover::mac_address).negatable(),
                )]),
                kw("polltime", "Configure the failover poll and hold times").then(polltime),
                reload_standby_node(),
                kw("replication", "Configure replication options").then(vec![
                    kw("http", "Replicate HTTP connections")
                        .run(Cmd::config(failover::replication_http).negatable()),
                    kw("rate", "Connections per second replicated in a bulk sync")
                        .run(
                            Cmd::config(failover::replication_rate)
                                .negatable()
                                .negated_only(),
                        )
                        .then(vec![p(
                            Param::Int(1_000, 300_000),
                            "rate",
                            "Connections per second",
                        )
                        .run(Cmd::config(failover::replication_rate).negatable())]),
                ]),
                kw(
                    "reset",
                    "Force an unfailed state for both units of the failover pair",
                )
                .run(Cmd::exec(failover::reset)),
            ]),
        kw("hostname", "Change host name of the system").then(vec![p(
            Param::Word("WORD"),
            "name",
            "New name for this system",
        )
        .run(Cmd::config(object::hostname))]),
        kw("interface", "Select an interface to configure").then(vec![p(
            Param::Interface,
            "port",
            "Physical interface",
        )
        .run(Cmd::config(interface::enter).sub_mode())]),
        kw(
            "monitor-interface",
            "Enable failover monitoring of an interface",
        )
        .then(vec![p(
            Param::Word("WORD"),
            "name",
            "Name of the interface",
        )
        .run(Cmd::config(failover::monitor_interface).negatable())]),
        kw("mtu", "Specify MTU for an interface").then(vec![p(
            Param::Word("WORD"),
            "name",
            "Interface name",
        )
        .then(vec![
            p(Param::Int(64, 9198), "mtu", "MTU in bytes").run(Cmd::config(object::mtu))
        ])]),
        kw("names", "Enable the use of name commands").run(Cmd::config(object::names).negatable()),
        kw("object", "Configure an object").then(vec![kw("network", "Specify a network object")
            .then(vec![p(Param::Word("WORD"), "name", "Object name")
                .run(Cmd::config(object::enter).negatable().sub_mode())])]),
        kw("pager", "Control page length for pagination").then(vec![kw(
            "lines",
            "Number of lines per page",
        )
        .then(vec![p(
            Param::Int(0, 2147483647),
            "lines",
            "Number of lines",
        )
        // Not replicated: "terminal pager and pager" are on Cisco's list of
        // commands each unit keeps to itself.
        .run(Cmd::config(object::pager_lines).local())])]),
        kw("prompt", "Customize the command line prompt")
            .then(prompt_words(4, Cmd::config(object::prompt).negatable())),
        kw("route", "Configure a static route").then(vec![p(
            Param::Word("WORD"),
            "ifname",
            "Interface name",
        )
        .then(vec![p(Param::Ip, "net", "Destination network").then(vec![
            p(Param::Mask, "mask", "Netmask").then(vec![p(
                Param::Ip,
                "gateway",
                "Gateway address",
            )
            .run(route)
            .then(vec![
                p(Param::Int(1, 255), "distance", "Distance metric").run(route)
            ])]),
        ])])]),
    ]);
    if space != Space::Context {
        v.push(kw("mode", "Configure multi-context mode").then(vec![
            kw("multiple", "Multiple mode; mode with security contexts")
                .named("context_mode")
                .run(mode)
                .then(vec![kw("noconfirm", "Do not prompt for confirmation").run(mode)]),
            kw("single", "Single mode; mode without security contexts")
                .named("context_mode")
                .run(mode)
                .then(vec![kw("noconfirm", "Do not prompt for confirmation").run(mode)]),
        ]));
    }
    if space == Space::System {
        v.push(
            kw("admin-context", "Specify the admin context").then(vec![p(
                Param::Word("WORD"),
                "name",
                "Name of the admin context",
            )
            .run(Cmd::config(context::admin_context).negatable())]),
        );
        let mac_auto = Cmd::config(context::mac_auto).negatable();
        v.push(
            kw("mac-address", "Configure MAC address options").then(vec![kw(
                "auto",
                "Configure auto-generation of MAC addresses",
            )
            .run(mac_auto)
            .then(vec![kw("prefix", "Prefix of the generated MAC addresses")
                .then(vec![p(
                    Param::Int(0, 65535),
                    "prefix",
                    "Prefix (0-65535)",
                )
                .run(mac_auto)])])]),
        );
        v.push(kw("context", "Configure a security context").then(vec![p(
            Param::Word("WORD"),
            "name",
            "Name of the context (up to 32 characters)",
        )
        .run(Cmd::config(context::enter).negatable().sub_mode())]));
    }
    // What each execution space offers.
    let system_only = ["prompt", "admin-context", "context", "mode", "mac-address"];
    let context_only = [
        "monitor-interface",
        "mtu",
        "object",
        "route",
        "names",
        "logging",
    ];
    v.retain(|n| {
        let w = n.kw.unwrap_or("");
        match space {
            Space::Single => !matches!(w, "admin-context" | "context"),
            Space::System => !context_only.contains(&w),
            Space::Context => !system_only.contains(&w),
        }
    });
    for n in v.iter_mut().filter(|n| n.kw == Some("failover")) {
        match space {
            Space::Single => {}
            Space::Context => {
                // A context can only send commands to its peer context.
                n.action = None;
                n.children.retain(|c| c.kw == Some("exec"));
            }
            Space::System => {
                for c in n.children.iter_mut() {
                    match c.kw {
                        Some("active") => {
                            *c = failover_active_node(
                                "Make this system the active unit of the failover pair",
                                space,
                            )
                        }
                        Some("reset") => *c = failover_reset_node(space),
                        _ => {}
                    }
                }
                n.children
                    .push(kw("group", "Configure a failover group").then(vec![p(
                        Param::Int(1, 2),
                        "group",
                        "Failover group number",
                    )
                    .run(Cmd::config(group::enter).negatable().sub_mode())]));
                sort_by_kw(&mut n.children);
            }
        }
    }
    sort_by_kw(&mut v);
    Node::root(v)
}

/// `hostname(config-ctx)#`: defining a security context.
fn context_def_tree() -> N {
    Node::root(vec![
        kw("allocate-interface", "Allocate an interface to the context").then(vec![p(
            Param::Interface,
            "port",
            "Physical interface",
        )
        .run(Cmd::config(context::allocate_interface).negatable())]),
        kw("config-url", "Where the context's configuration is kept").then(vec![p(
            Param::Word("WORD"),
            "url",
            "URL, for example disk0:/ctx1.cfg",
        )
        .run(Cmd::config(context::config_url).negatable())]),
        kw("description", "Describe the context").then(vec![p(
            Param::Line("LINE"),
            "text",
            "Up to 200 characters describing this context",
        )
        .run(Cmd::config(context::description).negatable())]),
        end_node(),
        exit_node("Exit from context configuration mode"),
        kw(
            "join-failover-group",
            "Assign the context to a failover group",
        )
        .then(vec![p(Param::Int(1, 2), "group", "Failover group number")
            .run(Cmd::config(context::join_failover_group).negatable())]),
    ])
}

/// `hostname(config-fover-group)#`.
fn fogroup_tree() -> N {
    let role = Cmd::config(group::role);
    let preempt = Cmd::config(group::preempt).negatable();
    Node::root(vec![
        end_node(),
        exit_node("Exit from failover group configuration mode"),
        interface_policy_node(Cmd::config(group::interface_policy).negatable()),
        kw("mac", "Configure virtual MAC addresses").then(vec![mac_address_node(
            Cmd::config(group::mac_address).negatable(),
        )]),
        kw(
            "polltime",
            "Configure the data interface poll and hold times",
        )
        .then(vec![kw(
            "interface",
            "Configure the data interface poll and hold times",
        )
        .then(polltime_holdtime(
            (500, 999),
            (1, 15),
            None,
            (5, 75),
            Cmd::config(group::polltime).negatable(),
        ))]),
        kw(
            "preempt",
            "Let the group become active on its preferred unit",
        )
        .run(preempt)
        .then(vec![
            p(Param::Int(1, 1200), "delay", "Delay in seconds").run(preempt)
        ]),
        kw("primary", "The primary unit has the higher priority")
            .named("role")
            .run(role),
        kw("replication", "Configure replication options").then(vec![kw(
            "http",
            "Replicate HTTP connections",
        )
        .run(Cmd::config(group::replication_http).negatable())]),
        kw("secondary", "The secondary unit has the higher priority")
            .named("role")
            .run(role),
    ])
}

/// `prompt hostname state ...`: up to five parts, each named `part`.
fn prompt_words(depth: u8, cmd: Cmd) -> Vec<N> {
    let words: [(&'static str, &'static str); 5] = [
        ("context", "Display the context name"),
        ("domain", "Display the domain name"),
        ("hostname", "Display the hostname"),
        ("priority", "Display the failover priority (pri/sec)"),
        ("state", "Display the failover state (act/stby)"),
    ];
    words
        .iter()
        .map(|(w, h)| {
            let n = kw(w, h).named("part").run(cmd);
            if depth > 0 {
                n.then(prompt_words(depth - 1, cmd))
            } else {
                n
            }
        })
        .collect()
}

fn interface_tree(space: Space) -> N {
    let ip = Cmd::config(interface::ip_address).negatable();
    let mac = Cmd::config(interface::mac_address).negatable();
    let nameif = Cmd::config(interface::nameif).negatable();
    let level = Cmd::config(interface::security_level).negatable();
    let speed = Cmd::config(interface::speed).negatable();
    let mut v = vec![
        kw(
            "asr-group",
            "Assign the interface to an asymmetric routing group",
        )
        .then(vec![p(Param::Int(1, 32), "group", "ASR group number")
            .run(Cmd::config(interface::asr_group).negatable())]),
        kw("description", "Interface specific description").then(vec![p(
            Param::Line("LINE"),
            "text",
            "Up to 200 characters describing this interface",
        )
        .run(Cmd::config(interface::description).negatable())]),
        end_node(),
        exit_node("Exit from interface configuration mode"),
        kw("ip", "Configure the IP address").then(vec![kw("address", "Configure the IP address")
            .run(ip)
            .then(vec![p(Param::Ip, "ip", "IP address").then(vec![p(
                Param::Mask,
                "mask",
                "Netmask",
            )
            .run(ip)
            .then(vec![kw("standby", "Configure the standby address")
                .then(vec![p(
                    Param::Ip,
                    "standby",
                    "Standby IP address",
                )
                .run(ip)])])])])]),
        kw("mac-address", "Configure the MAC address").then(vec![p(
            Param::Mac,
            "mac",
            "Active MAC address (H.H.H)",
        )
        .run(mac)
        .then(vec![kw("standby", "Configure the standby MAC address")
            .then(vec![p(
                Param::Mac,
                "standby_mac",
                "Standby MAC address (H.H.H)",
            )
            .run(mac)])])]),
        kw("nameif", "Assign name to interface")
            .run(nameif)
            .then(vec![p(
                Param::Word("WORD"),
                "name",
                "Name of the interface (up to 48 characters)",
            )
            .run(nameif)]),
        kw(
            "security-level",
            "Specify the security level of this interface",
        )
        .run(level)
        .then(vec![
            p(Param::Int(0, 100), "level", "Security level value").run(level)
        ]),
        kw("shutdown", "Shutdown the selected interface")
            .run(Cmd::config(interface::shutdown).negatable()),
        kw("speed", "Configure speed operation").then(vec![
            kw("10", "Force 10 Mbps operation").named("mbps").run(speed),
            kw("100", "Force 100 Mbps operation")
                .named("mbps")
                .run(speed),
            kw("1000", "Force 1000 Mbps operation")
                .named("mbps")
                .run(speed),
            kw("auto", "Enable auto speed configuration")
                .named("mbps")
                .run(speed),
        ]),
    ];
    // The system space owns the physical port; a context its layer 3.
    v.retain(|n| match (space, n.kw.unwrap_or("")) {
        (Space::System, w) => matches!(w, "description" | "end" | "exit" | "shutdown" | "speed"),
        (Space::Context, w) => !matches!(w, "speed"),
        (Space::Single, w) => w != "asr-group",
    });
    Node::root(v)
}

fn object_tree() -> N {
    let nat = Cmd::config(object::nat).negatable();
    Node::root(vec![
        end_node(),
        exit_node("Exit from network object configuration mode"),
        kw("host", "Enter this keyword to specify a single host object").then(vec![p(
            Param::Ip,
            "ip",
            "IP address of the host",
        )
        .run(Cmd::config(object::host))]),
        kw("nat", "Enable NAT on a singleton object").then(vec![p(
            Param::Word("(real_ifc,mapped_ifc)"),
            "interfaces",
            "Interfaces",
        )
        .then(vec![
            kw("dynamic", "Specify NAT type as dynamic").then(vec![
                kw("interface", "Use the mapped interface address (PAT)").run(nat),
                p(Param::Ip, "mapped", "Mapped IP address").run(nat),
            ]),
            kw("static", "Specify NAT type as static").then(vec![p(
                Param::Ip,
                "mapped",
                "Mapped IP address",
            )
            .run(nat)]),
        ])]),
        kw("subnet", "Enter this keyword to specify a subnet").then(vec![p(
            Param::Ip,
            "net",
            "Network address",
        )
        .then(vec![
            p(Param::Mask, "mask", "Netmask").run(Cmd::config(object::subnet))
        ])]),
    ])
}
