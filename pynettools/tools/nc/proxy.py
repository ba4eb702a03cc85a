"""-x/-X: connecting through a SOCKS 4, SOCKS 5 or HTTP CONNECT proxy.

A port of netcat-openbsd's socks.c socks_connect(): the same requests,
byte for byte, and the same messages when the proxy refuses.  SOCKS 5 sends
an address when the destination is numeric and the name otherwise (the
proxy resolves it); SOCKS 4 resolves the name itself (IPv4 only); HTTP
sends "CONNECT host:port HTTP/1.0" and, with -P after a 407, a Basic
Proxy-Authorization with the password read from the terminal.
"""
import struct

from pynettools.tools.nc.connect import AF_INET, AF_INET6, AF_UNSPEC, AI_NUMERICHOST, SOCK_STREAM, Hints, \
    remote_connect
from pynettools.tools.nc.relay import read_exactly, write_all

SOCKS_PORT, HTTP_PROXY_PORT = "1080", "3128"
HTTP_MAXHDRS = 64

SOCKS4_ERRORS = {90: "Succeeded", 91: "Request rejected or failed",
                 92: "SOCKS server cannot connect to identd on the client",
                 93: "Client program and identd report different user-ids"}
SOCKS5_ERRORS = {0: "Succeeded", 1: "General SOCKS server failure", 2: "Connection not allowed by ruleset",
                 3: "Network unreachable", 4: "Host unreachable", 5: "Connection refused", 6: "TTL expired",
                 7: "Command not supported", 8: "Address type not supported"}


def socks_connect(nc, host, port, proxy_host, proxy_port, proxy_hints, version, proxy_user):
    """The fd of a connection to host:port made through the proxy, or -1."""
    if proxy_port is None:
        proxy_port = HTTP_PROXY_PORT if version == -1 else SOCKS_PORT
    # socks.c "abuses" getaddrinfo to read the port (a number or a service name)
    found = _decode_addrport(nc, "0.0.0.0", port, v4only=True, numeric=True)
    if found is None:
        nc.errx('unknown port "%.64s"' % port)
    server_port = found[1]
    tries = 0
    while True:
        tries += 1
        if tries > 4:
            nc.errx("Too many authentication failures")
        fd, _ = remote_connect(nc, proxy_host, proxy_port, proxy_hints, report_address=False)
        if fd < 0:
            return -1
        if version == 5:
            _socks5(nc, fd, host, port, server_port)
        elif version == 4:
            _socks4(nc, fd, host, port)
        elif version == -1:
            if _http_connect(nc, fd, host, server_port, proxy_host, proxy_user, tries):
                continue
        return fd


def _decode_addrport(nc, host, port, v4only, numeric):
    """(family, port, packed address) of host/port, or None when a numeric
    reading fails; a name that does not resolve ends nc."""
    hints = Hints(AF_INET if v4only else AF_UNSPEC, SOCK_STREAM, 0, AI_NUMERICHOST if numeric else 0)
    try:
        results = nc.getaddrinfo(host, port, hints)
    except OSError as error:
        if not numeric:
            nc.errx('getaddrinfo("%.64s", "%.64s"): %s' % (host, port, error.strerror))
        return None
    family, _, _, _, address = results[0]
    import socket

    return family, address[1], socket.inet_pton(family, address[0].split("%")[0])


def _send(nc, fd, data):
    sent, code = write_all(nc.calls, fd, data)
    if sent != len(data):
        nc.err("write failed (%d/%d)" % (sent, len(data)), code)


def _receive(nc, fd, count, shown=None):
    data, code = read_exactly(nc.calls, fd, count)
    if len(data) != count:
        nc.err("read failed (%d/%d)" % (len(data), shown or count), code)
    return data


def _socks5(nc, fd, host, port, server_port):
    target = _decode_addrport(nc, host, port, v4only=False, numeric=True)
    _send(nc, fd, b"\x05\x01\x00")  # version 5, one method: no authentication
    reply = _receive(nc, fd, 2, shown=3)  # socks.c's message says /3 here
    if reply[1] == 0xFF:
        nc.errx("authentication method negotiation failed")
    if target is None:
        name = host.encode("utf-8", "surrogateescape")
        if len(name) > 255:
            nc.errx("host name too long for SOCKS5")
        request = b"\x05\x01\x00\x03" + bytes((len(name),)) + name + struct.pack("!H", server_port)
    elif target[0] == AF_INET:
        request = b"\x05\x01\x00\x01" + target[2] + struct.pack("!H", target[1])
    elif target[0] == AF_INET6:
        request = b"\x05\x01\x00\x04" + target[2] + struct.pack("!H", target[1])
    else:
        nc.errx("internal error: silly AF")
    _send(nc, fd, request)
    reply = _receive(nc, fd, 4)
    if reply[1] != 0:
        nc.errx("connection failed, SOCKSv5 error: %s" % SOCKS5_ERRORS.get(reply[1], "Unknown error"))
    if reply[3] == 1:
        _receive(nc, fd, 6)
    elif reply[3] == 4:
        _receive(nc, fd, 18)
    else:
        nc.errx("connection failed, unsupported address type")


def _socks4(nc, fd, host, port):
    target = _decode_addrport(nc, host, port, v4only=True, numeric=False)
    _send(nc, fd, b"\x04\x01" + struct.pack("!H", target[1]) + target[2] + b"\0")  # empty user name
    reply = _receive(nc, fd, 8)
    if reply[1] != 90:
        nc.errx("connection failed, SOCKSv4 error: %s" % SOCKS4_ERRORS.get(reply[1], "Unknown error"))


def _http_connect(nc, fd, host, server_port, proxy_host, proxy_user, tries):
    """Send CONNECT and read the answer; True when the proxy wants a
    password (407) and nc should connect again and send one."""
    if any(char in host for char in "\r\n\t []"):
        nc.errx("Invalid hostname")
    shown = "[%s]" % host if ":" in host else host
    request = ("CONNECT %s:%d HTTP/1.0\r\n" % (shown, server_port)).encode("utf-8", "surrogateescape")
    if len(request) >= 1024:
        nc.errx("hostname too long")
    _send(nc, fd, request)
    if tries > 1:
        _send_authorization(nc, fd, proxy_user, proxy_host)
    _send(nc, fd, b"\r\n")
    status = _read_line(nc, fd)
    # socks.c compares 12 characters of "HTTP/1.0 407 ": the space is not checked
    if proxy_user is not None and status[:12] in (b"HTTP/1.0 407", b"HTTP/1.1 407"):
        if tries > 1:
            nc.message("Proxy authentication failed\n")
        try:
            nc.calls.close(fd)
        except OSError:
            pass
        return True
    if status[:12] not in (b"HTTP/1.0 200", b"HTTP/1.1 200"):
        nc.errx('Proxy error: "%s"' % status.decode("utf-8", "surrogateescape"))
    for _ in range(HTTP_MAXHDRS):
        line = _read_line(nc, fd)
        if not line:
            return False
    nc.errx("Too many proxy headers received")


def _send_authorization(nc, fd, user, proxy_host):
    import base64

    password = nc.read_passphrase("Proxy password for %s@%s: " % (user, proxy_host), 256)
    if password is None:
        nc.errx("Unable to read proxy passphrase")
    credentials = ("%s:" % user).encode("utf-8", "surrogateescape") + password
    if len(credentials) >= 1024:
        nc.errx("Proxy username/password too long")
    header = b"Proxy-Authorization: Basic " + base64.b64encode(credentials) + b"\r\n"
    _send(nc, fd, header)


def _read_line(nc, fd):
    """One line of the proxy's answer, one byte at a time, CRs dropped."""
    line = bytearray()
    while True:
        if len(line) >= 1024:
            nc.errx("proxy read too long")
        data, code = read_exactly(nc.calls, fd, 1)
        if len(data) != 1:
            nc.err("proxy read", code)
        if data == b"\r":
            continue
        if data == b"\n":
            return bytes(line)
        line += data
