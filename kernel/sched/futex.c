/*
 * Futexes: 256 hashed buckets, each a wait queue. The value check and the
 * queueing happen under the bucket lock, and a waker takes the same lock, so
 * a wake between "the value is still expected" and "asleep" is not lost.
 */
#include "sched/futex.h"

#include "motor/errno.h"
#include "sched/thread.h"
#include "sched/waitq.h"

#define NBUCKETS 256

static struct waitq buckets[NBUCKETS];

static struct waitq *bucket(struct vm_space *vm, uint64_t addr)
{
	uint64_t h = ((uint64_t)(uintptr_t)vm >> 6) ^ (addr >> 2);
	h ^= h >> 17;
	h *= 0xed5ad4bbu;
	h ^= h >> 11;
	return &buckets[h % NBUCKETS];
}

long futex_wait(struct vm_space *vm, uint64_t addr, uint32_t expected, uint64_t deadline)
{
	if (addr & 3)
		return -EINVAL;
	if (!vm_user_range(addr, 4))
		return -EFAULT;
	struct waitq *wq = bucket(vm, addr);
	uint64_t f = spin_lock_irqsave(&wq->lock);
	uint32_t now;
	int err = vm_copy_in(vm, &now, addr, 4);
	if (err || now != expected) {
		spin_unlock_irqrestore(&wq->lock, f);
		return err ? -EFAULT : -EAGAIN;
	}
	struct thread *t = current_thread();
	t->futex_vm = vm;
	t->futex_addr = addr;
	long r = waitq_block(wq, deadline, f);
	return r > 0 ? 0 : r;
}

long futex_wake(struct vm_space *vm, uint64_t addr, uint32_t n)
{
	if (addr & 3)
		return -EINVAL;
	struct waitq *wq = bucket(vm, addr);
	uint64_t f = spin_lock_irqsave(&wq->lock);
	long woken = 0;
	struct thread *t = wq->head;
	while (t && (uint32_t)woken < n) {
		struct thread *next = t->wq_next;
		if (t->futex_vm == vm && t->futex_addr == addr) {
			waitq_wake_thread(wq, t, 1);
			woken++;
		}
		t = next;
	}
	spin_unlock_irqrestore(&wq->lock, f);
	return woken;
}
