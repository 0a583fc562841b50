#!/bin/bash
# The kernel matrix: the Debian kernels lisp.ko is built and tested on.
#
#   kernels.sh prepare         install them (idempotent; quick when done)
#   kernels.sh list            NAME KVER KROOT, one line per kernel (KVER
#                              is "-" while the kernel is not prepared)
#   kernels.sh build NAME      build lisp.ko for NAME with W=1 (TAP line);
#                              the module lands in build/kernels/KVER/
#   kernels.sh vm NAME [ARGS]  selftests/vm/run-vm.sh on NAME's kernel
#
# NAME is one of:
#   bookworm          Debian 12's kernel (6.1), installed on the host by
#                     "make deps"; its headers build with the host's gcc
#   trixie            Debian 13's kernel (6.12)
#   trixie-backports  the newest kernel Debian ships as a release
#                     (trixie-backports; sid and experimental lag it or
#                     carry release candidates)
# The two trixie kernels live in one debootstrap chroot of trixie under
# build/kernels/trixie-root, which also brings trixie's gcc-14 for their
# headers and DKMS.  The VM boots them from there.
#
# Adding a kernel: a line in "matrix" below (a new suite other than
# trixie's also needs its root made like prepare_trixie_root does),
# "kernels.sh prepare NAME", "kernels.sh build NAME", an entry in
# kmod/compat.h for each break, "make check-kernels" (README, "Kernels").
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
kroot_trixie="$repo/build/kernels/trixie-root"
# The matrix: NAME, Debian suite, root ("/" = the host's).
matrix="
bookworm bookworm /
trixie trixie $kroot_trixie
trixie-backports trixie-backports $kroot_trixie
"
names=$(awk 'NF { printf "%s ", $1 }' <<<"$matrix")
# The snapshot mirrors these machines use serve Release files past
# their Valid-Until date.
apt_opts=(-o Acquire::Check-Valid-Until=false -o APT::Install-Recommends=false
	-o Dpkg::Use-Pty=0 -q)

die() { echo "kernels.sh: $*" >&2; exit 1; }

# The suite a kernel comes from, and the root it is installed in.
kernel_suite() {
	local line
	line=$(awk -v n="$1" '$1 == n { print $2, $3 }' <<<"$matrix")
	[ -n "$line" ] || die "unknown kernel '$1' (one of: $names)"
	echo "$line"
}

# The Debian mirror the host's apt uses: packages come from the
# registry as this machine is set up, never from a host named here.
host_mirror() {
	local uri
	uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources |
		awk '{ print $2 }' | grep -v -- '-security' | grep '/debian/\?$' | head -n 1)
	[ -n "$uri" ] || uri=$(grep -hsE '^deb ' /etc/apt/sources.list |
		awk '{ print $2 }' | grep -v -- '-security' | grep '/debian/\?$' | head -n 1)
	[ -n "$uri" ] || die "no Debian mirror in /etc/apt/sources.list{,.d}"
	echo "${uri%/}"
}

in_root() {
	local root=$1
	shift
	if [ "$root" = / ]; then
		"$@"
	else
		chroot "$root" "$@"
	fi
}

# /proc in the chroot while this script runs: objtool (7.x) and dkms
# read it.  Unmounted on exit, so that "rm -rf build" never meets it.
mount_proc() {
	[ "$1" = / ] && return 0
	mountpoint -q "$1/proc" && return 0
	mount -t proc proc "$1/proc" || die "cannot mount /proc in $1"
	trap "umount '$1/proc'" EXIT
}

# The versioned image a suite's linux-image-amd64 depends on, e.g.
# linux-image-6.12.117+deb13-amd64.
resolve_image() {
	local root=$1 suite=$2
	in_root "$root" apt-cache "${apt_opts[@]}" show "linux-image-amd64/$suite" 2>/dev/null |
		sed -n 's/^Depends: //p' | tr ',' '\n' | sed 's/^ *//; s/ .*//' |
		grep '^linux-image-[0-9]' | head -n 1
}

# The KVER of a prepared kernel ("" if it is not prepared).
kver_of() {
	local suite root
	read -r suite root <<<"$(kernel_suite "$1")"
	if [ "$root" = / ]; then
		ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sed 's|.*/linux-headers-||' |
			grep -- '-amd64$' | sort -V | tail -n 1
	else
		cat "$root/.lisp-kernel-$1" 2>/dev/null
	fi
}

prepare_trixie_root() {
	local root=$kroot_trixie mirror
	[ -f "$root/.lisp-root-ready" ] && return 0
	command -v debootstrap >/dev/null || die "debootstrap is not installed (make deps)"
	mirror=$(host_mirror) || exit 1
	echo "kernels: debootstrap trixie into $root"
	if mountpoint -q "$root/proc"; then
		umount "$root/proc" || die "cannot unmount $root/proc"
	fi
	rm -rf --one-file-system "$root"
	mkdir -p "$(dirname "$root")"
	debootstrap --variant=minbase trixie "$root" "$mirror" >"$root.log" 2>&1 ||
		{ tail -n 20 "$root.log" >&2; die "debootstrap trixie failed (log: $root.log)"; }
	cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror trixie main
deb $mirror trixie-backports main
EOF
	rm -f "$root/etc/apt/sources.list.d/"*
	in_root "$root" apt-get "${apt_opts[@]}" update >>"$root.log" 2>&1 ||
		die "apt-get update in the trixie root failed (log: $root.log)"
	DEBIAN_FRONTEND=noninteractive in_root "$root" apt-get "${apt_opts[@]}" install -y \
		make gcc perl kmod dkms xz-utils zstd >>"$root.log" 2>&1 ||
		die "installing the toolchain in the trixie root failed (log: $root.log)"
	touch "$root/.lisp-root-ready"
}

# Image and headers of one trixie-root kernel, installed as Debian
# installs them (modules, depmod) but without an initramfs: the VM brings
# its own (INITRD=No, honoured by the initramfs-tools kernel hook).
prepare_chroot_kernel() {
	local name=$1 suite root pkg kver
	read -r suite root <<<"$(kernel_suite "$name")"
	[ -n "$(kver_of "$name")" ] && return 0
	prepare_trixie_root
	pkg=$(resolve_image "$root" "$suite")
	[ -n "$pkg" ] || die "no linux-image-amd64 in $suite"
	kver=${pkg#linux-image-}
	echo "kernels: $name is $kver"
	INITRD=No DEBIAN_FRONTEND=noninteractive in_root "$root" apt-get "${apt_opts[@]}" \
		install -y -t "$suite" "$pkg" "linux-headers-$kver" >>"$root.log" 2>&1 ||
		die "installing $pkg and its headers failed (log: $root.log)"
	[ -r "$root/boot/vmlinuz-$kver" ] || die "$pkg has no /boot/vmlinuz-$kver"
	[ -f "$root/lib/modules/$kver/modules.dep" ] || die "$pkg: no depmod'd modules"
	echo "$kver" >"$root/.lisp-kernel-$name"
}

# What the lispd package depends on, so that the package test
# (selftests/pkg_installed.sh) can install it in this root: a Debian 13
# router running these kernels.
prepare_router_packages() {
	local root=$kroot_trixie
	in_root "$root" dpkg-query -W libmnl0 iproute2 >/dev/null 2>&1 && return 0
	DEBIAN_FRONTEND=noninteractive in_root "$root" apt-get "${apt_opts[@]}" install -y \
		libmnl0 iproute2 >>"$root.log" 2>&1 ||
		die "installing libmnl0 and iproute2 in the trixie root failed (log: $root.log)"
}

cmd_prepare() {
	local n
	[ $# -gt 0 ] || set -- $names
	for n in "$@"; do
		kernel_suite "$n" >/dev/null
		case "$n" in
		bookworm) [ -n "$(kver_of bookworm)" ] || die "no Debian 12 headers: run make deps" ;;
		*) prepare_chroot_kernel "$n" && prepare_router_packages ;;
		esac
	done
}

cmd_list() {
	local n suite root
	for n in $names; do
		read -r suite root <<<"$(kernel_suite "$n")"
		echo "$n $(kver_of "$n" | grep . || echo -) $root"
	done
}

# W=1 build in a copy of the sources, so that kernels do not share
# object files, from the top as DKMS builds; TAP on stdout.
cmd_build() {
	local name=${1:?usage: kernels.sh build NAME} suite root kver out rel src warn rc
	kernel_suite "$name" >/dev/null
	read -r suite root <<<"$(kernel_suite "$name")"
	kver=$(kver_of "$name")
	[ -n "$kver" ] || die "$name is not prepared: kernels.sh prepare $name"
	out="$repo/build/kernels/$kver"
	if [ "$root" = / ]; then
		src="$out/src"
		rel=$src
	else
		rel=/var/tmp/lisp-build/$kver
		src="$root$rel"
	fi
	rm -rf "$src" "$out/lisp.ko"
	mkdir -p "$src" "$out"
	"$repo/scripts/module-src.sh" "$src"
	mount_proc "$root"
	log=$(in_root "$root" make -C "/usr/src/linux-headers-$kver" M="$rel" W=1 modules 2>&1)
	rc=$?
	warn=$(grep -E 'warning:|error:' <<<"$log")
	if [ $rc -eq 0 ] && [ -z "$warn" ] && cp "$src/kmod/lisp.ko" "$out/lisp.ko"; then
		echo "ok - kernel $name $kver: lisp.ko builds with W=1 and no warnings"
	else
		echo "not ok - kernel $name $kver: lisp.ko builds with W=1 and no warnings"
		{ [ -n "$warn" ] && echo "$warn"; tail -n 15 <<<"$log"; } | sed 's/^/#   /' | head -n 40
		return 1
	fi
}

cmd_vm() {
	local name=${1:?usage: kernels.sh vm NAME [run-vm.sh args]} suite root kver ko
	shift
	kernel_suite "$name" >/dev/null
	read -r suite root <<<"$(kernel_suite "$name")"
	kver=$(kver_of "$name")
	[ -n "$kver" ] || die "$name is not prepared: kernels.sh prepare $name"
	ko="$repo/build/kernels/$kver/lisp.ko"
	[ "$root" = / ] && [ ! -f "$ko" ] && ko="$repo/kmod/lisp.ko"
	exec "$repo/selftests/vm/run-vm.sh" --kver "$kver" --kroot "$root" --ko "$ko" \
		--label "$name" "$@"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
prepare) cmd_prepare "$@" ;;
list) cmd_list ;;
build) cmd_build "$@" ;;
vm) cmd_vm "$@" ;;
-h|--help|"") sed -n '2,28s/^# \{0,1\}//p' "$0" ;;
*) die "unknown command '$cmd'" ;;
esac
