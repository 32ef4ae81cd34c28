#!/bin/sh
# SYSROOT/lib/motor-clang/gcc: the program x86_64-motor-elf-clang links
# through (clang runs "gcc" for its x86_64-unknown-elf target): the gcc front
# end, with lld as the linker.
set -eu
self=$(readlink -f "$0")
sysroot=$(dirname "$(dirname "$(dirname "$self")")")
exec "$sysroot/bin/x86_64-motor-elf-gcc" -fuse-ld=lld "$@"
