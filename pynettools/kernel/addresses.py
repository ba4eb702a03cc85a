"""Interface addresses over rtnetlink: what `ip address` reads.

One RTM_GETADDR dump (NLM_F_DUMP) answers with an RTM_NEWADDR message per
address: struct ifaddrmsg (family, prefix length, the old 8-bit flags,
scope, ifindex) and IFA_* attributes:
  IFA_LOCAL      the address itself;
  IFA_ADDRESS    the peer's on a point-to-point address (`peer`), else the
                 same as IFA_LOCAL (IPv6 sends only this one);
  IFA_BROADCAST, IFA_ANYCAST, IFA_LABEL (IPv4's "eth0:1" names);
  IFA_CACHEINFO  struct ifa_cacheinfo: preferred and valid lifetimes left,
                 in seconds (0xFFFFFFFF: forever), which the kernel counts
                 down from the moment the address was added or renewed;
  IFA_FLAGS      all the flags, 32 bits (ifa_flags holds only the low 8);
  IFA_RT_PRIORITY  the metric of the prefix route (`metric N`).

The request's family picks the tables: AF_INET, AF_INET6, or AF_UNSPEC
for both (the kernel walks each family's table in turn: IPv4 first).
Under strict checking (rtnl.py) a non-zero ifa_index in the request makes
the kernel dump that device's addresses only, as `ip addr show dev X` asks.

Plain records; nothing here prints.
"""
import struct

from pynettools.kernel import netlink, rtnl

IFADDRMSG = struct.Struct("=BBBBi")  # family, prefixlen, flags, scope, index
_HDR = 16 + IFADDRMSG.size

IFA_ADDRESS, IFA_LOCAL, IFA_LABEL, IFA_BROADCAST, IFA_ANYCAST, IFA_CACHEINFO, IFA_MULTICAST, IFA_FLAGS, \
    IFA_RT_PRIORITY = range(1, 10)

IFA_F_SECONDARY = 0x01
IFA_F_NODAD = 0x02
IFA_F_OPTIMISTIC = 0x04
IFA_F_DADFAILED = 0x08
IFA_F_HOMEADDRESS = 0x10
IFA_F_DEPRECATED = 0x20
IFA_F_TENTATIVE = 0x40
IFA_F_PERMANENT = 0x80
IFA_F_MANAGETEMPADDR = 0x100
IFA_F_NOPREFIXROUTE = 0x200
IFA_F_MCAUTOJOIN = 0x400
IFA_F_STABLE_PRIVACY = 0x800

INFINITY_LIFE_TIME = 0xFFFFFFFF


class Addr:
    """One RTM_NEWADDR/RTM_DELADDR message.

    local/address/broadcast/anycast: raw bytes or None; address falls back to
    local and local to address, as print_addrinfo() fills them in.
    flags: IFA_FLAGS when sent, else ifaddrmsg's 8 bits (get_ifa_flags()).
    preferred/valid: the lifetimes left (None without IFA_CACHEINFO).
    """

    __slots__ = ("deleted", "family", "prefixlen", "flags", "scope", "index", "local", "address",
                 "broadcast", "anycast", "label", "preferred", "valid", "metric")


def decode(buf, offset, length):
    addr = Addr()
    addr.deleted = netlink.NLMSG_HEAD.unpack_from(buf, offset)[1] == rtnl.RTM_DELADDR
    addr.family, addr.prefixlen, flags8, addr.scope, addr.index = IFADDRMSG.unpack_from(buf, offset + 16)
    attrs = netlink.attributes(buf, offset + _HDR, offset + length)
    flags = attrs.get(IFA_FLAGS)
    addr.flags = struct.unpack_from("=I", flags.ljust(4, b"\0"))[0] if flags is not None else flags8
    local = attrs.get(IFA_LOCAL)
    address = attrs.get(IFA_ADDRESS)
    addr.local = local if local is not None else address
    addr.address = address if address is not None else local
    addr.broadcast = attrs.get(IFA_BROADCAST)
    addr.anycast = attrs.get(IFA_ANYCAST)
    label = attrs.get(IFA_LABEL)
    addr.label = netlink.attr_str(label) if label is not None else None
    cache = attrs.get(IFA_CACHEINFO)
    if cache is not None:
        addr.preferred, addr.valid = struct.unpack_from("=II", cache.ljust(8, b"\0"))
    else:
        addr.preferred = addr.valid = None
    metric = attrs.get(IFA_RT_PRIORITY)
    addr.metric = struct.unpack_from("=I", metric.ljust(4, b"\0"))[0] if metric is not None else None
    return addr


def dump(kernel, family=0, index=0):
    """rtnl_addrdump_req() with ipaddr_dump_filter(): [Addr] in the kernel's order."""
    return [decode(buf, offset, length) for buf, offset, length in dump_messages(kernel, family, index)]


def dump_messages(kernel, family=0, index=0):
    """The same dump's raw answers, [(buf, offset, length)] (ip address flush
    sends the ones it deletes back as RTM_DELADDR)."""
    body = IFADDRMSG.pack(family, 0, 0, 0, index)
    return list(rtnl.dump(kernel, rtnl.RTM_GETADDR, body, "address dump").messages(_HDR))
