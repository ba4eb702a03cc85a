"""ip golden cases: ip route add/change/replace/prepend/append/test/delete,
flush and restore (issue 10, routemodify.py), gathered by tests/ip/cases.py.

They run in the ip-change lab (veth0 198.51.100.1/24 and 2001:db8::1/64,
its peer veth1 198.51.100.2/24, br0; 203.0.113.0/24 via 198.51.100.2 in
main, 203.0.113.128/25 dev veth0 in table 100), built afresh for each run,
and compare the state left behind (cases_change.STATE: every table, both
families).
"""
import os

from tests.ip.cases_change import change

_HERE = os.path.dirname(os.path.abspath(__file__))


def route(name, words, note="", before=(), **kwargs):
    """`ip route WORDS` after the `before` ip commands."""
    return change(name, "route " + words, note=note, before=before, **kwargs)


def _saved(name):
    with open(os.path.join(_HERE, "savedumps", name), "rb") as stream:
        return stream.read()


def restore(name, stream, note="", **kwargs):
    """`ip route restore` reading `stream` (bytes) on stdin."""
    return change(name, "route restore", note=note, files={"dump": stream}, stdin="dump", **kwargs)


CASES = [
    # ---- add: the types ----------------------------------------------------------------------
    route("route-add-via", "add 192.0.2.0/24 via 198.51.100.2"),
    route("route-add-dev", "add 192.0.2.0/24 dev veth0", note="no gateway: scope link"),
    route("route-add-exists", "add 203.0.113.0/24 via 198.51.100.2", note="RTNETLINK answers: File exists"),
    route("route-add-unicast", "add unicast 192.0.2.0/24 via 198.51.100.2"),
    route("route-add-local", "add local 192.0.2.1 dev veth0", note="table local, scope host"),
    route("route-add-broadcast", "add broadcast 192.0.2.255 dev veth0", note="table local, scope link"),
    route("route-add-multicast", "add multicast 224.1.1.0/24 dev veth0"),
    route("route-add-anycast", "add anycast 192.0.2.0 dev veth0"),
    route("route-add-anycast-v6", "add anycast 2001:db8:9::/64 dev veth0"),
    route("route-add-blackhole", "add blackhole 192.0.2.0/24"),
    route("route-add-unreachable", "add unreachable 192.0.2.0/24"),
    route("route-add-prohibit", "add prohibit 192.0.2.0/24"),
    route("route-add-throw", "add throw 192.0.2.0/24 table 100"),
    route("route-add-nat", "add nat 192.0.2.1 via 198.51.100.9"),
    route("route-add-type-number", "add 6 192.0.2.0/24", note="a word starting with a digit is never a type"),
    route("route-add-type-word-prefix", "add bl 192.0.2.0/24", note="bl: blackhole"),
    route("route-add-bad-type", "add bogus 192.0.2.0/24", note="not a type: a prefix expected"),
    route("route-add-to", "add to 192.0.2.0/24 dev veth0"),
    route("route-add-to-type", "add to unreachable 192.0.2.0/24"),
    route("route-add-default", "add default via 198.51.100.2"),
    route("route-option-after-object", "-6 add default via 2001:db8::2",
          note='-6 after route: Command "-6" is unknown'),
    route("route-add-6-default", "add default via 2001:db8::2 dev veth0"),
    route("route-add-host", "add 192.0.2.7 via 198.51.100.2", note="no /LEN: a /32"),
    route("route-add-mask", "add 192.0.2.0/255.255.255.0 dev veth0"),
    route("route-add-bad-prefix", "add 192.0.2.0/33 dev veth0"),
    route("route-add-no-prefix", "add dev veth0", note="no destination: usage"),
    route("route-add-nothing", "add"),
    route("route-add-help", "add help"),
    route("route-add-two-prefixes", "add 192.0.2.0/24 192.0.3.0/24 dev veth0"),
    route("route-add-no-device", "add 192.0.2.0/24 dev nosuch"),
    route("route-add-dev-missing", "add 192.0.2.0/24 dev"),
    route("route-add-oif", "add 192.0.2.0/24 oif veth0"),
    route("route-add-unreachable-gw", "add 192.0.2.0/24 via 192.0.3.1",
          note="the kernel's extended ack: Error: Nexthop has invalid gateway."),
    route("route-add-gw-down-dev", "add 192.0.2.0/24 via 198.51.100.2 dev br0"),
    route("route-add-onlink", "add 192.0.2.0/24 via 192.0.3.1 dev veth0 onlink"),
    route("route-add-two-via", "add 192.0.2.0/24 via 198.51.100.2 via 198.51.100.3"),
    route("route-add-via-v6-for-v4", "add 192.0.2.0/24 via inet6 2001:db8::2 dev veth0",
          note="RTA_VIA: an IPv6 gateway for an IPv4 route"),
    route("route-add-via-inet-for-v6", "add 2001:db8:9::/64 via inet 198.51.100.2 dev veth0"),
    route("route-add-via-bad", "add 192.0.2.0/24 via nonsense"),
    route("route-add-v6", "add 2001:db8:9::/64 via 2001:db8::2"),
    route("route-add-v6-dev", "add 2001:db8:9::/64 dev veth0 metric 5"),
    route("route-add-mixed-family", "add 192.0.2.0/24 via 2001:db8::2",
          note="an inet address expected: the route's family is set"),
    # ---- the node and info words -----------------------------------------------------------------
    route("route-add-src", "add 192.0.2.0/24 dev veth0 src 198.51.100.1"),
    route("route-add-src-foreign", "add 192.0.2.0/24 dev veth0 src 192.0.2.99",
          note="Error: Invalid prefsrc address."),
    route("route-add-metric", "add 192.0.2.0/24 via 198.51.100.2 metric 100"),
    route("route-add-priority", "add 192.0.2.0/24 via 198.51.100.2 priority 7"),
    route("route-add-preference", "add 192.0.2.0/24 via 198.51.100.2 preference 7"),
    route("route-add-metric-bad", "add 192.0.2.0/24 via 198.51.100.2 metric x"),
    route("route-add-table-number", "add 192.0.2.0/24 dev veth0 table 100"),
    route("route-add-table-big", "add 192.0.2.0/24 dev veth0 table 1000", note="above 255: RTA_TABLE"),
    route("route-add-table-name", "add 192.0.2.0/24 dev veth0 table main"),
    route("route-add-table-local", "add 192.0.2.0/24 dev veth0 table local"),
    route("route-add-table-bad", "add 192.0.2.0/24 dev veth0 table nosuch"),
    route("route-add-proto", "add 192.0.2.0/24 dev veth0 proto static"),
    route("route-add-proto-number", "add 192.0.2.0/24 dev veth0 protocol 99"),
    route("route-add-proto-bad", "add 192.0.2.0/24 dev veth0 proto nosuch"),
    route("route-add-scope-host", "add 192.0.2.0/24 dev veth0 scope host"),
    route("route-add-scope-global", "add 192.0.2.0/24 dev veth0 scope global"),
    route("route-add-scope-bad", "add 192.0.2.0/24 dev veth0 scope nosuch"),
    route("route-add-scope-gw-link", "add 192.0.2.0/24 via 198.51.100.2 scope link",
          note="the kernel refuses a gateway route of scope link"),
    route("route-add-realm", "add 192.0.2.0/24 dev veth0 realm 5"),
    route("route-add-realms-pair", "add 192.0.2.0/24 dev veth0 realms 3/4"),
    route("route-add-realm-bad", "add 192.0.2.0/24 dev veth0 realm x/y"),
    route("route-add-tos", "add 192.0.2.0/24 dev veth0 tos 0x10"),
    route("route-add-dsfield", "add 192.0.2.0/24 dev veth0 dsfield 0x08"),
    route("route-add-tos-bad", "add 192.0.2.0/24 dev veth0 tos nonsense"),
    route("route-add-tos-ecn", "add 192.0.2.0/24 dev veth0 tos 0x03", note="the kernel's word on ECN bits"),
    route("route-add-pervasive", "add 192.0.2.0/24 dev veth0 pervasive", note="not a word of iproute_modify"),
    route("route-add-from-v6", "add 2001:db8:9::/64 from 2001:db8:8::/64 dev veth0",
          note="source-specific IPv6 route"),
    route("route-add-from-v4", "add 192.0.2.0/24 from 198.51.100.0/24 dev veth0",
          note="IPv4 refuses a source prefix"),
    route("route-add-as", "add 192.0.2.0/24 dev veth0 as to 192.0.2.200", note="RTA_NEWDST for IPv4"),
    # ---- metrics ---------------------------------------------------------------------------------
    route("route-add-metrics", "add 192.0.2.0/24 dev veth0 mtu 1400 advmss 1300 window 20000 cwnd 10 "
          "initcwnd 10 initrwnd 20 ssthresh 30 reordering 4 hoplimit 30"),
    route("route-add-metrics-lock", "add 192.0.2.0/24 dev veth0 mtu lock 1400 advmss lock 1300 window lock 5 "
          "cwnd lock 6 initcwnd lock 7 initrwnd lock 8 ssthresh lock 9 reordering lock 3 hoplimit lock 64"),
    route("route-add-rtt", "add 192.0.2.0/24 dev veth0 rtt 200ms rttvar 50ms rto_min 20ms"),
    route("route-add-rtt-raw", "add 192.0.2.0/24 dev veth0 rtt 100 rttvar lock 40", note="raw: no unit"),
    route("route-add-rtt-seconds", "add 192.0.2.0/24 dev veth0 rtt 1.5s rto_min 0.25s"),
    route("route-add-rtt-bad", "add 192.0.2.0/24 dev veth0 rtt soon"),
    route("route-add-rto-min-bad", "add 192.0.2.0/24 dev veth0 rto_min 5 min"),
    route("route-add-features", "add 192.0.2.0/24 dev veth0 features ecn"),
    route("route-add-features-bad", "add 192.0.2.0/24 dev veth0 features sack"),
    route("route-add-quickack", "add 192.0.2.0/24 dev veth0 quickack 1"),
    route("route-add-quickack-two", "add 192.0.2.0/24 dev veth0 quickack 2"),
    route("route-add-quickack-bad", "add 192.0.2.0/24 dev veth0 quickack yes"),
    route("route-add-fastopen", "add 192.0.2.0/24 dev veth0 fastopen_no_cookie 1"),
    route("route-add-fastopen-bad", "add 192.0.2.0/24 dev veth0 fastopen_no_cookie 3"),
    route("route-add-congctl", "add 192.0.2.0/24 dev veth0 congctl lock cubic"),
    route("route-add-congctl-unknown", "add 192.0.2.0/24 dev veth0 congctl nosuch"),
    route("route-add-mtu-bad", "add 192.0.2.0/24 dev veth0 mtu big"),
    route("route-add-mss-bad", "add 192.0.2.0/24 dev veth0 advmss -1"),
    route("route-add-hoplimit-bad", "add 192.0.2.0/24 dev veth0 hoplimit 256"),
    route("route-add-window-bad", "add 192.0.2.0/24 dev veth0 window x"),
    route("route-add-mtu-missing", "add 192.0.2.0/24 dev veth0 mtu"),
    route("route-add-mtu-lock-missing", "add 192.0.2.0/24 dev veth0 mtu lock"),
    # ---- multipath -------------------------------------------------------------------------------
    route("route-add-multipath", "add 192.0.2.0/24 nexthop via 198.51.100.2 dev veth0 weight 2 "
          "nexthop via 198.51.100.3 dev veth0 weight 5"),
    route("route-add-multipath-v6", "add 2001:db8:9::/64 nexthop via 2001:db8::2 dev veth0 "
          "nexthop via 2001:db8::3 dev veth0"),
    route("route-add-multipath-onlink", "add 192.0.2.0/24 nexthop via 192.0.3.1 dev veth0 onlink "
          "nexthop via 198.51.100.3 realms 4"),
    route("route-add-multipath-weight-bad", "add 192.0.2.0/24 nexthop via 198.51.100.2 weight 0"),
    route("route-add-multipath-weight-big", "add 192.0.2.0/24 nexthop via 198.51.100.2 weight 257"),
    route("route-add-multipath-garbage", "add 192.0.2.0/24 nexthop via 198.51.100.2 bogus"),
    route("route-add-multipath-end", "add 192.0.2.0/24 nexthop"),
    route("route-add-multipath-nodev", "add 192.0.2.0/24 nexthop via 198.51.100.2 dev nosuch"),
    route("route-add-multipath-bad-gw", "add 192.0.2.0/24 nexthop via 192.0.3.1 nexthop via 198.51.100.2"),
    # ---- IPv6 words, nhid, ttl-propagate, encap ---------------------------------------------------
    route("route-add-v6-pref", "add 2001:db8:9::/64 via 2001:db8::2 pref high"),
    route("route-add-v6-pref-number", "add 2001:db8:9::/64 via 2001:db8::2 pref 3"),
    route("route-add-v6-pref-bad", "add 2001:db8:9::/64 via 2001:db8::2 pref highest"),
    route("route-add-v6-expires", "add 2001:db8:9::/64 via 2001:db8::2 expires 0", note="0: no expiry"),
    route("route-add-expires-bad", "add 2001:db8:9::/64 via 2001:db8::2 expires never"),
    route("route-add-v6-hoplimit", "add 2001:db8:9::/64 via 2001:db8::2 hoplimit 9 mtu 1400"),
    route("route-add-nhid-missing", "add 192.0.2.0/24 nhid 77", note="no such nexthop object"),
    route("route-add-nhid-bad", "add 192.0.2.0/24 nhid x"),
    route("route-add-ttl-propagate", "add 192.0.2.0/24 dev veth0 ttl-propagate enabled",
          note="the kernel takes it for MPLS only"),
    route("route-add-ttl-propagate-bad", "add 192.0.2.0/24 dev veth0 ttl-propagate maybe"),
    route("route-add-encap-ip", "add 192.0.2.0/24 encap ip id 5 dst 198.51.100.9 ttl 3 tos 0x10 key csum dev veth0"),
    route("route-add-encap-ip6", "add 192.0.2.0/24 encap ip6 dst 2001:db8::9 hoplimit 3 dev veth0"),
    route("route-add-encap-mpls", "add 192.0.2.0/24 encap mpls 100/200 ttl 5 dev veth0",
          note="no mpls_iptunnel here: lwt encapsulation type not supported"),
    route("route-add-encap-mpls-bad", "add 192.0.2.0/24 encap mpls x dev veth0"),
    route("route-add-encap-bad-type", "add 192.0.2.0/24 encap bogus 1 dev veth0"),
    route("route-add-encap-end", "add 192.0.2.0/24 encap mpls 100"),
    route("route-add-encap-help", "add 192.0.2.0/24 encap help"),
    route("route-add-encap-ip-dup", "add 192.0.2.0/24 encap ip id 5 id 6 dev veth0"),
    route("route-add-vrf-bad", "add 192.0.2.0/24 dev veth0 vrf nosuch"),
    # ---- change / replace / prepend / append / test ------------------------------------------------
    route("route-change", "change 203.0.113.0/24 via 198.51.100.2 metric 0 mtu 1300"),
    route("route-chg", "chg 203.0.113.0/24 dev veth0"),
    route("route-change-missing", "change 192.0.2.0/24 dev veth0", note="change creates nothing"),
    route("route-replace-existing", "replace 203.0.113.0/24 dev veth0 proto static"),
    route("route-replace-new", "replace 192.0.2.0/24 via 198.51.100.2"),
    route("route-prepend", "prepend 203.0.113.0/24 via 198.51.100.1 dev veth1"),
    route("route-append", "append 203.0.113.0/24 via 198.51.100.1 dev veth1"),
    route("route-append-v6", "append 2001:db8:9::/64 via 2001:db8::3",
          before=["route add 2001:db8:9::/64 via 2001:db8::2"],
          note="IPv6 append: a second nexthop"),
    route("route-test", "test 203.0.113.0/24 via 198.51.100.2", note="NLM_F_EXCL alone"),
    route("route-test-new", "test 192.0.2.0/24 dev veth0"),
    # ---- delete ------------------------------------------------------------------------------------
    route("route-del", "del 203.0.113.0/24"),
    route("route-delete-full", "delete 203.0.113.0/24 via 198.51.100.2 dev veth0"),
    route("route-del-missing", "del 192.0.2.0/24", note="RTNETLINK answers: No such process"),
    route("route-del-wrong-gw", "del 203.0.113.0/24 via 198.51.100.9"),
    route("route-del-table", "del 203.0.113.128/25 table 100"),
    route("route-del-wrong-table", "del 203.0.113.128/25"),
    route("route-del-v6", "del 2001:db8::/64 dev veth0"),
    route("route-del-v6-missing", "del 2001:db8:9::/64"),
    route("route-del-type", "del unreachable 192.0.2.0/24", before=["route add unreachable 192.0.2.0/24"]),
    route("route-del-local", "del local 198.51.100.1 dev veth0 table local"),
    route("route-d", "d 203.0.113.0/24", note="d is delete"),
    route("route-del-default-missing", "del default"),
    # ---- flush ---------------------------------------------------------------------------------------
    route("route-flush-nothing", "flush", note='"ip route flush" requires arguments.'),
    route("route-flush-dev", "flush dev veth0"),
    route("route-flush-table", "flush table 100"),
    route("route-flush-table-all", "flush table all"),
    route("route-flush-proto", "flush proto boot"),
    route("route-flush-via", "flush via 198.51.100.2"),
    route("route-flush-cache", "flush cache"),
    route("route-flush-exact", "flush 203.0.113.0/24"),
    route("route-flush-root-none", "flush root 192.0.2.0/24"),
    route("route-flush-v6-dev", "flush dev veth0 table all", note="IPv4 only unless -6"),
    route("route-flush-no-device", "flush dev nosuch"),
    route("route-flush-bad-table", "flush table nosuch"),
    route("route-flush-scope", "flush scope link"),
    route("route-flush-type-table-local", "flush type local table local"),
    # ---- restore ---------------------------------------------------------------------------------------
    restore("route-restore-empty", b"", note="nothing on stdin: Magic mismatch (0 elems, 0 magic)"),
    restore("route-restore-bad-magic", b"\x01\x02\x03\x04"),
    restore("route-restore-magic-only", b"\x24\x12\x31\x45"),
    restore("route-restore-table-all", _saved("route-restore-table-all.bin"),
            note="the lab's own routes exist (File exists for each), the saved extra ones come back"),
    restore("route-restore-truncated", _saved("route-restore-table-all.bin")[:-10]),
]


_MANY = ["route add 192.0.%d.%d/32 dev veth0" % (2 + n // 200, n % 200) for n in range(130)]

CASES += [
    route("route-flush-table-local", "flush table local"),
    route("route-flush-table-default", "flush table default", note="an empty table: nothing to flush"),
    route("route-add-table-default", "add 192.0.2.0/24 dev veth0 table default"),
    route("route-add-scope-number", "add 192.0.2.0/24 dev veth0 scope 200"),
    route("route-add-proto-kernel", "add 192.0.2.0/24 dev veth0 proto kernel"),
    route("route-add-v6-src", "add 2001:db8:9::/64 via 2001:db8::2 src 2001:db8::1"),
    route("route-add-v6-metrics", "add 2001:db8:9::/64 dev veth0 metric 10",
          before=["route add 2001:db8:9::/64 dev veth0 metric 5"], note="another metric: another route"),
    route("route-prepend-v6", "prepend 2001:db8:9::/64 via 2001:db8::3",
          before=["route add 2001:db8:9::/64 via 2001:db8::2"]),
    route("route-change-v6", "change 2001:db8::/64 dev veth0 metric 256 mtu 1300"),
    route("route-add-via-mpls", "add 192.0.2.0/24 via mpls 100 dev veth0", note="RTA_VIA of family mpls"),
    route("route-add-via-mpls-bad", "add 192.0.2.0/24 via mpls 1048576 dev veth0"),
    route("route-add-nexthop-encap", "add 192.0.2.0/24 nexthop encap ip id 7 dst 198.51.100.9 via 198.51.100.2 "
          "dev veth0 nexthop via 198.51.100.3 dev veth0"),
    route("route-add-nexthop-as", "add 192.0.2.0/24 nexthop via 198.51.100.2 as to 192.0.2.9"),
    route("route-add-expires-v4", "add 192.0.2.0/24 via 198.51.100.2 expires 100"),
    route("route-replace-multipath", "replace 203.0.113.0/24 nexthop via 198.51.100.2 nexthop via 198.51.100.3"),
    route("route-del-multipath", "del 192.0.2.0/24",
          before=["route add 192.0.2.0/24 nexthop via 198.51.100.2 nexthop via 198.51.100.3"]),
    route("route-add-nexthop-after-garbage", "add 192.0.2.0/24 via 198.51.100.2 nexthop via 198.51.100.3"),
    route("route-add-mtu-number-hex", "add 192.0.2.0/24 dev veth0 mtu 0x500 window 010"),
    route("route-add-win-prefix", "add 192.0.2.0/24 dev veth0 win 100 cw 5 ss 7 re 3 quick 0 cong reno",
          note="the metrics matched by prefix"),
    route("route-add-rtt-frac", "add 192.0.2.0/24 dev veth0 rtt 0.5 rttvar 2.7ms"),
    route("route-add-realm-names", "add 192.0.2.0/24 dev veth0 realms unknown/7"),
    route("route-add-metric-tail", "add 192.0.2.0/24 dev veth0 metric", note="Command line is not complete"),
    change("route-flush-many", "-s route flush dev veth0", before=_MANY,
           note="130 deletions: three batches of flushb (3584 bytes)"),
    route("route-add-nexthop-via-inet6", "add 192.0.2.0/24 nexthop via inet6 2001:db8::2 dev veth0 "
          "nexthop via 198.51.100.3 dev veth0", note="RTA_VIA inside a nexthop"),
    route("route-add-nexthop-dev-missing", "add 192.0.2.0/24 nexthop via 198.51.100.2 dev"),
    route("route-add-nexthop-weight-missing", "add 192.0.2.0/24 nexthop dev veth0 weight"),
    route("route-add-nexthop-only-dev", "add 192.0.2.0/24 nexthop dev veth0 nexthop dev veth1"),
    route("route-add-partial-address", "add 192.0 dev veth0", note="get_addr_ipv4: missing bytes are 0"),
    route("route-add-zero-prefix", "add 0/0 via 198.51.100.2"),
    route("route-add-default-table", "add default via 198.51.100.2 table 100 metric 5"),
    route("route-add-all", "add all via 198.51.100.2", note="all: like default without the length flag"),
    route("route-del-proto", "del 203.0.113.0/24 proto static", note="a delete matching on the protocol"),
    route("route-del-scope", "del 203.0.113.0/24 scope link"),
    route("route-del-metric-v6", "del 2001:db8::/64 metric 7"),
    route("route-del-default-table", "del default table 100",
          before=["route add default via 198.51.100.2 table 100"]),
    route("route-replace-local-type", "replace local 192.0.2.1 dev veth0 table main",
          note="a local route in main: its scope host"),
    route("route-flush-v6-prefix", "flush 2001:db8::/64", note="IPv6 prefix: the dump is of every family"),
    route("route-flush-root", "flush root 203.0.113.0/24 table all"),
    route("route-flush-match", "flush match 203.0.113.200 table 100"),
    route("route-flush-type-unreachable", "flush type unreachable",
          before=["route add unreachable 192.0.2.0/24", "route add prohibit 192.0.3.0/24"]),
    route("route-flush-metric", "flush metric 9", before=["route add 192.0.2.0/24 dev veth0 metric 9"]),
    route("route-flush-src", "flush src 198.51.100.1 table all", note="no route with that prefsrc in main"),
    route("route-flush-table-bad-word", "flush table"),
]


def _more_with_stats():
    """Cases whose options go before `route` (change() takes the words whole)."""
    return [
        change("route-flush-s-dev", "-s route flush dev veth0"),
        change("route-flush-s-nothing", "-s route flush root 192.0.2.0/24"),
        change("route-flush-ss-table", "-s -s route flush table 100"),
        change("route-flush-s-cache", "-s route flush cache"),
        change("route-flush-6-s-cache", "-6 -s route flush cache"),
        change("route-flush-6-dev", "-6 route flush dev veth0"),
        change("route-flush-6-table-all", "-6 route flush table all"),
        change("route-add-4-default", "-4 route add default via 198.51.100.2"),
        change("route-add-6-prefix-v4", "-6 route add 192.0.2.0/24 dev veth0"),
        change("route-flush-6-prefix", "-6 route flush 2001:db8::/64"),
        change("route-flush-6-s-table-all", "-6 -s route flush table all"),
        change("route-flush-json-ss", "-j -s -s route flush table 100", note="-s -s lists what it deletes"),
        change("route-add-json", "-j route add 192.0.2.0/24 dev veth0"),
        change("route-flush-4-cache", "-4 route flush cache"),
        change("route-add-n-table-name", "-N route add 192.0.2.0/24 dev veth0 table local"),
        change("route-add-echo", "-echo route add 192.0.2.0/24 dev veth0 mtu 1400", note="the kernel's copy printed"),
        change("route-add-echo-json", "-echo -j route add 192.0.2.0/24 via 198.51.100.2",
               note="print_route's object inside rtnl_echo_talk's: [{{...}}]"),
        change("route-del-echo", "-echo route del 203.0.113.0/24", note="Deleted ..."),
        change("route-del-echo-missing", "-echo route del 192.0.2.0/24"),
        change("route-add-echo-v6-multipath", "-echo route add 2001:db8:9::/64 nexthop via 2001:db8::2 "
               "nexthop via 2001:db8::3"),
        change("route-replace-echo-table", "-echo route replace 192.0.2.0/24 dev veth0 table 1000"),
    ]


CASES.extend(_more_with_stats())
