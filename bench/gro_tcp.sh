#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TCP through two routers over an underlay veth that does GRO (issue
# 13), run inside the test VM: one iperf3 stream each through GENEVE
# (baseline) and through lisp0, with the lisp.ko of this tree and, if
# there is one, with build/bench-old/lisp.ko (built from another commit
# for the same kernel, e.g. one without GRO), in one VM run.  The
# underlay sends real MTU-sized segments (no TSO, no UDP tunnel GSO on
# the veth) and receives with NAPI GRO, as a NIC would.  Besides Mbit/s, how many packets the underlay carried per
# packet the tunnel device received (1.0: no aggregation).
#
#   run-vm.sh ../bench/gro_tcp.sh      (wall clock under TCG: noisy)
#
# The network is bench/lib_dataplane.sh's.
set -u
cd "$(dirname "$0")" || exit 1
SECS=${BENCH_SECS:-5}
# shellcheck source=bench/lib_dataplane.sh
. ./lib_dataplane.sh
UNDERLAY_GRO=1

rx() { ip -n r2 -j -s link show "$1" | jq '.[0].stats64.rx.packets'; }

# "Mbit/s underlay-packets-per-tunnel-packet" of one iperf3 stream s -> d,
# through tunnel device $1 of r2.
tcp() {
	local u0 t0 u1 t1 mbit
	ip netns exec d iperf3 -s -1 -D -p 5201 >/dev/null 2>&1
	sleep 0.5
	u0=$(rx ul) t0=$(rx "$1")
	mbit=$(ip netns exec s iperf3 -c 10.2.0.2 -p 5201 -t "$SECS" -J 2>/dev/null |
		jq '.end.sum_received.bits_per_second / 1000000 | floor')
	u1=$(rx ul) t1=$(rx "$1")
	echo "$mbit $(awk -v u=$((u1 - u0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.1f", t ? u / t : 0 }')"
}

old=${LISP_REPO:-..}/build/bench-old/lisp.ko
rmmod lisp 2>/dev/null
declare -A R
setup geneve
R[geneve]=$(tcp gnv0)
if [ -f "$old" ]; then
	cleanup
	insmod "$old" || exit 1
	setup lisp
	R[old]=$(tcp lisp0)
	cleanup
	rmmod lisp
fi
modprobe lisp
setup lisp
R[new]=$(tcp lisp0)
cleanup

printf '%-34s %8s %14s\n' "path (same VM, same run)" "TCP Mb/s" "ul pkts/pkt"
printf '%-34s %8s %14s\n' "GENEVE (baseline)" ${R[geneve]}
[ -n "${R[old]:-}" ] && printf '%-34s %8s %14s\n' "lisp0, build/bench-old/lisp.ko" ${R[old]}
printf '%-34s %8s %14s\n' "lisp0, this tree" ${R[new]}
exit 0
