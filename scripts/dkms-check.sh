#!/bin/bash
# Prove dkms.conf builds the module: "dkms add" + "dkms build" for every
# kernel of the matrix (scripts/kernels.sh; the trixie kernels inside
# their chroot, with its gcc-14), in private DKMS trees: the system's
# /usr/src and DKMS tree stay untouched (DKMS may create its module
# signing key in /var/lib/dkms, as any DKMS build does).  TAP on stdout.
#
#   dkms-check.sh [NAME ...]     default: every prepared kernel
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$repo/dkms.conf")
failed=0
mounted=()
cleanup() {
	local m
	for m in "${mounted[@]}"; do umount "$m"; done
	for m in "${tmps[@]}"; do rm -rf "$m"; done
}
tmps=()
trap cleanup EXIT

result() {
	if [ "$1" -eq 0 ]; then echo "ok - dkms: $2"; else echo "not ok - dkms: $2"; failed=1; fi
}

# dkms_build NAME KVER KROOT
dkms_build() {
	local name=$1 k=$2 root=$3 base rel run=() out rc ko vm opts
	if [ "$root" = / ]; then
		base=$(mktemp -d)
		rel=$base
	else
		rel=/var/tmp/lisp-dkms-check-$k
		base=$root$rel
		run=(chroot "$root")
		rm -rf "$base"
		if ! mountpoint -q "$root/proc"; then
			mount -t proc proc "$root/proc" && mounted+=("$root/proc")
		fi
	fi
	tmps+=("$base")
	# The source DKMS gets: what Kbuild needs, as a release tarball has it.
	mkdir -p "$base/tree" "$base/src" "$base/install" "$base/lisp-$ver"
	"$repo/scripts/module-src.sh" "$base/lisp-$ver"
	opts=(--dkmstree "$rel/tree" --sourcetree "$rel/src" --installtree "$rel/install"
		--kernelsourcedir "/lib/modules/$k/build")

	out=$("${run[@]}" dkms add "${opts[@]}" "$rel/lisp-$ver" 2>&1)
	rc=$?
	result $rc "add lisp/$ver ($name)"
	[ $rc -ne 0 ] && { sed 's/^/#   /' <<<"$out"; return; }
	out=$("${run[@]}" dkms build "${opts[@]}" -m lisp -v "$ver" -k "$k" 2>&1)
	rc=$?
	result $rc "build lisp/$ver for $k ($name)"
	if [ $rc -ne 0 ]; then
		sed 's/^/#   /' <<<"$out" | tail -n 20
		tail -n 20 "$base/tree/lisp/$ver/build/make.log" 2>/dev/null | sed 's/^/#   /'
		return
	fi
	ko=$(find "$base/tree/lisp/$ver/$k" -name 'lisp.ko*' | head -n 1)
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
	[ "$vm" = "$k" ]
	result $? "built module is for $k (vermagic $vm)"
	[ "$(modinfo -F version "$ko")" = "$ver" ]
	result $? "built module has version $ver"
}

want=("$@")
n=0
while read -r name k root; do
	[ ${#want[@]} -eq 0 ] || [[ " ${want[*]} " == *" $name "* ]] || continue
	if [ "$k" = - ]; then
		echo "not ok - dkms: kernel $name is not prepared (scripts/kernels.sh prepare)"
		failed=1
		continue
	fi
	dkms_build "$name" "$k" "$root"
	n=$((n + 1))
done < <("$repo/scripts/kernels.sh" list)
[ $n -gt 0 ] || { echo "not ok - dkms: no kernel to build for"; exit 1; }
exit $failed
