"""ss -N NAME, ip -n NAME: run in the network namespace `ip netns add NAME` created.

netns_switch() (lib/namespace.c) opens /var/run/netns/NAME, setns()es into
it, then gives itself a private mount namespace with a fresh /sys for the new
network namespace and binds /etc/netns/NAME/* over /etc, as `ip netns exec`
does.  Everything ss reads afterwards (sock_diag, /proc/net, which follows the
calling thread's namespace) is then the namespace's.

The switch goes through the seam as a recorded lookup: live it happens and
its error (if any) is recorded; on replay the recorded outcome comes back and
nothing is switched, since the recording already holds the namespace's data.
"""
NETNS_RUN_DIR = "/var/run/netns"
NETNS_ETC_DIR = "/etc/netns"
CLONE_NEWNET = 0x40000000
CLONE_NEWNS = 0x00020000
MS_RDONLY = 1
MS_BIND = 4096
MS_REC = 16384
MS_SLAVE = 1 << 19
MNT_DETACH = 2
ST_RDONLY = 1


def switch(kernel, name):
    """Enter namespace NAME; returns the error message ss and ip print, or None."""
    return kernel.lookup("netns_switch", _switch, name)


def _switch(name):
    import ctypes
    import os

    libc = ctypes.CDLL(None, use_errno=True)
    path = "%s/%s" % (NETNS_RUN_DIR, name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as err:
        return 'Cannot open network namespace "%s": %s\n' % (name, err.strerror)
    try:
        if libc.setns(fd, CLONE_NEWNET) < 0:
            return 'setting the network namespace "%s" failed: %s\n' % (
                name, os.strerror(ctypes.get_errno()))
    finally:
        os.close(fd)
    if libc.unshare(CLONE_NEWNS) < 0:
        return "unshare failed: %s\n" % os.strerror(ctypes.get_errno())
    if libc.mount(b"", b"/", b"none", MS_SLAVE | MS_REC, None) != 0:
        return '"mount --make-rslave /" failed: %s\n' % os.strerror(ctypes.get_errno())
    flags = 0
    if libc.umount2(b"/sys", MNT_DETACH) < 0:
        try:
            if os.statvfs("/sys").f_flag & ST_RDONLY:
                flags = MS_RDONLY
        except OSError:
            pass
    if libc.mount(os.fsencode(name), b"/sys", b"sysfs", flags, None) < 0:
        return "mount of /sys failed: %s\n" % os.strerror(ctypes.get_errno())
    return _bind_etc(libc, name)


def _bind_etc(libc, name):
    import ctypes
    import os

    if len(name) >= 255:
        return None
    directory = "%s/%s" % (NETNS_ETC_DIR, name)
    try:
        entries = os.listdir(directory)
    except OSError:
        return None
    messages = ""
    for entry in entries:
        source = "%s/%s" % (directory, entry)
        target = "/etc/%s" % entry
        if libc.mount(os.fsencode(source), os.fsencode(target), b"none", MS_BIND, None) < 0:
            messages += "Bind %s -> %s failed: %s\n" % (source, target,
                                                        os.strerror(ctypes.get_errno()))
    return messages or None


# ---- ip netns add / attach / delete / set / exec: what changes the system --------------
# Each goes through the seam as one recorded lookup whose answer is what ip
# prints and whether it worked; live it happens, on replay nothing does.
# Debian's ip names files under NETNS_RUN_DIR as /run/netns in its messages.
RUN_DIR_SHOWN = "/run/netns"
MS_SHARED = 1 << 20
LOCK_EX, LOCK_UN = 2, 8


def add(kernel, name, pid=None):
    """netns_add(): create (pid None) or attach (the namespace of `pid`)
    /run/netns/NAME.  [messages, ok]."""
    return kernel.lookup("netns_add", _add, name, pid)


def delete(kernel, name):
    """on_netns_del(): unmount and remove /run/netns/NAME.  [messages, ok]."""
    return kernel.lookup("netns_delete", _delete, name)


def names(kernel):
    """netns_foreach()'s names, in readdir() order; None when there is no
    directory; an OSError's text for another failure."""
    return kernel.lookup("netns_names", _names)


def make_run_dir(kernel):
    """create_netns_dir(): mkdir /run/netns (0755) unless it exists; the
    error's text ("mkdir /run/netns failed: ...") or None."""
    return kernel.lookup("netns_run_dir", _make_run_dir)


def _make_run_dir():
    import os

    try:
        os.mkdir(RUN_DIR_SHOWN, 0o755)
    except FileExistsError:
        pass
    except OSError as err:
        return "mkdir %s failed: %s\n" % (RUN_DIR_SHOWN, err.strerror)
    return None


IN_CREATE, IN_DELETE = 0x100, 0x200


def watch_run_dir(kernel):
    """The inotify events of names made and removed in /run/netns, for ever
    (raw struct inotify_event records, as read() returns them)."""
    return kernel.inotify_watch(RUN_DIR_SHOWN, IN_CREATE | IN_DELETE, RUN_DIR_SHOWN)


def set_nsid(kernel, name, nsid):
    """set_netnsid_from_name(): RTM_NEWNSID with NETNSA_FD (a descriptor of the
    namespace file, so the request's bytes hold a descriptor number: the
    whole exchange is one lookup).  [messages, status]: 0, 1 (-1), 2 (-2)."""
    return kernel.lookup("netns_set", _set_nsid, name, nsid)


def open_fd(kernel, name):
    """netns_get_fd(): a descriptor open on /var/run/netns/NAME (or on NAME
    itself when it holds a '/'), -1 when it cannot be opened.  ip link set
    ... netns NAME hands the number to the kernel (IFLA_NET_NS_FD); it stays
    open until the program ends.  On replay the recorded number comes back
    (the request's bytes hold it) and nothing is opened."""
    return kernel.lookup("netns_open", _open_fd, name)


def _open_fd(name):
    import os

    path = name if "/" in name else "%s/%s" % (NETNS_RUN_DIR, name)
    try:
        return os.open(path, os.O_RDONLY)
    except OSError:
        return -1


def program(kernel, name, argv):
    """`ip netns exec NAME CMD...` with its output captured: [stdout, stderr,
    status] (texts decoded as the streams encode them: UTF-8, surrogateescape),
    recorded and replayed.  Used
    when recording or replaying; live, ip execs the program itself (exec_in)."""
    return kernel.lookup("netns_exec", _captured, name, list(argv))


def _libc():
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


def _errno_text():
    import ctypes
    import os

    return os.strerror(ctypes.get_errno())


def _add(name, pid):
    import fcntl
    import os

    libc = _libc()
    path = "%s/%s" % (RUN_DIR_SHOWN, name)
    try:
        os.mkdir(RUN_DIR_SHOWN, 0o755)
    except FileExistsError:
        pass
    except OSError as err:
        return ["mkdir %s failed: %s\n" % (RUN_DIR_SHOWN, err.strerror), False]
    message = _make_shared(libc, fcntl)
    if message:
        return [message, False]
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0))
    except OSError as err:
        return ['Cannot create namespace file "%s": %s\n' % (path, err.strerror), False]
    saved = None
    if pid is None:
        saved = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        if libc.unshare(CLONE_NEWNET) < 0:
            text = 'Failed to create a new network namespace "%s": %s\n' % (name, _errno_text())
            return [text + _undo_add(libc, saved, name), False]
        proc_path = "/proc/self/ns/net"
    else:
        proc_path = "/proc/%d/ns/net" % pid
    if libc.mount(os.fsencode(proc_path), os.fsencode(path), b"none", MS_BIND, None) < 0:
        text = "Bind %s -> %s failed: %s\n" % (proc_path, path, _errno_text())
        if saved is not None:
            return [text + _undo_add(libc, saved, name), False]
        try:
            os.unlink(path)
        except OSError as err:
            text += 'Cannot remove namespace file "%s": %s\n' % (path, err.strerror)
        return [text, False]
    if saved is not None:
        _restore(libc, saved)
    return ["", True]


def _make_shared(libc, fcntl):
    """Make /run/netns a shared mount (a bind mount of itself first, once),
    under an flock as ip takes one.  The message of a failure, or ""."""
    import os

    try:
        lock = os.open(RUN_DIR_SHOWN, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as err:
        return 'Cannot open netns runtime directory "%s": %s\n' % (RUN_DIR_SHOWN, err.strerror)
    warning = ""
    try:
        fcntl.flock(lock, LOCK_EX)
    except OSError as err:
        warning = 'Warning: could not flock netns runtime directory "%s": %s\n' % (RUN_DIR_SHOWN, err.strerror)
    try:
        made_mount = False
        run_dir = os.fsencode(RUN_DIR_SHOWN)
        while libc.mount(b"", run_dir, b"none", MS_SHARED | MS_REC, None):
            import ctypes

            if ctypes.get_errno() != 22 or made_mount:  # EINVAL: not a mount point yet
                return warning + "mount --make-shared %s failed: %s\n" % (RUN_DIR_SHOWN, _errno_text())
            if libc.mount(run_dir, run_dir, b"none", MS_BIND | MS_REC, None):
                return warning + "mount --bind %s %s failed: %s\n" % (RUN_DIR_SHOWN, RUN_DIR_SHOWN, _errno_text())
            made_mount = True
    finally:
        os.close(lock)
    return warning


def _restore(libc, saved):
    """netns_restore(): back to the namespace ip started in."""
    import os

    try:
        if libc.setns(saved, CLONE_NEWNET):
            raise OSError(_errno_text())
    finally:
        os.close(saved)


def _undo_add(libc, saved, name):
    _restore(libc, saved)
    return _delete(name)[0]


def _delete(name):
    import os

    libc = _libc()
    path = "%s/%s" % (RUN_DIR_SHOWN, name)
    libc.umount2(os.fsencode(path), MNT_DETACH)
    try:
        os.unlink(path)
    except OSError as err:
        return ['Cannot remove namespace file "%s": %s\n' % (path, err.strerror), False]
    return ["", True]


def _names():
    import os

    try:
        with os.scandir(RUN_DIR_SHOWN) as entries:
            return [entry.name for entry in entries]
    except FileNotFoundError:
        return None
    except OSError as err:
        return "Failed to open directory %s: %s\n" % (RUN_DIR_SHOWN, err.strerror)


def _set_nsid(name, nsid):
    import os
    import struct

    from pynettools.kernel import netlink, rtnl
    from pynettools.kernel.seam import Kernel

    try:
        fd = os.open("%s/%s" % (NETNS_RUN_DIR, name), os.O_RDONLY | os.O_CLOEXEC)
    except OSError as err:
        return ['Cannot open network namespace "%s": %s\n' % (name, err.strerror), 1]
    try:
        body = struct.pack("=Bxxx", 0) + netlink.attribute(3, struct.pack("=I", fd)) \
            + netlink.attribute(1, struct.pack("=i", nsid))  # NETNSA_FD, NETNSA_NSID
        rtnl.change(Kernel(), 88, body, "nsid set")  # RTM_NEWNSID
    except rtnl.TalkError as err:
        return [err.message(), 2]
    finally:
        os.close(fd)
    return ["", 0]


def exec_in(name, argv):
    """cmd_exec() without a fork: into the namespace (netns_switch), then
    execvp.  Returns only when the switch failed: its message."""
    import os

    message = _switch(name)
    if message:
        return message
    try:
        os.execvp(argv[0], argv)
    except OSError as err:
        os.write(2, ('exec of "%s" failed: %s\n' % (argv[0], err.strerror)).encode())
    os._exit(1)


def run_forked(name, argv):
    """cmd_exec() with a fork (-all, -batch): the child's exit status, or
    None when it was killed (ip then exits 1)."""
    import os

    pid = os.fork()
    if pid == 0:
        message = exec_in(name, argv)
        os.write(2, message.encode())
        os._exit(1)  # C: the child returns -1 through its own ip, exit status 255
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else None


def _captured(name, argv):
    """The program run in a child, as exec_in, with stdout and stderr caught."""
    import os
    import selectors

    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        message = exec_in(name, argv)
        os.write(2, message.encode())
        os._exit(255)  # the switch failed: ip returns -1 from main
    os.close(out_w)
    os.close(err_w)
    caught = {out_r: b"", err_r: b""}
    with selectors.DefaultSelector() as selector:
        for fd in caught:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            for key, _ in selector.select():
                chunk = os.read(key.fd, 65536)
                if chunk:
                    caught[key.fd] += chunk
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else -1
    return [caught[out_r].decode("utf-8", "surrogateescape"), caught[err_r].decode("utf-8", "surrogateescape"), code]
