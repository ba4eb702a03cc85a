"""The compat report: how many cases of each tool ours gets byte-identical.

    python -m tests.compat                          replay every golden case; live too when possible
    python -m tests.compat --replay-only            no lab, no reference tools needed
    python -m tests.compat --previous old.json      also list what got fixed or broke since
    python -m tests.compat --tool arp --output r.json

Two ways to count, reported separately:
  replay  ours replayed in-process on each golden recording (tests/golden),
          compared with the real tool's recorded output: runs anywhere;
  live    the real tool and ours run side by side in the lab (root, the
          reference tools and network namespaces needed; skipped otherwise,
          and the report says why).
A case is "skipped" in replay when cases.py lists it but it was never
recorded, and in live when it cannot run here.  Writes compat-report.json.
"""
import argparse
import datetime
import json
import sys

from tests.harness import golden, live
from tests.harness.cases import golden_case_dirs, load_cases, tools_with_cases

STATES = ("identical", "differ", "skipped")


def replay_results(tool):
    """{case: {"status", "why"}} from replaying every recorded case of a tool."""
    results = {}
    recorded = {name: directory for _, name, directory in golden_case_dirs(tool)}
    for name, directory in sorted(recorded.items()):
        try:
            problems = golden.check(directory, tool)
        except Exception as err:  # a crash in ours is a difference, not a crash of the report
            problems = ["ours raised %s: %s" % (type(err).__name__, err)]
        results[name] = {"status": "differ" if problems else "identical",
                         "why": _first_line(problems)}
    for name in _listed(tool):
        if name not in recorded:
            results[name] = {"status": "skipped", "why": "not recorded (python -m tests.record %s %s)" % (tool, name)}
    return results


def live_results(tool, pool):
    """{case: {"status", "why"}} from running real and ours side by side."""
    results = {}
    missing = live.real_tool_missing(tool)
    for case in _cases(tool):
        if missing:
            results[case.name] = {"status": "skipped", "why": missing}
            continue
        try:
            problems = live.run_pair(pool.lab_for(case), case).differences()
        except Exception as err:
            problems = ["could not run: %s: %s" % (type(err).__name__, err)]
        results[case.name] = {"status": "differ" if problems else "identical", "why": _first_line(problems)}
    return results


def _cases(tool):
    try:
        return load_cases(tool)
    except ImportError:
        return []


def _listed(tool):
    return [case.name for case in _cases(tool)]


def _first_line(problems):
    if not problems:
        return ""
    return problems[0].splitlines()[0]


def counts(results):
    tally = {"cases": len(results)}
    for state in STATES:
        tally[state] = sum(1 for r in results.values() if r["status"] == state)
    return tally


def build_report(tools, want_live=True):
    report = {"version": 1, "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "modes": {"replay": True, "live": False, "live_skipped_because": None}, "tools": {}}
    pool = None
    if want_live:
        reason = live.lab_skip_reason()
        if reason:
            report["modes"]["live_skipped_because"] = reason
        else:
            report["modes"]["live"] = True
            pool = live.LabPool()
    else:
        report["modes"]["live_skipped_because"] = "--replay-only"
    try:
        for tool in tools:
            entry = {"replay": replay_results(tool)}
            if pool is not None:
                entry["live"] = live_results(tool, pool)
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
        for mode in ("replay", "live"):
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
        out.write("  %-12s %6s %10s %7s %8s\n" % ("tool", "cases", "identical", "differ", "skipped"))
        for tool, modes in sorted(report["counts"]["tools"].items()):
            if mode in modes:
                out.write(_count_line(tool, modes[mode]))
        if mode in report["counts"]["total"]:
            out.write(_count_line("total", report["counts"]["total"][mode]))
        for tool, entry in sorted(report["tools"].items()):
            for name, result in sorted(entry.get(mode, {}).items()):
                if result["status"] == "differ":
                    out.write("    differ  %s/%s: %s\n" % (tool, name, result["why"]))


def _count_line(name, tally):
    return "  %-12s %6d %10d %7d %8d\n" % (name, tally["cases"], tally["identical"], tally["differ"], tally["skipped"])


def compare_reports(previous, current, out):
    """Print what changed since a previous report; returns the number of regressions."""
    regressions = 0
    out.write("\ncompared with the report of %s\n" % previous.get("generated", "?"))
    for mode in ("replay", "live"):
        changes = []
        for tool, entry in sorted(current["tools"].items()):
            before = previous.get("tools", {}).get(tool, {}).get(mode)
            now = entry.get(mode)
            if before is None or now is None:
                continue
            for name in sorted(set(before) | set(now)):
                old = before.get(name, {}).get("status", "absent")
                new = now.get(name, {}).get("status", "absent")
                if old == new:
                    continue
                kind = "fixed" if new == "identical" else "REGRESSED" if old == "identical" else "changed"
                regressions += kind == "REGRESSED"
                changes.append("  %-9s %s %s/%s: %s -> %s\n" % (kind, mode, tool, name, old, new))
        out.write("".join(changes) or "  %s: no change\n" % mode)
    return regressions


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.compat", description=__doc__.split("\n")[0])
    parser.add_argument("--tool", action="append", help="only this tool (repeatable)")
    parser.add_argument("--replay-only", action="store_true", help="skip the live comparison")
    parser.add_argument("--previous", help="a previous compat-report.json to compare with")
    parser.add_argument("--output", default="compat-report.json", help="where to write the JSON report")
    parser.add_argument("--fail-on-regression", action="store_true",
                        help="exit 1 when a case identical in --previous differs now")
    args = parser.parse_args(argv)
    tools = args.tool or sorted(set(tools_with_cases()) | {t for t, _, _ in golden_case_dirs()})
    report = build_report(tools, want_live=not args.replay_only)
    format_report(report, sys.stdout)
    regressions = 0
    if args.previous:
        with open(args.previous) as f:
            regressions = compare_reports(json.load(f), report, sys.stdout)
    with open(args.output, "w") as f:
        json.dump(report, f, indent=1, sort_keys=True)
        f.write("\n")
    sys.stdout.write("\nwrote %s\n" % args.output)
    return 1 if regressions and args.fail_on_regression else 0


if __name__ == "__main__":
    sys.exit(main())
