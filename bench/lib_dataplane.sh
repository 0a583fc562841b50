# SPDX-License-Identifier: GPL-2.0
# The data-plane benchmarks' network, sourced by bench/dataplane.sh and
# bench/path_profile.sh (in the test VM):
#
#   s --- r1 ===== underlay ===== r2 --- d
#   s 10.1.0.2/24, d 10.2.0.2/24; r1/r2 underlay 192.0.2.1/.2
#
# setup MODE joins r1 and r2 by plain routing, GENEVE, FOU (ipip in UDP)
# or lisp0 (lisp: one map-cache entry each way; lisp1m: and a million
# more in r1; lispev: as lisp, with lispd monitor listening to the
# kernel's events in r1 and r2, as when lispd runs).  With UNDERLAY_GRO=1
# the underlay veth sends MTU-sized segments (no TSO, no UDP tunnel GSO)
# and receives with NAPI GRO.

MONITORS=
cleanup() {
	local n
	# shellcheck disable=SC2086
	[ -n "$MONITORS" ] && kill $MONITORS 2>/dev/null && wait $MONITORS 2>/dev/null
	MONITORS=
	for n in s r1 r2 d; do ip netns del $n 2>/dev/null; done
}

setup() {
	local mode=$1 n l r
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
	for r in r1 r2; do
		ip netns exec $r sysctl -qw net.ipv4.ip_forward=1
		# As a NIC would: MTU-sized segments out, NAPI GRO in.
		[ "${UNDERLAY_GRO:-0}" = 1 ] &&
			ip netns exec $r ethtool -K ul gro on tso off tx-udp_tnl-segmentation off \
				tx-udp_tnl-csum-segmentation off >/dev/null
	done
	case $mode in
	plain)
		ip -n r1 route add 10.2.0.0/24 via 192.0.2.2
		ip -n r2 route add 10.1.0.0/24 via 192.0.2.1 ;;
	fou)
		for r in r1 r2; do ip netns exec $r ip fou add port 5555 ipproto 4; done
		ip -n r1 link add fou0 type ipip remote 192.0.2.2 local 192.0.2.1 \
			encap fou encap-sport auto encap-dport 5555
		ip -n r2 link add fou0 type ipip remote 192.0.2.1 local 192.0.2.2 \
			encap fou encap-sport auto encap-dport 5555
		ip -n r1 link set fou0 up; ip -n r2 link set fou0 up
		ip -n r1 route add 10.2.0.0/24 dev fou0
		ip -n r2 route add 10.1.0.0/24 dev fou0 ;;
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
			million_batch >/tmp/bench-1m
			ip netns exec r1 lispd map-cache load dev lisp0 /tmp/bench-1m >/dev/null
		fi
		ip netns exec r1 lispd map-cache add dev lisp0 10.2.0.0/24 rloc 192.0.2.2
		ip netns exec r2 lispd map-cache add dev lisp0 10.1.0.0/24 rloc 192.0.2.1
		if [ "$mode" = lispev ]; then
			for r in r1 r2; do
				ip netns exec $r lispd monitor >/dev/null 2>&1 &
				MONITORS="$MONITORS $!"
			done
			sleep 0.5
		fi ;;
	esac
	ip netns exec s ping -c 2 -W 2 10.2.0.2 >/dev/null || echo "# $mode: no connectivity" >&2
}

# A million /24s with one RLOC each: "PREFIX rloc ADDR" lines.
million_batch() {
	awk 'BEGIN { for (i = 0; i < 1000000; i++)
		printf "%d.%d.%d.0/24 rloc 192.0.2.%d\n", 20 + int(i / 65536),
			int(i / 256) % 256, i % 256, 3 + i % 200 }'
}

# pktgen in s, ready to send $2 UDP packets of $1 bytes to d's port 9
# from 64 source ports (flows), $3 packets/s (pktgen's ratep).
pktgen_paced() {
	local mac pg=/proc/net/pktgen
	mac=$(ip -n r1 -j link show lan | jq -r '.[0].address')
	ip netns exec s sh -c "
		echo rem_device_all >$pg/kpktgend_0
		echo add_device eth0 >$pg/kpktgend_0
		echo 'count $2' >$pg/eth0
		echo 'ratep $3' >$pg/eth0
		echo 'pkt_size $1' >$pg/eth0
		echo 'dst 10.2.0.2' >$pg/eth0
		echo 'dst_mac $mac' >$pg/eth0
		echo 'udp_src_min 10000' >$pg/eth0
		echo 'udp_src_max 10063' >$pg/eth0
		echo 'udp_dst_min 9' >$pg/eth0
		echo 'udp_dst_max 9' >$pg/eth0"
}

# Send what pktgen_paced set up; returns when the last packet is out.
pktgen_start() { ip netns exec s sh -c "echo start >/proc/net/pktgen/pgctrl"; }
