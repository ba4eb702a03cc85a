"""The options of `ip link add ... type KIND OPTIONS` for the kinds this
kernel creates: link_veth.c, iplink_bridge.c, iplink_bridge_slave.c,
iplink_macvlan.c and iplink_vxlan.c's parse_opt(), each filling
IFLA_INFO_DATA (IFLA_INFO_SLAVE_DATA) of the request linkmodify.py builds (the
caller opens and closes that nest); and iplink_bond.c, iplink_vlan.c and
iplink_vrf.c's, whose words ip reads (and may refuse) before this kernel
refuses the kind; iplink_vxcan.c's are veth's.  The tunnels and the other
kinds this kernel lacks are linktunnels.py's and linkextra.py's.

A parser's `return -1` is linkmodify.Failed (exit 1); invarg/duparg exit 255
as in the C code.  The kinds' usage texts are linkhelp.HELP's (the same
print_explain() text `ip link help KIND` prints, here on stderr; veth's and
vxcan's go to stdout, as their print_usage() calls printf whatever FILE it is
given).
"""
import struct

from pynettools.tools.ip.utils import (Args, duparg, duparg2, get_addr, ifindex, incomplete_command, invarg, ll_addr_a2n,
                                       matches, nodev)


def _help(ctx, kind, out=False):
    from pynettools.tools.ip.linkhelp import HELP

    (ctx.out if out else ctx.err).write(HELP[kind])


def _fail():
    from pynettools.tools.ip.linkmodify import Failed

    raise Failed()


# ---- veth -------------------------------------------------------------------------------

VETH_INFO_PEER = 1


def veth(ctx, req, words, kind="veth"):
    """veth_parse_opt() (and vxcan_parse_opt(), its twin): "peer" then
    iplink_parse() of the peer's words into the same message, behind an
    ifinfomsg of the peer's own."""
    from pynettools.tools.ip import linkmodify

    if words[0] != "peer":
        _help(ctx, kind, out=True)
        _fail()
    saved = (req.ifi_flags, req.change, req.index)
    req.ifi_flags = req.change = req.index = 0
    peer = req.nest(VETH_INFO_PEER)
    header = len(req.buf)
    req.buf += bytes(16)
    consumed, kind = linkmodify.parse(ctx, req, words[1:])
    if kind is not None:
        duparg(ctx, "type", words[consumed])
    # the peer's ifinfomsg: family and type 0, the index and flags its words set
    struct.pack_into("=BxHiII", req.buf, header, 0, 0, req.index, req.ifi_flags, req.change)
    req.ifi_flags, req.change, req.index = saved
    req.end(peer)


# ---- bridge -------------------------------------------------------------------------------

# bridge_parse_opt()'s words in its order: (word, exact?, attribute, size in
# bytes (0: a flag attribute with no value), reader)
_U8, _U16, _U32, _U64 = 0xFF, 0xFFFF, 0xFFFFFFFF, None
BRIDGE_WORDS = (
    ("forward_delay", 1, 4, _U32), ("hello_time", 2, 4, _U32), ("max_age", 3, 4, _U32),
    ("ageing_time", 4, 4, _U32), ("stp_state", 5, 4, _U32), ("priority", 6, 2, _U16),
    ("vlan_filtering", 7, 1, _U8), ("vlan_protocol", 8, 2, "proto"), ("group_fwd_mask", 9, 2, _U16),
    ("group_address", 20, 0, "lladdr"), ("=no_linklocal_learn", 0, 1, "boolopt"),
    ("fdb_flush", 21, 0, "flag"), ("vlan_default_pvid", 39, 2, _U16), ("vlan_stats_enabled", 41, 1, _U8),
    ("vlan_stats_per_port", 45, 1, _U8), ("mcast_router", 22, 1, _U8), ("mcast_snooping", 23, 1, _U8),
    ("=mcast_vlan_snooping", 1, 1, "boolopt"), ("mcast_query_use_ifaddr", 24, 1, _U8),
    ("mcast_querier", 25, 1, _U8), ("mcast_hash_elasticity", 26, 4, _U32), ("mcast_hash_max", 27, 4, _U32),
    ("mcast_last_member_count", 28, 4, _U32), ("mcast_startup_query_count", 29, 4, _U32),
    ("mcast_last_member_interval", 30, 8, _U64), ("mcast_membership_interval", 31, 8, _U64),
    ("mcast_querier_interval", 32, 8, _U64), ("mcast_query_interval", 33, 8, _U64),
    ("mcast_query_response_interval", 34, 8, _U64), ("mcast_startup_query_interval", 35, 8, _U64),
    ("mcast_stats_enabled", 42, 1, _U8), ("mcast_igmp_version", 43, 1, _U8),
    ("mcast_mld_version", 44, 1, _U8), ("nf_call_iptables", 36, 1, _U8),
    ("nf_call_ip6tables", 37, 1, _U8), ("nf_call_arptables", 38, 1, _U8),
)
IFLA_BR_MULTI_BOOLOPT = 46


def _bridge_word(word):
    for entry in BRIDGE_WORDS:
        name = entry[0]
        if name.startswith("="):
            if word == name[1:]:
                return (name[1:],) + entry[1:]
        elif matches(word, name):
            return entry
    return None


def bridge(ctx, req, words):
    """bridge_parse_opt()."""
    from pynettools.tools.ip.linkmodify import get_u64, get_unsigned_max

    optmask = optval = 0
    args = Args(ctx, words)
    while args:
        word = args.take()
        entry = _bridge_word(word)
        if entry is None:
            if not matches(word, "help"):
                ctx.err.write('bridge: unknown command "%s"?\n' % word)
            _help(ctx, "bridge")
            _fail()
        name, attr, size, reader = entry
        if reader == "flag":
            req.add(attr)
            continue
        value = args.next_arg()
        if reader == "lladdr":
            parsed = ll_addr_a2n(ctx, value, 32)
            if parsed is None:
                _fail()
            req.add(attr, parsed[0][:parsed[1]])
            continue
        if reader == "proto":
            number = _ll_proto_a2n(value)
        elif reader is None:
            number = get_u64(value)
        else:
            number = get_unsigned_max(value, _U8 if reader == "boolopt" else reader)
        if number is None:
            invarg(ctx, "invalid %s" % name, value)
        if reader == "boolopt":
            optmask |= 1 << attr
            optval = optval | (1 << attr) if number else optval & ~(1 << attr)
            continue
        req.add(attr, struct.pack({1: "=B", 2: "=H", 4: "=I", 8: "=Q"}[size], number))
    if optmask:
        req.add(IFLA_BR_MULTI_BOOLOPT, struct.pack("=II", optval, optmask))


def _ll_proto_a2n(text):
    """ll_proto_a2n() for the VLAN protocols a bridge takes: the network-order
    u16 of 802.1Q / 802.1ad (their names or a number)."""
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    known = {"802.1q": 0x8100, "802.1ad": 0x88A8}
    number = known.get(text.lower())
    if number is None:
        number = get_unsigned_max(text, 0xFFFF)
        if number is None:
            return None
    return struct.unpack("=H", struct.pack("!H", number))[0]


# ---- bridge_slave (a bridge port's options: IFLA_INFO_SLAVE_DATA) ---------------------------

# bridge_slave_parse_opt()'s words in its order: (word, IFLA_BRPORT_*, how the
# value is read: "on_off", a maximum, "flag" (no value), "dev", "zero")
BRPORT_WORDS = (
    ("fdb_flush", 24, "flag"), ("state", 1, _U8), ("priority", 2, _U16), ("cost", 3, _U32),
    ("hairpin", 4, "on_off"), ("guard", 5, "on_off"), ("root_block", 6, "on_off"), ("fastleave", 7, "on_off"),
    ("learning", 8, "on_off"), ("flood", 9, "on_off"), ("mcast_flood", 27, "on_off"),
    ("bcast_flood", 30, "on_off"), ("mcast_to_unicast", 28, "on_off"), ("proxy_arp", 10, "on_off"),
    ("proxy_arp_wifi", 12, "on_off"), ("mcast_router", 25, _U8), ("mcast_fast_leave", 7, "on_off"),
    ("neigh_suppress", 32, "on_off"), ("group_fwd_mask", 31, _U16), ("vlan_tunnel", 29, "on_off"),
    ("isolated", 33, "on_off"), ("locked", 39, "on_off"), ("backup_port", 34, "dev"),
    ("nobackup_port", 34, "zero"),
)
# invarg()'s words for the numbers
BRPORT_INVALID = {"state": "state is invalid", "priority": "priority is invalid", "cost": "cost is invalid",
                  "mcast_router": "invalid mcast_router", "group_fwd_mask": "invalid group_fwd_mask"}


def bridge_slave(ctx, req, words):
    """bridge_slave_parse_opt(): an on/off word that is neither exits 1."""
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    args = Args(ctx, words)
    while args:
        word = args.take()
        entry = next((e for e in BRPORT_WORDS if matches(word, e[0])), None)
        if entry is None:
            if not matches(word, "help"):
                ctx.err.write('bridge_slave: unknown option "%s"?\n' % word)
            _help(ctx, "bridge_slave")
            _fail()
        name, attr, how = entry
        if how == "flag":
            req.add(attr)
        elif how == "zero":
            req.add32(attr, 0)
        elif how == "dev":
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                invarg(ctx, "Device does not exist\n", value)
            req.add32(attr, index)
        elif how == "on_off":
            value = args.next_arg()
            if value not in ("on", "off"):
                ctx.err.write('Error: argument of "%s" must be one of "off", "on", not "%s"\n' % (name, value))
                from pynettools.tools.ip.utils import Exit

                raise Exit(1)
            req.add8(attr, 1 if value == "on" else 0)
        else:
            value = args.next_arg()
            number = get_unsigned_max(value, how)
            if number is None:
                invarg(ctx, BRPORT_INVALID[name], value)
            req.add(attr, struct.pack({_U8: "=B", _U16: "=H", _U32: "=I"}[how], number))


# ---- macvlan ------------------------------------------------------------------------------

MACVLAN_MODES = {"private": 1, "vepa": 2, "bridge": 4, "passthru": 8, "source": 16}
IFLA_MACVLAN_MODE, IFLA_MACVLAN_FLAGS, IFLA_MACVLAN_BC_QUEUE_LEN = 1, 2, 7
MACVLAN_FLAG_NOPROMISC, MACVLAN_FLAG_NODST = 1, 2


def macvlan(ctx, req, words, kind="macvlan"):
    """macvlan_parse_opt()."""
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    mode = flags = 0
    has_flags = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "mode"):
            value = args.next_arg()
            mode = MACVLAN_MODES.get(value)
            if mode is None:
                ctx.err.write('Error: argument of "mode" must be "private", "vepa", "bridge", "passthru" or '
                              '"source", not "%s"\n' % value)
                _fail()
        elif matches(word, "flag"):
            value = args.next_arg()
            bit = {"nopromisc": MACVLAN_FLAG_NOPROMISC, "nodst": MACVLAN_FLAG_NODST, "null": 0}.get(value)
            if bit is None:
                ctx.err.write('Error: argument of "flag" must be "nopromisc", "nodst" or "null", not "%s"\n'
                              % value)
                _fail()
            flags |= bit
            has_flags = True
        elif matches(word, "macaddr"):
            _macaddr(ctx, req, args, kind)
        elif matches(word, "nopromisc") or matches(word, "nodst"):
            flags |= MACVLAN_FLAG_NOPROMISC if matches(word, "nopromisc") else MACVLAN_FLAG_NODST
            has_flags = True
        elif matches(word, "bcqueuelen"):
            value = args.next_arg()
            length = get_unsigned_max(value, 0xFFFFFFFF)
            if length is None:
                ctx.err.write('Error: argument of "bcqueuelen" must be a positive integer [0-4294967295], '
                              'not "%s"\n' % value)
                _fail()
            req.add32(IFLA_MACVLAN_BC_QUEUE_LEN, length)
        else:
            if not matches(word, "help"):
                ctx.err.write('%s: unknown option "%s"?\n' % (kind, word))
            _help(ctx, kind)
            _fail()
    if mode:
        req.add32(IFLA_MACVLAN_MODE, mode)
    if has_flags:
        if flags & MACVLAN_FLAG_NOPROMISC and mode != MACVLAN_MODES["passthru"]:
            ctx.err.write("%s: nopromisc flag only valid in passthru mode\n" % kind)
            _help(ctx, kind)
            _fail()
        req.add16(IFLA_MACVLAN_FLAGS, flags)


MACADDR_MODES = {"add": 0, "del": 1, "flush": 2, "set": 3}
IFLA_MACVLAN_MACADDR_MODE, IFLA_MACVLAN_MACADDR, IFLA_MACVLAN_MACADDR_DATA = 3, 4, 5


def _macaddr(ctx, req, args, kind):
    """macaddr { add | del } MAC, macaddr set [MAC ...], macaddr flush (for
    mode source).  set takes words for as long as they read as 6-byte
    addresses; the first that does not is left for the loop (after
    ll_addr_a2n()'s message, if it printed one)."""
    mode = MACADDR_MODES.get(args.next_arg())
    if mode is None:
        _help(ctx, kind)
        _fail()
    req.add32(IFLA_MACVLAN_MACADDR_MODE, mode)
    if mode in (0, 1):
        mac = _mac6(ctx, args.next_arg())
        if mac is None:
            _fail()
        req.add(IFLA_MACVLAN_MACADDR, mac)
    elif mode == 3:
        data = req.nest(IFLA_MACVLAN_MACADDR_DATA)
        while args:
            mac = _mac6(ctx, args.peek())
            if mac is None:
                break
            args.take()
            req.add(IFLA_MACVLAN_MACADDR, mac)
        req.end(data)


def _mac6(ctx, text):
    """ll_addr_a2n(mac, ETH_ALEN, text) == ETH_ALEN: the 6 bytes, or None."""
    parsed = ll_addr_a2n(ctx, text, 6)
    if parsed is None or parsed[1] != 6:
        return None
    return parsed[0][:6]


# ---- vxlan --------------------------------------------------------------------------------

(VX_ID, VX_GROUP, VX_LINK, VX_LOCAL, VX_TTL, VX_TOS, VX_LEARNING, VX_AGEING, VX_LIMIT, VX_PORT_RANGE,
 VX_PROXY, VX_RSC, VX_L2MISS, VX_L3MISS, VX_PORT, VX_GROUP6, VX_LOCAL6, VX_UDP_CSUM, VX_ZERO6_TX,
 VX_ZERO6_RX, VX_REMCSUM_TX, VX_REMCSUM_RX, VX_GBP, _VX_NOPARTIAL, VX_METADATA, VX_LABEL, VX_GPE,
 VX_TTL_INHERIT, VX_DF, VX_VNIFILTER) = range(1, 31)

# on/off words of vxlan_parse_opt(), in its order: (word, attribute, value)
VXLAN_SWITCHES = (
    ("noproxy", VX_PROXY, 0), ("proxy", VX_PROXY, 1), ("norsc", VX_RSC, 0), ("rsc", VX_RSC, 1),
    ("nol2miss", VX_L2MISS, 0), ("l2miss", VX_L2MISS, 1), ("nol3miss", VX_L3MISS, 0), ("l3miss", VX_L3MISS, 1),
    ("udpcsum", VX_UDP_CSUM, 1), ("noudpcsum", VX_UDP_CSUM, 0), ("udp6zerocsumtx", VX_ZERO6_TX, 1),
    ("noudp6zerocsumtx", VX_ZERO6_TX, 0), ("udp6zerocsumrx", VX_ZERO6_RX, 1),
    ("noudp6zerocsumrx", VX_ZERO6_RX, 0), ("remcsumtx", VX_REMCSUM_TX, 1), ("noremcsumtx", VX_REMCSUM_TX, 0),
    ("remcsumrx", VX_REMCSUM_RX, 1), ("noremcsumrx", VX_REMCSUM_RX, 0),
)


def _addrtype(prefix):
    """set_address_type(): (inet, multicast) for a parsed address; an
    all-zero address is inet but "unspec", "default"/"any" are neither."""
    if prefix is None or prefix.bitlen == -2 or prefix.family not in (2, 10):
        return False, False
    data = prefix.data[:prefix.bytelen]
    if not any(data):
        return True, False
    multi = data[0] & 0xF0 == 0xE0 if prefix.family == 2 else data[0] == 0xFF
    return True, multi


class _Vxlan:
    def __init__(self):
        self.attrs = set()
        self.vni = 0
        self.learning = 1
        self.dstport = 0
        self.metadata = self.vnifilter = 0
        self.saddr = self.daddr = None

    def once(self, ctx, attr, key, value):
        """check_duparg()."""
        if attr in self.attrs:
            duparg2(ctx, key, value)
        self.attrs.add(attr)


def vxlan(ctx, req, words):
    """vxlan_parse_opt()."""
    vx = _Vxlan()
    set_op = req.msg_type == 16 and not req.flags & 0x400
    args = Args(ctx, words)
    while args:
        _vxlan_word(ctx, req, vx, args, args.take())
    _vxlan_finish(ctx, req, vx, set_op)


def _family(prefix):
    return prefix.family if prefix is not None else 0


def _vxlan_word(ctx, req, vx, args, word):
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    if matches(word, "id") or matches(word, "vni"):
        value = args.next_arg()
        vx.once(ctx, VX_ID, "id", value)
        vni = get_unsigned_max(value, 0xFFFFFFFF)
        if vni is None or vni >= 1 << 24:
            invarg(ctx, "invalid id", value)
        vx.vni = vni
    elif matches(word, "group") or matches(word, "remote"):
        group = matches(word, "group")
        inet, multi = _addrtype(vx.daddr)
        if inet and (not multi if group else multi):
            ctx.err.write("vxlan: both group and remote cannot be specified\n")
            _fail()
        value = args.next_arg()
        vx.once(ctx, VX_GROUP, "group" if group else "remote", value)
        vx.daddr = get_addr(ctx, value, _family(vx.saddr))
        inet, multi = _addrtype(vx.daddr)
        if group and not (inet and multi):
            invarg(ctx, "invalid group address", value)
        if not group and not (inet and not multi):
            invarg(ctx, "invalid remote address", value)
    elif matches(word, "local"):
        value = args.next_arg()
        vx.once(ctx, VX_LOCAL, "local", value)
        vx.saddr = get_addr(ctx, value, _family(vx.daddr))
        inet, multi = _addrtype(vx.saddr)
        if not (inet and not multi):
            invarg(ctx, "invalid local address", value)
    elif matches(word, "dev"):
        value = args.next_arg()
        vx.once(ctx, VX_LINK, "dev", value)
        link = ifindex(ctx, value)
        if not link:
            nodev(ctx, value)
            from pynettools.tools.ip.utils import Exit

            raise Exit(255)  # exit(nodev()): exit(-1)
        req.add32(VX_LINK, link)
    elif matches(word, "ttl") or matches(word, "hoplimit"):
        value = args.next_arg()
        vx.once(ctx, VX_TTL, "ttl", value)
        if value == "inherit":
            req.add(VX_TTL_INHERIT)
        elif value == "auto":
            req.add8(VX_TTL, 0)
        else:
            ttl = get_unsigned_max(value, 0xFFFFFFFF)
            if ttl is None:
                invarg(ctx, "invalid TTL", value)
            if ttl > 255:
                invarg(ctx, "TTL must be <= 255", value)
            req.add8(VX_TTL, ttl)
    elif matches(word, "tos") or matches(word, "dsfield"):
        value = args.next_arg()
        vx.once(ctx, VX_TOS, "tos", value)
        if value == "inherit":
            tos = 1
        else:
            from pynettools.tools.ip.utils import route_names

            tos = route_names(ctx).dsfield_a2n(value)
            if tos is None:
                invarg(ctx, "bad TOS value", value)
        req.add8(VX_TOS, tos & 0xFF)
    else:
        _vxlan_word2(ctx, req, vx, args, word)


def _vxlan_word2(ctx, req, vx, args, word):
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    if matches(word, "df"):
        value = args.next_arg()
        vx.once(ctx, VX_DF, "df", value)
        df = {"unset": 0, "set": 1, "inherit": 2}.get(value)
        if df is None:
            invarg(ctx, "DF must be 'unset', 'set' or 'inherit'", value)
        req.add8(VX_DF, df)
    elif matches(word, "label") or matches(word, "flowlabel"):
        value = args.next_arg()
        vx.once(ctx, VX_LABEL, "flowlabel", value)
        label = get_unsigned_max(value, 0xFFFFFFFF)
        if label is None or label & ~0xFFFFF:
            invarg(ctx, "invalid flowlabel", value)
        req.add(VX_LABEL, struct.pack("!I", label))
    elif matches(word, "ageing") or matches(word, "maxaddress"):
        ageing = matches(word, "ageing")
        value = args.next_arg()
        vx.once(ctx, VX_AGEING if ageing else VX_LIMIT, "ageing" if ageing else "maxaddress", value)
        number = 0 if value == ("none" if ageing else "unlimited") else get_unsigned_max(value, 0xFFFFFFFF)
        if number is None:
            invarg(ctx, "ageing timer" if ageing else "max addresses", value)
        req.add32(VX_AGEING if ageing else VX_LIMIT, number)
    elif matches(word, "port") or matches(word, "srcport"):
        value = args.next_arg()
        vx.once(ctx, VX_PORT_RANGE, "srcport", value)
        low = get_unsigned_max(value, 0xFFFF)
        if low is None:
            invarg(ctx, "min port", value)
        value = args.next_arg()
        high = get_unsigned_max(value, 0xFFFF)
        if high is None:
            invarg(ctx, "max port", value)
        if low or high:
            req.add(VX_PORT_RANGE, struct.pack("!HH", low, high))
    elif matches(word, "dstport"):
        value = args.next_arg()
        vx.once(ctx, VX_PORT, "dstport", value)
        port = get_unsigned_max(value, 0xFFFF)
        if port is None:
            invarg(ctx, "dst port", value)
        vx.dstport = port
    elif matches(word, "nolearning") or matches(word, "learning"):
        vx.once(ctx, VX_LEARNING, word, word)
        vx.learning = 0 if matches(word, "nolearning") else 1
    else:
        _vxlan_word3(ctx, req, vx, word)


def _vxlan_word3(ctx, req, vx, word):
    for name, attr, value in VXLAN_SWITCHES:
        if matches(word, name):
            vx.once(ctx, attr, word, word)
            req.add8(attr, value)
            return
    if matches(word, "external") or matches(word, "noexternal"):
        vx.once(ctx, VX_METADATA, word, word)
        vx.metadata = 1 if matches(word, "external") else 0
        if vx.metadata:
            vx.learning = 0
        req.add8(VX_METADATA, vx.metadata)
    elif matches(word, "gbp") or matches(word, "gpe"):
        attr = VX_GBP if matches(word, "gbp") else VX_GPE
        vx.once(ctx, attr, word, word)
        req.add(attr)
    elif word in ("vnifilter", "novnifilter"):
        vx.once(ctx, VX_VNIFILTER, word, word)
        req.add8(VX_VNIFILTER, 1 if word == "vnifilter" else 0)
        if word == "vnifilter":
            vx.vnifilter = 1
    else:
        if not matches(word, "help"):
            ctx.err.write('vxlan: unknown command "%s"?\n' % word)
        _help(ctx, "vxlan")
        _fail()


def _vxlan_finish(ctx, req, vx, set_op):
    """The checks and attributes after vxlan_parse_opt()'s loop."""
    if not vx.metadata and vx.vnifilter:
        ctx.err.write("vxlan: vnifilter is valid only when 'external' is set\n")
        _fail()
    if vx.metadata and VX_ID in vx.attrs:
        ctx.err.write("vxlan: both 'external' and vni cannot be specified\n")
        _fail()
    if not vx.metadata and not vx.vnifilter and VX_ID not in vx.attrs and not set_op:
        ctx.err.write("vxlan: missing virtual network identifier\n")
        _fail()
    inet, multi = _addrtype(vx.daddr)
    if inet and multi and VX_LINK not in vx.attrs:
        ctx.err.write("vxlan: 'group' requires 'dev' to be specified\n")
        _fail()
    if VX_PORT not in vx.attrs and VX_GPE in vx.attrs:
        vx.dstport = 4790
    elif VX_PORT not in vx.attrs and not set_op:
        ctx.err.write("vxlan: destination port not specified\n"
                      "Will use Linux kernel default (non-standard value)\n"
                      "Use 'dstport 4789' to get the IANA assigned value\n"
                      "Use 'dstport 0' to get default and quiet this message\n")
    if VX_ID in vx.attrs:
        req.add32(VX_ID, vx.vni)
    selected = False
    for prefix, v4, v6 in ((vx.saddr, VX_LOCAL, VX_LOCAL6), (vx.daddr, VX_GROUP, VX_GROUP6)):
        if _addrtype(prefix)[0]:
            req.add(v4 if prefix.family == 2 else v6, prefix.data[:prefix.bytelen])
            selected = True
    if not selected and ctx.family in (2, 10):
        req.add(VX_GROUP if ctx.family == 2 else VX_GROUP6, bytes(4 if ctx.family == 2 else 16))
    if not set_op or VX_LEARNING in vx.attrs:
        req.add8(VX_LEARNING, vx.learning)
    if vx.dstport:
        req.add(VX_PORT, struct.pack("!H", vx.dstport))


# ---- vlan and vrf: kinds this kernel lacks, whose words ip reads before the
# kernel refuses the kind ------------------------------------------------------------------

IFLA_VLAN_ID, IFLA_VLAN_FLAGS, IFLA_VLAN_EGRESS_QOS, IFLA_VLAN_INGRESS_QOS, IFLA_VLAN_PROTOCOL = 1, 2, 3, 4, 5
IFLA_VLAN_QOS_MAPPING = 1
# vlan_parse_opt()'s on/off words: (word, VLAN_FLAG_* bit)
VLAN_FLAGS = (("reorder_hdr", 0x1), ("gvrp", 0x2), ("loose_binding", 0x4), ("mvrp", 0x8),
              ("bridge_binding", 0x10))
VLAN_FLAG_ORDER = ("reorder_hdr", "gvrp", "mvrp", "loose_binding", "bridge_binding")


def vlan(ctx, req, words):
    """vlan_parse_opt()."""
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    mask = flags = 0
    bits = dict(VLAN_FLAGS)
    args = Args(ctx, words)
    while args:
        word = args.take()
        flag = next((name for name in VLAN_FLAG_ORDER if matches(word, name)), None)
        if matches(word, "protocol"):
            value = args.next_arg()
            proto = _ll_proto_a2n(value)
            if proto is None:
                invarg(ctx, "protocol is invalid", value)
            req.add16(IFLA_VLAN_PROTOCOL, proto)
        elif matches(word, "id"):
            value = args.next_arg()
            vid = get_unsigned_max(value, 0xFFFF)
            if vid is None:
                invarg(ctx, "id is invalid", value)
            req.add16(IFLA_VLAN_ID, vid)
        elif flag is not None:
            value = args.next_arg()
            mask |= bits[flag]
            if value == "on":
                flags |= bits[flag]
            elif value == "off":
                flags &= ~bits[flag]
            else:
                ctx.err.write('Error: argument of "%s" must be "on" or "off", not "%s"\n' % (flag, value))
                _fail()
        elif matches(word, "ingress-qos-map") or matches(word, "egress-qos-map"):
            if not args:
                incomplete_command(ctx)  # NEXT_ARG(); the mapping starts at that word
            ingress = matches(word, "ingress-qos-map")
            _qos_map(ctx, req, args, IFLA_VLAN_INGRESS_QOS if ingress else IFLA_VLAN_EGRESS_QOS,
                     "invalid %s" % ("ingress-qos-map" if ingress else "egress-qos-map"))
        else:
            if not matches(word, "help"):
                ctx.err.write('vlan: unknown command "%s"?\n' % word)
            _help(ctx, "vlan")
            _fail()
    if mask:
        req.add(IFLA_VLAN_FLAGS, struct.pack("=II", flags, mask))


def _qos_map(ctx, req, args, attr, message):
    """parse_mapping(): FROM:TO words (get_u32 both, any base) into
    IFLA_VLAN_QOS_MAPPING entries, up to the first word with no ':', which
    the option loop reads next.  A bad one is invarg() with the word cut at
    its colon (the C code wrote a NUL there)."""
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    nest = req.nest(attr)
    while args and ":" in args.peek():
        key, _colon, value = args.peek().partition(":")
        frm = get_unsigned_max(key, 0xFFFFFFFF)
        to = get_unsigned_max(value, 0xFFFFFFFF) if frm is not None else None
        if to is None:
            invarg(ctx, message, key)
        req.add(IFLA_VLAN_QOS_MAPPING, struct.pack("=II", frm, to))
        args.take()
    req.end(nest)


IFLA_VRF_TABLE = 1


def vrf(ctx, req, words):
    """vrf_parse_opt()."""
    from pynettools.tools.ip.utils import route_names

    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "table"):
            value = args.next_arg()
            table = route_names(ctx).table_a2n(value)
            if table is None:
                invarg(ctx, "invalid table ID\n", value)
            req.add32(IFLA_VRF_TABLE, table)
        else:
            if not matches(word, "help"):
                ctx.err.write('vrf: unknown option "%s"?\n' % word)
            _help(ctx, "vrf")
            _fail()


# ---- bond: a kind this kernel lacks, whose words ip reads first ------------------------------

BOND_TABLES = {
    "mode": ("balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"),
    "arp_validate": ("none", "active", "backup", "all", "filter", "filter_active", "filter_backup"),
    "arp_all_targets": ("any", "all"),
    "primary_reselect": ("always", "better", "failure"),
    "fail_over_mac": ("none", "active", "follow"),
    "xmit_hash_policy": ("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"),
    "lacp_rate": ("slow", "fast"),
    "lacp_active": ("off", "on"),
    "ad_select": ("stable", "bandwidth", "count"),
}
# bond_parse_opt()'s words in its order: (word ("=" first: matched whole),
# IFLA_BOND_*, how the value is read: a table, a maximum, "dev", "zero",
# "targets", "targets6", "lladdr")
BOND_WORDS = (
    ("mode", 1, "table", 1), ("active_slave", 2, "dev", 4), ("clear_active_slave", 2, "zero", 4),
    ("miimon", 3, _U32, 4), ("updelay", 4, _U32, 4), ("downdelay", 5, _U32, 4),
    ("peer_notify_delay", 28, _U32, 4), ("use_carrier", 6, _U8, 1), ("arp_interval", 7, _U32, 4),
    ("arp_ip_target", 8, "targets", 0), ("=ns_ip6_target", 31, "targets6", 0),
    ("arp_validate", 9, "table", 4), ("arp_all_targets", 10, "table", 4), ("=arp_missed_max", 30, _U8, 1),
    ("primary", 11, "dev", 4), ("primary_reselect", 12, "table", 1), ("fail_over_mac", 13, "table", 1),
    ("xmit_hash_policy", 14, "table", 1), ("resend_igmp", 15, _U32, 4), ("num_grat_arp", 16, _U8, 1),
    ("num_unsol_na", 16, _U8, 1), ("all_slaves_active", 17, _U8, 1), ("min_links", 18, _U32, 4),
    ("lp_interval", 19, _U32, 4), ("packets_per_slave", 20, _U32, 4), ("lacp_rate", 21, "table", 1),
    ("=lacp_active", 29, "table", 1), ("ad_select", 22, "table", 1), ("ad_user_port_key", 25, _U16, 2),
    ("ad_actor_sys_prio", 24, _U16, 2), ("ad_actor_system", 26, "lladdr", 0), ("tlb_dynamic_lb", 27, _U8, 1),
)


def _bond_word(word):
    for entry in BOND_WORDS:
        name = entry[0]
        if (word == name[1:]) if name.startswith("=") else matches(word, name):
            return (name.lstrip("="),) + entry[1:]
    return None


def _get_index(table, text):
    """get_index(): a whole decimal number that indexes the table, else a name in it."""
    from pynettools.tools.ip.linkmodify import get_integer

    number = get_integer(text) if text and not text.lstrip().startswith(("0x", "0X")) else None
    if number is not None and 0 <= number < len(table):
        return number
    return table.index(text) if text in table else None


def bond(ctx, req, words):
    """bond_parse_opt()."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        entry = _bond_word(word)
        if entry is None:
            if not matches(word, "help"):
                ctx.err.write('bond: unknown command "%s"?\n' % word)
            _help(ctx, "bond")
            _fail()
        _bond_value(ctx, req, args, entry)


def _bond_value(ctx, req, args, entry):
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    name, attr, how, size = entry
    if how == "zero":
        req.add32(attr, 0)
    elif how in ("targets", "targets6"):
        _bond_targets(ctx, req, args, attr, how == "targets6")
    else:
        value = args.next_arg()
        if how == "table":
            number = _get_index(BOND_TABLES[name], value)
        elif how == "dev":
            number = ifindex(ctx, value)
            if not number:
                nodev(ctx, value)
                _fail()
        elif how == "lladdr":
            parsed = ll_addr_a2n(ctx, value, 32)
            if parsed is None:
                _fail()
            req.add(attr, parsed[0][:parsed[1]])
            return
        else:
            number = get_unsigned_max(value, how)
        if number is None:
            label = "num_grat_arp|num_unsol_na" if attr == 16 else name
            invarg(ctx, "invalid %s" % label, value)
        req.add(attr, struct.pack({1: "=B", 2: "=H", 4: "=I"}[size], number))


def _bond_targets(ctx, req, args, attr, six):
    """arp_ip_target A,B,... (get_addr32: exit 1 on a bad one) and
    ns_ip6_target (get_addr): up to 16 of them, each numbered from 0."""
    from pynettools.tools.ip.utils import Exit, get_addr_1

    nest = req.nest(attr)
    if args:
        targets = [t for t in args.take().split(",") if t]
        for i, target in enumerate(targets[:16]):
            if six:
                req.add(i, get_addr(ctx, target, 10).data[:16])
                continue
            addr = get_addr_1(target, 2)
            if addr is None:
                ctx.err.write('Error: an IP address is expected rather than "%s"\n' % target)
                raise Exit(1)
            req.add(i, addr.data[:4])
    req.end(nest)


PARSERS = {
    "bond": bond,
    "bridge_slave": bridge_slave,
    "vlan": vlan,
    "vrf": vrf,
    "veth": veth,
    "bridge": bridge,
    "macvlan": macvlan,
    "macvtap": lambda ctx, req, words: macvlan(ctx, req, words, "macvtap"),
    "vxlan": vxlan,
    "vxcan": lambda ctx, req, words: veth(ctx, req, words, "vxcan"),
}
