"""traceroute 2.1.2's methods (mod-udp.c, mod-icmp.c, mod-tcp.c,
mod-dccp.c, mod-raw.c): how each opens its sockets, sends a probe, and
tells which probe an answer belongs to.

Each is a class over the Engine (engine.py), with the module's hooks:
init(), send_probe(pb, ttl), recv_probe(fd, revents), expire_probe(pb),
and header_len (the header it puts before its data: 8 for UDP, else 0).
"""
import struct

from pynettools.tools.traceroute.engine import (AF_INET, AF_INET6, POLLERR, POLLIN, SOL_IP, SOL_IPV6, SOL_SOCKET,
                                                Fatal, _res_of, port_of)

SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_DCCP = 1, 2, 3, 6
IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_DCCP, IPPROTO_ICMPV6, IPPROTO_UDPLITE = 1, 6, 17, 33, 58, 136
UDPLITE_SEND_CSCOV, UDPLITE_RECV_CSCOV = 10, 11
SO_REUSEADDR = 2
IP_MTU, IPV6_MTU = 14, 24
DEF_START_PORT, DEF_UDP_PORT, DEF_TCP_PORT, DEF_DCCP_PORT = 33434, 53, 80, 33434


def pattern(length, start=0):
    """The probe's data: byte i is 0x40 + (i & 0x3f)."""
    return bytes(0x40 + (i & 0x3F) for i in range(start, length))


def in_csum(data):
    """csum.c's in_csum(): the Internet checksum, 0 sent as 0xffff."""
    from pynettools.kernel.icmp import checksum

    return checksum(data) or 0xFFFF


class Method:
    header_len = 0

    def __init__(self, engine):
        self.engine = engine
        self.rec = engine.rec
        self.af = engine.af
        self.options = engine.rec.module_options

    def dest(self, port=0):
        return self.engine.sockaddr(self.rec.dst_addr, port)

    def same_as_dest(self, sender):
        """equal_addr(&dest_addr, from)."""
        res = _res_of(sender)
        return res is not None and res == (self.af, self.rec.dst_addr.address)

    def recv_probe(self, fd, revents):
        """Reads what poll() said is waiting.  traceroute reads one message
        and polls again, checking timeouts in between; we read the queue
        dry (until EAGAIN) first: a Python loop is slower than C's, and
        answers that came in time must not be left waiting in the queue
        while their probes' timeouts (3 times a neighbour's round trip)
        run out, which traceroute never sees happen."""
        if not revents & (POLLIN | POLLERR):
            return
        engine, err = self.engine, 1 if revents & POLLERR else 0
        while engine.recv_reply(fd, err, self.check_reply) and engine.polled(fd):
            pass

    def expire_probe(self, pb):
        self.engine.probe_done(pb)


class Udp(Method):
    """default (a new port for each probe, from 33434), udp (-U, one port,
    53) and udplite (-UL): a connected datagram socket per probe."""

    header_len = 8
    protocol = IPPROTO_UDP

    def init(self):
        rec = self.rec
        if rec.method == "default":
            self.curr_port = rec.dst_port_seq or DEF_START_PORT
            self.port = self.curr_port & 0xFFFF
        else:
            self.curr_port = 0
            self.port = (rec.dst_port_seq or DEF_UDP_PORT) & 0xFFFF
        self.coverage = 0
        if rec.method == "udplite":
            self.protocol = IPPROTO_UDPLITE
            self.coverage = self.options.get("coverage") or 8
        self.data = pattern(self.engine.data_len)

    def send_probe(self, pb, ttl):
        engine = self.engine
        sk = engine.socket(self.af, SOCK_DGRAM, self.protocol)
        engine.tune_socket(sk)
        if self.coverage:
            engine.setsockopt(sk, IPPROTO_UDPLITE, UDPLITE_SEND_CSCOV, self.coverage, "UDPLITE_SEND_CSCOV")
            engine.setsockopt(sk, IPPROTO_UDPLITE, UDPLITE_RECV_CSCOV, 8, "UDPLITE_RECV_CSCOV")
        engine.set_ttl(sk, ttl)
        engine.connect(sk, self.dest(self.port))
        engine.use_recverr(sk)
        pb.send_time = engine.get_time()
        if engine.do_send(sk, self.data[:engine.data_len], None) < 0:
            engine.close(sk)
            pb.send_time = 0.0
            return
        pb.sk = sk
        engine.add_poll(sk, POLLIN | POLLERR)
        pb.seq = self.port
        if self.curr_port:
            self.curr_port = (self.curr_port + 1) & 0xFFFFFFFF
            self.port = self.curr_port & 0xFFFF

    def check_reply(self, sk, err, sender, buf):
        pb = self.engine.probe_by_sk(sk)
        if pb is None or pb.seq != port_of(sender):
            return None
        if not err:
            pb.final = 1
        return pb


class Icmp(Method):
    """-I: echo requests on one socket, raw if allowed, else datagram."""

    def init(self):
        engine, rec = self.engine, self.rec
        self.seq = (rec.dst_port_seq or 1) & 0xFFFF
        self.last_ttl = 0
        if engine.data_len < 8:
            engine.data_len = 8
        self.data = bytearray(8) + pattern(engine.data_len, 8)
        protocol = IPPROTO_ICMP if self.af == AF_INET else IPPROTO_ICMPV6
        raw, dgram = self.options.get("raw"), self.options.get("dgram")
        sk = -1
        if not raw:
            try:
                sk = engine.calls.socket(self.af, SOCK_DGRAM, protocol)
            except OSError as err:
                if dgram:
                    raise Fatal("socket", err)
        if not dgram:
            try:
                raw_sk = engine.calls.socket(self.af, SOCK_RAW, protocol)
            except OSError as err:
                if raw or sk < 0:
                    raise Fatal("socket", err, perm=True)
                dgram = 1
            else:
                engine.close(sk)          # the traditional raw way when it can
                sk = raw_sk
        self.sk = sk
        engine.tune_socket(sk)
        engine.connect(sk, self.dest())
        engine.use_recverr(sk)
        if dgram:
            self.ident = port_of(engine.getsockname(sk)) & 0xFFFF
        else:
            self.ident = engine.calls.getpid() & 0xFFFF
        engine.add_poll(sk, POLLIN | POLLERR)

    def send_probe(self, pb, ttl):
        engine = self.engine
        if ttl != self.last_ttl:
            engine.set_ttl(self.sk, ttl)
            self.last_ttl = ttl
        data = self.data[:engine.data_len]
        if self.af == AF_INET:
            struct.pack_into("!BBHHH", data, 0, 8, 0, 0, self.ident, self.seq)
            struct.pack_into("!H", data, 2, in_csum(bytes(data)))
        else:   # the kernel fills in the ICMPv6 checksum
            struct.pack_into("!BBHHH", data, 0, 128, 0, 0, self.ident, self.seq)
        pb.send_time = engine.get_time()
        if engine.do_send(self.sk, bytes(data), None) < 0:
            pb.send_time = 0.0
            return
        pb.seq = self.seq
        self.seq = (self.seq + 1) & 0xFFFF

    def check_reply(self, sk, err, sender, buf):
        if len(buf) < 8:
            return None
        kind, _code, _sum, ident, seq = struct.unpack_from("!BBHHH", buf, 0)
        if ident != self.ident:
            return None
        pb = self.engine.probe_by_seq(seq)
        if pb is None:
            return None
        if not err:
            if kind != (0 if self.af == AF_INET else 129):
                return None
            pb.final = 1
        return pb


class _HalfOpen(Method):
    """What tcp and dccp share: a raw socket that sends hand-made headers,
    and per probe a socket that only holds its source port."""

    protocol = 0

    def open_raw(self):
        engine = self.engine
        sk = engine.socket(self.af, SOCK_RAW, self.protocol, perm=True)
        engine.tune_socket(sk)
        engine.connect(sk, self.dest())
        self.source = _res_of(engine.getsockname(sk))[1]
        self.sk = sk
        self.last_ttl = 0
        self.rand = _Random(engine.calls.getpid() ^ engine.calls.clock_ns(1))
        return sk

    def pseudo_header(self, length):
        """The checksum's pseudo header as traceroute lays it out: source,
        destination, length, protocol (16 bits each: the same sum)."""
        import _socket as socket

        family = AF_INET if self.af == AF_INET else AF_INET6
        return (socket.inet_pton(family, self.source) + socket.inet_pton(family, self.rec.dst_addr.address)
                + struct.pack("!HH", length, self.protocol))

    def hold_port(self, reuse=False):
        """A bound, unused socket whose port the probe uses: (fd, port)."""
        engine = self.engine
        kind = SOCK_STREAM if self.protocol == IPPROTO_TCP else SOCK_DCCP
        sk = engine.socket(self.af, kind, 0 if self.protocol == IPPROTO_TCP else IPPROTO_DCCP)
        if reuse:
            engine.setsockopt(sk, SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt SO_REUSEADDR")
        engine.bind_socket(sk)
        return sk, port_of(engine.getsockname(sk))

    def send_header(self, pb, ttl, sk, port, header):
        engine = self.engine
        if ttl != self.last_ttl:
            engine.set_ttl(self.sk, ttl)
            self.last_ttl = ttl
        pb.send_time = engine.get_time()
        if engine.do_send(self.sk, header, None) < 0:
            engine.close(sk)
            pb.send_time = 0.0
            return
        pb.seq = port
        pb.sk = sk

    def match(self, err, sender, buf):
        """The probe an answer (or the error queue's copy of a probe) is
        for, by its ports; None when it is not ours."""
        if len(buf) < 8:
            return None
        sport, dport = struct.unpack_from("!HH", buf, 0)
        if not err:
            sport, dport = dport, sport
        if dport != self.dest_port or not self.same_as_dest(sender):
            return None
        return self.engine.probe_by_seq(sport)


TCP_FLAG_NAMES = (("fin", 0x01), ("syn", 0x02), ("rst", 0x04), ("psh", 0x08),
                  ("ack", 0x10), ("urg", 0x20), ("ece", 0x40), ("cwr", 0x80))
FL_FLAGS, FL_ECN, FL_SACK, FL_TSTAMP, FL_WSCALE = 0x100, 0x200, 0x400, 0x800, 0x1000


class Tcp(_HalfOpen):
    """-T: TCP SYN (or -O flags) from a raw socket; the target's SYN+ACK
    or RST ends the trace (the kernel resets the half-open connection)."""

    protocol = IPPROTO_TCP

    def init(self):
        engine, opts = self.engine, self.options
        self.dest_port = (self.rec.dst_port_seq or DEF_TCP_PORT) & 0xFFFF
        sk = self.open_raw()
        mtu = self._mtu(sk)
        engine.use_recverr(sk)
        engine.add_poll(sk, POLLIN | POLLERR)
        flags = opts.get("flags", 0)
        if not flags or opts.get("sysctl"):
            for name, bit in (("ecn", FL_ECN), ("sack", FL_SACK), ("timestamps", FL_TSTAMP),
                              ("window_scaling", FL_WSCALE)):
                if self._sysctl(name):
                    flags |= bit
        if not flags & (FL_FLAGS | 0xFF):
            flags |= 0x02
            if flags & FL_ECN:
                flags |= 0x40 | 0x80
        self.flags = flags
        opts_bytes = b""
        if flags & 0x02:
            opts_bytes += struct.pack("!BBH", 2, 4, (opts.get("mss") or mtu) & 0xFFFF)
        if flags & FL_TSTAMP:
            opts_bytes += bytes([4, 2]) if flags & FL_SACK else bytes([1, 1])
            self.tstamp_at = 20 + len(opts_bytes) + 2
            opts_bytes += bytes([8, 10]) + b"\0" * 8
        elif flags & FL_SACK:
            opts_bytes += bytes([1, 1, 4, 2])
        if flags & FL_WSCALE:
            opts_bytes += bytes([1, 3, 3, 2])
        self.length = 20 + len(opts_bytes)
        self.header = bytearray(struct.pack("!HHIIBBHHH", 0, self.dest_port, 0, 0, (self.length >> 2) << 4,
                                            flags & 0xFF, (4 * mtu) & 0xFFFF, 0, 0)) + opts_bytes
        engine.data_len = self.length

    def _mtu(self, sk):
        """IP_MTU of the connected raw socket (576 at least), less the IP
        and TCP headers: the MSS and a quarter of the window sent."""
        engine = self.engine
        try:
            mtu = engine.calls.getsockopt(sk, SOL_IP if self.af == AF_INET else SOL_IPV6,
                                          IP_MTU if self.af == AF_INET else IPV6_MTU)
        except OSError:
            mtu = 576
        if mtu < 576:
            mtu = 576
        return mtu - (20 if self.af == AF_INET else 40) - 20

    def _sysctl(self, name):
        try:
            text = self.engine.read_file("/proc/sys/net/ipv4/tcp_" + name)
        except OSError:
            return False
        return text[:1] == "1"

    def send_probe(self, pb, ttl):
        sk, port = self.hold_port(bool(self.options.get("reuse")))
        header = self.header
        struct.pack_into("!HHI", header, 0, port, self.dest_port, self.rand.seq())
        if self.flags & FL_TSTAMP:
            struct.pack_into("!II", header, self.tstamp_at, self.rand.seq(),
                             self.rand.seq() if self.flags & 0x10 else 0)
        struct.pack_into("!H", header, 16, 0)
        struct.pack_into("!H", header, 16, in_csum(self.pseudo_header(self.length) + bytes(header)))
        self.send_header(pb, ttl, sk, port, bytes(header))

    def check_reply(self, sk, err, sender, buf):
        pb = self.match(err, sender, buf)
        if pb is None:
            return None
        if not err:
            pb.final = 1
            if self.options.get("info"):
                flags = buf[13] if len(buf) > 13 else 0
                pb.ext = ",".join(name for name, bit in TCP_FLAG_NAMES if flags & bit)
        return pb


class Dccp(_HalfOpen):
    """-D: a DCCP Request from a raw socket."""

    protocol = IPPROTO_DCCP

    def init(self):
        engine = self.engine
        self.dest_port = (self.rec.dst_port_seq or DEF_DCCP_PORT) & 0xFFFF
        sk = self.open_raw()
        engine.use_recverr(sk)
        engine.add_poll(sk, POLLIN | POLLERR)
        service = self.options.get("service", 1885957735) & 0xFFFFFFFF
        # sport, dport, data offset (5 words), CCVal/CsCov, checksum,
        # X=1 and type Request (0), the high sequence bytes (0), then the
        # low sequence number and the service code
        self.header = bytearray(struct.pack("!HHBBHBBHII", 0, self.dest_port, 5, 0, 0, 0x80, 0, 0, 0, service))
        engine.data_len = 20

    def send_probe(self, pb, ttl):
        sk, port = self.hold_port()
        header = self.header
        struct.pack_into("!H", header, 0, port)
        struct.pack_into("!I", header, 12, self.rand.seq())
        struct.pack_into("!H", header, 6, 0)
        struct.pack_into("!H", header, 6, in_csum(self.pseudo_header(20) + bytes(header)))
        self.send_header(pb, ttl, sk, port, bytes(header))

    def check_reply(self, sk, err, sender, buf):
        pb = self.match(err, sender, buf)
        if pb is not None and not err:
            pb.final = 1
        return pb


class Raw(Method):
    """-P PROTO: bare IP packets of that protocol, one probe at a time."""

    def init(self):
        engine = self.engine
        # a C int: -P -1 is -1
        self.protocol = _c_int(self.rec.dst_port_seq or self.options.get("protocol", 253))
        self.data = pattern(engine.data_len)
        # Python reads a protocol of -1 as "the default" (0); the kernel
        # refuses any negative one as it refuses those past IPPROTO_MAX (EINVAL)
        sk = engine.socket(self.af, SOCK_RAW, self.protocol if self.protocol >= 0 else 0x7FFFFFFF, perm=True)
        engine.tune_socket(sk)
        engine.connect(sk, self.dest())
        engine.use_recverr(sk)
        engine.add_poll(sk, POLLIN | POLLERR)
        self.sk, self.last_ttl, self.seq = sk, 0, 0

    def send_probe(self, pb, ttl):
        engine = self.engine
        if ttl != self.last_ttl:
            engine.set_ttl(self.sk, ttl)
            self.last_ttl = ttl
        pb.send_time = engine.get_time()
        if engine.do_send(self.sk, self.data[:engine.data_len], None) < 0:
            pb.send_time = 0.0
            return
        self.seq += 1
        pb.seq = self.seq

    def check_reply(self, sk, err, sender, buf):
        if not self.same_as_dest(sender):
            return None
        pb = self.engine.probe_by_seq(self.seq)
        if pb is not None and not err:
            pb.final = 1
        return pb


def _c_int(value):
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


class _Random:
    """random_seq(): numbers for TCP and DCCP sequence fields (a small
    xorshift generator seeded from the pid and the clock, which the seam
    records, so a replay sends the same bytes)."""

    def __init__(self, seed):
        self.state = (seed & 0xFFFFFFFFFFFFFFFF) or 0x9E3779B97F4A7C15

    def seq(self):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 7
        x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
        self.state = x
        return x & 0xFFFFFFFF


METHODS = {"default": Udp, "udp": Udp, "udplite": Udp, "icmp": Icmp, "tcp": Tcp, "dccp": Dccp, "raw": Raw}
