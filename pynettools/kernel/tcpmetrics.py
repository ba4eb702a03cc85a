"""The TCP metrics cache over generic netlink: `ip tcp_metrics`.

When a TCP connection ends, the kernel remembers what it learnt about the
peer (smoothed RTT and its variance, ssthresh, cwnd, reordering) per
destination (and source) address, and seeds the next connection to that
address with it.  The cache is read over generic netlink, family
"tcp_metrics", whose number the kernel assigns at boot: ip asks the
generic netlink controller for it first (CTRL_CMD_GETFAMILY with
CTRL_ATTR_FAMILY_NAME, answered with CTRL_ATTR_FAMILY_ID), then sends
TCP_METRICS_CMD_GET with that number as the message type: dumped, or for
one address (TCP_METRICS_ATTR_ADDR_IPV4/6 and optionally SADDR) as a plain
request.  Both exchanges go through the seam, so a replay needs no
controller: the recorded answer holds the number the recorded dump used.

Each entry: TCP_METRICS_ATTR_ADDR_IPV4/IPV6 (destination), SADDR_IPV4/IPV6
(source), AGE (milliseconds since it was updated: it grows by itself),
VALS (nested: TCP_METRIC_* + 1 as the attribute type, u32 each; RTT and
RTTVAR in ms, RTT_US and RTTVAR_US in microseconds), and for TCP Fast Open
FOPEN_MSS, FOPEN_SYN_DROPS, FOPEN_SYN_DROP_TS, FOPEN_COOKIE.
"""
import struct

from pynettools.kernel import netlink

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_NEWFAMILY, CTRL_CMD_GETFAMILY = 1, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
GENLMSGHDR = struct.Struct("=BBH")  # cmd, version, reserved

TCP_METRICS_GENL_NAME = "tcp_metrics"
TCP_METRICS_GENL_VERSION = 1
TCP_METRICS_CMD_GET, TCP_METRICS_CMD_DEL = 1, 2
ATTR_ADDR_IPV4, ATTR_ADDR_IPV6, ATTR_AGE, ATTR_TW_TSVAL, ATTR_TW_TS_STAMP, ATTR_VALS = 1, 2, 3, 4, 5, 6
ATTR_FOPEN_MSS, ATTR_FOPEN_SYN_DROPS, ATTR_FOPEN_SYN_DROP_TS, ATTR_FOPEN_COOKIE = 7, 8, 9, 10
ATTR_SADDR_IPV4, ATTR_SADDR_IPV6 = 11, 12
ATTR_MAX = 13
TCP_METRIC_MAX = 6  # RTT, RTTVAR, SSTHRESH, CWND, REORDERING, RTT_US, RTTVAR_US

_HDR = 16 + GENLMSGHDR.size


class GenlError(Exception):
    """The controller could not be asked, or gave no usable answer: what ip prints."""


def _answer(buffers):
    """The last message of a netlink_talk() answer: (buf, offset, length, type)."""
    from pynettools.kernel.rtnl import TalkError, ext_ack_text
    import os

    for buf in reversed(buffers):
        offset = 0
        while offset + 16 <= len(buf):
            length, msg_type = struct.unpack_from("=IH", buf, offset)
            if length < 16:
                break
            if msg_type == netlink.NLMSG_ERROR:
                code = -struct.unpack_from("=i", buf, offset + 16)[0]
                if code:
                    raise TalkError(code, os.strerror(code), ext_ack_text(buf, offset, length))
            return buf, offset, length, msg_type
    raise TalkError(0, "no answer")


def family_id(kernel, name=TCP_METRICS_GENL_NAME):
    """genl_resolve_family(): the number of a generic netlink family, or
    rtnl.TalkError; GenlError (with ip's words) for an answer it cannot use."""
    body = GENLMSGHDR.pack(CTRL_CMD_GETFAMILY, 0, 0) + netlink.attribute(CTRL_ATTR_FAMILY_NAME,
                                                                         name.encode() + b"\0")
    request = netlink.request(GENL_ID_CTRL, body, netlink.NLM_F_REQUEST)
    buf, offset, length, msg_type = _answer(kernel.netlink_talk(NETLINK_GENERIC, request, "genl family " + name))
    if msg_type != GENL_ID_CTRL:
        raise GenlError("Not a controller message, nlmsg_len=%d nlmsg_type=0x%x\n" % (length, msg_type))
    if length < _HDR:
        raise GenlError("wrong controller message len %d\n" % (length - _HDR))
    cmd = buf[offset + 16]
    if cmd != CTRL_CMD_NEWFAMILY:
        raise GenlError("Unknown controller command %d\n" % cmd)
    payload = netlink.attributes(buf, offset + _HDR, offset + length).get(CTRL_ATTR_FAMILY_ID)
    if payload is None:
        raise GenlError("Missing family id TLV\n")
    return struct.unpack_from("=H", payload)[0]


def decode(buf, offset, length, family):
    """One message as a record: None unless it is the family's GET answer
    (process_msg() returns quietly then); {attr: payload} plus "vals"."""
    msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
    if msg_type != family:
        return False  # ip stops the dump at such a message
    if length < _HDR or buf[offset + 16] != TCP_METRICS_CMD_GET:
        return None
    attrs = {}
    for attr_type, payload in netlink.attribute_list(buf, offset + _HDR, offset + length):
        if attr_type <= ATTR_MAX and attr_type not in attrs:
            attrs[attr_type] = payload
    if ATTR_VALS in attrs:
        vals = {}
        for attr_type, payload in netlink.attribute_list(attrs[ATTR_VALS], 0, len(attrs[ATTR_VALS])):
            if 1 <= attr_type <= TCP_METRIC_MAX + 1 and attr_type - 1 not in vals and len(payload) >= 4:
                vals[attr_type - 1] = struct.unpack_from("=I", payload)[0]
        attrs["vals"] = vals
    return attrs


def _request(family, flags, attrs=b""):
    body = GENLMSGHDR.pack(TCP_METRICS_CMD_GET, TCP_METRICS_GENL_VERSION, 0) + attrs
    return netlink.request(family, body, flags)


def dump(kernel, family):
    """Every entry: [record] (False where ip would stop: see decode())."""
    request = _request(family, netlink.NLM_F_REQUEST | netlink.NLM_F_DUMP)
    dumped = netlink.Dump(kernel, request, "tcp_metrics dump", protocol=NETLINK_GENERIC)
    return [decode(buf, offset, length, family) for buf, offset, length in dumped.messages(16)]


def get(kernel, family, attrs):
    """The entry for one address (attrs: the ADDR and SADDR attributes): its record, or rtnl.TalkError."""
    buf, offset, length, _type = _answer(kernel.netlink_talk(NETLINK_GENERIC, _request(family, netlink.NLM_F_REQUEST,
                                                                                       attrs), "tcp_metrics get"))
    return decode(buf, offset, length, family)


def delete(kernel, family, attrs):
    """TCP_METRICS_CMD_DEL with NLM_F_ACK: the entry for the address in attrs
    (with no address: every entry).  None, or rtnl.TalkError."""
    body = GENLMSGHDR.pack(TCP_METRICS_CMD_DEL, TCP_METRICS_GENL_VERSION, 0) + attrs
    request = netlink.request(family, body, netlink.NLM_F_REQUEST | netlink.NLM_F_ACK)
    _answer(kernel.netlink_talk(NETLINK_GENERIC, request, "tcp_metrics delete"))
