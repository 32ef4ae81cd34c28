/*
 * Wait queues (kernel/sched/waitq.c): the one way a thread blocks on
 * something other than time. The caller holds the queue's lock while it
 * checks its condition and calls waitq_block, so no wake-up is lost; a
 * deadline turns into -ETIMEDOUT, a kill of the process into -EINTR, and a
 * waker's value is what waitq_block returns otherwise.
 */
#ifndef SCHED_WAITQ_H
#define SCHED_WAITQ_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/spinlock.h"

struct thread;

struct waitq {
	struct spinlock lock;
	struct thread *head, *tail;
};

#define WAITQ_INIT {SPINLOCK_INIT, NULL, NULL}
#define WAIT_FOREVER UINT64_MAX

/*
 * With wq->lock held (taken with spin_lock_irqsave, flags in `flags`):
 * queues the calling thread, releases the lock, sleeps until woken or until
 * time_ns() >= deadline. Returns the waker's value, -ETIMEDOUT or -EINTR.
 * The lock is not held on return.
 */
long waitq_block(struct waitq *wq, uint64_t deadline, uint64_t flags);

/* With wq->lock held: wakes t (which must be queued on wq) with value. */
void waitq_wake_thread(struct waitq *wq, struct thread *t, long value);
/* With wq->lock held: wakes the first waiter; false if there was none. */
bool waitq_wake_one(struct waitq *wq, long value);
/* With wq->lock held: wakes every waiter; returns how many. */
unsigned waitq_wake_all(struct waitq *wq, long value);

#endif
