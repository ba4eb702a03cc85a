"""The harness's own checks: tolerant comparison, required live tests.

tests/harness/volatile.py decides what "the same bytes" means for numbers
that move with the clock; these tests pin that it stays strict everywhere
else (the three bugs a review once planted in ss and saw pass every tier are
here as plain data too; tests/mutation.py plants them in the code), and that
its model of ss's timer printer is the real printer's (checked against
/usr/bin/ss through TCPDIAG_FILE).
"""
import os
import random
import struct
import subprocess
import sys
import time

import pytest

from tests.harness.volatile import compare_stdout, ss_ms_timer, ss_timer_range

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

INFO_REAL = (b"State Recv-Q Send-Q Local Address:Port Peer Address:Port Process                     \n"
             b"ESTAB 0      0          127.0.0.1:5000    127.0.0.1:43898                             \n"
             b"\t cubic rto:200 busy:10568ms rwnd_limited:5284ms(50.0%) lastsnd:1234 lastrcv:5678 lastack:910\n")


def _ours(text, old, new):
    assert old in text
    return text.replace(old, new)


# ---- the planted bugs, as outputs -------------------------------------------------------


def test_busy_1000x_too_small_fails():
    ours = _ours(INFO_REAL, b"busy:10568ms", b"busy:10ms")
    assert compare_stdout("ss", INFO_REAL, ours, window=0.2)


def test_timer_with_seconds_past_nine_minutes_fails():
    real = b"ESTAB 0 0 127.0.0.1:40001 127.0.0.1:9000 timer:(keepalive,119min,0)\n"
    ours = _ours(real, b"119min", b"119min49sec")
    assert "not a form" in compare_stdout("ss", real, ours, window=60)


def test_own_diag_row_missing_fails():
    real = (b"State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
            b"UNCONN 832    0            tcpdiag:kernel                   *           \n"
            b"UNCONN 4352   0            tcpdiag:ss/405                   *           \n")
    ours = real.replace(b"UNCONN 4352   0            tcpdiag:ss/405                   *           \n", b"")
    assert "own socket" in compare_stdout("ss", real, ours)


# ---- what is tolerated, and no more ------------------------------------------------------


def test_clock_driven_values_within_the_window_pass():
    ours = _ours(INFO_REAL, b"lastsnd:1234", b"lastsnd:1290")
    assert compare_stdout("ss", INFO_REAL, ours, window=0.05) is None
    assert compare_stdout("ss", INFO_REAL, ours, window=0.0)  # 56 ms apart in no time at all


def test_timer_countdown_within_the_window_passes_and_a_wrong_unit_fails():
    real = b"FIN-WAIT-1 0 101 198.51.100.1:40011 198.51.100.21:9100 timer:(on,3.152ms,5)\n"
    assert compare_stdout("ss", real, _ours(real, b"3.152ms", b"3.108ms"), window=0.05) is None
    assert compare_stdout("ss", real, _ours(real, b"3.152ms", b"3152ms"), window=0.05)
    assert compare_stdout("ss", real, _ours(real, b"3.152ms", b"3.152sec"), window=0.05)
    assert compare_stdout("ss", real, _ours(real, b",5)", b",4)"), window=0.05)  # retransmits are exact


def test_percentages_keep_their_form():
    ours = _ours(INFO_REAL, b"(50.0%)", b"(50%)")
    assert "not a form" in compare_stdout("ss", INFO_REAL, ours, window=0.2)
    assert compare_stdout("ss", INFO_REAL, _ours(INFO_REAL, b"(50.0%)", b"(49.9%)"), window=0.2) is None
    assert compare_stdout("ss", INFO_REAL, _ours(INFO_REAL, b"(50.0%)", b"(5.0%)"), window=0.2)


def test_padding_is_compared_unless_a_tolerated_value_changed_width():
    assert compare_stdout("ss", INFO_REAL, INFO_REAL.replace(b"Process  ", b"Process ", 1), window=0.2)
    # lastack one digit longer: the padded header may be one space longer, no more
    wider = _ours(INFO_REAL, b"lastack:910", b"lastack:1010")
    assert compare_stdout("ss", INFO_REAL, _ours(wider, b"Process  ", b"Process   "), window=0.2) is None
    assert compare_stdout("ss", INFO_REAL, _ours(wider, b"Process  ", b"Process    "), window=0.2)


def test_everything_else_is_byte_for_byte():
    assert compare_stdout("ss", INFO_REAL, _ours(INFO_REAL, b"rto:200", b"rto:201"), window=10)
    assert compare_stdout("ss", INFO_REAL, INFO_REAL + b"\n", window=10)
    assert compare_stdout("arp", b"a  \n", b"a \n", window=10)
    assert compare_stdout("arp", b"a\n", b"a\n") is None


def test_own_row_masks_only_its_pid_and_queues():
    real = (b"UNCONN 832    0            tcpdiag:kernel                   *           \n"
            b"UNCONN 4352   0            tcpdiag:ss/405                   *           \n")
    moved = (b"UNCONN 0      0            tcpdiag:ss/407                   *           \n"
             b"UNCONN 832    0            tcpdiag:kernel                   *           \n")
    assert compare_stdout("ss", real, moved) is None
    assert compare_stdout("ss", real, moved.replace(b"ss/407", b"python3/407"))
    assert compare_stdout("ss", real, moved.replace(b"*   ", b"0:0 "))


# ---- the model of ss's timer printer is the real one -------------------------------------


def _timer_values():
    values = {0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10000, 10001, 59999, 60000, 60001, 61000,
              599999, 600000, 600001, 7140000, 7199999, 2 ** 31 - 1}
    rng = random.Random(6)
    for digits in range(1, 10):
        values.update(rng.randrange(10 ** (digits - 1), 10 ** digits) for _ in range(30))
    return sorted(values)


def test_timer_model_matches_real_ss(tmp_path):
    """ss_ms_timer() against /usr/bin/ss -tno reading hand-built sockets from TCPDIAG_FILE."""
    from tests.conftest import skip_live
    from tests.harness.live import real_tool_missing
    from tests.ss.test_ss_unit import inet_msg

    missing = real_tool_missing("ss")
    if missing:
        skip_live(missing)
    values = _timer_values()
    dump = b"".join(inet_msg(2, 1, "127.0.0.1", 1000 + n, "127.0.0.1", 40000, 5000 + n, timer=1, expires=value)
                    for n, value in enumerate(values))
    dump += struct.pack("=IHHII", 20, 3, 2, 1, 0) + bytes(4)  # NLMSG_DONE
    (tmp_path / "dump").write_bytes(dump)
    completed = subprocess.run(["ss", "-tno"], env={"PATH": "/usr/bin:/bin", "TCPDIAG_FILE": str(tmp_path / "dump")},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    texts = [line.split(b"timer:(on,")[1].split(b",")[0].decode() for line in completed.stdout.splitlines()[1:]]
    assert len(texts) == len(values)
    for value, text in zip(values, texts):
        assert ss_ms_timer(value) == text, value
        low, high = ss_timer_range(text)
        assert low <= value < high, (value, text)


# ---- required live tests -----------------------------------------------------------------


def _pytest_on_a_live_test(**environ):
    env = dict(os.environ, PYNETTOOLS_LAB="off", **environ)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lab/test_lab.py",
                           "-k", "holds_a_listener"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)


def test_live_tests_fail_where_required_and_no_lab_can_be_built():
    """PYNETTOOLS_REQUIRE_LIVE=1 (.ci/run) turns "cannot build a lab" into a failure."""
    required = _pytest_on_a_live_test(PYNETTOOLS_REQUIRE_LIVE="1")
    assert required.returncode == 1, required.stdout.decode()
    assert b"PYNETTOOLS_REQUIRE_LIVE=1" in required.stdout
    optional = _pytest_on_a_live_test(PYNETTOOLS_REQUIRE_LIVE="0")
    assert optional.returncode == 0 and b"skipped" in optional.stdout, optional.stdout.decode()


def test_a_timer_that_may_have_fired_between_the_runs_may_restart():
    real = b"ESTAB 0 0 127.0.0.1:40001 127.0.0.1:9000 timer:(on,040ms,3)\n"
    assert compare_stdout("ss", real, real.replace(b"040ms", b"1.600ms"), window=0.05) is None
    assert compare_stdout("ss", real, real.replace(b"040ms", b"1.6ms"), window=0.05)  # still in form
    assert compare_stdout("ss", real, real.replace(b"040ms", b"1.600ms"), window=0.02)  # could not have fired


# ---- cases with scripted peers (nc) --------------------------------------------------------


def test_nc_temp_socket_is_masked_in_its_exact_form_only():
    from tests.harness.volatile import compare_peer_log, compare_stderr

    real = b"Bound on /tmp/nc-Ab3dE9/recv.sock\n"
    assert compare_stderr("nc", real, b"Bound on /tmp/nc-zzzzzz/recv.sock\n") is None
    assert compare_peer_log("nc", "peer.log", b"peer /tmp/nc-Ab3dE9/recv.sock\n",
                            b"peer /tmp/nc-QQQQQQ/recv.sock\n") is None
    for other in (b"Bound on /tmp/nc-zzzzz/recv.sock\n", b"Bound on /tmp/nc-zzzzzz/recv.sockX\n",
                  b"Bound on /tmp/nc-zz_zzz/recv.sock\n", b"Bound on /tmp/xx-zzzzzz/recv.sock\n"):
        assert compare_stderr("nc", real, other), other
    # other tools' stderr stays byte for byte
    assert compare_stderr("ss", real, b"Bound on /tmp/nc-zzzzzz/recv.sock\n")


def test_lab_commands_roles_and_placeholders():
    from tests.harness.cases import TESTS_DIR, Case
    from tests.harness.live import lab_command

    case = Case("nc", "x", ["nc", "-h"], ns="main")
    assert lab_command(case, ["ss", "-H"], "/w") == ("main", ["ss", "-H"])
    assert lab_command(case, ["@peer", "python3", "{tests}/nc/peer.py", "--log", "{cwd}/peer.log"], "/w") == \
        ("peer", ["python3", TESTS_DIR + "/nc/peer.py", "--log", "/w/peer.log"])
    code = "print({'a': 1})"  # braces that are no placeholder stay as they are
    assert lab_command(case, ["python3", "-c", code], "/w") == ("main", ["python3", "-c", code])


def test_peer_logs_are_compared_and_leftovers_removed(tmp_path):
    from tests.harness.cases import Case
    from tests.harness.live import _remove_leftovers, compare_peer_logs

    assert compare_peer_logs({"peer.log": b"connection 1\neof\n"}, {"peer.log": b"connection 1\neof\n"}, "nc") == []
    assert compare_peer_logs({"peer.log": b"connection 1\neof\n"}, {"peer.log": b"connection 1\n"}, "nc")
    assert compare_peer_logs({"peer.log": b"connection 1\n"}, {"peer.log": None}, "nc")
    case = Case("nc", "x", ["nc"], files={"stdin": "x", "sub/kept": "y"}, peer_logs=["peer.log"])
    (tmp_path / "stdin").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "kept").write_text("y")
    (tmp_path / "nc.sock").write_text("left by a run")
    (tmp_path / "empty").mkdir()
    _remove_leftovers(case, str(tmp_path))
    assert sorted(os.listdir(tmp_path)) == ["stdin", "sub"]
    assert os.listdir(tmp_path / "sub") == ["kept"]


def test_peer_script_logs_what_it_received(tmp_path):
    """tests/nc/peer.py against itself over loopback: a server (--daemon:
    back once it listens) and a client; both logs written when done."""
    import socket

    peer = os.path.join(REPO, "tests", "nc", "peer.py")
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = "127.0.0.1:%d" % port
    server_log, client_log = tmp_path / "server.log", tmp_path / "client.log"
    subprocess.run([sys.executable, peer, "--daemon", "--log", str(server_log), "tcp-listen", address,
                    "read 6", "send world\\n", "expect-eof", "close"], check=True, timeout=10)
    subprocess.run([sys.executable, peer, "--log", str(client_log), "tcp-connect", address,
                    "send hello\\n", "shutdown-wr", "expect-eof"], check=True, timeout=10)
    for _ in range(200):  # the server writes its log a moment after the client's end
        if server_log.exists():
            break
        time.sleep(0.02)
    assert server_log.read_text() == "connection 1\nrecv b'hello\\n'\neof\n"
    assert client_log.read_text() == "connection 1\nrecv b'world\\n'\neof\n"


def test_stop_leftovers_is_implied_by_peer_logs_and_kept_in_case_json():
    from tests.harness.cases import Case

    plain = Case("ss", "x", ["ss"])
    assert not plain.stop_leftovers and "stop_leftovers" not in plain.to_json()
    logged = Case("nc", "x", ["nc"], peer_logs=["peer.log"])
    assert logged.stop_leftovers and "stop_leftovers" not in logged.to_json()
    proxy = Case("nc", "x", ["nc"], stop_leftovers=True)
    assert proxy.to_json()["stop_leftovers"] is True
    assert Case.from_json(proxy.to_json()).stop_leftovers


# ---- dig: random ids and cookies by form, clocks and durations within the window -----------

DIG_REAL = (b"\n; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> www.example.test\n"
            b";; global options: +cmd\n;; Got answer:\n"
            b";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4306\n"
            b";; flags: qr rd ra ad; QUERY: 1, ANSWER: 2, AUTHORITY: 0, ADDITIONAL: 1\n\n"
            b";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n"
            b"; COOKIE: b94ee5a167f803f3010000006b11655e547c2626a96e02fa (good)\n"
            b";; QUESTION SECTION:\n;www.example.test.\t\tIN\tA\n\n"
            b";; ANSWER SECTION:\n"
            b"www.example.test.\t3600\tIN\tA\t198.51.100.80\n"
            b"www.example.test.\t3600\tIN\tA\t198.51.100.81\n\n"
            b";; Query time: 4 msec\n"
            b";; SERVER: 198.51.100.2#53(198.51.100.2) (UDP)\n"
            b";; WHEN: Thu Dec 03 12:49:34 UTC 2026\n"
            b";; MSG SIZE  rcvd: 105\n\n")
# The same answer a second later: another id and client cookie, the server cookie made a second
# later (0x6b11655f), the resolver's TTLs a second lower.
DIG_LATER = (DIG_REAL.replace(b"id: 4306", b"id: 61002")
             .replace(b"b94ee5a167f803f3010000006b11655e547c2626a96e02fa",
                      b"0a1b2c3d4e5f6071010000006b11655f9f8e7d6c5b4a3928")
             .replace(b"\t3600\t", b"\t3599\t").replace(b"4 msec", b"1 msec")
             .replace(b"12:49:34", b"12:49:35"))
DIG_YAML = (b"- type: MESSAGE\n  message:\n    type: AUTH_RESPONSE\n"
            b"    query_time: !!timestamp 2026-12-03T12:50:24.891Z\n"
            b"    response_time: !!timestamp 2026-12-03T12:50:24.892Z\n"
            b"    message_size: 105b\n    response_message_data:\n      id: 31509\n"
            b"      OPT_PSEUDOSECTION:\n        EDNS:\n"
            b"          COOKIE: 69e4a931d18545c4010000006b1165906564906cdfb49d33 (good)\n"
            b"      ANSWER_SECTION:\n        - 'www.example.test. 3600 IN A 198.51.100.80'\n")
DIG_TSIG = (b"example.test.\t\t3600\tIN\tSOA\tns1.example.test. hostmaster.example.test. 2024010102 7200 3600 "
            b"1209600 3600\n"
            b"transfer-key.\t\t0\tANY\tTSIG\thmac-sha256. 1796302276 300 32 "
            b"jYba3BA0wWPQLfR+5Ua0UASZiNYd4H5JTpzoYQNkaxw= 60039 NOERROR 0 \n"
            b"transfer-key.\t\t0 ANY TSIG hmac-sha256. 1796302276 300 32 (\n"
            b"\t\t\t\tJlHpXNIm72ikQUSKdMY/Thw9CReSaNUC1Ty90EFi4tE= ) 54429 NOERROR 0 \n"
            b";; Query time: 4 usec\n"
            b"www.example.test.\t3600\tIN\tA\t198.51.100.80 from server 198.51.100.53 in 233 us.\n"
            b";; Received 290 bytes from 198.51.100.10#53(a.root-servers.test) in 3 ms\n")


def test_dig_random_and_clock_fields_within_the_window_pass():
    assert compare_stdout("dig", DIG_REAL, DIG_LATER, window=1.0) is None
    yaml = (DIG_YAML.replace(b"id: 31509", b"id: 7").replace(b"24.891Z", b"24.990Z").replace(b"24.892Z", b"25.001Z")
            .replace(b"69e4a931d18545c4010000006b116590", b"ffffffffffffffff010000006b116590"))
    assert compare_stdout("dig", DIG_YAML, yaml, window=0.2) is None
    tsig = (DIG_TSIG.replace(b"1796302276", b"1796302277").replace(b"60039", b"1").replace(b"54429", b"65535")
            .replace(b"jYba3BA0wWPQLfR+5Ua0UASZiNYd4H5JTpzoYQNkaxw=", b"Gdfc4oB8swnCcNOJoz4nWJg+YXC3mPqYBRnhbfyno4M=")
            .replace(b"4 usec", b"180 usec").replace(b"233 us.", b"90 us.").replace(b"in 3 ms", b"in 0 ms"))
    assert compare_stdout("dig", DIG_TSIG, tsig, window=0.5) is None


@pytest.mark.parametrize("old,new", [
    (b"id: 4306", b"id: 65536"),                    # ids are 16 bits
    (b"id: 4306", b"id: 04306"),
    (b"COOKIE: b94ee5a167f803f3", b"COOKIE: B94EE5A167F803F3"),   # dig prints lower-case hex
    (b"COOKIE: b94ee5a167f803f3010000006b11655e547c2626a96e02fa",
     b"COOKIE: b94ee5a167f803f3010000006b11655e547c2626a96e02f"),  # a hex digit short
    (b"COOKIE: b94ee5a167f803f301000000", b"COOKIE: b94ee5a167f803f302000000"),  # the server cookie's version
    (b"4 msec", b"4.0 msec"), (b"4 msec", b"4 usec"), (b"4 msec", b"4ms"),
    (b"Thu Dec 03 12:49:34 UTC 2026", b"Wed Dec 03 12:49:34 UTC 2026"),  # no such weekday
    (b"Thu Dec 03 12:49:34 UTC 2026", b"Thu Dec  3 12:49:34 UTC 2026"),
    (b"Thu Dec 03 12:49:34 UTC 2026", b"Thu Dec 03 12:49:34 GMT 2026"),  # not the real dig's zone
    (b"\t3600\tIN\tA\t198.51.100.80", b"\t60m\tIN\tA\t198.51.100.80"),  # +ttlunits says 1h
    (b"\t3600\tIN\tA\t198.51.100.80", b"\t3600\tIN\tA\t198.51.100.8"),  # the data is exact
    (b"flags: qr rd ra ad", b"flags: qr rd ra"),
])
def test_dig_wrong_forms_and_other_bytes_fail(old, new):
    assert compare_stdout("dig", DIG_REAL, _ours(DIG_REAL, old, new), window=1.0)


@pytest.mark.parametrize("text,old,new,window", [
    (DIG_REAL, b"4 msec", b"1500 msec", 0.2),        # longer than the whole window
    (DIG_REAL, b"12:49:34", b"12:49:39", 1.0),        # five seconds later
    (DIG_REAL, b"6b11655e", b"6b116600", 1.0),        # the server cookie made 162 s later
    (DIG_REAL, b"\t3600\tIN\tA\t198.51.100.80", b"\t3590\tIN\tA\t198.51.100.80", 1.0),  # ten seconds of cache
    (DIG_YAML, b"24.892Z", b"27.892Z", 0.5),
    (DIG_YAML, b"24.891Z", b"24.891123Z", 0.5),       # microseconds where dig printed milliseconds
    (DIG_YAML, b"- 'www.example.test. 3600 IN", b"- 'www.example.test. 3000 IN", 1.0),
    (DIG_TSIG, b"hmac-sha256. 1796302276 300 32 j", b"hmac-sha256. 1796302376 300 32 j", 1.0),
    (DIG_TSIG, b"jYba3BA0wWPQLfR+5Ua0UASZiNYd4H5JTpzoYQNkaxw=", b"jYba3BA0wWPQLfR+5Ua0UASZiNYd4H5JTpzoYQNkaxw", 1.0),
    (DIG_TSIG, b"JlHpXNIm72ikQUSKdMY/Thw9CReSaNUC1Ty90EFi4tE= ) 54429", b"JlHpXNIm72ikQUSKdMY/Thw9CReSaNU ) 54429",
     1.0),
    (DIG_TSIG, b"NOERROR 0 \n;;", b"BADSIG 0 \n;;", 1.0),
    (DIG_TSIG, b"4 usec", b"90000 usec", 0.005),   # 90 ms: more than 5 ms and the clock slack
    (DIG_TSIG, b"in 233 us.", b"in 233 ms.", 1.0),
    (DIG_TSIG, b"in 3 ms\n", b"in 900 ms\n", 0.1),
])
def test_dig_values_outside_the_window_or_in_another_form_fail(text, old, new, window):
    assert compare_stdout("dig", text, _ours(text, old, new), window=window)


def test_dig_ttl_units_model():
    from tests.harness.volatile import _range, dig_ttl_units

    # dns_ttl_totext(ttl, false, false): units from weeks down, zero units left out, "0s" for nothing
    for seconds, text in [(0, "0s"), (59, "59s"), (60, "1m"), (3528, "58m48s"), (3600, "1h"), (86400, "1d"),
                          (604800, "1w"), (694861, "1w1d1h1m1s"), (1209600, "2w"), (3600000, "5w6d16h")]:
        assert dig_ttl_units(seconds) == text
        assert _range("ttl", text) == (seconds * 1000, seconds * 1000 + 1000)
    for text in ("60m", "1h0m", "0h", "1H", "01h", "1d1w"):
        assert _range("ttl", text) is None, text


DIG_BAD_PACKET = (b";; Got bad packet: extra input data\n65 bytes\n"
                  b"7d 7e 85 80 00 01 00 01 00 00 00 01 08 62 61 64          }............bad\n"
                  b"00                                                       .\n"
                  b";; Warning: ID mismatch: expected ID 45369, got 45370\n"
                  b";; WARNING: ID mismatch: expected ID 63936, got 48879\n"
                  b";; ->>HEADER<<- opcode: QUERY, status: ?100, id: 55766\n")


def test_dig_bad_packet_dump_and_id_mismatch_follow_the_random_id():
    ours = (DIG_BAD_PACKET.replace(b"7d 7e 85", b"02 3e 85").replace(b"   }.", b"   .>")
            .replace(b"45369, got 45370", b"9, got 10").replace(b"63936, got 48879", b"1, got 48879")
            .replace(b"id: 55766", b"id: 7"))
    assert compare_stdout("dig", DIG_BAD_PACKET, ours) is None


@pytest.mark.parametrize("old,new", [
    (b"   }.....", b"   ~.....", ),                        # '~' is shown as '.'
    (b"7d 7e 85", b"7c 7e 85"),                            # the text column shows '}', not '|'
    (b"01 08 62 61 64          }", b"01 08 62 61 65          }"),   # the rest of the dump is exact
    (b"45369, got 45370", b"45369, got 45371"),           # the server answered with id + 1
    (b"63936, got 48879", b"63936, got 48878"),           # ... or with a fixed id
    (b"45369, got 45370", b"45369, got 65536"),
    (b"status: ?100", b"status: ?101"),
])
def test_dig_bad_packet_dump_and_id_mismatch_are_checked(old, new):
    assert compare_stdout("dig", DIG_BAD_PACKET, _ours(DIG_BAD_PACKET, old, new))


def test_dig_hex_dump_id_is_only_its_first_line():
    line = b"7d 21 85 80" + b" " * 37 + b" " * 9 + b"}!..\n"
    other = b"22 22 85 80" + b" " * 37 + b" " * 9 + b"\"\"..\n"
    real = b"4 bytes\n" + line + line
    assert compare_stdout("dig", real, b"4 bytes\n" + other + line) is None  # the first line: the id
    assert compare_stdout("dig", real, b"4 bytes\n" + line + other)          # the second: data, exact
