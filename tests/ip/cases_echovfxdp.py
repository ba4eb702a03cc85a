"""ip golden cases (issue 10): -echo for address, link and nexthop changes;
ip link set DEV vf N ...; ip link set DEV xdp... off (gathered by
tests/ip/cases.py).

All run in the ip-change lab (veth0/veth1, br0, lo), rebuilt before each
run, and compare output, exit status and the state left behind.

-echo prints the kernel's copy of the change (rtnl_echo_talk()): cases keep
to what holds still (forever lifetimes, fresh devices' fixed addresses).  No
device here has SR-IOV: a VF request that ip sends is refused by the kernel
(veth has no VF operations), so the cases test ip's parsing, its errors and
the words it sends.  The xdp cases that detach a program attach one first
with tests/ip/xdpload.py; its id differs from run to run, so their snapshot
is `ip -br link` (no program shown) and the state after the detach has none.
"""
from tests.ip.cases import ip
from tests.ip.cases_change import STATE, change

XDP_SNAPSHOT = [["ip", "-br", "link"], ["ip", "-br", "addr"]]
NEXTHOP_STATE = [["ip", "nexthop"]] + STATE
BRIDGE = "br9 address 02:00:00:00:c0:09 type bridge"
VETH = "veth5 address 02:00:00:00:c0:05 type veth peer name veth6 address 02:00:00:00:c0:06"


def echo(name, words, note="", **kwargs):
    return change("echo-" + name, words, note=note, **kwargs)


def vf(name, words, note="", **kwargs):
    return change("link-vf-" + name, words, note=note, **kwargs)


def xdp(name, words, note="", attach=None, **kwargs):
    """attach: (device, mode) of a program loaded before the command."""
    if attach is None:
        return change("link-xdp-" + name, words, note=note, **kwargs)
    # (change()'s own snapshot would show the program's id)
    setup = [["python3", "tests/ip/xdpload.py", attach[0], attach[1], "pnt_" + attach[1]]]
    return ip("link-xdp-" + name, words, lab="ip-change", note=note, mutates=True, snapshot=XDP_SNAPSHOT,
              setup=setup, state=STATE, **kwargs)


CASES = [
    # ---- -echo: addresses (print_addrinfo() with "INDEX: DEV" first) -------------------------
    echo("addr-add", "-echo addr add 203.0.113.5/24 dev veth0"),
    echo("addr-add-json", "-echo -j addr add 203.0.113.5/24 dev veth0", note="[{...}]: one object"),
    echo("addr-add-v6-json-pretty", "-echo -j -p addr add 2001:db8:5::1/64 dev veth0 nodad"),
    echo("addr-add-oneline-label", "-echo -o addr add 203.0.113.5/24 brd + dev veth0 label veth0:1"),
    echo("addr-add-brief", "-echo -br addr add 203.0.113.5/24 dev veth0", note="-br: no newline at the end"),
    echo("addr-add-exists", "-echo addr add 198.51.100.1/24 dev veth0", note="the refusal: nothing echoed"),
    echo("addr-change-metric", "-echo addr change 198.51.100.1/24 dev veth0 metric 5"),
    echo("addr-replace-new", "-echo addr replace 203.0.113.1/24 dev veth0 noprefixroute"),
    echo("addr-del", "-echo addr del 198.51.100.1/24 dev veth0", note="Deleted ..."),
    echo("addr-del-v6-json", "-echo -j addr del 2001:db8::1/64 dev veth0"),
    echo("addr-del-missing", "-echo addr del 203.0.113.9/24 dev veth0"),
    # ---- -echo: links (print_linkinfo(), group 0 only, no qlen) ------------------------------
    echo("link-add-bridge", "-echo link add " + BRIDGE),
    echo("link-add-veth-json", "-echo -j link add " + VETH),
    echo("link-add-veth-brief", "-echo -br link add " + VETH, note="-br: no newline at the end"),
    echo("link-add-exists", "-echo link add veth0 type dummy"),
    echo("link-set-mtu", "-echo link set veth0 mtu 1400", note="an existing device's change: is it echoed?"),
    echo("link-set-mtu-json", "-echo -j link set veth0 mtu 1400"),
    echo("link-del-bridge", "-echo link del br0", note="Deleted ..."),
    echo("link-del-bridge-json-pretty", "-echo -j -p link del br0"),
    echo("link-del-missing", "-echo link del nosuch"),
    # ---- -echo: nexthops and rules --------------------------------------------------------
    echo("nexthop-add", "-echo nexthop add id 5 via 198.51.100.2 dev veth0", state=NEXTHOP_STATE),
    echo("nexthop-add-json", "-echo -j nexthop add id 6 blackhole", state=NEXTHOP_STATE),
    echo("nexthop-del", "-echo nexthop del id 7", before=["nexthop add id 7 dev veth0"], state=NEXTHOP_STATE),
    echo("nexthop-add-refused", "-echo nexthop add id 5 via 203.0.113.9 dev veth0", state=NEXTHOP_STATE),
    echo("rule-add-oneline", "-echo -o rule add from 203.0.113.0/24 table 100 pref 77"),
    # ---- ip link set DEV vf N ... (iplink_parse_vf()) ------------------------------------------
    vf("mac", "link set veth0 vf 0 mac 02:00:00:00:00:09", note="veth has no VFs: the kernel refuses"),
    vf("mac-short", "link set veth0 vf 0 mac 02:00", note="checked against the device's own length"),
    vf("mac-bad", "link set veth0 vf 0 mac zz:00"),
    vf("mac-missing", "link set veth0 vf 0 mac"),
    vf("vlan-qos", "link set veth0 vf 0 vlan 5 qos 2"),
    vf("vlan-list-8021ad", "link set veth0 vf 1 vlan 5 proto 802.1ad vlan 6 qos 1 proto 802.1Q",
       note="802.1ad: IFLA_VF_VLAN_LIST with every vlan group that follows"),
    vf("vlan-too-big", "link set veth0 vf 0 vlan 4096"),
    vf("vlan-qos-bad", "link set veth0 vf 0 vlan 5 qos x"),
    vf("vlan-proto-other", "link set veth0 vf 0 vlan 5 proto ipv6", note="a protocol, but not a VLAN one"),
    vf("vlan-proto-unknown", "link set veth0 vf 0 vlan 5 proto bogus"),
    vf("rate", "link set veth0 vf 0 rate 100", note="the old IFLA_VF_TX_RATE"),
    vf("rate-new-api", "link set veth0 vf 0 rate 50 mi 5",
       note='"mi" is min_tx_rate: the new API, and rate becomes the maximum'),
    vf("min-max", "link set veth0 vf 0 min_tx_rate 10 max_tx_rate 100"),
    vf("min-above-max", "link set veth0 vf 0 min_tx_rate 100 max_tx_rate 10"),
    vf("rate-bad", "link set veth0 vf 0 rate x"),
    vf("max-bad", "link set veth0 vf 0 max_tx_rate -1 min_tx_rate 1"),
    vf("switches", "link set veth0 vf 0 spoofchk on trust of query_rss on", note='"of" is off'),
    vf("spoofchk-bad", "link set veth0 vf 0 spoofchk yes", note="parse_on_off(): exit 1 here"),
    vf("state", "link set veth0 vf 0 state dis"),
    vf("state-bad", "link set veth0 vf 0 state up"),
    vf("node-guid", "link set veth0 vf 0 node_guid 00:11:22:33:44:55:66:77 port_guid 0a:0b:0c:0d:0e:0f:10:11"),
    vf("guid-bad", "link set veth0 vf 0 node_guid 00:11:22:33:44:55:66"),
    vf("no-dev", "link set vf 0 rate 5"),
    vf("number-bad", "link set veth0 vf x rate 5"),
    vf("nothing", "link set veth0 vf 0", note="no VF word: incomplete"),
    vf("then-up", "link set veth0 vf 0 trust on up", note="the VF's words end at one it does not know"),
    vf("no-such-device", "link set nosuch vf 0 rate 5"),
    # ---- ip link set DEV xdp... off (xdp_parse()) ---------------------------------------------
    xdp("off", "link set veth0 xdp off", note="no program: nothing to detach"),
    xdp("generic-off", "link set dev veth0 xdpgeneric off", attach=("veth0", "generic")),
    xdp("drv-none", "link set dev veth1 xdpdrv none", attach=("veth1", "driver")),
    xdp("force-off", "-force link set veth0 xdp off", note="-force: no IFLA_XDP_FLAGS"),
    xdp("offload-off", "link set dev veth0 xdpoffload off"),
    xdp("offload-no-dev", "link set xdpoffload off dev veth0", note="offload needs the device first"),
    xdp("off-not-last", "link set veth0 xdp off mtu 1400", note='"off" only as the last word'),
    xdp("missing", "link set veth0 xdp"),
    xdp("obj-missing-file", "link set veth0 xdp obj"),
    xdp("obj-section-missing", "link set veth0 xdpgeneric object-file prog.o sec"),
    xdp("pinned-missing", "link set veth0 xdpdrv pinned"),
]
