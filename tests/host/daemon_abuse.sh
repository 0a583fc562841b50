#!/bin/bash
# "lispd run" on 127.0.0.1 against forged Map-Requests (issue 11, item
# 5), no kernel module needed: a Map-Server/Map-Resolver and an ETR.
#
#   - a Map-Request whose ITR-RLOC is a loopback, link-local, multicast
#     or unspecified address, or one of this host's, other than the
#     address it came from, gets no Map-Reply there (counted as
#     reply_target_refused), at the Map-Resolver as at the ETR; one
#     whose ITR-RLOC is its own source (127.0.0.1) is answered;
#   - with "rate-limit requests 2 3", a burst of Map-Requests from one
#     source gets 3 answers, the others are counted, at the
#     Map-Resolver as at the ETR (there 127.0.0.1 is also its
#     map-server, which has no source bucket: the ITR-RLOC's counts).
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

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

# --- token buckets ---
echo "rate-limit requests 2 3" >>"$tmp/ms.conf"
echo "rate-limit requests 2 3" >>"$tmp/etr_a.conf"
LISPD_SOCK=$MS $LISPD reload >/dev/null 2>&1
LISPD_SOCK=$A $LISPD reload >/dev/null 2>&1
sleep 2		# full buckets
specs=() pspecs=()
for i in 1 2 3 4 5 6 7 8; do
	specs+=("127.0.0.1:$P_MS,10.9.9.$i")
	pspecs+=("127.0.0.1:$P_A,10.1.1.$i,probe")
done
$QUERY --timeout 0.2 "${specs[@]}" >"$tmp/rl_ms" 2>&1
$QUERY --timeout 0.2 "${pspecs[@]}" >"$tmp/rl_etr" 2>&1
n=$(grep -c records "$tmp/rl_ms")
[ "$n" -ge 3 ] && [ "$n" -le 4 ]
report $? "Map-Resolver: 8 requests at once, $n answered (burst 3)" \
	"$(cat "$tmp/rl_ms")"
jcheck "Map-Resolver: the others counted per source" "$MS" \
	"show daemon-stats" ".abuse.rate_limited_source == $((8 - n))"
n=$(grep -c records "$tmp/rl_etr")
[ "$n" -ge 3 ] && [ "$n" -le 4 ]
report $? "ETR: 8 RLOC-probes at once, $n answered (burst 3)" \
	"$(cat "$tmp/rl_etr")"
jcheck "ETR: the others counted (per ITR-RLOC)" "$A" \
	"show daemon-stats" ".abuse.rate_limited_source +
	.abuse.rate_limited_itr_rloc == $((8 - n))"

finish
