#!/bin/bash
# Publish/subscribe at the Map-Server (RFC 9437, issue 12 item 3), on
# 127.0.0.1 with --no-kernel:
#
#   ms     Map-Server/Map-Resolver: site s1 10.1.0.0/16, site s2
#          10.2.0.0/16; "map-server pubsub retry-ms 200 retries 2";
#   etr_a  registers 10.1.1.0/24 with RLOC 127.0.0.1 (site s1);
#   etr_s  the subscriber's xTR: registers 10.2.1.0/24 for site s2 with
#          its xTR-ID and site-ID, RLOC 127.0.0.1;
#   tests/host/lisp_subscribe.py, an ITR with etr_s's xTR-ID written in
#          Python (not lispd's codec), subscribes to 10.1.1.5.
#
# Checks: the subscription is answered by a Map-Notify signed with the
# subscriber's site key (s2), with the request's nonce and the mapping;
# a reload of etr_a with another RLOC reaches the subscriber in a
# Map-Notify (nonce + 1) well under a second, with no new Map-Request;
# acks are counted; without acks the Map-Notify is sent retries times
# more, then the subscription goes; a forged ack is refused; an unknown
# xTR-ID is answered as any Map-Request, no Map-Notify; a host that moves
# under the subscribed prefix gets the Map-Server acks of both kinds (the
# old xTR's to the move, the subscriber's to the publications), each
# taken as what it is; tshark decodes it all cleanly.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

P_MS=$(free_port) P_A=$(free_port) P_S=$(free_port) P_SUB=$(free_port)
XTR_S=5151515151515151515151515151515a
SUB="python3 $PWD/tests/host/lisp_subscribe.py --to 127.0.0.1:$P_MS"
SUB+=" --bind 127.0.0.1:$P_SUB --eid 10.1.1.5 --site-id 9"

cat >"$tmp/ms.conf" <<EOF
log-level debug
control-port $P_MS
register-period 1
site add s1 key s1-secret
site prefix s1 10.1.0.0/16 accept-more-specifics
site add s2 key s2-secret
site prefix s2 10.2.0.0/16 accept-more-specifics
map-resolver enable
map-server pubsub retry-ms 200 retries 2 per-prefix 4
EOF
etr_a_conf() {
	printf '%s\n' "control-port $P_A" "register-period 1" \
		"map-server add 127.0.0.1 key s1-secret port $P_MS" \
		"database add dev lisp0 10.1.1.0/24 rloc $1" >"$tmp/etr_a.conf"
}
etr_a_conf 127.0.0.1
printf '%s\n' "control-port $P_S" "register-period 1" \
	"map-server add 127.0.0.1 key s2-secret port $P_MS" \
	"xtr-id $XTR_S" "site-id 9" \
	"database add dev lisp0 10.2.1.0/24 rloc 127.0.0.1" >"$tmp/etr_s.conf"

capture_start "$P_MS" "$P_SUB"
start ms && start etr_a && start etr_s
report $? "map-server and two ETRs start" "$(tail -n 5 "$tmp"/*.log)"
MS=$tmp/ms.sock A=$tmp/etr_a.sock
jcheck "both prefixes registered" "$MS" "show registrations" \
	'[.[] | .prefix] | (index("10.1.1.0/24") and index("10.2.1.0/24"))' 30

ecms() {
	LISPD_SOCK=$MS $LISPD show daemon-stats -j | jq '.received.ecm'
}
ps() {
	LISPD_SOCK=$MS $LISPD show daemon-stats -j | jq ".pubsub.$1"
}
# wait_line FILE JQ-EXPR: a line of FILE for which JQ-EXPR holds, 3 s.
wait_line() {
	local end=$((SECONDS + 3))
	while [ $SECONDS -le $end ]; do
		jq -e -c "select($2)" "$1" 2>/dev/null | grep -q . && return 0
		sleep 0.02
	done
	return 1
}

# --- subscribe, get the mapping, follow a change ---
$SUB --xtr-id $XTR_S --key s2-secret --duration 4 >"$tmp/sub1" &
sub=$!
wait_line "$tmp/sub1" '.nonce != null and .t != null'
N=$(jq -r 'select(.sent) | .nonce' "$tmp/sub1")
wait_line "$tmp/sub1" ".nonce == $N and .auth and .xtr_id == \"$XTR_S\"
	and .records[0].plen == 24 and .records[0].eid == \"10.1.1.0\"
	and .records[0].locators[0].addr == \"127.0.0.1\""
report $? "subscription answered: Map-Notify, the request's nonce, s2's key, the /24" \
	"$(cat "$tmp/sub1")"
jcheck "the Map-Server counts it, one Map-Notify acked" "$MS" "show daemon-stats" \
	'.pubsub.subscriptions == 1 and .pubsub.subscribed == 1 and .pubsub.acks == 1' 20
before=$(ecms)
etr_a_conf 192.0.2.77
t0=$(date +%s%N)
LISPD_SOCK=$A $LISPD reload >/dev/null 2>&1
wait_line "$tmp/sub1" ".nonce == $N + 1 and .auth and
	.records[0].locators[0].addr == \"192.0.2.77\""
rc=$?
ms_taken=$((($(date +%s%N) - t0) / 1000000))
report $rc "ETR reload with a new RLOC: published, nonce + 1" "$(cat "$tmp/sub1")"
[ $rc -eq 0 ] && [ "$ms_taken" -lt 500 ]
report $? "... within half a second of the reload (${ms_taken} ms)"
[ "$(ecms)" = "$before" ]
report $? "... with no new Map-Request (ECMs at the map-server $before, $(ecms))"
jcheck "... and acked" "$MS" "show daemon-stats" '.pubsub.acks == 2' 20
wait "$sub"

# --- no ack: retries, then the subscription goes ---
$SUB --xtr-id $XTR_S --key s2-secret --ack no --duration 1.5 >"$tmp/sub2"
n2=$(jq -r 'select(.sent) | .nonce' "$tmp/sub2")
got=$(jq -c "select(.nonce == $n2 and .auth)" "$tmp/sub2" | wc -l)
[ "$got" -eq 3 ]
report $? "no ack: the Map-Notify 3 times (2 retries)" "$(cat "$tmp/sub2")"
jcheck "... counted: retransmits 2, unacked 1, none left" "$MS" \
	"show daemon-stats" \
	'.pubsub.retransmits == 2 and .pubsub.unacked == 1 and .pubsub.subscriptions == 0' 20

# --- a forged ack ---
$SUB --xtr-id $XTR_S --key s2-secret --ack forged --duration 0.5 >"$tmp/sub3"
jcheck "forged Map-Notify-Ack refused (ack_auth_failures)" "$MS" \
	"show daemon-stats" '.pubsub.ack_auth_failures >= 1 and .pubsub.acks == 2'

# --- an xTR-ID the Map-Server does not know ---
$SUB --xtr-id 00112233445566778899aabbccddeeff --key s2-secret \
	--duration 0.5 >"$tmp/sub4"
! jq -e -s 'map(select(.t and .nonce)) | length > 0' "$tmp/sub4" >/dev/null
report $? "unknown xTR-ID: no Map-Notify" "$(cat "$tmp/sub4")"
jcheck "... counted refused_unknown_xtr" "$MS" "show daemon-stats" \
	'.pubsub.refused_unknown_xtr == 1'
out=$(LISPD_SOCK=$MS $LISPD show daemon-stats 2>&1)
grep -q "pubsub:.*notifies_sent" <<<"$out" || grep -q "pubsub" <<<"$out"
report $? "show daemon-stats (text) has a pubsub section" "$out"

# --- a host moves under the subscribed prefix: acks of both kinds ---
# host_1, then host_2 register 10.1.1.5/32 (site s1, other xTR-IDs and
# locators): the subscriber gets each as a publication and acks it;
# host_1 gets the move's Map-Notify and acks it.  The Map-Server takes
# each ack as what it is, and refuses none.
host_conf() {
	printf '%s\n' "control-port $2" "register-period 1" "xtr-id $3" \
		"map-server add 127.0.0.1 key s1-secret port $P_MS" \
		"database add dev lisp0 10.1.1.5/32 rloc $4" >"$tmp/$1.conf"
}
P_H1=$(free_port) P_H2=$(free_port)
host_conf host_1 "$P_H1" 1111111111111111111111111111111a 192.0.2.51
host_conf host_2 "$P_H2" 2222222222222222222222222222222a 192.0.2.52
read -r acks0 unknown0 bad0 <<<"$(LISPD_SOCK=$MS $LISPD show daemon-stats -j |
	jq -r '"\(.pubsub.acks) \(.pubsub.ack_unknown) \(.map_server.notify_acks_bad)"')"
$SUB --xtr-id $XTR_S --key s2-secret --duration 5 >"$tmp/sub5" &
sub=$!
wait_line "$tmp/sub5" '.auth and .records[0].plen == 24'
report $? "subscribed to 10.1.1.0/24 again" "$(cat "$tmp/sub5")"
start host_1
wait_line "$tmp/sub5" '.auth and .records[0].plen == 32 and
	.records[0].locators[0].addr == "192.0.2.51"'
report $? "host_1 registers 10.1.1.5/32: published to the subscriber" \
	"$(cat "$tmp/sub5")"
start host_2
wait_line "$tmp/sub5" '.auth and .records[0].plen == 32 and
	.records[0].locators[0].addr == "192.0.2.52"'
report $? "host_2 registers it: the move published too" "$(cat "$tmp/sub5")"
jcheck "... host_1 took the move's Map-Notify" "$tmp/host_1.sock" \
	"show moved" '.[0].prefix == "10.1.1.5/32" and .[0].rlocs == ["192.0.2.52"]' 30
jcheck "the Map-Server: host_1's ack a move's, the subscriber's two \
publications' (acks + 3), none refused" "$MS" "show daemon-stats" \
	".map_server.move_notifies == 1 and .map_server.notify_acks == 1 and
	.pubsub.acks == $acks0 + 3 and .pubsub.ack_unknown == $unknown0 and
	.map_server.notify_acks_bad == $bad0" 30
wait "$sub"

# --- tshark ---
if ! capture_stop; then
	skip "tshark decodes the exchange" "no capture on lo (dumpcap)"
	finish
fi
TS=(tshark -n -r "$tmp/cap.pcapng" -d "udp.port==$P_MS,lisp"
	-d "udp.port==$P_SUB,lisp")
bad=$("${TS[@]}" -Y '_ws.malformed || _ws.expert.severity >= error' 2>&1 |
	grep -v '^Running as user')
[ -z "$bad" ]
report $? "tshark: no malformed packet, no expert error" "$bad"
subs=$("${TS[@]}" -Y "udp.srcport == $P_SUB && lisp.type == 8 && lisp.mreq.record.res == 0x80" 2>/dev/null | wc -l)
nots=$("${TS[@]}" -Y "udp.dstport == $P_SUB && lisp.type == 4 && lisp.mnot.flags.xtrid == 1 && lisp.xtrid == $XTR_S" 2>/dev/null | wc -l)
acks=$("${TS[@]}" -Y "udp.srcport == $P_SUB && lisp.type == 5" 2>/dev/null | wc -l)
[ "$subs" -eq 5 ] && [ "$nots" -ge 9 ] && [ "$acks" -ge 6 ]
report $? "tshark: 5 subscriptions (N bit), Map-Notifies with the xTR-ID, Map-Notify-Acks" \
	"$subs subscriptions, $nots notifies, $acks acks"
finish
