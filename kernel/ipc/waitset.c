/*
 * Wait-sets: a thread waits on one object for events from many. A source
 * (endpoint, notification) is bound once; when it becomes ready it puts its
 * link on the wait-set's ready list (once, however many events) and wakes a
 * waiter, so each event costs O(1) whatever the number of bound sources.
 */
#include "ipc/ipc.h"

#include "mm/heap.h"
#include "motor/errno.h"
#include "sched/thread.h"

long endpoint_recv(struct endpoint *ep, uint64_t deadline);
uint64_t notification_take(struct notification *n);
bool endpoint_try_recv(struct endpoint *ep, long *status);

bool kobject_tryget(struct kobject *o)
{
	uint32_t r = __atomic_load_n(&o->refs, __ATOMIC_RELAXED);
	while (r) {
		if (__atomic_compare_exchange_n(&o->refs, &r, r + 1, false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

static void ws_destroy(struct kobject *o)
{
	kfree(o);
}

static const struct kobject_ops ws_ops = {.destroy = ws_destroy};

int waitset_create(struct waitset **out)
{
	struct waitset *ws = kzalloc(sizeof(*ws));
	if (!ws)
		return -ENOMEM;
	kobject_init(&ws->obj, MOTOR_OBJ_WAITSET, &ws_ops);
	*out = ws;
	return 0;
}

/* Called with the source's lock held. */
void ws_push(struct ws_link *l)
{
	struct waitset *ws = l->ws;
	uint64_t f = spin_lock_irqsave(&ws->wq.lock);
	if (!l->queued) {
		l->queued = true;
		l->next = NULL;
		if (ws->tail)
			ws->tail->next = l;
		else
			ws->head = l;
		ws->tail = l;
	}
	waitq_wake_one(&ws->wq, 0);
	spin_unlock_irqrestore(&ws->wq.lock, f);
}

/* A source is being destroyed: off the ready list, and drop the wait-set. */
void ws_unbind(struct ws_link *l)
{
	struct waitset *ws = l->ws;
	if (!ws)
		return;
	uint64_t f = spin_lock_irqsave(&ws->wq.lock);
	struct ws_link **pp = &ws->head, *prev = NULL;
	while (*pp && *pp != l) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if (*pp) {
		*pp = l->next;
		if (ws->tail == l)
			ws->tail = prev;
	}
	l->queued = false;
	l->ws = NULL;
	spin_unlock_irqrestore(&ws->wq.lock, f);
	kobject_put(&ws->obj);
}

static struct spinlock *source_lock(struct kobject *src)
{
	if (src->type == MOTOR_OBJ_ENDPOINT)
		return &((struct endpoint *)src)->recv.lock;
	return &((struct notification *)src)->wq.lock;
}

static struct ws_link *source_link(struct kobject *src)
{
	if (src->type == MOTOR_OBJ_ENDPOINT)
		return &((struct endpoint *)src)->link;
	return &((struct notification *)src)->link;
}

static bool source_ready(struct kobject *src)
{
	if (src->type == MOTOR_OBJ_ENDPOINT)
		return ((struct endpoint *)src)->send_head != NULL;
	return ((struct notification *)src)->bits != 0;
}

int waitset_add(struct waitset *ws, struct kobject *src, uint64_t key)
{
	if (src->type != MOTOR_OBJ_ENDPOINT && src->type != MOTOR_OBJ_NOTIFICATION)
		return -EINVAL;
	struct spinlock *lock = source_lock(src);
	struct ws_link *l = source_link(src);
	uint64_t f = spin_lock_irqsave(lock);
	int err = 0;
	if (l->ws) {
		err = -EBUSY;
	} else {
		kobject_get(&ws->obj);
		l->ws = ws;
		l->key = key;
		if (source_ready(src))
			ws_push(l);
	}
	spin_unlock_irqrestore(lock, f);
	return err;
}

/* Next ready source, with a reference, or NULL. */
static struct kobject *pop_ready(struct waitset *ws, uint64_t *key)
{
	uint64_t f = spin_lock_irqsave(&ws->wq.lock);
	struct kobject *o = NULL;
	while (ws->head && !o) {
		struct ws_link *l = ws->head;
		ws->head = l->next;
		if (!ws->head)
			ws->tail = NULL;
		l->queued = false;
		if (kobject_tryget(l->owner)) {
			o = l->owner;
			*key = l->key;
		}
	}
	spin_unlock_irqrestore(&ws->wq.lock, f);
	return o;
}

long waitset_recv(struct waitset *ws, uint64_t deadline)
{
	struct thread *me = current_thread();
	ipc_abandon_reply(me);
	for (;;) {
		uint64_t key = 0;
		struct kobject *src = pop_ready(ws, &key);
		if (src) {
			long status = 0;
			bool got;
			if (src->type == MOTOR_OBJ_ENDPOINT) {
				got = endpoint_try_recv((struct endpoint *)src, &status);
			} else {
				uint64_t bits = notification_take((struct notification *)src);
				got = bits != 0;
				me->frame->rdi = key | MOTOR_WS_NOTIFICATION;
				me->frame->rsi = bits;
			}
			kobject_put(src);
			if (got)
				return status;
			continue;
		}
		uint64_t f = spin_lock_irqsave(&ws->wq.lock);
		if (ws->head) {
			spin_unlock_irqrestore(&ws->wq.lock, f);
			continue;
		}
		long r = waitq_block(&ws->wq, deadline, f);
		if (r < 0)
			return r;
	}
}
