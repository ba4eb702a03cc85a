"""`ip route restore` from a file, real and ours side by side.

The golden cases feed stdin through a pipe, where ip stops at ftell()
("Failed to restore: ftell: Illegal seek"); restoring needs a file it can
seek back in, so this test runs both with a saved stream (what the real
ip saved, tests/ip/savedumps) as a regular file on stdin, each in a fresh
namespace built like the ip-change lab, and compares stdout, stderr, the
exit status and the routes left behind.  The stream's routes come back in
restore_handler()'s three passes; those the lab has already are "File
exists", reported and passed over.
"""
import os
import subprocess

import pytest

from tests.conftest import require_live_or_skip
from tests.harness import live

pytestmark = pytest.mark.live

SAVED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "savedumps", "route-restore-table-all.bin")
SETUP = [
    "link add veth0 address 02:00:00:00:c0:01 type veth peer name veth1 address 02:00:00:00:c0:02",
    "link add br0 address 02:00:00:00:c0:03 type bridge",
    "link set veth0 up", "link set veth1 up", "link set br0 up", "link set lo up",
    "addr add 198.51.100.1/24 dev veth0", "addr add 198.51.100.2/24 dev veth1",
    "route add 203.0.113.0/24 via 198.51.100.2", "route add 203.0.113.128/25 dev veth0 table 100",
]
STATE = [["route", "show", "table", "all"], ["-6", "route", "show", "table", "all"]]


def _restore_in_fresh_namespace(name, program, stream_path):
    subprocess.run(["ip", "netns", "del", name], stderr=subprocess.DEVNULL)
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        for step in SETUP:
            subprocess.run(["ip", "-n", name] + step.split(), check=True)
        with open(stream_path, "rb") as stdin:
            ran = subprocess.run(["ip", "netns", "exec", name] + program + ["route", "restore"], stdin=stdin,
                                 capture_output=True)
        state = [subprocess.run(["ip", "-n", name] + words, capture_output=True).stdout for words in STATE]
        return ran.returncode, ran.stdout, ran.stderr, state
    finally:
        subprocess.run(["ip", "netns", "del", name])


@pytest.mark.parametrize("cut", [None, -10, 4], ids=["whole", "truncated", "magic-only"])
def test_restore_from_a_file(tmp_path, cut):
    require_live_or_skip("ip")
    with open(SAVED, "rb") as f:
        data = f.read()
    stream = tmp_path / "stream.bin"
    stream.write_bytes(data if cut is None else data[:cut])
    tag = "pnt-rrest-%d-" % os.getpid()
    real = _restore_in_fresh_namespace(tag + "real", ["ip"], str(stream))
    ours = _restore_in_fresh_namespace(tag + "ours", live.ours_command("ip"), str(stream))
    assert ours == real
