"""VRF devices (Virtual Routing and Forwarding): what `ip vrf` reads.

A VRF is a link of kind "vrf" bound to a routing table (IFLA_LINKINFO ->
IFLA_INFO_DATA -> IFLA_VRF_TABLE); devices enslaved to it route through that
table.  A process is "in" a VRF when its cgroup v2 path contains /vrf/NAME
(what `ip vrf exec` arranges).  ip finds VRFs with a link dump filtered on
the kind (iproute2's ipvrf_filter_req(); the kernel applies it under strict
checking), and asks for one device by name (RTM_GETLINK with IFLA_IFNAME)
to tell whether a name is a VRF.

This kernel has no vrf module: `ip link add ... type vrf` is refused, the
dump holds no VRF, and `ip vrf` says so.
"""
from pynettools.kernel import netlink, rtnl

IFLA_IFNAME, IFLA_MASTER, IFLA_LINKINFO = 3, 10, 18
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
IFLA_VRF_TABLE = 1
AF_UNSPEC, AF_PACKET = 0, 17


def _vrf_of(buf, offset, length):
    """(index, name or None, kind, table or 0) of one RTM_NEWLINK message."""
    start = offset + 16 + rtnl.IFINFOMSG.size
    index = rtnl.IFINFOMSG.unpack_from(buf, offset + 16)[2]
    attrs = netlink.attributes(buf, start, offset + length)
    name = netlink.attr_str(attrs[IFLA_IFNAME]) if IFLA_IFNAME in attrs else None
    kind, table = None, 0
    if IFLA_LINKINFO in attrs:
        info = netlink.nested_attributes(attrs[IFLA_LINKINFO])
        if IFLA_INFO_KIND in info:
            kind = netlink.attr_str(info[IFLA_INFO_KIND])
        if IFLA_INFO_DATA in info:
            table = netlink.u32_of(netlink.nested_attributes(info[IFLA_INFO_DATA]), IFLA_VRF_TABLE)
    return index, name, kind, table


def vrf_links(kernel, family):
    """ip_link_list() with ipvrf_filter_req(): [(index, name, kind, table)] of the
    links the kernel sends (only VRFs when it can filter on the kind)."""
    body = rtnl.link_request_body(family)
    attrs = b""
    if family in (AF_UNSPEC, AF_PACKET):  # rtnl_linkdump_req_filter_fn() adds filters only for these
        attrs = netlink.attribute(IFLA_LINKINFO, netlink.attribute(IFLA_INFO_KIND, b"vrf"))
    return [_vrf_of(buf, offset, length) for buf, offset, length in
            rtnl.dump(kernel, rtnl.RTM_GETLINK, body, "link dump (kind vrf)", attrs).messages(16 + rtnl.IFINFOMSG.size)]


def link_by_name(kernel, family, name):
    """(index, name, kind, table) of the link called `name` (rtnl_talk() without
    error messages: name_is_vrf(), ipvrf_get_table()), or rtnl.TalkError."""
    attrs = netlink.attribute(IFLA_IFNAME, name.encode("utf-8", "surrogateescape") + b"\0")
    buf, offset, length = rtnl.talk(kernel, rtnl.RTM_GETLINK, rtnl.link_request_body(family) + attrs, "link get")
    return _vrf_of(buf, offset, length)


def cgroup_vrf(kernel, pid):
    """The VRF a process is in: the name after /vrf/ in its cgroup v2 line
    ("0::/..."), "" when none, as ipvrf.c vrf_identify() reads it; OSError
    when /proc/PID/cgroup cannot be read."""
    text = kernel.read_text("/proc/%s/cgroup" % pid)
    for line in text.split("\n"):
        if "::/" not in line:
            continue
        at = line.find("/vrf/")
        if at >= 0:
            return line[at + 5:]
    return ""

