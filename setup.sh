#!/bin/bash
# setup.sh — set up a fresh Debian bookworm machine, build Motor, boot it.
#
# Usage: ./setup.sh [run|check|build|deps] [make arguments...]
#   run    (default) install what is missing, configure, build, then `make run`:
#          boots Motor in QEMU with the serial console on this terminal
#   check  the same, then `make check`: builds and runs every test
#   build  the same, stopping after the build
#   deps   only install the missing Debian packages (and enable Debian's
#          source packages: ports and tests fetch sources with apt-get source)
# Extra arguments go to make, e.g. ./setup.sh run CPUS=4.
# Idempotent: packages already installed, a build/ already configured and an
# up-to-date build are left as they are.
set -euo pipefail

PACKAGES=(gcc make binutils autoconf automake qemu-system-x86 python3
          python3-pytest python3-pexpect cpio e2fsprogs
          # the sysroot: newlib's source, its build, the other front ends
          # and the build systems the toolchain tests drive
          newlib-source patch xz-utils clang lld cmake meson ninja-build pkgconf
          dpkg-dev
          # the ports (ports/): zlib's tarball is .tar.bz2; ncurses' terminfo
          # is compiled by the host's tic
          bzip2 ncurses-bin)
SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILDDIR=$SRCDIR/build

say() { echo "setup.sh: $*"; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
  exit 2
}

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
      echo "$p"
  done
}

install_packages() {
  local missing apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  mapfile -t missing < <(missing_packages)
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need root or sudo to install ${missing[*]}" >&2; exit 1; }
    apt=(sudo "${apt[@]}")
  fi
  say "installing ${missing[*]}"
  "${apt[@]}" update -q </dev/null
  "${apt[@]}" install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}" </dev/null
}

# apt-get source needs deb-src entries. They are derived from the machine's
# own apt sources (same archives, suites and keys), never written here.
DEB_SRC_SOURCES=/etc/apt/sources.list.d/motor-deb-src.sources
DEB_SRC_LIST=/etc/apt/sources.list.d/motor-deb-src.list

have_deb_src() {
  grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/
}

enable_deb_src() {
  have_deb_src && return 0
  local sudo=() from
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  from=/etc/apt/sources.list.d/debian.sources
  if [ -f "$from" ]; then
    say "enabling source packages: $DEB_SRC_SOURCES (from $from)"
    sed 's/^Types: deb$/Types: deb-src/' "$from" | "${sudo[@]}" tee "$DEB_SRC_SOURCES" >/dev/null
  elif [ -f /etc/apt/sources.list ]; then
    say "enabling source packages: $DEB_SRC_LIST (from /etc/apt/sources.list)"
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | "${sudo[@]}" tee "$DEB_SRC_LIST" >/dev/null
  else
    say "no apt sources found to derive deb-src entries from; apt-get source will fail" >&2
    return 0
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
}

configure_build() {
  [ -f "$BUILDDIR/Makefile" ] && return 0
  if [ ! -x "$SRCDIR/configure" ]; then
    say "running ./autogen.sh"
    (cd "$SRCDIR" && ./autogen.sh)
  fi
  say "configuring in $BUILDDIR"
  mkdir -p "$BUILDDIR"
  (cd "$BUILDDIR" && ../configure)
}

main() {
  local cmd=${1:-run}
  [ $# -eq 0 ] || shift
  case $cmd in
    run|check|build|deps) ;;
    -h|--help|help) usage ;;
    *) echo "setup.sh: unknown command '$cmd'" >&2; usage ;;
  esac
  install_packages
  enable_deb_src
  [ "$cmd" = deps ] && return 0
  configure_build
  make --no-print-directory -C "$BUILDDIR" -j"$(nproc)"
  case $cmd in
    run)   make --no-print-directory -C "$BUILDDIR" run "$@" ;;
    check) make --no-print-directory -C "$BUILDDIR" -j"$(nproc)" check "$@" ;;
    build) [ $# -eq 0 ] || make --no-print-directory -C "$BUILDDIR" -j"$(nproc)" "$@" ;;
  esac
}

main "$@"
