"""The other end of an nc case: a scripted client or server that logs what it got.

Stand-alone (Python 3.9+, standard library only): a case runs it with the
system python3 inside a namespace of the lab, as a `setup` command (a server,
with --daemon: it forks, and the command exits 0 once the socket is bound and
listening, so nc finds it there) or as a `during` command (a client, once
`ready` says that nc listens).

    python3 peer.py [--daemon] [--log FILE] [--bind ADDR] [--family 4|6] [--wait S] MODE ADDRESS [STEP ...]

MODE     tcp-listen, tcp-connect, udp-listen, udp-connect, unix-listen,
         unix-connect, unixdgram-listen, unixdgram-connect
ADDRESS  HOST:PORT, [V6ADDR]:PORT, or a unix path (@NAME: abstract)
--bind   the client's own address (HOST:PORT, or a path for unixdgram-connect:
         where nc's datagrams come back to)
--wait   seconds a server waits for nc to connect (default ACCEPT_WAIT)
--log    where the log goes (default peer.log in the working directory);
         written once, when the script is done (FILE.tmp, then renamed), so
         a reader never sees half of it

Steps, one command-line word each ("VERB" or "VERB ARG"), run in order; a
stream server first accepts a client, a client first connects:

  send TEXT       send TEXT (escapes: \\n \\r \\t \\0 \\\\ \\xHH)
  sendhex HEX     send these bytes
  sendpattern N   send N bytes of a fixed pattern (byte i is (7 * i + 3) % 256)
  read N          read until N bytes came (or EOF, or WAIT seconds)
  expect-eof [S]  read until EOF (or S seconds, default WAIT): logs the data and
                  "eof", or "no eof after S s"
  quiet S         read for S seconds whatever comes (stops at EOF)
  recv [S]        one datagram (stream: one read), or "no datagram after S s"
  recv-meta [S]   (UDP server) one datagram, with the TOS (traffic class) and
                  TTL (hop limit) it arrived with: what nc's -T and -M set
  sleep S         wait S seconds
  shutdown-wr     shutdown(SHUT_WR): nc sees EOF, the peer can still read
  close           close the connection
  reset           close with SO_LINGER 0: nc gets an RST
  accept          (server) close the connection and accept the next client
  connect         (client) close the connection and connect again
  peername        log the other end's address (for -p/-s cases)

The log (text): "connection N" for each client, "recv b'...'" for the bytes
that came in between two other events (however TCP cut them: one line),
"dgram b'...'" per datagram, and the events: eof, reset by nc, timeouts,
refused connections, "terminated" when SIGTERM stopped it (the harness stops
a peer still running at the end of a case).  Data longer than 200 bytes is
logged as its length and sha256.
"""
import errno
import hashlib
import os
import select
import signal
import socket
import sys
import time

WAIT = 2.0  # seconds a step waits for what it expects
ACCEPT_WAIT = 5.0  # seconds a server waits for nc to connect
LONG = 200
# <netinet/in.h>: asking for a datagram's TOS and TTL (Python names only some)
IP_TTL, IP_TOS, IP_RECVTTL, IP_RECVTOS = 2, 1, 12, 13
IPV6_RECVHOPLIMIT, IPV6_HOPLIMIT, IPV6_RECVTCLASS, IPV6_TCLASS = 51, 52, 66, 67


class Log:
    def __init__(self, path):
        self.path = path
        self.lines = []
        self.pending = b""  # bytes received since the last event

    def data(self, chunk):
        self.pending += chunk

    def event(self, text):
        self.flush_data()
        self.lines.append(text)

    def flush_data(self):
        if self.pending:
            self.lines.append("recv " + show(self.pending))
            self.pending = b""

    def write(self):
        self.flush_data()
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            f.write("".join(line + "\n" for line in self.lines))
        os.replace(tmp, self.path)


def show(data):
    if len(data) > LONG:
        return "%d bytes sha256 %s" % (len(data), hashlib.sha256(data).hexdigest())
    return repr(data)


def unescape(text):
    out = bytearray()
    i = 0
    simple = {"n": 10, "r": 13, "t": 9, "0": 0, "\\": 92}
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            if nxt == "x":
                out.append(int(text[i + 2:i + 4], 16))
                i += 4
                continue
        out += c.encode()
        i += 1
    return bytes(out)


def parse_address(text, family_hint=None):
    """(family, sockaddr) of HOST:PORT or [V6]:PORT."""
    if text.startswith("["):
        host, _, port = text[1:].partition("]:")
    else:
        host, _, port = text.rpartition(":")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if family_hint:
        family = family_hint
    info = socket.getaddrinfo(host, int(port), family, socket.SOCK_STREAM)[0]
    return info[0], info[4]


def unix_address(path):
    return "\0" + path[1:] if path.startswith("@") else path


class Peer:
    def __init__(self, mode, address, log, bind=None, family=None):
        self.kind, _, self.role = mode.partition("-")
        self.address = address
        self.log = log
        self.bind = bind
        self.family = family
        self.listener = None
        self.conn = None
        self.count = 0
        self.last_from = None  # datagram servers answer whoever sent last
        self.eof = False
        self.accept_wait = ACCEPT_WAIT

    # ---- sockets ---------------------------------------------------------------

    def stream(self):
        return self.kind in ("tcp", "unix")

    def open_server(self):
        """Bind (and listen): what --daemon waits for before it lets the case go on."""
        if self.kind in ("unix", "unixdgram"):
            kind = socket.SOCK_STREAM if self.kind == "unix" else socket.SOCK_DGRAM
            sock = socket.socket(socket.AF_UNIX, kind)
            if not self.address.startswith("@"):
                try:
                    os.unlink(self.address)
                except OSError:
                    pass
            sock.bind(unix_address(self.address))
        else:
            family, addr = parse_address(self.address, self.family)
            kind = socket.SOCK_STREAM if self.kind == "tcp" else socket.SOCK_DGRAM
            sock = socket.socket(family, kind)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            if kind == socket.SOCK_DGRAM:  # for recv-meta
                if family == socket.AF_INET6:
                    sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1)
                    sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVTCLASS, 1)
                else:
                    sock.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
                    sock.setsockopt(socket.IPPROTO_IP, IP_RECVTOS, 1)
            sock.bind(addr)
        if self.stream():
            sock.listen(8)
            self.listener = sock
        else:
            self.conn = sock
        return sock

    def accept(self):
        self.close()
        ready, _, _ = select.select([self.listener], [], [], self.accept_wait)
        if not ready:
            self.log.event("no connection after %g s" % self.accept_wait)
            return False
        self.conn, _ = self.listener.accept()
        self.count += 1
        self.eof = False
        self.log.event("connection %d" % self.count)
        return True

    def connect(self):
        self.close()
        if self.kind in ("unix", "unixdgram"):
            kind = socket.SOCK_STREAM if self.kind == "unix" else socket.SOCK_DGRAM
            sock = socket.socket(socket.AF_UNIX, kind)
            if self.bind:
                if not self.bind.startswith("@"):
                    try:
                        os.unlink(self.bind)
                    except OSError:
                        pass
                sock.bind(unix_address(self.bind))
            target = unix_address(self.address)
        else:
            family, target = parse_address(self.address, self.family)
            kind = socket.SOCK_STREAM if self.kind == "tcp" else socket.SOCK_DGRAM
            sock = socket.socket(family, kind)
            if self.bind:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind(parse_address(self.bind, family)[1])
        try:
            sock.connect(target)
        except OSError as err:
            self.log.event("connect failed: %s" % errno.errorcode.get(err.errno, err.errno))
            sock.close()
            return False
        self.conn = sock
        self.count += 1
        self.eof = False
        self.log.event("connection %d" % self.count)
        return True

    def close(self, linger0=False):
        if self.conn is None or not self.stream():
            return
        if linger0:
            self.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        self.conn.close()
        self.conn = None

    # ---- reading ----------------------------------------------------------------

    def read_until(self, seconds, want=None):
        """Read (stream) until EOF, `want` bytes in all, or `seconds`; True at EOF."""
        deadline = time.monotonic() + seconds
        got = 0
        while not self.eof and (want is None or got < want):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.conn], [], [], left)
            if not ready:
                return False
            try:
                chunk = self.conn.recv(65536 if want is None else want - got)
            except ConnectionResetError:
                self.log.event("reset by nc")
                self.eof = True
                return True
            if not chunk:
                self.log.event("eof")
                self.eof = True
                return True
            got += len(chunk)
            self.log.data(chunk)
        return self.eof

    def recv_dgram(self, seconds):
        ready, _, _ = select.select([self.conn], [], [], seconds)
        if not ready:
            self.log.event("no datagram after %g s" % seconds)
            return
        try:
            data, sender = self.conn.recvfrom(65536)
        except ConnectionRefusedError:
            self.log.event("refused (ICMP port unreachable)")
            return
        self.last_from = sender
        self.log.event("dgram " + show(data))

    def recv_meta(self, seconds):
        ready, _, _ = select.select([self.conn], [], [], seconds)
        if not ready:
            self.log.event("no datagram after %g s" % seconds)
            return
        data, ancillary, _, sender = self.conn.recvmsg(65536, 256)
        self.last_from = sender
        meta = {}
        for level, kind, value in ancillary:
            name = {(socket.IPPROTO_IP, IP_TOS): "tos", (socket.IPPROTO_IP, IP_TTL): "ttl",
                    (socket.IPPROTO_IPV6, IPV6_TCLASS): "tos", (socket.IPPROTO_IPV6, IPV6_HOPLIMIT): "ttl"}.get(
                (level, kind))
            if name:  # IP_TOS comes as one byte, the others as an int
                meta[name] = value[0] if len(value) == 1 else int.from_bytes(value[:4], sys.byteorder)
        self.log.event("dgram %s tos %#x ttl %s" % (show(data), meta.get("tos", -1), meta.get("ttl", "?")))

    # ---- the steps ---------------------------------------------------------------

    def step(self, word):
        verb, _, arg = word.partition(" ")
        handler = getattr(self, "do_" + verb.replace("-", "_"), None)
        if handler is None:
            raise SystemExit("peer: unknown step %r" % word)
        if verb not in ("sleep", "accept", "connect") and self.conn is None:
            self.log.event("%s: no connection" % verb)
            return
        handler(arg)

    def do_send(self, arg, data=None):
        data = unescape(arg) if data is None else data
        try:
            if self.stream() or self.role == "connect":
                self.conn.sendall(data)
            elif self.last_from is not None:
                self.conn.sendto(data, self.last_from)
            else:
                self.log.event("send: nobody to send to")
        except OSError as err:
            self.log.event("send failed: %s" % errno.errorcode.get(err.errno, err.errno))

    def do_sendhex(self, arg):
        self.do_send("", bytes.fromhex(arg))

    def do_sendpattern(self, arg):
        self.do_send("", bytes((7 * i + 3) % 256 for i in range(int(arg))))

    def do_read(self, arg):
        if not self.read_until(WAIT, int(arg)) and not self.eof and self.log.pending == b"":
            self.log.event("nothing to read after %g s" % WAIT)

    def do_expect_eof(self, arg):
        seconds = float(arg) if arg else WAIT
        if not self.read_until(seconds):
            self.log.event("no eof after %g s" % seconds)

    def do_quiet(self, arg):
        self.read_until(float(arg))
        self.log.flush_data()

    def do_recv(self, arg):
        seconds = float(arg) if arg else WAIT
        if self.stream():
            if not self.eof:
                self.read_until(seconds, 1)
            self.log.flush_data()
        else:
            self.recv_dgram(seconds)

    def do_recv_meta(self, arg):
        self.recv_meta(float(arg) if arg else WAIT)

    def do_sleep(self, arg):
        time.sleep(float(arg))

    def do_shutdown_wr(self, arg):
        try:
            self.conn.shutdown(socket.SHUT_WR)
        except OSError as err:
            self.log.event("shutdown failed: %s" % errno.errorcode.get(err.errno, err.errno))

    def do_close(self, arg):
        self.close()
        if not self.stream() and self.conn is not None:
            self.conn.close()
            self.conn = None

    def do_reset(self, arg):
        self.close(linger0=True)

    def do_accept(self, arg):
        self.accept()

    def do_connect(self, arg):
        self.connect()

    def do_peername(self, arg):
        if self.stream():
            try:
                name = self.conn.getpeername()
            except OSError as err:
                name = "(%s)" % errno.errorcode.get(err.errno, err.errno)
        else:
            name = self.last_from if self.role == "listen" else self.conn.getpeername()
        if isinstance(name, tuple):
            name = "%s %d" % (name[0], name[1])
        elif isinstance(name, bytes):
            name = "@" + name[1:].decode() if name[:1] == b"\0" else name.decode()
        self.log.event("peer %s" % name)

    def run(self, steps):
        if self.role == "listen":
            if self.listener is None and self.conn is None:
                self.open_server()
            if self.stream() and not self.accept():
                return
        elif not self.connect():
            return
        for word in steps:
            self.step(word)
        self.close()


def daemonize():
    """Fork; the parent exits 0 once the child says it is bound (or 1 with its error)."""
    read_end, write_end = os.pipe()
    if os.fork():
        os.close(write_end)
        message = os.read(read_end, 4096).decode(errors="replace")
        if message == "ok":
            os._exit(0)
        sys.stderr.write("peer: %s\n" % (message or "died before it was bound"))
        os._exit(1)
    os.close(read_end)
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    return write_end


def parse_args(argv):
    options = {"daemon": False, "log": "peer.log", "bind": None, "family": None, "wait": None}
    while argv and argv[0].startswith("--"):
        name = argv.pop(0)[2:]
        if name == "daemon":
            options["daemon"] = True
        elif name in ("log", "bind", "family", "wait"):
            options[name] = argv.pop(0)
        else:
            raise SystemExit("peer: unknown option --%s" % name)
    if len(argv) < 2:
        raise SystemExit(__doc__)
    return options, argv[0], argv[1], argv[2:]


def main(argv):
    options, mode, address, steps = parse_args(list(argv))
    family = {"4": socket.AF_INET, "6": socket.AF_INET6, None: None}[options["family"]]
    log = Log(os.path.abspath(options["log"]))
    peer = Peer(mode, address, log, bind=options["bind"], family=family)
    if options["wait"]:
        peer.accept_wait = float(options["wait"])

    def terminated(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        log.event("terminated")
        log.write()
        os._exit(0)

    signal.signal(signal.SIGTERM, terminated)
    # The peer works where its log goes (the case's working directory), so a
    # relative path means what it means to nc (nc -Uu -s cli.dsock).
    os.chdir(os.path.dirname(log.path))
    notify = daemonize() if options["daemon"] else None
    if peer.role == "listen":
        try:
            peer.open_server()
        except OSError as err:
            if notify is not None:
                os.write(notify, ("cannot bind %s: %s" % (address, err)).encode())
            raise SystemExit("peer: cannot bind %s: %s" % (address, err))
    if notify is not None:
        os.write(notify, b"ok")
        os.close(notify)
    try:
        peer.run(steps)
    finally:
        # done: a SIGTERM from here on (the harness stopping what is left
        # of the case) must not add "terminated" to a finished log
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        log.write()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
