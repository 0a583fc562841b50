#!/bin/bash
# Stage 2, PID 1 inside the test VM, running on the host's root file
# system: mount the API file systems, then run the job the host wrote to
# /tmp/vm/job (the selftests to run, or an interactive shell), record each
# test's exit code and any kernel warning it caused, and power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /run/netns
hostname lisp-vm
ip link set lo up
sysctl -qw kernel.printk="4 4 1 7"

# shellcheck source=/dev/null
. /tmp/vm/job		# REPO, MODE, TESTS, TEST_TIMEOUT, MODULE_SOURCE, KROOT, LISP_SOAK{,_SECONDS}, LISP_ICOUNT, BENCH_*
out=/tmp/vm/out
mkdir -p "$out"

poweroff_now() {
	sync
	echo o >/proc/sysrq-trigger
	sleep 30
}

export LISP_REPO="$REPO"
export LISP_MODULE_SOURCE="$MODULE_SOURCE"	# build or dkms
export LISP_KROOT="${KROOT:-/}"	# the root the kernel comes from (kernels.sh)
export LISP_SOAK="${LISP_SOAK:-0}"		# 1: long fault tests
export LISP_SOAK_SECONDS="${LISP_SOAK_SECONDS:-}"	# churn length, s
export LISP_ICOUNT="${LISP_ICOUNT:-0}"	# 1: guest time counts instructions (bench)
export IP_LIB_DIR="$REPO/build"	# link_lisp.so for the stock ip(8)
export PATH="$REPO/build:$PATH"

if [ "$MODE" = shell ]; then
	echo "lisp-vm: shell in $REPO/selftests; 'exit' powers the VM off."
	cd "$REPO/selftests" || exit 1
	setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1
	poweroff_now
fi

# Lines that mean the kernel is unhappy, whatever the test printed.
bad_dmesg='BUG:|WARNING:|Oops|refcount_t|KASAN|UBSAN|kmemleak|general protection|Call Trace'

cd "$REPO/selftests" || poweroff_now
: >"$out/results"
for t in $TESTS; do
	log=${t//\//_}
	log=${log//./_}
	dmesg -c >/dev/null
	start=$(date +%s%N)
	timeout -k 5 "$TEST_TIMEOUT" "./$t" >"$out/$log.log" 2>&1
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	# Every test starts from a clean slate: no netns, module unloaded.
	ip -all netns delete 2>/dev/null
	leftover=""
	if [ -d /sys/module/lisp ] && ! rmmod lisp 2>>"$out/$log.log"; then
		leftover="lisp.ko could not be unloaded after the test"
	fi
	dmesg >"$out/$log.dmesg"
	kbad=$(grep -E "$bad_dmesg" "$out/$log.dmesg" | head -n 3 | tr '\n' ' ')
	printf '%s\x1f%s\x1f%s\x1f%s\x1f%s\n' "$t" "$rc" "$ms" "$kbad" "$leftover" >>"$out/results"
done
echo done >"$out/finished"
poweroff_now
