"""ip link: the reading side of iproute2 6.1's ip/iplink.c, and print_linkinfo()
(ip/ipaddress.c), which `ip address` shares.

The order of work:
  1. do_iplink(): the command word, first match in iplink.c's order (add,
     set/change, replace, delete, show/lst/list, xstats, afstats,
     property, help), so `ip link s` is `set` and `ip link l` is `lst`;
  2. show/list/lst: address.list_links() (ipaddr_list_flush_or_save() with
     do_link set): the selectors, one dump or one per-device query, the
     filters; it calls print_linkinfo() here for each device;
  3. print_linkinfo(): the device's line(s): index, name[@link], <flags>,
     mtu, qdisc, master, state, mode, group, qlen, then link/TYPE and its
     addresses, link-netns, and with -d the details (linkinfo.py prints
     each kind's own), with -s the counters (print_stats64()), altnames;
  4. xstats / afstats: RTM_GETSTATS dumps.

The changing commands (add, set, delete, property add/del) belong to a
later issue: they say so and exit 1, never pretending to succeed.
"""
from pynettools.tools.ip.printer import (COLOR_IFNAME, COLOR_MAC, COLOR_NONE, COLOR_OPERSTATE_DOWN,
                                         COLOR_OPERSTATE_UP, PRINT_ANY, PRINT_FP, PRINT_JSON)
from pynettools.tools.ip.utils import Exit, matches

# iplink_usage(), as ip 6.1 prints it when the kernel has RTM_NEWLINK (every
# kernel since 2.6.23: ip's iplink_have_newlink() probe always says yes).
LINK_USAGE = """\
Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME
\t\t    [ txqueuelen PACKETS ]
\t\t    [ address LLADDR ]
\t\t    [ broadcast LLADDR ]
\t\t    [ mtu MTU ] [index IDX ]
\t\t    [ numtxqueues QUEUE_COUNT ]
\t\t    [ numrxqueues QUEUE_COUNT ]
\t\t    [ netns { PID | NAME } ]
\t\t    type TYPE [ ARGS ]

\tip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]

\tip link set { DEVICE | dev DEVICE | group DEVGROUP }
\t\t\t[ { up | down } ]
\t\t\t[ type TYPE ARGS ]
\t\t[ arp { on | off } ]
\t\t[ dynamic { on | off } ]
\t\t[ multicast { on | off } ]
\t\t[ allmulticast { on | off } ]
\t\t[ promisc { on | off } ]
\t\t[ trailers { on | off } ]
\t\t[ carrier { on | off } ]
\t\t[ txqueuelen PACKETS ]
\t\t[ name NEWNAME ]
\t\t[ address LLADDR ]
\t\t[ broadcast LLADDR ]
\t\t[ mtu MTU ]
\t\t[ netns { PID | NAME } ]
\t\t[ link-netns NAME | link-netnsid ID ]
\t\t[ alias NAME ]
\t\t[ vf NUM [ mac LLADDR ]
\t\t\t [ vlan VLANID [ qos VLAN-QOS ] [ proto VLAN-PROTO ] ]
\t\t\t [ rate TXRATE ]
\t\t\t [ max_tx_rate TXRATE ]
\t\t\t [ min_tx_rate TXRATE ]
\t\t\t [ spoofchk { on | off} ]
\t\t\t [ query_rss { on | off} ]
\t\t\t [ state { auto | enable | disable} ]
\t\t\t [ trust { on | off} ]
\t\t\t [ node_guid EUI64 ]
\t\t\t [ port_guid EUI64 ] ]
\t\t[ { xdp | xdpgeneric | xdpdrv | xdpoffload } { off |
\t\t\t  object FILE [ { section | program } NAME ] [ verbose ] |
\t\t\t  pinned FILE } ]
\t\t[ master DEVICE ][ vrf NAME ]
\t\t[ nomaster ]
\t\t[ addrgenmode { eui64 | none | stable_secret | random } ]
\t\t[ protodown { on | off } ]
\t\t[ protodown_reason PREASON { on | off } ]
\t\t[ gso_max_size BYTES ] | [ gso_max_segs PACKETS ]
\t\t[ gro_max_size BYTES ]

\tip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]
\t\t[nomaster]

\tip link xstats type TYPE [ ARGS ]

\tip link afstats [ dev DEVICE ]
\tip link property add dev DEVICE [ altname NAME .. ]
\tip link property del dev DEVICE [ altname NAME .. ]

\tip link help [ TYPE ]

"""

# iplink_types_usage()
TYPES_USAGE = """\
TYPE := { amt | bareudp | bond | bond_slave | bridge | bridge_slave |
          dsa | dummy | erspan | geneve | gre | gretap | gtp | ifb |
          ip6erspan | ip6gre | ip6gretap | ip6tnl |
          ipip | ipoib | ipvlan | ipvtap |
          macsec | macvlan | macvtap |
          netdevsim | nlmon | rmnet | sit | team | team_slave |
          vcan | veth | vlan | vrf | vti | vxcan | vxlan | wwan |
          xfrm | virt_wifi }
"""


def usage(ctx):
    """iplink_usage(): on stderr, exit 255."""
    ctx.err.write(LINK_USAGE + TYPES_USAGE)
    raise Exit(255)


def not_implemented(ctx, words):
    ctx.err.write("pynettools ip: %s is not implemented yet\n" % words)
    return 1


def run(ctx, args):
    """do_iplink()."""
    from pynettools.tools.ip import address

    if not args:
        return address.list_links(ctx, [])
    word = args[0]
    from pynettools.tools.ip import linkmodify

    changed = linkmodify.run(ctx, word, args[1:])
    if changed is not None:
        return changed
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return address.list_links(ctx, args[1:])
    if matches(word, "xstats"):
        return xstats(ctx, args[1:])
    if matches(word, "afstats"):
        afstats(ctx, args[1:])
        return 0
    if matches(word, "property"):
        return prop(ctx, args[1:])
    if matches(word, "help"):
        return do_help(ctx, args[1:])
    ctx.err.write('Command "%s" is unknown, try "ip link help".\n' % word)
    raise Exit(255)


def do_help(ctx, args):
    """ip link help [TYPE]: the kind's own help on stdout (exit 0), or the usage."""
    if not args:
        usage(ctx)
    from pynettools.tools.ip.linkhelp import HELP

    text = HELP.get(args[0])
    if text is None:
        usage(ctx)
    ctx.out.write(text)
    return 0


def prop(ctx, args):
    """iplink_prop(): add and del change the device; anything else is an error."""
    if not args:
        usage(ctx)
    if matches(args[0], "add") or matches(args[0], "del"):
        from pynettools.tools.ip import linkmodify

        kind = linkmodify.RTM_NEWLINKPROP if matches(args[0], "add") else linkmodify.RTM_DELLINKPROP
        return linkmodify.prop(ctx, kind, args[1:])
    if matches(args[0], "help"):
        usage(ctx)
    ctx.err.write("Operator required\n")
    raise Exit(255)


# ---- print_linkinfo() -------------------------------------------------------------------

IFF_UP, IFF_BROADCAST, IFF_DEBUG, IFF_LOOPBACK, IFF_POINTOPOINT, IFF_NOTRAILERS, IFF_RUNNING, \
    IFF_NOARP, IFF_PROMISC, IFF_ALLMULTI, IFF_MASTER, IFF_SLAVE, IFF_MULTICAST, IFF_PORTSEL, \
    IFF_AUTOMEDIA, IFF_DYNAMIC, IFF_LOWER_UP, IFF_DORMANT, IFF_ECHO = (1 << n for n in range(19))

# print_link_flags()'s order
_FLAG_NAMES = (
    (IFF_LOOPBACK, "LOOPBACK"), (IFF_BROADCAST, "BROADCAST"), (IFF_POINTOPOINT, "POINTOPOINT"),
    (IFF_MULTICAST, "MULTICAST"), (IFF_NOARP, "NOARP"), (IFF_ALLMULTI, "ALLMULTI"), (IFF_PROMISC, "PROMISC"),
    (IFF_MASTER, "MASTER"), (IFF_SLAVE, "SLAVE"), (IFF_DEBUG, "DEBUG"), (IFF_DYNAMIC, "DYNAMIC"),
    (IFF_AUTOMEDIA, "AUTOMEDIA"), (IFF_PORTSEL, "PORTSEL"), (IFF_NOTRAILERS, "NOTRAILERS"), (IFF_UP, "UP"),
    (IFF_LOWER_UP, "LOWER_UP"), (IFF_DORMANT, "DORMANT"), (IFF_ECHO, "ECHO"),
)

OPER_STATES = ("UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP")
IF_OPER_DOWN, IF_OPER_UP = 2, 6

LINK_EVENTS = ("NONE", "REBOOT", "FEATURE CHANGE", "BONDING FAILOVER", "NOTIFY PEERS", "RESEND IGMP",
               "BONDING OPTION")

# lib/ll_types.c: ARPHRD_* -> the name after "link/"
ARPHRD_NAMES = {
    0: "netrom", 1: "ether", 2: "eether", 3: "ax25", 4: "pronet", 5: "chaos", 6: "ieee802", 7: "arcnet",
    8: "atalk", 15: "dlci", 19: "atm", 23: "metricom", 24: "ieee1394", 32: "infiniband", 256: "slip",
    257: "cslip", 258: "slip6", 259: "cslip6", 260: "rsrvd", 264: "adapt", 270: "rose", 271: "x25",
    272: "hwx25", 280: "can", 512: "ppp", 513: "hdlc", 516: "lapb", 517: "ddcmp", 518: "rawhdlc",
    768: "ipip", 769: "tunnel6", 770: "frad", 771: "skip", 772: "loopback", 773: "ltalk", 774: "fddi",
    775: "bif", 776: "sit", 777: "ip/ddp", 778: "gre", 779: "pimreg", 780: "hippi", 781: "ash",
    782: "econet", 783: "irda", 784: "fcpp", 785: "fcal", 786: "fcpl", 787: "fcfb0", 788: "fcfb1",
    789: "fcfb2", 790: "fcfb3", 791: "fcfb4", 792: "fcfb5", 793: "fcfb6", 794: "fcfb7", 795: "fcfb8",
    796: "fcfb9", 797: "fcfb10", 798: "fcfb11", 799: "fcfb12", 800: "tr", 801: "ieee802.11",
    802: "ieee802.11/prism", 803: "ieee802.11/radiotap", 804: "ieee802.15.4", 805: "ieee802.15.4/monitor",
    820: "phonet", 821: "phonet_pipe", 822: "caif", 823: "gre6", 824: "netlink", 825: "6lowpan",
    0xFFFE: "none", 0xFFFF: "void",
}
ARPHRD_TUNNEL, ARPHRD_TUNNEL6, ARPHRD_SIT, ARPHRD_IPGRE, ARPHRD_IP6GRE = 768, 769, 776, 778, 823


def ll_type_n2a(ctx, arphrd):
    """ll_type_n2a(): the name, or "[N]" (always a number under -N)."""
    if not ctx.numeric:
        name = ARPHRD_NAMES.get(arphrd)
        if name is not None:
            return name
    return "[%d]" % arphrd


def ll_addr_n2a(raw, arphrd):
    """lib/ll_addr.c ll_addr_n2a(): tunnels' addresses as IP addresses, the
    rest as hex bytes joined by colons (an empty one as "00")."""
    if len(raw) == 4 and arphrd in (ARPHRD_TUNNEL, ARPHRD_SIT, ARPHRD_IPGRE):
        return "%d.%d.%d.%d" % tuple(raw)
    if len(raw) == 16 and arphrd in (ARPHRD_TUNNEL6, ARPHRD_IP6GRE):
        from pynettools.tools.ip.utils import addr_text

        return addr_text(10, raw)
    if not raw:
        return "00"
    return ":".join("%02x" % b for b in raw)


def print_link_flags(p, flags, mdown):
    """print_link_flags(): <FLAG,...> (a JSON array "flags")."""
    p.open_json_array(PRINT_ANY, "flags" if p.is_json else "<")
    if flags & IFF_UP and not flags & IFF_RUNNING:
        p.string(PRINT_ANY, None, "%s," if flags else "%s", "NO-CARRIER")
    flags &= ~IFF_RUNNING
    for bit, name in _FLAG_NAMES:
        if flags & bit:
            flags &= ~bit
            p.string(PRINT_ANY, None, "%s," if flags else "%s", name)
    if flags:
        p.hex(PRINT_ANY, None, "%x", flags)
    if mdown:
        p.string(PRINT_ANY, None, ",%s", "M-DOWN")
    p.close_json_array(PRINT_ANY, "> ")


def print_operstate(ctx, state):
    p = ctx.printer
    if state >= len(OPER_STATES):
        if p.is_json:
            p.uint(PRINT_JSON, "operstate_index", None, state)
        else:
            p.hex0x(PRINT_FP, None, "state %#x", state)
        return
    color = COLOR_OPERSTATE_UP if state == IF_OPER_UP else \
        COLOR_OPERSTATE_DOWN if state == IF_OPER_DOWN else COLOR_NONE
    if ctx.brief:
        p.string(PRINT_ANY, "operstate", "%-14s ", OPER_STATES[state], color)
    elif p.is_json:
        p.string(PRINT_JSON, "operstate", None, OPER_STATES[state])
    else:
        p.write("state ")
        p.string(PRINT_FP, None, "%s ", OPER_STATES[state], color)


def print_name_and_link(ctx, fmt, link, llmap):
    """lib/utils.c print_name_and_link(): NAME, NAME@LOWER or NAME@ifN (a lower
    device in another namespace, which this one cannot name); returns the
    M-DOWN mark (the lower device is down)."""
    p = ctx.printer
    name = link.name
    mdown = 0
    if link.link is not None:
        iflink = link.link
        lower = None
        if iflink:
            if link.link_netnsid is not None:
                if p.is_json:
                    p.int(PRINT_JSON, "link_index", None, iflink)
                else:
                    lower = "if%u" % iflink
            else:
                lower = llmap.index_to_name(iflink)
                if p.is_json:
                    p.string(PRINT_JSON, "link", None, lower)
                    lower = None
                mdown = 0 if llmap.index_to_flags(iflink) & IFF_UP else 1
        elif p.is_json:
            p.null(PRINT_JSON, "link", None, None)
        else:
            lower = "NONE"
        if lower is not None:
            name = ("%s@%s" % (name, lower))[:63]  # SPRINT_BUF: 64 bytes
    p.string(PRINT_ANY, "ifname", fmt, name, COLOR_IFNAME)
    return mdown


def filtered_out(ctx, link, filt):
    """The filters at the top of print_linkinfo(): True to skip the device."""
    if filt.ifindex and link.index != filt.ifindex:
        return True
    if filt.up and not link.flags & IFF_UP:
        return True
    if link.name is None:  # get_ifname_rta(): ip goes on with "ifN"
        ctx.err.write("BUG: device with ifindex %d has nil ifname\n" % link.index)
        link.name = "if%d" % link.index
    return not _valid_name(link.name)


def _valid_name(name):
    from pynettools.kernel.links import valid_ifname

    return valid_ifname(name)


def _kind_mismatch(link, kind, slave):
    """match_link_kind(): the device has no linkinfo, or another (slave) kind."""
    if not link.has_linkinfo:
        return True
    have = (link.slave_kind if slave else link.kind) or ""
    return have != kind


def print_linkinfo(ctx, link, filt, llmap, do_link):
    """ipaddress.c print_linkinfo(): -1 filtered out, 0 printed nothing (a label
    filter: only the addresses show), 1 printed."""
    p = ctx.printer
    if filtered_out(ctx, link, filt):
        return -1
    if filt.label:
        return 0
    if link.group is not None and filt.group != -1 and link.group != filt.group:
        return -1
    if link.master is not None:
        if filt.master > 0 and link.master != filt.master:
            return -1
    elif filt.master > 0:
        return -1
    if filt.kind is not None and _kind_mismatch(link, filt.kind, False):
        return -1
    if filt.slave_kind is not None and _kind_mismatch(link, filt.slave_kind, True):
        return -1
    if link.deleted:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    if ctx.brief:
        return print_linkinfo_brief(ctx, link, filt, llmap)

    p.int(PRINT_ANY, "ifindex", "%d: ", link.index)
    mdown = print_name_and_link(ctx, "%s: ", link, llmap)
    print_link_flags(p, link.flags, mdown)
    if link.mtu is not None:
        p.int(PRINT_ANY, "mtu", "mtu %u ", link.mtu)
    if link.xdp_attached is not None:
        from pynettools.tools.ip.xdp import print_xdp

        print_xdp(ctx, link, do_link, False)
    if link.qdisc is not None:
        p.string(PRINT_ANY, "qdisc", "qdisc %s ", link.qdisc)
    if link.master is not None:
        p.string(PRINT_ANY, "master", "master %s ", llmap.index_to_name(link.master))
    if link.operstate is not None:
        print_operstate(ctx, link.operstate)
    if do_link and link.linkmode is not None:
        if link.linkmode >= 2:
            p.int(PRINT_ANY, "linkmode_index", "mode %d ", link.linkmode)
        else:
            p.string(PRINT_ANY, "linkmode", "mode %s ", ("DEFAULT", "DORMANT")[link.linkmode])
    if link.group is not None:
        from pynettools.tools.ip.address import group_n2a

        p.string(PRINT_ANY, "group", "group %s ", group_n2a(ctx, link.group))
    if filt.showqueue:
        print_queuelen(ctx, link)
    if link.event is not None:
        if link.event >= len(LINK_EVENTS):
            p.int(PRINT_ANY, "event", "event %d ", link.event)
        elif link.event:
            p.string(PRINT_ANY, "event", "event %s ", LINK_EVENTS[link.event])

    if not filt.family or filt.family == 17 or ctx.details:
        p.nl()
        p.string(PRINT_ANY, "link_type", "    link/%s ", ll_type_n2a(ctx, link.type))
        if link.address is not None:
            p.string(PRINT_ANY, "address", "%s", ll_addr_n2a(link.address, link.type), COLOR_MAC)
        if link.broadcast is not None:
            if link.flags & IFF_POINTOPOINT:
                p.string(PRINT_FP, None, " peer ", None)
                p.bool(PRINT_JSON, "link_pointtopoint", None, True)
            else:
                p.string(PRINT_FP, None, " brd ", None)
            p.string(PRINT_ANY, "broadcast", "%s", ll_addr_n2a(link.broadcast, link.type), COLOR_MAC)
        if link.perm_address is not None and link.perm_address != link.address:
            p.string(PRINT_FP, None, " permaddr ", None)
            p.string(PRINT_ANY, "permaddr", "%s", ll_addr_n2a(link.perm_address, link.type), COLOR_MAC)

    if link.link_netnsid is not None:
        nsid = link.link_netnsid
        if p.is_json:
            p.int(PRINT_JSON, "link_netnsid", None, nsid)
        elif nsid >= 0:
            name = llmap.netns_name(nsid)
            if name is not None:
                p.string(PRINT_FP, None, " link-netns %s", name)
            else:
                p.int(PRINT_FP, None, " link-netnsid %d", nsid)
        else:
            p.string(PRINT_FP, None, " link-netnsid %s", "unknown")
    if link.new_netnsid is not None:
        name = llmap.netns_name(link.new_netnsid)
        if name is not None:
            p.string(PRINT_FP, None, " new-netns %s", name)
        else:
            p.int(PRINT_FP, None, " new-netnsid %d", link.new_netnsid)
    if link.new_ifindex is not None:
        p.int(PRINT_FP, None, " new-ifindex %d", link.new_ifindex)
    if link.proto_down is not None:
        print_proto_down(ctx, link)

    if ctx.details:
        print_details(ctx, link, llmap, do_link)

    if (do_link or ctx.details) and link.ifalias is not None:
        p.string(PRINT_FP, None, "%s    ", p.sl)
        p.string(PRINT_ANY, "ifalias", "alias %s", link.ifalias)
    if (do_link or ctx.details) and link.xdp_attached is not None:
        from pynettools.tools.ip.xdp import print_xdp

        print_xdp(ctx, link, True, True)
    if do_link and ctx.stats:
        p.nl()
        print_link_stats(ctx, link)
    if link.altnames or link.has_prop_list:
        p.open_json_array(PRINT_JSON, "altnames")
        for name in link.altnames:
            p.string(PRINT_FP, None, "%s    altname ", p.sl)
            p.string(PRINT_ANY, None, "%s", name)
        p.close_json_array(PRINT_JSON, None)
    p.string(PRINT_FP, None, "%s", "\n")
    return 1


def print_queuelen(ctx, link):
    """print_queuelen(): IFLA_TXQLEN, or the SIOCGIFTXQLEN ioctl when the
    message has none; nothing for 0.  No space after it."""
    qlen = link.txqlen
    if qlen is None:
        from pynettools.kernel.links import txqueuelen

        try:
            qlen = txqueuelen(ctx.kernel, link.name)
        except OSError as err:
            ctx.err.write("ioctl(SIOCGIFTXQLEN) failed: %s\n" % err.strerror)
            return
    if qlen:
        ctx.printer.int(PRINT_ANY, "txqlen", "qlen %d", qlen)


def print_proto_down(ctx, link):
    p = ctx.printer
    if link.proto_down:
        p.bool(PRINT_ANY, "proto_down", " protodown on ", True)
    reason = link.proto_down_reason
    if reason:
        from pynettools.tools.ip.linkinfo import protodown_reason_names

        names = protodown_reason_names(ctx)
        p.open_json_array(PRINT_ANY, "proto_down_reason" if p.is_json else "protodown_reason <")
        start = True
        bit = 0
        while reason:
            if reason & 1:
                if bit not in names:
                    break
                p.string(PRINT_ANY, None, "%s" if start else ",%s", names[bit])
                start = False
            reason >>= 1
            bit += 1
        p.close_json_array(PRINT_ANY, ">")


ADDR_GEN_MODES = {0: "eui64", 1: "none", 2: "stable_secret", 3: "random"}


def print_details(ctx, link, llmap, do_link):
    """The -d part of print_linkinfo()."""
    p = ctx.printer
    if link.promiscuity is not None:
        p.uint(PRINT_ANY, "promiscuity", " promiscuity %u ", link.promiscuity)
    if link.allmulti is not None:
        p.uint(PRINT_ANY, "allmulti", " allmulti %u ", link.allmulti)
    if link.min_mtu is not None:
        p.uint(PRINT_ANY, "min_mtu", "minmtu %u ", link.min_mtu)
    if link.max_mtu is not None:
        p.uint(PRINT_ANY, "max_mtu", "maxmtu %u ", link.max_mtu)
    if link.has_linkinfo:
        from pynettools.tools.ip.linkinfo import print_linktype

        print_linktype(ctx, link, llmap)
    if do_link and link.addr_gen_mode is not None:
        mode = link.addr_gen_mode
        p.string(PRINT_ANY, "inet6_addr_gen_mode", "addrgenmode %s ", ADDR_GEN_MODES.get(mode, "%#.2x" % mode))
    for value, key, fmt in ((link.num_tx_queues, "num_tx_queues", "numtxqueues %u "),
                            (link.num_rx_queues, "num_rx_queues", "numrxqueues %u "),
                            (link.gso_max_size, "gso_max_size", "gso_max_size %u "),
                            (link.gso_max_segs, "gso_max_segs", "gso_max_segs %u "),
                            (link.tso_max_size, "tso_max_size", "tso_max_size %u "),
                            (link.tso_max_segs, "tso_max_segs", "tso_max_segs %u "),
                            (link.gro_max_size, "gro_max_size", "gro_max_size %u ")):
        if value is not None:
            p.uint(PRINT_ANY, key, fmt, value)
    if link.phys_port_name is not None:
        p.string(PRINT_ANY, "phys_port_name", "portname %s ", link.phys_port_name)
    if link.phys_port_id is not None:
        p.string(PRINT_ANY, "phys_port_id", "portid %s ", link.phys_port_id.hex())
    if link.phys_switch_id is not None:
        p.string(PRINT_ANY, "phys_switch_id", "switchid %s ", link.phys_switch_id.hex())
    if link.parent_bus is not None:
        p.string(PRINT_ANY, "parentbus", "parentbus %s ", link.parent_bus)
    if link.parent_dev is not None:
        p.string(PRINT_ANY, "parentdev", "parentdev %s ", link.parent_dev)


def print_linkinfo_brief(ctx, link, filt, llmap):
    """print_linkinfo_brief(): NAME (16 wide), state (14 wide); for link, the
    address and the flags."""
    p = ctx.printer
    mdown = print_name_and_link(ctx, "%-16s ", link, llmap)
    if link.operstate is not None:
        print_operstate(ctx, link.operstate)
    if filt.family == 17:
        if link.address is not None:
            p.string(PRINT_ANY, "address", "%s ", ll_addr_n2a(link.address, link.type), COLOR_MAC)
        print_link_flags(p, link.flags, mdown)
        p.string(PRINT_FP, None, "%s", "\n")
    return 0


# ---- counters (-s) ----------------------------------------------------------------------


def print_num(ctx, width, count):
    """ipaddress.c print_num(): "%*llu ", or with -h a short form (1.50k, 12.3M; -iec: 1.46Ki)."""
    base = 1024 if ctx.iec else 1000
    if not ctx.human or count < base:
        return "%*d " % (width, count)
    prefixes = "kMGTPE"
    at = 0
    powi = 1
    while True:
        powi *= base
        if count // base < powi:
            break
        if at + 1 >= len(prefixes):
            break
        at += 1
    precision = 2
    powj = 1
    while precision > 0:
        powj *= 10
        if count // powi < powj:
            break
        precision -= 1
    text = "%.*f%s%s" % (precision, count / powi, prefixes[at], "i" if ctx.iec else "")
    return "%*s " % (width, text)


def _size_columns(ctx, cols, *values):
    if ctx.human:
        return
    for i, value in enumerate(values):
        length = len("%d" % value)
        if length > cols[i]:
            cols[i] = length


def print_link_stats(ctx, link):
    """__print_link_stats(): the counters, when the kernel sent any."""
    if link.stats is None:
        return
    print_stats64(ctx, link.stats, link.carrier_changes, "stats64" if link.stats.is64 else "stats")


def print_stats64(ctx, s, carrier_changes, what):
    """ipaddress.c print_stats64(): the RX/TX table (-s), with the error rows (-s -s)."""
    p = ctx.printer
    more = ctx.stats > 1
    if p.is_json:
        if what:
            p.open_json_object(what)
        p.open_json_object("rx")
        for key, value in (("bytes", s.rx_bytes), ("packets", s.rx_packets), ("errors", s.rx_errors),
                           ("dropped", s.rx_dropped), ("over_errors", s.rx_over_errors),
                           ("multicast", s.multicast)):
            p.u64(PRINT_JSON, key, None, value)
        if s.rx_compressed:
            p.u64(PRINT_JSON, "compressed", None, s.rx_compressed)
        if more:
            for key, value in (("length_errors", s.rx_length_errors), ("crc_errors", s.rx_crc_errors),
                               ("frame_errors", s.rx_frame_errors), ("fifo_errors", s.rx_fifo_errors),
                               ("missed_errors", s.rx_missed_errors)):
                p.u64(PRINT_JSON, key, None, value)
            if s.rx_nohandler:
                p.u64(PRINT_JSON, "nohandler", None, s.rx_nohandler)
            if s.rx_otherhost_dropped:
                p.u64(PRINT_JSON, "otherhost", None, s.rx_otherhost_dropped)
        p.close_json_object()
        p.open_json_object("tx")
        for key, value in (("bytes", s.tx_bytes), ("packets", s.tx_packets), ("errors", s.tx_errors),
                           ("dropped", s.tx_dropped), ("carrier_errors", s.tx_carrier_errors),
                           ("collisions", s.collisions)):
            p.u64(PRINT_JSON, key, None, value)
        if s.tx_compressed:
            p.u64(PRINT_JSON, "compressed", None, s.tx_compressed)
        if more:
            for key, value in (("aborted_errors", s.tx_aborted_errors), ("fifo_errors", s.tx_fifo_errors),
                               ("window_errors", s.tx_window_errors),
                               ("heartbeat_errors", s.tx_heartbeat_errors)):
                p.u64(PRINT_JSON, key, None, value)
            if carrier_changes is not None:
                p.u64(PRINT_JSON, "carrier_changes", None, carrier_changes)
        p.close_json_object()
        if what:
            p.close_json_object()
        return

    sl = p.sl
    cols = [10, 7, 6, 7, 7, 7, 10, 9]  # strlen("*X errors:"), "packets", "errors", ...
    _size_columns(ctx, cols, s.rx_bytes, s.rx_packets, s.rx_errors, s.rx_dropped, s.rx_missed_errors,
                  s.multicast, s.rx_compressed, 0)
    if more:
        _size_columns(ctx, cols, 0, s.rx_length_errors, s.rx_crc_errors, s.rx_frame_errors, s.rx_fifo_errors,
                      s.rx_over_errors, s.rx_nohandler, s.rx_otherhost_dropped)
    _size_columns(ctx, cols, s.tx_bytes, s.tx_packets, s.tx_errors, s.tx_dropped, s.tx_carrier_errors,
                  s.collisions, s.tx_compressed, 0)
    if more:
        _size_columns(ctx, cols, 0, 0, s.tx_aborted_errors, s.tx_fifo_errors, s.tx_window_errors,
                      s.tx_heartbeat_errors, carrier_changes or 0, 0)
    out = []
    out.append("    RX: %*s %*s %*s %*s %*s %*s %*s%s" % (
        cols[0] - 4, "bytes", cols[1], "packets", cols[2], "errors", cols[3], "dropped", cols[4], "missed",
        cols[5], "mcast", cols[6], "compressed" if s.rx_compressed else "", sl))
    out.append("    ")
    for width, value in ((cols[0], s.rx_bytes), (cols[1], s.rx_packets), (cols[2], s.rx_errors),
                         (cols[3], s.rx_dropped), (cols[4], s.rx_missed_errors), (cols[5], s.multicast)):
        out.append(print_num(ctx, width, value))
    if s.rx_compressed:
        out.append(print_num(ctx, cols[6], s.rx_compressed))
    if more:
        out.append(sl)
        out.append("    RX errors:%*s %*s %*s %*s %*s %*s%*s%*s%s" % (
            cols[0] - 10, "", cols[1], "length", cols[2], "crc", cols[3], "frame", cols[4], "fifo",
            cols[5], "overrun", cols[6] + 1 if s.rx_nohandler else 0, " nohandler" if s.rx_nohandler else "",
            cols[7] + 1 if s.rx_otherhost_dropped else 0, " otherhost" if s.rx_otherhost_dropped else "", sl))
        out.append("%*s" % (cols[0] + 5, ""))
        for width, value in ((cols[1], s.rx_length_errors), (cols[2], s.rx_crc_errors),
                             (cols[3], s.rx_frame_errors), (cols[4], s.rx_fifo_errors), (cols[5], s.rx_over_errors)):
            out.append(print_num(ctx, width, value))
        if s.rx_nohandler:
            out.append(print_num(ctx, cols[6], s.rx_nohandler))
        if s.rx_otherhost_dropped:
            out.append(print_num(ctx, cols[7], s.rx_otherhost_dropped))
    out.append(sl)
    out.append("    TX: %*s %*s %*s %*s %*s %*s %*s%s" % (
        cols[0] - 4, "bytes", cols[1], "packets", cols[2], "errors", cols[3], "dropped", cols[4], "carrier",
        cols[5], "collsns", cols[6], "compressed" if s.tx_compressed else "", sl))
    out.append("    ")
    for width, value in ((cols[0], s.tx_bytes), (cols[1], s.tx_packets), (cols[2], s.tx_errors),
                         (cols[3], s.tx_dropped), (cols[4], s.tx_carrier_errors), (cols[5], s.collisions)):
        out.append(print_num(ctx, width, value))
    if s.tx_compressed:
        out.append(print_num(ctx, cols[6], s.tx_compressed))
    if more:
        out.append(sl)
        out.append("    TX errors:%*s %*s %*s %*s %*s %*s%s" % (
            cols[0] - 10, "", cols[1], "aborted", cols[2], "fifo", cols[3], "window", cols[4], "heartbt",
            cols[5], "transns" if carrier_changes is not None else "", sl))
        out.append("%*s" % (cols[0] + 5, ""))
        for width, value in ((cols[1], s.tx_aborted_errors), (cols[2], s.tx_fifo_errors),
                             (cols[3], s.tx_window_errors), (cols[4], s.tx_heartbeat_errors)):
            out.append(print_num(ctx, width, value))
        if carrier_changes is not None:
            out.append(print_num(ctx, cols[5], carrier_changes))
    p.write("".join(out))


# ---- ip link xstats / afstats -----------------------------------------------------------

IFLA_STATS_LINK_XSTATS, IFLA_STATS_LINK_XSTATS_SLAVE, IFLA_STATS_AF_SPEC = 2, 3, 5


def xstats(ctx, args):
    """iplink_ifla_xstats(): the kind's extended counters (bridge, bridge_slave)."""
    from pynettools.tools.ip import linkinfo
    from pynettools.tools.ip.utils import invarg

    if not args:
        ctx.err.write("xstats: missing argument\n")
        return 1
    word = args[0]
    if matches(word, "type"):
        if len(args) < 2:
            from pynettools.tools.ip.utils import incomplete_command

            incomplete_command(ctx)
        kind = args[1]
        if kind not in linkinfo.KNOWN_KINDS:
            invarg(ctx, "invalid type", kind)
    elif matches(word, "help"):
        ctx.out.write("Usage: ... xstats type TYPE [ ARGS ]\n")
        return 0
    else:
        invarg(ctx, "unknown argument", word)
    if kind not in linkinfo.KINDS_WITH_XSTATS:
        ctx.err.write("xstats: link type %s doesn't support xstats\n" % kind)
        return 1
    if kind not in ("bridge", "bridge_slave"):
        return not_implemented(ctx, "link xstats type " + kind)
    return linkinfo.bridge_xstats(ctx, kind, args[2:])


def afstats(ctx, args):
    """iplink_afstats(): per-family counters (only MPLS has any: this kernel has none)."""
    from pynettools.kernel import links
    from pynettools.tools.ip import address

    dev = None
    words = list(args)
    while words:
        word = words.pop(0)
        if word == "dev":
            if not words:
                from pynettools.tools.ip.utils import incomplete_command

                incomplete_command(ctx)
            value = words.pop(0)
            if dev is not None:
                from pynettools.tools.ip.utils import duparg2

                duparg2(ctx, "dev", value)
            dev = value
        elif matches(word, "help"):
            usage(ctx)
        else:
            ctx.err.write('Command "%s" is unknown, try "ip link help".\n' % word)
            raise Exit(255)
    ifindex = 0
    llmap = address.LinkMap(ctx)
    if dev is not None:
        ifindex = llmap.name_to_index(dev)
        if ifindex <= 0:
            ctx.err.write('Device "%s" does not exist.\n' % dev)
            return  # do_iplink() exits 0 whatever iplink_afstats() returns
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for index, attrs in links.stats_dump(ctx.kernel, 1 << (IFLA_STATS_AF_SPEC - 1)):
        if ifindex and index != ifindex:
            continue
        spec = attrs.get(IFLA_STATS_AF_SPEC)
        if spec is not None:
            _print_af_stats(ctx, index, spec, llmap)
    p.delete_json_obj()
    return 0


def _print_af_stats(ctx, index, spec, llmap):
    """print_af_stats_attr(): a header per device, then each family's part."""
    from pynettools.kernel import netlink

    p = ctx.printer
    printed = False
    for family, payload in netlink.attribute_list(spec, 0, len(spec)):
        if ctx.family and family != ctx.family:
            continue
        if not printed:
            p.uint(PRINT_ANY, "ifindex", "%u:", index)
            p.string(PRINT_ANY, "ifname", "%s", llmap.index_to_name(index), COLOR_IFNAME)
            p.nl()
            printed = True
        if family == 28:
            ctx.err.write("pynettools ip: link afstats for MPLS is not implemented yet\n")
        else:
            ctx.err.write("    unknown af(%d)\n" % family)
