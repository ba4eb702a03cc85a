"""Answering a tool's reads from a snapshot (`pynettools snapshot`, pynettools/snapshot.py).

A snapshot is a seam recording of many listings at once, so most reads a
command makes are in it as asked.  The rest are requests that carry a
filter the kernel would apply: `ss -tn state established` asks sock_diag
for some states and some extensions only, `ip -4 route show table main`
asks for one family and one table.  The snapshot holds the whole tables
(take_full_dumps asks sock_diag for every state and every extension), so
derive() cuts such an answer out of them, message by message, keeping the
kernel's order; what the kernel would have left out of each message (an
extension nobody asked for) is left out too.

A filter the tools check again themselves needs no cutting: ss runs its
filter EXPRESSION on every socket it is given (as ss's run_ssfilter does),
so the bytecode the kernel would run is ignored here.

Anything else (a `route get` the kernel must compute, a socket to a name
server) is not in a snapshot: SnapshotMiss says what, in one line.
"""
import struct

from pynettools.kernel.seam import ReplayMiss, _request_key

NETLINK_ROUTE = 0
NETLINK_SOCK_DIAG = 4
_ALL = 0xffffffff
_HDR = struct.Struct("=IHHII")
_ATTR = struct.Struct("=HH")
_NLMSG_ERROR, _NLMSG_DONE = 2, 3
_SOCK_DIAG_BY_FAMILY, _TCPDIAG_GETSOCK, _DCCPDIAG_GETSOCK = 20, 18, 19
_AF_UNIX, _AF_INET, _AF_NETLINK, _AF_PACKET, _AF_INET6 = 1, 2, 16, 17, 10
_INET_PROTOCOLS = (6, 17, 255, 33, 132, 136, 262)  # TCP UDP RAW DCCP SCTP UDPLITE MPTCP
_INET_DIAG_REQ_PROTOCOL = 3
# TCP: its families' dumps are cut from TCPDIAG_GETSOCK's.  (DCCP's are held
# on their own too: without the dccp module the two requests fail differently.)
_ONE_WALK = (6,)


class SnapshotMiss(ReplayMiss):
    """What a command needs that the snapshot does not hold (said in one line)."""


def full_dump_requests():
    """(what, request) for every sock_diag table whole: every state, every extension."""
    from pynettools.kernel import sockdiag

    requests = []
    # TCP and DCCP both families in one walk (the old TCPDIAG_GETSOCK, whose
    # compat path dumps AF_UNSPEC): a family's own TCP dump is the same
    # messages in the same order, so it is cut from this one (_ONE_WALK)
    # instead of being held twice (a 100k-socket machine's TCP table is
    # about 45 MB with every extension).
    for protocol in (6, 33):
        requests.append(("inet+inet6 protocol %d dump" % protocol, sockdiag.tcpdiag_request(protocol, _ALL, 0xff)))
    for family, name in ((_AF_INET, "inet"), (_AF_INET6, "inet6")):
        for protocol in _INET_PROTOCOLS:
            if protocol not in _ONE_WALK:
                requests.append(("%s protocol %d dump" % (name, protocol),
                                 sockdiag.inet_request(family, protocol, _ALL, 0xff)))
    requests.append(("unix dump", sockdiag.unix_request(_ALL, _ALL)))
    requests.append(("packet dump", sockdiag.packet_request(_ALL)))
    requests.append(("netlink dump", sockdiag.netlink_request(_ALL)))
    return requests


def take_full_dumps(kernel):
    """Ask for every whole sock_diag table (recorded by the recording kernel;
    a refusal, such as a protocol whose module is not loaded, is recorded too)."""
    for what, request in full_dump_requests():
        try:
            for _buf in kernel.netlink_dump(NETLINK_SOCK_DIAG, request, what="snapshot " + what):
                pass
        except OSError:
            pass


def derive(replay, op, key, directory, live=None):
    """The seam entry answering (op, key), cut from the snapshot's tables, or
    SnapshotMiss; live(): the live answer, for what is not the machine's state."""
    if op == "netlink":
        protocol, _, rest = key.partition(":")
        entry = None
        if protocol == str(NETLINK_SOCK_DIAG) and not rest.startswith(("talk:", "listen:")):
            entry = _sock_diag(replay, bytes.fromhex(rest.split(":")[0]))
        elif protocol == str(NETLINK_ROUTE) and rest.startswith("talk:"):
            entry = _rtnl_talk(replay, bytes.fromhex(rest[5:]))
        elif protocol == str(NETLINK_ROUTE) and ":" not in rest:
            entry = _rtnl_dump(replay, _as_strict(bytes.fromhex(rest)))
        elif protocol == str(NETLINK_ROUTE) and rest.endswith(":strict"):
            entry = _rtnl_dump(replay, bytes.fromhex(rest.split(":")[0]))
        if entry is not None:
            return dict(entry, op=op, key=key)
    elif op in _FILE_OPS:
        entry = _file_entry(replay, key, live)
        if entry is not None:
            return dict(entry, op=op, key=key)
    elif op == "ioctl":
        entry = _ioctl_entry(replay, key)
        if entry is not None:
            return dict(entry, op=op, key=key)
    elif op == "lookup":
        entry = _lookup_entry(replay, key, live)
        if entry is not None:
            return dict(entry, op=op, key=key)
    raise SnapshotMiss("the snapshot in %s does not hold %s" % (directory, describe(op, key)))


# ---- files and lookups ------------------------------------------------------------
#
# A snapshot holds the machine's state: /proc, /sys, /etc, /run.  Any other
# path is the user's own input (an ip -batch file, an ss -F filter file, a
# PROC_ROOT copy) or this machine's software (ip -V's libbpf), and so is
# /proc/self (the process replaying): those are read here, live.

_FILE_OPS = ("read", "listdir", "readlink", "readlinks")
_MACHINE_STATE = ("/proc/", "/sys/", "/etc/", "/run/", "/var/run/")


def _file_entry(replay, path, live):
    if not path.startswith(_MACHINE_STATE) or path == "/proc/self" or path.startswith("/proc/self/"):
        return _live_entry(live)
    missing = _missing_from_listing(replay, path)
    if missing:
        return {"error": {"type": "OSError", "errno": 2, "strerror": "No such file or directory",
                          "filename": path}}
    return None


def _live_entry(live):
    """live()'s answer (or error) as a seam entry; None when there is no live()."""
    if live is None:
        return None
    from pynettools.kernel import seam
    from pynettools.kernel.recording import FORMAT, encode_value

    try:
        answer = live()
    except (OSError, KeyError) as err:
        return {"error": seam._error_record(err)}
    if isinstance(answer, (str, bytes)):
        return {"data": answer}
    return {"value": encode_value(answer), "format": FORMAT}


def _missing_from_listing(replay, path):
    """True when a directory above `path` was listed in the snapshot without it
    (/proc/net/ax25_route on a machine without AX.25): the file did not exist."""
    parts = path.split("/")
    for depth in range(2, len(parts)):
        directory = "/".join(parts[:depth])
        listing = replay.get(("listdir", directory))
        if listing and "value" in listing[0]:
            if parts[depth] not in listing[0]["value"]:
                return True
    return False


# Lookups about the process replaying, not the machine: answered live.
_OWN_LOOKUPS = ("getuid", "geteuid", "random", "locale_installed", "readpassphrase", "ftell_stdin")


def _lookup_entry(replay, key, live):
    """The clock reads the snapshot's moment; a wait (netstat -c, lsof -r) does not wait."""
    key = key.split("|", 1)[-1]  # the tool's scope (seam.Kernel.lookup_scope) aside
    name = key.split(":", 1)[0]
    if name in _OWN_LOOKUPS or name.startswith("getaddrinfo") and _numeric_host(key):
        return _live_entry(live)
    if name == "time":
        import calendar
        import time

        started = replay[("snapshot", None)]["started"]
        return {"value": float(calendar.timegm(time.strptime(started, "%Y-%m-%dT%H:%M:%SZ")))}
    if name == "sleep":
        return {"value": None}
    if name in ("if_nametoindex", "if_indextoname"):
        return _interface_lookup(replay, name, key)
    return None


def _numeric_host(key):
    """True when a lookup's first argument is an address literal: getaddrinfo()
    answers it alike on every machine, with no name service asked."""
    import ast
    import ipaddress

    try:
        args = ast.literal_eval(key.split(":", 1)[1])
        ipaddress.ip_address(str(args[0]).split("%", 1)[0])
    except (ValueError, SyntaxError, IndexError, TypeError):
        return False
    return True


def _interface_lookup(replay, name, key):
    """if_nametoindex()/if_indextoname() answered from a link dump of the snapshot."""
    import ast

    try:
        (argument,) = ast.literal_eval(key.split(":", 1)[1])
    except (ValueError, SyntaxError):
        return None
    links = _links(replay)
    if links is None:
        return None
    for index, link_name, _master in links:
        if name == "if_nametoindex" and link_name == argument:
            return {"value": index}
        if name == "if_indextoname" and index == argument:
            return {"value": link_name}
    if name == "if_nametoindex":  # as Python's socket.if_nametoindex() fails
        return {"error": {"type": "OSError", "errno": None, "strerror": "no interface with this name"}}
    return {"error": {"type": "OSError", "errno": 6, "strerror": "No such device or address"}}


def _ioctl_entry(replay, key):
    """An interface ioctl (SIOCGIFFLAGS...) for a name no link of the snapshot
    has fails as the kernel fails it: ENODEV (ifconfig nosuch0)."""
    request, _, argument = key.partition(":")
    if not request.startswith("SIOCGIF") or request == "SIOCGIFCONF":
        return None
    try:
        name = bytes.fromhex(argument)[:16].split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    except ValueError:
        return None
    links = _links(replay)
    if links is None or any(name == link_name for _index, link_name, _master in links):
        return None
    return {"error": {"type": "OSError", "errno": 19, "strerror": "No such device"}}


def _links(replay):
    """[(ifindex, name, master ifindex or 0)] from a link dump of the snapshot (None without one)."""
    for _header, _attrs, entry in _route_dumps(replay, _RTM_GETLINK):
        if "error" in entry:
            continue
        links = []
        for buf in entry.get("data") or []:
            for message in _messages(buf):
                if _HDR.unpack_from(message)[1] == 16:  # RTM_NEWLINK
                    attrs = _attributes(message, 32)
                    name = (attrs.get(_IFLA_IFNAME) or b"").rstrip(b"\0").decode("utf-8", "surrogateescape")
                    links.append((struct.unpack_from("=i", message, 20)[0], name, _u32(attrs.get(_IFLA_MASTER)) or 0))
        return links
    return None


def describe(op, key):
    """What a read is, in words, for the one-line message."""
    if op == "netlink":
        protocol, _, rest = key.partition(":")
        names = {"0": "rtnetlink", "4": "sock_diag", "16": "generic netlink"}
        kind, _, request = rest.partition(":") if rest.startswith(("talk:", "listen:")) else ("dump", "", rest)
        try:
            msg_type = _HDR.unpack_from(bytes.fromhex(request.split(":")[0]))[1]
        except (ValueError, struct.error):
            msg_type = "?"
        family = ""
        if protocol == "4" and kind == "dump":
            family = ", family %d" % bytes.fromhex(request.split(":")[0])[_HDR.size]
        return "a %s %s (message type %s%s)" % (names.get(protocol, "netlink %s" % protocol), kind, msg_type, family)
    if op == "net":
        return "network traffic (%s): a snapshot holds the machine's state, not its network" % key.split(":")[0]
    if op in ("read", "listdir", "readlink", "readlinks"):
        return "%s (%s)" % (key, op)
    if op == "lookup":
        return "lookup %s" % key.split("|", 1)[-1]  # without the tool's scope
    return "%s %s" % (op, key)


def renumbered(buffers, seq):
    """The reply buffers with every message's sequence number set to `seq`."""
    for buf in buffers:
        parts = []
        for message in _messages(buf):
            header = list(_HDR.unpack_from(message))
            header[3] = seq
            parts.append(_padded(_HDR.pack(*header) + message[_HDR.size:]))
        yield b"".join(parts)


# ---- sock_diag ------------------------------------------------------------------

def _sock_diag(replay, request):
    """The entry for a sock_diag dump request, from the whole table; None if no table fits."""
    msg_type = _HDR.unpack_from(request)[1]
    body = request[_HDR.size:]
    if msg_type in (_TCPDIAG_GETSOCK, _DCCPDIAG_GETSOCK):
        from pynettools.kernel import sockdiag

        protocol = 6 if msg_type == _TCPDIAG_GETSOCK else 33
        states = struct.unpack_from("=I", body, 52)[0]
        whole = sockdiag.tcpdiag_request(protocol, _ALL, 0xff)
        return _cut(replay, whole, _inet_cutter(body[3], states))
    if msg_type != _SOCK_DIAG_BY_FAMILY:
        return None
    family = body[0]
    if family in _OTHER_FAMILIES:
        return _other_family(replay, request, family)
    if family in (_AF_INET, _AF_INET6) and _inet_protocol(body) in _ONE_WALK:
        from pynettools.kernel import sockdiag

        whole = sockdiag.tcpdiag_request(_inet_protocol(body), _ALL, 0xff)
        return _cut(replay, whole, _only_family(family, _inet_cutter(body[2], struct.unpack_from("=I", body, 4)[0])))
    for what, whole in full_dump_requests():
        whole_body = whole[_HDR.size:]
        if _HDR.unpack_from(whole)[1] != _SOCK_DIAG_BY_FAMILY or whole_body[0] != family:
            continue
        if family in (_AF_INET, _AF_INET6):
            if _inet_protocol(whole_body) != _inet_protocol(body):
                continue
            return _cut(replay, whole, _inet_cutter(body[2], struct.unpack_from("=I", body, 4)[0]))
        if family == _AF_UNIX:
            states, show = struct.unpack_from("=I", body, 4)[0], struct.unpack_from("=I", body, 12)[0]
            return _cut(replay, whole, _unix_cutter(states, show))
        if family == _AF_PACKET:
            return _cut(replay, whole, _shown_cutter(16, _PACKET_SHOWN, struct.unpack_from("=I", body, 8)[0]))
        if family == _AF_NETLINK:
            protocol = body[1]
            cutter = _shown_cutter(28, _NETLINK_SHOWN, struct.unpack_from("=I", body, 8)[0])
            return _cut(replay, whole, cutter if protocol == 255 else _only_protocol(protocol, cutter))
    return None


_AF_VSOCK = 40
_OTHER_FAMILIES = (30, _AF_VSOCK, 44)  # TIPC, VSOCK, XDP: asked for as the listings asked


def _other_family(replay, request, family):
    """A family without a whole dump: the listings' own request's answer.  A
    family the kernel refused (its module not loaded: ENOENT) refuses every
    request; vsock's answer is cut by state."""
    for (op, key), entries in replay.items():
        if op != "netlink" or not key.startswith("4:"):
            continue
        held = bytes.fromhex(key[2:].split(":")[0])
        if _HDR.unpack_from(held)[1] != _SOCK_DIAG_BY_FAMILY or held[_HDR.size] != family:
            continue
        if "error" in entries[0]:
            return {k: v for k, v in entries[0].items() if k in ("error", "format", "data")}
        if family == _AF_VSOCK:
            states = struct.unpack_from("=I", request, _HDR.size + 4)[0]
            if states & struct.unpack_from("=I", held, _HDR.size + 4)[0] == states:
                return _cut(replay, held, lambda message: message if states & (1 << message[18]) else None)
    return None


def _inet_protocol(body):
    """The protocol an inet_diag_req_v2 asks for (above 255: in INET_DIAG_REQ_PROTOCOL)."""
    offset = 56
    while offset + 4 <= len(body):
        length, kind = _ATTR.unpack_from(body, offset)
        if length < 4:
            break
        if kind == _INET_DIAG_REQ_PROTOCOL and length >= 8:
            return struct.unpack_from("=I", body, offset + 4)[0]
        offset += (length + 3) & ~3
    return body[1]


# inet_diag attributes the kernel adds only when idiag_ext asks (inet_sk_diag_fill):
# type -> the ext bits of which one must be set.  Others it always adds.
_INFO, _VEGAS, _TCLASS = 1 << 1, 1 << 2, 1 << 5
_INET_ASKED = {1: 1 << 0, 2: _INFO, 3: _VEGAS | _INFO, 4: 1 << 3, 5: 1 << 4, 6: _TCLASS, 7: 1 << 6,
               9: _VEGAS | _INFO, 16: _VEGAS | _INFO, 17: _TCLASS, 18: _INFO, 19: _INFO}
# unix_diag: attribute type -> UDIAG_SHOW_* bit (UNIX_DIAG_SHUTDOWN, 6, comes always)
_UNIX_SHOWN = {0: 0x1, 1: 0x2, 2: 0x4, 3: 0x8, 4: 0x10, 5: 0x20, 7: 0x40}
# packet_diag: attribute -> PACKET_SHOW_* bit (PACKET_DIAG_UID, 5, comes always)
_PACKET_SHOWN = {0: 0x1, 1: 0x2, 2: 0x4, 3: 0x4, 4: 0x8, 6: 0x10, 7: 0x20}
# netlink_diag: attribute -> NDIAG_SHOW_* bit
_NETLINK_SHOWN = {0: 0x1, 1: 0x2, 2: 0x4, 3: 0x4, 4: 0x8}


def _inet_cutter(ext, states):
    def cut(message):
        if not states & (1 << message[17]):
            return None
        return _keep_attributes(message, 16 + 72, lambda kind: kind not in _INET_ASKED or ext & _INET_ASKED[kind])
    return cut


def _unix_cutter(states, show):
    def cut(message):
        if not states & (1 << message[18]):
            return None
        return _keep_attributes(message, 16 + 16, lambda kind: kind not in _UNIX_SHOWN or show & _UNIX_SHOWN[kind])
    return cut


def _shown_cutter(header_size, shown, show):
    def cut(message):
        return _keep_attributes(message, 16 + header_size, lambda kind: kind not in shown or show & shown[kind])
    return cut


def _only_family(family, cutter):
    def cut(message):
        return cutter(message) if message[16] == family else None
    return cut


def _only_protocol(protocol, cutter):
    def cut(message):
        return cutter(message) if message[18] == protocol else None
    return cut


def _keep_attributes(message, start, wanted):
    """The message with only the attributes wanted(type) keeps, its length set anew."""
    kept = [message[_HDR.size:start]]
    offset = start
    while offset + 4 <= len(message):
        length, kind = _ATTR.unpack_from(message, offset)
        if length < 4:
            break
        padded = (length + 3) & ~3
        if wanted(kind & 0x3fff):
            kept.append(message[offset:offset + padded])
        offset += padded
    body = b"".join(kept)
    header = _HDR.unpack_from(message)
    return _HDR.pack(_HDR.size + len(body), *header[1:]) + body


def _cut(replay, whole_request, cut):
    """The whole table's entry, each reply buffer cut message by message; None if not in the snapshot."""
    entries = replay.get(("netlink", "%d:%s" % (NETLINK_SOCK_DIAG, _request_key(whole_request))))
    if not entries:
        return None
    entry = entries[0]
    cut_entry = {k: v for k, v in entry.items() if k in ("error", "format")}
    buffers = [_cut_buffer(buf, cut) for buf in entry.get("data") or []]
    cut_entry["data"] = [buf for buf in buffers if buf]  # a buffer all cut away is not read at all
    return cut_entry


def _cut_buffer(buf, cut):
    parts = []
    offset = 0
    while offset + _HDR.size <= len(buf):
        length, msg_type = _HDR.unpack_from(buf, offset)[:2]
        if length < _HDR.size:
            break
        message = buf[offset:offset + length]
        if msg_type in (_NLMSG_DONE, _NLMSG_ERROR):
            parts.append(message)
        else:
            kept = cut(message)
            if kept is not None:
                parts.append(kept)
        offset += (length + 3) & ~3
    return b"".join(_padded(part) for part in parts)


def _padded(message):
    return message + b"\0" * (-len(message) % 4)


# ---- rtnetlink ------------------------------------------------------------------
#
# ip asks with strict checking on (rtnl_set_strict_dump), so the kernel itself
# filters a dump by what the request's header and attributes name: a family,
# an interface index, a table, a master.  The snapshot holds each message
# type's dump unfiltered (per family, as ip asked for it while the snapshot
# was taken); the same filters applied to it give the filtered dump.

_RTM_GETLINK, _RTM_GETADDR, _RTM_GETROUTE, _RTM_GETNEIGH, _RTM_GETSTATS = 18, 22, 26, 30, 94
_HEADER_SIZES = {_RTM_GETLINK: 16, _RTM_GETADDR: 8, _RTM_GETROUTE: 12, _RTM_GETNEIGH: 12, _RTM_GETSTATS: 12}
_IFLA_IFNAME, _IFLA_STATS, _IFLA_MASTER, _IFLA_LINKINFO, _IFLA_STATS64 = 3, 7, 10, 18, 23
_IFLA_EXT_MASK, _IFLA_PROP_LIST, _IFLA_ALT_IFNAME, _IFLA_INFO_KIND = 29, 52, 53, 1
_RTEXT_FILTER_VF, _RTEXT_FILTER_SKIP_STATS = 1, 8
_RTA_OIF, _RTA_TABLE = 4, 15
_NDA_IFINDEX, _NDA_MASTER = 8, 9
_ENODEV = 19


def _attributes(data, offset=0):
    """{type: payload} of the attributes from `offset` to the end (the first of each type)."""
    from pynettools.kernel.netlink import attributes

    return attributes(data, offset, len(data))


def _u32(payload):
    return struct.unpack_from("=I", payload)[0] if payload is not None and len(payload) >= 4 else None


def _route_dumps(replay, msg_type):
    """[(header, attributes, entry)] of the snapshot's unfiltered dumps of msg_type."""
    found = []
    for (op, key), entries in replay.items():
        if op != "netlink" or not key.startswith("0:") or not key.endswith(":strict"):
            continue
        request = bytes.fromhex(key[2:-len(":strict")])
        if _HDR.unpack_from(request)[1] != msg_type:
            continue
        size = _HEADER_SIZES[msg_type]
        header = request[_HDR.size:_HDR.size + size]
        found.append((header, _attributes(request, _HDR.size + size), entries[0]))
    return found


def _as_strict(request):
    """A dump sent without strict checking (ip addr save) as the strict request
    the kernel would answer alike: such a dump filters by family only (and the
    route cache flag), whatever else its header says; None for the kinds whose
    legacy dumps still read filters from attributes (links, neighbours)."""
    msg_type = _HDR.unpack_from(request)[1]
    size = _HEADER_SIZES.get(msg_type)
    if msg_type not in (_RTM_GETADDR, _RTM_GETROUTE):
        return request if size and not any(request[_HDR.size + 1:]) else None
    header = bytearray(size)
    header[0] = request[_HDR.size]
    if msg_type == _RTM_GETROUTE:
        header[8:12] = request[_HDR.size + 8:_HDR.size + 12]
    return request[:_HDR.size] + bytes(header)


def _rtnl_dump(replay, request):
    if request is None:
        return None
    msg_type = _HDR.unpack_from(request)[1]
    if msg_type not in _HEADER_SIZES:
        return None
    size = _HEADER_SIZES[msg_type]
    header = request[_HDR.size:_HDR.size + size]
    asked = _attributes(request, _HDR.size + size)
    source = _dump_source(replay, msg_type, header, asked)
    if source is None:
        return None
    keep = _RTNL_FILTERS[msg_type](replay, header, asked, source)
    if keep is None or isinstance(keep, dict):
        return keep  # no way to cut it, or the kernel's refusal
    if getattr(keep, "filtered", False):
        keep = _flagged_filtered(keep)
    entry = {k: v for k, v in source[2].items() if k in ("error", "format")}
    buffers = [_cut_buffer(buf, keep) for buf in source[2].get("data") or []]
    entry["data"] = [buf for buf in buffers if buf]
    missing = _missing_table(msg_type, header, asked, source[2])
    if missing:
        entry["data"] = [missing]
    return entry


# A dump of one table that does not exist ends in an error, for a request of
# that family only (inet_dump_fib, ipmr_rtm_dumproute...): family -> what
# the kernel says, and the tables that always exist.
_NO_TABLE = {_AF_INET: ("ipv4: FIB table does not exist", (254, 255)),
             _AF_INET6: ("ipv6: FIB table does not exist", (254, 255)),
             128: ("ipv4: MR table does not exist", (253,))}
# (IPv6 multicast routing: a kernel without CONFIG_IPV6_MROUTE_MULTIPLE_TABLES,
# as this one, answers any table id with its one table, so no error.)


def _refused(errno, strerror):
    """The entry of a dump request the kernel refuses (an NLMSG_ERROR: raised as OSError)."""
    return {"data": [], "error": {"type": "OSError", "errno": errno, "strerror": strerror}}


def _flagged_filtered(keep):
    """A filter the kernel applied marks each message NLM_F_DUMP_FILTERED (ip
    warns "Kernel does not support filtering by master device" without it)."""
    def flagged(message):
        kept = keep(message)
        if kept is None:
            return None
        length, msg_type, flags, seq, pid = _HDR.unpack_from(kept)
        return _HDR.pack(length, msg_type, flags | 0x20, seq, pid) + kept[_HDR.size:]
    return flagged


def _missing_table(msg_type, header, asked, source):
    """The kernel's NLMSG_DONE carrying -ENOENT and its message, when the request
    names a table that does not exist; None otherwise.  A table exists here
    when it always does or a route of the whole dump is in it."""
    family = header[0]
    if msg_type != _RTM_GETROUTE or "error" in source or family not in _NO_TABLE:
        return None
    table = _u32(asked.get(_RTA_TABLE)) or header[4]
    message, always = _NO_TABLE[family]
    if not table or table in always:
        return None
    done = None
    for buf in source.get("data") or []:
        for reply in _messages(buf):
            if _HDR.unpack_from(reply)[1] == _NLMSG_DONE:
                done = reply
            elif reply[16] == family and (_u32(_attributes(reply, 28).get(_RTA_TABLE)) or reply[20]) == table:
                return None
    if done is None:
        return None
    seq, pid = _HDR.unpack_from(done)[3:5]
    text = message.encode() + b"\0"
    attribute = _padded(_ATTR.pack(4 + len(text), 1) + text)  # NLMSGERR_ATTR_MSG
    body = struct.pack("=i", -2) + attribute
    # NLM_F_MULTI | NLM_F_DUMP_FILTERED | NLM_F_ACK_TLVS, as the kernel sends it
    return _HDR.pack(_HDR.size + len(body), _NLMSG_DONE, 0x222, seq, pid) + body


# The families with a dump handler of their own, per message type: a request
# for another family gets PF_UNSPEC's, which dumps every family (ip -0 addr).
_OWN_FAMILIES = {_RTM_GETADDR: (_AF_INET, _AF_INET6), _RTM_GETROUTE: (_AF_INET, _AF_INET6, 28, 128, 129)}


def _family(msg_type, header):
    family = header[0]
    own = _OWN_FAMILIES.get(msg_type)
    return family if own is None or family in own else 0


# Header bytes that choose another table rather than filter one: the route
# cache (rtm_flags RTM_F_CLONED), the proxy neighbours (ndm_flags NTF_PROXY),
# the statistics a RTM_GETSTATS asks for (filter_mask).
_TABLE_CHOOSERS = {_RTM_GETROUTE: slice(8, 12), _RTM_GETNEIGH: slice(10, 11), _RTM_GETSTATS: slice(8, 12)}


def _dump_source(replay, msg_type, header, asked):
    """The unfiltered dump to cut a request's answer from: the same message type,
    the request's family (or all families), the same non-filtering attributes."""
    family = _family(msg_type, header)
    best = None
    chooser = _TABLE_CHOOSERS.get(msg_type)
    for source_header, source_attrs, entry in _route_dumps(replay, msg_type):
        rest = bytearray(source_header)
        if chooser is not None:
            if source_header[chooser] != header[chooser]:
                continue  # another table: the route cache, the proxies, other statistics
            rest[chooser] = bytes(len(rest[chooser]))
        if any(rest[1:]):
            continue  # a filtered dump itself
        if msg_type == _RTM_GETLINK:
            if not _link_attrs_fit(source_attrs, asked):
                continue
            return source_header, source_attrs, entry  # GETLINK ignores the family (PF_UNSPEC's handler)
        if msg_type == _RTM_GETSTATS:
            if source_attrs != asked:
                continue
            return source_header, source_attrs, entry
        if source_attrs:
            continue
        if source_header[0] == family:
            return source_header, source_attrs, entry
        if source_header[0] == 0 and best is None:
            best = (source_header, source_attrs, entry)
    return best


def _link_attrs_fit(source_attrs, asked):
    """A link dump whose IFLA_EXT_MASK gives at least what the request's would
    (the statistics or VF attributes it has and the request did not ask for
    are cut, _link_cut): no other attribute (a filter) in the source."""
    if set(source_attrs) - {_IFLA_EXT_MASK}:
        return False
    have = _u32(source_attrs.get(_IFLA_EXT_MASK)) or 0
    want = _u32(asked.get(_IFLA_EXT_MASK)) or 0
    if want & _RTEXT_FILTER_VF and not have & _RTEXT_FILTER_VF:
        return False
    if (have | want) & ~(_RTEXT_FILTER_VF | _RTEXT_FILTER_SKIP_STATS) and \
            (have & ~_RTEXT_FILTER_SKIP_STATS) != (want & ~_RTEXT_FILTER_SKIP_STATS):
        return False
    return not (have & _RTEXT_FILTER_SKIP_STATS) or want & _RTEXT_FILTER_SKIP_STATS


def _link_cut(have, want):
    """The attribute types a link message of mask `have` holds and one of mask `want` would not."""
    cut = set()
    if want & _RTEXT_FILTER_SKIP_STATS and not have & _RTEXT_FILTER_SKIP_STATS:
        cut |= {_IFLA_STATS, _IFLA_STATS64}
    if have & _RTEXT_FILTER_VF and not want & _RTEXT_FILTER_VF:
        cut |= {21, 22, 24}  # IFLA_NUM_VF, IFLA_VFINFO_LIST, IFLA_VF_PORTS
    return cut


def _link_filter(replay, header, asked, source):
    master = _u32(asked.get(_IFLA_MASTER))
    kind = None
    if _IFLA_LINKINFO in asked:
        kind = _attributes(asked[_IFLA_LINKINFO]).get(_IFLA_INFO_KIND, b"").rstrip(b"\0")
    if set(asked) - {_IFLA_EXT_MASK, _IFLA_MASTER, _IFLA_LINKINFO}:
        return None
    strip = _link_cut(_u32(source[1].get(_IFLA_EXT_MASK)) or 0, _u32(asked.get(_IFLA_EXT_MASK)) or 0)

    def keep(message):
        attrs = _attributes(message, 32)
        if master and not _master_fits(_u32(attrs.get(_IFLA_MASTER)) or 0, master):
            return None
        if kind is not None:
            info = _attributes(attrs.get(_IFLA_LINKINFO) or b"")
            if info.get(_IFLA_INFO_KIND, b"").rstrip(b"\0") != kind:
                return None
        if strip:
            return _keep_attributes(message, 32, lambda t: t not in strip)
        return message
    keep.filtered = bool(master or kind is not None)  # rtnl_dump_ifinfo
    return keep


def _addr_filter(replay, header, asked, source):
    family, index = _family(_RTM_GETADDR, header), struct.unpack_from("=I", header, 4)[0]
    if asked or any(header[1:4]):
        return None

    def keep(message):
        if family and message[16] != family:
            return None
        if index and struct.unpack_from("=I", message, 20)[0] != index:
            return None
        return message
    keep.filtered = bool(index)  # inet_dump_ifaddr
    return keep


def _route_filter(replay, header, asked, source):
    family, table, protocol, _scope, route_type = _family(_RTM_GETROUTE, header), header[4], header[5], \
        header[6], header[7]
    if set(asked) - {_RTA_TABLE, _RTA_OIF}:
        return None
    table = _u32(asked.get(_RTA_TABLE)) or table
    oif = _u32(asked.get(_RTA_OIF))
    if oif and oif not in (_link_masters(replay) or {}):
        return _refused(19, "No such device")  # ip_valid_fib_dump_req(): no such RTA_OIF

    def keep(message):
        if family and message[16] != family:
            return None
        if protocol and message[21] != protocol or route_type and message[23] != route_type:
            return None
        attrs = _attributes(message, 28) if table or oif else {}
        if table and (_u32(attrs.get(_RTA_TABLE)) or message[20]) != table:
            return None
        if oif and _u32(attrs.get(_RTA_OIF)) != oif:
            return None
        return message
    keep.filtered = bool(table or protocol or route_type or oif)  # the fib dump's filter_set
    return keep


def _neigh_filter(replay, header, asked, source):
    family = header[0]
    if set(asked) - {_NDA_IFINDEX, _NDA_MASTER}:
        return None
    index = _u32(asked.get(_NDA_IFINDEX))
    master = _u32(asked.get(_NDA_MASTER))
    masters = _link_masters(replay) if master is not None else {}
    if masters is None:
        return None

    def keep(message):
        if family and message[16] != family:
            return None
        device = struct.unpack_from("=I", message, 20)[0]
        if index and device != index or master and not _master_fits(masters.get(device, 0), master):
            return None
        return message
    keep.filtered = bool(index or master)  # neigh_dump_table
    return keep


def _master_fits(master, wanted):
    """link_master_filtered(): a master index keeps its ports; -1 ("nomaster")
    keeps the devices without one."""
    return master == 0 if wanted == 0xffffffff else master == wanted


def _link_masters(replay):
    """{ifindex: master ifindex} from a link dump of the snapshot (None without one)."""
    links = _links(replay)
    return None if links is None else {index: master for index, _name, master in links}


def _stats_filter(replay, header, asked, source):
    index = struct.unpack_from("=I", header, 4)[0]

    def keep(message):
        return message if not index or struct.unpack_from("=I", message, 20)[0] == index else None
    return keep


_RTNL_FILTERS = {_RTM_GETLINK: _link_filter, _RTM_GETADDR: _addr_filter, _RTM_GETROUTE: _route_filter,
                 _RTM_GETNEIGH: _neigh_filter, _RTM_GETSTATS: _stats_filter}


def _messages(buf):
    offset = 0
    while offset + _HDR.size <= len(buf):
        length = _HDR.unpack_from(buf, offset)[0]
        if length < _HDR.size:
            break
        yield buf[offset:offset + length]
        offset += (length + 3) & ~3


def _link_names(attrs):
    """A link's name and its alternative names (IFLA_PROP_LIST): the kernel finds it by any."""
    names = [(attrs.get(_IFLA_IFNAME) or b"").rstrip(b"\0")]
    offset, props = 0, attrs.get(_IFLA_PROP_LIST) or b""
    while offset + 4 <= len(props):
        length, kind = _ATTR.unpack_from(props, offset)
        if length < 4:
            break
        if kind & 0x3fff == _IFLA_ALT_IFNAME:
            names.append(props[offset + 4:offset + length].rstrip(b"\0"))
        offset += (length + 3) & ~3
    return names


def _rtnl_talk(replay, request):
    """`ip link show dev X` asks for one link (RTM_GETLINK by index or name): the
    message from a link dump, or the kernel's ENODEV when there is none."""
    length, msg_type, _flags, seq, pid = _HDR.unpack_from(request)
    if msg_type != _RTM_GETLINK:
        return None
    header = request[_HDR.size:_HDR.size + 16]
    asked = _attributes(request, _HDR.size + 16)
    if set(asked) - {_IFLA_EXT_MASK, _IFLA_IFNAME, _IFLA_ALT_IFNAME}:
        return None
    source = _dump_source(replay, _RTM_GETLINK, bytes(16), {k: v for k, v in asked.items() if k == _IFLA_EXT_MASK})
    if source is None or "error" in source[2]:
        return None
    index = struct.unpack_from("=i", header, 4)[0]
    name = (asked.get(_IFLA_IFNAME) or asked.get(_IFLA_ALT_IFNAME) or b"").rstrip(b"\0")
    strip = _link_filter(replay, bytes(16), {k: v for k, v in asked.items() if k == _IFLA_EXT_MASK}, source)
    for buf in source[2].get("data") or []:
        for message in _messages(buf):
            if _HDR.unpack_from(message)[1] != 16:
                continue
            attrs = _attributes(message, 32)
            if index and struct.unpack_from("=i", message, 20)[0] != index:
                continue
            if not index and name not in _link_names(attrs):
                continue
            found = strip(message)
            return {"data": [_HDR.pack(len(found), 16, 0, seq, pid) + found[_HDR.size:]]}
    # nlmsgerr: the error, then the request's header (NLM_F_CAPPED: without its body)
    error = _HDR.pack(_HDR.size + 4 + _HDR.size, _NLMSG_ERROR, 0x100, seq, pid)
    return {"data": [error + struct.pack("=i", -_ENODEV) + request[:_HDR.size]]}
