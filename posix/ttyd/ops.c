/*
 * Decoding of the tty server's calls (see ops.h): one small function per
 * operation, found through a table indexed by the operation number.
 */
#define _DEFAULT_SOURCE 1 /* glibc's <termios.h> under -std=c11 (host checks) */

#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>

#include <motor/errno.h>
#include <motor/fs.h>
#include <motor/handle.h>
#include <motor/usyscall.h>

#include "ops.h"
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

/* /dev/tty (minor 0) is the console too until processes have controlling terminals (issue 5). */
static struct tty *tty_of_minor(uint64_t minor)
{
	if (minor == MOTOR_DEV_MINOR_CONSOLE || minor == MOTOR_DEV_MINOR_TTY)
		return console;
	return NULL;
}

/* ---- file operations ---- */

static long op_read(const struct request *rq, struct session *s, struct answer *a)
{
	if ((s->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (rq->w[1] == 0)
		return 0;
	size_t max = rq->w[1] < LDISC_BUF ? (size_t)rq->w[1] : LDISC_BUF;
	long r = tty_read(s->tty, max, s->flags & O_NONBLOCK, rq->now);
	a->done = r == 0;
	return r;
}

static long op_write(const struct request *rq, struct session *s, struct answer *a)
{
	if ((s->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	return tty_write(s->tty, rq->data, rq->len, s->flags & O_NONBLOCK, &a->done);
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
	st.ino = s->minor + 1; /* one file per device: stable */
	st.mode = S_IFCHR | (s->minor == MOTOR_DEV_MINOR_TTY ? 0666 : 0620);
	st.nlink = 1;
	st.rdev = (uint64_t)MOTOR_DEV_TTY << 8 | s->minor;
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

/* A pending read of this description stays: its caller still waits for it. */
static long op_close(const struct request *rq, struct session *s, struct answer *a)
{
	(void)rq, (void)a;
	session_release(s);
	return 0;
}

/* The description gains its holder only once the new handle has been answered. */
static long op_clone(const struct request *rq, struct session *s, struct answer *a)
{
	long err = session_hold(s);
	if (err)
		return err;
	long h = motor_handle_dup(endpoint, SESSION_RIGHTS, (long)rq->badge);
	if (h < 0) {
		session_release(s);
		return h;
	}
	if (reply_send(0, 0, NULL, 0, h) < 0)
		session_release(s);
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

static long op_ioctl(const struct request *rq, struct session *s, struct answer *a)
{
	static union {
		struct termios tio;
		struct winsize ws;
		int n;
	} out;
	size_t outlen;
	long r = tty_ioctl(s->tty, rq->w[1], rq->w[2], rq->data, rq->len, &out, sizeof(out),
			   &outlen, rq->now);

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

/* DEV_OPEN: w1 = minor, w2 = O_* flags. Answers 0 and the session's handle. */
static long dev_open(const struct request *rq, struct answer *a)
{
	struct tty *t = tty_of_minor(rq->w[1]);
	int flags = (int)(rq->w[2] & STATUS_FLAGS);
	uint64_t badge;

	if (!t)
		return -ENXIO;
	if ((flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	long err = session_new(t, (unsigned)rq->w[1], flags, &badge);
	if (err)
		return err;
	struct session *s = session_get(badge);
	long h = motor_handle_dup(endpoint, SESSION_RIGHTS, (long)badge);
	if (h < 0) {
		session_release(s);
		return h;
	}
	if (reply_send(0, 0, NULL, 0, h) < 0)
		session_release(s); /* the VFS server gave up: nobody holds it */
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
