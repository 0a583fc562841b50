#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages as an operator uses them (make deb builds them in
# build/deb before the VM boots; tests/host/deb_build.sh does, in make
# check).  The guest's root is the host's,
# read-only, so the packages go into an overlay of it (a tmpfs upper
# layer) entered with chroot: the "router".  There:
#   - dpkg -i lisp-dkms and lispd: the package's postinst has DKMS
#     install lisp.ko for the running kernel, modprobe loads that file
#     (updates/dkms).  Compiling it in a TCG guest takes longer than a
#     test may (over 25 minutes on a loaded 2-core host), so when
#     build/deb/dkms/KVER/lisp-VERSION.dkms.tar.gz (make deb-dkms-tarball: DKMS's
#     binaries-only tarball, compiled through DKMS on the host from the
#     package's source) is there for this kernel, it is put where the
#     postinst looks for one (/usr/share/lisp-dkms, dkms ldtarball) and
#     DKMS installs that build; without it, DKMS compiles in the guest.
#   - the systemd unit, simulated (the VM has no systemd): its
#     ExecStartPre and ExecStart lines run in netns xtr1 with the
#     README's /etc/lispd.conf, whose "device add" has lispd make lisp0
#     (no ip link command); the system's ip finds the packaged plugin
#     (no IP_LIB_DIR) and shows it
#   - traffic: h1 behind xtr1 pings h2 behind xtr2, resolved through a
#     Map-Server/Map-Resolver (ms); "lispd show map-cache" shows it
#   - stop: lisp0 stays (on-stop keep); then dpkg --purge of both: no
#     file of theirs is left, DKMS has forgotten the module; only the
#     operator's file (the config) stays, as dpkg leaves it.
# On every kernel of the matrix: the router is the root the kernel comes
# from (Debian 12's: the host's; the others: Debian 13's chroot of
# scripts/kernels.sh, with iproute2 and libmnl0 for the lispd package).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_cp.sh"
ksft_header

repo=${LISP_REPO:-$(cd "$(dirname "$0")/.." && pwd)}
ver=$("$repo/scripts/version.sh")
k=$(uname -r)
dkms_deb=$(ls "$repo"/build/deb/lisp-dkms_"$ver"_all.deb 2>/dev/null)
lispd_deb=$(ls "$repo"/build/deb/lispd_"$ver"_*.deb 2>/dev/null)
[ -n "$dkms_deb" ] && [ -n "$lispd_deb" ] ||
	{ ksft_result 1 "build/deb has lisp-dkms and lispd $ver (run make deb first)"; ksft_finish; }
# The router's system: the root the kernel comes from (the host's for
# Debian 12's kernel, the chroot of scripts/kernels.sh for the others),
# with that kernel's headers, as on a machine running it.
lower=${LISP_KROOT:-/}
[ -d "$lower/usr/src/linux-headers-$k" ] ||
	{ ksft_result 1 "the headers of $k are in the router's root $lower"; ksft_finish; }

base=/tmp/lisp-pkg
R=$base/root		# the router's root
U=$base/upper		# what it wrote
CP_DIR=$base/cp		# the other daemons (the tree's lispd)
mounted=()
daemon=""
cleanup() {
	local i
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null
	cp_stop 2>/dev/null
	wait 2>/dev/null
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}"
	done
	ksft_cleanup
}
trap cleanup EXIT

rm -rf "$base"
mkdir -p "$U" "$base/work" "$R" "$CP_DIR"
# The overlay's lower layer is on the 9p root: the tmpfs mounts on the
# guest's /tmp, /run, /lib/modules ... are not part of it, so the router
# sees its root's own /lib/modules and kernel headers.
mount -t overlay overlay -o "lowerdir=$lower,upperdir=$U,workdir=$base/work" "$R" ||
	{ ksft_result 1 "overlay of / (the router's root)"; ksft_finish; }
mounted+=("$R")
mount -t proc proc "$R/proc" && mounted+=("$R/proc")
mount --bind /sys "$R/sys" && mounted+=("$R/sys")
mount --bind /dev "$R/dev" && mounted+=("$R/dev")
# What udev would have made: bash's <(...) (dkms uses it) needs /dev/fd.
for l in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 stderr:/proc/self/fd/2; do
	[ -e "/dev/${l%%:*}" ] || ln -sfn "${l#*:}" "/dev/${l%%:*}"
done
mount --bind /run "$R/run" && mounted+=("$R/run")	# lispd.sock
mount -t tmpfs tmpfs "$R/tmp" && mounted+=("$R/tmp")
# The router's modules: the kernel's networking ones (kernel/net, where
# lisp.ko's dependencies are), alone in a tmpfs.  DKMS runs depmod -a
# over the whole tree at install and at removal: over the ~4000 modules
# of a Debian kernel that takes over three minutes a run in a TCG guest,
# over these ~500 seconds.  What DKMS and modprobe do is the same.
km=$R/lib/modules/$k
# A router has the headers of the kernel it runs: the chroot's other
# kernels' (the matrix's) are hidden, so that DKMS builds for this one
# only.  (trixie's DKMS 3.2 cannot load a binaries-only tarball of two
# kernels: "kernel_arch_to_load: readonly variable".)
for d in "$R"/lib/modules/*/build; do
	o=${d%/build}
	o=${o##*/}
	[ "$o" = "$k" ] || rm -f "$d" "$R/lib/modules/$o/source"
done
if mount -t tmpfs tmpfs "$km/kernel"; then
	mounted+=("$km/kernel")
	mkdir -p "$km/kernel/net"
	# Bound, not copied (the copy took 25 s of a loaded TCG guest):
	# depmod and modprobe only read it.
	mount --bind "$lower/lib/modules/$k/kernel/net" "$km/kernel/net" &&
		mounted+=("$km/kernel/net")
fi
check "the router's module tree: the kernel's networking modules" \
	test -n "$(find "$km/kernel/net" -name 'udp_tunnel.ko*')"
ksft_result 0 "the router: an overlay of $lower ($(. "$R/etc/os-release" && echo "$PRETTY_NAME")), entered with chroot"

# inroot CMD...: CMD on the router, as systemd would run it (no
# IP_LIB_DIR: the system's ip must find the plugin itself).
inroot() {
	chroot "$R" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

tb=$repo/build/deb/dkms/$k/lisp-$ver.dkms.tar.gz
if [ -f "$tb" ] && tar tzf "$tb" | grep -q "dkms_main_tree/$k/.*/lisp\.ko"; then
	mkdir -p "$R/usr/share/lisp-dkms"
	cp "$tb" "$R/usr/share/lisp-dkms/"
	prebuilt=/usr/share/lisp-dkms/${tb##*/}
	echo "# lisp.ko: DKMS's build from the host ($prebuilt), installed by DKMS here"
else
	prebuilt=""
	echo "# lisp.ko: DKMS compiles it in this guest (no $tb for $k)"
fi

# dpkg's output as it comes, timed, so that a slow step shows in the log.
stamp() { while IFS= read -r l; do printf '# %(%T)T %s: %s\n' -1 "$1" "$l"; done; }
# man-db's index is rebuilt on every package with man pages: minutes in
# a TCG guest, and nothing to do with these packages.  Its trigger looks
# at /var/lib/man-db/auto-update, not at debconf (whose answer only
# reaches that file when man-db is configured): the router has none.
mandb_flag=/var/lib/man-db/auto-update
rm -f "$R$mandb_flag"
# The packages as the operator downloaded them: in the router's /tmp (the
# tree may be out of its sight, a CI clone under /tmp say).
mkdir -p "$R/tmp/pkg"
cp "$dkms_deb" "$lispd_deb" "$R/tmp/pkg/"
inroot dpkg -i "/tmp/pkg/${dkms_deb##*/}" "/tmp/pkg/${lispd_deb##*/}" 2>&1 | stamp dpkg
rc=${PIPESTATUS[0]}
ksft_result "$rc" "dpkg -i lisp-dkms lispd"
[ "$rc" -eq 0 ] || ksft_finish

check "dpkg has both installed" inroot dpkg-query -W -f='${Status}\n' lisp-dkms lispd
st=$(inroot dkms status lisp 2>&1)
echo "# dkms status: $st"
check "DKMS installed lisp/$ver for $k" grep -q "lisp/$ver, $k, .*: installed" <<<"$st"
ko=$R/lib/modules/$k/updates/dkms/lisp.ko
check "lisp.ko is in updates/dkms of the router's module tree" test -f "$ko"
check_eq "its version is dkms.conf's" "$ver" "$(modinfo -F version "$ko" 2>&1)"
check_eq "lispd --version says the same" "lispd $ver" "$(inroot lispd --version 2>&1)"
check "the man pages are installed" test -f "$R/usr/share/man/man5/lispd.conf.5.gz" -a \
	-f "$R/usr/share/man/man8/lispd.8.gz" -a -f "$R/usr/share/man/man4/lisp.4.gz"
check "the bash completion is installed" test -f "$R/usr/share/bash-completion/completions/lispd"

# The unit and the operator's files, from the README.
unit=$R/lib/systemd/system/lispd.service
check "the unit is installed and enabled" \
	test -f "$unit" -a -L "$R/etc/systemd/system/multi-user.target.wants/lispd.service"
readme_block() {	# readme_block N: the Nth fenced block after the marker
	awk -v n="$1" '
		/<!-- selftests\/pkg_installed.sh/ { on = 1; next }
		on && /^```/ { if (inb) { inb = 0; if (++c == n) exit; next } inb = 1; next }
		on && inb && c == n - 1 { print }' "$repo/README.md"
}
readme_block 1 >"$R/etc/lispd.conf"
check "the README's lispd.conf was found" grep -q '^itr dev lisp0' "$R/etc/lispd.conf"
check "  with a device add line for lisp0" grep -q '^device add lisp0 ' "$R/etc/lispd.conf"

# The network: ms and xtr2 run the tree's lispd (lib_cp.sh); xtr1 is
# the router.
netns_q core ms xtr1 xtr2 h1 h2
ipq core link add br0 type bridge
ipq core link set br0 up
cp_link_q ms $MS
for i in 1 2; do
	cp_link_q xtr$i 192.0.2.$i
	cp_host_q h$i xtr$i 10.$i.0.10/24 fd00:$i::10/64 10.$i.0.1 fd00:$i::1
done
ipq_run || { ksft_result 1 "the network (netns, links, addresses)"; ksft_finish; }
for i in 1 2; do
	ip netns exec xtr$i sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
done

# systemctl start lispd, by hand: the unit's ExecStartPre lines, then
# ExecStart, in xtr1.  No lisp device exists yet, so the guest's own
# lisp.ko (if loaded) goes.
rmmod lisp 2>/dev/null
mp=$(inroot modprobe -n -v lisp 2>&1)
check "the router's modprobe would load updates/dkms/lisp.ko ($mp)" \
	grep -q "/lib/modules/$k/updates/dkms/lisp\.ko" <<<"$mp"
unit_lines() {		# unit_lines KEY: the unit's lines
	sed -n "s/^$1=//p" "$unit"
}
ok=0
while IFS= read -r line; do
	cmd=${line#-}
	out=$(ip netns exec xtr1 chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin sh -c "$cmd" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && [ "$cmd" = "$line" ]; then
		echo "# ExecStartPre=$line: rc $rc: $out"
		ok=1
	fi
done < <(unit_lines ExecStartPre)
ksft_result $ok "the unit's ExecStartPre= ran"
# The loaded module is that file, not the guest's build-tree copy: the
# GNU build-id the kernel reports is the file's.
id=$(readelf -n "$ko" 2>/dev/null | sed -n 's/.*Build ID: *//p')
note=$(od -An -tx1 -v /sys/module/lisp/notes/.note.gnu.build-id 2>/dev/null | tr -d ' \n')
echo "# build-id: file $id, loaded module's note $note"
check "the loaded lisp module is the DKMS-built file (build-id)" \
	test -n "$id" -a -n "$note" -a -z "${note##*"$id"}"

# xtr2 and the Map-Server, now that the module is the router's (a lisp
# device made before would have loaded the guest's own copy).
ipq xtr2 link add lisp0 type lisp local 192.0.2.2
ipq xtr2 link set lisp0 up
ipq xtr2 route add 10.0.0.0/8 dev lisp0
ipq xtr2 route add fd00::/8 dev lisp0
ipq_run
cp_write_confs		# ms.conf and xtr2.conf as the control-plane tests have them
sed -i '/^petr /d' "$CP_DIR/xtr2.conf"	# no proxy ETR here
check "Map-Server/Map-Resolver (ms) starts" cp_lispd ms
check "xtr2 starts" cp_lispd xtr2

start=$(unit_lines ExecStart)
check_eq "ExecStart is the packaged lispd with /etc/lispd.conf" \
	"/usr/sbin/lispd run -f /etc/lispd.conf" "$start"
ip netns exec xtr1 chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	sh -c "exec $start" >"$base/xtr1.log" 2>&1 &
daemon=$!
for ((i = 1; i <= 100; i++)); do
	[ -S /run/lispd.sock ] && break
	nap 0.1
done
check "lispd started from the unit (control socket /run/lispd.sock)" test -S /run/lispd.sock
sed 's/^/# xtr1: /' "$base/xtr1.log"
check "lispd made lisp0 from /etc/lispd.conf (no ip link)" ip -n xtr1 link show lisp0 up
details=$(ip netns exec xtr1 chroot "$R" env -i PATH=/sbin:/bin ip -d link show lisp0 2>&1)
echo "$details" | sed 's/^/# /'
check "the system's ip shows lisp0's attributes through the packaged plugin" \
	grep -q 'lisp.*local 192.0.2.1' <<<"$details"
check "  and routed the other sites into it" ip -n xtr1 route show 10.0.0.0/8 dev lisp0

regs=0
for ((i = 1; i <= 150; i++)); do
	regs=$(cp_ctl ms show registrations -j 2>/dev/null | jq length)
	[ "$regs" = 4 ] && break
	nap 0.2
done
check_eq "the Map-Server has both sites' registrations (xtr1's from the unit)" 4 "$regs"

# What each side saw, when the traffic does not pass.
dump() {
	local ns
	for ns in xtr1 xtr2; do
		echo "# --- $ns"
		ip -n $ns -s link show lisp0 2>&1 | sed 's/^/#   /'
		ip netns exec $ns env LISPD_SOCK="$([ $ns = xtr1 ] && echo /run/lispd.sock || echo "$CP_DIR/$ns.sock")" \
			lispd show stats 2>&1 | grep -vE ' 0$' | sed 's/^/#   /'
		ip netns exec $ns lispd map-cache show dev lisp0 2>&1 | sed 's/^/#   /'
	done
	for f in "$base/xtr1.log" "$CP_DIR/ms.log" "$CP_DIR/xtr2.log"; do
		echo "# --- $f"
		tail -n 20 "$f" | sed 's/^/#   /'
	done
}
failed_before=$tap_failed
ip netns exec h1 ping -c 1 -W 5 10.2.0.10 >/dev/null 2>&1	# resolves both ways
check "h1 -> h2 (IPv4) through the packaged xTR" \
	ip netns exec h1 ping -c 3 -i 0.5 -W 5 10.2.0.10
ip netns exec h1 ping -6 -c 1 -W 5 fd00:2::10 >/dev/null 2>&1
check "h1 -> h2 (IPv6) through the packaged xTR" \
	ip netns exec h1 ping -6 -c 3 -i 0.5 -W 5 fd00:2::10
[ "$tap_failed" = "$failed_before" ] || dump
mc=$(ip netns exec xtr1 chroot "$R" env -i PATH=/usr/sbin:/sbin:/bin lispd show map-cache 2>&1)
echo "$mc" | sed 's/^/# map-cache: /'
check "lispd show map-cache (the README's last step) has site 2" grep -q '10\.2\.0\.0/24' <<<"$mc"

# systemctl stop lispd: SIGTERM.
kill "$daemon"
wait "$daemon"
check_eq "lispd exits 0 on SIGTERM" 0 $?
daemon=""
check "lisp0 stays after the stop (on-stop keep, the default)" ip -n xtr1 link show lisp0
ip -n xtr1 link del lisp0

# Installed files, for after the purge.
inroot dpkg -L lisp-dkms lispd | sort -u >"$base/files"
inroot dpkg --purge lispd lisp-dkms 2>&1 | stamp purge
rc=${PIPESTATUS[0]}
ksft_result $rc "dpkg --purge lispd lisp-dkms"
check_fails "dpkg knows neither package" inroot dpkg-query -W lispd lisp-dkms
check_eq "DKMS has no lisp" "" "$(inroot dkms status lisp 2>&1)"
left=""
while IFS= read -r f; do
	[ -e "$R$f" ] && [ ! -d "$R$f" ] && left="$left $f"
done <"$base/files"
check_eq "no file of the packages is left" "" "$left"
check_fails "no lisp.ko in the router's module tree" \
	sh -c "find '$R/lib/modules/$k' -name 'lisp.ko*' | grep -q ."
check_fails "no /usr/src/lisp-$ver" test -e "$R/usr/src/lisp-$ver"
# Everything the router wrote that is still there, but dpkg's database,
# caches and logs, depmod's indexes (rewritten by DKMS at install and
# remove), the operator's file, and what this test did: the tarball it
# put in, man-db's flag it took away.
rest=$(cd "$U" && find . ! -type d | sed 's|^\./|/|' | grep -vE \
	'^/var/(lib/dpkg|cache|log)/|^(/usr)?/lib/modules/[^/]+/modules\.[a-z.]+$|^(/usr)?/lib/modules/[^/]+/(build|source)$|^/etc/lispd\.conf$' |
	grep -vxF -e "${prebuilt:-/nonexistent}" -e "$mandb_flag")
echo "$rest" | sed 's/^/# left: /'
check_eq "the purge leaves nothing else behind" "" "$rest"

ksft_finish
