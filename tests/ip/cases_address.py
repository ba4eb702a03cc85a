"""ip golden cases: address (gathered by tests/ip/cases.py).

The ip-links lab (tests/ip/labs.py) gives veth0 addresses of every sort:
IPv4 primaries and secondaries, a label, a peer, a metric, scopes host and
link, autojoin, IPv6 global, link-local, peer, flags, a deprecated one and
one with lifetimes that count down (valid_lft/preferred_lft are volatile
fields, compared within the pair's clock window: tests/harness/volatile.py).
Devices without addresses show in `ip addr` unless a family is asked for.
"""
from tests.ip.cases import ip

# as cases_link.LINK_SNAPSHOT (see there): every device's state and counters hold still across the pair
ADDR_SNAPSHOT = [["ip", "-s", "-s", "link"]]
# as cases_link.RESOLVE_SNAPSHOT: -r's queries to the lab's resolver move lo's counters
RESOLVE_SNAPSHOT = [["ip", "link"]]


def addr(name, words, note="", **kwargs):
    kwargs.setdefault("snapshot", ADDR_SNAPSHOT)
    kwargs.setdefault("lab", "ip-links")
    return ip(name, words, note=note, **kwargs)


CASES = [
    # ---- the command words -------------------------------------------------------------
    addr("addr", "addr", note="no command: show"),
    addr("address-show", "address show"),
    addr("addr-list", "addr list"),
    addr("addr-lst", "addr lst"),
    addr("addr-a", "a", note="ip a: address (first in ip's object table)"),
    addr("addr-a-s", "a s"),
    addr("addr-a-l", "a l"),
    addr("addr-help", "addr help", note="usage on stderr, exit 255"),
    addr("addr-show-help", "addr show help"),
    addr("addr-unknown-command", "addr bogus"),
    # ---- one device ----------------------------------------------------------------------
    addr("addr-dev", "addr show dev veth0"),
    addr("addr-dev-bare", "addr show veth0"),
    addr("addr-dev-lo", "addr show dev lo", note="127.0.0.2/8 is a secondary"),
    addr("addr-dev-bridge", "addr show dev br0", note="lifetimes counting down"),
    addr("addr-dev-no-addresses", "addr show dev veth6"),
    addr("addr-dev-missing", "addr show dev nosuch0"),
    addr("addr-dev-ifn", "addr show dev if1", note="ifN is index N: lo"),
    addr("addr-dev-twice", "addr show veth0 lo"),
    addr("addr-dev-incomplete", "addr show dev"),
    addr("addr-dev-altname", "addr show dev uplink0"),
    # ---- families --------------------------------------------------------------------
    addr("addr-inet", "-4 addr", note="devices without IPv4 addresses are left out"),
    addr("addr-inet6", "-6 addr", note="the IPv6 family's own link dump: no qdisc, qlen by ioctl"),
    addr("addr-link-family", "-0 addr", note="links only"),
    addr("addr-family-inet", "-f inet addr show dev veth0"),
    addr("addr-family-inet6-dev", "-f inet6 addr show dev veth0"),
    addr("addr-family-link", "-f link addr show dev veth0"),
    addr("addr-family-mpls", "-M addr show dev lo"),
    # ---- selectors -------------------------------------------------------------------
    addr("addr-scope-host", "addr show scope host"),
    addr("addr-scope-link", "addr show scope link"),
    addr("addr-scope-global", "addr show scope global"),
    addr("addr-scope-number", "addr show scope 253"),
    addr("addr-scope-all", "addr show scope all"),
    addr("addr-scope-bad", "addr show scope bogus"),
    addr("addr-to-inet", "addr show to 198.51.100.0/24"),
    addr("addr-to-inet6", "addr show to 2001:db8:1::/64"),
    addr("addr-to-host", "addr show to 198.51.100.99", note="matches the local address, not the peer"),
    addr("addr-to-mask", "addr show to 198.51.100.128/255.255.255.128"),
    addr("addr-to-bad", "addr show to bogus"),
    addr("addr-to-family-mismatch", "-6 addr show to 198.51.100.0/24"),
    addr("addr-to-link-family", "-0 addr show to 198.51.100.0/24"),
    addr("addr-dynamic", "addr show dynamic"),
    addr("addr-permanent", "addr show permanent"),
    addr("addr-secondary", "addr show secondary"),
    addr("addr-primary", "addr show primary"),
    addr("addr-deprecated", "addr show deprecated"),
    addr("addr-not-deprecated", "addr show -deprecated"),
    addr("addr-tentative", "addr show tentative", note="none: no DAD in the lab"),
    addr("addr-not-tentative", "addr show dev veth0 -tentative"),
    addr("addr-dadfailed", "addr show dadfailed"),
    addr("addr-temporary", "addr show temporary"),
    addr("addr-home", "addr show home"),
    addr("addr-noprefixroute", "addr show noprefixroute"),
    addr("addr-mngtmpaddr", "addr show mngtmpaddr"),
    addr("addr-autojoin", "addr show autojoin"),
    addr("addr-nodad-secondary", "-6 addr show nodad -secondary"),
    addr("addr-label", "addr show label veth0:alias"),
    addr("addr-label-glob", ["addr", "show", "label", "veth0*"], note="fnmatch(); the device name for unlabelled ones"),
    addr("addr-label-nothing", "addr show label nosuch"),
    addr("addr-up", "addr show up"),
    addr("addr-master", "addr show master br0"),
    addr("addr-nomaster-inet", "-4 addr show nomaster"),
    addr("addr-type-veth", "addr show type veth"),
    addr("addr-type-bridge-slave", "addr show type bridge_slave"),
    addr("addr-group", "addr show group uplinks"),
    addr("addr-group-dev", "addr show dev veth6 group 7"),
    addr("addr-scope-label-to", "addr show dev veth0 scope global label veth0 to 198.51.100.0/24"),
    # ---- output forms ----------------------------------------------------------------
    addr("addr-oneline", "-o addr", note="one line per address, no link lines"),
    addr("addr-oneline-inet", "-o -4 addr"),
    addr("addr-oneline-dev", "-o addr show dev br0"),
    addr("addr-brief", "-br addr"),
    addr("addr-brief-inet", "-br -4 addr"),
    addr("addr-brief-inet6", "-br -6 addr"),
    addr("addr-brief-dev", "-br addr show dev veth0"),
    addr("addr-brief-json", "-br -j addr"),
    addr("addr-brief-link-family", "-br -0 addr"),
    addr("addr-json", "-j addr"),
    addr("addr-json-pretty", "-j -p addr"),
    addr("addr-json-scope", "-j addr show scope global", note="filtered addresses leave empty objects"),
    addr("addr-json-pretty-dev", "-j -p addr show dev br0"),
    addr("addr-stats", "-s addr"),
    addr("addr-stats-twice", "-s -s addr show dev veth0"),
    addr("addr-stats-json", "-s -j addr show dev lo"),
    addr("addr-stats-inet6", "-6 -s addr", note="counters from the IPv6 MIB (IFLA_PROTINFO)"),
    addr("addr-details", "-d addr"),
    addr("addr-details-json", "-d -j addr show dev br0"),
    addr("addr-resolve", "-r addr show dev veth0", snapshot=RESOLVE_SNAPSHOT,
         note="names from the lab's /etc/hosts"),
    addr("addr-numeric", "-N addr", note="scopes as numbers"),
    addr("addr-color-tty", "-c addr", tty_columns=80),
    addr("addr-color-brief-tty", "-c -br addr", tty_columns=80),
    addr("addr-color-always-pipe", "-c addr show dev veth0"),
    addr("addr-color-dark-tty", "-c addr show dev br0", tty_columns=80, env={"COLORFGBG": "0;8"}),
    addr("addr-peer-namespace", "addr", ns="peer"),
    addr("addr-peer-namespace-oneline", "-o addr", ns="peer"),
    # ---- the empty lab ---------------------------------------------------------------
    addr("addr-empty", "addr", lab="empty", snapshot=None),
    addr("addr-empty-brief", "-br a", lab="empty", snapshot=None),
]
