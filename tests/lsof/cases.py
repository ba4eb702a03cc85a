"""Golden cases for lsof 4.95.0, network files only (-i and -U).

All run in the "ss" lab (tests/lab/topology.py ss()): one socket holder
("sockholder", pid 2 in the lab's own PID namespace) holds TCP sockets in
every state, bound and connected UDP, on 127.0.0.1, ::1, 198.51.100.x,
2001:db8:1::x, fe80::1 and a v4-mapped address, and UNIX stream, datagram
and seqpacket sockets; the lab's /etc/hosts names some addresses, so
lsof's host and service names show.  The PID namespace keeps the pids, and
the snapshot the sockets, the same for the real lsof and ours.

What is not here (ours says "only network files" and exits 1): listings of
other files (no -i/-U, names, -d, -p/-u/-c OR'ed with -i, -K without -a
where a process has threads, +d/+D, -N), other columns (+L, +fg), -e PATH
and +m (the mount table).  -K cases run in the lsof-threads lab, -E/+E
cases in the lsof-endpoints lab (tests/lsof/labs.py).
"""
from tests.harness.cases import Case

_TCP = "cat /proc/net/tcp /proc/net/tcp6 | awk '{print $2, $3, $4, $5, $10}'"
_OTHERS = "cat /proc/net/udp /proc/net/udp6 /proc/net/unix"
# lsof also stat()s every mount point when it starts, and says so on stderr
# when one vanished meanwhile ("WARNING: can't stat() nsfs file system
# /run/netns/..."): the lab's mount namespace sees the machine's /run/netns,
# where other labs come and go.  So the nsfs mounts are in the snapshot too:
# a pair during which one came or went is run again.
_MOUNTS = ("awk '{for (i = 7; i < NF; i++) if ($i == \"-\") {if ($(i + 1) == \"nsfs\") print $5; break}}'"
           " /proc/self/mountinfo")
SNAPSHOT = [["sh", "-c", "%s; %s; %s" % (_TCP, _OTHERS, _MOUNTS)]]


def c(name, *args, note=""):
    return Case("lsof", name, ["lsof"] + list(args), lab="ss", note=note)


def k(name, *args, note=""):
    """A case in the lsof-threads lab (tests/lsof/labs.py): a holder with two threads."""
    return Case("lsof", name, ["lsof"] + list(args), lab="lsof-threads", note=note)


def e(name, *args, note=""):
    """A case in the lsof-endpoints lab (tests/lsof/labs.py): peers in two processes."""
    return Case("lsof", name, ["lsof"] + list(args), lab="lsof-endpoints", note=note)


def nobody(name, *args, lab="lsof-endpoints", note=""):
    """Run as the user nobody (Case.user), who may not read root's /proc/PID/fd."""
    return Case("lsof", name, ["lsof"] + list(args), lab=lab, note=note, user="nobody")


def stopped(name, signal, *args, note=""):
    """Repeat mode until a signal: one listing and its marker, then the signal
    comes during the (long) sleep, for the real lsof and ours alike."""
    return Case("lsof", name, ["lsof"] + list(args), lab="ss", note=note, stop_after=1.5, stop_signal=signal)


CASES = [
    # -i forms
    c("i", "-i", note="every internet file, names looked up"),
    c("i-nP", "-nP", "-i"),
    c("i-n", "-n", "-i"),
    c("i-P", "-P", "-i"),
    c("i4", "-i4"),
    c("i6-nP", "-i6", "-n", "-P"),
    c("i4-i6", "-i4", "-i6", note="-i4 then -i6 is -i"),
    c("iTCP", "-iTCP"),
    c("iUDP-n", "-iUDP", "-n"),
    c("i-port", "-i", ":8080", note="the value as the next argument"),
    c("i-port-glued", "-i:22"),
    c("i-service", "-i:ssh"),
    c("i-service-list", "-i:ssh,http,8000"),
    c("i-range", "-iTCP:9000-9004"),
    c("i-range-service", "-i", "TCP:ssh-http"),
    c("i-udp-domain", "-iUDP:53"),
    c("i-domain-both", "-i:domain"),
    c("i-tcp-domain", "-iTCP:domain"),
    c("i-host-v4", "-i@198.51.100.2"),
    c("i-host-v6", "-i@[2001:db8:1::2]"),
    c("i-host-v6-port", "-i@[2001:db8:1::2]:53"),
    c("i-host-loopback6", "-i@[::1]"),
    c("i-host-v4mapped", "-i@[::ffff:127.0.0.1]"),
    c("i-4tcp-addr-port", "-i4TCP@198.51.100.1:5000"),
    c("i-hostname", "-i@main"),
    c("i-hostname-udp", "-iudp@peer.ss.example"),
    c("i-localhost", "-i@localhost"),
    c("i6-port", "-i6", "-i:53"),
    c("i4-tcp-port", "-i4", "-iTCP:53"),
    c("i-two-one-missing", "-i:22", "-i:9999", note="exit 1: one item found nothing"),
    c("i-missing", "-i:9999"),
    c("i-missing-Q", "-Q", "-i:9999"),
    c("i-no-match-addr", "-iTCP@1.2.3.4"),
    c("i-ports-same-twice", "-i:22,ssh,9000-9004", note="22 and ssh: one argument, found once is found"),
    c("i-overlap", "-i:22-25", "-i:22", note="the newest -i is tried first"),
    c("i-two-args-same-port", "-i:22", "-i:ssh", note="two arguments, the first match takes it: exit 1"),
    c("i-same-arg-twice", "-i:22", "-i:22"),
    c("i-hostname-ports", "-i@main:22,80"),
    c("i-localhost-port", "-i@localhost:631"),
    c("i-tcp-localhost", "-iTCP@localhost"),
    c("i-list-trailing-comma", "-i:22,"),
    c("i-range-end-service", "-i:22-ssh"),
    c("i-port-beyond", "-i:99999"),
    c("i-port-0", "-i:0"),
    # -i errors
    c("err-list-leading-comma", "-i:,22"),
    c("err-list-empty-element", "-i:22,,23"),
    c("err-range-open-comma", "-i:22-,"),
    c("err-range-twice", "-i:22-33-44"),
    c("err-range-junk", "-i:22-3x"),
    c("err-any-address", "-i@0.0.0.0", note="no protocol, address or port: incomplete"),
    c("err-any-address6", "-i@[::]"),
    c("err-too-many", *["-i:%d" % n for n in range(1, 102)], note="lsof.h MAXNWAD: 100"),
    c("err-proto", "-ifoo"),
    c("err-proto-digit", "-i", "7TCP"),
    c("err-host", "-i@nosuchhost.invalid"),
    c("err-service", "-i:nosuchservice"),
    c("err-range", "-i", "TCP:80-70"),
    c("err-empty-addr", "-i@"),
    c("err-empty-port", "-i:"),
    c("err-open-range", "-i:22-"),
    c("err-port-junk", "-i:22x"),
    c("err-service-range-start", "-i", ":ssh-22"),
    c("err-6-v4addr", "-i", "6@1.2.3.4"),
    c("err-4-v6addr", "-i", "4@[::1]"),
    # -s states
    c("s-listen", "-nP", "-iTCP", "-sTCP:LISTEN", note="the script idiom"),
    c("s-not-listen", "-i", "-sTCP:^LISTEN"),
    c("s-close", "-i", "-sTCP:CLOSE", note="unconnected UDP sockets are in state 7 too"),
    c("s-two", "-i", "-sTCP:ESTABLISHED,LISTEN"),
    c("s-conflict", "-i", "-sTCP:LISTEN", "-sTCP:^LISTEN"),
    c("s-unknown", "-sTCP:FOO", "-i"),
    c("s-size", "-i", "-s"),
    c("s-lower-case", "-stcp:listen", "-i"),
    c("s-closed", "-sTCP:CLOSED", "-i"),
    c("s-trailing-comma", "-sTCP:LISTEN,", "-i"),
    c("err-s-duplicate", "-sTCP:LISTEN", "-sTCP:LISTEN", "-i"),
    c("err-s-duplicate-exclusion", "-sTCP:^LISTEN,^listen", "-i"),
    c("err-s-udp", "-sUDP:Idle", "-i", note="Linux lsof has no UDP state names"),
    c("err-s-udp-empty", "-sUDP:", "-i"),
    c("err-s-tcp-empty", "-sTCP:", "-i"),
    c("err-s-protocol", "-sFOO:x", "-i"),
    c("err-s-null-name", "-sTCP:,LISTEN", "-i"),
    c("err-s-caret-only", "-sTCP:^", "-i"),
    c("err-s-mixed", "-sTCP:LISTEN,BAD,^ESTABLISHED", "-i"),
    c("o-and-s", "-o", "-s", "-i"),
    # output options
    c("l", "-l", "-i:22"),
    c("o", "-o", "-i:22"),
    c("T-off", "-T", "-i:22"),
    c("T-fqs", "-Tfqs", "-i:22"),
    c("T-q-udp", "-Tq", "-iUDP"),
    c("T-bad", "-T", "x", "-i"),
    c("c-width-0", "+c", "0", "-i:22"),
    c("c-width-4", "+c", "4", "-i:22"),
    c("c-width-bad", "+c", "x", "-i"),
    c("R", "-R", "-i:22"),
    c("g", "-g", "-i:22"),
    c("w", "-w", "-i:22"),
    c("plus-w", "+w", "-i:22"),
    c("b", "-b", "-i:22"),
    # terse
    c("t", "-t", "-i"),
    c("t-port", "-t", "-i:8080"),
    c("t-missing", "-t", "-i:9999"),
    c("t-unix", "-t", "-U"),
    c("F-and-t", "-F", "-t", "-i"),
    # fields
    c("F-pcn", "-F", "pcn", "-i:ssh"),
    c("F-all", "-F", "-i:ssh"),
    c("F0", "-F0", "-i:ssh"),
    c("F-T", "-F", "pcnT", "-i:8080", "-i:domain"),
    c("F-udp-nul", "-FpcfnPT0", "-iUDP"),
    c("F-all-i", "-F", "-i"),
    c("F-n-unix", "-F", "n", "-U"),
    c("F0-unix", "-F0", "-U"),
    c("F-cn-both", "-F", "cn", "-i:22", "-U"),
    c("F-help", "-F?"),
    c("F-l", "-F", "-l", "-i:22", note="-l: no L (login) field"),
    c("F-L-l", "-F", "L", "-l", "-i:22"),
    # -U
    c("U", "-U"),
    c("U-n", "-U", "-n"),
    c("i-U", "-i", "-U"),
    c("U-T", "-U", "-T"),
    # selections
    c("a-c", "-i", "-a", "-c", "sock"),
    c("a-c-exclude", "-c", "^sock", "-a", "-i"),
    c("a-U-c", "-aUc", "sockholder"),
    c("a-U-c-missing", "-U", "-a", "-c", "foo"),
    c("a-u-nobody", "-i", "-a", "-u", "nobody"),
    c("a-u-root", "-a", "-u", "root", "-i:22"),
    c("a-u-0", "-a", "-u", "0", "-i:22"),
    c("a-u-not-root", "-a", "-u", "^root", "-i"),
    c("a-p", "-a", "-p", "2", "-i:22"),
    c("a-p-exclude", "-a", "-p", "^2", "-i"),
    c("a-p-missing", "-a", "-p", "99", "-i"),
    c("a-p-list", "-p", "2,^3", "-a", "-i:22"),
    c("c-missing-or", "-c", "foo", "-i:22", note="no process named foo: only -i's files, exit 1"),
    c("p-missing-or", "-p", "99", "-i:22"),
    c("err-p", "-p", "x", "-i"),
    c("err-p-in-ex", "-p", "2", "-p", "^2", "-i"),
    c("err-u", "-u", "nosuchuser", "-i"),
    c("err-a-alone", "-a"),
    c("F-zone", "-Fz", "-i", note="z (zone) is a field lsof knows; Linux has no zones"),
    c("h", "-h"),
    c("err-illegal", "-Y", "-i"),
    # -d FD sets (ANDed with -i/-U: without -a they select files of every kind)
    c("a-d", "-a", "-d", "3", "-i"),
    c("a-d-range", "-a", "-d", "3-10", "-i"),
    c("a-d-exclude-range", "-a", "-d", "^3-40", "-i"),
    c("a-d-fd", "-a", "-d", "fd", "-i"),
    c("a-d-cwd", "-a", "-d", "cwd", "-i", note="no socket is cwd, but -i found internet files: exit 0"),
    c("a-d-unix", "-a", "-d", "49,50", "-U"),
    c("a-d-not-cwd-unix", "-a", "-d", "^cwd", "-U"),
    c("a-p-d-none", "-a", "-p", "2", "-d", "100", "-i"),
    c("err-d-mixed", "-a", "-d", "3,^4", "-i"),
    c("err-d-mixed-w", "-w", "-a", "-d", "3,^4", "-i", note="-w silences the message, not the error"),
    c("err-d-range-low-high", "-a", "-d", "10-3", "-i"),
    c("err-d-range-nondigit", "-a", "-d", "3-x", "-i"),
    c("err-d-range-illegal", "-a", "-d", "-3", "-i"),
    c("err-d-range-open", "-a", "-d", "3-", "-i"),
    # -c forms
    c("c-regex", "-c", "/sock/", "-a", "-i:22"),
    c("c-regex-anchored", "-c", "/^sock.*r$/", "-a", "-i:22"),
    c("c-regex-icase", "-c", "/SOCK/i", "-a", "-i:22"),
    c("c-regex-nomatch", "-c", "/SOCK/", "-a", "-i:22"),
    c("err-c-regex-open", "-c", "/sock", "-i"),
    c("err-c-regex-modifier", "-c", "/sock/q", "-i"),
    c("err-c-regex-twice", "-c", "/sock/ii", "-i"),
    c("err-c-regex-bx", "-c", "/sock/bx", "-i"),
    c("err-c-regex-syntax", "-c", "/a(/", "-i"),
    c("err-c-regex-bracket", "-c", "/[/", "-i"),
    c("c-and-not-foo", "-c", "sock", "-c", "^foo", "-a", "-i:22", note="an exclusion never 'found': exit 1"),
    c("err-c-conflict", "-c", "^sock", "-c", "sock", "-i"),
    c("err-c-too-long", "-c", "0123456789abcdefg", "-i"),
    c("err-c-width-16", "+c", "16", "-i"),
    c("c-width-15", "+c", "15", "-i:22"),
    c("err-c-missing", "-c", "-i"),
    c("a-c-empty", "-a", "-c", "", "-i:22"),
    c("a-c-caret-only", "-a", "-c", "^", "-i"),
    # repeat mode
    stopped("r-sigterm", "SIGTERM", "-r", "100", "-i:22"),
    stopped("r-sigint", "SIGINT", "-r", "100", "-nP", "-iTCP", "-sTCP:LISTEN"),
    stopped("r-plus-sigterm", "SIGTERM", "+r", "100", "-i:22"),
    stopped("r-field-sigint", "SIGINT", "-F", "pcn", "-r100", "-i:ssh"),
    stopped("r-terse-sigterm", "SIGTERM", "-t", "-r", "100", "-i:8080"),
    c("r-count", "-r1c2", "-i:22", note="c2 is not a marker format: read again as -c2 (a command), exit 1"),
    c("r-count-separate", "-r", "1c2", "-i:22"),
    c("r-count-marker", "-r1c2m--mark--", "-i:22"),
    c("r-count-marker-percent", "-r1c2m%%X", "-i:22"),
    c("r-count-fields", "-r1c2mX", "-F", "pcn", "-i:22"),
    c("r-count-fields-nul", "-F0", "-r1c2mZ", "-i:22"),
    c("r-count-terse", "-t", "-r1c2m=", "-i:22"),
    c("r-plus-nothing", "+r1", "-i:9999", note="+r stops when nothing is listed"),
    c("r-plus-count", "+r1c2", "-i:22", note="c2 read again as +c2: COMMAND width"),
    c("r-plus-unix", "+r1c2mQ", "-U"),
    c("err-r-empty-fmt", "-r1m", "-i:22"),
    # help and version
    c("v", "-v"),
    c("v-i", "-v", "-i"),
    c("v-h", "-v", "-h"),
    c("F-help-v", "-F?", "-v"),
    c("F-help-h", "-F?", "-h"),
    c("question-i", "-?", "-i"),
    c("err-colon", "-:", "-i"),
    # options this build refuses or limits (main.c, initialize())
    c("err-C", "-C", "-i:22", note="no kernel name cache on Linux: not an option at all"),
    c("err-D", "-D", "x", "-i:22", note="no device cache: the value is taken all the same"),
    c("err-D-plus-missing", "+D", "-i:22", note="+D takes -i:22 as its path, and refuses it"),
    c("err-d-plus-missing-w", "-w", "+d", "-i:22", note="-w silences the message, not the error"),
    c("err-m", "-m", "-i:22"),
    c("err-L-number", "-L3", "-i:22"),
    c("L", "-L", "-i:22"),
    c("L-rest", "-Lt", "-i:22", note="no number: the rest read again, as -t"),
    c("err-f-struct", "-fcx", "-i:22", note="Linux has only the g/G file flags"),
    c("f", "-f", "-i:22"),
    c("f-g", "-fg", "-i:22"),
    c("err-x", "-x", "-i:22"),
    c("err-x-unknown", "-xfq", "-i:22"),
    c("S-low", "-S1", "-i:22", note="a warning, and on"),
    c("S-rest", "-S", "5t", "-i:22"),
    c("O", "-O", "-i:22"),
    c("M", "-M", "-i:22"),
    c("err-X-i", "-X", "-i:22"),
    c("X-twice", "-X", "-X", "-i:22"),
    c("X-U", "-X", "-U"),
    c("err-Z", "-Z", "-i"),
    c("err-Z-value", "-Zfoo", "-i:22"),
    c("err-e-relative", "-e", "proc", "-i:22"),
    c("err-e-relative-w", "-w", "-e", "proc", "-i:22"),
    c("err-F-r-newline", "-F", "pcn", "-r1m%n", "-i:22"),
    c("err-several", "-D", "x", "-m", "y", "-L3", "-x", "-Z", "z", "-i"),
    c("V", "-V", "-i:9999", "-i:22"),
    c("V-all", "-V", "-c", "foo", "-c", "/bar/", "-a", "-i:9", "-i:22", "-sTCP:CLOSING", "-p", "99,2",
      "-g", "98", note="no -u: whether an unmatched UID counts depends on what malloc() left (arg.c enter_uid)"),
    c("V-found", "-V", "-i:22"),
    c("V-inet", "-V", "-i6", "-iTCP@198.51.100.99"),
    # -K: tasks (threads); ANDed, each thread's sockets with its TID and TASKCMD
    k("K-a-i", "-a", "-K", "-i", note="the main thread's lines (no TID), then each thread's"),
    k("K-a-i-nP", "-aK", "-nP", "-i"),
    k("K-a-U", "-a", "-K", "-U"),
    k("K-a-port", "-aK", "-i:7100"),
    k("K-a-p", "-K", "-a", "-p", "2", "-i"),
    k("K-a-p-plain", "-K", "-a", "-p", "5", "-i", note="no threads: no task located, exit 1"),
    k("K-a-c-width", "+c", "15", "-a", "-K", "-i", note="+c also widens TASKCMD"),
    k("K-a-F", "-F", "-a", "-K", "-i:7100"),
    k("K-a-F-fields", "-F", "pKMcn", "-a", "-K", "-i"),
    k("K-a-F0", "-F0", "-a", "-K", "-U"),
    k("K-a-t", "-t", "-a", "-K", "-i"),
    k("K-a-R-g", "-a", "-K", "-R", "-g", "-i:7100"),
    k("K-a-V-plain-port", "-V", "-a", "-K", "-i:7200"),
    k("K-a-c", "-a", "-K", "-c", "sock", "-i"),
    k("K-a-s", "-a", "-K", "-iTCP", "-sTCP:LISTEN"),
    k("K-ignored", "-K", "i", "-i"),
    k("threads-i", "-i", note="without -K threads are not listed"),
    k("threads-U", "-U"),
    c("K-a-no-threads", "-a", "-K", "-i", note="no process has threads: nothing, exit 1"),
    c("K-no-threads", "-K", "-i:22", note="-K ORed, no threads anywhere: the -i listing, exit 1"),
    # -E/+E: endpoints of UNIX sockets and of TCP/UDP sockets whose both ends are here
    e("E-U", "-E", "-U", note="->INO= the peer and its holders; a listener's waiting client"),
    e("E-i-nP", "-nP", "-E", "-i"),
    e("E-i", "-E", "-i"),
    e("E-both", "-E", "-i", "-U"),
    e("E-plus-a-p-U", "+E", "-a", "-p", "3", "-U", note="+E also lists the other ends, in other processes"),
    e("E-plus-a-p-i", "+E", "-a", "-p", "3", "-nP", "-i"),
    e("E-a-p-i", "-E", "-a", "-p", "3", "-nP", "-i"),
    e("E-plus-port", "+E", "-nP", "-i:7302"),
    e("E-plus-a-d", "+E", "-a", "-d", "4", "-nP", "-i"),
    e("E-plus-F", "-F", "pcfn", "+E", "-a", "-p", "2", "-U"),
    e("E-plus-t", "-t", "+E", "-a", "-p", "3", "-i"),
    e("E-c-width-0", "+c", "0", "-E", "-U", note="+c 0: the holders' commands are empty (%.0s)"),
    e("E-c-width-15", "+c", "15", "-E", "-U"),
    e("E-T", "-E", "-T", "-U"),
    e("E-Tqs", "-E", "-Tqs", "-nP", "-i:7300"),
    e("E-exclusion", "-E", "-c", "^sock", "-nP", "-i", note="4.95 lists an excluded process's files under -E"),
    e("E-a-exclusion", "-E", "-a", "-p", "2", "-c", "^sock", "-U"),
    e("E-plus-listen", "+E", "-nP", "-iTCP", "-sTCP:LISTEN"),
    e("E-F0", "-F0", "-E", "-i:7300"),
    e("E-F", "-F", "-E", "-U"),
    e("E-plus-U", "+E", "-U"),
    c("E-U-ss", "-E", "-U"),
    c("E-i-ss", "-nP", "-E", "-i"),
    c("E-plus-i-ss", "+E", "-i"),
    # as a user: root's sockets are out of sight, silently (no warning under -i/-U)
    nobody("nobody-i", "-i", note="nothing, exit 1: no Internet file located"),
    nobody("nobody-U", "-U", note="nothing, exit 0: -U is no search item"),
    nobody("nobody-V-i", "-V", "-nP", "-i:7300"),
    nobody("nobody-t", "-t", "-i"),
    nobody("nobody-E", "+E", "-U"),
    nobody("nobody-F", "-F", "pcn", "-i"),
    nobody("nobody-a-K", "-a", "-K", "-V", "-i", lab="lsof-threads", note="the tasks are found, their sockets not"),
    nobody("nobody-a-p", "-a", "-p", "2", "-V", "-U"),
    c("F-K-M", "-F", "pKMcn", "-i:22"),
    c("F-R", "-F", "pRcn", "-i:22"),
]
