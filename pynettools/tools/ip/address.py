"""ip address: the reading side of iproute2 6.1's ip/ipaddress.c.

The order of work of ipaddr_list_flush_or_save(), which `ip link show`
uses too (do_link):
  1. the selectors (dev, scope, to, up, label, group, master, vrf,
     nomaster, type, and the flag words of get_filter()) into a Filter;
  2. a device name becomes an index (ll_name_to_index(): one RTM_GETLINK
     by name; "ifN" names index N), or "Device ... does not exist.";
  3. `ip link show DEV` alone: one RTM_GETLINK for it (iplink_get); else
     one device by index or a dump of all (kernel/links.py), then, unless
     only links are wanted (-0 or ip link), the address dump
     (kernel/addresses.py) and ipaddr_filter(): a device stays when one of
     its addresses passes the filters, or when it has no address at all
     (and the family is unspecified or link);
  4. per device: print_linkinfo() (link.py), its addresses
     (print_selected_addrinfo() -> print_addrinfo()), and for `ip -s addr`
     the counters after them.

ip keeps a cache of interface names and flags (lib/ll_map.c) filled by
every link message it reads; LinkMap below is that cache.
"""
from pynettools.tools.ip.printer import COLOR_INET, COLOR_INET6, COLOR_NONE, PRINT_ANY, PRINT_FP, PRINT_JSON
from pynettools.tools.ip.utils import Exit, invarg, matches

AF_UNSPEC, AF_INET, AF_INET6, AF_PACKET = 0, 2, 10, 17
RT_SCOPE_NOWHERE = 255

USAGE = """\
Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                      [ CONFFLAG-LIST ]
       ip address del IFADDR dev IFNAME [mngtmpaddr]
       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]
                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                         [ nomaster ]
                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                         [ label LABEL ] [up] [ vrf NAME ] ]
       ip address {showdump|restore}
IFADDR := PREFIX | ADDR peer PREFIX
          [ broadcast ADDR ] [ anycast ADDR ]
          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
SCOPE-ID := [ host | link | global | NUMBER ]
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG  := [ permanent | dynamic | secondary | primary |
           [-]tentative | [-]deprecated | [-]dadfailed | temporary |
           CONFFLAG-LIST ]
CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG
CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]
LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]
LFT := forever | SECONDS
"""


def usage(ctx, do_link=False):
    """ipaddress.c usage(): `ip link ... help` prints the link usage instead."""
    from pynettools.tools.ip import link

    if do_link:
        link.usage(ctx)
    ctx.err.write(USAGE + link.TYPES_USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_ipaddr(): the command word, first match in ipaddress.c's order."""
    if not args:
        return list_addresses(ctx, [], do_link=False)
    word = args[0]
    for command in ("add", "change", "replace", "delete"):  # (do_ipaddr()'s order; chg is change)
        if matches(word, command) or (command == "change" and word == "chg"):
            from pynettools.tools.ip import addrmodify

            return addrmodify.modify(ctx, command, args[1:])
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return list_addresses(ctx, args[1:], do_link=False)
    if matches(word, "flush"):
        from pynettools.tools.ip import addrflush

        return addrflush.flush(ctx, args[1:])
    if matches(word, "save"):
        return save(ctx, args[1:])
    if matches(word, "showdump"):
        from pynettools.tools.ip.routesave import addr_showdump

        return addr_showdump(ctx)
    if matches(word, "restore"):
        from pynettools.kernel.savedump import ADDR_DUMP_MAGIC
        from pynettools.tools.ip.routesave import restore

        return restore(ctx, ADDR_DUMP_MAGIC, "address")
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip address help".\n' % word)
    raise Exit(255)


def save(ctx, args):
    """ipaddr_list_flush_or_save(IPADD_SAVE): the selector is read as for
    show, but only its device reaches the dump (routesave.addr_save)."""
    from pynettools.kernel import savedump
    from pynettools.tools.ip.routesave import addr_save

    filt = Filter(ctx.oneline)
    filt.family = ctx.family
    llmap = ctx.llmap = LinkMap(ctx)
    dev = parse_selectors(ctx, args, filt, False)
    if dev is not None:
        filt.ifindex = llmap.name_to_index(dev)
        if filt.ifindex <= 0:
            ctx.err.write('Device "%s" does not exist.\n' % dev)
            return 1
    # ll_name_to_index() asks the kernel on a netlink socket of its own
    # (lib/ll_map.c ll_link_get), so the device lookup takes none of the
    # dump socket's sequence numbers: the dump is still time(NULL) + 1.
    seq = savedump.first_seq(ctx.kernel)
    return addr_save(ctx, ctx.family, filt.ifindex, seq)


def list_links(ctx, args):
    """ipaddr_list_link(): ip link show."""
    return list_addresses(ctx, args, do_link=True)


# ---- the filter -------------------------------------------------------------------------

# ipaddress.c ifa_flag_data[]: (name, mask, v6-only); the order is the printing order.
IFA_FLAG_DATA = (
    ("secondary", 0x01), ("temporary", 0x01), ("nodad", 0x02), ("optimistic", 0x04), ("dadfailed", 0x08),
    ("home", 0x10), ("deprecated", 0x20), ("tentative", 0x40), ("permanent", 0x80), ("mngtmpaddr", 0x100),
    ("noprefixroute", 0x200), ("autojoin", 0x400), ("stable-privacy", 0x800),
)
_FLAG_MASKS = dict(IFA_FLAG_DATA)
IFA_F_SECONDARY, IFA_F_DEPRECATED, IFA_F_PERMANENT = 0x01, 0x20, 0x80
IFF_UP = 1


class Filter:
    """struct link_filter, as ipaddr_reset_filter() leaves it."""

    def __init__(self, oneline):
        self.oneline = oneline
        self.family = AF_UNSPEC
        self.ifindex = 0
        self.showqueue = 1
        self.up = 0
        self.scope = 0
        self.scopemask = 0
        self.flags = 0
        self.flagmask = 0
        self.pfx = None
        self.label = None
        self.group = -1
        self.master = 0
        self.kind = None
        self.slave_kind = None


def get_filter(filt, arg):
    """get_filter(): a flag word, "-word" for its absence; dynamic and primary
    are the absence of permanent and secondary.  False if it is no flag."""
    inverted = arg.startswith("-")
    if inverted:
        arg = arg[1:]
    if arg == "dynamic":
        inverted = not inverted
        arg = "permanent"
    elif arg == "primary":
        inverted = not inverted
        arg = "secondary"
    mask = _FLAG_MASKS.get(arg)
    if mask is None:
        return False
    if inverted:
        filt.flags &= ~mask
    else:
        filt.flags |= mask
    filt.flagmask |= mask
    return True


def _group_entries(ctx):
    """rtnl_group_initialize(): "0 default", then /etc/iproute2/group line by
    line, newest first (each line goes to the head of its hash chain);
    negative ids are skipped.  Read once per run."""
    entries = ctx.__dict__.get("_group_entries")
    if entries is None:
        from pynettools.tools.ip.utils import CONFDIR, read_id_file

        found = [(0, "default")] + [(n, name) for n, name in read_id_file(ctx, CONFDIR + "/group") if n >= 0]
        entries = ctx.__dict__["_group_entries"] = found[::-1]
    return entries


def group_n2a(ctx, number):
    """rtnl_group_n2a(): the newest name for the id (unless -N), else the number."""
    entries = _group_entries(ctx)
    if not ctx.numeric:
        for known, name in entries:
            if known == number:
                return name
    return "%d" % number


def _group_a2n(ctx, arg):
    """rtnl_group_a2n(): a name (hash buckets 0..255 in turn, newest first in
    each), else a number (strtol, any base, not negative); None when neither."""
    best = None
    for known, name in _group_entries(ctx):
        if name == arg and (best is None or (known & 255) < (best & 255)):
            best = known
    if best is not None:
        return best
    from pynettools.tools.ip.utils import strtoul

    # strtol(arg, &end, 0) into an int: clamped to a long, then its low 32 bits
    body = arg.lstrip(" \t\n\v\f\r")
    sign = -1 if body[:1] == "-" else 1
    if body[:1] in ("+", "-"):
        body = body[1:]
    value, rest = strtoul(body, 0) if body and body[0] not in "+- \t\n\v\f\r" else (None, body)
    if value is None or rest:
        return None
    value = max(-(1 << 63), min((1 << 63) - 1, sign * value))
    value = ((value + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)
    return None if value < 0 else value


def parse_selectors(ctx, args, filt, do_link):
    """The argument loop of ipaddr_list_flush_or_save(); returns the device named, or None."""
    from pynettools.tools.ip.utils import duparg2, get_prefix, incomplete_command, route_names

    words = list(args)
    dev = None
    i = 0

    def next_arg():
        if i + 1 >= len(words):
            incomplete_command(ctx)
        return words[i + 1]

    while i < len(words):
        word = words[i]
        if word == "to":
            value = next_arg()
            i += 1
            filt.pfx = get_prefix(ctx, value, filt.family)
            if filt.family == AF_UNSPEC:
                filt.family = filt.pfx.family
        elif word == "scope":
            value = next_arg()
            i += 1
            filt.scopemask = -1
            scope = route_names(ctx).scope_a2n(value)
            if scope is None:
                if value != "all":
                    invarg(ctx, 'invalid "scope"\n', value)
                scope = RT_SCOPE_NOWHERE
                filt.scopemask = 0
            filt.scope = scope
        elif word == "up":
            filt.up = 1
        elif get_filter(filt, word):
            pass
        elif word == "label":
            filt.label = next_arg()
            i += 1
        elif word == "group":
            value = next_arg()
            i += 1
            group = _group_a2n(ctx, value)
            if group is None:
                invarg(ctx, 'Invalid "group" value\n', value)
            filt.group = group
        elif word == "master":
            value = next_arg()
            i += 1
            index = ctx.llmap.name_to_index(value)
            if not index:
                invarg(ctx, "Device does not exist\n", value)
            filt.master = index
        elif word == "vrf":
            value = next_arg()
            i += 1
            index = ctx.llmap.name_to_index(value)
            if not index or not ctx.llmap.is_vrf(value):
                invarg(ctx, "Not a valid VRF name\n", value)
            filt.master = index
        elif word == "nomaster":
            filt.master = -1
        elif word == "type":
            value = next_arg()
            i += 1
            if len(value) >= 6 and value.endswith("_slave"):
                filt.slave_kind = value[:-6]
            else:
                filt.kind = value
        else:
            if word == "dev":
                word = next_arg()
                i += 1
            elif matches(word, "help"):
                usage(ctx, do_link)
            if dev is not None:
                duparg2(ctx, "dev", word)
            dev = word
        i += 1
    return dev


# ---- the list ---------------------------------------------------------------------------


def list_addresses(ctx, args, do_link):
    """ipaddr_list_flush_or_save(IPADD_LIST)."""
    from pynettools.kernel import addresses, links, netlink, rtnl

    filt = Filter(ctx.oneline)
    filt.family = AF_PACKET if do_link else ctx.family
    llmap = ctx.llmap = LinkMap(ctx)
    dev = parse_selectors(ctx, args, filt, do_link)
    if dev is not None:
        filt.ifindex = llmap.name_to_index(dev)
        if filt.ifindex <= 0:
            ctx.err.write('Device "%s" does not exist.\n' % dev)
            return 1

    p = ctx.printer
    p.new_json_obj(ctx.json)
    if dev is not None and filt.group == -1 and do_link:
        # iplink_get(): this one device, by name
        try:
            link = llmap.get(name=dev, family=AF_PACKET, ext_mask=links.RTEXT_FILTER_VF)
        except rtnl.TalkError as err:
            ctx.err.write(err.message())
            ctx.err.write("Cannot send link get request: %s\n" % err.strerror)
            p.delete_json_obj()
            raise Exit(1)
        p.open_json_object(None)
        from pynettools.tools.ip.link import print_linkinfo

        print_linkinfo(ctx, link, filt, llmap, do_link)
        p.close_json_object()
        p.delete_json_obj()
        return 0

    try:
        if filt.ifindex:
            # ipaddr_link_get(): counters only when they will be printed
            mask = links.RTEXT_FILTER_VF | (0 if ctx.stats else links.RTEXT_FILTER_SKIP_STATS)
            try:
                linfo = [llmap.get(index=filt.ifindex, family=filt.family, ext_mask=mask)]
            except rtnl.TalkError as err:
                ctx.err.write(err.message())
                ctx.err.write("Cannot send link request: %s\n" % err.strerror)
                p.delete_json_obj()
                return 0
        else:
            master = filt.master & 0xFFFFFFFF if filt.master else 0
            linfo = links.dump(ctx.kernel, ctx.family if not do_link else AF_PACKET,
                               master=master, kind=filt.kind)
            for link in linfo:
                llmap.remember(link)
        no_link = False
        ainfo = []
        if filt.family != AF_PACKET:
            if filt.oneline:
                no_link = True
            ainfo = addresses.dump(ctx.kernel, filt.family, filt.ifindex)
            linfo = ipaddr_filter(ctx, filt, linfo, ainfo, llmap)
    except netlink.DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        ctx.err.write(dump_error_text(err))
        ctx.err.write("Dump terminated\n")
        p.delete_json_obj()
        return 0

    from pynettools.tools.ip.link import print_link_stats, print_linkinfo

    by_index = {}
    if filt.family != AF_PACKET:
        for addr in ainfo:
            by_index.setdefault(addr.index, []).append(addr)
    for link in linfo:
        p.open_json_object(None)
        res = 0
        if ctx.brief or not no_link:
            res = print_linkinfo(ctx, link, filt, llmap, do_link)
        if res >= 0 and filt.family != AF_PACKET:
            print_selected_addrinfo(ctx, link, by_index.get(link.index, ()), filt, llmap)
        if res > 0 and not do_link and ctx.stats:
            print_link_stats(ctx, link)
            p.nl()
        p.close_json_object()
    p.delete_json_obj()
    return 0


def ipaddr_filter(ctx, filt, linfo, ainfo, llmap):
    """ipaddr_filter(): the devices with an address that passes, or with none at all."""
    kept = []
    by_index = {}
    for addr in ainfo:
        by_index.setdefault(addr.index, []).append(addr)
    for link in linfo:
        found = by_index.get(link.index)
        ok = False
        for addr in found or ():
            if filt.family and filt.family != addr.family:
                continue
            if (filt.scope ^ addr.scope) & filt.scopemask:
                continue
            if (filt.flags ^ addr.flags) & filt.flagmask:
                continue
            if filt.label is not None and not _label_matches(filt.label, addr, llmap):
                continue
            if _prefix_mismatch(filt.pfx, addr.local):
                continue
            ok = True
            break
        if not found and filt.family in (AF_UNSPEC, AF_PACKET):
            ok = True
        if ok:
            kept.append(link)
    return kept


def _prefix_mismatch(pfx, raw):
    from pynettools.tools.ip.utils import prefix_mismatch

    return prefix_mismatch(pfx, raw)


def _label_matches(pattern, addr, llmap):
    """ifa_label_match_rta(): fnmatch() of the label (the device's name when
    the address has none)."""
    label = addr.label if addr.label is not None else llmap.index_to_name(addr.index)
    return fnmatch(pattern, label)


def fnmatch(pattern, text):
    """glibc fnmatch(pattern, text, 0): *, ?, [...] (with ! or ^ to negate),
    backslash escapes; a slash is an ordinary character without FNM_PATHNAME."""
    import fnmatch as _fnmatch
    import re

    # Python's translate() treats a backslash as a literal: escape-protect it first.
    parts = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "^") else i + 1)
            if end > 0:
                body = pattern[i + 1:end]
                if body.startswith("^"):
                    body = "!" + body[1:]
                parts.append(_fnmatch.translate("[" + body + "]")[4:-3])
                i = end + 1
                continue
            parts.append(re.escape(c))
        elif c == "*":
            parts.append(".*")
        elif c == "?":
            parts.append(".")
        else:
            parts.append(re.escape(c))
        i += 1
    return re.fullmatch("".join(parts), text, re.S) is not None


# ---- print_selected_addrinfo() / print_addrinfo() ----------------------------------------


def print_selected_addrinfo(ctx, link, addrs, filt, llmap):
    p = ctx.printer
    p.open_json_array(PRINT_JSON, "addr_info")
    for addr in addrs:
        if addr.deleted:
            continue
        if filt.family and filt.family != addr.family:
            continue
        if filt.up and not link.flags & IFF_UP:
            continue
        p.open_json_object(None)
        print_addrinfo(ctx, addr, filt, llmap)
        p.close_json_object()
    p.close_json_array(PRINT_JSON, None)
    if ctx.brief:
        p.string(PRINT_FP, None, "%s", "\n")


def _family_color(family):
    return COLOR_INET if family == AF_INET else COLOR_INET6 if family == AF_INET6 else COLOR_NONE


def print_addrinfo(ctx, addr, filt, llmap):
    """ipaddress.c print_addrinfo() for one address."""
    from pynettools.tools.ip.utils import family_name, format_host, route_names

    p = ctx.printer
    if filt.ifindex and filt.ifindex != addr.index:
        return
    if (filt.scope ^ addr.scope) & filt.scopemask:
        return
    if (filt.flags ^ addr.flags) & filt.flagmask:
        return
    if filt.family and filt.family != addr.family:
        return
    if filt.label is not None and not _label_matches(filt.label, addr, llmap):
        return
    if _prefix_mismatch(filt.pfx, addr.local):
        return
    if addr.deleted:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    if not ctx.brief:
        if filt.oneline:
            dev = llmap.index_to_name(addr.index)
            if p.is_json:
                p.int(PRINT_JSON, "index", None, addr.index)
                p.string(PRINT_JSON, "dev", None, dev)
            else:
                p.write("%u: %s" % (addr.index, dev))
        name = family_name(addr.family)
        if name != "???":
            p.string(PRINT_ANY, "family", "    %s ", name)
        else:
            p.int(PRINT_ANY, "family_index", "    family %d ", addr.family)
    color = _family_color(addr.family)
    if addr.local is not None:
        p.string(PRINT_ANY, "local", "%s", format_host(ctx, addr.family, addr.local), color)
        width = 4 if addr.family == AF_INET else 16
        if addr.address is not None and addr.address[:width] != addr.local[:width]:
            p.string(PRINT_FP, None, " %s ", "peer")
            p.string(PRINT_ANY, "address", "%s", format_host(ctx, addr.family, addr.address), color)
        p.int(PRINT_ANY, "prefixlen", "/%d ", addr.prefixlen)
        if addr.metric is not None:
            p.uint(PRINT_ANY, "metric", "metric %u ", addr.metric)
    if ctx.brief:
        return
    if addr.broadcast is not None:
        p.string(PRINT_FP, None, "%s ", "brd")
        p.string(PRINT_ANY, "broadcast", "%s ", format_host(ctx, addr.family, addr.broadcast), color)
    if addr.anycast is not None:
        p.string(PRINT_FP, None, "%s ", "any")
        p.string(PRINT_ANY, "anycast", "%s ", format_host(ctx, addr.family, addr.anycast), color)
    p.string(PRINT_ANY, "scope", "scope %s ", route_names(ctx).scope_n2a(addr.scope))
    print_ifa_flags(p, addr)
    if addr.label is not None:
        p.string(PRINT_ANY, "label", "%s", addr.label)
    if addr.valid is not None:
        p.nl()
        p.string(PRINT_FP, None, "       valid_lft ", None)
        if addr.valid == 0xFFFFFFFF:
            p.uint(PRINT_JSON, "valid_life_time", None, addr.valid)
            p.string(PRINT_FP, None, "%s", "forever")
        else:
            p.uint(PRINT_ANY, "valid_life_time", "%usec", addr.valid)
        p.string(PRINT_FP, None, " preferred_lft ", None)
        if addr.preferred == 0xFFFFFFFF:
            p.uint(PRINT_JSON, "preferred_life_time", None, addr.preferred)
            p.string(PRINT_FP, None, "%s", "forever")
        elif addr.flags & IFA_F_DEPRECATED:
            signed = addr.preferred - (1 << 32) if addr.preferred & 0x80000000 else addr.preferred
            p.int(PRINT_ANY, "preferred_life_time", "%dsec", signed)
        else:
            p.uint(PRINT_ANY, "preferred_life_time", "%usec", addr.preferred)
    p.string(PRINT_FP, None, "%s", "\n")


def print_ifa_flags(p, addr):
    """print_ifa_flags(): the words of ifa_flag_data[] in order ("dynamic" for
    no IFA_F_PERMANENT, "temporary" for an IPv6 secondary), then any other bits."""
    flags = addr.flags
    for name, mask in IFA_FLAG_DATA:
        if mask == IFA_F_PERMANENT:
            if not flags & mask:
                p.bool(PRINT_ANY, "dynamic", "dynamic ", True)
        elif flags & mask:
            if mask == IFA_F_SECONDARY and addr.family == AF_INET6:
                p.bool(PRINT_ANY, "temporary", "temporary ", True)
            else:
                p.string(PRINT_FP, None, "%s ", name)
                p.bool(PRINT_JSON, name, None, True)
        flags &= ~mask
    if flags:
        if p.is_json:
            p.string(PRINT_JSON, "ifa_flags", None, "%02x" % flags)
        else:
            p.write("flags %02x " % flags)


# ---- lib/ll_map.c -----------------------------------------------------------------------


class LinkMap:
    """ip's interface cache: index -> (name, flags), from every link message read.

    A name not in it is asked of the kernel with one RTM_GETLINK
    (ll_link_get()), as is an index: ip never dumps all links just for a
    name.
    """

    def __init__(self, ctx):
        self.ctx = ctx
        self.by_index = {}
        self._netns = None

    def remember(self, link):
        if link.name is not None:
            self.by_index[link.index] = (link.name, link.flags)

    def get(self, name=None, index=0, family=0, ext_mask=None):
        """One device (links.get), remembered; rtnl.TalkError when refused."""
        from pynettools.kernel import links

        if ext_mask is None:
            ext_mask = links.RTEXT_FILTER_VF | links.RTEXT_FILTER_SKIP_STATS
        link = links.get(self.ctx.kernel, family=family, index=index, name=name, ext_mask=ext_mask)
        self.remember(link)
        return link

    def name_to_index(self, name):
        """ll_name_to_index(): the cache, the kernel, else "ifN" as N; 0 when none."""
        from pynettools.kernel import rtnl

        for index, (known, _flags) in self.by_index.items():
            if known == name:
                return index
        try:
            return self.get(name=name).index
        except rtnl.TalkError:
            pass
        if name.startswith("if"):
            return _scan_unsigned(name[2:])
        return 0

    def index_to_name(self, index):
        """ll_index_to_name(): "*" for 0, the cache, the kernel, else "ifN"."""
        from pynettools.kernel import rtnl

        if index == 0:
            return "*"
        known = self.by_index.get(index)
        if known is not None:
            return known[0]
        try:
            self.get(index=index)
        except rtnl.TalkError:
            pass
        known = self.by_index.get(index)
        return known[0] if known is not None else "if%u" % index

    def index_to_flags(self, index):
        """ll_index_to_flags(): the cached flags, -1 for a device not in the cache."""
        known = self.by_index.get(index)
        return known[1] if known is not None else -1

    def is_vrf(self, name):
        """name_is_vrf(): whether the device is of kind vrf."""
        from pynettools.kernel import rtnl

        try:
            link = self.get(name=name, family=self.ctx.family, ext_mask=None)
        except rtnl.TalkError:
            return False
        return link.kind == "vrf"

    def netns_name(self, nsid):
        """get_name_from_nsid(): the /var/run/netns name of a namespace id, or None."""
        if self._netns is None:
            from pynettools.kernel import links

            self._netns, errors = links.netns_names(self.ctx.kernel)
            for text in errors:  # a namespace being deleted meanwhile: rtnl_talk() says so
                self.ctx.err.write(text)
        return self._netns.get(nsid)


def _scan_unsigned(text):
    """sscanf("%u") after "if": leading spaces, an optional sign, digits (wrapping at 2**32)."""
    text = text.lstrip(" \t\n\v\f\r")
    sign = 1
    if text[:1] in ("+", "-"):
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    digits = ""
    for c in text:
        if not c.isdigit() or not c.isascii():
            break
        digits += c
    if not digits:
        return 0
    return (sign * int(digits)) & 0xFFFFFFFF
