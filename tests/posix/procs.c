/*
 * procs.c — processes: fork (the child's copy of memory and descriptors,
 * its own pid, its parent), waitpid/wait/wait4 with WNOHANG and the status
 * macros, exit codes, death by a signal (kill) and by a fault, ECHILD,
 * orphans going to init, descriptors shared after fork (a pipe between
 * parent and child, and the offset of a file), a child started from a
 * program file, 200 fork+wait cycles, and exec: the pid, the parent, the
 * descriptors (close-on-exec ones closed), the working directory, "#!"
 * scripts, execvp's PATH search, programs run through symbolic links, and
 * the errors.
 *
 * TAP on stdout; exit status 0 only if every check passed. On Linux the
 * same source passes against glibc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef __motor__
#include <motor/libposix.h>
#include <motor/spawn.h>
#endif

#include "scratch.h"
#include "tap.h"

static volatile int cow_value = 1;

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Forks a child that runs fn and exits with its value; -> its pid. */
static pid_t fork_run(int (*fn)(void))
{
	fflush(stdout); /* or the child would print our buffered lines again */
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	return pid;
}

static pid_t parent_pid;

static int child_ids(void)
{
	if (getppid() != parent_pid)
		return 1;
	if (getpid() == parent_pid || getpid() <= 1)
		return 2;
	return 0;
}

static int child_cow(void)
{
	if (cow_value != 2)
		return 1;
	cow_value = 3;
	return cow_value == 3 ? 0 : 2;
}

static int child_sleeps(void)
{
	sleep_ms(200);
	return 4;
}

static int *volatile nowhere = (int *)8; /* hidden from gcc's bounds checks */

static int child_crashes(void)
{
	return *nowhere;
}

static int child_waits_forever(void)
{
	for (int i = 0; i < 60; i++) /* a minute: far longer than the test waits */
		sleep_ms(1000);
	return 9;
}

static int child_exit_255(void)
{
	return 255;
}

static int child_nothing(void)
{
	return 0;
}

static void test_fork_and_wait(void)
{
	parent_pid = getpid();
	ok(parent_pid > 1, "getpid: %d", (int)parent_pid);
	ok(getppid() >= 1, "getppid: %d", (int)getppid());

	pid_t c = fork_run(child_ids);
	ok(c > 0 && c != parent_pid, "fork returns the child's pid in the parent (%d)", (int)c);
	int st = -1;
	is_int(waitpid(c, &st, 0), c, "waitpid returns that pid");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "the child saw its own pid and its parent's (status %#x)", st);

	cow_value = 2;
	c = fork_run(child_cow);
	is_int(waitpid(c, &st, 0), c, "waitpid on the copy-on-write child");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child had the parent's memory");
	is_int(cow_value, 2, "and its write did not reach the parent");

	c = fork_run(child_exit_255);
	ok(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 255,
	   "exit status 255 arrives whole");

	c = fork_run(child_sleeps);
	is_int(waitpid(c, &st, WNOHANG), 0, "WNOHANG while the child runs: 0");
	is_int(wait(&st), c, "wait takes any child");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 4, "with its status");
	errno_is(waitpid(-1, &st, 0), ECHILD, "no children left: ECHILD");
	errno_is(waitpid(c, &st, 0), ECHILD, "a child waited for is gone: ECHILD");
	errno_is(waitpid(1, &st, WNOHANG), ECHILD, "init is not our child: ECHILD");

	c = fork_run(child_waits_forever);
	syscall_ok(kill(c, SIGKILL), "kill the child");
	struct rusage ru;
	is_int(wait4(c, &st, 0, &ru), c, "wait4 takes it");
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by SIGKILL (status %#x)", st);
	errno_is(kill(c, 0), ESRCH, "once waited for, the pid names nobody");

	c = fork_run(child_crashes);
	ok(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "a child that faults dies by SIGSEGV (status %#x)", st);
}

static void test_shared_descriptors(void)
{
	int p[2];
	syscall_ok(pipe(p), "a pipe before fork");
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		const char msg[] = "from the child";
		_exit(write(p[1], msg, sizeof(msg)) == (ssize_t)sizeof(msg) ? 0 : 1);
	}
	close(p[1]);
	char buf[64] = {0};
	is_int(read(p[0], buf, sizeof(buf)), 15, "the parent reads what the child wrote");
	is_str(buf, "from the child", "whole");
	is_int(read(p[0], buf, sizeof(buf)), 0, "end of file once the child has exited");
	int st;
	ok(waitpid(c, &st, 0) == c && WIFEXITED(st) && !WEXITSTATUS(st), "the child exited 0");
	close(p[0]);

	/* The offset is shared: what the child reads moves the parent's position. */
	const char *path = P("offset");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	syscall_ok(fd, "a file before fork");
	is_int(write(fd, "0123456789", 10), 10, "ten bytes");
	lseek(fd, 0, SEEK_SET);
	fflush(stdout);
	c = fork();
	if (c == 0)
		_exit(read(fd, buf, 4) == 4 ? 0 : 1);
	ok(waitpid(c, &st, 0) == c && WIFEXITED(st) && !WEXITSTATUS(st), "the child read 4 bytes");
	is_int(lseek(fd, 0, SEEK_CUR), 4, "the parent's offset moved with the child's read");
	close(fd);
	unlink(path);
}

static void test_orphans(void)
{
	int p[2];
	syscall_ok(pipe(p), "a pipe to the grandchild");
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		pid_t g = fork();
		if (g == 0) {
			pid_t pp = getppid();
			for (int i = 0; i < 300 && pp != 1; i++) {
				sleep_ms(10);
				pp = getppid();
			}
			char ch = pp == 1 ? 'y' : 'n';
			_exit(write(p[1], &ch, 1) == 1 ? 0 : 1);
		}
		_exit(g > 0 ? 0 : 1); /* the grandchild is an orphan now */
	}
	close(p[1]);
	int st;
	ok(waitpid(c, &st, 0) == c && WIFEXITED(st) && !WEXITSTATUS(st), "the child forked and left");
	char ch = 0;
	is_int(read(p[0], &ch, 1), 1, "the orphaned grandchild reports");
	is_int(ch, 'y', "its parent is init now");
	errno_is(waitpid(-1, &st, WNOHANG), ECHILD, "and it is not ours to wait for");
	close(p[0]);
}

static void test_many(void)
{
	int bad = 0;
	for (int i = 0; i < 200 && !bad; i++) {
		pid_t c = fork_run(child_nothing);
		int st;
		bad = c <= 0 || waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st);
	}
	ok(!bad, "200 fork+exit+wait cycles");
}

static void test_program(const char *self)
{
	char *argv[] = {(char *)self, "exit-with", "42", NULL};
	pid_t c;
#ifdef __motor__
	size_t len = 0;
	char *image = motor_read_file(self, &len);
	c = image ? motor_spawn_process(self, image, len, argv, environ, NULL, 0, 1) : -1;
	free(image);
#else
	fflush(stdout);
	c = fork();
	if (c == 0) {
		execv(self, argv);
		_exit(127);
	}
#endif
	ok(c > 0, "a child started from the program file (%d)", (int)c);
	int st;
	ok(c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 42,
	   "it ran with its arguments and exited 42");
}

/* ---- posix_spawn ---- */

static int spawned_status(pid_t c)
{
	int st = -1;
	return waitpid(c, &st, 0) == c && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_posix_spawn(const char *self)
{
	pid_t c = -1;
	char *exit7[] = {(char *)self, "exit-with", "7", NULL};
	fflush(stdout);
	is_int(posix_spawn(&c, self, NULL, NULL, exit7, environ), 0, "posix_spawn");
	is_int(spawned_status(c), 7, "the child ran with its arguments and exited 7");

	/* File actions: open a file on 1, dup2 it to 5, close 4 (open here). */
	char out[PATH_MAX];
	snprintf(out, sizeof(out), "%s/spawned", D);
	int four = open("/dev/null", O_RDONLY);
	if (four != 4)
		dup2(four, 4);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 5);
	posix_spawn_file_actions_addclose(&fa, 4);
	char *fds[] = {(char *)self, "spawn-fds", NULL};
	fflush(stdout);
	is_int(posix_spawn(&c, self, &fa, NULL, fds, environ), 0, "posix_spawn with file actions");
	is_int(spawned_status(c), 0, "the child had the file on 1 and 5 and no 4");
	char got[32] = {0};
	int fd = open(out, O_RDONLY);
	ok(fd >= 0 && read(fd, got, sizeof(got) - 1) == 8 && !strcmp(got, "one five"),
	   "both wrote to the file (\"%s\")", got);
	close(fd);
	ok(fcntl(4, F_GETFD) != -1, "our descriptor 4 is still open");
	close(4);
	if (four != 4)
		close(four);
	posix_spawn_file_actions_destroy(&fa);

	/* Attributes: the mask and signals set back to default. */
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t m, def;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigemptyset(&def);
	sigaddset(&def, SIGUSR2);
	posix_spawnattr_setsigmask(&at, &m);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	sigset_t term, old;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &old);
	char *sigs[] = {(char *)self, "spawn-signals", NULL};
	fflush(stdout);
	is_int(posix_spawn(&c, self, NULL, &at, sigs, environ), 0, "posix_spawn with attributes");
	is_int(spawned_status(c), 0, "the child has the given mask, SIGUSR2 default, SIGHUP ignored");
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	posix_spawnattr_destroy(&at);

	/* A group of its own. */
	posix_spawnattr_init(&at);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	char *pg[] = {(char *)self, "spawn-pgroup", NULL};
	fflush(stdout);
	is_int(posix_spawn(&c, self, NULL, &at, pg, environ), 0, "posix_spawn with SETPGROUP");
	is_int(spawned_status(c), 0, "the child leads a process group of its own");
	posix_spawnattr_destroy(&at);

	/* posix_spawnp searches PATH; errors come back as the result. */
	char *sh[] = {"true-for-spawn", NULL};
	is_int(posix_spawnp(&c, "no-such-program-here", NULL, NULL, sh, environ), ENOENT,
	       "posix_spawnp of an unknown program: ENOENT");
	is_int(posix_spawn(&c, "/no/such/file", NULL, NULL, sh, environ), ENOENT,
	       "posix_spawn of a missing file: ENOENT");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, 900, 3);
	is_int(posix_spawn(&c, self, &fa, NULL, exit7, environ), EBADF,
	       "dup2 of a descriptor that is not open: EBADF");
	posix_spawn_file_actions_destroy(&fa);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 3, "/no/such/dir/file", O_RDONLY, 0);
	is_int(posix_spawn(&c, self, &fa, NULL, exit7, environ), ENOENT,
	       "an addopen that fails: its error");
	posix_spawn_file_actions_destroy(&fa);
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "PATH=/nowhere:%s", D);
	char *env[] = {dir, NULL};
	char copy[PATH_MAX];
	snprintf(copy, sizeof(copy), "%s/spawnme", D);
	int src = open(self, O_RDONLY), dst = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	char buf[65536];
	ssize_t n;
	while (src >= 0 && dst >= 0 && (n = read(src, buf, sizeof(buf))) > 0)
		if (write(dst, buf, (size_t)n) != n)
			break;
	close(src);
	close(dst);
	char *viapath[] = {"spawnme", "exit-with", "9", NULL};
	fflush(stdout);
	/* posix_spawnp searches the caller's PATH, not envp's: set ours. */
	char *saved = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", dir + 5, 1);
	int r = posix_spawnp(&c, "spawnme", NULL, NULL, viapath, env);
	if (saved) {
		setenv("PATH", saved, 1);
		free(saved);
	}
	is_int(r, 0, "posix_spawnp finds a program through PATH");
	is_int(r == 0 ? spawned_status(c) : -1, 9, "and it ran");
	unlink(copy);
	unlink(out);
}

/* ---- fork in a process with threads ---- */

static int atfork_log[3];
static void at_prepare(void) { atfork_log[0]++; }
static void at_parent(void) { atfork_log[1]++; }
static void at_child(void) { atfork_log[2]++; }

static void *sleeper(void *arg)
{
	(void)arg;
	sleep_ms(300);
	return NULL;
}

static void *child_thread(void *arg)
{
	return (char *)arg + 1;
}

static void test_fork_with_threads(void)
{
	pthread_t t;
	syscall_ok(pthread_atfork(at_prepare, at_parent, at_child) == 0 ? 0 : -1, "pthread_atfork");
	is_int(pthread_create(&t, NULL, sleeper, NULL), 0, "a thread that sleeps through the fork");
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		/* Only this thread runs here: it can make and join threads of its own. */
		pthread_t u;
		void *r = NULL;
		int bad = atfork_log[2] != 1 || atfork_log[1] != 0;
		bad |= (pthread_create(&u, NULL, child_thread, (void *)41) != 0) << 1;
		bad |= (pthread_join(u, &r) != 0 || r != (void *)42) << 2;
		char *m = malloc(1000);
		bad |= !m << 3;
		free(m);
		_exit(bad);
	}
	int st;
	ok(c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st), "the child of a threaded process exits");
	is_int(WEXITSTATUS(st), 0, "there: atfork's child handler ran, threads and malloc work");
	is_int(atfork_log[0], 1, "the prepare handler ran once");
	is_int(atfork_log[1], 1, "the parent handler ran once");
	is_int(atfork_log[2], 0, "the child handler did not run in the parent");
	is_int(pthread_join(t, NULL), 0, "the parent's thread lives on and is joined");
}

/* ---- hostile calls to the process server: errors, and it goes on ---- */

#ifdef __motor__
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/proc.h>

static long procd(uint64_t op, uint64_t a, uint64_t b, const void *data, size_t len)
{
	uint64_t w[4] = {op, a, b, 0};
	struct motor_msg m = {0};
	m.buf = (uint64_t)data;
	m.len = len;
	return motor_file_call(motor_proc_handle(), w, &m);
}

static void test_hostile_calls(void)
{
	static char big[8192];
	is_int(procd(PROC_START, (uint64_t)getppid(), 0, NULL, 0), -ESRCH,
	       "PROC_START of a process that is not our starting child");
	is_int(procd(PROC_START, 0, 0, NULL, 0), -ESRCH, "PROC_START of pid 0");
	is_int(procd(PROC_ABORT, 77777, 0, NULL, 0), -ESRCH, "PROC_ABORT of a pid out of range");
	is_int(procd(PROC_WAIT, 0, 0, NULL, 0), -ECHILD, "PROC_WAIT for pid 0: no child in our group");
	is_int(procd(PROC_WAIT, (uint64_t)-5, 0, NULL, 0), -ECHILD, "PROC_WAIT for group 5: no child there");
	is_int(procd(PROC_KILL, 1, 1000, NULL, 0), -EINVAL, "PROC_KILL with signal 1000");
	is_int(procd(PROC_KILL, (uint64_t)-1, 0, NULL, 0), -ESRCH,
	       "PROC_KILL of pid -1: nobody but us outside init's session");
	is_int(procd(PROC_KILL, (uint64_t)(int64_t)INT32_MIN, 0, NULL, 0), -ESRCH,
	       "PROC_KILL of the most negative pid");
	is_int(procd(PROC_TTY_SIGNAL, 0x501, 2, NULL, 0), -EPERM,
	       "PROC_TTY_SIGNAL from a process: only the tty server's badge may");
	is_int(procd(PROC_EXEC, 0, 0, NULL, 0), -EINVAL, "PROC_EXEC without a process handle");
	is_int(procd(999, 0, 0, NULL, 0), -ENOSYS, "an unknown operation");
	is_int(procd(PROC_IDS, 0, 0, big, sizeof(big)), -EMSGSIZE, "more data than any call carries");
	is_int(getppid() > 0, 1, "the server still answers");
	pid_t c = fork_run(child_nothing);
	int st;
	ok(c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st), "and still starts processes");
}
#endif

/* ---- exec ---- */

static char self_path[PATH_MAX];

/* Forks a child that runs fn(arg) (which execs); -> the exit status, or -1. */
static int fork_exec(void (*fn)(const char *), const char *arg)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		fn(arg);
		_exit(127); /* exec failed */
	}
	int st;
	if (c < 0 || waitpid(c, &st, 0) != c)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void exec_exit42(const char *unused)
{
	(void)unused;
	char *argv[] = {self_path, "exit-with", "42", NULL};
	execv(self_path, argv);
}

static void exec_check_ids(const char *parent)
{
	char pid[16];
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	char *argv[] = {self_path, "check-ids", pid, (char *)parent, NULL};
	execv(self_path, argv);
}

static void exec_check_fds(const char *fds)
{
	char *argv[] = {self_path, "check-fds", (char *)fds, NULL};
	execv(self_path, argv);
}

static void exec_check_cwd(const char *dir)
{
	if (chdir(dir) != 0)
		_exit(126);
	char *argv[] = {self_path, "check-cwd", (char *)dir, NULL};
	execv(self_path, argv);
}

static void exec_script(const char *script)
{
	char *argv[] = {(char *)script, "x", NULL};
	execv(script, argv);
}

static void exec_path_search(const char *dir)
{
	setenv("PATH", dir, 1);
	const char *base = strrchr(self_path, '/') + 1;
	char *argv[] = {(char *)base, "exit-with", "43", NULL};
	execvp(base, argv);
}

static void test_exec(void)
{
	char real[PATH_MAX];
	if (!realpath(self_path, real))
		bail_out("realpath of the program: %s", strerror(errno));
	strcpy(self_path, real);
	is_int(fork_exec(exec_exit42, NULL), 42, "fork + execv: the new program's exit status");
	char parent[16];
	snprintf(parent, sizeof(parent), "%d", (int)getpid());
	is_int(fork_exec(exec_check_ids, parent), 0, "the program keeps the pid and the parent");

	int p[2], q[2];
	syscall_ok(pipe(p), "a pipe to inherit");
	syscall_ok(pipe2(q, O_CLOEXEC), "a pipe not to");
	char fds[32];
	snprintf(fds, sizeof(fds), "%d,%d", p[1], q[1]);
	is_int(fork_exec(exec_check_fds, fds), 0,
	       "the new program has the inherited descriptor, not the close-on-exec one");
	close(p[1]);
	close(q[0]);
	close(q[1]);
	char buf[16] = {0};
	is_int(read(p[0], buf, sizeof(buf)), 6, "what it wrote through the inherited pipe arrives");
	is_str(buf, "exec'd", "whole");
	is_int(read(p[0], buf, sizeof(buf)), 0, "and end of file: no holder is left behind");
	close(p[0]);

	is_int(fork_exec(exec_check_cwd, D), 0, "the working directory survives exec");

	const char *script = P("script");
	FILE *f = fopen(script, "w");
	ok(f != NULL, "a script file");
	if (f) {
		fprintf(f, "#!%s script-args\necho not a shell\n", self_path);
		fclose(f);
	}
	chmod(script, 0755);
	is_int(fork_exec(exec_script, script), 0, "a #! script runs its interpreter with its argument, path and arguments");

	char dir[PATH_MAX];
	strcpy(dir, self_path);
	*strrchr(dir, '/') = '\0';
	is_int(fork_exec(exec_path_search, dir), 43, "execvp finds the program through PATH");

	char *argv[] = {"nothing", NULL};
	errno_is(execv(P("no-such-program"), argv), ENOENT, "exec of a missing file: ENOENT");
	const char *junk = P("junk");
	f = fopen(junk, "w");
	if (f) {
		fputs("neither ELF nor script\n", f);
		fclose(f);
	}
	chmod(junk, 0755);
	errno_is(execv(junk, argv), ENOEXEC, "exec of an executable that is neither: ENOEXEC");
}

static void exec_abs_link(const char *unused)
{
	(void)unused;
	char *argv[] = {(char *)P("abs-link"), "exit-with", "44", NULL};
	execv(P("abs-link"), argv);
}

static void exec_link_via_path(const char *unused)
{
	(void)unused;
	setenv("PATH", D, 1);
	char *argv[] = {"rel-link", "argv0-is", "rel-link", NULL};
	execvp("rel-link", argv);
}

/*
 * A program run through symbolic links (as /bin/ls -> coreutils): execv,
 * posix_spawn and execvp's PATH search follow an absolute link, and a
 * relative link to that link, and the program gets the argv[0] it was
 * given (the link's name, which a multi-call program goes by); a dangling
 * link and a loop are errors.
 */
static void test_exec_through_links(void)
{
	syscall_ok(symlink(self_path, P("abs-link")), "a link with an absolute target");
	syscall_ok(symlink("abs-link", P("rel-link")), "a relative link to it");
	is_int(fork_exec(exec_abs_link, NULL), 44, "execv through a symbolic link");
	pid_t c = -1;
	char *argv[] = {"rel-link", "argv0-is", "rel-link", NULL};
	fflush(stdout);
	is_int(posix_spawn(&c, P("rel-link"), NULL, NULL, argv, environ), 0,
	       "posix_spawn through two links");
	is_int(spawned_status(c), 0, "it ran, with the link's name as argv[0]");
	is_int(fork_exec(exec_link_via_path, NULL), 0,
	       "execvp finds a link through PATH and runs what it names");
	syscall_ok(symlink("nowhere", P("dangling")), "a dangling link");
	errno_is(execv(P("dangling"), argv), ENOENT, "exec of a dangling link: ENOENT");
	syscall_ok(symlink("loop-b", P("loop-a")), "a link to a link");
	syscall_ok(symlink("loop-a", P("loop-b")), "that links back");
	errno_is(execv(P("loop-a"), argv), ELOOP, "exec of a loop of links: ELOOP");
}

/* The modes the exec tests run this program in. */
static int exec_mode(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exit-with"))
		return atoi(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "check-ids"))
		return getpid() == atoi(argv[2]) && getppid() == atoi(argv[3]) ? 0 : 1;
	if (argc == 3 && !strcmp(argv[1], "check-fds")) {
		int in = atoi(argv[2]), out = atoi(strchr(argv[2], ',') + 1);
		if (fcntl(out, F_GETFD) != -1 || errno != EBADF)
			return 2; /* the close-on-exec descriptor is open */
		return write(in, "exec'd", 6) == 6 ? 0 : 3;
	}
	if (argc == 3 && !strcmp(argv[1], "check-cwd")) {
		char cwd[PATH_MAX];
		return getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, argv[2]) ? 0 : 1;
	}
	if (argc == 2 && !strcmp(argv[1], "spawn-fds")) {
		/* fd 1 is the file an addopen made, 5 a dup2 of it; 4 was closed. */
		if (fcntl(4, F_GETFD) != -1 || errno != EBADF)
			return 2;
		if (write(1, "one ", 4) != 4 || write(5, "five", 4) != 4)
			return 3;
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "spawn-pgroup"))
		return getpgrp() == getpid() && getpgrp() != getpgid(getppid()) ? 0 : 1;
	if (argc == 2 && !strcmp(argv[1], "spawn-signals")) {
		sigset_t m;
		struct sigaction a;
		sigprocmask(SIG_BLOCK, NULL, &m);
		sigaction(SIGUSR2, NULL, &a);
		int bad = !sigismember(&m, SIGUSR1) || sigismember(&m, SIGTERM);
		bad |= (a.sa_handler != SIG_DFL) << 1; /* SETSIGDEF took SIGUSR2 back */
		sigaction(SIGHUP, NULL, &a);
		bad |= (a.sa_handler != SIG_IGN) << 2; /* and left SIGHUP ignored */
		return bad;
	}
	if (argc == 3 && !strcmp(argv[1], "argv0-is"))
		return !strcmp(argv[0], argv[2]) ? 0 : 1;
	if (argc == 4 && !strcmp(argv[1], "script-args"))
		return strstr(argv[2], "/script") && !strcmp(argv[3], "x") ? 0 : 1;
	return -1;
}

int main(int argc, char **argv)
{
	int mode = exec_mode(argc, argv);
	if (mode >= 0)
		return mode;
	strncpy(self_path, argv[0], sizeof(self_path) - 1);
	scratch_setup("procs");
	test_fork_and_wait();
	test_shared_descriptors();
	test_orphans();
	test_many();
	test_program(argv[0]);
	test_posix_spawn(argv[0]);
	test_fork_with_threads();
#ifdef __motor__
	test_hostile_calls();
#endif
	test_exec();
	test_exec_through_links();
	rm_rf(D);
	return done_testing();
}
