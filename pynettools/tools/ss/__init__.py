"""ss: socket statistics, byte for byte as iproute2 6.1's ss prints them.

The order of work follows ss's main():
  1. options (options.py), which may switch network namespace (-N,
     kernel/netns.py), open a filter file (-F), print help or version and stop;
  2. with -p/-T, the socket -> process inventory (kernel/procs.py);
  3. with -s, the summary from /proc/net/sockstat{,6} and /proc/net/snmp
     (summary.py);
  4. the STATE-FILTER and EXPRESSION operands (filter.py, another module);
  5. which socket tables, families and states to show (ss's struct filter:
     `dbs`, `families`, `states`), the header, then one dump per table in
     ss's order: netlink, packet, unix, raw, udp, tcp, dccp, sctp, vsock,
     tipc, xdp, mptcp -- the inet ones in inet.py (over kernel/sockdiag.py),
     their /proc/net fallbacks in procnet.py, the others in families.py;
     or, with -E, destroyed sockets as they come (events.py);
  6. the rows go through output.Renderer, which lays them out as ss does.
"""
# Nothing is imported here at start: `ss -s` and `ss -V` need none of the
# row code (output.py, kernel/sockdiag.py), and it is loaded by start_output()
# and the table readers only when rows are made.

IPPROTO_TCP, IPPROTO_UDP, IPPROTO_DCCP, IPPROTO_SCTP, IPPROTO_RAW, IPPROTO_MPTCP = \
    6, 17, 33, 132, 255, 262

# ss's socket tables ("dbs") and masks (misc/ss.c).
TCP_DB, MPTCP_DB, DCCP_DB, UDP_DB, RAW_DB, UNIX_DG_DB, UNIX_ST_DB, UNIX_SQ_DB, PACKET_DG_DB, \
    PACKET_R_DB, NETLINK_DB, SCTP_DB, VSOCK_ST_DB, VSOCK_DG_DB, TIPC_DB, XDP_DB = range(16)
MAX_DB = 16
PACKET_DBM = (1 << PACKET_DG_DB) | (1 << PACKET_R_DB)
UNIX_DBM = (1 << UNIX_DG_DB) | (1 << UNIX_ST_DB) | (1 << UNIX_SQ_DB)
VSOCK_DBM = (1 << VSOCK_ST_DB) | (1 << VSOCK_DG_DB)
INET_L4_DBM = (1 << TCP_DB) | (1 << MPTCP_DB) | (1 << UDP_DB) | (1 << DCCP_DB) | (1 << SCTP_DB)

SS_ESTABLISHED, SS_SYN_SENT, SS_SYN_RECV, SS_FIN_WAIT1, SS_FIN_WAIT2, SS_TIME_WAIT, SS_CLOSE, \
    SS_CLOSE_WAIT, SS_LAST_ACK, SS_LISTEN, SS_CLOSING = range(1, 12)
SS_MAX = 12
SS_ALL = (1 << SS_MAX) - 1
SS_CONN = SS_ALL & ~((1 << SS_LISTEN) | (1 << SS_CLOSE) | (1 << SS_TIME_WAIT) | (1 << SS_SYN_RECV))
TIPC_SS_CONN = (1 << SS_ESTABLISHED) | (1 << SS_LISTEN) | (1 << SS_CLOSE)

AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET = 1, 2, 10, 16, 17
AF_TIPC, AF_VSOCK, AF_XDP = 30, 40, 44
AF_MAX = 46


def _fam(af):
    return 1 << af


INET_FAMILIES = _fam(AF_INET) | _fam(AF_INET6)

# default_dbs[]: the states and families each table brings along.
DEFAULT_DBS = {
    TCP_DB: (SS_CONN, INET_FAMILIES),
    MPTCP_DB: (SS_CONN, INET_FAMILIES),
    DCCP_DB: (SS_CONN, INET_FAMILIES),
    UDP_DB: (1 << SS_ESTABLISHED, INET_FAMILIES),
    RAW_DB: (1 << SS_ESTABLISHED, INET_FAMILIES),
    UNIX_DG_DB: (1 << SS_CLOSE, _fam(AF_UNIX)),
    UNIX_ST_DB: (SS_CONN, _fam(AF_UNIX)),
    UNIX_SQ_DB: (SS_CONN, _fam(AF_UNIX)),
    PACKET_DG_DB: (1 << SS_CLOSE, _fam(AF_PACKET)),
    PACKET_R_DB: (1 << SS_CLOSE, _fam(AF_PACKET)),
    NETLINK_DB: (1 << SS_CLOSE, _fam(AF_NETLINK)),
    SCTP_DB: (SS_CONN, INET_FAMILIES),
    VSOCK_ST_DB: (SS_CONN, _fam(AF_VSOCK)),
    VSOCK_DG_DB: (SS_CONN, _fam(AF_VSOCK)),
    TIPC_DB: (TIPC_SS_CONN, _fam(AF_TIPC)),
    XDP_DB: (1 << SS_CLOSE, _fam(AF_XDP)),
}
INET_DBM = INET_L4_DBM | (1 << RAW_DB)
# default_afs[]: the tables and states each family brings along.
DEFAULT_AFS = {
    AF_INET: (INET_DBM, SS_CONN),
    AF_INET6: (INET_DBM, SS_CONN),
    AF_UNIX: (UNIX_DBM, SS_CONN),
    AF_PACKET: (PACKET_DBM, 1 << SS_CLOSE),
    AF_NETLINK: (1 << NETLINK_DB, 1 << SS_CLOSE),
    AF_VSOCK: (VSOCK_DBM, SS_CONN),
    AF_TIPC: (1 << TIPC_DB, TIPC_SS_CONN),
    AF_XDP: (1 << XDP_DB, 1 << SS_CLOSE),
}

# -A names, in ss's table order (the order matters only for "all").
DB_NAMES = (
    ("all", (UDP_DB, DCCP_DB, TCP_DB, MPTCP_DB, RAW_DB, UNIX_ST_DB, UNIX_DG_DB, UNIX_SQ_DB,
             PACKET_R_DB, PACKET_DG_DB, NETLINK_DB, SCTP_DB, VSOCK_ST_DB, VSOCK_DG_DB, XDP_DB)),
    ("inet", (UDP_DB, DCCP_DB, TCP_DB, MPTCP_DB, SCTP_DB, RAW_DB)),
    ("udp", (UDP_DB,)),
    ("dccp", (DCCP_DB,)),
    ("tcp", (TCP_DB,)),
    ("mptcp", (MPTCP_DB,)),
    ("sctp", (SCTP_DB,)),
    ("raw", (RAW_DB,)),
    ("unix", (UNIX_ST_DB, UNIX_DG_DB, UNIX_SQ_DB)),
    ("unix_stream", (UNIX_ST_DB,)),
    ("u_str", (UNIX_ST_DB,)),
    ("unix_dgram", (UNIX_DG_DB,)),
    ("u_dgr", (UNIX_DG_DB,)),
    ("unix_seqpacket", (UNIX_SQ_DB,)),
    ("u_seq", (UNIX_SQ_DB,)),
    ("packet", (PACKET_R_DB, PACKET_DG_DB)),
    ("packet_raw", (PACKET_R_DB,)),
    ("p_raw", (PACKET_R_DB,)),
    ("packet_dgram", (PACKET_DG_DB,)),
    ("p_dgr", (PACKET_DG_DB,)),
    ("netlink", (NETLINK_DB,)),
    ("tipc", (TIPC_DB,)),
    ("vsock", (VSOCK_ST_DB, VSOCK_DG_DB)),
    ("vsock_stream", (VSOCK_ST_DB,)),
    ("v_str", (VSOCK_ST_DB,)),
    ("vsock_dgram", (VSOCK_DG_DB,)),
    ("v_dgr", (VSOCK_DG_DB,)),
    ("xdp", (XDP_DB,)),
)

FAMILY_NAMES = {"inet": AF_INET, "inet6": AF_INET6, "link": AF_PACKET, "unix": AF_UNIX,
                "netlink": AF_NETLINK, "tipc": AF_TIPC, "vsock": AF_VSOCK, "xdp": AF_XDP}

def __getattr__(name):
    """SPEC (for pynettools.docgen) lives in spec.py, loaded only when asked for."""
    if name == "SPEC":
        from pynettools.tools.ss.spec import SPEC

        return SPEC
    raise AttributeError(name)


class Exit(Exception):
    """Stop with this status (after whatever was printed)."""

    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


def main(argv, env):
    try:
        return SS(env).run(argv)
    except Exit as stop:
        return stop.status


class SS:
    """One run of ss: its options, its struct filter, and the output buffer."""

    def __init__(self, env):
        self.env = env
        self.kernel = env.kernel
        self.out = env.stdout
        self.err = env.stderr
        self.environ = env.environ
        # options
        self.numeric = False
        self.resolve_hosts = False
        self.show_options = False
        self.show_details = 0
        self.show_mem = False
        self.show_tcpinfo = False
        self.show_processes = 0
        self.show_threads = 0
        self.show_bpf = 0
        self.show_header = True
        self.follow_events = False
        self.show_tipcinfo = False
        self.show_tos = False
        self.show_cgroup = False
        self.show_inet_sockopt = False
        self.oneline = False
        self.kill = False
        self.do_summary = False
        self.dump_file = None
        self.filter_file = None
        # ss's struct filter
        self.preferred_family = 0
        self.dbs = 0
        self.states = 0
        self.families = 0
        self.do_default = True
        self.expr = None
        # output and caches
        self.renderer = None
        self.users = None
        self.dg_proto = None
        self.service_cache = {}
        self.rpc_services = []  # (port, proto, name or None), in ss's rlist order
        self.ephemeral = None
        self.host_cache = {}
        self.ifname_cache = {}
        self.protocols = None
        self.nl_protos = None
        self.sctp_ino = 0
        self.cgroups = None

    # ---- struct filter helpers (filter_db_set, filter_af_set, ...) ----------

    def db_set(self, db, enable=True):
        if enable:
            self.states |= DEFAULT_DBS[db][0]
            self.dbs |= 1 << db
        else:
            self.dbs &= ~(1 << db)
        self.do_default = False

    def db_parse(self, name):
        enable = True
        if name.startswith("!"):
            enable = False
            name = name[1:]
        for table_name, dbs in DB_NAMES:
            if table_name == name:
                for db in dbs:
                    self.db_set(db, enable)
                return True
        return False

    def af_set(self, af):
        self.states |= DEFAULT_AFS[af][1]
        self.families |= _fam(af)
        self.do_default = False
        self.preferred_family = af

    def merge_defaults(self):
        for db in range(MAX_DB):
            if self.dbs & (1 << db) and not DEFAULT_DBS[db][1] & self.families:
                self.families |= DEFAULT_DBS[db][1]
        for af in range(AF_MAX):
            if self.families & _fam(af) and af in DEFAULT_AFS:
                if not DEFAULT_AFS[af][0] & self.dbs:
                    self.dbs |= DEFAULT_AFS[af][0]

    # ---- main ---------------------------------------------------------------

    def run(self, argv):
        operands = self.parse_options(argv)
        if self.show_processes or self.show_threads:
            self.load_users()
        if self.do_summary:
            self.print_summary()
            if self.do_default and not operands:
                raise Exit(0)
        state_mask, expression = self.parse_states(operands)
        state_filter = self.state_filter
        if state_mask is not None:
            state_filter = state_mask
        if self.do_default:
            state_filter = state_filter or SS_CONN
            self.db_parse("all")
        if state_filter:
            self.states = state_filter
        self.merge_defaults()
        if not self.numeric and self.resolve_hosts and self.dbs & (UNIX_DBM | INET_L4_DBM):
            self.probe_rpcbind()
        if self.dbs == 0:
            return self.stop("ss: no socket tables to show with such filter.\n", 0)
        if self.families == 0:
            return self.stop("ss: no families to show with such filter.\n", 0)
        if self.states == 0:
            return self.stop("ss: no socket states to show with such filter.\n", 0)
        if self.dump_file is not None:
            return self.dump_tcpdiag()
        self.parse_expression(expression)
        self.start_output()
        if self.follow_events:
            from pynettools.tools.ss.events import follow

            return follow(self)
        self.show_all()
        self.renderer.render()
        return 0

    def probe_rpcbind(self):
        """init_service_resolver(): with -r, ss asks rpcbind for the RPC
        programs it knows (pynettools/kernel/rpcbind.py) and names their ports
        "rpc." + the program's name in /etc/rpc ("rpc.portmapper" for 111).
        Its client socket stays open, connected or not, so `ss -r -x -a` shows
        it (and, with rpcbind there, rpcbind's end of the connection too)."""
        from pynettools.kernel import rpcbind

        entries = self.kernel.lookup("rpcbind_probe", rpcbind.dump, rpcbind.RPCBIND_SOCKET)
        if entries:
            self.rpc_services = _rpc_services(entries, self.rpc_program_names())

    def rpc_program_names(self):
        """getrpcbynumber(): /etc/rpc lines are "NAME NUMBER ALIAS...";
        the first line with a number wins."""
        names = {}
        try:
            text = self.kernel.read_text("/etc/rpc", "programs")
        except OSError:
            return names
        for line in text.split("\n"):
            fields = line.split("#", 1)[0].split()
            if len(fields) >= 2 and fields[1].isdigit():
                names.setdefault(int(fields[1]), fields[0])
        return names

    def stop(self, message, status):
        self.err.write(message)
        return status

    def parse_options(self, argv):
        from pynettools.getopt import Getopt
        from pynettools.tools.ss import options

        self.state_filter = 0
        saw_query = False
        parser = Getopt(argv, options.SHORT_OPTIONS, options.LONG_OPTIONS, self.err,
                        self.environ)
        for code, value in parser:
            if code == "?":
                self.usage()
            saw_query = self.apply_option(code, value, saw_query, options)
        return parser.operands

    def apply_option(self, code, value, saw_query, options):
        simple = {
            "n": ("numeric", True), "r": ("resolve_hosts", True), "o": ("show_options", True),
            "m": ("show_mem", True), "i": ("show_tcpinfo", True), "E": ("follow_events", True),
            "s": ("do_summary", True), options.OPT_TIPCINFO: ("show_tipcinfo", True),
            options.OPT_TOS: ("show_tos", True), options.OPT_CGROUP: ("show_cgroup", True),
            "K": ("kill", True), "H": ("show_header", False), "O": ("oneline", True),
            options.OPT_INET_SOCKOPT: ("show_inet_sockopt", True),
        }
        if code in simple:
            name, setting = simple[code]
            setattr(self, name, setting)
        elif code == "e":
            self.show_options = True
            self.show_details += 1
        elif code == "p":
            self.show_processes += 1
        elif code == "T":
            self.show_threads += 1
        elif code == "b":
            self.show_options = True
            self.show_bpf += 1
        elif code in "dtSuwM" and len(code) == 1:
            self.db_set({"d": DCCP_DB, "t": TCP_DB, "S": SCTP_DB, "u": UDP_DB, "w": RAW_DB,
                         "M": MPTCP_DB}[code])
        elif code in ("x", options.OPT_VSOCK, options.OPT_TIPCSOCK, "4", "6", "0",
                      options.OPT_XDPSOCK):
            self.af_set({"x": AF_UNIX, options.OPT_VSOCK: AF_VSOCK,
                         options.OPT_TIPCSOCK: AF_TIPC, "4": AF_INET, "6": AF_INET6,
                         "0": AF_PACKET, options.OPT_XDPSOCK: AF_XDP}[code])
        elif code == "a":
            self.state_filter = SS_ALL
        elif code == "l":
            self.state_filter = (1 << SS_LISTEN) | (1 << SS_CLOSE)
        elif code == "f":
            self.option_family(value)
        elif code == "A":
            if not saw_query:
                self.dbs = 0
                self.state_filter = self.state_filter or SS_CONN
                saw_query = True
                self.do_default = False
            for name in value.split(","):
                if not self.db_parse(name):
                    self.err.write('ss: "%s" is illegal socket table id\n' % name)
                    self.usage()
        elif code == "D":
            self.dump_file = value
        elif code == "F":
            self.option_filter_file(value)
        elif code in ("v", "V"):
            self.out.write(options.VERSION)
            raise Exit(0)
        elif code in ("z", "Z"):
            # ss is built with SELinux support but it is not enabled here.
            self.err.write("ss: SELinux is not enabled.\n")
            raise Exit(1)
        elif code == "N":
            self.switch_netns(value)
        elif code == "h":
            self.out.write(options.USAGE)
            raise Exit(0)
        return saw_query

    def option_family(self, value):
        if value == "help":
            from pynettools.tools.ss import options

            self.out.write(options.USAGE)
            raise Exit(0)
        af = FAMILY_NAMES.get(value)
        if af is None:
            self.err.write('ss: "%s" is invalid family\n' % value)
            self.usage()
        self.af_set(af)

    def option_filter_file(self, path):
        """-F FILE: ss opens it while reading its options ("-..." is stdin)."""
        from pynettools.tools.ss import filter as ssfilter

        if self.filter_file is not None:
            self.err.write(ssfilter.MORE_THAN_ONE_FILTER_FILE)
            raise Exit(255)
        try:
            self.filter_file = ssfilter.open_filter_file(path, self.env)
        except ssfilter.FilterError as err:
            self.filter_failed(err)

    def switch_netns(self, name):
        from pynettools.kernel.netns import switch

        message = switch(self.kernel, name)
        if message:
            self.err.write(message)
            raise Exit(1)

    def usage(self):
        from pynettools.tools.ss import options

        self.err.write(options.USAGE)
        raise Exit(255)

    # ---- filter (filter.py) ---------------------------------------------------

    def parse_states(self, operands):
        """The leading `state X` / `exclude X` words: (mask or None, the rest)."""
        if not operands:
            return None, []
        from pynettools.tools.ss import filter as ssfilter

        try:
            return ssfilter.parse_states(operands)
        except ssfilter.FilterError as err:
            self.filter_failed(err)

    def parse_expression(self, words):
        """ss's ssfilter_parse(), after it has settled tables, families and states.

        An address with a family (`src unix:/x`, or any address under -4/-6/-x)
        replaces the families shown by that one and makes it the preferred
        family, as parse_hostcond() does.
        """
        if not words and self.filter_file is None:
            return
        from pynettools.tools.ss import filter as ssfilter

        tables = [name for name, dbs in DB_NAMES[2:] if len(dbs) == 1 and self.dbs & (1 << dbs[0])]
        try:
            self.expr = ssfilter.parse_expression(words, self.env, self.preferred_family, tables,
                                                  self.filter_file, self.rpc_services)
        except ssfilter.FilterError as err:
            self.filter_failed(err)
        if self.expr is None:
            return
        family = self.expr.families
        if family:
            states = self.states
            self.families = 0
            self.af_set(family)
            if states:
                self.states = states
        if self.expr.preferred_family:
            self.preferred_family = self.expr.preferred_family

    def filter_failed(self, err):
        self.err.write(err.message)
        if err.usage:
            self.usage()
        raise Exit(err.status)

    # ---- output -------------------------------------------------------------

    def start_output(self):
        from pynettools.tools.ss import output

        self.state_names = output.STATE_NAMES
        enabled = [True] * 10
        if not self.dbs & (self.dbs - 1):
            enabled[output.COL_NETID] = False
        if not self.states & (self.states - 1):
            enabled[output.COL_STATE] = False
        screen = self.env.columns if self.env.stdout_isatty else None
        if screen is not None and screen <= 0:
            screen = None
        self.renderer = output.Renderer(self.out, enabled, screen)
        self.noted = [0] * 10
        self.netid_on = enabled[output.COL_NETID]
        self.state_on = enabled[output.COL_STATE]
        if self.show_header:
            self.renderer.add_header()

    def note(self, column, length):
        """A token of `length` bytes for `column` in the next tuple row: tell the
        renderer when no longer one was noted before (see Renderer.note)."""
        if length > self.noted[column]:
            self.noted[column] = length
            self.renderer.note(column, length)

    def line_head(self, netid, state, rq, wq):
        """Netid, State, Recv-Q and Send-Q tokens (sock_state_print) with separators."""
        head = ""
        if self.netid_on:
            head = netid + "\0"  # output.SEP
        if self.state_on:
            head += self.state_names[state] + "\0"
        # ss keeps the queues in ints: a u32 above 2^31 prints negative
        if rq >= 0x80000000:
            rq -= 1 << 32
        if wq >= 0x80000000:
            wq -= 1 << 32
        return "%s%-6d\0%-6d\0" % (head, rq, wq)

    def show_all(self):
        dbs = self.dbs
        if dbs & (1 << NETLINK_DB):
            self.netlink_show()
        if dbs & PACKET_DBM:
            self.packet_show()
        if dbs & UNIX_DBM:
            self.unix_show()
        if dbs & (1 << RAW_DB):
            self.raw_show()
        if dbs & (1 << UDP_DB):
            self.udp_show()
        if dbs & (1 << TCP_DB):
            self.tcp_show()
        if dbs & (1 << DCCP_DB):
            self.dccp_show()
        if dbs & (1 << SCTP_DB):
            self.sctp_show()
        if dbs & VSOCK_DBM:
            self.vsock_show()
        if dbs & (1 << TIPC_DB):
            self.tipc_show()
        if dbs & (1 << XDP_DB):
            self.xdp_show()
        if dbs & (1 << MPTCP_DB):
            self.mptcp_show()

    def use_proc(self, variable):
        environ = self.environ
        return bool(environ.get(variable) or environ.get("PROC_ROOT"))

    def inet_wanted(self):
        return self.families & INET_FAMILIES

    # ---- the inet tables ----------------------------------------------------

    def tcp_show(self):
        if not self.inet_wanted():
            return
        self.dg_proto = "tcp"
        if self.environ.get("TCPDIAG_FILE"):
            from pynettools.tools.ss import inet

            inet.show_tcpdiag_file(self)
            return
        if not self.use_proc("PROC_NET_TCP") and self.inet_netlink(IPPROTO_TCP) == 0:
            return
        from pynettools.tools.ss import procnet

        procnet.tcp_show(self)

    def udp_show(self):
        self.dgram_show("udp", IPPROTO_UDP)

    def raw_show(self):
        self.dgram_show("raw", IPPROTO_RAW)

    def dgram_show(self, name, protocol):
        """udp_show()/raw_show(): sock_diag, else /proc/net/NAME and NAME6."""
        if not self.inet_wanted():
            return
        self.dg_proto = name
        variable = "PROC_NET_" + name.upper()
        if not self.use_proc(variable) and self.inet_netlink(protocol) == 0:
            return
        from pynettools.tools.ss import procnet

        procnet.dgram_show(self, name, variable, variable + "6")

    def dccp_show(self):
        self.netlink_only_show("PROC_NET_DCCP", IPPROTO_DCCP)

    def sctp_show(self):
        self.netlink_only_show("PROC_NET_SCTP", IPPROTO_SCTP)

    def mptcp_show(self):
        self.netlink_only_show("PROC_NET_MPTCP", IPPROTO_MPTCP)

    def netlink_only_show(self, variable, protocol):
        """DCCP, SCTP, MPTCP: sock_diag only; ss has no /proc reader for them,
        and $VARIABLE or $PROC_ROOT (asking for files) shows nothing."""
        if self.inet_wanted() and not self.use_proc(variable):
            self.inet_netlink(protocol)

    def inet_netlink(self, protocol):
        from pynettools.tools.ss import inet

        return inet.show_netlink(self, protocol)

    def dump_tcpdiag(self):
        from pynettools.tools.ss import inet

        return inet.dump_tcpdiag(self)

    # ---- the other tables ---------------------------------------------------

    def unix_show(self):
        from pynettools.tools.ss import families

        families.unix_show(self)

    def packet_show(self):
        from pynettools.tools.ss import families

        families.packet_show(self)

    def netlink_show(self):
        from pynettools.tools.ss import families

        families.netlink_show(self)

    def vsock_show(self):
        from pynettools.tools.ss import families

        families.vsock_show(self)

    def tipc_show(self):
        from pynettools.tools.ss import families

        families.tipc_show(self)

    def xdp_show(self):
        from pynettools.tools.ss import families

        families.xdp_show(self)

    # ---- netlink errors as libnetlink reports them -------------------------

    def report_dump_error(self, err, suppress=False):
        """rtnl_dump_error()/rtnl_dump_done(): what ss says when a dump fails.

        For SOCK_DIAG, "no such table" (ENOENT) and EOPNOTSUPP are silent: a
        missing diag module is normal and ss falls back quietly.
        """
        errno = err.errno
        if errno in (2, 95):
            return
        if getattr(err, "in_done", False):
            if errno == 90:
                self.err.write("Error: Buffer too small for object.\n")
                return
        elif suppress:
            return
        self.err.write("RTNETLINK answers: %s\n" % err.strerror)

    def dump_finished(self, dump):
        """libnetlink's notice when the kernel flagged the dump NLM_F_DUMP_INTR."""
        if dump.interrupted:
            self.err.write("Dump was interrupted and may be inconsistent.\n")

    # ---- names --------------------------------------------------------------

    def service(self, port):
        """resolve_service(): '*' for 0, the service name unless -n, else the number."""
        if port == 0:
            return "*"
        if self.numeric:
            return str(port)
        proto = self.dg_proto
        if proto == "raw":
            return self.protocol_name(port)
        key = (port, proto)
        name = self.service_cache.get(key)
        if name is None:
            name = self.lookup_service(port, proto) or str(port)
            self.service_cache[key] = name
        return name

    def lookup_service(self, port, proto):
        # __resolve_service(): rpcbind's programs first, even in the
        # ephemeral range.  For a program /etc/rpc does not name, ss leaves
        # the name uninitialised (whatever malloc returned); we take it as
        # NULL, which leaves the port numeric with no /etc/services lookup.
        for rpc_port, rpc_proto, name in self.rpc_services:
            if rpc_port == port and rpc_proto == proto:
                return name
        if self.is_ephemeral(port):
            return None
        import _socket

        try:
            if proto is None:
                return self.kernel.lookup("getservbyport", _socket.getservbyport, port)
            return self.kernel.lookup("getservbyport", _socket.getservbyport, port, proto)
        except OSError:
            return None

    def is_ephemeral(self, port):
        """ss never names ports in the local (ephemeral) port range."""
        if self.ephemeral is None:
            from pynettools.kernel import sockdiag

            path = sockdiag.proc_net_path(self.environ, "PROC_IP_LOCAL_PORT_RANGE",
                                          "sys/net/ipv4/ip_local_port_range")
            low, high = 1024, 4999
            try:
                fields = self.kernel.read_text(path, "values").split()
                low, high = int(fields[0]), int(fields[1])
            except (OSError, ValueError, IndexError):
                pass
            self.ephemeral = (low, high)
        return self.ephemeral[0] <= port <= self.ephemeral[1]

    def protocol_name(self, number):
        """inet_proto_n2a(): getprotobynumber() from /etc/protocols, else ipproto-N."""
        if self.protocols is None:
            self.protocols = _read_protocols(self.kernel)
        name = self.protocols.get(number)
        if name is None or self.numeric:
            return "ipproto-%d" % number
        return name

    def host(self, family, raw):
        """format_host(): the address as text, or with -r the host name."""
        if self.resolve_hosts:
            name = self.resolve_address(family, raw)
            if name is not None:
                return name
        import _socket

        return _socket.inet_ntop(family, raw)

    def resolve_address(self, family, raw):
        key = (family, raw)
        if key in self.host_cache:
            return self.host_cache[key]
        import _socket

        lookup_family, lookup_raw = family, raw
        if family == AF_INET6 and raw[:12] == b"\0" * 10 + b"\xff\xff":
            lookup_family, lookup_raw = AF_INET, raw[12:]
        text = _socket.inet_ntop(lookup_family, lookup_raw)
        try:
            name = self.kernel.lookup("gethostbyaddr", _host_name, text)
        except OSError:
            name = None
        self.host_cache[key] = name
        return name

    def ifname(self, index):
        """ll_index_to_name(): the interface name, or if<N> when it is gone."""
        name = self.ifname_cache.get(index)
        if name is None:
            import _socket

            try:
                name = self.kernel.lookup("if_indextoname", _socket.if_indextoname, index)
            except OSError:
                name = "if%u" % index
            self.ifname_cache[index] = name
        return name

    def link_name(self, index):
        """xll_index_to_name() (the same answer, from the full link map)."""
        return self.ifname(index)

    def cgroup_path(self, cgroup_id, quiet=False):
        """cg_id_to_path(): the cgroup v2 directory with that id, relative to the mount.
        quiet: leave the per-id complaint (cgroup_error()) to the caller."""
        if self.cgroups is None:
            from pynettools.kernel import sockdiag

            self.cgroups = sockdiag.cgroup2_paths(self.kernel, self.err)
        path = self.cgroups.get(cgroup_id)
        if path is None:
            if not quiet:
                self.err.write(self.cgroup_error(cgroup_id))
            return "unreachable:%x" % cgroup_id
        return path

    def cgroup_error(self, cgroup_id):
        """What cgroup_path() says on stderr for an id (once the map is
        loaded), every time it is asked: "" when the id has a path."""
        if self.cgroups.get(cgroup_id) is not None:
            return ""
        # ss then tries open_by_handle_at() on the mount, which needs the
        # mount too; with none it says so again, for every socket.
        if self.cgroups.get("mount") is None:
            return "Failed to find cgroup2 mount\n"
        return "Failed to open cgroup2 by ID\n"

    # ---- processes (-p) -----------------------------------------------------

    def load_users(self):
        from pynettools.kernel import procs

        root = self.environ.get("PROC_ROOT") or "/proc/"
        self.users = procs.socket_owners(self.kernel, root, threads=bool(self.show_threads))

    def users_text(self, inode):
        """proc_ctx_print(): ' users:(("name",pid=N,fd=N),...)' or ''.

        The owners come last-found first (procs.ss_order says why; reversed()
        here saves a call per socket).  Not cached: a socket is listed once,
        and 100k cached strings would only cost memory."""
        if not inode or self.users is None:
            return ""
        entries = self.users.get(inode)
        if not entries:
            return ""
        if self.show_threads:
            return " users:(%s)" % ",".join(
                '("%s",pid=%d,tid=%d,fd=%d)' % entry for entry in reversed(entries))
        if len(entries) == 1:
            return ' users:(("%s",pid=%d,fd=%d))' % (entries[0][0], entries[0][1], entries[0][3])
        return " users:(%s)" % ",".join('("%s",pid=%d,fd=%d)' % (name, pid, fd)
                                        for name, pid, _tid, fd in reversed(entries))

    # ---- -s -----------------------------------------------------------------

    def print_summary(self):
        from pynettools.tools.ss import summary

        summary.print_summary(self)


# The netids ss looks at, and the table (dg_proto) each one names ports in.
_RPC_NETID_PROTOS = {"tcp": "tcp", "tcp6": "tcp", "udp": "udp", "udp6": "udp", "sctp": "sctp"}


def _rpc_services(entries, program_names):
    """(port, proto, name) for each rpcbind entry ss keeps, latest first: ss
    pushes each entry on the front of a list and takes the first match, so
    the dump's last registration of a port wins."""
    services = []
    for prog, _vers, netid, addr, _owner in entries:
        port = _universal_address_port(addr)
        proto = _RPC_NETID_PROTOS.get(netid)
        if port is None or proto is None:
            continue
        name = program_names.get(prog)
        services.append((port, proto, None if name is None else "rpc." + name))
    services.reverse()
    return services


def _universal_address_port(addr):
    """ss only understands wildcard addresses: sscanf "::.%d.%d", then
    "0.0.0.0.%d.%d" -- the two last numbers are the port's high and low
    bytes.  Entries bound to one address ("127.0.0.1.0.111") are skipped."""
    for prefix in ("::.", "0.0.0.0."):
        if addr.startswith(prefix):
            numbers = addr[len(prefix):].split(".")
            if len(numbers) == 2 and all(_is_c_int(n) for n in numbers):
                return int(numbers[0]) << 8 | int(numbers[1])
    return None


def _is_c_int(text):
    return text.lstrip("+-").isdigit()


def _host_name(text):
    import _socket

    return _socket.gethostbyaddr(text)[0]


def _read_protocols(kernel):
    protocols = {}
    try:
        text = kernel.read_text("/etc/protocols", "protocols")
    except OSError:
        return protocols
    for line in text.split("\n"):
        line = line.split("#", 1)[0].split()
        if len(line) >= 2:
            try:
                number = int(line[1])
            except ValueError:
                continue
            protocols.setdefault(number, line[0])
    return protocols

