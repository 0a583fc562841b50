#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The outer and LISP headers, decoded by tshark: locator-status-bits (L)
# from the source site's database locators, outer TTL and TOS (inherited
# or fixed), ECN copied outward on encapsulation and combined inward on
# decapsulation as RFC 6040 says (CE over not-ECT is dropped, counted).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header
command -v tshark >/dev/null || ksft_skip "tshark not installed"

topo_setup iid 7 || { ksft_result 1 "topology"; ksft_finish; }
topo_map 4
cap=/tmp/lisp-header.pcap

# capture_start / capture_stop: tcpdump on xtr2's underlay.  Immediate
# mode: packets in a ring block not yet handed over when tcpdump is
# killed would be lost.
capture_start() {
	: >/tmp/tcpd.err	# no stale "listening" line
	ip netns exec xtr2 tcpdump --immediate-mode -U -q -n -i ul2 -w $cap udp port 4341 2>/tmp/tcpd.err &
	tcpd=$!
	wait_file /tmp/tcpd.err listening
}
capture_stop() {
	local err
	nap 0.5
	kill $tcpd; wait $tcpd 2>/dev/null
	err=$(</tmp/tcpd.err)
	[[ $err =~ ([0-9]+)\ packets?\ captured ]] &&
		echo "# captured: ${BASH_REMATCH[1]} packets"
}
# capture CMD...: run CMD with tcpdump on xtr2's underlay.
capture() {
	capture_start
	"$@" >/dev/null 2>&1 || echo "# failed: $*"
	capture_stop
}
# outer: distinct "tos 0xN, ttl N" of xtr1's packets (tcpdump decodes
# the outer header; tshark, slow to start, is kept for the LISP header).
outer() {
	tcpdump -r $cap -nv "src host $RLOC1_4" 2>/dev/null |
		grep -o 'tos 0x[0-9a-f]*[,A-Z0-9()]*, ttl [0-9]*' | sort -u
}

# The L bit and LSBs for three database states, in one capture that one
# tshark reads (it takes seconds to start in a TCG guest): each state's
# pings have their own TTL, 51, 52 and 53 (50, 51 and 52 on the wire).
ping_ttl() {
	ip netns exec h1 ping -c 2 -i 0.2 -W 2 -t "$1" $EID2_4 >/dev/null 2>&1 ||
		echo "# failed: ping -t $1"
}
capture_start
ping_ttl 51
check "second locator down in the database" \
	ip netns exec xtr1 lispd database add dev lisp0 198.51.100.0/25 rloc $RLOC1_4 rloc $RLOC1_6 down
ping_ttl 52
ip netns exec xtr1 lispd database add dev lisp0 198.51.100.0/25
ping_ttl 53
capture_stop
# Inner TTL (the last ip.ttl), L flag, LSBs of xtr1's echo requests.
lsb=$(tshark -r $cap -Y "lisp-data && ip.src == $RLOC1_4 && icmp.type == 8" \
	-T fields -e ip.ttl -e lisp-data.flags.lsb -e lisp-data.lsb8 -E occurrence=l 2>/dev/null)
# lsb_at TTL COLUMNS: distinct values of those columns (2: L, 3: LSBs).
lsb_at() {
	awk -F'\t' -v t="$1" -v c="$2" '$1 == t { print (c == 2 ? $2 : $2 "\t" $3) }' <<<"$lsb" |
		sort -u
}
check_eq "L bit, both site-1 locators up: LSBs 0x03 (8 bits beside the iid)" \
	"$(printf '1\t0x03')" "$(lsb_at 50 3)"
check_eq "LSBs 0x01" "$(printf '1\t0x01')" "$(lsb_at 51 3)"
check_eq "a database entry without locators: no L bit" "0" "$(lsb_at 52 2)"

# TTL: inherited from the inner packet (64, less xtr1's hop), or fixed.
capture ip netns exec h1 ping -c 2 -i 0.2 -W 2 -t 40 $EID2_4
check_eq "outer TTL inherited: 39" "tos 0x0, ttl 39" "$(outer)"
ip -n xtr1 link set lisp0 type lisp ttl 17
capture ip netns exec h1 ping -c 2 -i 0.2 -W 2 -t 40 $EID2_4
check_eq "outer TTL fixed: 17" "tos 0x0, ttl 17" "$(outer)"

# TOS: inherited, or fixed; the ECN field always follows the inner one.
capture ip netns exec h1 ping -c 2 -i 0.2 -W 2 -Q 0xb8 $EID2_4
check_eq "outer TOS inherited: 0xb8" "tos 0xb8, ttl 17" "$(outer)"
ip -n xtr1 link set lisp0 type lisp tos 0x20
capture ip netns exec h1 ping -c 2 -i 0.2 -W 2 -Q 0xb8 $EID2_4
check_eq "outer TOS fixed: 0x20" "tos 0x20, ttl 17" "$(outer)"
capture ip netns exec h1 ping -c 2 -i 0.2 -W 2 -Q 0xb9 $EID2_4
check_eq "inner ECT(1) with a fixed TOS: outer 0x21, ECT(1)" "tos 0x21,ECT(1), ttl 17" "$(outer)"
ip -n xtr1 link set lisp0 type lisp tos inherit

# Decapsulation: hand-made LISP packets to xtr2 with outer ECN CE.
# send_lisp OUTER_TOS INNER_TOS: an ICMP echo h1 -> h2 inside.
send_lisp() {
	ip netns exec xtr1 python3 - "$1" "$2" "$RLOC2_4" "$EID1_4" "$EID2_4" <<'PY'
import socket, struct, sys
otos, itos, rloc, src, dst = int(sys.argv[1], 0), int(sys.argv[2], 0), *sys.argv[3:]
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
icmp = struct.pack('!BBHHH', 8, 0, 0, 0x4c49, 1) + b'lisp-ecn' * 4
icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
ip = struct.pack('!BBHHHBBH4s4s', 0x45, itos, 20 + len(icmp), 1, 0, 64, 1, 0,
                 socket.inet_aton(src), socket.inet_aton(dst))
ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
lisp = bytes([0x88, 0, 0, 1, 0, 0, 7, 0])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, otos)
for _ in range(2):
    s.sendto(lisp + ip + icmp, (rloc, 4341))
PY
}
: >/tmp/tcpd.err
ip netns exec h2 tcpdump --immediate-mode -U -q -n -i eth0 -c 2 -w /tmp/ecn-in.pcap 'icmp[0] == 8' 2>/tmp/tcpd.err &
tcpd=$!
wait_file /tmp/tcpd.err listening
send_lisp 0x03 0x02
wait $tcpd
check_eq "outer CE over inner ECT(0): h2 receives CE" "tos 0x3,CE" \
	"$(tcpdump -r /tmp/ecn-in.pcap -nv 2>/dev/null | grep -o 'tos 0x[0-9a-f]*,CE' | sort -u)"
ecn0=$(ip netns exec xtr2 lispd show stats -j | jq '.devices[0].counters.rx_ecn_drop')
rx_err() { ip -n xtr2 -s -s -j link show lisp0 | jq '.[0].stats64.rx | .errors + .frame_errors'; }
err0=$(rx_err)
send_lisp 0x03 0x00
sleep 0.5
check_eq "outer CE over inner not-ECT: dropped, rx_ecn_drop +2" $((ecn0 + 2)) \
	"$(ip netns exec xtr2 lispd show stats -j | jq '.devices[0].counters.rx_ecn_drop')"
check_eq "and 2 rx errors, frame errors" $((err0 + 4)) "$(rx_err)"

ksft_finish
