#!/bin/sh
# x86_64-motor-elf-gcc (and -cc): the host gcc compiling and linking for
# Motor through the sysroot's specs file (lib/motor-gcc.specs). Static,
# non-PIE executables. The sysroot is wherever this script is (bin/..),
# so a copied or moved sysroot keeps working. MOTOR_HOST_GCC names
# another host gcc.
set -eu
self=$(readlink -f "$0")
sysroot=$(dirname "$(dirname "$self")")
exec "${MOTOR_HOST_GCC:-gcc}" -fno-pie -no-pie -static "$@" \
	--sysroot="$sysroot" -specs="$sysroot/lib/motor-gcc.specs"
