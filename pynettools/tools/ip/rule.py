"""ip rule (and ip -6 rule): ip/iprule.c of iproute2 6.1.0, the reading side.

    ip rule [ list | lst | show [ SELECTOR ] ]
    SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ] [ fwmark FWMARK[/MASK] ]
                [ iif NAME ] [ oif NAME ] [ pref NUMBER ] [ l3mdev ] [ uidrange N-N ]
                [ ipproto PROTO ] [ sport N[-N] ] [ dport N[-N] ] [ table TABLE ]
                [ protocol PROTO ] [ tun_id N ]

The order of work of iprule_list_flush_or_save(..., IPRULE_LIST):
  1. the family: -4/-6/-f, and IPv4 when none was given (ip rule never
     shows both families at once);
  2. the selector words into a filter (each word tried in ip's order:
     `p` is `preference`, `t` is `tun_id`, `s` is `src`);
  3. one RTM_GETRULE dump of that family (kernel/rules.py);
  4. print_rule() for each rule filter_nlmsg() keeps.

`add`, `del` and `flush` are rulemodify.py's; `save` and `restore`
(the rules as a binary stream) routesave.py's.
"""
from pynettools.tools.ip.printer import COLOR_IFNAME, COLOR_INET, COLOR_INET6, COLOR_NONE, PRINT_ANY, PRINT_FP
from pynettools.tools.ip.utils import Exit, check_ifname, invarg, matches

USAGE = """\
Usage: ip rule { add | del } SELECTOR ACTION
       ip rule { flush | save | restore }
       ip rule [ list [ SELECTOR ]]
SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]
            [ fwmark FWMARK[/MASK] ]
            [ iif STRING ] [ oif STRING ] [ pref NUMBER ] [ l3mdev ]
            [ uidrange NUMBER-NUMBER ]
            [ ipproto PROTOCOL ]
            [ sport [ NUMBER | NUMBER-NUMBER ]
            [ dport [ NUMBER | NUMBER-NUMBER ] ]
ACTION := [ table TABLE_ID ]
          [ protocol PROTO ]
          [ nat ADDRESS ]
          [ realms [SRCREALM/]DSTREALM ]
          [ goto NUMBER ]
          SUPPRESSOR
SUPPRESSOR := [ suppress_prefixlength NUMBER ]
              [ suppress_ifgroup DEVGROUP ]
TABLE_ID := [ local | main | default | NUMBER ]
"""

AF_INET, AF_INET6 = 2, 10
RTM_DELRULE = 33
RTPROT_KERNEL = 2


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_iprule()."""
    if not args:
        return show(ctx, [])
    word = args[0]
    if matches(word, "list") or matches(word, "lst") or matches(word, "show"):
        return show(ctx, args[1:])
    for command in ("save", "restore", "add", "delete", "flush"):
        if matches(word, command):
            if command == "save":
                from pynettools.tools.ip.routesave import rule_save

                return rule_save(ctx, args[1:])
            if command in ("add", "delete"):
                from pynettools.tools.ip import rulemodify

                return rulemodify.modify(ctx, command, args[1:])
            if command == "flush":
                from pynettools.tools.ip import rulemodify

                return rulemodify.flush(ctx, args[1:])
            from pynettools.kernel.savedump import RULE_DUMP_MAGIC
            from pynettools.tools.ip.routesave import restore

            return restore(ctx, RULE_DUMP_MAGIC, "rule")
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip rule help".\n' % word)
    raise Exit(255)


class Filter:
    """iprule.c's `filter` (None: not asked for)."""

    def __init__(self):
        self.pref = None
        self.invert = False
        self.tos = None
        self.fwmark = 0
        self.fwmask = 0
        self.iif = None
        self.oif = None
        self.l3mdev = False
        self.uidrange = None
        self.tun_id = 0
        self.table = 0
        self.src = None
        self.dst = None
        self.ipproto = 0
        self.sport = None
        self.dport = None
        self.protocol = 0  # only the flush looks at these two
        self.protocolmask = 0


def _sscanf_unsigned(text, bits):
    """sscanf's %u (bits 32) or %hu (16): (value, rest) or (None, text)."""
    i = 0
    while i < len(text) and text[i] in " \t\n\v\f\r":
        i += 1
    start = i
    if i < len(text) and text[i] in "+-":
        i += 1
    digits = i
    while i < len(text) and text[i].isdigit():
        i += 1
    if i == digits:
        return None, text
    value = int(text[digits:i])
    if value > 0xFFFFFFFFFFFFFFFF:
        value = 0xFFFFFFFFFFFFFFFF
    if text[start] == "-":
        value = -value
    return value % (1 << bits), text[i:]


def _sscanf_range(text, bits):
    """sscanf(text, "%u-%u") (or %hu): (count converted, start, end)."""
    first, rest = _sscanf_unsigned(text, bits)
    if first is None:
        return 0, None, None
    if not rest.startswith("-"):
        return 1, first, None
    second, _ = _sscanf_unsigned(rest[1:], bits)
    if second is None:
        return 1, first, None
    return 2, first, second


def _protocols(ctx):
    """/etc/protocols as getprotobynumber()/getprotobyname() read it: [(name, number, aliases)]."""
    table = ctx.__dict__.get("_protocols")
    if table is None:
        table = []
        try:
            text = ctx.kernel.read_text("/etc/protocols")
        except OSError:
            text = ""
        for line in text.split("\n"):
            words = line.split("#", 1)[0].split()
            if len(words) >= 2 and words[1].isdigit():
                table.append((words[0], int(words[1]), words[2:]))
        ctx.__dict__["_protocols"] = table
    return table


def inet_proto_n2a(ctx, number):
    if not ctx.numeric:
        for name, proto, _aliases in _protocols(ctx):
            if proto == number:
                return name
    return "ipproto-%d" % number


def inet_proto_a2n(ctx, text):
    """inet_proto_a2n(): a decimal byte, or a protocol's name or alias; None when neither."""
    from pynettools.tools.ip.utils import get_unsigned

    value = get_unsigned(text, 10)
    if value is not None and value <= 255:
        return value
    for name, proto, aliases in _protocols(ctx):
        if text == name or text in aliases:
            return proto
    return None


def parse_filter(ctx, words, family):
    from pynettools.tools.ip.utils import Args, get_prefix, get_unsigned, route_names, strtoul

    filt = Filter()
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "preference") or matches(word, "order") or matches(word, "priority"):
            value = args.next_arg()
            filt.pref = get_unsigned(value, 0)
            if filt.pref is None:
                invarg(ctx, "preference value is invalid\n", value)
        elif word == "not":
            filt.invert = True
        elif word in ("tos", "dsfield"):
            value = args.next_arg()
            filt.tos = route_names(ctx).dsfield_a2n(value)
            if filt.tos is None:
                invarg(ctx, "TOS value is invalid\n", value)
        elif word == "fwmark":
            value = args.next_arg()
            mark_text, slash, mask_text = value.partition("/")
            mark = get_unsigned(mark_text, 0)
            if mark is None:
                invarg(ctx, "fwmark value is invalid\n", mark_text)
            filt.fwmark = mark
            if slash:
                mask = get_unsigned(mask_text, 0)
                if mask is None:
                    invarg(ctx, "fwmask value is invalid\n", mask_text)
                filt.fwmask = mask
        elif word in ("dev", "iif"):
            value = args.next_arg()
            if not check_ifname(value):
                invarg(ctx, '"iif"/"dev" not a valid ifname', value)
            filt.iif = value
        elif word == "oif":
            value = args.next_arg()
            if not check_ifname(value):
                invarg(ctx, '"oif" not a valid ifname', value)
            filt.oif = value
        elif word == "l3mdev":
            filt.l3mdev = True
        elif word == "uidrange":
            value = args.next_arg()
            count, start, end = _sscanf_range(value, 32)
            if count != 2:
                invarg(ctx, "invalid UID range\n", value)
            filt.uidrange = (start, end)
        elif matches(word, "tun_id"):
            value = args.next_arg()
            tun_id, rest = strtoul(value, 0) if value else (None, "")
            if tun_id is None or rest or tun_id > 0xFFFFFFFFFFFFFFFF:
                invarg(ctx, '"tun_id" value is invalid\n', value)
            filt.tun_id = tun_id
        elif matches(word, "lookup") or matches(word, "table"):
            value = args.next_arg()
            table = route_names(ctx).table_a2n(value)
            if table is None:
                invarg(ctx, "table id value is invalid\n", value)
            filt.table = table
        elif matches(word, "from") or matches(word, "src"):
            value = args.next_arg()
            filt.src = get_prefix(ctx, value, family)
        elif matches(word, "protocol"):
            value = args.next_arg()
            proto = route_names(ctx).proto_a2n(value)
            if proto is None and value != "all":
                invarg(ctx, 'invalid "protocol"\n', value)
            filt.protocol, filt.protocolmask = (proto, 0xFFFFFFFF) if proto is not None else (0, 0)
        elif word == "ipproto":
            value = args.next_arg()
            proto = inet_proto_a2n(ctx, value)
            if proto is None:
                invarg(ctx, 'Invalid "ipproto" value\n', value)
            filt.ipproto = proto
        elif word in ("sport", "dport"):
            value = args.next_arg()
            count, start, end = _sscanf_range(value, 16)
            if count == 1:
                end = start
            elif count != 2:
                invarg(ctx, "invalid port range\n" if word == "sport" else "invalid dport range\n", value)
            if word == "sport":
                filt.sport = (start, end)
            else:
                filt.dport = (start, end)
        else:
            if matches(word, "dst") or matches(word, "to"):
                word = args.next_arg()
            filt.dst = get_prefix(ctx, word, family)
    return filt


def _u32(attrs, key, default=0):
    import struct

    value = attrs.get(key)
    return struct.unpack_from("=I", value)[0] if value is not None and len(value) >= 4 else default


def _u8(attrs, key, default=0):
    value = attrs.get(key)
    return value[0] if value else default


def _ports(attrs, key):
    import struct

    value = attrs.get(key)
    return struct.unpack_from("=HH", value) if value is not None and len(value) >= 4 else None


def _table_of(header, attrs):
    """frh_get_table(): FRA_TABLE when there is one, else the header's byte."""
    from pynettools.kernel import rules

    return _u32(attrs, rules.FRA_TABLE, header[4]) if rules.FRA_TABLE in attrs else header[4]


def keep(ctx, filt, header, attrs):
    """filter_nlmsg()."""
    from pynettools.kernel import rules
    from pynettools.tools.ip.utils import prefix_mismatch

    family, dst_len, src_len, tos, _table, _action, flags = header
    if ctx.family and family != ctx.family:
        return False
    if filt.pref is not None and filt.pref != _u32(attrs, rules.FRA_PRIORITY):
        return False
    if filt.invert and not flags & rules.FIB_RULE_INVERT:
        return False
    for prefix, length, key in ((filt.src, src_len, rules.FRA_SRC), (filt.dst, dst_len, rules.FRA_DST)):
        if prefix is not None and prefix.family:
            if prefix.family != family or prefix.bitlen > length:
                return False
            if prefix_mismatch(prefix, attrs.get(key)):
                return False
    if filt.tos is not None and filt.tos != tos:
        return False
    if filt.fwmark and filt.fwmark != _u32(attrs, rules.FRA_FWMARK):
        return False
    if filt.fwmask and filt.fwmask != _u32(attrs, rules.FRA_FWMASK):
        return False
    from pynettools.kernel.netlink import attr_str

    if filt.iif is not None and (rules.FRA_IIFNAME not in attrs or attr_str(attrs[rules.FRA_IIFNAME]) != filt.iif):
        return False
    if filt.oif is not None and (rules.FRA_OIFNAME not in attrs or attr_str(attrs[rules.FRA_OIFNAME]) != filt.oif):
        return False
    if filt.l3mdev and not _u8(attrs, rules.FRA_L3MDEV):
        return False
    if filt.uidrange is not None:
        import struct

        value = attrs.get(rules.FRA_UID_RANGE)
        if value is None or struct.unpack_from("=II", value) != filt.uidrange:
            return False
    if filt.ipproto and filt.ipproto != _u8(attrs, rules.FRA_IP_PROTO):
        return False
    for wanted, key in ((filt.sport, rules.FRA_SPORT_RANGE), (filt.dport, rules.FRA_DPORT_RANGE)):
        if wanted is not None and wanted[0]:
            if _ports(attrs, key) != wanted:
                return False
    if filt.tun_id:
        value = attrs.get(rules.FRA_TUN_ID)
        if value is None or int.from_bytes(value[:8], "big") != filt.tun_id:
            return False
    if filt.table and filt.table != _table_of(header, attrs):
        return False
    return True


def show(ctx, words):
    """iprule_list_flush_or_save(..., IPRULE_LIST)."""
    family = ctx.family or AF_INET
    filt = parse_filter(ctx, words, family)
    from pynettools.kernel import rules
    from pynettools.kernel.netlink import DumpError

    try:
        records = rules.dump(ctx.kernel, family)
    except DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        return 1
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for msg_type, header, attrs in records:
        if keep(ctx, filt, header, attrs):
            print_rule(ctx, msg_type, header, attrs)
    p.delete_json_obj()
    return 0


def _family_color(family):
    return COLOR_INET if family == AF_INET else COLOR_INET6 if family == AF_INET6 else COLOR_NONE


def _addr(family, raw):
    """rt_addr_n2a_rta()."""
    from pynettools.tools.ip.utils import addr_text

    return addr_text(family, bytes(raw))


def print_rule(ctx, msg_type, header, attrs):
    """print_rule(): one line, in ip's order of fields."""
    import struct

    from pynettools.kernel import rules
    from pynettools.kernel.netlink import attr_str
    from pynettools.tools.ip.utils import af_bit_len, route_names

    family, dst_len, src_len, tos, _table, action, flags = header
    host_len = af_bit_len(family)
    p = ctx.printer
    names = ctx.names
    p.open_json_object(None)
    if msg_type == RTM_DELRULE:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    p.uint(PRINT_ANY, "priority", "%u:\t", _u32(attrs, rules.FRA_PRIORITY))
    if flags & rules.FIB_RULE_INVERT:
        p.null(PRINT_ANY, "not", "not ", None)
    if rules.FRA_SRC in attrs:
        p.string(PRINT_FP, None, "from ", None)
        p.string(PRINT_ANY, "src", "%s", _addr(family, attrs[rules.FRA_SRC]), _family_color(family))
        if src_len != host_len:
            p.uint(PRINT_ANY, "srclen", "/%u", src_len)
    elif src_len:
        p.string(PRINT_ANY, "src", "from %s", "0")
        p.uint(PRINT_ANY, "srclen", "/%u", src_len)
    else:
        p.string(PRINT_ANY, "src", "from %s", "all")
    if rules.FRA_DST in attrs:
        p.string(PRINT_FP, None, " to ", None)
        p.string(PRINT_ANY, "dst", "%s", _addr(family, attrs[rules.FRA_DST]), _family_color(family))
        if dst_len != host_len:
            p.uint(PRINT_ANY, "dstlen", "/%u", dst_len)
    elif dst_len:
        p.string(PRINT_ANY, "dst", " to %s", "0")
        p.uint(PRINT_ANY, "dstlen", "/%u", dst_len)
    if tos:
        p.string(PRINT_ANY, "tos", " tos %s", route_names(ctx).dsfield_n2a(tos))
    if rules.FRA_FWMARK in attrs or rules.FRA_FWMASK in attrs:
        mark = _u32(attrs, rules.FRA_FWMARK)
        mask = _u32(attrs, rules.FRA_FWMASK) if rules.FRA_FWMASK in attrs else 0xFFFFFFFF
        p.hex0x(PRINT_ANY, "fwmark", " fwmark %#x", mark)
        if mask != 0xFFFFFFFF:
            p.hex0x(PRINT_ANY, "fwmask", "/%#x", mask)
    if rules.FRA_IIFNAME in attrs:
        p.string(PRINT_FP, None, " iif ", None)
        p.string(PRINT_ANY, "iif", "%s", attr_str(attrs[rules.FRA_IIFNAME]), COLOR_IFNAME)
        if flags & rules.FIB_RULE_IIF_DETACHED:
            p.null(PRINT_ANY, "iif_detached", " [detached]", None)
    if rules.FRA_OIFNAME in attrs:
        p.string(PRINT_FP, None, " oif ", None)
        p.string(PRINT_ANY, "oif", "%s", attr_str(attrs[rules.FRA_OIFNAME]), COLOR_IFNAME)
        if flags & rules.FIB_RULE_OIF_DETACHED:
            p.null(PRINT_ANY, "oif_detached", " [detached]", None)
    if _u8(attrs, rules.FRA_L3MDEV):
        p.null(PRINT_ANY, "l3mdev", " lookup [l3mdev-table]", None)
    if rules.FRA_UID_RANGE in attrs:
        start, end = struct.unpack_from("=II", attrs[rules.FRA_UID_RANGE])
        p.uint(PRINT_ANY, "uid_start", " uidrange %u", start)
        p.uint(PRINT_ANY, "uid_end", "-%u", end)
    if rules.FRA_IP_PROTO in attrs:
        p.string(PRINT_ANY, "ipproto", " ipproto %s", inet_proto_n2a(ctx, _u8(attrs, rules.FRA_IP_PROTO)))
    for key, word in ((rules.FRA_SPORT_RANGE, "sport"), (rules.FRA_DPORT_RANGE, "dport")):
        if key in attrs:
            start, end = _ports(attrs, key)
            if start == end:
                p.uint(PRINT_ANY, word, " %s %%u" % word, start)
            else:
                p.uint(PRINT_ANY, word + "_start", " %s %%u" % word, start)
                p.uint(PRINT_ANY, word + "_end", "-%u", end)
    if rules.FRA_TUN_ID in attrs:
        p.u64(PRINT_ANY, "tun_id", " tun_id %u", int.from_bytes(attrs[rules.FRA_TUN_ID][:8], "big"))
    table = _table_of(header, attrs)
    if table:
        p.string(PRINT_ANY, "table", " lookup %s", route_names(ctx).table_n2a(table))
        if rules.FRA_SUPPRESS_PREFIXLEN in attrs:
            length = struct.unpack_from("=i", attrs[rules.FRA_SUPPRESS_PREFIXLEN])[0]
            if length != -1:
                p.int(PRINT_ANY, "suppress_prefixlen", " suppress_prefixlength %d", length)
        if rules.FRA_SUPPRESS_IFGROUP in attrs:
            group = struct.unpack_from("=i", attrs[rules.FRA_SUPPRESS_IFGROUP])[0]
            if group != -1:
                p.string(PRINT_ANY, "suppress_ifgroup", " suppress_ifgroup %s", names.group_n2a(group))
    if rules.FRA_FLOW in attrs:
        to = _u32(attrs, rules.FRA_FLOW)
        source, to = to >> 16, to & 0xFFFF
        if source:
            p.string(PRINT_ANY, "flow_from", " realms %s/", route_names(ctx).realm_n2a(source))
        else:
            p.string(PRINT_FP, None, " realms ", None)
        p.string(PRINT_ANY, "flow_to", "%s", route_names(ctx).realm_n2a(to))
    if action == rules.RTN_NAT:
        if rules.RTA_GATEWAY in attrs:
            from pynettools.tools.ip.utils import format_host

            p.string(PRINT_ANY, "nat_gateway", " map-to %s", format_host(ctx, family, bytes(attrs[rules.RTA_GATEWAY])))
        else:
            p.null(PRINT_ANY, "masquerade", " masquerade", None)
    elif action == rules.FR_ACT_GOTO:
        if rules.FRA_GOTO in attrs:
            p.uint(PRINT_ANY, "goto", " goto %u", _u32(attrs, rules.FRA_GOTO))
        else:
            p.string(PRINT_ANY, "goto", " goto %s", "none")
        if flags & rules.FIB_RULE_UNRESOLVED:
            p.null(PRINT_ANY, "unresolved", " [unresolved]", None)
    elif action == rules.FR_ACT_NOP:
        p.null(PRINT_ANY, "nop", " nop", None)
    elif action != rules.FR_ACT_TO_TBL:
        p.string(PRINT_ANY, "action", " %s", route_names(ctx).rtntype_n2a(action))
    if rules.FRA_PROTOCOL in attrs:
        protocol = _u8(attrs, rules.FRA_PROTOCOL)
        if (protocol and protocol != RTPROT_KERNEL) or ctx.details > 0:
            p.string(PRINT_ANY, "protocol", " proto %s", route_names(ctx).proto_n2a(protocol))
    p.string(PRINT_FP, None, "\n", "")
    p.close_json_object()
