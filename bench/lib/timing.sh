# shellcheck shell=bash
# Timing helpers for the benchmarks (bash >= 5 for EPOCHREALTIME).

# timed_run LOG MARKER_REGEX -- CMD...
#   Runs CMD (stdin /dev/null, stdout into a FIFO, stderr to LOG.err) and
#   stamps each console line with the milliseconds since just before the
#   fork, into LOG as "<ms> <line>". Reads until CMD closes its output; gives
#   up 10 s after the start if MARKER_REGEX has not appeared, 5 s after it if
#   CMD has not ended, and then kills CMD. Prints "marker_ms rc" (marker_ms
#   is - when the marker never came; rc is "timeout" when CMD was killed).
timed_run() {
  local log=$1 marker=$2; shift 3
  local fifo=$log.fifo
  rm -f "$fifo"; mkfifo "$fifo"
  local t0=$EPOCHREALTIME
  "$@" >"$fifo" 2>"$log.err" </dev/null &
  local pid=$! seen=- line now us limit=$((10 * 1000000)) timedout=no
  : >"$log"
  while :; do
    if IFS= read -r -t 1 line; then
      now=$EPOCHREALTIME
      us=$(( ${now/./} - ${t0/./} ))
      line=${line%$'\r'}
      printf '%d.%03d %s\n' $((us / 1000)) $((us % 1000)) "$line" >>"$log"
      if [ "$seen" = - ] && [[ $line =~ $marker ]]; then
        seen=$((us / 1000)).$(printf '%03d' $((us % 1000)))
        limit=$((us + 5 * 1000000))
      fi
    elif [ $? -le 128 ]; then
      break                                   # end of output: CMD exited
    fi
    now=$EPOCHREALTIME
    if [ $(( ${now/./} - ${t0/./} )) -ge "$limit" ]; then
      echo "TIMEOUT" >>"$log"
      timedout=yes
      break
    fi
  done <"$fifo"
  kill "$pid" 2>/dev/null || true
  local rc=0
  wait "$pid" || rc=$?
  rm -f "$fifo"
  [ $timedout = no ] || rc=timeout
  echo "$seen $rc"
}

# stats [DECIMALS]: numbers on stdin ("-" ignored) -> "median min max n",
# or "- - - 0"; DECIMALS defaults to 1.
stats() {
  grep -v '^-$' | sort -n | awk -v d="${1:-1}" '{ v[NR] = $1 }
    END { if (NR == 0) { print "- - - 0"; exit }
          m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          f = "%." d "f"
          printf f " " f " " f " %d\n", m, v[1], v[NR], NR }'
}
