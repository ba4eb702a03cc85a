"""ip vrf: VRF devices and the processes bound to them (ipvrf.c), the reading commands.

    ip vrf [ show | list | lst ] [ NAME ]   every VRF and its table, or one VRF's table
    ip vrf identify [ PID ]                 the VRF a process runs in (nothing when none)
    ip vrf pids NAME                        the processes bound to a VRF

This kernel has no VRFs (pynettools/kernel/vrfs.py), so show prints its
header and "No VRF has been configured", `show default` the main table's id
(ipvrf_get_table()'s special case), and pids refuses every name.
`ip vrf exec` checks its VRF name the same way, so it ends at the name
checks; `exec default CMD` (move into the base vrf cgroup, then run) is not
here yet.
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
        return vrf_exec(ctx, args[1:])
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
    # Past this point the C code walks the cgroup2 tree for the VRF's
    # processes; no name passes name_is_vrf() on this kernel (no VRF devices).
    ctx.err.write("pynettools ip: vrf pids of a VRF is not implemented yet\n")
    return 1


def vrf_exec(ctx, args):
    """ipvrf_exec(): cmd_exec() with vrf_switch() as the child's setup.

    vrf_switch() fails on a name that is not a VRF ("Invalid VRF name"; the
    setup's -1 comes back through cmd_exec() and do_ipvrf() as 1, so exit
    255).  A real VRF would then get a cgroup with a BPF program attached
    (vrf_configure_cgroup()), which cannot happen on this kernel: it has no
    VRF devices.  "default" skips the name check and moves the process into
    the base vrf cgroup before exec: not here yet.  (Under -batch the C
    code forks first, and the child whose setup failed goes on reading the
    batch file: not reproduced.)
    """
    if not args:
        ctx.err.write("No VRF name specified\n")
        return 1
    if len(args) < 2:
        ctx.err.write("No command specified\n")
        return 1
    if args[0] != "default":
        if not name_is_vrf(ctx, args[0]):
            ctx.err.write("Invalid VRF name\n")
            return 255
    ctx.err.write("pynettools ip: vrf exec default is not implemented yet\n")
    return 1
