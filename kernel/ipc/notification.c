/*
 * Notifications: a 64-bit word of bits. Signalling ORs bits in and wakes
 * one waiter, which takes (and clears) all of them; with no waiter the bits
 * wait, and a bound wait-set is told. Interrupts will reach drivers the same
 * way. MOTOR_NOTIFY_HANDOFF runs the woken thread on this CPU at once, for
 * shared-memory rings where the signaller then waits for the answer.
 */
#include "ipc/ipc.h"

#include "mm/heap.h"
#include "motor/errno.h"
#include "sched/thread.h"

void ws_push(struct ws_link *l);
void ws_unbind(struct ws_link *l);

static void notification_destroy(struct kobject *o)
{
	struct notification *n = (struct notification *)o;
	ws_unbind(&n->link);
	kfree(n);
}

static const struct kobject_ops notification_ops = {.destroy = notification_destroy};

int notification_create(struct notification **out)
{
	struct notification *n = kzalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	kobject_init(&n->obj, MOTOR_OBJ_NOTIFICATION, &notification_ops);
	n->link.owner = &n->obj;
	*out = n;
	return 0;
}

long notify_signal(struct notification *n, uint64_t bits, uint32_t flags)
{
	uint64_t f = spin_lock_irqsave(&n->wq.lock);
	n->bits |= bits;
	struct thread *t = n->wq.head;
	if (t && n->bits) {
		t->ipc.notify_bits = n->bits;
		n->bits = 0;
		waitq_wake_thread(&n->wq, t, 0);
	} else if (n->bits && n->link.ws) {
		ws_push(&n->link);
	}
	spin_unlock_irqrestore(&n->wq.lock, f);
	if (t && (flags & MOTOR_NOTIFY_HANDOFF))
		sched_handoff(t);
	return 0;
}

long notify_wait(struct notification *n, uint64_t deadline, uint64_t *bits)
{
	uint64_t f = spin_lock_irqsave(&n->wq.lock);
	if (n->bits) {
		*bits = n->bits;
		n->bits = 0;
		spin_unlock_irqrestore(&n->wq.lock, f);
		return 0;
	}
	long r = waitq_block(&n->wq, deadline, f);
	if (r == 0)
		*bits = current_thread()->ipc.notify_bits;
	return r;
}

/* For a wait-set receiver: takes the pending bits, 0 if none. */
uint64_t notification_take(struct notification *n)
{
	uint64_t f = spin_lock_irqsave(&n->wq.lock);
	uint64_t b = n->bits;
	n->bits = 0;
	spin_unlock_irqrestore(&n->wq.lock, f);
	return b;
}
