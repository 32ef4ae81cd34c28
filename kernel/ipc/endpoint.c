/*
 * Endpoints: synchronous call / receive / reply.
 *
 * A call is a small object (struct ipc_call) that the caller blocks on until
 * the reply. If a receiver is waiting, the caller delivers straight into it
 * (words into its saved registers, data from the caller's address space
 * into the receiver's buffer, handles from table to table); otherwise the
 * call waits on the endpoint's queue and the next receiver takes it. The
 * receiver keeps the call as its pending reply; ipc_reply delivers the
 * answer the same way and wakes the caller.
 *
 * Close notices (MOTOR_EP_CLOSE_NOTICES): the endpoint counts its handles
 * per badge; when a badge's last handle closes, wherever and however (a
 * process that dies closes all of its), the kernel makes a call of its own
 * with that badge (a notice: nobody waits for the answer), so a server
 * learns that a client's session is gone.
 *
 * Signals: a caller's wait ends with -EINTR for a signal while its call is
 * queued or kept for later, not while a receiver works on it.
 *
 * Failure paths: a caller that times out or is killed leaves the call; a
 * reply to it then fails with -ESRCH. A receiver that exits with a call
 * unanswered, or an endpoint whose last RECEIVE handle closes, fails the
 * waiting callers with -EPIPE.
 */
#include "ipc/ipc.h"

#include "core/log.h"
#include "core/time.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "motor/errno.h"
#include "motor/handle.h"
#include "obj/handle.h"
#include "sched/thread.h"

struct ipc_call {
	struct waitq wq; /* the caller waits here; the lock guards the call */
	volatile uint32_t refs;
	struct thread *caller;
	uint64_t badge;
	bool queued; /* on an endpoint's send queue (endpoint lock) */
	struct ipc_call *next;
	uint64_t w[4];
	bool has_msg;
	bool notice;    /* the kernel's, for a close notice: no caller */
	bool msg_dirty; /* the reply filled msg: the caller writes it back */
	/* A receiver has it and has not kept it for later (ipc_reply_save): a
	 * signal waits for the answer rather than abandon work under way. */
	volatile bool in_service;
	uint64_t msg_uaddr;
	struct motor_msg msg;
};

static void call_put(struct ipc_call *c)
{
	if (__atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(c);
}

/* ---- wait-set hooks (waitset.c) ---- */
void ws_push(struct ws_link *l);
void ws_unbind(struct ws_link *l);

/* ---- moving data and handles ---- */

/*
 * Reads a message block and checks it before anything is sent: it must be
 * writable (results are written back into it) and its buffers must be user
 * memory, so a bad pointer fails the caller's call, not the receiver's.
 */
static int read_msg(uint64_t uaddr, struct motor_msg *m)
{
	struct vm_space *vm = current_thread()->proc->vm;
	if (vm_copy_in(vm, m, uaddr, sizeof(*m)) || vm_copy_out(vm, uaddr, m, sizeof(*m)))
		return -EFAULT;
	if (m->nhandles > MOTOR_IPC_MAX_HANDLES || m->len > MOTOR_IPC_MAX_DATA)
		return -EINVAL;
	if ((m->len && !vm_range_ok(vm, m->buf, m->len, VM_READ)) ||
	    (m->rlen && !vm_range_ok(vm, m->rbuf, m->rlen, VM_WRITE)))
		return -EFAULT;
	return 0;
}

/*
 * Moves data and handles from `from` (a thread, its message `fm`) to `to`
 * (its message `tm`, which `to` writes back to its own message block when
 * it runs again: through its own mapping that costs a string move, where a
 * copy into another address space walks its page table). Returns 0 or
 * -EMSGSIZE when the data did not fit (what fitted was copied).
 */
static int transfer(struct thread *from, const struct motor_msg *fm, struct thread *to,
		    struct motor_msg *tm)
{
	int status = 0;
	uint64_t n = fm ? fm->len : 0;
	if (n > tm->rlen) {
		n = tm->rlen;
		status = -EMSGSIZE;
	}
	if (n && vm_copy_cross(to->proc->vm, tm->rbuf, from->proc->vm, fm->buf, n))
		n = 0, status = -EFAULT;
	tm->rlen = n;
	tm->rnhandles = 0;
	for (uint32_t i = 0; fm && i < fm->nhandles; i++) {
		struct kobject *o;
		uint32_t rights;
		uint64_t badge;
		if (handle_take(&from->proc->handles, fm->handles[i], MOTOR_RIGHT_TRANSFER, &o, &rights,
				&badge))
			continue; /* checked before blocking; gone since: not sent */
		long h = handle_install_moved(&to->proc->handles, o, rights, badge);
		kobject_put(o); /* install took its own reference */
		if (h > 0)
			tm->rhandles[tm->rnhandles++] = (int32_t)h;
	}
	return status;
}

/* Every handle a message would move must exist and carry TRANSFER. */
static int check_handles(const struct motor_msg *m)
{
	for (uint32_t i = 0; i < m->nhandles; i++) {
		struct kobject *o;
		int err = handle_get(&current_thread()->proc->handles, m->handles[i], 0,
				     MOTOR_RIGHT_TRANSFER, &o, NULL, NULL);
		if (err)
			return err;
		kobject_put(o);
	}
	return 0;
}

/* Puts a call into receiver s: registers, and the message block if it gave one. */
static int deliver_request(struct ipc_call *c, struct thread *s)
{
	struct trap_frame *tf = s->frame;
	c->in_service = true;
	tf->rdi = c->badge;
	tf->rsi = c->w[0];
	tf->rdx = c->w[1];
	tf->r10 = c->w[2];
	tf->r8 = c->w[3];
	struct ipc_thread_state *is = &s->ipc;
	if (!is->has_rmsg)
		return c->has_msg && c->msg.len ? -EMSGSIZE : 0;
	is->rmsg.badge = c->badge;
	is->rmsg_dirty = true; /* recv_on writes it back */
	return transfer(c->caller, c->has_msg ? &c->msg : NULL, s, &is->rmsg);
}

/* ---- endpoints ---- */

static void fail_queued(struct endpoint *ep);

static void ep_destroy(struct kobject *o)
{
	struct endpoint *ep = (struct endpoint *)o;
	ws_unbind(&ep->link);
	/* Only notices can be queued still: callers hold the endpoint while they wait. */
	for (struct ipc_call *c = ep->send_head, *n; c; c = n) {
		n = c->next;
		call_put(c);
	}
	kfree(ep->counts);
	kfree(ep);
}

/* With the endpoint lock: badge's counter, made if `make`, or NULL. */
static struct badge_count *count_of(struct endpoint *ep, uint64_t badge, bool make)
{
	for (uint32_t i = 0; i < ep->ncounts; i++)
		if (ep->counts[i].badge == badge)
			return &ep->counts[i];
	if (!make)
		return NULL;
	if (ep->ncounts == ep->capcounts) {
		uint32_t cap = ep->capcounts ? 2 * ep->capcounts : 16;
		struct badge_count *n = kmalloc(cap * sizeof(*n));
		if (!n)
			return NULL;
		memcpy(n, ep->counts, ep->ncounts * sizeof(*n));
		kfree(ep->counts);
		ep->counts = n;
		ep->capcounts = cap;
	}
	struct badge_count *c = &ep->counts[ep->ncounts++];
	*c = (struct badge_count){.badge = badge, .handles = 0};
	return c;
}

static void post_notice(struct endpoint *ep, uint64_t badge);

static void ep_opened(struct kobject *o, uint32_t rights, uint64_t badge)
{
	struct endpoint *ep = (struct endpoint *)o;
	if (rights & MOTOR_RIGHT_RECEIVE)
		__atomic_add_fetch(&ep->receivers, 1, __ATOMIC_RELAXED);
	if (!(ep->flags & MOTOR_EP_CLOSE_NOTICES) || !badge)
		return;
	uint64_t f = spin_lock_irqsave(&ep->recv.lock);
	struct badge_count *c = count_of(ep, badge, true);
	if (c)
		c->handles++; /* without memory the badge goes uncounted: no notice for it */
	spin_unlock_irqrestore(&ep->recv.lock, f);
}

static void ep_closed(struct kobject *o, uint32_t rights, uint64_t badge)
{
	struct endpoint *ep = (struct endpoint *)o;
	if ((rights & MOTOR_RIGHT_RECEIVE) &&
	    __atomic_sub_fetch(&ep->receivers, 1, __ATOMIC_ACQ_REL) == 0)
		fail_queued(ep);
	if (!(ep->flags & MOTOR_EP_CLOSE_NOTICES) || !badge)
		return;
	uint64_t f = spin_lock_irqsave(&ep->recv.lock);
	struct badge_count *c = count_of(ep, badge, false);
	bool last = c && --c->handles == 0;
	if (last)
		*c = ep->counts[--ep->ncounts];
	spin_unlock_irqrestore(&ep->recv.lock, f);
	if (last)
		post_notice(ep, badge);
}

static const struct kobject_ops ep_ops = {
	.destroy = ep_destroy,
	.handle_opened = ep_opened,
	.handle_closed = ep_closed,
};

int endpoint_create(uint32_t flags, struct endpoint **out)
{
	struct endpoint *ep = kzalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	ep->flags = flags;
	kobject_init(&ep->obj, MOTOR_OBJ_ENDPOINT, &ep_ops);
	ep->link.owner = &ep->obj;
	*out = ep;
	return 0;
}

static void enqueue_call(struct endpoint *ep, struct ipc_call *c)
{
	c->next = NULL;
	c->queued = true;
	if (ep->send_tail)
		ep->send_tail->next = c;
	else
		ep->send_head = c;
	ep->send_tail = c;
}

static struct ipc_call *dequeue_call(struct endpoint *ep)
{
	struct ipc_call *c = ep->send_head;
	if (c) {
		ep->send_head = c->next;
		if (!ep->send_head)
			ep->send_tail = NULL;
		c->queued = false;
	}
	return c;
}

static void unlink_call(struct endpoint *ep, struct ipc_call *c)
{
	struct ipc_call **pp = &ep->send_head, *prev = NULL;
	while (*pp && *pp != c) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if (!*pp)
		return;
	*pp = c->next;
	if (ep->send_tail == c)
		ep->send_tail = prev;
	c->queued = false;
}

/* The server is gone: every waiting call fails with -EPIPE. */
static void fail_queued(struct endpoint *ep)
{
	uint64_t f = spin_lock_irqsave(&ep->recv.lock);
	struct ipc_call *list = ep->send_head;
	for (struct ipc_call *c = list; c; c = c->next)
		c->queued = false;
	ep->send_head = ep->send_tail = NULL;
	spin_unlock_irqrestore(&ep->recv.lock, f);
	while (list) {
		struct ipc_call *c = list;
		list = c->next;
		if (c->notice) {
			call_put(c);
			continue;
		}
		f = spin_lock_irqsave(&c->wq.lock);
		if (c->wq.head)
			waitq_wake_thread(&c->wq, c->wq.head, -EPIPE);
		spin_unlock_irqrestore(&c->wq.lock, f);
	}
}

long ipc_call(struct endpoint *ep, uint64_t badge, const uint64_t w[4], uint64_t msg_uaddr)
{
	struct thread *me = current_thread();
	/* Zeroed up to the message block, which is filled only when there is one. */
	struct ipc_call *c = kmalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	memset(c, 0, offsetof(struct ipc_call, msg));
	c->refs = 1;
	c->caller = me;
	c->badge = badge;
	memcpy(c->w, w, sizeof(c->w));
	uint64_t deadline = WAIT_FOREVER;
	if (msg_uaddr) {
		long err = read_msg(msg_uaddr, &c->msg);
		if (!err)
			err = check_handles(&c->msg);
		if (err) {
			kfree(c);
			return err;
		}
		c->has_msg = true;
		c->msg_uaddr = msg_uaddr;
		if (c->msg.timeout_ns) /* 0, the zeroed default, means none */
			deadline = deadline_from_timeout(c->msg.timeout_ns);
	}
	uint64_t f = spin_lock_irqsave(&c->wq.lock);
	spin_lock(&ep->recv.lock);
	if (!ep->receivers) {
		spin_unlock(&ep->recv.lock);
		spin_unlock_irqrestore(&c->wq.lock, f);
		kfree(c);
		return -EPIPE;
	}
	struct thread *s = ep->recv.head;
	if (s) {
		/* A receiver is waiting: hand the call straight to it. */
		long st = deliver_request(c, s);
		s->ipc.pending_reply = c; /* it abandoned any older one before waiting */
		c->refs++;
		waitq_wake_thread(&ep->recv, s, st);
	} else {
		enqueue_call(ep, c);
		if (ep->link.ws)
			ws_push(&ep->link);
	}
	spin_unlock(&ep->recv.lock);
	me->intr_guard = &c->in_service;
	long r = waitq_block(&c->wq, deadline, f);
	me->intr_guard = NULL;
	if (c->msg_dirty) /* set before the reply woke us */
		vm_copy_out(me->proc->vm, c->msg_uaddr, &c->msg, sizeof(c->msg));
	if (r == -ETIMEDOUT || r == -EINTR) {
		f = spin_lock_irqsave(&ep->recv.lock);
		if (c->queued)
			unlink_call(ep, c);
		spin_unlock_irqrestore(&ep->recv.lock, f);
	}
	call_put(c);
	return r;
}

/* A close notice for badge: delivered like a call that nobody waits on. */
static void post_notice(struct endpoint *ep, uint64_t badge)
{
	struct ipc_call *c = kmalloc(sizeof(*c));
	if (!c) {
		kprintf("ipc: no memory for a close notice (badge %#lx): a session is not released\n",
			badge);
		return;
	}
	memset(c, 0, offsetof(struct ipc_call, msg));
	c->refs = 1; /* the queue's, then the receiver's */
	c->badge = badge;
	c->notice = true;
	c->w[0] = MOTOR_IPC_CLOSED;
	uint64_t f = spin_lock_irqsave(&ep->recv.lock);
	if (!ep->receivers) {
		spin_unlock_irqrestore(&ep->recv.lock, f);
		kfree(c);
		return;
	}
	struct thread *s = ep->recv.head;
	if (s) {
		long st = deliver_request(c, s);
		s->ipc.pending_reply = c;
		waitq_wake_thread(&ep->recv, s, st);
	} else {
		enqueue_call(ep, c);
		if (ep->link.ws)
			ws_push(&ep->link);
	}
	spin_unlock_irqrestore(&ep->recv.lock, f);
}

/* Receives one queued call on ep into the calling thread, if there is one. */
static bool take_call(struct endpoint *ep, long *status)
{
	struct thread *me = current_thread();
	uint64_t f = spin_lock_irqsave(&ep->recv.lock);
	struct ipc_call *c = dequeue_call(ep);
	if (c) {
		if (!c->notice)
			c->refs++; /* a notice's one reference moves from the queue to us */
		if (ep->send_head && ep->link.ws)
			ws_push(&ep->link); /* more are waiting */
	}
	spin_unlock_irqrestore(&ep->recv.lock, f);
	if (!c)
		return false;
	if (c->notice) {
		*status = deliver_request(c, me);
		me->ipc.pending_reply = c; /* an answer to it goes nowhere (-ESRCH) */
		return true;
	}
	/* The caller may give up meanwhile; its call object stays valid (our reference). */
	f = spin_lock_irqsave(&c->wq.lock);
	if (c->wq.head) {
		*status = deliver_request(c, me);
		me->ipc.pending_reply = c;
		spin_unlock_irqrestore(&c->wq.lock, f);
		return true;
	}
	spin_unlock_irqrestore(&c->wq.lock, f);
	call_put(c); /* it timed out before we got to it */
	return take_call(ep, status);
}

bool endpoint_try_recv(struct endpoint *ep, long *status)
{
	return take_call(ep, status);
}

long endpoint_recv(struct endpoint *ep, uint64_t deadline)
{
	ipc_abandon_reply(current_thread());
	for (;;) {
		long status = 0;
		if (take_call(ep, &status))
			return status;
		uint64_t f = spin_lock_irqsave(&ep->recv.lock);
		if (ep->send_head) {
			spin_unlock_irqrestore(&ep->recv.lock, f);
			continue;
		}
		/* The caller that finds us delivers into our registers and wakes us. */
		return waitq_block(&ep->recv, deadline, f);
	}
}

/* Answers call c (the reference passed in is dropped). */
static long reply_to(struct ipc_call *c, const uint64_t w[4], uint64_t msg_uaddr,
		     const struct motor_msg *m)
{
	struct thread *me = current_thread();
	long r = 0;
	uint64_t f = spin_lock_irqsave(&c->wq.lock);
	struct thread *caller = c->wq.head;
	if (caller) {
		struct trap_frame *tf = caller->frame;
		tf->rsi = w[0];
		tf->rdx = w[1];
		tf->r10 = w[2];
		tf->r8 = w[3];
		long st = 0;
		if (c->has_msg) {
			st = transfer(me, msg_uaddr ? m : NULL, caller, &c->msg);
			c->msg_dirty = true;
		}
		waitq_wake_thread(&c->wq, caller, st);
	} else {
		r = -ESRCH; /* the caller gave up (timeout) or was killed */
	}
	spin_unlock_irqrestore(&c->wq.lock, f);
	call_put(c);
	return r;
}

static long read_reply_msg(uint64_t msg_uaddr, struct motor_msg *m)
{
	if (!msg_uaddr)
		return 0;
	long err = read_msg(msg_uaddr, m);
	return err ? err : check_handles(m);
}

long ipc_reply(const uint64_t w[4], uint64_t msg_uaddr)
{
	struct thread *me = current_thread();
	struct ipc_call *c = me->ipc.pending_reply;
	if (!c)
		return -EINVAL;
	struct motor_msg m;
	long err = read_reply_msg(msg_uaddr, &m);
	if (err)
		return err;
	me->ipc.pending_reply = NULL;
	return reply_to(c, w, msg_uaddr, &m);
}

/* ---- saved replies: a call kept as an object, answered later ---- */

struct reply_obj {
	struct kobject obj;
	struct ipc_call *call; /* NULL once answered */
};

/* A saved reply dropped unanswered fails its caller, as an exiting server would. */
static void fail_call(struct ipc_call *c)
{
	uint64_t f = spin_lock_irqsave(&c->wq.lock);
	if (c->wq.head)
		waitq_wake_thread(&c->wq, c->wq.head, -EPIPE);
	spin_unlock_irqrestore(&c->wq.lock, f);
	call_put(c);
}

static void reply_destroy(struct kobject *o)
{
	struct reply_obj *r = (struct reply_obj *)o;
	if (r->call)
		fail_call(r->call);
	kfree(r);
}

static const struct kobject_ops reply_ops = {.destroy = reply_destroy};

int ipc_reply_save(struct kobject **out)
{
	struct thread *me = current_thread();
	struct ipc_call *c = me->ipc.pending_reply;
	if (!c)
		return -EINVAL;
	struct reply_obj *r = kzalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	kobject_init(&r->obj, MOTOR_OBJ_REPLY, &reply_ops);
	r->call = c; /* the thread's reference moves to the object */
	me->ipc.pending_reply = NULL;
	/* Kept for later, the call may be cut short by a signal now. */
	uint64_t f = spin_lock_irqsave(&c->wq.lock);
	c->in_service = false;
	struct thread *caller = c->wq.head;
	if (caller && signal_interrupts(caller))
		sched_wake(caller, -EINTR);
	spin_unlock_irqrestore(&c->wq.lock, f);
	*out = &r->obj;
	return 0;
}

long ipc_reply_saved(struct kobject *o, const uint64_t w[4], uint64_t msg_uaddr)
{
	struct reply_obj *r = (struct reply_obj *)o;
	struct motor_msg m;
	long err = read_reply_msg(msg_uaddr, &m);
	if (err)
		return err;
	struct ipc_call *c = __atomic_exchange_n(&r->call, NULL, __ATOMIC_ACQ_REL);
	if (!c)
		return -EINVAL; /* answered already (a racing second reply) */
	return reply_to(c, w, msg_uaddr, &m);
}

void ipc_abandon_reply(struct thread *t)
{
	struct ipc_call *c = t->ipc.pending_reply;
	if (!c)
		return;
	t->ipc.pending_reply = NULL;
	fail_call(c);
}
