#!/bin/bash
# A move's Map-Notify is retransmitted until its Map-Notify-Ack (issue
# 12, RFC 9301 5.7), on 127.0.0.1, no kernel module needed:
#
#   ms     Map-Server, site roam 10.5.0.0/16 accept-more-specifics;
#   old    tests/host/move_listen.py: registers 10.5.0.9/32 at 192.0.2.9,
#          then logs what it gets and acknowledges only the second
#          Map-Notify (its first acknowledgement lost, as it were);
#   xtr_b  lispd, registers 10.5.0.9/32 at 198.51.100.1.
#
# Checks: the old xTR gets the move's Map-Notify, the same again (same
# nonce, same bytes) 3 s later, and nothing more once it acknowledged
# that one; the Map-Server counts the retransmission and the Ack.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

build_agent

P_MS=$(free_port) P_O=$(free_port) P_B=$(free_port)
cat >"$tmp/ms.conf" <<EOF
log-level debug
control-port $P_MS
register-period 3
site add roam key roam-secret key-type sha256
site prefix roam 10.5.0.0/16 accept-more-specifics
EOF
printf '%s\n' "log-level debug" "control-port $P_B" "register-period 3" \
	"xtr-id b0b1b2b3b4b5b6b7b8b9babbbcbdbebf" \
	"map-server add 127.0.0.1 key roam-secret key-type sha256 port $P_MS" \
	"database add dev lisp0 10.5.0.9/32 rloc 198.51.100.1" \
	>"$tmp/xtr_b.conf"

start ms
report $? "Map-Server starts" "$(cat "$tmp/ms.log")"
MS=$tmp/ms.sock
until_ready "$tmp/old.out" python3 tests/host/move_listen.py "$P_O" "$P_MS" \
	roam-secret 10.5.0.9 192.0.2.9 2 "$tmp/old.log"
report $? "the old xTR registers 10.5.0.9/32" "$(cat "$tmp/old.out")"
touch "$tmp/old.log"

start xtr_b
report $? "xTR B starts with 10.5.0.9/32" "$(cat "$tmp/xtr_b.log")"
jcheck "the Map-Server moves 10.5.0.9/32 to xTR B, one Map-Notify to the \
old xTR" "$MS" "show daemon-stats" '.map_server.moves == 1 and
	.map_server.move_notifies == 1' 30

# notifies: the Map-Notifies the old xTR got, one JSON line each.
notifies() {
	jq -c 'select(.type == 4)' "$tmp/old.log"
}
for ((i = 0; i < 60; i++)); do
	[ "$(notifies | wc -l)" -ge 2 ] && break
	sleep 0.1
done
first=$(notifies | sed -n 1p) second=$(notifies | sed -n 2p)
[ -n "$second" ] &&
	[ "$(jq .hex <<<"$first")" = "$(jq .hex <<<"$second")" ]
report $? "unacknowledged, the same Map-Notify (same nonce) comes again" \
	"$(cat "$tmp/old.log")"
jq -e '.t >= 2.5 and .t <= 4' <<<"${second:-null}" >/dev/null 2>&1
report $? "... 3 s after the first" "$second"
jq -se '[.[] | select(.type == 4) | .nonce] | length == 2 and
	(unique | length) == 1' "$tmp/old.log" >/dev/null 2>&1
report $? "... both with one nonce" "$(cat "$tmp/old.log")"
jcheck "the Map-Server counts the retransmission and verifies the Ack of \
the second" "$MS" "show daemon-stats" '.map_server.move_notify_retransmits ==
	1 and .map_server.notify_acks == 1 and
	.map_server.move_notifies_waiting == 0' 20
# The third would go 3 s after the second: wait past it.
sleep 4
n=$(notifies | wc -l)
[ "$n" -eq 2 ]
report $? "acknowledged, it is not sent again" "$(cat "$tmp/old.log")"
jcheck "... nothing more counted" "$MS" "show daemon-stats" \
	'.map_server.move_notify_retransmits == 1 and
	.map_server.move_notify_unacked == 0'
finish
