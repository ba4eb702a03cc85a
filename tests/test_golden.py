"""Golden tests: ours, replayed in-process on the kernel state the real tool saw.

For every tests/golden/<tool>/<case>/, run pynettools' `main(argv, env)` with a
Kernel that answers from <case>/kernel/ and compare stdout, stderr and the
exit status with what the real tool printed, byte for byte.  Needs neither
root nor the reference tools.  A read the recording does not hold fails the
test (ReplayMiss).  Nothing is normalised, except the few fields
tests/harness/volatile.py names for a tool (numbers that move between the
real run and ours, such as ss's timer countdowns), on both sides alike.
"""
import os

import pytest

from tests.harness import golden
from tests.harness.cases import (GOLDEN_DIR, REFERENCE_PACKAGES, check_xfail, golden_case_dirs, load_cases,
                                 load_golden_case, tools_with_cases)

# What every tests/golden/<tool>/<case>/ must hold (see tests/harness/golden.py).
REQUIRED_FILES = ("cmd", "stdout", "stderr", "exit", "version", "case.json", os.path.join("kernel", "seam.json"))


def _params():
    params = []
    for tool, name, directory in golden_case_dirs():
        case = load_golden_case(directory)
        check_xfail(case)
        marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
        params.append(pytest.param(directory, id="%s/%s" % (tool, name), marks=marks))
    return params


@pytest.mark.parametrize("case_dir", _params())
def test_golden(case_dir):
    problems = golden.check(case_dir)
    if problems:
        pytest.fail("%s\n\n%s" % (case_dir, "\n".join(problems)), pytrace=False)


@pytest.mark.parametrize("tool", tools_with_cases())
def test_every_case_is_recorded(tool):
    recorded = {name for _, name, _ in golden_case_dirs(tool)}
    listed = {case.name for case in load_cases(tool)}
    missing = sorted(listed - recorded)
    extra = sorted(recorded - listed)
    assert not missing, "cases not recorded yet (run: python -m tests.record %s %s)" % (tool, " ".join(missing))
    assert not extra, "golden dirs for cases no longer listed (python -m tests.record %s --prune): %s" % (
        tool, ", ".join(extra))


def test_golden_files_come_from_a_reference_tool():
    """Every golden case names the reference package and version it was recorded with."""
    for tool, name, directory in golden_case_dirs():
        with open(os.path.join(directory, "version")) as f:
            version = f.read().strip()
        package = REFERENCE_PACKAGES.get(tool, tool)
        assert version.startswith(package + " ") and version != package + " unknown", (
            "%s/%s: version %r does not name %s's version" % (tool, name, version, package))


def test_every_golden_dir_is_complete():
    """A golden directory missing a file fails here by name, not silently.

    (golden_case_dirs() only picks up directories holding `cmd`, so a case
    directory without it would otherwise never be replayed at all.)
    """
    problems = []
    for tool in sorted(os.listdir(GOLDEN_DIR)):
        tool_dir = os.path.join(GOLDEN_DIR, tool)
        if not os.path.isdir(tool_dir):
            problems.append("%s: not a tool directory" % tool_dir)
            continue
        for name in sorted(os.listdir(tool_dir)):
            directory = os.path.join(tool_dir, name)
            if name.startswith("."):
                continue  # the recorder's staging directory while it records (renamed when done)
            missing = [f for f in REQUIRED_FILES if not os.path.isfile(os.path.join(directory, f))]
            if missing:
                problems.append("%s/%s: missing %s (record again: python -m tests.record %s %s)"
                                % (tool, name, ", ".join(missing), tool, name))
                continue
            case = load_golden_case(directory)
            if (case.tool, case.name) != (tool, name) or case.argv != golden.Expected(directory).argv:
                problems.append("%s/%s: case.json (%s/%s %r) disagrees with its directory or cmd"
                                % (tool, name, case.tool, case.name, case.argv))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("tool", tools_with_cases())
def test_listed_cases_match_their_recordings(tool):
    """A case changed in cases.py but not recorded again would go on replaying
    the old command line (or lab) without anyone noticing."""
    stale = []
    for case in load_cases(tool):
        if not os.path.isfile(os.path.join(case.golden_dir(), "case.json")):
            continue  # test_every_case_is_recorded / test_every_golden_dir_is_complete say so
        recorded = load_golden_case(case.golden_dir())
        for field in ("argv", "files", "env", "ns", "mutates", "tty_columns"):
            if getattr(case, field) != getattr(recorded, field):
                stale.append("%s: %s is %r in cases.py, %r in the recording"
                             % (case.name, field, getattr(case, field), getattr(recorded, field)))
        if case.lab_spec() != recorded.lab_spec():
            stale.append("%s: its lab changed since it was recorded" % case.name)
    assert not stale, "record again (python -m tests.record %s CASE...):\n%s" % (tool, "\n".join(stale))
