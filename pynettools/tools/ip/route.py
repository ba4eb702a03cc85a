"""ip route: iproute2 6.1.0's ip/iproute.c, the reading side (show/list/lst, get, help).

The order of work, as iproute.c's:
  1. do_iproute(): the command word, tried in the C code's order (add,
     change/chg, replace, prepend, append, test, delete, list/show/lst,
     get, flush, save, restore, showdump, help), each matched by any prefix
     (`ip r s` is show, `ip r d` delete, `ip r sa` save);
  2. show: iproute_list_flush_or_save() reads the selector words into a
     Filter (as C's static `filter`); ip asks the kernel for one table
     (main unless told) and, when a table is named, only IPv4 unless -6;
     the kernel filters on table, protocol, the route cache flag and the
     output device itself (pynettools/kernel/routes.py);
  3. filter_nlmsg() then drops what the kernel sent but the selector did
     not want (type, scope, tos, prefixes, via, src, realms, metric, ...);
  4. print_route() prints each route, skipping the fields the selector
     fixed (`ip route show dev X` does not repeat "dev X");
  5. get: iproute_get() sends one query and prints the answer with the
     same print_route().

Text and JSON come from the same print_route(): each field is appended to
the line (text) or handed to the printer (JSON) at the same point, in the
C code's order; the text side builds the line in a list and writes it once.
`ip route` with 100,000 routes must stay within three times iproute2's time
(tests/bench/ip_bench.py): routefast.py prints the common routes (IPv4
unicast, plain text or compact JSON) much faster than print_route() can,
and gives it any other.
"""
import struct

from pynettools.kernel import routes as K
from pynettools.tools.ip.printer import COLOR_IFNAME, COLOR_INET, COLOR_INET6, COLOR_NONE, PRINT_ANY, PRINT_JSON
from pynettools.tools.ip.utils import (PREFIXLEN_SPECIFIED, Args, Exit, Prefix, af_bit_len, family_name, get_addr,
                                       get_prefix, ifindex, ifname, invarg, matches, name_is_vrf, nodev,
                                       read_family, route_names, vrf_table)

AF_UNSPEC, AF_INET, AF_INET6, AF_PACKET, AF_MPLS, AF_BRIDGE = 0, 2, 10, 17, 28, 7
RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR = 128, 129

RT_TABLE_MAIN = 254
RTPROT_BOOT = 3
RT_SCOPE_UNIVERSE, RT_SCOPE_NOWHERE = 0, 255
RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST, RTN_UNREACHABLE = 1, 2, 3, 5, 7

USAGE = """\
Usage: ip route { list | flush } SELECTOR
       ip route save SELECTOR
       ip route restore
       ip route showdump
       ip route get [ ROUTE_GET_FLAGS ] ADDRESS
                            [ from ADDRESS iif STRING ]
                            [ oif STRING ] [ tos TOS ]
                            [ mark NUMBER ] [ vrf NAME ]
                            [ uid NUMBER ] [ ipproto PROTOCOL ]
                            [ sport NUMBER ] [ dport NUMBER ]
       ip route { add | del | change | append | replace } ROUTE
SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]
            [ type TYPE ] [ scope SCOPE ]
ROUTE := NODE_SPEC [ INFO_SPEC ]
NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]
             [ table TABLE_ID ] [ proto RTPROTO ]
             [ scope SCOPE ] [ metric METRIC ]
             [ ttl-propagate { enabled | disabled } ]
INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]
      [ dev STRING ] [ weight NUMBER ] NHFLAGS
FAMILY := [ inet | inet6 | mpls | bridge | link ]
OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]
           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]
           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]
           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]
           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]
           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]
           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]
TYPE := { unicast | local | broadcast | multicast | throw |
          unreachable | prohibit | blackhole | nat }
TABLE_ID := [ local | main | default | all | NUMBER ]
SCOPE := [ host | link | global | NUMBER ]
NHFLAGS := [ onlink | pervasive ]
RTPROTO := [ kernel | boot | static | NUMBER ]
PREF := [ low | medium | high ]
TIME := NUMBER[s|ms]
BOOL := [1|0]
FEATURES := ecn
ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 | xfrm ]
ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR | XFRMINFO ]
SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]
SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]
SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]
ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |
            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |
            End.BM | End.S | End.AS | End.AM | End.BPF }
OPTIONS := OPTION [ OPTIONS ]
OPTION := { flavors FLAVORS | srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |
            table TABLEID | vrftable TABLEID | endpoint PROGNAME }
FLAVORS := { FLAVOR[,FLAVOR] }
FLAVOR := { psp | usp | usd | next-csid }
IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE
XFRMINFO := if_id IF_ID [ link_dev LINK ]
ROUTE_GET_FLAGS := [ fibmatch ]
"""


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


# do_iproute()'s words, in its order: (word, command); None: the reading
# side's own, the others belong to the changing side (routemodify.py).
COMMANDS = (
    ("add", "add"), ("change", "change"), ("chg", "change"), ("replace", "replace"),
    ("prepend", "prepend"), ("append", "append"), ("test", "test"), ("delete", "delete"),
    ("list", None), ("show", None), ("lst", None), ("get", None), ("flush", "flush"),
    ("save", None), ("restore", "restore"), ("showdump", None), ("help", None),
)


def run(ctx, args):
    """do_iproute()."""
    if not args:
        return show(ctx, [])
    word = args[0]
    for name, pending in COMMANDS:
        if name == "chg" and word != "chg":  # strcmp, not a prefix
            continue
        if not matches(word, name):
            continue
        if pending is not None:  # the changing side: routemodify.py
            from pynettools.tools.ip import routemodify

            if pending == "flush":
                return routemodify.flush(ctx, args[1:])
            if pending == "restore":
                return routemodify.restore(ctx)
            return routemodify.modify(ctx, pending, args[1:])
        if name == "get":
            return get(ctx, args[1:])
        if name == "help":
            usage(ctx)
        if name in ("save", "showdump"):  # the binary stream: routesave.py
            from pynettools.tools.ip import routesave

            return routesave.route_save(ctx, args[1:]) if name == "save" else routesave.route_showdump(ctx)
        return show(ctx, args[1:])
    ctx.err.write('Command "%s" is unknown, try "ip route help".\n' % word)
    raise Exit(255)


# ---- addresses (the parsers are utils.py's get_prefix()/get_addr()) -----------------------

def family_color(family):
    """ifa_family_color()."""
    if family == AF_INET:
        return COLOR_INET
    if family == AF_INET6:
        return COLOR_INET6
    return COLOR_NONE


def ntop(family, raw):
    """rt_addr_n2a(): inet_ntop for inet and inet6 ("???" for other families).
    inet_ntop reads 4 or 16 bytes whatever the attribute's length; a shorter
    one is padded here with zeros."""
    if family == AF_INET:
        if len(raw) < 4:
            raw = bytes(raw) + bytes(4 - len(raw))
        return "%d.%d.%d.%d" % (raw[0], raw[1], raw[2], raw[3])
    if family == AF_INET6:
        import _socket

        raw = bytes(raw[:16])
        if len(raw) < 16:
            raw += bytes(16 - len(raw))
        return _socket.inet_ntop(_socket.AF_INET6, raw)
    if family == AF_MPLS:
        return _mpls_ntop(raw)
    return "???"


def _mpls_ntop(raw):
    """lib/mpls_ntop.c: labels joined by '/', up to the bottom-of-stack one."""
    labels = []
    for at in range(0, len(raw) - 3, 4):
        entry = struct.unpack_from("!I", raw, at)[0]
        labels.append("%u" % (entry >> 12))
        if entry & 0x100:
            break
    return "/".join(labels)


def addr_mismatch(a, b, bits):
    """inet_addr_match() != 0: the first `bits` bits of two 16-byte addresses differ."""
    if bits <= 0:
        return False
    full, rest = divmod(bits, 8)
    if a[:full] != b[:full]:
        return True
    if rest:
        mask = (0xFF << (8 - rest)) & 0xFF
        return (a[full] ^ b[full]) & mask != 0
    return False


def get_rt_realms_or_raw(ctx, arg):
    """get_rt_realms_or_raw(): "FROM/TO" realms by name or number, else a raw u32; None if bad."""
    names = route_names(ctx)
    realms = _rt_realms(names, arg)
    if realms is not None:
        return realms
    from pynettools.tools.ip.utils import get_unsigned

    return get_unsigned(arg, 0)


def _rt_realms(names, arg):
    realms = 0
    head, slash, tail = arg.partition("/")
    if slash:
        got = names.realm_a2n(head)
        if got is None:
            return None
        realms = got << 16
        arg = tail
    if arg:
        got = names.realm_a2n(arg)
        if got is None:
            return None
        realms |= got
    return realms


# ---- the filter (iproute.c's static `filter`) ----------------------------------------------


class Filter:
    """What the selector words ask for (iproute_reset_filter() then the parse).

    Masks are C ints: -1 means "fixed by the selector", which also keeps the
    field from being printed (`ip route show proto kernel` prints no proto).
    """

    def __init__(self):
        self.tb = 0
        self.cloned = 0
        self.protocol = self.protocolmask = 0
        self.scope = self.scopemask = 0
        self.typemask = 0
        self.tos = self.tosmask = 0
        self.iif = self.iifmask = 0
        self.oif = self.oifmask = 0
        self.mark = self.markmask = 0
        self.realm = self.realmmask = 0
        self.metric = self.metricmask = 0
        self.rprefsrc = Prefix()
        self.rvia = Prefix()
        self.rdst = Prefix()
        self.mdst = Prefix(bitlen=-1)
        self.rsrc = Prefix()
        self.msrc = Prefix(bitlen=-1)
        self.ip6_multiple_tables = False  # filter_nlmsg()'s static: stays set once seen
        self.simple = False

    def finish(self):
        """Note whether filter_nlmsg() has anything to check beyond the first
        few tests (the common `ip route`: the kernel did the filtering)."""
        self.simple = not (self.protocolmask or self.scopemask or self.typemask or self.tosmask
                           or self.rdst.family or self.rdst.flags or self.mdst.family or self.mdst.flags
                           or self.rsrc.family or self.rsrc.flags or self.msrc.family or self.msrc.flags
                           or self.rvia.family or self.rprefsrc.family or self.realmmask or self.iifmask
                           or self.oifmask or self.markmask or self.metricmask)


def type_bit(rtype):
    """C's `1 << type` on an int (x86 masks the count), widened to 64 bits."""
    bit = 1 << (rtype & 31)
    if bit & 0x80000000:
        bit |= 0xFFFFFFFF00000000
    return bit


def filter_nlmsg(ctx, f, rt, tb, buf, host_len, table):
    """iproute.c filter_nlmsg(): True when the route passes the selector."""
    family, dst_len, src_len, tos, _t, protocol, scope, rtype, rflags = rt
    if ctx.family != AF_UNSPEC and family != ctx.family:
        return False
    if family == AF_INET6 and table != RT_TABLE_MAIN:
        f.ip6_multiple_tables = True
    if f.cloned == (0 if rflags & K.RTM_F_CLONED else 1):
        return False
    if family == AF_INET6 and not f.ip6_multiple_tables:
        if f.tb:
            if f.tb == 255:
                if rtype != RTN_LOCAL:
                    return False
            elif f.tb == RT_TABLE_MAIN:
                if rtype == RTN_LOCAL:
                    return False
            else:
                return False
    elif f.tb > 0 and f.tb != table:
        return False
    if f.simple:
        return True
    if (f.protocol ^ protocol) & f.protocolmask:
        return False
    if (f.scope ^ scope) & f.scopemask:
        return False
    if f.typemask and not f.typemask & type_bit(rtype):
        return False
    if (f.tos ^ tos) & f.tosmask:
        return False
    for want, length in ((f.rdst, dst_len), (f.rsrc, src_len)):
        if want.family:
            if family != want.family or want.bitlen > length:
                return False
        elif want.flags & PREFIXLEN_SPECIFIED:
            if want.bitlen > length:
                return False
    for want, length in ((f.mdst, dst_len), (f.msrc, src_len)):
        if want.family:
            if family != want.family or (want.bitlen >= 0 and want.bitlen < length):
                return False
        elif want.flags & PREFIXLEN_SPECIFIED:
            if want.bitlen >= 0 and want.bitlen < length:
                return False
    if f.rvia.family:
        via_family = family
        if K.RTA_VIA in tb:
            via_family = struct.unpack_from("=H", buf, tb[K.RTA_VIA])[0]
        if via_family != f.rvia.family:
            return False
    if f.rprefsrc.family and family != f.rprefsrc.family:
        return False

    def data(attr, nbytes):
        """The attribute's first nbytes bytes, zero-padded to 16 (C copies into a zeroed inet_prefix)."""
        at = tb.get(attr)
        if at is None or nbytes <= 0:
            return bytes(16)
        nbytes = min(nbytes, K.payload_length(buf, at), 16)
        return bytes(buf[at:at + nbytes]).ljust(16, b"\0")

    dst = data(K.RTA_DST, (dst_len + 7) // 8)
    src = bytes(16)
    if f.rsrc.family or f.msrc.family or f.rsrc.flags & PREFIXLEN_SPECIFIED \
            or f.msrc.flags & PREFIXLEN_SPECIFIED:
        src = data(K.RTA_SRC, (src_len + 7) // 8)
    via = bytes(16)
    if f.rvia.bitlen > 0:
        if K.RTA_GATEWAY in tb:
            via = data(K.RTA_GATEWAY, host_len // 8)
        if K.RTA_VIA in tb:
            at = tb[K.RTA_VIA]
            size = K.payload_length(buf, at) - 2
            via = bytes(buf[at + 2:at + 2 + max(size, 0)])[:16].ljust(16, b"\0")
    prefsrc = bytes(16)
    if f.rprefsrc.bitlen > 0:
        prefsrc = data(K.RTA_PREFSRC, host_len // 8)
    if (f.rdst.family or f.rdst.flags & PREFIXLEN_SPECIFIED) and addr_mismatch(dst, f.rdst.data, f.rdst.bitlen):
        return False
    if (f.mdst.family or f.mdst.flags & PREFIXLEN_SPECIFIED) and addr_mismatch(dst, f.mdst.data, dst_len):
        return False
    if (f.rsrc.family or f.rsrc.flags & PREFIXLEN_SPECIFIED) and addr_mismatch(src, f.rsrc.data, f.rsrc.bitlen):
        return False
    if (f.msrc.family or f.msrc.flags & PREFIXLEN_SPECIFIED) and f.msrc.bitlen >= 0 \
            and addr_mismatch(src, f.msrc.data, src_len):
        return False
    if f.rvia.family and addr_mismatch(via, f.rvia.data, f.rvia.bitlen):
        return False
    if f.rprefsrc.family and addr_mismatch(prefsrc, f.rprefsrc.data, f.rprefsrc.bitlen):
        return False

    def u32(attr):
        at = tb.get(attr)
        return struct.unpack_from("=I", buf, at)[0] if at is not None else 0

    if f.realmmask and (u32(K.RTA_FLOW) ^ f.realm) & f.realmmask:
        return False
    if f.iifmask and (u32(K.RTA_IIF) ^ f.iif) & f.iifmask & 0xFFFFFFFF:
        return False
    if f.oifmask and (u32(K.RTA_OIF) ^ f.oif) & f.oifmask & 0xFFFFFFFF:
        return False
    if f.markmask and (u32(K.RTA_MARK) ^ f.mark) & f.markmask & 0xFFFFFFFF:
        return False
    if f.metricmask and (u32(K.RTA_PRIORITY) ^ f.metric) & f.metricmask & 0xFFFFFFFF:
        return False
    return True


# ---- printing (print_route() and its helpers) ------------------------------------------------

RTAX_LOCK, RTAX_MTU, RTAX_RTT, RTAX_RTTVAR = 1, 2, 4, 5
RTAX_HOPLIMIT, RTAX_FEATURES, RTAX_RTO_MIN, RTAX_CC_ALGO = 10, 12, 13, 16
RTAX_MAX = 17
MX_NAMES = (None, None, "mtu", "window", "rtt", "rttvar", "ssthresh", "cwnd", "advmss", "reordering",
            "hoplimit", "initcwnd", "features", "rto_min", "initrwnd", "quickack", "congctl",
            "fastopen_no_cookie")

# print_rt_flags(): (bit, word) in its order
RT_FLAGS = ((1, "dead"), (4, "onlink"), (2, "pervasive"), (8, "offload"), (64, "trap"),
            (K.RTM_F_NOTIFY, "notify"), (16, "linkdown"), (32, "unresolved"),
            (K.RTM_F_OFFLOAD, "rt_offload"), (K.RTM_F_TRAP, "rt_trap"),
            (K.RTM_F_OFFLOAD_FAILED, "rt_offload_failed"))

# print_cache_flags(): RTCF_* (linux/in_route.h) in its order
CACHE_FLAGS = ((0x80000000, "local"), (0x40000000, "reject"), (0x20000000, "mc"), (0x10000000, "brd"),
               (0x08000000, "dst-nat"), (0x00800000, "src-nat"), (0x00400000, "masq"),
               (0x00020000, "dst-direct"), (0x04000000, "src-direct"), (0x00040000, "redirected"),
               (0x01000000, "redirect"), (0x00200000, "fastroute"), (0x00010000, "notify"),
               (0x00080000, "proxy"))

USER_HZ = 100  # get_user_hz(): sysconf(_SC_CLK_TCK), 100 on Linux


class Out:
    """Where print_route() puts one route: `parts` (the text line) or the printer (-j)."""

    __slots__ = ("ctx", "p", "json", "parts", "colors", "sl")

    def __init__(self, ctx):
        self.ctx = ctx
        self.p = ctx.printer
        self.json = ctx.printer.is_json
        self.parts = []
        self.colors = ctx.printer.colors
        self.sl = "\\" if ctx.oneline else "\n"

    def paint(self, color, text):
        """color_fprintf(): the text in the field's colour (with -c), else as it is."""
        if self.colors is None or color == COLOR_NONE:
            return text
        from pynettools.tools.ip.printer import _CODES

        return _CODES[self.colors[color]] + text + _CODES["clear"]


def _int_div(a, b):
    """C's int division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def print_route(ctx, f, buf, offset, length, msg_type=K.RTM_NEWROUTE):
    """iproute.c print_route(): one route, if the filter keeps it."""
    rt = K.RTMSG.unpack_from(buf, offset + 16)
    family, dst_len, src_len, tos, table, protocol, scope, rtype, rflags = rt
    end = offset + length
    if length < 28:
        ctx.err.write("BUG: wrong nlmsg len %d\n" % (length - 28))
        return -1
    tb = K.attribute_offsets(buf, offset + 28, end)
    host_len = af_bit_len(family)
    at = tb.get(K.RTA_TABLE)
    if at is not None:
        table = struct.unpack_from("=I", buf, at)[0]
    if not filter_nlmsg(ctx, f, rt, tb, buf, host_len, table):
        return 0
    o = Out(ctx)
    js = o.json
    p = o.p
    parts = o.parts
    add = parts.append
    names = route_names(ctx)
    if js:
        p.open_json_object(None)
    if msg_type == K.RTM_DELROUTE:
        if js:
            p.bool(PRINT_JSON, "deleted", None, True)
        else:
            add("Deleted ")
    if (rtype != RTN_UNICAST or ctx.details) and (not f.typemask or f.typemask & type_bit(rtype)):
        text = names.rtntype_n2a(rtype)
        if js:
            p.string(PRINT_JSON, "type", None, text)
        else:
            add(text + " ")

    # the destination
    color = COLOR_NONE
    at = tb.get(K.RTA_DST)
    if at is not None:
        real = _real_family(rtype, family)
        color = family_color(real)
        raw = _payload(buf, at)
        if dst_len != host_len:
            b1 = "%s/%u" % (ntop(real, raw), dst_len)
        else:
            b1 = _host(ctx, real, raw)
    elif dst_len:
        b1 = "0/%d " % dst_len
    else:
        b1 = "default"
    if js:
        p.string(PRINT_JSON, "dst", None, b1)
    else:
        add(o.paint(color, b1 + " "))

    # the source prefix
    at = tb.get(K.RTA_SRC)
    if at is not None:
        real = _real_family(rtype, family)
        raw = _payload(buf, at)
        if src_len != host_len:
            b1 = "%s/%u" % (ntop(real, raw), src_len)
        else:
            b1 = _host(ctx, real, raw)
        if js:
            p.string(PRINT_JSON, "from", None, b1)
        else:
            add(o.paint(family_color(real), "from %s " % b1))
    elif src_len:
        b1 = "0/%u" % src_len
        if js:
            p.string(PRINT_JSON, "src", None, b1)
        else:
            add("from %s " % b1)

    at = tb.get(K.RTA_NH_ID)
    if at is not None:
        _uint(o, "nhid", "nhid %u ", struct.unpack_from("=I", buf, at)[0])
    at = tb.get(K.RTA_NEWDST)
    if at is not None:
        _print_newdst(ctx, o, family, _payload(buf, at))
    if K.RTA_ENCAP in tb:
        _print_encap(ctx, o, buf, tb)
    if tos and f.tosmask != -1:
        _string(o, "tos", "tos %s ", names.dsfield_n2a(tos))
    at = tb.get(K.RTA_GATEWAY)
    if at is not None and f.rvia.bitlen != host_len:
        _print_gateway(ctx, o, family, _payload(buf, at))
    at = tb.get(K.RTA_VIA)
    if at is not None:
        _print_via(ctx, o, _payload(buf, at))
    at = tb.get(K.RTA_OIF)
    if at is not None and f.oifmask != -1:
        _print_ifidx(ctx, o, struct.unpack_from("=I", buf, at)[0], "dev")
    if table and (table != RT_TABLE_MAIN or ctx.details) and not f.tb:
        _string(o, "table", "table %s ", names.table_n2a(table))
    if not rflags & K.RTM_F_CLONED:
        if (protocol != RTPROT_BOOT or ctx.details) and f.protocolmask != -1:
            _string(o, "protocol", "proto %s ", names.proto_n2a(protocol))
        if (scope != RT_SCOPE_UNIVERSE or ctx.details) and f.scopemask != -1:
            _string(o, "scope", "scope %s ", names.scope_n2a(scope))
    at = tb.get(K.RTA_PREFSRC)
    if at is not None and f.rprefsrc.bitlen != host_len:
        # not format_host(): "It is our local addr and symbolic name will not be useful."
        psrc = ntop(family, _payload(buf, at))
        if js:
            p.string(PRINT_JSON, "prefsrc", None, psrc)
        else:
            add("src " + o.paint(family_color(family), psrc + " "))
    at = tb.get(K.RTA_PRIORITY)
    if at is not None and f.metricmask != -1:
        _uint(o, "metric", "metric %u ", struct.unpack_from("=I", buf, at)[0])
    _print_rt_flags(o, rflags)
    at = tb.get(K.RTA_MARK)
    if at is not None:
        mark = struct.unpack_from("=I", buf, at)[0]
        if mark:
            if js:
                p.uint(PRINT_JSON, "mark", None, mark)
            elif mark >= 16:
                add("mark 0x%x " % mark)
            else:
                add("mark %u " % mark)
    at = tb.get(K.RTA_FLOW)
    if at is not None and f.realmmask != 0xFFFFFFFF:
        _print_flow(ctx, o, struct.unpack_from("=I", buf, at)[0])
    at = tb.get(K.RTA_UID)
    if at is not None:
        _uint(o, "uid", "uid %u ", struct.unpack_from("=I", buf, at)[0])
    if family == AF_INET:
        if rflags & K.RTM_F_CLONED:
            _print_cache_flags(o, rflags)
        at = tb.get(K.RTA_CACHEINFO)
        if at is not None:
            _print_cacheinfo(ctx, o, buf, at)
    elif family == AF_INET6:
        at = tb.get(K.RTA_CACHEINFO)
        if at is not None:
            _print_cacheinfo(ctx, o, buf, at)
    at = tb.get(K.RTA_METRICS)
    if at is not None:
        _print_metrics(o, buf, at, at + K.payload_length(buf, at))
    at = tb.get(K.RTA_IIF)
    if at is not None and f.iifmask != -1:
        _print_ifidx(ctx, o, struct.unpack_from("=I", buf, at)[0], "iif")
    at = tb.get(K.RTA_PREF)
    if at is not None:
        _print_pref(o, buf[at])
    at = tb.get(K.RTA_TTL_PROPAGATE)
    if at is not None:
        propagate = bool(buf[at])
        if js:
            p.bool(PRINT_JSON, "ttl-propogate", None, propagate)
        else:
            add("ttl-propogate %s" % ("enabled" if propagate else "disabled"))
    at = tb.get(K.RTA_NH_ID)
    if at is not None and ctx.details:
        _print_nh_info(ctx, o, struct.unpack_from("=I", buf, at)[0])
    at = tb.get(K.RTA_MULTIPATH)
    if at is not None:
        _print_multipath(ctx, o, rt, buf, at, at + K.payload_length(buf, at))
    if js:
        p.close_json_object()
    else:
        add("\n")
        ctx.out.write("".join(parts))
    return 0


def _payload(buf, at):
    return bytes(buf[at:at + K.payload_length(buf, at)])


def _real_family(rtype, family):
    """get_real_family()."""
    if rtype != RTN_MULTICAST:
        return family
    if family == RTNL_FAMILY_IPMR:
        return AF_INET
    if family == RTNL_FAMILY_IP6MR:
        return AF_INET6
    return family


def _host(ctx, family, raw):
    """format_host_r(): with -r the name the resolver gives (per address, once), else the address."""
    if ctx.resolve and family in (AF_INET, AF_INET6) and raw:
        from pynettools.tools.ip.utils import format_host

        return format_host(ctx, family, bytes(raw[:16 if family == AF_INET6 else 4]))
    return ntop(family, raw)


def _string(o, key, fmt, value):
    if o.json:
        o.p.string(PRINT_JSON, key, None, value)
    else:
        o.parts.append(fmt % value)


def _uint(o, key, fmt, value):
    if o.json:
        o.p.uint(PRINT_JSON, key, None, value)
    else:
        o.parts.append(fmt % value)


def _print_ifidx(ctx, o, index, prefix):
    """print_rta_ifidx()."""
    name = ifname(ctx, index)
    if o.json:
        o.p.string(PRINT_JSON, prefix, None, name)
    else:
        o.parts.append(prefix + " " + o.paint(COLOR_IFNAME, name + " "))


def _print_gateway(ctx, o, family, raw):
    """print_rta_gateway(): format_host(), so -r names it."""
    gateway = _host(ctx, family, raw)
    if o.json:
        o.p.string(PRINT_JSON, "gateway", None, gateway)
    else:
        o.parts.append("via " + o.paint(family_color(family), gateway + " "))


def _print_newdst(ctx, o, family, raw):
    """print_rta_newdst()."""
    newdst = _host(ctx, family, raw)
    if o.json:
        o.p.string(PRINT_JSON, "to", None, newdst)
    else:
        o.parts.append("as to " + o.paint(family_color(family), newdst + " "))


def _print_via(ctx, o, raw):
    """print_rta_via(): struct rtvia, a family and an address of it."""
    via_family = struct.unpack_from("=H", raw)[0] if len(raw) >= 2 else 0
    host = _host(ctx, via_family, raw[2:])
    if o.json:
        o.p.open_json_object("via")
        o.p.string(PRINT_JSON, "family", None, family_name(via_family))
        o.p.string(PRINT_JSON, "host", None, host)
        o.p.close_json_object()
    else:
        o.parts.append("via %s " % family_name(via_family))
        o.parts.append(o.paint(family_color(via_family), host + " "))


def _print_flow(ctx, o, to):
    """print_rta_flow(): realms FROM/TO (the high and low 16 bits)."""
    names = route_names(ctx)
    source = to >> 16
    to &= 0xFFFF
    if o.json:
        o.p.open_json_object("flow")
        if source:
            o.p.string(PRINT_JSON, "from", None, names.realm_n2a(source))
        o.p.string(PRINT_JSON, "to", None, names.realm_n2a(to))
        o.p.close_json_object()
    else:
        o.parts.append("realm%s " % ("s" if source else ""))
        if source:
            o.parts.append("%s/" % names.realm_n2a(source))
        o.parts.append("%s " % names.realm_n2a(to))


def _print_rt_flags(o, flags):
    """print_rt_flags(): the words; in JSON always a "flags" array, maybe empty."""
    if o.json:
        o.p.open_json_array(PRINT_JSON, "flags")
        for bit, word in RT_FLAGS:
            if flags & bit:
                o.p.string(PRINT_ANY, None, "%s ", word)
        o.p.close_json_array(PRINT_JSON, None)
    elif flags & 0x2000C17F:
        for bit, word in RT_FLAGS:
            if flags & bit:
                o.parts.append(word + " ")


def _print_cache_flags(o, flags):
    """print_cache_flags(): the RTCF_* bits of a cached (cloned) route."""
    flags &= ~0xFFFF & 0xFFFFFFFF
    if o.json:
        o.p.jw.name("cache")
        o.p.jw.start("[")
    else:
        o.parts.append("%s    cache " % o.sl)
        if flags == 0:
            return
        o.parts.append("<")
    for bit, word in CACHE_FLAGS:
        if flags & bit:
            flags &= ~bit
            if o.json:
                o.p.jw.string(word)
            else:
                o.parts.append("%s%s" % (word, "," if flags else "> "))
    if flags:
        if o.json:
            o.p.hex(PRINT_ANY, "flags", "%x>", flags)
        else:
            o.parts.append("%x>" % flags)
    if o.json:
        o.p.jw.end("]")


def _print_cacheinfo(ctx, o, buf, at):
    """print_rta_cacheinfo(): expiry and errors; with -s users, use and age."""
    clntref, lastuse, expires, error, used, ident, ts, tsage = K.CACHEINFO.unpack_from(
        bytes(buf[at:at + 32]).ljust(32, b"\0"))
    if expires != 0:
        _int_field(o, "expires", "expires %dsec ", _int_div(expires, USER_HZ))
    if error != 0:
        _uint(o, "error", "error %u ", error)
    if ctx.stats:
        if clntref:
            _uint(o, "users", "users %u ", clntref)
        if used != 0:
            _uint(o, "used", "used %u ", used)
        if lastuse != 0:
            _uint(o, "age", "age %usec ", lastuse // USER_HZ)
    if ident:
        _hex0x(o, "ipid", "ipid 0x%04x ", ident)
    if ts or tsage:
        _hex0x(o, "ts", "ts 0x%x", ts)
        _uint(o, "tsage", "tsage %usec ", tsage)


def _int_field(o, key, fmt, value):
    if o.json:
        o.p.int(PRINT_JSON, key, None, value)
    else:
        o.parts.append(fmt % value)


def _hex0x(o, key, fmt, value):
    if o.json:
        o.p.hex0x(PRINT_JSON, key, None, value)
    else:
        o.parts.append(fmt % value)


def _print_metrics(o, buf, start, end):
    """print_rta_metrics(): RTAX_* values, "lock" before a locked one."""
    from pynettools.kernel import netlink

    mx = {}
    for kind, payload in netlink.attribute_list(buf, start, end):
        if kind <= RTAX_MAX and kind not in mx:
            mx[kind] = payload
    lock = struct.unpack_from("=I", mx[RTAX_LOCK])[0] if len(mx.get(RTAX_LOCK, b"")) >= 4 else 0
    js = o.json
    p = o.p
    if js:
        p.open_json_array(PRINT_JSON, "metrics")
        p.open_json_object(None)
    for i in range(2, RTAX_MAX + 1):
        payload = mx.get(i)
        if payload is None and not lock & (1 << i):
            continue
        val = 0
        if payload is not None and i != RTAX_CC_ALGO:
            val = struct.unpack_from("=I", payload.ljust(4, b"\0"))[0]
        if i == RTAX_HOPLIMIT and val == 0xFFFFFFFF:
            continue
        if not js:
            name = MX_NAMES[i] if i < len(MX_NAMES) else None
            o.parts.append("%s " % name if name else "metric %d " % i)
            if lock & (1 << i):
                o.parts.append("lock ")
        if i == RTAX_FEATURES:
            features = val
            if features & 1:  # RTAX_FEATURE_ECN
                if js:
                    p.null(PRINT_JSON, "ecn", None, None)
                else:
                    o.parts.append("ecn ")
                features &= ~1
            if features:
                _hex0x(o, "features", "%#x ", val)
        elif i in (RTAX_RTT, RTAX_RTTVAR, RTAX_RTO_MIN):
            if i == RTAX_RTT:
                val //= 8
            elif i == RTAX_RTTVAR:
                val //= 4
            if js:
                p.uint(PRINT_JSON, MX_NAMES[i], None, val)
            elif val >= 1000:
                o.parts.append("%gs " % (val / 1e3))
            else:
                o.parts.append("%ums " % val)
        elif i == RTAX_CC_ALGO:
            text = (payload or b"").split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
            _string(o, "congestion", "%s ", text)
        else:
            _uint(o, MX_NAMES[i], "%u ", val)
    if js:
        p.close_json_object()
        p.close_json_array(PRINT_JSON, None)


def _print_pref(o, pref):
    """print_rt_pref(): an IPv6 router preference (no space after it)."""
    word = {3: "low", 0: "medium", 1: "high"}.get(pref)
    if word is not None:
        _string(o, "pref", "pref %s", word)
    else:
        _uint(o, "pref", "%u", pref)


def _print_multipath(ctx, o, rt, buf, start, end):
    """print_rta_multipath(): one "nexthop" per struct rtnexthop."""
    family, _dl, _sl, _tos, _t, _proto, _scope, rtype, rflags = rt
    js = o.json
    p = o.p
    mcast = bool(rflags & K.RTM_F_CLONED) and rtype == RTN_MULTICAST
    if js:
        p.open_json_array(PRINT_JSON, "nexthops")
    first = True
    at = start
    remaining = end - start
    while remaining >= 8:
        nh_len, nh_flags, hops, index = K.RTNEXTHOP.unpack_from(buf, at)
        if nh_len > remaining:
            break
        if js:
            p.open_json_object(None)
        if mcast:
            if not js:
                o.parts.append("Oifs: " if first else " ")
            first = False
        elif not js:
            o.parts.append("%s\tnexthop " % o.sl)
        if nh_len > 8:
            tb = K.attribute_offsets(buf, at + 8, at + nh_len)
            if K.RTA_ENCAP in tb:
                _print_encap(ctx, o, buf, tb)
            a = tb.get(K.RTA_NEWDST)
            if a is not None:
                _print_newdst(ctx, o, family, _payload(buf, a))
            a = tb.get(K.RTA_GATEWAY)
            if a is not None:
                _print_gateway(ctx, o, family, _payload(buf, a))
            a = tb.get(K.RTA_VIA)
            if a is not None:
                _print_via(ctx, o, _payload(buf, a))
            a = tb.get(K.RTA_FLOW)
            if a is not None:
                _print_flow(ctx, o, struct.unpack_from("=I", buf, a)[0])
        if mcast:
            name = ifname(ctx, index & 0xFFFFFFFF)
            if js:
                p.string(PRINT_JSON, "dev", None, name)
                if hops != 1:
                    p.int(PRINT_JSON, "ttl", None, hops)
            else:
                o.parts.append(name)
                if hops != 1:
                    o.parts.append("(ttl>%d)" % hops)
                o.parts.append(" ")
        else:
            _string(o, "dev", "dev %s ", ifname(ctx, index & 0xFFFFFFFF))
            if family != AF_MPLS:
                _int_field(o, "weight", "weight %d ", hops + 1)
        _print_rt_flags(o, nh_flags)
        step = (nh_len + 3) & ~3
        remaining -= step
        at += step
        if js:
            p.close_json_object()
        if step == 0:
            break
    if js:
        p.close_json_array(PRINT_JSON, None)


ENCAP_TYPES = {1: "mpls", 2: "ip", 3: "ila", 4: "ip6", 5: "seg6", 6: "bpf", 7: "seg6local", 8: "rpl",
               9: "ioam6", 10: "xfrm"}
SEG6_MODES = ("inline", "encap", "l2encap", "encap.red", "l2encap.red")
SEG6_ACTIONS = (None, "End", "End.X", "End.T", "End.DX2", "End.DX6", "End.DX4", "End.DT6", "End.DT4",
                "End.B6", "End.B6.Encaps", "End.BM", "End.S", "End.AS", "End.AM", "End.BPF", "End.DT46")


def _print_encap(ctx, o, buf, tb):
    """iproute_lwtunnel.c lwt_print_encap(): " encap TYPE " and the kind's own
    fields (ip, ip6, seg6 and seg6local, the kinds this kernel can make)."""
    from pynettools.kernel import netlink

    at = tb.get(K.RTA_ENCAP_TYPE)
    if at is None:
        return
    kind = struct.unpack_from("=H", buf, at)[0]
    _string(o, "encap", " encap %s ", ENCAP_TYPES.get(kind, "unknown"))
    at = tb.get(K.RTA_ENCAP)
    if at is None:
        return
    attrs = {}
    for attr, payload in netlink.attribute_list(buf, at, at + K.payload_length(buf, at)):
        attrs.setdefault(attr, payload)
    if kind in (2, 4):
        _print_encap_ip(o, attrs, AF_INET if kind == 2 else AF_INET6)
    elif kind == 5:
        _print_encap_seg6(o, attrs)
    elif kind == 7:
        _print_encap_seg6local(ctx, o, attrs)


def _print_encap_ip(o, tb, family):
    """print_encap_ip() and print_encap_ip6() (LWTUNNEL_IP_* and LWTUNNEL_IP6_*
    share their numbers: id, dst, src, ttl/hoplimit, tos/tc, flags)."""
    color = family_color(family)
    if 1 in tb and len(tb[1]) >= 8:
        _uint(o, "id", "id %u ", struct.unpack_from("!Q", tb[1])[0])
    for attr, key in ((3, "src"), (2, "dst")):
        if attr in tb:
            text = ntop(family, tb[attr])
            if o.json:
                o.p.string(PRINT_JSON, key, None, text)
            else:
                o.parts.append(o.paint(color, "%s %s " % (key, text)))
    if 4 in tb and tb[4]:
        _uint(o, "ttl" if family == AF_INET else "hoplimit", "ttl %u " if family == AF_INET else "hoplimit %u ",
              tb[4][0])
    if 5 in tb and tb[5]:
        _uint(o, "tos" if family == AF_INET else "tc", "tos %d " if family == AF_INET else "tc %u ", tb[5][0])
    if 6 in tb and len(tb[6]) >= 2:
        flags = struct.unpack_from("!H", tb[6])[0]  # TUNNEL_* are big-endian bits
        for bit, word in ((0x04, "key"), (0x01, "csum"), (0x08, "seq")):
            if flags & bit:
                if o.json:
                    o.p.bool(PRINT_JSON, word, None, True)
                else:
                    o.parts.append(word + " ")


def _print_srh(o, srh):
    """print_srh(): struct ipv6_sr_hdr's segments, last first."""
    first = srh[4] if len(srh) > 4 else 0
    if o.json:
        o.p.open_json_array(PRINT_JSON, "segs")
    else:
        o.parts.append("segs %d [ " % (first + 1))
    for i in range(first, -1, -1):
        text = ntop(AF_INET6, srh[8 + 16 * i:8 + 16 * i + 16])
        if o.json:
            o.p.string(PRINT_JSON, None, None, text)
        else:
            o.parts.append(o.paint(COLOR_INET6, text + " "))
    if o.json:
        o.p.close_json_array(PRINT_JSON, None)
    else:
        o.parts.append("] ")
    if len(srh) > 5 and srh[5] & 0x08:  # SR6_FLAG1_HMAC: the HMAC TLV's key id
        at = ((srh[1] + 1) << 3) - 40
        if at + 8 <= len(srh):
            _hex0x(o, "hmac", "hmac %X ", struct.unpack_from("!I", srh, at + 4)[0])


def _print_encap_seg6(o, tb):
    """print_encap_seg6(): struct seg6_iptunnel_encap, a mode and an SRH."""
    info = tb.get(1)  # SEG6_IPTUNNEL_SRH
    if info is None or len(info) < 4:
        return
    mode = struct.unpack_from("=i", info)[0]
    text = SEG6_MODES[mode] if 0 <= mode < len(SEG6_MODES) else "<unknown>"
    _string(o, "mode", "mode %s ", text)
    _print_srh(o, info[4:])


def _print_encap_seg6local(ctx, o, tb):
    """print_encap_seg6local(): the action and its parameters."""
    if 1 not in tb:  # SEG6_LOCAL_ACTION
        return
    action = struct.unpack_from("=I", tb[1].ljust(4, b"\0"))[0]
    if action > 16:
        text = "<invalid>"
    else:
        text = SEG6_ACTIONS[action] or "<unknown>"
    _string(o, "action", "action %s ", text)
    if 2 in tb:
        if o.json:
            o.p.open_json_object("srh")
        _print_srh(o, tb[2])
        if o.json:
            o.p.close_json_object()
    names = route_names(ctx)
    for attr, key in ((3, "table"), (9, "vrftable")):
        if attr in tb:
            _string(o, key, key + " %s ", names.table_n2a(struct.unpack_from("=I", tb[attr])[0]))
    if 4 in tb:
        _string(o, "nh4", "nh4 %s ", ntop(AF_INET, tb[4]))
    if 5 in tb:
        _string(o, "nh6", "nh6 %s ", ntop(AF_INET6, tb[5]))
    for attr, key in ((6, "iif"), (7, "oif")):
        if attr in tb:
            _string(o, key, key + " %s ", ifname(ctx, struct.unpack_from("=I", tb[attr])[0]))
    if 10 in tb and ctx.stats:  # SEG6_LOCAL_COUNTERS
        from pynettools.kernel import netlink

        counters = netlink.nested_attributes(tb[10])
        values = [netlink.u64_of(counters, n) for n in (1, 2, 3)]
        if o.json:
            o.p.open_json_object("stats64")
            for key, value in zip(("packets", "bytes", "errors"), values):
                o.p.u64(PRINT_JSON, key, None, value)
            o.p.close_json_object()
        else:
            for key, value in zip(("packets", "bytes", "errors"), values):
                o.parts.append("%s %s " % (key, _print_num(ctx, value)))


def _print_num(ctx, count):
    """ipaddress.c print_num() with width 1, without its trailing space."""
    from pynettools.tools.ip.link import print_num

    return print_num(ctx, 1, count)[:-1]


def _print_nh_info(ctx, o, nh_id):
    """print_cache_nexthop_id(): with -d, "nh_info" and the nexthop object the
    route uses, asked of the kernel once per id (nothing if it will not say)."""
    cache = ctx.__dict__.setdefault("_nexthop_cache", {})
    if nh_id not in cache:
        from pynettools.kernel import nexthops

        try:
            cache[nh_id] = nexthops.get(ctx.kernel, ctx.family, nh_id)
        except OSError:
            cache[nh_id] = None
    record = cache[nh_id]
    if record is None:
        return
    from pynettools.tools.ip.nexthop import print_entry

    if o.json:
        o.p.jw.name("nh_info")  # __print_nexthop_entry()'s open_json_object("nh_info")
    else:
        o.parts.append("\n\tnh_info ")
        ctx.out.write("".join(o.parts))
        del o.parts[:]
    print_entry(ctx, record)


# ---- ip route show ------------------------------------------------------------------------


def show(ctx, words, lister=None):
    """iproute_list_flush_or_save() for IPROUTE_LIST (and IPROUTE_SAVE: then
    `lister` is routesave.save_routes, given the filter in list_routes' place)."""
    f = Filter()
    f.tb = RT_TABLE_MAIN
    names = route_names(ctx)
    dump_family = ctx.family
    iif_name = oif_name = None
    mark = 0
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "table"):
            value = args.next_arg()
            tid = names.table_a2n(value)
            if tid is None:
                if value == "all":
                    f.tb = 0
                elif value == "cache":
                    f.cloned = 1
                elif value == "help":
                    usage(ctx)
                else:
                    invarg(ctx, "table id value is invalid\n", value)
            else:
                f.tb = tid
        elif matches(word, "vrf"):
            value = args.next_arg()
            tid = vrf_table(ctx, value)
            if tid == 0:
                invarg(ctx, "Invalid VRF\n", value)
            f.tb = tid
            # ~(1 << RTN_LOCAL | 1 << RTN_BROADCAST): an int, widened to the u64 mask
            f.typemask = 0xFFFFFFFFFFFFFFFF & ~((1 << RTN_LOCAL) | (1 << RTN_BROADCAST))
        elif matches(word, "cached") or matches(word, "cloned"):
            f.cloned = 1
        elif word == "tos" or matches(word, "dsfield"):
            value = args.next_arg()
            tos = names.dsfield_a2n(value)
            if tos is None:
                invarg(ctx, "TOS value is invalid\n", value)
            f.tos = tos
            f.tosmask = -1
        elif matches(word, "protocol"):
            value = args.next_arg()
            f.protocolmask = -1
            prot = names.proto_a2n(value)
            if prot is None:
                if value != "all":
                    invarg(ctx, 'invalid "protocol"\n', value)
                prot = 0
                f.protocolmask = 0
            f.protocol = prot
        elif matches(word, "scope"):
            value = args.next_arg()
            f.scopemask = -1
            scope = names.scope_a2n(value)
            if scope is None:
                if value != "all":
                    invarg(ctx, 'invalid "scope"\n', value)
                scope = RT_SCOPE_NOWHERE
                f.scopemask = 0
            f.scope = scope
        elif matches(word, "type"):
            value = args.next_arg()
            rtype = names.rtntype_a2n(value)
            if rtype is None:
                invarg(ctx, "node type value is invalid\n", value)
            f.typemask = type_bit(rtype)
        elif word in ("dev", "oif"):
            oif_name = args.next_arg()
        elif word == "iif":
            iif_name = args.next_arg()
        elif word == "mark":
            value = args.next_arg()
            from pynettools.tools.ip.utils import get_unsigned

            mark = get_unsigned(value, 0)
            if mark is None:
                invarg(ctx, "invalid mark value", value)
            f.markmask = -1
        elif matches(word, "metric") or matches(word, "priority") or word == "preference":
            value = args.next_arg()
            from pynettools.tools.ip.utils import get_u32

            metric = get_u32(value, 0)
            if metric is None:
                invarg(ctx, '"metric" value is invalid\n', value)
            f.metric = metric
            f.metricmask = -1
        elif word == "via":
            value = args.next_arg()
            family = read_family(value)
            if family == AF_UNSPEC:
                family = dump_family
            else:
                value = args.next_arg()
            f.rvia = get_prefix(ctx, value, family)
        elif word == "src":
            value = args.next_arg()
            f.rprefsrc = get_prefix(ctx, value, dump_family)
        elif matches(word, "realms"):
            value = args.next_arg()
            realm = get_rt_realms_or_raw(ctx, value)
            if realm is None:
                invarg(ctx, "invalid realms\n", value)
            f.realm = realm
            f.realmmask = 0xFFFFFFFF
            if realm & 0xFFFF == 0 and value[-1:] == "/":
                f.realmmask &= ~0xFFFF
            if realm & 0xFFFF0000 == 0 and ("/" not in value or value[:1] == "/"):
                f.realmmask &= ~0xFFFF0000
        elif matches(word, "from"):
            value = args.next_arg()
            if matches(value, "root"):
                f.rsrc = get_prefix(ctx, args.next_arg(), dump_family)
            elif matches(value, "match"):
                f.msrc = get_prefix(ctx, args.next_arg(), dump_family)
            else:
                if matches(value, "exact"):
                    value = args.next_arg()
                f.msrc = get_prefix(ctx, value, dump_family)
                f.rsrc = f.msrc
        else:
            if matches(word, "to"):
                word = args.next_arg()
            if matches(word, "root"):
                f.rdst = get_prefix(ctx, args.next_arg(), dump_family)
            elif matches(word, "match"):
                f.mdst = get_prefix(ctx, args.next_arg(), dump_family)
            else:
                if matches(word, "exact"):
                    word = args.next_arg()
                f.mdst = get_prefix(ctx, word, dump_family)
                f.rdst = f.mdst
    if dump_family == AF_UNSPEC and f.tb:
        dump_family = AF_INET
    if iif_name is not None:
        index = ifindex(ctx, iif_name)
        if not index:
            nodev(ctx, iif_name)
            return 1
        f.iif = index
        f.iifmask = -1
    if oif_name is not None:
        index = ifindex(ctx, oif_name)
        if not index:
            nodev(ctx, oif_name)
            return 1
        f.oif = index
        f.oifmask = -1
    f.mark = mark or 0
    f.finish()
    return (lister or list_routes)(ctx, f, dump_family)


def list_routes(ctx, f, dump_family):
    """Send the dump and print what comes back (rtnl_dump_filter_errhndlr with
    save_route_errhndlr: a main table that does not exist is no error)."""
    from pynettools.kernel.netlink import DumpError

    # ip names devices with queries on a socket of their own (ll_link_get());
    # ours share one socket, so the names are read before the route dump
    # starts, never in the middle of it.
    ctx.names.ifnames()
    dump = K.dump(ctx.kernel, dump_family, table=f.tb, protocol=f.protocol, cloned=bool(f.cloned),
                  oif=f.oif)
    p = ctx.printer
    p.new_json_obj(ctx.json)
    try:
        if f.simple and not f.cloned and not ctx.resolve and p.colors is None and not ctx.details \
                and not ctx.stats and ctx.family in (AF_UNSPEC, AF_INET) and not (p.is_json and p.pretty):
            from pynettools.tools.ip.routefast import FastRoutes

            FastRoutes(ctx, f).run(dump)
        else:
            messages = K.route_messages(dump)
            if ctx.details:
                # -d asks the kernel about nexthop objects while printing:
                # read the whole dump first (one socket; see above)
                messages = list(messages)
            for buf, offset, length in messages:
                msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
                print_route(ctx, f, buf, offset, length, msg_type)
    except DumpError as err:
        if not (err.in_done and f.tb == RT_TABLE_MAIN and err.errno == 2):  # ENOENT
            ctx.err.write(_dump_error_text(err))
            ctx.out.flush()
            ctx.err.write("Dump terminated\n")
            return 2
    if dump.interrupted:
        ctx.err.write("Dump was interrupted and may be inconsistent.\n")
    p.delete_json_obj()
    return 0


def _dump_error_text(err):
    """rtnl_dump_done() / rtnl_dump_error(): what libnetlink prints for a failed dump."""
    import os

    if not err.in_done:
        return "RTNETLINK answers: %s\n" % os.strerror(err.errno)
    extack = getattr(err, "extack", None)
    if extack:
        return "Error: %s%s\n" % (extack, "" if extack.endswith(".") else ".")
    if err.errno in (2, 95):  # ENOENT, EOPNOTSUPP: nothing
        return ""
    if err.errno == 90:  # EMSGSIZE
        return "Error: Buffer too small for object.\n"
    return "RTNETLINK answers: %s\n" % os.strerror(err.errno)


# ---- ip route get -------------------------------------------------------------------------


def get(ctx, words):
    """iproute_get(): one query, its answer printed by print_route()."""
    from pynettools.tools.ip.utils import get_unsigned
    from pynettools.kernel import netlink

    f = Filter()
    f.cloned = 2
    names = route_names(ctx)
    family = ctx.family
    tos = 0
    rflags = 0
    dst_len = src_len = 0
    attrs = []
    idev = odev = None
    connected = fib_match = from_ok = False
    mark = 0
    address_found = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word == "tos" or matches(word, "dsfield"):
            value = args.next_arg()
            got = names.dsfield_a2n(value)
            if got is None:
                invarg(ctx, "TOS value is invalid\n", value)
            tos = got
        elif matches(word, "from"):
            value = args.next_arg()
            if matches(value, "help"):
                usage(ctx)
            from_ok = True
            addr = get_prefix(ctx, value, family)
            if family == AF_UNSPEC:
                family = addr.family
            if addr.bytelen:
                attrs.append(netlink.attribute(K.RTA_SRC, addr.data[:addr.bytelen]))
            src_len = addr.bitlen & 0xFF
        elif matches(word, "iif"):
            idev = args.next_arg()
        elif matches(word, "mark"):
            value = args.next_arg()
            mark = get_unsigned(value, 0)
            if mark is None:
                invarg(ctx, "invalid mark value", value)
        elif matches(word, "oif") or word == "dev":
            odev = args.next_arg()
        elif matches(word, "notify"):
            rflags |= K.RTM_F_NOTIFY
        elif matches(word, "connected"):
            connected = True
        elif matches(word, "vrf"):
            value = args.next_arg()
            if not name_is_vrf(ctx, value):
                invarg(ctx, "Invalid VRF\n", value)
            odev = value
        elif matches(word, "uid"):
            value = args.next_arg()
            uid = get_unsigned(value, 0)
            if uid is None:
                invarg(ctx, "invalid UID\n", value)
            attrs.append(netlink.attribute(K.RTA_UID, struct.pack("=I", uid)))
        elif matches(word, "fibmatch"):
            fib_match = True
        elif word == "as":
            value = args.next_arg()
            if value == "to":
                value = args.next_arg()
            addr = get_addr(ctx, value, family)
            if family == AF_UNSPEC:
                family = addr.family
            attrs.append(netlink.attribute(K.RTA_NEWDST, addr.data[:addr.bytelen]))
        elif matches(word, "sport") or matches(word, "dport"):
            which = "sport" if matches(word, "sport") else "dport"
            value = args.next_arg()
            port = _get_u16(value)
            if port is None:
                invarg(ctx, "invalid %s\n" % which, value)
            attrs.append(netlink.attribute(K.RTA_SPORT if which == "sport" else K.RTA_DPORT,
                                           struct.pack("!H", port)))
        elif matches(word, "ipproto"):
            value = args.next_arg()
            proto = _inet_proto_a2n(ctx, value)
            if proto < 0:
                invarg(ctx, 'Invalid "ipproto" value\n', value)
            attrs.append(netlink.attribute(K.RTA_IP_PROTO, struct.pack("=B", proto)))
        else:
            if word == "to":
                word = args.next_arg()
            if matches(word, "help"):
                usage(ctx)
            addr = get_prefix(ctx, word, family)
            if family == AF_UNSPEC:
                family = addr.family
            if addr.bytelen:
                attrs.append(netlink.attribute(K.RTA_DST, addr.data[:addr.bytelen]))
            if family == AF_INET and addr.bitlen != 32:
                ctx.err.write("Warning: /%u as prefix is invalid, only /32 (or none) is supported.\n"
                              % (addr.bitlen & 0xFFFFFFFF))
                dst_len = 32
            elif family == AF_INET6 and addr.bitlen != 128:
                ctx.err.write("Warning: /%u as prefix is invalid, only /128 (or none) is supported.\n"
                              % (addr.bitlen & 0xFFFFFFFF))
                dst_len = 128
            else:
                dst_len = addr.bitlen & 0xFF
            address_found = True
    if not address_found:
        ctx.err.write("need at least a destination address\n")
        return 1
    if idev is not None:
        index = ifindex(ctx, idev)
        if not index:
            nodev(ctx, idev)
            return 1
        attrs.append(netlink.attribute(K.RTA_IIF, struct.pack("=I", index)))
    if odev is not None:
        index = ifindex(ctx, odev)
        if not index:
            nodev(ctx, odev)
            return 1
        attrs.append(netlink.attribute(K.RTA_OIF, struct.pack("=I", index)))
    if mark:
        attrs.append(netlink.attribute(K.RTA_MARK, struct.pack("=I", mark)))
    if family == AF_UNSPEC:
        family = AF_INET
    if family == AF_INET:  # only IPv4 knows RTM_F_LOOKUP_TABLE
        rflags |= K.RTM_F_LOOKUP_TABLE
    if fib_match:
        rflags |= K.RTM_F_FIB_MATCH
    body = K.get_body(family, dst_len, src_len, tos, rflags, b"".join(attrs))
    answer = _talk(ctx, body)
    if answer is None:
        return 2
    p = ctx.printer
    p.new_json_obj(ctx.json)
    if connected and not from_ok:
        buf, offset, length = answer
        print_route(ctx, f, buf, offset, length, struct.unpack_from("=H", buf, offset + 4)[0])
        tb = K.attribute_offsets(buf, offset + 28, offset + length)
        if K.RTA_PREFSRC not in tb and K.RTA_SRC not in tb:
            ctx.err.write("Failed to connect the route\n")
            return 1
        # iproute2 6.1 edits the answer it got, then sends its own request
        # again unchanged: the same route comes back and is printed twice.
        p.delete_json_obj()
        answer = _talk(ctx, body)
        if answer is None:
            return 2
    buf, offset, length = answer
    print_route(ctx, f, buf, offset, length, struct.unpack_from("=H", buf, offset + 4)[0])
    p.delete_json_obj()
    return 0


def _talk(ctx, body):
    """rtnl_talk(): the answer, or None after printing the kernel's refusal."""
    try:
        return K.get(ctx.kernel, body)
    except OSError as err:
        text = getattr(err, "ext_ack", "") or ""
        if text:
            ctx.err.write("Error: %s%s\n" % (text, "" if text.endswith(".") else "."))
        else:
            import os

            ctx.err.write("RTNETLINK answers: %s\n" % os.strerror(err.errno))
        return None


def _get_u16(text):
    """get_u16(): a whole number (any base) up to 0xFFFF, else None."""
    from pynettools.tools.ip.utils import get_unsigned_max

    return get_unsigned_max(text, 0xFFFF)


def _inet_proto_a2n(ctx, text):
    """inet_proto_a2n(): a decimal number up to 255, else getprotobyname(); -1 if neither."""
    from pynettools.tools.ip.utils import strtoul

    if text:
        value, rest = strtoul(text, 10)
        if value is not None and not rest and value <= 255:
            return value
    try:
        return ctx.kernel.lookup("getprotobyname", _getprotobyname, text)
    except OSError:
        return -1


def _getprotobyname(name):
    import _socket

    return _socket.getprotobyname(name)
