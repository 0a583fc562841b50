#!/bin/bash
# make deb (packaging/debian, scripts/make-deb.sh) builds lisp-dkms and
# lispd; lintian finds nothing on them but the tags their overrides
# explain (at every level, info and experimental included); their files
# are exactly "make install PREFIX=/usr"'s, at the same paths and modes
# (man pages compressed, Debian's copyright, changelog, README and
# lintian overrides aside); the DKMS package's scripts hand the module
# to DKMS, the unit is enabled on install and systemd-analyze accepts
# the packaged unit.  Last, DKMS's binaries-only tarball of the module
# for Debian 12's kernel (make deb-dkms-tarball).  The packages installed,
# used and purged in the VM: selftests/pkg_installed.sh.
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ver=$(scripts/version.sh)
arch=$(dpkg --print-architecture)

if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh_dkms >/dev/null; then
	skip "make deb" "no dpkg-buildpackage or dh_dkms (make deps)"
	finish
fi
out=$(nice -n 19 make -s deb 2>&1)
report $? "make deb" "$(tail -n 30 <<<"$out")"
dkms_deb=build/deb/lisp-dkms_${ver}_all.deb
lispd_deb=build/deb/lispd_${ver}_${arch}.deb
for d in "$dkms_deb" "$lispd_deb"; do
	[ -f "$d" ]
	report $? "built $d" "$(ls build/deb 2>&1)"
done
[ -f "$dkms_deb" ] && [ -f "$lispd_deb" ] || finish

if command -v lintian >/dev/null; then
	out=$(lintian --pedantic --display-info --display-experimental \
		"$dkms_deb" "$lispd_deb" 2>&1 | grep -vE '^(N:|running with root privileges)')
	[ -z "$out" ]
	report $? "lintian (every level) finds nothing unexplained" "$out"
else
	skip "lintian" "lintian is not installed (make deps)"
fi

# The packages' files against make install's.
out=$(make -s install DESTDIR="$tmp/inst" PREFIX=/usr 2>&1)
report $? "make install DESTDIR=... PREFIX=/usr" "$out"
(cd "$tmp/inst" && find . ! -type d -printf '%M %P\n') | sort -k2 >"$tmp/want"
for d in "$dkms_deb" "$lispd_deb"; do
	dpkg-deb -c "$d"
done | awk '$1 !~ /^d/ { p = $6; sub(/^\.\//, "", p); print $1, p }' |
	sed -E 's#^(.* usr/share/man/.*)\.gz$#\1#' |
	grep -vE ' usr/share/doc/(lispd|lisp-dkms)/(copyright|changelog\.gz|README\.md\.gz)$' |
	grep -vE ' usr/share/lintian/overrides/(lispd|lisp-dkms)$' | sort -k2 >"$tmp/got"
diff=$(diff "$tmp/want" "$tmp/got")
report $? "the packages hold make install's files, paths and modes ($(wc -l <"$tmp/want"))" "$diff"
for f in lispd lisp-dkms; do
	list=$(dpkg-deb -c build/deb/${f}_"$ver"_*.deb)
	grep -q " ./usr/share/doc/$f/copyright$" <<<"$list"
	report $? "$f has its copyright file"
done

# Metadata and maintainer scripts.
dep=$(dpkg-deb -f "$dkms_deb" Depends)
grep -qw dkms <<<"$dep"
report $? "lisp-dkms depends on dkms" "Depends: $dep"
post=$(dpkg-deb -I "$dkms_deb" postinst 2>&1)
grep -q 'DKMS_NAME=lisp$' <<<"$post" && grep -q "DKMS_VERSION=$ver$" <<<"$post" &&
	grep -q 'common.postinst' <<<"$post"
report $? "lisp-dkms's postinst hands lisp/$ver to DKMS" "$post"
pre=$(dpkg-deb -I "$dkms_deb" prerm 2>&1)
grep -q 'dkms remove' <<<"$pre"
report $? "lisp-dkms's prerm removes it from DKMS" "$pre"
dep=$(dpkg-deb -f "$lispd_deb" Depends)
grep -qw libmnl0 <<<"$dep" && grep -qw iproute2 <<<"$dep"
report $? "lispd depends on libmnl0 and iproute2" "Depends: $dep"
post=$(dpkg-deb -I "$lispd_deb" postinst 2>&1)
grep -q "deb-systemd-helper enable 'lispd.service'" <<<"$post"
report $? "lispd's postinst enables lispd.service" "$post"

# The packaged unit.
dpkg-deb -x "$lispd_deb" "$tmp/x"
unit=$(find "$tmp/x" -name lispd.service)
cmp -s "$unit" etc/lispd.service
report $? "the packaged unit is etc/lispd.service" "$(diff etc/lispd.service "$unit")"
if command -v systemd-analyze >/dev/null; then
	sed "s|/usr/sbin/lispd|$tmp/x/usr/sbin/lispd|" "$unit" >"$tmp/lispd.service"
	out=$(MANPATH=$tmp/x/usr/share/man systemd-analyze verify "$tmp/lispd.service" 2>&1)
	report $? "systemd-analyze verify accepts the packaged unit" "$out"
else
	skip "systemd-analyze verify" "no systemd-analyze here"
fi
out=$("$tmp/x/usr/sbin/lispd" --version 2>&1)
[ "$out" = "lispd $ver" ]
report $? "the packaged lispd is version $ver" "$out"

# For selftests/pkg_installed.sh: DKMS's binaries-only tarball of the
# packaged source, compiled here (a TCG guest takes too long), for
# Debian 12's kernel (the other kernels' come with their builds).
out=$(nice -n 19 scripts/dkms-tarball.sh bookworm 2>&1)
report $? "DKMS's binaries-only tarball for bookworm (for the VM's package test)" "$out"
kver=$(scripts/kernels.sh list | awk '$1 == "bookworm" { print $2 }')
tb=build/deb/dkms/$kver/lisp-$ver.dkms.tar.gz
ko=$(tar tzf "$tb" 2>/dev/null | grep -m 1 '/module/lisp\.ko')
[ -n "$ko" ] && tar xzOf "$tb" "$ko" >"$tmp/lisp.ko" &&
	[ "$(modinfo -F version "$tmp/lisp.ko" 2>/dev/null)" = "$ver" ]
report $? "it holds lisp.ko $ver ($ko)" "$(tar tzf "$tb" 2>&1 | head)"

finish
