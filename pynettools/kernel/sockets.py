"""Sock: one socket as a plain record, for whatever has to judge a socket as a whole.

In ss that is the filter EXPRESSION (tools/ss/filter.py: `sport = :22`,
`dev eth0`, `fwmark 0x2a`, `autobound` ...): the readers build a Sock only when
there is an expression to ask (kernel/sockdiag.py's inet_sock for inet_diag
messages; tools/ss/families.py and procnet.py for the other tables and the
/proc/net files).  The rows themselves are formatted straight from the
kernel's messages.  One class for every family keeps the filter free of
isinstance checks: fields that do not apply to a family stay at their
defaults.  It holds only what the filter reads; a tool that needs more
(inode, uid, queues, timers) adds the field with its first reader.

Fields
  netid     ss's Netid column: "tcp", "udp", "raw", "u_str", "u_dgr", "u_seq",
            "p_raw", "p_dgr", "nl", "mptcp", "sctp", "dccp", "tipc", "v_str",
            "v_dgr", "xdp"
  family    socket.AF_* number (AF_INET=2, AF_INET6=10, AF_UNIX=1,
            AF_PACKET=17, AF_NETLINK=16)
  state     ss's state number: the kernel's TCP states, which ss also uses for
            every other kind of socket (1 ESTABLISHED, 2 SYN-SENT, 3 SYN-RECV,
            4 FIN-WAIT-1, 5 FIN-WAIT-2, 6 TIME-WAIT, 7 UNCONN (TCP_CLOSE),
            8 CLOSE-WAIT, 9 LAST-ACK, 10 LISTEN, 11 CLOSING)
  src, dst  inet: the address as packed bytes (4 or 16 bytes);
            unix: src is the path ("@name" for abstract, None for unnamed),
            dst the peer's name when known (None otherwise);
            vsock: the CIDs; packet/netlink: None
  sport, dport
            inet: ports; unix: sport is the socket's inode, dport the peer's
            inode (0 for none); packet: sport is the protocol (ethertype),
            netlink: sport is the port id (portid), dport the destination;
            vsock: ports; xdp: sport is the queue
  ifindex   the device the socket is bound to (0: none)
  mark      fwmark (None when the kernel was not asked or did not say)
  cgroup_id cgroup v2 id (None when not known)
  extra     a dict of everything else the kernel sent (attributes by number,
            or "userlocks"), when the reader has one
  protocol  inet: the IPPROTO_* number when the kernel said (raw sockets);
            packet: the ethertype (as sport); netlink: the netlink protocol
            (NETLINK_ROUTE=0 ...); unix: the socket type (SOCK_STREAM=1 ...);
            0 when not known
"""


class Sock:
    __slots__ = ("netid", "family", "state", "src", "sport", "dst", "dport", "ifindex",
                 "mark", "cgroup_id", "extra", "protocol")

    def __init__(self, netid, family, state, src=None, sport=0, dst=None, dport=0, ifindex=0,
                 mark=None, cgroup_id=None, extra=None, protocol=0):
        self.netid = netid
        self.family = family
        self.state = state
        self.src = src
        self.sport = sport
        self.dst = dst
        self.dport = dport
        self.ifindex = ifindex
        self.mark = mark
        self.cgroup_id = cgroup_id
        self.extra = extra
        self.protocol = protocol

    def __repr__(self):
        return "Sock(%s)" % ", ".join("%s=%r" % (name, getattr(self, name)) for name in self.__slots__)
