"""Opening nc's sockets: connect, listen, unix paths, socket options.

Ports of netcat.c's remote_connect(), connect_with_timeout(), local_listen(),
unix_bind()/unix_connect()/unix_listen(), set_common_sockopts(),
report_sock() and udptest().  Every call goes through nc.calls (the socket
seam, pynettools/kernel/netio.py) and every name lookup through the kernel
seam's lookups, so a recorded run replays without a network.
"""
import errno as _errno

from pynettools.kernel.netio import POLLOUT

AF_UNSPEC, AF_UNIX, AF_INET, AF_INET6 = 0, 1, 2, 10
SOCK_STREAM, SOCK_DGRAM, SOCK_DCCP = 1, 2, 6
SOCK_NONBLOCK, SOCK_CLOEXEC = 0o4000, 0o2000000
IPPROTO_TCP, IPPROTO_UDP, IPPROTO_DCCP = 6, 17, 33
AI_PASSIVE, AI_NUMERICHOST = 0x1, 0x4
NI_NUMERICHOST, NI_NUMERICSERV = 0x1, 0x2
SOL_SOCKET, SOL_IP, SOL_IPV6 = 1, 0, 41
SO_DEBUG, SO_REUSEADDR, SO_ERROR, SO_BROADCAST, SO_SNDBUF, SO_RCVBUF, SO_REUSEPORT = 1, 2, 4, 6, 7, 8, 15
IP_TOS, IP_TTL, IP_MINTTL = 1, 2, 21
IPV6_UNICAST_HOPS, IPV6_TCLASS, IPV6_MINHOPCOUNT = 16, 67, 73
MSG_PEEK = 2

CONNECTION_SUCCESS, CONNECTION_FAILED, CONNECTION_TIMEOUT = 0, 1, 2
UDP_SCAN_TIMEOUT = 3  # seconds
SUN_PATH_SIZE = 108


class Hints:
    """struct addrinfo hints: what getaddrinfo() is asked for."""

    def __init__(self, family=AF_UNSPEC, socktype=0, protocol=0, flags=0):
        self.family = family
        self.socktype = socktype
        self.protocol = protocol
        self.flags = flags

    def copy(self):
        return Hints(self.family, self.socktype, self.protocol, self.flags)


def proto_name(nc):
    return "udp" if nc.uflag else "dccp" if nc.dccpflag else "tcp"


# ---- connecting ----------------------------------------------------------------

def remote_connect(nc, host, port, hints, report_address=True):
    """(fd or -1, the numeric address last tried): try each address of host
    in getaddrinfo()'s order, binding to -s/-p first if given."""
    try:
        results = nc.getaddrinfo(host, port, hints)
    except OSError as error:
        nc.errx('getaddrinfo for host "%s" port %s: %s' % (host, port, error.strerror))
    ipaddr = None
    for family, socktype, protocol, _, address in results:
        try:
            fd = nc.calls.socket(family, socktype | SOCK_NONBLOCK, protocol)
        except OSError:
            continue
        if nc.sflag is not None or nc.pflag is not None:
            _bind_source(nc, fd, family)
        set_common_sockopts(nc, fd, family)
        if report_address:
            ipaddr = _numeric_host(nc, address)
        result, error = connect_with_timeout(nc, fd, address, nc.timeout)
        if result == CONNECTION_SUCCESS:
            return fd, ipaddr
        if nc.vflag:
            how = "timed out" if result == CONNECTION_TIMEOUT else "failed"
            if nc.nflag or ipaddr is None or host == ipaddr:
                nc.warn("connect to %s port %s (%s) %s" % (host, port, proto_name(nc), how), error)
            else:
                nc.warn("connect to %s (%s) port %s (%s) %s" % (host, ipaddr, port, proto_name(nc), how), error)
        _close(nc, fd)
    return -1, ipaddr


def _bind_source(nc, fd, family):
    """-s ADDR / -p PORT: bind before connecting."""
    hints = Hints(family, SOCK_DGRAM if nc.uflag else SOCK_STREAM,
                  IPPROTO_UDP if nc.uflag else IPPROTO_TCP, AI_PASSIVE)
    try:
        results = nc.getaddrinfo(nc.sflag, nc.pflag, hints)
    except OSError as error:
        nc.errx("getaddrinfo: %s" % error.strerror)
    try:
        nc.calls.bind(fd, results[0][4])
    except OSError as error:
        nc.err("bind failed", error.errno)


def _numeric_host(nc, address):
    try:
        return nc.getnameinfo(address, NI_NUMERICHOST)[0]
    except OSError as error:
        nc.errx("getnameinfo: %s" % error.strerror)


def connect_with_timeout(nc, fd, address, timeout):
    """(CONNECTION_*, errno): connect, and wait for it at most -w seconds
    (-w 0 and no -w: for ever).  A timeout keeps connect()'s errno,
    EINPROGRESS, which is what nc's -v message then shows."""
    calls = nc.calls
    code = calls.connect(fd, address)
    if code != _errno.EINPROGRESS:
        return (CONNECTION_SUCCESS, 0) if code == 0 else (CONNECTION_FAILED, code)
    wait = (timeout // 1000) * 1000 if timeout > 0 else -1
    if not calls.poll([(fd, POLLOUT)], wait)[0]:
        return CONNECTION_TIMEOUT, code
    try:
        code = calls.getsockopt(fd, SOL_SOCKET, SO_ERROR)
    except OSError as error:
        nc.errx("getsockopt error: %s" % error.strerror)
    return (CONNECTION_SUCCESS, 0) if code == 0 else (CONNECTION_FAILED, code)


def udptest(nc, fd):
    """-v with -u: a few one-byte writes; ECONNREFUSED (an ICMP port
    unreachable came back) means nobody listens.  True if it seems open."""
    calls = nc.calls
    if not _write_x(calls, fd)[0]:
        return False
    sent, code = _write_x(calls, fd)
    if not sent and code == _errno.ECONNREFUSED:
        return False
    rounds = UDP_SCAN_TIMEOUT if nc.timeout == -1 else nc.timeout // 1000
    for _ in range(rounds):
        calls.sleep(1)
        sent, code = _write_x(calls, fd)
        if not sent and code == _errno.ECONNREFUSED:
            return False
    return True


def _write_x(calls, fd):
    try:
        return calls.write(fd, b"X") == 1, 0
    except OSError as error:
        return False, error.errno


# ---- listening --------------------------------------------------------------------

def local_listen(nc, host, port, hints):
    """A socket bound to host/port (listening, for TCP), or (-1, errno)."""
    hints = hints.copy()
    hints.flags |= AI_PASSIVE
    if host is None and hints.family == AF_UNSPEC:
        hints.family = AF_INET  # a wildcard listen is IPv4 unless -6
    try:
        results = nc.getaddrinfo(host, port, hints)
    except OSError as error:
        nc.errx("getaddrinfo: %s" % error.strerror)
    fd, code = -1, 0
    calls = nc.calls
    for family, socktype, protocol, _, address in results:
        try:
            fd = calls.socket(family, socktype, protocol)
        except OSError as error:
            fd, code = -1, error.errno
            continue
        for option, what in ((SO_REUSEADDR, "SO_REUSEADDR"), (SO_REUSEPORT, "SO_REUSEPORT")):
            try:
                calls.setsockopt(fd, SOL_SOCKET, option, 1)
            except OSError as error:
                nc.warn("Couldn't set %s" % what, error.errno)
        set_common_sockopts(nc, fd, family)
        try:
            calls.bind(fd, address)
            break
        except OSError as error:
            code = error.errno
            _close(nc, fd)
            fd = -1
    if not nc.uflag and fd != -1:
        try:
            calls.listen(fd, 1)
        except OSError as error:
            nc.err("listen", error.errno)
    if nc.vflag and fd != -1:
        try:
            bound = calls.getsockname(fd)
        except OSError as error:
            nc.err("getsockname", error.errno)
        report_sock(nc, "Bound" if nc.uflag else "Listening", bound)
    return fd, code


# ---- unix sockets --------------------------------------------------------------

def unix_address(path):
    """(address, None) or (None, errno): '@name' is Linux's abstract name."""
    if path == "":
        return None, _errno.EINVAL  # nc refuses the empty path (the NUL abstract name)
    if path.startswith("@"):
        raw = path.encode("utf-8", "surrogateescape")
        if len(raw) > SUN_PATH_SIZE:
            return None, _errno.ENAMETOOLONG
        return b"\0" + raw[1:], None
    if len(path.encode("utf-8", "surrogateescape")) >= SUN_PATH_SIZE:
        return None, _errno.ENAMETOOLONG
    return path, None


def unix_bind(nc, path, flags=0):
    """(fd, 0) bound to path (replacing a file there), or (-1, errno)."""
    address, code = unix_address(path)
    if address is None:
        return -1, code
    calls = nc.calls
    try:
        fd = calls.socket(AF_UNIX, flags | (SOCK_DGRAM if nc.uflag else SOCK_STREAM), 0)
    except OSError as error:
        return -1, error.errno
    if not path.startswith("@"):
        try:
            calls.unlink(path)
        except OSError:
            pass
    try:
        calls.bind(fd, address)
    except OSError as error:
        _close(nc, fd)
        return -1, error.errno
    if nc.vflag:
        report_sock(nc, "Bound", None, path)
    return fd, 0


def unix_connect(nc, path):
    """(fd, 0) connected to path, or (-1, errno).  A datagram client first
    binds its own socket (the temporary path), so the server can answer."""
    address, code = unix_address(path)
    if address is None:
        return -1, code
    calls = nc.calls
    if nc.uflag:
        fd, code = unix_bind(nc, nc.unix_dg_tmp_socket, SOCK_CLOEXEC)
        if fd == -1:
            nc.err(nc.unix_dg_tmp_socket, code)
    else:
        try:
            fd = calls.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)
        except OSError as error:
            return -1, error.errno
    code = calls.connect(fd, address)
    if code:
        _close(nc, fd)
        return -1, code
    return fd, 0


def unix_listen(nc, path):
    fd, code = unix_bind(nc, path)
    if fd == -1:
        return -1, code
    try:
        nc.calls.listen(fd, 5)
    except OSError as error:
        _close(nc, fd)
        return -1, error.errno
    if nc.vflag:
        report_sock(nc, "Listening", None, path)
    return fd, 0


# ---- options and reports -----------------------------------------------------------

def set_common_sockopts(nc, fd, family):
    """-b, -D, -T, -I, -O, -M, -m (and -S), in nc's order and with its messages."""
    calls = nc.calls

    def setopt(level, name, value, message=None):
        try:
            calls.setsockopt(fd, level, name, value)
        except OSError as error:
            nc.err(message, error.errno)

    if nc.bflag:
        setopt(SOL_SOCKET, SO_BROADCAST, 1)
    if nc.md5sig_password is not None:
        setopt(IPPROTO_TCP, 32, _md5sig(family, nc.md5sig_password))  # TCP_MD5SIG_EXT
    if nc.Dflag:
        setopt(SOL_SOCKET, SO_DEBUG, 1)
    if nc.Tflag != -1:
        if family == AF_INET:
            setopt(SOL_IP, IP_TOS, nc.Tflag, "set IP ToS")
        elif family == AF_INET6:
            setopt(SOL_IPV6, IPV6_TCLASS, nc.Tflag, "set IPv6 traffic class")
    if nc.Iflag:
        setopt(SOL_SOCKET, SO_RCVBUF, nc.Iflag, "set TCP receive buffer size")
    if nc.Oflag:
        setopt(SOL_SOCKET, SO_SNDBUF, nc.Oflag, "set TCP send buffer size")
    if nc.ttl != -1:
        if family == AF_INET:
            setopt(SOL_IP, IP_TTL, nc.ttl, "set IP TTL")
        elif family == AF_INET6:
            setopt(SOL_IPV6, IPV6_UNICAST_HOPS, nc.ttl, "set IPv6 unicast hops")
    if nc.minttl != -1:
        if family == AF_INET:
            setopt(SOL_IP, IP_MINTTL, nc.minttl, "set IP min TTL")
        elif family == AF_INET6:
            setopt(SOL_IPV6, IPV6_MINHOPCOUNT, nc.minttl, "set IPv6 min hop count")


def _md5sig(family, password):
    """struct tcp_md5sig for TCP_MD5SIG_EXT: the whole address family
    (TCP_MD5SIG_FLAG_PREFIX with prefix length 0) gets the key.  nc copies
    the peer's address in but sets no prefix length, so it matches any peer."""
    import struct

    key = password[:80]
    storage = struct.pack("=H", family) + bytes(126)
    return storage + struct.pack("=BBHI", 1, 0, len(key), 0) + key.ljust(80, b"\0")


def report_sock(nc, message, address, path=None):
    """"Listening on 0.0.0.0 9000", "Connection received on host 41234",
    "Bound on /path": the address by name unless -n, the port by number."""
    if path is not None:
        nc.message("%s on %s\n" % (message, path))
        return
    flags = NI_NUMERICSERV | (NI_NUMERICHOST if nc.nflag else 0)
    try:
        host, port = nc.getnameinfo(address, flags)
    except OSError as error:
        nc.warnx("getnameinfo: %s" % error.strerror)
        return
    nc.message("%s on %s %s\n" % (message, host, port))


def _close(nc, fd):
    try:
        nc.calls.close(fd)
    except OSError:
        pass
