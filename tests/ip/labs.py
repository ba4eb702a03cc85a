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
    nodad/noprefixroute/home/mngtmpaddr; br0 and lo have some too.  vx1 and
    mv-vepa are protodown, with reasons (one named in the lab's
    /etc/iproute2/protodown_reasons.d).
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
            # protodown (vxlan and macvlan have it), with reasons: bit 3 is named in the lab's
            # /etc/iproute2/protodown_reasons.d, bits 0 and 5 are not
            "link set vx1 protodown on", "link set vx1 protodown_reason 3 on",
            "link set mv-vepa protodown on", "link set mv-vepa protodown_reason 0 on",
            "link set mv-vepa protodown_reason 5 on",
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
    t.etc_file("iproute2/protodown_reasons.d/lab.conf", "# ip-links lab\n3\tmaint\n")
    # some traffic on veth0 once, so -s -h has counters past 1000 to shorten (a
    # connection to the peer that sends, closes and sits in TIME-WAIT: quiet)
    t.holder([{"kind": "tcp-conn", "addr": "198.51.100.2", "port": 8001, "server_ns": "peer",
               "client_addr": "198.51.100.1", "client_port": 40001,
               "steps": ["send:30000", "server-send:20000", "wait", "client-close", "server-close", "wait"]}])
    return t.spec


# ---- the smaller objects (maddress, netconf, addrlabel, tuntap, netns, nexthop,
# tcp_metrics, mroute, token, vrf, stats): cases in tests/ip/cases_misc.py -----------------


def ip_misc():
    """One namespace with a bit of everything the smaller objects show.

    veth0 (peer in "peer"), the pair veth2/veth3 with veth3 a port of br0
    (multicast statistics on), tap0, tun0 and tun1 (tuntap flags, owner,
    group); static link-layer groups and an autojoined IPv4 group
    (maddress), per-device sysctls of every netconf kind, two address
    labels, a token on veth0, nexthops of every kind (gateways of both
    families, a blackhole, a device-only one, onlink, protocols, fdb ones, a
    multipath and a resilient group).  Pinned: addr_gen_mode 1 and
    accept_dad 0 before any device exists (no random link-local addresses,
    no tentative ones; and without a link-local address no router
    solicitation is sent, not even when the token is set).
    """
    t = _pinned(Topology("peer"))
    t.veth("veth0", mac(0x2d01), "veth1", mac(0x2d02), peer_ns="peer")
    t.veth("veth2", mac(0x2d03), "veth3", mac(0x2d04))
    t.bridge("br0", mac(0x2d05), ports=["veth3"])
    t.tap("tap0", mac(0x2d06))
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("br0", "203.0.113.1/24").address("br0", "2001:db8:2::1/64")
    t.address("veth2", "192.0.2.1/24")
    t.address("veth1", "198.51.100.2/24", ns="peer").address("veth1", "2001:db8:1::2/64", ns="peer")
    for key, value in (("ipv4.conf.veth0.rp_filter", 1), ("ipv4.conf.veth2.rp_filter", 2),
                       ("ipv4.conf.veth2.forwarding", 1), ("ipv4.conf.veth2.proxy_arp", 1),
                       ("ipv4.conf.br0.ignore_routes_with_linkdown", 1), ("ipv6.conf.veth2.forwarding", 1),
                       ("ipv6.conf.br0.proxy_ndp", 1), ("ipv4.conf.veth2.mc_forwarding", 0)):
        t.sysctl("net." + key, value)
    for command in (
            "link set br0 type bridge mcast_stats_enabled 1",
            "tuntap add mode tun name tun0 user 1000 group 100 pi vnet_hdr multi_queue",
            "tuntap add mode tun name tun1 one_queue",
            "link set tun1 up",
            "addr add 239.1.2.3/32 dev veth2 autojoin",
            "addrlabel add prefix 2001:db8:1::/48 dev veth0 label 100",
            "addrlabel add prefix 2001:db8:2::/48 label 101",
            "token set ::1:2:3:4 dev veth0",
            "nexthop add id 1 via 198.51.100.2 dev veth0",
            "nexthop add id 2 via 198.51.100.3 dev veth0 proto static",
            "nexthop add id 3 blackhole",
            "nexthop add id 4 dev veth2",
            "nexthop add id 5 via 2001:db8:1::2 dev veth0",
            "nexthop add id 6 via 198.51.100.4 dev veth0 onlink",
            "nexthop add id 7 via 203.0.113.2 dev br0 proto 99",
            "nexthop add id 10 group 1/2,3",
            "nexthop add id 11 group 1,5/2,10 type resilient buckets 8 idle_timer 120 unbalanced_timer 60",
            "nexthop add id 12 group 5",
            "nexthop add id 20 via 198.51.100.9 fdb",
            "nexthop add id 21 group 20 fdb",
            "maddr add 01:00:5e:01:02:03 dev veth0",
    ):
        t.ip(command)
    # `ip maddr add` ends with exit(0), ending its batch there: the next one
    # needs a batch of its own (an entry with other options gets one; -4 is
    # what maddr uses without it)
    t.spec["ip_commands"].append({"ns": "main", "cmd": "maddr add 33:33:00:00:00:99 dev veth0", "options": ["-4"]})
    t.host_name("198.51.100.2", "peer.misc.example", "peer")
    t.host_name("2001:db8:1::2", "peer6.misc.example")
    t.host_name("224.0.0.1", "all-hosts.misc.example")
    return t.spec


def ip_netns():
    """Named namespaces and their ids, seen from a /run/netns of the lab's own.

    main, peer and far, each pair joined by a veth (a veth's peer in another
    namespace gets an nsid there, at creation).  The lab's commands see a
    private /run/netns (core.py netns_run_dir): the three real names
    (pnt-PID-N...), then "blue" (peer), "green" (far), "red" (main itself,
    which has no id for itself) and "stale", an empty file as a crashed
    `ip netns add` leaves: asking its id makes the kernel say "Peer netns
    reference is invalid".  A holder sleeps in peer (`ip netns pids blue`).
    """
    t = _pinned(Topology("peer", "far"))
    t.pid_namespace()
    t.veth("veth0", mac(0x2e01), "veth1", mac(0x2e02), peer_ns="peer")
    t.veth("veth2", mac(0x2e03), "veth3", mac(0x2e04), peer_ns="far")
    t.veth("veth4", mac(0x2e05), "veth5", mac(0x2e06), ns="peer", peer_ns="far")
    t.spec["netns_run_dir"] = [["blue", "peer"], ["green", "far"], ["red", "main"], ["stale", None]]
    t.holder([], ns="peer")
    return t.spec


def ip_tuntap():
    """TUN/TAP devices with processes attached (`ip -d tuntap`), in a PID
    namespace of their own so that /proc holds only the lab's processes.

    tap0 and tun0 (multi_queue) are persistent (`ip tuntap add`); a holder
    attaches to tap0, opens two queues of tun0 and makes tap9, which lives
    only as long as the holder (no "persist" flag).
    """
    t = _pinned(Topology())
    t.pid_namespace()
    t.ip("tuntap add mode tap name tap0")
    t.ip("tuntap add mode tun name tun0 multi_queue")
    t.ip("tuntap add mode tap name tap1 user 0 group 0")
    t.holder([{"kind": "tun", "name": "tap0", "mode": "tap"},
              {"kind": "tun", "name": "tun0", "mode": "tun", "multi_queue": True, "queues": 2},
              {"kind": "tun", "name": "tap9", "mode": "tap", "pi": True}], comm="tunholder")
    return t.spec


def ip_tcpmetrics():
    """A TCP metrics cache: connections from main to peer (IPv4 and IPv6) and
    over loopback, closed at once, leave an entry per destination (and
    source).  A PID namespace for the holder that makes them."""
    t = _pinned(Topology("peer"))
    t.pid_namespace()
    t.veth("veth0", mac(0x2f01), "veth1", mac(0x2f02), peer_ns="peer")
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer").address("veth1", "2001:db8:1::2/64", ns="peer")
    t.address("veth0", "198.51.100.11/24")
    steps = ["send:2000", "client-close", "wait", "server-close", "wait"]
    t.holder([
        {"kind": "tcp-conn", "addr": "198.51.100.2", "port": 7001, "server_ns": "peer", "client_port": 40101,
         "client_addr": "198.51.100.1", "steps": steps},
        {"kind": "tcp-conn", "addr": "198.51.100.2", "port": 7002, "server_ns": "peer", "client_port": 40102,
         "client_addr": "198.51.100.11", "steps": steps},
        {"kind": "tcp-conn", "addr": "2001:db8:1::2", "port": 7003, "family": 6, "server_ns": "peer",
         "client_port": 40103, "client_addr": "2001:db8:1::1", "steps": steps},
        {"kind": "tcp-conn", "addr": "127.0.0.1", "port": 7004, "client_port": 40104, "steps": steps},
    ])
    t.host_name("198.51.100.2", "peer.metrics.example", "peer")
    return t.spec


# ---- ip route ----------------------------------------------------------------------------

# The ip-routes lab's routes, in the order they are added (one `ip -batch`
# per family: a batch line cannot carry -6, so IPv6 ones name IPv6 addresses).
ROUTES4 = (
    "route add default via 198.51.100.2",
    "route add 203.0.113.0/28 via 198.51.100.2 proto static metric 100",
    "route add 203.0.113.16/28 via 198.51.100.66 dev veth2",
    "route add blackhole 203.0.113.32/28",
    "route add unreachable 203.0.113.48/28",
    "route add prohibit 203.0.113.64/28 proto bird",
    "route add throw 203.0.113.80/28",
    "route add 203.0.113.96/28 via 198.51.100.2 mtu lock 1400 advmss 1360 rtt 100ms rttvar 50ms window 65535"
    " hoplimit 32 initcwnd 10 initrwnd 20 reordering 5 ssthresh 100 cwnd 20 rto_min 200ms quickack 1"
    " features ecn congctl cubic fastopen_no_cookie 1",
    "route add 203.0.113.100/32 via 198.51.100.2 rtt 1500ms rttvar 3s rto_min 1s",
    "route add 203.0.113.112/28 nexthop via 198.51.100.2 dev veth0 weight 3"
    " nexthop via 198.51.100.66 dev veth2 realms 7",
    "route add 203.0.113.128/28 via 198.51.100.2 realms 5/10",
    "route add 203.0.113.144/28 via 198.51.100.2 realm 3",
    "route add 203.0.113.148/30 via 198.51.100.2 realms 6/0",
    "route add 198.51.100.192/27 tos 0x28 via 198.51.100.2",
    "route add 198.51.100.192/27 tos 0x10 via 198.51.100.2",
    "route add 203.0.113.160/28 via inet6 2001:db8:1::2 dev veth0",
    "nexthop add id 10 via 198.51.100.2 dev veth0",
    "nexthop add id 11 via 198.51.100.66 dev veth2",
    "nexthop add id 20 group 10/11",
    "route add 203.0.113.176/29 nhid 10",
    "route add 203.0.113.184/29 nhid 20",
    "route add 198.51.100.224/28 dev veth0 proto 200 scope 100",
    "route add 198.51.100.240/29 dev veth0 proto 99 scope host",
    "route add 198.51.100.248/30 dev veth2 proto dhcp scope link src 198.51.100.65",
    "route add 198.51.100.252/31 dev veth2 proto kernel metric 7",
    "route add multicast 198.51.100.254/32 dev veth0",
    "route add 203.0.113.192/28 encap ip id 5 dst 203.0.113.9 ttl 9 tos 4 key csum seq dev veth0",
    "route add 203.0.113.208/28 via 198.51.100.130 dev veth4",
    "route add 203.0.113.224 via 198.51.100.2",
    "route add 203.0.113.225 via 198.51.100.3 dev veth0 onlink",
    "route add 203.0.113.240/28 via 198.51.100.2 src 198.51.100.1 proto static",
    "route add 203.0.113.0/24 via 198.51.100.2 table 100",
    "route add 198.51.100.128/26 dev veth2 table 100 proto static",
    "route add blackhole default table 100",
    "route add 203.0.113.0/25 via 198.51.100.66 table 1000",
    "route add 203.0.113.0/26 via 198.51.100.2 table 253",
    "route add local 198.51.100.200 dev veth0 table local",
    "route add broadcast 198.51.100.201 dev veth0 table local",
    "route add anycast 198.51.100.202 dev veth0 table local",
)
ROUTES6 = (
    "route add 2001:db8:10::/48 via 2001:db8:1::2 pref high",
    "route add 2001:db8:11::/48 via 2001:db8:1::2 metric 2048 pref low",
    "route add blackhole 2001:db8:13::/48",
    "route add unreachable 2001:db8:14::/48",
    "route add prohibit 2001:db8:15::/48",
    "route add 2001:db8:16::/48 nexthop via 2001:db8:1::2 dev veth0 nexthop via 2001:db8:2::2 dev veth2",
    "route add 2001:db8:17::/48 dev veth0 metric 5 mtu 1300 hoplimit 10 proto static",
    "route add 2001:db8:18::/48 from 2001:db8:1::/64 via 2001:db8:1::2",
    "route add 2001:db8:19::1/128 via 2001:db8:1::2",
    "route add 2001:db8:30::/48 encap ip6 id 7 dst 2001:db8:1::9 hoplimit 5 tc 3 key csum dev veth0",
    "route add 2001:db8:31::/48 encap seg6 mode encap segs 2001:db8:1::9,2001:db8:1::a dev veth0",
    "route add 2001:db8:32::/48 encap seg6local action End.DT6 table 100 dev veth0",
    "route add 2001:db8:40::/48 via 2001:db8:4::2 dev veth4",
    "route add 2001:db8:20::/48 via 2001:db8:1::2 table 100",
    "route add anycast 2001:db8:1::99 dev veth0",
)


def ip_routes():
    """Routing tables for `ip route`: every route type this kernel takes, in
    several tables, with metrics, multipath, realms, tos, nexthop objects,
    encapsulations, RTA_VIA, link-down routes, IPv4 and IPv6.

    main: veth0 198.51.100.1/26 2001:db8:1::1/64 (peer veth1 .2, in "peer"),
    veth2 198.51.100.65/26 2001:db8:2::1/64 (peer veth3, in main, no
    address), veth4 198.51.100.129/26 2001:db8:4::1/64 whose peer veth5 is
    set down: the routes through veth4 are "linkdown".  203.0.113.0/24 and
    2001:db8:10::/44 .. are routes only.  main forwards (so `route get ...
    iif` answers, and IPv6 adds subnet-router anycast routes); veth0 is
    also called uplink0 (an alternative name).  No route expires
    (ip-routes-cache has those), so two dumps a moment apart are the same.
    `route get` leaves cached routes behind (per CPU, per next hop): only
    the notify case asks about veth4's subnet, whose cached route then
    says "notify".
    """
    t = _pinned(Topology("peer"))
    t.veth("veth0", mac(0x7001), "veth1", mac(0x7002), peer_ns="peer")
    t.veth("veth2", mac(0x7003), "veth3", mac(0x7004))
    t.veth("veth4", mac(0x7005), "veth5", mac(0x7006))
    t.address("veth0", "198.51.100.1/26").address("veth0", "2001:db8:1::1/64")
    t.address("veth2", "198.51.100.65/26").address("veth2", "2001:db8:2::1/64")
    t.address("veth4", "198.51.100.129/26").address("veth4", "2001:db8:4::1/64")
    t.address("veth1", "198.51.100.2/26", ns="peer").address("veth1", "2001:db8:1::2/64", ns="peer")
    t.forwarding("main")  # `route get ... iif` forwards; IPv6 adds its subnet-router anycast routes
    t.ip("link set veth5 down")
    t.ip("link property add dev veth0 altname uplink0")
    for command in ROUTES4 + ROUTES6:
        t.ip(command)
    t.host_name("198.51.100.2", "peer.routes.example", "peer")
    t.host_name("203.0.113.224", "far.routes.example", "far")
    t.host_name("2001:db8:1::2", "peer6.routes.example")
    t.host_name("2001:db8:19::1", "far6.routes.example")
    return t.spec


def ip_routes_cache():
    """Learnt path MTUs (the route cache): main -> router -> far, the
    router's link to far 1280 bytes wide.  A ping too big for it, sent with
    "don't fragment" (a case's setup command, PMTU_PING), brings main an
    ICMP "fragmentation needed" / "packet too big" from the router, and the
    kernel keeps an exception route (`ip route show cache`, `ip -6 route
    show cache`) with "mtu 1280" that expires after ten minutes: the
    expiry counts down (a volatile field, tests/harness/volatile.py).

    main veth0 198.51.100.1/24 2001:db8:1::1/64 -- router rtr0 .254 ::fe;
    router rtr1 203.0.113.254/24 2001:db8:2::fe/64 mtu 1280 -- far veth1
    203.0.113.1/24 2001:db8:2::1/64 mtu 1280.
    """
    t = _pinned(Topology("router", "far"))
    t.veth("veth0", mac(0x7101), "rtr0", mac(0x7102), peer_ns="router")
    t.veth("rtr1", mac(0x7103), "veth1", mac(0x7104), ns="router", peer_ns="far", mtu=1280)
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("rtr0", "198.51.100.254/24", ns="router").address("rtr0", "2001:db8:1::fe/64", ns="router")
    t.address("rtr1", "203.0.113.254/24", ns="router").address("rtr1", "2001:db8:2::fe/64", ns="router")
    t.address("veth1", "203.0.113.1/24", ns="far").address("veth1", "2001:db8:2::1/64", ns="far")
    t.forwarding("router")
    t.route("203.0.113.0/24", via="198.51.100.254").route("2001:db8:2::/64", via="2001:db8:1::fe")
    t.route("198.51.100.0/24", via="203.0.113.254", ns="far").route("2001:db8:1::/64", via="2001:db8:2::fe", ns="far")
    # permanent neighbours: no ARP/ND exchange decides when the first packet leaves
    t.neigh("veth0", "198.51.100.254", mac(0x7102)).neigh("veth0", "2001:db8:1::fe", mac(0x7102))
    t.neigh("rtr0", "198.51.100.1", mac(0x7101), ns="router").neigh("rtr0", "2001:db8:1::1", mac(0x7101), ns="router")
    # an IPv6 route that expires (IPv4 routes cannot): counts down from an hour
    t.ip("route add 2001:db8:30::/48 via 2001:db8:1::fe expires 3600")
    t.host_name("203.0.113.1", "far.cache.example", "far")
    return t.spec


# What makes (or renews) the ip-routes-cache lab's exceptions: a ping of each
# family too big for the router's far link, "don't fragment" (the ping itself
# gets no answer: it exits 1, which the setup step must not see).
PMTU_PING = ["sh", "-c", "ping -q -c 1 -W 0.2 -M do -s 1400 203.0.113.1 >/dev/null 2>&1; "
             "ping -q -6 -c 1 -W 0.2 -M do -s 1400 2001:db8:2::1 >/dev/null 2>&1; exit 0"]


def ip_mroute():
    """Multicast routing: a holder with an IPv4 and an IPv6 multicast routing
    socket (tests/lab/sockholder.py "mroute"), virtual interfaces veth0 and
    veth2 (threshold 3), and (source, group) entries from veth0 to veth2
    (one with a TTL threshold of 5).  Multicast forwarding is then on for
    those devices (`ip netconf`).  The entries' age grows (-s): compared
    within the clock."""
    t = _pinned(Topology("peer"))
    t.veth("veth0", mac(0x3101), "veth1", mac(0x3102), peer_ns="peer")
    t.veth("veth2", mac(0x3103), "veth3", mac(0x3104))
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("veth2", "203.0.113.1/24").address("veth2", "2001:db8:2::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer")
    t.holder([
        {"kind": "mroute", "vifs": [["veth0", 1], ["veth2", 3]],
         "mfc": [["198.51.100.2", "239.1.1.1", 0, {"1": 1}], ["198.51.100.3", "239.1.1.2", 0, {"1": 5}],
                 ["203.0.113.7", "239.3.3.3", 1, {"0": 1}]]},
        {"kind": "mroute", "family": 6, "vifs": [["veth0", 1], ["veth2", 1]],
         "mfc": [["2001:db8:1::2", "ff0e::1:2", 0, [1]]]},
    ], comm="mrouted")
    return t.spec


# /etc/iproute2 of the ip-routes-names lab (bound over the machine's as a
# whole by `ip netns exec`): names that rename built-in ones, hex ids, a
# .d directory with a corrupted file, and files ip must not read.
ROUTE_NAME_FILES = {
    "iproute2/rt_tables": "#\n# reserved values\n#\n255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n"
                          "#\n# local\n#\n100\tcustom\n0x3e8\tthousand\n200 twohundred\n"
                          "  200\tdup200   # the later name for an id wins\n",
    "iproute2/rt_tables.d/bad.conf": "1234\tok\nthis line is not a table\n5678\tnever-read\n",
    "iproute2/rt_tables.d/extra.conf": "300\textra\n",
    "iproute2/rt_tables.d/notes.txt": "not a .conf file: never read\n",
    "iproute2/rt_tables.d/.hidden.conf": "400\thidden\n",
    "iproute2/rt_protos": "2\tkern\n4\tmystatic\n99\topenr\n201\tmyproto\n",
    "iproute2/rt_protos.d/more.conf": "202\tmore\n",
    "iproute2/rt_scopes": "0\tglobal\n255\tnowhere\n254\thost\n253\tlnk\n100\thundred\n",
    "iproute2/rt_realms": "0\tzero\n5\tfive\n0x0a\tten\n",
    "iproute2/rt_dsfield": "0x28\taf11custom\n0x10\tlowdelay\n",
}


def ip_routes_names():
    """Route names from a /etc/iproute2 of the lab's own (ROUTE_NAME_FILES).

    ip reads a name file only when it needs a name its built-ins lack, and
    the file may rename built-in ids: rt_protos says "2 kern", yet routes
    printed before the first route of an unnamed protocol (201 here) say
    "proto kernel", those after "proto kern" (the same for scopes: "link",
    then "lnk" after scope 100).  Tables: names from rt_tables and
    rt_tables.d/*.conf, a hex id, an id named twice, a corrupted line.
    main: veth0 198.51.100.1/26, veth2 198.51.100.129/26 (peer veth3 in
    main); routes in tables 100, 200, 300, 1000 and 1234.
    """
    t = _pinned(Topology())
    t.veth("veth0", mac(0x7201), "veth1", mac(0x7202))
    t.veth("veth2", mac(0x7203), "veth3", mac(0x7204))
    t.address("veth0", "198.51.100.1/26").address("veth2", "198.51.100.129/26")
    for command in (
            "route add 198.51.100.64/28 dev veth0 proto 201 scope 100",
            "route add 198.51.100.80/28 dev veth0 proto 202 realms 5/10 tos 0x28",
            "route add 198.51.100.96/28 via 198.51.100.2 proto 4 realm 7 tos 0x10",  # (names from the files above)
            "route add 203.0.113.0/24 via 198.51.100.2 table 100",
            "route add 203.0.113.0/25 via 198.51.100.2 table 200",
            "route add 203.0.113.0/26 via 198.51.100.2 table 300",
            "route add 203.0.113.0/27 via 198.51.100.2 table 1000",
            "route add 203.0.113.0/28 via 198.51.100.2 table 1234",
            "route add 203.0.113.0/29 via 198.51.100.2 table 5678"):
        t.ip(command)
    # table 400: ten routes laid out alike (printed as one run), the fifth of
    # an unnamed protocol and the eighth of an unnamed scope: the names of
    # the routes after each change ("kern", "lnk"), not those before
    for n in range(10):
        t.ip("route add 203.0.113.%d/28 dev veth0 proto %d scope %d metric 5 table 400"
             % (16 * n, 201 if n == 4 else 2, 100 if n == 7 else 253))
    for name, text in ROUTE_NAME_FILES.items():
        t.etc_file(name, text)
    return t.spec


def _big_routes():
    """Every prefix of length 24 to 32 in 198.51.100.0/24 (on the device,
    metric 10) and 203.0.113.0/24 (through .2 or .3 by turns of 32
    addresses, no metric): 1,022 routes."""
    commands = []
    for base, fmt in (("198.51.100", "route add %s dev veth0 metric 10"), ("203.0.113", None)):
        for length in range(24, 33):
            for start in range(0, 256, 1 << (32 - length)):
                prefix = "%s.%d/%d" % (base, start, length)
                if fmt:
                    commands.append(fmt % prefix)
                else:
                    commands.append("route add %s via 198.51.100.%d" % (prefix, 2 + (start // 32) % 2))
    return commands


def ip_routes_big():
    """A thousand routes in the main table, so that recv() buffers hold
    hundreds of routes alike (route.py prints such a buffer at once: its
    FastRoutes.uniform()) next to buffers of mixed ones."""
    t = _pinned(Topology())
    t.veth("veth0", mac(0x7301), "veth1", mac(0x7302))
    t.address("veth0", "198.51.100.1/24")
    for command in _big_routes():
        t.ip(command)
    return t.spec


def ip_xdp():
    """Links with XDP programs attached, for `ip link`'s "xdpgeneric" and
    "prog/xdp" lines.  veth0 (198.51.100.1/24) and veth1 are a pair in main,
    veth2/veth3 another pair with no program.  The programs are not made
    here but by the cases' setup (tests/ip/xdpload.py, which attaches one
    only where none is: the two runs of a pair see the same program, id and
    load time), since making one takes the bpf() system call, not `ip`:
    "pnt_generic" on veth0 in generic (skb) mode, "pnt_driver" on veth1 in
    veth's driver mode.
    """
    t = _pinned(Topology())
    t.veth("veth0", mac(0x5d01), "veth1", mac(0x5d02))
    t.veth("veth2", mac(0x5d03), "veth3", mac(0x5d04))
    t.address("veth0", "198.51.100.1/24")
    return t.spec


def ip_change():
    """A small namespace for the changing commands (issue 10), built afresh
    before each run of a mutating case (rebuild_on_reset) so both runs start
    alike.  veth0 (198.51.100.1/24, 2001:db8::1/64) and its peer veth1 in
    main, a bridge br0 with no ports, lo up; routes in main and table 100.
    """
    t = _pinned(Topology())
    t.veth("veth0", mac(0xc001), "veth1", mac(0xc002))
    t.bridge("br0", mac(0xc003))
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8::1/64")
    t.address("veth1", "198.51.100.2/24")
    t.ip("route add 203.0.113.0/24 via 198.51.100.2")
    t.ip("route add 203.0.113.128/25 dev veth0 table 100")
    t.spec["rebuild_on_reset"] = True
    return t.spec


def ip_link_netns():
    """veth0/veth1 and a second namespace named "blue" (peer) in a /run/netns
    of the lab's own, for `ip link set DEV netns NAME`; built afresh before
    each run of a case (a moved device does not come back)."""
    t = _pinned(Topology("peer"))
    t.pid_namespace()
    t.veth("veth0", mac(0xc001), "veth1", mac(0xc002))
    t.address("veth0", "198.51.100.1/24").address("veth1", "198.51.100.2/24")
    t.spec["netns_run_dir"] = [["blue", "peer"]]
    t.spec["rebuild_on_reset"] = True
    return t.spec


def ip_tcpmetrics_change():
    """ip-tcpmetrics, built afresh before each run of a case that deletes entries."""
    spec = ip_tcpmetrics()
    spec["rebuild_on_reset"] = True
    return spec


def ip_monitor():
    """ip monitor (issue 10): a namespace whose changes a case's `during`
    makes while ip monitor watches, rebuilt before each run so both runs
    see the same events (and the same indexes for new devices).  veth0
    (198.51.100.1/24, 2001:db8::1/64) in main, its peer veth1 in "peer"
    (so main has an nsid for peer, for all-nsid); a private /run/netns
    (pid_namespace) names peer "mon-peer", so `during` can act there with
    ip -n and ip monitor's netns_map_init() sees only the lab's names;
    "far" (mon-far) has no id here until a case gives it one (nsid events).
    """
    t = _pinned(Topology("peer", "far"))
    t.pid_namespace()
    t.veth("veth0", mac(0x6d01), "veth1", mac(0x6d02), peer_ns="peer")
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer")
    t.spec["netns_run_dir"] = [["mon-peer", "peer"], ["mon-far", "far"]]
    t.spec["rebuild_on_reset"] = True
    return t.spec


TOPOLOGIES = {
    "ip-monitor": ip_monitor,
    "ip-tcpmetrics-change": ip_tcpmetrics_change,
    "ip-change": ip_change,
    "ip-link-netns": ip_link_netns,
    "ip-mroute": ip_mroute,
    "ip-misc": ip_misc,
    "ip-netns": ip_netns,
    "ip-tuntap": ip_tuntap,
    "ip-tcpmetrics": ip_tcpmetrics,
    "ip-links": ip_links,
    "ip-neigh": ip_neigh,
    "ip-rules": ip_rules,
    "ip-routes": ip_routes,
    "ip-routes-cache": ip_routes_cache,
    "ip-routes-names": ip_routes_names,
    "ip-routes-big": ip_routes_big,
    "ip-xdp": ip_xdp,
}
