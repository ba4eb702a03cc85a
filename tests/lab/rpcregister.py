"""Register RPC programs with the rpcbind of this mount namespace (a lab helper).

    python rpcregister.py PROG VERS NETID ADDR [PROG VERS NETID ADDR ...]

Sends one RPCBPROC_SET call (rpcbind protocol version 4) per program over
/run/rpcbind.sock, as a local root client, which rpcbind trusts to register
anything.  ADDR is a universal address: "0.0.0.0.8.1" is port 8 * 256 + 1.
Exits 1 when rpcbind refuses or does not answer.
"""
import socket
import struct
import sys

from pynettools.kernel.rpcbind import read_record

RPCBIND_SOCKET = "/run/rpcbind.sock"
RPCB_PROG, RPCB_VERS, RPCBPROC_SET = 100000, 4, 1


def xdr_string(text):
    data = text.encode()
    return struct.pack(">I", len(data)) + data + b"\0" * (-len(data) % 4)


def set_call(xid, prog, vers, netid, addr):
    # call header: xid, CALL, RPC version 2, program, version, procedure,
    # AUTH_NONE credentials and verifier; then the rpcb argument (owner "root").
    header = struct.pack(">10I", xid, 0, 2, RPCB_PROG, RPCB_VERS, RPCBPROC_SET, 0, 0, 0, 0)
    body = struct.pack(">II", prog, vers) + xdr_string(netid) + xdr_string(addr) + xdr_string("root")
    message = header + body
    return struct.pack(">I", 0x80000000 | len(message)) + message


def main(argv):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect(RPCBIND_SOCKET)
    words = argv[1:]
    for n in range(0, len(words), 4):
        prog, vers, netid, addr = words[n:n + 4]
        sock.sendall(set_call(n + 1, int(prog), int(vers), netid, addr))
        reply = read_record(sock)
        # reply: xid, REPLY, MSG_ACCEPTED, verifier (flavour, empty body), SUCCESS, bool
        accepted = struct.unpack_from(">6I", reply)
        if accepted[1:3] != (1, 0) or accepted[5] != 0 or struct.unpack_from(">I", reply, 24)[0] != 1:
            sys.stderr.write("rpcbind refused %s\n" % " ".join(words[n:n + 4]))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
