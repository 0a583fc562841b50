#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TAP counting and printing, the one copy: the VM selftests (lib.sh,
# ksft_*) and the host tests (tests/host/lib/tap.sh, report/skip/finish)
# both source it.
# shellcheck shell=bash

tap_n=0
tap_failed=0

# tap_result STATUS DESCRIPTION [DIRECTIVE]: "ok N - DESCRIPTION" (with
# " # DIRECTIVE", e.g. "SKIP why") when STATUS is 0, else "not ok N - ...".
tap_result() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2${3:+ # $3}"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# tap_plan: the "1..N" line; status 0 when nothing failed.
tap_plan() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
