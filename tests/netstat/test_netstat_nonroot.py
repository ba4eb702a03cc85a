"""netstat -p as an ordinary user: the real netstat and ours, side by side.

A user may not open other users' /proc/PID/fd, so netstat -p names only the
user's own sockets and says so on stderr: "(Not all processes could be
identified, ...)" when it named at least one, "(No info could be read for
"-p": geteuid()=N ...)" when it named none.  The golden cases run as root,
so this live test runs both tools as nobody (setpriv) in a fresh network
namespace, once with a listener nobody owns and once without, and compares
stdout, stderr and exit status.  Live only: needs root, setpriv and net-tools.
"""
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import skip_live

pytestmark = pytest.mark.live

OURS = [sys.executable, "-c", "import sys; from pynettools.runtime import run_tool; "
        "sys.exit(run_tool('netstat', 'pynettools.tools.netstat', sys.argv[1:]))"]
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
LISTENER = ("import socket, sys, time\n"
            "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
            "s.bind(('127.0.0.1', 8765)); s.listen()\n"
            "print('ready', flush=True); time.sleep(30)\n")


def _run(argv):
    done = subprocess.run(argv, capture_output=True, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"})
    return done.stdout, done.stderr, done.returncode


@pytest.mark.parametrize("own_socket", [True, False], ids=["some-own", "none-own"])
@pytest.mark.parametrize("args", [["-tanp"], ["-xp"], ["-anp"]], ids=["tanp", "xp", "anp"])
def test_programs_as_nobody(own_socket, args):
    if os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("unshare") or not shutil.which("netstat"):
        skip_live("needs root, setpriv, unshare and net-tools' netstat")
    script = ['ip link set lo up']
    if own_socket:
        script.append('%s python3 -c "$LISTENER" > "$READY" & pid=$!; '
                      'while ! grep -q ready "$READY" 2>/dev/null; do sleep 0.05; done' % " ".join(NOBODY))
    script.append('"$@"')
    if own_socket:
        script.append('status=$?; kill $pid; exit $status')
    import tempfile

    with tempfile.NamedTemporaryFile(prefix="pnt-netstat-ready-") as ready:
        os.chmod(ready.name, 0o666)
        results = []
        for tool in (["netstat"], OURS):
            argv = ["unshare", "-n", "sh", "-c", "; ".join(script), "sh"] + NOBODY + tool + args
            env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C", "LISTENER": LISTENER,
                   "READY": ready.name, "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
            done = subprocess.run(argv, capture_output=True, env=env)
            results.append((done.stdout, done.stderr, done.returncode))
            with open(ready.name, "w"):
                pass
    want, have = results
    assert have[2] == want[2]
    assert have[1].decode() == want[1].decode()
    # the listener's pid differs between the two runs: compare the rest of its row
    assert _without_pids(have[0]) == _without_pids(want[0])
    if own_socket and "x" not in args[0]:
        assert b"/python3" in want[0] and b"Not all processes" in want[1]


def _without_pids(text):
    import re

    return re.sub(rb"\b\d+/python3", b"PID/python3", text).decode()
