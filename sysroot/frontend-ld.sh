#!/bin/sh
# x86_64-motor-elf-ld: the host ld, searching only the sysroot's libraries
# (-nostdlib drops ld's built-in folders, which are the host's).
set -eu
self=$(readlink -f "$0")
sysroot=$(dirname "$(dirname "$self")")
exec "${MOTOR_HOST_LD:-ld}" --sysroot="$sysroot" -nostdlib -L"$sysroot/lib" "$@"
