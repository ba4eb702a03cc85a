"""ip stats: per-device statistics by group (ipstats.c), the reading command.

    ip stats [ show [ dev DEV ] [ group GROUP [ subgroup SUBGROUP [ suite SUITE ] ... ] ... ] ... ]
    ip stats help

The statistics form a tree: groups (link, xstats, xstats_slave, offload,
afstats), their subgroups and suites; its leaves are what gets printed.  The
order of work of ipstats_show():
  1. each `group`/`subgroup`/`suite` word selects a node; selecting at a
     level that already has one first enables everything under the
     previous selection; the last selection (or the whole tree, when none
     was given) is enabled at the end;
  2. the enabled leaves are sorted by the address of their C descriptor and
     duplicates dropped: LEAF_ORDER below is that order, as Debian's binary
     lays them out (mpls, link, l3_stats, hw_stats_info, cpu_hit, then the
     bond and bridge suites);
  3. one RTM_GETSTATS request (dev) or dump, asking only for the groups the
     leaves need (pynettools/kernel/linkstats.py);
  4. per device, per leaf: "IFINDEX: NAME: group G [subgroup S [suite X]]",
     then what the leaf shows (nothing when the kernel sent nothing for it);
     a dump adds an empty line after each device.
`ip stats show` counts as one -s (and -d as one more): the link counters'
error rows need `ip -s stats show` or `ip -d stats show`.
`ip stats set` changes the kernel: not here yet.
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, PRINT_ANY, PRINT_FP, PRINT_JSON
from pynettools.tools.ip.utils import duparg2, incomplete_command, invarg

EINVAL = 22
LEVELS = ("group", "subgroup", "suite")

# The tree: (name, children) for groups, (name, leaf key) for leaves; in ipstats.c's order.
TREE = ("top-level", (
    ("link", "link"),
    ("xstats", (("bridge", (("stp", "xstats/bridge/stp"), ("mcast", "xstats/bridge/mcast"))),
                ("bond", (("802.3ad", "xstats/bond/802.3ad"),)))),
    ("xstats_slave", (("bridge", (("stp", "xstats_slave/bridge/stp"), ("mcast", "xstats_slave/bridge/mcast"))),
                      ("bond", (("802.3ad", "xstats_slave/bond/802.3ad"),)))),
    ("offload", (("cpu_hit", "offload/cpu_hit"), ("hw_stats_info", "offload/hw_stats_info"),
                 ("l3_stats", "offload/l3_stats"))),
    ("afstats", (("mpls", "afstats/mpls"),)),
))

# ipstats_comp_enabled(): the leaves sorted by their descriptors' addresses in the binary
LEAF_ORDER = ("afstats/mpls", "link", "offload/l3_stats", "offload/hw_stats_info", "offload/cpu_hit",
              "xstats_slave/bond/802.3ad", "xstats/bond/802.3ad", "xstats_slave/bridge/mcast",
              "xstats_slave/bridge/stp", "xstats/bridge/mcast", "xstats/bridge/stp")

IFLA_STATS_LINK_64, IFLA_STATS_LINK_XSTATS, IFLA_STATS_LINK_XSTATS_SLAVE = 1, 2, 3
IFLA_STATS_LINK_OFFLOAD_XSTATS, IFLA_STATS_AF_SPEC = 4, 5
IFLA_OFFLOAD_XSTATS_CPU_HIT, IFLA_OFFLOAD_XSTATS_HW_S_INFO, IFLA_OFFLOAD_XSTATS_L3_STATS = 1, 2, 3
LINK_XSTATS_TYPE_BRIDGE, LINK_XSTATS_TYPE_BOND = 1, 2
BRIDGE_XSTATS_MCAST, BRIDGE_XSTATS_STP = 2, 4
BOND_XSTATS_3AD = 1
AF_MPLS = 28
# the most each nest's table holds (ipstats_stat_ifla_max): a nest's filter is sent
# only when it asks for some but not all of them
IFLA_MAX = {0: 5, IFLA_STATS_LINK_XSTATS: 2, IFLA_STATS_LINK_XSTATS_SLAVE: 2,
            IFLA_STATS_LINK_OFFLOAD_XSTATS: 3, IFLA_STATS_AF_SPEC: 45}

# what each leaf asks the kernel for: [(group attribute, subgroup attribute or 0)]
LEAF_FILTERS = {
    "link": [(IFLA_STATS_LINK_64, 0)],
    "offload/cpu_hit": [(IFLA_STATS_LINK_OFFLOAD_XSTATS, IFLA_OFFLOAD_XSTATS_CPU_HIT)],
    "offload/hw_stats_info": [(IFLA_STATS_LINK_OFFLOAD_XSTATS, IFLA_OFFLOAD_XSTATS_HW_S_INFO)],
    "offload/l3_stats": [(IFLA_STATS_LINK_OFFLOAD_XSTATS, IFLA_OFFLOAD_XSTATS_L3_STATS),
                         (IFLA_STATS_LINK_OFFLOAD_XSTATS, IFLA_OFFLOAD_XSTATS_HW_S_INFO)],
    "afstats/mpls": [(IFLA_STATS_AF_SPEC, 0)],
}
for _leaf in LEAF_ORDER:
    if _leaf.startswith("xstats"):
        LEAF_FILTERS[_leaf] = [(IFLA_STATS_LINK_XSTATS_SLAVE if _leaf.startswith("xstats_slave")
                                else IFLA_STATS_LINK_XSTATS, 0)]

HELP = ("Usage: ip stats help\n"
        "       ip stats show [ dev DEV ] [ group GROUP [ subgroup SUBGROUP [ suite SUITE ] ... ] ... ] ...\n"
        "       ip stats set dev DEV l3_stats { on | off }\n")


def do_help(ctx):
    """do_help(): the usage, then the tree's names (on stderr, but exit 0)."""
    lines = [HELP, "GROUP := { %s }\n" % " | ".join(name for name, _ in TREE[1])]
    for name, children in TREE[1]:
        if isinstance(children, str):
            continue
        parts = []
        for sub, subchildren in children:
            text = " %s" % sub
            if not isinstance(subchildren, str):
                text += "".join(" [ suite %s ]" % suite for suite, _ in subchildren)
            parts.append(text)
        lines.append("%s SUBGROUP := {%s }\n" % (name, " |".join(parts)))
    ctx.err.write("".join(lines))


def run(ctx, args):
    """do_ipstats(): the command words are compared whole (strcmp), no prefixes."""
    if not args:
        return show(ctx, [])
    if args[0] == "help":
        do_help(ctx)
        return 0
    if args[0] == "show":
        ctx.stats += ctx.details + 1  # "show" implies one -s, and -d one more
        return show(ctx, args[1:])
    if args[0] == "set":
        ctx.err.write("pynettools ip: stats set is not implemented yet\n")
        return 1
    ctx.err.write('Command "%s" is unknown, try "ip stats help".\n' % args[0])
    return 1


class _Failed(Exception):
    def __init__(self, code):
        Exception.__init__(self, code)
        self.code = code


def _find(ctx, sel):
    """ipstats_enable_find_stat_desc(): the node a selection names."""
    node = TREE
    for level, name in enumerate(sel):
        if name is None:
            break
        if isinstance(node[1], str):
            ctx.err.write("Error: %s %s requested inside leaf %s %s\n"
                          % (LEVELS[level], name, LEVELS[level - 1], node[0]))
            raise _Failed(EINVAL)
        found = [child for child in node[1] if child[0] == name]
        if not found:
            ctx.err.write("Error: no %s named %s found inside %s\n" % (LEVELS[level], name, node[0]))
            raise _Failed(EINVAL)
        node = found[0]
    return node


def _leaves(node, sel):
    """ipstats_enable_recursively(): [(leaf key, selection)] under a node."""
    if isinstance(node[1], str):
        return [(node[1], tuple(name for name in sel if name is not None))]
    found = []
    depth = len([name for name in sel if name is not None])
    for child in node[1]:
        sub = list(sel)
        sub[depth] = child[0]
        found += _leaves(child, sub)
    return found


def _enable(ctx, sel, enabled):
    """ipstats_enable_check(): add the leaves under the selection, in LEAF_ORDER, once each."""
    node = _find(ctx, sel)
    for key, path in _leaves(node, sel):
        if key not in enabled:
            enabled[key] = path


def show(ctx, args):
    """ipstats_show()."""
    sel = [None, None, None]
    enabled = {}
    dev = None
    i = 0
    try:
        while i < len(args):
            word = args[i]
            if word == "dev":
                i += 1
                if i >= len(args):
                    incomplete_command(ctx)
                if dev is not None:
                    duparg2(ctx, "dev", args[i])
                _check_ifname(ctx, args[i])
                dev = args[i]
            elif word == "help":
                do_help(ctx)
                return 0
            else:
                found = False
                # as ipstats.c, the loop goes on comparing the level names with the
                # word that NEXT_ARG() moved to ("group subgroup x" selects twice)
                for level, name in enumerate(LEVELS):
                    if args[i] == name:
                        i += 1
                        if i >= len(args):
                            incomplete_command(ctx)
                        _select(ctx, sel, args[i], level, enabled)
                        found = True
                if not found:
                    ctx.err.write('What is "%s"?\n' % word)
                    do_help(ctx)
                    return EINVAL
            i += 1
        _enable(ctx, sel, enabled)
    except _Failed as failure:
        return failure.code
    ifindex = 0
    if dev is not None:
        from pynettools.tools.ip.nexthop import ifindex as name_to_index

        ifindex = name_to_index(ctx, dev)
        if not ifindex:
            ctx.err.write('Cannot find device "%s"\n' % dev)
            return 1
    leaves = [(key, enabled[key]) for key in LEAF_ORDER if key in enabled]
    return show_do(ctx, ifindex, leaves)


def _check_ifname(ctx, name):
    from pynettools.tools.ip.utils import check_ifname

    if not check_ifname(name):
        invarg(ctx, '"dev" not a valid ifname', name)


def _select(ctx, sel, name, level, enabled):
    """ipstats_select()."""
    for i in range(level):
        if sel[i] is None:
            ctx.err.write("Error: %s %s requested without selecting a %s first\n"
                          % (LEVELS[level], name, LEVELS[i]))
            raise _Failed(EINVAL)
    for i in range(level, len(LEVELS)):
        if sel[i] is not None:
            _enable(ctx, sel, enabled)
            break
    sel[level] = name
    for i in range(level + 1, len(LEVELS)):
        sel[i] = None


def _filters(leaves):
    """ipstats_req_add_filters(): the top-level mask and the narrowed nests."""
    masks = {}
    for key, _path in leaves:
        for group, subgroup in LEAF_FILTERS[key]:
            masks[0] = masks.get(0, 0) | 1 << (group - 1)
            if subgroup:
                masks[group] = masks.get(group, 0) | 1 << (subgroup - 1)
    narrowed = [(group, mask) for group, mask in sorted(masks.items())
                if group and mask and mask != (1 << IFLA_MAX[group]) - 1]
    return masks.get(0, 0), narrowed


def show_do(ctx, ifindex, leaves):
    """ipstats_show_do(): one device (rtnl_talk) or a dump."""
    from pynettools.kernel import linkstats
    from pynettools.kernel.netlink import DumpError
    from pynettools.kernel.rtnl import TalkError
    from pynettools.tools.ip.utils import dump_error_text

    mask, narrowed = _filters(leaves)
    p = ctx.printer
    p.new_json_obj(ctx.json)
    if ifindex:
        try:
            record = linkstats.get(ctx.kernel, ifindex, mask, narrowed)
        except TalkError as err:
            ctx.err.write(err.message())
            p.delete_json_obj()
            return 2
        status = process(ctx, record, leaves)
    else:
        try:
            records = linkstats.dump(ctx.kernel, mask, narrowed)
        except DumpError as err:
            ctx.err.write(dump_error_text(err) + "Dump terminated\n")
            p.delete_json_obj()
            return 2
        status = 0
        for record in records:
            status = process(ctx, record, leaves)
            if status:
                ctx.err.write("Dump terminated\n")
                status = 2
                break
            p.nl()
    p.delete_json_obj()
    return status


def process(ctx, record, leaves):
    """ipstats_process_ifsm(): a header and the leaf's part, for each leaf."""
    ifindex, attrs = record
    p = ctx.printer
    name = ctx.names.ifname(ifindex)
    for key, path in leaves:
        p.open_json_object()
        p.int(PRINT_ANY, "ifindex", "%d:", ifindex)
        p.string(PRINT_ANY, "ifname", " %s:", name, COLOR_IFNAME)
        for level, value in zip(LEVELS, path):
            p.string(PRINT_JSON, level, None, value)
            p.string(PRINT_FP, None, " %s ", level)
            p.string(PRINT_FP, None, "%s", value)
        SHOW[key](ctx, attrs, key)
        p.close_json_object()
        p.nl()
    return 0


def _nested(payload):
    from pynettools.kernel import netlink

    return netlink.nested_attributes(payload)


def _show_link(ctx, attrs, key):
    p = ctx.printer
    p.nl()
    _show_64(ctx, attrs.get(IFLA_STATS_LINK_64))


def _show_64(ctx, payload):
    """ipstats_show_64(): the stats64 table of ip -s link, under "stats64"."""
    if payload is None:
        return
    from pynettools.kernel.linkstats import Stats64
    from pynettools.tools.ip.link import print_stats64

    p = ctx.printer
    p.open_json_object("stats64")
    print_stats64(ctx, Stats64(payload), None, None)
    p.close_json_object()


def _offload(attrs, subgroup):
    nest = attrs.get(IFLA_STATS_LINK_OFFLOAD_XSTATS)
    if nest is None:
        return None
    return _nested(nest).get(subgroup)


def _show_cpu_hit(ctx, attrs, key):
    ctx.printer.nl()
    _show_64(ctx, _offload(attrs, IFLA_OFFLOAD_XSTATS_CPU_HIT))


def _hw_s_info(ctx, payload):
    """ipstats_dissect_hw_s_info(): {"request": on/off/None, "used": ...} of
    l3_stats, or None.  (The kernel only ever sends 0 or 1 here; ip's
    complaint about other values is kept, its giving up on a bad "request" is not.)"""
    l3 = _nested(payload).get(IFLA_OFFLOAD_XSTATS_L3_STATS)
    if l3 is None:
        return None
    found = {"request": None, "used": None}
    inner = _nested(l3)
    for attr, name in ((1, "request"), (2, "used")):
        if attr in inner:
            value = inner[attr][0]
            if value not in (0, 1):
                ctx.err.write("Invalid value for %s: expected 0 or 1, got %d.\n" % (name, value))
                continue
            found[name] = bool(value)
    return found


def _print_hw_s_info_one(p, info):
    for key, fmt in (("request", " %s"), ("used", " used %s")):
        if info[key] is not None:
            p.on_off(PRINT_ANY, key, fmt, info[key])


def _show_hw_stats_info(ctx, attrs, key):
    payload = _offload(attrs, IFLA_OFFLOAD_XSTATS_HW_S_INFO)
    if payload is None:
        return
    p = ctx.printer
    p.nl()
    info = _hw_s_info(ctx, payload)
    p.open_json_object("info")
    if info is not None:
        p.string(PRINT_FP, None, "    %s", "l3_stats")
        p.open_json_object("l3_stats")
        _print_hw_s_info_one(p, info)
        p.close_json_object()
    p.close_json_object()


def _show_l3_stats(ctx, attrs, key):
    hwsi = _offload(attrs, IFLA_OFFLOAD_XSTATS_HW_S_INFO)
    if hwsi is None:
        return
    stats = _offload(attrs, IFLA_OFFLOAD_XSTATS_L3_STATS)
    p = ctx.printer
    info = _hw_s_info(ctx, hwsi)
    p.open_json_object("info")
    if info is not None:
        _print_hw_s_info_one(p, info)
    p.close_json_object()
    if stats is not None:
        p.nl()
        p.open_json_object("stats64")
        _print_hw_stats64(ctx, stats)
        p.close_json_object()


def _print_hw_stats64(ctx, payload):
    """print_hw_stats64(): struct rtnl_hw_stats64 (bytes and packets as they count them)."""
    import struct

    from pynettools.tools.ip.link import print_num

    raw = bytes(payload[:72]).ljust(72, b"\0")
    (rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped,
     multicast) = struct.unpack("=9Q", raw)
    p = ctx.printer
    if p.is_json:
        p.open_json_object("rx")
        for name, value in (("bytes", rx_bytes), ("packets", rx_packets), ("errors", rx_errors),
                            ("dropped", rx_dropped), ("multicast", multicast)):
            p.u64(PRINT_JSON, name, None, value)
        p.close_json_object()
        p.open_json_object("tx")
        for name, value in (("bytes", tx_bytes), ("packets", tx_packets), ("errors", tx_errors),
                            ("dropped", tx_dropped)):
            p.u64(PRINT_JSON, name, None, value)
        p.close_json_object()
        return
    cols = [len("*X: bytes"), len("packets"), len("errors"), len("dropped"), len("overrun")]
    for row in ((rx_bytes, rx_packets, rx_errors, rx_dropped, multicast),
                (tx_bytes, tx_packets, tx_errors, tx_dropped, 0)):
        if not ctx.human:
            for n, value in enumerate(row):
                cols[n] = max(cols[n], len("%d" % value))
    sl = p.sl
    out = ["    RX: %*s %*s %*s %*s %*s%s" % (cols[0] - 4, "bytes", cols[1], "packets", cols[2], "errors",
                                            cols[3], "dropped", cols[4], "mcast", sl), "    "]
    out += [print_num(ctx, cols[n], value)
            for n, value in enumerate((rx_bytes, rx_packets, rx_errors, rx_dropped, multicast))]
    out.append(sl)
    out.append("    TX: %*s %*s %*s %*s%s" % (cols[0] - 4, "bytes", cols[1], "packets", cols[2], "errors",
                                             cols[3], "dropped", sl))
    out.append("    ")
    out += [print_num(ctx, cols[n], value) for n, value in enumerate((tx_bytes, tx_packets, tx_errors, tx_dropped))]
    p.write("".join(out))


def _show_mpls(ctx, attrs, key):
    nest = attrs.get(IFLA_STATS_AF_SPEC)
    if nest is None:
        return
    if _nested(nest).get(AF_MPLS) is None:
        return
    # print_mpls_link_stats(): this kernel has no MPLS, so no device has these
    ctx.err.write("pynettools ip: stats of MPLS are not implemented yet\n")


def _show_xstats(ctx, attrs, key):
    """ipstats_stat_desc_show_xstats(): the kind's part, under a blank header line."""
    group, kind, suite = key.split("/")
    nest = attrs.get(IFLA_STATS_LINK_XSTATS_SLAVE if group == "xstats_slave" else IFLA_STATS_LINK_XSTATS)
    if nest is None:
        return
    inner = _nested(nest).get(LINK_XSTATS_TYPE_BRIDGE if kind == "bridge" else LINK_XSTATS_TYPE_BOND)
    if inner is None:
        return
    wanted = {"stp": BRIDGE_XSTATS_STP, "mcast": BRIDGE_XSTATS_MCAST, "802.3ad": BOND_XSTATS_3AD}[suite]
    payload = _nested(inner).get(wanted)
    if payload is None:
        return
    ctx.printer.nl()
    {"stp": _bridge_stp, "mcast": _bridge_mcast, "802.3ad": _bond_3ad}[suite](ctx.printer, payload)


def _bridge_stp(p, payload):
    """iplink_bridge.c bridge_print_stats_stp(): struct bridge_stp_xstats."""
    import struct

    blk, fwd, rx_bpdu, tx_bpdu, rx_tcn, tx_tcn = struct.unpack("=6Q", bytes(payload[:48]).ljust(48, b"\0"))
    p.open_json_object("stp")
    p.string(PRINT_FP, None, "%-16s    STP BPDU:  ", "")
    p.u64(PRINT_ANY, "rx_bpdu", "RX: %d ", rx_bpdu)
    p.u64(PRINT_ANY, "tx_bpdu", "TX: %d\n", tx_bpdu)
    p.string(PRINT_FP, None, "%-16s    STP TCN:   ", "")
    p.u64(PRINT_ANY, "rx_tcn", "RX: %d ", rx_tcn)
    p.u64(PRINT_ANY, "tx_tcn", "TX: %d\n", tx_tcn)
    p.string(PRINT_FP, None, "%-16s    STP Transitions: ", "")
    p.u64(PRINT_ANY, "transition_blk", "Blocked: %d ", blk)
    p.u64(PRINT_ANY, "transition_fwd", "Forwarding: %d\n", fwd)
    p.close_json_object()


def _bridge_mcast(p, payload):
    """iplink_bridge.c bridge_print_stats_mcast(): struct br_mcast_stats, [RX, TX] pairs."""
    import struct

    v = struct.unpack("=31Q", bytes(payload[:248]).ljust(248, b"\0"))
    pairs = {name: (v[2 * n], v[2 * n + 1]) for n, name in enumerate(
        ("igmp_v1q", "igmp_v2q", "igmp_v3q", "igmp_leaves", "igmp_v1r", "igmp_v2r", "igmp_v3r"))}
    igmp_errors = v[14]
    pairs.update({name: (v[15 + 2 * n], v[16 + 2 * n]) for n, name in enumerate(
        ("mld_v1q", "mld_v2q", "mld_leaves", "mld_v1r", "mld_v2r"))})
    mld_errors = v[25]
    pad = "%-16s      " % ""

    def versions(name, title, keys):
        p.open_json_object(name)
        p.string(PRINT_FP, None, "%-16s    " + title + ":\n", "")
        for side, index in (("rx", 0), ("tx", 1)):
            p.string(PRINT_FP, None, "%s", pad)
            for n, key in enumerate(keys):
                label = ("RX: " if index == 0 else "TX: ") if n == 0 else ""
                end = "\n" if n == len(keys) - 1 else " "
                p.u64(PRINT_ANY, "%s_v%d" % (side, n + 1), "%sv%d %%d%s" % (label, n + 1, end), pairs[key][index])
        p.close_json_object()

    def leaves(name, title, key):
        p.open_json_object(name)
        p.string(PRINT_FP, None, "%-16s    " + title + ": ", "")
        p.u64(PRINT_ANY, "rx", "RX: %d ", pairs[key][0])
        p.u64(PRINT_ANY, "tx", "TX: %d\n", pairs[key][1])
        p.close_json_object()

    p.open_json_object("multicast")
    versions("igmp_queries", "IGMP queries", ("igmp_v1q", "igmp_v2q", "igmp_v3q"))
    versions("igmp_reports", "IGMP reports", ("igmp_v1r", "igmp_v2r", "igmp_v3r"))
    leaves("igmp_leaves", "IGMP leaves", "igmp_leaves")
    p.string(PRINT_FP, None, "%-16s    IGMP parse errors: ", "")
    p.u64(PRINT_ANY, "igmp_parse_errors", "%d\n", igmp_errors)
    versions("mld_queries", "MLD queries", ("mld_v1q", "mld_v2q"))
    versions("mld_reports", "MLD reports", ("mld_v1r", "mld_v2r"))
    leaves("mld_leaves", "MLD leaves", "mld_leaves")
    p.string(PRINT_FP, None, "%-16s    MLD parse errors: ", "")
    p.u64(PRINT_ANY, "mld_parse_errors", "%d\n", mld_errors)
    p.close_json_object()


def _bond_3ad(p, payload):
    """iplink_bond.c bond_print_3ad_stats(): the LACP counters present, one per line."""
    import struct

    inner = _nested(payload)
    p.open_json_object("802.3ad")
    for attr, key, fmt in ((1, "lacpdu_rx", "LACPDU Rx %d\n"), (2, "lacpdu_tx", "LACPDU Tx %d\n"),
                           (3, "lacpdu_unknown_rx", "LACPDU Unknown type Rx %d\n"),
                           (4, "lacpdu_illegal_rx", "LACPDU Illegal Rx %d\n"), (5, "marker_rx", "Marker Rx %d\n"),
                           (6, "marker_tx", "Marker Tx %d\n"), (7, "marker_response_rx", "Marker response Rx %d\n"),
                           (8, "marker_response_tx", "Marker response Tx %d\n"),
                           (9, "marker_unknown_rx", "Marker unknown type Rx %d\n")):
        if attr in inner:
            p.string(PRINT_FP, None, "%-16s    ", "")
            p.u64(PRINT_ANY, key, fmt, struct.unpack_from("=Q", inner[attr].ljust(8, b"\0"))[0])
    p.close_json_object()


SHOW = {"link": _show_link, "offload/cpu_hit": _show_cpu_hit, "offload/hw_stats_info": _show_hw_stats_info,
        "offload/l3_stats": _show_l3_stats, "afstats/mpls": _show_mpls}
for _leaf in LEAF_ORDER:
    if _leaf.startswith("xstats"):
        SHOW[_leaf] = _show_xstats
