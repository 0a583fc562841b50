#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Receive offload (GRO) on the LISP port: over an underlay veth that
# does GRO, and whose sender cuts its UDP tunnel GSO packets into real
# MTU-sized datagrams, a TCP transfer through lisp0 (both ways, each mix
# of inner and outer family) arrives byte-exact in fewer, larger packets
# than the underlay carried: the datagrams of a flow were merged although
# each LISP header has its own nonce.  Crafted bursts: datagrams whose
# LISP headers decapsulate differently are not merged.  Malformed
# datagrams are still counted once each, by the same counters as without
# GRO.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

command -v ethtool >/dev/null || ksft_skip "ethtool not installed"
topo_setup iid 7 || { ksft_result 1 "topology"; ksft_finish; }

# Both underlay ends receive with NAPI GRO (veth does GRO once it is
# switched on) and send segments, not UDP tunnel GSO packets.  A veth
# with TSO hands forwarded packets to its peer's stack directly, past
# the peer's GRO (veth_skb_is_eligible_for_gro()): TSO off too.
for i in 1 2; do
	ip netns exec xtr$i ethtool -K ul$i gro on tso off tx-udp_tnl-segmentation off \
		tx-udp_tnl-csum-segmentation off tx-udp-segmentation off >/dev/null 2>&1 ||
		ksft_skip "veth cannot switch GRO on here"
done
check_eq "GRO on the underlay" "on" \
	"$(ip netns exec xtr2 ethtool -k ul2 | awk '$1 == "generic-receive-offload:" { print $2 }')"

stat() { ip netns exec "$1" lispd show stats -j | jq ".$2"; }
link64() { ip -n "$1" -j -s link show "$2" | jq ".[0].stats64.$3"; }

head -c 4000000 /dev/urandom >/tmp/payload
want=$(sha256sum </tmp/payload | cut -d' ' -f1)

# transfer OUTER INNER FROM TO: 4 MB of TCP from host FROM to host TO,
# checked byte for byte, and TO's xTR's underlay and lisp0 counters.
transfer() {
	local outer=$1 inner=$2 from=$3 to=$4 x=xtr$4 ul=ul$4 dst srv i
	local u0 p0 b0 u1 p1 b1 what="IPv$inner in IPv$outer, h$from -> h$to"
	if [ "$to" = 2 ]; then
		[ $inner = 4 ] && dst=$EID2_4 || dst=$EID2_6
	else
		[ $inner = 4 ] && dst=$EID1_4 || dst=$EID1_6
	fi
	rm -f /tmp/got
	ip netns exec h$to sh -c "timeout 60 socat -u TCP$inner-LISTEN:5001,reuseaddr - | sha256sum >/tmp/got" &
	srv=$!
	for ((i = 0; i < 100; i++)); do
		ip netns exec h$to ss -Hltn 'sport = :5001' | grep -q . && break
		nap 0.1
	done
	u0=$(link64 $x $ul rx.packets) p0=$(link64 $x lisp0 rx.packets) b0=$(link64 $x lisp0 rx.bytes)
	check "$what: TCP transfer" \
		ip netns exec h$from timeout 60 socat -u /tmp/payload "TCP$inner:[$dst]:5001"
	wait $srv
	u1=$(link64 $x $ul rx.packets) p1=$(link64 $x lisp0 rx.packets) b1=$(link64 $x lisp0 rx.bytes)
	check_eq "$what: payload intact (sha256)" "$want" "$(cut -d' ' -f1 /tmp/got)"
	echo "# $what: underlay received $((u1 - u0)) packets, lisp0 $((p1 - p0)) ($((b1 - b0)) bytes)"
	# Without GRO every datagram is one lisp0 packet, and none is
	# bigger than the underlay's MTU allows; merged, at least half
	# fewer packets, and on average more than an MTU each.
	check "$what: lisp0 received at most half as many packets as the underlay" \
		test $(( (p1 - p0) * 2 )) -le $((u1 - u0))
	check "$what: lisp0 packets average more than the underlay MTU" \
		test $(( (b1 - b0) / (p1 - p0 > 0 ? p1 - p0 : 1) )) -gt 1500
}

for outer in 4 6; do
	check "map-cache over IPv$outer RLOCs" topo_map $outer
	for inner in 4 6; do
		transfer $outer $inner 1 2
		transfer $outer $inner 2 1
	done
done

# The same malformed datagrams as data_errors.sh, through the GRO
# underlay: each counted once, where it was counted without GRO.
topo_map 4
m0=$(stat xtr2 netns.rx_malformed)
ip netns exec xtr1 bash -c "printf ab >/dev/udp/$RLOC2_4/4341"
ip netns exec xtr1 bash -c "printf '\x88\x00\x00\x00\x00\x00\x07\x00' >/dev/udp/$RLOC2_4/4341"
ip netns exec xtr1 bash -c "printf '\x88\x00\x00\x00\x00\x00\x07\x00' >/dev/udp/$RLOC2_6/4341"
nap 0.5
check_eq "short packets counted as rx_malformed, once each" 3 \
	"$(( $(stat xtr2 netns.rx_malformed) - m0 ))"
v0=$(stat xtr2 'devices[0].counters.rx_bad_inner_packet')
ip netns exec xtr1 bash -c "printf '\x88\x00\x00\x00\x00\x00\x07\x00\x55\x00' >/dev/udp/$RLOC2_4/4341"
ip netns exec xtr1 bash -c "printf '\x88\x12\x34\x56\x00\x00\x07\x00\x75\x00' >/dev/udp/$RLOC2_6/4341"
nap 0.5
check_eq "inner versions 5 and 7 counted as rx_bad_inner_packet, once each" 2 \
	"$(( $(stat xtr2 'devices[0].counters.rx_bad_inner_packet') - v0 ))"

# Crafted bursts (tools/lisp_gro_burst.py): 16 datagrams of one TCP
# stream from h1 to h2 that reach xtr2's GRO in one poll.  Merged when
# only their nonces differ; not when their locator-status-bits do (they
# would not decapsulate alike); a bad inner version amid them is
# flushed and counted by itself, the others still merge.
burst() {
	ip netns exec xtr1 python3 -S "$(cd "$(dirname "$0")" && pwd)/tools/lisp_gro_burst.py" \
		$RLOC2_4 4341 7 $EID1_4 $EID2_4 "$1" 16 >/dev/null || echo "# burst $1 failed"
	nap 0.5
}
p0=$(link64 xtr2 lisp0 rx.packets)
burst nonce
n=$(( $(link64 xtr2 lisp0 rx.packets) - p0 ))
check "16 datagrams that differ in their nonces merge (lisp0 received $n)" test $n -ge 1 -a $n -le 2
p0=$(link64 xtr2 lisp0 rx.packets)
burst lsb
check_eq "16 datagrams with alternating locator-status-bits do not" 16 \
	"$(( $(link64 xtr2 lisp0 rx.packets) - p0 ))"
p0=$(link64 xtr2 lisp0 rx.packets)
v0=$(stat xtr2 'devices[0].counters.rx_bad_inner_packet')
burst badver
n=$(( $(link64 xtr2 lisp0 rx.packets) - p0 ))
check_eq "a bad inner version amid them counted once" 1 \
	"$(( $(stat xtr2 'devices[0].counters.rx_bad_inner_packet') - v0 ))"
check "the 15 others merge around it (lisp0 received $n)" test $n -ge 1 -a $n -le 3

# The flood of fault_flood.sh over the GRO underlay: every datagram that
# crossed the veth is counted once.  A 9000-byte MTU keeps them whole
# (no IP fragments to reassemble) and what the veth dropped is on the
# sender's tx_dropped.
if command -v lisp-flood >/dev/null; then
	ip -n xtr1 link set ul1 mtu 9000
	ip -n xtr2 link set ul2 mtu 9000
	rx_all() {
		local s
		s=$(ip netns exec xtr2 lispd show stats -j)
		echo $(( $(jq '.netns.rx_malformed // 0' <<<"$s") + \
			$(jq '.netns.rx_unknown_instance_id // 0' <<<"$s") + \
			$(link64 xtr2 lisp0 rx.packets) + $(link64 xtr2 lisp0 rx.dropped) + \
			$(link64 xtr2 lisp0 rx.errors) ))
	}
	for fam in 4 6; do
		[ $fam = 4 ] && dst=$RLOC2_4 || dst=$RLOC2_6
		a0=$(rx_all) d0=$(link64 xtr1 ul1 tx.dropped)
		out=$(ip netns exec xtr1 lisp-flood -$fam $dst -n 5000 -s $fam -i 7)
		sent=$(sed -n 's/^sent //p' <<<"$out")
		for _ in $(seq 50); do
			arrived=$(( sent - $(link64 xtr1 ul1 tx.dropped) + d0 ))
			[ $(( $(rx_all) - a0 )) -ge "$arrived" ] && break
			nap 0.1
		done
		echo "# IPv$fam flood: $(tr '\n' ' ' <<<"$out")"
		check_eq "IPv$fam flood: every datagram that arrived counted once ($arrived of $sent)" \
			"$arrived" "$(( $(rx_all) - a0 ))"
	done
	ip -n xtr1 link set ul1 mtu 1500
	ip -n xtr2 link set ul2 mtu 1500
else
	ksft_result 1 "build/lisp-flood is built"
fi
check "lisp0 still forwards" ip netns exec h1 ping -c 2 -i 0.2 -W 2 $EID2_4

ksft_finish
