/* Pseudo-terminal pairs (see pty.h). */
#define _DEFAULT_SOURCE 1 /* glibc's <termios.h> under -std=c11 (host checks) */

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <motor/errno.h>
#include <motor/usyscall.h>

#include "jobctl.h"
#include "pty.h"
#include "server/reply.h"

struct pty {
	struct tty slave;    /* first: pty_of finds the pair from its slave */
	unsigned index;      /* N of /dev/pts/N */
	bool locked;         /* until unlockpt */
	bool master_open;
	bool feeding;        /* inside the slave's input: its readers' room comes after */
	unsigned slaves;     /* open slave descriptions */
	struct termios mtio; /* the master's own settings */
	char buf[PTY_BUF];   /* the slave's output, for the master's readers */
	size_t head, len;
	struct tty_queue readers, writers; /* the master's waiting calls */
};

static struct pty *pairs[PTY_MAX];

/* ---- the slave's output: the master's input ---- */

static size_t out_room(void *ctx)
{
	struct pty *p = ctx;
	return PTY_BUF - p->len;
}

/* Takes up to n buffered bytes into dst without consuming them. */
static size_t peek(const struct pty *p, char *dst, size_t n)
{
	size_t got = n < p->len ? n : p->len, first = PTY_BUF - p->head;

	if (first > got)
		first = got;
	memcpy(dst, p->buf + p->head, first);
	memcpy(dst + first, p->buf, got - first);
	return got;
}

static void consume(struct pty *p, size_t n)
{
	p->head = (p->head + n) % PTY_BUF;
	p->len -= n;
	tty_output_room(&p->slave); /* held slave writes go on */
}

/* Answers one read (reply 0: the call just received). -> the reply's result. */
static long answer_read(struct pty *p, long reply, size_t max)
{
	static char chunk[PTY_BUF];
	size_t n = peek(p, chunk, max < PTY_BUF ? max : PTY_BUF);
	long r = reply_send(reply, (long)n, chunk, n, 0);

	if (r == 0)
		consume(p, n); /* a reader that gave up leaves them for the next */
	return r;
}

static void serve_readers(struct pty *p)
{
	struct tty_call *c;

	while (p->len && (c = tty_pop(&p->readers))) {
		answer_read(p, c->reply, c->max);
		free(c);
	}
}

/* The slave's device write: output and echo, as much as fits (echo beyond is lost). */
static void out_write(void *ctx, const char *bytes, size_t n)
{
	struct pty *p = ctx;

	if (n > PTY_BUF - p->len)
		n = PTY_BUF - p->len;
	for (size_t i = 0; i < n; i++)
		p->buf[(p->head + p->len + i) % PTY_BUF] = bytes[i];
	p->len += n;
	serve_readers(p);
}

long pty_master_read(struct pty *p, size_t max, bool nonblock)
{
	if (p->len) {
		answer_read(p, 0, max);
		return 0;
	}
	if (!p->slaves)
		return -EIO; /* Linux's answer once no slave is open */
	if (nonblock)
		return -EAGAIN;
	return tty_keep(&p->readers, max, NULL, 0, 0) ? 0 : -EAGAIN;
}

/* ---- the master's output: the slave's input ---- */

/* Feeds what the slave's input queue has room for. -> bytes taken. */
static size_t feed(struct pty *p, const char *data, size_t len, uint64_t now)
{
	size_t done = 0, room;

	p->feeding = true;
	while (done < len && (room = ldisc_room(&p->slave.ld)) > 0) {
		size_t n = len - done < room ? len - done : room;
		tty_input(&p->slave, data + done, n, now);
		done += n;
	}
	p->feeding = false;
	return done;
}

/* A slave reader took input: held master writes go on. */
static void input_taken(void *ctx)
{
	struct pty *p = ctx;
	struct tty_call *c;

	if (p->feeding)
		return; /* feed() looks at the room again itself */
	while ((c = p->writers.head)) {
		size_t n = feed(p, c->data, c->len, (uint64_t)motor_clock_ns());

		c->done += n;
		if (n < c->len) {
			memmove(c->data, c->data + n, c->len - n);
			c->len -= n;
			return;
		}
		tty_pop(&p->writers);
		reply_send(c->reply, (long)c->done, NULL, 0, 0);
		free(c->data);
		free(c);
	}
}

long pty_master_write(struct pty *p, const void *data, size_t len, bool nonblock, bool *kept,
		      uint64_t now)
{
	size_t done = 0;

	*kept = false;
	if (!p->writers.head)
		done = feed(p, data, len, now);
	if (done == len)
		return (long)len;
	if (nonblock)
		return done ? (long)done : -EAGAIN;
	if (!tty_keep(&p->writers, 0, (const char *)data + done, len - done, done))
		return done ? (long)done : -ENOMEM;
	*kept = true;
	return 0;
}

/* ---- pairs ---- */

long pty_new(struct pty **out)
{
	unsigned i = 0;

	while (i < PTY_MAX && pairs[i])
		i++;
	if (i == PTY_MAX)
		return -ENOSPC;
	struct pty *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	struct tty_device dev = {.write = out_write, .room = out_room, .input_taken = input_taken,
				 .ctx = p};
	tty_init(&p->slave, &dev, PTY_MAJOR << 8 | i);
	ldisc_default_termios(&p->mtio);
	p->index = i;
	p->locked = true;
	p->master_open = true;
	pairs[i] = p;
	*out = p;
	return 0;
}

struct pty *pty_by_rdev(uint64_t rdev)
{
	if (rdev >> 8 != PTY_MAJOR || (rdev & 0xff) >= PTY_MAX)
		return NULL;
	return pairs[rdev & 0xff];
}

struct pty *pty_of(struct tty *t)
{
	struct pty *p = pty_by_rdev(t->rdev);
	return p && &p->slave == t ? p : NULL;
}

struct tty *pty_slave(struct pty *p)
{
	return &p->slave;
}

static void free_if_unused(struct pty *p)
{
	if (p->master_open || p->slaves)
		return;
	tty_answer_all(&p->slave.readers, 0);
	tty_answer_all(&p->slave.writers, -EIO);
	pairs[p->index] = NULL;
	free(p);
}

long pty_slave_open(struct pty *p)
{
	if (p->locked || !p->master_open)
		return -EIO;
	p->slaves++;
	return 0;
}

void pty_slave_close(struct pty *p)
{
	if (p->slaves && --p->slaves == 0)
		tty_answer_all(&p->readers, -EIO); /* nothing more will come */
	free_if_unused(p);
}

void pty_master_close(struct pty *p)
{
	p->master_open = false;
	tty_answer_all(&p->readers, -EIO);
	tty_answer_all(&p->writers, -EIO);
	jobctl_hangup(&p->slave); /* SIGHUP first: a waiting reader is to see it, not an EOF */
	tty_hangup(&p->slave);
	free_if_unused(p);
}

long pty_master_ioctl(struct pty *p, unsigned long req, uint64_t arg, const void *in,
		      size_t inlen, void *out, size_t outcap, size_t *outlen, uint64_t now)
{
	int v;
	unsigned n;

	*outlen = 0;
	switch (req) {
	case TIOCGPTN:
		n = p->index;
		if (outcap < sizeof(n))
			return -EINVAL;
		memcpy(out, &n, sizeof(n));
		*outlen = sizeof(n);
		return 0;
	case TIOCSPTLCK:
		if (inlen != sizeof(v))
			return -EINVAL;
		memcpy(&v, in, sizeof(v));
		p->locked = v != 0;
		return 0;
	case TIOCGPTLCK:
	case FIONREAD:
		v = req == FIONREAD ? (int)p->len : p->locked;
		if (outcap < sizeof(v))
			return -EINVAL;
		memcpy(out, &v, sizeof(v));
		*outlen = sizeof(v);
		return 0;
	case TCGETS:
		if (outcap < sizeof(p->mtio))
			return -EINVAL;
		memcpy(out, &p->mtio, sizeof(p->mtio));
		*outlen = sizeof(p->mtio);
		return 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (inlen != sizeof(p->mtio))
			return -EINVAL;
		memcpy(&p->mtio, in, sizeof(p->mtio));
		return 0;
	case TCFLSH:
		if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
			return -EINVAL;
		if (arg != TCOFLUSH && p->len)
			consume(p, p->len); /* the master's input: the slave's output */
		if (arg != TCIFLUSH) {
			ldisc_flush_input(&p->slave.ld);
			input_taken(p); /* room for held master writes */
		}
		return 0;
	case TIOCGWINSZ:
	case TIOCSWINSZ:
		return tty_ioctl(&p->slave, req, arg, in, inlen, out, outcap, outlen, now);
	default:
		return -ENOIOCTLCMD;
	}
}

uint64_t pty_expire(uint64_t now)
{
	uint64_t first = 0;

	for (unsigned i = 0; i < PTY_MAX; i++) {
		struct tty *t = pairs[i] ? &pairs[i]->slave : NULL;
		if (!t)
			continue;
		tty_expire(t, now);
		if (t->deadline && (!first || t->deadline < first))
			first = t->deadline;
	}
	return first;
}
