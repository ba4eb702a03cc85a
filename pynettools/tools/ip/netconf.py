"""ip netconf: routing-related settings per device and family (ipnetconf.c).

    ip netconf [ show | list | lst ] [ dev NAME ]

Without a family and device: one dump of every family's settings
(pynettools/kernel/netconf.py), one line each:

    inet lo forwarding off rp_filter off mc_forwarding off proxy_neigh off ignore_routes_with_linkdown off

With -4/-6 and a device, ip asks for that one record instead and reads the
answer with rtnl_listen(), outside the JSON context it opens for dumps: so
`ip -j -4 netconf show dev lo` prints the text line, not JSON (kept here).
A kernel without AF_UNSPEC netconf dumps (EOPNOTSUPP) is asked per family,
inet then inet6, as ip does.

Exit statuses are what ip.c makes of the C function's return (-(ret) & 255).
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, PRINT_ANY, PRINT_FP
from pynettools.tools.ip.utils import Exit, incomplete_command, matches

AF_UNSPEC, AF_INET, AF_INET6 = 0, 2, 10
EOPNOTSUPP = 95

RP_FILTER_NAMES = ("off", "strict", "loose")


def usage(ctx):
    ctx.err.write("Usage: ip netconf show [ dev STRING ]\n")
    raise Exit(255)


def run(ctx, args):
    """do_ipnetconf()."""
    if not args:
        return show(ctx, [])
    word = args[0]
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return show(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip netconf help".\n' % word)
    raise Exit(255)


def show(ctx, args):
    """do_show(): only "dev NAME" means anything; other words are skipped."""
    from pynettools.kernel import netconf

    ifindex = 0
    i = 0
    while i < len(args):
        if args[i] == "dev":
            i += 1
            if i >= len(args):
                incomplete_command(ctx)
            ifindex = ctx.names.ifindex(args[i])
            if ifindex <= 0:
                ctx.err.write('Device "%s" does not exist.\n' % args[i])
                return 1
        i += 1
    family = ctx.family
    ctx.names.ifnames()  # ll_init_map(): the names are read before the settings

    if ifindex and family != AF_UNSPEC:
        record = netconf.get(ctx.kernel, family, ifindex)
        if record is not None:
            print_netconf(ctx, record, family, ifindex)
        return 0

    from pynettools.kernel.netlink import DumpError

    preferred = ctx.family
    while True:
        try:
            records = netconf.dump(ctx.kernel, family)
        except DumpError as err:
            if err.errno == EOPNOTSUPP and family == AF_UNSPEC:
                family = AF_INET
                continue
            _dump_failed(ctx, err)
        p = ctx.printer
        p.new_json_obj(ctx.json)
        for record in records:
            print_netconf(ctx, record, family, ifindex)
        p.delete_json_obj()
        if preferred == AF_UNSPEC and family == AF_INET:
            preferred = family = AF_INET6
            continue
        return 0


def _dump_failed(ctx, err):
    """The dump failed: libnetlink's words (its own report of an NLMSG_ERROR is
    suppressed here), then ipnetconf.c's perror() and "Dump terminated"."""
    import os

    from pynettools.tools.ip.utils import dump_error_text

    ctx.err.write(dump_error_text(err, suppress=True))
    ctx.err.write("RTNETLINK answers: %s\nDump terminated\n" % os.strerror(err.errno))
    raise Exit(1)


def print_netconf(ctx, record, family_filter, ifindex_filter):
    """print_netconf()."""
    from pynettools.kernel import netconf as nc
    from pynettools.tools.ip.utils import family_name

    msg_type, family, attrs = record
    if family_filter and family_filter != family:
        return
    ifindex = attrs.get(nc.NETCONFA_IFINDEX, 0)
    if ifindex_filter and ifindex_filter != ifindex:
        return
    p = ctx.printer
    p.open_json_object()
    if msg_type == nc.RTM_DELNETCONF:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    p.string(PRINT_ANY, "family", "%s ", family_name(family))
    if nc.NETCONFA_IFINDEX in attrs:
        if ifindex == nc.NETCONFA_IFINDEX_ALL:
            dev = "all"
        elif ifindex == nc.NETCONFA_IFINDEX_DEFAULT:
            dev = "default"
        else:
            dev = ctx.names.ifname(ifindex)
        p.string(PRINT_ANY, "interface", "%s ", dev, COLOR_IFNAME)
    for attr, key in ((nc.NETCONFA_FORWARDING, "forwarding"), (nc.NETCONFA_RP_FILTER, "rp_filter"),
                      (nc.NETCONFA_MC_FORWARDING, "mc_forwarding"), (nc.NETCONFA_PROXY_NEIGH, "proxy_neigh"),
                      (nc.NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, "ignore_routes_with_linkdown"),
                      (nc.NETCONFA_INPUT, "input")):
        if attr not in attrs:
            continue
        value = attrs[attr]
        if attr == nc.NETCONFA_RP_FILTER:
            if value < len(RP_FILTER_NAMES):
                p.string(PRINT_ANY, key, "rp_filter %s ", RP_FILTER_NAMES[value])
            else:
                p.uint(PRINT_ANY, key, "rp_filter %u ", value)
        else:
            p.on_off(PRINT_ANY, key, key + " %s ", value)
    p.close_json_object()
    p.string(PRINT_FP, None, "\n", None)
