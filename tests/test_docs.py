"""The generated man pages and completions: up to date, and usable by their shells.

man/ and completions/ are generated from each tool's SPEC by
`python -m pynettools.docgen`; when this test fails with "out of date", run
that command and commit the result.
"""
import os
import shutil
import subprocess
import sys

import pytest

from pynettools import docgen

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = docgen.load_tools()
MAN_SECTIONS = ("NAME", "SYNOPSIS", "DESCRIPTION", "HOW IT READS THE KERNEL", "EXIT STATUS",
                "ENVIRONMENT", "COMPATIBILITY", "SEE ALSO")


def _path(*parts):
    return os.path.join(REPO, *parts)


def _read(*parts):
    with open(_path(*parts), encoding="utf-8") as f:
        return f.read()


def _tool_ids():
    return [tool.name for tool in TOOLS]


def test_generated_files_are_up_to_date():
    result = subprocess.run([sys.executable, "-m", "pynettools.docgen", "--check", "--root", REPO],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)
    assert result.returncode == 0, result.stderr


def test_every_generated_file_exists():
    for path in docgen.generated_files(TOOLS):
        assert os.path.getsize(_path(path)) > 0, path


@pytest.mark.parametrize("name", sorted(os.listdir(_path("completions", "bash")))
                         if os.path.isdir(_path("completions", "bash")) else [])
def test_bash_completion_parses(name):
    result = subprocess.run(["bash", "-n", _path("completions", "bash", name)],
                            stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 0, result.stderr


def _bash_complete(script, function, words):
    """COMPREPLY of `function` for a command line (the last word is being completed)."""
    program = (
        'source "$1"; shift; fn=$1; shift\n'
        'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()\n'
        '"$fn"; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", program, "bash", script, function] + list(words),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.split("\n") if line]


@pytest.mark.parametrize("tool", TOOLS, ids=_tool_ids())
def test_bash_completion_offers_every_option(tool):
    script = _path("completions", "bash", tool.name)
    offered = _bash_complete(script, docgen._function_name(tool.name), [tool.name, "-"])
    for option in tool.options:
        for spelling in option.spellings:
            if spelling.startswith("-"):
                assert spelling in offered


@pytest.mark.parametrize("tool", TOOLS, ids=_tool_ids())
def test_bash_completion_of_option_arguments(tool):
    script = _path("completions", "bash", tool.name)
    for option in tool.options:
        if option.kind is None:
            continue
        what, words = option.kind
        offered = _bash_complete(script, docgen._function_name(tool.name),
                                 [tool.name, option.spellings[0], ""])
        if what == "words":
            assert offered == words
        elif what == "interfaces":
            assert "lo" in offered


def test_program_bash_completion_offers_tools():
    offered = _bash_complete(_path("completions", "bash", "pynettools"), "_pynettools",
                             ["pynettools", ""])
    assert "--list" in offered and "--install" in offered
    for name in docgen.TOOLS:
        assert name in offered


@pytest.mark.parametrize("tool", TOOLS, ids=_tool_ids())
def test_zsh_completion_names_every_option(tool):
    text = _read("completions", "zsh", "_" + tool.name)
    assert text.startswith("#compdef %s\n" % tool.name)
    for option in tool.options:
        for spelling in option.spellings:
            assert spelling in text


@pytest.mark.parametrize("tool", TOOLS, ids=_tool_ids())
def test_fish_completion_names_every_option(tool):
    text = _read("completions", "fish", tool.name + ".fish")
    assert ("complete -c %s " % tool.name) in text
    for option in tool.options:
        for switch in docgen._fish_switches(option.spellings):
            assert switch in text


@pytest.mark.parametrize("shell, directory, prefix, suffix", [
    ("zsh", "zsh", "_", ""), ("fish", "fish", "", ".fish")])
def test_zsh_and_fish_files_parse(shell, directory, prefix, suffix):
    if shutil.which(shell) is None:
        pytest.skip("%s is not installed" % shell)
    names = ["pynettools"] + [tool.name for tool in TOOLS]
    for name in names:
        path = _path("completions", directory, prefix + name + suffix)
        assert os.path.getsize(path) > 0
        result = subprocess.run([shell, "-n", path], stderr=subprocess.PIPE,
                                universal_newlines=True)
        assert result.returncode == 0, (path, result.stderr)


def _man_pages():
    return [path for path in docgen.generated_files(TOOLS) if path.startswith("man/")]


@pytest.mark.parametrize("path", _man_pages())
def test_man_page_has_its_sections(path):
    text = _read(path)
    headings = [line[4:].strip('"') for line in text.split("\n") if line.startswith(".SH ")]
    for section in MAN_SECTIONS:
        assert section in headings, (path, section)


@pytest.mark.parametrize("path", _man_pages())
def test_man_page_renders_without_warnings(path):
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    result = subprocess.run(["groff", "-man", "-ww", "-z", "-Tutf8", _path(path)],
                            stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr


# ---- docgen itself, on SPECs written for the test -------------------------------


def test_an_empty_spec_gets_defaults():
    tool = docgen.Tool({}, "ping", "pynettools.tools.ping")
    assert (tool.name, tool.section) == ("ping", "8")
    assert tool.synopsis == ["ping [OPTION]..."]
    assert "iputils" in tool.compatible
    page = docgen.tool_man(tool)
    assert ".TH PING 8" in page and ".SH HOW IT READS THE KERNEL" in page


def test_spec_details_reach_the_outputs():
    spec = {
        "name": "demo",
        "summary": "show things",
        "options": [("n", "numeric", None, "no names"), ("-i", "--device", "IF", "one interface"),
                    {"short": "-A", "metavar": "FAMILY", "help": "address family"}],
        "completions": {"-i": "interfaces", "--numeric": "bogus", "-A": ["inet", "inet6"],
                        "hosts": "hosts", "keywords": ["up", "down"], "-Z": "files"},
        "man": "First paragraph.\n\n.starts with a dot\n\nNOTES\n    indented -x example\n",
    }
    tool = docgen.Tool(spec, "demo", "demo_module")
    assert [o.spellings for o in tool.options] == [["-n", "--numeric"], ["-i", "--device"], ["-A"]]
    assert tool.find_option("--device").kind == ("interfaces", None)
    assert tool.arguments == [("hosts", None), ("words", ["up", "down"])]
    assert len(tool.warnings) == 2  # the unknown kind and the unknown option
    page = docgen.tool_man(tool)
    assert "\\&.starts with a dot" in page
    assert ".SH NOTES" in page and "indented \\-x example" in page
    assert "\\fB\\-i\\fR \\fIIF\\fR, \\fB\\-\\-device\\fR \\fIIF\\fR" in page
    bash = docgen.tool_bash(tool)
    assert "'-A')" in bash and '"inet inet6"' in bash and "-A hostname" in bash
    assert "{-i+,--device=}" in docgen.tool_zsh(tool)
    assert "-s A -x -a 'inet inet6'" in docgen.tool_fish(tool)


def test_plus_keyword_options():
    """dig's +keywords: "+[no]x" is two spellings, the value attached with "="; lsof's
    "+c W" stays an option whose value is the next word."""
    tool = docgen.Tool({"options": [("+[no]edns", None, "[=N]", "version"), ("+ndots=", None, "N", "dots"),
                                    ("+c", None, "W", "width")]}, "demo", "demo_module")
    edns, ndots, width = tool.options
    assert (edns.spellings, edns.plus, edns.value_optional) == (["+edns", "+noedns"], "+edns", True)
    assert (ndots.spellings, ndots.plus, ndots.value_optional) == (["+ndots="], "+ndots", False)
    assert width.plus is None and tool.find_option("+ndots") is ndots
    page = docgen.tool_man(tool)
    assert "\\fB+[no]edns\\fR\\fI[=N]\\fR" in page and "\\fB+c\\fR \\fIW\\fR" in page
    assert "'+edns=-[version]::N: '" in docgen.tool_zsh(tool)
    assert "'+ndots')" in docgen.tool_bash(tool) and "compopt -o nospace" in docgen.tool_bash(tool)


def test_readme_gives_the_test_command_ci_runs():
    """.ci/run runs the suite exactly as README.md tells a newcomer to."""
    import re

    match = re.search(r"^TEST_COMMAND=\((.*)\)$", _read(".ci", "run"), re.M)
    assert match, "TEST_COMMAND=(...) not found in .ci/run"
    assert "\n" + match.group(1) + "\n" in _read("README.md")


# ---- README.md's figures table against tests/compat-baseline.json -------------------------

FIGURES_HEADER = "| tool | compatible with | golden cases identical, replayed | live, side by side |"


def _readme_figures():
    """{tool: {"replay": (identical, cases), "live": (identical, cases)}} from README.md's table."""
    import re

    lines = _read("README.md").split("\n")
    assert FIGURES_HEADER in lines, "README.md lost its figures table"
    rows = {}
    for line in lines[lines.index(FIGURES_HEADER) + 2:]:
        if not line.startswith("|"):
            break
        match = re.match(r"^\| `([^`]+)` \| [^|]+ \| (\d+) / (\d+) \| (\d+) / (\d+) \|$", line)
        assert match, "README.md: not a figures row: %r" % line
        tool = match.group(1)
        assert tool not in rows, "README.md: two rows for %s" % tool
        figures = [int(n) for n in match.groups()[1:]]
        rows[tool] = {"replay": tuple(figures[:2]), "live": tuple(figures[2:])}
    return rows


def _baseline_figures():
    import json

    with open(_path("tests", "compat-baseline.json")) as f:
        baseline = json.load(f)
    figures = {}
    for tool, entry in baseline["tools"].items():
        figures[tool] = {}
        for mode in ("replay", "live"):
            results = entry.get(mode, {})
            identical = sum(1 for r in results.values() if r["status"] == "identical")
            figures[tool][mode] = (identical, len(results))
            tally = baseline["counts"]["tools"].get(tool, {}).get(mode, {})
            assert (tally.get("identical"), tally.get("cases")) == figures[tool][mode], (
                "tests/compat-baseline.json: the counts of %s %s disagree with its cases" % (tool, mode))
    return figures


REFRESH = "refresh both with `python -m tests.compat --write-baseline` (as root)"


def test_readme_figures_are_the_baselines():
    """Each tool of the baseline has a README row with its "identical / cases", replayed and live."""
    readme, baseline = _readme_figures(), _baseline_figures()
    for tool, figures in sorted(baseline.items()):
        assert tool in readme, "README.md has no figures row for %s; %s" % (tool, REFRESH)
        assert readme[tool] == figures, "README.md's figures for %s are %r, the baseline's %r; %s" % (
            tool, readme[tool], figures, REFRESH)


def test_readme_tools_are_in_the_baseline():
    missing = sorted(set(_readme_figures()) - set(_baseline_figures()))
    assert not missing, "README.md has figures for %s, which tests/compat-baseline.json lacks; %s" % (
        ", ".join(missing), REFRESH)


def test_the_baseline_has_live_figures():
    """A baseline without live results would let a run that skips live pass unnoticed."""
    for tool, figures in _baseline_figures().items():
        assert figures["live"][1] > 0, "tests/compat-baseline.json has no live cases for %s; %s" % (tool, REFRESH)
