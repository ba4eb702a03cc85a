"""-e: ICMP extensions (RFC 4884 / RFC 4950 MPLS label stacks) as
traceroute 2.1.2's extension.c reads them from the quoted packet's tail,
and the text it shows between "<" and ">".
"""
import struct

MPLS_CLASS, MPLS_C_TYPE = 1, 1
_TEXT_MAX = 1023            # char str[1024], snprintf'ed up to its end


def handle(buf, step):
    """handle_extensions(): step 0 tries at buf only; else at every step
    bytes while 8 or more remain.  The text, or None."""
    if not step:
        return _try(buf)
    at = 0
    while len(buf) - at >= 8:
        text = _try(buf[at:])
        if text is not None:
            return text
        at += step
    return None


def _try(buf):
    """try_extension(): version 2, a checksum that holds (or none), then
    objects that fill the rest exactly."""
    if len(buf) < 4 or buf[0] >> 4 != 2:
        return None
    if struct.unpack_from("!H", buf, 2)[0] and _csum(buf) != 0xFFFF:
        return None
    at, parts = 4, []
    while len(buf) - at >= 4:
        objlen, cls, ctype = struct.unpack_from("!HBB", buf, at)
        if objlen < 4 or objlen > len(buf) - at:
            return None
        data = buf[at + 4:at + objlen]
        if len(data) % 4:
            return None
        words = struct.unpack("!%dI" % (len(data) // 4), data)
        if cls == MPLS_CLASS and ctype == MPLS_C_TYPE and words:
            parts.append("MPLS:" + "/".join("L=%u,E=%u,S=%u,T=%u" % (w >> 12, (w >> 9) & 7, (w >> 8) & 1, w & 0xFF)
                                            for w in words))
        else:
            parts.append("%u/%u:" % (cls, ctype) + ",".join("%08x" % w for w in words))
        at += objlen
    if len(buf) - at:
        return None
    return ";".join(parts)[:_TEXT_MAX]


def _csum(data):
    """in_csum() as traceroute's csum.c: the one's complement sum, 0 as 0xffff."""
    if len(data) % 2:
        data = bytes(data) + b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total & 0xFFFF) or 0xFFFF
