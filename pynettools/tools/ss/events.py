"""ss -E: show sockets as the kernel destroys them, until interrupted.

sock_diag multicasts an inet_diag message for every TCP or UDP socket that
is closed to the netlink groups SKNLGRP_INET_TCP_DESTROY (1),
SKNLGRP_INET_UDP_DESTROY (2), SKNLGRP_INET6_TCP_DESTROY (3) and
SKNLGRP_INET6_UDP_DESTROY (4).  ss binds its SOCK_DIAG socket to the groups
its tables and families ask for and prints each message as one row, right
away (it renders after every message, even one its families or filter
leave out, so the columns are only as wide as the rows of that render, and
a first message left out prints the header alone).  The messages carry INET_DIAG_PROTOCOL, which gives the Netid.
Without TCP or UDP in the selection there is nothing to follow and ss exits
with status 255 without printing anything.
"""
from pynettools.kernel import sockdiag
from pynettools.tools.ss import TCP_DB, UDP_DB

_IPPROTO_MAX = 256


def groups_for(ss):
    groups = 0
    v4 = ss.families & (1 << sockdiag.AF_INET)
    v6 = ss.families & (1 << sockdiag.AF_INET6)
    tcp = ss.dbs & (1 << TCP_DB)
    udp = ss.dbs & (1 << UDP_DB)
    if v4 and tcp:
        groups |= 1 << 0
    if v4 and udp:
        groups |= 1 << 1
    if v6 and tcp:
        groups |= 1 << 2
    if v6 and udp:
        groups |= 1 << 3
    return groups


def follow(ss):
    from pynettools.tools.ss import inet

    groups = groups_for(ss)
    if not groups:
        return 255
    renderer = ss.renderer
    netid = inet.netid_of(_IPPROTO_MAX)
    buffers = ss.kernel.netlink_listen(sockdiag.NETLINK_SOCK_DIAG, groups, "sock_diag destroy events")
    try:
        for buf in buffers:
            for header, attrs in _messages(buf):
                if (ss.families >> header[sockdiag.I_FAMILY]) & 1 and \
                        not inet.rejected(ss, header, attrs, netid):
                    inet.show_sock(ss, header, attrs, _IPPROTO_MAX)
                # after every message, shown or not: the first one prints the
                # header on its own, as wide as its own words
                renderer.render()
                if ss.env.stdout_isatty:
                    ss.out.flush()
    except OSError as err:
        ss.err.write("netlink receive error %s (%d)\n" % (err.strerror, err.errno))
        return 255
    return 0


def _messages(buf):
    """The inet_diag messages of one notification buffer (pid 0, seq 0)."""
    unpack = sockdiag.NLMSG_HDR.unpack_from
    offset = 0
    while offset + 16 <= len(buf):
        length, msg_type, _flags, seq, pid = unpack(buf, offset)
        if length < 16:
            break
        if msg_type == sockdiag.SOCK_DIAG_BY_FAMILY and seq == 0 and pid == 0 \
                and length >= sockdiag.INET_MSG_SIZE:
            yield (sockdiag.INET_MSG.unpack_from(buf, offset),
                   sockdiag.attributes(buf, offset + sockdiag.INET_MSG_SIZE, offset + length))
        offset += (length + 3) & ~3
