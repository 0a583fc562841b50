#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Data-path events (multicast group "events", lisp(4); issue 12 items 1,
# 3 and 4), on the control-plane topology (lib_cp.sh), first provoked
# with hand-made LISP packets before any lispd runs, then acted on by
# lispd:
#   - none while nobody listens (counted as nothing, built as nothing);
#   - rx-dest-not-eid (dst-check drops), rx-dest-mapped (a local EID a
#     more specific map-cache entry covers: moved away, encapsulated
#     again, its source being no EID of xtr2), lsb-mismatch (the L bits
#     disagree with the map-cache entry of the inner source; agreeing
#     bits say nothing; the kernel's locator state does not change),
#     tx-source-not-eid (src-check drops; the interface it came in on),
#     as "lispd monitor -j" prints them, each once however many packets
#     of its flow came (LISP_EVENT_DEDUP_MS), and the events_sent
#     counter;
#   - the rate limit: of 400 distinct flows at once some are held back,
#     sent + held back = 400, and what was sent is what the monitor saw;
#   - lispd run: a mismatch probes the entry's locator at once (probing
#     counters) and the locator stays up; traffic for an EID that is not
#     here gets its ITR an SMR; a packet from a host of a dynamic-eid
#     prefix, with no neighbour entry, detects that host, and one from
#     outside the prefix does not.
# Each wait ends on what it waits for: an event or counter that comes
# after the ones checked (events of one sender come in order).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_cp.sh"
CP_PROXY=0		# no proxy xTR: it takes no part here
ksft_header
for c in jq python3; do
	command -v $c >/dev/null || ksft_skip "$c not installed"
done

SEND=/tmp/lisp-events-send.py
MON=/tmp/lisp-events.mon
# send.py SPEC...: each SPEC "RLOC,SRC,DST,LSB,COUNT[,vary]": COUNT LISP
# packets to RLOC port 4341, an ICMP echo SRC -> DST inside; LSB:
# locator-status-bits (L bit), "-" for none; vary: a new inner source
# (SRC + i) each packet.  Sent in order, from one process.
cat >$SEND <<'PY'
import ipaddress, socket, struct, sys
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
icmp = struct.pack('!BBHHH', 8, 0, 0, 0x4c49, 1) + b'lisp-evt' * 4
icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for spec in sys.argv[1:]:
    f = spec.split(',')
    rloc, src, dst, lsb, count = f[:5]
    vary = len(f) > 5
    flags = 0x80 if lsb == '-' else 0xc0
    lisp = bytes([flags, 0, 0, 1]) + struct.pack('!I', 0 if lsb == '-' else int(lsb, 0))
    for i in range(int(count)):
        a = ipaddress.ip_address(src) + (i if vary else 0)
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(icmp), 1, 0, 64, 1, 0,
                         a.packed, socket.inet_aton(dst))
        ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
        s.sendto(lisp + ip + icmp, (rloc, 4341))
PY

# send NS SPEC...: send.py from namespace NS.
send() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 -S $SEND "$@"
}
# ctr NS COUNTER...: lisp0's counters in NS, on one line (read from the
# text form, "lisp0:" then "  NAME VALUE" lines: no jq to start).
# (A pipe, not "< <(...)": the guest has no /dev/fd.)
ctr() {
	local ns=$1
	shift
	ip netns exec "$ns" lispd show stats | {
		local line dev="" out="" c
		local -A v=()
		while IFS= read -r line; do
			case $line in
			" "*)	[ -n "$dev" ] || continue
				line=${line#"${line%%[! ]*}"}
				v[${line%% *}]=${line##* } ;;
			*)	dev=""; [ "$line" = "lisp0:" ] && dev=1 ;;
			esac
		done
		for c in "$@"; do out="$out ${v[$c]:-0}"; done
		echo "${out# }"
	}
}
# events TYPE: the monitor's lines of that type (JSON, one a line).
events() {
	jq -c --arg t "$1" 'select(.event == $t)' $MON
}
# until_true SECONDS 'SHELL TEXT': evaluate the text every 50 ms until it
# succeeds (quoted, so that what it expands is read each time).
until_true() {
	local end=$(( $(date +%s%N) + $1 * 1000000000 ))
	shift
	until eval "$*"; do
		[ "$(date +%s%N)" -lt $end ] || return 1
		sleep 0.05
	done
}
# seen PATTERN: the monitor printed a line matching PATTERN (grep -E).
seen() { grep -qE "$1" $MON; }
ev_re() { echo "\"event\": *\"$1\".*$2"; }
ctr_ge() { [ "$(ctr "$1" "$2")" -ge "$3" ]; }
tx_packets() {		# tx_packets NS: lisp0's, from the netdev stats
	ip -n "$1" -j -s link show dev lisp0 | jq '.[0].stats64.tx.packets'
}

t_start=$(date +%s%N)
# The test's clock, in its output: where a slow run spent its time.
phase() { echo "# $(( ($(date +%s%N) - t_start) / 1000000 )) ms: $*"; }
P1=192.0.2.1 P2=192.0.2.2
cp_setup || { ksft_result 1 "topology"; ksft_finish; }
phase "topology"
# xtr2's kernel tables by hand while no lispd runs: site 2 a /16 here,
# site 1 with two locators (both up), 10.2.9.9 moved to xtr1 (a relay
# entry, as lispd makes for a move).
ip netns exec xtr2 lispd database add dev lisp0 10.2.0.0/16 rloc $P2
ip netns exec xtr2 lispd map-cache add dev lisp0 10.1.0.0/24 rloc $P1 rloc 192.0.2.11
ip netns exec xtr2 lispd map-cache add dev lisp0 10.2.9.9/32 rloc $P1 relay
ip -n xtr2 link set lisp0 type lisp dst-check on

# Nobody listens: nothing sent, nothing counted as held back.
send xtr1 "$P2,$H1,203.0.113.9,-,5"
until_true 5 'ctr_ge xtr2 rx_dest_not_eid 5'
check_eq "no listener: the drop is counted, no event sent or held back" \
	"5 0 0" "$(ctr xtr2 rx_dest_not_eid events_sent events_ratelimited)"

phase "no listener"
rm -f $MON /tmp/lisp-events.err
ip netns exec xtr2 lispd monitor -j >$MON 2>/tmp/lisp-events.err &
mon=$!
wait_file /tmp/lisp-events.err listening

# One sender, in order: rx-dest-not-eid x20, the moved EID x3, a local
# one x3, bits that agree (0x3) x3, bits that do not (0x1) x10: the last
# event seen, all before it are.
tx0=$(tx_packets xtr2)
send xtr1 "$P2,$H1,203.0.113.9,-,20" "$P2,$H1,10.2.9.9,-,3" \
	"$P2,$H1,$H2,-,3" "$P2,$H1,$H2,0x3,3" "$P2,10.1.0.11,$H2,0x1,10"
until_true 10 'seen "$(ev_re lsb-mismatch)"'
check_eq "rx-dest-not-eid: 20 packets of a flow, 1 event: outer source, inner source and destination" \
	"1 $P1 $H1 203.0.113.9 lisp0" \
	"$(events rx-dest-not-eid | jq -rs '"\(length) \(.[0].rloc) \(.[0].src) \(.[0].dst) \(.[0].dev)"')"
check_eq "rx-dest-mapped: for the moved EID only, once" \
	"10.2.9.9" "$(events rx-dest-mapped | jq -r .dst)"
check "... and encapsulated again to xtr1, though $H1 is no EID of xtr2" \
	test $(( $(tx_packets xtr2) - tx0 )) -ge 3
check_eq "lsb-mismatch: 0x1 received, 0x3 here, once for 10 packets; 0x3 said nothing" \
	"1 1 3 $P1 10.1.0.11" \
	"$(events lsb-mismatch | jq -rs '"\(length) \(.[0].lsb) \(.[0].lsb_kernel) \(.[0].rloc) \(.[0].src)"')"
check_eq "the bits change no locator: both still up" "true true" \
	"$(ip netns exec xtr2 lispd map-cache show dev lisp0 10.1.0.11 -j | jq -r '[.[0].rlocs[].up] | join(" ")')"

# tx-source-not-eid: h2 sends from an address outside site 2's database.
ip netns exec xtr2 sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.site.rp_filter=0
ip -n h2 addr add 203.0.113.7/32 dev eth0
d0=$(ctr xtr2 tx_source_not_eid)
ip netns exec h2 ping -q -c 3 -i 0.05 -W 0.2 -I 203.0.113.7 $H1 >/dev/null
until_true 5 'seen "$(ev_re tx-source-not-eid "203\.0\.113\.7")"'
check_eq "tx-source-not-eid: from 203.0.113.7 in on site, once for 3 packets dropped" \
	"1 site 3" \
	"$(events tx-source-not-eid | jq -rs 'map(select(.src == "203.0.113.7")) | "\(length) \(.[0].iif)"') $(($(ctr xtr2 tx_source_not_eid) - d0))"

phase "each event"
# The rate: 400 flows at once (distinct inner sources).
read -r s0 r0 <<<"$(ctr xtr2 events_sent events_ratelimited)"
n0=$(wc -l <$MON)
t0=$(date +%s%N)
send xtr1 "$P2,10.0.0.1,203.0.113.9,-,400,vary"
t1=$(date +%s%N)
until_true 5 'test "$(ctr xtr2 events_sent events_ratelimited | awk "{ print \$1 + \$2 }")" -ge $((s0 + r0 + 400))'
read -r s1 r1 <<<"$(ctr xtr2 events_sent events_ratelimited)"
ds=$((s1 - s0)) dr=$((r1 - r0))
# LISP_EVENT_RATE (100) a second, bursts of as many: the bucket's fill
# and what the time the packets took to send adds.
max=$((100 + 100 * (t1 - t0) / 1000000000 + 1))
echo "# 400 flows in $(((t1 - t0) / 1000000)) ms: $ds events sent (<= $max), $dr held back"
check "rate: some held back, at most a burst and what the time adds sent" \
	test "$dr" -gt 0 -a "$ds" -le $max
check_eq "rate: sent + held back = 400" 400 $((ds + dr))
until_true 5 'test $(($(wc -l <$MON) - n0)) -ge "$ds"'
check_eq "the monitor saw every event sent" "$ds" $(($(wc -l <$MON) - n0))
kill $mon
wait $mon 2>/dev/null

# Nobody listens again: nothing more sent.
read -r s0 d0 <<<"$(ctr xtr2 events_sent rx_dest_not_eid)"
send xtr1 "$P2,10.1.0.1,203.0.113.9,-,50,vary"
until_true 5 'ctr_ge xtr2 rx_dest_not_eid $((d0 + 50))'
check_eq "listener gone: no event sent" "$s0" "$(ctr xtr2 events_sent)"

phase "rate"
# --- lispd run: the daemons act on the events ---
ip netns exec xtr2 lispd map-cache flush dev lisp0
ip netns exec xtr2 lispd database flush dev lisp0
ip -n xtr2 link set lisp0 type lisp dst-check off
ip -n xtr1 link set lisp0 type lisp dst-check on
cat >>"$CP_DIR/xtr1.conf" <<-CONF
	rloc-probing interval 30 retries 1 retry-interval 1
	dynamic-eid roam prefix 10.7.0.0/24 interface site dev lisp0 rloc $P1
	log-level debug
	CONF
for ns in ms xtr1 xtr2; do
	cp_lispd $ns || { ksft_result 1 "lispd started in $ns"; cp_stop; ksft_finish; }
done
pstat() {		# pstat GROUP KEY...: "show daemon-stats" counters of NS
	local ns=$1 g=$2 q=""
	shift 2
	for k in "$@"; do q="$q \(.$g.$k)"; done
	cp_ctl "$ns" show daemon-stats -j | jq -r "\"${q# }\""
}
rloc() {		# rloc KEY: of 192.0.2.2 in xtr1's "show rlocs"
	cp_ctl xtr1 show rlocs -j |
		jq -r --arg r $P2 "[.rlocs[] | select(.rloc == \$r) | .$1][0] // \"none\""
}
registered() { [ "$(cp_ctl ms show registrations -j 2>/dev/null | jq length)" = 4 ]; }
until_true 10 registered
phase "lispd started, sites registered"
ip netns exec h1 ping -c 1 -W 3 $H2 >/dev/null
rloc_answered() { local n; n=$(rloc replies); [ "$n" != none ] && [ "$n" -ge 1 ]; }
until_true 10 rloc_answered
phase "192.0.2.2 probed"
check_eq "xtr1 probes 192.0.2.2 and has its answer" "up" "$(rloc state)"
probed_at=$(date +%s%N)

# Meanwhile (the lsb hint needs the last probe retry-interval old):
# traffic from xtr2 for 10.9.9.9, no EID of xtr1 (dst-check): an SMR
# to xtr2 for the host.
smr0=$(pstat xtr2 etr smr_received)
send xtr2 "$P1,$H2,10.9.9.9,-,3"
until_true 5 'test "$(pstat xtr2 etr smr_received)" -gt "$smr0"'
check_eq "rx-dest-not-eid at xtr1: one SMR to 192.0.2.2 for 3 packets" \
	"1 1" "$(pstat xtr1 kernel_events remote_itr_traffic smr_sent)"
check_eq "... xtr2 received it" $((smr0 + 1)) "$(pstat xtr2 etr smr_received)"
check "... for 10.9.9.9/32, logged" \
	grep -q "SMR for 10.9.9.9/32 to $P2 port 4342" "$CP_DIR/xtr1.log"

# h1 sends from 10.8.0.10 (outside roam), then 10.7.0.10 (inside) with
# its gateway's MAC kept (as a host that moved keeps it): xtr1 has no
# neighbour entry for either.  The first packet of each is dropped by
# src-check.
ip netns exec xtr1 sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.site.rp_filter=0
ip -n h1 neigh replace 10.1.0.1 dev eth0 nud permanent \
	lladdr "$(ip -n xtr1 -j link show dev site | jq -r '.[0].address')"
ip -n h1 addr add 10.7.0.10/32 dev eth0
ip -n h1 addr add 10.8.0.10/32 dev eth0
ip netns exec h1 ping -q -c 1 -W 0.2 -I 10.8.0.10 $H2 >/dev/null
ip netns exec h1 ping -q -c 1 -W 0.2 -I 10.7.0.10 $H2 >/dev/null
until_true 5 'test "$(pstat xtr1 kernel_events dyneid_detected)" -ge 1'
check_eq "tx-source-not-eid at xtr1: 10.7.0.10 detected as a dynamic EID, once" \
	1 "$(pstat xtr1 kernel_events dyneid_detected)"
check "... 10.8.0.10 (outside roam) heard of, not detected" \
	grep -q "packet from 10.8.0.10, in no database prefix\$" "$CP_DIR/xtr1.log"
check "... 10.7.0.10 in roam on site" \
	grep -q "dynamic-eid roam: host 10.7.0.10 detected on site" "$CP_DIR/xtr1.log"
check_eq "... show dynamic-eids: data_detected 1" 1 \
	"$(cp_ctl xtr1 show dynamic-eids -j | jq '.[0].counters.data_detected')"
check_eq "... its database entry in the kernel" "10.7.0.10/32" \
	"$(ip netns exec xtr1 lispd database show dev lisp0 -j | jq -r '.[] | select(.eid == "10.7.0.10/32") | .eid')"

phase "SMR, dynamic EID"
# lsb-mismatch: 0x0 from xtr2 where xtr1 has 192.0.2.2 up.
while [ $(( $(date +%s%N) - probed_at )) -lt 1200000000 ]; do sleep 0.1; done
read -r p0 h0 <<<"$(pstat xtr1 rloc_probing probes_sent lsb_hint_probes)"
r0=$(rloc probes) a0=$(rloc replies)
send xtr2 "$P1,$H2,$H1,0x0,5"
until_true 5 'test "$(pstat xtr1 rloc_probing lsb_hint_probes)" -gt "$h0"'
check_eq "lsb-mismatch (0x0 received, 0x1 here): lispd got it, probed 192.0.2.2 at once (one probe for 5 packets)" \
	"1 $((h0 + 1))" "$(pstat xtr1 kernel_events lsb_mismatch) $(pstat xtr1 rloc_probing lsb_hint_probes)"
check "... a probe went out" test "$(pstat xtr1 rloc_probing probes_sent)" -gt "$p0"
# (At least one: on a loaded host an answer may come after the retry
# interval, and the retry is a probe too.)
check "... to 192.0.2.2 (its own count grew from $r0)" test "$(rloc probes)" -gt "$r0"
until_true 3 'test "$(rloc replies)" -gt "$a0"'
check_eq "the bits alone change nothing: 192.0.2.2 up in lispd and the kernel" \
	"up true" "$(rloc state) $(ip netns exec xtr1 lispd map-cache show dev lisp0 $H2 -j | jq -r '.[0].rlocs[0].up')"
phase "lsb hint"
cp_stop
ksft_finish
