"""ip nexthop add / replace / delete / flush: ipnexthop.c ipnh_modify() and ipnh_flush().

add and replace build one RTM_NEWNEXTHOP (delete an RTM_DELNEXTHOP) from
the words, attributes in the order the words come (id, dev, via, blackhole,
fdb, group, type, ...); unlike most of ip, an unknown word is an error at
once ("Error: argument \"x\" is wrong: ").  A group is "ID[,WEIGHT]/..."
(each entry a struct nexthop_grp, the weight stored minus one); `type
resilient` nests its buckets and timers (timers given in seconds, sent in
hundredths).

flush dumps the nexthops the selector takes and deletes each by id, as ip
does (one acknowledged RTM_DELNEXTHOP per id); with no selector at all it
deletes the groups in a first pass, then the rest, and says "Flushed N
nexthops" or "Nothing to flush" on stdout.  `encap` (MPLS) is not parsed
here: this kernel has no MPLS tunnels to check it against.
"""
import struct

from pynettools.kernel.netlink import attribute as _attr  # one rtattr, padded to 4 bytes
from pynettools.tools.ip.utils import (Args, get_addr, get_unsigned, ifindex, invarg, read_family,
                                       route_names, rtnl_change, rtnl_echo_talk)

AF_UNSPEC, AF_INET = 0, 2
RTM_NEWNEXTHOP, RTM_DELNEXTHOP = 104, 105
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE = 0x100, 0x200, 0x400
NHA_ID, NHA_GROUP, NHA_GROUP_TYPE, NHA_BLACKHOLE, NHA_OIF, NHA_GATEWAY = 1, 2, 3, 4, 5, 6
NHA_FDB, NHA_RES_GROUP = 11, 12
NHA_RES_GROUP_BUCKETS, NHA_RES_GROUP_IDLE_TIMER, NHA_RES_GROUP_UNBALANCED_TIMER = 1, 2, 3
NLA_F_NESTED = 0x8000
RTNH_F_ONLINK = 4
GROUP_TYPES = {"mpath": 0, "resilient": 1}

COMMANDS = {"add": (RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL),
            "replace": (RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_REPLACE),
            "delete": (RTM_DELNEXTHOP, 0)}


def modify(ctx, command, words):
    """ipnh_modify(): 0, or 2 after the kernel's refusal."""
    from pynettools.tools.ip import nexthop

    msg_type, flags = COMMANDS[command]
    family = ctx.family
    protocol = 0
    nh_flags = 0
    attrs = []
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word == "id":
            attrs.append(_attr(NHA_ID, struct.pack("=I", nexthop.parse_id(ctx, args.next_arg()))))
        elif word == "dev":
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                invarg(ctx, "Device does not exist\n", value)
            attrs.append(_attr(NHA_OIF, struct.pack("=I", index)))
            family = family or AF_INET
        elif word == "via":
            value = args.next_arg()
            via_family = read_family(value)
            if via_family == AF_UNSPEC:
                via_family = family
            else:
                value = args.next_arg()
            addr = get_addr(ctx, value, via_family)
            if family == AF_UNSPEC:
                family = addr.family
            elif family != addr.family:
                invarg(ctx, "address family mismatch\n", value)
            attrs.append(_attr(NHA_GATEWAY, addr.data[:addr.bytelen]))
        elif word == "blackhole":
            attrs.append(_attr(NHA_BLACKHOLE))
            family = family or AF_INET
        elif word == "fdb":
            attrs.append(_attr(NHA_FDB))
        elif word == "onlink":
            nh_flags |= RTNH_F_ONLINK
        elif word == "group":
            value = args.next_arg()
            group = _group(ctx, value)
            if group is None:
                # C cut the word in place at the first '/' and ',' while parsing it
                invarg(ctx, '"group" value is invalid\n', value.split("/")[0].split(",")[0])
            attrs.append(_attr(NHA_GROUP, group))
        elif word == "type":
            attrs.extend(_group_type(ctx, args))
        elif word and "protocol".startswith(word):
            value = args.next_arg()
            proto = route_names(ctx).proto_a2n(value)
            if proto is None:
                invarg(ctx, '"protocol" value is invalid\n', value)
            protocol = proto
        elif word == "help":
            nexthop.usage(ctx)
        else:
            invarg(ctx, "", word)
    # struct nhmsg: family, scope, protocol, resvd, flags
    body = struct.pack("=BBBBI", family, 0, protocol, 0, nh_flags) + b"".join(attrs)
    if ctx.echo:
        return rtnl_echo_talk(ctx, msg_type, body, "nexthop " + command, flags, _echo_printer(ctx))
    return 0 if rtnl_change(ctx, msg_type, body, "nexthop " + command, flags) else 2


def _echo_printer(ctx):
    """-echo: print_nexthop_nocache() for the kernel's copy of the nexthop."""
    from pynettools.kernel import nexthops
    from pynettools.tools.ip.nexthop import print_nexthop

    def print_info(buf, offset, length, answer_type):
        if answer_type not in (nexthops.RTM_NEWNEXTHOP, nexthops.RTM_DELNEXTHOP):
            head = struct.unpack_from("=IHH", buf, offset)
            ctx.err.write("Not a nexthop: %08x %08x %08x\n" % head)
            return
        print_nexthop(ctx, nexthops.decode(buf, offset, length))

    return print_info


def _group(ctx, text):
    """add_nh_group_attr(): the struct nexthop_grp array of "ID[,WEIGHT]/...",
    or None (an id that is not a number, or an empty word)."""
    if not text:
        return None
    out = b""
    for entry in text.split("/"):
        ident, comma, weight = entry.partition(",")
        number = get_unsigned(ident, 0)
        if number is None:
            return None
        value = 0
        if comma:
            value = get_unsigned(weight, 0)
            if value is None or value == 0 or value > 256:
                invarg(ctx, '"weight" is invalid\n', weight)
            value -= 1
        out += struct.pack("=IBBH", number, value, 0, 0)
    return out


def _group_type(ctx, args):
    """parse_nh_group_type(): `type mpath`, or `type resilient` with its
    words (the first word that is not one of them is left for the main loop)."""
    value = args.next_arg()
    kind = GROUP_TYPES.get(value)
    if kind is None:
        invarg(ctx, '"type" value is invalid\n', value)
    attrs = []
    if kind == 1 and args:
        nested = b""
        while args and args.peek() in ("buckets", "idle_timer", "unbalanced_timer"):
            word = args.take()
            text = args.next_arg()
            if word == "buckets":
                buckets = get_unsigned(text, 0)
                if buckets is None or buckets > 0xFFFF:
                    invarg(ctx, "invalid buckets value", text)
                nested += _attr(NHA_RES_GROUP_BUCKETS, struct.pack("=H", buckets))
            else:
                seconds = get_unsigned(text, 0)
                if seconds is None or seconds >= 0xFFFFFFFF // 100:
                    invarg(ctx, "invalid %s timer value" % word.split("_")[0], text)
                kind_attr = NHA_RES_GROUP_IDLE_TIMER if word == "idle_timer" else NHA_RES_GROUP_UNBALANCED_TIMER
                nested += _attr(kind_attr, struct.pack("=I", seconds * 100))
        attrs.append(_attr(NHA_RES_GROUP | NLA_F_NESTED, nested))
    attrs.append(_attr(NHA_GROUP_TYPE, struct.pack("=H", kind)))
    return attrs


def flush(ctx, words, selector):
    """ipnh_list_flush(IPNH_FLUSH): `id ID` deletes that one (exit 1 when the
    kernel refuses); else ipnh_flush()."""
    from pynettools.kernel import nexthops
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text

    if isinstance(selector, tuple):
        return 0 if _delete(ctx, selector[1]) else 1
    everything = not words
    if everything:
        selector.update(groups=True, oif=0, master=0)
    flushed = 0
    status = 0
    while True:
        attrs = nexthops.filter_attrs(selector["oif"], selector["groups"], selector["master"], selector["fdb"])
        try:
            records = nexthops.dump(ctx.kernel, ctx.family, attrs)
        except DumpError as err:
            ctx.err.write(dump_error_text(err) + "Dump terminated. Failed to flush nexthops\n")
            status = 2
            break
        for record in records:
            if selector["proto"] and record["protocol"] != selector["proto"]:
                continue
            if record.get("id") and _delete(ctx, record["id"]):
                flushed += 1
        if everything and selector["groups"]:  # the groups went first; now the rest
            selector["groups"] = False
            continue
        break
    ctx.out.write("Flushed %d nexthops\n" % flushed if flushed else "Nothing to flush\n")
    return status


def _delete(ctx, nh_id):
    """delete_nexthop(): RTM_DELNEXTHOP for one id; True when it went."""
    body = struct.pack("=BBBBI", AF_UNSPEC, 0, 0, 0, 0) + _attr(NHA_ID, struct.pack("=I", nh_id))
    return rtnl_change(ctx, RTM_DELNEXTHOP, body, "nexthop delete %d" % nh_id)
