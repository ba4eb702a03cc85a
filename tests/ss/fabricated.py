"""Made-up kernel answers that ss cases hand to ss as files instead of the kernel's.

ss reads a saved sock_diag dump instead of asking the kernel when
TCPDIAG_FILE names one, and /proc/net-style tables when PROC_ROOT or
PROC_NET_TCP, PROC_NET_UDP, ... name them.  The cases in tests/ss/cases.py
give it these (Case.files, named relatively), so what ss shows is fixed
here, not by the machine.  Every socket is made up; addresses are the
documentation ones.
"""
import socket
import struct

# ---- a sock_diag dump, as `ss -D FILE` writes one --------------------------------------

NLM_F_MULTI = 2
SOCK_DIAG_BY_FAMILY = 20
NLMSG_ERROR, NLMSG_DONE = 2, 3
MAGIC_SEQ = 123456
PORT_ID = 4242  # the port id of the socket the dump was taken with (any number)

INET_DIAG_SHUTDOWN, INET_DIAG_SKV6ONLY, INET_DIAG_MARK = 8, 11, 15

TCP_ESTABLISHED, TCP_SYN_SENT, TCP_FIN_WAIT1, TCP_TIME_WAIT, TCP_CLOSE_WAIT, TCP_LISTEN = 1, 2, 4, 6, 8, 10


def _nlmsg(msg_type, payload, flags=NLM_F_MULTI):
    return struct.pack("=IHHII", 16 + len(payload), msg_type, flags, MAGIC_SEQ, PORT_ID) + payload


def diag_attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + bytes(-length % 4)


def diag_msg(family, state, src, sport, dst, dport, inode=0, timer=0, retrans=0, expires=0,
             rq=0, wq=0, uid=0, cookie=0, ifindex=0, attrs=b""):
    """One inet_diag_msg (struct inet_diag_msg + attributes) in its nlmsghdr."""
    af = socket.AF_INET6 if family == 6 else socket.AF_INET

    def raw(address):
        packed = socket.inet_pton(af, address)
        return packed + bytes(16 - len(packed))

    body = struct.pack("=BBBB", af, state, timer, retrans)
    body += struct.pack(">HH", sport, dport) + raw(src) + raw(dst)
    body += struct.pack("=IQ", ifindex, cookie)
    body += struct.pack("=IIIII", expires, rq, wq, uid, inode)
    return _nlmsg(SOCK_DIAG_BY_FAMILY, body + attrs)


def done():
    return _nlmsg(NLMSG_DONE, struct.pack("=i", 0))


def error(errno, full=True):
    """NLMSG_ERROR: the negative errno and (full) the request's header it answers."""
    payload = struct.pack("=i", -errno)
    if full:
        payload += struct.pack("=IHHII", 72, SOCK_DIAG_BY_FAMILY, 0x301, MAGIC_SEQ, 0)
    return _nlmsg(NLMSG_ERROR, payload, flags=0)


_NOT_SHUT = diag_attr(INET_DIAG_SHUTDOWN, b"\0")

DIAG_SOCKETS = [
    diag_msg(4, TCP_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0, inode=5001, wq=128, cookie=0x101, attrs=_NOT_SHUT),
    diag_msg(4, TCP_ESTABLISHED, "198.51.100.1", 22, "198.51.100.7", 50000, inode=5002, timer=2,
             expires=7200000, wq=36, uid=1000, cookie=0x102,
             attrs=_NOT_SHUT + diag_attr(INET_DIAG_MARK, struct.pack("=I", 0x2a))),
    diag_msg(4, TCP_SYN_SENT, "198.51.100.1", 40000, "203.0.113.9", 443, inode=5003, timer=1, retrans=3,
             expires=3512, wq=1, cookie=0x103, attrs=_NOT_SHUT),
    diag_msg(4, TCP_TIME_WAIT, "127.0.0.1", 40001, "127.0.0.1", 8080, timer=3, expires=45123, cookie=0x104),
    diag_msg(4, TCP_CLOSE_WAIT, "127.0.0.1", 8080, "127.0.0.1", 40002, inode=5005, rq=1, cookie=0x105,
             attrs=diag_attr(INET_DIAG_SHUTDOWN, b"\1")),
    diag_msg(6, TCP_LISTEN, "::", 80, "::", 0, inode=5006, wq=4096, cookie=0x106,
             attrs=_NOT_SHUT + diag_attr(INET_DIAG_SKV6ONLY, b"\1")),
    diag_msg(6, TCP_FIN_WAIT1, "2001:db8::1", 443, "2001:db8::2", 51000, inode=5007, timer=1, retrans=5,
             expires=12000, wq=100, cookie=0x107, attrs=diag_attr(INET_DIAG_SHUTDOWN, b"\2")),
    diag_msg(6, TCP_ESTABLISHED, "::ffff:127.0.0.1", 9000, "::ffff:127.0.0.1", 40003, inode=5008, rq=5,
             cookie=0x108, attrs=_NOT_SHUT),
    diag_msg(6, TCP_ESTABLISHED, "fe80::1", 7001, "fe80::2", 40004, inode=5009, ifindex=3, cookie=0x109,
             attrs=_NOT_SHUT),
]

TCPDIAG_DUMP = b"".join(DIAG_SOCKETS) + done()
# The file ends in the middle of the third socket: ss shows the two before it
# and says "Unexpected EOF reading $TCPDIAG_FILE" (with no newline).
TCPDIAG_TRUNCATED = b"".join(DIAG_SOCKETS[:2]) + DIAG_SOCKETS[2][:40]
# The kernel refused the dump (EACCES), after one socket.
TCPDIAG_ERROR = DIAG_SOCKETS[0] + error(13)
# An NLMSG_ERROR too short to hold struct nlmsgerr: "ERROR truncated".
TCPDIAG_ERROR_SHORT = DIAG_SOCKETS[0] + error(13, full=False)
# A header that claims to be shorter than itself (nlmsg_len 8): ss's
# unsigned arithmetic asks fread() for nearly 2^64 bytes of body.
TCPDIAG_BAD_LENGTH = DIAG_SOCKETS[0] + struct.pack("=IHHII", 8, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI, MAGIC_SEQ,
                                                   PORT_ID) + DIAG_SOCKETS[1]


# ---- /proc/net tables ----------------------------------------------------------------

def _hex4(address):
    """An IPv4 address as /proc/net/tcp prints it: the 32-bit word in host order."""
    return "%08X" % struct.unpack("=I", socket.inet_pton(socket.AF_INET, address))[0]


def _hex6(address):
    words = struct.unpack("=4I", socket.inet_pton(socket.AF_INET6, address))
    return "".join("%08X" % word for word in words)


def _inet_line(number, hexaddr, local, remote, state, rest):
    (laddr, lport), (raddr, rport) = local, remote
    return "%4d: %s:%04X %s:%04X %02X %s\n" % (number, hexaddr(laddr), lport, hexaddr(raddr), rport, state, rest)


_TCP_HEADER = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
               " inode                                                     \n")
_TCP6_HEADER = ("  sl  local_address                         remote_address                        st"
                " tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n")

PROC_TCP = _TCP_HEADER + "".join([
    _inet_line(0, _hex4, ("0.0.0.0", 22), ("0.0.0.0", 0), 0x0A,
               "00000000:00000000 00:00000000 00000000     0        0 6001 1 0000000000000000 100 0 0 10 0"),
    _inet_line(1, _hex4, ("198.51.100.1", 22), ("198.51.100.7", 50000), 0x01,
               "00000024:00000000 02:0000A8C0 00000000  1000        0 6002 4 ffff8880a1b2c3d4 20 4 30 10 -1"),
    _inet_line(2, _hex4, ("198.51.100.1", 40000), ("203.0.113.9", 443), 0x02,
               "00000001:00000000 01:0000015E 00000003     0        0 6003 2 ffff8880a1b2c4d4 800 0 0 1 7"),
    _inet_line(3, _hex4, ("127.0.0.1", 40001), ("127.0.0.1", 8080), 0x06,
               "00000000:00000000 03:00001194 00000000     0        0 0 3 ffff8880a1b2c5d4"),
    _inet_line(4, _hex4, ("127.0.0.1", 8080), ("127.0.0.1", 40002), 0x08,
               "00000000:00000001 00:00000000 00000000     0        0 6005 1 ffff8880a1b2c6d4 20 4 0 10 -1"),
    _inet_line(5, _hex4, ("198.51.100.1", 631), ("0.0.0.0", 0), 0x0A,
               "00000000:00000000 00:00000000 00000000     7        0 6006 1 ffff8880a1b2c7d4 100 0 0 10 0"),
])
PROC_TCP6 = _TCP6_HEADER + "".join([
    _inet_line(0, _hex6, ("::", 80), ("::", 0), 0x0A,
               "00000000:00000000 00:00000000 00000000     0        0 6011 1 ffff8880a1b2d3d4 100 0 0 10 0"),
    _inet_line(1, _hex6, ("2001:db8::1", 443), ("2001:db8::2", 51000), 0x04,
               "00000064:00000000 01:000004B0 00000005     0        0 6012 2 ffff8880a1b2d4d4 1600 0 0 1 7"),
    _inet_line(2, _hex6, ("::ffff:127.0.0.1", 9000), ("::ffff:127.0.0.1", 40003), 0x01,
               "00000000:00000005 00:00000000 00000000     0        0 6013 1 ffff8880a1b2d5d4 20 4 30 10 -1"),
])

_UDP_HEADER = ("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
               " inode ref pointer drops             \n")
_UDP6_HEADER = ("  sl  local_address                         remote_address                        st"
                " tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n")


def _udp_line(number, hexaddr, local, remote, state, queues, uid, inode, drops=0):
    return _inet_line(number, hexaddr, local, remote, state,
                      "%s 00:00000000 00000000 %5d        0 %d 2 ffff8880b1c2d3e4 %d" % (queues, uid, inode, drops))


PROC_UDP = _UDP_HEADER + "".join([
    _udp_line(123, _hex4, ("0.0.0.0", 5353), ("0.0.0.0", 0), 0x07, "00000000:00000000", 104, 7001),
    _udp_line(200, _hex4, ("198.51.100.1", 53), ("0.0.0.0", 0), 0x07, "00000000:00000300", 0, 7002, 2),
    _udp_line(301, _hex4, ("198.51.100.1", 40100), ("198.51.100.2", 53), 0x01, "00000040:00000000", 0, 7003),
])
PROC_UDP6 = _UDP6_HEADER + "".join([
    _udp_line(55, _hex6, ("::", 123), ("::", 0), 0x07, "00000000:00000000", 0, 7011),
    _udp_line(90, _hex6, ("2001:db8:1::1", 40101), ("2001:db8:1::2", 53), 0x01, "00000000:00000000", 0, 7012),
])
# Raw sockets: the "port" is the protocol number.
PROC_RAW = _UDP_HEADER + "".join([
    _udp_line(1, _hex4, ("0.0.0.0", 1), ("0.0.0.0", 0), 0x07, "00000000:00000000", 0, 7021),
    _udp_line(255, _hex4, ("198.51.100.1", 255), ("0.0.0.0", 0), 0x07, "00000000:00000000", 0, 7022),
])
PROC_RAW6 = _UDP6_HEADER + "".join([
    _udp_line(58, _hex6, ("::", 58), ("::", 0), 0x07, "00000000:00000000", 0, 7031),
])

PROC_UNIX = (
    "Num       RefCount Protocol Flags    Type St Inode Path\n"
    "0000000000000000: 00000002 00000000 00010000 0001 01  8001 /run/fabricated/stream.sock\n"
    "0000000000000000: 00000003 00000000 00000000 0001 03  8002 /run/fabricated/stream.sock\n"
    "0000000000000000: 00000003 00000000 00000000 0001 03  8003\n"
    "0000000000000000: 00000002 00000000 00000000 0002 01  8004 @fabricated-dgram\n"
    "0000000000000000: 00000002 00000000 00010000 0005 01  8005 /run/fabricated/seqpacket.sock\n"
    "0000000000000000: 00000002 00000000 00000000 0002 03  8006\n"
)

PROC_PACKET = (
    "sk       RefCnt Type Proto  Iface R Rmem   User   Inode\n"
    "0000000000000000 3      3    0003   0     1 0      0      9001  \n"
    "0000000000000000 3      2    0800   2     1 0      0      9002  \n"
    "0000000000000000 3      3    0806   3     1 0      101    9003  \n"
)

PROC_NETLINK = (
    "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n"
    "0000000000000000 0   0          00000000 0        0        0     2        0        10   \n"
    "0000000000000000 0   4242       00000001 0        0        0     2        0        9101 \n"
    "0000000000000000 16  70001      00000000 0        0        0     2        0        9102 \n"
    "0000000000000000 4   0          00000000 0        0        0     2        0        11   \n"
)

PROC_SOCKSTAT = (
    "sockets: used 123\n"
    "TCP: inuse 5 orphan 1 tw 2 alloc 8 mem 3\n"
    "UDP: inuse 3 mem 2\n"
    "UDPLITE: inuse 0\n"
    "RAW: inuse 2\n"
    "FRAG: inuse 1 memory 2048\n"
)
PROC_SOCKSTAT6 = (
    "TCP6: inuse 3\n"
    "UDP6: inuse 2\n"
    "UDPLITE6: inuse 0\n"
    "RAW6: inuse 1\n"
    "FRAG6: inuse 0 memory 0\n"
)
PROC_SNMP = (
    "Ip: Forwarding DefaultTTL InReceives InHdrErrors\n"
    "Ip: 2 64 1000 0\n"
    "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab"
    " InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
    "Tcp: 1 200 120000 -1 10 5 0 1 3 100 90 2 0 4 0\n"
    "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
    "Udp: 50 1 0 49 0 0 0 0 0\n"
)
LOCAL_PORT_RANGE = "20000\t40000\n"

# PROC_ROOT=root: the same tables where ss looks for them under a /proc.
PROC_ROOT_FILES = {
    "root/net/tcp": PROC_TCP, "root/net/tcp6": PROC_TCP6, "root/net/udp": PROC_UDP, "root/net/udp6": PROC_UDP6,
    "root/net/raw": PROC_RAW, "root/net/raw6": PROC_RAW6, "root/net/unix": PROC_UNIX,
    "root/net/packet": PROC_PACKET, "root/net/netlink": PROC_NETLINK, "root/net/sockstat": PROC_SOCKSTAT,
    "root/net/sockstat6": PROC_SOCKSTAT6, "root/net/snmp": PROC_SNMP,
    "root/sys/net/ipv4/ip_local_port_range": LOCAL_PORT_RANGE,
}
