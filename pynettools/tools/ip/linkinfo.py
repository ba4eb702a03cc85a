"""The kinds' own parts of `ip -d link`: iproute2 6.1's link_util print_opt()s.

print_linktype() (ip/ipaddress.c) prints, on a line of its own, the
device's kind ("    veth ") and what the kind's print_opt() makes of its
IFLA_INFO_DATA; for a port of a bridge, on another line, "    bridge_slave "
and the port's IFLA_INFO_SLAVE_DATA.  Each function below mirrors the C
one named in its docstring, for the kinds this kernel can make: bridge
and its ports, macvlan/macvtap, vxlan, tun/tap (veth and ifb print
nothing of their own).  The values come decoded by kernel/links.py
(KIND_ATTRIBUTES).

Timers (a bridge's gc_timer, a port's hold_timer...) are jiffies the kernel
turns into hundredths of seconds; ip prints them "%4i.%.2i".

Also here: `ip link xstats type bridge|bridge_slave` (the bridge's
multicast and STP counters).  `ip link help TYPE` is in linkhelp.py.
"""
from pynettools.tools.ip.printer import PRINT_ANY, PRINT_FP, PRINT_JSON

# Every link_util compiled into Debian's ip 6.1 (get_link_kind() finds these)
KNOWN_KINDS = (
    "amt", "bareudp", "batadv", "bond", "bond_slave", "bridge", "bridge_slave", "can", "dsa", "dummy",
    "geneve", "gtp", "hsr", "ifb", "ipoib", "ipvlan", "ipvtap", "macvlan", "macvtap", "netdevsim", "nlmon",
    "rmnet", "team", "team_slave", "vcan", "virt_wifi", "vlan", "vrf", "vrf_slave", "vxcan", "vxlan", "wwan",
    "macsec", "tun", "gre", "gretap", "erspan", "ip6gre", "ip6gretap", "ip6erspan", "ip6tnl", "ipip", "sit",
    "veth", "vti", "vti6", "xfrm",
)
# ... and these a print_ifla_xstats()
KINDS_WITH_XSTATS = ("bond", "bond_slave", "bridge", "bridge_slave")

# ---- print_linktype() -------------------------------------------------------------------


def print_linktype(ctx, link, llmap):
    """ipaddress.c print_linktype(): the kind, its data, the port's data."""
    p = ctx.printer
    p.open_json_object("linkinfo")
    if link.kind is not None:
        p.nl()
        p.string(PRINT_ANY, "info_kind", "    %s ", link.kind)
        printer = PRINT_OPT.get(link.kind)
        if printer is not None:
            p.open_json_object("info_data")
            if link.info_data is not None:
                printer(ctx, link.info_data, llmap)
            p.close_json_object()
    if link.slave_kind is not None:
        p.nl()
        p.string(PRINT_ANY, "info_slave_kind", "    %s_slave ", link.slave_kind)
        printer = PRINT_OPT.get(link.slave_kind + "_slave")
        if printer is not None:
            p.open_json_object("info_slave_data")
            if link.slave_data is not None:
                printer(ctx, link.slave_data, llmap)
            p.close_json_object()
    p.close_json_object()


def _timer(ctx, name, jiffies):
    """_bridge_print_timer(): jiffies (USER_HZ, 100 a second) as seconds and hundredths."""
    secs, hundredths = divmod(jiffies, 100)
    p = ctx.printer
    if p.is_json:
        p.jw.name(name)
        p.jw.write("%i.%.2i" % (secs, hundredths))
        p.jw.sep = ","
    else:
        p.write("%s %4i.%.2i " % (name, secs, hundredths))


def bridge_id(raw):
    """br_dump_bridge_id(): priority bytes in hex, then ether_ntoa_r() (no zero padding)."""
    return "%.2x%.2x.%s" % (raw[0], raw[1], ":".join("%x" % b for b in raw[2:8]))


def _ll_proto(number):
    """ll_proto_n2a() for a bridge's VLAN protocol."""
    return {0x8100: "802.1Q", 0x88A8: "802.1ad"}.get(number, "[%d]" % number)


def bridge_print_opt(ctx, d, llmap):
    """iplink_bridge.c bridge_print_opt()."""
    p = ctx.printer
    for key, fmt in (("forward_delay", "forward_delay %u "), ("hello_time", "hello_time %u "),
                     ("max_age", "max_age %u "), ("ageing_time", "ageing_time %u "),
                     ("stp_state", "stp_state %u "), ("priority", "priority %u "),
                     ("vlan_filtering", "vlan_filtering %u ")):
        if key in d:
            p.uint(PRINT_ANY, key, fmt, d[key])
    if "vlan_protocol" in d:
        p.string(PRINT_ANY, "vlan_protocol", "vlan_protocol %s ", _ll_proto(d["vlan_protocol"]))
    if "bridge_id" in d:
        p.string(PRINT_ANY, "bridge_id", "bridge_id %s ", bridge_id(d["bridge_id"]))
    if "root_id" in d:
        # ip 6.1 prints the bridge id here again (it reads IFLA_BR_BRIDGE_ID for both)
        p.string(PRINT_ANY, "root_id", "designated_root %s ", bridge_id(d.get("bridge_id", bytes(8))))
    for key, fmt in (("root_port", "root_port %u "), ("root_path_cost", "root_path_cost %u "),
                     ("topology_change", "topology_change %u "),
                     ("topology_change_detected", "topology_change_detected %u ")):
        if key in d:
            p.uint(PRINT_ANY, key, fmt, d[key])
    for key in ("hello_timer", "tcn_timer", "topology_change_timer", "gc_timer"):
        if key in d:
            _timer(ctx, key, d[key])
    for key, fmt in (("vlan_default_pvid", "vlan_default_pvid %u "),
                     ("vlan_stats_enabled", "vlan_stats_enabled %u "),
                     ("vlan_stats_per_port", "vlan_stats_per_port %u ")):
        if key in d:
            p.uint(PRINT_ANY, key, fmt, d[key])
    if "group_fwd_mask" in d:
        p.hex0x(PRINT_ANY, "group_fwd_mask", "group_fwd_mask %#x ", d["group_fwd_mask"])
    if "group_addr" in d:
        from pynettools.tools.ip.link import ll_addr_n2a

        p.string(PRINT_ANY, "group_addr", "group_address %s ", ll_addr_n2a(d["group_addr"], 1))
    if "mcast_snooping" in d:
        p.uint(PRINT_ANY, "mcast_snooping", "mcast_snooping %u ", d["mcast_snooping"])
    if "multi_boolopt" in d:
        optval, optmask = d["multi_boolopt"]
        if optmask & 1:  # BR_BOOLOPT_NO_LL_LEARN
            p.uint(PRINT_ANY, "no_linklocal_learn", "no_linklocal_learn %u ", 1 if optval & 1 else 0)
        if optmask & 2:  # BR_BOOLOPT_MCAST_VLAN_SNOOPING
            p.uint(PRINT_ANY, "mcast_vlan_snooping", "mcast_vlan_snooping %u ", 1 if optval & 2 else 0)
    for key, fmt in (("mcast_router", "mcast_router %u "), ("mcast_query_use_ifaddr", "mcast_query_use_ifaddr %u "),
                     ("mcast_querier", "mcast_querier %u "), ("mcast_hash_elasticity", "mcast_hash_elasticity %u "),
                     ("mcast_hash_max", "mcast_hash_max %u "),
                     ("mcast_last_member_cnt", "mcast_last_member_count %u "),
                     ("mcast_startup_query_cnt", "mcast_startup_query_count %u "),
                     ("mcast_last_member_intvl", "mcast_last_member_interval %u "),
                     ("mcast_membership_intvl", "mcast_membership_interval %u "),
                     ("mcast_querier_intvl", "mcast_querier_interval %u "),
                     ("mcast_query_intvl", "mcast_query_interval %u "),
                     ("mcast_query_response_intvl", "mcast_query_response_interval %u "),
                     ("mcast_startup_query_intvl", "mcast_startup_query_interval %u "),
                     ("mcast_stats_enabled", "mcast_stats_enabled %u "),
                     ("mcast_igmp_version", "mcast_igmp_version %u "),
                     ("mcast_mld_version", "mcast_mld_version %u "),
                     ("nf_call_iptables", "nf_call_iptables %u "), ("nf_call_ip6tables", "nf_call_ip6tables %u "),
                     ("nf_call_arptables", "nf_call_arptables %u ")):
        if key in d:
            p.uint(PRINT_ANY, key, fmt, d[key])


PORT_STATES = ("disabled", "listening", "learning", "forwarding", "blocking")
_FWD_MASK_NAMES = {0: "stp", 2: "lacp", 14: "lldp"}


def _bitmask2str(mask):
    """_bitmask2str(): the named bits of a group_fwd_mask, the others as 0x..; "0x0" for none."""
    parts = []
    bit = 0
    while mask:
        if mask & 1:
            parts.append(_FWD_MASK_NAMES.get(bit) or "0x%x" % (1 << bit))
        mask >>= 1
        bit += 1
    return ",".join(parts) if parts else "0x0"


def bridge_slave_print_opt(ctx, d, llmap):
    """iplink_bridge_slave.c bridge_slave_print_opt()."""
    p = ctx.printer
    if "state" in d:
        state = d["state"]
        if state < len(PORT_STATES):
            p.string(PRINT_ANY, "state", "state %s ", PORT_STATES[state])
        else:
            p.int(PRINT_ANY, "state_index", "state (%d) ", state)
    if "priority" in d:
        p.int(PRINT_ANY, "priority", "priority %d ", d["priority"])
    if "cost" in d:
        cost = d["cost"]
        p.int(PRINT_ANY, "cost", "cost %d ", cost - (1 << 32) if cost & 0x80000000 else cost)
    for key, json_key, fmt in (("mode", "hairpin", "hairpin %s "), ("guard", "guard", "guard %s "),
                               ("protect", "root_block", "root_block %s "),
                               ("fast_leave", "fastleave", "fastleave %s "),
                               ("learning", "learning", "learning %s "),
                               ("unicast_flood", "flood", "flood %s ")):
        if key in d:
            p.on_off(PRINT_ANY, json_key, fmt, d[key])
    if "id" in d:
        p.hex0x(PRINT_ANY, "id", "port_id %#x ", d["id"])
    if "no" in d:
        p.hex0x(PRINT_ANY, "no", "port_no %#x ", d["no"])
    if "designated_port" in d:
        p.uint(PRINT_ANY, "designated_port", "designated_port %u ", d["designated_port"])
    if "designated_cost" in d:
        p.uint(PRINT_ANY, "designated_cost", "designated_cost %u ", d["designated_cost"])
    if "bridge_id" in d:
        p.string(PRINT_ANY, "bridge_id", "designated_bridge %s ", bridge_id(d["bridge_id"]))
    if "root_id" in d:
        p.string(PRINT_ANY, "root_id", "designated_root %s ", bridge_id(d["root_id"]))
    for key in ("hold_timer", "message_age_timer", "forward_delay_timer"):
        if key in d:
            _timer(ctx, key, d[key])
    if "topology_change_ack" in d:
        p.uint(PRINT_ANY, "topology_change_ack", "topology_change_ack %u ", d["topology_change_ack"])
    if "config_pending" in d:
        p.uint(PRINT_ANY, "config_pending", "config_pending %u ", d["config_pending"])
    if "proxyarp" in d:
        p.on_off(PRINT_ANY, "proxy_arp", "proxy_arp %s ", d["proxyarp"])
    if "proxyarp_wifi" in d:
        p.on_off(PRINT_ANY, "proxy_arp_wifi", "proxy_arp_wifi %s ", d["proxyarp_wifi"])
    if "multicast_router" in d:
        p.uint(PRINT_ANY, "multicast_router", "mcast_router %u ", d["multicast_router"])
    if "fast_leave" in d:
        # text only: the JSON already has "fastleave"
        p.string(PRINT_FP, None, "mcast_fast_leave %s ", "on" if d["fast_leave"] else "off")
    for key, json_key, fmt in (("mcast_flood", "mcast_flood", "mcast_flood %s "),
                               ("bcast_flood", "bcast_flood", "bcast_flood %s "),
                               ("mcast_to_ucast", "mcast_to_unicast", "mcast_to_unicast %s "),
                               ("neigh_suppress", "neigh_suppress", "neigh_suppress %s ")):
        if key in d:
            p.on_off(PRINT_ANY, json_key, fmt, d[key])
    if "group_fwd_mask" in d:
        mask = d["group_fwd_mask"]
        p.hex0x(PRINT_ANY, "group_fwd_mask", "group_fwd_mask %#x ", mask)
        p.string(PRINT_ANY, "group_fwd_mask_str", "group_fwd_mask_str %s ", _bitmask2str(mask))
    for key, fmt in (("vlan_tunnel", "vlan_tunnel %s "), ("isolated", "isolated %s "), ("locked", "locked %s ")):
        if key in d:
            p.on_off(PRINT_ANY, key, fmt, d[key])
    if "backup_port" in d:
        p.string(PRINT_ANY, "backup_port", "backup_port %s ", llmap.index_to_name(d["backup_port"]))


MACVLAN_MODES = {1: "private", 2: "vepa", 4: "bridge", 8: "passthru", 16: "source"}


def _u32_min(raw, size=4):
    import struct

    if raw is None or len(raw) < size:
        return None
    return struct.unpack_from("=I" if size == 4 else "=H", raw)[0]


def macvlan_print_opt(ctx, d, llmap):
    """iplink_macvlan.c macvlan_print_opt() (macvtap too)."""
    p = ctx.printer
    mode = _u32_min(d.get("mode"))
    if mode is None:
        return
    p.string(PRINT_ANY, "mode", "mode %s ", MACVLAN_MODES.get(mode, "unknown"))
    flags = _u32_min(d.get("flags"), 2) or 0
    if flags & 1:  # MACVLAN_FLAG_NOPROMISC
        p.bool(PRINT_ANY, "nopromisc", "nopromisc ", True)
    if flags & 2:  # MACVLAN_FLAG_NODST
        p.bool(PRINT_ANY, "nodst", "nodst ", True)
    queue = _u32_min(d.get("bc_queue_len"))
    if queue is not None:
        p.luint(PRINT_ANY, "bcqueuelen", "bcqueuelen %u ", queue)
    used = _u32_min(d.get("bc_queue_len_used"))
    if used is not None:
        p.luint(PRINT_ANY, "usedbcqueuelen", "usedbcqueuelen %u ", used)
    if mode != 16:
        return
    count = _u32_min(d.get("macaddr_count"))
    if count is None:
        return
    p.int(PRINT_ANY, "macaddr_count", "remotes (%d) ", count - (1 << 32) if count & 0x80000000 else count)
    data = d.get("macaddr_data")
    if data is None:
        return
    from pynettools.kernel import netlink

    p.open_json_array(PRINT_JSON, "macaddr_data")
    for attr_type, raw in netlink.attribute_list(data, 0, len(data)):
        if attr_type != 4 or len(raw) < 6:  # IFLA_MACVLAN_MACADDR
            continue
        text = ":".join("%.2x" % b for b in raw[:6])
        if p.is_json:
            p.string(PRINT_JSON, None, None, text)
        else:
            p.write(text + " ")
    p.close_json_array(PRINT_JSON, None)


def _ipv4(raw):
    return "%d.%d.%d.%d" % tuple(raw[:4].ljust(4, b"\0"))


def vxlan_print_opt(ctx, d, llmap):
    """iplink_vxlan.c vxlan_print_opt()."""
    from pynettools.tools.ip.utils import format_host

    p = ctx.printer
    if d.get("collect_metadata"):
        p.bool(PRINT_ANY, "external", "external ", True)
    if d.get("vnifilter"):
        p.bool(PRINT_ANY, "vnifilter", "vnifilter", True)
    vni = _u32_min(d.get("id"))
    if vni is not None:
        p.uint(PRINT_ANY, "id", "id %u ", vni)
    if "group" in d:
        raw = d["group"][:4].ljust(4, b"\0")
        if raw != bytes(4):
            key = "group" if 224 <= raw[0] <= 239 else "remote"
            p.string(PRINT_ANY, key, key + " %s ", format_host(ctx, 2, raw))
    elif "group6" in d:
        raw = d["group6"][:16].ljust(16, b"\0")
        if raw != bytes(16):
            if raw[0] == 0xFF:
                p.string(PRINT_ANY, "group6", "group %s ", format_host(ctx, 10, raw))
            else:
                p.string(PRINT_ANY, "remote6", "remote %s ", format_host(ctx, 10, raw))
    if "local" in d:
        raw = d["local"][:4].ljust(4, b"\0")
        if raw != bytes(4):
            p.string(PRINT_ANY, "local", "local %s ", format_host(ctx, 2, raw))
    elif "local6" in d:
        raw = d["local6"][:16].ljust(16, b"\0")
        if raw != bytes(16):
            p.string(PRINT_ANY, "local6", "local %s ", format_host(ctx, 10, raw))
    if d.get("link"):
        p.string(PRINT_ANY, "link", "dev %s ", llmap.index_to_name(d["link"]))
    if "port_range" in d:
        low, high = d["port_range"]
        if p.is_json:
            p.open_json_object("port_range")
            p.uint(PRINT_JSON, "low", None, low)
            p.uint(PRINT_JSON, "high", None, high)
            p.close_json_object()
        else:
            p.write("srcport %u %u " % (low, high))
    if "port" in d:
        p.uint(PRINT_ANY, "port", "dstport %u ", d["port"])
    if "learning" in d:
        p.bool(PRINT_JSON, "learning", None, d["learning"])
        if not d["learning"]:
            p.bool(PRINT_FP, None, "nolearning ", True)
    for key, fmt in (("proxy", "proxy "), ("rsc", "rsc "), ("l2miss", "l2miss "), ("l3miss", "l3miss ")):
        if d.get(key):
            p.bool(PRINT_ANY, key, fmt, True)
    tos = d.get("tos", 0)
    if tos:
        if p.is_json or tos != 1:
            p.hex0x(PRINT_ANY, "tos", "tos %#x ", tos)
        else:
            p.string(PRINT_FP, None, "tos %s ", "inherit")
    if d.get("ttl_inherit"):
        p.string(PRINT_FP, None, "ttl %s ", "inherit")
    elif "ttl" in d:
        ttl = d["ttl"]
        if p.is_json or ttl:
            p.uint(PRINT_ANY, "ttl", "ttl %u ", ttl)
        else:
            p.string(PRINT_FP, None, "ttl %s ", "auto")
    if "df" in d:
        df = d["df"]
        if df == 0:
            p.string(PRINT_JSON, "df", "df %s ", "unset")
        elif df == 1:
            p.string(PRINT_ANY, "df", "df %s ", "set")
        elif df == 2:
            p.string(PRINT_ANY, "df", "df %s ", "inherit")
    if d.get("label"):
        p.hex0x(PRINT_ANY, "label", "flowlabel %#x ", d["label"])
    if "ageing" in d:
        if d["ageing"] == 0:
            p.uint(PRINT_ANY, "ageing", "ageing none ", 0)
        else:
            p.uint(PRINT_ANY, "ageing", "ageing %u ", d["ageing"])
    if d.get("limit"):
        p.uint(PRINT_ANY, "limit", "maxaddr %u ", d["limit"])
    for key, word in (("udp_csum", "udpcsum "), ("udp_zero_csum6_tx", "udp6zerocsumtx "),
                      ("udp_zero_csum6_rx", "udp6zerocsumrx ")):
        if key in d:
            if p.is_json:
                p.bool(PRINT_ANY, key, None, d[key])
            else:
                p.write(("" if d[key] else "no") + word)
    if d.get("remcsum_tx"):
        p.bool(PRINT_ANY, "remcsum_tx", "remcsumtx ", True)
    if d.get("remcsum_rx"):
        p.bool(PRINT_ANY, "remcsum_rx", "remcsumrx ", True)
    if "gbp" in d:
        p.bool(PRINT_ANY, "gbp", "gbp ", True)
    if "gpe" in d:
        p.bool(PRINT_ANY, "gpe", "gpe ", True)


def tun_print_opt(ctx, d, llmap):
    """iptuntap.c tun_print_opt()."""
    p = ctx.printer
    if "type" in d:
        kind = d["type"]
        p.string(PRINT_ANY, "type", "type %s ", "tun" if kind == 1 else "tap" if kind == 2 else "UNKNOWN:%d" % kind)
    if "pi" in d:
        p.on_off(PRINT_ANY, "pi", "pi %s ", d["pi"])
    if "vnet_hdr" in d:
        p.on_off(PRINT_ANY, "vnet_hdr", "vnet_hdr %s ", d["vnet_hdr"])
    if not d.get("multi_queue"):
        if p.is_json:
            p.bool(PRINT_JSON, "multi_queue", None, False)
    else:
        p.bool(PRINT_ANY, "multi_queue", "multi_queue ", True)
        if "num_queues" in d:
            p.uint(PRINT_ANY, "numqueues", "numqueues %u ", d["num_queues"])
        if "num_disabled_queues" in d:
            p.uint(PRINT_ANY, "numdisabled", "numdisabled %u ", d["num_disabled_queues"])
    if "persist" in d:
        p.on_off(PRINT_ANY, "persist", "persist %s ", d["persist"])
    if "owner" in d:
        name = _id_name(ctx, "getpwuid", d["owner"])
        if name is not None:
            p.string(PRINT_ANY, "user", "user %s ", name)
        else:
            p.uint(PRINT_ANY, "user", "user %u ", d["owner"])
    if "group" in d:
        name = _id_name(ctx, "getgrgid", d["group"])
        if name is not None:
            p.string(PRINT_ANY, "group", "group %s ", name)
        else:
            p.uint(PRINT_ANY, "group", "group %u ", d["group"])


def _id_name(ctx, what, number):
    """getpwuid()/getgrgid(): the name, or None (recorded by the seam)."""
    return ctx.kernel.lookup(what, _lookup_id, what, number)


def _lookup_id(what, number):
    try:
        if what == "getpwuid":
            import pwd

            return pwd.getpwuid(number).pw_name
        import grp

        return grp.getgrgid(number).gr_name
    except (KeyError, OverflowError):
        return None


PRINT_OPT = {
    "bridge": bridge_print_opt,
    "bridge_slave": bridge_slave_print_opt,
    "macvlan": macvlan_print_opt,
    "macvtap": macvlan_print_opt,
    "vxlan": vxlan_print_opt,
    "tun": tun_print_opt,
}


def protodown_reason_names(ctx):
    """protodown_reason_n2a(): {bit: name} for bits 0..31 from
    /etc/iproute2/protodown_reasons.d/*.conf (numbers under -N or unnamed)."""
    from pynettools.tools.ip.utils import CONFDIR, conf_dir_files, read_id_file

    names = {bit: "%d" % bit for bit in range(32)}
    if ctx.numeric:
        return names
    for path in conf_dir_files(ctx, CONFDIR + "/protodown_reasons.d"):
        for number, name in read_id_file(ctx, path):
            if 0 <= number < 32:
                names[number] = name
    return names


# ---- ip link xstats type bridge|bridge_slave (iplink_bridge.c) ---------------------------

BRIDGE_XSTATS_MCAST, BRIDGE_XSTATS_STP = 2, 4
LINK_XSTATS_TYPE_BRIDGE = 1
IFLA_STATS_LINK_XSTATS, IFLA_STATS_LINK_XSTATS_SLAVE = 2, 3


def bridge_xstats(ctx, kind, args):
    """iplink_ifla_xstats() with bridge_parse_xstats() and bridge_print_xstats()."""
    from pynettools.kernel import links, netlink
    from pynettools.tools.ip.address import LinkMap
    from pynettools.tools.ip.utils import incomplete_command, invarg

    only = 0
    ifindex = 0
    llmap = LinkMap(ctx)
    words = list(args)
    while words:
        word = words.pop(0)
        if word in ("igmp", "mcast"):
            only = BRIDGE_XSTATS_MCAST
        elif word == "stp":
            only = BRIDGE_XSTATS_STP
        elif word == "dev":
            if not words:
                incomplete_command(ctx)
            name = words.pop(0)
            ifindex = llmap.name_to_index(name)
            if not ifindex:
                ctx.err.write('Cannot find device "%s"\n' % name)
                return 1
        elif word == "help":
            ctx.out.write("Usage: ... %s [ igmp ] [ dev DEVICE ]\n" % kind)
            from pynettools.tools.ip.utils import Exit

            raise Exit(0)
        else:
            invarg(ctx, "unknown attribute", word)
    mask = 1 << ((IFLA_STATS_LINK_XSTATS_SLAVE if kind.endswith("_slave") else IFLA_STATS_LINK_XSTATS) - 1)
    try:
        found = links.stats_dump(ctx.kernel, mask)
    except netlink.DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        ctx.err.write(dump_error_text(err))
        ctx.err.write("Dump terminated\n")
        return 1
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for index, attrs in found:
        if ifindex and index != ifindex:
            continue
        for attr in (IFLA_STATS_LINK_XSTATS, IFLA_STATS_LINK_XSTATS_SLAVE):
            if attr in attrs:
                _bridge_stats_attr(ctx, attrs[attr], index, only, llmap)
    p.delete_json_obj()
    return 0


def _bridge_stats_attr(ctx, payload, index, only, llmap):
    from pynettools.kernel import netlink

    types = netlink.attributes(payload, 0, len(payload))
    if LINK_XSTATS_TYPE_BRIDGE not in types:
        return
    p = ctx.printer
    p.open_json_object(None)
    p.string(PRINT_ANY, "ifname", "%-16s\n", llmap.index_to_name(index))
    listing = types[LINK_XSTATS_TYPE_BRIDGE]
    for attr_type, raw in netlink.attribute_list(listing, 0, len(listing)):
        if only and attr_type != only:
            continue
        if attr_type == BRIDGE_XSTATS_MCAST:
            _bridge_mcast(ctx, raw)
        elif attr_type == BRIDGE_XSTATS_STP:
            _bridge_stp(ctx, raw)
    p.close_json_object()


_PAD = "%-16s      " % ""


def _bridge_mcast(ctx, raw):
    """bridge_print_stats_mcast(): struct br_mcast_stats, [RX, TX] pairs."""
    import struct

    v = struct.unpack_from("=31Q", raw[:248].ljust(248, b"\0"))
    (q1, q2, q3, leaves, r1, r2, r3) = [v[i:i + 2] for i in range(0, 14, 2)]
    igmp_errors = v[14]
    (mq1, mq2, mleaves, mr1, mr2) = [v[i:i + 2] for i in range(15, 25, 2)]
    mld_errors = v[25]
    p = ctx.printer
    p.open_json_object("multicast")

    def triple(name, title, a, b, c):
        p.open_json_object(name)
        p.string(PRINT_FP, None, "%-16s    " + title + ":\n", "")
        p.string(PRINT_FP, None, "%s", _PAD)
        p.u64(PRINT_ANY, "rx_v1", "RX: v1 %u ", a[0])
        p.u64(PRINT_ANY, "rx_v2", "v2 %u ", b[0])
        p.u64(PRINT_ANY, "rx_v3", "v3 %u\n", c[0])
        p.string(PRINT_FP, None, "%s", _PAD)
        p.u64(PRINT_ANY, "tx_v1", "TX: v1 %u ", a[1])
        p.u64(PRINT_ANY, "tx_v2", "v2 %u ", b[1])
        p.u64(PRINT_ANY, "tx_v3", "v3 %u\n", c[1])
        p.close_json_object()

    def double(name, title, a, b):
        p.open_json_object(name)
        p.string(PRINT_FP, None, "%-16s    " + title + ":\n", "")
        p.string(PRINT_FP, None, "%s", _PAD)
        p.u64(PRINT_ANY, "rx_v1", "RX: v1 %u ", a[0])
        p.u64(PRINT_ANY, "rx_v2", "v2 %u\n", b[0])
        p.string(PRINT_FP, None, "%s", _PAD)
        p.u64(PRINT_ANY, "tx_v1", "TX: v1 %u ", a[1])
        p.u64(PRINT_ANY, "tx_v2", "v2 %u\n", b[1])
        p.close_json_object()

    def leave(name, title, pair):
        p.open_json_object(name)
        p.string(PRINT_FP, None, "%-16s    " + title + ": ", "")
        p.u64(PRINT_ANY, "rx", "RX: %u ", pair[0])
        p.u64(PRINT_ANY, "tx", "TX: %u\n", pair[1])
        p.close_json_object()

    triple("igmp_queries", "IGMP queries", q1, q2, q3)
    triple("igmp_reports", "IGMP reports", r1, r2, r3)
    leave("igmp_leaves", "IGMP leaves", leaves)
    p.string(PRINT_FP, None, "%-16s    IGMP parse errors: ", "")
    p.u64(PRINT_ANY, "igmp_parse_errors", "%u\n", igmp_errors)
    double("mld_queries", "MLD queries", mq1, mq2)
    double("mld_reports", "MLD reports", mr1, mr2)
    leave("mld_leaves", "MLD leaves", mleaves)
    p.string(PRINT_FP, None, "%-16s    MLD parse errors: ", "")
    p.u64(PRINT_ANY, "mld_parse_errors", "%u\n", mld_errors)
    p.close_json_object()


def _bridge_stp(ctx, raw):
    """bridge_print_stats_stp(): struct bridge_stp_xstats."""
    import struct

    blk, fwd, rx_bpdu, tx_bpdu, rx_tcn, tx_tcn = struct.unpack_from("=6Q", raw[:48].ljust(48, b"\0"))
    p = ctx.printer
    p.open_json_object("stp")
    p.string(PRINT_FP, None, "%-16s    STP BPDU:  ", "")
    p.u64(PRINT_ANY, "rx_bpdu", "RX: %u ", rx_bpdu)
    p.u64(PRINT_ANY, "tx_bpdu", "TX: %u\n", tx_bpdu)
    p.string(PRINT_FP, None, "%-16s    STP TCN:   ", "")
    p.u64(PRINT_ANY, "rx_tcn", "RX: %u ", rx_tcn)
    p.u64(PRINT_ANY, "tx_tcn", "TX: %u\n", tx_tcn)
    p.string(PRINT_FP, None, "%-16s    STP Transitions: ", "")
    p.u64(PRINT_ANY, "transition_blk", "Blocked: %u ", blk)
    p.u64(PRINT_ANY, "transition_fwd", "Forwarding: %u\n", fwd)
    p.close_json_object()
