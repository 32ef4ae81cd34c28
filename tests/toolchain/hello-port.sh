#!/bin/bash
# hello-port.sh — cross-builds GNU hello from Debian's source package with
# the Motor sysroot: proof that `./configure --host=x86_64-motor-elf && make`
# works for a real autotools + gnulib program.
#
# Usage: tests/toolchain/hello-port.sh [SYSROOT [WORKDIR]]
#   SYSROOT  default $MOTOR_BUILDDIR/sysroot (or ./sysroot)
#   WORKDIR  where it is unpacked and built, default SYSROOT/../tests/hello
# Prints the path of the static hello binary (WORKDIR/hello-VERSION/hello).
#
# The source comes once from `apt-get source --download-only hello` (deb-src
# needed: ./setup.sh deps) into ${MOTOR_CACHE:-~/.cache/motor}/src/; the
# .orig tarball's sha256 is checked every time.
set -euo pipefail

VERSION=2.10
SHA256=31e066137a962676e89f69d1b65382de95a7ef7d914b8cb956f41ea72e0f516b
SRC_CACHE=${MOTOR_CACHE:-$HOME/.cache/motor}/src
TARBALL=$SRC_CACHE/hello_$VERSION.orig.tar.gz

say() { echo "hello-port: $*" >&2; }
die() { say "$*"; exit 1; }

SYSROOT=${1:-${MOTOR_BUILDDIR:-.}/sysroot}
[ -x "$SYSROOT/bin/x86_64-motor-elf-gcc" ] || die "no sysroot at $SYSROOT (make sysroot)"
SYSROOT=$(cd "$SYSROOT" && pwd)
WORK=${2:-$(dirname "$SYSROOT")/tests/hello}

fetch() {
  [ -f "$TARBALL" ] && return 0
  mkdir -p "$SRC_CACHE"
  say "fetching Debian's hello source into $SRC_CACHE"
  (cd "$SRC_CACHE" && apt-get source --download-only hello >&2) ||
    die "apt-get source failed: deb-src sources needed (./setup.sh deps)"
  [ -f "$TARBALL" ] || die "Debian's hello is not $VERSION any more: update VERSION and SHA256"
}

verify() {
  local sum
  sum=$(sha256sum "$TARBALL" | cut -d' ' -f1)
  [ "$sum" = "$SHA256" ] || die "$TARBALL: sha256 $sum, expected $SHA256"
}

build() {
  rm -rf "$WORK"
  mkdir -p "$WORK"
  tar -xzf "$TARBALL" -C "$WORK"
  cd "$WORK/hello-$VERSION"
  # x86_64-motor-elf-env: the sysroot's bin/ on PATH and its config.site.
  "$SYSROOT/bin/x86_64-motor-elf-env" ./configure --host=x86_64-motor-elf \
    --disable-nls >"$WORK/configure.log" 2>&1 ||
    { tail -n 30 "$WORK/configure.log" >&2; die "configure failed ($WORK/configure.log)"; }
  "$SYSROOT/bin/x86_64-motor-elf-env" make -j"$(nproc)" >"$WORK/make.log" 2>&1 ||
    { tail -n 30 "$WORK/make.log" >&2; die "make failed ($WORK/make.log)"; }
}

fetch
verify
build
echo "$WORK/hello-$VERSION/hello"
