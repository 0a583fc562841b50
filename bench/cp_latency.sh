#!/bin/bash
# Miss to first delivered packet, in the VM on the demo network
# (selftests/lib_cp.sh): h1 pings h2 with xtr1's map-cache flushed, so
# the first echo waits in the kernel while lispd resolves through the
# Map-Resolver (ECM Map-Request -> Map-Server -> ETR -> Map-Reply ->
# map-cache).  Baseline: the same ping once the mapping is cached.
cd "$(dirname "$0")/../selftests" || exit 1
. ./lib.sh >/dev/null
. ./lib_cp.sh
cp_setup >/dev/null || { echo "topology failed"; exit 1; }
cp_start >/dev/null || { echo "lispd failed"; exit 1; }
# Without proxy ETRs the first packet waits for the mapping.
ip netns exec xtr1 lispd petr flush dev lisp0

rtt() { ip netns exec h1 ping -c 1 -W 5 $H2 | sed -n 's/.*time=\([0-9.]*\) ms/\1/p'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "n/a")}'; }
N=15
first=()
for i in $(seq $N); do
	ip netns exec xtr1 lispd map-cache flush dev lisp0
	sleep 1.1	# the ITR sends at most one Map-Request per second per EID
	first+=("$(rtt)")
done
cached=()
for i in $(seq $N); do
	cached+=("$(rtt)")
	sleep 0.1
done
m1=$(printf '%s\n' "${first[@]}" | median)
m2=$(printf '%s\n' "${cached[@]}" | median)
printf '%-46s %10s ms\n' "first packet after a miss (median of $N)" "$m1"
printf '%-46s %10s ms\n' "same ping, mapping cached (baseline)" "$m2"
awk -v a="$m1" -v b="$m2" 'BEGIN { if (b > 0) printf "%-46s %10.1fx (resolution adds %.2f ms)\n", "ratio", a / b, a - b }'
ip netns exec xtr1 env LISPD_SOCK=$CP_DIR/xtr1.sock lispd show itr | sed 's/^/# /'
cp_stop
