"""ip token: IPv6 interface identifier tokens (iptoken.c), the reading commands.

    ip token [ list | lst | show | get ] [ dev DEV ]

One line per device that has IPv6 and is neither loopback nor NOARP
(pynettools/kernel/tokens.py), :: where no token is set:

    token ::1:2:3:4 dev veth0

Words other than `dev DEV` are skipped, as ip skips them.

    ip token set TOKEN dev DEV    RTM_SETLINK with IFLA_AF_SPEC { AF_INET6 {
    ip token del dev DEV            IFLA_INET6_TOKEN } } (del: the token ::)
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, COLOR_INET6, PRINT_ANY, PRINT_FP
from pynettools.tools.ip.utils import Exit, incomplete_command, invarg, matches

AF_INET6 = 10
IFF_LOOPBACK, IFF_NOARP = 0x8, 0x80
RTM_NEWLINK, RTM_SETLINK = 16, 19


def usage(ctx):
    ctx.err.write("Usage: ip token [ list | set | del | get ] [ TOKEN ] [ dev DEV ]\n")
    raise Exit(255)


def run(ctx, args):
    """do_iptoken()."""
    ctx.names.ifnames()  # ll_init_map(), before anything else
    if not args:
        return token_list(ctx, [])
    word = args[0]
    if matches(word, "list") or matches(word, "lst") or matches(word, "show"):
        return token_list(ctx, args[1:])
    if matches(word, "set") or matches(word, "add"):
        return token_set(ctx, args[1:], delete=False)
    if matches(word, "delete"):
        return token_set(ctx, args[1:], delete=True)
    if matches(word, "get"):
        return token_list(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip token help".\n' % word)
    raise Exit(255)


def token_set(ctx, args, delete):
    """iptoken_set(): the first `dev` and the first token count, later ones are skipped."""
    import struct

    from pynettools.kernel import netlink
    from pynettools.tools.ip.utils import Args, Prefix, get_prefix, ifindex, rtnl_change

    index = 0
    token = Prefix(AF_INET6, 16, 0, b"") if delete else None
    words = Args(ctx, args)
    while words:
        word = words.take()
        if word == "dev":
            value = words.next_arg()
            if not index:
                index = ifindex(ctx, value)
                if not index:
                    invarg(ctx, "dev is invalid\n", value)
        else:
            if matches(word, "help"):
                usage(ctx)
            if token is None:
                token = get_prefix(ctx, word, AF_INET6)
    if token is None:
        ctx.err.write("Not enough information: token is required.\n")
        return 1
    if not index:
        ctx.err.write('Not enough information: "dev" argument is required.\n')
        return 1
    IFLA_AF_SPEC, IFLA_INET6_TOKEN = 26, 7
    inet6 = netlink.attribute(AF_INET6, netlink.attribute(IFLA_INET6_TOKEN, token.data[:16]))
    body = struct.pack("=BxHiII", AF_INET6, 0, index, 0, 0) + netlink.attribute(IFLA_AF_SPEC, inet6)
    return 0 if rtnl_change(ctx, RTM_SETLINK, body, "token set") else 2


def token_list(ctx, args):
    """iptoken_list() and print_token()."""
    from pynettools.kernel import tokens
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text, format_host

    ifindex = 0
    i = 0
    while i < len(args):
        if args[i] == "dev":
            i += 1
            if i >= len(args):
                incomplete_command(ctx)
            ifindex = ctx.names.ifindex(args[i])
            if not ifindex:
                invarg(ctx, "dev is invalid\n", args[i])
            break
        i += 1
    try:
        records = tokens.dump(ctx.kernel)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 1
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for msg_type, family, index, flags, has_protinfo, token in records:
        if msg_type != RTM_NEWLINK or family is None:
            p.delete_json_obj()
            ctx.err.write("Dump terminated\n")
            return 1
        if family != AF_INET6 or index == 0 or (ifindex > 0 and index != ifindex):
            continue
        if flags & (IFF_LOOPBACK | IFF_NOARP):
            continue
        if not has_protinfo:
            p.delete_json_obj()
            ctx.err.write("Dump terminated\n")
            return 1
        if token is None:
            ctx.err.write("Seems there's no support for IPv6 token!\n")
            p.delete_json_obj()
            ctx.err.write("Dump terminated\n")
            return 1
        p.open_json_object()
        p.string(PRINT_FP, None, "token ", None)
        p.string(PRINT_ANY, "token", "%s", format_host(ctx, AF_INET6, token), COLOR_INET6)
        p.string(PRINT_FP, None, " dev ", None)
        p.string(PRINT_ANY, "ifname", "%s\n", ctx.names.ifname(index), COLOR_IFNAME)
        p.close_json_object()
    p.delete_json_obj()
    return 0
