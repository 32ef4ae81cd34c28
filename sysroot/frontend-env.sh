#!/bin/sh
# x86_64-motor-elf-env: the environment for cross-building with this sysroot:
# its bin/ first on PATH, CONFIG_SITE (the cache answers ./configure needs
# when it cannot run test programs) and MOTOR_SYSROOT.
#
#   x86_64-motor-elf-env ./configure --host=x86_64-motor-elf   one command
#   eval "$(/path/to/sysroot/bin/x86_64-motor-elf-env)"       this shell
set -eu
self=$(readlink -f "$0")
sysroot=$(dirname "$(dirname "$self")")
MOTOR_SYSROOT=$sysroot
PATH=$sysroot/bin:$PATH
CONFIG_SITE=$sysroot/share/motor/config.site
export MOTOR_SYSROOT PATH CONFIG_SITE
if [ $# -gt 0 ]; then
	exec "$@"
fi
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
for v in MOTOR_SYSROOT PATH CONFIG_SITE; do
	eval "value=\$$v"
	printf 'export %s=%s\n' "$v" "$(quote "$value")"
done
