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
  route gets "Not a route: ..." and the stream goes on.  `restore` is the changing
  side's.
"""
import struct

from pynettools.kernel import routes as K
from pynettools.kernel import savedump

_NLMSG_HEAD = struct.Struct("=IHH")
_RTNL_FROM_FILE_BUF = 16384  # rtnl_from_file()'s buffer: a longer message is "malformed"


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


# ---- ip rule save ---------------------------------------------------------------------------

def rule_save(ctx, words):
    """iprule_list_flush_or_save(..., IPRULE_SAVE): no selector; every rule of the family."""
    from pynettools.kernel.netlink import DumpError

    if words:
        ctx.err.write('"ip rule save" does not take any arguments.\n')
        return 1
    if _stdout_refused(ctx):
        return 1
    _write_bytes(ctx, savedump.magic_bytes(savedump.RULE_DUMP_MAGIC))
    family = ctx.family or 2  # AF_INET unless -4/-6/-f said otherwise
    dump = savedump.rule_dump(ctx.kernel, family, savedump.first_seq(ctx.kernel))
    chunks = []
    try:
        for buf, offset, length in dump.messages(16):
            chunks.append(bytes(buf[offset:offset + length]))
    except DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        _write_bytes(ctx, b"".join(chunks))
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        _json_frame(ctx, False)
        return 1
    _write_bytes(ctx, b"".join(chunks))
    if dump.interrupted:
        ctx.err.write("Dump was interrupted and may be inconsistent.\n")
    _json_frame(ctx, True)
    return 0


# ---- ip route showdump ----------------------------------------------------------------------

def read_stdin_bytes(env):
    """All of stdin as bytes (the binary stream under the text stream when there is one)."""
    stream = getattr(env.stdin, "buffer", None)
    if stream is not None:
        return stream.read()
    return env.stdin.read().encode("utf-8", "surrogateescape")


def _stdin_isatty(env):
    try:
        return env.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def route_showdump(ctx):
    """iproute_showdump(): 1 for a bad magic, 2 when the stream breaks off."""
    if _stdin_isatty(ctx.env):
        ctx.err.write("Can't restore route dump from a terminal\n")
        return 1
    data = read_stdin_bytes(ctx.env)
    items, magic = savedump.read_magic(data)
    if magic != savedump.ROUTE_DUMP_MAGIC:
        ctx.err.write("Magic mismatch (%d elems, %x magic)\n" % (items, magic))
        return 1
    from pynettools.tools.ip.route import Filter

    f = Filter()  # showdump never resets ip's filter: all zero, every table
    f.finish()
    return 0 if _from_file(ctx, f, data, 4) == 0 else 2


def _from_file(ctx, f, data, at):
    """rtnl_from_file(): each message (header, then its aligned body) to print_route."""
    from pynettools.tools.ip.route import print_route

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
            ctx.err.write("!!!malformed message: len=%d @%d\n" % (signed, at + 16))
            return -1
        aligned = (body + 3) & ~3
        if end - at - 16 < aligned:
            ctx.err.write("rtnl-from_file: truncated message\n")
            return -1
        # show_handler() ignores what print_route() returns: a message that is
        # no route is complained about, and the next one is read
        if msg_type not in (K.RTM_NEWROUTE, K.RTM_DELROUTE):
            ctx.err.write("Not a route: %08x %08x %08x\n" % (length, msg_type, flags))
        elif length < 28:  # print_route()'s own check, made before it reads the rtmsg
            ctx.err.write("BUG: wrong nlmsg len %d\n" % (length - 28))
        else:
            print_route(ctx, f, data, at, length, msg_type)
        at += 16 + aligned
