/*
 * Thread cancellation: pthread_cancel, pthread_setcancelstate/type,
 * pthread_testcancel and the cleanup handlers (pthread_cleanup_push/pop,
 * newlib's macros call _pthread_cleanup_push/_pop).
 *
 * Cancellation is deferred: a request is acted on at the cancellation
 * points libposix has: pthread_testcancel, pthread_join,
 * pthread_cond_wait/timedwait, sem_wait/timedwait, nanosleep, sleep and
 * usleep. read, write and the other I/O calls are not cancellation points
 * yet. PTHREAD_CANCEL_ASYNCHRONOUS is accepted and acts like deferred:
 * interrupting a running thread needs signals.
 *
 * Waking a thread blocked at a cancellation point: it publishes
 * cancel_wait = 1 before its blocking system call, and the canceller, after
 * setting cancel_pending, sees it and calls the kernel's thread_cancel,
 * which fails the blocking call with -ECANCELED. That call is a no-op if
 * the thread has not reached the kernel yet, so the canceller waits for
 * the thread to leave the wait (it clears cancel_wait, and wakes the
 * canceller if it marked 2) and repeats the kick every millisecond until it
 * does.
 */
#include "futex.h"
#include "internal.h"

/* Held by pthread_cancel while it reads another thread's control block;
 * taken and dropped by who frees one (cancel_quiesce). */
static int cancel_lock;

int pthread_setcancelstate(int state, int *old)
{
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	/* newlib's stdio calls this, in main before its control block exists too. */
	static int early_state;
	int *s = posix_tp_ready ? &posix_self()->cancel_disable : &early_state;
	if (old)
		*old = *s ? PTHREAD_CANCEL_DISABLE : PTHREAD_CANCEL_ENABLE;
	*s = state == PTHREAD_CANCEL_DISABLE;
	return 0;
}

int pthread_setcanceltype(int type, int *old)
{
	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	struct posix_tcb *self = posix_self();
	if (old)
		*old = self->cancel_async ? PTHREAD_CANCEL_ASYNCHRONOUS : PTHREAD_CANCEL_DEFERRED;
	self->cancel_async = type == PTHREAD_CANCEL_ASYNCHRONOUS;
	return 0;
}

_Noreturn void cancel_act(void)
{
	pthread_exit(PTHREAD_CANCELED);
}

void pthread_testcancel(void)
{
	struct posix_tcb *self = posix_self();
	if (!self->cancel_disable && __atomic_load_n(&self->cancel_pending, __ATOMIC_ACQUIRE))
		cancel_act();
}

int cancel_arm(void)
{
	struct posix_tcb *self = posix_self();
	if (self->cancel_disable)
		return 0;
	/* Store, then load (sequentially consistent), against pthread_cancel's store,
	 * then load: one of the two sees the other. */
	__atomic_store_n(&self->cancel_wait, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&self->cancel_pending, __ATOMIC_SEQ_CST)) {
		cancel_leave(1);
		cancel_act();
	}
	return 1;
}

int cancel_leave(int armed)
{
	if (!armed)
		return 0;
	struct posix_tcb *self = posix_self();
	if (__atomic_exchange_n(&self->cancel_wait, 0, __ATOMIC_SEQ_CST) == 2)
		futex_wake(&self->cancel_wait, FUTEX_ALL);
	return __atomic_load_n(&self->cancel_pending, __ATOMIC_ACQUIRE);
}

void cancel_quiesce(void)
{
	lockword_lock(&cancel_lock);
	lockword_unlock(&cancel_lock);
}

int pthread_cancel(pthread_t thread)
{
	struct posix_tcb *t = (struct posix_tcb *)thread;
	__atomic_store_n(&t->cancel_pending, 1, __ATOMIC_SEQ_CST);
	if (t == posix_self())
		return 0; /* acted on at the next cancellation point */
	lockword_lock(&cancel_lock);
	for (;;) {
		int w = 1;
		if (!__atomic_compare_exchange_n(&t->cancel_wait, &w, 2, 0, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST) &&
		    w == 0)
			break; /* not (or no longer) blocked at a cancellation point */
		motor_thread_cancel(posix_thread_tid(t));
		futex_wait(&t->cancel_wait, 2, 1000000);
	}
	lockword_unlock(&cancel_lock);
	return 0;
}

void _pthread_cleanup_push(struct _pthread_cleanup_context *c, void (*routine)(void *), void *arg)
{
	struct posix_tcb *self = posix_self();
	c->_routine = routine;
	c->_arg = arg;
	c->_canceltype = -1;
	c->_previous = self->cleanup;
	self->cleanup = c;
}

void _pthread_cleanup_pop(struct _pthread_cleanup_context *c, int execute)
{
	posix_self()->cleanup = c->_previous;
	if (execute)
		c->_routine(c->_arg);
}

/* The GNU forms also switch to deferred cancellation for the section. */
void _pthread_cleanup_push_defer(struct _pthread_cleanup_context *c, void (*routine)(void *),
				 void *arg)
{
	_pthread_cleanup_push(c, routine, arg);
	pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &c->_canceltype);
}

void _pthread_cleanup_pop_restore(struct _pthread_cleanup_context *c, int execute)
{
	_pthread_cleanup_pop(c, execute);
	pthread_setcanceltype(c->_canceltype, NULL);
}
