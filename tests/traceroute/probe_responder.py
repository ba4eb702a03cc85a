"""Answers traceroute's UDP and ICMP probes as a drawn pattern says: one answer per probe.

Stand-alone (standard library only), run as root in a namespace whose kernel
sends no port unreachable of its own (an nftables rule drops those without
MARK; this program's packets carry it); used by
tests/traceroute/test_traceroute_forged.py:

    python3 probe_responder.py OTHER_SOURCE[/OTHER_SOURCE6] PATTERN

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


# Per family: protocol numbers (UDP, ICMP), the header length, and the ICMP
# types (echo request, echo reply, unreachable, time exceeded, parameter
# problem) and codes (port unreachable, the unreachable a cut quote carries)
FAMILY = {4: {"icmp": socket.IPPROTO_ICMP, "types": (8, 0, 3, 11, 12), "port": 3, "cut": 1},
          6: {"icmp": socket.IPPROTO_ICMPV6, "types": (128, 129, 1, 3, 4), "port": 4, "cut": 3}}


def answer(packet, pattern, family=4):
    """(from OTHER_SOURCE?, ICMP message) for one received probe (UDP, or an
    ICMP echo request) with its IP header (IPv6: rebuilt), or None.  An
    ICMPv6 message's checksum is the kernel's to fill in ("sum" cannot spoil it)."""
    facts = FAMILY[family]
    request, reply, unreachable, exceeded, parameter = facts["types"]
    ihl = (packet[0] & 0x0F) * 4 if family == 4 else 40
    if len(packet) < ihl + 8:
        return None
    echo = packet[9 if family == 4 else 6] == facts["icmp"]
    if echo:
        if packet[ihl] != request:
            return None
        index = struct.unpack("!H", packet[ihl + 6:ihl + 8])[0] - 1
    else:
        index = struct.unpack("!H", packet[ihl + 2:ihl + 4])[0] - FIRST_PORT
    if not 0 <= index < len(pattern):
        return None
    action, number = pattern[index]
    quote = packet[:ihl + 8]
    unused = b"\0\0\0\0"
    if action == "drop":
        return None
    if action == "port" and echo:
        return False, error(reply, 0, packet[ihl + 4:ihl + 8], packet[ihl + 8:])
    if action == "port":
        return False, error(unreachable, facts["port"], unused, quote)
    if action == "unreach":
        return False, error(unreachable, number, unused, quote)
    if action == "frag":  # IPv4: frag needed, the MTU in the low 16 bits; IPv6: packet too big
        if family == 4:
            return False, error(3, 4, struct.pack("!HH", 0, number), quote)
        return False, error(2, 0, struct.pack("!I", number), quote)
    if action == "timex":
        return False, error(exceeded, 0, unused, quote)
    if action == "other":
        return True, error(unreachable, number, unused, quote)
    if action == "param":
        return False, error(parameter, 0, unused, quote)
    if action == "cut":
        return False, error(unreachable, facts["cut"], unused, packet[:number])
    if action == "sum":
        return False, error(unreachable, facts["port"], unused, quote, spoil_sum=True)
    raise ValueError("unknown action %r" % action)


def read_pattern(text):
    pattern = []
    for word in text.split(","):
        action, _, number = word.partition(":")
        pattern.append((action, int(number or 0)))
    return pattern


IPV6_RECVPKTINFO = getattr(socket, "IPV6_RECVPKTINFO", 49)
IPV6_PKTINFO = getattr(socket, "IPV6_PKTINFO", 50)


def receive(sock, family, protocol):
    """(the packet with its IP header, its source)"""
    if family == 4:
        packet, (source, _) = sock.recvfrom(65535)
        return packet, source
    payload, ancillary, _, address = sock.recvmsg(65535, 256)
    destination = bytes(16)
    for level, kind, data in ancillary:
        if level == socket.IPPROTO_IPV6 and kind == IPV6_PKTINFO:
            destination = data[:16]
    source = address[0].split("%")[0]
    header = (struct.pack("!IHBB", 6 << 28, len(payload), protocol, 1)
              + socket.inet_pton(socket.AF_INET6, source) + destination)
    return header + payload, source


def main(argv):
    others, pattern = argv[0].split("/"), read_pattern(argv[1])
    listeners, senders = [], {}
    for family, af, other_source in ((4, socket.AF_INET, others[0]), (6, socket.AF_INET6, others[-1])):
        for protocol in (socket.IPPROTO_UDP, FAMILY[family]["icmp"]):
            sock = socket.socket(af, socket.SOCK_RAW, protocol)
            if family == 6:
                sock.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVPKTINFO, 1)
            listeners.append((sock, family, protocol))
        for other in (False, True):
            sock = socket.socket(af, socket.SOCK_RAW, FAMILY[family]["icmp"])
            sock.setsockopt(socket.SOL_SOCKET, SO_MARK, MARK)
            if other and (":" in other_source) == (family == 6):
                sock.bind((other_source, 0))  # a raw socket bound to an address sends from it
            senders[family, other] = sock
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    stdin = sys.stdin.fileno()
    while True:
        readable, _, _ = select.select([sock for sock, _, _ in listeners] + [stdin], [], [])
        if stdin in readable and not sys.stdin.buffer.read1(4096):
            return 0
        for sock, family, protocol in listeners:
            if sock in readable:
                packet, source = receive(sock, family, protocol)
                reply = answer(packet, pattern, family)
                if reply is None:
                    continue
                other, message = reply
                if family == 6 and not other:
                    # from the address the probe went to (the kernel would pick OTHER's, the newer)
                    info = packet[24:40] + struct.pack("@I", 0)
                    senders[family, other].sendmsg([message], [(socket.IPPROTO_IPV6, IPV6_PKTINFO, info)], 0,
                                                   (source, 0))
                else:
                    senders[family, other].sendto(message, (source, 0))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
