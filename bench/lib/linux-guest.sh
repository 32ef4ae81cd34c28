# shellcheck shell=bash
# Programs in the Linux guest of shared/bench/linux-baseline, under the same
# QEMU as Motor (TCG, -M microvm, PVH entry): what bench/posix/linux-guest.sh
# and tests/posix/linux-guest.sh share. Source it, then:
#
#   lg_setup NAME        finds the baseline (LINUX_BASELINE), sources its
#                        lib.sh, builds its kernel when missing, makes WORK
#                        (removed on exit) and R=$WORK/root with busybox
#   lg_boot MARKER LOG   packs R (its /init must end with `poweroff -f`) and
#                        boots it until MARKER; LOG gets the console lines
#                        with their time in ms
#   lg_cmd               packs R and sets the array A to the QEMU command
#
# Environment: LINUX_BASELINE (default: ../shared/bench/linux-baseline beside
# the repository), W (its work directory, default /tmp/linuxbase), ACCEL (tcg),
# MACHINE (microvm), MEM in MiB (512), KERNEL ($W/vmlinux: PVH entry), TMO
# seconds (600), TSC_KHZ (the host's TSC rate: /proc/cpuinfo's cpu MHz),
# CONSOLE=verbose (kernel messages on the console, for a guest that hangs),
# QEMU_EXTRA (more QEMU arguments, split at spaces: e.g. "-icount shift=0",
# then set TSC_KHZ=1000000 as well: the TSC counts instructions).

lg_setup() {
  local srcdir
  srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  LB=${LINUX_BASELINE:-$srcdir/../shared/bench/linux-baseline}
  [ -f "$LB/lib.sh" ] || { echo "$1: no $LB/lib.sh (set LINUX_BASELINE)" >&2; exit 2; }
  # shellcheck source=/dev/null
  source "$LB/lib.sh" # W, QEMU, qemu_args, timed_run
  ACCEL=${ACCEL:-tcg} MACHINE=${MACHINE:-microvm} MEM=${MEM:-512} TMO=${TMO:-600}
  CONSOLE=${CONSOLE:-quiet}
  export KERNEL=${KERNEL:-$W/vmlinux}
  if [ ! -f "$W/vmlinux" ] || [ ! -x "$W/bbpkg/bin/busybox" ]; then
    echo "# building the Linux baseline in $W ($LB/build.sh)" >&2
    W=$W bash "$LB/build.sh" >&2
  fi
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  # shellcheck disable=SC2064 # WORK is fixed now
  trap "rm -rf '$WORK'" EXIT
  R=$WORK/root
  mkdir -p "$R/bin" "$R/proc" "$R/dev" "$R/tmp"
  cp "$W/bbpkg/bin/busybox" "$R/bin/busybox"
  for a in sh mount poweroff echo cat uname cut; do ln -s busybox "$R/bin/$a"; done
}

lg_boot() {
  local marker=$1 log=$2
  lg_cmd
  timed_run "$log" "$TMO" "$marker" -- "${A[@]}" >/dev/null
}

# lg_cmd: packs R and sets A to the QEMU command that boots it.
lg_cmd() {
  chmod +x "$R/init"
  (cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) >"$WORK/initramfs.cpio.gz"
  mapfile -t A < <(qemu_args "$ACCEL" "$MACHINE" "$MEM" none "$CONSOLE")
  # Under TCG the guest's TSC runs at the host's rate. Linux calibrates it
  # against the PIT, which fails now and then when the host is busy ("tsc:
  # Unable to calibrate against PIT"), and the boot then hangs; giving the
  # rate up front avoids that and changes nothing in what is measured.
  local khz i
  khz=${TSC_KHZ:-$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)}
  for i in "${!A[@]}"; do
    case ${A[$i]} in
      -initrd) A[i + 1]=$WORK/initramfs.cpio.gz ;; # this initramfs instead of the httpd one
      -append) [ -n "$khz" ] && A[i + 1]="${A[i + 1]} tsc_early_khz=$khz" ;;
    esac
  done
  # shellcheck disable=SC2206 # split on purpose
  A+=(${QEMU_EXTRA:-})
  echo "# $(${QEMU} --version | head -1); ${A[*]}" >&2
}
