/*
 * newlib's per-thread state and locks. newlib is built with
 * __DYNAMIC_REENT__: it asks __getreent for the calling thread's struct
 * _reent (errno, strtok's state, stdio's scratch...), which lives in the
 * thread's control block (main keeps newlib's global _impure_ptr). Its
 * locks are retargetable: here they are futex locks (futex.h), recursive
 * ones owned by the thread's control block.
 */
#include <reent.h>
#include <stdlib.h>
#include <sys/lock.h>

#include "futex.h"
#include "internal.h"

struct _reent *__getreent(void)
{
	/* Until %fs holds main's control block (tls.c allocates it), only main runs. */
	if (!__atomic_load_n(&posix_tp_ready, __ATOMIC_RELAXED))
		return _impure_ptr;
	return posix_self()->reent;
}

struct __lock {
	int word; /* futex.h's lock */
	long owner;
	int depth;
};

struct __lock __lock___sinit_recursive_mutex, __lock___sfp_recursive_mutex,
	__lock___atexit_recursive_mutex, __lock___at_quick_exit_mutex,
	__lock___malloc_recursive_mutex, __lock___env_recursive_mutex, __lock___tz_mutex,
	__lock___dd_hash_mutex, __lock___arc4random_mutex;

static long self(void)
{
	/* Before tls.c has run, main is the only thread: any nonzero constant will do. */
	if (!__atomic_load_n(&posix_tp_ready, __ATOMIC_RELAXED))
		return 1;
	return (long)posix_self();
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

void __retarget_lock_acquire(_LOCK_T l)
{
	lockword_lock(&pick(l)->word);
}

int __retarget_lock_try_acquire(_LOCK_T l)
{
	return lockword_trylock(&pick(l)->word) ? 0 : EBUSY;
}

void __retarget_lock_release(_LOCK_T l)
{
	lockword_unlock(&pick(l)->word);
}

/* owner is only ever equal to self() in the thread that holds the lock. */
void __retarget_lock_acquire_recursive(_LOCK_T l)
{
	struct __lock *k = pick(l);
	long me = self();
	if (__atomic_load_n(&k->owner, __ATOMIC_RELAXED) == me) {
		k->depth++;
		return;
	}
	lockword_lock(&k->word);
	__atomic_store_n(&k->owner, me, __ATOMIC_RELAXED);
	k->depth = 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T l)
{
	struct __lock *k = pick(l);
	long me = self();
	if (__atomic_load_n(&k->owner, __ATOMIC_RELAXED) == me) {
		k->depth++;
		return 0;
	}
	if (!lockword_trylock(&k->word))
		return EBUSY;
	__atomic_store_n(&k->owner, me, __ATOMIC_RELAXED);
	k->depth = 1;
	return 0;
}

void __retarget_lock_release_recursive(_LOCK_T l)
{
	struct __lock *k = pick(l);
	if (--k->depth == 0) {
		__atomic_store_n(&k->owner, 0, __ATOMIC_RELAXED);
		lockword_unlock(&k->word);
	}
}
