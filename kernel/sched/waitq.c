/*
 * Wait queues. A woken thread learns why from two places: a waker removes it
 * from the queue and leaves its value in wq_result (under the queue lock);
 * the timer or a kill wakes it while it is still queued, and it removes
 * itself. Checking "am I still queued" under the lock decides which
 * happened, so a timeout racing a wake-up is counted exactly once.
 */
#include "sched/waitq.h"

#include "core/time.h"
#include "motor/errno.h"
#include "sched/thread.h"

static void unlink_thread(struct waitq *wq, struct thread *t)
{
	struct thread **pp = &wq->head, *prev = NULL;
	while (*pp && *pp != t) {
		prev = *pp;
		pp = &(*pp)->wq_next;
	}
	if (!*pp)
		return;
	*pp = t->wq_next;
	if (wq->tail == t)
		wq->tail = prev;
	t->wq_next = NULL;
	t->waitq = NULL;
}

long waitq_block(struct waitq *wq, uint64_t deadline, uint64_t flags)
{
	struct thread *t = current_thread();
	if (t->proc && t->proc->exiting) {
		spin_unlock_irqrestore(&wq->lock, flags);
		return -EINTR;
	}
	if (deadline != WAIT_FOREVER && time_ns() >= deadline) {
		spin_unlock_irqrestore(&wq->lock, flags); /* a zero timeout polls */
		return -ETIMEDOUT;
	}
	t->wq_next = NULL;
	t->waitq = wq;
	if (wq->tail)
		wq->tail->wq_next = t;
	else
		wq->head = t;
	wq->tail = t;
	long result;
	for (;;) {
		if (sched_block(deadline)) { /* killed, or a signal is due */
			unlink_thread(wq, t);
			spin_unlock_irqrestore(&wq->lock, flags);
			return -EINTR;
		}
		spin_unlock(&wq->lock);
		schedule();
		spin_lock(&wq->lock);
		if (t->waitq != wq) {
			result = t->wq_result;
			break;
		}
		/* Not woken by a waker: a timeout, a kill, a cancel or a signal. A
		 * signal while the guard holds leaves the thread waiting. */
		if (t->wake_result == -EINTR && t->intr_guard && *t->intr_guard &&
		    !(t->proc && t->proc->exiting))
			continue;
		unlink_thread(wq, t);
		result = t->wake_result ? t->wake_result : -EINTR;
		break;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	return result;
}

void waitq_wake_thread(struct waitq *wq, struct thread *t, long value)
{
	unlink_thread(wq, t);
	t->wq_result = value;
	sched_wake(t, value);
}

bool waitq_wake_one(struct waitq *wq, long value)
{
	if (!wq->head)
		return false;
	waitq_wake_thread(wq, wq->head, value);
	return true;
}

unsigned waitq_wake_all(struct waitq *wq, long value)
{
	unsigned n = 0;
	while (waitq_wake_one(wq, value))
		n++;
	return n;
}
