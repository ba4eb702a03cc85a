"""traceroute's SPEC (pynettools/tools/traceroute/spec.py) against its option table (args.OPTIONS).

Every option traceroute 2.1.2 has is documented and completed, with its
short and long spellings; a long option that takes a value is spelled with
its "=" (CLIF takes "--queries=3" only); the -M list is the built-in methods.
"""
from pynettools.tools.traceroute import args
from pynettools.tools.traceroute.spec import METHODS, SPEC


def _spellings(option):
    short = ("-" + option.short) if option.short else None
    if option.long is None:
        long = None
    elif option.flags & args.ONEDASH:  # -UL
        short, long = "-" + option.long, None
    else:
        long = "--" + option.long + ("=" if option.arg else "")
    return short, long


def test_every_option_is_documented_with_its_spellings():
    documented = {(short, long): metavar for short, long, metavar, _ in SPEC["options"]}
    expected = {_spellings(option): option.arg for option in args.OPTIONS}
    assert set(documented) == set(expected)
    for key, value_name in expected.items():
        assert bool(documented[key]) == bool(value_name), key


def test_methods_are_the_built_in_modules():
    assert sorted(METHODS) == sorted(args.MODULES)
