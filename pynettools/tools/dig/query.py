"""dig's engine: dighost.c's lookups and queries, run one after the other.

What happens to one lookup (one name on the command line):
  setup     the query name (the search list and ndots decide whether the
            name is tried as is or with a search domain first), a random
            message ID, the message bytes (wire.py), one query per server
            (the @servers, else resolv.conf's nameservers).
  exchange  UDP: a connected datagram socket, the message, then wait up to
            the timeout (+time, resolv.conf's timeout:, 5 s) for a reply
            with the right ID and question.  TCP (+tcp, AXFR/IXFR, a TC
            reply, a query over 512 bytes): connect, the message with its
            two-byte length, the reply likewise (10 s by default).
  failure   "communications error to ADDR#PORT: timed out"; UDP tries the
            same server again while tries are left (+tries counts per
            lookup, not per server), then the next server; TCP starts the
            whole lookup again (a new ID).  With nothing left dig prints
            the banner and "no servers could be reached" (exit 9).
  reply     printed (printer.py), except: TC set -> the lookup again over
            TCP; BADCOOKIE -> again with the server's cookie; BADVERS ->
            again with the server's EDNS version; SERVFAIL with +nofail ->
            the next server; NXDOMAIN with search domains left -> the next
            domain.  Zone transfers read messages until the closing SOA.
Every socket call goes through the socket seam (kernel/netio.py), every
clock and random read through the kernel seam's lookups, so a recorded run
replays exactly.  dnspython parses replies (and TSIG); it is imported when
the first reply arrives, so a run that never gets one never pays for it.
"""
import errno
import struct

from pynettools.tools.dig import wire

UDP_TIMEOUT, TCP_TIMEOUT = 5, 10
LOOKUP_LIMIT = 64
MXSERV = 20
RCODE_NOERROR, RCODE_SERVFAIL, RCODE_NXDOMAIN = 0, 2, 3
RCODE_BADVERS, RCODE_BADCOOKIE = 16, 23

AF_INET, AF_INET6 = 2, 10
SOCK_STREAM, SOCK_DGRAM, SOCK_NONBLOCK = 1, 2, 0o4000
SOL_SOCKET, SO_ERROR = 1, 4
POLLIN, POLLOUT = 0x1, 0x4

# isc_result_totext() of the errors a socket gives
RESULT_TEXT = {
    errno.ETIMEDOUT: "timed out", errno.ECONNREFUSED: "connection refused",
    errno.ENETUNREACH: "network unreachable", errno.EHOSTUNREACH: "host unreachable",
    errno.ECONNRESET: "connection reset", errno.EADDRNOTAVAIL: "address not available",
    errno.EADDRINUSE: "address in use", errno.EACCES: "permission denied",
    errno.EPERM: "permission denied", errno.EPIPE: "connection reset",
    errno.EAFNOSUPPORT: "address family not supported", errno.ENOBUFS: "out of memory",
}


class Failed(Exception):
    """A query's exchange failed: `text` as isc_result_totext() words it."""

    def __init__(self, text):
        Exception.__init__(self, text)
        self.text = text


class Fatal(Exception):
    """dig's fatal(): "dig: MESSAGE" on stderr, then exit."""


def failure_text(err):
    if isinstance(err, Failed):
        return err.text
    return RESULT_TEXT.get(getattr(err, "errno", None), "failure")


class Server:
    """One server of a lookup: the address dig sends to and the @word the
    user typed (printed as "SERVER: ADDR#PORT(USERARG)")."""

    def __init__(self, address, userarg):
        self.address = address
        self.userarg = userarg


class Run:
    """A lookup being run: args.Lookup plus dighost's per-run state."""

    def __init__(self, lookup, servers):
        self.l = lookup
        self.servers = servers
        self.origin = None          # index into the search list, or None
        self.need_search = False
        self.done_as_is = False
        self.trace_root = lookup.trace_root
        self.qrdtype = lookup.rdtype
        self.seenbadcookie = False
        self.server_cookie = None   # hex: what the server gave back
        self.qname = None           # wire
        self.qid = 0
        self.sendwire = b""
        self.request_mac = b""
        self.tsig_ctx = None
        self.doing_xfr = False
        self.position = 0           # which of `servers` is being asked
        self.fdomain = None         # +trace: the zone the last referral was for
        self.nsfound = 0

    def clone(self):
        import copy

        new = Run(self.l.clone(), self.servers)
        for name in ("origin", "need_search", "done_as_is", "trace_root", "qrdtype",
                     "seenbadcookie", "server_cookie", "fdomain", "nsfound"):
            setattr(new, name, copy.copy(getattr(self, name)))
        new.l.new_search = False
        return new


class Engine:
    def __init__(self, dargs, conf, kernel, calls, out, err, prog="dig"):
        self.a = dargs
        self.conf = conf
        self.kernel = kernel
        self.calls = calls
        self.out = out
        self.err = err
        self.prog = prog
        self.exitcode = 0
        self.queue = []
        self.lookup_counter = 0
        self.ndots = dargs.ndots if dargs.ndots != -1 else conf.ndots
        self.timeout = dargs.timeout or conf.timeout
        self.usesearch = dargs.usesearch
        self.search = [dargs.domain] if dargs.domain else list(conf.search)
        if dargs.domain:
            self.usesearch = True
        self.cookie_secret = None
        self.tsig = None
        self.tsig_unused = False    # -y's key could not be made: received() says so
        self.printer = None

    # ---- the seam's clock and dice ------------------------------------
    def now(self):
        return self.kernel.time()

    def random_bytes(self, n):
        import os

        return bytes.fromhex(self.kernel.lookup("random", lambda k: os.urandom(k).hex(), n))

    # ---- output ---------------------------------------------------------
    def say(self, text):
        self.out.write(text)

    def warning(self, text):
        """dig_warning(): ";; TEXT" on stdout (nothing with +yaml)."""
        if not self.a.yaml:
            self.say(";; %s\n" % text)

    def error(self, text):
        """dig_error()."""
        if self.a.yaml:
            self.say("- type: DIG_ERROR\n  message: |\n    %s\n" % text)
        else:
            self.say(";; %s\n" % text)

    def comment(self, run, text):
        if run.l.comments and not self.a.yaml:
            self.say(";; %s\n" % text)

    def print_cmdline(self, run):
        if run.l.cmdline:
            if not self.a.short_form and not run.l.dns64prefix and self.a.printcmd:
                self.say(run.l.cmdline)
            run.l.cmdline = ""

    def _printer(self):
        if self.printer is None:
            from pynettools.tools.dig import printer, rdata

            # rdata.py's two outside inputs: "now" (RRSIG dates far from it
            # print differently) from the seam's clock, and its one warning
            # to our stderr
            rdata.clock = self.now
            rdata.warning_sink = self.err.write
            self.printer = printer
        return self.printer

    # ---- the lookups ------------------------------------------------------
    def run(self):
        lookups = self.a.lookups
        while lookups is not None:
            for lookup in lookups:
                self.queue.append(Run(lookup, self.servers_for(lookup)))
            while self.queue:
                run = self.queue.pop(0)
                self.run_lookup(run)
            lookups = self.next_batch_line()
        return self.exitcode

    def next_batch_line(self):
        """query_finished(): the batch file's next line, once all is done."""
        parser = self.a.parser
        if parser is None or not self.a.batch_lines:
            return None
        from pynettools.tools.dig import args

        try:
            lookups = parser.next_batch_line()
        except args.DigExit as stop:
            args.report_error(stop, self.out, self.err)
            raise Exit(stop.code)
        args.report_warnings(self.a, self.out, self.err)
        return lookups

    def servers_for(self, lookup):
        pairs = getattr(lookup, "server_list", None)
        if pairs:
            return [Server(addr, user) for addr, user in pairs]
        servers = []
        for address in self.conf.nameservers:
            six = ":" in address
            if (six and self.a.ipv4only) or (not six and self.a.ipv6only):
                continue
            servers.append(Server(address, address))
        if not servers:
            if not self.a.ipv4only:
                servers.append(Server("::1", "::1"))
            if not self.a.ipv6only:
                servers.append(Server("127.0.0.1", "127.0.0.1"))
        return servers

    def requeue(self, run):
        self.lookup_counter += 1
        if self.lookup_counter > LOOKUP_LIMIT:
            raise Fatal("too many lookups")
        new = run.clone()
        self.queue.insert(0, new)
        return new

    def run_lookup(self, run):
        self.current = run
        if not self.setup(run):
            return
        if run.l.ns_search_only and not run.trace_root:
            return self.nssearch(run)
        index = 0
        while index < len(run.servers):
            run.position = index    # (the same address may be listed twice)
            outcome = self.query(run, run.servers[index])
            if outcome == "next":
                index += 1
                continue
            if outcome == "retry":
                continue
            return
        # every server failed and no retries remain: said by query()

    def nssearch(self, run):
        """+nssearch's second step: every server of the zone is asked for
        its SOA; each answer is printed, a failure is only a warning unless
        none answered ("NS servers could not be reached", exit 9).  dig
        starts each query once the previous one is sent, so they overlap;
        here they run one after the other, in dig's (random) server order."""
        run.nssearch_success = False
        for index, server in enumerate(run.servers):
            run.position = index
            # nssearch_next(): once the last query is sent, dig checks
            # whether any answer came yet -- with one server (or when every
            # answer is slower than the sends) none has, and dig gives up
            # on the spot, dropping the replies still to come
            run.send_only = index == len(run.servers) - 1 and not run.nssearch_success
            self.query(run, server)
            if run.send_only:
                break
        if not run.nssearch_success:
            self.error("NS servers could not be reached")
            self.exitcode = max(self.exitcode, 9)

    # ---- setup_lookup() -------------------------------------------------
    def setup(self, run):
        l = run.l
        if l.new_search:
            self.lookup_counter = 0
            if l.textname.count(".") >= self.ndots or not self.usesearch:
                run.origin, run.done_as_is, run.need_search = None, True, self.usesearch
            elif run.origin is None and self.usesearch and self.search:
                run.origin, run.need_search = 0, False
        try:
            run.qname = self.query_name(run)
        except wire.BadName as why:
            if str(why) == "name too long":
                return False
            self.err.write("%s: '%s' is not a legal name (%s)\n" % (self.prog, l.textname, why))
            raise Exit(max(self.exitcode, 10))
        run.qid = struct.unpack("!H", self.random_bytes(2))[0]
        if l.setqid:
            run.qid = l.qid
        if (l.trace or l.ns_search_only) and not run.trace_root:
            l.recurse = False
        if l.trace and run.trace_root:
            run.qrdtype, l.rdtype = l.rdtype, 2  # +trace asks for the root's NS first
        if l.rdtype == wire.TYPE_AXFR:
            run.doing_xfr, l.tcp_mode = True, True
        elif l.rdtype == wire.TYPE_IXFR and l.tcp_mode:
            run.doing_xfr = True
        run.sendwire = self.render(run)
        if len(run.sendwire) > 512:
            l.tcp_mode = True
        return True

    def query_name(self, run):
        l = run.l
        if l.trace and run.trace_root:
            return b"\0"
        if run.origin is not None:
            origin = wire.name_to_wire(self.search[run.origin])
            return wire.name_to_wire(l.textname, origin)
        return wire.name_to_wire(l.textname)

    def header_flags(self, l):
        flags = (l.opcode & 0xF) << 11
        if l.recurse and l.rdtype not in (wire.TYPE_AXFR, wire.TYPE_IXFR):
            flags |= wire.RD
        for on, bit in ((l.aaonly, wire.AA), (l.adflag, wire.AD), (l.cdflag, wire.CD),
                        (l.raflag, wire.RA), (l.tcflag, wire.TC), (l.zflag, wire.Z)):
            if on:
                flags |= bit
        return flags

    def render(self, run, unpadded=False):
        """The query's bytes.  unpadded: as +qr prints it -- dig prints its
        message structure, whose PADDING option is still empty (the padding
        is added while rendering)."""
        l = run.l
        edns = None
        if l.udpsize > -1 or l.dnssec or l.edns > -1 or l.ecs is not None:
            if l.udpsize < 0:
                l.udpsize = 1232
            if l.edns < 0:
                l.edns = 0
            edns = (l.udpsize, l.edns, self.edns_flags(l), self.edns_options(run))
        ixfr = l.ixfr_serial if l.rdtype == wire.TYPE_IXFR else None
        body, _ = wire.build_query(run.qid, self.header_flags(l), run.qname, l.rdtype, l.rdclass,
                                   question=not l.header_only, ixfr_serial=ixfr, edns=edns,
                                   padding=0 if unpadded else l.padding)
        if unpadded:
            return body
        if self.tsig is not None:
            body, run.request_mac = self.tsig.sign(body, run.qid, self.now())
        return body

    def edns_flags(self, l):
        flags = l.ednsflags & ~(wire.DO | wire.CO)
        if l.dnssec:
            flags |= wire.DO
        if l.coflag:
            flags |= wire.CO
        return flags

    def edns_options(self, run):
        l = run.l
        options = []
        if l.nsid:
            options.append((wire.OPT_NSID, b""))
        if l.ecs is not None:
            options.append((wire.OPT_ECS, wire.ecs_option(*l.ecs)))
        if l.sendcookie:
            if l.cookie is not None or run.server_cookie is not None:
                options.append((wire.OPT_COOKIE, bytes.fromhex(l.cookie or run.server_cookie)))
            else:
                options.append((wire.OPT_COOKIE, self.client_cookie()))
        if l.expire:
            options.append((wire.OPT_EXPIRE, b""))
        if l.tcp_keepalive:
            options.append((wire.OPT_KEEPALIVE, b""))
        options.extend(l.ednsopts)
        if l.padding:
            options.append((wire.OPT_PADDING, b""))
        return options

    def client_cookie(self):
        """compute_cookie(): the first 8 bytes of a secret made once per run."""
        if self.cookie_secret is None:
            self.cookie_secret = self.random_bytes(16)
        return self.cookie_secret[:8]

    # ---- one query ------------------------------------------------------
    def query(self, run, server):
        """Send to one server and handle what comes back.  Returns "next"
        (go on with the next server), "retry" (the same server again) or
        "done"."""
        l = run.l
        port = self.port_for(l)
        family = AF_INET6 if ":" in server.address else AF_INET
        address = _sockaddr(family, server.address, port)
        where = _sockaddr_text(server.address, port)
        if is_tls(l):
            return self.query_tls(run, server, family, address, where)
        if l.https_mode:
            return self.query_https(run, server, family, address, where)
        if l.tcp_mode:
            return self.query_tcp(run, server, family, address, where)
        return self.query_udp(run, server, family, address, where)

    def port_for(self, l):
        """start_tcp(): without -p, DoT goes to 853, DoH to 443 (80 plain)."""
        if self.a.port_set:
            return self.a.port
        if is_tls(l):
            return 853
        if l.https_mode:
            return 80 if l.http_plain else 443
        return 53

    def query_udp(self, run, server, family, address, where):
        calls = self.calls
        try:
            fd = calls.socket(family, SOCK_DGRAM | SOCK_NONBLOCK, 0)
        except OSError as err:
            return self.setup_failed(run, "UDP", where, server, failure_text(err))
        try:
            try:
                self.bind_source(fd, family)
                code = calls.connect(fd, address)
                if code:
                    raise OSError(code, "")
            except OSError as err:
                return self.setup_failed(run, "UDP", where, server, failure_text(err))
            self.exitcode = 0
            sent_at = self.now()
            calls.write(fd, run.sendwire)
            self.print_query(run, server, sent_at, "UDP")
            if getattr(run, "send_only", False):
                return "done"
            timeout = (self.timeout or UDP_TIMEOUT) * 1000
            while True:
                try:
                    reply = self.udp_receive(fd, timeout)
                except (OSError, Failed) as err:
                    return self.receive_failed(run, server, where, failure_text(err))
                got = self.check_reply(run, reply, where)
                if got == "keep-reading":
                    continue
                outcome = self.handle_reply(run, server, reply, sent_at, self.now(), "UDP")
                if outcome != "keep-reading":
                    return outcome
        finally:
            calls.close(fd)

    def udp_receive(self, fd, timeout_ms):
        ready = self.calls.poll([(fd, POLLIN)], timeout_ms)
        if not ready[0]:
            raise Failed("timed out")
        return self.calls.read(fd, 65535)

    def bind_source(self, fd, family):
        if self.a.source is not None:
            addr, port = self.a.source
            self.calls.bind(fd, _sockaddr(family, addr, port))

    def setup_failed(self, run, proto, where, server, text):
        """udp_ready()/tcp_connected() with an error."""
        self.warning("%s %s(%s) for %s failed: %s." % (
            "UDP setup with" if proto == "UDP" else "Connection to", where, server.address,
            run.l.textname, text))
        if run.l.ns_search_only and not run.trace_root:
            return "next"
        self.exitcode = max(self.exitcode, 9)
        if run.l.retries > 1:
            # the lookup starts again from scratch -- and dig still says
            # "no servers could be reached" now, before the new attempt
            run.l.retries -= 1
            self.requeue(run)
        elif run.position + 1 < len(run.servers):
            return "next"
        self.error("no servers could be reached")
        return "done"

    def receive_failed(self, run, server, where, text):
        """recv_done() with an error: retry, next server, or give up."""
        l = run.l
        self.warning("communications error to %s: %s" % (where, text))
        if l.ns_search_only and not run.trace_root:
            return "next"
        if l.retries > 1 and not l.tcp_mode:
            l.retries -= 1
            return "retry"
        if l.retries > 1 and l.tcp_mode:
            l.retries -= 1
            self.requeue(run)
            return "done"
        if run.position + 1 < len(run.servers):
            return "next"
        self.say(run.l.cmdline)
        self.error("no servers could be reached")
        self.exitcode = max(self.exitcode, 9)
        return "done"

    def print_query(self, run, server, sent_at, proto):
        """+qr: the query as sent, then its size."""
        l = run.l
        if not l.qr:
            return
        self.print_cmdline(run)
        shown = self.render(run, unpadded=True) if l.padding else run.sendwire
        msg = self.parse(run, shown, query=True)
        msg.dig_wire = shown
        msg.dig_received = self.received_info(server, run.sendwire, sent_at, sent_at, proto)
        msg.dig_received.when = None
        self.say(self._printer().message_text(msg, l, self.a, headers=True, query=True))
        if l.stats and not self.a.yaml:
            self.say(";; QUERY SIZE: %d\n\n" % len(run.sendwire))

    # ---- DNS over TLS and HTTPS ------------------------------------------
    def query_tls(self, run, server, family, address, where):
        """+tls: the message over TLS (RFC 7858), no certificate check unless
        +tls-ca.  The whole exchange is one recorded lookup on the kernel
        seam (a TLS session's bytes differ on every run, so they cannot be
        replayed call by call): what goes in is the query, what comes back
        the reply messages or the error."""
        return self.query_secure(run, server, address, where, "TLS", _tls_exchange)

    def query_https(self, run, server, family, address, where):
        """+https / +http-plain: DNS over HTTP/2 (doh.py), recorded as +tls is."""
        l = run.l
        proto = ("HTTP" if l.http_plain else "HTTPS") + ("-GET" if l.https_get else "")
        return self.query_secure(run, server, address, where, proto, _https_exchange)

    def query_secure(self, run, server, address, where, proto, exchange):
        l = run.l
        timeout = self.timeout or TCP_TIMEOUT
        verify = [l.tls_ca_file or "", l.tls_hostname if l.tls_hostname_set else server.userarg] \
            if l.tls_ca_set else None
        options = {"verify": verify}
        if proto != "TLS":
            options.update(secure=not l.http_plain, get=l.https_get,
                           path=l.https_path or "/dns-query")
        sent_at = self.now()
        outcome = self.kernel.lookup(proto.lower(), exchange, address[0], address[1],
                                     run.sendwire.hex(), timeout, options)
        kind = outcome[0]
        if kind == "verify-failed":
            self.warning("TLS peer certificate verification for %s failed: %s" % (where, outcome[1]))
            return "done"
        if kind == "connect-error":
            return self.setup_failed(run, "TCP", where, server, outcome[1])
        self.exitcode = 0
        self.print_query(run, server, sent_at, proto)
        messages, read_error = outcome[1], outcome[2]
        xfr = XfrState() if run.doing_xfr else None
        for text in messages:
            reply = bytes.fromhex(text)
            got = self.check_reply(run, reply, where, tcp=True, xfr=xfr)
            if got == "cancel":
                return "done"
            if got == "keep-reading":
                continue
            result = self.handle_reply(run, server, reply, sent_at, self.now(), proto, xfr=xfr)
            if result not in ("more", "keep-reading"):
                return result
        return self.receive_failed(run, server, where, read_error or "timed out")

    # ---- TCP ------------------------------------------------------------
    def query_tcp(self, run, server, family, address, where):
        calls = self.calls
        timeout = (self.timeout or TCP_TIMEOUT) * 1000
        try:
            fd = calls.socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0)
        except OSError as err:
            return self.setup_failed(run, "TCP", where, server, failure_text(err))
        try:
            try:
                self.bind_source(fd, family)
                self.tcp_connect(fd, address, timeout)
            except (OSError, Failed) as err:
                return self.setup_failed(run, "TCP", where, server, failure_text(err))
            self.exitcode = 0
            sent_at = self.now()
            self.tcp_send(fd, run.sendwire, timeout)
            self.print_query(run, server, sent_at, "TCP")
            if getattr(run, "send_only", False):
                return "done"
            stream = TcpStream(self.calls, fd, timeout)
            return self.tcp_replies(run, server, stream, sent_at, where)
        except (OSError, Failed) as err:
            return self.receive_failed(run, server, where, failure_text(err))
        finally:
            calls.close(fd)

    def tcp_connect(self, fd, address, timeout_ms):
        code = self.calls.connect(fd, address)
        if code == 0:
            return
        if code != errno.EINPROGRESS:
            raise OSError(code, "")
        ready = self.calls.poll([(fd, POLLOUT)], timeout_ms)
        if not ready[0]:
            raise Failed("timed out")
        code = self.calls.getsockopt(fd, SOL_SOCKET, SO_ERROR)
        if code:
            raise OSError(code, "")

    def tcp_send(self, fd, data, timeout_ms):
        data = struct.pack("!H", len(data)) + data
        while data:
            ready = self.calls.poll([(fd, POLLOUT)], timeout_ms)
            if not ready[0]:
                raise Failed("timed out")
            sent = self.calls.write(fd, data)
            data = data[sent:]

    def tcp_replies(self, run, server, stream, sent_at, where):
        xfr = XfrState() if run.doing_xfr else None
        while True:
            reply = stream.message()
            got = self.check_reply(run, reply, where, tcp=True, xfr=xfr)
            if got == "cancel":
                return "done"
            if got == "keep-reading":
                continue
            outcome = self.handle_reply(run, server, reply, sent_at, self.now(), "TCP", xfr=xfr)
            if outcome not in ("more", "keep-reading"):
                return outcome

    # ---- a reply ----------------------------------------------------------
    def check_reply(self, run, reply, where, tcp=False, xfr=None):
        """The ID check of recv_done(): "keep-reading", "cancel" or "ok"."""
        header = wire.peek_header(reply)
        first_soa = xfr is not None and xfr.first_soa
        if header is None or header[0] != run.qid:
            if tcp:
                if header is not None:
                    if not first_soa or (xfr is not None and xfr.warn_id):
                        self.warning("%s: ID mismatch: expected ID %d, got %d" % (
                            "WARNING" if first_soa else "ERROR", run.qid, header[0]))
                    if xfr is not None:
                        xfr.warn_id = False
                    if not first_soa:
                        return "cancel"
                else:
                    self.warning("ERROR: short (< header size) message")
                    return "cancel"
            elif header is not None:
                self.warning("Warning: ID mismatch: expected ID %d, got %d" % (run.qid, header[0]))
            else:
                self.warning("Warning: short (< header size) message received")
            if header is not None and not header[1] & wire.QR:
                self.warning("Warning: query response not set")
            if not tcp:
                return "keep-reading"
            return "ok"
        if not header[1] & wire.QR:
            self.warning("Warning: query response not set")
        return "ok"

    def parse(self, run, data, query=False, xfr=None):
        """dns_message_parse(): a dnspython Message (one entry per RR, in
        wire order), or raises BadPacket.  Sets msg.dig_malformed when dig's
        best-effort parse would have warned."""
        from pynettools.tools.dig import parse

        return parse.parse_message(data, run.l, self, query=query, xfr=xfr, run=run)

    def handle_reply(self, run, server, reply, sent_at, received_at, proto, xfr=None):
        from pynettools.tools.dig import parse

        l = run.l
        try:
            msg = self.parse(run, reply, xfr=xfr)
        except parse.BadPacket as bad:
            if not self.a.yaml:
                self.say(";; Got bad packet: %s\n" % bad.text)
                self.say(parse.hex_dump(reply))
            return "done"
        if getattr(msg, "dig_malformed", False):
            self.warning("Warning: Message parser reports malformed message packet.")
        if msg.opcode() != l.opcode:
            self.warning("Warning: Opcode mismatch: expected %s, got %s" % (
                parse.opcode_text(l.opcode), parse.opcode_text(msg.opcode())))
            return "keep-reading"
        mismatches = parse.question_mismatches(msg, run)
        if mismatches:
            for text in mismatches:
                self.warning(";; Question section mismatch: got %s" % text)
            return "done" if l.tcp_mode else "keep-reading"
        rcode = msg.rcode()
        if rcode == RCODE_BADVERS and msg.opt is not None and l.ednsneg:
            version = msg.edns
            if version < l.edns:
                self.comment(run, "BADVERS, retrying with EDNS version %d." % version)
                new = self.requeue(run)
                new.l.edns = version
                self._restore_type(run, new)
                return "done"
        if msg.flags & wire.TC and not l.ignore and not l.tcp_mode:
            if l.cookie is None and l.sendcookie and msg.opt is not None:
                self.process_opt(run, msg)
            self.comment(run, "Truncated, retrying in TCP mode.")
            new = self.requeue(run)
            new.l.tcp_mode = True
            self._restore_type(run, new)
            return "done"
        done_opt = False
        if rcode == RCODE_BADCOOKIE and not l.tcp_mode and l.sendcookie and l.badcookie:
            self.process_opt(run, msg)
            if getattr(msg, "dig_cookie_state", None) == "good":
                if l.showbadcookie:
                    info = self.received_info(server, reply, sent_at, received_at, proto)
                    msg.dig_received = info
                    self.print_message(run, msg, reply)
                    self.received(run, info)
                self.comment(run, "BADCOOKIE, retrying%s." % (" in TCP mode" if run.seenbadcookie else ""))
                new = self.requeue(run)
                if run.seenbadcookie:
                    new.l.tcp_mode = True
                new.seenbadcookie = True
                self._restore_type(run, new)
                return "done"
            done_opt = True
        if rcode == RCODE_SERVFAIL and not l.servfail_stops:
            last = run.position + 1 >= len(run.servers)
            if not last:
                self.comment(run, "Got SERVFAIL reply from %s, trying next server" % server.address)
                return "next"
            self.comment(run, "Got SERVFAIL reply from %s" % server.address)
        if self.tsig is not None:
            self.tsig.verify(self, run, msg)
        msg.dig_extra_bytes = parse.extra_bytes(reply)
        if not done_opt:
            if l.cookie is not None:
                if msg.opt is None:
                    self.warning("expected opt record in response")
                else:
                    self.process_opt(run, msg)
            elif l.sendcookie and msg.opt is not None:
                self.process_opt(run, msg)
        if xfr is not None:
            return self.xfr_reply(run, server, msg, reply, sent_at, proto, xfr)
        return self.answer(run, server, msg, reply, sent_at, received_at, proto)

    def _restore_type(self, run, new):
        if run.l.trace and run.trace_root:
            new.l.rdtype = run.qrdtype

    def answer(self, run, server, msg, reply, sent_at, received_at, proto):
        l = run.l
        info = self.received_info(server, reply, sent_at, received_at, proto)
        msg.dig_received = info
        if msg.rcode() == RCODE_NXDOMAIN and (run.origin is not None or run.need_search):
            if not self.next_origin(run) or self.a.showsearch:
                self.print_message(run, msg, reply)
                self.received(run, info)
            return "done"
        if l.trace:
            self.trace_step(run, msg, reply)
        elif l.ns_search_only:
            if run.trace_root:
                l.rdtype = wire.TYPE_SOA
                self.followup(run, msg, "answer")
                run.trace_root = False
                self.usesearch = False
            else:
                run.nssearch_success = True
                self.print_message(run, msg, reply)
        else:
            self.print_message(run, msg, reply)
        if msg.rcode() == RCODE_NOERROR or run.origin is None:
            self.received(run, info)
        return "done"

    # ---- +trace and +nssearch ---------------------------------------------
    def trace_step(self, run, msg, reply):
        """recv_done()'s TRACE code: print this step, then follow the
        referral (the root's NS first, then each AUTHORITY's NS)."""
        l = run.l
        if not l.ns_search_only:
            self.print_message(run, msg, reply)
        l.rdtype = run.qrdtype
        answers = len(msg.answer)
        if run.trace_root:
            self.followup(run, msg, "answer")
            run.trace_root = False
        elif answers == 0:
            self.followup(run, msg, "authority")

    def followup(self, run, msg, section):
        """followup_lookup(): a new lookup to the servers of the NS records
        in `section` (their addresses from the system's resolver, tried in a
        random order).  Returns how many addresses it found."""
        import dns.rdatatype

        rrsets = msg.answer if section == "answer" else msg.authority
        new = None
        count = 0
        bad_name, bad_why = None, None
        horizontal = bad = False
        for rrset in rrsets:
            if section == "authority" and any(r.name == rrset.name and r.rdtype == dns.rdatatype.SOA
                                              for r in rrsets):
                return 0
            if rrset.rdtype != dns.rdatatype.NS:
                continue
            if run.l.trace and not run.trace_root and run.fdomain is not None:
                if rrset.name == run.fdomain:
                    if not horizontal:
                        self.warning("BAD (HORIZONTAL) REFERRAL")
                    horizontal = True
                elif not rrset.name.is_subdomain(run.fdomain):
                    if not bad:
                        self.warning("BAD REFERRAL")
                    bad = True
                    continue
            for rdata in rrset:
                if run.trace_root and run.nsfound >= MXSERV:
                    break
                run.nsfound += 1
                target = rdata.target.to_text(omit_final_dot=True) or "."
                if new is None:
                    new = self.new_followup(run, rrset.name, section)
                addrs, why = self.addresses(target)
                if why is not None:
                    self.say("couldn't get address for '%s': %s\n" % (target, why))
                    if bad_name is None:
                        bad_name, bad_why = target, why
                for addr in addrs:
                    new.servers.append(Server(addr, target))
                count += len(addrs)
        if count == 0 and bad_name is not None:
            raise Fatal("couldn't get address for '%s': %s" % (bad_name, bad_why))
        if new is None and section == "answer" and (run.l.trace or run.l.ns_search_only):
            return self.followup(run, msg, "authority")
        if new is not None and len(new.servers) > 1:
            new.servers = self.shuffled(new.servers)
        return count

    def new_followup(self, run, domain, section):
        self.lookup_counter += 1
        new = self.requeue(run)
        new.servers = []
        new.doing_xfr = False
        if not run.trace_root and section == "answer":
            new.l.trace = False
        new.trace_root = False
        if new.l.ns_search_only:
            new.l.recurse = False
        new.fdomain = domain
        new.nsfound = 0
        return new

    def shuffled(self, servers):
        """followup_lookup()'s random order: isc_random_uniform(i) picks
        which of the i left comes next."""
        left = list(servers)
        out = []
        while left:
            pick = struct.unpack("!I", self.random_bytes(4))[0] % len(left)
            out.append(left.pop(pick))
        return out

    def addresses(self, host):
        """getaddresses(): ([address], None), or ([], why)."""
        from pynettools.tools.dig import args

        addrs, why = args.literal_addresses(host)
        if addrs is not None:
            return addrs, why
        try:
            found = self.kernel.lookup("getaddrinfo", _getaddrinfo, host, self.family())
        except OSError as err:
            return [], err.strerror or "failure"
        return found, None

    def family(self):
        return AF_INET if self.a.ipv4only else AF_INET6 if self.a.ipv6only else 0

    def next_origin(self, run):
        l = run.l
        if not self.usesearch:
            return False
        try:
            labels, absolute = wire._labels(l.textname)
        except wire.BadName:
            labels, absolute = None, False
        if labels is not None and (absolute or len(labels) + (1 if absolute else 0) > self.ndots):
            return False
        if run.origin is None and not run.need_search:
            return False
        if run.origin is None and run.need_search:
            new = self.requeue(run)
            new.origin, new.need_search = 0, False
            return True
        following = run.origin + 1
        if following >= len(self.search) and run.done_as_is:
            return False
        new = self.requeue(run)
        new.origin = following if following < len(self.search) else None
        return True

    def print_message(self, run, msg, reply, headers=True):
        msg.dig_wire = reply
        self.print_cmdline(run)
        self.say(self._printer().message_text(msg, run.l, self.a, headers=headers))

    def received_info(self, server, reply, sent_at, received_at, proto, xfr=None):
        local_address, local_port = self.local_address(server)
        return self._printer().Received(
            size=len(reply), address=server.address, port=self.port_for(self.current.l),
            servername=server.userarg, protocol=proto,
            elapsed_us=int(round((received_at - sent_at) * 1e6)), when=received_at,
            xfr=xfr, tsig_unverified=self.tsig is not None and not self.tsig.validated,
            tsig_unused=self.tsig_unused, sent=sent_at, local_address=local_address,
            local_port=local_port)

    def local_address(self, server):
        """dig's localaddr: the -b address and port, else the wildcard of
        the server's family (what +yaml prints as query_address: dig shows
        the address it bound, not the one the kernel chose)."""
        if self.a.source is not None:
            return self.a.source
        return ("::" if ":" in server.address else "0.0.0.0"), 0

    def received(self, run, info):
        self.say(self._printer().stats_text(run.l, self.a, info))

    # ---- EDNS COOKIE ----------------------------------------------------
    def process_opt(self, run, msg):
        from pynettools.tools.dig import parse

        for code, value in parse.opt_options(msg):
            if code == wire.OPT_COOKIE:
                self.process_cookie(run, msg, value)
                return

    def process_cookie(self, run, msg, value):
        sent = bytes.fromhex(run.l.cookie) if run.l.cookie is not None else self.client_cookie()
        if len(sent) >= 8 and len(value) >= 8:
            if value[:8] == sent[:8]:
                msg.dig_cookie_state = "good"
                run.server_cookie = value.hex()
                return
            self.warning("Warning: Client COOKIE mismatch")
        else:
            self.warning("Warning: COOKIE bad token (too short)")
        msg.dig_cookie_state = "bad"

    # ---- zone transfers ---------------------------------------------------
    def xfr_reply(self, run, server, msg, reply, sent_at, proto, xfr):
        """check_for_more_data(): print this message, then read on until the
        transfer's closing SOA."""
        xfr.messages += 1
        xfr.bytes += len(reply)
        msg.dig_msg_count = xfr.messages - 1
        # every message of a transfer is printed with its headers (dig 9.18
        # calls printmessage(..., true) each time); +onesoa looks at the count
        msg.dig_received = self.received_info(server, reply, sent_at, self.now(), proto)
        self.print_message(run, msg, reply)
        answers = [rrset for rrset in msg.answer]
        if not answers:
            self.say("; Transfer failed.\n")
            return "done"
        ixfr = run.l.rdtype == wire.TYPE_IXFR
        axfr = xfr.ixfr_axfr if ixfr else True
        for rrset in answers:
            for rdata in rrset:
                xfr.records += 1
                is_soa = rdata.rdtype == wire.TYPE_SOA
                if not xfr.first_soa and not is_soa:
                    self.say("; Transfer failed.  Didn't start with SOA answer.\n")
                    return "done"
                if not xfr.second_rr and not is_soa:
                    xfr.second_rr, xfr.second_serial = True, 0
                    axfr = xfr.ixfr_axfr = True
                    continue
                if not is_soa:
                    continue
                serial = rdata.serial
                if not xfr.first_soa:
                    xfr.first_soa, xfr.first_serial = True, serial
                    if ixfr and _serial_ge(run.l.ixfr_serial or 0, serial):
                        return self._xfr_done(run, server, reply, sent_at, proto, xfr)
                    continue
                if axfr:
                    return self._xfr_done(run, server, reply, sent_at, proto, xfr)
                if not xfr.second_rr:
                    if xfr.first_serial == serial:
                        return self._xfr_done(run, server, reply, sent_at, proto, xfr)
                    xfr.second_rr, xfr.second_serial = True, serial
                    continue
                if xfr.first_serial == serial:
                    if not xfr.first_repeat:
                        xfr.first_repeat = True
                        continue
                    return self._xfr_done(run, server, reply, sent_at, proto, xfr)
        return "more"

    def _xfr_done(self, run, server, reply, sent_at, proto, xfr):
        info = self.received_info(server, reply, sent_at, self.now(), proto,
                                  xfr=(xfr.records, xfr.messages, xfr.bytes))
        self.received(run, info)
        return "done"


class Exit(Exception):
    """Stop dig now with this exit status (digexit())."""

    def __init__(self, code):
        Exception.__init__(self, code)
        self.code = code


class XfrState:
    def __init__(self):
        self.first_soa = self.second_rr = self.first_repeat = self.ixfr_axfr = False
        self.first_serial = self.second_serial = 0
        self.records = self.messages = self.bytes = 0
        self.warn_id = True


class TcpStream:
    """DNS over TCP: each message after its two-byte length."""

    def __init__(self, calls, fd, timeout_ms):
        self.calls = calls
        self.fd = fd
        self.timeout = timeout_ms
        self.buffer = b""

    def message(self):
        length = struct.unpack("!H", self._exactly(2))[0]
        return self._exactly(length)

    def _exactly(self, n):
        while len(self.buffer) < n:
            ready = self.calls.poll([(self.fd, POLLIN)], self.timeout)
            if not ready[0]:
                raise Failed("timed out")
            data = self.calls.read(self.fd, 65535)
            if not data:
                raise Failed("end of file")
            self.buffer += data
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out


def is_tls(l):
    """dig_lookup_is_tls()."""
    return l.tls_mode or (l.tls_ca_set and not l.https_mode)


def _secure_connect(host, port, timeout, verify, alpn, secure=True):
    """A connected socket (TLS unless secure is False), or the outcome list
    of a failure: ["connect-error", text] / ["verify-failed", text]."""
    import socket
    import ssl

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect((host, port))
    except socket.timeout:
        sock.close()
        return ["connect-error", "timed out"]
    except OSError as err:
        sock.close()
        return ["connect-error", RESULT_TEXT.get(err.errno, "failure")]
    if not secure:
        return sock
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.set_alpn_protocols([alpn])
    context.check_hostname = False          # dig checks the name itself, SAN only
    if verify is None:
        context.verify_mode = ssl.CERT_NONE
    elif verify[0]:
        context.load_verify_locations(verify[0])
    else:
        context.load_default_certs()
    try:
        return context.wrap_socket(sock)
    except ssl.SSLCertVerificationError as err:
        sock.close()
        return ["verify-failed", err.verify_message]
    except (OSError, ssl.SSLError) as err:
        sock.close()
        return ["connect-error", RESULT_TEXT.get(getattr(err, "errno", None), "TLS error")]


def _tls_exchange(host, port, query_hex, timeout, options):
    """One DNS-over-TLS exchange, live: ["ok", [reply hex], read error or
    None], ["connect-error", text] or ["verify-failed", text]."""
    import socket

    sock = _secure_connect(host, port, timeout, options["verify"], "dot")
    if isinstance(sock, list):
        return sock
    query = bytes.fromhex(query_hex)
    messages, error = [], None
    try:
        sock.sendall(struct.pack("!H", len(query)) + query)
        messages.append(_read_framed(sock).hex())
    except socket.timeout:
        error = "timed out"
    except (OSError, EOFError) as err:
        error = RESULT_TEXT.get(getattr(err, "errno", None), "end of file")
    finally:
        sock.close()
    return ["ok", messages, error]


def _https_exchange(host, port, query_hex, timeout, options):
    """One DNS-over-HTTP/2 exchange (doh.py), live; the same outcomes."""
    import socket

    from pynettools.tools.dig import doh

    sock = _secure_connect(host, port, timeout, options["verify"], "h2", options["secure"])
    if isinstance(sock, list):
        return sock
    query = bytes.fromhex(query_hex)
    authority = ("[%s]" % host if ":" in host else host) + ":%d" % port
    messages, error = [], None
    try:
        sock.sendall(doh.request_frames(query, authority, options["path"], options["get"],
                                        options["secure"]))
        status, body = doh.read_response(lambda n: _exactly(sock, n), sock.sendall)
        if status == 200 and body:
            messages.append(body.hex())
        else:
            error = "failure"    # an HTTP error status: nghttp2's callback fails the read
    except socket.timeout:
        error = "timed out"
    except doh.HttpError as err:
        error = str(err)
    except (OSError, EOFError) as err:
        error = RESULT_TEXT.get(getattr(err, "errno", None), "end of file")
    finally:
        sock.close()
    return ["ok", messages, error]


def _exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _read_framed(sock):
    return _exactly(sock, struct.unpack("!H", _exactly(sock, 2))[0])


def _getaddrinfo(host, family=0):
    """bind9_getaddresses() for a name: the addresses getaddrinfo gives
    (AI_ADDRCONFIG), at most 20.  OSError(0, "not found" / "failure")."""
    import socket

    try:
        infos = socket.getaddrinfo(host, None, family, socket.SOCK_STREAM, 0, socket.AI_ADDRCONFIG)
    except socket.gaierror as err:
        nodata = getattr(socket, "EAI_NODATA", socket.EAI_NONAME)
        raise OSError(0, "not found" if err.errno in (socket.EAI_NONAME, nodata) else "failure")
    out = [address[0] for fam, _, _, _, address in infos if fam in (socket.AF_INET, socket.AF_INET6)]
    if not out:
        raise OSError(0, "not found")
    return out[:20]


def _serial_ge(a, b):
    """isc_serial_ge(): RFC 1982 serial number arithmetic."""
    return a == b or ((a - b) & 0xFFFFFFFF) < 0x80000000


def _sockaddr(family, address, port):
    if family == AF_INET6:
        host, _, zone = address.partition("%")
        scope = 0
        if zone:
            scope = int(zone) if zone.isdigit() else _if_index(zone)
        return (host, port, 0, scope)
    return (address, port)


def _if_index(name):
    import _socket

    try:
        return _socket.if_nametoindex(name)
    except OSError:
        return 0


def _sockaddr_text(address, port):
    """isc_sockaddr_format(): "198.51.100.2#53", "2001:db8::2#53"."""
    return "%s#%d" % (address, port)
