#!/bin/bash
# Cross-check the LISP control-plane codec against Wireshark's dissector:
# build/codec_emit writes one packet per kind of message with the codec's
# serializers, tshark decodes them, and every field is compared with what
# codec_emit.c put in.  Also checked: no malformed packets or expert
# errors, IP/UDP checksums (tshark validation on), and the HMACs of the
# Map-Register / Map-Notify frames recomputed with the openssl CLI.
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
make -s build/codec_emit >"$tmp/build.log" 2>&1
report $? "build codec_emit" "$(tail -n 20 "$tmp/build.log")"
[ "$failed" -eq 0 ] || finish
build/codec_emit "$tmp/codec.pcap" >"$tmp/emit.log" 2>&1
report $? "codec_emit writes a capture" "$(cat "$tmp/emit.log")"
[ "$failed" -eq 0 ] || finish

TS=(tshark -n -r "$tmp/codec.pcap" -o udp.check_checksum:TRUE
	-o ip.check_checksum:TRUE)

FIELDS=(frame.number lisp.type lisp.nonce lisp.records lisp.irc
	lisp.mreq.flags.auth lisp.mreq.flags.mrp lisp.mreq.flags.probe
	lisp.mreq.flags.smr lisp.mreq.flags.pitr lisp.mreq.flags.smri
	lisp.mreq.srceid.afi lisp.mreq.srceid.ipv4 lisp.mreq.srceid_ipv6
	lisp.mreq.itr_rloc_ipv4 lisp.mreq.itr_rloc_ipv6
	lisp.mreq.record.prefix.length lisp.mreq.record.prefix.ipv4
	lisp.mreq.record.prefix.ipv6
	lisp.mrep.flags.probe lisp.mrep.flags.enlr lisp.mrep.flags.sec
	lisp.mreg.flags.pmr lisp.mreg.flags.sec lisp.mreg.flags.xtrid
	lisp.mreg.flags.rtr lisp.mreg.flags.wmn
	lisp.mnot.flags.xtrid lisp.mnot.flags.rtr
	lisp.keyid lisp.authlen lisp.auth lisp.xtrid lisp.siteid
	lisp.msrtr.keyid lisp.msrtr.authlen lisp.msrtr.auth
	lisp.mapping.ttl lisp.mapping.loccnt lisp.mapping.eid.masklen
	lisp.mapping.act lisp.mapping.auth lisp.mapping.ver
	lisp.mapping.eid.ipv4 lisp.mapping.eid.ipv6
	lisp.loc.priority lisp.loc.weight lisp.loc.multicast_priority
	lisp.loc.multicast_weight lisp.loc.flags.local lisp.loc.flags.probe
	lisp.loc.flags.reach lisp.loc.locator
	lisp.lcaf.iid lisp.lcaf.iid.ipv4 lisp.lcaf.iid.ipv6
	lisp.lcaf.afi_list.ipv4 lisp.lcaf.afi_list.ipv6
	lisp.ecm.flags.sec lisp.ecm.flags.ddt
	ip.src ip.dst ipv6.src ipv6.dst ipv6.flow ipv6.hlim ip.ttl
	udp.srcport udp.dstport ip.checksum.status udp.checksum.status
	udp.payload)

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

frames=$("${TS[@]}" -Y lisp 2>/dev/null | wc -l)
[ "$frames" -eq 16 ]
report $? "16 frames dissected as LISP" "got $frames"

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

# 1-5: Map-Requests
expect 1 lisp.type 1 "Map-Request"
expect 1 lisp.nonce 0x1111111111111111 "nonce"
expect 1 lisp.records 1 "one record"
expect 1 lisp.irc 0 "one ITR-RLOC"
expect 1 lisp.mreq.flags.smr 0 "not an SMR"
expect 1 lisp.mreq.srceid.ipv4 198.51.100.10 "source EID"
expect 1 lisp.mreq.itr_rloc_ipv4 192.0.2.1 "ITR-RLOC"
expect 1 lisp.mreq.record.prefix.ipv4 198.51.100.130 "EID-record"
expect 1 lisp.mreq.record.prefix.length 32 "EID-record mask-len"
expect 2 lisp.mreq.flags.smr 1 "SMR bit"
expect 2 lisp.mreq.flags.probe 0 "SMR is no probe"
expect 2 lisp.mreq.record.prefix.ipv4 198.51.100.128 "SMR prefix"
expect 2 lisp.mreq.record.prefix.length 25 "SMR mask-len"
expect 3 lisp.mreq.flags.probe 1 "RLOC-probe bit"
expect 3 lisp.mreq.srceid.afi 0 "probe without source EID"
expect 3 lisp.irc 1 "two ITR-RLOCs"
expect 3 lisp.mreq.itr_rloc_ipv4 192.0.2.1 "IPv4 ITR-RLOC"
expect 3 lisp.mreq.itr_rloc_ipv6 2001:db8::1 "IPv6 ITR-RLOC"
expect 4 lisp.mreq.flags.smri 1 "SMR-invoked bit"
expect 4 lisp.mreq.flags.pitr 1 "PITR bit"
expect 4 lisp.mreq.flags.auth 1 "A bit"
expect 4 lisp.mreq.srceid_ipv6 2001:db8:1::10 "IPv6 source EID"
expect 4 lisp.mreq.record.prefix.ipv6 2001:db8:2:: "IPv6 EID-record"
expect 4 lisp.mreq.record.prefix.length 64 "IPv6 mask-len"
expect 5 lisp.lcaf.iid 1000,1000 "Instance-ID LCAF on both EIDs"
expect 5 lisp.lcaf.iid.ipv4 198.51.100.10,198.51.100.128 "addresses inside"
expect 5 lisp.mreq.record.prefix.length 25 "IID EID-record mask-len"

# 6-8: Map-Replies
expect 6 lisp.type 2 "Map-Reply"
expect 6 lisp.nonce 0x1111111111111111 "nonce"
expect 6 lisp.mapping.ttl 1440 "record TTL"
expect 6 lisp.mapping.loccnt 2 "locator count"
expect 6 lisp.mapping.eid.ipv4 198.51.100.128 "EID prefix"
expect 6 lisp.mapping.eid.masklen 25 "EID mask-len"
expect 6 lisp.mapping.auth 1 "A bit"
expect 6 lisp.mapping.ver 5 "map-version"
expect 6 lisp.loc.locator 192.0.2.2,2001:db8::2 "locators"
expect 6 lisp.loc.priority 1,2 "priorities"
expect 6 lisp.loc.weight 50,50 "weights"
expect 6 lisp.loc.multicast_priority 255,255 "multicast priorities"
expect 6 lisp.loc.multicast_weight 0,0 "multicast weights"
expect 6 lisp.loc.flags.local 1,0 "L bits"
expect 6 lisp.loc.flags.reach 1,1 "R bits"
expect 7 lisp.records 6 "negative reply with six records"
expect 7 lisp.mapping.act 0,1,2,3,4,5 "every ACT code"
expect 7 lisp.mapping.loccnt 0,0,0,0,0,0 "no locators"
expect 7 lisp.mapping.eid.ipv4 \
	10.0.0.0,10.1.0.0,10.2.0.0,10.3.0.0,10.4.0.0,10.5.0.0 "EIDs"
expect 7 lisp.mapping.ttl 15,15,15,15,15,15 "TTLs"
expect 8 lisp.mrep.flags.probe 1 "P bit"
expect 8 lisp.mrep.flags.enlr 1 "E bit"
expect 8 lisp.mrep.flags.sec 1 "S bit"
expect 8 lisp.lcaf.iid 1000 "Instance-ID EID"
expect 8 lisp.lcaf.iid.ipv6 2001:db8:2:: "IPv6 inside the IID"
expect 8 lisp.mapping.eid.masklen 64 "IID EID mask-len"
expect 8 lisp.lcaf.afi_list.ipv4 192.0.2.2 "AFI-List IPv4 RLOC"
expect 8 lisp.lcaf.afi_list.ipv6 2001:db8::2 "AFI-List IPv6 RLOC"
expect 8 lisp.loc.flags.probe 1 "locator p bit"

# 9-12: Map-Register, Map-Notify, Map-Notify-Ack, Map-Register
expect 9 lisp.type 3 "Map-Register"
expect 9 lisp.nonce 0x7777777777777777 "nonce"
expect 9 lisp.mreg.flags.pmr 1 "P bit"
expect 9 lisp.mreg.flags.wmn 1 "M bit"
expect 9 lisp.mreg.flags.xtrid 0 "no I bit"
expect 9 lisp.keyid 0x0001 "RFC 6830 key-id 1 (HMAC-SHA-1-96)"
expect 9 lisp.authlen 20 "20 bytes of auth data"
expect 9 lisp.records 2 "two records"
expect 9 lisp.mapping.eid.ipv4 198.51.100.0 "IPv4 EID"
expect 9 lisp.mapping.eid.ipv6 2001:db8:1:: "IPv6 EID"
expect 9 lisp.mapping.eid.masklen 25,64 "mask-lens"
expect 9 lisp.loc.flags.local 1,1 "L bits"
expect 10 lisp.type 4 "Map-Notify"
expect 10 lisp.nonce 0x7777777777777777 "nonce of the Map-Register"
expect 10 lisp.keyid 0x0001 "key-id 1"
expect 10 lisp.records 2 "two records"
expect 10 lisp.mnot.flags.xtrid 0 "no I bit"
expect 11 lisp.type 5 "Map-Notify-Ack (Wireshark 4.0 stops at the type)"
expect 12 lisp.keyid 0x0002 "key-id 2 (HMAC-SHA-256-128)"
expect 12 lisp.authlen 32 "32 bytes of auth data"
expect 12 lisp.mreg.flags.xtrid 1 "I bit"
expect 12 lisp.mreg.flags.rtr 1 "R bit"
expect 12 lisp.mreg.flags.wmn 1 "M bit"
expect 12 lisp.xtrid abababababababababababababababab "xTR-ID"
expect 12 lisp.siteid 000000000000002a "site-ID"
expect 12 lisp.lcaf.iid.ipv4 198.51.100.128 "Instance-ID EID"

# 13-14: Encapsulated Control Messages
expect 13 lisp.type 8,1 "ECM around a Map-Request"
expect 13 lisp.ecm.flags.sec 0 "no S bit"
expect 13 ip.src 192.0.2.1,198.51.100.10 "outer and inner IPv4 sources"
expect 13 ip.dst 192.0.2.100,198.51.100.130 "outer and inner destinations"
expect 13 ip.ttl 64,255 "inner TTL"
expect 13 udp.srcport 4342,61000 "inner source port"
expect 13 udp.dstport 4342,4342 "inner destination port"
expect 13 lisp.nonce 0x9999999999999999 "inner nonce"
expect 13 lisp.mreq.record.prefix.ipv4 198.51.100.130 "inner EID-record"
expect 14 lisp.type 8,1 "ECM with IPv6 inside"
expect 14 lisp.ecm.flags.sec 1 "S bit"
expect 14 lisp.ecm.flags.ddt 1 "D bit"
expect 14 ipv6.src 2001:db8:1::10 "inner IPv6 source"
expect 14 ipv6.dst 2001:db8:2::10 "inner IPv6 destination"
expect 14 ipv6.flow 0x012345 "flow label"
expect 14 ipv6.hlim 64 "hop limit"
expect 14 lisp.mreq.record.prefix.ipv6 2001:db8:2::10 "inner EID-record"
expect 14 lisp.mreq.record.prefix.length 128 "inner mask-len"

# 15-16: Map-Request with a Map-Reply record, Map-Notify with I and R
expect 15 lisp.mreq.flags.mrp 1 "M bit"
expect 15 lisp.mapping.eid.ipv4 198.51.100.0 "Map-Reply record EID"
expect 15 lisp.loc.locator 192.0.2.1 "Map-Reply record locator"
expect 16 lisp.mnot.flags.xtrid 1 "Map-Notify I bit"
expect 16 lisp.mnot.flags.rtr 1 "Map-Notify R bit"
expect 16 lisp.xtrid cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd "xTR-ID"
expect 16 lisp.siteid 0000000000000007 "site-ID"
expect 16 lisp.msrtr.keyid 0x0001 "MS-RTR key-id"
expect 16 lisp.msrtr.authlen 20 "MS-RTR auth length"
expect 16 lisp.msrtr.auth efefefefefefefefefefefefefefefefefefefef "MS-RTR auth data"

# The HMACs, recomputed by openssl over the payload with the field zeroed.
hmac_check() {		# hmac_check FRAME DIGEST
	local payload auth len zeroed mac
	payload=$(get "$1" udp.payload)
	auth=$(get "$1" lisp.auth)
	len=$(get "$1" lisp.authlen)
	zeroed=${payload:0:32}$(printf "%0$((len * 2))d" 0)
	zeroed+=${payload:$((32 + len * 2))}
	mac=$(printf '%s' "$zeroed" | xxd -r -p |
		openssl dgst "-$2" -hmac password -r | cut -d' ' -f1)
	[ -n "$auth" ] && [ "$mac" = "$auth" ]
	report $? "frame $1: $2 HMAC matches openssl's" \
		"tshark: $auth, openssl: $mac"
}
hmac_check 9 sha1
hmac_check 10 sha1
hmac_check 12 sha256
hmac_check 16 sha1

finish
