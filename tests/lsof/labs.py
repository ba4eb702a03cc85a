"""Labs of lsof's own: a socket holder with threads (lsof -K)."""
from tests.lab.topology import Topology


def lsof_threads():
    """Two socket holders in a PID namespace of their own: "sockholder"
    (TCP, UDP and UNIX sockets, and two threads named "worker" and
    "net-poller-long", 15 characters: TASKCMD shows 9 unless +c says more)
    and "plainholder" (a TCP listener, no threads).  lsof -K lists the
    sockets of the first once per thread."""
    t = Topology()
    t.pid_namespace()
    t.holder([
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7100},
        {"kind": "tcp-conn", "addr": "127.0.0.1", "port": 7101, "client_port": 40071},
        {"kind": "udp", "addr": "::1", "port": 7102, "family": 6},
        {"kind": "unix", "type": "stream", "path": "@lsof-threads", "listen": True},
        {"kind": "threads", "names": ["worker", "net-poller-long"]},
    ])
    t.holder([{"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7200}], comm="plainholder")
    return t.spec


TOPOLOGIES = {"lsof-threads": lsof_threads}


def lsof_endpoints():
    """Sockets whose peers lsof -E/+E can name: a holder ("sockholder", pid 2)
    and a child it forks ("peer-child", pid 3) hold the two ends of loopback
    TCP connections (IPv4 and IPv6; the IPv4 server end held by both), a UNIX
    stream connection, a UNIX datagram pair and two UDP sockets connected to
    each other; the child also holds a UNIX client and a TCP client that the
    holder's listeners never accepted.

    fds of the holder before the fork: 3-5 TCP 7300 (listener, client 40073,
    server), 6-8 TCP [::1]:7301, 9-11 @lsof-ep (listener, client, accepted),
    12 @lsof-pending, 13 its client, 14-15 a DGRAM pair, 16-17 UDP 7302<->7303,
    18 TCP listener 7304, 19 its client 40075.
    """
    t = Topology()
    t.pid_namespace()
    t.holder([
        {"kind": "tcp-conn", "addr": "127.0.0.1", "port": 7300, "client_port": 40073, "keep_listener": True},
        {"kind": "tcp-conn", "addr": "::1", "port": 7301, "family": 6, "client_port": 40074,
         "keep_listener": True},
        {"kind": "unix", "type": "stream", "path": "@lsof-ep", "listen": True, "connect": True},
        {"kind": "unix", "type": "stream", "path": "@lsof-pending", "listen": True},
        {"kind": "unix", "type": "stream", "connect_to": "@lsof-pending"},
        {"kind": "unix", "type": "dgram", "pair": True},
        {"kind": "udp", "addr": "127.0.0.1", "port": 7302, "connect": ["127.0.0.1", 7303]},
        {"kind": "udp", "addr": "127.0.0.1", "port": 7303, "connect": ["127.0.0.1", 7302]},
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7304},
        {"kind": "tcp-connect", "addr": "127.0.0.1", "port": 7304, "bind": ["127.0.0.1", 40075]},
        {"kind": "fork", "comm": "peer-child", "fds": [4, 7, 10, 13, 15, 17, 19], "shared": [5]},
    ])
    return t.spec


TOPOLOGIES["lsof-endpoints"] = lsof_endpoints
