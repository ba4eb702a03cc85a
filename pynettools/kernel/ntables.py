"""Neighbour table parameters over rtnetlink: what `ip ntable` reads.

Each neighbour table (arp_cache for IPv4, ndisc_cache for IPv6) has
machine-wide settings and counters, and a set of parameters per device
(the defaults, then one set for each device of the namespace): how long an
entry stays REACHABLE (base_reachable, and `reachable`, the kernel's random
pick between half and one and a half times it, drawn again every five
minutes), how often it is probed, how many packets wait for an answer...
These are the /proc/sys/net/ipv4/neigh/DEV/* settings.

An RTM_GETNEIGHTBL dump (struct ndtmsg: the family) answers with one
RTM_NEWNEIGHTBL per table and parameter set.  The first message of a
table carries the table's own attributes: NDTA_THRESH1-3, NDTA_GC_INTERVAL,
NDTA_CONFIG (struct ndt_config: sizes, entries, times since the last flush
and the last random pick, hash details) and NDTA_STATS (struct ndt_stats:
allocations, lookups, hits, garbage-collector runs...), then its default
NDTA_PARMS; the following messages hold NDTA_NAME and one device's
NDTA_PARMS (nested NDTPA_* attributes, NDTPA_IFINDEX naming the device).
NDTA_CONFIG and NDTA_STATS describe the table, which every namespace
shares: their numbers move with what any namespace on the machine does.

Records: (family, {NDTA_*: payload}, {NDTPA_*: payload} or None).
"""
import struct

from pynettools.kernel import netlink, rtnl

NDTMSG = struct.Struct("=Bxxx")
NDTA_NAME, NDTA_THRESH1, NDTA_THRESH2, NDTA_THRESH3 = 1, 2, 3, 4
NDTA_CONFIG, NDTA_PARMS, NDTA_STATS, NDTA_GC_INTERVAL = 5, 6, 7, 8
NDTPA_IFINDEX, NDTPA_REFCNT, NDTPA_REACHABLE_TIME, NDTPA_BASE_REACHABLE_TIME = 1, 2, 3, 4
NDTPA_RETRANS_TIME, NDTPA_GC_STALETIME, NDTPA_DELAY_PROBE_TIME, NDTPA_QUEUE_LEN = 5, 6, 7, 8
NDTPA_APP_PROBES, NDTPA_UCAST_PROBES, NDTPA_MCAST_PROBES, NDTPA_ANYCAST_DELAY = 9, 10, 11, 12
NDTPA_PROXY_DELAY, NDTPA_PROXY_QLEN, NDTPA_LOCKTIME = 13, 14, 15

# struct ndt_config: key_len, entry_size, entries, last_flush, last_rand,
# hash_rnd, hash_mask, hash_chain_gc, proxy_qlen
NDT_CONFIG = struct.Struct("=HHIIIIIII")
# struct ndt_stats: eleven u64 counters
NDT_STATS = struct.Struct("=11Q")


def dump(kernel, family=0):
    """ip's rtnl_neightbldump_req(): every table and parameter set, in the kernel's order."""
    records = []
    for buf, offset, length in rtnl.dump(kernel, rtnl.RTM_GETNEIGHTBL, NDTMSG.pack(family),
                                         "neightbl dump").messages(16 + NDTMSG.size):
        if struct.unpack_from("=H", buf, offset + 4)[0] != rtnl.RTM_NEWNEIGHTBL:
            continue
        attrs = netlink.attributes(buf, offset + 16 + NDTMSG.size, offset + length)
        parms = attrs.get(NDTA_PARMS)
        records.append((buf[offset + 16], attrs, netlink.nested_attributes(parms) if parms is not None else None))
    return records
