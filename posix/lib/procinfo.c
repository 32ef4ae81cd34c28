/*
 * ps, top and free's data (<motor/procinfo.h>): process records from the
 * process server (PROC_STAT, PROC_STATS, asked page by page), the
 * machine's figures from the kernel (sys_info) and the time page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <motor/procinfo.h>
#include <motor/timepage.h>

#include "internal.h"

int motor_proc_stat(pid_t pid, struct motor_proc_stat *st)
{
	if (motor_user_ok(st, sizeof(*st), 1))
		return (int)posix_ret(-EFAULT);
	if (pid < 0)
		return (int)posix_ret(-ESRCH);
	uint64_t w[4] = {PROC_STAT, (uint64_t)pid, 0, 0};
	struct motor_msg m = {0};
	memset(st, 0, sizeof(*st));
	m.rbuf = (uint64_t)st;
	m.rlen = sizeof(*st);
	long r = process_call(w, &m);
	return (int)posix_ret(r < 0 ? r : 0);
}

int motor_proc_snapshot(struct motor_proc_stat **out)
{
	if (motor_user_ok(out, sizeof(*out), 1))
		return (int)posix_ret(-EFAULT);
	struct motor_proc_stat *all = NULL;
	size_t n = 0, cap = 0;
	uint64_t from = 1;
	while (from) {
		if (cap - n < MOTOR_PROC_STATS_MAX) {
			struct motor_proc_stat *more =
				realloc(all, (cap + 4 * MOTOR_PROC_STATS_MAX) * sizeof(*all));
			if (!more) {
				free(all);
				return (int)posix_ret(-ENOMEM);
			}
			all = more;
			cap += 4 * MOTOR_PROC_STATS_MAX;
		}
		uint64_t w[4] = {PROC_STATS, from, MOTOR_PROC_STATS_MAX, 0};
		struct motor_msg m = {0};
		m.rbuf = (uint64_t)(all + n);
		m.rlen = MOTOR_PROC_STATS_MAX * sizeof(*all);
		long r = process_call(w, &m);
		if (r < 0) {
			free(all);
			return (int)posix_ret(r);
		}
		n += w[1] <= MOTOR_PROC_STATS_MAX ? w[1] : 0;
		from = w[2];
	}
	*out = all;
	return (int)n;
}

int motor_sys_stat(struct motor_sys_stat *s)
{
	if (motor_user_ok(s, sizeof(*s), 1))
		return (int)posix_ret(-EFAULT);
	const struct motor_time_page *tp = (const struct motor_time_page *)MOTOR_TIME_PAGE;
	*s = (struct motor_sys_stat){
		.uptime_ns = motor_time_ns(),
		.boot_wall_ns = tp->wall_base_ns,
		.cpu_user_ns = (uint64_t)motor_sys_info(MOTOR_INFO_CPU_USER_NS),
		.cpu_system_ns = (uint64_t)motor_sys_info(MOTOR_INFO_CPU_SYSTEM_NS),
		.cpu_idle_ns = (uint64_t)motor_sys_info(MOTOR_INFO_CPU_IDLE_NS),
		.switches = (uint64_t)motor_sys_info(MOTOR_INFO_SWITCHES),
		.cpus = (uint32_t)motor_sys_info(MOTOR_INFO_CPUS),
		.mem_total_bytes = (uint64_t)motor_sys_info(MOTOR_INFO_TOTAL_PAGES) * 4096,
		.mem_free_bytes = (uint64_t)motor_sys_info(MOTOR_INFO_FREE_PAGES) * 4096,
	};
	return 0;
}
