"""Numbers that move between two runs, compared with a tolerance, never erased.

A golden case runs the real tool and then ours a moment later (ours' kernel
reads are recorded then); a differential case does the same live.  A few
numbers the kernel reports move in that moment on their own: a timer counts
down, "milliseconds since the last packet" counts up.  For those fields only
(each named below, with why it moves), the two outputs are compared like
this, and everything else byte for byte:

* form, exactly: each side's text must be what the real tool's printer makes
  of some value (ss's print_ms_timer() never prints "119min49sec"; busy is
  "<integer>ms"; a percentage has one decimal), checked by a model of that
  printer written here, independently of pynettools' own;
* value, within the clock: both tools read the kernel inside the pair's
  window (the start of the real run to the end of ours: measured live,
  stored in timing.json for a golden case), so the two values may differ by
  the window plus the kernel's clock granularity, and no more.  `busy:10ms`
  against `busy:10568ms` fails; so does a wrong unit;
* padding: a value one digit longer on one side widens its column, moving
  the trailing spaces of the lines padded to it: trailing spaces may then
  differ by at most the width the tolerated values differ by, and only then.

Rows a tool prints about itself (ss lists its own sock_diag netlink socket)
must be there on both sides; only their pid and queue sizes are masked, and
the row is compared apart from the rest because the kernel orders it by a
hash of its port id (the pid).

compare_stdout(tool, want, have, window) is what the harness calls.
"""
import re

# The kernel's clocks tick in jiffies (4 ms at HZ=250, 1 ms at HZ=1000) and
# tcp_info rounds to them on both reads: two reads at the same instant can
# differ by a tick each way.
CLOCK_SLACK_MS = 10


class Field:
    """A volatile number inside a line: `pattern`'s group 1 is its text.

    kind: "timer" (ss's print_ms_timer text), "ms" (a whole number of
    milliseconds) or "percent" (one decimal, a share of busy:); the other
    kinds are _range()'s.
    after: a pattern the line before must match (the field is only looked
    for there: the first line of dig's hex dump follows "N bytes").
    line_check: line -> bool, the whole line's form where the field is (both
    sides' lines must pass it): for what ties a field to the rest of its
    line (the hex dump's text column shows the id's bytes too).
    """

    def __init__(self, name, pattern, kind, why, after=None, line_check=None):
        self.name = name
        self.regex = re.compile(pattern)
        self.kind = kind
        self.why = why
        self.after = re.compile(after) if after is not None else None
        self.line_check = line_check


# ---- ss (iproute2 6.1) ------------------------------------------------------------------

SS_FIELDS = [
    Field("timer", rb"timer:\([a-z_]+,([^,()]*),\d+\)", "timer",
          "-o: the kernel's countdown to the timer firing (keepalive 119min, a retransmit "
          "in 1.508ms, timewait 59sec) runs in real time.  The timer's name and its "
          "retransmit count stay (a retransmission between the runs changes the count; "
          "the case's snapshot notices and runs the pair again)."),
    Field("since-last", rb"\b(?:lastsnd|lastrcv|lastack):(\d+)", "ms",
          "-i: milliseconds since the last data sent / received / ACK received grow with "
          "the clock."),
    Field("chrono", rb"\b(?:busy|rwnd_limited|sndbuf_limited):(\d+)ms", "ms",
          "-i: tcp_info's chrono times grow while data (or a FIN) waits to be "
          "acknowledged; the lab's FIN-WAIT-1, LAST-ACK and CLOSING sockets retransmit "
          "for hours."),
    Field("chrono-share", rb"\b(?:rwnd_limited|sndbuf_limited):\d+ms\(([0-9.]+)%\)", "percent",
          "-i: the limited time as a share of busy:, both of which move."),
]

# ss dumps netlink sockets over a NETLINK_SOCK_DIAG socket of its own, which
# the dump lists too: "tcpdiag:ss/PID" ("4:PID" with -n), its Recv-Q the
# dump replies queued at that moment.  Groups: Recv-Q, Send-Q, pid.
SS_OWN_ROW = re.compile(rb"^(?:nl +)?UNCONN +(\d+) +(\d+) +(?:tcpdiag:ss/|4:)([1-9]\d*) .*$")


def ss_ms_timer(ms):
    """What ss 6.1's print_ms_timer() prints for a timeout of `ms` milliseconds.

    Minutes, then seconds, then milliseconds, each only when non-zero; past 9
    minutes the seconds are dropped, and the milliseconds once there are
    minutes or more than 9 seconds; seconds followed by milliseconds are
    joined by a point ("5.123ms").
    """
    secs, msecs = divmod(ms, 1000)
    minutes, secs = divmod(secs, 60)
    text = ""
    if minutes:
        msecs = 0
        text = "%dmin" % minutes
        if minutes > 9:
            secs = 0
    if secs:
        if secs > 9:
            msecs = 0
        text += "%d%s" % (secs, "." if msecs else "sec")
    if msecs:
        text += "%03dms" % msecs
    return text


_TIMER_TEXT = re.compile(r"^(?:(\d+)min)?(?:(\d+)(?:sec|\.))?(?:(\d+)ms)?$")


def ss_timer_range(text):
    """(low, high) milliseconds that print as `text`, or None when ss never prints it."""
    match = _TIMER_TEXT.match(text)
    if match is None:
        return None
    minutes, secs, msecs = (int(part) if part else 0 for part in match.groups())
    low = (minutes * 60 + secs) * 1000 + msecs
    if ss_ms_timer(low) != text:
        return None
    # What the printer dropped: seconds past 9 minutes, milliseconds with minutes or past 9 seconds.
    if minutes > 9:
        high = low + 60000
    elif minutes or secs > 9:
        high = low + 1000
    else:
        high = low + 1
    return low, high


# ---- ip (iproute2 6.1) ------------------------------------------------------------------

IP_FIELDS = [
    # ip -s neigh: print_cacheinfo() divides the kernel's tick counts by USER_HZ
    Field("neigh-used", rb"(?: used |\"used\": ?)(\d+)", "s",
          "-s neigh: whole seconds since the entry was last used; counts up with the clock."),
    Field("neigh-confirmed", rb"(?: used \d+/|\"confirmed\": ?)(\d+)", "s",
          "-s neigh: whole seconds since the entry was last confirmed (for an entry never "
          "confirmed, since a moment the kernel set in the past); counts up with the clock."),
    Field("neigh-updated", rb"(?: used \d+/\d+/|\"updated\": ?)(\d+)", "s",
          "-s neigh: whole seconds since the entry's state last changed; counts up with the clock."),
    # ip -s ntable: ntable_strtime_delta() prints now minus the kernel's "milliseconds ago"
    Field("ntable-last-flush", rb"(?:last_flush |\"last_flush\": ?\")(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", "datetime",
          "-s ntable: the local time of the table's last flush, computed as the clock's second "
          "minus whole seconds since the flush: two reads straddling a second differ by one."),
    Field("ntable-last-rand", rb"(?:last_rand |\"last_rand\": ?\")(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", "datetime",
          "-s ntable: the local time reachable times were last drawn, computed as last_flush."),
    # ip tcp_metrics: print the kernel's TCP_METRICS_ATTR_AGE, milliseconds since the entry was updated
    Field("tcp-metrics-age", rb" age (\d+\.\d{3})sec", "sec3",
          "tcp_metrics: seconds (to the millisecond) since the entry was last updated; counts up "
          "with the clock."),
    Field("tcp-metrics-age-json", rb"\"age\": ?([0-9.e+-]+)", "g",
          "tcp_metrics -j: the same age in seconds, printed with %g; counts up with the clock."),
    # ip nexthop bucket: NHA_RES_BUCKET_IDLE_TIME, clock ticks since a packet last used the bucket
    Field("nexthop-bucket-idle", rb"(?:idle_time |\"idle_time\": ?)([0-9.e+-]+)", "g",
          "nexthop bucket: seconds (%g of 1/100 s ticks) since a packet last used the bucket; "
          "counts up with the clock while the bucket is idle."),
    # ip -s mroute: RTA_EXPIRES of a multicast forwarding cache entry, clock ticks since it was last used
    Field("mroute-age", rb", Age (\d+\.\d\d)", "sec2",
          "-s mroute: seconds since the (source, group) entry was last used; counts up with the clock."),
    Field("mroute-age-json", rb"\"bytes\":\d+,(?:\"wrong_if\":\d+,)?\"expires\":([0-9.e+-]+)", "g",
          "-s -j mroute (compact JSON, where it follows the entry's byte count): the same age, "
          "printed with %g."),
    # ip address: print_addrinfo() prints IFA_CACHEINFO, lifetimes the kernel counts down
    Field("addr-lifetime", rb"(?:valid_lft |preferred_lft |\"valid_life_time\": ?|\"preferred_life_time\": ?)(\d+)",
          "s", "address: whole seconds of an address's valid or preferred lifetime left (an address "
          "added with valid_lft/preferred_lft N); counts down with the clock.  \"forever\" is a word "
          "in text and 4294967295 in JSON, which never moves."),
    # ip -d link: _bridge_print_timer() / _print_timer(), jiffies as "%4i.%.2i" seconds
    Field("bridge-timer", rb"(?:hello|tcn|topology_change|gc|hold|message_age|forward_delay)_timer ( *\d+\.\d\d)",
          "centi4",
          "-d link: a bridge's and its ports' timers, seconds to a hundredth left until they fire "
          "(\"%4i.%.2i\"): gc_timer (the forwarding database's garbage collection) runs for ever, "
          "counting down from the ageing time and starting again; forward_delay_timer counts down "
          "once after a port comes up."),
    Field("bridge-timer-json", rb"\"(?:hello|tcn|topology_change|gc|hold|message_age|forward_delay)_timer\": ?"
          rb"(\d+\.\d\d)", "centi", "-j -d link: the same timers, \"%i.%.2i\"."),
    # ip route: print_rta_cacheinfo() divides the kernel's clock_t counts by USER_HZ
    Field("route-expires", rb"(?:\bexpires |(?<=\],)\"expires\": ?)(\d+)(?=sec |[,}])", "s",
          "route: whole seconds until a route expires (an IPv6 route added with `expires`, a "
          "learnt path MTU in the route cache); counts down with the clock.  (In JSON it follows "
          "the route's \"flags\" or \"cache\" array.)"),
    Field("route-age", rb"\bage (\d+)sec ", "s",
          "route -s: whole seconds since a cached route was last used; counts up with the clock "
          "(-j prints it as \"age\":N, which tcp-metrics-age-json above already compares as "
          "seconds)."),
    # ip -t / -ts monitor: lib/utils.c print_timestamp(), gettimeofday() as each event is printed
    Field("monitor-timestamp", rb"^Timestamp: ([A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\d \d\d:\d\d:\d\d \d{4} \d+) usec$",
          "asctime-usec", "-t monitor: the local time each event was printed (asctime() and the "
          "microseconds); both runs see the same events, each at its own moment in the pair's window.  "
          "(rtmon's own stamps in a file, \"... us\", are the file's and compared exactly.)"),
    Field("monitor-timestamp-short", rb"^\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\] ", "iso-usec",
          "-ts monitor: the same moment as \"[%Y-%m-%dT%H:%M:%S.%06ld] \"."),
]


# ---- dig (BIND 9.18's bind9-dnsutils) -----------------------------------------------------
# Every other byte of dig's output is the server's answer as dig prints it;
# the lab's named answers the same way every time (rrset-order none), so
# only these move.  The message id and the client COOKIE are random, so only
# their form is checked; the rest are clock readings or durations, each within
# the pair's window.

# A resource record's line: an absolute owner (dig prints every owner with its
# final dot), then its TTL -- in the sections (tabs), with +multiline (a space
# follows), and inside +yaml's quoted records ("- 'owner TTL class type ...'").
_RR_TTL = rb"^(?: +- ')?(?:[^\s;']\S*)?\.[\t ]+(\d[0-9wdhms]*)[\t ]"
# A TSIG record: owner, TTL 0, ANY, TSIG, the algorithm's name, then time signed, fudge, MAC size,
# MAC (absent when its size is 0: a BADSIG/BADKEY answer), original id, error, other length.  With
# +multiline the MAC goes on a line of its own: "\t\t\t\tMAC ) ID ERROR N".
_TSIG = rb"[\t ]TSIG[\t ]\S+ "
_TSIG_MAC_LINE = rb"^\t+([A-Za-z0-9+/=]+) \) \d+ [A-Z]+ \d+ ?$"
_TSIG_ID_LINE = rb"^\t+[A-Za-z0-9+/=]+ \) (\d+) [A-Z]+ \d+ ?$"

DIG_FIELDS = [
    Field("id", rb"^;; ->>HEADER<<- opcode: [^,]+, status: [^,]+, id: (\d+)$", "id16",
          "the message id dig draws at random for each query (the reply echoes it); +qr prints it "
          "for the query too.  Its form is checked (0-65535), not its value.  (The opcode and status "
          "are any text: dig prints an rcode it has no name for as \"?100\".)"),
    Field("id-mismatch", rb"ID mismatch: expected ID (\d+, got \d+)$", "id-mismatch",
          "\";; Warning: ID mismatch: expected ID N, got M\" (and its ERROR/WARNING forms): N is the random "
          "id dig sent, M the reply's.  Both must be ids (0-65535) and M must be the same as the real "
          "dig's, or as far from N as the real dig's was (a server answering with id + 1)."),
    Field("hexdump-id", rb"^([0-9a-f]{2} [0-9a-f]{2}) ", "hex-random",
          "\";; Got bad packet\": the hex dump's first line (after \"N bytes\") starts with the message's "
          "two id bytes, random; the line's text column must show those bytes as dig does.",
          after=rb"^\d+ bytes$", line_check=lambda line: _hexdump_line_ok(line)),  # (defined below)
    Field("hexdump-id-text", rb"^(?:[0-9a-f]{2} |   ){16} {9}(..)", "dump-chars",
          "the same two id bytes in the dump's text column: the byte itself from '!' to '}', else '.'.",
          after=rb"^\d+ bytes$"),
    Field("yaml-id", rb"^ +id: (\d+)$", "id16", "+yaml: the same random message id."),
    Field("tsig-id", _TSIG + rb"\d+ \d+ (?:0|[1-9]\d* \S+) (\d+) [A-Z]", "id16",
          "-y/-k: a TSIG record's original id is the message's id, random as above."),
    Field("cookie-client", rb"(?:^; | +)COOKIE: ([0-9a-f]{16})", "hex-random",
          "the client cookie: 8 random bytes dig draws on each run (+cookie=V fixes it; then it is "
          "the same on both sides).  Sixteen lower-case hex digits, compared by form only."),
    Field("cookie-time", rb"(?:^; | +)COOKIE: [0-9a-f]{16}01000000([0-9a-f]{8})[0-9a-f]{16}(?![0-9a-f])",
          "hex-epoch",
          "the server cookie of a BIND 9.18 server (version 1, three reserved bytes, then when it was "
          "made): that time, seconds since the epoch in eight hex digits, is the server's clock at "
          "each query, within the pair's window.  (The version and reserved bytes are compared exactly.)"),
    Field("cookie-hash", rb"(?:^; | +)COOKIE: [0-9a-f]{16}01000000[0-9a-f]{8}([0-9a-f]{16})(?![0-9a-f])",
          "hex-random",
          "the server cookie's last 8 bytes: a hash of the client cookie, the time and the client's "
          "address with the server's secret: it moves with the two above; its form is checked."),
    Field("query-time", rb"^;; Query time: (\d+) msec$", "ms",
          "how long the query took (dig's own stopwatch), a duration inside the pair's window."),
    Field("query-time-us", rb"^;; Query time: (\d+) usec$", "us", "-u: the same in microseconds."),
    Field("when", rb"^;; WHEN: (.+)$", "when",
          "the local time of the reply (strftime \"%a %b %d %H:%M:%S %Z %Y\"), inside the window; "
          "the zone is the real dig's."),
    Field("elapsed", rb"(?:^;; Received \d+ bytes from \S+|from server \S+) in (\d+) ms\.?$", "ms",
          "+trace's \"Received N bytes from ... in N ms\", +nssearch's and +identify's \"from server "
          "... in N ms.\": each reply's round trip, a duration inside the window."),
    Field("elapsed-us", rb"(?:^;; Received \d+ bytes from \S+|from server \S+) in (\d+) us\.?$", "us",
          "-u: the same in microseconds."),
    Field("yaml-time", rb"^ +(?:query|response)_time: !!timestamp (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$",
          "iso-z", "+yaml: when the query was sent and the reply came (UTC, to the millisecond)."),
    Field("yaml-time-us", rb"^ +(?:query|response)_time: !!timestamp (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)$",
          "iso-z", "+yaml -u: the same to the microsecond."),
    Field("ttl", _RR_TTL, "ttl",
          "a record's TTL as a caching resolver gives it: the time left in its cache, which counts "
          "down in whole seconds between the runs (an authoritative server's TTLs never move: both "
          "sides print the same).  As \"%u\", or dns_ttl_totext()'s \"1h2m3s\" with +ttlunits."),
    Field("tsig-time", _TSIG + rb"(\d+) \d+ \d+ ", "s",
          "a TSIG record's time signed: the signer's clock (seconds since the epoch) at each run."),
    Field("tsig-mac", _TSIG + rb"\d+ \d+ [1-9]\d* (\S+) \d+ [A-Z]", "base64-random",
          "a TSIG record's MAC: an HMAC over the message, its id and its time, so it moves with them; "
          "its form (base64) is checked."),
    Field("tsig-mac-multiline", _TSIG_MAC_LINE, "base64-random", "+multiline: the same MAC on its own line."),
    Field("tsig-id-multiline", _TSIG_ID_LINE, "id16", "+multiline: the original id after the MAC."),
]


# ---- ping (iputils 20221126) ---------------------------------------------------------------
# A round trip is the clock's, different on every run: each reply's time=,
# the statistics' min/avg/max/mdev and ipg/ewma, the "time Nms" from the
# first request to the last, and -D's stamps (gettimeofday).  Their forms
# are gather_statistics()'s and finish()'s; their values lie within the
# pair's window.  Every count (transmitted, received, duplicates, errors,
# the loss percentage) is compared exactly; and a run's statistics must
# agree with its own reply lines as iputils computes them
# (ping_consistency below), so a wrong average cannot hide in the window.
_PING_RTT = rb"^rtt min/avg/max/mdev = "
_PING_MS3 = rb"(\d+\.\d{3})"

PING_FIELDS = [
    Field("reply-time", rb" time=(\d+(?:\.\d{1,3})?) ms", "ping-rtt",
          "a reply's round trip (microseconds, printed with 3, 2, 1 or no decimals as it is under 1, "
          "10, 100 ms or above: the form must match the magnitude)."),
    Field("rtt-min", _PING_RTT + _PING_MS3 + rb"/", "ms3", "the shortest round trip (\"%ld.%03ld\" of microseconds)."),
    Field("rtt-avg", _PING_RTT + rb"[0-9.]+/" + _PING_MS3 + rb"/", "ms3", "the average round trip."),
    Field("rtt-max", _PING_RTT + rb"[0-9.]+/[0-9.]+/" + _PING_MS3 + rb"/", "ms3", "the longest round trip."),
    Field("rtt-mdev", _PING_RTT + rb"[0-9.]+/[0-9.]+/[0-9.]+/" + _PING_MS3 + rb" ms", "ms3",
          "the round trips' mean deviation (iputils' integer square root)."),
    Field("time-total", rb", time (\d+)ms$", "ms",
          "milliseconds from the first request to the last one sent (CLOCK_MONOTONIC_RAW): the "
          "scheduler's delays differ a little on each run."),
    Field("ipg", rb"ipg/ewma " + _PING_MS3 + rb"/", "ms3",
          "-f, -i 0, -A: the mean gap between requests (the time above over the requests)."),
    Field("ewma", rb"ipg/ewma [0-9.]+/" + _PING_MS3 + rb" ms$", "ms3",
          "the round trips' moving average (1/8 weight for each new one)."),
    Field("timestamp", rb"^\[(\d+\.\d{6})\] ", "epoch-usec",
          "-D: gettimeofday() when each line was printed, \"[%lu.%06lu] \"; both runs print within the window."),
]
_PING_KINDS = ("ping-rtt", "ms3", "epoch-usec", "neg-us")

# ping's standard error: the SIGQUIT status line's times, and how far back
# a reply's send time lies ("time of day goes back": the forged future
# send time minus the clock at receipt, so it moves with the clock)
_PING_STATUS = rb"^\r?\d+/\d+ packets, \d+% loss, min/avg/ewma/max = "
PING_STDERR_FIELDS = [
    Field("status-min", _PING_STATUS + _PING_MS3 + rb"/", "ms3", "SIGQUIT: the shortest round trip so far."),
    Field("status-avg", _PING_STATUS + rb"[0-9.]+/" + _PING_MS3 + rb"/", "ms3", "SIGQUIT: the average."),
    Field("status-ewma", _PING_STATUS + rb"[0-9.]+/[0-9.]+/" + _PING_MS3 + rb"/", "ms3",
          "SIGQUIT: the moving average."),
    Field("status-max", _PING_STATUS + rb"[0-9.]+/[0-9.]+/[0-9.]+/" + _PING_MS3 + rb" ms", "ms3",
          "SIGQUIT: the longest round trip so far."),
    Field("goes-back", rb"time of day goes back \((-\d+)us\), taking countermeasures$", "neg-us",
          "a reply whose send time lies in the future: that time minus the clock at receipt, in "
          "microseconds (\"%ld\"), read at each run's own moment."),
]


def _ping_range(kind, text):
    """(low, high) milliseconds of a ping field's text, or None when iputils never prints it."""
    if kind == "ms3":
        return (float(text), float(text) + 0.001) if re.match(r"^(0|[1-9]\d*)\.\d{3}$", text) else None
    if kind == "neg-us":
        return (int(text) / 1000.0, (int(text) + 1) / 1000.0) if re.match(r"^-[1-9]\d*$", text) else None
    if kind == "epoch-usec":
        return (float(text) * 1000, float(text) * 1000 + 0.001) if re.match(r"^[1-9]\d*\.\d{6}$", text) else None
    match = re.match(r"^(0|[1-9]\d*)(?:\.(\d{1,3}))?$", text)
    if not match:
        return None
    whole, decimals = int(match.group(1)), len(match.group(2) or "")
    # gather_statistics(): 3 decimals under 1 ms, 2 from 1 to 10, 1 from 10 to 100, none above
    wanted = 3 if whole < 1 else 2 if whole < 10 else 1 if whole < 100 else 0
    if decimals != wanted:
        return None
    value = float(text)
    half = {3: 0.0, 2: 0.005, 1: 0.05, 0: 0.5}[decimals]
    return (value - half, value + max(half, 0.001))


_PING_REPLY = re.compile(rb"^(?:\[\d+\.\d{6}\] )?\d+ bytes from .* icmp_seq=\d+.* time=(\d+)\.(\d{3}) ms")
_PING_STATS = re.compile(rb"^(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?")
_PING_RTT_LINE = re.compile(rb"^rtt min/avg/max/mdev = (\d+)\.(\d{3})/(\d+)\.(\d{3})/(\d+)\.(\d{3})/(\d+)\.(\d{3}) ms")


def ping_consistency(output):
    """None, or why a ping output's rtt statistics are not what iputils'
    finish() computes from its own reply lines.  Checked only where every
    counted reply printed its time to the microsecond (three decimals):
    min and max, the average (tsum / total, truncated) and mdev (llsqrt of
    (tsum2 - tsum*tsum/total) / total, in doubles) must match exactly."""
    lines = output.split(b"\n")
    times, stats, rtt = [], None, None
    for line in lines:
        if b"(truncated)" in line:
            return None
        reply = _PING_REPLY.match(line)
        if reply:
            times.append(int(reply.group(1)) * 1000 + int(reply.group(2)))
            continue
        if b" bytes from " in line and b" time=" in line:
            return None                        # a time under 3 decimals: not exact
        stats = _PING_STATS.match(line) or stats
        rtt = _PING_RTT_LINE.match(line) or rtt
    if stats is None or rtt is None or not times:
        return None
    total = int(stats.group(2)) + int(stats.group(3) or 0)
    if total != len(times):
        return None                            # -q, -f: the replies are not all printed
    tsum = float(sum(times))
    tsum2 = float(sum(t * t for t in times))
    avg = int(tsum / total)
    if tsum < 2 ** 31 - 1:
        var = int((tsum2 - (tsum * tsum) / total) / total)
    else:
        var = int(tsum2 / total - float(avg * avg))
    dev = var
    if dev > 0:
        prev = 2 ** 63 - 1
        while dev < prev:
            prev, dev = dev, (dev + var // dev) // 2
    want = (min(times), avg, max(times), dev)
    have = tuple(int(rtt.group(2 * i + 1)) * 1000 + int(rtt.group(2 * i + 2)) for i in range(4))
    if want != have:
        return "rtt min/avg/max/mdev %s is not what the reply lines give (%s)" % (
            "/".join("%d.%03d" % divmod(v, 1000) for v in have), "/".join("%d.%03d" % divmod(v, 1000) for v in want))
    return None


# ---- the comparison ---------------------------------------------------------------------


class Rules:
    """A tool's volatile fields and the rows it prints about itself."""

    def __init__(self, fields=(), own_row=None):
        self.fields = list(fields)
        self.own_row = own_row


RULES = {
    "traceroute": Rules([
        # print_probe(): printf ("  %.3f ms", (recv_time - send_time) * 1000) after each
        # answered probe (a "*" stands for an unanswered one)
        Field("rtt", rb"(?<=\S)  (-?\d+\.\d{3}) ms(?= |$)", "rtt3",
              "each answered probe's round trip (\"  %.3f ms\", milliseconds to the "
              "microsecond): when the kernel stamped the reply (SO_TIMESTAMP) less the send "
              "time, different on every run.  Its form is \"%.3f\", its value a duration "
              "inside the pair's window.  Which probes answered, the addresses, names and "
              "marks around the times are compared exactly."),
    ]),
    "ss": Rules(SS_FIELDS, SS_OWN_ROW),
    "ip": Rules(IP_FIELDS),
    "netstat": Rules([
        Field("timer", rb"(?:\bon|\bon[12]|keepalive|timewait|probe|unkn-\d+) \((\d+\.\d\d)/", "sec2",
              "-o: tcp_do_one() prints the kernel's countdown to the socket's timer (tm->when, "
              "in clock ticks) as seconds with two decimals; it runs in real time (a TIME_WAIT "
              "socket's 60 s, a retransmission's backoff).  The timer's name and the counts "
              "after it stay."),
    ]),
    "dig": Rules(DIG_FIELDS),
    "ping": Rules(PING_FIELDS),
}


def rules_for(tool):
    return RULES.get(tool)


def _range(kind, text):
    """(low, high) of a field's text, or None when the real printer never makes it."""
    if kind == "timer":
        return ss_timer_range(text)
    if kind == "ms":
        return (int(text), int(text) + 1) if re.match(r"^(0|[1-9]\d*)$", text) else None
    if kind == "percent":
        return (float(text), float(text)) if re.match(r"^(0|[1-9]\d*)\.\d$", text) else None
    if kind == "s":  # whole seconds, truncated: the value lies in [n, n + 1) s
        return (int(text) * 1000, int(text) * 1000 + 1000) if re.match(r"^(0|[1-9]\d*)$", text) else None
    if kind == "datetime":  # a local time to the second, as milliseconds
        import time

        try:
            when = time.mktime(time.strptime(text, "%Y-%m-%d %H:%M:%S"))
        except ValueError:
            return None
        return (when * 1000, when * 1000 + 1000)
    if kind in ("centi", "centi4"):  # seconds to the hundredth: "%i.%.2i", "%4i.%.2i"
        match = re.match(r"^ *(\d+)\.(\d\d)$", text)
        if not match or text != ("%4i.%s" if kind == "centi4" else "%i.%s") % (int(match.group(1)), match.group(2)):
            return None
        ms = (int(match.group(1)) * 100 + int(match.group(2))) * 10
        return (ms, ms + 10)
    if kind in ("asctime-usec", "iso-usec"):  # print_timestamp(): a local time to the microsecond
        return _timestamp_range(kind, text)
    if kind == "sec3":  # seconds with three decimals ("%.03f"): [n, n + 1) ms, rounded either way
        return (float(text) * 1000 - 0.5, float(text) * 1000 + 0.5) if re.match(r"^\d+\.\d{3}$", text) else None
    if kind == "g":  # seconds printed with C's %g: half a unit of its last digit either way
        return _g_seconds_range(text)
    if kind == "rtt3":  # traceroute: milliseconds with three decimals ("%.3f"), rounded either way
        return (float(text) - 0.0005, float(text) + 0.0005) if re.match(r"^-?(0|[1-9]\d*)\.\d{3}$", text) else None
    if kind == "sec2":  # seconds with two decimals ("%2.2f"): [n, n + 10) ms, rounded either way
        return (float(text) * 1000 - 5, float(text) * 1000 + 5) if re.match(r"^\d+\.\d\d$", text) else None
    if kind in _DIG_KINDS:
        return _dig_range(kind, text)
    if kind in _PING_KINDS:
        return _ping_range(kind, text)
    raise ValueError(kind)


# Values drawn at random: only their form is checked (_range gives (0, 0)).
_RANDOM_KINDS = ("id16", "hex-random", "base64-random", "dump-chars", "id-mismatch")
_DIG_KINDS = _RANDOM_KINDS + ("us", "hex-epoch", "when", "iso-z", "ttl")


def _dig_range(kind, text):
    """(low, high) milliseconds of a dig field's text, or None when dig never prints it."""
    if kind == "id16":  # "%u" of a 16-bit id
        return (0, 0) if re.match(r"^(0|[1-9]\d{0,4})$", text) and int(text) <= 65535 else None
    if kind == "hex-random":  # lower-case hex bytes (a hex dump's: separated by a space)
        return (0, 0) if re.match(r"^(?:[0-9a-f]{2})+$", text) or re.match(r"^[0-9a-f]{2}(?: [0-9a-f]{2})+$", text) \
            else None
    if kind == "dump-chars":  # hex_dump()'s text column: '!'..'}' as they are, '.' for the rest
        return (0, 0) if re.match(r"^[!-}]+$", text) else None
    if kind == "id-mismatch":  # "N, got M"
        ids = _id_mismatch(text)
        return (0, 0) if ids else None
    if kind == "base64-random":
        return (0, 0) if _is_base64(text) else None
    if kind == "us":  # a whole number of microseconds
        return (int(text) / 1000.0, (int(text) + 1) / 1000.0) if re.match(r"^(0|[1-9]\d*)$", text) else None
    if kind == "hex-epoch":  # seconds since the epoch, eight hex digits
        return (int(text, 16) * 1000, int(text, 16) * 1000 + 1000) if re.match(r"^[0-9a-f]{8}$", text) else None
    if kind == "when":
        return _dig_when_range(text)
    if kind == "iso-z":  # isc_time_formatISO8601ms/us: UTC to the millisecond or microsecond
        return _iso_z_range(text)
    return _ttl_range(text)


def _id_mismatch(text):
    """(expected, got) of "N, got M", both 16-bit ids as "%u" prints them, or None."""
    match = re.match(r"^(0|[1-9]\d{0,4}), got (0|[1-9]\d{0,4})$", text)
    if not match or max(int(match.group(1)), int(match.group(2))) > 65535:
        return None
    return int(match.group(1)), int(match.group(2))


def _same_id_mismatch(want, have):
    """The reply's id is the real dig's, or as far from the id sent as the real dig's was."""
    (w_sent, w_got), (h_sent, h_got) = _id_mismatch(want), _id_mismatch(have)
    return w_got == h_got or (w_got - w_sent) % 65536 == (h_got - h_sent) % 65536


def _hexdump_line_ok(line):
    """A line of dighost.c hex_dump(): 16 slots of "%02x " (blank once the bytes end), nine
    spaces, then each byte as itself from '!' to '}', else '.'."""
    match = re.match(rb"^((?:[0-9a-f]{2} )*)((?:   )*) {9}(.*)$", line)
    if not match or len(match.group(1)) + len(match.group(2)) != 48:
        return False
    data = bytes.fromhex(match.group(1).decode())
    return match.group(3) == bytes(b if 0x21 <= b <= 0x7d else 0x2e for b in data)


def _is_base64(text):
    import base64
    import binascii

    try:
        return len(text) % 4 == 0 and base64.b64encode(base64.b64decode(text, validate=True)).decode() == text
    except (binascii.Error, ValueError):
        return False


def _dig_when_range(text):
    """dig's ";; WHEN:" (strftime "%a %b %d %H:%M:%S %Z %Y", local time), as milliseconds of that
    wall-clock time read as if it were UTC: both sides print the same zone (checked apart:
    _compare_value), so their difference is the time between them.  Not checked against this
    machine's zone: a golden case recorded in UTC is compared anywhere."""
    import calendar
    import time

    parts = text.split(" ")
    if len(parts) != 6 or not re.match(r"^(?:[A-Za-z]{3,6}|[+-]\d\d(?:\d\d)?)$", parts[4]):
        return None
    stamp = " ".join(parts[:4] + parts[5:])
    try:
        tm = time.strptime(stamp, "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    when = calendar.timegm(tm)
    if time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(when)) != stamp:  # the weekday too
        return None
    return (when * 1000, when * 1000 + 1000)


def _iso_z_range(text):
    import calendar
    import time

    stamp, _, fraction = text[:-1].partition(".")
    try:
        tm = time.strptime(stamp, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None
    if time.strftime("%Y-%m-%dT%H:%M:%S", tm) != stamp or not re.match(r"^(\d{3}|\d{6})$", fraction):
        return None
    ms = calendar.timegm(tm) * 1000 + int(fraction) / 10.0 ** (len(fraction) - 3)
    return (ms, ms + 10.0 ** (3 - len(fraction)))


def dig_ttl_units(seconds):
    """dns_ttl_totext(ttl, verbose=false, upcase=false): what +ttlunits prints ("1w2d3h4m5s",
    each unit only when non-zero; seconds alone when all are zero: "0s")."""
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    days, hrs = divmod(hours, 24)
    weeks, dys = divmod(days, 7)
    text = "".join("%d%s" % (n, unit) for n, unit in ((weeks, "w"), (dys, "d"), (hrs, "h"), (mins, "m")) if n)
    if secs or not text:
        text += "%ds" % secs
    return text


def _ttl_range(text):
    """A TTL in whole seconds ("%u", or +ttlunits' form), as milliseconds: [n, n + 1) s."""
    if re.match(r"^(0|[1-9]\d*)$", text):
        seconds = int(text)
    else:
        match = re.match(r"^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$", text)
        if not match:
            return None
        weeks, days, hours, mins, secs = (int(n) if n else 0 for n in match.groups())
        seconds = (((weeks * 7 + days) * 24 + hours) * 60 + mins) * 60 + secs
        if dig_ttl_units(seconds) != text:
            return None
    if seconds > 0xFFFFFFFF:
        return None
    return (seconds * 1000, seconds * 1000 + 1000)


def _timestamp_range(kind, text):
    """(low, high) milliseconds of print_timestamp()'s text, or None when it
    never prints that (asctime()'s form, six-digit microseconds with -ts)."""
    import time

    if kind == "asctime-usec":
        stamp, _, usec = text.rpartition(" ")
        form = "%a %b %d %H:%M:%S %Y"
        if not re.match(r"^(0|[1-9]\d{0,5})$", usec):
            return None
    else:
        stamp, _, usec = text.partition(".")
        form = "%Y-%m-%dT%H:%M:%S"
    try:
        tm = time.strptime(stamp, form)
    except ValueError:
        return None
    printed = time.asctime(tm) if kind == "asctime-usec" else time.strftime(form, tm)
    if printed != stamp:
        return None
    ms = time.mktime(tm) * 1000 + int(usec) / 1000.0
    return (ms, ms + 0.001)


def _g_seconds_range(text):
    """(low, high) milliseconds of a number C's "%g" printed as `text`, or None
    when %g never prints it (Python's %g is C's)."""
    try:
        value = float(text)
    except ValueError:
        return None
    if "%g" % value != text:
        return None
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10.0 ** (int(exponent or 0) - decimals)
    return ((value - unit / 2) * 1000, (value + unit / 2) * 1000)


def _allowed(kind, window, line_busy):
    """How far apart two readings `window` seconds apart may be."""
    ms = window * 1000 + CLOCK_SLACK_MS
    if kind != "percent":
        return ms
    # limited/busy*100 with both moving by up to `ms`; printed with one decimal.
    return 0.1 + (200.0 * ms / line_busy if line_busy else 100.0)


def _tokens(rules, line, previous=None):
    """[(start, end, field)] of the volatile values in a line, in order."""
    found = []
    for field in rules.fields:
        if field.after is not None and (previous is None or not field.after.search(previous)):
            continue
        for match in field.regex.finditer(line):
            found.append((match.start(1), match.end(1), field))
    found.sort(key=lambda token: token[0])
    return found


def _busy_of(line):
    match = re.search(rb"\bbusy:(\d+)ms", line)
    return int(match.group(1)) if match else 0


def _split(rules, line, previous=None):
    """A line as (literal texts, [(field, value text)]): literals[i] comes before value i."""
    literals, values, at = [], [], 0
    for start, end, field in _tokens(rules, line, previous):
        literals.append(line[at:start])
        values.append((field, line[start:end].decode("ascii", "replace")))
        at = end
    literals.append(line[at:])
    return literals, values


def _own_rows(rules, lines):
    """(the tool's rows about itself, the other lines)."""
    if rules.own_row is None:
        return [], lines
    own = [line for line in lines if rules.own_row.match(line)]
    return own, [line for line in lines if not rules.own_row.match(line)]


def _masked_own_row(rules, line):
    """The row's words with its pid and queue sizes as '#'."""
    match = rules.own_row.match(line)
    masked = bytearray(line)
    for group in range(1, (match.lastindex or 0) + 1):
        start, end = match.span(group)
        masked[start:end] = b"#" * (end - start)
    return re.sub(rb"#+", b"#", bytes(masked)).split()


def compare_stdout(tool, want, have, window=0.0):
    """None when `have` matches `want` under the tool's rules (exactly, for a
    tool without any), else a readable reason.  `window`: the seconds between
    the start of the run that printed `want` and the end of the one that
    printed `have`."""
    rules = rules_for(tool)
    if want == have:
        return None
    if tool == "ip" and want[:4] in IP_SAVED_MAGICS:
        return compare_ip_saved(want, have, window)
    if rules is None:
        return "the bytes differ"
    want_lines, have_lines = want.split(b"\n"), have.split(b"\n")
    want_own, want_lines = _own_rows(rules, want_lines)
    have_own, have_lines = _own_rows(rules, have_lines)
    if len(want_own) != len(have_own):
        return "%d row(s) about the tool's own socket, %d expected" % (len(have_own), len(want_own))
    for w, h in zip(sorted(want_own), sorted(have_own)):
        if _masked_own_row(rules, w) != _masked_own_row(rules, h):
            return "the row about the tool's own socket differs beyond its pid and queues: %r, %r" % (w, h)
    if len(want_lines) != len(have_lines):
        return "%d lines, %d expected" % (len(have_lines), len(want_lines))
    problem = _compare_lines(rules, want_lines, have_lines, window)
    if problem is None and tool == "ping":
        if ping_consistency(want):
            return "the real ping's %s (fix the model)" % ping_consistency(want)
        problem = ping_consistency(have)
    return problem


def _compare_lines(rules, want_lines, have_lines, window):
    split_want = [_split(rules, line, previous) for previous, line in zip([None] + want_lines[:-1], want_lines)]
    split_have = [_split(rules, line, previous) for previous, line in zip([None] + have_lines[:-1], have_lines)]
    widest = 0  # how much the tolerated values of one line differ in width, at most
    for n, ((w_lit, w_val), (h_lit, h_val)) in enumerate(zip(split_want, split_have), 1):
        if [field.name for field, _ in w_val] != [field.name for field, _ in h_val]:
            return "line %d: fields %s, expected %s" % (n, [f.name for f, _ in h_val], [f.name for f, _ in w_val])
        for (field, w_text), (_, h_text) in zip(w_val, h_val):
            problem = _compare_value(field, w_text, h_text, window, _busy_of(want_lines[n - 1]))
            if problem:
                return "line %d: %s" % (n, problem)
            problem = _check_line(field, want_lines[n - 1], have_lines[n - 1])
            if problem:
                return "line %d: %s" % (n, problem)
        widest = max(widest, sum(abs(len(a) - len(b)) for (_, a), (_, b) in zip(w_val, h_val)))
    for n, ((w_lit, _), (h_lit, _)) in enumerate(zip(split_want, split_have), 1):
        if w_lit[:-1] != h_lit[:-1] or not _same_but_padding(w_lit[-1], h_lit[-1], widest):
            return "line %d differs outside its tolerated fields: %r, expected %r" % (
                n, have_lines[n - 1], want_lines[n - 1])
    return None


def _check_line(field, want, have):
    if field.line_check is None:
        return None
    if not field.line_check(want):
        return "%s: the real tool's line %r is not what the model of its printer makes (fix the model)" % (
            field.name, want)
    if not field.line_check(have):
        return "%s: %r is not a line the real tool prints" % (field.name, have)
    return None


def _same_but_padding(want, have, widest):
    """The end of a line: the same text, trailing spaces differing by at most `widest`."""
    if want == have:
        return True
    w, h = want.rstrip(b" "), have.rstrip(b" ")
    return w == h and abs((len(want) - len(w)) - (len(have) - len(h))) <= widest


def _compare_value(field, want, have, window, busy):
    want_range, have_range = _range(field.kind, want), _range(field.kind, have)
    if want_range is None:
        return "%s %r: the real tool's text is not what the model of its printer makes (fix the model)" % (
            field.name, want)
    if have_range is None:
        return "%s %r is not a form the real tool prints (it printed %r)" % (field.name, have, want)
    if field.kind == "when" and want.split(" ")[4] != have.split(" ")[4]:
        return "%s %r: another time zone than the real dig's %r" % (field.name, have, want)
    if field.kind == "id-mismatch" and not _same_id_mismatch(want, have):
        return "%s %r: the reply's id is neither the real dig's nor as far from the id sent (%r)" % (
            field.name, have, want)
    if field.kind in _RANDOM_KINDS:  # drawn at random on each run: nothing to compare but the form
        return None
    # the gap between the two ranges of values
    gap = max(0, have_range[0] - want_range[1], want_range[0] - have_range[1])
    allowed = _allowed(field.kind, window, busy)
    if field.kind == "timer" and want_range[0] <= allowed:
        # The real tool saw the timer with less time left than the window:
        # it may have fired between the two reads and been armed again
        # (a retransmit or probe timer, with its new backoff), so ours may
        # show any countdown -- in the printer's form, checked above.
        return None
    if gap > allowed:
        return "%s %r, expected %r: %s apart, more than the %s the clock allows in %.3f s" % (
            field.name, have, want, gap, allowed, window)
    return None


# ---- output files (Case.outputs) --------------------------------------------------------
#
# A tool may write files (ss -D FILE: the raw sock_diag dump).  Those are
# compared byte for byte too, except the fields named here, each for a
# reason; a field is located by its place in the file's structure, never by
# searching for a pattern.


class DumpField:
    """A number at a fixed place in a netlink message of a dump file.

    offset/size: where it is in the message (from its nlmsghdr); types: the
    nlmsg_type values it exists in (None: every message).
    kind "port id": the same non-zero value in every message of one file;
    kind "s": seconds of the clock (ip's time(NULL)-based sequence numbers),
    within the pair's window and a second of each other;
    kind "ms": milliseconds, within the pair's clock window of each other
    (only when `when` says the message has such a number at all).
    """

    def __init__(self, name, offset, size, kind, why, types=None, when=None):
        self.name = name
        self.offset = offset
        self.size = size
        self.kind = kind
        self.why = why
        self.types = types
        self.when = when


_SOCK_DIAG_BY_FAMILY, _TCPDIAG_GETSOCK = 20, 18
# struct inet_diag_msg after the 16-byte nlmsghdr: family, state, timer,
# retrans (1 byte each), the socket id (48 bytes: ports, addresses, ifindex,
# cookie), then expires, rqueue, wqueue, uid, inode (u32 each).
_IDIAG_TIMER = 16 + 2
_IDIAG_EXPIRES = 16 + 4 + 48

SS_DIAG_DUMP_FIELDS = [
    DumpField("nlmsg_pid", 12, 4, "port id",
              "the port id of the netlink socket ss dumped with, which the kernel gives it from "
              "the process's pid (netlink autobind): another process, another number.  ss uses "
              "one socket, so one number in every message of a file, never 0 (the kernel's)."),
    DumpField("idiag_expires", _IDIAG_EXPIRES, 4, "ms",
              "milliseconds until the socket's timer fires (retransmit, keepalive, "
              "TIME-WAIT, SYN-ACK), which run down in real time between the two runs; "
              "compared as the -o text is, within the window.  Only with a timer "
              "(idiag_timer != 0): without one the kernel sends 0, compared exactly.",
              types=(_SOCK_DIAG_BY_FAMILY, _TCPDIAG_GETSOCK), when=lambda msg: msg[_IDIAG_TIMER] != 0),
]
# Everything else is exact: nlmsg_len/type/flags (NLM_F_MULTI, DUMP_INTR),
# nlmsg_seq (ss's MAGIC_SEQ, 123456), the DONE message's error code, and in
# each socket's message the state, timer kind, retransmit count, socket id
# (cookies are fixed once given out), queues, uid, inode and every attribute
# the kernel adds without being asked (shutdown, mark, cgroup id, sockopt,
# v6only); the case's snapshot holds the lab still (retransmissions included)
# while the pair runs.


def _netlink_messages(data):
    """[message bytes] of a dump file (recv() buffers, each padded to 4 bytes),
    or None when it is not a whole number of netlink messages."""
    import struct

    messages, offset = [], 0
    while offset < len(data):
        if offset + 16 > len(data):
            return None
        length = struct.unpack_from("=I", data, offset)[0]
        if length < 16 or offset + length > len(data):
            return None
        messages.append(data[offset:offset + length])
        offset += (length + 3) & ~3
    return messages


def _field_applies(field, message):
    import struct

    msg_type = struct.unpack_from("=H", message, 4)[0]
    if field.types is not None and msg_type not in field.types:
        return False
    if len(message) < field.offset + field.size:
        return False
    return field.when is None or field.when(message)


def _field_value(field, message):
    import struct

    return struct.unpack_from({1: "=B", 2: "=H", 4: "=I", 8: "=Q"}[field.size], message, field.offset)[0]


def compare_netlink_dump(fields, want, have, window=0.0):
    """None when two dump files match under `fields`, else the reason."""
    if want == have:
        return None
    want_msgs, have_msgs = _netlink_messages(want), _netlink_messages(have)
    if want_msgs is None or have_msgs is None:
        return "not a stream of netlink messages (%s)" % ("expected" if want_msgs is None else "got")
    if len(want_msgs) != len(have_msgs):
        return "%d netlink messages, %d expected" % (len(have_msgs), len(want_msgs))
    port_ids = {"expected": set(), "got": set()}
    for n, (w, h) in enumerate(zip(want_msgs, have_msgs), 1):
        if len(w) != len(h):
            return "message %d: %d bytes, %d expected" % (n, len(h), len(w))
        masked_w, masked_h = bytearray(w), bytearray(h)
        for field in fields:
            applies = _field_applies(field, w)
            if applies != _field_applies(field, h):
                return "message %d: %s present on one side only" % (n, field.name)
            if not applies:
                continue
            w_value, h_value = _field_value(field, w), _field_value(field, h)
            if field.kind == "port id":
                port_ids["expected"].add(w_value)
                port_ids["got"].add(h_value)
            elif field.kind == "s":
                allowed = window + 1  # two reads of time(NULL): a second boundary may fall between
                if abs(w_value - h_value) > allowed:
                    return "message %d: %s %d, expected %d: more than the %.3f s the clock allows" % (
                        n, field.name, h_value, w_value, allowed)
            elif field.kind == "ms":
                allowed = window * 1000 + CLOCK_SLACK_MS
                if abs(w_value - h_value) > allowed:
                    return "message %d: %s %d, expected %d: more than the %s ms the clock allows in %.3f s" % (
                        n, field.name, h_value, w_value, allowed, window)
            else:
                raise ValueError(field.kind)
            end = field.offset + field.size
            masked_w[field.offset:end] = masked_h[field.offset:end] = b"\0" * field.size
        if masked_w != masked_h:
            at = next(i for i, (a, b) in enumerate(zip(masked_w, masked_h)) if a != b)
            return "message %d differs at byte %d (outside the tolerated fields): %s, expected %s" % (
                n, at, bytes(h[at:at + 8]).hex(), bytes(w[at:at + 8]).hex())
    for side, values in port_ids.items():
        if len(values) > 1 or 0 in values:
            return "nlmsg_pid: %s file has port ids %s (one dumping socket gives one, not 0)" % (
                side, sorted(values))
    return None


# `ip route save`, `ip rule save` and `ip address save` write a magic number
# (iproute.c route_dump_magic, iprule.c rule_dump_magic, ipaddress.c
# ipadd_dump_magic, host byte order: this is x86) then the kernel's dump
# messages as they came, headers included.
IP_SAVED_MAGICS = (b"\x24\x12\x31\x45", b"\x86\x69\x70\x71", b"\x22\x12\x36\x47")
IP_SAVE_FIELDS = [
    DumpField("nlmsg_seq", 8, 4, "s",
              "the dump request's sequence number, which ip starts from time(NULL) when it opens its "
              "netlink socket (rtnl_open) and raises by one for the dump: seconds of the clock, so "
              "within the pair's window (plus a second boundary) of each other; never anything else."),
    DumpField("nlmsg_pid", 12, 4, "port id",
              "the port id of the socket ip dumped with, which the kernel gives it from the process's "
              "pid (netlink autobind): one non-zero number in every message of the stream."),
]
# Everything else is exact: the magic, the message count, each message's
# length, type and flags, the route or rule itself, and what follows the
# stream (`ip -j route save` writes "[]\n" there, its JSON array on stdio).


def _saved_stream(data):
    """(magic, the messages' bytes, what follows them) of an `ip ... save` stream:
    messages are read while a whole netlink header with a sane length is there."""
    import struct

    at = 4
    while at + 16 <= len(data):
        length = struct.unpack_from("=I", data, at)[0]
        if length < 16 or at + length > len(data):
            break
        at += (length + 3) & ~3
    return data[:4], data[4:at], data[at:]


def compare_ip_saved(want, have, window=0.0):
    """None when `have` is the saved stream `want` but for IP_SAVE_FIELDS, else the reason."""
    want_magic, want_msgs, want_tail = _saved_stream(want)
    have_magic, have_msgs, have_tail = _saved_stream(have)
    if want_magic != have_magic:
        return "magic %s, expected %s" % (have_magic.hex(), want_magic.hex())
    why = compare_netlink_dump(IP_SAVE_FIELDS, want_msgs, have_msgs, window)
    if why is not None:
        return "saved stream: " + why
    if want_tail != have_tail:
        return "after the saved messages: %r, expected %r" % (have_tail, want_tail)
    return None


def _ss_output_file(name, want, have, window):
    return compare_netlink_dump(SS_DIAG_DUMP_FIELDS, want, have, window)


# tool -> compare(name, want, have, window): how its output files are compared
# (a tool not named here: byte for byte).  ss writes only -D's dump.
OUTPUT_FILE_RULES = {
    "ss": _ss_output_file,
}


# ---- nc (netcat-openbsd 1.219) --------------------------------------------------------
# A unix-datagram client (nc -Uu PATH, without -s) binds a socket of its own
# to receive answers on: mkdtemp("/tmp/nc-XXXXXX") + "/recv.sock", six random
# letters or digits that differ on every run; -v prints it ("Bound on ...")
# and the peer sees it as the sender's address.  Masked on both sides alike,
# in exactly that form (a path of any other shape stays as it is).
NC_TEMP_SOCKET = re.compile(rb"/tmp/nc-[A-Za-z0-9]{6}/recv\.sock")
MASKS = {"nc": [(NC_TEMP_SOCKET, b"/tmp/nc-XXXXXX/recv.sock")]}


def mask(tool, data):
    """data with the tool's random names (MASKS) replaced by their placeholder."""
    for pattern, placeholder in MASKS.get(tool, ()):
        data = pattern.sub(placeholder, data)
    return data


STDERR_RULES = {"ping": Rules(PING_STDERR_FIELDS)}


def compare_stderr(tool, want, have, window=0.0):
    """None when the two stderr texts are the same bytes (after MASKS), or
    differ only in the tool's volatile stderr fields (STDERR_RULES, within
    `window` as compare_stdout's), else why not."""
    if want == have or mask(tool, want) == mask(tool, have):
        return None
    rules = STDERR_RULES.get(tool)
    if rules is None:
        return "the bytes differ"
    want_lines, have_lines = want.split(b"\n"), have.split(b"\n")
    if len(want_lines) != len(have_lines):
        return "%d lines, %d expected" % (len(have_lines), len(want_lines))
    return _compare_lines(rules, want_lines, have_lines, window)


def compare_peer_log(tool, name, want, have):
    """None when the logs a case's peer wrote (tests/nc/peer.py) are the same
    bytes (after MASKS: the peer logs a unix-datagram client's address), else why not."""
    if want == have or mask(tool, want) == mask(tool, have):
        return None
    return "the bytes differ"


def compare_output_file(tool, name, want, have, window=0.0):
    """None when output file `name` of the run that printed `have` matches the
    real tool's `want` under the tool's rules (exactly, for a tool without
    any), else a readable reason."""
    if want == have:
        return None
    rule = OUTPUT_FILE_RULES.get(tool)
    if rule is None:
        return "the bytes differ"
    return rule(name, want, have, window)
