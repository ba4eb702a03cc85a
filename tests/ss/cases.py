"""Golden cases for ss (iproute2 6.1.0).

Most cases run in the "ss" lab (tests/lab/topology.py ss()): its main
namespace holds a socket of every kind ss shows -- TCP in LISTEN,
ESTABLISHED, SYN-SENT, SYN-RECV, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT,
LAST-ACK and CLOSING, UDP bound and connected, raw, unix stream, datagram
and seqpacket (path, abstract, unnamed, listening, connected), packet and
netlink sockets -- on 127.0.0.1, ::1, 198.51.100.x, 2001:db8:1::x, fe80::1%veth0
and v4-mapped addresses, all on fixed ports.  One socket holder process
("sockholder", pid 2 in the lab's own PID namespace) holds them all, so -p
shows the same pids to the real ss and to ours.  The "ss-timewait" lab has
TIME-WAIT sockets, which last 60 s: its cases come one after the other, right
after the lab is built; each checks first that they are still there with
time to spare (a precondition: else the lab is built again).  The
"ss-empty" lab is a namespace with only loopback.  The "ss-rpcbind" lab runs
rpcbind, with a /run of its own (skipped live where rpcbind is not
installed).  "ss-netns" is the ss lab with its peer namespace also named
pnt-ss-peer (for -N); "ss-marks" has sockets with marks and autobound unix
sockets (the fwmark and autobound filters); "ss-quiet" is an empty namespace
where a case makes its own sockets: ss -E watches a `during` command open
and close some, ss -K kills one a `setup` command made
(tests/lab/sockevents.py does both).

Cases may also hand ss files instead of the kernel: TCPDIAG_FILE (a saved
sock_diag dump) and PROC_ROOT / PROC_NET_* (/proc/net tables), made up in
tests/ss/fabricated.py; and ss -D writes a file that is compared too
(Case.outputs; tests/harness/volatile.py says which bytes may move).

Numbers that move by themselves between the real run and ours (timer
countdowns, milliseconds since the last packet, machine-wide counters) are
compared after tests/harness/volatile.py's ss_output(), on both sides.

Cases with tty_columns=N run with stdout on a terminal N columns wide (ss
then spreads its columns over the width); the others print into a pipe, where
ss 6.1 ignores COLUMNS.
"""
import json
import os

from tests.harness.cases import Case
from tests.ss import fabricated

# What must hold still while a case runs, read from /proc/net (reading it
# opens no socket, unlike running ss, whose dying netlink socket `ss -s`
# would count): which sockets exist, in which state, with which queues.
_TCP = "cat /proc/net/tcp /proc/net/tcp6 | awk '{print $2, $3, $4, $5, $10}'"
_OTHERS = "cat /proc/net/udp /proc/net/udp6 /proc/net/raw /proc/net/raw6 /proc/net/unix /proc/net/packet"
SNAPSHOT = [["sh", "-c", "%s; %s" % (_TCP, _OTHERS)]]
# Cases that show timers (-o, and -e too), tcp_info (-i) or skmem (-m) also depend on how often the
# lab's SYN-SENT, SYN-RECV, FIN-WAIT-1, LAST-ACK and CLOSING sockets have
# retransmitted (the count in the timer, backoff, rto, retrans...): their
# snapshot has /proc/net/tcp's retransmit count (the 7th field) too, so a
# retransmission between the two runs makes the harness run the case again.
# The timer's remaining time (tm->when, in the 6th) runs down by itself and
# is left out.
# Not every packet counts as a retransmission: a half-closed socket that
# answers its peer's retransmitted FIN with an ACK changes segs_in, segs_out,
# lastack and skmem's drops (-i, -m) and no retransmit count.  The
# namespace's TCP segment counters (/proc/net/snmp) move with any of them.
_TCP_RETRANSMITS = "cat /proc/net/tcp /proc/net/tcp6 | awk '{print $2, $3, $4, $5, $7, $10}'"
_TCP_SEGMENTS = "grep '^Tcp:' /proc/net/snmp"
TIMER_SNAPSHOT = [["sh", "-c", "%s; %s; %s" % (_TCP_RETRANSMITS, _TCP_SEGMENTS, _OTHERS)]]
# -s also counts every socket of the namespace (sockets: used), a socket
# that is still being freed included, and TCP's orphan and alloc, which count
# the whole machine's sockets, not the namespace's (ss -s prints them as
# "orphaned", in the TCP total and in "closed"): they are in the snapshot, so
# a pair is run again when anything on the machine moved them, and ss -s is
# compared exactly.
# Left out: the memory fields (mem, memory: pages in use), which move with
# every packet and ss -s never prints.
SUMMARY_SNAPSHOT = SNAPSHOT + [["sh", "-c", "cat /proc/net/sockstat /proc/net/sockstat6 | sed"
                                " -e 's/ mem [0-9]*//' -e 's/ memory [0-9]*//'"]]


def _shows_timers(argv):
    """-o/-e/-i/-m (in a cluster such as -tanoi) or --options/--extended/--info/--memory:
    timers and counters that move with the lab's retransmissions (skmem's d,
    drops, counts the SYNs a full listener turns away)."""
    takes_value = False
    for word in argv:
        if takes_value:
            takes_value = False
        elif word.startswith("--") and len(word) > 2 and any(
                name.startswith(word[2:]) for name in ("options", "extended", "info", "memory")):
            return True  # getopt takes any prefix: `ss --ex` is --extended
        elif word.startswith("-") and not word.startswith("--"):
            letters = word[1:]
            for n, letter in enumerate(letters):
                if letter in "AfFD":  # the rest of the word, or the next word, is their value
                    takes_value = n == len(letters) - 1
                    break
                if letter in "oeim":
                    return True
    return False


def ss(name, words, lab="ss", note="", **kwargs):
    """A case running `ss WORDS...` (a string is split on spaces)."""
    argv = words.split() if isinstance(words, str) else list(words)
    if "snapshot" not in kwargs and _shows_timers(argv):
        kwargs["snapshot"] = TIMER_SNAPSHOT
    return Case("ss", name, ["ss"] + argv, lab=lab, note=note, **kwargs)


def summary(name, words, lab="ss", note="", tty_columns=None, **kwargs):
    return ss(name, words, lab=lab, note=note, snapshot=SUMMARY_SNAPSHOT, tty_columns=tty_columns, **kwargs)


def tty(name, words, columns, lab="ss", note=""):
    return ss(name, words, lab=lab, note=note, tty_columns=columns)


# The ss-timewait lab's two TIME-WAIT sockets must still be there, each with
# 10 s or more to live (/proc/net/tcp's tm->when, in USER_HZ ticks: 1000),
# or a case would compare two tables without them.
_TIMEWAIT_ALIVE = (
    "n=0; for when in $(awk '$4 == \"06\" {split($6, t, \":\"); print t[2]}' /proc/net/tcp /proc/net/tcp6);"
    " do [ $(printf %d 0x$when) -ge 1000 ] && n=$((n + 1)); done; [ $n -ge 2 ]")
TIMEWAIT_PRECONDITION = [["sh", "-c", _TIMEWAIT_ALIVE]]


def timewait(name, words, note="", make=None, **kwargs):
    return (make or ss)(name, words, lab="ss-timewait", note=note, precondition=TIMEWAIT_PRECONDITION, **kwargs)


# ---- ss -E, ss -K: sockets a case makes (tests/lab/sockevents.py) -----------------------

with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lab", "sockevents.py")) as _f:
    SOCKEVENTS = _f.read()


def sockevents(command, specs):
    """The argv running tests/lab/sockevents.py COMMAND SPECS (its text inline,
    so case.json holds all of it)."""
    return ["python3", "-c", SOCKEVENTS, command, json.dumps(specs, sort_keys=True)]


# Opened and closed in this order while ss -E watches (every TCP end closed
# with, or by, an RST: nothing is left in TIME-WAIT for the next run).
EVENTS = [
    {"kind": "udp", "addr": "127.0.0.1", "port": 7201},
    {"kind": "udp", "addr": "::1", "port": 7202, "family": 6, "connect": ["::1", 7203]},
    {"kind": "tcp-listen", "addr": "::1", "port": 7205, "family": 6},
    {"kind": "tcp-pair", "addr": "127.0.0.1", "port": 7204, "client_port": 41204, "reset": True},
]
# ss has joined sock_diag's destroy groups: a NETLINK_SOCK_DIAG (4) socket in
# the namespace bound to a group (/proc/net/netlink's Groups).
EVENTS_READY = [["sh", "-c", "awk '$2 == 4 && $4 != \"00000000\" {found = 1} END {exit !found}' /proc/net/netlink"]]


# stop_after: the kernel reports a destroyed socket from a workqueue and ss
# prints it after that; a second is ample even on a busy machine (a report
# still on its way when the signal comes would be missing on one side).
def events(name, words, stop_signal="SIGINT", columns=None, note=""):
    return ss(name, words, lab="ss-quiet", note=note, tty_columns=columns, during=[sockevents("events", EVENTS)],
              ready=EVENTS_READY, stop_after=1.0, stop_signal=stop_signal, snapshot=[])


# What each -K case kills: made afresh before each of the two runs.
KILL_TCP = [{"kind": "tcp-pair", "addr": "127.0.0.1", "port": 7300, "client_port": 41300}]
KILL_UDP = [{"kind": "udp", "addr": "127.0.0.1", "port": 41301, "connect": ["127.0.0.1", 7301]}]
_QUIET_FILES = "/proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6"
_QUIET_TABLES = "cat %s | awk '{print $2, $3, $4}'" % _QUIET_FILES
# After ss -K the holder sees its socket destroyed and lets go of the rest:
# the tables are read once they are empty (the four header lines), or after
# 5 s with whatever is left (a socket that was not killed).
KILL_STATE = [["sh", "-c", "for i in $(seq 50); do [ $(cat %s | wc -l) -le 4 ] && break; sleep 0.1; done; %s"
               % (_QUIET_FILES, _QUIET_TABLES)]]


def kill(name, words, victims, note=""):
    return ss(name, words, lab="ss-quiet", note=note, mutates=True, setup=[sockevents("hold", victims)],
              state=KILL_STATE, snapshot=[["sh", "-c", _QUIET_TABLES]])


# ---- -N: another namespace, by a name that is the same in every lab ----------------------

NETNS_ALIAS = "pnt-ss-peer"
# What holds still in the namespace -N switches to (the peer's tables).
PEER_SNAPSHOT = [["ip", "netns", "exec", NETNS_ALIAS, "sh", "-c", "%s; %s" % (_TCP, _OTHERS)]]


# ---- files ss reads instead of the kernel (tests/ss/fabricated.py) ----------------------

def with_files(name, words, files, env, note="", lab="ss-empty", **kwargs):
    return ss(name, words, lab=lab, note=note, files=files, env=env, **kwargs)


PROC_TCP_FILES = {"tcp": fabricated.PROC_TCP, "tcp6": fabricated.PROC_TCP6}
PROC_TCP_ENV = {"PROC_NET_TCP": "tcp", "PROC_NET_TCP6": "tcp6"}
SUMMARY_FILES = {"sockstat": fabricated.PROC_SOCKSTAT, "sockstat6": fabricated.PROC_SOCKSTAT6,
                 "snmp": fabricated.PROC_SNMP}
SUMMARY_ENV = {"PROC_NET_SOCKSTAT": "sockstat", "PROC_NET_SOCKSTAT6": "sockstat6", "PROC_NET_SNMP": "snmp"}


FILTER_FILE = """\
sport = :22 or dport = :25
"""

FILTER_FILE_COMMENTED = """\
# a filter in a file: ss reads it all as one expression
( dport = :9000 or sport = :9000 )
and src 127.0.0.1
"""

FILTER_FILE_BAD = "sport = :\n"

CASES = [
    # ---- default output and the tables -----------------------------------------------------
    ss("default", "", note="connected sockets of every kind"),
    ss("all", "-a", note="every table, netlink included"),
    ss("all-numeric", "-an"),
    ss("listening", "-l"),
    ss("listening-numeric", "-ln"),
    ss("tcp", "-t", note="connected TCP, service names"),
    ss("tcp-numeric", "-tn"),
    ss("tcp-all", "-ta"),
    ss("tcp-all-numeric", "-tan"),
    ss("tcp-listening", "-tl"),
    ss("tcp-listening-numeric", "-tln"),
    ss("udp", "-u"),
    ss("udp-all", "-ua"),
    ss("udp-all-numeric", "-uan"),
    ss("udp-listening", "-uln", note="UDP 'listening' is UNCONN"),
    ss("tcp-udp", "-tuan"),
    ss("tcp-udp-listening", "-tuln"),
    ss("raw", "-w", note="raw sockets are UNCONN: nothing without -a"),
    ss("raw-all", "-wa"),
    ss("raw-all-numeric", "-wan"),
    ss("unix", "-x"),
    ss("unix-all", "-xa"),
    ss("unix-listening", "-xl"),
    ss("unix-all-numeric", "-xan"),
    ss("packet", "-0"),
    ss("packet-all", "-0a"),
    ss("packet-all-numeric", "-0an"),
    ss("netlink", "-A netlink", note="netlink sockets are UNCONN: only with -a"),
    ss("netlink-all", "-A netlink -a"),
    ss("netlink-all-numeric", "-A netlink -an"),
    ss("tcp-udp-raw-unix", "-tuwxa"),
    ss("everything-numeric", "-tuwx0an"),

    # ---- families ---------------------------------------------------------------------
    ss("ipv4", "-4", note="-4 alone: connected inet sockets"),
    ss("ipv4-tcp", "-4tan"),
    ss("ipv6-tcp", "-6tan"),
    ss("ipv4-udp", "-4uan"),
    ss("ipv6-udp", "-6uan"),
    ss("ipv6-all", "-6a"),
    ss("ipv4-ipv6", "-4 -6 -tan", note="the last of -4/-6 wins"),
    ss("family-inet", "-f inet -a"),
    ss("family-inet6", "-f inet6 -an"),
    ss("family-unix", "-f unix -a"),
    ss("family-link", "-f link -a"),
    ss("family-netlink", "-f netlink -a"),
    ss("family-two", "-f inet -f unix -an"),
    ss("family-long", "--family=inet6 -tln"),
    ss("family-unknown", "-f bogus", note="error: unknown family"),
    ss("family-tcp-unix", "-t -f unix -a", note="-t and -f unix: no tables left"),
    ss("family-vsock", "-f vsock -a", note="no vsock_diag in this kernel"),
    ss("family-tipc", "-f tipc -a", note="no TIPC in this kernel"),
    ss("family-xdp", "-f xdp -a", note="no xdp_diag in this kernel"),
    ss("family-help", "-f help", note="the usage on stdout, exit 0"),

    # ---- -A / --query ---------------------------------------------------------------------
    ss("query-tcp-udp", "-A tcp,udp -an"),
    ss("query-inet", "-A inet -an", note="inet includes dccp: the kernel has none (RTNETLINK answers)"),
    ss("query-all", "-A all -an"),
    ss("query-unix-stream", "-A unix_stream -a"),
    ss("query-unix-short", "-A u_dgr,u_seq -a"),
    ss("query-packet-raw", "-A p_raw -a"),
    ss("query-packet-dgram", "-A packet_dgram -a"),
    ss("query-raw", "-A raw -an"),
    ss("query-repeated", "-A tcp -A udp -an"),
    ss("query-long", "--query=udp --all --numeric"),
    ss("query-socket-long", "--socket=unix_seqpacket -a"),
    ss("query-unknown", "-A bogus", note="error: wrong -A argument"),
    ss("query-missing-arg", "-A", note="error: getopt wants an argument"),
    ss("query-dccp", "-d -a", note="dccp: the kernel's EINVAL is printed, the header too"),
    ss("query-sctp", "-S -a"),
    ss("query-mptcp", "-M -a"),
    ss("query-vsock", "--vsock -a"),
    ss("query-xdp", "--xdp -a"),
    ss("query-tipc", "--tipc -a"),
    # every QUERY name of the usage text by its own name
    ss("query-name-mptcp", "-A mptcp -a"),
    ss("query-name-unix", "-A unix -a"),
    ss("query-name-unix-dgram", "-A unix_dgram -a"),
    ss("query-name-packet", "-A packet -an"),
    ss("query-name-packet-raw", "-A packet_raw -a"),
    ss("query-name-dccp", "-A dccp -a"),
    ss("query-name-sctp", "-A sctp -a"),
    ss("query-name-vsock-stream", "-A vsock_stream -a"),
    ss("query-name-vsock-dgram", "-A vsock_dgram -a"),
    ss("query-name-tipc", "-A tipc -a"),
    ss("query-name-xdp", "-A xdp -a"),
    ss("query-name-negated", "-A all,!tcp,!unix -an", note="!NAME takes a table away"),

    # ---- header, oneline ---------------------------------------------------------------
    ss("no-header", "-tanH"),
    ss("no-header-unix", "-xaH"),
    ss("no-header-long", "--no-header -uan"),
    ss("oneline-info", "-tanoiO", note="-O puts -i on the socket's line"),
    ss("oneline-memory", "-tanmO"),
    ss("oneline-extended", "-tanmeO"),
    ss("oneline-long", "--oneline -tlni"),

    # ---- processes -----------------------------------------------------------------------
    ss("processes-tcp", "-tanp"),
    ss("processes-tcp-listening", "-tlnp"),
    ss("processes-tcp-udp", "-tulpn"),
    ss("processes-udp", "-uanp"),
    ss("processes-raw", "-wanp"),
    ss("processes-unix", "-xap"),
    ss("processes-packet", "-0ap"),
    ss("processes-netlink", "-A netlink -ap"),
    ss("processes-long", "--processes --tcp --listening"),
    ss("threads-tcp", "-tanT", note="-T: a tid for every thread"),
    ss("threads-unix", "-xlT"),

    # ---- extended, options, memory, info -----------------------------------------------------
    ss("extended-tcp", "-tane"),
    ss("extended-udp", "-uane"),
    ss("extended-raw", "-wane"),
    ss("extended-unix", "-xae"),
    ss("extended-packet", "-0ae"),
    ss("extended-netlink", "-A netlink -ae"),
    ss("extended-processes", "-tlnpe"),
    ss("options-tcp", "-tano", note="timers: keepalive, retransmits (on), none"),
    ss("options-tcp-names", "-tao"),
    ss("options-udp", "-uano"),
    ss("memory-tcp", "-tanm"),
    ss("memory-udp", "-uanm"),
    ss("memory-unix", "-xam"),
    ss("memory-packet", "-0am"),
    ss("info-tcp", "-tani"),
    ss("info-tcp-options", "-tanoi"),
    ss("info-tcp-listening", "-tlni"),
    ss("info-unix", "-xai"),
    ss("info-udp", "-uani"),
    ss("everything-tcp", "-tanoiemp", note="every detail at once"),
    ss("tos", "--tos -tan"),
    ss("cgroup", "--cgroup -tan"),
    ss("inet-sockopt", "--inet-sockopt -tan"),
    ss("bpf-without-filters", "-tanb"),
    ss("bpf-packet", "-0ab", note="the holder's drop-everything socket filters"),
    ss("bpf-raw", "-wanb"),

    # ---- names --------------------------------------------------------------------------
    ss("resolve-tcp", "-tar", note="host names from /etc/netns/NS/hosts, the others fail fast"),
    ss("resolve-tcp-connected", "-tr"),
    ss("resolve-udp", "-uar"),
    ss("resolve-listening", "-tlr"),
    ss("resolve-numeric", "-tarn", note="-r and -n: -n wins"),
    ss("resolve-long", "--resolve --udp --listening"),
    ss("services-udp", "-ua", note="service names from /etc/services (mdns, ntp, domain...)"),
    ss("numeric-long", "--numeric --tcp --all"),

    # ---- summary ---------------------------------------------------------------------------
    summary("summary", "-s"),
    summary("summary-tcp", "-s -t"),
    summary("summary-long", "--summary --unix"),
    summary("summary-empty", "-s", lab="ss-empty"),

    # ---- help, version, bad options ---------------------------------------------------------
    ss("help", "-h"),
    ss("help-long", "--help"),
    ss("version", "-V"),
    ss("version-long", "--version"),
    ss("bad-option", "-y", note="usage on stderr, exit 255"),
    ss("bad-long-option", "--bogus"),
    ss("abbreviated-long-option", "--ex", note="getopt takes a prefix of one long option as it: --extended"),
    ss("ambiguous-long-option", "--e", note="--extended or --events: getopt's message, usage, 255"),
    ss("ambiguous-long-option-context", "--co", note="--context or --contexts"),
    ss("version-v", "-v", note="-v: the version too (not in the usage text)"),
    ss("selinux-context", "-Z", note="no SELinux here: ss says so and exits 1"),
    ss("selinux-contexts", "-z"),
    ss("selinux-context-long", "--context -tan", note="before any table is read"),
    ss("selinux-contexts-long", "-tan --contexts"),
    ss("tipcinfo", "--tipcinfo --tipc -a", note="no TIPC in this kernel"),
    ss("tipcinfo-tcp", "--tipcinfo -tan", note="--tipcinfo changes nothing for TCP"),
    ss("missing-family-arg", "-f"),
    ss("missing-filter-file-arg", "-F"),

    # ---- state filters ------------------------------------------------------------------------
    ss("state-established", "-tan state established"),
    ss("state-listening", "-tuan state listening"),
    ss("state-syn-sent", "-tano state syn-sent"),
    ss("state-syn-recv", "-tan state syn-recv"),
    ss("state-fin-wait-1", "-tan state fin-wait-1"),
    ss("state-fin-wait-2", "-tan state fin-wait-2"),
    ss("state-close-wait", "-tan state close-wait"),
    ss("state-last-ack", "-tan state last-ack"),
    ss("state-closing", "-tan state closing"),
    ss("state-closed", "-uan state closed", note="UDP's UNCONN is the CLOSE state"),
    ss("state-connected", "-tan state connected"),
    ss("state-synchronized", "-tan state synchronized"),
    ss("state-bucket", "-tan state bucket", note="SYN-RECV and TIME-WAIT"),
    ss("state-big", "-tan state big"),
    ss("state-all", "-t state all -n"),
    ss("state-two", "-tan state established state close-wait"),
    ss("state-exclude", "-tan exclude established"),
    ss("state-excl", "-tan excl listening"),
    ss("state-exclude-two", "-tan exclude listening exclude established"),
    ss("state-unix", "-xa state connected"),
    ss("state-with-filter", "-tan state established sport = :9000"),
    ss("state-unknown", "-tan state bogus", note="error: wrong state name"),
    ss("state-missing", "-tan state", note="error: state without a name"),

    # ---- filter expressions ----------------------------------------------------------------------
    ss("filter-sport", "-tan sport = :22"),
    ss("filter-sport-service", "-tan sport = :ssh"),
    ss("filter-dport", "-tan dport = :9000"),
    ss("filter-dport-service", "-ta dport = :smtp"),
    ss("filter-dport-ne", "-uan dport != :53"),
    ss("filter-sport-gt", "-tan sport gt :9000"),
    ss("filter-sport-le", "-tan sport le :1024"),
    ss("filter-sport-ge-symbol", "-tan sport >= :40000"),
    ss("filter-dport-lt-symbol", "-tan dport < :100"),
    ss("filter-src", "-tan src 127.0.0.1"),
    ss("filter-src-port", "-tan src 127.0.0.1:9000"),
    ss("filter-dst", "-tan dst 198.51.100.2"),
    ss("filter-dst-prefix", "-tan dst 198.51.100.0/24"),
    ss("filter-src-prefix6", "-tan src 2001:db8::/32"),
    ss("filter-dst-ipv6", "-tan dst [2001:db8:1::2]"),
    ss("filter-src-loopback6", "-tan src [::1]"),
    ss("filter-dst-name", "-tan dst peer", note="a name from the namespace's /etc/hosts"),
    ss("filter-src-wildcard-port", "-tan src *:22"),
    ss("filter-or", ["-tan", "sport = :22 or sport = :631"]),
    ss("filter-and", ["-tan", "src 127.0.0.1 and dport = :9000"]),
    ss("filter-not", ["-tan", "not dst 127.0.0.1"]),
    ss("filter-parentheses", ["-tan", "( sport = :9000 or dport = :9000 ) and not src 127.0.0.1:40001"]),
    ss("filter-words", "-tan ( dport = :25 or dport = :53 ) and src 2001:db8:1::1",
       note="the expression as separate words"),
    ss("filter-dev", "-tuan dev veth0"),
    ss("filter-dev-index-name", "-uan dev = veth0"),
    ss("filter-unix-path", "-xa src /tmp/ss/*"),
    ss("filter-unix-abstract", "-xa src @ss-*"),
    ss("filter-with-processes", "-tanp dport = :9000"),
    ss("filter-file", "-tan -F filter", files={"filter": FILTER_FILE}),
    ss("filter-file-multiline", "-tan -F filter", files={"filter": FILTER_FILE_COMMENTED}),
    ss("filter-file-missing", "-tan -F no-such-file"),
    ss("filter-file-bad", "-tan -F filter", files={"filter": FILTER_FILE_BAD}),
    ss("filter-bad-port", "-tan sport = :bogusservice", note="error: unknown service"),
    ss("filter-bad-address", "-tan src 300.1.1.1"),
    ss("filter-unclosed-parenthesis", ["-tan", "( sport = :22"]),
    ss("filter-missing-value", "-tan dport >"),
    ss("filter-unknown-word", "-tan bogus"),
    ss("filter-bad-host", "-tan dst no-such-host.invalid"),

    # ---- another namespace's view ---------------------------------------------------------
    ss("peer-tcp", "-tan", ns="peer", note="the server ends; FIN-WAIT-1/2 on this side"),
    ss("peer-tcp-processes", "-tanp", ns="peer", note="the holder in main holds these too"),
    ss("peer-tcp-options", "-tano", ns="peer"),
    ss("peer-syn-sent", "-tan state syn-sent", ns="peer"),

    # ---- an empty namespace ------------------------------------------------------------------
    ss("empty-tcp", "-tan", lab="ss-empty"),
    ss("empty-default", "", lab="ss-empty"),
    ss("empty-unix", "-xa", lab="ss-empty"),
    ss("empty-netlink", "-A netlink -a", lab="ss-empty"),
    ss("empty-packet", "-0a", lab="ss-empty"),

    # ---- on a terminal ----------------------------------------------------------------------
    tty("tty60-tcp", "-tan", 60),
    tty("tty100-tcp", "-tan", 100),
    tty("tty200-tcp", "-tan", 200),
    tty("tty60-unix", "-xa", 60),
    tty("tty100-unix", "-xa", 100),
    tty("tty100-processes", "-tanp", 100),
    tty("tty200-processes", "-tulpn", 200),
    tty("tty60-udp", "-uan", 60),
    tty("tty200-default", "", 200),
    tty("tty100-all", "-a", 100),
    tty("tty60-no-header", "-tanH", 60),
    tty("tty100-packet", "-0a", 100),
    tty("tty100-extended", "-tane", 100),
    tty("tty40-tcp", "-tan", 40, note="narrower than the columns: they wrap"),
    summary("tty100-summary", "-s", tty_columns=100),
    tty("tty100-empty", "-tan", 100, lab="ss-empty"),

    # ---- TIME-WAIT (the lab is fresh: these run within its first minute) -----------------------
    timewait("timewait-tcp", "-tan"),
    timewait("timewait-state", "-tan state time-wait"),
    timewait("timewait-options", "-tano", note="timer:(timewait,...)"),
    timewait("timewait-extended", "-tane"),
    timewait("timewait-info", "-tani"),
    timewait("timewait-memory", "-tanm"),
    timewait("timewait-processes", "-tanp"),
    timewait("timewait-exclude", "-tan exclude time-wait"),
    timewait("timewait-bucket", "-tan state bucket"),
    timewait("timewait-summary", "-s", make=summary),

    # ---- rpcbind: -r names the ports of registered RPC programs "rpc.NAME" (needs rpcbind) -----
    ss("rpcbind-resolve", "-tulr", lab="ss-rpcbind",
       note="rpc.portmapper, rpc.nfs, rpc.mountd; a registration on 127.0.0.1 is ignored"),
    ss("rpcbind-filter-tcp", ["-tlr", "sport = :rpc.nfs"], lab="ss-rpcbind",
       note="the filter finds an RPC name's port too"),
    ss("rpcbind-filter-udp", ["-ulr", "sport = :rpc.mountd"], lab="ss-rpcbind"),

    # ---- long options (each option's long name in some case) -----------------------------------
    ss("long-options", "--options -tan"),
    ss("long-info", "--info -tln"),
    ss("long-memory", "--memory -xa"),
    ss("long-threads", "--threads -xl"),
    ss("long-bpf", "--bpf -0a"),
    ss("long-ipv4", "--ipv4 --tcp -an"),
    ss("long-ipv6", "--ipv6 --udp -an"),
    ss("long-packet", "--packet -a"),
    ss("long-raw", "--raw -an"),
    ss("long-dccp", "--dccp -a"),
    ss("long-sctp", "--sctp -a"),
    ss("long-mptcp", "--mptcp -a"),
    ss("long-filter", "-tan --filter=filter", files={"filter": FILTER_FILE}),

    # ---- filters on marks, cgroups and autobound unix sockets ------------------------------------
    ss("filter-fwmark-mask", ["-tane", "fwmark = 0x1/0xff"], lab="ss-marks", note="0x1 and 0x101"),
    ss("filter-fwmark", "-tan fwmark = 0x10", lab="ss-marks"),
    ss("filter-fwmark-ne", "-tan fwmark != 0x1", lab="ss-marks"),
    ss("filter-fwmark-bad", "-tan fwmark = bogus", lab="ss-marks", note="error: Cannot parse mark"),
    ss("filter-autobound", "-xa autobound", lab="ss-marks", note="the kernel-named abstract sockets"),
    ss("filter-not-autobound", "-xa not autobound", lab="ss-marks"),
    ss("filter-cgroup-root", "-tan cgroup /", lab="ss-marks"),
    ss("filter-cgroup-missing", "-tan cgroup /no-such-cgroup", lab="ss-marks",
       note="no cgroup2 mount under ip netns exec's fresh /sys"),

    # ---- -N: another network namespace ----------------------------------------------------------
    ss("netns", "-N %s -tan" % NETNS_ALIAS, lab="ss-netns", snapshot=PEER_SNAPSHOT,
       note="the peer namespace's sockets, from main"),
    ss("netns-long", "--net=%s -uan" % NETNS_ALIAS, lab="ss-netns", snapshot=PEER_SNAPSHOT),
    ss("netns-missing", "-N pnt-no-such-netns -tan", lab="ss-empty", note="error: Cannot open network namespace"),

    # ---- -D: the raw dump, to a file -----------------------------------------------------------
    ss("diag", "-D dump -tan", outputs=["dump"], snapshot=TIMER_SNAPSHOT,
       note="nothing on stdout; the file is compared (nlmsg_pid and timers' expiry may move)"),
    ss("diag-long", "--diag=dump -t", outputs=["dump"], snapshot=TIMER_SNAPSHOT, note="connected states only"),
    ss("diag-ipv6", "-D dump -6ta", outputs=["dump"], snapshot=TIMER_SNAPSHOT),
    ss("diag-ignores-filter", ["-D", "dump", "-tan", "sport = :22"], outputs=["dump"], snapshot=TIMER_SNAPSHOT,
       note="ss dumps before it reads the filter: every socket"),
    ss("diag-no-tcp", "-D dump -u", outputs=["dump"], note="tcpdiag dump requested and no tcp in filter"),
    ss("diag-unwritable", "-D no-such-dir/dump -tan", outputs=["no-such-dir/dump"],
       note="ss checks the name, not the FILE *: no message, no file, nothing printed, exit 0"),

    # ---- TCPDIAG_FILE: a saved dump instead of the kernel's ------------------------------------------
    with_files("tcpdiag-file", "-tan", {"dump": fabricated.TCPDIAG_DUMP}, {"TCPDIAG_FILE": "dump"}),
    with_files("tcpdiag-file-details", "-tanoe", {"dump": fabricated.TCPDIAG_DUMP}, {"TCPDIAG_FILE": "dump"},
               note="timers, uid, inode, cookie, mark, v6only: as the file says"),
    with_files("tcpdiag-file-filter", ["-tan", "sport = :22 or dport = :8080"], {"dump": fabricated.TCPDIAG_DUMP},
               {"TCPDIAG_FILE": "dump"}),
    with_files("tcpdiag-file-all", "-a", {"dump": fabricated.TCPDIAG_DUMP}, {"TCPDIAG_FILE": "dump"},
               note="TCP from the file, every other table from the kernel"),
    with_files("tcpdiag-file-missing", "-tan", {}, {"TCPDIAG_FILE": "no-such-file"}),
    with_files("tcpdiag-file-truncated", "-tan", {"dump": fabricated.TCPDIAG_TRUNCATED}, {"TCPDIAG_FILE": "dump"},
               note="Unexpected EOF reading $TCPDIAG_FILE (no newline)"),
    with_files("tcpdiag-file-error", "-tan", {"dump": fabricated.TCPDIAG_ERROR}, {"TCPDIAG_FILE": "dump"}),
    with_files("tcpdiag-file-error-short", "-tan", {"dump": fabricated.TCPDIAG_ERROR_SHORT},
               {"TCPDIAG_FILE": "dump"}, note="ERROR truncated"),
    with_files("tcpdiag-file-bad-length", "-tan", {"dump": fabricated.TCPDIAG_BAD_LENGTH},
               {"TCPDIAG_FILE": "dump"}, note="nlmsg_len 8: glibc's fortify check aborts ss"),

    # ---- PROC_ROOT, PROC_NET_*: /proc/net tables from files --------------------------------------
    with_files("proc-tcp", "-tan", PROC_TCP_FILES, PROC_TCP_ENV),
    with_files("proc-tcp-details", "-tanoe", PROC_TCP_FILES, PROC_TCP_ENV,
               note="timers from tm->when in USER_HZ ticks; sk from the pointer column"),
    with_files("proc-tcp-missing", "-tan", {}, {"PROC_NET_TCP": "no-such-file"}),
    with_files("proc-udp", "-uan", {"udp": fabricated.PROC_UDP, "udp6": fabricated.PROC_UDP6},
               {"PROC_NET_UDP": "udp", "PROC_NET_UDP6": "udp6"}),
    with_files("proc-raw", "-wa", {"raw": fabricated.PROC_RAW, "raw6": fabricated.PROC_RAW6},
               {"PROC_NET_RAW": "raw", "PROC_NET_RAW6": "raw6"}, note="protocol names for the raw 'ports'"),
    with_files("proc-unix", "-xa", {"unix": fabricated.PROC_UNIX}, {"PROC_NET_UNIX": "unix"}),
    with_files("proc-packet", "-0a", {"packet": fabricated.PROC_PACKET}, {"PROC_NET_PACKET": "packet"}),
    with_files("proc-netlink", "-A netlink -a", {"netlink": fabricated.PROC_NETLINK},
               {"PROC_NET_NETLINK": "netlink"}),
    with_files("proc-root", "-a", fabricated.PROC_ROOT_FILES, {"PROC_ROOT": "root"},
               note="every table ss has a /proc reader for, from root/net/"),
    with_files("proc-root-summary", "-s", fabricated.PROC_ROOT_FILES, {"PROC_ROOT": "root"}),
    with_files("proc-root-processes", "-tanp", fabricated.PROC_ROOT_FILES, {"PROC_ROOT": "root"},
               note="-p walks root/ for pids: none there"),
    with_files("proc-summary", "-s", SUMMARY_FILES, SUMMARY_ENV),
    with_files("proc-local-port-range", "-ta", dict(PROC_TCP_FILES, range=fabricated.LOCAL_PORT_RANGE),
               dict(PROC_TCP_ENV, PROC_IP_LOCAL_PORT_RANGE="range"),
               note="no service names for ports in 20000-40000"),
    with_files("proc-netlink-only-tables", "-d -S -M -a", {},
               {"PROC_NET_DCCP": "x", "PROC_NET_SCTP": "x", "PROC_NET_MPTCP": "x"},
               note="no /proc reader for these: the variables only keep ss from asking the kernel"),

    # ---- -K: kill sockets (this kernel has CONFIG_INET_DIAG_DESTROY=y) ------------------------------
    kill("kill-tcp", "-K -tn dport = :7300", KILL_TCP, note="the client end of a connection setup made"),
    kill("kill-udp-long", "--kill -un dport = :7301", KILL_UDP),
    ss("kill-nothing", "-K -tan dport = :7399", lab="ss-quiet", note="nothing matches: the header"),

    # ---- -E: destroyed sockets as they go, until a signal ------------------------------------------
    events("events", "-E -n", columns=100, note="on a terminal: each row as it comes"),
    events("events-long", "--events -tn", columns=80, note="TCP only; SIGINT"),
    events("events-filter", ["-E", "-n", "sport = :7204"], columns=80),
    events("events-pipe", "-E -tun", stop_signal="SIGTERM",
           note="into a pipe: ss's stdio buffer dies with it, unprinted"),
    ss("events-no-tables", "-E -x", lab="ss-quiet", note="nothing to follow: exit 255 at once"),
]
