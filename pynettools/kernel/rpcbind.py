"""Ask rpcbind which RPC programs it knows (what `ss -r` names ports after).

ss (built with libtirpc, as Debian's is) connects to rpcbind's unix socket
and makes one ONC RPC call: RPCBPROC_DUMP of rpcbind protocol version 4
(program 100000).  The answer is a linked list of registrations, each a
program number, version, netid ("tcp", "udp6", "local"...), universal
address ("0.0.0.0.8.1" = port 2049) and owner.

ONC RPC over a stream socket (RFC 5531): every message is sent as record
fragments, each behind a 4-byte big-endian header whose top bit marks the
last fragment and whose other 31 bits give the fragment's length.  The
payload is XDR: big-endian 32-bit words, strings as a length word and the
bytes padded to a multiple of 4.
"""
import struct

RPCBIND_SOCKET = "/var/run/rpcbind.sock"
RPCB_PROG = 100000
RPCB_VERS = 4
RPCBPROC_DUMP = 4
_TIMEOUT = 5.0  # seconds, as ss gives clnt_call
_LAST_FRAGMENT = 0x80000000

# ss never closes its RPC client: its socket (connected to rpcbind, or not
# connected at all when rpcbind is absent) stays open until ss exits, and
# `ss -x -a` lists it.  We keep ours open just as long.
_KEPT_SOCKETS = []


def dump(path=RPCBIND_SOCKET):
    """The registrations as [prog, vers, netid, addr, owner] lists, or None
    when rpcbind cannot be reached or does not answer."""
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM, 0)
    _KEPT_SOCKETS.append(sock)
    try:
        sock.connect(path)
        sock.settimeout(_TIMEOUT)
        sock.sendall(_dump_call(xid=1))
        reply = read_record(sock)
    except OSError:
        return None
    try:
        return _parse_dump_reply(reply)
    except (struct.error, ValueError):
        return None


def _dump_call(xid):
    # xid, CALL (0), RPC version 2, program, version, procedure,
    # credentials AUTH_NONE (flavour 0, no body), verifier AUTH_NONE.
    # RPCBPROC_DUMP takes no arguments.
    message = struct.pack(">10I", xid, 0, 2, RPCB_PROG, RPCB_VERS, RPCBPROC_DUMP, 0, 0, 0, 0)
    return struct.pack(">I", _LAST_FRAGMENT | len(message)) + message


def read_record(sock):
    """One whole ONC RPC record (all its fragments) from a stream socket."""
    data = b""
    while True:
        (mark,) = struct.unpack(">I", _read_exactly(sock, 4))
        data += _read_exactly(sock, mark & ~_LAST_FRAGMENT)
        if mark & _LAST_FRAGMENT:
            return data


def _read_exactly(sock, size):
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise OSError("rpcbind closed the connection")
        data += chunk
    return data


def _parse_dump_reply(reply):
    """Reply: xid, REPLY (1), MSG_ACCEPTED (0), verifier (flavour, opaque
    body), accept status SUCCESS (0), then the list: a "more follows" bool
    before every entry and a false one at the end."""
    _xid, msg_type, reply_stat, _flavour = struct.unpack_from(">4I", reply)
    if msg_type != 1 or reply_stat != 0:
        raise ValueError("rpcbind did not accept the call")
    offset, _verifier = _xdr_opaque(reply, 16)
    (accept_stat,) = struct.unpack_from(">I", reply, offset)
    if accept_stat != 0:
        raise ValueError("rpcbind refused the call")
    offset += 4
    entries = []
    while True:
        (more,) = struct.unpack_from(">I", reply, offset)
        offset += 4
        if not more:
            return entries
        prog, vers = struct.unpack_from(">II", reply, offset)
        offset += 8
        entry = [prog, vers]
        for _ in range(3):  # netid, universal address, owner
            offset, text = _xdr_opaque(reply, offset)
            entry.append(text.decode("latin-1"))
        entries.append(entry)


def _xdr_opaque(data, offset):
    (length,) = struct.unpack_from(">I", data, offset)
    start = offset + 4
    end = start + length
    if end > len(data):
        raise ValueError("truncated XDR string")
    return start + length + (-length % 4), data[start:end]
