/*
 * A terminal: a line discipline between a device (the serial console, or
 * a pty's master side) and the sessions that read and write it, with the
 * calls that wait on it.
 *
 * Reads that cannot complete are kept (their replies saved) in arrival
 * order; only the first one takes input, and it completes when the line
 * discipline says so (a line, VMIN bytes) or when its VTIME timer runs
 * out. Writes made while output is stopped (IXON ^S, tcflow) or while the
 * device has no room (a pty master nobody reads) are held, bytes and
 * reply, until output can go on. Input that a reader's reply
 * could not deliver (the reader gave up) stays for the next reader.
 *
 * Every function that takes `now` wants the monotonic clock in ns.
 */
#ifndef TTYD_TTY_H
#define TTYD_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "ldisc.h"
#include "server/watch.h"

/* Where a terminal's output goes. */
struct tty_device {
	void (*write)(void *ctx, const char *bytes, size_t n);
	/* How many bytes write takes now (a pty master's buffer); NULL: all. */
	size_t (*room)(void *ctx);
	/* A reader took input: there is room for more (a pty master's writes). */
	void (*input_taken)(void *ctx);
	void *ctx;
};

/* A kept call: a read waiting for input or a write waiting for output room. */
struct tty_call {
	struct tty_call *next;
	long reply;  /* the saved reply */
	size_t max;  /* reads: the most bytes wanted */
	char *data;  /* writes: the bytes not yet written */
	size_t len;
	size_t done; /* writes: bytes written before (counted in the answer) */
};

struct tty_queue {
	struct tty_call *head, *tail;
	unsigned count;
};

struct tty {
	struct ldisc ld;
	struct winsize ws;
	struct tty_device dev;
	struct tty_queue readers;
	struct tty_queue writers;
	uint64_t deadline; /* the first reader's VTIME timer (ns), 0 when none */
	struct watch_list watches; /* its sessions' readiness watches (poll, epoll) */
	uint32_t rdev;     /* its device number: how procd names it */
	bool ctty;         /* it may control a session (procd knows which) */
	bool hungup;       /* a pty slave whose master closed: reads 0, writes EIO */
};

/* At most this many reads (and as many writes) wait per terminal. */
#define TTY_MAX_WAITING 256

/* rdev: the device number (major << 8 | minor). */
void tty_init(struct tty *t, const struct tty_device *dev, uint32_t rdev);

/*
 * Keeps the call just received on q (data: a write's len bytes, copied;
 * done: bytes already written). -> the kept call, or NULL (out of memory,
 * or TTY_MAX_WAITING calls wait already).
 */
struct tty_call *tty_keep(struct tty_queue *q, size_t max, const void *data, size_t len,
			  size_t done);
struct tty_call *tty_pop(struct tty_queue *q);
/* Answers every call on q with result (a write: what it wrote, if any). */
void tty_answer_all(struct tty_queue *q, long result);

/* Bytes received by the device: the line discipline, echo, then readers. */
void tty_input(struct tty *t, const void *bytes, size_t n, uint64_t now);

/*
 * Answers the call just received, a read of up to max bytes (> 0), now or
 * later. -> 0 when answered or kept; a negative errno to answer with
 * instead (-EAGAIN: nonblock and nothing to read now).
 */
long tty_read(struct tty *t, size_t max, bool nonblock, uint64_t now);

/*
 * Writes len bytes for the call just received. -> len, or 0 with *kept
 * set when output is stopped and the call was kept (its answer comes when
 * output restarts); a negative errno (-EAGAIN when nonblock).
 */
long tty_write(struct tty *t, const void *data, size_t len, bool nonblock, bool *kept);

/*
 * A terminal request (Linux's numbers, <sys/ioctl.h>). in/inlen are the
 * caller's data, out (outcap bytes) receives data back (*outlen bytes);
 * arg is the integer argument of requests that take one (TCFLSH, TCXONC,
 * TCSBRK). -> 0 or a negative errno (-ENOTTY unknown request, -EINVAL
 * data of the wrong size).
 */
long tty_ioctl(struct tty *t, unsigned long req, uint64_t arg, const void *in, size_t inlen,
	       void *out, size_t outcap, size_t *outlen, uint64_t now);

/*
 * Readiness of a session opened with access acc (MOTOR_POLL_* bits), as
 * Linux's n_tty gives it: readable when a read would not wait for input (a
 * line in canonical mode; max(VMIN, 1) bytes otherwise) and no read waits
 * ahead of it; writable unless output is stopped.
 */
uint32_t tty_revents(const struct tty *t, int acc);

/* Finishes the first read if its VTIME timer has run out. */
void tty_expire(struct tty *t, uint64_t now);

/* The device has room again: held writes go on. */
void tty_output_room(struct tty *t);

/* The other side is gone (a pty's master closed): waiting reads get end of
 * file, held writes EIO, and so do later calls. */
void tty_hangup(struct tty *t);

#endif
