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
after the lab is built.  The "ss-empty" lab is a namespace with only loopback.
The "ss-rpcbind" lab runs rpcbind, with a /run of its own (skipped live where
rpcbind is not installed).

Numbers that move by themselves between the real run and ours (timer
countdowns, milliseconds since the last packet, machine-wide counters) are
compared after tests/harness/volatile.py's ss_output(), on both sides.

Cases with tty_columns=N run with stdout on a terminal N columns wide (ss
then spreads its columns over the width); the others print into a pipe, where
ss 6.1 ignores COLUMNS.
"""
from tests.harness.cases import Case

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


def summary(name, words, lab="ss", note=""):
    return ss(name, words, lab=lab, note=note, snapshot=SUMMARY_SNAPSHOT)


def tty(name, words, columns, lab="ss", note=""):
    return ss(name, words, lab=lab, note=note, tty_columns=columns)


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
    ss("ambiguous-long-option", "--ex", note="--extended or --events? getopt's message"),
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
    tty("tty100-summary", "-s", 100),
    tty("tty100-empty", "-tan", 100, lab="ss-empty"),

    # ---- TIME-WAIT (the lab is fresh: these run within its first minute) -----------------------
    ss("timewait-tcp", "-tan", lab="ss-timewait"),
    ss("timewait-state", "-tan state time-wait", lab="ss-timewait"),
    ss("timewait-options", "-tano", lab="ss-timewait", note="timer:(timewait,...)"),
    ss("timewait-extended", "-tane", lab="ss-timewait"),
    ss("timewait-info", "-tani", lab="ss-timewait"),
    ss("timewait-memory", "-tanm", lab="ss-timewait"),
    ss("timewait-processes", "-tanp", lab="ss-timewait"),
    ss("timewait-exclude", "-tan exclude time-wait", lab="ss-timewait"),
    ss("timewait-bucket", "-tan state bucket", lab="ss-timewait"),
    summary("timewait-summary", "-s", lab="ss-timewait"),

    # ---- rpcbind: -r names the ports of registered RPC programs "rpc.NAME" (needs rpcbind) -----
    ss("rpcbind-resolve", "-tulr", lab="ss-rpcbind",
       note="rpc.portmapper, rpc.nfs, rpc.mountd; a registration on 127.0.0.1 is ignored"),
    ss("rpcbind-filter-tcp", ["-tlr", "sport = :rpc.nfs"], lab="ss-rpcbind",
       note="the filter finds an RPC name's port too"),
    ss("rpcbind-filter-udp", ["-ulr", "sport = :rpc.mountd"], lab="ss-rpcbind"),
]
