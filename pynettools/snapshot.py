"""`pynettools snapshot [-n NETNS] DIR`: a machine's network state, replayable by every tool.

Support and teaching both want "send me the state, I will look".  A
snapshot is a seam recording (pynettools/kernel/seam.py) made in one pass
by running, inside this process, a fixed list of read-only commands of
every tool (COMMANDS) plus a few reads of their own (the full socket dumps
of every sock_diag family, the configuration files in FILES), with one
shared recording kernel.  What the commands read is what any other command
of the same tools reads, or can be cut from it: `PYNETTOOLS_REPLAY=DIR ss
-tanp` then answers from the snapshot (pynettools/kernel/fromsnapshot.py
cuts a filtered request's answer out of the full dump).

The directory is the seam's format, documented in docs/snapshots.md: the
kernel's own bytes in data/ (procfs text, netlink replies as recv() gave
them, ioctl buffers), and one index, seam.json, which lists every read with
its answer or error and holds the snapshot's description under "snapshot"
(format version, when, where, by whom, what could not be read).  Each
question is asked once: the first answer is the snapshot's.

Nothing here changes the machine: every command is a listing; -n NETNS
enters the namespace as `ip netns exec` does (in this process only).
"""
import io
import os
import sys
import time

from pynettools.kernel.seam import Kernel

SNAPSHOT_VERSION = 1

# (tool, argv) run in this order.  Chosen so that every kernel interface a
# listing of these tools reads is read at least once, in the request forms
# the tools send (the family variants of ip, the name and numeric forms);
# the socket dumps themselves are also taken whole (fromsnapshot.FULL_DUMPS).
COMMANDS = [
    # first: ss -s counts the sockets open when it reads /proc/net/sockstat,
    # and a netlink socket closed counts until an RCU grace period has passed
    ("ss", ["-s"]),
    ("ip", ["-d", "-s", "-s", "link", "show"]),
    ("ip", ["link", "show"]),
    ("ip", ["-br", "link", "show"]),
    ("ip", ["-d", "address", "show"]),
    ("ip", ["address", "show"]),
    ("ip", ["-4", "address", "show"]),
    ("ip", ["-6", "address", "show"]),
    ("ip", ["-s", "address", "show"]),
    ("ip", ["-br", "address", "show"]),
    ("ip", ["route", "show"]),
    ("ip", ["route", "show", "table", "all"]),
    ("ip", ["-6", "route", "show"]),
    ("ip", ["-6", "route", "show", "table", "all"]),
    ("ip", ["-4", "route", "show", "table", "all"]),
    ("ip", ["-d", "route", "show", "table", "all"]),
    ("ip", ["rule", "show"]),
    ("ip", ["-4", "rule", "show"]),
    ("ip", ["-6", "rule", "show"]),
    ("ip", ["neigh", "show"]),
    ("ip", ["-4", "neigh", "show"]),
    ("ip", ["-6", "neigh", "show"]),
    ("ip", ["neigh", "show", "nud", "all"]),
    ("ip", ["-s", "neigh", "show"]),
    ("ip", ["netconf", "show"]),
    ("ip", ["-4", "netconf", "show"]),
    ("ip", ["-6", "netconf", "show"]),
    ("ip", ["maddress", "show"]),
    ("ip", ["addrlabel", "list"]),
    ("ip", ["-4", "addrlabel", "list"]),
    ("ip", ["-0", "addrlabel", "list"]),
    ("ip", ["-M", "netconf", "show"]),
    ("ip", ["-4", "nexthop", "show"]),
    ("ip", ["-6", "nexthop", "show"]),
    ("ip", ["nexthop", "show", "groups"]),
    ("ip", ["nexthop", "show", "fdb"]),
    ("ip", ["nexthop", "bucket", "show"]),
    ("ip", ["stats", "show", "group", "offload"]),
    ("ip", ["stats", "show", "group", "link"]),
    ("ip", ["neigh", "show", "proxy"]),
    ("ip", ["-6", "neigh", "show", "proxy"]),
    ("ip", ["-4", "neigh", "show", "proxy"]),
    ("ip", ["-6", "ntable", "show"]),
    ("ip", ["-4", "ntable", "show"]),
    ("ip", ["route", "show", "cache"]),
    ("ip", ["-6", "route", "show", "cache"]),
    ("ip", ["ntable", "show"]),
    ("ip", ["nexthop", "show"]),
    ("ip", ["mroute", "show"]),
    ("ip", ["-6", "mroute", "show"]),
    ("ip", ["tcpmetrics", "show"]),
    ("ip", ["-6", "tcpmetrics", "show"]),
    ("ip", ["token", "list"]),
    ("ip", ["tuntap", "show"]),
    ("ip", ["-d", "tuntap", "show"]),
    ("ip", ["link", "xstats", "type", "bridge"]),
    ("ip", ["link", "xstats", "type", "bridge_slave"]),
    ("ip", ["link", "afstats"]),
    ("ip", ["netns", "list"]),
    ("ip", ["netns", "list-id"]),
    ("ip", ["-s", "-s", "link", "show"]),
    ("ip", ["stats", "show"]),
    ("ss", ["-a", "-A", "all", "-n", "-p", "-e", "-m", "-i", "-O"]),
    ("ss", ["-t", "-u", "-a", "-e", "-o", "-p", "-n"]),
    ("ss", ["-a", "-n", "-0"]),
    ("ss", ["-a", "-n", "-T", "-A", "all"]),
    ("ss", ["-a", "-n", "-A", "netlink,packet,vsock,xdp,tipc"]),
    ("netstat", ["-s"]),
    ("netstat", ["-s", "-6"]),
    ("netstat", ["-a", "-n", "-p", "-e", "-o", "-W"]),
    ("netstat", ["-a", "-n", "--inet6"]),
    ("netstat", ["-r", "-n"]),
    ("netstat", ["-r", "-n", "-A", "inet6"]),
    ("netstat", ["-i", "-a"]),
    ("netstat", ["-i", "-e", "-a"]),
    ("netstat", ["-g", "-n"]),
    ("netstat", ["-M"]),
    ("netstat", ["-C", "-r", "-n"]),
    ("arp", ["-a", "-n"]),
    ("arp", ["-n"]),
    ("route", ["-n"]),
    ("route", ["-e", "-n"]),
    ("route", ["-C", "-n"]),
    ("route", ["-A", "inet6", "-n"]),
    ("ifconfig", ["-a"]),
    ("ifconfig", []),
    ("ifconfig", ["-a", "-s"]),
    ("lsof", ["-n", "-P", "-i"]),
    ("lsof", ["-n", "-P", "-i", "-a", "-U"]),
    ("lsof", ["-n", "-P", "-K", "-F", "-i"]),
    ("lsof", ["-n", "-P", "-K", "-F", "-U"]),
    ("lsof", ["-n", "-P", "-a", "-K", "-i"]),
    ("lsof", ["-n", "-P", "-a", "-K", "-U"]),
    ("lsof", ["-n", "-P", "-E", "-i", "-U"]),
    ("lsof", ["-n", "-P", "-F", "-a", "-K", "-i"]),
    ("lsof", ["-n", "-P", "-F", "-a", "-K", "-U"]),
    ("lsof", ["-n", "-P", "-u", "0", "-i"]),
    ("lsof", ["-n", "-P", "-a", "-u", "0", "-i"]),
    ("lsof", ["-n", "-P", "-Z", "-i"]),
    # listings that resolve names last: a name server on this machine's loopback
    # counts their queries in the interface counters the others read
    ("ss", ["-t", "-u", "-w", "-x", "-a", "-p"]),
    ("ss", ["-a", "-A", "all", "-p"]),
    ("netstat", ["-a", "-p", "-e", "-o"]),
    ("netstat", ["-r"]),
    ("netstat", ["-r", "-A", "inet6"]),
    ("netstat", ["-g"]),
    ("arp", ["-a"]),
    ("arp", ["-e"]),
    ("route", []),
    ("route", ["-A", "inet6"]),
    ("lsof", ["-i"]),
]

# Files read whole (when present) besides what the commands read: the
# resolver's and the name-service files users ask about with the snapshot
# ("which resolver did it use?"), iproute2's name tables, and every /proc/net
# table (a /proc/net file not listed did not exist).
FILES = ["/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/services", "/etc/protocols",
         "/etc/networks", "/etc/host.conf", "/etc/whois.conf", "/etc/passwd", "/etc/group", "/etc/hostname", "/etc/gai.conf", "/proc/sys/kernel/hostname",
         "/proc/sys/net/ipv4/ip_local_port_range", "/proc/sys/net/ipv4/ip_forward",
         "/proc/sys/net/ipv6/conf/all/forwarding", "/proc/version"]
PROC_NET_DIRS = ["/proc/net", "/proc/net/stat", "/proc/net/dev_snmp6", "/etc/iproute2"]

USAGE = "Usage: pynettools snapshot [-n NETNS] DIR\n"


def main(args, stdout=None, stderr=None):
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    netns, directory, error = _parse(args)
    if error is not None:
        stderr.write(error)
        return 2 if error.startswith("Usage") or "option" in error else 1
    if netns is not None:
        from pynettools.kernel import netns as netns_module
        from pynettools.kernel.seam import Kernel

        failure = netns_module.switch(Kernel(), netns)
        if failure and failure != netns:
            stderr.write("pynettools snapshot: %s" % failure)
            return 1
    try:
        summary = take(directory, netns)
    except OSError as err:
        stderr.write("pynettools snapshot: %s: %s\n" % (err.filename or directory, err.strerror))
        return 1
    stderr.write(summary_text(directory, summary))
    return 0


def _parse(args):
    """(netns, directory, error message or None)."""
    netns = None
    rest = list(args)
    while rest and rest[0].startswith("-") and rest[0] != "-":
        option = rest.pop(0)
        if option == "--":
            break
        if option in ("-n", "-netns", "--netns"):
            if not rest:
                return None, None, "pynettools snapshot: option %s needs a namespace name\n%s" % (option, USAGE)
            netns = rest.pop(0)
        elif option in ("-h", "--help"):
            return None, None, USAGE
        else:
            return None, None, "pynettools snapshot: unknown option %s\n%s" % (option, USAGE)
    if len(rest) != 1:
        return None, None, USAGE
    directory = rest[0]
    if os.path.exists(directory) and (not os.path.isdir(directory) or os.listdir(directory)):
        return None, None, "pynettools snapshot: %s exists and is not an empty directory\n" % directory
    return netns, directory, None


def take(directory, netns=None):
    """Record the snapshot into `directory`; returns its description (also in seam.json)."""
    from pynettools.kernel import fromsnapshot

    os.makedirs(directory, exist_ok=True)
    # The socket tables hold the sock_diag socket they are dumped with, and
    # ss names a netlink socket's owner by its process name: named "ss" here,
    # that row reads as the one a real ss run there prints about itself.
    _set_process_name(b"ss")
    kernel = _SnapshotKernel(record_dir=directory)
    started = time.time()
    failed = []
    for number, (tool, argv) in enumerate(COMMANDS):
        if number == 1:  # after ss -s, which must see no socket of ours
            fromsnapshot.take_full_dumps(kernel)
            kernel.hold_socket_tables()
        # each listing with no socket of ours left open, as a tool of its own
        # would run: ss -s counts the sockets open while it reads /proc/net/sockstat
        kernel.release_sockets()
        failed.append(_run(kernel, tool, argv))
    _read_files(kernel)
    ended = time.time()
    log = _first_answers(kernel._log)
    kernel._log = None  # written below, with the description; close() must not write it again
    kernel.close()
    description = _describe(log, netns, started, ended, [f for f in failed if f])
    from pynettools.kernel.recording import save_recording

    save_recording(directory, log, extra={"snapshot": description})
    description["bytes"] = _size(directory)
    return description


def _set_process_name(name):
    """prctl(PR_SET_NAME): the name /proc/PID/stat and comm show for this process."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(15, ctypes.c_char_p(name), 0, 0, 0)
    except (OSError, AttributeError):
        pass


class _SnapshotKernel(Kernel):
    """The recording kernel of a snapshot.  A question asked again (every
    listing with -p reads every process's fd/) gets the answer it got the
    first time, as a replay will give it: the listings see one moment, and
    each is read once.  Once the whole socket tables are taken, a listing's
    sock_diag dump is cut from them (as a replay will cut it), not asked for
    and held a second time: a busy machine's tables are tens of MB."""

    socket_tables = None

    def __init__(self, **kwargs):
        Kernel.__init__(self, **kwargs)
        self._held = {}

    def hold_socket_tables(self):
        self.socket_tables = {(entry["op"], entry["key"]): [entry] for entry in self._log
                              if entry["op"] == "netlink" and entry["key"].startswith("4:")}

    def _note(self, op, key, value=None, error=None, data=None):
        Kernel._note(self, op, key, value, error, data)
        self._held.setdefault((op, key), self._log[-1])

    def _answer(self, op, key, live, blob=False):
        held = self._held.get((op, key))
        if held is None:
            return Kernel._answer(self, op, key, live, blob)
        from pynettools.kernel.recording import decode_value, encode_value
        from pynettools.kernel.seam import _error_from_record

        if "error" in held:
            raise _error_from_record(held["error"])
        if "data" in held:
            return held["data"]
        return decode_value(encode_value(held["value"]))  # a copy: a tool may change what it is given

    def netlink_dump(self, protocol, request, what="", strict=False):
        from pynettools.kernel import fromsnapshot
        from pynettools.kernel.seam import _request_key

        key = "%d:%s%s" % (protocol, _request_key(request), ":strict" if strict else "")
        if ("netlink", key) in self._held:
            return _answered(self._held[("netlink", key)])
        if protocol != fromsnapshot.NETLINK_SOCK_DIAG or self.socket_tables is None or strict:
            return Kernel.netlink_dump(self, protocol, request, what, strict)
        try:
            entry = fromsnapshot.derive(self.socket_tables, "netlink", key, self.record_dir)
        except fromsnapshot.SnapshotMiss:
            return Kernel.netlink_dump(self, protocol, request, what, strict)
        return _answered(entry)


def _answered(entry):
    from pynettools.kernel.seam import _error_from_record

    for buf in entry.get("data") or []:
        yield buf
    if "error" in entry:
        raise _error_from_record(entry["error"])


def _run(kernel, tool, argv):
    """Run one listing in this process with its output thrown away; None, or
    what went wrong (a tool that cannot run here is noted, not fatal)."""
    from pynettools.cli import TOOLS
    from pynettools.env import Env

    environ = {"LC_ALL": "C", "LANG": "C", "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")}
    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), environ=environ, kernel=kernel)
    kernel.lookup_scope = TOOLS[tool]  # its lookups under its own name (seam.Kernel.lookup_scope)
    try:
        module = __import__(TOOLS[tool], fromlist=["main"])
        module.main([tool] + list(argv), env)
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # SystemExit, a tool's Aborted: noted, and on to the next
        return "%s %s: %s" % (tool, " ".join(argv), type(err).__name__)
    return None


def _read_files(kernel):
    paths = list(FILES)
    for directory in PROC_NET_DIRS:
        try:
            names = kernel.listdir(directory)
        except OSError:
            continue
        for name in names:
            path = "%s/%s" % (directory, name)
            if os.path.isfile(path):
                paths.append(path)
            elif directory.startswith("/etc/") and os.path.isdir(path):  # rt_tables.d/ and the like
                try:
                    paths += ["%s/%s" % (path, inner) for inner in kernel.listdir(path)]
                except OSError:
                    pass
    kernel.lookup_scope = None
    for path in paths:
        try:
            kernel.read_text(path)
        except OSError:
            pass  # recorded: a tool that asks gets the same error


def _first_answers(log):
    """Each question once, with its first answer: a snapshot is one moment,
    and replay repeats a question's only answer however often it is asked."""
    seen = set()
    kept = []
    for entry in log:
        key = (entry["op"], entry["key"])
        if key not in seen:
            seen.add(key)
            kept.append(entry)
    return kept


def _describe(log, netns, started, ended, failed):
    unreadable = {}
    for entry in log:
        error = entry.get("error")
        if error and error.get("type") == "OSError" and error.get("errno") in (1, 13):  # EPERM, EACCES
            what = _unreadable_kind(entry["key"])
            unreadable[what] = unreadable.get(what, 0) + 1
    return {
        "format": "pynettools snapshot",
        "version": SNAPSHOT_VERSION,
        "started": _iso(started), "seconds": round(ended - started, 3),
        "hostname": os.uname().nodename, "kernel": os.uname().release,
        "netns": netns, "uid": os.geteuid(), "pid": os.getpid(),
        "commands": [[tool] + argv for tool, argv in COMMANDS],
        "reads": len(log),
        "unreadable": unreadable,
        "failed": failed,
    }


def _unreadable_kind(key):
    """/proc/1234/fd -> /proc/PID/fd: what a non-root snapshot misses, counted by kind."""
    parts = key.split(":", 1)[0].split("/")
    return "/".join("PID" if part.isdigit() else part for part in parts)


def summary_text(directory, summary):
    lines = ["snapshot %s: %d reads, %d bytes, in %.2f s\n"
             % (directory, summary["reads"], summary["bytes"], summary["seconds"])]
    for what, count in sorted(summary["unreadable"].items()):
        lines.append("could not read %s (%d, permission denied: run as root to include them)\n" % (what, count))
    for failure in summary["failed"]:
        lines.append("could not run %s\n" % failure)
    return "".join(lines)


def _size(directory):
    total = 0
    for parent, _dirs, files in os.walk(directory):
        for name in files:
            total += os.path.getsize(os.path.join(parent, name))
    return total


def _iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
