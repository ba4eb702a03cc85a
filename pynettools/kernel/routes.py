"""The routing tables over rtnetlink: `ip route show` (a dump) and `ip route get` (a query).

How ip asks
-----------
A route dump is one RTM_GETROUTE request flagged NLM_F_DUMP whose body is a
`struct rtmsg` (12 bytes: family, dst_len, src_len, tos, table, protocol,
scope, type, flags) and perhaps attributes.  ip sends it on a socket with
NETLINK_GET_STRICT_CHK set, and iproute2 6.1's iproute_dump_filter() puts
its filters in the request, which the kernel then applies itself
(ip_valid_fib_dump_req(), ip6 and mpls alike):
  rtm_protocol   only routes of this protocol (0: all)
  rtm_flags      RTM_F_CLONED: the route cache (exceptions: learnt path
                 MTUs, redirects) instead of the FIB
  RTA_TABLE      only this table (ip's default is 254, "main"; 0: all)
  RTA_OIF        only routes through this device
With strict checking every other header field must be 0, and a table that
does not exist is an error the kernel words itself in an extended ack
("ipv4: FIB table does not exist."), in the NLMSG_DONE that ends the dump.
`ip route` (no table named) asks for AF_INET only: ip turns an unspecified
family into AF_INET whenever a table is chosen, and main is the default.

The answer is one RTM_NEWROUTE per route: the same rtmsg, filled in, then
attributes (RTA_*): the destination and source prefixes (RTA_DST/RTA_SRC,
their lengths in the header), RTA_TABLE (the u32 table id: rtm_table is a
byte and says 252, RT_TABLE_COMPAT, for ids above 255), RTA_OIF,
RTA_GATEWAY (or RTA_VIA for a gateway of another family), RTA_PRIORITY (the
metric), RTA_PREFSRC, RTA_METRICS (nested RTAX_* values: mtu, window, ...),
RTA_MULTIPATH (struct rtnexthop records, each with its own attributes),
RTA_FLOW (realms), RTA_CACHEINFO (struct rta_cacheinfo: expiry and usage,
clock-driven), RTA_PREF (an IPv6 router preference), RTA_NH_ID (a nexthop
object), RTA_EXPIRES, RTA_UID, RTA_MARK ...

`ip route get ADDRESS` is not a dump: one RTM_GETROUTE without NLM_F_DUMP
carrying RTA_DST (and RTA_SRC, RTA_IIF, RTA_OIF, RTA_MARK, RTA_UID,
RTA_IP_PROTO, RTA_SPORT, RTA_DPORT as asked), answered by one RTM_NEWROUTE
(the route a packet would take, flagged RTM_F_CLONED) or an NLMSG_ERROR
("Network is unreachable", or the kernel's extended ack).

What this module returns is the bytes as they came, walked without
per-route objects: route_messages() yields (buf, offset, length) for each
RTM_NEWROUTE/RTM_DELROUTE, and attribute_offsets() gives {RTA type: offset
of its payload} for one message (the payload's length is the attribute's
length minus 4, which the caller knows or reads at offset - 4).  With
100,000 routes this walk is most of the work; the formatting in
pynettools/tools/ip/route.py reads values with struct.unpack_from at those
offsets.  Nothing here prints.
"""
import struct

from pynettools.kernel import netlink

RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26

# struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags
RTMSG = struct.Struct("=BBBBBBBBI")
RTMSG_SIZE = RTMSG.size  # 12

(RTA_UNSPEC, RTA_DST, RTA_SRC, RTA_IIF, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC, RTA_METRICS,
 RTA_MULTIPATH, RTA_PROTOINFO, RTA_FLOW, RTA_CACHEINFO, RTA_SESSION, RTA_MP_ALGO, RTA_TABLE, RTA_MARK,
 RTA_MFC_STATS, RTA_VIA, RTA_NEWDST, RTA_PREF, RTA_ENCAP_TYPE, RTA_ENCAP, RTA_EXPIRES, RTA_PAD, RTA_UID,
 RTA_TTL_PROPAGATE, RTA_IP_PROTO, RTA_SPORT, RTA_DPORT, RTA_NH_ID) = range(31)
RTA_MAX = RTA_NH_ID

RTM_F_NOTIFY = 0x100
RTM_F_CLONED = 0x200
RTM_F_EQUALIZE = 0x400
RTM_F_PREFIX = 0x800
RTM_F_LOOKUP_TABLE = 0x1000
RTM_F_FIB_MATCH = 0x2000
RTM_F_OFFLOAD = 0x4000
RTM_F_TRAP = 0x8000
RTM_F_OFFLOAD_FAILED = 0x20000000

# struct rta_cacheinfo: clntref, lastuse, expires (s32), error, used, id, ts, tsage
CACHEINFO = struct.Struct("=IIiIIIII")
# struct rtnexthop: len (u16), flags, hops (u8 each), ifindex (int)
RTNEXTHOP = struct.Struct("=HBBi")

_RTA = struct.Struct("=HH")


def dump_request(family, table=0, protocol=0, cloned=False, oif=0):
    """rtnl_routedump_req() with iproute_dump_filter(): the request ip sends."""
    body = RTMSG.pack(family, 0, 0, 0, 0, protocol, 0, 0, RTM_F_CLONED if cloned else 0)
    if table:
        body += netlink.attribute(RTA_TABLE, struct.pack("=I", table))
    if oif:
        body += netlink.attribute(RTA_OIF, struct.pack("=I", oif))
    return netlink.request(RTM_GETROUTE, body)


def dump(kernel, family, table=0, protocol=0, cloned=False, oif=0):
    """The route dump ip makes (a netlink.Dump, strict, as ip's socket is)."""
    request = dump_request(family, table, protocol, cloned, oif)
    return netlink.Dump(kernel, request, "route dump", protocol=netlink.NETLINK_ROUTE, strict=True)


def route_messages(dump):
    """Yield (buf, offset, length) of every RTM_NEWROUTE/RTM_DELROUTE in a dump.

    Written out rather than through Dump.messages() so the 100,000-route
    case pays one generator step per route, not two.  The kernel's error in
    NLMSG_DONE (a table that does not exist) is raised once the dump is
    read to its end, as netlink.DumpError with the extended ack.
    """
    head = netlink.NLMSG_HEAD.unpack_from
    done_code = 0
    extack = None
    for buf in dump.buffers():
        offset = 0
        end = len(buf)
        while offset + 16 <= end:
            length, msg_type, flags = head(buf, offset)
            if length < 16:
                break
            if msg_type == RTM_NEWROUTE or msg_type == RTM_DELROUTE:
                if flags & netlink.NLM_F_DUMP_INTR:
                    dump.interrupted = True
                yield buf, offset, length
            elif msg_type == netlink.NLMSG_DONE:
                done_code = netlink.done_error(buf, offset, length)
                if done_code < 0:
                    extack = netlink.done_ext_ack(buf, offset, length)
                break
            offset += (length + 3) & ~3
    if done_code < 0:
        netlink.raise_done_error(done_code, extack)


def attribute_offsets(buf, start, end):
    """{type: payload offset} of the attributes in buf[start:end] (libnetlink's
    parse_rtattr(): the first of a repeated type counts, types above RTA_MAX
    are ignored, and the type is taken whole, flag bits and all)."""
    found = {}
    rta = _RTA.unpack_from
    while start + 4 <= end:
        length, attr_type = rta(buf, start)
        if length < 4 or start + length > end:
            break
        if attr_type not in found:
            found[attr_type] = start + 4
        start += (length + 3) & ~3
    return found


def payload_length(buf, payload_offset):
    """The length of the attribute payload at payload_offset (from its header)."""
    return _RTA.unpack_from(buf, payload_offset - 4)[0] - 4


def get_body(family, dst_len=0, src_len=0, tos=0, flags=0, attrs=b""):
    """The body of iproute_get()'s RTM_GETROUTE query (an rtmsg and its attributes)."""
    return RTMSG.pack(family, dst_len, src_len, tos, 0, 0, 0, 0, flags) + attrs


def get(kernel, body):
    """Send one `ip route get` query (NLM_F_REQUEST only: not a dump):
    (buf, offset, length) of the RTM_NEWROUTE answering it, or
    rtnl.TalkError (errno and the kernel's extended ack)."""
    from pynettools.kernel import rtnl

    return rtnl.talk(kernel, RTM_GETROUTE, body, "route get")
