"""ip maddress: the multicast groups each device has joined (ipmaddr.c).

    ip maddress [ show | list | lst ] [ [ dev ] NAME ]

The lists come from procfs (pynettools/kernel/multicast.py): link-layer
groups unless -4/-6 narrow it, IPv4 groups unless -6/-0, IPv6 unless -4/-0.
They are merged into one list ordered by interface index, each file's
entries in file order within an index (ipmaddr.c maddr_ins() inserts after
the last entry of the same index), and printed under one heading per index:

    1:	lo
    	inet  224.0.0.1
    	inet6 ff02::1 users 2

With -o every entry gets its own heading (and a backslash ends it).
`add` and `del` join and leave a link-layer group: one SIOCADDMULTI or
SIOCDELMULTI ioctl with the device and the 6-byte address (ipmaddr.c
multiaddr_modify(), which exits itself: 0, 1 on an error, 255 on bad words).
"""
from pynettools.tools.ip.printer import (COLOR_IFNAME, COLOR_INET, COLOR_INET6, COLOR_MAC, COLOR_NONE,
                                         PRINT_ANY, PRINT_FP, PRINT_JSON)
from pynettools.tools.ip.utils import Exit, duparg2, incomplete_command, matches

AF_UNSPEC, AF_INET, AF_INET6, AF_PACKET = 0, 2, 10, 17
SIOCADDMULTI, SIOCDELMULTI = 0x8931, 0x8932
ETH_ALEN = 6

USAGE = ("Usage: ip maddr [ add | del ] MULTIADDR dev STRING\n"
         "       ip maddr show [ dev STRING ]\n")


def modify(ctx, args, request):
    """multiaddr_modify()."""
    import struct

    from pynettools.tools.ip.utils import Args, check_ifname, duparg, invarg, ll_addr_a2n

    name = b""
    address = bytes(14)  # ifr_hwaddr.sa_data
    words = Args(ctx, args)
    while words:
        word = words.take()
        if word == "dev":
            value = words.next_arg()
            if name:
                duparg(ctx, "dev", value)
            if not check_ifname(value):
                invarg(ctx, '"dev" not a valid ifname', value)
            name = value.encode("utf-8", "surrogateescape")
        else:
            if matches(word, "address"):
                word = words.next_arg()
            if matches(word, "help"):
                usage(ctx)
            if address[0]:  # (as C: an address starting with 00 is not seen as given)
                duparg(ctx, "address", word)
            parsed = ll_addr_a2n(ctx, word, 14)
            if parsed is None:
                raise Exit(1)
            data, length = parsed
            if length != ETH_ALEN:
                ctx.err.write("Error: Invalid address length %d - must be %d bytes\n" % (length, ETH_ALEN))
                raise Exit(1)
            address = data.ljust(14, b"\0")
    if not name:
        ctx.err.write('Not enough information: "dev" is required.\n')
        raise Exit(255)
    family = ctx.family if ctx.family in (AF_INET6, AF_PACKET, AF_INET) else AF_INET
    ifreq = name.ljust(16, b"\0") + struct.pack("=H", 0) + address + bytes(8)
    what = "SIOCADDMULTI" if request == SIOCADDMULTI else "SIOCDELMULTI"
    try:
        ctx.kernel.ioctl(what, request, ifreq, family=family, detail=name.decode("utf-8", "surrogateescape"))
    except OSError as err:
        ctx.err.write("ioctl: %s\n" % err.strerror)
        raise Exit(1)
    raise Exit(0)


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_multiaddr()."""
    if not args:
        return show(ctx, [])
    word = args[0]
    if matches(word, "add"):
        return modify(ctx, args[1:], SIOCADDMULTI)
    if matches(word, "delete"):
        return modify(ctx, args[1:], SIOCDELMULTI)
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return show(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip maddr help".\n' % word)
    raise Exit(255)


def show(ctx, args):
    """multiaddr_list(): every word is a device name ("dev NAME" too), one at most."""
    dev = None
    i = 0
    while i < len(args):
        word = args[i]
        if word == "dev":
            i += 1
            if i >= len(args):
                incomplete_command(ctx)
            word = args[i]
        elif matches(word, "help"):
            usage(ctx)
        if dev is not None:
            duparg2(ctx, "dev", word)
        dev = word
        i += 1

    from pynettools.kernel import multicast

    family = ctx.family
    entries = []
    if family in (AF_UNSPEC, AF_PACKET):
        entries += multicast.dev_mcast(ctx.kernel)
    if family in (AF_UNSPEC, AF_INET):
        entries += multicast.igmp(ctx.kernel)
    if family in (AF_UNSPEC, AF_INET6):
        entries += multicast.igmp6(ctx.kernel)
    if dev is not None:
        entries = [entry for entry in entries if entry[1] == dev]
    entries.sort(key=lambda entry: entry[0])  # stable: file order within an index
    print_list(ctx, entries)
    return 0


def print_list(ctx, entries):
    """print_mlist(): a heading per interface index (per entry with -o)."""
    from pynettools.tools.ip.utils import addr_text, format_host, ll_addr_text

    p = ctx.printer
    p.new_json_obj(ctx.json)
    current = 0
    for index, name, family, data, users, static in entries:
        if index != current or ctx.oneline:
            if current:
                p.close_json_array(PRINT_JSON, None)
                p.close_json_object()
            p.open_json_object()
            p.uint(PRINT_ANY, "ifindex", "%d:", index)
            p.string(PRINT_ANY, "ifname", "\t%s", name, COLOR_IFNAME)
            p.nl()
            current = index
            p.open_json_array(PRINT_JSON, "maddr")
        # print_maddr()
        p.string(PRINT_FP, None, "\t", None)
        p.open_json_object()
        if family == AF_PACKET:
            p.string(PRINT_FP, None, "link  ", None)
            p.string(PRINT_ANY, "link", "%s", ll_addr_text(data), COLOR_MAC)
        else:
            p.string(PRINT_ANY, "family", "%-5s ", "inet" if family == AF_INET else "inet6")
            text = format_host(ctx, family, data) if ctx.resolve else addr_text(family, data)
            p.string(PRINT_ANY, "address", "%s", text,
                     COLOR_INET if family == AF_INET else COLOR_INET6 if family == AF_INET6 else COLOR_NONE)
        if users != 1:
            p.uint(PRINT_ANY, "users", " users %u", users)
        if static:
            p.string(PRINT_ANY, "features", " %s", "static")
        p.string(PRINT_FP, None, "\n", None)
        p.close_json_object()
    if current:
        p.close_json_array(PRINT_JSON, None)
        p.close_json_object()
    p.delete_json_obj()
