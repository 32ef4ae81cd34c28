/*
 * Decoding of the tty server's calls (see ops.h): one small function per
 * operation, found through a table indexed by the operation number. A
 * session is on a terminal (the console, a pty's slave) or on a pty's
 * master; the terminal's calls check job control first (jobctl.c) with the
 * caller's pid from w3.
 */
#define _DEFAULT_SOURCE 1 /* glibc's <termios.h> under -std=c11 (host checks) */

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>

#include <motor/errno.h>
#include <motor/fs.h>
#include <motor/handle.h>
#include <motor/usyscall.h>

#include "jobctl.h"
#include "ops.h"
#include "pty.h"
#include "server/reply.h"
#include "session.h"

#define SESSION_RIGHTS (MOTOR_RIGHT_CALL | MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER)
#define STATUS_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK)
#define TTYD_DEV ((uint64_t)MOTOR_DEV_TTY << 8) /* st_dev of our files */

static long endpoint;
static struct tty *console;

/* What to answer besides the result. */
struct answer {
	const void *data;
	size_t len;
	bool done; /* answered already, or kept to answer later */
	bool took; /* the request's handle was taken */
};

typedef long (*file_op)(const struct request *rq, struct session *s, struct answer *a);

void ops_init(long ep, struct tty *con)
{
	endpoint = ep;
	console = con;
}

#define RDEV(major, minor) ((uint32_t)(major) << 8 | (minor))
#define RDEV_TTY RDEV(MOTOR_DEV_TTY, MOTOR_DEV_MINOR_TTY)
#define RDEV_CONSOLE RDEV(MOTOR_DEV_TTY, MOTOR_DEV_MINOR_CONSOLE)
#define RDEV_PTMX RDEV(MOTOR_DEV_TTY, MOTOR_DEV_MINOR_PTMX)

/* The terminal a device number names (the console, a pty's slave), or NULL. */
static struct tty *tty_of_rdev(uint64_t rdev)
{
	struct pty *p;

	if (rdev == RDEV_CONSOLE)
		return console;
	p = pty_by_rdev(rdev);
	return p ? pty_slave(p) : NULL;
}

/* The pair of a master session. */
static struct pty *master_of(struct session *s)
{
	return pty_of(s->tty);
}

/* ---- file operations ---- */

static long op_read(const struct request *rq, struct session *s, struct answer *a)
{
	if ((s->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (rq->w[1] == 0)
		return 0;
	size_t max = rq->w[1] < LDISC_BUF ? (size_t)rq->w[1] : LDISC_BUF;
	bool nonblock = s->flags & O_NONBLOCK;
	long r;
	if (s->master)
		r = pty_master_read(master_of(s), max, nonblock);
	else if (!s->tty->hungup && (r = jobctl_check(s->tty, rq->w[3], SIGTTIN)) != 0)
		return r;
	else
		r = tty_read(s->tty, max, nonblock, rq->now);
	a->done = r == 0;
	return r;
}

static long op_write(const struct request *rq, struct session *s, struct answer *a)
{
	if ((s->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	bool nonblock = s->flags & O_NONBLOCK;
	if (s->master)
		return pty_master_write(master_of(s), rq->data, rq->len, nonblock, &a->done, rq->now);
	if (!s->tty->hungup && (s->tty->ld.tio.c_lflag & TOSTOP)) {
		long r = jobctl_check(s->tty, rq->w[3], SIGTTOU);
		if (r)
			return r;
	}
	return tty_write(s->tty, rq->data, rq->len, nonblock, &a->done);
}

static long op_not_seekable(const struct request *rq, struct session *s, struct answer *a)
{
	(void)rq, (void)s, (void)a;
	return -ESPIPE; /* seek, pread, pwrite */
}

static long op_stat(const struct request *rq, struct session *s, struct answer *a)
{
	static struct motor_stat st;

	(void)rq;
	memset(&st, 0, sizeof(st));
	st.dev = TTYD_DEV;
	st.ino = s->rdev + 1; /* one file per device: stable */
	st.mode = S_IFCHR | (s->rdev == RDEV_TTY || s->rdev == RDEV_PTMX ? 0666 : 0620);
	st.nlink = 1;
	st.rdev = s->rdev;
	st.blksize = 1024;
	a->data = &st;
	a->len = sizeof(st);
	return 0;
}

static long op_truncate(const struct request *rq, struct session *s, struct answer *a)
{
	(void)rq, (void)s, (void)a;
	return -EINVAL; /* Linux's answer for a terminal */
}

static long op_getdents(const struct request *rq, struct session *s, struct answer *a)
{
	(void)rq, (void)s, (void)a;
	return -ENOTDIR;
}

static long op_sync(const struct request *rq, struct session *s, struct answer *a)
{
	(void)rq, (void)s, (void)a;
	return 0; /* output is written as it comes */
}

/* The description has no holder left: a pty's side closes. */
static void closed(struct tty *t, bool master)
{
	struct pty *p = pty_of(t);

	if (p && master)
		pty_master_close(p);
	else if (p)
		pty_slave_close(p);
}

/* A pending read of this description stays: its caller still waits for it. */
static long op_close(const struct request *rq, struct session *s, struct answer *a)
{
	(void)rq, (void)a;
	struct tty *t = s->tty;
	bool master = s->master;
	if (session_release(s, false))
		closed(t, master);
	return 0;
}

void ops_closed(uint64_t badge)
{
	struct session *s = session_get(badge);
	if (!s)
		return;
	struct tty *t = s->tty;
	bool master = s->master;
	if (session_release(s, true))
		closed(t, master);
}

/* The description gains its holder only once the new handle has been answered. */
static long op_clone(const struct request *rq, struct session *s, struct answer *a)
{
	long err = session_hold(s);
	if (err)
		return err;
	long h = motor_handle_dup(endpoint, SESSION_RIGHTS, (long)rq->badge);
	if (h < 0) {
		session_release(s, false);
		return h;
	}
	if (reply_send(0, 0, NULL, 0, h) < 0)
		session_release(s, false);
	a->done = true;
	return 0;
}

/* FILE_HOLD: a fork's child holds the session through the same handle. */
static long op_hold(const struct request *rq, struct session *s, struct answer *a)
{
	(void)rq, (void)a;
	return session_hold(s);
}

static long op_getfl(const struct request *rq, struct session *s, struct answer *a)
{
	(void)rq, (void)a;
	return s->flags & STATUS_FLAGS;
}

static long op_setfl(const struct request *rq, struct session *s, struct answer *a)
{
	(void)a;
	s->flags = (s->flags & ~(O_APPEND | O_NONBLOCK)) | (int)(rq->w[1] & (O_APPEND | O_NONBLOCK));
	return 0;
}

/* The requests a background process may not make without SIGTTOU (Linux's tty_check_change). */
static bool changes_settings(unsigned long req)
{
	return req == TCSETS || req == TCSETSW || req == TCSETSF || req == TCFLSH || req == TCXONC;
}

static long op_ioctl(const struct request *rq, struct session *s, struct answer *a)
{
	static union {
		struct termios tio;
		struct winsize ws;
		int n;
	} out;
	size_t outlen = 0;
	unsigned long req = rq->w[1];
	long r;

	if (!s->master && s->tty->hungup)
		return -EIO;
	r = jobctl_ioctl(s->tty, rq->w[3], s->master, req, rq->w[2], rq->data, rq->len, &out,
			 &outlen);
	if (r == -ENOIOCTLCMD && s->master) {
		r = pty_master_ioctl(master_of(s), req, rq->w[2], rq->data, rq->len, &out,
				     sizeof(out), &outlen, rq->now);
	} else if (r == -ENOIOCTLCMD) {
		r = changes_settings(req) ? jobctl_check(s->tty, rq->w[3], SIGTTOU) : 0;
		if (r == 0)
			r = tty_ioctl(s->tty, req, rq->w[2], rq->data, rq->len, &out, sizeof(out),
				      &outlen, rq->now);
	}
	if (r == -ENOIOCTLCMD)
		r = -ENOTTY;
	if (r == 0) {
		a->data = &out;
		a->len = outlen;
	}
	return r;
}

static uint32_t session_revents(uint64_t badge)
{
	struct session *s = session_get(badge);

	return s ? tty_revents(s->tty, s->flags & O_ACCMODE) : 0;
}

/* FILE_WATCH, FILE_POLL, FILE_UNWATCH: the answer has revents in w1. */
static long op_readiness(const struct request *rq, struct session *s, struct answer *a)
{
	uint64_t w[4];

	watch_serve(&s->tty->watches, rq->badge, session_revents(rq->badge), rq->w, rq->handle,
		    &a->took, w);
	reply_words(0, w, NULL, 0, 0);
	a->done = true;
	return 0;
}

void ops_wake(void)
{
	if (console->watches.head)
		watch_wake(&console->watches, session_revents);
}

#define FILE_OP_FIRST FILE_READ
#define FILE_OP_LAST FILE_UNWATCH

/* chmod and chown are missing: the VFS server owns the /dev nodes' metadata. */
static const file_op file_ops[FILE_OP_LAST - FILE_OP_FIRST + 1] = {
	[FILE_READ - FILE_OP_FIRST] = op_read,
	[FILE_WRITE - FILE_OP_FIRST] = op_write,
	[FILE_PREAD - FILE_OP_FIRST] = op_not_seekable,
	[FILE_PWRITE - FILE_OP_FIRST] = op_not_seekable,
	[FILE_SEEK - FILE_OP_FIRST] = op_not_seekable,
	[FILE_STAT - FILE_OP_FIRST] = op_stat,
	[FILE_TRUNCATE - FILE_OP_FIRST] = op_truncate,
	[FILE_GETDENTS - FILE_OP_FIRST] = op_getdents,
	[FILE_SYNC - FILE_OP_FIRST] = op_sync,
	[FILE_CLOSE - FILE_OP_FIRST] = op_close,
	[FILE_CLONE - FILE_OP_FIRST] = op_clone,
	[FILE_HOLD - FILE_OP_FIRST] = op_hold,
	[FILE_GETFL - FILE_OP_FIRST] = op_getfl,
	[FILE_SETFL - FILE_OP_FIRST] = op_setfl,
	[FILE_IOCTL - FILE_OP_FIRST] = op_ioctl,
	[FILE_WATCH - FILE_OP_FIRST] = op_readiness,
	[FILE_POLL - FILE_OP_FIRST] = op_readiness,
	[FILE_UNWATCH - FILE_OP_FIRST] = op_readiness,
};

/* ---- opening ---- */

/* The terminal and side an open of rdev by pid reaches. -> 0 or a negative errno. */
static long open_target(uint64_t rdev, uint64_t pid, struct tty **t, bool *master)
{
	struct pty *p;
	long err;

	*master = false;
	if (rdev == RDEV_PTMX) {
		if ((err = pty_new(&p)) < 0)
			return err;
		*t = pty_slave(p);
		*master = true;
		return 0;
	}
	*t = tty_of_rdev(rdev == RDEV_TTY ? jobctl_ctty_of(pid) : rdev);
	if (!*t)
		return -ENXIO; /* /dev/tty without a controlling terminal, or no such pty */
	p = pty_of(*t);
	return p ? pty_slave_open(p) : 0;
}

/* DEV_OPEN: w1 = device number, w2 = O_* flags, w3 = the opener's pid.
 * Answers 0 and the session's handle. */
static long dev_open(const struct request *rq, struct answer *a)
{
	int flags = (int)(rq->w[2] & STATUS_FLAGS);
	uint64_t badge;
	struct tty *t;
	bool master;

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	long err = open_target(rq->w[1], rq->w[3], &t, &master);
	if (err)
		return err;
	err = session_new(t, (uint32_t)rq->w[1], master, flags, &badge);
	if (err) {
		closed(t, master);
		return err;
	}
	struct session *s = session_get(badge);
	long h = motor_handle_dup(endpoint, SESSION_RIGHTS, (long)badge);
	if (h < 0) {
		if (session_release(s, false))
			closed(t, master);
		return h;
	}
	if (!master && !(rq->w[2] & O_NOCTTY) && rq->w[1] != RDEV_TTY)
		jobctl_open(t, rq->w[3]);
	if (reply_send(0, 0, NULL, 0, h) < 0 && session_release(s, false))
		closed(t, master); /* the VFS server gave up: nobody holds it */
	a->done = true;
	return 0;
}

void ops_dispatch(const struct request *rq)
{
	struct answer a = {0};
	uint64_t op = rq->w[0];
	long r;

	if (op == DEV_OPEN) {
		/* Only the unbadged handle (the VFS server's) opens. */
		r = rq->badge ? -ENOSYS : dev_open(rq, &a);
	} else if (op < FILE_OP_FIRST || op > FILE_OP_LAST || !file_ops[op - FILE_OP_FIRST]) {
		r = -ENOSYS;
	} else {
		struct session *s = session_get(rq->badge);

		r = s ? file_ops[op - FILE_OP_FIRST](rq, s, &a) : -EBADF;
	}
	if (!a.done)
		reply_send(0, r, r >= 0 ? a.data : NULL, r >= 0 ? a.len : 0, 0);
	if (rq->handle > 0 && !a.took)
		motor_handle_close(rq->handle);
	/* A readiness call changes nothing; anything else may make watches due. */
	if (op != FILE_WATCH && op != FILE_POLL && op != FILE_UNWATCH)
		ops_wake();
}
