/*
 * Readiness of open files, as poll, select and epoll need it (see
 * internal.h): each ofile keeps the watches this process registered at its
 * server, one per notification that waits on it (a thread's, for poll and
 * select; an epoll item's). The first ask registers the watch
 * (FILE_WATCH, which also answers and arms); later asks are FILE_POLL on
 * it: one call to the server either way.
 *
 * A fork's child inherits the list but not the watches (they signal the
 * parent's notifications): entries of another pid are left alone and
 * dropped when met.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>

#include <motor/handle.h>

#include "internal.h"

struct fdwatch {
	struct fdwatch *next;
	long notif;          /* the notification the server signals (not owned here) */
	uint64_t id;         /* the server's watch id; 0: always ready, no watch */
	uint32_t always;     /* with id 0: the revents that always hold */
	pid_t pid;           /* the process that registered it */
	struct epitem *item; /* its epoll item, or NULL (a thread's poll) */
	/* A thread's watch: its bit on the thread's notification, and what the
	 * server armed it for (0: not armed) when that bit's count was seen. */
	unsigned bit;
	uint32_t armed;
	uint64_t seen;
};

pthread_mutex_t readiness_lock = PTHREAD_MUTEX_INITIALIZER;

#define ITEM_BITS 1 /* an epoll item's notification is its own */

static __thread long thread_notif;
static __thread pid_t thread_notif_pid;
/* How often each bit of the thread's notification has been taken. */
static __thread uint64_t bit_taken[64];

void readiness_bits_taken(uint64_t bits)
{
	for (unsigned b = 0; bits; b++, bits >>= 1)
		bit_taken[b] += bits & 1;
}

void readiness_forget_armed(void)
{
	for (unsigned b = 0; b < 64; b++)
		bit_taken[b]++;
}

long readiness_thread_notif(void)
{
	if (thread_notif > 0 && thread_notif_pid == posix_pid)
		return thread_notif;
	if (thread_notif > 0)
		motor_handle_close(thread_notif); /* a fork's copy of the parent's */
	long n = motor_notification_create();
	thread_notif = n > 0 ? n : 0;
	thread_notif_pid = posix_pid;
	return n;
}

/* The kernel console fallback: reads end at once, writes never wait. */
static uint32_t kcons_revents(const struct ofile *f)
{
	return (f->flags & O_ACCMODE) == O_RDONLY ? POLLIN | POLLRDNORM : POLLOUT | POLLWRNORM;
}

/* A server's answer as revents: a stale session is POLLNVAL, a dead server
 * POLLERR|POLLHUP; one that does not know the protocol is always ready. */
static uint32_t answer_revents(long r)
{
	if (r >= 0)
		return (uint32_t)r & MOTOR_POLL_EVENTS;
	if (r == -EBADF)
		return POLLNVAL;
	if (r == -ENOSYS)
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
	return POLLERR | POLLHUP;
}

/* f's watch for notif, unlinking the entries a fork's parent left. Locked. */
static struct fdwatch *find(struct ofile *f, long notif)
{
	struct fdwatch **pp = &f->watches;
	while (*pp) {
		struct fdwatch *w = *pp;
		if (w->pid != posix_pid) {
			*pp = w->next;
			free(w);
			continue;
		}
		if (w->notif == notif)
			return w;
		pp = &w->next;
	}
	return NULL;
}

static void unlink_watch(struct ofile *f, struct fdwatch *w)
{
	for (struct fdwatch **pp = &f->watches; *pp; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			return;
		}
	}
}

static void unwatch(struct ofile *f, uint64_t id)
{
	uint64_t w[4] = {FILE_UNWATCH, id, 0, 0};
	motor_file_call(f->handle, w, NULL);
}

/*
 * A thread's watch that the server armed (level, nothing due) stays not
 * ready until the server signals its bit: until then asking again is
 * skipped, so a poll round costs a call only per descriptor that is ready
 * or was signalled. Only the thread that owns the watch touches this.
 */
static void note_armed(struct fdwatch *fw, uint32_t req, uint32_t revents)
{
	uint32_t due = (req & MOTOR_POLL_EVENTS) | MOTOR_POLL_ERR | MOTOR_POLL_HUP;
	int armed = (req & MOTOR_POLL_ARM) && !(req & MOTOR_POLL_EDGE) && !(revents & due);
	fw->armed = armed ? req : 0;
	fw->seen = bit_taken[fw->bit];
}

/* FILE_WATCH: a new watch for notif, answered and armed as req says. */
static uint32_t watch_new(struct ofile *f, uint32_t req, long notif, struct epitem *item,
			  int *always)
{
	struct fdwatch *fw = calloc(1, sizeof(*fw));
	long dup = fw ? motor_handle_dup(notif, MOTOR_RIGHT_SIGNAL | MOTOR_RIGHT_TRANSFER, 0) : -ENOMEM;
	if (dup < 0) {
		free(fw);
		return POLLERR;
	}
	/* Spread a thread's watches over the bits, so a signal names few of them. */
	unsigned bit = item ? 0 : (unsigned)(((uintptr_t)f >> 4) % 64);
	uint64_t w[4] = {FILE_WATCH, item ? ITEM_BITS : 1ull << bit, req, 0};
	struct motor_msg m = {0};
	m.handles[0] = (int32_t)dup;
	m.nhandles = 1;
	long r = motor_ipc(SYS_ipc_call, f->handle, w, &m, NULL);
	if (r < 0) {
		motor_handle_close(dup); /* the call never reached the server */
		free(fw);
		return answer_revents(r == -EPIPE ? -EIO : r);
	}
	r = (long)w[0];
	if (r < 0) {
		free(fw);
		return answer_revents(r);
	}
	*fw = (struct fdwatch){.notif = notif, .id = (uint64_t)r, .pid = posix_pid, .item = item,
			       .always = (uint32_t)w[1] & MOTOR_POLL_EVENTS, .bit = bit};
	if (!item)
		note_armed(fw, req, (uint32_t)w[1]);
	if (always)
		*always = r == 0;
	pthread_mutex_lock(&readiness_lock);
	fw->next = f->watches;
	f->watches = fw;
	pthread_mutex_unlock(&readiness_lock);
	return (uint32_t)w[1] & MOTOR_POLL_EVENTS;
}

uint32_t readiness_ask(struct ofile *f, uint32_t req, long notif, struct epitem *item,
		       int *always)
{
	if (always)
		*always = 0;
	if (f->kcons) {
		if (always)
			*always = 1;
		return kcons_revents(f);
	}
	if (f->epoll)
		return POLLNVAL; /* an epoll descriptor cannot be waited on (yet) */
	if (notif <= 0) {
		uint64_t w[4] = {FILE_POLL, req & MOTOR_POLL_EVENTS, 0, 0};
		return answer_revents(motor_file_call(f->handle, w, NULL));
	}
	pthread_mutex_lock(&readiness_lock);
	struct fdwatch *fw = find(f, notif);
	uint64_t id = fw ? fw->id : 0;
	uint32_t fixed = fw ? fw->always : 0;
	pthread_mutex_unlock(&readiness_lock);
	if (fw && !id) {
		if (always)
			*always = 1;
		return fixed;
	}
	if (fw && !item && fw->armed == req && fw->seen == bit_taken[fw->bit])
		return 0; /* armed, and its bit has not come since */
	if (fw) {
		uint64_t w[4] = {FILE_POLL, req, id, 0};
		long r = motor_file_call(f->handle, w, NULL);
		if (r != -ENOENT) {
			if (!item)
				note_armed(fw, req, r < 0 ? MOTOR_POLL_ERR : (uint32_t)r);
			return answer_revents(r);
		}
		/* The server dropped it (too many on this file): register again. */
		pthread_mutex_lock(&readiness_lock);
		unlink_watch(f, fw);
		pthread_mutex_unlock(&readiness_lock);
		free(fw);
	}
	return watch_new(f, req, notif, item, always);
}

void readiness_forget(struct ofile *f, struct epitem *item)
{
	pthread_mutex_lock(&readiness_lock);
	struct fdwatch *fw = f->watches;
	while (fw && (fw->item != item || fw->pid != posix_pid))
		fw = fw->next;
	if (fw)
		unlink_watch(f, fw);
	pthread_mutex_unlock(&readiness_lock);
	if (fw && fw->id)
		unwatch(f, fw->id);
	free(fw);
}

void readiness_release(struct ofile *f)
{
	pthread_mutex_lock(&readiness_lock);
	struct fdwatch *fw = f->watches;
	f->watches = NULL;
	for (struct fdwatch *w = fw; w; w = w->next)
		if (w->item && w->pid == posix_pid)
			epoll_item_orphan(w->item);
	pthread_mutex_unlock(&readiness_lock);
	while (fw) {
		struct fdwatch *next = fw->next;
		/* Another process may still hold the description: our watches go now. */
		if (fw->id && fw->pid == posix_pid && !f->kcons)
			unwatch(f, fw->id);
		free(fw);
		fw = next;
	}
}
