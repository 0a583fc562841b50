#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo, as a test: demo/vm-demo.sh must get every ping answered,
# print the registrations and the map-caches, fail over within the
# probing bound, and move a VM from site 1 to site 2 with the loss and
# the time to the first reply printed.
. "$(dirname "$0")/lib.sh"
ksft_header
out=$("$(dirname "$0")/../demo/vm-demo.sh" 2>&1)
rc=$?
sed 's/^/# /' <<<"$out"
check_eq "the demo exits 0" 0 $rc
check "it ends with every ping answered" grep -q "All pings answered" <<<"$out"
check_eq "it shows the 4 registrations (10.1.1.0/24 is configured, not registered)" 4 \
	"$(grep -c '^[0-9a-f:.]*/[0-9]* site site[12]' <<<"$out")"
check "xtr1's map-cache shows site 2 mapped" grep -q '^10.2.0.0/24 encap' <<<"$out"
# The failover: the demo exits 1 when the loss passes its bound.
check "the failover prints the pings lost against the bound" \
	grep -q 'lost, about [0-9]* ms without' <<<"$out"
after_cut=$(sed -n '/xtr1 marked 192.0.2.2 down/,$p' <<<"$out")
check "then xtr1 shows 192.0.2.2 down" grep -q '^192\.0\.2\.2 down' <<<"$after_cut"
check "  and 192.0.2.22 up" grep -q '^192\.0\.2\.22 up' <<<"$after_cut"
# The move: the demo exits 1 when no reply came after it.
check "the move prints the pings lost and the time to the first reply" \
	grep -q 'lost; the first reply came [0-9]* ms after' <<<"$out"
after_move=$(sed -n '/learnt from the Map-Server where the VM went/,$p' <<<"$out")
check "then xtr1's moved list has the VM at site 2" \
	grep -q '^10\.9\.0\.10/32 .*192\.0\.2\.2' <<<"$after_move"
pxtr_cache=$(sed -n '/on pxtr)$/,$p' <<<"$after_move")
check "  and the proxy ITR maps it to site 2" \
	grep -q '^ *rloc 192\.0\.2\.2 ' <<<"$(grep -A1 '^10\.9\.0\.10/32 encap' <<<"$pxtr_cache")"
ksft_finish
