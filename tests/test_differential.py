"""Differential tests: the real tool and ours, run side by side in the lab.

The same cases as the golden tests, live: build the case's lab, run the real
tool and the installed pynettools with the same argv in the same namespace,
and compare stdout, stderr and exit status byte for byte; for cases that
change the kernel (arp -s/-d/-f) also the neighbour table they leave behind.
Skipped, with the reason, when not root, when `ip netns add` fails, or when
the reference tool (or a program the lab runs, such as rpcbind) is missing.
"""
import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness import live
from tests.harness.cases import load_cases, tools_with_cases

pytestmark = pytest.mark.live


def _params():
    params = []
    for tool in tools_with_cases():
        for case in load_cases(tool):
            marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
            params.append(pytest.param(case, id=case.id, marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_differential(case, lab_pool):
    reason = live_skip_reason(case.tool) or live.lab_program_missing(case)
    if reason:
        skip_live(reason)
    pair = live.run_pair(lab_pool.lab_for(case), case)
    problems = pair.differences()
    if problems:
        moved = "" if pair.stable else "\n(the kernel table moved during all %d attempts)" % pair.attempts
        pytest.fail("%s: %s\n\n%s%s" % (case.id, " ".join(case.argv), "\n".join(problems), moved), pytrace=False)
