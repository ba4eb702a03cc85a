"""TUN/TAP devices and the processes attached to them: `ip tuntap show`.

A tun (layer 3) or tap (layer 2) device is one end of a pipe whose other end
is a file descriptor of /dev/net/tun in some process (TUNSETIFF attaches it).
The kernel shows such devices as links of kind "tun" (an RTM_GETLINK dump
filtered on IFLA_LINKINFO/IFLA_INFO_KIND, as iptuntap.c asks), and their
settings in sysfs, which is where ip reads them:

  /sys/class/net/DEV/tun_flags   "0x1802": IFF_TAP | IFF_PERSIST | IFF_NO_PI ...
  /sys/class/net/DEV/owner       uid allowed to attach, -1 for anyone
  /sys/class/net/DEV/group       gid likewise

Which processes hold it is nowhere in one place: ip -d walks every
/proc/PID/fd/N, keeps the links to "/dev/net/tun", and reads that fd's
/proc/PID/fdinfo/N, whose "iff:" line names the device the fd is attached
to.  Each read goes through the seam; errors come back as the lines ip
prints for them (lib/utils.c read_prop(), iptuntap.c show_processes()).
"""
from pynettools.kernel import netlink, rtnl

IFLA_IFNAME, IFLA_LINKINFO, IFLA_INFO_KIND = 3, 18, 1
ARPHRD_ETHER, ARPHRD_NONE = 1, 0xFFFE
TUN_DEVICE = "/dev/net/tun"


def tun_links(kernel):
    """Names of the links of kind "tun" (ethernet or no link layer), in dump order."""
    kind = netlink.attribute(IFLA_INFO_KIND, b"tun")
    attrs = netlink.attribute(IFLA_LINKINFO, kind)
    names = []
    unpack = rtnl.IFINFOMSG.unpack_from
    start = 16 + rtnl.IFINFOMSG.size
    for buf, offset, length in rtnl.dump(kernel, rtnl.RTM_GETLINK, rtnl.link_request_body(), "link dump (kind tun)",
                                         attrs).messages(start):
        link_type = unpack(buf, offset + 16)[1]
        if link_type not in (ARPHRD_ETHER, ARPHRD_NONE):
            continue
        found = netlink.attributes(buf, offset + start, offset + length)
        if IFLA_IFNAME not in found or IFLA_LINKINFO not in found:
            continue
        info_kind = netlink.nested_attributes(found[IFLA_LINKINFO]).get(IFLA_INFO_KIND)
        if info_kind is None or netlink.attr_str(info_kind) != "tun":
            continue
        names.append(netlink.attr_str(found[IFLA_IFNAME]))
    return names


def read_prop(kernel, dev, prop):
    """lib/utils.c read_prop(): (value, "") or (None, what ip prints on stderr)."""
    import os

    path = "/sys/class/net/%s/%s" % (dev, prop)
    if len(path) >= 128:
        return None, "could not build pathname for property\n"
    try:
        text = kernel.read_text(path)
    except OSError as err:
        return None, "fopen %s: %s\n" % (path, os.strerror(err.errno))
    failed = "Failed to parse %s\n" % path
    if not text:
        return None, 'property "%s" in file %s is currently unknown\n%s' % (prop, path, failed)
    line = text[:79].split("\n", 1)[0]  # fgets() into 80 bytes, the newline cut
    value = _strtol(line)
    if value is None:
        return None, 'value "%s" in file %s is not a number\n%s' % (line, path, failed)
    return value, ""


def _strtol(text):
    """strtol(text, &end, 0) that must use the whole text (leading spaces and a sign allowed)."""
    body = text.lstrip(" \t\n\v\f\r")
    sign = -1 if body[:1] == "-" else 1
    if body[:1] in "+-" and body:
        body = body[1:]
    try:
        if body[:2] in ("0x", "0X") and len(body) > 2:
            return sign * int(body[2:], 16)
        if body[:1] == "0" and len(body) > 1:
            return sign * int(body[1:], 8)
        return sign * int(body, 10) if body.isdigit() else None
    except ValueError:
        return None


def attached_processes(kernel, dev):
    """iptuntap.c show_processes(): ([(pid, comm or None)], [error lines]) for
    the fds of /dev/net/tun attached to `dev`, in /proc's order (pids, then
    fds, ascending, as glob() without sorting meets them)."""
    import os

    found, errors = [], []
    try:
        pids = sorted(int(name) for name in kernel.listdir("/proc") if name.isdigit())
        # ip skips itself (its fds come and go as it reads): /proc/self says who we are
        own = kernel.readlink("/proc/self")
    except OSError:
        return found, errors
    for pid in pids:
        if "%d" % pid == own:
            continue
        try:
            fds = sorted(int(name) for name in kernel.listdir("/proc/%d/fd" % pid) if name.isdigit())
        except OSError:  # gone, or not ours to read: glob() skips it silently
            continue
        for fd in fds:
            try:
                target = kernel.readlink("/proc/%d/fd/%d" % (pid, fd))
            except OSError as err:
                errors.append("readlink: %s\n" % os.strerror(err.errno))
                continue
            if target[:len(TUN_DEVICE) + 1] != TUN_DEVICE:  # ip reads 13 bytes of the link
                continue
            try:
                info = kernel.read_text("/proc/%d/fdinfo/%d" % (pid, fd))
            except OSError as err:
                errors.append("fopen: %s\n" % os.strerror(err.errno))
                continue
            for line in info.split("\n"):
                key, colon, value = line.partition(":")
                if colon and key == "iff" and value.split()[:1] == [dev]:
                    found.append((pid, _task_name(kernel, pid)))
    return found, errors


def _task_name(kernel, pid):
    """lib/fs.c get_task_name(): /proc/PID/comm without its newline, or None."""
    try:
        return kernel.read_text("/proc/%d/comm" % pid).split("\n", 1)[0]
    except OSError:
        return None



# ---- ip tuntap add / del: the ioctls on /dev/net/tun -----------------------------------------

TUNSETIFF, TUNSETPERSIST, TUNSETOWNER, TUNSETGROUP = 0x400454CA, 0x400454CB, 0x400454CC, 0x400454CE


def set_persist(kernel, name, flags, uid, gid, persist):
    """iptuntap.c tap_add_ioctl() (persist) and tap_del_ioctl(): open
    /dev/net/tun, TUNSETIFF with the name and flags, then TUNSETOWNER and
    TUNSETGROUP (uid, gid not None) and TUNSETPERSIST 1 or 0.  One recorded
    lookup: None, or [the step that failed ("open", "ioctl(TUNSETIFF)", ...),
    its strerror] for ip's perror() line."""
    return kernel.lookup("tun_persist", _set_persist, name, flags, uid, gid, persist)


def _set_persist(name, flags, uid, gid, persist):
    import fcntl
    import os
    import struct

    try:
        fd = os.open("/dev/net/tun", os.O_RDWR)
    except OSError as err:
        return ["open", os.strerror(err.errno)]
    try:
        ifreq = name.encode("utf-8", "surrogateescape").ljust(16, b"\0") + struct.pack("=H", flags) + bytes(22)
        steps = [("ioctl(TUNSETIFF)", TUNSETIFF, ifreq)]
        if uid is not None:
            steps.append(("ioctl(TUNSETOWNER)", TUNSETOWNER, uid))
        if gid is not None:
            steps.append(("ioctl(TUNSETGROUP)", TUNSETGROUP, gid))
        steps.append(("ioctl(TUNSETPERSIST)", TUNSETPERSIST, 1 if persist else 0))
        for step, request, arg in steps:
            try:
                fcntl.ioctl(fd, request, arg)
            except OSError as err:
                return [step, os.strerror(err.errno)]
        return None
    finally:
        os.close(fd)


def user_id(kernel, name, group=False):
    """getpwnam()/getgrnam(): the id of a user (group) name, or None."""
    return kernel.lookup("getgrnam" if group else "getpwnam", _user_id, name, group)


def _user_id(name, group):
    try:
        if group:
            import grp

            return grp.getgrnam(name).gr_gid
        import pwd

        return pwd.getpwnam(name).pw_uid
    except (KeyError, UnicodeError):
        return None
