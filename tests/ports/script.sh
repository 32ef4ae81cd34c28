#!/bin/sh
# script.sh: dash on Motor, run by test_ports.py as /test/ports/script.sh.
set -e
total=0
for n in 1 2 3 4; do total=$((total + n)); done
echo "sum: $total"
case "$0" in */script.sh) echo "name: ok" ;; *) echo "name: $0" ;; esac
f=/tmp/script.$$
printf 'b\na\nc\n' > "$f"
echo sorted: $(sort "$f")
rm "$f"
[ ! -e "$f" ] && echo "removed: yes"
sleep 1 &
wait $! && echo "background: done"
( exit 5 ) || echo "subshell: $?"
trap 'echo "trap: EXIT"' EXIT
exit 4
