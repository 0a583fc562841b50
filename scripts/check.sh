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
start=$(date +%s)

# A suite that dies without reporting a failure still counts as one.
# Each lane (below) has its own $tap_dir.
tap_dir=build/check-main
suite() {
	local rc t0=$(date +%s)
	echo "# suite: $*"
	"$@" 2>&1 | tee "$tap_dir/suite.tap"
	rc=${PIPESTATUS[0]}
	cat "$tap_dir/suite.tap" >>"$tap_dir/all.tap"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$tap_dir/suite.tap"; then
		echo "not ok - $1 exited with status $rc" | tee -a "$tap_dir/all.tap"
	fi
	echo "# suite took $(( $(date +%s) - t0 )) s: $*" | tee -a "$tap_dir/times"
}
rm -rf build/check-main build/check-lane1 build/check-lane2
mkdir -p build/check-main build/check-lane1 build/check-lane2

# The kernels: Debian 12's from "make deps", the others in a chroot.
prepare_tap() {
	if scripts/kernels.sh prepare; then
		echo "ok - kernels: matrix prepared: $(scripts/kernels.sh list | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')"
	else
		echo "not ok - kernels: cannot prepare the kernel matrix"
	fi
}

# The kernels' preparation (downloads, a Debian 13 root, dpkg) mostly
# waits on the network and the disk: it runs while the host suites do,
# and lane 2 picks up its result (prepare_wait).
prepare_out=build/check-lane2/prepare.out
(prepare_tap >"$prepare_out" 2>&1; : >"$prepare_out.done") &
prepare_wait() {
	while [ ! -f "$prepare_out.done" ]; do sleep 2; done
	cat "$prepare_out"
}

if [ $mode = check ]; then
	suite make -s -j"$(nproc)" unit
	for t in tests/host/*.sh; do
		if [ -x "$t" ]; then
			suite "$t"
		else	# a test nobody can run must not pass by silence
			echo "not ok - $t is not executable" | tee -a "$tap_dir/all.tap"
		fi
	done
	suite scripts/run-fuzz.sh
	suite scripts/lint-kernel.sh
fi

deb_tap() {
	local out
	if out=$(make -s deb 2>&1); then
		echo "ok - make deb (for pkg_installed.sh)"
	else
		echo "not ok - make deb (for pkg_installed.sh)"
		tail -n 20 <<<"$out" | sed 's/^/#   /'
	fi
}
dkms_tarball_tap() {
	local out
	if out=$(scripts/dkms-tarball.sh "$1" 2>&1); then
		echo "ok - kernel $1: DKMS's binaries-only tarball of the packaged module"
	else
		echo "not ok - kernel $1: DKMS's binaries-only tarball of the packaged module"
		tail -n 20 <<<"$out" | sed 's/^/#   /'
	fi
}

# The VM work is two lanes.  By default they run one after the other:
# two TCG guests side by side on a two-core machine make timing tests
# (data_miss.sh) flaky and stretch slow ones past their limit.  With
# LISP_CHECK_LANES=2 (machines with cores to spare) they run side by
# side, a TCG guest keeping about one host core busy, and each lane's
# output is printed whole when both are done.  Lane 1: the suite on
# Debian 12's kernel, then the VM of the last kernel of the matrix.
# Lane 2: the kernels' preparation, builds and DKMS (lane 1 waits for
# them before its second VM), the other kernels' VMs (Debian 12's with
# the fault tests in make check).
all_tests=$(make -s -C selftests print-tests)
fault_set=" $(make -s -C selftests print-fault-tests) hardening.sh "
core_tests="" faults=""
for t in $all_tests; do
	case "$fault_set" in
	*" $t "*) faults="$faults $t" ;;
	*) core_tests="$core_tests $t" ;;
	esac
done
matrix=$(make -s -C selftests print-matrix-tests)

ready=build/check-lane2/kernels-ready
# kernel_vms NAME...: the VMs of these kernels of the matrix.
kernel_vms() {
	local k
	for k in "$@"; do
		if [ "$k" = bookworm ]; then
			# In make check the fault tests share the DKMS VM: one
			# boot fewer.
			# shellcheck disable=SC2086
			suite scripts/kernels.sh vm bookworm --dkms dkms_installed.sh \
				pkg_installed.sh $([ $mode = check ] && echo $faults)
		elif [ $mode = check ]; then
			# shellcheck disable=SC2086
			suite scripts/kernels.sh vm "$k" --dkms dkms_installed.sh \
				pkg_installed.sh $matrix
		else
			suite scripts/kernels.sh vm "$k"
			suite scripts/kernels.sh vm "$k" --dkms dkms_installed.sh pkg_installed.sh
		fi
	done
}

lane1() {
	local last
	tap_dir=build/check-lane1
	if [ $mode = check ]; then
		# shellcheck disable=SC2086
		suite selftests/vm/run-vm.sh --label vm-bookworm $core_tests
	else
		suite selftests/vm/run-vm.sh --label vm-bookworm
	fi
	while [ ! -f $ready ]; do sleep 5; done
	last=$(awk 'END { print $1 }' $ready)
	[ -n "$last" ] && kernel_vms "$last"
}

lane2() {
	local k kernels last
	tap_dir=build/check-lane2
	# Lane 1 must not wait for a lane that died.
	trap '[ -f $ready ] || : >$ready' EXIT
	suite prepare_wait
	kernels=$(scripts/kernels.sh list | awk '$2 != "-" { print $1 }')
	for k in $kernels; do
		[ "$k" = bookworm ] && [ $mode = check ] && continue	# lint built it
		suite scripts/kernels.sh build "$k"
	done
	# The packages for pkg_installed.sh (make check's host tests made
	# them, and bookworm's DKMS tarball), and DKMS's binaries-only
	# tarball of the module for each kernel.
	[ $mode = kernels ] && suite deb_tap
	for k in $kernels; do
		[ "$k" = bookworm ] && [ $mode = check ] && continue
		suite dkms_tarball_tap "$k"
	done
	suite scripts/dkms-check.sh
	# Lane 1 takes the last kernel (of more than one) once it is built.
	last=$(echo $kernels | awk '{ if (NF > 1) print $NF }')
	echo "$last" >$ready
	[ -n "$matrix" ] || echo "not ok - check: selftests/Makefile lists no MATRIX_PROGS" |
		tee -a "$tap_dir/all.tap"
	for k in $kernels; do
		[ "$k" = "$last" ] || kernel_vms "$k"
	done
}

if [ "${LISP_CHECK_LANES:-1}" -ge 2 ]; then
	echo "# VM lanes started side by side (output when both are done)"
	lane1 >build/check-lane1/out 2>&1 &
	pid1=$!
	lane2 >build/check-lane2/out 2>&1 &
	pid2=$!
	wait $pid1 $pid2
	for l in 1 2; do
		echo "# lane $l:"
		cat build/check-lane$l/out
	done
else
	# Lane 2 first: lane 1's last VM needs the kernels it prepares.
	lane2
	lane1
fi
cat build/check-main/all.tap build/check-lane1/all.tap build/check-lane2/all.tap \
	>"$log" 2>/dev/null

# Where the time went, at the end where a truncated log still shows it:
# the suites, and the slowest tests (their "(N ms)").
echo "# suites by time:"
cat build/check-*/times 2>/dev/null | sort -t' ' -k4,4nr | sed 's/^# suite took/#  /' | cut -c1-100
echo "# slowest tests:"
sed -n 's/^ok - \(.*\) (\([0-9]*\) ms)$/\2 \1/p' "$log" | sort -nr | head -n 12 |
	awk '{ printf "#   %4d s %s\n", $1 / 1000, $2 }'
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
