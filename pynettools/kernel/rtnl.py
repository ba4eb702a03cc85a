"""rtnetlink (NETLINK_ROUTE = 0): how ip reads links, addresses, routes, ...

Every `ip ... show` is one dump: a request of type RTM_GETxxx flagged
NLM_F_DUMP whose body starts with the object's fixed header (struct
ifinfomsg for links, ifaddrmsg for addresses, rtmsg for routes, ndmsg for
neighbours, fib_rule_hdr for rules, ...), perhaps followed by attributes that
narrow the dump.  The kernel answers with one RTM_NEWxxx message per object:
the same fixed header, filled in, then attributes (IFLA_*, IFA_*, RTA_*,
NDA_*, FRA_*), then NLMSG_DONE.  `ip route get` is not a dump: one
RTM_GETROUTE request without NLM_F_DUMP, answered by one RTM_NEWROUTE.

ip sends its dumps on a socket with NETLINK_GET_STRICT_CHK set
(rtnl_set_strict_dump), which makes the kernel check each request header and
apply the filters in it (a link dump's IFLA_MASTER or IFLA_LINKINFO kind, a
route dump's table and protocol): so must we, or the kernel would answer a
different question.

This module holds what the object readers share: the message types, the
dump call through the seam, and interface names.  One module per object
(kernel/links.py, addresses.py, routes.py, neighbours.py, rules.py, ...)
decodes its messages into plain records; nothing here prints.

Why not pyroute2: its message classes decode every attribute into Python
objects, which costs seconds on the 100,000-route dumps ip handles in a
tenth of one (see README, "Speed"); the readers walk the bytes with
struct.unpack_from instead.
"""
import struct

from pynettools.kernel import netlink

RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK = 16, 17, 18, 19
RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR = 20, 21, 22
RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE = 24, 25, 26
RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH = 28, 29, 30
RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE = 32, 33, 34
RTM_GETQDISC = 38
RTM_NEWNEIGHTBL, RTM_GETNEIGHTBL = 64, 66
RTM_NEWADDRLABEL, RTM_GETADDRLABEL = 72, 74
RTM_NEWNETCONF, RTM_GETNETCONF = 80, 82
RTM_GETMULTICAST = 58
RTM_GETANYCAST = 62
RTM_NEWNSID, RTM_GETNSID = 88, 90
RTM_NEWSTATS, RTM_GETSTATS = 92, 94
RTM_NEWNEXTHOP, RTM_GETNEXTHOP = 104, 106
RTM_NEWLINKPROP = 108

# struct ifinfomsg: family, pad, type, index, flags, change
IFINFOMSG = struct.Struct("=BxHiII")
IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME = 1, 2, 3
IFLA_EXT_MASK = 29
RTEXT_FILTER_VF = 1 << 0
RTEXT_FILTER_SKIP_STATS = 1 << 3


def dump(kernel, msg_type, body, what, attrs=b""):
    """A strict-checked rtnetlink dump: a netlink.Dump to iterate with .messages()."""
    request = netlink.request(msg_type, body + attrs)
    return netlink.Dump(kernel, request, what, protocol=netlink.NETLINK_ROUTE, strict=True)


def link_request_body(family=0, index=0):
    return IFINFOMSG.pack(family, 0, index, 0, 0)


def interface_names(kernel):
    """{ifindex: name} of every link, from one RTM_GETLINK dump (ip's ll_map).

    Asked with IFLA_EXT_MASK = RTEXT_FILTER_SKIP_STATS, the kernel leaves out
    the counters: the dump is only read for names here.
    """
    attrs = netlink.attribute(IFLA_EXT_MASK, struct.pack("=I", RTEXT_FILTER_SKIP_STATS))
    names = {}
    unpack = IFINFOMSG.unpack_from
    for buf, offset, length in dump(kernel, RTM_GETLINK, link_request_body(), "link dump (names)",
                                    attrs).messages(16 + IFINFOMSG.size):
        index = unpack(buf, offset + 16)[2]
        name = netlink.find_attribute(buf, offset + 16 + IFINFOMSG.size, offset + length, IFLA_IFNAME)
        if name is not None:
            names[index] = netlink.attr_str(name)
    return names


# ---- requests that are not dumps (ip neigh get, ip route get) --------------------------

NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1


class TalkError(OSError):
    """The kernel refused a request: errno, and its extended-ack text ("" when none)."""

    def __init__(self, errno, strerror, ext_ack=""):
        OSError.__init__(self, errno, strerror)
        self.ext_ack = ext_ack

    def message(self):
        """What libnetlink's rtnl_talk_error() prints for it."""
        if self.ext_ack:
            return "Error: %s%s\n" % (self.ext_ack, "" if self.ext_ack.endswith(".") else ".")
        return "RTNETLINK answers: %s\n" % self.strerror


def ext_ack_text(buf, offset, length):
    """The NLMSGERR_ATTR_MSG of an NLMSG_ERROR message, or "" (nl_dump_ext_ack()).

    The TLVs follow struct nlmsgerr (error, then the request's header, or the
    whole request unless NLM_F_CAPPED)."""
    flags = struct.unpack_from("=H", buf, offset + 6)[0]
    if not flags & NLM_F_ACK_TLVS:
        return ""
    start = offset + 16 + 4
    if flags & NLM_F_CAPPED:
        start += 16
    else:
        start += (struct.unpack_from("=I", buf, start)[0] + 3) & ~3
    payload = netlink.find_attribute(buf, start, offset + length, NLMSGERR_ATTR_MSG)
    return netlink.attr_str(payload) if payload else ""


def change(kernel, msg_type, body, what, flags=0):
    """A request that changes the kernel (rtnl_talk() with no answer wanted):
    sent with NLM_F_REQUEST | NLM_F_ACK | flags (NLM_F_CREATE, NLM_F_EXCL,
    NLM_F_REPLACE, NLM_F_APPEND); the kernel acknowledges with an NLMSG_ERROR
    whose error is 0.  Returns the warning the acknowledgement may carry
    ("" for none: nl_dump_ext_ack() prints it as "Warning: ..."), or raises
    TalkError with the refusal."""
    buf, offset, length = talk(kernel, msg_type, body, what, netlink.NLM_F_REQUEST | netlink.NLM_F_ACK | flags)
    return ext_ack_text(buf, offset, length)


def talk(kernel, msg_type, body, what, flags=netlink.NLM_F_REQUEST):
    """One request answered by one message (rtnl_talk() with an answer):
    (buf, offset, length) of the answer, or TalkError."""
    import os

    request = netlink.request(msg_type, body, flags)
    buffers = kernel.netlink_talk(netlink.NETLINK_ROUTE, request, what)
    buf = buffers[-1] if buffers else b""
    offset = 0
    while offset + 16 <= len(buf):
        length, got_type = struct.unpack_from("=IH", buf, offset)
        if length < 16:
            break
        if got_type == netlink.NLMSG_ERROR:
            code = -struct.unpack_from("=i", buf, offset + 16)[0]
            if code:
                raise TalkError(code, os.strerror(code), ext_ack_text(buf, offset, length))
        return buf, offset, length
    raise TalkError(0, "no answer")
