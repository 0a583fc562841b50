#!/bin/bash
# Choose the qemu accelerator for the test VM, and say why.
#
#   pick-accel.sh VMLINUZ     prints "kvm" or "tcg" on stdout, the reason
#                             on stderr as "vm: accelerator ... (why)"
#
# KVM only when a probe proves it: VMLINUZ boots under -accel kvm with a
# tiny initramfs whose init prints a marker and powers off, within
# LISP_VM_PROBE_TIMEOUT seconds (default 20).  Some machines have a
# /dev/kvm on which a guest never starts: qemu prints nothing and runs
# until killed; that machine gets TCG, not a hung test run.
# LISP_VM_ACCEL=kvm|tcg skips the probe.  The verdict is cached for the
# host's boot (build/vm/accel) so that a run of several VMs probes once.
#
# For tests/host/vm_accel.sh only: LISP_VM_KVM_DEV (the device node),
# LISP_VM_PROBE_ACCEL (what the probe passes to -accel) and
# LISP_VM_ACCEL_CACHE (the cache file, "none" for no cache).
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
vmlinuz=${1:?usage: pick-accel.sh VMLINUZ}
probe_timeout=${LISP_VM_PROBE_TIMEOUT:-20}
cache=${LISP_VM_ACCEL_CACHE:-$repo/build/vm/accel}
kvm_dev=${LISP_VM_KVM_DEV:-/dev/kvm}
probe_accel=${LISP_VM_PROBE_ACCEL:-kvm}

say() {
	echo "vm: accelerator $1 ($2)" >&2
	echo "$1"
}

case "${LISP_VM_ACCEL:-}" in
kvm|tcg) say "$LISP_VM_ACCEL" "LISP_VM_ACCEL=$LISP_VM_ACCEL"; exit 0 ;;
"") ;;
*) echo "pick-accel.sh: LISP_VM_ACCEL must be kvm or tcg, not '$LISP_VM_ACCEL'" >&2; exit 2 ;;
esac

[ -e "$kvm_dev" ] || { say tcg "no $kvm_dev"; exit 0; }
[ -r "$kvm_dev" ] && [ -w "$kvm_dev" ] || { say tcg "$kvm_dev is not readable and writable"; exit 0; }

boot_id=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)
if [ "$cache" != none ] && [ -r "$cache" ]; then
	read -r c_boot c_accel c_why <"$cache"
	if [ "$c_boot" = "$boot_id" ] && [ -n "$c_accel" ]; then
		say "$c_accel" "$c_why; probed earlier this boot"
		exit 0
	fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ird/bin" "$work/ird/dev" "$work/ird/proc"
cp /bin/busybox "$work/ird/bin/busybox" 2>/dev/null || {
	say tcg "cannot probe KVM: busybox-static is not installed"; exit 0; }
cat >"$work/ird/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox echo LISP-VM-PROBE-USERSPACE >/dev/console
/bin/busybox poweroff -f
EOF
chmod +x "$work/ird/init"
(cd "$work/ird" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/probe.cpio.gz"

start=$(date +%s%N)
# In a subshell whose own stderr is discarded: a qemu that aborts (as on
# a host whose KVM refuses an MSR) makes the shell print "Aborted", which
# would reach the terminal; qemu's words go to the log and the reason is
# reported below.
(
	timeout -k 5 "$probe_timeout" qemu-system-x86_64 -accel "$probe_accel" -cpu max -smp 1 -m 256 \
		-kernel "$vmlinuz" -initrd "$work/probe.cpio.gz" \
		-append "console=ttyS0 panic=-1 rdinit=/init loglevel=1" \
		-no-reboot -nodefaults -display none -serial "file:$work/console" \
		-monitor none >"$work/qemu.out" 2>&1
	exit $?	# not exec'd, so this shell sees the signal
) 2>/dev/null
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if grep -q LISP-VM-PROBE-USERSPACE "$work/console" 2>/dev/null; then
	accel=kvm
	why="KVM probe reached userspace in $ms ms"
else
	accel=tcg
	flags=$(grep -cwE 'vmx|svm' /proc/cpuinfo)
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		why="KVM probe: no userspace within ${probe_timeout}s"
	else
		why="KVM probe failed: qemu exit $rc: $(head -c 200 "$work/qemu.out" | tr '\n' ' ')"
	fi
	[ "$flags" = 0 ] && why="$why; /proc/cpuinfo has no vmx/svm flag"
fi
# Cache a success or a hang, not a failure that may have other causes.
if [ "$cache" != none ] && { [ $accel = kvm ] || [ $rc = 124 ] || [ $rc = 137 ]; }; then
	mkdir -p "$(dirname "$cache")"
	echo "$boot_id $accel $why" >"$cache"
fi
say "$accel" "$why"
