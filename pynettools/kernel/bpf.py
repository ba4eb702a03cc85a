"""What the kernel says about a loaded eBPF program: the bpf(2) system call.

A link's IFLA_XDP attribute names its XDP program only by id.  To show the
program's name and tag, ip (lib/bpf_legacy.c, bpf_dump_prog_info) asks the
bpf() system call twice:

  BPF_PROG_GET_FD_BY_ID { prog_id }  -> a file descriptor for the program
                                        (needs CAP_SYS_ADMIN: as another user
                                        it fails, and ip prints the id alone);
  BPF_OBJ_GET_INFO_BY_FD { fd, info, info_len } -> struct bpf_prog_info.

Python has no bpf() wrapper, so it is called through libc's syscall() with
ctypes.  The answer goes through the seam as a lookup ("bpf prog info"), so a
recording replays anywhere, without root and without the program.
"""
import struct

_SYSCALL_NUMBERS = {"x86_64": 321, "aarch64": 280, "armv7l": 386, "armv6l": 386, "i686": 357,
                    "i386": 357, "ppc64le": 361, "s390x": 351, "riscv64": 280}
BPF_PROG_GET_FD_BY_ID = 13
BPF_OBJ_GET_INFO_BY_FD = 15
_ATTR_SIZE = 128       # union bpf_attr, zero-filled past what each command reads
_INFO_SIZE = 228       # struct bpf_prog_info as iproute2 6.1's uapi header has it

# struct bpf_prog_info: offsets of the fields ip prints
_TAG_AT, _JITED_LEN_AT, _LOAD_TIME_AT, _UID_AT, _NAME_AT, _BTF_ID_AT = 8, 16, 40, 48, 64, 128


def prog_info(kernel, prog_id):
    """{name, tag, jited, load_time, created_by_uid, btf_id} of program
    `prog_id`, or None when the kernel would not tell (no such program, no
    privilege): then ip shows only the id."""
    return kernel.lookup("bpf prog info", _live_prog_info, prog_id)


def _live_prog_info(prog_id):
    import os

    try:
        fd = _bpf(BPF_PROG_GET_FD_BY_ID, struct.pack("=I", prog_id))[0]
    except OSError:
        return None
    try:
        return _info_by_fd(fd)
    finally:
        os.close(fd)


def _info_by_fd(fd):
    import ctypes

    info = ctypes.create_string_buffer(_INFO_SIZE)
    try:
        _ret, attr = _bpf(BPF_OBJ_GET_INFO_BY_FD, struct.pack("=IIQ", fd, _INFO_SIZE, ctypes.addressof(info)))
    except OSError:
        return None
    if not struct.unpack_from("=I", attr, 4)[0]:  # the length the kernel filled in
        return None
    raw = info.raw
    name = raw[_NAME_AT:_NAME_AT + 16].split(b"\0", 1)[0]
    return {"name": name.decode("utf-8", "surrogateescape"), "tag": raw[_TAG_AT:_TAG_AT + 8].hex(),
            "jited": 1 if struct.unpack_from("=I", raw, _JITED_LEN_AT)[0] else 0,
            "load_time": struct.unpack_from("=Q", raw, _LOAD_TIME_AT)[0],
            "created_by_uid": struct.unpack_from("=I", raw, _UID_AT)[0],
            "btf_id": struct.unpack_from("=I", raw, _BTF_ID_AT)[0]}


def _bpf(cmd, attr):
    """bpf(cmd, attr): (return value, the attr buffer after the call); OSError on failure."""
    import ctypes
    import os

    number = _SYSCALL_NUMBERS.get(os.uname().machine)
    if number is None:
        raise OSError(38, os.strerror(38))  # ENOSYS: an architecture we do not know
    buf = ctypes.create_string_buffer(attr.ljust(_ATTR_SIZE, b"\0"), _ATTR_SIZE)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    ret = libc.syscall(ctypes.c_long(number), ctypes.c_int(cmd), buf, ctypes.c_uint(_ATTR_SIZE))
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
    return ret, buf.raw
