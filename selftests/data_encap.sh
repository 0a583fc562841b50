#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hosts behind two xTRs reach each other through lisp0 for all four mixes
# of inner and outer family; tshark (not our code) decodes the underlay
# packets as LISP data with the N and I bits, the instance-id and the
# inner addresses; TCP carries a payload intact; an entry's packet and
# byte counters stay exact with two CPUs sending through it at once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

command -v tshark >/dev/null || ksft_skip "tshark not installed"
topo_setup iid 7 || { ksft_result 1 "topology"; ksft_finish; }

# One capture on xtr2's underlay for all four mixes; tshark reads it once.
cap=/tmp/lisp-data.pcap
rm -f /tmp/tcpd.err
ip netns exec xtr2 tcpdump --immediate-mode -U -q -n -i ul2 -w $cap udp port 4341 2>/tmp/tcpd.err &
tcpd=$!
wait_file /tmp/tcpd.err listening
expect=()
for outer in 4 6; do
	check "map-cache over IPv$outer RLOCs" topo_map $outer
	for inner in 4 6; do
		if [ $inner = 4 ]; then dst=$EID2_4; else dst=$EID2_6; fi
		check "IPv$inner in IPv$outer: ping h1 -> h2" \
			ip netns exec h1 ping -$inner -c 3 -i 0.2 -W 2 $dst
		# Outer then inner destination, per address family, as tshark
		# lists every occurrence of ip.dst / ipv6.dst in a packet.
		od=$([ $outer = 4 ] && echo $RLOC2_4 || echo $RLOC2_6)
		v4=""; v6=""
		[ $outer = 4 ] && v4=$od || v6=$od
		if [ $inner = 4 ]; then v4=${v4:+$v4,}$dst; else v6=${v6:+$v6,}$dst; fi
		expect+=("IPv$inner in IPv$outer|$(printf '%s\t%s\t4341\t1\t1\t7' "$v4" "$v6")")
	done
done
nap 0.5
kill $tcpd; wait $tcpd 2>/dev/null
# One tshark pass (it takes seconds to start in a TCG guest) over every
# packet: sources, destinations, the LISP header, trouble.
all=$(tshark -r $cap -T fields -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst \
	-e udp.dstport -e lisp-data.flags.nonce -e lisp-data.flags.iid -e lisp-data.iid \
	-e _ws.malformed -e _ws.expert.severity -E occurrence=a -E aggregator=, 2>/dev/null)
# LISP data from xtr1 (its RLOC among the sources): destinations, port,
# N and I bits, iid.
out=$(awk -F'\t' -v r4="$RLOC1_4" -v r6="$RLOC1_6" '
	$8 != "" && (index("," $1 ",", "," r4 ",") || index("," $2 ",", "," r6 ",")) {
		print $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 "\t" $8 }' <<<"$all" | sort -u)
printf '# tshark: %s\n' "$out"
for e in "${expect[@]}"; do
	check "${e%%|*}: tshark decodes LISP data, N=1 I=1 iid 7, outer and inner destinations" \
		grep -qFx "${e#*|}" <<<"$out"
done
check_eq "exactly those four kinds of packet from xtr1" 4 "$(grep -c . <<<"$out")"
# Malformed, or an expert note of severity error (0x800000) or worse.
bad=$(awk -F'\t' '{ n = split($10, s, ","); e = 0
	for (i = 1; i <= n; i++) if (s[i] + 0 >= 8388608) e = 1 }
	$9 != "" || e { c++ } END { print c + 0 }' <<<"$all")
check_eq "no malformed packets or expert errors" 0 "$bad"
check "tshark read the capture ($(grep -c . <<<"$all") packets)" test -n "$all"

# TCP: 2 MB over IPv4-in-IPv4 and IPv6-in-IPv6, checksum compared.
head -c 2000000 /dev/urandom >/tmp/payload
want=$(sha256sum </tmp/payload | cut -d' ' -f1)
for outer in 4 6; do
	topo_map $outer
	inner=$outer
	[ $inner = 4 ] && dst=$EID2_4 || dst=$EID2_6
	ip netns exec h2 sh -c "timeout 60 socat -u TCP$inner-LISTEN:5001,reuseaddr - | sha256sum >/tmp/got" &
	srv=$!
	# A loaded host can take more than a second to start socat.
	for ((i = 0; i < 100; i++)); do
		ip netns exec h2 ss -Hltn 'sport = :5001' | grep -q . && break
		nap 0.1
	done
	check "TCP over IPv$inner-in-IPv$outer" \
		ip netns exec h1 timeout 60 socat -u /tmp/payload "TCP$inner:[$dst]:5001"
	wait $srv
	check_eq "TCP payload intact (sha256)" "$want" "$(cut -d' ' -f1 /tmp/got)"
done

# Path MTU: a 1400-byte underlay leaves 1364 bytes for IPv4 or IPv6 in
# IPv4; bigger packets that may not fragment get ICMP "too big" back.
topo_map 4
ip -n xtr1 link set ul1 mtu 1400
ip -n xtr2 link set ul2 mtu 1400
out=$(ip netns exec h1 ping -M do -s 1400 -c 1 -W 2 $EID2_4 2>&1)
printf '# %s\n' "$out"
check "IPv4 DF too big: ICMP fragmentation needed, mtu 1364" grep -q "mtu = 1364" <<<"$out"
out=$(ip netns exec h1 ping -6 -s 1400 -c 1 -W 2 $EID2_6 2>&1)
printf '# %s\n' "$out"
check "IPv6 too big: ICMPv6 packet too big, mtu 1364" grep -qi "mtu=1364\|mtu 1364" <<<"$out"
check "1336-byte IPv4 packets (fit) still pass" ip netns exec h1 ping -M do -s 1336 -c 2 -W 2 $EID2_4
check "too-big drops counted (at least the two above)" test \
	"$(ip netns exec xtr1 lispd show stats -j | jq '.devices[0].counters.tx_too_big')" -ge 2

# Issue 13: an entry's counters stay exact when two CPUs send through it
# at once, in the shared atomics of its first packets and in the per-CPU
# counters after them; a replacement starts from zero; with no per-CPU
# counters allowed, the shared ones count alone.  xtr1 itself sends, from
# its site address (an EID of its database), so every packet sent is one
# lisp0 takes: UDP, 100 bytes of payload, 128 bytes as counted.  xtr2
# drops them silently (a blackhole route): no answer makes any other
# entry hot meanwhile.
P=/sys/module/lisp/parameters
N=10000
DST=198.51.100.200
CPUS="0 1"
if [ "$(nproc)" -lt 2 ]; then
	echo "# one CPU: the two senders share it"
	CPUS="0 0"
fi
# send2: two senders of N packets at once, one on each CPU.
send2() {
	local c pids=() rc=0
	for c in $CPUS; do
		ip netns exec xtr1 taskset -c $c python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.51.100.1", 0))
for i in range(int(sys.argv[1])):
    s.sendto(bytes(100), (sys.argv[2], 9))
' $N $DST &
		pids+=($!)
	done
	for c in "${pids[@]}"; do wait "$c" || rc=1; done
	return $rc
}
# counted: "PACKETS BYTES" of xtr1's entry for site 2, from the JSON.
counted() {
	ip netns exec xtr1 lispd map-cache show dev lisp0 $DST -j |
		jq -r '.[0] | "\(.packets) \(.bytes)"'
}
counted_text() {
	ip netns exec xtr1 lispd map-cache show dev lisp0 $DST |
		grep -o 'packets [0-9]*' | head -n 1
}
# pcpu_settle [WANT]: entries with per-CPU counters once those retired
# are freed (RCU): until it is WANT (20 s at most: lazy RCU may hold
# call_rcu callbacks 10 s), or for a second without WANT.
pcpu_settle() {
	local i
	for ((i = 0; i < 200; i++)); do
		[ "$(cat $P/pcpu_entries)" = "${1:-x}" ] && break
		[ -z "${1:-}" ] && [ $i -ge 10 ] && break
		nap 0.1
	done
	cat $P/pcpu_entries
}
ip -n xtr2 route add blackhole $DST/32
topo_map 4
hot0=$(pcpu_settle)
check "2 x $N packets from CPUs $CPUS at once" send2
check_eq "the entry counted each of them once: packets, bytes" \
	"$((2 * N)) $((2 * N * 128))" "$(counted)"
check_eq "lispd map-cache show (text) says as much" "packets $((2 * N))" "$(counted_text)"
check_eq "the entry got per-CPU counters (pcpu_entries +1)" $((hot0 + 1)) "$(cat $P/pcpu_entries)"
check "replace the entry" ip netns exec xtr1 lispd map-cache add dev lisp0 \
	198.51.100.128/25 rloc $RLOC2_4
check_eq "the new entry counts from zero" "0 0" "$(counted)"
check_eq "the old one's per-CPU counters freed after a grace period" \
	"$hot0" "$(pcpu_settle "$hot0")"
check "2 x $N packets again" send2
check_eq "the new entry counted them exactly" "$((2 * N)) $((2 * N * 128))" "$(counted)"
# No per-CPU counters allowed: the shared atomics alone.
max0=$(cat $P/pcpu_entries_max)
echo 0 >$P/pcpu_entries_max
check "replace it, with pcpu_entries_max 0" ip netns exec xtr1 lispd map-cache add dev lisp0 \
	198.51.100.128/25 rloc $RLOC2_4
pcpu_settle "$hot0" >/dev/null
check "2 x $N packets to an entry that may not have per-CPU counters" send2
check_eq "the shared counters alone counted them exactly" "$((2 * N)) $((2 * N * 128))" "$(counted)"
check_eq "and no entry got per-CPU counters" "$hot0" "$(cat $P/pcpu_entries)"
echo "$max0" >$P/pcpu_entries_max
check "flush" ip netns exec xtr1 lispd map-cache flush dev lisp0
check_eq "flushed: back to $hot0 entries with per-CPU counters" "$hot0" "$(pcpu_settle "$hot0")"

ksft_finish
