"""Lab topologies for ip's cases (found by tests/lab/topology.py named()).

Each is a function returning a spec (see tests/lab/topology.py); add it to
TOPOLOGIES below.  Two namespaces built from one spec must give identical
`ip` dumps: see the notes in /work/shared/FACTS.md-style comments next to
each topology for what had to be pinned (addr_gen_mode, accept_dad, the
order devices are made in).
"""

from tests.lab.topology import Topology, mac


def _pinned(t):
    """The IPv6 defaults new devices copy, set before any exists: no random
    link-local addresses, no "tentative" addresses (FACTS.md)."""
    for scope in ("all", "default"):
        t.sysctl("net.ipv6.conf.%s.addr_gen_mode" % scope, 1)
        t.sysctl("net.ipv6.conf.%s.accept_dad" % scope, 0)
    return t


def ip_neigh():
    """Neighbour tables for `ip neigh`: every state, IPv4 and IPv6, flags, proxies.

    veth0 (peer in "peer") and the pair veth2/veth3 (both in main), no
    bridge (a bridge adds 224.0.0.22 entries at random moments).  On veth0
    one IPv4 entry per state, IPv6 entries in several, a router entry, an
    extern_learn one, entries with a protocol, a "managed" one (the kernel
    probes it: INCOMPLETE with a probe count), one in state NONE; proxies
    for both families; names in /etc/hosts for -r.  The lab's neighbour
    timers are an hour (core.py), so states hold still between two runs.
    """
    t = _pinned(Topology("peer"))
    t.veth("veth0", mac(0x1c01), "veth1", mac(0x1c02), peer_ns="peer")
    t.veth("veth2", mac(0x1c03), "veth3", mac(0x1c04))
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("veth2", "203.0.113.1/24").address("veth2", "2001:db8:2::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer").address("veth1", "2001:db8:1::2/64", ns="peer")
    t.neigh("veth0", "198.51.100.2", mac(0x1c02), "reachable")
    for n, state in enumerate(("permanent", "stale", "probe", "delay", "failed", "noarp"), 10):
        t.neigh("veth0", "198.51.100.%d" % n, "02:aa:bb:cc:01:%02x" % n, state)
    t.neigh("veth0", "198.51.100.16", None, "incomplete")
    t.neigh("veth0", "2001:db8:1::2", mac(0x1c02), "reachable")
    t.neigh("veth0", "2001:db8:1::10", "02:aa:bb:cc:02:10", "permanent")
    t.neigh("veth0", "2001:db8:1::11", "02:aa:bb:cc:02:11", "stale")
    t.neigh("veth0", "2001:db8:1::12", None, "incomplete")
    t.neigh("veth0", "fe80::1:2", "02:aa:bb:cc:02:12", "stale")
    t.neigh("veth2", "203.0.113.3", "02:aa:bb:cc:03:03", "permanent")
    t.neigh("veth2", "203.0.113.4", "02:aa:bb:cc:03:04", "reachable")
    t.neigh("veth2", "2001:db8:2::4", "02:aa:bb:cc:03:14", "stale")
    t.neigh("veth1", "198.51.100.1", mac(0x1c01), "permanent", ns="peer")
    t.proxy("veth0", "198.51.100.50")
    t.proxy("veth2", "203.0.113.50")
    t.proxy("veth0", "2001:db8:1::50")
    t.ip("neigh add 2001:db8:1::99 dev veth0 lladdr 02:aa:bb:cc:02:99 router nud permanent")
    t.ip("neigh add 198.51.100.30 dev veth0 lladdr 02:aa:bb:cc:01:30 extern_learn")
    t.ip("neigh add 198.51.100.31 dev veth0 lladdr 02:aa:bb:cc:01:31 nud permanent protocol static")
    t.ip("neigh add 198.51.100.32 dev veth0 lladdr 02:aa:bb:cc:01:32 nud permanent protocol 99")
    t.ip("neigh add 198.51.100.33 dev veth0 managed")
    t.ip("neigh add 198.51.100.35 dev veth0 nud none")
    t.host_name("198.51.100.2", "peer.neigh.example", "peer")
    t.host_name("198.51.100.10", "alpha.neigh.example", "alpha")
    t.host_name("2001:db8:1::10", "alpha6.neigh.example")
    t.host_name("198.51.100.50", "proxied.neigh.example")
    return t.spec


# The rules of the ip-rules lab, IPv4 (one `ip -batch`: a batch line may not
# carry -6, so the family comes from the addresses) and IPv6 (run with -6).
RULES4 = (
    "from 198.51.100.0/24 table 100 pref 100",
    "to 203.0.113.0/24 table 101 pref 101",
    "from 198.51.100.7 to 203.0.113.9 lookup main pref 102",
    "not from 198.51.100.0/25 table 102 pref 103",
    "tos 0x10 table 103 pref 104",
    "dsfield 0x04 table 103 pref 105",
    "fwmark 0x10 table 104 pref 106",
    "fwmark 0x20/0xff table 104 pref 107",
    "fwmark 0 table 104 pref 108",
    "iif veth0 table 105 pref 109",
    "oif veth1 table 105 pref 110",
    "iif nosuch0 table 105 pref 111",
    "oif nosuch1 table 105 pref 112",
    "uidrange 1000-2000 table 106 pref 113",
    "ipproto tcp dport 80 table 107 pref 114",
    "ipproto udp sport 1000-2000 dport 53 table 107 pref 115",
    "ipproto 200 table 107 pref 116",
    "from all table 108 suppress_prefixlength 0 pref 117",
    "from all table main suppress_ifgroup 5 pref 118",
    "from all table main suppress_ifgroup default pref 119",
    "realms 3 table 109 pref 120",
    "realms 2/4 table 109 pref 121",
    "from 198.51.100.9 unreachable pref 122",
    "from 198.51.100.10 prohibit pref 123",
    "from 198.51.100.11 blackhole pref 124",
    "from 198.51.100.12 goto 130 pref 125",
    "from 198.51.100.13 goto 999 pref 126",
    "nop pref 127",
    "from 198.51.100.14 table 300 pref 130",
    "from 198.51.100.15 table 100000 protocol static pref 131",
    "from 198.51.100.16 table 110 protocol 99 pref 132",
    "from 198.51.100.17 table 110 protocol kernel pref 133",
    "from 198.51.100.18 table 110 protocol boot pref 134",
    "l3mdev pref 135",
    "from 198.51.100.22 tos 0x04 fwmark 0x3/0xf iif veth0 oif veth1 uidrange 5-5 ipproto icmp table local pref 136",
    "from 198.51.100.19 table default pref 137",
    "from 0.0.0.0/8 table 111 pref 138",
    "to 0.0.0.0/1 table 111 pref 139",
    "from 198.51.100.20/32 table 111",
    "from 198.51.100.21 table 111",
    "tun_id 5 table 111 pref 140",
    "sport 22 table 112 pref 141",
    "realms 0/5 table 109 pref 142",
    "from 198.51.100.40 nat 203.0.113.1 pref 150",  # "Warning: route NAT is deprecated" (still shown)
)
RULES6 = (
    "from 2001:db8:1::/64 table 200 pref 200",
    "to 2001:db8:2::1 table 201 pref 201",
    "not to 2001:db8::/32 prohibit pref 202",
    "fwmark 0x1 iif veth0 table 202 pref 203",
    "ipproto ipv6-icmp table 203 pref 204",
    "from 2001:db8:3::1 goto 32766 pref 205",
    "from 2001:db8:4::/48 to 2001:db8:5::/56 table 100 pref 206",
)
RT_TABLES = ("# ip-rules lab: names for some tables\n255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n"
             "100\tcustom\n0x65\thexnamed\n 200\tsix\n100000\tbig\n")


def ip_rules():
    """Policy routing rules for `ip rule`: every selector and action ip 6.1
    prints, IPv4 and IPv6, and table names from an /etc/iproute2 of the
    lab's own (rt_tables only: ip falls back to its built-in names for the
    rest).  Rules need no addresses of their own; veth0/veth1 name real
    devices for iif/oif (nosuch0/nosuch1 do not exist: "[detached]")."""
    t = _pinned(Topology())
    t.veth("veth0", mac(0x1d01), "veth1", mac(0x1d02))
    t.address("veth0", "198.51.100.1/24")
    for rule in RULES4:
        t.ip("rule add " + rule)
    for rule in RULES6:
        t.spec["ip_commands"].append({"ns": "main", "cmd": "rule add " + rule, "options": ["-6"]})
    t.etc_file("iproute2/rt_tables", RT_TABLES)
    return t.spec


IP_LINKS_GROUPS = "# ip-links lab: device groups\n0\tdefault\n7\tuplinks\n0x20\tlab\n"


def ip_links():
    """Devices of every kind this kernel makes, and addresses of every sort,
    for `ip link` and `ip address`.

    main:  veth0 (peer veth1 in "peer": link-netns), a bridge br0 with ports
           veth2 (peer veth3) and tap0, macvlans in each mode on veth4 (peer
           veth5) and a passthru one on veth8, a macvtap, vxlans (IPv4
           unicast with options, multicast group, IPv6, external), a tun
           with owner/group/multi_queue, an ifb, a pair left down (veth6,
           veth7) with mtu, txqueuelen, alias, group, altnames.
    Addresses on veth0: IPv4 with label, a secondary, a peer address, a
    metric, scope host, autojoin; IPv6 global, link-local, a lifetime that
    counts down (valid_lft 3600), a deprecated one (preferred_lft 0), flags
    nodad/noprefixroute/home/mngtmpaddr; br0 and lo have some too.
    Pinned: addr_gen_mode 1 and accept_dad 0 before any device exists (no
    random link-local addresses, no "tentative"), no router solicitations
    (they would move the counters for seconds after the lab comes up), every
    MAC set, devices made in a fixed order.  /etc/iproute2/group names
    groups 7 and 0x20 (the whole /etc/iproute2 is the lab's own).
    """
    t = _pinned(Topology("peer"))
    for scope in ("all", "default"):
        t.sysctl("net.ipv6.conf.%s.router_solicitations" % scope, 0)
        t.sysctl("net.ipv6.conf.%s.router_solicitations" % scope, 0, ns="peer")
        t.sysctl("net.ipv6.conf.%s.addr_gen_mode" % scope, 1, ns="peer")
        t.sysctl("net.ipv6.conf.%s.accept_dad" % scope, 0, ns="peer")
    t.veth("veth0", mac(0x1e01), "veth1", mac(0x1e02), peer_ns="peer")
    t.veth("veth2", mac(0x1e03), "veth3", mac(0x1e04))
    t.veth("veth4", mac(0x1e05), "veth5", mac(0x1e06))
    t.bridge("br0", mac(0x1e10), ports=["veth2"])
    t.tap("tap0", mac(0x1e11))
    t.enslave("tap0", "br0")
    for n, mode in enumerate(("private", "vepa", "bridge", "source"), 0x20):
        t.macvlan("mv-" + mode, mac(0x1e00 + n), "veth4", mode=mode)
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("br0", "203.0.113.1/24").address("br0", "2001:db8:2::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer").address("veth1", "2001:db8:1::2/64", ns="peer")
    t.address("mv-bridge", "192.0.2.1/28")
    for command in (
            # more devices: created here, so they stay down unless set up
            "link add veth6 address %s mtu 9000 txqueuelen 500 type veth peer name veth7 address %s"
            % (mac(0x1e07), mac(0x1e08)),
            "link set veth6 alias uplink-to-lab group 7",
            "link set veth7 group 0x20",
            "link property add dev veth6 altname uplink0 altname a-very-long-alternative-name",
            "link add veth8 address %s type veth peer name veth9 address %s" % (mac(0x1e09), mac(0x1e0a)),
            "link add mv-pass link veth8 address %s type macvlan mode passthru" % mac(0x1e30),
            "link add mvtap0 link veth4 address %s type macvtap mode bridge" % mac(0x1e31),
            "link set mv-source type macvlan macaddr add 02:aa:00:00:00:01",
            "link set mv-source type macvlan macaddr add 02:aa:00:00:00:02",
            "link add vx0 address %s type vxlan id 42 remote 198.51.100.2 local 198.51.100.1 dev veth0 "
            "dstport 4789 srcport 4000 5000 ttl 64 tos inherit ageing 600 maxaddress 100 nolearning "
            "noudpcsum df set" % mac(0x1e40),
            "link add vx1 address %s type vxlan id 43 group 239.1.1.1 dev veth0 dstport 8472 ttl inherit "
            "l2miss l3miss proxy" % mac(0x1e41),
            "link add vx6 address %s type vxlan id 44 remote 2001:db8:1::2 local 2001:db8:1::1 dstport 4790 "
            "udp6zerocsumtx udp6zerocsumrx flowlabel 0x1234" % mac(0x1e42),
            "link add vxext address %s type vxlan external dstport 4791 ageing 0" % mac(0x1e43),
            "tuntap add mode tun name tun0 user 65534 group 65534 multi_queue",
            "link add ifb0 address %s type ifb" % mac(0x1e50),
            "link set veth8 up", "link set mv-pass up", "link set vx0 up", "link set ifb0 up",
            # addresses with every option
            "addr add 198.51.100.3/24 dev veth0",
            "addr add 198.51.100.4/24 dev veth0 label veth0:alias",
            "addr add 198.51.100.99/32 peer 198.51.100.98 dev veth0",
            "addr add 198.51.100.130/25 brd + dev veth0 metric 50",
            "addr add 198.51.100.140/25 broadcast 198.51.100.200 dev veth0 noprefixroute",
            "addr add 10.99.0.1/16 scope host dev veth0",
            "addr add 10.98.0.1/16 scope link dev veth0",
            "addr add 239.9.9.9/32 dev veth0 autojoin",
            "addr add fe80::1/64 dev veth0",
            "addr add 2001:db8:1::10/64 dev veth0 valid_lft 3600 preferred_lft 1800",
            "addr add 2001:db8:1::20/64 dev veth0 preferred_lft 0 valid_lft forever",
            "addr add 2001:db8:1::30/64 dev veth0 home nodad noprefixroute",
            "addr add 2001:db8:1::40/64 dev veth0 mngtmpaddr",
            "addr add 2001:db8:9::1 peer 2001:db8:9::2 dev veth0",
            "addr add 127.0.0.2/8 dev lo",
            "addr add 203.0.113.9/24 dev br0 valid_lft 7200 preferred_lft 7200",
            "addr add fe80::2/64 dev br0 scope link",
    ):
        t.ip(command)
    t.host_name("198.51.100.1", "main.links.example", "main")
    t.host_name("198.51.100.2", "peer.links.example", "peer")
    t.host_name("2001:db8:1::1", "main6.links.example")
    t.etc_file("iproute2/group", IP_LINKS_GROUPS)
    return t.spec


TOPOLOGIES = {
    "ip-links": ip_links,
    "ip-neigh": ip_neigh,
    "ip-rules": ip_rules,
}
