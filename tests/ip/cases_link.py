"""ip golden cases: link (gathered by tests/ip/cases.py).

Most run in the ip-links lab (tests/ip/labs.py): devices of every kind the
kernel makes, up and down, with a peer in another namespace (whose name,
pnt-PID-N-peer, is in the output: it changes at each recording, and the
replay reads it from the recording).  The snapshot (every device's state
and counters) must hold still across the pair, else the pair runs again:
a device's operational state can lag a change by a second, and the lab's
multicast reports move the counters for a moment after it comes up.

What moves by itself is compared as volatile fields
(tests/harness/volatile.py): the bridge's timers under -d.
"""
from tests.ip.cases import ip

# Every device's state and counters (a device's operational state can lag
# a change by a second; the lab's multicast reports move the counters for a
# moment after it comes up).  Its stderr counts too: to name the namespace of
# veth0's peer ("link-netns NAME") ip asks the kernel about every name in
# /run/netns, and a name another process is making or deleting meanwhile
# (its file is no namespace yet, or no more: `ip netns add` creates the file,
# then mounts the namespace on it) makes ip print "Error: Peer netns reference
# is invalid."  The pair runs again when either moved under it; a namespace
# made and gone within the pair can still show on one side only (seen about
# once in 200 cases while other labs were being built on the machine).
LINK_SNAPSHOT = [["ip", "-s", "-s", "link"]]
# -r looks up names: those not in the lab's /etc/hosts go to its resolver,
# 127.0.0.1, and each run's queries move lo's counters
RESOLVE_SNAPSHOT = [["ip", "link"]]


def link(name, words, note="", **kwargs):
    kwargs.setdefault("snapshot", LINK_SNAPSHOT)
    kwargs.setdefault("lab", "ip-links")
    return ip(name, words, note=note, **kwargs)


CASES = [
    # ---- the command words -------------------------------------------------------------
    link("link", "link", note="no command: show"),
    link("link-show", "link show"),
    link("link-list", "link list"),
    link("link-lst", "link lst"),
    link("link-l", "l", note="ip l: link"),
    link("link-sh", "l sh"),
    link("link-l-l", "link l", note="`l` is lst (add/set/replace/delete are tried first, then show, lst)"),
    link("link-unknown-command", "link bogus", note="exit 255"),
    link("link-help", "link help", note="usage on stderr, exit 255"),
    link("link-show-help", "link show help", note="the link usage too"),
    link("link-show-he", "link show he"),
    link("link-help-veth", "link help veth", note="a kind's help: stdout, exit 0"),
    link("link-help-bridge", "link help bridge"),
    link("link-help-bridge-slave", "link help bridge_slave"),
    link("link-help-macvlan", "link help macvlan"),
    link("link-help-macvtap", "link help macvtap"),
    link("link-help-vxlan", "link help vxlan"),
    link("link-help-ifb", "link help ifb"),
    link("link-help-tun", "link help tun", note="tun has no help of its own: the usage"),
    link("link-help-vlan", "link help vlan", note="kinds this kernel cannot make have their help too"),
    link("link-help-bond", "link help bond"),
    link("link-help-ip6gre", "link help ip6gre extra words", note="words after the kind change nothing"),
    link("link-help-dummy", "link help dummy"),
    link("link-help-vrf-slave", "link help vrf_slave", note="no help of its own: the usage"),
    link("link-help-unknown-kind", "link help nosuchkind"),
    link("link-property-alone", "link property", note="usage"),
    link("link-property-bogus", "link property bogus", note="Operator required"),
    # ---- one device ----------------------------------------------------------------------
    link("link-dev", "link show dev veth0", note="one RTM_GETLINK; the peer in another namespace"),
    link("link-dev-bare", "link show veth6", note="down, mtu, txqueuelen, alias, group, altnames"),
    link("link-dev-altname", "link show uplink0", note="found by an alternative name"),
    link("link-dev-long-altname", "link show a-very-long-alternative-name",
         note="too long for IFLA_IFNAME: asked as IFLA_ALT_IFNAME"),
    link("link-dev-missing", "link show nosuch0", note='Device "nosuch0" does not exist., exit 1'),
    link("link-dev-ifn", "link show if2",
         note="ll_name_to_index() takes ifN as index N, then the query by name fails: exit 1"),
    link("link-dev-twice", "link show veth0 veth1", note="duparg2"),
    link("link-dev-incomplete", "link show dev", note="Command line is not complete"),
    link("link-dev-help-word", "link show dev help", note="after dev, help is a device name"),
    link("link-dev-up-filtered", "link show dev veth6 up", note="the device is down: nothing"),
    link("link-dev-up-filtered-json", "-j link show dev veth6 up", note="an empty object"),
    link("link-dev-tun", "link show tun0", note="link/none, POINTOPOINT"),
    link("link-dev-group", "link show dev veth6 group 7", note="a group: the by-index query, then filters"),
    link("link-protodown", "link show vx1", note="protodown with a reason named in protodown_reasons.d"),
    link("link-protodown-reasons", "link show mv-vepa", note="reasons without names: their bit numbers"),
    link("link-protodown-json", "-j -p link show mv-vepa"),
    link("link-protodown-numeric", "-N link show vx1"),
    link("link-peer-namespace", "link", ns="peer", note="veth1's peer is in the main namespace"),
    link("link-peer-namespace-details", "-d link show veth1", ns="peer"),
    # ---- selectors -------------------------------------------------------------------
    link("link-up", "link show up"),
    link("link-master", "link show master br0", note="IFLA_MASTER in the dump request"),
    link("link-master-missing", "link show master nosuch0"),
    link("link-nomaster", "link show nomaster"),
    link("link-type-veth", "link show type veth", note="IFLA_INFO_KIND in the dump request"),
    link("link-type-macvlan", "link show type macvlan"),
    link("link-type-bridge-slave", "link show type bridge_slave", note="filtered by ip, not the kernel"),
    link("link-type-unknown", "link show type dummy", note="a kind this kernel lacks: nothing"),
    link("link-group-name", "link show group uplinks", note="a name from /etc/iproute2/group"),
    link("link-group-number", "link show group 0x20"),
    link("link-group-default", "link show group default"),
    link("link-group-bad", "link show group nosuchgroup"),
    link("link-vrf-missing", "link show vrf nosuch0"),
    link("link-vrf-not-vrf", "link show vrf br0", note="no vrf devices on this kernel"),
    link("link-master-type", "link show master br0 type veth"),
    # ---- families (ip link always dumps as AF_PACKET) -------------------------------------
    link("link-family-inet", "-4 link"),
    link("link-family-inet6", "-6 link show dev veth0"),
    # ---- -d --------------------------------------------------------------------------------
    link("link-details", "-d link", note="every kind's details; bridge timers are volatile"),
    link("link-details-bridge", "-d link show br0"),
    link("link-details-ports", "-d link show master br0", note="bridge_slave data of a veth and a tap"),
    link("link-details-macvlan", "-d link show type macvlan", note="private, vepa, bridge, source, passthru"),
    link("link-details-macvtap", "-d link show type macvtap"),
    link("link-details-vxlan", "-d link show type vxlan", note="unicast, multicast group, IPv6, external"),
    link("link-details-tun", "-d link show type tun", note="tap (persist) and tun (user, group, multi_queue)"),
    link("link-details-ifb", "-d link show ifb0"),
    link("link-details-veth6", "-d link show veth6", note="alias and altnames under -d"),
    link("link-details-json", "-j -d link"),
    link("link-details-json-pretty", "-j -p -d link"),
    link("link-details-oneline", "-o -d link"),
    link("link-details-numeric", "-N -d link show type vxlan", note="-N: link/[1]"),
    link("link-details-resolve", "-r -d link show type vxlan", snapshot=RESOLVE_SNAPSHOT,
         note="vxlan remote/local through /etc/hosts"),
    # ---- -s ------------------------------------------------------------------------------
    link("link-stats", "-s link"),
    link("link-stats-twice", "-s -s link", note="the error rows too"),
    link("link-stats-dev", "-s link show dev veth0"),
    link("link-stats-json", "-s -j link"),
    link("link-stats-twice-json-pretty", "-s -s -j -p link"),
    link("link-stats-human", "-s -h link", note="-h is -human-readable, not help"),
    link("link-stats-human-iec", "-s -s -h -iec link"),
    link("link-stats-oneline", "-o -s link"),
    link("link-stats-details", "-s -d link show veth0"),
    # ---- output forms ----------------------------------------------------------------
    link("link-json", "-j link"),
    link("link-json-pretty", "-j -p link"),
    link("link-oneline", "-o link"),
    link("link-brief", "-br link", note="name@link padded to 16, state to 14, trailing space"),
    link("link-brief-json", "-br -j link"),
    link("link-brief-master", "-br link show master br0"),
    link("link-brief-dev", "-br link show veth0"),
    link("link-numeric", "-N link", note="link/[772], group 0"),
    link("link-color-always", "-c link", note="-c is always: colours into a pipe too"),
    link("link-color-never", "-color=never link"),
    link("link-color-always-word", "-c=always -br link", note="-c=always: colours into a pipe"),
    link("link-all", "-a link", note="-all changes nothing here"),
    link("link-color-auto-pipe", "-color=auto link", note="auto into a pipe: no colour"),
    link("link-color-tty", "-c link", tty_columns=80, note="on a terminal"),
    link("link-color-auto-tty", "-color=auto link show master br0", tty_columns=80),
    link("link-color-dark", "-c -br link", tty_columns=80, env={"COLORFGBG": "15;0"},
         note="COLORFGBG says dark background: the bold palette"),
    link("link-color-brief-tty", "-c -br link", tty_columns=80),
    link("link-color-details-tty", "-c -d link show veth0", tty_columns=80),
    link("link-no-color-tty", "link show veth0", tty_columns=80, note="no -c: plain on a terminal"),
    # ---- xstats / afstats ------------------------------------------------------------
    link("xstats-bridge", "link xstats type bridge"),
    link("xstats-bridge-slave", "link xstats type bridge_slave", note="veth2 and tap0: STP counters too"),
    link("xstats-bridge-slave-json", "-j link xstats type bridge_slave"),
    link("xstats-bridge-json-pretty", "-j -p link xstats type bridge"),
    link("xstats-bridge-stp", "link xstats type bridge_slave stp"),
    link("xstats-bridge-igmp-dev", "link xstats type bridge_slave igmp dev veth2"),
    link("xstats-bridge-dev-missing", "link xstats type bridge dev nosuch0"),
    link("xstats-bridge-bad-attribute", "link xstats type bridge bogus"),
    link("xstats-bridge-help", "link xstats type bridge help"),
    link("xstats-veth", "link xstats type veth", note="no xstats for veth: exit 1"),
    link("xstats-unknown-type", "link xstats type nosuchkind"),
    link("xstats-missing", "link xstats"),
    link("xstats-help", "link xstats help"),
    link("xstats-bad-word", "link xstats bogus"),
    link("afstats", "link afstats", note="no MPLS here: nothing"),
    link("afstats-json", "-j link afstats"),
    link("afstats-dev-missing", "link afstats dev nosuch0", note="exit 0 all the same"),
    link("afstats-bogus", "link afstats bogus"),
    # ---- the empty lab ---------------------------------------------------------------
    link("link-empty", "link", lab="empty", snapshot=None),
    link("link-empty-json-pretty", "-j -p -s -d link", lab="empty", snapshot=None),
]
