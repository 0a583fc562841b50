#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ITR and ETR checks (RFC 9300 section 5): an ITR encapsulates only
# packets from its database EIDs (src-check, off for a proxy ITR); an
# ETR takes only packets for its own RLOC and, with dst-check, only to
# its database EIDs.  Each refusal is counted by reason.  Changing state
# needs CAP_NET_ADMIN; reading does not.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

topo_setup iid 7 || { ksft_result 1 "topology"; ksft_finish; }
topo_map 4
stat() { ip netns exec "$1" lispd show stats -j | jq ".devices[0].counters.$2"; }

check_eq "database: 2 prefixes, 2 locators each" "2 2 2" \
	"$(ip netns exec xtr1 lispd database show dev lisp0 -j | jq -r '"\(length) \(.[0].rlocs | length) \(.[1].rlocs | length)"')"
check "EID to EID flows" ip netns exec h1 ping -c 2 -i 0.2 -W 2 $EID2_4

# xtr1's own underlay address is no EID of its database.
# A ping that cannot be answered is counted as it is sent (or arrives):
# those below go 0.2 s apart and wait half a second for no answer.
check_fails "non-EID source: not encapsulated" \
	ip netns exec xtr1 ping -c 3 -i 0.2 -W 0.5 -I $RLOC1_4 $EID2_4
check_eq "3 counted as tx_source_not_eid" 3 "$(stat xtr1 tx_source_not_eid)"
check "src-check off (a proxy ITR)" ip -n xtr1 link set lisp0 type lisp src-check off
check_eq "ip -d link shows it" off \
	"$(ip -n xtr1 -d -j link show lisp0 | jq -r '.[0].linkinfo.info_data.src_check')"
check "then the same source goes through" \
	ip netns exec xtr1 ping -c 2 -i 0.2 -W 2 -I $RLOC1_4 $EID2_4
check_eq "and nothing more is refused" 3 "$(stat xtr1 tx_source_not_eid)"
ip -n xtr1 link set lisp0 type lisp src-check on
check_eq "lispd show devices: src-check back on" true \
	"$(ip netns exec xtr1 lispd show devices -j | jq '.[0].src_check')"

# Database edits, with the kernel's reasons on errors.
check "database del" ip netns exec xtr1 lispd database del dev lisp0 2001:db8:1::/64
out=$(ip netns exec xtr1 lispd database del dev lisp0 2001:db8:1::/64 2>&1)
check_eq "deleting it twice names the reason" "lispd: EID prefix not in the database" "$out"
out=$(ip netns exec xtr1 lispd database add dev lisp0 10.0.0.0/8 action drop 2>&1)
check "a negative database entry is refused" grep -q "no negative action" <<<"$out"
check_fails "IPv6 from h1 now has no database entry" \
	ip netns exec h1 ping -6 -c 1 -W 0.5 $EID2_6
check_eq "counted as tx_source_not_eid" 4 "$(stat xtr1 tx_source_not_eid)"

# ETR: a packet to another address of xtr2 than its RLOC.
ip -n xtr2 addr add 192.0.2.22/24 dev ul2
ip -n xtr1 route add 10.8.8.0/24 dev lisp0
ip netns exec xtr1 lispd map-cache add dev lisp0 10.8.8.0/24 rloc 192.0.2.22
ip netns exec h1 ping -c 2 -i 0.2 -W 0.5 10.8.8.8 >/dev/null 2>&1
check_eq "outer destination not the local RLOC: rx_not_local_rloc 2" 2 \
	"$(stat xtr2 rx_not_local_rloc)"

# ETR dst-check: 10.9.9.9 is no EID of xtr2.
ip -n xtr1 route add 10.9.9.0/24 dev lisp0
ip netns exec xtr1 lispd map-cache add dev lisp0 10.9.9.0/24 rloc $RLOC2_4
ip netns exec h1 ping -c 2 -i 0.2 -W 0.5 10.9.9.9 >/dev/null 2>&1
check_eq "dst-check off: decapsulated anyway" 0 "$(stat xtr2 rx_dest_not_eid)"
check "dst-check on" ip -n xtr2 link set lisp0 type lisp dst-check on
ip netns exec h1 ping -c 2 -i 0.2 -W 0.5 10.9.9.9 >/dev/null 2>&1
check_eq "dst-check on: rx_dest_not_eid 2" 2 "$(stat xtr2 rx_dest_not_eid)"
check "EID traffic still flows with dst-check on" \
	ip netns exec h1 ping -c 2 -i 0.2 -W 2 $EID2_4

# Relay (issue 12): 10.9.9.9 "moved" from xtr2 to xtr1, so xtr2 routes it
# back into lisp0.  Only a relay entry takes what arrives for it on to
# xtr1 (whose dst-check then drops it, 10.9.9.9 being no EID there
# either); an ordinary entry is no way on for what the underlay sends,
# whatever source it claims.
ip -n xtr2 route add 10.9.9.0/24 dev lisp0
ip -n xtr1 link set lisp0 type lisp dst-check on
ip netns exec xtr2 lispd map-cache add dev lisp0 10.9.9.9/32 rloc $RLOC1_4
# ping2 NS [PING-ARGS] DST: 2 pings; in got, what they added to xtr2's
# rx_dest_not_eid and tx_not_relayed, and to xtr1's rx_dest_not_eid.
ping2() {
	local ns=$1 a0 b0 c0
	shift
	a0=$(stat xtr2 rx_dest_not_eid) b0=$(stat xtr2 tx_not_relayed)
	c0=$(stat xtr1 rx_dest_not_eid)
	ip netns exec "$ns" ping -c 2 -i 0.2 -W 0.5 "$@" >/dev/null 2>&1
	got="$(($(stat xtr2 rx_dest_not_eid) - a0)) $(($(stat xtr2 tx_not_relayed) - b0)) $(($(stat xtr1 rx_dest_not_eid) - c0))"
}
ping2 h1 10.9.9.9
check_eq "an ordinary entry for it: xtr2's dst-check drops (+2), none to xtr1" \
	"2 0 0" "$got"
ip -n xtr2 link set lisp0 type lisp dst-check off
ping2 h1 10.9.9.9
check_eq "without dst-check: routed back into lisp0, tx_not_relayed +2, none to xtr1" \
	"0 2 0" "$got"
check "map-cache add ... relay" \
	ip netns exec xtr2 lispd map-cache add dev lisp0 10.9.9.9/32 rloc $RLOC1_4 relay
check_eq "map-cache show: relay (text and JSON)" "relay true" \
	"$(ip netns exec xtr2 lispd map-cache show dev lisp0 10.9.9.9/32 | grep -o relay) \
$(ip netns exec xtr2 lispd map-cache show dev lisp0 10.9.9.9/32 -j | jq '.[0].relay')"
ping2 h1 10.9.9.9
check_eq "a relay entry: encapsulated again, on to xtr1 (+2 there)" "0 0 2" "$got"
ip -n xtr2 link set lisp0 type lisp dst-check on
ping2 h1 10.9.9.9
check_eq "... past xtr2's dst-check too" "0 0 2" "$got"
# The receive path looks for relay entries only while the device has
# some: replaced by an ordinary entry, deleted, flushed, it has none.
ip netns exec xtr2 lispd map-cache add dev lisp0 10.9.9.9/32 rloc $RLOC1_4
ping2 h1 10.9.9.9
check_eq "relay replaced by an ordinary entry: dst-check drops again" "2 0 0" "$got"
ip netns exec xtr2 lispd map-cache add dev lisp0 10.9.9.9/32 rloc $RLOC1_4 relay
ping2 h1 10.9.9.9
check_eq "and a relay again: on to xtr1" "0 0 2" "$got"
ip netns exec xtr2 lispd map-cache del dev lisp0 10.9.9.9/32
ping2 h1 10.9.9.9
check_eq "deleted: dst-check drops" "2 0 0" "$got"
ip netns exec xtr2 lispd map-cache add dev lisp0 10.9.9.9/32 rloc $RLOC1_4 relay
ping2 h1 10.9.9.9
check_eq "added back: on to xtr1" "0 0 2" "$got"
ip -n xtr2 link set lisp0 type lisp dst-check off
# What the underlay sends with a source among xtr2's own EIDs (xtr1, its
# src-check off, sends it), to an ordinary entry, goes no further.
ip netns exec xtr2 lispd map-cache add dev lisp0 10.9.9.8/32 rloc $RLOC1_4
ip -n xtr1 link set lisp0 type lisp src-check off
ip -n xtr1 addr add 10.2.0.99/32 dev lo
ping2 xtr1 -I 10.2.0.99 10.9.9.8
check_eq "a source among xtr2's EIDs, to an ordinary entry: tx_not_relayed +2, none to xtr1" \
	"0 2 0" "$got"
ip -n xtr1 addr del 10.2.0.99/32 dev lo
ip -n xtr1 link set lisp0 type lisp src-check on
# And a relay entry relays only what came in on lisp0.
n0=$(stat xtr2 tx_source_not_eid)
ping2 xtr2 -I $RLOC2_4 10.9.9.9
check_eq "xtr2's own packets to a relay entry: none to xtr1" "0 0 0" "$got"
check "  src-check dropped them (tx_source_not_eid +$(($(stat xtr2 tx_source_not_eid) - n0)))" \
	test $(($(stat xtr2 tx_source_not_eid) - n0)) -ge 2
out=$(ip netns exec xtr2 lispd database add dev lisp0 10.5.0.0/16 relay 2>&1)
check "a relaying database entry is refused" \
	grep -q "only a positive map-cache entry relays" <<<"$out"
out=$(ip netns exec xtr2 lispd map-cache add dev lisp0 10.5.0.0/16 action drop relay 2>&1)
check "a relaying negative entry is refused" \
	grep -q "only a positive map-cache entry relays" <<<"$out"
ip -n xtr1 link set lisp0 type lisp dst-check off

# CAP_NET_ADMIN: dropped from the bounding set, root has it no more.
nocap() { ip netns exec xtr1 setpriv --bounding-set -net_admin "$@"; }
for cmd in "map-cache add dev lisp0 10.7.0.0/16 action drop" \
	   "map-cache flush dev lisp0" \
	   "database add dev lisp0 10.7.0.0/16" \
	   "petr set dev lisp0 192.0.2.9" \
	   "rloc dev lisp0 $RLOC2_4 down"; do
	out=$(nocap lispd $cmd 2>&1)
	check "without CAP_NET_ADMIN: lispd $cmd is refused" \
		grep -q "Operation not permitted" <<<"$out"
done
check_eq "the map-cache is untouched" 4 \
	"$(ip netns exec xtr1 lispd map-cache show dev lisp0 -j | jq length)"
check "reading needs no capability" nocap lispd map-cache show dev lisp0
check "nor do counters" nocap lispd show stats

ksft_finish
