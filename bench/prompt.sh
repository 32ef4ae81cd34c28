#!/bin/bash
# bench/prompt.sh — boot to a shell prompt: Motor beside QEMU's floor and the
# Linux guest, in one run (a benchmark, not a test).
#
# Usage: bench/prompt.sh [-n REPS] [-b BUILDDIR]      (defaults: 5, $PWD)
#
# Under TCG, -M microvm, 1 CPU, 256 MiB, QEMU process start to:
#   floor  a byte on COM1 from a trivial PVH kernel (bench/lib/floor.sh);
#   Motor  "motor: ready" (the kernel is up), and the login shell's prompt
#          (init, the servers, /etc/rc, dash reading /etc/profile): exactly
#          what `make run` and ./setup.sh boot, no command line;
#   Linux  the prompt of busybox's shell started by /init, in the Linux guest
#          of shared/bench/linux-baseline (bench/lib/linux-guest.sh), with
#          the same QEMU, machine and memory.
# Then, at Motor's idle prompt, `free`, and the image's size and contents.
# Runs are interleaved; medians. Exit status 0 iff every boot reached its mark.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(dirname "$BENCH")
# shellcheck source=bench/lib/args.sh
source "$BENCH/lib/args.sh"
# shellcheck source=bench/lib/floor.sh
source "$BENCH/lib/floor.sh"
# shellcheck source=bench/lib/linux-guest.sh
source "$BENCH/lib/linux-guest.sh"

REPS=5 BUILDDIR=$PWD
bench_args "${BASH_SOURCE[0]}" "$@"
BUILDDIR=$(cd "$BUILDDIR" && pwd)
KERNEL_ELF=$BUILDDIR/kernel/motor.elf INITRD=$BUILDDIR/distro/initrd.cpio
for f in "$KERNEL_ELF" "$INITRD"; do
  [ -f "$f" ] || { echo "bench/prompt.sh: no $f: build first (make)" >&2; exit 2; }
done
[ -d "$BUILDDIR/ports/image" ] || { echo "bench/prompt.sh: no ports (no shell) in this build" >&2; exit 2; }

MEM=256 MACHINE=microvm
lg_setup motor-prompt        # WORK, R (removed on exit)
build_floor "$WORK"
cat >"$R/init" <<'SH'
#!/bin/sh
mount -t proc proc /proc
PS1='linux# ' exec /bin/sh -i
SH
lg_cmd 2>/dev/null
printf '%s\n' "${A[@]}" >"$WORK/linux.cmd"
motor_cmd() { # KERNEL [INITRD]: the launcher's QEMU command, one argument a line
  local line args=()
  [ -z "${2:-}" ] || args=(--initrd "$2")
  line=$("$SRCDIR/tools/motor-run" --print-cmd --accel tcg --machine $MACHINE --cpus 1 \
           --mem $MEM --kernel "$1" "${args[@]}" --cmdline '' </dev/null)
  eval "local a=($line)"
  printf '%s\n' "${a[@]}"
}
motor_cmd "$KERNEL_ELF" "$INITRD" >"$WORK/motor.cmd"
motor_cmd "$WORK/floor-pvh.elf" >"$WORK/floor.cmd"

echo "QEMU: $(qemu-system-x86_64 --version | head -1); tcg, $MACHINE, 1 CPU, $MEM MiB; $REPS runs each, interleaved"
echo "host: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
rc=0
"$BENCH/lib/to_prompt.py" "$REPS" \
  "floor (byte on COM1)=X\r?\n=$WORK/floor.cmd" \
  "Motor kernel ready=motor: ready in=$WORK/motor.cmd" \
  "Motor shell prompt=motor:/root# =$WORK/motor.cmd" \
  "Linux shell prompt=linux# =$WORK/linux.cmd" \
  --then "Motor shell prompt" free || rc=$?

echo
echo "image: $(du -k "$INITRD" | cut -f1) KiB initrd ($(cpio -it <"$INITRD" 2>/dev/null | wc -l) entries), kernel $(du -k "$KERNEL_ELF" | cut -f1) KiB"
gen=$BUILDDIR/distro/rootfs-gen
for d in bin sbin usr etc test bench; do
  [ -d "$gen/$d" ] && printf '  /%-6s %6s KiB  %s files, %s links\n' "$d" "$(du -sk "$gen/$d" | cut -f1)" \
    "$(find "$gen/$d" -type f | wc -l)" "$(find "$gen/$d" -type l | wc -l)"
done
exit $rc
