"""The kernel side of arp: the ARP cache, its ioctls, and the name lookups arp makes.

Everything here goes through the kernel seam (`kernel`, a
pynettools.kernel.seam.Kernel), so a run can be recorded and replayed:

  read     /proc/net/arp            the ARP cache, one line per neighbour
  ioctl    SIOCSARP / SIOCDARP      add / delete an entry (struct arpreq)
  ioctl    SIOCGIFHWADDR            a device's hardware address (struct ifreq)
  lookup   gethostbyname, gethostbyaddr, getnetbyname, getnetbyaddr
                                    glibc's NSS: /etc/hosts, then DNS;
                                    /etc/networks for the net lookups

Nothing here prints; errors come back as OSError (the kernel's errno) or
HostError (a resolver failure with glibc's h_errno and its text).

net-tools does not ask the kernel which devices exist: SIOCSARP names the
device in arp_dev and the kernel answers ENODEV, so neither do we.
"""
import struct

PROC_NET_ARP = "/proc/net/arp"

# <linux/sockios.h>
SIOCDARP = 0x8953
SIOCSARP = 0x8955
SIOCGIFHWADDR = 0x8927

# struct arpreq's arp_flags (<net/if_arp.h>).
ATF_COM = 0x02          # completed entry (the hardware address is known)
ATF_PERM = 0x04         # permanent entry
ATF_PUBL = 0x08         # published: we answer ARP requests for it (proxy ARP)
ATF_USETRAILERS = 0x10  # obsolete
ATF_NETMASK = 0x20      # arp_netmask is valid (proxy ARP for a whole net)
ATF_DONTPUB = 0x40      # do not answer
ATF_MAGIC = 0x80        # automatically added entry

AF_INET = 2
IFNAMSIZ = 16

# struct arpreq: arp_pa, arp_ha (struct sockaddr each), arp_flags (int),
# arp_netmask (struct sockaddr), arp_dev (char[16]) -- 68 bytes.
_ARPREQ = struct.Struct("=16s16si16s16s")
# struct ifreq: ifr_name[16], then a 24-byte union (ifr_hwaddr is a sockaddr).
_IFREQ_SIZE = 40


class ArpEntry:
    """One line of /proc/net/arp, as arp reads it.

    ip, hwaddr, mask, device: the text of the columns; hwtype: the ARPHRD_*
    number of the device; flags: ATF_* bits (0x2 complete, 0x4 permanent,
    0xc for a proxy entry).
    """
    __slots__ = ("ip", "hwtype", "flags", "hwaddr", "mask", "device")

    def __init__(self, ip, hwtype, flags, hwaddr, mask, device):
        self.ip = ip
        self.hwtype = hwtype
        self.flags = flags
        self.hwaddr = hwaddr
        self.mask = mask
        self.device = device

    def __repr__(self):
        return "ArpEntry(%r, 0x%x, 0x%x, %r, %r, %r)" % (
            self.ip, self.hwtype, self.flags, self.hwaddr, self.mask, self.device)


class HostError(Exception):
    """A resolver failure: h_errno and glibc's hstrerror() text for it."""

    def __init__(self, h_errno, text):
        Exception.__init__(self, h_errno, text)
        self.h_errno = h_errno
        self.text = text


# ---- the ARP cache ---------------------------------------------------------

def read_arp_cache(kernel):
    """The entries of /proc/net/arp, parsed the way arp 2.10 parses them.

    The kernel writes one line per neighbour (NOARP entries are left out,
    proxy entries appear with flags 0xc and a zero address):

      IP address       HW type     Flags       HW address            Mask     Device
      198.51.100.2     0x1         0x2         2a:c1:aa:60:bf:df     *        veth0

    arp reads it with fgets() into a 200-byte buffer and sscanf("%s 0x%x 0x%x
    %99s %99s %99s"), and we keep its quirks: the first line is skipped
    whatever it holds; reading stops at the first line with fewer than four
    fields; a line with five fields is taken to lack the hardware address
    (old kernels printed nothing there for incomplete entries); and a line
    with four fields keeps the Mask and Device of the line before.
    Raises OSError when the file cannot be read.
    """
    text = kernel.read_text(PROC_NET_ARP, unit="entries", header_lines=1)
    entries = []
    mask = device = "-"
    lines = fgets_lines(_bytes(text), 200)
    next(lines, None)  # the header
    for raw in lines:
        fields = _scan_arp_line(_text(raw))
        if len(fields) < 4:
            break
        if len(fields) == 5:
            ip, hwtype, flags, mask, device = fields
            hwaddr = ""
        else:
            ip, hwtype, flags, hwaddr = fields[:4]
            if len(fields) == 6:
                mask, device = fields[4], fields[5]
        entries.append(ArpEntry(ip, hwtype, flags, hwaddr, mask, device))
    return entries


def fgets_lines(raw, size):
    """The pieces fgets(buf, size) reads from bytes, call after call: lines
    ending in \n, cut every size-1 bytes.

    Only \n ends a line: bytes.splitlines() and str.splitlines() also split
    at \r, and the str one at \x1c-\x1e and \x85 too, which a device name
    may hold (the kernel refuses only white space, '/' and ':' there).
    """
    limit = size - 1
    lines = raw.split(b"\n")
    last = lines.pop()
    for line in lines:
        line += b"\n"
        if len(line) <= limit:
            yield line
        else:
            for start in range(0, len(line), limit):
                yield line[start:start + limit]
    for start in range(0, len(last), limit):  # no \n at the end of the file
        yield last[start:start + limit]


_SPACE = " \t\n\v\f\r"
_HEX = "0123456789abcdefABCDEF"


def _scan_arp_line(line):
    """sscanf(line, "%s 0x%x 0x%x %99s %99s %99s"): the fields converted, in order.

    Conversion stops at the first field that does not match, as sscanf does;
    the returned list's length is what sscanf would return (when it is >= 1).
    """
    fields = []
    pos, word = _scan_word(line, 0, None)
    if word is None:
        return fields
    fields.append(word)
    for _ in range(2):
        pos = _skip_space(line, pos)
        if not line.startswith("0x", pos):
            return fields
        pos, number = _scan_hex(line, pos + 2)
        if number is None:
            return fields
        fields.append(number)
    for _ in range(3):
        pos, word = _scan_word(line, pos, 99)
        if word is None:
            return fields
        fields.append(word)
    return fields


def _skip_space(line, pos):
    while pos < len(line) and line[pos] in _SPACE:
        pos += 1
    return pos


def _scan_word(line, pos, width):
    """%s (or %99s): skip white space, then take non-space characters."""
    pos = _skip_space(line, pos)
    end = pos
    while end < len(line) and line[end] not in _SPACE:
        end += 1
    if end == pos:
        return pos, None
    if width is not None and end - pos > width:
        end = pos + width
    return end, line[pos:end]


def _scan_hex(line, pos):
    """%x: white space, an optional sign and 0x prefix, hex digits (as unsigned int)."""
    pos = _skip_space(line, pos)
    negative = False
    if pos < len(line) and line[pos] in "+-":
        negative = line[pos] == "-"
        pos += 1
    if line.startswith(("0x", "0X"), pos) and pos + 2 < len(line) and line[pos + 2] in _HEX:
        pos += 2
    end = pos
    while end < len(line) and line[end] in _HEX:
        end += 1
    if end == pos:
        return pos, None
    value = int(line[pos:end], 16)
    if negative:
        value = -value
    return end, value & 0xFFFFFFFF


# ---- ioctls ----------------------------------------------------------------

def pack_arpreq(protocol_address, hardware_address, flags, netmask, device):
    """struct arpreq from its parts: three 16-byte sockaddrs, the flags, a device name."""
    return _ARPREQ.pack(bytes(protocol_address), bytes(hardware_address), flags,
                        bytes(netmask), _ifname(device))


def set_arp_entry(kernel, request, what=""):
    """SIOCSARP: add or replace an entry (OSError on failure)."""
    kernel.ioctl("SIOCSARP", SIOCSARP, request, AF_INET, what)


def delete_arp_entry(kernel, request, what=""):
    """SIOCDARP: delete an entry; ENXIO (no such neighbour) or ENOENT (no such proxy entry)."""
    kernel.ioctl("SIOCDARP", SIOCDARP, request, AF_INET, what)


def device_hardware_address(kernel, ifname):
    """SIOCGIFHWADDR: (ARPHRD_* type, 16 bytes from ifr_hwaddr.sa_data on).

    The kernel fills in only the device's address length; the bytes after
    that are what we sent, zeros.  Sixteen bytes because net-tools' unspec
    printer reads sizeof(struct sockaddr) bytes from sa_data, two past its end.
    """
    request = _ifname(ifname) + bytes(_IFREQ_SIZE - IFNAMSIZ)
    reply = kernel.ioctl("SIOCGIFHWADDR", SIOCGIFHWADDR, request, AF_INET, ifname)
    family = struct.unpack_from("=H", reply, IFNAMSIZ)[0]
    return family, bytes(reply[IFNAMSIZ + 2:IFNAMSIZ + 18])


def _ifname(name):
    """A device name as the kernel takes it: at most 15 bytes, NUL-padded to 16."""
    raw = name.encode("utf-8", "surrogateescape")[:IFNAMSIZ - 1]
    return raw + bytes(IFNAMSIZ - len(raw))


# ---- name lookups ----------------------------------------------------------

def gethostbyname(kernel, name):
    """glibc gethostbyname(name): the first IPv4 address, dotted; HostError if none."""
    try:
        return kernel.lookup("gethostbyname", _libc_gethostbyname, name)
    except OSError as err:  # the seam replays herror as socket.herror, an OSError
        raise _host_error(err)


def gethostbyaddr(kernel, dotted):
    """glibc gethostbyaddr(): the host's official name, or None."""
    return kernel.lookup("gethostbyaddr", _host_name_of, dotted)


def getnetbyname(kernel, name):
    """glibc getnetbyname() (/etc/networks): the network number, dotted, or None."""
    return kernel.lookup("getnetbyname", _libc_getnetbyname, name)


def getnetbyaddr(kernel, dotted):
    """glibc getnetbyaddr(net, AF_INET): the network's name, or None."""
    return kernel.lookup("getnetbyaddr", _libc_getnetbyaddr, dotted)


def _host_error(err):
    args = getattr(err, "args", ())
    if len(args) == 2 and isinstance(args[0], int):
        return HostError(args[0], args[1])
    return HostError(-1, "Resolver internal error")


# The live lookups.  The resolver calls go to glibc itself through ctypes, as
# the C tool makes them: Python's socket.gethostbyname() asks getaddrinfo(),
# whose errors are not h_errno, and Python has no getnetby*() at all.

_libc = None


def _load_libc():
    global _libc
    if _libc is None:
        import ctypes

        class HostEnt(ctypes.Structure):
            _fields_ = [("h_name", ctypes.c_char_p),
                        ("h_aliases", ctypes.POINTER(ctypes.c_char_p)),
                        ("h_addrtype", ctypes.c_int),
                        ("h_length", ctypes.c_int),
                        ("h_addr_list", ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)))]

        class NetEnt(ctypes.Structure):
            _fields_ = [("n_name", ctypes.c_char_p),
                        ("n_aliases", ctypes.POINTER(ctypes.c_char_p)),
                        ("n_addrtype", ctypes.c_int),
                        ("n_net", ctypes.c_uint32)]

        libc = ctypes.CDLL(None)
        libc.gethostbyname.argtypes = [ctypes.c_char_p]
        libc.gethostbyname.restype = ctypes.POINTER(HostEnt)
        libc.gethostbyaddr.argtypes = [ctypes.c_char_p, ctypes.c_uint, ctypes.c_int]
        libc.gethostbyaddr.restype = ctypes.POINTER(HostEnt)
        libc.getnetbyname.argtypes = [ctypes.c_char_p]
        libc.getnetbyname.restype = ctypes.POINTER(NetEnt)
        libc.getnetbyaddr.argtypes = [ctypes.c_uint32, ctypes.c_int]
        libc.getnetbyaddr.restype = ctypes.POINTER(NetEnt)
        libc.hstrerror.argtypes = [ctypes.c_int]
        libc.hstrerror.restype = ctypes.c_char_p
        libc.__h_errno_location.restype = ctypes.POINTER(ctypes.c_int)
        _libc = libc
    return _libc


def _text(raw):
    return raw.decode("utf-8", "surrogateescape")


def _bytes(text):
    return text.encode("utf-8", "surrogateescape")


def _libc_gethostbyname(name):
    libc = _load_libc()
    entry = libc.gethostbyname(_bytes(name))
    if not entry:
        h_errno = libc.__h_errno_location()[0]
        import _socket

        raise _socket.herror(h_errno, _text(libc.hstrerror(h_errno)))
    first = entry.contents.h_addr_list[0]
    return "%d.%d.%d.%d" % tuple(first[i] for i in range(4))


def _host_name_of(dotted):
    import _socket

    try:
        return _socket.gethostbyaddr(dotted)[0]
    except OSError:  # herror: no name
        return None
    except UnicodeError:  # a name that is not UTF-8: ask glibc for the bytes
        libc = _load_libc()
        entry = libc.gethostbyaddr(_socket.inet_aton(dotted), 4, AF_INET)
        return _text(entry.contents.h_name) if entry else None


def _libc_getnetbyname(name):
    entry = _load_libc().getnetbyname(_bytes(name))
    if not entry:
        return None
    return dotted_quad(struct.pack("!I", entry.contents.n_net))


def _libc_getnetbyaddr(dotted):
    import _socket

    net = struct.unpack("!I", _socket.inet_aton(dotted))[0]
    entry = _load_libc().getnetbyaddr(net, AF_INET)
    return _text(entry.contents.n_name) if entry else None


def dotted_quad(packed):
    """inet_ntoa(): four bytes as a.b.c.d."""
    return "%d.%d.%d.%d" % (packed[0], packed[1], packed[2], packed[3])


# ---- net-tools' resolver (lib/inet.c) --------------------------------------

def inet_aton(text):
    """glibc inet_aton(): four bytes, or None when `text` is not an address.

    The forms C accepts: 1 to 4 parts, each decimal, 0x hex or 0 octal, the
    last part filling the remaining bytes ("10.1" is 10.0.0.1, "0x7f000001"
    is 127.0.0.1); white space and anything after it is ignored.
    """
    parts = []
    pos = 0
    end = len(text)
    while True:
        if pos >= end or text[pos] not in "0123456789":
            return None
        pos, value = _strtoul0(text, pos)
        if value is None:
            return None
        if pos < end and text[pos] == ".":
            if len(parts) > 2 or value > 0xFF:
                return None
            parts.append(value)
            pos += 1
            continue
        break
    if pos < end and text[pos] not in _SPACE:
        return None
    if value > (0xFFFFFFFF, 0xFFFFFF, 0xFFFF, 0xFF)[len(parts)]:
        return None
    number = value
    for index, part in enumerate(parts):
        number |= part << (24 - 8 * index)
    return struct.pack("!I", number)


def _strtoul0(text, pos):
    """strtoul(text + pos, &end, 0) for a string starting with a digit: (end, value).

    value is None on overflow (ERANGE: more than 64 bits).
    """
    end = len(text)
    if text.startswith(("0x", "0X"), pos) and pos + 2 < end and text[pos + 2] in _HEX:
        base, digits, pos = 16, _HEX, pos + 2
    elif text[pos] == "0":
        base, digits = 8, "01234567"
    else:
        base, digits = 10, "0123456789"
    start = pos
    while pos < end and text[pos] in digits:
        pos += 1
    value = int(text[start:pos], base)
    return pos, (value if value < (1 << 64) else None)


class Resolver:
    """net-tools' INET_resolve() and INET_rresolve(), with their lookups and cache."""

    def __init__(self, kernel):
        self.kernel = kernel
        self._names = {}  # (address, is_host) -> name, as INET_rresolve caches

    def resolve(self, name):
        """INET_resolve(name, hostfirst=0): four address bytes; HostError if unknown.

        The order is the C one, surprising as it is: "default" means 0.0.0.0,
        then a numeric address, then the networks database (/etc/networks:
        `arp loopback` looks up 127.0.0.0), and only then host names.
        """
        if name == "default":
            return bytes(4)
        packed = inet_aton(name)
        if packed is not None:
            return packed
        network = getnetbyname(self.kernel, name)
        if network is not None:
            return inet_aton(network)
        return inet_aton(gethostbyname(self.kernel, name))

    def address_name(self, packed, numeric=0, netmask=0xFFFFFF00):
        """INET_rresolve(): the name to show for an address.

        numeric & 0x0fff: no lookup at all; & 0x8000: "default" for 0.0.0.0/0;
        & 0x4000: always a host.  What is left is a quirk worth knowing: the
        C code decides "host or network?" by testing the address, in network
        byte order, against a netmask in host byte order.  On a little-endian
        machine with arp's 0xffffff00 that tests the FIRST octet, so every
        address not in 0.0.0.0/8 is looked up as a host (gethostbyaddr) and
        0.x.y.z as a network (getnetbyaddr).
        """
        dotted = dotted_quad(packed)
        if numeric & 0x0FFF:
            return dotted
        address = struct.unpack("=I", packed)[0]  # s_addr as the CPU sees it
        if address == 0:
            if netmask == 0:
                return "default" if numeric & 0x8000 else "*"
            return "0.0.0.0"
        is_host = bool(address & ~netmask & 0xFFFFFFFF) or bool(numeric & 0x4000)
        key = (address, is_host)
        name = self._names.get(key)
        if name is None:
            if is_host:
                name = gethostbyaddr(self.kernel, dotted)
            else:
                name = getnetbyaddr(self.kernel, dotted)
            if name is None:
                name = dotted
            self._names[key] = name
        return name
