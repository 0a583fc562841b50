#!/bin/sh
# Copy the module's source, as a release tarball or DKMS has it (Kbuild,
# dkms.conf, kmod/, uapi/), into DIR, without any build output.
#   module-src.sh DIR
set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: module-src.sh DIR}
mkdir -p "$dir"
cp -r "$repo/Kbuild" "$repo/dkms.conf" "$repo/kmod" "$repo/uapi" "$dir/"
find "$dir" \( -name '*.o' -o -name '.*.cmd' -o -name '*.ko' -o -name '*.mod*' \) -delete
