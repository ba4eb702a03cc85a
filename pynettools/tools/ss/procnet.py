"""ss's /proc/net/{tcp,udp,raw}[6] readers (tcp_show_line, dgram_show_line).

ss reads these when sock_diag cannot answer (no raw_diag module is common) or
when PROC_ROOT / PROC_NET_TCP... point it at files.  A line looks like

   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ...
    0: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12345 ...

ss splits it at the first ':' (after sl), takes the two ADDRESS:PORT words,
and reads the state as the second hex digit of `st`.  The queues come from
tx_queue:rx_queue.
"""
from pynettools.kernel import sockdiag
from pynettools.kernel.sockets import Sock
from pynettools.tools.ss import inet, output
from pynettools.tools.ss.output import SEP

AF_INET, AF_INET6 = 2, 10


def _split(line):
    """proc_inet_split_line(): (local, remote, rest) or None."""
    colon = line.find(":")
    if colon < 0:
        return None
    local_start = colon + 2
    sep = line.find(":", local_start)
    if sep < 0:
        return None
    local = line[local_start:sep + 5]
    remote_start = sep + 6
    sep = line.find(":", remote_start)
    if sep < 0:
        return None
    remote = line[remote_start:sep + 5]
    return local, remote, line[sep + 6:]


def _state(data):
    digit = data[1:2]
    if not digit:
        return 0
    if digit >= "A":
        return ord(digit) - ord("A") + 10
    return ord(digit) - ord("0")


def _sscanf_hex(text):
    try:
        return int(text, 16)
    except ValueError:
        return 0


def _sscanf_int(text):
    try:
        return int(text)
    except ValueError:
        return 0


def _lines(ss, variable, name):
    path = sockdiag.proc_net_path(ss.environ, variable, name)
    return sockdiag.proc_inet_lines(ss.kernel, path)


def _show_files(ss, variable, variable6, name, show_line, extra):
    """The IPv4 file NAME, then the IPv6 one NAME6: show_line(ss, line, family, extra) per line.

    As in ss, a missing IPv4 file is a failure (-1) but a missing IPv6 file
    is not (0: the kernel may have no IPv6).
    """
    if ss.families & (1 << AF_INET):
        try:
            lines = _lines(ss, variable, name)
        except OSError:
            return -1
        for line in lines:
            show_line(ss, line, AF_INET, extra)
    if ss.families & (1 << AF_INET6):
        try:
            lines = _lines(ss, variable6, name + "6")
        except OSError:
            return 0
        for line in lines:
            show_line(ss, line, AF_INET6, extra)
    return 0


def _parse_common(ss, line, family, netid):
    """(src, sport, dst, dport, the rest of the line), or None when the line is
    malformed, its state was not asked for or the filter EXPRESSION rejects it."""
    parts = _split(line)
    if parts is None:
        return None
    local, remote, data = parts
    state = _state(data)
    if not ss.states & (1 << state):
        return None
    src, sport = sockdiag.proc_inet_address(local, family)
    dst, dport = sockdiag.proc_inet_address(remote, family)
    if ss.expr is not None:
        sock = Sock(netid, family, state, src=src, sport=sport, dst=dst, dport=dport)
        if not ss.expr.user_matches(sock):
            return None
    return src, sport, dst, dport, data


def tcp_show(ss):
    """tcp_show() from /proc/net/tcp and tcp6."""
    return _show_files(ss, "PROC_NET_TCP", "PROC_NET_TCP6", "net/tcp", _tcp_line, _user_hz(ss))


def _user_hz(ss):
    """get_user_hz(): ss asks sysconf(_SC_CLK_TCK), 100 on Linux."""
    return 100


def _tcp_line(ss, line, family, hz):
    parsed = _parse_common(ss, line, family, "tcp")
    if parsed is None:
        return
    src, sport, dst, dport, data = parsed
    fields = data.split()
    # "%x %x:%x %x:%x %x %d %d %u %d %llx %d %d %d %u %d %[^\n]"
    state = _sscanf_hex(fields[0]) if fields else 0
    wq, rq = _pair(fields, 1)
    timer, timeout = _pair(fields, 2)
    retrans = _sscanf_hex(fields[3]) if len(fields) > 3 else 0
    uid = _sscanf_int(fields[4]) if len(fields) > 4 else 0
    probes = _sscanf_int(fields[5]) if len(fields) > 5 else 0
    inode = _sscanf_int(fields[6]) if len(fields) > 6 else 0
    sk = _sscanf_hex(fields[8]) if len(fields) > 8 else 0
    opt = " ".join(fields[14:]) if len(fields) > 14 else ""
    retrans = probes if timer != 1 else retrans
    timeout = (timeout * 1000 + hz - 1) // hz
    line_text = _row(ss, "tcp", state, rq, wq, family, src, sport, dst, dport, inode)
    if ss.show_options:
        line_text += output.timer_text(timer, timeout, retrans)
    if ss.show_details:
        line_text += output.details_text(ss, uid, inode, sk)
        if opt:
            line_text += ' opt:"%s"' % opt
    ss.renderer.add(line_text)


def _pair(fields, index):
    if len(fields) <= index:
        return 0, 0
    first, _, second = fields[index].partition(":")
    return _sscanf_hex(first), _sscanf_hex(second)


def _row(ss, netid, state, rq, wq, family, src, sport, dst, dport, inode):
    """The columns every /proc/net line fills: netid, state, queues, both ends, users."""
    return (ss.line_head(netid, state, rq, wq)
            + inet.address_token(ss, family, _pad16(src), 0, False) + SEP
            + ss.service(sport) + SEP
            + inet.address_token(ss, family, _pad16(dst), 0, False) + SEP
            + ss.service(dport) + SEP + ss.users_text(inode))


def _pad16(raw):
    return raw + b"\0" * (16 - len(raw)) if len(raw) < 16 else raw


def dgram_show(ss, proto, variable, variable6):
    """udp_show()/raw_show() from /proc/net/{udp,raw}[6]."""
    return _show_files(ss, variable, variable6, "net/" + proto, _dgram_line, proto)


def _dgram_line(ss, line, family, proto):
    netid = "udp" if proto == "udp" else "raw"
    parsed = _parse_common(ss, line, family, netid)
    if parsed is None:
        return
    src, sport, dst, dport, data = parsed
    fields = data.split()
    # "%x %x:%x %*x:%*x %*x %d %*d %u %d %llx %[^\n]": eight conversions at
    # most, and ss keeps `opt` only when sscanf made nine -- so never.
    state = _sscanf_hex(fields[0]) if fields else 0
    wq, rq = _pair(fields, 1)
    inode = _sscanf_int(fields[6]) if len(fields) > 6 else 0
    ss.renderer.add(_row(ss, netid, state, rq, wq, family, src, sport, dst, dport, inode))
