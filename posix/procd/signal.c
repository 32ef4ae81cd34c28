/*
 * Signals from the process server: kill's and SIGCHLD. The kernel delivers
 * them (signal_send on the process handle procd holds for every process).
 */
#include <signal.h>

#include <motor/errno.h>
#include <motor/usyscall.h>

#include "procd.h"

int proc_signal_from(struct proc *p, int sig, int32_t sender)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	if (!p->kproc)
		return sig ? -EAGAIN : 0; /* not started yet */
	return (int)motor_signal_send(p->kproc, 0, sig, SI_USER, sender, 0);
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
