#!/bin/bash
# bench/posix/linux-guest.sh — the POSIX benchmarks (bench/posix/*.c) in a
# Linux guest under the same QEMU as Motor's run (TCG, -M microvm, PVH
# entry), for ratios measured side by side. A benchmark, not a test.
#
# Usage: bench/posix/linux-guest.sh [TARGET_SECONDS [PROGRAM...]]
#        (default 1.0, and files procs waiting)
#
# Builds each program as a static glibc binary with the host gcc, packs them
# with busybox into an initramfs whose /init mounts tmpfs on /tmp, runs them
# one after the other, prints their output and powers off; boots that with the Debian
# kernel of shared/bench/linux-baseline (its build.sh is run first when
# $W/vmlinux is missing; it fetches Debian packages with apt-get download)
# and the QEMU command line of that directory's lib.sh (qemu_args), and
# prints the guest's "bench ..." lines.
#
# Environment: as bench/lib/linux-guest.sh says, and BENCH_LOGS (keep the
# console log there).
# Exit status 0 iff the guest printed "bench done".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib/linux-guest.sh
source "$HERE/../lib/linux-guest.sh"
TARGET=${1:-1.0}
[[ $TARGET =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "linux-guest.sh: TARGET_SECONDS must be a number" >&2; exit 2; }
shift || true
PROGS=("$@")
[ ${#PROGS[@]} -gt 0 ] || PROGS=(files procs waiting)
lg_setup posix-linux-guest
RUNS=
for p in "${PROGS[@]}"; do
  gcc -std=gnu11 -Wall -Wextra -Werror -O2 -static -o "$R/bin/$p" "$HERE/$p.c"
  RUNS="$RUNS/bin/$p $TARGET || echo \"bench $p error=exit\"
"
done
cat >"$R/init" <<EOF
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
echo "POSIXBENCH-START \$(uname -sr) \$(cat /proc/cpuinfo | grep -m1 'model name')"
${RUNS}echo "POSIXBENCH-END"
poweroff -f
EOF
LOG=$WORK/console.log
lg_boot 'POSIXBENCH-END' "$LOG"
[ -n "${BENCH_LOGS:-}" ] && mkdir -p "$BENCH_LOGS" && cp "$LOG" "$BENCH_LOGS/linux-guest-posix.log"
# timed_run prefixes each line with its time in ms
{ cut -d' ' -f2- "$LOG" | grep -E '^(POSIXBENCH-START|# bench|bench )' || true; } | sed 's/^POSIXBENCH-START /# guest: /'
if [ "$(grep -c ' bench done$' "$LOG")" -ne ${#PROGS[@]} ]; then
  echo "linux-guest.sh: the guest did not finish the benchmark; console log:" >&2
  cat "$LOG" >&2
  exit 1
fi
