#!/bin/bash
# bench/kernel.sh — the kernel's hot paths in instructions and in time (a benchmark, not a test).
#
# Usage: bench/kernel.sh [-b BUILDDIR] [-m q35|microvm|pc] [-n ITERATIONS]   (defaults: $PWD, q35, 2000)
#
# Boots bench/kbench.c (/bench/kbench in the initrd) as the first process on
# 2 CPUs under TCG three times: twice with `-icount shift=0`, where the
# guest's TSC advances by one per guest instruction so its figures are
# instruction counts (the two runs are compared: they should agree exactly),
# and once plain, where TSC ticks become nanoseconds through the rate the
# kernel prints at boot ("clock: tsc, ..., N MHz"). Prints a table of
# medians (and minima) per figure, then the anchors of issue 3.
# QEMU commands come from `tools/motor-run --print-cmd`, so what is measured is
# what the user runs. Kernel: $MOTOR_KERNEL or BUILDDIR/kernel/motor.elf;
# initrd: $MOTOR_INITRD or BUILDDIR/distro/initrd.cpio. Each run is bounded by
# $KBENCH_TIMEOUT seconds (default 60; a whole run takes a few seconds). Logs: $BENCH_LOGS (default: a
# temporary directory, removed at the end). Exit status 0 iff every run
# finished with all its figures.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(dirname "$BENCH")

BUILDDIR=$PWD MACHINE=q35 ITERS=2000
usage() { sed -n '3p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2; exit 2; }
while getopts "b:m:n:h" opt; do
  case $opt in
    b) BUILDDIR=$OPTARG ;;
    m) MACHINE=$OPTARG ;;
    n) ITERS=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[[ $ITERS =~ ^[1-9][0-9]*$ ]] || { echo "bench/kernel.sh: -n wants a positive number" >&2; exit 2; }

KERNEL=${MOTOR_KERNEL:-$BUILDDIR/kernel/motor.elf}
INITRD=${MOTOR_INITRD:-$BUILDDIR/distro/initrd.cpio}
LIMIT=${KBENCH_TIMEOUT:-60}
CPUS=2
for f in "$KERNEL" "$INITRD"; do
  [ -f "$f" ] || { echo "bench/kernel.sh: no $f (build first: make)" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/motor-kbench.XXXXXX)
LOGS=${BENCH_LOGS:-$WORK/logs}
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$LOGS"

# print_cmd [QEMU-ARGS...]: the launcher's QEMU command for kbench (shell-quoted).
print_cmd() {
  "$SRCDIR/tools/motor-run" --print-cmd --accel tcg --machine "$MACHINE" --cpus "$CPUS" \
    --kernel "$KERNEL" --initrd "$INITRD" \
    --cmdline "run=init init=/bench/kbench initargs=\"-n $ITERS\"" -- "$@" </dev/null
}

# qemu_cmd NAME [QEMU-ARGS...]: that command as array NAME.
qemu_cmd() {
  local name=$1 line; shift
  line=$(print_cmd "$@")
  eval "$name=($line)"     # shlex-quoted by motor-run
}

# run LABEL [QEMU-ARGS...]: boots kbench once; its console goes to LOGS/LABEL.log.
# Returns nonzero when the run did not finish ("kbench: done" and status 0).
run() {
  local label=$1 cmd=() rc=0; shift
  qemu_cmd cmd "$@"
  timeout "$LIMIT" "${cmd[@]}" </dev/null >"$LOGS/$label.log" 2>&1 || rc=$?
  tr -d '\r' <"$LOGS/$label.log" >"$LOGS/$label.txt"
  if [ $rc -ne 0 ] || ! grep -q '^kbench: done' "$LOGS/$label.txt"; then
    echo "bench/kernel.sh: the $label run did not finish (QEMU exit $rc$([ $rc -eq 124 ] &&
      echo ", killed after $LIMIT s")); last lines:" >&2
    tail -5 "$LOGS/$label.txt" | sed 's/^/  /' >&2
    return 1
  fi
}

# figures LABEL: "NAME MEDIAN MIN" per figure of that run.
figures() {
  sed -n 's/^kbench: \([^ ]*\) median \([0-9]*\) min \([0-9]*\) (unit: tsc ticks)$/\1 \2 \3/p' \
    "$LOGS/$1.txt"
}

echo "QEMU: $(qemu-system-x86_64 --version | head -1); accel tcg; -M $MACHINE -smp $CPUS"
echo "host: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "command (icount runs): $(print_cmd -icount shift=0)"
start=$SECONDS
ok=yes
if run icount1 -icount shift=0; then
  run icount2 -icount shift=0 || ok=no
else
  ok=no     # a run that hangs would hang again: not repeated
  : >"$LOGS/icount2.txt"
fi
run tcg || ok=no

mhz=$(sed -n 's/^clock: tsc.*, \([0-9.]*\) MHz$/\1/p' "$LOGS/tcg.txt" | head -1)
figures icount1 >"$WORK/i1"
figures icount2 >"$WORK/i2"
figures tcg >"$WORK/t"
echo
grep -h '^kbench: [0-9]* CPU' "$LOGS/icount1.txt" "$LOGS/tcg.txt" 2>/dev/null | sed 's/^/  /' || true
grep -h '^kbench: \(#\|cross-cpu\)' "$LOGS"/*.txt 2>/dev/null | sort -u | sed 's/^/  /' || true
echo "  TSC under plain TCG: ${mhz:-?} MHz (the kernel's boot line); ns = ticks * 1000 / MHz"
echo
# One row per figure, in kbench's order (the first run that has it).
awk -v mhz="${mhz:-0}" '
  FILENAME == ARGV[1] { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }; imed[$1] = $2; imin[$1] = $3; next }
  FILENAME == ARGV[2] { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }; tmed[$1] = $2; tmin[$1] = $3; next }
  END {
    printf "%-28s | %-22s | %s\n", "figure", "instructions (icount)", "ns under TCG"
    printf "%-28s | %-22s | %s\n", "", "median (min)", "median (min)"
    printf "%s\n", "-----------------------------+------------------------+-------------------"
    for (i = 1; i <= n; i++) {
      f = order[i]
      ic = (f in imed) ? sprintf("%d (%d)", imed[f], imin[f]) : "-"
      if ((f in tmed) && mhz > 0)
        ns = sprintf("%.0f (%.0f)", tmed[f] * 1000 / mhz, tmin[f] * 1000 / mhz)
      else
        ns = "-"
      printf "%-28s | %22s | %17s\n", f, ic, ns
    }
  }' "$WORK/i1" "$WORK/t"
echo
if [ "$(grep -ls '^kbench: done' "$LOGS/icount1.txt" "$LOGS/icount2.txt" | wc -l)" -ne 2 ]; then
  echo "icount stability: not checked (the icount runs did not both finish)"
elif cmp -s "$WORK/i1" "$WORK/i2"; then
  echo "icount stability: the two icount runs agree exactly on every figure (median and min)"
else
  echo "icount stability: the two icount runs differ:"
  join -a1 -a2 -e - -o 0,1.2,2.2,1.3,2.3 <(sort "$WORK/i1") <(sort "$WORK/i2") |
    awk '$2 != $3 || $4 != $5 { printf "  %-28s median %s vs %s, min %s vs %s\n", $1, $2, $3, $4, $5 }'
fi
cat <<'EOF'

Anchors (issue 3): seL4 call+reply ~760 cycles on real hardware, a few hundred
instructions on its fast path; a null syscall should be a few dozen instructions.
Under icount the counts include both CPUs' instructions while they overlap
(round-robin TCG); the TCG times of cross-CPU figures are dominated by how
QEMU wakes a halted vCPU thread, not by the kernel.
EOF
echo "($((SECONDS - start)) s; $ITERS iterations per figure; logs: ${BENCH_LOGS:-removed})"
[ $ok = yes ]
