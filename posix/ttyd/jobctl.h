/*
 * Job control as the tty server sees it: procd keeps sessions, their
 * controlling terminals and foreground process groups (PROC_TTY_* in
 * motor/proc.h); this file asks it, naming terminals by device number and
 * callers by the pid that libposix puts in each file call (w3). Without
 * procd's tty handle (MOTOR_AT_SERVER2) there is no job control: no
 * terminal controls a session, signal characters reach nobody.
 */
#ifndef TTYD_JOBCTL_H
#define TTYD_JOBCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tty;

/* proc: the handle to procd with the tty server's badge, or 0. */
void jobctl_init(long proc);

/* Signals t's foreground process group (ISIG characters, SIGWINCH). */
void jobctl_signal(struct tty *t, int sig);
/* t's other side went away: SIGHUP to its session; it controls none then. */
void jobctl_hangup(struct tty *t);

/* pid opened t without O_NOCTTY: a session leader without a terminal gets it. */
void jobctl_open(struct tty *t, uint64_t pid);
/* The device number of pid's controlling terminal, 0 if none. */
uint32_t jobctl_ctty_of(uint64_t pid);

/*
 * Before pid reads t (SIGTTIN) or writes it or changes its settings
 * (SIGTTOU): -> 0 go ahead, -EIO, or -EINTR (the signal went to pid's
 * group: the caller is to try again once continued).
 */
long jobctl_check(struct tty *t, uint64_t pid, int sig);

/*
 * The job-control requests: TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP,
 * TIOCGSID (as ttyd's tty_ioctl takes them; out: a pid_t). master: the
 * call came on a pty's master side (TIOCGPGRP answers its slave's group).
 * -> 0 or a negative errno; -ENOIOCTLCMD when req is none of them.
 */
#define ENOIOCTLCMD 515
long jobctl_ioctl(struct tty *t, uint64_t pid, bool master, unsigned long req, uint64_t arg,
		  const void *in, size_t inlen, void *out, size_t *outlen);

#endif
