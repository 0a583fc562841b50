#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The miss path: a packet without a mapping is announced on the genl
# group "miss" (seen with "lispd monitor") and waits; the mapping's
# arrival sends it, so the first ping gets through.  The queue is
# bounded, waiting packets time out, notifications are rate limited,
# and with nobody listening nothing is held.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

topo_setup iid 7 || { ksft_result 1 "topology"; ksft_finish; }
ip netns exec xtr2 lispd map-cache add dev lisp0 198.51.100.0/25 rloc $RLOC1_4
ip netns exec xtr2 lispd map-cache add dev lisp0 2001:db8:1::/64 rloc $RLOC1_4
# stat NAME...: xtr1's lisp0 counters, tab-separated (one program).
stat() {
	local q
	printf -v q '.%s, ' "$@"
	ip netns exec xtr1 lispd show stats -j | jq -r "[.devices[0].counters | ${q%, }] | @tsv"
}
mon=/tmp/miss.json

: >$mon
rm -f /tmp/mon.err
ip netns exec xtr1 lispd monitor count 1 -j >$mon 2>/tmp/mon.err &
wait_file /tmp/mon.err listening
ip netns exec h1 ping -c 1 -W 8 $EID2_4 >/tmp/ping.out 2>&1 &
ping=$!
check "miss announced" wait_file $mon miss
# Install at once: the packet waits LISP_MISS_TIMEOUT_MS (3 s) at most,
# and a slow VM spends seconds in jq.
check "install the mapping" ip netns exec xtr1 lispd map-cache add dev lisp0 198.51.100.128/25 rloc $RLOC2_4
m=$(head -n 1 $mon)
echo "# $m"
check_eq "notification: device, iid, source and destination EIDs" \
	"lisp0 7 $EID1_4 $EID2_4" "$(jq -r '"\(.dev) \(.iid) \(.src) \(.dst)"' <<<"$m")"
wait $ping
check "the first packet was delivered: ping 1 of 1" grep -q "1 received" /tmp/ping.out
check_eq "1 packet released" 1 "$(stat miss_released)"

# IPv6 too.
: >$mon
rm -f /tmp/mon.err
ip netns exec xtr1 lispd monitor count 1 -j >$mon 2>/tmp/mon.err &
wait_file /tmp/mon.err listening
ip netns exec h1 ping -6 -c 1 -W 8 $EID2_6 >/tmp/ping.out 2>&1 &
ping=$!
wait_file $mon miss
ip netns exec xtr1 lispd map-cache add dev lisp0 2001:db8:2::/64 rloc $RLOC2_4
check_eq "IPv6 miss announced" "$EID1_6 $EID2_6" "$(jq -r '"\(.src) \(.dst)"' <$mon)"
wait $ping
check "the first IPv6 packet was delivered" grep -q "1 received" /tmp/ping.out

# Bounded queue, timeout: 10 datagrams to one unmapped EID, no mapping.
ip -n xtr1 route add 203.0.113.0/24 dev lisp0
rm -f /tmp/mon.err
ip netns exec xtr1 lispd monitor -j >$mon 2>/tmp/mon.err &
monpid=$!
wait_file /tmp/mon.err listening
q0=$(stat tx_miss_queue_full)
ip netns exec h1 bash -c 'for i in $(seq 10); do echo x >/dev/udp/203.0.113.1/9; done'
sent_us=${EPOCHREALTIME/./}
check_eq "4 wait, 6 dropped as tx_miss_queue_full" 6 $(( $(stat tx_miss_queue_full) - q0 ))
check_eq "one notification for one destination" 1 "$(grep -c 203.0.113.1 $mon)"
# They wait 3 s: all 4 must have timed out 4 s after they were sent.
until [ "$(stat tx_miss_timeout)" = 4 ] || [ $((${EPOCHREALTIME/./} - sent_us)) -gt 4000000 ]; do
	nap 0.2
done
check_eq "the 4 waiting packets timed out" 4 "$(stat tx_miss_timeout)"

# A destination still waiting is announced again once
# LISP_MISS_RENOTIFY_MS (1 s) has passed: a notification the listener
# lost (its socket buffer full) costs a second, not the whole 3 s wait.
announced() { jq -r .dst <$mon | grep -cx "$1"; }
# wait_announced DST N: DST announced N times, within 5 s.
wait_announced() {
	local i
	for ((i = 0; i < 50; i++)); do [ "$(announced "$1")" -ge "$2" ] && break; nap 0.1; done
	[ "$(announced "$1")" -eq "$2" ]
}
ip netns exec h1 bash -c 'echo x >/dev/udp/203.0.113.2/9; sleep 1.2; echo x >/dev/udp/203.0.113.2/9'
check "a waiting destination is announced again after 1 s" wait_announced 203.0.113.2 2

# Rate limit: 5 notifications/s for 40 new destinations at once.
check "miss-rate 5" ip -n xtr1 link set lisp0 type lisp miss-rate 5
check_eq "miss-rate shown" 5 "$(ip -n xtr1 -d -j link show lisp0 | jq '.[0].linkinfo.info_data.miss_rate')"
nap 1.2
read -r n0 r0 <<<"$(stat miss_notified miss_ratelimited)"
ip netns exec h1 bash -c 'for i in $(seq 40); do echo x >/dev/udp/203.0.113.$((i + 10))/9; done'
read -r n r <<<"$(stat miss_notified miss_ratelimited)"
n=$((n - n0)) r=$((r - r0))
echo "# 40 new destinations: $n notified, $r rate-limited"
check "a burst of 5 plus the refill notified, no more" test $n -ge 5 -a $n -le 12
check_eq "the rest counted as miss_ratelimited" 40 $((n + r))
# One the limit held back is announced on a later packet: at 1/s, of two
# new destinations the second is held back; its next packet, 1.2 s on,
# announces it.
ip -n xtr1 link set lisp0 type lisp miss-rate 1
nap 1.1
ip netns exec h1 bash -c 'echo x >/dev/udp/203.0.113.61/9; echo x >/dev/udp/203.0.113.62/9
	sleep 1.2; echo x >/dev/udp/203.0.113.62/9'
check "a destination the limit held back is announced on its next packet" \
	wait_announced 203.0.113.62 1
check_eq "and the other one once" 1 "$(announced 203.0.113.61)"
kill $monpid; wait $monpid 2>/dev/null

# A listener that stops reading: once its buffer is full the kernel
# drops notifications (ENOBUFS on its next read); "lispd monitor" says
# so and goes on.  Rounds of 1000 new destinations, each after the last
# round's records timed out, until the kernel counts a drop on the
# netlink socket (/proc/net/netlink): how many fit the 1 MiB buffer
# depends on the kernel's skb sizes, so the test does not guess.
nl_drops() { ip netns exec xtr1 awk 'NR > 1 && $2 == 16 { d += $9 } END { print d + 0 }' /proc/net/netlink; }
ip -n xtr1 link set lisp0 type lisp miss-rate 0
ip -n xtr1 route add 198.18.0.0/15 dev lisp0
rm -f /tmp/mon.err
ip netns exec xtr1 lispd monitor -j >$mon 2>/tmp/mon.err &
monpid=$!
wait_file /tmp/mon.err listening
kill -STOP $monpid
n0=$(stat miss_notified)
d0=$(nl_drops)
for r in 0 4 8 12 16 20 24 28; do
	ip netns exec h1 lisp-flood -4 198.18.$r.0 -D -b $EID1_4 -p 9 -n 1000 >/dev/null
	[ "$(nl_drops)" -gt "$d0" ] && break
	nap 3.5
done
echo "# $(( $(stat miss_notified) - n0 )) notified while the monitor was stopped, $(( $(nl_drops) - d0 )) dropped"
check "the kernel dropped notifications to the stopped monitor" test "$(nl_drops)" -gt "$d0"
kill -CONT $monpid
check "  the monitor says notifications were lost" wait_file /tmp/mon.err "notifications lost"
check "  and survives" kill -0 $monpid
# The last round's destinations time out (3 s) before the next miss.
nap 3.5
: >$mon
ip netns exec h1 bash -c 'echo x >/dev/udp/203.0.113.150/9'
check "  and still prints the next one" wait_file $mon 203.0.113.150
kill $monpid; wait $monpid 2>/dev/null

# send-map-request entry: announced although an entry exists.
ip -n xtr1 link set lisp0 type lisp miss-rate 0
ip netns exec xtr1 lispd map-cache add dev lisp0 203.0.113.0/24 action send-map-request
: >$mon
rm -f /tmp/mon.err
ip netns exec xtr1 lispd monitor count 1 -j >$mon 2>/tmp/mon.err &
monpid=$!
wait_file /tmp/mon.err listening
ip netns exec h1 bash -c 'echo x >/dev/udp/203.0.113.200/9'
check "send-map-request entry announces" wait_file $mon 203.0.113.200

# Nobody listening: counted and dropped, nothing waits.  (The monitor
# leaves after its one notification; 4 s at most.)
for ((i = 0; i < 40; i++)); do
	kill -0 $monpid 2>/dev/null || break
	nap 0.1
done
l0=$(stat tx_miss_no_listener)
ip netns exec h1 bash -c 'for i in $(seq 3); do echo x >/dev/udp/203.0.113.77/9; done'
check_eq "no listener: 3 counted as tx_miss_no_listener" 3 $(( $(stat tx_miss_no_listener) - l0 ))

ksft_finish
