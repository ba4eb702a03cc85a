"""The options of `ip link add/set ... type KIND OPTIONS` for the other kinds
this kernel lacks (the tunnels' are linktunnels.py's): iplink_geneve.c,
iplink_bareudp.c, iplink_ipvlan.c (ipvlan, ipvtap), link_xfrm.c,
iplink_bond_slave.c, iplink_gtp.c, iplink_amt.c, ipmacsec.c,
iplink_batadv.c, iplink_hsr.c, iplink_rmnet.c, iplink_wwan.c, iplink_dsa.c,
iplink_ipoib.c and iplink_can.c of iproute2 6.1.

As in linktunnels.py: ip parses the words and, when they parse, sends the
request (this kernel then answers "Error: Unknown device type.", or
"Operation not supported" for data on an existing device of another kind);
when they do not, the kind's own messages and usage (linkhelp.HELP), and
nothing is sent.  Requests are built with struct, attributes in the C code's
order (the seam's recordings key on the request's bytes).  A parser's
`return -1` is linkmodify.Failed (exit 1); invarg() and exit(-1) are exit 255.
"""
import struct

from pynettools.tools.ip.linktunnels import (AF_INET, _addr_bytes, _dev, _fail, _help, _inet, _multi, _tos, _u8,
                                             _u16, _u32)
from pynettools.tools.ip.utils import Args, Exit, get_addr, get_unsigned_max, ifindex, invarg, matches, missarg


# ---- geneve (iplink_geneve.c) ----------------------------------------------------------------

(GENEVE_ID, GENEVE_REMOTE, GENEVE_TTL, GENEVE_TOS, GENEVE_PORT, GENEVE_COLLECT_METADATA, GENEVE_REMOTE6,
 GENEVE_UDP_CSUM, GENEVE_UDP_ZERO_CSUM6_TX, GENEVE_UDP_ZERO_CSUM6_RX, GENEVE_LABEL, GENEVE_TTL_INHERIT,
 GENEVE_DF, GENEVE_INNER_PROTO_INHERIT) = range(1, 15)
# the on/off words, in geneve_parse_opt()'s order: (word, attribute, value)
_GENEVE_SWITCHES = (
    ("external", GENEVE_COLLECT_METADATA, 1), ("noexternal", GENEVE_COLLECT_METADATA, 0),
    ("udpcsum", GENEVE_UDP_CSUM, 1), ("noudpcsum", GENEVE_UDP_CSUM, 0),
    ("udp6zerocsumtx", GENEVE_UDP_ZERO_CSUM6_TX, 1), ("noudp6zerocsumtx", GENEVE_UDP_ZERO_CSUM6_TX, 0),
    ("udp6zerocsumrx", GENEVE_UDP_ZERO_CSUM6_RX, 1), ("noudp6zerocsumrx", GENEVE_UDP_ZERO_CSUM6_RX, 0),
)


class _Geneve:
    def __init__(self):
        self.attrs = set()
        self.vni = self.label = self.ttl = self.tos = self.dstport = 0
        self.daddr = None
        self.switches = {}

    def once(self, ctx, attr, key, value):
        """check_duparg()."""
        from pynettools.tools.ip.utils import duparg2

        if attr in self.attrs:
            duparg2(ctx, key, value)
        self.attrs.add(attr)


def geneve(ctx, req, words):
    """geneve_parse_opt()."""
    from pynettools.tools.ip.linkmodify import NLM_F_CREATE, RTM_NEWLINK

    set_op = req.msg_type == RTM_NEWLINK and not req.flags & NLM_F_CREATE
    gn = _Geneve()
    args = Args(ctx, words)
    while args:
        _geneve_word(ctx, req, gn, args, args.take())
    metadata = gn.switches.get(GENEVE_COLLECT_METADATA, 0)
    if metadata and GENEVE_ID in gn.attrs:
        ctx.err.write("geneve: both 'external' and vni cannot be specified\n")
        _fail()
    if not metadata:
        if GENEVE_ID not in gn.attrs:
            ctx.err.write("geneve: missing virtual network identifier\n")
            _fail()
        if not set_op and not _inet(gn.daddr):
            ctx.err.write("geneve: remote link partner not specified\n")
            _fail()
    req.add32(GENEVE_ID, gn.vni)
    if _inet(gn.daddr):
        req.add(GENEVE_REMOTE if gn.daddr.family == AF_INET else GENEVE_REMOTE6, _addr_bytes(gn.daddr))
    if not set_op or GENEVE_LABEL in gn.attrs:
        req.add(GENEVE_LABEL, struct.pack("!I", gn.label))
    if not set_op or GENEVE_TTL in gn.attrs:
        req.add8(GENEVE_TTL, gn.ttl)
    if not set_op or GENEVE_TOS in gn.attrs:
        req.add8(GENEVE_TOS, gn.tos)
    if gn.dstport:
        req.add(GENEVE_PORT, struct.pack("!H", gn.dstport))
    if metadata:
        req.add(GENEVE_COLLECT_METADATA)
    if GENEVE_INNER_PROTO_INHERIT in gn.attrs:
        req.add(GENEVE_INNER_PROTO_INHERIT)
    for attr in (GENEVE_UDP_CSUM, GENEVE_UDP_ZERO_CSUM6_TX, GENEVE_UDP_ZERO_CSUM6_RX):
        if attr in gn.attrs:
            req.add8(attr, gn.switches[attr])


def _geneve_word(ctx, req, gn, args, word):
    if matches(word, "id") or matches(word, "vni"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_ID, "id", value)
        vni = get_unsigned_max(value, 0xFFFFFFFF)
        if vni is None or vni >= 1 << 24:
            invarg(ctx, "invalid id", value)
        gn.vni = vni
    elif matches(word, "remote"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_REMOTE, "remote", value)
        gn.daddr = get_addr(ctx, value, 0)
        if not (_inet(gn.daddr) and not _multi(gn.daddr)):  # (0.0.0.0 passes: is_addrtype_inet_not_multi())
            invarg(ctx, "invalid remote address", value)
    elif matches(word, "ttl") or matches(word, "hoplimit"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_TTL, "ttl", value)
        if value == "inherit":
            req.add8(GENEVE_TTL_INHERIT, 1)
        elif value != "auto":
            ttl = get_unsigned_max(value, 0xFFFFFFFF)
            if ttl is None:
                invarg(ctx, "invalid TTL", value)
            if ttl > 255:
                invarg(ctx, "TTL must be <= 255", value)
            gn.ttl = ttl
    elif matches(word, "tos") or matches(word, "dsfield"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_TOS, "tos", value)
        gn.tos = _tos(ctx, value)
    elif matches(word, "df"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_DF, "df", value)
        df = {"unset": 0, "set": 1, "inherit": 2}.get(value)
        if df is None:
            invarg(ctx, "DF must be 'unset', 'set' or 'inherit'", value)
        req.add8(GENEVE_DF, df)
    else:
        _geneve_word2(ctx, gn, args, word)


def _geneve_word2(ctx, gn, args, word):
    if matches(word, "label") or matches(word, "flowlabel"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_LABEL, "flowlabel", value)
        label = get_unsigned_max(value, 0xFFFFFFFF)
        if label is None or label & ~0xFFFFF:
            invarg(ctx, "invalid flowlabel", value)
        gn.label = label
    elif matches(word, "dstport"):
        value = args.next_arg()
        gn.once(ctx, GENEVE_PORT, "dstport", value)
        gn.dstport = _u16(ctx, value, "dstport")
    else:
        for name, attr, value in _GENEVE_SWITCHES:
            if matches(word, name):
                gn.once(ctx, attr, word, word)
                gn.switches[attr] = value
                return
        if word == "innerprotoinherit":
            gn.once(ctx, GENEVE_INNER_PROTO_INHERIT, word, word)
            return
        if not matches(word, "help"):
            ctx.err.write('geneve: unknown command "%s"?\n' % word)
        _help(ctx, "geneve")
        _fail()


# ---- bareudp (iplink_bareudp.c) ----------------------------------------------------------------

BAREUDP_PORT, BAREUDP_ETHERTYPE, BAREUDP_SRCPORT_MIN, BAREUDP_MULTIPROTO_MODE = 1, 2, 3, 4


def _ethertype(text):
    """ll_proto_a2n(): a name of lib/ll_proto.c's table (any case, whole),
    else get_be16(); the number in network order, or None."""
    from pynettools.tools.ss.families import _LL_PROTOS  # (the same table: ll_proto_n2a's)

    for number, name in _LL_PROTOS:
        if name.lower() == text.lower():
            return number
    return get_unsigned_max(text, 0xFFFF)


def bareudp(ctx, req, words):
    """bareudp_parse_opt()."""
    seen = set()
    dstport = ethertype = srcportmin = 0
    multiproto = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        entry = next((e for e in (("dstport", BAREUDP_PORT), ("ethertype", BAREUDP_ETHERTYPE),
                                  ("srcportmin", BAREUDP_SRCPORT_MIN), ("multiproto", BAREUDP_MULTIPROTO_MODE),
                                  ("nomultiproto", BAREUDP_MULTIPROTO_MODE)) if matches(word, e[0])), None)
        if entry is None:
            if not matches(word, "help"):
                ctx.err.write('bareudp: unknown command "%s"?\n' % word)
            _help(ctx, "bareudp")
            _fail()
        name, attr = entry
        value = word if attr == BAREUDP_MULTIPROTO_MODE else args.next_arg()
        if attr in seen:
            from pynettools.tools.ip.utils import duparg2

            duparg2(ctx, name if attr != BAREUDP_MULTIPROTO_MODE else word, value)
        seen.add(attr)
        if attr == BAREUDP_PORT:
            dstport = _u16(ctx, value, "dstport")
        elif attr == BAREUDP_ETHERTYPE:
            ethertype = _ethertype(value)
            if ethertype is None:
                invarg(ctx, "ethertype", value)
        elif attr == BAREUDP_SRCPORT_MIN:
            srcportmin = _u16(ctx, value, "srcportmin")
        else:
            multiproto = name == "multiproto"
    if BAREUDP_PORT not in seen:
        missarg(ctx, "dstport")
    if BAREUDP_ETHERTYPE not in seen:
        missarg(ctx, "ethertype")
    req.add(BAREUDP_PORT, struct.pack("!H", dstport))
    req.add(BAREUDP_ETHERTYPE, struct.pack("!H", ethertype))
    if BAREUDP_SRCPORT_MIN in seen:
        req.add16(BAREUDP_SRCPORT_MIN, srcportmin)
    if multiproto:
        req.add(BAREUDP_MULTIPROTO_MODE)


# ---- ipvlan and ipvtap (iplink_ipvlan.c) ----------------------------------------------------------

IPVLAN_MODE, IPVLAN_FLAGS = 1, 2
IPVLAN_F_PRIVATE, IPVLAN_F_VEPA = 0x01, 0x02


def ipvlan(ctx, req, words, kind):
    """ipvlan_parse_opt(): one of private/vepa/bridge at most (a second is
    an unknown option)."""
    flags = 0
    mflag_given = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "mode"):
            mode = {"l2": 0, "l3": 1, "l3s": 2}.get(args.next_arg())
            if mode is None:
                ctx.err.write('Error: argument of "mode" must be either "l2", "l3" or "l3s"\n')
                _fail()
            req.add16(IPVLAN_MODE, mode)
        elif not mflag_given and (matches(word, "private") or matches(word, "vepa") or matches(word, "bridge")):
            if matches(word, "private"):
                flags |= IPVLAN_F_PRIVATE
            elif matches(word, "vepa"):
                flags |= IPVLAN_F_VEPA
            mflag_given = True
        else:
            if not matches(word, "help"):
                ctx.err.write('%s: unknown option "%s"?\n' % (kind, word))
            _help(ctx, kind)
            _fail()
    req.add16(IPVLAN_FLAGS, flags)


PARSERS = {
    "geneve": geneve,
    "bareudp": bareudp,
    "ipvlan": lambda ctx, req, words: ipvlan(ctx, req, words, "ipvlan"),
    "ipvtap": lambda ctx, req, words: ipvlan(ctx, req, words, "ipvtap"),
}


# ---- xfrm (link_xfrm.c), bond_slave (iplink_bond_slave.c), gtp (iplink_gtp.c) ------------------

XFRM_LINK, XFRM_IF_ID, XFRM_COLLECT_METADATA = 1, 2, 3


def xfrm(ctx, req, words):
    """xfrm_parse_opt(): if_id goes out as it is read."""
    link = if_id = 0
    metadata = False
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "dev"):
            link = _dev(ctx, args.next_arg())
        elif matches(word, "if_id"):
            value = args.next_arg()
            if_id = get_unsigned_max(value, 0xFFFFFFFF)
            if not if_id:
                invarg(ctx, "if_id value is invalid", value)
            req.add32(XFRM_IF_ID, if_id)
        elif word == "external":
            metadata = True
        else:
            _help(ctx, "xfrm")
            _fail()
    if metadata:
        if if_id or link:
            ctx.err.write("xfrmi: both 'external' and if_id/link cannot be specified\n")
            _fail()
        req.add(XFRM_COLLECT_METADATA)
        return
    if not if_id:
        missarg(ctx, "IF_ID")
    if link:
        req.add32(XFRM_LINK, link)


BOND_SLAVE_QUEUE_ID, BOND_SLAVE_PRIO = 5, 9


def bond_slave(ctx, req, words):
    """bond_slave_parse_opt() (IFLA_INFO_SLAVE_DATA)."""
    from pynettools.tools.ip.linkmodify import get_integer

    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "queue_id"):
            value = args.next_arg()
            req.add16(BOND_SLAVE_QUEUE_ID, _u16(ctx, value, "queue_id is invalid"))
        elif word == "prio":
            value = args.next_arg()
            prio = get_integer(value)
            if prio is None:
                invarg(ctx, "prio is invalid", value)
            req.add32(BOND_SLAVE_PRIO, prio)
        else:
            if not matches(word, "help"):
                ctx.err.write('bond_slave: unknown option "%s"?\n' % word)
            _help(ctx, "bond_slave")
            _fail()


GTP_PDP_HASHSIZE, GTP_ROLE, GTP_CREATE_SOCKETS, GTP_RESTART_COUNT = 3, 4, 5, 6


def gtp(ctx, req, words):
    """gtp_parse_opt(): IFLA_GTP_CREATE_SOCKETS first; a word it does not
    know is skipped without a word."""
    from pynettools.tools.ip.utils import duparg2

    seen = set()
    req.add8(GTP_CREATE_SOCKETS, 1)
    args = Args(ctx, words)
    while args:
        word = args.take()
        attr = {"role": GTP_ROLE, "hsize": GTP_PDP_HASHSIZE, "restart_count": GTP_RESTART_COUNT}.get(word)
        if word == "help":
            _help(ctx, "gtp")
            _fail()
        if attr is None:
            continue
        value = args.next_arg()
        if attr in seen:
            duparg2(ctx, word, value)
        seen.add(attr)
        if attr == GTP_ROLE:
            role = {"sgsn": 1, "ggsn": 0}.get(value)
            if role is None:
                invarg(ctx, "invalid role, use sgsn or ggsn", value)
            req.add32(GTP_ROLE, role)
        elif attr == GTP_PDP_HASHSIZE:
            size = get_unsigned_max(value, 0xFFFFFFFF)
            if size is None:
                invarg(ctx, "invalid PDP hash size", value)
            if size >= 1 << 17:
                invarg(ctx, "PDP hash size too big", value)
            req.add32(GTP_PDP_HASHSIZE, size)
        else:
            req.add8(GTP_RESTART_COUNT, _u8(ctx, value, "invalid restart_count", 10))
    if GTP_ROLE not in seen:
        ctx.err.write("gtp: role of the gtp device was not specified\n")
        _fail()
    if GTP_PDP_HASHSIZE not in seen:
        req.add32(GTP_PDP_HASHSIZE, 1024)


PARSERS.update({"xfrm": xfrm, "bond_slave": bond_slave, "gtp": gtp})


# ---- amt (iplink_amt.c) ------------------------------------------------------------------------

AMT_MODE, AMT_RELAY_PORT, AMT_GATEWAY_PORT, AMT_LINK, AMT_LOCAL_IP, AMT_DISCOVERY_IP, AMT_MAX_TUNNELS = (
    1, 2, 3, 4, 5, 7, 8)


def amt(ctx, req, words):
    """amt_parse_opt(): each word's attribute as it is read.  Both addresses
    are read in the family of the discovery address parsed so far
    (inet_prefix_reset() clears only the flags): "discovery 192.0.2.1
    local 2001:db8::1" is an error."""
    from pynettools.tools.ip.utils import duparg2

    seen = set()
    family = 0
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word == "mode":
            mode = {"gateway": 0, "relay": 1}.get(args.next_arg())
            if mode is None:
                _help(ctx, "amt")
                _fail()
            req.add32(AMT_MODE, mode)
        elif word in ("relay_port", "gateway_port"):
            value = args.next_arg()
            req.add(AMT_RELAY_PORT if word == "relay_port" else AMT_GATEWAY_PORT,
                    struct.pack("!H", _u16(ctx, value, word)))
        elif word == "max_tunnels":
            req.add32(AMT_MAX_TUNNELS, _u32(ctx, args.next_arg(), "max_tunnels"))
        elif word == "dev":
            req.add32(AMT_LINK, _dev(ctx, args.next_arg()))
        elif word in ("local", "discovery"):
            attr = AMT_LOCAL_IP if word == "local" else AMT_DISCOVERY_IP
            value = args.next_arg()
            if attr in seen:
                duparg2(ctx, word, value)
            seen.add(attr)
            prefix = get_addr(ctx, value, family)
            if attr == AMT_DISCOVERY_IP:
                family = prefix.family
            if _inet(prefix):
                req.add(attr, _addr_bytes(prefix))
        else:
            if word != "help":
                ctx.err.write('amt: unknown command "%s"?\n' % word)
            _help(ctx, "amt")
            _fail()


PARSERS["amt"] = amt


# ---- macsec (ipmacsec.c) ---------------------------------------------------------------------

(MACSEC_SCI, MACSEC_PORT, MACSEC_ICV_LEN, MACSEC_CIPHER_SUITE, MACSEC_WINDOW, MACSEC_ENCODING_SA, MACSEC_ENCRYPT,
 MACSEC_PROTECT, MACSEC_INC_SCI, MACSEC_ES, MACSEC_SCB, MACSEC_REPLAY_PROTECT, MACSEC_VALIDATION, _MACSEC_PAD,
 MACSEC_OFFLOAD) = range(1, 16)
MACSEC_CIPHERS = {
    "default": 0x0080020001000001, "gcm-aes-128": 0x0080C20001000001, "gcm-aes-256": 0x0080C20001000002,
    "gcm-aes-xpn-128": 0x0080C20001000003, "gcm-aes-xpn-256": 0x0080C20001000004,
}
# the on/off words: (word, attribute); send_sci, end_station and scb are remembered for the check after
_MACSEC_SWITCHES = (("encrypt", MACSEC_ENCRYPT), ("send_sci", MACSEC_INC_SCI), ("end_station", MACSEC_ES),
                    ("scb", MACSEC_SCB), ("protect", MACSEC_PROTECT), ("replay", MACSEC_REPLAY_PROTECT))


def _one_of(ctx, name, value, choices):
    """lib/utils.c parse_one_of(): the index of the first choice `value` is a
    prefix of, else its message and None."""
    for number, word in enumerate(choices):
        if matches(value, word):
            return number
    ctx.err.write('Error: argument of "%s" must be one of %snot "%s"\n'
                  % (name, "".join('"%s", ' % word for word in choices), value))
    return None


def _macsec_sci(ctx, req, args):
    """get_sci_portaddr(..., port_only, optional): sci HEX, or port N and/or
    address LLADDR at the front; SCI from both or from sci, else PORT (0
    when only an address was given)."""
    sci = None
    port = None
    addr = None
    while args:
        word = args.peek()
        if word == "sci":
            args.take()
            if port is not None:
                invarg(ctx, "expected address", word)
            if addr is not None:
                invarg(ctx, "expected port", word)
            value = args.next_arg()
            number = get_unsigned_max(value, (1 << 64) - 1, 16) if "-" not in value else None  # get_be64()
            if number is None:
                invarg(ctx, "expected sci", value)
            sci = struct.pack("!Q", number)
        elif word == "port":
            args.take()
            value = args.next_arg()
            port = get_unsigned_max(value, 0xFFFF)
            if port is None:
                invarg(ctx, "expected port", value)
            if port == 0:
                invarg(ctx, "expected port != 0", value)
        elif word == "address":
            args.take()
            from pynettools.tools.ip.utils import ll_addr_a2n

            value = args.next_arg()
            parsed = ll_addr_a2n(ctx, value, 6)
            if parsed is None:
                invarg(ctx, "expected lladdr", value)
            addr = parsed[0][:6].ljust(6, b"\0")
        else:
            break
        if sci is not None or port is not None:
            break
    if port is not None and addr is not None:
        sci = addr + struct.pack("!H", port)
    if sci is not None and any(sci):
        req.add(MACSEC_SCI, sci)
    elif port is not None or addr is not None or sci is not None:
        req.add(MACSEC_PORT, struct.pack("!H", port or 0))


def macsec(ctx, req, words):
    """macsec_parse_opt(): the on/off words and validate/offload go out as
    they are read; cipher, icvlen, window/replay and encodingsa after."""
    from pynettools.tools.ip.linkmodify import parse_on_off
    from pynettools.tools.ip.utils import duparg, duparg2

    args = Args(ctx, words)
    _macsec_sci(ctx, req, args)
    cipher = icvlen = 0
    window, replay, encoding_sa = 0xFFFFFFFF, -1, 0xFF
    flags = {}
    while args:
        word = args.take()
        switch = next((attr for name, attr in _MACSEC_SWITCHES if word == name), None)
        if word == "cipher":
            value = args.next_arg()
            if cipher:
                duparg(ctx, "cipher", value)
            # (each name in lower case or, but "default", all in upper case)
            name = value.lower() if value == value.upper() and value != "DEFAULT" else value
            if name not in MACSEC_CIPHERS:
                invarg(ctx, "expected: default, gcm-aes-128, gcm-aes-256, gcm-aes-xpn-128 or gcm-aes-xpn-256",
                       value)
            cipher = MACSEC_CIPHERS[name]
        elif word == "icvlen":
            value = args.next_arg()
            if icvlen:
                duparg(ctx, "icvlen", value)
            icvlen = _u8(ctx, value, "expected ICV length", 10)
            if not 8 <= icvlen <= 16:
                invarg(ctx, "ICV length must be in the range {8..16}", value)
        elif switch is not None:
            value = parse_on_off(ctx, word, args.next_arg())
            if value is None:
                _fail()
            if switch == MACSEC_REPLAY_PROTECT:
                replay = 1 if value else 0
            else:
                flags[switch] = value
                req.add8(switch, value)
        elif word == "window":
            window = _u32(ctx, args.next_arg(), "expected replay window size")
        elif word in ("validate", "offload"):
            value = _one_of(ctx, word, args.next_arg(),
                            ("disabled", "check", "strict") if word == "validate" else ("off", "phy", "mac"))
            if value is None:
                _fail()
            req.add8(MACSEC_VALIDATION if word == "validate" else MACSEC_OFFLOAD, value)
        elif word == "encodingsa":
            if encoding_sa != 0xFF:
                duparg2(ctx, "encodingsa", "encodingsa")
            value = args.next_arg()
            encoding_sa = get_unsigned_max(value, 0xFF)
            if encoding_sa is None or encoding_sa > 3:
                invarg(ctx, "expected an { 0..3 }", value)
        else:
            ctx.err.write('macsec: unknown command "%s"?\n' % word)
            _help(ctx, "macsec")
            _fail()
    _macsec_finish(ctx, req, flags, cipher, icvlen, window, replay, encoding_sa)


def _macsec_finish(ctx, req, flags, cipher, icvlen, window, replay, encoding_sa):
    es, scb, send_sci = (flags.get(attr, 0) for attr in (MACSEC_ES, MACSEC_SCB, MACSEC_INC_SCI))
    if (send_sci and (es or scb)) or (es and scb):
        ctx.err.write("invalid combination of send_sci/end_station/scb\n")
        _fail()
    # (window -1 is "not given", whatever the words said)
    if window != 0xFFFFFFFF and replay == -1:
        ctx.err.write("replay window set, but replay protection not enabled. did you mean 'replay on window %u'?\n"
                      % window)
        _fail()
    if window == 0xFFFFFFFF and replay == 1:
        ctx.err.write("replay protection enabled, but no window set. did you mean 'replay on window VALUE'?\n")
        _fail()
    if cipher:
        req.add(MACSEC_CIPHER_SUITE, struct.pack("=Q", cipher))
    if icvlen:
        req.add8(MACSEC_ICV_LEN, icvlen)
    if replay != -1:
        req.add32(MACSEC_WINDOW, window)
        req.add8(MACSEC_REPLAY_PROTECT, replay)
    if encoding_sa != 0xFF:
        req.add8(MACSEC_ENCODING_SA, encoding_sa)


PARSERS["macsec"] = macsec


# ---- batadv, hsr, rmnet, wwan, dsa: one or a few words each -------------------------------------

BATADV_ALGO_NAME = 1
HSR_SLAVE1, HSR_SLAVE2, HSR_MULTICAST_SPEC, HSR_VERSION, HSR_PROTOCOL = 1, 2, 3, 6, 7
RMNET_MUX_ID = 1
WWAN_LINK_ID = 1
DSA_MASTER = 1


def _unknown(ctx, kind, word, what="unknown command \"%s\"?"):
    """The kind's complaint about `word` (none for help), its usage, exit 1."""
    if not matches(word, "help"):
        ctx.err.write(("%s: " + what + "\n") % (kind, word))
    _help(ctx, kind)
    _fail()


def batadv(ctx, req, words):
    """batadv_parse_opt(): ra ALGO, a NUL-terminated name as given."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not matches(word, "ra"):
            _unknown(ctx, "batadv", word)
        req.add(BATADV_ALGO_NAME, args.next_arg().encode("utf-8", "surrogateescape") + b"\0")


def hsr(ctx, req, words):
    """hsr_parse_opt(): version and proto test get_u8()'s success against
    their values (0 and 1), so any byte passes."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "supervision") or matches(word, "version") or matches(word, "proto"):
            attr, message = ((HSR_MULTICAST_SPEC, "ADDR-BYTE is invalid") if matches(word, "supervision") else
                             (HSR_VERSION, "version is invalid") if matches(word, "version") else
                             (HSR_PROTOCOL, "protocol is invalid"))
            req.add8(attr, _u8(ctx, args.next_arg(), message))
        elif matches(word, "slave1") or matches(word, "slave2"):
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                invarg(ctx, "No such interface", value)
            req.add32(HSR_SLAVE1 if matches(word, "slave1") else HSR_SLAVE2, index)
        elif matches(word, "help"):
            _help(ctx, "hsr")
            _fail()
        else:
            _unknown(ctx, "hsr", word, 'what is "%s"?')


def rmnet(ctx, req, words):
    """rmnet_parse_opt(): mux_id N."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not matches(word, "mux_id"):
            _unknown(ctx, "rmnet", word)
        req.add16(RMNET_MUX_ID, _u16(ctx, args.next_arg(), "mux_id is invalid"))


def wwan(ctx, req, words):
    """wwan_parse_opt(): linkid N."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if not matches(word, "linkid"):
            _unknown(ctx, "wwan", word)
        req.add32(WWAN_LINK_ID, _u32(ctx, args.next_arg(), "linkid"))


def dsa(ctx, req, words):
    """dsa_parse_opt(): conduit/master DEV (whole words; so is help)."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if word in ("conduit", "master"):
            value = args.next_arg()
            index = ifindex(ctx, value)
            if not index:
                invarg(ctx, "Device does not exist\n", value)
            req.add32(DSA_MASTER, index)
        else:
            if word != "help":
                ctx.err.write('dsa: unknown command "%s"?\n' % word)
            _help(ctx, "dsa")
            _fail()


PARSERS.update({"batadv": batadv, "hsr": hsr, "rmnet": rmnet, "wwan": wwan, "dsa": dsa})


IPOIB_PKEY, IPOIB_MODE, IPOIB_UMCAST = 1, 2, 3


def ipoib(ctx, req, words):
    """ipoib_parse_opt()."""
    args = Args(ctx, words)
    while args:
        word = args.take()
        if matches(word, "pkey") or matches(word, "umcast"):
            name = "pkey" if matches(word, "pkey") else "umcast"
            req.add16(IPOIB_PKEY if name == "pkey" else IPOIB_UMCAST,
                      _u16(ctx, args.next_arg(), "%s is invalid" % name))
        elif matches(word, "mode"):
            mode = {"datagram": 0, "connected": 1}.get(args.next_arg())
            if mode is None:
                ctx.err.write('Error: argument of "mode" must be "datagram"or "connected"\n')
                _fail()
            req.add16(IPOIB_MODE, mode)
        else:
            _unknown(ctx, "ipoib", word, 'unknown option "%s"?')


PARSERS["ipoib"] = ipoib


# ---- can (iplink_can.c) ---------------------------------------------------------------------------

CAN_BITTIMING, CAN_CTRLMODE, CAN_RESTART_MS, CAN_RESTART, CAN_DATA_BITTIMING, CAN_TERMINATION, CAN_TDC = (
    1, 5, 6, 7, 9, 11, 16)
CAN_TDC_TDCV, CAN_TDC_TDCO, CAN_TDC_TDCF = 7, 8, 9
CAN_CTRLMODE_TDC_AUTO, CAN_CTRLMODE_TDC_MANUAL = 0x200, 0x400
# struct can_bittiming's fields by word (the data phase's words start with "d")
_CAN_TIMING = ("bitrate", "sample-point", "tq", "prop-seg", "phase-seg1", "phase-seg2", "sjw")
# the on/off ctrlmode words: (word, CAN_CTRLMODE_* bit)
_CAN_MODES = (("loopback", 0x01), ("listen-only", 0x02), ("triple-sampling", 0x04), ("one-shot", 0x08),
              ("berr-reporting", 0x10), ("fd", 0x20), ("fd-non-iso", 0x80), ("presume-ack", 0x40),
              ("cc-len8-dlc", 0x100))
_FLOAT = []


def _f32(value):
    """A double rounded to a C float (inf beyond its range)."""
    try:
        return struct.unpack("=f", struct.pack("=f", value))[0]
    except OverflowError:
        return value * float("inf")


def _get_float(text):
    """iplink_can.c get_float(): strtof() over the whole word (decimal
    notation here; an overflow is inf, as strtof() gives it), or None."""
    if not _FLOAT:
        import re

        _FLOAT.append(re.compile(r"[ \t\n\v\f\r]*[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
                                 r"|(?i:inf|infinity|nan))\Z"))
        _FLOAT.append(re.compile(r"[ \t\n\v\f\r]*[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)"
                                 r"([pP][+-]?[0-9]+)?\Z"))
    if not text:
        return None
    word = text.strip(" \t\n\v\f\r")
    if _FLOAT[0].match(text):
        return _f32(float(word))
    if _FLOAT[1].match(text):
        return _f32(float.fromhex(word))
    return None


def _sample_point(value):
    """(__u32)(sp * 1000) in float: truncated; out of range (or inf) as
    x86-64's cvttss2si gives it."""
    product = _f32(value * 1000)
    number = int(product) if abs(product) < 2.0 ** 63 else 1 << 63
    return number & 0xFFFFFFFF


def _can_word(ctx, req, st, args, word):
    """One word of can_parse_opt()'s loop (C's order: prefixes match the first)."""
    for phase, timing in (("", st["bt"]), ("d", st["dbt"])):
        for field, name in enumerate(_CAN_TIMING):
            if not matches(word, phase + name):
                continue
            value = args.next_arg()
            if name == "sample-point":
                number = _get_float(value)
                if number is None:
                    invarg(ctx, 'invalid "%s" value\n' % (phase + name), value)
                timing[field] = _sample_point(number)
            else:
                timing[field] = _u32(ctx, value, 'invalid "%s" value\n' % (phase + name))
            return
    for name in ("tdcv", "tdco", "tdcf"):
        if matches(word, name):
            st[name] = _u32(ctx, args.next_arg(), 'invalid "%s" value\n' % name)
            return
    for name, bit in _CAN_MODES:
        if matches(word, name):
            value = args.next_arg()
            if value == "on":
                st["flags"] |= bit
            elif value != "off":
                ctx.err.write('Error: argument of "%s" must be "on" or "off", not "%s"\n' % (name, value))
                raise Exit(255)
            st["mask"] |= bit
            return
    _can_word2(ctx, req, st, args, word)


def _can_word2(ctx, req, st, args, word):
    if matches(word, "tdc-mode"):
        value = args.next_arg()
        bits = {"auto": CAN_CTRLMODE_TDC_AUTO, "manual": CAN_CTRLMODE_TDC_MANUAL}.get(value)
        if bits is not None:
            st["flags"] |= bits
            st["mask"] |= bits
        elif value == "off":
            st["mask"] |= CAN_CTRLMODE_TDC_AUTO | CAN_CTRLMODE_TDC_MANUAL
        else:
            ctx.err.write('Error: argument of "tdc-mode" must be "auto", "manual" or "off", not "%s"\n' % value)
            raise Exit(255)
    elif matches(word, "restart"):
        req.add32(CAN_RESTART, 1)
    elif matches(word, "restart-ms"):
        req.add32(CAN_RESTART_MS, _u32(ctx, args.next_arg(), 'invalid "restart-ms" value\n'))
    elif matches(word, "termination"):
        req.add16(CAN_TERMINATION, _u16(ctx, args.next_arg(), 'invalid "termination" value\n'))
    else:
        if not matches(word, "help"):
            ctx.err.write('can: unknown option "%s"\n' % word)
        _help(ctx, "can")
        _fail()


def can(ctx, req, words):
    """can_parse_opt(): restart, restart-ms and termination go out as read;
    the bit timings (when a bitrate or tq is given), the ctrlmode and the
    TDC nest after."""
    st = {"bt": [0] * 8, "dbt": [0] * 8, "flags": 0, "mask": 0, "tdcv": None, "tdco": None, "tdcf": None}
    args = Args(ctx, words)
    while args:
        _can_word(ctx, req, st, args, args.take())
    for attr, timing in ((CAN_BITTIMING, st["bt"]), (CAN_DATA_BITTIMING, st["dbt"])):
        if timing[0] or timing[2]:
            req.add(attr, struct.pack("=8I", *timing))
    if st["mask"]:
        req.add(CAN_CTRLMODE, struct.pack("=II", st["mask"], st["flags"]))
    # (-1 is "not given": a value of 4294967295 is not sent)
    tdc = [(attr, st[name]) for attr, name in ((CAN_TDC_TDCV, "tdcv"), (CAN_TDC_TDCO, "tdco"),
                                               (CAN_TDC_TDCF, "tdcf")) if st[name] not in (None, 0xFFFFFFFF)]
    if tdc:
        nest = req.nest(CAN_TDC | 0x8000)
        for attr, value in tdc:
            req.add32(attr, value)
        req.end(nest)


PARSERS["can"] = can
