#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The control-plane topology, for the demo and the lispd selftests: two
# LISP sites, a Map-Server/Map-Resolver and a proxy xTR in front of a
# non-LISP site, all on one underlay LAN (a bridge in netns "core").
#
#   h1 -- xtr1 --+                          +-- xtr2 -- h2
#                |        core (br0)        |
#          ms ---+--------------------------+--- pxtr -- nl (non-LISP)
#
#   site 1  10.1.0.0/24  fd00:1::/64   xtr1 RLOC 192.0.2.1
#   site 2  10.2.0.0/24  fd00:2::/64   xtr2 RLOC 192.0.2.2
#   pxtr    RLOC 192.0.2.3 (PITR + PETR)   nl 203.0.113.10
#   ms      192.0.2.100 (Map-Server and Map-Resolver)
#
# Each lispd runs with its config in $CP_DIR/NAME.conf, its control
# socket at $CP_DIR/NAME.sock and its log in $CP_DIR/NAME.log.  Source
# lib.sh first (netns_new).

CP_DIR=${CP_DIR:-/tmp/lisp-cp}
H1=10.1.0.10 H2=10.2.0.10 H1_6=fd00:1::10 H2_6=fd00:2::10 NL=203.0.113.10
MS=192.0.2.100

# cp_link NS ADDR: NS joins the underlay LAN as ADDR.  cp_link_q, and
# cp_host_q below, only queue the ip commands (ipq, lib.sh): cp_setup
# runs them all in a few batches.
cp_link_q() {
	ipq - link add ul netns "$1" type veth peer name "$1" netns core
	ipq core link set "$1" master br0 up
	ipq "$1" addr add "$2/24" dev ul
	ipq "$1" link set ul up
}
cp_link() { cp_link_q "$@" && ipq_run; }

# cp_host NS GWNS ADDR4 ADDR6 GW4 GW6: a host behind router GWNS.
cp_host_q() {
	ipq - link add eth0 netns "$1" type veth peer name site netns "$2"
	ipq "$1" addr add "$3" dev eth0
	ipq "$1" addr add "$4" dev eth0 nodad
	ipq "$1" link set eth0 up
	ipq "$1" route add default via "$5"
	ipq "$1" route add default via "$6"
	ipq "$2" addr add "${5}/24" dev site
	ipq "$2" addr add "${6}/64" dev site nodad
	ipq "$2" link set site up
}
cp_host() { cp_host_q "$@" && ipq_run; }

# cp_lispd NAME: start lispd in netns NAME with $CP_DIR/NAME.conf.
cp_lispd() {
	ip netns exec "$1" lispd run -f "$CP_DIR/$1.conf" -S "$CP_DIR/$1.sock" \
		>"$CP_DIR/$1.log" 2>&1 &
	local i
	for ((i = 0; i < 50; i++)); do
		[ -S "$CP_DIR/$1.sock" ] && return 0
		nap 0.1
	done
	echo "# lispd in $1 did not start:"; sed 's/^/#   /' "$CP_DIR/$1.log"
	return 1
}

# cp_ctl NAME ARGS...: lispd ARGS against the daemon of NAME.
cp_ctl() {
	local ns=$1
	shift
	ip netns exec "$ns" env LISPD_SOCK="$CP_DIR/$ns.sock" lispd "$@"
}

cp_write_confs() {
	cat >"$CP_DIR/ms.conf" <<-CONF
	# Map-Server and Map-Resolver for both sites.
	site add site1 key s1-secret key-type sha256
	site prefix site1 10.1.0.0/24
	site prefix site1 fd00:1::/64
	site prefix site1 10.1.1.0/24
	site add site2 key s2-secret key-type sha1
	site prefix site2 10.2.0.0/24
	site prefix site2 fd00:2::/64
	map-resolver enable
	CONF
	local i key type
	for i in 1 2; do
		if [ $i = 1 ]; then key=s1-secret type=sha256; else key=s2-secret type=sha1; fi
		cat >"$CP_DIR/xtr$i.conf" <<-CONF
		# xTR of site $i: ETR (database, registration) and ITR.
		map-server add $MS key $key key-type $type
		map-resolver add $MS
		database add dev lisp0 10.$i.0.0/24 rloc 192.0.2.$i priority 1 weight 100
		database add dev lisp0 fd00:$i::/64 rloc 192.0.2.$i priority 1 weight 100
		petr set dev lisp0 192.0.2.3
		itr dev lisp0
		CONF
	done
	cat >"$CP_DIR/pxtr.conf" <<-CONF
	# Proxy xTR: PITR for the non-LISP site, PETR for the LISP sites.
	map-resolver add $MS
	itr dev lisp0 pitr
	CONF
}

# cp_setup: the namespaces, addresses, lisp0 devices and configs (no
# lispd started yet).  CP_PROXY=0: without pxtr and nl (a test that
# needs neither sets up faster).
cp_setup() {
	local ns i proxy=${CP_PROXY:-1}
	mkdir -p "$CP_DIR"
	rm -f "$CP_DIR"/*.sock
	netns_q core ms xtr1 xtr2 h1 h2
	[ "$proxy" = 1 ] && netns_q pxtr nl
	ipq core link add br0 type bridge
	ipq core link set br0 up
	cp_link_q ms $MS
	[ "$proxy" = 1 ] && cp_link_q pxtr 192.0.2.3
	for i in 1 2; do
		cp_link_q xtr$i 192.0.2.$i
		cp_host_q h$i xtr$i 10.$i.0.10/24 fd00:$i::10/64 10.$i.0.1 fd00:$i::1
	done
	[ "$proxy" = 1 ] &&
		cp_host_q nl pxtr $NL/24 2001:db8:113::10/64 203.0.113.1 2001:db8:113::1
	for i in 1 2; do
		ipq xtr$i link add lisp0 type lisp local 192.0.2.$i
		ipq xtr$i link set lisp0 up
		# Everything that is not local goes through LISP: the other
		# site by mapping, the rest to the proxy ETR.
		ipq xtr$i route add default dev lisp0
		ipq xtr$i route add ::/0 dev lisp0
	done
	if [ "$proxy" = 1 ]; then
		ipq pxtr link add lisp0 type lisp local 192.0.2.3 src-check off
		ipq pxtr link set lisp0 up
		ipq pxtr route add 10.0.0.0/8 dev lisp0
		ipq pxtr route add fd00::/8 dev lisp0
	fi
	ipq_run - || return 1
	for ns in xtr1 xtr2 pxtr; do
		[ $ns = pxtr ] && [ "$proxy" != 1 ] && continue
		ip netns exec $ns sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	done
	ipq_run || return 1
	cp_write_confs
}

# cp_start: every lispd, then wait until the Map-Server has both sites.
cp_start() {
	local ns i
	for ns in ms xtr1 xtr2 pxtr; do
		cp_lispd $ns || return 1
	done
	for ((i = 0; i < 100; i++)); do
		[ "$(cp_ctl ms show registrations -j 2>/dev/null | jq length)" = 4 ] && return 0
		nap 0.1
	done
	echo "# registrations did not arrive"
	return 1
}

# cp_multihome INTERVAL RETRIES RETRY: site 2 multihomed (after cp_setup,
# before cp_start).  xtr2 gets a second underlay link, ul2 with
# 192.0.2.22 on the same LAN, and registers 10.2.0.0/24 with RLOC
# 192.0.2.2 priority 1 and 192.0.2.22 priority 2 (its lisp0 has no local
# RLOC, so it decapsulates for both); xtr1 probes RLOCs every INTERVAL
# s, RETRIES retries RETRY s apart.  "ip -n core link set xtr2 down"
# then cuts 192.0.2.2 only.
CP_P1=192.0.2.2 CP_P2=192.0.2.22
cp_multihome() {
	# Each address answers ARP on its own link only, and a link without
	# carrier carries no route: cutting ul cuts 192.0.2.2, not xtr2.
	ip netns exec xtr2 sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
		net.ipv4.conf.all.arp_announce=2 \
		net.ipv4.conf.all.ignore_routes_with_linkdown=1
	ipq - link add ul2 netns xtr2 type veth peer name xtr2b netns core
	ipq core link set xtr2b master br0 up
	ipq xtr2 addr add $CP_P2/24 dev ul2
	ipq xtr2 link set ul2 up
	ipq xtr2 link del lisp0
	ipq xtr2 link add lisp0 type lisp
	ipq xtr2 link set lisp0 up
	ipq xtr2 route add default dev lisp0
	ipq xtr2 route add ::/0 dev lisp0
	ipq_run || return 1
	sed -i "s|rloc $CP_P1 priority 1 weight 100|rloc $CP_P1 priority 1 weight 100 rloc $CP_P2 priority 2 weight 100|" \
		"$CP_DIR/xtr2.conf"
	sed -i "1i rloc-probing interval $1 retries $2 retry-interval $3" \
		"$CP_DIR/xtr1.conf"
}

# cp_roaming HOLD: a roaming subnet at sites 1 and 2 (after cp_setup,
# before cp_start), for a host that moves between them (issue 12).
# Both xTRs carry its anycast gateway: a bridge "roam" with the same MAC
# and the gateway addresses $CP_VM_GW, $CP_VM_GW6 (host addresses) at
# each site, and a dynamic-eid line for each family (hold HOLD s); the
# rest of the subnet is routed into lisp0 by the default route.  The
# Map-Server has the subnet as site "roam" with both sites' keys and
# accept-more-specifics: a host registered by the other xTR moves.
CP_VM=10.9.0.10 CP_VM_6=fd00:9::10 CP_VM_GW=10.9.0.1 CP_VM_GW6=fd00:9::1
cp_roaming() {
	local i
	for i in 1 2; do
		ip -n xtr$i link add roam address 02:00:0a:09:00:01 type bridge \
			forward_delay 0 || return 1
		ip -n xtr$i addr add $CP_VM_GW/32 dev roam
		ip -n xtr$i addr add $CP_VM_GW6/128 dev roam nodad
		ip -n xtr$i link set roam up
		cat >>"$CP_DIR/xtr$i.conf" <<-CONF
		dynamic-eid roam4 prefix 10.9.0.0/24 interface roam dev lisp0 rloc 192.0.2.$i hold $1
		dynamic-eid roam6 prefix fd00:9::/64 interface roam dev lisp0 rloc 192.0.2.$i hold $1
		CONF
	done
	cat >>"$CP_DIR/ms.conf" <<-CONF
	site add roam key s1-secret key-type sha256
	site add roam key s2-secret key-type sha1
	site prefix roam 10.9.0.0/24 accept-more-specifics
	site prefix roam fd00:9::/64 accept-more-specifics
	CONF
}

# cp_vm_attach NS [NAME]: the host NAME ("vm" by default; "vmN" has
# 10.9.0.(10+N), fd00:9::(10+N)) plugged into the roaming bridge of xTR
# NS: made on the first call, its link (veth "NAMEport") moved from the
# other xTR after, with its address, mask and gateway kept, as a
# migrated VM's.  Then it speaks (ARP, ND for its gateway, as a migrated
# VM announces itself) and the xTR detects it.  Not in a subshell
# (check's): it sets CP_VM_AT (where "vm" is) and registers the netns
# for the cleanup.
CP_VM_AT=
cp_vm_attach() {
	local ns=$1 vm=${2:-vm} n at
	n=${vm#vm}
	n=$((10 + ${n:-0}))
	if ! ip netns list | grep -q "^$vm\b"; then
		netns_new "$vm" || return 1
		ip link add eth0 netns "$vm" type veth peer name "${vm}port" netns "$ns"
		ip -n "$vm" addr add 10.9.0.$n/24 dev eth0
		ip -n "$vm" addr add fd00:9::$n/64 dev eth0 nodad
		ip -n "$vm" link set eth0 up
		ip -n "$vm" route add default via $CP_VM_GW
		ip -n "$vm" -6 route add default via $CP_VM_GW6
	fi
	for at in xtr1 xtr2; do
		[ $at != "$ns" ] && ip -n $at link show "${vm}port" >/dev/null 2>&1 &&
			{ ip -n $at link set "${vm}port" netns "$ns" || return 1; }
	done
	[ "$vm" = vm ] && CP_VM_AT=$ns
	ip -n "$ns" link set "${vm}port" master roam up || return 1
	ip -n "$vm" neigh flush dev eth0
	ip netns exec "$vm" ping -c 1 -W 1 $CP_VM_GW >/dev/null &
	ip netns exec "$vm" ping -6 -c 1 -W 1 $CP_VM_GW6 >/dev/null &
	wait $(jobs -p | tail -2)
	return 0
}

# cp_move_measure SENDER DST NS SECS: SENDER pings DST every 10 ms for
# SECS s while the vm moves to xTR NS (after 1 s).  Sets CP_MOVE to
# "SENT ANSWERED MS": MS from the vm's first packet at NS (when NS's
# neighbour table first has it, "ip monitor" time) to the first reply
# SENDER got after it, -1 if there was none.
cp_move_measure() {
	local out=$CP_DIR/move-$1.ping mon=$CP_DIR/move-neigh.txt p1 pm t0 i
	ip -n "$3" -ts monitor neigh >"$mon" 2>&1 &
	pm=$!
	# Started under load, the monitor may miss the host's first entry:
	# a neighbour entry outside the roaming prefix shows it listens.
	for i in $(seq 50); do
		ip -n "$3" neigh add 198.18.0.1 lladdr 02:00:00:00:00:01 \
			dev roam nud permanent
		ip -n "$3" neigh del 198.18.0.1 dev roam
		grep -q '^\[.*\] 198\.18\.0\.1 ' "$mon" && break
		sleep 0.1
	done
	ip netns exec "$1" ping -D -i 0.01 -W 1 -w "$4" "$2" >"$out" 2>&1 &
	p1=$!
	sleep 1
	cp_vm_attach "$3" || return 1
	wait $p1
	kill $pm 2>/dev/null
	wait $pm 2>/dev/null
	# [2026-12-02T03:08:50.743630] 10.9.0.10 dev roam lladdr ... STALE
	t0=$(awk -v a="$CP_VM" '$2 == a && $3 == "dev" { gsub(/[][]/, "", $1); print $1; exit }' "$mon")
	t0=$([ -n "$t0" ] && date -d "$t0" +%s.%N)
	CP_MOVE=$(awk -v t0="${t0:-0}" '
		/packets transmitted/ { tx = $1; rx = $4 }
		/bytes from/ && t0 > 0 && !first {
			split($0, f, /[][]/)
			if (f[2] + 0 > t0 + 0)
				first = f[2]
		}
		END { printf "%d %d %d\n", tx, rx, first ? (first - t0) * 1000 : -1 }' "$out")
}

cp_stop() {
	local ns
	for ns in ms xtr1 xtr2 pxtr; do
		ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null
	done
	wait 2>/dev/null
}
