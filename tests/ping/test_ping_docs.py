"""ping's SPEC (pynettools/tools/ping/spec.py, the man page and completions) against its command line.

Every option letter of ping's getopt string has its entry, and the words the
completions offer after -M, -T and -N are the ones args.parse accepts.
"""
import pytest

from pynettools.tools.ping import args
from pynettools.tools.ping.spec import NODEINFO, PMTUDISC, SPEC, TIMESTAMPS


def _letters():
    return sorted(set(args.OPTSTRING.replace(":", "")) - set("h?") | {"h"})


def test_every_option_letter_has_an_entry():
    documented = {short for short, _, _, _ in SPEC["options"]}
    assert documented == {"-" + letter for letter in _letters()}


def test_value_names_follow_getopt():
    # a letter followed by ":" in the getopt string takes a value; the page shows one
    for short, _, metavar, _ in SPEC["options"]:
        letter = short[1:]
        takes = args.OPTSTRING[args.OPTSTRING.index(letter) + 1:][:1] == ":"
        assert bool(metavar) == takes, short


def _accepted(option, word):
    try:
        args.parse(["ping", option, word, "127.0.0.1"])
    except args.PingExit as stop:
        return stop.code == 0 and option == "-N"  # -N help prints its list and exits 0
    return True


@pytest.mark.parametrize("option, words", [("-M", PMTUDISC), ("-T", TIMESTAMPS)])
def test_keyword_lists_are_what_ping_takes(option, words):
    for word in words:
        assert _accepted(option, word), (option, word)
    assert not _accepted("-M", "probe")  # 20221126 has no "probe"


def test_nodeinfo_words_are_what_ping_takes():
    for word in NODEINFO:
        value = word + ("::1" if word == "subject-ipv6=" else "127.0.0.1" if word == "subject-ipv4="
                        else "example" if word.endswith("=") else "")
        assert _accepted("-N", value), word
