#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Miss storm: packets to distinct unmapped destinations through lisp0,
# IPv4 and IPv6, with a listener on the "miss" group (so misses are
# queued, not dropped at once).  What the module holds is bounded by
# LISP_MISS_PENDING_MAX records and LISP_MISS_QUEUE_PER_DEV packets:
#
#   - what waits, as the device reports it (lispd show stats: miss_queue)
#     and sampled through the storm, never passes those caps, and its
#     packets never take more than 512 KiB (2 KiB each)
#   - kernel memory (Slab + Percpu of /proc/meminfo) during the storm
#     stays within 4 MiB of before, and within 1 MiB once the waiting
#     packets have timed out (LISP_MISS_TIMEOUT_MS).  With slub_debug
#     (make soak) the first is printed, not checked: the stack's own
#     per-destination state (an IPv6 neighbour entry each, freed after a
#     grace period) and the debug padding dominate it and follow the
#     host's load: 5.6 to 10.6 MiB in one soak, while the module's
#     queue stayed within its caps.
#   - notifications stay within miss-rate: at most rate * (seconds + 1),
#     the rest counted as miss_ratelimited
#   - afterwards nothing waits: a mapping releases no packet, and the
#     module unloads
#
# 50,000 destinations per family here, 1,000,000 with LISP_SOAK=1.
. "$(dirname "$0")/lib.sh"
ksft_header

count=50000
[ "${LISP_SOAK:-0}" = 1 ] && count=1000000
rate=200
command -v lisp-flood >/dev/null || { ksft_result 1 "build/lisp-flood is built"; ksft_finish; }

# The storm comes from a host of the site, forwarded by the ITR, as on a
# router (a local sender's packets would hold its socket's send buffer
# while they wait).
netns_new itr || { ksft_result 1 "netns"; ksft_finish; }
netns_new h1 || { ksft_result 1 "netns"; ksft_finish; }
ip netns exec itr sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip -n itr link add ul type dummy
ip -n itr addr add 192.0.2.1/24 dev ul
ip -n itr link set ul up
ip link add site netns itr type veth peer name eth0 netns h1
ip -n itr addr add 198.51.100.1/24 dev site
ip -n itr addr add 2001:db8:1::1/64 dev site nodad
ip -n itr link set site up
ip -n h1 addr add 198.51.100.10/24 dev eth0
ip -n h1 addr add 2001:db8:1::10/64 dev eth0 nodad
ip -n h1 link set eth0 up
ip -n h1 route add default via 198.51.100.1
ip -n h1 -6 route add default via 2001:db8:1::1
ip -n itr link add lisp0 type lisp local 192.0.2.1 miss-rate $rate
ip -n itr link set lisp0 up
ip netns exec itr lispd database add dev lisp0 198.51.100.0/24 rloc 192.0.2.1
ip netns exec itr lispd database add dev lisp0 2001:db8:1::/64 rloc 192.0.2.1
ip -n itr route add 10.0.0.0/8 dev lisp0
ip -n itr -6 route add 2001:db8:aa::/64 dev lisp0

stat() { ip netns exec itr lispd show stats -j | jq ".devices[0].counters.$1 // 0"; }
# What waits now: "DESTINATIONS PACKETS BYTES".
miss_queue() {
	ip netns exec itr lispd show stats -j |
		jq -r '.devices[0].miss_queue | "\(.waiting) \(.packets) \(.bytes)"'
}
# Kernel memory that is not page cache: slab and per-CPU, in KiB.
kmem() { awk '/^(Slab|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }
# Each slab cache's objects in use, in KiB (active objects x object
# size), to name the caches that grew when the bound is missed.
slabs() { awk 'NR > 2 { printf "%s %d\n", $1, $2 * $4 / 1024 }' /proc/slabinfo; }
# Caches and empty slabs given back, so that what remains is held.
settle() {
	local f
	sync
	echo 3 >/proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do echo 1 >"$f"; done 2>/dev/null
}

rm -f /tmp/storm.err
ip netns exec itr lispd monitor -j >/tmp/storm.json 2>/tmp/storm.err &
mon=$!
wait_file /tmp/storm.err listening
settle
m0=$(kmem)
slabs >/tmp/storm.slab0
pcpu0=$(awk '/^Percpu:/ { print $2 }' /proc/meminfo)
nomap0=$(stat tx_no_mapping)
total=0
peak=0
max_wait=0 max_queued=0 max_bytes=0
t0=$(date +%s)
for fam in 4 6; do
	if [ $fam = 4 ]; then dst=10.0.0.0 src=198.51.100.10; else dst=2001:db8:aa:: src=2001:db8:1::10; fi
	ip netns exec h1 lisp-flood -$fam $dst -D -b $src -p 9 -n $count >/tmp/storm.out &
	gen=$!
	while kill -0 $gen 2>/dev/null; do
		m=$(kmem)
		[ $(( m - m0 )) -gt $peak ] && peak=$(( m - m0 ))
		set -- $(miss_queue)
		[ "${1:-0}" -gt $max_wait ] && max_wait=$1
		[ "${2:-0}" -gt $max_queued ] && max_queued=$2
		[ "${3:-0}" -gt $max_bytes ] && max_bytes=$3
		sleep 0.5
	done
	wait $gen
	sent=$(sed -n 's/^sent //p' /tmp/storm.out)
	total=$(( total + sent ))
	echo "# IPv$fam: $sent distinct destinations"
done
t1=$(date +%s)
sleep 1
notified=$(stat miss_notified)
lines=$(wc -l </tmp/storm.json)
limited=$(stat miss_ratelimited)
echo "# $(( t1 - t0 )) s of storm: $notified notified, $limited rate-limited, peak +$peak KiB"
echo "# the device's miss queue at its largest: $max_wait destinations, $max_queued packets, $max_bytes bytes"
check_eq "destinations waiting: up to LISP_MISS_PENDING_MAX (1024), and the queue was used" 1 \
	"$(( max_wait > 0 && max_wait <= 1024 ))"
check_eq "packets held: up to LISP_MISS_QUEUE_PER_DEV (256), in at most 512 KiB" 1 \
	"$(( max_queued > 0 && max_queued <= 256 && max_bytes <= 512 * 1024 ))"
if grep -q slub_debug /proc/cmdline; then
	echo "# slub_debug: kernel memory during the storm is printed above, not checked"
else
	check_eq "kernel memory during the storm within 4 MiB of before (+$peak KiB)" 1 \
		"$(( peak <= 4096 ))"
fi
check_eq "notifications within miss-rate $rate/s" 1 \
	"$(( notified <= rate * (t1 - t0 + 2) ))"
check_eq "the listener got each one" "$notified" "$lines"
check_eq "the others were counted as rate-limited" 1 "$(( limited > 0 ))"
check_eq "every packet reached lisp0 as a miss" "$total" \
	"$(( $(stat tx_no_mapping) - nomap0 ))"

# Everything waiting times out after LISP_MISS_TIMEOUT_MS.
sleep 5
check_eq "then nothing waits: 0 destinations, 0 packets, 0 bytes" "0 0 0" "$(miss_queue)"
kill $mon
wait $mon 2>/dev/null
# Neighbour entries of the storm's destinations are the stack's, not ours.
# On lisp0 (NOARP) IPv6 makes one per destination of an on-link route:
# the soak found 1021 of them (gc_thresh3) left after a million, in
# kmalloc-512.  "flush" leaves NOARP entries unless asked by name.
ip -n itr neigh flush all
ip -n itr neigh flush dev lisp0 nud noarp 2>/dev/null
ip -n itr -6 neigh flush dev lisp0 nud noarp 2>/dev/null
ip -n h1 neigh flush all
settle
after=$(( $(kmem) - m0 ))
echo "# after the storm: $after KiB above before"
if [ "$after" -gt 1024 ]; then
	echo "# Percpu: $pcpu0 KiB before, $(awk '/^Percpu:/ { print $2 }' /proc/meminfo) KiB now; slab caches that grew (KiB):"
	slabs | awk 'NR == FNR { b[$1] = $2; next } $2 - b[$1] > 16 { print $2 - b[$1], $1 }' \
		/tmp/storm.slab0 - | sort -rn | head -n 12 >/tmp/storm.grew
	sed 's/^/#   /' /tmp/storm.grew
	# With slub_debug=U (make soak), who allocated what the first of
	# them still holds.
	cache=$(awk 'NR == 1 { print $2 }' /tmp/storm.grew)
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	if [ -r "/sys/kernel/debug/slab/$cache/alloc_traces" ]; then
		echo "# $cache: allocation sites of the objects in use, most first:"
		head -n 48 "/sys/kernel/debug/slab/$cache/alloc_traces" | sed 's/^/#   /'
	fi
fi
check_eq "each one was refused (queue full) or waited and timed out" "$total" \
	"$(( $(stat tx_miss_queue_full) + $(stat tx_miss_timeout) ))"
check_eq "after the storm, within 1 MiB of before ($after KiB)" 1 "$(( after <= 1024 ))"
released=$(stat miss_released)
ip netns exec itr lispd map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.2
check_eq "nothing waits any more: a mapping releases nothing" "$released" \
	"$(stat miss_released)"

ksft_finish
