#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed-packet flood: datagrams to the LISP port from build/lisp-flood
# (random lengths 0..1500, random and truncated LISP headers, bad inner
# versions, inner lengths that lie, IP fragments), over an IPv4 and an
# IPv6 underlay.  Every datagram is accounted for exactly once:
#
#   sent = rx_malformed + rx_unknown_instance_id     (the netns)
#        + rx_packets + rx_dropped + rx_errors        (lisp0)
#        + backlog drops                               (the stack's)
#
# and nothing else happens: lisp0 sends nothing, its tables are as they
# were, it is still up.  20,000 datagrams per family
# here, 1,000,000 with LISP_SOAK=1.
. "$(dirname "$0")/lib.sh"
ksft_header

count=20000
[ "${LISP_SOAK:-0}" = 1 ] && count=1000000
command -v lisp-flood >/dev/null || { ksft_result 1 "build/lisp-flood is built"; ksft_finish; }

netns_new etr || { ksft_result 1 "netns"; ksft_finish; }
ip -n etr link add ul type dummy
ip -n etr addr add 192.0.2.1/24 dev ul
ip -n etr addr add 2001:db8:ff::1/64 dev ul nodad
ip -n etr link set ul up
# Datagrams to a local address take lo: a narrow lo makes fragments.
ip -n etr link set lo mtu 1400
ip -n etr link add lisp0 type lisp iid 7 local 192.0.2.1 local 2001:db8:ff::1
ip -n etr link set lisp0 up
ip netns exec etr lispd database add dev lisp0 198.51.100.0/24 rloc 192.0.2.1
ip netns exec etr lispd map-cache add dev lisp0 203.0.113.0/24 rloc 192.0.2.2
# The tables without what changes by itself (idle time).
tables() {
	ip netns exec etr lispd map-cache show dev lisp0 -j | jq -c 'map(del(.idle_ms))'
	ip netns exec etr lispd database show dev lisp0 -j | jq -c 'map(del(.idle_ms))'
}
tables_before=$(tables)

# A large backlog: the flood is measured, not the CPU's queue.
backlog=$(sysctl -n net.core.netdev_max_backlog)
sysctl -qw net.core.netdev_max_backlog=100000

stats() { ip netns exec etr lispd show stats -j; }
link_stat() { ip -n etr -j -s link show lisp0 | jq ".[0].stats64.$1"; }
# Column 2 of softnet_stat: packets the per-CPU backlogs dropped (hex).
backlog_drops() {
	local sum=0 d
	for d in $(awk '{ print $2 }' /proc/net/softnet_stat); do
		sum=$(( sum + 16#$d ))
	done
	echo $sum
}
snapshot() {
	local s
	s=$(stats)
	echo $(( $(jq '.netns.rx_malformed // 0' <<<"$s") + \
		$(jq '.netns.rx_unknown_instance_id // 0' <<<"$s") + \
		$(link_stat rx.packets) + $(link_stat rx.dropped) + \
		$(link_stat rx.errors) + $(backlog_drops) ))
}

for fam in 4 6; do
	dst=192.0.2.1
	[ $fam = 6 ] && dst=2001:db8:ff::1
	a0=$(snapshot)
	e0=$(link_stat rx.errors)
	b0=$(stats | jq '[.devices[0].counters | .rx_bad_inner_packet // 0, .rx_ecn_drop // 0] | add')
	t0=$(date +%s%N)
	out=$(ip netns exec etr lisp-flood -$fam $dst -n $count -s $fam -i 7)
	t1=$(date +%s%N)
	sent=$(sed -n 's/^sent //p' <<<"$out")
	echo "# IPv$fam: $(tr '\n' ' ' <<<"$out")in $(( (t1 - t0) / 1000000 )) ms"
	# The last datagrams may still be in a softirq.
	for _ in $(seq 50); do
		[ $(( $(snapshot) - a0 )) -ge "$sent" ] && break
		sleep 0.1
	done
	s=$(stats)
	echo "# netns: $(jq -c .netns <<<"$s")"
	echo "# lisp0: $(jq -c .devices[0].counters <<<"$s")"
	echo "# lisp0 rx: $(ip -n etr -j -s link show lisp0 | jq -c .[0].stats64.rx)"
	check_eq "IPv$fam: every datagram counted once ($sent sent)" "$sent" \
		"$(( $(snapshot) - a0 ))"
	b1=$(jq '[.devices[0].counters | .rx_bad_inner_packet // 0, .rx_ecn_drop // 0] | add' <<<"$s")
	check_eq "IPv$fam: rx_errors are the bad inner packets and ECN drops" \
		"$(( b1 - b0 ))" "$(( $(link_stat rx.errors) - e0 ))"
	short=$(sed -n 's/^short //p' <<<"$out")
	check_eq "IPv$fam: at least the short ones counted malformed" 1 \
		"$(( $(jq '.netns.rx_malformed // 0' <<<"$s") >= short ))"
done
sysctl -qw net.core.netdev_max_backlog="$backlog"

check_eq "lisp0 sent nothing" 0 "$(link_stat tx.packets)"
check_eq "its map-cache and database are as they were" "$tables_before" "$(tables)"
check_eq "it is still up" true "$(ip -n etr -j link show lisp0 | jq '.[0].flags | index("UP") != null')"

ksft_finish
