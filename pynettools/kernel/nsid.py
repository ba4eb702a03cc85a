"""Named network namespaces and their ids: `ip netns list`, `ip netns list-id`.

`ip netns add NAME` keeps a namespace alive by bind-mounting it on
/run/netns/NAME (ip says /var/run/netns); the names are just that
directory's entries, which ip lists in readdir order.

A namespace knows its peers by number: an nsid, assigned (per namespace)
when a peer first needs naming in a message, e.g. the other end of a veth
in a link dump (IFLA_LINK_NETNSID), or by `ip netns set`.  RTM_GETNSID
answers "which id do you give this namespace?" for an open fd of it
(NETNSA_FD) or an id (NETNSA_NSID), and a dump lists every id the
namespace has given (NETNSA_NSID, with NETNSA_CURRENT_NSID when asked about
another namespace's list with NETNSA_TARGET_NSID).

The question by fd cannot be replayed as a netlink exchange (the fd number
is the asking process's), so it goes through the seam as one lookup per
name: netns_id(path) -> ["nsid", N] (-1: no id), ["error", errno, extack]
(the kernel refused: not a namespace), or ["open", errno].
"""
import struct

from pynettools.kernel import netlink, rtnl

NETNS_RUN_DIR = "/var/run/netns"
RTM_NEWNSID, RTM_DELNSID, RTM_GETNSID = 88, 89, 90
NETNSA_NSID, NETNSA_PID, NETNSA_FD, NETNSA_TARGET_NSID, NETNSA_CURRENT_NSID = 1, 2, 3, 4, 5
NETNSA_NSID_NOT_ASSIGNED = -1
_HDR = 16 + 4  # nlmsghdr and struct rtgenmsg, padded


def names(kernel):
    """The entries of /var/run/netns in readdir order (no "." or ".."); OSError when it cannot be read."""
    import os

    return kernel.lookup("readdir", os.listdir, NETNS_RUN_DIR)


def inode(kernel, path):
    """[st_dev, st_ino] of a file (a namespace's, as /proc/PID/ns/net or a
    /var/run/netns entry): equal pairs are the same namespace.  OSError as stat() gives it."""
    return kernel.lookup("stat", _stat_ids, path)


def _stat_ids(path):
    import os

    st = os.stat(path)
    return [st.st_dev, st.st_ino]


def netns_id(kernel, name):
    """get_netnsid_from_name(): what this namespace calls namespace NAME (see the module docstring)."""
    return kernel.lookup("netns_id", _live_netns_id, "%s/%s" % (NETNS_RUN_DIR, name))


def _live_netns_id(path):
    import _socket
    import os

    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as err:
        return ["open", err.errno]
    try:
        sock = _socket.socket(_socket.AF_NETLINK, _socket.SOCK_RAW, netlink.NETLINK_ROUTE)
        try:
            sock.setsockopt(270, 11, 1)  # SOL_NETLINK, NETLINK_EXT_ACK: the kernel's words on refusal
            sock.bind((0, 0))
            body = struct.pack("=B3x", 0) + netlink.attribute(NETNSA_FD, struct.pack("=I", fd))
            sock.send(netlink.NLMSG_HDR.pack(16 + len(body), RTM_GETNSID, netlink.NLM_F_REQUEST, 1, 0) + body)
            buf = sock.recv(65536)
        finally:
            sock.close()
    finally:
        os.close(fd)
    length, msg_type = struct.unpack_from("=IH", buf)
    if msg_type == netlink.NLMSG_ERROR:
        code = -struct.unpack_from("=i", buf, 16)[0]
        return ["error", code, rtnl.ext_ack_text(buf, 0, length)]
    payload = netlink.find_attribute(buf, _HDR, length, NETNSA_NSID)
    return ["nsid", struct.unpack("=i", payload)[0] if payload and len(payload) >= 4 else NETNSA_NSID_NOT_ASSIGNED]


def _record(buf, offset, length):
    msg_type = struct.unpack_from("=H", buf, offset + 4)[0]
    attrs = {}
    for attr_type, payload in netlink.attribute_list(buf, offset + _HDR, offset + length):
        if len(payload) >= 4 and attr_type not in attrs:
            attrs[attr_type] = struct.unpack_from("=i", payload)[0]
    return msg_type, attrs


decode = _record  # one message, as a notification brings it (ip monitor)


def dump(kernel, target_nsid=-1):
    """The namespace's nsids (or, with target_nsid, those of the namespace it
    calls target_nsid, each with its id here as NETNSA_CURRENT_NSID):
    [(message type, {NETNSA_*: value})]."""
    attrs = b"" if target_nsid < 0 else netlink.attribute(NETNSA_TARGET_NSID, struct.pack("=i", target_nsid))
    found = []
    for buf, offset, length in rtnl.dump(kernel, RTM_GETNSID, struct.pack("=B3x", 0), "nsid dump",
                                         attrs).messages(_HDR):
        found.append(_record(buf, offset, length))
    return found


def get(kernel, nsid, target_nsid=-1):
    """The namespace known as `nsid` (get_netnsid_from_netnsid()): its record, or rtnl.TalkError."""
    attrs = netlink.attribute(NETNSA_NSID, struct.pack("=i", nsid))
    if target_nsid >= 0:
        attrs += netlink.attribute(NETNSA_TARGET_NSID, struct.pack("=i", target_nsid))
    buf, offset, length = rtnl.talk(kernel, RTM_GETNSID, struct.pack("=B3x", 0) + attrs, "nsid get")
    return _record(buf, offset, length)
