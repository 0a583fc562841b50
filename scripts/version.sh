#!/bin/sh
# Print the version: dkms.conf's PACKAGE_VERSION, the one place it is
# written (lispd --version, the module's MODULE_VERSION, the packages).
sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$(dirname "$0")/../dkms.conf"
