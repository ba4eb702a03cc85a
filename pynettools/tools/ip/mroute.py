"""ip mroute: the multicast forwarding cache (ipmroute.c).

    ip mroute [ show | list | lst ] [ [ to ] PREFIX ] [ from PREFIX ] [ iif DEVICE ] [ table TABLE_ID ]

One route dump of the multicast pseudo-family (pynettools/kernel/mroutes.py),
IPv4's (table 253, "default", unless a table is named) or with -6 IPv6's;
other families have no multicast routing and print nothing at all.  A line
per (source, group) entry:

    (198.51.100.2,239.1.1.1)         Iif: veth0      Oifs: veth1  State: resolved

Quirk kept: ip 6.1 parses the `to` and `from` prefixes with the pseudo-family
as the address family, which no address has, so any prefix is refused
("Error: ??? prefix is expected ...").
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, PRINT_ANY, PRINT_FP, PRINT_JSON
from pynettools.tools.ip.utils import Exit, incomplete_command, invarg, matches

AF_UNSPEC, AF_INET, AF_INET6 = 0, 2, 10
RT_TABLE_DEFAULT, RT_TABLE_MAIN = 253, 254
RTN_MULTICAST = 5
RTNH_F_OFFLOAD, RTNH_F_UNRESOLVED = 0x08, 0x20

USAGE = ("Usage: ip mroute show [ [ to ] PREFIX ] [ from PREFIX ] [ iif DEVICE ]\n"
         "                      [ table TABLE_ID ]\n"
         "TABLE_ID := [ local | main | default | all | NUMBER ]\n")


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_multiroute()."""
    if not args:
        return show(ctx, [])
    word = args[0]
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return show(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip mroute help".\n' % word)
    raise Exit(255)


def show(ctx, args):
    """mroute_list()."""
    from pynettools.kernel import mroutes
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text, get_prefix, nodev, route_names

    family = ctx.family
    table = 0
    if family in (AF_INET, AF_UNSPEC):
        family = mroutes.RTNL_FAMILY_IPMR
        table = RT_TABLE_DEFAULT  # "for backward compatibility"
    elif family == AF_INET6:
        family = mroutes.RTNL_FAMILY_IP6MR
    else:
        return 0
    mdst = msrc = None
    iif_name = None
    i = 0
    while i < len(args):
        word = args[i]
        if matches(word, "table"):
            i += 1
            if i >= len(args):
                incomplete_command(ctx)
            number = route_names(ctx).table_a2n(args[i])
            if number is None:
                if args[i] == "all":
                    table = 0
                elif args[i] == "help":
                    usage(ctx)
                else:
                    invarg(ctx, "table id value is invalid\n", args[i])
            else:
                table = number
        elif word == "iif":
            i += 1
            if i >= len(args):
                incomplete_command(ctx)
            iif_name = args[i]
        elif matches(word, "from"):
            i += 1
            if i >= len(args):
                incomplete_command(ctx)
            msrc = get_prefix(ctx, args[i], family)
        else:
            if word == "to":
                i += 1
                if i >= len(args):
                    incomplete_command(ctx)
                word = args[i]
            if matches(word, "help"):
                usage(ctx)
            mdst = get_prefix(ctx, word, family)
        i += 1

    ctx.names.ifnames()  # ll_init_map()
    iif = 0
    if iif_name is not None:
        from pynettools.tools.ip.utils import ifindex

        iif = ifindex(ctx, iif_name)
        if not iif:
            nodev(ctx, iif_name)
            return 1
    try:
        records = mroutes.dump(ctx.kernel, family, table)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 1
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for record in records:
        if not print_mroute(ctx, record, family, table, iif, mdst, msrc):
            p.delete_json_obj()
            ctx.err.write("Dump terminated\n")
            return 1
    p.delete_json_obj()
    return 0


def print_mroute(ctx, record, family_filter, table_filter, iif_filter, mdst, msrc):
    """print_mroute(): False when ip stops the dump."""
    from pynettools.tools.ip.utils import addr_text, prefix_mismatch, route_names

    if record["type"] not in (24, 25):
        ctx.err.write("Not a multicast route: %08x %08x %08x\n" % (0, record["type"], 0))
        return True
    if record["rtm_type"] != RTN_MULTICAST:
        ctx.err.write("Non multicast route received, kernel does support IP multicast?\n")
        return False
    table = record["table"]
    if table_filter > 0 and table_filter != table:
        return True
    iif = record["iif"]
    if iif_filter and iif_filter != iif:
        return True
    if family_filter and family_filter != record["family"]:
        return True
    if prefix_mismatch(mdst, record["dst"]) or prefix_mismatch(msrc, record["src"]):
        return True
    family = {128: AF_INET, 129: AF_INET6}.get(record["family"], record["family"])
    p = ctx.printer
    p.open_json_object()
    if record["type"] == 25:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    src = addr_text(family, record["src"]) if record["src"] is not None else "unknown"
    dst = addr_text(family, record["dst"]) if record["dst"] is not None else "unknown"
    if p.is_json:
        p.string(PRINT_JSON, "src", None, src)
        p.string(PRINT_JSON, "dst", None, dst)
    else:
        p.string(PRINT_FP, None, "%-32s Iif: ", ("(%s,%s)" % (src, dst))[:255])
    if iif:
        p.string(PRINT_ANY, "iif", "%-10s ", ctx.names.ifname(iif), COLOR_IFNAME)
    else:
        p.string(PRINT_ANY, "iif", "%s ", "unresolved")
    if record["oifs"] is not None:
        p.open_json_array(PRINT_JSON, "multipath")
        for n, (oif, ttl) in enumerate(record["oifs"]):
            p.open_json_object()
            if n == 0:
                p.string(PRINT_FP, None, "Oifs: ", None)
            p.string(PRINT_ANY, "oif", "%s", ctx.names.ifname(oif), COLOR_IFNAME)
            if ttl > 1:
                p.uint(PRINT_ANY, "ttl", "(ttl %u) ", ttl)
            else:
                p.string(PRINT_FP, None, " ", None)
            p.close_json_object()
        p.close_json_array(PRINT_JSON, None)
    flags = record["flags"]
    p.string(PRINT_ANY, "state", " State: %s", "unresolved" if flags & RTNH_F_UNRESOLVED else "resolved")
    if flags & RTNH_F_OFFLOAD:
        p.null(PRINT_ANY, "offload", " offload", None)
    if ctx.stats and record["stats"] is not None:
        packets, octets, wrong_if = record["stats"]
        p.nl()
        p.u64(PRINT_ANY, "packets", "  %d packets,", packets)
        p.u64(PRINT_ANY, "bytes", " %d bytes", octets)
        if wrong_if:
            p.u64(PRINT_ANY, "wrong_if", ", %d arrived on wrong iif.", wrong_if)
    if ctx.stats and record["expires"] is not None:
        from pynettools.tools.ip.nexthop import jiffies_seconds

        p.float(PRINT_ANY, "expires", ", Age %.2f", jiffies_seconds(record["expires"]))
    if table and (table != RT_TABLE_MAIN or ctx.details) and not table_filter:
        p.string(PRINT_ANY, "table", " Table: %s", route_names(ctx).table_n2a(table))
    p.string(PRINT_FP, None, "\n", None)
    p.close_json_object()
    return True
