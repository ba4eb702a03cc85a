"""ip neigh flush: ipneigh.c do_show_or_flush(..., 1).

The selectors are ip neigh show's (neigh.parse_filter), but a flush needs
at least one word ("Flush requires arguments.") and by default leaves
PERMANENT and NOARP entries alone (`nud permanent` flushes those too).
Then up to 10 rounds (MAX_ROUNDS; -loops does not count here), each:
  1. one neighbour dump, as show's (device, master and proxy asked of the
     kernel);
  2. print_neigh()'s tests (neigh.keep()), on RTM_NEWNEIGH messages only;
  3. each entry kept sent back as RTM_DELNEIGH (the dumped message itself,
     type changed) in ip's 3584-byte batches; the batch's first refusal
     prints "Failed to send flush request: ..." and ends ip with exit(1)
     (ending a -batch too);
  4. none kept: done.  With -s, "*** Round N, deleting N entries ***" after
     each round and "*** Flush is complete after N round(s) ***" (or
     "Nothing to flush.") at the end.  FAILED entries count only in the
     first round (the kernel keeps some a while after their deletion).
After 10 rounds: "*** Flush not complete bailing out after 10 rounds" on
standard output, exit status 255 (the C code's 1, negated).

ip sends each batch without asking for acknowledgements and peeks at the
first error; here each request is acknowledged.  ip deletes as it reads the
dump; here each round's dump is read whole first.  With -s -s each entry is
also printed as it is chosen, as ip neigh show prints it.
"""
import os

from pynettools.tools.ip.utils import Exit, flush_batches

RTM_NEWNEIGH, RTM_DELNEIGH = 28, 29
NUD_FAILED = 0x20
MAX_ROUNDS = 10


def flush(ctx, words):
    from pynettools.tools.ip.neigh import parse_filter

    if not words:
        ctx.err.write("Flush requires arguments.\n")
        return 1
    filt = parse_filter(ctx, words, flush=True)
    if filt is None:
        return 1
    for rounds in range(MAX_ROUNDS):
        doomed = _selected(ctx, filt)
        if not doomed:
            if ctx.stats:
                if rounds == 0:
                    ctx.out.write("Nothing to flush.\n")
                else:
                    ctx.out.write("*** Flush is complete after %d round%s ***\n"
                                  % (rounds, "s" if rounds > 1 else ""))
            return 0
        _delete(ctx, doomed)
        if ctx.stats:
            ctx.out.write("\n*** Round %d, deleting %d entries ***\n" % (rounds + 1, len(doomed)))
        filt.state &= ~NUD_FAILED
    ctx.out.write("*** Flush not complete bailing out after %d rounds\n" % MAX_ROUNDS)
    return 255


def _selected(ctx, filt):
    """One dump: the bodies of the entries print_neigh() would flush."""
    from pynettools.kernel import neighbours
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.neigh import keep

    try:
        messages = neighbours.dump_messages(ctx.kernel, filt.family, filt.ndm_flags, filt.index, filt.master)
    except DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        ctx.err.write(dump_error_text(err) + "Flush terminated\n")
        raise Exit(1)
    doomed = []
    for buf, offset, length in messages:
        msg_type, msg_flags = _head(buf, offset)
        if msg_type != RTM_NEWNEIGH:
            continue
        record = neighbours.decode_message(buf, offset, length, msg_type, msg_flags)
        if keep(filt, record):
            doomed.append(bytes(buf[offset + 16:offset + length]))
            if ctx.stats > 1:
                from pynettools.tools.ip.neigh import print_neigh

                print_neigh(ctx, filt, record)
    return doomed


def _head(buf, offset):
    import struct

    return struct.unpack_from("=HH", buf, offset + 4)


def _delete(ctx, doomed):
    """flush_update() per batch (mid-dump in ip, then "Flush terminated")."""
    batches = flush_batches(doomed, header=16)
    for number, batch in enumerate(batches, 1):
        _flush_update(ctx, batch, "" if number == len(batches) else "Flush terminated\n")


def _flush_update(ctx, batch, then):
    from pynettools.kernel import rtnl

    first = None
    for body in batch:
        try:
            rtnl.change(ctx.kernel, RTM_DELNEIGH, body, "neigh delete (flush)")
        except rtnl.TalkError as err:
            first = first or err
    if first is not None:
        ctx.err.write("Failed to send flush request: %s\n%s" % (os.strerror(first.errno), then))
        raise Exit(1)
