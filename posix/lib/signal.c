/*
 * Signal actions: sigaction and signal, and the one entry point the kernel
 * enters for every caught signal (abi motor/signal.h). The kernel keeps
 * each signal's disposition, flags and mask, so it can decide on its own
 * what to do; the handler functions live only here.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include <motor/signal.h>
#include <motor/spawn.h>

#include "internal.h"

static struct sigaction actions[NSIG];
__thread unsigned long posix_handlers_run;

siginfo_t posix_siginfo(const struct motor_siginfo *ki)
{
	siginfo_t si = {.si_signo = ki->signo, .si_code = ki->code, .si_pid = ki->pid,
			.si_status = ki->status, .si_addr = (void *)(uintptr_t)ki->addr};
	si.si_value.sival_ptr = (void *)(uintptr_t)ki->value;
	return si;
}

/* The kernel enters here (rsp as after a call, to a zero return address)
 * with the signal, its information and the frame to go back through. */
__attribute__((noreturn)) void posix_signal_entry(int sig, struct motor_siginfo *ki,
						  struct motor_sigframe *frame)
{
	int saved_errno = errno; /* what the interrupted code had: handlers clobber it */
	struct sigaction a = actions[sig];
	if (a.sa_flags & SA_RESETHAND) /* the kernel has reset its half already */
		actions[sig].sa_handler = SIG_DFL;
	if (a.sa_flags & SA_SIGINFO) {
		siginfo_t si = posix_siginfo(ki);
		a.sa_sigaction(sig, &si, frame);
	} else if (a.sa_handler != SIG_DFL && a.sa_handler != SIG_IGN) {
		a.sa_handler(sig);
	}
	posix_handlers_run++;
	errno = saved_errno;
	motor_signal_return((long)frame);
	__builtin_unreachable();
}

int posix_signal_valid(int sig)
{
	return sig >= 1 && sig < NSIG;
}

/* The kernel's action word for a struct sigaction. */
static uint64_t kernel_action(const struct sigaction *a)
{
	uint64_t k = a->sa_handler == SIG_DFL ? MOTOR_SIG_DEFAULT :
		     a->sa_handler == SIG_IGN ? MOTOR_SIG_IGNORE : MOTOR_SIG_CATCH;
	if (a->sa_flags & SA_RESTART)
		k |= MOTOR_SA_RESTART;
	if (a->sa_flags & SA_NODEFER)
		k |= MOTOR_SA_NODEFER;
	if (a->sa_flags & SA_RESETHAND)
		k |= MOTOR_SA_RESETHAND;
	if (a->sa_flags & SA_ONSTACK)
		k |= MOTOR_SA_ONSTACK;
	if (a->sa_flags & SA_NOCLDSTOP)
		k |= MOTOR_SA_NOCLDSTOP;
	return k;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	if (!posix_signal_valid(sig))
		return (int)posix_ret(-EINVAL);
	if ((act && motor_user_ok(act, sizeof(*act), 0)) ||
	    (old && motor_user_ok(old, sizeof(*old), 1)))
		return (int)posix_ret(-EFAULT);
	struct sigaction prev = actions[sig];
	if (act) {
		struct sigaction a = *act;
		long r = motor_signal_action(sig, (long)kernel_action(&a), (long)a.sa_mask,
					     (long)posix_signal_entry);
		if (r < 0)
			return (int)posix_ret(r);
		actions[sig] = a;
		if (sig == SIGCHLD)
			posix_proc_nocldwait(a.sa_handler == SIG_IGN || (a.sa_flags & SA_NOCLDWAIT));
	}
	if (old)
		*old = prev;
	return 0;
}

_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
	/* BSD semantics, as glibc's: the handler stays, interrupted calls restart. */
	struct sigaction a = {.sa_handler = handler, .sa_flags = SA_RESTART}, old = {0};
	if (sigaction(sig, &a, &old))
		return SIG_ERR;
	return old.sa_handler;
}

int siginterrupt(int sig, int flag)
{
	struct sigaction a = {0};
	if (sigaction(sig, NULL, &a))
		return -1;
	if (flag)
		a.sa_flags &= ~SA_RESTART;
	else
		a.sa_flags |= SA_RESTART;
	return sigaction(sig, &a, NULL);
}

/* exec: ignored signals stay ignored and the mask stays; caught ones go
 * back to their defaults (the new program has no handlers). */
size_t posix_signal_items(struct motor_spawn_item *items, size_t n,
			  const struct spawn_plan *plan)
{
	uint64_t mask = 0, ignored = 0;
	motor_signal_mask(MOTOR_SIG_BLOCK, 0, (long)&mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (actions[sig].sa_handler == SIG_IGN)
			ignored |= 1ull << (sig - 1);
	if (plan && plan->set_mask)
		mask = plan->mask; /* posix_spawn's POSIX_SPAWN_SETSIGMASK */
	if (plan)
		ignored &= ~plan->sigdefault; /* and POSIX_SPAWN_SETSIGDEF */
	items[n++] = (struct motor_spawn_item){MOTOR_AT_SIGMASK, (long)mask, 0};
	items[n++] = (struct motor_spawn_item){MOTOR_AT_SIGIGN, (long)ignored, 0};
	return n;
}

void posix_signal_init(void)
{
	uint64_t mask = motor_getauxval(MOTOR_AT_SIGMASK);
	uint64_t ignored = motor_getauxval(MOTOR_AT_SIGIGN);
	if (mask)
		motor_signal_mask(MOTOR_SIG_SETMASK, (long)mask, 0);
	for (int sig = 1; sig < NSIG && ignored; sig++) {
		if (!(ignored & (1ull << (sig - 1))))
			continue;
		struct sigaction a = {.sa_handler = SIG_IGN};
		sigaction(sig, &a, NULL);
	}
}
