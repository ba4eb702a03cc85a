"""Multicast forwarding cache (MFC) entries over rtnetlink: `ip mroute`.

A multicast routing daemon (pimd, smcroute, mrouted) opens a raw IGMP (or
ICMPv6) socket, turns on multicast routing with MRT_INIT, declares virtual
interfaces (MRT_ADD_VIF) and installs (source, group) entries with an input
interface and output interfaces with TTL thresholds (MRT_ADD_MFC); they all
vanish when that socket closes.  ip reads them with a route dump of the
pseudo-families RTNL_FAMILY_IPMR (128) and RTNL_FAMILY_IP6MR (129), filtered
on a table (RTA_TABLE: IPv4's multicast tables default to RT_TABLE_DEFAULT,
253), each an rtmsg of type RTN_MULTICAST with RTA_SRC, RTA_DST, RTA_IIF,
RTA_MULTIPATH (struct rtnexthop per output interface: rtnh_hops is the TTL
threshold), RTA_MFC_STATS (packets, bytes, wrong interface), RTA_EXPIRES.

Records are dicts: type, family, table, flags, rtm_type, src, dst (bytes or
None), iif, oifs [(ifindex, ttl)], stats (packets, bytes, wrong_if) or
None, expires (clock ticks) or None.
"""
import struct

from pynettools.kernel import netlink, rtnl

RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR = 128, 129
RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26
RTA_DST, RTA_SRC, RTA_IIF, RTA_MULTIPATH, RTA_TABLE, RTA_MFC_STATS, RTA_EXPIRES = 1, 2, 3, 9, 15, 17, 23
RTA_MAX = 30  # iproute2 6.1's RTA_MAX (RTA_NH_ID)

RTMSG = struct.Struct("=BBBBBBBBI")  # family, dst_len, src_len, tos, table, protocol, scope, type, flags
RTNEXTHOP = struct.Struct("=HBBi")  # len, flags, hops, ifindex
MFC_STATS = struct.Struct("=QQQ")
_HDR = 16 + RTMSG.size


def decode(buf, offset, length):
    msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
    family, _dst_len, _src_len, _tos, table, _proto, _scope, rtm_type, flags = RTMSG.unpack_from(buf, offset + 16)
    tb = {}
    for attr_type, payload in netlink.attribute_list(buf, offset + _HDR, offset + length):
        if attr_type <= RTA_MAX and attr_type not in tb:
            tb[attr_type] = payload
    if RTA_TABLE in tb and len(tb[RTA_TABLE]) >= 4:
        table = struct.unpack_from("=I", tb[RTA_TABLE])[0]
    oifs = None
    if RTA_MULTIPATH in tb:
        oifs = []
        data = tb[RTA_MULTIPATH]
        at = 0
        while len(data) - at >= RTNEXTHOP.size:
            nh_len, _nh_flags, hops, ifindex = RTNEXTHOP.unpack_from(data, at)
            if nh_len > len(data) - at:
                break
            oifs.append((ifindex, hops))
            at += (nh_len + 3) & ~3
            if nh_len < RTNEXTHOP.size:  # (ip would loop for ever on a zero length)
                break
    stats = None
    if RTA_MFC_STATS in tb:
        stats = MFC_STATS.unpack_from(tb[RTA_MFC_STATS].ljust(MFC_STATS.size, b"\0"))
    return {"type": msg_type, "family": family, "table": table, "flags": flags, "rtm_type": rtm_type,
            "src": tb.get(RTA_SRC), "dst": tb.get(RTA_DST),
            "iif": struct.unpack_from("=I", tb[RTA_IIF])[0] if len(tb.get(RTA_IIF, b"")) >= 4 else 0,
            "oifs": oifs, "stats": stats,
            "expires": struct.unpack_from("=Q", tb[RTA_EXPIRES])[0] if len(tb.get(RTA_EXPIRES, b"")) >= 8 else None}


def dump(kernel, family, table=0):
    """rtnl_routedump_req() with ipmroute.c's iproute_dump_filter() (RTA_TABLE when a table is asked for)."""
    attrs = netlink.attribute(RTA_TABLE, struct.pack("=I", table)) if table else b""
    body = RTMSG.pack(family, 0, 0, 0, 0, 0, 0, 0, 0)
    return [decode(buf, offset, length) for buf, offset, length in
            rtnl.dump(kernel, RTM_GETROUTE, body, "mroute dump", attrs).messages(_HDR)]
