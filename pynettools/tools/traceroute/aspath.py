"""-A: the AS path of each hop's address, asked of a routing registry's
whois server as traceroute 2.1.2's as_lookups.c does: RA_SERVER (default
whois.radb.net), RA_SERVICE (default nicname, port 43), one TCP
connection per address; the answer's "origin:" lines under the longest
"route:" prefix, joined with "/".  "*" when none, "!!" when the server
cannot be asked.
"""
import re

DEF_SERVER, DEF_SERVICE = "whois.radb.net", "nicname"
_BUF = 511                  # ra_buf[512]


class AsPaths:
    def __init__(self, kernel, calls, env):
        self.kernel, self.calls, self.env = kernel, calls, env
        self.address = None
        self.buf = ""           # ra_buf keeps the last answer: "!!" does not clear it

    def path(self, query):
        from pynettools.tools.traceroute import _Exit

        if self.address is None:
            server = self.env.environ.get("RA_SERVER", DEF_SERVER)
            service = self.env.environ.get("RA_SERVICE", DEF_SERVICE)
            try:
                self.address = self.kernel.lookup("getaddrinfo whois", _first_address, server, service)
            except KeyError as err:
                self.env.stdout.flush()
                raise _Exit(2, "%s/%s: %s\n" % (server, service, err.args[0] if err.args else ""))
        return self._ask(query)

    def _ask(self, query):
        from pynettools.tools.traceroute.engine import Fatal

        family, sockaddr = self.address[0], tuple(self.address[1])
        calls = self.calls
        try:
            sk = calls.socket(family, 1, 0)
        except OSError as err:
            raise Fatal("socket", err)
        text = (query + "\r\n").encode("utf-8", "surrogateescape")
        try:
            if calls.connect(sk, sockaddr) or calls.write(sk, text) < len(text):
                calls.close(sk)
                return "!!"
            answer = b""
            while True:
                chunk = calls.read(sk, 4096)
                if not chunk:
                    break
                answer += chunk
        except OSError:
            calls.close(sk)
            return "!!"
        calls.close(sk)
        self.buf = _origins(answer.decode("latin-1"))
        return self.buf


def _origins(answer):
    """The registry's answer read as get_as_path() reads it."""
    buf, best, prefix = "*", 0, 0
    first = True                # rb still at the start: the next origin replaces "*"
    for line in answer.splitlines(True):
        if line.startswith("route:") or line.startswith("route6:"):
            slash = line.find("/")
            prefix = 0
            if slash >= 0:
                digits = re.match(r"\s*\+?(\d*)", line[slash + 1:]).group(1)
                prefix = int(digits) if digits else 0
        elif line.startswith("origin:"):
            origin = line[7:].lstrip().split(None, 1)
            origin = origin[0] if origin else ""
            if prefix > best:
                best, buf, first = prefix, origin[:_BUF], False
            elif prefix == best:
                at = buf.find(origin)
                if at < 0 or buf[at + len(origin):at + len(origin) + 1] not in ("", "/"):
                    buf = origin if first else (buf + "/" + origin)
                    buf, first = buf[:_BUF], False
    return buf


def _first_address(server, service):
    """getaddrinfo(server, service, NULL): the first answer's family and address."""
    import _socket as socket

    try:
        answers = socket.getaddrinfo(server, service)
    except socket.gaierror as err:
        raise KeyError(err.strerror)
    except (OSError, UnicodeError):
        raise KeyError("System error")
    family, _, _, _, sockaddr = answers[0]
    return [int(family), list(sockaddr)]
