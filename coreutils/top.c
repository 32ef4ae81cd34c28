/* top: a live view of the processes, busiest first, redrawn every DELAY
 * seconds from two snapshots of the process server's records (CPU% is the
 * CPU time a process used between them over the time between them, as
 * Linux's top counts it: 100% is one CPU). q quits (the terminal is put in
 * non-canonical mode meanwhile and restored after); -b writes plain
 * frames without redrawing, -n N stops after N frames. */
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "lib/cu.h"
#include "lib/procs.h"

static const struct cu_command cmd = {
	"Usage: %s [-b] [-d SECONDS] [-n FRAMES]\n",
	"Display the processes, busiest first, refreshed until q is typed.\n\n"
	"  -b             batch mode: plain frames one after another, no keys read\n"
	"  -d SECONDS     the time between frames (default 2; fractions allowed)\n"
	"  -n FRAMES      stop after this many frames\n"
	"      --help     display this help and exit\n\n"
	"Keys: q quits.\n",
	1};

struct row {
	const struct motor_proc_stat *s;
	double cpu; /* % of one CPU since the frame before */
};

static struct termios saved;
static bool raw;

static void restore(void)
{
	if (raw)
		tcsetattr(0, TCSANOW, &saved);
	raw = false;
}

static void on_signal(int sig)
{
	restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int by_cpu(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? 1 : -1;
	return x->s->pid - y->s->pid;
}

/* CPU time pid used before, from the previous snapshot (0 if it is new there). */
static uint64_t before(const struct motor_proc_stat *prev, int nprev,
		       const struct motor_proc_stat *s)
{
	for (int i = 0; i < nprev; i++)
		if (prev[i].pid == s->pid && prev[i].start_ns == s->start_ns)
			return prev[i].cpu_ns;
	return 0;
}

static void frame(bool batch, const struct motor_sys_stat *s0, const struct motor_sys_stat *s1,
		  const struct motor_proc_stat *prev, int nprev, const struct motor_proc_stat *cur,
		  int ncur, int lines)
{
	uint64_t busy = (s1->cpu_user_ns + s1->cpu_system_ns) - (s0->cpu_user_ns + s0->cpu_system_ns);
	uint64_t all = busy + (s1->cpu_idle_ns - s0->cpu_idle_ns);
	uint64_t wall = s1->uptime_ns - s0->uptime_ns;
	int running = 0, sleeping = 0, stopped = 0, zombies = 0;
	struct row *rows = calloc((size_t)ncur + 1, sizeof(*rows));
	if (!rows)
		return;
	for (int i = 0; i < ncur; i++) {
		const struct motor_proc_stat *s = &cur[i];
		running += s->state == 'R';
		sleeping += s->state == 'S';
		stopped += s->state == 'T';
		zombies += s->state == 'Z';
		uint64_t was = before(prev, nprev, s);
		rows[i].s = s;
		rows[i].cpu = wall && s->cpu_ns > was ? 100.0 * (double)(s->cpu_ns - was) / (double)wall : 0;
	}
	qsort(rows, (size_t)ncur, sizeof(*rows), by_cpu);
	if (!batch)
		fputs("\033[H\033[2J", stdout); /* home and clear: vt100 */
	uint64_t up = s1->uptime_ns / 1000000000u;
	printf("top - up %llu:%02llu:%02llu, %u CPU(s), %d processes: %d running, %d sleeping, "
	       "%d stopped, %d zombie\n",
	       (unsigned long long)(up / 3600), (unsigned long long)(up / 60 % 60),
	       (unsigned long long)(up % 60), s1->cpus, ncur, running, sleeping, stopped, zombies);
	printf("%%Cpu(s): %5.1f busy, %5.1f idle\n", all ? 100.0 * (double)busy / (double)all : 0.0,
	       all ? 100.0 - 100.0 * (double)busy / (double)all : 100.0);
	printf("KiB Mem: %10llu total, %10llu used, %10llu free\n\n", cu_kib(s1->mem_total_bytes),
	       cu_kib(s1->mem_total_bytes - s1->mem_free_bytes), cu_kib(s1->mem_free_bytes));
	printf("  PID  PPID S  %%CPU     RSS     TIME COMMAND\n");
	for (int i = 0; i < ncur && (batch || i < lines); i++) {
		const struct motor_proc_stat *s = rows[i].s;
		char line[96];
		unsigned long long t = s->cpu_ns / 10000000u; /* hundredths */
		printf("%5d %5d %c %5.1f %7llu %3llu:%02llu.%02llu %s\n", s->pid, s->ppid,
		       (char)s->state, rows[i].cpu, cu_kib(s->resident_bytes), t / 6000, t / 100 % 60,
		       t % 100, cu_cmdline(s, line, sizeof(line)));
	}
	if (batch)
		putchar('\n');
	fflush(stdout);
	free(rows);
}

/* Waits up to ms for a key; true when q (or end of input) says to stop. */
static bool quit_key(int ms)
{
	struct pollfd p = {0, POLLIN, 0};
	if (poll(&p, 1, ms) <= 0)
		return false;
	char c;
	ssize_t n = read(0, &c, 1);
	return n <= 0 || c == 'q' || c == 'Q';
}

int top_main(int argc, char **argv)
{
	static const struct option longs[] = {CU_HELP_OPTION, {0, 0, 0, 0}};
	cu_init(argv);
	bool batch = false;
	double delay = 2;
	long long frames = -1;
	int c;
	while ((c = cu_getopt(argc, argv, "bd:n:", longs, &cmd)) != -1) {
		if (c == 'b')
			batch = true;
		else if (c == 'd' && ((delay = cu_parse_duration(optarg)) < 0 || delay > 86400))
			cu_bad_usage(&cmd, "invalid delay '%s'", optarg);
		else if (c == 'n' && cu_parse_long(optarg, 1, 1000000, &frames))
			cu_bad_usage(&cmd, "invalid frame count '%s'", optarg);
	}
	if (optind < argc)
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	if (!batch && isatty(0) && tcgetattr(0, &saved) == 0) {
		struct termios t = saved;
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		if (tcsetattr(0, TCSANOW, &t) == 0) {
			raw = true;
			atexit(restore);
			signal(SIGINT, on_signal);
			signal(SIGTERM, on_signal);
		}
	}
	int lines = 24 - 6;
	struct motor_sys_stat s0, s1;
	struct motor_proc_stat *prev = NULL, *cur = NULL;
	int nprev = motor_proc_snapshot(&prev);
	if (nprev < 0 || motor_sys_stat(&s0))
		return cu_errno("cannot read the process list");
	/* The first frame comes soon; the later ones every delay. */
	int wait_ms = (int)(delay * 1000 < 200 ? delay * 1000 : 200);
	for (long long shown = 0; frames < 0 || shown < frames; shown++) {
		if (batch ? (usleep((useconds_t)wait_ms * 1000), false) : quit_key(wait_ms))
			break;
		int ncur = motor_proc_snapshot(&cur);
		if (ncur < 0 || motor_sys_stat(&s1))
			return cu_errno("cannot read the process list");
		frame(batch, &s0, &s1, prev, nprev, cur, ncur, lines);
		free(prev);
		prev = cur;
		nprev = ncur;
		s0 = s1;
		wait_ms = (int)(delay * 1000);
	}
	free(prev);
	restore();
	return 0;
}
