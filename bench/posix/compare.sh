#!/bin/bash
# bench/posix/compare.sh — the POSIX benchmarks on Motor beside a Linux guest, in one run (a benchmark, not a test).
#
# Usage: bench/posix/compare.sh [-b BUILDDIR] [-t TARGET_SECONDS] [-I] [PROGRAM...]   (defaults: $PWD, 1.0, files procs waiting; -I: no -icount runs)
#
# Runs the programs of bench/posix/ (files.c: getpid, lseek, stat, pread,
# open+read+close, 1 MiB writes to tmpfs; procs.c: fork+wait, spawn+wait,
# pipe ping-pong, 1 MiB through a pipe; waiting.c: poll, select and epoll_wait
# with 1 ready pipe of 100) four ways, all under the same QEMU
# with TCG on -M microvm, one CPU, 512 MiB:
#   Motor, plain       /bench/NAME in the initrd, run by init (a boot each)
#   Linux, plain       the same sources built static against glibc, in the
#                      Linux guest of shared/bench/linux-baseline
#                      (bench/posix/linux-guest.sh, one boot)
#   Motor and Linux under `-icount shift=0`, where the guest clock advances
#                      one nanosecond per instruction, so the figures are
#                      guest instructions per call (both kernels calibrate
#                      their TSC to 1000 MHz there)
# and prints one table: ns per call under TCG and instructions per call on
# each system, with the ratios Motor/Linux (above 1: Motor is slower).
# TCG times drift from run to run; ratios from the same run and instruction
# counts are what to compare across runs.
#
# Kernel and initrd: $MOTOR_KERNEL or BUILDDIR/kernel/motor.elf,
# $MOTOR_INITRD or BUILDDIR/distro/initrd.cpio. Each Motor run is bounded by
# $BENCH_TIMEOUT seconds (default 300). Console logs go to $BENCH_LOGS when
# set. Exit status 0 iff all runs finished with all their figures.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(cd "$HERE/../.." && pwd)

BUILDDIR=$PWD TARGET=1.0 ICOUNT=1
usage() { sed -n '4p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2; exit 2; }
while getopts "b:t:Ih" opt; do
  case $opt in
    b) BUILDDIR=$OPTARG ;;
    t) TARGET=$OPTARG ;;
    I) ICOUNT= ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
PROGS=("$@")
[ ${#PROGS[@]} -gt 0 ] || PROGS=(files procs waiting)
for p in "${PROGS[@]}"; do
  [ -f "$HERE/$p.c" ] || { echo "compare.sh: no bench/posix/$p.c" >&2; exit 2; }
done
[[ $TARGET =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "compare.sh: -t wants a number of seconds" >&2; exit 2; }

KERNEL=${MOTOR_KERNEL:-$BUILDDIR/kernel/motor.elf}
INITRD=${MOTOR_INITRD:-$BUILDDIR/distro/initrd.cpio}
for f in "$KERNEL" "$INITRD"; do
  [ -f "$f" ] || { echo "compare.sh: no $f (build first: make)" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/motor-posix-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
LOGS=${BENCH_LOGS:-$WORK/logs}
mkdir -p "$LOGS"

# motor LABEL [QEMU-ARGS...]: each program on Motor, a boot each; the "bench" lines into WORK/LABEL.
motor() {
  local label=$1 rc p; shift
  : >"$WORK/$label"
  for p in "${PROGS[@]}"; do
    rc=0
    timeout "${BENCH_TIMEOUT:-300}" "$SRCDIR/tools/motor-run" --accel tcg --machine microvm \
      --cpus 1 --mem 512 --kernel "$KERNEL" --initrd "$INITRD" \
      --cmdline "run=init init=/sbin/init initargs=\"/bench/$p $TARGET\"" -- "$@" \
      </dev/null >"$LOGS/motor-$label-$p.log" 2>&1 || rc=$?
    tr -d '\r' <"$LOGS/motor-$label-$p.log" | grep -E '^bench ' >"$WORK/$label.$p" || true
    if [ $rc -ne 0 ] || ! grep -q '^bench done$' "$WORK/$label.$p"; then
      echo "compare.sh: the Motor $label run of $p did not finish (exit $rc); last lines:" >&2
      tail -5 "$LOGS/motor-$label-$p.log" | sed 's/^/  /' >&2
      return 1
    fi
    cat "$WORK/$label.$p" >>"$WORK/$label"
  done
}

# linux LABEL [ENV...]: the same program in the Linux guest.
linux() {
  local label=$1; shift
  if ! env "$@" BENCH_LOGS="$LOGS" bash "$HERE/linux-guest.sh" "$TARGET" "${PROGS[@]}" >"$WORK/linux-$label.out" \
      2>"$LOGS/linux-$label.err"; then
    echo "compare.sh: the Linux $label run did not finish:" >&2
    tail -5 "$LOGS/linux-$label.err" | sed 's/^/  /' >&2
    return 1
  fi
  grep -E '^bench ' "$WORK/linux-$label.out" >"$WORK/linux-$label" || true
}

start=$SECONDS
echo "# bench/posix/compare.sh (${PROGS[*]}): target $TARGET s per figure; $(qemu-system-x86_64 --version | head -1)"
motor tcg
linux tcg
if [ -n "$ICOUNT" ]; then
  motor icount -icount shift=0
  # The TSC counts instructions: 1 GHz (Linux would otherwise be told the host's rate).
  linux icount QEMU_EXTRA="-icount shift=0" TSC_KHZ=1000000
fi
grep -h '^# guest' "$WORK/linux-tcg.out" || true

# The table: one row per figure found in the Motor TCG run.
awk -v icount="$ICOUNT" '
  FNR == 1 { file = FILENAME; sub(/.*\//, "", file) }
  /^bench [a-z]/ && $2 != "done" {
    for (i = 3; i <= NF; i++) if ($i ~ /^ns_per_call=/) { v = $i; sub(/.*=/, "", v) }
    val[file, $2] = v
    if (file == "tcg") order[++n] = $2
  }
  function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
  END {
    printf "\n%-22s | %10s %10s %7s", "per call", "Motor ns", "Linux ns", "ratio"
    if (icount) printf " | %11s %11s %7s", "Motor insns", "Linux insns", "ratio"
    printf "\n"
    line = "-----------------------+-------------------------------"
    if (icount) line = line "+--------------------------------"
    print line
    for (i = 1; i <= n; i++) {
      f = order[i]
      printf "%-22s | %10s %10s %7s", f, val["tcg", f], val["linux-tcg", f],
        ratio(val["tcg", f], val["linux-tcg", f])
      if (icount) printf " | %11s %11s %7s", val["icount", f], val["linux-icount", f],
        ratio(val["icount", f], val["linux-icount", f])
      printf "\n"
    }
  }' "$WORK/tcg" "$WORK/linux-tcg" ${ICOUNT:+"$WORK/icount" "$WORK/linux-icount"}
echo
echo "ns: TCG wall time per call; insns: guest instructions per call (-icount shift=0)."
echo "ratio = Motor / Linux. write_1m_* and pipe_1m_64k are per write() call; spawn_wait is"
echo "motor_spawn_process (reads the program, loads it in the parent) vs posix_spawn."
echo "($((SECONDS - start)) s; logs: ${BENCH_LOGS:-removed})"
