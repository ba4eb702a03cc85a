"""What nc does once its options are read: netcat.c main()'s second half.

First the checks on the words left over (host, ports, unix path) and on
combinations of options, each with nc's own message; then one of:
  listen      -l: accept one client (or, with -k, one after another), or
              take the first datagram's sender as the peer (-u)
  unix client -U: connect to a path (datagram clients bind a temporary one)
  inet client connect to each port of the list in turn (-z: just connect;
              -v: say so), directly or through a proxy (-x)
"""
import errno as _errno

from pynettools.tools.nc.connect import (
    AF_UNIX, AI_NUMERICHOST, IPPROTO_DCCP, IPPROTO_TCP, IPPROTO_UDP, MSG_PEEK,
    SOCK_DCCP, SOCK_DGRAM, SOCK_STREAM, Hints, local_listen, proto_name, remote_connect, report_sock, udptest,
    unix_bind, unix_connect, unix_listen)
from pynettools.tools.nc.relay import Relay

UNIX_DG_TMP_PREFIX = "nc-"  # /tmp/nc-XXXXXX/recv.sock


def run(nc, operands):
    host, ports = _operands(nc, operands)
    _check_combinations(nc, host, ports)
    if nc.family == AF_UNIX and nc.uflag and not nc.lflag:
        _make_unix_dg_tmp_socket(nc)
    hints = _hints(nc)
    if nc.xflag:
        proxy = _proxy_parts(nc)
    if nc.lflag:
        return _listen(nc, host, ports, hints)
    if nc.family == AF_UNIX:
        return _unix_client(nc, host)
    return _inet_client(nc, host, ports, hints, proxy if nc.xflag else None)


def _operands(nc, operands):
    """(host, ports): ports is a list of words, [None] for a missing -p."""
    count = len(operands)
    host = ports = None
    if count == 0 and nc.lflag:
        ports, host = [nc.pflag], nc.sflag
    elif count == 1 and nc.pflag is None and (
            nc.sflag is None or (nc.family == AF_UNIX and nc.uflag and not nc.lflag)):
        # `nc -l 12345`, `nc -U path`, `nc -uU -s path2 path`
        if nc.family == AF_UNIX:
            host = operands[0]
        elif nc.lflag:
            ports = list(operands)
    elif count >= 2:
        if nc.lflag and (nc.pflag is not None or nc.sflag is not None or count > 2):
            nc.usage(1)  # host and port and -p/-s: which one?
        host, ports = operands[0], list(operands[1:])
    else:
        nc.usage(1)
    return host, ports


def _check_combinations(nc, host, ports):
    if nc.family == AF_UNIX:
        if nc.dccpflag:
            nc.errx("cannot use -Z and -U")
        if ports and ports[0] is not None:
            nc.errx("cannot use port with -U")
        if host is None:
            nc.errx("missing socket pathname")
    elif not ports or ports[0] is None:
        nc.errx("missing port number")
    if nc.lflag and nc.zflag:
        nc.errx("cannot use -z and -l")
    if not nc.lflag and nc.kflag:
        nc.errx("must use -l with -k")
    if nc.family == AF_UNIX and nc.Fflag:
        nc.errx("cannot use -F and -U")


def _make_unix_dg_tmp_socket(nc):
    """A unix datagram client needs an address of its own for the answers:
    -s PATH, or a fresh /tmp/nc-XXXXXX/recv.sock (removed at the end)."""
    if nc.sflag is not None:
        nc.unix_dg_tmp_socket = nc.sflag
        return
    try:
        directory = nc.calls.mkdtemp(UNIX_DG_TMP_PREFIX)
    except OSError as error:
        nc.err("mkdtemp", error.errno)
    nc.unix_dg_tmp_socket = directory + "/recv.sock"


def _hints(nc):
    if nc.family == AF_UNIX:
        return None
    if nc.uflag:
        kind, protocol = SOCK_DGRAM, IPPROTO_UDP
    elif nc.dccpflag:
        kind, protocol = SOCK_DCCP, IPPROTO_DCCP
    else:
        kind, protocol = SOCK_STREAM, IPPROTO_TCP
    return Hints(nc.family, kind, protocol, AI_NUMERICHOST if nc.nflag else 0)


def _proxy_parts(nc):
    """(host, port or None, hints) of -x, after nc's refusals."""
    if nc.uflag:
        nc.errx("no proxy support for UDP mode")
    if nc.dccpflag:
        nc.errx("no proxy support for DCCP mode")
    if nc.lflag:
        nc.errx("no proxy support for listen")
    if nc.family == AF_UNIX:
        nc.errx("no proxy support for unix sockets")
    if nc.sflag is not None:
        nc.errx("no proxy support for local source address")
    proxy, port = nc.proxy, None
    if proxy.startswith("["):
        proxy, bracket, rest = proxy[1:].partition("]")
        if not bracket:
            nc.errx("missing closing bracket in proxy")
        if rest:
            if not rest.startswith(":"):
                nc.errx("garbage proxy port delimiter")
            port = rest[1:]
    elif ":" in proxy:
        proxy, _, port = proxy.rpartition(":")
    hints = Hints(nc.family, SOCK_STREAM, IPPROTO_TCP, AI_NUMERICHOST if nc.nflag else 0)
    return proxy, port, hints


# ---- listening ---------------------------------------------------------------------

def _listen(nc, host, ports, hints):
    calls = nc.calls
    if nc.family == AF_UNIX:
        fd, code = unix_bind(nc, host) if nc.uflag else unix_listen(nc, host)
    else:
        fd, code = local_listen(nc, host, ports[0], hints)
    if fd < 0:
        nc.err(None, code)
    while True:
        if nc.uflag and nc.kflag:
            # -u -k: the socket stays unconnected, taking datagrams from anyone
            Relay(nc, fd).run()
        elif nc.uflag:
            _serve_first_sender(nc, fd, host)
        else:
            _serve_one_client(nc, fd, host)
        if nc.family == AF_UNIX and nc.uflag:
            try:
                calls.disconnect(fd)
            except OSError as error:
                nc.err("connect", error.errno)
        if not nc.kflag:
            _close(nc, fd)
            return 0


def _serve_first_sender(nc, fd, host):
    """-u -l: peek at the first datagram, connect the socket to its sender,
    and talk to that peer only."""
    calls = nc.calls
    try:
        _, sender = calls.recvfrom(fd, 2048, MSG_PEEK)
    except OSError as error:
        nc.err("recvfrom", error.errno)
    # an unbound unix datagram sender has no address: connect() gets just
    # the family, which the kernel refuses with EINVAL
    code = calls.connect(fd, sender) if sender else _errno.EINVAL
    if code:
        nc.err("connect", code)
    if nc.vflag:
        report_sock(nc, "Connection received", sender, host if nc.family == AF_UNIX else None)
    Relay(nc, fd).run()


def _serve_one_client(nc, fd, host):
    calls = nc.calls
    try:
        client, address = calls.accept(fd)
    except OSError as error:
        nc.err("accept", error.errno)  # for now, all errnos are fatal (netcat.c)
    if nc.vflag:
        report_sock(nc, "Connection received", address, host if nc.family == AF_UNIX else None)
    Relay(nc, client).run()
    _close(nc, client)


# ---- clients ---------------------------------------------------------------------------

def _unix_client(nc, path):
    status = 0
    fd, code = unix_connect(nc, path)
    if fd > 0:
        if not nc.zflag:
            Relay(nc, fd).run()
        _close(nc, fd)
    else:
        nc.warn(path, code)
        status = 1
    if nc.uflag and nc.sflag is None:
        _remove_unix_dg_tmp_socket(nc)
    return status


def _remove_unix_dg_tmp_socket(nc):
    path = nc.unix_dg_tmp_socket
    for remove, target in ((nc.calls.unlink, path), (nc.calls.rmdir, path.rpartition("/")[0])):
        try:
            remove(target)
        except OSError:
            pass


def _inet_client(nc, host, words, hints, proxy):
    from pynettools.tools.nc.ports import build_ports

    status = 1
    fd = -1
    for port in build_ports(nc, words):
        if fd != -1:
            _close(nc, fd)
        if proxy is not None:
            from pynettools.tools.nc.proxy import socks_connect

            fd, ipaddr = socks_connect(nc, host, port, proxy[0], proxy[1], proxy[2], nc.socksv, nc.Pflag), None
        else:
            fd, ipaddr = remote_connect(nc, host, port, hints)
        if fd == -1:
            continue
        status = 0
        if nc.vflag:
            if nc.uflag and not udptest(nc, fd):
                status = 1
                continue
            _report_success(nc, host, port, ipaddr)
        if nc.Fflag:
            _pass_descriptor(nc, fd)
        elif not nc.zflag:
            Relay(nc, fd).run()
    if fd != -1:
        _close(nc, fd)
    return status


def _report_success(nc, host, port, ipaddr):
    proto = proto_name(nc)
    service = None if nc.nflag else nc.service_name(int(port), proto)
    shown = " (%s)" % ipaddr if not nc.nflag and not nc.xflag and host != ipaddr else ""
    nc.message("Connection to %s%s %s port [%s/%s] succeeded!\n" % (host, shown, port, proto, service or "*"))


def _pass_descriptor(nc, fd):
    """-F: hand the connected socket to whoever holds our stdout (a unix
    socket: ssh's ProxyUseFdpass), then exit 0."""
    from pynettools.tools.nc import Exit
    from pynettools.kernel.netio import POLLOUT

    calls = nc.calls
    if calls.isatty(1):
        nc.errx("Cannot pass file descriptor to tty")
    while True:
        try:
            sent = calls.sendmsg_fd(1, fd)
        except (BlockingIOError, InterruptedError):
            calls.poll([(1, POLLOUT)], -1)
            continue
        except OSError as error:
            nc.err("sendmsg", error.errno)
        if sent != 1:
            nc.errx("sendmsg: unexpected return value %d" % sent)
        raise Exit(0)


def _close(nc, fd):
    try:
        nc.calls.close(fd)
    except OSError:
        pass
