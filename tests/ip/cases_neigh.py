"""ip golden cases: neigh and ntable (gathered by tests/ip/cases.py).

The ip-neigh lab (tests/ip/labs.py) holds entries in every state.  The
kernel lists them in the order of a hash seeded at random per namespace:
the real ip and ours read the same namespace a moment apart, so the order
is the same in both outputs (and in a golden case's recording).  The
snapshot re-runs the pair if the table moved in between.
"""
from tests.ip.cases import ip

NEIGH_SNAPSHOT = [["ip", "neigh", "show", "nud", "all"], ["ip", "neigh", "show", "proxy"]]


def neigh(name, words, note="", **kwargs):
    kwargs.setdefault("snapshot", NEIGH_SNAPSHOT)
    return ip(name, words, lab="ip-neigh", note=note, **kwargs)


# -s ntable: each table's entries, allocations, lookups, gc runs... count for
# the whole machine (every namespace shares the table), so any namespace's
# traffic moves them: the pair is run again when they moved in between.  The
# last_flush/last_rand dates are left out here (they may read a second apart
# from one read to the next: a volatile field, compared within the window).
NTABLE_STATS_SNAPSHOT = [["sh", "-c", "ip -s ntable show dev none | grep -v last_flush"]]


def ntable(name, words, note="", **kwargs):
    # reachable times are drawn again every five minutes; -s counters are machine-wide
    kwargs.setdefault("snapshot", [["ip", "ntable", "show"]])
    return ip(name, words, lab="ip-neigh", note=note, **kwargs)


CASES = [
    # ---- show: the words for it, and the object's names --------------------------------
    neigh("neigh", "neigh", note="every state but NOARP, IPv4 and IPv6"),
    neigh("neigh-show", "neigh show"),
    neigh("neigh-list", "neigh list"),
    neigh("neigh-lst", "neigh lst"),
    neigh("neigh-abbreviated", "n s"),
    neigh("neighbour-show", "neighbour show"),
    neigh("neighbor", "neighbor"),
    neigh("neigh-help", "neigh help", note="usage on stderr, exit 255"),
    neigh("neigh-show-help", "neigh show help"),
    neigh("neigh-unknown-command", "neigh bogus"),
    # ---- nud ---------------------------------------------------------------------------
    neigh("nud-all", "neigh show nud all", note="NOARP and NONE entries, multicast ones included"),
    neigh("nud-permanent", "neigh show nud permanent"),
    neigh("nud-perm-prefix", "neigh show nud perm"),
    neigh("nud-reachable", "neigh show nud reachable"),
    neigh("nud-stale", "neigh show nud stale"),
    neigh("nud-probe", "neigh show nud probe", note="the admin-set DELAY entry is PROBE at once"),
    neigh("nud-delay", "neigh show nud delay"),
    neigh("nud-failed", "neigh show nud failed"),
    neigh("nud-incomplete", "neigh show nud incomplete", note="managed entries too"),
    neigh("nud-noarp", "neigh show nud noarp"),
    neigh("nud-none", "neigh show nud none", note="state 0: only with nud none or all"),
    neigh("nud-two", "neigh show nud stale nud failed"),
    neigh("nud-number", "neigh show nud 0x80"),
    neigh("nud-bad", "neigh show nud bogus"),
    neigh("nud-not-one-bit", "neigh show nud 3"),
    neigh("nud-missing", "neigh show nud"),
    # ---- dev, proxy, family, prefix, protocol, unused, master/vrf ----------------------
    neigh("dev", "neigh show dev veth0", note="no dev column"),
    neigh("dev-other", "neigh show dev veth2 nud all"),
    neigh("dev-index-name", "neigh show dev if4", note="ll_name_to_index reads ifN as index N"),
    neigh("dev-unknown", "neigh show dev nosuch"),
    neigh("dev-twice", "neigh show dev veth0 dev veth2"),
    neigh("dev-missing", "neigh show dev"),
    neigh("proxy", "neigh show proxy", note="the kernel's separate proxy table"),
    neigh("proxy-inet6", "-6 neigh show proxy"),
    neigh("proxy-dev", "neigh show proxy dev veth2"),
    neigh("inet", "-4 neigh"),
    neigh("inet6", "-6 neigh"),
    neigh("inet6-nud-all", "-6 neigh show nud all"),
    neigh("family-link", "-0 neigh"),
    neigh("to-prefix", "neigh show to 198.51.100.8/29"),
    neigh("prefix-bare", "neigh show 198.51.100.2"),
    neigh("prefix-inet6", "neigh show to 2001:db8:1::/64 nud all"),
    neigh("prefix-sets-family", "neigh show to 0/0"),
    neigh("prefix-bad", "neigh show to bogus"),
    neigh("prefix-family-mismatch", "-6 neigh show to 198.51.100.0/24"),
    neigh("to-missing", "neigh show to"),
    neigh("prefix-dotted-mask", "neigh show to 198.51.100.0/255.255.255.240"),
    neigh("prefix-bad-mask", "neigh show to 198.51.100.0/255.0.255.0"),
    neigh("prefix-short-address", "neigh show to 198.51", note="get_addr_ipv4: missing bytes are 0"),
    neigh("prefix-octal", "neigh show to 0306.51.100.2"),
    neigh("prefix-too-long", "neigh show to 198.51.100.2/33"),
    neigh("prefix-default", "neigh show to default nud all"),
    neigh("prefix-any-with-length", "neigh show to any/8"),
    neigh("nud-zero", "neigh show nud 0"),
    neigh("protocol", "neigh show protocol static"),
    neigh("protocol-number", "neigh show proto 99"),
    neigh("protocol-all", "neigh show protocol all"),
    neigh("protocol-bad", "neigh show protocol bogus"),
    neigh("unused", "neigh show unused", note="entries nobody holds a reference to"),
    neigh("vrf-not-vrf", "neigh show vrf veth0", note="no vrf devices on this kernel"),
    neigh("vrf-unknown", "neigh show vrf nosuch"),
    neigh("master-not-master", "neigh show master veth0"),
    neigh("master-unknown", "neigh show master nosuch"),
    neigh("nomaster", "neigh show nomaster"),
    # ---- output forms ------------------------------------------------------------------
    neigh("stats", "-s neigh", note="used/confirmed/updated seconds move with the clock (volatile.py)"),
    neigh("stats-twice", "-s -s neigh show nud all"),
    neigh("stats-dev", "-s neigh show dev veth0"),
    neigh("json", "-j neigh"),
    neigh("json-pretty", "-j -p neigh show nud all"),
    neigh("json-stats", "-j -s neigh"),
    neigh("json-pretty-stats", "-j -p -s -6 neigh"),
    neigh("json-proxy", "-j neigh show proxy"),
    neigh("json-empty", "-j neigh show nud delay"),
    neigh("brief", "-br neigh"),
    neigh("brief-dev", "-br neigh show dev veth0 nud all"),
    neigh("brief-json", "-br -j neigh"),
    neigh("color", "-c neigh show nud all"),
    neigh("color-brief", "-c -br neigh"),
    neigh("resolve", "-r neigh", note="names from the lab's /etc/hosts"),
    neigh("oneline", "-o neigh"),
    neigh("numeric", "-N neigh"),
    # ---- get ---------------------------------------------------------------------------
    neigh("get", "neigh get 198.51.100.10 dev veth0"),
    neigh("get-inet6", "neigh get 2001:db8:1::99 dev veth0", note="router flag"),
    neigh("get-proxy", "neigh get proxy 198.51.100.50 dev veth0"),
    neigh("get-proxy-no-dev", "neigh get proxy 2001:db8:1::50"),
    neigh("get-missing", "neigh get 198.51.100.99 dev veth0", note="the kernel's extended ack, exit 2"),
    neigh("get-wrong-dev", "neigh get 198.51.100.10 dev veth2"),
    neigh("get-no-dev", "neigh get 198.51.100.10"),
    neigh("get-unknown-dev", "neigh get 198.51.100.10 dev nosuch"),
    neigh("get-json", "-j neigh get 198.51.100.10 dev veth0", note="text: ip opens no JSON array here"),
    neigh("get-stats", "-s neigh get 203.0.113.3 dev veth2"),
    neigh("get-family-mismatch", "-6 neigh get 198.51.100.10 dev veth0"),
    neigh("get-two-addresses", "neigh get 198.51.100.10 198.51.100.11 dev veth0"),
    neigh("get-help", "neigh get help"),
    neigh("get-all", "neigh get all dev veth0"),
    neigh("get-proxy-missing", "neigh get proxy"),
    neigh("get-dev-missing", "neigh get 198.51.100.10 dev"),
    neigh("get-json-missing", "-j neigh get 198.51.100.99 dev veth0"),
    neigh("get-abbreviated", "neigh g 2001:db8:1::10 dev veth0"),
    # ---- ntable ------------------------------------------------------------------------
    ntable("ntable", "ntable", note="ARP and ND tables, defaults and one set per device"),
    ntable("ntable-show-name", "ntable show name arp_cache"),
    ntable("ntable-dev", "ntable show dev veth0"),
    ntable("ntable-dev-none", "ntable show dev none", note="the tables' own lines only"),
    ntable("ntable-inet6", "-6 ntable show"),
    ntable("ntable-ntbl", "ntbl list name ndisc_cache dev lo"),
    ntable("ntable-json", "-j ntable show dev veth0"),
    ntable("ntable-json-pretty", "-j -p ntable show dev none"),
    ntable("ntable-oneline", "-o ntable show dev veth2"),
    ntable("ntable-color", "-c ntable show name arp_cache dev veth0"),
    ntable("ntable-stats-dev", "-s ntable show dev veth0", note="a device's set has no config or stats"),
    ntable("ntable-stats", "-s ntable show dev none", snapshot=NTABLE_STATS_SNAPSHOT,
           note="config and stats; the dates are volatile fields (volatile.py)"),
    ntable("ntable-stats-json", "-j -s ntable show dev none name arp_cache", snapshot=NTABLE_STATS_SNAPSHOT),
    ntable("ntable-stats-oneline", "-s -o ntable show dev none name ndisc_cache", snapshot=NTABLE_STATS_SNAPSHOT),
    ntable("ntable-dev-unknown", "ntable show dev nosuch"),
    ntable("ntable-bad-word", "ntable show bogus"),
    ntable("ntable-help", "ntable help"),
    ntable("ntable-unknown-command", "ntable bogus"),
]
