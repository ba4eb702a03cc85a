"""ip's SPEC for pynettools.docgen (man/ip.8 and the shell completions).

SYNTAX is what the completions know of each object after `ip OBJECT`: its
command words, in the order the object's run() tries them (so the first one
a typed prefix begins is the one ip takes: `ip a s` is address show), and for
each group of commands the keywords they take (from the object's help text,
and the selectors its parser reads), each with what may follow it:

    None            a flag: nothing follows
    VALUE           a value no list can offer (an address, a number)
    "interfaces"    a device name (/sys/class/net)
    "netns"         a named network namespace (/run/netns)
    [words]         one of these words
    {"file": F, "words": [...]}   a name from an /etc/iproute2 file (and its
                    .d/*.conf files), or one of ip's built-in names

and the "argument": what a word that is no keyword may be (`ip link show lo`).
The objects themselves, and their order, come from OBJECTS in __init__.py,
the table ip's own dispatch uses; docgen turns both into the three shells'
completions.
"""
from pynettools.tools.ip import OBJECTS
from pynettools.tools.ip.link import TYPES_USAGE
from pynettools.tools.ip.utils import RouteNames
from pynettools.tools.rtnames import CONFDIR

VALUE = "value"
IFACE = "interfaces"
NETNS = "netns"


def _names(kind, *builtins):
    """Names from /etc/iproute2/KIND, with ip's built-in ones (utils.RouteNames')."""
    words = list(builtins)
    if kind in RouteNames.TABS:
        words += [name for name in RouteNames.TABS[kind][0].values() if name not in words]
    return {"file": CONFDIR + "/" + kind, "words": words}


def _words(text):
    return text.split()


LINK_TYPES = [word for word in TYPES_USAGE.split("{", 1)[1].split("}", 1)[0].split() if word != "|"]
ROUTE_TYPES = _words("unicast local broadcast multicast throw unreachable prohibit blackhole nat")
TABLES = _names("rt_tables", "local", "main", "default")   # rtnl_rttable_tab's built-ins
PROTOCOLS = _names("rt_protos")
SCOPES = _names("rt_scopes")
REALMS = _names("rt_realms")
GROUPS = _names("group", "default")
NUD = _words("delay failed incomplete noarp none permanent probe reachable stale all")
ON_OFF = ["on", "off"]


def _keywords(text, **values):
    """An ordered {keyword: what follows it}: the words of `text` are flags unless
    `values` names them (a trailing _ in a name stands for a dash: link_netns_)."""
    named = {key.rstrip("_").replace("_", "-") if key.endswith("_") else key: value
             for key, value in values.items()}
    found = {word: named.get(word) for word in text.split()}
    for key, value in named.items():
        found.setdefault(key, value)
    return found


def _object(commands, *forms):
    return {"commands": _words(commands), "forms": list(forms)}


def _form(commands, keywords=None, argument=None):
    return (_words(commands), keywords or {}, argument)


_ADDRESS_FLAGS = ("permanent dynamic secondary primary tentative -tentative deprecated -deprecated "
                  "dadfailed -dadfailed temporary home nodad mngtmpaddr noprefixroute autojoin")
_ROUTE_METRICS = dict.fromkeys(_words(
    "metric tos mtu advmss rtt rttvar reordering window cwnd initcwnd ssthresh rto_min "
    "hoplimit initrwnd congctl expires nexthop nhid weight via src as"), VALUE)
_RULE_SELECTOR = dict.fromkeys(_words("from to tos fwmark pref uidrange ipproto sport dport"), VALUE)
_LINK_SET_FLAGS = dict.fromkeys(_words("arp dynamic multicast allmulticast promisc trailers carrier "
                                       "protodown"), ON_OFF)
_LINK_VALUES = dict.fromkeys(_words("txqueuelen name address broadcast mtu alias vf link-netnsid "
                                    "protodown_reason gso_max_size gso_max_segs gro_max_size"), VALUE)

_MONITOR_WORDS = _keywords("file label link address route mroute prefix neigh netconf rule nsid nexthop "
                           "stats all all-nsid dev", file="files", dev=IFACE)

SYNTAX = {
    "address": _object(
        "add change replace delete list show flush save showdump restore help",
        _form("add change replace delete", _keywords(
            "dev peer broadcast anycast label scope metric valid_lft preferred_lft "
            "home nodad mngtmpaddr noprefixroute autojoin",
            dev=IFACE, peer=VALUE, broadcast=VALUE, anycast=VALUE, label=VALUE, scope=SCOPES,
            metric=VALUE, valid_lft=["forever"], preferred_lft=["forever"])),
        _form("list show flush save", _keywords(
            "dev scope master nomaster type to label up vrf " + _ADDRESS_FLAGS,
            dev=IFACE, scope=SCOPES, master=IFACE, type=LINK_TYPES, to=VALUE, label=VALUE,
            vrf=IFACE), IFACE)),
    "addrlabel": _object(
        "list show add delete flush help",
        _form("add delete", _keywords("prefix dev label", prefix=VALUE, dev=IFACE, label=VALUE))),
    "maddress": _object(
        "add delete list show help",
        _form("add delete", _keywords("dev", dev=IFACE)),
        _form("list show", _keywords("dev", dev=IFACE), IFACE)),
    "route": _object(
        "add change replace prepend append test delete list show get flush save restore showdump help",
        _form("add change replace prepend append test delete", _keywords(
            "table proto scope dev via src metric onlink pervasive encap ttl-propagate pref quickack "
            "features realms fastopen_no_cookie",
            table=TABLES, proto=PROTOCOLS, scope=SCOPES, dev=IFACE, realms=REALMS,
            encap=_words("mpls ip ip6 seg6 seg6local rpl ioam6 xfrm"),
            ttl_propagate_=["enabled", "disabled"], pref=["low", "medium", "high"],
            quickack=["0", "1"], features=["ecn"], fastopen_no_cookie=["0", "1"],
            **_ROUTE_METRICS), ROUTE_TYPES + ["default"]),
        _form("list show flush save", _keywords(
            "root match exact table vrf proto type scope dev via src from to tos iif oif mark "
            "metric realms cached",
            root=VALUE, match=VALUE, exact=VALUE, table=dict(TABLES, words=["all"] + TABLES["words"]),
            vrf=IFACE, proto=PROTOCOLS, type=ROUTE_TYPES, scope=SCOPES, dev=IFACE, via=VALUE,
            src=VALUE, to=VALUE, tos=VALUE, iif=IFACE, oif=IFACE, mark=VALUE, metric=VALUE,
            realms=REALMS, **{"from": VALUE})),
        _form("get", _keywords(
            "fibmatch from iif oif tos mark vrf uid ipproto sport dport connected to dev",
            iif=IFACE, oif=IFACE, tos=VALUE, mark=VALUE, vrf=IFACE, uid=VALUE, ipproto=VALUE,
            sport=VALUE, dport=VALUE, to=VALUE, dev=IFACE, **{"from": VALUE}))),
    "rule": _object(
        "list show save restore add delete flush help",
        _form("list show", _keywords(
            "not from to tos fwmark iif oif pref l3mdev uidrange ipproto sport dport table protocol",
            iif=IFACE, oif=IFACE, table=TABLES, protocol=PROTOCOLS, **_RULE_SELECTOR)),
        _form("add delete", _keywords(
            "not from to tos fwmark iif oif pref l3mdev uidrange ipproto sport dport table protocol "
            "nat realms goto suppress_prefixlength suppress_ifgroup",
            iif=IFACE, oif=IFACE, table=TABLES, protocol=PROTOCOLS, nat=VALUE, realms=REALMS,
            goto=VALUE, suppress_prefixlength=VALUE, suppress_ifgroup=GROUPS, **_RULE_SELECTOR))),
    "neigh": _object(
        "add change replace delete get show list flush help",
        _form("add change replace delete", _keywords(
            "lladdr nud proxy dev router use managed extern_learn protocol",
            lladdr=VALUE, nud=NUD[:-1], proxy=VALUE, dev=IFACE, protocol=PROTOCOLS)),
        _form("show list flush", _keywords(
            "proxy to dev nud vrf nomaster unused", to=VALUE, dev=IFACE, nud=NUD, vrf=IFACE)),
        _form("get", _keywords("proxy dev", proxy=VALUE, dev=IFACE))),
    "ntable": _object(
        "change show list help",
        _form("change", _keywords(
            "name dev thresh1 thresh2 thresh3 gc_int base_reachable retrans gc_stale delay_probe "
            "queue app_probes ucast_probes mcast_probes anycast_delay proxy_delay proxy_queue locktime",
            dev=IFACE, **dict.fromkeys(_words(
                "name thresh1 thresh2 thresh3 gc_int base_reachable retrans gc_stale delay_probe "
                "queue app_probes ucast_probes mcast_probes anycast_delay proxy_delay proxy_queue "
                "locktime"), VALUE))),
        _form("show list", _keywords("dev name", dev=IFACE, name=VALUE))),
    "link": _object(
        "add set change replace delete show list xstats afstats property help",
        _form("add replace", _keywords(
            "link parentdev name txqueuelen address broadcast mtu index numtxqueues numrxqueues netns type",
            link=IFACE, parentdev=VALUE, index=VALUE, numtxqueues=VALUE, numrxqueues=VALUE,
            netns=NETNS, type=LINK_TYPES, **_LINK_VALUES)),
        _form("set change", _keywords(
            "dev group up down type arp dynamic multicast allmulticast promisc trailers carrier "
            "txqueuelen name address broadcast mtu netns link-netns link-netnsid alias vf master vrf "
            "nomaster addrgenmode protodown protodown_reason gso_max_size gso_max_segs gro_max_size",
            dev=IFACE, group=GROUPS, type=LINK_TYPES, netns=NETNS, link_netns_=NETNS, master=IFACE,
            vrf=IFACE, addrgenmode=_words("eui64 none stable_secret random"),
            **dict(_LINK_SET_FLAGS, **_LINK_VALUES)), IFACE),
        _form("delete", _keywords("dev group type", dev=IFACE, group=GROUPS, type=LINK_TYPES), IFACE),
        _form("show list", _keywords(
            "dev group up master vrf type nomaster",
            dev=IFACE, group=GROUPS, master=IFACE, vrf=IFACE, type=LINK_TYPES), IFACE),
        _form("xstats", _keywords("type", type=LINK_TYPES)),
        _form("afstats", _keywords("dev", dev=IFACE)),
        _form("property", _keywords("dev altname", dev=IFACE, altname=VALUE), ["add", "del"]),
        _form("help", {}, LINK_TYPES)),
    "tuntap": _object(
        "add delete show list help",
        _form("add delete", _keywords(
            "dev mode user group one_queue pi vnet_hdr multi_queue name",
            dev=VALUE, mode=["tun", "tap"], user=VALUE, group=VALUE, name=VALUE))),
    "token": _object(
        "list show set delete get help",
        _form("list show get set delete", _keywords("dev", dev=IFACE))),
    "tcpmetrics": _object(
        "list show delete flush help",
        _form("list show delete flush", _keywords("address", address=VALUE))),
    "mroute": _object(
        "list show help",
        _form("list show", _keywords("to from iif table", to=VALUE, iif=IFACE,
                                     table=dict(TABLES, words=["all"] + TABLES["words"]),
                                     **{"from": VALUE}))),
    "netns": _object(
        "list show list-id help add set delete identify pids exec monitor attach",
        _form("list-id", _keywords("target-nsid nsid", target_nsid_=VALUE, nsid=VALUE)),
        _form("set delete pids exec attach", {}, NETNS)),
    "netconf": _object(
        "show list help",
        _form("show list", _keywords("dev", dev=IFACE))),
    "vrf": _object(
        "identify pids exec show list help",
        _form("show list pids exec", {}, IFACE)),
    "nexthop": _object(
        "add replace delete list show get flush bucket help",
        _form("add replace", _keywords(
            "id blackhole via dev onlink encap group fdb type buckets idle_timer unbalanced_timer protocol",
            id=VALUE, via=VALUE, dev=IFACE, encap=["mpls"], group=VALUE, type=["mpath", "resilient"],
            buckets=VALUE, idle_timer=VALUE, unbalanced_timer=VALUE, protocol=PROTOCOLS)),
        _form("list show flush", _keywords(
            "id dev vrf master groups fdb protocol",
            id=VALUE, dev=IFACE, vrf=IFACE, master=IFACE, protocol=PROTOCOLS)),
        _form("get delete", _keywords("id", id=VALUE)),
        _form("bucket", _keywords(
            "id dev vrf master groups fdb nhid index",
            id=VALUE, dev=IFACE, vrf=IFACE, master=IFACE, nhid=VALUE, index=VALUE), ["list", "get"])),
    "stats": _object(
        "help show set",
        _form("show", _keywords(
            "dev group subgroup suite", dev=IFACE,
            group=_words("link xstats xstats_slave offload afstats"),
            subgroup=_words("bridge bond cpu_hit hw_stats_info l3_stats mpls"),
            suite=_words("stp mcast 802.3ad")), IFACE),
        _form("set", _keywords("dev l3_stats", dev=IFACE, l3_stats=ON_OFF))),
    # ip monitor's words are all selectors (no command word); each is taken as
    # the "command", so that what follows it is completed as the others.
    "monitor": _object(
        "file label link address route mroute prefix neigh netconf rule nsid nexthop stats all all-nsid help dev",
        _form("label link address route mroute prefix neigh netconf rule nsid nexthop stats all all-nsid",
              _MONITOR_WORDS),
        _form("file", _MONITOR_WORDS, "files"),
        _form("dev", _MONITOR_WORDS, IFACE)),
    "help": _object(""),
}

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
        ("-l", "-loops", "COUNT", "at most COUNT rounds of an address flush (default 10, 0: no limit)"),
        ("-b", "-batch", "FILE", "read commands from FILE (- for standard input)"),
    ],
    "completions": {
        "-f": ["inet", "inet6", "link", "mpls", "bridge", "help"],
        "-n": NETNS,
        "-b": "files",
    },
    # ip OBJECT COMMAND ...: OBJECTS is ip's own table (first match wins)
    "grammar": {"objects": OBJECTS, "syntax": SYNTAX},
    "man": (
        "DESCRIPTION\n"
        "ip shows the kernel's network state object by object, printing exactly what "
        "iproute2 6.1.0's ip prints: the same text, the same -o, -br and -j forms, the same "
        "errors and exit statuses (0; 1 for a kernel error or an unknown object; 255 for a "
        "command-line error). Objects and their words may be abbreviated to any prefix; the "
        "first object in ip's own order wins, so `ip a` is address, `ip r` route, `ip n` "
        "neighbour.\n\n"
        "Both sides are there: the reading commands (show, list, get, help) and the ones that "
        "change the kernel (add, del, set, change, replace, append, prepend, flush, netns, "
        "monitor, -batch). A few are not yet: "
        "loading an XDP program (link set xdp obj and pinned), vrf exec, "
        "route encapsulations other than mpls and ip, and the "
        "objects ip has but pynettools not (xfrm, tunnel, l2tp, fou, macsec, sr, mptcp, ...): "
        "each says `pynettools ip: ... is not implemented yet` on standard error and exits 1.\n\n"
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
        "HOW IT CHANGES THE KERNEL\n"
        "Every change is one rtnetlink request with NLM_F_ACK (RTM_NEWLINK, RTM_NEWADDR, "
        "RTM_NEWROUTE, RTM_NEWNEIGH, RTM_NEWRULE, RTM_NEWNEXTHOP and their DEL and SET "
        "forms, with NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE or NLM_F_APPEND as ip sets them "
        "for add, change, replace, append and prepend); the kernel's answer is printed as "
        "ip prints it (`RTNETLINK answers: File exists`, and the extended-ack `Error: ...` "
        "line). A flush is a dump followed by one delete per entry, repeated until nothing "
        "is left. `ip netns add` creates /run/netns/NAME and bind-mounts a new namespace "
        "(unshare(CLONE_NEWNET), then a bind mount of /proc/self/ns/net) on it; `ip netns exec` enters it "
        "with setns(), remounts /sys and binds /etc/netns/NAME files, then runs the program. "
        "`ip monitor` joins rtnetlink multicast groups and prints each message with the "
        "same printer as show; `ip netns monitor` watches /run/netns with inotify. "
        "`ip -batch FILE` runs one command per line in this same process "
        "(options and cached names carry over), stopping at the first failure unless -force.\n\n"
        "PYNETTOOLS_TRACE=1 prints one line per dump, query, change and file on standard "
        "error:\n\n"
        "    PYNETTOOLS_TRACE=1 ip -br addr\n"
    ),
    "see_also": ["ss(8)", "arp(8)", "route(8)", "ifconfig(8)"],
}
