"""ip golden cases: `ip link add/set ... type KIND OPTIONS` for the kinds this
kernel lacks (issue 10; pynettools/tools/ip/linktunnels.py and linkextra.py),
gathered by tests/ip/cases.py.

ip parses each kind's options: when they parse, the request goes out and
this kernel answers "Error: Unknown device type." (exit 2); when they do not,
the kind's own errors and usage text, and nothing is sent.  `link set` of a
gre-like tunnel first reads the device (RTM_GETLINK) and takes its
IFLA_INFO_DATA as the tunnel's: lo and veth have none, a bridge's does not
read as a tunnel's, a macvlan's does (and the kernel refuses the change).
They run in the ip-change lab (veth0/veth1, br0, lo), rebuilt before each run.
"""
from tests.ip.cases_change import change

MV0 = "link add mv0 link veth0 address 02:00:00:00:c0:09 type macvlan mode bridge"


def kind(name, words, note="", **kwargs):
    return change("linkkind-" + name, words, note=note, **kwargs)


CASES = [
    # ---- gre, gretap, erspan (link_gre.c) ----------------------------------------------------------
    kind("gre", "link add g0 type gre remote 198.51.100.9 local 198.51.100.1 ttl 64 tos 0x10 key 5 csum seq "
         "dev veth0 fwmark 7 noignore-df", note="parsed, sent: Error: Unknown device type. (exit 2)"),
    kind("gre-keys", "link add g0 type gre ikey 1.2.3.4 okey 9 noiseq ocsum nopmtudisc ttl inherit tos inherit "
         "encap gue encap-sport auto encap-dport 5555 encap-csum encap-udp6-csum noencap-remcsum"),
    kind("gre-multicast", "link add g0 type gre remote 239.1.1.1 local 198.51.100.1",
         note="the keys default to the group address"),
    kind("gre-external", "link add g0 type gre external remote 198.51.100.9", note="IFLA_GRE_COLLECT_METADATA alone"),
    kind("gre-unknown", "link add g0 type gre bogus", note="gre's usage on stderr, exit 1"),
    kind("gre-help", "link add g0 type gre help"),
    kind("gre-key-bad", "link add g0 type gre key x", note="tnl_parse_key(): exit 255"),
    kind("gre-key-dotted-bad", "link add g0 type gre ikey 1.2.3.999", note="get_addr32(): exit 1"),
    kind("gre-ttl-bad", "link add g0 type gre ttl 300"),
    kind("gre-multicast-no-local", "link add g0 type gre remote 239.1.1.1"),
    kind("gre-dev-missing", "link add g0 type gre dev nosuch", note="exit(nodev()): 255"),
    kind("gretap", "link add g0 type gretap remote 198.51.100.9 nocsum"),
    kind("gretap-erspan-word", "link add g0 type gretap erspan 5", note="an erspan word: gretap's usage"),
    kind("erspan", "link add e0 type erspan remote 198.51.100.9 local 198.51.100.1 erspan 100 key 3"),
    kind("erspan-v2", "link add e0 type erspan remote 198.51.100.9 erspan_ver 2 erspan_dir eg erspan_hwid 7"),
    kind("erspan-ver-bad", "link add e0 type erspan erspan_ver 3"),
    # link set: the device is read first
    kind("set-gre-lo", "link set lo type gre key 5", note="no IFLA_LINKINFO: Failed to get existing tunnel info."),
    kind("set-gre-veth", "link set veth0 type gre ttl 5", note="a veth has no IFLA_INFO_DATA"),
    kind("set-gre-bridge", "link set br0 type gre ttl 5", note="the bridge's priority (2 bytes) as the local address"),
    kind("set-gre-macvlan", "link set mv0 type gre local 198.51.100.1", before=[MV0],
         note="the macvlan's attributes read as gre's, then the kernel refuses"),
    kind("set-gre-macvlan-broadcast", "link set mv0 type gre ttl 5", before=[MV0],
         note="its broadcast queue length read as a multicast remote: a source address is required"),
    kind("set-gre-no-options", "link set veth0 type gre", note="no words: nothing is read, the kernel answers"),
    kind("replace-gre", "link replace g0 type gre remote 198.51.100.9",
         note="NLM_F_CREATE: the device is not read"),
    # ---- ip6gre, ip6gretap, ip6erspan (link_gre6.c) ------------------------------------------------
    kind("ip6gre", "link add g6 type ip6gre remote 2001:db8::9 local 2001:db8::1 hoplimit 10 tclass 0x10 "
         "flowlabel 0x12345 encaplimit none dscp inherit allow-localremote fwmark inherit key 7"),
    kind("ip6gre-tclass-inherit", "link add g6 type ip6gre remote 2001:db8::9 tclass inherit flowlabel inherit "
         "encaplimit 9 noallow-localremote fwmark 3"),
    kind("ip6gre-remote-v4", "link add g6 type ip6gre remote 198.51.100.9"),
    kind("ip6gre-flowlabel-big", "link add g6 type ip6gre flowlabel 0x100000"),
    kind("ip6gre-tclass-bad", "link add g6 type ip6gre tclass zz"),
    kind("ip6gre-unknown", "link add g6 type ip6gre pmtudisc", note="no pmtudisc for IPv6: the usage"),
    kind("ip6gre-help", "link add g6 type ip6gre help"),
    kind("ip6erspan", "link add g6 type ip6erspan remote 2001:db8::9 erspan_ver 2 erspan_dir egress "
         "erspan_hwid 7"),
    kind("set-ip6gre-bridge", "link set br0 type ip6gre key 1"),
    # ---- ipip and sit (link_iptnl.c) -------------------------------------------------------------------
    kind("ipip", "link add t0 type ipip remote 198.51.100.9 local 198.51.100.1 ttl 10 tos 0x10 dev veth0 "
         "mode any encap fou encap-sport 7 encap-dport 5555 encap-csum fwmark 9"),
    kind("ipip-mode-bad", "link add t0 type ipip mode bogus", note="exit 255"),
    kind("ipip-isatap", "link add t0 type ipip isatap", note="isatap is sit's: the usage"),
    kind("ipip-ttl-nopmtudisc", "link add t0 type ipip ttl 5 nopmtudisc"),
    kind("ipip-help", "link add t0 type ipip help"),
    kind("sit", "link add s0 type sit mode ip6ip remote 198.51.100.9 isatap 6rd-prefix 2001:db8::/32 "
         "6rd-relay_prefix 198.51.100.0/24"),
    # (not 6rd-reset: 6.1's get_prefix() writes into the literal "2002::/16" and ip dies of SIGSEGV)
    kind("sit-6rd-relay", "link add s0 type sit mode any 6rd-relay_prefix 198.51.100.0/24"),
    kind("sit-6rd-prefix-bad", "link add s0 type sit 6rd-prefix zz"),
    kind("set-ipip-bridge", "link set br0 type ipip ttl 3", note="the bridge's root id (8 bytes) as the 6rd prefix"),
    kind("set-sit-macvlan", "link set mv0 type sit isatap", before=[MV0]),
    # ---- ip6tnl (link_ip6tnl.c) ---------------------------------------------------------------------------
    kind("ip6tnl", "link add t6 type ip6tnl mode ip4ip6 remote 2001:db8::9 local 2001:db8::1 hoplimit 9 "
         "encaplimit 5 tclass 0x20 flowlabel 0x5 fwmark inherit allow-localremote encap gue"),
    kind("ip6tnl-mode-bad", "link add t6 type ip6tnl mode ipip"),
    kind("ip6tnl-help", "link add t6 type ip6tnl help"),
    # ---- vti, vti6 (link_vti.c, link_vti6.c) ---------------------------------------------------------
    kind("vti", "link add v0 type vti key 5 remote 198.51.100.9 local 198.51.100.1 fwmark 0x10 dev veth0"),
    kind("vti-key-bad", "link add v0 type vti okey abc"),
    kind("vti6", "link add v6 type vti6 remote 2001:db8::9 local 2001:db8::1 ikey 1.2.3.4 okey 7"),
    kind("set-vti-macvlan", "link set mv0 type vti key 5", before=[MV0],
         note="the macvlan's mode read as the link index (a u8)"),
    # ---- geneve (iplink_geneve.c) ----------------------------------------------------------------------
    kind("geneve", "link add gn0 type geneve id 10 remote 198.51.100.9 ttl inherit tos inherit df set "
         "flowlabel 5 dstport 6081 udpcsum noudp6zerocsumtx innerprotoinherit"),
    kind("geneve-external", "link add gn0 type geneve external"),
    kind("geneve-unknown", "link add gn0 type geneve bogus"),
    kind("geneve-help", "link add gn0 type geneve help"),
    kind("geneve-no-remote", "link add gn0 type geneve id 5"),
    kind("geneve-external-id", "link add gn0 type geneve external id 5"),
    kind("set-geneve", "link set veth0 type geneve id 5", note="a change: the id alone is enough"),
    kind("set-geneve-no-id", "link set veth0 type geneve ttl 5"),
    # ---- bareudp (iplink_bareudp.c) -------------------------------------------------------------------
    kind("bareudp", "link add bu0 type bareudp dstport 6635 ethertype mpls_uc srcportmin 100 multiproto"),
    kind("bareudp-no-ethertype", "link add bu0 type bareudp dstport 6635"),
    kind("bareudp-ethertype-bad", "link add bu0 type bareudp dstport 6635 ethertype bogus"),
    kind("bareudp-help", "link add bu0 type bareudp help"),
    # ---- ipvlan, ipvtap (iplink_ipvlan.c) ----------------------------------------------------------------
    kind("ipvlan", "link add ipv0 link veth0 type ipvlan mode l3s private"),
    kind("ipvlan-mode-bad", "link add ipv0 link veth0 type ipvlan mode l4"),
    kind("ipvlan-two-flags", "link add ipv0 link veth0 type ipvlan bridge vepa", note="one flag at most"),
    kind("ipvlan-help", "link add ipv0 link veth0 type ipvlan help"),
    # ---- xfrm, bond_slave, gtp, team_slave -------------------------------------------------------------
    kind("xfrm", "link add x0 type xfrm dev veth0 if_id 5"),
    kind("xfrm-external-if-id", "link add x0 type xfrm external if_id 5"),
    kind("xfrm-no-if-id", "link add x0 type xfrm dev veth0"),
    kind("xfrm-help", "link add x0 type xfrm help"),
    kind("bond-slave", "link set veth0 type bond_slave queue_id 3 prio -5"),
    kind("bond-slave-queue-bad", "link set veth0 type bond_slave queue_id x"),
    kind("bond-slave-unknown", "link set veth0 type bond_slave bogus"),
    kind("gtp", "link add gt0 type gtp role sgsn hsize 10 restart_count 3"),
    kind("gtp-unknown-skipped", "link add gt0 type gtp foo role ggsn", note="gtp skips a word it does not know"),
    kind("gtp-no-role", "link add gt0 type gtp hsize 10"),
    kind("amt", "link add a0 type amt mode gateway discovery 198.51.100.9 local 198.51.100.1 dev veth0 "
         "relay_port 2268 gateway_port 2269 max_tunnels 5"),
    kind("amt-mode-bad", "link add a0 type amt mode router", note="amt's usage, exit 1"),
    kind("amt-family", "link add a0 type amt discovery 198.51.100.9 local 2001:db8::1",
         note="local is read in the discovery address's family"),
    kind("macsec", "link add ms0 link veth0 type macsec port 11 encrypt on cipher gcm-aes-256 icvlen 12 "
         "replay on window 32 validate strict encodingsa 1 offload off send_sci on"),
    kind("macsec-address-port", "link add ms0 link veth0 type macsec address 02:00:00:00:00:01 port 5 "
         "cipher GCM-AES-XPN-128 protect off", note="the SCI made of the address and the port"),
    kind("macsec-on-off-bad", "link add ms0 link veth0 type macsec encrypt maybe"),
    kind("macsec-window-alone", "link add ms0 link veth0 type macsec window 5"),
    kind("macsec-flags", "link add ms0 link veth0 type macsec send_sci on end_station on"),
    kind("macsec-help", "link add ms0 link veth0 type macsec help", note="no help word: an unknown command"),
    kind("batadv", "link add bat0 type batadv ra BATMAN_V"),
    kind("hsr", "link add hsr0 type hsr slave1 veth0 slave2 veth1 supervision 5 version 1 proto 0"),
    kind("hsr-slave-missing", "link add hsr0 type hsr slave1 nosuch", note="invarg(): exit 255"),
    kind("rmnet-mux-bad", "link add rm0 link veth0 type rmnet mux_id x"),
    kind("wwan", "link add ww0 type wwan linkid 5"),
    kind("dsa-conduit-missing", "link set veth0 type dsa conduit nosuch"),
    kind("vxcan", "link add vc0 type vxcan peer name vc1", note="veth's twin"),
    kind("vxcan-no-peer", "link add vc0 type vxcan name vc1", note="vxcan's usage: printf() on stdout, as veth's"),
    kind("ipoib", "link add ib0 link veth0 type ipoib pkey 0x8001 mode connected umcast 1"),
    kind("ipoib-mode-bad", "link add ib0 link veth0 type ipoib mode fast"),
    kind("can", "link add can0 type can bitrate 500000 sample-point 0.875 restart-ms 100 loopback on fd off "
         "dbitrate 2000000 dsample-point 0x.c tdcv 5 tdc-mode manual termination 120 restart"),
    kind("set-can", "link set veth0 type can restart", note="data for a device of another kind: refused"),
    kind("can-sample-point-bad", "link add can0 type can bitrate 500000 sample-point 0.8x"),
    kind("can-on-off-bad", "link add can0 type can one-shot maybe", note="exit(-1): 255"),
    kind("can-unknown", "link add can0 type can bogus"),
    kind("team-slave", "link set veth0 type team_slave foo", note="team_slave has no options: nothing is read"),
]
