"""The multi-call dispatcher, run as a user runs it: the installed `pynettools`.

The BusyBox contract (--list, --install [-s] DIR, NAME: applet not found
with 127, the tool named by argv[0] or argv[1]) and the process promises:
a closed pipe ends us quietly as SIGPIPE ends the C tools, a bad option gets
the real tool's message and status, and no traceback reaches the user
unless PYNETTOOLS_DEBUG asks for one.  Needs neither root nor a lab: where
kernel state is needed it is replayed (PYNETTOOLS_REPLAY).
"""
import json
import os
import signal
import subprocess
import sys

import pytest

from pynettools.cli import TOOLS
from tests.harness.live import ours_command

PROGRAM = ours_command("arp")[:-1]  # [path-to-pynettools] or [python, -m, pynettools]
SCRIPT = PROGRAM[0] if len(PROGRAM) == 1 else None
ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"}


def run(argv, env=None, **kwargs):
    environ = dict(ENV)
    environ.update(env or {})
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ, timeout=60, **kwargs)


def needs_script():
    if SCRIPT is None:
        pytest.skip("the installed pynettools script was not found next to %s" % sys.executable)


def test_list_names_every_tool_once_per_line():
    result = run(PROGRAM + ["--list"])
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout.decode().splitlines() == list(TOOLS)


def test_no_arguments_and_help_print_usage():
    for args in ([], ["--help"], ["-h"]):
        result = run(PROGRAM + args)
        assert result.returncode == 0, args
        assert b"Usage: pynettools TOOL" in result.stdout


def test_version():
    import pynettools

    result = run(PROGRAM + ["--version"])
    assert result.stdout == ("pynettools %s\n" % pynettools.__version__).encode()


def test_applet_not_found():
    result = run(PROGRAM + ["no-such-tool", "-x"])
    assert (result.returncode, result.stdout, result.stderr) == (127, b"", b"no-such-tool: applet not found\n")


def test_python_dash_m_is_the_same_program():
    via_m = run([sys.executable, "-m", "pynettools", "arp", "-V"])
    via_script = run(PROGRAM + ["arp", "-V"])
    assert via_m.returncode == via_script.returncode == 0
    assert via_m.stdout == via_script.stdout and via_m.stdout.startswith(b"net-tools 2.10\n")
    assert run([sys.executable, "-m", "pynettools", "--list"]).stdout == run(PROGRAM + ["--list"]).stdout


def test_install_symlinks_then_run_by_link_name(tmp_path):
    needs_script()
    result = run(PROGRAM + ["--install", "-s", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    for name in TOOLS:
        link = tmp_path / name
        assert link.is_symlink() and os.path.realpath(str(link)) == os.path.realpath(SCRIPT)
    by_link = run([str(tmp_path / "arp"), "-V"])
    assert by_link.returncode == 0 and by_link.stdout.startswith(b"net-tools 2.10\n")


def test_install_leaves_existing_files_alone(tmp_path):
    needs_script()
    (tmp_path / "arp").write_text("mine\n")
    result = run(PROGRAM + ["--install", "-s", str(tmp_path)])
    assert b"exists, left alone" in result.stderr
    assert (tmp_path / "arp").read_text() == "mine\n"


def test_install_hard_links(tmp_path):
    needs_script()
    if os.stat(str(tmp_path)).st_dev != os.stat(SCRIPT).st_dev:
        pytest.skip("hard links need %s and the test directory on one file system" % SCRIPT)
    result = run(PROGRAM + ["--install", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert os.path.samefile(str(tmp_path / "arp"), SCRIPT)
    assert run([str(tmp_path / "arp"), "-V"]).stdout.startswith(b"net-tools 2.10\n")


def test_install_usage_error():
    result = run(PROGRAM + ["--install"])
    assert result.returncode == 1 and result.stderr.startswith(b"usage: pynettools --install")


def test_leading_dash_in_argv0_is_ignored(tmp_path):
    """A login shell calls a program "-name": the tool is still "name"."""
    needs_script()
    link = tmp_path / "-arp"
    os.symlink(SCRIPT, str(link))
    result = run([str(link), "-V"])
    assert result.returncode == 0 and result.stdout.startswith(b"net-tools 2.10\n")


def test_leading_dash_of_an_unknown_name(tmp_path):
    needs_script()
    link = tmp_path / "-nosuch"
    os.symlink(SCRIPT, str(link))
    result = run([str(link)])
    assert (result.returncode, result.stderr) == (127, b"nosuch: applet not found\n")


def test_messages_name_argv0_as_called(tmp_path):
    """Called as /some/dir/arp, getopt's messages start with that path, as the real arp's do."""
    needs_script()
    ours_link = tmp_path / "ours" / "arp"
    real_link = tmp_path / "real" / "arp"
    for link, target in ((ours_link, SCRIPT), (real_link, "/usr/sbin/arp")):
        link.parent.mkdir()
        os.symlink(target, str(link))
    ours = run([str(ours_link), "-z"])
    assert ours.stderr.startswith(("%s: invalid option -- 'z'\n" % ours_link).encode())
    if os.path.exists("/usr/sbin/arp"):
        real = run([str(real_link), "-z"])
        assert ours.stderr.replace(b"/ours/", b"/real/") == real.stderr
        assert ours.returncode == real.returncode


def test_a_tool_found_on_path_names_itself_as_typed(tmp_path):
    """`ss -Z` from PATH: the C tool's argv[0] is "ss", and so is ours."""
    needs_script()
    os.symlink(SCRIPT, str(tmp_path / "arp"))
    result = run(["arp", "-z"], env={"PATH": "%s:%s" % (tmp_path, ENV["PATH"])})
    assert result.stderr.startswith(b"arp: invalid option -- 'z'\n")


def test_bad_option_gets_the_real_message_and_no_traceback():
    result = run(PROGRAM + ["arp", "--no-such-option"])
    assert result.returncode == 3
    assert result.stderr.startswith(b"arp: unrecognized option '--no-such-option'\nUsage:\n")
    assert b"Traceback" not in result.stderr


# ---- pipes and internal errors (kernel state replayed) ---------------------------------


def _replay_dir(tmp_path, proc_net_arp):
    """A seam recording holding just /proc/net/arp, for `arp -n` to replay."""
    directory = tmp_path / "rec"
    (directory / "data").mkdir(parents=True)
    (directory / "data" / "arp").write_text(proc_net_arp)
    (directory / "seam.json").write_text(json.dumps({"version": 2, "entries": [
        {"op": "read", "key": "/proc/net/arp", "text": True, "file": "data/arp"}]}))
    return str(directory)


def _big_arp_table(entries=20000):
    lines = ["IP address       HW type     Flags       HW address            Mask     Device\n"]
    for n in range(entries):
        address = "198.51.100.%d" % (n % 254 + 1) if n < 254 else "203.0.113.%d" % (n % 254 + 1)
        lines.append("%-16s 0x1         0x2         02:00:00:00:%02x:%02x     *        veth0\n"
                     % (address, n >> 8 & 0xFF, n & 0xFF))
    return "".join(lines)


def test_closed_pipe_ends_us_like_sigpipe_ends_arp(tmp_path):
    """`arp -n | head -1`: the C tool dies of SIGPIPE, silently; so must we."""
    environ = dict(ENV, PYNETTOOLS_REPLAY=_replay_dir(tmp_path, _big_arp_table()))
    ours = subprocess.Popen(PROGRAM + ["arp", "-n"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ)
    head = subprocess.Popen(["head", "-1"], stdin=ours.stdout, stdout=subprocess.PIPE)
    ours.stdout.close()  # only head reads it now
    first_line = head.communicate(timeout=60)[0]
    stderr = ours.stderr.read()
    ours.stderr.close()
    assert ours.wait(timeout=60) == -signal.SIGPIPE
    assert stderr == b""
    assert first_line.startswith(b"Address ")


def test_internal_error_is_one_line_without_traceback(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "seam.json").write_text('{"version": 2, "entries": []}')
    result = run(PROGRAM + ["arp", "-n"], env={"PYNETTOOLS_REPLAY": str(empty)})
    assert result.returncode == 1
    assert result.stderr.startswith(b"arp: internal error: ") and result.stderr.count(b"\n") == 1
    assert b"Traceback" not in result.stderr


def test_pynettools_debug_shows_the_traceback(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "seam.json").write_text('{"version": 2, "entries": []}')
    result = run(PROGRAM + ["arp", "-n"], env={"PYNETTOOLS_REPLAY": str(empty), "PYNETTOOLS_DEBUG": "1"})
    assert result.returncode == 1
    assert b"Traceback (most recent call last)" in result.stderr
    assert b"ReplayMiss" in result.stderr
    assert result.stderr.rstrip().endswith(b"was not recorded in %s" % str(empty).encode())
