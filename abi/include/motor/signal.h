/*
 * Signals: the kernel's part (kernel/sched/signal.c) and what libposix
 * (posix/lib/signal.c) builds sigaction and friends on.
 *
 * Numbers are Linux's (1..64, newlib-port/include/sys/_motor_signal.h); a
 * set is a 64-bit mask with signal n at bit n - 1. Each process has an
 * action per signal (default, ignore or catch, with flags and a mask to
 * block while its handler runs) and one entry point for all caught ones;
 * each thread has a mask of blocked signals. A signal is sent to a process
 * (any thread that does not block it takes it) or to one thread (faults,
 * pthread_kill, SIGPIPE).
 *
 * Delivery happens on a thread's way back to user mode. A caught signal
 * pushes a struct motor_sigframe on the thread's stack (or its alternate
 * stack) and enters the entry point with rdi = signal, rsi = &frame->info,
 * rdx = frame, rsp = frame - 8 (16-byte aligned + 8, as after a call); the
 * entry runs the handler and ends with signal_return(frame), which restores
 * every register and the mask. A blocking call cut short by a signal
 * returns -EINTR; with MOTOR_SA_RESTART the kernel restarts it instead.
 * A call that a server has received and is working on is not cut short:
 * the signal waits for its answer; one the server has kept for later
 * (ipc_reply_save) is.
 *
 * Default actions: terminate (the process ends with status
 * MOTOR_STATUS_SIGNALED | signal), ignore (SIGCHLD, SIGURG, SIGWINCH),
 * stop (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU: every thread parks on its way
 * to user mode until SIGCONT) and continue (SIGCONT). SIGKILL and SIGSTOP
 * cannot be caught, ignored or blocked.
 */
#ifndef MOTOR_SIGNAL_H
#define MOTOR_SIGNAL_H

#include <stdint.h>

#define MOTOR_NSIG 64

/* The exit status of a process a signal ended (process_wait's result):
 * exits give 0..255. */
#define MOTOR_STATUS_SIGNALED 0x100

/* signal_action(sig, action, mask, entry): action is one of these ... */
#define MOTOR_SIG_DEFAULT 0
#define MOTOR_SIG_IGNORE 1
#define MOTOR_SIG_CATCH 2
/* ... or'ed with flags (sigaction's meanings). */
#define MOTOR_SA_RESTART 0x10
#define MOTOR_SA_NODEFER 0x20
#define MOTOR_SA_RESETHAND 0x40
#define MOTOR_SA_ONSTACK 0x80
#define MOTOR_SA_NOCLDSTOP 0x100

/* signal_mask(how, set, out) */
#define MOTOR_SIG_BLOCK 0
#define MOTOR_SIG_UNBLOCK 1
#define MOTOR_SIG_SETMASK 2
#define MOTOR_SIG_PENDING 3 /* set ignored: *out = the pending signals */

/* signal_send's target thread: 0 is the process (any thread). */
#define MOTOR_SIG_PROCESS 0

/* signal_alarm's value_ns that only reads the timer */
#define MOTOR_ALARM_QUERY UINT64_MAX

/* Auxiliary vector entries a new program gets (exec keeps them, POSIX):
 * the blocked signals and the ignored ones. */
#define MOTOR_AT_SIGMASK 0x1019
#define MOTOR_AT_SIGIGN 0x101a

/* signal_stack(base, size, flags) */
#define MOTOR_SS_DISABLE 1

/* Information about one signal (the kernel's half of siginfo_t). */
struct motor_siginfo {
	int32_t signo;
	int32_t code;   /* SI_USER, SI_KERNEL, CLD_*, SEGV_*, ... (Linux's values) */
	int32_t pid;    /* the sender's POSIX pid (as its sender said), or 0 */
	int32_t status; /* SIGCHLD: the exit status or signal */
	uint64_t addr;  /* faults: the address */
	uint64_t value; /* sigqueue's value */
};

/* The registers a signal interrupted, restored by signal_return. */
struct motor_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
	uint64_t rip, rflags;
	uint64_t fs_base;
};

/* 16-byte aligned; below it a zero return address: the entry must not
 * return, it calls signal_return. */
struct motor_sigframe {
	struct motor_siginfo info;
	struct motor_sigcontext ctx;
	uint64_t mask;        /* the thread's mask to restore */
	uint64_t flags;       /* MOTOR_SIGFRAME_* */
	uint64_t ss_base, ss_size, ss_flags; /* the alternate stack, as sigaltstack reports it */
	uint64_t pad;
	uint8_t fpu[512] __attribute__((aligned(16))); /* fxsave image */
};

/* motor_sigframe.flags */
#define MOTOR_SIGFRAME_ONSTACK 1 /* the frame is on the alternate stack */

#endif
