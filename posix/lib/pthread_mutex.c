/*
 * Mutexes and their attributes. The lock is futex.h's three-state word;
 * recursive and errorcheck mutexes also record their owner (pthread_self)
 * and a recursion depth. Normal (and default) mutexes check nothing:
 * relocking deadlocks, as POSIX says it may.
 */
#include "futex.h"
#include "internal.h"

static pthread_t me(void)
{
	return (pthread_t)posix_self();
}

static int checked(const pthread_mutex_t *m)
{
	return m->__type == PTHREAD_MUTEX_RECURSIVE || m->__type == PTHREAD_MUTEX_ERRORCHECK;
}

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
	a->__initialized = 1;
	a->__type = PTHREAD_MUTEX_DEFAULT;
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
	a->__initialized = 0;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_RECURSIVE &&
	    type != PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	a->__type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	*type = a->__type;
	return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int pshared)
{
	int err = pshared_check(pshared);
	if (!err)
		a->__pshared = pshared;
	return err;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	if (a && !a->__initialized)
		return EINVAL;
	*m = (pthread_mutex_t)_PTHREAD_MUTEX_INITIALIZER;
	if (a)
		m->__type = a->__type;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return __atomic_load_n(&m->__lock, __ATOMIC_RELAXED) ? EBUSY : 0;
}

/* What locking m would mean for a checked mutex the caller may hold: -1 go on. */
static int relock(pthread_mutex_t *m)
{
	if (__atomic_load_n(&m->__owner, __ATOMIC_RELAXED) != me())
		return -1;
	if (m->__type == PTHREAD_MUTEX_ERRORCHECK)
		return EDEADLK;
	if (m->__count == UINT_MAX)
		return EAGAIN;
	m->__count++;
	return 0;
}

static void took(pthread_mutex_t *m)
{
	if (checked(m)) {
		__atomic_store_n(&m->__owner, me(), __ATOMIC_RELAXED);
		m->__count = 1;
	}
}

static int lock(pthread_mutex_t *m, const struct timespec *abs)
{
	if (checked(m)) {
		int r = relock(m);
		if (r >= 0)
			return r;
	}
	if (!lockword_trylock(&m->__lock)) {
		long r = lockword_lock_slow(&m->__lock, CLOCK_REALTIME, abs);
		if (r)
			return (int)-r;
	}
	took(m);
	return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	return lock(m, NULL);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abs)
{
	return lock(m, abs);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	if (checked(m)) {
		int r = relock(m);
		if (r >= 0)
			return r == EDEADLK ? EBUSY : r;
	}
	if (!lockword_trylock(&m->__lock))
		return EBUSY;
	took(m);
	return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (checked(m)) {
		if (__atomic_load_n(&m->__owner, __ATOMIC_RELAXED) != me())
			return EPERM;
		if (--m->__count)
			return 0;
		__atomic_store_n(&m->__owner, 0, __ATOMIC_RELAXED);
	}
	lockword_unlock(&m->__lock);
	return 0;
}
