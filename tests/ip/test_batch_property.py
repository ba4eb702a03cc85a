"""Hypothesis: `ip -force -batch FILE` reading generated files, against the real ip.

The files are made of a few letters that name no ip object, quotes, '#',
backslashes, blank space (space, tab, CR, vertical tab) and newlines, so
every command is an unknown object: what is compared is how getcmdline()
and makeargs() cut the file into lines and words (the words echoed in
'Object "..." is unknown', the line numbers of "Command failed cmds:N",
"Missing continuation line", "Unterminated quoted string", the exit
status).  Nothing here changes the kernel.

Live only, as tests/ip/test_ip_property.py.
"""
import os

import pytest

from tests.conftest import live_skip_reason, skip_live
from tests.harness import live
from tests.harness.cases import Case

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    pytest.skip("hypothesis is not installed", allow_module_level=True)

pytestmark = pytest.mark.live

EXAMPLES = max(settings().max_examples, 20)
DERANDOMIZE = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci"

# none of these begins an ip object's name (q, z, w, k, j)
PIECES = ["q", "z", "wk", "j", " ", "  ", "\t", "\r", "\v", "'", '"', "#", "\\", "\\\n", "\n", "\n", "\n"]


@pytest.fixture(scope="module")
def can_run():
    reason = live_skip_reason("ip")
    if reason:
        skip_live(reason)


@settings(max_examples=EXAMPLES, derandomize=DERANDOMIZE, database=None if DERANDOMIZE else settings().database)
@given(text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_batch_files_cut_as_the_real_ip(can_run, lab_pool, text):
    case = Case("ip", "property-batch", ["ip", "-force", "-batch", "cmds"], lab="empty", files={"cmds": text})
    problems = live.run_pair(lab_pool.lab_for(case), case).differences()
    assert not problems, "file: %r\n%s" % (text, "\n".join(problems))
