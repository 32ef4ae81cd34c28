/*
 * Reader-writer locks on one futex word: the number of readers, or
 * WRITER while write-locked; the top bit (WAITING) says someone sleeps on
 * it, so the unlock that frees the lock wakes them all (they race for it
 * again). Readers are preferred: a read lock is granted whenever no writer
 * holds the lock, so a thread may take a read lock it already holds even
 * while a writer waits (POSIX allows either preference; this one cannot
 * deadlock a recursive reader). The write lock's holder is recorded to
 * report EDEADLK when it asks again.
 */
#include "futex.h"
#include "internal.h"

#define WRITER 0x7fffffffu
#define WAITING 0x80000000u

int pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
	a->__initialized = 1;
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a)
{
	a->__initialized = 0;
	return 0;
}

int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int pshared)
{
	int err = pshared_check(pshared);
	if (!err)
		a->__pshared = pshared;
	return err;
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *a)
{
	if (a && !a->__initialized)
		return EINVAL;
	*l = (pthread_rwlock_t)_PTHREAD_RWLOCK_INITIALIZER;
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *l)
{
	return __atomic_load_n(&l->__state, __ATOMIC_RELAXED) & WRITER ? EBUSY : 0;
}

static int try_read(pthread_rwlock_t *l)
{
	unsigned int v = __atomic_load_n(&l->__state, __ATOMIC_RELAXED);
	for (;;) {
		unsigned int n = v & WRITER;
		if (n == WRITER)
			return EBUSY;
		if (n == WRITER - 1)
			return EAGAIN; /* too many readers */
		if (__atomic_compare_exchange_n(&l->__state, &v, v + 1, 1, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 0;
	}
}

static int try_write(pthread_rwlock_t *l)
{
	unsigned int v = __atomic_load_n(&l->__state, __ATOMIC_RELAXED);
	for (;;) {
		if (v & WRITER)
			return EBUSY;
		if (__atomic_compare_exchange_n(&l->__state, &v, v | WRITER, 1, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			__atomic_store_n(&l->__writer, (unsigned long)posix_self(), __ATOMIC_RELAXED);
			return 0;
		}
	}
}

/* Whether state v keeps the lock from a reader (want_write 0) or a writer. */
static int busy(unsigned int v, int want_write)
{
	return want_write ? (v & WRITER) != 0 : (v & WRITER) == WRITER;
}

static int lock(pthread_rwlock_t *l, int want_write, const struct timespec *abs)
{
	int (*try)(pthread_rwlock_t *) = want_write ? try_write : try_read;
	int r = try(l);
	if (r != EBUSY)
		return r;
	if ((__atomic_load_n(&l->__state, __ATOMIC_RELAXED) & WRITER) == WRITER &&
	    __atomic_load_n(&l->__writer, __ATOMIC_RELAXED) == (unsigned long)posix_self())
		return EDEADLK;
	for (;;) {
		uint64_t ns;
		int t = timeout_left(CLOCK_REALTIME, abs, &ns);
		if (t)
			return -t;
		/* Mark the word as waited on, then sleep while it stays so. */
		unsigned int v = __atomic_load_n(&l->__state, __ATOMIC_RELAXED);
		if (busy(v, want_write) &&
		    ((v & WAITING) || __atomic_compare_exchange_n(&l->__state, &v, v | WAITING, 0,
								   __ATOMIC_RELAXED, __ATOMIC_RELAXED)))
			futex_wait(&l->__state, v | WAITING, ns);
		r = try(l);
		if (r != EBUSY)
			return r;
	}
}

int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
	return lock(l, 0, NULL);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *abs)
{
	return lock(l, 0, abs);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
	return try_read(l);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
	return lock(l, 1, NULL);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *abs)
{
	return lock(l, 1, abs);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
	return try_write(l);
}

int pthread_rwlock_unlock(pthread_rwlock_t *l)
{
	unsigned int v = __atomic_load_n(&l->__state, __ATOMIC_RELAXED), next;
	for (;;) {
		unsigned int n = v & WRITER;
		if (n == 0)
			return EPERM; /* not locked */
		if (n == WRITER)
			__atomic_store_n(&l->__writer, 0, __ATOMIC_RELAXED);
		/* The last holder frees it and clears WAITING: it wakes the sleepers. */
		next = n == WRITER || n == 1 ? 0 : v - 1;
		if (__atomic_compare_exchange_n(&l->__state, &v, next, 1, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			break;
	}
	if (next == 0 && (v & WAITING))
		futex_wake(&l->__state, FUTEX_ALL);
	return 0;
}
