"""ip tcp_metrics (tcpmetrics): the TCP metrics cache (tcp_metrics.c), the reading commands.

    ip tcp_metrics [ show | list | lst ] [ [ address ] PREFIX ] [ src PREFIX ]

One line per remembered peer (pynettools/kernel/tcpmetrics.py):

    127.0.0.1 age 3.120sec cwnd 10 rtt 48us rttvar 24us source 127.0.0.1

The age grows by itself (the harness compares it within the time between the
real run and ours, tests/harness/volatile.py).  A whole address (no /LEN,
or /32 and /128) is asked for directly instead of dumping everything; ip
then prints the answer outside the JSON context it opens for a dump, so -j
does not apply to it (kept here).

delete ADDRESS sends one TCP_METRICS_CMD_DEL; flush without a selector one
without an address (the kernel then forgets everything); flush with one
dumps and deletes what it takes, round after round (-s counts them).
"""
from pynettools.tools.ip.printer import COLOR_INET, COLOR_INET6, COLOR_NONE, PRINT_ANY, PRINT_FP, PRINT_JSON
from pynettools.tools.ip.utils import Exit, duparg2, incomplete_command, matches

AF_UNSPEC, AF_INET, AF_INET6 = 0, 2, 10

USAGE = ("Usage:\tip tcp_metrics/tcpmetrics { COMMAND | help }\n"
         "\tip tcp_metrics { show | flush } SELECTOR\n"
         "\tip tcp_metrics delete [ address ] ADDRESS\n"
         "SELECTOR := [ [ address ] PREFIX ]\n")

METRIC_NAMES = {2: "ssthresh", 3: "cwnd", 4: "reordering"}


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


def run(ctx, args):
    """do_tcp_metrics(): the first command the word is a prefix of, in ip's table order."""
    if not args:
        return show(ctx, [])
    word = args[0]
    for name, command in (("list", "list"), ("lst", "list"), ("show", "list"), ("delete", "delete"),
                          ("remove", "delete"), ("flush", "flush")):
        if matches(word, name):
            return show(ctx, args[1:], command)
    if matches(word, "help"):
        usage(ctx)
    ctx.err.write('Command "%s" is unknown, try "ip tcp_metrics help".\n' % word)
    raise Exit(255)


class _Filter:
    def __init__(self, family):
        self.daddr = None   # utils.Prefix, or None (bitlen -1)
        self.saddr = None
        self.family = family


def show(ctx, args, command="list"):
    """tcpm_do_cmd(): command "list", "delete" or "flush"."""
    from pynettools.kernel import tcpmetrics as tm
    from pynettools.kernel.rtnl import TalkError
    from pynettools.tools.ip.utils import get_prefix

    family = ctx.family
    if family not in (AF_UNSPEC, AF_INET, AF_INET6):
        ctx.err.write("Unsupported protocol family: %d\n" % family)
        return 1
    filt = _Filter(family)
    atype = stype = -1
    i = 0
    while i < len(args):
        word = args[i]
        if word in ("src", "source"):
            who = word
            i += 1
            if i >= len(args):
                incomplete_command(ctx)
            word = args[i]
            if matches(word, "help"):
                usage(ctx)
            if filt.saddr is not None:
                duparg2(ctx, who, word)
            filt.saddr = get_prefix(ctx, word, family)
            if filt.saddr.bytelen and filt.saddr.bytelen * 8 == filt.saddr.bitlen:
                stype = {AF_INET: tm.ATTR_SADDR_IPV4, AF_INET6: tm.ATTR_SADDR_IPV6}.get(filt.saddr.family, -1)
            if stype < 0:
                ctx.err.write('Error: a specific IP address is expected rather than "%s"\n' % word)
                return 1
        else:
            who = "address"
            if word in ("addr", "address"):
                who = word
                i += 1
                if i >= len(args):
                    incomplete_command(ctx)
                word = args[i]
            if matches(word, "help"):
                usage(ctx)
            if filt.daddr is not None:
                duparg2(ctx, who, word)
            filt.daddr = get_prefix(ctx, word, family)
            if filt.daddr.bytelen and filt.daddr.bytelen * 8 == filt.daddr.bitlen:
                atype = {AF_INET: tm.ATTR_ADDR_IPV4, AF_INET6: tm.ATTR_ADDR_IPV6}.get(filt.daddr.family, -1)
            if command == "delete" and atype < 0:
                ctx.err.write('Error: a specific IP address is expected rather than "%s"\n' % word)
                return 1
        # tcpm_do_cmd() steps twice per round (the for loop's step and its own
        # argc--/argv++), so the word after each selector is skipped unread
        i += 2

    if command == "delete" and atype < 0:
        from pynettools.tools.ip.utils import missarg

        missarg(ctx, "address")
    if command == "flush" and atype >= 0:
        command = "delete"  # a flush of one exact address is a single delete
    if command == "flush" and _bitlen(filt.daddr) <= 0 and _bitlen(filt.saddr) <= 0 and family == AF_UNSPEC:
        command = "delete-all"  # and of everything, one delete without an address
    try:
        genl_family = tm.family_id(ctx.kernel)
    except TalkError as err:
        ctx.err.write(err.message() + "Error talking to the kernel\n")
        raise Exit(1)
    except tm.GenlError as err:
        ctx.err.write(str(err))
        raise Exit(1)

    if command == "flush":
        return _flush(ctx, filt, genl_family)
    if command in ("delete", "delete-all"):
        from pynettools.kernel import netlink

        attrs = b""
        if atype >= 0:
            attrs = netlink.attribute(atype, filt.daddr.data[:filt.daddr.bytelen])
        if stype >= 0:
            attrs += netlink.attribute(stype, filt.saddr.data[:filt.saddr.bytelen])
        try:
            tm.delete(ctx.kernel, genl_family, attrs)
        except TalkError as err:
            ctx.err.write(err.message())
            return 2
        return 0
    if atype >= 0:
        from pynettools.kernel import netlink

        attrs = netlink.attribute(atype, filt.daddr.data[:filt.daddr.bytelen])
        if stype >= 0:
            attrs += netlink.attribute(stype, filt.saddr.data[:filt.saddr.bytelen])
        try:
            record = tm.get(ctx.kernel, genl_family, attrs)
        except TalkError as err:
            ctx.err.write(err.message())
            return 2
        if record is False:
            ctx.err.write("Dump terminated\n")
            raise Exit(1)
        print_entry(ctx, filt, record)
        return 0

    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.utils import dump_error_text

    try:
        records = tm.dump(ctx.kernel, genl_family)
    except DumpError as err:
        ctx.err.write(dump_error_text(err) + "Dump terminated\n")
        raise Exit(1)
    p = ctx.printer
    p.new_json_obj(ctx.json)
    for record in records:
        if record is False:
            ctx.err.write("Dump terminated\n")
            raise Exit(1)
        print_entry(ctx, filt, record)
    p.delete_json_obj()
    return 0


def _addr(record, v4, v6):
    """(family, address bytes) of the entry's IPv4 or IPv6 attribute, or None."""
    if v4 in record:
        return AF_INET, record[v4]
    if v6 in record:
        return AF_INET6, record[v6]
    return None


def _bitlen(prefix):
    return -1 if prefix is None else prefix.bitlen


def _flush(ctx, filt, genl_family):
    """tcpm_do_cmd()'s flush rounds: dump, delete what the selector takes,
    again until a round deletes nothing.  (ip sends the deletes of a round
    unacknowledged in one buffer and peeks for an error; here each is sent
    with an acknowledgement: the same entries go, and a refusal is seen.)"""
    from pynettools.kernel import netlink
    from pynettools.kernel import tcpmetrics as tm
    from pynettools.kernel.netlink import DumpError
    from pynettools.kernel.rtnl import TalkError
    from pynettools.tools.ip.utils import dump_error_text

    rounds = 0
    while True:
        try:
            records = tm.dump(ctx.kernel, genl_family)
        except DumpError as err:
            ctx.err.write(dump_error_text(err) + "Flush terminated\n")
            raise Exit(1)
        flushed = 0
        for record in records:
            if record is False:
                ctx.err.write("Flush terminated\n")
                raise Exit(1)
            selected = _selected(filt, record)
            if selected is None:
                continue
            (dfamily, draw), saddr = selected
            attrs = netlink.attribute(tm.ATTR_ADDR_IPV4 if dfamily == AF_INET else tm.ATTR_ADDR_IPV6, draw)
            if saddr is not None:
                attrs += netlink.attribute(tm.ATTR_SADDR_IPV4 if saddr[0] == AF_INET else tm.ATTR_SADDR_IPV6,
                                           saddr[1])
            try:
                tm.delete(ctx.kernel, genl_family, attrs)
            except TalkError as err:
                ctx.err.write("Failed to send flush request\n: %s\n" % err.strerror)
                raise Exit(1)
            flushed += 1
            if ctx.stats >= 2:
                _print_selected(ctx, record, selected, deleted=True)
        if not flushed:
            if rounds == 0:
                ctx.err.write("Nothing to flush.\n")
            elif ctx.stats:
                ctx.out.write("*** Flush is complete after %d round%s ***\n" % (rounds, "s" if rounds > 1 else ""))
            return 0
        rounds += 1
        if ctx.stats:
            ctx.out.write("\n*** Round %d, deleting %d entries ***\n" % (rounds, flushed))


def print_entry(ctx, filt, record):
    """process_msg() for one entry of the cache."""
    if record is None:
        return
    selected = _selected(filt, record)
    if selected is not None:
        _print_selected(ctx, record, selected)


def _selected(filt, record):
    """((family, address), (family, source) or None) of an entry the selector
    takes; None for one it leaves out."""
    from pynettools.kernel import tcpmetrics as tm
    from pynettools.tools.ip.utils import prefix_mismatch

    daddr = _addr(record, tm.ATTR_ADDR_IPV4, tm.ATTR_ADDR_IPV6)
    if daddr is None:
        return
    if filt.daddr is not None and filt.daddr.family and filt.daddr.family != daddr[0]:
        return
    if filt.family and filt.daddr is None and filt.family != daddr[0]:
        return
    if len(daddr[1]) != (4 if daddr[0] == AF_INET else 16):  # get_addr_rta() refuses it
        return
    if filt.daddr is not None and filt.daddr.bitlen >= 0 and prefix_mismatch(filt.daddr, daddr[1]):
        return
    saddr = _addr(record, tm.ATTR_SADDR_IPV4, tm.ATTR_SADDR_IPV6)
    if saddr is not None:
        if filt.saddr is not None and filt.saddr.family and filt.saddr.family != saddr[0]:
            return
        if filt.family and filt.saddr is None and filt.family != saddr[0]:
            return
        if len(saddr[1]) != (4 if saddr[0] == AF_INET else 16):
            return
        if filt.saddr is not None and filt.saddr.bitlen >= 0 and prefix_mismatch(filt.saddr, saddr[1]):
            return None
    return daddr, saddr


def _print_selected(ctx, record, selected, deleted=False):
    import struct

    from pynettools.kernel import tcpmetrics as tm
    from pynettools.tools.ip.utils import format_host

    daddr, saddr = selected
    p = ctx.printer
    p.open_json_object()
    if deleted:
        p.bool(PRINT_ANY, "deleted", "Deleted ", True)
    color = COLOR_INET if daddr[0] == AF_INET else COLOR_INET6 if daddr[0] == AF_INET6 else COLOR_NONE
    p.string(PRINT_ANY, "dst", "%s", format_host(ctx, daddr[0], daddr[1]), color)
    if tm.ATTR_AGE in record:
        age = struct.unpack_from("=Q", record[tm.ATTR_AGE])[0] / 1000.0
        p.float(PRINT_ANY, "age", " age %.03fsec", age)
    if tm.ATTR_TW_TS_STAMP in record:
        stamp = struct.unpack_from("=i", record[tm.ATTR_TW_TS_STAMP])[0]
        tsval = struct.unpack_from("=I", record[tm.ATTR_TW_TSVAL])[0] if tm.ATTR_TW_TSVAL in record else 0
        p.string(PRINT_ANY, "tw_ts_stamp", " tw_ts %s ago", "%u/%d" % (tsval, stamp))
    if "vals" in record:
        print_metrics(p, record["vals"])
    if tm.ATTR_FOPEN_MSS in record:
        p.uint(PRINT_ANY, "fopen_miss", " fo_mss %u", struct.unpack_from("=H", record[tm.ATTR_FOPEN_MSS])[0])
    if tm.ATTR_FOPEN_SYN_DROPS in record:
        drops = struct.unpack_from("=H", record[tm.ATTR_FOPEN_SYN_DROPS])[0]
        stamp = struct.unpack_from("=Q", record[tm.ATTR_FOPEN_SYN_DROP_TS])[0] \
            if tm.ATTR_FOPEN_SYN_DROP_TS in record else 0
        p.uint(PRINT_ANY, "fopen_syn_drops", " fo_syn_drops %u", drops)
        p.float(PRINT_ANY, "fopen_syn_drop_ts", "/%.03fusec ago", stamp / 1000000.0)
    if tm.ATTR_FOPEN_COOKIE in record:
        p.string(PRINT_ANY, "fo_cookie", " fo_cookie %s", record[tm.ATTR_FOPEN_COOKIE][:16].hex())
    if saddr is not None:
        p.string(PRINT_ANY, "source", " source %s", format_host(ctx, saddr[0], saddr[1]))
    p.string(PRINT_FP, None, "\n", "")
    p.close_json_object()


def print_metrics(p, vals):
    """print_tcp_metrics(): the counts by name, then rtt and rttvar in microseconds
    (the _US values when the kernel sent them, else the millisecond ones)."""
    rtt = rttvar = 0
    for i in range(7):
        if i not in vals:
            continue
        val = vals[i]
        if i == 0:
            if not rtt:
                rtt = (val * 1000) >> 3
            continue
        if i == 1:
            if not rttvar:
                rttvar = (val * 1000) >> 2
            continue
        if i == 5:
            rtt = val >> 3
            continue
        if i == 6:
            rttvar = val >> 2
            continue
        name = METRIC_NAMES[i]
        p.uint(PRINT_JSON, name, None, val)
        p.string(PRINT_FP, None, " %s ", name)
        p.uint(PRINT_FP, None, "%u", val)
    if rtt:
        p.float(PRINT_JSON, "rtt", None, rtt / 1000000.0)
        p.u64(PRINT_FP, None, " rtt %dus", rtt)
    if rttvar:
        p.float(PRINT_JSON, "rttvar", None, rttvar / 1000000.0)
        p.u64(PRINT_FP, None, " rttvar %dus", rttvar)
