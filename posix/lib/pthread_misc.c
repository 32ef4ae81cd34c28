/*
 * The small pthread calls: pthread_self, pthread_equal, yielding, thread
 * names, the concurrency hint, and pthread_atfork, which records the
 * handlers for fork (posix_atfork_run: fork is not implemented yet).
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "futex.h"
#include "internal.h"

pthread_t pthread_self(void)
{
	return (pthread_t)posix_self();
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

/* One scheduling policy, round robin without priorities: nothing to set. */
int sched_setparam(pid_t pid, const struct sched_param *param)
{
	(void)pid;
	(void)param;
	return (int)posix_ret(-ENOSYS);
}

int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param)
{
	(void)pid;
	(void)policy;
	(void)param;
	return (int)posix_ret(-ENOSYS);
}

int sched_yield(void)
{
	motor_yield();
	return 0;
}

void pthread_yield(void)
{
	motor_yield();
}

int sched_getcpu(void)
{
	return (int)posix_ret(motor_sys_info(MOTOR_INFO_CURRENT_CPU));
}

int pthread_setname_np(pthread_t thread, const char *name)
{
	struct posix_tcb *t = (struct posix_tcb *)thread;
	size_t n = strlen(name);
	if (n >= sizeof(t->name))
		return ERANGE; /* 15 characters, as on Linux */
	memcpy(t->name, name, n + 1);
	return 0;
}

int pthread_getname_np(pthread_t thread, char *buf, size_t len)
{
	struct posix_tcb *t = (struct posix_tcb *)thread;
	size_t n = strnlen(t->name, sizeof(t->name) - 1);
	if (len <= n)
		return ERANGE;
	memcpy(buf, t->name, n);
	buf[n] = 0;
	return 0;
}

static int concurrency;

int pthread_setconcurrency(int level)
{
	if (level < 0)
		return EINVAL;
	concurrency = level;
	return 0;
}

int pthread_getconcurrency(void)
{
	return concurrency;
}

struct atfork {
	void (*prepare)(void), (*parent)(void), (*child)(void);
	struct atfork *next, *prev;
};
static struct atfork *atfork_first, *atfork_last;
static int atfork_lock;

int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
	struct atfork *h = malloc(sizeof(*h));
	if (!h)
		return ENOMEM;
	*h = (struct atfork){prepare, parent, child, NULL, NULL};
	lockword_lock(&atfork_lock);
	h->prev = atfork_last;
	if (atfork_last)
		atfork_last->next = h;
	else
		atfork_first = h;
	atfork_last = h;
	lockword_unlock(&atfork_lock);
	return 0;
}

/* For fork: phase 0 runs the prepare handlers (last registered first),
 * 1 the parent's and 2 the child's (first registered first). */
void posix_atfork_run(int phase)
{
	if (phase == 0) {
		for (struct atfork *h = atfork_last; h; h = h->prev)
			if (h->prepare)
				h->prepare();
		return;
	}
	for (struct atfork *h = atfork_first; h; h = h->next) {
		void (*f)(void) = phase == 1 ? h->parent : h->child;
		if (f)
			f();
	}
}
