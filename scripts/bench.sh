#!/bin/sh
# make bench: the LPM and Map-Server micro-benchmarks on the host, then
# the data-plane benchmark in the VM.  Figures are printed beside baselines from the
# same run; nothing here passes or fails on a number.
cd "$(dirname "$0")/.." || exit 1
echo "== LPM lookup (kmod/lpm.c built in user space) vs a binary trie"
make -s bench-lpm || exit 1
if command -v valgrind >/dev/null; then
	echo "-- the same at 1M prefixes, per lookup, counted by callgrind (load-independent)"
	make -s bench-lpm-count || exit 1
fi
echo
echo "== Map-Server / Map-Resolver logic (agent/ms/), one core"
make -s bench-ms || exit 1
echo
echo "== Control plane of the real daemon (lispd run on 127.0.0.1), one core"
make -s bench-cp || echo "bench-cp failed (see above)"
echo
# BENCH_MODE=icount|wall|both (default both) for the VM figures.
mode=${BENCH_MODE:-both}
if [ "$mode" != wall ]; then
	echo "== Data plane in the VM, icount (1 vCPU; guest ns = instructions:"
	echo "   a cost per packet, repeatable whatever the host's load)"
	selftests/vm/run-vm.sh -v --icount --timeout 3600 ../bench/dataplane.sh | sed '/^ok - vm/d'
	echo
fi
if [ "$mode" != icount ]; then
	echo "== Data plane in the VM, wall clock (TCG, 2 vCPUs: noisy, ratios count)"
	selftests/vm/run-vm.sh -v --timeout 1800 ../bench/dataplane.sh | sed '/^ok - vm/d'
fi
echo
echo "== TCP over an underlay that segments and does GRO, as NICs do (wall clock)"
selftests/vm/run-vm.sh -v --timeout 600 ../bench/gro_tcp.sh | sed '/^ok - vm/d'
echo
echo "== Control plane in the VM: miss to first delivered packet (demo network)"
selftests/vm/run-vm.sh -v --timeout 600 ../bench/cp_latency.sh | sed '/^ok - vm/d'
echo
echo "== Mobility in the VM: a host moving between sites, a provider link failing"
echo "   (demo network; wall clock under TCG, as an operator would see it)"
selftests/vm/run-vm.sh -v --timeout 900 ../bench/mobility.sh | sed '/^ok - vm/d'
