/*
 * Condition variables: a sequence counter as the futex word. A waiter
 * reads it while it holds the mutex, announces itself (waiters), unlocks
 * and sleeps while the counter still holds what it read; signal and
 * broadcast move the counter on first, then wake one or all if anyone
 * waits. A signal between the read and the sleep changes the word, so the
 * kernel refuses the sleep: no wakeup is lost. The kernel's futex queues
 * are first in, first out, so a signal wakes the longest waiter, never
 * one that came after it. Wakeups may be spurious (POSIX allows it; callers
 * loop on their predicate).
 *
 * waiters also lets pthread_cond_destroy wait for woken threads to be done
 * with the object (POSIX lets a program destroy it right after a
 * broadcast): its top bit says a destroyer waits.
 */
#include "futex.h"
#include "internal.h"

#define DESTROYING 0x80000000u

int pthread_condattr_init(pthread_condattr_t *a)
{
	a->__initialized = 1;
	a->__clock = CLOCK_REALTIME;
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a)
{
	a->__initialized = 0;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	a->__clock = (int)clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock)
{
	*clock = (clockid_t)a->__clock;
	return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *a, int pshared)
{
	int err = pshared_check(pshared);
	if (!err)
		a->__pshared = pshared;
	return err;
}

int pthread_condattr_getpshared(const pthread_condattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	if (a && !a->__initialized)
		return EINVAL;
	*c = (pthread_cond_t)_PTHREAD_COND_INITIALIZER;
	c->__monotonic = a && a->__clock == CLOCK_MONOTONIC;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	unsigned int w = __atomic_fetch_or(&c->__waiters, DESTROYING, __ATOMIC_ACQ_REL) | DESTROYING;
	while (w != DESTROYING) {
		futex_wait(&c->__waiters, w, MOTOR_FOREVER);
		w = __atomic_load_n(&c->__waiters, __ATOMIC_ACQUIRE);
	}
	return 0;
}

static int wake(pthread_cond_t *c, long n)
{
	__atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->__waiters, __ATOMIC_SEQ_CST) & ~DESTROYING)
		futex_wake(&c->__seq, n);
	return 0;
}

int pthread_cond_signal(pthread_cond_t *c)
{
	return wake(c, 1);
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	return wake(c, FUTEX_ALL);
}

static int wait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abs)
{
	int checked = m->__type == PTHREAD_MUTEX_RECURSIVE || m->__type == PTHREAD_MUTEX_ERRORCHECK;
	if (checked && m->__owner != (pthread_t)posix_self())
		return EPERM;
	if (abs && (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000))
		return EINVAL;
	clockid_t clock = c->__monotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME;
	int armed = cancel_arm(); /* acts here with m held, as POSIX wants for cleanup handlers */
	unsigned int seq = __atomic_load_n(&c->__seq, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);

	unsigned int depth = m->__count; /* a recursive mutex is released whole */
	if (checked)
		m->__count = 1;
	pthread_mutex_unlock(m);
	int err = 0;
	for (;;) {
		uint64_t ns;
		if (timeout_left(clock, abs, &ns)) {
			err = ETIMEDOUT;
			break;
		}
		if (futex_wait(&c->__seq, seq, ns) != -ETIMEDOUT)
			break; /* woken, signalled meanwhile, cancelled, or spurious */
	}
	int cancel = cancel_leave(armed);
	if (cancel)
		wake(c, 1); /* in case it took a signal meant for someone else */
	if (__atomic_sub_fetch(&c->__waiters, 1, __ATOMIC_ACQ_REL) == DESTROYING)
		futex_wake(&c->__waiters, FUTEX_ALL);
	/* c may be gone from here on. */

	pthread_mutex_lock(m);
	if (checked)
		m->__count = depth;
	if (cancel)
		cancel_act();
	return err;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return wait(c, m, NULL);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abs)
{
	return wait(c, m, abs);
}
