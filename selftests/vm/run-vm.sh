#!/bin/bash
# Boot a distribution kernel in qemu with the host's root file system, load
# the freshly built lisp.ko inside, and run selftests there (or a shell).
#
#   run-vm.sh [OPTIONS] [TEST ...]      TAP on stdout
#   run-vm.sh [OPTIONS] --shell         interactive
#
#   --kver KVER    the kernel (default: the one lisp.ko was built for)
#   --kroot DIR    where boot/vmlinuz-KVER and lib/modules/KVER are
#                  (default /; scripts/kernels.sh passes its chroot)
#   --ko FILE      the module to install (default: kmod/lisp.ko)
#   --dkms         install the module through DKMS (dkms add, build,
#                  install into the guest's module tree) instead of FILE
#   --label NAME   prefix of the TAP names (default vm)
#   --timeout S    per-test limit (default 600)
#   --soak         the long versions of the fault tests (LISP_SOAK=1 in
#                  the guest; "make soak"); LISP_SOAK_SECONDS=N in the
#                  environment sets the churn test's length (fault_churn.sh)
#   --append ARGS  more kernel command line (e.g. slub_debug=FZP)
#   --icount       one vCPU under TCG with -icount shift=0,sleep=off:
#                  guest time advances by 1 ns per instruction executed
#                  (and jumps over idle), so a rate measured in the guest
#                  is a cost per packet, whatever else the host is doing
#                  (make bench's repeatable mode)
#   -v             print every test's output, not only failed ones'
#
# TEST names are programs in selftests/ (default: TEST_PROGS of its
# Makefile), or paths relative to selftests/.  The accelerator is KVM
# only when a probe boots a guest with it (selftests/vm/pick-accel.sh),
# else TCG; LISP_VM_ACCEL=kvm|tcg overrides.  A guest that prints no
# sign of life within LISP_VM_BOOT_TIMEOUT seconds (default 60 under
# KVM, 300 under TCG on a loaded machine) fails the run at once with
# that reason.  The serial console is logged to
# build/vm/KVER/last/console.log.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
kver=""
kroot=/
ko=""
dkms=0
label=vm
mode=run
verbose=0
test_timeout=${LISP_TEST_TIMEOUT:-600}
boot_timeout=${LISP_VM_BOOT_TIMEOUT:-}
soak=0
append=""
icount=0
tests=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--kroot) kroot=$2; shift 2 ;;
	--ko) ko=$2; shift 2 ;;
	--dkms) dkms=1; shift ;;
	--label) label=$2; shift 2 ;;
	--timeout) test_timeout=$2; shift 2 ;;
	--soak) soak=1; shift ;;
	--append) append=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--shell) mode=shell; shift ;;
	-v|--verbose) verbose=1; shift ;;
	-h|--help) sed -n '2,33s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "run-vm.sh: unknown option $1" >&2; exit 2 ;;
	*) tests+=("$1"); shift ;;
	esac
done

die() { echo "run-vm.sh: $*" >&2; exit 1; }
logname() { local n=${1//\//_}; echo "${n//./_}"; }

[ -n "$ko" ] || ko="$repo/kmod/lisp.ko"
if [ $dkms = 1 ] && [ -n "$kver" ]; then
	ko_kver=$kver		# DKMS builds its own
else
	[ -f "$ko" ] || die "$ko is not built; run make first"
	ko_kver=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
fi
[ -n "$kver" ] || kver=$ko_kver
kroot=${kroot%/}
vmlinuz=$kroot/boot/vmlinuz-$kver
kmods=$kroot/lib/modules/$kver
[ -r "$vmlinuz" ] || die "no $vmlinuz: install linux-image-$kver"
[ -d "$kmods/kernel" ] || die "no $kmods"
kmods=$(realpath "$kmods")
[ "$ko_kver" = "$kver" ] || die "$ko is built for $ko_kver, not $kver (make KDIR=...)"
if [ ${#tests[@]} -eq 0 ] && [ $mode = run ]; then
	read -r -a tests <<<"$(make -s -C "$repo/selftests" print-tests)"
fi
[ $mode = shell ] || [ ${#tests[@]} -gt 0 ] || die "no selftest to run"
for t in "${tests[@]}"; do
	[ -x "$repo/selftests/$t" ] || die "no selftest named $t in selftests/"
done

# Each run has its own directory, so that runs side by side (a helper's
# and a developer's) cannot pull files from under each other; the newest
# run's directory is build/vm/KVER/last.
work="$repo/build/vm/$kver"
mkdir -p "$work"
work=$(mktemp -d "$work/run.XXXXXX") || die "cannot make a run directory"
ln -sfn "${work##*/}" "$repo/build/vm/$kver/last"
scratch="$work/scratch"
mkdir -p "$scratch/out" "$work/initramfs/modules" "$work/initramfs/bin"
# Runs older than a day are gone for good.
find "$repo/build/vm/$kver" -maxdepth 1 -name 'run.*' -mmin +1440 \
	-exec rm -rf {} + 2>/dev/null

# Initramfs: static busybox, the modules that reach the 9p root, stage 1.
ird="$work/initramfs"
cp /bin/busybox "$ird/bin/busybox" || die "busybox-static is not installed"
: >"$ird/modules.order"
for m in virtio_pci 9pnet_virtio 9p; do
	modprobe -d "${kroot:-/}" -S "$kver" --show-depends "$m"
done |
	awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
	while read -r path; do
		name=${path##*/}
		case "$name" in
		*.ko.xz) xz -dc "$path" >"$ird/modules/${name%.xz}"; name=${name%.xz} ;;
		*.ko.zst) zstd -qdc "$path" >"$ird/modules/${name%.zst}"; name=${name%.zst} ;;
		*.ko.gz) gzip -dc "$path" >"$ird/modules/${name%.gz}"; name=${name%.gz} ;;
		*) cp "$path" "$ird/modules/$name" ;;
		esac
		echo "$name" >>"$ird/modules.order"
	done
echo "$kver" >"$ird/kver"
echo "$repo" >"$ird/repo.path"
echo "$kmods" >"$ird/kmods.path"
cp "$repo/selftests/vm/initramfs-init" "$ird/init"
mkdir -p "$ird"/{proc,sys,dev,newroot}
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initramfs.cpio.gz" ||
	die "cannot build the initramfs"

# The guest's /lib/modules/$kver: the kernel's modules plus lisp.ko,
# depmod'd.
md="$scratch/modules/lib/modules/$kver"
mkdir -p "$md"
ln -s "$kmods/kernel" "$md/kernel"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "$kmods/$f" ] && cp "$kmods/$f" "$md/"
done
if [ $dkms = 1 ]; then
	"$repo/selftests/vm/dkms-install.sh" "${kroot:-/}" "$kver" "$md" >"$work/dkms.log" 2>&1 || {
		sed 's/^/#   /' "$work/dkms.log" | tail -n 30
		die "dkms install for $kver failed (log: $work/dkms.log)"
	}
	module_source=dkms
else
	mkdir -p "$md/extra"
	cp "$ko" "$md/extra/"
	module_source=build
fi
depmod -b "$scratch/modules" "$kver" || die "depmod failed"

case ${LISP_SOAK_SECONDS:-} in
*[!0-9]*) die "LISP_SOAK_SECONDS must be a number of seconds, not '$LISP_SOAK_SECONDS'" ;;
esac
cp "$repo/selftests/vm/guest.sh" "$scratch/guest.sh"
cat >"$scratch/job" <<JOB
REPO='$repo'
MODE='$mode'
TESTS='${tests[*]}'
TEST_TIMEOUT='$test_timeout'
MODULE_SOURCE='$module_source'
KROOT='${kroot:-/}'
LISP_SOAK='$soak'
LISP_ICOUNT='$icount'
LISP_SOAK_SECONDS='${LISP_SOAK_SECONDS:-}'
JOB
# The bench's knobs (BENCH_MODES, BENCH_PKTS, ...: bench/*.sh) go along.
while IFS='=' read -r name value; do
	case $value in
	*[!A-Za-z0-9\ ._,-]*) die "$name: only letters, digits, spaces and ._,- please" ;;
	esac
	echo "export $name='$value'" >>"$scratch/job"
done < <(env | grep '^BENCH_[A-Z0-9_]*=')

smp=2 icount_args=()
if [ $icount = 1 ]; then
	# icount needs TCG, and one vCPU keeps the instruction stream (and
	# so guest time) the same from run to run.
	accel=tcg smp=1 icount_args=(-icount shift=0,sleep=off)
	boot_timeout=${boot_timeout:-300}
else
	accel=$("$repo/selftests/vm/pick-accel.sh" "$vmlinuz") || exit 2
	if [ "$accel" = tcg ]; then
		accel=tcg,thread=multi
		boot_timeout=${boot_timeout:-300}
	else
		boot_timeout=${boot_timeout:-60}
	fi
fi
# loglevel=5: the console also gets KERN_DEFAULT lines, the backtraces
# of a soft lockup or an RCU stall, so a hung guest leaves its stacks
# in console.log (the dmesg a test would have saved never comes).
qemu=(qemu-system-x86_64 -accel "$accel" "${icount_args[@]}" -cpu max -smp "$smp" -m 2048
	-kernel "$vmlinuz" -initrd "$work/initramfs.cpio.gz"
	-append "console=ttyS0 panic=-1 rdinit=/init loglevel=5 softlockup_all_cpu_backtrace=1 net.ifnames=0 $append"
	-no-reboot -nodefaults -display none
	-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=scratch,path=$scratch,security_model=none,multidevs=remap"
	-device virtio-9p-pci,fsdev=scratch,mount_tag=scratch
	-fsdev "local,id=repo,path=$repo,security_model=none,readonly=on,multidevs=remap"
	-device virtio-9p-pci,fsdev=repo,mount_tag=lisprepo)

log="$work/console.log"
if [ $mode = shell ]; then
	exec "${qemu[@]}" -serial mon:stdio
fi

# Whole-run limit: every test's own limit plus boot time.  The boot has
# its own, shorter deadline: the guest's stage 1 writes a line to the
# console as soon as it runs.
limit=$(( 120 + (test_timeout + 30) * ${#tests[@]} ))
# A kernel that oopses while booting, before the guest's stage 1 runs
# (so before anything of ours: seen under TCG with several vCPUs, an
# int3 left by the kernel patching its own text), is booted once more,
# and the run says so; its console stays in console.boot1.log.
for attempt in 1 2; do
	: >"$log"
	timeout -k 10 "$limit" "${qemu[@]}" -serial "file:$log" -monitor none &
	qpid=$!
	# timeout(1) gives qemu its own process group: take it down with us.
	trap 'kill $qpid 2>/dev/null' EXIT INT TERM
	boot_failed=""
	waited=0
	while ! grep -q 'lisp-vm: stage 1' "$log" 2>/dev/null; do
		if ! kill -0 $qpid 2>/dev/null; then
			break
		fi
		if [ $waited -ge "$boot_timeout" ]; then
			boot_failed="no sign of life on the console within ${boot_timeout}s (accelerator ${accel%%,*})"
			kill $qpid 2>/dev/null
			break
		fi
		sleep 1
		waited=$((waited + 1))
	done
	wait $qpid
	qrc=$?
	[ $attempt = 1 ] && [ -z "$boot_failed" ] &&
		! grep -q 'lisp-vm: stage 1' "$log" &&
		grep -q 'Kernel panic' "$log" || break
	echo "# $label: $kver panicked while booting, before stage 1 ($(grep -m 1 -o 'RIP: .*' "$log" || echo 'no RIP')): booting again" >&2
	cp "$log" "$work/console.boot1.log"
done
[ -z "$boot_failed" ] && grep -q 'lisp-vm: stage 1' "$log" &&
	echo "# $label: $kver booted (accelerator ${accel%%,*}${icount_args:+, icount}) in about ${waited}s" >&2

results="$scratch/out/results"
n=0 failed=0
declare -A done_tests=()
# Fields are split on US (0x1f), which, unlike a tab, keeps empty ones.
while IFS=$'\x1f' read -r t rc ms kbad leftover; do
	n=$((n + 1))
	done_tests[$t]=1
	why=""
	case "$rc" in
	0) ;;
	4) ;;
	124|137) why="timed out after ${test_timeout}s" ;;
	*) why="exit code $rc" ;;
	esac
	[ -n "$kbad" ] && why="${why:+$why; }kernel log: $kbad"
	[ -n "$leftover" ] && why="${why:+$why; }$leftover"
	if [ -z "$why" ] && [ "$rc" = 4 ]; then
		echo "ok - $label/$t # SKIP $(sed -n 's/^# SKIP //p' "$scratch/out/$(logname "$t").log" | head -n 1)"
	elif [ -z "$why" ]; then
		[ $verbose = 1 ] && cat "$scratch/out/$(logname "$t").log"
		echo "ok - $label/$t (${ms} ms)"
	else
		failed=$((failed + 1))
		echo "not ok - $label/$t: $why"
		sed 's/^/#   /' "$scratch/out/$(logname "$t").log" | tail -n 60
		[ -n "$kbad" ] && sed 's/^/#   dmesg: /' "$scratch/out/$(logname "$t").dmesg" | tail -n 40
	fi
done < <(cat "$results" 2>/dev/null)

# Tests that never reported: the VM died, hung or panicked on the way.
for t in "${tests[@]}"; do
	[ -n "${done_tests[$t]:-}" ] && continue
	n=$((n + 1)); failed=$((failed + 1))
	reason="VM ended before the test reported (qemu exit $qrc)"
	grep -q 'Kernel panic' "$log" 2>/dev/null && reason="kernel panic"
	[ $qrc = 124 ] && reason="VM timed out after ${limit}s"
	[ -n "$boot_failed" ] && reason="VM did not boot: $boot_failed"
	echo "not ok - $label/$t: $reason"
	[ -n "${first_missing:-}" ] || { first_missing=1; tail -n 40 "$log" | sed 's/^/#   console: /'; }
done
[ -f "$scratch/out/finished" ] || [ $failed -gt 0 ] || { echo "not ok - $label: guest did not finish"; failed=1; }
[ $failed -eq 0 ]
