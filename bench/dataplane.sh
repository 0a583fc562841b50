#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Data-plane benchmark, run inside the test VM (make bench): packets/s
# (64- and 1400-byte UDP) and TCP throughput from a sender through two
# routers to a receiver, the routers joined by plain routing, by the
# kernel's GENEVE device, by FOU (IPv4 in UDP: the closest L3 analogue
# of LISP), or by lisp0 with 1 and with 1,000,000 map-cache entries.
# Every figure is printed beside the GENEVE one from the same run, as a
# ratio.  Then the cost of a million entries: kernel memory (Slab and
# Percpu of /proc/meminfo, before and after) and the time to install
# them, beside the kernel's FIB taking a million routes with ip -batch.
#
# In a guest run with --icount (run-vm.sh, LISP_ICOUNT=1) the guest's
# clock counts instructions, so a guest time is a cost that does not
# depend on the host's load.  There the sender is paced (pktgen ratep,
# well below what the path can carry, so nothing queues or drops) and
# the figure is the guest's busy time per delivered packet: elapsed time
# minus what build/spare-cycles, at SCHED_IDLE beside it, could turn
# (bench/spare_cycles.c says why not the kernel's idle time).  Unpaced, the
# delivered rate would say where the surplus is dropped, not what a
# packet costs.  Otherwise (wall clock under TCG or KVM) packets/s is
# what an unpaced sender gets through.
# The network is bench/lib_dataplane.sh's.
set -u
cd "$(dirname "$0")" || exit 1
PKTS=${BENCH_PKTS:-300000}
SECS=${BENCH_SECS:-8}

# shellcheck source=bench/lib_dataplane.sh
. ./lib_dataplane.sh

# Packets/s delivered to d while pktgen in s sends PKTS UDP packets of
# $1 bytes over 64 source ports (flows) as fast as it can, from $2
# pktgen threads (default 1), one per CPU, each with its own 32 flows.
pps() {
	local mac pg=/proc/net/pktgen rx0 rx1 t0 t1 i n=${2:-1} dev
	mac=$(ip -n r1 -j link show lan | jq -r '.[0].address')
	for i in $(seq 0 $(($(nproc) - 1))); do
		ip netns exec s sh -c "echo rem_device_all >$pg/kpktgend_$i"
	done
	for i in $(seq 0 $((n - 1))); do
		dev=eth0@$i
		[ "$n" = 1 ] && dev=eth0
		ip netns exec s sh -c "
			echo add_device $dev >$pg/kpktgend_$i
			echo 'count $((PKTS / n))' >$pg/$dev
			echo 'pkt_size $1' >$pg/$dev
			echo 'dst 10.2.0.2' >$pg/$dev
			echo 'dst_mac $mac' >$pg/$dev
			echo 'udp_src_min $((10000 + i * 64))' >$pg/$dev
			echo 'udp_src_max $((10000 + i * 64 + 64 / n - 1))' >$pg/$dev
			echo 'udp_dst_min 9' >$pg/$dev
			echo 'udp_dst_max 9' >$pg/$dev"
	done
	rx0=$(ip -n d -j -s link show eth0 | jq '.[0].stats64.rx.packets')
	t0=$(date +%s%N)
	ip netns exec s sh -c "echo start >$pg/pgctrl"
	t1=$(date +%s%N)
	sleep 0.5
	rx1=$(ip -n d -j -s link show eth0 | jq '.[0].stats64.rx.packets')
	echo $(( (rx1 - rx0) * 1000000000 / (t1 - t0) ))
}

# UDP datagrams that reached d (to port 9, where nothing listens: each
# one is counted once, and nothing else on d's link is).
udp_in() {
	ip netns exec d awk '/^Udp:/ { if (h) { print $3; exit } h = 1 }' /proc/net/snmp
}

# ns per turn of spare-cycles running alone (set by calibrate).
NS_PER_TURN=
calibrate() {
	local out
	spare-cycles >/tmp/spare &
	sleep "$1"
	kill -TERM $! && wait $!
	out=$(cat /tmp/spare)
	awk -v o="$out" 'BEGIN { split(o, f, " "); printf "%.6f\n", f[2] / f[1] }'
}

# Guest busy ns per delivered packet of $1 bytes, with pktgen paced at
# COST_RATE packets/s for $2 packets (icount mode).  Prints "ns
# delivered sent".  The pace leaves each packet's whole path (send, two
# routers, receive, all in softirq on the one vCPU) done before the
# next, and pktgen sleeps between packets rather than spinning (it spins
# only for gaps under 100 us); spare-cycles takes what is left.
cost() {
	local pg=/proc/net/pktgen rx0 rx1 sent spare
	pktgen_paced "$1" "$2" "$COST_RATE"
	rx0=$(udp_in)
	spare-cycles >/tmp/spare &
	pktgen_start
	kill -TERM $! && wait $!
	spare=$(cat /tmp/spare)
	rx1=$(udp_in)
	sent=$(ip netns exec s awk '/pkts-sofar/ { print $2 }' $pg/eth0)
	awk -v o="$spare" -v k="$NS_PER_TURN" -v d=$((rx1 - rx0)) -v s="$sent" 'BEGIN {
		split(o, f, " "); printf "%d %d %d\n", f[2] - f[1] * k, d, s }'
}

# The same for 1 packet and for n: what n - 1 packets cost, without the
# commands around them.
cost_per_packet() {
	local one many
	one=$(cost "$1" 1)
	many=$(cost "$1" "$COST_PKTS")
	set -- $one $many
	echo $(( ($4 - $1) / ($5 - $2 > 0 ? $5 - $2 : 1) )) "$5" "$6"
}

# TCP Mbit/s, iperf3, one stream, SECS seconds.
tcp() {
	ip netns exec d iperf3 -s -1 -D -p 5201 >/dev/null 2>&1
	sleep 0.5
	ip netns exec s iperf3 -c 10.2.0.2 -p 5201 -t "$SECS" -J 2>/dev/null |
		jq '.end.sum_received.bits_per_second / 1000000 | floor'
}

# Kernel memory in KiB: Slab + Percpu.
kmem() { awk '/^(Slab|Percpu):/ { k += $2 } END { print k }' /proc/meminfo; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

modprobe pktgen || { echo "# pktgen not available"; exit 4; }
modprobe fou; modprobe ipip
# BENCH_MODES: a subset, for a quicker look (the ratios need geneve).
modes=${BENCH_MODES:-plain geneve fou lisp lispev lisp1m}
has() { case " $modes " in *" $1 "*) return 0 ;; esac; return 1; }
has geneve || { echo "# BENCH_MODES must include geneve, the baseline" >&2; exit 2; }
name() {
	case $1 in
	plain) echo "plain routing (baseline)" ;;
	geneve) echo "GENEVE (baseline)" ;;
	fou) echo "FOU, ipip in UDP (baseline)" ;;
	lisp) echo "lisp0, 1 map-cache entry" ;;
	lispev) echo "lisp0, 1 entry, events heard" ;;
	lisp1m) echo "lisp0, 1,000,001 entries" ;;
	esac
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
declare -A PPS64 PPS1400 TCP PPS2 NS64 NS1400 LOSS

if [ "${LISP_ICOUNT:-0}" = 1 ]; then
	COST_PKTS=${BENCH_COST_PKTS:-20000}
	# 200 us apart: pktgen sleeps through the gap while a packet's path
	# costs under 100 us (checked below), and 20,000 packets take 4 s.
	COST_RATE=${BENCH_COST_RATE:-5000}
	NS_PER_TURN=$(calibrate 2)
	check=$(calibrate 2)
	for mode in $modes; do
		setup $mode
		# (no process substitution: the guest has no /dev/fd)
		set -- $(cost_per_packet 64); NS64[$mode]=$1 d64=$2 s64=$3
		set -- $(cost_per_packet 1400); NS1400[$mode]=$1 d1400=$2 s1400=$3
		LOSS[$mode]=$((s64 - d64 + s1400 - d1400))
		if [ $((NS64[$mode] > 1000000000 / COST_RATE - 100000 ||
			NS1400[$mode] > 1000000000 / COST_RATE - 100000)) = 1 ]; then
			echo "# $mode: a packet costs more than the pace allows (pktgen spins): lower BENCH_COST_RATE" >&2
		fi
		TCP[$mode]=$(tcp)
		echo "# $mode: ${NS64[$mode]} ns/packet (64 B, $d64 of $s64 delivered)," \
			"${NS1400[$mode]} ns (1400 B, $d1400 of $s1400), ${TCP[$mode]} Mbit/s" >&2
	done
	cleanup
	echo "guest busy ns per delivered packet (icount: instructions, not load);"
	echo "the whole path on one vCPU: paced sender, two routers, receiver."
	echo "spare-cycles alone: $NS_PER_TURN ns per turn, then $check (calibration, twice)."
	echo "pps/GNV = GENEVE's cost over this path's: above 1 is cheaper than GENEVE;"
	echo "+plain = what the tunnel adds to plain routing; lost = sent - delivered."
	printf '%-28s %9s %8s %8s %10s %8s %8s %8s %6s\n' "path (same VM, same run)" \
		"ns 64 B" "pps/GNV" "+plain" "ns 1400 B" "pps/GNV" "TCP Mb/s" "/GNV" "lost"
	for mode in $modes; do
		printf '%-28s %9s %8s %8s %10s %8s %8s %8s %6s\n' "$(name $mode)" \
			"${NS64[$mode]}" "$(ratio "${NS64[geneve]}" "${NS64[$mode]}")" \
			"$(has plain && echo $((NS64[$mode] - NS64[plain])) || echo -)" \
			"${NS1400[$mode]}" "$(ratio "${NS1400[geneve]}" "${NS1400[$mode]}")" \
			"${TCP[$mode]}" "$(ratio "${TCP[$mode]}" "${TCP[geneve]}")" "${LOSS[$mode]}"
	done
	has lisp && has lisp1m &&
		printf '%-28s %9s\n' "cost, lisp0 1M / 1 entry" "$(ratio "${NS64[lisp1m]}" "${NS64[lisp]}")"
	has lisp && has plain &&
		printf '%-28s %9s\n' "+plain, lisp0 / GENEVE" \
			"$(ratio $((NS64[lisp] - NS64[plain])) $((NS64[geneve] - NS64[plain])))"
else
	for mode in $modes; do
		setup $mode
		# Median of three: wall-clock figures are noisy.
		PPS64[$mode]=$(for i in 1 2 3; do pps 64; done | sort -n | sed -n 2p)
		PPS1400[$mode]=$(for i in 1 2 3; do pps 1400; done | sort -n | sed -n 2p)
		TCP[$mode]=$(tcp)
		# Scaling from 1 to 2 CPUs: two pktgen threads, 32 flows each.
		if [ "$(nproc)" -ge 2 ]; then
			PPS2[$mode]=$(for i in 1 2 3; do pps 64 2; done | sort -n | sed -n 2p)
		fi
		echo "# $mode: ${PPS64[$mode]} pps (64 B), ${PPS1400[$mode]} pps (1400 B), ${TCP[$mode]} Mbit/s, ${PPS2[$mode]:-} pps on 2 CPUs" >&2
	done
	cleanup
	printf '%-28s %10s %6s %10s %6s %8s %6s\n' "path (same VM, same run)" \
		"pps 64 B" "/GNV" "pps 1400 B" "/GNV" "TCP Mb/s" "/GNV"
	for mode in $modes; do
		printf '%-28s %10s %6s %10s %6s %8s %6s\n' "$(name $mode)" \
			"${PPS64[$mode]}" "$(ratio "${PPS64[$mode]}" "${PPS64[geneve]}")" \
			"${PPS1400[$mode]}" "$(ratio "${PPS1400[$mode]}" "${PPS1400[geneve]}")" \
			"${TCP[$mode]}" "$(ratio "${TCP[$mode]}" "${TCP[geneve]}")"
	done
	has lisp && has lisp1m &&
		printf '%-28s %10s\n' "lisp0 1M / 1 entry (64 B)" "$(ratio "${PPS64[lisp1m]}" "${PPS64[lisp]}")"
	if [ "$(nproc)" -ge 2 ]; then
		echo
		printf '%-28s %10s %10s %8s %8s\n' "2 CPUs, 64 flows (64 B)" "pps 1 CPU" "pps 2 CPUs" "scaling" "/GNV"
		for mode in $modes; do
			sc=$(ratio "${PPS2[$mode]}" "${PPS64[$mode]}")
			printf '%-28s %10s %10s %8s %8s\n' "$mode" "${PPS64[$mode]}" "${PPS2[$mode]}" \
				"$sc" "$(ratio "$sc" "$(ratio "${PPS2[geneve]}" "${PPS64[geneve]}")")"
		done
	fi
fi

# BENCH_MILLION=0 leaves out what follows.
[ "${BENCH_MILLION:-1}" = 0 ] && exit 0

# A million entries: memory and install time, against the FIB (in r2,
# with r1's entries still there: nothing freed by RCU meanwhile skews
# the second figure).
setup lisp
million_batch >/tmp/bench-1m
sed 's|^\([^ ]*\) rloc .*|route add \1 via 192.0.2.1|' /tmp/bench-1m >/tmp/bench-1m.ip
sync; echo 3 >/proc/sys/vm/drop_caches
m0=$(kmem); t0=$(now_ms)
ip netns exec r1 lispd map-cache load dev lisp0 /tmp/bench-1m >/dev/null
t1=$(now_ms); m1=$(kmem)
entries=$(ip netns exec r1 lispd map-cache show dev lisp0 | grep -c '^[0-9]')
f0=$(kmem); t2=$(now_ms)
# In pieces: one ip -batch of a million routes grew past 1.6 GB and
# was OOM-killed in the 2 GB guest.
split -l 100000 /tmp/bench-1m.ip /tmp/bench-1m.ip.
for f in /tmp/bench-1m.ip.*; do ip -n r2 -batch "$f"; done
t3=$(now_ms); f1=$(kmem)
rm -f /tmp/bench-1m.ip.*
fib=$(ip -n r2 route show | grep -c '^[0-9]')
cleanup
echo
printf '%-36s %10s %12s %10s\n' "a million entries (same VM, same run)" "entries" "install ms" "B/entry"
printf '%-36s %10s %12s %10s\n' "lisp0 map-cache, 1 RLOC each" "$entries" "$((t1 - t0))" \
	"$(( (m1 - m0) * 1024 / (entries > 0 ? entries : 1) ))"
printf '%-36s %10s %12s %10s\n' "kernel FIB, ip -batch (baseline)" "$fib" "$((t3 - t2))" \
	"$(( (f1 - f0) * 1024 / (fib > 0 ? fib : 1) ))"
