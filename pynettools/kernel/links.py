"""Network devices ("links") over rtnetlink: what `ip link` and `ip address` read.

How ip asks
-----------
A link is described by one RTM_NEWLINK message: struct ifinfomsg (family,
device type ARPHRD_*, ifindex, IFF_* flags, change mask), then IFLA_*
attributes: the name, MTU, qdisc, master, operational state, addresses,
counters (IFLA_STATS64, a struct rtnl_link_stats64), and nested ones:
IFLA_LINKINFO (the driver's kind, "veth", "bridge", ..., with its own
IFLA_INFO_DATA, and for a bridge port the master's IFLA_INFO_SLAVE_DATA),
IFLA_AF_SPEC (per address family: IPv6's addrgenmode), IFLA_PROP_LIST
(alternative names), IFLA_XDP.

ip gets them three ways, and so do we:
  * a dump (RTM_GETLINK, NLM_F_DUMP) of every device: `ip link`, `ip addr`.
    With IFLA_EXT_MASK it asks for VF information (RTEXT_FILTER_VF); with
    IFLA_MASTER or IFLA_LINKINFO/IFLA_INFO_KIND in the request the kernel
    itself leaves out devices with another master or of another kind
    (strict checking, see rtnl.py): `ip link show master br0`, `type veth`;
  * one device by name (IFLA_IFNAME, or IFLA_ALT_IFNAME for a name that
    is no valid interface name) or by index, without NLM_F_DUMP: `ip link
    show dev X` (iplink_get), and ll_name_to_index() resolving a name;
  * the counters alone (RTM_GETSTATS, struct if_stats_msg): `ip link
    xstats` and `afstats`.

The kernel leaves the counters out when the request's extension mask says
RTEXT_FILTER_SKIP_STATS, which ip sets when it only needs names.

A veth whose peer lives in another namespace carries IFLA_LINK_NETNSID: the
number under which *this* namespace knows the peer's.  ip prints the name
of that namespace (`link-netns NAME`): it asks, for every file in
/var/run/netns, which id that namespace has here (RTM_GETNSID with the
file's descriptor), netns_names() below.

Everything returned is plain data (Link, and dicts of numbers); nothing
here prints.
"""
import struct

from pynettools.kernel import netlink, rtnl

# struct ifinfomsg
IFINFOMSG = struct.Struct("=BxHiII")
_HDR = 16 + IFINFOMSG.size

# IFLA_* (include/uapi/linux/if_link.h, as iproute2 6.1 has it)
(IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME, IFLA_MTU, IFLA_LINK, IFLA_QDISC, IFLA_STATS, IFLA_COST,
 IFLA_PRIORITY, IFLA_MASTER, IFLA_WIRELESS, IFLA_PROTINFO, IFLA_TXQLEN, IFLA_MAP, IFLA_WEIGHT,
 IFLA_OPERSTATE, IFLA_LINKMODE, IFLA_LINKINFO, IFLA_NET_NS_PID, IFLA_IFALIAS, IFLA_NUM_VF,
 IFLA_VFINFO_LIST, IFLA_STATS64, IFLA_VF_PORTS, IFLA_PORT_SELF, IFLA_AF_SPEC, IFLA_GROUP,
 IFLA_NET_NS_FD, IFLA_EXT_MASK, IFLA_PROMISCUITY, IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES,
 IFLA_CARRIER, IFLA_PHYS_PORT_ID, IFLA_CARRIER_CHANGES, IFLA_PHYS_SWITCH_ID, IFLA_LINK_NETNSID,
 IFLA_PHYS_PORT_NAME, IFLA_PROTO_DOWN, IFLA_GSO_MAX_SEGS, IFLA_GSO_MAX_SIZE, IFLA_PAD, IFLA_XDP,
 IFLA_EVENT, IFLA_NEW_NETNSID, IFLA_IF_NETNSID, IFLA_CARRIER_UP_COUNT, IFLA_CARRIER_DOWN_COUNT,
 IFLA_NEW_IFINDEX, IFLA_MIN_MTU, IFLA_MAX_MTU, IFLA_PROP_LIST, IFLA_ALT_IFNAME, IFLA_PERM_ADDRESS,
 IFLA_PROTO_DOWN_REASON, IFLA_PARENT_DEV_NAME, IFLA_PARENT_DEV_BUS_NAME, IFLA_GRO_MAX_SIZE,
 IFLA_TSO_MAX_SIZE, IFLA_TSO_MAX_SEGS, IFLA_ALLMULTI) = range(1, 62)

IFLA_INFO_KIND, IFLA_INFO_DATA, IFLA_INFO_XSTATS, IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA = range(1, 6)
IFLA_INET6_ADDR_GEN_MODE = 8
# IFLA_XDP's own attributes (IFLA_XDP_FD 1, IFLA_XDP_FLAGS 3 and
# IFLA_XDP_EXPECTED_FD 8 are for requests only)
IFLA_XDP_ATTACHED, IFLA_XDP_PROG_ID, IFLA_XDP_DRV_PROG_ID, IFLA_XDP_SKB_PROG_ID, IFLA_XDP_HW_PROG_ID = 2, 4, 5, 6, 7
IFLA_PROTO_DOWN_REASON_VALUE = 2

RTEXT_FILTER_VF = 1 << 0
RTEXT_FILTER_SKIP_STATS = 1 << 3

AF_INET6 = 10

# struct rtnl_link_stats64: 25 counters, in this order.
STATS64_FIELDS = ("rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
                  "rx_dropped", "tx_dropped", "multicast", "collisions", "rx_length_errors",
                  "rx_over_errors", "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors",
                  "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
                  "tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed",
                  "rx_nohandler", "rx_otherhost_dropped")
_STATS64 = struct.Struct("=25Q")
_STATS32 = struct.Struct("=24I")  # struct rtnl_link_stats: the same counters, 32 bits, less the last


class Stats:
    """struct rtnl_link_stats64 as attributes (rx_bytes, ...); is64 tells which
    attribute it came from (ip's JSON names it "stats64" or "stats")."""

    __slots__ = STATS64_FIELDS + ("is64",)

    def __init__(self, values, is64):
        for name, value in zip(STATS64_FIELDS, values):
            setattr(self, name, value)
        self.is64 = is64


class Link:
    """One RTM_NEWLINK (or RTM_DELLINK) message, decoded.

    Attributes the message did not carry are None (the class defaults
    below: a message sets only what it carries).  info_data / slave_data:
    {attribute name: value} of the kind's own attributes (see
    KIND_ATTRIBUTES), None when the kind sent none.
    """

    deleted = family = type = index = flags = None
    name = mtu = qdisc = master = operstate = linkmode = group = txqlen = event = None
    address = broadcast = perm_address = link = link_netnsid = new_netnsid = new_ifindex = None
    proto_down = proto_down_reason = promiscuity = allmulti = min_mtu = max_mtu = None
    num_tx_queues = num_rx_queues = gso_max_size = gso_max_segs = tso_max_size = tso_max_segs = None
    gro_max_size = phys_port_name = phys_port_id = phys_switch_id = parent_bus = parent_dev = None
    ifalias = stats = carrier_changes = kind = info_data = slave_kind = slave_data = None
    addr_gen_mode = xdp_attached = xdp_prog_id = num_vf = None
    xdp_skb_prog_id = xdp_drv_prog_id = xdp_hw_prog_id = None  # XDP_ATTACHED_MULTI's per-mode programs
    has_linkinfo = has_prop_list = False
    altnames = ()


def _u8(p):
    return p[0] if p else 0


def _u16(p):
    return struct.unpack_from("=H", p.ljust(2, b"\0"))[0]


def _be16(p):
    return struct.unpack_from("!H", p.ljust(2, b"\0"))[0]


def _u32(p):
    return struct.unpack_from("=I", p.ljust(4, b"\0"))[0]


def _s32(p):
    return struct.unpack_from("=i", p.ljust(4, b"\0"))[0]


def _be32(p):
    return struct.unpack_from("!I", p.ljust(4, b"\0"))[0]


def _u64(p):
    return struct.unpack_from("=Q", p.ljust(8, b"\0"))[0]


def _str(p):
    return netlink.attr_str(p)


def _raw(p):
    return p


# The plain attributes: type -> (slot, decoder).
_SIMPLE = {
    IFLA_IFNAME: ("name", _str), IFLA_MTU: ("mtu", _u32), IFLA_QDISC: ("qdisc", _str),
    IFLA_MASTER: ("master", _u32), IFLA_OPERSTATE: ("operstate", _u8), IFLA_LINKMODE: ("linkmode", _u8),
    IFLA_GROUP: ("group", _u32), IFLA_TXQLEN: ("txqlen", _u32), IFLA_EVENT: ("event", _u32),
    IFLA_ADDRESS: ("address", _raw), IFLA_BROADCAST: ("broadcast", _raw),
    IFLA_PERM_ADDRESS: ("perm_address", _raw), IFLA_LINK: ("link", _u32),
    IFLA_LINK_NETNSID: ("link_netnsid", _s32), IFLA_NEW_NETNSID: ("new_netnsid", _s32),
    IFLA_NEW_IFINDEX: ("new_ifindex", _s32), IFLA_PROTO_DOWN: ("proto_down", _u8),
    IFLA_PROMISCUITY: ("promiscuity", _u32), IFLA_ALLMULTI: ("allmulti", _u32),
    IFLA_MIN_MTU: ("min_mtu", _u32), IFLA_MAX_MTU: ("max_mtu", _u32),
    IFLA_NUM_TX_QUEUES: ("num_tx_queues", _u32), IFLA_NUM_RX_QUEUES: ("num_rx_queues", _u32),
    IFLA_GSO_MAX_SIZE: ("gso_max_size", _u32), IFLA_GSO_MAX_SEGS: ("gso_max_segs", _u32),
    IFLA_TSO_MAX_SIZE: ("tso_max_size", _u32), IFLA_TSO_MAX_SEGS: ("tso_max_segs", _u32),
    IFLA_GRO_MAX_SIZE: ("gro_max_size", _u32), IFLA_PHYS_PORT_NAME: ("phys_port_name", _str),
    IFLA_PHYS_PORT_ID: ("phys_port_id", _raw), IFLA_PHYS_SWITCH_ID: ("phys_switch_id", _raw),
    IFLA_PARENT_DEV_BUS_NAME: ("parent_bus", _str), IFLA_PARENT_DEV_NAME: ("parent_dev", _str),
    IFLA_IFALIAS: ("ifalias", _str), IFLA_CARRIER_CHANGES: ("carrier_changes", _u32),
    IFLA_NUM_VF: ("num_vf", _u32),
}


def _stats(payload, is64):
    """get_rtnl_link_stats_rta(): a short attribute is zero-filled, a long one cut."""
    layout = _STATS64 if is64 else _STATS32
    values = layout.unpack_from(payload[:layout.size].ljust(layout.size, b"\0"))
    if not is64:
        values += (0,)
    return Stats(values, is64)


IFLA_INET6_STATS = 3
# indexes into IFLA_INET6_STATS, an array of u64 (enum IPSTATS_MIB_* in linux/snmp.h)
_MIB = {"rx_packets": 1, "rx_bytes": 2, "tx_packets": 5, "tx_bytes": 6, "rx_errors": 13, "tx_errors": 14,
        "multicast": 23, "rx_frame_errors": 31}


def _snmp_stats(mib):
    """get_snmp_counters(): the IPv6 family's own link dump (`ip -6 -s addr`)
    carries no link counters but IPv6's MIB, of which ip shows a few."""
    values = dict.fromkeys(STATS64_FIELDS, 0)
    if mib is not None:
        count = len(mib) // 8
        numbers = struct.unpack_from("=%dQ" % count, mib)
        for name, index in _MIB.items():
            values[name] = numbers[index] if index < count else 0
    return Stats([values[name] for name in STATS64_FIELDS], True)


def decode(buf, offset, length):
    """One RTM_NEWLINK/RTM_DELLINK message as a Link (attributes: the first of a
    repeated type counts, as parse_rtattr keeps it)."""
    link = Link()
    link.deleted = netlink.NLMSG_HEAD.unpack_from(buf, offset)[1] == rtnl.RTM_DELLINK
    link.family, link.type, link.index, link.flags, _change = IFINFOMSG.unpack_from(buf, offset + 16)
    attrs = netlink.attributes(buf, offset + _HDR, offset + length)
    for attr_type, payload in attrs.items():
        simple = _SIMPLE.get(attr_type)
        if simple is not None:
            setattr(link, simple[0], simple[1](payload))
    if IFLA_STATS64 in attrs:
        link.stats = _stats(attrs[IFLA_STATS64], True)
    elif IFLA_STATS in attrs:
        link.stats = _stats(attrs[IFLA_STATS], False)
    elif IFLA_PROTINFO in attrs:
        link.stats = _snmp_stats(netlink.nested_attributes(attrs[IFLA_PROTINFO]).get(IFLA_INET6_STATS))
    if IFLA_PROTO_DOWN_REASON in attrs:
        reason = netlink.nested_attributes(attrs[IFLA_PROTO_DOWN_REASON])
        link.proto_down_reason = _u32(reason[IFLA_PROTO_DOWN_REASON_VALUE]) \
            if IFLA_PROTO_DOWN_REASON_VALUE in reason else None
    if IFLA_LINKINFO in attrs:
        link.has_linkinfo = True
        _decode_linkinfo(link, attrs[IFLA_LINKINFO])
    if IFLA_AF_SPEC in attrs:
        # parse_rtattr_one_nested(AF_INET6, ...): the first nest of type AF_INET6
        for family, nested in netlink.attribute_list(attrs[IFLA_AF_SPEC], 0, len(attrs[IFLA_AF_SPEC])):
            if family == AF_INET6:
                inet6 = netlink.nested_attributes(nested)
                if IFLA_INET6_ADDR_GEN_MODE in inet6:
                    link.addr_gen_mode = _u8(inet6[IFLA_INET6_ADDR_GEN_MODE])
                break
    if IFLA_PROP_LIST in attrs:
        link.has_prop_list = True
        plist = attrs[IFLA_PROP_LIST]
        link.altnames = [_str(p) for t, p in netlink.attribute_list(plist, 0, len(plist)) if t == IFLA_ALT_IFNAME]
    if IFLA_XDP in attrs:
        xdp = netlink.nested_attributes(attrs[IFLA_XDP])
        if IFLA_XDP_ATTACHED in xdp:
            link.xdp_attached = _u8(xdp[IFLA_XDP_ATTACHED])
            if IFLA_XDP_PROG_ID in xdp:
                link.xdp_prog_id = _u32(xdp[IFLA_XDP_PROG_ID])
            if IFLA_XDP_SKB_PROG_ID in xdp:
                link.xdp_skb_prog_id = _u32(xdp[IFLA_XDP_SKB_PROG_ID])
            if IFLA_XDP_DRV_PROG_ID in xdp:
                link.xdp_drv_prog_id = _u32(xdp[IFLA_XDP_DRV_PROG_ID])
            if IFLA_XDP_HW_PROG_ID in xdp:
                link.xdp_hw_prog_id = _u32(xdp[IFLA_XDP_HW_PROG_ID])
    return link


# ---- the kinds' own attributes (IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA) -------------------
#
# kind -> {attribute type: (name, decoder)}; names follow the C enums without
# their prefix (IFLA_BR_FORWARD_DELAY -> "forward_delay").  Only what ip 6.1
# prints; a newer kernel's further attributes are left out, as ip 6.1's
# parse_rtattr_nested() with its own maxattr leaves them.

def _br_id(p):
    """struct ifla_bridge_id: prio[2], addr[6]."""
    return p[:8].ljust(8, b"\0")


def _boolopt(p):
    """struct br_boolopt_multi: (optval, optmask)."""
    return struct.unpack_from("=II", p[:8].ljust(8, b"\0"))


def _port_range(p):
    """struct ifla_vxlan_port_range: low, high, network order."""
    return struct.unpack_from("!HH", p[:4].ljust(4, b"\0"))


KIND_ATTRIBUTES = {
    "bridge": {
        1: ("forward_delay", _u32), 2: ("hello_time", _u32), 3: ("max_age", _u32), 4: ("ageing_time", _u32),
        5: ("stp_state", _u32), 6: ("priority", _u16), 7: ("vlan_filtering", _u8),
        8: ("vlan_protocol", _be16), 9: ("group_fwd_mask", _u16), 10: ("root_id", _br_id),
        11: ("bridge_id", _br_id), 12: ("root_port", _u16), 13: ("root_path_cost", _u32),
        14: ("topology_change", _u8), 15: ("topology_change_detected", _u8), 16: ("hello_timer", _u64),
        17: ("tcn_timer", _u64), 18: ("topology_change_timer", _u64), 19: ("gc_timer", _u64),
        20: ("group_addr", _raw), 22: ("mcast_router", _u8), 23: ("mcast_snooping", _u8),
        24: ("mcast_query_use_ifaddr", _u8), 25: ("mcast_querier", _u8),
        26: ("mcast_hash_elasticity", _u32), 27: ("mcast_hash_max", _u32),
        28: ("mcast_last_member_cnt", _u32), 29: ("mcast_startup_query_cnt", _u32),
        30: ("mcast_last_member_intvl", _u64), 31: ("mcast_membership_intvl", _u64),
        32: ("mcast_querier_intvl", _u64), 33: ("mcast_query_intvl", _u64),
        34: ("mcast_query_response_intvl", _u64), 35: ("mcast_startup_query_intvl", _u64),
        36: ("nf_call_iptables", _u8), 37: ("nf_call_ip6tables", _u8), 38: ("nf_call_arptables", _u8),
        39: ("vlan_default_pvid", _u16), 41: ("vlan_stats_enabled", _u8), 42: ("mcast_stats_enabled", _u8),
        43: ("mcast_igmp_version", _u8), 44: ("mcast_mld_version", _u8), 45: ("vlan_stats_per_port", _u8),
        46: ("multi_boolopt", _boolopt),
    },
    "bridge_slave": {
        1: ("state", _u8), 2: ("priority", _u16), 3: ("cost", _u32), 4: ("mode", _u8), 5: ("guard", _u8),
        6: ("protect", _u8), 7: ("fast_leave", _u8), 8: ("learning", _u8), 9: ("unicast_flood", _u8),
        10: ("proxyarp", _u8), 12: ("proxyarp_wifi", _u8), 13: ("root_id", _br_id), 14: ("bridge_id", _br_id),
        15: ("designated_port", _u16), 16: ("designated_cost", _u16), 17: ("id", _u16), 18: ("no", _u16),
        19: ("topology_change_ack", _u8), 20: ("config_pending", _u8), 21: ("message_age_timer", _u64),
        22: ("forward_delay_timer", _u64), 23: ("hold_timer", _u64), 25: ("multicast_router", _u8),
        27: ("mcast_flood", _u8), 28: ("mcast_to_ucast", _u8), 29: ("vlan_tunnel", _u8),
        30: ("bcast_flood", _u8), 31: ("group_fwd_mask", _u16), 32: ("neigh_suppress", _u8),
        33: ("isolated", _u8), 34: ("backup_port", _u32), 39: ("locked", _u8),
    },
    "macvlan": {
        1: ("mode", _raw), 2: ("flags", _raw), 5: ("macaddr_data", _raw), 6: ("macaddr_count", _raw),
        7: ("bc_queue_len", _raw), 8: ("bc_queue_len_used", _raw),
    },
    "vxlan": {
        1: ("id", _raw), 2: ("group", _raw), 3: ("link", _u32), 4: ("local", _raw), 5: ("ttl", _u8),
        6: ("tos", _u8), 7: ("learning", _u8), 8: ("ageing", _u32), 9: ("limit", _u32),
        10: ("port_range", _port_range), 11: ("proxy", _u8), 12: ("rsc", _u8), 13: ("l2miss", _u8),
        14: ("l3miss", _u8), 15: ("port", _be16), 16: ("group6", _raw), 17: ("local6", _raw),
        18: ("udp_csum", _u8), 19: ("udp_zero_csum6_tx", _u8), 20: ("udp_zero_csum6_rx", _u8),
        21: ("remcsum_tx", _u8), 22: ("remcsum_rx", _u8), 23: ("gbp", _raw), 25: ("collect_metadata", _u8),
        26: ("label", _be32), 27: ("gpe", _raw), 28: ("ttl_inherit", _u8), 29: ("df", _u8),
        30: ("vnifilter", _u8),
    },
    "tun": {
        1: ("owner", _u32), 2: ("group", _u32), 3: ("type", _u8), 4: ("pi", _u8), 5: ("vnet_hdr", _u8),
        6: ("persist", _u8), 7: ("multi_queue", _u8), 8: ("num_queues", _u32), 9: ("num_disabled_queues", _u32),
    },
}
KIND_ATTRIBUTES["macvtap"] = KIND_ATTRIBUTES["macvlan"]


def _kind_data(kind, payload):
    table = KIND_ATTRIBUTES.get(kind)
    if table is None:
        return {}
    data = {}
    for attr_type, value in netlink.attributes(payload, 0, len(payload)).items():
        entry = table.get(attr_type)
        if entry is not None:
            data[entry[0]] = entry[1](value)
    return data


def _decode_linkinfo(link, payload):
    info = netlink.nested_attributes(payload)
    if IFLA_INFO_KIND in info:
        link.kind = _str(info[IFLA_INFO_KIND])
        if IFLA_INFO_DATA in info:
            link.info_data = _kind_data(link.kind, info[IFLA_INFO_DATA])
    if IFLA_INFO_SLAVE_KIND in info:
        link.slave_kind = _str(info[IFLA_INFO_SLAVE_KIND])
        if IFLA_INFO_SLAVE_DATA in info:
            link.slave_data = _kind_data(link.slave_kind + "_slave", info[IFLA_INFO_SLAVE_DATA])


# ---- requests ---------------------------------------------------------------------------


def _u32_attr(attr_type, value):
    return netlink.attribute(attr_type, struct.pack("=I", value & 0xFFFFFFFF))


def dump(kernel, family=0, ext_mask=RTEXT_FILTER_VF, master=0, kind=None):
    """Every link, as ip_link_list() asks: [Link] in the kernel's (ifindex) order.

    For family AF_UNSPEC and AF_PACKET the request carries IFLA_EXT_MASK and
    the filters (master: an ifindex, or -1 for "no master"; kind: a driver
    name); for any other family ip sends the bare header
    (rtnl_linkdump_req_filter_fn), and so do we.
    """
    attrs = b""
    if family in (0, 17):
        attrs = _u32_attr(IFLA_EXT_MASK, ext_mask)
        if master:
            attrs += _u32_attr(IFLA_MASTER, master)
        if kind:
            attrs += netlink.attribute(IFLA_LINKINFO, netlink.attribute(IFLA_INFO_KIND, kind.encode()))
    links = []
    messages = rtnl.dump(kernel, rtnl.RTM_GETLINK, rtnl.link_request_body(family), "link dump", attrs)
    for buf, offset, length in messages.messages(_HDR):
        links.append(decode(buf, offset, length))
    return links


def get(kernel, family=0, index=0, name=None, ext_mask=RTEXT_FILTER_VF):
    """One link (RTM_GETLINK without NLM_F_DUMP), by index or by name: a Link,
    or rtnl.TalkError (ENODEV for none).  A name that is not a valid
    interface name (16 bytes or more, '/' or spaces) is asked for as
    IFLA_ALT_IFNAME, as iplink_get() and ll_link_get() do."""
    attrs = b""
    if name is not None:
        raw = name.encode("utf-8", "surrogateescape") + b"\0"
        attrs += netlink.attribute(IFLA_IFNAME if valid_ifname(name) else IFLA_ALT_IFNAME, raw)
    attrs += _u32_attr(IFLA_EXT_MASK, ext_mask)
    what = "link get %s" % (name if name is not None else index)
    buf, offset, length = rtnl.talk(kernel, rtnl.RTM_GETLINK, rtnl.link_request_body(family, index) + attrs, what)
    return decode(buf, offset, length)


def valid_ifname(name):
    """lib/utils.c check_ifname(): shorter than IFNAMSIZ (16), not empty, no '/' nor space."""
    raw = name.encode("utf-8", "surrogateescape")
    if not raw or len(raw) >= 16:
        return False
    return not any(c == 0x2F or c in b" \t\n\v\f\r" for c in raw)


# ---- namespace ids (link-netns NAME) ----------------------------------------------------

NETNS_RUN_DIR = "/var/run/netns"
RTM_NEWNSID, RTM_GETNSID = 88, 90
NETNSA_NSID, NETNSA_FD = 1, 3


def netns_names(kernel):
    """({nsid: name}, [error text]): ip's netns_map_init(), one recorded lookup.

    For every name in /var/run/netns (in directory order), the id this
    namespace gives that one (RTM_GETNSID with NETNSA_FD); a namespace
    without an id here (-1) is left out, and of two names for one
    namespace the first one read wins.  A name the kernel refuses (a
    namespace another process is deleting at that moment: its file is no
    namespace any more) gives the error ip's rtnl_talk() prints, "Error:
    Peer netns reference is invalid." (the extended ack) or "RTNETLINK
    answers: ...".
    """
    import os

    names = {}
    errors = []
    for entry in kernel.lookup("netns_ids", _netns_ids, NETNS_RUN_DIR):
        if entry[0] == "nsid":
            names.setdefault(entry[1], entry[2])
        else:
            code, extack = entry[1], entry[2]
            if extack:
                errors.append("Error: %s%s\n" % (extack, "" if extack.endswith(".") else "."))
            else:
                errors.append("RTNETLINK answers: %s\n" % os.strerror(code))
    return names, errors


def _netns_ids(directory):
    """[["nsid", id, name] | ["error", errno, extack, name]] in readdir order."""
    import os

    import _socket

    try:
        entries = os.listdir(directory)
    except OSError:
        return []
    sock = _socket.socket(_socket.AF_NETLINK, _socket.SOCK_RAW, 0)
    found = []
    try:
        sock.setsockopt(270, 11, 1)  # SOL_NETLINK, NETLINK_EXT_ACK: the kernel's words on refusal
        sock.bind((0, 0))
        for seq, entry in enumerate(entries, 1):
            try:
                fd = os.open(os.path.join(directory, entry), os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                continue  # netns_get_fd() failed: ip skips it without a word
            try:
                body = struct.pack("=Bxxx", 0) + _u32_attr(NETNSA_FD, fd)
                sock.send(struct.pack("=IHHII", 16 + len(body), RTM_GETNSID, netlink.NLM_F_REQUEST, seq, 0) + body)
                reply = sock.recv(65536)
            finally:
                os.close(fd)
            length, msg_type = struct.unpack_from("=IH", reply)
            if msg_type == netlink.NLMSG_ERROR:
                code = -struct.unpack_from("=i", reply, 16)[0]
                if code:
                    found.append(["error", code, rtnl.ext_ack_text(reply, 0, length), entry])
                continue
            if msg_type != RTM_NEWNSID:
                continue
            attrs = netlink.attributes(reply, 20, length)
            if NETNSA_NSID in attrs:
                nsid = _s32(attrs[NETNSA_NSID])
                if nsid >= 0:
                    found.append(["nsid", nsid, entry])
    finally:
        sock.close()
    return found


# ---- RTM_GETSTATS (ip link xstats, afstats) ---------------------------------------------

RTM_GETSTATS = 94
IF_STATS_MSG = struct.Struct("=BxxxiI")  # family, pad, ifindex, filter_mask


def stats_dump(kernel, filter_mask):
    """[(ifindex, {IFLA_STATS_* type: payload})] of one RTM_GETSTATS dump
    (rtnl_statsdump_req_filter with AF_UNSPEC)."""
    body = IF_STATS_MSG.pack(0, 0, filter_mask)
    found = []
    for buf, offset, length in rtnl.dump(kernel, RTM_GETSTATS, body, "stats dump").messages(16 + IF_STATS_MSG.size):
        ifindex = IF_STATS_MSG.unpack_from(buf, offset + 16)[1]
        found.append((ifindex, netlink.attributes(buf, offset + 16 + IF_STATS_MSG.size, offset + length)))
    return found


# ---- the ioctl ip falls back on ------------------------------------------------------------

SIOCGIFTXQLEN = 0x8942


def txqueuelen(kernel, name):
    """SIOCGIFTXQLEN: a device's transmit queue length, for link messages without
    IFLA_TXQLEN (the IPv6 family's own link dump, `ip -6 addr`, sends none);
    OSError as the kernel refuses it."""
    raw = name.encode("utf-8", "surrogateescape")[:15]
    ifreq = raw.ljust(16, b"\0") + bytes(24)
    answer = kernel.ioctl("SIOCGIFTXQLEN", SIOCGIFTXQLEN, ifreq, detail=name)
    return struct.unpack_from("=i", answer, 16)[0]
