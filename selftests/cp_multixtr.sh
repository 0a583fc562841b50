#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A site with two xTRs (issue 11, item 9) on the demo network
# (lib_cp.sh): xtr3 (RLOC 192.0.2.4) joins site 2 next to xtr2 (RLOC
# 192.0.2.2); both register 10.2.0.0/24 with site 2's key, each with its
# own RLOC, every $PERIOD s.  h2 sits on a LAN (a bridge in its
# namespace) behind both, its gateway xtr2.
#
#   - The Map-Server keeps both parts: 10.2.0.0/24 names both RLOCs, and
#     xtr1 (a remote ITR) resolving h2 gets both.
#   - xtr2 dies (SIGKILL: it withdraws nothing; its underlay link goes
#     down): its part expires after three missed periods, not before
#     two, and xtr3's stays registered all along.
#   - xtr1 resolves h2 afresh and reaches it through xtr3.  It has to be
#     told to: lispd has no RLOC probing, and nothing tells an ITR that a
#     registration changed (no SMR or Map-Notify to ITRs), so its
#     map-cache is flushed here.  h2's gateway moves to xtr3, as VRRP
#     would do.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_cp.sh"
ksft_header
command -v jq >/dev/null || ksft_skip "jq not installed"

PERIOD=5
X2=192.0.2.2 X3=192.0.2.4
BOTH="[\"$X2\",\"$X3\"]"

# Every RLOC the Map-Server holds for 10.2.0.0/24, sorted: one
# registration or one per xTR, as the Map-Server lists them.
reg_rlocs() {
	cp_ctl ms show registrations -j |
		jq -c '[.[] | select(.prefix == "10.2.0.0/24") | .rlocs[].rloc] |
			unique'
}
# The locators of xtr1's lig for h2, sorted, or what lig said.
lig_rlocs() {
	local out
	out=$(ip netns exec xtr1 lispd lig $H2 to $MS count 2 timeout 1 -j 2>&1)
	jq -ce '[.records[0].locators[].locator] | sort' <<<"$out" 2>/dev/null ||
		echo "$out"
}
# xtr1's map-cache entry for 10.2.0.0/24: its RLOCs, sorted.
mc_rlocs() {
	ip netns exec xtr1 lispd map-cache show dev lisp0 $H2 -j |
		jq -c '[.[0].rlocs[].rloc] | sort'
}
lisp0_rx() {
	ip -n "$1" -j -s link show dev lisp0 | jq '.[0].stats64.rx.packets'
}

check "topology" cp_setup
# h2 moves onto a LAN, the bridge "lan" in its namespace, that xtr3 joins.
ip -n h2 link add lan type bridge
ip -n h2 link set lan up
ip -n h2 addr flush dev eth0
ip -n h2 link set eth0 master lan
ip -n h2 addr add $H2/24 dev lan
ip -n h2 addr add $H2_6/64 dev lan nodad
ip -n h2 route replace default via 10.2.0.1
ip -n h2 -6 route replace default via fd00:2::1
netns_new xtr3 && cp_link xtr3 $X3
ip link add site netns xtr3 type veth peer name eth1 netns h2
ip -n h2 link set eth1 master lan up
ip -n xtr3 addr add 10.2.0.2/24 dev site
ip -n xtr3 link set site up
ip netns exec xtr3 sysctl -qw net.ipv4.ip_forward=1
check "xtr3's lisp0" ip -n xtr3 link add lisp0 type lisp local $X3
ip -n xtr3 link set lisp0 up
ip -n xtr3 route add default dev lisp0
cat >"$CP_DIR/xtr3.conf" <<CONF
# Second xTR of site 2: its own RLOC, site 2's key.
map-server add $MS key s2-secret key-type sha1
map-resolver add $MS
database add dev lisp0 10.2.0.0/24 rloc $X3 priority 1 weight 100
itr dev lisp0
CONF
for ns in ms xtr1 xtr2 xtr3; do
	sed -i "1i register-period $PERIOD" "$CP_DIR/$ns.conf"
done
check "lispd running, both sites registered" cp_start
check "xtr3's lispd running" cp_lispd xtr3

# Both register at start, then every period.
end=$(( $EPOCHSECONDS + 2 * PERIOD ))
while [ "$(reg_rlocs)" != "$BOTH" ] && [ "$EPOCHSECONDS" -lt $end ]; do
	nap 0.5
done
echo "# $(cp_ctl ms show registrations -j | jq -c '[.[] | select(.prefix == "10.2.0.0/24")]')"
check_eq "the Map-Server holds both xTRs' RLOCs for 10.2.0.0/24" "$BOTH" "$(reg_rlocs)"
check_eq "xtr1's lig for h2 gets both RLOCs" "$BOTH" "$(lig_rlocs)"
check "site 1 -> site 2" ip netns exec h1 ping -c 2 -i 0.3 -W 4 $H2
check_eq "xtr1's map-cache has both" "$BOTH" "$(mc_rlocs)"

# xtr2 dies.
ip netns pids xtr2 | xargs -r kill -KILL
ip -n xtr2 link set ul down
t0=${EPOCHREALTIME/./}000
gone='' lost=''
end=$(( $EPOCHSECONDS + 5 * PERIOD ))
while [ "$EPOCHSECONDS" -lt $end ]; do
	r=$(reg_rlocs)
	[ "$r" = "[]" ] && lost=1
	if [ "$r" = "[\"$X3\"]" ]; then
		gone=$(( (${EPOCHREALTIME/./}000 - t0) / 1000000 ))
		break
	fi
	nap 0.5
done
echo "# xtr2's RLOC gone from the registration after ${gone:-never} ms"
check "xtr2's part expires" test -n "$gone"
# Its last refresh was at most a period before the kill.
check "... not before two missed periods" test "${gone:-0}" -ge $((2 * PERIOD * 1000))
check "site 2 stayed registered all along (xtr3's part)" test -z "$lost"
check_eq "xtr1's lig for h2 gets xtr3's RLOC only" "[\"$X3\"]" "$(lig_rlocs)"

ip netns exec xtr1 lispd map-cache flush dev lisp0
ip -n h2 route replace default via 10.2.0.2
rx0=$(lisp0_rx xtr3)
nap 1.1		# one Map-Request per second per EID
out=$(ip netns exec h1 ping -c 3 -i 0.3 -W 4 $H2)
echo "# $(grep transmitted <<<"$out")"
got=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' <<<"$out")
check "site 1 -> site 2 through xtr3" test "${got:-0}" -ge 2
check_eq "xtr1 maps h2 to xtr3 only" "[\"$X3\"]" "$(mc_rlocs)"
rx=$(( $(lisp0_rx xtr3) - rx0 ))
check "xtr3 decapsulated the pings that were answered ($rx)" test "$rx" -ge "${got:-1}"

ip netns pids xtr3 | xargs -r kill
cp_stop
ksft_finish
