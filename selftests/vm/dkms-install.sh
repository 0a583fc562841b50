#!/bin/bash
# Install lisp.ko the way an operator does, through DKMS (dkms add,
# build, install), for kernel KVER, and put what DKMS installed into the
# guest's module tree TREE (its lib/modules/KVER) at the same place.
#
#   dkms-install.sh KROOT KVER TREE
#
# KROOT is / for the host's kernels, or the chroot scripts/kernels.sh
# made (DKMS and the kernel's gcc run inside it).  DKMS works in private
# trees: the system's /usr/src and DKMS tree are left alone (dkms 3.0
# still runs "depmod -a KVER" on the root's own tree, which only rewrites
# what is there, and may create its signing key in /var/lib/dkms).
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
kroot=${1:?usage: dkms-install.sh KROOT KVER TREE}
kver=${2:?}
tree=${3:?}
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$repo/dkms.conf")

if [ "$kroot" = / ]; then
	base=$(mktemp -d)
	rel=$base
	run=()
	trap 'rm -rf "$base"' EXIT
else
	rel=/var/tmp/lisp-dkms-$kver
	base=$kroot$rel
	run=(chroot "$kroot")
	rm -rf "$base"
	if ! mountpoint -q "$kroot/proc"; then
		mount -t proc proc "$kroot/proc"
		trap 'umount "$kroot/proc"; rm -rf "$base"' EXIT
	else
		trap 'rm -rf "$base"' EXIT
	fi
fi
mkdir -p "$base/tree" "$base/src" "$base/install/$kver" "$base/lisp-$ver"
"$repo/scripts/module-src.sh" "$base/lisp-$ver"
# DKMS installs only into a tree that has the kernel.
ln -s "/lib/modules/$kver/kernel" "$base/install/$kver/kernel"

opts=(--dkmstree "$rel/tree" --sourcetree "$rel/src" --installtree "$rel/install"
	--kernelsourcedir "/lib/modules/$kver/build")
echo "+ dkms add/build/install lisp/$ver for $kver"
"${run[@]}" dkms add "${opts[@]}" "$rel/lisp-$ver"
"${run[@]}" dkms build "${opts[@]}" -m lisp -v "$ver" -k "$kver"
"${run[@]}" dkms install "${opts[@]}" -m lisp -v "$ver" -k "$kver"
"${run[@]}" dkms status "${opts[@]}" -m lisp

found=0
while IFS= read -r f; do
	relpath=${f#"$base/install/$kver/"}
	mkdir -p "$tree/$(dirname "$relpath")"
	cp "$f" "$tree/$relpath"
	echo "installed: $relpath"
	found=1
done < <(find "$base/install/$kver/" -name 'lisp.ko*' -type f)
[ $found = 1 ] || { echo "dkms installed no lisp.ko" >&2; exit 1; }
