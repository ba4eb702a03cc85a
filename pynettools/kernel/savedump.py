"""The dumps `ip route save`, `ip rule save` and `ip address save` write out as they come.

ip keeps no file format of its own for saved routes, rules and addresses:
`save` writes a 32-bit magic number (ROUTE_DUMP_MAGIC, RULE_DUMP_MAGIC,
ADDR_DUMP_MAGIC, in the machine's byte order) and then every message of the kernel's dump that the
selector keeps, byte for byte as the kernel sent it -- netlink header
included, so the stream carries the dump's sequence number (ip numbers its
requests from time(NULL) at start, plus one) and the dumping socket's port
id.  `showdump` and `restore` read that stream back.

The requests are ip's: rtnl_routedump_req() with iproute_dump_filter()
(routes.dump_request), rtnl_ruledump_req() and rtnl_addrdump_req() with
ipaddr_dump_filter() (the device's index, nothing else of the selector),
numbered here as ip numbers them; the seam keeps a request's own number.
"""
import struct

from pynettools.kernel import netlink

ROUTE_DUMP_MAGIC = 0x45311224
RULE_DUMP_MAGIC = 0x71706986
ADDR_DUMP_MAGIC = 0x47361222
_MAGIC = struct.Struct("=I")


def magic_bytes(magic):
    return _MAGIC.pack(magic)


def read_magic(data):
    """fread(&magic, 4, 1, stdin) as ip does it: (items read, magic).  A short
    read still copies what there was into the zeroed word."""
    return (1 if len(data) >= 4 else 0), _MAGIC.unpack(data[:4].ljust(4, b"\0"))[0]


def first_seq(kernel):
    """The number ip gives its first request: time(NULL) when it opened its
    netlink socket, plus one."""
    return (int(kernel.time()) + 1) & 0xFFFFFFFF


def _numbered(request, seq):
    return request[:8] + struct.pack("=I", seq) + request[12:]


def route_dump(kernel, family, seq, table=0, protocol=0, cloned=False, oif=0):
    """The route dump `ip route save` reads (a netlink.Dump; messages through
    routes.route_messages)."""
    from pynettools.kernel import routes

    request = _numbered(routes.dump_request(family, table, protocol, cloned, oif), seq)
    return netlink.Dump(kernel, request, "route dump", protocol=netlink.NETLINK_ROUTE, strict=True)


def rule_dump(kernel, family, seq):
    """The rule dump `ip rule save` writes out: every message but DONE."""
    from pynettools.kernel import rtnl
    from pynettools.kernel.rules import FIB_RULE_HDR

    body = FIB_RULE_HDR.pack(family, 0, 0, 0, 0, 0, 0)
    request = _numbered(netlink.request(rtnl.RTM_GETRULE, body), seq)
    return netlink.Dump(kernel, request, "rule dump", protocol=netlink.NETLINK_ROUTE, strict=True)


def addr_dump(kernel, family, seq, index=0, strict=True):
    """The address dump `ip address save` writes out: every message but DONE
    (under strict checking the kernel keeps to the device `index` names;
    without it, as on ip's -batch socket, it sends every address)."""
    from pynettools.kernel import rtnl
    from pynettools.kernel.addresses import IFADDRMSG

    body = IFADDRMSG.pack(family, 0, 0, 0, index)
    request = _numbered(netlink.request(rtnl.RTM_GETADDR, body), seq)
    return netlink.Dump(kernel, request, "address dump", protocol=netlink.NETLINK_ROUTE, strict=strict)
