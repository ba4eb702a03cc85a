"""Fast unit tests for arp: no root, no namespace, no real kernel.

A hand-made kernel stands in for the seam (it answers reads, ioctls and
lookups from dicts and notes what was asked), so these tests pin down option
parsing, address and ethers-file parsing, and error paths.  Every message
expected here was checked against Debian 12's /usr/sbin/arp (net-tools 2.10)
in a lab namespace; the golden and differential tests cover the rest.
"""
import errno
import io

import pytest

from pynettools.env import Env
from pynettools.kernel import arp as karp
from pynettools.tools import arp as tool

PROC_HEADER = "IP address       HW type     Flags       HW address            Mask     Device\n"
PROC_TABLE = PROC_HEADER + (
    "198.51.100.10    0x1         0x6         02:00:00:00:00:10     *        vA\n"
    "198.51.100.2     0x1         0x2         2a:c1:aa:60:bf:df     *        vA\n"
    "198.51.100.99    0x1         0x0         00:00:00:00:00:00     *        vA\n"
    "203.0.113.5      0x1         0x6         02:00:00:00:01:05     *        vC\n"
    "198.51.100.50    0x1         0xc         00:00:00:00:00:00     *        vA\n"
)
NAMES = {"198.51.100.2": "host2", "198.51.100.10": "permhost",
         "203.0.113.5": "averyveryverylonghostnamethatexceedstwentythree.example"}


class FakeKernel:
    """Just enough of pynettools.kernel.seam.Kernel, answering from dicts."""

    def __init__(self, files=None, names=None, hosts=None, networks=None, ioctl_errors=None,
                 hwaddrs=None):
        self.files = {"/proc/net/arp": PROC_TABLE} if files is None else files
        self.names = NAMES if names is None else names          # gethostbyaddr
        self.hosts = hosts or {"host2": "198.51.100.2"}          # gethostbyname
        self.networks = networks or {"loopback": "127.0.0.0"}    # getnetbyname
        self.ioctl_errors = list(ioctl_errors or [])              # errnos, in order
        self.hwaddrs = hwaddrs or {}                              # device -> (type, 16 bytes)
        self.ioctls = []
        self.lookups = []

    def read_text(self, path, unit="lines", header_lines=0):
        if path not in self.files:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")
        if self.files[path] is IsADirectoryError:
            raise IsADirectoryError(errno.EISDIR, "Is a directory")
        return self.files[path]

    def ioctl(self, name, request, arg, family=2, detail=""):
        self.ioctls.append((name, bytes(arg), detail))
        if name == "SIOCGIFHWADDR":
            device = bytes(arg[:16]).rstrip(b"\0").decode()
            if device not in self.hwaddrs:
                raise OSError(errno.ENODEV, "No such device")
            hwtype, data = self.hwaddrs[device]
            return bytes(arg[:16]) + hwtype.to_bytes(2, "little") + data + bytes(6)
        if self.ioctl_errors:
            code = self.ioctl_errors.pop(0)
            if code:
                raise OSError(code, _strerror(code))
        return bytes(arg)

    def lookup(self, name, function, *args):
        self.lookups.append((name,) + args)
        key = args[0]
        if name == "gethostbyaddr":
            return self.names.get(key)
        if name == "getnetbyname":
            return self.networks.get(key)
        if name == "getnetbyaddr":
            return None
        if name == "gethostbyname":
            if key == "":
                raise OSError(3, "Unknown server error")
            if key not in self.hosts:
                raise OSError(2, "Host name lookup failure")
            return self.hosts[key]
        raise AssertionError("unexpected lookup %s" % name)

    def close(self):
        pass


def _strerror(code):
    import os

    return os.strerror(code)


def run(*args, kernel=None, environ=None):
    """arp ARGS with a fake kernel: (stdout, stderr, status, kernel)."""
    kernel = kernel or FakeKernel()
    env = Env(stdout=io.StringIO(), stderr=io.StringIO(), environ=environ or {}, kernel=kernel)
    status = tool.main(["arp"] + list(args), env)
    return env.stdout.getvalue(), env.stderr.getvalue(), status, kernel


USAGE_TAIL = (
    "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n"
    "    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) \n"
    "    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n"
    "    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) \n"
)


# ---- options ---------------------------------------------------------------

def test_help_goes_to_stdout_but_the_type_list_to_stderr():
    out, err, status, _ = run("-h")
    assert (out, err, status) == (tool.USAGE, USAGE_TAIL, 0)


def test_version():
    out, err, status, _ = run("--version")
    assert out.startswith("net-tools 2.10\n+I18N +SELINUX\n")
    assert out.endswith("+HDLC/LAPB +EUI64 \n")
    assert (err, status) == ("", 0)


@pytest.mark.parametrize("args, message", [
    (["-z"], "arp: invalid option -- 'z'\n"),
    (["-\u00e9"], "arp: invalid option -- '\udcc3'\n"),  # one byte of the UTF-8, as getopt sees it
    (["-i"], "arp: option requires an argument -- 'i'\n"),
    (["--bogus"], "arp: unrecognized option '--bogus'\n"),
    (["--foo=bar"], "arp: unrecognized option '--foo=bar'\n"),
    (["--de"], "arp: option '--de' is ambiguous; possibilities: '--delete' '--device'\n"),
    (["--ver=1"], "arp: option '--ver=1' is ambiguous; possibilities: '--verbose' '--version'\n"),
    (["--numeric=1"], "arp: option '--numeric' doesn't allow an argument\n"),
    (["--hw-type"], "arp: option '--hw-type' requires an argument\n"),
    (["-?"], ""),
])
def test_usage_errors(args, message):
    out, err, status, _ = run(*args)
    assert out == ""
    assert err == message + tool.USAGE + USAGE_TAIL
    assert status == 3


def test_options_act_in_order():
    # -V exits before a later bad option is seen; a bad option before -V wins.
    assert run("-V", "-z")[2] == 0
    assert run("-z", "-V")[2] == 3
    # -A is checked when it is parsed, the inet-only rule after all options.
    out, err, status, _ = run("-A", "ax25", "-H", "bogus")
    assert (err, status) == ("arp: bogus: unknown hardware type.\n", 255)
    out, err, status, _ = run("-A", "ax25", "-H", "loop")
    assert (err, status) == ("arp: ax25: kernel only supports 'inet'.\n", 255)


@pytest.mark.parametrize("args, message", [
    (["-A", "foo"], "arp: foo: unknown address family.\n"),
    (["-A", "inet,inet6"], "Please don't supply more than one address family.\n"
                           "arp: inet,inet6: unknown address family.\n"),
    (["-p", "inet6"], "arp: inet6: kernel only supports 'inet'.\n"),
    (["-H", "tr"], "arp: tr: unknown hardware type.\n"),
    (["-H", "loop"], "arp: loop: hardware type without ARP support.\n"),
])
def test_family_and_hardware_type_errors(args, message):
    out, err, status, _ = run(*args)
    assert (out, err, status) == ("", message, 255)


def test_symbolic_is_only_a_warning():
    out, err, status, _ = run("-N", "-n")
    assert err == "arp: -N not yet supported.\n"
    assert status == 0 and out.startswith("Address ")


def test_operands_are_permuted_unless_posixly_correct():
    out, _, _, _ = run("host2", "-a")
    assert out == "host2 (198.51.100.2) at 2a:c1:aa:60:bf:df [ether] on vA\n"
    # POSIXLY_CORRECT: "-a" is an operand, so this is the default (Linux) style.
    out, _, _, _ = run("host2", "-a", environ={"POSIXLY_CORRECT": "1"})
    assert out.startswith("Address ")


# ---- display ---------------------------------------------------------------

def test_default_table_with_names():
    out, err, status, _ = run()
    assert out == (
        "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
        "permhost                 ether   02:00:00:00:00:10   CM                    vA\n"
        "host2                    ether   2a:c1:aa:60:bf:df   C                     vA\n"
        "198.51.100.99                    (incomplete)                              vA\n"
        "averyveryverylonghostna  ether   02:00:00:00:01:05   CM                    vC\n"
        "198.51.100.50            *       <from_interface>    MP                    vA\n")
    assert (err, status) == ("", 0)


def test_bsd_style_numeric_makes_no_lookups():
    out, err, status, kernel = run("-an")
    assert out == (
        "? (198.51.100.10) at 02:00:00:00:00:10 [ether] PERM on vA\n"
        "? (198.51.100.2) at 2a:c1:aa:60:bf:df [ether] on vA\n"
        "? (198.51.100.99) at <incomplete> on vA\n"
        "? (203.0.113.5) at 02:00:00:00:01:05 [ether] PERM on vC\n"
        "? (198.51.100.50) at <from_interface> PERM PUB on vA\n")
    assert kernel.lookups == []


def test_verbose_counts_and_no_match_messages():
    out, _, status, _ = run("-n", "-v", "-i", "vC")
    assert out.endswith("Entries: 5\tSkipped: 4\tFound: 1\n")
    out, _, _, _ = run("-n", "-i", "nosuch0")
    assert out == "arp: in 5 entries no match found.\n"
    out, _, status, _ = run("198.51.100.3")
    assert (out, status) == ("198.51.100.3 (198.51.100.3) -- no entry\n", 0)
    out, _, _, _ = run("-a", "198.51.100.3")
    assert out == "arp: in 5 entries no match found.\n"
    out, _, _, _ = run("loopback")  # getnetbyname comes before gethostbyname
    assert out == "loopback (127.0.0.0) -- no entry\n"


def test_empty_table_prints_nothing():
    out, err, status, _ = run(kernel=FakeKernel(files={"/proc/net/arp": PROC_HEADER}))
    assert (out, err, status) == ("", "", 0)


def test_unknown_host_and_empty_name():
    out, err, status, _ = run("nosuch")
    assert (out, err, status) == ("", "nosuch: Host name lookup failure\n", 255)
    out, err, status, _ = run("-s", "", "1")
    assert (err, status) == ("Unknown server error\n", 255)  # herror("") prints no prefix


def test_proc_read_error():
    out, err, status, _ = run(kernel=FakeKernel(files={}))
    assert (out, err, status) == ("", "/proc/net/arp: No such file or directory\n", 255)


def test_proc_parsing_quirks():
    text = PROC_HEADER + (
        "10.0.0.1 0x1 0x2 aa:bb:cc:dd:ee:ff mask1 eth9\n"
        "10.0.0.2 0x1 0x0 * eth8\n"               # five fields: no hardware address
        "10.0.0.3 0x1 0x2 11:22:33:44:55:66\n"    # four: Mask and Device stay from before
        "10.0.0.4 0x1\n"                          # fewer than four: reading stops here
        "10.0.0.5 0x1 0x2 11:22:33:44:55:77 * eth0\n")
    entries = karp.read_arp_cache(FakeKernel(files={"/proc/net/arp": text}))
    assert [(e.ip, e.hwaddr, e.mask, e.device) for e in entries] == [
        ("10.0.0.1", "aa:bb:cc:dd:ee:ff", "mask1", "eth9"),
        ("10.0.0.2", "", "*", "eth8"),
        ("10.0.0.3", "11:22:33:44:55:66", "*", "eth8"),
    ]


def test_reverse_lookup_quirks():
    kernel = FakeKernel()
    resolver = karp.Resolver(kernel)
    # 0.x.y.z is looked up as a network (the byte-order quirk), the rest as hosts.
    assert resolver.address_name(bytes([0, 1, 2, 3]), 0x8000) == "0.1.2.3"
    assert resolver.address_name(bytes([198, 51, 100, 2]), 0x8000) == "host2"
    assert resolver.address_name(bytes([198, 51, 100, 2]), 0x8000) == "host2"  # cached
    assert resolver.address_name(bytes(4), 0x8000) == "0.0.0.0"
    assert kernel.lookups == [("getnetbyaddr", "0.1.2.3"), ("gethostbyaddr", "198.51.100.2")]


@pytest.mark.parametrize("text, expected", [
    ("198.51.100.2", "198.51.100.2"), ("0xc6336402", "198.51.100.2"), ("3325256706", "198.51.100.2"),
    ("198.51.25602", "198.51.100.2"), ("198.51.100.2 junk", "198.51.100.2"), ("010.1", "8.0.0.1"),
    ("198.51.100.256", None), ("08.1.1.1", None), ("1.2.3.4.5", None), ("", None), ("0x", None),
    (" 1.2.3.4", None), ("1.2.3.4x", None), ("99999999999999999999999", None),
])
def test_inet_aton(text, expected):
    packed = karp.inet_aton(text)
    assert (karp.dotted_quad(packed) if packed is not None else None) == expected


# ---- setting and deleting --------------------------------------------------

def _arpreq(kernel):
    name, arg, detail = kernel.ioctls[-1]
    pa, ha, flags, netmask, dev = karp._ARPREQ.unpack(arg)
    return name, pa, ha, flags, netmask, dev.rstrip(b"\0"), detail


def test_set_short_hardware_address_keeps_the_buffer_bytes():
    # C reads the MAC into the buffer that holds the resolved sockaddr_in:
    # `arp -s 198.51.100.20 1:2` really sets 01:02:c6:33:64:14.
    out, err, status, kernel = run("-s", "198.51.100.20", "1:2")
    name, pa, ha, flags, netmask, dev, detail = _arpreq(kernel)
    assert (name, status, err) == ("SIOCSARP", 0, "")
    assert ha[:8] == bytes([1, 0, 1, 2, 198, 51, 100, 20])
    assert pa[:8] == bytes([2, 0, 0, 0, 198, 51, 100, 20])
    assert flags == karp.ATF_COM | karp.ATF_PERM
    assert detail == "198.51.100.20"


def test_set_flags_and_device():
    _, _, status, kernel = run("-s", "host2", "02:00:00:00:00:02", "temp", "pub", "dev", "averyverylongifXYZ")
    name, pa, ha, flags, netmask, dev, detail = _arpreq(kernel)
    assert flags == karp.ATF_COM | karp.ATF_PUBL
    assert dev == b"averyverylongif"  # 15 bytes, as the kernel's IFNAMSIZ allows
    assert detail == "198.51.100.2 pub dev averyverylongif"


@pytest.mark.parametrize("hwaddr", ["zz", ":1", "0g", "1-2"])
def test_set_bad_hardware_address(hwaddr):
    out, err, status, kernel = run("-s", "198.51.100.20", hwaddr)
    assert (out, err, status) == ("", "arp: invalid hardware address\n", 255)
    assert kernel.ioctls == []


@pytest.mark.parametrize("hw, address, ok", [
    ("arcnet", "1", False), ("arcnet", "12", True), ("rose", "123", False), ("rose", "1234567890", True),
    ("x25", "1234567890123456789", False), ("x25", "12/5", False), ("x25", "12345/3", True),
    ("ax25", "a.b", False), ("ax25", "ab-1", True), ("netrom", "abcdefg", False), ("eui64", "1", True),
])
def test_other_hardware_types_parse_like_net_tools(hw, address, ok):
    out, err, status, kernel = run("-H", hw, "-s", "198.51.100.20", address)
    assert (err == "") is ok
    if not ok:
        assert (err, status) == ("arp: invalid hardware address\n", 255)


def test_ash_complains_without_a_newline():
    _, err, status, _ = run("-H", "ash", "-s", "198.51.100.20", "1:2:zz")
    assert (err, status) == ("Malformed Ash addressarp: invalid hardware address\n", 255)


def test_types_without_a_reader_crash_like_net_tools():
    # net-tools calls a NULL function pointer: SIGSEGV, which a shell shows as 139.
    assert run("-H", "dlci", "-s", "198.51.100.20", "1")[2] == 139


@pytest.mark.parametrize("args, err, status", [
    (["-s"], "arp: need host name\n", 255),
    (["-s", "198.51.100.20"], "arp: need hardware address\n", 255),
    (["-d"], "arp: need host name\n", 255),
])
def test_missing_arguments(args, err, status):
    assert run(*args)[1:3] == (err, status)


@pytest.mark.parametrize("args", [["-s", "198.51.100.20", "1", "bogus"], ["-s", "198.51.100.20", "1", "dev"],
                                  ["-d", "198.51.100.20", "netmask"]])
def test_bad_modifier_is_a_usage_error(args):
    out, err, status, _ = run(*args)
    assert (err, status) == (tool.USAGE + USAGE_TAIL, 3)


def test_set_kernel_error():
    _, err, status, _ = run("-s", "10.9.9.9", "1", kernel=FakeKernel(ioctl_errors=[errno.ENETUNREACH]))
    assert (err, status) == ("SIOCSARP: Network is unreachable\n", 255)


def test_delete_tries_private_then_published():
    out, err, status, kernel = run("-v", "-d", "198.51.100.3", kernel=FakeKernel(
        ioctl_errors=[errno.ENXIO, errno.ENOENT]))
    assert out == "No ARP entry for 198.51.100.3\n"
    assert err == "arp: SIOCDARP(dontpub)\narp: SIOCDARP(pub)\n"
    assert status == 255
    assert [flags & karp.ATF_PUBL for flags in
            (karp._ARPREQ.unpack(arg)[2] for _, arg, _ in kernel.ioctls)] == [0, karp.ATF_PUBL]


def test_delete_messages_name_the_netmask_and_echo_args():
    out, err, status, _ = run("-v", "-d", "198.51.100.3", "priv", "netmask", "255.0.0.0", kernel=FakeKernel(
        ioctl_errors=[errno.ENXIO]))
    assert err == "args=priv\nargs=netmask\narp: SIOCDARP(dontpub)\n"
    assert (out, status) == ("No ARP entry for 255.0.0.0\n", 255)
    _, err, status, _ = run("-d", "198.51.100.3", kernel=FakeKernel(ioctl_errors=[errno.EINVAL]))
    assert (err, status) == ("SIOCDARP(dontpub): Invalid argument\n", 255)


def test_use_device():
    kernel = FakeKernel(hwaddrs={"lo": (772, bytes(16))})
    _, err, status, kernel = run("-v", "-D", "-s", "198.51.100.20", "lo", "pub", kernel=kernel)
    assert err == ("arp: device `lo' has HW address unspec "
                   "`00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00'.\narp: SIOCSARP()\n")
    _, err, status, _ = run("-Ds", "198.51.100.20", "nosuchif")
    assert (err, status) == ("arp: cant get HW-Address for `nosuchif': No such device.\n", 255)
    kernel = FakeKernel(hwaddrs={"vA": (1, bytes(16))})
    _, err, status, _ = run("-H", "ax25", "-Ds", "198.51.100.20", "vA", kernel=kernel)
    assert (err, status) == ("arp: protocol type mismatch.\n", 255)


# ---- ethers files ----------------------------------------------------------

ETHERS = (
    "# comment\n"
    "02:00:00:00:00:61 198.51.100.61\n"
    "\n"
    "   \n"
    "onlyone\n"
    "198.51.100.65 zz:zz\n"
    "\"198.51.100.66\" '02:00:00:00:00:66' pub\n"
)


def test_ethers_file_messages_and_line_numbers():
    kernel = FakeKernel(files={"/etc/ethers": ETHERS})
    out, err, status, kernel = run("-f", kernel=kernel)
    assert err == ("arp: format error on line 4 of etherfile /etc/ethers !\n"
                   "arp: format error on line 5 of etherfile /etc/ethers !\n"
                   "arp: invalid hardware address\n"
                   "arp: cannot set entry on line 6 of etherfile /etc/ethers !\n")
    assert (out, status) == ("", 0)
    sets = [karp._ARPREQ.unpack(arg) for _, arg, _ in kernel.ioctls]
    assert [s[0][4:8] for s in sets] == [bytes([198, 51, 100, 61]), bytes([198, 51, 100, 66])]
    assert sets[1][2] == karp.ATF_COM | karp.ATF_PERM | karp.ATF_PUBL


def test_ethers_file_verbose_echo_and_missing_file():
    kernel = FakeKernel(files={"e": "198.51.100.70 02:00:00:00:00:70"})
    _, err, status, _ = run("-vf", "e", kernel=kernel)
    assert (err, status) == (">> 198.51.100.70 02:00:00:00:00:70arp: SIOCSARP()\n", 0)
    _, err, status, _ = run("-f", "/nonexistent")
    assert (err, status) == ("arp: cannot open etherfile /nonexistent !\n", 255)
    assert run("-f", "/tmp", kernel=FakeKernel(files={"/tmp": IsADirectoryError}))[1:3] == ("", 0)


def test_ethers_bad_flag_ends_arp_with_usage():
    kernel = FakeKernel(files={"e": "198.51.100.70 1\n198.51.100.71 1 bogus\n198.51.100.72 1\n"})
    _, err, status, kernel = run("-f", "e", kernel=kernel)
    assert (err, status) == (tool.USAGE + USAGE_TAIL, 3)
    assert len(kernel.ioctls) == 1


def test_ethers_long_lines_are_read_in_1023_byte_pieces():
    line = b"198.51.100.74 02:00:00:00:00:74 " + b"x" * 1100 + b"\n"
    pieces = list(tool._fgets_lines(line, 1024))
    assert [len(p) for p in pieces] == [1023, len(line) - 1023]


@pytest.mark.parametrize("line, fields", [
    (b"a b\tc", [b"a", b"b", b"c"]),
    (b"  a  ", [b"a"]),
    (b"   ", [b""]),
    (b"\"a b\" 'c'", [b"a b", b"c"]),
    (b"\"a\\\"b\"", [b"a\\\"b"]),
    (b"\"open", [b"open"]),
    (b" ".join(b"%d" % i for i in range(40)), [b"%d" % i for i in range(31)]),
])
def test_getargs(line, fields):
    assert tool._getargs(line) == fields


def test_spec_shape():
    spec = tool.SPEC
    assert spec["name"] == "arp" and spec["section"] == "8"
    for option in spec["options"]:
        assert len(option) == 4
    assert {"-i", "-H", "-f", "hosts"} <= set(spec["completions"])
