"""ip rule add / delete / flush: iprule.c iprule_modify() and flush_rule().

add and delete send one RTM_NEWRULE / RTM_DELRULE request, built with
struct (not pyroute2, whose import alone would cost many times the budget
of a change): struct fib_rule_hdr (family, dst_len, src_len, tos, table,
two reserved bytes, action, flags) and the FRA_* attributes appended in the
order the words come, as the C code appends them.

Surprises kept from the C code:
- the family is -4/-6's, else IPv4, whatever the prefixes (an IPv6 `from`
  without -6 goes to the kernel in an IPv4 rule, which refuses it);
- a table below 256 rides in the header's byte, a larger one in FRA_TABLE
  (the header's byte then 0); `add` without a table or an action word looks
  up main; `type`, `goto`, `nop`, `l3mdev` and a route type word (`blackhole`,
  `unreachable`, `prohibit`, `unicast`) count as having one;
- `nat ADDR` (map-to) is long gone from the kernel: a warning, RTA_GATEWAY
  and the old RTN_NAT action, which the kernel refuses;
- `l3mdev` with a table returns -EINVAL: ip exits with status 22;
- the flush deletes each rule of the dump that has a priority (the rule of
  priority 0, local, never has FRA_PRIORITY, so it stays) by sending the
  dumped message back as RTM_DELRULE; the first refusal ends the flush with
  "Dump terminated".  ip deletes while it reads the dump; here the dump is
  read whole first (the same for any table that fits one 32 KB read).
"""
import struct

from pynettools.tools.ip.utils import (Args, check_ifname, get_prefix, get_u32, invarg, matches, route_names,
                                       rtnl_change, rtnl_echo_talk, strtoul)

AF_UNSPEC, AF_INET = 0, 2
RTM_NEWRULE, RTM_DELRULE = 32, 33
NLM_F_EXCL, NLM_F_CREATE = 0x200, 0x400
FRA_DST, FRA_SRC, FRA_IFNAME, FRA_GOTO, FRA_PRIORITY, FRA_FWMARK, FRA_FLOW = 1, 2, 3, 4, 6, 10, 11
FRA_TUN_ID, FRA_SUPPRESS_IFGROUP, FRA_SUPPRESS_PREFIXLEN, FRA_TABLE, FRA_FWMASK = 12, 13, 14, 15, 16
FRA_OIFNAME, FRA_L3MDEV, FRA_UID_RANGE, FRA_PROTOCOL = 17, 19, 20, 21
FRA_IP_PROTO, FRA_SPORT_RANGE, FRA_DPORT_RANGE = 22, 23, 24
RTA_GATEWAY = 5
FIB_RULE_INVERT = 0x2
FR_ACT_UNSPEC, FR_ACT_TO_TBL, FR_ACT_GOTO, FR_ACT_NOP = 0, 1, 2, 3
RTN_NAT = 10
RT_TABLE_MAIN = 254
EINVAL = 22


class Request:
    """struct { nlmsghdr; fib_rule_hdr; attributes } as iprule_modify() fills it."""

    def __init__(self, family, action):
        self.family = family
        self.dst_len = self.src_len = self.tos = self.table = self.flags = 0
        self.action = action
        self.attrs = []

    def add(self, kind, data):
        self.attrs.append(struct.pack("=HH", 4 + len(data), kind) + data + bytes(-len(data) % 4))

    def add32(self, kind, value):
        self.add(kind, struct.pack("=I", value & 0xFFFFFFFF))

    def body(self):
        return struct.pack("=BBBBBxxBI", self.family, self.dst_len, self.src_len, self.tos, self.table,
                           self.action, self.flags) + b"".join(self.attrs)


def modify(ctx, command, words):
    """iprule_modify(): 0, 1 (the C code's -1), 2 (the kernel's refusal) or
    22 (-EINVAL: l3mdev with a table)."""
    msg_type = RTM_NEWRULE if command == "add" else RTM_DELRULE
    if not words:
        ctx.err.write('"ip rule %s" requires arguments.\n' % ("add" if command == "add" else "del"))
        return 1
    req = Request(ctx.family, FR_ACT_TO_TBL if msg_type == RTM_NEWRULE else FR_ACT_UNSPEC)
    state = {"table_ok": False, "l3mdev": False, "tid": 0}
    args = Args(ctx, words)
    while args:
        _word(ctx, req, state, args, args.take())
    if state["l3mdev"] and state["tid"]:
        ctx.err.write("table can not be specified for l3mdev rules\n")
        return EINVAL
    if req.family == AF_UNSPEC:
        req.family = AF_INET
    if not state["table_ok"] and msg_type == RTM_NEWRULE:
        req.table = RT_TABLE_MAIN
    flags = NLM_F_CREATE | NLM_F_EXCL if msg_type == RTM_NEWRULE else 0
    what = "rule %s" % ("new" if msg_type == RTM_NEWRULE else "delete")
    if ctx.echo:
        return _echo_talk(ctx, msg_type, req.body(), what, flags)
    return 0 if rtnl_change(ctx, msg_type, req.body(), what, flags) else 2


def _echo_talk(ctx, msg_type, body, what, flags):
    """-echo: the kernel's copy of the rule, printed as ip rule show prints it."""
    from pynettools.kernel import rules
    from pynettools.tools.ip.rule import print_rule

    def print_info(buf, offset, length, answer_type):
        if answer_type in (RTM_NEWRULE, RTM_DELRULE):  # (print_rule() skips any other type)
            print_rule(ctx, *rules.decode(buf, offset, length))

    return rtnl_echo_talk(ctx, msg_type, body, what + " (echo)", flags, print_info)


def _word(ctx, req, state, args, word):
    """One word of iprule_modify()'s loop (and the value it takes)."""
    from pynettools.tools.ip.rule import inet_proto_a2n, usage

    names = route_names(ctx)
    if word == "not":
        req.flags |= FIB_RULE_INVERT
    elif word in ("from", "to"):
        prefix = get_prefix(ctx, args.next_arg(), req.family)
        if word == "from":
            req.src_len = prefix.bitlen & 0xFF
        else:
            req.dst_len = prefix.bitlen & 0xFF
        # the family stays as it was: without -4/-6 an IPv6 prefix goes in an IPv4 rule
        req.add(FRA_SRC if word == "from" else FRA_DST, prefix.data[:prefix.bytelen])
    elif matches(word, "preference") or matches(word, "order") or matches(word, "priority"):
        req.add32(FRA_PRIORITY, _u32(ctx, args.next_arg(), "preference value is invalid\n"))
    elif word == "tos" or matches(word, "dsfield"):
        value = args.next_arg()
        tos = names.dsfield_a2n(value)
        if tos is None:
            invarg(ctx, "TOS value is invalid\n", value)
        req.tos = tos & 0xFF
    elif word == "fwmark":
        mark, slash, mask = args.next_arg().partition("/")
        req.add32(FRA_FWMARK, _u32(ctx, mark, "fwmark value is invalid\n"))
        if slash:
            req.add32(FRA_FWMASK, _u32(ctx, mask, "fwmask value is invalid\n"))
    elif matches(word, "realms"):
        from pynettools.tools.ip.route import get_rt_realms_or_raw

        value = args.next_arg()
        realm = get_rt_realms_or_raw(ctx, value)
        if realm is None:
            invarg(ctx, "invalid realms\n", value)
        req.add32(FRA_FLOW, realm)
    elif matches(word, "protocol"):
        value = args.next_arg()
        proto = names.proto_a2n(value)
        if proto is None:
            invarg(ctx, '"protocol" value is invalid\n', value)
        req.add(FRA_PROTOCOL, struct.pack("=B", proto & 0xFF))
    elif matches(word, "tun_id"):
        value = args.next_arg()
        tun_id, rest = strtoul(value, 0) if value else (None, "")
        if tun_id is None or rest or tun_id > 0xFFFFFFFFFFFFFFFF:
            invarg(ctx, '"tun_id" value is invalid\n', value)
        req.add(FRA_TUN_ID, struct.pack("!Q", tun_id))
    elif matches(word, "table") or word == "lookup":
        _table(ctx, req, state, args.next_arg())
    elif matches(word, "suppress_prefixlength") or word == "sup_pl":
        from pynettools.tools.ip.netns import _get_integer

        value = args.next_arg()
        length = _get_integer(value)
        if length is None or length < 0:
            invarg(ctx, "suppress_prefixlength value is invalid\n", value)
        req.add32(FRA_SUPPRESS_PREFIXLEN, length)
    elif matches(word, "suppress_ifgroup") or word == "sup_group":
        from pynettools.tools.ip.address import _group_a2n

        value = args.next_arg()
        group = _group_a2n(ctx, value)
        if group is None or group < 0:
            invarg(ctx, 'Invalid "suppress_ifgroup" value\n', value)
        req.add32(FRA_SUPPRESS_IFGROUP, group)
    elif word in ("dev", "iif", "oif"):
        value = args.next_arg()
        if not check_ifname(value):
            invarg(ctx, '"oif" not a valid ifname' if word == "oif" else '"iif"/"dev" not a valid ifname', value)
        req.add(FRA_OIFNAME if word == "oif" else FRA_IFNAME, value.encode("utf-8", "surrogateescape") + b"\0")
    elif word == "l3mdev":
        req.add(FRA_L3MDEV, b"\1")
        state["table_ok"] = state["l3mdev"] = True
    elif word == "uidrange":
        from pynettools.tools.ip.rule import _sscanf_range

        value = args.next_arg()
        count, start, end = _sscanf_range(value, 32)
        if count != 2:
            invarg(ctx, "invalid UID range\n", value)
        req.add(FRA_UID_RANGE, struct.pack("=II", start, end))
    elif word == "nat" or matches(word, "map-to"):
        value = args.next_arg()
        ctx.err.write("Warning: route NAT is deprecated\n")
        req.add(RTA_GATEWAY, _addr32(ctx, value))
        req.action = RTN_NAT
    elif word == "ipproto":
        value = args.next_arg()
        proto = inet_proto_a2n(ctx, value)
        if proto is None:
            invarg(ctx, 'Invalid "ipproto" value\n', value)
        req.add(FRA_IP_PROTO, struct.pack("=B", proto))
    elif word in ("sport", "dport"):
        _ports(ctx, req, word, args.next_arg())
    else:
        if word == "type":
            word = args.next_arg()
        if matches(word, "help"):
            usage(ctx)
        elif matches(word, "goto"):
            req.action = FR_ACT_GOTO
            req.add32(FRA_GOTO, _u32(ctx, args.next_arg(), "invalid target\n"))
        elif matches(word, "nop"):
            req.action = FR_ACT_NOP
        else:
            kind = names.rtntype_a2n(word)
            if kind is None:
                invarg(ctx, "Failed to parse rule type", word)
            req.action = kind & 0xFF
        state["table_ok"] = True


def _u32(ctx, text, message):
    value = get_u32(text, 0)
    if value is None:
        invarg(ctx, message, text)
    return value


def _table(ctx, req, state, value):
    tid = route_names(ctx).table_a2n(value)
    if tid is None:
        invarg(ctx, "invalid table ID\n", value)
    state["tid"] = tid
    if tid < 256:
        req.table = tid
    else:
        req.table = 0
        req.add32(FRA_TABLE, tid)
    state["table_ok"] = True


def _ports(ctx, req, word, value):
    """sscanf("%hu-%hu"): one port is a range of one."""
    from pynettools.tools.ip.rule import _sscanf_range

    count, start, end = _sscanf_range(value, 16)
    if count == 1:
        end = start
    elif count != 2:
        invarg(ctx, "invalid port range\n" if word == "sport" else "invalid dport range\n", value)
    req.add(FRA_SPORT_RANGE if word == "sport" else FRA_DPORT_RANGE, struct.pack("=HH", start, end))


def _addr32(ctx, text):
    """get_addr32(): the four bytes of an IPv4 address, or ip's message and exit 1."""
    from pynettools.tools.ip.utils import Exit, get_addr_1

    prefix = get_addr_1(text, AF_INET)
    if prefix is None:
        ctx.err.write('Error: an IP address is expected rather than "%s"\n' % text)
        raise Exit(1)
    return prefix.data[:4]


def flush(ctx, words):
    """iprule_list_flush_or_save(..., IPRULE_FLUSH)."""
    from pynettools.kernel import rules
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.rule import keep, parse_filter

    family = ctx.family or AF_INET
    filt = parse_filter(ctx, words, family)
    try:
        messages = rules.dump_messages(ctx.kernel, family)
    except DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 1
    ctx.printer.new_json_obj(ctx.json)
    for buf, offset, length in messages:
        _msg_type, header, attrs = rules.decode(buf, offset, length)
        if not keep(ctx, filt, header, attrs):
            continue
        protocol = attrs.get(rules.FRA_PROTOCOL)
        if protocol and (filt.protocol ^ protocol[0]) & filt.protocolmask:
            continue
        if rules.FRA_PRIORITY in attrs:
            body = bytes(buf[offset + 16:offset + length])
            if not rtnl_change(ctx, RTM_DELRULE, body, "rule delete"):
                ctx.err.write("Dump terminated\n")
                return 1
    ctx.printer.delete_json_obj()
    return 0
