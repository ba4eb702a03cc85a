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
    return [decode(buf, offset, length) for buf, offset, length in dump_messages(kernel, family)]


def dump_messages(kernel, family):
    """The raw answers of the dump, [(buf, offset, length)] (ip addrlabel flush
    sends each back as RTM_DELADDRLABEL)."""
    body = IFADDRLBLMSG.pack(family, 0, 0, 0, 0, 0)
    return list(rtnl.dump(kernel, RTM_GETADDRLABEL, body, "addrlabel dump").messages(_HDR))


def decode(buf, offset, length):
    """One message: (type, family, prefixlen, index, address or None, label or None)."""
    from pynettools.kernel import netlink

    msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
    fam, _reserved, prefixlen, _flags, index, _seq = IFADDRLBLMSG.unpack_from(buf, offset + 16)
    attrs = netlink.attributes(buf, offset + _HDR, offset + length)
    return (msg_type, fam, prefixlen, index, attrs.get(IFAL_ADDRESS), attrs.get(IFAL_LABEL))
