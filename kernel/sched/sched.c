/*
 * The scheduler: per-CPU run queues, round robin with a 10 ms slice (the
 * timer tick), work stealing by idle CPUs, sleeping threads on a per-CPU
 * deadline-ordered list checked at each tick.
 *
 * Switching: schedule() picks the next thread and switch_context()s to its
 * kernel stack. A thread that was just enqueued elsewhere may still be
 * finishing its switch-out on another CPU; on_cpu says so, and the CPU that
 * picks it waits until it is clear (sched_finish_switch clears it).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "core/time.h"
#include "mm/kstack.h"
#include "motor/errno.h"
#include "sched/thread.h"
#include "sched/waitq.h"

struct runqueue {
	struct spinlock lock;
	struct thread *head, *tail;
	volatile unsigned len;
	volatile unsigned stealable; /* queued threads that are not pinned here */
	struct thread *idle;
	struct thread *sleepers; /* by wake_at */
	volatile bool need_resched;
	/* CPU time: the TSC when the running thread was last charged; what the
	 * non-idle threads ran, and of that what ticks gave to user and system
	 * time (busy_mark: busy_tsc at the last tick); switches. */
	uint64_t stamp;
	uint64_t busy_tsc, busy_mark, user_tsc, sys_tsc, switches;
	bool last_user; /* the mode the last tick found a non-idle thread in */
};

static struct runqueue rqs[MAX_CPUS];
static struct thread idle_threads[MAX_CPUS];

extern struct thread *switch_context(uint64_t *save_rsp, uint64_t new_rsp, struct thread *prev);
void thread_reap(struct thread *t);

/* Keeps len and stealable in step as a thread joins (+1) or leaves (-1) a queue. */
static void count(struct runqueue *rq, struct thread *t, int delta)
{
	rq->len += delta;
	if (t->pinned < 0)
		rq->stealable += delta;
}

static void enqueue(struct runqueue *rq, struct thread *t)
{
	t->rq_next = NULL;
	if (rq->tail)
		rq->tail->rq_next = t;
	else
		rq->head = t;
	rq->tail = t;
	count(rq, t, 1);
}

static struct thread *dequeue(struct runqueue *rq)
{
	struct thread *t = rq->head;
	if (t) {
		rq->head = t->rq_next;
		if (!rq->head)
			rq->tail = NULL;
		count(rq, t, -1);
	}
	return t;
}

/*
 * Charges t, the thread running on this CPU, with the ticks since the last
 * charge (interrupts off). On the switch path: one rdtsc and a few adds.
 */
static inline void charge(struct runqueue *rq, struct thread *t)
{
	uint64_t now = rdtsc(), d = now - rq->stamp;
	rq->stamp = now;
	t->run_tsc += d;
	if (!t->idle)
		rq->busy_tsc += d;
}

static void kick(int cpu)
{
	if (cpu == (int)this_cpu()->id)
		rqs[cpu].need_resched = true;
	else
		lapic_send_ipi(cpus[cpu].apic_id, VEC_IPI_RESCHED);
}

void sched_poke(struct thread *t)
{
	if (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == THREAD_RUNNING &&
	    t->cpu != (int)this_cpu()->id)
		kick(t->cpu);
}

static void resched_ipi(struct trap_frame *tf)
{
	(void)tf;
	rqs[this_cpu()->id].need_resched = true;
	lapic_eoi();
}

void sched_init_cpu(void)
{
	struct cpu *c = this_cpu();
	struct thread *t = &idle_threads[c->id];
	t->idle = true;
	t->state = THREAD_RUNNING;
	t->on_cpu = 1;
	t->cpu = (int)c->id;
	t->kstack_top = c->kstack_top;
	rqs[c->id].idle = t;
	rqs[c->id].stamp = rdtsc();
	c->current = t;
	c->kernel_rsp = c->kstack_top;
	if (c->id == 0)
		irq_register(VEC_IPI_RESCHED, resched_ipi);
}

bool sched_need_resched(void)
{
	return rqs[this_cpu()->id].need_resched;
}

void sched_add(struct thread *t)
{
	int best = 0;
	for (unsigned i = 1; i < ncpus; i++)
		if (rqs[i].len < rqs[best].len)
			best = (int)i;
	if (t->pinned >= 0)
		best = t->pinned;
	struct runqueue *rq = &rqs[best];
	uint64_t f = spin_lock_irqsave(&rq->lock);
	t->cpu = best;
	t->state = THREAD_READY;
	enqueue(rq, t);
	spin_unlock_irqrestore(&rq->lock, f);
	kick(best);
}

static void sleepers_remove(struct runqueue *rq, struct thread *t)
{
	for (struct thread **pp = &rq->sleepers; *pp; pp = &(*pp)->sleep_next) {
		if (*pp == t) {
			*pp = t->sleep_next;
			break;
		}
	}
	t->wake_at = 0;
}

void sched_wake(struct thread *t, long result)
{
	struct runqueue *rq = &rqs[t->cpu];
	uint64_t f = spin_lock_irqsave(&rq->lock);
	if (t->state != THREAD_BLOCKED) {
		spin_unlock_irqrestore(&rq->lock, f);
		return;
	}
	if (t->wake_at)
		sleepers_remove(rq, t);
	t->wake_result = result;
	t->state = THREAD_READY;
	enqueue(rq, t);
	spin_unlock_irqrestore(&rq->lock, f);
	kick(t->cpu);
}

int sched_block(uint64_t deadline)
{
	struct thread *t = current_thread();
	struct runqueue *rq = &rqs[this_cpu()->id];
	spin_lock(&rq->lock);
	/* process_kill sets `exiting` and then wakes under this lock: checking it
	 * here, under the same lock, means a kill is never missed. */
	if (t->proc && __atomic_load_n(&t->proc->exiting, __ATOMIC_ACQUIRE)) {
		spin_unlock(&rq->lock);
		return -EINTR;
	}
	/* Likewise a signal: signal_send sets it pending, then wakes under this lock. */
	if (!(t->intr_guard && *t->intr_guard) && signal_interrupts(t)) {
		spin_unlock(&rq->lock);
		return -EINTR;
	}
	t->wake_result = 0;
	if (deadline != WAIT_FOREVER) {
		t->wake_at = deadline ? deadline : 1;
		struct thread **pp = &rq->sleepers;
		while (*pp && (*pp)->wake_at <= t->wake_at)
			pp = &(*pp)->sleep_next;
		t->sleep_next = *pp;
		*pp = t;
	}
	t->state = THREAD_BLOCKED;
	spin_unlock(&rq->lock);
	return 0;
}

void sched_sleep_until(uint64_t deadline)
{
	if (deadline != WAIT_FOREVER && time_ns() >= deadline) {
		current_thread()->wake_result = -ETIMEDOUT; /* already due: no wait for a tick */
		return;
	}
	uint64_t f = irq_save();
	if (sched_block(deadline)) {
		current_thread()->wake_result = -EINTR;
		irq_restore(f);
		return;
	}
	schedule();
	irq_restore(f);
}

void sched_tick(void)
{
	struct runqueue *rq = &rqs[this_cpu()->id];
	uint64_t now = time_ns();
	spin_lock(&rq->lock);
	while (rq->sleepers && rq->sleepers->wake_at <= now) {
		struct thread *t = rq->sleepers;
		rq->sleepers = t->sleep_next;
		t->wake_at = 0;
		t->wake_result = -ETIMEDOUT;
		t->state = THREAD_READY;
		enqueue(rq, t);
	}
	spin_unlock(&rq->lock);
	rq->need_resched = true; /* the time slice is over */
}

void sched_account_tick(bool user)
{
	struct runqueue *rq = &rqs[this_cpu()->id];
	struct thread *t = current_thread();
	if (!t || !rq->idle)
		return; /* the timer runs before this CPU's scheduler is set up */
	charge(rq, t);
	/* Busy time a tick finds the CPU idle after goes the way the last busy tick did. */
	if (!t->idle)
		rq->last_user = user;
	uint64_t d = rq->busy_tsc - rq->busy_mark;
	rq->busy_mark = rq->busy_tsc;
	*(rq->last_user ? &rq->user_tsc : &rq->sys_tsc) += d;
	if (t->idle)
		return;
	d = t->run_tsc - t->tick_mark;
	t->tick_mark = t->run_tsc;
	*(user ? &t->user_tsc : &t->sys_tsc) += d;
}

void sched_charge_current(void)
{
	uint64_t f = irq_save();
	charge(&rqs[this_cpu()->id], current_thread());
	irq_restore(f);
}

void sched_totals(struct sched_totals *out)
{
	*out = (struct sched_totals){0};
	for (unsigned i = 0; i < ncpus; i++) {
		const struct runqueue *rq = &rqs[i];
		if (!rq->idle)
			continue; /* not started */
		out->idle_tsc += __atomic_load_n(&rq->idle->run_tsc, __ATOMIC_RELAXED);
		out->user_tsc += __atomic_load_n(&rq->user_tsc, __ATOMIC_RELAXED);
		out->sys_tsc += __atomic_load_n(&rq->sys_tsc, __ATOMIC_RELAXED);
		out->switches += rq->switches;
	}
}

void sched_retire(struct process *p, const struct thread *t)
{
	p->ended_tsc += t->run_tsc;
	p->ended_user_tsc += t->user_tsc;
	p->ended_sys_tsc += t->sys_tsc;
}

/* An idle CPU takes the first ready thread of the busiest other queue. */
static struct thread *steal(unsigned me)
{
	unsigned victim = me;
	unsigned most = 0;
	for (unsigned i = 0; i < ncpus; i++) {
		if (i != me && rqs[i].stealable > most) {
			most = rqs[i].stealable;
			victim = i;
		}
	}
	if (victim == me)
		return NULL;
	struct runqueue *rq = &rqs[victim];
	spin_lock(&rq->lock);
	/* The first thread that may run here (pinned threads stay where they are). */
	struct thread **pp = &rq->head, *prev = NULL, *t;
	while ((t = *pp) && t->pinned >= 0) {
		prev = t;
		pp = &t->rq_next;
	}
	if (t) {
		*pp = t->rq_next;
		if (rq->tail == t)
			rq->tail = prev;
		count(rq, t, -1);
		t->cpu = (int)me;
	}
	spin_unlock(&rq->lock);
	return t;
}

static void switch_address_space(struct thread *next)
{
	uint64_t want = next->proc ? next->proc->vm->pml4 : paging_kernel_cr3();
	if (read_cr3() != want)
		write_cr3(want);
	if (next->proc)
		wrmsr(MSR_FS_BASE, next->fs_base);
}

void schedule(void)
{
	uint64_t flags = irq_save();
	struct cpu *c = this_cpu();
	struct runqueue *rq = &rqs[c->id];
	struct thread *prev = c->current;
	spin_lock(&rq->lock);
	rq->need_resched = false;
	if (prev->state == THREAD_RUNNING && !prev->idle) {
		prev->state = THREAD_READY;
		enqueue(rq, prev);
	}
	struct thread *next = dequeue(rq);
	spin_unlock(&rq->lock);
	if (!next)
		next = steal(c->id);
	if (!next)
		next = rq->idle;
	if (next == prev) {
		prev->state = THREAD_RUNNING;
		irq_restore(flags);
		return;
	}
	/* Only once its old CPU has switched away from it: that CPU's schedule()
	 * still reads its state, and RUNNING there would queue it a second time. */
	while (__atomic_load_n(&next->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax();
	charge(rq, prev);
	rq->switches++;
	next->state = THREAD_RUNNING;
	next->on_cpu = 1;
	next->cpu = (int)c->id;
	c->current = next;
	c->kernel_rsp = next->kstack_top;
	c->tss.rsp[0] = next->kstack_top;
	switch_address_space(next);
	/* The kernel never touches FPU/SSE registers, so user state is swapped here. */
	if (prev->proc)
		__asm__ volatile("fxsave64 %0" : "=m"(prev->fpu));
	if (next->proc)
		__asm__ volatile("fxrstor64 %0" : : "m"(next->fpu));
	struct thread *last = switch_context(&prev->ksp, next->ksp, prev);
	sched_finish_switch(last);
	irq_restore(flags);
}

void sched_finish_switch(struct thread *prev)
{
	/* A dead thread's record may be freed (thread_join, process_finish) as soon
	 * as on_cpu is clear: thread_reap clears it after its last look. */
	if (prev->state == THREAD_DEAD)
		thread_reap(prev);
	else
		__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
}

void sched_handoff(struct thread *t)
{
	uint64_t f = irq_save();
	unsigned me = this_cpu()->id;
	struct runqueue *from = &rqs[t->cpu];
	spin_lock(&from->lock);
	bool moved = false;
	if (t->state == THREAD_READY && (t->pinned < 0 || t->pinned == (int)me)) {
		/* Take it off its queue... */
		struct thread **pp = &from->head, *prev = NULL;
		while (*pp && *pp != t) {
			prev = *pp;
			pp = &(*pp)->rq_next;
		}
		if (*pp) {
			*pp = t->rq_next;
			if (from->tail == t)
				from->tail = prev;
			count(from, t, -1);
			moved = true;
		}
	}
	spin_unlock(&from->lock);
	if (moved) {
		/* ...and put it first in ours. */
		struct runqueue *rq = &rqs[me];
		spin_lock(&rq->lock);
		t->cpu = (int)me;
		t->rq_next = rq->head;
		rq->head = t;
		if (!rq->tail)
			rq->tail = t;
		count(rq, t, 1);
		spin_unlock(&rq->lock);
		schedule();
	}
	irq_restore(f);
}

int sched_pin(int cpu)
{
	if (cpu < -1 || cpu >= (int)ncpus || (cpu >= 0 && !cpus[cpu].online))
		return -EINVAL;
	struct thread *t = current_thread();
	t->pinned = cpu;
	if (cpu < 0 || cpu == (int)this_cpu()->id)
		return 0;
	/* Requeue ourselves on that CPU: mark blocked, then wake onto its queue. */
	uint64_t f = irq_save();
	struct runqueue *rq = &rqs[this_cpu()->id];
	spin_lock(&rq->lock);
	t->state = THREAD_BLOCKED;
	spin_unlock(&rq->lock);
	struct runqueue *to = &rqs[cpu];
	spin_lock(&to->lock);
	t->cpu = cpu;
	t->state = THREAD_READY;
	enqueue(to, t);
	spin_unlock(&to->lock);
	kick(cpu);
	schedule(); /* leaves this CPU; resumes on `cpu` once the switch-out is done */
	irq_restore(f);
	return 0;
}

void sched_idle_loop(void)
{
	struct runqueue *rq = &rqs[this_cpu()->id];
	for (;;) {
		schedule();
		smp_tlb_shootdown_pending();
		irq_disable();
		bool work = rq->len || rq->need_resched;
		for (unsigned i = 0; i < ncpus && !work; i++)
			work = rqs[i].stealable > 0; /* something this CPU may take */
		if (work)
			irq_enable();
		else
			cpu_idle(); /* sti; hlt -- an interrupt wakes it */
	}
}
