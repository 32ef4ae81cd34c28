/*
 * CPU time and memory use: getrusage, times, clock, the CPU-time clocks
 * of clock_gettime (posix_cpu_clock_ns), and wait4's rusage. The caller's
 * own figures come from the kernel (process_info on itself: no server in
 * the way); its children's from the process server, which adds up the
 * children a process has waited for (and theirs) as it collects them.
 */
#include <stdbool.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

#include <motor/process_info.h>
#include <motor/proc.h>
#include <motor/timepage.h>

#include "internal.h"

static struct timeval tv_of(uint64_t ns)
{
	return (struct timeval){.tv_sec = (time_t)(ns / 1000000000u),
				.tv_usec = (suseconds_t)(ns % 1000000000u / 1000)};
}

/* The caller's own figures; user + system = cpu. */
static int self_usage(struct motor_proc_usage *u, uint64_t *thread_ns)
{
	struct motor_process_info i;
	long r = motor_process_info(0, (long)&i, sizeof(i));
	if (r < 0)
		return (int)r;
	memset(u, 0, sizeof(*u));
	u->cpu_ns = i.cpu_ns;
	motor_cpu_split(i.cpu_ns, i.user_ns, i.system_ns, &u->user_ns, &u->system_ns);
	u->peak_resident_bytes = i.peak_resident_bytes;
	if (thread_ns)
		*thread_ns = i.thread_cpu_ns;
	return 0;
}

/* The caller's waited-for descendants (the children_ fields); zeros without procd. */
static void children_usage(struct motor_proc_usage *u)
{
	struct motor_proc_stat st;
	uint64_t w[4] = {PROC_STAT, 0, 0, 0};
	struct motor_msg m = {0};
	m.rbuf = (uint64_t)&st;
	m.rlen = sizeof(st);
	if (process_call(w, &m) < 0)
		return;
	u->children_cpu_ns = st.children_cpu_ns;
	u->children_user_ns = st.children_user_ns;
	u->children_system_ns = st.children_system_ns;
	u->children_peak_resident_bytes = st.children_peak_resident_bytes;
}

void posix_rusage_fill(struct rusage *ru, const struct motor_proc_usage *u, int which)
{
	bool own = which != RUSAGE_CHILDREN, kids = which != RUSAGE_SELF;
	uint64_t user = (own ? u->user_ns : 0) + (kids ? u->children_user_ns : 0);
	uint64_t sys = (own ? u->system_ns : 0) + (kids ? u->children_system_ns : 0);
	uint64_t peak = own ? u->peak_resident_bytes : 0;
	if (kids && u->children_peak_resident_bytes > peak)
		peak = u->children_peak_resident_bytes;
	memset(ru, 0, sizeof(*ru));
	ru->ru_utime = tv_of(user);
	ru->ru_stime = tv_of(sys);
	ru->ru_maxrss = (long)(peak / 1024);
}

int getrusage(int who, struct rusage *ru)
{
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return (int)posix_ret(-EINVAL);
	if (motor_user_ok(ru, sizeof(*ru), 1))
		return (int)posix_ret(-EFAULT);
	struct motor_proc_usage u;
	uint64_t thread_ns = 0;
	int r = self_usage(&u, &thread_ns);
	if (r)
		return (int)posix_ret(r);
	if (who == RUSAGE_CHILDREN)
		children_usage(&u);
	if (who == RUSAGE_THREAD) /* no per-thread split: all of it user time */
		u.user_ns = thread_ns, u.system_ns = 0;
	posix_rusage_fill(ru, &u, who == RUSAGE_CHILDREN ? RUSAGE_CHILDREN : RUSAGE_SELF);
	return 0;
}

static clock_t ticks(uint64_t ns)
{
	return (clock_t)(ns / (1000000000u / CLK_TCK));
}

clock_t times(struct tms *t)
{
	if (t && motor_user_ok(t, sizeof(*t), 1))
		return (clock_t)posix_ret(-EFAULT);
	if (t) {
		struct motor_proc_usage u;
		int r = self_usage(&u, NULL);
		if (r)
			return (clock_t)posix_ret(r);
		children_usage(&u);
		t->tms_utime = ticks(u.user_ns);
		t->tms_stime = ticks(u.system_ns);
		t->tms_cutime = ticks(u.children_user_ns);
		t->tms_cstime = ticks(u.children_system_ns);
	}
	return ticks(motor_time_ns()); /* since boot */
}

clock_t clock(void)
{
	struct motor_process_info i;
	if (motor_process_info(0, (long)&i, sizeof(i)) < 0)
		return (clock_t)-1;
	return (clock_t)(i.cpu_ns / (1000000000u / CLOCKS_PER_SEC));
}

int posix_cpu_clock_ns(int thread, int64_t *ns)
{
	struct motor_process_info i;
	long r = motor_process_info(0, (long)&i, sizeof(i));
	if (r < 0)
		return (int)r;
	*ns = (int64_t)(thread ? i.thread_cpu_ns : i.cpu_ns);
	return 0;
}
