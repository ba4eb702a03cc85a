"""ip golden cases: links with an XDP program attached (gathered by tests/ip/cases.py).

The ip-xdp lab (tests/ip/labs.py) has the devices; each case's setup attaches
the programs where none is yet (tests/ip/xdpload.py, run from the checkout's
top directory, as the test runners are): a generic-mode program on veth0, a
driver-mode one on veth1.  A program's id is the kernel's counter of loaded
programs, so it changes when the lab is built again; within a lab the
program stays, and both runs of a pair show the same id and load time.  ip
asks bpf() for the name and tag (as root: ours too, through the seam).
"""
from tests.ip.cases import ip

XDP_SETUP = [["python3", "tests/ip/xdpload.py", "veth0", "generic", "pnt_generic"],
             ["python3", "tests/ip/xdpload.py", "veth1", "driver", "pnt_driver"]]
# every device's state and counters must hold still across the pair
XDP_SNAPSHOT = [["ip", "-s", "-s", "link"]]


def xdp(name, words, note="", **kwargs):
    kwargs.setdefault("snapshot", XDP_SNAPSHOT)
    return ip(name, words, lab="ip-xdp", note=note, setup=XDP_SETUP, **kwargs)


CASES = [
    xdp("xdp-link", "link", note='"xdpgeneric"/"xdp" after the mtu, a "prog/xdp" line per program'),
    xdp("xdp-link-details", "-d link", note="-d adds load_time and created_by_uid"),
    xdp("xdp-link-json", "-j link", note='the "xdp" object: mode, prog, attached'),
    xdp("xdp-link-json-pretty-details", "-j -p -d link"),
    xdp("xdp-link-json-details", "-j -d link"),
    xdp("xdp-link-brief", "-br link", note="-br shows no program"),
    xdp("xdp-link-oneline", "-o link"),
    xdp("xdp-link-oneline-details", "-o -d link"),
    xdp("xdp-link-show-dev", "link show dev veth1"),
    xdp("xdp-link-stats", "-s link show veth0", note="the program line comes before the counters"),
    xdp("xdp-link-color-tty", "-c link show veth0", tty_columns=80),
    xdp("xdp-addr", "addr", note='`ip addr`: "xdpgeneric/id:N", no program line without -d'),
    xdp("xdp-addr-details", "-d addr show dev veth0"),
    xdp("xdp-addr-json", "-j addr show dev veth0"),
    xdp("xdp-addr-oneline", "-o addr show dev veth0"),
]
