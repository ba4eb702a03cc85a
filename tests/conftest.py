"""Shared pytest setup: Hypothesis profiles, the lab fixtures, required live tests.

PYNETTOOLS_REQUIRE_LIVE=1 (set by .ci/run): a live test that cannot run
(no namespaces, not root, a reference tool missing) fails instead of
skipping; use skip_live()/require_live_or_skip() for every live skip.

Hypothesis profiles (HYPOTHESIS_PROFILE=ci|long, default ci):
  ci    20 examples per property, no deadline (lab commands take tens of
        milliseconds, and a busy CI machine makes that vary)
  long  2000 examples per property, for a night or manual run:
            HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest -q tests/arp tests/test_getopt.py
        (the arp tables alone take about ten minutes; tests/ss longer)
A property whose examples are cheap asks for more than the profile's count,
in every profile, with the same pattern everywhere:
    EXAMPLES = max(settings().max_examples, N)
    @settings(max_examples=EXAMPLES)
so CI runs at least N and the long profile still runs its thousands:
tests/arp/test_arp_property.py (N=100 random neighbour tables, about 30 s),
tests/test_getopt.py (N=500 command lines against util-linux getopt(1) and
against glibc itself, a few seconds each), tests/ss/test_filter_property.py.
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
    settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_slow_ok,
                              print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _exit_on_sigterm(signum, frame):
    sys.exit(128 + signum)


def live_required():
    """PYNETTOOLS_REQUIRE_LIVE=1 (.ci/run sets it): a live test that cannot run fails."""
    return os.environ.get("PYNETTOOLS_REQUIRE_LIVE") == "1"


def live_skip_reason(tool=None):
    """Why live tests cannot run here (None when they can)."""
    from tests.harness import live

    reason = live.lab_skip_reason()
    if reason is None and tool is not None:
        reason = live.real_tool_missing(tool)
    return reason


def skip_live(reason):
    """Skip a live test for `reason`; under PYNETTOOLS_REQUIRE_LIVE=1 fail it instead.

    CI runs as root on Debian 12, where every live test can run: there a lab
    that cannot be built, or a reference tool that is missing or not the
    reference package's binary, is a broken machine or a broken .ci/run, and
    a green run of skipped tests would claim what was never compared.
    """
    if live_required():
        pytest.fail("PYNETTOOLS_REQUIRE_LIVE=1, but this live test cannot run: %s" % reason, pytrace=False)
    pytest.skip(reason)


def require_live_or_skip(tool=None):
    """skip_live() with live_skip_reason(tool), when there is one."""
    reason = live_skip_reason(tool)
    if reason:
        skip_live(reason)


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
    require_live_or_skip()
    from tests.harness.live import LabPool

    pool = LabPool()
    yield pool
    pool.close()


@pytest.fixture
def make_lab():
    """make_lab(spec) -> a Lab that is up now and torn down after the test, pass or fail."""
    require_live_or_skip()
    from tests.lab import Lab

    labs = []

    def make(spec):
        lab = Lab(spec)
        labs.append(lab)
        return lab.up()

    yield make
    for lab in labs:
        lab.down()
