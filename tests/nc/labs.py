"""nc's lab: the tool in "main", its peers and proxies in "peer", across a veth pair.

    main  veth0 198.51.100.1/24 2001:db8:1::1/64  <->  peer  veth1 198.51.100.2/24 2001:db8:1::2/64

Names (/etc/hosts of each namespace): peer, peer6, both (the peer's IPv4 and
IPv6 addresses: -4/-6 pick one), main, dropped; "farside" only in the peer's
(a name only a proxy there can resolve: SOCKS 5 sends names, SOCKS 4 cannot).  Ports the peer's firewall
(nftables) answers for nobody: TCP 7008 REJECTed (ICMP port unreachable:
"Connection refused"), 7009 REJECTed with host-unreachable ("No route to
host"), 7010 dropped (-w runs out); UDP 7028 dropped.  198.51.100.99
("dropped") has a neighbour entry whose MAC nobody owns: whatever is sent
there is lost (a connect times out).

TIME-WAIT: the two runs of a case use the same addresses and ports (a peer
client binds a fixed port, so `nc -lv` prints the same "Connection received
on peer.lab.example 41030" both times); a TIME-WAIT socket left by the first
run would make the second one's connect fail.  tcp_max_tw_buckets=0 in both
namespaces: the kernel keeps no TIME-WAIT sockets at all.
"""
from tests.lab.topology import Topology, mac

PEER_FIREWALL = """table inet nc_lab {
    chain input {
        type filter hook input priority 0; policy accept;
        tcp dport 7008 reject
        tcp dport 7009 reject with icmpx type host-unreachable
        tcp dport 7010 drop
        udp dport 7028 drop
    }
}
"""


def nc_lab():
    t = Topology("peer")
    t.veth("veth0", mac(0x1201), "veth1", mac(0x1202), peer_ns="peer")
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer").address("veth1", "2001:db8:1::2/64", ns="peer")
    t.neigh("veth0", "198.51.100.99", "02:00:00:00:99:99", "permanent")
    for ns in ("main", "peer"):
        t.sysctl("net.ipv4.tcp_max_tw_buckets", "0", ns=ns)
        t.host_name("198.51.100.1", "main.lab.example", "main", ns=ns)
        t.host_name("198.51.100.2", "peer.lab.example", "peer", ns=ns)
        t.host_name("2001:db8:1::2", "peer6.lab.example", "peer6", ns=ns)
        t.host_name("198.51.100.2", "both.lab.example", "both", ns=ns)
        t.host_name("2001:db8:1::2", "both.lab.example", "both", ns=ns)
        t.host_name("198.51.100.99", "dropped.lab.example", "dropped", ns=ns)
    t.host_name("198.51.100.2", "farside.lab.example", "farside", ns="peer")
    t.nft(PEER_FIREWALL, ns="peer")
    return t.spec


TOPOLOGIES = {"nc": nc_lab}
