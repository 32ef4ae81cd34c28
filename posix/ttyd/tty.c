/*
 * Terminals (see tty.h): the line discipline's echo and output go to the
 * device; reads and writes that must wait are kept here with their saved
 * replies. Signal characters and window size changes signal the
 * foreground process group through jobctl.c.
 */
#define _DEFAULT_SOURCE 1 /* glibc's <termios.h> under -std=c11 (host checks) */

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include <motor/errno.h>
#include <motor/fs.h>

#include "jobctl.h"
#include "server/reply.h"
#include "tty.h"

#define NS_PER_MS 1000000ull

struct tty_call *tty_keep(struct tty_queue *q, size_t max, const void *data, size_t len,
			  size_t done)
{
	struct tty_call *c;

	if (q->count >= TTY_MAX_WAITING || !(c = calloc(1, sizeof(*c))))
		return NULL;
	if (data && !(c->data = malloc(len ? len : 1))) {
		free(c);
		return NULL;
	}
	long h = reply_keep();
	if (h < 0) {
		free(c->data);
		free(c);
		return NULL;
	}
	if (data)
		memcpy(c->data, data, len);
	c->reply = h;
	c->max = max;
	c->len = len;
	c->done = done;
	c->next = NULL;
	if (q->tail)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
	q->count++;
	return c;
}

struct tty_call *tty_pop(struct tty_queue *q)
{
	struct tty_call *c = q->head;

	if (c) {
		q->head = c->next;
		if (!q->head)
			q->tail = NULL;
		q->count--;
	}
	return c;
}

void tty_answer_all(struct tty_queue *q, long result)
{
	struct tty_call *c;

	while ((c = tty_pop(q))) {
		long r = result < 0 && c->done ? (long)c->done : result;
		reply_send(c->reply, r, NULL, 0, 0); /* -ESRCH: it gave up */
		free(c->data);
		free(c);
	}
}

/* ---- output ---- */

static void device_write(struct tty *t, const char *bytes, size_t n)
{
	if (n)
		t->dev.write(t->dev.ctx, bytes, n);
}

/* Bytes from a writer through output mapping, as many as the device takes now. -> taken */
static size_t output(struct tty *t, const char *data, size_t len)
{
	char out[4096];
	size_t done = 0;

	while (done < len) {
		size_t cap = sizeof(out), olen, used;

		if (t->dev.room) {
			size_t room = t->dev.room(t->dev.ctx);
			if (room < LDISC_OUT_MIN)
				break;
			if (room < cap)
				cap = room;
		}
		used = ldisc_output(&t->ld, data + done, len - done, out, cap, &olen);
		device_write(t, out, olen);
		done += used;
	}
	return done;
}

static void on_echo(void *ctx, const char *bytes, size_t n)
{
	device_write(ctx, bytes, n);
}

/* ISIG: the signal goes to the foreground process group (jobctl.c). */
static void on_signal(void *ctx, int sig)
{
	jobctl_signal(ctx, sig);
}

static const struct ldisc_ops tty_ldisc_ops = {.echo = on_echo, .signal = on_signal};

void tty_init(struct tty *t, const struct tty_device *dev, uint32_t rdev)
{
	memset(t, 0, sizeof(*t));
	ldisc_init(&t->ld, &tty_ldisc_ops, t);
	t->dev = *dev;
	t->rdev = rdev;
	t->ws.ws_row = 24;
	t->ws.ws_col = 80;
}

/* ---- reads ---- */

/*
 * Answers a read with what the line discipline gives; the input is taken
 * only once the answer has reached the reader, so a reader that gave up
 * loses nothing for the next one. reply: 0 for the call just received.
 */
static long finish_read(struct tty *t, long reply, size_t max)
{
	static char buf[LDISC_BUF];
	size_t raw, got = ldisc_peek(&t->ld, buf, max < sizeof(buf) ? max : sizeof(buf), &raw);
	long r = reply_send(reply, (long)got, buf, got, 0);

	if (r == 0) {
		ldisc_consume(&t->ld, raw);
		if (t->dev.input_taken)
			t->dev.input_taken(t->dev.ctx);
	}
	return r;
}

/* (Re)arms the first reader's VTIME timer; starting: it has just become first. */
static void arm_timer(struct tty *t, bool starting, uint64_t now)
{
	unsigned ms = ldisc_read_timer(&t->ld, starting);

	if (ms)
		t->deadline = now + ms * NS_PER_MS;
	else if (starting)
		t->deadline = 0;
}

/* Answers waiting reads, oldest first, while the input (or a timer) lets them complete. */
static void serve_readers(struct tty *t, uint64_t now, bool input)
{
	struct tty_call *c;

	while ((c = t->readers.head)) {
		bool expired = t->deadline && now >= t->deadline;

		if (!expired && !ldisc_can_read(&t->ld, c->max)) {
			if (input)
				arm_timer(t, false, now); /* VMIN > 0: time from the last byte */
			return;
		}
		tty_pop(&t->readers);
		finish_read(t, c->reply, c->max); /* -ESRCH: gone, its input stays */
		free(c);
		arm_timer(t, true, now);
	}
	t->deadline = 0;
}

long tty_read(struct tty *t, size_t max, bool nonblock, uint64_t now)
{
	if (t->hungup)
		return 0; /* end of file */
	if (!t->readers.head && ldisc_can_read(&t->ld, max)) {
		finish_read(t, 0, max);
		return 0;
	}
	if (nonblock)
		return -EAGAIN;
	struct tty_call *c = tty_keep(&t->readers, max, NULL, 0, 0);
	if (!c)
		return -EAGAIN;
	if (t->readers.head == c)
		arm_timer(t, true, now);
	return 0;
}

uint32_t tty_revents(const struct tty *t, int acc)
{
	uint32_t r = 0;
	const struct ldisc *ld = &t->ld;

	if (acc != O_WRONLY && !t->readers.head && ldisc_can_read(ld, LDISC_BUF) &&
	    ((ld->tio.c_lflag & ICANON) || ldisc_avail(ld) > 0))
		r |= MOTOR_POLL_IN | MOTOR_POLL_RDNORM;
	if (acc != O_RDONLY && !ldisc_stopped(ld))
		r |= MOTOR_POLL_OUT | MOTOR_POLL_WRNORM;
	return r;
}

void tty_expire(struct tty *t, uint64_t now)
{
	if (t->readers.head && t->deadline && now >= t->deadline)
		serve_readers(t, now, false);
}

/* ---- writes ---- */

/* Output restarted or the device has room: held writes go on in order. */
static void release_writers(struct tty *t)
{
	struct tty_call *c;

	while (!ldisc_stopped(&t->ld) && (c = t->writers.head)) {
		size_t n = output(t, c->data, c->len);

		c->done += n;
		if (n < c->len) {
			memmove(c->data, c->data + n, c->len - n);
			c->len -= n;
			return; /* the device is full */
		}
		tty_pop(&t->writers);
		reply_send(c->reply, (long)c->done, NULL, 0, 0); /* -ESRCH: it gave up */
		free(c->data);
		free(c);
	}
}

void tty_output_room(struct tty *t)
{
	release_writers(t);
}

long tty_write(struct tty *t, const void *data, size_t len, bool nonblock, bool *kept)
{
	size_t done = 0;

	*kept = false;
	if (t->hungup)
		return -EIO;
	if (!ldisc_stopped(&t->ld) && !t->writers.head)
		done = output(t, data, len);
	if (done == len)
		return (long)len;
	if (nonblock)
		return done ? (long)done : -EAGAIN;
	if (tty_keep(&t->writers, 0, (const char *)data + done, len - done, done)) {
		*kept = true;
		return 0;
	}
	if (!t->dev.room) {
		/* Out of room to hold it: better shown early than lost or failed. */
		output(t, (const char *)data + done, len - done);
		return (long)len;
	}
	return done ? (long)done : -ENOMEM;
}

void tty_hangup(struct tty *t)
{
	t->hungup = true;
	t->deadline = 0;
	tty_answer_all(&t->readers, 0);
	tty_answer_all(&t->writers, -EIO);
}

/* ---- input and settings ---- */

void tty_input(struct tty *t, const void *bytes, size_t n, uint64_t now)
{
	ldisc_input(&t->ld, bytes, n);
	serve_readers(t, now, true);
	release_writers(t);
}

static void set_termios(struct tty *t, const struct termios *tio, uint64_t now)
{
	bool ixon = t->ld.tio.c_iflag & IXON;

	ldisc_set_termios(&t->ld, tio);
	if (ixon && !(tio->c_iflag & IXON))
		ldisc_set_stopped(&t->ld, false); /* as Linux: no IXON, no ^S stop */
	/* The new mode may complete the waiting read, or change its timer. */
	if (t->readers.head) {
		arm_timer(t, true, now);
		serve_readers(t, now, false);
	}
	release_writers(t);
}

/* TCXONC: tcflow(). */
static long flow(struct tty *t, uint64_t action)
{
	char c;

	switch (action) {
	case TCOOFF:
		ldisc_set_stopped(&t->ld, true);
		return 0;
	case TCOON:
		ldisc_set_stopped(&t->ld, false);
		release_writers(t);
		return 0;
	case TCIOFF:
	case TCION:
		/* Asks the other end to stop or resume sending. */
		c = (char)t->ld.tio.c_cc[action == TCIOFF ? VSTOP : VSTART];
		if (c)
			device_write(t, &c, 1);
		return 0;
	default:
		return -EINVAL;
	}
}

long tty_ioctl(struct tty *t, unsigned long req, uint64_t arg, const void *in, size_t inlen,
	       void *out, size_t outcap, size_t *outlen, uint64_t now)
{
	struct termios tio;
	int n;

	*outlen = 0;
	switch (req) {
	case TCGETS:
		if (outcap < sizeof(tio))
			return -EINVAL;
		ldisc_get_termios(&t->ld, &tio);
		memcpy(out, &tio, sizeof(tio));
		*outlen = sizeof(tio);
		return 0;
	case TCSETS:
	case TCSETSW: /* output is written synchronously: always drained */
	case TCSETSF:
		if (inlen != sizeof(tio))
			return -EINVAL;
		memcpy(&tio, in, sizeof(tio));
		if (req == TCSETSF)
			ldisc_flush_input(&t->ld);
		set_termios(t, &tio, now);
		return 0;
	case TIOCGWINSZ:
		if (outcap < sizeof(t->ws))
			return -EINVAL;
		memcpy(out, &t->ws, sizeof(t->ws));
		*outlen = sizeof(t->ws);
		return 0;
	case TIOCSWINSZ:
		if (inlen != sizeof(t->ws))
			return -EINVAL;
		if (memcmp(&t->ws, in, sizeof(t->ws)) != 0) {
			memcpy(&t->ws, in, sizeof(t->ws));
			jobctl_signal(t, SIGWINCH);
		}
		return 0;
	case FIONREAD:
		if (outcap < sizeof(n))
			return -EINVAL;
		n = (int)ldisc_avail(&t->ld);
		memcpy(out, &n, sizeof(n));
		*outlen = sizeof(n);
		return 0;
	case TCFLSH:
		if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
			return -EINVAL;
		if (arg != TCOFLUSH)
			ldisc_flush_input(&t->ld);
		return 0; /* output is never queued here, but for held writes */
	case TCXONC:
		return flow(t, arg);
	case TCSBRK: /* tcdrain (arg 1) or a break (0, which a debug console cannot send) */
		return 0;
	default:
		return -ENOTTY;
	}
}
