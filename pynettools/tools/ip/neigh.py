"""ip neigh (neighbor, neighbour): ip/ipneigh.c of iproute2 6.1.0, the reading side.

    ip neigh [ show | list | lst ] [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
                                   [ vrf NAME ] [ master DEV ] [ nomaster ] [ unused ]
                                   [ protocol PROTO ]
    ip neigh get { ADDR | proxy ADDR } dev DEV
    ip neigh help

The order of work of do_show_or_flush():
  1. the filter from the words (state defaults to every state but NOARP;
     `nud all` is every state; a prefix sets the family when -4/-6 did not);
  2. one RTM_GETNEIGH dump (kernel/neighbours.py), narrowed in the kernel
     by `dev` (NDA_IFINDEX), `master`/`vrf` (NDA_MASTER) and `proxy` (the
     kernel's separate proxy table);
  3. print_neigh() for each entry the filter keeps, in the kernel's order.

`add`, `del`, `change`, `replace` change the table in neighmodify.py, `flush`
in neighflush.py (with this module's filter).
"""
from pynettools.tools.ip.printer import (COLOR_IFNAME, COLOR_INET, COLOR_INET6, COLOR_MAC, COLOR_NONE,
                                         PRINT_ANY, PRINT_FP, PRINT_JSON)
from pynettools.tools.ip.utils import Exit, ifindex, invarg, matches, name_is_vrf

USAGE = """\
Usage: ip neigh { add | del | change | replace }
                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }
                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]
                [ protocol PROTO ]

	ip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
				  [ vrf NAME ] [ nomaster ]
	ip neigh get { ADDR | proxy ADDR } dev DEV

STATE := { delay | failed | incomplete | noarp | none |
           permanent | probe | reachable | stale }
"""

AF_INET, AF_INET6, AF_BRIDGE = 2, 10, 7
RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH = 28, 29, 30

NUD_INCOMPLETE, NUD_REACHABLE, NUD_STALE, NUD_DELAY = 0x01, 0x02, 0x04, 0x08
NUD_PROBE, NUD_FAILED, NUD_NOARP, NUD_PERMANENT = 0x10, 0x20, 0x40, 0x80
# print_neigh_state()'s order
STATE_NAMES = ((NUD_INCOMPLETE, "INCOMPLETE"), (NUD_REACHABLE, "REACHABLE"), (NUD_STALE, "STALE"),
               (NUD_DELAY, "DELAY"), (NUD_PROBE, "PROBE"), (NUD_FAILED, "FAILED"), (NUD_NOARP, "NOARP"),
               (NUD_PERMANENT, "PERMANENT"))

NTF_PROXY, NTF_EXT_LEARNED, NTF_OFFLOADED, NTF_ROUTER = 0x08, 0x10, 0x20, 0x80
NTF_EXT_MANAGED = 0x01
NLM_F_DUMP_FILTERED = 0x20


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_ipneigh(): the command word, each by its prefixes in ip's order."""
    if not args:
        return show(ctx, [])
    word = args[0]
    if matches(word, "add"):
        return _modify(ctx, "add", args[1:])
    if matches(word, "change") or word == "chg":
        return _modify(ctx, "change", args[1:])
    if matches(word, "replace"):
        return _modify(ctx, "replace", args[1:])
    if matches(word, "delete"):
        return _modify(ctx, "delete", args[1:])
    if matches(word, "get"):
        return get(ctx, args[1:])
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return show(ctx, args[1:])
    if matches(word, "flush"):
        from pynettools.tools.ip import neighflush

        return neighflush.flush(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip neigh help".\n' % word)
    raise Exit(255)


def _modify(ctx, command, words):
    from pynettools.tools.ip import neighmodify

    return neighmodify.modify(ctx, command, words)


def nud_state_a2n(word):
    """nud_state_a2n(): a state's bit (0 for "none"), or None when `word` is no state."""
    if matches(word, "permanent"):
        return NUD_PERMANENT
    if matches(word, "reachable"):
        return NUD_REACHABLE
    fixed = {"noarp": NUD_NOARP, "none": 0, "stale": NUD_STALE, "incomplete": NUD_INCOMPLETE,
             "delay": NUD_DELAY, "probe": NUD_PROBE}
    if word in fixed:
        return fixed[word]
    if matches(word, "failed"):
        return NUD_FAILED
    from pynettools.tools.ip.utils import get_unsigned

    value = get_unsigned(word, 0)
    if value is None or value >= 0x100 or value & (value - 1):
        return None
    return value


class Filter:
    """ipneigh.c's `filter`."""

    def __init__(self, family=0, index=0):
        self.family = family
        self.index = index
        self.state = 0xFFFFFFFF
        self.unused_only = False
        self.pfx = None
        self.master = 0
        self.protocol = 0
        self.ndm_flags = 0


def show(ctx, words):
    """do_show_or_flush(..., 0)."""
    filt = parse_filter(ctx, words, flush=False)
    if filt is None:
        return 1
    return _show(ctx, filt)


def parse_filter(ctx, words, flush):
    """do_show_or_flush()'s words: the Filter, or None after "Cannot find
    device" (the C code's -1).  A flush starts from every state but
    PERMANENT and NOARP, and its `nud all` leaves NOARP out."""
    from pynettools.tools.ip.utils import Args

    filt = Filter(ctx.family)
    filt.state = ~(NUD_PERMANENT | NUD_NOARP) & 0xFFFFFFFF if flush else 0xFF & ~NUD_NOARP
    filter_dev = None
    state_given = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word == "dev":
            value = args.next_arg()
            if filter_dev is not None:
                from pynettools.tools.ip.utils import duparg

                duparg(ctx, "dev", value)
            filter_dev = value
        elif word == "master":
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                invarg(ctx, "Device does not exist\n", value)
            filt.master = index
        elif word == "vrf":
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index or not name_is_vrf(ctx, value):
                invarg(ctx, "Not a valid VRF name\n", value)
            filt.master = index
        elif word == "nomaster":
            filt.master = -1
        elif word == "unused":
            filt.unused_only = True
        elif word == "nud":
            value = args.next_arg()
            if not state_given:
                state_given = True
                filt.state = 0
            state = nud_state_a2n(value)
            if state is None:
                if value != "all":
                    invarg(ctx, "nud state is bad", value)
                state = 0xFFFFFFFF
                if flush:
                    state &= ~NUD_NOARP
            if state == 0:
                state = 0x100
            filt.state |= state
        elif word == "proxy":
            filt.ndm_flags = NTF_PROXY
        elif matches(word, "protocol"):
            value = args.next_arg()
            from pynettools.tools.ip.utils import route_names

            prot = route_names(ctx).proto_a2n(value)
            if prot is None:
                if value != "all":
                    invarg(ctx, 'invalid "protocol"\n', value)
                prot = 0
            filt.protocol = prot
        else:
            if word == "to":
                word = args.next_arg()
            if matches(word, "help"):
                usage(ctx)
            from pynettools.tools.ip.utils import get_prefix

            filt.pfx = get_prefix(ctx, word, filt.family)
            if filt.family == 0:
                filt.family = filt.pfx.family
    if filter_dev is not None:
        filt.index = ifindex(ctx, filter_dev)
        if not filt.index:
            ctx.err.write('Cannot find device "%s"\n' % filter_dev)
            return None
    return filt


def _show(ctx, filt):
    from pynettools.kernel import neighbours
    from pynettools.kernel.netlink import DumpError

    try:
        records = neighbours.dump(ctx.kernel, filt.family, filt.ndm_flags, filt.index, filt.master,
                                  cacheinfo=bool(ctx.stats or filt.unused_only))
    except DumpError as err:
        return _dump_failed(ctx, err)
    printer = ctx.printer
    if not ctx.json and printer.colors is None and not ctx.brief:
        _show_text(ctx, filt, records)
        return 0
    printer.new_json_obj(ctx.json)
    warned = [False]
    for record in records:
        if keep(filt, record):
            _master_warning(ctx, filt, record, warned)
            print_neigh(ctx, filt, record)
    printer.delete_json_obj()
    return 0


def _dump_failed(ctx, err):
    """rtnl_dump_filter()'s failure: the kernel's words, then "Dump terminated"."""
    from pynettools.tools.ip.utils import dump_error_text

    ctx.err.write(dump_error_text(err) + "Dump terminated\n")
    return 1


def _master_warning(ctx, filt, record, warned):
    if filt.master and not record[1] & NLM_F_DUMP_FILTERED and not warned[0]:
        warned[0] = True
        ctx.out.write("\nWARNING: Kernel does not support filtering by master device\n\n")


def keep(filt, record):
    """print_neigh()'s filter: family, device, state, protocol, prefix, unused."""
    (_type, _mflags, family, ifindex, state, flags, dst, _lladdr, cacheinfo, _probes,
     protocol, _ext) = record
    if filt.family and filt.family != family:
        return False
    if filt.index and filt.index != ifindex:
        return False
    if (not filt.state & state and not flags & (NTF_PROXY | NTF_EXT_LEARNED)
            and (state or not filt.state & 0x100)):
        return False
    if filt.pfx is not None:
        from pynettools.tools.ip.utils import prefix_mismatch

        if prefix_mismatch(filt.pfx, dst):
            return False
    if filt.protocol and filt.protocol != protocol:
        return False
    if filt.unused_only and cacheinfo is not None and cacheinfo[3]:
        return False
    return True


def _dst_family(family, dst):
    """A bridge's entries carry an IPv4 or IPv6 address: tell by its length."""
    if family == AF_BRIDGE:
        return AF_INET6 if len(dst) == 16 else AF_INET
    return family


def _family_color(family):
    """ifa_family_color()."""
    return COLOR_INET if family == AF_INET else COLOR_INET6 if family == AF_INET6 else COLOR_NONE


def _user_hz():
    """get_user_hz(): the clock ticks per second the cache times come in."""
    import os

    try:
        return os.sysconf("SC_CLK_TCK")
    except (ValueError, OSError):
        return 100


def print_neigh(ctx, filt, record):
    """print_neigh() through the printer (JSON, colours, -br)."""
    from pynettools.tools.ip.utils import format_host, ll_addr_text

    (msg_type, _mflags, family, ifindex, state, flags, dst, lladdr, cacheinfo, probes,
     protocol, ext_flags) = record
    p = ctx.printer
    p.open_json_object(None)
    if msg_type == RTM_DELNEIGH:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    elif msg_type == RTM_GETNEIGH:
        p.null(PRINT_ANY, "miss", "%s ", "miss")
    if ctx.brief:
        if dst is not None:
            fam = _dst_family(family, dst)
            p.string(PRINT_ANY, "dst", "%-39s ", format_host(ctx, fam, bytes(dst)), _family_color(fam))
        if not filt.index and ifindex:
            p.string(PRINT_ANY, "dev", "%-16s ", ctx.names.ifname(ifindex), COLOR_IFNAME)
        if lladdr is not None:
            p.string(PRINT_ANY, "lladdr", "%s", ll_addr_text(lladdr), COLOR_MAC)
        p.string(PRINT_FP, None, "%s", "\n")
        p.close_json_object()
        return
    if dst is not None:
        fam = _dst_family(family, dst)
        p.string(PRINT_ANY, "dst", "%s ", format_host(ctx, fam, bytes(dst)), _family_color(fam))
    if not filt.index and ifindex:
        p.string(PRINT_FP, None, "dev ", None)
        p.string(PRINT_ANY, "dev", "%s ", ctx.names.ifname(ifindex), COLOR_IFNAME)
    if lladdr is not None:
        p.string(PRINT_FP, None, "lladdr ", None)
        p.string(PRINT_ANY, "lladdr", "%s ", ll_addr_text(lladdr), COLOR_MAC)
    if flags & NTF_ROUTER:
        p.null(PRINT_ANY, "router", "%s ", "router")
    if flags & NTF_PROXY:
        p.null(PRINT_ANY, "proxy", "%s ", "proxy")
    if ext_flags & NTF_EXT_MANAGED:
        p.null(PRINT_ANY, "managed", "%s ", "managed")
    if flags & NTF_EXT_LEARNED:
        p.null(PRINT_ANY, "extern_learn", "%s ", "extern_learn")
    if flags & NTF_OFFLOADED:
        p.null(PRINT_ANY, "offload", "%s ", "offload")
    if ctx.stats:
        if cacheinfo is not None:
            confirmed, used, updated, refcnt = cacheinfo
            hz = _user_hz()
            if refcnt:
                p.uint(PRINT_ANY, "refcnt", " ref %u", refcnt)
            p.uint(PRINT_ANY, "used", " used %u", used // hz)
            p.uint(PRINT_ANY, "confirmed", "/%u", confirmed // hz)
            p.uint(PRINT_ANY, "updated", "/%u", updated // hz)
        if probes is not None:
            p.uint(PRINT_ANY, "probes", "probes %u ", probes)
    if state:
        p.open_json_array(PRINT_JSON, "state" if p.is_json else "")
        for bit, name in STATE_NAMES:
            if state & bit:
                p.string(PRINT_ANY, None, "%s ", name)
        p.close_json_array(PRINT_JSON, None)
    if protocol:
        from pynettools.tools.ip.utils import route_names

        p.string(PRINT_ANY, "protocol", "proto %s ", route_names(ctx).proto_n2a(protocol))
    p.string(PRINT_FP, None, "\n", "")
    p.close_json_object()


def _show_text(ctx, filt, records):
    """print_neigh() for plain text, the common case, without the printer's
    per-field calls: the same words in the same order as print_neigh() above
    (the golden cases hold both paths to the real ip's bytes).  Built for
    10,000 entries: names and state words cached, one write at the end."""
    from pynettools.tools.ip.utils import format_host

    names = ctx.names
    stats = ctx.stats
    hz = _user_hz() if stats else 100
    show_dev = not filt.index
    resolve = ctx.resolve
    dev_text = {}  # ifindex -> "dev NAME "
    state_text = {}  # state bits -> "STALE " ...
    lines = []
    add = lines.append
    default_filter = (filt.family == 0 and filt.pfx is None and not filt.protocol and not filt.unused_only
                      and not filt.index)
    fstate = filt.state
    any_flag = NTF_ROUTER | NTF_PROXY | NTF_EXT_LEARNED | NTF_OFFLOADED
    import _socket

    ntop = _socket.inet_ntop
    AF6 = _socket.AF_INET6
    plain = show_dev and not resolve and not stats
    for record in records:
        (msg_type, mflags, family, ifindex, state, flags, dst, lladdr, cacheinfo, probes,
         protocol, ext_flags) = record
        if default_filter:
            if (not fstate & state and not flags & (NTF_PROXY | NTF_EXT_LEARNED)
                    and (state or not fstate & 0x100)):
                continue
        elif not keep(filt, record):
            continue
        if filt.master and not mflags & NLM_F_DUMP_FILTERED:
            _master_warning(ctx, filt, record, ctx.__dict__.setdefault("_neigh_warned", [False]))
        if (plain and msg_type == RTM_NEWNEIGH and ifindex and state and lladdr and dst is not None
                and not (flags & any_flag or ext_flags or protocol)):
            # the usual entry ("ADDR dev NAME lladdr MAC STATE "), the words of
            # the general path below in one formatting step
            dev = dev_text.get(ifindex)
            if dev is None:
                dev = dev_text[ifindex] = "dev " + names.ifname(ifindex) + " "
            words = state_text.get(state)
            if words is None:
                words = state_text[state] = "".join(name + " " for bit, name in STATE_NAMES if state & bit)
            size = len(dst)
            address = (ntop(AF6, dst) if size == 16 else "%d.%d.%d.%d" % (dst[0], dst[1], dst[2], dst[3])
                       if size == 4 else "???")
            add("%s %slladdr %s %s" % (address, dev, lladdr.hex(":"), words))
            continue
        if msg_type == RTM_NEWNEIGH:
            line = ""
        else:
            line = "Deleted " if msg_type == RTM_DELNEIGH else "miss " if msg_type == RTM_GETNEIGH else ""
        if dst is not None:
            if resolve:
                line += format_host(ctx, _dst_family(family, dst), bytes(dst)) + " "
            elif len(dst) == 4:
                line += "%d.%d.%d.%d " % (dst[0], dst[1], dst[2], dst[3])
            elif len(dst) == 16:
                line += ntop(AF6, dst) + " "
            else:
                line += "??? "
        if show_dev and ifindex:
            text = dev_text.get(ifindex)
            if text is None:
                text = dev_text[ifindex] = "dev " + names.ifname(ifindex) + " "
            line += text
        if lladdr is not None:
            line += "lladdr " + (lladdr.hex(":") if lladdr else "00") + " "
        if flags & any_flag or ext_flags & NTF_EXT_MANAGED:
            if flags & NTF_ROUTER:
                line += "router "
            if flags & NTF_PROXY:
                line += "proxy "
            if ext_flags & NTF_EXT_MANAGED:
                line += "managed "
            if flags & NTF_EXT_LEARNED:
                line += "extern_learn "
            if flags & NTF_OFFLOADED:
                line += "offload "
        if stats:
            if cacheinfo is not None:
                confirmed, used, updated, refcnt = cacheinfo
                if refcnt:
                    line += " ref %u" % refcnt
                line += " used %u/%u/%u" % (used // hz, confirmed // hz, updated // hz)
            if probes is not None:
                line += "probes %u " % probes
        if state:
            text = state_text.get(state)
            if text is None:
                text = state_text[state] = "".join(name + " " for bit, name in STATE_NAMES if state & bit)
            line += text
        if protocol:
            from pynettools.tools.ip.utils import route_names

            line += "proto %s " % route_names(ctx).proto_n2a(protocol)
        add(line)
    if lines:
        lines.append("")
        ctx.out.write("\n".join(lines))


def proxy_address(ctx, args, dst):
    """`proxy ADDR` (ipneigh_get() and ipneigh_modify() alike): `proxy help`
    is the usage, a second address a duparg()."""
    from pynettools.tools.ip.utils import duparg, get_addr

    value = args.next_arg()
    if matches(value, "help"):
        usage(ctx)
    if dst is not None:
        duparg(ctx, "address", value)
    return get_addr(ctx, value, ctx.family)


def get(ctx, words):
    """ipneigh_get(): one entry, asked for by address and device; printed as
    text even under -j (ip never opens its JSON array here)."""
    from pynettools.tools.ip.utils import Args, duparg2, get_addr

    args = Args(ctx, words)
    device = None
    dst = None
    flags = 0
    while args:
        word = args.take()
        if word == "dev":
            device = args.next_arg()
        elif matches(word, "proxy"):
            dst = proxy_address(ctx, args, dst)
            device = device if device is not None else ""
            flags |= NTF_PROXY
        else:
            if word == "to":
                word = args.next_arg()
            if matches(word, "help"):
                usage(ctx)
            if dst is not None:
                duparg2(ctx, "to", word)
            dst = get_addr(ctx, word, ctx.family)
    if device is None or dst is None or dst.family == 0:
        ctx.err.write("Device and address are required arguments.\n")
        return 1
    index = 0
    if device:
        index = ifindex(ctx, device)
        if not index:
            ctx.err.write('Cannot find device "%s"\n' % device)
            return 1
    from pynettools.kernel import neighbours, rtnl

    try:
        record = neighbours.get(ctx.kernel, dst.family, dst.data[:dst.bytelen], index, flags)
    except rtnl.TalkError as err:
        ctx.err.write(err.message())
        return 2
    print_neigh(ctx, Filter(0, 0), record)
    return 0
