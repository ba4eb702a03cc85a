"""Live: every struct arpreq ours hands the kernel is the one the real arp hands it.

The golden and differential tests compare what the kernel makes of a
request: the messages, the exit status, the table afterwards.  Much of a
request leaves no trace there: the kernel ignores the flags of `trail` and
`auto` (ATF_USETRAILERS, ATF_MAGIC), never reads the bytes of a hardware
address beyond the device's address length, and refuses a foreign hardware
type with one EINVAL whatever its address.  So here each mutating arp case
runs once more in its lab, and the requests themselves are compared, byte for
byte and in order:

  the real arp's    a few lines of C loaded with LD_PRELOAD log the 68 bytes
                    of every SIOCSARP/SIOCDARP argument before passing the
                    call on to the kernel (so the run goes on as it would);
  ours              PYNETTOOLS_RECORD: the seam keys each ioctl of its
                    recording by its argument bytes.

C never sets some of those bytes: arp reads addresses into a struct
sockaddr_storage on its stack and copies 16 bytes of it into the request, so
the sin_zero bytes (8 to 15) of the protocol address and the netmask, and of
the hardware address whatever the address itself does not fill, are stack
leftovers (the kernel reads none of them).  Ours sends zeros there, and a
zero of ours at those places matches any byte of the real arp's.

Needs root, net-tools and a C compiler (skipped with the reason otherwise;
failed instead under PYNETTOOLS_REQUIRE_LIVE=1, as in CI).
"""
import json
import os
import shutil
import subprocess
import tempfile

import pytest

from tests.conftest import require_live_or_skip, skip_live
from tests.harness import live
from tests.harness.cases import load_cases

pytestmark = pytest.mark.live

# SIOCSARP and SIOCDARP arguments (a struct arpreq is 68 bytes on Linux)
# appended to the file named by PNT_ARPREQ_LOG, one "NAME:hex" line each,
# the name and hex as the seam's recording keys them.
SHIM_C = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <net/if_arp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>

int ioctl(int fd, unsigned long request, ...)
{
    static int (*next)(int, unsigned long, void *);
    const char *path = getenv("PNT_ARPREQ_LOG");
    unsigned char *bytes;
    va_list ap;
    void *arg;
    size_t i;
    FILE *log;

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);
    if (next == NULL)
        next = (int (*)(int, unsigned long, void *))dlsym(RTLD_NEXT, "ioctl");
    if (path != NULL && (request == SIOCSARP || request == SIOCDARP)) {
        log = fopen(path, "a");
        if (log != NULL) {
            fputs(request == SIOCSARP ? "SIOCSARP:" : "SIOCDARP:", log);
            bytes = arg;
            for (i = 0; i < sizeof(struct arpreq); i++)
                fprintf(log, "%02x", bytes[i]);
            fputc('\n', log);
            fclose(log);
        }
    }
    return next(fd, request, arg);
}
"""

REQUESTS = ("SIOCSARP", "SIOCDARP")
# struct arpreq: arp_pa (0-15), arp_ha (16-31), arp_flags (32-35),
# arp_netmask (36-51), arp_dev (52-67); the sin_zero bytes of the three
# sockaddrs are where C leaves stack leftovers.
LEFTOVERS = tuple(range(8, 16)) + tuple(range(24, 32)) + tuple(range(44, 52))


def same_request(ours, real):
    """Whether two "NAME:hex" requests agree, a zero of ours matching any leftover byte."""
    our_name, _, our_hex = ours.partition(":")
    real_name, _, real_hex = real.partition(":")
    ours_bytes, real_bytes = bytes.fromhex(our_hex), bytearray.fromhex(real_hex)
    if our_name != real_name or len(ours_bytes) != len(real_bytes):
        return False
    for index in LEFTOVERS:
        if index < len(ours_bytes) and ours_bytes[index] == 0:
            real_bytes[index] = 0
    return bytes(real_bytes) == ours_bytes


@pytest.fixture(scope="module")
def shim(tmp_path_factory):
    require_live_or_skip("arp")
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        skip_live("no C compiler to build the ioctl logger (.ci/run installs gcc)")
    directory = tmp_path_factory.mktemp("arpreq")
    (directory / "shim.c").write_text(SHIM_C)
    subprocess.run([compiler, "-shared", "-fPIC", "-o", str(directory / "shim.so"), str(directory / "shim.c"),
                    "-ldl"], check=True, timeout=120)
    return str(directory / "shim.so")


def _mutating_cases():
    return [pytest.param(case, id=case.name) for case in load_cases("arp") if case.mutates]


def real_requests(lab, case, cwd, shim_path):
    fd, log = tempfile.mkstemp(prefix="pnt-arpreq-")
    os.close(fd)
    try:
        environ = case.environ()
        environ.update(LD_PRELOAD=shim_path, PNT_ARPREQ_LOG=log)
        lab.run(case.argv, role=case.ns, env=environ, cwd=cwd)
        with open(log) as f:
            return [line.strip() for line in f if line.strip()]
    finally:
        os.unlink(log)


def our_requests(lab, case, cwd):
    record = tempfile.mkdtemp(prefix="pnt-arpreq-ours-")
    try:
        live.run_ours(lab, case, cwd, record_dir=record)
        seam = os.path.join(record, "seam.json")
        if not os.path.isfile(seam):
            return []
        with open(seam) as f:
            entries = json.load(f)["entries"]
        return [entry["key"] for entry in entries
                if entry["op"] == "ioctl" and entry["key"].split(":", 1)[0] in REQUESTS]
    finally:
        shutil.rmtree(record, ignore_errors=True)


@pytest.mark.parametrize("case", _mutating_cases())
def test_requests_are_the_real_arps(case, lab_pool, shim):
    lab = lab_pool.lab_for(case)
    cwd = live.working_dir(case)
    try:
        lab.reset_neighbours()
        real = real_requests(lab, case, cwd, shim)
        lab.reset_neighbours()
        ours = our_requests(lab, case, cwd)
    finally:
        lab.reset_neighbours()
        shutil.rmtree(cwd, ignore_errors=True)
    same = len(ours) == len(real) and all(same_request(o, r) for o, r in zip(ours, real))
    assert same, "%s: %s\nreal arp's requests:\n  %s\nours:\n  %s" % (
        case.id, " ".join(case.argv), "\n  ".join(real) or "(none)", "\n  ".join(ours) or "(none)")
