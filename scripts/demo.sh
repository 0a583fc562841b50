#!/bin/sh
# make demo: boot the test VM and run demo/vm-demo.sh inside it.
cd "$(dirname "$0")/.." || exit 1
echo "Booting a VM (Debian kernel, qemu) to run the demo; this takes ~20 s."
exec selftests/vm/run-vm.sh -v ../demo/vm-demo.sh
