#!/bin/sh
# x86_64-motor-elf-clang: the host clang compiling for Motor. It targets
# x86_64-unknown-elf (no Linux macros; __motor__, __unix__ and __ELF__ as
# with gcc), sees the sysroot's headers and then its own built-in ones
# (-nostdlibinc: never /usr/include), and links with lld the way the gcc
# front end does: static, non-PIE, the sysroot's crt files and libraries
# only. MOTOR_HOST_CLANG names another clang.
set -eu
self=$(readlink -f "$0")
sysroot=$(dirname "$(dirname "$self")")
lib=$sysroot/lib

# Compile-only runs (and queries like --version) get no link arguments.
link=yes
inputs=no
for a in "$@"; do
	case $a in
	-c | -S | -E | -M | -MM | -fsyntax-only | --version | -dumpversion | \
	-dumpmachine | --help | -print-* | --print-*) link=no ;;
	-*) ;;
	*) inputs=yes ;;
	esac
done
[ $inputs = yes ] || link=no

set -- --target=x86_64-unknown-elf -nostdlibinc -isystem "$sysroot/include" \
	-D__motor__ -D__unix__ -D__unix -D__ELF__ -fno-pic -fno-pie "$@"
if [ $link = yes ]; then
	# -x none: a -x the caller gave does not apply to the files after "$@".
	set -- -fuse-ld=lld -nostdlib -static \
		"$lib/crt0.o" "$lib/crti.o" "$lib/crtbeginT.o" "$@" -x none \
		-L"$lib" -Wl,--start-group -lposix -lc -lm -lgcc -Wl,--end-group \
		"$lib/crtend.o" "$lib/crtn.o" \
		-Wl,-z,noexecstack -Wl,-z,max-page-size=4096 -Wl,--build-id
fi
exec "${MOTOR_HOST_CLANG:-clang}" "$@"
