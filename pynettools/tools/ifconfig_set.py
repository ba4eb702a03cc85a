"""ifconfig's settings: `ifconfig IF [AF] WORD...`, one ioctl (or two) per word.

ifconfig.c's main loop, word by word; every failure is reported and noted
(goterr) and the loop goes on, except usage errors and an address that does
not resolve, which end the program.  The exit status is goterr: 0, 1, or
255 when a flag change failed (set_flag/clr_flag return -1, ORed in).

Kernel side: pynettools.kernel.netdev (SIOCGIFFLAGS/SIOCSIFFLAGS for the flag
words, SIOCSIFMTU, SIOCSIFTXQLEN, SIOCSIFADDR, SIOCSIFNETMASK, SIOCSIFBRDADDR,
SIOCSIFDSTADDR, SIOCSIFHWADDR, SIOCSIFNAME, SIOCGIFMAP/SIOCSIFMAP, and for
IPv6 SIOCGIFINDEX then SIOCSIFADDR/SIOCDIFADDR with struct in6_ifreq).
"""
import struct

from pynettools.kernel import netdev

_FLAG_WORDS = {
    # word: (set or clear, flag, warning when a clear did not stick)
    "arp": (False, netdev.IFF_NOARP, None),
    "-arp": (True, netdev.IFF_NOARP, None),
    "trailers": (False, netdev.IFF_NOTRAILERS, None),
    "-trailers": (True, netdev.IFF_NOTRAILERS, None),
    "promisc": (True, netdev.IFF_PROMISC, None),
    "-promisc": (False, netdev.IFF_PROMISC,
                 "Warning: Interface %s still in promisc mode... maybe other application is running?\n"),
    "multicast": (True, netdev.IFF_MULTICAST, None),
    "-multicast": (False, netdev.IFF_MULTICAST, "Warning: Interface %s still in MULTICAST mode.\n"),
    "allmulti": (True, netdev.IFF_ALLMULTI, None),
    "-allmulti": (False, netdev.IFF_ALLMULTI, "Warning: Interface %s still in ALLMULTI mode.\n"),
    "up": (True, netdev.IFF_UP | netdev.IFF_RUNNING, None),
    "down": (False, netdev.IFF_UP, None),
    "dynamic": (True, netdev.IFF_DYNAMIC, None),
    "-dynamic": (False, netdev.IFF_DYNAMIC, "Warning: Interface %s still in DYNAMIC mode.\n"),
}


# <linux/if_slip.h>: SLIP's private ioctls, which ifconfig offers for any device.
SIOCSKEEPALIVE = 0x89F0
SIOCSOUTFILL = 0x89F2

# lib/interface.c if_port_text: the media names (struct ifmap's port), in port order.
PORT_TEXT = (("unknown",), ("10base2", "bnc", "coax"), ("10baseT", "utp", "tpe"), ("AUI", "thick", "db15"),
             ("100baseT",), ("100baseTX",), ("100baseFX",))


def _set_media(settings, value, goterr):
    """`media TYPE` / `port TYPE` (not auto): a number or a name from PORT_TEXT
    goes into struct ifmap's port (SIOCGIFMAP, SIOCSIFMAP)."""
    newport = None
    digits = value.lstrip(" \t\n\v\f\r")
    sign = 1
    if digits[:1] in "+-" and digits:
        sign = -1 if digits[0] == "-" else 1
        digits = digits[1:]
    if value == "" or (digits.isdigit() and digits.isascii()):
        newport = sign * int(digits) if digits else 0
    else:
        for index, names in enumerate(PORT_TEXT):
            if any(value.lower() == text.lower() for text in names):
                newport = index
                break
    if newport is None:
        settings.err.write("Unknown media type.\n")
        return 1
    try:
        current = netdev.ifreq_ioctl(settings.kernel, "SIOCGIFMAP", netdev.SIOCGIFMAP, settings.name)
    except OSError as error:
        settings.err.write("port: SIOCGIFMAP: %s\n" % error.strerror)
        return 1
    ifmap = bytearray(current)
    ifmap[20] = newport & 0xFF
    try:
        netdev.ifreq_ioctl(settings.kernel, "SIOCSIFMAP", netdev.SIOCSIFMAP, settings.name, bytes(ifmap))
    except OSError as error:
        settings.err.write("port: SIOCSIFMAP: %s\n" % error.strerror)
        return 1
    return goterr


class _Settings:
    def __init__(self, tool, name):
        self.tool = tool
        self.kernel = tool.kernel
        self.err = tool.err
        self.name = name

    def set_flag(self, flag):
        try:
            flags = netdev.get_flags(self.kernel, self.name)
        except OSError as err:
            self.err.write("%s: ERROR while getting interface flags: %s\n" % (self.name, err.strerror))
            return -1
        try:
            netdev.set_flags(self.kernel, self.name, flags | flag)
        except OSError as err:
            self.err.write("SIOCSIFFLAGS: %s\n" % err.strerror)
            return -1
        return 0

    def clr_flag(self, flag):
        try:
            flags = netdev.get_flags(self.kernel, self.name)
        except OSError as err:
            self.err.write("%s: ERROR while getting interface flags: %s\n" % (self.name, err.strerror))
            return -1
        try:
            netdev.set_flags(self.kernel, self.name, flags & ~flag)
        except OSError as err:
            self.err.write("SIOCSIFFLAGS: %s\n" % err.strerror)
            return -1
        return 0

    def test_flag(self, flag):
        try:
            return netdev.get_flags(self.kernel, self.name) & flag
        except OSError as err:
            self.err.write("%s: ERROR while testing interface flags: %s\n" % (self.name, err.strerror))
            return -1


def _atoi(word):
    from pynettools.tools.route import _atoi as atoi

    return atoi(word)


def _strtoul0(word):
    from pynettools.tools.route import _strtoul0_full

    return _strtoul0_full(word)[0]


def _inet_input(settings, host):
    """INET_resolve(host, hostfirst=0): a sockaddr_in (16 bytes), or None after herror()."""
    from pynettools.tools.route import _Lookup, _inet_resolve

    try:
        packed, _ = _inet_resolve(settings.tool, host, False)
    except _Lookup as err:
        settings.err.write("%s: %s\n" % (host, err.text))
        return None
    return struct.pack("=HH4s8x", netdev.AF_INET, 0, packed)


def configure(tool, name, words):
    settings = _Settings(tool, name)
    kernel = tool.kernel
    err = tool.err
    family = "inet"
    if words and words[0] in ("unix", "inet", "inet6", "ax25", "netrom", "rose", "ipx", "ddp", "ec",
                              "ash", "x25"):
        family = words[0]
        words = words[1:]
    goterr = 0
    didnetmask = False
    netmask_later = None
    words = list(words)
    while words:
        word = words.pop(0)
        flag_word = _FLAG_WORDS.get(word)
        if flag_word is not None:
            setting, flag, warning = flag_word
            if setting:
                goterr |= settings.set_flag(flag)
            else:
                goterr |= settings.clr_flag(flag)
                if warning and settings.test_flag(flag) > 0:
                    err.write(warning % name)
            continue
        if word in ("media", "port"):
            if not words:
                tool.usage(3)
            if words[0].lower() == "auto":
                # 2.10 sets IFF_AUTOMEDIA and forgets to step over the word:
                # "auto" is read again next, as an address.
                goterr |= settings.set_flag(netdev.IFF_AUTOMEDIA)
                continue
            goterr = _set_media(settings, words.pop(0), goterr)
            continue
        if word in ("keepalive", "outfill"):
            if not words:
                tool.usage(3)
            what, request = {"keepalive": ("SIOCSKEEPALIVE", SIOCSKEEPALIVE),
                             "outfill": ("SIOCSOUTFILL", SIOCSOUTFILL)}[word]
            try:  # ifr_data: the number itself, as a pointer-sized value
                netdev.ifreq_ioctl(kernel, what, request, name, struct.pack("=q", _atoi(words[0])))
            except OSError as error:
                err.write("%s: %s\n" % (what, error.strerror))
                goterr = 1
            words.pop(0)
            continue
        if word == "mtu":
            if not words:
                tool.usage(3)
            try:
                netdev.set_int(kernel, "SIOCSIFMTU", netdev.SIOCSIFMTU, name, _atoi(words[0]))
            except OSError as error:
                err.write("SIOCSIFMTU: %s\n" % error.strerror)
                goterr = 1
            words.pop(0)
            continue
        if word == "-broadcast":
            goterr |= settings.clr_flag(netdev.IFF_BROADCAST)
            if settings.test_flag(netdev.IFF_BROADCAST) > 0:
                err.write("Warning: Interface %s still in BROADCAST mode.\n" % name)
            continue
        if word == "broadcast":
            if words:
                host = words.pop(0)[:127]
                sockaddr = _inet_input(settings, host)
                if sockaddr is None:
                    goterr = 1
                    continue
                try:
                    netdev.set_sockaddr(kernel, "SIOCSIFBRDADDR", netdev.SIOCSIFBRDADDR, name, sockaddr)
                except OSError as error:
                    err.write("SIOCSIFBRDADDR: %s\n" % error.strerror)
                    goterr = 1
            goterr |= settings.set_flag(netdev.IFF_BROADCAST)
            continue
        if word == "dstaddr":
            if not words:
                tool.usage(3)
            host = words.pop(0)[:127]
            sockaddr = _inet_input(settings, host)
            if sockaddr is None:
                goterr = 1
                continue
            try:
                netdev.set_sockaddr(kernel, "SIOCSIFDSTADDR", netdev.SIOCSIFDSTADDR, name, sockaddr)
            except OSError as error:
                err.write("SIOCSIFDSTADDR: %s\n" % error.strerror)
                goterr = 1
            continue
        if word == "netmask":
            if not words or didnetmask:
                tool.usage(3)
            host = words.pop(0)[:127]
            sockaddr = _inet_input(settings, host)
            if sockaddr is None:
                goterr = 1
                continue
            didnetmask = True
            goterr |= _set_netmask(settings, sockaddr)
            continue
        if word == "txqueuelen":
            if not words:
                tool.usage(3)
            try:
                netdev.set_int(kernel, "SIOCSIFTXQLEN", netdev.SIOCSIFTXQLEN, name,
                               _c_int(_strtoul0(words[0])))
            except OSError as error:
                err.write("SIOCSIFTXQLEN: %s\n" % error.strerror)
                goterr = 1
            words.pop(0)
            continue
        if word == "name":
            if not words:
                tool.usage(3)
            newname = netdev.ifname_bytes(words[0])
            try:
                kernel.ioctl("SIOCSIFNAME", netdev.SIOCSIFNAME, netdev.ifname_bytes(name) + newname + bytes(8),
                             netdev.AF_INET, name)
            except OSError as error:
                err.write("SIOCSIFNAME: %s\n" % error.strerror)
                goterr = 1
            words.pop(0)
            continue
        if word in ("mem_start", "io_addr", "irq"):
            if not words:
                tool.usage(3)
            value = words.pop(0)
            try:
                current = netdev.ifreq_ioctl(kernel, "SIOCGIFMAP", netdev.SIOCGIFMAP, name)
            except OSError as error:
                err.write("%s: SIOCGIFMAP: %s\n" % (word, error.strerror))
                goterr = 1
                continue
            ifmap = bytearray(current)
            if word == "mem_start":
                struct.pack_into("=Q", ifmap, 0, _strtoul0(value) & 0xFFFFFFFFFFFFFFFF)
            elif word == "io_addr":
                struct.pack_into("=H", ifmap, 16, _strtoul0(value) & 0xFFFF)
            else:
                struct.pack_into("=B", ifmap, 18, _atoi(value) & 0xFF)
            try:
                netdev.ifreq_ioctl(kernel, "SIOCSIFMAP", netdev.SIOCSIFMAP, name, bytes(ifmap))
            except OSError as error:
                err.write("%s: SIOCSIFMAP: %s\n" % (word, error.strerror))
                goterr = 1
            continue
        if word in ("-pointopoint", "-pointtopoint"):
            goterr |= settings.clr_flag(netdev.IFF_POINTOPOINT)
            if settings.test_flag(netdev.IFF_POINTOPOINT) > 0:
                err.write("Warning: Interface %s still in POINTOPOINT mode.\n" % name)
            continue
        if word in ("pointopoint", "pointtopoint"):
            if words:
                host = words[0][:127]
                sockaddr = _inet_input(settings, host)
                if sockaddr is None:
                    goterr = 1
                    words.pop(0)
                    continue
                try:
                    netdev.set_sockaddr(kernel, "SIOCSIFDSTADDR", netdev.SIOCSIFDSTADDR, name, sockaddr)
                except OSError as error:
                    err.write("SIOCSIFDSTADDR: %s\n" % error.strerror)
                    goterr = 1
                goterr |= settings.set_flag(netdev.IFF_POINTOPOINT)
                words.pop(0)
            else:
                goterr |= settings.set_flag(netdev.IFF_POINTOPOINT)
            continue
        if word == "hw":
            if not words:
                tool.usage(3)
            from pynettools.tools.arp import _HW_TYPES

            hw = None
            for candidate in _HW_TYPES:
                if candidate.name == words[0]:
                    hw = candidate
                    break
            if hw is None:
                tool.usage(3)
            if hw.parser is None:
                err.write("hw address type `%s' has no handler to set address. failed.\n" % words[0])
                del words[:2]
                goterr = 1
                continue
            words.pop(0)
            if not words:
                tool.usage(3)
            host = words.pop(0)[:127]
            buf = bytearray(16)
            struct.pack_into("=H", buf, 0, hw.type & 0xFFFF)
            if not hw.parser(host, buf, err):
                err.write("%s: invalid %s address.\n" % (host, hw.name))
                goterr = 1
                continue
            try:
                netdev.set_sockaddr(kernel, "SIOCSIFHWADDR", netdev.SIOCSIFHWADDR, name, bytes(buf))
            except OSError as error:
                if error.errno == 16:
                    err.write("SIOCSIFHWADDR: %s - you may need to down the interface\n" % error.strerror)
                else:
                    err.write("SIOCSIFHWADDR: %s\n" % error.strerror)
                goterr = 1
            continue
        if word in ("add", "del", "tunnel"):
            if not words:
                tool.usage(3)
            target = words[0]
            if ":" in target or word == "tunnel":
                status = _inet6_address(settings, word, target)
                if status is None:
                    tool.usage(3)
                goterr |= status
                words.pop(0)
                continue
            if word == "tunnel":
                tool.usage(3)
            host = words.pop(0)[:127]
            sockaddr = _inet_input(settings, host)
            if sockaddr is None:
                goterr = 1
                continue
            _set_ifstate(settings, sockaddr[4:8], word == "add")
            continue
        # Anything else is an address for the family (with /prefix: a netmask too).
        host = word[:127]
        if family == "inet" and "/" in host:
            from pynettools.tools.route import _strtoul0_full

            host, _, prefix_text = host.partition("/")
            prefix, rest = _strtoul0_full(prefix_text)
            if rest:
                tool.usage(3)
            if didnetmask:
                tool.usage(3)
            shift = _c_int(prefix) & 31
            netmask_later = struct.pack("=HH4s8x", netdev.AF_INET, 0,
                                        struct.pack("!I", ~(0xFFFFFFFF >> shift) & 0xFFFFFFFF))
        if family == "inet":
            sockaddr = _inet_input(settings, host)
            if sockaddr is None:
                err.write("ifconfig: `--help' gives usage information.\n")
                return 1
            try:
                netdev.set_sockaddr(kernel, "SIOCSIFADDR", netdev.SIOCSIFADDR, name, sockaddr)
            except OSError as error:
                err.write("SIOCSIFADDR: %s\n" % error.strerror)
                goterr = 1
        elif family == "inet6":
            from pynettools.kernel import routeioctl

            if routeioctl.inet6_pton(host) is None:
                code, text = kernel.lookup("getaddrinfo6", routeioctl.getaddrinfo6, host)
                if code:
                    err.write("getaddrinfo: %s: %d\n" % (host, code))
                    err.write("%s: %s\n" % (host, text))
                    err.write("ifconfig: `--help' gives usage information.\n")
                    return 1
            err.write("Don't know how to set addresses for family 10.\n")
            return 1
        else:
            err.write("ifconfig: Cannot set address for this protocol family.\n")
            return 1
        bring_up = True
        if ":" in name:
            if name.endswith("-"):
                bring_up = False
            elif sockaddr[4:8] == bytes(4):
                bring_up = False
        if bring_up:
            goterr |= settings.set_flag(netdev.IFF_UP | netdev.IFF_RUNNING)
    if netmask_later is not None:
        goterr |= _set_netmask(settings, netmask_later)
    if tool.verbose and goterr:
        err.write("WARNING: at least one error occured. (%d)\n" % _c_int(goterr))
    return goterr & 0xFF


def _set_netmask(settings, sockaddr):
    try:
        netdev.set_sockaddr(settings.kernel, "SIOCSIFNETMASK", netdev.SIOCSIFNETMASK, settings.name, sockaddr)
    except OSError as error:
        settings.err.write("SIOCSIFNETMASK: %s\n" % error.strerror)
        return 1
    return 0


def _c_int(value):
    value &= 0xFFFFFFFF
    return value - 0x100000000 if value & 0x80000000 else value


def _inet6_address(settings, word, target):
    """add/del/tunnel of an IPv6 address: the status to OR into goterr, or None
    for a bad prefix length (a usage error)."""
    from pynettools.kernel import routeioctl

    err = settings.err
    if "/" in target:
        target, _, prefix_text = target.partition("/")
        prefix_len = _atoi(prefix_text)
        if prefix_len < 0 or prefix_len > 128:
            return None
    else:
        prefix_len = 128
    host = target[:127]
    packed = routeioctl.inet6_pton(host)
    if packed is None:
        err.write("%s: Resolver Error 0 (no error)\n" % host)
        return 1
    try:
        ifindex = netdev.interface_index(settings.kernel, settings.name)
    except OSError as error:
        err.write("SIOGIFINDEX: %s\n" % error.strerror)
        return 1
    if word == "add":
        what, request = "SIOCSIFADDR", netdev.SIOCSIFADDR
    elif word == "del":
        what, request = "SIOCDIFADDR", netdev.SIOCDIFADDR
        if settings.tool.verbose:
            err.write("now deleting: ioctl(SIOCDIFADDR,{ifindex=%d,prefixlen=%d})\n" % (ifindex, prefix_len))
    else:
        what, request = "SIOCSIFDSTADDR", netdev.SIOCSIFDSTADDR
    try:
        netdev.in6_ifreq_ioctl(settings.kernel, what, request, packed, prefix_len, ifindex)
    except OSError as error:
        if word == "add":
            err.write("SIOCSIFADDR: %s\n" % error.strerror)
        else:
            err.write("%s: %s\n" % (what, error.strerror))
        return 1
    return 0


# ---- IPv4 add/del: aliases (ifconfig.c get_nmbc_parent, set_ifstate, do_ifcmd) ----

def _set_ifstate(settings, ip, turn_up):
    """`ifconfig IF add|del A.B.C.D`, as 2.10 does it, quirks included.

    The parent's netmask and broadcast are read first (a device that cannot be
    read gives zeros and a message).  Then every device is read, in
    ifconfig's order; an alias of the parent ("IF:N", matched by prefix as C's
    strncmp does) whose SIOCGIFDSTADDR answer -- its own address, unless it is
    point-to-point -- is the address is brought up (add) or down (del), and
    that is all.  Otherwise the lowest free alias number N gets the address,
    the parent's netmask and broadcast, and IFF_BROADCAST; `del` of an address
    no alias has does that too.  Failures of those last ioctls go unreported
    and the exit status ignores them (set_ifstate's result is never looked at).
    """
    from pynettools.kernel import netdev
    from pynettools.tools import ifconfig

    tool = settings.tool
    kernel = settings.kernel
    parent = settings.name
    netmask = broadcast = bytes(4)
    try:
        devices = netdev.read_proc_net_dev(kernel, parent)
    except OSError as error:
        tool.err.write("Warning: cannot open %s (%s). Limited output.\n" % (netdev.PROC_NET_DEV, error.strerror))
        tool.err.write("Interface %s not initialized\n" % parent)
        return 1
    names = []
    for name, _ in devices:
        ifconfig._cache_add(names, name)
    ifconfig._cache_add(names, parent)
    try:
        device = netdev.fetch(kernel, parent)
        netmask, broadcast = device.netmask[1], device.broadaddr[1]
    except OSError as error:
        _fetch_error(tool, parent, error)
    try:
        for name, _ in netdev.read_proc_net_dev(kernel):
            ifconfig._cache_add(names, name)
    except OSError as error:
        tool.err.write("Warning: cannot open %s (%s). Limited output.\n" % (netdev.PROC_NET_DEV, error.strerror))
    try:
        for name in netdev.ifconf_names(kernel):
            ifconfig._cache_add(names, name)
    except OSError as error:
        tool.err.write("SIOCGIFCONF: %s\n" % error.strerror)
    used = set()
    for name in names:
        try:
            device = netdev.fetch(kernel, name)
        except OSError as error:
            _fetch_error(tool, name, error)
            continue
        if not name.startswith(parent) or ":" not in name:
            continue
        alias = name.split(":", 1)[1]
        if "-" in alias:
            continue
        used.add(ifconfig._atoi(alias))
        if device.dstaddr[1] != ip:
            continue
        saved, settings.name = settings.name, name
        try:
            settings.set_flag(netdev.IFF_UP | netdev.IFF_RUNNING) if turn_up else settings.clr_flag(netdev.IFF_UP)
        finally:
            settings.name = saved
        return 0
    number = 0
    while number in used:
        number += 1
    if number >= 256:
        return 0
    alias = "%s:%d" % (parent, number)
    if len(alias.encode("utf-8", "surrogateescape")) > 16:
        return 0
    for what, request, address in (("SIOCSIFADDR", netdev.SIOCSIFADDR, ip),
                                   ("SIOCSIFNETMASK", netdev.SIOCSIFNETMASK, netmask),
                                   ("SIOCSIFBRDADDR", netdev.SIOCSIFBRDADDR, broadcast)):
        try:
            netdev.set_sockaddr(kernel, what, request, alias, struct.pack("=HH4s8x", netdev.AF_INET, 0, address))
        except OSError:
            return 0
    saved, settings.name = settings.name, alias
    try:
        settings.set_flag(netdev.IFF_BROADCAST)
    finally:
        settings.name = saved
    return 0


def _fetch_error(tool, name, error):
    text = "Device not found" if error.errno == 19 else error.strerror
    tool.err.write("%s: error fetching interface information: %s\n" % (name, text))
