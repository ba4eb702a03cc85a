"""Golden cases for netstat (net-tools 2.10).

The socket tables run in the ss lab (tests/lab/topology.py ss()): its main
namespace holds TCP sockets in every state (LISTEN, ESTABLISHED, SYN_SENT,
SYN_RECV, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, LAST_ACK, CLOSING) on IPv4,
IPv6, link-local and v4-mapped addresses, UDP bound and connected, raw
sockets and UNIX sockets of every type, all held by one socket holder in a
PID namespace of its own (so -p names the same pid for both tools), and
names for some of its addresses in its /etc/hosts.  The "ss-timewait" lab
adds TIME_WAIT sockets (checked alive before each pair), "ss-empty" has only
loopback.

Timers (-o) count down between the real run and ours: the harness compares
them with the tolerance tests/harness/volatile.py's netstat rules give.
"""
from tests.harness.cases import Case
from tests.lab.topology import Topology
from tests.ifconfig import cases as ifconfig_cases
from tests.route import cases as route_cases
from tests.ss import cases as ss_cases

# What must hold still while a case runs: the tables netstat prints.
_TCP = "cat /proc/net/tcp /proc/net/tcp6 | awk '{print $2, $3, $4, $5, $10}'"
_OTHERS = ("cat /proc/net/udp /proc/net/udp6 /proc/net/udplite /proc/net/udplite6 /proc/net/raw"
           " /proc/net/raw6 /proc/net/unix")
SNAPSHOT = [["sh", "-c", "%s; %s" % (_TCP, _OTHERS)]]
# -o also shows each TCP socket's retransmission count (the 7th field).
_TCP_RETRANSMITS = "cat /proc/net/tcp /proc/net/tcp6 | awk '{print $2, $3, $4, $5, $7, $10}'"
TIMER_SNAPSHOT = [["sh", "-c", "%s; %s" % (_TCP_RETRANSMITS, _OTHERS)]]


def _shows_timers(argv):
    for word in argv:
        if word.startswith("--"):
            if len(word) > 2 and "timers".startswith(word[2:]):
                return True
        elif word.startswith("-") and "A" not in word and "o" in word:
            return True
    return False


def ns(name, words, lab="ss", note="", **kwargs):
    """A case running `netstat WORDS...` (a string is split on spaces)."""
    argv = words.split() if isinstance(words, str) else list(words)
    if "snapshot" not in kwargs and _shows_timers(argv):
        kwargs["snapshot"] = TIMER_SNAPSHOT
    return Case("netstat", name, ["netstat"] + argv, lab=lab, note=note, **kwargs)


def timewait(name, words, note="", **kwargs):
    return ns(name, words, lab="ss-timewait", note=note, precondition=ss_cases.TIMEWAIT_PRECONDITION, **kwargs)


def routes(name, words, note=""):
    """netstat -r in route's lab (tests/route/cases.py): the same lib/getroute.c
    printers as `route`, with -e counting the other way round."""
    return ns(name, words, lab=route_cases.route_lab(), note=note, snapshot=route_cases.SNAPSHOT)


# -s: the counters of a quiet namespace, moved once as the lab comes up
# (pings, refused connections and datagrams, two connections that stay idle).
STATS_SNAPSHOT = [["cat", "/proc/net/snmp", "/proc/net/netstat", "/proc/net/snmp6"]]
_TRAFFIC = (
    "import socket\n"
    "for fam, addr in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')):\n"
    "    s = socket.socket(fam)\n"
    "    try:\n"
    "        s.connect((addr, 9))\n"
    "    except OSError:\n"
    "        pass\n"
    "    u = socket.socket(fam, socket.SOCK_DGRAM)\n"
    "    for i in range(3):\n"
    "        u.sendto(b'x', (addr, 9))\n")


# -p names a process by its command line's first word: the part after the
# last "/" when it starts with "/", the whole word otherwise, and cuts
# "PID/name" to 19 bytes.  Three listeners started under chosen argv[0]s.
_LISTEN = ("import socket, sys, time\n"
           "s = socket.socket()\n"
           "s.bind(('127.0.0.1' if sys.argv[1] != '7010' else '127.0.0.2', int(sys.argv[1])))\n"
           "s.listen()\n"
           "time.sleep(100000)\n")


def _named_listener(argv0, port):
    return {"kind": "run", "argv": ["bash", "-c", '(exec -a "$0" /usr/bin/python3 -c "$1" %d >/dev/null 2>&1 &)' % port,
                                    argv0, _LISTEN]}


def programs_lab():
    t = Topology().pid_namespace()
    t.holder([{"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7000},
              _named_listener("/usr/local/sbin/a-rather-long-daemon-name", 7001),
              _named_listener("./relative/prog", 7002),
              _named_listener("", 7003),
              _named_listener("/trailing/slash/", 7004),
              {"kind": "sleep", "seconds": 0.5}])
    return t.spec


def utf8_lab():
    """Names that are UTF-8: printf pads them by bytes, not characters."""
    t = Topology().pid_namespace()
    t.address("lo", "127.0.0.2/8")
    t.host_name("127.0.0.2", "ünïcödé.example")
    t.holder([_named_listener("/opt/dæmön-ünïcode", 7010),
              {"kind": "sleep", "seconds": 0.5}])
    return t.spec


def stats_lab():
    t = Topology().pid_namespace()
    t.holder([{"kind": "run", "argv": ["ping", "-c", "3", "-i", "0.2", "-q", "127.0.0.1"]},
              {"kind": "run", "argv": ["ping", "-c", "2", "-i", "0.2", "-q", "::1"]},
              {"kind": "run", "argv": ["python3", "-c", _TRAFFIC]},
              {"kind": "tcp-conn", "addr": "127.0.0.1", "port": 9000, "client_port": 40001, "unread": 5},
              {"kind": "tcp-conn", "addr": "::1", "port": 9001, "family": 6, "client_port": 40002},
              {"kind": "sleep", "seconds": 0.5}])
    return t.spec


def stats(name, words, note="", lab=None):
    return ns(name, words, lab=lab or stats_lab(), note=note, snapshot=STATS_SNAPSHOT)


# -g: the multicast groups the ss lab's devices joined (IPv4 and IPv6).
IGMP_SNAPSHOT = [["sh", "-c", "cat /proc/net/igmp | awk '{print $1, $2, $3}'; "
                  "awk '{print $1, $2, $3, $4}' /proc/net/igmp6"]]


def groups(name, words, note=""):
    return ns(name, words, note=note, snapshot=IGMP_SNAPSHOT + SNAPSHOT)


def interfaces(name, words, note=""):
    """netstat -i in ifconfig's lab (tests/ifconfig/cases.py): lib/interface.c's
    device list, as ifconfig shows it, under netstat's titles."""
    return ns(name, words, lab=ifconfig_cases.ifconfig_lab(), note=note, snapshot=ifconfig_cases.SNAPSHOT)


def continuous(name, words, marker="Active Internet connections", listings=2, lab="ss-empty",
               stop_signal="SIGINT", note="", **kwargs):
    """-c: the listing again every second until a signal.  Each run is stopped
    once its stdout holds `marker` (printed once a listing) `listings` times:
    netstat flushes stdout as a listing ends, then sleeps a second, so the
    signal, sent 0.3 s after the text shows, comes in that second's sleep
    and both tools print the same number of listings however slow the start
    (a fixed stop time, tried before, let ours' start-up move a listing past
    it under load)."""
    return ns(name, words, lab=lab, note=note, stop_on_output=[marker, listings], stop_after=0.3,
              stop_signal=stop_signal, **kwargs)


CASES = [
    # ---- the program itself
    ns("version", "-V", lab="ss-empty"),
    ns("version-long", "--version", lab="ss-empty"),
    ns("help", "-h", lab="ss-empty", note="usage on stdout, the family list on stderr, exit 0"),
    ns("help-long", "--help", lab="ss-empty"),
    ns("bad-option", "-q", lab="ss-empty", note="getopt's message, usage on stderr, exit 3"),
    ns("bad-long-option", "--bogus", lab="ss-empty"),
    ns("ambiguous-long-option", "--in", lab="ss-empty",
       note="--inet and --inet6 return the same value, so glibc names --inet and --interfaces"),
    ns("missing-argument", "-A", lab="ss-empty"),
    ns("unknown-family", "-A foo", lab="ss-empty"),
    ns("unknown-family-in-list", "-A inet,foo -t", lab="ss-empty"),
    ns("empty-family", "-A inet,", lab="ss-empty"),
    ns("tcpip-internal-error", "--tcpip", lab="ss-empty",
       note="AFTRANS_CNT is one short of the table: --tcpip is an internal error, then ignored"),
    ns("selinux", "-Z", lab="ss-empty"),
    ns("two-modes", "-r -i", lab="ss-empty", note="more than one of -r -i -M -s: usage, exit 3"),
    ns("version-first", "-V -q", lab="ss-empty", note="-V exits before -q is read"),
    ns("help-after-error", "-q -h", lab="ss-empty"),
    ns("verbose-empty", "-v", lab="ss-empty", note="no support for the families this kernel lacks"),
    ns("sctp-missing", "-S", lab="ss-empty", note="no /proc/net/sctp: a message and exit 1"),
    ns("sctp-missing-all", "--sctp -a", lab="ss-empty"),
    ns("ipx-missing", "--ipx", lab="ss-empty"),
    ns("ax25-missing", "--ax25", lab="ss-empty"),
    ns("x25-missing", "--x25", lab="ss-empty"),
    ns("netrom-missing", "--netrom", lab="ss-empty"),
    ns("rose-missing", "-A rose", lab="ss-empty"),
    ns("bluetooth", "--bluetooth", lab="ss-empty", note="not built in: ENOSUPP, exit 1"),
    ns("empty-all", "-a", lab="ss-empty"),

    # ---- the socket tables
    ns("default", ""),
    ns("all", "-a"),
    ns("all-numeric", "-an"),
    ns("listening", "-l"),
    ns("listening-numeric", "-ln"),
    ns("tcp", "-t"),
    ns("tcp-numeric", "-tn"),
    ns("tcp-all", "-ta"),
    ns("tcp-all-numeric", "-tan"),
    ns("tcp-listening", "-tl"),
    ns("tcp-listening-numeric", "-tln"),
    ns("tcp-udp-all-numeric", "-tuan", note="the scripts' favourite"),
    ns("tcp-udp-listening-programs", "-tulpn"),
    ns("antp", "-antp"),
    ns("udp", "-u"),
    ns("udp-all", "-ua"),
    ns("udp-all-numeric", "-uan"),
    ns("udp-listening", "-ul"),
    ns("udplite", "-U"),
    ns("udplite-all", "-Ua"),
    ns("raw", "-w"),
    ns("raw-all", "-wa", note="raw ports are protocol numbers, named from /etc/protocols"),
    ns("raw-all-numeric", "-wan"),
    ns("raw-listening", "-wl"),
    ns("unix", "-x"),
    ns("unix-all", "-xa"),
    ns("unix-listening", "-xl"),
    ns("unix-all-programs", "-xap"),
    ns("every-table", "-tuwxan"),
    ns("every-table-wide", "-tuwxaW"),
    ns("wide", "-taW", note="addresses not cut to fit 22 characters"),
    ns("wide-numeric", "-tanW"),
    ns("long-options", "--tcp --udp --all --numeric"),
    ns("long-listening-programs", "--listening --programs --numeric --tcp"),
    ns("numeric-hosts", "-ta --numeric-hosts"),
    ns("numeric-ports", "-ta --numeric-ports"),
    ns("numeric-users", "-tae --numeric-users"),
    ns("numeric-hosts-ports", "-ua --numeric-hosts --numeric-ports"),
    ns("extend", "-tane"),
    ns("extend-names", "-tae"),
    ns("extend-twice", "-taee"),
    ns("extend-udp", "-uanee"),
    ns("extend-raw", "-wanee"),
    ns("programs", "-tanp"),
    ns("programs-extend", "-tanpee"),
    ns("programs-udp-raw", "-uwanp"),
    ns("programs-everything", "-anp"),
    ns("timers", "-tano"),
    ns("timers-extend-programs", "-tanpeeo"),
    ns("timers-udp-raw", "-uwano"),
    ns("timers-wide", "-taoW"),
    ns("family-inet", "-A inet -a"),
    ns("family-inet-numeric", "-A inet -an"),
    ns("family-inet6", "-A inet6 -an"),
    ns("family-4", "-4 -tan"),
    ns("family-6", "-6 -tan"),
    ns("family-46", "-46 -uan"),
    ns("family-long-inet", "--inet -an"),
    ns("family-long-inet6", "--inet6 -ln"),
    ns("family-long-unix", "--unix -an"),
    ns("family-list", "-A inet6,unix -an"),
    ns("family-ip6-alias", "-A ip6 -ta"),
    ns("family-protocol-long", "--protocol=inet -l"),
    ns("family-unix-tcp", "-x -t -an", note="-x is a family too: both tables"),
    ns("verbose", "-tanv"),
    ns("verbose-everything", "-anv"),
    ns("operands-ignored", "-tan extra words", note="operands are never read"),
    ns("all-and-listening", "-tal"),
    timewait("timewait-tcp", "-tan"),
    timewait("timewait-timers", "-tano"),
    timewait("timewait-names", "-t"),

    # ---- -r: the routing tables
    routes("route", "-r", note="netstat -r is route -e's table"),
    routes("route-numeric", "-rn"),
    routes("route-extend", "-re", note="netstat -re is route's plain table"),
    routes("route-numeric-extend", "-rne"),
    routes("route-extend-twice", "-ree"),
    routes("route-numeric-extend-twice", "-rnee"),
    routes("route-extend-thrice", "-rneee", note="ext 0: the title only"),
    routes("route-cache", "-rC"),
    routes("route-cache-numeric-extend", "-rnCe"),
    routes("route-fib-and-cache", "-rnFC"),
    routes("route-inet6", "-r -A inet6"),
    routes("route-inet6-numeric", "-rn6"),
    routes("route-inet6-extend", "-rn6e"),
    routes("route-both-families", "-rn -A inet,inet6"),
    routes("route-verbose", "-rnv"),
    routes("route-symbolic", "-rN"),
    routes("route-unix", "-r -A unix", note="no routing for unix: a message, exit 3"),
    routes("route-ax25", "-r --ax25"),
    routes("route-long", "--route --numeric"),
    routes("route-4", "-r4n"),

    # ---- -s: statistics
    stats("stats", "-s", note="every table; 2.10's unsorted tables miss some names (Forwarding: 2)"),
    stats("stats-tcp", "-st", note="Tcp and TcpExt, and the tables netstat has no table for"),
    stats("stats-udp", "-su"),
    stats("stats-raw", "-sw", note="Ip and Icmp, with the ICMP histograms"),
    stats("stats-sctp-flag", "-sS", note="no /proc/net/sctp/snmp: nothing of Sctp"),
    stats("stats-tcp-udp", "-stu"),
    stats("stats-long", "--statistics"),
    stats("stats-inet", "-s -A inet"),
    stats("stats-inet-long", "-s --inet"),
    stats("stats-inet6", "-s6", note="/proc/net/snmp6, then the Tcp pair of /proc/net/snmp"),
    stats("stats-inet6-tcp", "-s6t"),
    stats("stats-inet6-udp", "-s6u"),
    stats("stats-inet6-raw", "-s6w"),
    stats("stats-inet6-long", "-s -A inet6"),
    stats("stats-both-families", "-s -4 -6", note="afname inet,inet6: no statistics support, exit 1"),
    stats("stats-unix", "-s -x"),
    stats("stats-numeric-extend", "-sne", note="-n and -e change nothing"),
    stats("stats-empty", "-s", lab="ss-empty", note="a namespace that never sent a packet"),
    stats("stats-empty-inet6", "-s6", lab="ss-empty"),
    stats("stats-and-route", "-s -r", note="two modes: usage, exit 3"),
    # ---- -g: multicast group memberships
    groups("groups", "-g"),
    groups("groups-numeric", "-gn"),
    groups("groups-inet", "-g -A inet"),
    groups("groups-inet6", "-g6"),
    groups("groups-long", "--groups --numeric"),
    groups("groups-verbose", "-gv"),
    groups("groups-and-tcp", "-gtn", note="the connections, then the groups"),
    groups("groups-and-unix", "-gx"),
    # ---- -i: the interface table
    interfaces("interfaces", "-i", note="devices that are up, the short table"),
    interfaces("interfaces-all", "-ia", note="down devices too"),
    interfaces("interfaces-extend", "-ie", note="ifconfig's blocks"),
    interfaces("interfaces-extend-all", "-iea"),
    interfaces("interfaces-extend-twice", "-iee"),
    interfaces("interfaces-numeric", "-in"),
    interfaces("interfaces-long", "--interfaces --all"),
    interfaces("interfaces-verbose", "-iv"),
    # ---- -c: again every second, until a signal (stopped after the Nth listing; see continuous())
    continuous("continuous-tcp", "-tc"),
    continuous("continuous-tcp-numeric", "-c -tn"),
    continuous("continuous-three", "-c -tn", listings=3, note="three listings, then SIGINT"),
    continuous("continuous-all-numeric", "-tuxanc", note="three tables each time"),
    continuous("continuous-sigterm", "-c -t", stop_signal="SIGTERM"),
    continuous("continuous-long", "--continuous --tcp --numeric"),
    continuous("continuous-programs", "-tanpc", lab="ss", snapshot=SNAPSHOT,
               note="the process table read again each time"),
    continuous("continuous-route", "-rnc", marker="Kernel IP routing table", lab=route_cases.route_lab(),
               snapshot=route_cases.SNAPSHOT),
    continuous("continuous-route-extend", "-c -r -e", marker="Kernel IP routing table",
               lab=route_cases.route_lab(), snapshot=route_cases.SNAPSHOT),
    continuous("continuous-route-cache", "-c -rC", marker="Kernel IP routing cache", lab=route_cases.route_lab(),
               snapshot=route_cases.SNAPSHOT),
    continuous("continuous-interfaces", "-c -i", marker="Iface ", lab=ifconfig_cases.ifconfig_lab(),
               snapshot=ifconfig_cases.SNAPSHOT, note="the title once, the header each time"),
    continuous("continuous-interfaces-extend", "-cie", marker="lo: flags", lab=ifconfig_cases.ifconfig_lab(),
               snapshot=ifconfig_cases.SNAPSHOT),
    stats("continuous-stats", "-cs", lab="ss-empty", note="-s prints once and exits, -c or not"),
    # (not -c -g: igmp_do_one()'s static igmp6_flag, set by the first listing's
    # /proc/net/igmp6, makes the second read /proc/net/igmp as igmp6 lines,
    # and "%08X%08X%08X%08X" of a short word leaves address words uninitialised)
    continuous("continuous-unix", "-cx", marker="Active UNIX domain sockets"),
    continuous("continuous-inet6", "-c -6 -tln"),
    # ---- -M: masquerading, gone from Linux since 2.4
    ns("masquerade", "-M", lab="ss-empty"),
    ns("masquerade-long", "--masquerade -n", lab="ss-empty"),
    ns("masquerade-continuous", "-Mc", lab="ss-empty", note="the error ends the loop"),
    ns("masquerade-and-route", "-M -r", lab="ss-empty", note="two modes: usage, exit 3"),
    # ---- options 2.10 does not have, or takes and ignores
    ns("no-I-option", "-I=eth0", lab="ss-empty", note="2.10 has no -I: invalid option, usage, exit 3"),
    ns("no-T-option", "-T", lab="ss-empty", note="the SuSE alias -T came after 2.10"),
    ns("l2cap", "-2", lab="ss-empty", note="bluetooth is not built: ENOSUPP, exit 1"),
    ns("rfcomm-long", "--rfcomm", lab="ss-empty"),
    ns("debug-ignored", "-d -tn"),
    ns("symbolic-ignored", "-tanN"),
    ns("fib-cache-ignored", "-FC -tn", note="-F and -C matter only with -r"),
    # ---- more combinations of the socket tables
    ns("listening-programs-extend", "-lpee"),
    ns("unix-extend-programs", "-xee -p", note="-e adds nothing to the unix table"),
    ns("unix-numeric-wide", "-xanW"),
    ns("all-timers", "-ao -n"),
    ns("listening-timers", "-lo --numeric"),
    ns("numeric-users-only", "--numeric-users -ta"),
    ns("udplite-inet6", "-U -6 -a"),
    ns("raw-inet-extend", "-w -4 -ae"),
    ns("tcp-udp-raw-unix-long", "--tcp --udp --raw --unix --all --numeric --extend --programs"),
    ns("protocol-and-family-list", "-t -A inet6,inet -an"),
    ns("family-ip-alias", "-A ip -lt"),
    ns("family-tcpip-alias", "-A tcpip -ln"),
    ns("family-unix-alias-listening", "-A unix -l"),
    ns("family-ax25-with-tcp", "-t --ax25 -n", note="tcp, then no AX.25: a message, exit 1"),
    ns("verbose-listening", "-lv"),
    # ---- -p: names from the command line
    ns("programs-names", "-tlnp", lab=programs_lab(), note="long, relative, empty and slash-ended argv[0]"),
    ns("programs-names-extend", "-tlnpee", lab=programs_lab()),
    ns("utf8-names", "-tlp", lab=utf8_lab(), note="a host name and a program name in UTF-8"),
    ns("utf8-names-wide", "-tlpW", lab=utf8_lab()),
    ns("utf8-names-plain", "-tl", lab=utf8_lab(), note="the same through the fast path"),
]
