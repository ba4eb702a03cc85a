"""The routing tables as net-tools reads them: /proc/net/route and /proc/net/ipv6_route.

route (and netstat -r) never ask rtnetlink: they read the kernel's text
files.  What the kernel writes there, and what it leaves out:

  /proc/net/route     the IPv4 main table only (fib_route_seq_show): one
                      line per route, padded to 127 characters, tab-separated:
                      Iface Destination Gateway Flags RefCnt Use Metric Mask
                      MTU Window IRTT.  Addresses are the 32-bit value as the
                      CPU sees it, %08X (so on little-endian machines the
                      bytes appear reversed: 10.1.0.0 is 0000010A).  Flags
                      are RTF_* (U 0x1, G 0x2, H 0x4, ! 0x200 for unreachable
                      and prohibit); a blackhole route shows device "*";
                      RefCnt and Use are always 0 on current kernels, MTU is
                      the advmss metric, IRTT the rtt metric.  Local,
                      broadcast and other tables' routes are not listed.
  /proc/net/ipv6_route  every IPv6 route of every table (rt6_info), one line:
                      dest plen src slen nexthop (32 hex digits each, bytes
                      in network order; plen/slen %02x) metric refcnt use
                      flags (%08x each) device (%8s).
  /proc/net/rt_cache  only a header since Linux 3.6 (the IPv4 route cache is
                      gone); net-tools still prints its title and columns.

Everything goes through the kernel seam (read_text), so it can be recorded
and replayed.  Nothing here prints; OSError comes back as the kernel gives it.
"""

PROC_NET_ROUTE = "/proc/net/route"
PROC_NET_IPV6_ROUTE = "/proc/net/ipv6_route"
PROC_NET_RT_CACHE = "/proc/net/rt_cache"

# <net/route.h> and <linux/ipv6_route.h>
RTF_UP = 0x0001
RTF_GATEWAY = 0x0002
RTF_HOST = 0x0004
RTF_REINSTATE = 0x0008
RTF_DYNAMIC = 0x0010
RTF_MODIFIED = 0x0020
RTF_MTU = 0x0040
RTF_WINDOW = 0x0080
RTF_IRTT = 0x0100
RTF_REJECT = 0x0200
RTF_NOTCACHED = 0x0400
RTF_DEFAULT = 0x00010000
RTF_ALLONLINK = 0x00020000
RTF_ADDRCONF = 0x00040000
RTF_NONEXTHOP = 0x00200000
RTF_EXPIRES = 0x00400000
RTF_CACHE = 0x01000000
RTF_FLOW = 0x02000000
RTF_POLICY = 0x04000000
RTF_LOCAL = 0x80000000


def read_ipv4_routes(kernel):
    """[(iface, dest, gateway, flags, refcnt, use, metric, mask, mtu, window, irtt)]:
    the rows of /proc/net/route, fields as text (addresses still in hex), as
    fgets() + sscanf("%15s %127s %127s %X %d %d %u %127s %d %d %d") would split
    them; the header line is skipped, rows with fewer than 11 words are kept
    short (the caller decides, as net-tools skips rows with fewer than 10)."""
    return ipv4_route_rows(read_ipv4_route_text(kernel))


def read_ipv4_route_text(kernel):
    """The text of /proc/net/route (OSError when it cannot be read)."""
    return kernel.read_text(PROC_NET_ROUTE, unit="routes", header_lines=1)


def ipv4_route_rows(text):
    """The rows of /proc/net/route's text, each split into its words (header skipped)."""
    lines = text.split("\n")
    return [line.split() for line in lines[1:] if line]


def read_ipv6_routes(kernel):
    """The rows of /proc/net/ipv6_route, each split into its 10 words."""
    text = kernel.read_text(PROC_NET_IPV6_ROUTE, unit="routes")
    return [line.split() for line in text.split("\n") if line]


def read_rt_cache_text(kernel):
    """The text of /proc/net/rt_cache (a header only on current kernels)."""
    return kernel.read_text(PROC_NET_RT_CACHE, unit="entries", header_lines=1)


def hex_to_inet(word):
    """A /proc/net/route address word (%08X of the CPU's view) -> 4 network-order bytes.

    net-tools' INET_getsock() reads the hex digits as bytes in memory order
    and byte-swaps the result, which on a little-endian machine gives back
    the network-order address; struct's native order does the same here.
    """
    import struct

    return struct.pack("=I", int(word, 16) & 0xFFFFFFFF)
