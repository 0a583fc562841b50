#!/bin/sh
# Copy the module's source, as DKMS gets it (Kbuild, dkms.conf, kmod/,
# uapi/, without any build output), into DIR: the files "make install"
# puts in /usr/src/lisp-VERSION (mk/install.mk, install-dkms), so the
# DKMS checks build exactly what is installed and packaged.
#   module-src.sh DIR
set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: module-src.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
make -s -C "$repo" install-dkms DESTDIR= DKMSDIR="$dir"
