#!/bin/bash
# make install / make uninstall (mk/install.mk) into a staging folder:
#   - PREFIX=/usr (what the packages do) lays out exactly the expected
#     files, with their modes; the unit's ExecStart is the installed
#     lispd and systemd-analyze verify accepts it; the plugin loads from
#     its folder, which is the one the system's ip(8) was built with
#   - the tree in usr/src/lisp-VERSION is what DKMS needs: "dkms add" +
#     "dkms build" of it (private DKMS trees, as scripts/dkms-check.sh)
#     give a lisp.ko of that version for Debian 12's kernel
#   - the default PREFIX (/usr/local) moves what follows PREFIX only
#   - make uninstall, with the same variables, leaves no file behind
# Prints TAP; exit status 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 1

. tests/host/lib/tap.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ver=$(scripts/version.sh)
iplib=$(scripts/ip-lib-dir.sh)
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null)
unitdir=${unitdir:-/lib/systemd/system}

# files DIR: every file and link under DIR, relative, with its mode.
files() {
	(cd "$1" && find . \( -type f -o -type l \) -printf '%m %P\n' | sort -k2)
}

# --- PREFIX=/usr ---
d=$tmp/usr-prefix
out=$(make -s install DESTDIR="$d" PREFIX=/usr 2>&1)
report $? "make install DESTDIR=... PREFIX=/usr" "$out"

{
	echo "755 usr/sbin/lispd"
	echo "644 ${iplib#/}/link_lisp.so"
	echo "644 usr/share/man/man8/lispd.8"
	echo "644 usr/share/man/man5/lispd.conf.5"
	echo "644 usr/share/man/man4/lisp.4"
	echo "644 usr/share/bash-completion/completions/lispd"
	echo "644 usr/share/doc/lispd/examples/lispd.conf.example"
	echo "644 ${unitdir#/}/lispd.service"
	for f in Kbuild dkms.conf uapi/linux/lisp.h; do
		echo "644 usr/src/lisp-$ver/$f"
	done
	# The module's tracked sources, not what a build left beside them.
	if git rev-parse --git-dir >/dev/null 2>&1; then
		git ls-files kmod | grep -E '^kmod/(Kbuild|[^/]*\.[ch])$'
	else
		ls kmod/Kbuild kmod/*.[ch] | grep -v '\.mod\.c$'
	fi | sed "s|^|644 usr/src/lisp-$ver/|"
} | sort -k2 >"$tmp/want"
files "$d" >"$tmp/got"
diff=$(diff "$tmp/want" "$tmp/got")
report $? "the installed files and modes are exactly the expected ones ($(wc -l <"$tmp/want"))" \
	"$diff"

out=$("$d/usr/sbin/lispd" --version 2>&1)
[ "$out" = "lispd $ver" ]
report $? "the installed lispd runs (--version: $ver)" "$out"

unit=$d${unitdir}/lispd.service
grep -qx 'ExecStart=/usr/sbin/lispd run -f /etc/lispd.conf' "$unit"
report $? "the unit starts /usr/sbin/lispd with /etc/lispd.conf" "$(grep Exec "$unit")"
if command -v systemd-analyze >/dev/null; then
	# verify wants ExecStart's file and the Documentation= pages: point
	# it at the staged ones.
	sed "s|/usr/sbin/lispd|$d/usr/sbin/lispd|" "$unit" >"$tmp/lispd.service"
	out=$(MANPATH=$d/usr/share/man systemd-analyze verify "$tmp/lispd.service" 2>&1)
	report $? "systemd-analyze verify accepts the unit" "$out"
else
	skip "systemd-analyze verify accepts the unit" "no systemd-analyze here"
fi

# The folder is a string of the system's ip, i.e. its LIBDIR/ip.
ip=$(command -v ip)
LC_ALL=C tr '\0' '\n' <"$ip" | grep -qxF "$iplib"
report $? "the plugin's folder $iplib is the one $ip was built with"
out=$(IP_LIB_DIR=$d$iplib ip link add name x type lisp help 2>&1)
grep -q '^Usage: \.\.\. lisp .*iid' <<<"$out"
report $? "ip loads the installed link_lisp.so (ip link add type lisp help)" "$out"

# DKMS, from the installed tree only.
kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
kver=${kdir#/usr/src/linux-headers-}
if ! command -v dkms >/dev/null || [ -z "$kdir" ] || [ ! -d "/lib/modules/$kver/build" ]; then
	skip "dkms builds the installed tree" "no dkms or Debian kernel headers (make deps)"
else
	dk=$tmp/dkms
	mkdir -p "$dk/tree" "$dk/src" "$dk/install"
	cp -a "$d/usr/src/lisp-$ver" "$tmp/pristine"
	opts=(--dkmstree "$dk/tree" --sourcetree "$dk/src" --installtree "$dk/install"
		--kernelsourcedir "/lib/modules/$kver/build")
	out=$(dkms add "${opts[@]}" "$d/usr/src/lisp-$ver" 2>&1)
	report $? "dkms add of usr/src/lisp-$ver" "$out"
	out=$(nice -n 19 dkms build "${opts[@]}" -m lisp -v "$ver" -k "$kver" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && out="$out
$(tail -n 20 "$dk/tree/lisp/$ver/build/make.log" 2>/dev/null)"
	report $rc "dkms build lisp/$ver for $kver" "$out"
	ko=$(find "$dk/tree/lisp/$ver/$kver" -name 'lisp.ko*' 2>/dev/null | head -n 1)
	[ -n "$ko" ] && [ "$(modinfo -F version "$ko")" = "$ver" ] &&
		[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kver" ]
	report $? "it made lisp.ko $ver for $kver" "ko: ${ko:-none}"
	diff=$(diff -r "$tmp/pristine" "$d/usr/src/lisp-$ver" 2>&1)
	report $? "the build left the installed source as it was" "$diff"
fi

out=$(make -s uninstall DESTDIR="$d" PREFIX=/usr 2>&1)
report $? "make uninstall DESTDIR=... PREFIX=/usr" "$out"
left=$(files "$d")
[ -z "$left" ]
report $? "make uninstall left no file" "$left"

# --- the default PREFIX ---
d=$tmp/default-prefix
out=$(make -s install DESTDIR="$d" 2>&1)
report $? "make install DESTDIR=... (default PREFIX)" "$out"
sed -E "s#^(... )usr/(sbin|share)/#\1usr/local/\2/#; s#^(... )${unitdir#/}/#\1usr/local/lib/systemd/system/#" \
	"$tmp/want" | sort -k2 >"$tmp/want-local"
files "$d" >"$tmp/got"
diff=$(diff "$tmp/want-local" "$tmp/got")
report $? "PREFIX=/usr/local moves lispd, man pages, docs, completion and unit only" "$diff"
grep -qx 'ExecStart=/usr/local/sbin/lispd run -f /etc/lispd.conf' \
	"$d/usr/local/lib/systemd/system/lispd.service"
report $? "that unit starts /usr/local/sbin/lispd"
make -s uninstall DESTDIR="$d" >/dev/null 2>&1
left=$(files "$d")
[ -z "$left" ]
report $? "make uninstall (default PREFIX) left no file" "$left"

finish
