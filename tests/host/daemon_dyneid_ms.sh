#!/bin/bash
# Dynamic EIDs while the Map-Server is away (issue 12: a host moving
# while the Map-Server restarts).  One lispd (--no-kernel) in a network
# namespace is the xTR; its Map-Server is another lispd on the same
# namespace's loopback, started late and restarted.
#
#   - a host detected while no Map-Server answers is registered again,
#     1 s, 2 s, 4 s ... after, until a Map-Notify says it is: the
#     Map-Server has it a moment after it starts, not a register period
#     later;
#   - a host whose neighbour entry went (leaving, within its hold time)
#     is in no registration round: a restarted Map-Server never learns
#     it back from this xTR, while a present host is registered again
#     with the next round; "show etr" marks it leaving;
#   - back within the hold, it is registered again.
# Needs root (network namespaces).  Prints TAP; exit status 1 on failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

NS=lispd-dynms-$$
roam_netns "$NS" "dynamic EIDs and the Map-Server"
MAC=02:00:00:00:00:10
P_MS=$(free_port)

cat >"$tmp/ms.conf" <<CONF
control-port $P_MS
site add s key k
site prefix s 10.9.0.0/24 accept-more-specifics
CONF
cat >"$tmp/x.conf" <<CONF
log-level debug
register-period 60
map-server add 127.0.0.1 key k port $P_MS
dynamic-eid roam4 prefix 10.9.0.0/24 interface roam rloc 192.0.2.1 hold 30
CONF
X=$tmp/x.sock MS=$tmp/ms.sock
reg() {
	LISPD_SOCK=$MS $LISPD show registrations -j 2>/dev/null |
		jq -r '[.[].prefix] | sort | join(" ")'
}

start x
report $? "the xTR runs, no Map-Server yet" "$(cat "$tmp/x.log")"
neigh() { ip -n "$NS" neigh "$@"; }
neigh add 10.9.0.10 lladdr $MAC dev roam nud stale
jcheck "a host is detected, not registered (nothing answers)" "$X" \
	"show dynamic-eids" '[.[].hosts[] | select(.registered == false)] | length == 1' 30
sleep 1.5
start ms
report $? "the Map-Server starts"
t0=$(date +%s%N)
jcheck "the host is registered again until acknowledged" "$X" \
	"show dynamic-eids" '[.[].hosts[] | select(.registered)] | length == 1' 80
echo "# acknowledged $(( ($(date +%s%N) - t0) / 1000000 )) ms after the Map-Server started"
report "$([ "$(reg)" = "10.9.0.10/32" ]; echo $?)" "... the Map-Server has it" "$(reg)"

# Rounds every 2 s from here; a second host; the first one's neighbour
# goes (leaving, hold 30 s).
sed -i 's/^register-period 60$/register-period 2/' "$tmp/x.conf"
LISPD_SOCK=$X $LISPD reload >/dev/null
report $? "the xTR reloads with register-period 2"
neigh add 10.9.0.11 lladdr $MAC dev roam nud stale
jcheck "a second host registered" "$X" "show dynamic-eids" \
	'[.[].hosts[] | select(.registered)] | length == 2' 50
neigh del 10.9.0.10 dev roam
jcheck "the first one's neighbour went: leaving" "$X" "show dynamic-eids" \
	'[.[].hosts[] | select(.address == "10.9.0.10") | .state] == ["leaving"]' 30
jcheck "... show etr marks it leaving" "$X" "show etr" \
	'[.[] | select(.leaving) | .prefix] == ["10.9.0.10/32"]'
stop ms
start ms
report $? "the Map-Server restarts (empty)"
for ((i = 0; i < 60; i++)); do
	[ -n "$(reg)" ] && break
	sleep 0.1
done
sleep 2.5	# another round (register-period 2)
report "$([ "$(reg)" = "10.9.0.11/32" ]; echo $?)" \
	"... and not the leaving one: the Map-Server has 10.9.0.11/32 only" "$(reg)"

# Back within its hold: registered again.
neigh add 10.9.0.10 lladdr $MAC dev roam nud stale
for ((i = 0; i < 40; i++)); do
	[ "$(reg)" = "10.9.0.10/32 10.9.0.11/32" ] && break
	sleep 0.1
done
report "$([ "$(reg)" = "10.9.0.10/32 10.9.0.11/32" ]; echo $?)" \
	"back within the hold: registered again" "$(reg)"
finish
