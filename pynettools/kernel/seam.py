"""The kernel seam: the one door through which every tool reads the machine.

Every read of procfs or sysfs, every netlink exchange, every ioctl, and every
lookup whose answer makes output depend on the machine (host, service and user
names, the clock) goes through a Kernel object.  That gives four modes:

  live     (default) read the machine;
  record   PYNETTOOLS_RECORD=DIR: read the machine and write what was read to DIR;
  replay   PYNETTOOLS_REPLAY=DIR: answer from DIR, and fail loudly on anything
           that was not recorded (ReplayMiss), so a golden test cannot silently
           fall through to the machine it runs on;
  trace    PYNETTOOLS_TRACE=1 (with any of the above): one line per kernel
           interface consulted, on stderr -- the teaching view:
             read /proc/net/arp: 3 entries
             netlink SOCK_DIAG inet tcp dump: 12 messages
             ioctl SIOCGIFHWADDR veth0
             lookup gethostbyaddr 198.51.100.2: host2

A recording is a directory holding `seam.json` (an ordered list of what was
asked and what came back) and `data/` (file contents and netlink replies,
byte for byte, so a reader can open them).  When the same question is asked
twice (a tool reads /proc/net/arp before and after changing it), replay gives
the answers in the recorded order and repeats the last one after that.

Live mode costs one method call per read: hot paths (100k sockets through
sock_diag) must not pay for recording they do not do.
"""
import os
import struct

_NLMSG_HDR = struct.Struct("=IHHII")  # len, type, flags, seq, pid
_NLMSG_LEN_TYPE = struct.Struct("=IH")
_NLMSG_ERROR = 2
_NLMSG_DONE = 3
_NLM_F_DUMP = 0x300
_SOL_NETLINK = 270
_NETLINK_GET_STRICT_CHK = 12
_NLM_F_CAPPED = 0x100
_NLM_F_ACK_TLVS = 0x200
_NETLINK_EXT_ACK = 11
_NETLINK_ADD_MEMBERSHIP = 1
_NETLINK_LISTEN_ALL_NSID = 8

NETLINK_PROTOCOLS = {0: "ROUTE", 4: "SOCK_DIAG", 16: "GENERIC"}


class ReplayMiss(Exception):
    """A read that the recording does not hold."""


class Terminated(BaseException):
    """SIGTERM, as an exception (pynettools.runtime raises it while recording,
    so the recording is written before the process dies by the signal)."""


# How a listen that never ends (ss -E) was ended, as the recording names it.
_INTERRUPTIONS = {"SIGINT": KeyboardInterrupt, "SIGTERM": Terminated}


class Kernel:
    def __init__(self, record_dir=None, replay_dir=None, trace_to=None):
        self.record_dir = record_dir
        self.replay_dir = replay_dir
        self.trace_to = trace_to
        self._log = [] if record_dir else None
        self._replay = None
        self._sockets = {}
        self._seq = 0
        self._recv_buffer = None  # _recv()'s, made at the first netlink read
        # A snapshot holds several tools' lookups, and tools wrap the same
        # resolver call differently (lsof's getservbyport answers None where
        # ss's raises): there each lookup's key starts with the tool's module.
        self.lookup_scope = None

    @classmethod
    def from_environ(cls, environ, trace_to=None):
        return cls(record_dir=environ.get("PYNETTOOLS_RECORD") or None,
                   replay_dir=environ.get("PYNETTOOLS_REPLAY") or None,
                   trace_to=trace_to if environ.get("PYNETTOOLS_TRACE") else None)

    @property
    def mode(self):
        if self.replay_dir:
            return "replay"
        return "record" if self.record_dir else "live"

    # ---- files --------------------------------------------------------------

    def read_text(self, path, unit="lines", header_lines=0):
        """The whole text of a procfs/sysfs file (OSError as the kernel gives it).

        unit and header_lines only shape the trace line ("3 entries").
        """
        try:
            text = self._answer("read", path, lambda: _read_file_text(path), blob=True)
        except OSError as err:
            self._trace_if("read %s: %s", path, err.strerror)
            raise
        if self.trace_to is not None:
            count = max(text.count("\n") - header_lines, 0)
            self._trace("read %s: %d %s" % (path, count, unit))
        return text

    def listdir(self, path):
        names = self._answer("listdir", path, lambda: sorted(os.listdir(path)))
        self._trace_if("listdir %s: %d names", path, len(names))
        return names

    def readlink(self, path):
        target = self._answer("readlink", path, lambda: os.readlink(path))
        self._trace_if("readlink %s: %s", path, target)
        return target

    def readlinks(self, directory):
        """[(name, link target)] for every symlink in a directory (a process's fd/).

        One call for the whole directory: `ss -p` asks this of every process,
        and one seam entry per directory keeps recordings and traces readable.
        Entries that vanish while we read them are skipped, as ss does.
        """
        links = self._answer("readlinks", directory, lambda: _read_links(directory))
        self._trace_if("readlinks %s: %d links", directory, len(links))
        return links

    # ---- netlink ------------------------------------------------------------

    def netlink_dump(self, protocol, request, what="", strict=False):
        """Send one netlink request; yield the raw reply buffers until NLMSG_DONE.

        `request` is a complete netlink message; its seq and pid fields are
        filled in here.  Buffers are yielded as recv() returned them, each
        holding several messages, for decoders to walk with struct.unpack_from.
        An NLMSG_ERROR reply raises OSError with its errno.
        strict=True sends it on a socket with NETLINK_GET_STRICT_CHK set (ip's
        rtnl_set_strict_dump: the kernel applies the request's filters).
        """
        key = "%d:%s%s" % (protocol, _request_key(request), ":strict" if strict else "")
        buffers = self._netlink_answers(key, protocol, what,
                                        lambda: self._live_netlink(protocol, request, strict))
        seq = _NLMSG_HDR.unpack_from(request)[3]
        if seq and self.replay_dir and self._replaying_snapshot():
            # the kernel echoes a request's own number (ip save's is the time):
            # a snapshot's replies carry the number the snapshot asked with
            from pynettools.kernel.fromsnapshot import renumbered

            return renumbered(buffers, seq)
        return buffers

    def netlink_talk(self, protocol, request, what=""):
        """Send one request that is not a dump (`ip neigh get`, `ip route get`);
        return the reply buffers as a list, the last holding the answer: a
        message of the request's type family, or NLMSG_ERROR, which is
        returned, not raised, so the caller can print the kernel's extended
        ack ("Error: Neighbour entry not found.") as libnetlink's rtnl_talk().
        Sent on ip's socket: strict checking and NETLINK_EXT_ACK on.
        """
        key = "%d:talk:%s" % (protocol, _request_key(request))
        return list(self._netlink_answers(key, protocol, what, lambda: self._live_talk(protocol, request)))

    def _live_talk(self, protocol, request):
        sock = self._netlink_socket(protocol, strict=True)
        length, msg_type, flags = _NLMSG_HDR.unpack_from(request)[:3]
        self._seq += 1
        seq = self._seq
        sock.send(_NLMSG_HDR.pack(length, msg_type, flags, seq, 0) + request[_NLMSG_HDR.size:])
        while True:
            buf = self._recv(sock)
            yield buf
            if _holds_seq(buf, seq):
                return

    def netlink_listen(self, protocol, groups, what="", add_groups=(), all_nsid=False):
        """Yield what a netlink socket bound to multicast `groups` receives, for ever.

        For tools that follow kernel notifications (ss -E: sock_diag's
        "socket destroyed" groups; ip monitor).  `groups` is the bind() group
        mask; `add_groups` are group numbers joined afterwards with
        NETLINK_ADD_MEMBERSHIP (the mask holds only the first 32: rtnetlink's
        nexthop and stats groups are 32 and 36).  all_nsid=True sets
        NETLINK_LISTEN_ALL_NSID (notifications from every namespace with an
        id here) and reads with recvmsg(): each buffer then starts with the
        sender's nsid as a native int32 (-1 when the kernel gave none), the
        NETLINK_LISTEN_ALL_NSID control message libnetlink's rtnl_listen() reads.
        A refused setsockopt raises OSError before anything is yielded.
        Recorded and traced like a dump; a replay yields the recorded buffers
        and then ends, or, when a signal ended the recorded run while it
        listened (KeyboardInterrupt, Terminated), raises that again.
        """
        key = "%d:listen:%d" % (protocol, groups)
        if add_groups:
            key += ":+" + ",".join(str(group) for group in add_groups)
        if all_nsid:
            key += ":all-nsid"
        return self._netlink_answers(key, protocol, what,
                                     lambda: self._live_listen(protocol, groups, add_groups, all_nsid),
                                     prefix=4 if all_nsid else 0)

    def inotify_watch(self, path, mask, what=""):
        """Yield what read() gives on an inotify descriptor watching `path`
        for the events in `mask`, for ever (ip netns monitor: names made and
        removed in /run/netns): struct inotify_event records, as bytes.
        A failure raises OSError whose filename names the call that failed
        ("inotify_init", "inotify_add_watch", "read").  Recorded and
        replayed like a netlink listen (a signal ends it).
        """
        key = "inotify:%s:%#x" % (path, mask)
        return self._netlink_answers(key, "inotify", what, lambda: _live_inotify(path, mask), op="inotify")

    def _netlink_answers(self, key, protocol, what, live, op="netlink", prefix=0):
        """The buffers of a dump or a listen: replayed, or live() (recorded
        when recording), traced when tracing.  Each stage is a generator, so
        nothing is sent or read before the caller starts iterating.  prefix:
        bytes before the messages of each buffer (all_nsid's nsid)."""
        if self.replay_dir:
            buffers = self._replayed_netlink(key, op)
        else:
            buffers = live()
            if self._log is not None:
                buffers = self._recording_netlink(key, buffers, op)
        if self.trace_to is not None:
            buffers = self._tracing_netlink(protocol, what, buffers, prefix)
        return buffers

    def _live_listen(self, protocol, groups, add_groups=(), all_nsid=False):
        import _socket

        sock = _socket.socket(_socket.AF_NETLINK, _socket.SOCK_RAW, protocol)
        self._sockets[("listen", protocol, groups)] = sock
        sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_RCVBUF, 1 << 20)
        sock.bind((0, groups))
        for group in add_groups:
            sock.setsockopt(_SOL_NETLINK, _NETLINK_ADD_MEMBERSHIP, group)
        if not all_nsid:
            while True:
                yield self._recv(sock)
        sock.setsockopt(_SOL_NETLINK, _NETLINK_LISTEN_ALL_NSID, 1)
        while True:
            buf, ancillary, _flags, _addr = sock.recvmsg(1 << 20, 64)
            nsid = -1
            for level, kind, data in ancillary:
                if level == _SOL_NETLINK and kind == _NETLINK_LISTEN_ALL_NSID and len(data) == 4:
                    nsid = struct.unpack("=i", data)[0]
            yield struct.pack("=i", nsid) + buf

    def _live_netlink(self, protocol, request, strict=False):
        sock = self._netlink_socket(protocol, strict)
        length, msg_type, flags, seq = _NLMSG_HDR.unpack_from(request)[:4]
        if not seq:  # the request's own number if it has one (ss -D writes it out), else ours
            self._seq += 1
            seq = self._seq
        sock.send(_NLMSG_HDR.pack(length, msg_type, flags, seq, 0) + request[_NLMSG_HDR.size:])
        is_dump = (flags & _NLM_F_DUMP) == _NLM_F_DUMP
        while True:
            buf = self._recv(sock)
            finished = _walk_for_end(buf, seq, is_dump)
            yield buf
            if finished:
                return

    def _recv(self, sock):
        """sock.recv(1 << 20) into one buffer kept for every call: a fresh
        megabyte per recv() is an mmap(), page faults and a munmap() each
        time, which doubled the system time of `ip -batch` (one ack per line)."""
        if self._recv_buffer is None:
            self._recv_buffer = bytearray(1 << 20)
        length = sock.recv_into(self._recv_buffer)
        return bytes(memoryview(self._recv_buffer)[:length])

    def _netlink_socket(self, protocol, strict=False):
        key = (protocol, "strict") if strict else protocol
        sock = self._sockets.get(key)
        if sock is None:
            import _socket  # not `socket`: importing it costs a few ms of start-up

            sock = _socket.socket(_socket.AF_NETLINK, _socket.SOCK_RAW, protocol)
            # libnetlink's rtnl_open() sizes: ss -A netlink shows our own socket
            sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_SNDBUF, 32768)
            sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_RCVBUF, 1 << 20)
            sock.bind((0, 0))
            if strict:
                sock.setsockopt(_SOL_NETLINK, _NETLINK_GET_STRICT_CHK, 1)
                # rtnl_open() asks for extended acks too: errors then carry the
                # kernel's own message, which ip prints
                sock.setsockopt(_SOL_NETLINK, _NETLINK_EXT_ACK, 1)
            self._sockets[key] = sock
        return sock

    def _replayed_netlink(self, key, op="netlink"):
        # A generator, as live: the recorded buffers come out one by one and
        # a recorded error (or a ReplayMiss) is raised while iterating, not
        # when netlink_dump() is called.
        entry = self._replayed_entry(op, key)
        for buf in entry.get("data") or []:
            yield buf
        if "error" in entry:
            raise _error_from_record(entry["error"])
        if entry.get("interrupted") in _INTERRUPTIONS:
            raise _INTERRUPTIONS[entry["interrupted"]]()

    def _recording_netlink(self, key, buffers, op="netlink"):
        chunks = []
        try:
            for buf in buffers:
                chunks.append(buf)
                yield buf
        except OSError as err:
            self._note(op, key, error=err, data=chunks)
            raise
        except (KeyboardInterrupt, Terminated) as stop:  # a signal ended it (ss -E runs until one)
            self._note(op, key, data=chunks)
            self._log[-1]["interrupted"] = "SIGINT" if isinstance(stop, KeyboardInterrupt) else "SIGTERM"
            raise
        self._note(op, key, data=chunks)

    def _tracing_netlink(self, protocol, what, buffers, prefix=0):
        count = 0
        try:
            for buf in buffers:
                count += _count_messages(buf[prefix:]) if protocol != "inotify" else 1
                yield buf
        finally:
            if protocol == "inotify":
                self._trace("inotify %s: %d reads" % (what, count))
            else:
                name = NETLINK_PROTOCOLS.get(protocol, str(protocol))
                self._trace("netlink %s %s: %d messages" % (name, what, count))

    # ---- ioctl --------------------------------------------------------------

    def ioctl(self, name, request, arg, family=2, detail=""):
        """ioctl(2) on a datagram socket of `family`; returns the filled-in buffer.

        `name` (SIOCGIFHWADDR) keys the recording and the trace; `detail`
        (usually the interface name) is what the trace shows about the argument.
        """
        key = "%s:%s" % (name, bytes(arg).hex())
        try:
            result = self._answer("ioctl", key, lambda: self._live_ioctl(request, arg, family),
                                  blob=True)
        except OSError as err:  # a refused ioctl is part of the story: trace it too
            self._trace_if("ioctl %s %s: %s", name, detail, err.strerror)
            raise
        self._trace_if("ioctl %s %s", name, detail)
        return result

    def _live_ioctl(self, request, arg, family):
        import fcntl

        sock = self._sockets.get(("ioctl", family))
        if sock is None:
            import _socket

            sock = _socket.socket(family, _socket.SOCK_DGRAM, 0)
            self._sockets[("ioctl", family)] = sock
        return fcntl.ioctl(sock.fileno(), request, bytes(arg))

    # ---- lookups (resolver, services, users, clock) -------------------------

    def lookup(self, name, function, *args):
        """function(*args), recorded under `name`: gethostbyaddr, getpwuid, time...

        Answers must be JSON-able (str, int, float, lists, None).  The
        exceptions a resolver raises (OSError, socket.herror, socket.gaierror,
        KeyError) are recorded and raised again on replay.
        """
        key = "%s:%r" % (name, args)
        if self.lookup_scope:
            key = "%s|%s" % (self.lookup_scope, key)
        try:
            value = self._answer("lookup", key, lambda: function(*args))
        except Exception as err:
            self._trace_if("lookup %s %s: %s", name, _show_args(args), type(err).__name__)
            raise
        self._trace_if("lookup %s %s: %s", name, _show_args(args), value)
        return value

    def time(self):
        import time

        return self.lookup("time", time.time)

    # ---- the machinery ------------------------------------------------------

    def _answer(self, op, key, live, blob=False):
        """live(), or its replayed answer.  A blob (file text, ioctl bytes) is
        recorded as data, written to a file of its own; anything else as a
        JSON value in seam.json."""
        if self.replay_dir:
            return self._replayed(op, key, live)
        try:
            value = live()
        except (OSError, KeyError) as err:
            if self._log is not None:
                self._note(op, key, error=err)
            raise
        if self._log is not None:
            if blob:
                self._note(op, key, data=value)
            else:
                self._note(op, key, value=value)
        return value

    def _note(self, op, key, value=None, error=None, data=None):
        entry = {"op": op, "key": key}
        if error is not None:
            entry["error"] = _error_record(error)
        if data is not None:
            entry["data"] = data
        elif error is None:
            entry["value"] = value
        self._log.append(entry)

    def _replayed(self, op, key, live=None):
        entry = self._replayed_entry(op, key, live)
        if "error" in entry:
            raise _error_from_record(entry["error"])
        if "data" in entry:
            return entry["data"]
        from pynettools.kernel.recording import decode_value

        # decoded afresh on every call: a tool may change the list it is given
        return decode_value(entry["value"], entry.get("format", 1))

    def _replaying_snapshot(self):
        self._load_replay()
        return ("snapshot", None) in self._replay

    def _load_replay(self):
        if self._replay is None:
            from pynettools.kernel.recording import load_recording

            self._replay = load_recording(self.replay_dir)

    def _replayed_entry(self, op, key, live=None):
        """The recorded answer; from a snapshot, also one cut from its tables, or
        (for what is not the machine's state: the user's files, this process's
        identity) live(), the live answer."""
        self._load_replay()
        answers = self._replay.get((op, key))
        if not answers and ("snapshot", None) in self._replay:
            # a snapshot (pynettools snapshot) holds whole tables: cut this
            # request's answer out of them, or say what the snapshot lacks
            from pynettools.kernel import fromsnapshot

            answers = self._replay[(op, key)] = [fromsnapshot.derive(self._replay, op, key, self.replay_dir, live)]
        if not answers:
            raise ReplayMiss("replay: %s %s was not recorded in %s" % (op, key, self.replay_dir))
        return answers.pop(0) if len(answers) > 1 else answers[0]

    def _trace(self, line):
        self.trace_to.write(line + "\n")

    def _trace_if(self, fmt, *args):
        if self.trace_to is not None:
            self._trace(fmt % args)

    def release_sockets(self):
        """Close the netlink and ioctl sockets opened so far (new ones open on demand)."""
        for sock in self._sockets.values():
            try:
                sock.close()
            except OSError:
                pass
        self._sockets = {}

    def close(self):
        """Write the recording (record mode) and release sockets."""
        self.release_sockets()
        if self._log is not None and self.record_dir:
            from pynettools.kernel.recording import save_recording

            save_recording(self.record_dir, self._log)
            self._log = []


def _live_inotify(path, mask):
    """inotify_init(), inotify_add_watch(path, mask), then read() for ever
    (libc through ctypes: Python has no inotify of its own)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def failed(call):
        number = ctypes.get_errno()
        return OSError(number, os.strerror(number), call)

    fd = libc.inotify_init()
    if fd < 0:
        raise failed("inotify_init")
    try:
        if libc.inotify_add_watch(fd, os.fsencode(path), ctypes.c_uint32(mask)) < 0:
            raise failed("inotify_add_watch")
        while True:
            try:
                yield os.read(fd, 4096)
            except OSError as err:
                raise OSError(err.errno, err.strerror, "read")
    finally:
        os.close(fd)


def _read_file_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "surrogateescape")


def _read_links(directory):
    links = []
    base = directory if directory.endswith("/") else directory + "/"  # os.path.join costs a third of it
    readlink = os.readlink
    for name in os.listdir(directory):
        try:
            links.append((name, readlink(base + name)))
        except OSError:
            continue
    return links


def _request_key(request):
    """The request with seq and pid zeroed: the same question, whatever its number."""
    body = bytes(request)
    return (body[:8] + b"\0" * 8 + body[16:]).hex()


def _walk_for_end(buf, seq, is_dump):
    """True when this recv() buffer ends the exchange (DONE, an error, or the ack).

    Every buffer of a dump passes through here: 100,000 routes are 200
    buffers of 500 messages, so only a message's length and type are read,
    and its sequence number only when the type could end the exchange."""
    offset = 0
    end = len(buf)
    head = _NLMSG_LEN_TYPE.unpack_from
    while offset + 16 <= end:
        length, msg_type = head(buf, offset)
        if length < 16:
            return True
        if (msg_type == _NLMSG_DONE or msg_type == _NLMSG_ERROR or not is_dump) \
                and _NLMSG_HDR.unpack_from(buf, offset)[3] == seq:
            if msg_type == _NLMSG_DONE:
                return True
            if msg_type == _NLMSG_ERROR:
                errno = -struct.unpack_from("=i", buf, offset + 16)[0]
                if errno:
                    err = OSError(errno, os.strerror(errno))
                    err.extack = _error_ext_ack(buf, offset, length)
                    raise err
                return True
            if not is_dump:
                return True
        offset += (length + 3) & ~3
    return False


def _holds_seq(buf, seq):
    """True when a recv() buffer holds a message answering request `seq`."""
    offset = 0
    while offset + 16 <= len(buf):
        length, _type, _flags, msg_seq, _pid = _NLMSG_HDR.unpack_from(buf, offset)
        if length < 16 or msg_seq == seq:
            return True
        offset += (length + 3) & ~3
    return False


def _error_ext_ack(buf, offset, length):
    """The kernel's extended-ack message (NLMSGERR_ATTR_MSG) in an NLMSG_ERROR, or None.

    After struct nlmsgerr (the error code and the request's nlmsghdr, with
    the request's body unless NLM_F_CAPPED) come attributes, when the
    kernel flagged NLM_F_ACK_TLVS (libnetlink's nl_dump_ext_ack()).
    """
    flags = struct.unpack_from("=H", buf, offset + 6)[0]
    if not flags & _NLM_F_ACK_TLVS or length < 36:
        return None
    start = offset + 36
    if not flags & _NLM_F_CAPPED:
        start = offset + 20 + ((struct.unpack_from("=I", buf, offset + 20)[0] + 3) & ~3)
    end = offset + length
    while start + 4 <= end:
        attr_len, attr_type = struct.unpack_from("=HH", buf, start)
        if attr_len < 4:
            break
        if attr_type & 0x3fff == 1:  # NLMSGERR_ATTR_MSG
            return bytes(buf[start + 4:start + attr_len]).split(b"\0", 1)[0].decode("utf-8", "replace")
        start += (attr_len + 3) & ~3
    return None


def _count_messages(buf):
    count = 0
    offset = 0
    while offset + 16 <= len(buf):
        length, msg_type = struct.unpack_from("=IH", buf, offset)
        if length < 16:
            break
        if msg_type not in (_NLMSG_DONE, _NLMSG_ERROR):
            count += 1
        offset += (length + 3) & ~3
    return count


def _error_record(err):
    if isinstance(err, KeyError):
        return {"type": "KeyError", "args": [str(a) for a in err.args]}
    import socket

    for name, cls in (("herror", socket.herror), ("gaierror", socket.gaierror)):
        if isinstance(err, cls):
            return {"type": name, "args": list(err.args)}
    record = {"type": "OSError", "errno": err.errno, "strerror": err.strerror}
    if getattr(err, "filename", None) is not None:
        record["filename"] = err.filename  # so str(err) replays as it read live
    if getattr(err, "extack", None) is not None:
        record["extack"] = err.extack  # the kernel's words for a refused netlink request
    return record


def _error_from_record(record):
    kind = record["type"]
    if kind == "KeyError":
        return KeyError(*record["args"])
    if kind in ("herror", "gaierror"):
        import socket

        return getattr(socket, kind)(*record["args"])
    if "filename" in record:
        return OSError(record["errno"], record["strerror"], record["filename"])
    err = OSError(record["errno"], record["strerror"])
    if "extack" in record:
        err.extack = record["extack"]
    return err


def _show_args(args):
    return " ".join(str(a) for a in args)
