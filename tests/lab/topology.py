"""Lab topologies: plain, JSON-able descriptions of network namespaces to build.

A topology ("spec") is a dict that `tests.lab.core.Lab` turns into namespaces,
links, addresses, routes and neighbour entries.  It is data, not code, so a
golden case can store the exact spec it was recorded with (case.json) and be
re-recorded later from it.

Namespaces are named by role: "main" is where a case's tool runs; any other
role ("peer", "router", "far") is a further namespace.  The real names are
made unique per run by the Lab ("pnt-<pid>-<n>" for main, "pnt-<pid>-<n>-peer"
for the others), so parallel runs never collide.

Spec keys (all optional except "namespaces"):
  namespaces  ["main", "peer", ...]
  links       ordered list; each {"kind": "veth"|"bridge"|"macvlan"|"tap",
              "ns", "name", "mac", "mtu", "master"} and for veth
              "peer": {"ns", "name", "mac"}, for macvlan "link", "mode"
  addresses   [{"ns", "dev", "addr": "198.51.100.1/24"}]   (IPv6 gets nodad)
  routes      [{"ns", "dst", "via", "dev"}]
  neighbours  [{"ns", "dev", "addr", "lladdr", "nud"}] or with "proxy": true
  sysctls     [{"ns", "key", "value"}]      (net.ipv4.ip_forward for routers)
  ip_commands [{"ns", "cmd": "route add 203.0.113.0/24 via 198.51.100.2 table 100"}]:
              any further `ip -batch` lines, run in order once the links,
              addresses, routes and neighbours above are in place (vxlan
              links, routes of every type and table, rules, address flags);
              an entry's "options" (["-6"]) are ip's global options for its
              line (a batch line cannot carry them: IPv6 rules need -6)
  hosts       {"main": [["198.51.100.10", "alpha.lab.example", "alpha"], ...]}
  etc         {"main": {"networks": "text of /etc/networks"}}: extra files
              that `ip netns exec` binds over /etc (the /etc file must exist)
  nft         {"peer": "table inet f { ... }"}: an nftables ruleset loaded in
              that namespace once the network is up (nc's REJECTed and
              dropped ports)
  restore_routes  true: the main routing tables (IPv4, IPv6) are saved once
              built and put back by Lab.reset_neighbours() (route add/del)
  rebuild_on_reset  true: Lab.reset_neighbours() builds the whole lab again
              (ifconfig's changes touch links and addresses too)
  pid_namespace  true: every command and socket holder of the lab runs in a
              PID namespace of its own, with its own /proc (see core.py)
  holders     [{"ns", "sockets": [socket specs, see sockholder.py], "comm",
              "private_tmp"}]: socket holders started, in order, once the
              network is up
  rpcbind     [[prog, vers, netid, universal address], ...]: rpcbind runs in
              the lab (pid_namespace needed: it gets a /run of its own there)
              with these programs registered (tests/lab/rpcregister.py)
  netns_alias {"pnt-ss-peer": "peer"}: /run/netns/pnt-ss-peer is the peer
              namespace too (a bind mount), a name a command line can use
              (`ss -N pnt-ss-peer`); one lab at a time has it (core.py)
  daemons     [{"ns", "listen": "HOST:PORT", "argv", "dir_in", "then": [{"argv",
              "input"}]}]: servers started once the network is up, each
              through tests/lab/spawn.py (the lab goes on once HOST:PORT takes
              a TCP connection), then its "then" commands; "{dir}" in a word is
              a directory of the lab's own (under "dir_in" when that exists),
              "{tests}" the tests directory; stopped when the lab goes down
              (the dig lab's named: tests/dig/labs.py)
  netns_run_dir [["blue", "peer"], ["stale", None]]: the lab's commands see a
              /run/netns of their own (pid_namespace needed): the lab's
              namespaces under their own names, then each NAME bound to
              ROLE's namespace, or an empty file for None (`ip netns list`
              then lists only these)

Only documentation addresses are used: 198.51.100.0/24, 203.0.113.0/24 and
2001:db8::/32.  The kernel this runs on has no dummy, vlan or tunnel devices,
so topologies use veth, bridge, macvlan and tap only.
"""
import copy

# Neighbour states `ip neigh add ... nud X` accepts.  Which of them stay put is
# explained in core.py (STABLE_NEIGH_SYSCTLS): "delay" turns into "probe" at
# once, because the kernel arms a zero timer for admin-set DELAY entries.
NUD_STATES = ("permanent", "noarp", "reachable", "stale", "failed", "incomplete", "delay", "probe")


class Topology:
    """A small builder for specs: Topology().veth(...).address(...).spec"""

    def __init__(self, *extra_namespaces):
        self.spec = {"namespaces": ["main"] + list(extra_namespaces), "links": [], "addresses": [],
                     "routes": [], "neighbours": [], "sysctls": [], "hosts": {}, "etc": {}}

    def _add_ns(self, ns):
        if ns not in self.spec["namespaces"]:
            self.spec["namespaces"].append(ns)

    def veth(self, name, mac, peer, peer_mac, ns="main", peer_ns=None, mtu=None):
        peer_ns = peer_ns or ns
        self._add_ns(ns)
        self._add_ns(peer_ns)
        link = {"kind": "veth", "ns": ns, "name": name, "mac": mac,
                "peer": {"ns": peer_ns, "name": peer, "mac": peer_mac}}
        if mtu:
            link["mtu"] = mtu
        self.spec["links"].append(link)
        return self

    def bridge(self, name, mac, ns="main", ports=()):
        self.spec["links"].append({"kind": "bridge", "ns": ns, "name": name, "mac": mac})
        for port in ports:
            self.enslave(port, name, ns)
        return self

    def enslave(self, port, master, ns="main"):
        for link in self.spec["links"]:
            if link["name"] == port and link["ns"] == ns:
                link["master"] = master
                return self
            peer = link.get("peer")
            if peer and peer["name"] == port and peer["ns"] == ns:
                peer["master"] = master
                return self
        raise ValueError("no link %s in %s" % (port, ns))

    def macvlan(self, name, mac, link, mode="bridge", ns="main"):
        self.spec["links"].append({"kind": "macvlan", "ns": ns, "name": name, "mac": mac,
                                   "link": link, "mode": mode})
        return self

    def tap(self, name, mac, ns="main"):
        self.spec["links"].append({"kind": "tap", "ns": ns, "name": name, "mac": mac})
        return self

    def address(self, dev, addr, ns="main"):
        self.spec["addresses"].append({"ns": ns, "dev": dev, "addr": addr})
        return self

    def route(self, dst, via=None, dev=None, ns="main"):
        route = {"ns": ns, "dst": dst}
        if via:
            route["via"] = via
        if dev:
            route["dev"] = dev
        self.spec["routes"].append(route)
        return self

    def neigh(self, dev, addr, lladdr=None, nud="permanent", ns="main"):
        if nud not in NUD_STATES:
            raise ValueError("unknown neighbour state %r" % nud)
        entry = {"ns": ns, "dev": dev, "addr": addr, "nud": nud}
        if lladdr:
            entry["lladdr"] = lladdr
        self.spec["neighbours"].append(entry)
        return self

    def proxy(self, dev, addr, ns="main"):
        self.spec["neighbours"].append({"ns": ns, "dev": dev, "addr": addr, "proxy": True})
        return self

    def forwarding(self, ns):
        self.sysctl("net.ipv4.ip_forward", "1", ns)
        self.sysctl("net.ipv6.conf.all.forwarding", "1", ns)
        return self

    def sysctl(self, key, value, ns="main"):
        self.spec["sysctls"].append({"ns": ns, "key": key, "value": str(value)})
        return self

    def host_name(self, addr, *names, ns="main"):
        self.spec["hosts"].setdefault(ns, []).append([addr] + list(names))
        return self

    def etc_file(self, name, text, ns="main"):
        self.spec["etc"].setdefault(ns, {})[name] = text
        return self

    def ip(self, command, ns="main"):
        """Any further `ip` command (an `ip -batch` line) for namespace `ns`, run
        after the links, addresses, routes and neighbours."""
        self._add_ns(ns)
        self.spec.setdefault("ip_commands", []).append({"ns": ns, "cmd": command})
        return self

    def nft(self, ruleset, ns="main"):
        """An nftables ruleset for namespace `ns` (spec "nft")."""
        self._add_ns(ns)
        self.spec.setdefault("nft", {})[ns] = ruleset
        return self

    def pid_namespace(self):
        self.spec["pid_namespace"] = True
        return self

    def rpcbind(self, programs=()):
        """rpcbind in the main namespace, with `programs` registered besides its own."""
        self.spec["rpcbind"] = [list(program) for program in programs]
        return self

    def netns_alias(self, alias, role):
        """A stable name for a role's namespace (spec "netns_alias")."""
        self.spec.setdefault("netns_alias", {})[alias] = role
        return self

    def daemon(self, listen, argv, ns="main", dir_in=None, then=()):
        """A server started when the lab comes up (spec "daemons")."""
        self._add_ns(ns)
        entry = {"ns": ns, "listen": listen, "argv": list(argv), "then": list(then)}
        if dir_in:
            entry["dir_in"] = dir_in
        self.spec.setdefault("daemons", []).append(entry)
        return self

    def holder(self, sockets, ns="main", comm="sockholder", private_tmp=True):
        """A socket holder started when the lab comes up (tests/lab/sockholder.py)."""
        self.spec.setdefault("holders", []).append(
            {"ns": ns, "sockets": list(sockets), "comm": comm, "private_tmp": private_tmp})
        return self


def mac(n, prefix="02:00:00:00"):
    """A locally administered MAC address, fixed by number: mac(0x0a01) = 02:00:00:00:0a:01."""
    return "%s:%02x:%02x" % (prefix, (n >> 8) & 0xFF, n & 0xFF)


# ---- named topologies ---------------------------------------------------------


def empty():
    """One namespace with only loopback (up): an empty neighbour table."""
    return Topology().spec


def basic():
    """main <-veth-> peer on 198.51.100.0/24 and 2001:db8:1::/64, a few names."""
    t = Topology("peer")
    t.veth("veth0", mac(0x0001), "veth1", mac(0x0002), peer_ns="peer")
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer").address("veth1", "2001:db8:1::2/64", ns="peer")
    t.neigh("veth0", "198.51.100.2", mac(0x0002), "reachable")
    t.host_name("198.51.100.1", "main.lab.example", "main")
    t.host_name("198.51.100.2", "peer.lab.example", "peer")
    return t.spec


def routed():
    """main <-> router (forwarding) <-> far: 198.51.100.0/24 and 203.0.113.0/24."""
    t = Topology("router", "far")
    t.veth("veth0", mac(0x0101), "rtr0", mac(0x0102), peer_ns="router")
    t.veth("rtr1", mac(0x0103), "veth0", mac(0x0104), ns="router", peer_ns="far")
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("rtr0", "198.51.100.254/24", ns="router").address("rtr0", "2001:db8:1::fe/64", ns="router")
    t.address("rtr1", "203.0.113.254/24", ns="router").address("rtr1", "2001:db8:2::fe/64", ns="router")
    t.address("veth0", "203.0.113.1/24", ns="far").address("veth0", "2001:db8:2::1/64", ns="far")
    t.forwarding("router")
    t.route("203.0.113.0/24", via="198.51.100.254").route("2001:db8:2::/64", via="2001:db8:1::fe")
    t.route("198.51.100.0/24", via="203.0.113.254", ns="far")
    t.route("2001:db8:1::/64", via="2001:db8:2::fe", ns="far")
    t.neigh("veth0", "198.51.100.254", mac(0x0102), "permanent")
    t.host_name("198.51.100.254", "router.lab.example", "router")
    t.host_name("203.0.113.1", "far.lab.example", "far")
    return t.spec


def arp_devices():
    """The arp labs' devices: veth0 (peer in "peer"), br0 (a bridge with port
    veth2) and mv0 (a macvlan on veth4); no addresses or entries yet."""
    t = Topology("peer")
    t.veth("veth0", mac(0x0a01), "veth1", mac(0x0a02), peer_ns="peer")
    t.veth("veth2", mac(0x0a03), "veth3", mac(0x0a04))
    t.veth("veth4", mac(0x0a05), "veth5", mac(0x0a06))
    t.bridge("br0", mac(0x0b01), ports=["veth2"])
    t.macvlan("mv0", mac(0x0c01), "veth4")
    return t


def arp():
    """The arp lab: one namespace holding a neighbour table with every stable state.

    Devices: veth0 (peer in "peer"), br0 (a bridge with port veth2), mv0 (a
    macvlan on veth4) and tap0 (a tap without a process: no carrier, which
    the kernel allows neighbour entries on all the same).  Names for some
    addresses come from /etc/netns/<ns>/hosts; 198.51.100.99 has a name but no
    entry.  /etc/networks names 203.0.113.0 "labnet": net-tools resolves a
    host argument with getnetbyname() before gethostbyname(), so
    `arp -n labnet` finds the 203.0.113.0 entry.
    """
    t = arp_devices()
    t.tap("tap0", mac(0x0d01))
    t.address("veth0", "198.51.100.1/24").address("br0", "203.0.113.1/24")
    t.address("mv0", "198.51.100.129/25").address("veth0", "2001:db8:a::1/64")
    t.address("veth1", "198.51.100.2/24", ns="peer")
    # one entry per state (on veth0), and some on the other devices
    t.neigh("veth0", "198.51.100.2", mac(0x0a02), "reachable")
    t.neigh("veth0", "198.51.100.10", "02:aa:bb:cc:dd:10", "permanent")
    t.neigh("veth0", "198.51.100.11", "02:aa:bb:cc:dd:11", "stale")
    t.neigh("veth0", "198.51.100.12", "02:aa:bb:cc:dd:12", "probe")
    t.neigh("veth0", "198.51.100.13", "02:aa:bb:cc:dd:13", "delay")
    t.neigh("veth0", "198.51.100.14", None, "incomplete")
    t.neigh("veth0", "198.51.100.15", "02:aa:bb:cc:dd:15", "failed")
    t.neigh("veth0", "198.51.100.16", "02:aa:bb:cc:dd:16", "noarp")
    t.neigh("br0", "203.0.113.20", "02:aa:bb:cc:dd:20", "permanent")
    t.neigh("br0", "203.0.113.21", "02:aa:bb:cc:dd:21", "stale")
    t.neigh("br0", "203.0.113.0", "02:aa:bb:cc:dd:00", "permanent")
    t.neigh("mv0", "198.51.100.130", "02:aa:bb:cc:dd:30", "reachable")
    t.neigh("tap0", "198.51.100.140", "02:aa:bb:cc:dd:40", "permanent")
    t.proxy("veth0", "198.51.100.50")
    t.proxy("br0", "203.0.113.50")
    t.host_name("198.51.100.1", "lab-main.lab.example", "lab-main")
    t.host_name("198.51.100.2", "peer.lab.example", "peer")
    t.host_name("198.51.100.10", "alpha.lab.example", "alpha")
    t.host_name("198.51.100.11", "bravo.lab.example", "bravo")
    t.host_name("203.0.113.20", "charlie.lab.example", "charlie")
    t.host_name("198.51.100.50", "proxied.lab.example", "proxied")
    t.host_name("198.51.100.99", "nobody.lab.example", "nobody")
    t.host_name("198.51.100.140", "a-rather-long-host-name-for-the-columns.lab.example", "longname")
    t.etc_file("networks", "default\t\t0.0.0.0\nloopback\t127.0.0.0\nlink-local\t169.254.0.0\n"
               "labnet\t\t203.0.113.0\n")
    return t.spec


def arp_odd_names():
    """Device names that stretch arp's line reading: Linux allows control
    characters such as \x1c in a name, and /proc/net/arp prints them raw.
    net-tools reads the file with fgets(), so only "\n" ends a line; a reader
    that also breaks at \x1c (Python's str.splitlines) cuts the name and
    loses every later entry."""
    t = Topology()
    t.veth("a\x1cb", mac(0x0e01), "odd1", mac(0x0e02))
    t.veth("odd2", mac(0x0e03), "odd3", mac(0x0e04))
    t.address("a\x1cb", "198.51.100.1/25").address("odd2", "198.51.100.129/25")
    t.neigh("a\x1cb", "198.51.100.2", "02:aa:bb:cc:ee:02", "permanent")
    t.neigh("a\x1cb", "198.51.100.3", "02:aa:bb:cc:ee:03", "permanent")
    t.neigh("odd2", "198.51.100.130", "02:aa:bb:cc:ee:30", "permanent")
    return t.spec


SS_SINK_MAC = mac(0x5504)


def _ss_cut(addr):
    """Commands a socket holder runs to send everything main sends to `addr`
    into the sink namespace from now on (a /32 route and a permanent
    neighbour entry pointing at the sink's veth): FINs and ACKs are lost."""
    return [["ip", "-n", "{main}", "route", "add", addr + "/32", "dev", "veth2"],
            ["ip", "-n", "{main}", "neigh", "replace", addr, "dev", "veth2", "lladdr", SS_SINK_MAC,
             "nud", "permanent"]]


def ss_sockets():
    """The main socket holder of the ss lab: a socket of every kind and TCP in every state.

    Ports are fixed, so filters can name them and recordings repeat.  The
    states other than LISTEN/ESTABLISHED come from what a holder does to a
    connection, and from packets that are lost on purpose: the "sink"
    namespace owns none of the addresses main sends there and does not
    forward, so it drops them without a word (no RST, no ICMP).
      SYN-SENT     connect to 203.0.113.99 / 2001:db8:2::99 (in the sink)
      SYN-RECV     peer connects from 203.0.113.50; main's SYN-ACK goes to the sink
      FIN-WAIT-2 / CLOSE-WAIT   the client shuts down its sending side, the server does not
      FIN-WAIT-1   the client's FIN (and 100 bytes before it) go to the sink
      LAST-ACK     the server (in peer) shuts down first; then main's FIN is lost
      CLOSING      main's FIN is lost, then the peer's FIN arrives
    main's tcp_syn_retries/tcp_synack_retries/tcp_retries2 are raised, so
    these retransmit for hours instead of giving up after a minute or two.
    """
    conn = "tcp-conn"
    return [
        # listeners
        {"kind": "tcp-listen", "addr": "0.0.0.0", "port": 22},
        {"kind": "tcp-listen", "addr": "::", "port": 80, "family": 6, "v6only": 1},
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 631, "backlog": 5},
        {"kind": "tcp-listen", "addr": "198.51.100.1", "port": 443},
        {"kind": "tcp-listen", "addr": "2001:db8:1::1", "port": 8080, "family": 6},
        {"kind": "tcp-listen", "addr": "198.51.100.1", "port": 5000, "dev": "veth0"},
        {"kind": "tcp-listen", "addr": "fe80::1", "port": 7000, "family": 6, "scope": "veth0"},
        # a dual-stack listener with a connection it never accepts (Recv-Q 1, v4-mapped addresses)
        {"kind": "tcp-listen", "addr": "::", "port": 8443, "family": 6, "v6only": 0},
        {"kind": "tcp-connect", "addr": "127.0.0.1", "port": 8443, "bind": ["127.0.0.1", 40050]},
        # ESTABLISHED
        {"kind": conn, "addr": "127.0.0.1", "port": 9000, "client_port": 40001, "unread": 5,
         "server_unread": 3, "keepalive": "client"},
        {"kind": conn, "addr": "::1", "port": 9001, "family": 6, "client_port": 40002},
        {"kind": conn, "addr": "198.51.100.2", "port": 25, "server_ns": "peer", "client_addr": "198.51.100.1",
         "client_port": 40003, "keepalive": True},
        {"kind": conn, "addr": "2001:db8:1::2", "port": 53, "family": 6, "server_ns": "peer",
         "client_addr": "2001:db8:1::1", "client_port": 40004},
        {"kind": conn, "addr": "fe80::1", "port": 7001, "family": 6, "scope": "veth0", "client_port": 40006},
        {"kind": conn, "addr": "198.51.100.1", "port": 9004, "client_addr": "198.51.100.1", "client_port": 40007,
         "unread": 11},
        # FIN-WAIT-2 (client) and CLOSE-WAIT (server), IPv4 and IPv6
        {"kind": conn, "addr": "127.0.0.1", "port": 9002, "client_port": 40005, "steps": ["client-shutdown", "wait"]},
        {"kind": conn, "addr": "::1", "port": 9003, "family": 6, "client_port": 40008,
         "steps": ["client-shutdown", "wait"]},
        # FIN-WAIT-1, LAST-ACK and CLOSING (main is the client, the server is in peer)
        {"kind": conn, "addr": "198.51.100.21", "port": 9100, "server_ns": "peer", "client_port": 40011,
         "cut": _ss_cut("198.51.100.21"), "steps": ["cut", "send:100", "client-shutdown", "wait"]},
        {"kind": conn, "addr": "198.51.100.22", "port": 9101, "server_ns": "peer", "client_port": 40012,
         "cut": _ss_cut("198.51.100.22"), "steps": ["server-shutdown", "wait", "cut", "client-shutdown", "wait"]},
        {"kind": conn, "addr": "198.51.100.23", "port": 9102, "server_ns": "peer", "client_port": 40013,
         "cut": _ss_cut("198.51.100.23"), "steps": ["cut", "client-shutdown", "wait", "server-shutdown", "wait"]},
        # SYN-SENT
        {"kind": "tcp-syn-sent", "addr": "203.0.113.99", "port": 80, "bind": ["203.0.113.1", 40021]},
        {"kind": "tcp-syn-sent", "addr": "2001:db8:2::99", "port": 443, "family": 6,
         "bind": ["2001:db8:2::1", 40022]},
        # SYN-RECV: a listener in main, a client in peer whose SYN-ACKs go to the sink
        {"kind": "tcp-listen", "addr": "198.51.100.1", "port": 8000},
        {"kind": "tcp-syn-sent", "ns": "peer", "addr": "198.51.100.1", "port": 8000, "bind": ["203.0.113.50", 40031]},
        # UDP
        {"kind": "udp", "addr": "0.0.0.0", "port": 5353},
        {"kind": "udp", "addr": "198.51.100.1", "port": 53},
        {"kind": "udp", "addr": "::", "port": 123, "family": 6},
        {"kind": "udp", "addr": "198.51.100.1", "port": 40100, "connect": ["198.51.100.2", 53]},
        {"kind": "udp", "addr": "2001:db8:1::1", "port": 40101, "family": 6, "connect": ["2001:db8:1::2", 53]},
        {"kind": "udp", "addr": "fe80::1", "port": 546, "family": 6, "scope": "veth0"},
        {"kind": "udp", "addr": "0.0.0.0", "port": 68, "dev": "veth0"},
        {"kind": "udp", "addr": "::", "port": 40102, "family": 6, "v6only": 0, "connect": ["::ffff:127.0.0.1", 9]},
        # raw and packet sockets see the lab's traffic: their filters drop it (Recv-Q stays 0)
        {"kind": "raw", "proto": 1, "drop_all": True},
        {"kind": "raw", "family": 6, "proto": 58, "drop_all": True},
        {"kind": "raw", "proto": 255, "addr": "198.51.100.1", "drop_all": True},
        # unix: path (in the holder's private /tmp), abstract, unnamed; stream, dgram, seqpacket
        {"kind": "unix", "type": "stream", "path": "/tmp/ss/stream.sock", "listen": True, "connect": True},
        {"kind": "unix", "type": "stream", "path": "@ss-abstract", "listen": True},
        {"kind": "unix", "type": "seqpacket", "path": "/tmp/ss/seqpacket.sock", "listen": True, "connect": True},
        {"kind": "unix", "type": "dgram", "path": "/tmp/ss/dgram.sock", "connect": True},
        {"kind": "unix", "type": "dgram", "path": "@ss-dgram"},
        {"kind": "unix", "type": "stream", "pair": True},
        {"kind": "unix", "type": "dgram", "pair": True},
        {"kind": "unix", "type": "seqpacket", "pair": True},
        # packet
        {"kind": "packet", "type": "raw", "protocol": 3, "drop_all": True},
        {"kind": "packet", "type": "dgram", "protocol": 0x0800, "dev": "veth0", "drop_all": True},
        {"kind": "packet", "type": "raw", "protocol": 0x0806, "dev": "veth2", "drop_all": True},
        # netlink: the first one gets the holder's pid as its port id
        {"kind": "netlink", "protocol": 0, "groups": 1},
        {"kind": "netlink", "protocol": 16, "portid": 70001},
        {"kind": "netlink", "protocol": 0, "portid": 70002, "connect": True},
    ]


def ss():
    """The ss lab: main holds sockets of every kind; peer and sink help make the TCP states.

    main  veth0 198.51.100.1/24 2001:db8:1::1/64 fe80::1/64  <->  peer veth1 198.51.100.2,.21,.22,.23/24
                                                                   2001:db8:1::2/64 fe80::2/64, lo 203.0.113.50
    main  veth2 203.0.113.1/24 2001:db8:2::1/64               <->  sink veth3 203.0.113.2/24 (drops the rest)
    A PID namespace of its own (ss -p sees the holder as pid 2, named
    "sockholder"), names in main's /etc/hosts for some addresses.
    """
    t = Topology("peer", "sink")
    t.veth("veth0", mac(0x5501), "veth1", mac(0x5502), peer_ns="peer")
    t.veth("veth2", mac(0x5503), "veth3", SS_SINK_MAC, peer_ns="sink")
    for addr in ("198.51.100.1/24", "2001:db8:1::1/64", "fe80::1/64"):
        t.address("veth0", addr)
    t.address("veth2", "203.0.113.1/24").address("veth2", "2001:db8:2::1/64")
    for addr in ("198.51.100.2/24", "198.51.100.21/24", "198.51.100.22/24", "198.51.100.23/24",
                 "2001:db8:1::2/64", "fe80::2/64"):
        t.address("veth1", addr, ns="peer")
    t.address("lo", "203.0.113.50/32", ns="peer")
    t.address("veth3", "203.0.113.2/24", ns="sink")
    for addr in ("203.0.113.99", "203.0.113.50", "2001:db8:2::99"):
        t.neigh("veth2", addr, SS_SINK_MAC, "permanent")
    for key, value in (("net.ipv4.tcp_syn_retries", 100), ("net.ipv4.tcp_synack_retries", 100),
                       ("net.ipv4.tcp_retries2", 100)):
        t.sysctl(key, value)
    t.sysctl("net.ipv4.tcp_syn_retries", 100, ns="peer")
    t.host_name("198.51.100.1", "main.ss.example", "main")
    t.host_name("198.51.100.2", "peer.ss.example", "peer")
    t.host_name("2001:db8:1::2", "peer6.ss.example")
    t.host_name("203.0.113.99", "nowhere.ss.example")
    t.host_name("198.51.100.21", "finwait.ss.example")
    t.pid_namespace()
    t.holder(ss_sockets())
    return t.spec


def ss_empty():
    """A namespace with only loopback, in a PID namespace of its own (as the ss lab),
    so that ss's own sock_diag socket is "tcpdiag:ss/N" with a small N."""
    return Topology().pid_namespace().spec


def ss_timewait():
    """Two TIME-WAIT sockets (IPv4 and IPv6 loopback) and their listeners.

    TIME-WAIT lasts 60 s whatever one does (no sysctl shortens or
    lengthens it), so the cases that use this lab run right after it is
    built, one after the other; the snapshot notices if one expired.
    """
    t = Topology()
    t.pid_namespace()
    t.holder([
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7777},
        {"kind": "tcp-conn", "addr": "127.0.0.1", "port": 7778, "client_port": 40041,
         "steps": ["client-close", "wait", "server-close", "wait"]},
        {"kind": "tcp-conn", "addr": "::1", "port": 7779, "family": 6, "client_port": 40042,
         "steps": ["client-close", "wait", "server-close", "wait"]},
        {"kind": "tcp-conn", "addr": "127.0.0.1", "port": 7780, "client_port": 40043},
    ])
    return t.spec


def ss_rpcbind():
    """rpcbind (port 111, tcp and udp, IPv4 and IPv6) with nfs registered on
    tcp 2049 and mountd on udp6 20048 and on tcp 127.0.0.1:20048 (an address
    ss does not read), all held open by a socket holder.  Needs rpcbind.
    (No program missing from /etc/rpc: ss would print an uninitialised name.)"""
    t = Topology()
    t.pid_namespace()
    t.rpcbind([[100003, 3, "tcp", "0.0.0.0.8.1"], [100005, 3, "udp6", "::.78.80"],
               [100005, 3, "tcp", "127.0.0.1.78.80"]])
    t.holder([
        {"kind": "tcp-listen", "addr": "0.0.0.0", "port": 2049},
        {"kind": "udp", "addr": "::", "port": 20048, "family": 6},
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 20048},
    ])
    return t.spec


def ss_netns():
    """The ss lab, with its peer namespace also named pnt-ss-peer (a netns
    alias), so a case can say `ss -N pnt-ss-peer`."""
    spec = ss()
    spec["netns_alias"] = {"pnt-ss-peer": "peer"}
    return spec


def ss_quiet():
    """A namespace with only loopback, in a PID namespace of its own, for the
    cases that make their own sockets while they run: ss -E watches the
    sockets a `during` command opens and closes, ss -K kills one a `setup`
    command made (tests/lab/sockevents.py).  (The host name only tells its
    spec from ss-empty's, so the two are separate labs.)"""
    return Topology().pid_namespace().host_name("127.0.0.2", "quiet.ss.example").spec


def ss_marks():
    """Sockets for the filters on socket marks and unix autobinding: TCP
    listeners with SO_MARK 0x1, 0x101 and 0x10 (and one without), unix
    sockets bound by the kernel (autobind) beside named ones."""
    t = Topology()
    t.pid_namespace()
    t.holder([
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7401, "mark": 0x1},
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7402, "mark": 0x101},
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7403, "mark": 0x10},
        {"kind": "tcp-listen", "addr": "127.0.0.1", "port": 7404},
        {"kind": "unix", "type": "dgram", "autobind": True},
        {"kind": "unix", "type": "stream", "autobind": True, "listen": True},
        {"kind": "unix", "type": "stream", "path": "@ss-named", "listen": True},
        {"kind": "unix", "type": "dgram", "path": "/tmp/ss/named.sock"},
    ])
    return t.spec


TOPOLOGIES = {
    "empty": empty,
    "basic": basic,
    "routed": routed,
    "arp": arp,
    "arp-odd-names": arp_odd_names,
    "ss": ss,
    "ss-empty": ss_empty,
    "ss-timewait": ss_timewait,
    "ss-rpcbind": ss_rpcbind,
    "ss-netns": ss_netns,
    "ss-quiet": ss_quiet,
    "ss-marks": ss_marks,
}


def _all_topologies():
    """TOPOLOGIES above, and those a tool's tests keep beside its cases
    (tests/<tool>/labs.py with a TOPOLOGIES dict of its own: ip's labs)."""
    import importlib
    import os

    found = dict(TOPOLOGIES)
    tests_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for tool in sorted(os.listdir(tests_dir)):
        if os.path.isfile(os.path.join(tests_dir, tool, "labs.py")):
            found.update(importlib.import_module("tests.%s.labs" % tool).TOPOLOGIES)
    return found


def named(name):
    """A fresh copy of a named topology's spec."""
    factory = TOPOLOGIES.get(name)
    if factory is None:
        known = _all_topologies()
        if name not in known:
            raise KeyError("no topology %r (known: %s)" % (name, ", ".join(sorted(known))))
        factory = known[name]
    return copy.deepcopy(factory())
