"""ip route's fast path: print_route() for the routes of a big table.

`ip route` with 100,000 routes must take at most three times as long as
iproute2's (tests/bench/ip_bench.py), which decodes and prints a route in
well under a microsecond; print_route() (route.py), a Python function call
per field, takes ten.  Here the same output comes from fewer Python steps
per route, for the routes nearly every table is made of: IPv4 unicast routes
whose attributes are among table, destination, metric, preferred source,
gateway and device, printed as plain text or compact JSON, with a selector
the kernel applied already (route.py's Filter.simple).  Any other message
goes to print_route(), in its turn, so the order of the output is the
dump's.

How (FastRoutes): such a route's attributes all carry 4 bytes, so one
struct per message length reads the rtmsg and every attribute at once;
what lies between the destination and the metric in the output ("via ...
dev ... proto ... scope ... src ...", the "middle") is made once per
distinct value and kept as part of a format string.  Messages laid out
alike that follow each other in a recv() buffer are done as a run: C
slices each field out of the buffer as a column (a stride slice), zips
the columns and formats every line.  Names from /etc/iproute2 may change
when ip reads a name file (utils.RouteNames), so the middles are made in
the order ip meets them and forgotten after such a read.
"""
import struct

from pynettools.kernel import routes as K
from pynettools.tools.ip.route import (AF_INET, RT_SCOPE_UNIVERSE, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT,
                                       ifname, ntop, print_route)
from pynettools.tools.ip.utils import route_names

# The attributes of the routes the fast path prints itself (an IPv4 unicast
# route's table, destination, metric, preferred source, gateway and device,
# each a 4-byte payload); anything else goes through print_route().
_FAST_ATTRS = frozenset((K.RTA_TABLE, K.RTA_DST, K.RTA_PRIORITY, K.RTA_PREFSRC, K.RTA_GATEWAY, K.RTA_OIF))
_FAST_MAX_ATTRS = 8
_RUN_MIN = 8  # routes alike in a row worth printing as a run

# What follows a destination's address: "/LEN", nothing for a host (/32)
_PREFIX_SUFFIX = ["/%u" % n for n in range(32)] + [""] + ["/%u" % n for n in range(33, 256)]


def _agreeing(column, item, count):
    """How many of the first `count` items of `column` (bytes, items of
    len(item) bytes) equal `item` before the first that does not (binary
    search on prefixes: C compares each)."""
    size = len(item)
    want = item * count
    if column[:count * size] == want:
        return count
    good, bad = 1, count  # column[:good] agrees, column[:bad] does not
    while bad - good > 1:
        middle = (good + bad) // 2
        if column[:middle * size] == want[:middle * size]:
            good = middle
        else:
            bad = middle
    return good


class _Layout:
    """Where a message's attributes are: the indexes of their payloads in
    the tuple FastRoutes' struct unpacks (9 + 2 * attribute number; None
    when absent), and the middles made for routes laid out so."""

    __slots__ = ("dst", "prio", "table", "gw", "oif", "src", "key", "middles", "run_middles")

    def __init__(self, found):
        from operator import itemgetter

        self.dst, self.prio, self.table = found.get(K.RTA_DST), found.get(K.RTA_PRIORITY), found.get(K.RTA_TABLE)
        self.gw, self.oif, self.src = found.get(K.RTA_GATEWAY), found[K.RTA_OIF], found.get(K.RTA_PREFSRC)
        # what a middle is made of: rtmsg's table, protocol and scope, then
        # the table, gateway, device and source payloads this layout has
        self.key = itemgetter(3, 4, 5, *[i for i in (self.table, self.gw, self.oif, self.src) if i is not None])
        self.middles = {}      # key (bytes payloads) -> format strings, for route_by_route
        self.run_middles = {}  # key (words) -> format string, for runs


class FastRoutes:
    """print_route() for the common case, at the speed `ip route` needs with
    100,000 routes: plain text or compact JSON of IPv4 unicast routes, with
    a selector the kernel applied already (f.simple).  The same output as
    print_route(), in the same order, from the same names.

    All attributes of such a route carry 4 bytes.  A "layout" (which
    attribute is where, from the tuple of attribute headers) serves every
    message with the same headers; what lies between the destination and
    the metric in the output (via, dev, table, proto, scope, src: the
    "middle") depends on a few bytes many routes share, so it is made once
    per distinct value, as part of a format string, and kept (forgotten
    when ip would have read a name file in between: a name may change).

    Two ways through a buffer: run() looks for runs of messages laid out
    alike (run_of_alike(): C slices their fields out as columns and formats
    them at once), and prints the others one by one (the loop in run());
    print_route() takes any message neither can.
    """

    def __init__(self, ctx, f):
        self.ctx = ctx
        self.f = f
        self.names = route_names(ctx)
        self.js = ctx.printer.is_json
        self.layouts = {}
        # one struct per message length: the rtmsg (family, dst_len, src_len
        # and tos as one u16, table, protocol, scope, type, flags) and each
        # attribute's header (length | type << 16) and 4-byte payload
        self.unpackers = {28 + 8 * n: struct.Struct("=16xBBHBBBBI" + "I4s" * n).unpack_from
                          for n in range(1, _FAST_MAX_ATTRS + 1)}
        self.dump_interrupted = False
        self.generation = self.names.generation

    def layout(self, headers):
        """The _Layout for these attribute headers (length | type << 16), or
        None when a message with them is not for the fast path."""
        found = {}
        for i, header in enumerate(headers):
            kind, size = header >> 16, header & 0xFFFF
            if size != 8 or kind not in _FAST_ATTRS or kind in found:
                return None
            found[kind] = 9 + 2 * i
        if K.RTA_OIF not in found:
            return None
        return _Layout(found)

    def middle(self, lay, table8, proto, scope, table, gw, oif, src):
        """The "via ... dev ... table ... proto ... scope ... src ..." of a
        route (its JSON members with -j), from its values (gw and src as
        4 bytes, None when absent), "%" doubled: a part of format strings."""
        names = self.names
        if table is None:
            table = table8
        dev = ifname(self.ctx, oif)
        show_table = table and table != RT_TABLE_MAIN and not self.f.tb
        if self.js:
            from pynettools.tools.ip.printer import json_quote

            mid = ""
            if gw is not None:
                mid += '"gateway":%s,' % json_quote(ntop(AF_INET, gw))
            mid += '"dev":%s,' % json_quote(dev)
            if show_table:
                mid += '"table":%s,' % json_quote(names.table_n2a(table))
            if proto != RTPROT_BOOT:
                mid += '"protocol":%s,' % json_quote(names.proto_n2a(proto))
            if scope != RT_SCOPE_UNIVERSE:
                mid += '"scope":%s,' % json_quote(names.scope_n2a(scope))
            if src is not None:
                mid += '"prefsrc":%s,' % json_quote(ntop(AF_INET, src))
            return mid.replace("%", "%%")
        mid = ""
        if gw is not None:
            mid += "via %s " % ntop(AF_INET, gw)
        mid += "dev %s " % dev
        if show_table:
            mid += "table %s " % names.table_n2a(table)
        if proto != RTPROT_BOOT:
            mid += "proto %s " % names.proto_n2a(proto)
        if scope != RT_SCOPE_UNIVERSE:
            mid += "scope %s " % names.scope_n2a(scope)
        if src is not None:
            mid += "src %s " % ntop(AF_INET, src)
        return mid.replace("%", "%%")

    def formats(self, lay, mid):
        """(for a prefix, for a host or words, for a run's columns): each
        JSON object with a leading comma (see flush())."""
        if self.js:
            tail = mid + ('"metric":%u,"flags":[]}' if lay.prio is not None else '"flags":[]}')
            return ',{"dst":"%s/%u",' + tail, ',{"dst":"%s",' + tail, ',{"dst":"%d.%d.%d.%d%s",' + tail
        tail = mid + ("metric %u \n" if lay.prio is not None else "\n")
        return "%s/%u " + tail, "%s " + tail, "%d.%d.%d.%d%s " + tail

    def message_formats(self, v, lay):
        """formats() for one unpacked message (route_by_route's middles)."""
        u32 = struct.Struct("=I").unpack
        mid = self.middle(lay, v[3], v[4], v[5],
                          u32(v[lay.table])[0] if lay.table is not None else None,
                          v[lay.gw] if lay.gw is not None else None, u32(v[lay.oif])[0],
                          v[lay.src] if lay.src is not None else None)
        return self.formats(lay, mid)

    def run_of_alike(self, buf, start, lines):
        """The routes from offset `start` on that are laid out alike, at
        once: the number of bytes taken care of, 0 when fewer than _RUN_MIN
        of them follow each other there.

        Messages of one length follow each other at a fixed stride, so one
        field of every message is a slice with that step, and C compares a
        whole column in one go: equal lengths and types prove the stride,
        equal attribute headers and rtmsg fields one layout (the run ends
        where one first differs).  The columns then go through C's zip and
        map: each route's middle (the format string made once per distinct
        value of its key columns) %-formatted with its destination bytes,
        length and metric.
        """
        length, msg_type, flags = K.netlink.NLMSG_HEAD.unpack_from(buf, start)
        unpack = self.unpackers.get(length)
        count = (len(buf) - start) // length
        if msg_type != K.RTM_NEWROUTE or unpack is None or count < _RUN_MIN:
            return 0
        v = unpack(buf, start)
        if not (v[0] == AF_INET and not v[2] and v[6] == RTN_UNICAST and not v[7]):
            return 0
        lay = self.layouts.get(v[8::2], 0)
        if lay == 0:
            lay = self.layouts[v[8::2]] = self.layout(v[8::2])
        if lay is None or lay.dst is None:
            return 0
        words = memoryview(buf)[start:start + count * length].cast("I")
        stride = length // 4
        # the same in every message: nlmsghdr (length, type and flags,
        # sequence, port), rtmsg's flags, every attribute header; then
        # family, src_len, tos and type (not dst_len, table, proto, scope)
        for w in [0, 1, 2, 3, 6] + list(range(7, stride, 2)):
            count = _agreeing(words[w:count * stride:stride].tobytes(), words[w:w + 1].tobytes(), count)
            if count < _RUN_MIN:
                return 0
        for at in (16, 18, 19, 23):
            count = _agreeing(buf[start + at:start + count * length:length], buf[start + at:start + at + 1], count)
            if count < _RUN_MIN:
                return 0
        f = self.f
        if f.tb > 0:
            # (the kernel has left out other tables; were it not to, these go one by one)
            if lay.table is not None:
                want = struct.pack("=I", f.tb & 0xFFFFFFFF)
                column = words[lay.table - 1:count * stride:stride].tobytes()
            else:
                want = bytes((f.tb & 0xFF,))
                column = buf[start + 20:start + count * length:length]
            if column != want * count:
                return 0
        if flags & 0x10:  # NLM_F_DUMP_INTR
            self.dump_interrupted = True
        # each route's key: rtmsg's table/proto/scope/type word, and the
        # payloads the middle is made of (as words)
        key_columns = [words[5:count * stride:stride]] + [
            words[i - 1:count * stride:stride] for i in (lay.table, lay.gw, lay.oif, lay.src) if i is not None]
        keys = list(zip(*key_columns))
        middles = lay.run_middles
        unique = dict.fromkeys(keys)  # (in the order they first come)
        if not middles.keys() >= unique.keys():
            # Made in the order ip meets them: a name ip reads a file for
            # may rename others, for the routes after it only.
            for key in unique:
                if key in middles:
                    continue
                made = self.run_format(lay, key)
                if self.names_changed():
                    first = keys.index(key)
                    if first:  # the routes before it keep the names they had
                        middles, count = dict(middles), first
                        self.forget_middles()
                        keys = keys[:count]
                        break
                    self.forget_middles()
                middles[key] = made
        body = count * length
        end = start + body
        at = start + 28 + (lay.dst - 9) * 4 + 4  # the destination's first byte
        columns = [buf[at + n:end:length] for n in range(4)]
        columns.append(map(_PREFIX_SUFFIX.__getitem__, buf[start + 17:end:length]))
        if lay.prio is not None:
            columns.append(words[lay.prio - 1:count * stride:stride])
        from operator import mod

        lines.append("".join(map(mod, map(middles.__getitem__, keys), zip(*columns))))
        return body

    def run_format(self, lay, key):
        """A run's format string for one key (see run_of_alike())."""
        pack = struct.Struct("=I").pack
        word, rest = key[0], list(key[1:])
        table = rest.pop(0) if lay.table is not None else None
        gw = pack(rest.pop(0)) if lay.gw is not None else None
        oif = rest.pop(0)
        src = pack(rest.pop(0)) if lay.src is not None else None
        mid = self.middle(lay, word & 0xFF, (word >> 8) & 0xFF, (word >> 16) & 0xFF, table, gw, oif, src)
        return self.formats(lay, mid)[2]

    def run(self, dump):
        """Every message of the dump: runs of routes alike, the others one by one."""
        ctx, f = self.ctx, self.f
        head = K.netlink.NLMSG_HEAD.unpack_from
        done, newroute = K.netlink.NLMSG_DONE, K.RTM_NEWROUTE
        run_of_alike = self.run_of_alike
        lines = []
        done_code = 0
        extack = None
        for buf in dump.buffers():
            offset = 0
            end = len(buf)
            wait = 0  # routes to print one by one before looking for a run again
            while offset + 16 <= end:
                if not wait:
                    took = run_of_alike(buf, offset, lines)
                    if took:
                        offset += took
                        wait = 1  # (the route after a run differs from it)
                        continue
                    wait = 16
                length, msg_type, flags = head(buf, offset)
                if length < 16:
                    break
                if msg_type == done:
                    done_code = K.netlink.done_error(buf, offset, length)
                    if done_code < 0:
                        extack = K.netlink.done_ext_ack(buf, offset, length)
                    break
                if msg_type == newroute or msg_type == K.RTM_DELROUTE:
                    if flags & 0x10:  # NLM_F_DUMP_INTR
                        dump.interrupted = True
                    wait -= 1
                    if msg_type != newroute or not self.route_by_route(buf, offset, length, lines):
                        # not ours to do quickly: print_route(), in its turn
                        self.flush(lines)
                        print_route(ctx, f, buf, offset, length, msg_type)
                        if self.names_changed():
                            self.forget_middles()
                offset += (length + 3) & ~3
            self.flush(lines)
        if self.dump_interrupted:
            dump.interrupted = True
        if done_code < 0:
            K.netlink.raise_done_error(done_code, extack)

    def route_by_route(self, buf, offset, length, lines):
        """One route (False when it is not for the fast path)."""
        unpack = self.unpackers.get(length)
        if unpack is None:
            return False
        v = unpack(buf, offset)
        # family inet, no source prefix and tos 0, unicast, no flags
        if v[0] != AF_INET or v[2] or v[6] != RTN_UNICAST or v[7]:
            return False
        lay = self.layouts.get(v[8::2], 0)
        if lay == 0:
            lay = self.layouts[v[8::2]] = self.layout(v[8::2])
        if lay is None:
            return False
        want_tb = self.f.tb
        if want_tb > 0 and (v[lay.table] != struct.pack("=I", want_tb & 0xFFFFFFFF) if lay.table is not None
                            else v[3] != want_tb):
            return True  # (the kernel has already left those out)
        key = lay.key(v)
        fmts = lay.middles.get(key)
        if fmts is None:
            fmts = self.message_formats(v, lay)
            if self.names_changed():
                self.forget_middles()
            lay.middles[key] = fmts
        dst_len = v[1]
        prio = struct.unpack("=I", v[lay.prio])[0] if lay.prio is not None else None
        if lay.dst is None:  # no RTA_DST: print_route()'s own words
            dst = ("0/%d " % dst_len) if dst_len else "default"
            lines.append(fmts[1] % ((dst, prio) if prio is not None else dst))
            return True
        import _socket

        dst = _socket.inet_ntoa(v[lay.dst])
        if dst_len != 32:
            lines.append(fmts[0] % ((dst, dst_len, prio) if prio is not None else (dst, dst_len)))
        else:
            lines.append(fmts[1] % ((dst, prio) if prio is not None else dst))
        return True

    def flush(self, lines):
        """Write the lines made so far.  JSON objects were made each with a
        leading comma: the first in the array loses it."""
        if lines:
            text = "".join(lines)
            del lines[:]
            if self.js:
                jw = self.ctx.printer.jw
                if not jw.sep:
                    text = text[1:]
                jw.sep = ","
            self.ctx.out.write(text)

    def names_changed(self):
        """Whether ip would have read a name file since the middles were
        made (print_route() or middle() may have): names may differ now
        (see utils.RouteNames)."""
        return self.names.generation != self.generation

    def forget_middles(self):
        for lay in self.layouts.values():
            if lay is not None:
                lay.middles.clear()
                lay.run_middles.clear()
        self.generation = self.names.generation
