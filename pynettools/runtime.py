"""Running one tool as a process: signals, closed pipes, and no tracebacks.

What the C tools do, and how we match it:
- Output into a closed pipe (`arp -n | head -1`): the C tool is killed by
  SIGPIPE, silently.  Python ignores SIGPIPE and raises BrokenPipeError
  instead, so we restore the default disposition and the process dies the
  same way, with the same status.
- Ctrl-C: a C tool without a SIGINT handler dies by the signal, so the shell
  sees status 130.  Python raises KeyboardInterrupt; we put SIGINT back to its
  default and re-raise the signal on ourselves.  Tools that handle Ctrl-C
  (ping prints its summary) catch KeyboardInterrupt themselves.
- An unexpected exception: one line `TOOL: internal error: ...`, exit 1;
  PYNETTOOLS_DEBUG=1 shows the traceback.  A command replayed from a
  snapshot that needs what the snapshot lacks: one line saying what, exit 1.
- A tool raising Aborted dies by SIGABRT, as a C tool that calls abort();
  Crashed by SIGSEGV, where the C tool crashes on a reachable NULL pointer.
- SIGTERM kills us as it kills a C tool, except while recording
  (PYNETTOOLS_RECORD): then it unwinds first, so the recording of a run
  that only a signal ends (ss -E) is written, and dies by the signal after.
"""
import os
# _signal, not signal: the signal module imports enum (about 4 ms, half of
# Python's own start-up), and we only need two plain calls.
import _signal as signal
import sys


def run_tool(name, module_name, args, argv0=None):
    """Run tool `name` with `args`; argv0 is what the tool sees as argv[0] (default: name)."""
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    from pynettools.kernel.seam import Terminated  # Env imports the seam anyway

    env = None
    try:
        from pynettools.env import Env

        env = Env.from_process()
        if env.kernel.replay_dir and env.kernel._replaying_snapshot():
            env.kernel.lookup_scope = module_name  # as the snapshot recorded this tool's lookups
        if env.kernel.mode == "record":
            signal.signal(signal.SIGTERM, _terminated)
        module = __import__(module_name, fromlist=["main"])
        status = module.main([argv0 or name] + list(args), env)
        _flush_like_c_exit(env.stdout)
        return status
    except KeyboardInterrupt:
        _close_kernel(env)
        _die_by_signal(signal.SIGINT)
    except Terminated:
        _close_kernel(env)
        _die_by_signal(signal.SIGTERM)
    except Aborted as death:
        _close_kernel(env)
        _die_by_signal(death.signum)
    except BrokenPipeError:
        # Only reached when SIGPIPE could not kill us (e.g. it is blocked).
        _quiet_exit_after_broken_pipe()
    except Exception as err:  # the promise: no traceback reaches a user
        return _internal_error(name, err)
    finally:
        if env is not None:
            env.kernel.close()
    return 1


class Aborted(BaseException):
    """Raised by a tool where its C original calls abort() (or glibc aborts
    it: a failed _FORTIFY_SOURCE check): the process dies by SIGABRT, with
    what stdout had not flushed lost, as the C tool's stdio buffer is.
    The tool writes glibc's message first, if there is one."""

    signum = signal.SIGABRT


class Crashed(Aborted):
    """Raised where the C original dereferences a NULL pointer on a path a
    user can reach (whois 5.5.17 --no-recursion): the process dies by
    SIGSEGV, unflushed stdout lost, as the real one does."""

    signum = signal.SIGSEGV


def catch_stop_signals():
    """SIGINT raises KeyboardInterrupt and SIGTERM raises Terminated, both
    out of whatever call is waiting, so that a tool that handles them (dig,
    whois: they print a message or end quietly) sees each as an exception
    the socket seam records at that call, and replay raises it there too."""
    from pynettools.kernel.seam import Terminated

    def stop(signum, frame):
        if signum == signal.SIGINT:
            raise KeyboardInterrupt()
        raise Terminated()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def _terminated(signum, frame):
    """SIGTERM while recording: unwind (Terminated), so that the recording is
    written (_close_kernel), then die by the signal as an unhandled SIGTERM would."""
    from pynettools.kernel.seam import Terminated

    raise Terminated()


def _close_kernel(env):
    """Before dying by a signal: write the recording (record mode: a signal
    ends ss -E, and its recording is what the golden test replays), and let
    out what went to stderr (a C tool's is unbuffered; stdout's buffer is
    lost, for both)."""
    if env is not None:
        env.kernel.close()
        try:
            env.stderr.flush()
        except Exception:
            pass


def _flush_like_c_exit(stdout):
    """exit() flushes stdout and ignores a failure (ENOSPC on /dev/full, EIO):
    the C tools exit with their own status all the same, and so do we."""
    try:
        stdout.flush()
    except BrokenPipeError:
        raise
    except OSError:
        _stdout_to_devnull()  # so Python's own exit flush of what is left succeeds


def _die_by_signal(signum):
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    os._exit(128 + signum)


def _quiet_exit_after_broken_pipe():
    _stdout_to_devnull()
    os._exit(141)


def _stdout_to_devnull():
    """Point file descriptor 1 at /dev/null: what is still buffered for it
    then goes nowhere instead of failing again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):  # no sys.stdout, or it is closed
        pass


def _internal_error(name, err):
    if os.environ.get("PYNETTOOLS_DEBUG"):
        import traceback

        traceback.print_exc()
    message = str(err) or type(err).__name__
    snapshots = sys.modules.get("pynettools.kernel.fromsnapshot")
    if snapshots is not None and isinstance(err, snapshots.SnapshotMiss):
        message = str(err)  # not our fault: the command needs what the snapshot lacks
    else:
        message = "internal error: " + message
    try:
        sys.stderr.write("%s: %s\n" % (name, message))
        sys.stderr.flush()
    except Exception:
        pass
    return 1
