"""DNS over HTTPS (RFC 8484) the way dig 9.18 does it: HTTP/2 only.

dig speaks HTTP/2 through nghttp2, over TLS (+https, ALPN "h2") or over
plain TCP with prior knowledge (+http-plain).  With POST (the default) the
query goes as the body of a request to /dns-query (+https=PATH); with GET
(+https-get) as ?dns=BASE64URL of it.  The reply is the body of the
response.  Python has no HTTP/2 client, and dig needs very little of one,
so this is a small one of our own:

  client  connection preface, an empty SETTINGS, one HEADERS frame on
          stream 1 (its header block written with HPACK "literal without
          indexing" fields, no Huffman: every decoder must take those),
          then for POST one DATA frame with END_STREAM
  server  SETTINGS (acknowledged), WINDOW_UPDATE, PING (answered), HEADERS
          (the :status is the first field; a server may index or Huffman-
          code it, so only its static-table forms are read), then DATA
          frames on stream 1 until END_STREAM
The whole exchange is one call on the kernel seam (see query.py), as DoT is.
"""
import base64
import struct

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = 0, 1, 3, 4, 6, 7, 8, 9
END_STREAM, ACK, END_HEADERS, PADDED, PRIORITY = 0x1, 0x1, 0x4, 0x8, 0x20
# HPACK static table entries for :status (RFC 7541 appendix A)
STATUS_INDEX = {8: 200, 9: 204, 10: 206, 11: 304, 12: 400, 13: 404, 14: 500}


class HttpError(Exception):
    """The exchange ended without a DNS message."""


def frame(kind, flags, stream, payload):
    return struct.pack("!I", len(payload))[1:] + struct.pack("!BBI", kind, flags, stream) + payload


def literal(name, value):
    """A header field, literal without indexing, new name, no Huffman."""
    return b"\x00" + _string(name) + _string(value)


def _string(text):
    data = text.encode("ascii")
    if len(data) < 127:
        return bytes((len(data),)) + data
    return b"\x7f" + _varint(len(data) - 127) + data


def _varint(n):
    out = bytearray()
    while n >= 128:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def request_frames(query, authority, path, use_get, secure):
    fields = [(":method", "GET" if use_get else "POST"), (":scheme", "https" if secure else "http"),
              (":authority", authority)]
    if use_get:
        encoded = base64.urlsafe_b64encode(query).rstrip(b"=").decode()
        fields.append((":path", "%s?dns=%s" % (path, encoded)))
        fields.append(("accept", "application/dns-message"))
    else:
        fields.append((":path", path))
        fields.append(("accept", "application/dns-message"))
        fields.append(("content-type", "application/dns-message"))
        fields.append(("content-length", str(len(query))))
    block = b"".join(literal(name, value) for name, value in fields)
    out = PREFACE + frame(SETTINGS, 0, 0, b"")
    if use_get:
        return out + frame(HEADERS, END_HEADERS | END_STREAM, 1, block)
    return out + frame(HEADERS, END_HEADERS, 1, block) + frame(DATA, END_STREAM, 1, query)


def read_response(recv_exactly, send):
    """The body of stream 1's response.  recv_exactly(n) -> bytes (raises
    EOFError at the end), send(bytes)."""
    body = b""
    status = None
    while True:
        header = recv_exactly(9)
        length = struct.unpack("!I", b"\0" + header[:3])[0]
        kind, flags, stream = header[3], header[4], struct.unpack("!I", header[5:9])[0] & 0x7FFFFFFF
        payload = recv_exactly(length) if length else b""
        if kind == SETTINGS and not flags & ACK:
            send(frame(SETTINGS, ACK, 0, b""))
        elif kind == PING and not flags & ACK:
            send(frame(PING, ACK, 0, payload))
        elif kind == GOAWAY:
            raise HttpError("end of file")
        elif kind == RST_STREAM and stream == 1:
            raise HttpError("end of file")
        elif kind in (HEADERS, CONTINUATION) and stream == 1:
            if status is None:
                status = _status(payload, flags if kind == HEADERS else 0)
            if flags & END_STREAM:
                return status, body
        elif kind == DATA and stream == 1:
            body += _unpadded(payload, flags)
            if flags & END_STREAM:
                return status, body


def _unpadded(payload, flags):
    if flags & PADDED and payload:
        pad = payload[0]
        return payload[1:len(payload) - pad]
    return payload


def _status(block, flags):
    """:status from the first header field, when it is a static-table one."""
    if flags & PADDED and block:
        block = block[1:len(block) - block[0]]
    if flags & PRIORITY:
        block = block[5:]
    if block and block[0] & 0x80:
        return STATUS_INDEX.get(block[0] & 0x7F)
    return None
