#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Data-path events (multicast group "events", lisp(4); issue 12 items 1,
# 3 and 4), provoked with hand-made LISP packets:
#   - none while nobody listens (counted as nothing, built as nothing);
#   - rx-dest-not-eid (dst-check drops), rx-dest-mapped (a local EID a
#     map-cache entry covers: moved away), lsb-mismatch (the L bits
#     disagree with the map-cache entry of the inner source; agreeing
#     bits say nothing; the kernel's locator state does not change),
#     tx-source-not-eid (src-check drops), as "lispd monitor -j" prints
#     them, each once however many packets of its flow came
#     (LISP_EVENT_DEDUP_MS), and the events_sent counter;
#   - the rate limit: of 400 distinct flows at once some are held back,
#     sent + held back = 400, and what was sent is what the monitor saw;
#   - lispd run: with rloc-probing, a mismatch probes the entry's
#     locator at once (probing counters) and the locator stays up; the
#     SMR and dynamic-EID hooks count their events.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header
for c in jq python3; do
	command -v $c >/dev/null || ksft_skip "$c not installed"
done

SEND=/tmp/lisp-events-send.py
MON=/tmp/lisp-events.mon
# send.py RLOC SRC DST LSB COUNT [vary]: COUNT LISP packets to RLOC port
# 4341, an ICMP echo SRC -> DST inside; LSB: locator-status-bits (L
# bit), "-" for none; vary: a new inner source (SRC + i) each packet.
cat >$SEND <<'PY'
import ipaddress, socket, struct, sys
rloc, src, dst, lsb, count = sys.argv[1:6]
vary = len(sys.argv) > 6
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
icmp = struct.pack('!BBHHH', 8, 0, 0, 0x4c49, 1) + b'lisp-evt' * 4
icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
flags = 0x80 if lsb == '-' else 0xc0
lisp = bytes([flags, 0, 0, 1]) + struct.pack('!I', 0 if lsb == '-' else int(lsb, 0))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(count)):
    a = ipaddress.ip_address(src) + (i if vary else 0)
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(icmp), 1, 0, 64, 1, 0,
                     a.packed, socket.inet_aton(dst))
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    s.sendto(lisp + ip + icmp, (rloc, 4341))
PY

# send NS ARGS...: send.py from namespace NS.
send() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 -S $SEND "$@"
}
ctr() {			# ctr NS COUNTER: a device counter of lisp0 in NS
	ip netns exec "$1" lispd show stats -j |
		jq ".devices[] | select(.name == \"lisp0\") | .counters.$2 // 0"
}
# events TYPE: the monitor's lines of that type (JSON, one a line).
events() {
	jq -c --arg t "$1" 'select(.event == $t)' $MON
}
nevents() { events "$1" | wc -l; }

topo_setup || { ksft_result 1 "topology"; ksft_finish; }
topo_map 4
ip -n xtr2 link set lisp0 type lisp dst-check on

# Nobody listens: nothing sent, nothing counted as held back.
send xtr1 $RLOC2_4 $EID1_4 203.0.113.9 - 5
check_eq "no listener: the drop is counted, no event sent or held back" \
	"5 0 0" "$(ctr xtr2 rx_dest_not_eid) $(ctr xtr2 events_sent) $(ctr xtr2 events_ratelimited)"

rm -f $MON /tmp/lisp-events.err
ip netns exec xtr2 lispd monitor -j >$MON 2>/tmp/lisp-events.err &
mon=$!
wait_file /tmp/lisp-events.err listening

# rx-dest-not-eid: 20 packets of one flow, one event.
send xtr1 $RLOC2_4 $EID1_4 203.0.113.9 - 20
sleep 0.3
check_eq "rx-dest-not-eid: 20 packets of a flow, 1 event" 1 "$(nevents rx-dest-not-eid)"
check_eq "rx-dest-not-eid: outer source, inner source and destination" \
	"$RLOC1_4 $EID1_4 203.0.113.9 lisp0" \
	"$(events rx-dest-not-eid | jq -r '"\(.rloc) \(.src) \(.dst) \(.dev)"')"
check_eq "events_sent 1" 1 "$(ctr xtr2 events_sent)"

# rx-dest-mapped: a local EID now mapped elsewhere (it moved away).
ip netns exec xtr2 lispd map-cache add dev lisp0 198.51.100.200/32 rloc $RLOC1_4
send xtr1 $RLOC2_4 $EID1_4 198.51.100.200 - 3
send xtr1 $RLOC2_4 $EID1_4 $EID2_4 - 3
sleep 0.3
check_eq "rx-dest-mapped: for the moved EID only, once" \
	"198.51.100.200" "$(events rx-dest-mapped | jq -r .dst)"

# lsb-mismatch: site 1 with two locators, both up here.
ip netns exec xtr2 lispd map-cache add dev lisp0 198.51.100.0/25 rloc $RLOC1_4 rloc $RLOC1_6
send xtr1 $RLOC2_4 $EID1_4 $EID2_4 0x3 3
sleep 0.3
check_eq "lsb-mismatch: bits that agree (0x3) say nothing" 0 "$(nevents lsb-mismatch)"
send xtr1 $RLOC2_4 198.51.100.11 $EID2_4 0x1 10
sleep 0.3
check_eq "lsb-mismatch: 0x1 received, 0x3 here, once for 10 packets" \
	"1 1 3 $RLOC1_4 198.51.100.11" \
	"$(events lsb-mismatch | jq -r '"\([.] | length) \(.lsb) \(.lsb_kernel) \(.rloc) \(.src)"')"
check_eq "the bits change no locator: both still up" "true true" \
	"$(ip netns exec xtr2 lispd map-cache show dev lisp0 198.51.100.11 -j | jq -r '[.[0].rlocs[].up] | join(" ")')"

# tx-source-not-eid: h2 sends from an address outside site 2's database.
ip netns exec xtr2 sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.site.rp_filter=0
# (xtr2's own ICMP errors to site 1, from 192.0.2.2, are such too.)
ip -n h2 addr add 203.0.113.7/32 dev eth0
d0=$(ctr xtr2 tx_source_not_eid)
ip netns exec h2 ping -c 3 -i 0.2 -W 1 -I 203.0.113.7 $EID1_4 >/dev/null
sleep 0.3
check_eq "tx-source-not-eid: from 203.0.113.7, once for 3 packets dropped" \
	"1 3" "$(events tx-source-not-eid | jq -r 'select(.src == "203.0.113.7") | .dev' | wc -l) $(($(ctr xtr2 tx_source_not_eid) - d0))"

# The rate: 400 flows at once (distinct inner sources).
s0=$(ctr xtr2 events_sent) r0=$(ctr xtr2 events_ratelimited)
n0=$(nevents rx-dest-not-eid)
t0=$(date +%s%N)
send xtr1 $RLOC2_4 10.0.0.1 203.0.113.9 - 400 vary
t1=$(date +%s%N)
sleep 0.5
ds=$(($(ctr xtr2 events_sent) - s0)) dr=$(($(ctr xtr2 events_ratelimited) - r0))
# LISP_EVENT_RATE (100) a second, bursts of as many: the bucket's fill
# and what the time the packets took to send adds.
max=$((100 + 100 * (t1 - t0) / 1000000000 + 1))
echo "# 400 flows in $(((t1 - t0) / 1000000)) ms: $ds events sent (<= $max), $dr held back"
check "rate: some held back, at most a burst and what the time adds sent" \
	test "$dr" -gt 0 -a "$ds" -le $max
check_eq "rate: sent + held back = 400" 400 $((ds + dr))
check_eq "the monitor saw every event sent" "$ds" $(($(nevents rx-dest-not-eid) - n0))
kill $mon
wait $mon 2>/dev/null

# Nobody listens again: nothing more sent.
s0=$(ctr xtr2 events_sent)
send xtr1 $RLOC2_4 10.1.0.1 203.0.113.9 - 50 vary
check_eq "listener gone: no event sent" "$s0" "$(ctr xtr2 events_sent)"

# lispd run (lib_cp.sh): the daemon acts on the events.
for ns in h1 h2 xtr1 xtr2; do ip netns delete $ns; done
. "$(dirname "$0")/lib_cp.sh"
P1=192.0.2.2
cp_setup || { ksft_result 1 "cp topology"; ksft_finish; }
cat >>"$CP_DIR/xtr1.conf" <<-CONF
	rloc-probing interval 30 retries 1 retry-interval 1
	log-level debug
	CONF
# No proxy xTR: it takes no part here, and a lispd less starts faster.
for ns in ms xtr1 xtr2; do
	cp_lispd $ns || { ksft_result 1 "lispd started in $ns"; cp_stop; ksft_finish; }
done
for i in $(seq 100); do
	[ "$(cp_ctl ms show registrations -j 2>/dev/null | jq length)" = 4 ] && break
	sleep 0.1
done
pstat() {		# pstat GROUP KEY: a "show daemon-stats" counter of xtr1
	cp_ctl xtr1 show daemon-stats -j | jq ".$1.$2"
}
rloc() {		# rloc KEY: of 192.0.2.2 in xtr1's "show rlocs"
	cp_ctl xtr1 show rlocs -j |
		jq -r --arg r $P1 "[.rlocs[] | select(.rloc == \$r) | .$1][0] // \"none\""
}
ip netns exec h1 ping -c 2 -W 2 $H2 >/dev/null
for i in $(seq 50); do [ "$(rloc replies)" != none ] && [ "$(rloc replies)" -ge 1 ] && break; sleep 0.2; done
check_eq "xtr1 probes 192.0.2.2 and has its answer" "up" "$(rloc state)"
sleep 1.2		# the last probe is more than retry-interval old
p0=$(pstat rloc_probing probes_sent) h0=$(pstat rloc_probing lsb_hint_probes)
r0=$(rloc probes)
send xtr2 192.0.2.1 $H2 $H1 0x0 5
for i in $(seq 30); do [ "$(pstat rloc_probing lsb_hint_probes)" -gt "$h0" ] && break; sleep 0.1; done
check_eq "lsb-mismatch (0x0 received, 0x1 here): lispd got it" 1 \
	"$(pstat kernel_events lsb_mismatch)"
check_eq "... and probed 192.0.2.2 at once (one probe for 5 packets)" \
	"$((h0 + 1))" "$(pstat rloc_probing lsb_hint_probes)"
check "... a probe went out" test "$(pstat rloc_probing probes_sent)" -gt "$p0"
# (At least one: on a loaded host an answer may come after the retry
# interval, and the retry is a probe too.)
check "... to 192.0.2.2 (its own count grew from $r0)" test "$(rloc probes)" -gt "$r0"
sleep 0.5
check_eq "the bits alone change nothing: 192.0.2.2 up in lispd and the kernel" \
	"up true" "$(rloc state) $(ip netns exec xtr1 lispd map-cache show dev lisp0 $H2 -j | jq -r '.[0].rlocs[0].up')"

# The SMR and dynamic-EID hooks hear of their events.
ip -n xtr1 link set lisp0 type lisp dst-check on
send xtr2 192.0.2.1 $H2 10.9.9.9 - 3
ip netns exec xtr1 sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.site.rp_filter=0
ip -n h1 addr add 10.7.0.10/32 dev eth0
ip netns exec h1 ping -c 2 -i 0.2 -W 1 -I 10.7.0.10 $H2 >/dev/null
sleep 0.3
check_eq "lispd_on_remote_itr_traffic() and lispd_on_unknown_source() called once each" \
	"1 1" "$(pstat kernel_events remote_itr_traffic) $(pstat kernel_events unknown_source)"
check "their debug lines in the log" grep -q "traffic from ITR 192.0.2.2 for 10.9.9.9 (not local)" "$CP_DIR/xtr1.log"
cp_stop
ksft_finish
