#!/bin/sh
# x86_64-motor-elf-gcc (and -cc): the host gcc compiling and linking for
# Motor through the sysroot's specs file (lib/motor-gcc.specs). Static,
# non-PIE executables. The sysroot is wherever this script is (bin/..),
# so a copied or moved sysroot keeps working. MOTOR_HOST_GCC names
# another host gcc.
set -eu
self=$(readlink -f "$0")
sysroot=$(dirname "$(dirname "$self")")
gcc=${MOTOR_HOST_GCC:-gcc}
# A host library path would show in -print-search-dirs (links ignore it).
unset LIBRARY_PATH

# Build systems ask the compiler where its libraries are (Meson's
# find_library, libtool): the answers are the sysroot's, as a real cross
# compiler's would be, not the host gcc's (which name the host's libc).
# gcc answers such a query and ignores the rest of its arguments; so do we.
own=
own_file() {  # gcc's own file (include/, plugin/), else the bare name
	[ -n "$own" ] || own=$(readlink -f "$("$gcc" -print-search-dirs | sed -n 's/^install: //p')")
	case $(readlink -f "$2") in
	"$own"/*) echo "$2" ;;
	*) echo "$1" ;;
	esac
}
for arg; do
	case $arg in
	-dumpmachine)
		echo x86_64-motor-elf
		exit 0 ;;
	-print-libgcc-file-name | --print-libgcc-file-name)
		echo "$sysroot/lib/libgcc.a"
		exit 0 ;;
	-print-search-dirs | --print-search-dirs)
		"$gcc" -print-search-dirs | sed '/^libraries:/d'
		echo "libraries: =$sysroot/lib/"
		exit 0 ;;
	-print-file-name=* | --print-file-name=*)
		name=${arg#*=}
		if [ -e "$sysroot/lib/$name" ]; then
			echo "$sysroot/lib/$name"
		else
			own_file "$name" "$("$gcc" -print-file-name="$name")"
		fi
		exit 0 ;;
	esac
done

exec "$gcc" -fno-pie -no-pie -static "$@" \
	--sysroot="$sysroot" -specs="$sysroot/lib/motor-gcc.specs"
