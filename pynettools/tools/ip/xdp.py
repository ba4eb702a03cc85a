"""The XDP program attached to a link, as `ip link` / `ip addr` show it (ip/iplink_xdp.c xdp_dump).

The link message's IFLA_XDP says how a program is attached (IFLA_XDP_ATTACHED:
driver, generic, offload, or several at once, "multi") and its id; the
program's name and tag come from the bpf() system call
(pynettools/kernel/bpf.py), as lib/bpf_legacy.c bpf_dump_prog_info asks.

print_linkinfo() calls this twice, as ipaddress.c does:
  * after "mtu N", details=False: the mode word (`xdpgeneric`), and under
    `ip addr` (not `ip link`) the id glued to it (`xdpgeneric/id:97`); under
    -j the whole "xdp" object, and only here;
  * after the alias, details=True (`ip link`, or any -d): a line per program,
    `    prog/xdp id 97 name pnt_pass tag 614b434cd8324ecc jited `.
"""
from pynettools.tools.ip.printer import PRINT_ANY, PRINT_FP, PRINT_JSON

XDP_ATTACHED_NONE, XDP_ATTACHED_DRV, XDP_ATTACHED_SKB, XDP_ATTACHED_HW, XDP_ATTACHED_MULTI = range(5)
MODE_WORDS = {XDP_ATTACHED_DRV: "xdp", XDP_ATTACHED_SKB: "xdpgeneric", XDP_ATTACHED_HW: "xdpoffload",
              XDP_ATTACHED_MULTI: "xdpmulti"}


def print_xdp(ctx, link, do_link, details):
    """xdp_dump(): nothing unless IFLA_XDP_ATTACHED says a program is there."""
    mode = link.xdp_attached
    if not mode:  # absent, or XDP_ATTACHED_NONE
        return
    p = ctx.printer
    if p.is_json:
        if not details:
            _print_json(ctx, link, mode)
        return
    if not (details and do_link):
        p.string(PRINT_FP, None, "%s", MODE_WORDS.get(mode) or "xdp[%u]" % mode)
    _print_prog(ctx, link.xdp_prog_id, True, do_link, details, "")
    if mode == XDP_ATTACHED_MULTI:
        _print_prog(ctx, link.xdp_skb_prog_id, False, do_link, details, "generic")
        _print_prog(ctx, link.xdp_drv_prog_id, False, do_link, details, "drv")
        _print_prog(ctx, link.xdp_hw_prog_id, False, do_link, details, "offload")
    if not details or not do_link:
        p.string(PRINT_FP, None, " ", None)


def _print_prog(ctx, prog_id, main_id, do_link, details, suffix):
    """xdp_dump_prog_one(): the short form is `/id:N`, and only for IFLA_XDP_PROG_ID
    under `ip addr`; the long one a line of its own."""
    if prog_id is None:
        return
    p = ctx.printer
    if not details:
        if prog_id and not do_link and main_id:
            p.string(PRINT_FP, None, "/id:%s", str(prog_id))
        return
    if prog_id:
        p.string(PRINT_FP, None, "%s", "%s    prog/xdp%s " % (p.sl, suffix))
        print_prog_info(ctx, prog_id)


def _print_json(ctx, link, mode):
    """xdp_dump_json(): {"mode", "prog", "attached": [{"mode", "prog"}, ...]}."""
    p = ctx.printer
    p.open_json_object("xdp")
    p.uint(PRINT_JSON, "mode", None, mode)
    if link.xdp_prog_id:
        print_prog_info(ctx, link.xdp_prog_id)
    p.open_json_array(PRINT_JSON, "attached")
    per_mode = ((link.xdp_skb_prog_id, XDP_ATTACHED_SKB), (link.xdp_drv_prog_id, XDP_ATTACHED_DRV),
                (link.xdp_hw_prog_id, XDP_ATTACHED_HW))
    if any(prog_id is not None for prog_id, _mode in per_mode):
        for prog_id, one_mode in per_mode:
            if prog_id is not None:
                _print_json_one(ctx, prog_id, one_mode)
    elif link.xdp_prog_id is not None:  # a kernel older than the per-mode ids
        _print_json_one(ctx, link.xdp_prog_id, mode)
    p.close_json_array(PRINT_JSON, None)
    p.close_json_object()


def _print_json_one(ctx, prog_id, mode):
    p = ctx.printer
    p.open_json_object(None)
    p.uint(PRINT_JSON, "mode", None, mode)
    print_prog_info(ctx, prog_id)
    p.close_json_object()


def print_prog_info(ctx, prog_id):
    """bpf_dump_prog_info(): the id always; name, tag and "jited" when the
    kernel tells (as root); with -d the load time (nanoseconds since boot),
    the loader's uid and the BTF id."""
    from pynettools.kernel.bpf import prog_info

    p = ctx.printer
    p.open_json_object("prog")
    p.uint(PRINT_ANY, "id", "id %u ", prog_id)
    info = prog_info(ctx.kernel, prog_id)
    if info is not None:
        p.string(PRINT_ANY, "name", "name %s ", info["name"])
        p.string(PRINT_ANY, "tag", "tag %s ", info["tag"])
        p.uint(PRINT_JSON, "jited", None, info["jited"])
        if info["jited"] and not p.is_json:
            p.string(PRINT_FP, None, "jited ", None)
        if ctx.details:
            if info["load_time"]:
                p.lluint(PRINT_ANY, "load_time", "load_time %u ", info["load_time"])
                p.luint(PRINT_ANY, "created_by_uid", "created_by_uid %u ", info["created_by_uid"])
            if info["btf_id"]:
                p.luint(PRINT_ANY, "btf_id", "btf_id %u ", info["btf_id"])
    p.close_json_object()
