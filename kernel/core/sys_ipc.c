/*
 * System calls on handles and IPC objects. Each one resolves its handles
 * (type and rights checked by handle_get) and makes one call into kernel/ipc.
 */
#include "core/sys_ipc.h"

#include "core/time.h"
#include "mm/page.h"
#include "motor/errno.h"
#include "motor/handle.h"
#include "motor/syscall.h"
#include "sched/thread.h"

#define EP_RIGHTS (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_CALL | MOTOR_RIGHT_RECEIVE)
#define NOTIFY_RIGHTS (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_WAIT | MOTOR_RIGHT_SIGNAL)
#define WS_RIGHTS (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_WAIT | MOTOR_RIGHT_MANAGE)

static struct handle_table *table(void)
{
	return &current_thread()->proc->handles;
}

/* Installs a new object's first handle; the creation reference goes to the table. */
static long install_new(struct kobject *o, uint32_t rights)
{
	long h = handle_install(table(), o, rights, 0);
	kobject_put(o);
	return h;
}

long sys_handle_close(const uint64_t *a)
{
	return handle_close(table(), (long)a[0]);
}

long sys_handle_dup(const uint64_t *a)
{
	struct kobject *o;
	uint32_t rights;
	uint64_t badge;
	int err = handle_get(table(), (long)a[0], 0, MOTOR_RIGHT_DUP, &o, &rights, &badge);
	if (err)
		return err;
	uint64_t new_badge = badge;
	if (a[2]) {
		if (o->type != MOTOR_OBJ_ENDPOINT || badge) {
			kobject_put(o);
			return -EINVAL;
		}
		new_badge = a[2];
	}
	long h = handle_install(table(), o, rights & (uint32_t)a[1], new_badge);
	kobject_put(o);
	return h;
}

long sys_endpoint_create(const uint64_t *a)
{
	if (a[0] & ~(uint64_t)MOTOR_EP_CLOSE_NOTICES)
		return -EINVAL;
	if (page_admit_user())
		return -ENOMEM;
	struct endpoint *ep;
	int err = endpoint_create((uint32_t)a[0], &ep);
	return err ? err : install_new(&ep->obj, EP_RIGHTS);
}

long sys_notification_create(const uint64_t *a)
{
	if (page_admit_user())
		return -ENOMEM;
	(void)a;
	struct notification *n;
	int err = notification_create(&n);
	return err ? err : install_new(&n->obj, NOTIFY_RIGHTS);
}

long sys_waitset_create(const uint64_t *a)
{
	if (page_admit_user())
		return -ENOMEM;
	(void)a;
	struct waitset *ws;
	int err = waitset_create(&ws);
	return err ? err : install_new(&ws->obj, WS_RIGHTS);
}

long sys_waitset_add(const uint64_t *a)
{
	struct kobject *ws, *src;
	int err = handle_get(table(), (long)a[0], MOTOR_OBJ_WAITSET, MOTOR_RIGHT_MANAGE, &ws, NULL,
			     NULL);
	if (err)
		return err;
	uint32_t rights;
	err = handle_get(table(), (long)a[1], 0, 0, &src, &rights, NULL);
	if (!err) {
		/* Only endpoints (with RECEIVE) and notifications (with WAIT) can be bound. */
		if (src->type == MOTOR_OBJ_ENDPOINT)
			err = (rights & MOTOR_RIGHT_RECEIVE) ? 0 : -EACCES;
		else if (src->type == MOTOR_OBJ_NOTIFICATION)
			err = (rights & MOTOR_RIGHT_WAIT) ? 0 : -EACCES;
		else
			err = -EINVAL;
		if (!err)
			err = waitset_add((struct waitset *)ws, src, a[2]);
		kobject_put(src);
	}
	kobject_put(ws);
	return err;
}

long sys_ipc_call(const uint64_t *a)
{
	if (page_admit_user())
		return -ENOMEM;
	struct kobject *o;
	uint64_t badge;
	int err = handle_get(table(), (long)a[0], MOTOR_OBJ_ENDPOINT, MOTOR_RIGHT_CALL, &o, NULL,
			     &badge);
	if (err)
		return err;
	long r = ipc_call((struct endpoint *)o, badge, a + 1, a[5]);
	kobject_put(o);
	return r;
}

long endpoint_recv(struct endpoint *ep, uint64_t deadline);
long waitset_recv(struct waitset *ws, uint64_t deadline);

/* Receives on an endpoint or a wait-set; the message block (if any) gives the timeout. */
static long recv_on(long h, uint64_t msg_uaddr)
{
	struct thread *me = current_thread();
	struct kobject *o;
	uint32_t rights;
	int err = handle_get(table(), h, 0, 0, &o, &rights, NULL);
	if (err)
		return err;
	/* One lookup, then the type and the right that type needs. */
	uint32_t need = o->type == MOTOR_OBJ_ENDPOINT ? MOTOR_RIGHT_RECEIVE : MOTOR_RIGHT_WAIT;
	if (o->type != MOTOR_OBJ_ENDPOINT && o->type != MOTOR_OBJ_WAITSET)
		err = -EINVAL;
	else if ((rights & need) != need)
		err = -EACCES;
	if (err) {
		kobject_put(o);
		return err;
	}
	uint64_t dl = WAIT_FOREVER;
	me->ipc.has_rmsg = msg_uaddr != 0;
	if (msg_uaddr) {
		/* Read it, and write it back unchanged: the answer is written there later. */
		if (vm_copy_in(me->proc->vm, &me->ipc.rmsg, msg_uaddr, sizeof(me->ipc.rmsg)) ||
		    vm_copy_out(me->proc->vm, msg_uaddr, &me->ipc.rmsg, sizeof(me->ipc.rmsg))) {
			kobject_put(o);
			return -EFAULT;
		}
		me->ipc.rmsg_uaddr = msg_uaddr;
		if (me->ipc.rmsg.rlen > MOTOR_IPC_MAX_DATA)
			me->ipc.rmsg.rlen = MOTOR_IPC_MAX_DATA;
		if (me->ipc.rmsg.rlen &&
		    !vm_range_ok(me->proc->vm, me->ipc.rmsg.rbuf, me->ipc.rmsg.rlen, VM_WRITE)) {
			kobject_put(o);
			return -EFAULT;
		}
		/* In a message block 0 (the zeroed default) means no timeout. */
		uint64_t t = me->ipc.rmsg.timeout_ns;
		dl = deadline_from_timeout(t ? t : MOTOR_FOREVER);
	}
	me->ipc.rmsg_dirty = false;
	long r = o->type == MOTOR_OBJ_ENDPOINT ? endpoint_recv((struct endpoint *)o, dl)
					       : waitset_recv((struct waitset *)o, dl);
	kobject_put(o);
	if (me->ipc.rmsg_dirty) { /* a call arrived: its message block, through our own mapping */
		me->ipc.rmsg_dirty = false;
		vm_copy_out(me->proc->vm, msg_uaddr, &me->ipc.rmsg, sizeof(me->ipc.rmsg));
	}
	return r;
}

long sys_ipc_recv(const uint64_t *a)
{
	return recv_on((long)a[0], a[5]);
}

long sys_ipc_reply(const uint64_t *a)
{
	if (!a[0])
		return ipc_reply(a + 1, a[5]);
	struct kobject *o;
	int err = handle_get(table(), (long)a[0], MOTOR_OBJ_REPLY, 0, &o, NULL, NULL);
	if (err)
		return err;
	long r = ipc_reply_saved(o, a + 1, a[5]);
	if (r != -EFAULT && r != -EINVAL && r != -EBADF && r != -EACCES)
		handle_close(table(), (long)a[0]); /* one answer per saved call */
	kobject_put(o);
	return r;
}

long sys_ipc_reply_save(const uint64_t *a)
{
	(void)a;
	if (page_admit_user())
		return -ENOMEM;
	struct kobject *o;
	int err = ipc_reply_save(&o);
	return err ? err : install_new(o, MOTOR_RIGHT_TRANSFER);
}

long sys_ipc_reply_recv(const uint64_t *a)
{
	if (current_thread()->ipc.pending_reply)
		ipc_reply(a + 1, a[5]); /* a caller that gave up is not the server's problem */
	return recv_on((long)a[0], a[5]);
}

long sys_notify_signal(const uint64_t *a)
{
	struct kobject *o;
	int err = handle_get(table(), (long)a[0], MOTOR_OBJ_NOTIFICATION, MOTOR_RIGHT_SIGNAL, &o,
			     NULL, NULL);
	if (err)
		return err;
	if (a[2] & ~(uint64_t)MOTOR_NOTIFY_HANDOFF) {
		kobject_put(o);
		return -EINVAL;
	}
	long r = notify_signal((struct notification *)o, a[1], (uint32_t)a[2]);
	kobject_put(o);
	return r;
}

long sys_notify_wait(const uint64_t *a)
{
	struct kobject *o;
	int err = handle_get(table(), (long)a[0], MOTOR_OBJ_NOTIFICATION, MOTOR_RIGHT_WAIT, &o, NULL,
			     NULL);
	if (err)
		return err;
	uint64_t bits = 0;
	long r = notify_wait((struct notification *)o, deadline_from_timeout(a[1]), &bits);
	kobject_put(o);
	if (r == 0)
		current_thread()->frame->rsi = bits;
	return r;
}
