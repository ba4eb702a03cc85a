"""ifconfig -- configure a network interface (net-tools 2.10, Debian 12's /sbin/ifconfig).

Usage (what `ifconfig -h` prints on stdout; the type and family lists go to stderr):

  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]
  [add <address>[/<prefixlen>]]  [del <address>[/<prefixlen>]]
  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]
  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]
  [hw <HW> <address>]  [mtu <NN>]  [[-]trailers]  [[-]arp]  [[-]allmulti]
  [multicast]  [[-]promisc]  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]
  [media <type>]  [txqueuelen <NN>]  [name <newname>]  [[-]dynamic]  [up|down] ...

Options are read by hand, not with getopt: only the exact words -a (every
device, not only those up), -s (the short table), -v, -V/-version/--version
and -h/-?/-help/--help, and only before the first other word.

How it reads the kernel (pynettools.kernel.netdev): the device list from
/proc/net/dev (with the counters) and SIOCGIFCONF (IPv4 labels), sorted as
net-tools' nstrcmp() sorts names; for each device SIOCGIFFLAGS, SIOCGIFHWADDR,
SIOCGIFMTU, SIOCGIFMAP, SIOCGIFTXQLEN, then SIOCGIFADDR and, when there is
an IPv4 address, SIOCGIF{DSTADDR,BRDADDR,NETMASK}; IPv6 addresses from
/proc/net/if_inet6.  Settings are the SIOCS* ioctls, one per word, in order.

The order of work of ifconfig.c's main():
  1. the leading options
  2. no device: print every device (up ones, or all with -a); a device and
     nothing more: print it
  3. an address family word may follow the device (inet is the default)
  4. each further word is one setting, done at once; an unknown word is an
     address (with /prefix: a netmask too), and sets the device up
  5. exit 1 if any setting failed
"""
import sys

SPEC = {
    "name": "ifconfig",
    "section": "8",
    "compatible": "ifconfig from net-tools 2.10",
    "summary": "configure a network interface",
    "synopsis": [
        "ifconfig [-v] [-a] [-s] [interface]",
        "ifconfig [-v] interface [aftype] options | address ...",
    ],
    "options": [
        ("-a", None, None, "display all interfaces, even those that are down"),
        ("-s", None, None, "display a short list (like netstat -i)"),
        ("-v", None, None, "be more verbose for some error conditions"),
        ("-V", "--version", None, "print the version and exit"),
        ("-h", "--help", None, "print usage and exit"),
    ],
    "completions": {
        "interface": "interfaces",
        "words": ["up", "down", "arp", "-arp", "promisc", "-promisc", "allmulti", "-allmulti",
                  "multicast", "mtu", "netmask", "broadcast", "-broadcast", "pointopoint",
                  "-pointopoint", "dstaddr", "hw", "add", "del", "txqueuelen", "name", "inet", "inet6"],
    },
    "man": (
        "DESCRIPTION\n"
        "ifconfig shows the kernel's network interfaces: flags, MTU, the IPv4 address "
        "with its netmask and broadcast (or peer) address, every IPv6 address with its "
        "prefix length and scope, the hardware address and queue length, and the "
        "packet and byte counters. Without -a only interfaces that are up are shown. "
        "Given an interface and settings, it applies each in turn: up, down, an "
        "address (which also brings the interface up), netmask, broadcast, "
        "pointopoint, mtu, txqueuelen, hw ether, promisc, allmulti, arp, multicast, "
        "name, media, IPv6 add/del, and IPv4 add/del, which create or bring up and "
        "down alias interfaces (IF:N).\n"
        "\n"
        "HOW IT READS THE KERNEL\n"
        "Interfaces and counters come from /proc/net/dev, IPv4 labels from the "
        "SIOCGIFCONF ioctl, the rest of each interface from SIOCGIF* ioctls (one "
        "IPv4 address per label: secondary addresses without a label are not shown), "
        "IPv6 addresses from /proc/net/if_inet6. Changes are SIOCSIF* ioctls.\n"
        "\n"
        "EXIT STATUS\n"
        "0 on success, 1 when an interface cannot be read or a setting failed.\n"
        "\n"
        "DIFFERENCES\n"
        "None intended: output, messages and exit status are those of net-tools 2.10 "
        "as built by Debian 12, quirks included (media auto reads auto again as an "
        "address; del of an address no alias holds adds one)."
    ),
}

USAGE = (
    "Usage:\n"
    "  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n"
    "  [add <address>[/<prefixlen>]]\n"
    "  [del <address>[/<prefixlen>]]\n"
    "  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]\n"
    "  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]\n"
    "  [outfill <NN>] [keepalive <NN>]\n"
    "  [hw <HW> <address>]  [mtu <NN>]\n"
    "  [[-]trailers]  [[-]arp]  [[-]allmulti]\n"
    "  [multicast]  [[-]promisc]\n"
    "  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]\n"
    "  [txqueuelen <NN>]\n"
    "  [name <newname>]\n"
    "  [[-]dynamic]\n"
    "  [up|down] ...\n"
    "\n"
    "  <HW>=Hardware Type.\n"
    "  List of possible hardware types:\n"
)
USAGE_TAIL = (
    "  <AF>=Address family. Default: inet\n"
    "  List of possible address families:\n"
)
HWLIST = (
    "    loop (Local Loopback) slip (Serial Line IP) cslip (VJ Serial Line IP) \n"
    "    slip6 (6-bit Serial Line IP) cslip6 (VJ 6-bit Serial Line IP) adaptive (Adaptive Serial Line IP) \n"
    "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n"
    "    netrom (AMPR NET/ROM) rose (AMPR ROSE) tunnel (IPIP Tunnel) \n"
    "    ppp (Point-to-Point Protocol) hdlc ((Cisco)-HDLC) lapb (LAPB) \n"
    "    arcnet (ARCnet) dlci (Frame Relay DLCI) frad (Frame Relay Access Device) \n"
    "    sit (IPv6-in-IPv4) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n"
    "    irda (IrLAP) ec (Econet) x25 (generic X.25) \n"
    "    eui64 (Generic EUI-64) \n"
)
AFLIST = (
    "    unix (UNIX Domain) inet (DARPA Internet) inet6 (IPv6) \n"
    "    ax25 (AMPR AX.25) netrom (AMPR NET/ROM) rose (AMPR ROSE) \n"
    "    ipx (Novell IPX) ddp (Appletalk DDP) ec (Econet) \n"
    "    ash (Ash) x25 (CCITT X.25) \n"
)
VERSION = "net-tools 2.10\n"

SHORT_HEADER = "Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n"

E_OPTERR = 3

# ife_print_long's flag words and ife_print_short's letters, each in its order.
_LONG_FLAGS = ((0x1, "UP"), (0x2, "BROADCAST"), (0x4, "DEBUG"), (0x8, "LOOPBACK"),
               (0x10, "POINTOPOINT"), (0x20, "NOTRAILERS"), (0x40, "RUNNING"), (0x80, "NOARP"),
               (0x100, "PROMISC"), (0x200, "ALLMULTI"), (0x800, "SLAVE"), (0x400, "MASTER"),
               (0x1000, "MULTICAST"), (0x8000, "DYNAMIC"))
# (2.10 prints "P" for POINTOPOINT as for PROMISC: "MOP" is a tun device.)
_SHORT_FLAGS = ((0x200, "A"), (0x2, "B"), (0x4, "D"), (0x8, "L"), (0x1000, "M"), (0x8000, "d"),
                (0x100, "P"), (0x20, "N"), (0x80, "O"), (0x10, "P"), (0x800, "s"), (0x400, "m"),
                (0x40, "R"), (0x1, "U"))

# The address families get_aftype() knows (an AF word after the device).
_AF_NAMES = {"unix": 1, "inet": 2, "inet6": 10, "ax25": 3, "netrom": 6, "rose": 11, "ipx": 4,
             "ddp": 5, "ec": 19, "ash": 18, "x25": 9}


class _Exit(Exception):
    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


class Ifconfig:
    """One run of ifconfig: its streams and display options (opt_a: -a,
    short: -s, verbose: -v; out may be replaced).  netstat -i makes one too,
    and prints the device list with print_interfaces()."""

    def __init__(self, env):
        self.env = env
        self.out = env.stdout
        self.err = env.stderr
        self.kernel = env.kernel
        self.opt_a = False
        self.short = False
        self.verbose = False

    def usage(self, rc):
        fp = self.err if rc else self.out
        fp.write(USAGE)
        self.err.write(HWLIST)
        fp.write(USAGE_TAIL)
        self.err.write(AFLIST)
        raise _Exit(rc)


def main(argv, env):
    tool = Ifconfig(env)
    try:
        return _main(tool, argv[1:])
    except _Exit as done:
        return done.status & 0xFF


def _main(tool, args):
    while args and args[0].startswith("-"):
        word = args[0]
        if word == "-a":
            tool.opt_a = True
        elif word == "-s":
            tool.short = True
        elif word == "-v":
            tool.verbose = True
        elif word in ("-V", "-version", "--version"):
            tool.out.write(VERSION)
            return 0
        elif word in ("-?", "-h", "-help", "--help"):
            tool.usage(0)
        else:
            tool.err.write("ifconfig: option `%s' not recognised.\n" % word)
            tool.err.write("ifconfig: `--help' gives usage information.\n")
            return 1
        args = args[1:]
    if not args:
        return 1 if print_interfaces(tool, None) < 0 else 0
    name = args[0]
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) >= 16:  # safe_strncpy into ifr_name: 15 bytes (2.10 says nothing)
        name = raw[:15].decode("utf-8", "surrogateescape")
    if len(args) == 1:
        return 1 if print_interfaces(tool, name) < 0 else 0
    from pynettools.tools import ifconfig_set

    return ifconfig_set.configure(tool, name, args[1:])


# ---- showing (lib/interface.c) ------------------------------------------------------

def print_interfaces(tool, target):
    """ifconfig.c if_print(): every device (target None) or one; -1 on an error."""
    from pynettools.kernel import netdev

    if tool.short:
        tool.out.write(SHORT_HEADER)
    kernel = tool.kernel
    names = []
    stats = {}
    try:
        devices = netdev.read_proc_net_dev(kernel, target)
        proc_ok = True
    except OSError as err:
        tool.err.write("Warning: cannot open %s (%s). Limited output.\n" % (netdev.PROC_NET_DEV, err.strerror))
        devices = []
        proc_ok = False
    for name, counters in devices:
        _cache_add(names, name)
        stats[name] = counters
    if target is not None:
        if not proc_ok:
            return -1
        _cache_add(names, target)
        order = [target]
    else:
        try:
            for name in netdev.ifconf_names(kernel):
                _cache_add(names, name)
            conf_ok = True
        except OSError as err:
            tool.err.write("SIOCGIFCONF: %s\n" % err.strerror)
            conf_ok = False
        if not proc_ok and not conf_ok:
            return -1
        order = names
    inet6 = None
    for name in order:
        try:
            device = netdev.fetch(kernel, name)
        except OSError as err:
            text = "Device not found" if err.errno == 19 else err.strerror
            tool.err.write("%s: error fetching interface information: %s\n" % (name, text))
            return -1
        device.stats = stats.get(name)
        if target is None and not (device.flags & 0x1) and not tool.opt_a:
            continue
        if tool.short:
            tool.out.write(_print_short(device))
        else:
            if inet6 is None:
                try:
                    inet6 = netdev.read_if_inet6(kernel)
                except OSError:
                    inet6 = []
            tool.out.write(_print_long(device, inet6))
    return 0


def _rindex_nondigit(name):
    index = len(name)
    while index > 0 and name[index - 1] in "0123456789":
        index -= 1
    return index


def _atoi(text):
    digits = 0
    while digits < len(text) and text[digits] in "0123456789":
        digits += 1
    return int(text[:digits]) if digits else 0


def nstrcmp(a, b):
    """lib/nstrcmp.c: device names compared with their trailing numbers as numbers
    (eth2 < eth10), an alias (after ':') as a number after that."""
    a_alias = b_alias = None
    if ":" in a:
        a, a_alias = a.split(":", 1)
    if ":" in b:
        b, b_alias = b.split(":", 1)
    ai, bi = _rindex_nondigit(a), _rindex_nondigit(b)
    common = min(ai, bi)
    ra, rb = a.encode("utf-8", "surrogateescape")[:common], b.encode("utf-8", "surrogateescape")[:common]
    if ra != rb:
        return -1 if ra < rb else 1
    if ai != bi:
        return 1 if ai > bi else -1
    av, bv = _atoi(a[ai:]), _atoi(b[bi:])
    if av != bv:
        return -1 if av < bv else 1
    if a != b:
        ea, eb = a.encode("utf-8", "surrogateescape"), b.encode("utf-8", "surrogateescape")
        return -1 if ea < eb else 1
    av = _atoi(a_alias) if a_alias is not None else -1
    bv = _atoi(b_alias) if b_alias is not None else -1
    if av != bv:
        return -1 if av < bv else 1
    if a_alias is not None and b_alias is not None and a_alias != b_alias:
        return -1 if a_alias < b_alias else 1
    return 0


def _cache_add(names, name):
    """if_cache_add(): insert into the sorted list, walking back from its end."""
    index = len(names)
    while index > 0:
        n = nstrcmp(names[index - 1], name)
        if n == 0:
            return
        if n < 0:
            break
        index -= 1
    names.insert(index, name)


class _Ether:
    """The hardware types nearly every device has, without importing arp's table."""
    name, title = "ether", "Ethernet"

    @staticmethod
    def printer(data):
        return "%02x:%02x:%02x:%02x:%02x:%02x" % tuple(data[:6])


class _Loop:
    name, title, printer = "loop", "Local Loopback", None


def _hwtype(number):
    if number == 1:
        return _Ether
    if number == 772:
        return _Loop
    from pynettools.tools.arp import _HW_TYPES, _UNSPEC

    for hw in _HW_TYPES:
        if hw.type == number and hw.name != "unspec":
            return hw
    return _UNSPEC


def _inet(sockaddr):
    family, packed = sockaddr
    if family in (0, 0xFFFF):
        return "[NONE SET]"
    return "%d.%d.%d.%d" % tuple(packed)


def _unit(value):
    """ife_unit(): (tenths, unit) for a byte count."""
    short = value * 10
    if value > 1152921504606846976:
        return value // 115292150460684697, "EiB"
    for limit, text in ((1125899906842624, "PiB"), (1099511627776, "TiB"), (1073741824, "GiB"),
                        (1048576, "MiB"), (1024, "KiB")):
        if value > limit:
            return (short & 0xFFFFFFFFFFFFFFFF) // limit, text
    return short & 0xFFFFFFFFFFFFFFFF, "B"


def _print_long(device, inet6):
    import _socket

    flags = device.flags
    words = [text for bit, text in _LONG_FLAGS if flags & bit]
    # C builds "flags=N<" and appends "WORD," per flag, then turns a final ","
    # into ">" or else cuts the last character: "flags=0<>" loses its ">",
    # and flags with no word of their own lose the "<".
    if words:
        flag_text = "flags=%d<%s>" % (flags, ",".join(words))
    else:
        flag_text = "flags=0<" if flags == 0 else "flags=%d" % flags
    lines = ["%s: %s  mtu %d\n" % (device.name, flag_text, device.mtu)]
    if device.addr is not None:
        line = "        inet %s  netmask %s" % (_inet(device.addr), _inet(device.netmask))
        if flags & 0x2:
            line += "  broadcast %s" % _inet(device.broadaddr)
        if flags & 0x10:
            line += "  destination %s" % _inet(device.dstaddr)
        lines.append(line + "\n")
    for packed, _, plen, scope, _, devname in inet6:
        if devname != device.name:
            continue
        shown = _socket.inet_ntop(_socket.AF_INET6, packed)
        if packed[:12] == b"\0" * 10 + b"\xff\xff":
            from pynettools.tools.route import fix_v4_address

            shown = fix_v4_address(shown, packed)
        text = "        inet6 %s  prefixlen %d  scopeid 0x%x" % (shown, plen, scope)
        tags = []
        if scope & 0x0080:
            tags.append("compat")
            scope -= 0x0080
        if scope == 0:
            tags.append("global")
        if scope & 0x0020:
            tags.append("link")
        if scope & 0x0040:
            tags.append("site")
        if scope & 0x0010:
            tags.append("host")
        lines.append(text + ("<%s>\n" % ",".join(tags) if tags else "\n"))
    hw = _hwtype(device.hwtype)
    if hw.printer is not None:
        line = "        %s %s" % (hw.name, hw.printer(device.hwaddr))
    else:
        line = "        %s" % hw.name
    if device.txqueuelen != -1:
        line += "  txqueuelen %d" % device.txqueuelen
    lines.append(line + "  (%s)\n" % hw.title)
    if flags & 0x2000:  # IFF_PORTSEL: the medium in use (struct ifmap's port)
        port = device.map[5]
        from pynettools.tools.ifconfig_set import PORT_TEXT

        line = "        media %s" % (PORT_TEXT[port][0] if port < len(PORT_TEXT) else "unknown")
        if flags & 0x4000:
            line += "autoselect"
        lines.append(line + "\n")
    stats = device.stats
    if stats is not None:
        rx_short, rx_unit = _unit(stats.rx_bytes)
        tx_short, tx_unit = _unit(stats.tx_bytes)
        lines.append("        RX packets %d  bytes %d (%d.%d %s)\n"
                     % (stats.rx_packets, stats.rx_bytes, rx_short // 10, rx_short % 10, rx_unit))
        # 2.10 shows the compressed counters only for CSLIP devices (can_compress).
        can_compress = device.hwtype in (257, 259)
        if can_compress:
            lines.append("        RX compressed %d\n" % stats.rx_compressed)
        lines.append("        RX errors %d  dropped %d  overruns %d  frame %d\n"
                     % (stats.rx_errors, stats.rx_dropped, stats.rx_fifo_errors, stats.rx_frame_errors))
        lines.append("        TX packets %d  bytes %d (%d.%d %s)\n"
                     % (stats.tx_packets, stats.tx_bytes, tx_short // 10, tx_short % 10, tx_unit))
        if can_compress:
            lines.append("        TX compressed %d\n" % stats.tx_compressed)
        lines.append("        TX errors %d  dropped %d overruns %d  carrier %d  collisions %d\n"
                     % (stats.tx_errors, stats.tx_dropped, stats.tx_fifo_errors, stats.tx_carrier_errors,
                        stats.collisions))
    mem_start, mem_end, base_addr, irq, dma, _ = device.map
    if irq or mem_start or dma or base_addr >= 0x100:
        line = "        device "
        if irq:
            line += "interrupt %d  " % irq
        if base_addr >= 0x100:
            line += "base 0x%x  " % base_addr
        if mem_start:
            line += "memory 0x%x-%x  " % (mem_start, mem_end)
        if dma:
            line += "  dma 0x%x" % dma
        lines.append(line + "\n")
    lines.append("\n")
    return "".join(lines)


def _print_short(device):
    line = "%-15.15s %5d " % (device.name, device.mtu)
    stats = device.stats
    if stats is not None:
        line += "%8d %6d %6d %-6d " % (stats.rx_packets, stats.rx_errors, stats.rx_dropped,
                                       stats.rx_fifo_errors)  # RX-ERR: 2.10 adds no frame errors
        line += "%8d %6d %6d %6d " % (stats.tx_packets, stats.tx_errors, stats.tx_dropped,
                                      stats.tx_fifo_errors)
    else:
        line += "%-56s" % "     - no statistics available -"
    flags = device.flags
    if flags == 0:
        line += "[NO FLAGS]"
    line += "".join(letter for bit, letter in _SHORT_FLAGS if flags & bit)
    return line + "\n"


if __name__ == "__main__":
    from pynettools.runtime import run_tool

    sys.exit(run_tool("ifconfig", __name__, sys.argv[1:]))
