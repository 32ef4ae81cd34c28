/*
 * A terminal: a line discipline between a device (the serial console now,
 * a pty's master side with issue 5) and the sessions that read and write
 * it, with the calls that wait on it.
 *
 * Reads that cannot complete are kept (their replies saved) in arrival
 * order; only the first one takes input, and it completes when the line
 * discipline says so (a line, VMIN bytes) or when its VTIME timer runs
 * out. Writes made while output is stopped (IXON ^S, tcflow) are held,
 * bytes and reply, until output restarts. Input that a reader's reply
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
	void *ctx;
};

struct tty_call; /* a kept read or write */

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
};

/* At most this many reads (and as many writes) wait per terminal. */
#define TTY_MAX_WAITING 256

void tty_init(struct tty *t, const struct tty_device *dev);

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

#endif
