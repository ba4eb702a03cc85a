"""ip address add / change / replace / delete: ipaddress.c ipaddr_modify().

One RTM_NEWADDR (or RTM_DELADDR) request with the words turned into
attributes, in the order the C code appends them (the kernel does not care
about the order, but the seam's recordings key on the request's bytes):

  IFA_ADDRESS   peer ADDR (and, with no peer, the local address again)
  IFA_BROADCAST broadcast ADDR, or computed for `brd +` / `brd -`
  IFA_ANYCAST, IFA_LABEL, IFA_RT_PRIORITY (metric), IFA_LOCAL
  IFA_FLAGS     only when a flag above the first eight is set (noprefixroute,
                mngtmpaddr, autojoin): the eight low ones ride in ifa_flags
  IFA_CACHEINFO valid_lft / preferred_lft

Surprises kept from the C code:
- `ip addr del 198.51.100.7 dev X` (IPv4, no /LEN) deletes whatever
  address 198.51.100.7/N is there, with a four-line warning: the request
  carries IFA_LOCAL only, and the kernel matches any prefix length.
- The scope defaults to host for 127.x.x.x and to global otherwise (not on
  delete, where an unset scope matches any).
- Flag words that only the kernel sets (secondary, tentative, ...) are
  refused with a warning, not an error; IPv6-only ones are refused for an
  address family not yet known to be inet6 when the word is read.
"""
import struct

from pynettools.tools.ip.utils import (PREFIXLEN_SPECIFIED, Args, Prefix, duparg, duparg2, get_addr, get_prefix,
                                       get_u32, ifindex, invarg, nodev, route_names, rtnl_change,
                                       rtnl_echo_talk)

AF_UNSPEC, AF_INET, AF_INET6 = 0, 2, 10
RTM_NEWADDR, RTM_DELADDR = 20, 21
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE = 0x100, 0x200, 0x400
IFA_ADDRESS, IFA_LOCAL, IFA_LABEL, IFA_BROADCAST, IFA_ANYCAST, IFA_CACHEINFO = 1, 2, 3, 4, 5, 6
IFA_FLAGS, IFA_RT_PRIORITY = 8, 9
IFA_F_MCAUTOJOIN = 0x400
RT_SCOPE_HOST = 254
INFINITY_LIFE_TIME = 0xFFFFFFFF

# the commands of do_ipaddr() that end here: (netlink type, request flags)
COMMANDS = {
    "add": (RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL),
    "change": (RTM_NEWADDR, NLM_F_REPLACE),
    "replace": (RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE),
    "delete": (RTM_DELADDR, 0),
}

# ifa_flag_data[]: name -> (mask, readonly, v6only)
FLAG_WORDS = {
    "secondary": (0x01, True, False), "temporary": (0x01, True, False), "nodad": (0x02, False, True),
    "optimistic": (0x04, False, True), "dadfailed": (0x08, True, True), "home": (0x10, False, True),
    "deprecated": (0x20, True, True), "tentative": (0x40, True, True), "permanent": (0x80, True, True),
    "mngtmpaddr": (0x100, False, True), "noprefixroute": (0x200, False, False),
    "autojoin": (0x400, False, False), "stable-privacy": (0x800, True, True),
}


class Request:
    """struct { nlmsghdr; ifaddrmsg; attributes } as ipaddr_modify() fills it."""

    def __init__(self, family):
        self.family = family
        self.prefixlen = 0
        self.flags = 0
        self.scope = 0
        self.index = 0
        self.attrs = []

    def add(self, kind, data):
        self.attrs.append(struct.pack("=HH", 4 + len(data), kind) + data + bytes(-len(data) % 4))

    def body(self):
        return struct.pack("=BBBBI", self.family, self.prefixlen, self.flags, self.scope, self.index) \
            + b"".join(self.attrs)


def modify(ctx, command, words):
    """ipaddr_modify(): 0, 1 (a local refusal or no such device: the C code's
    -1), or 2 (the kernel's refusal, -2)."""
    from pynettools.tools.ip import address

    msg_type, flags = COMMANDS[command]
    req = Request(ctx.family)
    state = _State()
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word in ("peer", "remote"):
            _peer(ctx, req, state, args)
        elif _matches(word, "broadcast") or word == "brd":
            _broadcast(ctx, req, state, args)
        elif word == "anycast":
            value = args.next_arg()
            if state.any_len:
                duparg(ctx, "anycast", value)
            addr = get_addr(ctx, value, req.family)
            req.family = req.family or addr.family
            req.add(IFA_ANYCAST, addr.data[:addr.bytelen])
            state.any_len = addr.bytelen
        elif word == "scope":
            value = args.next_arg()
            scope = route_names(ctx).scope_a2n(value)
            if scope is None:
                invarg(ctx, "invalid scope value.", value)
            req.scope = scope
            state.scoped = True
        elif word == "dev":
            state.dev = args.next_arg()
        elif word == "label":
            state.label = args.next_arg()
            req.add(IFA_LABEL, state.label.encode("utf-8", "surrogateescape") + b"\0")
        elif _matches(word, "metric") or _matches(word, "priority") or _matches(word, "preference"):
            value = args.next_arg()
            metric = get_u32(value, 0)
            if metric is None:
                invarg(ctx, '"metric" value is invalid\n', value)
            req.add(IFA_RT_PRIORITY, struct.pack("=I", metric))
        elif _matches(word, "valid_lft"):
            if state.valid_arg is not None:
                duparg(ctx, "valid_lft", word)
            state.valid_arg = args.next_arg()
            state.valid_lft = _lifetime(ctx, state.valid_arg, "valid_lft value")
        elif _matches(word, "preferred_lft"):
            if state.preferred_arg is not None:
                duparg(ctx, "preferred_lft", word)
            state.preferred_arg = args.next_arg()
            state.preferred_lft = _lifetime(ctx, state.preferred_arg, "preferred_lft value")
        elif word in FLAG_WORDS:
            _flag(ctx, req, state, word)
        else:
            if word == "local":
                word = args.next_arg()
            if _matches(word, "help"):
                address.usage(ctx)
            if state.local_len:
                duparg2(ctx, "local", word)
            state.local_arg = word
            state.local = get_prefix(ctx, word, req.family)
            req.family = req.family or state.local.family
            req.add(IFA_LOCAL, state.local.data[:state.local.bytelen])
            state.local_len = state.local.bytelen
    return _finish(ctx, msg_type, flags, req, state)


def _matches(word, keyword):
    return bool(word) and keyword.startswith(word)


class _State:
    """What the word loop remembers besides the request itself."""

    def __init__(self):
        self.dev = None
        self.label = None
        self.local_arg = None
        self.local = Prefix()
        self.peer = None
        self.valid_arg = self.preferred_arg = None
        self.valid_lft = self.preferred_lft = INFINITY_LIFE_TIME
        self.local_len = self.peer_len = self.brd_len = self.any_len = 0
        self.scoped = False
        self.ifa_flags = 0


def _peer(ctx, req, state, args):
    value = args.next_arg()
    if state.peer_len:
        duparg(ctx, "peer", value)
    state.peer = get_prefix(ctx, value, req.family)
    state.peer_len = state.peer.bytelen
    req.family = req.family or state.peer.family
    req.add(IFA_ADDRESS, state.peer.data[:state.peer.bytelen])
    req.prefixlen = state.peer.bitlen & 0xFF


def _broadcast(ctx, req, state, args):
    value = args.next_arg()
    if state.brd_len:
        duparg(ctx, "broadcast", value)
    if value == "+":
        state.brd_len = -1
    elif value == "-":
        state.brd_len = -2
    else:
        addr = get_addr(ctx, value, req.family)
        req.family = req.family or addr.family
        req.add(IFA_BROADCAST, addr.data[:addr.bytelen])
        state.brd_len = addr.bytelen


def _lifetime(ctx, text, message):
    """set_lifetime(): "forever" or a u32 (seconds)."""
    if text == "forever":
        return INFINITY_LIFE_TIME
    value = get_u32(text, 0)
    if value is None:
        invarg(ctx, message, text)
    return value


def _flag(ctx, req, state, word):
    mask, readonly, v6only = FLAG_WORDS[word]
    if readonly:
        ctx.err.write("Warning: %s option is not mutable from userspace\n" % word)
    elif v6only and req.family != AF_INET6:
        ctx.err.write("Warning: %s option can be set only for IPv6 addresses\n" % word)
    else:
        state.ifa_flags |= mask


def _finish(ctx, msg_type, flags, req, state):
    """The checks and attributes after the word loop, then the request."""
    if state.ifa_flags <= 0xFF:
        req.flags = state.ifa_flags
    else:
        req.add(IFA_FLAGS, struct.pack("=I", state.ifa_flags))
    if state.dev is None:
        ctx.err.write('Not enough information: "dev" argument is required.\n')
        return 1
    local = state.local
    if state.peer_len == 0 and state.local_len:
        if msg_type == RTM_DELADDR and local.family == AF_INET and not local.flags & PREFIXLEN_SPECIFIED:
            ctx.err.write(
                "Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
                "         Explicitly specify the prefix length (%s/%d) to avoid this warning.\n"
                "         This special behaviour is likely to disappear in further releases,\n"
                "         fix your scripts!\n" % (state.local_arg, state.local_len * 8))
        else:
            state.peer = local
            req.add(IFA_ADDRESS, local.data[:local.bytelen])
    if req.prefixlen == 0:
        req.prefixlen = local.bitlen & 0xFF
    if state.brd_len < 0 and msg_type != RTM_DELADDR:
        if req.family != AF_INET:
            ctx.err.write("Broadcast can be set only for IPv4 addresses\n")
            return 1
        _computed_broadcast(req, state)
    if not state.scoped and msg_type != RTM_DELADDR:
        req.scope = RT_SCOPE_HOST if local.family == AF_INET and local.bytelen >= 1 and local.data[0] == 127 else 0
    req.index = ifindex(ctx, state.dev)
    if not req.index:
        nodev(ctx, state.dev)
        return 1
    if state.valid_arg is not None or state.preferred_arg is not None:
        if not state.valid_lft:
            ctx.err.write("valid_lft is zero\n")
            return 1
        if state.valid_lft < state.preferred_lft:
            ctx.err.write("preferred_lft is greater than valid_lft\n")
            return 1
        # struct ifa_cacheinfo: ifa_prefered, ifa_valid, cstamp, tstamp
        req.add(IFA_CACHEINFO, struct.pack("=IIII", state.preferred_lft, state.valid_lft, 0, 0))
    if state.ifa_flags & IFA_F_MCAUTOJOIN and not _is_multicast(local):
        ctx.err.write("autojoin needs multicast address\n")
        return 1
    what = "address %s %s" % ("delete" if msg_type == RTM_DELADDR else "new", state.local_arg or "")
    if ctx.echo:
        return rtnl_echo_talk(ctx, msg_type, req.body(), what.rstrip(), flags, _echo_printer(ctx))
    return 0 if rtnl_change(ctx, msg_type, req.body(), what.rstrip(), flags) else 2


def _echo_printer(ctx):
    """-echo: print_addrinfo() for the kernel's copy of the address, with
    ipaddress.c's static filter as this path leaves it (all zero); echo_request
    makes it start with "INDEX: DEV" as a one-line listing does."""
    from pynettools.kernel import addresses
    from pynettools.tools.ip.address import Filter, LinkMap, print_addrinfo

    filt = Filter(oneline=True)
    llmap = ctx.llmap = LinkMap(ctx)

    def print_info(buf, offset, length, answer_type):
        if answer_type in (RTM_NEWADDR, RTM_DELADDR):
            print_addrinfo(ctx, addresses.decode(buf, offset, length), filt, llmap)

    return print_info


def _computed_broadcast(req, state):
    """`brd +` sets, `brd -` clears, the host bits of the peer (or local)
    address; nothing for a /31 or /32."""
    brd = state.peer if state.peer is not None else Prefix()
    if brd.bitlen > 30:
        return
    word = struct.unpack_from("!I", brd.data)[0]
    host = (1 << (32 - max(brd.bitlen, 0))) - 1 if brd.bitlen < 32 else 0
    word = word | host if state.brd_len == -1 else word & ~host & 0xFFFFFFFF
    data = struct.pack("!I", word) + brd.data[4:]
    req.add(IFA_BROADCAST, data[:brd.bytelen])
    state.brd_len = brd.bytelen


def _is_multicast(prefix):
    """ipaddr_is_multicast()."""
    if prefix.family == AF_INET:
        return prefix.data[0] & 0xF0 == 0xE0
    if prefix.family == AF_INET6:
        return prefix.data[0] == 0xFF
    return False
