#!/bin/bash
# The VM harness never hangs on a broken accelerator: KVM is used only
# when a probe boots a guest with it (selftests/vm/pick-accel.sh), the
# choice and its reason are printed, LISP_VM_ACCEL overrides, and a guest
# that shows no sign of life fails run-vm.sh at its boot deadline, not at
# the whole run's limit.  A fake qemu that prints nothing and never exits
# stands for the machines whose /dev/kvm exists but cannot run a guest.
cd "$(dirname "$0")/../.." || exit 1
. tests/host/lib/tap.sh

pick=selftests/vm/pick-accel.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/hang"
cat >"$tmp/hang/qemu-system-x86_64" <<'EOF2'
#!/bin/sh
exec sleep 1000
EOF2
chmod +x "$tmp/hang/qemu-system-x86_64"
: >"$tmp/kvm"			# a /dev/kvm that opens
export LISP_VM_ACCEL_CACHE=none
unset LISP_VM_ACCEL

t0=$(date +%s)
out=$(PATH="$tmp/hang:$PATH" LISP_VM_KVM_DEV="$tmp/kvm" LISP_VM_PROBE_TIMEOUT=3 \
	$pick /boot/vmlinuz-x 2>"$tmp/err")
dt=$(( $(date +%s) - t0 ))
report $([ "$out" = tcg ]; echo $?) "a KVM guest that never starts: TCG chosen" "$out"
report $(grep -q 'accelerator tcg (KVM probe: no userspace within 3s' "$tmp/err"; echo $?) \
	"the reason is printed" "$(cat "$tmp/err")"
report $([ $dt -le 12 ]; echo $?) "the probe gave up within its deadline (${dt}s for 3s)"

out=$(LISP_VM_KVM_DEV=/nonexistent/kvm $pick /boot/vmlinuz-x 2>"$tmp/err")
report $([ "$out" = tcg ] && grep -q 'tcg (no /nonexistent/kvm)' "$tmp/err"; echo $?) \
	"no /dev/kvm: TCG, and it says so" "$out $(cat "$tmp/err")"
out=$(PATH="$tmp/hang:$PATH" LISP_VM_ACCEL=kvm $pick /boot/vmlinuz-x 2>"$tmp/err")
report $([ "$out" = kvm ] && grep -q 'LISP_VM_ACCEL=kvm' "$tmp/err"; echo $?) \
	"LISP_VM_ACCEL=kvm is obeyed without a probe" "$out $(cat "$tmp/err")"
LISP_VM_ACCEL=hvf $pick /boot/vmlinuz-x >/dev/null 2>"$tmp/err"
report $([ $? = 2 ] && grep -q 'must be kvm or tcg' "$tmp/err"; echo $?) \
	"a wrong LISP_VM_ACCEL is refused" "$(cat "$tmp/err")"

# The cache: a second probe in the same boot is not run again.
out=$(PATH="$tmp/hang:$PATH" LISP_VM_KVM_DEV="$tmp/kvm" LISP_VM_PROBE_TIMEOUT=2 \
	LISP_VM_ACCEL_CACHE="$tmp/cache" $pick /boot/vmlinuz-x 2>/dev/null)
t0=$(date +%s%N)
out=$(PATH="$tmp/hang:$PATH" LISP_VM_KVM_DEV="$tmp/kvm" LISP_VM_PROBE_TIMEOUT=2 \
	LISP_VM_ACCEL_CACHE="$tmp/cache" $pick /boot/vmlinuz-x 2>"$tmp/err")
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
report $([ "$out" = tcg ] && grep -q 'probed earlier this boot' "$tmp/err" && [ $ms -lt 1500 ]; echo $?) \
	"the verdict is cached for the boot (${ms} ms)" "$(cat "$tmp/err")"

# The probe's guest really reaches userspace: run it with TCG standing in
# for a working KVM, on the Debian kernel the VM tests boot.
vmlinuz=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -n 1)
if [ -n "$vmlinuz" ]; then
	out=$(LISP_VM_KVM_DEV="$tmp/kvm" LISP_VM_PROBE_ACCEL=tcg LISP_VM_PROBE_TIMEOUT=120 \
		$pick "$vmlinuz" 2>"$tmp/err")
	report $([ "$out" = kvm ] && grep -q 'KVM probe reached userspace in' "$tmp/err"; echo $?) \
		"a guest that boots is detected ($(cat "$tmp/err"))" "$out"
else
	report 1 "a guest that boots is detected" "no /boot/vmlinuz-*-amd64 (make deps)"
fi

# run-vm.sh: a guest silent past LISP_VM_BOOT_TIMEOUT fails at once.
if [ -f kmod/lisp.ko ]; then
	t0=$(date +%s)
	out=$(PATH="$tmp/hang:$PATH" LISP_VM_ACCEL=kvm LISP_VM_BOOT_TIMEOUT=4 \
		selftests/vm/run-vm.sh dev_create.sh 2>&1)
	rc=$?
	dt=$(( $(date +%s) - t0 ))
	report $([ $rc != 0 ] && grep -q 'not ok - vm/dev_create.sh: VM did not boot: no sign of life on the console within 4s' <<<"$out"; echo $?) \
		"run-vm.sh: a silent guest fails with the boot deadline's reason" "$out"
	report $([ $dt -le 40 ]; echo $?) "run-vm.sh: ... after ${dt}s, not the run's limit"
else
	report 1 "run-vm.sh boot deadline" "lisp.ko is not built (make)"
fi

# run-vm.sh: a kernel that panics before the guest's stage 1 (here: no
# init where rdinit says) is booted once more, then the tests fail.
if [ -f kmod/lisp.ko ]; then
	out=$(LISP_VM_ACCEL=tcg selftests/vm/run-vm.sh --append rdinit=/nonexistent \
		dev_create.sh 2>&1)
	rc=$?
	report $([ $rc != 0 ] && [ "$(grep -c 'panicked while booting, before stage 1.*booting again' <<<"$out")" = 1 ] &&
		grep -q 'not ok - vm/dev_create.sh: kernel panic' <<<"$out"; echo $?) \
		"run-vm.sh: a panic before stage 1 boots once more, then fails" "$out"
else
	report 1 "run-vm.sh boot retry" "lisp.ko is not built (make)"
fi
finish
