"""A raw-socket responder that answers pings and traceroute probes in forged ways.

Stand-alone (standard library only), run as root in the ping lab's "forger"
namespace (tests/ping/labs.py), whose kernel answers no echo request
(icmp_echo_ignore_all) and sends no port unreachable of its own (nftables
drops them unless they carry MARK, which this program's packets do):

    python3 responder.py [--ready HOST:PORT] [--mark N]

--ready: a TCP socket listening there once the raw sockets are open (the
lab's spawn.py waits for it).  The destination address of each packet chooses
the mode: its last number (203.0.113.N, 2001:db8:5::N; in IPv6 N is the
last group read as decimal digits).  MODES below; what the real ping
(iputils 20221126, raw socket as root) prints for each, `ping -c 2 ADDR`
from the lab's main (three routers away: ttl=61):

  130 echo          a correct reply: "64 bytes from 203.0.113.130: icmp_seq=1 ttl=61 time=0.300 ms"
  131 truncated     the reply keeps 8 bytes of data: "16 bytes from ...: icmp_seq=1
                    ttl=61 (truncated)", counted as received but never timed:
                    "rtt min/avg/max/mdev = 9223372036854775.807/0.000/0.000/0.000 ms"
  132 bad-sum       a wrong ICMP checksum: IPv4 ping prints it as a good reply
                    (20221126 passes csfailed=0 for echo replies); IPv6 ping
                    never sees it (the kernel checks ICMPv6 checksums): 100% loss
  133 unsent-seq    the reply carries icmp_seq+1000: "icmp_seq=1001 ttl=61
                    time=...", counted as received (0% loss)
  134 dup-reply     two replies: "(DUP!)" (not for the last of ping -c N: ping
                    has exited when the copy comes)
  135 future        the timestamp in the data moved 1 hour on: twice on stderr
                    "ping: Warning: time of day goes back (-3599999695us), taking
                    countermeasures" for the first reply (ping takes the time
                    again and tries once more), once for later ones; "time=0.000 ms"
  136 past          the timestamp moved 100000 s back: "time=100000000 ms",
                    "rtt min/avg/max/mdev = 100000000.259/100000000.320/..."
  137 wrong-data    data byte #20 flipped: "wrong data byte #20 should be 0x14 but
                    was 0xeb", then "#16\t10 11 12 13 eb ..." dump lines
  138 other-source  the reply comes from OTHER_SOURCE: "64 bytes from
                    203.0.113.199: icmp_seq=1 ttl=61 time=... (DIFFERENT ADDRESS!)"
  139 wrong-id      the reply's ICMP id is not ping's: ignored, 100% loss
  140 err-ok        host unreachable quoting the request as sent: "From
                    203.0.113.140 icmp_seq=1 Destination Host Unreachable"
                    (v6 "Destination unreachable: Address unreachable"); traceroute
                    (UDP and -I) "4  203.0.113.140  0.399 ms !H ..."
  141 err-long-ihl  the quoted IP header claims 60 bytes (ihl 15), 20 are there:
                    dropped (kernel and ping): 100% loss, traceroute "* * *"
                    (v6: next header 255: the same)
  142 err-huge-len  the quoted header's total length is 65535: taken as 140
  143 err-short-ihl the quoted IP header claims 8 bytes (ihl 2): dropped as 141
                    (v6: a quoted version 4: taken as 140)
  144 err-cut       only 4 bytes of the request are quoted: dropped as 141
  145 err-elsewhere time exceeded quoting the request, from OTHER_SOURCE: "From
                    203.0.113.199 icmp_seq=1 Time to live exceeded" (v6 "Time
                    exceeded: Hop limit"); traceroute "203.0.113.199" at hop 4
                    and every later one, never the end
  146 big-reply     1000 bytes more data than asked: ping reads what its buffer
                    holds: "172 bytes from" (v6 "1064 bytes from")
  147 rr-reply      the reply carries a record-route option (IPv4): "RR: \t198.51.100.66"
                    and "\t198.51.100.130" lines, then "\t(same route)" after the
                    next reply's time (v6: a plain reply)

IPv6 node information queries (ICMPv6 139, ping -N; RFC 4620) get type 140
replies from some of these addresses (the others stay silent, as Linux
does); ping -6 -N name / ipv6 / ipv4 prints after "N bytes from ADDR:":
  130 echo          the answer to the qtype: " forger.ping.lab., forger.ping.lab"
                    (the second name is a compression pointer back to the
                    first, then the extra zero byte of a non-FQDN name: no dot),
                    " 2001:db8:5::130, fe80::1", " 203.0.113.130"
  131 truncated     the answer cut inside its last entry: "... parse error
                    (truncated)"; IPv4 with the T flag: " 203.0.113.131 (truncated)"
  133 unsent-seq    code 1: " refused"
  134 dup-reply     two answers: "(DUP!)"
  136 past          code 2: " unknown"
  137 wrong-data    success with qtype 0x77: " unknown qtype(0x77)"
  138 other-source  the answer from OTHER_SOURCE6 (ping does not mind)
  139 wrong-id      another nonce: ignored, 100% loss
  146 big-reply     code 5: " unknown code(500)" (ping's ntohs() of one byte)
each followed by "; seq=N;" and the hop limit.

With an ICMP datagram socket (the "ping-dgram" lab) the kernel stands
between: 132 is dropped (100% loss), 146 reads "192 bytes from"; the rest
print the same.

A UDP probe (traceroute's default) to an err- address gets that mode's
error; to any other address a correct port unreachable (the end of the
trace).  IPv6: the same modes with ICMPv6 (141 quotes a header whose next
header is 255, 142 a payload length of 65535, 143 a version of 4, 147 is a
plain reply).  Errors reach ping through its socket's error queue
(IP_RECVERR) only when the kernel accepts the quoted header: that is why
141, 143 and 144 vanish before ping or traceroute could parse them.
"""
import argparse
import select
import socket
import struct
import sys

MARK = 0x70
OTHER_SOURCE = "203.0.113.199"
OTHER_SOURCE6 = "2001:db8:5::199"
TTL = 64

MODES = {130: "echo", 131: "truncated", 132: "bad-sum", 133: "unsent-seq", 134: "dup-reply", 135: "future",
         136: "past", 137: "wrong-data", 138: "other-source", 139: "wrong-id", 140: "err-ok",
         141: "err-long-ihl", 142: "err-huge-len", 143: "err-short-ihl", 144: "err-cut", 145: "err-elsewhere",
         146: "big-reply", 147: "rr-reply"}

IPV6_RECVPKTINFO = getattr(socket, "IPV6_RECVPKTINFO", 49)
IPV6_PKTINFO = getattr(socket, "IPV6_PKTINFO", 50)
SO_MARK = getattr(socket, "SO_MARK", 36)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def icmp(type_, code, rest, body, v6_pseudo=None):
    """An ICMP message with its checksum (ICMPv6: over the pseudo-header too)."""
    msg = struct.pack("!BBH", type_, code, 0) + rest + body
    cover = msg if v6_pseudo is None else v6_pseudo + msg
    return msg[:2] + struct.pack("!H", checksum(cover)) + msg[4:]


def ip4_header(src, dst, proto, payload_len, options=b""):
    ihl = 5 + len(options) // 4
    head = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + payload_len, 0, 0x4000, TTL, proto, 0,
                       socket.inet_aton(src), socket.inet_aton(dst)) + options
    return head[:10] + struct.pack("!H", checksum(head)) + head[12:]


def ip6_pseudo(src, dst, length):
    return (socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst)
            + struct.pack("!I3xB", length, 58))


def ip6_header(src, dst, payload_len, next_header=58):
    return (struct.pack("!IHBB", 6 << 28, payload_len, next_header, TTL)
            + socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst))


class Request:
    """What arrived: family, source, destination, protocol, the IP header as
    received (IPv4; rebuilt for IPv6) and what follows it."""

    def __init__(self, family, src, dst, proto, header, payload):
        self.family, self.src, self.dst, self.proto = family, src, dst, proto
        self.header, self.payload = header, payload

    def mode(self):
        last = self.dst.rsplit("." if self.family == 4 else ":", 1)[-1]
        try:
            return MODES.get(int(last))
        except ValueError:
            return None


def echo_replies(req, mode):
    """[(source, ICMP message)] answering an echo request."""
    v6 = req.family == 6
    ident, seq = struct.unpack("!HH", req.payload[4:8])
    data = bytearray(req.payload[8:])
    src = req.dst
    if mode == "truncated":
        data = data[:8]
    elif mode == "unsent-seq":
        seq = (seq + 1000) & 0xFFFF
    elif mode == "wrong-id":
        ident ^= 0xFFFF
    elif mode in ("future", "past") and len(data) >= 16:
        sec, usec = struct.unpack("<qq", data[:16])  # struct timeval on x86-64
        sec += 3600 if mode == "future" else -100000
        data[:16] = struct.pack("<qq", sec, usec)
    elif mode == "wrong-data" and len(data) > 20:
        data[20] ^= 0xFF
    elif mode == "other-source":
        src = OTHER_SOURCE6 if v6 else OTHER_SOURCE
    elif mode == "big-reply":
        data += bytes(range(256)) * 4
        data = data[:len(req.payload) - 8 + 1000]
    type_ = 129 if v6 else 0
    pseudo = ip6_pseudo(src, req.src, len(data) + 8) if v6 else None
    msg = icmp(type_, 0, struct.pack("!HH", ident, seq), bytes(data), pseudo)
    if mode == "bad-sum":
        msg = msg[:2] + struct.pack("!H", struct.unpack("!H", msg[2:4])[0] ^ 0x5555) + msg[4:]
    replies = [(src, msg)]
    return replies * 2 if mode == "dup-reply" else replies


NI_NAMES = b"\x06forger\x04ping\x03lab\x00" + b"\xc0\x04\x00"   # an FQDN, then a pointer to it + the non-FQDN zero
NI_ANSWER_CODE = {"unsent-seq": 1, "past": 2, "big-reply": 5}


def ni_data(qtype, mode, dst):
    """The data of a successful node information reply: a TTL (0) before
    the names, a TTL before each address; "truncated" cuts the names inside
    "lab" and the last IPv6 address short (IPv4 sets the T flag instead)."""
    ttl = b"\0\0\0\0"
    if qtype == 2:
        return ttl + NI_NAMES[:-5 if mode == "truncated" else None]
    if qtype == 3:
        data = b"".join(ttl + socket.inet_pton(socket.AF_INET6, a) for a in (dst, "fe80::1"))
        return data[:-3 if mode == "truncated" else None]
    if qtype == 4:
        return ttl + socket.inet_aton("203.0.113.%s" % dst.rsplit(":", 1)[-1])
    return b""


def ni_replies(req, mode):
    """[(source, ICMPv6 140)] answering a node information query (139)."""
    code, qtype, flags = NI_ANSWER_CODE.get(mode, 0), struct.unpack("!H", req.payload[4:6])[0], 0
    nonce = bytearray(req.payload[8:16])
    data = b""
    if mode == "wrong-data":
        qtype = 0x77
    elif code == 0:
        data = ni_data(qtype, mode, req.dst)
        if mode == "truncated" and qtype == 4:
            flags = 1
    if mode == "wrong-id":
        nonce[7] ^= 0xFF
    src = OTHER_SOURCE6 if mode == "other-source" else req.dst
    body = bytes(nonce) + data
    msg = icmp(140, code, struct.pack("!HH", qtype, flags), body, ip6_pseudo(src, req.src, len(body) + 8))
    return [(src, msg)] * (2 if mode == "dup-reply" else 1)


NI_MODES = ("echo", "truncated", "unsent-seq", "dup-reply", "past", "wrong-data", "other-source", "wrong-id",
            "big-reply")


def quoted(req, mode):
    """The start of the request, as an error message quotes it, spoiled as `mode` asks."""
    head = bytearray(req.header)
    if req.family == 4:
        if mode == "err-long-ihl":
            head[0] = 0x4F
        elif mode == "err-short-ihl":
            head[0] = 0x42
        elif mode == "err-huge-len":
            head[2:4] = b"\xff\xff"
    else:
        if mode == "err-long-ihl":
            head[6] = 255
        elif mode == "err-short-ihl":
            head[0] = 0x40 | (head[0] & 0x0F)
        elif mode == "err-huge-len":
            head[4:6] = b"\xff\xff"
    quote = bytes(head) + req.payload[:8]
    if mode == "err-huge-len":
        quote = bytes(head) + req.payload
    if mode == "err-cut":
        quote = quote[:4]
    return quote


def error_replies(req, mode):
    v6 = req.family == 6
    src = req.dst
    if mode == "err-elsewhere":
        src = OTHER_SOURCE6 if v6 else OTHER_SOURCE
        type_, code = (3, 0) if v6 else (11, 0)  # time exceeded in transit
    elif mode is None or not mode.startswith("err-"):
        type_, code = (1, 4) if v6 else (3, 3)  # port unreachable: a UDP probe's normal end
    else:
        type_, code = (1, 3) if v6 else (3, 1)  # address / host unreachable
    body = quoted(req, mode)
    pseudo = ip6_pseudo(src, req.src, len(body) + 8) if v6 else None
    return [(src, icmp(type_, code, b"\0\0\0\0", body, pseudo))]


def answer(req):
    """[(source, ICMP message)] for one request, or [] to stay silent."""
    mode = req.mode()
    if req.proto in (socket.IPPROTO_ICMP, socket.IPPROTO_ICMPV6):
        echo = 128 if req.family == 6 else 8
        if req.family == 6 and len(req.payload) >= 16 and req.payload[0] == 139 and mode in NI_MODES:
            return ni_replies(req, mode)
        if len(req.payload) < 8 or req.payload[0] != echo or req.payload[1] != 0 or mode is None:
            return []
        if mode.startswith("err-"):
            return error_replies(req, mode)
        return echo_replies(req, mode)
    if req.proto == socket.IPPROTO_UDP and len(req.payload) >= 8:
        return error_replies(req, mode)
    return []


class Responder:
    def __init__(self, mark):
        self.receivers = []
        for proto in (socket.IPPROTO_ICMP, socket.IPPROTO_UDP):
            self.receivers.append((4, proto, socket.socket(socket.AF_INET, socket.SOCK_RAW, proto)))
        for proto in (socket.IPPROTO_ICMPV6, socket.IPPROTO_UDP):
            sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, proto)
            sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVPKTINFO, 1)
            self.receivers.append((6, proto, sock))
        self.send4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        self.send6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
        for sock in (self.send4, self.send6):
            sock.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)

    def read(self, family, proto, sock):
        if family == 4:
            packet, _ = sock.recvfrom(65535)
            ihl = (packet[0] & 0x0F) * 4
            if len(packet) < 20 or ihl < 20:
                return None
            src, dst = socket.inet_ntoa(packet[12:16]), socket.inet_ntoa(packet[16:20])
            return Request(4, src, dst, proto, packet[:ihl], packet[ihl:])
        payload, ancillary, _, addr = sock.recvmsg(65535, 256)
        dst = None
        for level, kind, data in ancillary:
            if level == socket.IPPROTO_IPV6 and kind == IPV6_PKTINFO:
                dst = socket.inet_ntop(socket.AF_INET6, data[:16])
        if dst is None:
            return None
        src = addr[0].split("%")[0]
        header = ip6_header(src, dst, len(payload), proto)  # as it was (near enough: hop limit)
        return Request(6, src, dst, proto, header, payload)

    def send(self, req, replies):
        for src, msg in replies:
            if req.family == 4:
                options = b""
                if req.mode() == "rr-reply":  # record route, two slots filled
                    options = (bytes([7, 11, 12]) + socket.inet_aton("198.51.100.66")
                               + socket.inet_aton("198.51.100.130") + b"\0")
                packet = ip4_header(src, req.src, socket.IPPROTO_ICMP, len(msg), options) + msg
                self.send4.sendto(packet, (req.src, 0))
            else:
                packet = ip6_header(src, req.src, len(msg)) + msg
                self.send6.sendto(packet, (req.src, 0))

    def serve(self, ready=None):
        socks = {sock.fileno(): (family, proto, sock) for family, proto, sock in self.receivers}
        while True:
            readable, _, _ = select.select(list(socks) + ([ready.fileno()] if ready else []), [], [])
            for fd in readable:
                if ready is not None and fd == ready.fileno():
                    conn, _ = ready.accept()
                    conn.close()
                    continue
                req = self.read(*socks[fd])
                if req is None:
                    continue
                try:
                    self.send(req, answer(req))
                except OSError as err:
                    sys.stderr.write("responder: %s -> %s: %s\n" % (req.dst, req.src, err))


def main(argv):
    parser = argparse.ArgumentParser(prog="responder.py")
    parser.add_argument("--ready", help="HOST:PORT to listen on once ready")
    parser.add_argument("--mark", type=lambda s: int(s, 0), default=MARK)
    args = parser.parse_args(argv)
    responder = Responder(args.mark)
    ready = None
    if args.ready:
        host, _, port = args.ready.rpartition(":")
        host = host.strip("[]")
        ready = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        ready.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ready.bind((host, int(port)))
        ready.listen(8)
    try:
        responder.serve(ready)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
