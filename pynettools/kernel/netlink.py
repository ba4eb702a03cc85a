"""Netlink plumbing shared by every reader: messages, attributes, dumps.

A netlink exchange is one request message (16-byte nlmsghdr: length, type,
flags, sequence number, port id; then a family-specific header and
attributes) and, for a dump (NLM_F_DUMP), many answer messages packed into
each recv() buffer, ended by NLMSG_DONE.  Attributes are (length, type,
payload) records padded to 4 bytes; a nested attribute's payload is itself a
list of attributes.

sock_diag (ss) and rtnetlink (ip) both use these; the seam
(kernel.netlink_dump) sends and records, this module only builds and walks
bytes.  The walks use struct.unpack_from on the buffers as received: no
per-message objects on the hot paths (100,000 sockets or routes).
"""
import struct

NETLINK_ROUTE = 0
NETLINK_SOCK_DIAG = 4

NLMSG_NOOP = 1
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_DUMP_INTR = 0x10
NLM_F_DUMP = 0x300  # NLM_F_ROOT | NLM_F_MATCH

NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
NLA_TYPE_MASK = 0x3fff

NLMSG_HDR = struct.Struct("=IHHII")  # nlmsghdr: len, type, flags, seq, pid
NLMSG_HEAD = struct.Struct("=IHH")  # its first three fields, all a message walk needs
_INT = struct.Struct("=i")
_U16 = struct.Struct("=H")
_U32 = struct.Struct("=I")
_U64 = struct.Struct("=Q")
_RTA = struct.Struct("=HH")


class DumpError(OSError):
    """A dump the kernel refused (NLMSG_ERROR) or ended with an error (in NLMSG_DONE).

    `in_done` tells which: libnetlink words a few NLMSG_DONE errors itself.
    `extack`: the kernel's own words for the error (its extended ack,
    NLMSGERR_ATTR_MSG), or None; ip prints "Error: <extack>." instead of
    strerror when there is one.
    """

    def __init__(self, errno, strerror, in_done=False, extack=None):
        OSError.__init__(self, errno, strerror)
        self.in_done = in_done
        self.extack = extack


def done_error(buf, offset, length):
    """The negative error code an NLMSG_DONE may carry (0 when none)."""
    if length >= 20:
        return _INT.unpack_from(buf, offset + 16)[0]
    return 0


def raise_done_error(code, extack=None):
    import os

    raise DumpError(-code, os.strerror(-code), in_done=True, extack=extack)


def done_ext_ack(buf, offset, length):
    """The extended-ack message an NLMSG_DONE carries after its error code
    (flag NLM_F_ACK_TLVS, on a socket with NETLINK_EXT_ACK), or None:
    libnetlink's nl_dump_ext_ack_done()."""
    if not NLMSG_HEAD.unpack_from(buf, offset)[2] & 0x200 or length < 24:
        return None
    payload = find_attribute(buf, offset + 20, offset + length, 1)  # NLMSGERR_ATTR_MSG
    return None if payload is None else attr_str(payload)


class Dump:
    """One dump request; iterate `messages()` for (buf, offset, length) per message.

    `interrupted` becomes true when the kernel flagged a message with
    NLM_F_DUMP_INTR (the table changed while it was being read).
    `strict`: ask on a socket with NETLINK_GET_STRICT_CHK set, as ip does
    (rtnl_set_strict_dump): the kernel then checks the request's header
    and applies the filters it carries (a route dump's table, a link
    dump's master or kind) itself.
    """

    def __init__(self, kernel, request, what, protocol=NETLINK_SOCK_DIAG, strict=False):
        self.kernel = kernel
        self.request = request
        self.what = what
        self.protocol = protocol
        self.strict = strict
        self.interrupted = False

    def buffers(self):
        """The raw recv() buffers (what `ss -D FILE` writes out)."""
        try:
            if self.strict:
                buffers = self.kernel.netlink_dump(self.protocol, self.request, self.what, strict=True)
            else:
                buffers = self.kernel.netlink_dump(self.protocol, self.request, self.what)
            for buf in buffers:
                yield buf
        except DumpError:
            raise
        except OSError as err:
            raise DumpError(err.errno, err.strerror, extack=getattr(err, "extack", None))

    def messages(self, min_length=16):
        """(buf, offset, length) per message of at least min_length bytes
        (a family's fixed header; shorter ones are skipped).  The seam's
        generator is always run to its end (it records the exchange only
        then); an error code in NLMSG_DONE is raised after that."""
        head = NLMSG_HEAD.unpack_from
        done_code = 0
        extack = None
        for buf in self.buffers():
            offset = 0
            end = len(buf)
            while offset + 16 <= end:
                length, msg_type, flags = head(buf, offset)
                if length < 16:
                    break
                if msg_type == NLMSG_DONE:
                    done_code = done_error(buf, offset, length)
                    if done_code < 0:
                        extack = done_ext_ack(buf, offset, length)
                    break
                if flags & NLM_F_DUMP_INTR:
                    self.interrupted = True
                if msg_type != NLMSG_ERROR and length >= min_length:
                    yield buf, offset, length
                offset += (length + 3) & ~3
        if done_code < 0:
            raise_done_error(done_code, extack)


def request(msg_type, body, flags=NLM_F_REQUEST | NLM_F_DUMP):
    """A request message (seq and port id are the seam's to fill in)."""
    return NLMSG_HDR.pack(16 + len(body), msg_type, flags, 0, 0) + body


def attribute(attr_type, payload=b""):
    """One attribute (struct rtattr / nlattr): length, type, payload, padded to 4 bytes."""
    length = 4 + len(payload)
    return _RTA.pack(length, attr_type) + payload + b"\0" * (((length + 3) & ~3) - length)


def attributes(buf, start, end):
    """{type: payload bytes} for the netlink attributes in buf[start:end].

    The flag bits (NLA_F_NESTED, NLA_F_NET_BYTEORDER) are masked off the
    type.  When a type occurs twice the first one counts, as libnetlink's
    parse_rtattr() keeps it.
    """
    found = {}
    rta = _RTA.unpack_from
    while start + 4 <= end:
        length, attr_type = rta(buf, start)
        if length < 4:
            break
        attr_type &= NLA_TYPE_MASK
        if attr_type not in found:
            found[attr_type] = bytes(buf[start + 4:start + length])
        start += (length + 3) & ~3
    return found


def attribute_list(buf, start, end):
    """[(type, payload)] in order, repeats kept (multipath next hops, VF lists)."""
    found = []
    rta = _RTA.unpack_from
    while start + 4 <= end:
        length, attr_type = rta(buf, start)
        if length < 4:
            break
        found.append((attr_type & NLA_TYPE_MASK, bytes(buf[start + 4:start + length])))
        start += (length + 3) & ~3
    return found


def find_attribute(buf, start, end, wanted):
    """The payload of one attribute, or None: cheaper than attributes() for one."""
    rta = _RTA.unpack_from
    while start + 4 <= end:
        length, attr_type = rta(buf, start)
        if length < 4:
            break
        if attr_type & NLA_TYPE_MASK == wanted:
            return bytes(buf[start + 4:start + length])
        start += (length + 3) & ~3
    return None


def nested_attributes(payload):
    return attributes(payload, 0, len(payload))


def attr_u8(payload):
    return payload[0]


def attr_u16(payload):
    return _U16.unpack_from(payload)[0]


def attr_u32(payload):
    return _U32.unpack_from(payload)[0]


def attr_s32(payload):
    return _INT.unpack_from(payload)[0]


def attr_u64(payload):
    return _U64.unpack_from(payload)[0]


def attr_str(payload):
    return payload.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def u32_of(attrs, attr_type):
    """The u32 of one attribute in an attributes() dict; 0 when absent or too short."""
    payload = attrs.get(attr_type)
    return attr_u32(payload) if payload is not None and len(payload) >= 4 else 0


def u64_of(attrs, attr_type):
    """The u64 of one attribute in an attributes() dict; 0 when absent or too short."""
    payload = attrs.get(attr_type)
    return attr_u64(payload) if payload is not None and len(payload) >= 8 else 0
