"""IPv6 interface identifier tokens: what `ip token` reads.

A token fixes the low 64 bits of the addresses a device makes from router
advertisements (SLAAC) instead of the MAC-derived identifier:
`ip token set ::1:2:3:4 dev veth0`.  The kernel reports it in the IPv6
view of links: a link dump of family AF_INET6 (addrconf's
inet6_dump_ifinfo, sent as a bare ifinfomsg, no filter attributes: that
dump accepts none) answers one message per device with IPv6, whose
IFLA_PROTINFO nest holds IFLA_INET6_TOKEN (16 bytes, :: when unset).

Records: (message type, family, ifindex, ifi_flags, has IFLA_PROTINFO,
token bytes or None).
"""
from pynettools.kernel import netlink, rtnl

AF_INET6 = 10
IFLA_PROTINFO = 12
IFLA_INET6_TOKEN = 7


def dump(kernel):
    found = []
    unpack = rtnl.IFINFOMSG.unpack_from
    start = 16 + rtnl.IFINFOMSG.size
    for buf, offset, length in rtnl.dump(kernel, rtnl.RTM_GETLINK, rtnl.link_request_body(AF_INET6),
                                         "link dump (inet6)").messages(16):
        msg_type = netlink.NLMSG_HEAD.unpack_from(buf, offset)[1]
        if length < start:
            found.append((msg_type, None, 0, 0, False, None))
            continue
        family, _type, index, flags, _change = unpack(buf, offset + 16)
        protinfo = netlink.find_attribute(buf, offset + start, offset + length, IFLA_PROTINFO)
        token = None
        if protinfo is not None:
            token = netlink.nested_attributes(protinfo).get(IFLA_INET6_TOKEN)
        found.append((msg_type, family, index, flags, protinfo is not None, token))
    return found
