"""ip link / ip address: the volatile fields their golden cases rely on.

Address lifetimes (valid_lft/preferred_lft) and a bridge's timers count
down between the real run and ours, so tests/harness/volatile.py compares
them within the pair's clock window.  These tests pin that the tolerance is
that and no more: a value off by more than the window, a lifetime in the
wrong unit, a timer without its padding, all fail.
"""
from tests.harness.volatile import compare_stdout

ADDR = (b"    inet6 2001:db8:1::10/64 scope global dynamic \n"
        b"       valid_lft 3599sec preferred_lft 1799sec\n")
ADDR_JSON = b'[{"addr_info":[{"local":"2001:db8:1::10","valid_life_time":3599,"preferred_life_time":1799}]}]\n'
BRIDGE = b"    bridge hello_timer    0.00 tcn_timer    0.00 gc_timer  185.37 group_fwd_mask 0 \n"
BRIDGE_JSON = b'{"hello_timer": 0.00,"gc_timer": 185.37,"group_fwd_mask": "0"}\n'


def _ours(text, old, new):
    assert old in text
    return text.replace(old, new)


def test_lifetimes_counting_down_within_the_window_pass():
    assert compare_stdout("ip", ADDR, _ours(ADDR, b"3599sec", b"3598sec"), window=0.3) is None
    assert compare_stdout("ip", ADDR, _ours(ADDR, b"3599sec", b"3597sec"), window=1.5) is None
    assert compare_stdout("ip", ADDR_JSON, _ours(ADDR_JSON, b":3599,", b":3598,"), window=0.3) is None


def test_lifetimes_further_apart_than_the_window_fail():
    assert compare_stdout("ip", ADDR, _ours(ADDR, b"3599sec", b"3499sec"), window=0.3)
    assert compare_stdout("ip", ADDR, _ours(ADDR, b"1799sec", b"1797sec"), window=0.3)
    assert compare_stdout("ip", ADDR_JSON, _ours(ADDR_JSON, b":1799}", b":179}"), window=0.3)


def test_lifetimes_keep_their_form():
    assert compare_stdout("ip", ADDR, _ours(ADDR, b"3599sec", b"3599 sec"), window=0.3)
    assert compare_stdout("ip", ADDR, _ours(ADDR, b"3599sec", b"03599sec"), window=0.3)
    assert compare_stdout("ip", ADDR, _ours(ADDR, b"preferred_lft 1799sec", b"preferred_lft forever"), window=0.3)


def test_forever_and_the_rest_of_the_line_are_exact():
    forever = b"       valid_lft forever preferred_lft forever\n"
    assert compare_stdout("ip", forever, forever) is None
    assert compare_stdout("ip", ADDR, _ours(ADDR, b"dynamic", b"dynamic deprecated"), window=10)
    assert compare_stdout("ip", ADDR_JSON, _ours(ADDR_JSON, b"4294967295", b"4294967294")
                          if b"4294967295" in ADDR_JSON else ADDR_JSON + b" ", window=10)


def test_bridge_timers_within_the_window_pass():
    assert compare_stdout("ip", BRIDGE, _ours(BRIDGE, b" 185.37", b" 185.21"), window=0.2) is None
    assert compare_stdout("ip", BRIDGE_JSON, _ours(BRIDGE_JSON, b"185.37", b"185.30"), window=0.2) is None
    # counting down across 100 s the padding grows: "%4i" keeps the column
    hundred = _ours(BRIDGE, b" 185.37", b" 100.00")
    assert compare_stdout("ip", hundred, _ours(hundred, b" 100.00", b"  99.99"), window=0.2) is None


def test_bridge_timers_off_or_misprinted_fail():
    assert compare_stdout("ip", BRIDGE, _ours(BRIDGE, b" 185.37", b" 183.37"), window=0.2)
    assert compare_stdout("ip", BRIDGE, _ours(BRIDGE, b" 185.37", b"185.37"), window=0.2)  # lost "%4i"
    assert compare_stdout("ip", BRIDGE, _ours(BRIDGE, b" 185.37", b" 185.4"), window=0.2)
    assert compare_stdout("ip", BRIDGE_JSON, _ours(BRIDGE_JSON, b"185.37", b" 185.37"), window=0.2)
    assert compare_stdout("ip", BRIDGE, _ours(BRIDGE, b"group_fwd_mask 0", b"group_fwd_mask 0x0"), window=10)
