"""The options of `ip link add/set ... type KIND OPTIONS` for the tunnel kinds
and the other kinds this kernel lacks: link_gre.c (gre, gretap, erspan),
link_gre6.c (ip6gre, ip6gretap, ip6erspan), link_iptnl.c (ipip, sit),
link_ip6tnl.c (ip6tnl), link_vti.c, link_vti6.c, iplink_geneve.c,
iplink_bareudp.c, iplink_ipvlan.c (ipvlan, ipvtap), link_xfrm.c,
iplink_bond_slave.c, iplink_gtp.c, iplink_amt.c, ipmacsec.c, iplink_batadv.c,
iplink_hsr.c, iplink_rmnet.c, iplink_wwan.c, iplink_dsa.c, iplink_ipoib.c
and iplink_can.c of iproute2 6.1 (vxcan's, veth's twin, are linkkinds.py's).

ip parses the words and, when they parse, sends the request; this kernel then
answers "Error: Unknown device type.".  When they do not, the kind's own
messages and usage text are printed (linkhelp.HELP) and nothing is sent.
Each parser fills IFLA_INFO_DATA of the request linkmodify.py builds, with
struct as the rest of linkmodify.py does (pyroute2's import alone would cost
more than the budget of a whole `ip link` command); the attributes go in the
C code's order, since the seam's recordings key on the request's bytes.

A surprise kept from 6.1: for `link set`/`change` (no NLM_F_CREATE) the
tunnel parsers first ask the kernel for the device (RTM_GETLINK by index) and
start from its IFLA_INFO_DATA read as their own attributes.  A device with no
IFLA_LINKINFO or no IFLA_INFO_DATA (lo, a veth), or whose attribute in the
local/remote slot is not 4 or 16 bytes of the tunnel's family (a bridge's
priority), is "Failed to get existing tunnel info." (exit 1); any other
device's attributes are read as the tunnel's, whatever they mean.

A parser's `return -1` is linkmodify.Failed (exit 1); invarg() and exit(-1)
are exit 255, get_addr()'s refusal exit 1, as in the C code.
"""
import struct

from pynettools.tools.ip.utils import (Args, Exit, get_addr, get_addr_1, get_prefix, get_unsigned_max, ifindex,
                                       invarg, matches, missarg, nodev)

AF_INET, AF_INET6 = 2, 10

# include/uapi/linux/if_tunnel.h: the GRE flags are big-endian u16s that ip
# stores as they are (their host values on this little-endian machine)
GRE_CSUM, GRE_KEY, GRE_SEQ = (struct.unpack("=H", struct.pack("!H", bit))[0] for bit in (0x8000, 0x2000, 0x1000))
ENCAP_TYPES = {"fou": 1, "gue": 2, "none": 0}
ENCAP_FLAG_CSUM, ENCAP_FLAG_CSUM6, ENCAP_FLAG_REMCSUM = 1, 2, 4
# IP6_TNL_F_*
F_IGN_ENCAP_LIMIT, F_USE_ORIG_TCLASS, F_USE_ORIG_FLOWLABEL = 0x1, 0x2, 0x4
F_RCV_DSCP_COPY, F_USE_ORIG_FWMARK, F_ALLOW_LOCAL_REMOTE = 0x10, 0x20, 0x40
FLOWINFO_TCLASS, FLOWINFO_FLOWLABEL = 0x0FF00000, 0x000FFFFF  # (in network order: flowinfo is kept as such)
DEFAULT_TNL_HOP_LIMIT, IPV6_DEFAULT_TNL_ENCAP_LIMIT = 64, 4
IPPROTO_IPIP, IPPROTO_IPV6, IPPROTO_MPLS = 4, 41, 137
SIT_ISATAP = 0x0001

(GRE_LINK, GRE_IFLAGS, GRE_OFLAGS, GRE_IKEY, GRE_OKEY, GRE_LOCAL, GRE_REMOTE, GRE_TTL, GRE_TOS, GRE_PMTUDISC,
 GRE_ENCAP_LIMIT, GRE_FLOWINFO, GRE_FLAGS, GRE_ENCAP_TYPE, GRE_ENCAP_FLAGS, GRE_ENCAP_SPORT, GRE_ENCAP_DPORT,
 GRE_COLLECT_METADATA, GRE_IGNORE_DF, GRE_FWMARK, GRE_ERSPAN_INDEX, GRE_ERSPAN_VER, GRE_ERSPAN_DIR,
 GRE_ERSPAN_HWID) = range(1, 25)
(IPTUN_LINK, IPTUN_LOCAL, IPTUN_REMOTE, IPTUN_TTL, IPTUN_TOS, IPTUN_ENCAP_LIMIT, IPTUN_FLOWINFO, IPTUN_FLAGS,
 IPTUN_PROTO, IPTUN_PMTUDISC, IPTUN_6RD_PREFIX, IPTUN_6RD_RELAY_PREFIX, IPTUN_6RD_PREFIXLEN,
 IPTUN_6RD_RELAY_PREFIXLEN, IPTUN_ENCAP_TYPE, IPTUN_ENCAP_FLAGS, IPTUN_ENCAP_SPORT, IPTUN_ENCAP_DPORT,
 IPTUN_COLLECT_METADATA, IPTUN_FWMARK) = range(1, 21)
VTI_LINK, VTI_IKEY, VTI_OKEY, VTI_LOCAL, VTI_REMOTE, VTI_FWMARK = range(1, 7)
GRE_MAX, IPTUN_MAX, VTI_MAX = 24, 20, 6


def _help(ctx, kind):
    from pynettools.tools.ip.linkhelp import HELP

    ctx.err.write(HELP[kind])


def _fail():
    from pynettools.tools.ip.linkmodify import Failed

    raise Failed()


def _u8(ctx, value, message, base=0):
    number = get_unsigned_max(value, 0xFF, base)
    if number is None:
        invarg(ctx, message, value)
    return number


def _u16(ctx, value, message):
    number = get_unsigned_max(value, 0xFFFF)
    if number is None:
        invarg(ctx, message, value)
    return number


def _u32(ctx, value, message, base=0):
    number = get_unsigned_max(value, 0xFFFFFFFF, base)
    if number is None:
        invarg(ctx, message, value)
    return number


# ---- addresses: inet_prefix's ADDRTYPE_* flags -------------------------------------------


def _inet(prefix):
    """is_addrtype_inet(): set_address_type() gave it an inet type (its
    family is inet or inet6, whatever its bytes)."""
    return prefix is not None and prefix.family in (AF_INET, AF_INET6)


def _unspec(prefix):
    return not any(prefix.data[:16 if prefix.family == AF_INET6 else 4])


def _multi(prefix):
    first = prefix.data[0]
    return first & 0xF0 == 0xE0 if prefix.family == AF_INET else first == 0xFF


def _not_unspec(prefix):
    """is_addrtype_inet_not_unspec()."""
    return _inet(prefix) and not _unspec(prefix)


def _addr_bytes(prefix):
    return prefix.data[:prefix.bytelen]


def _dev(ctx, value):
    """ll_name_to_index(), and exit(nodev()) (255) for no such device."""
    link = ifindex(ctx, value)
    if not link:
        nodev(ctx, value)
        raise Exit(255)
    return link


def _key(ctx, name, value):
    """tnl_parse_key(): the key's 4 bytes in network order (a dotted quad is
    get_addr32(), exit 1 when it is not an address)."""
    if "." in value:
        addr = get_addr_1(value, AF_INET)
        if addr is None:
            ctx.err.write('Error: an IP address is expected rather than "%s"\n' % value)
            raise Exit(1)
        return addr.data[:4]
    number = get_unsigned_max(value, 0xFFFFFFFF)
    if number is None:
        ctx.err.write('invalid value for "%s": "%s"; it should be an unsigned integer\n' % (name, value))
        raise Exit(255)
    return struct.pack("!I", number)


# ---- the existing device (link set / change) -----------------------------------------------


class _Existing:
    """The device's IFLA_INFO_DATA as parse_rtattr_nested() fills a table:
    the first attribute of each type up to the kind's maximum.  Values are
    read from the answer's bytes as rta_getattr_u*() does, whatever the
    attribute's own length."""

    def __init__(self, buf, attrs):
        self.buf = buf
        self.attrs = attrs  # type -> (payload offset, payload length)

    def __contains__(self, kind):
        return kind in self.attrs

    def raw(self, kind, size):
        at = self.attrs[kind][0]
        return bytes(self.buf[at:at + size]).ljust(size, b"\0")

    def u8(self, kind):
        return self.raw(kind, 1)[0]

    def u16(self, kind):
        return struct.unpack("=H", self.raw(kind, 2))[0]

    def u32(self, kind):
        return struct.unpack("=I", self.raw(kind, 4))[0]

    def addr(self, kind, family):
        """get_addr_rta(): a Prefix, None when absent or when the payload
        is not 4 or 16 bytes of `family` (the parser's "get_failed")."""
        from pynettools.tools.ip.utils import Prefix

        at, size = self.attrs[kind]
        got = {4: AF_INET, 16: AF_INET6}.get(size)
        if got is None or got != family:
            return None
        return Prefix(got, size, -1, self.buf[at:at + size])


def _get_failed(ctx):
    from pynettools.tools.ip.linkmodify import Failed

    ctx.err.write("Failed to get existing tunnel info.\n")
    raise Failed()


def _attrs(buf, at, end, maximum):
    """parse_rtattr(): {type: (payload offset, payload length)}, first of each type."""
    found = {}
    while at + 4 <= end:
        size, kind = struct.unpack_from("=HH", buf, at)
        if size < 4 or at + size > end:
            break
        kind &= ~0x8000
        if kind <= maximum and kind not in found:
            found[kind] = (at + 4, size - 4)
        at += (size + 3) & ~3
    return found


def _existing(ctx, req, maximum):
    """None when creating; else the device's IFLA_INFO_DATA (_Existing), or
    "Failed to get existing tunnel info." (exit 1)."""
    from pynettools.kernel import rtnl
    from pynettools.tools.ip.linkmodify import RTM_GETLINK, IFLA_LINKINFO, IFLA_INFO_DATA, NLM_F_CREATE

    if req.flags & NLM_F_CREATE:
        return None
    body = struct.pack("=BxHiII", ctx.family, 0, req.index, 0, 0)
    try:
        buf, offset, length = rtnl.talk(ctx.kernel, RTM_GETLINK, body, "link get %s" % req.dev)
    except rtnl.TalkError as err:
        ctx.err.write(err.message())  # (rtnl_talk()'s words, then the parser's)
        _get_failed(ctx)
    end = offset + length
    top = _attrs(buf, offset + 32, end, 0xFFFF)
    if IFLA_LINKINFO not in top:
        _get_failed(ctx)
    at, size = top[IFLA_LINKINFO]
    info = _attrs(buf, at, at + size, 0xFFFF)
    if IFLA_INFO_DATA not in info:
        _get_failed(ctx)
    at, size = info[IFLA_INFO_DATA]
    return _Existing(buf, _attrs(buf, at, at + size, maximum))


def _existing_addr(ctx, old, kind, family):
    """The device's address attribute `kind` (None when absent), or get_failed."""
    if kind not in old:
        return None
    prefix = old.addr(kind, family)
    if prefix is None:
        _get_failed(ctx)
    return prefix


# ---- the encap words the tunnels share ------------------------------------------------------


class _Encap:
    """encap type/flags/ports (ports kept as host numbers: ip sends
    htons() of them, even of the ones it read back from the kernel)."""

    def __init__(self, flags=0):
        self.type = 0
        self.flags = flags
        self.sport = self.dport = 0

    def word(self, ctx, args, word):
        """One encap word, True if it was one."""
        flag = {"encap-csum": ENCAP_FLAG_CSUM, "encap-udp6-csum": ENCAP_FLAG_CSUM6,
                "encap-remcsum": ENCAP_FLAG_REMCSUM}
        if word == "noencap":
            self.type = 0
        elif word == "encap":
            value = args.next_arg()
            if value not in ENCAP_TYPES:
                invarg(ctx, "Invalid encap type.", value)
            self.type = ENCAP_TYPES[value]
        elif word == "encap-sport":
            value = args.next_arg()
            self.sport = 0 if value == "auto" else _u16(ctx, value, "Invalid source port.")
        elif word == "encap-dport":
            self.dport = _u16(ctx, args.next_arg(), "Invalid destination port.")
        elif word in flag:
            self.flags |= flag[word]
        elif word.startswith("no") and word[2:] in flag:
            self.flags &= ~flag[word[2:]]
        else:
            return False
        return True

    def read(self, old, first):
        """The four attributes from the device (first: ENCAP_TYPE's number)."""
        if first in old:
            self.type = old.u16(first)
        if first + 1 in old:
            self.flags = old.u16(first + 1)
        if first + 2 in old:
            self.sport = old.u16(first + 2)
        if first + 3 in old:
            self.dport = old.u16(first + 3)

    def add(self, req, first):
        req.add16(first, self.type)
        req.add16(first + 1, self.flags)
        req.add(first + 2, struct.pack("!H", self.sport & 0xFFFF))
        req.add(first + 3, struct.pack("!H", self.dport & 0xFFFF))


def _tos(ctx, value):
    """ttl/tos: "inherit" is 1, else rtnl_dsfield_a2n()."""
    from pynettools.tools.ip.utils import route_names

    if value == "inherit":
        return 1
    tos = route_names(ctx).dsfield_a2n(value)
    if tos is None:
        invarg(ctx, "bad TOS value", value)
    return tos & 0xFF


# ---- gre, gretap, erspan and ip6gre, ip6gretap, ip6erspan (link_gre.c, link_gre6.c) ----------


class _Gre:
    def __init__(self, six):
        self.six = six
        self.iflags = self.oflags = 0
        self.ikey = self.okey = bytes(4)
        self.saddr = self.daddr = None
        self.pmtudisc, self.ignore_df, self.tos = 1, 0, 0
        self.ttl = DEFAULT_TNL_HOP_LIMIT if six else 0
        self.encap_limit = IPV6_DEFAULT_TNL_ENCAP_LIMIT
        self.flowinfo = self.flags = 0
        self.link = self.fwmark = 0
        self.metadata = 0
        self.encap = _Encap(ENCAP_FLAG_CSUM6 if six else 0)
        self.erspan_idx, self.erspan_ver, self.erspan_dir, self.erspan_hwid = 0, 1, 0, 0

    def read(self, ctx, old):
        family = AF_INET6 if self.six else AF_INET
        self.saddr = _existing_addr(ctx, old, GRE_LOCAL, family)
        self.daddr = _existing_addr(ctx, old, GRE_REMOTE, family)
        if GRE_IKEY in old:
            self.ikey = old.raw(GRE_IKEY, 4)
        if GRE_OKEY in old:
            self.okey = old.raw(GRE_OKEY, 4)
        for kind, name, reader in ((GRE_IFLAGS, "iflags", old.u16), (GRE_OFLAGS, "oflags", old.u16)):
            if kind in old:
                setattr(self, name, reader(kind))
        if self.six:
            self._read6(old)
        else:
            self._read4(old)
        self.encap.read(old, GRE_ENCAP_TYPE)
        self.metadata = 1 if GRE_COLLECT_METADATA in old else 0
        if GRE_FWMARK in old:
            self.fwmark = old.u32(GRE_FWMARK)
        if GRE_ERSPAN_INDEX in old:
            self.erspan_idx = old.u32(GRE_ERSPAN_INDEX)
        if GRE_ERSPAN_VER in old:
            self.erspan_ver = old.u8(GRE_ERSPAN_VER)
        if GRE_ERSPAN_DIR in old:
            self.erspan_dir = old.u8(GRE_ERSPAN_DIR)
        if GRE_ERSPAN_HWID in old:
            self.erspan_hwid = old.u16(GRE_ERSPAN_HWID)

    def _read4(self, old):
        if GRE_PMTUDISC in old:
            self.pmtudisc = old.u8(GRE_PMTUDISC)
        if GRE_IGNORE_DF in old:
            self.ignore_df = 1 if old.u8(GRE_IGNORE_DF) else 0
        if GRE_TOS in old:
            self.tos = old.u8(GRE_TOS)
        if GRE_TTL in old:
            self.ttl = old.u8(GRE_TTL)
        if GRE_LINK in old:
            self.link = old.u32(GRE_LINK)

    def _read6(self, old):
        if GRE_TTL in old:
            self.ttl = old.u8(GRE_TTL)
        if GRE_LINK in old:
            self.link = old.u32(GRE_LINK)
        if GRE_ENCAP_LIMIT in old:
            self.encap_limit = old.u8(GRE_ENCAP_LIMIT)
        if GRE_FLOWINFO in old:
            self.flowinfo = struct.unpack("!I", old.raw(GRE_FLOWINFO, 4))[0]
        if GRE_FLAGS in old:
            self.flags = old.u32(GRE_FLAGS)


# [no][i|o]seq, [no][i|o]csum and no[i|o]key: (word, GRE bit, in?, out?, set?)
_GRE_BITS = []
for _name, _bit in (("seq", GRE_SEQ), ("csum", GRE_CSUM)):
    for _pre, _i, _o in (("", True, True), ("i", True, False), ("o", False, True)):
        _GRE_BITS.append((_pre + _name, _bit, _i, _o, True))
        _GRE_BITS.append(("no" + _pre + _name, _bit, _i, _o, False))
_GRE_BITS = tuple(_GRE_BITS)


def gre(ctx, req, words, kind):
    """gre_parse_opt() of link_gre.c (six False) or link_gre6.c (six True)."""
    six = kind.startswith("ip6")
    gr = _Gre(six)
    old = _existing(ctx, req, GRE_MAX)
    if old is not None:
        gr.read(ctx, old)
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not (_gre_key(ctx, gr, args, word) or _gre_common(ctx, gr, args, word)
                or (_gre6_word(ctx, gr, args, word) if six else _gre4_word(ctx, gr, args, word))
                or ((six or kind == "erspan") and _erspan_word(ctx, gr, args, word))):
            _help(ctx, kind)
            _fail()
    if not six and _inet(gr.daddr) and not _unspec(gr.daddr) and _multi(gr.daddr):
        # a multicast remote: the keys default to its address
        if not any(gr.ikey):
            gr.ikey = gr.daddr.data[:4]
            gr.iflags |= GRE_KEY
        if not any(gr.okey):
            gr.okey = gr.daddr.data[:4]
            gr.oflags |= GRE_KEY
        if not _not_unspec(gr.saddr):
            ctx.err.write("A broadcast tunnel requires a source address.\n")
            _fail()
    if gr.metadata:
        req.add(GRE_COLLECT_METADATA)
        return
    _gre_attrs(req, gr, six, kind)


def _gre_key(ctx, gr, args, word):
    """key/ikey/okey KEY, nokey/noikey/nookey and the seq/csum bits (matched by prefix, in C's order)."""
    for name, inner, outer in (("key", True, True), ("nokey", True, True), ("ikey", True, False),
                               ("noikey", True, False), ("okey", False, True), ("nookey", False, True)):
        if matches(word, name):
            key = _key(ctx, name, args.next_arg()) if not name.startswith("no") else bytes(4)
            setting = not name.startswith("no")
            if inner:
                gr.iflags = gr.iflags | GRE_KEY if setting else gr.iflags & ~GRE_KEY
                gr.ikey = key
            if outer:
                gr.oflags = gr.oflags | GRE_KEY if setting else gr.oflags & ~GRE_KEY
                gr.okey = key
            return True
    for name, bit, inner, outer, setting in _GRE_BITS:
        if matches(word, name):
            if inner:
                gr.iflags = gr.iflags | bit if setting else gr.iflags & ~bit
            if outer:
                gr.oflags = gr.oflags | bit if setting else gr.oflags & ~bit
            return True
    return False


def _gre_common(ctx, gr, args, word):
    """[no]pmtudisc (gre only), remote, local, dev, ttl: the words after the bits."""
    family = AF_INET6 if gr.six else AF_INET
    if not gr.six and matches(word, "nopmtudisc"):
        gr.pmtudisc = 0
    elif not gr.six and matches(word, "pmtudisc"):
        gr.pmtudisc = 1
    elif matches(word, "remote"):
        gr.daddr = get_addr(ctx, args.next_arg(), family)
    elif matches(word, "local"):
        gr.saddr = get_addr(ctx, args.next_arg(), family)
    elif matches(word, "dev"):
        gr.link = _dev(ctx, args.next_arg())
    elif matches(word, "ttl") or matches(word, "hoplimit") or matches(word, "hlim"):
        value = args.next_arg()
        gr.ttl = 0 if value == "inherit" else _u8(ctx, value, "invalid HLIM\n" if gr.six else "invalid TTL\n")
    elif matches(word, "tos") or matches(word, "tclass") or matches(word, "dsfield"):
        value = args.next_arg()
        if gr.six:
            _tclass(ctx, gr, value)
        else:
            gr.tos = _tos(ctx, value)
    else:
        return gr.encap.word(ctx, args, word) or _gre_tail(ctx, gr, args, word)
    return True


def _gre_tail(ctx, gr, args, word):
    """flowlabel and dscp (ip6gre) come before the encap words; external."""
    if word == "external":
        gr.metadata = 1
        return True
    return False


def _gre4_word(ctx, gr, args, word):
    if word == "ignore-df":
        gr.ignore_df = 1
    elif word == "noignore-df":
        gr.ignore_df = 2  # only the low bit is sent: 2 says "given"
    elif word == "fwmark":
        gr.fwmark = _u32(ctx, args.next_arg(), "invalid fwmark\n")
    else:
        return False
    return True


def _tclass(ctx, tn, value):
    """tos/tclass of the IPv6 tunnels: flowinfo's traffic class (hex)."""
    tn.flowinfo &= ~FLOWINFO_TCLASS
    if value == "inherit":
        tn.flags |= F_USE_ORIG_TCLASS
    else:
        tclass = _u8(ctx, value, "invalid TClass", 16)
        tn.flowinfo |= (tclass << 20) & FLOWINFO_TCLASS
        tn.flags &= ~F_USE_ORIG_TCLASS


def _flowlabel(ctx, tn, value):
    tn.flowinfo &= ~FLOWINFO_FLOWLABEL
    if value == "inherit":
        tn.flags |= F_USE_ORIG_FLOWLABEL
    else:
        label = get_unsigned_max(value, 0xFFFFFFFF, 16)
        if label is None or label > 0xFFFFF:
            invarg(ctx, "invalid Flowlabel", value)
        tn.flowinfo |= label & FLOWINFO_FLOWLABEL
        tn.flags &= ~F_USE_ORIG_FLOWLABEL


def _ip6_word(ctx, tn, args, word):
    """The words ip6gre and ip6tnl share: flowlabel, dscp, fwmark,
    [no]allow-localremote, encaplimit (ip6tnl's never fails: see there)."""
    if word in ("flowlabel", "fl"):
        _flowlabel(ctx, tn, args.next_arg())
    elif word == "dscp":
        value = args.next_arg()
        if value != "inherit":
            invarg(ctx, "not inherit", value)
        tn.flags |= F_RCV_DSCP_COPY
    elif word == "fwmark":
        value = args.next_arg()
        if value == "inherit":
            tn.flags |= F_USE_ORIG_FWMARK
            tn.fwmark = 0
        else:
            tn.fwmark = _u32(ctx, value, "invalid fwmark\n")
            tn.flags &= ~F_USE_ORIG_FWMARK
    elif word == "allow-localremote":
        tn.flags |= F_ALLOW_LOCAL_REMOTE
    elif word == "noallow-localremote":
        tn.flags &= ~F_ALLOW_LOCAL_REMOTE
    elif word == "encaplimit":
        value = args.next_arg()
        if value == "none":
            tn.flags |= F_IGN_ENCAP_LIMIT
        else:
            tn.encap_limit = _u8(ctx, value, "invalid ELIM")
            tn.flags &= ~F_IGN_ENCAP_LIMIT
    else:
        return False
    return True


def _gre6_word(ctx, gr, args, word):
    return _ip6_word(ctx, gr, args, word)


def _erspan_word(ctx, gr, args, word):
    if word == "erspan":
        value = args.next_arg()
        index = _u32(ctx, value, "invalid erspan index\n")
        if index & ~((1 << 20) - 1) or index == 0:
            invarg(ctx, "erspan index must be > 0 and <= 20-bit\n", value)
        gr.erspan_idx = index
    elif word == "erspan_ver":
        value = args.next_arg()
        gr.erspan_ver = _u8(ctx, value, "invalid erspan version\n")
        if gr.erspan_ver > 2:
            invarg(ctx, "erspan version must be 0/1/2\n", value)
    elif word == "erspan_dir":
        value = args.next_arg()
        if matches(value, "ingress"):
            gr.erspan_dir = 0
        elif matches(value, "egress"):
            gr.erspan_dir = 1
        else:
            invarg(ctx, "Invalid erspan direction.", value)
    elif word == "erspan_hwid":
        gr.erspan_hwid = _u16(ctx, args.next_arg(), "invalid erspan hwid\n")
    else:
        return False
    return True


def _gre_attrs(req, gr, six, kind):
    req.add(GRE_IKEY, gr.ikey)
    req.add(GRE_OKEY, gr.okey)
    req.add16(GRE_IFLAGS, gr.iflags)
    req.add16(GRE_OFLAGS, gr.oflags)
    if _not_unspec(gr.saddr):
        req.add(GRE_LOCAL, _addr_bytes(gr.saddr))
    if _not_unspec(gr.daddr):
        req.add(GRE_REMOTE, _addr_bytes(gr.daddr))
    if six:
        if gr.link:
            req.add32(GRE_LINK, gr.link)
        req.add8(GRE_TTL, gr.ttl)
        req.add8(GRE_ENCAP_LIMIT, gr.encap_limit)
        req.add(GRE_FLOWINFO, struct.pack("!I", gr.flowinfo & 0xFFFFFFFF))
        req.add32(GRE_FLAGS, gr.flags)
        req.add32(GRE_FWMARK, gr.fwmark)
    else:
        req.add8(GRE_PMTUDISC, gr.pmtudisc)
        if gr.ignore_df:
            req.add8(GRE_IGNORE_DF, gr.ignore_df & 1)
        req.add8(GRE_TOS, gr.tos)
        if gr.link:
            req.add32(GRE_LINK, gr.link)
        req.add8(GRE_TTL, gr.ttl)
        req.add32(GRE_FWMARK, gr.fwmark)
    # link_gre.c sends the erspan attributes for erspan only; link_gre6.c
    # for all three of its kinds, when the version (maybe the device's) is at most 2
    if (six and gr.erspan_ver <= 2) or kind == "erspan":
        req.add8(GRE_ERSPAN_VER, gr.erspan_ver)
        if gr.erspan_ver == 1 and gr.erspan_idx:
            req.add32(GRE_ERSPAN_INDEX, gr.erspan_idx)
        elif gr.erspan_ver == 2:
            req.add8(GRE_ERSPAN_DIR, gr.erspan_dir)
            req.add16(GRE_ERSPAN_HWID, gr.erspan_hwid)
    gr.encap.add(req, GRE_ENCAP_TYPE)


# ---- ipip and sit (link_iptnl.c) -----------------------------------------------------------


class _Iptnl:
    def __init__(self):
        self.saddr = self.daddr = self.prefix6rd = self.relay6rd = None
        self.pmtudisc, self.tos, self.iflags, self.ttl, self.proto = 1, 0, 0, 0, 0
        self.link = self.fwmark = self.metadata = 0
        self.encap = _Encap()

    def read(self, ctx, old):
        self.saddr = _existing_addr(ctx, old, IPTUN_LOCAL, AF_INET)
        self.daddr = _existing_addr(ctx, old, IPTUN_REMOTE, AF_INET)
        self.prefix6rd = _existing_addr(ctx, old, IPTUN_6RD_PREFIX, AF_INET6)
        self.relay6rd = _existing_addr(ctx, old, IPTUN_6RD_RELAY_PREFIX, AF_INET)
        # (the prefix lengths are set even on a reset prefix: a Prefix of no family)
        from pynettools.tools.ip.utils import Prefix

        for name, kind in (("prefix6rd", IPTUN_6RD_PREFIXLEN), ("relay6rd", IPTUN_6RD_RELAY_PREFIXLEN)):
            if getattr(self, name) is None:
                setattr(self, name, Prefix())
            getattr(self, name).bitlen = old.u16(kind) if kind in old else 0
        for kind, name, reader in ((IPTUN_TTL, "ttl", old.u8), (IPTUN_PMTUDISC, "pmtudisc", old.u8),
                                   (IPTUN_TOS, "tos", old.u8), (IPTUN_FLAGS, "iflags", old.u16),
                                   (IPTUN_LINK, "link", old.u32), (IPTUN_PROTO, "proto", old.u8)):
            if kind in old:
                setattr(self, name, reader(kind))
        self.encap.read(old, IPTUN_ENCAP_TYPE)
        self.metadata = 1 if IPTUN_COLLECT_METADATA in old else 0
        if IPTUN_FWMARK in old:
            self.fwmark = old.u32(IPTUN_FWMARK)


_SIT_MODES = {"ipv6/ipv4": IPPROTO_IPV6, "ip6ip": IPPROTO_IPV6}
_IPIP_MODES = {"ipv4/ipv4": IPPROTO_IPIP, "ipip": IPPROTO_IPIP, "ip4ip4": IPPROTO_IPIP,
               "mpls/ipv4": IPPROTO_MPLS, "mplsip": IPPROTO_MPLS, "any/ipv4": 0, "any": 0}


def iptnl(ctx, req, words, kind):
    """iptunnel_parse_opt(): ipip and sit."""
    sit = kind == "sit"
    tn = _Iptnl()
    old = _existing(ctx, req, IPTUN_MAX)
    if old is not None:
        tn.read(ctx, old)
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not (_iptnl_word(ctx, tn, args, word, sit) or tn.encap.word(ctx, args, word)
                or _iptnl_tail(ctx, tn, args, word)):
            _help(ctx, kind)
            _fail()
    if tn.ttl and tn.pmtudisc == 0:
        ctx.err.write("ttl != 0 and nopmtudisc are incompatible\n")
        raise Exit(255)
    req.add8(IPTUN_PROTO, tn.proto)
    if tn.metadata:
        req.add(IPTUN_COLLECT_METADATA)
        return
    if _not_unspec(tn.saddr):
        req.add(IPTUN_LOCAL, _addr_bytes(tn.saddr))
    if _not_unspec(tn.daddr):
        req.add(IPTUN_REMOTE, _addr_bytes(tn.daddr))
    req.add8(IPTUN_PMTUDISC, tn.pmtudisc)
    req.add8(IPTUN_TOS, tn.tos)
    req.add8(IPTUN_TTL, tn.ttl)
    req.add32(IPTUN_LINK, tn.link)
    req.add32(IPTUN_FWMARK, tn.fwmark)
    tn.encap.add(req, IPTUN_ENCAP_TYPE)
    if sit:
        req.add16(IPTUN_FLAGS, tn.iflags)
        if _inet(tn.prefix6rd):
            req.add(IPTUN_6RD_PREFIX, _addr_bytes(tn.prefix6rd))
            req.add16(IPTUN_6RD_PREFIXLEN, tn.prefix6rd.bitlen & 0xFFFF)
        if _inet(tn.relay6rd):
            req.add(IPTUN_6RD_RELAY_PREFIX, tn.relay6rd.data[:4])
            req.add16(IPTUN_6RD_RELAY_PREFIXLEN, tn.relay6rd.bitlen & 0xFFFF)


def _iptnl_word(ctx, tn, args, word, sit):
    if word == "mode":
        value = args.next_arg()
        if sit and value in _SIT_MODES:
            tn.proto = _SIT_MODES[value]
        elif value in _IPIP_MODES:
            tn.proto = _IPIP_MODES[value]
        else:
            invarg(ctx, "Cannot guess tunnel mode.", value)
    elif word == "remote":
        tn.daddr = get_addr(ctx, args.next_arg(), AF_INET)
    elif word == "local":
        tn.saddr = get_addr(ctx, args.next_arg(), AF_INET)
    elif matches(word, "dev"):
        tn.link = _dev(ctx, args.next_arg())
    elif word in ("ttl", "hoplimit", "hlim"):
        value = args.next_arg()
        tn.ttl = 0 if value == "inherit" else _u8(ctx, value, "invalid TTL\n")
    elif word in ("tos", "tclass", "tc") or matches(word, "dsfield"):
        tn.tos = _tos(ctx, args.next_arg())
    elif word == "nopmtudisc":
        tn.pmtudisc = 0
    elif word == "pmtudisc":
        tn.pmtudisc = 1
    elif sit and word == "isatap":
        tn.iflags |= SIT_ISATAP
    else:
        return False
    return True


def _iptnl_tail(ctx, tn, args, word):
    """external, the 6rd words and fwmark (after the encap words)."""
    if word == "external":
        tn.metadata = 1
    elif word == "6rd-prefix":
        tn.prefix6rd = get_prefix(ctx, args.next_arg(), AF_INET6)
    elif word == "6rd-relay_prefix":
        tn.relay6rd = get_prefix(ctx, args.next_arg(), AF_INET)
    elif word == "6rd-reset":
        # (6.1 itself dies here of SIGSEGV: its get_prefix() writes a NUL
        # into the string literal "2002::/16"; this does what the code means)
        from pynettools.tools.ip.utils import Prefix

        tn.prefix6rd = get_prefix(ctx, "2002::/16", AF_INET6)
        tn.relay6rd = Prefix()
    elif word == "fwmark":
        tn.fwmark = _u32(ctx, args.next_arg(), "invalid fwmark\n")
    else:
        return False
    return True


# ---- ip6tnl (link_ip6tnl.c) ------------------------------------------------------------------


class _Ip6tnl:
    def __init__(self):
        self.saddr = self.daddr = None
        self.ttl, self.encap_limit = DEFAULT_TNL_HOP_LIMIT, IPV6_DEFAULT_TNL_ENCAP_LIMIT
        self.flowinfo = self.flags = self.proto = self.link = self.fwmark = self.metadata = 0
        self.encap = _Encap(ENCAP_FLAG_CSUM6)

    def read(self, ctx, old):
        self.saddr = _existing_addr(ctx, old, IPTUN_LOCAL, AF_INET6)
        self.daddr = _existing_addr(ctx, old, IPTUN_REMOTE, AF_INET6)
        for kind, name, reader in ((IPTUN_TTL, "ttl", old.u8), (IPTUN_ENCAP_LIMIT, "encap_limit", old.u8),
                                   (IPTUN_FLAGS, "flags", old.u32), (IPTUN_LINK, "link", old.u32),
                                   (IPTUN_PROTO, "proto", old.u8)):
            if kind in old:
                setattr(self, name, reader(kind))
        if IPTUN_FLOWINFO in old:
            self.flowinfo = struct.unpack("!I", old.raw(IPTUN_FLOWINFO, 4))[0]
        self.metadata = 1 if IPTUN_COLLECT_METADATA in old else 0
        if IPTUN_FWMARK in old:
            self.fwmark = old.u32(IPTUN_FWMARK)
        # (6.1 does not read the encap attributes back for ip6tnl)


_IP6TNL_MODES = {"ipv6/ipv6": IPPROTO_IPV6, "ip6ip6": IPPROTO_IPV6, "ip/ipv6": IPPROTO_IPIP,
                 "ipv4/ipv6": IPPROTO_IPIP, "ipip6": IPPROTO_IPIP, "ip4ip6": IPPROTO_IPIP, "any/ipv6": 0, "any": 0}


def ip6tnl(ctx, req, words, kind="ip6tnl"):
    """ip6tunnel_parse_opt()."""
    tn = _Ip6tnl()
    old = _existing(ctx, req, IPTUN_MAX)
    if old is not None:
        tn.read(ctx, old)
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not (_ip6tnl_word(ctx, tn, args, word) or tn.encap.word(ctx, args, word)):
            _help(ctx, kind)
            _fail()
    req.add8(IPTUN_PROTO, tn.proto)
    if tn.metadata:
        req.add(IPTUN_COLLECT_METADATA)
        return
    if _not_unspec(tn.saddr):
        req.add(IPTUN_LOCAL, _addr_bytes(tn.saddr))
    if _not_unspec(tn.daddr):
        req.add(IPTUN_REMOTE, _addr_bytes(tn.daddr))
    req.add8(IPTUN_TTL, tn.ttl)
    req.add8(IPTUN_ENCAP_LIMIT, tn.encap_limit)
    req.add(IPTUN_FLOWINFO, struct.pack("!I", tn.flowinfo & 0xFFFFFFFF))
    req.add32(IPTUN_FLAGS, tn.flags)
    req.add32(IPTUN_LINK, tn.link)
    req.add32(IPTUN_FWMARK, tn.fwmark)
    tn.encap.add(req, IPTUN_ENCAP_TYPE)


def _ip6tnl_word(ctx, tn, args, word):
    if word == "mode":
        value = args.next_arg()
        if value not in _IP6TNL_MODES:
            invarg(ctx, "Cannot guess tunnel mode.", value)
        tn.proto = _IP6TNL_MODES[value]
    elif word == "remote":
        tn.daddr = get_addr(ctx, args.next_arg(), AF_INET6)
    elif word == "local":
        tn.saddr = get_addr(ctx, args.next_arg(), AF_INET6)
    elif matches(word, "dev"):
        tn.link = _dev(ctx, args.next_arg())
    elif word in ("ttl", "hoplimit", "hlim"):
        value = args.next_arg()
        tn.ttl = 0 if value == "inherit" else _u8(ctx, value, "invalid HLIM\n")
    elif word == "encaplimit":
        # 6.1 tests get_u8() < -1, never true: a bad number leaves the limit
        # as whatever was on the stack; here it is left as it was
        value = args.next_arg()
        if value == "none":
            tn.flags |= F_IGN_ENCAP_LIMIT
        else:
            number = get_unsigned_max(value, 0xFF)
            if number is not None:
                tn.encap_limit = number
            tn.flags &= ~F_IGN_ENCAP_LIMIT
    elif word in ("tos", "tclass", "tc") or matches(word, "dsfield"):
        _tclass(ctx, tn, args.next_arg())
    elif word == "external":
        tn.metadata = 1
    else:
        return _ip6_word(ctx, tn, args, word)
    return True


# ---- vti and vti6 (link_vti.c, link_vti6.c) ----------------------------------------------------


def vti(ctx, req, words, kind):
    """vti_parse_opt() / vti6_parse_opt()."""
    family = AF_INET6 if kind == "vti6" else AF_INET
    ikey = okey = bytes(4)
    saddr = daddr = None
    link = fwmark = 0
    old = _existing(ctx, req, VTI_MAX)
    if old is not None:
        saddr = _existing_addr(ctx, old, VTI_LOCAL, family)
        daddr = _existing_addr(ctx, old, VTI_REMOTE, family)
        ikey = old.raw(VTI_IKEY, 4) if VTI_IKEY in old else ikey
        okey = old.raw(VTI_OKEY, 4) if VTI_OKEY in old else okey
        link = old.u8(VTI_LINK) if VTI_LINK in old else 0  # (6.1 reads the index as a u8)
        fwmark = old.u32(VTI_FWMARK) if VTI_FWMARK in old else 0
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "key"):
            ikey = okey = _key(ctx, "key", args.next_arg())
        elif matches(word, "ikey"):
            ikey = _key(ctx, "ikey", args.next_arg())
        elif matches(word, "okey"):
            okey = _key(ctx, "okey", args.next_arg())
        elif matches(word, "remote"):
            daddr = get_addr(ctx, args.next_arg(), family)
        elif matches(word, "local"):
            saddr = get_addr(ctx, args.next_arg(), family)
        elif matches(word, "dev"):
            link = _dev(ctx, args.next_arg())
        elif word == "fwmark":
            fwmark = _u32(ctx, args.next_arg(), "invalid fwmark\n")
        else:
            _help(ctx, kind)
            _fail()
    req.add(VTI_IKEY, ikey)
    req.add(VTI_OKEY, okey)
    if _not_unspec(saddr):
        req.add(VTI_LOCAL, _addr_bytes(saddr))
    if _not_unspec(daddr):
        req.add(VTI_REMOTE, _addr_bytes(daddr))
    req.add32(VTI_FWMARK, fwmark)
    if link:
        req.add32(VTI_LINK, link)


# ---- geneve (iplink_geneve.c) ----------------------------------------------------------------

(GENEVE_ID, GENEVE_REMOTE, GENEVE_TTL, GENEVE_TOS, GENEVE_PORT, GENEVE_COLLECT_METADATA, GENEVE_REMOTE6,
 GENEVE_UDP_CSUM, GENEVE_UDP_ZERO_CSUM6_TX, GENEVE_UDP_ZERO_CSUM6_RX, GENEVE_LABEL, GENEVE_TTL_INHERIT,
 GENEVE_DF, GENEVE_INNER_PROTO_INHERIT) = range(1, 15)
# the on/off words, in geneve_parse_opt()'s order: (word, attribute, value)
_GENEVE_SWITCHES = (
    ("external", GENEVE_COLLECT_METADATA, 1), ("noexternal", GENEVE_COLLECT_METADATA, 0),
    ("udpcsum", GENEVE_UDP_CSUM, 1), ("noudpcsum", GENEVE_UDP_CSUM, 0),
    ("udp6zerocsumtx", GENEVE_UDP_ZERO_CSUM6_TX, 1), ("noudp6zerocsumtx", GENEVE_UDP_ZERO_CSUM6_TX, 0),
    ("udp6zerocsumrx", GENEVE_UDP_ZERO_CSUM6_RX, 1), ("noudp6zerocsumrx", GENEVE_UDP_ZERO_CSUM6_RX, 0),
)


class _Geneve:
    def __init__(self):
        self.attrs = set()
        self.vni = self.label = self.ttl = self.tos = self.dstport = 0
        self.daddr = None
        self.switches = {}

    def once(self, ctx, attr, key, value):
        """check_duparg()."""
        from pynettools.tools.ip.utils import duparg2

        if attr in self.attrs:
            duparg2(ctx, key, value)
        self.attrs.add(attr)


def geneve(ctx, req, words):
    """geneve_parse_opt()."""
    from pynettools.tools.ip.linkmodify import NLM_F_CREATE, RTM_NEWLINK

    set_op = req.msg_type == RTM_NEWLINK and not req.flags & NLM_F_CREATE
    gn = _Geneve()
    args = Args(ctx, words)
    while args:
        _geneve_word(ctx, req, gn, args, args.take())
    metadata = gn.switches.get(GENEVE_COLLECT_METADATA, 0)
    if metadata and GENEVE_ID in gn.attrs:
        ctx.err.write("geneve: both 'external' and vni cannot be specified\n")
        _fail()
    if not metadata:
        if GENEVE_ID not in gn.attrs:
            ctx.err.write("geneve: missing virtual network identifier\n")
            _fail()
        if not set_op and not _inet(gn.daddr):
            ctx.err.write("geneve: remote link partner not specified\n")
            _fail()
    req.add32(GENEVE_ID, gn.vni)
    if _inet(gn.daddr):
        req.add(GENEVE_REMOTE if gn.daddr.family == AF_INET else GENEVE_REMOTE6, _addr_bytes(gn.daddr))
    if not set_op or GENEVE_LABEL in gn.attrs:
        req.add(GENEVE_LABEL, struct.pack("!I", gn.label))
    if not set_op or GENEVE_TTL in gn.attrs:
        req.add8(GENEVE_TTL, gn.ttl)
    if not set_op or GENEVE_TOS in gn.attrs:
        req.add8(GENEVE_TOS, gn.tos)
    if gn.dstport:
        req.add(GENEVE_PORT, struct.pack("!H", gn.dstport))
    if metadata:
        req.add(GENEVE_COLLECT_METADATA)
    if GENEVE_INNER_PROTO_INHERIT in gn.attrs:
        req.add(GENEVE_INNER_PROTO_INHERIT)
    for attr in (GENEVE_UDP_CSUM, GENEVE_UDP_ZERO_CSUM6_TX, GENEVE_UDP_ZERO_CSUM6_RX):
        if attr in gn.attrs:
            req.add8(attr, gn.switches[attr])


def _geneve_word(ctx, req, gn, args, word):
    if matches(word, "id") or matches(word, "vni"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_ID, "id", value)
        vni = get_unsigned_max(value, 0xFFFFFFFF)
        if vni is None or vni >= 1 << 24:
            invarg(ctx, "invalid id", value)
        gn.vni = vni
    elif matches(word, "remote"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_REMOTE, "remote", value)
        gn.daddr = get_addr(ctx, value, 0)
        if not (_inet(gn.daddr) and not _multi(gn.daddr)):  # (0.0.0.0 passes: is_addrtype_inet_not_multi())
            invarg(ctx, "invalid remote address", value)
    elif matches(word, "ttl") or matches(word, "hoplimit"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_TTL, "ttl", value)
        if value == "inherit":
            req.add8(GENEVE_TTL_INHERIT, 1)
        elif value != "auto":
            ttl = get_unsigned_max(value, 0xFFFFFFFF)
            if ttl is None:
                invarg(ctx, "invalid TTL", value)
            if ttl > 255:
                invarg(ctx, "TTL must be <= 255", value)
            gn.ttl = ttl
    elif matches(word, "tos") or matches(word, "dsfield"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_TOS, "tos", value)
        gn.tos = _tos(ctx, value)
    elif matches(word, "df"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_DF, "df", value)
        df = {"unset": 0, "set": 1, "inherit": 2}.get(value)
        if df is None:
            invarg(ctx, "DF must be 'unset', 'set' or 'inherit'", value)
        req.add8(GENEVE_DF, df)
    else:
        _geneve_word2(ctx, gn, args, word)


def _geneve_word2(ctx, gn, args, word):
    if matches(word, "label") or matches(word, "flowlabel"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_LABEL, "flowlabel", value)
        label = get_unsigned_max(value, 0xFFFFFFFF)
        if label is None or label & ~0xFFFFF:
            invarg(ctx, "invalid flowlabel", value)
        gn.label = label
    elif matches(word, "dstport"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_PORT, "dstport", value)
        gn.dstport = _u16(ctx, value, "dstport")
    else:
        for name, attr, value in _GENEVE_SWITCHES:
            if matches(word, name):
                gn.once(ctx, attr, word, word)
                gn.switches[attr] = value
                return
        if word == "innerprotoinherit":
            gn.once(ctx, GENEVE_INNER_PROTO_INHERIT, word, word)
            return
        if not matches(word, "help"):
            ctx.err.write('geneve: unknown command "%s"?\n' % word)
        _help(ctx, "geneve")
        _fail()


# ---- bareudp (iplink_bareudp.c) ----------------------------------------------------------------

BAREUDP_PORT, BAREUDP_ETHERTYPE, BAREUDP_SRCPORT_MIN, BAREUDP_MULTIPROTO_MODE = 1, 2, 3, 4


def _ethertype(text):
    """ll_proto_a2n(): a name of lib/ll_proto.c's table (any case, whole),
    else get_be16(); the number in network order, or None."""
    from pynettools.tools.ss.families import _LL_PROTOS  # (the same table: ll_proto_n2a's)

    for number, name in _LL_PROTOS:
        if name.lower() == text.lower():
            return number
    return get_unsigned_max(text, 0xFFFF)


def bareudp(ctx, req, words):
    """bareudp_parse_opt()."""
    seen = set()
    dstport = ethertype = srcportmin = 0
    multiproto = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        entry = next((e for e in (("dstport", BAREUDP_PORT), ("ethertype", BAREUDP_ETHERTYPE),
                                  ("srcportmin", BAREUDP_SRCPORT_MIN), ("multiproto", BAREUDP_MULTIPROTO_MODE),
                                  ("nomultiproto", BAREUDP_MULTIPROTO_MODE)) if matches(word, e[0])), None)
        if entry is None:
            if not matches(word, "help"):
                ctx.err.write('bareudp: unknown command "%s"?\n' % word)
            _help(ctx, "bareudp")
            _fail()
        name, attr = entry
        value = word if attr == BAREUDP_MULTIPROTO_MODE else args.next_arg()
        if attr in seen:
            from pynettools.tools.ip.utils import duparg2

            duparg2(ctx, name if attr != BAREUDP_MULTIPROTO_MODE else word, value)
        seen.add(attr)
        if attr == BAREUDP_PORT:
            dstport = _u16(ctx, value, "dstport")
        elif attr == BAREUDP_ETHERTYPE:
            ethertype = _ethertype(value)
            if ethertype is None:
                invarg(ctx, "ethertype", value)
        elif attr == BAREUDP_SRCPORT_MIN:
            srcportmin = _u16(ctx, value, "srcportmin")
        else:
            multiproto = name == "multiproto"
    if BAREUDP_PORT not in seen:
        missarg(ctx, "dstport")
    if BAREUDP_ETHERTYPE not in seen:
        missarg(ctx, "ethertype")
    req.add(BAREUDP_PORT, struct.pack("!H", dstport))
    req.add(BAREUDP_ETHERTYPE, struct.pack("!H", ethertype))
    if BAREUDP_SRCPORT_MIN in seen:
        req.add16(BAREUDP_SRCPORT_MIN, srcportmin)
    if multiproto:
        req.add(BAREUDP_MULTIPROTO_MODE)


# ---- ipvlan and ipvtap (iplink_ipvlan.c) ----------------------------------------------------------

IPVLAN_MODE, IPVLAN_FLAGS = 1, 2
IPVLAN_F_PRIVATE, IPVLAN_F_VEPA = 0x01, 0x02


def ipvlan(ctx, req, words, kind):
    """ipvlan_parse_opt(): one of private/vepa/bridge at most (a second is
    an unknown option)."""
    flags = 0
    mflag_given = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "mode"):
            mode = {"l2": 0, "l3": 1, "l3s": 2}.get(args.next_arg())
            if mode is None:
                ctx.err.write('Error: argument of "mode" must be either "l2", "l3" or "l3s"\n')
                _fail()
            req.add16(IPVLAN_MODE, mode)
        elif not mflag_given and (matches(word, "private") or matches(word, "vepa") or matches(word, "bridge")):
            if matches(word, "private"):
                flags |= IPVLAN_F_PRIVATE
            elif matches(word, "vepa"):
                flags |= IPVLAN_F_VEPA
            mflag_given = True
        else:
            if not matches(word, "help"):
                ctx.err.write('%s: unknown option "%s"?\n' % (kind, word))
            _help(ctx, kind)
            _fail()
    req.add16(IPVLAN_FLAGS, flags)


PARSERS = {
    "gre": lambda ctx, req, words: gre(ctx, req, words, "gre"),
    "gretap": lambda ctx, req, words: gre(ctx, req, words, "gretap"),
    "erspan": lambda ctx, req, words: gre(ctx, req, words, "erspan"),
    "ip6gre": lambda ctx, req, words: gre(ctx, req, words, "ip6gre"),
    "ip6gretap": lambda ctx, req, words: gre(ctx, req, words, "ip6gretap"),
    "ip6erspan": lambda ctx, req, words: gre(ctx, req, words, "ip6erspan"),
    "ipip": lambda ctx, req, words: iptnl(ctx, req, words, "ipip"),
    "sit": lambda ctx, req, words: iptnl(ctx, req, words, "sit"),
    "ip6tnl": ip6tnl,
    "vti": lambda ctx, req, words: vti(ctx, req, words, "vti"),
    "vti6": lambda ctx, req, words: vti(ctx, req, words, "vti6"),
    "geneve": geneve,
    "bareudp": bareudp,
    "ipvlan": lambda ctx, req, words: ipvlan(ctx, req, words, "ipvlan"),
    "ipvtap": lambda ctx, req, words: ipvlan(ctx, req, words, "ipvtap"),
}


# ---- xfrm (link_xfrm.c), bond_slave (iplink_bond_slave.c), gtp (iplink_gtp.c) ------------------

XFRM_LINK, XFRM_IF_ID, XFRM_COLLECT_METADATA = 1, 2, 3


def xfrm(ctx, req, words):
    """xfrm_parse_opt(): if_id goes out as it is read."""
    link = if_id = 0
    metadata = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "dev"):
            link = _dev(ctx, args.next_arg())
        elif matches(word, "if_id"):
            value = args.next_arg()
            if_id = get_unsigned_max(value, 0xFFFFFFFF)
            if not if_id:
                invarg(ctx, "if_id value is invalid", value)
            req.add32(XFRM_IF_ID, if_id)
        elif word == "external":
            metadata = True
        else:
            _help(ctx, "xfrm")
            _fail()
    if metadata:
        if if_id or link:
            ctx.err.write("xfrmi: both 'external' and if_id/link cannot be specified\n")
            _fail()
        req.add(XFRM_COLLECT_METADATA)
        return
    if not if_id:
        missarg(ctx, "IF_ID")
    if link:
        req.add32(XFRM_LINK, link)


BOND_SLAVE_QUEUE_ID, BOND_SLAVE_PRIO = 5, 9


def bond_slave(ctx, req, words):
    """bond_slave_parse_opt() (IFLA_INFO_SLAVE_DATA)."""
    from pynettools.tools.ip.linkmodify import get_integer

    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "queue_id"):
            value = args.next_arg()
            req.add16(BOND_SLAVE_QUEUE_ID, _u16(ctx, value, "queue_id is invalid"))
        elif word == "prio":
            value = args.next_arg()
            prio = get_integer(value)
            if prio is None:
                invarg(ctx, "prio is invalid", value)
            req.add32(BOND_SLAVE_PRIO, prio)
        else:
            if not matches(word, "help"):
                ctx.err.write('bond_slave: unknown option "%s"?\n' % word)
            _help(ctx, "bond_slave")
            _fail()


GTP_PDP_HASHSIZE, GTP_ROLE, GTP_CREATE_SOCKETS, GTP_RESTART_COUNT = 3, 4, 5, 6


def gtp(ctx, req, words):
    """gtp_parse_opt(): IFLA_GTP_CREATE_SOCKETS first; a word it does not
    know is skipped without a word."""
    from pynettools.tools.ip.utils import duparg2

    seen = set()
    req.add8(GTP_CREATE_SOCKETS, 1)
    args = Args(ctx, words)
    while args:
        word = args.take()
        attr = {"role": GTP_ROLE, "hsize": GTP_PDP_HASHSIZE, "restart_count": GTP_RESTART_COUNT}.get(word)
        if word == "help":
            _help(ctx, "gtp")
            _fail()
        if attr is None:
            continue
        value = args.next_arg()
        if attr in seen:
            duparg2(ctx, word, value)
        seen.add(attr)
        if attr == GTP_ROLE:
            role = {"sgsn": 1, "ggsn": 0}.get(value)
            if role is None:
                invarg(ctx, "invalid role, use sgsn or ggsn", value)
            req.add32(GTP_ROLE, role)
        elif attr == GTP_PDP_HASHSIZE:
            size = get_unsigned_max(value, 0xFFFFFFFF)
            if size is None:
                invarg(ctx, "invalid PDP hash size", value)
            if size >= 1 << 17:
                invarg(ctx, "PDP hash size too big", value)
            req.add32(GTP_PDP_HASHSIZE, size)
        else:
            req.add8(GTP_RESTART_COUNT, _u8(ctx, value, "invalid restart_count", 10))
    if GTP_ROLE not in seen:
        ctx.err.write("gtp: role of the gtp device was not specified\n")
        _fail()
    if GTP_PDP_HASHSIZE not in seen:
        req.add32(GTP_PDP_HASHSIZE, 1024)


PARSERS.update({"xfrm": xfrm, "bond_slave": bond_slave, "gtp": gtp})


# ---- amt (iplink_amt.c) ------------------------------------------------------------------------

AMT_MODE, AMT_RELAY_PORT, AMT_GATEWAY_PORT, AMT_LINK, AMT_LOCAL_IP, AMT_DISCOVERY_IP, AMT_MAX_TUNNELS = (
    1, 2, 3, 4, 5, 7, 8)


def amt(ctx, req, words):
    """amt_parse_opt(): each word's attribute as it is read.  Both addresses
    are read in the family of the discovery address parsed so far
    (inet_prefix_reset() clears only the flags): "discovery 192.0.2.1
    local 2001:db8::1" is an error."""
    from pynettools.tools.ip.utils import duparg2

    seen = set()
    family = 0
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word == "mode":
            mode = {"gateway": 0, "relay": 1}.get(args.next_arg())
            if mode is None:
                _help(ctx, "amt")
                _fail()
            req.add32(AMT_MODE, mode)
        elif word in ("relay_port", "gateway_port"):
            value = args.next_arg()
            req.add(AMT_RELAY_PORT if word == "relay_port" else AMT_GATEWAY_PORT,
                    struct.pack("!H", _u16(ctx, value, word)))
        elif word == "max_tunnels":
            req.add32(AMT_MAX_TUNNELS, _u32(ctx, args.next_arg(), "max_tunnels"))
        elif word == "dev":
            req.add32(AMT_LINK, _dev(ctx, args.next_arg()))
        elif word in ("local", "discovery"):
            attr = AMT_LOCAL_IP if word == "local" else AMT_DISCOVERY_IP
            value = args.next_arg()
            if attr in seen:
                duparg2(ctx, word, value)
            seen.add(attr)
            prefix = get_addr(ctx, value, family)
            if attr == AMT_DISCOVERY_IP:
                family = prefix.family
            if _inet(prefix):
                req.add(attr, _addr_bytes(prefix))
        else:
            if word != "help":
                ctx.err.write('amt: unknown command "%s"?\n' % word)
            _help(ctx, "amt")
            _fail()


PARSERS["amt"] = amt


# ---- macsec (ipmacsec.c) ---------------------------------------------------------------------

(MACSEC_SCI, MACSEC_PORT, MACSEC_ICV_LEN, MACSEC_CIPHER_SUITE, MACSEC_WINDOW, MACSEC_ENCODING_SA, MACSEC_ENCRYPT,
 MACSEC_PROTECT, MACSEC_INC_SCI, MACSEC_ES, MACSEC_SCB, MACSEC_REPLAY_PROTECT, MACSEC_VALIDATION, _MACSEC_PAD,
 MACSEC_OFFLOAD) = range(1, 16)
MACSEC_CIPHERS = {
    "default": 0x0080020001000001, "gcm-aes-128": 0x0080C20001000001, "gcm-aes-256": 0x0080C20001000002,
    "gcm-aes-xpn-128": 0x0080C20001000003, "gcm-aes-xpn-256": 0x0080C20001000004,
}
# the on/off words: (word, attribute); send_sci, end_station and scb are remembered for the check after
_MACSEC_SWITCHES = (("encrypt", MACSEC_ENCRYPT), ("send_sci", MACSEC_INC_SCI), ("end_station", MACSEC_ES),
                    ("scb", MACSEC_SCB), ("protect", MACSEC_PROTECT), ("replay", MACSEC_REPLAY_PROTECT))


def _one_of(ctx, name, value, choices):
    """lib/utils.c parse_one_of(): the index of the first choice `value` is a
    prefix of, else its message and None."""
    for number, word in enumerate(choices):
        if matches(value, word):
            return number
    ctx.err.write('Error: argument of "%s" must be one of %snot "%s"\n'
                  % (name, "".join('"%s", ' % word for word in choices), value))
    return None


def _macsec_sci(ctx, req, args):
    """get_sci_portaddr(..., port_only, optional): sci HEX, or port N and/or
    address LLADDR at the front; SCI from both or from sci, else PORT (0
    when only an address was given)."""
    sci = None
    port = None
    addr = None
    while args:
        word = args.peek()
        if word == "sci":
            args.take()
            if port is not None:
                invarg(ctx, "expected address", word)
            if addr is not None:
                invarg(ctx, "expected port", word)
            value = args.next_arg()
            number = get_unsigned_max(value, (1 << 64) - 1, 16) if "-" not in value else None  # get_be64()
            if number is None:
                invarg(ctx, "expected sci", value)
            sci = struct.pack("!Q", number)
        elif word == "port":
            args.take()
            value = args.next_arg()
            port = get_unsigned_max(value, 0xFFFF)
            if port is None:
                invarg(ctx, "expected port", value)
            if port == 0:
                invarg(ctx, "expected port != 0", value)
        elif word == "address":
            args.take()
            from pynettools.tools.ip.utils import ll_addr_a2n

            value = args.next_arg()
            parsed = ll_addr_a2n(ctx, value, 6)
            if parsed is None:
                invarg(ctx, "expected lladdr", value)
            addr = parsed[0][:6].ljust(6, b"\0")
        else:
            break
        if sci is not None or port is not None:
            break
    if port is not None and addr is not None:
        sci = addr + struct.pack("!H", port)
    if sci is not None and any(sci):
        req.add(MACSEC_SCI, sci)
    elif port is not None or addr is not None or sci is not None:
        req.add(MACSEC_PORT, struct.pack("!H", port or 0))


def macsec(ctx, req, words):
    """macsec_parse_opt(): the on/off words and validate/offload go out as
    they are read; cipher, icvlen, window/replay and encodingsa after."""
    from pynettools.tools.ip.linkmodify import parse_on_off
    from pynettools.tools.ip.utils import duparg, duparg2

    args = Args(ctx, words)
    _macsec_sci(ctx, req, args)
    cipher = icvlen = 0
    window, replay, encoding_sa = 0xFFFFFFFF, -1, 0xFF
    flags = {}
    while args:
        word = args.take()
        switch = next((attr for name, attr in _MACSEC_SWITCHES if word == name), None)
        if word == "cipher":
            value = args.next_arg()
            if cipher:
                duparg(ctx, "cipher", value)
            # (each name in lower case or, but "default", all in upper case)
            name = value.lower() if value == value.upper() and value != "DEFAULT" else value
            if name not in MACSEC_CIPHERS:
                invarg(ctx, "expected: default, gcm-aes-128, gcm-aes-256, gcm-aes-xpn-128 or gcm-aes-xpn-256",
                       value)
            cipher = MACSEC_CIPHERS[name]
        elif word == "icvlen":
            value = args.next_arg()
            if icvlen:
                duparg(ctx, "icvlen", value)
            icvlen = _u8(ctx, value, "expected ICV length", 10)
            if not 8 <= icvlen <= 16:
                invarg(ctx, "ICV length must be in the range {8..16}", value)
        elif switch is not None:
            value = parse_on_off(ctx, word, args.next_arg())
            if value is None:
                _fail()
            if switch == MACSEC_REPLAY_PROTECT:
                replay = 1 if value else 0
            else:
                flags[switch] = value
                req.add8(switch, value)
        elif word == "window":
            window = _u32(ctx, args.next_arg(), "expected replay window size")
        elif word in ("validate", "offload"):
            value = _one_of(ctx, word, args.next_arg(),
                            ("disabled", "check", "strict") if word == "validate" else ("off", "phy", "mac"))
            if value is None:
                _fail()
            req.add8(MACSEC_VALIDATION if word == "validate" else MACSEC_OFFLOAD, value)
        elif word == "encodingsa":
            if encoding_sa != 0xFF:
                duparg2(ctx, "encodingsa", "encodingsa")
            value = args.next_arg()
            encoding_sa = get_unsigned_max(value, 0xFF)
            if encoding_sa is None or encoding_sa > 3:
                invarg(ctx, "expected an { 0..3 }", value)
        else:
            ctx.err.write('macsec: unknown command "%s"?\n' % word)
            _help(ctx, "macsec")
            _fail()
    _macsec_finish(ctx, req, flags, cipher, icvlen, window, replay, encoding_sa)


def _macsec_finish(ctx, req, flags, cipher, icvlen, window, replay, encoding_sa):
    es, scb, send_sci = (flags.get(attr, 0) for attr in (MACSEC_ES, MACSEC_SCB, MACSEC_INC_SCI))
    if (send_sci and (es or scb)) or (es and scb):
        ctx.err.write("invalid combination of send_sci/end_station/scb\n")
        _fail()
    # (window -1 is "not given", whatever the words said)
    if window != 0xFFFFFFFF and replay == -1:
        ctx.err.write("replay window set, but replay protection not enabled. did you mean 'replay on window %u'?\n"
                      % window)
        _fail()
    if window == 0xFFFFFFFF and replay == 1:
        ctx.err.write("replay protection enabled, but no window set. did you mean 'replay on window VALUE'?\n")
        _fail()
    if cipher:
        req.add(MACSEC_CIPHER_SUITE, struct.pack("=Q", cipher))
    if icvlen:
        req.add8(MACSEC_ICV_LEN, icvlen)
    if replay != -1:
        req.add32(MACSEC_WINDOW, window)
        req.add8(MACSEC_REPLAY_PROTECT, replay)
    if encoding_sa != 0xFF:
        req.add8(MACSEC_ENCODING_SA, encoding_sa)


PARSERS["macsec"] = macsec


# ---- batadv, hsr, rmnet, wwan, dsa: one or a few words each -------------------------------------

BATADV_ALGO_NAME = 1
HSR_SLAVE1, HSR_SLAVE2, HSR_MULTICAST_SPEC, HSR_VERSION, HSR_PROTOCOL = 1, 2, 3, 6, 7
RMNET_MUX_ID = 1
WWAN_LINK_ID = 1
DSA_MASTER = 1


def _unknown(ctx, kind, word, what="unknown command \"%s\"?"):
    """The kind's complaint about `word` (none for help), its usage, exit 1."""
    if not matches(word, "help"):
        ctx.err.write(("%s: " + what + "\n") % (kind, word))
    _help(ctx, kind)
    _fail()


def batadv(ctx, req, words):
    """batadv_parse_opt(): ra ALGO, a NUL-terminated name as given."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not matches(word, "ra"):
            _unknown(ctx, "batadv", word)
        req.add(BATADV_ALGO_NAME, args.next_arg().encode("utf-8", "surrogateescape") + b"\0")


def hsr(ctx, req, words):
    """hsr_parse_opt(): version and proto test get_u8()'s success against
    their values (0 and 1), so any byte passes."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "supervision") or matches(word, "version") or matches(word, "proto"):
            attr, message = ((HSR_MULTICAST_SPEC, "ADDR-BYTE is invalid") if matches(word, "supervision") else
                             (HSR_VERSION, "version is invalid") if matches(word, "version") else
                             (HSR_PROTOCOL, "protocol is invalid"))
            req.add8(attr, _u8(ctx, args.next_arg(), message))
        elif matches(word, "slave1") or matches(word, "slave2"):
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                invarg(ctx, "No such interface", value)
            req.add32(HSR_SLAVE1 if matches(word, "slave1") else HSR_SLAVE2, index)
        elif matches(word, "help"):
            _help(ctx, "hsr")
            _fail()
        else:
            _unknown(ctx, "hsr", word, 'what is "%s"?')


def rmnet(ctx, req, words):
    """rmnet_parse_opt(): mux_id N."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not matches(word, "mux_id"):
            _unknown(ctx, "rmnet", word)
        req.add16(RMNET_MUX_ID, _u16(ctx, args.next_arg(), "mux_id is invalid"))


def wwan(ctx, req, words):
    """wwan_parse_opt(): linkid N."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not matches(word, "linkid"):
            _unknown(ctx, "wwan", word)
        req.add32(WWAN_LINK_ID, _u32(ctx, args.next_arg(), "linkid"))


def dsa(ctx, req, words):
    """dsa_parse_opt(): conduit/master DEV (whole words; so is help)."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word in ("conduit", "master"):
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                invarg(ctx, "Device does not exist\n", value)
            req.add32(DSA_MASTER, index)
        else:
            if word != "help":
                ctx.err.write('dsa: unknown command "%s"?\n' % word)
            _help(ctx, "dsa")
            _fail()


PARSERS.update({"batadv": batadv, "hsr": hsr, "rmnet": rmnet, "wwan": wwan, "dsa": dsa})


IPOIB_PKEY, IPOIB_MODE, IPOIB_UMCAST = 1, 2, 3


def ipoib(ctx, req, words):
    """ipoib_parse_opt()."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "pkey") or matches(word, "umcast"):
            name = "pkey" if matches(word, "pkey") else "umcast"
            req.add16(IPOIB_PKEY if name == "pkey" else IPOIB_UMCAST,
                      _u16(ctx, args.next_arg(), "%s is invalid" % name))
        elif matches(word, "mode"):
            mode = {"datagram": 0, "connected": 1}.get(args.next_arg())
            if mode is None:
                ctx.err.write('Error: argument of "mode" must be "datagram"or "connected"\n')
                _fail()
            req.add16(IPOIB_MODE, mode)
        else:
            _unknown(ctx, "ipoib", word, 'unknown option "%s"?')


PARSERS["ipoib"] = ipoib


# ---- can (iplink_can.c) ---------------------------------------------------------------------------

CAN_BITTIMING, CAN_CTRLMODE, CAN_RESTART_MS, CAN_RESTART, CAN_DATA_BITTIMING, CAN_TERMINATION, CAN_TDC = (
    1, 5, 6, 7, 9, 11, 16)
CAN_TDC_TDCV, CAN_TDC_TDCO, CAN_TDC_TDCF = 7, 8, 9
CAN_CTRLMODE_TDC_AUTO, CAN_CTRLMODE_TDC_MANUAL = 0x200, 0x400
# struct can_bittiming's fields by word (the data phase's words start with "d")
_CAN_TIMING = ("bitrate", "sample-point", "tq", "prop-seg", "phase-seg1", "phase-seg2", "sjw")
# the on/off ctrlmode words: (word, CAN_CTRLMODE_* bit)
_CAN_MODES = (("loopback", 0x01), ("listen-only", 0x02), ("triple-sampling", 0x04), ("one-shot", 0x08),
              ("berr-reporting", 0x10), ("fd", 0x20), ("fd-non-iso", 0x80), ("presume-ack", 0x40),
              ("cc-len8-dlc", 0x100))
_FLOAT = []


def _f32(value):
    """A double rounded to a C float (inf beyond its range)."""
    try:
        return struct.unpack("=f", struct.pack("=f", value))[0]
    except OverflowError:
        return value * float("inf")


def _get_float(text):
    """iplink_can.c get_float(): strtof() over the whole word (decimal
    notation here; an overflow is inf, as strtof() gives it), or None."""
    if not _FLOAT:
        import re

        _FLOAT.append(re.compile(r"[ \t\n\v\f\r]*[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
                                 r"|(?i:inf|infinity|nan))\Z"))
        _FLOAT.append(re.compile(r"[ \t\n\v\f\r]*[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                                 r"([pP][+-]?[0-9]+)?\Z"))
    if not text:
        return None
    word = text.strip(" \t\n\v\f\r")
    if _FLOAT[0].match(text):
        return _f32(float(word))
    if _FLOAT[1].match(text):
        return _f32(float.fromhex(word))
    return None


def _sample_point(value):
    """(__u32)(sp * 1000) in float: truncated; out of range (or inf) as
    x86-64's cvttss2si gives it."""
    product = _f32(value * 1000)
    number = int(product) if abs(product) < 2.0 ** 63 else 1 << 63
    return number & 0xFFFFFFFF


def _can_word(ctx, req, st, args, word):
    """One word of can_parse_opt()'s loop (C's order: prefixes match the first)."""
    for phase, timing in (("", st["bt"]), ("d", st["dbt"])):
        for field, name in enumerate(_CAN_TIMING):
            if not matches(word, phase + name):
                continue
            value = args.next_arg()
            if name == "sample-point":
                number = _get_float(value)
                if number is None:
                    invarg(ctx, 'invalid "%s" value\n' % (phase + name), value)
                timing[field] = _sample_point(number)
            else:
                timing[field] = _u32(ctx, value, 'invalid "%s" value\n' % (phase + name))
            return
    for name in ("tdcv", "tdco", "tdcf"):
        if matches(word, name):
            st[name] = _u32(ctx, args.next_arg(), 'invalid "%s" value\n' % name)
            return
    for name, bit in _CAN_MODES:
        if matches(word, name):
            value = args.next_arg()
            if value == "on":
                st["flags"] |= bit
            elif value != "off":
                ctx.err.write('Error: argument of "%s" must be "on" or "off", not "%s"\n' % (name, value))
                raise Exit(255)
            st["mask"] |= bit
            return
    _can_word2(ctx, req, st, args, word)


def _can_word2(ctx, req, st, args, word):
    if matches(word, "tdc-mode"):
        value = args.next_arg()
        bits = {"auto": CAN_CTRLMODE_TDC_AUTO, "manual": CAN_CTRLMODE_TDC_MANUAL}.get(value)
        if bits is not None:
            st["flags"] |= bits
            st["mask"] |= bits
        elif value == "off":
            st["mask"] |= CAN_CTRLMODE_TDC_AUTO | CAN_CTRLMODE_TDC_MANUAL
        else:
            ctx.err.write('Error: argument of "tdc-mode" must be "auto", "manual" or "off", not "%s"\n' % value)
            raise Exit(255)
    elif matches(word, "restart"):
        req.add32(CAN_RESTART, 1)
    elif matches(word, "restart-ms"):
        req.add32(CAN_RESTART_MS, _u32(ctx, args.next_arg(), 'invalid "restart-ms" value\n'))
    elif matches(word, "termination"):
        req.add16(CAN_TERMINATION, _u16(ctx, args.next_arg(), 'invalid "termination" value\n'))
    else:
        if not matches(word, "help"):
            ctx.err.write('can: unknown option "%s"\n' % word)
        _help(ctx, "can")
        _fail()


def can(ctx, req, words):
    """can_parse_opt(): restart, restart-ms and termination go out as read;
    the bit timings (when a bitrate or tq is given), the ctrlmode and the
    TDC nest after."""
    st = {"bt": [0] * 8, "dbt": [0] * 8, "flags": 0, "mask": 0, "tdcv": None, "tdco": None, "tdcf": None}
    args = Args(ctx, words)
    while args:
        _can_word(ctx, req, st, args, args.take())
    for attr, timing in ((CAN_BITTIMING, st["bt"]), (CAN_DATA_BITTIMING, st["dbt"])):
        if timing[0] or timing[2]:
            req.add(attr, struct.pack("=8I", *timing))
    if st["mask"]:
        req.add(CAN_CTRLMODE, struct.pack("=II", st["mask"], st["flags"]))
    # (-1 is "not given": a value of 4294967295 is not sent)
    tdc = [(attr, st[name]) for attr, name in ((CAN_TDC_TDCV, "tdcv"), (CAN_TDC_TDCO, "tdco"),
                                               (CAN_TDC_TDCF, "tdcf")) if st[name] not in (None, 0xFFFFFFFF)]
    if tdc:
        nest = req.nest(CAN_TDC | 0x8000)
        for attr, value in tdc:
            req.add32(attr, value)
        req.end(nest)


PARSERS["can"] = can
