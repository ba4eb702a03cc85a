"""Plain records for sockets, shared by ss, netstat and lsof.

The kernel layer (sockdiag.py, procnet.py) fills these in; the tools only read
them.  One class for every family keeps the hot loop free of isinstance
checks: fields that do not apply to a family stay at their defaults.

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
            dst is None; packet/netlink: None
  sport, dport
            inet: ports; unix: sport is the socket's inode, dport the peer's
            inode (0 for none); packet: sport is the protocol (ethertype),
            netlink: sport is the port id (portid), dport the destination
  ifindex   the device the socket is bound to (0: none)
  inode, uid, cookie (int, the 64-bit socket cookie), rqueue, wqueue
  mark      fwmark (None when the kernel was not asked or did not say)
  cgroup_id cgroup v2 id (None when not known)
  timer, retrans, expires   inet_diag's idiag_timer, idiag_retrans, idiag_expires (ms)
  extra     a dict of everything else the kernel sent (tcp_info, skmem,
            congestion algorithm, ...), filled in only when an option asks
  protocol  inet: the IPPROTO_* number when the kernel said (raw sockets);
            packet: the ethertype (as sport); netlink: the netlink protocol
            (NETLINK_ROUTE=0 ...); unix: the socket type (SOCK_STREAM=1 ...);
            0 when not known
  v6only    inet6: the IPV6_V6ONLY flag the kernel reported (0 when not said)
"""


class Sock:
    __slots__ = ("netid", "family", "state", "src", "sport", "dst", "dport", "ifindex",
                 "inode", "uid", "cookie", "rqueue", "wqueue", "mark", "cgroup_id",
                 "timer", "retrans", "expires", "extra", "protocol", "v6only")

    def __init__(self, netid, family, state, src=None, sport=0, dst=None, dport=0, ifindex=0,
                 inode=0, uid=0, cookie=0, rqueue=0, wqueue=0, mark=None, cgroup_id=None,
                 timer=0, retrans=0, expires=0, extra=None, protocol=0, v6only=0):
        self.netid = netid
        self.family = family
        self.state = state
        self.src = src
        self.sport = sport
        self.dst = dst
        self.dport = dport
        self.ifindex = ifindex
        self.inode = inode
        self.uid = uid
        self.cookie = cookie
        self.rqueue = rqueue
        self.wqueue = wqueue
        self.mark = mark
        self.cgroup_id = cgroup_id
        self.timer = timer
        self.retrans = retrans
        self.expires = expires
        self.extra = extra
        self.protocol = protocol
        self.v6only = v6only

    def __repr__(self):
        return "Sock(%s)" % ", ".join("%s=%r" % (name, getattr(self, name)) for name in self.__slots__)
