"""ip golden cases: the changing commands (issue 10), gathered by tests/ip/cases.py.

Each case runs in the ip-change lab (tests/ip/labs.py), built afresh before
each of the pair's runs, and is compared on its output, its exit status and
the kernel state it leaves (STATE, dumped with the real ip).  `setup` runs
the steps a case needs before it (with the real ip, before both runs).
"""
from tests.ip.cases import ip

# (not `ip -d link` for the bridge: its gc_timer runs; nor lifetimes that
# count down: cases giving an address a lifetime use LIFETIME_STATE)
STATE = [["ip", "addr"], ["ip", "link"], ["ip", "-d", "link", "show", "type", "veth"],
         ["ip", "route", "show", "table", "all"], ["ip", "-6", "route", "show", "table", "all"],
         ["ip", "rule"], ["ip", "-6", "rule"], ["ip", "neigh", "show", "nud", "all"]]
LIFETIME_STATE = [["ip", "addr", "show", "permanent"], ["ip", "-br", "addr", "show", "dynamic"],
                  ["ip", "-br", "addr", "show", "dynamic", "mngtmpaddr"],
                  ["ip", "-br", "addr", "show", "dynamic", "deprecated"]] + STATE[1:]
# what must hold still across the pair (a fresh lab each run: the devices'
# counters move with their first IPv6 reports, so not -s)
SNAPSHOT = [["ip", "link"], ["ip", "addr"]]


def change(name, words, note="", before=(), **kwargs):
    """A mutating case: `ip WORDS`, after the `before` ip commands."""
    if before:
        kwargs["setup"] = [["ip"] + step.split() for step in before]
    kwargs.setdefault("state", LIFETIME_STATE if "_lft" in words else STATE)
    return ip(name, words, lab="ip-change", note=note, mutates=True, snapshot=SNAPSHOT, **kwargs)


CASES = [
    # ---- address add / change / replace / delete (ipaddr_modify) ------------------------
    change("addr-add", "addr add 203.0.113.5/24 dev veth0"),
    change("addr-add-exists", "addr add 198.51.100.1/24 dev veth0",
           note="the kernel's extended ack: Error: ipv4: Address already assigned. (exit 2)"),
    change("addr-add-host", "addr add 203.0.113.5 dev veth0", note="no /LEN: a /32"),
    change("addr-add-brd-plus-label", "addr add 203.0.113.5/24 brd + dev veth0 label veth0:1"),
    change("addr-add-brd-minus", "addr add 203.0.113.5/24 brd - dev veth0"),
    change("addr-add-brd-scope", "addr add 203.0.113.5/24 broadcast 203.0.113.77 dev veth0 scope link"),
    change("addr-add-brd-plus-31", "addr add 203.0.113.5/31 brd + dev veth0", note="no broadcast for a /31"),
    change("addr-add-loopback", "addr add 127.0.0.2/8 dev lo", note="scope host by default for 127/8"),
    change("addr-add-metric-noprefixroute", "addr add 203.0.113.5/24 dev veth0 metric 77 noprefixroute",
           note="noprefixroute is above the first eight flags: IFA_FLAGS"),
    change("addr-add-v6-lifetimes", "addr add 2001:db8:5::1/64 dev veth0 nodad mngtmpaddr valid_lft 300 "
           "preferred_lft 100"),
    change("addr-add-lft-order", "addr add 2001:db8:5::1/64 dev veth0 valid_lft 100 preferred_lft 300"),
    change("addr-add-lft-zero", "addr add 2001:db8:5::1/64 dev veth0 valid_lft 0"),
    change("addr-add-lft-bad", "addr add 2001:db8:5::1/64 dev veth0 valid_lft soon"),
    change("addr-add-lft-twice", "addr add 203.0.113.5/24 dev veth0 valid_lft 10 valid_lft 20"),
    change("addr-add-v6-flag-on-v4", "addr add 203.0.113.5/24 dev veth0 nodad",
           note="a warning, and the address is added"),
    change("addr-add-readonly-flag", "addr add 203.0.113.5/24 dev veth0 secondary"),
    change("addr-add-no-device", "addr add 203.0.113.5/24 dev nosuch"),
    change("addr-add-no-dev", "addr add 203.0.113.5/24"),
    change("addr-add-dev-missing", "addr add 203.0.113.5/24 dev"),
    change("addr-add-bad-address", "addr add 203.0.113.999/24 dev veth0"),
    change("addr-add-peer", "addr add 203.0.113.5/24 peer 203.0.113.6 dev veth0"),
    change("addr-add-peer-prefix-brd", "addr add 203.0.113.5 peer 203.0.113.6/30 dev veth0 brd +"),
    change("addr-add-v6-brd", "addr add 2001:db8:5::1/64 brd + dev veth0"),
    change("addr-add-bad-scope", "addr add 203.0.113.5/24 dev veth0 scope nosuch"),
    change("addr-add-bad-metric", "addr add 203.0.113.5/24 dev veth0 metric x"),
    change("addr-add-two-locals", "addr add 203.0.113.5/24 203.0.113.6/24 dev veth0"),
    change("addr-add-autojoin", "addr add 224.1.1.1/32 dev veth0 autojoin"),
    change("addr-add-autojoin-unicast", "addr add 203.0.113.5/24 dev veth0 autojoin"),
    change("addr-add-help", "addr add help"),
    change("addr-add-a", "addr a 203.0.113.5/24 dev veth0", note="a is add"),
    change("addr-del", "addr del 203.0.113.5/24 dev veth0", before=["addr add 203.0.113.5/24 dev veth0"]),
    change("addr-del-wildcard", "addr del 203.0.113.5 dev veth0", before=["addr add 203.0.113.5/24 dev veth0"],
           note="IPv4 without /LEN: any length, with a four-line warning"),
    change("addr-del-missing", "addr del 203.0.113.9/24 dev veth0"),
    change("addr-del-primary", "addr del 198.51.100.1/24 dev veth0", note="its route goes too"),
    change("addr-del-v6", "addr del 2001:db8::1/64 dev veth0"),
    change("addr-del-a-d", "a d 2001:db8::1/64 dev veth0", note="ip a d: address delete"),
    change("addr-change-lifetimes", "addr change 198.51.100.1/24 dev veth0 valid_lft 100 preferred_lft 50"),
    change("addr-chg-metric", "addr chg 198.51.100.1/24 dev veth0 metric 5"),
    change("addr-change-missing", "addr change 203.0.113.1/24 dev veth0", note="change does not create"),
    change("addr-replace-new", "addr replace 203.0.113.1/24 dev veth0 label veth0:x"),
    change("addr-replace-brd", "addr replace 198.51.100.1/24 dev veth0 brd 198.51.100.9"),
    change("addr-add-label-foreign", "addr add 203.0.113.5/24 dev veth0 label foo",
           note="the kernel refuses a label not starting with the device's name"),
    change("addr-add-label-long", "addr add 203.0.113.5/24 dev veth0 label veth0:aaaaaaaaaaaaaaaaaaaaaaaa"),
    change("addr-add-anycast", "addr add 203.0.113.5/24 dev veth0 anycast 203.0.113.9"),
    change("addr-add-home-v4", "addr add 203.0.113.5/24 dev veth0 home"),
    change("addr-add-home-optimistic", "addr add 2001:db8:5::1/64 dev veth0 home optimistic"),
    change("addr-add-family-mismatch", "-6 addr add 203.0.113.5/24 dev veth0"),
    change("addr-add-family-mismatch-4", "-4 addr add 2001:db8:5::1/64 dev veth0"),
    change("addr-add-default", "addr add default dev veth0"),
    change("addr-add-bad-length", "addr add 203.0.113.5/33 dev veth0"),
    change("addr-add-netmask", "addr add 203.0.113.5/255.255.255.0 dev veth0"),
    change("addr-add-local-twice", "addr add local 203.0.113.5/24 dev veth0 local 203.0.113.6/24"),
    change("addr-add-zero", "addr add 0.0.0.0/0 dev veth0"),
    change("addr-add-ifindex-name", "addr add 203.0.113.5/24 dev if2", note="ifN: the device of index N"),
    change("addr-add-bridge", "addr add 203.0.113.5/24 dev br0"),
]

# ---- netns add / attach / set / delete / exec ---------------------------------------------
# In the ip-netns lab, whose commands see a /run/netns of its own (blue =
# peer, green = far, red = main, stale: an empty file).  A name a case
# creates is removed before each run (setup) and after the pair (teardown
# would be the same command: the next case's setup does it).
NETNS_STATE = [["ip", "netns", "list"], ["ip", "netns", "list-id"]]
_FORGET = ["sh", "-c", "for n in yellow pink; do ip netns delete $n 2>/dev/null; done; true"]


def netns_change(name, words, note="", **kwargs):
    kwargs.setdefault("setup", [_FORGET])
    return ip(name, words, lab="ip-netns", note=note, mutates=True, state=NETNS_STATE,
              snapshot=[["ip", "netns", "list-id"]], **kwargs)


CASES += [
    netns_change("netns-add", "netns add yellow"),
    netns_change("netns-add-exists", "netns add blue", note="Cannot create namespace file, exit 1"),
    netns_change("netns-add-stale", "netns add stale", note="the file is there (a stale name): exit 1"),
    netns_change("netns-add-missing", "netns add"),
    netns_change("netns-add-invalid", "netns add a/b", note="checked before the command: exit 255"),
    netns_change("netns-add-dot", "netns add .."),
    netns_change("netns-attach-self", "netns attach yellow self",
                 note="get_s32(\"self\") fails: Invalid PID"),
    netns_change("netns-attach-pid-1", "netns attach pink 1", note="the lab's PID 1: main's namespace"),
    netns_change("netns-attach-no-pid", "netns attach pink"),
    netns_change("netns-attach-zero", "netns attach pink 0"),
    netns_change("netns-attach-missing-pid", "netns attach pink 999999",
                 note="Bind /proc/999999/ns/net -> ... failed, the file removed again"),
    netns_change("netns-delete", "netns delete yellow", setup=[_FORGET, ["ip", "netns", "add", "yellow"]]),
    netns_change("netns-delete-missing", "netns delete yellow", note="Cannot remove namespace file, exit 1"),
    netns_change("netns-delete-no-name", "netns delete"),
    netns_change("netns-del-abbreviated", "netns d yellow", setup=[_FORGET, ["ip", "netns", "add", "yellow"]]),
    netns_change("netns-set", "netns set yellow 40", setup=[_FORGET, ["ip", "netns", "add", "yellow"]]),
    netns_change("netns-set-auto", "netns set yellow auto", setup=[_FORGET, ["ip", "netns", "add", "yellow"]]),
    netns_change("netns-set-red", "netns set red 40", note="red is main itself: an id for its own namespace"),
    netns_change("netns-set-green-auto", "netns set green auto", note="green (far) has an id already"),
    netns_change("netns-set-taken", "netns set blue 40", note="blue (peer) has an id already: exit 2"),
    netns_change("netns-set-negative", "netns set blue -1"),
    netns_change("netns-set-bad", "netns set blue x"),
    netns_change("netns-set-no-id", "netns set blue"),
    netns_change("netns-set-missing", "netns set yellow 3", note="Cannot open network namespace, exit 1"),
    netns_change("netns-exec", "netns exec blue ip -br link", note="the real ip, run in blue (peer)"),
    netns_change("netns-exec-status", ["netns", "exec", "green", "sh", "-c", "echo out; echo err >&2; exit 7"],
                 note="ip's exit status is the program's"),
    netns_change("netns-exec-sys", "netns exec green cat /sys/class/net/veth3/address",
                 note="/sys mounted afresh for the namespace"),
    netns_change("netns-exec-no-program", "netns exec blue nosuchprogram",
                 note='exec of "nosuchprogram" failed, exit 1'),
    netns_change("netns-exec-missing", "netns exec yellow true", note="Cannot open network namespace, exit 255"),
    netns_change("netns-exec-stale", "netns exec stale true", note="setns() on a plain file fails"),
    netns_change("netns-exec-no-command", "netns exec blue"),
    netns_change("netns-exec-no-name", "netns exec"),
]

# ---- token set/del, maddress add/del -------------------------------------------------------
TOKEN_STATE = [["ip", "token"], ["ip", "maddr"]] + STATE


def small_change(name, words, note="", **kwargs):
    return change(name, words, note=note, state=TOKEN_STATE, **kwargs)


CASES += [
    small_change("token-set", "token set ::1:2:3:4 dev veth0"),
    small_change("token-set-prefix", "token set ::1:2:3:4/64 dev veth0", note="the length is ignored"),
    small_change("token-add-two-devs", "token add ::5 dev veth0 dev veth1", note="the first dev counts"),
    small_change("token-set-two-tokens", "token set ::1 ::2 dev veth0", note="the first token counts"),
    small_change("token-set-no-token", "token set dev veth0"),
    small_change("token-set-no-dev", "token set ::1"),
    small_change("token-set-no-such-dev", "token set ::1 dev nosuch"),
    small_change("token-set-ipv4", "token set 1.2.3.4 dev veth0"),
    small_change("token-set-lo", "token set ::1:2:3:4 dev lo", note="the kernel refuses loopback"),
    small_change("token-del", "token del dev veth0", before=["token set ::1 dev veth0"]),
    small_change("token-set-help", "token set help"),
    small_change("token-set-dev-missing", "token set ::1 dev"),
    small_change("maddr-add", "maddr add 33:33:00:00:00:77 dev veth0"),
    small_change("maddr-del", "maddr del 33:33:00:00:00:77 dev veth0", before=["maddr add 33:33:00:00:00:77 dev veth0"]),
    small_change("maddr-del-missing", "maddr del 33:33:00:00:00:77 dev veth0", note="ioctl: No such file..."),
    small_change("maddr-add-address-word", "maddr add address 01:00:5e:00:00:07 dev veth0"),
    small_change("maddr-add-short-parts", "maddr add 1:0:5e:0:0:8 dev veth0"),
    small_change("maddr-add-five-bytes", "maddr add 01:00:5e:00:00 dev veth0"),
    small_change("maddr-add-seven-bytes", "maddr add 01:00:5e:00:00:07:09 dev veth0"),
    small_change("maddr-add-fifteen-parts", "maddr add 1:2:3:4:5:6:7:8:9:10:11:12:13:14:15 dev veth0",
                 note="ll_addr_a2n stops at 14 bytes and says 15"),
    small_change("maddr-add-not-hex", "maddr add 0g:00:5e:00:00:07 dev veth0", note="sscanf %x reads the 0"),
    small_change("maddr-add-part-too-big", "maddr add 100:00:5e:00:00:07 dev veth0"),
    small_change("maddr-add-dotted", "maddr add 1.2.3.4 dev veth0", note="4 bytes: wrong length"),
    small_change("maddr-add-no-dev", "maddr add 01:00:5e:00:00:07"),
    small_change("maddr-add-no-such-dev", "maddr add 01:00:5e:00:00:07 dev nosuch"),
    small_change("maddr-add-two-devs", "maddr add 01:00:5e:00:00:07 dev veth0 dev veth1"),
    small_change("maddr-add-two-addresses", "maddr add 01:00:5e:00:00:07 01:00:5e:00:00:08 dev veth0"),
    small_change("maddr-add-zero-first", "maddr add 00:00:5e:00:00:07 01:00:5e:00:00:08 dev veth0",
                 note="a first address starting with 00 is not noticed: the second replaces it"),
    small_change("maddr-add-help", "maddr add help"),
    small_change("maddr-add-bad-ifname", "maddr add 01:00:5e:00:00:07 dev a/b"),
    small_change("maddr-add-inet6", "-6 maddr add 33:33:00:00:00:77 dev veth0", note="an AF_INET6 socket"),
    small_change("maddr-a-lo", "maddr a 01:00:5e:00:00:07 dev lo"),
]

# ---- tcp_metrics delete / flush ----------------------------------------------------------
# in ip-tcpmetrics (entries for 198.51.100.2 from .1 and from .11, 2001:db8:1::2,
# 127.0.0.1), rebuilt before each run; the state is each entry's address and
# source (their ages grow)
TCPM_STATE = [["sh", "-c", "ip tcp_metrics | awk '{print $1, $NF}' | sort"]]


def tcpm_change(name, words, note="", **kwargs):
    return ip(name, words, lab="ip-tcpmetrics-change", note=note, mutates=True, state=TCPM_STATE, **kwargs)


CASES += [
    tcpm_change("tcpmetrics-delete", "tcp_metrics delete 198.51.100.2", note="every source of that address"),
    tcpm_change("tcpmetrics-delete-src", "tcp_metrics delete 198.51.100.2 src 198.51.100.11"),
    tcpm_change("tcpmetrics-remove-v6", "tcpmetrics remove 2001:db8:1::2"),
    tcpm_change("tcpmetrics-delete-address-word", "tcpmetrics delete address 127.0.0.1"),
    tcpm_change("tcpmetrics-delete-prefix", "tcpmetrics delete 198.51.100.0/24"),
    tcpm_change("tcpmetrics-delete-nothing", "tcpmetrics delete"),
    tcpm_change("tcpmetrics-delete-absent", "tcpmetrics delete 203.0.113.9", note="the kernel: exit 2"),
    tcpm_change("tcpmetrics-flush", "tcpmetrics flush", note="one delete without an address"),
    tcpm_change("tcpmetrics-flush-prefix", "tcpmetrics flush 198.51.100.0/24"),
    tcpm_change("tcpmetrics-flush-prefix-stats", "-s tcpmetrics flush 198.51.100.0/24"),
    # (-s -s also prints each entry deleted: its rtt is measured afresh in each
    # run's new lab, so no case of it; the printer is the one `show` cases check)
    tcpm_change("tcpmetrics-flush-inet", "-4 tcpmetrics flush", note="a family: dump and delete"),
    tcpm_change("tcpmetrics-flush-exact", "tcpmetrics flush 127.0.0.1", note="an exact address: one delete"),
    tcpm_change("tcpmetrics-flush-src", "tcpmetrics flush src 198.51.100.11"),
    tcpm_change("tcpmetrics-flush-none", "tcpmetrics flush 203.0.113.0/24", note="Nothing to flush."),
    tcpm_change("tcpmetrics-flush-abbreviated", "tcpm f 2001:db8::/32"),
]

# ---- nexthop add / replace / delete / flush ------------------------------------------------
NEXTHOP_STATE = [["ip", "nexthop"], ["ip", "-d", "nexthop"]] + STATE


def nh_change(name, words, note="", **kwargs):
    return change(name, words, note=note, state=NEXTHOP_STATE, **kwargs)


CASES += [
    nh_change('nh-add-id-1-via-198-51-100-2-dev-veth0', 'nexthop add id 1 via 198.51.100.2 dev veth0'),
    nh_change('nh-add-id-1-via-198-51-100-2-dev-veth0-2', 'nexthop add id 1 via 198.51.100.2 dev veth0', before=['nexthop add id 1 via 198.51.100.2 dev veth0']),
    nh_change('nh-add-id-1-via-198-51-100-2-dev-veth0-o', 'nexthop add id 1 via 198.51.100.2 dev veth0 onlink'),
    nh_change('nh-add-id-1-via-inet-198-51-100-2-dev-ve', 'nexthop add id 1 via inet 198.51.100.2 dev veth0 protocol static'),
    nh_change('nh-add-id-1-via-2001-db8-2-dev-veth0', 'nexthop add id 1 via 2001:db8::2 dev veth0'),
    nh_change('nh-add-id-1-via-inet6-198-51-100-2-dev-v', 'nexthop add id 1 via inet6 198.51.100.2 dev veth0'),
    nh_change('nh-add-id-1-dev-veth0', 'nexthop add id 1 dev veth0'),
    nh_change('nh-add-id-2-blackhole', 'nexthop add id 2 blackhole'),
    nh_change('nh-add-id-10-group-1-2', 'nexthop add id 10 group 1/2', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0']),
    nh_change('nh-add-id-10-group-1-5-2-256', 'nexthop add id 10 group 1,5/2,256', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0']),
    nh_change('nh-add-id-10-group-1-0', 'nexthop add id 10 group 1,0', before=['nexthop add id 1 via 198.51.100.2 dev veth0']),
    nh_change('nh-add-id-10-group-1-257', 'nexthop add id 10 group 1,257', before=['nexthop add id 1 via 198.51.100.2 dev veth0']),
    nh_change('nh-add-id-10-group-x', 'nexthop add id 10 group x'),
    nh_change('nh-add-id-10-group-1-x', 'nexthop add id 10 group 1/x'),
    nh_change('nh-add-id-10-group-1-2-type-resilient-bu', 'nexthop add id 10 group 1/2 type resilient buckets 8 idle_timer 10 unbalanced_timer 20', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0']),
    nh_change('nh-add-id-10-group-1-2-type-mpath', 'nexthop add id 10 group 1/2 type mpath', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0']),
    nh_change('nh-add-id-10-group-1-2-type-resilient-bu-2', 'nexthop add id 10 group 1/2 type resilient buckets x', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0']),
    nh_change('nh-add-id-10-group-1-type-bogus', 'nexthop add id 10 group 1 type bogus', before=['nexthop add id 1 via 198.51.100.2 dev veth0']),
    nh_change('nh-add-id-10-group-1-type-resilient', 'nexthop add id 10 group 1 type resilient', before=['nexthop add id 1 via 198.51.100.2 dev veth0']),
    nh_change('nh-add-id-10-group-1-2-type-resilient-bu-3', 'nexthop add id 10 group 1/2 type resilient buckets 8 protocol 99', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0']),
    nh_change('nh-add-id-1-via-198-51-100-2-dev-nosuch', 'nexthop add id 1 via 198.51.100.2 dev nosuch'),
    nh_change('nh-add-id-x-via-198-51-100-2-dev-veth0', 'nexthop add id x via 198.51.100.2 dev veth0'),
    nh_change('nh-add-id-1-via-198-51-100-2-dev-veth0-b', 'nexthop add id 1 via 198.51.100.2 dev veth0 bogus'),
    nh_change('nh-add-id-1-via-198-51-100-2-dev-veth0-p', 'nexthop add id 1 via 198.51.100.2 dev veth0 protocol nosuch'),
    nh_change('nh-add-help', 'nexthop add help'),
    nh_change('nh-add-id-1-via-198-51-100-9', 'nexthop add id 1 via 198.51.100.9'),
    nh_change('nh-add-id-1-fdb-via-198-51-100-2', 'nexthop add id 1 fdb via 198.51.100.2'),
    nh_change('nh-replace-id-1-via-198-51-100-2-dev-vet', 'nexthop replace id 1 via 198.51.100.2 dev veth0'),
    nh_change('nh-replace-id-1-via-198-51-100-3-dev-vet', 'nexthop replace id 1 via 198.51.100.3 dev veth0', before=['nexthop add id 1 via 198.51.100.2 dev veth0']),
    nh_change('nh-delete-id-1', 'nexthop delete id 1', before=['nexthop add id 1 via 198.51.100.2 dev veth0']),
    nh_change('nh-delete-id-1-2', 'nexthop delete id 1'),
    nh_change('nh-del', 'nexthop del'),
    nh_change('nh-flush', 'nexthop flush', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0', 'nexthop add id 10 group 1/2']),
    nh_change('nh-flush-2', 'nexthop flush'),
    nh_change('nh-flush-protocol-99', 'nexthop flush protocol 99', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0 protocol 99']),
    nh_change('nh-flush-dev-veth0', 'nexthop flush dev veth0', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 blackhole']),
    nh_change('nh-flush-id-1', 'nexthop flush id 1', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0', 'nexthop add id 10 group 1/2']),
    nh_change('nh-flush-id-5', 'nexthop flush id 5'),
    nh_change('nh-flush-groups', 'nexthop flush groups', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 via 198.51.100.3 dev veth0', 'nexthop add id 10 group 1/2']),
    nh_change('nh-6-flush', '-6 nexthop flush', before=['nexthop add id 1 via 198.51.100.2 dev veth0', 'nexthop add id 2 blackhole']),
    nh_change('nh-a-id-3-dev-veth0', 'nexthop a id 3 dev veth0'),
    nh_change('nh-add-id-10-group-1-5-x', 'nexthop add id 10 group 1,5/x'),
]

# ---- ntable change ----------------------------------------------------------------------------
# (each device's "reachable" is drawn at random around base_reachable, and
# refcnt counts the moment's users: both left out of the state)
NTABLE_STATE = [["sh", "-c", "ip ntable | sed -E 's/ reachable [0-9]+//; s/refcnt [0-9]+ //'"]]


def ntable_change(name, words, note="", **kwargs):
    return change(name, words, note=note, state=NTABLE_STATE, **kwargs)


CASES += [
    ntable_change('ntable-change-name-arp-cache-thresh1-64-thre', 'ntable change name arp_cache thresh1 64 thresh2 256 thresh3 512'),
    ntable_change('ntable-change-name-arp-cache-gc-int-60000', 'ntable change name arp_cache gc_int 60000'),
    ntable_change('ntable-change-name-arp-cache-dev-veth0-base', 'ntable change name arp_cache dev veth0 base_reachable 60000 retrans 2000 gc_stale 120000 delay_probe 3000'),
    ntable_change('ntable-change-name-arp-cache-dev-veth0-queue', 'ntable change name arp_cache dev veth0 queue 200 app_probes 1 ucast_probes 4 mcast_probes 5'),
    ntable_change('ntable-change-name-arp-cache-dev-veth0-anyca', 'ntable change name arp_cache dev veth0 anycast_delay 900 proxy_delay 700 proxy_queue 80 locktime 500'),
    ntable_change('ntable-change-name-ndisc-cache-dev-veth0-que', 'ntable change name ndisc_cache dev veth0 queue 33'),
    ntable_change('ntable-change-name-arp-cache-dev-veth0', 'ntable change name arp_cache dev veth0'),
    ntable_change('ntable-change-name-arp-cache', 'ntable change name arp_cache'),
    ntable_change('ntable-change-thresh1-5', 'ntable change thresh1 5'),
    ntable_change('ntable-change-name-nosuch-thresh1-5', 'ntable change name nosuch thresh1 5'),
    ntable_change('ntable-change-name-arp-cache-dev-nosuch-queu', 'ntable change name arp_cache dev nosuch queue 3'),
    ntable_change('ntable-change-name-arp-cache-thresh1-x', 'ntable change name arp_cache thresh1 x'),
    ntable_change('ntable-change-name-arp-cache-thresh1-1', 'ntable change name arp_cache thresh1 -1'),
    ntable_change('ntable-change-name-arp-cache-gc-int-1', 'ntable change name arp_cache gc_int -1'),
    ntable_change('ntable-change-name-arp-cache-bogus-1', 'ntable change name arp_cache bogus 1'),
    ntable_change('ntable-change-name-arp-cache-name-arp-cache', 'ntable change name arp_cache name arp_cache thresh1 1'),
    ntable_change('ntable-chg-name-arp-cache-thresh1-100', 'ntable chg name arp_cache thresh1 100'),
    ntable_change('ntable-change-name-arp-cache-thresh1', 'ntable change name arp_cache thresh1'),
    ntable_change('ntable-6-change-name-arp-cache-thresh1-100', '-6 ntable change name arp_cache thresh1 100'),
    ntable_change('ntable-change-name-arp-cache-queue-999999999', 'ntable change name arp_cache queue 99999999999'),
]
