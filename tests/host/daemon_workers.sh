#!/bin/bash
# "lispd run --workers N": N threads read the control port, every
# handler still runs one at a time (agent/daemon/worker.c).  On
# 127.0.0.1, no kernel module needed (--no-kernel):
#   - --workers takes 1 to 64, anything else is a usage error;
#   - a Map-Server/Map-Resolver with --workers 2 takes 1000 Map-Registers
#     (build/cp_bench, HMAC-SHA-256) and answers 20,000 ECM Map-Requests
#     with 128 outstanding: none lost, every one positive, the counters
#     agree with what went in and out;
#   - an ETR of its own (one thread) registers and gets its Map-Notify
#     from a worker; the IPv6 socket is read too;
#   - a reload that moves the control port: the new port answers, the
#     old one is closed (no worker keeps it open);
#   - SIGTERM: exit status 0.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent
make -s build/cp_bench >"$tmp/build.log" 2>&1
report $? "build cp_bench" "$(tail -n 20 "$tmp/build.log")"
[ "$failed" -eq 0 ] || finish

for w in 0 65 two; do
	"$LISPD" run --no-kernel --workers $w -f /dev/null >"$tmp/usage" 2>&1
	rc=$?
	[ $rc -eq 2 ] && grep -q -- "--workers N" "$tmp/usage"
	report $? "--workers $w: usage error (exit 2)" "rc $rc: $(cat "$tmp/usage")"
done

P=$(free_port) P_E=$(free_port)
# cp_bench's sites: s<i> with key key-of-s<i>, prefixes 10.0.0.0 + k*256
# /24 for k = i*50 .. i*50+49.
{
	echo "control-port $P"
	echo "map-resolver enable"
	echo "rate-limit requests 0 1"
	awk 'BEGIN {
		for (i = 0; i < 20; i++) {
			printf "site add s%d key key-of-s%d key-type sha256\n", i, i
			for (j = 0; j < 50; j++) {
				a = 167772160 + (i * 50 + j) * 256
				printf "site prefix s%d %d.%d.%d.0/24\n", i,
				       int(a / 16777216), int(a / 65536) % 256,
				       int(a / 256) % 256
			}
		}
	}'
	echo "site add etr key etr-secret"
	echo "site prefix etr 10.200.1.0/24"
	} >"$tmp/ms.conf"
cat >"$tmp/etr.conf" <<EOF
control-port $P_E
map-server add 127.0.0.1 key etr-secret port $P
database add dev lisp0 10.200.1.0/24 rloc 127.0.0.1
EOF
MS=$tmp/ms.sock

start ms --workers 2
report $? "Map-Server starts with --workers 2" "$(cat "$tmp/ms.log")"
for i in $(seq 50); do
	grep -q "2 workers read the control port" "$tmp/ms.log" && break
	sleep 0.1
done
grep -q "2 workers read the control port" "$tmp/ms.log"
report $? "it says so" "$(cat "$tmp/ms.log")"

build/cp_bench -p "$P" -s 20 -n 50 -m register >"$tmp/gen" 2>&1
grep -q "probes_positive=32 " "$tmp/gen"
report $? "1000 Map-Registers in 32 batches, each batch's probe answered" \
	"$(cat "$tmp/gen")"
jcheck "1000 registrations" "$MS" "show registrations" "length == 1000" 20

build/cp_bench -p "$P" -s 20 -n 50 -m request -c 20000 >"$tmp/gen" 2>&1
grep -q "replies=20000 positive=20000 .*lost=0 other=0" "$tmp/gen"
report $? "20,000 Map-Requests, 128 at a time: each answered, positive" \
	"$(cat "$tmp/gen")"
jcheck "counters: every ECM in has its Map-Reply out, no error" "$MS" \
	"show daemon-stats" ".received.ecm == 20032 and
	.sent.map_reply == 20032 and .received.map_register == 1000 and
	.map_server.registers == 1000 and
	([.errors[]] | add) == 0" 20

start etr
report $? "an ETR (one thread) starts" "$(cat "$tmp/etr.log")"
jcheck "its Map-Register accepted, the Map-Notify verified" "$tmp/etr.sock" \
	"show map-servers" ".[0].registers_sent >= 1 and .[0].notifies >= 1 and
	.[0].notify_bad_auth == 0 and .[0].notify_bad_nonce == 0" 50
$QUERY --timeout 2 "127.0.0.1:$P,10.200.1.9" "::1:$P,2001:db8:300::9" \
	>"$tmp/replies" 2>&1
qcheck "the answer for its EID arrives" 1 \
	".records[0].locators[0].addr == \"127.0.0.1\""
qcheck "an IPv6 request is answered (not an EID: negative)" 2 \
	".records[0].act == 1"

P2=$(free_port)
sed -i "s/^control-port .*/control-port $P2/" "$tmp/ms.conf"
out=$(LISPD_SOCK=$MS $LISPD reload 2>&1)
report $? "reload onto port $P2" "$out"
$QUERY --timeout 2 "127.0.0.1:$P2,10.0.0.1" >"$tmp/replies" 2>&1
qcheck "the new port answers" 1 ".records[0].locators | length == 1"
for i in $(seq 20); do
	[ -z "$(ss -Hlun "sport = :$P")" ] && break
	sleep 0.1
done
[ -z "$(ss -Hlun "sport = :$P")" ]
report $? "the old port is closed" "$(ss -Hlunp "sport = :$P")"
jcheck "no error" "$MS" "show daemon-stats" "([.errors[]] | add) == 0"

stop etr
stop ms
report $? "SIGTERM: exit status 0" "$(tail -n 5 "$tmp/ms.log")"

finish
