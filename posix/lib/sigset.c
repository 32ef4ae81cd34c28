/* Signal sets: newlib's sigset_t is a 64-bit mask, signal n at bit n - 1. */
#include <errno.h>
#include <signal.h>

#include "internal.h"

static int bad(int sig)
{
	return sig < 1 || sig >= NSIG;
}

int sigemptyset(sigset_t *set)
{
	*set = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	*set = ~(sigset_t)0;
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (bad(sig))
		return (int)posix_ret(-EINVAL);
	*set |= (sigset_t)1 << (sig - 1);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad(sig))
		return (int)posix_ret(-EINVAL);
	*set &= ~((sigset_t)1 << (sig - 1));
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (bad(sig))
		return (int)posix_ret(-EINVAL);
	return (*set >> (sig - 1)) & 1;
}

int sigisemptyset(const sigset_t *set)
{
	return *set == 0;
}

/* The old BSD calls (newlib's getpass uses them). */
int sigblock(int mask)
{
	sigset_t set = (sigset_t)(unsigned)mask, old;
	sigprocmask(SIG_BLOCK, &set, &old);
	return (int)old;
}

int sigsetmask(int mask)
{
	sigset_t set = (sigset_t)(unsigned)mask, old;
	sigprocmask(SIG_SETMASK, &set, &old);
	return (int)old;
}
