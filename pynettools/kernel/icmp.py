"""ICMP on the wire, shared by ping and traceroute: the Internet checksum,
the IPv4 header a raw socket hands up, and the kernel's report of an error
on a socket (struct sock_extended_err, read from the error queue with
recvmsg(MSG_ERRQUEUE) once IP_RECVERR / IPV6_RECVERR is set).

Plain functions over bytes: nothing here opens a socket (netio.py does,
through the seam) and nothing prints.
"""
import struct

# ICMP types and codes (RFC 792) ------------------------------------------------
ICMP_ECHOREPLY, ICMP_DEST_UNREACH, ICMP_SOURCE_QUENCH, ICMP_REDIRECT = 0, 3, 4, 5
ICMP_ECHO, ICMP_TIME_EXCEEDED, ICMP_PARAMETERPROB = 8, 11, 12
ICMP_TIMESTAMP, ICMP_TIMESTAMPREPLY = 13, 14

# ICMPv6 types (RFC 4443)
ICMP6_DST_UNREACH, ICMP6_PACKET_TOO_BIG, ICMP6_TIME_EXCEEDED, ICMP6_PARAM_PROB = 1, 2, 3, 4
ICMP6_ECHO_REQUEST, ICMP6_ECHO_REPLY = 128, 129

# sock_extended_err.ee_origin: who reported the error
SO_EE_ORIGIN_NONE, SO_EE_ORIGIN_LOCAL, SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6 = 0, 1, 2, 3

# setsockopt names and the cmsg types the error queue's messages carry
IP_RECVERR, IP_RECVTTL, IP_TTL = 11, 12, 2
IPV6_RECVERR, IPV6_RECVHOPLIMIT, IPV6_HOPLIMIT = 25, 51, 52


def _record(name, fields):
    """A tuple with named fields, as collections.namedtuple makes one, without
    importing collections (milliseconds at start-up, for traceroute's 30)."""

    def make(cls, *values):
        if len(values) != len(fields):
            raise TypeError("%s takes %d values" % (name, len(fields)))
        return tuple.__new__(cls, values)

    body = {"__slots__": (), "__new__": make, "_fields": tuple(fields),
            "__repr__": lambda self: "%s(%s)" % (name, ", ".join("%s=%r" % pair for pair in zip(fields, self)))}
    for index, field in enumerate(fields):
        body[field] = property(lambda self, index=index: self[index])
    return type(name, (tuple,), body)


def checksum(data):
    """The Internet checksum (RFC 1071) of `data`, as the 16-bit value to
    store in network byte order."""
    if len(data) % 2:
        data = bytes(data) + b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


IPv4Header = _record("IPv4Header", "length ttl protocol source destination total_length options".split())


def ipv4_header(packet):
    """The IPv4 header at the start of what a raw socket read, or None when
    the bytes are too short to hold the header they announce.  `length` is
    the header's own length in bytes (IHL * 4); options: the bytes between
    the fixed 20 and that length."""
    if len(packet) < 20:
        return None
    length = (packet[0] & 0x0F) * 4
    if length < 20 or len(packet) < length:
        return None
    total_length, = struct.unpack_from("!H", packet, 2)
    return IPv4Header(length, packet[8], packet[9], _inet4(packet[12:16]), _inet4(packet[16:20]),
                      total_length, bytes(packet[20:length]))


ExtendedErr = _record("ExtendedErr", "errno origin type code info data offender".split())


def extended_err(cmsg_data):
    """struct sock_extended_err (linux/errqueue.h) from one IP_RECVERR or
    IPV6_RECVERR control message: errno, origin, ICMP type and code, info
    (the MTU for "frag needed"), data, and the offender's address (the
    sockaddr the kernel appends after the struct: the router that sent the
    ICMP error), or None when the kernel gave none (AF_UNSPEC)."""
    if len(cmsg_data) < 16:
        return None
    errno_, origin, icmp_type, code, _pad, info, data = struct.unpack_from("=IBBBBII", cmsg_data, 0)
    return ExtendedErr(errno_, origin, icmp_type, code, info, data, _sockaddr(cmsg_data[16:]))


def _sockaddr(raw):
    """The address in a struct sockaddr_in or sockaddr_in6, as text; None
    for AF_UNSPEC or too few bytes."""
    if len(raw) < 2:
        return None
    family, = struct.unpack_from("=H", raw, 0)
    if family == 2 and len(raw) >= 8:
        return _inet4(raw[4:8])
    if family == 10 and len(raw) >= 24:
        import _socket as socket  # the C module: socket.py would import enum

        return socket.inet_ntop(socket.AF_INET6, bytes(raw[8:24]))
    return None


def _inet4(raw):
    return "%d.%d.%d.%d" % tuple(raw)
