#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Receive: the device for a packet's instance-id, among many devices on
# one port.  The socket finds it in a hash table by instance-id: 300
# devices (more than the table's 256 buckets, so buckets hold several)
# are each sent one LISP packet with their instance-id, and each counts
# exactly that one.  Instance-id 0 and "none" stand in for each other
# (recv.c); a device that is gone leaves its instance-id counted as
# rx_unknown_instance_id, and the others still receive.
. "$(dirname "$0")/lib.sh"
ksft_header

N=300
netns_new rx && netns_new tx || { ksft_result 1 "netns"; ksft_finish; }
ip link add ul netns rx type veth peer name ul netns tx
ipq rx addr add 192.0.2.2/24 dev ul
ipq rx link set ul up
ipq tx addr add 192.0.2.1/24 dev ul
ipq tx link set ul up
for i in $(seq 1 $N); do
	ipq rx link add l$i type lisp iid $i
	ipq rx link set l$i up
done
ipq_run || { ksft_result 1 "topology"; ksft_finish; }

# send IID...: one LISP data packet per instance-id ("none": no I bit),
# an IPv4/UDP packet inside, from tx to rx's port 4341.
send() {
	ip netns exec tx python3 - "$@" <<'EOF'
import socket, struct, sys

def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff

udp = struct.pack("!HHHH", 1234, 9, 8, 0)
ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 1, 0, 64, 17, 0,
                           socket.inet_aton("10.1.0.1"), socket.inet_aton("10.2.0.1")))
ip[10:12] = struct.pack("!H", csum(bytes(ip)))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for a in sys.argv[1:]:
    if a == "none":
        hdr = struct.pack("!BBBBI", 0x80, 0, 0, 1, 0)          # N
    else:
        iid = int(a)
        hdr = struct.pack("!BBBBI", 0x88, 0, 0, 1, iid << 8)   # N, I
    s.sendto(hdr + bytes(ip) + udp, ("192.0.2.2", 4341))
EOF
}
# rx: "NAME PACKETS" per lisp device of rx.
rx() {
	ip -n rx -j -s link show type lisp |
		jq -r '.[] | "\(.ifname) \(.stats64.rx.packets)"' | sort
}
# moved BEFORE AFTER: "NAME +N" for each device whose count changed
# (the guest has no /dev/fd for <(...)).
moved() {
	printf '%s\n' "$1" >/tmp/iid.before
	printf '%s\n' "$2" | awk 'NR == FNR { n[$1] = $2; next }
		($1 in n) && $2 != n[$1] { print $1, "+" $2 - n[$1] }' /tmp/iid.before - | sort
}
unknown() {
	ip netns exec rx lispd show stats -j | jq '.netns.rx_unknown_instance_id // 0'
}

r0=$(rx)
send $(seq 1 $N)
r1=$(rx)
expect=$(for i in $(seq 1 $N); do echo "l$i +1"; done | sort)
printf '%s\n' "$expect" >/tmp/iid.expect
got=$(moved "$r0" "$r1")
check_eq "each of $N devices received exactly the packet with its iid" \
	"$N" "$(printf '%s\n' "$got" | grep -cxFf /tmp/iid.expect)"
check_eq "and no device received any other" "" "$(printf '%s\n' "$got" | grep -vxFf /tmp/iid.expect)"

# No I bit and iid 0: the device without an instance-id takes both.
ip -n rx link add lnone type lisp
ip -n rx link set lnone up
r0=$(rx)
send none 0
check_eq "no iid device: takes a packet without the I bit, and one with iid 0" \
	"lnone +2" "$(moved "$r0" "$(rx)")"
# With an iid 0 device as well, each takes its own.
ip -n rx link add lzero type lisp iid 0
ip -n rx link set lzero up
r0=$(rx)
send none
check_eq "with an iid 0 device too: no I bit goes to the device without one" \
	"lnone +1" "$(moved "$r0" "$(rx)")"
r0=$(rx)
send 0
check_eq "and iid 0 to the iid 0 device" "lzero +1" "$(moved "$r0" "$(rx)")"
ip -n rx link del lnone
r0=$(rx)
send none
check_eq "without the none device, iid 0's takes packets without the I bit" \
	"lzero +1" "$(moved "$r0" "$(rx)")"

# Devices gone (down, then deleted): their iids are unknown, the rest
# still find theirs.
for i in $(seq 1 2 $N); do ipq rx link set l$i down; done
for i in $(seq 1 4 $N); do ipq rx link del l$i; done
ipq_run
u0=$(unknown)
r0=$(rx)
send $(seq 1 $N)
expect=$(for i in $(seq 2 2 $N); do echo "l$i +1"; done | sort)
check_eq "half the devices down or deleted: the other half still each get theirs" \
	"$expect" "$(moved "$r0" "$(rx)")"
check_eq "the packets for the others counted as an unknown instance-id" \
	"$((N / 2))" "$(( $(unknown) - u0 ))"

ksft_finish
