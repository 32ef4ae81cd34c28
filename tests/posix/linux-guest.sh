#!/bin/bash
# tests/posix/linux-guest.sh — the POSIX test programs in a Linux guest under
# the same QEMU as Motor (TCG, -M microvm, PVH entry): the reference
# behaviour on a real tmpfs and devtmpfs, and how long each program takes
# at TCG speed. Not part of the Motor test run.
#
# Usage: tests/posix/linux-guest.sh [PROGRAM...]   (default: all of them)
#
# Builds each program static against glibc with the host gcc (no __motor__,
# so the Motor-only checks are SKIPs), installs them as /test/posix/NAME in
# an initramfs with busybox, tmpfs on /tmp and devtmpfs on /dev, boots the
# kernel of shared/bench/linux-baseline (running its build.sh first if
# needed) with that directory's qemu_args, and prints one summary line per
# program; KEEP_TAP=DIR keeps each program's TAP output there.
# Environment: as bench/lib/linux-guest.sh says (TMO defaults to 900 here).
# Exit status 0 iff every program passed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../bench/lib/linux-guest.sh
source "$HERE/../../bench/lib/linux-guest.sh"
PROGS=("$@")
# By default every program of the suite, as tests/posix/local.mk lists them.
[ ${#PROGS[@]} -gt 0 ] || read -r -a PROGS < <(sed -n 's/^POSIX_TEST_NAMES = //p' "$HERE/local.mk")
TMO=${TMO:-900}
lg_setup posix-tests-guest
mkdir -p "$R/test/posix"
for t in "${PROGS[@]}"; do
  # (static glibc warns that getpwnam wants its shared NSS modules; the
  # built-in files backend with the /etc/passwd below is enough)
  gcc -std=gnu11 -Wall -Wextra -Werror -O2 -static -o "$R/test/posix/$t" "$HERE/$t.c" -lm \
    2>"$WORK/cc.log" || { cat "$WORK/cc.log" >&2; exit 1; }
done
# What the checks read from the system: the user database, and glibc's
# C.UTF-8 locale (a static glibc loads it from /usr/lib/locale).
mkdir -p "$R/etc" "$R/usr/lib/locale"
echo 'root:x:0:0:root:/root:/bin/sh' >"$R/etc/passwd"
echo 'root:x:0:' >"$R/etc/group"
if [ -d /usr/lib/locale/C.utf8 ]; then cp -r /usr/lib/locale/C.utf8 "$R/usr/lib/locale/"; fi
cat >"$R/init" <<EOF
#!/bin/sh
export PATH=/bin HOME=/ TERM=vt100
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
cd /
for t in ${PROGS[*]}; do
  echo "POSIXTEST-BEGIN \$t \$(cut -d' ' -f1 /proc/uptime)"
  /test/posix/\$t
  echo "POSIXTEST-END \$t rc=\$? \$(cut -d' ' -f1 /proc/uptime)"
done
echo POSIXTEST-ALL-DONE
poweroff -f
EOF
LOG=$WORK/console.log
lg_boot 'POSIXTEST-ALL-DONE' "$LOG"
cut -d' ' -f2- "$LOG" | tr -d '\r' >"$WORK/console.txt"

status=0
for t in "${PROGS[@]}"; do
  tap=$WORK/$t.tap
  awk -v t="$t" '$1 == "POSIXTEST-BEGIN" && $2 == t { on = 1; next }
                 $1 == "POSIXTEST-END" && $2 == t { on = 0 } on' "$WORK/console.txt" >"$tap"
  end=$(grep -m1 "^POSIXTEST-END $t " "$WORK/console.txt" || true)
  begin=$(grep -m1 "^POSIXTEST-BEGIN $t " "$WORK/console.txt" || true)
  rc=$(sed -n 's/.* rc=\([0-9]*\) .*/\1/p' <<<"$end")
  secs=$(awk -v b="${begin##* }" -v e="${end##* }" 'BEGIN { if (b != "" && e != "") printf "%.1f", e - b; else printf "-" }')
  plan=$(grep -m1 -E '^1\.\.[0-9]+$' "$tap" || true)
  failed=$(grep -c '^not ok' "$tap" || true)
  todo=$(grep -c '^not ok .*# TODO' "$tap" || true)
  skipped=$(grep -c '^ok .*# SKIP' "$tap" || true)
  printf '%-10s rc=%-3s checks=%-5s failed=%-3s todo=%-2s skipped=%-2s %ss\n' \
    "$t" "${rc:--}" "${plan#1..}" "$((failed - todo))" "$todo" "$skipped" "$secs"
  if [ "$rc" != 0 ] || [ -z "$plan" ]; then
    status=1
    grep -A4 '^not ok' "$tap" | grep -v '# TODO' >&2 || true
  fi
  if [ -n "${KEEP_TAP:-}" ]; then mkdir -p "$KEEP_TAP" && cp "$tap" "$KEEP_TAP/"; fi
done
if ! grep -q '^POSIXTEST-ALL-DONE' "$WORK/console.txt"; then
  echo "linux-guest.sh: the guest did not finish; console log:" >&2
  cat "$WORK/console.txt" >&2
  status=1
fi
exit $status
