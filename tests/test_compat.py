"""The compat report (tests/compat.py) fails the run on a regression.

Each test builds a previous report and a current one with the report's own
main(), on a golden directory of two real arp cases copied to tmp_path, then
breaks something on purpose (the recorded stdout, the case list, an xfail,
the live run) and checks the exit status and what the report says.  The
live runs are faked (no root, no lab): run_pair answers from `live_diffs`.
"""
import json
import os
import shutil

import pytest

from tests import compat
from tests.harness import cases as cases_module
from tests.harness import live
from tests.harness.cases import GOLDEN_DIR, load_golden_case

CASES = ("default", "all-numeric")


class _Pair:
    def __init__(self, problems):
        self._problems = problems

    def differences(self):
        return list(self._problems)


class _Pool:
    def lab_for(self, case):
        return case

    def close(self):
        pass


class World:
    """The golden directory, case list and live fakes one test runs the report on."""

    def __init__(self, tmp_path, monkeypatch, capsys):
        self.tmp = tmp_path
        self.capsys = capsys
        self.golden = str(tmp_path / "golden")
        for name in CASES:
            shutil.copytree(os.path.join(GOLDEN_DIR, "arp", name), os.path.join(self.golden, "arp", name))
        self.listed = [load_golden_case(self.case_dir(name)) for name in CASES]
        self.lab_skip = None  # why live cannot run, or None
        self.tool_missing = None  # why the reference arp cannot run, or None
        self.live_diffs = {}  # case name -> problems of the live pair
        monkeypatch.setattr(cases_module, "GOLDEN_DIR", self.golden)
        monkeypatch.setattr(compat, "tools_with_cases", lambda: ["arp"])
        monkeypatch.setattr(compat, "_cases", lambda tool: list(self.listed) if tool == "arp" else [])
        monkeypatch.setattr(live, "lab_skip_reason", lambda: self.lab_skip)
        monkeypatch.setattr(live, "real_tool_missing", lambda tool: self.tool_missing)
        monkeypatch.setattr(live, "lab_program_missing", lambda case: None)
        monkeypatch.setattr(live, "LabPool", _Pool)
        monkeypatch.setattr(live, "run_pair", lambda lab, case: _Pair(self.live_diffs.get(case.name, [])))
        monkeypatch.delenv("PYNETTOOLS_REQUIRE_LIVE", raising=False)
        # never the real tests/compat-baseline.json and README.md (baseline_files writes these)
        monkeypatch.setattr(compat, "BASELINE", str(tmp_path / "baseline.json"))
        monkeypatch.setattr(compat, "README", str(tmp_path / "README.md"))
        self.runs = 0

    def case_dir(self, name):
        return os.path.join(self.golden, "arp", name)

    def run(self, *args):
        """(exit status, stdout, report) of `python -m tests.compat ARGS`."""
        self.runs += 1
        output = str(self.tmp / ("report-%d.json" % self.runs))
        self.capsys.readouterr()
        status = compat.main(list(args) + ["--output", output])
        with open(output) as f:
            report = json.load(f)
        return status, self.capsys.readouterr().out, report

    def previous(self, *args):
        """A previous report, all identical (live too unless --replay-only); its path."""
        status, out, report = self.run(*args)
        assert status == 0, out
        for mode in ("replay",) if "--replay-only" in args else ("replay", "live"):
            assert {r["status"] for r in report["tools"]["arp"][mode].values()} == {"identical"}, out
        return os.path.join(str(self.tmp), "report-%d.json" % self.runs)

    def break_stdout(self, name):
        with open(os.path.join(self.case_dir(name), "stdout"), "ab") as f:
            f.write(b"a line the real arp never printed\n")

    def forget(self, name, recording=True, listing=True):
        if recording:
            shutil.rmtree(self.case_dir(name))
        if listing:
            self.listed = [case for case in self.listed if case.name != name]

    def case(self, name):
        return next(case for case in self.listed if case.name == name)


@pytest.fixture
def world(tmp_path, monkeypatch, capsys):
    return World(tmp_path, monkeypatch, capsys)


def test_an_unchanged_report_passes(world):
    previous = world.previous()
    status, out, report = world.run("--previous", previous)
    assert status == 0, out
    assert "REGRESSED" not in out and "0 regressions" in out
    assert report["counts"]["tools"]["arp"]["live"]["identical"] == len(CASES)


def test_replay_only_against_a_live_baseline_passes(world):
    """--replay-only asks for no live run: losing live is then no regression."""
    previous = world.previous()
    status, out, _ = world.run("--replay-only", "--previous", previous)
    assert status == 0, out
    assert "live: not run (--replay-only), not compared" in out


def test_a_case_that_now_differs_fails(world):
    previous = world.previous()
    world.break_stdout("default")
    status, out, report = world.run("--previous", previous)
    assert status == 1
    assert "REGRESSED replay arp/default: identical -> differ" in out
    assert "1 regression since" in out
    assert report["tools"]["arp"]["replay"]["default"]["status"] == "differ"
    # the same, only reported
    status, out, _ = world.run("--previous", previous, "--report-only")
    assert status == 0 and "REGRESSED replay arp/default" in out


def test_a_case_that_now_differs_live_fails(world):
    previous = world.previous()
    world.live_diffs["all-numeric"] = ["stdout differs"]
    status, out, _ = world.run("--previous", previous)
    assert status == 1
    assert "REGRESSED live arp/all-numeric: identical -> differ" in out


def test_a_missing_case_fails(world):
    previous = world.previous()
    world.forget("all-numeric")  # neither recorded nor listed: absent from the report
    status, out, report = world.run("--previous", previous)
    assert status == 1
    assert "all-numeric" not in report["tools"]["arp"]["replay"]
    assert "REGRESSED replay arp/all-numeric: identical -> absent" in out
    assert "REGRESSED live arp/all-numeric: identical -> absent" in out


def test_a_missing_tool_fails(world):
    """A tool the previous report held, gone from this one, has all its cases absent."""
    previous = world.previous()
    with open(previous) as f:
        report = json.load(f)
    report["tools"]["zz"] = {"replay": {"one": {"status": "identical", "why": ""}}}
    with open(previous, "w") as f:
        json.dump(report, f)
    status, out, _ = world.run("--replay-only", "--previous", previous)
    assert status == 1 and "REGRESSED replay zz/one: identical -> absent" in out
    # ... unless the run was asked for other tools only
    status, out, _ = world.run("--replay-only", "--tool", "arp", "--previous", previous)
    assert status == 0, out


def test_a_skipped_case_fails(world):
    previous = world.previous()
    world.forget("default", listing=False)  # listed in cases.py, no longer recorded
    status, out, report = world.run("--replay-only", "--previous", previous)
    assert status == 1
    assert report["tools"]["arp"]["replay"]["default"]["status"] == "skipped"
    assert "REGRESSED replay arp/default: identical -> skipped" in out


def test_a_case_skipped_live_fails(world):
    previous = world.previous()
    world.tool_missing = "reference tool arp is not installed"
    status, out, report = world.run("--previous", previous)
    assert status == 1
    assert report["counts"]["tools"]["arp"]["live"]["skipped"] == len(CASES)
    assert "REGRESSED live arp/default: identical -> skipped" in out


def test_an_xfail_case_fails_and_is_never_identical(world):
    previous = world.previous()
    world.case("default").xfail = "a written reason"
    status, out, report = world.run("--previous", previous)
    assert status == 1
    for mode in ("replay", "live"):
        result = report["tools"]["arp"][mode]["default"]
        assert result["status"] == "xfail"
        assert "a written reason" in result["why"] and "identical now" in result["why"]
        assert report["counts"]["tools"]["arp"][mode]["xfail"] == 1
        assert report["counts"]["tools"]["arp"][mode]["identical"] == len(CASES) - 1
        assert "REGRESSED %s arp/default: identical -> xfail" % mode in out


def test_xfail_in_the_recording_counts_too(world):
    previous = world.previous("--replay-only")
    path = os.path.join(world.case_dir("default"), "case.json")
    with open(path) as f:
        data = json.load(f)
    data["xfail"] = "recorded as known to differ"
    with open(path, "w") as f:
        json.dump(data, f)
    status, out, report = world.run("--replay-only", "--previous", previous)
    assert status == 1
    assert report["tools"]["arp"]["replay"]["default"]["status"] == "xfail"


def test_a_lost_live_mode_fails(world):
    previous = world.previous()
    world.lab_skip = "not root"
    status, out, report = world.run("--previous", previous)
    assert status == 1
    assert report["modes"]["live"] is False
    assert "REGRESSED live: the previous report ran it (2 cases identical), this run did not: not root" in out


def test_fixed_and_new_cases_are_no_regression(world):
    world.break_stdout("default")
    world.forget("all-numeric")
    status, out, _ = world.run("--replay-only")
    previous = os.path.join(str(world.tmp), "report-%d.json" % world.runs)
    shutil.copytree(os.path.join(GOLDEN_DIR, "arp", "default"), world.case_dir("default"), dirs_exist_ok=True)
    shutil.copytree(os.path.join(GOLDEN_DIR, "arp", "all-numeric"), world.case_dir("all-numeric"))
    world.listed.append(load_golden_case(world.case_dir("all-numeric")))
    status, out, _ = world.run("--replay-only", "--previous", previous)
    assert status == 0, out
    assert "fixed     replay arp/default: differ -> identical" in out
    assert "new       replay arp/all-numeric: absent -> identical" in out


# ---- PYNETTOOLS_REQUIRE_LIVE=1 ------------------------------------------------------------


def test_require_live_fails_when_live_cannot_run(world, monkeypatch):
    monkeypatch.setenv("PYNETTOOLS_REQUIRE_LIVE", "1")
    world.lab_skip = "not root"
    status, out, _ = world.run()
    assert status == 1 and "live mode could not run: not root (PYNETTOOLS_REQUIRE_LIVE=1)" in out
    monkeypatch.setenv("PYNETTOOLS_REQUIRE_LIVE", "0")
    assert world.run()[0] == 0


def test_require_live_fails_when_a_reference_tool_is_missing(world, monkeypatch):
    monkeypatch.setenv("PYNETTOOLS_REQUIRE_LIVE", "1")
    world.tool_missing = "reference tool arp is not installed (apt-get install net-tools)"
    status, out, _ = world.run()
    assert status == 1 and "live: reference tool arp is not installed" in out


def test_require_live_passes_when_live_runs_or_replay_only_is_asked(world, monkeypatch):
    monkeypatch.setenv("PYNETTOOLS_REQUIRE_LIVE", "1")
    assert world.run()[0] == 0
    world.lab_skip = "not root"
    assert world.run("--replay-only")[0] == 0


# ---- --write-baseline and README.md's figures ----------------------------------------------

README_TEXT = """# demo

| tool | compatible with | golden cases identical, replayed | live, side by side |
|------|-----------------|----------------------------------|--------------------|
| `arp` | net-tools 2.10 | 9 / 9 | 9 / 9 |
| `gone` | somewhere 1.0 | 1 / 1 | 1 / 1 |

| variable | effect |
|----------|--------|
| `PYNETTOOLS_TRACE=1` | one line |
"""


@pytest.fixture
def baseline_files(world):
    baseline, readme = compat.BASELINE, compat.README  # in tmp_path (World)
    assert baseline.startswith(str(world.tmp)) and readme.startswith(str(world.tmp))
    with open(readme, "w") as f:
        f.write(README_TEXT)
    return baseline, readme


def test_write_baseline_writes_the_report_and_the_readme_figures(world, baseline_files):
    baseline, readme = baseline_files
    world.live_diffs["default"] = ["stdout differs"]
    status, out, report = world.run("--write-baseline")
    assert status == 0, out
    with open(baseline) as f:
        assert json.load(f) == report
    with open(readme) as f:
        text = f.read()
    assert "| `arp` | net-tools 2.10 | 2 / 2 | 1 / 2 |\n| `gone` | somewhere 1.0 | 1 / 1 | 1 / 1 |\n" in text
    assert "README.md has a row for gone" in out
    assert text.replace("2 / 2 | 1 / 2", "9 / 9 | 9 / 9") == README_TEXT


def test_write_baseline_refuses_without_live_or_on_a_regression(world, baseline_files):
    baseline, readme = baseline_files
    world.lab_skip = "not root"
    status, out, _ = world.run("--write-baseline")
    assert status == 1 and "baseline not written: live mode did not run (not root)" in out
    assert not os.path.exists(baseline)
    world.lab_skip = None
    assert world.run("--write-baseline")[0] == 0
    world.break_stdout("default")
    status, out, _ = world.run("--write-baseline")
    assert status == 1 and "baseline not written: cases regressed" in out
    status, out, report = world.run("--write-baseline", "--allow-regressions")
    assert status == 0, out
    with open(baseline) as f:
        assert json.load(f)["tools"]["arp"]["replay"]["default"]["status"] == "differ"
    with pytest.raises(SystemExit):
        world.run("--write-baseline", "--replay-only")


def test_rewrite_readme_adds_a_row_for_a_new_tool(world):
    report = {"tools": {"arp": {"replay": {"a": {"status": "identical"}}, "live": {"a": {"status": "differ"}}}}}
    text = README_TEXT.replace("| `arp` | net-tools 2.10 | 9 / 9 | 9 / 9 |\n", "")
    new = compat.rewrite_readme(text, report)
    assert "| `gone` | somewhere 1.0 | 1 / 1 | 1 / 1 |\n| `arp` | net-tools 2.10 | 1 / 1 | 0 / 1 |\n\n" in new


def test_the_committed_baseline_compares_cleanly_with_itself():
    with open(compat.BASELINE) as f:
        baseline = json.load(f)

    class Out(list):
        write = list.append

    assert compat.compare_reports(baseline, baseline, Out()) == 0


def test_live_results_from_the_differential_run(tmp_path):
    """--live-results FILE: each case as the suite's differential run found it
    (a difference stays a difference); a case it did not reach is skipped."""
    from tests.compat import recorded_live_results
    from tests.harness.cases import load_cases

    names = [case.name for case in load_cases("arp")][:3]
    results_file = tmp_path / "live.jsonl"
    results_file.write_text("".join(json.dumps({"tool": tool, "case": name, "problems": problems}) + "\n"
                                    for tool, name, problems in (("arp", names[0], []), ("arp", names[1], ["stdout"]),
                                                                 ("ss", names[2], []))))
    results = recorded_live_results("arp", str(results_file))
    assert results[names[0]]["status"] == "identical"
    assert results[names[1]]["status"] == "differ"
    assert results[names[2]]["status"] == "skipped"  # only ss's case of that name was run
