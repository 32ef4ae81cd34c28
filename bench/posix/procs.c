/*
 * procs.c — the cost of processes and pipes, to set Motor beside a Linux
 * guest under the same QEMU (bench/posix/linux-guest.sh runs this same
 * source, built static against glibc, in the Linux guest):
 *
 *   fork_wait        fork, the child _exits at once, waitpid
 *   spawn_wait       start this program as a child that exits at once, and
 *                    wait: posix_spawn on Linux, motor_spawn_process on Motor
 *                    (both read the program file: Motor's loader runs in the
 *                    parent, so the image is read there)
 *   pipe_pingpong    one byte to a child and one back through two pipes: a
 *                    round trip, two context switches each way
 *   pipe_1m_64k      1 MiB through a pipe to a child in 64 KiB writes
 *                    (ns_per_call per write; mb_per_s)
 *   thread_create_join  pthread_create of a thread that returns at once, and
 *                    pthread_join
 *   signal_handler   raise(SIGUSR1) with a handler installed: the signal sent,
 *                    delivered into the handler, and back (sigreturn)
 *
 * Usage: procs [TARGET_SECONDS]   (and "procs child" for spawn_wait's child)
 * Prints as measure.h says, then "bench done".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __motor__
#include <motor/libposix.h>
#include <motor/spawn.h>
#endif

static int ping[2] = {-1, -1}, pong[2] = {-1, -1}, data[2] = {-1, -1};
static pid_t partner = -1;
static const char *self;
static char buf[64 * 1024];

static void stop_partner(void)
{
	if (partner > 0) {
		kill(partner, SIGKILL);
		waitpid(partner, NULL, 0);
		partner = -1;
	}
}

static void bench_cleanup(void)
{
	stop_partner();
}

#include "measure.h"

extern char **environ;

static int it_fork_wait(void)
{
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	int st;
	return c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -1;
}

static int it_spawn_wait(void)
{
	char *argv[] = {(char *)self, "child", NULL};
	pid_t c;
#ifdef __motor__
	/* What an exec does: read the program, then start it. */
	size_t len = 0;
	char *image = motor_read_file(self, &len);
	if (!image)
		return -1;
	c = motor_spawn_process(self, image, len, argv, environ, NULL, 0, 1);
	free(image);
#else
	if (posix_spawn(&c, self, NULL, NULL, argv, environ) != 0)
		return -1;
#endif
	int st;
	return c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -1;
}

/* The partner for the pipe measurements: echoes ping to pong, drains data. */
static int start_partner(void)
{
	if (pipe(ping) || pipe(pong) || pipe(data))
		return -1;
	fflush(stdout);
	partner = fork();
	if (partner == 0) {
		close(ping[1]);
		close(pong[0]);
		close(data[1]);
		char c;
		for (;;) {
			/* A ping is echoed; anything on the data pipe is thrown away. */
			ssize_t n = read(ping[0], &c, 1);
			if (n != 1)
				_exit(0);
			if (c == 'd') {
				size_t left = 1u << 20;
				while (left) {
					ssize_t r = read(data[0], buf, sizeof(buf));
					if (r <= 0)
						_exit(1);
					left -= (size_t)r;
				}
			}
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		}
	}
	close(ping[0]);
	close(pong[1]);
	close(data[0]);
	return partner > 0 ? 0 : -1;
}

static int it_pingpong(void)
{
	char c = 'p';
	return write(ping[1], &c, 1) == 1 && read(pong[0], &c, 1) == 1 && c == 'p' ? 0 : -1;
}

static int it_pipe_1m(void)
{
	char c = 'd';
	if (write(ping[1], &c, 1) != 1)
		return -1;
	for (size_t off = 0; off < (1u << 20); off += sizeof(buf))
		if (write(data[1], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return -1;
	return read(pong[0], &c, 1) == 1 && c == 'd' ? 0 : -1;
}

static void *nothing(void *arg)
{
	return arg;
}

static int it_thread(void)
{
	pthread_t t;
	void *r = NULL;
	return pthread_create(&t, NULL, nothing, buf) == 0 && pthread_join(t, &r) == 0 && r == buf
		       ? 0
		       : -1;
}

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static int it_signal(void)
{
	sig_atomic_t before = handled;
	return raise(SIGUSR1) == 0 && handled == before + 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "child"))
		return 0;
	self = argv[0];
	bench_args(argc, argv);
	printf("# bench/posix/procs: target %.2f s per measurement\n", target);
	fflush(stdout);
	run("fork_wait", it_fork_wait, 1, 0);
	run("spawn_wait", it_spawn_wait, 1, 0);
	if (start_partner() != 0)
		fail("pipes", "setup");
	run("pipe_pingpong", it_pingpong, 1, 0);
	run("pipe_1m_64k", it_pipe_1m, 16, 1 << 20);
	stop_partner();
	run("thread_create_join", it_thread, 1, 0);
	struct sigaction sa = {0};
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	run("signal_handler", it_signal, 1, 0);
	printf("bench done\n");
	return 0;
}
