#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lisp0 in one netns with its underlay (UDP socket, outer routes) in
# another, as with vxlan and wireguard; deleting the underlay netns or
# unloading the module while traffic flows leaves no leak or warning.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

# xtr1's routing (and lisp0) stay in xtr1; its underlay moves to u1.
build() {
	topo_setup && topo_split_underlay || return 1
	ip -n xtr1 route add 198.51.100.128/25 dev lisp0
	ip netns exec xtr1 lispd map-cache add dev lisp0 198.51.100.128/25 rloc $RLOC2_4
	ip netns exec xtr2 lispd map-cache add dev lisp0 198.51.100.0/25 rloc $RLOC1_4
}
check "lisp0 in xtr1, underlay in u1" build
check_eq "xtr1 has no underlay address" "" "$(ip -n xtr1 -4 addr show | grep 192.0.2)"
check "ping across" ip netns exec h1 ping -c 3 -i 0.2 -W 2 $EID2_4
check_eq "the UDP socket is in u1" 1 "$(ip netns exec u1 ss -Huan 'sport = :4341' | grep -c 0.0.0.0)"
check_eq "and not in xtr1" 0 "$(ip netns exec xtr1 ss -Huan 'sport = :4341' | wc -l)"

# Traffic (ping every 10 ms) from a second before the deletion until the
# checks after it are done.
ip netns exec h1 ping -q -i 0.01 $EID2_4 >/dev/null 2>&1 &
pings=$!
nap 1
check "delete the underlay netns under traffic" ip netns delete u1
ksft_netns=(h1 h2 xtr1 xtr2)
check_fails "lisp0 went with it" ip -n xtr1 link show lisp0
kill $pings
wait

ksft_cleanup
ksft_netns=()
check "again" build
ip netns exec h1 ping -q -i 0.01 $EID2_4 >/dev/null 2>&1 &
pings=$!
ip netns exec h2 ping -q -i 0.01 $EID1_4 >/dev/null 2>&1 &
pings="$pings $!"
nap 1
check "delete the device's netns under traffic" ip netns delete xtr1
ksft_netns=(h1 h2 xtr2 u1)
check "rmmod under traffic" rmmod lisp
kill $pings
wait
check_fails "module gone" test -d /sys/module/lisp

ksft_finish
