#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod with devices present, up, addressed and routed in several netns:
# everything is torn down and the module can be loaded and used again.
. "$(dirname "$0")/lib.sh"
ksft_header

# By name: once the module is gone "type lisp" no longer filters.
count_lisp() { ip -n "$1" -j link show | jq '[.[] | select(.ifname | startswith("lisp"))] | length'; }

for ns in a b c; do
	netns_new $ns
	for i in 0 1 2; do	# one program per netns
		echo "link add lisp$i type lisp iid $i local 192.0.2.1"
		echo "link set lisp$i up"
		echo "addr add 10.$i.0.1/24 dev lisp$i"
	done | ip -n $ns -batch -
done
check_eq "9 devices in 3 netns" 9 "$(for ns in a b c; do count_lisp $ns; done | awk '{ s += $1 } END { print s }')"
# Traffic into the devices while they go away: rmmod once the ping's
# packets reach lisp1 (which drops them: no database), and the ping is
# stopped then (what it sends after has no device to go to).
ip netns exec a ping -q -i 0.01 -c 1000 10.1.0.2 >/dev/null 2>&1 &
ping=$!
for ((i = 1; i <= 100; i++)); do
	d=$(ip netns exec a cat /sys/class/net/lisp1/statistics/tx_dropped)
	[ "${d:-0}" -gt 0 ] && break
	nap 0.1
done
check "the ping's packets reach lisp1 ($d dropped there)" test "${d:-0}" -gt 0
check "rmmod with devices up" rmmod lisp
kill $ping 2>/dev/null
wait
check_fails "module gone" test -d /sys/module/lisp
check_eq "no lisp device left anywhere" 0 "$(for ns in a b c; do count_lisp $ns; done | awk '{ s += $1 } END { print s }')"
check "reload and create again" ip -n a link add lisp0 type lisp
check "delete" ip -n a link del lisp0

ksft_finish
