"""The socket seam: the system calls of a tool that talks over the network (nc, dig,
ping, traceroute).

seam.py answers questions about the machine (files, netlink dumps, ioctls);
a tool like nc instead *does* things: it opens sockets, connects, polls,
reads its standard input and writes to the peer.  Calls is the one object
through which it does them, with the same four modes as the kernel seam:

  live     the plain calls, handed out as bound functions (os.read, os.write)
           so the relay loop that moves a gigabyte pays nothing for the seam;
  record   every call and its answer go to the recording (op "net"), in order;
  replay   every call is answered from the recording: no socket is opened,
           so a golden case of `nc -v host 80` runs anywhere, without root;
  trace    one line per call on stderr (the teaching view):
             socket AF_INET SOCK_STREAM 6: fd 3
             connect fd 3 198.51.100.2 80: EINPROGRESS
             poll [3:OUT] 1000 ms: [3:OUT]
             shutdown fd 3 SHUT_WR

Descriptors are plain ints, as in C: the caller polls, reads and writes by
number, and fd 0 and 1 (stdin, stdout) go through the same read/write.

A recorded call's key is "NNNNN call arguments" (NNNNN its place in the
run), so replay is strict: ours must make the same calls in the same order
with the same arguments (the bytes it sends included, as a length and a
digest), or the call is a ReplayMiss.  Answers are recorded as values:
bytes as {"b64": ...}, tuples kept (recording.encode_value).
"""
import errno as _errno
import os

from pynettools.kernel.seam import Terminated  # SIGTERM while recording (runtime.py)

POLLIN, POLLPRI, POLLOUT, POLLERR, POLLHUP, POLLNVAL = 0x1, 0x2, 0x4, 0x8, 0x10, 0x20
_ALWAYS = POLLERR | POLLHUP | POLLNVAL  # poll() reports these whatever was asked


class Interrupted(BaseException):
    """Raised out of a call by a signal handler (nc's -q alarm).  Recorded as
    the call's answer, so replay raises it at the same call."""

    def __init__(self, name):
        BaseException.__init__(self, name)
        self.name = name


def calls_for(kernel, stdout=None):
    """The Calls a tool should use with `kernel` (a seam.Kernel).

    stdout: the tool's text stdout; replay writes what the tool writes to
    fd 1 there (a process would write it to the descriptor)."""
    if kernel.replay_dir:
        if kernel._replaying_snapshot():
            from pynettools.kernel.fromsnapshot import SnapshotMiss

            raise SnapshotMiss("the snapshot in %s does not hold the network: this tool sends and receives "
                               "packets, and a snapshot holds the machine's state" % kernel.replay_dir)
        return ReplayCalls(kernel, stdout)
    if kernel.record_dir or kernel.trace_to is not None:
        return ObservedCalls(kernel)
    return LiveCalls()


class LiveCalls:
    """The real system calls.  read/write are os.read/os.write themselves."""

    mode = "live"

    def __init__(self):
        # _socket, the C module under socket.py: importing socket.py costs
        # ~6 ms (enum, selectors), a third of Python's own start-up
        import _socket

        self._socket_module = _socket
        self._sockets = {}
        self._poll_key = self._poller = None
        self.read = os.read
        self.write = os.write
        readv = os.readv
        # read(2) into a buffer (nc's read(fd, buf + pos, n)): os.readv of one
        # view, no bytes object in between
        self.readinto = lambda fd, view: readv(fd, (view,))
        import time

        self.clock_ns = time.clock_gettime_ns

    # ---- sockets ------------------------------------------------------------

    def socket(self, family, kind, proto):
        sock = self._socket_module.socket(family, kind, proto)
        fd = sock.fileno()
        self._sockets[fd] = sock
        return fd

    def setsockopt(self, fd, level, name, value):
        self._sockets[fd].setsockopt(level, name, value)

    def getsockopt(self, fd, level, name):
        return self._sockets[fd].getsockopt(level, name)

    def bind(self, fd, address):
        self._sockets[fd].bind(address)

    def listen(self, fd, backlog):
        self._sockets[fd].listen(backlog)

    def connect(self, fd, address):
        """0, or the errno connect() failed with (EINPROGRESS on a
        non-blocking socket): as connect_ex, nothing raised."""
        return self._sockets[fd].connect_ex(address)

    def disconnect(self, fd, size=0):
        """connect(fd, NULL, 0), as nc does to a unix datagram socket after a
        client is done (Python's connect() needs an address, so libc's).
        size: an all-zero address of that many bytes instead (AF_UNSPEC:
        ping's probe socket for a link-local IPv6 destination, 28 bytes)."""
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        address = ctypes.create_string_buffer(size) if size else None
        if libc.connect(fd, address, size) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))

    def accept(self, fd):
        """(new fd, peer address); the new socket is non-blocking (accept4
        with SOCK_NONBLOCK, as nc)."""
        listening = self._sockets[fd]
        new_fd, address = listening._accept()
        sock = self._socket_module.socket(listening.family, listening.type, listening.proto, fileno=new_fd)
        sock.setblocking(False)
        self._sockets[new_fd] = sock
        return new_fd, address

    def getsockname(self, fd):
        return self._sockets[fd].getsockname()

    def socket_object(self, fd):
        """The socket object behind fd, for a hot loop that calls its
        methods itself (ping -f in live mode: no call through here per
        packet).  Live only: recording and replay have no such object."""
        return self._sockets[fd]

    def recvfrom(self, fd, size, flags=0):
        return self._sockets[fd].recvfrom(size, flags)

    def sendmsg_fd(self, fd, passed):
        """Send one NUL byte carrying descriptor `passed` (SCM_RIGHTS) on fd."""
        import array
        import socket

        carrier = socket.socket(fileno=os.dup(fd))
        try:
            return carrier.sendmsg([b"\0"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [passed]))])
        finally:
            carrier.close()

    # ---- datagrams with ancillary data (ping, traceroute) ----------------------

    def sendto(self, fd, data, flags, address):
        """sendto(2): the bytes sent.  address None: send() on a connected socket."""
        sock = self._sockets[fd]
        if address is None:
            return sock.send(data, flags)
        return sock.sendto(data, flags, address)

    def recvmsg(self, fd, bufsize, ancbufsize, flags=0):
        """recvmsg(2): (data, [(level, type, data)...], msg_flags, address).

        MSG_ERRQUEUE in flags reads the socket's error queue (IP_RECVERR):
        the ancillary data then holds the sock_extended_err."""
        return self._sockets[fd].recvmsg(bufsize, ancbufsize, flags)  # its ancillary items are tuples

    def clock_ns(self, clock_id):
        """clock_gettime(clock_id) in nanoseconds (0 CLOCK_REALTIME, which is
        gettimeofday's clock, 1 CLOCK_MONOTONIC).  (Replaced in __init__ by
        time.clock_gettime_ns itself: ping reads the clock three times a packet.)"""
        import time

        return time.clock_gettime_ns(clock_id)

    def getpid(self):
        return os.getpid()

    def catch_signal(self, signum, name):
        """From now on signal `signum` raises Interrupted(name) out of the call
        that is waiting (ping's SIGQUIT status line, SIGALRM deadline): the
        recording notes it at that call, and replay raises it there."""
        import _signal

        def rang(_signum, _frame):
            raise Interrupted(name)

        _signal.signal(signum, rang)

    def set_blocking(self, fd, blocking):
        os.set_blocking(fd, blocking)

    def shutdown(self, fd, how):
        self._sockets[fd].shutdown(how)

    def close(self, fd):
        self._poll_key = self._poller = None
        sock = self._sockets.pop(fd, None)
        if sock is not None:
            sock.close()
        else:
            os.close(fd)

    # ---- waiting ------------------------------------------------------------

    def poll(self, entries, timeout):
        """C's poll() over [(fd, events)]: a list of revents, one per entry.

        Entries with fd -1 are skipped (revents 0), as poll() does; one fd may
        appear twice with different events (nc polls the socket as "net in"
        and "net out"): each entry gets what it asked for, plus POLLERR,
        POLLHUP and POLLNVAL.  timeout in milliseconds, -1 for none."""
        key = tuple(entries)
        if key != self._poll_key:
            import select

            merged = {}
            for fd, events in entries:
                if fd >= 0:
                    merged[fd] = merged.get(fd, 0) | events
            poller = select.poll()
            for fd, events in merged.items():
                poller.register(fd, events)
            # kept for the next call asking the same (ping's loop polls one socket
            # thousands of times): a poll object holds only numbers, handed to
            # poll(2) on each call, so reusing it is the same as a new one
            self._poll_key, self._poller = key, poller
        ready = dict(self._poller.poll(None if timeout < 0 else timeout))
        return [ready.get(fd, 0) & (events | _ALWAYS) if fd >= 0 else 0 for fd, events in entries]

    def sleep(self, seconds):
        import time

        time.sleep(seconds)

    def alarm(self, seconds):
        """alarm(seconds), its SIGALRM raising Interrupted("alarm") out of
        whatever call is waiting then (nc -q: the handler exits 0)."""
        import _signal

        _signal.signal(_signal.SIGALRM, _alarm_rang)
        _signal.alarm(seconds)

    # ---- the file system (unix socket paths) --------------------------------

    def unlink(self, path):
        os.unlink(path)

    def rmdir(self, path):
        os.rmdir(path)

    def mkdtemp(self, prefix):
        """A new directory /tmp/PREFIXXXXXXX, as mkdtemp(3): six random
        letters and digits (Python's tempfile uses eight), mode 0700."""
        import random
        import string

        letters = string.ascii_letters + string.digits
        for _ in range(100):
            path = "/tmp/%s%s" % (prefix, "".join(random.choice(letters) for _ in range(6)))
            try:
                os.mkdir(path, 0o700)
                return path
            except FileExistsError:
                continue
        raise OSError(_errno.EEXIST, os.strerror(_errno.EEXIST))

    def isatty(self, fd):
        return os.isatty(fd)


def _alarm_rang(signum, frame):
    raise Interrupted("alarm")


# ---- recording, tracing, replaying --------------------------------------------

# Calls whose arguments begin with a descriptor (traced as "fd N").
_CALLS = ("socket", "setsockopt", "getsockopt", "bind", "listen", "connect", "disconnect", "accept",
          "getsockname", "recvfrom", "sendmsg_fd", "sendto", "recvmsg", "clock_ns", "getpid", "catch_signal",
          "set_blocking", "shutdown", "close", "poll",
          "read", "readinto", "write", "sleep", "alarm", "unlink", "rmdir", "mkdtemp", "isatty")


def _key(number, name, args):
    if name == "readinto":  # the buffer's old contents are no argument: its size is
        args = (args[0], len(args[1]))
    return "%05d %s %s" % (number, name, " ".join(_show(arg) for arg in args))


def _show(value):
    """An argument as the key and the trace show it: data by length and digest."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        import hashlib

        data = bytes(value)
        return "<%d bytes %s>" % (len(data), hashlib.sha1(data).hexdigest()[:12])
    if isinstance(value, (list, tuple)):
        return "[%s]" % ",".join(_show(item) for item in value)
    return str(value)


def _encode(value):
    from pynettools.kernel.recording import encode_value

    if isinstance(value, (bytes, bytearray, memoryview)):
        import base64

        return {"b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, tuple):
        return encode_value(tuple(_encode(item) for item in value))
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value):
    if isinstance(value, dict) and set(value) == {"b64"}:
        import base64

        return base64.b64decode(value["b64"])
    if isinstance(value, tuple):
        return tuple(_decode(item) for item in value)
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


class ObservedCalls:
    """The live calls, each recorded (PYNETTOOLS_RECORD) and/or traced
    (PYNETTOOLS_TRACE) with its answer."""

    def __init__(self, kernel):
        self.kernel = kernel
        self.live = LiveCalls()
        self.mode = kernel.mode
        self._number = 0
        for name in _CALLS:
            setattr(self, name, self._observed(name))
        # imported now, not inside the first sendto() that _show()s its bytes:
        # a tool that reads the clock just before sending (traceroute, ping)
        # would count the import (milliseconds) in its first round trip
        import hashlib  # noqa: F401

    def _observed(self, name):
        call = getattr(self.live, name)

        def observed(*args):
            self._number += 1
            key = _key(self._number, name, args)
            try:
                value = call(*args)
            except Interrupted as stop:
                self._log({"op": "net", "key": key, "interrupted": stop.name})
                self._trace(name, args, "interrupted by %s" % stop.name)
                raise
            except (KeyboardInterrupt, Terminated, OSError) as err:
                kind = "SIGINT" if isinstance(err, KeyboardInterrupt) else \
                    "SIGTERM" if isinstance(err, Terminated) else None
                if kind:
                    self._log({"op": "net", "key": key, "interrupted": kind})
                else:
                    from pynettools.kernel.seam import _error_record

                    self._log({"op": "net", "key": key, "error": _error_record(err)})
                self._trace(name, args, kind or _errno.errorcode.get(err.errno, str(err.errno)))
                raise
            answer = bytes(args[1][:value]) if name == "readinto" else value
            self._log({"op": "net", "key": key, "value": _encode(answer)})
            self._trace(name, args, answer)
            return value

        observed.__name__ = name
        return observed

    def _log(self, entry):
        if self.kernel._log is not None:
            self.kernel._log.append(entry)

    def _trace(self, name, args, answer):
        if self.kernel.trace_to is not None:
            self.kernel._trace(describe(name, args, answer))


# ---- the trace: one readable line per call ---------------------------------------

_FAMILIES = {1: "AF_UNIX", 2: "AF_INET", 10: "AF_INET6"}
_TYPES = {1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 6: "SOCK_DCCP"}
_TYPE_FLAGS = ((0o4000, "SOCK_NONBLOCK"), (0o2000000, "SOCK_CLOEXEC"))
_LEVELS = {1: "SOL_SOCKET", 0: "IPPROTO_IP", 41: "IPPROTO_IPV6", 6: "IPPROTO_TCP", 58: "IPPROTO_ICMPV6",
           255: "IPPROTO_RAW"}
_OPTIONS = {(1, 1): "SO_DEBUG", (1, 2): "SO_REUSEADDR", (1, 4): "SO_ERROR", (1, 6): "SO_BROADCAST",
            (1, 7): "SO_SNDBUF", (1, 8): "SO_RCVBUF", (1, 15): "SO_REUSEPORT", (0, 1): "IP_TOS",
            (0, 2): "IP_TTL", (0, 21): "IP_MINTTL", (41, 16): "IPV6_UNICAST_HOPS", (41, 67): "IPV6_TCLASS",
            (41, 73): "IPV6_MINHOPCOUNT", (6, 32): "TCP_MD5SIG_EXT",
            (1, 29): "SO_TIMESTAMP", (1, 36): "SO_MARK", (1, 25): "SO_BINDTODEVICE", (1, 5): "SO_DONTROUTE",
            (0, 4): "IP_OPTIONS", (0, 10): "IP_MTU_DISCOVER", (0, 11): "IP_RECVERR", (0, 12): "IP_RECVTTL",
            (0, 32): "IP_MULTICAST_IF", (0, 33): "IP_MULTICAST_TTL", (0, 34): "IP_MULTICAST_LOOP",
            (41, 23): "IPV6_MTU_DISCOVER", (41, 25): "IPV6_RECVERR", (41, 51): "IPV6_RECVHOPLIMIT",
            (41, 18): "IPV6_MULTICAST_HOPS", (58, 1): "ICMP6_FILTER"}
_EVENTS = ((POLLIN, "IN"), (POLLOUT, "OUT"), (POLLERR, "ERR"), (POLLHUP, "HUP"), (POLLNVAL, "NVAL"))
_SHUT = {0: "SHUT_RD", 1: "SHUT_WR", 2: "SHUT_RDWR"}


def _events(mask):
    return "|".join(name for bit, name in _EVENTS if mask & bit) or "-"


def _address(address):
    if isinstance(address, tuple):
        return "%s port %s" % (address[0], address[1])
    if isinstance(address, bytes) and address[:1] == b"\0":
        return "@" + address[1:].decode("utf-8", "surrogateescape")
    return str(address)


def _socket_type(kind):
    names = [_TYPES.get(kind & 0xF, str(kind & 0xF))]
    names += [name for bit, name in _TYPE_FLAGS if kind & bit]
    return "|".join(names)


def describe(name, args, answer):
    """The trace line of one call: what was asked, in the C API's words, and what came back."""
    if name == "socket":
        asked = "socket %s %s %d" % (_FAMILIES.get(args[0], args[0]), _socket_type(args[1]), args[2])
        return "%s: fd %s" % (asked, answer) if isinstance(answer, int) else "%s: %s" % (asked, answer)
    if name == "poll":
        wanted = ", ".join("fd %d %s" % (fd, _events(events)) for fd, events in args[0] if fd >= 0)
        timeout = "no timeout" if args[1] < 0 else "%d ms" % args[1]
        if isinstance(answer, list):
            got = ", ".join("fd %d %s" % (fd, _events(revents))
                            for (fd, _), revents in zip(args[0], answer) if revents) or "timed out"
        else:
            got = answer
        return "poll %s (%s): %s" % (wanted or "nothing", timeout, got)
    if name in ("setsockopt", "getsockopt"):
        option = _OPTIONS.get((args[1], args[2]), "%s %s" % (_LEVELS.get(args[1], args[1]), args[2]))
        value = " %s" % _show(args[3]) if name == "setsockopt" else ""
        return "%s fd %d %s%s%s" % (name, args[0], option, value, "" if answer is None else ": %s" % answer)
    if name in ("bind", "connect"):
        code = answer
        if name == "connect" and isinstance(answer, int):
            code = "connected" if answer == 0 else _errno.errorcode.get(answer, answer)
        return "%s fd %d to %s%s" % (name, args[0], _address(args[1]), "" if code is None else ": %s" % code)
    if name == "accept" and isinstance(answer, tuple):
        return "accept fd %d: fd %d from %s" % (args[0], answer[0], _address(answer[1]))
    if name == "shutdown":
        return "shutdown fd %d %s%s" % (args[0], _SHUT.get(args[1], args[1]), "" if answer is None else ": %s" % answer)
    if name in ("read", "readinto", "write"):
        count = len(answer) if isinstance(answer, (bytes, bytearray)) else answer
        return "%s fd %d: %s" % ("read" if name == "readinto" else name, args[0],
                                 "%d bytes" % count if isinstance(count, int) else count)
    shown = " ".join(_show(arg) for arg in args)
    return "%s %s%s" % (name, shown, "" if answer is None else ": %s" % _show(answer))


def _answer_of(entry):
    if "interrupted" in entry:
        return "interrupted by %s" % entry["interrupted"]
    if "error" in entry:
        return _errno.errorcode.get(entry["error"].get("errno"), "error")
    from pynettools.kernel.recording import decode_value

    return _decode(decode_value(entry["value"], entry.get("format", 2)))


class ReplayCalls:
    """Every call answered from the recording; writes to fd 1 go to `stdout`."""

    mode = "replay"

    def __init__(self, kernel, stdout):
        self.kernel = kernel
        self.stdout = stdout
        self._number = 0
        for name in _CALLS:
            setattr(self, name, self._replayed(name))

    def _replayed(self, name):
        def replayed(*args):
            self._number += 1
            key = _key(self._number, name, args)
            entry = self.kernel._replayed_entry("net", key)
            if self.kernel.trace_to is not None:
                self.kernel._trace(describe(name, args, _answer_of(entry)))
            if "interrupted" in entry:
                if entry["interrupted"] == "SIGINT":
                    raise KeyboardInterrupt()
                if entry["interrupted"] == "SIGTERM":
                    raise Terminated()
                raise Interrupted(entry["interrupted"])
            if "error" in entry:
                from pynettools.kernel.seam import _error_from_record

                raise _error_from_record(entry["error"])
            from pynettools.kernel.recording import decode_value

            value = _decode(decode_value(entry["value"], entry.get("format", 2)))
            if name == "readinto":  # the recorded bytes, into the caller's buffer
                args[1][:len(value)] = value
                return len(value)
            if name == "write" and args[0] == 1 and self.stdout is not None:
                # write(2) on fd 1: out at once, whatever happens next (a signal)
                self.stdout.write(bytes(args[1][:value]).decode("utf-8", "surrogateescape"))
                self.stdout.flush()
            return value

        replayed.__name__ = name
        return replayed
