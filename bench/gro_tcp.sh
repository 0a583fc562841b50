#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP through two routers over an underlay veth that does GRO (issue
# 13), run inside the test VM: one iperf3 stream each through GENEVE
# (baseline) and through lisp0, with the lisp.ko of this tree and, if
# there is one, with build/bench-old/lisp.ko (built from another commit
# for the same kernel, e.g. one without GRO), in one VM run.  The underlay sends real MTU-sized segments (no TSO, no
# UDP tunnel GSO on the veth) and receives with NAPI GRO, as a NIC
# would.  Besides Mbit/s, how many packets the underlay carried per
# packet the tunnel device received (1.0: no aggregation).
#
#   run-vm.sh ../bench/gro_tcp.sh      (wall clock under TCG: noisy)
#
#   s --- r1 ===== underlay ===== r2 --- d
set -u
SECS=${BENCH_SECS:-5}

cleanup() { for n in s r1 r2 d; do ip netns del $n 2>/dev/null; done; }

setup() {
	local mode=$1 r
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
	for r in r1 r2; do
		ip netns exec $r sysctl -qw net.ipv4.ip_forward=1
		ip netns exec $r ethtool -K ul gro on tso off tx-udp_tnl-segmentation off \
			tx-udp_tnl-csum-segmentation off >/dev/null
	done
	ip -n s route add default via 10.1.0.1
	ip -n d route add default via 10.2.0.1
	case $mode in
	geneve)
		ip -n r1 link add tun0 type geneve id 7 remote 192.0.2.2
		ip -n r2 link add tun0 type geneve id 7 remote 192.0.2.1
		ip -n r1 addr add 172.16.0.1/30 dev tun0
		ip -n r2 addr add 172.16.0.2/30 dev tun0
		ip -n r1 link set tun0 up; ip -n r2 link set tun0 up
		ip -n r1 route add 10.2.0.0/24 via 172.16.0.2
		ip -n r2 route add 10.1.0.0/24 via 172.16.0.1 ;;
	lisp)
		ip -n r1 link add tun0 type lisp iid 7 local 192.0.2.1
		ip -n r2 link add tun0 type lisp iid 7 local 192.0.2.2
		ip -n r1 link set tun0 up; ip -n r2 link set tun0 up
		ip netns exec r1 lispd database add dev tun0 10.1.0.0/24 rloc 192.0.2.1
		ip netns exec r2 lispd database add dev tun0 10.2.0.0/24 rloc 192.0.2.2
		ip netns exec r1 lispd map-cache add dev tun0 10.2.0.0/24 rloc 192.0.2.2
		ip netns exec r2 lispd map-cache add dev tun0 10.1.0.0/24 rloc 192.0.2.1
		ip -n r1 route add 10.2.0.0/24 dev tun0
		ip -n r2 route add 10.1.0.0/24 dev tun0 ;;
	esac
	ip netns exec s ping -c 2 -W 2 10.2.0.2 >/dev/null || echo "# $mode: no connectivity" >&2
}

rx() { ip -n r2 -j -s link show "$1" | jq '.[0].stats64.rx.packets'; }

# "Mbit/s underlay-packets-per-tunnel-packet" of one iperf3 stream s -> d.
tcp() {
	local u0 t0 u1 t1 mbit
	ip netns exec d iperf3 -s -1 -D -p 5201 >/dev/null 2>&1
	sleep 0.5
	u0=$(rx ul) t0=$(rx tun0)
	mbit=$(ip netns exec s iperf3 -c 10.2.0.2 -p 5201 -t "$SECS" -J 2>/dev/null |
		jq '.end.sum_received.bits_per_second / 1000000 | floor')
	u1=$(rx ul) t1=$(rx tun0)
	echo "$mbit $(awk -v u=$((u1 - u0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.1f", t ? u / t : 0 }')"
}

old=${LISP_REPO:-$(cd "$(dirname "$0")/.." && pwd)}/build/bench-old/lisp.ko
rmmod lisp 2>/dev/null
declare -A R
setup geneve
R[geneve]=$(tcp)
if [ -f "$old" ]; then
	cleanup
	insmod "$old" || exit 1
	setup lisp
	R[old]=$(tcp)
	cleanup
	rmmod lisp
fi
modprobe lisp
setup lisp
R[new]=$(tcp)
cleanup

printf '%-34s %8s %14s\n' "path (same VM, same run)" "TCP Mb/s" "ul pkts/pkt"
printf '%-34s %8s %14s\n' "GENEVE (baseline)" ${R[geneve]}
[ -n "${R[old]:-}" ] && printf '%-34s %8s %14s\n' "lisp0, build/bench-old/lisp.ko" ${R[old]}
printf '%-34s %8s %14s\n' "lisp0, this tree" ${R[new]}
exit 0
