"""The environment a tool runs in: streams, environment variables, terminal, kernel seam.

Every tool is `main(argv, env) -> int` and touches the outside world only
through `env`, so a test builds an Env of its own (string streams, a replaying
kernel, a chosen terminal width) and never patches globals.
"""
import io
import os
import sys


class Env:
    """What a tool may use.

    stdout, stderr: text streams.  The process streams are re-wrapped as UTF-8
        with surrogateescape, so bytes the kernel hands us that are not UTF-8
        (socket paths, process names) go out unchanged, as the C tools print them.
    stdin: a text stream.
    environ: a mapping of environment variables.
    kernel: the kernel seam (pynettools.kernel.seam.Kernel).
    stdout_isatty: whether stdout is a terminal (tools that size columns ask).
    columns: the terminal's width when stdout is one, else None.
    """

    def __init__(self, stdout=None, stderr=None, stdin=None, environ=None, kernel=None,
                 stdout_isatty=False, columns=None):
        self.stdout = stdout if stdout is not None else io.StringIO()
        self.stderr = stderr if stderr is not None else io.StringIO()
        self.stdin = stdin if stdin is not None else io.StringIO()
        self.environ = environ if environ is not None else {}
        if kernel is None:
            from pynettools.kernel.seam import Kernel

            kernel = Kernel()
        self.kernel = kernel
        self.stdout_isatty = stdout_isatty
        self.columns = columns

    @classmethod
    def from_process(cls):
        """The Env of a real run: the process's streams and environment."""
        from pynettools.kernel.seam import Kernel

        stdout_isatty = _isatty(sys.stdout)
        stdout = io.TextIOWrapper(_binary_output(sys.stdout), encoding="utf-8",
                                  errors="surrogateescape", newline="\n", line_buffering=stdout_isatty)
        stderr = io.TextIOWrapper(_binary_output(sys.stderr), encoding="utf-8",
                                  errors="surrogateescape", newline="\n", write_through=True)
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="surrogateescape") \
            if sys.stdin is not None else io.StringIO()
        columns = None
        if stdout_isatty:
            try:
                columns = os.get_terminal_size(sys.stdout.fileno()).columns
            except OSError:
                columns = None
        environ = os.environ
        kernel = Kernel.from_environ(environ, trace_to=stderr)
        return cls(stdout=stdout, stderr=stderr, stdin=stdin, environ=environ, kernel=kernel,
                   stdout_isatty=stdout_isatty, columns=columns)


def _binary_output(stream):
    """The byte stream under sys.stdout/stderr.  Started with that descriptor
    closed (`arp >&-`), Python has None there; a C tool's writes then fail
    unnoticed, so ours go to /dev/null."""
    if stream is None:
        return open(os.devnull, "wb")
    return stream.buffer


def _isatty(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
