"""Golden cases for arp (net-tools 2.10).

Most run in the "arp" lab (tests/lab/topology.py): a neighbour table with an
entry in every state the kernel keeps still, on a veth, a bridge, a macvlan
and a tap, two proxy entries, names for some addresses in the namespace's
/etc/hosts, and "labnet" = 203.0.113.0 in its /etc/networks.  The "empty"
lab has only loopback.  Cases that change the table (-s, -d, -f) have
mutates=True: the table is reset before each run and compared afterwards.
"""
from tests.harness.cases import Case

# What must not move while a case runs (the order of /proc/net/arp is the
# order arp prints), and what mutating cases change.
# STATE names the lab's prefixes: the kernel adds NOARP entries of its own
# (224.0.0.22 when a bridge starts sending IGMP reports) at moments of its
# choosing, and those are none of arp's business.
SNAPSHOT = [["cat", "/proc/net/arp"]]
STATE = [["ip", "-4", "neigh", "show", "nud", "all", "to", "198.51.100.0/24"],
         ["ip", "-4", "neigh", "show", "nud", "all", "to", "203.0.113.0/24"],
         ["ip", "-4", "neigh", "show", "proxy"]]


def show(name, argv, lab="arp", note=""):
    return Case("arp", name, argv, lab=lab, note=note)


def change(name, argv, lab="arp", note="", files=None):
    return Case("arp", name, argv, lab=lab, mutates=True, note=note, files=files)


ETHERS_GOOD = """\
# An ethers file: "hwaddr host" as in ethers(5), or "host hwaddr [flags]" as arp -s takes it.
# Comments and empty lines are skipped.

02:00:00:00:0f:01 198.51.100.81
198.51.100.82 02:00:00:00:0f:02
02:00:00:00:0f:03 alpha
198.51.100.84 02:00:00:00:0f:04 temp
198.51.100.85 02:00:00:00:0f:05 pub
"""

ETHERS_BAD = """\
# every kind of bad line; arp goes on after each one
198.51.100.86
198.51.100.88 zz:zz:zz:zz:zz:zz
no-such-host.invalid 02:00:00:00:0f:09
\t
 # an indented comment is not a comment
198.51.100.90 02:00:00:00:0f:0a
"""

ETHERS_BAD_FLAG = """\
198.51.100.91 02:00:00:00:0f:0b
198.51.100.92 02:00:00:00:0f:0c bogus
198.51.100.93 02:00:00:00:0f:0d
"""

CASES = [
    # ---- showing the table -------------------------------------------------------
    show("default", ["arp"], note="Linux style with names from /etc/hosts"),
    show("all", ["arp", "-a"], note="BSD style: name (addr) at hw [ether] PERM PUB on dev"),
    show("all-numeric", ["arp", "-an"]),
    show("linux-style", ["arp", "-e"]),
    show("numeric", ["arp", "-n"]),
    show("linux-numeric", ["arp", "-e", "-n"]),
    show("verbose", ["arp", "-v"], note="Entries/Skipped/Found line at the end"),
    show("verbose-numeric", ["arp", "-v", "-n"]),
    show("verbose-all", ["arp", "-a", "-v"]),
    show("long-options", ["arp", "--numeric", "--device", "veth0", "--verbose"]),
    show("permuted-args", ["arp", "198.51.100.10", "-n"], note="getopt moves options before operands"),
    show("hw-ether", ["arp", "-n", "-H", "ether"]),
    show("hw-t-alias", ["arp", "-a", "-t", "ether", "-i", "br0"]),
    show("hw-other", ["arp", "-n", "-H", "ax25"], note="a type with no entries: no match found"),
    show("hw-unknown", ["arp", "-H", "bogus"]),
    show("hw-without-arp", ["arp", "-H", "loop"]),
    show("iface", ["arp", "-n", "-i", "veth0"]),
    show("iface-bridge-names", ["arp", "-a", "-i", "br0"]),
    show("iface-tap", ["arp", "-e", "-i", "tap0"], note="a tap without carrier holds entries too"),
    show("iface-missing", ["arp", "-n", "-i", "nosuch0"], note="no error: just no match"),
    show("host-name", ["arp", "alpha"], note="short name from the namespace's /etc/hosts"),
    show("host-fqdn-numeric", ["arp", "-n", "alpha.lab.example"]),
    show("host-numeric", ["arp", "-n", "198.51.100.11"]),
    show("host-numeric-all", ["arp", "-a", "198.51.100.10"]),
    show("host-unknown", ["arp", "-n", "no-such-host.invalid"], note="resolver fails fast: nameserver 127.0.0.1"),
    show("host-no-entry", ["arp", "-n", "nobody"], note="name known, no entry: -- no entry"),
    show("host-no-entry-all", ["arp", "-a", "198.51.100.99"], note="with -a: no match found instead"),
    show("host-and-iface-mismatch", ["arp", "-n", "-i", "br0", "198.51.100.10"]),
    show("host-network-name", ["arp", "-n", "labnet"], note="getnetbyname before gethostbyname"),
    show("host-long-name", ["arp", "198.51.100.140"], note="names are cut at 23 columns"),
    show("incomplete", ["arp", "-n", "198.51.100.14"]),
    show("incomplete-all", ["arp", "-a", "198.51.100.15"], note="a FAILED entry shows as <incomplete>"),
    show("proxy", ["arp", "-n", "198.51.100.50"]),
    show("proxy-all-names", ["arp", "-a", "-i", "veth0"]),
    show("noarp-hidden", ["arp", "-n", "198.51.100.16"], note="/proc/net/arp never lists NOARP entries"),
    show("empty", ["arp"], lab="empty"),
    show("odd-device-name", ["arp", "-n"], lab="arp-odd-names",
         note="a \\x1c in a device name does not end the line"),
    show("odd-device-name-bsd", ["arp", "-an"], lab="arp-odd-names"),
    show("odd-device-name-iface", ["arp", "-e", "-i", "odd2"], lab="arp-odd-names"),
    show("empty-all", ["arp", "-a"], lab="empty"),
    show("empty-verbose", ["arp", "-v", "-n"], lab="empty"),
    show("empty-host", ["arp", "-n", "198.51.100.1"], lab="empty"),
    show("empty-iface", ["arp", "-n", "-i", "lo"], lab="empty"),

    # ---- options and usage -----------------------------------------------------------
    show("version", ["arp", "-V"]),
    show("version-long", ["arp", "--version"]),
    show("help", ["arp", "-h"]),
    show("help-long", ["arp", "--help"]),
    show("unknown-option", ["arp", "-Z"]),
    show("unknown-long-option", ["arp", "--bogus"]),
    show("ambiguous-long-option", ["arp", "--ver"], note="--verbose or --version"),
    show("missing-iface-arg", ["arp", "-i"]),
    show("missing-hw-arg", ["arp", "-H"]),
    show("symbolic-unsupported", ["arp", "-N", "-n"]),
    show("protocol-inet", ["arp", "-A", "inet", "-n", "-i", "mv0"]),
    show("protocol-inet6", ["arp", "-A", "inet6"]),
    show("protocol-unknown", ["arp", "-p", "bogus"]),

    # ---- setting entries ---------------------------------------------------------------
    change("set", ["arp", "-s", "198.51.100.60", "02:00:00:00:06:60"]),
    change("set-temp", ["arp", "-s", "198.51.100.61", "02:00:00:00:06:61", "temp"]),
    change("set-pub", ["arp", "-s", "198.51.100.62", "02:00:00:00:06:62", "pub"],
           note="the kernel wants a local device with that address for a proxy entry: ENODEV"),
    change("set-pub-own-mac", ["arp", "-s", "198.51.100.62", "02:00:00:00:0a:01", "pub"],
           note="veth0's own address: a proxy entry on veth0"),
    change("set-netmask-host", ["arp", "-s", "198.51.100.63", "02:00:00:00:0b:01", "netmask",
                                "255.255.255.255", "pub"]),
    change("set-netmask-net", ["arp", "-s", "198.51.100.0", "02:00:00:00:06:64", "netmask",
                               "255.255.255.0", "pub"], note="the kernel refuses proxy networks: EINVAL"),
    change("set-iface", ["arp", "-i", "veth0", "-s", "198.51.100.65", "02:00:00:00:06:65"]),
    change("set-dev", ["arp", "-s", "203.0.113.66", "02:00:00:00:06:66", "dev", "br0"]),
    change("set-replace", ["arp", "-s", "198.51.100.11", "02:00:00:00:06:11"], note="stale entry made permanent"),
    change("set-name", ["arp", "-s", "nobody", "02:00:00:00:06:99", "temp"]),
    change("set-verbose", ["arp", "-v", "-s", "198.51.100.67", "02:00:00:00:06:67"]),
    change("set-bad-hwaddr", ["arp", "-s", "198.51.100.68", "zz:00:00:00:06:68"]),
    change("set-short-hwaddr", ["arp", "-s", "198.51.100.68", "02:00"]),
    change("set-unknown-host", ["arp", "-s", "no-such-host.invalid", "02:00:00:00:06:69"]),
    change("set-missing-hwaddr", ["arp", "-s", "198.51.100.69"]),
    change("set-missing-host", ["arp", "-s"]),
    change("set-bad-flag", ["arp", "-s", "198.51.100.70", "02:00:00:00:06:70", "bogus"]),
    change("set-unreachable", ["arp", "-s", "198.51.100.71", "02:00:00:00:06:71"], lab="empty",
           note="no route to the address: the kernel finds no device"),
    change("set-use-device", ["arp", "-D", "-s", "198.51.100.72", "veth0", "pub"]),
    change("set-use-device-missing", ["arp", "-Ds", "198.51.100.73", "nosuch0", "pub"]),
    change("set-use-device-verbose", ["arp", "-v", "-D", "-s", "198.51.100.74", "br0", "pub"]),

    # ---- deleting entries ---------------------------------------------------------------
    change("delete", ["arp", "-d", "198.51.100.10"]),
    change("delete-name", ["arp", "-d", "bravo"]),
    change("delete-missing", ["arp", "-d", "198.51.100.99"]),
    change("delete-pub", ["arp", "-d", "198.51.100.50", "pub"]),
    change("delete-iface", ["arp", "-i", "br0", "-d", "203.0.113.21"]),
    change("delete-verbose", ["arp", "-v", "-d", "198.51.100.12"]),
    change("delete-unknown-host", ["arp", "-d", "no-such-host.invalid"]),
    change("delete-missing-host", ["arp", "-d"]),
    change("delete-incomplete", ["arp", "--delete", "198.51.100.14"]),
    change("delete-noarp", ["arp", "-d", "198.51.100.16"], note="an entry arp cannot show, it can delete"),

    # ---- entries from a file -------------------------------------------------------------
    change("file", ["arp", "-f", "ethers"], files={"ethers": ETHERS_GOOD}),
    change("file-long-verbose", ["arp", "-v", "--file", "ethers"], files={"ethers": ETHERS_GOOD},
           note="-v echoes every line read, >> first"),
    change("file-bad-lines", ["arp", "-f", "ethers.bad"], files={"ethers.bad": ETHERS_BAD}),
    change("file-bad-flag", ["arp", "-f", "ethers.flag"], files={"ethers.flag": ETHERS_BAD_FLAG},
           note="a bad flag prints the usage and ends arp, mid-file"),
    change("file-missing", ["arp", "-f", "no-such-file"]),
]
