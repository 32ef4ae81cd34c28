#!/bin/bash
# tests/posix/host-run.sh — builds the POSIX test programs with the host
# compiler and runs them on this (Linux) machine: Linux is the reference
# behaviour, so every check must pass here; the Motor-only ones are SKIPs.
#
# Usage: tests/posix/host-run.sh [PROGRAM...]      (default: all of them)
# Environment: CC (default gcc), CFLAGS (added to -std=gnu11 -Wall -Wextra
# -Werror -O2, e.g. "-fsanitize=address,undefined"), RUN (a command to run
# each program under, e.g. "valgrind -q --error-exitcode=99").
# Prints one line per program; exit status 0 iff every program passed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROGS=("$@")
# By default every program of the suite, as tests/posix/local.mk lists them.
[ ${#PROGS[@]} -gt 0 ] || read -r -a PROGS < <(sed -n 's/^POSIX_TEST_NAMES = //p' "$HERE/local.mk")
CC=${CC:-gcc}
read -r -a EXTRA <<<"${CFLAGS:-}"
read -r -a RUNNER <<<"${RUN:-}"
WORK=$(mktemp -d /tmp/posix-tests-host.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

status=0
for t in "${PROGS[@]}"; do
  "$CC" -std=gnu11 -Wall -Wextra -Werror -O2 "${EXTRA[@]}" -o "$WORK/$t" "$HERE/$t.c" -lm
  rc=0
  "${RUNNER[@]}" "$WORK/$t" >"$WORK/$t.tap" 2>"$WORK/$t.err" || rc=$?
  plan=$(grep -m1 -E '^1\.\.[0-9]+$' "$WORK/$t.tap" || true)
  failed=$(grep -c '^not ok' "$WORK/$t.tap" || true)
  todo=$(grep -c '^not ok .*# TODO' "$WORK/$t.tap" || true)
  skipped=$(grep -c '^ok .*# SKIP' "$WORK/$t.tap" || true)
  printf '%-10s rc=%-3s checks=%-5s failed=%-3s todo=%-2s skipped=%s\n' \
    "$t" "$rc" "${plan#1..}" "$((failed - todo))" "$todo" "$skipped"
  if [ "$rc" != 0 ] || [ -z "$plan" ]; then
    status=1
    grep -A4 '^not ok' "$WORK/$t.tap" | grep -v '# TODO' >&2 || true
    tail -20 "$WORK/$t.err" >&2
  fi
done
exit $status
