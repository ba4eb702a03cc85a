"""Attach a minimal XDP program to a device: the lab's way to give `ip link` one to show.

    python3 tests/ip/xdpload.py DEV MODE NAME      (MODE: generic or driver)

Nothing is done when DEV already has an XDP program: a case runs this as a
`setup` command before both runs of its pair, and the second run must see
the program the first one saw (the same id, load time and all).

There is no clang here, so the program is written out by hand: two eBPF
instructions, `r0 = XDP_PASS; exit`, loaded with the bpf(2) syscall
(BPF_PROG_LOAD) under NAME, then attached to DEV with an RTM_SETLINK
carrying IFLA_XDP { IFLA_XDP_FD, IFLA_XDP_FLAGS } -- what `ip link set DEV
xdpgeneric ...` sends.  The device keeps a reference to the program, so it
stays loaded, with the same id, after this process exits (until the device
or its namespace goes): the real ip and ours see the same program id.
"""
import ctypes
import os
import socket
import struct
import sys

BPF_SYSCALL = {"x86_64": 321, "aarch64": 280}
BPF_PROG_LOAD = 5
BPF_PROG_TYPE_XDP = 6
XDP_PASS = 2
XDP_FLAGS = {"generic": 2, "driver": 4}  # XDP_FLAGS_SKB_MODE, XDP_FLAGS_DRV_MODE
RTM_SETLINK = 19
IFLA_XDP = 43
IFLA_XDP_FD = 1
IFLA_XDP_FLAGS = 3
NLA_F_NESTED = 0x8000


def _insn(code, dst, src, off, imm):
    return struct.pack("=BBhi", code, (src << 4) | dst, off, imm)


def load(name):
    """Load `r0 = XDP_PASS; exit`; return its file descriptor."""
    program = _insn(0xb7, 0, 0, 0, XDP_PASS) + _insn(0x95, 0, 0, 0, 0)  # BPF_ALU64|MOV|K; BPF_JMP|EXIT
    insns = ctypes.create_string_buffer(program, len(program))
    license = ctypes.create_string_buffer(b"GPL")
    # union bpf_attr, BPF_PROG_LOAD part: prog_type, insn_cnt, insns, license,
    # log_level, log_size, log_buf, kern_version, prog_flags, prog_name[16]
    attr = struct.pack("=IIQQIIQII16s", BPF_PROG_TYPE_XDP, len(program) // 8, ctypes.addressof(insns),
                       ctypes.addressof(license), 0, 0, 0, 0, 0, name.encode()[:15])
    attr = ctypes.create_string_buffer(attr + b"\0" * (128 - len(attr)), 128)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    fd = libc.syscall(ctypes.c_long(BPF_SYSCALL[os.uname().machine]), ctypes.c_int(BPF_PROG_LOAD),
                      attr, ctypes.c_uint(128))
    if fd < 0:
        err = ctypes.get_errno()
        raise OSError(err, "BPF_PROG_LOAD: " + os.strerror(err))
    return fd


def _attr(kind, payload):
    size = 4 + len(payload)
    return struct.pack("=HH", size, kind) + payload + b"\0" * (-size % 4)


def attach(dev, fd, mode):
    nested = _attr(IFLA_XDP_FD, struct.pack("=i", fd)) + _attr(IFLA_XDP_FLAGS, struct.pack("=I", XDP_FLAGS[mode]))
    body = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, socket.if_nametoindex(dev), 0, 0)
    body += _attr(IFLA_XDP | NLA_F_NESTED, nested)
    message = struct.pack("=IHHII", 16 + len(body), RTM_SETLINK, 0x5, 1, 0) + body  # REQUEST|ACK
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    try:
        sock.sendto(message, (0, 0))
        reply = sock.recv(65536)
    finally:
        sock.close()
    error = struct.unpack_from("=i", reply, 16)[0]
    if error:
        raise OSError(-error, "RTM_SETLINK IFLA_XDP %s: %s" % (dev, os.strerror(-error)))


def attached(dev):
    """Whether DEV shows an XDP program (asked of the real ip: this is test scaffolding)."""
    import subprocess

    shown = subprocess.run(["ip", "-d", "link", "show", "dev", dev], stdout=subprocess.PIPE, check=True)
    return b"prog/xdp" in shown.stdout


def main(argv):
    dev, mode, name = argv
    if attached(dev):
        return 0
    fd = load(name)
    attach(dev, fd, mode)
    os.close(fd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
