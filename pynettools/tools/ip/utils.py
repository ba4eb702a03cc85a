"""What every ip object shares: the keyword rule, the error messages, number
parsing, and names (interfaces, and the /etc/iproute2 tables).

matches(word, keyword): iproute2's rule for keywords, options and objects
alike: `word` is a non-empty prefix of `keyword` (lib/utils.c matches(),
which returns 0 for a match; this returns True).  Callers try keywords in a
fixed order and take the first match, so `ip a` is `address`, not
`addrlabel`, and `ip r` is `route`: the order of those tries is part of the
grammar and must follow the C code.

The error helpers print ip's exact words and stop with its exit status
(Exit(255) for exit(-1)).
"""
import struct


class Exit(Exception):
    """Stop with this status (after whatever was printed)."""

    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


def matches(word, keyword):
    """True when `word` is a non-empty prefix of `keyword` (an empty word matches nothing)."""
    return bool(word) and keyword.startswith(word)


# ---- lib/utils.c's messages -------------------------------------------------------------


def incomplete_command(ctx):
    ctx.err.write('Command line is not complete. Try option "help"\n')
    raise Exit(255)


def missarg(ctx, key):
    ctx.err.write('Error: argument "%s" is required\n' % key)
    raise Exit(255)


def invarg(ctx, message, arg):
    ctx.err.write('Error: argument "%s" is wrong: %s\n' % (arg, message))
    raise Exit(255)


def duparg(ctx, key, arg):
    ctx.err.write('Error: duplicate "%s": "%s" is the second value.\n' % (key, arg))
    raise Exit(255)


def duparg2(ctx, key, arg):
    ctx.err.write('Error: either "%s" is duplicate, or "%s" is a garbage.\n' % (key, arg))
    raise Exit(255)


def check_ifname(name):
    """lib/utils.c check_ifname() == 0: 1 to 15 bytes, no '/' and no white
    space (the kernel's dev_valid_name())."""
    raw = name.encode("utf-8", "surrogateescape")
    return 0 < len(raw) < 16 and not any(c in b"/ \t\n\v\f\r" for c in raw)


FLUSH_BUFFER = 4096 - 512  # the flushb[] of ip's flushes (address, neigh, route)


def flush_batches(messages, header=0):
    """The deletions of a flush as ip sends them: each batch as many messages
    (whole, with their 16-byte header) as fill flushb, each counted at its
    4-byte aligned length; a message that would overflow starts the next.
    header: 16 when `messages` are bodies without their nlmsghdr.
    Every batch but the last is sent from inside the dump in C (its failure
    also prints "Flush terminated").  [] for no messages."""
    batches = []
    used = FLUSH_BUFFER
    for message in messages:
        size = header + len(message)
        if used + size > FLUSH_BUFFER:
            batches.append([])
            used = 0
        batches[-1].append(message)
        used += (size + 3) & ~3
    return batches


def rtnl_change(ctx, msg_type, body, what, flags=0):
    """libnetlink's rtnl_talk() for a change request: True when the kernel took
    it (its warning, if any, printed as "Warning: ..."), False after printing
    its refusal ("Error: ..." from the extended ack, else "RTNETLINK answers:
    ..."); the object function then returns -2, exit status 2."""
    from pynettools.kernel import rtnl

    try:
        warning = rtnl.change(ctx.kernel, msg_type, body, what, flags)
    except rtnl.TalkError as err:
        ctx.err.write(err.message())
        return False
    if warning:
        ctx.err.write("Warning: %s%s\n" % (warning, "" if warning.endswith(".") else "."))
    return True


NLM_F_ECHO = 0x08


def rtnl_echo_talk(ctx, msg_type, body, what, flags, print_info):
    """libnetlink's rtnl_echo_talk() (ip -echo): the change request with
    NLM_F_ECHO | NLM_F_ACK; the kernel's copy of the change comes back before
    the acknowledgement (which ip leaves unread) and is printed by
    print_info(buf, offset, length, msg_type), the object's printer, inside a
    JSON object of its own (-j: [{...}]).  A kernel that does not echo this
    change (ip link set on an existing device) answers with the bare
    acknowledgement: the printers skip a message not of their types, so only
    the JSON brackets show.  0, or 2 after the kernel's refusal."""
    from pynettools.kernel import netlink, rtnl

    request_flags = netlink.NLM_F_REQUEST | netlink.NLM_F_ACK | NLM_F_ECHO | flags
    try:
        buf, offset, length = rtnl.talk(ctx.kernel, msg_type, body, what, request_flags)
    except rtnl.TalkError as err:
        ctx.err.write(err.message())
        return 2
    answer_type = struct.unpack_from("=H", buf, offset + 4)[0]
    if answer_type == netlink.NLMSG_ERROR:  # the acknowledgement itself: nl_dump_ext_ack()
        warning = rtnl.ext_ack_text(buf, offset, length)
        if warning:
            ctx.err.write("Warning: %s%s\n" % (warning, "" if warning.endswith(".") else "."))
    p = ctx.printer
    p.new_json_obj(ctx.json)
    p.open_json_object(None)
    print_info(buf, offset, length, answer_type)
    p.close_json_object()
    p.delete_json_obj()
    return 0


def nodev(ctx, dev):
    """Prints the message; the caller returns -1 (exit status 255) as ip does."""
    ctx.err.write('Cannot find device "%s"\n' % dev)
    return -1


class Args:
    """The words after an object's command, walked as ip's NEXT_ARG() does."""

    def __init__(self, ctx, words):
        self.ctx = ctx
        self.words = list(words)
        self.i = 0

    def __bool__(self):
        return self.i < len(self.words)

    def peek(self):
        return self.words[self.i]

    def take(self):
        word = self.words[self.i]
        self.i += 1
        return word

    def next_arg(self):
        """NEXT_ARG(): the value after a keyword, or "Command line is not complete"."""
        if self.i >= len(self.words):
            incomplete_command(self.ctx)
        return self.take()

    def rest(self):
        return self.words[self.i:]


# ---- numbers ----------------------------------------------------------------------------


_DECIMAL = []  # (compiled on first use: no regex at start-up)


def strtoul(text, base=0):
    """C strtoul(): (value, rest) with leading spaces and a sign accepted; (None, text)
    when no digits.  base 0 takes 0x for hex and a leading 0 for octal."""
    if not _DECIMAL:
        import re

        _DECIMAL.append(re.compile("[1-9][0-9]*(?![xX0-9])|0(?![xX0-9])").match)
        _DECIMAL.append(re.compile("(?!0[xX])[0-9a-fA-F]+").match)
    # the common words ("5", "198" of an address, "0a" of a MAC address) without the general walk
    digits = _DECIMAL[0](text) if base in (0, 10) else _DECIMAL[1](text) if base == 16 else None
    if digits is not None:
        return int(digits.group(), base or 10), text[digits.end():]
    import re

    match = re.match(r"[ \t\n\v\f\r]*([+-]?)", text)  # C's isspace() and isdigit() are ASCII
    at = match.end()
    sign = match.group(1)
    digits_re = {16: r"(0[xX])?([0-9a-fA-F]+)", 8: r"([0-7]+)", 10: r"([0-9]+)"}
    body = text[at:]
    if base == 0:
        if re.match(r"0[xX][0-9a-fA-F]", body):
            base = 16
        elif body.startswith("0"):
            base = 8
        else:
            base = 10
    if base == 16:
        found = re.match(r"(?:0[xX])?([0-9a-fA-F]+)", body)
    else:
        found = re.match(digits_re.get(base, r"([0-9]+)"), body)
    if not found:
        return None, text
    value = int(found.group(found.lastindex), base)
    if sign == "-":
        value = (-value) % (1 << 64)  # strtoul negates in unsigned long
    return value, body[found.end():]


def get_unsigned_max(text, limit, base=0):
    """get_u8/get_u16/get_u32/get_u64 (lib/utils.c): strtoul over the whole
    word, at most `limit`, else None."""
    if not text:
        return None
    value, rest = strtoul(text, base)
    if value is None or rest or value > limit:
        return None
    return value


def get_unsigned(text, base=0):
    """lib/utils.c get_unsigned(): a whole string of digits up to UINT_MAX, else None."""
    return get_unsigned_max(text, 0xFFFFFFFF, base)


def get_u32(text, base=0):
    return get_unsigned(text, base)


# ---- names ------------------------------------------------------------------------------
# /etc/iproute2's files are read by pynettools/tools/rtnames.py (ss reads nl_protos with it too).
from pynettools.tools.rtnames import CONFDIR, conf_dir_files, read_id_file  # noqa: E402,F401


class Names:
    """Interface names and the /etc/iproute2 tables, each read on first use.

    Object modules add the tables they need here (rt_tables, rt_protos,
    rt_scopes, rt_realms, group, rt_dsfield, ...), each as ip 6.1 reads it:
    its built-in defaults, then the file, then (where 6.1 has one) the .d
    directory.
    """

    def __init__(self, ctx):
        self.ctx = ctx
        self._ifnames = None
        # True while the map was read only to look a name up: ip's
        # ll_name_to_index() asks the kernel then (if_nametoindex()) and
        # remembers nothing, so -batch forgets it after the line (forget_lookups())
        self._lookup_only = False

    def ifnames(self):
        """{ifindex: name} from one RTM_GETLINK dump (ip's ll_map, filled on demand)."""
        self._lookup_only = False
        return self._load()

    def _load(self):
        if self._ifnames is None:
            from pynettools.kernel import rtnl

            self._ifnames = rtnl.interface_names(self.ctx.kernel)
        return self._ifnames

    def forget_lookups(self):
        """Between two -batch lines: a map read only for name lookups is not
        ip's ll_map, which would still be empty (a device renamed or deleted
        by the line is then not found by its old name on the next one)."""
        if self._lookup_only:
            self._ifnames = None
            self._lookup_only = False

    def ifname(self, index):
        """ll_index_to_name(): the name, or "if%d" for an index not (or no longer) there."""
        return self.ifnames().get(index) or "if%d" % index

    def ifindex(self, name):
        """ll_name_to_index(): 0 when there is no such interface."""
        if self._ifnames is None:
            self._lookup_only = True
        for index, known in self._load().items():
            if known == name:
                return index
        return 0

    # -- lib/rt_names.c's device groups (added for rule's suppress_ifgroup; the
    # route tables are in RouteNames below) ------------------------------------------

    def group_n2a(self, number):
        """rtnl_group_n2a(): /etc/iproute2/group's name for the group (the newest
        line for it; 0 is "default" unless renamed), else the number."""
        if not self.ctx.numeric:
            groups = self.__dict__.get("_groups")
            if groups is None:
                groups = {0: "default"}
                for known, name in read_id_file(self.ctx, CONFDIR + "/group"):
                    if known >= 0:
                        groups[known] = name
                self.__dict__["_groups"] = groups
            if number in groups:
                return groups[number]
        return "%d" % number


# ---- interfaces by name and index: lib/ll_map.c, and the VRF lookups (ip route, neigh, ...) --


def ifname(ctx, index):
    """ll_index_to_name(): "*" for 0, the name, or "if%u" for an index not there."""
    if index == 0:
        return "*"
    return ctx.names.ifname(index)


def ifindex(ctx, name):
    """ll_name_to_index(): the link of that name (an alternative name too, as
    the kernel's lookup by name finds those), else "if%u" read as an index, else 0."""
    index = ctx.names.ifindex(name)
    if index:
        return index
    index = _link_index_by_name(ctx, name)
    if index:
        return index
    return _if_index_text(name)


def _if_index_text(name):
    """ll_idx_a2n(): sscanf(name, "if%u")."""
    if not name.startswith("if"):
        return 0
    text = name[2:].lstrip(" \t\n\v\f\r")
    sign = ""
    if text[:1] in ("+", "-"):
        sign, text = text[0], text[1:]
    digits = ""
    for ch in text:
        if not ch.isdigit() or not ch.isascii():
            break
        digits += ch
    if not digits:
        return 0
    value = int(digits)
    if sign == "-":
        value = -value
    return value & 0xFFFFFFFF


IFLA_ALT_IFNAME = 53
RTM_GETLINK = 18


def _link_index_by_name(ctx, name):
    """The index of a link found by one of its alternative names (0: none)."""
    from pynettools.kernel import netlink, rtnl

    if not name or len(name.encode("utf-8", "surrogateescape")) >= 128:
        return 0
    raw = name.encode("utf-8", "surrogateescape") + b"\0"
    body = struct.pack("=BxHiII", 0, 0, 0, 0, 0) + netlink.attribute(IFLA_ALT_IFNAME, raw)
    try:
        buf, offset, _length = rtnl.talk(ctx.kernel, RTM_GETLINK, body, "link get %s" % name)
    except OSError:
        return 0
    return struct.unpack_from("=i", buf, offset + 16 + 4)[0]


def vrf_link(ctx, name):
    """The link called `name`, or the TalkError (rtnl_talk_suppress_rtnl_errmsg(): no message)."""
    from pynettools.kernel import vrfs
    from pynettools.kernel.rtnl import TalkError

    try:
        return vrfs.link_by_name(ctx.kernel, ctx.family, name)
    except TalkError as err:
        return err


def name_is_vrf(ctx, name):
    """iplink_vrf.c name_is_vrf(): the VRF's ifindex, or 0 (also for no such device)."""
    link = vrf_link(ctx, name)
    if isinstance(link, Exception) or link[2] != "vrf":
        return 0
    return link[0]


def vrf_table(ctx, name):
    """ipvrf_get_table(): the VRF's table id, 0 when `name` is none (but
    "default", when no device has that name, is the main table)."""
    link = vrf_link(ctx, name)
    if isinstance(link, Exception):
        if link.errno == 19 and name == "default":  # ENODEV
            table = route_names(ctx).table_a2n("main")
            if table is None:
                ctx.err.write('BUG: RTTable "main" not found.\n')
                return 0
            return table
        return 0
    _index, _name, kind, table = link
    if kind != "vrf":
        return 0
    if not table:
        ctx.err.write("BUG: VRF %s is missing table id\n" % name)
    return table


# ---- addresses: lib/utils.c get_addr()/get_prefix(), inet_ntop, format_host() ----------
# (added for neigh and rule; route and address may share them)

_AF_INET, _AF_INET6, _AF_PACKET, _AF_MPLS, _AF_BRIDGE = 2, 10, 17, 28, 7


def family_name(family):
    """lib/utils.c family_name()."""
    return {_AF_INET: "inet", _AF_INET6: "inet6", _AF_PACKET: "link", _AF_MPLS: "mpls",
            _AF_BRIDGE: "bridge"}.get(family, "???")


def read_family(word):
    """lib/utils.c read_family(): AF_UNSPEC for any other word."""
    return {"inet": _AF_INET, "inet6": _AF_INET6, "link": _AF_PACKET, "mpls": _AF_MPLS,
            "bridge": _AF_BRIDGE}.get(word, 0)


def af_bit_len(family):
    return {_AF_INET6: 128, _AF_INET: 32, _AF_MPLS: 20}.get(family, 0)


PREFIXLEN_SPECIFIED = 1  # inet_prefix.flags: "default", or an explicit /LEN


class Prefix:
    """inet_prefix as get_prefix() fills it: family, bytelen, bitlen (-1: a
    plain address, -2: "default"/"all"), the address bytes (padded to 16, as
    C's data[] array) and flags (PREFIXLEN_SPECIFIED)."""

    __slots__ = ("family", "bytelen", "bitlen", "data", "flags")

    def __init__(self, family=0, bytelen=0, bitlen=0, data=b"", flags=0):
        self.family = family
        self.bytelen = bytelen
        self.bitlen = bitlen
        self.data = bytes(data).ljust(16, b"\0")
        self.flags = flags


_DOTTED_QUAD = []  # (compiled on first use)


def _ipv4_bytes(text):
    """get_addr_ipv4(): one to four strtoul() numbers (any base) joined by dots;
    missing trailing bytes are 0.  None when malformed."""
    # the common form, four plain decimals of 0-255 (a leading 0 would be octal), at once
    if not _DOTTED_QUAD:
        import re

        byte = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
        _DOTTED_QUAD.append(re.compile(r"(?:%s\.){3}%s\Z" % (byte, byte)).match)
    if _DOTTED_QUAD[0](text):
        return bytes(map(int, text.split(".")))
    parts = []
    rest = text
    for i in range(4):
        value, after = strtoul(rest, 0)
        if value is None or value > 255:
            return None
        parts.append(value)
        if after == "":
            break
        if i == 3 or not after.startswith("."):
            return None
        rest = after[1:]
    return bytes(parts + [0] * (4 - len(parts)))


def get_addr_1(text, family):
    """lib/utils.c get_addr_1() for inet and inet6 (MPLS labels and link-layer
    addresses are not parsed: None, as for any malformed text): a Prefix, or None."""
    if text == "default":
        if family == _AF_MPLS:
            return None
        return Prefix(family, af_bit_len(family) // 8, -2, b"", PREFIXLEN_SPECIFIED)
    if text in ("all", "any"):
        if family == _AF_MPLS:
            return None
        return Prefix(family, 0, -2, b"")
    if ":" in text:
        if family not in (0, _AF_INET6):
            return None
        import _socket

        try:
            data = _socket.inet_pton(_socket.AF_INET6, text)
        except (OSError, ValueError):
            return None
        return Prefix(_AF_INET6, 16, -1, data)
    if family not in (0, _AF_INET):
        return None
    data = _ipv4_bytes(text)
    if data is None:
        return None
    return Prefix(_AF_INET, 4, -1, data)


def _mask_bits(data):
    """mask2bits(): the length of a contiguous netmask, or -1."""
    mask = int.from_bytes(data, "big")
    bits = bin(mask).count("1")
    return bits if mask == (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF else -1


def get_prefix_1(text, family):
    """lib/utils.c get_prefix_1(): ADDR[/LEN] (LEN a number or a dotted mask), or None."""
    addr_text, slash, length = text.partition("/")
    prefix = get_addr_1(addr_text, family)
    if prefix is None:
        return None
    bitlen = af_bit_len(prefix.family)
    if slash:
        if prefix.bitlen == -2:
            return None
        plen = get_unsigned(length, 0)
        if plen is None:
            mask = get_addr_1(length, _AF_INET)
            plen = _mask_bits(mask.data[:4]) if mask is not None and mask.family == _AF_INET else -1
            if plen < 0:
                return None
        if plen > bitlen:
            return None
        prefix.flags |= PREFIXLEN_SPECIFIED
        bitlen = plen
    elif prefix.bitlen == -2:
        bitlen = 0
    prefix.bitlen = bitlen
    return prefix


def _family_verbose(family):
    return "any valid" if family == 0 else family_name(family)


def get_addr(ctx, text, family):
    """lib/utils.c get_addr(): the Prefix, or ip's message and exit 1."""
    prefix = get_addr_1(text, family)
    if prefix is None:
        ctx.err.write('Error: %s address is expected rather than "%s".\n' % (_family_verbose(family), text))
        raise Exit(1)
    return prefix


def get_prefix(ctx, text, family):
    """lib/utils.c get_prefix(): the Prefix, or ip's message and exit 1."""
    if family == _AF_PACKET:
        ctx.err.write('Error: "%s" may be inet prefix, but it is not allowed in this context.\n' % text)
        raise Exit(1)
    prefix = get_prefix_1(text, family)
    if prefix is None:
        ctx.err.write('Error: %s prefix is expected rather than "%s".\n' % (_family_verbose(family), text))
        raise Exit(1)
    return prefix


def prefix_mismatch(prefix, raw):
    """inet_addr_match_rta(): True when address bytes `raw` (None: absent) fall
    outside `prefix` (a filter); a filter without bits matches everything."""
    if raw is None or prefix is None or prefix.family == 0 or prefix.bitlen <= 0:
        return False
    if len(raw) not in (4, 16):
        return True
    if prefix.family != (_AF_INET if len(raw) == 4 else _AF_INET6):
        return True
    bits = prefix.bitlen
    a = int.from_bytes(raw[:(bits + 7) // 8], "big")
    b = int.from_bytes(prefix.data[:(bits + 7) // 8].ljust((bits + 7) // 8, b"\0"), "big")
    shift = (8 - bits % 8) % 8
    return (a >> shift) != (b >> shift)


def addr_text(family, raw):
    """rt_addr_n2a() for inet/inet6: inet_ntop (glibc's own text, through _socket)."""
    import _socket

    if family == _AF_INET and len(raw) == 4:
        return "%d.%d.%d.%d" % (raw[0], raw[1], raw[2], raw[3])
    if family == _AF_INET6 and len(raw) == 16:
        return _socket.inet_ntop(_socket.AF_INET6, raw)
    return "???"


def format_host(ctx, family, raw):
    """format_host(): with -r the host's name (gethostbyaddr; a v4-mapped
    IPv6 address is looked up as IPv4), else the address."""
    if ctx.resolve and len(raw) in (4, 16):
        cache = ctx.__dict__.setdefault("_host_names", {})
        key = (family, raw)
        if key not in cache:
            look_family, look_raw = family, raw
            if family == _AF_INET6 and raw[:12] == b"\0" * 10 + b"\xff\xff":
                look_family, look_raw = _AF_INET, raw[12:]
            from pynettools.kernel.arp import gethostbyaddr

            cache[key] = gethostbyaddr(ctx.kernel, addr_text(look_family, look_raw))
        if cache[key]:
            return cache[key]
    return addr_text(family, raw)


def ll_addr_a2n(ctx, text, size):
    """lib/ll_addr.c ll_addr_a2n(): (bytes, length) of a link-layer address
    read into a buffer of `size` bytes, or None after ip's message.  A dotted
    IPv4 address gives its 4 bytes.  Otherwise each colon-separated part is
    read by sscanf("%x") ("2:0:a" is 02:00:0a; junk after the hex digits is
    ignored); with more parts than `size` the C loop stops at `size` bytes
    and says size + 1 (callers compare the length with what they want)."""
    if "." in text:
        prefix = get_addr_1(text, _AF_INET)
        if prefix is None:
            ctx.err.write('"%s" is invalid lladdr.\n' % text)
            return None
        return (prefix.data[:4], 4) if size >= 4 else None
    out = []
    parts = text.split(":")
    for part in parts[:size]:
        value = _scan_hex(part)
        if value is None or not 0 <= value <= 255:
            ctx.err.write('"%s" is invalid lladdr.\n' % part)
            return None
        out.append(value)
    return bytes(out), (size + 1 if len(parts) > size else len(out))


def _scan_hex(text):
    """sscanf(text, "%x") as an int (None when it matches nothing): white
    space, a sign, an optional 0x, hex digits; wrapped to a C int."""
    value, _rest = strtoul(text, 16)
    if value is None:
        return None
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def ll_addr_text(raw):
    """ll_addr_n2a() for a link-layer address: hex bytes joined by colons."""
    return raw.hex(":") if raw else "%02x" % 0


# ---- libnetlink's words for a failed dump (added for maddress..stats; any object may use it) --


def dump_error_text(err, suppress=False):
    """What rtnl_dump_filter() prints when a dump fails (err: netlink.DumpError).

    An NLMSG_ERROR answer: rtnl_dump_error()'s "RTNETLINK answers: ..." (none
    when the handle suppresses them, RTNL_HANDLE_F_SUPPRESS_NLERR).  An error
    in NLMSG_DONE: rtnl_dump_done(): the kernel's extended ack if it sent
    one, nothing for ENOENT and EOPNOTSUPP, its own words for EMSGSIZE.
    The caller adds its own line ("Dump terminated").
    """
    import os

    if not getattr(err, "in_done", False):
        return "" if suppress else "RTNETLINK answers: %s\n" % os.strerror(err.errno)
    extack = getattr(err, "extack", None)
    if extack:
        return "Error: %s%s\n" % (extack, "" if extack.endswith(".") else ".")
    if err.errno in (2, 95):  # ENOENT, EOPNOTSUPP
        return ""
    if err.errno == 90:  # EMSGSIZE
        return "Error: Buffer too small for object.\n"
    return "RTNETLINK answers: %s\n" % os.strerror(err.errno)


# ---- lib/rt_names.c and ip/rtm_map.c, exactly (added for route; any object may use it) --
#
# ip names protocols, scopes, realms, DS fields, tables and route types with
# tables that start from built-in names and are filled from /etc/iproute2 on
# first need.  When the file is read matters: the "tab" kinds (protocols,
# scopes, realms, DS fields) read their file only when asked for an id
# without a built-in name (or for a name, a2n), and the file may rename a
# built-in id.  So with an rt_protos saying "4 mystatic", a route of proto 4
# prints "static" until some route with an unnamed protocol has made ip read
# the file, and "mystatic" after.  rt_tables is a hash (ids above 255 too,
# the last line for an id wins) read on any first use.  Lines are parsed as
# fread_id_name()'s sscanf() patterns parse them.


class RouteNames:
    """rt_names.c's tables for one run of ip (they live as long as the process)."""

    TABS = {
        # kind: (built-in names, file, .d directory or None)
        "rt_protos": ({0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated", 9: "ra",
                       10: "mrt", 11: "zebra", 12: "bird", 42: "babel", 13: "dnrouted", 14: "xorp", 15: "ntk",
                       16: "dhcp", 18: "keepalived", 186: "bgp", 187: "isis", 188: "ospf", 189: "rip",
                       192: "eigrp"}, "rt_protos", "rt_protos.d"),
        "rt_scopes": ({0: "global", 255: "nowhere", 254: "host", 253: "link", 200: "site"}, "rt_scopes", None),
        "rt_realms": ({0: "unknown"}, "rt_realms", None),
        "rt_dsfield": ({0: "0"}, "rt_dsfield", None),
    }

    def __init__(self, ctx):
        self.ctx = ctx
        self._tabs = {}       # kind -> {id: name}, built-ins first
        self._read = set()    # kinds whose files have been read
        self._tables = None   # rt_tables: [(id, name)], newest first (the hash's chains)
        self.generation = 0   # counts the file reads: a name given out before one may change

    # -- the tab kinds --------------------------------------------------------------------

    def _tab(self, kind):
        tab = self._tabs.get(kind)
        if tab is None:
            tab = self._tabs[kind] = dict(self.TABS[kind][0])
        return tab

    def _initialize(self, kind):
        """rtnl_tab_initialize() over the file and the .d files."""
        self._read.add(kind)
        self.generation += 1
        tab = self._tab(kind)
        _, name, directory = self.TABS[kind]
        paths = [CONFDIR + "/" + name]
        if directory:
            paths += conf_dir_files(self.ctx, CONFDIR + "/" + directory)
        for path in paths:
            for number, text in read_id_file(self.ctx, path):
                if 0 <= number < 256:
                    tab[number] = text

    def tab_n2a(self, kind, number):
        """rtnl_rtprot_n2a() and kin: the name, reading the file only for an
        id without one.  (Callers handle -N: dsfield differs.)"""
        tab = self._tab(kind)
        name = tab.get(number) if 0 <= number < 256 else None
        if name is None and 0 <= number < 256 and kind not in self._read:
            self._initialize(kind)
            name = tab.get(number)
        return name

    def tab_a2n(self, kind, arg, base=0):
        """rtnl_rtprot_a2n() and kin: the lowest id so named, else a number up to 255."""
        if kind not in self._read:
            self._initialize(kind)
        tab = self._tab(kind)
        for number in sorted(tab):
            if tab[number] == arg:
                return number
        value, rest = strtoul(arg, base) if arg else (None, arg)
        if value is None or rest or value > 255:
            return None
        return value

    def proto_n2a(self, number):
        if self.ctx.numeric or not 0 <= number < 256:
            return "%u" % number
        return self.tab_n2a("rt_protos", number) or "%u" % number

    def scope_n2a(self, number):
        if self.ctx.numeric or not 0 <= number < 256:
            return "%d" % number
        return self.tab_n2a("rt_scopes", number) or "%d" % number

    def realm_n2a(self, number):
        if self.ctx.numeric or not 0 <= number < 256:
            return "%d" % number
        return self.tab_n2a("rt_realms", number) or "%d" % number

    def dsfield_n2a(self, number):
        """rtnl_dsfield_n2a(): the name unless -N, else 0x%02x."""
        if not 0 <= number < 256:
            return "%d" % number
        if not self.ctx.numeric:
            name = self.tab_n2a("rt_dsfield", number)
            if name is not None:
                return name
        return "0x%02x" % number

    def proto_a2n(self, arg):
        return self.tab_a2n("rt_protos", arg)

    def scope_a2n(self, arg):
        return self.tab_a2n("rt_scopes", arg)

    def realm_a2n(self, arg):
        return self.tab_a2n("rt_realms", arg)

    def dsfield_a2n(self, arg):
        return self.tab_a2n("rt_dsfield", arg, 16)

    # -- rt_tables: a hash of chains ------------------------------------------------------

    def _table_entries(self):
        """rtnl_rttable_initialize(): the built-ins, then the file and the .d
        files, each line's entry put at the head of its bucket's chain."""
        if self._tables is None:
            entries = [(253, "default"), (254, "main"), (255, "local")]
            paths = [CONFDIR + "/rt_tables"] + conf_dir_files(self.ctx, CONFDIR + "/rt_tables.d")
            for path in paths:
                for number, name in read_id_file(self.ctx, path):
                    if number >= 0:
                        entries.append((number, name))
            self._tables = entries[::-1]  # newest first, as each chain is walked
            self.generation += 1
        return self._tables

    def table_n2a(self, number):
        """rtnl_rttable_n2a(): the newest name for the id (unless -N), else the number."""
        entries = self._table_entries()
        if not self.ctx.numeric:
            for known, name in entries:
                if known == number:
                    return name
        return "%u" % number

    def table_a2n(self, arg):
        """rtnl_rttable_a2n(): buckets 0..255 in turn (id & 255), newest first in
        each; else a number (strtoul, any base) up to 0xFFFFFFFF; None if neither."""
        best = None
        for known, name in self._table_entries():
            if name == arg and (best is None or (known & 255) < (best & 255)):
                best = known
        if best is not None:
            return best
        value, rest = strtoul(arg, 0) if arg else (None, arg)
        if value is None or rest or value > 0xFFFFFFFF:
            return None
        return value

    # -- route types (ip/rtm_map.c) --------------------------------------------------------

    RTNTYPES = ("none", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
                "unreachable", "prohibit", "throw", "nat", "xresolve")

    def rtntype_n2a(self, number):
        if self.ctx.numeric or not 0 <= number < len(self.RTNTYPES):
            return "%d" % number
        return self.RTNTYPES[number]

    @staticmethod
    def rtntype_a2n(arg):
        """rtnl_rtntype_a2n(): exact words, prefixes of some, or a number up to 255."""
        if arg == "local":
            return 2
        if arg == "nat":
            return 10
        if matches(arg, "broadcast") or arg == "brd":
            return 3
        for word, number in (("anycast", 4), ("multicast", 5), ("prohibit", 8), ("unreachable", 7),
                             ("blackhole", 6), ("xresolve", 11), ("unicast", 1)):
            if matches(arg, word):
                return number
        if arg == "throw":
            return 9
        value, rest = strtoul(arg, 0) if arg else (None, arg)
        if value is None or rest or value > 255:
            return None
        return value


def route_names(ctx):
    """The run's RouteNames (made on first use)."""
    names = ctx.__dict__.get("_route_names")
    if names is None:
        names = ctx.__dict__["_route_names"] = RouteNames(ctx)
    return names
