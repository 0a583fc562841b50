#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where a tunnel's per-packet cost goes, in the test VM: guest ns per
# packet of each function under the tunnel's entry points, from ftrace's
# function_graph tracer, for the paths of bench/dataplane.sh.  Run it
# with icount (guest ns are then instructions, load-independent):
#
#   selftests/vm/run-vm.sh -v --icount ../bench/path_profile.sh
#
# PROFILE_MODES (default "geneve lisp"), PROFILE_DEPTH (2: the entry
# points and what they call directly) and PROFILE_FUNCS (the entry
# points) choose what is traced.  Tracing adds its own instructions to
# every traced call, so compare functions across paths, not with
# bench/dataplane.sh's totals.
set -u
cd "$(dirname "$0")" || exit 1
# shellcheck source=bench/lib_dataplane.sh
. ./lib_dataplane.sh
N=${PROFILE_PKTS:-2000}
modes=${PROFILE_MODES:-geneve lisp}
depth=${PROFILE_DEPTH:-3}
funcs=${PROFILE_FUNCS:-lisp_dev_xmit geneve_xmit lisp_udp_encap_recv geneve_udp_encap_recv}
T=/sys/kernel/tracing
[ -e $T/trace ] || mount -t tracefs nodev $T || { echo "# no tracefs"; exit 4; }
modprobe pktgen || { echo "# pktgen not available"; exit 4; }
modprobe geneve

for mode in $modes; do
	setup "$mode"
	echo 0 >$T/tracing_on
	echo nop >$T/current_tracer
	echo 65536 >$T/buffer_size_kb
	: >$T/set_graph_function
	for f in $funcs; do
		grep -qx "$f" $T/available_filter_functions 2>/dev/null ||
			grep -q "^$f " $T/available_filter_functions || continue
		echo "$f" >>$T/set_graph_function
	done
	echo "$depth" >$T/max_graph_depth
	echo function_graph >$T/current_tracer
	echo funcgraph-tail >$T/trace_options
	echo nofuncgraph-irqs >$T/trace_options
	: >$T/trace
	echo 1 >$T/tracing_on
	pktgen_paced 64 "$N" 5000
	pktgen_start
	echo 0 >$T/tracing_on
	echo
	echo "== $mode: guest ns per packet by function (depth $depth under: $funcs), $N packets"
	# "  1.234 us    |    name();" and "+ 12.345 us   |  } /* name */"
	sed -n 's/^ *[0-9]*) *[-+!#*@$ ]* \([0-9.]*\) us *| *\(.*\)$/\1 \2/p' $T/trace |
	awk -v n="$N" '{
		d = $1 * 1000; $1 = ""; name = $0
		if (name ~ /\(\);/) { sub(/\(\);.*/, "", name) }
		else if (name ~ /\/\*/) { sub(/.*\/\* */, "", name); sub(/ *\*\/.*/, "", name) }
		else next
		gsub(/^ +| +$/, "", name)
		ns[name] += d; calls[name]++
	} END {
		for (f in ns) printf "%-40s %8.2f %9.0f %9.0f\n", f, calls[f] / n, ns[f] / calls[f], ns[f] / n
	}' | sort -k4,4nr | head -n "${PROFILE_TOP:-45}" |
	awk 'BEGIN { printf "%-40s %8s %9s %9s\n", "function", "calls/pkt", "ns/call", "ns/pkt" } { print }'
	echo nop >$T/current_tracer
done
echo 1 >$T/tracing_on
cleanup
