#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module as an operator installs it: run-vm.sh --dkms put what
# "dkms install" made into this guest's module tree.  modprobe finds that
# file (updates/dkms, not a copy of the build tree's lisp.ko), it is for
# the running kernel and the packaged version, "ip link add ... type lisp"
# autoloads it, and traffic crosses lisp0 both ways.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_topo.sh"
ksft_header

[ "${LISP_MODULE_SOURCE:-}" = dkms ] ||
	{ ksft_result 1 "run by run-vm.sh --dkms (module source is '${LISP_MODULE_SOURCE:-}')"; ksft_finish; }

want_ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$LISP_REPO/dkms.conf")
path=$(modinfo -n lisp 2>&1)
echo "# modinfo -n lisp: $path"
check "modprobe's lisp is the DKMS-installed file (updates/dkms)" \
	grep -q "^/lib/modules/$(uname -r)/updates/dkms/lisp\.ko" <<<"$path"
check_eq "no other lisp.ko in the module tree" 1 \
	"$(find /lib/modules/"$(uname -r)"/ -name 'lisp.ko*' | wc -l)"
check_eq "its version is dkms.conf's" "$want_ver" "$(modinfo -F version lisp)"
check_eq "it is built for the running kernel" "$(uname -r)" \
	"$(modinfo -F vermagic lisp | cut -d' ' -f1)"
rmmod lisp 2>/dev/null
check_fails "not loaded before the first device" test -d /sys/module/lisp

topo_setup iid 3 || { ksft_result 1 "topology (ip link add autoloads lisp.ko)"; ksft_finish; }
check "ip link add ... type lisp loaded the module" test -d /sys/module/lisp
check_eq "the loaded module has the packaged version" "$want_ver" "$(cat /sys/module/lisp/version)"
check "map-cache over IPv4 RLOCs" topo_map 4
check "IPv4 h1 -> h2 through lisp0" ip netns exec h1 ping -c 3 -i 0.2 -W 2 $EID2_4
check "IPv6 h1 -> h2 through lisp0" ip netns exec h1 ping -6 -c 3 -i 0.2 -W 2 $EID2_6
tx=$(ip -n xtr1 -j -s link show lisp0 | jq '.[0].stats64.tx.packets')
rx=$(ip -n xtr2 -j -s link show lisp0 | jq '.[0].stats64.rx.packets')
check "xtr1's lisp0 sent and xtr2's lisp0 received the pings (tx $tx, rx $rx)" \
	test "$tx" -ge 6 -a "$rx" -ge 6
ksft_finish
