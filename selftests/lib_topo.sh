#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two LISP sites joined by an underlay, for the data-plane selftests:
#
#   h1 --- xtr1 ====== underlay ====== xtr2 --- h2
#
#   h1   198.51.100.10/25   2001:db8:1::10/64      EIDs, site 1
#   h2   198.51.100.130/25  2001:db8:2::10/64      EIDs, site 2
#   xtr1 RLOCs 192.0.2.1/24 2001:db8:ff::1/64      lisp0 in each xTR
#   xtr2 RLOCs 192.0.2.2/24 2001:db8:ff::2/64
#
# Each xTR routes the other site's EID prefixes into lisp0 and has its
# own site's prefixes in lisp0's database (both RLOCs as locators);
# map-cache entries are left to the test.  Source lib.sh first.

EID1_4=198.51.100.10
EID2_4=198.51.100.130
EID1_6=2001:db8:1::10
EID2_6=2001:db8:2::10
RLOC1_4=192.0.2.1
RLOC2_4=192.0.2.2
RLOC1_6=2001:db8:ff::1
RLOC2_6=2001:db8:ff::2

# topo_setup [LISP0_OPTIONS...]: extra options for both lisp0 devices.
# The ip commands go in batches (ipq), a few programs in all.
topo_setup() {
	local i db=()
	netns_q h1 h2 xtr1 xtr2
	ipq - link add ul1 netns xtr1 type veth peer name ul2 netns xtr2
	ipq - link add eth0 netns h1 type veth peer name site netns xtr1
	ipq - link add eth0 netns h2 type veth peer name site netns xtr2
	ipq_run - || return 1
	for i in 1 2; do
		local x=xtr$i h=h$i
		local r4 r6 e4 e6 gw4 gw6 o4 o6 p4 p6
		if [ $i = 1 ]; then
			r4=$RLOC1_4 r6=$RLOC1_6 e4=$EID1_4/25 e6=$EID1_6/64
			gw4=198.51.100.1 gw6=2001:db8:1::1 o4=198.51.100.128/25 o6=2001:db8:2::/64
			p4=198.51.100.0/25 p6=2001:db8:1::/64
		else
			r4=$RLOC2_4 r6=$RLOC2_6 e4=$EID2_4/25 e6=$EID2_6/64
			gw4=198.51.100.129 gw6=2001:db8:2::1 o4=198.51.100.0/25 o6=2001:db8:1::/64
			p4=198.51.100.128/25 p6=2001:db8:2::/64
		fi
		ip netns exec $x sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
			net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
		ip netns exec $h sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
		ipq $x addr add $r4/24 dev ul$i
		ipq $x addr add $r6/64 dev ul$i nodad
		ipq $x link set ul$i up
		ipq $x addr add $gw4/25 dev site
		ipq $x addr add $gw6/64 dev site nodad
		ipq $x link set site up
		ipq $h addr add $e4 dev eth0
		ipq $h addr add $e6 dev eth0 nodad
		ipq $h link set eth0 up
		ipq $h route add default via $gw4
		ipq $h route add default via $gw6
		ipq $x link add lisp0 type lisp local $r4 "$@"
		ipq $x link set lisp0 up
		ipq $x route add $o4 dev lisp0
		ipq $x route add $o6 dev lisp0
		db[i]="$p4 rloc $r4 rloc $r6"$'\n'"$p6 rloc $r4 rloc $r6"
	done
	ipq_run || return 1
	for i in 1 2; do
		printf '%s\n' "${db[i]}" |
			ip netns exec xtr$i lispd database load dev lisp0 >/dev/null || return 1
	done
}

# map OUTER_FAMILY(4|6): each xTR maps the other site to its RLOC.
topo_map() {
	local r1 r2
	if [ "$1" = 4 ]; then r1=$RLOC1_4 r2=$RLOC2_4; else r1=$RLOC1_6 r2=$RLOC2_6; fi
	ip netns exec xtr1 lispd map-cache flush dev lisp0 &&
	ip netns exec xtr2 lispd map-cache flush dev lisp0 &&
	printf '%s\n' "198.51.100.128/25 rloc $r2" "2001:db8:2::/64 rloc $r2" |
		ip netns exec xtr1 lispd map-cache load dev lisp0 >/dev/null &&
	printf '%s\n' "198.51.100.0/25 rloc $r1" "2001:db8:1::/64 rloc $r1" |
		ip netns exec xtr2 lispd map-cache load dev lisp0 >/dev/null
}

# topo_split_underlay: xtr1's underlay (ul1 and its RLOC) moves to a new
# netns u1, where lisp0 is made again (its UDP socket and outer routes
# there) and then moved back to xtr1, up, with xtr1's database of site 1.
topo_split_underlay() {
	netns_q u1
	ipq xtr1 link del lisp0
	ipq xtr1 link set ul1 netns u1
	ipq_run - xtr1 || return 1
	ipq u1 addr add $RLOC1_4/24 dev ul1
	ipq u1 link set ul1 up
	ipq u1 link add lisp0 type lisp local $RLOC1_4
	ipq u1 link set lisp0 netns xtr1
	ipq xtr1 link set lisp0 up
	ipq_run u1 xtr1 || return 1
	ip netns exec xtr1 lispd database add dev lisp0 198.51.100.0/25 rloc $RLOC1_4
}
