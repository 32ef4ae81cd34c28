/*
 * Pipes: the ring, the kept calls, and the rules of pipe(7). See pipe.h.
 *
 * Invariant after every operation (settle): either no read is waiting or
 * the ring is empty, and either no write is waiting or the ring cannot take
 * the first waiting write's next piece. Waiting calls are answered in the
 * order they came.
 */
#include "pipe.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "motor/errno.h"
#include "server/reply.h"
#include "server/watch.h"
#include "session.h"

struct waiter {
	struct waiter *next;
	long reply;    /* the kept call */
	size_t want;   /* a read: at most this many bytes */
	char *data;    /* a write: its bytes, `done` of them in the ring already */
	size_t len, done;
};

struct queue {
	struct waiter *head, *tail;
};

struct pipe {
	char *ring;
	size_t head, used; /* the oldest byte's index; bytes in the ring */
	uint32_t readers, writers;
	uint64_t ino;
	void (*idle)(void *arg); /* the owner's, for a FIFO */
	void *idle_arg;
	struct queue reads, writes;
	struct watch_list watches; /* both ends' (poll, epoll) */
};

/* Kept reads are answered from here: reply_buf may hold the current call's answer. */
static char answer_buf[PIPE_RING];
static uint64_t next_ino = 1;

int pipe_create(struct pipe **out)
{
	struct pipe *p = calloc(1, sizeof(*p));
	if (!p || !(p->ring = malloc(PIPE_RING))) {
		free(p);
		return -ENOMEM;
	}
	p->ino = next_ino++;
	*out = p;
	return 0;
}

void pipe_destroy(struct pipe *p)
{
	free(p->ring);
	free(p);
}

size_t pipe_available(const struct pipe *p)
{
	return p->used;
}

uint64_t pipe_ino(const struct pipe *p)
{
	return p->ino;
}

static void push(struct queue *q, struct waiter *w)
{
	w->next = NULL;
	if (q->tail)
		q->tail->next = w;
	else
		q->head = w;
	q->tail = w;
}

static struct waiter *pop(struct queue *q)
{
	struct waiter *w = q->head;
	if (w) {
		q->head = w->next;
		if (!q->head)
			q->tail = NULL;
	}
	return w;
}

static void waiter_free(struct waiter *w)
{
	free(w->data);
	free(w);
}

/* Copies up to n bytes from the ring's start to dst without taking them. */
static size_t peek(const struct pipe *p, char *dst, size_t n)
{
	if (n > p->used)
		n = p->used;
	size_t first = PIPE_RING - p->head < n ? PIPE_RING - p->head : n;
	memcpy(dst, p->ring + p->head, first);
	memcpy(dst + first, p->ring, n - first);
	return n;
}

static void consume(struct pipe *p, size_t n)
{
	p->head = (p->head + n) % PIPE_RING;
	p->used -= n;
}

static void put(struct pipe *p, const char *src, size_t n)
{
	size_t tail = (p->head + p->used) % PIPE_RING;
	size_t first = PIPE_RING - tail < n ? PIPE_RING - tail : n;
	memcpy(p->ring + tail, src, first);
	memcpy(p->ring, src + first, n - first);
	p->used += n;
}

/* How much of a write of len bytes (done so far) may go in now. */
static size_t writable(const struct pipe *p, size_t len, size_t done)
{
	size_t room = PIPE_RING - p->used, left = len - done;
	if (len <= PIPE_ATOMIC) /* all or nothing */
		return room >= left ? left : 0;
	return room < left ? room : left;
}

/* Answers what can be answered now; loops because each side frees the other. */
static void settle(struct pipe *p)
{
	bool moved = true;
	while (moved) {
		moved = false;
		while (p->reads.head && p->used) {
			struct waiter *w = pop(&p->reads);
			size_t n = peek(p, answer_buf, w->want);
			/* Only bytes that reached their reader leave the ring. */
			if (reply_send(w->reply, (long)n, answer_buf, n, 0) == 0)
				consume(p, n);
			waiter_free(w);
			moved = true;
		}
		while (p->writes.head) {
			struct waiter *w = p->writes.head;
			size_t n = writable(p, w->len, w->done);
			if (!n)
				break;
			put(p, w->data + w->done, n);
			w->done += n;
			moved = true;
			if (w->done < w->len)
				break;
			pop(&p->writes);
			reply_send(w->reply, (long)w->len, NULL, 0, 0);
			waiter_free(w);
		}
	}
}

/* Answers every waiting call of q with result (or, for writes cut short, what went in). */
static void fail_all(struct queue *q, long result)
{
	struct waiter *w;
	while ((w = pop(q))) {
		long r = w->data && w->done ? (long)w->done : result;
		reply_send(w->reply, r, NULL, 0, 0);
		waiter_free(w);
	}
}

void pipe_set_owner(struct pipe *p, void (*idle)(void *arg), void *arg)
{
	p->idle = idle;
	p->idle_arg = arg;
}

uint32_t pipe_readers(const struct pipe *p)
{
	return p->readers;
}

uint32_t pipe_writers(const struct pipe *p)
{
	return p->writers;
}

/* The pipe's state changed: watches of its ends that are now due are signalled. */
static void wake(struct pipe *p)
{
	if (p->watches.head)
		watch_wake(&p->watches, pipe_revents);
}

void pipe_end_open(struct pipe *p, int acc)
{
	if (acc != O_RDONLY)
		p->writers++;
	if (acc != O_WRONLY)
		p->readers++;
	wake(p);
}

void pipe_end_close(struct pipe *p, int acc)
{
	if (acc != O_RDONLY && --p->writers == 0)
		fail_all(&p->reads, 0); /* end of file: the ring is empty while reads wait */
	if (acc != O_WRONLY && --p->readers == 0)
		fail_all(&p->writes, -EPIPE);
	wake(p);
	if (p->readers || p->writers)
		return;
	if (p->idle) { /* a FIFO: its data goes with its last open */
		p->head = p->used = 0;
		p->idle(p->idle_arg);
		return;
	}
	pipe_destroy(p);
}

int pipe_open_session(struct pipe *p, int flags, uint64_t *badge, long *handle)
{
	int err = desc_new(DESC_PIPE, NULL, flags, badge);
	if (err) {
		*badge = 0;
		return err;
	}
	desc_get(*badge)->pipe = p;
	pipe_end_open(p, flags & O_ACCMODE);
	*handle = session_mint(*badge);
	return *handle < 0 ? (int)*handle : 0;
}

/* Keeps the call just received as w, queued on q; false if it cannot be kept. */
static bool keep(struct queue *q, struct waiter *w, long *result)
{
	long h = reply_keep();
	if (h < 0) {
		*result = w->done ? (long)w->done : h; /* a write's first part went in */
		waiter_free(w);
		return false;
	}
	w->reply = h;
	push(q, w);
	return true;
}

static bool do_read(struct desc *d, uint64_t len, struct reply *rp, long *result)
{
	struct pipe *p = d->pipe;
	if ((d->flags & O_ACCMODE) == O_WRONLY) {
		*result = -EBADF;
		return false;
	}
	if (len == 0 || p->used) {
		size_t n = peek(p, reply_buf, len < sizeof(reply_buf) ? len : sizeof(reply_buf));
		consume(p, n);
		settle(p);
		rp->data = reply_buf;
		rp->len = n;
		*result = (long)n;
		return false;
	}
	if (!p->writers || (d->flags & O_NONBLOCK)) {
		*result = p->writers ? -EAGAIN : 0;
		return false;
	}
	struct waiter *w = calloc(1, sizeof(*w));
	if (!w) {
		*result = -ENOMEM;
		return false;
	}
	w->want = len < PIPE_RING ? len : PIPE_RING;
	return keep(&p->reads, w, result);
}

static bool do_write(struct desc *d, const struct request *rq, long *result)
{
	struct pipe *p = d->pipe;
	size_t len = rq->len;
	if ((d->flags & O_ACCMODE) == O_RDONLY) {
		*result = -EBADF;
		return false;
	}
	if (!p->readers) {
		*result = -EPIPE; /* the caller raises SIGPIPE */
		return false;
	}
	/* Reads wait only on an empty ring: they get the bytes straight from the
	 * call, two copies fewer than through the ring. */
	size_t n = 0;
	while (p->reads.head && n < len && !p->writes.head) {
		struct waiter *w = pop(&p->reads);
		size_t k = len - n < w->want ? len - n : w->want;
		if (reply_send(w->reply, (long)k, rq->data + n, k, 0) == 0)
			n += k;
		waiter_free(w);
	}
	/* Behind waiting writers nothing goes in: bytes keep their order. */
	size_t k = p->writes.head ? 0 : writable(p, len, n);
	put(p, rq->data + n, k);
	n += k;
	settle(p);
	if (n == len || (d->flags & O_NONBLOCK)) {
		*result = n ? (long)n : len ? -EAGAIN : 0;
		return false;
	}
	struct waiter *w = calloc(1, sizeof(*w));
	char *rest = malloc(len);
	if (!w || !rest) {
		free(w);
		free(rest);
		*result = n ? (long)n : -ENOMEM;
		return false;
	}
	memcpy(rest, rq->data, len);
	w->data = rest;
	w->len = len;
	w->done = n;
	return keep(&p->writes, w, result);
}

bool pipe_read(struct desc *d, uint64_t len, struct reply *rp, long *result)
{
	bool kept = do_read(d, len, rp, result);
	wake(d->pipe);
	return kept;
}

bool pipe_write(struct desc *d, const struct request *rq, long *result)
{
	bool kept = do_write(d, rq, result);
	wake(d->pipe);
	return kept;
}

/*
 * Readiness as Linux gives it: the read end is readable with data in the
 * ring and hung up with no writer left; the write end is writable while
 * PIPE_BUF bytes fit (and no write waits ahead), and in error with no
 * reader left (a write would fail at once, so it is writable too).
 */
uint32_t pipe_revents(uint64_t badge)
{
	struct desc *d = desc_get(badge);
	if (!d || !d->pipe)
		return 0;
	struct pipe *p = d->pipe;
	int acc = d->flags & O_ACCMODE;
	uint32_t r = 0;
	if (acc != O_WRONLY) {
		if (p->used)
			r |= MOTOR_POLL_IN | MOTOR_POLL_RDNORM;
		if (!p->writers)
			r |= MOTOR_POLL_HUP;
	}
	if (acc != O_RDONLY) {
		if (!p->readers)
			r |= MOTOR_POLL_ERR | MOTOR_POLL_OUT | MOTOR_POLL_WRNORM;
		else if (!p->writes.head && PIPE_RING - p->used >= PIPE_ATOMIC)
			r |= MOTOR_POLL_OUT | MOTOR_POLL_WRNORM;
	}
	return r;
}

struct watch_list *pipe_watches(struct pipe *p)
{
	return &p->watches;
}
