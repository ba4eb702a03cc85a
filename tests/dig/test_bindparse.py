"""pynettools.tools.dig.bindparse: BIND 9.18's dns_message_parse() with dig's flags.

Each expectation here is what the real dig printed for the same bytes (the
fault server's modes in tests/golden/dig/fault-*, and replies tried against
it while writing the parser); tests/dig/test_dig_hostile.py compares
thousands more against the real dig itself.
"""
import struct

import pytest

from pynettools.tools.dig import bindparse


def _question(label, qtype=1, qclass=1):
    return bytes((len(label),)) + label + b"\x04test\x00" + struct.pack("!HH", qtype, qclass)


def _msg(counts, body, label=b"q", flags=0x8400):
    return struct.pack("!HH4H", 0x1234, flags, *counts) + _question(label) + body


def _rr(owner, rdtype, rdclass, rdata, ttl=300):
    return owner + struct.pack("!HHIH", rdtype, rdclass, ttl, len(rdata)) + rdata


A = _rr(b"\xc0\x0c", 1, 1, b"\xc6\x33\x64\x63")
OPT = _rr(b"\x00", 41, 1232, b"")


def test_clean_reply():
    parsed = bindparse.parse(_msg((1, 1, 0, 1), A + OPT))
    assert not parsed.malformed
    assert [r.rdata for r in parsed.sections[1]] == [b"\xc6\x33\x64\x63"]
    assert parsed.opt is not None and parsed.opt.rdclass == 1232
    assert parsed.end == len(_msg((1, 1, 0, 1), A + OPT))


def test_count_beyond_the_records_keeps_what_was_read():
    # fault-badcount: the OPT read as a second answer, then the message ends
    parsed = bindparse.parse(_msg((1, 2, 0, 1), A + OPT))
    assert parsed.malformed
    assert [r.rdtype for r in parsed.sections[1]] == [1, 41]
    assert parsed.opt is None


def test_without_besteffort_the_end_is_fatal():
    with pytest.raises(bindparse.Fail) as err:
        bindparse.parse(_msg((1, 2, 0, 0), A), besteffort=False)
    assert err.value.text == "unexpected end of input"
    # fault-badcount-nobesteffort: the OPT in the answer section comes first
    with pytest.raises(bindparse.Fail) as err:
        bindparse.parse(_msg((1, 2, 0, 1), A + OPT), besteffort=False)
    assert err.value.text == "FORMERR"


def test_truncated_question_stops_at_the_header():
    # fault-tcpshort: 32 bytes, the parse stops after the header
    wire = _msg((1, 1, 0, 1), A + OPT, label=b"tcpshort-fault1")[:32]
    parsed = bindparse.parse(wire)
    assert parsed.malformed and parsed.end == 12 and parsed.question == []


def test_bare_question_name():
    wire = _msg((1, 0, 0, 0), b"")[:-4]
    parsed = bindparse.parse(wire)
    assert parsed.question == [([b"q", b"test"], [])]


def test_forward_pointer_is_fatal():
    # fault-ptrloop: an owner pointing at itself
    wire = _msg((1, 1, 0, 0), b"")
    wire += struct.pack("!H", 0xC000 | len(wire)) + struct.pack("!HHIH", 1, 1, 300, 4) + bytes(4)
    with pytest.raises(bindparse.Fail) as err:
        bindparse.parse(wire)
    assert err.value.text == "bad compression pointer"


def test_rdata_longer_than_its_type():
    # fault-badrdlen: an A record of 5 bytes
    with pytest.raises(bindparse.Fail) as err:
        bindparse.parse(_msg((1, 1, 0, 0), _rr(b"\xc0\x0c", 1, 1, b"\xc6\x33\x64\x63\x00")))
    assert err.value.text == "extra input data"


def test_bad_opt_option_length():
    # fault-badopt: an option longer than the record
    opt = b"\x00" + struct.pack("!HHIH", 41, 1232, 0, 8) + struct.pack("!HH", 3, 32) + b"abcd"
    wire = _msg((1, 0, 0, 1), opt)
    parsed = bindparse.parse(wire)
    assert parsed.malformed and len(wire) - parsed.end == 8
    with pytest.raises(bindparse.Fail):
        bindparse.parse(wire, besteffort=False)


def test_second_opt_is_an_ordinary_record():
    parsed = bindparse.parse(_msg((1, 1, 0, 2), A + OPT + OPT))
    assert parsed.malformed and parsed.opt is not None
    assert [r.rdtype for r in parsed.sections[3]] == [41]


def test_other_class_is_read_as_that_class():
    # fault-canned-class-mismatch: an A record of class CH is a name and an
    # address, and 0xc6 0x33 a pointer forward
    wire = _msg((1, 2, 0, 0), A + _rr(b"\xc0\x0c", 1, 3, b"\xc6\x33\x64\x66"))
    with pytest.raises(bindparse.Fail) as err:
        bindparse.parse(wire)
    assert err.value.text == "bad compression pointer"


def test_name_inside_rdata_ends_with_it():
    wire = _msg((1, 2, 0, 0), _rr(b"\xc0\x0c", 12, 1, b"") + A)
    parsed = bindparse.parse(wire)
    assert parsed.malformed and parsed.sections[1] == []


def test_tsig_not_last_stays_in_additional():
    tsig = _rr(b"\x03key\x00", 250, 255, b"\x00" + bytes(8) + b"\x00\x00" + bytes(4) + b"\x00\x00")
    parsed = bindparse.parse(_msg((1, 1, 0, 2), A + tsig + OPT))
    assert parsed.malformed and parsed.tsig is None
    assert [r.rdtype for r in parsed.sections[3]] == [250]
    parsed = bindparse.parse(_msg((1, 1, 0, 2), A + OPT + tsig))
    assert not parsed.malformed and parsed.tsig is not None


def test_nsec3_owner_must_be_base32hex():
    nsec3 = _rr(b"\x03xyz\xc0\x0c", 50, 1, b"\x01\x00\x00\x0a\x00\x14" + bytes(20))
    with pytest.raises(bindparse.Fail) as err:
        bindparse.parse(_msg((1, 1, 0, 0), nsec3))
    assert err.value.text == "bad owner name (check-names)"


def test_questions_grouped_by_name():
    body = _question(b"b") + _question(b"a", 15)
    wire = struct.pack("!HH4H", 1, 0x8400, 3, 0, 0, 0) + _question(b"a") + body
    parsed = bindparse.parse(wire)
    assert parsed.malformed       # more than one name in the question section
    assert [(labels[0], types) for labels, types in parsed.question] == \
        [(b"a", [(1, 1), (15, 1)]), (b"b", [(1, 1)])]


def test_short_header():
    with pytest.raises(bindparse.Fail) as err:
        bindparse.parse(b"\x12\x34\x84\x00")
    assert err.value.text == "unexpected end of input"
