/*
 * Signals as procd sends them: every signal to a process, whoever asked
 * (kill, killpg, a terminal's ^C, a hang-up, an orphaned group), comes
 * through proc_signal_from; SIGCHLD to parents through proc_notify_parent.
 * The kernel delivers them (signal_send on the process handle procd holds
 * for every process) and answers what job control asks of a process: is a
 * signal ignored or blocked there (signal_query), is it stopped
 * (process_status).
 */
#include <signal.h>

#include <motor/signal.h>
#include <motor/usyscall.h>

#include "motor/errno.h"
#include "procd.h"

int proc_signal_from(struct proc *p, int sig, int32_t sender)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (p->state == PROC_ZOMBIE)
		return 0;
	if (!p->kproc)
		return sig ? -EAGAIN : 0; /* still starting: no kernel process yet */
	long r = motor_signal_send(p->kproc, 0, sig, SI_USER, sender, 0);
	return r < 0 ? (int)r : 0;
}

int proc_signal(struct proc *p, int sig)
{
	return proc_signal_from(p, sig, 0);
}

void proc_notify_parent(struct proc *c, int code, int status)
{
	struct proc *parent = proc_by_pid(c->ppid);
	if (!parent || !parent->kproc)
		return;
	motor_signal_send(parent->kproc, 0, SIGCHLD, code, c->pid, status);
}

bool proc_sig_ignored(const struct proc *p, int sig)
{
	if (!p->kproc)
		return false;
	long q = motor_signal_query(p->kproc, sig);
	return q > 0 && (q & (MOTOR_SIGQ_IGNORED | MOTOR_SIGQ_BLOCKED));
}

bool proc_stopped(const struct proc *p)
{
	if (!p->kproc)
		return false;
	long st = motor_process_status(p->kproc);
	return st >= 0 && (st & 0xff) == 1;
}
