"""arp -- manipulate the system ARP cache (net-tools 2.10, Debian 12's /usr/sbin/arp).

Usage (what `arp -h` prints; the list of hardware types goes to stderr):

  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache
  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry
  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file
  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry
  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-

Options (getopt_long "A:H:adfp:nsei:t:vh?DNV"):

  -a, --all          show entries BSD style: `name (address) at hwaddr [type] on dev`
  -e                 show entries Linux style: the table (the default without -a)
  -s, --set          add an entry: HOST HWADDR [temp] [pub] [priv] [trail]
                     [dontpub] [auto] [netmask NM] [dev IF]
  -d, --delete       delete an entry: HOST [pub] [priv] [temp] ... [dev IF]
  -f, --file         add the entries listed in FILE (default /etc/ethers)
  -v, --verbose      say more (the Entries/Skipped/Found line, each ioctl)
  -n, --numeric      do not look names up
  -i, --device IF    only this device (show), or the device to use (set/delete)
  -D, --use-device   HWADDR names a device; use that device's address
  -H, -t, --hw-type TYPE   hardware type (ether by default)
  -A, -p, --protocol AF    address family; only inet works
  -N, --symbolic     accepted and ignored with a warning, as in net-tools
  -V, --version      version and compiled-in features
  -h, --help         this usage

How it reads the kernel: the cache from /proc/net/arp; changes through the
SIOCSARP and SIOCDARP ioctls (struct arpreq) on an AF_INET datagram socket;
a device's own address (-D) through SIOCGIFHWADDR; names through glibc's
gethostbyaddr (display), and INET_resolve's order for arguments: "default",
a numeric address, getnetbyname (/etc/networks), gethostbyname.  The kernel
layer is pynettools.kernel.arp; this module parses options and formats.
"""
import sys

from pynettools.getopt import Getopt
from pynettools.kernel import arp as karp

SPEC = {
    "name": "arp",
    "section": "8",
    "summary": "manipulate the system ARP cache",
    "synopsis": [
        "arp [-vn] [-H type] [-i if] [-ae] [hostname]",
        "arp [-v] [-i if] -d hostname [pub]",
        "arp [-v] [-H type] [-i if] -s hostname hw_addr [temp]",
        "arp [-v] [-H type] [-i if] -s hostname hw_addr [netmask nm] pub",
        "arp [-v] [-H type] [-i if] -Ds hostname ifname [netmask nm] pub",
        "arp [-vnD] [-H type] [-i if] -f [filename]",
    ],
    "options": [
        ("-a", "--all", None, "display (all) hosts in alternative (BSD) style"),
        ("-e", None, None, "display (all) hosts in default (Linux) style"),
        ("-s", "--set", None, "set a new ARP entry"),
        ("-d", "--delete", None, "delete a specified entry"),
        ("-v", "--verbose", None, "be verbose"),
        ("-n", "--numeric", None, "don't resolve names"),
        ("-i", "--device", "IF", "specify network interface (e.g. eth0)"),
        ("-D", "--use-device", None, "read <hwaddr> from given device"),
        ("-A", "--protocol", "AF", "specify protocol family (only inet is supported)"),
        ("-p", None, "AF", "same as -A"),
        ("-f", "--file", None, "read new entries from file or from /etc/ethers"),
        ("-H", "--hw-type", "TYPE", "hardware address type (default: ether)"),
        ("-t", None, "TYPE", "same as -H"),
        ("-N", "--symbolic", None, "accepted for compatibility; not supported"),
        ("-V", "--version", None, "print version information and exit"),
        ("-h", "--help", None, "print usage and exit"),
    ],
    "completions": {
        "-i": "interfaces",
        "-H": ["ash", "ether", "ax25", "netrom", "rose", "arcnet", "dlci", "fddi", "hippi",
               "irda", "x25", "eui64"],
        "-t": ["ash", "ether", "ax25", "netrom", "rose", "arcnet", "dlci", "fddi", "hippi",
               "irda", "x25", "eui64"],
        "-A": ["inet"],
        "-p": ["inet"],
        "-f": "files",
        "hosts": "hosts",
    },
    "man": (
        "DESCRIPTION\n"
        "arp shows and changes the kernel's IPv4 neighbour cache, the table that maps "
        "IPv4 addresses of machines on directly attached networks to their hardware "
        "(MAC) addresses. Without -s, -d or -f it lists the cache: as a table (Address, "
        "HWtype, HWaddress, Flags, Mask, Iface) by default or with -e, or one sentence per "
        "entry with -a. A host argument, -i and -H narrow the list. Flags are C (the "
        "hardware address is known), M (permanent, added by hand) and P (published: the "
        "kernel answers ARP requests for that address, proxy ARP). Entries still being "
        "resolved show as (incomplete). -s adds a permanent entry (temp makes it "
        "temporary, pub publishes it, netmask and dev qualify it); with -D the hardware "
        "address is read from the named device. -d deletes an entry, trying the private "
        "entry first and then a published one. -f adds every entry listed in a file in "
        "the /etc/ethers format (hardware address and host, or host and hardware address, "
        "plus the -s modifiers); lines starting with # are comments.\n"
        "\n"
        "HOW IT READS THE KERNEL\n"
        "The cache is read from /proc/net/arp, whose lines carry the address, the device's "
        "ARPHRD hardware type, the ATF flags, the hardware address, a mask column and the "
        "device; entries in the NOARP state are not listed there. Entries are added with "
        "the SIOCSARP ioctl and deleted with SIOCDARP, both taking a struct arpreq (the "
        "protocol address, the hardware address, the flags, a netmask and a device name) on "
        "an AF_INET datagram socket; the kernel itself looks the device up and answers "
        "ENODEV when it does not exist. -D asks for the device's address with "
        "SIOCGIFHWADDR. Names shown are found with gethostbyaddr (so /etc/hosts, then DNS, "
        "as /etc/nsswitch.conf orders them); without a name the address is shown, or ? "
        "in the -a style. Host arguments are read in net-tools' order: the word default "
        "(0.0.0.0), a numeric address in any form inet_aton accepts, a network name from "
        "/etc/networks (getnetbyname), then a host name (gethostbyname). -n skips every "
        "lookup made for display.\n"
        "\n"
        "EXIT STATUS\n"
        "0 on success, including a listing that found nothing to show and a file whose "
        "entries could not all be set; 255 when a host cannot be resolved, an address "
        "is malformed or the kernel refuses a change; 3 for a usage error.\n"
        "\n"
        "DIFFERENCES\n"
        "None intended: output, messages and exit status are those of net-tools 2.10 "
        "as built by Debian 12."
    ),
}

USAGE = (
    "Usage:\n"
    "  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n"
    "  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n"
    "  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file\n"
    "  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n"
    "  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-\n"
    "\n"
    "        -a                       display (all) hosts in alternative (BSD) style\n"
    "        -e                       display (all) hosts in default (Linux) style\n"
    "        -s, --set                set a new ARP entry\n"
    "        -d, --delete             delete a specified entry\n"
    "        -v, --verbose            be verbose\n"
    "        -n, --numeric            don't resolve names\n"
    "        -i, --device             specify network interface (e.g. eth0)\n"
    "        -D, --use-device         read <hwaddr> from given device\n"
    "        -A, -p, --protocol       specify protocol family\n"
    "        -f, --file               read new entries from file or from /etc/ethers\n"
    "\n"
    "  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n"
    "  List of possible hardware types (which support ARP):\n"
)

VERSION = (
    "net-tools 2.10\n"
    "+I18N +SELINUX\n"
    "AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n"
    "HW: (ether) +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT "
    "+FDDI +HIPPI +HDLC/LAPB +EUI64 \n"
)

E_OPTERR = 3   # net-tools' exit status for a usage error
E_FAIL = 255   # exit(-1)
ETHERS = "/etc/ethers"

# Address families Debian's net-tools knows (lib/af.c); arp works only with inet.
_ADDRESS_FAMILIES = ("unix", "inet", "inet6", "ax25", "netrom", "rose", "ipx", "ddp", "ec",
                     "x25", "ash", "unspec")


class _Exit(Exception):
    """exit(status) from anywhere in the C code (usage() is called deep inside arp_set)."""

    def __init__(self, status):
        Exception.__init__(self, status)
        self.status = status


# ---- byte-exact C string handling ------------------------------------------

def _raw(text):
    return text.encode("utf-8", "surrogateescape")


def _unraw(raw):
    return raw.decode("utf-8", "surrogateescape")


def _cstr(text, size):
    """safe_strncpy(buf, text, size): at most size-1 bytes of text."""
    if len(text) * 4 < size:
        return text
    return _unraw(_raw(text)[:size - 1])


def _field(text, width, precision=None):
    """printf("%-W.Ps"): cut to P bytes, padded with blanks to W bytes."""
    if text.isascii():
        if precision is not None:
            text = text[:precision]
        return text.ljust(width)
    raw = _raw(text)
    if precision is not None:
        raw = raw[:precision]
    return _unraw(raw.ljust(width))


# ---- hardware types (lib/hw.c and one file per type) -----------------------

class _HwType:
    """One net-tools hardware type: name, title, ARPHRD number, address length,
    how an address is printed (-v -D) and read (-s); None where net-tools has none."""
    __slots__ = ("name", "title", "type", "alen", "printer", "parser")

    def __init__(self, name, title, hwtype, alen, printer, parser):
        self.name = name
        self.title = title
        self.type = hwtype
        self.alen = alen
        self.printer = printer
        self.parser = parser


def _hexval(byte):
    """The value of a hex digit byte, or None (C's isdigit and a-f/A-F tests)."""
    if 48 <= byte <= 57:
        return byte - 48
    if 97 <= byte <= 102:
        return byte - 87
    if 65 <= byte <= 70:
        return byte - 55
    return None


def _byte_at(raw, pos):
    return raw[pos] if pos < len(raw) else 0


def _parse_hex_bytes(count, read_byte):
    """An address of up to `count` hex bytes, each read by read_byte(raw, pos)
    -> (value or None, next pos) and optionally followed by ':'.

    Fewer bytes than `count` are accepted: the rest of the address is whatever
    the C buffer held, which is why `arp -s 10.0.0.1 1:2` leaves part of the
    IPv4 address in the MAC address.  Anything after `count` bytes is ignored.
    """
    def parse(text, buf, stderr):
        raw = _raw(text)
        pos = 0
        for index in range(count):
            if pos >= len(raw):
                break
            value, pos = read_byte(raw, pos)
            if value is None:
                return False
            buf[2 + index] = value
            if _byte_at(raw, pos) == 58:  # ':'
                pos += 1
        return True
    return parse


def _lenient_hex_byte(raw, pos):
    """in_ether / in_eui64: one or two hex digits.  A one-digit byte must be
    followed by ':' or the end; its ':' is stepped over here, so the caller's
    optional ':' lets `1::2` through."""
    high = _hexval(raw[pos])
    if high is None:
        return None, pos
    c = _byte_at(raw, pos + 1)
    low = _hexval(c)
    if low is not None:
        return high << 4 | low, pos + 2
    if c == 58:
        return high, pos + 2
    if c == 0:
        return high, pos + 1
    return None, pos


def _strict_hex_byte(raw, pos):
    """in_arcnet / in_fddi / in_hippi: exactly two hex digits."""
    high = _hexval(raw[pos])
    low = _hexval(_byte_at(raw, pos + 1))
    if high is None or low is None:
        return None, pos
    return high << 4 | low, pos + 2


_ASH_HAMMING = (0x15, 0x02, 0x49, 0x5e, 0x64, 0x73, 0x38, 0x2f,
                0xd0, 0xc7, 0x8c, 0x9b, 0xa1, 0xb6, 0xfd, 0xea)


def _parse_ash(text, buf, stderr):
    """in_ash: hex hops separated by ':', each stored Hamming-coded, padded with 0xc9."""
    raw = _raw(text)
    pos = 0
    index = 0
    while pos is not None and index < 64:
        hop, end = _strtol(raw, pos, 16)
        hop = _c_int(hop)
        # C indexes its 16-entry table with any value; out of range is undefined.
        buf[2 + index] = _ASH_HAMMING[hop] if 0 <= hop < 16 else 0
        index += 1
        c = _byte_at(raw, end)
        if c == 58:
            pos = end + 1
        elif c == 0:
            pos = None
        else:
            stderr.write("Malformed Ash address")  # sic: no newline
            return False
    while index < 64:
        buf[2 + index] = 0xc9
        index += 1
    return True


def _parse_callsign(text, buf, stderr):
    """AX25_input / NETROM_input: a callsign of up to six letters or digits, -SSID."""
    raw = _raw(text)
    pos = 0
    count = 0
    while pos < len(raw) and raw[pos] != 45 and count < 6:  # '-'
        c = raw[pos]
        pos += 1
        if 97 <= c <= 122:
            c -= 32
        if not (65 <= c <= 90 or 48 <= c <= 57):
            return False  # "Invalid callsign"
        buf[2 + count] = (c << 1) & 0xFE
        count += 1
    if count == 6 and pos < len(raw) and raw[pos] != 45:
        return False  # "Callsign too long"
    while count < 6:
        buf[2 + count] = (32 << 1) & 0xFE
        count += 1
    if pos < len(raw) and raw[pos] == 45:
        ssid = _c_int(_strtol(raw, pos + 1, 10)[0])
        buf[8] = (ssid << 1) & 0xFE
    else:
        buf[8] = 0
    return True


def _parse_rose(text, buf, stderr):
    """ROSE_input: exactly ten characters, taken as five pairs of digits (unchecked)."""
    raw = _raw(text)
    if len(raw) != 10:
        return False  # "Node address must be ten digits"
    for index in range(5):
        buf[2 + index] = (((raw[2 * index] - 48) << 4) | (raw[2 * index + 1] - 48)) & 0xFF
    return True


def _parse_x25(text, buf, stderr):
    """X25_input: up to 15 digits, optionally /SIGDIGITS; 18 characters at most."""
    raw = _raw(text)
    if len(raw) > 18:
        return False
    digits, slash, rest = raw.partition(b"/")
    if slash:
        sigdigits = _c_int(_strtol(rest, 0, 10)[0]) & 0xFFFFFFFF
    else:
        sigdigits = len(digits)
    if len(digits) < 1 or len(digits) > 15 or sigdigits > len(digits):
        return False
    copied = (digits[:sigdigits + 1]).ljust(sigdigits + 1, b"\0")
    buf[2:2 + len(copied)] = copied
    return True


def _parse_never(text, buf, stderr):
    """in_tunnel: no address is ever valid."""
    return False


def _strtol(raw, pos, base):
    """strtol(raw + pos, &end, base): (value, end); (0, pos) when there are no digits."""
    start = pos
    while pos < len(raw) and raw[pos] in b" \t\n\v\f\r":
        pos += 1
    negative = False
    if pos < len(raw) and raw[pos] in b"+-":
        negative = raw[pos] == 45
        pos += 1
    if base == 16 and raw[pos:pos + 2] in (b"0x", b"0X") and _hexval(_byte_at(raw, pos + 2)) is not None:
        pos += 2
    digits = pos
    while pos < len(raw):
        value = _hexval(raw[pos])
        if value is None or value >= base:
            break
        pos += 1
    if pos == digits:
        return 0, start
    value = int(raw[digits:pos], base)
    if negative:
        value = -value
    return max(min(value, (1 << 63) - 1), -(1 << 63)), pos


def _c_int(value):
    """A long converted to a C int (two's complement, 32 bits)."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= (1 << 31) else value


def _signed(byte):
    return byte - 256 if byte >= 128 else byte


def _print_colon_hex(count, fmt, sep):
    def show(data):
        return sep.join(fmt % b for b in data[:count])
    return show


def _print_ash(data):
    # pr_ash compares a signed char with 0xc9, which never matches, so it
    # prints 64 bytes, each with %x into a slot one character wide: the first
    # hex digit of each survives ("f" for bytes >= 0x80, sign-extended).
    padded = bytes(data[:16]).ljust(64, b"\0")
    return "[" + "".join("f" if b >= 128 else ("%x" % b)[0] for b in padded) + "]"


def _print_callsign(data):
    chars = []
    for b in data[:6]:
        c = b >> 1
        if c in (32, 0):
            break
        chars.append(chr(c))
    ssid = (data[6] & 0x1E) >> 1
    return "".join(chars) + ("-%d" % ssid if ssid else "")


def _print_dlci(data):
    value = data[0] | data[1] << 8
    return "%d" % (value - 65536 if value >= 32768 else value)


def _print_irda(data):
    text = ":".join("%02x" % (_signed(data[i]) & 0xFFFFFFFF) for i in (3, 2, 1, 0))
    return text[:11]


def _print_x25(data):
    return _unraw(bytes(data[:16]).split(b"\0", 1)[0])


def _print_unspec(data):
    return "-".join("%02X" % b for b in data[:16])


_HW_TYPES = (
    _HwType("loop", "Local Loopback", 772, 0, None, None),
    _HwType("slip", "Serial Line IP", 256, 0, None, None),
    _HwType("cslip", "VJ Serial Line IP", 257, 0, None, None),
    _HwType("slip6", "6-bit Serial Line IP", 258, 0, None, None),
    _HwType("cslip6", "VJ 6-bit Serial Line IP", 259, 0, None, None),
    _HwType("adaptive", "Adaptive Serial Line IP", 264, 0, None, None),
    _HwType("ash", "Ash", 781, 64, _print_ash, _parse_ash),
    _HwType("ether", "Ethernet", 1, 6, _print_colon_hex(6, "%02x", ":"),
            _parse_hex_bytes(6, _lenient_hex_byte)),
    _HwType("ax25", "AMPR AX.25", 3, 7, _print_callsign, _parse_callsign),
    _HwType("netrom", "AMPR NET/ROM", 0, 7, _print_callsign, _parse_callsign),
    _HwType("rose", "AMPR ROSE", 270, 10, _print_colon_hex(5, "%02x", ""), _parse_rose),
    _HwType("tunnel", "IPIP Tunnel", 768, 0, lambda data: "", _parse_never),
    _HwType("ppp", "Point-to-Point Protocol", 512, 0, None, None),
    _HwType("hdlc", "(Cisco)-HDLC", 513, 0, None, None),
    _HwType("lapb", "LAPB", 516, 0, None, None),
    _HwType("arcnet", "ARCnet", 7, 1, _print_colon_hex(1, "%02X", ""),
            _parse_hex_bytes(1, _strict_hex_byte)),
    # dlci and irda can print an address but not read one: net-tools calls the
    # missing reader anyway and crashes (see _crash_like_c).
    _HwType("dlci", "Frame Relay DLCI", 15, 3, _print_dlci, None),
    _HwType("frad", "Frame Relay Access Device", 770, 0, None, None),
    _HwType("sit", "IPv6-in-IPv4", 776, 0, None, None),
    _HwType("fddi", "Fiber Distributed Data Interface", 774, 6,
            _print_colon_hex(6, "%02X", "-"), _parse_hex_bytes(6, _strict_hex_byte)),
    _HwType("hippi", "HIPPI", 780, 6, _print_colon_hex(6, "%02X", ":"),
            _parse_hex_bytes(6, _strict_hex_byte)),
    _HwType("irda", "IrLAP", 783, 2, _print_irda, None),
    _HwType("ec", "Econet", 782, 0, None, None),
    _HwType("x25", "generic X.25", 271, 16, _print_x25, _parse_x25),
    _HwType("eui64", "Generic EUI-64", 27, 8, _print_colon_hex(8, "%02X", ":"),
            _parse_hex_bytes(8, _lenient_hex_byte)),
    _HwType("unspec", "UNSPEC", -1, 0, _print_unspec, None),
)
_ETHER = _HW_TYPES[7]
_UNSPEC = _HW_TYPES[-1]


def _hw_by_name(name):
    for hw in _HW_TYPES:
        if hw.name == name:
            return hw
    return None


def _hw_by_type(number):
    for hw in _HW_TYPES:
        if hw.type == number:
            return hw
    return None


def _hw_list():
    """print_hwlist(1): the hardware types that can ARP, three to a line."""
    out = []
    count = 0
    for hw in _HW_TYPES:
        if hw.alen == 0 or hw.type == -1:
            continue
        if count % 3 == 0:
            out.append("\n    " if count else "    ")
        out.append("%s (%s) " % (hw.name, hw.title))
        count += 1
    out.append("\n")
    return "".join(out)


# ---- the command line ------------------------------------------------------

# arp.c's getopt_long() arguments (pynettools.getopt does what glibc does with them).
_OPTSTRING = "A:H:adfp:nsei:t:vh?DNV"
_LONG_OPTIONS = (("verbose", 0, "v"), ("version", 0, "V"), ("all", 0, "a"),
                 ("delete", 0, "d"), ("file", 0, "f"), ("numeric", 0, "n"),
                 ("set", 0, "s"), ("protocol", 1, "A"), ("hw-type", 1, "H"),
                 ("device", 1, "i"), ("help", 0, "h"), ("use-device", 0, "D"),
                 ("symbolic", 0, "N"))


# ---- the program -----------------------------------------------------------

class _Arp:
    """arp.c's globals and its four commands."""

    def __init__(self, env):
        self.env = env
        self.out = env.stdout
        self.err = env.stderr
        self.kernel = env.kernel
        self.numeric = False   # -n
        self.verbose = False   # -v
        self.use_device = False  # -D
        self.linux_style = False  # -e
        self.all = False       # -a
        self.hw = _ETHER
        self.hw_set = False    # -H given
        self.device = ""       # -i, or "dev IF" (which sticks, even across -f lines)
        self.title_shown = False
        self._resolver = None

    @property
    def resolver(self):
        if self._resolver is None:
            self._resolver = karp.Resolver(self.kernel)
        return self._resolver

    def usage(self, status):
        """usage(): the text to stdout for -h, else stderr; the type list always to stderr."""
        (self.err if status else self.out).write(USAGE)
        self.err.write(_hw_list())
        raise _Exit(status)

    def herror(self, text, err):
        """herror(text): "text: message", or the bare message when text is empty."""
        self.err.write("%s: %s\n" % (text, err.text) if text else "%s\n" % err.text)

    def resolve(self, name):
        """ap->input(0, name): four address bytes, or None after printing herror(name)."""
        try:
            return self.resolver.resolve(name)
        except karp.HostError as err:
            self.herror(name, err)
            return None

    # ---- display -----------------------------------------------------------

    def show(self, name):
        """arp_show(): list the cache, or the entries for one host."""
        host = ""
        if name is not None:
            host = _cstr(name, 100)
            packed = self.resolve(host)
            if packed is None:
                return -1
            host = karp.dotted_quad(packed)
        try:
            entries = karp.read_arp_cache(self.kernel)
        except OSError as err:
            self.err.write("%s: %s\n" % (karp.PROC_NET_ARP, err.strerror))
            return -1
        shown = 0
        for entry in entries:
            if self.hw_set and entry.hwtype != self.hw.type:
                continue
            if host and entry.ip != host:
                continue
            if self.device and entry.device != self.device:
                continue
            shown += 1
            hostname = "?" if self.numeric else self.display_name(entry.ip)
            if self.linux_style:
                self.show_linux(entry.ip if hostname[:1] == "?" else hostname, entry)
            else:
                self.show_bsd(hostname, entry)
        if self.verbose:
            self.out.write("Entries: %d\tSkipped: %d\tFound: %d\n"
                           % (len(entries), len(entries) - shown, shown))
        if not shown:
            if host and not self.all:
                self.out.write("%s (%s) -- no entry\n" % (name, host))
            elif self.hw_set or host or self.device:
                self.out.write("arp: in %d entries no match found.\n" % len(entries))
        return 0

    def display_name(self, ip):
        """The name arp shows for an address: "?" when the lookup gives the address back."""
        try:
            packed = self.resolver.resolve(ip)
        except karp.HostError:
            hostname = ip
        else:
            hostname = self.resolver.address_name(packed, 0x8000, 0xFFFFFF00)
        return "?" if hostname == ip else hostname

    def show_linux(self, name, entry):
        """arp_disp_2(): one row of the table (the header before the first row)."""
        if not self.title_shown:
            self.title_shown = True
            self.out.write("Address                  HWtype  HWaddress           "
                           "Flags Mask            Iface\n")
        flags = entry.flags
        letters = "".join(letter for bit, letter in (
            (karp.ATF_COM, "C"), (karp.ATF_PERM, "M"), (karp.ATF_PUBL, "P"),
            (karp.ATF_MAGIC, "A"), (karp.ATF_DONTPUB, "!"), (karp.ATF_USETRAILERS, "T"))
            if flags & bit)
        mask = entry.mask if flags & karp.ATF_NETMASK else ""
        if not flags & karp.ATF_COM:
            if flags & karp.ATF_PUBL:
                hardware = "%-8.8s%-20.20s" % ("*", "<from_interface>")
            else:
                hardware = "%-8.8s%-20.20s" % ("", "(incomplete)")
        else:
            hw = _hw_by_type(entry.hwtype) or _ETHER
            hardware = _field(hw.name, 8, 8) + _field(entry.hwaddr, 20, 20)
        self.out.write("%s  %s%s%s %s\n" % (_field(name, 23, 23), hardware, _field(letters, 6, 6),
                                            _field(mask, 15, 15), entry.device))

    def show_bsd(self, name, entry):
        """arp_disp(): `name (address) at hwaddr [type] flags on device`."""
        flags = entry.flags
        parts = ["%s (%s) at " % (name, entry.ip)]
        if not flags & karp.ATF_COM:
            parts.append("<from_interface> " if flags & karp.ATF_PUBL else "<incomplete> ")
        else:
            hw = _hw_by_type(entry.hwtype) or _ETHER
            parts.append("%s [%s] " % (entry.hwaddr, hw.name))
        if flags & karp.ATF_NETMASK:
            parts.append("netmask %s " % entry.mask)
        for bit, word in ((karp.ATF_PERM, "PERM "), (karp.ATF_PUBL, "PUB "),
                          (karp.ATF_MAGIC, "AUTO "), (karp.ATF_DONTPUB, "DONTPUB "),
                          (karp.ATF_USETRAILERS, "TRAIL ")):
            if flags & bit:
                parts.append(word)
        parts.append("on %s\n" % entry.device)
        self.out.write("".join(parts))

    # ---- changes -----------------------------------------------------------

    def delete(self, args):
        """arp_del(): HOST [pub|priv|temp|trail|dontpub|auto|dev IF|netmask NM]..."""
        target = self.host_word(args)
        if target is None:
            return -1
        host, packed = target
        address = _sockaddr_in(packed)
        hardware = bytearray(16)
        if self.hw_set:
            hardware[0:2] = _u16(self.hw.type)
        netmask = bytes(16)
        flags = karp.ATF_PERM
        which = 0  # 1: the published entry, 2: the private one
        rest = list(args[1:])
        while rest:
            word = rest.pop(0)
            if self.verbose:
                self.err.write("args=%s\n" % word)
            if word == "pub":
                which |= 1
            elif word == "priv":
                which |= 2
            elif word in _SHARED_WORDS:
                flags = self.shared_word(word, flags, rest)
            elif word == "netmask":
                mask = self.word_value(rest)
                if mask != "255.255.255.255":
                    host = _cstr(mask, 128)  # sic: later messages name the mask
                    packed = self.resolve(host)
                    if packed is None:
                        return -1
                    netmask = _sockaddr_in(packed)
                    flags |= karp.ATF_NETMASK
            else:
                self.usage(E_OPTERR)
        if which == 0:
            which = 3
        # The kernel cannot delete only a private entry: try it first, then
        # the published one, and complain only when neither exists.
        if which & 2:
            if self.verbose:
                self.err.write("arp: SIOCDARP(dontpub)\n")
            request = karp.pack_arpreq(address, hardware, flags, netmask, self.device)
            try:
                karp.delete_arp_entry(self.kernel, request, self.ioctl_detail(packed, flags))
                return 0
            except OSError as err:
                if err.errno not in (_ENXIO, _ENOENT):
                    self.err.write("SIOCDARP(dontpub): %s\n" % err.strerror)
                    return -1
                if not which & 1:
                    self.out.write("No ARP entry for %s\n" % host)
                    return -1
        flags |= karp.ATF_PUBL
        if self.verbose:
            self.err.write("arp: SIOCDARP(pub)\n")
        request = karp.pack_arpreq(address, hardware, flags, netmask, self.device)
        try:
            karp.delete_arp_entry(self.kernel, request, self.ioctl_detail(packed, flags))
        except OSError as err:
            if err.errno in (_ENXIO, _ENOENT):
                self.out.write("No ARP entry for %s\n" % host)
            else:
                self.err.write("SIOCDARP(pub): %s\n" % err.strerror)
            return -1
        return 0

    def host_word(self, args):
        """The HOST that -d and -s start with: (the name, cut as C's 128-byte
        buffer cuts it, and its four address bytes), or None after the message."""
        if not args:
            self.err.write("arp: need host name\n")
            return None
        host = _cstr(args[0], 128)
        packed = self.resolve(host)
        if packed is None:
            return None
        return host, packed

    def shared_word(self, word, flags, rest):
        """A word arp_del() and arp_set() read alike: temp, trail, dontpub,
        auto, or dev IF (which takes the next word).  Returns the new flags.

        (pub, priv and netmask differ between the two and stay in their
        loops: -d collects pub/priv into which entries to try, -s turns
        ATF_PUBL on and off; -s keeps the mask in its shared stack buffer.)
        """
        if word == "temp":
            return flags & ~karp.ATF_PERM
        if word == "dev":
            self.device = _cstr(self.word_value(rest), 16)
            return flags
        return flags | _FLAG_WORDS[word]

    def word_value(self, rest):
        """The word after dev/netmask; usage (exit) when there is none."""
        if not rest:
            self.usage(E_OPTERR)
        return rest.pop(0)

    def ioctl_detail(self, packed, flags):
        """What a trace line says about an arpreq: the address, pub, the device."""
        words = [karp.dotted_quad(packed)]
        if flags & karp.ATF_PUBL:
            words.append("pub")
        if self.device:
            words.append("dev " + self.device)
        return " ".join(words)

    def set(self, args):
        """arp_set(): HOST HWADDR [temp|pub|priv|trail|dontpub|auto|dev IF|netmask NM]..."""
        target = self.host_word(args)
        if target is None:
            return -1
        host, packed = target
        # C resolves into one stack buffer (a sockaddr_storage) and reads the
        # hardware address into the same buffer, so the bytes a short address
        # does not fill are the port (0) and the IPv4 address just resolved.
        buf = bytearray(128)
        buf[0:16] = _sockaddr_in(packed)
        address = bytes(buf[0:16])
        if len(args) < 2:
            self.err.write("arp: need hardware address\n")
            return -1
        if self.use_device:
            hardware = self.device_address(args[1], self.hw if self.hw_set else None)
            if hardware is None:
                return -1
        else:
            if self.hw.parser is None:
                _crash_like_c(self.env)
            if not self.hw.parser(args[1], buf, self.err):
                self.err.write("arp: invalid hardware address\n")
                return -1
            buf[0:2] = _u16(self.hw.type)
            hardware = bytes(buf[0:16])
        netmask = bytes(16)
        flags = karp.ATF_PERM | karp.ATF_COM
        rest = list(args[2:])
        while rest:
            word = rest.pop(0)
            if word == "pub":
                flags |= karp.ATF_PUBL
            elif word == "priv":
                flags &= ~karp.ATF_PUBL
            elif word in _SHARED_WORDS:
                flags = self.shared_word(word, flags, rest)
            elif word == "netmask":
                mask = self.word_value(rest)
                if mask != "255.255.255.255":
                    mask = _cstr(mask, 128)
                    mask_packed = self.resolve(mask)
                    if mask_packed is None:
                        return -1
                    buf[0:8] = _sockaddr_in(mask_packed)[0:8]
                    netmask = bytes(buf[0:16])
                    flags |= karp.ATF_NETMASK
            else:
                self.usage(E_OPTERR)
        if self.verbose:
            self.err.write("arp: SIOCSARP()\n")
        request = karp.pack_arpreq(address, hardware, flags, netmask, self.device)
        try:
            karp.set_arp_entry(self.kernel, request, self.ioctl_detail(packed, flags))
        except OSError as err:
            self.err.write("SIOCSARP: %s\n" % err.strerror)
            return -1
        return 0

    def device_address(self, ifname, hw):
        """arp_getdevhw(): the device's hardware address as a sockaddr, or None."""
        try:
            family, data = karp.device_hardware_address(self.kernel, ifname)
        except OSError as err:
            self.err.write("arp: cant get HW-Address for `%s': %s.\n" % (ifname, err.strerror))
            return None
        if hw is not None and family != hw.type:
            self.err.write("arp: protocol type mismatch.\n")
            return None
        if self.verbose:
            shown = _hw_by_type(family)
            if shown is None or shown.printer is None:
                shown = _UNSPEC
            self.err.write("arp: device `%s' has HW address %s `%s'.\n"
                           % (ifname, shown.name, shown.printer(data)))
        return _u16(family) + data[:14]

    def load_file(self, path):
        """arp_file(): one arp_set() per line of an ethers file."""
        try:
            text = self.kernel.read_text(path, unit="lines")
        except IsADirectoryError:
            return 0  # fopen() opens a directory; the first fgets() fails
        except OSError:
            self.err.write("arp: cannot open etherfile %s !\n" % path)
            return -1
        for number, line in enumerate(_fgets_lines(_raw(text), 1024), 1):
            line = line.split(b"\0", 1)[0]
            if self.verbose:
                self.err.write(">> %s" % _unraw(line))
            line = line.split(b"\n", 1)[0]
            if line[:1] in (b"#", b""):
                continue
            args = [_unraw(arg) for arg in _getargs(line)]
            if len(args) < 2:
                self.err.write("arp: format error on line %u of etherfile %s !\n" % (number, path))
                continue
            if ":" in args[0]:  # the ethers order, address first
                args[0], args[1] = args[1], args[0]
            if self.set(args) != 0:
                self.err.write("arp: cannot set entry on line %u of etherfile %s !\n"
                               % (number, path))
        return 0


# The argument words after `-d HOST` and `-s HOST HWADDR` that mean the same
# to both (_Arp.shared_word()); these three just set a flag bit.
_FLAG_WORDS = {"trail": karp.ATF_USETRAILERS, "dontpub": karp.ATF_DONTPUB, "auto": karp.ATF_MAGIC}
_SHARED_WORDS = frozenset(("temp", "dev") + tuple(_FLAG_WORDS))

_ENOENT = 2
_ENXIO = 6


def _u16(value):
    return bytes((value & 0xFF, (value >> 8) & 0xFF))


def _sockaddr_in(packed):
    """struct sockaddr_in for an address: AF_INET, port 0, the address, zeros."""
    return _u16(karp.AF_INET) + b"\0\0" + bytes(packed) + bytes(8)


# arp -f reads the ethers file with fgets() as arp reads /proc/net/arp.
_fgets_lines = karp.fgets_lines


def _getargs(line):
    """lib/getargs.c: split at blanks and tabs; "..." or '...' quote (\\" inside is kept).

    At most 31 fields.  A line of only blanks gives one empty field.
    """
    fields = []
    pos = 0
    end = len(line)
    while pos < end and len(fields) < 31:
        while pos < end and line[pos] in b" \t":
            pos += 1
        field = bytearray()
        if pos < end and line[pos] in b"\"'":
            quote = line[pos]
            pos += 1
            while pos < end:
                if line[pos] == quote and line[pos - 1] != 92:  # not after a backslash
                    pos += 1
                    break
                field.append(line[pos])
                pos += 1
        else:
            while pos < end and line[pos] not in b" \t":
                field.append(line[pos])
                pos += 1
        fields.append(bytes(field))
        while pos < end and line[pos] in b" \t":
            pos += 1
    return fields


def _crash_like_c(env):
    """net-tools calls a missing address reader (dlci, irda) and dies of SIGSEGV.

    We die the same way when we are the process; inside a test harness we
    only report the status a shell would show (128 + SIGSEGV).
    """
    import os

    if env.environ is os.environ:
        import signal

        env.stderr.flush()
        signal.signal(signal.SIGSEGV, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGSEGV)
    raise _Exit(139)


def main(argv, env):
    arp = _Arp(env)
    try:
        return _main(arp, argv)
    except _Exit as done:
        return done.status


def _main(arp, argv):
    what = 0  # 0 show (Linux style), 1 show (-a), 2 file, 3 delete, 4 set
    family = "inet"
    # One option at a time, as arp.c's loop: `arp -V -x` prints the version
    # and never complains about -x.
    options = Getopt(argv, _OPTSTRING, _LONG_OPTIONS, arp.err, arp.env.environ)
    for option, value in options:
        if option == "a":
            what = 1
            arp.all = True
        elif option == "f":
            what = 2
        elif option == "d":
            what = 3
        elif option == "s":
            what = 4
        elif option == "e":
            arp.linux_style = True
        elif option == "n":
            arp.numeric = True
        elif option == "D":
            arp.use_device = True
        elif option == "N":
            arp.err.write("arp: -N not yet supported.\n")
        elif option == "v":
            arp.verbose = True
        elif option in "Ap":
            if value not in _ADDRESS_FAMILIES:
                if "," in value:
                    arp.err.write("Please don't supply more than one address family.\n")
                arp.err.write("arp: %s: unknown address family.\n" % value)
                return E_FAIL
            family = value
        elif option in "Ht":
            hw = _hw_by_name(value)
            if hw is None:
                arp.err.write("arp: %s: unknown hardware type.\n" % value)
                return E_FAIL
            arp.hw = hw
            arp.hw_set = True
        elif option == "i":
            arp.device = _cstr(value, 16)
        elif option == "V":
            arp.out.write(VERSION)
            return 0
        elif option == "h":
            arp.usage(0)
        else:
            arp.usage(E_OPTERR)
    if family != "inet":
        arp.err.write("arp: %s: kernel only supports 'inet'.\n" % family)
        return E_FAIL
    if arp.hw.alen <= 0:
        arp.err.write("arp: %s: hardware type without ARP support.\n" % arp.hw.name)
        return E_FAIL
    operands = options.operands  # glibc moved them behind the options: `arp host -a` works
    first = operands[0] if operands else None
    if what == 0:
        arp.linux_style = True
        status = arp.show(first)
    elif what == 1:
        status = arp.show(first)
    elif what == 2:
        status = arp.load_file(first if first is not None else ETHERS)
    elif what == 3:
        status = arp.delete(operands)
    else:
        status = arp.set(operands)
    return status & 0xFF


if __name__ == "__main__":
    from pynettools.runtime import run_tool

    sys.exit(run_tool("arp", __name__, sys.argv[1:]))
