"""ip vrf: VRF devices and the processes bound to them (ipvrf.c), the reading commands.

    ip vrf [ show | list | lst ] [ NAME ]   every VRF and its table, or one VRF's table
    ip vrf identify [ PID ]                 the VRF a process runs in (nothing when none)
    ip vrf pids NAME                        the processes bound to a VRF

This kernel has no VRFs (pynettools/kernel/vrfs.py), so show prints its
header and "No VRF has been configured", `show default` the main table's id
(ipvrf_get_table()'s special case), and pids refuses every name.
`ip vrf exec` runs a command: not here yet.
"""
from pynettools.tools.ip.printer import PRINT_ANY, PRINT_FP
from pynettools.tools.ip.utils import Exit, get_unsigned, invarg, matches, name_is_vrf, vrf_table  # noqa: F401


USAGE = ("Usage:\tip vrf show [NAME] ...\n"
         "\tip vrf exec [NAME] cmd ...\n"
         "\tip vrf identify [PID]\n"
         "\tip vrf pids [NAME]\n")


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_ipvrf()."""
    if not args:
        return show(ctx, [])
    word = args[0]
    if matches(word, "identify"):
        return identify(ctx, args[1:])
    if matches(word, "pids"):
        return pids(ctx, args[1:])
    if matches(word, "exec"):
        ctx.err.write("pynettools ip: vrf exec is not implemented yet\n")
        return 1
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return show(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip vrf help".\n' % word)
    raise Exit(255)


def show(ctx, args):
    """ipvrf_show()."""
    from pynettools.kernel import vrfs
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text

    if len(args) > 1:
        usage(ctx)
    if args:
        table = vrf_table(ctx, args[0])
        if not table:
            ctx.err.write("Invalid VRF\n")
            return 255
        ctx.out.write("%s %u\n" % (args[0], table))
        return 0
    try:
        links = vrfs.vrf_links(ctx.kernel, ctx.family)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 255
    p = ctx.printer
    p.new_json_obj(ctx.json)
    p.string(PRINT_FP, None, "%-16s", "Name")
    p.string(PRINT_FP, None, "  %5s\n", "Table")
    p.string(PRINT_FP, None, "%s\n", "-----------------------")
    count = 0
    for index, name, kind, table in links:
        # ipvrf_print(): (no master or index filter is ever set by `show`)
        if name is None:
            ctx.err.write("BUG: device with ifindex %d has nil ifname\n" % index)
            continue
        if kind != "vrf":
            continue
        if not table:
            ctx.err.write("BUG: VRF %s is missing table id\n" % name)
            continue
        p.open_json_object()
        p.string(PRINT_ANY, "name", "%-16s", name)
        p.uint(PRINT_ANY, "table", " %5u", table)
        p.string(PRINT_FP, None, "%s", "\n")
        p.close_json_object()
        count += 1
    if not count:
        p.string(PRINT_FP, None, "%s\n", "No VRF has been configured")
    p.delete_json_obj()
    return 0


def identify(ctx, args):
    """ipvrf_identify(): our own process when no pid is given (read as /proc/self)."""
    import os

    from pynettools.kernel import vrfs

    if not args:
        pid = "self"
    elif len(args) > 1:
        invarg(ctx, "Extra arguments specified\n", args[1])
    else:
        number = get_unsigned(args[0], 10)
        if number is None:
            invarg(ctx, "Invalid pid\n", args[0])
        pid = "%d" % number
    try:
        name = vrfs.cgroup_vrf(ctx.kernel, pid)
    except OSError as err:
        ctx.err.write("Failed to lookup vrf association: %s\n" % os.strerror(err.errno))
        return 1
    name = name[:31]  # strlcpy() into 32 bytes
    if name:
        ctx.out.write("%s\n" % name)
    return 0


def pids(ctx, args):
    """ipvrf_pids(): only a VRF's name gets past the checks, and there is none here."""
    if len(args) != 1:
        ctx.err.write("Invalid arguments\n")
        return 1
    if not name_is_vrf(ctx, args[0]):
        ctx.err.write("Invalid VRF name\n")
        return 1
    ctx.err.write("pynettools ip: vrf pids of a VRF is not implemented yet\n")
    return 1
