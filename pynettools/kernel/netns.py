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
