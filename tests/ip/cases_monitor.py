"""ip golden cases: `ip monitor` (issue 10), gathered by tests/ip/cases.py.

A watching case runs ip monitor in the ip-monitor lab (tests/ip/labs.py,
built afresh before each run), waits until its rtnetlink socket has joined
its groups (READY), runs CHANGES with the real ip while it watches, and
stops it with a signal a second later: ip dies by the signal, as ours.
Both runs see the same events in the same order (same lab, same commands,
the same new device indexes).  -t and -ts print the clock: compared by form
and within the pair's window (tests/harness/volatile.py, ip's
"monitor-timestamp" fields).

`file FILE` reads a stream rtmon (iproute2's) wrote while the same kind of
changes were made (tests/ip/monitordumps/rtmon.log); it is shown in the
empty lab, where its devices are gone (ip asks the kernel for their names
and prints ifN).
"""
import os

from tests.ip.cases import ip

MONITORDUMPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "monitordumps")


def _dump(name):
    with open(os.path.join(MONITORDUMPS, name), "rb") as f:
        return f.read()


# ip monitor has joined its groups: a NETLINK_ROUTE (0) socket in the
# namespace bound to a group (/proc/net/netlink's Groups, the first 32).
READY = [["sh", "-c", "awk '$2 == 0 && $4 != \"00000000\" {found = 1} END {exit !found}' /proc/net/netlink"]]


def _ip(words):
    return ["ip"] + words.split()


# The changes every watching case sees (d1 is a new veth pair, so its
# messages carry new indexes; veth0 is the lab's, for `dev veth0`).
CHANGES = [_ip(words) for words in (
    "link add d1 address 02:00:00:00:6d:11 type veth peer name d1p address 02:00:00:00:6d:12",
    "link set d1 up",
    "addr add 203.0.113.5/24 dev d1",
    "addr add 2001:db8:5::1/64 dev veth0",
    "addr add 203.0.113.77/32 dev veth0",
    "route add 198.51.100.128/25 via 203.0.113.1",
    "route add 2001:db8:77::/64 dev veth0 metric 7",
    "neigh add 203.0.113.9 lladdr 02:00:00:00:00:09 dev d1",
    "neigh add 2001:db8::9 lladdr 02:00:00:00:00:0a dev veth0",
    "rule add pref 100 from 203.0.113.0/24 table 100",
    "-6 rule add pref 101 from 2001:db8:5::/64 table 101",
    "nexthop add id 7 via 198.51.100.2 dev veth0",
    "nexthop del id 7",
    "-6 rule del pref 101",
    "rule del pref 100",
    "neigh del 2001:db8::9 dev veth0",
    "neigh del 203.0.113.9 dev d1",
    "route del 2001:db8:77::/64 dev veth0",
    "route del 198.51.100.128/25",
    "addr del 203.0.113.77/32 dev veth0",
    "addr del 203.0.113.5/24 dev d1",
    "link set d1 down",
    "link del d1",
)]
# in the peer namespace (all-nsid: its events come with [nsid 0])
PEER_CHANGES = [_ip(words) for words in (
    "-n mon-peer addr add 203.0.113.200/32 dev veth1",
    "-n mon-peer route add 192.0.2.0/24 dev veth1",
    "-n mon-peer addr del 203.0.113.200/32 dev veth1",
)]
NSID_CHANGES = [_ip("netns set mon-far 5")]
# a renamed device: ip's cache keeps the name it first saw for the index
RENAME_CHANGES = [_ip(words) for words in (
    "link add d1 address 02:00:00:00:6d:11 type veth peer name d1p address 02:00:00:00:6d:12",
    "link set d1p name d1q",
    "addr add 203.0.113.5/24 dev d1q",
    "link set d1 up",
    "link del d1",
)]


# ip netns monitor: names made and removed in the lab's /run/netns; ready
# once a process of the lab (its own PID namespace) holds an inotify descriptor
NETNS_CHANGES = [_ip("netns add mon-new"), _ip("netns delete mon-new")]
NETNS_READY = [["sh", "-c", "ls -l /proc/[0-9]*/fd 2>/dev/null | grep -q 'anon_inode:inotify'"]]


def watch(name, words, during=CHANGES, stop_signal="SIGINT", note="", ready=READY, **kwargs):
    """ip WORDS watching while `during` runs, stopped by stop_signal a second later."""
    return ip(name, words, lab="ip-monitor", note=note, mutates=True, during=during, ready=ready,
              stop_after=1.0, stop_signal=stop_signal, snapshot=[], **kwargs)


def monitor(name, words, note="", **kwargs):
    """ip monitor that ends by itself (help, a bad word, file FILE)."""
    return ip(name, words, lab="empty", note=note, **kwargs)


CASES = [
    # ---- watching: the objects, the banner, the family, the device ------------------------
    watch("monitor", "monitor", note="every object, no banner; ends by SIGINT"),
    watch("monitor-sigterm", "monitor", stop_signal="SIGTERM"),
    watch("monitor-label", "monitor label", note="[LINK], [ADDR], [ROUTE] ... before each message"),
    watch("monitor-all", "monitor all", note="all is label (and every object)"),
    watch("monitor-link", "monitor link"),
    watch("monitor-address", "monitor address", note="one-line addresses: '3: d1    inet ...'"),
    watch("monitor-route", "monitor route"),
    watch("monitor-neigh", "monitor neigh"),
    watch("monitor-rule", "monitor rule"),
    watch("monitor-nexthop", "monitor nexthop label", note="nexthop's group is 32: NETLINK_ADD_MEMBERSHIP"),
    watch("monitor-netconf", "monitor netconf"),
    watch("monitor-mroute-prefix", "monitor mroute prefix label", note="nothing happens to these"),
    watch("monitor-stats-link", "monitor stats link label", note="stats' group is 36"),
    watch("monitor-nsid", "monitor nsid label", during=NSID_CHANGES),
    watch("monitor-abbreviated", "mon li a r label", note="li: link, a: address, r: route"),
    watch("monitor-two-objects", "monitor route rule label"),
    watch("monitor-4", "-4 monitor label", note="the IPv4 groups only (neigh and link as they are)"),
    watch("monitor-6", "-6 monitor label", note="the IPv6 groups; IPv4 neighbours left out"),
    watch("monitor-dev", "monitor label dev veth0", note="addresses, routes, neighbours of veth0; a "
          "link or address message of another device still prints its banner"),
    watch("monitor-t", "-t monitor address route label"),
    watch("monitor-ts", "-ts monitor address route"),
    watch("monitor-rename", "monitor label", during=RENAME_CHANGES,
          note="after d1p becomes d1q, its address and d1's link still name it d1p (ll_remember_index "
          "never copies a new name)"),
    watch("monitor-all-nsid", "monitor all-nsid label", during=CHANGES[:3] + PEER_CHANGES + CHANGES[-1:],
          note="[nsid current] here, [nsid 0] from the peer namespace"),
    watch("monitor-all-nsid-t", "-ts monitor all-nsid address", during=PEER_CHANGES),
    # ---- ip netns monitor: inotify on the lab's private /run/netns -------------------------
    watch("netns-monitor", "netns monitor", during=NETNS_CHANGES, ready=NETNS_READY,
          note="printf() never flushed: on a pipe the lines die with ip (nothing printed)"),
    watch("netns-monitor-tty", "netns monitor", during=NETNS_CHANGES, ready=NETNS_READY, tty_columns=80,
          note="a terminal: line-buffered, each line as it comes"),
    watch("netns-monitor-sigterm", "netns mon", during=NETNS_CHANGES, ready=NETNS_READY, tty_columns=80,
          stop_signal="SIGTERM"),
    # ---- ends by itself ---------------------------------------------------------------------
    monitor("monitor-help", "monitor help"),
    monitor("monitor-bogus", "monitor bogus"),
    monitor("monitor-stat-abbreviated", "monitor stat", note="stats must be spelt out"),
    monitor("monitor-all-abbreviated", "monitor al", note="al is all-nsid, not all: it watches"
            " (stopped)", stop_after=0.5, stop_signal="SIGTERM"),
    monitor("monitor-dev-missing", "monitor dev"),
    monitor("monitor-dev-nosuch", "monitor dev nosuch", note="invarg with a newline of its own"),
    monitor("monitor-file-missing", "monitor file"),
    monitor("monitor-file-nosuch", "monitor file nosuch.log", note="Cannot fopen: ..., exit 255"),
    monitor("monitor-file", "monitor file rtmon.log", files={"rtmon.log": _dump("rtmon.log")}),
    monitor("monitor-file-label", "monitor file rtmon.log label", files={"rtmon.log": _dump("rtmon.log")}),
    monitor("monitor-file-6", "-6 monitor file rtmon.log", files={"rtmon.log": _dump("rtmon.log")},
            note="a file ignores the groups: all of it, IPv4 neighbours left out"),
    monitor("monitor-file-truncated", "monitor file rtmon.log",
            files={"rtmon.log": _dump("rtmon.log")[:1000]}, note="rtnl-from_file: truncated message, exit 1"),
    monitor("monitor-file-t", "-t monitor file rtmon.log label", files={"rtmon.log": _dump("rtmon.log")[:3000]},
            note="-t: the clock before each message, after rtmon's own stamps"),
]
