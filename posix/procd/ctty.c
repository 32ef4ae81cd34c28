/*
 * Controlling terminals, kept here because they belong to sessions: which
 * session a terminal controls and its foreground process group. The tty
 * server asks (PROC_TTY_* in motor/proc.h, from its own badge only) when a
 * process opens a terminal, reads or writes its controlling terminal from
 * the background, changes the foreground group, or types a signal
 * character; procd never calls the tty server, so neither can wait on the
 * other.
 *
 * A process's controlling terminal is its session's, unless it gave it up
 * (TIOCNOTTY: noctty). When a session leader ends, its terminal is hung up:
 * SIGHUP to the foreground group, and the terminal controls nothing more.
 *
 * Entry points: ctty_serve, ctty_leader_exit (procd.h).
 */
#include <signal.h>

#include <motor/proc.h>

#include "motor/errno.h"
#include "procd.h"

#define CTTY_MAX 256 /* terminals controlling a session at once */

struct ctty {
	uint32_t dev; /* 0: a free slot */
	int32_t sid;  /* the session it controls */
	int32_t fg;   /* its foreground process group */
};

static struct ctty cttys[CTTY_MAX];

static struct ctty *by_dev(uint64_t dev)
{
	for (int i = 0; dev && i < CTTY_MAX; i++)
		if (cttys[i].dev == dev)
			return &cttys[i];
	return NULL;
}

static struct ctty *by_sid(int32_t sid)
{
	for (int i = 0; i < CTTY_MAX; i++)
		if (cttys[i].dev && cttys[i].sid == sid)
			return &cttys[i];
	return NULL;
}

/* p's controlling terminal, or NULL. */
static struct ctty *ctty_of(const struct proc *p)
{
	return p && !p->noctty && p->state != PROC_ZOMBIE ? by_sid(p->sid) : NULL;
}

uint32_t ctty_dev_of(const struct proc *p)
{
	struct ctty *c = ctty_of(p);
	return c ? c->dev : 0;
}

/* Whether p is in the background of its controlling terminal dev. */
static bool background(const struct proc *p, uint64_t dev)
{
	struct ctty *c = ctty_of(p);
	return c && c->dev == dev && p->pgid != c->fg;
}

/* SIGHUP and SIGCONT to dev's foreground group and its session leader; dev then controls none. */
static void hang_up(struct ctty *c)
{
	struct proc *leader = proc_by_pid(c->sid);
	group_signal(c->fg, SIGHUP);
	group_signal(c->fg, SIGCONT);
	if (leader && leader->pgid != c->fg && leader->sid == c->sid) {
		proc_signal(leader, SIGHUP);
		proc_signal(leader, SIGCONT);
	}
	*c = (struct ctty){0};
}

void ctty_leader_exit(const struct proc *leader)
{
	struct ctty *c = by_sid(leader->sid);
	if (!c)
		return;
	group_signal(c->fg, SIGHUP);
	*c = (struct ctty){0};
}

/* The check before a background process reads (SIGTTIN) or writes (SIGTTOU). */
static long check(struct proc *p, uint64_t dev, int sig)
{
	if (!p || !background(p, dev))
		return 0;
	if (proc_sig_ignored(p, sig))
		return sig == SIGTTOU ? 0 : -EIO;
	if (group_orphaned(p->pgid, NULL))
		return -EIO;
	group_signal(p->pgid, sig);
	return -EINTR;
}

static long take(struct proc *p, uint64_t dev, uint64_t how)
{
	struct ctty *mine = ctty_of(p), *owner = by_dev(dev);
	bool leader = p && p->pid == p->sid;

	if (how == PROC_CTTY_OPEN) {
		if (!leader || mine || owner || dev > UINT32_MAX)
			return 0;
	} else {
		if (leader && mine && mine == owner)
			return 0; /* already its terminal */
		if (!leader || mine || dev > UINT32_MAX)
			return -EPERM;
		if (owner && how != PROC_CTTY_STEAL)
			return -EPERM;
		if (owner)
			*owner = (struct ctty){0}; /* stolen: that session has none now */
	}
	struct ctty *c = NULL;
	for (int i = 0; !c && i < CTTY_MAX; i++)
		if (!cttys[i].dev)
			c = &cttys[i];
	if (!c)
		return how == PROC_CTTY_OPEN ? 0 : -ENOMEM;
	*c = (struct ctty){.dev = (uint32_t)dev, .sid = p->sid, .fg = p->pgid};
	p->noctty = false;
	return how == PROC_CTTY_OPEN ? 1 : 0;
}

static long drop(struct proc *p, uint64_t dev)
{
	struct ctty *c = ctty_of(p);
	if (!c || c->dev != dev)
		return -ENOTTY;
	if (p->pid == p->sid)
		hang_up(c);
	else
		p->noctty = true;
	return 0;
}

static long set_fg(struct proc *p, uint64_t dev, int64_t pgid)
{
	struct ctty *c = ctty_of(p);
	if (!c || c->dev != dev)
		return -ENOTTY;
	long r = check(p, dev, SIGTTOU);
	if (r)
		return r;
	if (pgid < 0 || pgid >= PID_MAX)
		return pgid < 0 ? -EINVAL : -ESRCH;
	struct proc *any = NULL;
	for (int32_t pid = 1; pid < PID_MAX && !any; pid++) {
		struct proc *q = proc_by_pid(pid);
		if (q && q->pgid == pgid && q->state != PROC_ZOMBIE)
			any = q;
	}
	if (!any)
		return -ESRCH;
	if (any->sid != c->sid)
		return -EPERM;
	c->fg = (int32_t)pgid;
	return 0;
}

void ctty_serve(const uint64_t req[4], uint64_t w[4])
{
	struct proc *p = proc_by_pid((int32_t)req[1]);
	uint64_t dev = req[2];
	struct ctty *c;
	long r = 0;

	w[1] = w[2] = w[3] = 0;
	switch (req[0]) {
	case PROC_TTY_QUERY:
		c = ctty_of(p);
		w[1] = c ? c->dev : 0;
		c = by_dev(dev);
		w[2] = c ? (uint64_t)c->fg : 0;
		w[3] = c ? (uint64_t)c->sid : 0;
		break;
	case PROC_TTY_CTTY:
		if (!p)
			r = -ESRCH;
		else
			r = req[3] == PROC_CTTY_DROP ? drop(p, dev) : req[3] <= PROC_CTTY_STEAL
				? take(p, dev, req[3]) : -EINVAL;
		break;
	case PROC_TTY_SETPGRP:
		r = p ? set_fg(p, dev, (int64_t)req[3]) : -ESRCH;
		break;
	case PROC_TTY_CHECK:
		r = req[3] == SIGTTIN || req[3] == SIGTTOU ? check(p, dev, (int)req[3]) : -EINVAL;
		break;
	case PROC_TTY_SIGNAL:
		/* req[1] is the terminal here, req[2] the signal. */
		c = by_dev(req[1]);
		if (req[2] >= 65)
			r = -EINVAL;
		else if (c && req[3] == 1)
			hang_up(c);
		else if (c)
			group_signal(c->fg, (int)req[2]);
		break;
	default:
		r = -ENOSYS;
	}
	w[0] = (uint64_t)r;
}
