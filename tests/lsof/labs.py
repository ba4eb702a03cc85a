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
