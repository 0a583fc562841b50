#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packets that cannot be forwarded are counted by reason and dropped:
# no mapping, negative entry, unknown instance-id, malformed or random
# bytes on UDP 4341 (the harness then checks dmesg is clean); and two
# devices with different instance-ids keep overlapping EIDs apart.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

topo_setup iid 7 || { ksft_result 1 "topology"; ksft_finish; }
stat() { ip netns exec "$1" lispd show stats -j | jq ".$2"; }

# The pings below fail (or go unanswered) by design: a packet is counted
# when it is dropped, as it is sent, so they are sent 0.2 s apart and
# wait half a second for the answer that cannot come.
check_fails "no mapping: ping fails" ip netns exec h1 ping -c 2 -i 0.2 -W 0.5 $EID2_4
check_eq "2 drops counted as tx_no_mapping" 2 "$(stat xtr1 'devices[0].counters.tx_no_mapping')"
ip netns exec xtr1 lispd map-cache add dev lisp0 198.51.100.128/25 action drop
check_fails "negative entry: ping fails" ip netns exec h1 ping -c 3 -i 0.2 -W 0.5 $EID2_4
check_eq "3 drops counted as tx_negative_drop" 3 "$(stat xtr1 'devices[0].counters.tx_negative_drop')"
check_eq "the drop entry counts the 3 packets it matched" 3 \
	"$(ip netns exec xtr1 lispd map-cache show dev lisp0 -j | jq '.[0].packets')"

# Another instance: lisp1 (iid 99) on xtr1; xtr2 has no device for it.
# (src-check off: xtr1 itself, not an EID, sends the packets.)
ip -n xtr1 link add lisp1 type lisp iid 99 local $RLOC1_4 src-check off
ip -n xtr1 link set lisp1 up
ip -n xtr1 route add 203.0.113.0/24 dev lisp1
ip netns exec xtr1 lispd map-cache add dev lisp1 203.0.113.0/24 rloc $RLOC2_4
ip netns exec xtr1 ping -c 4 -i 0.2 -W 0.5 -I 198.51.100.1 203.0.113.1 >/dev/null 2>&1
check_eq "unknown instance-id: 4 counted in the netns" 4 "$(stat xtr2 'netns.rx_unknown_instance_id')"

ip netns exec xtr1 bash -c "printf ab >/dev/udp/$RLOC2_4/4341"
ip netns exec xtr1 bash -c "printf '\x88\x00\x00\x00\x00\x00\x07\x00' >/dev/udp/$RLOC2_4/4341"
check_eq "short packets counted as rx_malformed" 2 "$(stat xtr2 'netns.rx_malformed')"
ip netns exec xtr1 bash -c "printf '\x88\x00\x00\x00\x00\x00\x07\x00\x55\x00' >/dev/udp/$RLOC2_4/4341"
check_eq "inner version 5 counted as rx_bad_inner_packet" 1 \
	"$(stat xtr2 'devices[0].counters.rx_bad_inner_packet')"
# The netdevice's error counters, derived from the reasons (lisp(4)).
rx_err() { ip -n xtr2 -s -s -j link show lisp0 | jq -c '.[0].stats64.rx | [.errors, .frame_errors, .length_errors]'; }
check_eq "it is an rx error, a frame error" "[1,1,0]" "$(rx_err)"
# An inner IPv4 header claiming 1000 bytes, alone in the datagram.
ip netns exec xtr1 bash -c "printf '\x88\x00\x00\x00\x00\x00\x07\x00\x45\x00\x03\xe8\x00\x00\x40\x00\x40\x11\x00\x00\xc6\x33\x64\x01\xc6\x33\x64\x81' >/dev/udp/$RLOC2_4/4341"
check_eq "an inner length that lies: rx_bad_inner_packet" 2 \
	"$(stat xtr2 'devices[0].counters.rx_bad_inner_packet')"
check_eq "and an rx error, a length error" "[2,1,1]" "$(rx_err)"
# One program for the 500 (a process per datagram costs minutes in a
# TCG guest): each 0 to 199 random bytes, from a new socket (source port).
check "500 random datagrams sent" ip netns exec xtr1 python3 -S -c '
import os, random, socket, sys
for _ in range(500):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(os.urandom(random.randrange(200)), (sys.argv[1], 4341))
' $RLOC2_4
# Random headers with iid 7 and an IPv4 version nibble reach lisp0 as
# garbage; the IP stack drops those.  Nothing may crash or warn.
check "500 random datagrams survived" ip -n xtr2 link show lisp0
echo "# after random bytes: $(ip netns exec xtr2 lispd show stats -j)"

# Instance-id separation: lisp0 (iid 7) and lisp1 (iid 8) on xtr2 both
# hold 10.0.0.0/8, with different RLOCs.
ip -n xtr2 link add lisp1 type lisp iid 8 local $RLOC2_4
ip netns exec xtr2 lispd map-cache add dev lisp0 10.0.0.0/8 rloc 192.0.2.7
ip netns exec xtr2 lispd map-cache add dev lisp1 10.0.0.0/8 rloc 192.0.2.8
check_eq "iid 7 device maps 10.1.1.1 to its own RLOC" 192.0.2.7 \
	"$(ip netns exec xtr2 lispd map-cache show dev lisp0 10.1.1.1 -j | jq -r '.[0].rlocs[0].rloc')"
check_eq "iid 8 device maps it to its own" 192.0.2.8 \
	"$(ip netns exec xtr2 lispd map-cache show dev lisp1 10.1.1.1 -j | jq -r '.[0].rlocs[0].rloc')"
# Received traffic: h1 -> h2 through xtr1's lisp0 (iid 7) arrives on
# xtr2's lisp0, not lisp1.
ip -n xtr2 link set lisp1 up
ip netns exec xtr1 lispd map-cache add dev lisp0 198.51.100.128/25 rloc $RLOC2_4
ip netns exec xtr2 lispd map-cache add dev lisp0 198.51.100.0/25 rloc $RLOC1_4
r7=$(ip -n xtr2 -j -s link show lisp0 | jq '.[0].stats64.rx.packets')
r8=$(ip -n xtr2 -j -s link show lisp1 | jq '.[0].stats64.rx.packets')
check "iid 7 traffic flows" ip netns exec h1 ping -c 5 -i 0.2 -W 2 $EID2_4
check "received on the iid 7 device" test "$(ip -n xtr2 -j -s link show lisp0 | jq '.[0].stats64.rx.packets')" -ge $((r7 + 5))
check_eq "nothing on the iid 8 device" "$r8" "$(ip -n xtr2 -j -s link show lisp1 | jq '.[0].stats64.rx.packets')"

ksft_finish
