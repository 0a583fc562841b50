#!/bin/bash
# Cross-check the ITR resolver's Encapsulated Map-Requests against
# Wireshark's LISP dissector: build/unit/test_itr writes the ECMs it
# checked itself (ITR_PCAP=FILE, raw IP frames with the outer IP/UDP
# header the daemon's socket adds), tshark decodes them, and the fields
# are compared with what the test asked for: ITR-RLOCs, EIDs, instance-id
# (an LCAF, or the plain AFI for instance 0), PITR and SMR-invoked bits,
# inner header, and the nonce the test printed.  Also checked:
# no malformed packets or expert errors, and every IP/UDP checksum.
# The same for an RLOC-probe and its answer (build/unit/test_itr_probe,
# PROBE_PCAP=FILE): a bare Map-Request with the probe bit to the RLOC,
# a Map-Reply with the probe bit and the same nonce back.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v tshark >/dev/null; then
	report 1 "tshark is installed"
	finish
fi
make -s build/unit/test_itr >"$tmp/build.log" 2>&1
report $? "build test_itr" "$(tail -n 20 "$tmp/build.log")"
[ "$failed" -eq 0 ] || finish
ITR_PCAP="$tmp/itr.pcap" build/unit/test_itr >"$tmp/test.log" 2>&1
report $? "test_itr passes and writes a capture" "$(grep -v '^ok' "$tmp/test.log")"
[ "$failed" -eq 0 ] || finish

nonce() {		# nonce FRAME: as test_itr printed it
	sed -n "s/^# pcap frame $1 nonce //p" "$tmp/test.log"
}

TS=(tshark -n -r "$tmp/itr.pcap" -o udp.check_checksum:TRUE
	-o ip.check_checksum:TRUE)

FIELDS=(frame.number lisp.type lisp.nonce lisp.irc lisp.records
	lisp.mreq.flags.pitr lisp.mreq.flags.smr lisp.mreq.flags.probe
	lisp.mreq.flags.smri lisp.mreq.srceid.afi lisp.mreq.srceid.ipv4 lisp.mreq.srceid_ipv6
	lisp.mreq.itr_rloc_ipv4 lisp.mreq.itr_rloc_ipv6
	lisp.mreq.record.prefix.length lisp.mreq.record.prefix.ipv4
	lisp.mreq.record.prefix.ipv6 lisp.lcaf.iid lisp.lcaf.iid.ipv4
	lisp.ecm.flags.sec lisp.ecm.flags.ddt
	ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport
	ip.checksum.status udp.checksum.status)

declare -A COL
args=()
for i in "${!FIELDS[@]}"; do
	COL[${FIELDS[$i]}]=$((i + 1))
	args+=(-e "${FIELDS[$i]}")
done
"${TS[@]}" -T fields -E separator=/t -E occurrence=a -E aggregator=, \
	"${args[@]}" >"$tmp/fields.tsv" 2>"$tmp/tshark.err"
report $? "tshark decodes the capture" "$(cat "$tmp/tshark.err")"

get() {			# get FRAME FIELD
	awk -F'\t' -v fr="$1" -v col="${COL[$2]}" \
		'$1 == fr { print $col }' "$tmp/fields.tsv"
}

expect() {		# expect FRAME FIELD VALUE DESCRIPTION
	local got
	got=$(get "$1" "$2")
	[ "$got" = "$3" ]
	report $? "frame $1: $4 ($2 = $3)" "got: '$got'"
}

frames=$("${TS[@]}" -Y 'lisp.type == 8' 2>/dev/null | wc -l)
[ "$frames" -eq 4 ]
report $? "4 frames dissected as LISP ECMs" "got $frames"

bad=$("${TS[@]}" -Y '_ws.malformed || _ws.expert.severity >= error' 2>&1 |
	grep -v '^Running as user')
[ -z "$bad" ]
report $? "no malformed packets or expert errors" "$bad"
bad=$("${TS[@]}" -V 2>/dev/null | grep -E 'Malformed|Expert Info \(Error')
[ -z "$bad" ]
report $? "verbose decode shows nothing malformed" "$bad"
bad=$(awk -F'\t' -v a="${COL[ip.checksum.status]}" \
	-v b="${COL[udp.checksum.status]}" \
	'{ n = split($a "," $b, s, ","); for (i = 1; i <= n; i++)
	   if (s[i] != "1") print "frame " $1 ": " $a " / " $b }' \
	"$tmp/fields.tsv")
[ -z "$bad" ]
report $? "every IP and UDP checksum (inner ones too) is good" "$bad"

# 1: miss on a device with instance-id 7, IPv4 EIDs
n1=$(nonce 1)
[ -n "$n1" ]
report $? "test_itr printed the nonce of frame 1" "$n1"
expect 1 lisp.type 8,1 "ECM around a Map-Request"
expect 1 lisp.nonce "$n1" "the resolver's nonce"
expect 1 lisp.ecm.flags.sec 0 "no S bit"
expect 1 ip.src 192.0.2.1,192.0.2.1 "outer and inner source: the ITR-RLOC"
expect 1 ip.dst 192.0.2.10,10.1.0.1 "outer: Map-Resolver, inner: the EID"
expect 1 udp.srcport 4342,4342 "source ports"
expect 1 udp.dstport 4342,4342 "destination ports"
expect 1 lisp.irc 1 "two ITR-RLOCs (IRC = count - 1)"
expect 1 lisp.mreq.itr_rloc_ipv4 192.0.2.1 "IPv4 ITR-RLOC"
expect 1 lisp.mreq.itr_rloc_ipv6 2001:db8::1 "IPv6 ITR-RLOC"
expect 1 lisp.records 1 "one EID-record"
expect 1 lisp.lcaf.iid 7,7 "Instance-ID LCAF on source EID and record"
expect 1 lisp.lcaf.iid.ipv4 10.0.0.5,10.1.0.1 "source EID and EID inside"
expect 1 lisp.mreq.record.prefix.length 32 "host prefix /32"
expect 1 lisp.mreq.flags.pitr 0 "no PITR bit"
expect 1 lisp.mreq.flags.smr 0 "no SMR bit"
expect 1 lisp.mreq.flags.probe 0 "no probe bit"

# 2: a PITR, IPv6 EIDs, IPv4 underlay to the Map-Resolver
n2=$(nonce 2)
expect 2 lisp.type 8,1 "ECM around a Map-Request"
expect 2 lisp.nonce "$n2" "the resolver's nonce"
expect 2 lisp.mreq.flags.pitr 1 "PITR bit (RFC 6832)"
expect 2 ip.src 192.0.2.1 "outer IPv4 source"
expect 2 ip.dst 192.0.2.10 "outer: the Map-Resolver"
expect 2 ipv6.src 2001:db8::1 "inner source: the IPv6 ITR-RLOC"
expect 2 ipv6.dst 2001:db8:b::1 "inner destination: the EID"
expect 2 udp.srcport 4342,14342 "inner source port: where replies go"
expect 2 udp.dstport 4342,4342 "destination ports"
expect 2 lisp.mreq.srceid_ipv6 2001:db8:a::5 "IPv6 source EID"
expect 2 lisp.mreq.record.prefix.ipv6 2001:db8:b::1 "IPv6 EID-record"
expect 2 lisp.mreq.record.prefix.length 128 "host prefix /128"
expect 2 lisp.mreq.itr_rloc_ipv4 192.0.2.1 "IPv4 ITR-RLOC"
expect 2 lisp.mreq.itr_rloc_ipv6 2001:db8::1 "IPv6 ITR-RLOC"

# 3: SMR-invoked Map-Request for a cached prefix
expect 3 lisp.nonce "$(nonce 3)" "the resolver's nonce"
expect 3 lisp.mreq.flags.smri 1 "SMR-invoked bit"
expect 3 lisp.mreq.flags.smr 0 "not itself an SMR"
expect 3 lisp.mreq.srceid.afi 0 "no source EID (RFC 9301 5.3)"
expect 3 lisp.lcaf.iid 7 "Instance-ID LCAF on the record"
expect 3 lisp.lcaf.iid.ipv4 10.1.0.0 "the cached prefix"
expect 3 lisp.mreq.record.prefix.length 24 "its length"

# 4: a miss on a device of instance-id 0 (issue 14): plain EIDs
expect 4 lisp.nonce "$(nonce 4)" "the resolver's nonce"
expect 4 lisp.lcaf.iid "" "no Instance-ID LCAF"
expect 4 lisp.mreq.srceid.afi 1 "source EID: the plain IPv4 AFI"
expect 4 lisp.mreq.srceid.ipv4 10.0.0.5 "the source EID"
expect 4 lisp.mreq.record.prefix.ipv4 10.1.0.1 "EID-record: the plain IPv4 EID"
expect 4 lisp.mreq.record.prefix.length 32 "host prefix /32"

# RLOC probing: frame 1 the probe, frame 2 the ETR's answer.
make -s build/unit/test_itr_probe >"$tmp/build.log" 2>&1
report $? "build test_itr_probe" "$(tail -n 20 "$tmp/build.log")"
PROBE_PCAP="$tmp/probe.pcap" build/unit/test_itr_probe >"$tmp/probe.log" 2>&1
report $? "test_itr_probe passes and writes a capture" \
	"$(grep -v '^ok' "$tmp/probe.log")"
PTS=(tshark -n -r "$tmp/probe.pcap" -o udp.check_checksum:TRUE
	-o ip.check_checksum:TRUE)
bad=$("${PTS[@]}" -V 2>&1 | grep -E 'Malformed|Expert Info \(Error')
[ -z "$bad" ]
report $? "probe and answer: nothing malformed" "$bad"
pget() {		# pget FRAME FIELD
	"${PTS[@]}" -Y "frame.number == $1" -T fields -E occurrence=a \
		-E aggregator=, -e "$2" 2>/dev/null
}
pexpect() {		# pexpect FRAME FIELD VALUE DESCRIPTION
	local got
	got=$(pget "$1" "$2")
	[ "$got" = "$3" ]
	report $? "probe frame $1: $4 ($2 = $3)" "got: '$got'"
}
pexpect 1 lisp.type 1 "a bare Map-Request (no ECM)"
pexpect 1 lisp.mreq.flags.probe 1 "probe bit"
pexpect 1 lisp.mreq.flags.smr 0 "no SMR bit"
pexpect 1 ip.dst 198.51.100.1 "straight to the RLOC"
pexpect 1 udp.dstport 4342 "its control port"
pexpect 1 lisp.mreq.srceid.afi 0 "no source EID"
pexpect 1 lisp.mreq.itr_rloc_ipv4 192.0.2.1 "IPv4 ITR-RLOC (first: the RLOC's family)"
pexpect 1 lisp.lcaf.iid 7 "Instance-ID LCAF on the record"
pexpect 1 lisp.lcaf.iid.ipv4 10.2.0.0 "the cached entry's prefix"
pexpect 1 lisp.mreq.record.prefix.length 24 "its length"
pexpect 1 ip.checksum.status 1 "IP checksum"
pexpect 1 udp.checksum.status 1 "UDP checksum"
pexpect 2 lisp.type 2 "Map-Reply"
pexpect 2 lisp.mrep.flags.probe 1 "probe bit"
pn=$(pget 1 lisp.nonce)
[ -n "$pn" ] && [ "$(pget 2 lisp.nonce)" = "$pn" ]
report $? "the answer echoes the probe's nonce ($pn)" "got: '$(pget 2 lisp.nonce)'"
pexpect 2 ip.src 198.51.100.1 "from the RLOC probed"

finish
