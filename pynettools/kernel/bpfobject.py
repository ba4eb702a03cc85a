"""The first look ip's legacy eBPF loader (lib/bpf_legacy.c bpf_elf_ctx_init())
takes at an object file, through the seam (recorded and replayed as a lookup).

Only what decides its early failures: the file does not open, or libelf
does not see an ELF object in it (elf_begin() fails on a directory;
elf_kind() is not ELF for anything without the ELF magic).  A real ELF
object would be loaded into the kernel: not ported (pynettools has no ELF
loader), so its callers stop there.
"""
import os

OPEN_FAILED, NOT_ELF, ELF = "open-failed", "not-elf", "elf"


def _object_kind(path):
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return OPEN_FAILED
    try:
        head = os.read(fd, 4)
    except OSError:
        return NOT_ELF  # a directory: elf_begin() gives NULL
    finally:
        os.close(fd)
    return ELF if head == b"\x7fELF" else NOT_ELF


def object_kind(kernel, path):
    """OPEN_FAILED, NOT_ELF or ELF for the object file at `path`."""
    return kernel.lookup("bpf object kind", _object_kind, path)
