#!/bin/sh
# Install, idempotently, every Debian package the build, tests, demo and
# benchmarks need.  Quick when everything is already there.
set -e
PKGS="
gcc make libc6-dev pkg-config
linux-image-amd64 linux-headers-amd64 linux-source-6.1 kmod dkms sparse
libmnl-dev libssl-dev
qemu-system-x86 busybox-static cpio xz-utils zstd debootstrap
iproute2 iputils-ping ethtool tcpdump tshark iperf3 jq procps socat python3 util-linux
clang libclang-rt-14-dev
dpkg-dev debhelper dh-dkms lintian bash-completion groff-base
"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "deps: missing:$missing; run as root" >&2; exit 1; }
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
