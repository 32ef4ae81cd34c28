/*
 * Process and system figures for ps, top and free (libposix procinfo.c):
 * what the process server and the kernel know, in one call each. The
 * records are procd's struct motor_proc_stat (<motor/proc.h>: pid, parent,
 * state, threads, memory, CPU time, start time, command line). The same data
 * is in the /proc tree in Linux's formats, for ported programs.
 *
 * A top-like loop: take two snapshots dt apart; a process's CPU% is
 * (cpu_ns now - cpu_ns before) / dt; the machine's busy share is the
 * growth of cpu_user_ns + cpu_system_ns against that plus cpu_idle_ns.
 */
#ifndef MOTOR_PROCINFO_H
#define MOTOR_PROCINFO_H

#include <stdint.h>
#include <sys/types.h>

#include <motor/proc.h>

/* One process (0: the caller). -> 0, or -1 with errno: ESRCH no such pid, ENOSYS no process
 * server, EFAULT. */
int motor_proc_stat(pid_t pid, struct motor_proc_stat *st);

/* Every process, by pid: *out gets a malloc'd array (free it). -> how many, or -1 with errno
 * (ENOMEM, ENOSYS, EFAULT). Each PROC_STATS answer (MOTOR_PROC_STATS_MAX records) is a
 * snapshot of its own: a process may come and go between two. */
int motor_proc_snapshot(struct motor_proc_stat **out);

/* The machine. CPU times are all CPUs' together, since boot. */
struct motor_sys_stat {
	uint64_t uptime_ns;
	int64_t boot_wall_ns; /* wall-clock time at boot (ns since 1970), 0 if unknown */
	uint64_t cpu_user_ns, cpu_system_ns, cpu_idle_ns;
	uint64_t switches;    /* context switches */
	uint32_t cpus;
	uint64_t mem_total_bytes, mem_free_bytes;
};
/* -> 0, or -1 with errno EFAULT. */
int motor_sys_stat(struct motor_sys_stat *s);

#endif
