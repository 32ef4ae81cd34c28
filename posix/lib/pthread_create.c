/*
 * Thread life: pthread_create, pthread_exit, pthread_join, pthread_detach.
 *
 * A thread is a kernel thread (thread_create) plus a control block from
 * tls.c (its TLS block, its newlib state, its pthread state; pthread_t is
 * the block's address) and a stack mapped with vm_map, an inaccessible
 * guard page below it. The thread starts in thread_entry, which loads %fs
 * and runs the start routine.
 *
 * Freeing: a joinable thread's stack and control block are freed by its
 * joiner after the kernel's thread_join has seen it gone. A detached
 * thread cannot free the stack it runs on, and the kernel keeps an exited
 * thread's record until someone joins it; so a detached thread puts itself
 * on the reap list as its last act before thread_exit, and the next
 * pthread_create or pthread_exit in the process joins it (a wait of at
 * most its few remaining instructions) and frees both. One mechanism
 * frees the user stack and the kernel record, with no stack-less assembly.
 * Stacks of the default shape are kept for the next threads (up to
 * STACK_CACHE of them): creating a thread then maps nothing, and on SMP
 * costs no TLB shootdown.
 *
 * The process: exit() (or returning from main) ends every thread. When the
 * last thread leaves through pthread_exit, it calls exit(0), so atexit
 * handlers run and stdio is flushed, as POSIX says.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "futex.h"
#include "internal.h"

#define PAGE 4096ul
#define STACK_CACHE 8

void __sinit(struct _reent *); /* newlib's stdio set-up */

static int live = 1; /* threads that have not finished, main included */
static int reap_lock; /* futex.h locks */
static struct posix_tcb *reap_list;
static int stack_cache_lock;
static int stack_cached;
static void *stack_cache[STACK_CACHE]; /* default-size mappings, guard page included */

int posix_thread_tid(struct posix_tcb *t)
{
	for (;;) {
		int tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);
		if (tid > 0)
			return tid;
		int unknown = 0;
		if (tid == 0 && !__atomic_compare_exchange_n(&t->tid, &unknown, -1, 0,
							      __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
			continue;
		futex_wait(&t->tid, (unsigned)-1, MOTOR_FOREVER);
	}
}

static int stack_keep(void *map, size_t len)
{
	int kept = 0;
	if (len != PAGE + PTHREAD_STACK_DEFAULT)
		return 0;
	lockword_lock(&stack_cache_lock);
	if (stack_cached < STACK_CACHE) {
		stack_cache[stack_cached++] = map;
		kept = 1;
	}
	lockword_unlock(&stack_cache_lock);
	return kept;
}

static void *stack_reuse(void)
{
	void *map = NULL;
	lockword_lock(&stack_cache_lock);
	if (stack_cached)
		map = stack_cache[--stack_cached];
	lockword_unlock(&stack_cache_lock);
	return map;
}

/* t has exited and the kernel has let go of it (joined). */
static void thread_free(struct posix_tcb *t)
{
	cancel_quiesce();
	if (t->stack_map && !stack_keep(t->stack_map, t->stack_map_len))
		motor_vm_unmap((long)t->stack_map, (long)t->stack_map_len);
	tls_destroy(t);
}

/* Joins and frees the detached threads that have finished. */
static void reap(void)
{
	if (!__atomic_load_n(&reap_list, __ATOMIC_ACQUIRE))
		return;
	lockword_lock(&reap_lock);
	struct posix_tcb *t = reap_list;
	reap_list = NULL;
	lockword_unlock(&reap_lock);
	while (t) {
		struct posix_tcb *next = t->reap_next;
		long r;
		do
			r = motor_thread_join(posix_thread_tid(t), 0);
		while (r == -ECANCELED || r == -EINTR); /* interrupted: it is still to be freed */
		if (r == 0)
			thread_free(t);
		t = next;
	}
}

void posix_thread_fork_child(void)
{
	/* Only the forking thread lives on, as the kernel's thread 1; the reap
	 * list names threads of the parent. Cached stacks are mapped here too. */
	live = 1;
	reap_list = NULL;
	reap_lock = 0;
	stack_cache_lock = 0;
	__atomic_store_n(&posix_self()->tid, 1, __ATOMIC_RELEASE);
}

static void reap_later(struct posix_tcb *t)
{
	lockword_lock(&reap_lock);
	t->reap_next = reap_list;
	__atomic_store_n(&reap_list, t, __ATOMIC_RELEASE);
	lockword_unlock(&reap_lock);
}

/* The new thread's first instructions: nothing may touch %fs before it is set. */
__attribute__((noreturn, no_stack_protector)) static void thread_entry(struct posix_tcb *self)
{
	motor_set_fs_base((long)self);
	pthread_exit(self->start(self->arg));
}

static int stack_map(struct posix_tcb *t, const pthread_attr_t *a, void **top)
{
	if (a && a->__stacktop) { /* the caller's: used as is, never freed */
		*top = (void *)((uintptr_t)a->__stacktop & ~15ul);
		return 0;
	}
	size_t size = a ? a->__stacksize : PTHREAD_STACK_DEFAULT;
	size_t guard = a ? a->__guardsize : PAGE;
	size = (size + PAGE - 1) & ~(PAGE - 1);
	guard = (guard + PAGE - 1) & ~(PAGE - 1);
	void *reused = size == PTHREAD_STACK_DEFAULT && guard == PAGE ? stack_reuse() : NULL;
	if (reused) {
		t->stack_map = reused;
		t->stack_map_len = guard + size;
		*top = (char *)reused + guard + size;
		return 0;
	}
	long base = motor_vm_map(0, (long)(guard + size), MOTOR_PROT_READ | MOTOR_PROT_WRITE);
	if (base < 0)
		return EAGAIN;
	if (guard && motor_vm_protect(base, (long)guard, 0) < 0) {
		motor_vm_unmap(base, (long)(guard + size));
		return EAGAIN;
	}
	t->stack_map = (void *)base;
	t->stack_map_len = guard + size;
	*top = (void *)(base + guard + size);
	return 0;
}

int pthread_create(pthread_t *out, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
	if (attr && !attr->__initialized)
		return EINVAL;
	reap();
	/* Threads share main's stdin/stdout/stderr; exit() flushes them only if main's
	 * stdio state was set up, which a program whose threads alone print never does. */
	if (!_GLOBAL_REENT->__sdidinit)
		__sinit(_GLOBAL_REENT);

	struct posix_tcb *t;
	if (tls_create(&t))
		return EAGAIN;
	void *top;
	int err = stack_map(t, attr, &top);
	if (err) {
		tls_destroy(t);
		return err;
	}
	t->reent = &t->own_reent;
	_REENT_INIT_PTR(t->reent);
	t->start = start;
	t->arg = arg;
	t->detach = attr && attr->__detachstate == PTHREAD_CREATE_DETACHED ? THREAD_DETACHED
									   : THREAD_JOINABLE;
	__atomic_add_fetch(&live, 1, __ATOMIC_RELAXED);
	long tid = motor_thread_create((long)thread_entry, (long)top, (long)t);
	if (tid < 0) {
		__atomic_sub_fetch(&live, 1, __ATOMIC_RELAXED);
		thread_free(t);
		return tid == -ENOMEM ? ENOMEM : EAGAIN;
	}
	*out = (pthread_t)t;
	/* Before this store the thread may already be running, even finished: who
	 * needs its id (join, reap, cancel) waits for it in posix_thread_tid. */
	if (__atomic_exchange_n(&t->tid, (int)tid, __ATOMIC_RELEASE) == -1)
		futex_wake(&t->tid, FUTEX_ALL);
	return 0;
}

_Noreturn void posix_thread_finish(void *result)
{
	struct posix_tcb *self = posix_self();
	self->result = result;
	keys_run_destructors(self);
	if (__atomic_sub_fetch(&live, 1, __ATOMIC_ACQ_REL) == 0)
		exit(0);
	reap();
	if (self->reent != _impure_ptr)
		_reclaim_reent(self->reent);
	int joinable = THREAD_JOINABLE;
	if (!__atomic_compare_exchange_n(&self->detach, &joinable, THREAD_EXITED, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		reap_later(self); /* detached: from here on its memory is the reaper's */
	motor_thread_exit((long)result);
	__builtin_unreachable();
}

void pthread_exit(void *result)
{
	struct posix_tcb *self = posix_self();
	self->cancel_disable = 1; /* the cleanup below is not to be cancelled again */
	while (self->cleanup) {
		struct _pthread_cleanup_context *c = self->cleanup;
		self->cleanup = c->_previous;
		c->_routine(c->_arg);
	}
	posix_thread_finish(result);
}

int pthread_join(pthread_t thread, void **result)
{
	struct posix_tcb *t = (struct posix_tcb *)thread;
	if (t == posix_self())
		return EDEADLK;
	if (__atomic_load_n(&t->detach, __ATOMIC_ACQUIRE) == THREAD_DETACHED)
		return EINVAL;
	int tid = posix_thread_tid(t);
	long r;
	/* A cancellation point: if it acts, the thread stays joinable. Interrupted
	 * otherwise, it waits again: pthread_join never fails with EINTR. */
	do {
		int armed = cancel_arm();
		r = motor_thread_join(tid, 0);
		cancel_disarm(armed);
	} while (r == -ECANCELED || r == -EINTR);
	if (r < 0)
		return r == -ESRCH ? ESRCH : EINVAL;
	if (result)
		*result = t->result;
	thread_free(t);
	return 0;
}

int pthread_detach(pthread_t thread)
{
	struct posix_tcb *t = (struct posix_tcb *)thread;
	int state = THREAD_JOINABLE;
	if (__atomic_compare_exchange_n(&t->detach, &state, THREAD_DETACHED, 0, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		return 0;
	if (state == THREAD_DETACHED)
		return EINVAL;
	/* It has finished already and will not reap itself: hand it to the reaper. */
	if (__atomic_compare_exchange_n(&t->detach, &state, THREAD_DETACHED, 0, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		reap_later(t);
	return 0;
}
