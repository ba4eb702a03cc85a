"""ip golden cases: ip link add/set/change/delete, ip link property add/del and
ip tuntap add/del (issue 10; pynettools/tools/ip/linkmodify.py), gathered by
tests/ip/cases.py.

They run in the ip-change lab (veth0/veth1, br0, lo), rebuilt before each
run, and compare the output, the exit status and the state left behind.
A device a case creates is given its MAC address (`address ...`): the kernel
picks a random one otherwise, and the two runs' states would differ.  Bridge
details (-d) are left out of the state: their timers run.
"""
from tests.ip.cases_change import STATE, change

VXLAN_STATE = STATE + [["ip", "-d", "link", "show", "type", "vxlan"]]
MACVLAN_STATE = STATE + [["ip", "-d", "link", "show", "type", "macvlan"]]
# (without `ip -d link show type veth`: a bridge port's details hold its
# timers; nor neighbours: when br0 comes up, its IGMP report's 224.0.0.22
# entry appears sooner or later)
BRIDGE_STATE = [step for step in STATE if "-d" not in step and "neigh" not in step] + [
    ["ip", "link", "show", "type", "bridge"], ["ip", "-br", "link", "show", "master", "br0"]]
TUN_STATE = STATE + [["ip", "tuntap"], ["ip", "-d", "link", "show", "type", "tun"]]
ALTNAME_STATE = STATE + [["ip", "-d", "link", "show", "dev", "veth0"]]
VETH5 = "address 02:00:00:00:c0:05 type veth peer name veth6 address 02:00:00:00:c0:06"


def link(name, words, note="", **kwargs):
    return change("linkmod-" + name, words, note=note, **kwargs)


def tun(name, words, note="", **kwargs):
    kwargs.setdefault("state", TUN_STATE)
    return change("tuntapmod-" + name, words, note=note, **kwargs)


CASES = [
    # ---- ip link set: the ifinfomsg's flags ------------------------------------------------
    link("set-down", "link set veth0 down"),
    link("set-dev-up", "link set dev lo up", before=["link set lo down"],
         note="lo: a bridge's carrier and a veth's IPv6 addresses settle after a while"),
    link("set-arp-off", "link set veth0 arp off", note="IFF_NOARP is the inverted bit"),
    link("set-arp-bad", "link set veth0 arp maybe", note="on_off(): exit 1"),
    link("set-multicast-off", "link set veth0 multicast off"),
    link("set-promisc-on", "link set veth0 promisc on"),
    link("set-allmulticast-on", "link set veth0 allmulticast on"),
    link("set-dynamic-on", "link set veth0 dynamic on"),
    link("set-trailers-off", "link set veth0 trailers off"),
    link("set-up-down-last-wins", "link set veth0 up down"),
    # ---- ip link set: attributes ------------------------------------------------------------
    link("set-mtu", "link set veth0 mtu 1400"),
    link("set-mtu-too-small", "link set veth0 mtu 100", note="the kernel's extack"),
    link("set-mtu-bad", "link set veth0 mtu x"),
    link("set-mtu-twice", "link set veth0 mtu 1400 mtu 1300"),
    link("set-mtu-missing", "link set veth0 mtu"),
    link("set-name", "link set veth0 name eth5"),
    link("set-name-taken", "link set veth0 name veth1"),
    link("set-name-invalid", "link set veth0 name a/b"),
    link("set-name-twice", "link set veth0 name a name b"),
    link("set-address", "link set veth0 address 02:00:00:00:00:55"),
    link("set-address-long", "link set veth0 address 02:00:00:00:00:55:66",
         note="checked against the device's own length first"),
    link("set-address-bad", "link set veth0 address zz"),
    link("set-broadcast", "link set veth0 broadcast ff:ff:ff:ff:ff:fe"),
    link("set-brd", "link set veth0 brd ff:ff:ff:ff:ff:fe"),
    link("set-txqueuelen", "link set veth0 txqueuelen 77"),
    link("set-txqlen", "link set veth0 txqlen 77"),
    link("set-qlen", "link set veth0 qlen 50"),
    link("set-t-is-txqueuelen", "link set veth0 t 50", note="txqueuelen comes before type in the C loop"),
    link("set-txqueuelen-bad", "link set veth0 txqueuelen -x"),
    link("set-alias", ["link", "set", "veth0", "alias", "the uplink"]),
    link("set-alias-too-long", "link set veth0 alias " + "a" * 256),
    link("set-master", "link set veth0 master br0", state=BRIDGE_STATE),
    link("set-master-missing", "link set veth0 master nosuch"),
    link("set-nomaster", "link set veth0 nomaster", before=["link set veth0 master br0"], state=BRIDGE_STATE),
    link("set-master-self", "link set br0 master br0"),
    link("set-vrf-not-vrf", "link set veth0 vrf br0"),
    link("set-carrier-off", "link set veth0 carrier off"),
    link("set-carrier-bad", "link set veth0 carrier x", note="parse_on_off(): -EINVAL, exit 22"),
    link("set-group", "link set veth0 group 5"),
    link("set-group-name", "link set veth0 group default"),
    link("set-group-bad", "link set veth0 group nosuch"),
    link("set-group-twice", "link set veth0 group 1 group 2"),
    link("set-by-group", "link set group 0 mtu 1400", note="no device: every device of the group"),
    link("add-group", "link add group 1 type veth", note="group cannot be used when creating devices"),
    link("set-netns-unknown", "link set veth0 netns nosuch"),
    link("set-netns-no-pid", "link set veth0 netns 999999", note="the kernel's ESRCH"),
    link("set-netns-twice", "link set veth0 netns 999999 netns 999998"),
    link("set-protodown", "link set veth0 protodown on", note="veth refuses it"),
    link("set-protodown-bad", "link set veth0 protodown maybe"),
    link("set-protodown-reason", "link set veth0 protodown_reason 3 on", note="veth refuses it too"),
    link("set-protodown-reason-o", "link set veth0 protodown_reason 3 o", note="'o' is a prefix of on"),
    link("set-protodown-reason-bad-state", "link set veth0 protodown_reason 3 maybe"),
    link("set-protodown-reason-big", "link set veth0 protodown_reason 40 on"),
    link("set-protodown-reason-name", "link set veth0 protodown_reason nosuch on",
         note="no /etc/iproute2/protodown_reasons.d here: names are unknown"),
    link("set-protodown-reason-missing-state", "link set veth0 protodown_reason 3"),
    link("set-gso-max-size", "link set veth0 gso_max_size 30000"),
    link("set-gso-max-segs", "link set veth0 gso_max_segs 100"),
    link("set-gso-max-segs-big", "link set veth0 gso_max_segs 70000"),
    link("set-gro-max-size", "link set veth0 gro_max_size 30000"),
    link("set-mode-dormant", "link set veth0 mode dormant"),
    link("set-mode-bad", "link set veth0 mode sleepy"),
    link("set-state-dormant", "link set veth0 state dormant"),
    link("set-state-bad", "link set veth0 state bogus"),
    link("set-addrgenmode-none", "link set veth0 addrgenmode none"),
    link("set-addrgenmode-bad", "link set veth0 addrgenmode x"),
    link("set-numtxqueues", "link set veth0 numtxqueues 2", note="the kernel refuses a change"),
    link("set-index", "link set veth0 index 7"),
    link("set-index-bad", "link set veth0 index 0"),
    link("change-mtu", "link change veth0 mtu 1450"),
    link("set-address-33", "link set veth0 address " + ":".join("%02x" % i for i in range(34)),
         note="more than 32 parts: ll_addr_a2n says 33"),
    link("add-address-33", "link add veth5 address " + ":".join("%02x" % i for i in range(34)) + " type veth"),
    link("set-address-dotted", "link set veth0 address 1.2.3.4", note="a dotted address is 4 bytes"),
    link("set-mtu-hex", "link set veth0 mtu 0x5dc"),
    link("set-mtu-huge", "link set veth0 mtu 99999999999"),
    link("set-txqlen-negative", "link set veth0 txqlen -5", note="an int: the kernel takes it as unsigned"),
    link("set-group-negative", "link set veth0 group -1"),
    link("set-index-junk", "link set veth0 index 7abc", note="atoi: 7"),
    link("set-mode-upper", "link set veth0 mode DORMANT", note="strcasecmp"),
    link("set-state-mixed-case", "link set veth0 state Up"),
    link("set-addrgenmode-upper", "link set veth0 addrgenmode RANDOM"),
    link("set-gso-max-size-negative", "link set veth0 gso_max_size -1"),
    link("set-numrxqueues-zero", "link set veth0 numrxqueues 0"),
    link("set-family-6", "-6 link set veth0 down", note="the family rides in ifi_family"),
    link("add-long-name", "link add averyveryverylongname type veth",
         note='a "dev" up to 127 bytes passes ip; the kernel refuses the name'),
    link("set-long-name", "link set veth0 name averyveryverylongname"),
    link("set-long-dev", "link set dev averyveryverylongname up"),
    # ---- ip link set: the device --------------------------------------------------------------
    link("set-no-device", "link set nosuch up"),
    link("set-no-dev", "link set up"),
    link("set-two-devices", "link set veth0 veth1 up"),
    link("set-help", "link set veth0 help"),
    link("set-nothing", "link set"),
    link("set-dev-invalid", "link set dev a/b up"),
    link("set-name-then-dev", "link set name veth0 dev veth0 mtu 1400",
         note="name and dev the same: no rename"),
    # ---- ip link delete ---------------------------------------------------------------------
    link("delete-veth", "link delete veth1", note="its peer goes too"),
    link("del-bridge", "link del br0"),
    link("del-missing", "link del nosuch"),
    link("del-lo", "link del lo"),
    link("del-no-dev", "link del"),
    link("del-with-type", "link del veth1 type veth", note="the kind rides along in IFLA_LINKINFO"),
    link("del-with-other-type", "link del veth1 type bridge", note="the kernel does not compare it"),
    link("del-with-type-options", "link del br0 type bridge stp_state 1"),
    link("del-group", "link del group 7", before=["link set veth0 group 7"],
         note="every device of the group (and veth0's peer with it)"),
    link("del-group-default", "link del group 0", note="the kernel refuses to delete lo"),
    link("set-group-down", "link set group 0 down"),
    link("set-group-empty", "link set group 99 up", note="no device in it: nothing, and no error"),
    link("replace-bridge-new", "link replace br5 address 02:00:00:00:c0:07 type bridge", state=BRIDGE_STATE),
    link("replace-bridge-exists", "link replace br0 address 02:00:00:00:c0:07 type bridge"),
    link("set-bridge-ageing", "link set br5 type bridge ageing_time 500",
         before=["link add dev br5 address 02:00:00:00:c0:07 type bridge"], state=BRIDGE_STATE),
    # ---- ip link add: veth -------------------------------------------------------------------
    link("add-veth", "link add veth5 " + VETH5),
    link("add-veth-peer-options", "link add name veth5 address 02:00:00:00:c0:05 type veth peer veth6 "
         "address 02:00:00:00:c0:06 mtu 1300 up", note="the peer's flags and mtu"),
    link("add-veth-peer-type", "link add veth5 " + VETH5 + " type veth"),
    link("add-veth-garbage", "link add veth5 type veth foo", note="veth's usage on stdout, exit 1"),
    link("add-veth-peer-exists", "link add veth5 address 02:00:00:00:c0:05 type veth peer name veth1"),
    link("add-exists", "link add veth0 type veth"),
    link("add-no-type", "link add veth5"),
    link("add-name-and-dev", "link add name a dev b type veth"),
    link("add-link-missing", "link add veth5 link nosuch type veth"),
    link("add-veth-index", "link add veth5 index 50 " + VETH5),
    link("replace-veth-exists", "link replace veth0 type veth", note="NLM_F_REPLACE on an existing device"),
    # ---- ip link add: bridge ------------------------------------------------------------------
    link("add-bridge", "link add br5 address 02:00:00:00:c0:07 type bridge", state=BRIDGE_STATE),
    link("add-bridge-stp", "link add br5 address 02:00:00:00:c0:07 type bridge forward_delay 500 stp_state 1 "
         "priority 7 vlan_filtering 1 ageing_time 1000 hello_time 300 max_age 2500", state=BRIDGE_STATE),
    link("add-bridge-mcast", "link add br5 address 02:00:00:00:c0:07 type bridge mcast_snooping 0 "
         "mcast_router 2 nf_call_iptables 1 mcast_hash_max 1024 mcast_query_interval 5000 "
         "no_linklocal_learn 1 mcast_vlan_snooping 0 group_fwd_mask 0x8", state=BRIDGE_STATE),
    link("add-bridge-vlan-protocol", "link add br5 address 02:00:00:00:c0:07 type bridge vlan_protocol 802.1ad "
         "vlan_default_pvid 5 vlan_stats_enabled 1", state=BRIDGE_STATE),
    link("add-bridge-unknown", "link add br5 type bridge foo"),
    link("add-bridge-priority-big", "link add br5 type bridge priority 70000"),
    link("add-bridge-help", "link add br5 type bridge help"),
    link("set-bridge-stp", "link set br0 type bridge stp_state 1", state=BRIDGE_STATE),
    link("set-bridge-fdb-flush", "link set br0 type bridge fdb_flush"),
    # ---- ip link add: macvlan -----------------------------------------------------------------
    link("add-macvlan", "link add mv0 link veth0 address 02:00:00:00:c0:09 type macvlan mode bridge",
         state=MACVLAN_STATE),
    link("add-macvlan-private-bcq", "link add mv0 link veth0 address 02:00:00:00:c0:09 type macvlan mode private "
         "bcqueuelen 50", state=MACVLAN_STATE),
    link("add-macvlan-passthru-nopromisc", "link add mv0 link veth0 address 02:00:00:00:c0:09 type macvlan "
         "mode passthru nopromisc", state=MACVLAN_STATE),
    link("add-macvlan-mode-bad", "link add mv0 link veth0 type macvlan mode bogus"),
    link("add-macvlan-nopromisc", "link add mv0 link veth0 type macvlan nopromisc"),
    link("add-macvlan-no-link", "link add mv0 link nosuch type macvlan"),
    link("add-macvlan-unknown", "link add mv0 link veth0 type macvlan foo"),
    # ---- ip link add: vxlan -------------------------------------------------------------------
    link("add-vxlan", "link add vx0 address 02:00:00:00:c0:08 type vxlan id 42 remote 198.51.100.9 "
         "local 198.51.100.1 dstport 4789 dev veth0 ttl 10 tos 0x10 nolearning", state=VXLAN_STATE),
    link("add-vxlan-default-port", "link add vx0 address 02:00:00:00:c0:08 type vxlan id 42",
         note="the dstport warning", state=VXLAN_STATE),
    link("add-vxlan-group", "link add vx0 address 02:00:00:00:c0:08 type vxlan id 42 group 239.1.1.1 dev veth0 "
         "dstport 4789 srcport 5000 6000 ageing 100 maxaddress 10 l2miss proxy", state=VXLAN_STATE),
    link("add-vxlan-v6", "link add vx0 address 02:00:00:00:c0:08 type vxlan vni 7 remote 2001:db8::9 "
         "dstport 0 ttl inherit df set flowlabel 5 noudpcsum", state=VXLAN_STATE),
    link("add-vxlan-no-id", "link add vx0 type vxlan dstport 4789"),
    link("add-vxlan-group-no-dev", "link add vx0 type vxlan id 42 group 239.1.1.1 dstport 4789"),
    link("add-vxlan-remote-multicast", "link add vx0 type vxlan id 42 remote 239.1.1.1"),
    link("add-vxlan-group-and-remote", "link add vx0 type vxlan id 42 remote 198.51.100.9 group 239.1.1.1"),
    link("add-vxlan-id-big", "link add vx0 type vxlan id 99999999"),
    link("add-vxlan-id-twice", "link add vx0 type vxlan id 4 id 5"),
    link("add-vxlan-unknown", "link add vx0 type vxlan id 4 bogus"),
    link("add-vxlan-external-id", "link add vx0 type vxlan external id 5"),
    link("add-vxlan-ttl-big", "link add vx0 type vxlan id 4 ttl 300"),
    link("add-vxlan-dev-missing", "link add vx0 type vxlan id 4 dev nosuch"),
    # ---- kinds this kernel lacks ----------------------------------------------------------------
    link("add-dummy", "link add d0 type dummy", note="Error: Unknown device type. (exit 2)"),
    link("add-vlan", "link add v0 link veth0 type vlan id 5"),
    link("add-bond", "link add b0 type bond"),
    link("add-wireguard", "link add w0 type wireguard"),
    link("add-vrf", "link add vrf0 type vrf table 10"),
    link("add-tun", "link add t0 type tun", note="the kernel's own words for tun by netlink"),
    link("add-unknown-kind-garbage", "link add x0 type nosuchkind foo"),
    # ---- ip link property ----------------------------------------------------------------------
    link("prop-add-altname", "link property add dev veth0 altname uplink-with-a-long-name", state=ALTNAME_STATE),
    link("prop-del-altname", "link property del dev veth0 altname uplink0", before=[
        "link property add dev veth0 altname uplink0"], state=ALTNAME_STATE),
    link("prop-del-missing", "link property del dev veth0 altname nope"),
    link("prop-add-exists", "link property add dev veth0 altname veth1"),
    link("prop-no-dev", "link property add altname x"),
    link("prop-no-device", "link property add dev nosuch altname x"),
    link("prop-two-devs", "link property add veth0 veth1"),
    link("prop-add-two", "link property add dev veth0 altname uplink0 altname uplink1", state=ALTNAME_STATE),
    link("prop-long-altname", "link property add dev veth0 altname " + "a" * 127, state=ALTNAME_STATE),
    link("prop-too-long-altname", "link property add dev veth0 altname " + "a" * 128),
    link("prop-help", "link property help"),
    link("prop-nothing", "link property"),
    link("prop-bogus", "link property bogus"),
    link("prop-ad", "link property ad dev veth0 altname zz", state=ALTNAME_STATE, note="ad is add"),
    link("set-by-altname", "link set uplink0 mtu 1400", before=["link property add dev veth0 altname uplink0"],
         state=ALTNAME_STATE),
    # ---- ip tuntap add / del ---------------------------------------------------------------------
    tun("add", "tuntap add dev tun0 mode tun"),
    tun("add-options", "tuntap add tun0 mode tun user 1000 group 100 pi vnet_hdr multi_queue"),
    tun("add-user-names", "tuntap add tun0 mode tun user root group root one_queue"),
    tun("add-user-unknown", "tuntap add tun0 mode tun user nosuchuser"),
    tun("add-group-unknown", "tuntap add tun0 mode tun group nosuchgroup"),
    tun("add-no-mode", "tuntap add tun0"),
    tun("add-two-modes", "tuntap add mode tap mode tun"),
    tun("add-mode-bad", "tuntap add mode bogus"),
    tun("add-no-name", "tuntap add mode tun", note="the kernel names it tun0"),
    tun("add-exists", "tuntap add veth0 mode tun"),
    tun("add-two-names", "tuntap add tun0 tun1 mode tun"),
    tun("add-help", "tuntap add help"),
    tun("del", "tuntap del tun0 mode tun", before=["tuntap add tun0 mode tun"]),
    tun("del-missing", "tuntap del tun0 mode tun", note="TUNSETIFF creates it, TUNSETPERSIST 0 drops it"),
    tun("del-user", "tuntap del tun0 mode tun user 5", note="user is no keyword for del: a second name"),
    tun("del-wrong-mode", "tuntap del tun0 mode tap", before=["tuntap add tun0 mode tun"]),
]

MV0 = "link add mv0 link veth0 address 02:00:00:00:c0:09 type macvlan"
VX0 = "link add vx0 address 02:00:00:00:c0:08 type vxlan"
CASES += [
    # ---- vlan and vrf: ip reads their words, then the kernel refuses the kind --------------------
    link("add-vlan-options", "link add v0 link veth0 type vlan id 5 protocol 802.1ad reorder_hdr off gvrp on"),
    link("add-vlan-id-bad", "link add v0 link veth0 type vlan id x"),
    link("add-vlan-unknown", "link add v0 link veth0 type vlan id 5 bogus", note="vlan's usage, exit 1"),
    link("add-vlan-flag-bad", "link add v0 link veth0 type vlan id 5 mvrp maybe"),
    link("add-vlan-protocol-bad", "link add v0 link veth0 type vlan protocol bogus"),
    link("add-vlan-help", "link add v0 link veth0 type vlan help"),
    link("add-vlan-qos-maps", "link add v0 link veth0 type vlan id 5 ingress-qos-map 1:2 3:4 egress-qos-map 5:6 "
         "gvrp on", note="a map runs to the first word with no colon"),
    link("add-vlan-qos-bad-key", "link add v0 link veth0 type vlan id 5 egress-qos-map x:2",
         note="the word is cut at its colon"),
    link("add-vlan-qos-bad-value", "link add v0 link veth0 type vlan id 5 egress-qos-map 1:y"),
    link("add-vlan-qos-missing", "link add v0 link veth0 type vlan id 5 egress-qos-map"),
    link("add-vlan-qos-no-colon", "link add v0 link veth0 type vlan id 5 egress-qos-map bogus",
         note="an empty map, then bogus is an unknown word"),
    link("add-vrf-table-name", "link add vrf0 type vrf table main"),
    link("add-vrf-table-bad", "link add vrf0 type vrf table nosuch"),
    link("add-vrf-unknown", "link add vrf0 type vrf foo"),
    link("add-dummy-garbage", "link add d0 type dummy foo bar", note="dummy has no option parser: ignored"),
    link("add-bond-mode", "link add b0 type bond mode 802.3ad"),
    link("add-bond-options", "link add b0 type bond mode 802.3ad miimon 100 lacp_rate fast "
         "xmit_hash_policy layer3+4 primary veth0 primary_reselect better arp_missed_max 2 clear_active_slave"),
    link("add-bond-mode-number", "link add b0 type bond mode 4", note="a table index is a name too"),
    link("add-bond-mode-bad", "link add b0 type bond mode 9"),
    link("add-bond-mode-hex", "link add b0 type bond mode 0x1", note="the index is read in base 10"),
    link("add-bond-miimon-bad", "link add b0 type bond miimon x"),
    link("add-bond-active-slave-missing", "link add b0 type bond active_slave nosuch"),
    link("add-bond-arp-targets", "link add b0 type bond arp_ip_target 198.51.100.9,198.51.100.10 arp_interval 100"),
    link("add-bond-arp-target-bad", "link add b0 type bond arp_ip_target 198.51.100.999"),
    link("add-bond-arp-target-none", "link add b0 type bond arp_ip_target", note="an empty nest: no error"),
    link("add-bond-ns-target-bad", "link add b0 type bond ns_ip6_target 2001:db8::1,zz"),
    link("add-bond-num-unsol-na-big", "link add b0 type bond num_unsol_na 300",
         note="one message for both names"),
    link("add-bond-lacp-active-prefix", "link add b0 type bond lacp_act on", note="lacp_active is matched whole"),
    link("add-bond-unknown", "link add b0 type bond bogus"),
    link("add-bond-p", "link add b0 type bond p 5", note="p is peer_notify_delay"),
    # ---- macvlan source mode and changes ---------------------------------------------------------
    link("add-macvlan-source-add", MV0 + " mode source macaddr add 02:00:00:00:00:77", state=MACVLAN_STATE),
    link("add-macvlan-source-set", MV0 + " mode source macaddr set 02:00:00:00:00:77 02:00:00:00:00:78 "
         "bcqueuelen 10", state=MACVLAN_STATE),
    link("add-macvlan-source-set-stops", MV0 + " mode source macaddr set 02:00:00:00:00:77 mode source",
         note="set stops at the first word that is no address, after ll_addr_a2n's message", state=MACVLAN_STATE),
    link("add-macvlan-macaddr-bad-mode", "link add mv0 link veth0 type macvlan macaddr bogus"),
    link("add-macvlan-macaddr-bad", "link add mv0 link veth0 type macvlan mode source macaddr add zz"),
    link("add-macvlan-macaddr-long", "link add mv0 link veth0 type macvlan mode source macaddr add "
         "02:00:00:00:00:77:88"),
    link("set-macvlan-macaddr-del", "link set mv0 type macvlan macaddr del 02:00:00:00:00:77",
         before=[MV0 + " mode source macaddr add 02:00:00:00:00:77"], state=MACVLAN_STATE),
    link("set-macvlan-macaddr-flush", "link set mv0 type macvlan macaddr flush",
         before=[MV0 + " mode source macaddr add 02:00:00:00:00:77"], state=MACVLAN_STATE),
    link("set-macvlan-mode", "link set mv0 type macvlan mode private", before=[MV0 + " mode vepa"],
         state=MACVLAN_STATE),
    link("add-macvlan-bcqueuelen-bad", "link add mv0 link veth0 type macvlan bcqueuelen -1"),
    link("add-macvlan-flag-bad", "link add mv0 link veth0 type macvlan flag bogus"),
    link("add-macvlan-passthru-flag", MV0 + " mode passthru flag nopromisc", state=MACVLAN_STATE),
    link("add-macvlan-help", "link add mv0 link veth0 type macvlan help"),
    link("add-macvtap-mode-bad", "link add mt0 link veth0 type macvtap mode bogus",
         note="macvtap's own name in the usage"),
    link("add-macvtap", "link add mt0 link veth0 address 02:00:00:00:c0:0a type macvtap mode bridge",
         state=STATE + [["ip", "-d", "link", "show", "type", "macvtap"]]),
    link("add-macvtap-unknown", "link add mt0 link veth0 type macvtap foo"),
    # ---- ifb: this kernel has it; ip has no option parser for it -----------------------------------
    link("add-ifb", "link add ifb0 address 02:00:00:00:c0:0b type ifb"),
    link("add-ifb-garbage", "link add ifb0 address 02:00:00:00:c0:0b type ifb foo bar", note="ignored"),
    link("add-ifb-up-mtu", "link add ifb0 address 02:00:00:00:c0:0b mtu 1300 txqlen 5 up type ifb"),
    # ---- vxlan: more words, and changes --------------------------------------------------------
    link("set-vxlan-ttl-learning", "link set vx0 type vxlan ttl 5 learning", before=[VX0 + " id 42 dstport 4789"],
         state=VXLAN_STATE, note="a change: no id needed, no dstport warning"),
    link("set-vxlan-id", "link set vx0 type vxlan id 43", before=[VX0 + " id 42 dstport 4789"],
         state=VXLAN_STATE, note="the kernel refuses to change the VNI"),
    link("add-vxlan-gpe", "link add vx0 type vxlan id 1 gpe", note="gpe: dstport 4790, then the kernel"),
    link("add-vxlan-external-vnifilter", VX0 + " external dstport 4789 vnifilter", state=VXLAN_STATE),
    link("add-vxlan-vnifilter-alone", "link add vx0 type vxlan id 1 vnifilter"),
    link("add-vxlan-local-multicast", "link add vx0 type vxlan id 1 local 239.1.1.1"),
    link("add-vxlan-df-bad", "link add vx0 type vxlan id 1 df maybe"),
    link("add-vxlan-flowlabel-big", "link add vx0 type vxlan id 1 flowlabel 0x100000"),
    link("add-vxlan-srcport-bad", "link add vx0 type vxlan id 1 srcport 10 x"),
    link("add-vxlan-mixed-families", "link add vx0 type vxlan id 1 local 2001:db8::1 remote 198.51.100.2"),
    link("add-vxlan-help", "link add vx0 type vxlan help"),
    link("add-vxlan-family-4", "-4 " + VX0 + " id 42 dstport 4789", state=VXLAN_STATE,
         note="-4 and no address: group 0.0.0.0"),
    link("add-vxlan-family-6", "-6 " + VX0 + " id 42 dstport 4789", state=VXLAN_STATE),
    # ---- more of iplink_parse() -------------------------------------------------------------------
    link("add-veth-peer-group", "link add veth5 " + VETH5 + " group 3", note="the peer has a name: allowed"),
    link("add-veth-peer-netns-bad", "link add veth5 " + VETH5 + " netns nosuch"),
    link("set-link-netnsid", "link set veth0 link-netnsid 5"),
    link("add-link-netnsid-bad", "link add veth5 address 02:00:00:00:c0:05 link-netnsid x type veth"),
    link("set-veth-peer", "link set veth0 type veth peer name x", note="veth_parse_opt on a change"),
]


# a bridge port's options, as `bridge -d link` shows them (no timers there)
BRPORT_STATE = BRIDGE_STATE + [["bridge", "-d", "link", "show"]]
IN_BR0 = ["link set veth0 master br0"]
CASES += [
    # ---- bridge_slave: a port's options ---------------------------------------------------------
    link("set-bridge-slave", "link set veth0 type bridge_slave cost 10 priority 5 learning off hairpin on",
         before=IN_BR0, state=BRPORT_STATE),
    link("set-bridge-slave-flags", "link set veth0 type bridge_slave guard on root_block on fastleave on flood off "
         "mcast_flood off bcast_flood off mcast_to_unicast on proxy_arp on neigh_suppress on vlan_tunnel on "
         "isolated on locked on group_fwd_mask 0x4000 mcast_router 2", before=IN_BR0, state=BRPORT_STATE),
    link("set-bridge-slave-state-flush", "link set veth0 type bridge_slave state 3 fdb_flush", before=IN_BR0,
         state=BRPORT_STATE),
    link("set-bridge-slave-cost-bad", "link set veth0 type bridge_slave cost x", before=IN_BR0, state=BRIDGE_STATE),
    link("set-bridge-slave-on-off-bad", "link set veth0 type bridge_slave learning maybe", before=IN_BR0,
         state=BRIDGE_STATE, note="parse_on_off's message, then exit(1)"),
    link("set-bridge-slave-unknown", "link set veth0 type bridge_slave bogus", before=IN_BR0, state=BRIDGE_STATE),
    link("set-bridge-slave-help", "link set veth0 type bridge_slave help", before=IN_BR0, state=BRIDGE_STATE),
    link("set-bridge-slave-backup", "link set veth0 type bridge_slave backup_port veth1",
         before=IN_BR0 + ["link set veth1 master br0"], state=BRPORT_STATE),
    link("set-bridge-slave-backup-missing", "link set veth0 type bridge_slave backup_port nosuch", before=IN_BR0, state=BRIDGE_STATE),
    link("set-bridge-slave-nobackup", "link set veth0 type bridge_slave nobackup_port", before=IN_BR0,
         state=BRPORT_STATE),
    link("set-bridge-slave-not-port", "link set veth0 type bridge_slave cost 10", note="no master: the kernel"),
    link("add-tun-garbage", "link add t0 type tun foo", note="tun has no option parser: ignored"),
    link("add-tuntap-kind", "link add t0 type tuntap", note="no such kind anywhere: the kernel"),
    link("set-vrf-slave", "link set veth0 type vrf_slave"),
]


# ---- ip link set ... netns NAME: a second namespace, "blue", in the lab's own /run/netns ----------
# (-br in blue: its full lines name main by the lab's pid-numbered namespace name)
NETNS_STATE = [["ip", "link"], ["ip", "addr"], ["ip", "-br", "-n", "blue", "link"], ["ip", "-br", "-n", "blue", "addr"]]


def netns(name, words, note="", **kwargs):
    from tests.ip.cases import ip

    return ip("linkmod-" + name, words, lab="ip-link-netns", note=note, mutates=True, state=NETNS_STATE,
              **kwargs)


CASES += [
    netns("set-netns-name", "link set veth1 netns blue", note="IFLA_NET_NS_FD: the peer shows link-netns"),
    netns("set-netns-name-rename", "link set veth1 netns blue name eth9 mtu 1400"),
    netns("set-netns-path", "link set veth1 netns /var/run/netns/blue", note="a path with '/' is opened as is"),
    netns("set-netns-missing-path", "link set veth1 netns /nonexistent/x"),
    netns("set-netns-index", "link set veth1 netns blue index 40",
          note="index is allowed when moving to another namespace"),
    netns("set-netns-lo", "link set lo netns blue", note="the kernel keeps lo"),
    netns("set-netns-up-peer", "link set veth0 netns blue up", note="moved, then brought up there"),
    netns("add-veth-peer-netns", "link add veth5 address 02:00:00:00:c0:05 type veth peer name veth6 "
          "address 02:00:00:00:c0:06 netns blue", note="the peer made in blue"),
    netns("add-veth-link-netns", "link add veth5 address 02:00:00:00:c0:05 link-netns blue type veth peer name "
          "veth6 address 02:00:00:00:c0:06", note="blue has no id here yet: link-netns assigns one "
          "(RTM_NEWNSID), and the peer is made there"),
    netns("add-link-netns-missing", "link add veth5 link-netns nosuch type veth"),
    netns("add-link-netns-twice", "link add veth5 link-netns blue link-netnsid 0 type veth"),
    netns("set-link-netns", "link set veth0 link-netns blue", note="taken, and nothing changes"),
]
