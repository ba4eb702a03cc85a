"""The dig lab (tests/dig/labs.py) answers as the dig cases will need, asked with the REAL dig.

Live only (root, namespaces, bind9 and bind9-dnsutils): one lab for the
module, about a second to build.
"""
import os
import re
import shutil

import pytest

from tests.conftest import require_live_or_skip, skip_live
from tests.dig import dnsserver, labs

PROGRAMS = ("named", "dnssec-keygen", "dnssec-signzone", "nsupdate", "openssl", "dig")
LEAF = dnsserver.LEAF[0]
NEW_SERIAL = str(dnsserver.SERIAL + 1)


@pytest.fixture(scope="module")
def lab():
    require_live_or_skip()
    missing = [p for p in PROGRAMS if shutil.which(p, path="/usr/sbin:/usr/bin:/sbin:/bin") is None]
    if missing:
        skip_live("the dig lab needs %s (apt-get install bind9 bind9-utils bind9-dnsutils openssl)"
                  % ", ".join(missing))
    from tests.lab import Lab, topology

    with Lab(topology.named("dig")) as built:
        yield built


def dig(lab, *args):
    result = lab.run(["dig"] + list(args), timeout=20)
    return result.stdout.decode(errors="replace"), result


def header(text):
    """(status, flags) of dig's first ->>HEADER<< block."""
    status = re.search(r"status: (\w+)", text).group(1)
    flags = re.search(r";; flags: ([a-z ]*);", text).group(1).split()
    return status, flags


def types_in(text):
    """The record types of dig's answer lines (NAME TTL CLASS TYPE ...)."""
    return {line.split()[3] for line in text.splitlines() if line and not line.startswith(";")}


def test_authoritative_answer(lab):
    text, result = dig(lab, "@" + LEAF, "example.test", "SOA", "+norec")
    assert result.exit == 0
    assert header(text) == ("NOERROR", ["qr", "aa"])
    # the lab's update raised the serial: example.test. has a journal
    assert re.search(r"example\.test\.\s+3600\s+IN\s+SOA\s+ns1\.example\.test\. hostmaster\.example\.test\. %s "
                     % NEW_SERIAL, text)


def test_resolver_validates(lab):
    """Through /etc/resolv.conf's resolver: recursion, DNSSEC validated from the root's KSK down."""
    text, result = dig(lab, "www.example.test", "+dnssec")
    assert result.exit == 0
    status, flags = header(text)
    assert status == "NOERROR" and "ad" in flags and "ra" in flags
    assert types_in(text) == {"A", "RRSIG"}
    assert "SERVER: %s#53" % dnsserver.RESOLVER[0] in text


def test_search_list_and_reverse(lab):
    text, _ = dig(lab, "+search", "+short", "www")
    assert sorted(text.split()) == ["198.51.100.80", "198.51.100.81"]  # the resolver may rotate them
    assert dig(lab, "+short", "-x", LEAF)[0] == "ns1.example.test.\n"
    assert dig(lab, "+short", "-x", dnsserver.LEAF[1])[0] == "ns1.example.test.\n"


def test_axfr_needs_the_key(lab):
    text, result = dig(lab, "@" + LEAF, "example.test", "AXFR", "-y", labs.TSIG)
    assert result.exit == 0
    every = {"A", "AAAA", "NS", "SOA", "CNAME", "DNAME", "MX", "TXT", "SRV", "CAA", "NAPTR", "SSHFP", "TLSA", "DS",
             "DNSKEY", "RRSIG", "NSEC", "HINFO", "LOC", "URI", "SVCB", "HTTPS", "TYPE65280", "TSIG"}
    assert types_in(text) == every
    assert "; Transfer failed." in dig(lab, "@" + LEAF, "example.test", "AXFR")[0]
    nsec3 = dig(lab, "@" + LEAF, "nsec3.example.test", "AXFR")[0]
    assert {"NSEC3", "NSEC3PARAM"} <= types_in(nsec3)


def test_ixfr_from_the_journal(lab):
    text, result = dig(lab, "@" + LEAF, "example.test", "IXFR=%d" % dnsserver.SERIAL, "-y", labs.TSIG)
    assert result.exit == 0
    assert "added.example.test.\t3600\tIN\tA\t198.51.100.90" in text
    assert "; Transfer failed." in dig(lab, "@" + LEAF, "example.test", "IXFR=%d" % dnsserver.SERIAL)[0]


def test_trace_walks_the_hierarchy(lab):
    text, result = dig(lab, "+trace", "www.example.test")
    assert result.exit == 0
    servers = re.findall(r";; Received \d+ bytes from ([0-9a-f.:]+)#53", text)
    assert servers[0] == dnsserver.RESOLVER[0]              # the root's NS, from the resolver
    assert servers[1] in dnsserver.ROOT and servers[2] in dnsserver.TLD
    assert servers[3] in dnsserver.LEAF + dnsserver.LEAF2
    assert re.search(r"^www\.example\.test\.\s+3600\s+IN\s+A\s+198\.51\.100\.80$", text, re.M)


def test_tls(lab):
    text, result = dig(lab, "+tls", "@" + LEAF, "example.test", "SOA")
    assert result.exit == 0
    assert "(TLS)" in text and NEW_SERIAL in text


def test_fault_server(lab):
    """The fault server answers at its addresses as its query names ask (a second or so)."""
    fault, fault6 = labs.FAULT
    text, result = dig(lab, "@" + fault, "servfail.fault.test", "+time=1", "+tries=1")
    assert result.exit == 0 and header(text) == ("SERVFAIL", ["qr", "aa", "rd", "ra"])
    text, result = dig(lab, "@" + fault6, "tc.fault.test", "+time=1", "+tries=1")
    assert text.startswith(";; Truncated, retrying in TCP mode.\n") and "(TCP)" in text
    text, result = dig(lab, "@" + fault, "silent.fault.test", "+time=1", "+tries=1", "+tcp")
    assert result.exit == 9 and "timed out" in text
    assert dig(lab, "@" + fault, "c1.canned", "+short", "+time=1", "+tries=1")[0] == "198.51.100.101\n\\# 3 010203\n"


def test_fault_server_canned_from_the_lab_dir(lab):
    """A test may write its own canned reply into the lab's directory."""
    canned = os.path.join(lab.daemon_state()["dir"], "canned")
    os.makedirs(canned, exist_ok=True)
    question = b"\x03c42\x06canned\x00\x00\x01\x00\x01"
    reply = b"\x00\x00\x84\x00\x00\x01\x00\x01\x00\x00\x00\x00" + question + b"\xc0\x0c\x00\x01\x00\x01" \
        + b"\x00\x00\x00\x3c\x00\x04\xc6\x33\x64\x2a"
    with open(os.path.join(canned, "42.bin"), "wb") as f:
        f.write(reply)
    text, result = dig(lab, "@" + labs.FAULT[0], "c42.canned", "+short", "+time=1", "+tries=1")
    assert (text, result.exit) == ("198.51.100.42\n", 0)
