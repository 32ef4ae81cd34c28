/*
 * Processes and threads (kernel/sched/thread.c) and the scheduler
 * (kernel/sched/sched.c).
 *
 * A process is an address space plus its threads. A thread runs user code;
 * in the kernel it has its own guarded kernel stack, whose top holds its user
 * registers (struct trap_frame) while it is in the kernel. Kernel code is
 * never preempted: a thread gives up the CPU only when it blocks at the end
 * of a system call, or on its way back to user mode when its time slice is
 * over (the timer sets need_resched).
 *
 * Scheduling is round robin with one run queue per CPU; new threads go to
 * the CPU with the shortest queue, and an idle CPU steals from the longest.
 * An idle CPU halts.
 */
#ifndef SCHED_THREAD_H
#define SCHED_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/percpu.h"
#include "arch/x86_64/trap.h"
#include "lib/spinlock.h"
#include "mm/vm.h"
#include "sched/waitq.h"
#include "ipc/ipc.h"
#include "obj/handle.h"
#include "sched/signal.h"

enum thread_state { THREAD_READY, THREAD_RUNNING, THREAD_BLOCKED, THREAD_DEAD };

struct process;

struct thread {
	uint8_t fpu[512] __attribute__((aligned(16))); /* user FPU/SSE state (fxsave), while switched out */
	uint64_t ksp;        /* saved kernel stack pointer while switched out */
	uint64_t kstack_top;
	struct process *proc; /* NULL for a CPU's idle thread */
	uint32_t tid;
	volatile int state;
	volatile int on_cpu; /* still running on some CPU (until its switch-out completes) */
	int cpu;             /* the run queue it belongs to */
	bool idle;
	int pinned;          /* the only CPU it may run on, or -1 */
	uint64_t fs_base;
	struct thread *rq_next;
	/* blocking */
	uint64_t wake_at;    /* sleep deadline (time_ns), 0 if not sleeping */
	struct thread *sleep_next;
	long wake_result;    /* why the scheduler woke it: 0, -ETIMEDOUT, -EINTR */
	struct waitq *waitq; /* the wait queue it is on, if any */
	struct thread *wq_next;
	long wq_result;      /* the value a waker handed over */
	uint64_t futex_addr; /* what a futex waiter waits on */
	struct vm_space *futex_vm;
	/* exit and join */
	bool exited, joined;
	uint64_t exit_value;
	struct thread *joiner;
	struct thread *proc_next;
	struct trap_frame *frame; /* its user registers, while it is in a system call */
	struct process *finishes; /* the last thread of a process: reaping it ends the process */
	struct ipc_thread_state ipc;
	struct thread_signals sig;
	/* While *intr_guard holds, a signal does not end this thread's wait (a
	 * call a server is working on); read under the wait queue's lock. */
	const volatile bool *intr_guard;
	/* CPU time (sched.c): TSC ticks it ran, charged at each switch and tick.
	 * Each timer tick gives what it ran since the tick before (run_tsc -
	 * tick_mark) to user or system time, by the mode the tick found it in. */
	uint64_t run_tsc;
	uint64_t tick_mark, user_tsc, sys_tsc;
};

struct process {
	struct kobject obj; /* handles refer to it; running threads hold one reference */
	uint32_t pid;
	char name[64];
	struct vm_space *vm;
	struct handle_table handles;
	struct spinlock lock;
	struct thread *threads;
	unsigned live_threads;
	uint32_t next_tid;
	volatile bool exiting;
	int exit_status;
	bool is_init;
	bool started;          /* a thread has run in it */
	volatile bool finished; /* every thread has exited; exit_status is final */
	struct waitq exit_wq;  /* process_wait sleepers; its lock guards `finished` */
	struct kobject *watch; /* a notification signalled when it finishes (exit_wq.lock) */
	uint64_t watch_bits;
	struct proc_signals sig; /* its `lock` guards them */
	/* Accounting (kernel/core/sys_info.c): the CPU time of threads already
	 * freed (joined, or ended with the process), its creation time, and the
	 * most pages it had mapped (kept once the address space is gone). */
	uint64_t ended_tsc, ended_user_tsc, ended_sys_tsc;
	uint64_t start_ns;
	uint64_t peak_pages;
};

#define MAX_THREADS_PER_PROCESS 1024

/* One %gs-relative load: on every system call's path. */
static inline struct thread *current_thread(void)
{
	struct thread *t;
	__asm__ volatile("mov %%gs:24, %0" : "=r"(t));
	return t;
}

/* Creates a process with an empty address space; *out holds one reference. */
int process_create(const char *name, struct process **out);
/* Waits until p has finished; its exit status or -ETIMEDOUT/-EINTR. */
long process_wait(struct process *p, uint64_t deadline);
/* Starts a user thread at rip with stack rsp and rdi = arg. -> its tid or -errno. */
int thread_create_user(struct process *p, uint64_t rip, uint64_t rsp, uint64_t arg,
		       struct thread **out);
/* fork: a copy-on-write copy of the caller's process with one thread that
 * returns 0 from the system call; *out holds a reference. */
/* A copy of the calling process (fork). With give != 0, the child's handle
 * at value `at` names what the caller's handle `give` names (rights and
 * badge too) and the child has no copy of `give`: how a child gets its own
 * session with a server where the parent has one. */
int process_clone(long give, long at, struct process **out);
/* When p finishes, bits are signalled on notification n (at once if it has;
 * n NULL: no more). One watcher per process. */
void process_watch(struct process *p, struct kobject *n, uint64_t bits);
/* Ends the process with status; every thread exits at its next return to user. */
void process_kill(struct process *p, int status);
/* Ends the calling thread. */
__attribute__((noreturn)) void thread_exit_current(uint64_t value);
int thread_join(uint32_t tid, uint64_t *value);
/* Wakes a blocked thread of the caller's process with -ECANCELED. -ESRCH. */
int thread_cancel(uint32_t tid);

/* Called on every return to user mode with the user registers: kills,
 * time slices, signals. */
void thread_return_to_user(struct trap_frame *tf);

/* Scheduler */
void sched_init_cpu(void);                  /* makes the running context this CPU's idle thread */
__attribute__((noreturn)) void sched_idle_loop(void);
void sched_add(struct thread *t);          /* a new thread, READY */
void sched_wake(struct thread *t, long result);
void schedule(void);
void sched_tick(void);                     /* timer interrupt */
void sched_sleep_until(uint64_t deadline_ns);
/* Marks the current thread blocked (with a deadline unless WAIT_FOREVER); the
 * caller then releases its lock and calls schedule(). Interrupts are off.
 * -EINTR, and nothing done, when its process is being killed. */
int sched_block(uint64_t deadline_ns);
bool sched_need_resched(void);
void sched_finish_switch(struct thread *prev);
/* Makes t pass through the kernel soon if it runs user code on another CPU. */
void sched_poke(struct thread *t);
/* Runs t (just woken) on this CPU next, before anything else queued here. */
void sched_handoff(struct thread *t);
/* Pins the calling thread to cpu (-1 unpins) and moves it there. -EINVAL. */
int sched_pin(int cpu);
/* CPU time: charges the running thread up to now (so its run_tsc is exact). */
void sched_charge_current(void);
/* Timer interrupt: charges the running thread and samples user/kernel mode. */
void sched_account_tick(bool user);
/* All CPUs together, in TSC ticks: time in idle threads; time in the
 * others, given to user or system time at each timer tick; switches. */
struct sched_totals {
	uint64_t idle_tsc, user_tsc, sys_tsc, switches;
};
void sched_totals(struct sched_totals *out);
/* Adds a thread that is off its CPU for good to its process's ended totals
 * (p->lock held). */
void sched_retire(struct process *p, const struct thread *t);

#endif
