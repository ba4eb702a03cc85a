"""What traceroute 2.1.2 prints (print_header, print_probe, print_addr,
print_end in traceroute.c): text only, from the probe records the engine
fills.  Nothing here touches the kernel: the names of addresses (and -A's
AS paths) come from callables the engine hands over, which do the lookups
through the seam.
"""


def ttl2hops(ttl):
    """The hops a reply came back over, guessing its sender started from
    64, 128 or 255 (traceroute.c's ttl2hops, from tracepath)."""
    return (65 if ttl <= 64 else 129 if ttl <= 128 else 256) - ttl


def header(name, address, max_hops, packet_len):
    """The first line, without its newline: traceroute prints that only
    when the first hop is printed (or at the end)."""
    return "traceroute to %s (%s), %u hops max, %u byte packets" % (name, address, max_hops, packet_len)


def same_addr(a, b):
    """equal_addr(): both answered, same family, same address."""
    return a is not None and b is not None and a == b


class Printer:
    """print_probe() for the probes of one run.

    name_of(address) -> the name getnameinfo() gives (the numeric text when
    there is none); as_path_of(address) -> -A's text.  None for -n / no -A.
    """

    def __init__(self, probes_per_hop, name_of=None, as_path_of=None, backward=False):
        self.probes_per_hop = probes_per_hop
        self.name_of = name_of
        self.as_path_of = as_path_of
        self.backward = backward

    def probe(self, probes, idx, write):
        """Writes what print_probe() prints for probes[idx]: a new hop line
        ("\\n%2u ") before the first probe of each hop, then the address
        when it differs from the previous answer of the hop, the time and
        the annotation."""
        pb = probes[idx]
        ttl = idx // self.probes_per_hop + 1
        np = idx % self.probes_per_hop
        out = []
        if np == 0:
            out.append("\n%2u " % ttl)
        if pb.res is None:
            out.append(" *")
        elif self._differs(probes, idx, np):
            out.append(self.address(pb.res))
            if self.as_path_of is not None:
                # what came before is out when the lookup starts: a whois
                # server that cannot be found ends traceroute there
                write("".join(out))
                out = [" [%s]" % self.as_path_of(pb.res[1])]
            if pb.ext is not None:
                out.append(" <%s>" % pb.ext)
            if self.backward and pb.recv_ttl:
                hops = ttl2hops(pb.recv_ttl)
                if hops != ttl:
                    out.append(" '-%d'" % hops)
        if pb.recv_time:
            out.append("  %.3f ms" % ((pb.recv_time - pb.send_time) * 1000))
        if pb.err_str:
            out.append(" " + pb.err_str)
        write("".join(out))

    def _differs(self, probes, idx, np):
        """The first probe of a hop always shows its address; a later one
        when the last answered probe before it in the hop had another
        address, extension text or (--back) returned TTL."""
        if np == 0:
            return True
        pb = probes[idx]
        at = idx - 1
        while np and probes[at].res is None:
            at -= 1
            np -= 1
        if not np:
            return True
        p = probes[at]
        if not same_addr(p.res, pb.res):
            return True
        if p.ext != pb.ext:
            return True
        return bool(self.backward and p.recv_ttl != pb.recv_ttl)

    def address(self, res):
        """print_addr(): " ADDR", or " NAME (ADDR)" (-A's " [AS...]" follows)."""
        text = res[1]
        if self.name_of is None:
            return " %s" % text
        return " %s (%s)" % (self.name_of(res) or text, text)
