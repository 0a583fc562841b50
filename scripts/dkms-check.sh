#!/bin/bash
# Prove dkms.conf builds the module: "dkms add" + "dkms build" for every
# installed kernel headers tree, in a private DKMS tree (the system's own
# /var/lib/dkms and /usr/src stay untouched).  TAP on stdout.
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$repo/dkms.conf")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
opts=(--dkmstree "$tmp/tree" --sourcetree "$tmp/src" --installtree "$tmp/install")
failed=0

result() {
	if [ "$1" -eq 0 ]; then echo "ok - dkms: $2"; else echo "not ok - dkms: $2"; failed=1; fi
}

# The source DKMS gets: what Kbuild needs, as a release tarball would have it.
src="$tmp/lisp-$ver"
mkdir -p "$src" "$tmp/tree" "$tmp/src" "$tmp/install"
cp -r "$repo/Kbuild" "$repo/dkms.conf" "$repo/kmod" "$repo/uapi" "$src/"
rm -f "$src"/kmod/*.o "$src"/kmod/.*.cmd

out=$(dkms add "${opts[@]}" "$src" 2>&1)
rc=$?
result $rc "add lisp/$ver"
[ $rc -ne 0 ] && printf '#   %s\n' "$out"

kvers=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sed 's|.*/linux-headers-||')
[ -n "$kvers" ] || { echo "not ok - dkms: no kernel headers installed"; exit 1; }
for k in $kvers; do
	out=$(dkms build "${opts[@]}" -m lisp -v "$ver" -k "$k" 2>&1)
	rc=$?
	result $rc "build lisp/$ver for $k"
	if [ $rc -ne 0 ]; then
		printf '#   %s\n' "$out" | tail -n 20
		cat "$tmp/tree/lisp/$ver/build/make.log" 2>/dev/null | tail -n 20 | sed 's/^/#   /'
		continue
	fi
	ko=$(find "$tmp/tree/lisp/$ver/$k" -name 'lisp.ko*' | head -n 1)
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
	[ "$vm" = "$k" ]
	result $? "built module is for $k (vermagic $vm)"
	[ "$(modinfo -F version "$ko")" = "$ver" ]
	result $? "built module has version $ver"
done
exit $failed
