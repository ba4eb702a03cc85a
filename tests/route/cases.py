"""Golden cases for route (net-tools 2.10).

The "route" lab (route_lab() below): main holds veth0 (198.51.100.1/24,
2001:db8:1::1/64, its peer in "peer") and veth2 (203.0.113.1/24, its peer
veth3 in main too), a default route, routes with a metric, a host route,
reject routes (unreachable, prohibit, blackhole), routes with mtu, window
and rtt metrics (route -e/-ee show them), a route in table 100 (which
/proc/net/route does not list), IPv6 routes, and names: /etc/hosts names
some gateways, /etc/networks names some networks.
"""
from tests.harness.cases import Case
from tests.lab.topology import Topology, mac

SNAPSHOT = [["cat", "/proc/net/route"], ["cat", "/proc/net/ipv6_route"]]
STATE = [["ip", "-4", "route", "show", "table", "all"], ["ip", "-6", "route", "show", "table", "all"]]

NETWORKS = """\
labnet\t203.0.113.0
farnet\t192.0.2.0
"""


def route_lab():
    t = Topology("peer")
    t.sysctl("net.ipv6.conf.all.addr_gen_mode", "1").sysctl("net.ipv6.conf.default.addr_gen_mode", "1")
    t.sysctl("net.ipv6.conf.all.accept_dad", "0").sysctl("net.ipv6.conf.default.accept_dad", "0")
    t.veth("veth0", mac(0x0d01), "veth1", mac(0x0d02), peer_ns="peer")
    t.veth("veth2", mac(0x0d03), "veth3", mac(0x0d04))
    t.address("veth0", "198.51.100.1/24").address("veth0", "2001:db8:1::1/64")
    t.address("veth1", "198.51.100.254/24", ns="peer").address("veth1", "2001:db8:1::fe/64", ns="peer")
    t.address("veth2", "203.0.113.1/24")
    t.ip("route add default via 198.51.100.254 dev veth0")
    t.ip("route add 192.0.2.0/24 via 198.51.100.254 metric 100")
    t.ip("route add 192.0.2.128/25 via 198.51.100.2 dev veth0 metric 5 mtu 1400 window 8000 rtt 30")
    t.ip("route add 198.51.100.77/32 via 198.51.100.254")
    t.ip("route add 10.1.0.0/16 dev veth2 metric 7")
    t.ip("route add unreachable 10.9.0.0/16")
    t.ip("route add prohibit 10.10.0.0/16 metric 3")
    t.ip("route add blackhole 10.11.0.0/16")
    t.ip("route add 10.12.0.0/16 via 203.0.113.9 table 100")
    t.ip("route add 10.13.0.0/16 via 198.51.100.254 metric 4294967295")
    t.ip("route add 10.14.0.0/16 dev veth0 mtu 1400 advmss 1300 window 65535 rtt 1000")
    t.ip("route add 10.15.0.0/16 via 198.51.100.254 dev veth0 onlink src 198.51.100.1 proto static")
    t.ip("route add 2001:db8:5::/64 via 2001:db8:1::fe metric 5")
    t.ip("route add 2001:db8:aaaa::/64 via fe80::1 dev veth0")
    t.ip("route add 2001:db8:bbbb::/64 via 2001:db8:1::fe metric 4294967295")
    t.ip("route add ::ffff:192.0.2.0/120 dev veth2")  # v4-mapped: shown as 192.0.2.0/120
    t.ip("route add 2001:db8:6::/48 dev veth2 mtu 1300")
    t.ip("route add unreachable 2001:db8:7::/64")
    t.ip("route add 2001:db8:8::1/128 via 2001:db8:1::fe")
    t.host_name("198.51.100.254", "gw.lab.example", "gw")
    t.host_name("198.51.100.2", "second.lab.example", "second")
    t.host_name("2001:db8:1::fe", "gw6.lab.example", "gw6")
    t.etc_file("networks", NETWORKS)
    t.spec["restore_routes"] = True  # route add/del cases: the main tables are put back (tests/lab/core.py)
    return t.spec


def show(name, argv, note="", lab=None):
    return Case("route", name, argv, lab=lab or route_lab(), note=note)


def change(name, argv, note=""):
    return Case("route", name, argv, lab=route_lab(), mutates=True, note=note)


CASES = [
    # showing the IPv4 table
    show("show", ["route"], "names: default, /etc/hosts gateways (cut to 15 characters), /etc/networks nets"),
    show("show-n", ["route", "-n"], "numbers; reject routes with -, a blackhole route on *"),
    show("show-e", ["route", "-e"], "MSS Window irtt columns"),
    show("show-ne", ["route", "-ne"]),
    show("show-ee", ["route", "-ee"], "every column"),
    show("show-nee", ["route", "-nee"]),
    show("show-eee", ["route", "-n", "-eee"], "a third -e: net-tools prints only the title"),
    show("show-eeee", ["route", "-n", "-eeee"], "a fourth -e counts as none (opt_e & 3)"),
    show("show-N", ["route", "-N"], "-N: numbers too"),
    show("show-v", ["route", "-v"]),
    show("show-4-long", ["route", "--inet", "--numeric"]),
    show("show-F", ["route", "-Fn"]),
    show("show-inet6", ["route", "-A", "inet6"], "IPv6: [::], localhost, names from getnameinfo"),
    show("show-6n", ["route", "-6n"], "every IPv6 table, reject routes (!n), metric -1"),
    show("show-both", ["route", "-n", "-A", "inet,inet6"], "a list of families: each table in turn"),
    show("show-ip6-alias", ["route", "-n", "-A", "ip6"]),
    show("cache", ["route", "-C"], "the IPv4 route cache: a header only since Linux 3.6"),
    show("cache-ee", ["route", "-Cee"]),
    show("cache-e", ["route", "-Cne"]),
    show("cache-and-fib", ["route", "-CFn"]),
    show("cache6", ["route", "-6C"], "IPv6 cache: no /proc/net/ndisc, so cached routes of ipv6_route"),
    Case("route", "empty", ["route"], lab="empty", note="only the header: no routes in a new namespace"),
    Case("route", "empty-6n", ["route", "-6n"], lab="empty", note="lo's routes"),
    Case("route", "empty-ee", ["route", "-nee"], lab="empty"),
    # the program itself
    show("version", ["route", "-V"]),
    show("version-long", ["route", "--version", "-x"], "-V exits before a later bad option"),
    show("help", ["route", "-h"], "usage on stdout (rc 0), the family list on stderr"),
    show("help-inet", ["route", "-A", "inet", "-h"], "the inet family's usage"),
    show("help-inet6", ["route", "-6", "--help"]),
    show("bad-option", ["route", "-x"], "getopt's message, then the usage, exit 0"),
    show("missing-argument", ["route", "-A"]),
    show("bad-long-option", ["route", "--bogus"]),
    show("bad-verb", ["route", "show"], "usage on stderr, exit 3"),
    show("unknown-family", ["route", "-A", "foo"]),
    show("family-unix", ["route", "-A", "unix"], "a family without routes"),
    show("family-bluetooth", ["route", "-A", "bluetooth"], "a family this build lacks"),
    show("family-ax25", ["route", "-A", "ax25"], "not configured: perror of its /proc file"),
    show("family-x25-long", ["route", "--x25"], "--x is a prefix of --x25"),
    show("family-rose", ["route", "-A", "rose"]),
    show("family-ddp", ["route", "-A", "appletalk"]),
    show("family-netrom", ["route", "-A", "netrom"]),
    show("family-ipx", ["route", "-A", "ipx"]),
    show("flush", ["route", "flush"], "flush is not supported"),
    show("flush-6", ["route", "-6", "flush"]),
    show("add-nothing", ["route", "add"], "inet usage on stdout, exit 0"),
    show("add6-nothing", ["route", "-6", "add"], "inet6 usage on stderr, exit 3"),
    show("add-two-families", ["route", "-A", "inet,inet6", "add", "10.0.0.0"]),
    show("add-cache", ["route", "-C", "add", "-net", "10.36.0.0/16", "dev", "veth0"]),
    show("add-x25", ["route", "-A", "x25", "add", "foo"]),
    show("add-ipx", ["route", "-A", "ipx", "add", "foo"]),
    show("add-ax25", ["route", "-A", "ax25", "add", "foo"]),
    # changing the table
    change("add-net-prefix-gw", ["route", "add", "-net", "10.20.0.0/16", "gw", "198.51.100.254"]),
    change("add-net-netmask-dev", ["route", "add", "-net", "10.21.0.0", "netmask", "255.255.0.0", "dev", "veth2"]),
    change("add-host-metric", ["route", "add", "-host", "10.22.0.1", "gw", "198.51.100.2", "metric", "4"]),
    change("add-reject", ["route", "add", "-net", "10.23.0.0/16", "reject"], "a reject route on lo"),
    change("add-all-words", ["route", "add", "-net", "10.24.0.0/16", "gw", "198.51.100.254", "mss", "1200",
                             "window", "4096", "irtt", "20", "mod", "dyn", "reinstate"]),
    change("add-default", ["route", "add", "default", "gw", "198.51.100.3", "metric", "9"]),
    change("add-bare-device", ["route", "add", "-net", "10.25.0.0/16", "veth2"], "a last word is the device"),
    change("add-host-by-name", ["route", "add", "-host", "gw", "dev", "veth0"], "a name from /etc/hosts"),
    change("add-net-by-name", ["route", "add", "-net", "labnet", "dev", "veth2"],
           "a name from /etc/networks: the kernel refuses (the route exists as connected)"),
    change("add-gw-by-name", ["route", "add", "-net", "10.26.0.0/16", "gw", "second"]),
    change("add-exists", ["route", "add", "-net", "192.0.2.0/24", "gw", "198.51.100.254", "metric", "100"],
           "SIOCADDRT: File exists, exit 7"),
    change("add-unreachable-gw", ["route", "add", "-net", "10.27.0.0/16", "gw", "10.99.99.99"]),
    change("add-no-device", ["route", "add", "-net", "10.28.0.0/16", "dev", "nosuchdev"]),
    change("add-gw-network", ["route", "add", "-net", "10.29.0.0/16", "gw", "labnet"]),
    change("add-bad-mask", ["route", "add", "-net", "10.30.0.0", "netmask", "255.0.255.0", "dev", "veth0"]),
    change("add-mask-mismatch", ["route", "add", "-net", "10.31.0.1", "netmask", "255.255.0.0", "dev", "veth0"]),
    change("add-host-mask", ["route", "add", "-host", "10.32.0.1", "netmask", "255.255.0.0", "dev", "veth0"]),
    change("add-bad-mss", ["route", "add", "-net", "10.33.0.0/16", "mss", "10", "dev", "veth0"]),
    change("add-bad-window", ["route", "add", "-net", "10.33.0.0/16", "window", "10", "dev", "veth0"]),
    change("add-bad-metric", ["route", "add", "-net", "10.33.0.0/16", "metric", "x", "dev", "veth0"]),
    change("add-two-gateways", ["route", "add", "-net", "10.33.0.0/16", "gw", "198.51.100.254", "gw",
                                "198.51.100.2"]),
    change("add-extra-word", ["route", "add", "-net", "10.33.0.0/16", "dev", "veth0", "extra"]),
    change("add-bad-prefix", ["route", "add", "-net", "10.33.0.0/1x", "dev", "veth0"]),
    change("add-net-only", ["route", "add", "-net"]),
    change("add-unknown-net", ["route", "add", "-net", "nosuchnet", "gw", "198.51.100.254"]),
    change("add-unknown-host", ["route", "add", "-host", "nosuchhost.invalid", "dev", "veth0"],
           "herror shows h_errno as getnetbyname left it: Unknown host"),
    change("add-unknown-gw", ["route", "add", "-net", "10.34.0.0/16", "gw", "nosuchgw"]),
    change("add-prefix-then-netmask", ["route", "add", "-net", "10.35.0.0/16", "netmask", "255.255.0.0",
                                       "dev", "veth0"], "the prefix set the mask already: usage"),
    change("add-prefix-zero", ["route", "add", "-net", "0.0.0.0/0", "gw", "198.51.100.3", "metric", "50"]),
    change("add-host-prefix", ["route", "add", "-host", "10.36.0.1/24", "dev", "veth0"]),
    change("add-prefix-33", ["route", "add", "-net", "10.37.0.0/33", "dev", "veth0"],
           "x86 shifts by 33 mod 32: mask 128.0.0.0"),
    change("add-prefix-hex", ["route", "add", "-net", "10.38.0.0/0x10", "dev", "veth0"], "strtoul base 0"),
    change("add-default-dev", ["route", "add", "default", "dev", "veth2"]),
    change("add-no-kind-host", ["route", "add", "10.39.0.1", "dev", "veth0"],
           "neither -net nor -host: a number is a host"),
    change("add-no-kind-netmask", ["route", "add", "10.40.0.0", "netmask", "255.255.0.0", "dev", "veth0"]),
    change("add-inet-aton-forms", ["route", "add", "-host", "10.258", "dev", "veth0"], "10.258 is 10.0.1.2"),
    change("add-window-irtt", ["route", "add", "-net", "10.42.0.0/16", "dev", "veth0", "window", "1000",
                               "irtt", "40", "mss", "1000"]),
    change("add-metric-big", ["route", "add", "-net", "10.43.0.0/16", "dev", "veth0", "metric", "70000"]),
    change("del-net", ["route", "del", "-net", "192.0.2.0", "netmask", "255.255.255.0", "gw", "198.51.100.254"]),
    change("del-default", ["route", "del", "default"]),
    change("del-host", ["route", "delete", "-host", "198.51.100.77"]),
    change("del-missing", ["route", "del", "-net", "10.99.0.0/16"], "SIOCDELRT: No such process"),
    change("del-reject", ["route", "del", "-net", "10.9.0.0/16", "reject"]),
    change("add6-dev", ["route", "-A", "inet6", "add", "2001:db8:9::/64", "dev", "veth0"]),
    change("add6-gw-metric", ["route", "-6", "add", "2001:db8:10::/64", "gw", "2001:db8:1::fe", "metric", "3"]),
    change("add6-default", ["route", "-6", "add", "default", "gw", "2001:db8:1::fe", "dev", "veth0"]),
    change("add6-host", ["route", "-6", "add", "2001:db8:11::5", "veth2"], "no /prefix: a /128 host route"),
    change("add6-exists", ["route", "-6", "add", "2001:db8:5::/64", "gw", "2001:db8:1::fe", "metric", "5"]),
    change("add6-no-device", ["route", "-6", "add", "2001:db8:12::/64", "dev", "nodev"], "SIOGIFINDEX"),
    change("add6-bad-prefix", ["route", "-6", "add", "2001:db8:12::/129", "dev", "veth0"]),
    change("add6-bad-gw", ["route", "-6", "add", "2001:db8:12::/64", "gw", "nosuch.invalid"]),
    change("add6-unknown-target", ["route", "-6", "add", "nosuch.invalid", "dev", "veth0"]),
    change("del6", ["route", "-6", "del", "2001:db8:5::/64", "gw", "2001:db8:1::fe", "metric", "5"]),
    change("del6-missing", ["route", "-6", "del", "2001:db8:99::/64"]),
]
