"""An echo responder that follows a drawn pattern: per sequence number, drop,
answer, or answer twice, with the echoed send time moved back.

Stand-alone (standard library only), run as root in a namespace whose kernel
answers no echo request itself (net.ipv4.icmp_echo_ignore_all=1,
net.ipv6.icmp.echo_ignore_all=1); IPv4 and IPv6 alike; used by
tests/ping/test_ping_stats.py:

    python3 stats_responder.py PATTERN

PATTERN is one word per icmp_seq, comma-separated, starting at 1: "drop",
"reply:US" or "dup:US".  US (microseconds) is taken off the send time the
request carries (ping puts a struct timeval in the first 16 bytes of its
data), so the round trip ping measures is US plus the real one (tens of
microseconds here).  A sequence number beyond the pattern is dropped.

Forged answers (tests/ping/test_ping_forged.py), each word ACTION:N:
  trunc:K      a reply carrying only the first K bytes of the data
  flip:I       a reply whose data byte I is inverted
  sum:0        a reply with a wrong ICMP checksum
  id:0         a reply with another identifier
  seq:D        a reply for icmp_seq + D (a request never sent, or an old one)
  back:US      a reply whose echoed send time is US in the future
  unreach:C    a destination unreachable with code C quoting the request
  timex:0      a time exceeded quoting the request
  cut:K        a destination unreachable quoting only K bytes of the request
  big:K        a reply with K more bytes of data than the request had
"ready" is written on standard output once the socket is open; the program
ends when its standard input does.
"""
import select
import socket
import struct
import sys


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def read_pattern(text):
    """{seq: (action, microseconds)}"""
    pattern = {}
    for seq, word in enumerate(text.split(","), 1):
        action, _, micro = word.partition(":")
        pattern[seq] = (action, int(micro or 0))
    return pattern


def icmp_message(type_, code, rest, body, spoil_sum=False):
    message = struct.pack("!BB", type_, code) + b"\0\0" + rest + body
    total = checksum(message) ^ (0x5555 if spoil_sum else 0)
    return message[:2] + struct.pack("!H", total) + message[4:]


# (echo request, echo reply, unreachable, time exceeded) per family
TYPES = {4: (8, 0, 3, 11), 6: (128, 129, 1, 3)}


def reply_to(packet, pattern, family=4, ihl=None):
    """The ICMP messages (0, 1 or 2) answering one received packet: its IP
    header (IPv6: as the request had it, rebuilt) and what follows.  An
    ICMPv6 message's checksum is the kernel's to fill in."""
    request, echo_reply, unreachable, time_exceeded = TYPES[family]
    if ihl is None:
        ihl = (packet[0] & 0x0F) * 4
    icmp = packet[ihl:]
    if len(icmp) < 8 or icmp[0] != request or icmp[1] != 0:
        return []
    ident, seq = struct.unpack("!HH", icmp[4:8])
    action, number = pattern.get(seq, ("drop", 0))
    if action == "drop":
        return []
    if action in ("unreach", "timex", "cut"):
        quote = packet[:ihl + 8] if action != "cut" else packet[:number]
        type_, code = (time_exceeded, 0) if action == "timex" else (unreachable, number if action == "unreach" else 1)
        return [icmp_message(type_, code, b"\0\0\0\0", quote)]
    data = bytearray(icmp[8:])
    shift = {"reply": number, "dup": number, "back": -number}.get(action, 0)
    if len(data) >= 16 and shift:
        sec, usec = struct.unpack("<qq", data[:16])  # struct timeval, x86-64
        total = sec * 1000000 + usec - shift
        data[:16] = struct.pack("<qq", total // 1000000, total % 1000000)
    if action == "trunc":
        data = data[:number]
    elif action == "flip" and number < len(data):
        data[number] ^= 0xFF
    elif action == "id":
        ident ^= 0xFFFF
    elif action == "seq":
        seq = (seq + number) & 0xFFFF
    elif action == "big":
        data += bytes(range(256)) * (number // 256 + 1)
        data = data[:len(icmp) - 8 + number]
    message = icmp_message(echo_reply, 0, struct.pack("!HH", ident, seq), bytes(data), spoil_sum=action == "sum")
    return [message] * (2 if action == "dup" else 1)


IPV6_RECVPKTINFO = getattr(socket, "IPV6_RECVPKTINFO", 49)
IPV6_PKTINFO = getattr(socket, "IPV6_PKTINFO", 50)


def read_v6(sock):
    """(the request as an IPv6 packet: a rebuilt header, then the ICMPv6 message; its source)."""
    message, ancillary, _, address = sock.recvmsg(65535, 256)
    destination = bytes(16)
    for level, kind, data in ancillary:
        if level == socket.IPPROTO_IPV6 and kind == IPV6_PKTINFO:
            destination = data[:16]
    source = address[0].split("%")[0]
    header = (struct.pack("!IHBB", 6 << 28, len(message), 58, 64)
              + socket.inet_pton(socket.AF_INET6, source) + destination)
    return header + message, source


def main(argv):
    pattern = read_pattern(argv[0])
    sock4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    sock6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    sock6.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVPKTINFO, 1)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    stdin = sys.stdin.fileno()
    while True:
        readable, _, _ = select.select([sock4, sock6, stdin], [], [])
        if stdin in readable and not sys.stdin.buffer.read1(4096):
            return 0
        if sock4 in readable:
            packet, (source, _) = sock4.recvfrom(65535)
            for message in reply_to(packet, pattern):
                sock4.sendto(message, (source, 0))
        if sock6 in readable:
            packet, source = read_v6(sock6)
            for message in reply_to(packet, pattern, 6, 40):
                sock6.sendto(message, (source, 0))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
