/*
 * paths.h: where things are on Motor (BSD's and glibc's names; newlib's
 * own copy has only the four /dev and shell ones). Shells and editors use
 * _PATH_TMP for their temporary files, _PATH_DEFPATH when PATH is unset.
 */
#ifndef _PATHS_H_
#define _PATHS_H_

#define _PATH_BSHELL "/bin/sh"
#define _PATH_DEFPATH "/bin:/sbin" /* what init gives its program */
#define _PATH_STDPATH "/bin:/sbin"
#define _PATH_CONSOLE "/dev/console"
#define _PATH_DEV "/dev/"
#define _PATH_DEVNULL "/dev/null"
#define _PATH_DEVZERO "/dev/zero"
#define _PATH_TTY "/dev/tty"
#define _PATH_TMP "/tmp/"
#define _PATH_VARTMP "/tmp/" /* no /var: tmpfs at /tmp is the scratch space */
#define _PATH_PASSWD "/etc/passwd"
#define _PATH_GROUP "/etc/group"

#endif
