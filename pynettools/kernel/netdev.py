"""Network devices the way net-tools sees them (ifconfig; netstat -i can share it).

net-tools' lib/interface.c never asks rtnetlink.  It puts together:

  read   /proc/net/dev          every device with its counters, one line each:
                                "  name: rx bytes packets errs drop fifo frame
                                compressed multicast tx bytes packets errs drop
                                fifo colls carrier compressed"
  ioctl  SIOCGIFCONF            the devices holding IPv4 addresses, by label
                                (so aliases such as eth0:1 appear too)
  ioctl  SIOCGIFFLAGS, SIOCGIFHWADDR, SIOCGIFMTU, SIOCGIFMAP, SIOCGIFTXQLEN
                                one device's flags, hardware address (with its
                                ARPHRD type), MTU, I/O map and queue length
  ioctl  SIOCGIFADDR, SIOCGIFDSTADDR, SIOCGIFBRDADDR, SIOCGIFNETMASK
                                its (first, or the label's) IPv4 address,
                                peer, broadcast and netmask
  read   /proc/net/if_inet6     every IPv6 address: address, ifindex, prefix
                                length, scope, flags, device

and changes devices with the matching SIOCS* ioctls (struct ifreq: a
16-byte name and a 24-byte union), IPv6 addresses with SIOCSIFADDR /
SIOCDIFADDR on an AF_INET6 socket (struct in6_ifreq: address, prefix
length, ifindex).  Everything goes through the kernel seam; SIOCGIFCONF
passes a pointer, so it is recorded as a lookup of the names it returned.
Nothing here prints; a refused ioctl is an OSError with the kernel's errno.
"""
import struct

PROC_NET_DEV = "/proc/net/dev"
PROC_NET_IF_INET6 = "/proc/net/if_inet6"

AF_INET = 2
AF_INET6 = 10
IFNAMSIZ = 16

# <linux/sockios.h>
SIOCGIFCONF = 0x8912
SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
SIOCGIFADDR = 0x8915
SIOCSIFADDR = 0x8916
SIOCGIFDSTADDR = 0x8917
SIOCSIFDSTADDR = 0x8918
SIOCGIFBRDADDR = 0x8919
SIOCSIFBRDADDR = 0x891A
SIOCGIFNETMASK = 0x891B
SIOCSIFNETMASK = 0x891C
SIOCGIFMTU = 0x8921
SIOCSIFMTU = 0x8922
SIOCSIFNAME = 0x8923
SIOCSIFHWADDR = 0x8924
SIOCGIFHWADDR = 0x8927
SIOCGIFINDEX = 0x8933
SIOCDIFADDR = 0x8936
SIOCGIFTXQLEN = 0x8942
SIOCSIFTXQLEN = 0x8943
SIOCGIFMAP = 0x8970
SIOCSIFMAP = 0x8971

# <net/if.h>
IFF_UP = 0x1
IFF_BROADCAST = 0x2
IFF_DEBUG = 0x4
IFF_LOOPBACK = 0x8
IFF_POINTOPOINT = 0x10
IFF_NOTRAILERS = 0x20
IFF_RUNNING = 0x40
IFF_NOARP = 0x80
IFF_PROMISC = 0x100
IFF_ALLMULTI = 0x200
IFF_MASTER = 0x400
IFF_SLAVE = 0x800
IFF_MULTICAST = 0x1000
IFF_PORTSEL = 0x2000
IFF_AUTOMEDIA = 0x4000
IFF_DYNAMIC = 0x8000

_NAMES = {}


def ifname_bytes(name):
    """A device name as struct ifreq holds it: at most 15 bytes, NUL-padded to 16."""
    raw = _NAMES.get(name)
    if raw is None:
        raw = name.encode("utf-8", "surrogateescape")[:IFNAMSIZ - 1]
        raw = _NAMES[name] = raw + bytes(IFNAMSIZ - len(raw))
    return raw


def ifreq(name, data=b""):
    """struct ifreq (40 bytes): the name, then `data` at the union, zero-padded."""
    return ifname_bytes(name) + data + bytes(24 - len(data))


def ifreq_ioctl(kernel, what, request, name, data=b"", family=AF_INET):
    """One SIOC* ioctl on a struct ifreq; the 24 bytes of the union it returns."""
    reply = kernel.ioctl(what, request, ifreq(name, data), family, name)
    return bytes(reply[IFNAMSIZ:IFNAMSIZ + 24])


# ---- /proc/net/dev -------------------------------------------------------------

class DevStats:
    """The counters of one /proc/net/dev line (struct user_net_device_stats)."""
    __slots__ = ("rx_bytes", "rx_packets", "rx_errors", "rx_dropped", "rx_fifo_errors",
                 "rx_frame_errors", "rx_compressed", "rx_multicast", "tx_bytes", "tx_packets",
                 "tx_errors", "tx_dropped", "tx_fifo_errors", "collisions", "tx_carrier_errors",
                 "tx_compressed")

    def __init__(self, values):
        for slot, value in zip(self.__slots__, values):
            setattr(self, slot, value)


def read_proc_net_dev(kernel, target=None):
    """[(name, DevStats)] in file order, as lib/interface.c's if_readlist_proc
    reads them (stopping after `target` when one is given).  OSError when the
    file cannot be read."""
    text = kernel.read_text(PROC_NET_DEV, unit="devices", header_lines=2)
    lines = text.split("\n")
    header = lines[1] if len(lines) > 1 else ""
    if "compressed" in header:
        version = 3
    elif "bytes" in header:
        version = 2
    else:
        version = 1
    devices = []
    for line in lines[2:]:
        if not line:
            continue
        name, rest = _get_name(line)
        values = [_ulong(word) for word in rest.split()[:16]]
        devices.append((name, DevStats(_by_version(values, version))))
        if target is not None and name == target:
            break
    return devices


def _by_version(values, version):
    values = values + [0] * (16 - len(values))
    if version == 3:
        return values
    if version == 2:  # no compressed or multicast columns
        v = values
        return [v[0], v[1], v[2], v[3], v[4], v[5], 0, 0, v[6], v[7], v[8], v[9], v[10], v[11], v[12], 0]
    v = values  # packets only
    return [0, v[0], v[1], v[2], v[3], v[4], 0, 0, 0, v[5], v[6], v[7], v[8], v[9], v[10], 0]


def _ulong(word):
    try:
        return int(word) & 0xFFFFFFFFFFFFFFFF
    except ValueError:
        return 0


def _get_name(line):
    """lib/interface.c get_name(): the device name before its ':' (an alias's
    "eth0:1:" keeps its digits), at most 15 bytes; (name, rest of the line)."""
    p = 0
    end = len(line)
    while p < end and line[p] in " \t\n\v\f\r":
        p += 1
    name = []
    while p < end and line[p] not in " \t\n\v\f\r" and len(name) < IFNAMSIZ - 1:
        if line[p] == ":":
            dot = p
            p += 1
            while p < end and line[p].isdigit():
                p += 1
            if p < end and line[p] == ":":
                p = dot
                name.append(line[p])
                p += 1
                while p < end and line[p].isdigit() and len(name) < IFNAMSIZ - 1:
                    name.append(line[p])
                    p += 1
            else:
                p = dot
            if p < end and line[p] == ":":
                p += 1
            break
        name.append(line[p])
        p += 1
    return "".join(name), line[p:]


# ---- /proc/net/if_inet6 ---------------------------------------------------------

def read_if_inet6(kernel):
    """[(16 address bytes, ifindex, prefix length, scope, flags, device)] in file order."""
    text = kernel.read_text(PROC_NET_IF_INET6, unit="addresses")
    addresses = []
    for line in text.split("\n"):
        words = line.split()
        if len(words) < 6:
            continue
        addresses.append((bytes.fromhex(words[0]), int(words[1], 16), int(words[2], 16),
                          int(words[3], 16), int(words[4], 16), words[5][:20]))
    return addresses


# ---- SIOCGIFCONF ------------------------------------------------------------------

def ifconf_names(kernel):
    """SIOCGIFCONF on an AF_INET socket: the labels of devices with IPv4 addresses."""
    return kernel.lookup("ioctl SIOCGIFCONF", _live_ifconf)


def _live_ifconf():
    import ctypes
    import fcntl
    import _socket

    sock = _socket.socket(AF_INET, _socket.SOCK_DGRAM, 0)
    try:
        count = 30
        while True:
            size = 40 * count
            buf = ctypes.create_string_buffer(size)
            ifc = bytearray(struct.pack("=iiQ", size, 0, ctypes.addressof(buf)))
            fcntl.ioctl(sock.fileno(), SIOCGIFCONF, ifc, True)
            length = struct.unpack_from("=i", ifc, 0)[0]
            if length == size:
                count *= 2
                continue
            break
        raw = buf.raw[:length]
    finally:
        sock.close()
    return [raw[i:i + IFNAMSIZ].split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
            for i in range(0, length, 40)]


# ---- one device ------------------------------------------------------------------

class Device:
    """What if_fetch() learns of one device (None where an ioctl failed)."""

    def __init__(self, name):
        self.name = name
        self.flags = 0
        self.hwtype = -1
        self.hwaddr = bytes(16)
        self.mtu = 0
        self.map = (0, 0, 0, 0, 0, 0)   # mem_start, mem_end, base_addr, irq, dma, port
        self.txqueuelen = -1
        self.addr = None                # (family, 4 bytes) or None
        self.dstaddr = self.broadaddr = self.netmask = (0, bytes(4))
        self.stats = None


def fetch(kernel, name):
    """lib/interface.c if_fetch(): a Device, or OSError when SIOCGIFFLAGS fails."""
    device = Device(name)
    device.flags = struct.unpack_from("=H", ifreq_ioctl(kernel, "SIOCGIFFLAGS", SIOCGIFFLAGS, name))[0]
    try:
        data = ifreq_ioctl(kernel, "SIOCGIFHWADDR", SIOCGIFHWADDR, name)
        device.hwtype = struct.unpack_from("=H", data)[0]
        device.hwaddr = data[2:18]
    except OSError:
        device.hwtype = -1
    try:
        device.mtu = struct.unpack_from("=i", ifreq_ioctl(kernel, "SIOCGIFMTU", SIOCGIFMTU, name))[0]
    except OSError:
        device.mtu = 0
    try:
        device.map = struct.unpack_from("=QQHBBB", ifreq_ioctl(kernel, "SIOCGIFMAP", SIOCGIFMAP, name))
    except OSError:
        pass
    try:
        device.txqueuelen = struct.unpack_from("=i", ifreq_ioctl(kernel, "SIOCGIFTXQLEN", SIOCGIFTXQLEN,
                                                                 name))[0]
    except OSError:
        device.txqueuelen = -1
    family_only = struct.pack("=H", AF_INET)
    try:
        device.addr = _sockaddr_in(ifreq_ioctl(kernel, "SIOCGIFADDR", SIOCGIFADDR, name, family_only))
    except OSError:
        device.addr = None
    if device.addr is not None:
        for attribute, what, request in (("dstaddr", "SIOCGIFDSTADDR", SIOCGIFDSTADDR),
                                         ("broadaddr", "SIOCGIFBRDADDR", SIOCGIFBRDADDR),
                                         ("netmask", "SIOCGIFNETMASK", SIOCGIFNETMASK)):
            try:
                setattr(device, attribute, _sockaddr_in(ifreq_ioctl(kernel, what, request, name, family_only)))
            except OSError:
                setattr(device, attribute, (0, bytes(4)))
    return device


def _sockaddr_in(data):
    return struct.unpack_from("=H", data)[0], bytes(data[4:8])


# ---- changes ----------------------------------------------------------------------

def get_flags(kernel, name, family=AF_INET):
    return struct.unpack_from("=H", ifreq_ioctl(kernel, "SIOCGIFFLAGS", SIOCGIFFLAGS, name, b"", family))[0]


def set_flags(kernel, name, flags, family=AF_INET):
    ifreq_ioctl(kernel, "SIOCSIFFLAGS", SIOCSIFFLAGS, name, struct.pack("=H", flags & 0xFFFF), family)


def set_int(kernel, what, request, name, value, family=AF_INET):
    """SIOCSIFMTU, SIOCSIFTXQLEN: an int in the union."""
    ifreq_ioctl(kernel, what, request, name, struct.pack("=i", value), family)


def set_sockaddr(kernel, what, request, name, sockaddr, family=AF_INET):
    """SIOCSIFADDR, SIOCSIFNETMASK, SIOCSIFBRDADDR, SIOCSIFDSTADDR, SIOCSIFHWADDR:
    a 16-byte struct sockaddr in the union."""
    ifreq_ioctl(kernel, what, request, name, bytes(sockaddr[:16]).ljust(16, b"\0"), family)


def interface_index(kernel, name, family=AF_INET6):
    return struct.unpack_from("=i", ifreq_ioctl(kernel, "SIOCGIFINDEX", SIOCGIFINDEX, name, b"", family))[0]


def in6_ifreq_ioctl(kernel, what, request, address, prefix_len, ifindex):
    """SIOCSIFADDR / SIOCDIFADDR on an AF_INET6 socket with struct in6_ifreq."""
    arg = struct.pack("=16sIi", address, prefix_len & 0xFFFFFFFF, ifindex)
    kernel.ioctl(what, request, arg, AF_INET6, "%d" % ifindex)
