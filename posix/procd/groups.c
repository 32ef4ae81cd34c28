/*
 * Process groups and sessions: each process has a group id and a session
 * id (struct proc pgid, sid). A child starts in its parent's; setpgid moves
 * a process between groups of one session; setsid makes the caller lead a
 * new session and group. A pid stays out of use while a group or session
 * bears its number (group_pid_busy), as POSIX asks.
 *
 * Signals to groups (kill with pid 0, -1, < -1) go to each member through
 * proc_signal. When a process ends, the groups that its end orphans (no
 * member has a parent in another group of the same session any more) get
 * SIGHUP then SIGCONT if any member is stopped, and a session leader's
 * controlling terminal is hung up (ctty.c).
 *
 * The process table is small (PID_MAX) and groups are found by walking it.
 */
#include <signal.h>
#include <string.h>

#include "motor/errno.h"
#include "procd.h"

/* How many processes (zombies too) have each number as group or session id. */
static uint16_t refs[PID_MAX];

static void ref(int32_t id, int d)
{
	if (id > 0 && id < PID_MAX)
		refs[id] = (uint16_t)(refs[id] + d);
}

void group_inherit(struct proc *c, const struct proc *parent)
{
	c->pgid = parent ? parent->pgid : c->pid;
	c->sid = parent ? parent->sid : c->pid;
	c->noctty = parent && parent->noctty;
	ref(c->pgid, 1);
	ref(c->sid, 1);
}

void group_forget(const struct proc *p)
{
	ref(p->pgid, -1);
	ref(p->sid, -1);
}

bool group_pid_busy(int32_t pid)
{
	return pid > 0 && pid < PID_MAX && refs[pid] != 0;
}

bool group_wait_matches(const struct proc *c, int32_t pid, int32_t pgid)
{
	if (pid == 0)
		return c->pgid == pgid;
	return pid == -1 || c->pid == pid || (pid < -1 && (int64_t)c->pgid == -(int64_t)pid);
}

static void move_to_group(struct proc *p, int32_t pgid)
{
	ref(p->pgid, -1);
	ref(pgid, 1);
	p->pgid = pgid;
}

/* ---- finding members ---- */

struct scan {
	int32_t pgid, sid; /* what to match (0: any) */
	const struct proc *skip;
	int found;
};

static void count_member(struct proc *p, void *ctx)
{
	struct scan *s = ctx;
	if (p != s->skip && (!s->pgid || p->pgid == s->pgid) && (!s->sid || p->sid == s->sid))
		s->found++;
}

/* How many processes (zombies too) are in group pgid (of session sid, if not 0). */
static int members(int32_t pgid, int32_t sid)
{
	struct scan s = {.pgid = pgid, .sid = sid};
	proc_each(count_member, &s);
	return s.found;
}

/* ---- signals to groups ---- */

struct sending {
	int32_t pgid;
	int sig;
	const struct proc *except; /* kill(-1): the caller; its own signal comes last */
	bool all;                  /* kill(-1): every process outside init's session */
	int32_t from;              /* the sender's pid (siginfo's si_pid), 0: procd's own */
	int found;
};

static void send_one(struct proc *p, void *ctx)
{
	struct sending *s = ctx;
	bool in = s->all ? p->sid != 1 && p->pid != 1 : p->pgid == s->pgid;
	if (!in || p == s->except)
		return;
	s->found++;
	if (p->state == PROC_RUNNING)
		proc_signal_from(p, s->sig, s->from); /* a starting one gets nothing: no process yet */
}

int group_signal(int32_t pgid, int sig)
{
	struct sending s = {.pgid = pgid, .sig = sig};
	if (pgid <= 0)
		return 0;
	proc_each(send_one, &s);
	return s.found;
}

long group_kill(struct proc *me, int32_t pid, int sig)
{
	if (sig < 0 || sig >= 65)
		return -EINVAL;
	if (pid > 0) {
		struct proc *t = proc_by_pid(pid);
		if (!t)
			return -ESRCH;
		return t->state == PROC_ZOMBIE ? 0 : proc_signal_from(t, sig, me->pid);
	}
	if (pid == INT32_MIN)
		return -ESRCH;
	/* The caller is signalled last: the others must have theirs if it ends. */
	struct sending s = {.sig = sig, .except = me, .all = pid == -1,
			    .pgid = pid == 0 ? me->pgid : -pid, .from = me->pid};
	proc_each(send_one, &s);
	bool me_too = !s.all && me->pgid == s.pgid;
	if (!s.found && !me_too)
		return -ESRCH;
	if (me_too)
		proc_signal_from(me, sig, me->pid);
	return 0;
}

/* ---- orphaned process groups ---- */

struct orphan_scan {
	int32_t pgid;
	const struct proc *gone;
	bool linked; /* some member has a parent in another group of its session */
};

static void check_link(struct proc *p, void *ctx)
{
	struct orphan_scan *o = ctx;
	if (o->linked || p->pgid != o->pgid || p == o->gone || p->state == PROC_ZOMBIE)
		return;
	struct proc *parent = proc_by_pid(p->ppid);
	if (parent && parent != o->gone && parent->state != PROC_ZOMBIE &&
	    parent->pgid != o->pgid && parent->sid == p->sid)
		o->linked = true;
}

bool group_orphaned(int32_t pgid, const struct proc *gone)
{
	struct orphan_scan o = {.pgid = pgid, .gone = gone};
	proc_each(check_link, &o);
	return !o.linked;
}

struct stopped_scan {
	int32_t pgid;
	bool any;
};

static void check_stopped(struct proc *p, void *ctx)
{
	struct stopped_scan *s = ctx;
	if (p->pgid == s->pgid && p->state == PROC_RUNNING && proc_stopped(p))
		s->any = true;
}

/* dead was a link of group pgid to its session: if no more, and it has stopped members. */
static void orphan_check(int32_t pgid, const struct proc *dead)
{
	struct stopped_scan s = {.pgid = pgid};
	if (!group_orphaned(pgid, dead))
		return;
	proc_each(check_stopped, &s);
	if (s.any) {
		group_signal(pgid, SIGHUP);
		group_signal(pgid, SIGCONT);
	}
}

static void check_child_group(struct proc *c, void *ctx)
{
	const struct proc *dead = ctx;
	if (c->ppid == dead->pid && c != dead && c->state != PROC_ZOMBIE &&
	    c->pgid != dead->pgid && c->sid == dead->sid)
		orphan_check(c->pgid, dead);
}

void group_on_exit(struct proc *dead)
{
	struct proc *parent = proc_by_pid(dead->ppid);
	if (parent && parent->pgid != dead->pgid && parent->sid == dead->sid)
		orphan_check(dead->pgid, dead);
	proc_each(check_child_group, dead);
	if (dead->pid == dead->sid)
		ctty_leader_exit(dead);
}

/* ---- the calls ---- */

long group_setpgid(struct proc *me, int32_t pid, int32_t pgid)
{
	if (pgid < 0)
		return -EINVAL;
	struct proc *t = pid == 0 ? me : proc_by_pid(pid);
	if (pid < 0 || !t || t->state == PROC_ZOMBIE || (t != me && t->ppid != me->pid))
		return -ESRCH;
	if (t != me && t->sid != me->sid)
		return -EPERM;
	if (t != me && t->execed)
		return -EACCES;
	if (t->pid == t->sid)
		return -EPERM; /* a session leader stays in its group */
	if (pgid == 0)
		pgid = t->pid;
	if (pgid != t->pid && !members(pgid, me->sid))
		return -EPERM;
	move_to_group(t, pgid);
	return 0;
}

long group_getpgid(struct proc *me, int32_t pid, int32_t *pgid, int32_t *sid)
{
	struct proc *t = pid == 0 ? me : proc_by_pid(pid);
	if (pid < 0 || !t)
		return -ESRCH;
	*pgid = t->pgid;
	*sid = t->sid;
	return 0;
}

long group_setsid(struct proc *me)
{
	if (members(me->pid, 0))
		return -EPERM; /* it leads a group, or a group bears its number */
	move_to_group(me, me->pid);
	ref(me->sid, -1);
	ref(me->pid, 1);
	me->sid = me->pid;
	me->noctty = false;
	return me->pid;
}
