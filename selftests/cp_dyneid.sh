#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Dynamic EIDs (issue 12, item 1) on the demo network (lib_cp.sh) with a
# third site: a host of the roaming subnet 10.9.0.0/24, fd00:9::/64
# ("mh") moves from site 1 to site 2 and keeps its address, mask and
# default gateway.
#
#   - Both xTRs carry the roaming subnet's anycast gateway: a bridge
#     "roam" with the same MAC and the same gateway addresses (10.9.0.1,
#     fd00:9::1, as host addresses) at every site; everything else of the
#     subnet is routed into lisp0.  The host's link (a veth) is a port of
#     site 1's bridge, then of site 2's.
#   - xtr1 detects mh from its ARP/ND (RTM_NEWNEIGH), registers
#     10.9.0.10/32 and fd00:9::10/128 with its RLOC, adds the host
#     routes; site 3 (h3) reaches mh through xtr1.
#   - A second host (vm2) joins site 1; h3 opens a TCP stream to mh.
#   - Both links move.  xtr1's bridge loses its last port: its neighbour
#     entries go (carrier down), and the hosts would be withdrawn after
#     the hold time (30 s here; tests/host/daemon_dyneid.sh covers it).
#     mh speaks ARP/ND at site 2 (as a migrated VM does): xtr2 detects
#     and registers it, the Map-Server moves the host prefixes to xtr2
#     and tells xtr1 (Map-Notify), which drops its state for mh at once
#     (moved_away), maps mh to xtr2, and sends an SMR to xtr3, whose ITR
#     had asked it for mh.
#   - xtr3 re-resolves (SMR-invoked Map-Request) and reaches mh at site 2.
#   - mh moves back: the same the other way; xtr1 forgets the move; the
#     TCP stream, one connection throughout, still flows.
#   - vm2 moves back while the Map-Server restarts: the new Map-Server
#     has it at xtr1 only.
#   - Reloads at xtr1: unchanged keeps mh, without the lines withdraws it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_cp.sh"
ksft_header
command -v jq >/dev/null || ksft_skip "jq not installed"

MH=$CP_VM MH_6=$CP_VM_6 H3=10.3.0.10 H3_6=fd00:3::10 X3=192.0.2.4

# dyn NS: NS's "show dynamic-eids -j", one line.
dyn() { cp_ctl "$1" show dynamic-eids -j | jq -c .; }
# hosts NS: "address state registered" of every host, sorted.
hosts() {
	cp_ctl "$1" show dynamic-eids -j |
		jq -r '[.[].hosts[] | "\(.address) \(.state) \(.registered)"] | sort | join(",")'
}
# reg_rlocs PREFIX: the RLOCs the Map-Server holds for PREFIX, sorted.
reg_rlocs() {
	cp_ctl ms show registrations -j |
		jq -c --arg p "$1" '[.[] | select(.prefix == $p) | .rlocs[].rloc] | unique'
}
# wait_for SECONDS WANT CMD...: until CMD prints WANT.
wait_for() {
	local end=$(( $(date +%s) + $1 )) want=$2 got
	shift 2
	while :; do
		got=$("$@" 2>/dev/null)
		[ "$got" = "$want" ] && return 0
		[ "$(date +%s)" -ge $end ] && break
		sleep 0.2
	done
	echo "# waited for: $want"
	echo "# got:        $got"
	return 1
}
# at WHAT: the test's clock, to see where its time goes.
at() { echo "# ${SECONDS}s: $*"; }
# ping_mh: h3 pings mh over IPv4 and IPv6 (up to three rounds each: the
# first packets wait for the mapping).
ping_mh() {
	local dst i
	for dst in $MH $MH_6; do
		for i in 1 2 3; do
			ip netns exec h3 ping -c 2 -i 0.2 -W 3 $dst |
				grep -q ' [1-9][0-9]* received' && break
			[ $i = 3 ] && return 1
		done
	done
	return 0
}
BOTH="10.9.0.10 present true,fd00:9::10 present true"
VM2_BOTH="10.9.0.12 present true,fd00:9::12 present true"
ALL="10.9.0.10 present true,10.9.0.12 present true,fd00:9::10 present true,fd00:9::12 present true"
# tcp_grew N: "yes" once the TCP stream to mh brought N lines more than
# when it was last asked.
tcp_seen=0
tcp_grew() {
	local n
	n=$(wc -l <"$CP_DIR/tcp.rx" 2>/dev/null || echo 0)
	[ "$n" -ge $((tcp_seen + $1)) ] && echo yes
}

check "topology" cp_setup
netns_new xtr3 && netns_new h3
cp_link xtr3 $X3
cp_host h3 xtr3 $H3/24 $H3_6/64 10.3.0.1 fd00:3::1
ip netns exec xtr3 sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
check "xtr3's lisp0" ip -n xtr3 link add lisp0 type lisp local $X3
ip -n xtr3 link set lisp0 up
ip -n xtr3 route add default dev lisp0
ip -n xtr3 -6 route add default dev lisp0
# The roaming subnet at sites 1 and 2 (the anycast gateway, dynamic-eid
# lines, the Map-Server's site "roam"); hosts leave on the Map-Server's
# word, not after the hold.
check "roaming subnet" cp_roaming 30
# Registration rounds every 5 s (the Map-Server restarts below).
sed -i '1i register-period 5' "$CP_DIR/xtr1.conf" "$CP_DIR/xtr2.conf"
cat >>"$CP_DIR/ms.conf" <<CONF
site add site3 key s3-secret
site prefix site3 10.3.0.0/24
site prefix site3 fd00:3::/64
CONF
cat >"$CP_DIR/xtr3.conf" <<CONF
map-server add $MS key s3-secret
map-resolver add $MS
database add dev lisp0 10.3.0.0/24 rloc $X3
database add dev lisp0 fd00:3::/64 rloc $X3
itr dev lisp0
CONF
at "setup done"
check "lispd running, sites 1 and 2 registered" cp_start
check "xtr3's lispd running" cp_lispd xtr3
check "site 3 registered" wait_for 30 '["192.0.2.4"]' reg_rlocs 10.3.0.0/24
check_eq "no dynamic EIDs yet" "" "$(hosts xtr1)"

at "lispd started"
# mh (lib_cp.sh's "vm") appears at site 1.
cp_vm_attach xtr1	# not in check's subshell: it keeps state
ksft_result $? "mh's link at site 1"
check "xtr1 detects mh (IPv4, IPv6) and has it registered" \
	wait_for 30 "$BOTH" hosts xtr1
echo "# xtr1: $(dyn xtr1)"
check_eq "the Map-Server maps 10.9.0.10/32 to xtr1" '["192.0.2.1"]' \
	"$(reg_rlocs 10.9.0.10/32)"
check_eq "... and fd00:9::10/128" '["192.0.2.1"]' "$(reg_rlocs fd00:9::10/128)"
check_eq "xtr1's host routes (protocol 147)" "10.9.0.10 fd00:9::10" \
	"$(ip -n xtr1 -j route show proto 147 | jq -r '.[] | select(.dev == "roam") | .dst') $(ip -n xtr1 -6 -j route show proto 147 | jq -r '.[] | select(.dev == "roam") | .dst')"
check_eq "xtr1's kernel database has both hosts" "10.9.0.10/32 fd00:9::10/128" \
	"$(ip netns exec xtr1 lispd database show dev lisp0 -j | jq -r '[.[].eid | select(startswith("10.9.") or startswith("fd00:9:"))] | sort | join(" ")')"
check_eq "xtr2 knows nothing of mh" "" "$(hosts xtr2)"
check "site 3 -> mh at site 1 (IPv4, IPv6)" ping_mh
check_eq "xtr3 maps mh to xtr1" 192.0.2.1 \
	"$(ip netns exec xtr3 lispd map-cache show dev lisp0 $MH -j | jq -r '.[0].rlocs[0].rloc')"

at "mh at site 1"
# A second host, vm2, moves with mh; and a TCP stream from h3 to mh
# (a line every 0.1 s, numbered) must survive both moves.
cp_vm_attach xtr1 vm2
ksft_result $? "vm2's link at site 1"
check "xtr1 detects vm2 too" wait_for 30 "$ALL" hosts xtr1
ip netns exec vm socat -u TCP-LISTEN:5001,reuseaddr \
	OPEN:"$CP_DIR/tcp.rx",creat,trunc >/dev/null 2>&1 &
sleep 0.5
ip netns exec h3 bash -c 'i=0; while :; do echo $i; i=$((i + 1)); sleep 0.1; done |
	socat -u - TCP:'$MH':5001' >/dev/null 2>&1 &
check "a TCP stream h3 -> mh flows" wait_for 20 yes tcp_grew 5

# The move: both hosts, their links now at site 2.
at "site 3 reached mh at site 1 before"
t0=$(date +%s%N)
cp_vm_attach xtr2 && cp_vm_attach xtr2 vm2
ksft_result $? "mh's and vm2's links move to site 2"
check "xtr2 detects both hosts and has them registered" wait_for 30 "$ALL" hosts xtr2
check "xtr1 drops mh on the Map-Server's word, before its hold time" \
	wait_for 20 "" hosts xtr1
echo "# moved and withdrawn in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
echo "# xtr1: $(dyn xtr1)"
echo "# xtr2: $(dyn xtr2)"
check_eq "xtr1 counted 4 detected, 0 withdrawn (hold), 4 moved away" "4 0 4" \
	"$(cp_ctl xtr1 show dynamic-eids -j | jq -r '[([.[].counters.detected] | add), ([.[].counters.withdrawn] | add), ([.[].counters.moved_away] | add)] | join(" ")')"
check "the Map-Server maps 10.9.0.10/32 to xtr2 only" \
	wait_for 20 '["192.0.2.2"]' reg_rlocs 10.9.0.10/32
check_eq "... and fd00:9::10/128" '["192.0.2.2"]' "$(reg_rlocs fd00:9::10/128)"
check_eq "xtr1's moved list: both hosts at xtr2" \
	'["10.9.0.10/32",["192.0.2.2"]] ["10.9.0.12/32",["192.0.2.2"]] ["fd00:9::10/128",["192.0.2.2"]] ["fd00:9::12/128",["192.0.2.2"]]' \
	"$(cp_ctl xtr1 show moved -j | jq -c '.[] | [.prefix, .rlocs]' | sort | paste -sd' ')"
check_eq "xtr1 has no host route left" "" \
	"$(ip -n xtr1 route show proto 147; ip -n xtr1 -6 route show proto 147)"
check_eq "xtr2 has the routes of both hosts" 4 \
	"$(( $(ip -n xtr2 route show proto 147 | wc -l) + $(ip -n xtr2 -6 route show proto 147 | wc -l) ))"
check_eq "mh kept its address, mask and gateway" \
	"$MH/24 $MH_6/64 10.9.0.1 fd00:9::1" \
	"$(ip -n vm -j addr show dev eth0 | jq -r '[.[0].addr_info[] | select(.scope == "global") | "\(.local)/\(.prefixlen)"] | join(" ")') $(ip -n vm -j route show default | jq -r '.[0].gateway') $(ip -n vm -6 -j route show default | jq -r '.[0].gateway')"
at "moved"
# No flush here: xtr1's SMR makes xtr3 ask the mapping system again.
mc3() { ip netns exec xtr3 lispd map-cache show dev lisp0 "$1" -j | jq -r '.[0].rlocs[0].rloc'; }
check "xtr1's SMR: xtr3 maps mh to xtr2 (IPv4, IPv6)" wait_for 30 "192.0.2.2 192.0.2.2" \
	eval 'echo $(mc3 $MH) $(mc3 $MH_6)'
check "... xtr3 counted the SMR" test \
	"$(cp_ctl xtr3 show daemon-stats -j | jq .etr.smr_received)" -ge 1
check "site 3 -> mh at site 2 (IPv4, IPv6)" ping_mh

at "site 3 reached mh at site 2"
# Back to site 1: the Map-Server moves it back and tells xtr2; xtr1
# forgets the move (its map-cache entry to xtr2 goes); xtr2's SMR sends
# xtr3 back to the mapping system.
cp_vm_attach xtr1
ksft_result $? "mh's link moves back to site 1"
check "xtr1 detects mh again" wait_for 30 "$BOTH" hosts xtr1
check "xtr2 drops it on the Map-Server's word, keeps vm2" \
	wait_for 20 "$VM2_BOTH" hosts xtr2
check_eq "xtr1's moved list and map-cache forget mh (vm2 stays moved)" \
	"10.9.0.12/32 fd00:9::12/128, 0" \
	"$(cp_ctl xtr1 show moved -j | jq -r '[.[].prefix] | sort | join(" ")'), $(ip netns exec xtr1 lispd map-cache show dev lisp0 -j | jq '[.[] | select(.eid == "10.9.0.10/32" or .eid == "fd00:9::10/128")] | length')"
check "xtr2's SMR: xtr3 maps mh to xtr1 again" wait_for 30 "192.0.2.1 192.0.2.1" \
	eval 'echo $(mc3 $MH) $(mc3 $MH_6)'
check "site 3 -> mh at site 1 again" ping_mh
tcp_seen=$(wc -l <"$CP_DIR/tcp.rx")
check "the TCP stream h3 -> mh survived both moves: it flows" \
	wait_for 30 yes tcp_grew 20
check_eq "... one connection, every line in order" ok \
	"$(awk 'NR - 1 != $1 { bad = 1 } END { print (NR && !bad) ? "ok" : "gap at line " NR }' "$CP_DIR/tcp.rx")"
echo "# TCP: $(wc -l <"$CP_DIR/tcp.rx") lines received in order"

at "moved back"
# vm2 moves back to site 1 while the Map-Server restarts: xtr1 registers
# it again until it is acknowledged; xtr2, which it left (leaving, hold
# 30 s), registers it no more, so the new Map-Server never has it there.
ip netns pids ms | xargs -r kill
rm -f "$CP_DIR/ms.sock"
cp_vm_attach xtr1 vm2
ksft_result $? "vm2's link moves back to site 1 while the Map-Server is down"
check "xtr1 detects vm2" wait_for 30 "10.9.0.12 present false" \
	eval 'hosts xtr1 | tr , "\n" | grep "^10.9.0.12 "'
check "the Map-Server restarts" cp_lispd ms
check "... it has vm2 at xtr1 (registered again until acknowledged)" \
	wait_for 30 '["192.0.2.1"]' reg_rlocs 10.9.0.12/32
check "... mh at xtr1 (the next round)" \
	wait_for 30 '["192.0.2.1"]' reg_rlocs 10.9.0.10/32
sleep 5		# a round of xtr2's
check_eq "... and vm2 at xtr1 only: xtr2 registered it no more" \
	'["192.0.2.1"]' "$(reg_rlocs 10.9.0.12/32)"
check_eq "xtr2 has it leaving" 'true' \
	"$(cp_ctl xtr2 show etr -j | jq '[.[] | select(.prefix == "10.9.0.12/32") | .leaving] == [true]')"

at "Map-Server restarted"
# A reload that changes nothing keeps the hosts; one that drops the
# lines withdraws them; lispd's stop removes its routes.
check "xtr1 reload, unchanged" cp_ctl xtr1 reload
check_eq "... hosts kept" "$ALL" "$(hosts xtr1)"
sed -i '/^dynamic-eid/d' "$CP_DIR/xtr1.conf"
check "xtr1 reload without dynamic-eid lines" cp_ctl xtr1 reload
check "... mh deregistered" wait_for 20 '[]' reg_rlocs 10.9.0.10/32
check_eq "... routes gone" "" \
	"$(ip -n xtr1 route show proto 147; ip -n xtr1 -6 route show proto 147)"

at "reloads done"
for ns in xtr3 h3 vm; do
	ip netns pids $ns | xargs -r kill 2>/dev/null
done
cp_stop
ksft_finish
