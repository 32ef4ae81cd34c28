/*
 * System calls on signals (kernel/sched/signal.c does the work): each
 * checks its arguments, then makes one call.
 */
#include "core/sys_signal.h"

#include "core/sys_proc.h"
#include "core/time.h"
#include "motor/errno.h"
#include "motor/handle.h"
#include "sched/thread.h"

static struct vm_space *my_vm(void)
{
	return current_thread()->proc->vm;
}

/* Stores a result at a user address when it is not 0. */
static long put_user(uint64_t uaddr, const void *v, size_t len)
{
	if (!uaddr)
		return 0;
	return vm_copy_out(my_vm(), uaddr, v, len) ? -EFAULT : 0;
}

long sys_signal_action(const uint64_t *a)
{
	if (a[0] > MOTOR_NSIG || a[1] > UINT32_MAX)
		return -EINVAL;
	return signal_set_action((int)a[0], (uint32_t)a[1], a[2], a[3]);
}

long sys_signal_mask(const uint64_t *a)
{
	uint64_t how = a[0], out = a[2];
	uint64_t probe = 0;
	if (how > MOTOR_SIG_PENDING)
		return -EINVAL;
	/* Checked first, so a bad pointer changes nothing. */
	if (out && (vm_copy_in(my_vm(), &probe, out, 8) || put_user(out, &probe, 8)))
		return -EFAULT;
	uint64_t v = how == MOTOR_SIG_PENDING ? signal_pending_set() : signal_set_mask((int)how, a[1]);
	return put_user(out, &v, 8);
}

long sys_signal_send(const uint64_t *a)
{
	if (a[2] > MOTOR_NSIG || a[1] > UINT32_MAX)
		return -EINVAL;
	struct process *p;
	int err = 0;
	if (a[0] == 0) {
		p = current_thread()->proc;
		kobject_get(&p->obj);
	} else {
		err = get_proc((long)a[0], MOTOR_RIGHT_SIGNAL, &p);
	}
	if (err)
		return err;
	struct motor_siginfo info = {.signo = (int32_t)a[2], .code = (int32_t)a[3],
				     .pid = (int32_t)a[4], .status = (int32_t)a[5],
				     .value = a[5]};
	err = signal_send(p, (uint32_t)a[1], &info);
	kobject_put(&p->obj);
	return err;
}

long sys_signal_return(const uint64_t *a)
{
	return signal_return_frame(a[0]);
}

long sys_signal_suspend(const uint64_t *a)
{
	uint64_t info = a[2];
	if (info && !vm_range_ok(my_vm(), info, sizeof(struct motor_siginfo), VM_WRITE))
		return -EFAULT;
	struct motor_siginfo si = {0};
	long r = signal_suspend(a[0], a[1], &si, deadline_from_timeout(a[3]));
	if (r > 0 && put_user(info, &si, sizeof(si)))
		return -EFAULT; /* the signal is taken: its information is what is lost */
	return r;
}

long sys_signal_alarm(const uint64_t *a)
{
	uint64_t out = a[2];
	if (out && !vm_range_ok(my_vm(), out, 8, VM_WRITE))
		return -EFAULT;
	uint64_t old_every;
	long left = signal_alarm(a[0], a[1], &old_every);
	put_user(out, &old_every, 8);
	return left;
}

long sys_process_status(const uint64_t *a)
{
	struct process *p;
	int err = get_proc((long)a[0], MOTOR_RIGHT_WAIT, &p);
	if (err)
		return err;
	long st = signal_process_status(p);
	kobject_put(&p->obj);
	return st;
}

long sys_signal_stack(const uint64_t *a)
{
	uint64_t out = a[3];
	if (out && !vm_range_ok(my_vm(), out, 24, VM_WRITE))
		return -EFAULT;
	uint64_t old[3];
	int err = signal_stack(a[0], a[1], a[2], old);
	if (!err)
		put_user(out, old, sizeof(old));
	return err;
}
