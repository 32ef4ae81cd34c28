/*
 * The process table: one slot per pid. New pids go up from the last one
 * given and wrap, as on Linux, so a pid is not reused at once. A session
 * badge is gen << 32 | pid; the slot's generation changes when the pid is
 * freed, so a stale session names nobody.
 */
#include <stdlib.h>
#include <string.h>

#include "procd.h"

static struct proc *table; /* PID_MAX slots, made on first use */
static int32_t last_pid, in_use, limit = PID_MAX - 1;

static bool ready(void)
{
	if (!table) {
		/* Touched whole now, so that pids going up do not look like a leak later. */
		table = malloc(PID_MAX * sizeof(*table));
		if (table)
			memset(table, 0, PID_MAX * sizeof(*table));
	}
	return table != NULL;
}

void proc_set_limit(int32_t max)
{
	limit = max > 0 && max < PID_MAX ? max : PID_MAX - 1;
}

struct proc *proc_by_pid(int32_t pid)
{
	if (!ready() || pid <= 0 || pid >= PID_MAX || table[pid].state == PROC_FREE)
		return NULL;
	return &table[pid];
}

struct proc *proc_by_badge(uint64_t badge)
{
	struct proc *p = proc_by_pid((int32_t)(badge & 0xffffffffu));
	return p && p->gen == (uint32_t)(badge >> 32) ? p : NULL;
}

uint64_t proc_badge(const struct proc *p)
{
	return (uint64_t)p->gen << 32 | (uint32_t)p->pid;
}

struct proc *proc_alloc(int32_t ppid)
{
	if (!ready() || in_use >= limit)
		return NULL;
	for (int32_t i = 1; i < PID_MAX; i++) {
		int32_t pid = (last_pid + i) % PID_MAX;
		if (pid == 0 || table[pid].state != PROC_FREE || group_pid_busy(pid))
			continue;
		struct proc *p = &table[pid];
		uint32_t gen = p->gen + 1;
		*p = (struct proc){.state = PROC_STARTING, .pid = pid, .ppid = ppid,
				   .gen = gen ? gen : 1};
		last_pid = pid;
		in_use++;
		return p;
	}
	return NULL;
}

void proc_free(struct proc *p)
{
	in_use--;
	group_forget(p);
	uint32_t gen = p->gen;
	*p = (struct proc){.gen = gen};
}

void proc_each(void (*fn)(struct proc *p, void *ctx), void *ctx)
{
	if (!ready())
		return;
	for (int32_t pid = 1; pid < PID_MAX; pid++)
		if (table[pid].state != PROC_FREE)
			fn(&table[pid], ctx);
}
