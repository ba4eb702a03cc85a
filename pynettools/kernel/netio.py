"""The socket seam: the system calls of a tool that talks over the network (nc).

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
        return ReplayCalls(kernel, stdout)
    if kernel.record_dir or kernel.trace_to is not None:
        return ObservedCalls(kernel)
    return LiveCalls()


class LiveCalls:
    """The real system calls.  read/write are os.read/os.write themselves."""

    mode = "live"

    def __init__(self):
        import socket

        self._socket_module = socket
        self._sockets = {}
        self.read = os.read
        self.write = os.write
        readv = os.readv
        # read(2) into a buffer (nc's read(fd, buf + pos, n)): os.readv of one
        # view, no bytes object in between
        self.readinto = lambda fd, view: readv(fd, (view,))

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

    def disconnect(self, fd):
        """connect(fd, NULL, 0), as nc does to a unix datagram socket after a
        client is done (Python's connect() needs an address, so libc's)."""
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.connect(fd, None, 0) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))

    def accept(self, fd):
        """(new fd, peer address); the new socket is non-blocking (accept4
        with SOCK_NONBLOCK, as nc)."""
        listening = self._sockets[fd]
        sock, address = listening.accept()
        sock.setblocking(False)
        new_fd = sock.fileno()
        self._sockets[new_fd] = sock
        return new_fd, address

    def getsockname(self, fd):
        return self._sockets[fd].getsockname()

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

    def set_blocking(self, fd, blocking):
        os.set_blocking(fd, blocking)

    def shutdown(self, fd, how):
        self._sockets[fd].shutdown(how)

    def close(self, fd):
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
        import select

        merged = {}
        for fd, events in entries:
            if fd >= 0:
                merged[fd] = merged.get(fd, 0) | events
        poller = select.poll()
        for fd, events in merged.items():
            poller.register(fd, events)
        ready = dict(poller.poll(None if timeout < 0 else timeout))
        return [ready.get(fd, 0) & (events | _ALWAYS) if fd >= 0 else 0 for fd, events in entries]

    def sleep(self, seconds):
        import time

        time.sleep(seconds)

    def alarm(self, seconds):
        """alarm(seconds), its SIGALRM raising Interrupted("alarm") out of
        whatever call is waiting then (nc -q: the handler exits 0)."""
        import signal

        signal.signal(signal.SIGALRM, _alarm_rang)
        signal.alarm(seconds)

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
          "getsockname", "recvfrom", "sendmsg_fd", "set_blocking", "shutdown", "close", "poll",
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

    def _observed(self, name):
        call = getattr(self.live, name)

        def observed(*args):
            self._number += 1
            key = _key(self._number, name, args)
            try:
                value = call(*args)
            except Interrupted as stop:
                self._log({"op": "net", "key": key, "interrupted": stop.name})
                self._trace(key, "interrupted (%s)" % stop.name)
                raise
            except (KeyboardInterrupt, OSError) as err:
                kind = "SIGINT" if isinstance(err, KeyboardInterrupt) else None
                if kind:
                    self._log({"op": "net", "key": key, "interrupted": kind})
                else:
                    from pynettools.kernel.seam import _error_record

                    self._log({"op": "net", "key": key, "error": _error_record(err)})
                self._trace(key, kind or _errno.errorcode.get(err.errno, str(err.errno)))
                raise
            answer = bytes(args[1][:value]) if name == "readinto" else value
            self._log({"op": "net", "key": key, "value": _encode(answer)})
            self._trace(key, _show(answer))
            return value

        observed.__name__ = name
        return observed

    def _log(self, entry):
        if self.kernel._log is not None:
            self.kernel._log.append(entry)

    def _trace(self, key, answer):
        if self.kernel.trace_to is not None:
            self.kernel._trace("%s: %s" % (key.split(" ", 1)[1].rstrip(), answer))


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
                self.kernel._trace(key.split(" ", 1)[1].rstrip())
            if "interrupted" in entry:
                if entry["interrupted"] == "SIGINT":
                    raise KeyboardInterrupt()
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
                self.stdout.write(bytes(args[1][:value]).decode("utf-8", "surrogateescape"))
            return value

        replayed.__name__ = name
        return replayed
