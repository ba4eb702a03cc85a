"""`ip route save`, `ip route showdump` and `ip rule save`: routes and rules as a binary stream.

save (iproute.c save_route_prep, save_route; iprule.c save_rule_prep, save_rule):
  1. refuse a terminal on stdout ("Not sending a binary stream to stdout", exit 1);
  2. write the magic number at once, before the selector is even read (a bad
     selector leaves the magic alone on stdout);
  3. route: read the selector as `ip route show` does (route.show, with this
     module's save_routes in place of listing), dump, and write each route the
     selector keeps (filter_nlmsg), whole, as the kernel sent it; rule: no
     selector at all, every message of the dump is written;
  4. ip writes the stream with write(2) but, as for `ip route show`, opens
     its JSON array on stdio (`ip -j route save`): "[" then "]\\n" come out
     after the stream, when stdio is flushed, and a failed dump leaves "[".
showdump (iproute_showdump, libnetlink's rtnl_from_file): check the magic
  (not from a terminal), then print every message as `ip route` would, with
  an empty filter (every table, no cloned routes); a message that is no
  route gets "Not a route: ..." and the stream goes on.  `ip route restore`
  is the changing side's (routemodify.py).
ip address save (ipaddress.c ipaddr_list_flush_or_save(IPADD_SAVE), save_nlmsg):
  the selector is read whole as for `ip address show` (a bad word ends ip
  there), but only the device survives it: the dump asks the kernel for
  that device's addresses of the -4/-6 family (ipaddr_dump_filter) and every
  message of it is written; scope, to, label, up and the flags are read
  and forgotten.  Then the terminal check, the magic, the stream; a failed
  dump is "Save terminated", exit 1.  No JSON at all.
ip address showdump (ipaddr_showdump): "if<index>:" and the address as
  `ip address` prints it, per message, inside {"addr_info": [...]} under -j;
  exit 255 for a bad magic or a broken stream.
ip address restore and ip rule restore (restore_handler in ipaddress.c and
  iprule.c): the magic, then each message sent back once, in order, with
  NLM_F_CREATE | NLM_F_ACK; "File exists" is printed and passed over, any
  other refusal ends the restore; exit(rtnl_from_file()): 0 or 255.  Unlike
  `ip route restore` they read the stream once: a pipe does.
These requests are built with struct (the messages are the kernel's own,
sent back): no pyroute2, whose import alone is 200+ ms (issue 10).
"""
import struct

from pynettools.kernel import routes as K
from pynettools.kernel import savedump

_NLMSG_HEAD = struct.Struct("=IHH")
_RTNL_FROM_FILE_BUF = 16384  # rtnl_from_file()'s buffer: a longer message is "malformed"
_NLM_F_CREATE = 0x400
_RTM_NEWADDR, _RTM_DELADDR = 20, 21


def _write_bytes(ctx, data):
    """Raw bytes to stdout: our text stream passes them through unchanged (surrogateescape)."""
    ctx.out.write(data.decode("utf-8", "surrogateescape"))


def _stdout_refused(ctx):
    if ctx.env.stdout_isatty:
        ctx.err.write("Not sending a binary stream to stdout\n")
        return True
    return False


def _json_frame(ctx, ok):
    """new_json_obj()/delete_json_obj() around nothing, written after the stream
    (stdio's buffer is flushed after the write(2)s); on failure ip exits with "[" open."""
    p = ctx.printer
    p.new_json_obj(ctx.json)
    if ok:
        p.delete_json_obj()


# ---- ip route save --------------------------------------------------------------------------

def route_save(ctx, words):
    from pynettools.tools.ip import route

    if _stdout_refused(ctx):
        return 1
    _write_bytes(ctx, savedump.magic_bytes(savedump.ROUTE_DUMP_MAGIC))
    return route.show(ctx, words, lister=save_routes)


def save_routes(ctx, f, dump_family):
    """The IPROUTE_SAVE end of iproute_list_flush_or_save(): the filtered dump, raw."""
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.route import RT_TABLE_MAIN, _dump_error_text, filter_nlmsg
    from pynettools.tools.ip.utils import af_bit_len

    seq = savedump.first_seq(ctx.kernel)
    dump = savedump.route_dump(ctx.kernel, dump_family, seq, table=f.tb, protocol=f.protocol,
                               cloned=bool(f.cloned), oif=f.oif)
    chunks = []
    try:
        for buf, offset, length in K.route_messages(dump):
            rt = K.RTMSG.unpack_from(buf, offset + 16)
            tb = K.attribute_offsets(buf, offset + 28, offset + length)
            table = rt[4]
            at = tb.get(K.RTA_TABLE)
            if at is not None:
                table = struct.unpack_from("=I", buf, at)[0]
            if filter_nlmsg(ctx, f, rt, tb, buf, af_bit_len(rt[0]), table):
                chunks.append(bytes(buf[offset:offset + length]))
    except DumpError as err:
        _write_bytes(ctx, b"".join(chunks))
        # save_route_errhndlr: a main table that does not exist is no error
        if not (err.in_done and f.tb == RT_TABLE_MAIN and err.errno == 2):
            ctx.err.write(_dump_error_text(err))
            ctx.err.write("Dump terminated\n")
            _json_frame(ctx, False)
            return 2
    else:
        _write_bytes(ctx, b"".join(chunks))
    if dump.interrupted:
        ctx.err.write("Dump was interrupted and may be inconsistent.\n")
    _json_frame(ctx, True)
    return 0


def _save_raw(ctx, dump):
    """Every message of the dump written out as the kernel sent it (what came
    before a failure too); None, or the failure's text (dump_error_text)."""
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text

    chunks = []
    try:
        for buf, offset, length in dump.messages(16):
            chunks.append(bytes(buf[offset:offset + length]))
    except DumpError as err:
        _write_bytes(ctx, b"".join(chunks))
        return dump_error_text(err)
    _write_bytes(ctx, b"".join(chunks))
    return None


# ---- ip rule save ---------------------------------------------------------------------------

def rule_save(ctx, words):
    """iprule_list_flush_or_save(..., IPRULE_SAVE): no selector; every rule of the family."""
    if words:
        ctx.err.write('"ip rule save" does not take any arguments.\n')
        return 1
    if _stdout_refused(ctx):
        return 1
    _write_bytes(ctx, savedump.magic_bytes(savedump.RULE_DUMP_MAGIC))
    family = ctx.family or 2  # AF_INET unless -4/-6/-f said otherwise
    dump = savedump.rule_dump(ctx.kernel, family, savedump.first_seq(ctx.kernel))
    err = _save_raw(ctx, dump)
    if err is not None:
        ctx.err.write(err + "Dump terminated\n")
        _json_frame(ctx, False)
        return 1
    if dump.interrupted:
        ctx.err.write("Dump was interrupted and may be inconsistent.\n")
    _json_frame(ctx, True)
    return 0


# ---- ip route showdump ----------------------------------------------------------------------

def stdin_bytes(ctx):
    """What a command reads on stdin.  Under -batch, ip's stdin is the batch
    input itself (do_batch() freopen()s the file onto it): the command reads
    what follows its own line(s), as stdio has them after getline()."""
    text = getattr(ctx, "batch_text", None)
    if text is None:
        return read_stdin_bytes(ctx.env)
    at = -1
    for _ in range(ctx.batch_lineno):
        at = text.find("\n", at + 1)
        if at < 0:
            return b""
    return text[at + 1:].encode("utf-8", "surrogateescape")


def _batch_offset(ctx):
    """Where stdin_bytes() starts in the batch file, or None outside -batch."""
    text = getattr(ctx, "batch_text", None)
    if text is None:
        return None
    data = stdin_bytes(ctx)
    return len(text.encode("utf-8", "surrogateescape")) - len(data)


def read_stdin_bytes(env):
    """All of stdin as bytes (the binary stream under the text stream when there is one)."""
    stream = getattr(env.stdin, "buffer", None)
    if stream is not None:
        return stream.read()
    return env.stdin.read().encode("utf-8", "surrogateescape")


def _stdin_isatty(ctx):
    if getattr(ctx, "batch_text", None) is not None and ctx.batch_file != "-":
        return False  # the batch file
    try:
        return ctx.env.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def route_showdump(ctx):
    """iproute_showdump(): 1 for a bad magic, 2 when the stream breaks off."""
    data = check_magic(ctx, savedump.ROUTE_DUMP_MAGIC, "route")
    if data is None:
        return 1
    from pynettools.tools.ip.route import Filter

    f = Filter()  # showdump never resets ip's filter: all zero, every table
    f.finish()
    return 0 if _from_file(ctx, f, data, 4) == 0 else 2


def _from_file(ctx, f, data, at):
    """rtnl_from_file() with show_handler(): each route to print_route."""
    from pynettools.tools.ip.route import print_route

    def show(data, at, length, msg_type, flags):
        # show_handler() ignores what print_route() returns: a message that is
        # no route is complained about, and the next one is read
        if msg_type not in (K.RTM_NEWROUTE, K.RTM_DELROUTE):
            ctx.err.write("Not a route: %08x %08x %08x\n" % (length, msg_type, flags))
        elif length < 28:  # print_route()'s own check, made before it reads the rtmsg
            ctx.err.write("BUG: wrong nlmsg len %d\n" % (length - 28))
        else:
            print_route(ctx, f, data, at, length, msg_type)
        return 0

    return from_file(ctx, data, at, show)


def from_file(ctx, data, at, handler):
    """libnetlink's rtnl_from_file(): handler(data, at, length, msg_type,
    flags) for each message from offset `at` on (the header, then its body
    rounded up to 4 bytes, must be there whole); 0 at the end of the
    stream, -1 when it breaks off, or the handler's negative return."""
    end = len(data)
    while True:
        if at == end:
            return 0
        if end - at < 16:
            ctx.err.write("rtnl-from_file: truncated message\n")
            return -1
        length, msg_type, flags = _NLMSG_HEAD.unpack_from(data, at)
        signed = length - (1 << 32) if length & 0x80000000 else length
        body = signed - 16
        if body < 0 or length > _RTNL_FROM_FILE_BUF:
            ctx.err.write("!!!malformed message: len=%d @%d\n" % (signed, _ftell(ctx, at + 16)))
            return -1
        aligned = (body + 3) & ~3
        if end - at - 16 < aligned:
            ctx.err.write("rtnl-from_file: truncated message\n")
            return -1
        err = handler(data, at, length, msg_type, flags)
        if err < 0:
            return err
        at += 16 + aligned


def _ftell(ctx, position):
    """ftell(stdin) as ip prints it with %lu: the position in a file, and
    (unsigned long)-1 on a pipe, where ftell() fails."""
    if stdin_tell_errno(ctx):
        return (1 << 64) - 1
    offset = _batch_offset(ctx)
    return position if offset is None else offset + position


def stdin_tell_errno(ctx):
    """0 when ftell(stdin) works, else its errno (ESPIPE on a pipe); asked of
    the seam, which records the answer.  A -batch file is a file."""
    if getattr(ctx, "batch_text", None) is not None and ctx.batch_file != "-":
        return 0
    return ctx.kernel.lookup("ftell_stdin", lambda: _stdin_tell(_stdin_fd(ctx.env)))


def _stdin_fd(env):
    try:
        return env.stdin.fileno()
    except (AttributeError, ValueError, OSError):
        return -1  # an in-memory stream: as seekable as a file


def _stdin_tell(fd):
    """0 when ftell(stdin) would work, else its errno (ESPIPE for a pipe)."""
    import os

    if fd < 0:
        return 0
    try:
        os.lseek(fd, 0, os.SEEK_CUR)
    except OSError as err:
        return err.errno
    return 0


def check_magic(ctx, magic, what):
    """ipadd_dump_check_magic(), rule_dump_check_magic(): stdin's bytes, or
    None after the complaint (the caller exits 255)."""
    if _stdin_isatty(ctx):
        ctx.err.write("Can't restore %s dump from a terminal\n" % what)
        return None
    data = stdin_bytes(ctx)
    items, found = savedump.read_magic(data)
    if found != magic:
        ctx.err.write("Magic mismatch (%d elems, %x magic)\n" % (items, found))
        return None
    return data


def restore_message(ctx, data, at, length, msg_type, flags, what):
    """A restore_handler(): the saved message sent back as it was, with
    NLM_F_CREATE (rtnl.change adds NLM_F_REQUEST | NLM_F_ACK); a refusal is
    printed as libnetlink prints it; "File exists" is no failure.  0 or -1."""
    from pynettools.kernel import rtnl

    try:
        warning = rtnl.change(ctx.kernel, msg_type, data[at + 16:at + length], what, flags | _NLM_F_CREATE)
    except rtnl.TalkError as err:
        ctx.err.write(err.message())
        return 0 if err.errno == 17 else -1  # EEXIST
    if warning:
        ctx.err.write("Warning: %s%s\n" % (warning, "" if warning.endswith(".") else "."))
    return 0


def restore(ctx, magic, what):
    """ipaddr_restore(), iprule_restore(): they exit(), so a -batch ends here too."""
    from pynettools.tools.ip.utils import Exit

    data = check_magic(ctx, magic, what)
    if data is None:
        raise Exit(255)

    def send(data, at, length, msg_type, flags):
        return restore_message(ctx, data, at, length, msg_type, flags, what + " restore")

    raise Exit(255 if from_file(ctx, data, 4, send) else 0)


# ---- ip address save / showdump / restore --------------------------------------------------

def addr_save(ctx, family, index, seq):
    """The IPADD_SAVE end of ipaddr_list_flush_or_save(), after the selector:
    every way out of it is an exit(), which ends a -batch too."""
    from pynettools.tools.ip.utils import Exit

    if _stdout_refused(ctx):
        raise Exit(1)
    _write_bytes(ctx, savedump.magic_bytes(savedump.ADDR_DUMP_MAGIC))
    # ip's batch() opens its socket without strict checking: the kernel then
    # ignores the index, and every address is saved
    strict = getattr(ctx, "batch_text", None) is None
    dump = savedump.addr_dump(ctx.kernel, family, seq, index, strict)
    err = _save_raw(ctx, dump)
    if err is not None:
        ctx.err.write(err + "Save terminated\n")
        raise Exit(1)
    if dump.interrupted:
        ctx.err.write("Dump was interrupted and may be inconsistent.\n")
    raise Exit(0)


def addr_showdump(ctx):
    """ipaddr_showdump(): exit(rtnl_from_file()) -- 0, or 255."""
    from pynettools.kernel import addresses
    from pynettools.tools.ip.address import Filter, print_addrinfo
    from pynettools.tools.ip.printer import PRINT_ANY, PRINT_JSON
    from pynettools.tools.ip.utils import Exit

    data = check_magic(ctx, savedump.ADDR_DUMP_MAGIC, "address")
    if data is None:
        raise Exit(255)
    p = ctx.printer
    f = Filter(0)  # ip never resets its filter here: all zero, -o not even seen

    def show(data, at, length, msg_type, flags):
        # show_handler(): the index first, whatever the message is
        p.open_json_object(None)
        index = struct.unpack_from("=i", data[at + 20:at + 24].ljust(4, b"\0"))[0]
        p.int(PRINT_ANY, "index", "if%d:", index)
        p.nl()
        if msg_type in (_RTM_NEWADDR, _RTM_DELADDR):
            if length < 24:
                ctx.err.write("BUG: wrong nlmsg len %d\n" % (length - 24))
            else:
                print_addrinfo(ctx, addresses.decode(data, at, length), f, None)
        p.close_json_object()
        return 0

    p.new_json_obj(ctx.json)
    p.open_json_object(None)
    p.open_json_array(PRINT_JSON, "addr_info")
    err = from_file(ctx, data, 4, show)
    p.close_json_array(PRINT_JSON, None)
    p.close_json_object()
    p.delete_json_obj()
    raise Exit(255 if err else 0)
