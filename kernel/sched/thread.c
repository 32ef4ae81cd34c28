/*
 * Process and thread life cycle: creation, exit, join, killing, reaping.
 *
 * A thread's kernel stack cannot be freed while it runs on it, so a dead
 * thread is reaped by whichever thread the CPU switches to next
 * (sched_finish_switch), and even then the stack goes on a list that a later
 * system call frees with a TLB shootdown (kstack_free_deferred), because
 * other CPUs may still hold TLB entries for it.
 */
#include "sched/thread.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/percpu.h"
#include "core/log.h"
#include "core/power.h"
#include "core/time.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/kstack.h"
#include "ipc/ipc.h"
#include "motor/errno.h"
#include "motor/handle.h"

extern void thread_first_run(void);

static uint32_t next_pid = 1;

static void process_destroy(struct kobject *o)
{
	struct process *p = (struct process *)o;
	if (p->vm) { /* never finished: it had no thread, or never started one */
		handle_table_destroy(&p->handles);
		vm_destroy(p->vm);
	}
	if (p->watch)
		kobject_put(p->watch);
	kfree(p);
}

static const struct kobject_ops process_ops = {.destroy = process_destroy};

int process_create(const char *name, struct process **out)
{
	struct process *p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	kobject_init(&p->obj, MOTOR_OBJ_PROCESS, &process_ops);
	int err = vm_create(&p->vm);
	if (err) {
		kfree(p);
		return err;
	}
	p->lock = (struct spinlock)SPINLOCK_INIT;
	signal_init_process(p);
	handle_table_init(&p->handles);
	p->pid = __atomic_fetch_add(&next_pid, 1, __ATOMIC_RELAXED);
	p->start_ns = time_ns();
	size_t n = strnlen(name, sizeof(p->name) - 1);
	memcpy(p->name, name, n);
	p->name[n] = '\0';
	*out = p;
	return 0;
}

/* A new thread of p that will start in user mode with the registers in *tf. */
static int thread_spawn(struct process *p, const struct trap_frame *regs, const uint8_t *fpu,
			uint64_t fs_base, struct thread **out)
{
	struct thread *t = kzalloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	uint64_t top;
	int err = kstack_alloc(&top);
	if (err) {
		kfree(t);
		return err;
	}
	struct trap_frame *tf = (struct trap_frame *)(top - sizeof(*tf));
	*tf = *regs;
	tf->cs = SEL_UCODE | 3;
	tf->ss = SEL_UDATA | 3;
	tf->rflags = (regs->rflags & 0xcd5) | 0x202; /* the user's arithmetic flags, IF on */
	/* What switch_context pops: six callee-saved registers, then "returns". */
	uint64_t *sp = (uint64_t *)tf;
	*--sp = (uint64_t)thread_first_run;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->ksp = (uint64_t)sp;
	t->kstack_top = top;
	t->proc = p;
	t->fs_base = fs_base;
	t->pinned = -1;
	struct thread *me = current_thread();
	if (me->proc) { /* a new thread (or a fork's) blocks what its maker blocks */
		t->sig.mask = me->sig.mask;
		if (me->proc != p) /* a fork: its one thread keeps the alternate stack */
			t->sig.ss_base = me->sig.ss_base, t->sig.ss_size = me->sig.ss_size;
	}
	if (fpu) {
		memcpy(t->fpu, fpu, sizeof(t->fpu));
	} else {
		/* FPU state after FNINIT: control word 0x37f, MXCSR 0x1f80 (all exceptions masked). */
		t->fpu[0] = 0x7f;
		t->fpu[1] = 0x03;
		t->fpu[24] = 0x80;
		t->fpu[25] = 0x1f;
	}

	uint64_t f = spin_lock_irqsave(&p->lock);
	if (p->exiting || p->finished || p->live_threads >= MAX_THREADS_PER_PROCESS ||
	    (p->started && p->live_threads == 0)) {
		spin_unlock_irqrestore(&p->lock, f);
		kstack_free(top);
		kfree(t);
		return -EAGAIN;
	}
	t->tid = ++p->next_tid;
	t->proc_next = p->threads;
	p->threads = t;
	if (p->live_threads++ == 0) {
		p->started = true;
		kobject_get(&p->obj); /* running threads keep their process */
	}
	spin_unlock_irqrestore(&p->lock, f);
	if (out)
		*out = t;
	int tid = (int)t->tid;
	sched_add(t);
	return tid;
}

int thread_create_user(struct process *p, uint64_t rip, uint64_t rsp, uint64_t arg,
		       struct thread **out)
{
	struct trap_frame regs = {0};
	regs.rip = rip;
	regs.rsp = rsp;
	regs.rdi = arg;
	return thread_spawn(p, &regs, NULL, 0, out);
}

int process_clone(long give, long at, struct process **out)
{
	struct thread *me = current_thread();
	struct kobject *o = NULL;
	uint32_t rights = 0;
	uint64_t badge = 0;
	if (give) {
		int err = handle_get(&me->proc->handles, give, 0, MOTOR_RIGHT_TRANSFER, &o, &rights,
				     &badge);
		if (err)
			return err;
	}
	struct process *child;
	int err = process_create(me->proc->name, &child);
	if (err) {
		if (o)
			kobject_put(o);
		return err;
	}
	signal_clone_process(child, me->proc);
	err = vm_clone(me->proc->vm, child->vm);
	if (!err)
		err = handle_table_clone(&child->handles, &me->proc->handles);
	if (!err && o) {
		err = handle_replace(&child->handles, at, o, rights, badge);
		if (!err && at != give)
			handle_close(&child->handles, give);
	}
	if (o)
		kobject_put(o);
	if (!err) {
		uint8_t fpu[512] __attribute__((aligned(16)));
		__asm__ volatile("fxsave64 %0" : "=m"(fpu));
		struct trap_frame regs = *me->frame;
		regs.rax = 0; /* the child sees 0 from process_clone */
		long tid = thread_spawn(child, &regs, fpu, me->fs_base, NULL);
		err = tid < 0 ? (int)tid : 0;
	}
	if (err) {
		kobject_put(&child->obj);
		return err;
	}
	*out = child;
	return 0;
}

static void mark_finished(struct process *p, int status)
{
	uint64_t f = spin_lock_irqsave(&p->exit_wq.lock);
	p->exit_status = status;
	p->finished = true;
	waitq_wake_all(&p->exit_wq, status);
	struct kobject *n = p->watch;
	p->watch = NULL;
	spin_unlock_irqrestore(&p->exit_wq.lock, f);
	if (n) {
		notify_signal((struct notification *)n, p->watch_bits, 0);
		kobject_put(n);
	}
}

void process_watch(struct process *p, struct kobject *n, uint64_t bits)
{
	if (n)
		kobject_get(n);
	uint64_t f = spin_lock_irqsave(&p->exit_wq.lock);
	struct kobject *old = p->watch;
	bool now = p->finished && n;
	p->watch = now ? NULL : n;
	p->watch_bits = bits;
	spin_unlock_irqrestore(&p->exit_wq.lock, f);
	if (old)
		kobject_put(old);
	if (now) {
		notify_signal((struct notification *)n, bits, 0);
		kobject_put(n);
	}
}

long process_wait(struct process *p, uint64_t deadline)
{
	uint64_t f = spin_lock_irqsave(&p->exit_wq.lock);
	if (p->finished) {
		int status = p->exit_status;
		spin_unlock_irqrestore(&p->exit_wq.lock, f);
		return status;
	}
	return waitq_block(&p->exit_wq, deadline, f);
}

void process_kill(struct process *p, int status)
{
	uint64_t f = spin_lock_irqsave(&p->lock);
	if (!p->exiting) {
		p->exiting = true;
		p->exit_status = status;
	}
	if (!p->started && !p->finished) {
		/* Nothing runs in it: it is finished now (its memory goes with its handles). */
		spin_unlock_irqrestore(&p->lock, f);
		mark_finished(p, status);
		return;
	}
	struct thread *me = current_thread();
	for (struct thread *t = p->threads; t; t = t->proc_next)
		if (t != me && !t->exited)
			sched_wake(t, -EINTR); /* blocked ones run to their exit */
	spin_unlock_irqrestore(&p->lock, f);
}

/* Waits until a dead thread has left its CPU for good. */
static void wait_off_cpu(struct thread *t)
{
	while (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE) != THREAD_DEAD ||
	       __atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax();
}

/* The last thread of a process ends it: address space, thread records, process. */
static void process_finish(struct process *p, struct thread *self)
{
	handle_table_destroy(&p->handles); /* servers' callers learn they are gone */
	signal_exit_process(p);
	write_cr3(paging_kernel_cr3());
	for (struct thread *t = p->threads; t; t = t->proc_next)
		if (t != self)
			wait_off_cpu(t);
	/* Their CPU time and the memory figures stay with the process (process_info). */
	sched_charge_current();
	uint64_t f = spin_lock_irqsave(&p->lock);
	struct thread *list = p->threads;
	p->threads = NULL;
	for (struct thread *t = list; t; t = t->proc_next)
		sched_retire(p, t);
	struct vm_space *vm = p->vm;
	p->vm = NULL;
	if (vm->peak_pages > p->peak_pages)
		p->peak_pages = vm->peak_pages;
	spin_unlock_irqrestore(&p->lock, f);
	for (struct thread *t = list, *n; t; t = n) {
		n = t->proc_next;
		if (t != self)
			kfree(t);
	}
	vm_destroy(vm);
	int status = p->exiting ? p->exit_status : 0;
	bool init = p->is_init;
	self->proc = NULL; /* reaped alone, see thread_reap */
	if (init) {
		/* The machine's status, as a shell reports one: 128 + a killing signal. */
		if (status & MOTOR_STATUS_SIGNALED)
			status = 128 + (status & 0xff);
		kprintf("motor: init exited with status %d\n", status);
		power_off(status);
	}
	/* Waiters learn of the end only once this thread is off its CPU and its
	 * stack is queued for freeing (thread_reap): then the memory is all back. */
	p->exit_status = status;
	self->finishes = p;
}

void thread_exit_current(uint64_t value)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	ipc_abandon_reply(t);
	sched_charge_current(); /* its joiner takes run_tsc as final */
	uint64_t f = spin_lock_irqsave(&p->lock);
	t->exited = true;
	t->exit_value = value;
	bool last = --p->live_threads == 0;
	struct thread *joiner = t->joiner;
	spin_unlock_irqrestore(&p->lock, f);
	if (joiner)
		sched_wake(joiner, 0);
	if (last)
		process_finish(p, t);
	irq_disable();
	t->state = THREAD_DEAD;
	schedule();
	__builtin_unreachable();
}

void thread_reap(struct thread *t)
{
	kstack_free_deferred(t->kstack_top);
	if (t->proc) {
		/* Its joiner (or its process's last thread) frees it once this is clear:
		 * the last access here. */
		__atomic_store_n(&t->on_cpu, 0, __ATOMIC_RELEASE);
		return;
	}
	/* The last thread of its process: nobody else holds it, nobody waits on on_cpu. */
	struct process *p = t->finishes;
	kfree(t);
	if (p) {
		mark_finished(p, p->exit_status);
		kobject_put(&p->obj); /* the running threads' reference */
	}
}

int thread_join(uint32_t tid, uint64_t *value)
{
	struct thread *me = current_thread();
	struct process *p = me->proc;
	uint64_t f = spin_lock_irqsave(&p->lock);
	struct thread *t = p->threads;
	while (t && t->tid != tid)
		t = t->proc_next;
	int err = 0;
	if (!t)
		err = -ESRCH;
	else if (t == me || t->joined || t->joiner)
		err = -EINVAL;
	if (err) {
		spin_unlock_irqrestore(&p->lock, f);
		return err;
	}
	if (!t->exited && p->exiting) {
		spin_unlock_irqrestore(&p->lock, f);
		return -EINTR; /* killed: process_kill already woke everyone it could */
	}
	if (!t->exited) {
		t->joiner = me;
		me->state = THREAD_BLOCKED;
		spin_unlock_irqrestore(&p->lock, f);
		schedule();
		f = spin_lock_irqsave(&p->lock);
		if (!t->exited) { /* woken early: killed, or thread_cancel */
			t->joiner = NULL;
			spin_unlock_irqrestore(&p->lock, f);
			return me->wake_result == -ECANCELED ? -ECANCELED : -EINTR;
		}
	}
	t->joined = true;
	*value = t->exit_value;
	/* Unlink and free the record once the thread is off its CPU. */
	for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->proc_next) {
		if (*pp == t) {
			*pp = t->proc_next;
			break;
		}
	}
	sched_retire(p, t);
	spin_unlock_irqrestore(&p->lock, f);
	wait_off_cpu(t);
	kfree(t);
	return 0;
}

void thread_return_to_user(struct trap_frame *tf)
{
	for (;;) {
		struct thread *t = current_thread();
		if (t->proc && t->proc->exiting)
			thread_exit_current(0);
		if (sched_need_resched()) {
			schedule();
			continue;
		}
		signal_return_to_user(tf);
		if (!sched_need_resched())
			return;
	}
}

int thread_cancel(uint32_t tid)
{
	struct process *p = current_thread()->proc;
	uint64_t f = spin_lock_irqsave(&p->lock);
	struct thread *t = p->threads;
	while (t && t->tid != tid)
		t = t->proc_next;
	int err = !t || t->exited ? -ESRCH : 0;
	if (!err)
		sched_wake(t, -ECANCELED); /* a no-op unless it is blocked */
	spin_unlock_irqrestore(&p->lock, f);
	return err;
}
