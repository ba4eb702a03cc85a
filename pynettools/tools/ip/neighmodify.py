"""ip neigh add / change / replace / delete: ipneigh.c ipneigh_modify().

One RTM_NEWNEIGH (or RTM_DELNEIGH) request, built with struct (not
pyroute2, whose import alone would cost many times the budget of a
change), its attributes in the C code's order:

  NDA_PROTOCOL   protocol PROTO (appended as the word is read)
  NDA_DST        the address (ADDR, `to ADDR` or `proxy ADDR`)
  NDA_FLAGS_EXT  managed
  NDA_LLADDR     lladdr LLADDR (not for `lladdr null`: no address at all)

Surprises kept from the C code:
- the state defaults to PERMANENT; `managed` sets it to NONE (a later
  `nud` wins again);
- `proxy ADDR` stands in for `dev` in the "required" check, so a proxy
  entry without a device reaches the kernel;
- a refusal from the kernel ends ip at once with exit(2) (not a return):
  in a -batch run there is no "Command failed" line after it;
- ll_init_map() dumps the links before the device is looked up.
"""
import struct

from pynettools.kernel.netlink import attribute as _attr  # one rtattr, padded to 4 bytes
from pynettools.tools.ip.utils import (Args, Exit, duparg, duparg2, get_addr, ifindex, invarg, ll_addr_a2n,
                                       matches, nodev, route_names)

RTM_NEWNEIGH, RTM_DELNEIGH = 28, 29
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE = 0x100, 0x200, 0x400
NDA_DST, NDA_LLADDR, NDA_PROTOCOL, NDA_FLAGS_EXT = 1, 2, 12, 15
NUD_NONE, NUD_PERMANENT = 0x00, 0x80
NTF_USE, NTF_PROXY, NTF_EXT_LEARNED, NTF_ROUTER = 0x01, 0x08, 0x10, 0x80
NTF_EXT_MANAGED = 0x01

# the commands of do_ipneigh() that end here: (netlink type, request flags)
COMMANDS = {
    "add": (RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL),
    "change": (RTM_NEWNEIGH, NLM_F_REPLACE),
    "replace": (RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE),
    "delete": (RTM_DELNEIGH, 0),
}


def modify(ctx, command, words):
    """ipneigh_modify(): 0, or 1 (the C code's -1); a kernel refusal exits 2."""
    from pynettools.tools.ip.neigh import nud_state_a2n, proxy_address

    msg_type, flags = COMMANDS[command]
    state = NUD_PERMANENT
    ndm_flags = ext_flags = 0
    dev = lla = dst = None
    dev_ok = False
    attrs = []
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "lladdr"):
            value = args.next_arg()
            if lla is not None:
                duparg(ctx, "lladdr", value)
            lla = value
        elif word == "nud":
            value = args.next_arg()
            state = nud_state_a2n(value)
            if state is None:
                invarg(ctx, "nud state is bad", value)
        elif matches(word, "proxy"):
            dst = proxy_address(ctx, args, dst)
            dev_ok = True
            ndm_flags |= NTF_PROXY
        elif word == "router":
            ndm_flags |= NTF_ROUTER
        elif word == "use":
            ndm_flags |= NTF_USE
        elif word == "managed":
            ext_flags |= NTF_EXT_MANAGED
            state = NUD_NONE
        elif matches(word, "extern_learn"):
            ndm_flags |= NTF_EXT_LEARNED
        elif word == "dev":
            dev = args.next_arg()
            dev_ok = True
        elif matches(word, "protocol"):
            value = args.next_arg()
            proto = route_names(ctx).proto_a2n(value)
            if proto is None:
                invarg(ctx, '"protocol" value is invalid\n', value)
            attrs.append(_attr(NDA_PROTOCOL, struct.pack("=B", proto & 0xFF)))
        else:
            if word == "to":
                word = args.next_arg()
            if matches(word, "help"):
                word = args.next_arg()  # NEXT_ARG(): `help` is skipped, not obeyed
            if dst is not None:
                duparg2(ctx, "to", word)
            dst = get_addr(ctx, word, ctx.family)
    if not dev_ok or dst is None or not dst.family:
        ctx.err.write("Device and destination are required arguments.\n")
        raise Exit(255)
    attrs.append(_attr(NDA_DST, dst.data[:dst.bytelen]))
    if ext_flags:
        attrs.append(_attr(NDA_FLAGS_EXT, struct.pack("=I", ext_flags)))
    if lla is not None and lla != "null":
        got = ll_addr_a2n(ctx, lla, 20)
        if got is None:
            return 1
        attrs.append(_attr(NDA_LLADDR, got[0][:got[1]]))
    ctx.names.ifnames()  # ll_init_map()
    index = 0
    if dev is not None:
        index = ifindex(ctx, dev)
        if not index:
            nodev(ctx, dev)
            return 1
    # struct ndmsg: family, pad, pad, ifindex, state, flags, type
    body = struct.pack("=BxxxiHBB", dst.family, index, state, ndm_flags, 0) + b"".join(attrs)
    from pynettools.tools.ip.utils import rtnl_change

    what = "neigh %s %s" % ("delete" if msg_type == RTM_DELNEIGH else "new", dev or "")
    if not rtnl_change(ctx, msg_type, body, what.rstrip(), flags):
        raise Exit(2)
    return 0
