"""ip golden cases: `ip address save / showdump / restore` and `ip rule restore`
(issue 10; pynettools/tools/ip/routesave.py), gathered by tests/ip/cases.py.

save runs in the ip-change lab without changing it (so the lab is not built
again between the pair's runs, and the addresses' creation stamps in
IFA_CACHEINFO are the same for both): its stdout is the saved stream,
compared as tests/harness/volatile.py compares `ip route save`'s (only the
sequence number and the port id may differ).  showdump and restore read a
stream on stdin: the real ip's, from tests/ip/savedumps/ (copied from the
golden stdout of the save case each file is named after), or one cut or
made up here.  restore runs in a fresh ip-change lab and is compared on the
state it leaves too (cases_change.STATE); the saved device indexes are the
lab's, which a fresh build gives again.
"""
import struct

from tests.ip.cases import ip
from tests.ip.cases_change import change
from tests.ip.cases_save import saved

ADDR_MAGIC = struct.pack("=I", 0x47361222)
ROUTE_MAGIC = struct.pack("=I", 0x45311224)
RULE_MAGIC = struct.pack("=I", 0x71706986)


def save(name, words, note="", **kwargs):
    """A save that leaves the ip-change lab as it is (see above)."""
    return ip(name, words, lab="ip-change", note=note, **kwargs)


def addr_showdump(name, words, stream, note="", **kwargs):
    return ip(name, words, lab="ip-change", note=note, files={"dump": stream}, stdin="dump", **kwargs)


def restore(name, words, stream, note="", **kwargs):
    return change(name, words, note=note, files={"dump": stream}, stdin="dump", **kwargs)


RULES = saved("rule-save.bin")
ROUTES = saved("route-save-table-all.bin")
# a header whose length is shorter than a header: rtnl_from_file's "malformed"
MALFORMED = struct.pack("=IHHII", 8, 20, 2, 0, 0)

CASES = [
    # ---- ip address save -------------------------------------------------------------------
    save("addr-save", "addr save", note="every address of every device, raw"),
    save("addr-save-dev", "addr save dev veth0", note="the device reaches the kernel's dump filter"),
    save("addr-save-dev-bare", "addr save veth1", note="`dev` may be left out"),
    save("addr-save-4", "-4 addr save"),
    save("addr-save-6", "-6 addr save"),
    save("addr-save-6-dev", "-6 addr save dev veth0"),
    save("addr-save-scope", "addr save scope host", note="read, then forgotten: every address is saved"),
    save("addr-save-label", "addr save label veth1"),
    save("addr-save-to", "addr save to 198.51.100.0/24", note="to sets the show filter's family, not the dump's"),
    save("addr-save-flags", "addr save permanent -secondary up"),
    save("addr-save-abbreviated", "a sa dev lo", note="sa: save"),
    save("addr-save-json", "-j addr save", note="no JSON array: the stream alone"),
    save("addr-save-link-family", "-0 addr save"),
    save("addr-save-no-device", "addr save dev nosuch", note="before the magic: exit 1, stdout empty"),
    save("addr-save-dev-twice", "addr save dev veth0 dev veth1"),
    save("addr-save-bad-scope", "addr save scope bogus"),
    save("addr-save-bad-to", "addr save to 198.51.100.999"),
    save("addr-save-tty", "addr save", tty_columns=80, note="Not sending a binary stream to stdout, exit 1"),
    save("addr-save-tty-no-device", "addr save dev nosuch", tty_columns=80,
         note="the device is looked up before the terminal is refused"),
    # ---- ip address showdump: streams that are not (whole) address streams -----------------
    ip("addr-showdump-empty", "addr showdump", lab="ip-change", note="Magic mismatch (0 elems, 0 magic), exit 255"),
    addr_showdump("addr-showdump-short-magic", "addr showdump", ADDR_MAGIC[:3]),
    addr_showdump("addr-showdump-route-stream", "addr showdump", ROUTES, note="the route magic: mismatch"),
    addr_showdump("addr-showdump-magic-only", "addr showdump", ADDR_MAGIC, note="no message: nothing, exit 0"),
    addr_showdump("addr-showdump-json-magic-only", "-j addr showdump", ADDR_MAGIC,
                  note="the JSON frame around no address"),
    addr_showdump("addr-showdump-routes", "addr showdump", ADDR_MAGIC + ROUTES[4:],
                  note='route messages under the address magic: "if<N>:" each, from the rtmsg\'s bytes'),
    addr_showdump("addr-showdump-malformed", "addr showdump", ADDR_MAGIC + MALFORMED,
                  note="a length under 16: malformed, at ftell() of a pipe ((unsigned long)-1)"),
    addr_showdump("addr-showdump-header-cut", "addr showdump", ADDR_MAGIC + MALFORMED[:10]),
    # ---- ip address restore: streams that are not (whole) address streams ------------------
    restore("addr-restore-empty", "addr restore", b"", note="Magic mismatch, exit 255, nothing changed"),
    restore("addr-restore-route-stream", "addr restore", ROUTES),
    restore("addr-restore-magic-only", "addr restore", ADDR_MAGIC),
    restore("addr-restore-malformed", "addr restore", ADDR_MAGIC + MALFORMED),
    # ---- ip rule restore -------------------------------------------------------------------
    restore("rule-restore", "rule restore", RULES,
            note="the stream of the ip-rules lab; no NLM_F_EXCL: rules the lab has come twice"),
    restore("rule-restore-after-flush", "rule restore", RULES, before=["rule flush"]),
    restore("rule-restore-6", "-6 rule restore", RULES, before=["rule flush"],
            note="-6 does not matter: the messages carry their family"),
    restore("rule-restore-truncated", "rule restore", RULES[:-12], before=["rule flush"],
            note="the rules before the cut come back, then rtnl-from_file's complaint, exit 255"),
    restore("rule-restore-empty", "rule restore", b""),
    restore("rule-restore-route-stream", "rule restore", ROUTES, note="Magic mismatch (1 elems, 45311224 magic)"),
    restore("rule-restore-magic-only", "rule restore", RULE_MAGIC),
    restore("rule-restore-abbreviated", "ru res", RULES, before=["rule flush"], note="res: restore"),
]

ADDRS = saved("addr-save.bin")
ADDRS6 = saved("addr-save-6.bin")

CASES += [
    # ---- ip address showdump of what the real ip saved -------------------------------------
    addr_showdump("addr-showdump", "addr showdump", ADDRS, note='"if<N>:" and the address, per message'),
    addr_showdump("addr-showdump-6", "addr showdump", ADDRS6),
    addr_showdump("addr-showdump-4-of-6", "-4 addr showdump", ADDRS6, note="the family does not filter"),
    addr_showdump("addr-showdump-json", "-j addr showdump", ADDRS),
    addr_showdump("addr-showdump-json-pretty", "-j -p addr showdump", ADDRS6),
    addr_showdump("addr-showdump-oneline", "-o addr showdump", ADDRS, note='-o: "\\" for each new line'),
    addr_showdump("addr-showdump-brief", "-br addr showdump", ADDRS),
    addr_showdump("addr-showdump-truncated", "addr showdump", ADDRS[:-20],
                  note="the addresses before the cut, then rtnl-from_file's complaint, exit 255"),
    addr_showdump("addr-showdump-abbreviated", "a showd", ADDRS),
    # ---- ip address restore of what the real ip saved --------------------------------------
    restore("addr-restore-exists", "addr restore", ADDRS,
            note="every address is there already: each refusal printed, and on: exit 0"),
    restore("addr-restore-after-flush", "addr restore", ADDRS, before=["addr flush dev veth0"]),
    restore("addr-restore-after-delete", "a restore", ADDRS,
            before=["addr del 198.51.100.2/24 dev veth1", "addr add 203.0.113.9/24 dev veth1"]),
    restore("addr-restore-6", "addr restore", ADDRS6, before=["-6 addr flush dev veth0"]),
    restore("addr-restore-truncated", "addr restore", ADDRS[:-20], before=["addr flush dev veth0"]),
    restore("addr-restore-no-device", "addr restore", ADDRS, before=["link del veth0"],
            note="the saved index names no device any more: the kernel's refusal ends the restore, exit 255"),
]

CASES += [
    # ---- in a -batch: save, showdump and restore exit(), ending the batch ------------------
    save("addr-save-in-batch", "-batch cmds", files={"cmds": "address save dev lo\naddress show dev lo\n"},
         note="the stream, and nothing of the second line"),
    ip("addr-showdump-in-batch", "-batch cmds", lab="ip-change",
       files={"dump": ADDRS, "cmds": "address showdump\nlink show dev lo\n"}, stdin="dump"),
    change("addr-restore-in-batch", "-batch cmds", files={"dump": ADDRS, "cmds": "address restore\n"
                                                           "address add 203.0.113.7/24 dev veth0\n"},
           stdin="dump", before=["addr flush dev veth0"], note="the address on the second line is not added"),
    change("rule-restore-in-batch", "-force -batch cmds", files={"dump": RULES, "cmds": "rule restore\n"
                                                                 "rule add pref 5 table 5\n"},
           stdin="dump", before=["rule flush"], note="not even under -force"),
    # the stream in the batch file itself, after the command's line
    ip("addr-showdump-batch-stream", "-batch cmds", lab="ip-change", files={"cmds": b"address showdump\n" + ADDRS}),
    ip("addr-showdump-batch-malformed", "-batch cmds", lab="ip-change",
       files={"cmds": b"address showdump\n" + ADDR_MAGIC + MALFORMED},
       note="ftell() works on the batch file: the place is the file's"),
    change("addr-restore-batch-stream", "-batch cmds", files={"cmds": b"addr restore\n" + ADDRS},
           before=["addr flush dev veth0"]),
    change("rule-restore-batch-stream", "-batch cmds", files={"cmds": b"rule restore\n" + RULES},
           before=["rule flush"]),
]
