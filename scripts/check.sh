#!/bin/bash
# make check: every suite, TAP per test, and one closing line
# "N passed, N failed" (", N skipped" when some were skipped).
set -u
cd "$(dirname "$0")/.."
log=build/check.tap
mkdir -p build
: >"$log"

# A suite that dies without reporting a failure still counts as one.
suite() {
	local rc
	echo "# suite: $*"
	"$@" 2>&1 | tee build/suite.tap
	rc=${PIPESTATUS[0]}
	cat build/suite.tap >>"$log"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' build/suite.tap; then
		echo "not ok - $1 exited with status $rc" | tee -a "$log"
	fi
}

suite make -s unit
for t in tests/host/*.sh; do
	[ -x "$t" ] && suite "$t"
done
suite scripts/run-fuzz.sh
suite scripts/lint-kernel.sh
suite scripts/dkms-check.sh
suite selftests/vm/run-vm.sh

awk '
	/^not ok/ { f++; next }
	/^ok/ && /# SKIP/ { s++; next }
	/^ok/ { p++ }
	END {
		printf "1..%d\n", p + f + s
		printf "%d passed, %d failed", p, f
		if (s) printf ", %d skipped", s
		printf "\n"
		exit (f > 0 || p == 0)
	}' "$log"
