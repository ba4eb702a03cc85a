"""Every option of ss's usage text is in at least one golden case (issue 6).

The usage text is the real ss's own (tests/golden/ss/help/stdout, what
`ss -h` printed when it was recorded).  From it: every option letter
("-t, --tcp"), every long option ("--tcp", "--query=QUERY"), every -A QUERY
name and every -f FAMILY name.  Each must appear in the argv of some case of
tests/ss/cases.py, read as getopt reads it: letters in clusters count
(`-tanp` has t, a, n, p), the value of an option that takes one is not
options (`-A tcp`, `-Atcp`, `-f inet`), and a long option counts when the
word names it as getopt_long would take it: in full, or as a prefix that
names only it (`--ex` is --extended; `--e` is ambiguous and names nothing).
Cases that only show an error for the option count too: they show what ss
does with it.
"""
import os
import re

from tests.harness.cases import GOLDEN_DIR, load_cases

USAGE = os.path.join(GOLDEN_DIR, "ss", "help", "stdout")
# Options whose value is the next word (or the rest of a cluster), per ss's
# getopt string "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO".
_TAKES_VALUE = set("fADFN")


def usage_text():
    with open(USAGE) as f:
        return f.read()


def usage_options(text):
    """(set of option letters, set of long option names, {long name: takes a value}) in the usage text."""
    letters, longs, valued = set(), set(), {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("-"):
            continue
        spec = re.split(r"\s{2,}", stripped)[0]  # the option part, before the description
        for word in (part.strip() for part in spec.split(",")):
            if re.match(r"^-[A-Za-z0-9]$", word):
                letters.add(word[1])
            match = re.match(r"^--([a-z][a-z0-9-]*)(=\S+)?$", word)
            if match:
                longs.add(match.group(1))
                valued[match.group(1)] = bool(match.group(2))
        if spec.startswith("-") and not letters and not longs:
            raise AssertionError("cannot read usage line %r" % line)
    return letters, longs, valued


def usage_names(text, label):
    """The names of a `LABEL := {a|b|c}` line (QUERY, FAMILY)."""
    match = re.search(r"%s := \{([^}]*)\}" % label, text)
    assert match, "no %s := {...} in the usage text" % label
    return set(match.group(1).split("|"))


def argv_options(argv, long_names, long_valued):
    """(letters, long names, [(option, value)]) that getopt finds in argv (argv[0] excluded).

    Long option words name an option when they are one in full or a prefix
    of exactly one; `long_valued` says which take a value (=VALUE or the next word).
    """
    letters, longs, values = set(), set(), []
    words = list(argv[1:])
    n = 0
    while n < len(words):
        word = words[n]
        n += 1
        if word == "--":
            break
        if word.startswith("--"):
            name, eq, value = word[2:].partition("=")
            if name in long_names:
                found = [name]
            else:
                found = [option for option in sorted(long_names) if option.startswith(name)]
            if len(found) != 1:
                continue  # ambiguous or unknown: getopt takes it as no option
            longs.add(found[0])
            if long_valued.get(found[0]):
                if not eq and n < len(words):
                    value = words[n]
                    n += 1
                values.append(("--" + found[0], value))
        elif word.startswith("-") and len(word) > 1:
            for at, letter in enumerate(word[1:], 1):
                letters.add(letter)
                if letter in _TAKES_VALUE:
                    value = word[at + 1:]
                    if not value and n < len(words):
                        value = words[n]
                        n += 1
                    values.append(("-" + letter, value))
                    break
    return letters, longs, values


def _case_options():
    text = usage_text()
    _, long_names, long_valued = usage_options(text)
    long_names |= {"socket"}  # --query's twin, listed after it on one line
    seen_letters, seen_longs, seen_values = set(), set(), []
    for case in load_cases("ss"):
        letters, longs, values = argv_options(case.argv, long_names, long_valued)
        seen_letters |= letters
        seen_longs |= longs
        seen_values += values
    return seen_letters, seen_longs, seen_values


def test_usage_text_is_read():
    letters, longs, valued = usage_options(usage_text())
    assert {"t", "a", "n", "D", "E", "K", "N", "Z", "z"} <= letters
    assert {"tcp", "diag", "events", "kill", "net", "tipcinfo", "inet-sockopt", "query", "socket"} <= longs
    assert valued["diag"] and valued["query"] and not valued["tcp"]
    assert "vsock_dgram" in usage_names(usage_text(), "QUERY")
    assert "help" in usage_names(usage_text(), "FAMILY")


def test_argv_reading():
    longs = {"extended", "events", "query", "socket", "tcp", "diag"}
    valued = {"query": True, "socket": True, "diag": True}
    letters, found, values = argv_options(["ss", "-tanp", "-Atcp,udp", "--ex", "--e", "--diag", "f", "sport"],
                                          longs, valued)
    assert letters == {"t", "a", "n", "p", "A"}
    assert found == {"extended", "diag"}
    assert values == [("-A", "tcp,udp"), ("--diag", "f")]


def test_every_option_letter_is_in_a_case():
    letters, _, _ = usage_options(usage_text())
    seen, _, _ = _case_options()
    missing = sorted(letters - seen)
    assert not missing, "option letters of ss's usage in no case: %s" % " ".join("-" + m for m in missing)


def test_every_long_option_is_in_a_case():
    _, longs, _ = usage_options(usage_text())
    _, seen, _ = _case_options()
    missing = sorted(longs - seen)
    assert not missing, "long options of ss's usage in no case: %s" % " ".join("--" + m for m in missing)


def test_every_query_name_is_in_a_case():
    _, _, values = _case_options()
    asked = {name.lstrip("!") for option, value in values if option in ("-A", "--query", "--socket")
             for name in value.split(",")}
    missing = sorted(usage_names(usage_text(), "QUERY") - asked)
    assert not missing, "-A names of ss's usage in no case: %s" % " ".join(missing)


def test_every_family_name_is_in_a_case():
    _, _, values = _case_options()
    asked = {value for option, value in values if option in ("-f", "--family")}
    missing = sorted(usage_names(usage_text(), "FAMILY") - asked)
    assert not missing, "-f names of ss's usage in no case: %s" % " ".join(missing)
