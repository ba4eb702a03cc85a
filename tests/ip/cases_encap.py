"""ip golden cases: route encapsulations seg6, seg6local and xfrm
(iproute_lwtunnel.c), and `ip vrf exec` / `ip vrf pids` up to their name checks.

The encap cases run in the ip-change lab (cases_change.change(): its STATE
holds `ip -6 route show table all`, so the route the kernel took is
compared).  This kernel takes seg6 and seg6local routes and answers
"Error: lwt encapsulation type not supported." for rpl, ioam6 and xfrm (some seg6local
actions need what the lab lacks, a VRF: the kernel's own error).
"""
from tests.ip.cases import ip
from tests.ip.cases_change import change

P6 = "route add 2001:db8:9::/64 "


def encap(name, words, note=""):
    return change("route-encap-" + name, P6 + words, note=note)


CASES = [
    # ---- seg6 ---------------------------------------------------------------------------------
    encap("seg6-encap", "encap seg6 mode encap segs 2001:db8::2 dev veth0"),
    encap("seg6-inline", "encap seg6 mode inline segs 2001:db8::2,2001:db8::3 dev veth0",
          note="inline: one more (zero) segment for the kernel"),
    encap("seg6-hmac", "encap seg6 mode encap segs 2001:db8::2,2001:db8::3 hmac 7 dev veth0"),
    encap("seg6-l2encap", "encap seg6 mode l2encap segs 2001:db8::2 dev veth0"),
    encap("seg6-encap-red", "encap seg6 mode encap.red segs 2001:db8::2,2001:db8::3 dev veth0"),
    encap("seg6-empty-field", "encap seg6 mode encap segs 2001:db8::2,,2001:db8::3 dev veth0",
          note="commas counted, empty fields skipped: a zero segment"),
    encap("seg6-no-segs", "encap seg6 mode encap dev veth0"),
    change("route-encap-seg6-v4", "route add 198.51.100.128/25 encap seg6 mode encap segs 2001:db8::2 dev veth0"),
    encap("seg6-mode-bad", "encap seg6 mode bogus segs 2001:db8::2 dev veth0"),
    encap("seg6-segs-before-mode", "encap seg6 segs 2001:db8::2 dev veth0"),
    encap("seg6-mode-twice", "encap seg6 mode encap mode inline dev veth0"),
    encap("seg6-segs-twice", "encap seg6 mode encap segs 2001:db8::2 segs 2001:db8::3 dev veth0"),
    encap("seg6-seg-bad", "encap seg6 mode encap segs 2001:db8::x dev veth0"),
    encap("seg6-hmac-bad", "encap seg6 mode encap segs 2001:db8::2 hmac x dev veth0",
          note="get_u32()'s failure is not checked: no HMAC"),
    encap("seg6-mode-missing", "encap seg6 mode"),
    encap("seg6-help", "encap seg6 help", note="not an option: the end-of-line check comes first"),
    # ---- seg6local ----------------------------------------------------------------------------
    encap("seg6local-end", "encap seg6local action End dev veth0"),
    encap("seg6local-end-x", "encap seg6local action End.X nh6 2001:db8::2 dev veth0"),
    encap("seg6local-end-t", "encap seg6local action End.T table 100 dev veth0"),
    encap("seg6local-end-dx2", "encap seg6local action End.DX2 oif veth0 dev veth0"),
    encap("seg6local-end-dx6", "encap seg6local action End.DX6 nh6 2001:db8::2 dev veth0"),
    encap("seg6local-end-dx4", "encap seg6local action End.DX4 nh4 198.51.100.2 dev veth0"),
    encap("seg6local-end-dt6", "encap seg6local action End.DT6 table 100 dev veth0"),
    encap("seg6local-end-dt4", "encap seg6local action End.DT4 vrftable 100 dev veth0",
          note="no VRF: the kernel refuses"),
    encap("seg6local-end-dt46", "encap seg6local action End.DT46 vrftable main dev veth0"),
    encap("seg6local-end-b6", "encap seg6local action End.B6 srh segs 2001:db8::2,2001:db8::3 dev veth0"),
    encap("seg6local-end-b6-encaps", "encap seg6local action End.B6.Encaps srh segs 2001:db8::2 hmac 9 dev veth0"),
    encap("seg6local-end-bm", "encap seg6local action End.BM srh segs 2001:db8::2 dev veth0"),
    encap("seg6local-end-s", "encap seg6local action End.S dev veth0"),
    encap("seg6local-end-as", "encap seg6local action End.AS dev veth0"),
    encap("seg6local-end-am", "encap seg6local action End.AM dev veth0"),
    encap("seg6local-all-attrs", "encap seg6local action End.DT46 vrftable main table 7 nh4 198.51.100.2 "
          "nh6 2001:db8::5 iif veth0 oif veth0 dev veth0", note="each attribute in the order given"),
    encap("seg6local-count", "encap seg6local action End count dev veth0"),
    encap("seg6local-count-twice", "encap seg6local action End count count dev veth0"),
    encap("seg6local-action-bad", "encap seg6local action Nope dev veth0"),
    encap("seg6local-action-missing", "encap seg6local table 100 dev veth0"),
    encap("seg6local-action-twice", "encap seg6local action End action End dev veth0"),
    encap("seg6local-action-no-value", "encap seg6local action"),
    encap("seg6local-table-bad", "encap seg6local action End.T table nosuch dev veth0"),
    encap("seg6local-vrftable-bad", "encap seg6local action End.DT4 vrftable nosuch dev veth0"),
    encap("seg6local-oif-missing", "encap seg6local action End.DX2 oif nosuch dev veth0"),
    encap("seg6local-iif", "encap seg6local action End.DX2 iif veth0 dev veth0"),
    encap("seg6local-nh4-bad", "encap seg6local action End.DX4 nh4 1.2.3 dev veth0"),
    encap("seg6local-nh6-twice", "encap seg6local action End.X nh6 2001:db8::2 nh6 2001:db8::3 dev veth0"),
    encap("seg6local-srh-no-segs", "encap seg6local action End.B6 srh nosegs 2001:db8::2 dev veth0"),
    encap("seg6local-srh-twice", "encap seg6local action End.B6 srh segs 2001:db8::2 srh segs 2001:db8::3 dev veth0"),
    encap("seg6local-srh-last", "dev veth0 encap seg6local action End.B6 srh segs 2001:db8::2",
          note="the words end after the segments: ip route reads them once more, as a second prefix"),
    encap("seg6local-hmac-twice", "encap seg6local action End.B6 srh segs 2001:db8::2 hmac 1 hmac 2 dev veth0"),
    encap("seg6local-flavors-psp", "encap seg6local action End flavors PSP dev veth0", note="names in any case"),
    encap("seg6local-flavors-next-csid", "encap seg6local action End flavors next-csid lblen 32 nflen 16 count "
          "dev veth0", note="the u8 attributes' padding is stack garbage in the C request: ours is zeros"),
    encap("seg6local-flavors-nflen-only", "encap seg6local action End flavors next-csid nflen 16 dev veth0"),
    encap("seg6local-flavors-bare-next-csid", "encap seg6local action End flavors next-csid dev veth0"),
    encap("seg6local-flavors-two", "encap seg6local action End flavors psp,usp dev veth0"),
    encap("seg6local-flavors-repeated", "encap seg6local action End flavors psp,psp dev veth0"),
    encap("seg6local-flavors-bad", "encap seg6local action End flavors bogus dev veth0"),
    encap("seg6local-flavors-comma", "encap seg6local action End flavors , dev veth0", note="no flavor at all"),
    encap("seg6local-flavors-lblen-bad", "encap seg6local action End flavors next-csid lblen x dev veth0"),
    encap("seg6local-flavors-nflen-bad", "encap seg6local action End flavors next-csid lblen 32 nflen 300 dev veth0"),
    encap("seg6local-flavors-lblen-twice", "encap seg6local action End flavors next-csid lblen 32 lblen 8 dev veth0",
          note="the second lblen goes back to ip route: garbage"),
    encap("seg6local-flavors-twice", "encap seg6local action End flavors psp flavors usp dev veth0"),
    encap("seg6local-flavors-last", "dev veth0 encap seg6local action End flavors next-csid lblen 32 nflen 16"),
    encap("seg6local-flavors-missing", "dev veth0 encap seg6local action End flavors"),
    # ---- xfrm ---------------------------------------------------------------------------------
    encap("xfrm", "encap xfrm if_id 5 dev veth0", note="the option loop eats `dev veth0`; the kernel refuses xfrm"),
    encap("xfrm-link-dev", "dev veth0 encap xfrm if_id 5 link_dev veth0"),
    encap("xfrm-if-id-zero", "dev veth0 encap xfrm if_id 0"),
    encap("xfrm-if-id-bad", "dev veth0 encap xfrm if_id x"),
    encap("xfrm-if-id-missing", "dev veth0 encap xfrm link_dev veth0", note="usage"),
    encap("xfrm-help", "dev veth0 encap xfrm help x"),
    encap("xfrm-if-id-twice", "dev veth0 encap xfrm if_id 5 if_id 6"),
    encap("xfrm-link-dev-missing", "dev veth0 encap xfrm if_id 5 link_dev nosuch"),
    # ---- rpl, ioam6 (parsed, then refused by this kernel) ---------------------------------------
    encap("rpl", "encap rpl segs 2001:db8::2,2001:db8::3 dev veth0"),
    encap("rpl-no-segs", "encap rpl dev veth0"),
    encap("rpl-segs-twice", "encap rpl segs 2001:db8::2 segs 2001:db8::3 dev veth0"),
    encap("rpl-seg-bad", "encap rpl segs 2001:db8::x dev veth0"),
    encap("rpl-segs-missing", "encap rpl segs"),
    encap("ioam6", "encap ioam6 trace prealloc type 0x800000 ns 1 size 12 dev veth0"),
    encap("ioam6-encap", "encap ioam6 freq 1/2 mode encap tundst 2001:db8::5 trace prealloc type 0x800000 ns 7 "
          "size 12 dev veth0"),
    encap("ioam6-last", "dev veth0 encap ioam6 trace prealloc type 0x800000 ns 1 size 12",
          note="ip route reads the last word once more: garbage"),
    encap("ioam6-freq-slashes", "encap ioam6 freq 1/2/3 trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-freq-long", "encap ioam6 freq 1234567890123456 trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-freq-k-zero", "encap ioam6 freq 0/2 trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-freq-k-above-n", "encap ioam6 freq 2/1 trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-freq-n-big", "encap ioam6 freq 1/2000000 trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-freq-no-k", "encap ioam6 freq /2 trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-mode-bad", "encap ioam6 mode bogus trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-tundst-missing", "encap ioam6 mode encap trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-tundst-inline", "encap ioam6 tundst 2001:db8::5 trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-tundst-v4", "encap ioam6 mode auto tundst 198.51.100.5 trace prealloc type 1 ns 1 size 4 dev veth0"),
    encap("ioam6-trace-missing", "encap ioam6 prealloc dev veth0"),
    encap("ioam6-prealloc-missing", "encap ioam6 trace dev veth0"),
    encap("ioam6-type-missing", "encap ioam6 trace prealloc ns 1 size 4 dev veth0"),
    encap("ioam6-ns-missing", "encap ioam6 trace prealloc type 1 size 4 dev veth0"),
    encap("ioam6-size-missing", "encap ioam6 trace prealloc type 1 ns 1 dev veth0"),
    encap("ioam6-type-zero", "encap ioam6 trace prealloc type 0 ns 1 size 4 dev veth0"),
    encap("ioam6-type-twice", "encap ioam6 trace prealloc type 1 type 2 ns 1 size 4 dev veth0"),
    encap("ioam6-ns-big", "encap ioam6 trace prealloc type 1 ns 70000 size 4 dev veth0"),
    encap("ioam6-ns-twice", "encap ioam6 trace prealloc type 1 ns 1 ns 2 size 4 dev veth0"),
    encap("ioam6-size-odd", "encap ioam6 trace prealloc type 1 ns 1 size 6 dev veth0"),
    encap("ioam6-size-big", "encap ioam6 trace prealloc type 1 ns 1 size 248 dev veth0"),
    encap("ioam6-size-zero", "encap ioam6 trace prealloc type 1 ns 1 size 0 dev veth0"),
    encap("ioam6-size-twice", "encap ioam6 trace prealloc type 1 ns 1 size 4 size 8 dev veth0"),
    encap("ioam6-freq-then-end", "encap ioam6 freq 1/2"),
    encap("ioam6-type-no-value", "encap ioam6 trace prealloc type"),
    # ---- per nexthop --------------------------------------------------------------------------
    encap("multipath", "nexthop via 2001:db8::2 dev veth0 encap seg6 mode encap segs 2001:db8::3 "
          "nexthop via 2001:db8::4 dev veth0 encap seg6local action End"),
    # ---- ip vrf exec / pids (no VRF devices on this kernel) ------------------------------------
    ip("vrf-exec-no-name", "vrf exec"),
    ip("vrf-exec-no-command", "vrf exec blue"),
    ip("vrf-exec-not-vrf", "vrf exec blue true", note="Invalid VRF name, exit 255"),
    ip("vrf-exec-lo", "vrf exec lo true"),
    ip("vrf-exec-abbrev", "vrf e"),
    ip("vrf-pids-nosuch", "vrf pids blue"),
    ip("vrf-pids-default", "vrf pids default"),
    ip("vrf-pids-two", "vrf pids a b"),
]
