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
from tests.harness.cases import golden_case_dirs, load_cases, load_golden_case, tools_with_cases


def _params():
    params = []
    for tool, name, directory in golden_case_dirs():
        case = load_golden_case(directory)
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
    """Every golden case names the reference version it was recorded with."""
    for tool, name, directory in golden_case_dirs():
        with open(os.path.join(directory, "version")) as f:
            version = f.read().strip()
        assert version and version != "unknown", "%s/%s has no reference version" % (tool, name)
