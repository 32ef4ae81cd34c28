/*
 * What the kernel tells about processes and CPUs: process_info (state,
 * threads, CPU time, memory of one process; abi motor/process_info.h) and
 * sys_info's CPU time figures (busy and idle time of all CPUs, switches),
 * which is what ps and top need from it. Everything else they show
 * (pids, parents, command lines) is the POSIX server's.
 */
#include "core/sys_info.h"

#include "core/time.h"
#include "lib/string.h"
#include "motor/errno.h"
#include "motor/handle.h"
#include "motor/process_info.h"
#include "motor/syscall.h"
#include "sched/thread.h"

#define PAGE_BYTES 4096ull

/* Fills *out for p; the caller's own thread too when p is the caller's. */
static void process_info(struct process *p, bool self, struct motor_process_info *out)
{
	if (self)
		sched_charge_current(); /* the running thread's time up to now */
	struct thread *me = current_thread();
	uint64_t f = spin_lock_irqsave(&p->lock);
	uint64_t tsc = p->ended_tsc, ut = p->ended_user_tsc, st = p->ended_sys_tsc;
	bool ready = false;
	for (struct thread *t = p->threads; t; t = t->proc_next) {
		tsc += __atomic_load_n(&t->run_tsc, __ATOMIC_RELAXED);
		ut += t->user_tsc;
		st += t->sys_tsc;
		int s = __atomic_load_n(&t->state, __ATOMIC_RELAXED);
		ready |= !t->exited && (s == THREAD_RUNNING || s == THREAD_READY);
	}
	out->kpid = p->pid;
	out->threads = p->live_threads;
	out->start_ns = p->start_ns;
	out->thread_cpu_ns = self ? clock_tsc_to_ns(me->run_tsc) : 0;
	uint64_t peak = p->peak_pages;
	if (p->vm) { /* cleared, under this lock, when the process finishes */
		spin_lock(&p->vm->lock);
		out->resident_bytes = p->vm->pages * PAGE_BYTES;
		out->virtual_bytes = vm_virtual_bytes(p->vm);
		if (p->vm->peak_pages > peak)
			peak = p->vm->peak_pages;
		spin_unlock(&p->vm->lock);
	}
	out->peak_resident_bytes = peak * PAGE_BYTES;
	if (p->finished)
		out->state = MOTOR_PROCESS_FINISHED;
	else if (!p->started)
		out->state = MOTOR_PROCESS_NEW;
	else
		out->state = ready ? MOTOR_PROCESS_RUNNING : MOTOR_PROCESS_BLOCKED;
	spin_unlock_irqrestore(&p->lock, f);
	out->cpu_ns = clock_tsc_to_ns(tsc);
	out->user_ns = clock_tsc_to_ns(ut);
	out->system_ns = clock_tsc_to_ns(st);
}

long sys_process_info(const uint64_t *a)
{
	long h = (long)a[0];
	uint64_t buf = a[1], len = a[2];
	struct process *p = current_thread()->proc;
	if (len && !vm_user_range(buf, len < sizeof(struct motor_process_info)
						? len
						: sizeof(struct motor_process_info)))
		return -EFAULT;
	if (h) {
		struct kobject *o;
		int err = handle_get(&p->handles, h, MOTOR_OBJ_PROCESS, MOTOR_RIGHT_WAIT, &o, NULL,
				     NULL);
		if (err)
			return err;
		p = (struct process *)o;
	} else {
		kobject_get(&p->obj);
	}
	struct motor_process_info info = {.size = sizeof(info)};
	process_info(p, h == 0 || p == current_thread()->proc, &info);
	kobject_put(&p->obj);
	size_t n = len < sizeof(info) ? len : sizeof(info);
	if (n && vm_copy_out(current_thread()->proc->vm, buf, &info, n))
		return -EFAULT;
	return (long)sizeof(info);
}

long sys_info_cpu_time(uint64_t what)
{
	struct sched_totals t;
	switch (what) {
	case MOTOR_INFO_CPU_USER_NS:
	case MOTOR_INFO_CPU_SYSTEM_NS:
	case MOTOR_INFO_CPU_IDLE_NS:
	case MOTOR_INFO_SWITCHES:
		sched_totals(&t);
		break;
	default:
		return -EINVAL;
	}
	uint64_t v = what == MOTOR_INFO_CPU_USER_NS     ? clock_tsc_to_ns(t.user_tsc)
		     : what == MOTOR_INFO_CPU_SYSTEM_NS ? clock_tsc_to_ns(t.sys_tsc)
		     : what == MOTOR_INFO_CPU_IDLE_NS   ? clock_tsc_to_ns(t.idle_tsc)
							: t.switches;
	return (long)(v & INT64_MAX);
}
