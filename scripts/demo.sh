#!/bin/sh
# make demo: boot the test VM and run demo/vm-demo.sh inside it.
cd "$(dirname "$0")/.." || exit 1
echo "Booting a VM (Debian kernel, qemu) to run the demo; this takes one to two minutes under TCG."
exec selftests/vm/run-vm.sh -v ../demo/vm-demo.sh
