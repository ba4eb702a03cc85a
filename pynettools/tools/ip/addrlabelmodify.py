"""ip addrlabel add / delete / flush: ipaddrlabel.c ipaddrlabel_modify() and ipaddrlabel_flush().

add and delete send one RTM_NEWADDRLABEL / RTM_DELADDRLABEL request, built
with struct (not pyroute2, whose import alone would cost many times the
budget of a change): struct ifaddrlblmsg (family, reserved, prefixlen,
flags, ifindex, seq), then IFAL_LABEL and IFAL_ADDRESS, in the C code's
order.

Surprises kept from the C code:
- words other than prefix, dev and label are skipped without a word;
- `prefix` is read with -4/-6's family (an IPv4 prefix is sent as it is
  and the kernel refuses it); the message's family is inet6 unless -4/-6
  said otherwise;
- a label of 0xffffffff is refused (it is the "no label given" mark);
- the flush sends every dumped entry that has an address back as
  RTM_DELADDRLABEL (the dump is read whole first here; ip deletes as it
  reads, the same for a table of this size); the first refusal ends it
  with "Flush terminated", exit 1.
"""
import struct

from pynettools.kernel.netlink import attribute as _attr  # one rtattr, padded to 4 bytes
from pynettools.tools.ip.utils import Args, get_prefix, get_u32, ifindex, invarg, rtnl_change

AF_UNSPEC, AF_INET6 = 0, 10
RTM_NEWADDRLABEL, RTM_DELADDRLABEL = 72, 73
NLM_F_EXCL, NLM_F_CREATE = 0x200, 0x400
IFAL_ADDRESS, IFAL_LABEL = 1, 2


def modify(ctx, command, words):
    """ipaddrlabel_modify(): 0, 1 (the C code's -1) or 2 (the kernel's refusal)."""
    msg_type = RTM_NEWADDRLABEL if command == "add" else RTM_DELADDRLABEL
    prefix_arg = label_arg = None
    prefix = None
    index = 0
    label = 0xFFFFFFFF
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word == "prefix":
            prefix_arg = args.next_arg()
            prefix = get_prefix(ctx, prefix_arg, ctx.family)
        elif word == "dev":
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                invarg(ctx, "dev is invalid\n", value)
        elif word == "label":
            label_arg = args.next_arg()
            label = get_u32(label_arg, 0)
            if label is None or label == 0xFFFFFFFF:
                invarg(ctx, "label is invalid\n", label_arg)
    if prefix_arg is None:
        ctx.err.write('Not enough information: "prefix" argument is required.\n')
        return 1
    if label_arg is None:
        ctx.err.write('Not enough information: "label" argument is required.\n')
        return 1
    attrs = _attr(IFAL_LABEL, struct.pack("=I", label)) + _attr(IFAL_ADDRESS, prefix.data[:prefix.bytelen])
    body = struct.pack("=BBBBII", ctx.family or AF_INET6, 0, prefix.bitlen & 0xFF, 0, index, 0) + attrs
    flags = NLM_F_CREATE | NLM_F_EXCL if msg_type == RTM_NEWADDRLABEL else 0
    what = "addrlabel %s %s" % ("new" if msg_type == RTM_NEWADDRLABEL else "delete", prefix_arg)
    return 0 if rtnl_change(ctx, msg_type, body, what, flags) else 2


def flush(ctx, words):
    """ipaddrlabel_flush()."""
    from pynettools.kernel import addrlabels
    from pynettools.kernel.netlink import DumpError

    if words:
        ctx.err.write('"ip addrlabel flush" does not allow extra arguments\n')
        return 1
    try:
        messages = addrlabels.dump_messages(ctx.kernel, ctx.family or AF_INET6)
    except DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        ctx.err.write(dump_error_text(err) + "Flush terminated\n")
        return 1
    for buf, offset, length in messages:
        if addrlabels.decode(buf, offset, length)[4] is None:
            continue
        body = bytes(buf[offset + 16:offset + length])
        if not rtnl_change(ctx, RTM_DELADDRLABEL, body, "addrlabel delete"):
            ctx.err.write("Flush terminated\n")
            return 1
    return 0
