#!/bin/sh
# Print the kernel build tree to build lisp.ko against: the running
# kernel's, or else (a build container, a CI runner) the newest installed
# Debian headers.  Says on stderr when it had to pick.
running=/lib/modules/$(uname -r)/build
if [ -d "$running" ]; then
	echo "$running"
	exit 0
fi
newest=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
if [ -z "$newest" ]; then
	echo "find-kdir: no kernel headers: run 'make deps' or set KDIR=" >&2
	echo /nonexistent-kernel-headers
	exit 1
fi
echo "find-kdir: $(uname -r) has no headers here; building against $newest" >&2
echo "$newest"
