"""Per-device IP configuration over rtnetlink (RTM_GETNETCONF): `ip netconf`.

The sysctls under /proc/sys/net/ipv4/conf/<dev>/ and ipv6/conf/<dev>/ that
routing cares about (forwarding, rp_filter, mc_forwarding, proxy_neigh,
ignore_routes_with_linkdown, input) are also served as netlink messages: a
struct netconfmsg (just the family byte, padded to 4) and NETCONFA_*
attributes, each a u32, the device being NETCONFA_IFINDEX (-1 for "all",
-2 for "default").  A dump with family AF_UNSPEC walks every family that
registered one (inet, inet6, mpls); a request for one device needs a
family and NETCONFA_IFINDEX.

records are (message type, family, {NETCONFA_*: value}); the ifindex value
is signed, the others are as the kernel sent them.
"""
import struct

from pynettools.kernel import netlink, rtnl

RTM_NEWNETCONF, RTM_DELNETCONF, RTM_GETNETCONF = 80, 81, 82
NETCONFA_IFINDEX, NETCONFA_FORWARDING, NETCONFA_RP_FILTER, NETCONFA_MC_FORWARDING = 1, 2, 3, 4
NETCONFA_PROXY_NEIGH, NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, NETCONFA_INPUT = 5, 6, 7
NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT = -1, -2

_HDR = 16 + 4  # nlmsghdr, netconfmsg padded to 4 (NLMSG_SPACE)


def _record(buf, offset, length):
    msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
    family = buf[offset + 16]
    attrs = {}
    for attr_type, payload in netlink.attribute_list(buf, offset + _HDR, offset + length):
        if len(payload) >= 4 and attr_type not in attrs:
            fmt = "=i" if attr_type == NETCONFA_IFINDEX else "=I"
            attrs[attr_type] = struct.unpack_from(fmt, payload)[0]
    return msg_type, family, attrs


decode = _record  # one message, as a notification brings it (ip monitor)


def dump(kernel, family):
    """rtnl_netconfdump_req(): every device's netconf of `family` (0: all families)."""
    body = struct.pack("=B3x", family)
    found = []
    for buf, offset, length in rtnl.dump(kernel, RTM_GETNETCONF, body, "netconf dump").messages(_HDR):
        found.append(_record(buf, offset, length))
    return found


def get(kernel, family, ifindex):
    """One device's netconf (ipnetconf.c's request with NLM_F_ACK, read with
    rtnl_listen()): its record, or None when the kernel answered with an error."""
    body = struct.pack("=B3x", family) + netlink.attribute(NETCONFA_IFINDEX, struct.pack("=i", ifindex))
    request = netlink.request(RTM_GETNETCONF, body, netlink.NLM_F_REQUEST | netlink.NLM_F_ACK)
    for buf in kernel.netlink_talk(netlink.NETLINK_ROUTE, request, "netconf get"):
        offset = 0
        while offset + 16 <= len(buf):
            length, msg_type = struct.unpack_from("=IH", buf, offset)
            if length < 16:
                break
            if msg_type == netlink.NLMSG_ERROR:
                return None
            if length >= _HDR:
                return _record(buf, offset, length)
            offset += (length + 3) & ~3
    return None
