#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Path MTU through the underlay: a link narrower than the first hop.
#
#   h1 --- xtr1 ==1500== r ==1400== xtr2 --- h2
#
# The router r answers a too-big outer packet with ICMP "fragmentation
# needed" / ICMPv6 "packet too big" quoting it (from our flow-hashed UDP
# source port to 4341).  xtr1 must apply it to its route towards the RLOC
# and tell the inner sender in turn, so that TCP through lisp0 completes
# (outer IPv4 and outer IPv6).
. "$(dirname "$0")/lib.sh"
ksft_header

for ns in h1 xtr1 r xtr2 h2; do
	netns_new $ns || { ksft_result 1 "netns $ns"; ksft_finish; }
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
done
for ns in xtr1 r xtr2; do
	ip netns exec $ns sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
done
link() {	# link NS1 IF1 ADDR4 ADDR6 NS2 IF2 ADDR4 ADDR6 MTU
	ip link add "$2" netns "$1" mtu "$9" type veth peer name "$6" netns "$5" mtu "$9"
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$1" addr add "$4" dev "$2" nodad
	ip -n "$5" addr add "$7" dev "$6"
	ip -n "$5" addr add "$8" dev "$6" nodad
	ip -n "$1" link set "$2" up
	ip -n "$5" link set "$6" up
}
link h1 eth0 198.51.100.10/25 2001:db8:1::10/64 xtr1 site 198.51.100.1/25 2001:db8:1::1/64 1500
link h2 eth0 198.51.100.130/25 2001:db8:2::10/64 xtr2 site 198.51.100.129/25 2001:db8:2::1/64 1500
link xtr1 ul 192.0.2.1/24 2001:db8:ff::1/64 r ra 192.0.2.254/24 2001:db8:ff::fe/64 1500
link r rb 203.0.113.254/24 2001:db8:fe::fe/64 xtr2 ul 203.0.113.2/24 2001:db8:fe::2/64 1400
ip -n h1 route add default via 198.51.100.1
ip -n h1 -6 route add default via 2001:db8:1::1
ip -n h2 route add default via 198.51.100.129
ip -n h2 -6 route add default via 2001:db8:2::1
ip -n xtr1 route add 203.0.113.0/24 via 192.0.2.254
ip -n xtr1 -6 route add 2001:db8:fe::/64 via 2001:db8:ff::fe
ip -n xtr2 route add 192.0.2.0/24 via 203.0.113.254
ip -n xtr2 -6 route add 2001:db8:ff::/64 via 2001:db8:fe::fe

for x in xtr1 xtr2; do
	if [ $x = xtr1 ]; then
		mine=198.51.100.0/25 theirs=198.51.100.128/25
		mine6=2001:db8:1::/64 theirs6=2001:db8:2::/64 r4=192.0.2.1 r6=2001:db8:ff::1
	else
		mine=198.51.100.128/25 theirs=198.51.100.0/25
		mine6=2001:db8:2::/64 theirs6=2001:db8:1::/64 r4=203.0.113.2 r6=2001:db8:fe::2
	fi
	ip -n $x link add lisp0 type lisp local $r4 local $r6
	ip -n $x link set lisp0 up
	ip netns exec $x lispd database add dev lisp0 $mine rloc $r4
	ip netns exec $x lispd database add dev lisp0 $mine6 rloc $r4
	ip -n $x route add $theirs dev lisp0
	ip -n $x -6 route add $theirs6 dev lisp0
done

# map OUTER_FAMILY: each xTR maps the other site to the other's RLOC.
map() {
	local to1=203.0.113.2 to2=192.0.2.1 p
	[ "$1" = 6 ] && to1=2001:db8:fe::2 to2=2001:db8:ff::1
	ip netns exec xtr1 lispd map-cache flush dev lisp0
	ip netns exec xtr2 lispd map-cache flush dev lisp0
	for p in 198.51.100.128/25 2001:db8:2::/64; do
		ip netns exec xtr1 lispd map-cache add dev lisp0 $p rloc $to1
	done
	for p in 198.51.100.0/25 2001:db8:1::/64; do
		ip netns exec xtr2 lispd map-cache add dev lisp0 $p rloc $to2
	done
}

# listening PORT: h2 has a TCP socket listening on PORT (up to 10 s).
listening() {
	local i
	for i in $(seq 100); do
		ip netns exec h2 ss -Hltn "sport = :$1" | grep -q LISTEN && return 0
		sleep 0.1
	done
	return 1
}

# transfer DEST: 2 MB of TCP from h1 to h2, within 90 s (a stall is
# what fails; a slow emulated CPU is not).
transfer() {
	local port=$((5200 + RANDOM % 100)) got
	ip netns exec h2 timeout 100 iperf3 -s -1 -p $port >/dev/null 2>&1 &
	listening $port || { echo "# iperf3 server did not start"; return 1; }
	ip netns exec h1 timeout 90 iperf3 -c "$1" -p $port -n 2M -J >/tmp/pmtu.json 2>&1
	local rc=$?
	wait
	got=$(jq '.end.sum_received.bytes // 0' /tmp/pmtu.json 2>/dev/null)
	echo "# iperf3 to $1: exit $rc, ${got:-0} bytes received"
	jq -r '.error // empty' /tmp/pmtu.json 2>/dev/null | sed 's/^/# /'
	# The receiver's count at the end may lag the last segments in flight.
	[ $rc -eq 0 ] && [ "${got:-0}" -ge 1048576 ]
}

map 4
check "outer IPv4: TCP over IPv4 completes past a 1400-byte link" transfer 198.51.100.130
out=$(ip -n xtr1 route get 203.0.113.2)
echo "# $out"
check "xtr1 learnt the path MTU towards the RLOC (1400)" grep -q "mtu 1400" <<<"$out"
check "outer IPv4: TCP over IPv6 completes" transfer 2001:db8:2::10

map 6
check "outer IPv6: TCP over IPv4 completes past a 1400-byte link" transfer 198.51.100.130
out=$(ip -n xtr1 -6 route get 2001:db8:fe::2)
echo "# $out"
check "xtr1 learnt the IPv6 path MTU towards the RLOC (1400)" grep -q "mtu 1400" <<<"$out"
check "outer IPv6: TCP over IPv6 completes" transfer 2001:db8:2::10

tb=$(ip netns exec xtr1 lispd show stats -j | jq '.devices[0].counters.tx_too_big // 0')
echo "# xtr1 sent $tb ICMP too-big messages to the inner senders"
check_eq "the inner senders were told (tx_too_big counted)" 1 "$(( tb > 0 ))"

ksft_finish
