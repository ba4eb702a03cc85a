"""ss's inet tables (TCP, UDP, RAW, DCCP, SCTP, MPTCP) over sock_diag.

inet_show_netlink() in ss.c asks for AF_INET, then AF_INET6 (only AF_INET6
with -6); when the kernel refuses a request it retries once with the old
TCPDIAG_GETSOCK message, which answers for both families at once.  A row is
sock_state_print() + two inet_addr_print() + users, then, by option, timer,
details, tos, cgroup, inet-sockopt and the "\\n\\t" line with skmem/tcp_info.

Two ways to a row:
  `_rows_plain`, the hot path of `ss -tan` (TCP, UDP, DCCP, no filter, and
    after the users nothing but -o, -e, -m, -i): it walks the messages
    itself and formats straight from the unpacked header, with cached
    tokens; `_Extras` makes the text after the users, cached under the
    attribute bytes (see there).  Plain `ss -tan` (none of those options)
    asks for both families in one kernel walk (`_one_walk`).
  `show_dump` -> `show_sock`, everything else: the attributes are decoded
    and a Sock is built only when a filter expression has to look at one.
Also here: ss -K (`_show_killing`), ss -D FILE (`dump_tcpdiag`) and
TCPDIAG_FILE (`show_tcpdiag_file`).
"""
import struct

from pynettools.kernel import sockdiag
from pynettools.kernel.sockdiag import (AF_INET, AF_INET6, I_FAMILY, I_STATE, I_TIMER,
                                        I_RETRANS, I_SPORT, I_DPORT, I_SRC, I_DST, I_IF,
                                        I_EXPIRES, I_RQUEUE, I_WQUEUE, I_UID, I_INODE,
                                        I_COOKIE0, I_COOKIE1)
from pynettools.tools.ss import output
from pynettools.tools.ss.output import SEP, STATE_NAMES, int32

_ZERO16 = b"\0" * 16
_FAMILY_NAMES = {AF_INET: "inet", AF_INET6: "inet6", 0: "inet"}
_PROTOCOL_NAMES = {6: "tcp", 17: "udp", 255: "raw", 33: "dccp", 132: "sctp", 262: "mptcp"}
_NETIDS = {0: "raw", 17: "udp", 6: "tcp", 262: "mptcp", 132: "sctp", 33: "dccp", 58: "icmp6"}


def netid_of(protocol):
    return _NETIDS.get(protocol, "???")


def request_ext(ss):
    """idiag_ext: which extensions to ask the kernel for (as sockdiag_send)."""
    ext = 0
    if ss.show_mem:
        ext |= sockdiag.ext_bit(sockdiag.INET_DIAG_MEMINFO)
        ext |= sockdiag.ext_bit(sockdiag.INET_DIAG_SKMEMINFO)
    if ss.show_tcpinfo:
        ext |= sockdiag.ext_bit(sockdiag.INET_DIAG_INFO)
        ext |= sockdiag.ext_bit(sockdiag.INET_DIAG_VEGASINFO)
        ext |= sockdiag.ext_bit(sockdiag.INET_DIAG_CONG)
    if ss.show_tos:
        ext |= sockdiag.ext_bit(sockdiag.INET_DIAG_TOS)
        ext |= sockdiag.ext_bit(sockdiag.INET_DIAG_TCLASS)
    return ext


def _bytecode(ss):
    """The filter EXPRESSION compiled for the kernel (INET_DIAG_REQ_BYTECODE), or None."""
    if ss.expr is None:
        return None
    return ss.expr.bytecode() or None


def show_netlink(ss, protocol):
    """inet_show_netlink(): 0 when the kernel answered, -1 when ss would fall back."""
    family = AF_INET6 if ss.preferred_family == AF_INET6 else AF_INET
    ext = request_ext(ss)
    bytecode = _bytecode(ss)
    if family == AF_INET and ss.preferred_family != AF_INET and not bytecode \
            and protocol == sockdiag.IPPROTO_TCP and not ss.kill and _plain(ss, protocol) \
            and _Extras.for_run(ss, protocol) is None:
        if _one_walk(ss, protocol, ext):
            return 0
    # Protocols above 255 need INET_DIAG_REQ_PROTOCOL, which old kernels
    # reject; ss keeps quiet about that error.
    suppress = protocol > 255
    while True:
        if family == 0 and protocol not in (sockdiag.IPPROTO_TCP, sockdiag.IPPROTO_DCCP):
            return -1
        dump = _inet_dump(ss, family, protocol, ext, bytecode)
        try:
            status = show_dump(ss, dump, protocol)
        except sockdiag.DumpError as err:
            ss.report_dump_error(err, suppress)
            status = -1
        else:
            ss.dump_finished(dump)
        if status:
            if family != 0:
                family = 0
                continue
            return status
        if family == AF_INET and ss.preferred_family != AF_INET:
            family = AF_INET6
            continue
        return 0


def _inet_dump(ss, family, protocol, ext, bytecode=None, seq=0):
    """The dump for one family; family 0 is the old TCPDIAG_GETSOCK request
    (both families at once, TCP and DCCP only) that ss falls back to.
    seq: the request's sequence number (0: the seam numbers it)."""
    if family == 0:
        request = sockdiag.tcpdiag_request(protocol, ss.states, ext, bytecode)
    else:
        request = sockdiag.inet_request(family, protocol, ss.states, ext, bytecode)
    if seq:
        import struct

        request = request[:8] + struct.pack("=I", seq) + request[12:]
    what = "%s %s dump" % (_FAMILY_NAMES[family], _PROTOCOL_NAMES.get(protocol, protocol))
    return sockdiag.Dump(ss.kernel, request, what)


def _one_walk(ss, protocol, ext):
    """Both families of TCP in one kernel walk.

    ss asks for AF_INET, then AF_INET6: two walks of the kernel's socket
    hash tables, which are shared by every network namespace, so each walk
    costs time in proportion to all the machine's sockets.  The old
    TCPDIAG_GETSOCK request answers for both families in one walk, in the
    same order within each family; we show its IPv4 sockets as they come
    and go through the buffers holding IPv6 ones again after, which is what
    ss's two dumps print.
    Any refusal (no answer printed yet) means: do it ss's way instead.
    """
    request = sockdiag.tcpdiag_request(protocol, ss.states, ext)
    dump = sockdiag.Dump(ss.kernel, request, "inet+inet6 %s dump" % _PROTOCOL_NAMES[protocol])
    kept = _Kept()
    renderer = ss.renderer
    before = (renderer.chunks, renderer.pos, len(renderer.lines))
    try:
        _rows_plain(ss, dump, protocol, kept)
    except sockdiag.DumpError as err:
        if kept.items or kept.overflow or \
                before != (renderer.chunks, renderer.pos, len(renderer.lines)):
            # rows are out already: report it as ss would, and stop there
            ss.report_dump_error(err)
            return True
        return False
    ss.dump_finished(dump)
    if kept.overflow:
        # too many IPv6 sockets to keep: ask for them as ss does, on their own
        request = sockdiag.inet_request(AF_INET6, protocol, ss.states, ext)
        dump = sockdiag.Dump(ss.kernel, request, "inet6 %s dump" % _PROTOCOL_NAMES[protocol])
        try:
            _rows_plain(ss, dump, protocol)
        except sockdiag.DumpError as err:
            ss.report_dump_error(err)
            return True
        ss.dump_finished(dump)
    elif kept.items:
        _rows_plain(ss, None, protocol, buffers=[b"".join(kept.items)])
    return True


class _Kept:
    """The IPv6 messages of a one-walk dump, up to a bound (memory must not
    grow with the number of sockets); past it, they are dropped and asked for
    again afterwards."""
    LIMIT = 65536

    def __init__(self):
        self.items = []
        self.overflow = False

    def keep(self, message):
        if self.overflow:
            return
        if len(self.items) >= self.LIMIT:
            self.overflow = True
            self.items = []
            return
        self.items.append(message)


def show_dump(ss, dump, protocol):
    """Print the sockets of one dump; -1 when killing one failed (ss -K)."""
    if ss.kill:
        return _show_killing(ss, dump, protocol)
    if _plain(ss, protocol):
        _rows_plain(ss, dump, protocol)
        return 0
    netid = netid_of(protocol)
    for header, buf, start, end in sockdiag.inet_messages(dump):
        if not (ss.families >> header[I_FAMILY]) & 1:
            continue
        attrs = sockdiag.attributes(buf, start, end)
        if not rejected(ss, header, attrs, netid):
            show_sock(ss, header, attrs, protocol)
    return 0


def rejected(ss, header, attrs, netid):
    """True when the filter EXPRESSION rejects the socket (a Sock is built only then)."""
    return ss.expr is not None and not ss.expr.user_matches(sockdiag.inet_sock(header, attrs, netid))


def _plain(ss, protocol):
    """True when the fast path (_rows_plain) can make the rows: no filter, and
    nothing after the users but what _Extras knows (-o, -e, -m, -i)."""
    if ss.expr is not None or ss.show_tos:
        return False
    if ss.show_cgroup or ss.show_inet_sockopt:
        return False
    # TCP and UDP dumps carry no INET_DIAG_PROTOCOL; other protocols may.
    return protocol in (sockdiag.IPPROTO_TCP, sockdiag.IPPROTO_UDP, sockdiag.IPPROTO_DCCP)


def _rows_plain(ss, dump, protocol, defer_v6=None, buffers=None):
    """The hot loop: a row per socket from the inet_diag_msg header alone.

    For the one-walk dump of both families (_one_walk): with `defer_v6` (a
    _Kept), IPv6 sockets are not shown but their messages are kept there;
    a second call shows them from `buffers` (and no dump).

    Messages are walked right here (no per-socket generator), and every token
    comes from a cache entry (text, footprint in ss's buffer, length), so the
    renderer learns a row's size by addition.  Rows are tuples that the
    renderer does not measure again: a token longer than any before in its
    column is reported with ss.note() (the max_* locals track what was noted).
    """
    renderer = ss.renderer
    add = renderer.add_sized
    note = ss.note
    noted = ss.noted
    families = ss.families
    more = _Extras.for_run(ss, protocol)
    heads = [None] * 256
    netid = netid_of(protocol)
    users = ss.users_text if ss.users is not None else None
    ports = {}
    addresses = {}
    find = sockdiag.find_attribute
    unpack = sockdiag.INET_MSG.unpack_from
    head_of = sockdiag.NLMSG_HEAD.unpack_from
    msg_size = sockdiag.INET_MSG_SIZE
    dump_intr = sockdiag.NLM_F_DUMP_INTR
    wanted = (sockdiag.SOCK_DIAG_BY_FAMILY, sockdiag.TCPDIAG_GETSOCK, sockdiag.DCCPDIAG_GETSOCK)
    col_addr, col_serv, col_raddr, col_rserv, col_ext = (
        output.COL_ADDR, output.COL_SERV, output.COL_RADDR, output.COL_RSERV, output.COL_EXT)
    max_addr, max_serv, max_raddr, max_rserv = (noted[col_addr], noted[col_serv],
                                                noted[col_raddr], noted[col_rserv])
    done_code = 0
    header = None
    if buffers is None:
        buffers = dump.buffers()
    # The nlmsghdr walk of sockdiag.Dump.messages()/inet_messages(), inlined on purpose (speed).
    for buf in buffers:
        offset = 0
        end_of_buf = len(buf)
        while offset + 16 <= end_of_buf:
            length, msg_type, flags = head_of(buf, offset)
            if length < 16:
                break
            start = offset
            offset += (length + 3) & ~3
            if msg_type not in wanted:
                if msg_type == sockdiag.NLMSG_DONE:
                    done_code = sockdiag.done_error(buf, start, length)
                    break
                continue
            if flags & dump_intr and dump is not None:
                dump.interrupted = True
            if length < msg_size:
                continue
            family = buf[start + 16]  # idiag_family, first byte after the nlmsghdr
            if not (families >> family) & 1:
                continue
            if defer_v6 is not None and family == AF_INET6:
                defer_v6.keep(buf[start:offset])
                continue
            header = unpack(buf, start)
            src = header[I_SRC]
            dst = header[I_DST]
            ifindex = header[I_IF]
            if family == AF_INET:
                local = addresses.get(src if not ifindex else (src, ifindex))
                if local is None:
                    local = _address_entry(ss, family, src, ifindex, False, addresses)
                remote = addresses.get(dst)
                if remote is None:
                    remote = _address_entry(ss, family, dst, 0, False, addresses)
            else:
                v6only = False
                if src == _ZERO16 or dst == _ZERO16:
                    flag = find(buf, start + msg_size, start + length,
                                sockdiag.INET_DIAG_SKV6ONLY)
                    v6only = bool(flag and flag[0])
                if v6only:
                    local = _address_entry(ss, family, src, ifindex, True, None)
                    remote = _address_entry(ss, family, dst, 0, True, None)
                else:
                    key = (family, src) if not ifindex else (family, src, ifindex)
                    local = addresses.get(key)
                    if local is None:
                        local = _address_entry(ss, family, src, ifindex, False, addresses, key)
                    key = (family, dst)
                    remote = addresses.get(key)
                    if remote is None:
                        remote = _address_entry(ss, family, dst, 0, False, addresses, key)
            if local[2] > max_addr:
                max_addr = local[2]
                note(col_addr, max_addr)
            if remote[2] > max_raddr:
                max_raddr = remote[2]
                note(col_raddr, max_raddr)
            # Local and remote port: the same steps twice, inlined on purpose (speed).
            raw = header[I_SPORT]
            lport = ports.get(raw)
            if lport is None:
                lport = ports[raw] = _port_entry(ss, raw)
            if lport[2] > max_serv:
                max_serv = lport[2]
                note(col_serv, max_serv)
            raw = header[I_DPORT]
            rport = ports.get(raw)
            if rport is None:
                rport = ports[raw] = _port_entry(ss, raw)
            if rport[2] > max_rserv:
                max_rserv = rport[2]
                note(col_rserv, max_rserv)
            state = header[I_STATE]
            head = heads[state]
            if head is None:
                head = heads[state] = _state_head(ss, netid, state)
            rq = header[I_RQUEUE]
            wq = header[I_WQUEUE]
            size = head[1] + local[1] + lport[1] + remote[1] + rport[1]
            if rq < 1000000 and wq < 1000000:
                size += 16  # two "%-6d" tokens of 6 bytes
            else:
                rq, wq, extra = _big_queues(ss, rq, wq)
                size += extra
            if users is not None:
                text = users(header[I_INODE])
                if text:
                    size += output.token_footprint(text)
                    if len(text) > noted[col_ext] or not text.isascii():
                        note(col_ext, output.byte_len(text))
                else:
                    size += 2
            else:
                text = ""
                size += 2
            if more is not None:
                extra = more(buf, start, start + length, header)
                if extra:
                    if text:
                        size -= output.token_footprint(text)
                    else:
                        size -= 2
                    text += extra
                    size += output.token_footprint(text)
                    if len(text) > noted[col_ext] or not text.isascii():
                        note(col_ext, output.byte_len(text))
            add(head[0] + (rq, wq, local[0], lport[0], remote[0], rport[0], text), size)
    if header is not None:
        # every header unpacked is shown: this is the last row's (ss's sctp_ino)
        ss.sctp_ino = header[I_INODE]
    if done_code < 0:
        sockdiag.raise_done_error(done_code)


class _Extras:
    """What inet_show_sock() prints after the users, for the fast path:
    -o's timer, -e's details, -m's skmem and -i's tcp_info line, in that order.

    Apart from a few header fields (timer, uid, inode, cookie) and three
    tcp_info counters that tell milliseconds since the last packet (lastsnd,
    lastrcv, lastack), that text is a function of the socket's family, state
    and attribute bytes alone.  Sockets of a busy machine mostly share those
    bytes, so the text is cached under them with the three counters cut out
    (the "hole"), and each row only formats what is its own.  The hole is
    where tcp_info starts in the attributes (INET_DIAG_INFO's payload + 44);
    that position is guessed from the previous socket and is part of the key,
    and so is everything before it: two keys can only be equal when the
    attributes up to tcp_info, tcp_info's own header, and everything after
    the hole are the same bytes.
    """
    LIMIT = 4096  # cached texts (then the cache starts again)

    @classmethod
    def for_run(cls, ss, protocol):
        timers = bool(ss.show_options)
        details = bool(ss.show_details)
        info = bool(ss.show_mem or (ss.show_tcpinfo and protocol != sockdiag.IPPROTO_UDP))
        if not (timers or details or info):
            return None
        return cls(ss, timers, details, info).text

    def __init__(self, ss, timers, details, info):
        self.ss = ss
        self.timers, self.details, self.info = timers, details, info
        self.attrs_needed = details or info
        self.newline = "" if ss.oneline else "\n\t"
        self.cache = {}
        self.hole = -1  # the last tcp_info's payload offset in the attributes

    def text(self, buf, start, end, header):
        text = ""
        if self.timers:
            timer = header[I_TIMER]
            if timer:
                text = output.timer_text(timer, header[I_EXPIRES], header[I_RETRANS])
        if self.details:
            uid = header[I_UID]
            if uid:
                text += " uid:%u" % uid
            text += " ino:%u sk:%x" % (header[I_INODE],
                                      (header[I_COOKIE1] << 32) | header[I_COOKIE0])
        if not self.attrs_needed:
            return text
        at = start + sockdiag.INET_MSG_SIZE
        hole = self.hole
        if hole >= 0 and at + hole + 60 <= end:
            key = (hole, buf[start + 16:start + 18] + buf[at:at + hole + 44]
                   + buf[at + hole + 60:end])
        else:
            hole = -1
            key = (-1, buf[start + 16:start + 18] + buf[at:end])
        entry = self.cache.get(key)
        if entry is None:
            entry = self.miss(buf, start, at, end, header)
            hole = self.hole
        before, errors, after = entry
        if errors:
            self.ss.err.write(errors)
        if hole < 0 or after is None:
            return text + before
        sent, _acked, received, acked = _LAST.unpack_from(buf, at + hole + 44)
        last = ""
        if sent:
            last = " lastsnd:%u" % sent
        if received:
            last += " lastrcv:%u" % received
        if acked:
            last += " lastack:%u" % acked
        return text + before + last + after

    def miss(self, buf, start, at, end, header):
        """Make the cached entry for this socket's attributes: (text before
        the hole, stderr text to repeat per socket, text after the hole or
        None when there is no hole)."""
        ss = self.ss
        attrs = sockdiag.attributes(buf, at, end)
        hole = _info_offset(buf, at, end)
        if hole is not None and len(attrs[sockdiag.INET_DIAG_INFO]) < 60:
            hole = None  # an old kernel's short tcp_info: no counters to cut out
        before = ""
        errors = ""
        if self.details:
            mark = sockdiag.u32_of(attrs, sockdiag.INET_DIAG_MARK)
            if mark:
                before += " fwmark:0x%x" % mark
            cgroup_id = sockdiag.u64_of(attrs, sockdiag.INET_DIAG_CGROUP_ID)
            if cgroup_id:
                # cgroup_path()'s complaint (if any) is repeated per socket
                before += " cgroup:%s" % ss.cgroup_path(cgroup_id, quiet=True)
                errors = ss.cgroup_error(cgroup_id)
            if header[I_FAMILY] == AF_INET6:
                v6flag = attrs.get(sockdiag.INET_DIAG_SKV6ONLY)
                if v6flag is not None:
                    before += " v6only:%u" % v6flag[0]
            shutdown = attrs.get(sockdiag.INET_DIAG_SHUTDOWN)
            if shutdown is not None:
                before += output.shutdown_text(shutdown[0])
        after = None
        if self.info:
            before += self.newline
            if hole is None:
                before += tcp_info_text(ss, header[I_STATE], attrs)
            else:
                head, after = tcp_info_parts(ss, header[I_STATE], attrs)
                before += head
        if hole is None:
            self.hole = -1
            key = (-1, buf[start + 16:start + 18] + buf[at:end])
        else:
            self.hole = hole
            key = (hole, buf[start + 16:start + 18] + buf[at:at + hole + 44]
                   + buf[at + hole + 60:end])
        entry = (before, errors, after)
        cache = self.cache
        if len(cache) >= self.LIMIT:
            cache.clear()
        cache[key] = entry
        return entry


# tcp_info's last_data_sent, last_ack_sent, last_data_recv, last_ack_recv (offset 44)
_LAST = struct.Struct("=IIII")


def _info_offset(buf, start, end):
    """Where the first INET_DIAG_INFO payload starts, relative to `start`
    (the attributes), or None (as attributes() keeps the first)."""
    rta = _RTA.unpack_from
    at = start
    while at + 4 <= end:
        length, attr_type = rta(buf, at)
        if length < 4:
            break
        if attr_type & 0x3fff == sockdiag.INET_DIAG_INFO:
            return at + 4 - start
        at += (length + 3) & ~3
    return None


_RTA = struct.Struct("=HH")


def _big_queues(ss, rq, wq):
    """Queues of a million bytes or more: wider "%-6d" tokens (and ss keeps the
    queues in ints: a u32 above 2^31 prints negative)."""
    extra = 0
    values = []
    for value, column in ((rq, output.COL_RECVQ), (wq, output.COL_SENDQ)):
        value = int32(value)
        text = "%-6d" % value
        extra += output.token_footprint(text)
        ss.note(column, len(text))
        values.append(value)
    return values[0], values[1], extra


def _state_head(ss, netid, state):
    """(the Netid and State tokens shown, their footprint plus the empty last
    column's token), noting their widths."""
    head = ()
    size = 2
    # every row has the two "%-6d" queue tokens, 6 bytes at least
    ss.note(output.COL_RECVQ, 6)
    ss.note(output.COL_SENDQ, 6)
    if ss.netid_on:
        head = (netid,)
        size += output.token_footprint(netid)
        ss.note(output.COL_NETID, len(netid))
    if ss.state_on:
        name = STATE_NAMES[state] if state < len(STATE_NAMES) else "UNKNOWN"
        head += (name,)
        size += output.token_footprint(name)
        ss.note(output.COL_STATE, len(name))
    return head, size


def _port_entry(ss, raw):
    """(text, footprint, length) of a port read native-endian from the header."""
    text = ss.service(sockdiag.swap16(raw))
    length = output.byte_len(text)
    return text, 2 + length + (length & 1), length


def _address_entry(ss, family, raw, ifindex, v6only, cache, key=None):
    """(text, footprint, length) of an address token; cached under `key`
    (by default the address, with the interface when there is one)."""
    text = address_token(ss, family, raw, ifindex, v6only)
    length = output.byte_len(text)
    entry = (text, 2 + length + (length & 1), length)
    if cache is not None:
        if key is None:
            key = raw if not ifindex else (raw, ifindex)
        cache[key] = entry
    return entry


def address_token(ss, family, raw, ifindex, v6only):
    """inet_addr_print(): '127.0.0.1:', '*:', '[::1]:', '[fe80::1]%eth0:'."""
    if family == AF_INET:
        text = ss.host(AF_INET, raw[:4])
    elif not v6only and raw == _ZERO16:
        text = "*"
    else:
        text = ss.host(AF_INET6, raw)
        if ":" in text:
            text = "[" + text + "]"
    if ifindex:
        text = "%s%%%s:" % (text, ss.ifname(ifindex))
    else:
        text += ":"
    return text


# ---- the general row --------------------------------------------------------

def show_sock(ss, header, attrs, protocol):
    """inet_show_sock(): one row with everything the options ask for."""
    stype = protocol
    proto_attr = attrs.get(sockdiag.INET_DIAG_PROTOCOL)
    if proto_attr:
        stype = proto_attr[0]
    family = header[I_FAMILY]
    v6only = 0
    v6flag = attrs.get(sockdiag.INET_DIAG_SKV6ONLY) if family == AF_INET6 else None
    if v6flag:
        v6only = v6flag[0]
    inode = header[I_INODE]
    ss.renderer.add(row_head(ss, netid_of(stype), header[I_STATE], header[I_RQUEUE],
                             header[I_WQUEUE], inode, stype)
                    + address_token(ss, family, header[I_SRC], header[I_IF], v6only) + SEP
                    + ss.service(sockdiag.swap16(header[I_SPORT])) + SEP
                    + address_token(ss, family, header[I_DST], 0, v6only) + SEP
                    + ss.service(sockdiag.swap16(header[I_DPORT])) + SEP
                    + ss.users_text(inode) + extras(ss, header, attrs, stype, v6flag))
    ss.sctp_ino = inode


def row_head(ss, netid, state, rq, wq, inode=0, stype=None):
    """sock_state_print(), with SCTP associations shown as '`- STATE' under their
    endpoint (they share its inode)."""
    if stype == sockdiag.IPPROTO_SCTP and netid == "sctp" and ss.sctp_ino and ss.sctp_ino == inode:
        head = ""
        if ss.netid_on:
            head = SEP
        if ss.state_on:
            name = output.SCTP_STATE_NAMES[state] if state < 8 else ""
            head += "`- " + name + SEP
        return "%s%-6d\0%-6d\0" % (head, int32(rq), int32(wq))
    return ss.line_head(netid, state, rq, wq)


def extras(ss, header, attrs, stype, v6flag):
    """Everything inet_show_sock() prints after the users."""
    parts = []
    if ss.show_options:
        if stype == sockdiag.IPPROTO_SCTP:
            if header[I_TIMER]:
                parts.append(" timer:(T3_RTX,%s,%d)" % (output.ms_timer(header[I_EXPIRES]),
                                                        header[I_RETRANS]))
        else:
            parts.append(output.timer_text(header[I_TIMER], header[I_EXPIRES],
                                           header[I_RETRANS]))
    if ss.show_details:
        parts.append(output.details_text(
            ss, header[I_UID], header[I_INODE], sockdiag.cookie(header),
            sockdiag.u32_of(attrs, sockdiag.INET_DIAG_MARK),
            sockdiag.u64_of(attrs, sockdiag.INET_DIAG_CGROUP_ID)))
        if v6flag is not None:
            parts.append(" v6only:%u" % v6flag[0])
        shutdown = attrs.get(sockdiag.INET_DIAG_SHUTDOWN)
        if shutdown is not None:
            parts.append(output.shutdown_text(shutdown[0]))
    if ss.show_tos:
        for attr, label in ((sockdiag.INET_DIAG_TOS, "tos"), (sockdiag.INET_DIAG_TCLASS, "tclass")):
            value = attrs.get(attr)
            if value is not None:
                parts.append(" %s:%s" % (label, _hash_x(value[0])))
        value = attrs.get(sockdiag.INET_DIAG_CLASS_ID)
        if value is not None:
            parts.append(" class_id:%s" % _hash_x(sockdiag.attr_u32(value)))
    if ss.show_cgroup:
        value = attrs.get(sockdiag.INET_DIAG_CGROUP_ID)
        if value is not None:
            parts.append(" cgroup:%s" % ss.cgroup_path(sockdiag.attr_u64(value)))
    if ss.show_inet_sockopt:
        parts.append(_sockopt_text(ss, attrs.get(sockdiag.INET_DIAG_SOCKOPT)))
    if ss.show_mem or (ss.show_tcpinfo and stype != sockdiag.IPPROTO_UDP):
        if not ss.oneline:
            parts.append("\n\t")
        if stype == sockdiag.IPPROTO_SCTP:
            parts.append(sctp_info_text(ss, attrs))
        elif stype == sockdiag.IPPROTO_MPTCP:
            parts.append(mptcp_info_text(ss, attrs))
        else:
            parts.append(tcp_info_text(ss, header[I_STATE], attrs))
    return "".join(parts)


def _hash_x(value):
    """C's %#x: '0' for zero, else '0x' and the hex digits."""
    return "0x%x" % value if value else "0"


_SOCKOPT_FLAGS = (
    (0, 0x01, "recverr"), (0, 0x02, "is_icsk"), (0, 0x04, "freebind"), (0, 0x08, "hdrincl"),
    (0, 0x10, "mc_loop"), (0, 0x20, "transparent"), (0, 0x40, "mc_all"), (0, 0x80, "nodefrag"),
    (1, 0x01, "bind_addr_no_port"), (1, 0x02, "recverr_rfc4884"), (1, 0x04, "defer_connect"),
)


def _sockopt_text(ss, value):
    if value is None or len(value) < 2:
        return ""
    text = " inet-sockopt: (" if ss.oneline else "\n\tinet-sockopt: ("
    for byte, bit, name in _SOCKOPT_FLAGS:
        if value[byte] & bit:
            text += " " + name
    return text + ")"


def skmem_or_meminfo(attrs):
    """print_skmeminfo(tb, INET_DIAG_SKMEMINFO), with the old MEMINFO fallback."""
    skmem = attrs.get(sockdiag.INET_DIAG_SKMEMINFO)
    if skmem is not None:
        return output.skmem_text(sockdiag.skmeminfo(skmem))
    meminfo = attrs.get(sockdiag.INET_DIAG_MEMINFO)
    if meminfo is not None and len(meminfo) >= 16:
        return " mem:(r%u,w%u,f%u,t%u)" % sockdiag.u32_array(meminfo[:16])
    return ""


def tcp_info_text(ss, state, attrs):
    """tcp_show_info(): skmem, then tcp_stats_print() of INET_DIAG_INFO and friends."""
    parts = [skmem_or_meminfo(attrs)]
    payload = attrs.get(sockdiag.INET_DIAG_INFO)
    if payload is not None:
        parts.append(_tcp_stats(ss, state, attrs, sockdiag.tcp_info(payload)))
    md5 = attrs.get(sockdiag.INET_DIAG_MD5SIG)
    if md5 is not None:
        parts.append(_md5_text(ss, md5))
    ulp = attrs.get(sockdiag.INET_DIAG_ULP_INFO)
    if ulp is not None:
        parts.append(_ulp_text(sockdiag.nested_attributes(ulp)))
    return "".join(parts)


def tcp_info_parts(ss, state, attrs):
    """tcp_info_text() in two, around where lastsnd/lastrcv/lastack go (those
    left out): for _Extras, which formats them per socket."""
    head = skmem_or_meminfo(attrs)
    tail = ""
    payload = attrs.get(sockdiag.INET_DIAG_INFO)
    if payload is not None:
        before, tail = _tcp_stats(ss, state, attrs, sockdiag.tcp_info(payload), split=True)
        head += before
    md5 = attrs.get(sockdiag.INET_DIAG_MD5SIG)
    if md5 is not None:
        tail += _md5_text(ss, md5)
    ulp = attrs.get(sockdiag.INET_DIAG_ULP_INFO)
    if ulp is not None:
        tail += _ulp_text(sockdiag.nested_attributes(ulp))
    return head, tail


def _tcp_stats(ss, state, attrs, info, split=False):
    """tcp_stats_print(): the long -i line, field by field in ss's order.
    With `split`: (the text before lastsnd, the text after lastack), the
    three themselves left out."""
    out = []
    opts = info["options"]
    if ss.show_options:
        for bit, name in ((sockdiag.TCPI_OPT_TIMESTAMPS, " ts"), (sockdiag.TCPI_OPT_SACK, " sack"),
                          (sockdiag.TCPI_OPT_ECN, " ecn"), (sockdiag.TCPI_OPT_ECN_SEEN, " ecnseen"),
                          (sockdiag.TCPI_OPT_SYN_DATA, " fastopen")):
            if opts & bit:
                out.append(name)
    cong = attrs.get(sockdiag.INET_DIAG_CONG)
    if cong is not None:
        name = sockdiag.attr_str(cong)[:15]
        if name:
            out.append(" " + name)
    if opts & sockdiag.TCPI_OPT_WSCALE:
        out.append(" wscale:%d,%d" % (info["snd_wscale"], info["rcv_wscale"]))
    rto = info["rto"]
    if rto and rto != 3000000:
        out.append(" rto:%g" % (rto / 1000.0))
    if info["backoff"]:
        out.append(" backoff:%u" % info["backoff"])
    rtt_ms = info["rtt"] / 1000.0
    if rtt_ms:
        out.append(" rtt:%g/%g" % (rtt_ms, info["rttvar"] / 1000.0))
    if info["ato"]:
        out.append(" ato:%g" % (info["ato"] / 1000.0))
    _nonzero(out, " mss:%d", int32(info["snd_mss"]))
    _nonzero(out, " pmtu:%u", info["pmtu"])
    _nonzero(out, " rcvmss:%d", int32(info["rcv_mss"]))
    _nonzero(out, " advmss:%d", int32(info["advmss"]))
    _nonzero(out, " cwnd:%u", info["snd_cwnd"])
    if info["snd_ssthresh"] < 0xFFFF:
        _nonzero(out, " ssthresh:%d", info["snd_ssthresh"])
    _nonzero(out, " bytes_sent:%u", info["bytes_sent"])
    _nonzero(out, " bytes_retrans:%u", info["bytes_retrans"])
    _nonzero(out, " bytes_acked:%u", info["bytes_acked"])
    _nonzero(out, " bytes_received:%u", info["bytes_received"])
    _nonzero(out, " segs_out:%u", info["segs_out"])
    _nonzero(out, " segs_in:%u", info["segs_in"])
    _nonzero(out, " data_segs_out:%u", info["data_segs_out"])
    _nonzero(out, " data_segs_in:%u", info["data_segs_in"])
    out.append(_cc_text(ss, attrs))
    rtt = float(info["rtt"])
    vegas = attrs.get(sockdiag.INET_DIAG_VEGASINFO)
    if vegas is not None and len(vegas) >= 16:
        enabled, _count, vrtt, _minrtt = sockdiag.u32_array(vegas[:16])
        if enabled and vrtt and vrtt != 0x7fffffff:
            rtt = float(vrtt)
    if rtt > 0 and info["snd_mss"] and info["snd_cwnd"]:
        send_bps = float(info["snd_cwnd"]) * float(info["snd_mss"]) * 8000000.0 / rtt
        out.append(" send %sbps" % output.bandwidth(send_bps, ss.numeric))
    if split:
        cut = len(out)
    else:
        _nonzero(out, " lastsnd:%u", info["last_data_sent"])
        _nonzero(out, " lastrcv:%u", info["last_data_recv"])
        _nonzero(out, " lastack:%u", info["last_ack_recv"])
    pacing = info["pacing_rate"]
    if pacing and pacing != 0xffffffffffffffff:
        out.append(" pacing_rate %sbps" % output.bandwidth(pacing * 8.0, ss.numeric))
        top = info["max_pacing_rate"]
        if top and top != 0xffffffffffffffff:
            out.append("/%sbps" % output.bandwidth(top * 8.0, ss.numeric))
    if info["delivery_rate"]:
        out.append(" delivery_rate %sbps" % output.bandwidth(info["delivery_rate"] * 8.0,
                                                            ss.numeric))
    _nonzero(out, " delivered:%u", info["delivered"])
    _nonzero(out, " delivered_ce:%u", info["delivered_ce"])
    if info["delivery_rate_app_limited"]:
        out.append(" app_limited")
    busy = info["busy_time"]
    if busy:
        out.append(" busy:%ums" % (busy // 1000))
        if info["rwnd_limited"]:
            out.append(" rwnd_limited:%ums(%.1f%%)" % (info["rwnd_limited"] // 1000,
                                                      100.0 * info["rwnd_limited"] / busy))
        if info["sndbuf_limited"]:
            out.append(" sndbuf_limited:%ums(%.1f%%)" % (info["sndbuf_limited"] // 1000,
                                                        100.0 * info["sndbuf_limited"] / busy))
    _nonzero(out, " unacked:%u", info["unacked"])
    if info["retrans"] or info["total_retrans"]:
        out.append(" retrans:%u/%u" % (info["retrans"], info["total_retrans"]))
    _nonzero(out, " lost:%u", info["lost"])
    if info["sacked"] and state != 10:
        out.append(" sacked:%u" % info["sacked"])
    _nonzero(out, " dsack_dups:%u", info["dsack_dups"])
    _nonzero(out, " fackets:%u", info["fackets"])
    if info["reordering"] != 3:
        out.append(" reordering:%d" % int32(info["reordering"]))
    _nonzero(out, " reord_seen:%d", int32(info["reord_seen"]))
    if info["rcv_rtt"]:
        out.append(" rcv_rtt:%g" % (info["rcv_rtt"] / 1000.0))
    _nonzero(out, " rcv_space:%d", int32(info["rcv_space"]))
    _nonzero(out, " rcv_ssthresh:%u", info["rcv_ssthresh"])
    _nonzero(out, " notsent:%u", info["notsent_bytes"])
    min_rtt = info["min_rtt"]
    if min_rtt and min_rtt != 0xffffffff:
        out.append(" minrtt:%g" % (min_rtt / 1000.0))
    _nonzero(out, " rcv_ooopack:%u", info["rcv_ooopack"])
    _nonzero(out, " snd_wnd:%u", info["snd_wnd"])
    if split:
        return "".join(out[:cut]), "".join(out[cut:])
    return "".join(out)


def _nonzero(out, fmt, value):
    if value:
        out.append(fmt % value)


def _cc_text(ss, attrs):
    """The congestion-control specific part (DCTCP or BBR), between data_segs_in and send."""
    text = ""
    dctcp = attrs.get(sockdiag.INET_DIAG_DCTCPINFO)
    if dctcp is not None and len(dctcp) >= 16:
        import struct

        enabled, ce_state, alpha, ab_ecn, ab_tot = struct.unpack_from("=HHIII", dctcp)
        if enabled:
            text += " dctcp:(ce_state:%u,alpha:%u,ab_ecn:%u,ab_tot:%u)" % (ce_state, alpha,
                                                                          ab_ecn, ab_tot)
        else:
            text += " dctcp:fallback_mode"
    bbr = attrs.get(sockdiag.INET_DIAG_BBRINFO)
    if bbr is not None:
        raw = bytes(bbr[:20]) + b"\0" * max(0, 20 - len(bbr))
        bw_lo, bw_hi, min_rtt, pacing_gain, cwnd_gain = sockdiag.u32_array(raw)
        bw = (bw_hi << 32) | bw_lo
        text += " bbr:(bw:%sbps,mrtt:%g" % (output.bandwidth(bw * 8.0, ss.numeric),
                                            min_rtt / 1000.0)
        if pacing_gain:
            text += ",pacing_gain:%g" % (pacing_gain / 256.0)
        if cwnd_gain:
            text += ",cwnd_gain:%g" % (cwnd_gain / 256.0)
        text += ")"
    return text


def _md5_text(ss, payload):
    """ ' md5keys:10.0.0.1/32=key,...' (struct tcp_diag_md5sig, 56 bytes each)."""
    import struct

    entries = []
    for offset in range(0, len(payload) - 55, 56):
        family, prefixlen, keylen, _pad, addr = struct.unpack_from("=BBHI16s", payload, offset)
        key = payload[offset + 24:offset + 24 + min(keylen, 32)]
        size = 16 if family == AF_INET6 else 4
        host = ss.host(family, addr[:size]) if family in (AF_INET, AF_INET6) else "???"
        escaped = "".join(chr(b) if 32 <= b < 127 and b not in (92, 32, 44) else "\\%03o" % b
                          for b in key)
        entries.append("%s/%d=%s" % (host, prefixlen, escaped))
    return " md5keys:" + ",".join(entries) if entries else ""


def _ulp_text(ulp):
    text = ""
    name = ulp.get(1)
    if name is not None:
        text += " tcp-ulp-%s" % sockdiag.attr_str(name)
    tls = ulp.get(2)
    if tls is not None:
        text += _tls_text(sockdiag.nested_attributes(tls))
    mptcp = ulp.get(3)
    if mptcp is not None:
        text += _subflow_text(sockdiag.nested_attributes(mptcp))
    return text


def _tls_text(tls):
    text = ""
    version = tls.get(1)
    if version is not None:
        value = sockdiag.attr_u16(version)
        text += {0x0303: " version: 1.2", 0x0304: " version: 1.3"}.get(
            value, " version: unknown(%d)" % value)
    cipher = tls.get(2)
    if cipher is not None:
        text += {51: " cipher: aes-gcm-128", 52: " cipher: aes-gcm-256"}.get(
            sockdiag.attr_u16(cipher), "")
    for attr, label in ((3, "rxconf"), (4, "txconf")):
        conf = tls.get(attr)
        if conf is not None:
            value = sockdiag.attr_u16(conf)
            names = {1: "none", 2: "sw", 3: "hw", 4: "hw-record"}
            text += " %s: %s" % (label, names.get(value, "unknown(%d)" % value))
    if tls.get(5) is not None:
        text += " zc_ro_tx"
    return text


def _subflow_text(sf):
    text = ""
    flags = sf.get(8)
    if flags is not None:
        value = sockdiag.attr_u32(flags)
        caps = "".join(letter for bit, letter in enumerate("MmJjBbecv") if value & (1 << bit))
        if value:
            text += " flags:%s" % caps
    if all(sf.get(a) is not None for a in (1, 2, 9, 10)):
        text += " token:%04x(id:%u)/%04x(id:%u)" % (
            sockdiag.attr_u32(sf[1]), sf[9][0], sockdiag.attr_u32(sf[2]), sf[10][0])
    if sf.get(4) is not None:
        text += " seq:%x" % sockdiag.attr_u64(sf[4])
    for attr, label in ((5, "sfseq"), (6, "ssnoff"), (7, "maplen")):
        if sf.get(attr) is not None:
            text += " %s:%x" % (label, sockdiag.attr_u32(sf[attr]))
    return text


def mptcp_info_text(ss, attrs):
    text = skmem_or_meminfo(attrs)
    payload = attrs.get(sockdiag.INET_DIAG_INFO)
    if payload is None:
        return text
    info = sockdiag.mptcp_info(payload)
    for field, label in (("subflows", "subflows"), ("add_addr_signal", "add_addr_signal"),
                         ("add_addr_accepted", "add_addr_accepted"),
                         ("subflows_max", "subflows_max"),
                         ("add_addr_signal_max", "add_addr_signal_max"),
                         ("add_addr_accepted_max", "add_addr_accepted_max")):
        if info[field]:
            text += " %s:%d" % (label, info[field])
    if info["flags"] & 1:
        text += " fallback"
    if info["flags"] & 2:
        text += " remote_key"
    if info["token"]:
        text += " token:%x" % info["token"]
    for field in ("write_seq", "snd_una", "rcv_nxt"):
        if info[field]:
            text += " %s:%x" % (field, info[field])
    return text


def sctp_info_text(ss, attrs):
    """sctp_show_info(): skmem, locals, peers and the sctp_info counters."""
    import struct

    text = skmem_or_meminfo(attrs)
    for attr, label in ((sockdiag.INET_DIAG_LOCALS, "locals"), (sockdiag.INET_DIAG_PEERS, "peers")):
        payload = attrs.get(attr)
        if payload is None:
            continue
        hosts = []
        for offset in range(0, len(payload), 128):  # sockaddr_storage
            family = struct.unpack_from("=H", payload, offset)[0]
            if family == AF_INET:
                hosts.append(ss.host(AF_INET, payload[offset + 4:offset + 8]))
            elif family == AF_INET6:
                hosts.append(ss.host(AF_INET6, payload[offset + 8:offset + 24]))
            else:
                hosts.append("")
        text += " %s:%s" % (label, ",".join(hosts))
    payload = attrs.get(sockdiag.INET_DIAG_INFO)
    if payload is not None:
        text += _sctp_stats(payload)
    return text


# struct sctp_info (include/uapi/linux/sctp.h), 368 bytes: the fields
# sctp_stats_print() shows, at their offsets.  tag..peer_tag are u32/u16,
# peer_capable and peer_sack two u8 at 52 and 53; then 14 u64 counters, the
# primary transport (a 128-byte sockaddr_storage at 168 and its u32s) and,
# from 344, the socket's s_autoclose, s_adaptation_ind, s_pd_point (u32) and
# s_nodelay, s_disable_fragments, s_v4mapped, s_frag_interleave (u8).
_SCTP_INFO_SIZE = 368
_SCTP_HEAD = "=IIIHHHHIIIIIIIIBB"  # offset 0: tag .. peer_sack
_SCTP_SOCK = "=IIIBBBB"  # offset 344: s_autoclose .. s_frag_interleave
_SCTP_SOCK_OFFSET = 344
# (field, format) in sctp_stats_print()'s order; "%d" of a u32 in C
# prints it as an int (negative from 2^31), which int32() reproduces.
_SCTP_HEAD_FIELDS = (
    ("tag", " tag:%x"), ("state", None), ("rwnd", " rwnd:%d"), ("unackdata", " unackdata:%d"),
    ("penddata", " penddata:%d"), ("instrms", " instrms:%d"), ("outstrms", " outstrms:%d"),
    ("fragmentation_point", None), ("inqueue", " inqueue:%d"), ("outqueue", " outqueue:%d"),
    ("overall_error", " overerr:%d"), ("max_burst", " maxburst:%d"), ("maxseg", " maxseg:%d"),
    ("peer_rwnd", " prwnd:%d"), ("peer_tag", " ptag:%x"), ("peer_capable", " pcapable:%d"),
    ("peer_sack", " psack:%d"),
)
_SCTP_SOCK_FIELDS = (
    ("s_autoclose", " autoclose:%d"), ("s_adaptation_ind", " adapind:%d"),
    ("s_pd_point", " pdpoint:%d"), ("s_nodelay", " nodelay:%d"),
    ("s_disable_fragments", " nofrag:%d"), ("s_v4mapped", " v4mapped:%d"),
    ("s_frag_interleave", " fraginl:%d"),
)


def sctp_info(payload):
    """INET_DIAG_INFO of an SCTP socket as {field: value}; a shorter payload
    (older kernels) is padded with zeros, as sctp_show_info() does."""
    import struct

    raw = bytes(payload[:_SCTP_INFO_SIZE])
    raw += b"\0" * (_SCTP_INFO_SIZE - len(raw))
    values = dict(zip((name for name, _label in _SCTP_HEAD_FIELDS),
                      struct.unpack_from(_SCTP_HEAD, raw)))
    values.update(zip((name for name, _label in _SCTP_SOCK_FIELDS),
                      struct.unpack_from(_SCTP_SOCK, raw, _SCTP_SOCK_OFFSET)))
    return values


def _sctp_stats(payload):
    """sctp_stats_print(): every non-zero field of sctp_info, in ss's order."""
    values = sctp_info(payload)
    text = ""
    for name, label in _SCTP_HEAD_FIELDS + _SCTP_SOCK_FIELDS:
        value = values[name]
        if not value:
            continue
        if name == "state":
            # sctp_sstate_name[] has names for 0..7 only
            text += " state:%s" % (output.SCTP_STATE_NAMES[value] if value < 8 else "")
        elif label is not None:
            text += label % (int32(value) if label.endswith("d") else value)
    return text


# ---- ss -K ------------------------------------------------------------------

def _show_killing(ss, dump, protocol):
    """Kill every matching socket (SOCK_DESTROY) and show those that went.

    ss sends the destroy requests on a second netlink socket while the dump is
    still coming in; the seam has one socket per protocol, so we read the dump
    to the end first, then kill.  The output is the same.
    """
    messages = [(header, sockdiag.attributes(buf, start, end))
                for header, buf, start, end in sockdiag.inet_messages(dump)]
    netid = netid_of(protocol)
    for header, attrs in messages:
        if not (ss.families >> header[I_FAMILY]) & 1 or rejected(ss, header, attrs, netid):
            continue
        raw_protocol = 0
        if protocol == sockdiag.IPPROTO_RAW:
            value = attrs.get(sockdiag.INET_DIAG_PROTOCOL)
            raw_protocol = value[0] if value else 0
        request = sockdiag.destroy_request(header[I_FAMILY], protocol, header, raw_protocol)
        try:
            for _buf in ss.kernel.netlink_dump(sockdiag.NETLINK_SOCK_DIAG, request,
                                               "destroy socket"):
                pass
        except OSError as err:
            if err.errno in (95, 2):  # EOPNOTSUPP, ENOENT: cannot close, or already gone
                continue
            ss.err.write("SOCK_DESTROY answers: %s\n" % err.strerror)
            return -1
        show_sock(ss, header, attrs, protocol)
    return 0


# ---- ss -D FILE, TCPDIAG_FILE -----------------------------------------------

def dump_tcpdiag(ss):
    """ss -D FILE: the raw netlink answer of the TCP dump, written as received."""
    if not ss.dbs & 1:
        ss.err.write("ss: tcpdiag dump requested and no tcp in filter.\n")
        return 0
    path = ss.dump_file
    if path.startswith("-"):
        sink = None
    else:
        try:
            sink = open(path, "wb")
        except OSError:
            # ss checks the file name instead of the FILE * it got, so a
            # failed fopen() goes unreported: it then dumps as usual into its
            # output buffer and exits without ever printing that buffer.
            _dump_nowhere(ss)
            return 0
    try:
        _dump_buffers(ss, sink)
    finally:
        if sink is not None:
            sink.close()
    return 0


def _dump_nowhere(ss):
    """The dump ss makes after a failed -D fopen(): asked, read, never shown."""
    ext = request_ext(ss)
    preferred = ss.preferred_family
    families = (preferred,) if preferred in (AF_INET, AF_INET6) else (AF_INET, AF_INET6)
    for family in families:
        dump = sockdiag.Dump(ss.kernel, sockdiag.inet_request(family, sockdiag.IPPROTO_TCP,
                                                              ss.states, ext), "unused dump")
        try:
            for _buf in dump.buffers():
                pass
        except sockdiag.DumpError as err:
            ss.report_dump_error(err)
            return


# ss numbers its sock_diag dump requests MAGIC_SEQ; the kernel's answers carry
# that number, and -D writes them as they came.
MAGIC_SEQ = 123456


def _dump_buffers(ss, sink):
    """The TCP dump's recv() buffers, padded to 4 bytes, into `sink` (None:
    stdout), with inet_show_netlink()'s order of families and fallback."""
    family = AF_INET6 if ss.preferred_family == AF_INET6 else AF_INET
    ext = request_ext(ss)
    while True:
        dump = _inet_dump(ss, family, sockdiag.IPPROTO_TCP, ext, seq=MAGIC_SEQ)
        try:
            for buf in dump.buffers():
                _write_raw(ss, sink, bytes(buf) + b"\0" * (-len(buf) % 4))
        except sockdiag.DumpError as err:
            ss.report_dump_error(err)
            if family != 0:
                family = 0
                continue
            return
        if family == AF_INET and ss.preferred_family != AF_INET:
            family = AF_INET6
            continue
        return


def _write_raw(ss, sink, data):
    if sink is not None:
        sink.write(data)
        return
    stream = ss.out
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("latin-1"))


_TCPDIAG_BUFFER = 16384  # tcp_show_netlink_file()'s buf[]


def show_tcpdiag_file(ss):
    """TCPDIAG_FILE=path: read a saved -D dump instead of asking the kernel."""
    import struct

    path = ss.environ.get("TCPDIAG_FILE")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        ss.err.write("fopen($TCPDIAG_FILE): %s\n" % err.strerror)
        return -1
    offset = 0
    while True:
        if offset + 16 > len(data):
            ss.err.write("Unexpected EOF reading $TCPDIAG_FILE")
            return -1
        length, msg_type = struct.unpack_from("=IH", data, offset)
        # NLMSG_ALIGN(nlmsg_len - 16) in size_t: a length under 16 wraps to
        # almost 2^64.  ss fread()s the body into its 16 KiB buffer, and
        # Debian builds it with _FORTIFY_SOURCE: a body that cannot fit
        # there fails glibc's check, which aborts before reading anything.
        size = ((length - 16) % (1 << 64) + 3) & ((1 << 64) - 4)
        if size > _TCPDIAG_BUFFER - 16:
            from pynettools.runtime import Aborted

            ss.err.write("*** buffer overflow detected ***: terminated\n")
            raise Aborted()
        if offset + 16 + size > len(data):
            ss.err.write("Unexpected EOF reading $TCPDIAG_FILE")
            return -1
        if msg_type == sockdiag.NLMSG_DONE:
            return 0
        if msg_type == sockdiag.NLMSG_ERROR:
            if length < 36:
                ss.err.write("ERROR truncated\n")
            else:
                import os

                code = -struct.unpack_from("=i", data, offset + 16)[0]
                ss.err.write("TCPDIAG answered: %s\n" % os.strerror(code))
            return -1
        header = sockdiag.INET_MSG.unpack_from(data, offset)
        attrs = sockdiag.attributes(data, offset + sockdiag.INET_MSG_SIZE, offset + length)
        if not rejected(ss, header, attrs, "tcp"):
            show_sock(ss, header, attrs, sockdiag.IPPROTO_TCP)
        offset += 16 + size
