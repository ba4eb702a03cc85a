"""ip address flush: ipaddress.c ipaddr_list_flush_or_save(IPADD_FLUSH) and ipaddr_flush().

The selectors are ip address show's (address.parse_selectors), but a flush
needs at least one word ("Flush requires arguments.") and no -0.  Then up
to -loops rounds (10 by default, 0: no limit), each:
  1. one address dump (of the family and device asked for);
  2. print_addrinfo()'s tests in its order: device, scope, flags, family,
     label (fnmatch over the label, or the device's name), prefix; `up`,
     `group`, `master` and `type` narrow a listing, never a flush;
  3. each address kept is sent back as RTM_DELADDR (the dumped message
     itself, type changed), a batch of them at a time; an address already
     gone (EADDRNOTAVAIL: deleting an IPv4 primary takes its secondaries
     with it) is no error; any other refusal prints "Failed to send flush
     request: ..." and exit status 255;
  4. none kept: done.  With -s, "*** Round N, deleting N addresses ***"
     after each round and "*** Flush is complete after N round(s) ***" (or
     "Nothing to flush." when the first round found none) at the end.
A flush of primaries only (`primary`) stops after one round, so the
secondaries promoted in its place stay.  After -loops rounds with addresses
still there: "*** Flush remains incomplete after N rounds. ***", exit 255.

ip sends each batch of deletions without asking for acknowledgements and
then peeks at the first error; here each request is acknowledged (the
kernel does the same deletions; the first refusal is the one reported).
ip deletes as it reads the dump; here each round's dump is read whole first
(the same for any table that fits one dump message of the kernel's).
With -s -s each address is also printed as it is chosen, after its index
and device ("3: veth0    inet ..."), as print_addrinfo() does when flushing.
"""
import errno

from pynettools.tools.ip.utils import Exit, flush_batches

AF_PACKET = 17
RTM_NEWADDR, RTM_DELADDR = 20, 21
IFA_F_SECONDARY = 0x01


def flush(ctx, words):
    """0; 1 for the checks before the dump (the C code's -1); 255 when a
    round fails or the rounds run out (ipaddr_flush()'s 1, negated)."""
    from pynettools.tools.ip.address import Filter, LinkMap, parse_selectors

    filt = Filter(ctx.oneline)
    filt.family = ctx.family
    if not words:
        ctx.err.write("Flush requires arguments.\n")
        return 1
    if filt.family == AF_PACKET:
        ctx.err.write("Cannot flush link addresses.\n")
        return 1
    llmap = ctx.llmap = LinkMap(ctx)
    dev = parse_selectors(ctx, words, filt, False)
    if dev is not None:
        filt.ifindex = llmap.name_to_index(dev)
        if filt.ifindex <= 0:
            ctx.err.write('Device "%s" does not exist.\n' % dev)
            return 1
    return _rounds(ctx, filt, llmap)


def _rounds(ctx, filt, llmap):
    rounds = 0
    while ctx.loops == 0 or rounds < ctx.loops:
        doomed = _selected(ctx, filt, llmap)
        if not doomed:
            return _done(ctx, rounds)
        rounds += 1
        if not _delete(ctx, doomed):
            return 255  # ipaddr_flush()'s 1, negated by do_cmd(): exit(-1)
        if ctx.stats:
            ctx.out.write("\n*** Round %d, deleting %d addresses ***\n" % (rounds, len(doomed)))
        if not filt.flags & IFA_F_SECONDARY and filt.flagmask & IFA_F_SECONDARY:
            return _done(ctx, rounds)
    ctx.err.write("*** Flush remains incomplete after %d rounds. ***\n" % ctx.loops)
    return 255


def _done(ctx, rounds):
    if ctx.stats:
        if rounds == 0:
            ctx.out.write("Nothing to flush.\n")
        else:
            ctx.out.write("*** Flush is complete after %d round%s ***\n" % (rounds, "s" if rounds > 1 else ""))
    return 0


def _selected(ctx, filt, llmap):
    """One dump: the bodies of the messages print_addrinfo() would flush (a
    failed dump: "Flush terminated" and exit(1), ending a -batch too)."""
    from pynettools.kernel import addresses
    from pynettools.kernel.netlink import DumpError
    from pynettools.tools.ip.address import _label_matches, _prefix_mismatch

    try:
        messages = addresses.dump_messages(ctx.kernel, filt.family, filt.ifindex)
    except DumpError as err:
        from pynettools.tools.ip.utils import dump_error_text

        ctx.err.write(dump_error_text(err) + "Flush terminated\n")
        raise Exit(1)
    doomed = []
    shown = None
    if ctx.stats > 1:
        import copy

        shown = copy.copy(filt)
        shown.oneline = 1  # print_addrinfo()'s "N: dev" prefix, as with filter.flushb
    for buf, offset, length in messages:
        addr = addresses.decode(buf, offset, length)
        if addr.deleted:
            continue
        if filt.ifindex and filt.ifindex != addr.index:
            continue
        if (filt.scope ^ addr.scope) & filt.scopemask:
            continue
        if (filt.flags ^ addr.flags) & filt.flagmask:
            continue
        if filt.family and filt.family != addr.family:
            continue
        if filt.label is not None and not _label_matches(filt.label, addr, llmap):
            continue
        if _prefix_mismatch(filt.pfx, addr.local):
            continue
        doomed.append(bytes(buf[offset + 16:offset + length]))
        if shown is not None:
            from pynettools.tools.ip.address import print_addrinfo

            print_addrinfo(ctx, addr, shown, llmap)
    return doomed


def _delete(ctx, doomed):
    """The round's deletions in ip's batches (as many messages as fill its
    3584-byte buffer): False after perror()'s line; for a batch sent while
    the dump was still being read, "Flush terminated" and exit(1)."""
    batches = flush_batches(doomed, header=16)
    for batch in batches[:-1]:
        if not _flush_update(ctx, batch):
            ctx.err.write("Flush terminated\n")
            raise Exit(1)
    return _flush_update(ctx, batches[-1]) if batches else True


def _flush_update(ctx, batch):
    """flush_update(): True unless the batch's first refusal is not EADDRNOTAVAIL."""
    from pynettools.kernel import rtnl

    first = None
    for body in batch:
        try:
            rtnl.change(ctx.kernel, RTM_DELADDR, body, "address delete (flush)")
        except rtnl.TalkError as err:
            first = first or err
    if first is not None and first.errno != errno.EADDRNOTAVAIL:
        import os

        ctx.err.write("Failed to send flush request: %s\n" % os.strerror(first.errno))
        return False
    return True
