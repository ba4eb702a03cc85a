"""`ip address save` streams are compared as `ip route save`'s are
(tests/harness/volatile.py compare_ip_saved, under ipaddress.c's magic):
only each message's sequence number (within the clock) and port id (one
per stream) may differ; an address's own bytes may not."""
import os
import struct
import subprocess

import pytest

from tests.conftest import require_live_or_skip
from tests.harness import live
from tests.harness.volatile import compare_stdout

MAGIC = struct.pack("=I", 0x47361222)


def _address(seq, port, local=b"\xc6\x33\x64\x01", cstamp=1234):
    """An RTM_NEWADDR as a dump sends it: ifaddrmsg, IFA_ADDRESS, IFA_LOCAL, IFA_CACHEINFO."""
    attrs = struct.pack("=HH", 8, 1) + local + struct.pack("=HH", 8, 2) + local
    attrs += struct.pack("=HHIIII", 20, 6, 0xFFFFFFFF, 0xFFFFFFFF, cstamp, cstamp)
    body = struct.pack("=BBBBi", 2, 24, 0x80, 0, 2) + attrs
    return struct.pack("=IHHII", 16 + len(body), 20, 2, seq, port) + body


def _stream(seq, port, **kwargs):
    return MAGIC + _address(seq, port, **kwargs) + _address(seq, port)


def test_seq_and_port_id_tolerated():
    assert compare_stdout("ip", _stream(1000, 77), _stream(1001, 4242), window=0.2) is None


def test_seq_beyond_the_clock_caught():
    assert "nlmsg_seq" in compare_stdout("ip", _stream(1000, 77), _stream(1005, 77), window=0.2)


def test_address_bytes_caught():
    why = compare_stdout("ip", _stream(1000, 77), _stream(1000, 77, local=b"\xc6\x33\x64\x02"), window=0.2)
    assert why is not None and "differs at byte" in why


def test_creation_stamp_caught():
    """The lab is not rebuilt between a save case's two runs: the stamps are exact."""
    why = compare_stdout("ip", _stream(1000, 77), _stream(1000, 77, cstamp=1235), window=0.2)
    assert why is not None and "differs at byte" in why


# ---- from a file: what the golden cases (stdin a pipe) cannot show ------------------------

SAVED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "savedumps", "addr-save.bin")


@pytest.mark.live
@pytest.mark.parametrize("tail", [b"", struct.pack("=IHHII", 8, 20, 2, 0, 0)], ids=["whole", "malformed"])
def test_showdump_from_a_file(tmp_path, tail):
    """With a file on stdin ftell() works: a malformed message is reported at
    its place in the file (on a pipe, at (unsigned long)-1)."""
    require_live_or_skip("ip")
    stream = tmp_path / "stream.bin"
    with open(SAVED, "rb") as f:
        stream.write_bytes(f.read() + tail)
    runs = []
    for program in (["ip"], live.ours_command("ip")):
        with open(str(stream), "rb") as stdin:
            ran = subprocess.run(program + ["addr", "showdump"], stdin=stdin, capture_output=True)
        runs.append((ran.returncode, ran.stdout, ran.stderr))
    assert runs[1] == runs[0]
