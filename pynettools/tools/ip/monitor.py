"""ip monitor: iproute2 6.1's ip/ipmonitor.c.

The order of work of do_ipmonitor():
  1. the words: objects (link, address, route, mroute, prefix, neigh,
     netconf, rule, nsid, nexthop, stats), `label` and `all` (a "[LINK]"
     banner before each message), `all-nsid`, `dev DEVICE`, `file FILE`;
  2. the filters every printer shares are reset as `ip monitor` wants them
     (ipaddr_reset_filter(1, ifindex): one-line addresses "3: veth0    inet
     ...", no qlen; the route, mroute, neigh and netconf filters keep only
     the device);
  3. the multicast groups of the objects (all of them when none is named),
     narrowed by -4/-6 (-M for MPLS);
  4. `file FILE`: the messages of an rtmon file (rtnl_from_file), else one
     rtnetlink socket bound to the groups (nexthop's and stats' groups are
     above 32: NETLINK_ADD_MEMBERSHIP), NETLINK_LISTEN_ALL_NSID for
     all-nsid, ll_init_map() (a link dump for names), and every message
     as it comes: accept_msg() prints the headers (the -t timestamp,
     "[nsid N]", the banner), then hands the message to its object's own
     printer, as `ip OBJECT show` prints it ("Deleted " for RTM_DEL*).

Each printer of the C tool ends with fflush(): output reaches a pipe one
event at a time (`ip monitor | grep` sees each line at once); so here.
The listen goes through the seam (kernel/seam.py netlink_listen): recorded
and replayed; it ends only by a signal (SIGINT, SIGTERM: ip dies by it) or a
closed pipe (SIGPIPE).
"""
import struct

from pynettools.tools.ip.utils import Exit, invarg, matches

AF_UNSPEC, AF_INET, AF_INET6, AF_MPLS = 0, 2, 10, 28

USAGE = """\
Usage: ip monitor [ all | OBJECTS ] [ FILE ] [ label ] [ all-nsid ]
                  [ dev DEVICE ]
OBJECTS :=  address | link | mroute | neigh | netconf |
            nexthop | nsid | prefix | route | rule | stats
FILE := file FILENAME
"""

# rtnetlink's multicast groups (linux/rtnetlink.h enum rtnetlink_groups)
RTNLGRP_LINK, RTNLGRP_NEIGH = 1, 3
RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_MROUTE, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV4_RULE = 5, 6, 7, 8
RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_MROUTE, RTNLGRP_IPV6_ROUTE = 9, 10, 11
RTNLGRP_IPV6_PREFIX, RTNLGRP_IPV6_RULE = 18, 19
RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF, RTNLGRP_MPLS_ROUTE, RTNLGRP_NSID, RTNLGRP_MPLS_NETCONF = 24, 25, 27, 28, 29
RTNLGRP_NEXTHOP, RTNLGRP_STATS = 32, 36

# the objects' bits (IPMON_L*), in the order the words are tried
OBJECT_WORDS = (("link", "matches"), ("address", "matches"), ("route", "matches"), ("mroute", "matches"),
                ("prefix", "matches"), ("neigh", "matches"), ("netconf", "matches"), ("rule", "matches"),
                ("nsid", "matches"), ("nexthop", "matches"), ("stats", "exact"))

# message types (linux/rtnetlink.h, linux/netlink.h; NLMSG_TSTAMP is libnetlink's own, rtmon writes it)
NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_TSTAMP = 1, 2, 3, 15
RTM_NEWLINK, RTM_DELLINK, RTM_NEWADDR, RTM_DELADDR = 16, 17, 20, 21
RTM_NEWROUTE, RTM_DELROUTE, RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH = 24, 25, 28, 29, 30
RTM_NEWRULE, RTM_DELRULE, RTM_NEWPREFIX = 32, 33, 52
RTM_NEWADDRLABEL, RTM_DELADDRLABEL, RTM_NEWNETCONF, RTM_DELNETCONF = 72, 73, 80, 81
RTM_NEWNSID, RTM_DELNSID, RTM_NEWSTATS = 88, 89, 92
RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTM_NEWNEXTHOPBUCKET, RTM_DELNEXTHOPBUCKET = 104, 105, 116, 117
RTM_F_CLONED = 0x200
RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR = 128, 129
_NLMSG_HDR = struct.Struct("=IHHII")


def usage(ctx):
    ctx.err.write(USAGE)
    raise Exit(255)


class Options:
    """do_ipmonitor()'s words."""

    def __init__(self):
        self.objects = set()
        self.banner = False
        self.all_nsid = False
        self.file = None
        self.ifindex = 0


def parse(ctx, args):
    from pynettools.tools.ip.utils import ifindex as ll_name_to_index

    opts = Options()
    i = 0
    while i < len(args):
        word = args[i]
        if matches(word, "file"):
            i += 1
            if i >= len(args):
                _incomplete(ctx)
            opts.file = args[i]
        elif matches(word, "label"):
            opts.banner = True
        elif _object_word(word, opts):
            pass
        elif word == "all":
            opts.banner = True
        elif matches(word, "all-nsid"):
            opts.all_nsid = True
        elif matches(word, "help"):
            usage(ctx)
        elif word == "dev":
            i += 1
            if i >= len(args):
                _incomplete(ctx)
            opts.ifindex = ll_name_to_index(ctx, args[i])
            if not opts.ifindex:
                invarg(ctx, "Device does not exist\n", args[i])
        else:
            ctx.err.write('Argument "%s" is unknown, try "ip monitor help".\n' % word)
            raise Exit(255)
        i += 1
    return opts


def _incomplete(ctx):
    from pynettools.tools.ip.utils import incomplete_command

    incomplete_command(ctx)


def _object_word(word, opts):
    for name, how in OBJECT_WORDS:
        if (word == name) if how == "exact" else matches(word, name):
            opts.objects.add(name)
            return True
    return False


def groups_for(objects, family):
    """The bind() mask and the groups joined afterwards (above 32) for the objects."""
    def fam(*wanted):
        return not family or family in wanted

    mask = 0
    wanted = []
    if "link" in objects:
        wanted.append(RTNLGRP_LINK)
    if "address" in objects:
        wanted += [g for g, f in ((RTNLGRP_IPV4_IFADDR, AF_INET), (RTNLGRP_IPV6_IFADDR, AF_INET6)) if fam(f)]
    if "route" in objects:
        wanted += [g for g, f in ((RTNLGRP_IPV4_ROUTE, AF_INET), (RTNLGRP_IPV6_ROUTE, AF_INET6),
                                  (RTNLGRP_MPLS_ROUTE, AF_MPLS)) if fam(f)]
    if "mroute" in objects:
        wanted += [g for g, f in ((RTNLGRP_IPV4_MROUTE, AF_INET), (RTNLGRP_IPV6_MROUTE, AF_INET6)) if fam(f)]
    if "prefix" in objects and fam(AF_INET6):
        wanted.append(RTNLGRP_IPV6_PREFIX)
    if "neigh" in objects:
        wanted.append(RTNLGRP_NEIGH)
    if "netconf" in objects:
        wanted += [g for g, f in ((RTNLGRP_IPV4_NETCONF, AF_INET), (RTNLGRP_IPV6_NETCONF, AF_INET6),
                                  (RTNLGRP_MPLS_NETCONF, AF_MPLS)) if fam(f)]
    if "rule" in objects:
        wanted += [g for g, f in ((RTNLGRP_IPV4_RULE, AF_INET), (RTNLGRP_IPV6_RULE, AF_INET6)) if fam(f)]
    if "nsid" in objects:
        wanted.append(RTNLGRP_NSID)
    for group in wanted:
        mask |= 1 << (group - 1)  # nl_mgrp()
    added = []
    if "nexthop" in objects:
        added.append(RTNLGRP_NEXTHOP)
    if "stats" in objects:
        added.append(RTNLGRP_STATS)
    return mask, added


def run(ctx, args):
    """do_ipmonitor()."""
    opts = parse(ctx, args)
    named = set(opts.objects)
    objects = named or {name for name, _how in OBJECT_WORDS}
    mon = Monitor(ctx, opts)
    if opts.file is not None:
        return mon.from_file(opts.file)
    mask, added = groups_for(objects, ctx.family)
    return mon.listen(mask, added, named)


class Monitor:
    """accept_msg() and what it needs: the reset filters, the name caches."""

    def __init__(self, ctx, opts):
        from pynettools.tools.ip import address, neigh, route

        self.ctx = ctx
        self.opts = opts
        # ipaddr_reset_filter(1, ifindex): one-line addresses, no qlen
        self.addr_filter = address.Filter(1)
        self.addr_filter.showqueue = 0
        self.addr_filter.ifindex = opts.ifindex
        self.llmap = ctx.llmap = address.LinkMap(ctx)
        # iproute_reset_filter(ifindex)
        self.route_filter = route.Filter()
        if opts.ifindex:
            self.route_filter.oif = opts.ifindex
            self.route_filter.oifmask = -1
        self.route_filter.finish()
        # ipneigh_reset_filter(ifindex)
        self.neigh_filter = neigh.Filter(0, opts.ifindex)
        self.nsid_names = None
        self._handlers = {
            RTM_NEWROUTE: self._route, RTM_DELROUTE: self._route,
            RTM_NEWNEXTHOP: self._nexthop, RTM_DELNEXTHOP: self._nexthop,
            RTM_NEWNEXTHOPBUCKET: self._bucket, RTM_DELNEXTHOPBUCKET: self._bucket,
            RTM_NEWLINK: self._link, RTM_DELLINK: self._link,
            RTM_NEWADDR: self._addr, RTM_DELADDR: self._addr,
            RTM_NEWADDRLABEL: self._addrlabel, RTM_DELADDRLABEL: self._addrlabel,
            RTM_NEWNEIGH: self._neigh, RTM_DELNEIGH: self._neigh, RTM_GETNEIGH: self._neigh,
            RTM_NEWPREFIX: self._prefix,
            RTM_NEWRULE: self._rule, RTM_DELRULE: self._rule,
            NLMSG_TSTAMP: self._tstamp,
            RTM_NEWNETCONF: self._netconf, RTM_DELNETCONF: self._netconf,
            RTM_NEWNSID: self._nsid, RTM_DELNSID: self._nsid,
            RTM_NEWSTATS: self._stats,
        }

    # ---- the sources of messages ----------------------------------------------------------

    def listen(self, mask, added, named):
        from pynettools.kernel import links, netlink

        ctx = self.ctx
        buffers = ctx.kernel.netlink_listen(0, mask, "rtnetlink events", add_groups=tuple(added),
                                            all_nsid=self.opts.all_nsid)
        # ll_init_map(): every device's name, before the first event
        try:
            for link in links.dump(ctx.kernel, 0):
                self.llmap.remember(link)
        except netlink.DumpError:
            pass
        self._share_names()
        self._nsid_names()
        started = False
        try:
            for buf in buffers:
                started = True
                nsid = None
                if self.opts.all_nsid:
                    nsid = struct.unpack_from("=i", buf)[0]
                    buf = buf[4:]
                status = self._walk(buf, nsid)
                if status:
                    return status
        except OSError as err:
            return self._listen_error(err, started, added, named)
        return 0

    def _listen_error(self, err, started, added, named):
        """A refused setsockopt (before anything was read: the seam joins the
        groups when the listen starts), or recvmsg()'s error."""
        ctx = self.ctx
        if not started:
            if RTNLGRP_NEXTHOP in added:
                ctx.err.write("Failed to add nexthop group to list\n")
                return 1
            if RTNLGRP_STATS in added and "stats" in named:
                ctx.err.write("Failed to add stats group to list\n")
                return 1
            if self.opts.all_nsid:
                ctx.err.write("NETLINK_LISTEN_ALL_NSID: %s\n" % err.strerror)
                return 1
        ctx.err.write("netlink receive error %s (%d)\n" % (err.strerror, err.errno))
        return 2

    def _walk(self, buf, nsid):
        """rtnl_listen()'s loop over one recvmsg() buffer."""
        ctx = self.ctx
        offset = 0
        status = len(buf)
        while status >= 16:
            length = _NLMSG_HDR.unpack_from(buf, offset)[0]
            if length < 16 or length > status:
                ctx.err.write("!!!malformed message: len=%d\n" % length)
                ctx.out.flush()
                raise Exit(1)
            if self.accept(buf, offset, length, nsid) < 0:
                return 2  # rtnl_listen() < 0: exit(2)
            aligned = (length + 3) & ~3
            status -= aligned
            offset += aligned
        if status > 0:
            ctx.err.write("!!!Remnant of size %d\n" % status)
            ctx.out.flush()
            raise Exit(1)
        return 0

    def from_file(self, path):
        """rtnl_from_file(): whole messages one after another; -1 (exit 1) on a short one."""
        ctx = self.ctx
        try:
            f = open(path, "rb")
        except IsADirectoryError as err:  # fopen() opens a directory; its fread() fails
            ctx.err.write("rtnl_from_file: fread: %s\n" % err.strerror)
            return 1
        except OSError as err:
            ctx.err.write("Cannot fopen: %s\n" % err.strerror)
            raise Exit(255)
        with f:
            data = f.read()
        self._share_names()
        at = 0
        while True:
            if at == len(data):
                return 0
            if len(data) - at < 16:
                ctx.err.write("rtnl-from_file: truncated message\n")
                return 1
            length = _NLMSG_HDR.unpack_from(data, at)[0]
            if length < 16 or length > 16384:
                ctx.err.write("!!!malformed message: len=%d @%d\n" % (length, at + 16))
                return 1
            aligned = (length - 16 + 3) & ~3
            if len(data) - at - 16 < aligned:
                ctx.err.write("rtnl-from_file: truncated message\n")
                return 1
            message = data[at:at + 16 + aligned]
            at += 16 + aligned
            if self.accept(message, 0, length, None, from_file=True) < 0:
                return 1

    # ---- accept_msg() ---------------------------------------------------------------------

    def accept(self, buf, offset, length, nsid, from_file=False):
        """accept_msg(): <0 stops the listen."""
        ctx = self.ctx
        _len, msg_type, flags, _seq, _pid = _NLMSG_HDR.unpack_from(buf, offset)
        handler = self._handlers.get(msg_type)
        if handler is None:
            if msg_type not in (NLMSG_ERROR, NLMSG_NOOP, NLMSG_DONE):
                ctx.out.flush()
                ctx.err.write("Unknown message: type=0x%08x(%d) flags=0x%08x(%d) len=0x%08x(%d)\n"
                              % (msg_type, msg_type, flags, flags, length, length))
            return 0
        self.nsid = nsid
        self.from_file = from_file
        status = handler(buf, offset, length, msg_type, flags)
        if status is False:
            # the printer's filter left it out: it returned before its
            # fflush(), so the headers wait in stdio's buffer (and die with
            # ip when a signal ends it)
            return 0
        ctx.out.flush()  # each printer's fflush()
        return status or 0

    def headers(self, label):
        """print_headers(): the timestamp, [nsid N], the banner."""
        ctx = self.ctx
        out = ctx.out
        if ctx.timestamp:
            print_timestamp(ctx)
        if self.opts.all_nsid:
            if self.nsid is None or self.nsid < 0:
                out.write("[nsid current]")
            else:
                out.write("[nsid %d]" % self.nsid)
        if self.opts.banner:
            out.write(label)

    def _route(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import routes

        if length < 28:
            self.ctx.out.flush()
            self.ctx.err.write("BUG: wrong nlmsg len %d\n" % (length - 28))
            return -1
        family = buf[offset + 16]
        rflags = routes.RTMSG.unpack_from(buf, offset + 16)[8]
        if rflags & RTM_F_CLONED:
            return 0
        if family in (RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR):
            from pynettools.kernel import mroutes
            from pynettools.tools.ip.mroute import print_mroute

            self.headers("[MROUTE]")
            # ipmroute_reset_filter(ifindex): only the incoming device
            record = mroutes.decode(buf, offset, length)
            print_mroute(self.ctx, record, 0, 0, self.opts.ifindex, None, None)
            return not (self.opts.ifindex and record["iif"] != self.opts.ifindex) and 0
        from pynettools.tools.ip.route import print_route

        self.headers("[ROUTE]")
        print_route(self.ctx, self.route_filter, buf, offset, length, msg_type)
        if self.opts.ifindex and _route_oif(buf, offset, length) != self.opts.ifindex:
            return False  # filter_nlmsg()'s oif test, the only one `dev` sets
        return 0

    def _nexthop(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import nexthops
        from pynettools.tools.ip.nexthop import print_nexthop

        self.headers("[NEXTHOP]")
        print_nexthop(self.ctx, nexthops.decode(buf, offset, length))
        return 0

    def _bucket(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import nexthops
        from pynettools.tools.ip.nexthop import print_bucket

        self.headers("[NEXTHOPBUCKET]")
        print_bucket(self.ctx, nexthops.decode_bucket(buf, offset, length))
        return 0

    def _link(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import links
        from pynettools.tools.ip.link import print_linkinfo

        link = links.decode(buf, offset, length)
        self._remember(link)  # ll_remember_index()
        self.headers("[LINK]")
        if print_linkinfo(self.ctx, link, self.addr_filter, self.llmap, False) < 0:
            return False
        return 0

    def _remember(self, link):
        """ll_remember_index(): a new device is cached, a deleted one forgotten.
        A device already cached keeps the name it was cached with (6.1 moves
        the entry in its name hash but never copies the new name), so after
        `ip link set d1 name d2` the other objects' messages still say d1."""
        if link.deleted:
            self.llmap.by_index.pop(link.index, None)
            return
        known = self.llmap.by_index.get(link.index)
        if known is None:
            self.llmap.remember(link)
        elif link.name is not None:
            self.llmap.by_index[link.index] = (known[0], link.flags)

    def _addr(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import addresses
        from pynettools.tools.ip.address import print_addrinfo

        self.headers("[ADDR]")
        addr = addresses.decode(buf, offset, length)
        print_addrinfo(self.ctx, addr, self.addr_filter, self.llmap)
        if self.opts.ifindex and addr.index != self.opts.ifindex:  # print_addrinfo()'s only filter here
            return False
        return 0

    def _addrlabel(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import addrlabels
        from pynettools.tools.ip.addrlabel import print_addrlabel

        self.headers("[ADDRLABEL]")
        print_addrlabel(self.ctx, addrlabels.decode(buf, offset, length))
        return 0

    def _neigh(self, buf, offset, length, msg_type, flags):
        from pynettools.kernel import neighbours
        from pynettools.tools.ip import neigh

        if self.ctx.family and buf[offset + 16] != self.ctx.family:
            return 0
        self.headers("[NEIGH]")
        if length < 28:
            self.ctx.out.flush()
            self.ctx.err.write("BUG: wrong nlmsg len %d\n" % (length - 28))
            return -1
        record = neighbours.decode_message(buf, offset, length, msg_type, flags)
        if not neigh.keep(self.neigh_filter, record):
            return False
        neigh.print_neigh(self.ctx, self.neigh_filter, record)
        return 0

    def _prefix(self, buf, offset, length, msg_type, _flags):
        self.headers("[PREFIX]")
        return print_prefix(self.ctx, buf, offset, length, msg_type, self.llmap)

    def _rule(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import rules
        from pynettools.tools.ip import rule

        self.headers("[RULE]")
        _type, header, attrs = rules.decode(buf, offset, length)
        if not rule.keep(self.ctx, rule.Filter(), header, attrs):
            return False
        rule.print_rule(self.ctx, msg_type, header, attrs)
        return 0

    def _tstamp(self, buf, offset, length, msg_type, _flags):
        """print_nlmsg_timestamp(): rtmon's stamp, seconds and microseconds."""
        import time

        secs, usecs = struct.unpack_from("=II", buf[offset + 16:offset + 24].ljust(8, b"\0"))
        text = time.asctime(time.localtime(secs))
        self.ctx.out.write("Timestamp: %s %u us\n" % (text, usecs))
        return 0

    def _netconf(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import netconf
        from pynettools.tools.ip.netconf import print_netconf

        self.headers("[NETCONF]")
        # ipnetconf_reset_filter(ifindex): every family, the device only
        record = netconf.decode(buf, offset, length)
        print_netconf(self.ctx, record, 0, self.opts.ifindex)
        if self.opts.ifindex and record[2].get(netconf.NETCONFA_IFINDEX, 0) != self.opts.ifindex:
            return False
        return 0

    def _nsid(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import nsid
        from pynettools.tools.ip.netns import print_nsid

        self.headers("[NSID]")
        print_nsid(self.ctx, self._nsid_names(), nsid.decode(buf, offset, length))
        return 0

    def _stats(self, buf, offset, length, msg_type, _flags):
        from pynettools.kernel import linkstats
        from pynettools.tools.ip import stats

        self.headers("[STATS]")
        # ipstats_print(): the hw_stats_info suite alone
        stats.process(self.ctx, linkstats.decode(buf, offset, length),
                      [("offload/hw_stats_info", ("offload", "hw_stats_info"))])
        return 0

    # ---- the name caches ------------------------------------------------------------------

    def _share_names(self):
        """ip has one device cache (ll_map); the address and link printers
        read ours through the LinkMap, the others through ctx.names: both
        see the same names, updated by each link message."""
        self.ctx.names._ifnames = _CacheView(self.llmap)

    def _nsid_names(self):
        """netns_map_init(): the names of /var/run/netns by their ids, once."""
        if self.nsid_names is None:
            from pynettools.tools.ip import netns

            self.nsid_names = netns.NsidNames(self.ctx)
            self.nsid_names.map_init()
        return self.nsid_names


def _route_oif(buf, offset, length):
    """A route message's RTA_OIF (0 without one)."""
    from pynettools.kernel import routes

    at = routes.attribute_offsets(buf, offset + 28, offset + length).get(routes.RTA_OIF)
    return struct.unpack_from("=I", buf, at)[0] if at is not None else 0


class _CacheView(dict):
    """ctx.names' {ifindex: name} view of the monitor's LinkMap: a name not
    cached is asked of the kernel (ll_index_to_name()'s ll_link_get())."""

    def __init__(self, llmap):
        dict.__init__(self)
        self.llmap = llmap

    def get(self, index, default=None):
        if index not in self.llmap.by_index:
            self.llmap.index_to_name(index)
        known = self.llmap.by_index.get(index)
        return known[0] if known is not None else default

    def items(self):
        return [(index, known[0]) for index, known in self.llmap.by_index.items()]


def print_timestamp(ctx):
    """lib/utils.c print_timestamp(): gettimeofday() in local time, long or -ts short."""
    import time

    now = ctx.kernel.time()
    secs = int(now)
    usec = int((now - secs) * 1000000)
    tm = time.localtime(secs)
    if ctx.timestamp_short:
        ctx.out.write("[%s.%06d] " % (time.strftime("%Y-%m-%dT%H:%M:%S", tm), usec))
    else:
        ctx.out.write("Timestamp: %s %d usec\n" % (time.asctime(tm), usec))


# ---- ipprefix.c print_prefix() ------------------------------------------------------------

_PREFIXMSG = struct.Struct("=BxxxiBBBx")  # family, ifindex, type, len, flags
ND_OPT_PREFIX_INFORMATION = 3
PREFIX_ADDRESS, PREFIX_CACHEINFO = 1, 2
IF_PREFIX_ONLINK, IF_PREFIX_AUTOCONF = 0x01, 0x02


def print_prefix(ctx, buf, offset, length, msg_type, llmap):
    """An IPv6 router advertisement's prefix (RTM_NEWPREFIX); no printer of
    `ip OBJECT show` prints these, so it lives here."""
    from pynettools.kernel import netlink
    from pynettools.tools.ip.utils import addr_text

    if length < 16 + _PREFIXMSG.size:
        ctx.out.flush()
        ctx.err.write("BUG: wrong nlmsg len %d\n" % (length - 16 - _PREFIXMSG.size))
        return -1
    family = ctx.family or AF_INET6
    if family != AF_INET6:
        return 0
    pfamily, ifindex, ptype, plen, pflags = _PREFIXMSG.unpack_from(buf, offset + 16)
    if pfamily != AF_INET6:
        ctx.out.flush()
        ctx.err.write("incorrect protocol family: %d\n" % pfamily)
        return 0
    if ptype != ND_OPT_PREFIX_INFORMATION:
        ctx.out.flush()
        ctx.err.write("wrong ND type %d\n" % ptype)
        return 0
    attrs = netlink.attributes(buf, offset + 16 + _PREFIXMSG.size, offset + length)
    out = ctx.out
    if PREFIX_ADDRESS in attrs:
        out.write("prefix %s/%u" % (addr_text(family, bytes(attrs[PREFIX_ADDRESS])), plen))
    out.write("dev %s " % llmap.index_to_name(ifindex))
    if pflags & IF_PREFIX_ONLINK:
        out.write("onlink ")
    if pflags & IF_PREFIX_AUTOCONF:
        out.write("autoconf ")
    cache = attrs.get(PREFIX_CACHEINFO)
    if cache is not None:
        preferred, valid = struct.unpack_from("=II", bytes(cache).ljust(8, b"\0"))
        out.write("valid %u " % valid)
        out.write("preferred %u " % preferred)
    out.write("\n")
    return 0
