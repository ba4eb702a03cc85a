"""The compat report: how many cases of each tool ours gets byte-identical.

    python -m tests.compat                          replay every golden case; live too when possible
    python -m tests.compat --replay-only            no lab, no reference tools needed
    python -m tests.compat --previous old.json      also list what got fixed or broke since; exit 1
                                                    when something identical there is not any more
    python -m tests.compat --tool arp --output r.json
    python -m tests.compat --write-baseline         (root) refresh tests/compat-baseline.json and
                                                    the figures table of README.md from this run

Two ways to count, reported separately:
  replay  ours replayed in-process on each golden recording (tests/golden),
          compared with the real tool's recorded output: runs anywhere;
  live    the real tool and ours run side by side in the lab (root, the
          reference tools and network namespaces needed; skipped otherwise,
          and the report says why).
Each case is "identical", "differ", "xfail" (known to differ: its Case.xfail
gives the reason; counted apart, never identical, whatever it prints) or
"skipped": in replay when cases.py lists it but it was never recorded, in
live when it cannot run here.  Writes compat-report.json.

With --previous, a REGRESSION is a case identical in the previous report
that now differs, is skipped, is xfail or is absent, in either mode; and a
mode the previous report ran that this run did not (live skipped now),
unless --replay-only was asked for.  Regressions exit 1 (--report-only: 0).
PYNETTOOLS_REQUIRE_LIVE=1 (set by CI) makes a run that cannot go live, or a
tool whose reference program (or a program its lab runs) is missing, exit 1
instead of reporting "live: skipped"; an explicit --replay-only still runs.
"""
import argparse
import datetime
import json
import os
import re
import sys

from tests.harness import golden, live
from tests.harness.cases import (REFERENCE_PACKAGES, TESTS_DIR, golden_case_dirs, load_cases,
                                 load_golden_case, tools_with_cases)

STATES = ("identical", "differ", "xfail", "skipped")
MODES = ("replay", "live")
REPLAY_ONLY = "--replay-only"  # live_skipped_because when live was not asked for
REPO = os.path.dirname(TESTS_DIR)
BASELINE = os.path.join(TESTS_DIR, "compat-baseline.json")
README = os.path.join(REPO, "README.md")


def live_required():
    """PYNETTOOLS_REQUIRE_LIVE=1: a run that cannot go live is a failure, not a skip."""
    return os.environ.get("PYNETTOOLS_REQUIRE_LIVE") == "1"  # as tests/conftest.py reads it


def replay_results(tool):
    """{case: {"status", "why"}} from replaying every recorded case of a tool."""
    results = {}
    recorded = {name: directory for _, name, directory in golden_case_dirs(tool)}
    listed = {case.name: case for case in _cases(tool)}
    for name, directory in sorted(recorded.items()):
        try:
            problems = golden.check(directory, tool)
        except Exception as err:  # a crash in ours is a difference, not a crash of the report
            problems = ["ours raised %s: %s" % (type(err).__name__, err)]
        results[name] = _result(problems, _xfail(listed.get(name), directory))
    for name in listed:
        if name not in recorded:
            results[name] = {"status": "skipped", "why": "not recorded (python -m tests.record %s %s)" % (tool, name)}
    return results


def _xfail(case, directory=None):
    """The written reason a case is expected to differ (cases.py's or the recording's), else None."""
    reason = case.xfail if case is not None else None
    if not reason and directory is not None:
        try:
            reason = load_golden_case(directory).xfail
        except (OSError, ValueError, KeyError):
            reason = None
    return reason or None


def _result(problems, xfail=None):
    if xfail:
        why = "xfail: %s" % xfail.splitlines()[0]
        if not problems:
            why += " (but identical now: drop the xfail)"
        return {"status": "xfail", "why": why}
    return {"status": "differ" if problems else "identical", "why": _first_line(problems)}


def live_results(tool, pool, missing_programs=None):
    """{case: {"status", "why"}} from running real and ours side by side.

    Why a case could not run for want of a program is also added to the
    list `missing_programs` (PYNETTOOLS_REQUIRE_LIVE=1 fails on it).
    """
    results = {}
    missing = live.real_tool_missing(tool)
    for case in _cases(tool):
        why = missing or live.lab_program_missing(case)
        if why:
            results[case.name] = {"status": "skipped", "why": why}
            if missing_programs is not None and why not in missing_programs:
                missing_programs.append(why)
            continue
        try:
            problems = live.run_pair(pool.lab_for(case), case).differences()
        except Exception as err:
            problems = ["could not run: %s: %s" % (type(err).__name__, err)]
        results[case.name] = _result(problems, case.xfail)
    return results


def recorded_live_results(tool, path, missing_programs=None):
    """live_results() as the test suite's differential run found them
    (tests/test_differential.py writes PYNETTOOLS_LIVE_RESULTS): a case the
    run did not reach counts as skipped."""
    found = {}
    with open(path) as f:
        for line in f:
            entry = json.loads(line)
            if entry["tool"] == tool:
                found[entry["case"]] = entry["problems"]
    results = {}
    missing = live.real_tool_missing(tool)
    for case in _cases(tool):
        why = missing or live.lab_program_missing(case)
        if why and missing_programs is not None and why not in missing_programs:
            missing_programs.append(why)
        if case.name in found:
            results[case.name] = _result(found[case.name], case.xfail)
        else:
            results[case.name] = {"status": "skipped", "why": why or "not run by the differential tests"}
    return results


def _cases(tool):
    try:
        return load_cases(tool)
    except ImportError:
        return []


def _first_line(problems):
    if not problems:
        return ""
    return problems[0].splitlines()[0]


def counts(results):
    tally = {"cases": len(results)}
    for state in STATES:
        tally[state] = sum(1 for r in results.values() if r["status"] == state)
    return tally


def build_report(tools, want_live=True, live_results_file=None):
    report = {"version": 2, "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "modes": {"replay": True, "live": False, "live_skipped_because": None, "live_missing": []},
              "tools": {}}
    pool = None
    if want_live:
        reason = live.lab_skip_reason()
        if reason:
            report["modes"]["live_skipped_because"] = reason
        else:
            report["modes"]["live"] = True
            if live_results_file is None:
                pool = live.LabPool()
    else:
        report["modes"]["live_skipped_because"] = REPLAY_ONLY
    try:
        for tool in tools:
            entry = {"replay": replay_results(tool)}
            if pool is not None:
                entry["live"] = live_results(tool, pool, report["modes"]["live_missing"])
            elif report["modes"]["live"]:
                entry["live"] = recorded_live_results(tool, live_results_file, report["modes"]["live_missing"])
            report["tools"][tool] = entry
    finally:
        if pool is not None:
            pool.close()
    report["counts"] = _all_counts(report)
    return report


def _all_counts(report):
    per_tool = {}
    total = {}
    for tool, entry in report["tools"].items():
        per_tool[tool] = {}
        for mode in MODES:
            if mode not in entry:
                continue
            tally = counts(entry[mode])
            per_tool[tool][mode] = tally
            into = total.setdefault(mode, dict.fromkeys(("cases",) + STATES, 0))
            for key, value in tally.items():
                into[key] += value
    return {"tools": per_tool, "total": total}


def format_report(report, out):
    for mode, title in (("replay", "replay of golden recordings (no root needed)"),
                        ("live", "live: real tool and ours side by side in the lab")):
        if mode == "live" and not report["modes"]["live"]:
            out.write("\nlive: skipped (%s)\n" % report["modes"]["live_skipped_because"])
            continue
        out.write("\n%s\n" % title)
        out.write("  %-12s %6s %10s %7s %6s %8s\n" % ("tool", "cases", "identical", "differ", "xfail", "skipped"))
        for tool, modes in sorted(report["counts"]["tools"].items()):
            if mode in modes:
                out.write(_count_line(tool, modes[mode]))
        if mode in report["counts"]["total"]:
            out.write(_count_line("total", report["counts"]["total"][mode]))
        for tool, entry in sorted(report["tools"].items()):
            for name, result in sorted(entry.get(mode, {}).items()):
                if result["status"] != "identical":
                    out.write("    %-8s %s/%s: %s\n" % (result["status"], tool, name, result["why"]))


def _count_line(name, tally):
    return "  %-12s %6d %10d %7d %6d %8d\n" % (name, tally["cases"], tally["identical"], tally["differ"],
                                                tally.get("xfail", 0), tally["skipped"])


def _modes_run(report):
    """The modes a report ran (a report's "modes", or any tool holding results of the mode)."""
    modes = {mode for mode in MODES if report.get("modes", {}).get(mode)}
    for entry in report.get("tools", {}).values():
        modes.update(mode for mode in MODES if mode in entry)
    return modes


def compare_reports(previous, current, out, tools=None):
    """Print what changed since a previous report; returns the number of regressions.

    A regression: a case "identical" in `previous` that in `current` is
    anything else (differ, xfail, skipped, or absent), or a mode `previous`
    ran and `current` did not, unless current skipped live for --replay-only.
    `tools`: compare only these (a run with --tool); None: every tool of both.
    """
    regressions = 0
    out.write("\ncompared with the report of %s\n" % previous.get("generated", "?"))
    before_modes, now_modes = _modes_run(previous), _modes_run(current)
    names = set(previous.get("tools", {})) | set(current.get("tools", {}))
    if tools is not None:
        names &= set(tools)
    for mode in MODES:
        if mode not in before_modes:
            continue
        if mode not in now_modes:
            why = current.get("modes", {}).get("%s_skipped_because" % mode) or "not run"
            if why == REPLAY_ONLY:
                out.write("  %s: not run (%s), not compared\n" % (mode, why))
                continue
            unchecked = sum(1 for tool in names for r in previous["tools"].get(tool, {}).get(mode, {}).values()
                            if r.get("status") == "identical")
            regressions += 1
            out.write("  REGRESSED %s: the previous report ran it (%d cases identical), this run did not: %s\n"
                      % (mode, unchecked, why))
            continue
        changes = []
        for tool in sorted(names):
            before = previous.get("tools", {}).get(tool, {}).get(mode, {})
            now = current.get("tools", {}).get(tool, {}).get(mode, {})
            for name in sorted(set(before) | set(now)):
                old = before.get(name, {}).get("status", "absent")
                new = now.get(name, {}).get("status", "absent")
                if old == new:
                    continue
                if old == "identical":
                    kind = "REGRESSED"
                    regressions += 1
                elif old == "absent":
                    kind = "new"
                elif new == "identical":
                    kind = "fixed"
                else:
                    kind = "changed"
                why = now.get(name, {}).get("why", "")
                changes.append("  %-9s %s %s/%s: %s -> %s%s\n" % (kind, mode, tool, name, old, new,
                                                                   ": " + why if why else ""))
        out.write("".join(changes) or "  %s: no change\n" % mode)
    out.write("  %d regression%s\n" % (regressions, "" if regressions == 1 else "s"))
    return regressions


def live_requirement_problems(report):
    """Why a run does not satisfy PYNETTOOLS_REQUIRE_LIVE=1 ([] when it does)."""
    modes = report["modes"]
    if not modes["live"]:
        if modes["live_skipped_because"] == REPLAY_ONLY:
            return []
        return ["live mode could not run: %s" % modes["live_skipped_because"]]
    return ["live: %s" % why for why in modes.get("live_missing", [])]


# ---- the baseline and README.md's figures ----------------------------------------------

README_TABLE_HEADER = "| tool | compatible with | golden cases identical, replayed | live, side by side |"
README_ROW = re.compile(r"^\| `(?P<tool>[^`]+)` \| (?P<compatible>[^|]*?) \| (?P<replay>\d+ / \d+) \| "
                        r"(?P<live>\d+ / \d+) \|$")


def readme_table(lines):
    """(first, end) line indexes of the rows of README.md's figures table."""
    for index, line in enumerate(lines):
        if line.strip() == README_TABLE_HEADER:
            first = end = index + 2  # past the header and its |---| line
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            return first, end
    raise ValueError("README.md has no figures table (%s)" % README_TABLE_HEADER)


def _figure(report, tool, mode):
    tally = counts(report["tools"][tool][mode])
    return "%d / %d" % (tally["identical"], tally["cases"])


def _compatible_with(tool):
    """"net-tools 2.10" from a golden case's version file (net-tools 2.10-0.1+deb12u2)."""
    for _, _, directory in golden_case_dirs(tool):
        with open(os.path.join(directory, "version")) as f:
            package, _, version = f.read().strip().partition(" ")
        version = version.split(":", 1)[-1].rsplit("-", 1)[0]
        return "%s %s" % (package, version)
    return REFERENCE_PACKAGES.get(tool, tool)


def rewrite_readme(text, report, out=None):
    """README.md's text with its figures table set from `report` (live and replay both needed).

    A tool's row keeps its "compatible with"; a tool without a row gets one;
    a row for a tool not in the report is kept, with a warning on `out`.
    """
    lines = text.split("\n")
    first, end = readme_table(lines)
    rows = {}
    for index in range(first, end):
        match = README_ROW.match(lines[index])
        if match is None:
            raise ValueError("README.md: not a figures row: %r" % lines[index])
        rows[match.group("tool")] = index
    new_rows = []
    for tool in sorted(report["tools"]):
        replay, live_figure = _figure(report, tool, "replay"), _figure(report, tool, "live")
        if tool in rows:
            match = README_ROW.match(lines[rows[tool]])
            lines[rows[tool]] = "| `%s` | %s | %s | %s |" % (tool, match.group("compatible"), replay, live_figure)
        else:
            new_rows.append("| `%s` | %s | %s | %s |" % (tool, _compatible_with(tool), replay, live_figure))
    for tool in sorted(set(rows) - set(report["tools"])):
        if out is not None:
            out.write("warning: README.md has a row for %s, which the report does not hold\n" % tool)
    lines[end:end] = new_rows
    return "\n".join(lines)


def write_baseline(report, out, baseline=None, readme=None):
    """Write `report` as the baseline (default BASELINE) and README.md's figures
    (default README); returns why not ("" when written)."""
    baseline = baseline or BASELINE
    readme = readme or README
    if not report["modes"]["live"]:
        return "live mode did not run (%s): a baseline needs both modes (run as root)" % (
            report["modes"]["live_skipped_because"])
    if report["modes"].get("live_missing"):
        return "live could not run every case: %s" % "; ".join(report["modes"]["live_missing"])
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    new_text = rewrite_readme(text, report, out)
    _dump(report, baseline)
    if new_text != text:
        with open(readme, "w", encoding="utf-8") as f:
            f.write(new_text)
    out.write("wrote %s and the figures of %s\n" % (baseline, readme))
    return ""


def _dump(report, path):
    with open(path, "w") as f:
        json.dump(report, f, indent=1, sort_keys=True)
        f.write("\n")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.compat", description=__doc__.split("\n")[0])
    parser.add_argument("--tool", action="append", help="only this tool (repeatable)")
    parser.add_argument("--replay-only", action="store_true", help="skip the live comparison")
    parser.add_argument("--previous", help="a previous compat-report.json to compare with; exit 1 on a regression")
    parser.add_argument("--report-only", action="store_true",
                        help="list regressions since --previous but exit 0 all the same")
    parser.add_argument("--output", default="compat-report.json", help="where to write the JSON report")
    parser.add_argument("--live-results", metavar="FILE",
                        help="count live results from the test suite's differential run "
                             "(PYNETTOOLS_LIVE_RESULTS=FILE) instead of running each pair again")
    parser.add_argument("--write-baseline", action="store_true",
                        help="also write %s and README.md's figures from this run (needs live; refuses "
                             "when a case regressed since the old baseline)" % os.path.relpath(BASELINE, REPO))
    parser.add_argument("--allow-regressions", action="store_true",
                        help="with --write-baseline: write it even though cases regressed (say why in the commit)")
    args = parser.parse_args(argv)
    if args.write_baseline and (args.tool or args.replay_only):
        parser.error("--write-baseline needs every tool, live too (not --tool or --replay-only)")
    tools = args.tool or sorted(set(tools_with_cases()) | {t for t, _, _ in golden_case_dirs()})
    report = build_report(tools, want_live=not args.replay_only, live_results_file=args.live_results)
    format_report(report, sys.stdout)
    previous = args.previous or (BASELINE if args.write_baseline and os.path.isfile(BASELINE) else None)
    regressions = 0
    if previous:
        with open(previous) as f:
            regressions = compare_reports(json.load(f), report, sys.stdout, tools=args.tool)
    _dump(report, args.output)
    sys.stdout.write("\nwrote %s\n" % args.output)
    failures = []
    accepted = args.report_only or (args.write_baseline and args.allow_regressions)
    if regressions and not accepted:
        failures.append("%d regression%s since %s (see above)" % (regressions, "" if regressions == 1 else "s",
                                                                  previous))
    if live_required():
        failures += ["%s (PYNETTOOLS_REQUIRE_LIVE=1)" % p for p in live_requirement_problems(report)]
    if args.write_baseline:
        if regressions and not args.allow_regressions:
            why_not = "cases regressed (fix them, or pass --allow-regressions)"
        else:
            why_not = write_baseline(report, sys.stdout)
        if why_not:
            failures.append("baseline not written: %s" % why_not)
    for failure in failures:
        sys.stdout.write("FAILED: %s\n" % failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
