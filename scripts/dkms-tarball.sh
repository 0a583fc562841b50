#!/bin/bash
# DKMS's own binaries-only tarball of the packaged module, per kernel of
# the matrix: "dkms add" + "dkms build" of the lisp-dkms package's
# /usr/src tree (in the kernel's root: the host's, or the chroot of
# scripts/kernels.sh, whose gcc builds its kernels), then "dkms
# mktarball --binaries-only", in private DKMS trees, into
# build/deb/dkms/KVER/lisp-VERSION.dkms.tar.gz.  A lisp-dkms postinst
# that finds it in /usr/share/lisp-dkms loads it (dkms ldtarball)
# instead of compiling: selftests/pkg_installed.sh uses it, since
# compiling the module inside a TCG guest takes longer than a test may.
# Needs make deb first.
#
#   dkms-tarball.sh [NAME ...]   these kernels (default: every prepared one)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
ver=$("$repo/scripts/version.sh")
deb=$repo/build/deb/lisp-dkms_${ver}_all.deb
[ -f "$deb" ] || { echo "dkms-tarball: no $deb: run make deb first" >&2; exit 1; }
[ $# -gt 0 ] || set -- $("$repo/scripts/kernels.sh" list | awk '$2 != "-" { print $1 }')

t=$(mktemp -d)
cleanup() {
	[ -n "${proc:-}" ] && umount "$proc"
	rm -rf "$t" "${chroot_dir:-/nonexistent}"
}
trap cleanup EXIT
dpkg-deb -x "$deb" "$t/x"
for name in "$@"; do
	read -r kver root <<<"$("$repo/scripts/kernels.sh" list | awk -v n="$name" '$1 == n { print $2, $3 }')"
	[ -n "${kver:-}" ] && [ "$kver" != - ] ||
		{ echo "dkms-tarball: kernel $name is not prepared" >&2; exit 1; }
	run=()
	rel=$t/w
	if [ "$root" != / ]; then
		chroot_dir=$root/var/tmp/lisp-dkms-tarball
		rel=/var/tmp/lisp-dkms-tarball
		run=(chroot "$root")
		if ! mountpoint -q "$root/proc"; then
			mount -t proc proc "$root/proc"
			proc=$root/proc
		fi
	fi
	base=${chroot_dir:-$t/w}
	rm -rf "$base"
	mkdir -p "$base/tree" "$base/install"
	cp -a "$t/x/usr/src" "$base/src"
	o=(--dkmstree "$rel/tree" --sourcetree "$rel/src" --installtree "$rel/install"
		--kernelsourcedir "/lib/modules/$kver/build")
	"${run[@]}" dkms add "${o[@]}" -m lisp -v "$ver" >/dev/null
	"${run[@]}" dkms build "${o[@]}" -m lisp -v "$ver" -k "$kver" >/dev/null ||
		{ tail -n 30 "$base/tree/lisp/$ver/build/make.log" >&2; exit 1; }
	"${run[@]}" dkms mktarball "${o[@]}" -m lisp -v "$ver" -k "$kver" --binaries-only \
		--archive "lisp-$ver.dkms.tar.gz" >/dev/null
	out=$repo/build/deb/dkms/$kver
	mkdir -p "$out"
	cp "$base/tree/lisp/$ver/tarball/lisp-$ver.dkms.tar.gz" "$out/"
	echo "$out/lisp-$ver.dkms.tar.gz ($name)"
	if [ -n "${proc:-}" ]; then
		umount "$proc"
		proc=""
	fi
	rm -rf "$base"
done
