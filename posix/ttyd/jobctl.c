/* Job control through procd (see jobctl.h). */
#define _DEFAULT_SOURCE 1 /* glibc's <termios.h> under -std=c11 (host checks) */

#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>

#include <motor/errno.h>
#include <motor/ipc.h>
#include <motor/proc.h>
#include <motor/usyscall.h>

#include "jobctl.h"
#include "tty.h"

static long proc_handle;

void jobctl_init(long proc)
{
	proc_handle = proc;
}

/* One call to procd; w gets its answer. -> w[0], or -ENOTTY without procd. */
static long ask(uint64_t w[4])
{
	if (proc_handle <= 0)
		return -ENOTTY;
	long r = motor_ipc(SYS_ipc_call, proc_handle, w, NULL, NULL);
	return r < 0 ? -ENOTTY : (long)w[0];
}

void jobctl_signal(struct tty *t, int sig)
{
	uint64_t w[4] = {PROC_TTY_SIGNAL, t->rdev, (uint64_t)sig, 0};
	if (t->ctty)
		ask(w);
}

void jobctl_hangup(struct tty *t)
{
	uint64_t w[4] = {PROC_TTY_SIGNAL, t->rdev, 0, 1};
	if (t->ctty)
		ask(w);
	t->ctty = false;
}

void jobctl_open(struct tty *t, uint64_t pid)
{
	uint64_t w[4] = {PROC_TTY_CTTY, pid, t->rdev, PROC_CTTY_OPEN};
	if (ask(w) == 1)
		t->ctty = true;
}

uint32_t jobctl_ctty_of(uint64_t pid)
{
	uint64_t w[4] = {PROC_TTY_QUERY, pid, 0, 0};
	return ask(w) == 0 ? (uint32_t)w[1] : 0;
}

long jobctl_check(struct tty *t, uint64_t pid, int sig)
{
	uint64_t w[4] = {PROC_TTY_CHECK, pid, t->rdev, (uint64_t)sig};
	if (!t->ctty)
		return 0; /* it never controlled a session: nobody is in its background */
	long r = ask(w);
	return r == -EIO || r == -EINTR ? r : 0;
}

static long give_pid(uint64_t v, void *out, size_t *outlen)
{
	pid_t p = (pid_t)v;
	memcpy(out, &p, sizeof(p));
	*outlen = sizeof(p);
	return 0;
}

long jobctl_ioctl(struct tty *t, uint64_t pid, bool master, unsigned long req, uint64_t arg,
		  const void *in, size_t inlen, void *out, size_t *outlen)
{
	uint64_t w[4] = {0, pid, t->rdev, 0};
	pid_t pgrp;
	long r;

	switch (req) {
	case TIOCSCTTY:
		if (master)
			return -EINVAL;
		w[0] = PROC_TTY_CTTY;
		w[3] = (int)arg == 1 ? PROC_CTTY_STEAL : PROC_CTTY_SET;
		if ((r = ask(w)) == 0)
			t->ctty = true;
		return r;
	case TIOCNOTTY:
		if (master || !t->ctty)
			return -ENOTTY;
		w[0] = PROC_TTY_CTTY;
		w[3] = PROC_CTTY_DROP;
		return ask(w);
	case TIOCGPGRP:
	case TIOCGSID:
		if (!t->ctty)
			return -ENOTTY;
		w[0] = PROC_TTY_QUERY;
		if ((r = ask(w)) < 0)
			return r;
		/* The slave's group from its master; otherwise only from the terminal's own session. */
		if ((!master && w[1] != t->rdev) || !w[3])
			return -ENOTTY;
		return give_pid(req == TIOCGPGRP ? w[2] : w[3], out, outlen);
	case TIOCSPGRP:
		if (inlen != sizeof(pgrp))
			return -EINVAL;
		if (master || !t->ctty)
			return -ENOTTY;
		memcpy(&pgrp, in, sizeof(pgrp));
		w[0] = PROC_TTY_SETPGRP;
		w[3] = (uint64_t)(int64_t)pgrp;
		return ask(w);
	default:
		return -ENOIOCTLCMD;
	}
}
