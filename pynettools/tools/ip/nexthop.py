"""ip nexthop: nexthop objects and groups (ipnexthop.c), the reading commands.

    ip nexthop [ list | show | lst ] [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ]
                                     [ groups ] [ fdb ] [ protocol ID ]
    ip nexthop get id ID
    ip nexthop bucket [ list | show ] [ dev DEV ] [ master DEV ] [ vrf NAME ] [ id ID ] [ nhid ID ]
    ip nexthop bucket get id ID index INDEX

The selectors dev/master/vrf/groups/fdb go to the kernel in the dump request
(pynettools/kernel/nexthops.py); protocol is checked here; `id ID` asks for
that one nexthop instead of a dump.  One line per nexthop:

    id 10 group 1/2,3
    id 11 group 1,5/2,10 type resilient buckets 8 idle_timer 120 unbalanced_timer 60 unbalanced_time 0
    id 1 via 198.51.100.2 dev veth0 scope link proto static onlink

(a group member's weight is printed only when it is not 1; scope and proto
only when not global/unspec, or with -d).  Bucket lines show each bucket's
idle time, which grows while no packet uses it.
add, replace, del and flush change the kernel: not here yet.
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, COLOR_INET, COLOR_INET6, COLOR_NONE, PRINT_ANY, PRINT_FP, \
    PRINT_JSON
from pynettools.tools.ip.utils import Exit, get_unsigned, ifindex, incomplete_command, invarg, matches

AF_INET, AF_INET6 = 2, 10
NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES = 0, 1

USAGE = ("Usage: ip nexthop { list | flush } [ protocol ID ] SELECTOR\n"
         "       ip nexthop { add | replace } id ID NH [ protocol ID ]\n"
         "       ip nexthop { get | del } id ID\n"
         "       ip nexthop bucket list BUCKET_SELECTOR\n"
         "       ip nexthop bucket get id ID index INDEX\n"
         "SELECTOR := [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ]\n"
         "            [ groups ] [ fdb ]\n"
         "BUCKET_SELECTOR := SELECTOR | [ nhid ID ]\n"
         "NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ]\n"
         "        [ encap ENCAPTYPE ENCAPHDR ] |\n"
         "        group GROUP [ fdb ] [ type TYPE [ TYPE_ARGS ] ] }\n"
         "GROUP := [ <id[,weight]>/<id[,weight]>/... ]\n"
         "TYPE := { mpath | resilient }\n"
         "TYPE_ARGS := [ RESILIENT_ARGS ]\n"
         "RESILIENT_ARGS := [ buckets BUCKETS ] [ idle_timer IDLE ]\n"
         "                  [ unbalanced_timer UNBALANCED ]\n"
         "ENCAPTYPE := [ mpls ]\n"
         "ENCAPHDR := [ MPLSLABEL ]\n")

# print_rt_flags(): RTNH_F_* then RTM_F_* bits, in ip's order
RT_FLAGS = ((0x01, "dead"), (0x04, "onlink"), (0x02, "pervasive"), (0x08, "offload"), (0x40, "trap"),
            (0x100, "notify"), (0x10, "linkdown"), (0x20, "unresolved"), (0x4000, "rt_offload"),
            (0x8000, "rt_trap"), (0x20000000, "rt_offload_failed"))


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_ipnh()."""
    if not args:
        return list_nexthops(ctx, [])
    word = args[0]
    for command in ("add", "replace", "delete"):
        if matches(word, command):
            from pynettools.tools.ip import nexthopmodify

            return nexthopmodify.modify(ctx, command, args[1:])
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return list_nexthops(ctx, args[1:])
    if matches(word, "get"):
        return get(ctx, args[1:])
    if matches(word, "flush"):
        from pynettools.tools.ip import nexthopmodify

        return nexthopmodify.flush(ctx, args[1:], _parse_selector(ctx, args[1:]))
    if matches(word, "bucket"):
        return bucket(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip nexthop help".\n' % word)
    raise Exit(255)


def parse_id(ctx, text):
    """ipnh_parse_id()."""
    value = get_unsigned(text, 0)
    if value is None:
        invarg(ctx, "invalid id value", text)
    return value


def _next(ctx, args, i):
    if i + 1 >= len(args):
        incomplete_command(ctx)
    return args[i + 1]


def _parse_selector(ctx, args, bucket_list=False):
    """The selector words of ipnh_list_flush() / ipnh_bucket_list():
    a dict of filters, or ("id", ID) when `id` asks for one nexthop."""
    from pynettools.tools.ip.utils import name_is_vrf

    selector = {"oif": 0, "groups": False, "master": 0, "fdb": False, "proto": 0, "id": 0, "nhid": 0}
    i = 0
    while i < len(args):
        word = args[i]
        if matches(word, "dev"):
            value = _next(ctx, args, i)
            i += 1
            selector["oif"] = ifindex(ctx, value)
            if not selector["oif"]:
                invarg(ctx, "Device does not exist\n", value)
        elif not bucket_list and matches(word, "groups"):
            selector["groups"] = True
        elif matches(word, "master"):
            value = _next(ctx, args, i)
            i += 1
            selector["master"] = ifindex(ctx, value)
            if not selector["master"]:
                invarg(ctx, "Device does not exist\n", value)
        elif matches(word, "vrf"):
            value = _next(ctx, args, i)
            i += 1
            if not name_is_vrf(ctx, value):
                invarg(ctx, "Invalid VRF\n", value)
            selector["master"] = ifindex(ctx, value)
            if not selector["master"]:
                invarg(ctx, "VRF does not exist\n", value)
        elif word == "id":
            value = _next(ctx, args, i)
            i += 1
            if not bucket_list:
                return ("id", parse_id(ctx, value))
            selector["id"] = parse_id(ctx, value)
        elif bucket_list and word == "nhid":
            value = _next(ctx, args, i)
            i += 1
            selector["nhid"] = parse_id(ctx, value)
        elif not bucket_list and matches(word, "protocol"):
            value = _next(ctx, args, i)
            i += 1
            proto = get_unsigned(value, 0)
            if proto is None:
                invarg(ctx, "invalid protocol value", value)
            selector["proto"] = proto  # compared with the message's u8: 256 matches nothing
        elif not bucket_list and matches(word, "fdb"):
            selector["fdb"] = True
        elif matches(word, "help"):
            usage(ctx)
        else:
            invarg(ctx, "", word)
        i += 1
    return selector


def list_nexthops(ctx, args):
    """ipnh_list_flush(IPNH_LIST)."""
    from pynettools.kernel import nexthops
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text

    selector = _parse_selector(ctx, args)
    if isinstance(selector, tuple):
        return get_id(ctx, selector[1])
    attrs = nexthops.filter_attrs(selector["oif"], selector["groups"], selector["master"], selector["fdb"])
    try:
        records = nexthops.dump(ctx.kernel, ctx.family, attrs)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 2
    wanted = selector["proto"]
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for record in records:
        if wanted and wanted != record["protocol"]:
            continue
        if not print_nexthop(ctx, record):
            ctx.err.write("Dump terminated\n")
            return 2
    p.delete_json_obj()
    return 0


def get(ctx, args):
    """ipnh_get(): `id ID` (the last one given) is required; anything else is usage."""
    nh_id = 0
    i = 0
    while i < len(args):
        if args[i] == "id":
            nh_id = parse_id(ctx, _next(ctx, args, i))
            i += 1
        else:
            usage(ctx)
        i += 1
    if not nh_id:
        usage(ctx)
    return get_id(ctx, nh_id)


def get_id(ctx, nh_id):
    """ipnh_get_id()."""
    from pynettools.kernel import nexthops
    from pynettools.kernel.rtnl import TalkError

    try:
        record = nexthops.get(ctx.kernel, ctx.family, nh_id)
    except TalkError as err:
        ctx.err.write(err.message())
        return 2
    p = ctx.printer
    p.new_json_obj(ctx.json)
    if not print_nexthop(ctx, record):
        return 1
    p.delete_json_obj()
    return 0


def print_nexthop(ctx, record):
    """print_cache_nexthop() without the cache: False when ip gives up on the message."""
    from pynettools.kernel.nexthops import RTM_DELNEXTHOP, RTM_NEWNEXTHOP

    if record["type"] not in (RTM_NEWNEXTHOP, RTM_DELNEXTHOP):  # (never in a nexthop dump)
        return False
    if record["bad"]:
        ctx.out.write(record["bad"])
        ctx.printer.close_json_object()
        ctx.err.write("Error parsing nexthop: Invalid argument\n")
        return False
    print_entry(ctx, record, record["type"] == RTM_DELNEXTHOP)
    ctx.printer.string(PRINT_FP, None, "%s", "\n")
    return True


def print_entry(ctx, record, deleted=False):
    """__print_nexthop_entry()."""
    from pynettools.tools.ip.utils import format_host, route_names

    p = ctx.printer
    p.open_json_object()
    if deleted:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    p.uint(PRINT_ANY, "id", "id %u ", record["id"])
    if record["group"] is not None:
        p.open_json_array(PRINT_JSON, "group")
        p.string(PRINT_FP, None, "%s", "group ")
        for i, (member, weight) in enumerate(record["group"]):
            p.open_json_object()
            if i:
                p.string(PRINT_FP, None, "%s", "/")
            p.uint(PRINT_ANY, "id", "%u", member)
            if weight:
                p.uint(PRINT_ANY, "weight", ",%u", weight + 1)
            p.close_json_object()
        p.string(PRINT_FP, None, "%s", " ")
        p.close_json_array(PRINT_JSON, None)
    if record["group_type"] != NEXTHOP_GRP_TYPE_MPATH:
        kind = "resilient" if record["group_type"] == NEXTHOP_GRP_TYPE_RES else "<unknown type>"
        p.string(PRINT_ANY, "type", "type %s ", kind)
    res = record["res_group"]
    if res is not None:
        p.open_json_object("resilient_args")
        p.uint(PRINT_ANY, "buckets", "buckets %u ", res["buckets"])
        for key in ("idle_timer", "unbalanced_timer", "unbalanced_time"):
            p.float(PRINT_ANY, key, key + " %g ", jiffies_seconds(res[key]))
        p.close_json_object()
    if record["gateway"]:
        family = record["family"]
        gateway = format_host(ctx, family, record["gateway"])
        if p.is_json:
            p.string(PRINT_JSON, "gateway", None, gateway)
        else:
            p.write("via ")
            color = COLOR_INET if family == AF_INET else COLOR_INET6 if family == AF_INET6 else COLOR_NONE
            p.string(PRINT_FP, None, "%s ", gateway, color)
    if record["oif"]:
        print_ifidx(ctx, record["oif"], "dev")
    names = route_names(ctx)
    if record["scope"] != 0 or ctx.details:
        p.string(PRINT_ANY, "scope", "scope %s ", names.scope_n2a(record["scope"]))
    if record["blackhole"]:
        p.null(PRINT_ANY, "blackhole", "blackhole ", None)
    if record["protocol"] != 0 or ctx.details:
        p.string(PRINT_ANY, "protocol", "proto %s ", names.proto_n2a(record["protocol"]))
    print_rt_flags(p, record["flags"])
    if record["fdb"]:
        p.null(PRINT_ANY, "fdb", "fdb", None)
    p.close_json_object()


def print_ifidx(ctx, index, prefix):
    """print_rta_ifidx()."""
    p = ctx.printer
    name = ctx.names.ifname(index)
    if p.is_json:
        p.string(PRINT_JSON, prefix, None, name)
    else:
        p.write("%s " % prefix)
        p.string(PRINT_FP, None, "%s ", name, COLOR_IFNAME)


def print_rt_flags(p, flags):
    """print_rt_flags(): an array "flags" in JSON (always there), words in text."""
    p.open_json_array(PRINT_JSON, "flags" if p.is_json else "")
    for bit, word in RT_FLAGS:
        if flags & bit:
            p.string(PRINT_ANY, None, "%s ", word)
    p.close_json_array(PRINT_JSON, None)


def jiffies_seconds(jiffies):
    """__jiffies_to_tv() then print_tv(): the kernel's clock_t (1/100 s) as seconds."""
    usec = 10000 * jiffies
    sec = usec // 1000000
    return sec + (usec - 1000000 * sec) / 1000000.0


# ---- buckets of resilient groups ---------------------------------------------------------


def bucket(ctx, args):
    """do_ipnh_bucket()."""
    if not args:
        return bucket_list(ctx, [])
    word = args[0]
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return bucket_list(ctx, args[1:])
    if matches(word, "get"):
        return bucket_get(ctx, args[1:])
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip nexthop help".\n' % word)
    raise Exit(255)


def bucket_list(ctx, args):
    """ipnh_bucket_list()."""
    from pynettools.kernel import nexthops
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text

    selector = _parse_selector(ctx, args, bucket_list=True)
    attrs = nexthops.bucket_filter_attrs(selector["oif"], selector["master"], selector["id"], selector["nhid"])
    try:
        records = nexthops.bucket_dump(ctx.kernel, ctx.family, attrs)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 2
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for record in records:
        if not print_bucket(ctx, record):
            ctx.err.write("Dump terminated\n")
            return 2
    p.delete_json_obj()
    return 0


def bucket_get(ctx, args):
    """ipnh_bucket_get()."""
    from pynettools.kernel import nexthops
    from pynettools.kernel.rtnl import TalkError

    nh_id, index = 0, None
    i = 0
    while i < len(args):
        if args[i] == "id":
            nh_id = parse_id(ctx, _next(ctx, args, i))
            i += 1
        elif args[i] == "index":
            value = _next(ctx, args, i)
            i += 1
            index = get_unsigned(value, 0)
            if index is None or index > 0xFFFF:
                invarg(ctx, "invalid bucket index value", value)
        else:
            usage(ctx)
        i += 1
    if not nh_id or index is None:
        usage(ctx)
    try:
        record = nexthops.bucket_get(ctx.kernel, ctx.family, nh_id, index)
    except TalkError as err:
        ctx.err.write(err.message())
        return 2
    p = ctx.printer
    p.new_json_obj(ctx.json)
    if not print_bucket(ctx, record):
        return 1
    p.delete_json_obj()
    return 0


def print_bucket(ctx, record):
    """print_nexthop_bucket()."""
    from pynettools.kernel.nexthops import RTM_DELNEXTHOPBUCKET, RTM_NEWNEXTHOPBUCKET

    if record["type"] not in (RTM_NEWNEXTHOPBUCKET, RTM_DELNEXTHOPBUCKET):  # (never in a bucket dump)
        return False
    p = ctx.printer
    p.open_json_object()
    # (ip compares with RTM_DELNEXTHOP here, which a bucket message never is)
    if record["id"] is not None:
        p.uint(PRINT_ANY, "id", "id %u ", record["id"])
    bucket_info = record["bucket"]
    if bucket_info is not None:
        p.open_json_object("bucket")
        if "index" in bucket_info:
            p.uint(PRINT_ANY, "index", "index %u ", bucket_info["index"])
        if "idle_time" in bucket_info:
            p.float(PRINT_ANY, "idle_time", "idle_time %g ", jiffies_seconds(bucket_info["idle_time"]))
        if "nhid" in bucket_info:
            p.uint(PRINT_ANY, "nhid", "nhid %u ", bucket_info["nhid"])
        p.close_json_object()
    print_rt_flags(p, record["flags"])
    p.string(PRINT_FP, None, "%s", "\n")
    p.close_json_object()
    return True
