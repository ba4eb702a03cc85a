"""The ss cases of the newer kinds can fail: output files (-D), runs a signal
stops (-E), sockets a setup made and the case kills (-K).

A golden test that cannot fail claims what it never checked.  Here each kind
is checked to fail on a planted difference, in replay (bugs patched into
ours for the length of one test) and in the file comparison itself
(tests/harness/volatile.py's compare_output_file, on the recorded dump with
bytes changed).  tests/mutation.py-style live checks are in the report of
the change that added these cases.
"""
import os
import struct

import pytest

from tests.harness import golden
from tests.harness.cases import GOLDEN_DIR, find_case
from tests.harness.volatile import compare_output_file

SS_GOLDEN = os.path.join(GOLDEN_DIR, "ss")


def _golden(name):
    directory = os.path.join(SS_GOLDEN, name)
    if not os.path.isdir(directory):
        pytest.skip("ss/%s is not recorded" % name)
    return directory


def _dump():
    with open(os.path.join(_golden("diag"), "outputs", "dump"), "rb") as f:
        return f.read()


def _messages(data):
    offsets, offset = [], 0
    while offset < len(data):
        offsets.append(offset)
        offset += (struct.unpack_from("=I", data, offset)[0] + 3) & ~3
    return offsets


def _patched(data, offset, fmt, value):
    copy = bytearray(data)
    struct.pack_into(fmt, copy, offset, value)
    return bytes(copy)


# ---- -D: the dump file ------------------------------------------------------------------


def test_the_recorded_dump_is_netlink_with_sockets_and_done():
    data = _dump()
    offsets = _messages(data)
    types = [struct.unpack_from("=H", data, at + 4)[0] for at in offsets]
    assert types.count(20) > 10 and types.count(3) == 2  # sockets; one NLMSG_DONE per family
    assert {struct.unpack_from("=I", data, at + 8)[0] for at in offsets} == {123456}  # ss's MAGIC_SEQ


def test_another_port_id_is_tolerated_but_not_two():
    data = _dump()
    moved = data
    for at in _messages(data):
        moved = _patched(moved, at + 12, "=I", 99999)
    assert compare_output_file("ss", "dump", data, moved) is None
    one_off = _patched(data, _messages(data)[3] + 12, "=I", 99999)
    assert "port ids" in compare_output_file("ss", "dump", data, one_off)


def test_a_changed_sequence_number_state_or_queue_fails():
    data = _dump()
    first = _messages(data)[0]
    assert "byte 8" in compare_output_file("ss", "dump", data, _patched(data, first + 8, "=I", 1))
    assert compare_output_file("ss", "dump", data, _patched(data, first + 17, "=B", 9))  # idiag_state
    assert compare_output_file("ss", "dump", data, _patched(data, first + 16 + 56, "=I", 7))  # idiag_rqueue


def test_a_timer_moves_within_the_window_only():
    data = _dump()
    with_timer = [at for at in _messages(data)
                  if struct.unpack_from("=H", data, at + 4)[0] == 20 and data[at + 18]]
    assert with_timer, "the ss lab has retransmitting sockets: some carry a timer"
    at = with_timer[0] + 16 + 52
    expires = struct.unpack_from("=I", data, at)[0]
    later = _patched(data, at, "=I", max(expires - 150, 0))
    assert compare_output_file("ss", "dump", data, later, window=0.2) is None
    assert "idiag_expires" in compare_output_file("ss", "dump", data, later, window=0.05)


def test_a_missing_or_extra_message_fails():
    data = _dump()
    offsets = _messages(data)
    assert "messages" in compare_output_file("ss", "dump", data, data[:offsets[-1]])
    assert compare_output_file("ss", "dump", data, data + data[offsets[-1]:])
    assert compare_output_file("ss", "dump", data, data[:-1])


def test_replay_compares_the_file(monkeypatch):
    """Ours losing the last bytes of what it writes fails the golden test."""
    from pynettools.tools.ss import inet

    directory = _golden("diag")
    assert golden.check(directory) == []
    write = inet._write_raw
    monkeypatch.setattr(inet, "_write_raw", lambda ss, sink, data: write(ss, sink, data[:-4]))
    problems = golden.check(directory)
    assert any("output file dump differs" in problem for problem in problems), problems


def test_replay_notices_a_file_ours_does_not_write(monkeypatch):
    from pynettools.tools.ss import inet

    monkeypatch.setattr(inet, "dump_tcpdiag", lambda ss: 0)
    problems = golden.check(_golden("diag"))
    assert any("did not" in problem for problem in problems), problems


# ---- -E: runs a signal ends -----------------------------------------------------------------


def test_events_replay_ends_by_the_recorded_signal():
    directory = _golden("events-pipe")
    outcome = golden.replay(directory)
    assert outcome.exit == -15 and outcome.stdout == b""  # the rows stayed in the dead process's buffer
    outcome = golden.replay(_golden("events"))
    assert outcome.exit == -2 and outcome.stdout.count(b"\n") == 7  # on a terminal: header and six rows


def test_events_replay_fails_when_ours_shows_what_the_filter_drops(monkeypatch):
    from pynettools.tools.ss import inet

    directory = _golden("events-filter")
    assert golden.check(directory) == []
    monkeypatch.setattr(inet, "rejected", lambda ss, header, attrs, netid: False)
    assert golden.check(directory)


def test_events_replay_fails_when_ours_flushes_into_a_pipe(monkeypatch):
    """ss -E into a pipe prints nothing before the signal (stdio buffer); ours
    flushing after every row would print them: the replay must notice."""
    from pynettools.tools.ss import output

    directory = _golden("events-pipe")
    render = output.Renderer.render

    def render_and_flush(self, *args, **kwargs):
        render(self, *args, **kwargs)
        self.out.flush()

    monkeypatch.setattr(output.Renderer, "render", render_and_flush)
    problems = golden.check(directory)
    assert any(problem.startswith("stdout differs") for problem in problems), problems


# ---- -K: what the case killed is gone ----------------------------------------------------------


@pytest.mark.parametrize("name", ["kill-tcp", "kill-udp-long"])
def test_the_kernel_state_after_a_kill_lacks_the_victim(name):
    case = find_case("ss", name)
    with open(os.path.join(_golden(name), "state")) as f:
        state = f.read()
    with open(os.path.join(_golden(name), "stdout")) as f:
        killed = f.read().splitlines()[1:]
    assert killed, "ss -K showed no killed socket"
    assert case.setup and case.mutates
    # /proc/net's port column: the ports of the setup's sockets are nowhere
    for port in (7300, 41300, 7301, 41301):
        assert (":%04X " % port) not in state, (port, state)
