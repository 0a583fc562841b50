#!/bin/bash
# A host prefix moves between xTRs, and SMRs (issue 12, items 2 and 3),
# on 127.0.0.1, no kernel module needed:
#
#   ms     Map-Server/Map-Resolver, site roam 10.5.0.0/16
#          accept-more-specifics, register period 3 s;
#   xtr_a  registers 10.5.0.7/32 and 10.5.1.0/24 at 192.0.2.1 (xTR-ID
#          XA, SMRs at most 3 at once to one ITR, one a second after);
#   itr    tests/host/smr_listen.py: asks xtr_a for 10.5.0.7 and
#          10.5.1.5, then logs what xtr_a sends it;
#   xtr_b  registers 10.5.0.7/32 at 198.51.100.1 (xTR-ID XB).
#
# Checks: "lispd rloc 192.0.2.1 down" at xtr_a registers it with R clear
# and sends the ITR an SMR per entry; toggled fast, the rate limit
# holds; a reload changing 10.5.1.0/24 sends an SMR for it alone.
# xtr_a dies with 10.5.0.7/32 registered and comes back without it;
# xtr_b registers 10.5.0.7/32: the Map-Server drops xtr_a's part and
# sends xtr_a a Map-Notify carrying 198.51.100.1, which xtr_a takes (show
# moved) and acknowledges; the same Map-Notify replayed is acknowledged
# again (it is what a retransmission after a lost Ack looks like) but
# not taken again; it, one signed with another key, and a forged SMR
# change nothing.  tshark decodes the
# Map-Notify to the old xTR, its Ack and the SMRs cleanly.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

P_MS=$(free_port) P_A=$(free_port) P_B=$(free_port) P_I=$(free_port)
XA=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
XB=b0b1b2b3b4b5b6b7b8b9babbbcbdbebf
capture_start "$P_MS" "$P_A" "$P_B" "$P_I"

cat >"$tmp/ms.conf" <<EOF
log-level debug
control-port $P_MS
register-period 3
site add roam key roam-secret
site prefix roam 10.5.0.0/16 accept-more-specifics
map-resolver enable
EOF
# xtr_conf NAME PORT XTR-ID [LINE...]
xtr_conf() {
	local name=$1 port=$2 id=$3
	shift 3
	printf '%s\n' "log-level debug" "control-port $port" \
		"register-period 3" "xtr-id $id" \
		"map-server add 127.0.0.1 key roam-secret port $P_MS" \
		"rate-limit smr-send 1 3" "$@" >"$tmp/$name.conf"
}
xtr_conf xtr_a "$P_A" "$XA" \
	"database add dev lisp0 10.5.0.7/32 rloc 192.0.2.1" \
	"database add dev lisp0 10.5.1.0/24 rloc 192.0.2.1"
xtr_conf xtr_b "$P_B" "$XB" \
	"database add dev lisp0 10.5.0.7/32 rloc 198.51.100.1 rloc 198.51.100.2"

start ms
report $? "Map-Server starts" "$(cat "$tmp/ms.log")"
start xtr_a
report $? "xTR A starts" "$(cat "$tmp/xtr_a.log")"
MS=$tmp/ms.sock A=$tmp/xtr_a.sock
jcheck "xTR A registers 10.5.0.7/32 and 10.5.1.0/24" "$MS" \
	"show registrations" '[.[].prefix] | contains(["10.5.0.7/32",
	"10.5.1.0/24"])' 50

smr_listen "$P_I" "$P_A" "$tmp/itr.log" 10.5.0.7 10.5.1.5
report $? "the ITR's Map-Requests are answered by xTR A" "$(cat "$tmp/smr_listen.out")"

# smrs EID: how many SMRs for EID the ITR got.
smrs() {
	jq -s --arg e "$1" '[.[] | select(.smr and .eids == [$e])] | length' \
		"$tmp/itr.log"
}

# --- SMRs on a locator down ---
LISPD_SOCK=$A $LISPD rloc 192.0.2.1 down >"$tmp/out" 2>&1
report $? "lispd rloc 192.0.2.1 down (to xTR A)" "$(cat "$tmp/out")"
jcheck "the Map-Server has 10.5.0.7/32 at 192.0.2.1 with R clear" "$MS" \
	"show registrations" 'any(.[]; .prefix == "10.5.0.7/32" and
	.rlocs[0].reachable == false)' 50
for ((i = 0; i < 30; i++)); do
	[ "$(smrs 10.5.0.7/32)" -ge 1 ] && [ "$(smrs 10.5.1.0/24)" -ge 1 ] &&
		break
	sleep 0.1
done
[ "$(smrs 10.5.0.7/32)" -eq 1 ] && [ "$(smrs 10.5.1.0/24)" -eq 1 ]
report $? "the ITR gets an SMR for each entry listing it" \
	"$(cat "$tmp/itr.log")"
jq -se 'length > 0 and ([.[] | select(.smr)] | all(.source_eid ==
	(.eids[0] | split("/")[0])))' "$tmp/itr.log" >/dev/null 2>&1
report $? "... its source EID is the changed prefix" "$(cat "$tmp/itr.log")"
jcheck "xTR A counts them" "$A" "show daemon-stats" '.smr.smr_sent == 2'
LISPD_SOCK=$A $LISPD rloc 192.0.2.1 down >"$tmp/out" 2>&1
jcheck "down again changes nothing: no SMR" "$A" "show daemon-stats" \
	'.smr.smr_sent == 2'
LISPD_SOCK=$A $LISPD rloc 192.0.2.9 down >"$tmp/out" 2>&1
[ $? -eq 1 ] && grep -q "no locator of the database" "$tmp/out"
report $? "a locator the database does not have: refused" "$(cat "$tmp/out")"

# --- the rate limit: 3 at once to one ITR, then one a second ---
sleep 3
before=$(wc -l <"$tmp/itr.log")
for s in up down up down up down; do
	LISPD_SOCK=$A $LISPD rloc 192.0.2.1 $s
done
sleep 1
after=$(wc -l <"$tmp/itr.log")
[ $((after - before)) -le 5 ] && [ $((after - before)) -ge 3 ]
report $? "six changes of two entries in a burst: 3 SMRs (+1 a second) \
reach the ITR" "$((after - before)) SMRs"
jcheck "... the others are counted as rate-limited" "$A" \
	"show daemon-stats" '.smr.smr_rate_limited >= 7'

# --- SMRs on a reload ---
sleep 3
LISPD_SOCK=$A $LISPD rloc 192.0.2.1 up >/dev/null 2>&1
sleep 3
n7=$(smrs 10.5.0.7/32) n1=$(smrs 10.5.1.0/24)
sed -i 's|10.5.1.0/24 rloc 192.0.2.1$|10.5.1.0/24 rloc 192.0.2.1 priority 2|' \
	"$tmp/xtr_a.conf"
LISPD_SOCK=$A $LISPD reload >"$tmp/out" 2>&1
report $? "xTR A reloads with 10.5.1.0/24 at priority 2" "$(cat "$tmp/out")"
for ((i = 0; i < 30; i++)); do
	[ "$(smrs 10.5.1.0/24)" -gt "$n1" ] && break
	sleep 0.1
done
sleep 0.3
[ "$(smrs 10.5.1.0/24)" -eq $((n1 + 1)) ] && [ "$(smrs 10.5.0.7/32)" -eq "$n7" ]
report $? "one SMR for 10.5.1.0/24, none for the unchanged 10.5.0.7/32" \
	"10.5.1.0/24: $n1 -> $(smrs 10.5.1.0/24), 10.5.0.7/32: $n7 -> $(smrs 10.5.0.7/32)"

# --- the host moves: xTR A dies, comes back without it; xTR B has it ---
kill -KILL "$pid_xtr_a"
wait "$pid_xtr_a" 2>/dev/null
sed -i '/10.5.0.7\/32/d' "$tmp/xtr_a.conf"
rm -f "$A"
start xtr_a
report $? "xTR A starts again without 10.5.0.7/32" "$(cat "$tmp/xtr_a.log")"
jcheck "10.5.0.7/32 is still registered by xTR A" "$MS" "show registrations" \
	"any(.[]; .prefix == \"10.5.0.7/32\" and .xtrs[0].xtr_id == \"$XA\")"
start xtr_b
report $? "xTR B starts with 10.5.0.7/32" "$(cat "$tmp/xtr_b.log")"
jcheck "the Map-Server has 10.5.0.7/32 from xTR B alone" "$MS" \
	"show registrations" "any(.[]; .prefix == \"10.5.0.7/32\" and
	[.xtrs[].xtr_id] == [\"$XB\"])" 50
jcheck "... counts the move and its Map-Notify" "$MS" "show daemon-stats" \
	'.map_server.moves == 1 and .map_server.move_notifies == 1' 20
jcheck "... and site roam counts it" "$MS" "show sites" \
	'.[0].stats.moves == 1'
grep -q "10.5.0.7/32 moved to the xTR at 127.0.0.1: Map-Notify to 127.0.0.1 port $P_A" \
	"$tmp/ms.log"
report $? "... and logs it" "$(grep moved "$tmp/ms.log")"
jcheck "xTR A takes the Map-Notify: 10.5.0.7/32 moved to 198.51.100.1" \
	"$A" "show moved" '.[0].prefix == "10.5.0.7/32" and .[0].rlocs ==
	["198.51.100.1", "198.51.100.2"] and .[0].map_server == "127.0.0.1"' 30
jcheck "... counted" "$A" "show daemon-stats" '.etr.moved_notifies == 1 and
	.etr.moved_static == 0'
jcheck "xTR A acknowledged it: the Map-Server verified the Ack" "$MS" \
	"show daemon-stats" '.map_server.notify_acks == 1 and
	.map_server.notify_acks_bad == 0' 20

# --- replayed and forged messages change nothing ---
# send_to PORT HEX: one datagram from 127.0.0.1 (any port).
send_to() {
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.sendto(bytes.fromhex(sys.argv[2]), ("127.0.0.1", int(sys.argv[1])))' "$@"
}
TS=(tshark -n -r "$tmp/cap.pcapng")
for p in "$P_MS" "$P_A" "$P_B" "$P_I"; do
	TS+=(-d "udp.port==$p,lisp")
done
# notify_hex LOCATOR: the first Map-Notify to xTR A naming it.
notify_hex() {
	"${TS[@]}" -Y "lisp.type == 4 and udp.srcport == $P_MS and
		udp.dstport == $P_A and lisp.loc.locator == \"$1\"" \
		-T fields -e udp.payload 2>/dev/null | head -n 1 | tr -d :
}
if capture_stop; then
	notify=$(notify_hex 198.51.100.1)
	[ -n "$notify" ]
	report $? "the capture holds the Map-Notify to xTR A" "$notify"
	send_to "$P_A" "$notify"
	jcheck "the same Map-Notify replayed: refused (nonce not newer)" "$A" \
		"show daemon-stats" '.etr.moved_replayed == 1 and
		.etr.moved_notifies == 1' 20
	jcheck "... but acknowledged again (the Map-Server's retransmission \
after a lost Ack looks the same)" "$A" "show daemon-stats" \
		'.sent.map_notify_ack == 2' 20
	send_to "$P_A" "$(notify_hex 192.0.2.1)"
	jcheck "an old acknowledgement of xTR A's, replayed to it after its \
restart, is no move: refused" "$A" "show daemon-stats" \
		'.etr.moved_own_locators == 1 and .etr.moved_notifies == 1' 20
	# The HMAC (bytes 16..35 for SHA-1) changed.
	forged=${notify:0:32}$(printf '%s' "${notify:32:40}" |
		tr 0-9a-f 1-9a-f0)${notify:72}
	send_to "$P_A" "$forged"
	jcheck "one with a bad HMAC: refused" "$A" "show map-servers" \
		'.[0].notify_bad_auth == 1' 20
else
	skip "the capture holds the Map-Notify to xTR A" "no capture on lo"
fi
smr=$(python3 -c 'import sys; sys.path.insert(0, "selftests/tools")
import lispwire
print(lispwire.map_request(7, [("10.5.0.7", 32, None)], ["127.0.0.1"],
      lispwire.MREQ_S | lispwire.MREQ_M).hex() +
      lispwire.record("10.5.0.7", 32, 1440, [("203.0.113.66", 1, 100)]).hex())' \
	2>"$tmp/py.err")
send_to "$P_A" "$smr"
jcheck "a forged SMR with a mapping of its own: counted" "$A" \
	"show daemon-stats" '.etr.smr_received == 1' 20
jcheck "... and nothing moved" "$A" "show moved" \
	'length == 1 and .[0].rlocs == ["198.51.100.1", "198.51.100.2"]'

# --- tshark on the whole exchange ---
if [ -s "$tmp/cap.pcapng" ]; then
	bad=$("${TS[@]}" -Y '_ws.malformed || _ws.expert.severity >= error' \
		2>&1 | grep -v '^Running as user')
	[ -z "$bad" ]
	report $? "tshark: no malformed packet, no expert error" "$bad"
	got=$("${TS[@]}" -Y "lisp.type == 4 and udp.dstport == $P_A and
		udp.srcport == $P_MS and lisp.loc.locator == \"198.51.100.1\"" \
		-T fields -e lisp.records -e lisp.mapping.eid.ipv4 \
		-e lisp.mapping.eid.masklen -e lisp.loc.locator \
		-e lisp.mnot.flags.xtrid -e lisp.xtrid 2>/dev/null | head -n 1)
	[ "$got" = "$(printf '1\t10.5.0.7\t32\t198.51.100.1,198.51.100.2\t1\t%s' \
		"$XA")" ]
	report $? "tshark: the Map-Notify to xTR A carries 10.5.0.7/32 at \
xTR B's locators, and xTR A's xTR-ID" "$got"
	n=$("${TS[@]}" -Y "lisp.type == 5 and udp.srcport == $P_A" \
		2>/dev/null | wc -l)
	[ "$n" -ge 1 ]
	report $? "tshark: xTR A's Map-Notify-Ack" "$n"
	got=$("${TS[@]}" -Y "lisp.type == 1 and lisp.mreq.flags.smr == 1 and
		udp.dstport == $P_I" -T fields -e lisp.mreq.record.prefix.ipv4 \
		-e lisp.mreq.record.prefix.length -e lisp.mreq.srceid.ipv4 \
		2>/dev/null | sort -u)
	[ "$got" = "$(printf '10.5.0.7\t32\t10.5.0.7\n10.5.1.0\t24\t10.5.1.0')" ]
	report $? "tshark: SMRs (S bit) for 10.5.0.7/32 and 10.5.1.0/24, the \
source EID the prefix" "$got"
else
	skip "tshark decodes the exchange" "no capture on lo (dumpcap)"
fi
finish
