#!/bin/bash
# make check / make check-kernels: every suite, TAP per test, and one
# closing line "N passed, N failed" (", N skipped" when some were).
#
#   check.sh            make check: everything on Debian 12's 6.1; on the
#                       other kernels of the matrix (scripts/kernels.sh)
#                       the W=1 build, DKMS, and a VM with the module
#                       installed through DKMS running the selftests of
#                       MATRIX_PROGS (selftests/Makefile)
#   check.sh --kernels  make check-kernels: the kernel suites only, but
#                       the full selftest list on every kernel
set -u
cd "$(dirname "$0")/.." || exit 1
mode=check
[ "${1:-}" = --kernels ] && mode=kernels
log=build/check.tap
mkdir -p build
: >"$log"
start=$(date +%s)

# A suite that dies without reporting a failure still counts as one.
suite() {
	local rc t0=$(date +%s)
	echo "# suite: $*"
	"$@" 2>&1 | tee build/suite.tap
	rc=${PIPESTATUS[0]}
	cat build/suite.tap >>"$log"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' build/suite.tap; then
		echo "not ok - $1 exited with status $rc" | tee -a "$log"
	fi
	echo "# suite took $(( $(date +%s) - t0 )) s: $*"
}

if [ $mode = check ]; then
	suite make -s unit
	for t in tests/host/*.sh; do
		[ -x "$t" ] && suite "$t"
	done
	suite scripts/run-fuzz.sh
	suite scripts/lint-kernel.sh
fi

# The kernels: Debian 12's from "make deps", the others in a chroot.
prepare_tap() {
	if scripts/kernels.sh prepare; then
		echo "ok - kernels: matrix prepared: $(scripts/kernels.sh list | awk '{ printf "%s%s %s", NR > 1 ? ", " : "", $1, $2 }')"
	else
		echo "not ok - kernels: cannot prepare the kernel matrix"
	fi
}
suite prepare_tap
kernels=$(scripts/kernels.sh list | awk '$2 != "-" { print $1 }')
for k in $kernels; do
	[ "$k" = bookworm ] && [ $mode = check ] && continue	# lint built it
	suite scripts/kernels.sh build "$k"
done
suite scripts/dkms-check.sh

matrix=$(make -s -C selftests print-matrix-tests)
[ -n "$matrix" ] || echo "not ok - check: selftests/Makefile lists no MATRIX_PROGS" | tee -a "$log"
for k in $kernels; do
	if [ "$k" = bookworm ]; then
		# The full suite on the module of this tree, as "make vm-check".
		suite selftests/vm/run-vm.sh --label vm-bookworm
		suite scripts/kernels.sh vm bookworm --dkms dkms_installed.sh
	elif [ $mode = check ]; then
		suite scripts/kernels.sh vm "$k" --dkms dkms_installed.sh $matrix
	else
		suite scripts/kernels.sh vm "$k"
		suite scripts/kernels.sh vm "$k" --dkms dkms_installed.sh
	fi
done

echo "# $mode took $(( $(date +%s) - start )) s"
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
