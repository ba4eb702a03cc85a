"""Changing routes the old way: the SIOCADDRT / SIOCDELRT ioctls that route(8) uses.

  IPv4   struct rtentry (<net/route.h>, 120 bytes on 64-bit machines) on an
         AF_INET datagram socket:
           rt_dst, rt_gateway, rt_genmask   struct sockaddr each (@8, @24, @40)
           rt_flags (u16 @56)               RTF_UP, RTF_GATEWAY, RTF_HOST, ...
           rt_metric (short @80)            the metric PLUS ONE (0: not given);
                                            the kernel subtracts one
           rt_dev (char * @88)              a device name, by pointer
           rt_mtu, rt_window (ulong @96, @104), rt_irtt (u16 @112)
         The kernel (ip_rt_ioctl -> rtentry_to_fib_config) turns it into an
         ordinary FIB change in the main table.
  IPv6   struct in6_rtmsg (<linux/ipv6_route.h>, 80 bytes) on an AF_INET6
         socket: dst, src, gateway (16 bytes each), type, dst_len, src_len,
         metric, info, flags, ifindex; the device becomes an index first,
         with SIOCGIFINDEX.

rt_dev is a pointer, which a recording cannot replay byte for byte, so the
IPv4 request goes through the seam as a lookup keyed by the structure with
the pointer left zero, plus the device name; the kernel's refusal (an
OSError) is recorded and raised again on replay like any ioctl's.
"""
import struct

SIOCADDRT = 0x890B
SIOCDELRT = 0x890C
SIOCGIFINDEX = 0x8933
AF_INET = 2
AF_INET6 = 10
IFNAMSIZ = 16

_RTENTRY_SIZE = 120


class Rtentry:
    """The fields of struct rtentry route fills in.  dst, gateway, genmask: 4
    address bytes, or None for a sockaddr left zero (no family)."""

    def __init__(self, dst, gateway, genmask, flags, metric, dev, mtu, window, irtt,
                 genmask_family=AF_INET):
        self.dst = dst
        self.gateway = gateway
        self.genmask = genmask
        self.genmask_family = genmask_family
        self.flags = flags
        self.metric = metric
        self.dev = dev
        self.mtu = mtu
        self.window = window
        self.irtt = irtt

    def pack(self, dev_pointer=0):
        buf = bytearray(_RTENTRY_SIZE)
        for offset, address, family in ((8, self.dst, AF_INET), (24, self.gateway, AF_INET),
                                        (40, self.genmask, self.genmask_family)):
            if address is not None:
                struct.pack_into("=H2x4s", buf, offset, family, address)
        struct.pack_into("=H", buf, 56, self.flags & 0xFFFF)
        struct.pack_into("=h", buf, 80, _short(self.metric))
        struct.pack_into("=QQQH", buf, 88, dev_pointer, self.mtu & 0xFFFFFFFFFFFFFFFF,
                         self.window & 0xFFFFFFFFFFFFFFFF, self.irtt & 0xFFFF)
        return bytes(buf)


def _short(value):
    value &= 0xFFFF
    return value - 0x10000 if value & 0x8000 else value


def rtentry_ioctl(kernel, name, entry):
    """SIOCADDRT or SIOCDELRT (by name) with a struct rtentry; OSError on refusal."""
    dev = None if entry.dev is None else entry.dev.encode("utf-8", "surrogateescape")
    kernel.lookup("ioctl " + name, _live_rtentry_ioctl, name, entry.pack().hex(),
                  None if dev is None else dev.decode("utf-8", "surrogateescape"))


def _live_rtentry_ioctl(name, request_hex, dev):
    import ctypes
    import fcntl
    import _socket

    keep = None
    request = bytearray.fromhex(request_hex)
    if dev is not None:
        keep = ctypes.create_string_buffer(dev.encode("utf-8", "surrogateescape"))
        struct.pack_into("=Q", request, 88, ctypes.addressof(keep))
    sock = _socket.socket(AF_INET, _socket.SOCK_DGRAM, 0)
    try:
        fcntl.ioctl(sock.fileno(), SIOCDELRT if name == "SIOCDELRT" else SIOCADDRT, request, True)
    finally:
        sock.close()
    del keep
    return None


def interface_index(kernel, name, family=AF_INET):
    """SIOCGIFINDEX: a device's index (OSError ENODEV when there is none)."""
    raw = name.encode("utf-8", "surrogateescape")[:IFNAMSIZ - 1]
    request = raw + bytes(40 - len(raw))
    reply = kernel.ioctl("SIOCGIFINDEX", SIOCGIFINDEX, request, family, name)
    return struct.unpack_from("=i", reply, IFNAMSIZ)[0]


def in6_rtmsg_ioctl(kernel, name, dst, gateway, dst_len, metric, flags, ifindex):
    """SIOCADDRT or SIOCDELRT with a struct in6_rtmsg on an AF_INET6 socket."""
    request = struct.pack("=16s16s16sIHHIxxxxQIi", dst, bytes(16), gateway, 0, dst_len, 0,
                          metric & 0xFFFFFFFF, 0, flags & 0xFFFFFFFF, ifindex)
    kernel.ioctl(name, SIOCDELRT if name == "SIOCDELRT" else SIOCADDRT, request, AF_INET6,
                 "%s/%d" % (inet6_ntop(dst), dst_len))


def inet6_pton(text):
    """inet_pton(AF_INET6): 16 bytes, or None."""
    import _socket

    try:
        return _socket.inet_pton(_socket.AF_INET6, text)
    except (OSError, ValueError):
        return None


def inet6_ntop(packed):
    import _socket

    return _socket.inet_ntop(_socket.AF_INET6, packed)


def getaddrinfo6(name):
    """getaddrinfo(name, NULL, {ai_family=AF_INET6}): (0, hex address), or
    (the EAI_* code, hstrerror(h_errno)) -- net-tools prints both on failure."""
    import _socket

    try:
        answers = _socket.getaddrinfo(name, None, _socket.AF_INET6)
    except _socket.gaierror as err:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.__h_errno_location.restype = ctypes.POINTER(ctypes.c_int)
        libc.hstrerror.restype = ctypes.c_char_p
        h_errno = libc.__h_errno_location()[0]
        return err.errno, libc.hstrerror(h_errno).decode("utf-8", "replace")
    return 0, inet6_pton(answers[0][4][0].split("%")[0]).hex()
