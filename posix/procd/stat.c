/*
 * What ps and top read (PROC_STAT, PROC_STATS): a struct motor_proc_stat
 * per process, from the table (pid, parent, command line, start time) and
 * the kernel's process_info on the process's handle (state, threads, CPU
 * time, memory). A zombie's figures are kept when it ends (stat_ended), and
 * go to its parent's children totals when the parent collects it.
 */
#include <string.h>

#include <motor/process_info.h>
#include <motor/usyscall.h>

#include "motor/errno.h"
#include "procd.h"
#include "server/reply.h"

void stat_set_program(struct proc *p, const char *data, size_t len)
{
	size_t n = strnlen(data, len < sizeof(p->name) - 1 ? len : sizeof(p->name) - 1);
	memcpy(p->name, data, n);
	p->name[n] = '\0';
	const char *nul = memchr(data, '\0', len);
	if (!nul)
		return; /* no command line: the one it has stays (fork's, its parent's) */
	size_t at = (size_t)(nul + 1 - data), cl = len - at;
	if (cl > sizeof(p->cmdline))
		cl = sizeof(p->cmdline);
	memcpy(p->cmdline, data + at, cl);
	if (cl && p->cmdline[cl - 1] != '\0') {
		/* Cut, or sent without its last NUL: the last argument ends here. */
		if (cl == sizeof(p->cmdline))
			cl--;
		p->cmdline[cl++] = '\0';
	}
	p->cmdline_len = (uint32_t)cl;
}

/* The kernel's figures for p: its handle, or process 0 for procd itself. */
static bool kernel_info(const struct proc *p, struct motor_process_info *ki)
{
	memset(ki, 0, sizeof(*ki));
	if (!p->self && !p->kproc)
		return false; /* starting: the parent has not handed it over yet */
	return motor_process_info(p->self ? 0 : p->kproc, (long)ki, sizeof(*ki)) > 0;
}

void stat_ended(struct proc *p)
{
	struct motor_process_info ki;
	if (!kernel_info(p, &ki))
		return;
	p->usage.cpu_ns = ki.cpu_ns;
	motor_cpu_split(ki.cpu_ns, ki.user_ns, ki.system_ns, &p->usage.user_ns, &p->usage.system_ns);
	p->usage.peak_resident_bytes = ki.peak_resident_bytes;
}

void stat_collected(struct proc *parent, const struct proc *c)
{
	struct motor_proc_usage *u = &parent->usage;
	const struct motor_proc_usage *cu = &c->usage;
	u->children_cpu_ns += cu->cpu_ns + cu->children_cpu_ns;
	u->children_user_ns += cu->user_ns + cu->children_user_ns;
	u->children_system_ns += cu->system_ns + cu->children_system_ns;
	uint64_t peak = cu->peak_resident_bytes > cu->children_peak_resident_bytes
				? cu->peak_resident_bytes
				: cu->children_peak_resident_bytes;
	if (peak > u->children_peak_resident_bytes)
		u->children_peak_resident_bytes = peak;
}

/* The caller waits for this answer, but it is running as far as it can tell. */
static char state_letter(const struct proc *p, const struct motor_process_info *ki, bool known,
			 const struct proc *caller)
{
	if (p->state == PROC_ZOMBIE)
		return 'Z';
	if (proc_stopped(p))
		return 'T'; /* a stop signal parked it (SIGCONT goes on) */
	if (known && ki->state == MOTOR_PROCESS_BLOCKED && p != caller)
		return 'S';
	return 'R'; /* running or ready, or starting (a fork child runs at once) */
}

static void fill(const struct proc *p, struct motor_proc_stat *s, const struct proc *caller)
{
	memset(s, 0, sizeof(*s));
	struct motor_process_info ki;
	bool known = p->state != PROC_ZOMBIE && kernel_info(p, &ki);
	s->size = sizeof(*s);
	s->pid = p->pid;
	s->ppid = p->ppid;
	s->pgid = p->pgid;
	s->sid = p->sid;
	s->tty = (int32_t)ctty_dev_of(p);
	s->state = (uint32_t)state_letter(p, &ki, known, caller);
	s->start_ns = p->start_ns ? p->start_ns : ki.start_ns; /* init's, procd's: the kernel's */
	s->cmdline_len = p->cmdline_len;
	memcpy(s->name, p->name, sizeof(s->name));
	memcpy(s->cmdline, p->cmdline, sizeof(s->cmdline));
	s->children_cpu_ns = p->usage.children_cpu_ns;
	s->children_user_ns = p->usage.children_user_ns;
	s->children_system_ns = p->usage.children_system_ns;
	s->children_peak_resident_bytes = p->usage.children_peak_resident_bytes;
	if (known) {
		s->threads = ki.threads;
		s->resident_bytes = ki.resident_bytes;
		s->peak_resident_bytes = ki.peak_resident_bytes;
		s->virtual_bytes = ki.virtual_bytes;
		s->cpu_ns = ki.cpu_ns;
		motor_cpu_split(ki.cpu_ns, ki.user_ns, ki.system_ns, &s->user_ns, &s->system_ns);
	} else if (p->state == PROC_ZOMBIE) {
		s->cpu_ns = p->usage.cpu_ns;
		s->user_ns = p->usage.user_ns;
		s->system_ns = p->usage.system_ns;
		s->peak_resident_bytes = p->usage.peak_resident_bytes;
	}
}

void op_stat(struct proc *me, uint64_t pid)
{
	struct proc *p = pid == 0 ? me : pid < PID_MAX ? proc_by_pid((int32_t)pid) : NULL;
	if (!p) {
		reply_send(0, -ESRCH, NULL, 0, 0);
		return;
	}
	struct motor_proc_stat s;
	fill(p, &s, me);
	reply_send(0, 0, &s, sizeof(s), 0);
}

void op_stats(struct proc *me, uint64_t from, uint64_t max)
{
	static struct motor_proc_stat out[MOTOR_PROC_STATS_MAX];
	if (from < 1 || max < 1 || max > MOTOR_PROC_STATS_MAX) {
		reply_send(0, -EINVAL, NULL, 0, 0);
		return;
	}
	uint64_t n = 0, next = 0;
	for (uint64_t pid = from; pid < PID_MAX; pid++) {
		struct proc *p = proc_by_pid((int32_t)pid);
		if (!p)
			continue;
		if (n == max) {
			next = pid;
			break;
		}
		fill(p, &out[n++], me);
	}
	uint64_t w[4] = {0, n, next, 0};
	reply_words(0, w, out, n * sizeof(out[0]), 0);
}
