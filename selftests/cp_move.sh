#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A host moves between xTRs (issue 12, items 2 and 3): host h keeps
# 10.1.0.5 and its gateway while its link moves from xTR A to xTR B.
#
#   h (10.1.0.5) -- xa 192.0.2.1 --+                  +-- xc 192.0.2.3 -- hc
#        (later xb 192.0.2.2) -----+--- core (br0) ---+    (10.3.0.10)
#                                  ms 192.0.2.100
#
# The Map-Server accepts more-specifics of site roam's 10.1.0.0/16: A
# registers the host 10.1.0.5/32 (a static database line); hc reaches it
# through xc.  The link moves to B, which registers 10.1.0.5/32 with its
# own locator: the Map-Server takes the prefix from A and tells it (a
# Map-Notify), and A keeps its static line until a reload removes it.
# xc's map-cache is made to hold 10.1.0.0/16 at A (as if it had cached
# the site prefix).  A's reload puts 10.1.0.5/32 at B into A's map-cache
# and sends xc an SMR for 10.1.0.5: xc asks for the host itself and
# installs 10.1.0.5/32 at B within a second, next to the /16.  With that
# /32 deleted again, hc's pings go to A, which encapsulates them on to B,
# and h answers; the kernel tells A's lispd (rx-dest-mapped), which sends
# xc an SMR again, and xc learns the /32 at B.  A's lisp0 has src-check
# (the default) and dst-check on: the /32 at B that A's lispd installed
# is a relay entry, so a packet decapsulated from lisp0 and routed back
# into it towards that entry is not held to A's EIDs (hc is none), and
# passes dst-check although A's database lost it.
#
# A also subscribes (RFC 9437, "itr subscribe on"): h's answers to hc
# subscribe it to hc's 10.3.0.0/24, so the Map-Server's Map-Notifies to A
# are of both kinds.  The move of its host is taken by its ETR (show
# moved), not refused by its ITR as a publication of nothing subscribed;
# a change at xc (priority 2) is a publication its ITR takes, no move.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_cp.sh"
ksft_header
command -v jq >/dev/null || ksft_skip "jq not installed"

XA=192.0.2.1 XB=192.0.2.2 XC=192.0.2.3 H=10.1.0.5 HC=10.3.0.10

# mc NS EID: the prefix and RLOCs of NS's map-cache entry matching EID.
mc() {
	ip netns exec "$1" lispd map-cache show dev lisp0 "$2" -j 2>/dev/null |
		jq -c '.[0] | [.eid, [.rlocs[].rloc]]' 2>/dev/null
}
# wait_eq SECONDS WANT CMD...: until CMD prints WANT, polled from
# now until SECONDS have passed (a poll started later does not count);
# prints the milliseconds to the poll that saw it, fails if none did.
wait_eq() {
	local t0 start end secs=$1 want=$2
	shift 2
	t0=$(date +%s%N)
	end=$(( t0 + secs * 1000000000 ))
	while start=$(date +%s%N) && [ "$start" -lt $end ]; do
		if [ "$("$@")" = "$want" ]; then
			echo $(( (start - t0) / 1000000 ))
			return 0
		fi
		sleep 0.05
	done
	echo never
	return 1
}
link_stat() {
	ip -n "$1" -j -s link show dev lisp0 | jq ".[0].stats64.$2"
}

setup() {
	local ns
	mkdir -p "$CP_DIR"
	rm -f "$CP_DIR"/*.sock
	for ns in core ms xa xb xc h hc; do
		netns_new $ns || return 1
	done
	ip -n core link add br0 type bridge
	ip -n core link set br0 up
	cp_link ms $MS
	cp_link xa $XA
	cp_link xb $XB
	cp_link xc $XC
	cp_host h xa $H/24 fd00:1::5/64 10.1.0.1 fd00:1::1
	cp_host hc xc $HC/24 fd00:3::10/64 10.3.0.1 fd00:3::1
	for ns in xa xb xc; do
		ip netns exec $ns sysctl -qw net.ipv4.ip_forward=1
		ip netns exec $ns sysctl -qw net.ipv4.conf.all.rp_filter=0
	done
	ip -n xa link add lisp0 type lisp local $XA dst-check on || return 1
	ip -n xb link add lisp0 type lisp local $XB || return 1
	ip -n xc link add lisp0 type lisp local $XC || return 1
	for ns in xa xb xc; do
		ip -n $ns link set lisp0 up
		ip -n $ns route add default dev lisp0
	done
	cat >"$CP_DIR/ms.conf" <<-CONF
	site add roam key roam-secret
	site prefix roam 10.1.0.0/16 accept-more-specifics
	site add s3 key s3-secret
	site prefix s3 10.3.0.0/24
	map-resolver enable
	CONF
	xtr_conf xa roam-secret "database add dev lisp0 $H/32 rloc $XA"
	xtr_conf xb roam-secret ""
	xtr_conf xc s3-secret "database add dev lisp0 10.3.0.0/24 rloc $XC"
}
# xtr_conf NS KEY DATABASE-LINE: A subscribes while it registers (a
# Map-Server takes subscriptions only from its registered xTRs).
xtr_conf() {
	cat >"$CP_DIR/$1.conf" <<-CONF
	log-level debug
	map-server add $MS key $2
	map-resolver add $MS
	$3
	itr dev lisp0
	CONF
	[ "$1" = xa ] && [ -n "$3" ] &&
		echo "itr subscribe on" >>"$CP_DIR/$1.conf"
	return 0
}
# xa_stat SECTION.COUNTER
xa_stat() {
	cp_ctl xa show daemon-stats -j | jq ".$1"
}
# mc_prio NS EID: "RLOC PRIORITY" of NS's entry matching EID.
mc_prio() {
	ip netns exec "$1" lispd map-cache show dev lisp0 "$2" -j 2>/dev/null |
		jq -r '.[0].rlocs[0] | "\(.rloc) \(.priority)"' 2>/dev/null
}
moved_static() {
	cp_ctl "$1" show daemon-stats -j | jq .etr.moved_static
}
registered_by() {
	cp_ctl ms show registrations -j |
		jq -c "[.[] | select(.prefix == \"$H/32\") | .rlocs[].rloc]"
}

t_start=$(date +%s)
check "topology" setup
for ns in ms xa xb xc; do
	check "lispd in $ns" cp_lispd $ns
done
wait_eq 5 "[\"$XA\"]" registered_by >/dev/null
check_eq "A registers $H/32" "[\"$XA\"]" "$(registered_by)"
check "hc reaches h behind A" ip netns exec hc ping -c 2 -i 0.3 -W 4 $H
check_eq "xc maps $H/32 to A" "[\"$H/32\",[\"$XA\"]]" "$(mc xc $H)"
subs_a() {
	cp_ctl xa show subscriptions -j | jq -c '[.subscriptions[].eid]'
}
wait_eq 5 '["10.3.0.0/24"]' subs_a >/dev/null
check_eq "A's ITR subscribed to hc's 10.3.0.0/24 (h's answers)" \
	'["10.3.0.0/24"]' "$(subs_a)"

# --- the host's link moves to B, which registers it ---
ip -n xa link set site netns xb
ip -n xb addr add 10.1.0.1/24 dev site
ip -n xb link set site up
xtr_conf xb roam-secret "database add dev lisp0 $H/32 rloc $XB"
check "B reloads with $H/32" cp_ctl xb reload
wait_eq 5 "[\"$XB\"]" registered_by >/dev/null
check_eq "the Map-Server has $H/32 at B alone" "[\"$XB\"]" "$(registered_by)"
check_eq "... counts one move" 1 \
	"$(cp_ctl ms show daemon-stats -j | jq .map_server.move_notifies)"
wait_eq 5 1 moved_static xa >/dev/null
check_eq "A takes the Map-Notify (a static entry: kept)" \
	"[\"$H/32\",[\"$XB\"]]" \
	"$(cp_ctl xa show moved -j | jq -c '.[0] | [.prefix, .rlocs]')"
check_eq "... in its ETR, not refused by its subscribing ITR" "1 0" \
	"$(xa_stat etr.moved_notifies) $(xa_stat itr_pubsub.refused_unknown)"

# --- a publication to A: xc's locator at priority 2 ---
pub0=$(xa_stat itr_pubsub.publications_accepted)
xtr_conf xc s3-secret "database add dev lisp0 10.3.0.0/24 rloc $XC priority 2"
check "xc reloads with priority 2" cp_ctl xc reload
took=$(wait_eq 5 "$XC 2" mc_prio xa $HC)
check "A's kernel entry for 10.3.0.0/24: priority 2 (${took} ms)" \
	test "$took" != never
check_eq "... a publication its ITR took; still one move at its ETR" \
	"$((pub0 + 1)) 1 1" "$(xa_stat itr_pubsub.publications_accepted) \
$(xa_stat etr.moved_notifies) $(cp_ctl xa show moved -j | jq length)"

# xc holds the site prefix at A (as an ITR that cached it would).
ip netns exec xc lispd map-cache del dev lisp0 $H/32
check "xc: 10.1.0.0/16 at A" \
	ip netns exec xc lispd map-cache add dev lisp0 10.1.0.0/16 rloc $XA
smr0=$(cp_ctl xc show daemon-stats -j | jq .etr.smr_received)

# --- A's reload removes the line: map-cache to B, SMR to xc ---
xtr_conf xa roam-secret ""
check "A reloads without $H/32" cp_ctl xa reload
took=$(wait_eq 3 "[\"$H/32\",[\"$XB\"]]" mc xa $H)
check "A's kernel map-cache: $H/32 at B (${took} ms)" test $? -eq 0
check_eq "... counted" 1 \
	"$(cp_ctl xa show moved -j | jq '.[0].map_cache_devices')"
took=$(wait_eq 1 "[\"$H/32\",[\"$XB\"]]" mc xc $H)
rc=$?
echo "# xc: $(ip netns exec xc lispd map-cache show dev lisp0 -j | jq -c '[.[] | [.eid, [.rlocs[].rloc]]]')"
check "A's SMR: xc re-resolves the host, $H/32 at B (${took} ms)" test $rc -eq 0
check "... xc got the SMR" test \
	"$(cp_ctl xc show daemon-stats -j | jq .etr.smr_received)" -gt "$smr0"
check_eq "... its 10.1.0.0/16 at A stays" "[\"10.1.0.0/16\",[\"$XA\"]]" \
	"$(mc xc 10.1.0.1)"
grep "SMR\|moved" "$CP_DIR/xa.log" | sed 's/^/# xa: /' | tail -n 4

# --- traffic still sent to A goes on to B ---
ip netns exec xc lispd map-cache del dev lisp0 $H/32
check_eq "xc's cache at A again (the /16)" "[\"10.1.0.0/16\",[\"$XA\"]]" \
	"$(mc xc $H)"
tx0=$(link_stat xa tx.packets) rx0=$(link_stat xb rx.packets)
smr0=$(cp_ctl xa show daemon-stats -j | jq .kernel_events.smr_sent)
# B resolves hc for h's first reply, which goes meanwhile: 2 of 5.
out=$(ip netns exec hc ping -c 5 -i 0.3 -W 4 $H)
echo "# $(grep transmitted <<<"$out")"
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
check "hc's pings through A reach h behind B" test "${got:-0}" -ge 2
tx=$(( $(link_stat xa tx.packets) - tx0 ))
rx=$(( $(link_stat xb rx.packets) - rx0 ))
check "A encapsulated the first on to B ($tx sent, B got $rx)" \
	test "$tx" -ge 1 -a "$rx" -ge "$tx"
check "A's lispd heard of that traffic and sent xc an SMR" test \
	"$(cp_ctl xa show daemon-stats -j | jq .kernel_events.smr_sent)" -gt "$smr0"
took=$(wait_eq 2 "[\"$H/32\",[\"$XB\"]]" mc xc $H)
check "... xc re-resolved the host: $H/32 at B (${took} ms)" test $? -eq 0

echo "# $(( $(date +%s) - t_start )) s"
cp_ctl xa show daemon-stats -j | jq -c '{etr, smr}' | sed 's/^/# xa: /'
for ns in ms xa xb xc; do
	ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null
done
wait 2>/dev/null
ksft_finish
