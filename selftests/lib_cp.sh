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

# cp_link NS ADDR: NS joins the underlay LAN as ADDR.
cp_link() {
	ip link add ul netns "$1" type veth peer name "$1" netns core
	ip -n core link set "$1" master br0 up
	ip -n "$1" addr add "$2/24" dev ul
	ip -n "$1" link set ul up
}

# cp_host NS GWNS ADDR4 ADDR6 GW4 GW6: a host behind router GWNS.
cp_host() {
	ip link add eth0 netns "$1" type veth peer name site netns "$2"
	ip -n "$1" addr add "$3" dev eth0
	ip -n "$1" addr add "$4" dev eth0 nodad
	ip -n "$1" link set eth0 up
	ip -n "$1" route add default via "$5"
	ip -n "$1" -6 route add default via "$6"
	ip -n "$2" addr add "${5}/24" dev site
	ip -n "$2" addr add "${6}/64" dev site nodad
	ip -n "$2" link set site up
}

# cp_lispd NAME: start lispd in netns NAME with $CP_DIR/NAME.conf.
cp_lispd() {
	ip netns exec "$1" lispd run -f "$CP_DIR/$1.conf" -S "$CP_DIR/$1.sock" \
		>"$CP_DIR/$1.log" 2>&1 &
	local i
	for i in $(seq 50); do
		[ -S "$CP_DIR/$1.sock" ] && return 0
		sleep 0.1
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
	for ns in core ms xtr1 xtr2 h1 h2; do
		netns_new $ns || return 1
	done
	if [ "$proxy" = 1 ]; then
		netns_new pxtr && netns_new nl || return 1
	fi
	ip -n core link add br0 type bridge
	ip -n core link set br0 up
	cp_link ms $MS
	[ "$proxy" = 1 ] && cp_link pxtr 192.0.2.3
	for i in 1 2; do
		cp_link xtr$i 192.0.2.$i
		cp_host h$i xtr$i 10.$i.0.10/24 fd00:$i::10/64 10.$i.0.1 fd00:$i::1
	done
	[ "$proxy" = 1 ] &&
		cp_host nl pxtr $NL/24 2001:db8:113::10/64 203.0.113.1 2001:db8:113::1
	for ns in xtr1 xtr2 pxtr; do
		[ $ns = pxtr ] && [ "$proxy" != 1 ] && continue
		ip netns exec $ns sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	done
	for i in 1 2; do
		ip -n xtr$i link add lisp0 type lisp local 192.0.2.$i || return 1
		ip -n xtr$i link set lisp0 up
		# Everything that is not local goes through LISP: the other
		# site by mapping, the rest to the proxy ETR.
		ip -n xtr$i route add default dev lisp0
		ip -n xtr$i -6 route add default dev lisp0
	done
	if [ "$proxy" = 1 ]; then
		ip -n pxtr link add lisp0 type lisp local 192.0.2.3 src-check off || return 1
		ip -n pxtr link set lisp0 up
		ip -n pxtr route add 10.0.0.0/8 dev lisp0
		ip -n pxtr -6 route add fd00::/8 dev lisp0
	fi
	cp_write_confs
}

# cp_start: every lispd, then wait until the Map-Server has both sites.
cp_start() {
	local ns i
	for ns in ms xtr1 xtr2 pxtr; do
		cp_lispd $ns || return 1
	done
	for i in $(seq 100); do
		[ "$(cp_ctl ms show registrations -j 2>/dev/null | jq length)" = 4 ] && return 0
		sleep 0.1
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
	ip link add ul2 netns xtr2 type veth peer name xtr2b netns core
	ip -n core link set xtr2b master br0 up
	ip -n xtr2 addr add $CP_P2/24 dev ul2
	ip -n xtr2 link set ul2 up
	# Each address answers ARP on its own link only, and a link without
	# carrier carries no route: cutting ul cuts 192.0.2.2, not xtr2.
	ip netns exec xtr2 sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
		net.ipv4.conf.all.arp_announce=2 \
		net.ipv4.conf.all.ignore_routes_with_linkdown=1
	ip -n xtr2 link del lisp0
	ip -n xtr2 link add lisp0 type lisp || return 1
	ip -n xtr2 link set lisp0 up
	ip -n xtr2 route add default dev lisp0
	ip -n xtr2 -6 route add default dev lisp0
	sed -i "s|rloc $CP_P1 priority 1 weight 100|rloc $CP_P1 priority 1 weight 100 rloc $CP_P2 priority 2 weight 100|" \
		"$CP_DIR/xtr2.conf"
	sed -i "1i rloc-probing interval $1 retries $2 retry-interval $3" \
		"$CP_DIR/xtr1.conf"
}

cp_stop() {
	local ns
	for ns in ms xtr1 xtr2 pxtr; do
		ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null
	done
	wait 2>/dev/null
}
