#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RLOC choice (RFC 9300 section 13): flows split by weight among the
# best priority, one flow stays on one RLOC, a down RLOC is never used
# and traffic moves to the next priority, priority 255 is never used.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

topo_setup || { ksft_result 1 "topology"; ksft_finish; }
A=192.0.2.3 B=192.0.2.4
ip -n xtr2 addr add $A/24 dev ul2
ip -n xtr2 addr add $B/24 dev ul2
ip netns exec xtr2 lispd map-cache add dev lisp0 198.51.100.0/25 rloc $RLOC1_4
mc() { ip netns exec xtr1 lispd map-cache "$@"; }

# Per-RLOC packet counters on xtr2's underlay: tc u32 filters that
# match the outer destination and count (a capture may miss packets).
ip netns exec xtr2 tc qdisc add dev ul2 ingress
ip netns exec xtr2 tc filter add dev ul2 ingress prio 1 protocol ip u32 \
	match ip dst $A/32 match ip dport 4341 0xffff action pass
ip netns exec xtr2 tc filter add dev ul2 ingress prio 2 protocol ip u32 \
	match ip dst $B/32 match ip dport 4341 0xffff action pass
# pkts: "A B", the packets each filter (prio 1: A, prio 2: B) has
# counted: the first "Sent" line of its statistics.  One program, no
# awk: this runs 14 times.
pkts() {
	local out line pref="" a="" b="" n
	out=$(ip netns exec xtr2 tc -s filter show dev ul2 ingress)
	while read -r line; do
		case $line in
		filter*" pref "*)
			pref=${line#* pref }
			pref=${pref%% *}
			;;
		"Sent "*)
			read -r _ _ _ n _ <<<"$line"
			[ "$pref" = 1 ] && a=${a:-$n}
			[ "$pref" = 2 ] && b=${b:-$n}
			;;
		esac
	done <<<"$out"
	echo "$a $b"
}
# count CMD...: run CMD; print how many packets reached A and B.
count() {
	local a0 b0 a1 b1
	read -r a0 b0 <<<"$(pkts)"
	"$@" >/dev/null 2>&1
	nap 0.5
	read -r a1 b1 <<<"$(pkts)"
	echo "$((a1 - a0)) $((b1 - b0))"
}
# 1000 UDP flows: a new socket, so a new source port, for each datagram.
flows() {
	ip netns exec h1 bash -c 'for p in $(seq 1000); do echo x >/dev/udp/'$EID2_4'/$((20000 + p)); done'
}
# (-W: a lost answer would hold ping 10 s; the count is the way out.)
one_flow() { ip netns exec h1 ping -c 20 -i 0.05 -W 1 $EID2_4; }

check "A and B, priority 1, weights 75 and 25" \
	mc add dev lisp0 198.51.100.128/25 rloc $A priority 1 weight 75 rloc $B priority 1 weight 25
read -r na nb <<<"$(count flows)"
echo "# 1000 flows: $na to A, $nb to B"

check_eq "every flow encapsulated" 1000 $((na + nb))
check "A gets 75% +- 6% of flows ($na)" test $na -ge 690 -a $na -le 810
read -r na nb <<<"$(count one_flow)"
echo "# one flow: $na to A, $nb to B"
check "one flow stays on one RLOC" test $((na * nb)) -eq 0 -a $((na + nb)) -ge 20

check "A down" ip netns exec xtr1 lispd rloc dev lisp0 $A down
check_eq "A reported down" false "$(mc show dev lisp0 198.51.100.130 -j | jq '.[0].rlocs[] | select(.rloc == "'$A'") | .up')"
read -r na nb <<<"$(count flows)"
check_eq "all flows to B while A is down" "0 1000" "$na $nb"
check "A up" ip netns exec xtr1 lispd rloc dev lisp0 $A up

check "A priority 1, B priority 2" \
	mc add dev lisp0 198.51.100.128/25 rloc $A priority 1 weight 10 rloc $B priority 2 weight 90
read -r na nb <<<"$(count flows)"
check_eq "only the best priority is used" "1000 0" "$na $nb"
ip netns exec xtr1 lispd rloc dev lisp0 $A down
read -r na nb <<<"$(count flows)"
check_eq "A down: traffic moves to priority 2" "0 1000" "$na $nb"
ip netns exec xtr1 lispd rloc dev lisp0 $A up
read -r na nb <<<"$(count flows)"
check_eq "A up again: back to priority 1" "1000 0" "$na $nb"
out=$(ip netns exec xtr1 lispd rloc dev lisp0 192.0.2.99 down 2>&1)
check "RLOC no entry uses: refused with a reason" grep -q "no map-cache entry or PETR uses this RLOC" <<<"$out"

check "only priority 255" mc add dev lisp0 198.51.100.128/25 rloc $A priority 255
before=$(ip netns exec xtr1 lispd show stats -j | jq '.devices[0].counters.tx_no_reachable_rloc')
read -r na nb <<<"$(count flows)"
check_eq "priority 255 is never used" "0 0" "$na $nb"
after=$(ip netns exec xtr1 lispd show stats -j | jq '.devices[0].counters.tx_no_reachable_rloc')
check_eq "1000 drops counted as tx_no_reachable_rloc" 1000 $((after - before))

ksft_finish
