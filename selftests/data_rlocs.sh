#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A device table full of distinct RLOCs (issue 13: the RLOC hash grows
# with them): rloc_max entries each with its own RLOC load; one RLOC
# more is refused with the documented message (and ENOSPC), one already
# known is not; reachability set on the last RLOC of the table and on
# one in its middle holds packets back and lets them go again; entries
# deleted or replaced free their RLOCs for new ones; a flush empties the
# table; a device holding them all is deleted.  Prints, not checked, the
# time to load rloc_max entries each with its own RLOC against as many
# sharing one, twice in the same run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

command -v jq >/dev/null || ksft_skip "jq not installed"
topo_setup || { ksft_result 1 "topology"; ksft_finish; }
ip netns exec xtr2 lispd map-cache add dev lisp0 198.51.100.0/25 rloc $RLOC1_4
mc() { ip netns exec xtr1 lispd map-cache "$@"; }
x1() { ip netns exec xtr1 "$@"; }
# The "up" of the first locator of the entry matching an EID.
up() { mc show dev lisp0 "$1" -j | jq -r '.[0].rlocs[0].up'; }
no_rloc() { x1 lispd show stats -j | jq '.devices[0].counters.tx_no_reachable_rloc'; }
ping_ok() { ip netns exec h1 ping -c 2 -i 0.2 -W 2 $EID2_4; }
ping_fails() { ! ip netns exec h1 ping -c 3 -i 0.2 -W 1 $EID2_4; }

n=$(cat /sys/module/lisp/parameters/rloc_max)
check_eq "rloc_max at its default" 65536 "$n"

# Entry i (0 <= i < n - 1): 10.(i / 256).(i % 256).0/24; its RLOC, in
# the distinct batch, i's own (every fourth an IPv6 one), in the shared
# batch the RLOC of entry 0.  The last line, the same in both, maps
# site 2 to xtr2: the n-th distinct RLOC, the last the table got.
gen() {
	awk -v n="$n" -v shared="$1" -v last="$RLOC2_4" 'BEGIN {
		for (i = 0; i < n - 1; i++) {
			j = shared ? 0 : i
			if (j % 4 == 3)
				r = sprintf("2001:db8:f::%x", j)
			else
				r = sprintf("100.%d.%d.%d", 64 + int(j / 65536), int(j / 256) % 256, j % 256)
			printf "10.%d.%d.0/24 rloc %s\n", int(i / 256) % 256, i % 256, r
		}
		printf "198.51.100.128/25 rloc %s\n", last
	}'
}
gen 0 >/tmp/rlocs-distinct.batch
gen 1 >/tmp/rlocs-shared.batch

# load FILE: load it; $secs: the seconds it took (wall clock).
secs=""
load() {
	local t0 t1 rc
	t0=${EPOCHREALTIME/./}
	mc load dev lisp0 "$1" >/dev/null
	rc=$?
	t1=${EPOCHREALTIME/./}
	secs=$(printf '%d.%02d' $(( (t1 - t0) / 1000000 )) $(( (t1 - t0) / 10000 % 100 )))
	return $rc
}

# load_both [WHEN]: flush, load the shared batch, flush, load the
# distinct batch (it stays), and print the time each load took.
load_both() {
	local t_shared
	check "flush" mc flush dev lisp0
	load /tmp/rlocs-shared.batch
	ksft_result $? "$n entries sharing one RLOC${1:+ $1}"
	t_shared=$secs
	check "flush" mc flush dev lisp0
	load /tmp/rlocs-distinct.batch
	ksft_result $? "$n entries, each its own RLOC${1:+ $1}"
	echo "# load $n entries${1:+ $1}: each its own RLOC $secs s, all one RLOC $t_shared s (wall clock)"
}

load_both
check_eq "dump lists $n entries" "$n" "$(mc show dev lisp0 | grep -c '^[0-9a-f]')"
check "packets go through the last RLOC" ping_ok

out=$(mc add dev lisp0 11.0.0.0/24 rloc 100.127.0.1 2>&1)
ksft_result $(($? == 0)) "RLOC $((n + 1)) refused"
check "with the message naming rloc_max" grep -q "too many distinct RLOCs on this device (rloc_max)" <<<"$out"
if command -v strace >/dev/null; then
	check "and ENOSPC" sh -c "ip netns exec xtr1 strace -f -e trace=recvmsg,recvfrom -o /tmp/rlocs.strace lispd map-cache add dev lisp0 11.0.0.0/24 rloc 100.127.0.1; grep -q ENOSPC /tmp/rlocs.strace"
fi
check_fails "the refused entry is absent" mc show dev lisp0 11.0.0.1
check "an RLOC already in the table still fits" mc add dev lisp0 11.0.0.0/24 rloc 100.64.0.5
check "and the entry is there" mc show dev lisp0 11.0.0.1

# Reachability of the last RLOC and of one in the middle of the table.
check "the last RLOC down" x1 lispd rloc dev lisp0 $RLOC2_4 down
check_eq "reported down" false "$(up $EID2_4)"
c0=$(no_rloc)
check "packets do not go" ping_fails
c1=$(no_rloc)
check "counted as tx_no_reachable_rloc" test $((c1 - c0)) -ge 3
check "the last RLOC up" x1 lispd rloc dev lisp0 $RLOC2_4 up
check_eq "reported up" true "$(up $EID2_4)"
check "packets go again" ping_ok
# Entry 40000 (10.156.64.0/24) and its neighbour 40001.
check "RLOC 40000 down" x1 lispd rloc dev lisp0 100.64.156.64 down
check_eq "its entry only reports it down" "false true" "$(up 10.156.64.1) $(up 10.156.65.1)"
check "RLOC 40000 up" x1 lispd rloc dev lisp0 100.64.156.64 up
check_eq "reported up" true "$(up 10.156.64.1)"
out=$(x1 lispd rloc dev lisp0 100.127.0.1 down 2>&1)
ksft_result $(($? == 0)) "an RLOC not in the table: refused"
check "with a reason" grep -q "no map-cache entry or PETR uses this RLOC" <<<"$out"

# Deleting an entry frees its RLOC, and a new one fits; then no more.
check "delete the entry of RLOC 1" mc del dev lisp0 10.0.1.0/24
check "a new RLOC fits" mc add dev lisp0 11.0.1.0/24 rloc 100.127.0.1
check_fails "and the next does not" mc add dev lisp0 11.0.2.0/24 rloc 100.127.0.2
check_fails "RLOC 1 is gone" x1 lispd rloc dev lisp0 100.64.0.1 down
# Entries 1000..2023 replaced by entries of RLOC 0 free 1024 RLOCs
# (768 IPv4, 256 IPv6) for 1024 new entries with new RLOCs.
sed -n '1001,2024p' /tmp/rlocs-distinct.batch | sed 's/ rloc .*/ rloc 100.64.0.0/' >/tmp/rlocs-replace.batch
awk 'BEGIN { for (i = 0; i < 1024; i++)
	printf "11.1.%d.%d/32 rloc 100.126.%d.%d\n", int(i / 256), i % 256, int(i / 256), i % 256 }' >/tmp/rlocs-new.batch
check "replace 1024 entries with entries of a known RLOC" mc load dev lisp0 /tmp/rlocs-replace.batch
check "1024 new RLOCs fit" mc load dev lisp0 /tmp/rlocs-new.batch
check_fails "and one more does not" mc add dev lisp0 11.0.2.0/24 rloc 100.127.0.2
check "packets still go" ping_ok

check "flush" mc flush dev lisp0
check "an empty table takes a new RLOC" mc add dev lisp0 11.0.2.0/24 rloc 100.127.0.2
check_eq "1 entry" 1 "$(mc show dev lisp0 -j | jq length)"
# Both loads again, the first no longer the first of the run.
load_both again
check "packets go" ping_ok
check "delete the device holding $n RLOCs" ip -n xtr1 link del lisp0

ksft_finish
