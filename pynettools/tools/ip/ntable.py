"""ip ntable (ntbl): ip/ipntable.c of iproute2 6.1.0, the reading side.

    ip ntable [ show | list | lst ] [ dev DEV | dev none ] [ name NAME ]
    ip ntable help

One RTM_GETNEIGHTBL dump (kernel/ntables.py), printed table by table as
print_ntable() does: the family and name, the table's thresholds, with -s
its config (sizes, hash, the times of the last flush and of the last
random pick of reachable times, shown as local dates) and, after the
parameters, its statistics; then each parameter set (the defaults, then
one per device).  `dev none` keeps only the tables' default sets.

`change` sets parameters (not here yet).
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, PRINT_ANY, PRINT_FP
from pynettools.tools.ip.utils import Exit, invarg, matches

USAGE = """\
Usage: ip ntable change name NAME [ dev DEV ]
        [ thresh1 VAL ] [ thresh2 VAL ] [ thresh3 VAL ] [ gc_int MSEC ]
        [ PARMS ]
Usage: ip ntable show [ dev DEV ] [ name NAME ]
PARMS := [ base_reachable MSEC ] [ retrans MSEC ] [ gc_stale MSEC ]
         [ delay_probe MSEC ] [ queue LEN ]
         [ app_probes VAL ] [ ucast_probes VAL ] [ mcast_probes VAL ]
         [ anycast_delay MSEC ] [ proxy_delay MSEC ] [ proxy_queue LEN ]
         [ locktime MSEC ]
"""

NONE_DEV = -1


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_ipntable()."""
    if not args:
        return show(ctx, [])
    word = args[0]
    if matches(word, "change") or matches(word, "chg"):
        return change(ctx, args[1:])
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return show(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip ntable help".\n' % word)
    raise Exit(255)


# ipntable_modify()'s words: (word, NDTA_ attribute of the table, or NDTPA_
# one of its parameters (in NDTA_PARMS), size in bits)
_TABLE_WORDS = {"thresh1": (2, 32), "thresh2": (3, 32), "thresh3": (4, 32), "gc_int": (8, 64)}
_PARM_WORDS = {
    "base_reachable": (4, 64), "retrans": (5, 64), "gc_stale": (6, 64), "delay_probe": (7, 64),
    "queue": (8, 32), "app_probes": (9, 32), "ucast_probes": (10, 32), "mcast_probes": (11, 32),
    "anycast_delay": (12, 64), "proxy_delay": (13, 64), "proxy_queue": (14, 32), "locktime": (15, 64),
}
NDTA_NAME, NDTA_PARMS, NDTPA_IFINDEX = 1, 6, 1
RTM_SETNEIGHTBL = 67
NLM_F_REPLACE = 0x100


def change(ctx, words):
    """ipntable_modify(): one RTM_SETNEIGHTBL (NLM_F_REPLACE) naming the table
    (`name arp_cache`), with the thresholds and gc interval as its own
    attributes and the per-device parameters (`dev DEV` and the rest) nested
    in NDTA_PARMS.  Exits 2 when the kernel refuses."""
    import struct

    from pynettools.kernel import netlink
    from pynettools.tools.ip.utils import Args, duparg, ifindex, missarg, nodev, rtnl_change, strtoul

    name = None
    changed = False
    attrs = []
    parms = []
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word == "name":
            value = args.next_arg()
            if name is not None:
                duparg(ctx, "NAME", value)
            name = value
            attrs.append(netlink.attribute(NDTA_NAME, value.encode("utf-8", "surrogateescape") + b"\0"))
        elif word == "dev":
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                nodev(ctx, value)
                return 1
            parms.append(netlink.attribute(NDTPA_IFINDEX, struct.pack("=I", index)))
        elif word in _TABLE_WORDS or word in _PARM_WORDS:
            kind, bits = _TABLE_WORDS.get(word) or _PARM_WORDS[word]
            value = args.next_arg()
            number, rest = strtoul(value, 0) if value else (None, "")
            if number is None or rest or number >= 1 << bits:
                invarg(ctx, '"%s" value is invalid' % word, value)
            data = struct.pack("=Q" if bits == 64 else "=I", number)
            (attrs if word in _TABLE_WORDS else parms).append(netlink.attribute(kind, data))
            changed = True
        else:
            invarg(ctx, "unknown", word)
    if name is None:
        missarg(ctx, "NAME")
    if not changed:
        ctx.err.write("Not enough information: changeable attributes required.\n")
        raise Exit(255)
    if parms:
        attrs.append(netlink.attribute(NDTA_PARMS, b"".join(parms)))
    body = struct.pack("=Bxxx", ctx.family) + b"".join(attrs)  # struct ndtmsg
    if not rtnl_change(ctx, RTM_SETNEIGHTBL, body, "ntable change %s" % name, NLM_F_REPLACE):
        raise Exit(2)
    return 0


def show(ctx, words):
    """ipntable_show()."""
    from pynettools.tools.ip.utils import Args

    index = 0
    name = None
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word == "dev":
            value = args.next_arg()
            if value == "none":
                index = NONE_DEV
            else:
                from pynettools.tools.ip.utils import ifindex

                index = ifindex(ctx, value)
                if not index:
                    invarg(ctx, '"DEV" is invalid', value)
        elif word == "name":
            name = args.next_arg()
        else:
            invarg(ctx, "unknown", word)
    from pynettools.kernel import ntables

    p = ctx.printer
    from pynettools.kernel.netlink import DumpError

    try:
        records = ntables.dump(ctx.kernel, ctx.family)
    except DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 1
    p.new_json_obj(ctx.json)
    for family, attrs, parms in records:
        if keep(ctx, index, name, family, attrs, parms):
            print_ntable(ctx, family, attrs, parms)
    p.delete_json_obj()
    return 0


def keep(ctx, index, name, family, attrs, parms):
    from pynettools.kernel import ntables
    from pynettools.kernel.netlink import attr_str, attr_u32

    if ctx.family and ctx.family != family:
        return False
    if name is not None and ntables.NDTA_NAME in attrs and attr_str(attrs[ntables.NDTA_NAME]) != name:
        return False
    if parms is not None:
        if ntables.NDTPA_IFINDEX in parms:
            if index and index & 0xFFFFFFFF != attr_u32(parms[ntables.NDTPA_IFINDEX]):
                return False
        elif index and index != NONE_DEV:
            return False
    return True


def strtime_delta(ctx, msec):
    """ntable_strtime_delta(): the local date `msec` milliseconds ago, to the second."""
    if msec == 0:
        return "(error)"
    import time

    when = int(ctx.kernel.time()) - msec // 1000
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(when))


def print_ntable(ctx, family, attrs, parms):
    """print_ntable()."""
    from pynettools.kernel import ntables
    from pynettools.kernel.netlink import attr_str, attr_u32, attr_u64
    from pynettools.tools.ip.utils import family_name

    p = ctx.printer
    p.open_json_object(None)
    p.string(PRINT_ANY, "family", "%s ", family_name(family))
    if ntables.NDTA_NAME in attrs:
        p.string(PRINT_ANY, "name", "%s ", attr_str(attrs[ntables.NDTA_NAME]))
    p.nl()
    table_line = any(key in attrs for key in (ntables.NDTA_THRESH1, ntables.NDTA_THRESH2,
                                              ntables.NDTA_THRESH3, ntables.NDTA_GC_INTERVAL))
    if table_line:
        p.string(PRINT_FP, None, "    ", None)
    for key, json_key, fmt in ((ntables.NDTA_THRESH1, "thresh1", "thresh1 %u "),
                               (ntables.NDTA_THRESH2, "thresh2", "thresh2 %u "),
                               (ntables.NDTA_THRESH3, "thresh3", "thresh3 %u ")):
        if key in attrs:
            p.uint(PRINT_ANY, json_key, fmt, attr_u32(attrs[key]))
    if ntables.NDTA_GC_INTERVAL in attrs:
        p.u64(PRINT_ANY, "gc_interval", "gc_int %u ", attr_u64(attrs[ntables.NDTA_GC_INTERVAL]))
    if table_line:
        p.nl()
    if ntables.NDTA_CONFIG in attrs and ctx.stats:
        print_config(ctx, ntables.NDT_CONFIG.unpack_from(attrs[ntables.NDTA_CONFIG]))
    if parms is not None:
        print_parms(ctx, parms)
    if ntables.NDTA_STATS in attrs and ctx.stats:
        print_stats(ctx, ntables.NDT_STATS.unpack_from(attrs[ntables.NDTA_STATS]))
    p.string(PRINT_FP, None, "\n", "")
    p.close_json_object()


def print_config(ctx, config):
    """print_ndtconfig()."""
    key_len, entry_size, entries, last_flush, last_rand, hash_rnd, hash_mask, chain_gc, proxy_qlen = config
    p = ctx.printer
    p.uint(PRINT_ANY, "key_length", "    config key_len %u ", key_len)
    p.uint(PRINT_ANY, "entry_size", "entry_size %u ", entry_size)
    p.uint(PRINT_ANY, "entries", "entries %u ", entries)
    p.nl()
    p.string(PRINT_ANY, "last_flush", "        last_flush %s ", strtime_delta(ctx, last_flush))
    p.string(PRINT_ANY, "last_rand", "last_rand %s ", strtime_delta(ctx, last_rand))
    p.nl()
    p.uint(PRINT_ANY, "hash_rnd", "        hash_rnd %u ", hash_rnd)
    p.hex0x(PRINT_ANY, "hash_mask", "hash_mask %08x ", hash_mask)
    p.uint(PRINT_ANY, "hash_chain_gc", "hash_chain_gc %u ", chain_gc)
    p.uint(PRINT_ANY, "proxy_qlen", "proxy_qlen %u ", proxy_qlen)
    p.nl()


# print_ndtparams(): (attribute, JSON key, text, size) in ip's order; None: the line break
_PARMS = (
    (2, "refcnt", "refcnt %u ", 4), (3, "reachable", "reachable %u ", 8),
    (4, "base_reachable", "base_reachable %u ", 8), (5, "retrans", "retrans %u ", 8), None,
    (6, "gc_stale", "gc_stale %u ", 8), (7, "delay_probe", "delay_probe %u ", 8), (8, "queue", "queue %u ", 4),
    None,
    (9, "app_probes", "app_probes %u ", 4), (10, "ucast_probes", "ucast_probes %u ", 4),
    (11, "mcast_probes", "mcast_probes %u ", 4), None,
    (12, "anycast_delay", "anycast_delay %u ", 8), (13, "proxy_delay", "proxy_delay %u ", 8),
    (14, "proxy_queue", "proxy_queue %u ", 4), (15, "locktime", "locktime %u ", 8),
)


def print_parms(ctx, parms):
    from pynettools.kernel import ntables
    from pynettools.kernel.netlink import attr_u32, attr_u64

    p = ctx.printer
    if ntables.NDTPA_IFINDEX in parms:
        p.string(PRINT_FP, None, "    dev ", None)
        p.string(PRINT_ANY, "dev", "%s ", ctx.names.ifname(attr_u32(parms[ntables.NDTPA_IFINDEX])), COLOR_IFNAME)
        p.nl()
    p.string(PRINT_FP, None, "    ", None)
    for entry in _PARMS:
        if entry is None:
            p.string(PRINT_FP, None, "%s    ", p.sl)
            continue
        key, json_key, fmt, size = entry
        if key in parms:
            value = attr_u32(parms[key]) if size == 4 else attr_u64(parms[key])
            p.uint(PRINT_ANY, json_key, fmt, value)
    p.nl()


_STATS = (("allocs", "destroys", "hash_grows"), ("res_failed", "lookups", "hits"),
          ("rcv_probes_mcast", "rcv_probes_ucast"), ("periodic_gc_runs", "forced_gc_runs"),
          ("table_fulls",))


def print_stats(ctx, stats):
    """print_ndtstats()."""
    p = ctx.printer
    p.string(PRINT_FP, None, "    stats ", None)
    at = 0
    for n, group in enumerate(_STATS):
        if n:
            p.string(PRINT_FP, None, "%s    ", p.sl)
        for key in group:
            p.u64(PRINT_ANY, key, key + " %u ", stats[at])
            at += 1
    p.nl()
