#!/bin/bash
# A send that would block (EAGAIN) waits for the socket to be writable
# (EPOLLOUT) instead of being dropped (issue 11, item 8).  A
# Map-Resolver runs with build/eagain_preload.so, which makes its first
# sendmsg()/sendmmsg() calls on UDP sockets fail with EAGAIN:
#   - one Map-Request: its negative Map-Reply still arrives, after three
#     refusals, counted as errors.tx_deferred, not tx_errors;
#   - eight at once (one receive burst, one sendmmsg()): every reply
#     arrives, none lost behind the first that would block;
# each as one thread and with --workers 2 (a worker's send that would
# block waits in the main thread's queue).  No kernel module needed.  Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent
make -s build/eagain_preload.so >"$tmp/build.log" 2>&1
report $? "build eagain_preload.so" "$(tail -n 20 "$tmp/build.log")"
[ "$failed" -eq 0 ] || finish
PRELOAD=$PWD/build/eagain_preload.so

for w in 1 2; do
	P1=$(free_port)
	cat >"$tmp/one.conf" <<EOC
control-port $P1
site add s1 key k1
site prefix s1 10.1.0.0/16
map-resolver enable
EOC
	LD_PRELOAD=$PRELOAD LISP_EAGAIN_SENDS=3 start one --workers $w
	report $? "Map-Resolver starts (--workers $w)" "$(cat "$tmp/one.log")"
	$QUERY --timeout 2 "127.0.0.1:$P1,10.9.9.9" >"$tmp/replies" 2>&1
	qcheck "the Map-Reply arrives though three sends would block" 1 \
		".records[0].act == 1"
	jcheck "counted as deferred, not as errors" "$tmp/one.sock" \
		"show daemon-stats" ".errors.tx_deferred >= 1 and
		.errors.tx_errors == 0 and .errors.tx_dropped == 0 and
		.sent.map_reply == 1" 20

	P2=$(free_port)
	sed "s/^control-port .*/control-port $P2/" "$tmp/one.conf" \
		>"$tmp/burst.conf"
	LD_PRELOAD=$PRELOAD LISP_EAGAIN_SENDS=2 start burst --workers $w
	report $? "a second Map-Resolver starts (--workers $w)" \
		"$(cat "$tmp/burst.log")"
	specs=()
	for i in 1 2 3 4 5 6 7 8; do
		specs+=("127.0.0.1:$P2,10.9.9.$i")
	done
	$QUERY --timeout 2 "${specs[@]}" >"$tmp/replies" 2>&1
	n=$(grep -c records "$tmp/replies")
	[ "$n" -eq 8 ]
	report $? "eight requests at once: $n of 8 replies arrive" \
		"$(cat "$tmp/replies")"
	jcheck "none dropped, none an error" "$tmp/burst.sock" \
		"show daemon-stats" ".errors.tx_deferred >= 1 and
		.errors.tx_errors == 0 and .errors.tx_dropped == 0 and
		.sent.map_reply == 8" 20
	stop one
	stop burst
done

finish
