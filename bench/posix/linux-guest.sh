#!/bin/bash
# bench/posix/linux-guest.sh — bench/posix/files.c in a Linux guest under the
# same QEMU as Motor's run (TCG, -M microvm, PVH entry), for ratios measured
# side by side. A benchmark, not a test.
#
# Usage: bench/posix/linux-guest.sh [TARGET_SECONDS]      (default 1.0)
#
# Builds files.c as a static glibc binary with the host gcc, packs it with
# busybox into an initramfs whose /init mounts tmpfs on /tmp, runs the
# benchmark, prints its output and powers off; boots that with the Debian
# kernel of shared/bench/linux-baseline (its build.sh is run first when
# $W/vmlinux is missing; it fetches Debian packages with apt-get download)
# and the QEMU command line of that directory's lib.sh (qemu_args), and
# prints the guest's "bench ..." lines.
#
# Environment: LINUX_BASELINE (default: ../shared/bench/linux-baseline beside
# the repository), W (its work directory, default /tmp/linuxbase), ACCEL (tcg),
# MACHINE (microvm), MEM in MiB (512), KERNEL ($W/vmlinux: PVH entry),
# TMO seconds (600), TSC_KHZ (the host's TSC rate: /proc/cpuinfo's cpu MHz),
# BENCH_LOGS (keep the console log there), CONSOLE=verbose
# (kernel messages on the console, for debugging a guest that does not finish).
# Exit status 0 iff the guest printed "bench done".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(cd "$HERE/../.." && pwd)
LB=${LINUX_BASELINE:-$SRCDIR/../shared/bench/linux-baseline}
TARGET=${1:-1.0}
[[ $TARGET =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "linux-guest.sh: TARGET_SECONDS must be a number" >&2; exit 2; }
[ -f "$LB/lib.sh" ] || { echo "linux-guest.sh: no $LB/lib.sh (set LINUX_BASELINE)" >&2; exit 2; }
# shellcheck source=/dev/null
source "$LB/lib.sh" # W, QEMU, qemu_args, timed_run
ACCEL=${ACCEL:-tcg} MACHINE=${MACHINE:-microvm} MEM=${MEM:-512} TMO=${TMO:-600}
CONSOLE=${CONSOLE:-quiet}
export KERNEL=${KERNEL:-$W/vmlinux}

if [ ! -f "$W/vmlinux" ] || [ ! -x "$W/bbpkg/bin/busybox" ]; then
  echo "# building the Linux baseline in $W ($LB/build.sh)" >&2
  W=$W bash "$LB/build.sh" >&2
fi

WORK=$(mktemp -d /tmp/posix-linux-guest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
gcc -std=gnu11 -Wall -Wextra -Werror -O2 -static -o "$WORK/files" "$HERE/files.c"

R=$WORK/root
mkdir -p "$R/bin" "$R/proc" "$R/dev" "$R/tmp"
cp "$W/bbpkg/bin/busybox" "$R/bin/busybox"
for a in sh mount poweroff echo cat uname; do ln -s busybox "$R/bin/$a"; done
cp "$WORK/files" "$R/bin/files"
cat >"$R/init" <<EOF
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
echo "POSIXBENCH-START \$(uname -sr) \$(cat /proc/cpuinfo | grep -m1 'model name')"
/bin/files $TARGET
echo "POSIXBENCH-END rc=\$?"
poweroff -f
EOF
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) >"$WORK/initramfs.cpio.gz"

mapfile -t A < <(qemu_args "$ACCEL" "$MACHINE" "$MEM" none "$CONSOLE")
# Under TCG the guest's TSC runs at the host's rate. Linux calibrates it
# against the PIT, which fails now and then when the host is busy ("tsc:
# Unable to calibrate against PIT"), and the boot then hangs; giving the
# rate up front avoids that and changes nothing in what is measured.
KHZ=${TSC_KHZ:-$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)}
for i in "${!A[@]}"; do
  case ${A[$i]} in
    -initrd) A[i + 1]=$WORK/initramfs.cpio.gz ;; # this initramfs instead of the httpd one
    -append) [ -n "$KHZ" ] && A[i + 1]="${A[i + 1]} tsc_early_khz=$KHZ" ;;
  esac
done
LOG=$WORK/console.log
echo "# $(${QEMU} --version | head -1); ${A[*]}"
timed_run "$LOG" "$TMO" 'POSIXBENCH-END' -- "${A[@]}" >/dev/null
[ -n "${BENCH_LOGS:-}" ] && mkdir -p "$BENCH_LOGS" && cp "$LOG" "$BENCH_LOGS/linux-guest-files.log"
# timed_run prefixes each line with its time in ms
{ cut -d' ' -f2- "$LOG" | grep -E '^(POSIXBENCH-START|# bench|bench )' || true; } | sed 's/^POSIXBENCH-START /# guest: /'
if ! grep -q ' bench done$' "$LOG"; then
  echo "linux-guest.sh: the guest did not finish the benchmark; console log:" >&2
  cat "$LOG" >&2
  exit 1
fi
