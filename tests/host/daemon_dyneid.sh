#!/bin/bash
# Dynamic EIDs (lispd.conf "dynamic-eid") without the kernel module: one
# lispd (--no-kernel) in a network namespace is Map-Server and ETR; the
# neighbour entries of its interface "roam" are written by hand (ip
# neigh), so every transition is exact.
#
#   - a neighbour present before the start is found by the dump, a new
#     one by its event; each is registered (Map-Notify) and gets a host
#     route of protocol 147; incomplete entries and addresses outside the
#     prefix detect nothing;
#   - an entry deleted and learnt again within the hold time withdraws
#     nothing; one that fails after being usable is withdrawn after it:
#     TTL 0 (the registration goes), route gone;
#   - max-hosts: the ones more are refused, counted, logged once;
#   - a reload that changes the hold time keeps the hosts; SIGKILL leaves
#     the routes, the next start removes those of hosts gone; SIGTERM
#     removes its own.
# Needs root (network namespaces).  Prints TAP; exit status 1 on failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/daemon.sh

NS=lispd-dyn-$$
roam_netns "$NS"
MAC=02:00:00:00:00:10

cat >"$tmp/x.conf" <<CONF
log-level debug
site add s key k
site prefix s 10.9.0.0/24 accept-more-specifics
site prefix s fd00:9::/64 accept-more-specifics
map-server add 127.0.0.1 key k
dynamic-eid roam4 prefix 10.9.0.0/24 interface roam rloc 192.0.2.1 max-hosts 3 hold 1
dynamic-eid roam6 prefix fd00:9::/64 interface roam rloc 192.0.2.1 hold 1
CONF
S=$tmp/x.sock
pid=
run() {
	local i
	ip netns exec "$NS" "$LISPD" run -f "$tmp/x.conf" -S "$S" --no-kernel \
		2>>"$tmp/x.log" &
	pid=$!
	pids+=("$pid")
	for ((i = 0; i < 50; i++)); do
		[ -S "$S" ] && return 0
		sleep 0.1
	done
	return 1
}
neigh() { ip -n "$NS" neigh "$@"; }
# routes: the destinations of the protocol 147 routes on roam, sorted.
routes() {
	{ ip -n "$NS" -j route show proto 147; ip -n "$NS" -6 -j route show proto 147; } |
		jq -r '.[] | select(.dev == "roam") | .dst' | sort | tr '\n' ' '
}
# hosts: "address/state/registered" of every host, sorted; counters summed.
H='([.[].hosts[] | "\(.address)/\(.state)/\(.registered)"] | sort | join(" "))'
C='([.[].counters | to_entries[]] | group_by(.key) | map({(.[0].key): (map(.value) | add)}) | add)'

neigh add 10.9.0.10 lladdr $MAC dev roam nud stale
neigh add 10.8.0.10 lladdr $MAC dev roam nud stale
run
report $? "lispd runs in a namespace" "$(cat "$tmp/x.log")"
jcheck "a neighbour there before the start: detected and registered" "$S" \
	"show dynamic-eids" "$H == \"10.9.0.10/present/true\"" 30
neigh add fd00:9::10 lladdr $MAC dev roam nud reachable
neigh add 10.9.0.20 dev roam nud incomplete
jcheck "a new one (IPv6) by its event; not incomplete ones, not other prefixes" \
	"$S" "show dynamic-eids" \
	"$H == \"10.9.0.10/present/true fd00:9::10/present/true\"" 30
jcheck "the Map-Server has both host prefixes" "$S" "show registrations" \
	'[.[].prefix] | sort == ["10.9.0.10/32", "fd00:9::10/128"]'
report "$([ "$(routes)" = "10.9.0.10 fd00:9::10 " ]; echo $?)" \
	"host routes of protocol 147 on roam" "$(routes)"
jcheck "show etr marks them dynamic" "$S" "show etr" \
	'[.[] | select(.dynamic) | .prefix] | sort == ["10.9.0.10/32", "fd00:9::10/128"]'

# A flap: deleted and learnt again within the hold time.
neigh del 10.9.0.10 dev roam
neigh add 10.9.0.10 lladdr $MAC dev roam nud stale
sleep 1.5
jcheck "a flap within the hold withdraws nothing" "$S" "show dynamic-eids" \
	"$H == \"10.9.0.10/present/true fd00:9::10/present/true\" and $C.withdrawn == 0 and $C.detected == 2"

# Failed after usable: withdrawn after the hold.
neigh change fd00:9::10 dev roam nud failed
jcheck "failed after usable: leaving" "$S" "show dynamic-eids" \
	'[.[].hosts[] | select(.address == "fd00:9::10") | .state] == ["leaving"]' 10
jcheck "... then withdrawn" "$S" "show dynamic-eids" \
	"$H == \"10.9.0.10/present/true\" and $C.withdrawn == 1" 30
jcheck "... and deregistered (TTL 0)" "$S" "show registrations" \
	'[.[].prefix] == ["10.9.0.10/32"]' 10
report "$([ "$(routes)" = "10.9.0.10 " ]; echo $?)" "... its route gone" "$(routes)"

# Registered at another xTR: the Map-Server moves the host prefix and
# says so (Map-Notify); the host goes at once, whatever its hold, and the
# moved list names the new xTR's locator.
# An ITR that asked for the host (it hears the SMR).
smr_listen "$(free_port)" 4342 "$tmp/itr.log" 10.9.0.10
report $? "an ITR asks for 10.9.0.10 and is answered" "$(cat "$tmp/smr_listen.out")"
cat >"$tmp/b.conf" <<CONF
log-level debug
control-port $(free_port)
map-server add 127.0.0.1 key k
database add 10.9.0.10/32 rloc 192.0.2.2
CONF
start b
jcheck "another xTR registers 10.9.0.10/32: the host moved away" "$S" \
	"show dynamic-eids" "$H == \"\" and $C.moved_away == 1" 50
jcheck "... the moved list has it at the other xTR's locator" "$S" \
	"show moved" '[.[] | [.prefix, .rlocs]] == [["10.9.0.10/32", ["192.0.2.2"]]]'
jcheck "... the Map-Server holds that locator alone" "$S" "show registrations" \
	'[.[] | select(.prefix == "10.9.0.10/32") | .rlocs[].rloc] == ["192.0.2.2"]'
for ((i = 0; i < 30; i++)); do
	jq -se '[.[] | select(.smr and .eids == ["10.9.0.10/32"])] | length == 1' \
		"$tmp/itr.log" >/dev/null 2>&1 && break
	sleep 0.1
done
jq -se '[.[] | select(.smr and .eids == ["10.9.0.10/32"])] | length == 1' \
	"$tmp/itr.log" >/dev/null 2>&1
report $? "... the ITR that asked for it gets an SMR" "$(cat "$tmp/itr.log")"
report "$([ -z "$(routes)" ]; echo $?)" "... its route gone" "$(routes)"
report "$(neigh show 10.9.0.10 dev roam | grep -q .; [ $? = 1 ]; echo $?)" \
	"... and its neighbour entry (not detected again)" "$(neigh show dev roam)"
stop b

# Back here: registered again (the Map-Server moves it back), and no
# longer in the moved list.  Then it goes for good (hold 1 s).
neigh add 10.9.0.10 lladdr $MAC dev roam nud stale
jcheck "the host comes back: detected and registered again" "$S" \
	"show dynamic-eids" "$H == \"10.9.0.10/present/true\"" 30
jcheck "... the moved list forgets it" "$S" "show moved" 'length == 0'
neigh del 10.9.0.10 dev roam
jcheck "... then it leaves for good (hold)" "$S" "show dynamic-eids" \
	"$H == \"\"" 30

# max-hosts 3.
for i in 11 12 13 14 15; do
	neigh add 10.9.0.$i lladdr $MAC dev roam nud stale
done
jcheck "max-hosts 3: two more refused, counted" "$S" "show dynamic-eids" \
	'(.[0].nhosts == 3) and (.[0].counters.refused_limit == 2)' 30
report "$([ "$(grep -c 'refused: max-hosts 3 reached' "$tmp/x.log")" = 1 ]; echo $?)" \
	"... logged once" "$(grep refused "$tmp/x.log")"

# A reload that changes the hold time only.
sed -i 's/hold 1$/hold 2/' "$tmp/x.conf"
LISPD_SOCK=$S $LISPD reload >/dev/null
jcheck "reload with another hold: hosts kept, hold 2" "$S" "show dynamic-eids" \
	'(.[0].nhosts == 3) and (.[0].hold_s == 2) and (.[0].counters.detected == 5)'

# SIGKILL leaves the routes; the next start removes them and finds the
# neighbours there again.
kill -KILL "$pid"
wait "$pid" 2>/dev/null
rm -f "$S"
report "$([ "$(routes | wc -w)" = 3 ]; echo $?)" "SIGKILL leaves the routes" "$(routes)"
neigh del 10.9.0.11 dev roam
run
jcheck "restarted: the hosts there are detected again" "$S" "show dynamic-eids" \
	'.[0].nhosts == 3' 30
report "$(grep -q '3 host routes of an earlier run removed' "$tmp/x.log"; echo $?)" \
	"... the earlier run's routes removed at start" "$(grep earlier "$tmp/x.log")"
report "$([ "$(routes | wc -w)" = 3 ]; echo $?)" "... routes of the hosts there" "$(routes)"
kill -TERM "$pid"
wait "$pid"
report $? "SIGTERM: exit 0"
report "$([ -z "$(routes)" ]; echo $?)" "... no route left" "$(routes)"
report "$(grep -q 'withdrawn (lispd stops)' "$tmp/x.log"; echo $?)" \
	"... hosts withdrawn at stop"
finish
