"""Golden cases for arp (net-tools 2.10).

Most run in the "arp" lab (tests/lab/topology.py): a neighbour table with an
entry in every state the kernel keeps still, on a veth, a bridge, a macvlan
and a tap, two proxy entries, names for some addresses in the namespace's
/etc/hosts, and "labnet" = 203.0.113.0 in its /etc/networks.  The "empty"
lab has only loopback.  Cases that change the table (-s, -d, -f) have
mutates=True: the table is reset before each run and compared afterwards.
The kernel keeps no trace of some request fields (the trail and auto flags,
for one); tests/arp/test_arp_requests.py compares the requests themselves.
"""
from tests.harness.cases import Case
from tests.lab import topology

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


def arp_lab_with_etc_ethers(text):
    """The arp lab, with `text` as its /etc/ethers (None: no /etc/ethers at all).

    `arp -f` without a file reads /etc/ethers.  `ip netns exec` binds each
    file of /etc/netns/NS over the /etc file of that name, but only over one
    that exists (else it prints "Bind ... failed" and binds nothing), and
    Debian ships no /etc/ethers.  So this lab runs in a PID namespace, and
    with it a mount namespace, of its own (spec "pid_namespace"), and as it
    comes up a helper (a socket holder with one "run" command and no
    sockets, in the peer namespace, whose /etc/netns has no ethers to bind)
    lays a read-only overlay over /etc in that mount namespace.  Its top
    layer, a tmpfs, holds an empty ethers for `ip netns exec` to bind the
    lab's file onto, or, for None, a whiteout (a 0/0 character device) that
    hides the machine's own /etc/ethers, if it has one.  The machine's /etc
    is never written to or mounted on; all of it goes with the lab.  The
    helper mounts nothing unless PID 1 is the lab's `sleep infinity`: were
    it ever started outside the lab's PID namespace, `nsenter -t 1` would
    lead into the machine's own mount namespace.
    """
    spec = topology.arp()
    if text is None:
        top = "mknod /mnt/ethers c 0 0"
    else:
        top = "touch /mnt/ethers"
        spec["etc"].setdefault("main", {})["ethers"] = text
    overlay = ("test \"$(tr '\\0' ' ' </proc/1/cmdline)\" = 'sleep infinity ' && mount -t tmpfs pnt-etc /mnt && "
               + top + " && mount -t overlay pnt-etc -o ro,lowerdir=/mnt:/etc /etc")
    spec["pid_namespace"] = True
    spec["holders"] = [{"ns": "peer", "comm": "etc-overlay", "private_tmp": False,
                        "sockets": [{"kind": "run", "argv": ["nsenter", "-t", "1", "-m", "sh", "-c", overlay]}]}]
    return spec


ETHERS_DEFAULT = """\
# the lab's /etc/ethers
02:00:00:00:0f:21 198.51.100.121
198.51.100.122 02:00:00:00:0f:22 temp trail
02:00:00:00:0f:23 alpha
198.51.100.124 02:00:00:00:0f:24 dontpub
"""

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

ETHERS_FLAGS = """\
# the flag words, as arp -s takes them after the address
198.51.100.81 02:00:00:00:0f:01 trail
198.51.100.82 02:00:00:00:0f:02 auto temp
198.51.100.83 02:00:00:00:0f:03 priv
198.51.100.84 02:00:00:00:0a:01 pub dontpub
198.51.100.85 02:00:00:00:0f:05 dontpub
02:00:00:00:0a:01 198.51.100.86 pub priv trail auto
198.51.100.87 02:00:00:00:0a:01 trail pub netmask 255.255.255.255
198.51.100.88 02:00:00:00:0f:08 auto netmask 255.255.255.0
198.51.100.89 02:00:00:00:0f:09 priv pub dontpub trail auto temp dev veth0
"""

# NET/ROM callsigns (no ":", so no line is taken for "hwaddr host"); the
# kernel takes a NET/ROM address (type 0) on a named device as the device's own type
ETHERS_NETROM = """\
198.51.100.91 N0CALL dev veth0
198.51.100.92 AB1CDE-15 temp
198.51.100.93 N0C@LL
198.51.100.94 N0CALL-2 pub
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
    show("hw-help", ["arp", "-H", "help"], note="no list of types: help is just an unknown type"),
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

    # ---- flag words ------------------------------------------------------------------------
    # The kernel keeps only PERM, COM and PUBL; it refuses DONTPUB (and NETMASK)
    # without PUBL, and ignores trail (ATF_USETRAILERS) and auto (ATF_MAGIC).
    change("set-trail", ["arp", "-s", "198.51.100.60", "02:00:00:00:06:60", "trail"]),
    change("set-auto", ["arp", "-s", "198.51.100.60", "02:00:00:00:06:60", "auto"]),
    change("set-priv", ["arp", "-s", "198.51.100.60", "02:00:00:00:06:60", "priv"]),
    change("set-dontpub", ["arp", "-s", "198.51.100.60", "02:00:00:00:06:60", "dontpub"],
           note="dontpub without pub: EINVAL"),
    change("set-trail-temp-verbose", ["arp", "-v", "-s", "198.51.100.60", "02:00:00:00:06:60", "trail", "temp"]),
    change("set-temp-auto-dontpub-trail", ["arp", "-s", "198.51.100.64", "02:00:00:00:06:64", "temp", "auto",
                                           "dontpub", "trail"]),
    change("set-auto-dev", ["arp", "-s", "203.0.113.66", "02:00:00:00:06:66", "auto", "dev", "br0"]),
    change("set-pub-priv", ["arp", "-s", "198.51.100.62", "02:00:00:00:0a:01", "pub", "priv"],
           note="priv after pub: a plain entry"),
    change("set-priv-pub", ["arp", "-s", "198.51.100.62", "02:00:00:00:0a:01", "priv", "pub"],
           note="pub after priv: a proxy entry"),
    change("set-pub-dontpub", ["arp", "-s", "198.51.100.62", "02:00:00:00:0a:01", "pub", "dontpub"]),
    change("set-pub-auto-trail", ["arp", "-s", "198.51.100.62", "02:00:00:00:0a:01", "pub", "auto", "trail"]),
    change("set-pub-every-word", ["arp", "-s", "198.51.100.62", "02:00:00:00:0a:01", "pub", "trail", "dontpub",
                                  "auto", "netmask", "255.255.255.255"]),
    change("set-netmask-trail", ["arp", "-s", "198.51.100.63", "02:00:00:00:06:63", "netmask", "255.255.255.0",
                                 "trail"], note="a netmask without pub: EINVAL"),

    # ---- other hardware types (-H/-t) ------------------------------------------------------
    # Each type reads its own address syntax; the kernel wants a set's type
    # to be its device's (ether here) and finds a proxy entry's device by
    # type and address.  tr, ieee1394 and infiniband are not in Debian's build.
    # (dlci and irda have no reader: net-tools calls it anyway and dies of
    # SIGSEGV, which a golden exit status cannot hold.)
    change("set-hw-t-ether", ["arp", "-t", "ether", "-s", "198.51.100.75", "02:00:00:00:07:75"]),
    change("set-hw-arcnet", ["arp", "-H", "arcnet", "-s", "198.51.100.75", "75"], note="not the device's type: EINVAL"),
    change("set-hw-arcnet-bad", ["arp", "-H", "arcnet", "-s", "198.51.100.75", "7"], note="two hex digits or nothing"),
    change("set-hw-arcnet-pub", ["arp", "-H", "arcnet", "-s", "198.51.100.75", "75", "pub"],
           note="no ARCnet device has that address: ENODEV"),
    change("set-hw-arcnet-pub-dev", ["arp", "-H", "arcnet", "-s", "198.51.100.75", "75", "pub", "dev", "veth0"]),
    change("set-hw-fddi", ["arp", "-H", "fddi", "-s", "198.51.100.75", "02:00:00:00:07:75"]),
    change("set-hw-fddi-dashes", ["arp", "-H", "fddi", "-s", "198.51.100.75", "02-00-00-00-07-75"],
           note="FDDI prints with dashes but reads only colons"),
    change("set-hw-fddi-short-bytes", ["arp", "-H", "fddi", "-s", "198.51.100.75", "2:0:0:0:7:75"]),
    change("set-hw-hippi-iface", ["arp", "-H", "hippi", "-i", "veth0", "-s", "198.51.100.75", "02:00:00:00:07:75"]),
    change("set-hw-hippi-bad", ["arp", "-H", "hippi", "-s", "198.51.100.75", "02:00:00:00:07:7g"]),
    change("set-hw-ax25", ["arp", "-H", "ax25", "-s", "198.51.100.75", "n0call-7"]),
    change("set-hw-ax25-bad", ["arp", "-H", "ax25", "-s", "198.51.100.75", "N0C@LL"]),
    change("set-hw-ax25-long", ["arp", "-H", "ax25", "-s", "198.51.100.75", "N0CALLSIGN"]),
    change("set-hw-ax25-pub-dev", ["arp", "-H", "ax25", "-s", "198.51.100.75", "N0CALL-7", "pub", "dev", "veth0"]),
    change("set-hw-ax25-use-device", ["arp", "-H", "ax25", "-Ds", "198.51.100.75", "veth0", "pub"],
           note="the device is Ethernet: protocol type mismatch"),
    change("set-hw-netrom", ["arp", "-H", "netrom", "-s", "198.51.100.76", "N0CALL"]),
    change("set-hw-netrom-dev", ["arp", "-H", "netrom", "-s", "198.51.100.76", "N0CALL-3", "dev", "veth0"],
           note="type 0 on a named device is the device's type: an Ethernet entry 9c:60:86:82:98:98"),
    change("set-hw-netrom-iface-verbose", ["arp", "-v", "-H", "netrom", "-i", "br0", "-s", "203.0.113.76",
                                           "ab1cde-15", "temp"]),
    change("set-hw-netrom-pub-dev", ["arp", "-H", "netrom", "-s", "198.51.100.76", "N0CALL", "pub", "dev", "veth0"]),
    change("set-hw-netrom-bad", ["arp", "-H", "netrom", "-s", "198.51.100.76", "N0C@LL"]),
    change("set-hw-netrom-long", ["arp", "-H", "netrom", "-s", "198.51.100.76", "N0CALLS"]),
    change("set-hw-rose", ["arp", "-H", "rose", "-s", "198.51.100.75", "1234567890"]),
    change("set-hw-rose-bad", ["arp", "-H", "rose", "-s", "198.51.100.75", "12345"], note="ten digits or nothing"),
    change("set-hw-ash", ["arp", "-H", "ash", "-s", "198.51.100.75", "1:2:f"]),
    change("set-hw-ash-bad", ["arp", "-H", "ash", "-s", "198.51.100.75", "1;2"],
           note="Malformed Ash address, with no newline"),
    change("set-hw-x25", ["arp", "-H", "x25", "-s", "198.51.100.75", "2342/3"]),
    change("set-hw-x25-long", ["arp", "-H", "x25", "-s", "198.51.100.75", "1234567890123456"]),
    change("set-hw-x25-sigdigits", ["arp", "-H", "x25", "-s", "198.51.100.75", "123/9"]),
    change("set-hw-eui64", ["arp", "-H", "eui64", "-s", "198.51.100.75", "02:00:00:ff:fe:00:07:75"]),
    change("set-hw-eui64-bad", ["arp", "-H", "eui64", "-s", "198.51.100.75", "02:00:00:ff:fe:00:07:7x"]),
    change("set-hw-eui64-pub-dev-netmask", ["arp", "-H", "eui64", "-s", "203.0.113.75", "02:00:00:ff:fe:00:07:75",
                                            "pub", "dev", "br0", "netmask", "255.255.255.255"]),
    change("set-hw-tunnel", ["arp", "-H", "tunnel", "-s", "198.51.100.75", "x"]),
    change("set-hw-tr", ["arp", "-H", "tr", "-s", "198.51.100.75", "02:00:00:00:07:75"]),
    change("set-hw-ieee1394", ["arp", "-H", "ieee1394", "-s", "198.51.100.75", "02:00:00:00:07:75"]),
    change("set-hw-infiniband", ["arp", "-t", "infiniband", "-s", "198.51.100.75", "02:00:00:00:07:75"]),
    change("set-loopback", ["arp", "-s", "127.0.0.9", "02:00:00:00:07:75", "dev", "lo"],
           note="lo is not Ethernet: EINVAL"),

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
    change("delete-trail", ["arp", "-d", "198.51.100.10", "trail"]),
    change("delete-dontpub", ["arp", "-d", "198.51.100.10", "dontpub"], note="dontpub without pub: EINVAL"),
    change("delete-auto-verbose", ["arp", "-v", "-d", "198.51.100.10", "auto"]),
    change("delete-priv-proxy", ["arp", "-d", "198.51.100.50", "priv"], note="priv: the proxy entry is not tried"),

    # ---- entries from a file -------------------------------------------------------------
    change("file", ["arp", "-f", "ethers"], files={"ethers": ETHERS_GOOD}),
    change("file-long-verbose", ["arp", "-v", "--file", "ethers"], files={"ethers": ETHERS_GOOD},
           note="-v echoes every line read, >> first"),
    change("file-bad-lines", ["arp", "-f", "ethers.bad"], files={"ethers.bad": ETHERS_BAD}),
    change("file-bad-flag", ["arp", "-f", "ethers.flag"], files={"ethers.flag": ETHERS_BAD_FLAG},
           note="a bad flag prints the usage and ends arp, mid-file"),
    change("file-missing", ["arp", "-f", "no-such-file"]),
    change("file-flags", ["arp", "-f", "ethers.flags"], files={"ethers.flags": ETHERS_FLAGS}),
    change("file-flags-verbose", ["arp", "-v", "-f", "ethers.flags"], files={"ethers.flags": ETHERS_FLAGS}),
    change("file-hw-netrom", ["arp", "-H", "netrom", "-f", "ethers.netrom"], files={"ethers.netrom": ETHERS_NETROM}),
    change("file-default", ["arp", "-f"], lab=arp_lab_with_etc_ethers(ETHERS_DEFAULT),
           note="no file named: /etc/ethers (the lab's; see arp_lab_with_etc_ethers)"),
    change("file-default-verbose", ["arp", "-v", "-f"], lab=arp_lab_with_etc_ethers(ETHERS_DEFAULT)),
    change("file-default-missing", ["arp", "-f"], lab=arp_lab_with_etc_ethers(None),
           note="no /etc/ethers: cannot open etherfile /etc/ethers !"),
]
