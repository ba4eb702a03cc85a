"""ip route add / change / replace / prepend / append / test / delete, flush
and restore: iproute.c's iproute_modify(), iproute_flush() and
iproute_restore().

modify: one RTM_NEWROUTE (or RTM_DELROUTE) request whose attributes come in
the order iproute_modify() appends them (the kernel does not care; the
seam's recordings key on the request's bytes):
  - the words' own attributes as they are read (RTA_PREFSRC, RTA_NEWDST,
    RTA_GATEWAY or RTA_VIA, RTA_SRC, RTA_EXPIRES, RTA_PRIORITY, RTA_FLOW,
    RTA_NH_ID, RTA_TABLE, RTA_PREF, RTA_ENCAP + RTA_ENCAP_TYPE,
    RTA_TTL_PROPAGATE, RTA_DST);
  - then RTA_OIF, RTA_METRICS (the RTAX_* in their words' order, RTAX_LOCK
    last) and RTA_MULTIPATH (one rtnexthop per `nexthop`).
The requests are built with struct, not pyroute2: its import alone costs
more than the 2.5x-of-a-bare-python budget `ip route add` has (issue 10).

Surprises kept from the C code:
- the table defaults to local for local, broadcast, nat and anycast routes;
  the scope to host (local, nat), link (broadcast, multicast, anycast, and a
  unicast route with no gateway), universe otherwise; a delete leaves the
  scope "nowhere" (match any) and the protocol and type 0 (match any);
- a `via` of another family than the route's becomes RTA_VIA (family, then
  the address), which the kernel refuses for IPv4 unless it is inet6;
- `encap TYPE X` needs a word after X, or "unexpected end of line".

flush: the selector is ip route show's (route.show hands over its filter);
then dump, delete every route the filter keeps, and dump again until a
dump finds nothing; `-s` counts the rounds.  ip sends its deletions in
batches without acknowledgement and peeks for an error once a batch is
sent; here each deletion is acknowledged through the seam, a batch's first
refusal reported as ip reports it.
restore: the stream `ip route save` wrote, read three times: routes to local
addresses, then to local networks, then through gateways, each sent back
as it was saved with NLM_F_CREATE.
"""
import struct

from pynettools.kernel.netlink import attribute as attr  # one rtattr, padded to 4 bytes
# route.py (the object's run()) is what imports this module: loaded already
from pynettools.tools.ip import route
from pynettools.tools.ip.utils import (Args, Exit, duparg2, flush_batches, get_addr, get_prefix, get_u32,
                                       get_unsigned, get_unsigned_max, ifindex, invarg, matches, nodev, read_family,
                                       route_names, rtnl_change, rtnl_echo_talk, strtoul, vrf_table)

AF_UNSPEC, AF_INET, AF_INET6, AF_MPLS = 0, 2, 10, 28
RTM_NEWROUTE, RTM_DELROUTE = 24, 25
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND = 0x100, 0x200, 0x400, 0x800

RTA_DST, RTA_SRC, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC, RTA_METRICS = 1, 2, 4, 5, 6, 7, 8
RTA_MULTIPATH, RTA_FLOW, RTA_TABLE, RTA_VIA, RTA_NEWDST, RTA_PREF = 9, 11, 15, 18, 19, 20
RTA_ENCAP_TYPE, RTA_ENCAP, RTA_EXPIRES, RTA_TTL_PROPAGATE, RTA_NH_ID = 21, 22, 23, 26, 30
NLA_F_NESTED = 0x8000

RTAX_LOCK, RTAX_MTU, RTAX_WINDOW, RTAX_RTT, RTAX_RTTVAR, RTAX_SSTHRESH, RTAX_CWND = 1, 2, 3, 4, 5, 6, 7
RTAX_ADVMSS, RTAX_REORDERING, RTAX_HOPLIMIT, RTAX_INITCWND, RTAX_FEATURES = 8, 9, 10, 11, 12
RTAX_RTO_MIN, RTAX_INITRWND, RTAX_QUICKACK, RTAX_CC_ALGO, RTAX_FASTOPEN_NO_COOKIE = 13, 14, 15, 16, 17
RTAX_FEATURE_ECN = 1

RT_TABLE_UNSPEC, RT_TABLE_MAIN, RT_TABLE_LOCAL = 0, 254, 255
RTPROT_BOOT = 3
RT_SCOPE_UNIVERSE, RT_SCOPE_LINK, RT_SCOPE_HOST, RT_SCOPE_NOWHERE = 0, 253, 254, 255
RTN_UNSPEC, RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_ANYCAST, RTN_MULTICAST = 0, 1, 2, 3, 4, 5
RTN_UNREACHABLE, RTN_NAT = 7, 10
RTNH_F_ONLINK = 4
ICMPV6_ROUTER_PREF = {"low": 3, "medium": 0, "high": 1}

# do_iproute()'s changing commands: (netlink type, request flags)
COMMANDS = {
    "add": (RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL),
    "change": (RTM_NEWROUTE, NLM_F_REPLACE),
    "replace": (RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE),
    "prepend": (RTM_NEWROUTE, NLM_F_CREATE),
    "append": (RTM_NEWROUTE, NLM_F_CREATE | NLM_F_APPEND),
    "test": (RTM_NEWROUTE, NLM_F_EXCL),
    "delete": (RTM_DELROUTE, 0),
}

# the metrics that take [lock] NUMBER (get_unsigned): word -> (RTAX, matched how, message word)
PLAIN_METRICS = (
    ("mtu", RTAX_MTU, "exact", "mtu"),
    ("hoplimit", RTAX_HOPLIMIT, "exact", "hoplimit"),
    ("advmss", RTAX_ADVMSS, "exact", "mss"),
    ("reordering", RTAX_REORDERING, "prefix", "reordering"),
)
WINDOW_METRICS = (
    ("window", RTAX_WINDOW), ("cwnd", RTAX_CWND), ("initcwnd", RTAX_INITCWND), ("initrwnd", RTAX_INITRWND),
)

# every non-empty prefix of every word _metric() takes (matches() or ==)
_METRIC_PREFIXES = frozenset(
    name[:end]
    for name in [m[0] for m in PLAIN_METRICS] + [w[0] for w in WINDOW_METRICS]
    + ["rtt", "rto_min", "rttvar", "features", "quickack", "fastopen_no_cookie", "congctl", "ssthresh"]
    for end in range(1, len(name) + 1))


class Request:
    """struct { nlmsghdr; rtmsg; attributes } as iproute_modify() fills it."""

    def __init__(self, family, deleting):
        self.family = family
        self.dst_len = self.src_len = self.tos = 0
        self.table = RT_TABLE_MAIN
        self.protocol = 0 if deleting else RTPROT_BOOT
        self.scope = RT_SCOPE_NOWHERE if deleting else RT_SCOPE_UNIVERSE
        self.type = RTN_UNSPEC if deleting else RTN_UNICAST
        self.flags = 0
        self.attrs = []

    def add(self, kind, data):
        self.attrs.append(attr(kind, data))

    def body(self):
        return struct.pack("=BBBBBBBBI", self.family, self.dst_len & 0xFF, self.src_len & 0xFF, self.tos,
                           self.table, self.protocol, self.scope, self.type, self.flags) + b"".join(self.attrs)


class _State:
    """What the word loop remembers besides the request."""

    def __init__(self):
        self.dev = None
        self.gw_ok = self.dst_ok = self.nhs_ok = self.scope_ok = self.table_ok = self.type_ok = False
        self.nhid = 0
        self.metrics = []  # RTAX attributes, in the words' order
        self.mxlock = 0


# ---- numbers ----------------------------------------------------------------------------------

def get_u8(text, base=0):
    """lib/utils.c get_u8()."""
    value = get_unsigned(text, base)
    return value if value is not None and value <= 0xFF else None


def get_time_rtt(text):
    """lib/utils.c get_time_rtt(): (value, raw) or None.  A number with no unit
    is raw (the kernel's own unit); s/sec/secs and ms/msec/msecs are
    milliseconds; a fraction is rounded up."""
    if "." in text:
        value, rest = _strtod(text)
        if value is None or value < 0:
            return None
    else:
        number, rest = strtoul(text, 0) if text else (None, text)
        if number is None:
            return None
        value = float(number)
    raw = not rest
    if rest:
        unit = rest.lower()
        if unit in ("s", "sec", "secs"):
            value *= 1000
        elif unit not in ("ms", "msec", "msecs"):
            return None
    whole = int(value) & 0xFFFFFFFF  # *val = t: the C conversion to unsigned int
    if whole < value:
        whole = (whole + 1) & 0xFFFFFFFF
    return whole, raw


def _strtod(text):
    """strtod() for the plain decimal forms: (value, rest) or (None, text)."""
    import re

    found = re.match(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text)
    if not found:
        return None, text
    return float(found.group(0)), text[found.end():]


# ---- the words --------------------------------------------------------------------------------

def modify(ctx, command, words):
    """iproute_modify(): 0, 1 (the C code's -1) or 2 (the kernel refused)."""
    msg_type, flags = COMMANDS[command]
    req = Request(ctx.family, msg_type == RTM_DELROUTE)
    state = _State()
    names = route_names(ctx)
    args = Args(ctx, words)
    while args:
        word = args.take()
        if "0" <= word[:1] <= "9":
            # no keyword below begins with a digit: the chain's last branch (a short cut)
            _destination(ctx, req, state, args, word)
            continue
        if _metric(ctx, state, args, word):
            continue
        if word == "src":
            addr = get_addr(ctx, args.next_arg(), req.family)
            req.family = req.family or addr.family
            req.add(RTA_PREFSRC, addr.data[:addr.bytelen])
        elif word == "as":
            value = args.next_arg()
            if value == "to":
                value = args.next_arg()
            addr = get_addr(ctx, value, req.family)
            req.family = req.family or addr.family
            req.add(RTA_NEWDST, addr.data[:addr.bytelen])
        elif word == "via":
            if state.gw_ok:
                invarg(ctx, "use nexthop syntax to specify multiple via\n", word)
            state.gw_ok = True
            req.attrs.append(_via(ctx, req, args, RTA_GATEWAY))
        elif word == "from":
            addr = get_prefix(ctx, args.next_arg(), req.family)
            req.family = req.family or addr.family
            if addr.bytelen:
                req.add(RTA_SRC, addr.data[:addr.bytelen])
            req.src_len = addr.bitlen
        elif word == "tos" or matches(word, "dsfield"):
            value = args.next_arg()
            tos = names.dsfield_a2n(value)
            if tos is None:
                invarg(ctx, '"tos" value is invalid\n', value)
            req.tos = tos
        elif word == "expires":
            value = args.next_arg()
            expires = get_u32(value, 0)
            if expires is None:
                invarg(ctx, '"expires" value is invalid\n', value)
            req.add(RTA_EXPIRES, struct.pack("=I", expires))
        elif matches(word, "metric") or matches(word, "priority") or word == "preference":
            value = args.next_arg()
            metric = get_u32(value, 0)
            if metric is None:
                invarg(ctx, '"metric" value is invalid\n', value)
            req.add(RTA_PRIORITY, struct.pack("=I", metric))
        elif word == "scope":
            value = args.next_arg()
            scope = names.scope_a2n(value)
            if scope is None:
                invarg(ctx, 'invalid "scope" value\n', value)
            req.scope = scope
            state.scope_ok = True
        elif matches(word, "realms"):
            value = args.next_arg()
            realm = route.get_rt_realms_or_raw(ctx, value)
            if realm is None:
                invarg(ctx, '"realm" value is invalid\n', value)
            req.add(RTA_FLOW, struct.pack("=I", realm))
        elif word == "onlink":
            req.flags |= RTNH_F_ONLINK
        elif word == "nexthop":
            state.nhs_ok = True
            args.i -= 1  # parse_nexthops() starts at the word "nexthop"
            break
        elif word == "nhid":
            value = args.next_arg()
            nhid = get_u32(value, 0)
            if nhid is None:
                invarg(ctx, '"id" value is invalid\n', value)
            state.nhid = nhid
            req.add(RTA_NH_ID, struct.pack("=I", nhid))
        elif matches(word, "protocol"):
            value = args.next_arg()
            prot = names.proto_a2n(value)
            if prot is None:
                invarg(ctx, '"protocol" value is invalid\n', value)
            req.protocol = prot
        elif matches(word, "table"):
            value = args.next_arg()
            tid = names.table_a2n(value)
            if tid is None:
                invarg(ctx, '"table" value is invalid\n', value)
            _set_table(req, state, tid)
        elif matches(word, "vrf"):
            value = args.next_arg()
            tid = vrf_table(ctx, value)
            if not tid:
                invarg(ctx, "Invalid VRF\n", value)
            _set_table(req, state, tid)
        elif word in ("dev", "oif"):
            state.dev = args.next_arg()
        elif matches(word, "pref"):
            value = args.next_arg()
            pref = ICMPV6_ROUTER_PREF.get(value)
            if pref is None:
                pref = get_u8(value, 0)
                if pref is None:
                    invarg(ctx, '"pref" value is invalid\n', value)
            req.add(RTA_PREF, struct.pack("=B", pref))
        elif word == "encap":
            req.attrs.append(parse_encap(ctx, args))
        elif word == "ttl-propagate":
            value = args.next_arg()
            if matches(value, "enabled"):
                ttl_prop = 1
            elif matches(value, "disabled"):
                ttl_prop = 0
            else:
                invarg(ctx, '"ttl-propagate" value is invalid\n', value)
            req.add(RTA_TTL_PROPAGATE, struct.pack("=B", ttl_prop))
        else:
            _destination(ctx, req, state, args, word)
    return _finish(ctx, msg_type, flags, req, state, args)


def _set_table(req, state, tid):
    """Tables above 255 go in RTA_TABLE, with rtm_table RT_TABLE_UNSPEC."""
    if tid < 256:
        req.table = tid
    else:
        req.table = RT_TABLE_UNSPEC
        req.add(RTA_TABLE, struct.pack("=I", tid))
    state.table_ok = True


def _destination(ctx, req, state, args, word):
    """The last branch: [to] [TYPE] PREFIX (a word starting with a digit is
    never a type: `ip route add 7 ...`)."""
    if word == "to":
        word = args.next_arg()
    if not "0" <= word[:1] <= "9":
        rtype = route_names(ctx).rtntype_a2n(word)
        if rtype is not None:
            word = args.next_arg()
            req.type = rtype
            state.type_ok = True
    if matches(word, "help"):
        route.usage(ctx)
    if state.dst_ok:
        duparg2(ctx, "to", word)
    dst = get_prefix(ctx, word, req.family)
    req.family = req.family or dst.family
    req.dst_len = dst.bitlen
    state.dst_ok = True
    if dst.bytelen:
        req.add(RTA_DST, dst.data[:dst.bytelen])


def _metric(ctx, state, args, word):
    """The RTA_METRICS words; False for any other word."""
    if word not in _METRIC_PREFIXES:  # a short cut: it cannot begin any metric's name
        return False
    for name, rtax, how, what in PLAIN_METRICS:
        if word == name if how == "exact" else matches(word, name):
            value = _locked(state, args, rtax)
            number = get_unsigned(value, 0)
            if number is None or (rtax == RTAX_HOPLIMIT and number > 255):
                invarg(ctx, '"%s" value is invalid\n' % what, value)
            state.metrics.append(attr(rtax, struct.pack("=I", number)))
            return True
    if word in ("rtt", "rto_min") or matches(word, "rttvar"):
        rtax = {"rtt": RTAX_RTT, "rto_min": RTAX_RTO_MIN}.get(word, RTAX_RTTVAR)
        if rtax == RTAX_RTO_MIN:
            value = args.next_arg()
            state.mxlock |= 1 << RTAX_RTO_MIN  # rto_min is always locked
        else:
            value = _locked(state, args, rtax)
        got = get_time_rtt(value)
        if got is None:
            invarg(ctx, '"%s" value is invalid\n' % ("rttvar" if rtax == RTAX_RTTVAR else word), value)
        number, raw = got
        # the kernel keeps rtt in 1/8 ms and rttvar in 1/4 ms units
        scale = {RTAX_RTT: 8, RTAX_RTTVAR: 4}.get(rtax, 1)
        state.metrics.append(attr(rtax, struct.pack("=I", number if raw else (number * scale) & 0xFFFFFFFF)))
        return True
    for name, rtax in WINDOW_METRICS:
        if matches(word, name):
            value = _locked(state, args, rtax)
            number = get_unsigned(value, 0)
            if number is None:
                invarg(ctx, '"%s" value is invalid\n' % name, value)
            state.metrics.append(attr(rtax, struct.pack("=I", number)))
            return True
    if matches(word, "features"):
        value = args.next_arg()
        if value != "ecn":
            invarg(ctx, '"features" value not valid\n', value)
        state.metrics.append(attr(RTAX_FEATURES, struct.pack("=I", RTAX_FEATURE_ECN)))
        return True
    for name, rtax in (("quickack", RTAX_QUICKACK), ("fastopen_no_cookie", RTAX_FASTOPEN_NO_COOKIE)):
        if matches(word, name):
            value = args.next_arg()
            number = get_unsigned(value, 0)
            if number is None:
                invarg(ctx, '"%s" value is invalid\n' % name, value)
            if number not in (0, 1):
                invarg(ctx, '"%s" value should be 0 or 1\n' % name, value)
            state.metrics.append(attr(rtax, struct.pack("=I", number)))
            return True
    if matches(word, "congctl"):
        value = _locked(state, args, RTAX_CC_ALGO)
        state.metrics.append(attr(RTAX_CC_ALGO, value.encode("utf-8", "surrogateescape")))
        return True
    if matches(word, "ssthresh"):
        value = _locked(state, args, RTAX_SSTHRESH)
        number = get_unsigned(value, 0)
        if number is None:
            invarg(ctx, '"ssthresh" value is invalid\n', value)
        state.metrics.append(attr(RTAX_SSTHRESH, struct.pack("=I", number)))
        return True
    return False


def _locked(state, args, rtax):
    """NEXT_ARG(), and `lock` before the value sets the metric's lock bit."""
    value = args.next_arg()
    if value == "lock":
        state.mxlock |= 1 << rtax
        value = args.next_arg()
    return value


def _via(ctx, req, args, kind):
    """via [FAMILY] ADDRESS: RTA_GATEWAY (the route's family) or RTA_VIA."""
    value = args.next_arg()
    family = read_family(value)
    if family == AF_UNSPEC:
        family = req.family
    else:
        value = args.next_arg()
    addr = _get_addr(ctx, value, family)
    req.family = req.family or addr.family
    if addr.family == req.family:
        return attr(kind, addr.data[:addr.bytelen])
    return attr(RTA_VIA, struct.pack("=H", addr.family) + addr.data[:addr.bytelen])


def _get_addr(ctx, text, family):
    """get_addr(), with MPLS labels (utils.get_addr reads inet and inet6 only)."""
    if family == AF_MPLS:
        from pynettools.tools.ip.utils import Prefix

        data = mpls_pton(text)
        if data is None:
            ctx.err.write('Error: mpls address is expected rather than "%s".\n' % text)
            raise Exit(1)
        return Prefix(AF_MPLS, len(data), 20, data)
    return get_addr(ctx, text, family)


def mpls_pton(text):
    """lib/mpls_pton.c: LABEL[/LABEL...], each below 2^20, the last with the
    bottom-of-stack bit; the bytes, or None."""
    entries = []
    rest = text
    while len(entries) < 16:
        label, after = strtoul(rest, 0) if rest else (None, rest)
        if label is None or label >= 1 << 20:
            return None
        if after == "":
            entries.append(struct.pack("!I", (label << 12) | 0x100))
            return b"".join(entries)
        if not after.startswith("/"):
            return None
        entries.append(struct.pack("!I", label << 12))
        rest = after[1:]
    return None


# ---- encap ------------------------------------------------------------------------------------

ENCAP_TYPES = ("mpls", "ip", "ila", "ip6", "seg6", "bpf", "seg6local", "rpl", "ioam6", "xfrm")
LWTUNNEL_ENCAP_MPLS, LWTUNNEL_ENCAP_IP, LWTUNNEL_ENCAP_IP6 = 1, 2, 4


def _encap_usage(ctx):
    ctx.err.write("Usage: ip route ... encap TYPE [ OPTIONS ] [...]\n")
    for number, name in enumerate(ENCAP_TYPES, 1):
        ctx.err.write("%s %s\n" % (name, "TYPE := " if number == 1 else "      "))
    raise Exit(255)


def parse_encap(ctx, args):
    """lwt_parse_encap(): RTA_ENCAP (nested) then RTA_ENCAP_TYPE, as raw bytes."""
    value = args.next_arg()
    if value == "help":
        _encap_usage(ctx)
    kind = ENCAP_TYPES.index(value) + 1 if value in ENCAP_TYPES else 0
    if not kind:
        invarg(ctx, '"encap type" value is invalid\n', value)
    args.next_arg()
    args.i -= 1
    if len(args.words) - args.i <= 1:  # C: argc <= 1 once at the first option
        ctx.err.write('Error: unexpected end of line after "encap"\n')
        raise Exit(255)
    if kind == LWTUNNEL_ENCAP_MPLS:
        inner = _encap_mpls(ctx, args)
    elif kind in (LWTUNNEL_ENCAP_IP, LWTUNNEL_ENCAP_IP6):
        inner = _encap_ip(ctx, args, kind == LWTUNNEL_ENCAP_IP6)
    else:  # seg6, seg6local, rpl, ioam6, xfrm, bpf, ila
        from pynettools.tools.ip import routeencap

        inner = getattr(routeencap, "encap_" + value)(ctx, args)
    return attr(RTA_ENCAP | NLA_F_NESTED, inner) + attr(RTA_ENCAP_TYPE, struct.pack("=H", kind))


def _encap_mpls(ctx, args):
    """parse_encap_mpls(): LABELS [ttl N]."""
    # (parse_encap_mpls() has a message of its own for a bad label, but
    # get_addr() prints its own first and exits)
    label = _get_addr(ctx, args.take(), AF_MPLS)
    out = [attr(1, label.data[:label.bytelen])]  # MPLS_IPTUNNEL_DST
    ttl_ok = False
    while args and args.peek() == "ttl":
        args.take()
        value = args.next_arg()
        if ttl_ok:
            duparg2(ctx, "ttl", value)
        ttl_ok = True
        ttl = get_u8(value, 0)
        if ttl is None:
            invarg(ctx, '"ttl" value is invalid\n', value)
        out.append(attr(2, struct.pack("=B", ttl)))  # MPLS_IPTUNNEL_TTL
    return b"".join(out)


def _encap_ip(ctx, args, six):
    """parse_encap_ip() / parse_encap_ip6(): id, dst, src, tos (tc), ttl
    (hoplimit) and the key/csum/seq flags (LWTUNNEL_IP_FLAGS last)."""
    family = AF_INET6 if six else AF_INET
    # LWTUNNEL_IP_ID 1, DST 2, SRC 3, TTL 4, TOS 5, FLAGS 6 (IP6: ID 1, DST 2, SRC 3, HOPLIMIT 4, TC 5, FLAGS 6)
    tos_word, ttl_word = ("tc", "hoplimit") if six else ("tos", "ttl")
    seen = set()
    out = []
    flags = 0
    names = route_names(ctx)
    while args:
        word = args.peek()
        if word in ("id", "dst", "src", tos_word, ttl_word):
            args.take()
            value = args.next_arg()
            if word in seen:
                duparg2(ctx, word, value)
            seen.add(word)
            if word == "id":
                number = _get_u64(value)
                if number is None:
                    invarg(ctx, '"id" value is invalid\n', value)
                out.append(attr(1, struct.pack("!Q", number)))
            elif word in ("dst", "src"):
                addr = get_addr(ctx, value, family)
                out.append(attr(2 if word == "dst" else 3, addr.data[:addr.bytelen]))
            elif word == tos_word:
                tos = names.dsfield_a2n(value)
                if tos is None:
                    invarg(ctx, '"%s" value is invalid\n' % tos_word, value)
                out.append(attr(5, struct.pack("=B", tos)))
            else:
                ttl = get_u8(value, 0)
                if ttl is None:
                    invarg(ctx, '"%s" value is invalid\n' % ttl_word, value)
                out.append(attr(4, struct.pack("=B", ttl)))
        elif word in ("key", "csum", "seq"):
            args.take()
            if word in seen:
                duparg2(ctx, word, word)
            seen.add(word)
            flags |= {"csum": 0x1, "key": 0x4, "seq": 0x8}[word]  # TUNNEL_CSUM, TUNNEL_KEY, TUNNEL_SEQ
        else:
            break
    if flags:
        out.append(attr(6, struct.pack("!H", flags)))  # the TUNNEL_* flags are big-endian (__be16)
    return b"".join(out)


def _get_u64(text):
    """get_be64()'s get_u64(): strtoull, whole string, any base."""
    return get_unsigned_max(text, 0xFFFFFFFFFFFFFFFF)


# ---- multipath --------------------------------------------------------------------------------

def _nexthops(ctx, req, args):
    """parse_nexthops(): RTA_MULTIPATH's rtnexthops, or b"" for none."""
    hops = []
    while args:
        word = args.take()
        if word != "nexthop":
            ctx.err.write('Error: "nexthop" or end of line is expected instead of "%s"\n' % word)
            raise Exit(255)
        if not args:
            ctx.err.write('Error: unexpected end of line after "nexthop"\n')
            raise Exit(255)
        hop = _one_nexthop(ctx, req, args)
        if hop is None:
            ctx.err.write("Error: cannot parse nexthop\n")
            raise Exit(255)
        hops.append(hop)
    return b"".join(hops)


def _one_nexthop(ctx, req, args):
    """parse_one_nh(): struct rtnexthop (len, flags, hops, ifindex), then its attributes."""
    flags = hops = index = 0
    attrs = []
    while args:
        word = args.peek()
        if word == "via":
            args.take()
            attrs.append(_via(ctx, req, args, RTA_GATEWAY))
        elif word == "dev":
            args.take()
            name = args.next_arg()
            index = ifindex(ctx, name)
            if not index:
                nodev(ctx, name)
                return None
        elif word == "weight":
            args.take()
            value = args.next_arg()
            weight = get_unsigned(value, 0)
            if weight is None or weight == 0 or weight > 256:
                invarg(ctx, '"weight" is invalid\n', value)
            hops = weight - 1
        elif word == "onlink":
            args.take()
            flags |= RTNH_F_ONLINK
        elif matches(word, "realms"):
            args.take()
            value = args.next_arg()
            realm = route.get_rt_realms_or_raw(ctx, value)
            if realm is None:
                invarg(ctx, '"realm" value is invalid\n', value)
            attrs.append(attr(RTA_FLOW, struct.pack("=I", realm)))
        elif word == "encap":
            args.take()
            attrs.append(parse_encap(ctx, args))
        elif word == "as":
            args.take()
            value = args.next_arg()
            if value == "to":
                value = args.next_arg()
            addr = get_addr(ctx, value, req.family)
            attrs.append(attr(RTA_NEWDST, addr.data[:addr.bytelen]))
        else:
            break
    body = b"".join(attrs)
    return struct.pack("=HBBi", 8 + len(body), flags, hops, index) + body


# ---- after the words --------------------------------------------------------------------------

def _finish(ctx, msg_type, flags, req, state, args):
    if not state.dst_ok:
        route.usage(ctx)
    if state.dev is not None:
        index = ifindex(ctx, state.dev)
        if not index:
            nodev(ctx, state.dev)
            return 1
        req.add(RTA_OIF, struct.pack("=I", index))
    if state.metrics:
        if state.mxlock:
            state.metrics.append(attr(RTAX_LOCK, struct.pack("=I", state.mxlock)))
        req.add(RTA_METRICS, b"".join(state.metrics))
    if state.nhs_ok:
        multipath = _nexthops(ctx, req, args)
        if multipath:
            req.add(RTA_MULTIPATH, multipath)
    if req.family == AF_UNSPEC:
        req.family = AF_INET
    if not state.table_ok and req.type in (RTN_LOCAL, RTN_BROADCAST, RTN_NAT, RTN_ANYCAST):
        req.table = RT_TABLE_LOCAL
    if not state.scope_ok:
        _default_scope(msg_type, req, state)
    if not state.type_ok and req.family == AF_MPLS:
        req.type = RTN_UNICAST
    what = "route %s" % ("delete" if msg_type == RTM_DELROUTE else "new")
    if ctx.echo:
        return _echo_talk(ctx, msg_type, req.body(), what, flags)
    return 0 if rtnl_change(ctx, msg_type, req.body(), what, flags) else 2


def _echo_talk(ctx, msg_type, body, what, flags):
    """-echo: the kernel's copy of the route, printed as `ip route` prints it
    (with ip's static filter, never reset on this path: all zero)."""
    from pynettools.tools.ip.route import Filter, print_route

    f = Filter()
    f.finish()

    def print_info(buf, offset, length, answer_type):
        print_route(ctx, f, buf, offset, length, answer_type)

    return rtnl_echo_talk(ctx, msg_type, body, what, flags, print_info)


def _default_scope(msg_type, req, state):
    if req.family in (AF_INET6, AF_MPLS):
        req.scope = RT_SCOPE_UNIVERSE
    elif req.type in (RTN_LOCAL, RTN_NAT):
        req.scope = RT_SCOPE_HOST
    elif req.type in (RTN_BROADCAST, RTN_MULTICAST, RTN_ANYCAST):
        req.scope = RT_SCOPE_LINK
    elif req.type in (RTN_UNICAST, RTN_UNSPEC):
        if msg_type == RTM_DELROUTE:
            req.scope = RT_SCOPE_NOWHERE
        elif not state.gw_ok and not state.nhs_ok and not state.nhid:
            req.scope = RT_SCOPE_LINK


# ---- ip route flush ---------------------------------------------------------------------------

ROUTE_FLUSH_PATH = "/proc/sys/net/ipv4/route/flush"


def flush(ctx, words):
    """iproute_list_flush_or_save(IPROUTE_FLUSH): the selector, then iproute_flush()."""
    if not words:
        ctx.err.write('"ip route flush" requires arguments.\n')
        return 1
    return route.show(ctx, words, lister=_flush_routes)


def _write_route_flush(path):
    """iproute_flush_cache()'s write(2) of "-1": None, or the OSError's
    (errno, where) as a value the seam can record."""
    import os

    try:
        fd = os.open(path, os.O_WRONLY)
    except OSError as err:
        return [err.errno, "open"]
    try:
        written = os.write(fd, b"-1")
    except OSError as err:
        return [err.errno, "write"]
    finally:
        os.close(fd)
    return None if written == 2 else [0, "write"]


def _flush_cache(ctx):
    import os

    failed = ctx.kernel.lookup("write_route_flush", _write_route_flush, ROUTE_FLUSH_PATH)
    if failed is None:
        return 0
    if failed[1] == "open":
        ctx.err.write('Cannot open "%s": %s\n' % (ROUTE_FLUSH_PATH, os.strerror(failed[0])))
    else:
        ctx.err.write("Cannot flush routing cache\n")
    return -1


def _flush_routes(ctx, f, family):
    """iproute_flush(): rounds of dump-and-delete until a dump finds nothing."""
    if f.cloned:
        if family != AF_INET6:
            _flush_cache(ctx)
            if ctx.stats:
                ctx.out.write("*** IPv4 routing cache is flushed.\n")
        if family == AF_INET:
            return 0
    start = ctx.kernel.time()
    rounds = 0
    while True:
        doomed = _flush_dump(ctx, f, family)
        if doomed is None:
            ctx.err.write("Flush terminated\n")
            return 2
        if not doomed:
            if ctx.stats:
                if rounds == 0 and (not f.cloned or family == AF_INET6):
                    ctx.out.write("Nothing to flush.\n")
                else:
                    ctx.out.write("*** Flush is complete after %d round%s ***\n" % (rounds, "s" if rounds > 1 else ""))
            return 0
        rounds += 1
        failed = _delete_batches(ctx, doomed)
        if failed is not None:
            return failed
        elapsed = int(ctx.kernel.time() - start)
        if elapsed > 30:
            ctx.out.write("\n*** Flush not completed after %d seconds, %d entries remain ***\n"
                          % (elapsed, len(doomed)))
            return 1
        if ctx.stats:
            ctx.out.write("\n*** Round %d, deleting %d entries ***\n" % (rounds, len(doomed)))


def _flush_dump(ctx, f, family):
    """One round's dump: the messages print_route() would put in flushb
    (None when the dump failed, after libnetlink's words)."""
    from pynettools.kernel import routes as K
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.route import _dump_error_text, filter_nlmsg, print_route
    from pynettools.tools.ip.utils import af_bit_len

    ctx.names.ifnames()  # names before the dump starts (one socket: see route.list_routes)
    dump = K.dump(ctx.kernel, family, table=f.tb, protocol=f.protocol, cloned=bool(f.cloned), oif=f.oif)
    doomed = []
    try:
        for buf, offset, length in K.route_messages(dump):
            msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
            if msg_type != RTM_NEWROUTE or length < 28:
                continue
            rt = K.RTMSG.unpack_from(buf, offset + 16)
            tb = K.attribute_offsets(buf, offset + 28, offset + length)
            table = rt[4]
            if K.RTA_TABLE in tb:
                table = struct.unpack_from("=I", buf, tb[K.RTA_TABLE])[0]
            if not filter_nlmsg(ctx, f, rt, tb, buf, af_bit_len(rt[0]), table):
                continue
            if _kept_unreachable(rt, tb, buf):
                continue
            doomed.append(bytes(buf[offset:offset + length]))
            if ctx.stats >= 2:
                print_route(ctx, f, buf, offset, length, msg_type)
    except DumpError as err:
        ctx.err.write(_dump_error_text(err))
        return None
    return doomed


def _kept_unreachable(rt, tb, buf):
    """filter_nlmsg() spares, when flushing, IPv6's default unreachable route
    of metric 0xFFFFFFFF (the kernel's own, in every table)."""
    from pynettools.kernel import routes as K

    family, dst_len, rtype = rt[0], rt[1], rt[7]
    if family != AF_INET6 or dst_len != 0 or rtype != RTN_UNREACHABLE or K.RTA_PRIORITY not in tb:
        return False
    return struct.unpack_from("=I", buf, tb[K.RTA_PRIORITY])[0] == 0xFFFFFFFF


def _delete_batches(ctx, doomed):
    """flush_update() for each batch that fills flushb: every deletion of a
    batch is tried (the kernel goes on after a refusal); the batch's first
    refusal is ip's perror(). None when all went, else the exit status."""
    import os

    from pynettools.kernel import rtnl

    batches = flush_batches(doomed)
    for number, batch in enumerate(batches, 1):
        first_error = None
        for message in batch:
            try:
                rtnl.change(ctx.kernel, RTM_DELROUTE, message[16:], "route flush")
            except rtnl.TalkError as err:
                first_error = first_error or err.errno
        if first_error:
            ctx.out.flush()
            ctx.err.write("Failed to send flush request: %s\n" % os.strerror(first_error))
            if number < len(batches):  # sent from inside the dump: the dump stops too
                ctx.err.write("Flush terminated\n")
            return 2
    return None


# ---- ip route restore -------------------------------------------------------------------------

def restore(ctx):
    """iproute_restore(): the magic, then the stream three times over."""
    from pynettools.kernel import savedump
    from pynettools.tools.ip import routesave

    data = routesave.check_magic(ctx, savedump.ROUTE_DUMP_MAGIC, "route")
    if data is None:
        return 1
    # ip reads the stream three times, going back with fseek(): stdin must
    # be a file (a pipe fails at ftell(), before anything is sent)
    failed = routesave.stdin_tell_errno(ctx)
    if failed:
        import os

        ctx.err.write("Failed to restore: ftell: %s\n" % os.strerror(failed))
        return 1
    for prio in range(3):
        if _restore_pass(ctx, data, 4, prio):
            return 2
    return 0


def _restore_pass(ctx, data, at, prio):
    """rtnl_from_file() with restore_handler(): 0, or -1 when the stream or a
    request failed."""
    from pynettools.tools.ip import routesave

    def send(data, at, length, msg_type, flags):
        if _restore_rank(data, at, length) != prio:
            return 0
        return routesave.restore_message(ctx, data, at, length, msg_type, flags, "route restore")

    return routesave.from_file(ctx, data, at, send)


def _restore_rank(data, at, length):
    """restore_handler()'s order: 0 for routes to local addresses (no gateway;
    no preferred source, or one equal to the destination), 1 for local
    networks (no gateway, another source), 2 through a gateway."""
    found = {}
    offset, end = at + 28, at + length
    while offset + 4 <= end:
        rta_len, rta_type = struct.unpack_from("=HH", data, offset)
        if rta_len < 4 or offset + rta_len > end:
            break
        if rta_type not in found:
            found[rta_type] = data[offset + 4:offset + rta_len]
        offset += (rta_len + 3) & ~3
    if RTA_GATEWAY in found:
        return 2
    src, dst = found.get(RTA_PREFSRC), found.get(RTA_DST)
    if src is None or (dst is not None and src == dst):
        return 0
    return 1
