"""ip addrlabel: the IPv6 address-selection label table (ipaddrlabel.c).

    ip addrlabel [ list | lst | show ]

One dump (pynettools/kernel/addrlabels.py), family inet6 unless -4/-6/-0
says otherwise (the kernel refuses any other family), one line per entry:

    prefix ::1/128 label 0
    prefix 2001:db8::/32 dev veth0 label 99

`add`, `del` and `flush` change the table: addrlabelmodify.py.
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, COLOR_INET, COLOR_INET6, COLOR_NONE, PRINT_ANY, PRINT_FP
from pynettools.tools.ip.utils import Exit, matches

AF_UNSPEC, AF_INET, AF_INET6 = 0, 2, 10

USAGE = ("Usage: ip addrlabel { add | del } prefix PREFIX [ dev DEV ] [ label LABEL ]\n"
         "       ip addrlabel [ list | flush | help ]\n")


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_ipaddrlabel()."""
    if not args:
        return show(ctx, [])
    word = args[0]
    if matches(word, "list") or matches(word, "lst") or matches(word, "show"):
        return show(ctx, args[1:])
    for command in ("add", "delete", "flush"):
        if matches(word, command):
            from pynettools.tools.ip import addrlabelmodify

            if command == "flush":
                return addrlabelmodify.flush(ctx, args[1:])
            return addrlabelmodify.modify(ctx, command, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip addrlabel help".\n' % word)
    raise Exit(255)


def show(ctx, args):
    """ipaddrlabel_list()."""
    from pynettools.kernel import addrlabels
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text

    if args:
        ctx.err.write('"ip addrlabel show" does not take any arguments.\n')
        return 1
    family = ctx.family or AF_INET6
    try:
        records = addrlabels.dump(ctx.kernel, family)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 255
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for record in records:
        print_addrlabel(ctx, record)
    p.delete_json_obj()
    return 0


def print_addrlabel(ctx, record):
    """print_addrlabel()."""
    from pynettools.kernel.addrlabels import RTM_DELADDRLABEL, RTM_NEWADDRLABEL
    from pynettools.tools.ip.utils import format_host

    msg_type, family, prefixlen, index, address, label = record
    if msg_type not in (RTM_NEWADDRLABEL, RTM_DELADDRLABEL):
        return
    p = ctx.printer
    p.open_json_object()
    if msg_type == RTM_DELADDRLABEL:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    if address is not None:
        p.string(PRINT_FP, None, "prefix ", None)
        color = COLOR_INET if family == AF_INET else COLOR_INET6 if family == AF_INET6 else COLOR_NONE
        p.string(PRINT_ANY, "address", "%s", format_host(ctx, family, address), color)
        p.uint(PRINT_ANY, "prefixlen", "/%u ", prefixlen)
    if index:
        p.string(PRINT_FP, None, "dev ", None)
        p.string(PRINT_ANY, "ifname", "%s ", ctx.names.ifname(index), COLOR_IFNAME)
    if label is not None and len(label) == 4:
        import struct

        p.uint(PRINT_ANY, "label", "label %u ", struct.unpack("=I", label)[0])
    p.string(PRINT_FP, None, "\n", "")
    p.close_json_object()
