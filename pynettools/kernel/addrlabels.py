"""IPv6 address labels over rtnetlink (RTM_GETADDRLABEL): `ip addrlabel`.

RFC 6724's policy table labels source and destination prefixes, and
address selection prefers pairs with equal labels.  The kernel keeps the
table per namespace (ten built-in entries, ::1/128 label 0 first) and dumps
it as struct ifaddrlblmsg (family, reserved, prefixlen, flags, ifindex, seq)
with IFAL_ADDRESS and IFAL_LABEL attributes.  Only AF_INET6 has a table:
other families are refused (EOPNOTSUPP).

records are (message type, family, prefixlen, ifindex, address bytes or
None, label payload bytes or None).
"""
import struct

from pynettools.kernel import rtnl

RTM_NEWADDRLABEL, RTM_DELADDRLABEL, RTM_GETADDRLABEL = 72, 73, 74
IFAL_ADDRESS, IFAL_LABEL = 1, 2

IFADDRLBLMSG = struct.Struct("=BBBBII")  # family, reserved, prefixlen, flags, index, seq
_HDR = 16 + IFADDRLBLMSG.size


def dump(kernel, family):
    """rtnl_addrlbldump_req() and the answers, in the kernel's order."""
    from pynettools.kernel import netlink

    body = IFADDRLBLMSG.pack(family, 0, 0, 0, 0, 0)
    found = []
    for buf, offset, length in rtnl.dump(kernel, RTM_GETADDRLABEL, body, "addrlabel dump").messages(_HDR):
        msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
        fam, _reserved, prefixlen, _flags, index, _seq = IFADDRLBLMSG.unpack_from(buf, offset + 16)
        attrs = netlink.attributes(buf, offset + _HDR, offset + length)
        found.append((msg_type, fam, prefixlen, index, attrs.get(IFAL_ADDRESS), attrs.get(IFAL_LABEL)))
    return found
