"""ip netns: named network namespaces (ipnetns.c), the reading commands.

    ip netns [ list ]                      the names in /var/run/netns, with their ids
    ip netns list-id [ target-nsid N ] [ nsid N ]
    ip netns identify [ PID ]              the name(s) of a process's namespace
    ip netns pids NAME                     the processes in a namespace

The order of work of do_netns() for list and list-id:
  1. the name check: a second word with a '/' (or ".", "..", "", too long)
     is refused before the command is even looked at;
  2. netns_map_init(): every name's nsid (one RTM_GETNSID per name,
     pynettools/kernel/nsid.py), first name of each id kept: the map that
     list-id prints names from;
  3. list: each name again, with " (id: N)" when this namespace has one
     for it.  So a name that is not a namespace (its mount is gone) makes
     the kernel's "Peer netns reference is invalid" twice on stderr.
     list-id: one dump of the ids (or one request with `nsid N`), the name
     from the map, else found by asking every name again.
The changing commands (kernel/netns.py does the work, each step through
the seam as one recorded lookup):
  add NAME       an empty file /run/netns/NAME (after making /run/netns a
                 shared mount), unshare(CLONE_NEWNET), the new namespace
                 bind-mounted onto the file, and back to the old one;
  attach NAME PID  the same with /proc/PID/ns/net and no unshare;
  delete NAME    unmount (MNT_DETACH) and unlink; -all: every name;
  set NAME ID    RTM_NEWNSID with the file's descriptor;
  exec NAME CMD  netns_switch() (setns, a private mount namespace, /sys
                 mounted afresh, /etc/netns/NAME/* bound over /etc), then
                 execvp: ip's exit status is the program's.  Recording or
                 replaying, the program runs in a child whose output the seam
                 keeps (the replay cannot run it).
  monitor        inotify on /run/netns: "add NAME", "delete NAME" (printf,
                 never flushed: see netns_monitor()).
"""
from pynettools.tools.ip.printer import PRINT_ANY, PRINT_FP
from pynettools.tools.ip.utils import Exit, duparg, invarg, matches

USAGE = ("Usage:\tip netns list\n"
         "\tip netns add NAME\n"
         "\tip netns attach NAME PID\n"
         "\tip netns set NAME NETNSID\n"
         "\tip [-all] netns delete [NAME]\n"
         "\tip netns identify [PID]\n"
         "\tip netns pids NAME\n"
         "\tip [-all] netns exec [NAME] cmd ...\n"
         "\tip netns monitor\n"
         "\tip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]\n"
         "NETNSID := auto | POSITIVE-INT\n")

NAME_MAX = 255
RTM_NEWNSID, RTM_DELNSID = 88, 89
NETNSA_NSID, NETNSA_CURRENT_NSID = 1, 5


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def invalid_name(name):
    return not name or len(name.encode("utf-8", "surrogateescape")) > NAME_MAX or "/" in name \
        or name in (".", "..")


def run(ctx, args):
    """do_netns()."""
    state = _Names(ctx)
    if not args:
        state.map_init()
        return netns_list(ctx, state)
    if not ctx.all and len(args) > 1 and invalid_name(args[1]):
        ctx.err.write('Invalid netns name "%s"\n' % args[1])
        raise Exit(255)
    word = args[0]
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        state.map_init()
        return netns_list(ctx, state)
    if matches(word, "list-id"):
        state.map_init()
        return list_id(ctx, state, args[1:])
    if matches(word, "help"):
        usage(ctx)
    if matches(word, "add"):
        return netns_add(ctx, args[1:], create=True)
    if matches(word, "set"):
        return netns_set(ctx, args[1:])
    if matches(word, "delete"):
        return netns_delete(ctx, args[1:])
    if matches(word, "identify"):
        return identify(ctx, args[1:])
    if matches(word, "pids"):
        return pids(ctx, args[1:])
    if matches(word, "exec"):
        return netns_exec(ctx, args[1:])
    if matches(word, "monitor"):
        return netns_monitor(ctx)
    if matches(word, "attach"):
        return netns_add(ctx, args[1:], create=False)
    ctx.err.write('Command "%s" is unknown, try "ip netns help".\n' % word)
    raise Exit(255)


def netns_add(ctx, args, create):
    """netns_add(): 0, or 1 after ip's message."""
    from pynettools.kernel import netns

    if create and not args:
        ctx.err.write("No netns name specified\n")
        return 1
    pid = None
    if not create:
        if len(args) < 2:
            ctx.err.write("No netns name and PID specified\n")
            return 1
        pid = _get_integer(args[1])
        if not pid:
            ctx.err.write("Invalid PID: %s\n" % args[1])
            return 1
    message, ok = netns.add(ctx.kernel, args[0], pid)
    ctx.err.write(message)
    return 0 if ok else 1


def netns_delete(ctx, args):
    """netns_delete(): one name, or with -all every one (stopping at the first failure)."""
    from pynettools.kernel import netns

    if not args and not ctx.all:
        ctx.err.write("No netns name specified\n")
        return 1
    if not ctx.all:
        message, ok = netns.delete(ctx.kernel, args[0])
        ctx.err.write(message)
        return 0 if ok else 1
    return _foreach(ctx, lambda name: _delete_one(ctx, name))


def _delete_one(ctx, name):
    from pynettools.kernel import netns

    message, ok = netns.delete(ctx.kernel, name)
    ctx.err.write(message)
    return ok


def _foreach(ctx, function):
    """netns_foreach(): function(name) for each name in /run/netns until one
    returns False; 0, or 1 when the directory cannot be read."""
    from pynettools.kernel import netns

    found = netns.names(ctx.kernel)
    if isinstance(found, str):
        ctx.err.write(found)
        return 1
    for name in found or []:
        if not function(name):
            break
    return 0


def netns_set(ctx, args):
    """netns_set()."""
    from pynettools.kernel import netns

    if not args:
        ctx.err.write("No netns name specified\n")
        return 1
    if len(args) < 2:
        ctx.err.write("No nsid specified\n")
        return 1
    if args[1] == "auto":
        number = -1
    else:
        number = _get_integer(args[1])
        if number is None:
            invarg(ctx, 'Invalid "netnsid" value', args[1])
        if number < 0:
            invarg(ctx, '"netnsid" value should be >= 0', args[1])
    message, status = netns.set_nsid(ctx.kernel, args[0], number)
    ctx.err.write(message)
    return status


def netns_exec(ctx, args):
    """netns_exec(): the program's exit status (255 when the switch failed)."""
    if not args and not ctx.all:
        ctx.err.write("No netns name specified\n")
        return 1
    if (len(args) < 2 and not ctx.all) or (not args and ctx.all):
        ctx.err.write("No command specified\n")
        return 1
    ctx.out.flush()  # cmd_exec(): fflush(stdout) before the program writes
    if ctx.all:
        return _foreach(ctx, lambda name: _exec_one(ctx, name, args, header=True) or True)
    status = _exec_one(ctx, args[0], args[1:], header=False)
    return 255 if status is None else status


def _exec_one(ctx, name, argv, header):
    """cmd_exec(): the program's status; None when ip itself fails (exit 255),
    1 for a program killed by a signal (with a fork)."""
    from pynettools.kernel import netns

    if header:
        ctx.out.write("\nnetns: %s\n" % name)
        ctx.out.flush()
    fork = header or ctx.batch_file is not None
    if ctx.kernel.mode != "live":
        out, err, status = netns.program(ctx.kernel, name, argv)
        ctx.out.write(out)
        ctx.out.flush()
        ctx.err.write(err)
        return 1 if status < 0 else status  # (a failed switch: the child exits 255, as ip would)
    if fork:
        status = netns.run_forked(name, argv)
        return 1 if status is None else status
    ctx.err.write(netns.exec_in(name, argv))  # returns only when the switch failed
    return None


def netns_monitor(ctx):
    """netns_monitor(): "add NAME" / "delete NAME" for each name made or
    removed in /run/netns (inotify), until a signal.  ip prints them with
    printf() and never flushes: on a pipe they wait in stdio's 4096-byte
    buffer and die with ip unless it fills; on a terminal, line by line."""
    import struct

    from pynettools.kernel import netns

    message = netns.make_run_dir(ctx.kernel)
    if message:
        ctx.err.write(message)
        return 1
    out = _StdioBuffer(ctx)
    try:
        for buf in netns.watch_run_dir(ctx.kernel):
            at = 0
            while at + 16 <= len(buf):  # struct inotify_event: wd, mask, cookie, len, name[len]
                _wd, mask, _cookie, size = struct.unpack_from("=iIII", buf, at)
                name = buf[at + 16:at + 16 + size].split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
                if mask & netns.IN_CREATE:
                    out.write("add %s\n" % name)
                if mask & netns.IN_DELETE:
                    out.write("delete %s\n" % name)
                at += 16 + size
    except OSError as err:
        out.at_exit()
        ctx.err.write("%s failed: %s\n" % (err.filename, err.strerror))
        return 1
    return 0


class _StdioBuffer:
    """printf() into a fully buffered stdout (a pipe or file: 4096 bytes,
    written when full) or a line-buffered one (a terminal)."""

    SIZE = 4096

    def __init__(self, ctx):
        self.out = ctx.out
        self.line = ctx.env.stdout_isatty
        self.pending = ""

    def write(self, text):
        if self.line:
            self.out.write(text)
            self.out.flush()
            return
        self.pending += text
        while len(self.pending.encode("utf-8", "surrogateescape")) >= self.SIZE:
            data = self.pending.encode("utf-8", "surrogateescape")
            self.out.write(data[:self.SIZE].decode("utf-8", "surrogateescape"))
            self.out.flush()
            self.pending = data[self.SIZE:].decode("utf-8", "surrogateescape")

    def at_exit(self):
        """ip returns -1 after a failed read(): exit() flushes what is buffered."""
        self.out.write(self.pending)
        self.pending = ""


class _Names:
    """The names of /var/run/netns and the nsid map (ipnetns.c's nsid cache)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.by_nsid = {}

    def netnsid_from_name(self, name):
        """get_netnsid_from_name(): the id, or a negative number (after ip's
        message, when the kernel refused the question)."""
        from pynettools.kernel import nsid

        answer = nsid.netns_id(self.ctx.kernel, name)
        if answer[0] == "nsid":
            return answer[1]
        if answer[0] == "error":
            self.ctx.err.write(_talk_error(answer[1], answer[2]))
            return -2
        return -answer[1]

    def map_init(self):
        """netns_map_init(): the first name of each id."""
        for name in _names_or_none(self.ctx) or []:
            number = self.netnsid_from_name(name)
            if number >= 0 and number not in self.by_nsid:
                self.by_nsid[number] = name

    def name_of(self, number):
        """netns_get_name(): scan the names again for one with this id."""
        if number < 0:
            return None
        for name in _names_or_none(self.ctx) or []:
            found = self.netnsid_from_name(name)
            if found >= 0 and found == number:
                return name
        return None


NsidNames = _Names  # ip monitor's print_nsid() needs the same cache


def _names_or_none(ctx):
    from pynettools.kernel import nsid

    try:
        return nsid.names(ctx.kernel)
    except OSError:
        return None


def _talk_error(errno, extack):
    """rtnl_talk_error(): the kernel's extended ack, else strerror."""
    import os

    if extack:
        return "Error: %s%s\n" % (extack, "" if extack.endswith(".") else ".")
    return "RTNETLINK answers: %s\n" % os.strerror(errno)


def netns_list(ctx, state):
    """netns_list(): one line per name; nothing at all when the directory is missing."""
    names = _names_or_none(ctx)
    if names is None:
        return 0
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for name in names:
        p.open_json_object()
        p.string(PRINT_ANY, "name", "%s", name)
        number = state.netnsid_from_name(name)
        if number >= 0:
            p.int(PRINT_ANY, "id", " (id: %d)", number)
        p.string(PRINT_FP, None, "\n", None)
        p.close_json_object()
    p.delete_json_obj()
    return 0


def _get_integer(text):
    """lib/utils.c get_integer() with base 0: strtol() over the whole word, within int."""
    from pynettools.tools.ip.utils import strtoul

    if not text:
        return None
    value, rest = strtoul(text, 0)
    if value is None or rest:
        return None
    if value >= 1 << 63:  # strtoul's wrap-around of a negative number
        value -= 1 << 64
    if value > 0x7FFFFFFF or value < -0x80000000:
        return None
    return value


def list_id(ctx, state, args):
    """netns_list_id()."""
    from pynettools.kernel import nsid
    from pynettools.kernel.netlink import DumpError
    from pynettools.kernel.rtnl import TalkError
    from pynettools.tools.ip.utils import dump_error_text

    target, number = -1, -1
    i = 0
    while i < len(args):
        word = args[i]
        if word in ("target-nsid", "nsid"):
            if (target if word == "target-nsid" else number) >= 0:
                duparg(ctx, word, word)
            i += 1
            if i >= len(args):
                from pynettools.tools.ip.utils import incomplete_command

                incomplete_command(ctx)
            value = _get_integer(args[i])
            if value is None:
                invarg(ctx, '"%s" value is invalid' % word, args[i])
            if value < 0:
                # ip names the word after the value here (argv[1]): "(null)" at the end
                invarg(ctx, '"%s" value should be >= 0' % word, args[i + 1] if i + 1 < len(args) else "(null)")
            if word == "target-nsid":
                target = value
            else:
                number = value
        else:
            usage(ctx)
        i += 1

    if number >= 0:
        try:
            record = nsid.get(ctx.kernel, number, target)
        except TalkError as err:
            ctx.err.write(err.message())
            return 2
        p = ctx.printer
        p.new_json_obj(ctx.json)
        print_nsid(ctx, state, record)
        p.delete_json_obj()
        return 0

    try:
        records = nsid.dump(ctx.kernel, target)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        raise Exit(1)
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for record in records:
        print_nsid(ctx, state, record)
    p.delete_json_obj()
    return 0


def print_nsid(ctx, state, record):
    """print_nsid()."""
    msg_type, attrs = record
    if msg_type not in (RTM_NEWNSID, RTM_DELNSID):
        return
    if NETNSA_NSID not in attrs:
        ctx.err.write("BUG: NETNSA_NSID is missing print_nsid\n")
        raise Exit(1)
    p = ctx.printer
    p.open_json_object()
    if msg_type == RTM_DELNSID:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    number = attrs[NETNSA_NSID]
    if number < 0:
        p.string(PRINT_FP, None, "nsid unassigned ", None)
    else:
        p.int(PRINT_ANY, "nsid", "nsid %d ", number)
    key = number
    if NETNSA_CURRENT_NSID in attrs:
        current = attrs[NETNSA_CURRENT_NSID]
        if current < 0:
            p.string(PRINT_FP, None, "current-nsid unassigned ", None)
        else:
            p.int(PRINT_ANY, "current-nsid", "current-nsid %d ", current)
        key = current
    name = state.by_nsid.pop(key, None) if key >= 0 else None
    if name is not None:
        p.string(PRINT_ANY, "name", "(iproute2 netns name: %s)", name)
    elif msg_type == RTM_NEWNSID:  # not in the map: look again
        name = state.name_of(number)
        if name is not None:
            p.string(PRINT_ANY, "name", "(iproute2 netns name: %s)", name)
            state.by_nsid.setdefault(number, name)
    p.string(PRINT_FP, None, "\n", None)
    p.close_json_object()


def _is_pid(text):
    return all(c in "0123456789" for c in text)


def identify(ctx, args):
    """netns_identify(): the last name in /var/run/netns whose file is the
    process's namespace (its /proc/PID/ns/net: the same device and inode)."""
    import os

    from pynettools.kernel import nsid

    if len(args) > 1:
        ctx.err.write("extra arguments specified\n")
        return 1
    pid = args[0] if args else "self"
    if args and not _is_pid(pid):
        ctx.err.write("Specified string '%s' is not a pid\n" % pid)
        return 1
    try:
        own = nsid.inode(ctx.kernel, "/proc/%s/ns/net" % pid)
    except OSError as err:
        ctx.err.write("Cannot open network namespace: %s\n" % os.strerror(err.errno))
        return 1
    try:
        names = nsid.names(ctx.kernel)
    except OSError as err:
        if err.errno == 2:  # ENOENT: no names at all
            ctx.out.write("\n")
            return 0
        ctx.err.write("Failed to open directory %s:%s\n" % (nsid.NETNS_RUN_DIR, os.strerror(err.errno)))
        return 1
    found = ""
    for name in names:
        try:
            if nsid.inode(ctx.kernel, "%s/%s" % (nsid.NETNS_RUN_DIR, name)) == own:
                found = name
        except OSError:
            continue
    ctx.out.write("%s\n" % found)
    return 0


def pids(ctx, args):
    """netns_pids(): every pid (in /proc's order) whose /proc/PID/ns/net is NAME."""
    import os

    from pynettools.kernel import nsid

    if not args:
        ctx.err.write("No netns name specified\n")
        return 1
    if len(args) > 1:
        ctx.err.write("extra arguments specified\n")
        return 1
    try:
        wanted = nsid.inode(ctx.kernel, "%s/%s" % (nsid.NETNS_RUN_DIR, args[0]))
    except OSError as err:
        ctx.err.write("Cannot open network namespace: %s\n" % os.strerror(err.errno))
        return 1
    try:
        entries = ctx.kernel.listdir("/proc")
    except OSError as err:
        ctx.err.write("Open of /proc failed: %s\n" % os.strerror(err.errno))
        return 1
    for pid in sorted((name for name in entries if _is_pid(name)), key=int):
        try:
            if nsid.inode(ctx.kernel, "/proc/%s/ns/net" % pid) == wanted:
                ctx.out.write("%s\n" % pid)
        except OSError:
            continue
    return 0
