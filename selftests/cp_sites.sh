#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lispd end to end (the demo's network, lib_cp.sh): ETRs register with
# HMAC-SHA-256 and HMAC-SHA-1 keys, a wrong key is refused, ITRs resolve
# through the Map-Resolver and the first packet is delivered, negative
# answers send traffic to the proxy ETR, the proxy ITR serves a non-LISP
# source, and every -j output parses.  With a register period of 5 s on
# the Map-Server and the xTRs: registrations come back within a period of
# a Map-Server restart, and expire after three missed periods.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_cp.sh"
ksft_header
command -v jq >/dev/null || ksft_skip "jq not installed"

PERIOD=5
check "topology" cp_setup
for ns in ms xtr1 xtr2; do
	sed -i "1i register-period $PERIOD" "$CP_DIR/$ns.conf"
done
check "four lispd running, both sites registered" cp_start
check_eq "Map-Server and ETRs run with a $PERIOD s period" "$PERIOD $PERIOD" \
	"$(cp_ctl ms show daemon-stats -j | jq .register_period_s) $(cp_ctl xtr2 show daemon-stats -j | jq .register_period_s)"
regs=$(cp_ctl ms show registrations -j)
echo "# $regs"
check_eq "4 registered prefixes" 4 "$(jq length <<<"$regs")"
check "-j output of every show parses" sh -c "
	for w in sites registrations map-servers map-resolvers database daemon-stats; do
		ip netns exec ms env LISPD_SOCK=$CP_DIR/ms.sock lispd show \$w -j | jq -e . >/dev/null || exit 1
		ip netns exec xtr1 env LISPD_SOCK=$CP_DIR/xtr1.sock lispd show \$w -j | jq -e . >/dev/null || exit 1
	done"

check "site 1 -> site 2: the first ping is answered" \
	ip netns exec h1 ping -c 1 -W 5 $H2
check "IPv6 too" ip netns exec h1 ping -6 -c 1 -W 5 $H2_6
mc=$(ip netns exec xtr1 lispd show map-cache -j)
echo "# xtr1: $mc"
check_eq "xtr1 learned 10.2.0.0/24 -> 192.0.2.2 with a TTL" "192.0.2.2 true" \
	"$(jq -r '.[0].entries[] | select(.eid == "10.2.0.0/24") | "\(.rlocs[0].rloc) \(.ttl_s > 0)"' <<<"$mc")"
check "site 2 -> site 1" ip netns exec h2 ping -c 2 -i 0.3 -W 5 $H1

check "site 1 -> non-LISP host through the PETR" ip netns exec h1 ping -c 2 -i 0.3 -W 5 $NL
check_eq "xtr1 holds a use-petr entry for it" use-petr \
	"$(ip netns exec xtr1 lispd map-cache show dev lisp0 $NL -j | jq -r '.[0].action')"
check "non-LISP host -> site 2 through the PITR" ip netns exec nl ping -c 2 -i 0.3 -W 5 $H2
check_eq "pxtr learned site 2" 192.0.2.2 \
	"$(ip netns exec pxtr lispd map-cache show dev lisp0 $H2 -j | jq -r '.[0].rlocs[0].rloc')"

# Without proxy ETRs the first packet waits in the kernel for lispd's
# answer and is then sent, not dropped.
ip netns exec xtr1 lispd petr flush dev lisp0
ip netns exec xtr1 lispd map-cache flush dev lisp0
rel0=$(ip netns exec xtr1 lispd show stats -j | jq '.devices[0].counters.miss_released')
nap 1.1	# one Map-Request per second per EID
check "no PETR, empty map-cache: the first ping is answered" \
	ip netns exec h1 ping -c 1 -W 5 $H2
check "it waited for the mapping and was released" test \
	"$(ip netns exec xtr1 lispd show stats -j | jq '.devices[0].counters.miss_released')" -gt "$rel0"
ip netns exec xtr1 lispd petr set dev lisp0 192.0.2.3

out=$(ip netns exec xtr1 lispd lig $H2 to $MS -j 2>&1)
echo "# lig: $out"
check "lispd lig on xtr1 asks the Map-Resolver, gets site 2's RLOC" \
	grep -q '"192.0.2.2"' <<<"$out"

# A third ETR with the wrong key for site 2.
cat >"$CP_DIR/bad.conf" <<CONF
control-port 14342
map-server add $MS key wrong-secret key-type sha1
database add dev lisp9 10.2.0.0/24 iid 0 rloc 192.0.2.9
CONF
ip netns exec xtr2 lispd run --no-kernel -f "$CP_DIR/bad.conf" -S "$CP_DIR/bad.sock" \
	>"$CP_DIR/bad.log" 2>&1 &
bad=$!
for ((i = 1; i <= 100; i++)); do
	[ "$(cp_ctl ms show daemon-stats -j | jq '.map_register_rejected["bad-auth"]')" -ge 1 ] && break
	nap 0.2
done
kill $bad; wait $bad 2>/dev/null
check "wrong key: refused and counted" test \
	"$(cp_ctl ms show daemon-stats -j | jq '.map_register_rejected["bad-auth"]')" -ge 1
check_eq "still 4 registrations, none from the bad ETR" 4 \
	"$(cp_ctl ms show registrations -j | jq length)"

# xtr1's lispd stops: cached mappings keep working; a new one takes
# the kernel state over without duplicates.
ip netns pids xtr1 | xargs -r kill
nap 0.5
check "lispd of xtr1 stopped: cached mappings still forward" \
	ip netns exec h1 ping -c 2 -i 0.3 -W 3 $H2
rm -f "$CP_DIR/xtr1.sock"
check "lispd of xtr1 restarted" cp_lispd xtr1
check "traffic still flows" ip netns exec h1 ping -c 2 -i 0.3 -W 3 $H2
check_eq "database: the same 2 prefixes, not duplicated" 2 \
	"$(ip netns exec xtr1 lispd database show dev lisp0 -j | jq length)"

# Reload: a new database prefix reaches the kernel and the Map-Server;
# a bad line changes nothing.
echo "database add dev lisp0 10.1.1.0/24 rloc 192.0.2.1" >>"$CP_DIR/xtr1.conf"
check "lispd reload" cp_ctl xtr1 reload
check_eq "the kernel database has the new prefix" 3 \
	"$(ip netns exec xtr1 lispd database show dev lisp0 -j | jq length)"
echo "database add dev lisp0 10.1.2.0/33 rloc 192.0.2.1" >>"$CP_DIR/xtr1.conf"
badline=$(wc -l <"$CP_DIR/xtr1.conf")
out=$(cp_ctl xtr1 reload 2>&1)
echo "# $out"
check "a bad line: reload refused, naming file and line" \
	grep -q "xtr1.conf:$badline: prefix \"10.1.2.0/33\"" <<<"$out"
check_eq "and the kernel database is unchanged" 3 \
	"$(ip netns exec xtr1 lispd database show dev lisp0 -j | jq length)"
for ((i = 1; i <= 50; i++)); do
	[ "$(cp_ctl ms show registrations -j | jq length)" = 5 ] && break
	nap 0.2
done
check_eq "the Map-Server has the new prefix" 5 "$(cp_ctl ms show registrations -j | jq length)"

# The Map-Server restarts empty; the ETRs register again within one
# register period.
ip netns pids ms | xargs -r kill
nap 0.5
rm -f "$CP_DIR/ms.sock"
check "Map-Server restarted" cp_lispd ms
t0=$EPOCHSECONDS
for ((i = 1; i <= 140; i++)); do
	[ "$(cp_ctl ms show registrations -j | jq length)" = 5 ] && break
	nap 0.5
done
echo "# registered again after $(( $EPOCHSECONDS - t0 )) s"
check_eq "all 5 prefixes registered again within a period" 5 \
	"$(cp_ctl ms show registrations -j | jq length)"

# Registration expiry: xtr2's lispd is killed (SIGKILL: it withdraws
# nothing); after three missed periods its site is dropped.
site2() {		# site 2's registered prefixes, sorted, one line
	cp_ctl ms show registrations -j |
		jq -c '[.[] | select(.site == "site2") | .prefix] | sort'
}
regs=$(cp_ctl ms show registrations -j)
check "site 2's registrations expire within 3 periods" test \
	"$(jq '[.[] | select(.site == "site2") | .expires_in_s] | max' <<<"$regs")" -le $((3 * PERIOD))
check_eq "site 2 registered" '["10.2.0.0/24","fd00:2::/64"]' "$(site2)"

# SIGKILL: the ETR withdraws nothing, its registrations just stop.
ip netns pids xtr2 | xargs -r kill -KILL
t0=${EPOCHREALTIME/./}000
gone=
for ((i = 1; i <= 120; i++)); do
	if [ "$(site2)" = "[]" ]; then
		gone=$(( (${EPOCHREALTIME/./}000 - t0) / 1000000 ))
		break
	fi
	nap 0.5
done
echo "# site 2 gone after ${gone:-never} ms"
check "site 2's registrations expire" test -n "$gone"
# The last refresh was at most one period before the kill, so the
# expiry comes no sooner than two periods after it.
check "... not before two missed periods" test "${gone:-0}" -ge $((2 * PERIOD * 1000))
check_eq "site 1, refreshed all along, stays" 3 \
	"$(cp_ctl ms show registrations -j | jq '[.[] | select(.site == "site1")] | length')"
check_eq "two expiries counted" 2 \
	"$(cp_ctl ms show daemon-stats -j | jq .map_server.expired)"
check_eq "site 2's counter too" 2 \
	"$(cp_ctl ms show sites -j | jq '.[] | select(.name == "site2") | .stats.expired')"
check "the Map-Server logged it" grep -q "2 registrations expired (no Map-Register for $((3 * PERIOD)) s)" "$CP_DIR/ms.log"

out=$(ip netns exec xtr1 lispd lig $H2 to $MS -j 2>&1)
echo "# lig: $out"
check_eq "lig $H2: negative, unregistered (1 minute), no locator" "60 0 10.2.0.0/24" \
	"$(jq -r '.records[0] | "\(.ttl_s) \(.locators | length) \(.eid_prefix)"' <<<"$out")"

rm -f "$CP_DIR/xtr2.sock"
check "lispd of xtr2 restarted" cp_lispd xtr2
for ((i = 1; i <= 60; i++)); do
	[ "$(site2)" = '["10.2.0.0/24","fd00:2::/64"]' ] && break
	nap 0.5
done
check_eq "site 2 registered again" '["10.2.0.0/24","fd00:2::/64"]' "$(site2)"
out=$(ip netns exec xtr1 lispd lig $H2 to $MS -j 2>&1)
check "lig $H2: site 2's RLOC again" grep -q '"192.0.2.2"' <<<"$out"


cp_stop
ksft_finish
