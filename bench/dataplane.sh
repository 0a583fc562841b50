#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Data-plane benchmark, run inside the test VM (make bench): packets/s
# and TCP throughput from a sender through two routers to a receiver,
# the routers joined by plain routing, by the kernel's GENEVE device, or
# by lisp0 with 1 and with 1,000,000 map-cache entries.  Every figure is
# printed beside the GENEVE one from the same run, as a ratio.
#
#   s --- r1 ===== underlay ===== r2 --- d
#   s 10.1.0.2/24, d 10.2.0.2/24; r1/r2 underlay 192.0.2.1/.2
set -u
cd "$(dirname "$0")" || exit 1
PKTS=${BENCH_PKTS:-300000}
SECS=${BENCH_SECS:-8}

cleanup() { for n in s r1 r2 d; do ip netns del $n 2>/dev/null; done; }

setup() {
	local mode=$1
	cleanup
	for n in s r1 r2 d; do ip netns add $n; ip -n $n link set lo up; done
	ip link add eth0 netns s type veth peer name lan netns r1
	ip link add eth0 netns d type veth peer name lan netns r2
	ip link add ul netns r1 type veth peer name ul netns r2
	ip -n s addr add 10.1.0.2/24 dev eth0
	ip -n d addr add 10.2.0.2/24 dev eth0
	ip -n r1 addr add 10.1.0.1/24 dev lan
	ip -n r2 addr add 10.2.0.1/24 dev lan
	ip -n r1 addr add 192.0.2.1/24 dev ul
	ip -n r2 addr add 192.0.2.2/24 dev ul
	for n in s d r1 r2; do
		for l in $(ip -n $n -j link show | jq -r '.[].ifname'); do ip -n $n link set $l up; done
	done
	ip -n s route add default via 10.1.0.1
	ip -n d route add default via 10.2.0.1
	for r in r1 r2; do ip netns exec $r sysctl -qw net.ipv4.ip_forward=1; done
	case $mode in
	plain)
		ip -n r1 route add 10.2.0.0/24 via 192.0.2.2
		ip -n r2 route add 10.1.0.0/24 via 192.0.2.1 ;;
	geneve)
		ip -n r1 link add gnv0 type geneve id 7 remote 192.0.2.2
		ip -n r2 link add gnv0 type geneve id 7 remote 192.0.2.1
		ip -n r1 addr add 172.16.0.1/30 dev gnv0
		ip -n r2 addr add 172.16.0.2/30 dev gnv0
		ip -n r1 link set gnv0 up; ip -n r2 link set gnv0 up
		ip -n r1 route add 10.2.0.0/24 via 172.16.0.2
		ip -n r2 route add 10.1.0.0/24 via 172.16.0.1 ;;
	lisp*)
		ip -n r1 link add lisp0 type lisp iid 7 local 192.0.2.1
		ip -n r2 link add lisp0 type lisp iid 7 local 192.0.2.2
		ip -n r1 link set lisp0 up; ip -n r2 link set lisp0 up
		ip netns exec r1 lispd database add dev lisp0 10.1.0.0/24 rloc 192.0.2.1
		ip netns exec r2 lispd database add dev lisp0 10.2.0.0/24 rloc 192.0.2.2
		ip -n r1 route add 10.2.0.0/24 dev lisp0
		ip -n r2 route add 10.1.0.0/24 dev lisp0
		if [ "$mode" = lisp1m ]; then
			awk 'BEGIN { for (i = 0; i < 1000000; i++)
				printf "%d.%d.%d.0/24 rloc 192.0.2.%d\n", 20 + int(i / 65536),
					int(i / 256) % 256, i % 256, 3 + i % 200 }' >/tmp/bench-1m
			ip netns exec r1 lispd map-cache load dev lisp0 /tmp/bench-1m >/dev/null
		fi
		ip netns exec r1 lispd map-cache add dev lisp0 10.2.0.0/24 rloc 192.0.2.2
		ip netns exec r2 lispd map-cache add dev lisp0 10.1.0.0/24 rloc 192.0.2.1 ;;
	esac
	ip netns exec s ping -c 2 -W 2 10.2.0.2 >/dev/null || echo "# $mode: no connectivity" >&2
}

# Packets/s delivered to d while pktgen in s sends PKTS 64-byte UDP
# packets over 64 source ports (flows) as fast as it can.
pps() {
	local mac pg=/proc/net/pktgen rx0 rx1 t0 t1
	mac=$(ip -n r1 -j link show lan | jq -r '.[0].address')
	ip netns exec s sh -c "
		echo rem_device_all >$pg/kpktgend_0
		echo add_device eth0 >$pg/kpktgend_0
		echo 'count $PKTS' >$pg/eth0
		echo 'pkt_size 64' >$pg/eth0
		echo 'dst 10.2.0.2' >$pg/eth0
		echo 'dst_mac $mac' >$pg/eth0
		echo 'udp_src_min 10000' >$pg/eth0
		echo 'udp_src_max 10063' >$pg/eth0
		echo 'udp_dst_min 9' >$pg/eth0
		echo 'udp_dst_max 9' >$pg/eth0"
	rx0=$(ip -n d -j -s link show eth0 | jq '.[0].stats64.rx.packets')
	t0=$(date +%s%N)
	ip netns exec s sh -c "echo start >$pg/pgctrl"
	t1=$(date +%s%N)
	sleep 0.5
	rx1=$(ip -n d -j -s link show eth0 | jq '.[0].stats64.rx.packets')
	echo $(( (rx1 - rx0) * 1000000000 / (t1 - t0) ))
}

# TCP Mbit/s, iperf3, one stream, SECS seconds.
tcp() {
	ip netns exec d iperf3 -s -1 -D -p 5201 >/dev/null 2>&1
	sleep 0.5
	ip netns exec s iperf3 -c 10.2.0.2 -p 5201 -t "$SECS" -J 2>/dev/null |
		jq '.end.sum_received.bits_per_second / 1000000 | floor'
}

modprobe pktgen || { echo "# pktgen not available"; exit 4; }
declare -A PPS TCP
for mode in plain geneve lisp lisp1m; do
	setup $mode
	# Median of three: TCG timing is noisy.
	PPS[$mode]=$(for i in 1 2 3; do pps; done | sort -n | sed -n 2p)
	TCP[$mode]=$(tcp)
	echo "# $mode: ${PPS[$mode]} pps, ${TCP[$mode]} Mbit/s" >&2
done
cleanup

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
printf '%-30s %12s %12s %10s\n' "path (same VM, same run)" "packets/s" "TCP Mbit/s" "pps/GENEVE"
for mode in plain geneve lisp lisp1m; do
	case $mode in
	plain) name="plain routing (baseline)" ;;
	geneve) name="GENEVE (kernel, baseline)" ;;
	lisp) name="lisp0, 1 map-cache entry" ;;
	lisp1m) name="lisp0, 1,000,001 entries" ;;
	esac
	printf '%-30s %12s %12s %10s\n' "$name" "${PPS[$mode]}" "${TCP[$mode]}" "$(ratio "${PPS[$mode]}" "${PPS[geneve]}")"
done
printf '%-30s %12s\n' "lisp0 1M / 1 entry (pps)" "$(ratio "${PPS[lisp1m]}" "${PPS[lisp]}")"
printf '%-30s %12s\n' "lisp0 / GENEVE (TCP)" "$(ratio "${TCP[lisp]}" "${TCP[geneve]}")"
