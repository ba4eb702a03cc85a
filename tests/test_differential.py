"""Differential tests: the real tool and ours, run side by side in the lab.

The same cases as the golden tests, live: build the case's lab, run the real
tool and the installed pynettools with the same argv in the same namespace,
and compare stdout, stderr and exit status byte for byte; for cases that
change the kernel (arp -s/-d/-f) also the neighbour table they leave behind.
Skipped, with the reason, when not root, when `ip netns add` fails, or when
the reference tool (or a program the lab runs, such as rpcbind) is missing.
"""
import json
import os

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


def _note_result(case, problems):
    """PYNETTOOLS_LIVE_RESULTS=FILE: one JSON line per case run, for
    `python -m tests.compat --live-results FILE` (CI's report then counts
    this run's live results instead of running every pair a second time)."""
    path = os.environ.get("PYNETTOOLS_LIVE_RESULTS")
    if path:
        with open(path, "a") as f:
            f.write(json.dumps({"tool": case.tool, "case": case.name, "problems": problems}) + "\n")


@pytest.mark.parametrize("case", _params())
def test_differential(case, lab_pool):
    reason = live_skip_reason(case.tool) or live.lab_program_missing(case)
    if reason:
        skip_live(reason)
    try:
        pair = live.run_pair(lab_pool.lab_for(case), case)
        problems = pair.differences()
    except Exception as err:
        _note_result(case, ["could not run: %s: %s" % (type(err).__name__, err)])
        raise
    _note_result(case, problems)
    if problems:
        moved = "" if pair.stable else "\n(the kernel table moved during all %d attempts)" % pair.attempts
        pytest.fail("%s: %s\n\n%s%s" % (case.id, " ".join(case.argv), "\n".join(problems), moved), pytrace=False)
