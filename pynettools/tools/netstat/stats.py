"""netstat -s: the kernel's SNMP counters, as net-tools 2.10's statistics.c prints them.

Sources: /proc/net/snmp and /proc/net/netstat (pairs of lines: "Tcp: Name Name ..."
then "Tcp: 1 2 ..."), /proc/net/sctp/snmp (name value lines) for IPv4;
/proc/net/snmp6 (name value lines) and the Tcp pair of /proc/net/snmp for -6.

Each counter is looked up by name in its table with glibc's bsearch().  The
tables of 2.10 are not all in strcmp order ("Forwarding" before
"ForwDatagrams", "TCPDSackUndo" before "TCPDSACKUndo", "TW" after
"TWKilled"), so some names are never found and print the fallback way
("    Name: value", when non-zero); the search below is glibc's, step for step,
so the same names are missed.  A sentence per counter otherwise, with these
kinds: number (always), opt_number (only when non-zero), ICMP histogram lines
(under a title printed on entering the histogram, and only when non-zero), and
static ones (Forwarding, DefaultTTL, RtoAlgorithm) that 2.10 never prints.
Tables netstat has no table for (IcmpMsg, UdpLite, MPTcpExt ...) are printed
under their own title with the fallback line for every non-zero counter,
whatever -t/-u/-w asked for.
"""
N, OPT, FWD, INP, OUTP, RTO = 0, 1, 2, 3, 4, 5
STATIC, TITLE = 1 << 16, 1 << 17
_INDENT = {N: 4, OPT: 4, FWD: 4, INP: 8, OUTP: 8}
_STATE_TITLES = {INP: "ICMP input histogram:", OUTP: "ICMP output histogram:"}

IP = (
    ("DefaultTTL", "Default TTL is %d", N | STATIC),
    ("Forwarding", "Forwarding is %s", FWD | STATIC),
    ("ForwDatagrams", "%d forwarded", N),
    ("FragCreates", "%d fragments created", OPT),
    ("FragFails", "%d outgoing packets failed fragmentation", OPT),
    ("FragOKs", "%d outgoing packets fragmented ok", OPT),
    ("InAddrErrors", "%d with invalid addresses", OPT),
    ("InDelivers", "%d incoming packets delivered", N),
    ("InDiscards", "%d incoming packets discarded", N),
    ("InHdrErrors", "%d with invalid headers", OPT),
    ("InReceives", "%d total packets received", N),
    ("InUnknownProtos", "%d with unknown protocol", OPT),
    ("OutDiscards", "%d outgoing packets dropped", OPT),
    ("OutNoRoutes", "%d dropped because of missing route", OPT),
    ("OutRequests", "%d requests sent out", N),
    ("ReasmFails", "%d packet reassemblies failed", OPT),
    ("ReasmOKs", "%d packets reassembled ok", OPT),
    ("ReasmReqds", "%d reassemblies required", OPT),
    ("ReasmTimeout", "%d fragments dropped after timeout", OPT),
)

IP6 = (
    ("Ip6FragCreates", "%d fragments created", OPT),
    ("Ip6FragFails", "%d outgoing packets failed fragmentation", OPT),
    ("Ip6FragOKs", "%d outgoing packets fragmented ok", OPT),
    ("Ip6InAddrErrors", "%d with invalid addresses", OPT),
    ("Ip6InDelivers", "%d incoming packets delivered", N),
    ("Ip6InDiscards", "%d incoming packets discarded", N),
    ("Ip6InHdrErrors", "%d with invalid headers", OPT),
    ("Ip6InMcastPkts", "%d incoming multicast packets", OPT),
    ("Ip6InNoRoutes", "%d incoming packets with no route", OPT),
    ("Ip6InReceives", "%d total packets received", N),
    ("Ip6InTooBigErrors", "%d with packets too big", OPT),
    ("Ip6InTruncatedPkts", "%d with truncated packets", OPT),
    ("Ip6InUnknownProtos", "%d with unknown protocol", OPT),
    ("Ip6OutDiscards", "%d outgoing packets dropped", OPT),
    ("Ip6OutForwDatagrams", "%d forwarded", N),
    ("Ip6OutMcastPkts", "%d outgoing multicast packets", OPT),
    ("Ip6OutNoRoutes", "%d dropped because of missing route", OPT),
    ("Ip6OutRequests", "%d requests sent out", N),
    ("Ip6ReasmFails", "%d packet reassemblies failed", OPT),
    ("Ip6ReasmOKs", "%d packets reassembled ok", OPT),
    ("Ip6ReasmReqds", "%d reassemblies required", OPT),
    ("Ip6ReasmTimeout", "%d fragments dropped after timeout", OPT),
)

ICMP = (
    ("InAddrMaskReps", "address mask replies: %d", INP | TITLE),
    ("InAddrMasks", "address mask request: %d", INP | TITLE),
    ("InDestUnreachs", "destination unreachable: %d", INP | TITLE),
    ("InEchoReps", "echo replies: %d", INP | TITLE),
    ("InEchos", "echo requests: %d", INP | TITLE),
    ("InErrors", "%d input ICMP message failed", N),
    ("InMsgs", "%d ICMP messages received", N),
    ("InParmProbs", "wrong parameters: %d", INP | TITLE),
    ("InRedirects", "redirects: %d", INP | TITLE),
    ("InSrcQuenchs", "source quenches: %d", INP | TITLE),
    ("InTimeExcds", "timeout in transit: %d", INP | TITLE),
    ("InTimestampReps", "timestamp reply: %d", INP | TITLE),
    ("InTimestamps", "timestamp request: %d", INP | TITLE),
    ("OutAddrMaskReps", "address mask replies: %d", OUTP | TITLE),
    ("OutAddrMasks", "address mask requests: %d", OUTP | TITLE),
    ("OutDestUnreachs", "destination unreachable: %d", OUTP | TITLE),
    ("OutEchoReps", "echo replies: %d", OUTP | TITLE),
    ("OutEchos", "echo requests: %d", OUTP | TITLE),
    ("OutErrors", "%d ICMP messages failed", N),
    ("OutMsgs", "%d ICMP messages sent", N),
    ("OutParmProbs", "wrong parameters: %d", OUTP | TITLE),
    ("OutRedirects", "redirect: %d", OUTP | TITLE),
    ("OutSrcQuenchs", "source quench: %d", OUTP | TITLE),
    ("OutTimeExcds", "time exceeded: %d", OUTP | TITLE),
    ("OutTimestampReps", "timestamp replies: %d", OUTP | TITLE),
    ("OutTimestamps", "timestamp requests: %d", OUTP | TITLE),
)

ICMP6 = (
    ("Icmp6InDestUnreachs", "destination unreachable: %d", INP | TITLE),
    ("Icmp6InEchoReplies", "echo replies: %d", INP | TITLE),
    ("Icmp6InEchos", "echo requests: %d", INP | TITLE),
    ("Icmp6InErrors", "%d input ICMP message failed", N),
    ("Icmp6InGroupMembQueries", "group member queries: %d", INP | TITLE),
    ("Icmp6InGroupMembReductions", "group member reductions: %d", INP | TITLE),
    ("Icmp6InGroupMembResponses", "group member responses: %d", INP | TITLE),
    ("Icmp6InMsgs", "%d ICMP messages received", N),
    ("Icmp6InNeighborAdvertisements", "neighbour advertisement: %d", INP | TITLE),
    ("Icmp6InNeighborSolicits", "neighbour solicits: %d", INP | TITLE),
    ("Icmp6InParmProblems", "parameter problem: %d", INP | TITLE),
    ("Icmp6InPktTooBigs", "packets too big: %d", INP | TITLE),
    ("Icmp6InRedirects", "redirects: %d", INP | TITLE),
    ("Icmp6InRouterAdvertisements", "router advertisement: %d", INP | TITLE),
    ("Icmp6InRouterSolicits", "router solicits: %d", INP | TITLE),
    ("Icmp6InTimeExcds", "received ICMPv6 time exceeded: %d", INP | TITLE),
    ("Icmp6OutDestUnreachs", "destination unreachable: %d", OUTP | TITLE),
    ("Icmp6OutEchoReplies", "echo replies: %d", OUTP | TITLE),
    ("Icmp6OutEchos", "echo requests: %d", OUTP | TITLE),
    ("Icmp6OutGroupMembQueries", "group member queries: %d", OUTP | TITLE),
    ("Icmp6OutGroupMembReductions", "group member reductions: %d", OUTP | TITLE),
    ("Icmp6OutGroupMembResponses", "group member responses: %d", OUTP | TITLE),
    ("Icmp6OutMsgs", "%d ICMP messages sent", N),
    ("Icmp6OutNeighborAdvertisements", "neighbor advertisements: %d", OUTP | TITLE),
    ("Icmp6OutNeighborSolicits", "neighbor solicits: %d", OUTP | TITLE),
    ("Icmp6OutParmProblems", "parameter problem: %d", OUTP | TITLE),
    ("Icmp6OutPktTooBigs", "packets too big: %d", OUTP | TITLE),
    ("Icmp6OutRedirects", "redirects: %d", OUTP | TITLE),
    ("Icmp6OutRouterAdvertisements ", "router advertisement: %d", OUTP | TITLE),  # sic: a trailing blank
    ("Icmp6OutRouterSolicits", "router solicits: %d", OUTP | TITLE),
    ("Icmp6OutTimeExcds", "sent ICMPv6 time exceeded: %d", OUTP | TITLE),
)

TCP = (
    ("ActiveOpens", "%d active connection openings", N),
    ("AttemptFails", "%d failed connection attempts", N),
    ("CurrEstab", "%d connections established", N),
    ("EstabResets", "%d connection resets received", N),
    ("InErrs", "%d bad segments received", N),
    ("InSegs", "%d segments received", N),
    ("MaxConn", "", N),
    ("OutRsts", "%d resets sent", N),
    ("OutSegs", "%d segments sent out", N),
    ("PassiveOpens", "%d passive connection openings", N),
    ("RetransSegs", "%d segments retransmitted", N),
    ("RtoAlgorithm", "RTO algorithm is %s", RTO | STATIC),
    ("RtoMax", "", N),
    ("RtoMin", "", N),
)

UDP = (
    ("InDatagrams", "%d packets received", N),
    ("InErrors", "%d packet receive errors", N),
    ("NoPorts", "%d packets to unknown port received", N),
    ("OutDatagrams", "%d packets sent", N),
    ("RcvbufErrors", "%d receive buffer errors", N),
    ("SndbufErrors", "%d send buffer errors", N),
)

UDP6 = (
    ("Udp6InDatagrams", "%d packets received", N),
    ("Udp6InErrors", "%d packet receive errors", N),
    ("Udp6NoPorts", "%d packets to unknown port received", N),
    ("Udp6OutDatagrams", "%d packets sent", N),
)

TCPEXT = (
    ("DelayedACKLocked", "%d delayed acks further delayed because of locked socket", OPT),
    ("DelayedACKLost", "Quick ack mode was activated %d times", OPT),
    ("DelayedACKs", "%d delayed acks sent", OPT),
    ("EmbryonicRsts", "%d resets received for embryonic SYN_RECV sockets", OPT),
    ("ListenDrops", "%d SYNs to LISTEN sockets dropped", OPT),
    ("ListenOverflows", "%d times the listen queue of a socket overflowed", OPT),
    ("LockDroppedIcmps", "%d ICMP packets dropped because socket was locked", OPT),
    ("OfoPruned", "%d packets dropped from out-of-order queue because of socket buffer overrun", OPT),
    ("OutOfWindowIcmps", "%d ICMP packets dropped because they were out-of-window", OPT),
    ("PAWSActive", "%d active connections rejected because of time stamp", OPT),
    ("PAWSEstab", "%d packets rejected in established connections because of timestamp", OPT),
    ("PAWSPassive", "%d passive connections rejected because of time stamp", OPT),
    ("PruneCalled", "%d packets pruned from receive queue because of socket buffer overrun", OPT),
    ("RcvPruned", "%d packets pruned from receive queue", OPT),
    ("SockMallocOOM", "Ran %d times out of system memory during packet sending", OPT),
    ("SyncookiesFailed", "%d invalid SYN cookies received", OPT),
    ("SyncookiesRecv", "%d SYN cookies received", OPT),
    ("SyncookiesSent", "%d SYN cookies sent", OPT),
    ("TCPAbortFailed", "%d times unable to send RST due to no memory", OPT),
    ("TCPAbortOnClose", "%d connections reset due to early user close", OPT),
    ("TCPAbortOnData", "%d connections reset due to unexpected data", OPT),
    ("TCPAbortOnLinger", "%d connections aborted after user close in linger timeout", OPT),
    ("TCPAbortOnMemory", "%d connections aborted due to memory pressure", OPT),
    ("TCPAbortOnSyn", "%d connections reset due to unexpected SYN", OPT),
    ("TCPAbortOnTimeout", "%d connections aborted due to timeout", OPT),
    ("TCPDirectCopyFromBacklog", "%d bytes directly in process context from backlog", OPT),
    ("TCPDirectCopyFromPrequeue", "%d bytes directly received in process context from prequeue", OPT),
    ("TCPDSACKOfoRecv", "%d DSACKs for out of order packets received", OPT),
    ("TCPDSACKOfoSent", "%d DSACKs sent for out of order packets", OPT),
    ("TCPDSACKOldSent", "%d DSACKs sent for old packets", OPT),
    ("TCPDSACKRecv", "%d DSACKs received", OPT),
    ("TCPDSackUndo", "%d congestion window recovered without slow start using DSACK", OPT),
    ("TCPDSACKUndo", "%d congestion windows recovered without slow start by DSACK", OPT),
    ("TCPFACKReorder", "Detected reordering %d times using FACK", OPT),
    ("TCPFastRetrans", "%d fast retransmits", OPT),
    ("TCPForwardRetrans", "%d forward retransmits", OPT),
    ("TCPFullUndo", "%d congestion windows fully recovered without slow start", OPT),
    ("TCPHPAcks", "%d predicted acknowledgments", OPT),
    ("TCPHPHits", "%d packet headers predicted", N),
    ("TCPHPHitsToUser", "%d packet headers predicted and directly queued to user", OPT),
    ("TCPLossFailures", "%d timeouts in loss state", OPT),
    ("TCPLoss", "%d TCP data loss events", OPT),
    ("TCPLossUndo", "%d congestion windows recovered without slow start after partial ack", OPT),
    ("TCPLostRetransmits", "%d retransmits lost", OPT),
    ("TCPMemoryPressures", "TCP ran low on memory %d times", OPT),
    ("TCPPartialUndo", "%d congestion windows partially recovered using Hoe heuristic", OPT),
    ("TCPPrequeued", "%d packets directly queued to recvmsg prequeue", OPT),
    ("TCPPrequeueDropped", "%d packets dropped from prequeue", OPT),
    ("TCPPureAcks", "%d acknowledgments not containing data payload received", OPT),
    ("TCPRcvCollapsed", "%d packets collapsed in receive queue due to low socket buffer", OPT),
    ("TCPRenoFailures", "%d timeouts after reno fast retransmit", OPT),
    ("TCPRenoRecoveryFailed", "%d reno fast retransmits failed", OPT),
    ("TCPRenoRecoveryFail", "%d classic Reno fast retransmits failed", OPT),
    ("TCPRenoRecovery", "%d times recovered from packet loss due to fast retransmit", OPT),
    ("TCPRenoReorder", "Detected reordering %d times using reno fast retransmit", OPT),
    ("TCPSackFailures", "%d timeouts after SACK recovery", OPT),
    ("TCPSackRecoveryFail", "%d SACK retransmits failed", OPT),
    ("TCPSackRecovery", "%d times recovered from packet loss by selective acknowledgements", OPT),
    ("TCPSACKReneging", "%d bad SACK blocks received", OPT),
    ("TCPSACKReorder", "Detected reordering %d times using SACK", OPT),
    ("TCPSchedulerFailed", "%d times receiver scheduled too late for direct processing", OPT),
    ("TCPSlowStartRetrans", "%d retransmits in slow start", OPT),
    ("TCPTimeouts", "%d other TCP timeouts", OPT),
    ("TCPTSReorder", "Detected reordering %d times using time stamp", OPT),
    ("TWKilled", "%d TCP sockets finished time wait in slow timer", OPT),
    ("TW", "%d TCP sockets finished time wait in fast timer", OPT),
    ("TWRecycled", "%d time wait sockets recycled by time stamp", OPT),
)

SCTP = (
    ("SctpAborteds", "%d Number of Aborteds ", N),
    ("SctpActiveEstabs", "%d Active Associations", N),
    ("SctpChecksumErrors", "%d Number of Packets with invalid Checksum", N),
    ("SctpCurrEstab", "%d Current Associations", N),
    ("SctpFragUsrMsgs", "%d Number of messages fragmented", N),
    ("SctpInCtrlChunks", "%d Number of control chunks received", N),
    ("SctpInOrderChunks", "%d Number of ordered chunks received", N),
    ("SctpInSCTPPacks", "%d Number of SCTP packets received", N),
    ("SctpInUnorderChunks", "%d Number of Unordered chunks received", N),
    ("SctpOutCtrlChunks", "%d Number of control chunks sent", N),
    ("SctpOutOfBlues", "%d Number of Out of Blue packets", N),
    ("SctpOutOrderChunks", "%d Number of ordered chunks sent", N),
    ("SctpOutSCTPPacks", "%d Number of SCTP packets sent", N),
    ("SctpOutUnorderChunks", "%d Number of Unordered chunks sent", N),
    ("SctpPassiveEstabs", "%d Passive Associations", N),
    ("SctpReasmUsrMsgs", "%d Number of messages reassembled ", N),
    ("SctpShutdowns", "%d Number of Graceful Terminations", N),
)

# (title, table, which -t/-u/-w/--sctp flag shows it)
SNMP_TABS = (("Ip", IP, "raw"), ("Icmp", ICMP, "raw"), ("Tcp", TCP, "tcp"), ("Udp", UDP, "udp"),
             ("Sctp", SCTP, "sctp"), ("TcpExt", TCPEXT, "tcp"))
SNMP6_TABS = (("Ip6", IP6, "raw"), ("Icmp6", ICMP6, "raw"), ("Udp6", UDP6, "udp"), ("Tcp6", TCP, "tcp"))


def _cbytes(text):
    return text.encode("utf-8", "surrogateescape")


def bsearch(table, name):
    """glibc's bsearch() with strcmp over `table` (sorted or not): the entry or None."""
    key = _cbytes(name)
    low, high = 0, len(table)
    while low < high:
        mid = (low + high) // 2
        other = _cbytes(table[mid][0])
        if key < other:
            high = mid
        elif key > other:
            low = mid + 1
        else:
            return table[mid]
    return None


def _ull(text):
    """strtoull(text, &end, 10): (value, rest)."""
    i = 0
    n = len(text)
    while i < n and text[i] in " \t\n\v\f\r":
        i += 1
    start = i
    neg = False
    if i < n and text[i] in "+-":
        neg = text[i] == "-"
        i += 1
    digits = i
    while i < n and "0" <= text[i] <= "9":
        i += 1
    if i == digits:
        return 0, text  # no number: end = text
    value = int(text[digits:i])
    if value > (1 << 64) - 1:
        value = (1 << 64) - 1
        neg = False
    elif neg:
        value = -value & ((1 << 64) - 1)
    del start
    return value, text[i:]


class _Printer:
    def __init__(self, out, flags):
        self.out = out
        self.flags = flags  # {"raw": f_raw, "tcp": ..., "udp": ..., "sctp": ..., "unknown": 1}
        self.state = N

    def newtable(self, tabs, title):
        for name, table, flag in tabs:
            if title == name:
                if self.flags[flag]:
                    self.out.write("%s:\n" % title)
                self.state = N
                return table, flag
        self.out.write("%s:\n" % title)
        return None, "unknown"

    def printval(self, table, title, val):
        entry = bsearch(table, title) if table is not None else None
        if entry is None:
            if val:
                self.out.write("%s%s: %d\n" % (" " * _INDENT[self.state], title, val))
            return
        _, text, kind = entry
        if kind & STATIC:
            return  # print_static is never set
        if not text:
            return
        if kind & TITLE:
            kind &= ~TITLE
            if self.state != kind:
                self.out.write("%s%s\n" % (" " * _INDENT[self.state], _STATE_TITLES[kind]))
        buf = ""
        if kind == OPT:
            if val:
                buf = text % val
        elif kind == N:
            buf = text % val
        elif kind in (INP, OUTP):
            if val > 0:
                buf = text % val
        if buf:
            self.out.write("%s%s\n" % (" " * _INDENT[kind], buf))
        self.state = kind


def _process_fd(p, text, filter_=None):
    """process_fd(): pairs of lines; False on a format error."""
    lines = _getlines(text)
    i = 0
    while i < len(lines):
        head = lines[i]
        i += 1
        if head[:1] == "\n":
            continue
        if i >= len(lines):
            break
        values = lines[i]
        i += 1
        head = head.split("\0", 1)[0]
        values = values.split("\0", 1)[0]
        colon = head.find(":")
        vcolon = values.find(":")
        if colon < 0 or vcolon < 0:
            return False
        title = head[:colon]
        if filter_ is not None and _cbytes(title)[:len(_cbytes(filter_))] != _cbytes(filter_):
            continue
        table, flag = p.newtable(SNMP_TABS, title)
        on = p.flags[flag]
        sp = head[colon + 1:]
        np = values[vcolon + 1:]
        while True:
            sp = sp.lstrip(" \t\n")
            np = np.lstrip(" \t\n")
            end = 0
            while end < len(sp) and sp[end] not in " \t\n":
                end += 1
            last = end >= len(sp)
            name = sp[:end]
            if name and on:
                val, np = _ull(np)
                p.printval(table, name, val)
            if last:
                break
            sp = sp[end + 1:]
    return True


def _getlines(text):
    parts = text.split("\n")
    last = parts.pop()
    lines = [part + "\n" for part in parts]
    if last:
        lines.append(last)
    return lines


def _process6(p, text):
    from pynettools.kernel.procnet import fgets_lines

    table = flag = last_name = None
    current = None
    val = 0
    for line in _fgets1024(text, fgets_lines):
        line = line.split("\0", 1)[0]
        words = line.split()
        name = words[0] if words else None
        if name is None:
            # sscanf read nothing: buf2 keeps its last value (or is garbage at first)
            if current is None:
                continue
            name = last_name
        else:
            name = name[:49]
            if len(words) > 1:
                num = _scan_ull(words[1])
                if num is not None:
                    val = num
        last_name = name
        if current is None:
            current = _title6(name)
            table, flag = p.newtable(SNMP6_TABS, current)
        if current not in name:
            current = _title6(name)
            table, flag = p.newtable(SNMP6_TABS, current)
        if p.flags[flag]:
            p.printval(table, name, val)


def _fgets1024(text, fgets_lines):
    for line in fgets_lines(text):
        while len(line) > 1023:
            yield line[:1023]
            line = line[1023:]
        yield line


def _scan_ull(word):
    value, rest = _ull(word)
    if rest == word:
        return None
    return value


def _title6(name):
    """cpytitle(): up to and including the first '6'."""
    six = name.find("6")
    return name if six < 0 else name[:six + 1]


def _process_fd2(p, text):
    """/proc/net/sctp/snmp: "Name value" lines under the Sctp table."""
    table, flag = p.newtable(SNMP_TABS, "Sctp")
    from pynettools.kernel.procnet import fgets_lines

    for line in _fgets1024(text, fgets_lines):
        line = line.split("\0", 1)[0]
        end = 0
        while end < len(line) and line[end] not in " \t\n":
            end += 1
        name = line[:end]
        rest = line[end + 1:].lstrip(" \t\n")
        if rest and p.flags[flag]:
            p.printval(table, name, _ull(rest)[0])


def _tcp_of_snmp(p, text):
    """-s -6 ends with the Tcp pair of /proc/net/snmp (process_fd(f, 1, "Tcp"))."""
    return _process_fd(p, text, "Tcp")


# What -s reads for each family, in order: (path, the reader of its text,
# whether netstat stops -- "cannot open", exit 0 -- when it cannot open it,
# whether a format error is reported).  A file netstat need not have
# (/proc/net/netstat, /proc/net/sctp/snmp) is skipped in silence.
_SOURCES = {
    "inet": (("/proc/net/snmp", _process_fd, True, True),
             ("/proc/net/netstat", _process_fd, False, True),
             ("/proc/net/sctp/snmp", _process_fd2, False, False)),
    "inet6": (("/proc/net/snmp6", _process6, True, False),
              ("/proc/net/snmp", _tcp_of_snmp, True, False)),
}


def statistics(o, env):
    """The -s branch of main(): parsesnmp() for inet, parsesnmp6() for inet6."""
    out, err, kernel = env.stdout, env.stderr, env.kernel
    afname = o.afname or "inet"
    sources = _SOURCES.get(afname)
    if sources is None:
        out.write("netstat: No statistics support for specified address family: %s\n" % afname)
        return 1
    flags = {"raw": o.raw, "tcp": o.tcp, "udp": o.udp, "sctp": o.sctp, "unknown": 1}
    p = _Printer(out, flags)
    for path, process, required, checked in sources:
        try:
            text = kernel.read_text(path)
        except OSError as error:
            if not required:
                continue
            out.flush()
            err.write("cannot open %s: %s\n" % (path, error.strerror))
            return 0
        if process(p, text) is False and checked:
            out.flush()
            err.write("Problem while parsing %s\n" % path)
    return 0
