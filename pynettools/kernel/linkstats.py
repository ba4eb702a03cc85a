"""Per-device statistics over rtnetlink (RTM_GETSTATS): `ip stats`.

RTM_GETSTATS answers one struct if_stats_msg (family, ifindex, filter_mask)
per device with the groups asked for in filter_mask, one bit per top-level
attribute (IFLA_STATS_FILTER_BIT(attr) = 1 << (attr - 1)):

  IFLA_STATS_LINK_64           struct rtnl_link_stats64 (the counters of `ip -s link`)
  IFLA_STATS_LINK_XSTATS       the device kind's own counters, nested by kind
                               (LINK_XSTATS_TYPE_BRIDGE -> BRIDGE_XSTATS_MCAST, _STP)
  IFLA_STATS_LINK_XSTATS_SLAVE the same, for the device as a port of its master
  IFLA_STATS_LINK_OFFLOAD_XSTATS  hardware offload: CPU_HIT (stats64 of packets
                               the hardware passed up), HW_S_INFO (is L3 stats
                               collection requested/used), L3_STATS
  IFLA_STATS_AF_SPEC           per address family (MPLS)

Within a nest, IFLA_STATS_GET_FILTERS in the request can narrow it further
(one u32 mask per top-level attribute).  A dump covers every device; a
plain request one ifindex.

Records are (ifindex, {IFLA_STATS_* attribute: payload bytes}).
"""
import struct

from pynettools.kernel import netlink, rtnl

RTM_NEWSTATS, RTM_GETSTATS = 92, 94
IFLA_STATS_LINK_64, IFLA_STATS_LINK_XSTATS, IFLA_STATS_LINK_XSTATS_SLAVE = 1, 2, 3
IFLA_STATS_LINK_OFFLOAD_XSTATS, IFLA_STATS_AF_SPEC = 4, 5
IFLA_STATS_MAX = 5  # iproute2 6.1's
IFLA_STATS_GET_FILTERS = 1  # (its own enum: IFLA_STATS_GETSET_*)

IF_STATS_MSG = struct.Struct("=BBHII")  # family, pad1, pad2, ifindex, filter_mask
_HDR = 16 + IF_STATS_MSG.size

# struct rtnl_link_stats64, in order (a shorter payload is zero-filled, as ip copies it)
STATS64_FIELDS = ("rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors",
                  "rx_dropped", "tx_dropped", "multicast", "collisions", "rx_length_errors",
                  "rx_over_errors", "rx_crc_errors", "rx_frame_errors", "rx_fifo_errors",
                  "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
                  "tx_heartbeat_errors", "tx_window_errors", "rx_compressed", "tx_compressed",
                  "rx_nohandler", "rx_otherhost_dropped")


class Stats64:
    """struct rtnl_link_stats64 as attributes."""

    __slots__ = STATS64_FIELDS

    def __init__(self, payload):
        size = 8 * len(STATS64_FIELDS)
        values = struct.unpack_from("=%dQ" % len(STATS64_FIELDS), bytes(payload[:size]).ljust(size, b"\0"))
        for name, value in zip(STATS64_FIELDS, values):
            setattr(self, name, value)


def request_body(ifindex, filter_mask, sub_masks=()):
    """if_stats_msg, and IFLA_STATS_GET_FILTERS when a nest is narrowed:
    sub_masks is [(top-level attribute, mask)] (ipstats_req_add_filters())."""
    body = IF_STATS_MSG.pack(0, 0, 0, ifindex, filter_mask)
    if sub_masks:
        inner = b"".join(netlink.attribute(attr, struct.pack("=I", mask)) for attr, mask in sub_masks)
        body += netlink.attribute(IFLA_STATS_GET_FILTERS | netlink.NLA_F_NESTED, inner)
    return body


def _record(buf, offset, length):
    ifindex = IF_STATS_MSG.unpack_from(buf, offset + 16)[3]
    attrs = {}
    for attr_type, payload in netlink.attribute_list(buf, offset + _HDR, offset + length):
        if attr_type <= IFLA_STATS_MAX and attr_type not in attrs:
            attrs[attr_type] = payload
    return ifindex, attrs


decode = _record  # one message, as a notification brings it (ip monitor)


def dump(kernel, filter_mask, sub_masks=()):
    """rtnl_statsdump_req_filter(): every device's record."""
    return [_record(buf, offset, length) for buf, offset, length in
            rtnl.dump(kernel, RTM_GETSTATS, request_body(0, filter_mask, sub_masks), "stats dump").messages(_HDR)]


def get(kernel, ifindex, filter_mask, sub_masks=()):
    """One device's record (ipstats_show_one()), or rtnl.TalkError."""
    buf, offset, length = rtnl.talk(kernel, RTM_GETSTATS, request_body(ifindex, filter_mask, sub_masks),
                                    "stats get")
    return _record(buf, offset, length)
