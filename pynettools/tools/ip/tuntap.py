"""ip tuntap (and ip tap): TUN/TAP devices (iptuntap.c).

    ip tuntap [ show | list | lst ]

One line per device of kind "tun" (pynettools/kernel/tuntap.py): its name,
the flags of sysfs tun_flags as words, and its owner and group when set:

    tun0: tun pi multi_queue vnet_hdr persist filter user 1000 group 100

("pi": packets carry the 4-byte packet information header, i.e. IFF_NO_PI is
off; "filter": IFF_NOFILTER, the same bit, is off.)  With -d a second line
lists the processes attached, "name(pid)" each, run together.  Words after
`show` are ignored, as ip ignores them.  `add` and `del` (the ioctls on
/dev/net/tun) are linkmodify.tuntap().
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, PRINT_ANY, PRINT_FP, PRINT_JSON
from pynettools.tools.ip.utils import Exit, matches

IFF_TUN, IFF_TAP, IFF_NO_PI, IFF_ONE_QUEUE = 0x0001, 0x0002, 0x1000, 0x2000
IFF_VNET_HDR, IFF_MULTI_QUEUE, IFF_PERSIST, IFF_NOFILTER = 0x4000, 0x0100, 0x0800, 0x1000

USAGE = ("Usage: ip tuntap { add | del | show | list | lst | help } [ dev PHYS_DEV ]\n"
         "       [ mode { tun | tap } ] [ user USER ] [ group GROUP ]\n"
         "       [ one_queue ] [ pi ] [ vnet_hdr ] [ multi_queue ] [ name NAME ]\n"
         "\n"
         "Where: USER  := { STRING | NUMBER }\n"
         "       GROUP := { STRING | NUMBER }\n")


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_iptuntap()."""
    if not args:
        return show(ctx)
    word = args[0]
    for command in ("add", "delete"):
        if matches(word, command):
            from pynettools.tools.ip import linkmodify

            try:
                return linkmodify.tuntap(ctx, command == "add", args[1:])
            except linkmodify.Failed as failed:
                return failed.status
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return show(ctx)
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip tuntap help".\n' % word)
    raise Exit(255)


def show(ctx):
    """do_show() and print_tuntap()."""
    from pynettools.kernel import tuntap
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text

    try:
        names = tuntap.tun_links(ctx.kernel)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 1
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for name in names:
        props = []
        for prop in ("tun_flags", "owner", "group"):
            value, error = tuntap.read_prop(ctx.kernel, name, prop)
            if value is None:
                ctx.err.write(error)
                break
            props.append(value)
        if len(props) < 3:
            continue
        flags, owner, group = props
        p.open_json_object()
        p.string(PRINT_ANY, "ifname", "%s:", name, COLOR_IFNAME)
        print_flags(p, flags)
        if owner != -1:
            p.u64(PRINT_ANY, "user", " user %d", owner)
        if group != -1:
            p.u64(PRINT_ANY, "group", " group %d", group)
        if ctx.details:
            p.string(PRINT_FP, None, "%s\tAttached to processes:", p.sl)
            show_processes(ctx, name)
        p.close_json_object()
        p.string(PRINT_FP, None, "%s", "\n")
    p.delete_json_obj()
    return 0


def print_flags(p, flags):
    p.open_json_array(PRINT_JSON, "flags")
    for bit, word, present in ((IFF_TUN, "tun", True), (IFF_TAP, "tap", True), (IFF_NO_PI, "pi", False),
                               (IFF_ONE_QUEUE, "one_queue", True), (IFF_MULTI_QUEUE, "multi_queue", True),
                               (IFF_VNET_HDR, "vnet_hdr", True), (IFF_PERSIST, "persist", True),
                               (IFF_NOFILTER, "filter", False)):
        if bool(flags & bit) == present:
            p.string(PRINT_ANY, None, " %s", word)
    flags &= ~(IFF_TUN | IFF_TAP | IFF_NO_PI | IFF_ONE_QUEUE | IFF_MULTI_QUEUE | IFF_VNET_HDR | IFF_PERSIST
               | IFF_NOFILTER)
    if flags:
        p.hex0x(PRINT_ANY, None, " %#x", flags)
    p.close_json_array(PRINT_JSON, None)


def show_processes(ctx, name):
    from pynettools.kernel import tuntap

    p = ctx.printer
    found, errors = tuntap.attached_processes(ctx.kernel, name)
    for error in errors:
        ctx.err.write(error)
    p.open_json_array(PRINT_JSON, "processes")
    for pid, comm in found:
        p.string(PRINT_ANY, "name", "%s", "<NULL>" if comm is None else comm)
        p.uint(PRINT_ANY, "pid", "(%d)", pid)
    p.close_json_array(PRINT_JSON, None)
