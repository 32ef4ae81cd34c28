#!/bin/bash
# bench/boot.sh — Motor's boot time beside QEMU's own floor (a benchmark, not a test).
#
# Usage: bench/boot.sh [-n REPS] [-b BUILDDIR]      (defaults: 7, $PWD)
#
# On -M microvm and -M q35 under TCG, with 1 and 4 CPUs, measures:
#   floor  QEMU process start -> a byte on COM1 from a trivial PVH kernel
#          (bench/lib/floor.sh), booted with the same QEMU command as Motor;
#   Motor  QEMU process start -> the kernel's "motor: ready in X ms" line, and
#          X itself (the kernel's own entry -> ready time), booted with
#          cmdline run=poweroff.
# QEMU commands come from `tools/motor-run --print-cmd`, so what is timed is
# what the user runs. Kernel: $MOTOR_KERNEL or BUILDDIR/kernel/motor.elf;
# initrd, when there is one: $MOTOR_INITRD or BUILDDIR/distro/initrd.cpio.
# Runs are interleaved; the table shows medians; a row whose kernel misses
# the ready line (10 s) is not run again. Logs: $BENCH_LOGS (default: a
# temporary directory, removed at the end). Exit status 0 iff every Motor run
# reached ready.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(dirname "$BENCH")
# shellcheck source=bench/lib/args.sh
source "$BENCH/lib/args.sh"
# shellcheck source=bench/lib/floor.sh
source "$BENCH/lib/floor.sh"
# shellcheck source=bench/lib/timing.sh
source "$BENCH/lib/timing.sh"

REPS=7 BUILDDIR=$PWD
bench_args "${BASH_SOURCE[0]}" "$@"

KERNEL=${MOTOR_KERNEL:-$BUILDDIR/kernel/motor.elf}
INITRD=${MOTOR_INITRD:-$BUILDDIR/distro/initrd.cpio}
[ -f "$INITRD" ] || INITRD=""
MACHINES=(microvm q35)
CPUS=(1 4)
WORK=$(mktemp -d /tmp/motor-bench.XXXXXX)
LOGS=${BENCH_LOGS:-$WORK/logs}
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$LOGS"
build_floor "$WORK"

# qemu_cmd NAME KERNEL MACHINE CPUS: the launcher's QEMU command, as array NAME.
qemu_cmd() {
  local line initrd=()
  [ -z "$INITRD" ] || initrd=(--initrd "$INITRD")
  line=$("$SRCDIR/tools/motor-run" --print-cmd --accel tcg --machine "$3" --cpus "$4" \
           --kernel "$2" "${initrd[@]}" --cmdline run=poweroff </dev/null)
  eval "$1=($line)"     # shlex-quoted by motor-run
}

# one_run WHAT MACHINE CPUS REP: appends "start_ms kernel_ms" to WORK/WHAT-MACHINE-CPUS.
one_run() {
  local what=$1 m=$2 n=$3 rep=$4 kernel=$WORK/floor-pvh.elf marker='^X$' cmd=()
  local log=$LOGS/$what-$m-$n.$rep.log res t rc k=-
  if [ "$what" = motor ]; then kernel=$KERNEL marker='motor: ready in'; fi
  qemu_cmd cmd "$kernel" "$m" "$n"
  res=$(timed_run "$log" "$marker" -- "${cmd[@]}")
  read -r t rc <<<"$res"
  if [ "$what" = motor ] && [ "$t" != - ]; then
    k=$(sed -n 's/.*motor: ready in \([0-9.]*\) ms.*/\1/p' "$log" | head -1)
  fi
  echo "${t} ${k:--} rc=$rc" >>"$WORK/$what-$m-$n"
}

have_motor=yes all_ready=yes
[ -f "$KERNEL" ] || { have_motor=no; echo "bench/boot.sh: no Motor kernel at $KERNEL: floor only" >&2; }

echo "QEMU: $(qemu-system-x86_64 --version | head -1); accel tcg; $REPS runs per row, interleaved"
echo "host: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
example=()
qemu_cmd example "$KERNEL" q35 1
echo "Motor command (q35, 1 cpu): ${example[*]}"
start=$SECONDS
for rep in $(seq 1 "$REPS"); do
  for m in "${MACHINES[@]}"; do
    for n in "${CPUS[@]}"; do
      one_run floor "$m" "$n" "$rep"
      # a row whose kernel did not reach ready once is not tried again
      if [ $have_motor = yes ] && ! grep -qs '^- ' "$WORK/motor-$m-$n"; then
        one_run motor "$m" "$n" "$rep"
      fi
    done
  done
done

col() { awk -v c="$1" '{ print $c }' "$2"; }
echo
printf '%-8s %4s | %9s | %-29s | %8s | %s\n' machine cpus "floor ms" \
  "Motor ready ms (min/max)" "ratio" "kernel entry->ready ms"
for m in "${MACHINES[@]}"; do
  for n in "${CPUS[@]}"; do
    read -r fmed _ <<<"$(col 1 "$WORK/floor-$m-$n" | stats)"
    ready=- ratio=- kmed=- note=""
    if [ $have_motor = yes ]; then
      read -r med min max cnt <<<"$(col 1 "$WORK/motor-$m-$n" | stats)"
      read -r kmed _ <<<"$(col 2 "$WORK/motor-$m-$n" | stats 3)"
      if [ "$cnt" -gt 0 ]; then
        ready="$med ($min/$max)"
        ratio=$(awk -v a="$med" -v b="$fmed" 'BEGIN { printf "%.2fx", a / b }')
      fi
      if [ "$cnt" -ne "$REPS" ]; then
        all_ready=no
        note="  (reached ready in $cnt of $(wc -l <"$WORK/motor-$m-$n") runs; QEMU exits: $(col 3 "$WORK/motor-$m-$n" | sort | uniq -c | xargs))"
      fi
    fi
    printf '%-8s %4s | %9s | %-29s | %8s | %s%s\n' "$m" "$n" "$fmed" "$ready" "$ratio" "$kmed" "$note"
  done
done
echo "($((SECONDS - start)) s; times from QEMU process start, medians of $REPS)"
[ $have_motor = yes ] && [ $all_ready = yes ]
