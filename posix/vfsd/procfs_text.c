/*
 * The text of /proc's files, in Linux's formats (proc(5)) as far as Motor
 * has the figures; what it does not have reads as 0 (page faults, nice,
 * signals, addresses, load averages). Clock ticks are sysconf(_SC_CLK_TCK)
 * (CLK_TCK), as programs that read these files expect. Process figures come
 * from the process server (motor_proc_stat, motor_proc_snapshot), the
 * machine's from the kernel (motor_sys_stat).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <motor/procinfo.h>

#include "motor/errno.h"
#include "namespace.h"
#include "procfs.h"

#define COMM_MAX 15 /* Linux's TASK_COMM_LEN - 1: what ps shows as the name */
#define KIB(bytes) ((unsigned long long)((bytes) / 1024))
#define PAGES(bytes) ((unsigned long long)((bytes) / 4096))

/* Appends to buf at *at (never past cap; the text is cut if it does not fit). */
static void put(char *buf, size_t cap, size_t *at, const char *fmt, ...)
{
	if (*at >= cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *at, cap - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += (size_t)n < cap - *at ? (size_t)n : cap - *at - 1;
}

static unsigned long long ticks(uint64_t ns)
{
	return ns / (1000000000u / CLK_TCK);
}

static const char *state_name(uint32_t s)
{
	switch (s) {
	case 'R':
		return "running";
	case 'S':
		return "sleeping";
	case 'T':
		return "stopped";
	case 'Z':
		return "zombie";
	}
	return "unknown";
}

static size_t pid_stat(const struct motor_proc_stat *s, char *buf, size_t cap)
{
	size_t at = 0;
	/* Fields 1-24: pid (comm) state ppid pgrp session tty_nr tpgid flags minflt
	 * cminflt majflt cmajflt utime stime cutime cstime priority nice num_threads
	 * itrealvalue starttime vsize rss */
	put(buf, cap, &at, "%d (%.*s) %c %d %d %d %d %d 0 0 0 0 0 %llu %llu %llu %llu 20 0 %u 0 %llu %llu %llu",
	    s->pid, COMM_MAX, s->name, (char)s->state, s->ppid, s->pgid, s->sid, s->tty,
	    s->tty ? s->pgid : -1, ticks(s->user_ns), ticks(s->system_ns),
	    ticks(s->children_user_ns), ticks(s->children_system_ns), s->threads,
	    ticks(s->start_ns), (unsigned long long)s->virtual_bytes, PAGES(s->resident_bytes));
	/* 25 rsslim, 26-37 addresses, signals, wchan, nswap (0), 38 exit_signal
	 * (SIGCHLD), 39 processor, 40-52 priorities, delays, addresses, exit code. */
	put(buf, cap, &at, " 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
	return at;
}

static size_t pid_status(const struct motor_proc_stat *s, char *buf, size_t cap)
{
	size_t at = 0;
	put(buf, cap, &at, "Name:\t%.*s\nState:\t%c (%s)\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n", COMM_MAX,
	    s->name, (char)s->state, state_name(s->state), s->pid, s->pid, s->ppid);
	put(buf, cap, &at, "TracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", s->uid,
	    s->uid, s->uid, s->uid, s->gid, s->gid, s->gid, s->gid);
	if (s->state != 'Z')
		put(buf, cap, &at, "VmSize:\t%8llu kB\nVmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\n",
		    KIB(s->virtual_bytes), KIB(s->peak_resident_bytes), KIB(s->resident_bytes));
	put(buf, cap, &at, "Threads:\t%u\n", s->threads);
	return at;
}

static size_t pid_statm(const struct motor_proc_stat *s, char *buf, size_t cap)
{
	size_t at = 0;
	put(buf, cap, &at, "%llu %llu 0 0 0 0 0\n", PAGES(s->virtual_bytes), PAGES(s->resident_bytes));
	return at;
}

static size_t pid_cmdline(const struct motor_proc_stat *s, char *buf, size_t cap)
{
	if (s->state == 'Z')
		return 0; /* as on Linux */
	size_t n = s->cmdline_len < sizeof(s->cmdline) ? s->cmdline_len : sizeof(s->cmdline);
	n = n < cap ? n : cap;
	memcpy(buf, s->cmdline, n);
	return n;
}

static size_t meminfo(char *buf, size_t cap)
{
	struct motor_sys_stat m;
	motor_sys_stat(&m);
	size_t at = 0;
	put(buf, cap, &at, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\nMemAvailable:   %8llu kB\n",
	    KIB(m.mem_total_bytes), KIB(m.mem_free_bytes), KIB(m.mem_free_bytes));
	put(buf, cap, &at, "Buffers:               0 kB\nCached:                0 kB\n"
			   "SwapCached:            0 kB\nSwapTotal:             0 kB\n"
			   "SwapFree:              0 kB\n");
	return at;
}

static size_t uptime(char *buf, size_t cap)
{
	struct motor_sys_stat m;
	motor_sys_stat(&m);
	size_t at = 0;
	uint64_t up = m.uptime_ns / 10000000, idle = m.cpu_idle_ns / 10000000; /* 1/100 s */
	put(buf, cap, &at, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(up / 100),
	    (unsigned long long)(up % 100), (unsigned long long)(idle / 100),
	    (unsigned long long)(idle % 100));
	return at;
}

/* How many processes are running, and in all; the highest pid. */
static void counts(unsigned *running, unsigned *total, int *last)
{
	struct motor_proc_stat *all;
	int n = motor_proc_snapshot(&all);
	*running = *total = 0;
	*last = 0;
	for (int i = 0; i < n; i++) {
		*running += all[i].state == 'R';
		*total += 1;
		*last = all[i].pid;
	}
	if (n >= 0)
		free(all);
}

static size_t cpu_stat(char *buf, size_t cap)
{
	struct motor_sys_stat m;
	motor_sys_stat(&m);
	unsigned running, total;
	int last;
	counts(&running, &total, &last);
	size_t at = 0;
	/* cpu: user nice system idle iowait irq softirq steal guest guest_nice (all CPUs) */
	put(buf, cap, &at, "cpu  %llu 0 %llu %llu 0 0 0 0 0 0\n", ticks(m.cpu_user_ns),
	    ticks(m.cpu_system_ns), ticks(m.cpu_idle_ns));
	put(buf, cap, &at, "ctxt %llu\nbtime %lld\nprocs_running %u\nprocs_blocked 0\n",
	    (unsigned long long)m.switches, (long long)(m.boot_wall_ns / 1000000000), running);
	return at;
}

static size_t loadavg(char *buf, size_t cap)
{
	unsigned running, total;
	int last;
	counts(&running, &total, &last);
	size_t at = 0;
	/* Load averages are not computed (yet): 0.00. */
	put(buf, cap, &at, "0.00 0.00 0.00 %u/%u %d\n", running, total, last);
	return at;
}

/* The namespace's "source path type ro|rw" lines with Linux's two zeros added. */
static size_t mounts(char *buf, size_t cap)
{
	static char lines[4096];
	size_t n = ns_mounts(lines, sizeof(lines) - 1), at = 0;
	lines[n] = '\0';
	for (char *l = lines, *e; *l; l = e + 1) {
		e = strchr(l, '\n');
		if (!e)
			break;
		put(buf, cap, &at, "%.*s 0 0\n", (int)(e - l), l);
	}
	return at;
}

long procfs_text(enum procfs_file f, int32_t pid, char *buf, size_t cap)
{
	struct motor_proc_stat s;
	if (f <= PROCFS_CMDLINE && motor_proc_stat(pid, &s) < 0)
		return -ENOENT;
	switch (f) {
	case PROCFS_STAT:
		return (long)pid_stat(&s, buf, cap);
	case PROCFS_STATUS:
		return (long)pid_status(&s, buf, cap);
	case PROCFS_STATM:
		return (long)pid_statm(&s, buf, cap);
	case PROCFS_CMDLINE:
		return (long)pid_cmdline(&s, buf, cap);
	case PROCFS_MEMINFO:
		return (long)meminfo(buf, cap);
	case PROCFS_UPTIME:
		return (long)uptime(buf, cap);
	case PROCFS_CPUSTAT:
		return (long)cpu_stat(buf, cap);
	case PROCFS_LOADAVG:
		return (long)loadavg(buf, cap);
	case PROCFS_MOUNTS:
		return (long)mounts(buf, cap);
	}
	return -ENOENT;
}
