"""dig's SPEC (pynettools/tools/dig/spec.py): its option list against dig's own
option tree (args.PLUS_TREE), each spelling and shortest form against
args.parse, and the man page and completions docgen makes of it, run in
bash, zsh and fish.

These build dig's files in a temporary directory, so they hold before dig
is listed in cli.TOOLS; from then on tests/test_docs.py also checks the
committed files.
"""
import os
import shutil
import subprocess

import pytest

from pynettools import docgen
from pynettools.tools.dig import args, spec

TOOL = docgen.Tool(spec.SPEC, "dig", "pynettools.tools.dig", spec.__file__)
PLUS = [option for option in TOOL.options if option.plus]
DASH = [option for option in TOOL.options if not option.plus]
ALIASES = {"cl": "class", "ttl": "ttlid", "retries": "retry"}  # second names dig gives a leaf

# A value each +keyword=VALUE option takes.
VALUES = {
    "bufsize": "1232", "cookie": "0123456789abcdef", "domain": "example.test", "dscp": "1",
    "edns": "0", "ednsflags": "0x10", "ednsopt": "nsid", "fuzztime": "5", "ndots": "2",
    "opcode": "notify", "padding": "64", "qid": "7", "retry": "1", "split": "8",
    "subnet": "192.0.2.0/24", "timeout": "2", "tries": "2", "tls-ca": "/ca.pem",
    "tls-certfile": "/c.pem", "tls-hostname": "ns.example.test", "tls-keyfile": "/k.pem",
    "http-plain": "/q", "http-plain-get": "/q", "http-plain-post": "/q", "https": "/q",
    "https-get": "/q", "https-post": "/q",
}


def _tree_names(node=args.PLUS_TREE):
    names = set()
    for child in node.values():
        if isinstance(child, dict):
            names |= _tree_names(child)
        elif child == "=http":
            names |= set(spec.HTTP_NAMES)
        else:
            names |= set(child.lstrip("=").split("|"))
    return names


def _state(argv):
    """What parse() makes of a command line: the globals and each lookup, as dicts."""
    parsed = args.parse(["dig"] + argv, env={}, digrc_text="")
    lookups = [dict(vars(lookup), cmdline=None) for lookup in parsed.lookups]
    state = dict(vars(parsed), lookups=lookups, stdout=None, stderr=None)
    state.pop("parser", None)  # the parser itself, kept for a batch file's later lines
    return state


def _word(option, value=None):
    word = option.plus
    if value is not None:
        word += "=" + value
    return word


# ---- the option list -----------------------------------------------------------------

def test_every_keyword_of_digs_tree_is_documented():
    documented = {spec.plus_name(option.label) for option in PLUS}
    assert documented == _tree_names() - set(ALIASES)
    for alias, name in ALIASES.items():
        option = TOOL.find_option("+" + name) or TOOL.find_option("+[no]" + name)
        assert "+%s" % alias in option.help, alias


def test_every_dash_option_is_documented():
    letters = set(args.SINGLE_DASH) | set("bcfkpqtyx")
    assert {option.short[1:] for option in DASH} == letters
    for option in DASH:
        assert bool(option.metavar) == (option.short[1] in "bcfkpqtyx"), option.short


def test_no_docgen_warnings():
    assert TOOL.warnings == []


@pytest.mark.parametrize("option", PLUS, ids=[option.plus for option in PLUS])
def test_each_spelling_is_accepted(option):
    name = option.plus[1:]
    value = VALUES.get(name)
    if option.metavar and not option.value_optional:
        assert value is not None, "give %s a sample value in VALUES" % name
        _state([_word(option, value), "x"])
    else:
        _state([option.plus, "x"])
        if value is not None:
            _state([_word(option, value), "x"])
    if option.negation:
        _state([option.negation, "x"])
    else:
        with pytest.raises(args.DigExit):  # "+no" only where the page offers it
            _state(["+no" + name, "x"])


@pytest.mark.parametrize("option", [o for o in PLUS if o.plus[1:] not in spec.HTTP_NAMES],
                         ids=[o.plus for o in PLUS if o.plus[1:] not in spec.HTTP_NAMES])
def test_the_shortest_form_is_the_option_and_is_shortest(option):
    name = option.plus[1:]
    short = spec.shortest(name)
    value = VALUES.get(name) if option.metavar and not option.value_optional else None
    suffix = "" if value is None else "=" + value
    assert _state(["+" + short + suffix, "x"]) == _state(["+" + name + suffix, "x"])
    if option.negation:
        assert _state(["+no" + short, "x"]) == _state([option.negation, "x"])
    if len(short) > 1:
        # One letter less is refused, or is another option.  (Compared in the "no"
        # form where there is one: +adflag and +additional are both on by default.)
        prefix = "+no" if option.negation else "+"
        suffix = "" if option.negation else suffix
        try:
            shorter = _state([prefix + short[:-1] + suffix, "x"])
        except args.DigExit:
            return
        assert shorter != _state([prefix + name + suffix, "x"]), short[:-1]


def test_the_abbreviation_rule_the_page_states():
    assert _state(["+shor", "x"]) == _state(["+short", "x"])
    assert _state(["+shorT", "x"]) == _state(["+short", "x"])
    assert _state(["+do", "x"]) == _state(["+dnssec", "x"])
    assert _state(["+i", "x"]) == _state(["+ignore", "x"])
    for word in ("+sho", "+Short"):
        with pytest.raises(args.DigExit) as stop:
            _state([word, "x"])
        assert stop.value.code == 1 and "Invalid option: %s\n" % word in stop.value.stderr


def test_docgen_finds_the_spec_once_dig_is_a_tool():
    """load_tools() falls back to a package's spec.py: listing dig in cli.TOOLS is the
    only switch (then `python -m pynettools.docgen` writes the files)."""
    assert docgen._package_spec("pynettools.tools.dig").SPEC is spec.SPEC


# ---- the generated files -------------------------------------------------------------

@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("digdocs")
    written = {"man": docgen.tool_man(TOOL), "bash": docgen.tool_bash(TOOL),
               "zsh": docgen.tool_zsh(TOOL), "fish": docgen.tool_fish(TOOL)}
    paths = {}
    for kind, text in written.items():
        name = {"man": "dig.1", "bash": "dig", "zsh": "_dig", "fish": "dig.fish"}[kind]
        directory = root / kind
        directory.mkdir()
        (directory / name).write_text(text)
        paths[kind] = str(directory / name)
    return paths


def test_man_page_renders_and_shows_the_plus_forms(files):
    text = open(files["man"]).read()
    assert ".TH DIG 1" in text
    assert "\\fB+[no]edns\\fR\\fI[=N]\\fR" in text and "\\fB+ndots=\\fR\\fIN\\fR" in text
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    result = subprocess.run(["groff", "-man", "-ww", "-z", "-Tutf8", files["man"]],
                            stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr


BASH = r'''
source "$1"; shift
COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()
_pynettools_dig
printf '%s\n' "${COMPREPLY[@]}"
'''

# (command line as the shell splits it, what must be offered exactly).  bash
# splits "+opcode=no" into "+opcode" "=" "no" (COMP_WORDBREAKS holds "=").
BASH_CASES = [
    (["dig", "+nd"], ["+ndots="]),
    (["dig", "+sho"], ["+short", "+showbadcookie", "+showsearch"]),
    (["dig", "+noed"], ["+noedns", "+noednsflags", "+noednsnegotiation", "+noednsopt"]),
    (["dig", "+opcode", "=", ""], ["query", "iquery", "status", "notify", "update"]),
    (["dig", "+opcode", "=", "no"], ["notify"]),
    (["dig", "+ndots", "=", ""], []),
    (["dig", "-c", ""], spec.QUERY_CLASSES),
    (["dig", "-t", "mx"], ["mx"]),
    (["dig", "example.test", "ns"], ["ns", "nsap", "nsap-ptr", "nsec", "nsec3", "nsec3param"]),
]


@pytest.mark.parametrize("words, offered", BASH_CASES, ids=[" ".join(c[0]) for c in BASH_CASES])
def test_bash_completion(files, words, offered):
    result = subprocess.run(["bash", "-c", BASH, "bash", files["bash"]] + words, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert [word for word in result.stdout.split("\n") if word] == offered


@pytest.mark.parametrize("words", [["dig", "@", ""], ["dig", "@", "local"], ["dig", "x", "@loc"]])
def test_bash_completes_at_server(files, words):
    """@server: bash splits the word at "@" (COMP_WORDBREAKS), or leaves it whole."""
    result = subprocess.run(["bash", "-c", BASH, "bash", files["bash"]] + words, stdout=subprocess.PIPE,
                            universal_newlines=True, timeout=60)
    offered = result.stdout.split()
    at = "@" if words[-1].startswith("@") and words[-1] != "@" else ""
    assert at + "localhost" in offered  # /etc/hosts
    assert all(word.startswith(at + words[-1].lstrip("@")) for word in offered)


def test_bash_offers_every_spelling(files):
    result = subprocess.run(["bash", "-c", BASH, "bash", files["bash"], "dig", "+"], stdout=subprocess.PIPE,
                            universal_newlines=True, timeout=60)
    offered = set(result.stdout.split())
    assert offered == {spelling for option in PLUS for spelling in option.spellings}


FISH_CASES = [
    ("dig +nd", {"+ndots="}),
    ("dig +noed", {"+noedns", "+noednsflags", "+noednsnegotiation", "+noednsopt"}),
    ("dig +opcode=no", {"+opcode=notify"}),
    ("dig -c ", set(spec.QUERY_CLASSES)),
    ("dig +tls-ca=/et", {"+tls-ca=/etc/"}),
]


def test_fish_completes_at_server(files):
    """fish's own host list (__fish_print_hostnames) may be empty: the rule is checked."""
    text = open(files["fish"]).read()
    assert ("""complete -c dig -n 'string match -q -- "@*" (commandline -ct)' """
            """-a '(string replace -r -- "^" "@" (__fish_print_hostnames))'""") in text


@pytest.mark.parametrize("line, offered", FISH_CASES, ids=[c[0] for c in FISH_CASES])
def test_fish_completion(files, line, offered):
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    result = subprocess.run(["fish", "--no-config", "-c", "source $argv[1]; complete -C $argv[2]",
                             files["fish"], line], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert {entry.split("\t")[0] for entry in result.stdout.split("\n") if entry} == offered


ZSH_CASES = [
    ("dig +nd", {"+ndots"}),
    ("dig +sho", {"+short", "+showbadcookie", "+showsearch"}),
    ("dig +opcode=", {"query", "iquery", "status", "notify", "update"}),
    ("dig +tls-ca=/et", {"etc"}),
    ("dig -c ", set(spec.QUERY_CLASSES)),
    ("dig @localhos", {"localhost"}),
]


def test_zsh_completion(files):
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed")
    from tests.test_ip_completions import ZSH_SCRIPT

    lines = [line for line, _ in ZSH_CASES]
    result = subprocess.run(["zsh", "-f", "-c", ZSH_SCRIPT, "zsh", os.path.dirname(files["zsh"])] + lines,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                            timeout=120)
    if result.returncode == 3:
        pytest.skip("zsh has no zsh/zpty module")
    outputs = result.stdout.split("\n")
    for (line, offered), output in zip(ZSH_CASES, outputs):
        assert {word for word in output.split(" ") if word and word != "END"} == offered, line


@pytest.mark.parametrize("shell, kind", [("bash", "bash"), ("zsh", "zsh"), ("fish", "fish")])
def test_completion_files_parse(files, shell, kind):
    if shutil.which(shell) is None:
        pytest.skip("%s is not installed" % shell)
    result = subprocess.run([shell, "-n", files[kind]], stderr=subprocess.PIPE, universal_newlines=True)
    assert result.returncode == 0, result.stderr
