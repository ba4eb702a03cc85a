"""ip link add / set / change / replace / delete and ip link property add/del:
iplink.c iplink_modify(), iplink_parse() and iplink_prop_mod().

One RTM_NEWLINK (RTM_DELLINK, RTM_NEWLINKPROP, RTM_DELLINKPROP) request,
built here with struct as addrmodify.py builds its own: pyroute2 knows every
attribute but costs 200+ ms to import, and `ip link set dev X up` must stay
within 2.5x a bare Python start.  Attributes go in the order the C code
appends them (the seam's recordings key on the request's bytes):

  the ifinfomsg's flags/change   up, down, arp, multicast, promisc, ...
  IFLA_*                         each keyword's attribute as it is read
  IFLA_NEW_IFINDEX, IFLA_LINK    after the loop, then IFLA_IFNAME
  IFLA_LINKINFO { IFLA_INFO_KIND, IFLA_INFO_DATA { the kind's options } }

The kinds' options (veth, bridge, bridge_slave, macvlan, vxlan, and bond,
vlan and vrf, whose words ip reads before this kernel refuses them) are parsed by
pynettools/tools/ip/linkkinds.py; the tunnels' (gre, ipip, sit, ip6tnl, vti,
...) by pynettools/tools/ip/linktunnels.py and the other kinds' this kernel
lacks (geneve, bareudp, ipvlan, macsec, xfrm, can, ...) by linkextra.py.  ip
knows a kind when it has a "<kind>_link_util" (KNOWN_KINDS): any other kind
with words after it is "Garbage instead of arguments"; a known kind this
kernel lacks goes out once its words parse, and the kernel answers "Error:
Unknown device type.".

Surprises kept from the C code:
- "name X" also names the device to change when no "dev" is given, and a
  "dev" after a "name" is taken as that same device unless both differ.
- a MAC address is checked against the device's own length before a change
  (one RTM_GETLINK), not when creating.
- veth's peer options are a second iplink_parse() into the same message: the
  peer's ifinfomsg sits at the front of VETH_INFO_PEER.
"""
import struct

from pynettools.tools.ip.utils import (Args, Exit, check_ifname, duparg, duparg2, get_unsigned_max, ifindex,
                                       invarg, ll_addr_a2n, matches, nodev, rtnl_change, rtnl_echo_talk, strtoul)

RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_NEWLINKPROP, RTM_DELLINKPROP = 16, 17, 18, 108, 109
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND = 0x100, 0x200, 0x400, 0x800
NLA_F_NESTED = 0x8000

IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK = 1, 2, 3, 4, 5
IFLA_MASTER, IFLA_TXQLEN, IFLA_OPERSTATE, IFLA_LINKMODE, IFLA_LINKINFO = 10, 13, 16, 17, 18
IFLA_NET_NS_PID, IFLA_IFALIAS, IFLA_AF_SPEC, IFLA_GROUP, IFLA_NET_NS_FD = 19, 20, 26, 27, 28
IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES, IFLA_CARRIER, IFLA_LINK_NETNSID = 31, 32, 33, 37
IFLA_PROTO_DOWN, IFLA_GSO_MAX_SEGS, IFLA_GSO_MAX_SIZE, IFLA_NEW_IFINDEX = 39, 40, 41, 49
IFLA_PROP_LIST, IFLA_ALT_IFNAME, IFLA_PROTO_DOWN_REASON, IFLA_PARENT_DEV_NAME, IFLA_GRO_MAX_SIZE = 52, 53, 55, 56, 58
IFLA_INFO_KIND, IFLA_INFO_DATA, IFLA_INFO_SLAVE_DATA = 1, 2, 5
IFLA_INET6_ADDR_GEN_MODE = 8
AF_INET6 = 10
GSO_MAX_SEGS = 65535
IFALIASZ = 256

IFF_UP, IFF_NOTRAILERS, IFF_NOARP, IFF_PROMISC, IFF_ALLMULTI = 0x1, 0x20, 0x80, 0x100, 0x200
IFF_MULTICAST, IFF_DYNAMIC = 0x1000, 0x8000

# do_iplink()'s changing commands: (netlink type, request flags)
COMMANDS = (
    ("add", RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL),
    ("set", RTM_NEWLINK, 0),
    ("change", RTM_NEWLINK, 0),
    ("replace", RTM_NEWLINK, NLM_F_CREATE | NLM_F_REPLACE),
    ("delete", RTM_DELLINK, 0),
)

# "<kind>_link_util" symbols in iproute2 6.1's ip (the kinds whose options it
# parses; the others get "Garbage instead of arguments" for any option)
KNOWN_KINDS = frozenset((
    "amt", "bareudp", "batadv", "bond", "bond_slave", "bridge", "bridge_slave", "can", "dsa", "dummy", "erspan",
    "geneve", "gre", "gretap", "gtp", "hsr", "ifb", "ip6erspan", "ip6gre", "ip6gretap", "ip6tnl", "ipip", "ipoib",
    "ipvlan", "ipvtap", "macsec", "macvlan", "macvtap", "netdevsim", "nlmon", "rmnet", "sit", "team", "tun",
    "vcan", "veth", "virt_wifi", "vlan", "vrf", "vrf_slave", "vti", "vti6", "vxcan", "vxlan", "wwan", "xfrm",
    "team_slave",
))

# the on/off words matched whole: (word, flag bit, does "on" set the bit)
FLAG_WORDS = (
    ("multicast", IFF_MULTICAST, True), ("allmulticast", IFF_ALLMULTI, True),
    ("promisc", IFF_PROMISC, True), ("trailers", IFF_NOTRAILERS, False),
    ("arp", IFF_NOARP, False),
)
OPER_STATES = ("UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP")
ADDR_GEN_MODES = {"eui64": 0, "none": 1, "stable_secret": 2, "random": 3}


class Failed(Exception):
    """The C code's `return -1` out of a parser: iplink_modify() returns -1
    (exit 1), or parse_on_off()'s -EINVAL (exit 22)."""

    def __init__(self, status=1):
        Exception.__init__(self, status)
        self.status = status


class LinkRequest:
    """struct iplink_req: an ifinfomsg and its attributes, with nests."""

    def __init__(self, msg_type, flags, family):
        self.msg_type = msg_type
        self.flags = flags
        self.family = family
        self.index = 0
        self.ifi_flags = 0
        self.change = 0
        self.buf = bytearray()
        self.dev = None  # the device's name as given (for the trace)

    def add(self, kind, data=b""):
        self.buf += struct.pack("=HH", 4 + len(data), kind) + data + bytes(-len(data) % 4)

    def add8(self, kind, value):
        self.add(kind, struct.pack("=B", value))

    def add16(self, kind, value):
        self.add(kind, struct.pack("=H", value))

    def add32(self, kind, value):
        self.add(kind, struct.pack("=I", value & 0xFFFFFFFF))

    def add64(self, kind, value):
        self.add(kind, struct.pack("=Q", value))

    def nest(self, kind):
        """addattr_nest(): the offset to hand to end()."""
        at = len(self.buf)
        self.buf += struct.pack("=HH", 4, kind)
        return at

    def end(self, at):
        struct.pack_into("=H", self.buf, at, len(self.buf) - at)

    def ifinfomsg(self):
        return struct.pack("=BxHiII", self.family, 0, self.index, self.ifi_flags, self.change)

    def body(self):
        return self.ifinfomsg() + bytes(self.buf)


# ---- numbers as lib/utils.c reads them --------------------------------------------------


def get_integer(text):
    """get_integer(): strtol(…, 0) over the whole word, within an int."""
    negative = text.lstrip(" \t\n\v\f\r").startswith("-")
    value, rest = strtoul(text, 0)
    if value is None or rest:
        return None
    if negative:
        value = -((-value) % (1 << 64))
    if not -0x80000000 <= value <= 0x7FFFFFFF:
        return None
    return value


def get_u64(text):
    """get_u64(): refuses any '-'."""
    if "-" in text:
        return None
    return get_unsigned_max(text, (1 << 64) - 1)


def check_altifname(name):
    """check_altifname() == 0: not empty, no '/' and no white space (no
    length limit: the kernel checks that)."""
    raw = name.encode("utf-8", "surrogateescape")
    return len(raw) > 0 and not any(c in b"/ \t\n\v\f\r" for c in raw)


def cstr(text):
    return text.encode("utf-8", "surrogateescape")


# ---- do_iplink()'s changing commands ---------------------------------------------------------


def run(ctx, word, words):
    """The command if `word` is one of the changing ones, else None."""
    for command, msg_type, flags in COMMANDS:
        if matches(word, command):
            return modify(ctx, msg_type, flags, words, command)
    return None


def modify(ctx, msg_type, flags, words, command="set"):
    """iplink_modify(): 0, 1 (-1: a local refusal) or 2 (the kernel's)."""
    req = LinkRequest(msg_type, flags, ctx.family)
    try:
        consumed, kind = parse(ctx, req, words)
        if kind is not None:
            _linkinfo(ctx, req, kind, words[consumed:])
        elif flags & NLM_F_CREATE:
            ctx.err.write('Not enough information: "type" argument is required\n')
            return 1
    except Failed as failed:
        return failed.status
    # consumed is None for `ip link set group N up`: no device, index 0; the
    # kernel changes every device of the group
    what = "link %s %s" % (command, req.dev if req.dev is not None else "(group)")
    if ctx.echo:
        return rtnl_echo_talk(ctx, msg_type, req.body(), what, flags, _echo_printer(ctx))
    return 0 if rtnl_change(ctx, msg_type, req.body(), what, flags) else 2


def _echo_printer(ctx):
    """-echo: print_linkinfo() for the kernel's copy of the device, with
    ipaddress.c's static filter and do_link as this path leaves them: all
    zero, so group 0 only (a device in another group prints nothing) and no
    qlen."""
    from pynettools.kernel import links
    from pynettools.tools.ip.address import Filter, LinkMap
    from pynettools.tools.ip.link import print_linkinfo

    filt = Filter(0)
    filt.group = 0
    filt.showqueue = 0
    llmap = ctx.llmap = LinkMap(ctx)

    def print_info(buf, offset, length, answer_type):
        if answer_type in (RTM_NEWLINK, RTM_DELLINK):
            print_linkinfo(ctx, links.decode(buf, offset, length), filt, llmap, False)

    return print_info


def _linkinfo(ctx, req, kind, rest):
    """IFLA_LINKINFO { IFLA_INFO_KIND, IFLA_INFO_DATA or _SLAVE_DATA { options } }."""
    from pynettools.tools.ip import linkkinds

    info = req.nest(IFLA_LINKINFO)
    req.add(IFLA_INFO_KIND, cstr(kind))
    # strchr(type, '_') is "_slave": a port's options (bridge_slave, bond_slave)
    underscore = kind.find("_")
    data_type = IFLA_INFO_SLAVE_DATA if underscore >= 0 and kind[underscore:] == "_slave" else IFLA_INFO_DATA
    parser = linkkinds.PARSERS.get(kind)
    if parser is None and kind in KNOWN_KINDS:
        from pynettools.tools.ip import linkextra, linktunnels

        parser = linktunnels.PARSERS.get(kind) or linkextra.PARSERS.get(kind)
    if kind in KNOWN_KINDS and rest:
        # the nest goes out even empty for a kind with no parse_opt()
        # (dummy, ifb, team_slave), whatever the words.  The kernel refuses
        # a new device of a kind it lacks ("Unknown device type."), and any
        # data for an existing device of another kind ("Operation not
        # supported").
        data = req.nest(data_type)
        if parser is not None:
            parser(ctx, req, rest)
        req.end(data)
    elif rest:
        if matches(rest[0], "help"):
            _usage(ctx)
        ctx.err.write('Garbage instead of arguments "%s ...". Try "ip link help".\n' % rest[0])
        raise Failed()
    req.end(info)


def _usage(ctx):
    from pynettools.tools.ip import link

    link.usage(ctx)


# ---- iplink_parse() ----------------------------------------------------------------------


class _Parse:
    """iplink_parse()'s locals."""

    def __init__(self):
        self.name = self.dev = self.link = None
        self.qlen = self.mtu = self.netns = self.numtx = self.numrx = self.netnsid = self.group = None
        self.index = 0
        self.addr_len = 0
        self.move_netns = False


def parse(ctx, req, words):
    """iplink_parse(): (words consumed, the "type" word or None).  The
    consumed count is None for "group" with no device (the request is the
    group's)."""
    st = _Parse()
    args = Args(ctx, words)
    kind = None
    while args:
        word = args.take()
        if _keyword(ctx, req, st, args, word) == "type":
            kind = args.next_arg()
            break
    return _after(ctx, req, st, args), kind


def _keyword(ctx, req, st, args, word):
    """One keyword of iplink_parse()'s loop (and its value); "type" for that
    word (the loop ends there).  The order is C's: "t" is txqueuelen, "d"
    dynamic, "n" nomaster."""
    if word in ("up", "down"):
        req.change |= IFF_UP
        req.ifi_flags = req.ifi_flags | IFF_UP if word == "up" else req.ifi_flags & ~IFF_UP
    elif word == "name":
        value = args.next_arg()
        if st.name is not None:
            duparg(ctx, "name", value)
        if not check_ifname(value):
            invarg(ctx, '"name" not a valid ifname', value)
        st.name = value
        if st.dev is None:
            st.dev = st.name
    elif word == "index":
        value = args.next_arg()
        if st.index:
            duparg(ctx, "index", value)
        st.index = _atoi(value)
        if st.index <= 0:
            invarg(ctx, 'Invalid "index" value', value)
    elif matches(word, "link"):
        st.link = args.next_arg()
    elif matches(word, "address"):
        data = _lladdr(ctx, args.next_arg())
        st.addr_len = len(data)
        req.add(IFLA_ADDRESS, data)
    elif matches(word, "broadcast") or word == "brd":
        req.add(IFLA_BROADCAST, _lladdr(ctx, args.next_arg()))
    elif matches(word, "txqueuelen") or word == "qlen" or matches(word, "txqlen"):
        st.qlen = _int_once(ctx, args, st.qlen, "txqueuelen")
        req.add32(IFLA_TXQLEN, st.qlen)
    elif word == "mtu":
        st.mtu = _int_once(ctx, args, st.mtu, "mtu")
        req.add32(IFLA_MTU, st.mtu)
    elif word in ("xdpgeneric", "xdpdrv", "xdpoffload", "xdp"):
        from pynettools.tools.ip import linkvf

        linkvf.parse_xdp(ctx, req, st, args, word)
    elif word == "netns":
        _netns(ctx, req, st, args)
    elif _flag_word(ctx, req, args, word):
        pass
    elif word == "carrier":
        req.add8(IFLA_CARRIER, _on_off(ctx, "carrier", args.next_arg()))
    elif word == "vf":
        from pynettools.tools.ip import linkvf

        linkvf.parse_vf(ctx, req, st, args)
    elif matches(word, "master"):
        value = args.next_arg()
        index = ifindex(ctx, value)
        if not index:
            invarg(ctx, "Device does not exist\n", value)
        req.add32(IFLA_MASTER, index)
    elif word == "vrf":
        _vrf(ctx, req, args.next_arg())
    elif matches(word, "nomaster"):
        req.add32(IFLA_MASTER, 0)
    elif matches(word, "dynamic"):
        _flag_value(ctx, req, "dynamic", IFF_DYNAMIC, True, args.next_arg())
    elif matches(word, "type"):
        return "type"
    else:
        _keyword2(ctx, req, st, args, word)
    return None


def _keyword2(ctx, req, st, args, word):
    """iplink_parse()'s loop, from "alias" on."""
    if matches(word, "alias"):
        value = args.next_arg()
        raw = cstr(value)
        if len(raw) >= IFALIASZ:
            invarg(ctx, "alias too long\n", value)
        req.add(IFLA_IFALIAS, raw)
    elif word == "group":
        value = args.next_arg()
        if st.group is not None:
            duparg(ctx, "group", value)
        st.group = _group_a2n(ctx, value)
        if st.group is None:
            invarg(ctx, 'Invalid "group" value\n', value)
        req.add32(IFLA_GROUP, st.group)
    elif word == "mode":
        value = args.next_arg()
        mode = {"default": 0, "dormant": 1}.get(value.lower())
        if mode is None:
            invarg(ctx, "Invalid link mode\n", value)
        req.add8(IFLA_LINKMODE, mode)
    elif word == "state":
        value = args.next_arg()
        if value.upper() not in OPER_STATES:
            invarg(ctx, "Invalid operstate\n", value)
        req.add8(IFLA_OPERSTATE, OPER_STATES.index(value.upper()))
    elif matches(word, "numtxqueues"):
        st.numtx = _int_once(ctx, args, st.numtx, "numtxqueues")
        req.add32(IFLA_NUM_TX_QUEUES, st.numtx)
    elif matches(word, "numrxqueues"):
        st.numrx = _int_once(ctx, args, st.numrx, "numrxqueues")
        req.add32(IFLA_NUM_RX_QUEUES, st.numrx)
    elif matches(word, "addrgenmode"):
        value = args.next_arg()
        mode = ADDR_GEN_MODES.get(value.lower())
        if mode is None:
            invarg(ctx, "Invalid address generation mode\n", value)
        spec = req.nest(IFLA_AF_SPEC)
        inet6 = req.nest(AF_INET6)
        req.add8(IFLA_INET6_ADDR_GEN_MODE, mode)
        req.end(inet6)
        req.end(spec)
    elif matches(word, "link-netns"):
        value = args.next_arg()
        if st.netnsid is not None:
            duparg(ctx, "link-netns/link-netnsid", value)
        st.netnsid = _link_netns(ctx, value)
        req.add32(IFLA_LINK_NETNSID, st.netnsid)
    elif matches(word, "link-netnsid"):
        value = args.next_arg()
        if st.netnsid is not None:
            duparg(ctx, "link-netns/link-netnsid", value)
        st.netnsid = get_integer(value)
        if st.netnsid is None:
            invarg(ctx, 'Invalid "link-netnsid" value\n', value)
        req.add32(IFLA_LINK_NETNSID, st.netnsid)
    elif word == "protodown":
        req.add8(IFLA_PROTO_DOWN, _on_off(ctx, "protodown", args.next_arg()))
    elif word in ("gso_max_size", "gro_max_size"):
        value = args.next_arg()
        size = get_unsigned_max(value, 0xFFFFFFFF)
        if size is None:
            invarg(ctx, 'Invalid "%s" value\n' % word, value)
        req.add32(IFLA_GSO_MAX_SIZE if word == "gso_max_size" else IFLA_GRO_MAX_SIZE, size)
    elif word == "gso_max_segs":
        value = args.next_arg()
        segs = get_unsigned_max(value, 0xFFFFFFFF)
        if segs is None or segs > GSO_MAX_SEGS:
            invarg(ctx, 'Invalid "gso_max_segs" value\n', value)
        req.add32(IFLA_GSO_MAX_SEGS, segs)
    elif word == "parentdev":
        req.add(IFLA_PARENT_DEV_NAME, cstr(args.next_arg()) + b"\0")
    elif word == "protodown_reason":
        _protodown_reason(ctx, req, args)
    else:
        _device_word(ctx, st, args, word)


def _device_word(ctx, st, args, word):
    """Any other word: "help", or the device ("dev" optional)."""
    if matches(word, "help"):
        _usage(ctx)
    if word == "dev":
        word = args.next_arg()
    if st.dev is not st.name:
        duparg2(ctx, "dev", word)
    if not check_altifname(word):
        invarg(ctx, '"dev" not a valid ifname', word)
    st.dev = word


def _after(ctx, req, st, args):
    """iplink_parse() after its loop: the device, its index, the new name."""
    consumed = args.i
    name, dev = st.name, st.dev
    if name is None:
        name = dev
    elif dev is None:
        dev = name
    elif name == dev:
        name = dev
    creating = req.flags & NLM_F_CREATE
    if req.dev is None:  # (a veth peer's parse shares the request: the first device names it)
        req.dev = dev
    if dev is not None and st.addr_len and not creating:
        halen = ll_addr_len(ctx, dev)
        if halen >= 0 and halen != st.addr_len:
            ctx.err.write("Invalid address length %d - must be %d bytes\n" % (st.addr_len, halen))
            raise Failed()
    if st.index and not creating and not st.move_netns:
        ctx.err.write("index can be used only when creating devices or when moving device to another netns.\n")
        raise Exit(255)
    if st.group is not None and dev is None:
        if args:
            ctx.err.write('Garbage instead of arguments "%s ...". Try "ip link help".\n' % args.peek())
            raise Exit(255)
        if creating:
            ctx.err.write("group cannot be used when creating devices.\n")
            raise Exit(255)
        return None
    if not creating:
        if dev is None:
            ctx.err.write('Not enough information: "dev" argument is required.\n')
            raise Exit(255)
        req.index = ifindex(ctx, dev)
        if not req.index:
            nodev(ctx, dev)
            raise Failed()
        if name is dev or name == dev:
            name = None
        if st.index:
            req.add32(IFLA_NEW_IFINDEX, st.index)
    else:
        if name is not dev and name != dev:
            ctx.err.write('both "name" and "dev" cannot be used when creating devices.\n')
            raise Exit(255)
        if st.link is not None:
            index = ifindex(ctx, st.link)
            if not index:
                nodev(ctx, st.link)
                raise Failed()
            req.add32(IFLA_LINK, index)
        req.index = st.index
    if name is not None:
        req.add(IFLA_IFNAME, cstr(name) + b"\0")
    return consumed


# ---- the keywords' values ---------------------------------------------------------------


def _atoi(text):
    """atoi(): leading digits (and sign) only, 0 for none."""
    import re

    found = re.match(r"\s*([+-]?\d+)", text)
    if not found:
        return 0
    value = int(found.group(1)) & 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def _lladdr(ctx, text):
    """ll_addr_a2n() into ip's 32-byte buffer: the attribute's payload.  More
    than 32 parts give the length 33, and C sends 33 bytes, the last one
    from beyond the buffer (undefined): a zero here."""
    parsed = ll_addr_a2n(ctx, text, 32)
    if parsed is None:
        raise Failed()
    data, length = parsed
    return data[:length].ljust(length, b"\0")


def _int_once(ctx, args, seen, key):
    value = args.next_arg()
    if seen is not None:
        duparg(ctx, key, value)
    number = get_integer(value)
    if number is None:
        invarg(ctx, 'Invalid "%s" value\n' % key, value)
    return number


def _flag_word(ctx, req, args, word):
    for name, bit, on_sets in FLAG_WORDS:
        if word == name:
            _flag_value(ctx, req, name, bit, on_sets, args.next_arg())
            return True
    return False


def _flag_value(ctx, req, name, bit, on_sets, value):
    """on/off into ifi_flags under ifi_change (trailers and arp are inverted
    bits: NOTRAILERS, NOARP); any other word: on_off()'s message, -1."""
    req.change |= bit
    if value == "on":
        req.ifi_flags = req.ifi_flags | bit if on_sets else req.ifi_flags & ~bit
    elif value == "off":
        req.ifi_flags = req.ifi_flags & ~bit if on_sets else req.ifi_flags | bit
    else:
        _on_off_error(ctx, name, value)


def _on_off_error(ctx, name, value):
    ctx.err.write('Error: argument of "%s" must be "on" or "off", not "%s"\n' % (name, value))
    raise Failed()


def _on_off(ctx, name, value):
    """parse_on_off() in iplink_parse(): its -EINVAL is returned (exit 22)."""
    number = parse_on_off(ctx, name, value)
    if number is None:
        raise Failed(22)
    return number


def parse_on_off(ctx, name, value):
    """lib/utils.c parse_on_off() (parse_one_of() over "off", "on"): 0 for a
    prefix of "off" (tried first: "o" is off), 1 for one of "on"; else None
    after its message."""
    for number, word in enumerate(("off", "on")):
        if matches(value, word):
            return number
    ctx.err.write('Error: argument of "%s" must be one of "off", "on", not "%s"\n' % (name, value))
    return None


def _protodown_reason(ctx, req, args):
    """protodown_reason REASON on|off (prefixes of on/off, "o" is on):
    IFLA_PROTO_DOWN_REASON { MASK, VALUE } for the reason's bit."""
    value = args.next_arg()
    bit = _protodown_reason_a2n(ctx, value)
    if bit is None:
        invarg(ctx, "invalid protodown reason\n", value)
    state = args.next_arg()
    mask = 1 << bit
    if matches(state, "on"):
        flag = mask
    elif matches(state, "off"):
        flag = 0
    else:
        _on_off_error(ctx, "protodown_reason", state)
    nest = req.nest(IFLA_PROTO_DOWN_REASON | NLA_F_NESTED)
    req.add32(1, mask)  # IFLA_PROTO_DOWN_REASON_MASK
    req.add32(2, flag)  # IFLA_PROTO_DOWN_REASON_VALUE
    req.end(nest)


def _protodown_reason_a2n(ctx, text):
    """protodown_reason_a2n(): a name of /etc/iproute2/protodown_reasons.d/*.conf
    (the lowest bit of that name), else a number below 32 (strtoul, any base)."""
    from pynettools.tools.ip.utils import CONFDIR, conf_dir_files, read_id_file

    names = {}
    for path in conf_dir_files(ctx, CONFDIR + "/protodown_reasons.d"):
        for number, name in read_id_file(ctx, path):
            if 0 <= number < 32:
                names[number] = name
    for bit in sorted(names):
        if names[bit] == text:
            return bit
    value, rest = strtoul(text, 0) if text else (None, text)
    if value is None or rest or value >= 32:
        return None
    return value


def _vrf(ctx, req, value):
    from pynettools.tools.ip.utils import name_is_vrf

    index = ifindex(ctx, value)
    if not index or not name_is_vrf(ctx, value):
        invarg(ctx, "Not a valid VRF name\n", value)
    req.add32(IFLA_MASTER, index)


def _group_a2n(ctx, text):
    """rtnl_group_a2n(): a name of /etc/iproute2/group ("default" is 0), or a
    whole non-negative strtol number."""
    from pynettools.tools.ip.utils import CONFDIR, read_id_file

    groups = {"default": 0}
    for number, name in read_id_file(ctx, CONFDIR + "/group"):
        groups[name] = number
    if text in groups:
        return groups[text]
    value = get_integer(text) if text.strip() else None
    if value is None or value < 0:
        return None
    return value


def _netns(ctx, req, st, args):
    """netns NAME (a /run/netns file, or a path with '/') as a descriptor, or a PID."""
    from pynettools.kernel import netns as knetns

    value = args.next_arg()
    if st.netns is not None:
        duparg(ctx, "netns", value)
    fd = knetns.open_fd(ctx.kernel, value)
    if fd >= 0:
        st.netns = fd
        req.add32(IFLA_NET_NS_FD, fd)
    else:
        st.netns = get_integer(value)
        if st.netns is None:
            invarg(ctx, 'Invalid "netns" value\n', value)
        req.add32(IFLA_NET_NS_PID, st.netns)
    st.move_netns = True


def _link_netns(ctx, name):
    """link-netns NAME: the id this namespace gives NAME (get_netnsid_from_name()),
    assigning one first when it has none (set_netnsid_from_name(NAME, -1))."""
    from pynettools.kernel import netns as knetns
    from pynettools.kernel import nsid

    found = nsid.netns_id(ctx.kernel, name)
    if found[0] == "nsid" and found[1] >= 0:
        return found[1]
    if found[0] != "open":  # a file that does not open is left alone, as it fails again
        message, _status = knetns.set_nsid(ctx.kernel, name, -1)
        ctx.err.write(message)
        found = nsid.netns_id(ctx.kernel, name)
    if found[0] != "nsid" or found[1] < 0:
        invarg(ctx, 'Invalid "link-netns" value\n', name)
    return found[1]


def ll_addr_len(ctx, dev):
    """nl_get_ll_addr_len(): the length of the device's IFLA_ADDRESS, or -1."""
    from pynettools.kernel import rtnl

    index = ifindex(ctx, dev)
    if not index:
        return -1
    body = struct.pack("=BxHiII", ctx.family, 0, index, 0, 0)
    try:
        buf, offset, length = rtnl.talk(ctx.kernel, RTM_GETLINK, body, "link get %s" % dev)
    except OSError:
        return -1
    at, end = offset + 32, offset + length
    while at + 4 <= end:
        size, kind = struct.unpack_from("=HH", buf, at)
        if size < 4:
            break
        if kind & 0x3FFF == IFLA_ADDRESS:
            return size - 4
        at += (size + 3) & ~3
    return -1


# ---- ip link property add / del ---------------------------------------------------------


def prop(ctx, msg_type, words):
    """iplink_prop_mod(): altname words under IFLA_PROP_LIST, then the device."""
    flags = NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND if msg_type == RTM_NEWLINKPROP else 0
    req = LinkRequest(msg_type, flags, ctx.family)
    props = req.nest(IFLA_PROP_LIST | NLA_F_NESTED)
    dev = None
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "altname"):
            value = args.next_arg()
            if not check_altifname(value):
                invarg(ctx, "not a valid altname", value)
            req.add(IFLA_ALT_IFNAME, cstr(value) + b"\0")
        elif matches(word, "help"):
            _usage(ctx)
        else:
            if word == "dev":
                word = args.next_arg()
            if dev is not None:
                duparg2(ctx, "dev", word)
            if not check_altifname(word):
                invarg(ctx, '"dev" not a valid ifname', word)
            dev = word
    req.end(props)
    if dev is None:
        ctx.err.write('Not enough of information: "dev" argument is required.\n')
        raise Exit(255)
    req.index = ifindex(ctx, dev)
    if not req.index:
        nodev(ctx, dev)
        return 1
    what = "link property %s %s" % ("add" if msg_type == RTM_NEWLINKPROP else "del", dev)
    return 0 if rtnl_change(ctx, msg_type, req.body(), what, flags) else 2

# ---- ip tuntap add / del (iptuntap.c) ---------------------------------------------------

IFF_TUN, IFF_TAP, IFF_MULTI_QUEUE, IFF_NO_PI, IFF_ONE_QUEUE, IFF_VNET_HDR = 0x1, 0x2, 0x100, 0x1000, 0x2000, 0x4000
IFF_TUN_EXCL = 0x8000


def tuntap(ctx, adding, words):
    """do_add()/do_del(): parse_args(), then the ioctls on /dev/net/tun
    (kernel/tuntap.py); a failed step is perror()'s line and exit 1."""
    from pynettools.kernel import tuntap as ktuntap

    name, flags, uid, gid = _tuntap_args(ctx, adding, words)
    if adding:
        flags |= IFF_TUN_EXCL
    failed = ktuntap.set_persist(ctx.kernel, name, flags, uid, gid, adding)
    if failed:
        ctx.err.write("%s: %s\n" % (failed[0], failed[1]))
        return 1
    return 0


def _tuntap_args(ctx, adding, words):
    """parse_args(): (name, ifr_flags, uid, gid); user and group only for add."""
    from pynettools.tools.ip import tuntap as show_side

    name = ""
    flags = IFF_NO_PI
    uid = gid = None
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "mode"):
            flags |= _tun_mode(ctx, flags, args.next_arg())
        elif adding and (matches(word, "user") or matches(word, "group")):
            user = matches(word, "user")
            value = args.next_arg()
            number = _tun_id(ctx, value, not user)
            if user:
                uid = number
            else:
                gid = number
        elif matches(word, "pi"):
            flags &= ~IFF_NO_PI
        elif matches(word, "one_queue"):
            flags |= IFF_ONE_QUEUE
        elif matches(word, "vnet_hdr"):
            flags |= IFF_VNET_HDR
        elif matches(word, "multi_queue"):
            flags |= IFF_MULTI_QUEUE
        elif matches(word, "dev"):
            value = args.next_arg()
            if not check_ifname(value):
                invarg(ctx, '"dev" not a valid ifname', value)
            name = value
        else:
            if matches(word, "name"):
                word = args.next_arg()
            elif matches(word, "help"):
                show_side.usage(ctx)
            if name:
                duparg2(ctx, "name", word)
            if not check_ifname(word):
                invarg(ctx, '"name" not a valid ifname', word)
            name = word
    if not flags & (IFF_TUN | IFF_TAP):
        ctx.err.write("You failed to specify a tunnel mode\n")
        raise Failed()
    return name, flags, uid, gid


def _tun_mode(ctx, flags, value):
    if matches(value, "tun") or matches(value, "tap"):
        bit, other = (IFF_TUN, IFF_TAP) if matches(value, "tun") else (IFF_TAP, IFF_TUN)
        if flags & other:
            ctx.err.write("You managed to ask for more than one tunnel mode.\n")
            raise Exit(255)
        return bit
    ctx.err.write('Unknown tunnel mode "%s"\n' % value)
    raise Exit(255)


def _tun_id(ctx, value, group):
    """A number (strtol base 10, the whole word), else the user's (group's) id."""
    from pynettools.kernel import tuntap as ktuntap

    if value:
        negative = value.lstrip(" \t\n\v\f\r").startswith("-")
        number, rest = strtoul(value, 10)
        if number is not None and not rest:
            return (-number if negative else number) & 0xFFFFFFFF
    found = ktuntap.user_id(ctx.kernel, value, group)
    if found is None:
        ctx.err.write('invalid %s "%s"\n' % ("group" if group else "user", value))
        raise Exit(255)
    return found
