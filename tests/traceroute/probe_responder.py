"""Answers traceroute's UDP and ICMP probes as a drawn pattern says: one answer per probe.

Stand-alone (standard library only), run as root in a namespace whose kernel
sends no port unreachable of its own (an nftables rule drops those without
MARK; this program's packets carry it); used by
tests/traceroute/test_traceroute_forged.py:

    python3 probe_responder.py OTHER_SOURCE PATTERN

PATTERN is one word per probe, comma-separated: the first word answers the
probe to port 33434 (traceroute's first), the next 33435, and so on (with
-I: the echo request with sequence number 1, 2, ...; the namespace's kernel
must answer no echo request itself); a probe beyond the pattern gets no
answer.  Each word is ACTION:N:
  port:0       the destination is reached (no mark): a port unreachable, or
               for -I an echo reply
  drop:0       no answer ("*")
  unreach:C    destination unreachable with code C (!H, !N, !P, !F-0, ...)
  frag:M       fragmentation needed, next-hop MTU M (!F-M)
  timex:0      time exceeded: the probe's TTL "ran out" here (a router's answer)
  other:C      unreachable code C (3: port) from OTHER_SOURCE, not from the destination
  param:0      parameter problem (!<12-0>)
  cut:K        an unreachable quoting only K bytes of the probe (the kernel drops it)
  sum:0        a port unreachable with a wrong ICMP checksum (dropped too)
"ready" is written on standard output once the sockets are open; the
program ends when its standard input does.
"""
import select
import socket
import struct
import sys

MARK = 0x70
SO_MARK = getattr(socket, "SO_MARK", 36)
FIRST_PORT = 33434


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def error(type_, code, rest, quote, spoil_sum=False):
    message = struct.pack("!BB", type_, code) + b"\0\0" + rest + quote
    total = checksum(message) ^ (0x5555 if spoil_sum else 0)
    return message[:2] + struct.pack("!H", total) + message[4:]


def answer(packet, pattern):
    """(from OTHER_SOURCE?, ICMP message) for one received IPv4 probe (UDP,
    or an ICMP echo request), or None."""
    ihl = (packet[0] & 0x0F) * 4
    if len(packet) < ihl + 8:
        return None
    echo = packet[9] == socket.IPPROTO_ICMP
    if echo:
        if packet[ihl] != 8:
            return None
        index = struct.unpack("!H", packet[ihl + 6:ihl + 8])[0] - 1
    else:
        index = struct.unpack("!H", packet[ihl + 2:ihl + 4])[0] - FIRST_PORT
    if not 0 <= index < len(pattern):
        return None
    action, number = pattern[index]
    quote = packet[:ihl + 8]
    if action == "drop":
        return None
    if action == "port" and echo:
        return False, error(0, 0, packet[ihl + 4:ihl + 8], packet[ihl + 8:])
    if action == "port":
        return False, error(3, 3, b"\0\0\0\0", quote)
    if action == "unreach":
        return False, error(3, number, b"\0\0\0\0", quote)
    if action == "frag":
        return False, error(3, 4, struct.pack("!HH", 0, number), quote)
    if action == "timex":
        return False, error(11, 0, b"\0\0\0\0", quote)
    if action == "other":
        return True, error(3, number, b"\0\0\0\0", quote)
    if action == "param":
        return False, error(12, 0, b"\0\0\0\0", quote)
    if action == "cut":
        return False, error(3, 1, b"\0\0\0\0", packet[:number])
    if action == "sum":
        return False, error(3, 3, b"\0\0\0\0", quote, spoil_sum=True)
    raise ValueError("unknown action %r" % action)


def read_pattern(text):
    pattern = []
    for word in text.split(","):
        action, _, number = word.partition(":")
        pattern.append((action, int(number or 0)))
    return pattern


def main(argv):
    other_source, pattern = argv[0], read_pattern(argv[1])
    listen = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
    listen_icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    senders = {}
    for other in (False, True):
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        sock.setsockopt(socket.SOL_SOCKET, SO_MARK, MARK)
        if other:  # a raw socket bound to an address sends from it
            sock.bind((other_source, 0))
        senders[other] = sock
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    stdin = sys.stdin.fileno()
    while True:
        readable, _, _ = select.select([listen, listen_icmp, stdin], [], [])
        if stdin in readable and not sys.stdin.buffer.read1(4096):
            return 0
        for sock in (listen, listen_icmp):
            if sock in readable:
                packet, (source, _) = sock.recvfrom(65535)
                reply = answer(packet, pattern)
                if reply is not None:
                    other, message = reply
                    senders[other].sendto(message, (source, 0))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
