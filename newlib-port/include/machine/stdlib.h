/*
 * Motor's additions to <stdlib.h> (newlib's includes this placeholder):
 * the pseudo-terminal functions POSIX puts there (libposix pty.c).
 */
#ifndef _MACHSTDLIB_H_
#define _MACHSTDLIB_H_

#include <sys/cdefs.h>
#include <stddef.h>

__BEGIN_DECLS
int posix_openpt(int flags);
int grantpt(int fd);
int unlockpt(int fd);
char *ptsname(int fd);
int ptsname_r(int fd, char *buf, size_t len);
__END_DECLS

#endif
