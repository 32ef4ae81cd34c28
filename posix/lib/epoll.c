/*
 * epoll (Linux's interface, <sys/epoll.h>). An instance is a descriptor
 * whose ofile holds a kernel wait-set; each registered descriptor is an
 * item with its own notification, bound to the wait-set with a key naming
 * the item, and a watch at the file's server that signals it (readiness.c).
 * So a wake-up names exactly the items that may be ready: epoll_wait takes
 * keys from the wait-set onto a ready list and asks only those items'
 * servers, one call each, which also re-arms them: O(ready), not
 * O(registered).
 *
 * Level-triggered items that were reported stay on the ready list and are
 * asked again at the next epoll_wait (dropped once not ready: asking armed
 * them). Edge-triggered ones are armed "edge" as they are reported and
 * leave the list. EPOLLONESHOT items are not armed again until
 * EPOLL_CTL_MOD.
 * Event bits Motor does not know are ignored, as Linux ignores them.
 *
 * An item whose file's last descriptor closes is dropped as Linux does:
 * its watch goes (readiness_release) and the item is freed when met.
 * An epoll descriptor lives in its process only: fork's child can close
 * its copy, nothing more (EBADF), and exec does not pass it on.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/epoll.h>

#include <motor/timepage.h>

#include "internal.h"

#define KEY_FD_BITS 16
#define EVENT_BITS (EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDNORM | \
		    EPOLLRDBAND | EPOLLWRNORM | EPOLLWRBAND | EPOLLMSG | EPOLLRDHUP)

struct epitem {
	struct epitem *next; /* on the ready list */
	struct ofile *f;     /* NULL once its file closed (readiness_lock) */
	int fd;
	uint32_t events;     /* EPOLL* as registered */
	epoll_data_t data;
	long notif;          /* bound to the wait-set with key fd | gen << KEY_FD_BITS */
	uint32_t gen;
	int queued;          /* on the ready list */
	int disabled;        /* EPOLLONESHOT reported: off until EPOLL_CTL_MOD */
};

struct epoll {
	pthread_mutex_t lock; /* items, the ready list; held across asks */
	long ws;
	pid_t pid;            /* the process it belongs to */
	uint32_t gen;
	struct epitem *by_fd[FD_MAX];
	struct epitem *head, *tail; /* the ready list */
};

/* ---- items ---- */

static void enqueue(struct epoll *ep, struct epitem *it)
{
	if (it->queued)
		return;
	it->queued = 1;
	it->next = NULL;
	if (ep->tail)
		ep->tail->next = it;
	else
		ep->head = it;
	ep->tail = it;
}

static struct epitem *dequeue(struct epoll *ep)
{
	struct epitem *it = ep->head;
	if (it) {
		ep->head = it->next;
		if (!ep->head)
			ep->tail = NULL;
		it->queued = 0;
	}
	return it;
}

static void unqueue(struct epoll *ep, struct epitem *it)
{
	struct epitem *prev = NULL;
	for (struct epitem *p = ep->head; p; prev = p, p = p->next) {
		if (p != it)
			continue;
		if (prev)
			prev->next = p->next;
		else
			ep->head = p->next;
		if (ep->tail == p)
			ep->tail = prev;
		break;
	}
	it->queued = 0;
}

/* The item's file, or NULL once it closed. */
static struct ofile *item_file(struct epitem *it)
{
	pthread_mutex_lock(&readiness_lock);
	struct ofile *f = it->f;
	pthread_mutex_unlock(&readiness_lock);
	return f;
}

void epoll_item_orphan(struct epitem *item)
{
	item->f = NULL; /* the caller holds readiness_lock */
}

/* Frees an item: its watch, its notification (unbinding it), its slot. */
static void item_free(struct epoll *ep, struct epitem *it, int unwatch)
{
	struct ofile *f = item_file(it);
	if (f && unwatch)
		readiness_forget(f, it);
	if (it->queued)
		unqueue(ep, it);
	if (ep->by_fd[it->fd] == it)
		ep->by_fd[it->fd] = NULL;
	motor_handle_close(it->notif);
	free(it);
}

/* Asks the item's server; arms its watch (edge for EPOLLET) unless one-shot
 * and reported. -> the events to report (0: none; the watch is armed). */
static uint32_t item_ask(struct epitem *it, int *always)
{
	struct ofile *f = item_file(it);
	if (!f)
		return 0;
	uint32_t want = it->events & EVENT_BITS & MOTOR_POLL_EVENTS;
	uint32_t req = want | MOTOR_POLL_ARM | (it->events & EPOLLET ? MOTOR_POLL_EDGE : 0);
	uint32_t r = readiness_ask(f, req, it->notif, it, always);
	if (r & POLLNVAL)
		r = POLLERR | POLLHUP; /* its session is gone: report it, never silence */
	return r & (want | POLLERR | POLLHUP);
}

/* ---- the instance ---- */

static struct epoll *epoll_of(int epfd, long *err)
{
	struct ofile *f = fd_get(epfd);
	*err = !f ? -EBADF : !f->epoll ? -EINVAL : f->epoll->pid != posix_pid ? -EBADF : 0;
	return *err ? NULL : f->epoll;
}

void epoll_destroy(struct epoll *ep)
{
	int own = ep->pid == posix_pid;
	for (int fd = 0; fd < FD_MAX; fd++)
		if (ep->by_fd[fd])
			item_free(ep, ep->by_fd[fd], own);
	motor_handle_close(ep->ws);
	pthread_mutex_destroy(&ep->lock);
	free(ep);
}

int epoll_create1(int flags)
{
	if (flags & ~EPOLL_CLOEXEC)
		return (int)posix_ret(-EINVAL);
	struct epoll *ep = calloc(1, sizeof(*ep));
	struct ofile *f = ep ? ofile_new(0, O_RDWR) : NULL;
	long ws = f ? motor_waitset_create() : -ENOMEM;
	if (ws < 0) {
		free(f);
		free(ep);
		return (int)posix_ret(ws);
	}
	pthread_mutex_init(&ep->lock, NULL);
	ep->ws = ws;
	ep->pid = posix_pid;
	f->epoll = ep;
	int fd = fd_alloc(f, 0, (flags & EPOLL_CLOEXEC) != 0);
	if (fd < 0)
		ofile_put(f);
	return (int)posix_ret(fd);
}

int epoll_create(int size)
{
	return size <= 0 ? (int)posix_ret(-EINVAL) : epoll_create1(0);
}

static long ctl_add(struct epoll *ep, int fd, struct ofile *f, const struct epoll_event *ev)
{
	struct epitem *old = ep->by_fd[fd];
	if (old && item_file(old) == f)
		return -EEXIST;
	if (old)
		item_free(ep, old, 1); /* a file closed since, or replaced by dup2 */
	struct epitem *it = calloc(1, sizeof(*it));
	long n = it ? motor_notification_create() : -ENOMEM;
	if (n < 0) {
		free(it);
		return n;
	}
	ep->gen = (ep->gen + 1) & 0x7fffffffu;
	*it = (struct epitem){.f = f, .fd = fd, .events = ev->events, .data = ev->data,
			      .notif = n, .gen = ep->gen};
	long r = motor_waitset_add(ep->ws, n, (long)((uint64_t)it->gen << KEY_FD_BITS | (uint64_t)fd));
	if (r < 0) {
		motor_handle_close(n);
		free(it);
		return r;
	}
	ep->by_fd[fd] = it;
	int always = 0;
	uint32_t got = item_ask(it, &always);
	if (always) {
		item_free(ep, it, 1);
		return -EPERM; /* as Linux: regular files and such cannot be watched */
	}
	if (got)
		enqueue(ep, it);
	return 0;
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	long err;
	struct epoll *ep = epoll_of(epfd, &err);
	if (!ep)
		return (int)posix_ret(err);
	struct ofile *f = fd_get(fd);
	if (!f)
		return (int)posix_ret(-EBADF);
	if (fd == epfd || f->epoll)
		return (int)posix_ret(-EINVAL); /* nested instances are not supported */
	if (op != EPOLL_CTL_DEL && motor_user_ok(ev, sizeof(*ev), 0))
		return (int)posix_ret(-EFAULT);
	pthread_mutex_lock(&ep->lock);
	struct epitem *it = ep->by_fd[fd];
	if (it && item_file(it) != f)
		it = NULL;
	switch (op) {
	case EPOLL_CTL_ADD:
		err = ctl_add(ep, fd, f, ev);
		break;
	case EPOLL_CTL_MOD:
		if (!it) {
			err = -ENOENT;
			break;
		}
		it->events = ev->events;
		it->data = ev->data;
		it->disabled = 0;
		if (item_ask(it, NULL))
			enqueue(ep, it);
		err = 0;
		break;
	case EPOLL_CTL_DEL:
		err = it ? 0 : -ENOENT;
		if (it)
			item_free(ep, it, 1);
		break;
	default:
		err = -EINVAL;
	}
	pthread_mutex_unlock(&ep->lock);
	return (int)posix_ret(err);
}

/* ---- waiting ---- */

/* A key from the wait-set: its item goes on the ready list (stale keys, of
 * items deleted since, name nothing). */
static void take_key(struct epoll *ep, uint64_t key)
{
	key &= ~MOTOR_WS_NOTIFICATION;
	uint64_t fd = key & ((1u << KEY_FD_BITS) - 1);
	struct epitem *it = fd < FD_MAX ? ep->by_fd[fd] : NULL;
	if (it && it->gen == key >> KEY_FD_BITS && !it->disabled)
		enqueue(ep, it);
}

/* Receives one key, waiting up to timeout_ns (0: do not wait). -> 0, -ETIMEDOUT, -EINTR. */
static long recv_key(struct epoll *ep, uint64_t timeout_ns, uint64_t *key)
{
	uint64_t w[4] = {0};
	struct motor_msg m = {0};
	m.timeout_ns = timeout_ns ? timeout_ns : 1; /* 0 would mean forever */
	return motor_ipc(SYS_ipc_recv, ep->ws, w, &m, key);
}

/* Reports what the ready list holds, at most max. -> how many. */
static int harvest(struct epoll *ep, struct epoll_event *out, int max)
{
	uint64_t key;
	while (recv_key(ep, 0, &key) == 0)
		take_key(ep, key);
	int n = 0;
	struct epitem *last = ep->tail; /* each item once per call */
	while (n < max && ep->head) {
		struct epitem *it = dequeue(ep);
		int end = it == last;
		if (!item_file(it)) {
			item_free(ep, it, 0);
		} else if (!it->disabled) {
			uint32_t r = item_ask(it, NULL);
			if (r) {
				out[n].events = r;
				out[n].data = it->data;
				n++;
				if (it->events & EPOLLONESHOT)
					it->disabled = 1;
				else if (!(it->events & EPOLLET))
					enqueue(ep, it); /* level: asked again next time */
			}
		}
		if (end)
			break;
	}
	return n;
}

static int epoll_wait_masked(int epfd, struct epoll_event *events, int maxevents,
			     int timeout_ms, const __sigset_t *sigmask)
{
	long err;
	struct epoll *ep = epoll_of(epfd, &err);
	if (!ep)
		return (int)posix_ret(err);
	if (maxevents <= 0 || maxevents > INT32_MAX / (int)sizeof(*events))
		return (int)posix_ret(-EINVAL);
	if (motor_user_ok(events, (size_t)maxevents * sizeof(*events), 1))
		return (int)posix_ret(-EFAULT);
	if ((err = posix_wait_sigmask(sigmask)))
		return (int)posix_ret(err); /* a handler ran as the mask changed */
	int64_t deadline = timeout_ms < 0 ? -1 : (int64_t)motor_time_ns() + timeout_ms * 1000000ll;
	for (;;) {
		pthread_mutex_lock(&ep->lock);
		int n = harvest(ep, events, maxevents);
		pthread_mutex_unlock(&ep->lock);
		int64_t now = (int64_t)motor_time_ns();
		if (n || timeout_ms == 0 || (deadline >= 0 && now >= deadline))
			return n;
		uint64_t key;
		int armed = cancel_arm(); /* a cancellation point */
		long r = recv_key(ep, deadline < 0 ? MOTOR_FOREVER : (uint64_t)(deadline - now), &key);
		cancel_disarm(armed);
		if (r == -EINTR || r == -ECANCELED)
			return (int)posix_ret(-EINTR);
		if (r == 0) {
			pthread_mutex_lock(&ep->lock);
			take_key(ep, key);
			pthread_mutex_unlock(&ep->lock);
		} else if (r != -ETIMEDOUT) {
			return (int)posix_ret(r);
		}
	}
}

int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout_ms,
		const __sigset_t *sigmask)
{
	int r = epoll_wait_masked(epfd, events, maxevents, timeout_ms, sigmask);
	posix_wait_sigmask_end();
	return r;
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout_ms)
{
	return epoll_pwait(epfd, events, maxevents, timeout_ms, NULL);
}
