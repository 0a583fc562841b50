#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reaching a non-LISP site (RFC 6832): packets without a mapping, or
# matching a use-petr entry, go encapsulated to a proxy ETR while the
# miss is still announced; natively-forward entries leave unencapsulated
# through the underlay netns; a route back into lisp0 is a counted loop.
#
# xtr2 plays the PxTR: it owns the non-LISP address 203.0.113.1 and, with
# src-check off, encapsulates the replies back to site 1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

NL=203.0.113.1
topo_setup || { ksft_result 1 "topology"; ksft_finish; }
topo_map 4
stat() { ip netns exec "$1" lispd show stats -j | jq ".devices[0].counters.$2"; }
ipq xtr2 link add nl type dummy
ipq xtr2 addr add $NL/24 dev nl
ipq xtr2 link set nl up
ipq xtr2 link set lisp0 type lisp src-check off
ipq xtr1 route add 203.0.113.0/24 dev lisp0
ipq_run

# A ping that cannot be answered is counted as it is sent: those below
# go 0.2 s apart and wait half a second for no answer.
check_fails "no mapping, no PETR: the non-LISP site is unreachable" \
	ip netns exec h1 ping -c 1 -W 0.5 $NL
check "petr set" ip netns exec xtr1 lispd petr set dev lisp0 $RLOC2_4 priority 1 weight 50
check_eq "petr show -j" "$RLOC2_4 1 50 true" \
	"$(ip netns exec xtr1 lispd petr show dev lisp0 -j | jq -r '.[0] | "\(.rloc) \(.priority) \(.weight) \(.up)"')"
out=$(ip netns exec xtr1 lispd petr set dev lisp0 1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 \
	5.5.5.5 6.6.6.6 7.7.7.7 8.8.8.8 9.9.9.9 2>&1)
check "nine PETRs are refused" grep -q "at most 8" <<<"$out"
check_eq "and the PETR list is unchanged" 1 \
	"$(ip netns exec xtr1 lispd petr show dev lisp0 -j | jq length)"

rm -f /tmp/mon.err
ip netns exec xtr1 timeout 10 lispd monitor count 1 -j >/tmp/petr-miss.json 2>/tmp/mon.err &
mon=$!
wait_file /tmp/mon.err listening
check "no mapping, PETR set: ping reaches the non-LISP site" \
	ip netns exec h1 ping -c 3 -i 0.2 -W 2 $NL
wait $mon
check_eq "the miss was still announced" $NL "$(jq -r .dst </tmp/petr-miss.json)"
check "sent to the PETR (tx_to_petr >= 3)" test "$(stat xtr1 tx_to_petr)" -ge 3
check "the PETR decapsulated them" test \
	"$(ip -n xtr2 -j -s link show lisp0 | jq '.[0].stats64.rx.packets')" -ge 3

check "use-petr entry" ip netns exec xtr1 lispd map-cache add dev lisp0 203.0.113.0/24 action use-petr
check "ping through the use-petr entry" ip netns exec h1 ping -c 2 -i 0.2 -W 2 $NL
check_eq "the entry counted them" 2 \
	"$(ip netns exec xtr1 lispd map-cache show dev lisp0 $NL -j | jq '.[0].packets')"
check "PETR marked down" ip netns exec xtr1 lispd rloc dev lisp0 $RLOC2_4 down
check_fails "no PETR up: dropped" ip netns exec h1 ping -c 2 -i 0.2 -W 0.5 $NL
check_eq "counted as tx_no_petr" 2 "$(stat xtr1 tx_no_petr)"
ip netns exec xtr1 lispd rloc dev lisp0 $RLOC2_4 up
check "petr flush" ip netns exec xtr1 lispd petr flush dev lisp0
check_eq "no PETR listed" 0 "$(ip netns exec xtr1 lispd petr show dev lisp0 -j | jq length)"
check_fails "use-petr without PETRs drops" ip netns exec h1 ping -c 1 -W 0.5 $NL

# Natively forward, with the underlay in the same netns as lisp0: the
# route for 203.0.113.1 leads back into lisp0.
check "native-forward entry" \
	ip netns exec xtr1 lispd map-cache add dev lisp0 203.0.113.0/24 action native-forward
ip netns exec h1 ping -c 2 -i 0.2 -W 0.5 $NL >/dev/null 2>&1
check_eq "route back into lisp0: counted as tx_routing_loop" 2 "$(stat xtr1 tx_routing_loop)"

# Now xtr1's underlay in its own netns u1, which routes 203.0.113.0/24
# natively to xtr2.
ksft_cleanup
topo_setup || { ksft_result 1 "topology"; ksft_finish; }
topo_split_underlay || { ksft_result 1 "underlay in netns u1"; ksft_finish; }
ipq u1 route add 203.0.113.0/24 via $RLOC2_4
ipq xtr1 route add 203.0.113.0/24 dev lisp0
ipq xtr2 link add nl type dummy
ipq xtr2 addr add $NL/24 dev nl
ipq xtr2 link set nl up
ipq xtr2 link set lisp0 type lisp src-check off
ipq_run
ip netns exec xtr1 lispd map-cache add dev lisp0 203.0.113.0/24 action native-forward
ip netns exec xtr2 lispd map-cache add dev lisp0 198.51.100.0/25 rloc $RLOC1_4
rm -f /tmp/tcpd.err
ip netns exec xtr2 tcpdump --immediate-mode -q -n -i ul2 -c 2 -w /tmp/native.pcap icmp 2>/tmp/tcpd.err &
tcpd=$!
wait_file /tmp/tcpd.err listening
check "native-forward through the underlay netns: ping works" \
	ip netns exec h1 ping -c 3 -i 0.2 -W 2 $NL
check_eq "3 counted as tx_native_forward" 3 "$(stat xtr1 tx_native_forward)"
wait $tcpd
check_eq "the requests crossed the underlay as plain ICMP" \
	"$EID1_4 $NL" "$(tshark -r /tmp/native.pcap -Y 'icmp.type == 8 && !lisp-data' \
		-T fields -e ip.src -e ip.dst 2>/dev/null | head -1 | tr '\t' ' ')"

ksft_finish
