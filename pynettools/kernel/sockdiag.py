"""Reading the kernel's socket tables over sock_diag netlink (NETLINK_SOCK_DIAG = 4).

How ss asks the kernel about sockets
------------------------------------
One netlink socket of protocol NETLINK_SOCK_DIAG takes a SOCK_DIAG_BY_FAMILY
(type 20) request flagged NLM_F_DUMP.  The body after the 16-byte nlmsghdr
starts with the address family (sdiag_family); the kernel hands the request to
that family's diag module (inet_diag for AF_INET/AF_INET6, unix_diag,
packet_diag, netlink_diag, vsock_diag, xdp_diag, tipc) and answers with one
message per socket, many messages per recv() buffer, then NLMSG_DONE.

inet (TCP, UDP, RAW, SCTP, DCCP, MPTCP) asks with `struct inet_diag_req_v2`
(56 bytes): family, protocol, idiag_ext, pad, idiag_states and a 48-byte
socket id that only matters for single-socket queries.
  idiag_states is a bitmask with bit (1 << state) set for every TCP state
    wanted (1 ESTABLISHED ... 10 LISTEN ...); the kernel skips the others
    itself, so `ss -t` never sees listening sockets it would throw away.
    ss uses the same numbering for every socket kind (UDP "UNCONN" is
    TCP_CLOSE = 7, "ESTAB" is 1).
  idiag_ext asks for extensions, bit (1 << (attr - 1)) per attribute:
    INET_DIAG_MEMINFO/SKMEMINFO (-m), INET_DIAG_INFO (tcp_info, -i),
    INET_DIAG_VEGASINFO (also brings DCTCP and BBR info) and INET_DIAG_CONG
    (the congestion algorithm), INET_DIAG_TOS/TCLASS (--tos).
  An optional INET_DIAG_REQ_BYTECODE attribute carries a little filter
    program the kernel runs on every socket (ss compiles its EXPRESSION into
    it); INET_DIAG_REQ_PROTOCOL carries protocols above 255 (MPTCP is 262).
The answer, `struct inet_diag_msg` (72 bytes): family, state, timer, retrans,
the socket id (ports and addresses in network order, interface, a 64-bit
cookie), expires (ms), receive and send queue, uid, inode; then netlink
attributes (INET_DIAG_*), some always sent (SHUTDOWN, MARK for root,
CGROUP_ID, SOCKOPT, SKV6ONLY for listening/unbound IPv6 sockets), others only
when asked for.

The kernel modules may be missing: a dump of a protocol without a diag
handler ends with an error code (ENOENT) in NLMSG_DONE or an NLMSG_ERROR.
ss then retries with the pre-sock_diag TCPDIAG_GETSOCK request (type 18, only
for TCP and DCCP), and for RAW, UDP, unix, packet and netlink reads /proc/net
files instead (see the `proc_*` readers at the end).

Everything here goes through the kernel seam (kernel.netlink_dump,
kernel.read_text) and returns plain data; nothing prints.
"""
import struct

# The netlink plumbing every reader shares (pynettools/kernel/netlink.py);
# imported under the names ss's modules have always used.
from pynettools.kernel.netlink import (NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST,  # noqa: F401
                                       NLMSG_DONE, NLMSG_ERROR, NLMSG_HDR, NLMSG_HEAD, DumpError,
                                       attr_str, attr_u16, attr_u32, attr_u64, attributes, done_error,
                                       find_attribute, nested_attributes, raise_done_error, u32_of, u64_of)
from pynettools.kernel.netlink import Dump as _Dump
from pynettools.kernel.netlink import attribute as _attribute
from pynettools.kernel.netlink import request as _request

from pynettools.kernel.sockets import Sock

NETLINK_SOCK_DIAG = 4

SOCK_DIAG_BY_FAMILY = 20
SOCK_DESTROY = 21
TCPDIAG_GETSOCK = 18
DCCPDIAG_GETSOCK = 19

AF_UNIX = 1
AF_INET = 2
AF_INET6 = 10
AF_NETLINK = 16
AF_PACKET = 17
AF_TIPC = 30
AF_VSOCK = 40
AF_XDP = 44

IPPROTO_ICMP = 1
IPPROTO_TCP = 6
IPPROTO_UDP = 17
IPPROTO_DCCP = 33
IPPROTO_ICMPV6 = 58
IPPROTO_SCTP = 132
IPPROTO_RAW = 255
IPPROTO_MPTCP = 262

# inet_diag attributes (INET_DIAG_*).
INET_DIAG_MEMINFO = 1
INET_DIAG_INFO = 2
INET_DIAG_VEGASINFO = 3
INET_DIAG_CONG = 4
INET_DIAG_TOS = 5
INET_DIAG_TCLASS = 6
INET_DIAG_SKMEMINFO = 7
INET_DIAG_SHUTDOWN = 8
INET_DIAG_DCTCPINFO = 9
INET_DIAG_PROTOCOL = 10
INET_DIAG_SKV6ONLY = 11
INET_DIAG_LOCALS = 12
INET_DIAG_PEERS = 13
INET_DIAG_MARK = 15
INET_DIAG_BBRINFO = 16
INET_DIAG_CLASS_ID = 17
INET_DIAG_MD5SIG = 18
INET_DIAG_ULP_INFO = 19
INET_DIAG_CGROUP_ID = 21
INET_DIAG_SOCKOPT = 22

INET_DIAG_REQ_BYTECODE = 1
INET_DIAG_REQ_PROTOCOL = 3


def ext_bit(attribute):
    """The idiag_ext bit that asks for an attribute."""
    return 1 << (attribute - 1)


_INT = struct.Struct("=i")
_U16 = struct.Struct("=H")
_U32 = struct.Struct("=I")
_U64 = struct.Struct("=Q")


class Dump(_Dump):
    """A sock_diag dump: netlink.Dump on a NETLINK_SOCK_DIAG socket."""

    def __init__(self, kernel, request, what):
        _Dump.__init__(self, kernel, request, what, NETLINK_SOCK_DIAG)


# ---- inet (TCP, UDP, RAW, DCCP, SCTP, MPTCP) --------------------------------

# nlmsghdr and inet_diag_msg in one go.  Ports are big-endian on the wire; we
# read them native-endian and swap (see `swap16`), which is cheaper than a
# second unpack.
INET_MSG = struct.Struct("=IHHIIBBBBHH16s16sIIIIIIII")
INET_MSG_SIZE = INET_MSG.size  # 88: 16 + 72
# Indexes into the INET_MSG tuple.
I_LEN, I_TYPE, I_FLAGS = 0, 1, 2
I_FAMILY, I_STATE, I_TIMER, I_RETRANS = 5, 6, 7, 8
I_SPORT, I_DPORT, I_SRC, I_DST, I_IF = 9, 10, 11, 12, 13
I_COOKIE0, I_COOKIE1, I_EXPIRES, I_RQUEUE, I_WQUEUE, I_UID, I_INODE = 14, 15, 16, 17, 18, 19, 20


def swap16(value):
    """A 16-bit value read native-endian from a network-order field, put right."""
    return ((value & 0xff) << 8) | (value >> 8)


def inet_request(family, protocol, states, ext=0, bytecode=None):
    """A SOCK_DIAG_BY_FAMILY dump request for one inet protocol (inet_diag_req_v2).

    Protocols above 255 do not fit the one-byte sdiag_protocol field and go in
    an INET_DIAG_REQ_PROTOCOL attribute, as ss sends them.
    """
    body = struct.pack("=BBBBI", family, protocol if protocol <= 255 else 0, ext, 0, states)
    body += b"\0" * 48
    if bytecode:
        body += _attribute(INET_DIAG_REQ_BYTECODE, bytecode)
    if protocol > 255:
        body += _attribute(INET_DIAG_REQ_PROTOCOL, _U32.pack(protocol))
    return _request(SOCK_DIAG_BY_FAMILY, body)


def tcpdiag_request(protocol, states, ext=0, bytecode=None):
    """The old inet_diag request (TCPDIAG_GETSOCK / DCCPDIAG_GETSOCK), ss's fallback.

    `struct inet_diag_req`: family, src_len, dst_len, ext, socket id, states,
    dbs.  ss sends it with family AF_INET and gets IPv4 and IPv6 sockets.
    """
    msg_type = TCPDIAG_GETSOCK if protocol == IPPROTO_TCP else DCCPDIAG_GETSOCK
    body = struct.pack("=BBBB", AF_INET, 0, 0, ext) + b"\0" * 48 + struct.pack("=II", states, 0)
    if bytecode:
        body += _attribute(INET_DIAG_REQ_BYTECODE, bytecode)
    return _request(msg_type, body)


def destroy_request(family, protocol, header, raw_protocol=0):
    """SOCK_DESTROY for the socket an inet_diag message described (ss -K).

    The socket id (ports, addresses, interface, cookie) is copied from the
    dump; for RAW sockets the pad byte carries the raw protocol
    (struct inet_diag_req_raw).
    """
    src, dst = header[I_SRC], header[I_DST]
    body = struct.pack("=BBBBI", family, protocol, 0, raw_protocol, 0)
    body += struct.pack("=HH16s16sIII", header[I_SPORT], header[I_DPORT], src, dst, header[I_IF],
                        header[I_COOKIE0], header[I_COOKIE1])
    return _request(SOCK_DESTROY, body, flags=NLM_F_REQUEST | NLM_F_ACK)


def inet_messages(dump):
    """Yield (header tuple, buf, attributes start, attributes end) per socket.

    The header tuple is INET_MSG's (index it with the I_* constants).  This is
    the hot loop of `ss -tan` with 100k sockets: one unpack per socket, and the
    attributes are left in the buffer for the caller to look at if it wants.
    The nlmsghdr walk of Dump.messages() is written out again here on
    purpose (speed): going through it would add a generator step per socket.
    """
    unpack = INET_MSG.unpack_from
    head = NLMSG_HEAD.unpack_from
    done_code = 0
    for buf in dump.buffers():
        offset = 0
        end = len(buf)
        while offset + 16 <= end:
            length, msg_type, flags = head(buf, offset)
            if length < 16:
                break
            if msg_type == SOCK_DIAG_BY_FAMILY or msg_type == TCPDIAG_GETSOCK \
                    or msg_type == DCCPDIAG_GETSOCK:
                if flags & NLM_F_DUMP_INTR:
                    dump.interrupted = True
                if length >= INET_MSG_SIZE:
                    yield unpack(buf, offset), buf, offset + INET_MSG_SIZE, offset + length
            elif msg_type == NLMSG_DONE:
                done_code = done_error(buf, offset, length)
                break
            offset += (length + 3) & ~3
    # (the seam's generator has ended: it records the exchange only then)
    if done_code < 0:
        raise_done_error(done_code)


def inet_address(header, which):
    """The address bytes (4 or 16) of an inet_diag header: which is I_SRC or I_DST."""
    raw = header[which]
    return raw[:4] if header[I_FAMILY] == AF_INET else raw


def cookie(header):
    return (header[I_COOKIE1] << 32) | header[I_COOKIE0]


def inet_sock(header, attrs, netid):
    """A Sock for an inet_diag message (for the filter); `attrs` from attributes()."""
    mark = attrs.get(INET_DIAG_MARK)
    cgroup = attrs.get(INET_DIAG_CGROUP_ID)
    protocol = attrs.get(INET_DIAG_PROTOCOL)
    return Sock(netid, header[I_FAMILY], header[I_STATE],
                src=inet_address(header, I_SRC), sport=swap16(header[I_SPORT]),
                dst=inet_address(header, I_DST), dport=swap16(header[I_DPORT]),
                ifindex=header[I_IF],
                mark=attr_u32(mark) if mark else 0,
                cgroup_id=attr_u64(cgroup) if cgroup else 0,
                extra=attrs, protocol=protocol[0] if protocol else 0)


# struct tcp_info as iproute2 6.1 knows it (232 bytes).  Newer kernels send a
# longer one (ss ignores the tail); older ones a shorter one (ss pads it with
# zeros, and so do we).
TCP_INFO = struct.Struct("=8B24I4Q6IQ3Q2I2Q2III")
TCP_INFO_FIELDS = (
    "state", "ca_state", "retransmits", "probes", "backoff", "options", "wscale",
    "app_limited_byte",
    "rto", "ato", "snd_mss", "rcv_mss",
    "unacked", "sacked", "lost", "retrans", "fackets",
    "last_data_sent", "last_ack_sent", "last_data_recv", "last_ack_recv",
    "pmtu", "rcv_ssthresh", "rtt", "rttvar", "snd_ssthresh", "snd_cwnd", "advmss", "reordering",
    "rcv_rtt", "rcv_space", "total_retrans",
    "pacing_rate", "max_pacing_rate", "bytes_acked", "bytes_received",
    "segs_out", "segs_in", "notsent_bytes", "min_rtt", "data_segs_in", "data_segs_out",
    "delivery_rate", "busy_time", "rwnd_limited", "sndbuf_limited",
    "delivered", "delivered_ce", "bytes_sent", "bytes_retrans",
    "dsack_dups", "reord_seen", "rcv_ooopack", "snd_wnd",
)
TCPI_OPT_TIMESTAMPS = 1
TCPI_OPT_SACK = 2
TCPI_OPT_WSCALE = 4
TCPI_OPT_ECN = 8
TCPI_OPT_ECN_SEEN = 16
TCPI_OPT_SYN_DATA = 32


def tcp_info(payload):
    """INET_DIAG_INFO of a TCP socket as a dict of tcp_info fields.

    Two bitfield bytes are split: snd_wscale is the low nibble of byte 6 and
    rcv_wscale the high one; byte 7 bit 0 is delivery_rate_app_limited.
    """
    if len(payload) < TCP_INFO.size:
        payload = bytes(payload) + b"\0" * (TCP_INFO.size - len(payload))
    info = dict(zip(TCP_INFO_FIELDS, TCP_INFO.unpack_from(payload)))
    info["snd_wscale"] = info["wscale"] & 0xf
    info["rcv_wscale"] = info["wscale"] >> 4
    info["delivery_rate_app_limited"] = info["app_limited_byte"] & 1
    return info


MPTCP_INFO = struct.Struct("=6B2xIIQQQ")


def mptcp_info(payload):
    size = MPTCP_INFO.size
    if len(payload) < size:
        payload = bytes(payload) + b"\0" * (size - len(payload))
    names = ("subflows", "add_addr_signal", "add_addr_accepted", "subflows_max",
             "add_addr_signal_max", "add_addr_accepted_max", "flags", "token", "write_seq",
             "snd_una", "rcv_nxt")
    return dict(zip(names, MPTCP_INFO.unpack_from(payload)))


def u32_array(payload):
    count = len(payload) // 4
    return struct.unpack_from("=%dI" % count, payload)


# ---- unix -------------------------------------------------------------------

UDIAG_SHOW_NAME = 0x01
UDIAG_SHOW_VFS = 0x02
UDIAG_SHOW_PEER = 0x04
UDIAG_SHOW_ICONS = 0x08
UDIAG_SHOW_RQLEN = 0x10
UDIAG_SHOW_MEMINFO = 0x20

UNIX_DIAG_NAME = 0
UNIX_DIAG_VFS = 1
UNIX_DIAG_PEER = 2
UNIX_DIAG_ICONS = 3
UNIX_DIAG_RQLEN = 4
UNIX_DIAG_MEMINFO = 5
UNIX_DIAG_SHUTDOWN = 6

# nlmsghdr + unix_diag_msg: family, type, state, pad, inode, cookie[2].
UNIX_MSG = struct.Struct("=IHHIIBBBxIII")
UNIX_MSG_SIZE = UNIX_MSG.size


def unix_request(states, show):
    """struct unix_diag_req: family, protocol, pad, states, inode, show, cookie."""
    body = struct.pack("=BBHIIIII", AF_UNIX, 0, 0, states, 0, show, 0xffffffff, 0xffffffff)
    return _request(SOCK_DIAG_BY_FAMILY, body)


def unix_messages(dump):
    """Yield (type, state, inode, attributes dict) per unix socket."""
    unpack = UNIX_MSG.unpack_from
    for buf, offset, length in dump.messages(UNIX_MSG_SIZE):
        header = unpack(buf, offset)
        yield header[6], header[7], header[8], attributes(buf, offset + UNIX_MSG_SIZE,
                                                          offset + length)


def unix_basics(attrs):
    """(name, peer inode, rq, wq) of one unix socket's attributes, as ss
    shows them: name None when it has none, peer 0, queues 0 without
    UNIX_DIAG_RQLEN."""
    rq = wq = 0
    rqlen = attrs.get(UNIX_DIAG_RQLEN)
    if rqlen is not None:
        rq, wq = u32_array(rqlen[:8])
    name_attr = attrs.get(UNIX_DIAG_NAME)
    peer_attr = attrs.get(UNIX_DIAG_PEER)
    return (unix_name(name_attr) if name_attr is not None else None,
            attr_u32(peer_attr) if peer_attr is not None else 0, rq, wq)


def unix_name(payload):
    """UNIX_DIAG_NAME as ss shows it: abstract names start with '@'.

    The kernel sends the sun_path bytes; an abstract name starts with a NUL
    and may hold more, and ss turns every NUL of such a name into '@'.
    """
    raw = bytes(payload)
    if raw[:1] == b"\0":
        raw = raw.replace(b"\0", b"@")
    else:
        raw = raw.split(b"\0", 1)[0]
    return raw.decode("utf-8", "surrogateescape")


# ---- packet -----------------------------------------------------------------

PACKET_SHOW_INFO = 0x01
PACKET_SHOW_MCLIST = 0x02
PACKET_SHOW_RING_CFG = 0x04
PACKET_SHOW_FANOUT = 0x08
PACKET_SHOW_MEMINFO = 0x10
PACKET_SHOW_FILTER = 0x20

PACKET_DIAG_INFO = 0
PACKET_DIAG_MCLIST = 1
PACKET_DIAG_RX_RING = 2
PACKET_DIAG_TX_RING = 3
PACKET_DIAG_FANOUT = 4
PACKET_DIAG_UID = 5
PACKET_DIAG_MEMINFO = 6
PACKET_DIAG_FILTER = 7

PDI_RUNNING = 0x1
PDI_AUXDATA = 0x2
PDI_ORIGDEV = 0x4
PDI_VNETHDR = 0x8
PDI_LOSS = 0x10

# nlmsghdr + packet_diag_msg: family, type, num (protocol, host order), inode, cookie.
PACKET_MSG = struct.Struct("=IHHIIBBHIII")
PACKET_MSG_SIZE = PACKET_MSG.size
PACKET_INFO = struct.Struct("=IIIIII")  # index, version, reserve, copy_thresh, tstamp, flags
PACKET_RING = struct.Struct("=IIIIIII")  # block_size, block_nr, frame_size, frame_nr, retire_tmo,
#                                          sizeof_priv, features


def packet_request(show):
    body = struct.pack("=BBHIIII", AF_PACKET, 0, 0, 0, show, 0xffffffff, 0xffffffff)
    return _request(SOCK_DIAG_BY_FAMILY, body)


def packet_messages(dump):
    """Yield (type, protocol, inode, cookie, attributes dict) per packet socket."""
    unpack = PACKET_MSG.unpack_from
    for buf, offset, length in dump.messages(PACKET_MSG_SIZE):
        header = unpack(buf, offset)
        yield (header[6], header[7], header[8], (header[10] << 32) | header[9],
               attributes(buf, offset + PACKET_MSG_SIZE, offset + length))


# ---- netlink ----------------------------------------------------------------

NDIAG_SHOW_MEMINFO = 0x1
NDIAG_SHOW_GROUPS = 0x2
NDIAG_PROTO_ALL = 255
NETLINK_DIAG_MEMINFO = 0
NETLINK_DIAG_GROUPS = 1
NETLINK_CONNECTED = 1

# nlmsghdr + netlink_diag_msg: family, type, protocol, state, portid,
# dst_portid, dst_group, inode, cookie[2].
NETLINK_MSG = struct.Struct("=IHHIIBBBBiIIIII")
NETLINK_MSG_SIZE = NETLINK_MSG.size


def netlink_request(show):
    body = struct.pack("=BBHIIII", AF_NETLINK, NDIAG_PROTO_ALL, 0, 0, show, 0xffffffff,
                       0xffffffff)
    return _request(SOCK_DIAG_BY_FAMILY, body)


def netlink_messages(dump):
    """Yield (protocol, portid, state, dst_portid, dst_group, inode, attributes) per socket."""
    unpack = NETLINK_MSG.unpack_from
    for buf, offset, length in dump.messages(NETLINK_MSG_SIZE):
        h = unpack(buf, offset)
        yield (h[7], h[9], h[8], h[10], h[11], h[12],
               attributes(buf, offset + NETLINK_MSG_SIZE, offset + length))


# ---- vsock, xdp, tipc ---------------------------------------------------------

# nlmsghdr + vsock_diag_msg: family, type, state, shutdown, src_cid, src_port,
# dst_cid, dst_port, inode, cookie[2].
VSOCK_MSG = struct.Struct("=IHHIIBBBBIIIIIII")


def vsock_request(states):
    body = struct.pack("=BBHIIIII", AF_VSOCK, 0, 0, states, 0, 0, 0xffffffff, 0xffffffff)
    return _request(SOCK_DIAG_BY_FAMILY, body)


def vsock_messages(dump):
    """Yield (type, state, src_cid, src_port, dst_cid, dst_port, inode) per socket."""
    unpack = VSOCK_MSG.unpack_from
    for buf, offset, length in dump.messages(VSOCK_MSG.size):
        h = unpack(buf, offset)
        yield h[6], h[7], h[9], h[10], h[11], h[12], h[13]


XDP_SHOW_INFO = 0x1
XDP_SHOW_RING_CFG = 0x2
XDP_SHOW_UMEM = 0x4
XDP_SHOW_MEMINFO = 0x8
XDP_SHOW_STATS = 0x10
XDP_DIAG_INFO = 0
XDP_DIAG_UID = 1
XDP_DIAG_RX_RING = 2
XDP_DIAG_TX_RING = 3
XDP_DIAG_UMEM = 4
XDP_DIAG_UMEM_FILL_RING = 5
XDP_DIAG_UMEM_COMPLETION_RING = 6
XDP_DIAG_MEMINFO = 7
XDP_DIAG_STATS = 8
XDP_MSG = struct.Struct("=IHHIIBBHIII")


def xdp_request(show):
    body = struct.pack("=BBHIIII", AF_XDP, 0, 0, 0, show, 0xffffffff, 0xffffffff)
    return _request(SOCK_DIAG_BY_FAMILY, body)


def xdp_messages(dump):
    """Yield (type, inode, cookie, attributes) per XDP socket."""
    unpack = XDP_MSG.unpack_from
    for buf, offset, length in dump.messages(XDP_MSG.size):
        h = unpack(buf, offset)
        yield h[6], h[8], (h[10] << 32) | h[9], attributes(buf, offset + XDP_MSG.size,
                                                            offset + length)


def tipc_request(states):
    body = struct.pack("=BBHI", AF_TIPC, 0, 0, states)
    return _request(SOCK_DIAG_BY_FAMILY, body)


def tipc_messages(dump):
    """Yield the top-level attributes of each TIPC socket message."""
    for buf, offset, length in dump.messages():
        yield attributes(buf, offset + 16, offset + length)


def skmeminfo(payload):
    """SK_MEMINFO_* counters (u32 array): rmem_alloc, rcvbuf, wmem_alloc, sndbuf,
    fwd_alloc, wmem_queued, optmem, backlog, drops."""
    return u32_array(payload)


# ---- cgroup ids ---------------------------------------------------------------

def cgroup2_paths(kernel, err):
    """{cgroup id: path} for the cgroup v2 hierarchy, as ss's cg_map builds it.

    INET_DIAG_CGROUP_ID is the id of the socket's cgroup v2 directory, which
    is that directory's inode number on the cgroup2 mount.  ss finds the mount
    in /proc/mounts, walks it (not crossing into other mounts) and maps each
    directory's id to its path below the mount ("/" for the root).  The walk
    goes through the seam as one recorded lookup.  The key "mount" holds the
    mount point (None when there is no cgroup2 mount, which ss reports).
    """
    paths = {"mount": None}
    try:
        mounts = kernel.read_text("/proc/mounts", "mounts")
    except OSError as error:
        err.write("Failed to open mounts file: %s\n" % error.strerror)
        return paths
    mount = None
    for line in mounts.split("\n"):
        fields = line.split()
        if len(fields) >= 3 and fields[2] == "cgroup2":
            mount = fields[1]
            break
    if mount is None:
        err.write("Failed to find cgroup2 mount\n")
        return paths
    paths["mount"] = mount
    for cgroup_id, path in kernel.lookup("cgroup2_tree", _walk_cgroup2, mount):
        paths[cgroup_id] = path
    return paths


def _walk_cgroup2(mount):
    import os

    found = []
    try:
        device = os.stat(mount).st_dev
    except OSError:
        return found
    for directory, subdirs, _files in os.walk(mount):
        try:
            info = os.stat(directory)
        except OSError:
            continue
        if info.st_dev != device:
            subdirs[:] = []
            continue
        found.append([info.st_ino, directory[len(mount):] or "/"])
    return found


# ---- /proc/net fallbacks ----------------------------------------------------
#
# ss reads these only when a diag module is missing (raw_diag often is) or
# when PROC_ROOT / PROC_NET_* point it at other files.

def proc_net_path(environ, variable, name):
    """ss's generic_proc_open: $VARIABLE, else $PROC_ROOT/NAME, else /proc/NAME."""
    path = environ.get(variable)
    if path:
        return path
    return "%s/%s" % (environ.get("PROC_ROOT") or "/proc", name)


def proc_inet_lines(kernel, path):
    """The socket lines of /proc/net/{tcp,udp,raw}[6] (header skipped)."""
    text = kernel.read_text(path, "sockets", 1)
    lines = text.split("\n")
    return [line for line in lines[1:] if line]


def proc_inet_address(text, family):
    """'0100007F:0035' -> (b'\\x7f\\0\\0\\x01', 53): the kernel prints each 32-bit
    word of the address in host byte order as hex."""
    address, _, port = text.partition(":")
    raw = b"".join(struct.pack("=I", int(address[i:i + 8], 16)) for i in range(0, len(address), 8))
    if family == AF_INET:
        raw = raw[:4]
    return raw, int(port, 16)
