"""The probing engine: traceroute.c's do_it() loop, recv_reply() and the
socket set-up every method shares (tune_socket), over the socket seam.

Every socket call, poll and clock reading goes through `calls`
(pynettools/kernel/netio.py), so a recorded run replays exactly: times are
gettimeofday's (netio.clock_ns(0)) or the kernel's receive stamps
(SO_TIMESTAMP).  The methods ("modules": default UDP, udp, udplite, icmp,
tcp, dccp, raw) live in methods.py; what is printed, in printer.py.
"""
import errno as _errno
import struct

from pynettools.kernel import icmp as _icmp
from pynettools.tools.traceroute import probes as _probes

AF_INET, AF_INET6 = 2, 10
SOL_SOCKET, SOL_IP, SOL_IPV6 = 1, 0, 41
SO_DEBUG, SO_DONTROUTE, SO_BINDTODEVICE, SO_TIMESTAMP, SO_MARK = 1, 5, 25, 29, 36
IP_TOS, IP_TTL, IP_OPTIONS, IP_MTU_DISCOVER, IP_RECVERR, IP_RECVTTL = 1, 2, 4, 10, 11, 12
IPV6_UNICAST_HOPS, IPV6_MTU_DISCOVER, IPV6_RECVERR, IPV6_FLOWLABEL_MGR = 16, 23, 25, 32
IPV6_FLOWINFO_SEND, IPV6_RECVHOPLIMIT, IPV6_HOPLIMIT, IPV6_RTHDR, IPV6_TCLASS = 33, 51, 52, 57, 67
PMTUDISC_DONT, PMTUDISC_DO, PMTUDISC_PROBE = 0, 2, 3
MSG_ERRQUEUE = 0x2000
POLLIN, POLLERR = 0x1, 0x8


class Fatal(Exception):
    """error(): traceroute prints a newline, then perror(what), and exits 1;
    error_or_perm() says first that the method needs privileges."""

    def __init__(self, what, err, perm=False):
        Exception.__init__(self, what)
        self.what, self.err, self.perm = what, err, perm

    def text(self):
        import os

        code = self.err.errno if isinstance(self.err, OSError) else self.err
        lead = "You do not have enough privileges to use this traceroute method." \
            if self.perm and code == _errno.EPERM else ""
        return "%s\n%s: %s\n" % (lead, self.what, os.strerror(code) if code else "Success")


class Engine:
    """One run of traceroute: the settings (args.TracerouteArgs), the
    socket calls, and where the text goes."""

    def __init__(self, rec, calls, out, name_of=None, as_path_of=None, read_file=None):
        from pynettools.tools.traceroute import printer

        self.rec = rec
        self.calls = calls
        self.out = out
        self.af = rec.af
        self.data_len = rec.data_len
        self.num_probes = rec.max_hops * rec.probes_per_hop
        self.probes = [_probes.Probe() for _ in range(self.num_probes)]
        self.pfd = []                        # poll.c's pollfd array: [fd, events, revents]
        self.printer = printer.Printer(rec.probes_per_hop, name_of, as_path_of, rec.backward)
        self.rtbuf = _rtbuf(rec)
        self.method = None
        self.read_file = read_file          # a /proc/sys file's text (tcp's sysctls), through the seam

    # ---- time --------------------------------------------------------------

    def get_time(self):
        """get_time(): gettimeofday() as seconds, a double."""
        ns = self.calls.clock_ns(0)
        return ((ns // 1000) % 1000000) / 1000000. + ns // 1000000000

    # ---- the loop ----------------------------------------------------------

    def run(self):
        """main() from the method's init on, then do_it()."""
        from pynettools.tools.traceroute import methods, printer

        rec = self.rec
        self.method = methods.METHODS[rec.method](self)
        self.method.init()
        self.write(printer.header(rec.dst_name, rec.dst_addr.address, rec.max_hops,
                                  rec.header_len + self.data_len))
        self.do_it()
        self.write("\n")
        return 0

    def write(self, text):
        self.out.write(text)
        self.out.flush()

    def do_it(self):
        rec, probes = self.rec, self.probes
        per_hop = rec.probes_per_hop
        start, end = (rec.first_hop - 1) * per_hop, self.num_probes
        last_send = 0.0
        while start < end:
            num, next_time = 0, 0.0
            now_time = self.get_time()
            n = start
            while n < end:
                pb = probes[n]
                if n == start and not pb.done and pb.send_time:
                    expire_time = pb.send_time + self.timeout(n)
                    if expire_time > now_time:
                        next_time = expire_time
                    else:
                        self.method.expire_probe(pb)
                        _probes.check_expired(probes, n, per_hop)
                if pb.done:
                    if n == start:
                        self.printer.probe(probes, n, self.write)
                        start += 1
                    if pb.final:
                        end = (n // per_hop + 1) * per_hop
                    n += 1
                    continue
                if not pb.send_time:
                    if rec.send_secs:
                        wait_until = last_send + rec.send_secs
                        if wait_until > now_time:
                            next_time = wait_until
                            break
                    self.method.send_probe(pb, n // per_hop + 1)
                    if not pb.send_time:
                        if next_time:
                            break
                        raise Fatal("send probe", self.last_send_errno)
                    last_send = pb.send_time
                if not next_time:
                    next_time = pb.send_time + self.timeout(n)
                num += 1
                if num >= rec.sim_probes:
                    break
                n += 1
            if next_time:
                timeout = next_time - self.get_time()
                self.do_poll(timeout if timeout > 0 else 0)

    def timeout(self, idx):
        rec = self.rec
        return _probes.get_timeout(self.probes, idx, rec.probes_per_hop, rec.wait_secs,
                                   rec.here_factor, rec.near_factor)

    # ---- poll.c ------------------------------------------------------------

    def add_poll(self, fd, events):
        for slot in self.pfd:
            if slot[0] <= 0:
                slot[0], slot[1] = fd, events
                return
        self.pfd.append([fd, events, 0])

    def del_poll(self, fd):
        for slot in self.pfd:
            if slot[0] == fd:
                slot[0] = -1
                return

    def _cleanup_polls(self):
        """Moves the live entries to the front (their order kept); how many."""
        live = [slot for slot in self.pfd if slot[0] > 0]
        dead = [slot for slot in self.pfd if slot[0] <= 0]
        self.pfd = live + dead
        return len(live)

    def do_poll(self, timeout):
        import math

        nfds = self._cleanup_polls()
        if not nfds:
            return
        entries = [(slot[0], slot[1]) for slot in self.pfd[:nfds]]
        try:
            ready = self.calls.poll(entries, int(math.ceil(timeout * 1000)))
        except OSError as err:
            if err.errno == _errno.EINTR:
                return
            raise Fatal("poll", err)
        for slot, revents in zip(self.pfd[:nfds], ready):
            slot[2] = revents
        for slot in list(self.pfd[:nfds]):
            if slot[2]:
                revents, slot[2] = slot[2], 0
                self.method.recv_probe(slot[0], revents)

    # ---- sockets -----------------------------------------------------------

    def socket(self, family, kind, proto, perm=False):
        try:
            return self.calls.socket(family, kind, proto)
        except OSError as err:
            raise Fatal("socket", err, perm)

    def setsockopt(self, fd, level, name, value, what):
        try:
            self.calls.setsockopt(fd, level, name, value)
        except OSError as err:
            if what is None:
                return False
            raise Fatal(what, err)
        return True

    def close(self, fd):
        if fd >= 0:
            try:
                self.calls.close(fd)
            except OSError:
                pass

    def tune_socket(self, sk):
        """tune_socket(): the options every probe socket gets, then bind."""
        rec = self.rec
        if rec.debug:
            self.setsockopt(sk, SOL_SOCKET, SO_DEBUG, 1, "setsockopt SO_DEBUG")
        if rec.fwmark:
            self.setsockopt(sk, SOL_SOCKET, SO_MARK, rec.fwmark, "setsockopt SO_MARK")
        if self.rtbuf:
            if self.af == AF_INET:
                self.setsockopt(sk, SOL_IP, IP_OPTIONS, self.rtbuf, "setsockopt IP_OPTIONS")
            else:
                self.setsockopt(sk, SOL_IPV6, IPV6_RTHDR, self.rtbuf, "setsockopt IPV6_RTHDR")
        self.bind_socket(sk)
        level, name, what = (SOL_IP, IP_MTU_DISCOVER, "setsockopt IP_MTU_DISCOVER") if self.af == AF_INET \
            else (SOL_IPV6, IPV6_MTU_DISCOVER, "setsockopt IPV6_MTU_DISCOVER")
        if not self.setsockopt(sk, level, name, PMTUDISC_PROBE if rec.dontfrag else PMTUDISC_DONT,
                               None if rec.dontfrag else what):
            self.setsockopt(sk, level, name, PMTUDISC_DO, what)
        if self.af == AF_INET:
            if rec.tos:
                self.setsockopt(sk, SOL_IP, IP_TOS, rec.tos, "setsockopt IP_TOS")
        else:
            if rec.flow_label:
                self.setsockopt(sk, SOL_IPV6, IPV6_FLOWLABEL_MGR, self._flowlabel_req(),
                                "setsockopt IPV6_FLOWLABEL_MGR")
            if rec.tos:
                self.setsockopt(sk, SOL_IPV6, IPV6_TCLASS, rec.tos, "setsockopt IPV6_TCLASS")
            if rec.tos or rec.flow_label:
                self.setsockopt(sk, SOL_IPV6, IPV6_FLOWINFO_SEND, 1, "setsockopt IPV6_FLOWINFO_SEND")
        if rec.noroute:
            self.setsockopt(sk, SOL_SOCKET, SO_DONTROUTE, rec.noroute, "setsockopt SO_DONTROUTE")
        self.setsockopt(sk, SOL_SOCKET, SO_TIMESTAMP, 1, None)
        if self.af == AF_INET:
            self.setsockopt(sk, SOL_IP, IP_RECVTTL, 1, None)
        else:
            self.setsockopt(sk, SOL_IPV6, IPV6_RECVHOPLIMIT, 1, None)
        self.calls.set_blocking(sk, False)

    def _flowlabel_req(self):
        """struct in6_flowlabel_req: get (create) the label for the target."""
        import _socket as socket

        dst = socket.inet_pton(AF_INET6, self.rec.dst_addr.address)
        # flr_label, flr_action IPV6_FL_A_GET (0), flr_share IPV6_FL_S_ANY (255),
        # flr_flags IPV6_FL_F_CREATE (1), expires, linger, pad
        return dst + struct.pack("!I", self.rec.flow_label & 0xFFFFF) + struct.pack("=BBHHHI", 0, 255, 1, 0, 0, 0)

    def sockaddr(self, addr, port=None):
        """A Python socket address of args.Addr (port: another one)."""
        port = addr.port if port is None else port
        if addr.family == AF_INET6:
            # traceroute puts -t's traffic class above the 20-bit label;
            # Python takes the label only (IPV6_TCLASS sets the class)
            return (addr.address, port, addr.flowinfo & 0xFFFFF, addr.scope_id)
        return (addr.address, port)

    def bind_socket(self, sk):
        rec = self.rec
        if rec.device is not None:
            self.setsockopt(sk, SOL_SOCKET, SO_BINDTODEVICE,
                            rec.device.encode("utf-8", "surrogateescape") + b"\0", "setsockopt SO_BINDTODEVICE")
        if rec.src_addr is None:
            address = ("0.0.0.0", 0) if self.af == AF_INET else ("::", 0, 0, 0)
        else:
            address = self.sockaddr(rec.src_addr)
        try:
            self.calls.bind(sk, address)
        except OSError as err:
            raise Fatal("bind", err)

    def connect(self, sk, address):
        code = self.calls.connect(sk, address)
        if code:
            raise Fatal("connect", code)

    def getsockname(self, sk):
        try:
            return self.calls.getsockname(sk)
        except OSError as err:
            raise Fatal("getsockname", err)

    def use_recverr(self, sk):
        if self.af == AF_INET:
            self.setsockopt(sk, SOL_IP, IP_RECVERR, 1, "setsockopt IP_RECVERR")
        else:
            self.setsockopt(sk, SOL_IPV6, IPV6_RECVERR, 1, "setsockopt IPV6_RECVERR")

    def set_ttl(self, sk, ttl):
        if self.af == AF_INET:
            self.setsockopt(sk, SOL_IP, IP_TTL, ttl, "setsockopt IP_TTL")
        else:
            self.setsockopt(sk, SOL_IPV6, IPV6_UNICAST_HOPS, ttl, "setsockopt IPV6_UNICAST_HOPS")

    def do_send(self, sk, data, address):
        """do_send(): the bytes sent; -1 when the kernel has no room now
        (ENOBUFS, EAGAIN: tried again later), 0 for EMSGSIZE and
        EHOSTUNREACH (the error queue says more), Fatal otherwise."""
        try:
            return self.calls.sendto(sk, data, 0, address)
        except OSError as err:
            self.last_send_errno = err.errno
            if err.errno in (_errno.ENOBUFS, _errno.EAGAIN):
                return -1
            if err.errno in (_errno.EMSGSIZE, _errno.EHOSTUNREACH):
                return 0
            raise Fatal("send", err)

    last_send_errno = 0

    def probe_by_sk(self, sk):
        if sk <= 0:
            return None
        for pb in self.probes:
            if pb.sk == sk:
                return pb
        return None

    def probe_by_seq(self, seq):
        if seq <= 0:
            return None
        for pb in self.probes:
            if pb.seq == seq:
                return pb
        return None

    def probe_done(self, pb):
        if pb.sk:
            self.del_poll(pb.sk)
            self.close(pb.sk)
            pb.sk = 0
        pb.seq = 0
        pb.done = 1

    # ---- recv_reply() ------------------------------------------------------

    def recv_reply(self, sk, err, check_reply):
        """Reads one message (the error queue when poll said POLLERR), finds
        its probe, and fills in the answer: who, when, the ICMP error."""
        rec = self.rec
        try:
            data, ancillary, _flags, sender = self.calls.recvmsg(sk, 1280, 1024, MSG_ERRQUEUE if err else 0)
        except OSError:
            return False
        self._recv_one(sk, err, check_reply, data, ancillary, sender)
        return True

    def polled(self, fd):
        """Whether fd is still among the polled (a probe's socket is closed once it is done)."""
        return any(slot[0] == fd for slot in self.pfd)

    def _recv_one(self, sk, err, check_reply, data, ancillary, sender):
        rec = self.rec
        buf = bytes(data)
        if not err and self.af == AF_INET and self.method.header_len == 0:
            # a raw IPv4 socket hands up the IP header too (traceroute
            # assumes so for every method without a header of its own,
            # ICMP datagram sockets included)
            if len(buf) < 20:
                return
            hlen = (buf[0] & 0x0F) << 2
            if len(buf) < hlen:
                return
            buf = buf[hlen:]
        pb = check_reply(sk, err, sender, buf)
        if pb is None:
            # a probe over the local MTU: kernels since 3.13 queue a local
            # error with no packet in it
            if not buf and err and rec.dontfrag:
                pb = self.probes[(rec.first_hop - 1) * rec.probes_per_hop]
                if pb.done:
                    return
            else:
                return
        recv_time, recv_ttl, ee = 0.0, 0, None
        for level, kind, cdata in ancillary:
            if level == SOL_SOCKET and kind == SO_TIMESTAMP and len(cdata) >= 16:
                sec, usec = struct.unpack_from("=qq", cdata, 0)
                recv_time = sec + usec / 1000000.
            elif level == SOL_IP and kind == IP_TTL and len(cdata) >= 4:
                recv_ttl, = struct.unpack_from("=i", cdata, 0)
            elif level == SOL_IP and kind == IP_RECVERR:
                ee = _icmp.extended_err(cdata)
                if ee is None or ee.origin not in (_icmp.SO_EE_ORIGIN_ICMP, _icmp.SO_EE_ORIGIN_LOCAL):
                    return
                if ee.origin == _icmp.SO_EE_ORIGIN_ICMP and ee.type in (_icmp.ICMP_SOURCE_QUENCH,
                                                                        _icmp.ICMP_REDIRECT):
                    return
            elif level == SOL_IPV6 and kind == IPV6_HOPLIMIT and len(cdata) >= 4:
                recv_ttl, = struct.unpack_from("=i", cdata, 0)
            elif level == SOL_IPV6 and kind == IPV6_RECVERR:
                ee = _icmp.extended_err(cdata)
                if ee is None or ee.origin not in (_icmp.SO_EE_ORIGIN_ICMP6, _icmp.SO_EE_ORIGIN_LOCAL):
                    return
        if not recv_time:
            recv_time = self.get_time()
        if not err:
            pb.res = _res_of(sender)
        pb.recv_time = recv_time
        pb.recv_ttl = recv_ttl
        if ee is not None and ee.origin != _icmp.SO_EE_ORIGIN_LOCAL:
            pb.res = (self.af, ee.offender) if ee.offender else None
            _probes.parse_icmp_res(pb, self.af == AF_INET6, ee.type, ee.code, ee.info)
        if ee is not None and ee.origin == _icmp.SO_EE_ORIGIN_LOCAL:
            try:
                _probes.parse_local_res(pb, ee.errno, ee.info)
            except OSError as why:
                raise Fatal("local recverr", why)
        if ee is not None and rec.mtudisc and rec.header_len <= ee.info < rec.header_len + self.data_len:
            # --mtu: a smaller MTU on the way; send this probe again, that
            # small, and show the MTU ("F=N") with it
            self.data_len = ee.info - rec.header_len
            self.probe_done(pb)
            pb.clear()
            pb.err_str = ("F=%d" % _probes.c_int(ee.info))[:14]
            return
        if ee is not None and rec.extension and self._may_extend(ee, len(buf)):
            offs = 128 - rec.header_len
            step = 0 if len(buf) > self.data_len else (4 if self.af == AF_INET else 8)
            from pynettools.tools.traceroute import extensions

            text = extensions.handle(buf[offs:], step)
            if text is not None:
                pb.ext = text
        self.probe_done(pb)

    def _may_extend(self, ee, n):
        """RFC 4884: an ICMP error long enough to carry extensions."""
        header_len = self.rec.header_len
        if header_len + n < 128 + 8 or header_len > 128:
            return False
        if self.af == AF_INET:
            return ee.type in (_icmp.ICMP_TIME_EXCEEDED, _icmp.ICMP_DEST_UNREACH, _icmp.ICMP_PARAMETERPROB)
        return ee.type in (_icmp.ICMP6_TIME_EXCEEDED, _icmp.ICMP6_DST_UNREACH)


def _res_of(sender):
    """The sender of a message (a Python socket address) as a probe's res:
    (family, address text), None when the kernel named none."""
    if not isinstance(sender, tuple) or not sender:
        return None
    return (AF_INET6 if len(sender) == 4 else AF_INET, sender[0])


def port_of(sender):
    """The port of a Python socket address (0 when there is none)."""
    return sender[1] if isinstance(sender, tuple) and len(sender) > 1 else 0


def _rtbuf(rec):
    """init_ip_options(): IPv4's loose source route option through -g's
    gateways to the target, or IPv6's routing header."""
    if not rec.gateways:
        return b""
    import _socket as socket

    if rec.af == AF_INET:
        hops = [socket.inet_aton(g.address) for g in rec.gateways] + [socket.inet_aton(rec.dst_addr.address)]
        return bytes([1, 131, len(hops) * 4 + 3, 4]) + b"".join(hops)
    head = bytes([0, 2 * len(rec.gateways), rec.ipv6_rthdr_type & 0xFF, len(rec.gateways) & 0xFF]) + b"\0" * 4
    return head + b"".join(socket.inet_pton(AF_INET6, g.address) for g in rec.gateways)
