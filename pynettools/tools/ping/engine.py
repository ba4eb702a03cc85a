"""ping's engine: the sockets, the name lookups and the send/receive loop of
iputils 20221126 (ping.c's main and ping4_run, ping6_common.c's ping6_run,
ping_common.c's setup, main_loop, pinger and gather_statistics), with
every socket call through the socket seam (kernel/netio.py) and every name
lookup through the kernel seam, so a recorded run replays exactly.  The
text goes through lines.py; this module only decides when and what.

Clocks, as ping reads them (all through calls.clock_ns):
  CLOCK_REALTIME (gettimeofday): the timeval sent in each request, -D's
      stamps, and the receive time when the kernel gives no SO_TIMESTAMP;
  the SO_TIMESTAMP control message: when the kernel received the reply;
  CLOCK_MONOTONIC_RAW: the send schedule (pinger's token bucket), the
      "time Nms" of the statistics (start to the last send) and ipg.
ping's SIGALRM timers (-w, and the wait after the last request of -c) are
deadlines on CLOCK_MONOTONIC_RAW here: no wait lasts past them.  SIGINT
(KeyboardInterrupt) and SIGQUIT (netio.Interrupted("quit")) come out of
the waiting call as ping's handlers' flags.

Performance: one request and its reply is a handful of calls; the hot
path (pinger, receive, parse, statistics) avoids anything per packet that
ping does not do (the payload after the timeval and its checksum are
computed once).  `ping -f` in live mode runs flood_loop(), main_loop()
written out in one function for its budget (issue 14: within 2x iputils'
time); recording, replay and trace keep the general loop.
"""
import struct

from pynettools.kernel.netio import Interrupted, LiveCalls
from pynettools.tools.ping import args as _args
from pynettools.tools.ping import lines

AF_INET, AF_INET6 = 2, 10
SOCK_DGRAM, SOCK_RAW = 2, 3
IPPROTO_ICMP, IPPROTO_ICMPV6 = 1, 58
SOL_SOCKET, SOL_IP, SOL_RAW, SOL_IPV6 = 1, 0, 255, 41
SO_DEBUG, SO_DONTROUTE, SO_BROADCAST, SO_SNDBUF, SO_RCVBUF = 1, 5, 6, 7, 8
SO_RCVTIMEO, SO_SNDTIMEO, SO_BINDTODEVICE, SO_TIMESTAMP, SO_MARK = 20, 21, 25, 29, 36
IP_TOS, IP_TTL, IP_OPTIONS, IP_RETOPTS, IP_MTU_DISCOVER, IP_RECVERR, IP_RECVTTL = 1, 2, 4, 7, 10, 11, 12
IP_MULTICAST_TTL, IP_MULTICAST_LOOP = 33, 34
ICMP_FILTER = 1
IPV6_CHECKSUM, IPV6_UNICAST_HOPS, IPV6_MULTICAST_HOPS, IPV6_MULTICAST_LOOP = 7, 16, 18, 19
IPV6_MTU_DISCOVER, IPV6_RECVERR, IPV6_FLOWLABEL_MGR, IPV6_FLOWINFO_SEND = 23, 25, 32, 33
IPV6_RECVHOPLIMIT, IPV6_HOPLIMIT, IPV6_TCLASS, ICMP6_FILTER = 51, 52, 67, 1
MSG_DONTWAIT, MSG_CONFIRM, MSG_ERRQUEUE = 0x40, 0x800, 0x2000
POLLIN, POLLERR = 0x1, 0x8
CLOCK_REALTIME, CLOCK_MONOTONIC_RAW = 0, 4
EPERM, EINTR, EAGAIN, ENOMEM, EACCES, EINVAL, EMSGSIZE = 1, 4, 11, 12, 13, 22, 90
EPROTONOSUPPORT, EAFNOSUPPORT, ENETUNREACH, ENOBUFS, EHOSTUNREACH = 93, 97, 101, 105, 113
SO_EE_ORIGIN_LOCAL, SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6 = 1, 2, 3
MININTERVAL = 10              # ms
HZ = 100                      # sysconf(_SC_CLK_TCK)
MAX_DUP_CHK = 0x10000
NI_QUERY, NI_REPLY = 139, 140
# args.py's subject types -> the code of the query (iputils_ni.h: IPv6 0, FQDN 1, IPv4 2)
_NI_SUBJECT_CODE = {_args.NI_SUBJ_IPV6: 0, _args.NI_SUBJ_FQDN: 1, _args.NI_SUBJ_IPV4: 2}
NI_IDN = 32
# ICMP types the raw IPv4 socket lets through (ICMP_FILTER holds the blocked ones)
_FILTER4 = ~((1 << 4) | (1 << 3) | (1 << 11) | (1 << 12) | (1 << 5) | (1 << 0)) & 0xFFFFFFFF
_FILTER4_AFTER_ERROR = ~((1 << 4) | (1 << 5) | (1 << 0)) & 0xFFFFFFFF


class Stop(Exception):
    """ping exits: error(status, ...) was printed already."""

    def __init__(self, code):
        Exception.__init__(self, code)
        self.code = code


def _schint(ms):
    return MININTERVAL if ms <= MININTERVAL else ms


def _strerror(code):
    import os

    return os.strerror(code)


def _sum16(data):
    """The 16-bit big-endian words of data summed (a checksum's first step)."""
    if len(data) % 2:
        data = bytes(data) + b"\0"
    return sum(struct.unpack("!%dH" % (len(data) // 2), data))


def _fold(total):
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


class Out:
    """ping's stdout.  Debian's ping writes it unbuffered (strace shows one
    write(2) per printf, the header before the first flood dot), so each
    text goes out at once; fflush() points are kept as flush() calls
    (no-ops now) to mark where ping has them."""

    def __init__(self, env, calls, prog):
        self.stdout = env.stdout
        self.stderr = env.stderr
        self.prog = prog
        self._write = calls.write

    def printf(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    def flush(self):
        pass

    def write_stdout(self, text):
        """ping's write_stdout(): write(2) on fd 1 (the flood dots)."""
        self._write(1, text.encode("ascii"))

    def error(self, text, errno_=None):
        """glibc error(0, errno, ...): "ping: text[: strerror]"."""
        if errno_:
            text = "%s: %s" % (text, _strerror(errno_))
        self.stderr.write("%s: %s\n" % (self.prog, text))
        self.stderr.flush()

    def die(self, code, text, errno_=None):
        self.error(text, errno_)
        raise Stop(code)


class Sock:
    def __init__(self):
        self.fd = -1
        self.socktype = 0


def _gai(host, family, socktype, proto, flags):
    """getaddrinfo() as JSON: [[family, canonname, address, scope_id], ...]."""
    import _socket      # not socket.py: its enums cost milliseconds at start-up

    out = []
    # the name's bytes, as ping hands them to glibc (a str would go through
    # Python's idna codec, and its import costs more than the lookup)
    name = host.encode("utf-8", "surrogateescape")
    for fam, _, _, canon, address in _socket.getaddrinfo(name, None, family, socktype, proto, flags):
        if fam in (AF_INET, AF_INET6):
            out.append([fam, canon or None, address[0], address[3] if fam == AF_INET6 else 0])
    return out


def _gni(address, flags):
    import _socket

    return _socket.getnameinfo(tuple(address), flags)[0]


class Ping:
    """One run of ping after its command line (struct ping_rts)."""

    def __init__(self, r, env, calls, kernel, out):
        self.r = r
        self.env = env
        self.calls = calls
        self.kernel = kernel
        self.out = out
        self.s = lines.Stats()
        self.opt_numeric = r.opt_numeric
        self.opt_latency = r.opt_latency
        self.interval = r.interval
        self.ident = r.ident          # the id on the wire, as ntohs() reads it; -1: the kernel's
        self.exiting = False
        self.status_snapshot = False
        self.multicast = False
        self.timing = False
        self.acked = 0
        self.rcvd = bytearray(MAX_DUP_CHK)
        self.confirm = 0
        self.cur_time = None
        self.tokens = 0
        self.oom_count = 0
        self.alarm_at = None
        self.waittime = 0
        self.rtt_addend = 0
        self.screen_width = 2 ** 31 - 1
        self.optlen = 0
        self.nroute = 0
        self.route = []
        self.hostname = ""
        self.options_memory = lines.OptionMemory()
        self.confirm_flag = MSG_CONFIRM
        self.ni_secret = None         # -N: what the nonces are hashed with

    # ---- main(): sockets, the lookup, the per-family run -----------------------------

    def main(self):
        r = self.r
        socktype = SOCK_RAW if r.raw_socket else SOCK_DGRAM
        family = r.family
        sock4, sock6 = Sock(), Sock()
        if family != AF_INET6:
            self.create_socket(sock4, AF_INET, socktype, IPPROTO_ICMP, family == AF_INET)
        if family != AF_INET:
            self.create_socket(sock6, AF_INET6, socktype, IPPROTO_ICMPV6, sock4.fd == -1)
        if family == 0:
            if sock4.fd == -1:
                family = AF_INET6
            elif sock6.fd == -1:
                family = AF_INET
        if r.opt_verbose:
            self.out.error("sock4.fd: %d (socktype: %s), sock6.fd: %d (socktype: %s), hints.ai_family: %s\n" % (
                sock4.fd, _socktype_name(sock4.socktype), sock6.fd, _socktype_name(sock6.socktype),
                {0: "AF_UNSPEC", 2: "AF_INET", 10: "AF_INET6"}[family]))
        if r.settos:
            self.set_socket_option(sock4, SOL_IP, IP_TOS, r.settos)
            self.set_socket_option(sock6, SOL_IPV6, IPV6_TCLASS, r.settos)
        target = r.target
        if "%" not in target and sock6.socktype == SOCK_DGRAM and _link_local6(target):
            self.out.error("Warning: IPv6 link-local address on ICMP datagram socket may require ifname "
                           "or scope-id => use: address%<ifname|scope-id>")
        try:
            results = self.kernel.lookup("getaddrinfo", _gai, target, 0, SOCK_DGRAM, 17, 2)
        except OSError as err:
            self.out.die(2, "%s: %s" % (target, _gai_text(err)))
        for index, (fam, canon, address, scope) in enumerate(results):
            if r.opt_verbose:
                self.out.printf("ai->ai_family: %s, ai->ai_canonname: '%s'\n" % (
                    {2: "AF_INET", 10: "AF_INET6"}[fam], canon or ""))
            last = index == len(results) - 1
            if family != 0 and family != fam:
                if last:
                    self.out.die(2, "%s: Address family for hostname not supported" % target)
                continue
            if fam == AF_INET:
                code = self.run4(sock4, address, canon if index == 0 else None, last)
            else:
                code = self.run6(sock6, address, scope, last)
            if code >= 0:
                return code
        return 2

    def create_socket(self, sock, family, socktype, protocol, requisite):
        errno_ = 0
        fallback = False
        if socktype == SOCK_DGRAM:
            try:
                sock.fd = self.calls.socket(family, socktype, protocol)
            except OSError as err:
                errno_ = err.errno
                fallback = errno_ in (EPROTONOSUPPORT, EACCES) or (errno_ == EAFNOSUPPORT and family == AF_INET)
        if socktype == SOCK_RAW or fallback:
            socktype = SOCK_RAW
            try:
                sock.fd = self.calls.socket(family, SOCK_RAW, protocol)
            except OSError as err:
                errno_ = err.errno
        sock.socktype = socktype
        if sock.fd != -1:
            return
        if requisite or self.r.opt_verbose:
            self.out.error("socktype: %s" % _socktype_name(socktype))
            self.out.error("socket", errno_)
        if requisite:
            if socktype == SOCK_RAW and self.kernel.lookup("geteuid", _geteuid) != 0:
                self.out.error("=> missing cap_net_raw+p capability or setuid?")
            raise Stop(2)

    def set_socket_option(self, sock, level, name, value):
        if sock.fd == -1:
            return
        try:
            self.calls.setsockopt(sock.fd, level, name, value)
        except OSError as err:
            self.out.die(2, "setsockopt", err.errno)

    def setsockopt(self, fd, level, name, value, what=None, fatal=True):
        """A setsockopt(); on failure error(2 or 0, errno, what).  True when it worked."""
        try:
            self.calls.setsockopt(fd, level, name, value)
            return True
        except OSError as err:
            if what is not None:
                if fatal:
                    self.out.die(2, what, err.errno)
                self.out.error(what, err.errno)
            return False

    # ---- names --------------------------------------------------------------------

    def pr_addr(self, family, address, scope=0):
        """pr_addr(): "NAME (ADDRESS)", or the address alone with -n (or no name)."""
        numeric = address
        if scope and family == AF_INET6:
            try:
                numeric = self.kernel.lookup("getnameinfo", _gni, [address, 0, 0, scope], 1)
            except OSError:
                pass
        if self.exiting or self.opt_numeric:
            return numeric
        sockaddr = [address, 0] if family == AF_INET else [address, 0, 0, scope]
        try:
            name = self.kernel.lookup("getnameinfo", _gni, sockaddr, NI_IDN)
        except OSError:
            name = ""
        return "%s (%s)" % (name, numeric) if name else numeric

    # ---- IPv4: ping4_run() ------------------------------------------------------------

    def run4(self, sock, address, canon, last):
        r = self.r
        self.family = AF_INET
        self.sock = sock
        usage = _args.hop_usage_error(r, AF_INET)
        if usage:
            self.out.flush()
            self.env.stderr.write(usage)
            raise Stop(2)
        operands = r.operands
        if len(operands) > 1 and not r.opt_rroute and not r.opt_timestamp:
            self.opt_sourceroute = True
        else:
            self.opt_sourceroute = False
        for n, word in enumerate(operands):
            final = n == len(operands) - 1
            numeric = _args._inet_aton(word)
            if numeric is not None:
                self.whereto = "%d.%d.%d.%d" % tuple(numeric)
                self.hostname = word
                if final:
                    self.opt_numeric = True
            else:
                if not final:
                    try:
                        found = self.kernel.lookup("getaddrinfo", _gai, word, AF_INET, 0, 17, 2)
                    except OSError as err:
                        self.out.die(2, "%s: %s" % (word, _gai_text(err)))
                    self.whereto, name = found[0][2], found[0][1] or ""
                else:
                    self.whereto, name = address, canon or ""
                self.hostname = name
            if not final:
                self.route.append(self.whereto)
        self.source = r.source or "0.0.0.0"
        dst = self.whereto
        if r.source is None:
            code = self.probe_source4(sock, dst, last)
            if code is not None:
                return code
        elif r.device:
            self.bind_to_device(sock.fd, dst)
        if self.whereto == "0.0.0.0":
            self.whereto = self.source
        first = int(self.whereto.split(".")[0])
        if r.broadcast_pings or 224 <= first <= 239:
            self.multicast = True
            problem = _args.multicast_error(r, AF_INET)
            if problem:
                self.out.die(2, problem)
            if r.pmtudisc < 0:
                r.pmtudisc = 2
        if r.pmtudisc >= 0:
            self.setsockopt(sock.fd, SOL_IP, IP_MTU_DISCOVER, r.pmtudisc, "IP_MTU_DISCOVER")
        set_ident = self.ident > 0 and sock.socktype == SOCK_DGRAM
        port = self.ident if set_ident else 0
        if r.opt_strictsource or set_ident:
            try:
                self.calls.bind(sock.fd, (self.source, port))
            except OSError as err:
                self.out.die(2, "bind", err.errno)
        if sock.socktype == SOCK_RAW:
            self.setsockopt(sock.fd, SOL_RAW, ICMP_FILTER, struct.pack("=I", _FILTER4),
                            "WARNING: setsockopt(ICMP_FILTER)", fatal=False)
        if not self.setsockopt(sock.fd, SOL_IP, IP_RECVERR, 1):
            self.out.error("WARNING: your kernel is veeery old. No problems.")
        if sock.socktype == SOCK_DGRAM:
            self.setsockopt(sock.fd, SOL_IP, IP_RECVTTL, 1, "WARNING: setsockopt(IP_RECVTTL)", fatal=False)
            self.setsockopt(sock.fd, SOL_IP, IP_RETOPTS, 1, "WARNING: setsockopt(IP_RETOPTS)", fatal=False)
        self.ip_options(sock)
        hold = r.datalen + 8
        hold += ((hold + 511) // 512) * (self.optlen + 20 + 16 + 64 + 160)
        self.sock_setbufs(sock, hold)
        if r.broadcast_pings:
            self.setsockopt(sock.fd, SOL_SOCKET, SO_BROADCAST, 1, "cannot set broadcasting")
        if r.opt_noloop:
            self.setsockopt(sock.fd, SOL_IP, IP_MULTICAST_LOOP, 0, "cannot disable multicast loopback")
        if r.opt_ttl:
            self.setsockopt(sock.fd, SOL_IP, IP_MULTICAST_TTL, r.ttl, "cannot set multicast time-to-live")
            self.setsockopt(sock.fd, SOL_IP, IP_TTL, r.ttl, "cannot set unicast time-to-live")
        self.timing = r.datalen >= 16
        self.packlen = r.datalen + 60 + 76
        header = "PING %s (%s) " % (self.hostname, self.whereto)
        if r.device or r.opt_strictsource:
            header += "from %s %s: " % (self.source, r.device or "")
        header += "%d(%d) bytes of data.\n" % (r.datalen, r.datalen + 8 + self.optlen + 20)
        self.out.printf(header)
        self.sendto_address = (self.whereto, 0)
        self.setup(sock)
        if r.opt_connect_sk:
            if self.calls.connect(sock.fd, (dst, 1025)) != 0:
                self.out.die(2, "connect failed")
        return self.main_loop()

    def probe_source4(self, sock, dst, last):
        """The source address: a UDP socket connect()ed towards the target
        (or the first hop) tells what the kernel would choose.  None, or
        -1 to try the next address."""
        r = self.r
        calls = self.calls
        try:
            probe = calls.socket(AF_INET, SOCK_DGRAM, 0)
        except OSError as err:
            self.out.die(2, "socket", err.errno)
        if r.device:
            self.bind_to_device(probe, dst)
            self.bind_to_device(sock.fd, dst)
        if r.settos:
            self.setsockopt(probe, SOL_IP, IP_TOS, r.settos, "warning: QOS sockopts", fatal=False)
        if r.opt_mark:
            self.sock_setmark(probe)
        towards = (self.route[0] if self.route else dst, 1025)
        code = calls.connect(probe, towards)
        if code == EACCES:
            if not r.broadcast_pings:
                self.out.die(2, "Do you want to ping broadcast? Then -b. If not, check your local firewall rules")
            self.out.flush()
            self.env.stderr.write("WARNING: pinging broadcast address\n")
            self.setsockopt(probe, SOL_SOCKET, SO_BROADCAST, 1, "cannot set broadcasting")
            code = calls.connect(probe, towards)
            if code:
                self.out.die(2, "connect", code)
        elif code in (EHOSTUNREACH, ENETUNREACH) and not last:
            calls.close(probe)
            return -1
        elif code:
            self.out.die(2, "connect", code)
        self.source = calls.getsockname(probe)[0]
        if r.device:
            self.check_source_device(AF_INET)
        calls.close(probe)
        return None

    def check_source_device(self, family):
        """-I DEV: ping looks for the source the kernel chose among DEV's
        addresses (getifaddrs()) and warns when it is not there."""
        import _socket

        from pynettools.kernel import addresses

        device = self.r.device
        index = None
        if family == AF_INET6:
            try:
                index = self.kernel.lookup("if_nametoindex", _socket.if_nametoindex, device)
            except OSError:
                index = None
        for addr in addresses.dump(self.kernel, family):
            raw = addr.local if family == AF_INET else addr.address
            if raw is None:
                continue
            named = addr.label == device if family == AF_INET else addr.index == index
            if named and _socket.inet_ntop(family, raw) == _socket.inet_ntop(
                    family, _socket.inet_pton(family, self.source)):
                return
        self.out.error("Warning: source address might be selected on device other than: %s" % device)

    def bind_to_device(self, fd, dst):
        r = self.r
        try:
            self.calls.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, r.device.encode() + b"\0")
        except OSError as err:
            self.out.die(2, "SO_BINDTODEVICE %s" % r.device, err.errno)

    def sock_setmark(self, fd):
        try:
            self.calls.setsockopt(fd, SOL_SOCKET, SO_MARK, self.r.mark)
        except OSError as err:
            self.out.error("WARNING: failed to set mark: %d" % self.r.mark, err.errno)

    def ip_options(self, sock):
        """-R, -T and the IPv4 hops (loose source route) as IP_OPTIONS."""
        r = self.r
        if r.opt_rroute:
            space = bytearray(40)
            space[0], space[1], space[2], space[3] = 1, 7, 39, 4
            self.optlen = 40
            self.setsockopt(sock.fd, SOL_IP, IP_OPTIONS, bytes(space), "record route")
        if r.opt_timestamp:
            space = bytearray(40)
            space[0], space[1], space[2], space[3] = 68, 40 if r.ts_type == 0 else 36, 5, r.ts_type
            if r.ts_type == _args.IPOPT_TS_PRESPEC:
                space[1] = 4 + len(self.route) * 8
                for i, hop in enumerate(self.route):
                    space[4 + i * 8:8 + i * 8] = bytes(int(x) for x in hop.split("."))
            if not self.setsockopt(sock.fd, SOL_IP, IP_OPTIONS, bytes(space[:space[1]])):
                space[3] = 2
                self.setsockopt(sock.fd, SOL_IP, IP_OPTIONS, bytes(space[:space[1]]), "ts option")
            self.optlen = 40
        if self.opt_sourceroute:
            # ping sets a loose (-r: strict) source route option here, with
            # its effective capabilities already dropped (limit_capabilities():
            # even root keeps CAP_NET_RAW only "permitted"), and the kernel
            # refuses a source route without CAP_NET_RAW: every build of
            # ping run this way stops here, so we do not ask
            self.out.die(2, "record route", EPERM)

    def sock_setbufs(self, sock, alloc):
        r = self.r
        sndbuf = r.sndbuf or alloc
        self.setsockopt(sock.fd, SOL_SOCKET, SO_SNDBUF, sndbuf)
        rcvbuf = hold = alloc * r.preload
        if hold < 65536:
            hold = 65536
        self.setsockopt(sock.fd, SOL_SOCKET, SO_RCVBUF, hold)
        try:
            got = self.calls.getsockopt(sock.fd, SOL_SOCKET, SO_RCVBUF)
        except OSError:
            return
        if got < rcvbuf:
            self.out.error("WARNING: probably, rcvbuf is not enough to hold preload")

    # ---- IPv6: ping6_run() --------------------------------------------------------------

    def run6(self, sock, address, scope, last):
        r = self.r
        self.family = AF_INET6
        self.sock = sock
        if r.ni.enabled:
            self.init_nonce(address)
        usage = _args.hop_usage_error(r, AF_INET6)
        if usage:
            self.out.flush()
            self.env.stderr.write(usage)
            raise Stop(2)
        target = r.target
        self.whereto = address
        self.scope = scope
        if ":" in target:
            self.opt_numeric = True
        self.hostname = target
        self.source = r.source6
        if r.source6 is None:
            code = self.probe_source6(sock, last)
            if code is not None:
                return code
        if r.device and r.opt_strictsource:
            try:
                self.calls.setsockopt(sock.fd, SOL_SOCKET, SO_BINDTODEVICE, r.device.encode() + b"\0")
            except OSError as err:
                self.out.die(2, "SO_BINDTODEVICE %s" % r.device, err.errno)
        if address.lower().startswith("ff"):
            self.multicast = True
            problem = _args.multicast_error(r, AF_INET6)
            if problem:
                self.out.die(2, problem)
            if r.pmtudisc < 0:
                r.pmtudisc = 2
        import _socket

        packed = _socket.inet_pton(AF_INET6, address)
        self.subnet_router_anycast = not any(packed[8:])
        if r.pmtudisc >= 0:
            self.setsockopt(sock.fd, SOL_IPV6, IPV6_MTU_DISCOVER, r.pmtudisc, "IPV6_MTU_DISCOVER")
        set_ident = self.ident > 0 and sock.socktype == SOCK_DGRAM
        if r.opt_strictsource or set_ident:
            try:
                self.calls.bind(sock.fd, (self.source or "::", self.ident if set_ident else 0, 0, 0))
            except OSError as err:
                self.out.die(2, "bind icmp socket", err.errno)
        self.timing = r.datalen >= 16 and not r.ni.enabled
        self.packlen = r.datalen + 8 + 4096 + 40 + 8
        self.setsockopt(sock.fd, SOL_IPV6, IPV6_RECVERR, 1, "IPV6_RECVERR")
        hold = r.datalen + 8
        hold += ((hold + 511) // 512) * (40 + 16 + 64 + 160)
        self.sock_setbufs(sock, hold)
        if sock.socktype == SOCK_RAW:
            self.setsockopt(sock.fd, SOL_RAW, IPV6_CHECKSUM, 2,
                            "setsockopt(RAW_CHECKSUM) failed - try to continue", fatal=False)
            blocked = [0xFFFFFFFF] * 8
            passed = NI_REPLY if r.ni.enabled else 129
            blocked[passed >> 5] &= ~(1 << (passed & 31))
            self.setsockopt(sock.fd, IPPROTO_ICMPV6, ICMP6_FILTER, struct.pack("=8I", *blocked),
                            "setsockopt(ICMP6_FILTER)")
        if r.opt_noloop:
            self.setsockopt(sock.fd, SOL_IPV6, IPV6_MULTICAST_LOOP, 0, "can't disable multicast loopback")
        if r.opt_ttl:
            self.setsockopt(sock.fd, SOL_IPV6, IPV6_MULTICAST_HOPS, r.ttl, "can't set multicast hop limit")
            self.setsockopt(sock.fd, SOL_IPV6, IPV6_UNICAST_HOPS, r.ttl, "can't set unicast hop limit")
        self.setsockopt(sock.fd, SOL_IPV6, IPV6_RECVHOPLIMIT, 1, "can't receive hop limit")
        flowlabel = 0
        if r.opt_flowinfo:
            flowlabel = r.flowlabel & 0xFFFFF
            request = struct.pack("!I", flowlabel) + bytes([0, 1]) + struct.pack("=HHH", 1, 0, 0) + b"\0" * 4
            self.setsockopt(sock.fd, SOL_IPV6, IPV6_FLOWLABEL_MGR, packed + request, "can't set flowlabel")
            self.setsockopt(sock.fd, SOL_IPV6, IPV6_FLOWINFO_SEND, 1, "can't send flowinfo")
        header = "PING %s(%s) " % (self.hostname, self.pr_addr(AF_INET6, address, scope))
        if flowlabel:
            header += ", flow 0x%05x, " % flowlabel
        if r.device or r.opt_strictsource:
            header += "from %s %s: " % (self.source, r.device or "")
        header += "%d data bytes\n" % r.datalen
        self.out.printf(header)
        self.sendto_address = (address, IPPROTO_ICMPV6, flowlabel, scope)
        self.setup(sock)
        return self.main_loop()

    def probe_source6(self, sock, last):
        r = self.r
        calls = self.calls
        try:
            probe = calls.socket(AF_INET6, SOCK_DGRAM, 0)
        except OSError as err:
            self.out.die(2, "socket", err.errno)
        if r.device:
            for fd in (probe, sock.fd):
                try:
                    calls.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, r.device.encode() + b"\0")
                except OSError as err:
                    self.out.die(2, "setsockopt(SO_BINDTODEVICE) %s" % r.device, err.errno)
        if r.opt_mark:
            self.sock_setmark(probe)
        if _link_local6(self.whereto):
            # ping leaves firsthop's family unset (AF_UNSPEC) for a link-local
            # destination: its connect() dissolves the association instead,
            # and the source stays "::"
            calls.disconnect(probe, 28)
            code = 0
        else:
            code = calls.connect(probe, (self.whereto, 1025, 0, self.scope))
        if code in (EHOSTUNREACH, ENETUNREACH) and not last:
            calls.close(probe)
            return -1
        if code:
            self.out.die(2, "connect", code)
        self.source = calls.getsockname(probe)[0].partition("%")[0]
        calls.close(probe)
        if r.device:
            self.check_source_device(AF_INET6)
        return None

    # ---- setup() ----------------------------------------------------------------------

    def setup(self, sock):
        r = self.r
        calls = self.calls
        if r.opt_flood and not r.opt_interval:
            self.interval = 0
        r.interval = self.interval
        problem = _args.setup_error(r)
        if problem:
            self.out.die(2, problem)
        fd = sock.fd
        if r.opt_so_debug:
            self.setsockopt(fd, SOL_SOCKET, SO_DEBUG, 1)
        if r.opt_so_dontroute:
            self.setsockopt(fd, SOL_SOCKET, SO_DONTROUTE, 1)
        if not r.opt_latency and not self.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, 1):
            self.out.error("Warning: no SO_TIMESTAMP support, falling back to SIOCGSTAMP")
        if r.opt_mark:
            self.sock_setmark(fd)
        if self.interval < 1000:
            timeout = struct.pack("=qq", 0, 1000 * _schint(self.interval))
        else:
            timeout = struct.pack("=qq", 1, 0)
        self.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, timeout)
        self.data = self.payload()
        if sock.socktype == SOCK_RAW and self.ident == -1:
            self.ident = self.kernel.lookup("random", _random16)
        calls.catch_signal(3, "quit")
        self.start_time = calls.clock_ns(CLOCK_MONOTONIC_RAW)
        if r.deadline:
            self.alarm_at = self.start_time + r.deadline * 1000000000
        if self.env.stdout_isatty and self.env.columns:
            self.screen_width = self.env.columns

    def payload(self):
        """outpack's data: 0, 1, 2, ... or -p's pattern over and over."""
        r = self.r
        if r.opt_pingfilled and r.pattern_bytes:
            pattern = r.pattern_bytes
            return bytes(pattern[i % len(pattern)] for i in range(r.datalen))
        if r.opt_pingfilled:
            return bytes(r.datalen)
        return bytes(i & 0xFF for i in range(r.datalen))

    # ---- main_loop() ----------------------------------------------------------------------

    def main_loop(self):
        """main_loop(): send what is due, wait for the socket, read what came,
        until a count, a timer or a signal ends it; then the statistics."""
        self.prepare_send()
        self.parse = self.parse_reply4 if self.family == AF_INET else self.parse_reply6
        self.recvmsg, self.poll, self.clock = self.calls.recvmsg, self.calls.poll, self.calls.clock_ns
        fast = self.flood_fast_path()
        while True:
            try:
                if fast:
                    self.flood_loop()       # the loop below for ping -f, live: returns where done() breaks
                    break
                if self.done():
                    break
                if self.status_snapshot:
                    self.status_snapshot = False
                    self.env.stderr.write(lines.status_line(self.s, self.timing))
                recv_error = self.wait(self.send_due())
                if recv_error is not None:
                    self.read_all(recv_error)
            except KeyboardInterrupt:
                self.exiting = True
            except Interrupted as signal:
                if signal.name == "quit":
                    self.status_snapshot = True
                else:
                    self.exiting = True
        return self.finish()

    def done(self):
        """main_loop()'s exit conditions (and our stand-in for SIGALRM)."""
        r, s = self.r, self.s
        if self.alarm_at is not None and not self.exiting and self.clock(CLOCK_MONOTONIC_RAW) >= self.alarm_at:
            self.exiting = True
        return self.exiting or (r.npackets and s.nreceived + s.nerrors >= r.npackets) or \
            (r.deadline and s.nerrors)

    def send_due(self):
        """pinger() until nothing more is due: the ms until the next request."""
        r, s = self.r, self.s
        while True:
            nxt = self.pinger()
            if r.npackets and s.ntransmitted >= r.npackets and not r.deadline:
                nxt = self.schedule_exit(nxt)
            if nxt > 0:
                return nxt

    def wait(self, nxt):
        """Wait up to `nxt` ms for the socket as ping does (poll(), or a
        recvmsg() blocking for SO_RCVTIMEO = the interval, or a spin when
        that is under a clock tick): None when nothing came, else whether
        poll saw an error (POLLERR) to read from the error queue."""
        r = self.r
        wait = _schint(self.interval)
        if r.opt_adaptive or nxt < wait:
            if nxt <= 1000 // HZ:
                if not self.in_flight():
                    return 0                  # spin: a non-blocking recvmsg() at once
                nxt = MININTERVAL
            if r.opt_adaptive or self.interval:
                wait = nxt
        if self.alarm_at is not None:
            left = -(-(self.alarm_at - self.clock(CLOCK_MONOTONIC_RAW)) // 1000000)
            wait = max(0, min(wait, left))
        revents = self.poll([(self.sock.fd, POLLIN)], wait)[0]
        if not revents & (POLLIN | POLLERR):
            return None
        return revents & POLLERR

    def read_all(self, recv_error):
        """recvmsg() until nothing is in flight or nothing is left: replies,
        and the error queue when the socket reports an error."""
        fd, packlen, recvmsg, parse = self.sock.fd, self.packlen, self.recvmsg, self.parse
        while True:
            try:
                data, ancillary, _, address = recvmsg(fd, packlen, 4096, MSG_DONTWAIT)
            except OSError as err:
                code = err.errno
                if (code == EAGAIN and not recv_error) or code == EINTR:
                    return
                recv_error = 0
                if not self.receive_error_msg(code) and self.errno:
                    self.out.error("recvmsg", self.errno)
                    return
            else:
                parse(data, ancillary, address)
            if self.in_flight() == 0:
                return

    # ---- ping -f, live: main_loop() written out for its common case -------------------------

    def flood_fast_path(self):
        """Whether main_loop() runs flood_loop(): ping -f with its dots and
        interval 0, over IPv4 to a numeric address, live (recording, replay
        and trace keep the general loop: every call through the seam), and
        none of the options whose per-packet work only the general loop does
        (-A -a -O -D -v -U, broadcast and multicast)."""
        r = self.r
        return (isinstance(self.calls, LiveCalls) and r.opt_flood and not r.opt_quiet
                and self.family == AF_INET and self.interval == 0 and self.timing
                and self.opt_numeric and not self.opt_latency and self.ni_secret is None
                and not (r.opt_adaptive or r.opt_audible or r.opt_outstanding or r.opt_ptimeofday
                         or r.opt_verbose or r.broadcast_pings or self.multicast))

    def flood_loop(self):
        """main_loop()'s loop for flood_fast_path(): the same work in the same
        order, the common case of each step written out in one function.

        Why it exists: issue 14's budget, `ping -f -c 10000 127.0.0.1` within
        2x iputils' time.  Through the general loop a request and its reply
        cost ~16 us, ~9 of them the system calls: the rest went to a dozen
        method calls a packet (pinger twice, send_probe, wait, read_all,
        parse_reply4, gather_statistics, trip, in_flight...) and the seam's
        wrappers.  Here the socket's own methods are called directly
        (LiveCalls.socket_object), a request is written over the last one
        and its checksum is the precomputed sum of what never changes plus
        the sequence number and the timeval, the reply that is there at once
        (loopback) is read without the poll() before it (the poll comes when
        the read finds nothing: a system call a packet less, as iputils'
        blocking recvmsg() has it), and the dots and backspaces are gathered
        and written in one write(2) before the loop waits (or once 4 KiB are
        gathered): the bytes and their order are ping's, only the number of
        write(2) calls carrying them differs.

        What must stay identical to the general loop, kept by doing the same
        arithmetic on the same attributes: when a request goes (pinger()'s
        token bucket: cur_time, tokens), the counters (ntransmitted,
        nreceived, nrepeats, nerrors, acked, pipesize, rcvd), the round-trip
        sums, tmin/tmax and the ewma (gather_statistics()), schedule_exit()'s
        alarm, wait()'s poll timeout and spin, and where read_all() stops.
        Everything else goes to the general methods (a failed send, the error
        queue, any packet but an echo reply of ours, a round trip that goes
        back in time), the gathered dots written first so that what those
        print keeps its place.  It returns where done() ends main_loop().
        SIGINT and SIGQUIT only set exiting and status_snapshot here, as
        ping's handlers do: raised as exceptions (KeyboardInterrupt,
        catch_signal()) they could land between a sendto() and the count of
        that request, or a recvmsg() and the count of that reply, and the
        request would go twice (+1 duplicates) or the reply be lost."""
        import _signal
        import select

        r, s, calls = self.r, self.s, self.calls
        fd = self.sock.fd
        sock = calls.socket_object(fd)
        sendto, recvmsg, clock, write = sock.sendto, sock.recvmsg, calls.clock_ns, calls.write
        poller = select.poll()
        poller.register(fd, POLLIN)
        poll = poller.poll
        raw = self.sock.socktype == SOCK_RAW
        npackets, deadline, preload, interval = r.npackets, r.deadline, r.preload, self.interval
        screen_width, rcvd, packlen, address = self.screen_width, self.rcvd, self.packlen, self.sendto_address
        id_bytes, ident_word = self.id_bytes, self.ident_word
        pack_head, pack_tv = struct.Struct("!HHHH").pack_into, struct.Struct("=qq").pack_into
        unpack_tv = struct.Struct("=qq").unpack_from
        packet = bytearray(8 + 16) + self.tail      # the request: header, timeval, payload
        size = len(packet)
        fixed_sum = self.head_sum + self.tail_sum   # type, code, id and the payload after the timeval
        pending = bytearray()                       # dots and backspaces not written yet

        def flush():
            if pending:
                chunk = bytes(pending)
                del pending[:]
                write(1, chunk)

        def interrupted(_signum, _frame):
            self.exiting = True

        def quit_rang(_signum, _frame):
            self.status_snapshot = True

        # (SIGINT only where it would raise KeyboardInterrupt: an ignored one stays ignored)
        int_handler = _signal.getsignal(_signal.SIGINT)
        if int_handler is _signal.default_int_handler:
            _signal.signal(_signal.SIGINT, interrupted)
        quit_handler = _signal.signal(_signal.SIGQUIT, quit_rang)
        try:
            while True:
                # ---- done(), the status line
                if self.alarm_at is not None and not self.exiting and \
                        clock(CLOCK_MONOTONIC_RAW) >= self.alarm_at:
                    self.exiting = True
                if self.exiting or (npackets and s.nreceived + s.nerrors >= npackets) or \
                        (deadline and s.nerrors):
                    return
                if self.status_snapshot:
                    flush()
                    self.status_snapshot = False
                    self.env.stderr.write(lines.status_line(s, self.timing))
                if len(pending) >= 4096:
                    flush()                 # replies keep coming at once: a write now and then
                # ---- send_due(): pinger() until the next request is not due yet
                while True:
                    due = False             # whether a request goes now
                    if self.exiting or (npackets and s.ntransmitted >= npackets and not deadline):
                        nxt = 1000
                    else:
                        now = clock(CLOCK_MONOTONIC_RAW)
                        if self.cur_time is None:
                            self.cur_time = now
                            self.tokens = interval * (preload - 1)
                            due = True
                        else:
                            # pinger()'s (seconds apart) * 1000 + (nanoseconds apart) / 1000000,
                            # truncated: the milliseconds apart rounded down, or up when the
                            # nanoseconds apart are negative
                            then = self.cur_time
                            ntokens = (now - then) // 1000000 if now % 1000000000 >= then % 1000000000 \
                                else -((then - now) // 1000000)
                            diff = (s.ntransmitted - self.acked) & 0xFFFF     # in_flight()
                            if ntokens < MININTERVAL and \
                                    (diff if diff <= 0x7FFF else s.ntransmitted - s.nreceived - s.nerrors) >= preload:
                                nxt = MININTERVAL - ntokens
                            else:
                                ntokens += self.tokens
                                if interval * preload < ntokens:
                                    ntokens = interval * preload
                                if ntokens < interval:
                                    nxt = interval - ntokens
                                else:
                                    self.cur_time = now
                                    self.tokens = ntokens - interval
                                    due = True
                    while due:
                        # send_probe(): the echo request, written over the last one
                        seq = (s.ntransmitted + 1) & 0xFFFF
                        rcvd[seq] = 0
                        now = clock(CLOCK_REALTIME)
                        sec, usec = now // 1000000000, now % 1000000000 // 1000
                        # the checksum without summing the packet: a one's complement sum is the
                        # sum modulo 0xFFFF, folded into 1..0xFFFF (never 0 here: the type is 8);
                        # 2**16 is 1 modulo 0xFFFF, so the big-endian words of a little-endian
                        # 64-bit number (tv_sec, tv_usec: never negative) add up to 256 times it
                        total = (fixed_sum + seq + 256 * (sec + usec) - 1) % 0xFFFF + 1
                        pack_head(packet, 0, 0x0800, ~total & 0xFFFF, ident_word, seq)
                        pack_tv(packet, 8, sec, usec)
                        errno_ = 0
                        try:
                            sent = sendto(packet, 0, address) == size
                        except OSError as err:
                            sent, errno_ = False, err.errno
                        if sent:
                            self.oom_count = 0
                            s.ntransmitted += 1                          # advance_ntransmitted()
                            if ((s.ntransmitted - self.acked) & 0xFFFF) > 0x7FFF:
                                self.acked = (s.ntransmitted + 1) & 0xFFFF
                            if (preload < screen_width and s.pipesize < screen_width) or \
                                    self.in_flight() < screen_width:
                                pending += b"."
                            nxt = interval - self.tokens
                            break
                        flush()
                        nxt = self.send_failed(errno_)
                        due = nxt == "resend"
                    if npackets and s.ntransmitted >= npackets and not deadline:
                        nxt = self.schedule_exit(nxt)
                    if nxt > 0:
                        break
                # ---- wait() and read_all(): read until nothing is in flight or nothing is left.
                # wait() polls before the first read; here the first read comes first, and only
                # when it finds nothing does the poll follow (what was gathered written out
                # first): a reply that is there already is what that poll would have shown.
                recv_error = None           # None: the poll not made yet
                diff = (s.ntransmitted - self.acked) & 0xFFFF
                if nxt < MININTERVAL and nxt <= 1000 // HZ and \
                        not (diff if diff <= 0x7FFF else s.ntransmitted - s.nreceived - s.nerrors):
                    recv_error = 0          # wait()'s spin: nothing in flight, one read at once
                first = True
                while True:
                    try:
                        data, ancillary, _, source = recvmsg(packlen, 4096, MSG_DONTWAIT)
                    except OSError as err:
                        code = err.errno
                        if code == EAGAIN and recv_error is None:
                            if first:
                                # wait(): poll up to MININTERVAL (the interval is 0), the alarm's
                                # time at most; then the general loop's first read
                                flush()
                                wait = MININTERVAL
                                if self.alarm_at is not None:
                                    left = -(-(self.alarm_at - clock(CLOCK_MONOTONIC_RAW)) // 1000000)
                                    wait = max(0, min(wait, left))
                                ready = poll(wait)
                                revents = ready[0][1] if ready else 0
                                if not revents & (POLLIN | POLLERR):
                                    break
                                recv_error = revents & POLLERR
                                first = False
                                continue
                            # replies were read and more are in flight: whether the error
                            # queue is to be read is the poll's POLLERR
                            ready = poll(0)
                            recv_error = ready[0][1] & POLLERR if ready else 0
                        if (code == EAGAIN and not recv_error) or code == EINTR:
                            break
                        recv_error = 0
                        flush()
                        if not self.receive_error_msg(code) and self.errno:
                            self.out.error("recvmsg", self.errno)
                            break
                    else:
                        cc = len(data)
                        hlen = (data[0] & 0x0F) * 4 if raw and cc else 0
                        if (cc >= hlen + 8 and data[hlen] == 0 and (hlen >= 20 or not raw) and
                                (not raw or data[hlen + 4:hlen + 6] == id_bytes)):
                            # parse_reply4() and gather_statistics() of an echo reply of ours
                            tv = None
                            if not self.opt_latency:                      # receive_time()
                                for level, kind, cdata in ancillary:
                                    if level == SOL_SOCKET and kind == SO_TIMESTAMP and len(cdata) >= 16:
                                        tv = unpack_tv(cdata)
                                        break
                            if tv is None:
                                now = clock(CLOCK_REALTIME)
                                tv = (now // 1000000000, now % 1000000000 // 1000)
                            seq = (data[hlen + 6] << 8) | data[hlen + 7]
                            s.nreceived += 1
                            diff = (s.ntransmitted - seq) & 0xFFFF            # acknowledge()
                            if diff <= 0x7FFF:
                                if diff + 1 > s.pipesize:
                                    s.pipesize = diff + 1
                                step = (seq - self.acked) & 0xFFFF
                                if (0 < step < 0x8000) or ((s.ntransmitted - self.acked) & 0xFFFF) > 0x7FFF:
                                    self.acked = seq
                            if cc - hlen >= 8 + 16:
                                sent_sec, sent_usec = unpack_tv(data, hlen + 8)
                                sec, usec = tv[0] - sent_sec, tv[1] - sent_usec
                                if usec < 0:
                                    sec -= 1
                                    usec += 1000000
                                triptime = sec * 1000000 + usec
                                if not 0 <= triptime <= 0x7FFFFFFFFFFFFFFF:
                                    flush()         # trip(): the long wraps, a warning, -U from now on
                                    triptime = self.trip(tv, sent_sec, sent_usec)
                                s.tsum += triptime
                                square = triptime * triptime
                                s.tsum2 += float(square if square <= 0x7FFFFFFFFFFFFFFF else lines.wrap_long(square))
                                if triptime < s.tmin:
                                    s.tmin = triptime
                                if triptime > s.tmax:
                                    s.tmax = triptime
                                rtt = s.rtt
                                if not rtt:
                                    rtt = triptime * 8
                                else:
                                    rtt += triptime - (rtt // 8 if rtt >= 0 else -(-rtt // 8))
                                s.rtt = rtt if -0x80000000 <= rtt <= 0x7FFFFFFF else lines.wrap_int(rtt)
                            if rcvd[seq]:
                                s.nrepeats += 1
                                s.nreceived -= 1
                            else:
                                rcvd[seq] = 1
                            self.confirm = self.confirm_flag
                            pending += b"\b \b"
                        else:
                            flush()
                            self.parse_reply4(data, ancillary, source)
                    first = False
                    diff = (s.ntransmitted - self.acked) & 0xFFFF        # in_flight()
                    if not (diff if diff <= 0x7FFF else s.ntransmitted - s.nreceived - s.nerrors):
                        break
        finally:
            _signal.signal(_signal.SIGINT, int_handler)
            _signal.signal(_signal.SIGQUIT, quit_handler)
            flush()

    def schedule_exit(self, nxt):
        """__schedule_exit(): after the last request, wait twice the longest
        round trip (at least the interval), or -W when nothing came back."""
        if self.waittime:
            return nxt
        s = self.s
        if s.nreceived:
            self.waittime = 2 * s.tmax
            if self.waittime < 1000 * self.interval:
                self.waittime = 1000 * self.interval
        else:
            self.waittime = self.r.lingertime * 1000
        if nxt < 0 or nxt < self.waittime // 1000:
            nxt = self.waittime // 1000
        if self.waittime:
            self.alarm_at = self.calls.clock_ns(CLOCK_MONOTONIC_RAW) + self.waittime * 1000
        else:
            # no round trip measured (-s under 16, truncated replies) with -i 0, or
            # -W 0: setitimer() with zero disarms the timer, and ping waits on
            self.alarm_at = None
        return nxt

    # ---- the counters ----------------------------------------------------------------

    def in_flight(self):
        s = self.s
        diff = (s.ntransmitted - self.acked) & 0xFFFF
        return diff if diff <= 0x7FFF else s.ntransmitted - s.nreceived - s.nerrors

    def acknowledge(self, seq):
        s = self.s
        diff = (s.ntransmitted - seq) & 0xFFFF
        if diff <= 0x7FFF:
            if diff + 1 > s.pipesize:
                s.pipesize = diff + 1
            step = (seq - self.acked) & 0xFFFF
            if (0 < step < 0x8000) or ((s.ntransmitted - self.acked) & 0xFFFF) > 0x7FFF:
                self.acked = seq

    def advance_ntransmitted(self):
        s = self.s
        s.ntransmitted += 1
        if ((s.ntransmitted - self.acked) & 0xFFFF) > 0x7FFF:
            self.acked = (s.ntransmitted + 1) & 0xFFFF

    # ---- sending: pinger() and send_probe() -------------------------------------------

    def prepare_send(self):
        """What every request shares: the payload after the timeval, its
        checksum sum, the id's bytes."""
        data = self.data
        self.id_bytes = struct.pack("!H", self.ident & 0xFFFF) if self.ident != -1 else b"\0\0"
        if self.timing:
            self.tail = data[16:]
            self.tail_sum = _sum16(self.tail)
        self.sendto = self.calls.sendto
        self.pack_tv = struct.Struct("=qq").pack
        self.words_of_tv = struct.Struct("!8H").unpack
        self.pack_head = struct.Struct("!HHHH").pack
        self.type_code = 0x0800 if self.family == AF_INET else 0x8000
        self.ident_word = self.ident & 0xFFFF if self.ident != -1 else 0
        self.head_sum = self.type_code + self.ident_word

    def pinger(self):
        """Send a request if the token bucket allows: 0 after sending, else
        the milliseconds until the next one may go."""
        r = self.r
        s = self.s
        if self.exiting or (r.npackets and s.ntransmitted >= r.npackets and not r.deadline):
            return 1000
        interval = self.interval
        now = self.calls.clock_ns(CLOCK_MONOTONIC_RAW)
        if self.cur_time is None:
            self.cur_time = now
            self.tokens = interval * (r.preload - 1)
        else:
            then = self.cur_time
            nsec = now % 1000000000 - then % 1000000000
            # C's (sec difference) * 1000 + (nsec difference) / 1000000, truncated toward zero
            ntokens = (now // 1000000000 - then // 1000000000) * 1000 + \
                (nsec // 1000000 if nsec >= 0 else -(-nsec // 1000000))
            if not interval and ntokens < MININTERVAL and self.in_flight() >= r.preload:
                return MININTERVAL - ntokens
            ntokens += self.tokens
            if interval * r.preload < ntokens:
                ntokens = interval * r.preload
            if ntokens < interval:
                return interval - ntokens
            self.cur_time = now
            self.tokens = ntokens - interval
        if r.opt_outstanding and s.ntransmitted > 0 and not self.rcvd[s.ntransmitted & 0xFFFF]:
            if r.opt_ptimeofday:
                self.out.printf(lines.timestamp(self.calls.clock_ns(CLOCK_REALTIME)))
            self.out.printf("no answer yet for icmp_seq=%d\n" % (s.ntransmitted % MAX_DUP_CHK))
            self.out.flush()
        while True:
            sent, errno_ = self.send_probe()
            if sent:
                self.oom_count = 0
                self.advance_ntransmitted()
                if r.opt_flood and not r.opt_quiet:
                    if (r.preload < self.screen_width and s.pipesize < self.screen_width) or \
                            self.in_flight() < self.screen_width:
                        self.out.write_stdout(".")
                return self.interval - self.tokens
            result = self.send_failed(errno_)
            if result != "resend":
                return result

    def send_failed(self, errno_):
        """pinger()'s error handling after a failed sendto(): a wait in
        ms, or "resend"."""
        r = self.r
        i = -1
        if errno_ in (ENOBUFS, ENOMEM):
            self.tokens = 0
            s = self.s
            self.rtt_addend += s.rtt // 8 if s.rtt < 8 * 50000 else 50000
            if r.opt_adaptive:
                self.update_interval()
            nores = min(_schint(self.interval // 2), 500)
            self.oom_count += 1
            if self.oom_count * nores < r.lingertime:
                return nores
            i = 0
        elif errno_ == EAGAIN:
            self.tokens += self.interval
            return MININTERVAL
        else:
            i = self.receive_error_msg(errno_)
            if i > 0:
                i = 0
            else:
                errno_ = self.errno
                if i == 0 and self.confirm_flag and errno_ == EINVAL:
                    self.confirm_flag = 0
                    errno_ = 0
                if not errno_:
                    return "resend"
        self.advance_ntransmitted()
        if i == 0 and not r.opt_quiet:
            if r.opt_flood:
                self.out.write_stdout("E")
            else:
                self.out.error("sendmsg", errno_)
        self.tokens = 0
        return _schint(self.interval)

    def update_interval(self):
        s = self.s
        est = s.rtt // 8 if s.rtt else self.interval * 1000
        self.interval = (est + self.rtt_addend + 500) // 1000
        if self.r.uid and self.interval < _args.MINUSERINTERVAL:
            self.interval = _args.MINUSERINTERVAL

    def send_probe(self):
        """One echo request: (True, 0) when sent whole, else (False, errno)."""
        seq = (self.s.ntransmitted + 1) & 0xFFFF
        self.rcvd[seq] = 0
        if self.ni_secret is not None:
            packet = self.niquery(seq)
        elif self.timing:
            now = self.calls.clock_ns(CLOCK_REALTIME)
            tv = self.pack_tv(now // 1000000000, now % 1000000000 // 1000)
            if self.family == AF_INET:
                total = self.head_sum + seq + sum(self.words_of_tv(tv)) + self.tail_sum
                while total >> 16:
                    total = (total & 0xFFFF) + (total >> 16)
                packet = self.pack_head(self.type_code, ~total & 0xFFFF, self.ident_word, seq) + tv + self.tail
            else:
                packet = self.pack_head(self.type_code, 0, self.ident_word, seq) + tv + self.tail
        else:
            packet = self.pack_head(self.type_code, 0, self.ident_word, seq) + self.data
            if self.family == AF_INET:
                packet = packet[:2] + struct.pack("!H", _fold(_sum16(packet))) + packet[4:]
        flags = 0
        if self.family == AF_INET6:
            flags, self.confirm = self.confirm, 0
        try:
            sent = self.sendto(self.sock.fd, packet, flags, self.sendto_address)
        except OSError as err:
            return False, err.errno
        if sent == len(packet):
            return True, 0
        return False, 0

    # ---- -N: node information queries (node_info.c, build_niquery) -------------------

    def init_nonce(self, address):
        """niquery_init_nonce(): the secret every nonce is hashed with,
        struct { struct timeval; pid_t; } (its 4 bytes of padding taken as
        zero); the subject is the target's address unless -N named one."""
        ni = self.r.ni
        now = self.calls.clock_ns(CLOCK_REALTIME)
        self.ni_secret = struct.pack("=qqi4x", now // 1000000000, now % 1000000000 // 1000, self.calls.getpid())
        import _socket

        self.ni_subject = ni.subject
        self.ni_code = _NI_SUBJECT_CODE.get(ni.subject_type)
        if ni.subject_type < 0 or ni.subject is None:
            self.ni_subject = _socket.inet_pton(AF_INET6, address.partition("%")[0])
            self.ni_code = 0
        # args.py numbers the IPv6 flags from 1; on the wire ALL is 0x0002 (T is 0x0001)
        flag = ni.flag if ni.query == _args.NI_QTYPE_IPV4ADDR else ni.flag << 1
        self.ni_head = struct.pack("!BBHHH", NI_QUERY, self.ni_code, 0, ni.query, flag)

    def nonce(self, seq):
        """The 8 bytes of a query's nonce: the sequence number, then 6 bytes
        of MD5(secret, the sequence number)."""
        import hashlib

        seq_bytes = struct.pack("!H", seq)
        return seq_bytes + hashlib.md5(self.ni_secret + seq_bytes).digest()[:6]

    def check_nonce(self, nonce):
        """niquery_check_nonce(): the sequence number a reply's nonce holds,
        or -1 when it is not one of ours."""
        if len(nonce) < 8 or self.nonce((nonce[0] << 8) | nonce[1]) != bytes(nonce):
            return -1
        return (nonce[0] << 8) | nonce[1]

    def niquery(self, seq):
        """build_niquery(): type 139, the subject type as its code, qtype,
        flags, nonce, subject; ping's datalen is 0 from the first query on."""
        self.r.datalen = 0
        return self.ni_head + self.nonce(seq) + self.ni_subject

    # ---- the error queue -------------------------------------------------------------

    def receive_error_msg(self, errno_):
        """ping4/6_receive_error_msg(): one message from the socket's error
        queue.  The number of ICMP errors (1) or minus the local ones; the
        errno ping goes on with is left in self.errno (0: "not ours")."""
        self.errno = errno_
        v6 = self.family == AF_INET6
        try:
            data, ancillary, _, target = self.calls.recvmsg(self.sock.fd, 8, 512, MSG_ERRQUEUE | MSG_DONTWAIT)
        except OSError as err:
            return -1 if err.errno in (EAGAIN, EINTR) else 0
        from pynettools.kernel import icmp

        level, kind = (SOL_IPV6, IPV6_RECVERR) if v6 else (SOL_IP, IP_RECVERR)
        err = None
        self.offender_scope = 0
        for clevel, ctype, cdata in ancillary:
            if clevel == level and ctype == kind:
                err = icmp.extended_err(cdata)
                if v6 and len(cdata) >= 44:     # the offender's sockaddr_in6: its scope id
                    self.offender_scope = struct.unpack_from("=I", cdata, 40)[0]
        if err is None:
            from pynettools.runtime import Aborted

            raise Aborted()     # ping calls abort() when the kernel gave no error
        if err.origin == SO_EE_ORIGIN_LOCAL:
            self.local_error(err, v6)
            return -1
        if err.origin != (SO_EE_ORIGIN_ICMP6 if v6 else SO_EE_ORIGIN_ICMP):
            return 0
        return self.icmp_error(err, data, target)

    def local_error(self, err, v6):
        """An error of our own kernel ("message too long" past a path MTU)."""
        r = self.r
        if r.opt_quiet:
            return
        if r.opt_flood:
            self.out.write_stdout("E")
        elif v6:
            if err.errno != EMSGSIZE:
                self.out.error("local error", err.errno)
            else:
                self.out.error("local error: message too long, mtu: %d" % err.info)
        elif err.errno != EMSGSIZE:
            self.out.error("local error: %s" % _strerror(err.errno))
        else:
            self.out.error("local error: message too long, mtu=%d" % err.info)
        self.s.nerrors += 1

    def icmp_error(self, err, data, target):
        """An ICMP error about one of our requests ("From X icmp_seq=N ...");
        data: the first 8 bytes of the request it quotes."""
        r = self.r
        v6 = self.family == AF_INET6
        same = _same6(target[0], self.whereto) if v6 else target[0] == self.whereto
        if len(data) < 8 or not same or data[0] != (128 if v6 else 8) or not self.is_ours(data[4:6]):
            self.errno = 0
            return 0
        seq = (data[6] << 8) | data[7]
        if not v6:
            self.acknowledge(seq)
            if self.sock.socktype == SOCK_RAW:
                # from now on the raw socket no longer hears the errors themselves
                try:
                    self.calls.setsockopt(self.sock.fd, SOL_RAW, ICMP_FILTER,
                                          struct.pack("=I", _FILTER4_AFTER_ERROR))
                except OSError as error:
                    self.out.die(2, "setsockopt(ICMP_FILTER)", error.errno)
        self.s.nerrors += 1
        if r.opt_quiet:
            return 1
        if r.opt_flood:
            self.out.write_stdout("\bE")
            return 1
        stamp = self.timestamp_text()
        offender = self.pr_addr(self.family, err.offender, self.offender_scope) if err.offender else \
            ("::" if v6 else "0.0.0.0")
        if v6:
            text = "From %s icmp_seq=%d %s\n" % (offender, seq, lines.icmp6_text(err.type, err.code, err.info))
        else:
            text = "From %s icmp_seq=%d %s" % (offender, seq, lines.icmp4_text(err.type, err.code, err.info))
        self.out.printf(stamp + text)
        self.out.flush()
        return 1

    def is_ours(self, id_bytes):
        return self.sock.socktype == SOCK_DGRAM or id_bytes == self.id_bytes

    def timestamp_text(self):
        if self.r.opt_ptimeofday:
            return lines.timestamp(self.calls.clock_ns(CLOCK_REALTIME))
        return ""

    # ---- replies ---------------------------------------------------------------------

    def receive_time(self, ancillary):
        """The reply's arrival: SO_TIMESTAMP's timeval, else gettimeofday()
        (ping asks SIOCGSTAMP first; with SO_TIMESTAMP on it is never needed)."""
        if not self.opt_latency:
            for level, kind, data in ancillary:
                if level == SOL_SOCKET and kind == SO_TIMESTAMP and len(data) >= 16:
                    return struct.unpack_from("=qq", data)
        now = self.calls.clock_ns(CLOCK_REALTIME)
        return now // 1000000000, now % 1000000000 // 1000

    def parse_reply4(self, data, ancillary, address):
        r = self.r
        cc = len(data)
        if self.sock.socktype == SOCK_RAW:
            ihl = data[0] & 0x0F if cc else 0
            hlen = ihl * 4
            if cc < hlen + 8 or ihl < 5:
                if r.opt_verbose:
                    self.out.error("packet too short (%d bytes) from %s" % (cc, self.pr_addr(AF_INET, address[0])))
                return 1
            ttl = data[8]
            options, olen = data[20:hlen], hlen - 20
        else:
            hlen, ttl, options, olen = 0, 0, b"", 0
            for level, kind, cdata in ancillary:
                if level != SOL_IP:
                    continue
                if kind == IP_TTL and len(cdata) >= 1:
                    ttl = cdata[0]
                elif kind == IP_RETOPTS:
                    options, olen = cdata, len(cdata) + 16   # ping takes cmsg_len: header included
        cc -= hlen
        icmp_part = data[hlen:]
        if icmp_part[0] == 0:
            if not self.is_ours(icmp_part[4:6]):
                return 1
            wrong = not r.broadcast_pings and not self.multicast and address[0] != self.whereto
            tv = self.receive_time(ancillary)
            seq = (icmp_part[6] << 8) | icmp_part[7]
            source = address[0] if self.opt_numeric and not self.exiting else self.pr_addr(AF_INET, address[0])
            if self.gather_statistics(icmp_part, cc, seq, ttl, tv, source, wrong):
                self.out.flush()
                return 0
        else:
            return self.other_icmp4(icmp_part, cc, address)
        if r.opt_audible:
            self.out.printf("\a")
            if r.opt_flood:
                self.out.flush()
        if not r.opt_flood:
            self.out.printf(lines.ip_options(options, olen, self.name_of4, self.options_memory, r.opt_flood) + "\n")
            self.out.flush()
        return 0

    def name_of4(self, raw):
        return self.pr_addr(AF_INET, "%d.%d.%d.%d" % tuple(raw))

    def other_icmp4(self, icmp_part, cc, address):
        """An ICMP message other than an echo reply on the raw socket: errors
        about our requests only acknowledge them (the error queue reports
        them); redirects and source quenches are printed."""
        r = self.r
        icmp_type = icmp_part[0]
        csfailed = _fold(_sum16(icmp_part[:cc])) != 0 if cc else False
        if icmp_type == 8:
            return 1
        if icmp_type in (4, 5, 3, 11, 12):
            inner = icmp_part[8:]
            ihl = inner[0] & 0x0F if inner else 0
            if cc < 8 + 20 + 8 or cc < 8 + ihl * 4 + 8:
                return 1
            quoted = inner[ihl * 4:]
            daddr = "%d.%d.%d.%d" % tuple(inner[16:20])
            if quoted[0] != 8 or daddr != self.whereto or not self.is_ours(quoted[4:6]):
                return 1
            seq = (quoted[6] << 8) | quoted[7]
            if icmp_type not in (5, 4):
                self.acknowledge(seq)
                return 0
            if r.opt_quiet or r.opt_flood:
                return 1
            text = self.timestamp_text() + "From %s: icmp_seq=%d " % (self.pr_addr(AF_INET, address[0]), seq)
            if csfailed:
                text += "(BAD CHECKSUM)"
            text += self.icmp4_description(icmp_part)
            self.out.printf(text)
            return 1
        if r.opt_flood and not (r.opt_verbose or r.opt_quiet):
            self.out.write_stdout("!EC" if csfailed else "!E")
            return 0
        if not r.opt_verbose or r.uid:
            return 0
        text = ""
        if r.opt_ptimeofday:
            now = self.calls.clock_ns(CLOCK_REALTIME)
            text = "%d.%06d " % (now // 1000000000, now % 1000000000 // 1000)
        text += "From %s: " % self.pr_addr(AF_INET, address[0])
        if csfailed:
            self.out.printf(text + "(BAD CHECKSUM)\n")
            return 0
        self.out.printf(text + self.icmp4_description(icmp_part))
        return 0

    def icmp4_description(self, icmp_part):
        """pr_icmph() of a whole ICMP message (with -v, the quoted header)."""
        icmp_type, code = icmp_part[0], icmp_part[1]
        gateway = struct.unpack_from("!I", icmp_part, 4)[0] if len(icmp_part) >= 8 else 0
        info = gateway >> 24 if icmp_type == 12 else gateway
        gateway_text = self.name_of4(icmp_part[4:8]) if icmp_type == 5 else None
        text = lines.icmp4_text(icmp_type, code, info, gateway_text)
        if self.r.opt_verbose and icmp_type in (3, 4, 5, 11, 12):
            inner = icmp_part[8:]
            text += lines.ip_header_dump(inner)
            if len(inner) >= 20:
                hlen = (inner[0] & 15) * 4
                text += lines.ip_options(inner[20:hlen], hlen - 20, self.name_of4, self.options_memory,
                                         self.r.opt_flood)
        return text

    def parse_reply6(self, data, ancillary, address):
        r = self.r
        hops = -1
        for level, kind, cdata in ancillary:
            if level == SOL_IPV6 and kind == IPV6_HOPLIMIT and len(cdata) >= 4:
                hops = struct.unpack_from("=i", cdata)[0]
        cc = len(data)
        if cc < 8:
            if r.opt_verbose:
                self.out.error("packet too short: %d bytes" % cc)
            return 1
        icmp_type = data[0]
        if icmp_type == 129:
            if not self.is_ours(data[4:6]):
                return 1
            wrong = not self.multicast and not self.subnet_router_anycast and \
                not _same6(address[0], self.whereto)
            tv = self.receive_time(ancillary)
            seq = (data[6] << 8) | data[7]
            from_text = self.pr_addr(AF_INET6, address[0].partition("%")[0], address[3])
            if self.gather_statistics(data, cc, seq, hops, tv, from_text, wrong):
                self.out.flush()
                return 0
        elif icmp_type == NI_REPLY:
            seq = self.check_nonce(data[8:16])
            if seq < 0:
                return 1
            from_text = self.pr_addr(AF_INET6, address[0].partition("%")[0], address[3])
            if self.gather_statistics(data, cc, seq, hops, None, from_text, False, lines.ni_reply_text(data)):
                return 0
        else:
            if cc < 8 + 40 + 8:
                return 1
            if _inet6(data[8 + 24:8 + 40]) != _inet6_text(self.whereto):
                return 1
            nexthdr = data[8 + 6]
            inner = 48
            if nexthdr == 44:
                nexthdr = data[inner]
                inner += 8
            if nexthdr == IPPROTO_ICMPV6:
                if data[inner] != 128 or not self.is_ours(data[inner + 4:inner + 6]):
                    return 1
                self.acknowledge((data[inner + 6] << 8) | data[inner + 7])
                return 0
            if not r.opt_verbose or r.uid:
                return 1
            info = struct.unpack_from("!I", data, 4)[0]
            self.out.printf(self.timestamp_text() + "From %s: %s" % (
                self.pr_addr(AF_INET6, address[0].partition("%")[0], address[3]),
                lines.icmp6_text(icmp_type, data[1], info)))
        if r.opt_audible:
            self.out.printf("\a")
            if r.opt_flood:
                self.out.flush()
        if not r.opt_flood:
            self.out.printf("\n")
            self.out.flush()
        return 0

    # ---- gather_statistics() ---------------------------------------------------------------

    def gather_statistics(self, icmp_part, cc, seq, hops, tv, from_text, wrong_source, reply_text=None):
        """Count one reply and print its line; True when ping's line ends
        here (-q, or a truncated reply)."""
        r = self.r
        s = self.s
        s.nreceived += 1
        self.acknowledge(seq)
        triptime = 0
        if self.timing and cc >= 8 + 16:
            sent_sec, sent_usec = struct.unpack_from("=qq", icmp_part, 8)
            triptime = self.trip(tv, sent_sec, sent_usec)
            s.tsum += triptime
            square = triptime * triptime      # a long long: past 2**63 it wraps (a send time days back)
            s.tsum2 += float(square if square <= 0x7FFFFFFFFFFFFFFF else lines.wrap_long(square))
            if triptime < s.tmin:
                s.tmin = triptime
            if triptime > s.tmax:
                s.tmax = triptime
            # the ewma is a C int: rtt / 8 truncates toward zero, and the sum wraps
            rtt = s.rtt
            rtt = triptime * 8 if not rtt else rtt + triptime - (rtt // 8 if rtt >= 0 else -(-rtt // 8))
            s.rtt = rtt if -0x80000000 <= rtt <= 0x7FFFFFFF else lines.wrap_int(rtt)
            if r.opt_adaptive:
                self.update_interval()
        if self.rcvd[seq]:
            s.nrepeats += 1
            s.nreceived -= 1
            dup = True
        else:
            self.rcvd[seq] = 1
            dup = False
        self.confirm = self.confirm_flag
        if r.opt_quiet:
            return True
        if r.opt_flood:
            self.out.write_stdout("\b \b")
            return False
        text = [self.timestamp_text(), "%d bytes from %s:" % (cc, from_text),
                " icmp_seq=%d" % seq if reply_text is None else reply_text]
        if r.opt_verbose and self.ident != -1:
            text.append(" ident=%d" % self.ident)
        if hops >= 0:
            text.append(" ttl=%d" % hops)
        if cc < r.datalen + 8:
            text.append(" (truncated)\n")
            self.out.printf("".join(text))
            return True
        if self.timing:
            text.append(lines.trip_time(triptime))
        if dup and (not self.multicast or r.opt_verbose):
            text.append(" (DUP!)")
        if wrong_source:
            text.append(" (DIFFERENT ADDRESS!)")
        received = icmp_part[8:8 + r.datalen]
        if r.datalen > 16 and received[16:] != self.data[16:]:
            text.append(lines.wrong_data(received, self.data, 16, r.datalen))
        self.out.printf("".join(text))
        return False

    def trip(self, tv, sent_sec, sent_usec):
        """The round trip in microseconds; a negative one warns, and ping
        then takes the time again once (-U from then on)."""
        while True:
            sec, usec = tv[0] - sent_sec, tv[1] - sent_usec
            if usec < 0:
                sec -= 1
                usec += 1000000
            triptime = lines.wrap_long(sec * 1000000 + usec)
            if triptime >= 0:
                return triptime
            self.out.error("Warning: time of day goes back (%dus), taking countermeasures" % triptime)
            if self.opt_latency:
                return 0
            now = self.calls.clock_ns(CLOCK_REALTIME)
            tv = (now // 1000000000, now % 1000000000 // 1000)
            self.opt_latency = True

    # ---- finish() ------------------------------------------------------------------------

    def finish(self):
        r = self.r
        s = self.s
        end = self.cur_time if self.cur_time is not None else 0
        self.out.printf("\n")
        self.out.flush()
        self.out.printf(lines.summary(self.hostname, s, self.timing, end - self.start_time, self.interval,
                                      r.opt_flood, r.opt_adaptive)[1:])
        self.out.flush()
        if not s.nreceived or (r.deadline and s.nreceived < r.npackets):
            return 1
        return 0


def _socktype_name(socktype):
    return {0: "0", SOCK_DGRAM: "SOCK_DGRAM", SOCK_RAW: "SOCK_RAW"}[socktype]


def _gai_text(err):
    """gai_strerror()'s text of a failed lookup (recorded as gaierror)."""
    if len(err.args) >= 2 and isinstance(err.args[1], str):
        return err.args[1]
    return err.strerror or str(err)


def _geteuid():
    import os

    return os.geteuid()


def _random16():
    import os

    return int.from_bytes(os.urandom(2), "big")


def _link_local6(text):
    import _socket

    try:
        packed = _socket.inet_pton(AF_INET6, text)
    except (OSError, ValueError):
        return False
    return (packed[0] == 0xFE and packed[1] & 0xC0 == 0x80) or (packed[0] == 0xFF and packed[1] & 0x0F == 2)


def _inet6(raw):
    import _socket

    return _socket.inet_ntop(AF_INET6, bytes(raw))


def _inet6_text(text):
    import _socket

    return _socket.inet_ntop(AF_INET6, _socket.inet_pton(AF_INET6, text.partition("%")[0]))


def _same6(a, b):
    return _inet6_text(a) == _inet6_text(b)
