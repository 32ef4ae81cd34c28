# shellcheck shell=bash
# bench_args SCRIPT ARGS...: the benchmarks' common options, -n REPS and
# -b BUILDDIR (REPS and BUILDDIR hold the defaults when called). A wrong
# option or operand prints SCRIPT's "# Usage:" line and exits 2.
bench_args() {
  local script=$1 opt OPTIND=1
  shift
  while getopts "n:b:h" opt; do
    case $opt in
      n) REPS=$OPTARG ;;
      b) BUILDDIR=$OPTARG ;;
      *) bench_usage "$script" ;;
    esac
  done
  shift $((OPTIND - 1))
  [ $# -eq 0 ] || bench_usage "$script"
  [[ $REPS =~ ^[1-9][0-9]*$ ]] || { echo "${script##*/}: -n wants a positive number" >&2; exit 2; }
}

bench_usage() {
  grep -m1 '^# Usage:' "$1" | sed 's/^# //' >&2
  exit 2
}
