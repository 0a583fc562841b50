#!/bin/bash
# "lispd run" on 127.0.0.1 against forged Map-Requests (issue 11, item
# 5), no kernel module needed: a Map-Server/Map-Resolver and an ETR.
#
#   - a Map-Request whose ITR-RLOC is a loopback, link-local, multicast
#     or unspecified address, or one of this host's, other than the
#     address it came from, gets no Map-Reply there (counted as
#     reply_target_refused), at the Map-Resolver as at the ETR; one
#     whose ITR-RLOC is its own source (127.0.0.1) is answered.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

make -s agent >"$tmp/build.log" 2>&1
report $? "build lispd" "$(tail -n 20 "$tmp/build.log")"
[ "$failed" -eq 0 ] || finish

P_MS=$(free_port) P_A=$(free_port)

cat >"$tmp/ms.conf" <<EOC
control-port $P_MS
site add s1 key k1
site prefix s1 10.1.0.0/16 accept-more-specifics
map-resolver enable
EOC
cat >"$tmp/etr_a.conf" <<EOC
control-port $P_A
map-server add 127.0.0.1 key k1 port $P_MS
database add dev lisp0 10.1.1.0/24 rloc 127.0.0.1
EOC

start ms
report $? "Map-Server/Map-Resolver starts" "$(cat "$tmp/ms.log")"
start etr_a
report $? "ETR A starts" "$(cat "$tmp/etr_a.log")"
MS=$tmp/ms.sock A=$tmp/etr_a.sock
jcheck "10.1.1.0/24 registered" "$MS" "show registrations" \
	"any(.[]; .prefix == \"10.1.1.0/24\")" 50

# --- reply targets ---
# An address of this host other than 127.0.0.1, if it has one.
own=$(ip -4 -o addr show scope global 2>/dev/null | awk '{print $4; exit}')
own=${own%/*}
$QUERY --timeout 0.3 "127.0.0.1:$P_MS,10.9.9.9,itr=127.0.0.2" \
	"127.0.0.1:$P_MS,10.9.9.9,itr=224.0.0.1" \
	"127.0.0.1:$P_MS,10.9.9.9,itr=169.254.1.1" \
	"127.0.0.1:$P_MS,10.9.9.9,itr=0.0.0.0" \
	${own:+"127.0.0.1:$P_MS,10.9.9.9,itr=$own"} \
	"127.0.0.1:$P_A,10.1.1.7,probe,itr=127.0.0.2" >/dev/null 2>&1
n=$((2 + ${own:+1}0 / 10))
jcheck "Map-Resolver: no Map-Reply to a loopback, link-local or own
ITR-RLOC other than the source ($n), none to multicast or unspecified" \
	"$MS" "show daemon-stats" ".sent.map_reply == 0 and
	.abuse.reply_target_refused == $n and .map_server.no_itr_rloc == 2"
jcheck "ETR: no Map-Reply to another loopback ITR-RLOC" "$A" \
	"show daemon-stats" ".sent.map_reply == 0 and
	.abuse.reply_target_refused == 1"
$QUERY --timeout 2 "127.0.0.1:$P_MS,10.9.9.9" \
	"127.0.0.1:$P_A,10.1.1.7,probe" >"$tmp/replies" 2>&1
qcheck "Map-Resolver: the ITR-RLOC that sent the request is answered" 1 \
	".records[0].act == 1"
qcheck "ETR: the ITR-RLOC that sent the request is answered" 2 \
	".probe and .records[0].eid == \"10.1.1.0\""

finish
