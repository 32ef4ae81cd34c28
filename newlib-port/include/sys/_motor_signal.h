/*
 * Signals on Motor: Linux's numbers (the kernel reports faults as
 * 128 + SIGSEGV, SIGBUS, ... with these values) and a POSIX struct
 * sigaction with sa_sigaction and the SA_* flags. newlib's <sys/signal.h>
 * includes this instead of its own definitions when __motor__ is defined
 * (newlib-port/patches/0002); sigset_t stays newlib's (unsigned long:
 * signal n is bit n - 1). sigemptyset() and friends are functions
 * (libposix), not newlib's macros.
 */
#ifndef _SYS__MOTOR_SIGNAL_H
#define _SYS__MOTOR_SIGNAL_H

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGIOT SIGABRT
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCLD SIGCHLD
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPOLL SIGIO
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 34
#define SIGRTMAX 64
#define NSIG 65 /* signals are 1 .. NSIG - 1 */

/* sigev_notify */
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2

union sigval {
	int sival_int;
	void *sival_ptr;
};

struct sigevent {
	union sigval sigev_value;
	int sigev_signo;
	int sigev_notify;
	void (*sigev_notify_function)(union sigval);
	pthread_attr_t *sigev_notify_attributes;
};

typedef struct {
	int si_signo;
	int si_errno;
	int si_code;      /* SI_* or the signal's own codes below */
	pid_t si_pid;     /* sender (SI_USER, SI_QUEUE, SIGCHLD) */
	uid_t si_uid;
	int si_status;    /* SIGCHLD: exit status or signal */
	void *si_addr;    /* SIGSEGV, SIGBUS, SIGILL, SIGFPE: fault address */
	union sigval si_value;
	long si_band;     /* SIGPOLL */
} siginfo_t;

/* si_code, any signal */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE -1
#define SI_TIMER -2
#define SI_MESGQ -3
#define SI_ASYNCIO -4
#define SI_TKILL -6
/* SIGILL */
#define ILL_ILLOPC 1
#define ILL_ILLOPN 2
#define ILL_ILLADR 3
#define ILL_ILLTRP 4
#define ILL_PRVOPC 5
#define ILL_PRVREG 6
#define ILL_COPROC 7
#define ILL_BADSTK 8
/* SIGFPE */
#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8
/* SIGSEGV */
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
/* SIGBUS */
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define BUS_OBJERR 3
/* SIGTRAP */
#define TRAP_BRKPT 1
#define TRAP_TRACE 2
/* SIGCHLD */
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
/* SIGPOLL */
#define POLL_IN 1
#define POLL_OUT 2
#define POLL_MSG 3
#define POLL_ERR 4
#define POLL_PRI 5
#define POLL_HUP 6

typedef void (*_sig_func_ptr)(int);

struct sigaction {
	union {
		_sig_func_ptr _handler;                       /* SIG_DFL, SIG_IGN or a handler */
		void (*_sigaction)(int, siginfo_t *, void *); /* with SA_SIGINFO */
	} _signal_handlers;
	sigset_t sa_mask;  /* blocked while the handler runs */
	int sa_flags;      /* SA_* */
};
#define sa_handler _signal_handlers._handler
#define sa_sigaction _signal_handlers._sigaction

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

#if __BSD_VISIBLE
/* The old BSD mask calls (newlib's getpass() uses them). */
#define sigmask(sig) (1UL << ((sig) - 1))
int sigblock(int mask);
int sigsetmask(int mask);
#endif

#endif
