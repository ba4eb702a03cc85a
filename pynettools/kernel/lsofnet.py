"""The socket tables and process facts lsof 4.95 reads on Linux for -i and -U.

(Ours walks the processes first and reads the tables once it knows some
process holds a socket; lsof reads them when it meets the first socket.  The
same files either way.)

lsof (dialects/linux/dproc.c, dsock.c) walks /proc: for every process it
reads /proc/PID/stat (command name, parent and process group) and the owner
of /proc/PID (here the effective uid of /proc/PID/status, which is what the
directory's owner is), and then the links of /proc/PID/fd.  A link reading
"socket:[INODE]" is a socket; the first time a socket turns up it reads the
tables of /proc/net once, keyed by inode:

  tcp, udp, udplite, tcp6, udp6, udplite6  ->  TYPE IPv4/IPv6, NODE TCP/UDP/UDPLITE,
      DEVICE the inode, NAME local->remote, the TCP state and the queues;
  unix  ->  TYPE unix, DEVICE the socket's (hashed) kernel address from the
      Num column, NODE the inode, NAME the path, type= and state.

Every read goes through the kernel seam; one readlinks() per fd directory.
"""

from array import array

_INET_TABLES = (("tcp", "TCP", 4), ("udp", "UDP", 4), ("udplite", "UDPLITE", 4),
                ("tcp6", "TCP", 6), ("udp6", "UDP", 6), ("udplite6", "UDPLITE", 6))


class InetSock:
    """One line of /proc/net/{tcp,udp,udplite}[6]."""
    __slots__ = ("family", "proto", "laddr", "lport", "raddr", "rport", "state", "txq", "rxq")

    def __init__(self, family, proto, laddr, lport, raddr, rport, state, txq, rxq):
        self.family = family
        self.proto = proto
        self.laddr = laddr      # bytes (4 or 16), network order
        self.lport = lport
        self.raddr = raddr
        self.rport = rport
        self.state = state
        self.txq = txq
        self.rxq = rxq


class UnixSock:
    """One line of /proc/net/unix."""
    __slots__ = ("address", "flags", "type", "state", "path")

    def __init__(self, address, flags, stype, state, path):
        self.address = address  # the Num column, 16 hex digits
        self.flags = flags
        self.type = stype
        self.state = state
        self.path = path


def _addr4(word):
    value = int(word, 16)
    return value.to_bytes(4, "little")


def _addr6(text):
    out = b""
    for i in range(0, 32, 8):
        out += int(text[i:i + 8], 16).to_bytes(4, "little")
    return out


class InetTables:
    """The inet tables, indexed by inode; a line is parsed only when a socket asks for it.

    With 100,000 sockets, keeping the texts and one packed int (table, offset)
    per inode costs far less memory than a parsed record per socket, and the
    sockets that no process of the selection holds are never parsed.
    The first table holding an inode wins, in lsof's order.
    """

    def __init__(self, kernel, root="/proc", ports=None):
        """ports: [(first, last)], or None; with ports, a line neither of whose
        ports is in a range is left out of the index (the caller selects by
        port only, so such a socket could never be listed)."""
        self._tables = []
        self._kinds = []
        self._addrs = {}
        index = self._index = {}
        for name, proto, family in _INET_TABLES:
            try:
                text = kernel.read_text("%s/net/%s" % (root, name), "sockets", 1)
            except OSError:
                continue
            tag = len(self._tables) << 40
            self._tables.append((text, proto, _addr4 if family == 4 else _addr6, family))
            self._kinds.append(_Kind(family, proto))
            pos = text.find("\n") + 1
            size = len(text)
            while 0 < pos < size:
                end = text.find("\n", pos)
                if end < 0:
                    end = size
                fields = text[pos:end].split(None, 10)
                if ports is not None and len(fields) >= 10:
                    lport = int(fields[1][-4:], 16)
                    rport = int(fields[2][-4:], 16)
                    for first, last in ports:
                        if first <= lport <= last or first <= rport <= last:
                            break
                    else:
                        pos = end + 1
                        continue
                if len(fields) >= 10:
                    inode = fields[9]
                    if inode.isdigit():
                        inode = int(inode)
                        if inode not in index:
                            index[inode] = tag | pos
                pos = end + 1

    def established_peers(self):
        """lsof -E: {inode: the inode of its other end} for the sockets in state 01
        (ESTABLISHED, and connected UDP) whose other end is in the same tables:
        local address and port equal to its remote ones and the other way round,
        same protocol and family (dsock.c get_netpeeri(); an end not yet
        accepted has inode 0).  Where two lines could pair with one, the first
        line free takes it."""
        peers = {}
        waiting = {}
        for text, proto, conv, family in self._tables:
            for line in text.split("\n")[1:]:
                fields = line.split(None, 10)
                if len(fields) < 10 or fields[3] != "01" or not fields[9].isdigit():
                    continue
                inode = int(fields[9])
                mate = waiting.get((family, proto, fields[2], fields[1]))
                if mate:
                    other = mate.pop(0)
                    peers[inode] = other
                    peers[other] = inode
                else:
                    waiting.setdefault((family, proto, fields[1], fields[2]), []).append(inode)
        peers.pop(0, None)
        return peers

    def info(self, inode):
        """(family, proto) of the table holding an inode, without parsing its line; or None."""
        packed = self._index.get(inode)
        if packed is None:
            return None
        return self._kinds[packed >> 40]

    def fields(self, inode):
        """([sl, local, remote, st, tx:rx, ...], _Kind) of the line, unconverted; or None."""
        packed = self._index.get(inode)
        if packed is None:
            return None
        text = self._tables[packed >> 40][0]
        pos = packed & 0xFFFFFFFFFF
        end = text.find("\n", pos)
        return (text[pos:] if end < 0 else text[pos:end]).split(None, 5), self._kinds[packed >> 40]

    def get(self, inode):
        packed = self._index.get(inode)
        if packed is None:
            return None
        text, proto, conv, family = self._tables[packed >> 40]
        pos = packed & 0xFFFFFFFFFF
        end = text.find("\n", pos)
        fields = (text[pos:] if end < 0 else text[pos:end]).split(None, 5)
        try:
            local, lport = fields[1].split(":")
            remote, rport = fields[2].split(":")
            txq, rxq = fields[4].split(":")
            addrs = self._addrs
            laddr = addrs.get(local)
            if laddr is None:
                laddr = addrs[local] = conv(local)
            raddr = addrs.get(remote)
            if raddr is None:
                raddr = addrs[remote] = conv(remote)
            return InetSock(family, proto, laddr, int(lport, 16), raddr, int(rport, 16),
                            int(fields[3], 16), int(txq, 16), int(rxq, 16))
        except (ValueError, IndexError):
            return None


class _Kind:
    """What a table says of all its sockets: family and protocol (InetSock's first two fields)."""
    __slots__ = ("family", "proto")

    def __init__(self, family, proto):
        self.family = family
        self.proto = proto


def unix_table(kernel, root="/proc"):
    """{inode: UnixSock} from /proc/net/unix."""
    found = {}
    try:
        text = kernel.read_text("%s/net/unix" % root, "sockets", 1)
    except OSError:
        return found
    for line in text.split("\n")[1:]:
        fields = line.split(None, 7)
        if len(fields) < 7:
            continue
        try:
            inode = int(fields[6])
            found[inode] = UnixSock(fields[0].rstrip(":"), int(fields[3], 16), int(fields[4], 16),
                                    int(fields[5], 16), fields[7] if len(fields) > 7 else "")
        except ValueError:
            continue
    return found


def unix_peers(kernel, table):
    """lsof -E: what a sock_diag dump of every UNIX socket (peer and incoming
    connections asked for, as dsock.c get_uxpeeri()) says of the sockets in
    /proc/net/unix (table): ({inode: its peer's inode}, {listener's inode: the
    inode of the first client waiting in its queue}).  A peer link is made
    both ways, and the first one made for a socket stays (fill_uxpino)."""
    from pynettools.kernel import sockdiag

    peers = {}
    icons = {}
    request = sockdiag.unix_request(0xffffffff, sockdiag.UDIAG_SHOW_PEER | sockdiag.UDIAG_SHOW_ICONS)
    try:
        dump = sockdiag.Dump(kernel, request, "unix peers")
        for _type, _state, inode, attrs in sockdiag.unix_messages(dump):
            if not inode:
                continue
            peer = attrs.get(sockdiag.UNIX_DIAG_PEER)
            if peer is not None and len(peer) >= 4:
                other = sockdiag.u32_array(peer[:4])[0]
                if other:
                    for one, two in ((inode, other), (other, inode)):
                        if one in table and one not in peers and two in table:
                            peers[one] = two
            waiting = attrs.get(sockdiag.UNIX_DIAG_ICONS)
            if waiting and inode in table and inode not in icons:
                for client in sockdiag.u32_array(waiting):
                    if client in table:
                        icons[inode] = client
                        break
    except OSError:
        pass
    return peers, icons


class Proc:
    """What lsof keeps of a process."""
    __slots__ = ("pid", "comm", "ppid", "pgid", "uid", "sockets", "root", "_kernel", "threads",
                 "tid", "tcmd", "base")

    def __init__(self, kernel, root, pid, comm, ppid, pgid, sockets):
        self._kernel = kernel
        self.root = root
        self.pid = pid
        self.comm = comm
        self.ppid = ppid
        self.pgid = pgid
        self.uid = None
        self.threads = 1
        self.tid = 0            # a task (thread) other than the main one: its TID
        self.tcmd = None        # and its own name
        self.base = "%s/%d" % (root, pid)  # where its fd and fdinfo directories are
        # fd << 32 | inode, in fd order, 8 bytes a socket in an array (100k sockets stay
        # small): sockfs inode numbers come from get_next_ino(), an unsigned int.
        self.sockets = sockets

    def owner(self):
        if self.uid is None:
            self.uid = 0
            try:
                text = self._kernel.read_text("%s/%d/status" % (self.root, self.pid), "fields")
            except OSError:
                return self.uid
            at = text.find("\nUid:")
            if at >= 0:
                fields = text[at + 5:text.find("\n", at + 5)].split()
                if len(fields) > 1:
                    self.uid = int(fields[1])
        return self.uid

    def fd_flags(self, fd):
        """The flags: line of /proc/PID/fdinfo/FD (octal), or None."""
        try:
            text = self._kernel.read_text("%s/fdinfo/%d" % (self.base, fd), "fields")
        except OSError:
            return None
        at = text.find("flags:")
        if at < 0:
            return None
        try:
            return int(text[at + 6:].split(None, 1)[0], 8)
        except (ValueError, IndexError):
            return None


def _socket_fds(kernel, base):
    """fd << 32 | inode of each socket among base/fd's links, in fd order."""
    try:
        links = kernel.readlinks(base + "/fd")
    except OSError:
        links = []
    sockets = array("Q")
    add = sockets.append
    for fd, target in links:
        if target[:8] == "socket:[":
            try:
                add(int(fd) << 32 | int(target[8:-1]))
            except (ValueError, OverflowError):
                pass
    del links
    if any(sockets[i] > sockets[i + 1] for i in range(len(sockets) - 1)):
        sockets = array("Q", sorted(sockets))
    return sockets


def _stat_fields(kernel, base):
    """(comm, the fields after it) of base/stat, or None."""
    try:
        stat = kernel.read_text(base + "/stat", "fields")
    except OSError:
        return None
    start = stat.find("(")
    end = stat.rfind(")")
    if start < 0 or end < start:
        return None
    return stat[start + 1:end], stat[end + 2:].split(None, 18)


def processes(kernel, root="/proc"):
    """Proc after Proc in ascending pid order, each with its socket fds."""
    names = [n for n in kernel.listdir(root) if n.isdigit()]
    names.sort(key=int)
    for name in names:
        base = "%s/%s" % (root, name)
        sockets = _socket_fds(kernel, base)
        found = _stat_fields(kernel, base)
        if found is None:
            continue
        comm, rest = found
        try:
            ppid, pgid = int(rest[1]), int(rest[2])
        except (ValueError, IndexError):
            ppid = pgid = 0
        proc = Proc(kernel, root, int(name), comm, ppid, pgid, sockets)
        try:
            proc.threads = int(rest[17])  # num_threads
        except (ValueError, IndexError):
            pass
        yield proc


def tasks(kernel, proc):
    """lsof -K: the process's threads other than the main one, as Procs (tid and
    tcmd set, their own fd directory /proc/PID/task/TID/fd) in TID order, with
    the process's command; and whether the main thread's directory was there.
    Zombie threads are left out, as lsof does (read_id_stat() says 1)."""
    base = "%s/%d/task" % (proc.root, proc.pid)
    try:
        names = [n for n in kernel.listdir(base) if n.isdigit()]
    except OSError:
        return [], False
    names.sort(key=int)
    found = []
    main_seen = False
    for name in names:
        tid = int(name)
        if tid == proc.pid:
            main_seen = True
            continue
        stat = _stat_fields(kernel, "%s/%s" % (base, name))
        if stat is None:
            continue
        tcmd, rest = stat
        try:
            state, ppid, pgid = rest[0], int(rest[1]), int(rest[2])
        except (ValueError, IndexError):
            continue
        if state == "Z":
            continue
        task = Proc(proc._kernel, proc.root, proc.pid, proc.comm, ppid, pgid,
                    _socket_fds(kernel, "%s/%s" % (base, name)))
        task.uid = proc.uid
        task.tid = tid
        task.tcmd = tcmd
        task.base = "%s/%s" % (base, name)
        found.append(task)
    return found, main_seen
