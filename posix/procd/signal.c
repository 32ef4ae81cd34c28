/*
 * Signals as procd delivers them: every signal to a process, whoever asked
 * (kill, killpg, a terminal's ^C, a hang-up, an orphaned group), comes
 * through proc_signal. Until processes catch signals, a signal takes its
 * default action here: the ones ignored by default (SIGCHLD, SIGCONT,
 * SIGURG, SIGWINCH) do nothing; every other ends the process with kernel
 * status 128 + sig, which waitpid reports as WIFSIGNALED. The stop signals
 * end it too, since nothing stops yet.
 *
 * Entry points: proc_signal, proc_sig_ignored, proc_stopped (procd.h).
 */
#include <signal.h>

#include <motor/usyscall.h>

#include "motor/errno.h"
#include "procd.h"

#define SIG_LIMIT 65 /* signals are 1..64 */

static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

int proc_signal(struct proc *p, int sig)
{
	if (sig < 0 || sig >= SIG_LIMIT)
		return -EINVAL;
	if (sig == 0 || ignored_by_default(sig) || p->state == PROC_ZOMBIE)
		return 0;
	if (!p->kproc)
		return -EAGAIN; /* still starting: no kernel process to end yet */
	long r = motor_process_kill(p->kproc, 128 + sig);
	return r < 0 ? (int)r : 0;
}

bool proc_sig_ignored(const struct proc *p, int sig)
{
	(void)p, (void)sig;
	return false; /* no process ignores or blocks anything yet */
}

bool proc_stopped(const struct proc *p)
{
	(void)p;
	return false;
}
