"""The two netcats the live nc tests run against each other: the real one and ours.

    argv, env = command("ours", ["-l", "-p", "9000"])
    process = start(lab, "peer", argv, env, stdout=f)
    wait_listening(lab, "peer", port=9000)

"real" is netcat-openbsd's nc, found on BASE_ENV's PATH (tests/harness/
provenance.py checks it is the package's binary); "ours" is the installed
pynettools started through a link named nc (tests/harness/live.py
ours_linked_command), so that argv[0] is "nc" for both: nc's messages start
with it.  Reinstall ours first: `.venv/bin/pip install -q --no-deps
--force-reinstall .`.

Nothing here connects to a listener to see whether it is up: `nc -l`
without -k accepts exactly one connection, and a probe would be it.  The
kernel's socket table (the real ss, by its full path) says when it listens.
"""
import os
import shutil
import subprocess
import time

from tests.harness import live
from tests.harness.cases import BASE_ENV

SIDES = ("real", "ours")
SS = shutil.which("ss", path="/usr/bin:/bin:/usr/sbin:/sbin") or "ss"


def command(side, args):
    """(argv, env) that run nc ARGS as `side` ("real" or "ours")."""
    if side == "real":
        return ["nc"] + list(args), dict(BASE_ENV)
    if side != "ours":
        raise ValueError("side must be real or ours, not %r" % (side,))
    start, link_dir = live.ours_linked_command("nc")
    env = dict(BASE_ENV, PATH=link_dir + os.pathsep + BASE_ENV["PATH"])
    return start + list(args), env


def start(lab, role, argv, env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE):
    """Start argv in the lab's namespace `role`, not waiting for it (a Popen)."""
    return subprocess.Popen(lab.command(argv, role), env=env, stdin=stdin, stdout=stdout, stderr=stderr)


def wait_listening(lab, role, port=None, path=None, process=None, timeout=10.0):
    """Wait until a TCP socket listens on `port` (or a unix stream socket on
    `path`) in namespace `role`.  Raises AssertionError after `timeout`
    seconds, or at once when `process` (the listener) has ended."""
    if port is not None:
        argv = [SS, "-Hltn", "sport = :%d" % port]
    else:
        argv = [SS, "-Hlx", "src", path]
    deadline = time.monotonic() + timeout
    while True:
        listing = lab.run(argv, role).stdout
        if listing.strip():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError("the listener ended (exit %s) before it listened" % process.returncode)
        if time.monotonic() > deadline:
            raise AssertionError("nothing listens on %s after %.0f s" % (port or path, timeout))
        time.sleep(0.02)


def stop(process):
    """End a process we started, if it still runs, and collect it."""
    if process.poll() is None:
        process.kill()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
