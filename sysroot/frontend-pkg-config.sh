#!/bin/sh
# x86_64-motor-elf-pkg-config: pkg-config over the sysroot's .pc files
# only (never the host's); -I and -L paths come out inside the sysroot.
# PKG_CONFIG_PATH, if set, is still searched first, as with any pkg-config.
set -eu
self=$(readlink -f "$0")
sysroot=$(dirname "$(dirname "$self")")
PKG_CONFIG_LIBDIR=$sysroot/lib/pkgconfig:$sysroot/share/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$sysroot
export PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
exec "${MOTOR_HOST_PKG_CONFIG:-pkg-config}" "$@"
