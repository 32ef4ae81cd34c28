/*
 * Terminals (see tty.h): the line discipline's echo and output go to the
 * device; reads and writes that must wait are kept here with their saved
 * replies.
 */
#define _DEFAULT_SOURCE 1 /* glibc's <termios.h> under -std=c11 (host checks) */

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include <motor/errno.h>
#include <motor/fs.h>

#include "server/reply.h"
#include "tty.h"

#define NS_PER_MS 1000000ull

struct tty_call {
	struct tty_call *next;
	long reply;  /* the saved reply */
	size_t max;  /* reads: the most bytes wanted */
	char *data;  /* writes: the bytes held */
	size_t len;
};

static void q_push(struct tty_queue *q, struct tty_call *c)
{
	c->next = NULL;
	if (q->tail)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
	q->count++;
}

static struct tty_call *q_pop(struct tty_queue *q)
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

/* ---- output ---- */

static void device_write(struct tty *t, const char *bytes, size_t n)
{
	if (n)
		t->dev.write(t->dev.ctx, bytes, n);
}

/* Bytes from a writer, through output mapping. */
static void output(struct tty *t, const char *data, size_t len)
{
	char out[4096];

	while (len) {
		size_t olen, used = ldisc_output(&t->ld, data, len, out, sizeof(out), &olen);

		device_write(t, out, olen);
		data += used;
		len -= used;
	}
}

static void on_echo(void *ctx, const char *bytes, size_t n)
{
	device_write(ctx, bytes, n);
}

/*
 * The line discipline has discarded the line and echoed ^C. Until signals
 * reach processes (issue 5), no program ends the screen line after it (a
 * shell would), so the terminal does, when it echoes at all.
 */
static void on_signal(void *ctx, int sig)
{
	struct tty *t = ctx;

	(void)sig;
	if (t->ld.tio.c_lflag & ECHO)
		output(t, "\n", 1);
}

static const struct ldisc_ops tty_ldisc_ops = {.echo = on_echo, .signal = on_signal};

void tty_init(struct tty *t, const struct tty_device *dev)
{
	memset(t, 0, sizeof(*t));
	ldisc_init(&t->ld, &tty_ldisc_ops, t);
	t->dev = *dev;
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

	if (r == 0)
		ldisc_consume(&t->ld, raw);
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
		q_pop(&t->readers);
		finish_read(t, c->reply, c->max); /* -ESRCH: gone, its input stays */
		free(c);
		arm_timer(t, true, now);
	}
	t->deadline = 0;
}

long tty_read(struct tty *t, size_t max, bool nonblock, uint64_t now)
{
	if (!t->readers.head && ldisc_can_read(&t->ld, max)) {
		finish_read(t, 0, max);
		return 0;
	}
	if (nonblock)
		return -EAGAIN;
	if (t->readers.count >= TTY_MAX_WAITING)
		return -EAGAIN;
	struct tty_call *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	long h = reply_keep();
	if (h < 0) {
		free(c);
		return h;
	}
	c->reply = h;
	c->max = max;
	q_push(&t->readers, c);
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

/* Output restarted: held writes go out in order and are answered. */
static void release_writers(struct tty *t)
{
	struct tty_call *c;

	while (!ldisc_stopped(&t->ld) && (c = q_pop(&t->writers))) {
		output(t, c->data, c->len);
		reply_send(c->reply, (long)c->len, NULL, 0, 0); /* -ESRCH: it gave up */
		free(c->data);
		free(c);
	}
}

/* Keeps a write while output is stopped. -> false when it cannot. */
static bool hold_write(struct tty *t, const void *data, size_t len)
{
	struct tty_call *c;

	if (t->writers.count >= TTY_MAX_WAITING || !(c = calloc(1, sizeof(*c))))
		return false;
	if (!(c->data = malloc(len ? len : 1))) {
		free(c);
		return false;
	}
	long h = reply_keep();
	if (h < 0) {
		free(c->data);
		free(c);
		return false;
	}
	memcpy(c->data, data, len);
	c->reply = h;
	c->len = len;
	q_push(&t->writers, c);
	return true;
}

long tty_write(struct tty *t, const void *data, size_t len, bool nonblock, bool *kept)
{
	*kept = false;
	if (ldisc_stopped(&t->ld)) {
		if (nonblock)
			return -EAGAIN;
		if (hold_write(t, data, len)) {
			*kept = true;
			return 0;
		}
		/* Out of room to hold it: better shown early than lost or failed. */
	}
	output(t, data, len);
	return (long)len;
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
	case TIOCSWINSZ: /* issue 5: SIGWINCH to the foreground process group */
		if (inlen != sizeof(t->ws))
			return -EINVAL;
		memcpy(&t->ws, in, sizeof(t->ws));
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
