/*
 * Named pipes: a FIFO node (mkfifo) gets a pipe while anyone has it open
 * or waits to. Opening follows fifo(7): a read-only open waits for a
 * writer and a write-only one for a reader (their calls are kept and
 * answered when the other side opens); with O_NONBLOCK a reader opens at
 * once and a writer without a reader gets ENXIO; O_RDWR never waits. When
 * the last open closes, the data goes and, if nobody waits, so does the pipe.
 */
#include <fcntl.h>
#include <stdlib.h>

#include <motor/usyscall.h>

#include "fifo.h"
#include "motor/errno.h"
#include "pipe.h"
#include "server/reply.h"
#include "session.h"

struct opener {
	struct opener *next;
	long reply; /* the kept open */
	int flags;
};

struct fifo {
	struct fifo *next;
	struct mnode *node; /* referenced while the entry lives */
	struct pipe *pipe;
	struct opener *waiting;
};

static struct fifo *fifos;

static void fifo_free(struct fifo *f)
{
	for (struct fifo **pp = &fifos; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	pipe_destroy(f->pipe);
	mnode_put(f->node);
	free(f);
}

/* The pipe's last open closed: keep the entry only for opens still waiting. */
static void idle(void *arg)
{
	struct fifo *f = arg;
	if (!f->waiting)
		fifo_free(f);
}

/* The entry of node (a reference is taken when one is made), or NULL. */
static struct fifo *fifo_of(struct mnode *node)
{
	for (struct fifo *f = fifos; f; f = f->next)
		if (f->node == node)
			return f;
	struct fifo *f = calloc(1, sizeof(*f));
	if (!f || pipe_create(&f->pipe)) {
		free(f);
		return NULL;
	}
	pipe_set_owner(f->pipe, idle, f);
	mnode_get(node);
	f->node = node;
	f->next = fifos;
	fifos = f;
	return f;
}

/* Whether an open with access acc waits on f. */
static bool waits(const struct fifo *f, int acc)
{
	for (const struct opener *o = f->waiting; o; o = o->next)
		if ((o->flags & O_ACCMODE) == acc)
			return true;
	return false;
}

/* Whether an open with flags may complete now: the other side is open or
 * waiting (the two opens then meet). */
static bool can_open(const struct fifo *f, int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return pipe_writers(f->pipe) || (flags & O_NONBLOCK) || waits(f, O_WRONLY);
	case O_WRONLY:
		return pipe_readers(f->pipe) || waits(f, O_RDONLY);
	default:
		return true;
	}
}

/* A description (*badge) and a session for an open of f. */
static int open_now(struct fifo *f, int flags, uint64_t *badge, long *handle)
{
	int err = pipe_open_session(f->pipe, flags & (O_ACCMODE | O_NONBLOCK), badge, handle);
	if (err && *badge)
		desc_release(*badge);
	return err;
}

/* Answers the waiting opens that can complete now (an open may free others). */
static void wake(struct fifo *f)
{
	bool moved = true;
	while (moved) {
		moved = false;
		for (struct opener **pp = &f->waiting; *pp;) {
			struct opener *o = *pp;
			if (!can_open(f, o->flags)) {
				pp = &o->next;
				continue;
			}
			*pp = o->next;
			uint64_t badge = 0;
			long h = 0;
			int err = open_now(f, o->flags, &badge, &h);
			/* An opener that gave up (timed out, killed) never holds it. */
			if (reply_send(o->reply, err, NULL, 0, err ? 0 : h) && !err)
				desc_release(badge);
			free(o);
			moved = true;
		}
	}
}

void fifo_open(struct mnode *node, int flags, struct reply *rp)
{
	struct fifo *f = fifo_of(node);
	mnode_put(node);
	long r = -ENOMEM;
	if (!f)
		goto out;
	if (can_open(f, flags)) {
		uint64_t badge = 0;
		long h = 0;
		r = open_now(f, flags, &badge, &h);
		if (!r) {
			rp->handle = h;
			wake(f);
		}
	} else if ((flags & O_ACCMODE) == O_WRONLY && (flags & O_NONBLOCK)) {
		r = -ENXIO;
	} else {
		struct opener *o = calloc(1, sizeof(*o));
		long h = o ? reply_keep() : -ENOMEM;
		if (h > 0) {
			o->reply = h;
			o->flags = flags;
			struct opener **pp = &f->waiting;
			while (*pp)
				pp = &(*pp)->next;
			*pp = o; /* answered in the order they came */
			rp->kept = true;
			return;
		}
		free(o);
		r = h;
	}
	if (!pipe_readers(f->pipe) && !pipe_writers(f->pipe))
		idle(f);
out:
	rp->w[0] = (uint64_t)r;
}
