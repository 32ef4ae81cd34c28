/*
 * Pseudo-terminal conveniences, as glibc's <pty.h> has them (login_tty,
 * which glibc declares in <utmp.h>, is here too: Motor has no utmp).
 * libposix pty.c.
 */
#ifndef _PTY_H
#define _PTY_H

#include <sys/cdefs.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <termios.h>

__BEGIN_DECLS
/* A new pair: *master and *slave open (the slave unlocked), its path in name
 * if not NULL (at least 20 bytes), settings and size applied if given. */
int openpty(int *master, int *slave, char *name, const struct termios *tio,
	    const struct winsize *ws);
/* fork with a new pty: the child leads a new session with the slave as its
 * controlling terminal and stdin, stdout and stderr. -> as fork. */
pid_t forkpty(int *master, char *name, const struct termios *tio, const struct winsize *ws);
/* Makes fd the caller's controlling terminal (setsid, TIOCSCTTY) and its
 * stdin, stdout and stderr; closes fd. */
int login_tty(int fd);
__END_DECLS

#endif
