"""ip link set DEV vf NUM ... (iplink.c iplink_parse_vf()) and
ip link set DEV xdp|xdpgeneric|xdpdrv|xdpoffload ... (iplink_xdp.c xdp_parse()).

Both only add attributes to the RTM_NEWLINK request linkmodify.py builds
(with struct, as the rest of that request: see its docstring):

  IFLA_VFINFO_LIST { IFLA_VF_INFO { IFLA_VF_MAC, IFLA_VF_VLAN or
      IFLA_VF_VLAN_LIST { IFLA_VF_VLAN_INFO ... }, IFLA_VF_TX_RATE,
      IFLA_VF_SPOOFCHK, ... in the order of the words, IFLA_VF_RATE last } }
  IFLA_XDP { IFLA_XDP_FD -1, IFLA_XDP_FLAGS }      (xdp off / none)

Surprises kept from the C code:
- before reading the VF's words, ip scans every word left on the line for a
  prefix of max_tx_rate or min_tx_rate ("m" is one): if there is one, the
  "new rate API" is in use, and `rate` only fills IFLA_VF_RATE's maximum (or
  nothing when max_tx_rate is there too) instead of sending IFLA_VF_TX_RATE.
- with the new API and only one of min/max given, ip takes the other from
  the device's VF list (ipaddr_get_vf_rate()); on a device without VFs the
  C code leaves it uninitialised.  Here it is 0 (no device here has VFs; the
  kernel refuses the request then anyway).
- `xdp off` is only understood as the last word of the line: anywhere else
  "off" goes to the eBPF loader's parser, which asks 'What mode is "off"?'.
- loading a program (`xdp obj FILE`, `xdp pinned FILE`) needs libbpf's ELF
  loader and the BPF file system: after its words are checked, ip says so
  and stops ("not implemented yet", exit 1).
"""
import struct

from pynettools.tools.ip.utils import Exit, get_unsigned, ifindex, incomplete_command, invarg, matches, missarg

IFLA_VFINFO_LIST, IFLA_XDP = 22, 43
IFLA_VF_INFO = 1
IFLA_VF_MAC, IFLA_VF_VLAN, IFLA_VF_TX_RATE, IFLA_VF_SPOOFCHK, IFLA_VF_LINK_STATE = 1, 2, 3, 4, 5
IFLA_VF_RATE, IFLA_VF_RSS_QUERY_EN, IFLA_VF_TRUST = 6, 7, 9
IFLA_VF_IB_NODE_GUID, IFLA_VF_IB_PORT_GUID, IFLA_VF_VLAN_LIST = 10, 11, 12
IFLA_VF_VLAN_INFO = 1
ETH_P_8021Q, ETH_P_8021AD = 0x8100, 0x88A8
LINK_STATES = (("auto", 0), ("enable", 1), ("disable", 2))  # IFLA_VF_LINK_STATE_*
IFLA_XDP_FD, IFLA_XDP_FLAGS = 1, 3
XDP_FLAGS_UPDATE_IF_NOEXIST, XDP_FLAGS_SKB_MODE, XDP_FLAGS_DRV_MODE, XDP_FLAGS_HW_MODE = 1, 2, 4, 8
UNSET = 0xFFFFFFFF  # struct ifla_vf_rate's -1


def _failed():
    """iplink_parse_vf()'s `return -1` (or parse_on_off()'s error, which
    iplink_parse() turns into -1 too): linkmodify's Failed, ip link exits 1."""
    from pynettools.tools.ip.linkmodify import Failed

    return Failed(1)


# ---- vf ------------------------------------------------------------------------------------


def parse_vf(ctx, req, st, args):
    """The "vf" keyword of iplink_parse(): NUM, then iplink_parse_vf() into
    IFLA_VFINFO_LIST."""
    from pynettools.tools.ip.linkmodify import get_integer

    value = args.next_arg()
    vf = get_integer(value)
    if vf is None:
        invarg(ctx, 'Invalid "vf" value\n', value)
    vflist = req.nest(IFLA_VFINFO_LIST)
    if st.dev is None:
        missarg(ctx, "dev")
    _parse_vf(ctx, req, vf & 0xFFFFFFFF, args, st.dev)
    req.end(vflist)
    if st.name is st.dev:  # (C: `if (name == dev) dev = NULL;`)
        st.dev = None


class _Rate:
    """struct ifla_vf_rate as iplink_parse_vf() fills it, and its flags."""

    def __init__(self, words):
        self.vf = 0
        self.min = self.max = UNSET
        # the first loop: any word left on the line naming the new API
        self.new_api = any(matches(w, "max_tx_rate") or matches(w, "min_tx_rate") for w in words)
        self.override_legacy = any(matches(w, "max_tx_rate") for w in words)


def _parse_vf(ctx, req, vf, args, dev):
    info = req.nest(IFLA_VF_INFO)
    rate = _Rate(args.rest())
    start = args.i
    while args:
        word = args.take()
        if not _vf_word(ctx, req, vf, args, dev, rate, word):
            args.i -= 1  # (rewind: the word is iplink_parse()'s)
            break
    if rate.new_api:
        _new_rate(ctx, req, vf, dev, rate)
    if args.i == start:
        incomplete_command(ctx)
    req.end(info)


def _vf_word(ctx, req, vf, args, dev, rate, word):
    """One keyword of iplink_parse_vf()'s loop, in its order; False for a word it does not know."""
    if matches(word, "mac"):
        _mac(ctx, req, vf, args, dev)
    elif matches(word, "vlan"):
        _vlan(ctx, req, vf, args)
    elif matches(word, "rate"):
        value = args.next_arg()
        number = _unsigned(ctx, value, 'Invalid "rate" value\n')
        if not rate.new_api:
            req.add(IFLA_VF_TX_RATE, struct.pack("=II", vf, number))
        elif not rate.override_legacy:
            rate.max = number
    elif matches(word, "max_tx_rate"):
        rate.max = _unsigned(ctx, args.next_arg(), 'Invalid "max tx rate" value\n')
        rate.vf = vf
    elif matches(word, "min_tx_rate"):
        rate.min = _unsigned(ctx, args.next_arg(), 'Invalid "min tx rate" value\n')
        rate.vf = vf
    elif matches(word, "spoofchk"):
        req.add(IFLA_VF_SPOOFCHK, struct.pack("=II", vf, _on_off(ctx, "spoofchk", args.next_arg())))
    elif matches(word, "query_rss"):
        req.add(IFLA_VF_RSS_QUERY_EN, struct.pack("=II", vf, _on_off(ctx, "query_rss", args.next_arg())))
    elif matches(word, "trust"):
        req.add(IFLA_VF_TRUST, struct.pack("=II", vf, _on_off(ctx, "trust", args.next_arg())))
    elif matches(word, "state"):
        value = args.next_arg()
        for name, number in LINK_STATES:
            if matches(value, name):
                break
        else:
            invarg(ctx, 'Invalid "state" value\n', value)
        req.add(IFLA_VF_LINK_STATE, struct.pack("=II", vf, number))
    elif matches(word, "node_guid") or matches(word, "port_guid"):
        value = args.next_arg()
        guid = _guid(value)
        if guid is None:
            invarg(ctx, "Invalid GUID format\n", value)
        kind = IFLA_VF_IB_NODE_GUID if matches(word, "node_guid") else IFLA_VF_IB_PORT_GUID
        req.add(kind, struct.pack("=I4xQ", vf, guid))  # struct ifla_vf_guid: the u64 is 8-aligned
    else:
        return False
    return True


def _unsigned(ctx, value, message):
    number = get_unsigned(value)
    if number is None:
        invarg(ctx, message, value)
    return number


def _on_off(ctx, name, value):
    """parse_on_off(): a prefix of "off" (first) or "on"; else its message and -EINVAL."""
    from pynettools.tools.ip.linkmodify import parse_on_off

    number = parse_on_off(ctx, name, value)
    if number is None:
        raise _failed()
    return number


def _mac(ctx, req, vf, args, dev):
    """mac LLADDR: checked against the device's own address length (asked
    before the value is read)."""
    from pynettools.tools.ip.linkmodify import ll_addr_len
    from pynettools.tools.ip.utils import ll_addr_a2n

    halen = ll_addr_len(ctx, dev)
    value = args.next_arg()
    parsed = ll_addr_a2n(ctx, value, 32)
    if parsed is None:
        raise _failed()
    data, length = parsed
    if halen > 0 and length != halen:
        ctx.err.write("Invalid address length %d - must be %d bytes\n" % (length, halen))
        raise _failed()
    req.add(IFLA_VF_MAC, struct.pack("=I", vf) + data[:32].ljust(32, b"\0"))  # struct ifla_vf_mac


def _vlan(ctx, req, vf, args):
    """vlan VID [qos N] [proto P]: IFLA_VF_VLAN for 802.1Q (the old
    interface), else IFLA_VF_VLAN_LIST holding this and any further
    `vlan ...` groups that follow."""
    vid, qos, proto = _vlan_info(ctx, args)
    if proto == ETH_P_8021Q:
        req.add(IFLA_VF_VLAN, struct.pack("=III", vf, vid, qos))
        return
    vlist = req.nest(IFLA_VF_VLAN_LIST)
    req.add(IFLA_VF_VLAN_INFO, _vlan_info_struct(vf, vid, qos, proto))
    while args:
        if not matches(args.peek(), "vlan"):
            break
        args.take()
        vid, qos, proto = _vlan_info(ctx, args)
        req.add(IFLA_VF_VLAN_INFO, _vlan_info_struct(vf, vid, qos, proto))
    req.end(vlist)


def _vlan_info_struct(vf, vid, qos, proto):
    # struct ifla_vf_vlan_info: vf, vlan, qos, __be16 vlan_proto (and 2 bytes of padding)
    return struct.pack("=III", vf, vid, qos) + struct.pack("!H", proto) + b"\0\0"


def _vlan_info(ctx, args):
    """iplink_parse_vf_vlan_info(): (vid, qos, protocol); qos then proto, each optional, in that order."""
    value = args.next_arg()
    vid = get_unsigned(value)
    if vid is None or vid > 4095:
        invarg(ctx, 'Invalid "vlan" value\n', value)
    qos, proto = 0, ETH_P_8021Q
    if args and matches(args.peek(), "qos"):
        args.take()
        value = args.next_arg()
        qos = get_unsigned(value)
        if qos is None:
            invarg(ctx, 'Invalid "qos" value\n', value)
    if args and matches(args.peek(), "proto"):
        args.take()
        value = args.next_arg()
        proto = _ll_proto_a2n(value)
        if proto is None:
            invarg(ctx, "protocol is invalid\n", value)
        if proto not in (ETH_P_8021AD, ETH_P_8021Q):
            invarg(ctx, 'Invalid "vlan protocol" value - supported 802.1Q, 802.1ad\n', value)
    return vid, qos, proto


def _ll_proto_a2n(text):
    """ll_proto_a2n(): an ethertype by name (any case: lib/ll_proto.c's
    table, which ss shares) or a u16 number; None when neither."""
    from pynettools.tools.ss.filter import _LL_PROTOCOLS

    key = text.lower() if text.isascii() else text
    for name, number in _LL_PROTOCOLS:
        if name == key:
            return number
    from pynettools.tools.ip.linkmodify import get_unsigned_max

    return get_unsigned_max(text, 0xFFFF)


def _guid(text):
    """get_guid(): exactly "xx:xx:xx:xx:xx:xx:xx:xx", each part one or two hex
    digits as strtoul reads them (the colons must sit every third byte)."""
    from pynettools.tools.ip.utils import strtoul

    raw = text.encode("utf-8", "surrogateescape")
    text = raw.decode("latin-1")  # (byte for byte, as C walks it)
    if len(raw) != 23 or any(raw[2 + i * 3] != 0x3A for i in range(7)):
        return None
    guid = 0
    for i in range(8):
        part = text[i * 3:]
        value, rest = strtoul(part, 16)
        if value is None or len(part) - len(rest) != 2 or value > 255:
            return None
        guid |= value << (56 - 8 * i)
    return guid


def _new_rate(ctx, req, vf, dev, rate):
    if rate.min == UNSET or rate.max == UNSET:
        # ipaddr_get_vf_rate(): the device must exist (a device with VFs
        # would give its rates; see the module's docstring)
        if not ifindex(ctx, dev):
            ctx.err.write("Device %s does not exist\n" % dev)
            raise Exit(1)
        if rate.min == UNSET:
            rate.min = 0
        if rate.max == UNSET:
            rate.max = 0
    if rate.max and rate.min > rate.max:
        ctx.err.write("Invalid min_tx_rate %d - must be <= max_tx_rate %d\n"
                      % (_signed(rate.min), _signed(rate.max)))
        raise _failed()
    req.add(IFLA_VF_RATE, struct.pack("=III", rate.vf, rate.min, rate.max))


def _signed(value):
    return value - (1 << 32) if value >= 1 << 31 else value


# ---- xdp -----------------------------------------------------------------------------------


def parse_xdp(ctx, req, st, args, word):
    """xdp|xdpgeneric|xdpdrv|xdpoffload and xdp_parse(): `off`/`none` as the
    line's last word detaches (IFLA_XDP_FD -1 with the mode's flags)."""
    args.next_arg()
    args.i -= 1  # (xdp_parse() starts at the word after the keyword)
    offload = word == "xdpoffload"
    if offload and not (st.dev is not None and ifindex(ctx, st.dev)):
        incomplete_command(ctx)
    flags = 0 if ctx.force else XDP_FLAGS_UPDATE_IF_NOEXIST
    flags |= {"xdpgeneric": XDP_FLAGS_SKB_MODE, "xdpdrv": XDP_FLAGS_DRV_MODE,
              "xdpoffload": XDP_FLAGS_HW_MODE}.get(word, 0)
    if len(args.rest()) == 1 and args.peek() in ("none", "off"):
        args.take()
        nest = req.nest(IFLA_XDP)
        req.add(IFLA_XDP_FD, struct.pack("=i", -1))
        if flags:
            req.add(IFLA_XDP_FLAGS, struct.pack("=I", flags))
        req.end(nest)
    else:
        _bpf_parse(ctx, args)
    if offload and st.name is st.dev:
        st.dev = None


def _bpf_parse(ctx, args):
    """bpf_parse_common() for an XDP program (eBPF object or pinned only):
    the words up to the loading, which is not implemented."""
    mode = args.take()
    if not (matches(mode, "object-file") or mode == "obj" or matches(mode, "object-pinned")
            or matches(mode, "pinned") or matches(mode, "fd")):
        ctx.err.write('What mode is "%s"?\n' % mode)
        raise Exit(255)
    args.next_arg()  # the file
    if args and matches(args.peek(), "section"):
        args.take()
        args.next_arg()
    if args and args.peek() == "program":
        args.take()
        args.next_arg()
    if args and matches(args.peek(), "verbose"):
        args.take()
    ctx.err.write("pynettools ip: link set xdp %s is not implemented yet\n"
                  % ("obj" if matches(mode, "object-file") or mode == "obj" else "pinned"))
    raise Exit(1)
