"""ip's SPEC for pynettools.docgen (man/ip.8 and the shell completions)."""

_OBJECTS = ["address", "addrlabel", "maddress", "route", "rule", "neighbour", "ntable", "link", "tuntap",
            "token", "tcpmetrics", "mroute", "netns", "netconf", "vrf", "nexthop", "stats", "help"]

SPEC = {
    "name": "ip",
    "section": "8",
    "summary": "show routing, network devices, interfaces and tunnels",
    "synopsis": [
        "ip [ OPTIONS ] OBJECT { COMMAND | help }",
    ],
    "options": [
        ("-V", "-Version", None, "print the version of iproute2 this ip matches, and exit"),
        ("-s", "-stats", None, "more information (counters); twice for more still"),
        ("-d", "-details", None, "detailed information (each link kind's own settings)"),
        ("-h", "-human", None, "counters with K/M/G suffixes (with -s)"),
        (None, "-iec", None, "IEC units (Ki, Mi) for -h"),
        ("-f", "-family", "FAMILY", "inet, inet6, link, mpls or bridge"),
        ("-4", None, None, "IPv4 only (-family inet)"),
        ("-6", None, None, "IPv6 only (-family inet6)"),
        ("-0", None, None, "link layer only (-family link)"),
        ("-o", "-oneline", None, "one record per line, line breaks shown as '\\'"),
        ("-r", "-resolve", None, "names for addresses (the resolver)"),
        ("-N", "-Numeric", None, "numbers instead of names (protocols, scopes, tables)"),
        ("-n", "-netns", "NAME", "run in network namespace NAME (/run/netns/NAME)"),
        ("-a", "-all", None, "every object (where a command takes it)"),
        ("-c", "-color", None, "colour: -c, -color=always, -color=auto, -color=never"),
        ("-t", "-timestamp", None, "timestamps (monitor)"),
        ("-br", "-brief", None, "brief, tabular output (link and address)"),
        ("-j", "-json", None, "JSON output"),
        ("-p", "-pretty", None, "indented JSON (with -j)"),
        ("-rc", "-rcvbuf", "SIZE", "netlink receive buffer size"),
    ],
    "completions": {
        "-f": ["inet", "inet6", "link", "mpls", "bridge", "help"],
        "-n": "files",
        "keywords": _OBJECTS + ["show", "list", "get", "dev", "table", "all", "main", "local", "up",
                                "master", "type", "scope", "proto", "via", "from", "to", "nud", "proxy"],
        "interfaces": "interfaces",
    },
    "man": (
        "DESCRIPTION\n"
        "ip shows the kernel's network state object by object, printing exactly what "
        "iproute2 6.1.0's ip prints: the same text, the same -o, -br and -j forms, the same "
        "errors and exit statuses (0; 1 for a kernel error or an unknown object; 255 for a "
        "command-line error). Objects and their words may be abbreviated to any prefix; the "
        "first object in ip's own order wins, so `ip a` is address, `ip r` route, `ip n` "
        "neighbour.\n\n"
        "This is the reading side (show, list, get, help). Commands that change the kernel "
        "(add, del, set, change, replace, flush, netns add/del/exec, monitor, -batch) are not "
        "implemented yet: they say so on standard error and exit 1.\n\n"
        "HOW IT READS THE KERNEL\n"
        "Nearly everything comes over rtnetlink (a NETLINK_ROUTE socket with strict checking "
        "on, so the kernel applies the filters each request carries): one dump request per "
        "object, answered by one message per link (RTM_GETLINK), address (RTM_GETADDR), route "
        "(RTM_GETROUTE), neighbour (RTM_GETNEIGH), rule (RTM_GETRULE), neighbour table "
        "(RTM_GETNEIGHTBL), address label, netconf entry, namespace id or nexthop. `ip route "
        "get` and `ip neigh get` are single queries, not dumps. `ip maddress` reads "
        "/proc/net/igmp, /proc/net/igmp6 and /proc/net/dev_mcast; `ip tuntap` reads "
        "/sys/class/net and /proc/PID/fdinfo; `ip tcpmetrics` asks generic netlink; names of "
        "tables, protocols, scopes, realms and groups come from /etc/iproute2.\n\n"
        "PYNETTOOLS_TRACE=1 prints one line per dump, query and file on standard error:\n\n"
        "    PYNETTOOLS_TRACE=1 ip -br addr\n"
    ),
    "see_also": ["ss(8)", "arp(8)", "route(8)", "ifconfig(8)"],
}
