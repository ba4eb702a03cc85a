"""ip golden cases: rule (gathered by tests/ip/cases.py).

The ip-rules lab (tests/ip/labs.py) holds rules with every selector and
action, IPv4 and IPv6, and names some tables in an /etc/iproute2 of its own.
"""
from tests.ip.cases import ip


def rule(name, words, note="", **kwargs):
    return ip(name, words, lab="ip-rules", note=note, **kwargs)


CASES = [
    rule("rule", "rule", note="IPv4 only unless -6"),
    rule("rule-show", "rule show"),
    rule("rule-list", "rule list"),
    rule("rule-lst", "rule lst"),
    rule("rule-inet6", "-6 rule"),
    rule("rule-family-inet6", "-f inet6 rule show"),
    rule("rule-details", "-d rule", note="proto kernel printed only with -d"),
    rule("rule-details-inet6", "-d -6 rule"),
    rule("rule-json", "-j rule"),
    rule("rule-json-pretty", "-j -p rule"),
    rule("rule-json-pretty-inet6", "-j -p -6 rule"),
    rule("rule-json-details", "-j -d rule"),
    rule("rule-color", "-c rule"),
    rule("rule-color-inet6", "-c -6 rule"),
    rule("rule-numeric", "-N rule", note="table, protocol and ipproto names as numbers"),
    rule("rule-oneline", "-o rule"),
    rule("rule-help", "rule help"),
    rule("rule-unknown-command", "rule bogus"),
    # ---- selectors ---------------------------------------------------------------------
    rule("select-pref", "rule show pref 100"),
    rule("select-priority", "rule show priority 0"),
    rule("select-p-is-preference", "rule show p 32766"),
    rule("select-pref-bad", "rule show pref x"),
    rule("select-not", "rule show not"),
    rule("select-from", "rule show from 198.51.100.0/24"),
    rule("select-from-host", "rule show from 198.51.100.20"),
    rule("select-src-prefix", "rule show s 198.51.100.0/25"),
    rule("select-from-bad", "rule show from bogus"),
    rule("select-to", "rule show to 203.0.113.0/24"),
    rule("select-bare-prefix", "rule show 0.0.0.0/1"),
    rule("select-dst", "rule show dst 203.0.113.9"),
    rule("select-to-missing", "rule show to"),
    rule("select-tos", "rule show tos 0x10"),
    rule("select-dsfield", "rule show dsfield 4"),
    rule("select-tos-bad", "rule show tos bogus"),
    rule("select-fwmark", "rule show fwmark 0x10"),
    rule("select-fwmark-mask", "rule show fwmark 0x20/0xff"),
    rule("select-fwmark-bad", "rule show fwmark x/0xff"),
    rule("select-fwmask-bad", "rule show fwmark 1/x"),
    rule("select-iif", "rule show iif veth0"),
    rule("select-dev", "rule show dev nosuch0"),
    rule("select-oif", "rule show oif veth1"),
    rule("select-iif-bad", "rule show iif a/b"),
    rule("select-l3mdev", "rule show l3mdev"),
    rule("select-uidrange", "rule show uidrange 1000-2000"),
    rule("select-uidrange-bad", "rule show uidrange 5"),
    rule("select-ipproto", "rule show ipproto tcp"),
    rule("select-ipproto-number", "rule show ipproto 17"),
    rule("select-ipproto-bad", "rule show ipproto bogus"),
    rule("select-sport", "rule show sport 1000-2000"),
    rule("select-sport-one", "rule show sport 22"),
    rule("select-dport", "rule show dport 53"),
    rule("select-dport-bad", "rule show dport x"),
    rule("select-tun-id", "rule show tun_id 5"),
    rule("select-t-is-tun-id", "rule show t 5"),
    rule("select-table", "rule show table main"),
    rule("select-table-name", "rule show table custom"),
    rule("select-lookup-number", "rule show lookup 100000"),
    rule("select-table-bad", "rule show table bogus"),
    rule("select-protocol", "rule show protocol static"),
    rule("select-protocol-bad", "rule show protocol bogus"),
    rule("select-inet6-from", "-6 rule show from 2001:db8:1::/64"),
    rule("select-inet6-table", "-6 rule show table six"),
    rule("select-inet6-family-mismatch", "-6 rule show from 198.51.100.0/24"),
    rule("select-combined", "rule show iif veth0 table local"),
]
