/*
 * Signals (kernel/sched/signal.c): per-process actions and pending set,
 * per-thread mask and pending set, delivery on the way back to user mode,
 * stop and continue, the real-time interval timer. The contract for user
 * space is in abi/include/motor/signal.h.
 *
 * Locks: a process's signal state is guarded by its `lock` (the thread's
 * mask is written only by the thread itself, read by senders under the
 * process lock). Senders never block.
 */
#ifndef SCHED_SIGNAL_H
#define SCHED_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/trap.h"
#include "motor/signal.h"
#include "sched/waitq.h"

struct process;
struct thread;

#define SIG_BIT(sig) (1ull << ((sig) - 1))

struct sig_action {
	uint32_t action; /* MOTOR_SIG_* | MOTOR_SA_* */
	uint64_t mask;
};

/* A process's half (embedded in struct process). */
struct proc_signals {
	uint64_t pending;
	uint64_t entry; /* where caught signals enter user code */
	struct sig_action act[MOTOR_NSIG];
	struct motor_siginfo info[MOTOR_NSIG]; /* of the pending ones */
	bool stopped;
	uint8_t stop_sig;
	uint32_t events;   /* stops and continues so far (process_status) */
	struct waitq stop_wq; /* threads parked while stopped */
	/* ITIMER_REAL: the next expiry (0: off) and the period */
	uint64_t alarm_at, alarm_every;
	struct process *alarm_next;
};

/* A thread's half (embedded in struct thread). */
struct thread_signals {
	uint64_t mask;
	uint64_t pending;
	struct motor_siginfo info[MOTOR_NSIG];
	uint64_t suspend_mask; /* signal_suspend: the mask to restore after the handler */
	bool suspended;
	bool full_return;      /* leave the system call through iret (all registers) */
	uint32_t nr;           /* the system call in progress (for restarts) */
	uint64_t ss_base, ss_size; /* the alternate stack, 0 size: none */
};

/* Initial state; a fork's child copies the parent's actions. */
void signal_init_process(struct process *p);
void signal_clone_process(struct process *child, const struct process *parent);

/* Sends sig with info to p (tid 0: to any of its threads) or to thread t.
 * sig 0 checks only. -> 0, -EINVAL bad signal, -ESRCH no such thread. */
int signal_send(struct process *p, uint32_t tid, const struct motor_siginfo *info);
/* A user fault: offers the fault signal to a handler (true), else the
 * caller ends the process. */
bool signal_fault(int sig, int code, uint64_t addr);

/* Whether a signal the thread does not block is pending (a block ends). */
bool signal_interrupts(const struct thread *t);
/* On every return to user mode: stops, default actions, handler frames. */
void signal_return_to_user(struct trap_frame *tf);

/* The system calls (kernel/core/sys_signal.c checks their arguments). */
int signal_set_action(int sig, uint32_t action, uint64_t mask, uint64_t entry);
uint64_t signal_set_mask(int how, uint64_t set);
uint64_t signal_pending_set(void);
long signal_return_frame(uint64_t frame);
/* take 0: sigsuspend (-EINTR once a handler is due). Else sigtimedwait:
 * -> a signal of `take`, its information in *out; -EAGAIN at the deadline,
 * -EINTR for another signal. */
long signal_suspend(uint64_t mask, uint64_t take, struct motor_siginfo *out, uint64_t deadline);
long signal_alarm(uint64_t value_ns, uint64_t every_ns, uint64_t *old_every);
int signal_stack(uint64_t base, uint64_t size, uint64_t flags, uint64_t *old);
/* Running (0), stopped (1 | signal << 8) or finished (2), with the count
 * of stops and continues in bits 32 and up. */
long signal_process_status(struct process *p);

/* CPU 0's timer tick: expired alarms send SIGALRM. */
void signal_tick(uint64_t now);
/* A process ends: its alarm goes. */
void signal_exit_process(struct process *p);

#endif
