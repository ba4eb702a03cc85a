"""pynettools.pyz (`python3 -m pynettools.zipapp`, issue 16): one file, nothing installed.

The archive is built once from this source tree, then proved:
- what it holds: at most 5 MB, the #! line, __main__, no pyroute2 or
  python-whois, each module's .py and .pyc; the build is reproducible;
- on a system without the real tools (root; test_without_the_real_tools): in
  a mount namespace where an empty, non-executable file is bound over every
  program named like a tool in cli.TOOLS (python stays), `X.pyz --install -s`
  and `--install` make links to the .pyz; every SAMPLE_EVERY-th golden case
  of each listed tool (in name order), and every SAMPLE_EVERY-th of those
  whose stdout is a terminal (on a pseudo-terminal), runs through those
  links, by their `#!/usr/bin/env python3`, with a python3 that is
  `python3 -I -S` (no site-packages at all: only the standard library and
  the .pyz), against the real tool's recorded output, compared as the golden
  tests compare (tests/harness/live.compare_outputs, volatile fields and all);
- on other Pythons found on PATH (python3.9 ...; test_other_pythons): the
  .pyc files have the wrong magic number there, and zipimport compiles the
  .py files: the first case of each tool;
- the wheel carries the man pages and completions as data files.

The namespace part runs as `python -m tests.test_zipapp --inside SPEC.json` under
`unshare -m`, and prints what it found as JSON.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE_EVERY = 10
# Where the reference tools live on Debian 12 (/bin and /sbin are links to /usr's).
TOOL_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
# The first N sampled cases of each tool run through the hard links, the others the symbolic ones.
THROUGH_HARD_LINKS = 1
WORKERS = 2  # cases run at once


def base_python():
    """The interpreter itself, not the venv's (whose site-packages hold dnspython)."""
    return os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)


def build(directory):
    """Build pynettools.pyz from this tree with this Python (the .pyc are for its version)."""
    output = os.path.join(directory, "pynettools.pyz")
    done = subprocess.run([sys.executable, "-m", "pynettools.zipapp", output], cwd=REPO,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    assert done.returncode == 0, done.stdout
    return output


# ---- choosing and running cases ----------------------------------------------------------


def sample(every=SAMPLE_EVERY):
    """[(tool, case directory)]: every `every`-th golden case of each tool in
    cli.TOOLS, in name order, and every `every`-th of its cases whose stdout is
    a terminal (ss's and ip's column layout), which the first count would leave
    to chance."""
    from pynettools.cli import TOOLS
    from tests.harness.cases import golden_case_dirs, load_golden_case

    chosen = []
    for tool in sorted(TOOLS):
        directories = [d for _, _, d in golden_case_dirs(tool)]
        terminal = [d for d in directories if load_golden_case(d).tty_columns]
        picked = directories[::every]
        chosen += [(tool, d) for d in picked + [d for d in terminal[::every] if d not in picked]]
    return chosen


def run_case(case_dir, links, wrapper_dir):
    """Run a golden case through the link named after its argv[0], the python3
    of wrapper_dir running it; returns (what differed from the real tool's
    recorded output, seconds)."""
    from tests.harness import golden, live
    from tests.harness.cases import load_golden_case, stdin_bytes

    case = load_golden_case(case_dir)
    expected = golden.Expected(case_dir)
    argv = [os.path.join(links, os.path.basename(case.argv[0]))] + list(case.argv[1:])
    if not os.path.lexists(argv[0]):
        return ["%s: no such link" % argv[0]], 0.0
    environ = case.environ()
    environ["PATH"] = links + os.pathsep + wrapper_dir + os.pathsep + environ["PATH"]
    environ["PYNETTOOLS_REPLAY"] = os.path.join(case_dir, "kernel")
    work = tempfile.mkdtemp(prefix="pnt-pyz-case-")
    try:
        if os.path.isdir(os.path.join(case_dir, "files")):
            os.rmdir(work)
            shutil.copytree(os.path.join(case_dir, "files"), work)
        start = time.monotonic()
        if case.tty_columns:  # stdout a terminal that wide, as the live harness has it
            from tests.lab.core import _run_on_terminal

            done = _run_on_terminal(argv, argv, case.tty_columns, environ, work, 120)
        else:
            done = subprocess.run(argv, input=stdin_bytes(case), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=environ, cwd=work, timeout=120)
            done.exit = done.returncode
        seconds = time.monotonic() - start
        outcome = golden.Outcome(done.stdout, done.stderr, done.exit, files=live.take_outputs(case, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ours = "pynettools.pyz"
    problems = live.compare_outputs(expected, outcome, "golden (real tool)", ours, case.tool, expected.window)
    problems += live.compare_files(expected.files, outcome.files, "golden (real tool)", ours, case.tool,
                                   expected.window)
    return problems, seconds


def python_wrapper(directory, python, flags):
    """A directory with a `python3` for the `#!/usr/bin/env python3` line: `python` with `flags`."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "python3")
    with open(path, "w") as f:
        f.write('#!/bin/sh\nexec %s %s "$@"\n' % (python, " ".join(flags)))
    os.chmod(path, 0o755)
    return directory


def other_pythons():
    """Working interpreters of Python versions other than this one, found on PATH."""
    found = []
    for minor in range(9, 20):
        if minor == sys.version_info[1] or not shutil.which("python3.%d" % minor):
            continue
        done = subprocess.run(["python3.%d" % minor, "-I", "-c", "import sys; print(sys.executable)"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True)
        if done.returncode == 0:  # (a pyenv shim of a version not selected fails)
            found.append(done.stdout.strip())
    return found


def imports_dnspython(pyz, python):
    """Whether `python` can import the archive's dnspython (each version needs Python >= N)."""
    code = "import sys; sys.path.insert(0, %r); import dns.message" % pyz
    return subprocess.run([python, "-I", "-S", "-c", code], stderr=subprocess.DEVNULL).returncode == 0


# ---- inside the mount namespace -----------------------------------------------------------


def hide_reference_tools(names, scratch):
    """Bind an empty file (mode 644) over every program named like a tool in
    TOOL_DIRS, link targets included (nc -> /etc/alternatives/nc -> nc.openbsd).
    Returns (the files hidden, the names still found on TOOL_DIRS)."""
    empty = os.path.join(scratch, "empty")
    open(empty, "w").close()
    os.chmod(empty, 0o644)
    hidden = set()
    for name in names:
        for directory in TOOL_DIRS:
            path = os.path.realpath(os.path.join(directory, name))
            if os.path.isfile(path) and path not in hidden and "python" not in os.path.basename(path):
                subprocess.run(["mount", "--bind", empty, path], check=True)
                hidden.add(path)
    still = [name for name in names if shutil.which(name, path=os.pathsep.join(TOOL_DIRS))]
    return sorted(hidden), still


def check_links(pyz, python, names, directory, symbolic):
    """`X.pyz --install [-s] directory`: one link per tool, to the .pyz.  Returns the problems."""
    os.mkdir(directory)
    argv = [python, "-I", "-S", pyz, "--install"] + (["-s"] if symbolic else []) + [directory]
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    problems = []
    if (done.returncode, done.stdout, done.stderr) != (0, b"", b""):
        problems.append("%s: exit %d, %r %r" % (" ".join(argv), done.returncode, done.stdout, done.stderr))
    for name in names:
        path = os.path.join(directory, name)
        if not os.path.lexists(path):
            problems.append("%s: no link made" % path)
        elif symbolic and os.readlink(path) != os.path.abspath(pyz):
            problems.append("%s points at %s, not %s" % (path, os.readlink(path), pyz))
        elif not symbolic and not os.path.samefile(path, pyz):
            problems.append("%s is not a hard link to %s" % (path, pyz))
    return problems


def check_by_its_own_name(pyz, python, wrapper, names):
    """`python3 -I X.pyz --list`, and `X.pyz --list` through its #! line.  Returns the problems."""
    problems = []
    want = "".join(name + "\n" for name in names).encode()
    for argv, environ in (([python, "-I", pyz, "--list"], None),
                          ([pyz, "--list"], {"PATH": wrapper + os.pathsep + "/usr/bin:/bin"})):
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ)
        if (done.returncode, done.stdout, done.stderr) != (0, want, b""):
            problems.append("%s: exit %d, %r %r" % (" ".join(argv), done.returncode, done.stdout[:200],
                                                    done.stderr[-400:]))
    return problems


def inside(spec):
    """Everything that needs the namespace; returns the report (JSON-able)."""
    from pynettools.cli import TOOLS

    scratch, pyz, python = spec["scratch"], spec["pyz"], spec["python"]
    names = sorted(TOOLS)
    hidden, still = hide_reference_tools(names, scratch)
    report = {"hidden": hidden, "problems": [], "cases": {}, "seconds": 0.0}
    if still:
        report["problems"].append("still found on %s: %s" % (":".join(TOOL_DIRS), ", ".join(still)))
    symlinks, hardlinks = os.path.join(scratch, "symlinks"), os.path.join(scratch, "hardlinks")
    report["problems"] += check_links(pyz, python, names, symlinks, True)
    report["problems"] += check_links(pyz, python, names, hardlinks, False)
    wrapper = python_wrapper(os.path.join(scratch, "bin"), python, ["-I", "-S"])
    report["problems"] += check_by_its_own_name(pyz, python, wrapper, names)
    runs, seen = [], {}
    for tool, case_dir in spec["cases"]:
        seen[tool] = seen.get(tool, 0) + 1
        runs.append((case_dir, hardlinks if seen[tool] <= THROUGH_HARD_LINKS else symlinks, wrapper))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for (case_dir, _, _), (problems, seconds) in zip(runs, pool.map(lambda run: run_case(*run), runs)):
            report["seconds"] += seconds
            if problems:
                report["cases"][os.path.relpath(case_dir, os.path.join(REPO, "tests", "golden"))] = problems
    return report


# ---- the tests ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pyz(tmp_path_factory):
    return build(str(tmp_path_factory.mktemp("pyz")))


def test_what_the_archive_holds(pyz):
    from pynettools import zipapp

    assert os.path.getsize(pyz) <= zipapp.LIMIT_BYTES
    with open(pyz, "rb") as f:
        assert f.readline() == b"#!/usr/bin/env python3\n"
    assert os.access(pyz, os.X_OK)
    infos = {info.filename: info for info in zipfile.ZipFile(pyz).infolist()}
    assert {"__main__.pyc", "pynettools/cli.pyc", "dns/message.pyc", "dns/rdtypes/IN/A.pyc"} <= set(infos)
    assert not [name for name in infos if name.split("/")[0] in ("pyroute2", "whois", "dateutil", "tzdata")]
    assert "pynettools/zipapp.py" not in infos
    sources = {name[:-3] for name in infos if name.endswith(".py")}
    assert sources == {name[:-4] for name in infos if name.endswith(".pyc")}
    # what every run imports, and ss's modules, load without inflating
    for name in ("pynettools/cli.pyc", "pynettools/kernel/seam.pyc", "pynettools/tools/ss/inet.pyc"):
        assert infos[name].compress_type == zipfile.ZIP_STORED, name


def test_the_build_is_reproducible(pyz, tmp_path):
    with open(pyz, "rb") as f, open(build(str(tmp_path)), "rb") as g:
        assert f.read() == g.read()


def test_without_the_real_tools(pyz, tmp_path):
    """Every listed tool, from the .pyz alone, through its links, prints what the real tool printed."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        from tests.conftest import skip_live

        skip_live("needs root and unshare(1) for a mount namespace")
    from pynettools.cli import TOOLS

    cases = sample()
    missing = set(TOOLS.values()) - {TOOLS[tool] for tool, _ in cases}
    assert not missing, "listed tools without a golden case: %s" % ", ".join(sorted(missing))
    spec = os.path.join(str(tmp_path), "spec.json")
    with open(spec, "w") as f:
        json.dump({"pyz": pyz, "python": base_python(), "scratch": str(tmp_path), "cases": cases}, f)
    done = subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable, "-m",
                           "tests.test_zipapp", "--inside", spec],
                          cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["hidden"], "no reference tool was found to hide"
    failures = report["problems"] + ["%s:\n%s" % (key, "\n".join(problems))
                                     for key, problems in sorted(report["cases"].items())]
    assert not failures, "\n\n".join(failures)[:20000]


def test_other_pythons(pyz):
    """Pythons other than the builder's (python3.9 ... on PATH) fall back to the .py files."""
    others = other_pythons()
    if not others:
        pytest.skip("no python3.X of another version on PATH")
    cases = sample(every=10 ** 6)  # the first case of each tool: each run compiles what it imports
    failures = []
    for python in others:
        runnable = cases
        if not imports_dnspython(pyz, python):  # dnspython 2.8 needs 3.10, 2.9 needs 3.11: see README.md
            runnable = [(tool, case_dir) for tool, case_dir in cases if tool != "dig"]
        with tempfile.TemporaryDirectory(prefix="pnt-pyz-") as scratch:
            links = os.path.join(scratch, "links")
            os.mkdir(links)
            subprocess.run([python, "-I", pyz, "--install", "-s", links], check=True)
            wrapper = python_wrapper(os.path.join(scratch, "bin"), python, ["-I", "-S"])
            for _, case_dir in runnable:
                problems, _ = run_case(case_dir, links, wrapper)
                if problems:
                    failures.append("%s, %s:\n%s" % (python, case_dir, "\n".join(problems)))
    assert not failures, "\n\n".join(failures)[:20000]


# ---- the wheel --------------------------------------------------------------------------------

# Where pip puts each directory's files (pyproject.toml data-files), under its prefix's share/.
DATA_FILES = {"completions/bash": "bash-completion/completions", "completions/zsh": "zsh/site-functions",
              "completions/fish": "fish/vendor_completions.d"}


def test_the_wheel_carries_man_pages_and_completions(tmp_path):
    import pynettools

    wheel = build_wheel(str(tmp_path))
    data = "pynettools-%s.data/data/share/" % pynettools.__version__
    listed = {name[len(data):] for name in zipfile.ZipFile(wheel).namelist() if name.startswith(data)}
    expected = {"man/man%s/%s" % (name.rsplit(".", 1)[1], name) for name in os.listdir(os.path.join(REPO, "man"))}
    for directory, place in DATA_FILES.items():
        expected.update(place + "/" + name for name in os.listdir(os.path.join(REPO, directory)))
    assert listed == expected


def build_wheel(directory):
    """`pip wheel --no-deps` of a copy of the tree (no build/ or egg-info left in the checkout)."""
    source = os.path.join(directory, "source")
    os.mkdir(source)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(os.path.join(REPO, name), source)
    for name in ("bin", "man", "completions", "pynettools"):
        shutil.copytree(os.path.join(REPO, name), os.path.join(source, name),
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = os.path.join(directory, "wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, source],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"))
    assert done.returncode == 0, done.stdout[-3000:]
    (wheel,) = os.listdir(out)
    return os.path.join(out, wheel)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inside"] and len(sys.argv) == 3:
        with open(sys.argv[2]) as spec_file:
            sys.stdout.write(json.dumps(inside(json.load(spec_file))))
        sys.exit(0)
    sys.exit("usage: python -m tests.test_zipapp --inside SPEC.json   (test_without_the_real_tools runs it)")
