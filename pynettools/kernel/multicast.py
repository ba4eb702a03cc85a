"""Multicast group memberships: what `ip maddress` lists.

A device joins link-layer multicast groups (its hardware filter, as
01:00:5e:00:00:01 for IPv4's all-hosts group) and, per protocol, IP groups
(224.0.0.1, ff02::1, the solicited-node groups ff02::1:ffXX:XXXX of its IPv6
addresses).  The kernel shows each list in a procfs file; ip 6.1 has no
netlink for them and reads the three files (ipmaddr.c read_dev_mcast,
read_igmp, read_igmp6):

  /proc/net/dev_mcast  "IDX NAME USERS GLOBAL HEXADDR" per link-layer group
                       (GLOBAL: added with SIOCADDMULTI, ip calls it "static")
  /proc/net/igmp       a header, then per device "IDX\\tNAME: COUNT QUERIER"
                       followed by one tab-indented line per group:
                       "\\t\\t\\t\\tGROUP USERS TIMER REPORTER", GROUP being the
                       address's four bytes in memory order printed as one
                       hex number (224.0.0.1 reads 010000E0 on little-endian)
  /proc/net/igmp6      "IDX NAME HEXADDR USERS FLAGS TIMER" per group

Each reader returns [(ifindex, name, family, address bytes, users, static)]
in file order; ip sorts them by interface index (stably) itself.
"""
import struct

AF_INET, AF_INET6, AF_PACKET = 2, 10, 17

_U32 = struct.Struct("=I")


def _text(kernel, path):
    try:
        return kernel.read_text(path)
    except OSError:  # ip skips a file it cannot open
        return ""


def _hex_bytes(text):
    """ipmaddr.c parse_hex(): pairs of hex digits; None when a digit is odd or bad."""
    if len(text) % 2:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def _int(word):
    """sscanf %d of one word (0 when it is not a number, as the zeroed struct keeps)."""
    try:
        return int(word)
    except ValueError:
        return 0


def dev_mcast(kernel):
    """The link-layer groups of /proc/net/dev_mcast."""
    found = []
    for line in _text(kernel, "/proc/net/dev_mcast").split("\n"):
        words = line.split()
        if len(words) < 5:
            continue
        data = _hex_bytes(words[4])
        if data is None:
            continue
        found.append((_int(words[0]), words[1], AF_PACKET, data, _int(words[2]), _int(words[3]) != 0))
    return found


def igmp(kernel):
    """The IPv4 groups of /proc/net/igmp, each under the device line before it."""
    found = []
    index, name = 0, ""
    lines = _text(kernel, "/proc/net/igmp").split("\n")
    for line in lines[1:]:  # the first line is the header
        if not line:
            continue
        if line[0] != "\t":
            words = line.split()
            index, name = _int(words[0]), words[1] if len(words) > 1 else ""
            if name.endswith(":"):  # names of 10 characters or more touch the colon
                name = name[:-1]
            continue
        words = line.split()
        if len(words) < 2:
            continue
        group = int(words[0][:8], 16)
        # the kernel printed the __be32 as a host-order number: back to its bytes
        found.append((index, name, AF_INET, _U32.pack(group), _int(words[1]), False))
    return found


def igmp6(kernel):
    """The IPv6 groups of /proc/net/igmp6."""
    found = []
    for line in _text(kernel, "/proc/net/igmp6").split("\n"):
        words = line.split()
        if len(words) < 4:
            continue
        data = _hex_bytes(words[2])
        if data is None:
            continue
        found.append((_int(words[0]), words[1], AF_INET6, data, _int(words[3]), False))
    return found
