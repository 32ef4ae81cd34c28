/*
 * System calls on processes and memory objects: what a loader (the POSIX
 * server's exec, later) needs to build a process from outside, and fork.
 */
#include "core/sys_proc.h"

#include "core/time.h"
#include "mm/memobj.h"
#include "mm/page.h"
#include "motor/errno.h"
#include "motor/handle.h"
#include "motor/syscall.h"
#include "sched/thread.h"

#define PROC_RIGHTS                                                                      \
	(MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_WAIT | MOTOR_RIGHT_SIGNAL | \
	 MOTOR_RIGHT_MANAGE)
#define MEM_RIGHTS (MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_READ | MOTOR_RIGHT_WRITE)
#define PROCESS_WRITE_MAX (1u << 20)

static struct process *self(void)
{
	return current_thread()->proc;
}

int get_proc(long h, uint32_t need, struct process **p)
{
	struct kobject *o;
	int err = handle_get(&self()->handles, h, MOTOR_OBJ_PROCESS, need, &o, NULL, NULL);
	*p = err ? NULL : (struct process *)o;
	return err;
}

/* proc 0 means the caller: a reference either way. */
static int target_proc(long h, struct process **p)
{
	if (h == 0) {
		kobject_get(&self()->obj);
		*p = self();
		return 0;
	}
	return get_proc(h, MOTOR_RIGHT_MANAGE, p);
}

static long install(struct kobject *o, uint32_t rights)
{
	long h = handle_install(&self()->handles, o, rights, 0);
	kobject_put(o);
	return h;
}

long sys_process_create(const uint64_t *a)
{
	if (page_admit_user())
		return -ENOMEM;
	char name[64];
	if (a[1] > sizeof(name) - 1)
		return -EINVAL;
	if (a[1] && vm_copy_in(self()->vm, name, a[0], a[1]))
		return -EFAULT;
	name[a[1]] = '\0';
	struct process *p;
	int err = process_create(name, &p);
	return err ? err : install(&p->obj, PROC_RIGHTS);
}

long thread_start_in(struct process *p, uint64_t entry, uint64_t stack, uint64_t arg)
{
	const uint64_t no_return = 0;
	if (!vm_user_range(entry, 1) || !vm_user_range(stack - 8, 8))
		return -EFAULT;
	if (stack & 15)
		return -EINVAL;
	if (p->finished || !p->vm)
		return -ESRCH;
	/* Enter as if called: a zero return address, so returning faults cleanly. */
	if (vm_poke(p->vm, stack - 8, &no_return, 8))
		return -EFAULT;
	long r = thread_create_user(p, entry, stack - 8, arg, NULL);
	return r == -EAGAIN && p->finished ? -ESRCH : r;
}

long sys_thread_start(const uint64_t *a)
{
	if (page_admit_user())
		return -ENOMEM;
	struct process *p;
	int err = get_proc((long)a[0], MOTOR_RIGHT_MANAGE, &p);
	if (err)
		return err;
	long r = thread_start_in(p, a[1], a[2], a[3]);
	kobject_put(&p->obj);
	return r;
}

long sys_process_wait(const uint64_t *a)
{
	struct process *p;
	int err = get_proc((long)a[0], MOTOR_RIGHT_WAIT, &p);
	if (err)
		return err;
	if (p == self()) {
		kobject_put(&p->obj);
		return -EINVAL;
	}
	long r = process_wait(p, deadline_from_timeout(a[1]));
	kobject_put(&p->obj);
	return r;
}

long sys_process_kill(const uint64_t *a)
{
	struct process *p;
	int err = get_proc((long)a[0], MOTOR_RIGHT_SIGNAL, &p);
	if (err)
		return err;
	process_kill(p, (int)(a[1] & 511));
	kobject_put(&p->obj);
	return 0; /* if it was the caller, it exits on its way back to user mode */
}

long sys_mem_create(const uint64_t *a)
{
	if (page_admit_user())
		return -ENOMEM;
	struct memobj *m;
	int err = memobj_create(a[0], &m);
	return err ? err : install(&m->obj, MEM_RIGHTS);
}

long sys_mem_map(const uint64_t *a)
{
	uint64_t prot = a[4];
	if (!vm_prot_arg_ok(prot) || !prot ||
	    (prot & MOTOR_PROT_EXEC))
		return -EINVAL;
	uint32_t need = MOTOR_RIGHT_READ | ((prot & MOTOR_PROT_WRITE) ? MOTOR_RIGHT_WRITE : 0);
	struct kobject *o;
	uint32_t rights;
	int err = handle_get(&self()->handles, (long)a[1], MOTOR_OBJ_MEMORY, need, &o, &rights, NULL);
	if (err)
		return err;
	struct process *p;
	err = target_proc((long)a[0], &p);
	if (err) {
		kobject_put(o);
		return err;
	}
	uint64_t addr = 0;
	/* The mapping may later become at most what the handle allowed (never X). */
	uint32_t maxprot = VM_R | ((rights & MOTOR_RIGHT_WRITE) ? VM_W : 0);
	err = p->vm ? vm_map_object(p->vm, (struct memobj *)o, a[2], a[3], (uint32_t)prot, maxprot,
				    a[5], &addr)
		    : -ESRCH;
	kobject_put(&p->obj);
	kobject_put(o);
	return err ? err : (long)addr;
}

long sys_process_write(const uint64_t *a)
{
	if (a[3] > PROCESS_WRITE_MAX)
		return -EINVAL;
	struct process *p;
	int err = get_proc((long)a[0], MOTOR_RIGHT_MANAGE, &p);
	if (err)
		return err;
	err = p->vm ? vm_copy_cross_force(p->vm, a[1], self()->vm, a[2], a[3]) : -ESRCH;
	kobject_put(&p->obj);
	return err;
}

long sys_vm_map_into(const uint64_t *a)
{
	if (!vm_prot_arg_ok(a[3]))
		return -EINVAL;
	struct process *p;
	int err = get_proc((long)a[0], MOTOR_RIGHT_MANAGE, &p);
	if (err)
		return err;
	uint64_t addr = 0;
	err = p->vm ? vm_map_anon(p->vm, a[1], a[2], (uint32_t)a[3], &addr) : -ESRCH;
	kobject_put(&p->obj);
	return err ? err : (long)addr;
}

long sys_process_clone(const uint64_t *a)
{
	if (page_admit_user())
		return -ENOMEM;
	struct process *child;
	int err = process_clone((long)a[0], (long)a[1], &child);
	return err ? err : install(&child->obj, PROC_RIGHTS);
}

long sys_process_watch(const uint64_t *a)
{
	struct process *p;
	int err = get_proc((long)a[0], MOTOR_RIGHT_WAIT, &p);
	if (err)
		return err;
	struct kobject *n = NULL;
	if (a[1])
		err = handle_get(&self()->handles, (long)a[1], MOTOR_OBJ_NOTIFICATION,
				 MOTOR_RIGHT_SIGNAL, &n, NULL, NULL);
	if (!err && a[1] && !a[2])
		err = -EINVAL;
	if (!err)
		process_watch(p, n, a[2]);
	if (n)
		kobject_put(n);
	kobject_put(&p->obj);
	return err;
}

long sys_handle_give(const uint64_t *a)
{
	if (page_admit_user())
		return -ENOMEM;
	struct process *p;
	int err = get_proc((long)a[0], MOTOR_RIGHT_MANAGE, &p);
	if (err)
		return err;
	struct kobject *o;
	uint32_t rights;
	uint64_t badge;
	err = handle_get(&self()->handles, (long)a[1], 0, MOTOR_RIGHT_TRANSFER, &o, &rights, &badge);
	long r = err;
	if (!err) {
		r = p->finished ? -ESRCH : handle_install(&p->handles, o, rights & (uint32_t)a[2], badge);
		kobject_put(o);
	}
	kobject_put(&p->obj);
	return r;
}
