/*
 * Pseudo-terminals: pairs of a master (/dev/ptmx, each open makes a new
 * pair) and a slave (/dev/pts/N). The slave is an ordinary terminal (struct
 * tty) whose device is the master: what the slave's writers send, after
 * output processing, waits in a buffer for the master's readers; what the
 * master's writers send is the slave's input, through its line discipline.
 * Both directions wait when full (the master's writes for the slave's
 * readers, the slave's writes for the master's readers).
 *
 * A slave is locked from its creation until unlockpt (TIOCSPTLCK 0).
 * Closing the master hangs the slave up (its reads get end of file, its
 * writes EIO, its session SIGHUP); once every slave description has closed,
 * the master's reads get EIO when its buffer is empty. A pair is freed
 * when both sides have closed.
 */
#ifndef TTYD_PTY_H
#define TTYD_PTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <motor/fs.h>

#include "tty.h"

#define PTY_MAX MOTOR_PTS_MAX /* pairs: /dev/pts/N */
#define PTY_MAJOR MOTOR_DEV_PTS
#define PTY_BUF 4096      /* the slave's output waiting for the master */

struct pty;

/* A new pair: its master is open, its slave locked. -> 0, -ENOSPC all taken, -ENOMEM. */
long pty_new(struct pty **out);
/* The pair a slave device number names, or NULL. */
struct pty *pty_by_rdev(uint64_t rdev);
/* The pair whose slave t is, or NULL (another terminal). */
struct pty *pty_of(struct tty *t);
struct tty *pty_slave(struct pty *p);

/* A slave description opens (-EIO locked or its master closed) or closes. */
long pty_slave_open(struct pty *p);
void pty_slave_close(struct pty *p);
/* The master description closes: the slave hangs up. */
void pty_master_close(struct pty *p);

/* The master's calls, as tty_read/tty_write answer them (see tty.h). */
long pty_master_read(struct pty *p, size_t max, bool nonblock);
long pty_master_write(struct pty *p, const void *data, size_t len, bool nonblock, bool *kept,
		      uint64_t now);
/*
 * The master's ioctls: TIOCGPTN, TIOCSPTLCK, TIOCGPTLCK, FIONREAD (its
 * buffer), TCGETS/TCSETS* (the master's own settings, kept but unused),
 * TCFLSH, and TIOCGWINSZ/TIOCSWINSZ (the slave's size). -> -ENOIOCTLCMD
 * for the rest.
 */
long pty_master_ioctl(struct pty *p, unsigned long req, uint64_t arg, const void *in,
		      size_t inlen, void *out, size_t outcap, size_t *outlen, uint64_t now);

/* Finishes slave reads whose VTIME timer ran out. -> the earliest timer
 * still running (ns), 0 when none. */
uint64_t pty_expire(uint64_t now);

#endif
