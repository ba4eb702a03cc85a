"""ip golden cases: route (gathered by tests/ip/cases.py).

Three labs (tests/ip/labs.py):
  ip-routes        every route type this kernel takes, in several tables,
                   IPv4 and IPv6: `ip route show` and its selectors, and
                   `ip route get` (queries that leave cached routes behind,
                   but none whose output depends on them, but for notify:
                   see the lab's docstring)
  ip-routes-cache  learnt path MTUs (`ip route show cache`, `-6 ... cache`),
                   made afresh before each run by the case's setup (a ping
                   too big for the router's far link); their expiry counts
                   down (volatile, tests/harness/volatile.py)
  ip-routes-names  a /etc/iproute2 of the lab's own: renamed protocols and
                   scopes (read lazily, as ip does), tables by name, a .d
                   directory with a corrupted file
  ip-routes-big    a thousand routes, hundreds alike in a row (the path
                   that prints a run of them at once)
The snapshot re-runs a pair whose routing tables moved in between.
"""
from tests.ip.cases import ip
from tests.ip.labs import PMTU_PING

ROUTE_SNAPSHOT = [["ip", "route", "show", "table", "all"], ["ip", "-6", "route", "show", "table", "all"]]


def route(name, words, note="", **kwargs):
    kwargs.setdefault("snapshot", ROUTE_SNAPSHOT)
    return ip(name, words, lab=kwargs.pop("lab", "ip-routes"), note=note, **kwargs)


# The cache lab's exceptions, without the numbers that move by themselves
# (the expiry counts down, the age up); users and the routes themselves stay.
CACHE_SNAPSHOT = [["sh", "-c", "{ ip -s route show table all cache; ip -s -6 route show table all cache; } "
                   "| sed -E 's/ (expires|age) [0-9]+sec//g'"]]
# A ping too big for the far link renews the exceptions (IPv4 and IPv6); the
# IPv4 one is dumped only once a route lookup has cached a route in it.
CACHE_SETUP = [PMTU_PING, ["ip", "route", "get", "203.0.113.1"]]


def cache(name, words, note="", **kwargs):
    kwargs.setdefault("snapshot", CACHE_SNAPSHOT)
    return ip(name, words, lab="ip-routes-cache", note=note, setup=CACHE_SETUP, **kwargs)


def names(name, words, note="", **kwargs):
    return route(name, words, note=note, lab="ip-routes-names", **kwargs)


CASES = [
    # ---- show: the command words ---------------------------------------------------------
    route("route", "route", note="no command: the main table, IPv4 only"),
    route("route-show", "route show"),
    route("route-list", "route list"),
    route("route-lst", "route lst"),
    route("route-abbreviated", "r s", note="`s` is show: list/show/lst come before save"),
    route("route-help", "route help", note="usage on stderr, exit 255"),
    route("route-unknown-command", "route bogus", note='Command "bogus" is unknown, exit 255'),
    # ---- tables -------------------------------------------------------------------------
    route("route-table-all", "route show table all", note="every table, both families"),
    route("route-table-local", "route show table local"),
    route("route-table-main", "route show table main"),
    route("route-table-number", "route show table 100", note="IPv4 only: a table was named"),
    route("route-table-large", "route show table 1000", note="an id above 255 (RTA_TABLE)"),
    route("route-table-default", "route show table default"),
    route("route-table-zero", "route show table 0", note="table 0 is every table"),
    route("route-table-unspec", "route show table unspec", note="rt_tables' name for 0"),
    route("route-table-missing", "route show table 999",
          note="the kernel's extended ack in NLMSG_DONE, then Dump terminated, exit 2"),
    route("route-table-missing-json", "-j route show table 999", note='"[" and nothing more on stdout'),
    route("route-table-bad", "route show table bogus", note="invalid table id, exit 255"),
    route("route-table-no-value", "route show table", note="Command line is not complete"),
    route("route-table-help", "route show table help"),
    route("route-table-and-type", "route show table main type unreachable"),
    # ---- families -------------------------------------------------------------------------
    route("route6", "-6 route", note="pref, metric, multipath, encapsulations, linkdown"),
    route("route6-table-all", "-6 route show table all"),
    route("route6-table-local", "-6 route show table local", note="anycast routes of a router"),
    route("route6-table-number", "-6 route show table 100"),
    route("route4-table-all", "-4 route show table all"),
    route("route-family-link", "-0 route", note="a family the kernel has no routes for"),
    route("route-family-mpls", "-M route show table all"),
    # ---- output forms ---------------------------------------------------------------------
    route("route-details", "-d route show table all", note="type, table main, proto boot, scope global, nh_info"),
    route("route-json", "-j route show table all", note="flags:[] always; metrics; nexthops; flow"),
    route("route-json-pretty", "-j -p route show table all"),
    route("route-json-details", "-d -j route show table all", note="nh_info objects"),
    route("route-oneline", "-o route show table all", note="multipath next hops after a backslash"),
    route("route-numeric", "-N route show table all", note="numbers for protocols, scopes, tables, types"),
    route("route-stats", "-s route show table all"),
    route("route-resolve", "-r route show table all", note="host routes and gateways by name (/etc/hosts)"),
    route("route-color", "-c route show table all", note="colours without a terminal"),
    route("route-color-tty", "-c=auto route show table all", tty_columns=80, note="colours on a terminal"),
    route("route6-oneline-details", "-d -o -6 route"),
    route("route6-color", "-c -6 route show table all"),
    # ---- selectors ------------------------------------------------------------------------
    route("route-dev", "route show dev veth0", note="dev is not repeated on each line"),
    route("route-dev-all-tables", "route show dev veth2 table all"),
    route("route-dev-altname", "route show dev uplink0", note="an alternative name of veth0"),
    route("route-dev-missing", "route show dev nosuch", note='Cannot find device "nosuch", exit 1'),
    route("route-dev-ifindex", "route show dev if3", note='"if3" read as the index 3'),
    route("route-dev-ifindex-missing", "route show dev if999", note="the kernel refuses the filter"),
    route("route-oif", "route show oif veth2"),
    route("route-iif", "route show iif veth0"),
    route("route-proto", "route show proto static"),
    route("route-proto-number", "route show protocol 99", note="openr, a name from rt_protos"),
    route("route-proto-kernel-all", "route show proto kernel table all"),
    route("route-proto-all", "route show proto all"),
    route("route-proto-bad", "route show proto bogus"),
    route("route-scope", "route show scope link"),
    route("route-scope-host-all", "route show scope host table all"),
    route("route-scope-number", "route show proto 200 scope 100"),
    route("route-scope-all", "route show scope all"),
    route("route-scope-bad", "route show scope bogus"),
    route("route-type-blackhole", "route show type blackhole"),
    route("route-type-multicast", "route show type multicast"),
    route("route-type-local", "route show table local type local"),
    route("route-type-number", "route show type 7", note="7 is unreachable"),
    route("route-type-bad", "route show type bogus"),
    route("route-type-nat", "route show table all type nat", note="this kernel refuses NAT routes: none"),
    route("route6-type-multicast", "-6 route show table local type multicast"),
    route("route-tos", "route show tos 0x10"),
    route("route-tos-name", "route show tos AF11", note="rt_dsfield's name for 0x28"),
    route("route-dsfield", "route show dsfield 0x28"),
    route("route-tos-bad", "route show tos bogus"),
    route("route-metric", "route show metric 100"),
    route("route-priority", "route show priority 7"),
    route("route-metric-bad", "route show metric bogus"),
    route("route-via", "route show via 198.51.100.2", note="the gateway is not repeated"),
    route("route-via-prefix", "route show via inet 198.51.100.0/24"),
    route("route-via-inet6", "route show via inet6 2001:db8:1::2", note="RTA_VIA: an IPv6 gateway for IPv4"),
    route("route-src", "route show src 198.51.100.65"),
    route("route-realms", "route show realms 5/10"),
    route("route-realm", "route show realm 3"),
    route("route-realms-from", "route show realms 5/", note="only the source realm"),
    route("route-realms-bad", "route show realms bogus"),
    route("route-mark", "route show mark 5", note="routes carry no mark: nothing"),
    route("route-mark-bad", "route show mark bogus"),
    route("route-prefix", "route show 203.0.113.0/24", note="exact: that prefix"),
    route("route-root", "route show root 203.0.113.0/24", note="everything inside it"),
    route("route-match", "route show match 203.0.113.101", note="every route covering it"),
    route("route-exact", "route show exact 203.0.113.96/28"),
    route("route-to-root", "route show to root 198.51.100.192/26"),
    route("route-default", "route show default"),
    route("route-all", "route show all"),
    route("route-netmask", "route show 203.0.113.0/255.255.255.0", note="a dotted netmask for the length"),
    route("route-netmask-bad", "route show 203.0.113.0/255.0.255.0"),
    route("route-prefix-too-long", "route show 203.0.113.0/33"),
    route("route-prefix-bad", "route show bogus", note="Error: any valid prefix is expected, exit 1"),
    route("route6-prefix-family", "-6 route show 198.51.100.0/24", note="an inet6 prefix is expected"),
    route("route6-from", "-6 route show from 2001:db8:1::/64", note="IPv6 source routing"),
    route("route6-from-match", "-6 route show from match 2001:db8:1::5"),
    route("route6-root", "-6 route show root 2001:db8::/32"),
    route("route-vrf-default", "route show vrf default", note='no VRF "default": the main table'),
    route("route-vrf-bad", "route show vrf veth0", note="not a VRF device, exit 255"),
    route("route-cache-empty", "route show cache", note="no exceptions in this lab"),
    # ---- get ------------------------------------------------------------------------------
    route("route-get", "route get 203.0.113.1", note="src, uid, and the cache line"),
    route("route-get-connected-subnet", "route get 198.51.100.2"),
    route("route-get-local", "route get 198.51.100.1", note="cache <local>"),
    route("route-get-loopback", "route get 127.0.0.1"),
    route("route-get-metrics", "route get 203.0.113.100", note="rtt, rttvar and rto_min as seconds"),
    route("route-get-blackhole", "route get 203.0.113.33", note="RTNETLINK answers: Invalid argument, exit 2"),
    route("route-get-unreachable", "route get 203.0.113.49"),
    route("route-get-prohibit", "route get 203.0.113.65"),
    route("route-get-throw", "route get 203.0.113.81"),
    route("route-get-multipath", "route get 203.0.113.113"),
    route("route-get-nexthop-group", "route get 203.0.113.185"),
    route("route-get-via-inet6", "route get 203.0.113.161"),
    route("route-get-encap", "route get 203.0.113.193"),
    route("route-get-linkdown", "route get 203.0.113.209"),
    route("route-get-broadcast", "route get 198.51.100.201"),
    route("route-get-fibmatch", "route get fibmatch 203.0.113.97", note="the route itself, with its metrics"),
    route("route-get-fibmatch-multipath", "route get fibmatch 203.0.113.113"),
    route("route-get-from", "route get 203.0.113.1 from 198.51.100.65"),
    route("route-get-from-foreign", "route get 203.0.113.1 from 198.51.100.2",
          note="not a local address without iif: Network is unreachable"),
    route("route-get-iif", "route get 203.0.113.1 from 198.51.100.2 iif veth0", note="forwarded: cache <redirect>"),
    route("route-get-iif-local", "route get 198.51.100.1 from 198.51.100.2 iif veth0"),
    route("route-get-iif-missing-from", "route get 203.0.113.1 iif veth0"),
    route("route-get-oif", "route get 203.0.113.1 oif veth2"),
    route("route-get-dev-altname", "route get 203.0.113.1 dev uplink0"),
    route("route-get-oif-missing", "route get 203.0.113.1 oif nosuch"),
    route("route-get-iif-missing", "route get 203.0.113.1 iif nosuch"),
    route("route-get-mark", "route get 203.0.113.1 mark 5"),
    route("route-get-mark-hex", "route get 203.0.113.1 mark 0x20", note="marks from 16 up in hex"),
    route("route-get-mark-bad", "route get 203.0.113.1 mark bogus"),
    route("route-get-tos", "route get 198.51.100.193 tos 0x10"),
    route("route-get-tos-name", "route get 198.51.100.193 dsfield AF11"),
    route("route-get-tos-bad", "route get 203.0.113.1 tos bogus"),
    route("route-get-uid", "route get 203.0.113.1 uid 1000"),
    route("route-get-uid-bad", "route get 203.0.113.1 uid bogus"),
    route("route-get-ports", "route get 203.0.113.1 ipproto tcp sport 1000 dport 80"),
    route("route-get-ipproto-number", "route get 203.0.113.1 ipproto 17 dport 53"),
    route("route-get-ipproto-bad", "route get 203.0.113.1 ipproto bogus"),
    route("route-get-sport-bad", "route get 203.0.113.1 sport 70000"),
    route("route-get-connected", "route get 203.0.113.1 connected",
          note="iproute2 6.1 sends the same query twice and prints both answers"),
    route("route-get-connected-json", "-j route get 203.0.113.1 connected",
          note="JSON, then the second answer as text"),
    route("route-get-connected-from", "route get 203.0.113.1 connected from 198.51.100.1"),
    route("route-get-notify", "route get 198.51.100.131 notify",
          note="the only query through veth4's subnet: its cached route keeps the flag"),
    route("route-get-vrf-bad", "route get 203.0.113.1 vrf veth0"),
    route("route-get-prefix", "route get 203.0.113.0/24", note="Warning: /24 as prefix is invalid"),
    route("route-get-default", "route get default"),
    route("route-get-as", "route get 203.0.113.1 as 198.51.100.9",
          note="the kernel's extended ack: Unsupported attribute"),
    route("route-get-no-address", "route get", note="need at least a destination address, exit 1"),
    route("route-get-to-incomplete", "route get to"),
    route("route-get-help", "route get help"),
    route("route-get-from-help", "route get from help"),
    route("route-get-bad-address", "route get bogus"),
    route("route-get-json", "-j route get 203.0.113.1"),
    route("route-get-json-pretty", "-j -p route get 203.0.113.100"),
    route("route-get-details", "-d route get 203.0.113.1"),
    route("route-get-oneline", "-o route get 203.0.113.1"),
    route("route-get-resolve", "-r route get 203.0.113.224"),
    route("route-get-numeric", "-N route get 127.0.0.1"),
    route("route4-get-inet6", "-4 route get 2001:db8:10::1"),
    route("route6-get", "route get 2001:db8:10::1", note="pref high"),
    route("route6-get-prefix", "route get 2001:db8:10::/48", note="Warning: /48 ... only /128"),
    route("route6-get-unreachable", "route get 2001:db8:14::1"),
    route("route6-get-multipath", "-j route get 2001:db8:16::1"),
    route("route6-get-fibmatch", "route get fibmatch 2001:db8:16::1"),
    route("route6-get-source-route", "route get 2001:db8:18::1 from 2001:db8:1::5"),
    route("route6-get-iif", "-6 route get 2001:db8:10::1 from 2001:db8:1::2 iif veth0"),
    route("route6-get-oif", "-6 route get 2001:db8:10::1 oif veth2"),
    route("route6-get-seg6", "route get 2001:db8:31::1"),
    route("route6-get-inet", "-6 route get 203.0.113.1"),
    # ---- the route cache (learnt path MTUs) --------------------------------------------------
    cache("route-cache", "route show cache", note="expires counts down; mtu 1280"),
    cache("route6-cache", "-6 route show cache"),
    cache("route-cache-all", "route show table all cache"),
    cache("route-cache-stats", "-s route show cache", note="users and age"),
    cache("route6-cache-stats", "-s -6 route show cache"),
    cache("route-cache-json", "-j route show cache"),
    cache("route-cache-prefix", "route show cache 203.0.113.1"),
    cache("route6-expires", "-6 route", note="a route added with expires 3600"),
    cache("route6-expires-json", "-j -6 route"),
    cache("route-get-pmtu", "route get 203.0.113.1", note="the exception: expires and mtu"),
    cache("route-get-pmtu-stats", "-s route get 203.0.113.1"),
    cache("route6-get-pmtu", "-6 route get 2001:db8:2::1"),
    cache("route6-get-pmtu-json", "-j -6 route get 2001:db8:2::1"),
    # ---- a thousand routes: recv() buffers of routes alike, printed a run at a time ----------
    route("route-many", "route", lab="ip-routes-big"),
    route("route-many-json", "-j route", lab="ip-routes-big"),
    route("route-many-table-all", "route show table all", lab="ip-routes-big"),
    route("route-many-via", "route show via 198.51.100.3", lab="ip-routes-big"),
    route("route-many-root", "route show root 203.0.113.64/26", lab="ip-routes-big"),
    route("route-many-numeric", "-N route", lab="ip-routes-big"),
    # ---- names from /etc/iproute2 ------------------------------------------------------------
    names("route-names", "route",
          note='"proto kernel scope link", then "proto kern scope lnk" once ip has read the files'),
    names("route-names-all", "route show table all",
          note="table names from rt_tables and .d; a corrupted .conf reported on stderr"),
    names("route-names-numeric", "-N route show table all", note="numbers: no file is read"),
    names("route-names-json", "-j route show table all"),
    names("route-names-details", "-d route show"),
    names("route-names-table", "route show table custom"),
    names("route-names-table-hex", "route show table thousand", note="0x3e8 in rt_tables"),
    names("route-names-table-renamed", "route show table twohundred",
          note="200 named twice: the name still finds it"),
    names("route-names-table-conf", "route show table extra", note="from rt_tables.d/extra.conf"),
    names("route-names-table-hidden", "route show table hidden", note=".hidden.conf is never read"),
    names("route-names-table-after-corruption", "route show table never-read",
          note="reading stops at the corrupted line"),
    names("route-names-proto", "route show proto myproto"),
    names("route-names-proto-renamed", "route show proto kernel",
          note="a2n reads the file first: kernel is now kern"),
    names("route-names-scope", "route show scope lnk"),
    names("route-names-realms", "route show realms five/"),
    names("route-names-realm-hex", "route show realm ten", note="0x0a in rt_realms"),
    names("route-names-tos", "route show tos af11custom"),
    names("route-names-get-tos", "route get 198.51.100.97 tos lowdelay"),
    names("route-names-run", "route show table 400",
          note="names change in the middle of a run of routes alike: kernel, then kern"),
    names("route-names-run-json", "-j route show table 400"),
    names("route-names-run-numeric", "-N route show table 400"),
]
