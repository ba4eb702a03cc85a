"""Policy routing rules over rtnetlink: what `ip rule` reads.

Before the kernel looks a packet's destination up in a routing table, it
walks the rule list of the packet's family in priority order: each rule has
a selector (source and destination prefixes, TOS, firewall mark, incoming
and outgoing interface, uid range, IP protocol and ports) and an action
(look up table N, go to another rule, or drop the packet as blackhole,
unreachable or prohibit).  A fresh namespace has three IPv4 rules (0: local,
32766: main, 32767: default) and two IPv6 ones (0: local, 32766: main).

An RTM_GETRULE dump (struct fib_rule_hdr: family, dst_len, src_len, tos,
table, two reserved bytes, action, flags) answers with one RTM_NEWRULE per
rule of that family, in priority order, with FRA_* attributes for the rest
of the selector: the prefixes themselves (FRA_SRC, FRA_DST), FRA_PRIORITY,
FRA_TABLE (the full 32-bit table id; the header's byte holds only ids below
256), FRA_FWMARK/FRA_FWMASK, FRA_IIFNAME/FRA_OIFNAME, FRA_UID_RANGE, ...

Records are (nlmsg_type, header tuple, {FRA_*: payload bytes}): rules are
few, so a dict per rule costs nothing.
"""
import struct

from pynettools.kernel import netlink, rtnl

# struct fib_rule_hdr: family, dst_len, src_len, tos, table, res1, res2, action, flags
FIB_RULE_HDR = struct.Struct("=BBBBBxxBI")

FRA_DST, FRA_SRC, FRA_IIFNAME, FRA_GOTO = 1, 2, 3, 4
FRA_PRIORITY, FRA_FWMARK, FRA_FLOW, FRA_TUN_ID = 6, 10, 11, 12
FRA_SUPPRESS_IFGROUP, FRA_SUPPRESS_PREFIXLEN, FRA_TABLE, FRA_FWMASK = 13, 14, 15, 16
FRA_OIFNAME, FRA_L3MDEV, FRA_UID_RANGE, FRA_PROTOCOL = 17, 19, 20, 21
FRA_IP_PROTO, FRA_SPORT_RANGE, FRA_DPORT_RANGE = 22, 23, 24
RTA_GATEWAY = 5  # a NAT rule's address (the long-gone RTN_NAT action)

FIB_RULE_PERMANENT, FIB_RULE_INVERT, FIB_RULE_UNRESOLVED = 0x1, 0x2, 0x4
FIB_RULE_IIF_DETACHED, FIB_RULE_OIF_DETACHED = 0x8, 0x10
FR_ACT_TO_TBL, FR_ACT_GOTO, FR_ACT_NOP = 1, 2, 3
RTN_NAT = 10


def dump_messages(kernel, family):
    """The raw messages of ip's rtnl_ruledump_req(): [(buf, offset, length)]."""
    body = FIB_RULE_HDR.pack(family, 0, 0, 0, 0, 0, 0)
    return list(rtnl.dump(kernel, rtnl.RTM_GETRULE, body, "rule dump").messages(16 + FIB_RULE_HDR.size))


def decode(buf, offset, length):
    """(nlmsg_type, (family, dst_len, src_len, tos, table, action, flags), {FRA_*: bytes})."""
    msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
    header = FIB_RULE_HDR.unpack_from(buf, offset + 16)
    attrs = netlink.attributes(buf, offset + 16 + FIB_RULE_HDR.size, offset + length)
    return msg_type, header, attrs


def dump(kernel, family):
    """Every rule of `family` (AF_INET, AF_INET6, ...) as decoded records, in the kernel's order."""
    return [decode(buf, offset, length) for buf, offset, length in dump_messages(kernel, family)]
