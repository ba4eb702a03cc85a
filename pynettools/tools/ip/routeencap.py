"""ip route ... encap seg6 | seg6local | rpl | ioam6 | xfrm | bpf | ila:
the encapsulations' options (iproute_lwtunnel.c parse_encap_seg6(),
parse_encap_seg6local(), parse_encap_rpl(), parse_encap_ioam6(),
parse_encap_xfrm(), parse_encap_bpf(), parse_encap_ila()), called by
routemodify.parse_encap() (which has mpls, ip and ip6 itself).

Each parser takes the Args at the encapsulation's first option, leaves them
at the first word that is not its own, and returns the nest's inner bytes in
the C code's attribute order.  Requests are packed with struct (no pyroute2:
its import alone is over the issue's time budget for `ip route add`).

Not here yet: loading an eBPF program (encap bpf in/out/xmit, seg6local's
endpoint): their words are parsed and a missing or non-ELF object fails
as in ip, but a real ELF object or a pinned program says "not implemented"
(no ELF loader here); and the crash of `flavors next-csid` at the end of
the line.
"""
import struct

from pynettools.kernel.netlink import attribute as attr
from pynettools.tools.ip.utils import (Exit, duparg2, get_addr, get_u32, ifindex, invarg, nodev,
                                       route_names)

AF_INET, AF_INET6 = 2, 10

# ---- the segment routing header (parse_srh) ----------------------------------------------

SEG6_MODES = ("inline", "encap", "l2encap", "encap.red", "l2encap.red")


def _segments_last_first(ctx, segbuf, nsegs):
    """The comma-separated IPv6 addresses of `segbuf` into `nsegs` 16-byte
    slots, the last given first (seg6 and rpl alike); empty words are
    skipped and the slots they leave stay zero."""
    segments = [bytes(16)] * nsegs
    i = nsegs - 1
    for word in segbuf.split(","):
        if not word:
            continue
        segments[i] = get_addr(ctx, word, AF_INET6).data[:16]
        i -= 1
    return segments


def parse_srh(ctx, segbuf, hmac, encap):
    """parse_srh(): struct ipv6_sr_hdr (8 bytes), the segments last one first,
    then the HMAC TLV when a key id is given.

    The C code counts the commas for the number of segments, but strtok()
    skips empty fields: "a,,b" has room for three and fills two.  Without
    `encap` (inline) one more, all-zero, segment is left for the kernel.
    """
    nsegs = segbuf.count(",") + 1
    if not encap:
        nsegs += 1
    srhlen = 8 + 16 * nsegs + (40 if hmac else 0)
    segments = _segments_last_first(ctx, segbuf, nsegs)
    flags = 0x08 if hmac else 0  # SR6_FLAG1_HMAC
    # nexthdr, hdrlen, type 4 (SRH), segments_left, first_segment, flags, tag
    out = struct.pack("=BBBBBBH", 0, (srhlen >> 3) - 1, 4, nsegs - 1, nsegs - 1, flags, 0)
    out += b"".join(segments)
    if hmac:
        # struct sr6_tlv_hmac: type 5 (SR6_TLV_HMAC), len 38, reserved, key id (big-endian), 32 bytes
        out += struct.pack("!BBHI", 5, 38, 0, hmac) + bytes(32)
    return out


def encap_seg6(ctx, args):
    """parse_encap_seg6(): mode, segs, hmac in any order; one SEG6_IPTUNNEL_SRH."""
    seen = set()
    mode = -1
    segbuf = ""
    hmac = 0
    while args:
        word = args.peek()
        if word not in ("mode", "segs", "hmac"):
            break
        args.take()
        value = args.next_arg()
        if word in seen:
            duparg2(ctx, word, value)
        seen.add(word)
        if word == "mode":
            mode = SEG6_MODES.index(value) if value in SEG6_MODES else -1
            if mode < 0:
                invarg(ctx, '"mode" value is invalid\n', value)
        elif word == "segs":
            if mode == -1:
                invarg(ctx, '"segs" provided before "mode"\n', value)
            segbuf = value[:1023]  # strlcpy() into 1024 bytes
        else:
            hmac = _u32_or_keep(value, hmac)
    # no mode at all: -1, which parse_srh() takes as true (encap)
    srh = parse_srh(ctx, segbuf, hmac, mode != 0)
    # struct seg6_iptunnel_encap: int mode, then the header
    return attr(1, struct.pack("=i", mode) + srh)  # SEG6_IPTUNNEL_SRH


def _u32_or_keep(text, old):
    """get_u32() whose failure the C code ignores: the value stays as it was."""
    value = get_u32(text, 0)
    return old if value is None else value


# ---- seg6local ----------------------------------------------------------------------------

SEG6_ACTIONS = (None, "End", "End.X", "End.T", "End.DX2", "End.DX6", "End.DX4", "End.DT6", "End.DT4",
                "End.B6", "End.B6.Encaps", "End.BM", "End.S", "End.AS", "End.AM", "End.BPF", "End.DT46")
END_B6_ENCAP = 10
(SEG6_LOCAL_ACTION, SEG6_LOCAL_SRH, SEG6_LOCAL_TABLE, SEG6_LOCAL_NH4, SEG6_LOCAL_NH6, SEG6_LOCAL_IIF,
 SEG6_LOCAL_OIF, SEG6_LOCAL_BPF, SEG6_LOCAL_VRFTABLE, SEG6_LOCAL_COUNTERS, SEG6_LOCAL_FLAVORS) = range(1, 12)
NLA_F_NESTED = 0x8000


def _u32(number):
    return struct.pack("=I", number)


def encap_seg6local(ctx, args):
    """parse_encap_seg6local(): each option's attribute as it comes, the SRH last."""
    seen = set()
    out = []
    action = 0
    srh = None
    hmac = 0
    names = route_names(ctx)
    while args:
        word = args.peek()
        if word == "count":
            # a flag: no value; counters always start at zero (the kernel ignores them)
            args.take()
            if word in seen:
                duparg2(ctx, "count", word)
            seen.add(word)
            # SEG6_LOCAL_CNT_PACKETS 2, BYTES 3, ERRORS 4 (1 is the pad)
            inner = b"".join(attr(n, struct.pack("=Q", 0)) for n in (2, 3, 4))
            out.append(attr(SEG6_LOCAL_COUNTERS | NLA_F_NESTED, inner))
            continue
        if word == "endpoint":
            args.take()
            args.next_arg()
            args.i -= 1
            if word in seen:
                duparg2(ctx, "endpoint", args.peek())
            seen.add(word)
            load_bpf(ctx, args)  # (never returns: the load fails or is not ported)
        if word not in ("action", "table", "vrftable", "nh4", "nh6", "iif", "oif", "srh", "flavors"):
            break
        args.take()
        value = args.next_arg()
        if word in seen:
            duparg2(ctx, word, value)
        seen.add(word)
        if word == "action":
            action = SEG6_ACTIONS.index(value) if value in SEG6_ACTIONS[1:] else 0
            if not action:
                invarg(ctx, '"action" value is invalid\n', value)
            out.append(attr(SEG6_LOCAL_ACTION, _u32(action)))
        elif word in ("table", "vrftable"):
            table = names.table_a2n(value)
            if table is None:
                invarg(ctx, "invalid table id\n" if word == "table" else "invalid vrf table id\n", value)
            out.append(attr(SEG6_LOCAL_TABLE if word == "table" else SEG6_LOCAL_VRFTABLE, _u32(table)))
        elif word in ("nh4", "nh6"):
            addr = get_addr(ctx, value, AF_INET if word == "nh4" else AF_INET6)
            out.append(attr(SEG6_LOCAL_NH4 if word == "nh4" else SEG6_LOCAL_NH6, addr.data[:addr.bytelen]))
        elif word in ("iif", "oif"):
            index = ifindex(ctx, value)
            if not index:
                nodev(ctx, value)
                raise Exit(255)
            out.append(attr(SEG6_LOCAL_IIF if word == "iif" else SEG6_LOCAL_OIF, _u32(index)))
        elif word == "flavors":
            out.append(_flavors(ctx, args, value))
        else:
            srh, hmac, stop = _srh_option(ctx, args, value, seen, hmac)
            if stop:
                # the C loop `break`s with its argv still on the segments, so
                # ip route's own loop reads that word once more
                args.i -= 1
                break
    if not action:
        ctx.err.write("Missing action type\n")
        raise Exit(255)
    if srh is not None:
        out.append(attr(SEG6_LOCAL_SRH, parse_srh(ctx, srh, hmac, action == END_B6_ENCAP)))
    return b"".join(out)


SEG6_FLAVORS = (None, "psp", "usp", "usd", "next-csid")
FLV_NEXT_CSID = 4


def _flavor_mask(text):
    """parse_seg6local_flavors(): the bit of each name (any case), or None
    for an empty text, an unknown name or one named twice."""
    if not text:
        return None
    mask = 0
    for name in text.split(","):
        if not name:
            continue  # strtok() skips empty fields
        index = [i for i, known in enumerate(SEG6_FLAVORS) if known and known == name.lower()]
        if not index or mask & (1 << index[0]):
            return None
        mask |= 1 << index[0]
    return mask


def _flavors(ctx, args, value):
    """seg6local_parse_flavors(): SEG6_LOCAL_FLAVORS (nested): the
    operations (SEG6_LOCAL_FLV_OPERATION 1), then for next-csid an optional
    `lblen N` (LCBLOCK_BITS 2) and an optional `nflen N` (LCNODE_FN_BITS 3),
    in that order only.

    The C code steps to the next word without checking that there is one
    (NEXT_ARG_FWD), so when the words end right after next-csid or after
    lblen's value it reads past argv's end and crashes (SIGSEGV): that
    crash is not reproduced.
    """
    from pynettools.tools.ip.routemodify import get_u8  # (loaded: it is what imports this module)

    mask = _flavor_mask(value)
    if mask is None:
        invarg(ctx, 'invalid "flavors" attribute\n', value)
    inner = [attr(1, _u32(mask))]
    if mask & (1 << FLV_NEXT_CSID):
        for key, kind, what in (("lblen", 2, "locator-block length"), ("nflen", 3, "locator-node function length")):
            if not args:
                ctx.err.write("pynettools ip: route encap seg6local flavors next-csid at the end of the line "
                              "(ip 6.1 crashes there) is not implemented\n")
                raise Exit(1)
            if args.peek() != key:
                continue
            args.take()
            text = args.next_arg()
            number = get_u8(text, 0)
            if number is None:
                invarg(ctx, '"%s" value is invalid\n' % what, text)
            inner.append(attr(kind, struct.pack("=B", number)))
    return attr(SEG6_LOCAL_FLAVORS | NLA_F_NESTED, b"".join(inner))


def _srh_option(ctx, args, value, seen, hmac):
    """srh segs SEGS [ hmac KEYID ]: the segments' text, the key id, and
    whether the words ended right after the segments.

    "segs" must follow at once; its duplicate check shares the counter with
    nothing else, so a second `srh` is caught first.  When the words end
    after the segments, the C loop stops there (break, not continue).
    """
    if value != "segs":
        invarg(ctx, 'missing "segs" attribute for srh\n', value)
    segs = args.next_arg()
    if "segs" in seen:
        duparg2(ctx, "segs", segs)
    seen.add("segs")
    segs = segs[:1023]
    if not args:
        return segs, hmac, True
    if args.peek() == "hmac":
        args.take()
        key = args.next_arg()
        if "hmac" in seen:
            duparg2(ctx, "hmac", key)
        seen.add("hmac")
        hmac = _u32_or_keep(key, hmac)
    return segs, hmac, False


# ---- xfrm ---------------------------------------------------------------------------------


def _xfrm_usage(ctx):
    ctx.err.write("Usage: ip route ... encap xfrm if_id IF_ID [ link_dev LINK ]\n")
    raise Exit(255)


def encap_xfrm(ctx, args):
    """parse_encap_xfrm(): LWT_XFRM_IF_ID 1, LWT_XFRM_LINK 2.

    Surprise kept: the loop has no `else break`, so every word after
    `encap xfrm` is read as an xfrm option and the unknown ones skipped
    (`dev X` after it is lost to the route).
    """
    seen = set()
    out = []
    while args:
        word = args.take()
        if word in ("if_id", "link_dev"):
            value = args.next_arg()
            if word in seen:
                duparg2(ctx, word, value)
            seen.add(word)
            if word == "if_id":
                number = get_u32(value, 0)
                if not number:
                    invarg(ctx, '"if_id" value is invalid\n', value)
                out.append(attr(1, _u32(number)))
            else:
                index = ifindex(ctx, value)
                if not index:
                    nodev(ctx, value)
                    raise Exit(255)
                out.append(attr(2, _u32(index)))
        elif word == "help":
            _xfrm_usage(ctx)
    if "if_id" not in seen:
        _xfrm_usage(ctx)
    return b"".join(out)


# ---- rpl and ioam6 (this kernel refuses both: "lwt encapsulation type not supported") -----


def encap_rpl(ctx, args):
    """parse_encap_rpl(): `segs A,B,...` (optional, once); RPL_IPTUNNEL_SRH 1.

    struct ipv6_rpl_sr_hdr: nexthdr, hdrlen, type 3, segments_left (the
    number of segments, not one less as in seg6), four zero bytes
    (cmpri/cmpre/pad), then the addresses, the last given first.
    """
    segbuf = ""
    seen = False
    while args and args.peek() == "segs":
        args.take()
        value = args.next_arg()
        if seen:
            duparg2(ctx, "segs", value)
        seen = True
        segbuf = value[:1023]
    nsegs = segbuf.count(",") + 1
    segments = _segments_last_first(ctx, segbuf, nsegs)
    srhlen = 8 + 16 * nsegs
    srh = struct.pack("=BBBBI", 0, (srhlen >> 3) - 1, 3, nsegs & 0xFF, 0) + b"".join(segments)
    return attr(1, srh)


IOAM6_MODES = (None, "inline", "encap", "auto")
IOAM6_MODE_INLINE = 1
FREQ_MIN, FREQ_MAX = 1, 1000000
IOAM6_TRACE_DATA_SIZE_MAX = 244


def _ioam6_freq(text):
    """parse_ioam6_freq(): K/N, decimal, exactly one slash; (k, n) or None."""
    if text.count("/") != 1:
        return None
    k_text, n_text = text.split("/")
    if not k_text or not n_text:
        return None  # strtok() would find one field only
    k, n = get_u32(k_text, 10), get_u32(n_text, 10)
    if k is None or n is None:
        return None
    return k, n


class _Cursor:
    """The C code's argv/argc here: `pos` is the word being looked at (not
    the next one to take, as Args.i), NEXT_ARG() moves on or stops ip."""

    def __init__(self, ctx, args):
        self.ctx, self.words, self.pos = ctx, args.words, args.i

    def word(self):
        return self.words[self.pos]

    def next_arg(self):
        from pynettools.tools.ip.utils import incomplete_command

        self.pos += 1
        if self.pos >= len(self.words):
            incomplete_command(self.ctx)
        return self.words[self.pos]

    def next_ok(self):
        return self.pos + 1 < len(self.words)


def encap_ioam6(ctx, args):
    """parse_encap_ioam6(): [ freq K/N ] [ mode MODE ] [ tundst ADDR ]
    trace prealloc type T ns N size S, in that order; attributes FREQ_K 4,
    FREQ_N 5, MODE 1, DST 2 (not inline), TRACE 3.

    Surprise kept: when the words end with the trace options, ip route's
    loop reads the last one once more (the C code hands back argv one
    word before where it stands, and its loop did not step past it).
    """
    from pynettools.tools.ip.utils import get_unsigned_max, missarg

    cur = _Cursor(ctx, args)
    k = n = FREQ_MIN
    if cur.word() == "freq":
        k, n = _ioam6_freq_option(ctx, cur.next_arg())
        cur.next_arg()
    mode = IOAM6_MODE_INLINE
    if cur.word() == "mode":
        value = cur.next_arg()
        mode = IOAM6_MODES.index(value) if value in IOAM6_MODES[1:] else 0
        if not mode:
            invarg(ctx, "Invalid mode", value)
        cur.next_arg()
    dst = None
    if cur.word() != "tundst":
        if mode != IOAM6_MODE_INLINE:
            missarg(ctx, "tundst")
    else:
        if mode == IOAM6_MODE_INLINE:
            invarg(ctx, "Inline mode does not need tundst", cur.word())
        dst = get_addr(ctx, cur.next_arg(), AF_INET6).data[:16]
        cur.next_arg()
    if cur.word() != "trace":
        missarg(ctx, "trace")
    if cur.next_arg() != "prealloc":
        missarg(ctx, "prealloc")
    trace_type, trace_ns, trace_size = 0, None, 0
    while cur.next_ok():
        cur.pos += 1
        word = cur.word()
        if word == "type":
            value = cur.next_arg()
            if trace_type:
                duparg2(ctx, "type", value)
            trace_type = get_u32(value, 0)
            if not trace_type:
                invarg(ctx, "Invalid trace type", value)
        elif word == "ns":
            value = cur.next_arg()
            if trace_ns is not None:
                duparg2(ctx, "ns", value)
            trace_ns = get_unsigned_max(value, 0xFFFF, 0)
            if trace_ns is None:
                invarg(ctx, "Invalid namespace ID", value)
        elif word == "size":
            value = cur.next_arg()
            if trace_size:
                duparg2(ctx, "size", value)
            trace_size = get_unsigned_max(value, 0xFFFF, 0)
            if not trace_size:
                invarg(ctx, "Invalid trace size", value)
            if trace_size % 4:
                invarg(ctx, "Trace size must be a 4-octet multiple", value)
            if trace_size > IOAM6_TRACE_DATA_SIZE_MAX:
                invarg(ctx, "Trace size is too big", value)
        else:
            break
    for key, have in (("type", trace_type), ("ns", trace_ns is not None), ("size", trace_size)):
        if not have:
            missarg(ctx, key)
    args.i = cur.pos
    # struct ioam6_trace_hdr: namespace id (big-endian), a zero byte
    # (overflow, nodelen), remlen in the next one's low 7 bits, the type's 24 bits
    trace = struct.pack("!HBBI", trace_ns, 0, (trace_size // 4) & 0x7F, (trace_type << 8) & 0xFFFFFFFF)
    out = [attr(4, _u32(k)), attr(5, _u32(n)), attr(1, struct.pack("=B", mode))]
    if mode != IOAM6_MODE_INLINE:
        out.append(attr(2, dst))
    out.append(attr(3, trace))
    return b"".join(out)


def _ioam6_freq_option(ctx, value):
    """freq K/N's checks, in the C code's order."""
    if len(value) > 15:
        invarg(ctx, "Invalid frequency (too long)", value)
    freq = _ioam6_freq(value)
    if freq is None:
        invarg(ctx, "Invalid frequency (malformed)", value)
    k, n = freq
    if not FREQ_MIN <= k <= FREQ_MAX:
        invarg(ctx, 'Out of bound "k" frequency', value)
    if not FREQ_MIN <= n <= FREQ_MAX:
        invarg(ctx, 'Out of bound "n" frequency', value)
    if k > n:
        invarg(ctx, "Frequency with k > n is forbidden", value)
    return k, n


# ---- bpf (and seg6local's endpoint): the legacy loader's parse, up to the load ---------------

LWT_BPF_XMIT_HEADROOM = 4


def _bpf_usage(ctx):
    ctx.err.write("Usage: ip route ... encap bpf [ in BPF ] [ out BPF ] [ xmit BPF ] [...]\n"
                  "BPF := obj FILE [ section NAME ] [ verbose ]\n")
    raise Exit(255)


def encap_bpf(ctx, args):
    """parse_encap_bpf(): in/out/xmit PROGRAM, headroom N (the first one
    counts, a later one is checked and dropped), help.  A program is loaded
    as soon as it is parsed, and this port loads none (see load_bpf())."""
    from pynettools.tools.ip.utils import get_unsigned

    out = []
    headroom_set = False
    while args:
        word = args.peek()
        if word in ("in", "out", "xmit"):
            args.take()
            args.next_arg()
            args.i -= 1
            load_bpf(ctx, args)
        elif word == "headroom":
            args.take()
            value = args.next_arg()
            headroom = get_unsigned(value, 0)
            if not headroom:
                invarg(ctx, "headroom is invalid\n", value)
            if not headroom_set:
                out.append(attr(LWT_BPF_XMIT_HEADROOM, _u32(headroom)))
            headroom_set = True
        elif word == "help":
            _bpf_usage(ctx)
        else:
            break
    return b"".join(out)


def load_bpf(ctx, args):
    """lwt_parse_bpf(): bpf_do_parse() for an eBPF program (obj FILE or
    pinned FILE, then [section NAME] [program NAME] [verbose]), then the
    load, which fails here or is not ported: exit 255 either way after
    "Failed to parse eBPF program: ..." (strerror of the negated return:
    a plain -1 reads "Operation not permitted").
    """
    from pynettools.kernel import bpfobject
    from pynettools.tools.ip.utils import matches

    mode = args.take()
    if mode == "obj" or matches(mode, "object-file"):
        pinned = False
    elif matches(mode, "object-pinned") or matches(mode, "pinned") or matches(mode, "fd"):
        pinned = True
    else:
        # (the classic-BPF modes, bytecode and bytecode-file, are not offered to lwt)
        ctx.err.write('What mode is "%s"?\n' % mode)
        _bpf_failed(ctx, 1)
    path = args.next_arg()
    for key, exact in (("section", False), ("program", True), ("verbose", False)):
        if args and (args.peek() == key if exact else matches(args.peek(), key)):
            args.take()
            if key != "verbose":
                args.next_arg()
    if pinned:
        ctx.err.write("pynettools ip: bpf programs pinned in bpffs are not implemented yet\n")
        raise Exit(1)
    kind = bpfobject.object_kind(ctx.kernel, path)
    if kind == bpfobject.ELF:
        ctx.err.write("pynettools ip: loading an eBPF object file is not implemented yet\n")
        raise Exit(1)
    ctx.err.write("Cannot initialize ELF context!\n")
    # open() failing returns its -1 (EPERM's number); libelf's refusal is -EINVAL
    _bpf_failed(ctx, 1 if kind == bpfobject.OPEN_FAILED else 22)


def _bpf_failed(ctx, errno_number):
    import os

    ctx.err.write("Failed to parse eBPF program: %s\n" % os.strerror(errno_number))
    raise Exit(255)


# ---- ila (this kernel refuses it) -----------------------------------------------------------

ILA_CSUM_MODES = {"adj-transport": 0, "neutral-map": 1, "no-action": 2, "neutral-map-auto": 3}
ILA_IDENT_TYPES = {"luid": 1, "use-format": 32}  # (the others are #if 0 in ila_common.h)
ILA_HOOK_TYPES = {"output": 0, "input": 1}


def get_addr64(text):
    """lib/utils.c get_addr64(): up to four hex groups of 16 bits, colon
    separated, as 8 bytes in network order; None when malformed.

    The C union is not cleared, so a shorter locator ("1:2") sends stack
    garbage in its last groups: zeros here.
    """
    from pynettools.tools.ip.utils import strtoul

    groups = []
    rest = text
    for i in range(4):
        value, after = strtoul(rest, 16)
        if value is None or value > 0xFFFF:
            return None
        groups.append(value)
        if after == "":
            break
        if i == 3 or not after.startswith(":"):
            return None
        rest = after[1:]
    groups += [0] * (4 - len(groups))
    return struct.pack("!4H", *groups)


def encap_ila(ctx, args):
    """parse_encap_ila(): LOCATOR first (no keyword), then csum-mode,
    ident-type, hook-type in any order, repeats allowed; ILA_ATTR_LOCATOR 1,
    CSUM_MODE 7, IDENT_TYPE 8, HOOK_TYPE 9."""
    text = args.take()
    locator = get_addr64(text)
    if locator is None:
        ctx.err.write("Bad locator: %s\n" % text)
        raise Exit(1)
    out = [attr(1, locator)]
    options = {"csum-mode": (7, ILA_CSUM_MODES), "ident-type": (8, ILA_IDENT_TYPES),
               "hook-type": (9, ILA_HOOK_TYPES)}
    while args and args.peek() in options:
        word = args.take()
        value = args.next_arg()
        kind, names = options[word]
        if value not in names:
            invarg(ctx, '"%s" value is invalid\n' % word, value)
        out.append(attr(kind, struct.pack("=B", names[value])))
    return b"".join(out)
