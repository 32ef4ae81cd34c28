/*
 * newlib's per-thread state and locks. newlib is built with
 * __DYNAMIC_REENT__ (it asks __getreent for the current thread's state) and
 * retargetable locking (its locks are ours): one thread per process for
 * now, so every thread shares the global state; the locks are real futex
 * locks already, so threads (issue 5) only need __getreent per thread.
 */
#include <reent.h>
#include <stdlib.h>
#include <sys/lock.h>

#include "internal.h"

struct _reent *__getreent(void)
{
	return _impure_ptr;
}

struct __lock {
	volatile int word; /* 0 free, 1 locked, 2 locked with waiters */
	volatile long owner;
	int depth;
};

struct __lock __lock___sinit_recursive_mutex, __lock___sfp_recursive_mutex,
	__lock___atexit_recursive_mutex, __lock___at_quick_exit_mutex,
	__lock___malloc_recursive_mutex, __lock___env_recursive_mutex, __lock___tz_mutex,
	__lock___dd_hash_mutex, __lock___arc4random_mutex;

static long self(void)
{
	return 1; /* one thread per process until pthreads (issue 5): then the thread id */
}

static void lock(struct __lock *l)
{
	int c = __sync_val_compare_and_swap(&l->word, 0, 1);
	while (c != 0) {
		if (c == 2 || __sync_val_compare_and_swap(&l->word, 1, 2) != 0)
			motor_futex_wait((long)&l->word, 2, (long)MOTOR_FOREVER);
		c = __sync_val_compare_and_swap(&l->word, 0, 2);
	}
}

static int trylock(struct __lock *l)
{
	return __sync_val_compare_and_swap(&l->word, 0, 1) == 0 ? 0 : EBUSY;
}

static void unlock(struct __lock *l)
{
	if (__sync_fetch_and_sub(&l->word, 1) != 1) {
		l->word = 0;
		motor_futex_wake((long)&l->word, 1);
	}
}

/* Dynamic locks (a FILE's) are allocated; without memory they share one global lock. */
static struct __lock global;

void __retarget_lock_init(_LOCK_T *l)
{
	*l = calloc(1, sizeof(struct __lock));
}

void __retarget_lock_init_recursive(_LOCK_T *l)
{
	*l = calloc(1, sizeof(struct __lock));
}

void __retarget_lock_close(_LOCK_T l)
{
	if (l != &global)
		free(l);
}

void __retarget_lock_close_recursive(_LOCK_T l)
{
	__retarget_lock_close(l);
}

static struct __lock *pick(_LOCK_T l)
{
	return l ? l : &global;
}

void __retarget_lock_acquire(_LOCK_T l) { lock(pick(l)); }
int __retarget_lock_try_acquire(_LOCK_T l) { return trylock(pick(l)); }
void __retarget_lock_release(_LOCK_T l) { unlock(pick(l)); }

void __retarget_lock_acquire_recursive(_LOCK_T l)
{
	struct __lock *k = pick(l);
	long me = self();
	if (k->owner == me && k->word) {
		k->depth++;
		return;
	}
	lock(k);
	k->owner = me;
	k->depth = 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T l)
{
	struct __lock *k = pick(l);
	long me = self();
	if (k->owner == me && k->word) {
		k->depth++;
		return 0;
	}
	if (trylock(k))
		return EBUSY;
	k->owner = me;
	k->depth = 1;
	return 0;
}

void __retarget_lock_release_recursive(_LOCK_T l)
{
	struct __lock *k = pick(l);
	if (--k->depth == 0) {
		k->owner = 0;
		unlock(k);
	}
}
