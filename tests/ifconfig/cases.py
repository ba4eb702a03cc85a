"""Golden cases for ifconfig (net-tools 2.10).

The "ifconfig" lab (ifconfig_lab() below), one namespace: veth0 with an
IPv4 address, a second one labelled veth0:1 (an alias, which SIOCGIFCONF
lists and /proc/net/dev does not) and IPv6 addresses; its peer veth1 (IPv6
off, no address); veth2 with a point-to-point address and a link-local one;
veth3 (down, NOARP, an IPv6 address); br0, a bridge without ports (no
carrier); tap0, down; dev10 and dev9, named so that nstrcmp()'s order (dev9 <
dev10) differs from strcmp's, dev9 promiscuous; tun0, a tun device (no
hardware address: the UNSPEC printer).  No device makes link-local addresses
of its own, so once the multicast reports of the first seconds are out no
traffic moves the counters (the snapshot of /proc/net/dev checks that).
Cases that change a device (mutates=True) rebuild the lab before each run
(spec rebuild_on_reset) and compare the links and addresses afterwards.
"""
from tests.harness.cases import Case
from tests.lab.topology import Topology, mac

SNAPSHOT = [["cat", "/proc/net/dev"], ["cat", "/proc/net/if_inet6"]]
STATE = [["ip", "link", "show"], ["ip", "addr", "show"]]  # not -d: a bridge shows its running timers


def ifconfig_lab():
    t = Topology()
    for scope in ("all", "default"):
        t.sysctl("net.ipv6.conf.%s.addr_gen_mode" % scope, "1")
        t.sysctl("net.ipv6.conf.%s.accept_dad" % scope, "0")
    # Every veth pair stays in main: `ip link show` of a veth whose peer is in
    # another namespace sometimes says "Peer netns reference is invalid" (a
    # kernel race, FACTS.md), which would make the STATE of a case move.
    t.veth("veth0", mac(0x0e01), "veth1", mac(0x0e02))
    t.sysctl("net.ipv6.conf.veth1.disable_ipv6", "1")
    t.veth("veth2", mac(0x0e03), "veth3", mac(0x0e04))
    t.veth("dev10", mac(0x0e05), "dev9", mac(0x0e06))
    t.bridge("br0", mac(0x0e07))
    t.tap("tap0", mac(0x0e08))
    t.address("veth0", "198.51.100.1/24")
    t.address("veth0", "2001:db8:1::1/64")
    t.address("veth0", "2001:db8:1::abcd/128")
    t.ip("addr add 198.51.100.9/24 brd 198.51.100.255 dev veth0 label veth0:1")
    t.ip("addr add 203.0.113.1 peer 203.0.113.2/32 dev veth2")
    t.ip("addr add 192.0.2.1/25 brd + dev br0")
    t.ip("addr add fd00::1/8 dev br0")
    t.ip("addr add fe80::5/64 dev veth2")
    t.ip("addr add ::ffff:192.0.2.9/128 dev veth2 nodad")  # v4-mapped: inet6 192.0.2.9
    t.ip("addr add 2001:db8:2::5/64 dev veth3")
    t.ip("link set veth3 down")
    t.ip("link set veth3 arp off")
    t.ip("link set dev9 promisc on allmulticast on")
    t.ip("tuntap add mode tun name tun0")
    t.ip("link set tun0 mtu 1280")
    t.ip("link set tap0 down")
    t.ip("link set dev9 mtu 9000")
    t.ip("link set dev10 txqueuelen 42")
    t.spec["rebuild_on_reset"] = True
    return t.spec


def show(name, argv, note=""):
    return Case("ifconfig", name, argv, lab=ifconfig_lab(), note=note)


# A mutating case's lab is built afresh before each run, and two builds differ
# in what these cases never print: the IPv6 multicast reports a new device sends
# in its first seconds (the counters of /proc/net/dev) and the order of
# /proc/net/if_inet6 (a hash table, seeded per namespace).  Their snapshot is
# the devices and addresses as `ip` lists them instead.
CHANGE_SNAPSHOT = [["ip", "link", "show"], ["ip", "addr", "show"]]


def change(name, argv, note=""):
    return Case("ifconfig", name, argv, lab=ifconfig_lab(), mutates=True, note=note, snapshot=CHANGE_SNAPSHOT)


CASES = [
    show("show", ["ifconfig"], "devices that are up, in nstrcmp order"),
    show("show-a", ["ifconfig", "-a"], "down ones too"),
    show("short", ["ifconfig", "-s"]),
    show("short-a", ["ifconfig", "-a", "-s"], "an alias has no statistics"),
    show("verbose", ["ifconfig", "-v", "-a"]),
    show("one", ["ifconfig", "veth0"]),
    show("one-down", ["ifconfig", "veth3"], "a named device is shown even when down"),
    show("one-alias", ["ifconfig", "veth0:1"]),
    show("one-bridge", ["ifconfig", "br0"]),
    show("one-tap", ["ifconfig", "-s", "tap0"]),
    show("lo", ["ifconfig", "lo"]),
    show("one-tun", ["ifconfig", "tun0"], "no hardware address: 16 bytes in UNSPEC's dashes"),
    show("one-promisc", ["ifconfig", "dev9"], "PROMISC,ALLMULTI; nstrcmp puts dev9 before dev10"),
    show("one-link-local", ["ifconfig", "veth2"], "scopeid 0x20<link>"),
    show("short-one-down", ["ifconfig", "-s", "veth3"], "NOARP: O"),
    show("unknown", ["ifconfig", "nosuch0"], "Device not found, exit 1"),
    show("long-name", ["ifconfig", "averyveryverylongname0"], "cut to 15 bytes"),
    show("help", ["ifconfig", "-h"], "usage on stdout, the lists on stderr"),
    show("help-long", ["ifconfig", "--help"]),
    show("version", ["ifconfig", "-V"]),
    show("version-word", ["ifconfig", "-version"]),
    show("bad-option", ["ifconfig", "-x"]),
    show("option-after-device", ["ifconfig", "veth0", "-a"], "options only come first: -a is a setting here"),
    change("down", ["ifconfig", "veth0", "down"]),
    change("up", ["ifconfig", "veth3", "up"]),
    change("mtu", ["ifconfig", "veth0", "mtu", "1400"]),
    change("mtu-bad", ["ifconfig", "veth0", "mtu", "70000"], "SIOCSIFMTU: Invalid argument"),
    change("address", ["ifconfig", "veth3", "198.51.100.77"], "an address sets the device up"),
    change("address-prefix", ["ifconfig", "veth3", "10.5.0.1/16"], "/prefix: the netmask after"),
    change("address-netmask-broadcast", ["ifconfig", "veth3", "10.6.0.1", "netmask", "255.255.255.0",
                                         "broadcast", "10.6.0.255"]),
    change("netmask-twice", ["ifconfig", "veth0", "netmask", "255.255.0.0", "netmask", "255.0.0.0"]),
    change("pointopoint", ["ifconfig", "veth3", "10.7.0.1", "pointopoint", "10.7.0.2"]),
    change("hw-ether", ["ifconfig", "veth3", "hw", "ether", "02:00:00:00:ee:01"]),
    change("hw-ether-up", ["ifconfig", "veth0", "hw", "ether", "02:00:00:00:ee:02"], "veth takes a new address while up"),
    change("hw-bad", ["ifconfig", "veth3", "hw", "ether", "zz:zz"]),
    change("hw-unknown-type", ["ifconfig", "veth3", "hw", "nosuchtype", "00:11"]),
    change("promisc", ["ifconfig", "veth0", "promisc"]),
    change("promisc-off", ["ifconfig", "veth0", "promisc", "-promisc"]),
    change("allmulti", ["ifconfig", "veth0", "allmulti"]),
    change("noarp", ["ifconfig", "veth0", "-arp"]),
    change("arp", ["ifconfig", "veth0", "-arp", "arp"]),
    change("multicast-off", ["ifconfig", "veth0", "-multicast"]),
    change("txqueuelen", ["ifconfig", "veth0", "txqueuelen", "500"]),
    change("txqueuelen-hex", ["ifconfig", "veth0", "txqueuelen", "0x20"]),
    change("add6", ["ifconfig", "veth0", "add", "2001:db8:9::1/64"]),
    change("add6-host", ["ifconfig", "veth3", "inet6", "add", "2001:db8:9::2"]),
    change("del6", ["ifconfig", "veth0", "del", "2001:db8:1::abcd/128"]),
    change("del6-missing", ["ifconfig", "veth0", "del", "2001:db8:99::1/64"]),
    change("add6-bad-prefix", ["ifconfig", "veth0", "add", "2001:db8:9::1/200"]),
    change("add6-no-device", ["ifconfig", "nosuch0", "add", "2001:db8:9::1/64"]),
    change("add-alias", ["ifconfig", "veth0", "add", "198.51.100.50"], "a new alias veth0:0 (:1 is taken)"),
    change("add-alias-existing", ["ifconfig", "veth0", "add", "198.51.100.9"], "veth0:1 has it: set up"),
    change("del-alias", ["ifconfig", "veth0", "del", "198.51.100.9"], "veth0:1 set down, which removes it"),
    change("del-alias-unknown", ["ifconfig", "veth0", "del", "198.51.100.60"],
           "no alias has it: net-tools adds one"),
    change("add-alias-no-address", ["ifconfig", "veth3", "add", "10.1.1.1"], "the parent has no IPv4 address"),
    change("add-alias-no-device", ["ifconfig", "nosuch0", "add", "10.1.1.2"]),
    change("add-alias-bad-host", ["ifconfig", "veth0", "add", "nosuchhost"]),
    change("unknown-device-up", ["ifconfig", "nosuch0", "up"], "exit 255"),
    change("unknown-word", ["ifconfig", "veth0", "bogusword"], "taken as a host name"),
    change("mtu-missing", ["ifconfig", "veth0", "mtu"], "usage on stderr, exit 3"),
    change("rename", ["ifconfig", "veth3", "name", "renamed0"]),
    change("rename-up", ["ifconfig", "veth0", "name", "renamed0"], "this kernel renames a device that is up"),
    change("irq", ["ifconfig", "veth0", "irq", "5"]),
    change("media-auto", ["ifconfig", "veth0", "media", "auto"],
           "IFF_AUTOMEDIA, then auto is read again, as an address"),
    change("media-named", ["ifconfig", "veth0", "media", "10baseT"], "SIOCSIFMAP refused by veth"),
    change("media-number", ["ifconfig", "veth0", "port", "3"]),
    change("media-unknown", ["ifconfig", "veth0", "media", "fibre", "up"]),
    change("keepalive", ["ifconfig", "veth0", "keepalive", "10"], "SLIP's private ioctl"),
    change("outfill", ["ifconfig", "veth0", "outfill", "20"]),
    change("address-inet-word", ["ifconfig", "veth3", "inet", "10.8.0.1", "netmask", "255.255.0.0", "up"]),
    change("alias-address", ["ifconfig", "veth0:5", "10.9.0.1"], "a new label veth0:5"),
    change("alias-zero", ["ifconfig", "veth0:1", "0"], "address 0 removes the alias; not set up"),
    change("alias-down", ["ifconfig", "veth0:1", "down"]),
    change("dstaddr", ["ifconfig", "veth2", "dstaddr", "203.0.113.9"]),
    change("netmask-unknown", ["ifconfig", "veth0", "netmask", "nosuchmask"]),
    change("broadcast-flag", ["ifconfig", "veth0", "-broadcast", "broadcast"], "broadcast without an address"),
    change("pointopoint-flag", ["ifconfig", "veth0", "pointopoint"]),
    change("pointopoint-off", ["ifconfig", "veth0", "pointopoint", "-pointopoint"]),
    change("trailers", ["ifconfig", "veth0", "-trailers", "trailers"]),
    change("dynamic", ["ifconfig", "veth0", "dynamic", "-dynamic"]),
    change("up-down", ["ifconfig", "veth0", "down", "up", "mtu", "1280"]),
    change("lo-down", ["ifconfig", "lo", "down"]),
    change("mem-start", ["ifconfig", "veth0", "mem_start", "0x1000", "io_addr", "0x300"]),
    change("tunnel6", ["ifconfig", "veth0", "tunnel", "2001:db8::99"], "SIOCSIFDSTADDR on a veth"),
    change("broadcast-off", ["ifconfig", "veth0", "-broadcast"]),
    change("inet6-address", ["ifconfig", "veth0", "inet6", "2001:db8::9"], "no setter for family 10"),
    change("verbose-errors", ["ifconfig", "-v", "nosuch0", "mtu", "1400", "up"]),
]
