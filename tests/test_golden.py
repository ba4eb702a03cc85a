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
from tests.harness.cases import (GOLDEN_DIR, check_xfail, golden_case_dirs, load_cases,
                                 load_golden_case, tools_with_cases)

# What every tests/golden/<tool>/<case>/ must hold (see tests/harness/golden.py).
REQUIRED_FILES = ("cmd", "stdout", "stderr", "exit", "version", "provenance.json", "timing.json", "case.json",
                  os.path.join("kernel", "seam.json"))


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
    """Every golden case was recorded from the reference package's own binary.

    Checked, not trusted: provenance.json must name the reference package at
    the reference upstream version, and its sha256 must be one that the
    recorder accepted after checking the binary against dpkg's md5sums
    (tests/reference-binaries.json, which test_reference_binaries_are_debians
    checks again wherever the package is installed).
    """
    from tests.harness import provenance

    problems = []
    for tool, name, directory in golden_case_dirs():
        with open(os.path.join(directory, "version")) as f:
            version = f.read().strip()
        record = golden.read_json(directory, "provenance.json")
        found = provenance.recording_problems(tool, record)
        if record and version != "%s %s" % (record.get("package"), record.get("version")):
            found.append("version file %r disagrees with provenance.json" % version)
        problems += ["%s/%s: %s" % (tool, name, problem) for problem in found]
    assert not problems, "\n".join(problems)


def test_reference_binaries_are_debians():
    """Each sha256 in tests/reference-binaries.json is the installed reference
    binary's, wherever that package is installed at the listed version."""
    from tests.harness import provenance

    checked = 0
    for tool, entries in sorted(provenance.known_binaries().items()):
        try:
            installed = provenance.identify(tool)
        except provenance.NotReference:
            continue  # not installed here (or not the reference): nothing to check against
        for entry in entries:
            if entry["version"] == installed["version"]:
                assert entry["sha256"] == installed["sha256"], (tool, entry, installed)
                checked += 1
    if checked == 0:
        pytest.skip("no reference package is installed at a listed version")


def test_a_pynettools_link_is_not_a_reference_tool(tmp_path):
    """The recorder and the live harness refuse a real tool that is ours (or
    any file dpkg does not list as the reference package's)."""
    from tests.harness import provenance

    link = tmp_path / "ss"
    link.symlink_to(os.path.join(os.path.dirname(__file__), os.pardir, "bin", "pynettools"))
    with pytest.raises(provenance.NotReference):
        provenance.identify("ss", search_path=str(tmp_path))
    copy = tmp_path / "arp"
    copy.write_bytes(b"\x7fELF not net-tools")
    copy.chmod(0o755)
    with pytest.raises(provenance.NotReference):
        provenance.identify("arp", search_path=str(tmp_path))


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
