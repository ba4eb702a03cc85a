"""Unit tests of whois's engine where no golden case can go: a 50 MiB reply
(memory stays bounded: the reply streams through), a referral loop (5.5.17
follows it for ever; ours stops), /etc/whois.conf (not on the test machines,
and a lab cannot bind a file over an /etc file that does not exist).

The sockets are a fake of the socket seam (the calls engine.py makes), the
kernel a fake with one getaddrinfo answer and the files a test gives.
"""
import io
import tracemalloc

from pynettools.env import Env
from pynettools.kernel.netio import Interrupted
from pynettools.tools import whois
from pynettools.tools.whois import config, engine


class FakeKernel:
    replay_dir = None
    record_dir = None
    trace_to = None
    mode = "live"

    def __init__(self, files=None):
        self.files = files or {}

    def lookup(self, name, function, *args):
        assert name == "getaddrinfo"
        return ["ok", [[2, 1, 6, ["198.51.100.7", 43]]]]

    def read_text(self, path, unit="lines", header_lines=0):
        if path not in self.files:
            raise FileNotFoundError(2, "No such file or directory", path)
        return self.files[path]


class FakeCalls:
    """Each connection gets the chunks `serve(query_number)` yields."""

    mode = "live"

    def __init__(self, serve):
        self.serve = serve
        self.connections = 0
        self.sent = []
        self._reply = None

    def alarm(self, seconds):
        pass

    def socket(self, family, kind, proto):
        return 3

    def connect(self, fd, address):
        self.connections += 1
        self._reply = iter(self.serve(self.connections))
        return 0

    def set_blocking(self, fd, blocking):
        pass

    def write(self, fd, data):
        self.sent.append(bytes(data))
        return len(data)

    def read(self, fd, size):
        return next(self._reply, b"")

    def close(self, fd):
        pass


class CountingOut(io.TextIOBase):
    """stdout that keeps only a count and the last bytes."""

    def __init__(self):
        self.count = 0
        self.tail = ""

    def write(self, text):
        self.count += len(text)
        self.tail = (self.tail + text)[-200:]
        return len(text)


def run(args, calls, kernel=None, stdout=None, environ=None):
    env = Env(stdout=stdout or io.StringIO(), stderr=io.StringIO(), environ=environ or {"LC_ALL": "C"},
              kernel=kernel or FakeKernel())
    opts = whois._args.parse(["whois"] + args, env.environ, env.stderr)
    work = engine.Engine(opts, env.kernel, calls, env.stdout, env.environ, False)
    return whois.run(opts, env, work), env


def test_a_50_mib_reply_streams_through_in_bounded_memory():
    line = b"x" * 1000 + b"\n"
    chunk = line * 64                     # 64 kB per read, as engine.READ_SIZE
    chunks = (50 << 20) // len(chunk)

    def serve(n):
        for _ in range(chunks):
            yield chunk

    out = CountingOut()
    tracemalloc.start()
    try:
        code, env = run(["-h", "whois.huge.test", "x"], FakeCalls(serve), stdout=out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 0 and env.stderr.getvalue() == ""
    assert out.count == chunks * len(chunk)
    assert peak < 4 << 20, "peak %d bytes for a 50 MiB reply" % peak


def test_a_line_longer_than_fgets_buffer_comes_out_in_pieces():
    code, env = run(["-h", "a.test", "x"], FakeCalls(lambda n: [b"y" * 4000 + b"\nend"]))
    assert env.stdout.getvalue() == "y" * 1999 + "\n" + "y" * 1999 + "\n" + "yy\n" + "end\n"


def test_a_referral_loop_ends_with_a_message():
    calls = FakeCalls(lambda n: [b"ReferralServer: whois://a.test\n"])
    code, env = run(["-h", "a.test", "x"], calls)
    assert code == 2
    assert calls.connections == engine.MAX_REFERRALS + 1
    assert env.stdout.getvalue().count("Found a referral to a.test.") == engine.MAX_REFERRALS
    assert env.stderr.getvalue() == ("Too many referrals (more than %d): not following the one to a.test.\n"
                                     % engine.MAX_REFERRALS)


def test_the_alarm_ends_a_silent_server_with_timeout():
    def serve(n):
        yield b"first line\n"
        raise Interrupted("alarm")  # alarm(60) rang in read()

    code, env = run(["-h", "a.test", "x"], FakeCalls(serve))
    assert (code, env.stdout.getvalue(), env.stderr.getvalue()) == (2, "first line\n", "Timeout.\n")


def test_a_read_error_is_fgets_error():
    def serve(n):
        yield b"partial"
        raise ConnectionResetError(104, "Connection reset by peer")

    code, env = run(["-h", "a.test", "x"], FakeCalls(serve))
    assert (code, env.stdout.getvalue(), env.stderr.getvalue()) == (2, "", "fgets: Connection reset by peer\n")


def test_a_referral_with_a_port_is_split():
    replies = {1: [b"ReferralServer: rwhois://Other.Test:4321/\n"], 2: [b"done\n"]}
    calls = FakeCalls(lambda n: replies[n])
    code, env = run(["--verbose", "-h", "a.test", "x"], calls)
    assert code == 0
    assert "Using server other.test.\n" in env.stdout.getvalue()


# ---- /etc/whois.conf --------------------------------------------------------------------------------

def conf(text):
    return FakeKernel({config.PATH: text})


def test_whois_conf_first_matching_line_names_the_server():
    kernel = conf("# comment\n\n  \\.test$   first.example:4343\n\\.TEST$ second.example\n")
    assert config.match(kernel, "foo.test") == "first.example:4343"
    assert config.match(kernel, "foo.other") is None


def test_whois_conf_matches_case_insensitively_anywhere():
    assert config.match(conf("^AS6449[6-9]$ rr.example\n"), "as64497") == "rr.example"
    assert config.match(conf("[[:digit:]]+\\.lab\t tab.example\n"), "x12.lab") == "tab.example"


def test_whois_conf_errors():
    for text, message in (("lonely\n", "Cannot parse this line: lonely"),
                          ("a b c\n", "Cannot parse this line: c"),
                          ("[abc srv\n", "Invalid regular expression '[abc': Unmatched [, [^, [:, [., or [="),
                          ("(abc srv\n", "Invalid regular expression '(abc': Unmatched ( or \\(")):
        try:
            config.match(conf(text), "x")
        except config.ConfigError as why:
            assert str(why) == message
        else:
            raise AssertionError("no error for %r" % text)


def test_no_whois_conf_is_no_error():
    assert config.match(FakeKernel(), "example.com") is None


def test_whois_conf_chooses_before_the_tables():
    calls = FakeCalls(lambda n: [b"ok\n"])
    code, env = run(["--verbose", "example.com"], calls, kernel=conf("\\.com$ conf.example\n"))
    assert env.stdout.getvalue().startswith("Using server conf.example.\nQuery string: \"example.com\"\n")


def test_split_server_port():
    assert engine.split_server_port("WHOIS.Example:43") == ("whois.example", "43")
    assert engine.split_server_port("[2001:DB8::1]:4343") == ("2001:db8::1", "4343")
    assert engine.split_server_port("[2001:db8::1]") == ("2001:db8::1", None)
    assert engine.split_server_port("2001:db8::1") == ("2001:db8::1", None)
    assert engine.split_server_port("host:") == ("host", None)
