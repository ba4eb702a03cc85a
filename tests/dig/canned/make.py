"""Writes the fault server's committed canned replies (tests/dig/faultserver.py, "c<ID>.canned").

    python3 tests/dig/canned/make.py      (rewrites the .bin files beside it)

1.bin      c1.canned./A/IN: an A record and a record of an unassigned type
           (TYPE65534, 3 bytes of data)
2.tcp.bin  c2.canned./AXFR/IN over TCP: a zone transfer of two messages
           (SOA, A / A, SOA), the second without a question
4.tcp.bin  c4.canned./AXFR: 2.tcp.bin's transfer, its second message with ID 48879
5.tcp.bin  c5.canned./AXFR: only the first message of 2.tcp.bin (no closing SOA), then close
3.bin      c3.canned./A/IN: an A record of class IN, then one of class CH
           (BIND's parser, best effort, skips the second's owner name but not
           its data, and then reads the data as a name: "bad compression pointer")
The fault server replaces the ID (the first two bytes) of each message whose ID is 0 by the query's.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
QR_AA = 0x8400


def name(text):
    return b"".join(bytes([len(label)]) + label.encode() for label in text.strip(".").split(".")) + b"\0"


def rr(owner, rtype, rclass, ttl, rdata):
    return owner + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata


def msg(question, answers, qd=1):
    head = struct.pack("!HHHHHH", 0, QR_AA, qd, len(answers), 0, 0)
    return head + (question if qd else b"") + b"".join(answers)


def one():
    q = name("c1.canned") + struct.pack("!HH", 1, 1)
    here = b"\xc0\x0c"
    return msg(q, [rr(here, 1, 1, 60, bytes([198, 51, 100, 101])), rr(here, 65534, 1, 60, b"\x01\x02\x03")])


def three():
    q = name("c3.canned") + struct.pack("!HH", 1, 1)
    here = b"\xc0\x0c"
    return msg(q, [rr(here, 1, 1, 60, bytes([198, 51, 100, 101])),
                   rr(here, 1, 3, 60, bytes([198, 51, 100, 102]))])


def soa(owner, zone):
    """The zone's SOA; zone: its name as written in the rdata (a pointer in the first message)."""
    rdata = b"\x02ns" + zone + b"\x0ahostmaster" + zone + struct.pack("!IIIII", 7, 3600, 600, 86400, 60)
    return rr(owner, 6, 1, 3600, rdata)


def transfer(zone_name, second_id=0):
    """[first, second]: the two length-prefixed messages of a transfer of zone_name."""
    zone = name(zone_name)
    q = zone + struct.pack("!HH", 252, 1)
    first = msg(q, [soa(b"\xc0\x0c", b"\xc0\x0c"), rr(b"\x03www\xc0\x0c", 1, 1, 3600, bytes([198, 51, 100, 103]))])
    # no question here: every name in full
    soa2 = soa(zone, zone)
    second = msg(b"", [rr(b"\x04mail" + zone, 1, 1, 3600, bytes([198, 51, 100, 104])), soa2], qd=0)
    second = struct.pack("!H", second_id) + second[2:]
    return [struct.pack("!H", len(m)) + m for m in (first, second)]


def main():
    for filename, data in (("1.bin", one()), ("2.tcp.bin", b"".join(transfer("c2.canned"))), ("3.bin", three()),
                           ("4.tcp.bin", b"".join(transfer("c4.canned", 48879))),
                           ("5.tcp.bin", transfer("c5.canned")[0])):
        with open(os.path.join(HERE, filename), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
