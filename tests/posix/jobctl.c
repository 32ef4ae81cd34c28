/*
 * jobctl — process groups and sessions: setsid, setpgid, getpgid, getpgrp,
 * getsid and their errors; kill with pid 0 and -pgid and killpg reaching
 * every member of a group and nobody else; waitpid for a group. Children
 * that check things in their own session report the first failed step as
 * their exit status (and say which on stderr).
 *
 * Until processes catch signals, a signal's default action ends the
 * process on Motor as on Linux for the signals used here (SIGTERM,
 * SIGUSR1, SIGINT), so WIFSIGNALED/WTERMSIG tell who got one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define STEP(n, cond)                                                                   \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "jobctl: step %d failed: %s (errno %d)\n", n, #cond, \
				errno);                                                 \
			return n;                                                       \
		}                                                                       \
	} while (0)

static const char *self;

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Runs fn in a child; -> its exit status, or 1000 + the signal that ended it. */
static int in_child(int (*fn)(void))
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(fn());
	int st;
	if (c < 0 || waitpid(c, &st, 0) != c)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

/*
 * A child that waits until p[0] (a pipe's read end) ends, then exits 0;
 * pgid: -1 stays in our group, 0 leads a new one, > 0 joins that one.
 */
static pid_t sleeper(const int p[2], pid_t pgid)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		char b;
		int fd = p[0];
		close(p[1]);
		if (pgid >= 0)
			setpgid(0, pgid);
		while (read(fd, &b, 1) > 0)
			;
		_exit(0);
	}
	if (c > 0 && pgid >= 0)
		setpgid(c, pgid ? pgid : c); /* both sides, as shells do: no race */
	return c;
}

/* ---- ids ---- */

static void test_ids(void)
{
	is_int(getpgrp(), getpgid(0), "getpgrp() is getpgid(0)");
	is_int(getpgid(getpid()), getpgid(0), "getpgid(own pid) is getpgid(0)");
	is_int(getsid(0), getsid(getpid()), "getsid(0) is getsid(own pid)");
	ok(getsid(0) > 0, "getsid(0) is a session id (%d)", (int)getsid(0));
	errno_is(getpgid(-1), ESRCH, "getpgid(-1): ESRCH");
	int none[2] = {-1, -1};
	pid_t c = sleeper(none, -1);
	int st;
	waitpid(c, &st, 0);
	errno_is(getpgid(c), ESRCH, "getpgid of a reaped child: ESRCH");
	errno_is(getsid(c), ESRCH, "getsid of a reaped child: ESRCH");
	char buf[L_ctermid];
	is_str(ctermid(buf), "/dev/tty", "ctermid names /dev/tty");
}

/* ---- setsid ---- */

static int child_setsid(void)
{
	pid_t me = getpid();
	STEP(1, setsid() == me);
	STEP(2, getsid(0) == me);
	STEP(3, getpgrp() == me);
	STEP(4, setsid() == -1 && errno == EPERM);        /* a group leader */
	STEP(5, setpgid(0, 0) == -1 && errno == EPERM);   /* a session leader, even to its group */
	pid_t parent_group = getpgid(getppid());
	STEP(6, setpgid(0, parent_group) == -1 && errno == EPERM); /* a session leader */
	int fd = open("/dev/tty", O_RDWR);
	STEP(7, fd == -1 && errno == ENXIO);              /* no controlling terminal yet */
	STEP(8, tcgetpgrp(0) == -1 && (errno == ENOTTY || errno == EBADF));
	return 0;
}

static int child_group_leader_setsid(void)
{
	STEP(1, setpgid(0, 0) == 0);
	STEP(2, getpgrp() == getpid());
	STEP(3, setsid() == -1 && errno == EPERM);
	return 0;
}

static void test_setsid(void)
{
	is_int(in_child(child_setsid), 0, "setsid in a child: a new session and group, rules hold");
	is_int(in_child(child_group_leader_setsid), 0, "setsid of a group leader: EPERM");
}

/* ---- setpgid ---- */

static void test_setpgid(void)
{
	int p[2];
	if (pipe(p) < 0)
		bail_out("pipe: %s", strerror(errno));
	pid_t a = sleeper(p, -1), b = sleeper(p, -1);
	syscall_ok(setpgid(a, a), "setpgid(child, child): a new group");
	is_int(getpgid(a), a, "the child leads its group");
	syscall_ok(setpgid(b, a), "setpgid(another child, that group)");
	is_int(getpgid(b), a, "it joined");
	is_int(getsid(a), getsid(0), "a child is in our session");
	syscall_ok(setpgid(b, 0), "setpgid(child, 0): its own group");
	is_int(getpgid(b), b, "it leads it");
	errno_is(setpgid(b, 0x7ffff0), EPERM, "setpgid to a group that does not exist: EPERM");
	errno_is(setpgid(0, -1), EINVAL, "setpgid with a negative group: EINVAL");
	errno_is(setpgid(getppid(), 0), ESRCH, "setpgid of our parent: ESRCH");
	errno_is(setpgid(0x7ffff0, 0), ESRCH, "setpgid of nobody: ESRCH");
	close(p[1]);
	int st;
	is_int(waitpid(-a, &st, 0), a, "waitpid(-pgid) takes the group's member");
	is_int(waitpid(-b, &st, 0), b, "and the other group's");
	close(p[0]);
}

/* setpgid of a child in another session: EPERM; of one that ran exec: EACCES. */
static void test_setpgid_children(void)
{
	int ready[2], hold[2];
	char b;
	if (pipe(ready) < 0 || pipe(hold) < 0)
		bail_out("pipe: %s", strerror(errno));
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(hold[1]);
		setsid();
		write(ready[1], "s", 1);
		while (read(hold[0], &b, 1) > 0)
			;
		_exit(0);
	}
	is_int(read(ready[0], &b, 1), 1, "the child has its own session");
	errno_is(setpgid(c, c), EPERM, "setpgid of a child in another session: EPERM");
	fflush(stdout);
	pid_t e = fork();
	if (e == 0) {
		close(hold[1]);
		dup2(ready[1], 1);
		dup2(hold[0], 0);
		execl(self, self, "wait-stdin", (char *)NULL);
		_exit(127);
	}
	is_int(read(ready[0], &b, 1), 1, "the second child ran exec");
	errno_is(setpgid(e, e), EACCES, "setpgid of a child after its exec: EACCES");
	close(hold[1]);
	int st;
	is_int(waitpid(c, &st, 0), c, "both end");
	is_int(waitpid(e, &st, 0) == e && WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0,
	       "the exec'd child ran to its end");
	close(hold[0]);
	close(ready[0]);
	close(ready[1]);
}

/* ---- signals to groups ---- */

/* Whether child c ended by sig (waits for it). */
static int ended_by(pid_t c, int sig)
{
	int st;
	if (waitpid(c, &st, 0) != c)
		return 0;
	return WIFSIGNALED(st) && WTERMSIG(st) == sig;
}

static int still_running(pid_t c)
{
	int st;
	return waitpid(c, &st, WNOHANG) == 0;
}

static void test_kill_group(void)
{
	int p[2];
	if (pipe(p) < 0)
		bail_out("pipe: %s", strerror(errno));
	pid_t a = sleeper(p, 0), b = sleeper(p, a), c = sleeper(p, a);
	pid_t out = sleeper(p, 0);
	syscall_ok(kill(-a, SIGTERM), "kill(-pgid, SIGTERM)");
	ok(ended_by(a, SIGTERM), "the group's leader got it");
	ok(ended_by(b, SIGTERM), "its second member got it");
	ok(ended_by(c, SIGTERM), "its third member got it");
	ok(still_running(out), "a child in another group did not");
	errno_is(kill(-a, SIGTERM), ESRCH, "kill(-pgid) of an empty group: ESRCH");

	pid_t d = sleeper(p, 0), e = sleeper(p, d);
	syscall_ok(killpg(d, SIGUSR1), "killpg(pgid, SIGUSR1)");
	ok(ended_by(d, SIGUSR1), "killpg: the leader got it");
	ok(ended_by(e, SIGUSR1), "killpg: the member got it");
	ok(still_running(out), "killpg: the other group did not");
	errno_is(killpg(-3, SIGTERM), EINVAL, "killpg with a negative group: EINVAL");
	errno_is(kill(-0x7ffff0, SIGTERM), ESRCH, "kill of a group that does not exist: ESRCH");
	errno_is(kill(-out, 1000), EINVAL, "kill(-pgid) with a bad signal: EINVAL");
	syscall_ok(kill(-out, 0), "kill(-pgid, 0) checks the group exists");
	ok(still_running(out), "and sends nothing");
	close(p[1]);
	int st;
	is_int(waitpid(out, &st, 0), out, "the other group's child ends by itself");
	close(p[0]);
}

/* A group of three (this child and two of its children) takes kill(0, SIGINT). */
static int alive_fd;

static int child_kill_zero(void)
{
	int hold[2];
	if (setpgid(0, 0) < 0 || pipe(hold) < 0)
		return 2;
	for (int i = 0; i < 2; i++)
		if (sleeper(hold, getpid()) < 0)
			return 3;
	kill(0, SIGINT);
	nap_ms(2000);
	return 4; /* not reached when kill(0) reached us */
}

static void test_kill_zero(void)
{
	int alive[2];
	char b;
	if (pipe(alive) < 0)
		bail_out("pipe: %s", strerror(errno));
	alive_fd = alive[1];
	is_int(in_child(child_kill_zero), 1000 + SIGINT, "kill(0, SIGINT) ended the caller");
	close(alive[1]);
	/* The grandchildren held the pipe's write end: it ends when both are gone. */
	fcntl(alive[0], F_SETFL, O_NONBLOCK);
	ssize_t r = -1;
	for (int i = 0; i < 500 && (r = read(alive[0], &b, 1)) < 0 && errno == EAGAIN; i++)
		nap_ms(10);
	is_int(r, 0, "its two children in its group got it too");
	close(alive[0]);
}

/* waitpid(0): a child in our group; not one that moved to another. */
static void test_wait_group(void)
{
	int p[2];
	int st;
	if (pipe(p) < 0)
		bail_out("pipe: %s", strerror(errno));
	pid_t other = sleeper(p, 0);
	pid_t same = sleeper(p, -1);
	close(p[1]);
	is_int(waitpid(0, &st, 0), same, "waitpid(0) takes the child in our group");
	is_int(waitpid(0, &st, WNOHANG), -1, "then finds none in our group");
	is_int(waitpid(-other, &st, 0), other, "waitpid(-pgid) takes the other");
	close(p[0]);
}

/* The exec'd half of test_setpgid_children: says so on stdout, waits for stdin's end. */
static int wait_stdin(void)
{
	char b;
	if (write(1, "x", 1) != 1)
		return 1;
	while (read(0, &b, 1) > 0)
		;
	return 0;
}

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 1 && strcmp(argv[1], "wait-stdin") == 0)
		return wait_stdin();
	test_ids();
	test_setsid();
	test_setpgid();
	test_setpgid_children();
	test_kill_group();
	test_kill_zero();
	test_wait_group();
	return done_testing();
}
