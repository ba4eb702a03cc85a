"""Shared pytest setup: Hypothesis profiles and the lab fixtures.

Hypothesis profiles (HYPOTHESIS_PROFILE=ci|long, default ci):
  ci    a moderate number of examples, no deadline (lab commands take
        tens of milliseconds, and a busy CI machine makes that vary)
  long  many more examples, for a night run
"""
import os
import signal
import sys

import pytest

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # the golden tests do not need Hypothesis
    settings = None

if settings is not None:
    _slow_ok = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
    settings.register_profile("ci", max_examples=20, deadline=None, suppress_health_check=_slow_ok,
                              print_blob=True)
    settings.register_profile("long", max_examples=400, deadline=None, suppress_health_check=_slow_ok,
                              print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _exit_on_sigterm(signum, frame):
    sys.exit(128 + signum)


def live_skip_reason(tool=None):
    """Why live tests cannot run here (None when they can)."""
    from tests.harness import live

    reason = live.lab_skip_reason()
    if reason is None and tool is not None:
        reason = live.real_tool_missing(tool)
    return reason


def pytest_sessionstart(session):
    # SIGTERM (a CI timeout) would end us without running atexit, leaving the
    # lab's namespaces behind: turn it into SystemExit so teardown runs.
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    # Namespaces left by test runs that were killed (their pid is gone).
    if os.geteuid() == 0:
        from tests.lab import cleanup_stale

        cleanup_stale()


@pytest.fixture(scope="session")
def lab_pool():
    """One lab per distinct topology spec for the whole session (skips when no lab is possible)."""
    reason = live_skip_reason()
    if reason:
        pytest.skip(reason)
    from tests.harness.live import LabPool

    pool = LabPool()
    yield pool
    pool.close()


@pytest.fixture
def make_lab():
    """make_lab(spec) -> a Lab that is up now and torn down after the test, pass or fail."""
    reason = live_skip_reason()
    if reason:
        pytest.skip(reason)
    from tests.lab import Lab

    labs = []

    def make(spec):
        lab = Lab(spec)
        labs.append(lab)
        return lab.up()

    yield make
    for lab in labs:
        lab.down()
