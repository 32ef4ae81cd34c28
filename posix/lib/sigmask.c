/*
 * Blocking and waiting for signals: the thread's mask (the kernel keeps it,
 * so a sender can pick a thread that takes the signal), what is pending,
 * sigsuspend and the sigwait family, and the alternate stack.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <motor/signal.h>

#include "internal.h"

static long set_mask(int how, const sigset_t *set, sigset_t *old)
{
	int khow = how == SIG_BLOCK ? MOTOR_SIG_BLOCK :
		   how == SIG_UNBLOCK ? MOTOR_SIG_UNBLOCK :
		   how == SIG_SETMASK ? MOTOR_SIG_SETMASK : -1;
	if (set && khow < 0)
		return -EINVAL;
	if ((set && motor_user_ok(set, sizeof(*set), 0)) ||
	    (old && motor_user_ok(old, sizeof(*old), 1)))
		return -EFAULT;
	uint64_t prev;
	/* No set: only ask (blocking nothing more). */
	long r = motor_signal_mask(set ? khow : MOTOR_SIG_BLOCK, set ? (long)*set : 0, (long)&prev);
	if (r == 0 && old)
		*old = (sigset_t)prev;
	return r;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	return (int)posix_ret(set_mask(how, set, old));
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return (int)-set_mask(how, set, old);
}

int sigpending(sigset_t *set)
{
	if (motor_user_ok(set, sizeof(*set), 1))
		return (int)posix_ret(-EFAULT);
	uint64_t pending;
	long r = motor_signal_mask(MOTOR_SIG_PENDING, 0, (long)&pending);
	if (r == 0)
		*set = (sigset_t)pending;
	return (int)posix_ret(r);
}

int sigsuspend(const sigset_t *mask)
{
	if (motor_user_ok(mask, sizeof(*mask), 0))
		return (int)posix_ret(-EFAULT);
	return (int)posix_ret(motor_signal_suspend((long)*mask, 0, 0, (long)MOTOR_FOREVER));
}

int pause(void)
{
	uint64_t mask;
	motor_signal_mask(MOTOR_SIG_BLOCK, 0, (long)&mask);
	return (int)posix_ret(motor_signal_suspend((long)mask, 0, 0, (long)MOTOR_FOREVER));
}

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
	if (motor_user_ok(set, sizeof(*set), 0) || (info && motor_user_ok(info, sizeof(*info), 1)) ||
	    (timeout && motor_user_ok(timeout, sizeof(*timeout), 0)))
		return (int)posix_ret(-EFAULT);
	uint64_t ns = MOTOR_FOREVER;
	if (timeout) {
		if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000)
			return (int)posix_ret(-EINVAL);
		ns = (uint64_t)timeout->tv_sec * 1000000000u + (uint64_t)timeout->tv_nsec;
	}
	uint64_t take = (uint64_t)*set & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
	if (!take)
		return (int)posix_ret(-EINVAL);
	uint64_t mask;
	motor_signal_mask(MOTOR_SIG_BLOCK, 0, (long)&mask);
	struct motor_siginfo ki;
	long r = motor_signal_suspend((long)mask, (long)take, (long)&ki, (long)ns);
	if (r > 0 && info)
		*info = posix_siginfo(&ki);
	return (int)posix_ret(r);
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

int sigwait(const sigset_t *set, int *sig)
{
	int r;
	do
		r = sigtimedwait(set, NULL, NULL);
	while (r < 0 && errno == EINTR); /* sigwait does not fail with EINTR */
	if (r < 0)
		return errno;
	*sig = r;
	return 0;
}

int sigaltstack(const stack_t *ss, stack_t *old)
{
	if ((ss && motor_user_ok(ss, sizeof(*ss), 0)) || (old && motor_user_ok(old, sizeof(*old), 1)))
		return (int)posix_ret(-EFAULT);
	uint64_t prev[3];
	long r;
	if (!ss)
		r = motor_signal_stack(0, 0, -1L, (long)prev);
	else if (ss->ss_flags & ~SS_DISABLE)
		r = -EINVAL;
	else
		r = motor_signal_stack((long)ss->ss_sp, (long)ss->ss_size,
				       (ss->ss_flags & SS_DISABLE) ? MOTOR_SS_DISABLE : 0, (long)prev);
	if (r == 0 && old)
		*old = (stack_t){.ss_sp = (void *)(uintptr_t)prev[0], .ss_size = (size_t)prev[1],
				 .ss_flags = prev[2] == 1 ? SS_ONSTACK : prev[2] ? SS_DISABLE : 0};
	return (int)posix_ret(r);
}
