/*
 * The process server's calls (abi/include/motor/proc.h) and what happens
 * when a process ends: its status is kept (a zombie) until its parent
 * waits for it, its children go to init, and its parent's waiting calls are
 * answered.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <motor/handle.h>
#include <motor/ipc.h>
#include <motor/proc.h>
#include <motor/signal.h>
#include <motor/timepage.h>
#include <motor/usyscall.h>
#include <signal.h>

#include "motor/errno.h"
#include "procd.h"
#include "server/reply.h"

#define SESSION_RIGHTS (MOTOR_RIGHT_CALL | MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER)

static void answer(long result, uint64_t w1, uint64_t w2, long handle)
{
	uint64_t w[4] = {(uint64_t)result, w1, w2, 0};
	reply_words(0, w, NULL, 0, handle);
}

struct find {
	int32_t parent, pid;
	int options;
	int32_t pgid; /* the parent's group (a wait for pid 0) */
	struct proc *zombie; /* the first ended match */
	struct proc *report; /* the first stopped or continued match the options ask for */
	bool any;            /* some child matches */
};

/* Whether c's stop or continue is one a wait with these options reports. */
static bool reportable(const struct proc *c, int options)
{
	if (!c->report || c->state != PROC_RUNNING)
		return false;
	return c->report == 0xffff ? (options & WCONTINUED) != 0 : (options & WUNTRACED) != 0;
}

static void find_child(struct proc *c, void *ctx)
{
	struct find *f = ctx;
	if (c->ppid != f->parent || !group_wait_matches(c, f->pid, f->pgid))
		return;
	f->any = true;
	if (c->state == PROC_ZOMBIE && !f->zombie)
		f->zombie = c;
	if (!f->report && reportable(c, f->options))
		f->report = c;
}

/* The child a wait found and its status: a zombie's end, or a stop or continue. */
static struct proc *peek(const struct find *f, int *wstatus)
{
	struct proc *c = f->zombie ? f->zombie : f->report;
	*wstatus = f->zombie ? c->wstatus : c->report;
	return c;
}

/* The wait's answer reached its caller: the zombie's pid goes (its usage to
 * the parent's children totals), a report is used up. */
static void consume(struct proc *c)
{
	if (c->state == PROC_ZOMBIE) {
		struct proc *parent = proc_by_pid(c->ppid);
		if (parent)
			stat_collected(parent, c);
		proc_free(c);
	} else {
		c->report = 0;
	}
}

/* Answers a wait (reply 0: the call just received) that found c with its
 * status; with c's usage when the caller asked and c has ended. */
static long wait_answer(long reply, const uint64_t w[4], const struct proc *c, bool usage)
{
	bool send = usage && c && c->state == PROC_ZOMBIE;
	return reply_words(reply, w, send ? &c->usage : NULL, send ? sizeof(c->usage) : 0, 0);
}

/* Answers p's waiting calls that a child of p now satisfies, and with
 * ECHILD those no child can satisfy any more. A waiter that gave up (a
 * signal, or killed) takes nothing: the status stays for the next wait. */
static void wake_waiters(struct proc *p)
{
	struct waiter **pp = &p->waits;
	while (*pp) {
		struct waiter *w = *pp;
		struct find f = {.parent = p->pid, .pid = w->pid, .pgid = p->pgid,
				 .options = w->options};
		proc_each(find_child, &f);
		uint64_t words[4] = {(uint64_t)-ECHILD, 0, 0, 0};
		struct proc *c = NULL;
		if (f.zombie || f.report) {
			int st;
			c = peek(&f, &st);
			words[0] = 0;
			words[1] = (uint64_t)c->pid;
			words[2] = (uint64_t)st;
		} else if (f.any) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		long r = wait_answer(w->reply, words, c, w->usage);
		free(w);
		if (c && r == 0)
			consume(c);
	}
}

static void op_wait(struct proc *me, int32_t pid, uint64_t options, uint64_t usage)
{
	if (usage > 1) {
		answer(-EINVAL, 0, 0, 0);
		return;
	}
	if (options & ~(uint64_t)(WNOHANG | WUNTRACED | WCONTINUED)) {
		answer(-EINVAL, 0, 0, 0);
		return;
	}
	struct find f = {.parent = me->pid, .pid = pid, .pgid = me->pgid, .options = (int)options};
	proc_each(find_child, &f);
	if (!f.any) {
		answer(-ECHILD, 0, 0, 0);
		return;
	}
	if (f.zombie || f.report) {
		int st;
		struct proc *c = peek(&f, &st);
		uint64_t w[4] = {0, (uint64_t)c->pid, (uint64_t)st, 0};
		if (wait_answer(0, w, c, usage) == 0)
			consume(c);
		return;
	}
	if (options & WNOHANG) {
		answer(0, 0, 0, 0);
		return;
	}
	struct waiter *w = calloc(1, sizeof(*w));
	long h = w ? reply_keep() : -ENOMEM;
	if (h < 0) {
		free(w);
		answer(h, 0, 0, 0);
		return;
	}
	w->reply = h;
	w->pid = pid;
	w->options = (int)options;
	w->usage = usage;
	w->next = me->waits;
	me->waits = w;
}

static void op_new(struct proc *me)
{
	struct proc *c = proc_alloc(me->pid);
	if (!c) {
		answer(-EAGAIN, 0, 0, 0);
		return;
	}
	group_inherit(c, me);
	long h = motor_handle_dup(proc_endpoint, SESSION_RIGHTS, (long)proc_badge(c));
	if (h < 0) {
		proc_free(c);
		answer(h, 0, 0, 0);
		return;
	}
	/* A child starts as its parent's copy (fork); PROC_START may name another program. */
	memcpy(c->name, me->name, sizeof(c->name));
	memcpy(c->cmdline, me->cmdline, sizeof(c->cmdline));
	c->cmdline_len = me->cmdline_len;
	c->start_ns = motor_time_ns();
	answer(0, (uint64_t)c->pid, 0, h);
}

/* The starting child pid of me, or NULL. */
static struct proc *starting_child(struct proc *me, uint64_t pid)
{
	struct proc *c = proc_by_pid((int32_t)pid);
	return c && c->state == PROC_STARTING && c->ppid == me->pid ? c : NULL;
}

static void op_start(struct proc *me, const struct request *rq)
{
	struct proc *c = starting_child(me, rq->w[1]);
	if (!c || rq->handle <= 0) {
		/* A process nobody may start under that pid must not run on unwatched. */
		if (rq->handle > 0) {
			motor_process_kill(rq->handle, 127);
			motor_handle_close(rq->handle);
		}
		answer(!c ? -ESRCH : -EINVAL, 0, 0, 0);
		return;
	}
	if (!c->exec_kproc) /* else the exec named what runs */
		stat_set_program(c, rq->data, rq->len);
	c->kproc = rq->handle;
	if (c->exec_kproc) { /* the child ran exec before we heard of it: that one runs the pid */
		motor_handle_close(c->kproc);
		c->kproc = c->exec_kproc;
		c->exec_kproc = 0;
	}
	c->state = PROC_RUNNING;
	/* If it has ended already, the watch signals at once. */
	answer(motor_process_watch(c->kproc, proc_notify, 1), 0, 0, 0);
}

/* PROC_EXEC: the caller's pid now runs in the kernel process that came with the call. */
static void op_exec(struct proc *me, const struct request *rq)
{
	if (rq->handle <= 0) {
		answer(-EINVAL, 0, 0, 0);
		return;
	}
	stat_set_program(me, rq->data, rq->len);
	me->exited = false;
	me->execed = true;
	if (me->state == PROC_STARTING) { /* the parent's PROC_START is still to come */
		if (me->exec_kproc)
			motor_handle_close(me->exec_kproc);
		me->exec_kproc = rq->handle;
		answer(0, 0, 0, 0);
		return;
	}
	if (me->kproc) {
		motor_process_watch(me->kproc, 0, 0); /* its end is not the pid's */
		motor_handle_close(me->kproc);
	}
	me->kproc = rq->handle;
	answer(motor_process_watch(me->kproc, proc_notify, 1), 0, 0, 0);
}

struct list {
	struct motor_proc_info *out;
	size_t n, cap;
};

static void list_one(struct proc *p, void *ctx)
{
	struct list *l = ctx;
	if (l->n == l->cap)
		return;
	struct motor_proc_info *i = &l->out[l->n++];
	memset(i, 0, sizeof(*i));
	i->pid = p->pid;
	i->ppid = p->ppid;
	i->state = p->state == PROC_ZOMBIE ? 'Z' : p->state == PROC_STARTING ? 'S' : 'R';
	memcpy(i->name, p->name, sizeof(i->name) - 1);
}

static void op_list(void)
{
	static struct motor_proc_info out[PID_MAX];
	struct list l = {out, 0, PID_MAX};
	proc_each(list_one, &l);
	uint64_t w[4] = {(uint64_t)l.n, 0, 0, 0};
	reply_words(0, w, out, l.n * sizeof(out[0]), 0);
}

void serve(const struct request *rq)
{
	if (rq->badge == MOTOR_PROC_TTY_BADGE && rq->w[0] >= PROC_TTY_QUERY &&
	    rq->w[0] <= PROC_TTY_SIGNAL) {
		uint64_t w[4];
		ctty_serve(rq->w, w);
		reply_words(0, w, NULL, 0, 0);
		if (rq->handle > 0)
			motor_handle_close(rq->handle);
		return;
	}
	struct proc *me = proc_by_badge(rq->badge);
	if (!me) {
		answer(-EBADF, 0, 0, 0);
		return;
	}
	switch (rq->w[0]) {
	case PROC_NEW:
		op_new(me);
		break;
	case PROC_START:
		op_start(me, rq);
		return; /* the handle is the child's now */
	case PROC_ABORT: {
		struct proc *c = starting_child(me, rq->w[1]);
		if (c)
			proc_free(c);
		answer(c ? 0 : -ESRCH, 0, 0, 0);
		break;
	}
	case PROC_WAIT:
		op_wait(me, (int32_t)rq->w[1], rq->w[2], rq->w[3]);
		break;
	case PROC_IDS:
		answer(0, (uint64_t)me->pid, (uint64_t)me->ppid, 0);
		break;
	case PROC_EXIT:
		me->exited = true;
		me->exit_code = (int)(rq->w[1] & 0xff);
		answer(0, 0, 0, 0);
		break;
	case PROC_LIST:
		op_list();
		break;
	case PROC_KILL:
		answer(group_kill(me, (int32_t)rq->w[1], rq->w[2] < 65 ? (int)rq->w[2] : -1), 0, 0, 0);
		break;
	case PROC_SETPGID:
		answer(group_setpgid(me, (int32_t)rq->w[1], (int32_t)rq->w[2]), 0, 0, 0);
		break;
	case PROC_GETPGID: {
		int32_t pgid = 0, sid = 0;
		long r = group_getpgid(me, (int32_t)rq->w[1], &pgid, &sid);
		answer(r, (uint64_t)pgid, (uint64_t)sid, 0);
		break;
	}
	case PROC_SETSID:
		answer(group_setsid(me), 0, 0, 0);
		break;
	case PROC_EXEC:
		op_exec(me, rq);
		return; /* the handle is the pid's process now */
	case PROC_NOCLDWAIT:
		me->nocldwait = rq->w[1] != 0;
		answer(0, 0, 0, 0);
		break;
	case PROC_STAT:
		op_stat(me, rq->w[1]);
		break;
	case PROC_STATS:
		op_stats(me, rq->w[1], rq->w[2]);
		break;
	case PROC_POWER:
		op_power(me, rq->w[1]);
		break;
	default: /* the tty server's calls come only with its badge */
		answer(rq->w[0] >= PROC_TTY_QUERY && rq->w[0] <= PROC_TTY_SIGNAL ? -EPERM : -ENOSYS,
		       0, 0, 0);
	}
	if (rq->handle > 0)
		motor_handle_close(rq->handle); /* nobody asked for one */
}

/* Children of an ended process go to init; init may have zombies to take now. */
static void reparent(struct proc *c, void *ctx)
{
	const struct proc *dead = ctx;
	if (c->ppid == dead->pid && c != dead)
		c->ppid = 1;
}

/* A stop or a continue since we last looked: reported to the parent. */
static bool check_stop(struct proc *p)
{
	long st = motor_process_status(p->kproc);
	uint32_t events = st < 0 ? p->events : (uint32_t)((uint64_t)st >> 32);
	if (events == p->events)
		return false;
	p->events = events;
	if ((st & 0xff) == 1) {
		int sig = (int)((st >> 8) & 0xff);
		p->report = sig << 8 | 0x7f;
		proc_notify_parent(p, CLD_STOPPED, sig);
	} else {
		p->report = 0xffff;
		proc_notify_parent(p, CLD_CONTINUED, SIGCONT);
	}
	return true;
}

static void check_end(struct proc *p, void *ctx)
{
	bool *any = ctx;
	if (p->state != PROC_RUNNING || !p->kproc)
		return;
	long st = motor_process_wait(p->kproc, 0);
	if (st < 0) { /* still running */
		if (check_stop(p))
			*any = true;
		return;
	}
	stat_ended(p);
	motor_handle_close(p->kproc);
	p->kproc = 0;
	p->report = 0;
	if (p->exited)
		p->wstatus = (p->exit_code & 0xff) << 8;
	else if (st & MOTOR_STATUS_SIGNALED)
		p->wstatus = (int)(st & 0x7f); /* killed: by a fault or a signal */
	else
		p->wstatus = (int)(st & 0xff) << 8;
	p->state = PROC_ZOMBIE;
	/* A waiter it left behind learns nothing more. */
	for (struct waiter *w = p->waits, *n; w; w = n) {
		n = w->next;
		reply_send(w->reply, -ECHILD, NULL, 0, 0);
		free(w);
	}
	p->waits = NULL;
	group_on_exit(p);
	proc_each(reparent, p);
	if (WIFSIGNALED(p->wstatus))
		proc_notify_parent(p, CLD_KILLED, WTERMSIG(p->wstatus));
	else
		proc_notify_parent(p, CLD_EXITED, WEXITSTATUS(p->wstatus));
	*any = true;
}

static void wake_parent(struct proc *p, void *ctx)
{
	(void)ctx;
	if (p->state != PROC_ZOMBIE && !p->report)
		return;
	struct proc *parent = proc_by_pid(p->ppid);
	if (p->state == PROC_ZOMBIE && (!parent || parent->nocldwait))
		proc_free(p); /* nobody will wait for it */
	if (parent && parent->waits)
		wake_waiters(parent);
}

void reap_ended(void)
{
	bool any = false;
	proc_each(check_end, &any);
	if (any)
		proc_each(wake_parent, NULL);
}
