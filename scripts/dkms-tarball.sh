#!/bin/bash
# DKMS's own binaries-only tarball of the packaged module
# (build/deb/lisp-VERSION.dkms.tar.gz): "dkms add" + "dkms build" of the
# lisp-dkms package's /usr/src tree for the kernel the VM boots by
# default (the one lisp.ko is built for, scripts/find-kdir.sh), then
# "dkms mktarball --binaries-only", in private DKMS trees.  A lisp-dkms
# postinst that finds it in /usr/share/lisp-dkms loads it (dkms
# ldtarball) instead of compiling: selftests/pkg_installed.sh uses it,
# since compiling the module inside a TCG guest takes longer than a
# test may.  Needs make deb first.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
ver=$("$repo/scripts/version.sh")
deb=$repo/build/deb/lisp-dkms_${ver}_all.deb
[ -f "$deb" ] || { echo "dkms-tarball: no $deb: run make deb first" >&2; exit 1; }
kdir=$("$repo/scripts/find-kdir.sh" 2>/dev/null)
case "$kdir" in
/lib/modules/*/build) k=${kdir#/lib/modules/}; k=${k%/build} ;;
*) k=${kdir#/usr/src/linux-headers-} ;;
esac
[ -d "/lib/modules/$k/build" ] || { echo "dkms-tarball: no /lib/modules/$k/build" >&2; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
dpkg-deb -x "$deb" "$t/x"
mkdir -p "$t/tree" "$t/install"
o=(--dkmstree "$t/tree" --sourcetree "$t/x/usr/src" --installtree "$t/install"
	--kernelsourcedir "/lib/modules/$k/build")
dkms add "${o[@]}" -m lisp -v "$ver" >/dev/null
dkms build "${o[@]}" -m lisp -v "$ver" -k "$k" >/dev/null ||
	{ tail -n 30 "$t/tree/lisp/$ver/build/make.log" >&2; exit 1; }
dkms mktarball "${o[@]}" -m lisp -v "$ver" -k "$k" --binaries-only \
	--archive "lisp-$ver.dkms.tar.gz" >/dev/null
cp "$t/tree/lisp/$ver/tarball/lisp-$ver.dkms.tar.gz" "$repo/build/deb/"
echo "$repo/build/deb/lisp-$ver.dkms.tar.gz ($k)"
