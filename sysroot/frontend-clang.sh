#!/bin/sh
# x86_64-motor-elf-clang: the host clang compiling for Motor. It targets
# x86_64-unknown-elf (no Linux macros; __motor__, __unix__ and __ELF__ as
# with gcc) and sees the sysroot's headers, then its own built-in ones
# (-nostdlibinc: never /usr/include). For that target clang links through
# a program named "gcc": -B points it at lib/motor-clang/gcc, which is the
# gcc front end with lld, so both front ends link alike (static, non-PIE,
# the sysroot's crt files and libraries only). MOTOR_HOST_CLANG names
# another clang.
set -eu
self=$(readlink -f "$0")
sysroot=$(dirname "$(dirname "$self")")
exec "${MOTOR_HOST_CLANG:-clang}" --target=x86_64-unknown-elf \
	-B"$sysroot/lib/motor-clang/" -nostdlibinc -isystem "$sysroot/include" \
	-D__motor__ -D__unix__ -D__unix -D__ELF__ -fno-pic -fno-pie "$@"
