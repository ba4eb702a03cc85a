"""Golden files: writing them from the real tool, replaying them into ours.

tests/golden/<tool>/<case>/ holds
  cmd        the argv, as JSON
  stdout     the real tool's output, byte for byte
  stderr     ditto
  exit       its exit status
  version    the reference package and version it was recorded with
  provenance.json  which binary ran: its path, the Debian package that owns it
             (checked against dpkg's md5sums), version and sha256
             (tests/harness/provenance.py)
  timing.json  window_seconds: from the start of the real run to the end of
             ours, the bound on how far clock-driven numbers may move
             between the two (tests/harness/volatile.py)
  case.json  the whole case, lab spec included, so it can be re-recorded
  files/     the case's input files (the working directory of every run;
             a replay runs in a copy of it)
  outputs/   the files the real tool wrote there (case.outputs), byte for
             byte; outputs/missing lists those it did not write
  peer/      the logs the case's peers wrote in the real run (case.peer_logs:
             what they received, byte for byte, and when they saw EOF);
             peer/missing lists those not written.  Kept for readers and
             for the live comparison's record: a replay has no peer, so it
             does not compare them
  state      for a mutating case with case.state: the kernel state after
             the real run (what the live test compares ours' with)
  kernel/    a seam recording (PYNETTOOLS_RECORD) of what *ours* read when
             run with the same argv in the same namespace right after the
             real tool; ours' output is thrown away

Golden outputs are never written from pynettools' output: only the real
tool's.  Replaying runs `main(argv, env)` in-process with a Kernel answering
from kernel/, and compares stdout, stderr and the exit status exactly (and
the output files, under volatile.compare_output_file()).

A case whose tool a signal stopped (case.stop_signal; exit -N) replays to
the end of its recording, where the seam raises what the signal raised in
the recorded run (KeyboardInterrupt, seam.Terminated); what ours had written
to stdout and not flushed then is lost, as it is for the process (and for
the real tool's stdio buffer): only the flushed text is compared.  A tool
that aborts (runtime.Aborted) replays as exit -6 the same way, one that
crashes as its C original does (runtime.Crashed) as exit -11.
"""
import io
import json
import math
import os
import shutil
import tempfile

from tests.harness import live
from tests.harness.cases import load_golden_case, stdin_bytes


class Outcome:
    """What a replay gave: stdout/stderr bytes, exit status, and the replay misses."""

    def __init__(self, stdout, stderr, exit, misses=(), error=None, files=None):
        self.stdout = stdout
        self.stderr = stderr
        self.exit = exit
        self.misses = list(misses)
        self.error = error
        self.files = files or {}  # case.outputs: {name: bytes or None}


class Expected:
    def __init__(self, directory):
        self.directory = directory
        with open(os.path.join(directory, "cmd")) as f:
            self.argv = json.load(f)
        self.stdout = _read_bytes(directory, "stdout")
        self.stderr = _read_bytes(directory, "stderr")
        with open(os.path.join(directory, "exit")) as f:
            self.exit = int(f.read().strip())
        self.window = read_json(directory, "timing.json", {}).get("window_seconds", 0.0)
        self.files = read_outputs(directory)


def read_outputs(directory):
    """{name: bytes or None (not written)} of a golden case's outputs/."""
    outputs_dir = os.path.join(directory, "outputs")
    if not os.path.isdir(outputs_dir):
        return {}
    files = {}
    for parent, _, names in os.walk(outputs_dir):
        for name in names:
            relative = os.path.relpath(os.path.join(parent, name), outputs_dir)
            if relative == "missing":
                with open(os.path.join(outputs_dir, relative)) as f:
                    files.update((line.strip(), None) for line in f if line.strip())
            else:
                files[relative] = _read_bytes(outputs_dir, relative)
    return files


def _write_outputs(directory, files, subdir="outputs"):
    if not files:
        return
    outputs_dir = os.path.join(directory, subdir)
    os.makedirs(outputs_dir)
    missing = sorted(name for name, data in files.items() if data is None)
    for name, data in files.items():
        if data is not None:
            os.makedirs(os.path.dirname(os.path.join(outputs_dir, name)), exist_ok=True)
            _write(outputs_dir, name, data)
    if missing:
        _write(outputs_dir, "missing", "".join(name + "\n" for name in missing))


def read_json(directory, name, default=None):
    path = os.path.join(directory, name)
    if not os.path.isfile(path):
        return default
    with open(path) as f:
        return json.load(f)


def _read_bytes(directory, name):
    with open(os.path.join(directory, name), "rb") as f:
        return f.read()


def _write(directory, name, data):
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# ---- recording ------------------------------------------------------------------


def record_case(lab, case, provenance):
    """Run the real tool and ours (recording) in `lab`; write the golden directory.

    `provenance` is tests/harness/provenance.identify(case.tool): the binary
    the real run starts, already checked to be the reference package's.

    Returns the live Pair, so the recorder can say whether ours already matches.
    """
    final = case.golden_dir()
    staging = tempfile.mkdtemp(prefix=".%s-" % case.name, dir=os.path.dirname(final) if os.path.isdir(
        os.path.dirname(final)) else None)
    files_dir = os.path.join(staging, "files") if case.files else None
    # Even a case without files runs in an empty directory of its own.
    cwd = live.working_dir(case, files_dir or tempfile.mkdtemp(prefix="pnt-case-"))
    try:
        kernel_dir = os.path.join(staging, "kernel")
        pair = live.run_pair(lab, case, cwd=cwd, record_dir=kernel_dir)
        if not os.path.isfile(os.path.join(kernel_dir, "seam.json")):
            # ours crashed before saving anything, or read nothing: an empty recording
            os.makedirs(kernel_dir, exist_ok=True)
            with open(os.path.join(kernel_dir, "seam.json"), "w") as f:
                f.write('{"version": 1, "entries": []}\n')
        _write(staging, "cmd", json.dumps(case.argv) + "\n")
        _write(staging, "stdout", pair.real.stdout)
        _write(staging, "stderr", pair.real.stderr)
        _write(staging, "exit", "%d\n" % pair.real.exit)
        _write(staging, "version", "%s %s\n" % (provenance["package"], provenance["version"]))
        _write(staging, "provenance.json", json.dumps(provenance, indent=1, sort_keys=True) + "\n")
        _write(staging, "timing.json", json.dumps({"window_seconds": math.ceil(pair.window * 1000) / 1000.0}) + "\n")
        _write(staging, "case.json", json.dumps(case.to_json(), indent=1, sort_keys=True) + "\n")
        _write_outputs(staging, pair.real_files)
        _write_outputs(staging, getattr(pair, "real_peer", None), "peer")
        if pair.real_state is not None:
            _write(staging, "state", pair.real_state)
        if os.path.isdir(final):
            shutil.rmtree(final)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        os.rename(staging, final)
        return pair
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not files_dir:
            shutil.rmtree(cwd, ignore_errors=True)


# ---- replaying --------------------------------------------------------------------


def tool_main(tool):
    """The tool's main(argv, env): the module the dispatcher would run."""
    import importlib

    from pynettools.cli import TOOLS

    module = importlib.import_module(TOOLS.get(tool, "pynettools.tools.%s" % tool))
    return module.main


def _strict_kernel(replay_dir):
    """A replaying Kernel that also remembers its misses, even ones a tool catches."""
    from pynettools.kernel.seam import Kernel, ReplayMiss

    class StrictKernel(Kernel):
        def __init__(self, **kwargs):
            Kernel.__init__(self, **kwargs)
            self.misses = []

        def _replayed_entry(self, op, key, live=None):  # every kind of answer (netlink too) comes through here
            try:
                return Kernel._replayed_entry(self, op, key, live)
            except ReplayMiss as miss:
                self.misses.append(str(miss))
                raise

    return StrictKernel(replay_dir=replay_dir)


def replay(directory, tool=None):
    """Run ours in-process on a golden case's recording; returns an Outcome.

    Exceptions other than SystemExit propagate (the golden test shows them).
    The working directory is the case's files/ (or an empty one) during the run.
    """
    from pynettools.env import Env

    case = load_golden_case(directory)
    expected = Expected(directory)
    kernel = _strict_kernel(os.path.join(directory, "kernel"))
    stdout = _ProcessStdout(line_buffered=bool(case.tty_columns))
    # stdin as a process has it: text over the bytes (tools that read a binary stream take .buffer)
    stdin = io.TextIOWrapper(io.BytesIO(stdin_bytes(case)), encoding="utf-8", errors="surrogateescape")
    env = Env(stdout=stdout, stderr=io.StringIO(), stdin=stdin, environ=case.environ(),
              kernel=kernel, stdout_isatty=bool(case.tty_columns), columns=case.tty_columns)
    main = tool_main(tool or case.tool)
    # A copy of files/: the tool may write there (case.outputs), the golden files stay as they are.
    work_dir = tempfile.mkdtemp(prefix="pnt-replay-")
    files_dir = os.path.join(directory, "files")
    if os.path.isdir(files_dir):
        shutil.rmtree(work_dir)
        shutil.copytree(files_dir, work_dir)
    old_cwd = os.getcwd()
    os.chdir(work_dir)
    from pynettools.kernel.seam import ReplayMiss, Terminated
    from pynettools.runtime import Aborted

    signalled = None
    try:
        status = main(list(expected.argv), env)
    except SystemExit as leave:
        status = leave.code
    except ReplayMiss:
        status = 1  # as the internal error it would be in a process; kernel.misses says what
    except KeyboardInterrupt:
        signalled = 2
    except Terminated:
        signalled = 15
    except Aborted as death:
        signalled = death.signum  # SIGABRT, or SIGSEGV for runtime.Crashed
    finally:
        os.chdir(old_cwd)
    try:
        from tests.harness.live import take_outputs

        files = take_outputs(case, work_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    if signalled:  # the process died by the signal: what it had not flushed is lost
        return Outcome(stdout.flushed().encode("utf-8", "surrogateescape"), _encoded(env.stderr), -signalled,
                       kernel.misses, files=files)
    return Outcome(_encoded(env.stdout), _encoded(env.stderr), exit_status(status, env), kernel.misses,
                   files=files)


class _ProcessStdout(io.StringIO):
    """A tool's stdout in replay that remembers how much of it was flushed (as
    a process's would have gone out): flush(), and with line_buffered (stdout
    a terminal, Env.from_process's line_buffering) every write holding a
    newline.  The buffer filling up is not modelled: cases that are stopped by
    a signal keep their output small."""

    def __init__(self, line_buffered=False):
        io.StringIO.__init__(self)
        self.line_buffered = line_buffered
        self._flushed = 0

    def write(self, text):
        written = io.StringIO.write(self, text)
        if self.line_buffered and ("\n" in text or "\r" in text):
            self.flush()
        return written

    def flush(self):
        io.StringIO.flush(self)
        self._flushed = len(self.getvalue())

    def flushed(self):
        return self.getvalue()[:self._flushed]


def exit_status(status, env=None):
    """What a process returning `status` from main would exit with (as sys.exit does)."""
    if status is None:
        return 0
    if isinstance(status, int):
        return status & 0xFF  # main() returning -1 is exit status 255, as for C's exit(-1)
    if env is not None:  # sys.exit("message") prints the message and exits 1
        env.stderr.write("%s\n" % status)
    return 1


def _encoded(stream):
    return stream.getvalue().encode("utf-8", "surrogateescape")


def check(directory, tool=None):
    """[] when ours replays the case identically, else the differences."""
    expected = Expected(directory)
    outcome = replay(directory, tool)
    problems = ["replay miss: %s" % miss for miss in outcome.misses]
    if problems:  # ours now asks something it did not ask when the case was recorded
        case = load_golden_case(directory)
        problems.append("(if ours rightly reads something new, record again: python -m tests.record %s %s)"
                        % (case.tool, case.name))
    tool = tool or load_golden_case(directory).tool
    problems += live.compare_outputs(expected, outcome, "golden (real tool)", "ours (replay)", tool, expected.window)
    problems += live.compare_files(expected.files, outcome.files, "golden (real tool)", "ours (replay)", tool,
                                   expected.window)
    return problems
