#!/bin/bash
# setup.sh — set up a fresh Debian bookworm machine, build Motor, boot it.
#
# Usage: ./setup.sh [run|check|build|deps] [make arguments...]
#   run    (default) install what is missing, configure, build, then `make run`:
#          boots Motor in QEMU with the serial console on this terminal
#   check  the same, then `make check`: builds and runs every test
#   build  the same, stopping after the build
#   deps   only install the missing Debian packages
# Extra arguments go to make, e.g. ./setup.sh run CPUS=4.
# Idempotent: packages already installed, a build/ already configured and an
# up-to-date build are left as they are.
set -euo pipefail

PACKAGES=(gcc make binutils autoconf automake qemu-system-x86 python3
          python3-pytest python3-pexpect cpio e2fsprogs)
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
