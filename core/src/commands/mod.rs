//! The ASA command set: one token tree per mode (data), and the handlers
//! that run a parsed command against the lab.

use std::sync::OnceLock;

use crate::cli::{self, Arg, Node, Param, ParseError};
use crate::config::{IfAddr, NatKind, ObjectNat, PollHold, PromptPart, Role, Route};
use crate::event::EventKind;
use crate::failover::InterfacePolicy;
use crate::lab::Lab;
use crate::net::{Ip, Port, UnitId};
use crate::show;
use crate::time::Duration;
use crate::unit::{Mode, Pending, Session, Space};

/// Every command the lab understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmd {
    // modes
    ConfigureTerminal,
    Enable,
    Disable,
    Exit,
    End,
    Interface,
    ObjectNetwork,
    // exec
    WriteMemory,
    WriteTerminal,
    WriteStandby,
    WriteErase,
    CopyRunStart,
    Reload,
    FailoverActive,
    FailoverReset,
    FailoverExec,
    TerminalPager,
    Unsupported,
    ClearConn,
    ClearXlate,
    Changeto,
    // show
    Show(ShowCmd),
    // global configuration
    Hostname,
    DomainName,
    FailoverEnable,
    FailoverLanUnit,
    FailoverLanInterface,
    FailoverLink,
    FailoverInterfaceIp,
    FailoverKey,
    FailoverReplicationHttp,
    FailoverPolltimeUnit,
    FailoverPolltimeInterface,
    FailoverInterfacePolicy,
    MonitorInterface,
    Route,
    Prompt,
    EnablePassword,
    Names,
    PagerLines,
    Mtu,
    ModeCmd,
    AdminContext,
    ContextEnter,
    FailoverGroup,
    // context definition (system)
    CtxAllocate,
    CtxConfigUrl,
    CtxJoinGroup,
    CtxDescription,
    // failover group
    GrpRole,
    GrpPreempt,
    GrpReplicationHttp,
    GrpInterfacePolicy,
    GrpPolltime,
    GrpMac,
    // interface
    Nameif,
    SecurityLevel,
    IpAddress,
    Shutdown,
    Description,
    MacAddress,
    Speed,
    AsrGroup,
    // network object
    ObjHost,
    ObjSubnet,
    ObjNat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShowCmd {
    Failover,
    FailoverState,
    FailoverHistory,
    FailoverInterface,
    FailoverStatistics,
    FailoverExec,
    Running,
    RunningFailover,
    RunningInterface,
    Startup,
    MonitorInterface,
    Interface,
    InterfaceIpBrief,
    Version,
    Clock,
    Conn,
    Xlate,
    Arp,
    Mode,
    Firewall,
    Context,
    FailoverGroup,
}

impl Cmd {
    /// Configuration commands change the running configuration (and are
    /// replicated to the standby unit).
    fn is_config(self) -> bool {
        matches!(
            self,
            Cmd::Hostname
                | Cmd::DomainName
                | Cmd::FailoverEnable
                | Cmd::FailoverLanInterface
                | Cmd::FailoverLink
                | Cmd::FailoverInterfaceIp
                | Cmd::FailoverKey
                | Cmd::FailoverReplicationHttp
                | Cmd::FailoverPolltimeUnit
                | Cmd::FailoverPolltimeInterface
                | Cmd::FailoverInterfacePolicy
                | Cmd::MonitorInterface
                | Cmd::Route
                | Cmd::Prompt
                | Cmd::EnablePassword
                | Cmd::Names
                | Cmd::PagerLines
                | Cmd::Mtu
                | Cmd::Nameif
                | Cmd::SecurityLevel
                | Cmd::IpAddress
                | Cmd::Shutdown
                | Cmd::Description
                | Cmd::MacAddress
                | Cmd::Speed
                | Cmd::ObjHost
                | Cmd::ObjSubnet
                | Cmd::ObjNat
                | Cmd::Interface
                | Cmd::ObjectNetwork
                | Cmd::AdminContext
                | Cmd::ContextEnter
                | Cmd::FailoverGroup
                | Cmd::CtxAllocate
                | Cmd::CtxConfigUrl
                | Cmd::CtxJoinGroup
                | Cmd::CtxDescription
                | Cmd::GrpRole
                | Cmd::GrpPreempt
                | Cmd::GrpReplicationHttp
                | Cmd::GrpInterfacePolicy
                | Cmd::GrpPolltime
                | Cmd::GrpMac
                | Cmd::AsrGroup
        )
    }
    /// Commands that enter a configuration sub-mode.
    fn enters_sub_mode(self) -> bool {
        matches!(
            self,
            Cmd::Interface | Cmd::ObjectNetwork | Cmd::ContextEnter | Cmd::FailoverGroup
        )
    }
}

type N = Node<Cmd>;

fn kw(w: &'static str, h: &'static str) -> N {
    Node::kw(w, h)
}
fn p(param: Param, h: &'static str) -> N {
    Node::param(param, h)
}

fn show_tree(space: Space) -> N {
    use ShowCmd as S;
    let show = |s| Cmd::Show(s);
    let fexec_targets = || {
        vec![
            kw("active", "Show failover exec mode of the active unit").run(show(S::FailoverExec)),
            kw("mate", "Show failover exec mode of the mate unit").run(show(S::FailoverExec)),
            kw("standby", "Show failover exec mode of the standby unit").run(show(S::FailoverExec)),
        ]
    };
    let mut items = vec![
        kw("arp", "Show the ARP table").run(show(S::Arp)),
        kw("clock", "Show the system clock").run(show(S::Clock)),
        kw("context", "Show context information")
            .run(show(S::Context))
            .then(vec![
                kw("detail", "Show detailed context information").run(show(S::Context))
            ]),
        kw("conn", "Show connection information")
            .run(show(S::Conn))
            .then(vec![
                kw("count", "Show the number of connections in use").run(show(S::Conn))
            ]),
        kw("failover", "Show failover status")
            .run(show(S::Failover))
            .then(vec![
                kw("exec", "Show failover command execution information").then(fexec_targets()),
                kw("group", "Show failover group information").then(vec![p(
                    Param::Int(1, 2),
                    "Failover group number",
                )
                .run(show(S::FailoverGroup))]),
                kw("history", "Show failover switching history").run(show(S::FailoverHistory)),
                kw("interface", "Show failover command interface information")
                    .run(show(S::FailoverInterface)),
                kw("state", "Show failover internal state information").run(show(S::FailoverState)),
                kw("statistics", "Show failover communication statistics")
                    .run(show(S::FailoverStatistics)),
            ]),
        kw("interface", "Show interface status and information")
            .run(show(S::Interface))
            .then(vec![
                kw("detail", "Show detailed interface information").run(show(S::Interface)),
                kw("ip", "Show interface IP information").then(vec![kw(
                    "brief",
                    "Show brief interface IP information",
                )
                .run(show(S::InterfaceIpBrief))]),
                p(Param::Interface, "Physical interface name")
                    .run(show(S::Interface))
                    .then(vec![
                        kw("detail", "Show detailed interface information").run(show(S::Interface))
                    ]),
            ]),
        kw("firewall", "Show the firewall mode").run(show(S::Firewall)),
        kw("mode", "Show the security context mode").run(show(S::Mode)),
        kw(
            "monitor-interface",
            "Show the failover monitored interfaces",
        )
        .run(show(S::MonitorInterface)),
        kw("running-config", "Show the current operating configuration")
            .run(show(S::Running))
            .then(vec![
                kw("failover", "Show failover configuration").run(show(S::RunningFailover)),
                kw("interface", "Show interface configuration")
                    .run(show(S::RunningInterface))
                    .then(vec![p(Param::Interface, "Physical interface name")
                        .run(show(S::RunningInterface))]),
            ]),
        kw("startup-config", "Show the startup configuration").run(show(S::Startup)),
        kw("version", "Display the system software version").run(show(S::Version)),
        kw("xlate", "Show current translation information")
            .run(show(S::Xlate))
            .then(vec![
                kw("count", "Show the number of translations in use").run(show(S::Xlate))
            ]),
    ];
    if space == Space::System {
        // The system execution space passes no traffic.
        items.retain(|n| !matches!(n.kw, Some("conn" | "xlate" | "arp")));
    }
    if space == Space::Single {
        items.retain(|n| n.kw != Some("context"));
        for n in items.iter_mut().filter(|n| n.kw == Some("failover")) {
            n.children.retain(|c| c.kw != Some("group"));
        }
    }
    kw("show", "Show running system information").then(items)
}

/// Exec-level commands that also work in configuration modes.
fn exec_common(space: Space) -> Vec<N> {
    let mut v = vec![
        show_tree(space),
        kw(
            "write",
            "Write running configuration to memory, network, or terminal",
        )
        .then(vec![
            kw("erase", "Erase the startup configuration").run(Cmd::WriteErase),
            kw("memory", "Write to flash memory")
                .run(Cmd::WriteMemory)
                .then(if space == Space::System {
                    vec![kw("all", "Save the system and all context configurations")
                        .run(Cmd::WriteMemory)]
                } else {
                    vec![]
                }),
            kw(
                "standby",
                "Write the running configuration to the standby unit",
            )
            .run(Cmd::WriteStandby),
            kw("terminal", "Write to the terminal").run(Cmd::WriteTerminal),
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
            .run(Cmd::CopyRunStart)])]),
            kw("running-config", "Copy the running configuration").then(vec![kw(
                "startup-config",
                "Copy to the startup configuration",
            )
            .run(Cmd::CopyRunStart)]),
        ]),
        kw("reload", "Halt and reload system")
            .run(Cmd::Reload)
            .then(vec![kw(
                "noconfirm",
                "Reload without asking for confirmation",
            )
            .run(Cmd::Reload)]),
        kw("debug", "Debugging functions (see also 'undebug')").then(vec![p(
            Param::Line("LINE"),
            "Debug options",
        )
        .run(Cmd::Unsupported)]),
        kw("ping", "Send echo messages").then(vec![
            p(Param::Line("LINE"), "Destination").run(Cmd::Unsupported)
        ]),
        kw("clear", "Reset functions").then(vec![
            kw("conn", "Clear connections")
                .run(Cmd::ClearConn)
                .then(vec![kw(
                    "all",
                    "Clear all connections, including to-the-box",
                )
                .run(Cmd::ClearConn)]),
            kw("xlate", "Clear current translation information").run(Cmd::ClearXlate),
            p(Param::Line("LINE"), "What to clear").run(Cmd::Unsupported),
        ]),
    ];
    if space != Space::Single {
        v.push(
            kw("changeto", "Change to a context or the system").then(vec![
                kw("context", "Change to a security context").then(vec![p(
                    Param::Word("WORD"),
                    "Context name",
                )
                .run(Cmd::Changeto)]),
                kw("system", "Change to the system execution space").run(Cmd::Changeto),
            ]),
        );
    }
    v
}

/// `failover active` / `no failover active`, with `group N` in the system
/// execution space of a unit in multiple context mode.
fn failover_active_node(help: &'static str, space: Space) -> N {
    let n = kw("active", help).run(Cmd::FailoverActive);
    if space == Space::System {
        n.then(vec![kw("group", "Failover group").then(vec![p(
            Param::Int(1, 2),
            "Failover group number",
        )
        .run(Cmd::FailoverActive)])])
    } else {
        n
    }
}

fn failover_reset_node(space: Space) -> N {
    let n = kw(
        "reset",
        "Force an unfailed state for both units of the failover pair",
    )
    .run(Cmd::FailoverReset);
    if space == Space::System {
        n.then(vec![kw("group", "Failover group").then(vec![p(
            Param::Int(1, 2),
            "Failover group number",
        )
        .run(Cmd::FailoverReset)])])
    } else {
        n
    }
}

fn failover_exec_tree() -> N {
    let line = || vec![p(Param::Line("LINE"), "Command to execute").run(Cmd::FailoverExec)];
    kw("exec", "Execute command on the designated unit").then(vec![
        kw("active", "Execute command on the active unit").then(line()),
        kw("mate", "Execute command on the peer unit").then(line()),
        kw("standby", "Execute command on the standby unit").then(line()),
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
        .run(Cmd::ConfigureTerminal)]),
        kw("disable", "Turn off privileged commands").run(Cmd::Disable),
        kw("enable", "Turn on privileged commands").run(Cmd::Enable),
        kw("exit", "Exit from the EXEC").run(Cmd::Exit),
        kw("failover", "Perform failover operations").then(fo),
    ]);
    if !no_fo.is_empty() {
        v.push(kw("no", "Negate a command").then(vec![
            kw("failover", "Perform failover operations").then(no_fo),
        ]));
    }
    v.extend(vec![kw("terminal", "Set terminal line parameters").then(
        vec![kw("pager", "Control page length for pagination")
            .run(Cmd::TerminalPager)
            .then(vec![
                p(Param::Int(0, 2147483647), "Number of lines").run(Cmd::TerminalPager)
            ])],
    )]);
    Node::root(v)
}

fn user_tree() -> N {
    Node::root(vec![
        kw("enable", "Turn on privileged commands").run(Cmd::Enable),
        kw("exit", "Exit from the EXEC").run(Cmd::Exit),
        kw("show", "Show running system information").then(vec![
            kw("failover", "Show failover status").run(Cmd::Show(ShowCmd::Failover)),
            kw("version", "Display the system software version").run(Cmd::Show(ShowCmd::Version)),
            kw("clock", "Show the system clock").run(Cmd::Show(ShowCmd::Clock)),
        ]),
    ])
}

fn polltime_holdtime(
    poll_ms: (u32, u32),
    poll_s: (u32, u32),
    hold_ms: Option<(u32, u32)>,
    hold_s: (u32, u32),
    cmd: Cmd,
) -> Vec<N> {
    let hold = move || {
        let mut v = vec![p(Param::Int(hold_s.0, hold_s.1), "Hold time in seconds").run(cmd)];
        if let Some(hm) = hold_ms {
            v.insert(
                0,
                kw("msec", "Specify the hold time in milliseconds").then(vec![p(
                    Param::Int(hm.0, hm.1),
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
            "Poll time in milliseconds",
        )
        .run(cmd)
        .then(hold())]),
        p(Param::Int(poll_s.0, poll_s.1), "Poll time in seconds")
            .run(cmd)
            .then(hold()),
    ]
}

fn config_tree(space: Space) -> N {
    let mut v = exec_common(space);
    let unit_poll = polltime_holdtime(
        (200, 999),
        (1, 15),
        Some((800, 999)),
        (1, 45),
        Cmd::FailoverPolltimeUnit,
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
            Cmd::FailoverPolltimeInterface,
        )),
        kw("unit", "Configure the unit poll and hold times").then(unit_poll.clone()),
    ];
    polltime.extend(unit_poll);
    v.extend(vec![
        kw("domain-name", "Change domain name").then(vec![
            p(Param::Word("WORD"), "Domain name").run(Cmd::DomainName)
        ]),
        kw("enable", "Configure the enable password").then(vec![kw(
            "password",
            "Assign the privileged EXEC password",
        )
        .then(vec![
            p(Param::Line("LINE"), "The password").run(Cmd::EnablePassword)
        ])]),
        kw("end", "Exit from configure mode").run(Cmd::End),
        kw("exit", "Exit from config mode").run(Cmd::Exit),
        kw("failover", "Enable/disable failover feature")
            .run(Cmd::FailoverEnable)
            .then(vec![
                kw(
                    "active",
                    "Make this system the active unit of the failover pair",
                )
                .run(Cmd::FailoverActive),
                failover_exec_tree(),
                kw(
                    "interface",
                    "Configure the IP address of a failover interface",
                )
                .then(vec![kw("ip", "Configure the IP address").then(vec![p(
                    Param::Word("WORD"),
                    "Failover interface name",
                )
                .then(vec![p(Param::Ip, "Active IP address").then(vec![p(
                    Param::Mask,
                    "Netmask",
                )
                .then(vec![kw("standby", "Standby IP address").then(vec![p(
                    Param::Ip,
                    "Standby IP address",
                )
                .run(Cmd::FailoverInterfaceIp)])])])])])]),
                interface_policy_node(Cmd::FailoverInterfacePolicy),
                kw("key", "Configure the failover shared secret or key").then(vec![p(
                    Param::Line("WORD"),
                    "The shared secret",
                )
                .run(Cmd::FailoverKey)]),
                kw("lan", "Configure LAN-based failover").then(vec![
                    kw("interface", "Specify the failover LAN interface").then(vec![p(
                        Param::Word("WORD"),
                        "Failover interface name",
                    )
                    .then(vec![
                        p(Param::Interface, "Physical interface").run(Cmd::FailoverLanInterface)
                    ])]),
                    kw("unit", "Specify the unit as primary or secondary").then(vec![
                        kw("primary", "Primary unit").run(Cmd::FailoverLanUnit),
                        kw("secondary", "Secondary unit").run(Cmd::FailoverLanUnit),
                    ]),
                ]),
                kw("link", "Configure the stateful failover link").then(vec![p(
                    Param::Word("WORD"),
                    "Stateful failover interface name",
                )
                .run(Cmd::FailoverLink)
                .then(vec![
                    p(Param::Interface, "Physical interface").run(Cmd::FailoverLink)
                ])]),
                kw("polltime", "Configure the failover poll and hold times").then(polltime),
                kw("replication", "Configure replication options").then(vec![kw(
                    "http",
                    "Replicate HTTP connections",
                )
                .run(Cmd::FailoverReplicationHttp)]),
                kw(
                    "reset",
                    "Force an unfailed state for both units of the failover pair",
                )
                .run(Cmd::FailoverReset),
            ]),
        kw("hostname", "Change host name of the system").then(vec![p(
            Param::Word("WORD"),
            "New name for this system",
        )
        .run(Cmd::Hostname)]),
        kw("interface", "Select an interface to configure").then(vec![p(
            Param::Interface,
            "Physical interface",
        )
        .run(Cmd::Interface)]),
        kw(
            "monitor-interface",
            "Enable failover monitoring of an interface",
        )
        .then(vec![
            p(Param::Word("WORD"), "Name of the interface").run(Cmd::MonitorInterface)
        ]),
        kw("mtu", "Specify MTU for an interface").then(vec![p(
            Param::Word("WORD"),
            "Interface name",
        )
        .then(vec![p(Param::Int(64, 9198), "MTU in bytes").run(Cmd::Mtu)])]),
        kw("names", "Enable the use of name commands").run(Cmd::Names),
        kw("object", "Configure an object")
            .then(vec![kw("network", "Specify a network object").then(vec![
                p(Param::Word("WORD"), "Object name").run(Cmd::ObjectNetwork),
            ])]),
        kw("pager", "Control page length for pagination").then(vec![kw(
            "lines",
            "Number of lines per page",
        )
        .then(vec![
            p(Param::Int(0, 2147483647), "Number of lines").run(Cmd::PagerLines)
        ])]),
        kw("prompt", "Customize the command line prompt").then(prompt_words(4)),
        kw("route", "Configure a static route").then(vec![p(
            Param::Word("WORD"),
            "Interface name",
        )
        .then(vec![p(Param::Ip, "Destination network").then(vec![p(
            Param::Mask,
            "Netmask",
        )
        .then(vec![p(Param::Ip, "Gateway address")
            .run(Cmd::Route)
            .then(vec![
                p(Param::Int(1, 255), "Distance metric").run(Cmd::Route)
            ])])])])]),
    ]);
    if space != Space::Context {
        v.push(kw("mode", "Configure multi-context mode").then(vec![
            kw("multiple", "Multiple mode; mode with security contexts")
                .run(Cmd::ModeCmd)
                .then(vec![kw("noconfirm", "Do not prompt for confirmation").run(Cmd::ModeCmd)]),
            kw("single", "Single mode; mode without security contexts")
                .run(Cmd::ModeCmd)
                .then(vec![kw("noconfirm", "Do not prompt for confirmation").run(Cmd::ModeCmd)]),
        ]));
    }
    if space == Space::System {
        v.push(kw("admin-context", "Specify the admin context").then(vec![
            p(Param::Word("WORD"), "Name of the admin context").run(Cmd::AdminContext),
        ]));
        v.push(kw("context", "Configure a security context").then(vec![p(
            Param::Word("WORD"),
            "Name of the context (up to 32 characters)",
        )
        .run(Cmd::ContextEnter)]));
    }
    // What each execution space offers.
    let system_only = ["prompt", "admin-context", "context", "mode"];
    let context_only = ["monitor-interface", "mtu", "object", "route", "names"];
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
                    .push(kw("group", "Configure a failover group").then(vec![
                        p(Param::Int(1, 2), "Failover group number").run(Cmd::FailoverGroup),
                    ]));
                n.children.sort_by_key(|c| c.kw.unwrap_or(""));
            }
        }
    }
    v.sort_by_key(|n| n.kw.unwrap_or(""));
    Node::root(v)
}

/// `hostname(config-ctx)#`: defining a security context.
fn context_def_tree() -> N {
    Node::root(vec![
        kw("allocate-interface", "Allocate an interface to the context").then(vec![p(
            Param::Interface,
            "Physical interface",
        )
        .run(Cmd::CtxAllocate)]),
        kw("config-url", "Where the context's configuration is kept").then(vec![p(
            Param::Word("WORD"),
            "URL, for example disk0:/ctx1.cfg",
        )
        .run(Cmd::CtxConfigUrl)]),
        kw("description", "Describe the context").then(vec![p(
            Param::Line("LINE"),
            "Up to 200 characters describing this context",
        )
        .run(Cmd::CtxDescription)]),
        kw("end", "Exit from configure mode").run(Cmd::End),
        kw("exit", "Exit from context configuration mode").run(Cmd::Exit),
        kw(
            "join-failover-group",
            "Assign the context to a failover group",
        )
        .then(vec![
            p(Param::Int(1, 2), "Failover group number").run(Cmd::CtxJoinGroup)
        ]),
    ])
}

/// `interface-policy N[%]` (global `failover` and failover group forms).
fn interface_policy_node(cmd: Cmd) -> N {
    kw(
        "interface-policy",
        "Set the policy for failover due to interface failures",
    )
    .then(vec![p(
        Param::CountOrPercent(1, 250, 1, 100),
        "Number (1-250) or percentage (1%-100%) of failed interfaces",
    )
    .run(cmd)])
}

/// `hostname(config-fover-group)#`.
fn fogroup_tree() -> N {
    Node::root(vec![
        kw("end", "Exit from configure mode").run(Cmd::End),
        kw("exit", "Exit from failover group configuration mode").run(Cmd::Exit),
        interface_policy_node(Cmd::GrpInterfacePolicy),
        kw("mac", "Configure virtual MAC addresses").then(vec![kw(
            "address",
            "Virtual MAC addresses of an interface",
        )
        .then(vec![p(Param::Interface, "Physical interface").then(vec![
            p(Param::Mac, "Active MAC address (H.H.H)").then(vec![p(
                Param::Mac,
                "Standby MAC address (H.H.H)",
            )
            .run(Cmd::GrpMac)]),
        ])])]),
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
            Cmd::GrpPolltime,
        ))]),
        kw(
            "preempt",
            "Let the group become active on its preferred unit",
        )
        .run(Cmd::GrpPreempt)
        .then(vec![
            p(Param::Int(1, 1200), "Delay in seconds").run(Cmd::GrpPreempt)
        ]),
        kw("primary", "The primary unit has the higher priority").run(Cmd::GrpRole),
        kw("replication", "Configure replication options").then(vec![kw(
            "http",
            "Replicate HTTP connections",
        )
        .run(Cmd::GrpReplicationHttp)]),
        kw("secondary", "The secondary unit has the higher priority").run(Cmd::GrpRole),
    ])
}

fn prompt_words(depth: u8) -> Vec<N> {
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
            let n = kw(w, h).run(Cmd::Prompt);
            if depth > 0 {
                n.then(prompt_words(depth - 1))
            } else {
                n
            }
        })
        .collect()
}

fn interface_tree(space: Space) -> N {
    let mut v = vec![
        kw(
            "asr-group",
            "Assign the interface to an asymmetric routing group",
        )
        .then(vec![
            p(Param::Int(1, 32), "ASR group number").run(Cmd::AsrGroup)
        ]),
        kw("description", "Interface specific description").then(vec![p(
            Param::Line("LINE"),
            "Up to 200 characters describing this interface",
        )
        .run(Cmd::Description)]),
        kw("end", "Exit from configure mode").run(Cmd::End),
        kw("exit", "Exit from interface configuration mode").run(Cmd::Exit),
        kw("ip", "Configure the IP address").then(vec![kw("address", "Configure the IP address")
            .run(Cmd::IpAddress)
            .then(vec![p(Param::Ip, "IP address").then(vec![p(
                Param::Mask,
                "Netmask",
            )
            .run(Cmd::IpAddress)
            .then(vec![kw("standby", "Configure the standby address")
                .then(vec![
                    p(Param::Ip, "Standby IP address").run(Cmd::IpAddress)
                ])])])])]),
        kw("mac-address", "Configure the MAC address").then(vec![p(
            Param::Mac,
            "Active MAC address (H.H.H)",
        )
        .run(Cmd::MacAddress)
        .then(vec![kw("standby", "Configure the standby MAC address")
            .then(vec![
                p(Param::Mac, "Standby MAC address (H.H.H)").run(Cmd::MacAddress)
            ])])]),
        kw("nameif", "Assign name to interface")
            .run(Cmd::Nameif)
            .then(vec![p(
                Param::Word("WORD"),
                "Name of the interface (up to 48 characters)",
            )
            .run(Cmd::Nameif)]),
        kw(
            "security-level",
            "Specify the security level of this interface",
        )
        .run(Cmd::SecurityLevel)
        .then(vec![
            p(Param::Int(0, 100), "Security level value").run(Cmd::SecurityLevel)
        ]),
        kw("shutdown", "Shutdown the selected interface").run(Cmd::Shutdown),
        kw("speed", "Configure speed operation").then(vec![
            kw("10", "Force 10 Mbps operation").run(Cmd::Speed),
            kw("100", "Force 100 Mbps operation").run(Cmd::Speed),
            kw("1000", "Force 1000 Mbps operation").run(Cmd::Speed),
            kw("auto", "Enable auto speed configuration").run(Cmd::Speed),
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
    Node::root(vec![
        kw("end", "Exit from configure mode").run(Cmd::End),
        kw("exit", "Exit from network object configuration mode").run(Cmd::Exit),
        kw("host", "Enter this keyword to specify a single host object").then(vec![p(
            Param::Ip,
            "IP address of the host",
        )
        .run(Cmd::ObjHost)]),
        kw("nat", "Enable NAT on a singleton object").then(vec![p(
            Param::Word("(real_ifc,mapped_ifc)"),
            "Interfaces",
        )
        .then(vec![
            kw("dynamic", "Specify NAT type as dynamic").then(vec![
                kw("interface", "Use the mapped interface address (PAT)").run(Cmd::ObjNat),
                p(Param::Ip, "Mapped IP address").run(Cmd::ObjNat),
            ]),
            kw("static", "Specify NAT type as static").then(vec![p(
                Param::Ip,
                "Mapped IP address",
            )
            .run(Cmd::ObjNat)]),
        ])]),
        kw("subnet", "Enter this keyword to specify a subnet").then(vec![p(
            Param::Ip,
            "Network address",
        )
        .then(vec![p(Param::Mask, "Netmask").run(Cmd::ObjSubnet)])]),
    ])
}

fn tree_for(mode: &Mode, space: Space) -> &'static N {
    static USER: OnceLock<N> = OnceLock::new();
    static OBJECT: OnceLock<N> = OnceLock::new();
    static CTXDEF: OnceLock<N> = OnceLock::new();
    static FOGROUP: OnceLock<N> = OnceLock::new();
    static EXEC: [OnceLock<N>; 3] = [const { OnceLock::new() }; 3];
    static CONFIG: [OnceLock<N>; 3] = [const { OnceLock::new() }; 3];
    static IFACE: [OnceLock<N>; 3] = [const { OnceLock::new() }; 3];
    let i = space as usize;
    match mode {
        Mode::User => USER.get_or_init(user_tree),
        Mode::Exec => EXEC[i].get_or_init(|| exec_tree(space)),
        Mode::Config => CONFIG[i].get_or_init(|| config_tree(space)),
        Mode::Interface(_) => IFACE[i].get_or_init(|| interface_tree(space)),
        Mode::NetworkObject(_) => OBJECT.get_or_init(object_tree),
        Mode::Context(_) => CTXDEF.get_or_init(context_def_tree),
        Mode::FoGroup(_) => FOGROUP.get_or_init(fogroup_tree),
    }
}

/// Where a command line came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Typed on the unit's console.
    Console,
    /// Replicated from the active unit.
    Replicated,
    /// Replayed from a configuration file (boot, sync, lab setup).
    Config,
    /// Sent by `failover exec` from the mate (or this unit).
    Fexec,
}

/// Splits `CMD | include X` into the command and its output filter.
/// Byte offset of the word after the first `n` whitespace-separated words.
fn nth_word_start(text: &str, n: usize) -> Option<usize> {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if seen == n {
                return Some(i);
            }
            seen += 1;
            in_word = true;
        }
    }
    None
}

fn split_filter(line: &str) -> (&str, Option<(String, String)>) {
    if let Some((cmd, filt)) = line.split_once('|') {
        let mut words = filt.split_whitespace();
        let kind = words.next().unwrap_or("").to_ascii_lowercase();
        let rest: Vec<&str> = words.collect();
        (cmd, Some((kind, rest.join(" "))))
    } else {
        (line, None)
    }
}

fn apply_filter(lines: Vec<String>, filt: &(String, String)) -> Result<Vec<String>, String> {
    let (kind, pat) = filt;
    let invalid = || "ERROR: % Invalid input detected at '^' marker.".to_string();
    let (kind, pat) = if kind == "grep" {
        match pat.strip_prefix("-v ") {
            Some(p) => ("exclude".to_string(), p.to_string()),
            None => ("include".to_string(), pat.clone()),
        }
    } else {
        (kind.clone(), pat.clone())
    };
    let re = crate::regex::Regex::new(&pat).ok_or_else(invalid)?;
    let is = |full: &str| !kind.is_empty() && full.starts_with(kind.as_str());
    Ok(if is("include") {
        lines.into_iter().filter(|l| re.is_match(l)).collect()
    } else if is("exclude") {
        lines.into_iter().filter(|l| !re.is_match(l)).collect()
    } else if is("begin") {
        lines.into_iter().skip_while(|l| !re.is_match(l)).collect()
    } else {
        return Err(invalid());
    })
}

/// The `?` help for a partly typed line in a session's mode.
pub fn help(mode: &Mode, space: Space, before: &str) -> Vec<String> {
    let stripped = strip_no(mode, before);
    match cli::help(tree_for(mode, space), stripped) {
        Ok(items) if items.is_empty() => vec!["ERROR: % Unrecognized command".into()],
        Ok(items) => {
            let mut out = Vec::new();
            if before.trim().is_empty() || before.ends_with(' ') {
                out.push(String::new());
            }
            let with_cr = items.iter().any(|i| i.word == "<cr>");
            let sub_mode = mode.is_sub();
            let mut items = items;
            if with_cr && !sub_mode {
                let at = items.len() - 1;
                items.insert(
                    at,
                    cli::HelpItem {
                        word: "|".into(),
                        help: "Output modifiers".into(),
                    },
                );
            }
            out.extend(cli::format_help(&items));
            out
        }
        Err(_) => vec!["ERROR: % Unrecognized command".into()],
    }
}

/// Tab completion for a partly typed line.
pub fn complete(mode: &Mode, space: Space, line: &str) -> (String, Vec<String>) {
    let stripped = strip_no(mode, line);
    let offset = line.len() - stripped.len();
    let (done, cands) = cli::complete(tree_for(mode, space), stripped);
    (format!("{}{}", &line[..offset], done), cands)
}

/// The policy an `interface-policy` command sets (`no` restores the default).
fn policy_arg(args: &[Arg], negated: bool) -> InterfacePolicy {
    match args.last() {
        _ if negated => InterfacePolicy::default(),
        Some(Arg::Percent(n)) => InterfacePolicy::Percent(*n as u8),
        Some(Arg::Int(n)) => InterfacePolicy::Count(*n as u16),
        _ => InterfacePolicy::default(),
    }
}

/// The ASA's error lines for a parse error; `prompt_len` places the caret.
fn format_error(err: &ParseError, prompt_len: usize, line: &str) -> Vec<String> {
    match err {
        ParseError::Invalid { col, .. } => {
            vec![
                format!("{}^", " ".repeat(prompt_len + col)),
                "ERROR: % Invalid input detected at '^' marker.".into(),
            ]
        }
        ParseError::Incomplete { .. } => vec!["ERROR: % Incomplete command".into()],
        ParseError::Ambiguous { .. } => {
            vec![format!("ERROR: % Ambiguous command:  \"{}\"", line.trim())]
        }
    }
}

/// In configuration modes, `no CMD` parses CMD.
fn strip_no<'a>(mode: &Mode, line: &'a str) -> &'a str {
    if !mode.is_config() {
        return line;
    }
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("no ") {
        rest
    } else {
        line
    }
}

impl Lab {
    /// Types a line at a unit's console: the prompt and line are echoed,
    /// then whatever the command prints.
    pub fn type_line(&mut self, u: UnitId, line: &str) {
        let unit = self.unit(u);
        if !unit.powered || unit.booting {
            return;
        }
        let mut session = std::mem::take(&mut self.unit_mut(u).session);
        let prompt = self.unit(u).prompt_for(&session);
        let out = if let Some(pending) = session.pending.take() {
            let shown = if pending == Pending::EnablePassword {
                String::new()
            } else {
                line.to_string()
            };
            self.unit_mut(u).say(shown);
            self.answer_pending(u, &mut session, pending, line)
        } else if let Some(before) = line.strip_suffix('?') {
            self.unit_mut(u).say(format!("{prompt}{line}"));
            help(&session.mode, self.unit(u).space_of(&session), before)
        } else {
            self.unit_mut(u).say(format!("{prompt}{line}"));
            // The echo comes before anything the command makes the mate print.
            self.collect_console();
            self.run_line(
                u,
                &mut session,
                line,
                Origin::Console,
                prompt.chars().count(),
            )
        };
        let unit = self.unit_mut(u);
        unit.console.extend(out);
        if unit.powered {
            unit.session = session;
        }
    }

    /// Runs a line on a unit's console without echoing it; returns the
    /// output (used by `expect`).
    pub fn run_capture(&mut self, u: UnitId, line: &str) -> Vec<String> {
        let unit = self.unit(u);
        if !unit.powered || unit.booting {
            return Vec::new();
        }
        let mut session = std::mem::take(&mut self.unit_mut(u).session);
        let plen = self.unit(u).prompt_for(&session).chars().count();
        let out = if let Some(before) = line.strip_suffix('?') {
            help(&session.mode, self.unit(u).space_of(&session), before)
        } else {
            self.run_line(u, &mut session, line, Origin::Console, plen)
        };
        if self.unit(u).powered {
            self.unit_mut(u).session = session;
        }
        out
    }

    /// The `?` help for a unit console's current line.
    pub fn console_help(&self, u: UnitId, before: &str) -> Vec<String> {
        help(&self.unit(u).session.mode, self.unit(u).space(), before)
    }
    /// Tab completion at a unit console.
    pub fn console_complete(&self, u: UnitId, line: &str) -> (String, Vec<String>) {
        complete(&self.unit(u).session.mode, self.unit(u).space(), line)
    }

    /// Applies configuration text as if typed in global configuration mode.
    pub fn apply_config_text(&mut self, u: UnitId, lines: &[String]) -> Vec<String> {
        let mut session = Session::config(None);
        let mut errors = Vec::new();
        for l in lines {
            let t = l.trim_end();
            if t.is_empty() || t.starts_with('!') || t.starts_with(':') {
                continue;
            }
            let out = self.run_line(u, &mut session, t, Origin::Config, 0);
            if out.iter().any(|o| o.starts_with("ERROR")) {
                errors.push(format!("{t}: {}", out.join(" ")));
            }
        }
        errors
    }

    fn answer_pending(
        &mut self,
        u: UnitId,
        session: &mut Session,
        pending: Pending,
        answer: &str,
    ) -> Vec<String> {
        let a = answer.trim().to_ascii_lowercase();
        match pending {
            Pending::ReloadConfirm => {
                if a.is_empty() || a.starts_with('y') {
                    self.reload(u);
                    vec![]
                } else {
                    vec![]
                }
            }
            Pending::CopySource => {
                session.pending = Some(Pending::CopyDest);
                vec!["Destination filename [startup-config]? ".into()]
            }
            Pending::CopyDest => {
                let ctx = session.context.clone();
                self.save_config(u, true, ctx.as_deref(), false)
            }
            Pending::EnablePassword => {
                session.mode = Mode::Exec;
                vec![]
            }
            Pending::ModeConfirm(multiple) => {
                if !(a.is_empty() || a.starts_with('y')) {
                    return vec![];
                }
                self.convert_mode(u, multiple, true);
                vec![]
            }
        }
    }

    /// Converts the configuration to multiple (or single) context mode,
    /// writes it to flash and reloads; `asked` prints the second question
    /// as answered with Enter.
    fn convert_mode(&mut self, u: UnitId, multiple: bool, asked: bool) {
        let cfg = self.unit(u).running.clone();
        let converted = if multiple {
            cfg.to_multiple()
        } else {
            cfg.to_single()
        };
        self.unit_mut(u).startup = Some(converted);
        let mut out: Vec<String> = Vec::new();
        if asked {
            out.push("Convert the system configuration? [confirm]".into());
        }
        out.push("!".into());
        if multiple {
            out.push("The old running configuration file will be written to flash".into());
            out.push("The admin context configuration will be written to flash".into());
            out.push("The new running configuration file was written to flash".into());
        }
        out.push(
            "Security context mode: ".to_string() + if multiple { "multiple" } else { "single" },
        );
        self.unit_mut(u).console.extend(out);
        self.reload(u);
    }

    /// Parses and runs one line in a session. `prompt_len` places the caret.
    pub(crate) fn run_line(
        &mut self,
        u: UnitId,
        session: &mut Session,
        line: &str,
        origin: Origin,
        prompt_len: usize,
    ) -> Vec<String> {
        let (cmd_text, filter) = split_filter(line);
        if cmd_text.trim().is_empty() {
            return Vec::new();
        }
        let mut negated = false;
        let mut text = cmd_text;
        let mut offset = 0;
        if session.mode.is_config() {
            let t = cmd_text.trim_start();
            let lead = cmd_text.len() - t.len();
            if let Some(rest) = t.strip_prefix("no ") {
                negated = true;
                offset = lead + 3;
                text = rest;
            }
        }
        // Parse in the session's mode; sub-modes fall back to global configuration.
        let space = self.unit(u).space_of(session);
        let first = cli::parse(tree_for(&session.mode, space), text);
        let (parsed, in_parent) = match first {
            Ok(p) => (p, false),
            Err(e) => {
                let sub_mode = session.mode.is_sub();
                let fallback = sub_mode.then(|| cli::parse(tree_for(&Mode::Config, space), text));
                // When the global configuration tree got further, its error is the one to show.
                let e = match &fallback {
                    Some(Err(ge)) if matches!(e, ParseError::Invalid { col: 0, .. }) => ge.clone(),
                    _ => e,
                };
                match fallback.and_then(|r| r.ok()) {
                    Some(p) => (p, true),
                    None => {
                        let shifted = match e {
                            ParseError::Invalid { col, candidates } => ParseError::Invalid {
                                col: col + offset,
                                candidates,
                            },
                            ParseError::Ambiguous {
                                col,
                                word,
                                candidates,
                            } => ParseError::Ambiguous {
                                col: col + offset,
                                word,
                                candidates,
                            },
                            other => other,
                        };
                        return format_error(&shifted, prompt_len, cmd_text);
                    }
                }
            }
        };
        if in_parent && parsed.cmd.is_config() {
            session.mode = Mode::Config;
        }
        let is_config = parsed.cmd.is_config();
        // A configuration change on the standby is not replicated.
        let mut out = Vec::new();
        let unit = self.unit(u);
        let g = unit.group_for_session(session);
        if is_config
            && origin == Origin::Console
            && unit.running.failover.enabled
            && unit.fo.state_of(g).is_standby()
            && !session.warned_standby
            && !parsed.cmd.enters_sub_mode()
        {
            session.warned_standby = true;
            out.push("**** WARNING ****".into());
            out.push(
                "\tConfiguration Replication is NOT performed from Standby unit to Active unit."
                    .into(),
            );
            out.push("\tConfigurations are no longer synchronized.".into());
        }
        let mode_before = session.mode.clone();
        let args: Vec<Arg> = parsed.args.iter().map(|(_, a)| a.clone()).collect();
        let result = self.execute(u, session, parsed.cmd, &args, negated, origin, line);
        let ok = !result.iter().any(|l| l.starts_with("ERROR"));
        out.extend(result);
        if ok && is_config && matches!(origin, Origin::Console | Origin::Fexec) {
            let ctx = session.context.clone();
            self.replicate(u, ctx, &mode_before, cmd_text.trim(), parsed.cmd);
        }
        match filter {
            Some(f) => apply_filter(out, &f).unwrap_or_else(|e| vec![e]),
            None => out,
        }
    }

    /// Sends a configuration command to the standby unit, when this unit is
    /// the active one and the failover link carries it.
    /// In Active/Active, commands in a context replicate from the unit
    /// where its failover group is active; system commands from the unit
    /// where group 1 is active.
    fn replicate(&mut self, u: UnitId, ctx: Option<String>, mode: &Mode, text: &str, cmd: Cmd) {
        if matches!(cmd, Cmd::FailoverLanUnit | Cmd::ModeCmd) {
            return;
        }
        let peer = u.peer();
        let mut session = Session::config(ctx);
        let g = self.unit(u).group_for_session(&session);
        if !self.unit(u).running.failover.enabled
            || !self.unit(u).fo.state_of(g).is_active()
            || !self.failover_link_ok()
        {
            return;
        }
        let ps = self.unit(peer).fo.state_of(g);
        if !(ps.is_standby() || ps == crate::failover::FoState::Failed) {
            return;
        }
        if let Some(entry) = mode.entry_command() {
            if !cmd.enters_sub_mode() {
                self.run_line(peer, &mut session, &entry, Origin::Replicated, 0);
            }
        }
        self.run_line(peer, &mut session, text, Origin::Replicated, 0);
        self.unit_mut(u).fo.stats.sent(crate::repl::Obj::SysCmd, 1);
        self.unit_mut(peer)
            .fo
            .stats
            .received(crate::repl::Obj::SysCmd, 1);
        self.record(
            Some(u),
            EventKind::CommandReplicated {
                command: text.to_string(),
            },
        );
    }

    fn reload(&mut self, u: UnitId) {
        self.unit_mut(u).say("");
        self.unit_mut(u).say("***");
        self.unit_mut(u).say("*** --- START GRACEFUL SHUTDOWN ---");
        self.unit_mut(u).say("Shutting down failover");
        self.set_power(u, false);
        self.set_power(u, true);
    }

    /// `write memory` / `copy running-config startup-config`; replicated to
    /// the standby when this unit is active.
    fn save_config(
        &mut self,
        u: UnitId,
        replicate: bool,
        ctx: Option<&str>,
        all: bool,
    ) -> Vec<String> {
        let bytes: usize = self
            .unit(u)
            .cfg_for(ctx)
            .render()
            .iter()
            .map(|l| l.len() + 1)
            .sum();
        self.store_startup(u, ctx, all);
        if replicate {
            let peer = u.peer();
            let g = match ctx {
                Some(c) => self.unit(u).running.group_of_context(c),
                None if self.unit(u).running.multiple => 1,
                None => 0,
            };
            let ps = self.unit(peer).fo.state_of(g);
            if self.unit(u).running.failover.enabled
                && self.unit(u).fo.state_of(g).is_active()
                && self.failover_link_ok()
                && ps.is_standby()
            {
                self.store_startup(peer, ctx, all);
                self.record(
                    Some(u),
                    EventKind::CommandReplicated {
                        command: if all {
                            "write memory all".into()
                        } else {
                            "write memory".into()
                        },
                    },
                );
            }
        }
        let sum = self.config_checksum(u);
        vec![
            "Building configuration...".into(),
            format!("Cryptochecksum: {sum} "),
            String::new(),
            format!("{bytes} bytes copied in 0.120 secs"),
            "[OK]".into(),
        ]
    }

    /// Saves the running configuration of a space to the startup
    /// configuration: a context's alone, the system's alone, or all.
    fn store_startup(&mut self, u: UnitId, ctx: Option<&str>, all: bool) {
        let unit = self.unit_mut(u);
        let running = unit.running.clone();
        let mut startup = unit.startup.take().unwrap_or_else(|| {
            let mut c = running.clone();
            for d in c.contexts.values_mut() {
                d.cfg = crate::config::UnitConfig::context_default();
            }
            c
        });
        if all || !running.multiple {
            startup = running;
        } else if let Some(c) = ctx {
            if let (Some(d), Some(r)) = (startup.contexts.get_mut(c), running.contexts.get(c)) {
                d.cfg = r.cfg.clone();
            }
        } else {
            // The system space: its own settings and context definitions,
            // keeping the contexts' saved configurations.
            let mut sys = running;
            for (name, d) in sys.contexts.iter_mut() {
                d.cfg = startup
                    .contexts
                    .get(name)
                    .map(|x| x.cfg.clone())
                    .unwrap_or_else(crate::config::UnitConfig::context_default);
            }
            startup = sys;
        }
        unit.startup = Some(startup);
    }

    fn config_checksum(&self, u: UnitId) -> String {
        let text = self.unit(u).running.render().join("\n");
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x1000_0000_01b3);
        }
        let mut h2 = h.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15;
        h2 = h2.wrapping_mul(0x1000_0000_01b3);
        format!(
            "{:08x} {:08x} {:08x} {:08x}",
            h >> 32,
            h & 0xffff_ffff,
            h2 >> 32,
            h2 & 0xffff_ffff
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn execute(
        &mut self,
        u: UnitId,
        session: &mut Session,
        cmd: Cmd,
        args: &[Arg],
        negated: bool,
        origin: Origin,
        line: &str,
    ) -> Vec<String> {
        let words: Vec<&str> = args
            .iter()
            .filter_map(|a| if let Arg::Kw(k) = a { Some(*k) } else { None })
            .collect();
        let has = |w: &str| words.contains(&w);
        let word_args: Vec<&str> = args
            .iter()
            .filter_map(|a| {
                if let Arg::Word(w) = a {
                    Some(w.as_str())
                } else {
                    None
                }
            })
            .collect();
        let ips: Vec<Ip> = args
            .iter()
            .filter_map(|a| if let Arg::Ip(i) = a { Some(*i) } else { None })
            .collect();
        let ints: Vec<u32> = args
            .iter()
            .filter_map(|a| if let Arg::Int(i) = a { Some(*i) } else { None })
            .collect();
        let port_arg = args
            .iter()
            .find_map(|a| if let Arg::Port(p) = a { Some(*p) } else { None });
        let line_arg = args.iter().find_map(|a| {
            if let Arg::Line(l) = a {
                Some(l.clone())
            } else {
                None
            }
        });
        let err = |s: &str| vec![s.to_string()];
        let ctx = session.context.clone();
        let negatable = matches!(
            cmd,
            Cmd::FailoverEnable
                | Cmd::FailoverActive
                | Cmd::FailoverReplicationHttp
                | Cmd::FailoverKey
                | Cmd::FailoverLink
                | Cmd::FailoverLanInterface
                | Cmd::FailoverInterfaceIp
                | Cmd::FailoverPolltimeUnit
                | Cmd::FailoverPolltimeInterface
                | Cmd::FailoverInterfacePolicy
                | Cmd::MonitorInterface
                | Cmd::Nameif
                | Cmd::SecurityLevel
                | Cmd::IpAddress
                | Cmd::Shutdown
                | Cmd::Description
                | Cmd::MacAddress
                | Cmd::Speed
                | Cmd::ObjNat
                | Cmd::ObjectNetwork
                | Cmd::Route
                | Cmd::Prompt
                | Cmd::DomainName
                | Cmd::Names
                | Cmd::ContextEnter
                | Cmd::FailoverGroup
                | Cmd::CtxAllocate
                | Cmd::CtxConfigUrl
                | Cmd::CtxJoinGroup
                | Cmd::CtxDescription
                | Cmd::GrpPreempt
                | Cmd::GrpReplicationHttp
                | Cmd::GrpInterfacePolicy
                | Cmd::GrpPolltime
                | Cmd::GrpMac
                | Cmd::AsrGroup
                | Cmd::AdminContext
        );
        if negated && !negatable {
            return err("ERROR: % Invalid input detected at '^' marker.");
        }
        match cmd {
            Cmd::ConfigureTerminal => {
                session.mode = Mode::Config;
                session.warned_standby = false;
                vec![]
            }
            Cmd::Enable => {
                if session.mode == Mode::User {
                    session.pending = Some(Pending::EnablePassword);
                    vec!["Password: ".into()]
                } else {
                    vec![]
                }
            }
            Cmd::Disable => {
                session.mode = Mode::User;
                vec![]
            }
            Cmd::Exit => {
                session.mode = match &session.mode {
                    Mode::Interface(_)
                    | Mode::NetworkObject(_)
                    | Mode::Context(_)
                    | Mode::FoGroup(_) => Mode::Config,
                    Mode::Config => Mode::Exec,
                    Mode::Exec | Mode::User => {
                        // Leaving the console session logs out; a new one starts.
                        let msg = vec![
                            String::new(),
                            "Logoff".into(),
                            String::new(),
                            "Type help or '?' for a list of available commands.".into(),
                        ];
                        *session = Session::default();
                        return msg;
                    }
                };
                vec![]
            }
            Cmd::End => {
                session.mode = Mode::Exec;
                vec![]
            }
            Cmd::Interface => {
                let port = port_arg.expect("tree");
                if let Some(name) = ctx.as_deref() {
                    let allocated = self
                        .unit(u)
                        .running
                        .contexts
                        .get(name)
                        .is_some_and(|c| c.allocated.contains(&port));
                    if !allocated {
                        return vec![format!(
                            "ERROR: Interface {port} is not allocated to context {name}"
                        )];
                    }
                }
                // A configuration file lists ` shutdown` for a shut interface;
                // an interface block without it is up.
                if origin == Origin::Config {
                    self.unit_mut(u)
                        .cfg_for_mut(ctx.as_deref())
                        .iface_mut(port)
                        .shutdown = false;
                }
                session.mode = Mode::Interface(port);
                vec![]
            }
            Cmd::ObjectNetwork => {
                let name = word_args[0].to_string();
                if negated {
                    self.unit_mut(u)
                        .cfg_for_mut(ctx.as_deref())
                        .objects
                        .remove(&name);
                    return vec![];
                }
                self.unit_mut(u)
                    .running
                    .objects
                    .entry(name.clone())
                    .or_default();
                session.mode = Mode::NetworkObject(name);
                vec![]
            }
            Cmd::Unsupported => {
                let first = line.split_whitespace().next().unwrap_or("");
                vec![format!("ERROR: '{first}' is not supported in Failover Lab; it has no effect on this simulated unit.")]
            }
            Cmd::TerminalPager => {
                // This session's page length; not configuration.
                session.pager_lines = Some(ints.first().copied().unwrap_or(24));
                vec![]
            }
            Cmd::ClearConn => {
                self.clear_conns(u, false);
                vec![]
            }
            Cmd::ClearXlate => {
                self.clear_conns(u, true);
                vec![]
            }
            Cmd::WriteMemory => {
                let ctx = session.context.clone();
                self.save_config(u, origin != Origin::Replicated, ctx.as_deref(), has("all"))
            }
            Cmd::CopyRunStart => {
                if has("/noconfirm") || !matches!(origin, Origin::Console | Origin::Fexec) {
                    let ctx = session.context.clone();
                    self.save_config(u, origin != Origin::Replicated, ctx.as_deref(), false)
                } else {
                    session.pending = Some(Pending::CopySource);
                    vec![String::new(), "Source filename [running-config]? ".into()]
                }
            }
            Cmd::WriteTerminal => self.unit(u).cfg_for(ctx.as_deref()).render(),
            Cmd::WriteErase => {
                self.unit_mut(u).startup = None;
                vec![
                    "Erase configuration in flash memory? [confirm]".into(),
                    "[OK]".into(),
                ]
            }
            Cmd::WriteStandby if self.unit(u).running.multiple => {
                match self.write_standby_multi(u, ctx.as_deref()) {
                    Ok(out) => out,
                    Err(e) => err(&e),
                }
            }
            Cmd::WriteStandby => {
                if !self.unit(u).running.failover.enabled || !self.unit(u).fo.unit.state.is_active()
                {
                    return err("ERROR: This command is only allowed on the active unit");
                }
                if self.write_standby(u) {
                    vec!["Building configuration...".into(), "[OK]".into()]
                } else {
                    err("ERROR: Standby unit is not available or the failover link is down")
                }
            }
            Cmd::Reload => {
                if has("noconfirm") {
                    self.reload(u);
                    vec![]
                } else {
                    session.pending = Some(Pending::ReloadConfirm);
                    vec!["Proceed with reload? [confirm]".into()]
                }
            }
            Cmd::FailoverActive => {
                let group = has("group")
                    .then(|| ints.first().map(|n| *n as u8))
                    .flatten();
                self.cmd_failover_active(u, negated || words.first() == Some(&"no"), group)
            }
            Cmd::FailoverReset => {
                let group = has("group")
                    .then(|| ints.first().map(|n| *n as u8))
                    .flatten();
                if self.unit(u).running.multiple {
                    self.failover_reset_groups(u, group);
                } else {
                    self.failover_reset(u);
                }
                vec![]
            }
            Cmd::Changeto => {
                if has("system") {
                    session.context = None;
                } else {
                    let name = word_args[0];
                    if !self.unit(u).running.contexts.contains_key(name) {
                        return vec![format!("ERROR: Context '{name}' does not exist")];
                    }
                    session.context = Some(name.to_string());
                }
                if session.mode.is_sub() {
                    session.mode = Mode::Config;
                }
                session.warned_standby = false;
                vec![]
            }
            Cmd::ModeCmd => self.cmd_mode(u, session, has("multiple"), has("noconfirm")),
            Cmd::AdminContext => {
                if negated {
                    return err(
                        "ERROR: The admin context cannot be removed; name another one instead",
                    );
                }
                let name = word_args[0].to_string();
                if let Some(d) = self.unit(u).running.contexts.get(&name) {
                    if d.group() != 1 {
                        return err("ERROR: The admin context must be in failover group 1");
                    }
                }
                self.unit_mut(u).running.admin_context = Some(name);
                vec![]
            }
            Cmd::ContextEnter => {
                let name = word_args[0].to_string();
                if name.len() > 32 || name == "system" || name == "null" {
                    return vec![format!("ERROR: '{name}' is not a valid context name")];
                }
                let running = &mut self.unit_mut(u).running;
                if negated {
                    if running.admin_context.as_deref() == Some(name.as_str()) {
                        return err("ERROR: The admin context cannot be removed");
                    }
                    if running.contexts.remove(&name).is_none() {
                        return vec![format!("ERROR: Context '{name}' does not exist")];
                    }
                    self.forget_context(u, &name);
                    self.links_changed();
                    return vec![];
                }
                let new = !running.contexts.contains_key(&name);
                running.contexts.entry(name.clone()).or_default();
                session.mode = Mode::Context(name.clone());
                if new && origin == Origin::Console {
                    return vec![format!("Creating context '{name}'... Done. (1)")];
                }
                vec![]
            }
            Cmd::CtxAllocate | Cmd::CtxConfigUrl | Cmd::CtxJoinGroup | Cmd::CtxDescription => {
                let Mode::Context(name) = session.mode.clone() else {
                    return err("ERROR: % Invalid input detected at '^' marker.");
                };
                self.cmd_context_def(
                    u, &name, cmd, negated, port_arg, &ints, &word_args, line_arg,
                )
            }
            Cmd::FailoverGroup => {
                let g = ints.first().copied().unwrap_or(1) as u8;
                let human = matches!(origin, Origin::Console | Origin::Fexec);
                let running = &self.unit(u).running;
                let exists = running.groups.contains_key(&g);
                if human && running.failover.enabled && (negated || !exists) {
                    return err("ERROR: Failover groups can be created or removed only while failover is disabled (no failover)");
                }
                if negated {
                    if !exists {
                        return vec![format!("ERROR: Failover group {g} does not exist")];
                    }
                    if g == 1 && running.groups.contains_key(&2) {
                        return err("ERROR: Remove failover group 2 before failover group 1");
                    }
                    let users: Vec<String> = running
                        .contexts
                        .iter()
                        .filter(|(_, c)| c.group == Some(g))
                        .map(|(n, _)| n.clone())
                        .collect();
                    if !users.is_empty() {
                        return vec![format!(
                            "ERROR: Failover group {g} has contexts assigned to it: {}",
                            users.join(", ")
                        )];
                    }
                    self.unit_mut(u).running.groups.remove(&g);
                    return vec![];
                }
                self.unit_mut(u).running.groups.entry(g).or_default();
                session.mode = Mode::FoGroup(g);
                vec![]
            }
            Cmd::GrpRole
            | Cmd::GrpPreempt
            | Cmd::GrpReplicationHttp
            | Cmd::GrpInterfacePolicy
            | Cmd::GrpPolltime
            | Cmd::GrpMac => {
                let Mode::FoGroup(g) = session.mode.clone() else {
                    return err("ERROR: % Invalid input detected at '^' marker.");
                };
                if cmd == Cmd::GrpPolltime {
                    return self.cmd_polltime(u, cmd, args, negated, Some(g));
                }
                let grp = self.unit_mut(u).running.groups.entry(g).or_default();
                match cmd {
                    Cmd::GrpRole => {
                        grp.preferred = if has("primary") {
                            Role::Primary
                        } else {
                            Role::Secondary
                        }
                    }
                    Cmd::GrpPreempt => {
                        grp.preempt = (!negated).then(|| ints.first().copied().unwrap_or(0))
                    }
                    Cmd::GrpReplicationHttp => grp.replication_http = !negated,
                    Cmd::GrpInterfacePolicy => grp.policy = policy_arg(args, negated),
                    _ => {
                        let port = port_arg.expect("tree");
                        if negated {
                            grp.macs.remove(&port);
                        } else {
                            let macs: Vec<_> = args
                                .iter()
                                .filter_map(|a| if let Arg::Mac(m) = a { Some(*m) } else { None })
                                .collect();
                            grp.macs.insert(port, (macs[0], macs[1]));
                        }
                    }
                }
                self.links_changed();
                vec![]
            }
            Cmd::FailoverExec => {
                // The peer gets the command as typed (after `failover exec
                // TARGET`), and its error marker lines up under this line.
                let (typed, _) = split_filter(line);
                let (cmd, col) = match nth_word_start(typed, 3) {
                    Some(at) => (typed[at..].trim_end().to_string(), at),
                    None => (line_arg.unwrap_or_default(), 0),
                };
                let plen = if origin == Origin::Console {
                    self.unit(u).prompt_for(session).chars().count()
                } else {
                    0
                };
                self.cmd_failover_exec(u, session, &words, cmd, plen + col)
            }
            Cmd::Show(s) => self.show(u, s, args, session),
            Cmd::Hostname => {
                let name = word_args[0];
                if name.len() > 63
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    return err(
                        "ERROR: Hostname must be up to 63 letters, digits, hyphens or underscores",
                    );
                }
                self.unit_mut(u).cfg_for_mut(ctx.as_deref()).hostname = name.to_string();
                vec![]
            }
            Cmd::DomainName => {
                self.unit_mut(u).cfg_for_mut(ctx.as_deref()).domain = if negated {
                    None
                } else {
                    Some(word_args[0].to_string())
                };
                vec![]
            }
            Cmd::EnablePassword => {
                self.unit_mut(u)
                    .cfg_for_mut(ctx.as_deref())
                    .enable_password_set = true;
                vec![]
            }
            Cmd::Names => vec![],
            Cmd::PagerLines => {
                self.unit_mut(u).cfg_for_mut(ctx.as_deref()).pager_lines =
                    ints.first().copied().unwrap_or(24);
                vec![]
            }
            Cmd::Mtu => {
                let Some(port) = self
                    .unit(u)
                    .cfg_for(ctx.as_deref())
                    .port_of_nameif(word_args[0])
                else {
                    return vec![format!("ERROR: {} is not a named interface", word_args[0])];
                };
                self.unit_mut(u)
                    .cfg_for_mut(ctx.as_deref())
                    .iface_mut(port)
                    .mtu = ints.first().copied().unwrap_or(1500) as u16;
                vec![]
            }
            Cmd::Prompt => {
                let parts: Vec<PromptPart> = words
                    .iter()
                    .filter_map(|w| match *w {
                        "hostname" => Some(PromptPart::Hostname),
                        "domain" => Some(PromptPart::Domain),
                        "context" => Some(PromptPart::Context),
                        "priority" => Some(PromptPart::Priority),
                        "state" => Some(PromptPart::State),
                        _ => None,
                    })
                    .collect();
                self.unit_mut(u).running.prompt = if negated {
                    crate::config::UnitConfig::default().prompt
                } else {
                    parts
                };
                vec![]
            }
            Cmd::FailoverEnable => {
                if negated {
                    self.unit_mut(u).running.failover.enabled = false;
                    self.stop_failover(u);
                } else if !self.unit(u).running.failover.enabled {
                    self.unit_mut(u).running.failover.enabled = true;
                    // Configuration files start failover once fully applied.
                    if origin != Origin::Config {
                        self.start_failover(u);
                    }
                }
                vec![]
            }
            Cmd::FailoverLanUnit => {
                self.unit_mut(u).running.failover.unit = if has("primary") {
                    Role::Primary
                } else {
                    Role::Secondary
                };
                vec![]
            }
            Cmd::FailoverLanInterface => {
                let fo = &self.unit(u).running.failover;
                if negated {
                    if fo.enabled {
                        return err("ERROR: Failover must be disabled before the failover LAN interface can be removed");
                    }
                    self.unit_mut(u).running.failover.lan = None;
                    return vec![];
                }
                let name = word_args[0].to_string();
                let port = port_arg.expect("tree");
                if fo.enabled && fo.lan.as_ref().is_some_and(|l| l.1 != port || l.0 != name) {
                    return err("ERROR: Failover must be disabled before the failover LAN interface can be changed");
                }
                let mut out = vec![];
                let ic = self.unit(u).running.iface(port).clone();
                if ic.nameif.is_some() || ic.addr.is_some() {
                    out.push(format!("INFO: Non-failover interface config is cleared on {port} and its sub-interfaces"));
                    let c = self.unit_mut(u).running.iface_mut(port);
                    c.nameif = None;
                    c.addr = None;
                    c.security_level = None;
                }
                self.unit_mut(u).running.failover.lan = Some((name, port));
                out
            }
            Cmd::FailoverLink => {
                if negated {
                    self.unit_mut(u).running.failover.link = None;
                    return vec![];
                }
                let name = word_args[0].to_string();
                let lan = self.unit(u).running.failover.lan.clone();
                let port = match (port_arg, &lan) {
                    (Some(p), _) => p,
                    (None, Some((ln, lp))) if *ln == name => *lp,
                    (None, _) => {
                        if let Some(p) = self.unit(u).running.port_of_nameif(&name) {
                            p
                        } else {
                            return err("ERROR: % Incomplete command");
                        }
                    }
                };
                let mut out = vec![];
                let ic = self.unit(u).running.iface(port).clone();
                let shared_data = ic.nameif.as_deref() == Some(name.as_str());
                if !shared_data && (ic.nameif.is_some() || ic.addr.is_some()) {
                    out.push(format!("INFO: Non-failover interface config is cleared on {port} and its sub-interfaces"));
                    let c = self.unit_mut(u).running.iface_mut(port);
                    c.nameif = None;
                    c.addr = None;
                    c.security_level = None;
                }
                self.unit_mut(u).running.failover.link = Some((name, port));
                out
            }
            Cmd::FailoverInterfaceIp => {
                let name = word_args[0].to_string();
                if negated {
                    self.unit_mut(u).running.failover.ips.remove(&name);
                    return vec![];
                }
                let (ip, mask, standby) = (ips[0], ips[1], ips[2]);
                if !ip.same_subnet(standby, mask) {
                    return err("ERROR: Standby IP address is not in the same subnet as the active IP address");
                }
                if ip == standby {
                    return err("ERROR: Active and standby IP addresses must be different");
                }
                let fo = &self.unit(u).running.failover;
                let known = fo.lan.as_ref().is_some_and(|l| l.0 == name)
                    || fo.link.as_ref().is_some_and(|l| l.0 == name);
                if !known {
                    return vec![format!("ERROR: Failover interface name '{name}' is not configured; use 'failover lan interface' or 'failover link' first")];
                }
                self.unit_mut(u).running.failover.ips.insert(
                    name,
                    IfAddr {
                        ip,
                        mask,
                        standby: Some(standby),
                    },
                );
                vec![]
            }
            Cmd::FailoverKey => {
                self.unit_mut(u).running.failover.key = if negated {
                    None
                } else {
                    line_arg.map(|k| k.trim().to_string())
                };
                vec![]
            }
            Cmd::FailoverReplicationHttp => {
                self.unit_mut(u).running.failover.replication_http = !negated;
                vec![]
            }
            Cmd::FailoverPolltimeUnit | Cmd::FailoverPolltimeInterface => {
                self.cmd_polltime(u, cmd, args, negated, None)
            }
            Cmd::FailoverInterfacePolicy => {
                let pol = policy_arg(args, negated);
                self.unit_mut(u).running.failover.policy = pol;
                vec![]
            }
            Cmd::MonitorInterface => {
                let name = word_args[0].to_string();
                if self
                    .unit(u)
                    .cfg_for(ctx.as_deref())
                    .port_of_nameif(&name)
                    .is_none()
                {
                    return vec![format!(
                        "ERROR: interface {name} is not a data interface with a name"
                    )];
                }
                self.unit_mut(u)
                    .cfg_for_mut(ctx.as_deref())
                    .monitor
                    .insert(name, !negated);
                vec![]
            }
            Cmd::Route => {
                let r = Route {
                    ifname: word_args[0].to_string(),
                    net: ips[0],
                    mask: ips[1],
                    gateway: ips[2],
                };
                let routes = &mut self.unit_mut(u).cfg_for_mut(ctx.as_deref()).routes;
                routes.retain(|x| !(x.net == r.net && x.mask == r.mask && x.gateway == r.gateway));
                if !negated {
                    routes.push(r);
                }
                vec![]
            }
            Cmd::Nameif
            | Cmd::SecurityLevel
            | Cmd::IpAddress
            | Cmd::Shutdown
            | Cmd::Description
            | Cmd::MacAddress
            | Cmd::AsrGroup
            | Cmd::Speed => {
                let Mode::Interface(port) = session.mode.clone() else {
                    return err("ERROR: % Invalid input detected at '^' marker.");
                };
                self.cmd_interface(
                    u,
                    port,
                    cmd,
                    negated,
                    &word_args,
                    &ips,
                    &ints,
                    args,
                    line_arg,
                    ctx.as_deref(),
                )
            }
            Cmd::ObjHost | Cmd::ObjSubnet | Cmd::ObjNat => {
                let Mode::NetworkObject(name) = session.mode.clone() else {
                    return err("ERROR: % Invalid input detected at '^' marker.");
                };
                let obj = self
                    .unit_mut(u)
                    .cfg_for_mut(ctx.as_deref())
                    .objects
                    .entry(name)
                    .or_default();
                match cmd {
                    Cmd::ObjHost => {
                        obj.host = Some(ips[0]);
                        obj.subnet = None;
                    }
                    Cmd::ObjSubnet => {
                        obj.subnet = Some((ips[0], ips[1]));
                        obj.host = None;
                    }
                    _ => {
                        if negated {
                            obj.nat = None;
                            return vec![];
                        }
                        let ifs = word_args[0];
                        let inner = ifs.strip_prefix('(').and_then(|s| s.strip_suffix(')'));
                        let Some((real, mapped)) = inner.and_then(|s| s.split_once(',')) else {
                            return err("ERROR: % Invalid input detected at '^' marker.");
                        };
                        let kind = if has("static") {
                            NatKind::Static(ips[0])
                        } else if has("interface") {
                            NatKind::DynamicInterface
                        } else {
                            NatKind::Dynamic(ips[0])
                        };
                        obj.nat = Some(ObjectNat {
                            real_if: real.to_string(),
                            mapped_if: mapped.to_string(),
                            kind,
                        });
                    }
                }
                vec![]
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn cmd_interface(
        &mut self,
        u: UnitId,
        port: Port,
        cmd: Cmd,
        negated: bool,
        word_args: &[&str],
        ips: &[Ip],
        ints: &[u32],
        args: &[Arg],
        line_arg: Option<String>,
        ctx: Option<&str>,
    ) -> Vec<String> {
        let is_fo = self.unit(u).running.failover.is_failover_port(port);
        if is_fo && matches!(cmd, Cmd::Nameif | Cmd::IpAddress | Cmd::SecurityLevel) && !negated {
            return vec![format!("ERROR: {port} is used as a failover interface; configure it with the failover commands")];
        }
        let c = self.unit_mut(u).cfg_for_mut(ctx).iface_mut(port);
        match cmd {
            Cmd::Nameif => {
                if negated {
                    c.nameif = None;
                    c.addr = None;
                    c.security_level = None;
                } else if let Some(n) = word_args.first() {
                    let n = n.to_string();
                    let default_level = if n == "inside" { 100 } else { 0 };
                    let had = c.nameif.is_some();
                    c.nameif = Some(n.clone());
                    if !had && c.security_level.is_none() {
                        c.security_level = Some(default_level);
                        return vec![format!(
                            "INFO: Security level for \"{n}\" set to {default_level} by default."
                        )];
                    }
                } else {
                    return vec!["ERROR: % Incomplete command".into()];
                }
            }
            Cmd::SecurityLevel => {
                if negated {
                    c.security_level = None;
                } else if let Some(l) = ints.first() {
                    c.security_level = Some(*l as u8);
                } else {
                    return vec!["ERROR: % Incomplete command".into()];
                }
            }
            Cmd::IpAddress => {
                if negated {
                    c.addr = None;
                    return vec![];
                }
                if ips.len() < 2 {
                    return vec!["ERROR: % Incomplete command".into()];
                }
                let (ip, mask) = (ips[0], ips[1]);
                let standby = ips.get(2).copied();
                if let Some(s) = standby {
                    if !s.same_subnet(ip, mask) {
                        return vec!["ERROR: Standby IP address is not in the same subnet as the active IP address".into()];
                    }
                }
                c.addr = Some(IfAddr { ip, mask, standby });
            }
            Cmd::Shutdown => c.shutdown = !negated,
            Cmd::Description => c.description = if negated { None } else { line_arg },
            Cmd::MacAddress => {
                if negated {
                    c.mac = None;
                } else {
                    let macs: Vec<_> = args
                        .iter()
                        .filter_map(|a| if let Arg::Mac(m) = a { Some(*m) } else { None })
                        .collect();
                    c.mac = Some((macs[0], macs.get(1).copied()));
                }
            }
            Cmd::AsrGroup => {
                c.asr_group = if negated {
                    None
                } else {
                    ints.first().map(|n| *n as u8)
                }
            }
            Cmd::Speed => {
                let words: Vec<&str> = args
                    .iter()
                    .filter_map(|a| if let Arg::Kw(k) = a { Some(*k) } else { None })
                    .collect();
                c.speed = if negated {
                    None
                } else {
                    words.last().and_then(|w| w.parse().ok())
                };
            }
            _ => {}
        }
        self.links_changed();
        vec![]
    }

    fn cmd_polltime(
        &mut self,
        u: UnitId,
        cmd: Cmd,
        args: &[Arg],
        negated: bool,
        group: Option<u8>,
    ) -> Vec<String> {
        let unit_cmd = cmd == Cmd::FailoverPolltimeUnit;
        let set = |lab: &mut Lab, t: PollHold| {
            let cfg = &mut lab.unit_mut(u).running;
            match group {
                Some(g) => cfg.groups.entry(g).or_default().iface_timers = t,
                None if unit_cmd => cfg.failover.unit_timers = t,
                None => cfg.failover.iface_timers = t,
            }
        };
        if negated {
            set(
                self,
                if unit_cmd {
                    PollHold::UNIT_DEFAULT
                } else {
                    PollHold::IFACE_DEFAULT
                },
            );
            return vec![];
        }
        // Walk the arguments: [unit|interface] [msec] N [holdtime [msec] M]
        let mut poll = None;
        let mut hold = None;
        let mut msec = false;
        let mut in_hold = false;
        for a in args {
            match a {
                Arg::Kw("msec") => msec = true,
                Arg::Kw("holdtime") => {
                    in_hold = true;
                    msec = false;
                }
                Arg::Int(n) => {
                    let d = if msec {
                        Duration::from_millis(*n as u64)
                    } else {
                        Duration::from_secs(*n as u64)
                    };
                    if in_hold {
                        hold = Some(d);
                    } else {
                        poll = Some(d);
                    }
                    msec = false;
                }
                _ => {}
            }
        }
        let Some(poll) = poll else {
            return vec!["ERROR: % Incomplete command".into()];
        };
        let cfg = &self.unit(u).running;
        let current = match group {
            Some(g) => cfg
                .groups
                .get(&g)
                .map(|x| x.iface_timers)
                .unwrap_or(PollHold::IFACE_DEFAULT),
            None if unit_cmd => cfg.failover.unit_timers,
            None => cfg.failover.iface_timers,
        };
        let factor = if unit_cmd { 3 } else { 5 };
        let hold = match hold {
            Some(h) => {
                if h < poll.times(factor) {
                    return vec![format!(
                        "ERROR: Failover holdtime must be at least {factor} times the polltime"
                    )];
                }
                h
            }
            None => current.hold.max(poll.times(factor)),
        };
        set(self, PollHold { poll, hold });
        vec![]
    }

    fn cmd_failover_active(&mut self, u: UnitId, negated: bool, group: Option<u8>) -> Vec<String> {
        let unit = self.unit(u);
        if !unit.running.failover.enabled {
            return vec!["ERROR: Failover is not enabled.".into()];
        }
        let target = if negated { u.peer() } else { u };
        if unit.running.multiple {
            let groups: Vec<u8> = match group {
                Some(g) => vec![g],
                None => vec![1, 2],
            };
            let mut moved = false;
            let mut refused = false;
            for g in groups {
                if !self.unit(u).running.groups.contains_key(&g) {
                    if group.is_some() {
                        return vec![format!("ERROR: Failover group {g} does not exist")];
                    }
                    continue;
                }
                if self.unit(target).fo.state_of(g).is_active() {
                    continue;
                }
                if self.switchover_group(g, target, u) {
                    moved = true;
                } else {
                    refused = true;
                }
            }
            if refused && !moved {
                return vec![if negated {
                    "ERROR: The peer's failover group is not in Standby Ready state; no switchover"
                        .into()
                } else {
                    "ERROR: This unit cannot become active for the group: the peer is not reachable over the failover link or the group is not Standby Ready here".into()
                }];
            }
            return vec![];
        }
        if self.unit(target).fo.unit.state.is_active() {
            return vec![];
        }
        if !self.switchover(target, u) {
            return vec![if negated {
                "ERROR: The peer unit is not in Standby Ready state; no switchover".into()
            } else {
                "ERROR: This unit cannot become active: the peer is not reachable over the failover link".into()
            }];
        }
        vec![]
    }

    #[allow(clippy::too_many_arguments)]
    fn cmd_context_def(
        &mut self,
        u: UnitId,
        name: &str,
        cmd: Cmd,
        negated: bool,
        port: Option<Port>,
        ints: &[u32],
        words: &[&str],
        line_arg: Option<String>,
    ) -> Vec<String> {
        let running = &self.unit(u).running;
        match cmd {
            Cmd::CtxAllocate => {
                let port = port.expect("tree");
                if running.failover.is_failover_port(port) {
                    return vec![format!(
                        "ERROR: {port} is used for failover and cannot be allocated to a context"
                    )];
                }
                if let Some((other, _)) = running.owner_of(port) {
                    if other != name {
                        return vec![format!("ERROR: {port} is already allocated to context {other} (Failover Lab does not model interfaces shared between contexts)")];
                    }
                }
                let d = self
                    .unit_mut(u)
                    .running
                    .contexts
                    .get_mut(name)
                    .expect("in its mode");
                if negated {
                    d.allocated.retain(|p| *p != port);
                    d.cfg.interfaces.remove(&port);
                } else if !d.allocated.contains(&port) {
                    d.allocated.push(port);
                    d.allocated.sort();
                    let ic = d.cfg.iface_mut(port);
                    ic.shutdown = false;
                }
                self.links_changed();
            }
            Cmd::CtxJoinGroup => {
                let g = ints.first().copied().unwrap_or(1) as u8;
                if !negated {
                    if running.admin_context.as_deref() == Some(name) && g != 1 {
                        return vec![
                            "ERROR: The admin context is always a member of failover group 1"
                                .into(),
                        ];
                    }
                    if !running.groups.contains_key(&g) {
                        return vec![format!("ERROR: Failover group {g} does not exist")];
                    }
                }
                let d = self
                    .unit_mut(u)
                    .running
                    .contexts
                    .get_mut(name)
                    .expect("in its mode");
                d.group = (!negated).then_some(g);
                self.links_changed();
            }
            Cmd::CtxConfigUrl => {
                let d = self
                    .unit_mut(u)
                    .running
                    .contexts
                    .get_mut(name)
                    .expect("in its mode");
                d.config_url = (!negated).then(|| words[0].to_string());
            }
            _ => {
                let d = self
                    .unit_mut(u)
                    .running
                    .contexts
                    .get_mut(name)
                    .expect("in its mode");
                d.description = if negated { None } else { line_arg };
            }
        }
        vec![]
    }

    /// `mode multiple` / `mode single`: asks, then converts the
    /// configuration and reloads (the command is not replicated).
    fn cmd_mode(
        &mut self,
        u: UnitId,
        session: &mut Session,
        multiple: bool,
        noconfirm: bool,
    ) -> Vec<String> {
        if self.unit(u).running.multiple == multiple {
            return vec![format!(
                "ERROR: The device is already in {} context mode",
                if multiple { "multiple" } else { "single" }
            )];
        }
        let warn = [
            "WARNING: This command will change the behavior of the device",
            "WARNING: This command will initiate a Reboot",
        ];
        if noconfirm {
            self.unit_mut(u).console.extend(warn.map(String::from));
            self.convert_mode(u, multiple, false);
            return vec![];
        }
        session.pending = Some(Pending::ModeConfirm(multiple));
        let mut out = warn.map(String::from).to_vec();
        out.push("Proceed with change mode? [confirm]".into());
        out
    }

    /// The device `failover exec` / `show failover exec` name with
    /// `active`, `standby` or `mate`, and its label. In Active/Active,
    /// active and standby are those of the failover group of the session's
    /// context (group 1 in the system space).
    fn fexec_device(&self, u: UnitId, session: &Session, which: &str) -> (UnitId, &'static str) {
        let g = self.unit(u).group_for_session(session);
        let here_active = self.unit(u).fo.state_of(g).is_active();
        let active = if here_active { u } else { u.peer() };
        match which {
            "active" => (active, "Active"),
            "standby" => (active.peer(), "Standby"),
            _ => (u.peer(), if here_active { "Standby" } else { "Active" }),
        }
    }

    fn cmd_failover_exec(
        &mut self,
        u: UnitId,
        session: &mut Session,
        words: &[&str],
        cmd: String,
        col: usize,
    ) -> Vec<String> {
        let which = ["active", "standby"]
            .into_iter()
            .find(|w| words.contains(w))
            .unwrap_or("mate");
        let (target, _) = self.fexec_device(u, session, which);
        let first = cmd
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if "failover".starts_with(&first)
            && cmd
                .split_whitespace()
                .nth(1)
                .is_some_and(|w| "exec".starts_with(&w.to_ascii_lowercase()))
        {
            return vec!["ERROR: Recursive failover exec commands are not allowed".into()];
        }
        if !first.is_empty()
            && ("changeto".starts_with(&first)
                || "debug".starts_with(&first) && first.len() >= 2
                || first == "undebug")
        {
            return vec![format!(
                "ERROR: '{first}' cannot be used with failover exec"
            )];
        }
        if target != u && !self.failover_link_ok() {
            return vec![
                "ERROR: Failover exec: the peer unit is not reachable over the failover link"
                    .into(),
            ];
        }
        let local_config = session.mode.is_config();
        let mode = if target == u {
            self.unit(u).fexec.local.clone()
        } else {
            self.unit(u).fexec.mate.clone()
        };
        // The peer context on the peer unit.
        let mut fsession = Session {
            mode,
            ..Session::config(session.context.clone())
        };
        // Configuration commands need this session in configuration mode.
        let fspace = self.unit(target).space_of(&fsession);
        if fsession.mode.is_config() && !local_config {
            if let Ok(p) = cli::parse(
                tree_for(&fsession.mode, fspace),
                strip_no(&fsession.mode, &cmd),
            ) {
                if p.cmd.is_config() {
                    return vec!["ERROR: Failover exec: enter configuration mode on this unit before sending configuration commands".into()];
                }
            }
        }
        let out = self.run_line(target, &mut fsession, &cmd, Origin::Fexec, col);
        // Nobody can answer a question on the peer: the command must carry
        // its own no-confirm option.
        if fsession.pending.take().is_some() {
            return vec![format!(
                "ERROR: Failover exec: '{}' asks for confirmation; use its noconfirm option (for example reload noconfirm, copy /noconfirm)",
                cmd.trim()
            )];
        }
        if target == u {
            self.unit_mut(u).fexec.local = fsession.mode;
        } else {
            self.unit_mut(u).fexec.mate = fsession.mode;
        }
        out
    }

    fn show(&mut self, u: UnitId, s: ShowCmd, args: &[Arg], session: &Session) -> Vec<String> {
        let kws: Vec<&str> = args
            .iter()
            .filter_map(|a| if let Arg::Kw(k) = a { Some(*k) } else { None })
            .collect();
        let port = args
            .iter()
            .find_map(|a| if let Arg::Port(p) = a { Some(*p) } else { None });
        match s {
            ShowCmd::Failover => show::failover(self, u),
            ShowCmd::FailoverState => show::failover_state(self, u),
            ShowCmd::FailoverHistory => show::failover_history(self, u),
            ShowCmd::FailoverInterface => show::failover_interface(self, u),
            ShowCmd::FailoverStatistics => show::failover_statistics(self, u),
            ShowCmd::FailoverExec => {
                let which = kws
                    .iter()
                    .find(|k| ["active", "standby", "mate"].contains(k))
                    .copied()
                    .unwrap_or("mate");
                let (target, label) = self.fexec_device(u, session, which);
                let f = &self.unit(u).fexec;
                let mode = if target == u { &f.local } else { &f.mate };
                vec![
                    format!("{label} unit Failover EXEC is at {}", mode.fexec_words()),
                    String::new(),
                ]
            }
            ShowCmd::Running => self.unit(u).cfg_for(session.context.as_deref()).render(),
            ShowCmd::RunningFailover => self.unit(u).running.render_failover(),
            ShowCmd::RunningInterface => {
                show::running_interface(self, u, port, session.context.as_deref())
            }
            ShowCmd::Startup => match (&self.unit(u).startup, session.context.as_deref()) {
                (Some(c), Some(ctx)) => c
                    .contexts
                    .get(ctx)
                    .map(|d| d.cfg.render())
                    .unwrap_or_default(),
                (Some(c), None) => c.render(),
                (None, _) => vec![],
            },
            ShowCmd::Context => show::context(self, u, kws.contains(&"detail"), session),
            ShowCmd::FailoverGroup => {
                let g = args
                    .iter()
                    .find_map(|a| {
                        if let Arg::Int(i) = a {
                            Some(*i as u8)
                        } else {
                            None
                        }
                    })
                    .unwrap_or(1);
                show::failover_group(self, u, g)
            }
            ShowCmd::MonitorInterface => {
                show::monitor_interface(self, u, session.context.as_deref())
            }
            ShowCmd::Interface => show::interface(
                self,
                u,
                port,
                kws.contains(&"detail"),
                session.context.as_deref(),
            ),
            ShowCmd::InterfaceIpBrief => {
                show::interface_ip_brief(self, u, session.context.as_deref())
            }
            ShowCmd::Version => show::version(self, u),
            ShowCmd::Clock => vec![self.now().asa_clock().replacen(' ', ".000 ", 1)],
            ShowCmd::Conn => {
                show::conn(self, u, kws.contains(&"count"), session.context.as_deref())
            }
            ShowCmd::Xlate => {
                show::xlate(self, u, kws.contains(&"count"), session.context.as_deref())
            }
            ShowCmd::Arp => show::arp(self, u, session.context.as_deref()),
            ShowCmd::Firewall => vec!["Firewall mode: Router".into()],
            ShowCmd::Mode => {
                let unit = self.unit(u);
                let m = if unit.running.multiple {
                    "multiple"
                } else {
                    "single"
                };
                vec![format!("Security context mode: {m} "), String::new()]
            }
        }
    }
}
