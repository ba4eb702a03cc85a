"""Which processes hold which sockets: the socket inventory behind ss -p, netstat -p, lsof -i.

The kernel has no "owner of socket" table.  A socket is a file; every open
file of a process shows up as a symlink in /proc/PID/fd/, and a socket's link
reads "socket:[INODE]" -- the same inode number sock_diag and /proc/net/*
report.  So the tools walk every process's fd directory and build
inode -> [(process name, pid, tid, fd), ...].

How ss (iproute2 6.1, user_ent_hash_build) does it, and what we keep of it:
- It reads /proc in readdir order (numerically ascending pids) and each fd/
  directory in readdir order (ascending fd numbers).  We sort numerically,
  which gives the same order without relying on the seam's listing order.
- The name is the comm field of /proc/PID/stat: the text between the first
  '(' and the first ')' after it (so a comm containing ')' is cut there, as
  ss's sscanf "%*d (%[^)])" cuts it), read once per process and only for
  processes that hold at least one socket.
- With threads (ss -T) it also walks /proc/PID/task/TID and reads
  /proc/TID/fd and /proc/TID/stat for every other thread.
- Directories it may not read (other users' processes when not root) or
  processes that exit meanwhile are skipped silently.

One readlinks() per fd directory (a single seam call for the whole
directory) keeps this fast with 100k sockets and keeps recordings readable.
"""

_SOCKET_PREFIX = "socket:["


def socket_owners(kernel, proc_root="/proc", threads=False):
    """{inode: [(name, pid, tid, fd), ...]} in /proc walk order (pid, then fd).

    ss lists them in the reverse of this order (see `ss_order`).
    """
    owners = {}
    root = proc_root.rstrip("/") or "/"
    for pid in _numeric_names(kernel, root):
        _add_task(kernel, owners, root, pid, pid)
        if threads:
            try:
                tids = _numeric_names(kernel, "%s/%d/task" % (root, pid))
            except OSError:
                continue
            for tid in tids:
                if tid != pid:
                    _add_task(kernel, owners, root, pid, tid)
    return owners


def _numeric_names(kernel, directory):
    names = kernel.listdir(directory)
    numbers = []
    for name in names:
        if name[:1].isdigit():
            number = _leading_int(name)
            if number is not None:
                numbers.append(number)
    numbers.sort()
    return numbers


def _leading_int(name):
    """sscanf("%d%*c"): the number a name starts with (enough for /proc entries)."""
    end = 0
    while end < len(name) and name[end].isdigit():
        end += 1
    try:
        return int(name[:end])
    except ValueError:
        return None


def _add_task(kernel, owners, root, pid, tid):
    base = "%s/%d" % (root, tid)
    try:
        links = kernel.readlinks(base + "/fd")
    except OSError:
        return
    sockets = []
    for name, target in links:
        if target[:8] == _SOCKET_PREFIX:
            try:
                # the common case: "12" -> "socket:[34567]"
                sockets.append((int(name), int(target[8:-1])))
            except ValueError:
                inode = _socket_inode(target)
                fd = _leading_int(name)
                if inode is not None and fd is not None:
                    sockets.append((fd, inode))
    if not sockets:
        return
    sockets.sort()
    name = process_name(kernel, base + "/stat")
    for fd, inode in sockets:
        entry = (name, pid, tid, fd)
        found = owners.get(inode)
        if found is None:
            owners[inode] = [entry]
        else:
            found.append(entry)


def _socket_inode(target):
    end = target.find("]", len(_SOCKET_PREFIX))
    if end < 0:
        return None
    try:
        return int(target[len(_SOCKET_PREFIX):end])
    except ValueError:
        return None


def process_name(kernel, stat_path):
    """comm from /proc/PID/stat as ss reads it ("" when unreadable)."""
    try:
        text = kernel.read_text(stat_path, "fields")
    except OSError:
        return ""
    return stat_comm(text)


def stat_comm(text):
    """The text between '(' and the first ')' after it, as sscanf("%*d (%[^)])") reads it."""
    start = text.find("(")
    if start < 0:
        return ""
    end = text.find(")", start + 1)
    if end < 0:
        return text[start + 1:].rstrip("\n")[:15]
    return text[start + 1:end]


def ss_order(entries):
    """ss prints a socket's users newest-first: it pushes each (pid, fd) it finds
    onto the head of a hash chain, so the last one found comes first."""
    return entries[::-1]


def cmdline_owners(kernel, proc_root="/proc"):
    """netstat -p's inventory (net-tools prg_cache_load): ({inode: "PID/name"},
    eacces, found).

    Unlike ss, netstat names a process by its command line: the last path
    component of argv[0] when argv[0] starts with "/", else argv[0] whole
    (the first 511 bytes of /proc/PID/cmdline, up to the first NUL), and
    cuts "PID/name" to 19 bytes.  The first process (in /proc's order, by
    pid) that holds a socket keeps it.  eacces: some fd directory could not
    be opened (not root); found: at least one socket was named.
    """
    import errno

    owners = {}
    eacces = False
    root = proc_root.rstrip("/") or "/"
    names = [name for name in kernel.listdir(root) if name.isdigit() and name.isascii()]
    names.sort(key=int)  # readdir(/proc) lists processes by ascending pid
    for name in names:
        base = "%s/%s" % (root, name)
        try:
            links = kernel.readlinks(base + "/fd")
        except OSError as err:
            if err.errno == errno.EACCES:
                eacces = True
            continue
        label = None
        for fd, target in sorted(links, key=_fd_order):
            if not fd[:1].isdigit():
                continue
            inode = _netstat_inode(target[:29])
            if inode is None:
                continue
            if label is None:
                try:
                    raw = kernel.read_text(base + "/cmdline", "bytes")
                except OSError:
                    continue
                raw = raw.encode("utf-8", "surrogateescape")[:511].split(b"\0", 1)[0]
                if raw[:1] == b"/":
                    raw = raw[raw.rfind(b"/") + 1:]
                label = ("%s/" % name).encode() + raw
                label = label[:19].decode("utf-8", "surrogateescape")
            if inode not in owners:
                owners[inode] = label
    return owners, eacces, bool(owners)


def _fd_order(entry):
    name = entry[0]
    return (0, int(name)) if name.isdigit() else (1, 0)


def _netstat_inode(target):
    """extract_type_1_socket_inode ("socket:[N]") or type 2 ("[0000]:N")."""
    if target[:8] == _SOCKET_PREFIX:
        if len(target) < 11 or target[-1] != "]":
            return None
        return _strtoul_whole(target[8:-1])
    if target[:7] == "[0000]:" and len(target) >= 8:
        return _strtoul_whole(target[7:])
    return None


def _strtoul_whole(text):
    """strtoul(text, &end, 0) that must use the whole text (and not give ULONG_MAX)."""
    body = text.lstrip(" \t\n\v\f\r")
    sign = body[:1]
    if sign in ("+", "-"):
        body = body[1:]
    try:
        if body[:2] in ("0x", "0X"):
            value = int(body[2:], 16)
        elif body[:1] == "0" and len(body) > 1:
            value = int(body, 8)
        else:
            value = int(body, 10)
    except ValueError:
        return None
    if not body or not body.isascii() or "_" in body:
        return None
    if sign == "-":
        value = -value & ((1 << 64) - 1)
    if value >= (1 << 64) - 1:
        return None
    return value
