#!/bin/bash
# make deb: the Debian packages lisp-dkms and lispd (packaging/debian/),
# built from a copy of the tree in build/deb/lisp-VERSION, with
# packaging/debian as its debian/, so that the package build and its
# clean never touch the working tree's build/ (VMs, kernels).
# The copy is the files git knows of, tracked or new but not ignored
# (everything but build/ outside a git checkout), as they are in the
# working tree.  The .debs land in build/deb/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
ver=$("$repo/scripts/version.sh")
out=$repo/build/deb
src=$out/lisp-$ver
rm -rf "$out"
mkdir -p "$src"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		cpio -0 -pdm --quiet "$src"
else
	tar -C "$repo" --exclude=./build -cf - . | tar -C "$src" -xf -
fi
mv "$src/packaging/debian" "$src/debian"
cd "$src"
# Binary packages only (no source package to upload), unsigned.
dpkg-buildpackage -b -us -uc
ls -1 "$out"/*.deb
