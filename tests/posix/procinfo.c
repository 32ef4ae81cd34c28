/*
 * procinfo.c — what ps and top read: a child seen in /proc with its parent
 * and command line, a zombie in state Z until it is waited for, CPU time
 * that grows for a busy process and not for a sleeping one (through /proc,
 * clock_gettime's CPU-time clocks, clock, times, getrusage and wait4's
 * rusage), resident memory that follows 8 MiB being touched, the thread
 * count following pthread_create and pthread_join, /proc's system files
 * (meminfo, uptime, stat, loadavg) and their formats; on Motor also the
 * process server's records (motor_proc_stat, motor_proc_snapshot: init,
 * procd, vfsd and ttyd are there) and hostile calls to its PROC_STAT and
 * PROC_STATS.
 *
 * TAP on stdout; exit status 0 only if every check passed. On Linux the
 * same source passes against glibc (its /proc has the same formats).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __motor__
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/proc.h>
#include <motor/procinfo.h>
#endif

#include "tap.h"

#define MS 1000000ll
#define MiB (1024 * 1024l)

static char self_path[PATH_MAX];

static long long now_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Runs without blocking until this thread has had ms of CPU time (or ten
 * times that has passed: on a loaded host a thread gets less than the wall
 * clock). */
static void spin_ms(long ms)
{
	long long end = now_ns(CLOCK_THREAD_CPUTIME_ID) + ms * MS;
	long long give_up = now_ns(CLOCK_MONOTONIC) + 10 * ms * MS;
	while (now_ns(CLOCK_THREAD_CPUTIME_ID) < end && now_ns(CLOCK_MONOTONIC) < give_up)
		;
}

/* A whole small file into buf (NUL added); -> its length, or -1 with errno. */
static long read_file(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t n = 0;
	ssize_t r;
	while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return (long)n;
}

/* /proc/PID/stat: the state and the fields after the command name (field 3 on). */
struct pstat {
	char state;
	long ppid, threads;
	unsigned long long utime, stime, vsize, rss;
};

static int proc_stat(pid_t pid, struct pstat *s)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	/* 3 state, 4 ppid, 14 utime, 15 stime, 20 num_threads, 23 vsize, 24 rss */
	unsigned long long f[25] = {0};
	char *q = p + 2;
	s->state = *q;
	q++;
	for (int i = 4; i <= 24; i++)
		f[i] = strtoull(q, &q, 10);
	s->ppid = (long)f[4];
	s->utime = f[14];
	s->stime = f[15];
	s->threads = (long)f[20];
	s->vsize = f[23];
	s->rss = f[24];
	return 0;
}

/* Polls /proc/PID/stat until its state is want (about 2 s). */
static char state_becomes(pid_t pid, char want)
{
	struct pstat s = {0};
	for (int i = 0; i < 200; i++) {
		if (proc_stat(pid, &s) == 0 && s.state == want)
			return want;
		sleep_ms(10);
	}
	return s.state;
}

/* "Threads:" of /proc/PID/status, or -1. */
static long status_threads(pid_t pid)
{
	char path[64], buf[2048];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	char *t = strstr(buf, "\nThreads:");
	return t ? strtol(t + 9, NULL, 10) : -1;
}

static long resident_bytes(void)
{
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/statm", (int)getpid());
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	unsigned long size, res;
	if (sscanf(buf, "%lu %lu", &size, &res) != 2)
		return -1;
	return (long)res * sysconf(_SC_PAGESIZE);
}

static long long tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000ll + tv.tv_usec * 1000ll;
}

/* ---- a child in the table ---- */

static void test_child_listed(void)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		char *argv[] = {self_path, "sleep-ms", "3000", NULL};
		execv(self_path, argv);
		_exit(127);
	}
	/* exec happens in the child: wait until the new command line shows. */
	char path[64], buf[512];
	long n = -1;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)c);
	for (int i = 0; i < 200; i++) {
		n = read_file(path, buf, sizeof(buf));
		if (n > 0 && memmem(buf, (size_t)n, "sleep-ms", 9))
			break;
		sleep_ms(10);
	}
	char want[PATH_MAX + 32];
	int wn = snprintf(want, sizeof(want), "%s%csleep-ms%c3000%c", self_path, 0, 0, 0);
	ok(n == wn && memcmp(buf, want, (size_t)wn) == 0,
	   "/proc/PID/cmdline: the exec'd arguments, each NUL-terminated (%ld bytes)", n);
	struct pstat s;
	ok(proc_stat(c, &s) == 0 && s.ppid == getpid(), "/proc/PID/stat: its parent is us");
	is_int(state_becomes(c, 'S'), 'S', "a sleeping child is in state S");
	snprintf(path, sizeof(path), "/proc/%d/status", (int)c);
	ok(read_file(path, buf, sizeof(buf)) > 0 && strstr(buf, "Name:\t") &&
		   strstr(buf, "\nPPid:\t") && strstr(buf, "\nVmRSS:"),
	   "/proc/PID/status has Name, PPid and VmRSS");
	snprintf(path, sizeof(path), "/proc/%d", (int)c);
	struct stat st;
	ok(stat(path, &st) == 0 && S_ISDIR(st.st_mode), "/proc/PID is a directory");
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)c);
	int wfd = open(path, O_WRONLY); /* root may open it on Linux, but not write */
	ok(wfd < 0 ? errno == EACCES || errno == EROFS : write(wfd, "x", 1) < 0,
	   "/proc/PID/stat cannot be written");
	if (wfd >= 0)
		close(wfd);
#ifdef __motor__
	struct motor_proc_stat ms;
	ok(motor_proc_stat(c, &ms) == 0 && ms.ppid == getpid() && ms.size == sizeof(ms),
	   "motor_proc_stat: the child with its parent");
	is_int(ms.cmdline_len, wn, "its command line's length");
	ok(ms.start_ns > 0 && ms.uid == 0, "its start time; uid 0");
	ok(ms.pgid == getpgrp() && ms.sid == getsid(0), "its process group and session are ours");
	is_str(ms.name, "procinfo", "its name is the program's file name");
#endif
	kill(c, SIGKILL);
	int st2;
	waitpid(c, &st2, 0);
	ok(WIFSIGNALED(st2), "killed and waited for");
}

static void test_stopped(void)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		for (;;)
			pause();
	}
	kill(c, SIGSTOP);
	int st;
	waitpid(c, &st, WUNTRACED);
	is_int(state_becomes(c, 'T'), 'T', "a stopped child is T");
	kill(c, SIGCONT);
	is_int(state_becomes(c, 'S'), 'S', "continued, it waits again (S)");
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
}

static void test_zombie(void)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	is_int(state_becomes(c, 'Z'), 'Z', "a child that exited is a zombie (Z) until waited for");
	char path[64], buf[64];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)c);
	is_int(read_file(path, buf, sizeof(buf)), 0, "a zombie's cmdline is empty");
	int st;
	is_int(waitpid(c, &st, 0), c, "waited for");
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)c);
	errno_is(open(path, O_RDONLY), ENOENT, "then it is gone from /proc");
}

/* ---- CPU time ---- */

static void test_own_cpu_time(void)
{
	long long p0 = now_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	clock_t c0 = clock();
	struct tms tm0, tm1;
	times(&tm0);
	struct rusage r0, r1;
	getrusage(RUSAGE_SELF, &r0);
	spin_ms(300);
	long long p1 = now_ns(CLOCK_PROCESS_CPUTIME_ID), t1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	clock_t c1 = clock();
	times(&tm1);
	getrusage(RUSAGE_SELF, &r1);
	ok(p1 - p0 >= 290 * MS && p1 - p0 <= 600 * MS,
	   "CLOCK_PROCESS_CPUTIME_ID grows by the 300 ms of spinning (%lld ms)", (p1 - p0) / MS);
	ok(t1 - t0 >= 150 * MS, "CLOCK_THREAD_CPUTIME_ID too (%lld ms)", (t1 - t0) / MS);
	ok((long)(c1 - c0) >= (long)CLOCKS_PER_SEC / 4, "clock() too (%ld)", (long)(c1 - c0));
	long hz = sysconf(_SC_CLK_TCK);
	long dt = (long)((tm1.tms_utime + tm1.tms_stime) - (tm0.tms_utime + tm0.tms_stime));
	ok(dt >= hz / 5, "times(): user + system grew (%ld of %ld per second)", dt, hz);
	long long ru = tv_ns(r1.ru_utime) + tv_ns(r1.ru_stime) - tv_ns(r0.ru_utime) - tv_ns(r0.ru_stime);
	ok(ru >= 250 * MS, "getrusage(RUSAGE_SELF) grew (%lld ms)", ru / MS);
	ok(r1.ru_maxrss > 0, "ru_maxrss is there (%ld KiB)", r1.ru_maxrss);
	long long s0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	sleep_ms(300);
	long long s1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	ok(s1 - s0 < 50 * MS, "300 ms asleep adds next to nothing (%lld ms)", (s1 - s0) / MS);
	errno_is(getrusage(5, &r0), EINVAL, "getrusage(5): EINVAL");
}

static void *spinner(void *arg)
{
	spin_ms((long)(intptr_t)arg);
	return NULL;
}

static void test_thread_cpu_time(void)
{
	pthread_t t;
	long long t0 = now_ns(CLOCK_THREAD_CPUTIME_ID), p0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	pthread_create(&t, NULL, spinner, (void *)(intptr_t)250);
	pthread_join(t, NULL);
	long long t1 = now_ns(CLOCK_THREAD_CPUTIME_ID), p1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	ok(t1 - t0 < 100 * MS, "another thread's spinning is not this thread's CPU time (%lld ms)",
	   (t1 - t0) / MS);
	ok(p1 - p0 >= 240 * MS, "but it is the process's, also after the join (%lld ms)",
	   (p1 - p0) / MS);
}

static void test_child_cpu_time(void)
{
	long hz = sysconf(_SC_CLK_TCK);
	int phase[2];
	if (pipe(phase))
		bail_out("pipe: %s", strerror(errno));
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) { /* says when it starts spinning and when it has gone to sleep */
		close(phase[0]);
		write(phase[1], "a", 1);
		spin_ms(400);
		write(phase[1], "b", 1);
		sleep_ms(5000);
		_exit(0);
	}
	close(phase[1]);
	char ch;
	struct pstat a, b;
	read(phase[0], &ch, 1);
	proc_stat(c, &a);
	read(phase[0], &ch, 1);
	proc_stat(c, &b);
	close(phase[0]);
	unsigned long long grew = (b.utime + b.stime) - (a.utime + a.stime);
	ok(grew * 1000 / (unsigned long long)hz >= 300,
	   "a child's CPU time in /proc/PID/stat grows while it spins (%llu ticks of %ld)", grew, hz);
	proc_stat(c, &a);
	sleep_ms(300);
	proc_stat(c, &b);
	grew = (b.utime + b.stime) - (a.utime + a.stime);
	ok(grew * 1000 / (unsigned long long)hz <= 30,
	   "and not while it sleeps (%llu ticks)", grew);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);

	struct rusage before, after, ru;
	getrusage(RUSAGE_CHILDREN, &before);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		spin_ms(300);
		_exit(0);
	}
	int st;
	is_int(wait4(c, &st, 0, &ru), c, "wait4 collects a child that spun 300 ms");
	long long used = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	ok(used >= 250 * MS && used <= 1000 * MS, "its rusage has that CPU time (%lld ms)",
	   used / MS);
	ok(ru.ru_maxrss > 0, "and its peak resident size (%ld KiB)", ru.ru_maxrss);
	getrusage(RUSAGE_CHILDREN, &after);
	long long kids = tv_ns(after.ru_utime) + tv_ns(after.ru_stime) - tv_ns(before.ru_utime) -
			 tv_ns(before.ru_stime);
	ok(kids >= 250 * MS, "getrusage(RUSAGE_CHILDREN) grew by it (%lld ms)", kids / MS);
	struct tms tm;
	times(&tm);
	ok((long)(tm.tms_cutime + tm.tms_cstime) >= hz / 4, "times(): the children's time (%ld)",
	   (long)(tm.tms_cutime + tm.tms_cstime));
}

/* ---- memory and threads ---- */

static void test_memory(void)
{
	long before = resident_bytes();
	char *p = mmap(NULL, 8 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		bail_out("mmap 8 MiB: %s", strerror(errno));
	long mapped = resident_bytes();
	for (long i = 0; i < 8 * MiB; i += 4096)
		p[i] = 1;
	long touched = resident_bytes();
	ok(before > 0 && mapped - before < 1 * MiB, "mapping 8 MiB makes little resident (%ld KiB)",
	   (mapped - before) / 1024);
	ok(touched - mapped >= 8 * MiB - 256 * 1024 && touched - mapped <= 9 * MiB,
	   "touching it makes about 8 MiB more resident (%ld KiB)", (touched - mapped) / 1024);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	ok(ru.ru_maxrss * 1024 >= 8 * MiB, "ru_maxrss follows (%ld KiB)", ru.ru_maxrss);
	munmap(p, 8 * MiB);
	long after = resident_bytes();
	ok(touched - after >= 8 * MiB - 256 * 1024, "unmapped: gone again (%ld KiB)",
	   (touched - after) / 1024);
}

static volatile int release_threads;

static void *waiter(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&release_threads, __ATOMIC_ACQUIRE))
		sleep_ms(5);
	return NULL;
}

static void test_threads(void)
{
	is_int(status_threads(getpid()), 1, "Threads: 1");
	pthread_t t[2];
	pthread_create(&t[0], NULL, waiter, NULL);
	pthread_create(&t[1], NULL, waiter, NULL);
	is_int(status_threads(getpid()), 3, "two pthread_create: 3");
	struct pstat s;
	ok(proc_stat(getpid(), &s) == 0 && s.threads == 3, "/proc/PID/stat says 3 too");
	__atomic_store_n(&release_threads, 1, __ATOMIC_RELEASE);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	is_int(status_threads(getpid()), 1, "joined: 1 again");
}

/* ---- the system's files ---- */

static void test_system_files(void)
{
	char buf[8192];
	unsigned long total = 0, free_kb = 0;
	int got = read_file("/proc/meminfo", buf, sizeof(buf)) > 0
			  ? sscanf(buf, "MemTotal: %lu kB\nMemFree: %lu kB", &total, &free_kb)
			  : 0;
	ok(got == 2 && total > free_kb && free_kb > 0,
	   "/proc/meminfo: MemTotal %lu kB > MemFree %lu kB > 0", total, free_kb);
	double up = 0, idle = -1;
	got = read_file("/proc/uptime", buf, sizeof(buf)) > 0 ? sscanf(buf, "%lf %lf", &up, &idle) : 0;
	ok(got == 2 && up > 0 && idle >= 0, "/proc/uptime: two numbers (%.2f %.2f)", up, idle);
	unsigned long long u0, n0, s0, i0, u1, n1, s1, i1;
	int got0 = read_file("/proc/stat", buf, sizeof(buf)) > 0
			   ? sscanf(buf, "cpu %llu %llu %llu %llu", &u0, &n0, &s0, &i0)
			   : 0;
	ok(got0 == 4 && strstr(buf, "\nctxt ") && strstr(buf, "\nbtime "),
	   "/proc/stat: a cpu line, ctxt and btime");
	spin_ms(200);
	sleep_ms(200);
	int got1 = read_file("/proc/stat", buf, sizeof(buf)) > 0
			   ? sscanf(buf, "cpu %llu %llu %llu %llu", &u1, &n1, &s1, &i1)
			   : 0;
	ok(got1 == 4 && u1 + s1 > u0 + s0 && i1 + u1 + s1 > i0 + u0 + s0,
	   "its busy time grows as we spin");
#ifdef __motor__
	ok(i1 > i0, "its idle time as we sleep (Motor: nothing else runs)");
#endif
	double l1, l5, l15;
	int running = 0, all = 0;
	got = read_file("/proc/loadavg", buf, sizeof(buf)) > 0
			  ? sscanf(buf, "%lf %lf %lf %d/%d", &l1, &l5, &l15, &running, &all)
			  : 0;
	ok(got == 5 && running >= 1 && all >= running, "/proc/loadavg: running/all (%d/%d)", running,
	   all);
	ok(read_file("/proc/mounts", buf, sizeof(buf)) > 0 && strstr(buf, " /proc proc "),
	   "/proc/mounts lists /proc");
	DIR *d = opendir("/proc");
	int have_me = 0, have_init = 0;
	char mine[16];
	snprintf(mine, sizeof(mine), "%d", (int)getpid());
	for (struct dirent *e; d && (e = readdir(d));) {
		have_me |= !strcmp(e->d_name, mine);
		have_init |= !strcmp(e->d_name, "1");
	}
	if (d)
		closedir(d);
	ok(have_me && have_init, "ls /proc: init's pid and ours");
}

#ifdef __motor__
/* ---- the process server's records ---- */

static void test_records(void)
{
	struct motor_proc_stat *all;
	int n = motor_proc_snapshot(&all);
	ok(n >= 5, "motor_proc_snapshot: %d processes", n);
	int init = 0, procd = 0, vfsd = 0, ttyd = 0, me = 0;
	for (int i = 0; i < n; i++) {
		init |= all[i].pid == 1 && !strcmp(all[i].name, "init");
		procd |= !strcmp(all[i].name, "procd");
		vfsd |= !strcmp(all[i].name, "vfsd") && all[i].ppid == 1;
		ttyd |= !strcmp(all[i].name, "ttyd");
		if (all[i].pid == getpid())
			me = all[i].state == 'R' && all[i].threads == 1 && all[i].cpu_ns > 0 &&
			     all[i].resident_bytes > 0 && all[i].virtual_bytes >= all[i].resident_bytes;
	}
	ok(init && procd && vfsd && ttyd, "they include init (pid 1), procd, vfsd and ttyd");
	ok(me, "and us: running, one thread, CPU time and memory");
	for (int i = 0; i < n; i++)
		if (all[i].pid == 1)
			ok(all[i].resident_bytes > 0 && all[i].cmdline_len > 0,
			   "init has its kernel figures and command line");
	free(all);
	struct motor_sys_stat sys;
	ok(motor_sys_stat(&sys) == 0 && sys.cpus >= 1 && sys.mem_total_bytes > sys.mem_free_bytes &&
		   sys.uptime_ns > 0 && sys.cpu_user_ns + sys.cpu_system_ns > 0,
	   "motor_sys_stat: CPUs, memory, uptime and CPU times");
}

/* A raw call to procd; -> its result. */
static long proc_call(uint64_t op, uint64_t a, uint64_t b, uint64_t c, void *rbuf, size_t rlen)
{
	uint64_t w[4] = {op, a, b, c};
	struct motor_msg m = {0};
	m.rbuf = (uint64_t)rbuf;
	m.rlen = rlen;
	return motor_file_call(motor_proc_handle(), w, &m);
}

static void test_hostile(void)
{
	static struct motor_proc_stat recs[MOTOR_PROC_STATS_MAX];
	struct motor_proc_stat s;
	errno_is(motor_proc_stat(4000, &s), ESRCH, "motor_proc_stat of a free pid: ESRCH");
	errno_is(motor_proc_stat(-5, &s), ESRCH, "of a negative pid: ESRCH");
	errno_is(motor_proc_stat(getpid(), (void *)16), EFAULT, "into a bad pointer: EFAULT");
	is_int(proc_call(PROC_STAT, 1ull << 40, 0, 0, &s, sizeof(s)), -ESRCH,
	       "PROC_STAT of a huge pid: -ESRCH");
	is_int(proc_call(PROC_STATS, 0, 4, 0, recs, sizeof(recs)), -EINVAL,
	       "PROC_STATS from pid 0: -EINVAL");
	is_int(proc_call(PROC_STATS, 1, 0, 0, recs, sizeof(recs)), -EINVAL, "for 0 records: -EINVAL");
	is_int(proc_call(PROC_STATS, 1, MOTOR_PROC_STATS_MAX + 1, 0, recs, sizeof(recs)), -EINVAL,
	       "for more than MOTOR_PROC_STATS_MAX: -EINVAL");
	is_int(proc_call(PROC_STATS, 1, 4, 0, recs, 16), -EMSGSIZE,
	       "into a buffer too small: -EMSGSIZE (the answer is cut)");
	is_int(proc_call(PROC_STATS, 1, 2, 0, recs, sizeof(recs)), 0, "procd answers on");
	is_int(proc_call(PROC_WAIT, (uint64_t)-1, 1, 7, NULL, 0), -EINVAL,
	       "PROC_WAIT with a bogus usage flag: -EINVAL");
	is_int(proc_call(142, 0, 0, 0, NULL, 0), -ENOSYS, "an unknown op: -ENOSYS");
	ok(motor_proc_stat(0, &s) == 0 && s.pid == getpid(), "PROC_STAT 0 is the caller");
}
#endif

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "sleep-ms")) {
		sleep_ms(atol(argv[2]));
		return 0;
	}
	strncpy(self_path, argv[0], sizeof(self_path) - 1);
	test_child_listed();
	test_zombie();
	test_stopped();
	test_own_cpu_time();
	test_thread_cpu_time();
	test_child_cpu_time();
	test_memory();
	test_threads();
	test_system_files();
#ifdef __motor__
	test_records();
	test_hostile();
#endif
	return done_testing();
}
