/* ps: every process (as `ps -e` would), from the process server's records
 * (<motor/procinfo.h>): pid, parent, group, state, terminal, memory, CPU
 * time and command line. -f adds the start time and the CPU share. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/cu.h"
#include "lib/procs.h"

static const struct cu_command cmd = {
	"Usage: %s [-eAf] [-p PID[,PID]...]\n",
	"Report a snapshot of the processes: all of them (Motor's ps has no notion\n"
	"of \"only this terminal's\").\n\n"
	"  -e, -A            every process (the default)\n"
	"  -f                full format: the start time and %CPU too\n"
	"  -p, --pid=PIDS    only these processes (comma-separated)\n"
	"      --help        display this help and exit\n\n"
	"Columns: PID, PPID, PGID, S (R running, S sleeping, T stopped, Z zombie),\n"
	"TTY, RSS (resident KiB), VSZ (virtual KiB), TIME (CPU time), CMD.\n",
	1};

#define MAX_PIDS 64

static bool wanted(pid_t pid, const pid_t *pids, int npids)
{
	if (!npids)
		return true;
	for (int i = 0; i < npids; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

static int parse_pids(const char *arg, pid_t *pids, int *npids)
{
	char copy[256];
	snprintf(copy, sizeof(copy), "%s", arg);
	for (char *tok = strtok(copy, ", "); tok; tok = strtok(NULL, ", ")) {
		long long v;
		if (cu_parse_long(tok, 1, 0x7fffffff, &v) || *npids == MAX_PIDS)
			return -1;
		pids[(*npids)++] = (pid_t)v;
	}
	return *npids ? 0 : -1;
}

int ps_main(int argc, char **argv)
{
	static const struct option longs[] = {{"pid", required_argument, NULL, 'p'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	bool full = false;
	pid_t pids[MAX_PIDS];
	int npids = 0, c;
	while ((c = cu_getopt(argc, argv, "eAfp:", longs, &cmd)) != -1) {
		if (c == 'f')
			full = true;
		else if (c == 'p' && parse_pids(optarg, pids, &npids))
			cu_bad_usage(&cmd, "invalid process id list '%s'", optarg);
	}
	if (optind < argc)
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	struct motor_proc_stat *all;
	int n = motor_proc_snapshot(&all);
	if (n < 0)
		return cu_errno("cannot read the process list");
	struct motor_sys_stat sys;
	if (motor_sys_stat(&sys))
		sys.uptime_ns = 0;
	if (full)
		printf("  PID  PPID  PGID S TTY        RSS     VSZ  %%CPU STIME     TIME CMD\n");
	else
		printf("  PID  PPID  PGID S TTY        RSS     VSZ     TIME CMD\n");
	int shown = 0;
	for (int i = 0; i < n; i++) {
		const struct motor_proc_stat *s = &all[i];
		if (!wanted(s->pid, pids, npids))
			continue;
		char tty[16], line[MOTOR_PROC_CMDLINE_MAX + 64];
		unsigned long long secs = s->cpu_ns / 1000000000u;
		printf("%5d %5d %5d %c %-8s %7llu %7llu", s->pid, s->ppid, s->pgid, (char)s->state,
		       cu_tty_name(s->tty, tty, sizeof(tty)), cu_kib(s->resident_bytes),
		       cu_kib(s->virtual_bytes));
		if (full) {
			/* The share of its life spent on a CPU, as ps's %CPU is. */
			uint64_t life = sys.uptime_ns > s->start_ns ? sys.uptime_ns - s->start_ns : 0;
			double pct = life ? 100.0 * (double)s->cpu_ns / (double)life : 0.0;
			uint64_t st = s->start_ns / 1000000000u;
			printf(" %5.1f %02llu:%02llu:%02llu", pct, (unsigned long long)(st / 3600),
			       (unsigned long long)(st / 60 % 60), (unsigned long long)(st % 60));
		}
		printf(" %2llu:%02llu:%02llu %s\n", secs / 3600, secs / 60 % 60, secs % 60,
		       cu_cmdline(s, line, sizeof(line)));
		shown++;
	}
	free(all);
	return npids && !shown ? 1 : 0; /* as procps: nothing matched the list */
}
