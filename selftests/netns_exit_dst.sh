#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A netns deleted while its lisp0 has route-cache entries towards its
# RLOCs (IPv4 and IPv6 outer): the cached routes are released before
# the netns's routing tables go.  Found by fault_pmtu.sh on 7.3: the
# RLOC's cache was freed by deferred work after IPv6's netns exit had
# destroyed the dst counters, and dst_release faulted
# (percpu_counter_add_batch from peer_free_work).  Rounds of create,
# send, delete; the harness checks dmesg after the test.
. "$(dirname "$0")/lib.sh"
ksft_header

rounds=10
made=0 sent=0
# Few programs per round (each start is slow in a TCG guest): one ip
# batch, one lispd per table.
for ((i = 1; i <= rounds; i++)); do
	n=dst$i
	netns_new $n || break
	ip -n $n -batch - <<-EOF &&
	link add ul type dummy
	addr add 192.0.2.1/24 dev ul
	addr add 2001:db8:ff::1/64 dev ul nodad
	link set ul up
	link add lisp0 type lisp local 192.0.2.1
	link set lisp0 up
	addr add 198.51.100.1/32 dev lisp0
	route add 203.0.113.0/24 dev lisp0 src 198.51.100.1
	EOF
	ip netns exec $n lispd database add dev lisp0 198.51.100.0/24 rloc 192.0.2.1 >/dev/null &&
	ip netns exec $n lispd map-cache load dev lisp0 >/dev/null <<-EOF &&
	203.0.113.0/25 rloc 192.0.2.2
	203.0.113.128/25 rloc 2001:db8:ff::2
	EOF
	made=$((made + 1))
	# Both RLOCs' routes land in their caches (the dummy eats the
	# packets): a datagram to each mapped prefix, then lisp0's count.
	t=$(ip netns exec $n bash -c 'echo x >/dev/udp/203.0.113.1/9
		echo x >/dev/udp/203.0.113.129/9
		read -r t </sys/class/net/lisp0/statistics/tx_packets; echo "$t"')
	[ "$t" = 2 ] && sent=$((sent + 1))
	ip netns delete $n
done
ksft_netns=()
check_eq "$rounds netns with lisp0 and two mapped RLOCs" $rounds $made
check_eq "each sent over both RLOCs (their routes cached) before its netns went" $rounds $sent
# The netns are dismantled in the background: wait for the last.
for ((i = 1; i <= 100; i++)); do
	[ "$(ip netns list | grep -c '^dst')" = 0 ] && break
	nap 0.1
done
nap 2
bad=$(dmesg | grep -E 'BUG|Oops|WARNING|general protection|refcount_t' | head -n 3)
[ -n "$bad" ] && printf '# dmesg: %s\n' "$bad"
check_eq "kernel log: no fault" "" "$bad"
check "the module still unloads" rmmod lisp
ksft_finish
