/*
 * Running /etc/inittab: the sysinit entries one after another, then the
 * wait ones, then the once and respawn ones together; then init reaps
 * whatever ends and starts each respawn entry again, until a signal asks
 * for a shutdown. An entry that keeps ending at once (5 times within 2 s
 * of its start) is held back for 10 s, so a broken shell cannot spin.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <motor/libposix.h>

#include "init.h"

#define QUICK_MS 2000 /* an end this soon after the start counts as quick */
#define QUICK_MAX 5   /* quick ends in a row before holding the entry back */
#define HOLD_S 10

static struct inittab tab;
static struct {
	pid_t pid;
	uint64_t started; /* ms */
	int quick;
} run[INITTAB_MAX];

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void warn(int line, const char *why, void *ctx)
{
	fprintf(stderr, "init: %s:%d: %s (line skipped)\n", (const char *)ctx, line, why);
}

/* Reads the inittab; without a usable one, a login shell on the console. */
static void load(const char *path)
{
	size_t len;
	char *text = motor_read_file(path, &len);
	if (text) {
		inittab_parse(text, len, &tab, warn, (void *)path);
		free(text);
	} else {
		fprintf(stderr, "init: %s: %s\n", path, strerror(errno));
	}
	if (tab.n == 0) {
		fprintf(stderr, "init: nothing to run from %s: a shell on the console instead\n",
			path);
		tab.n = 1;
		tab.entry[0] = (struct inittab_entry){.action = IT_RESPAWN, .command = "-/bin/sh"};
	}
}

static void start(int i)
{
	run[i].pid = spawn_entry(&tab.entry[i]);
	run[i].started = now_ms();
}

/* Runs every entry of the action, waiting for each if wait is set. */
static void start_all(enum inittab_action a, bool wait)
{
	for (int i = 0; i < tab.n && !shutdown_requested; i++) {
		if (tab.entry[i].action != a)
			continue;
		start(i);
		if (wait && run[i].pid > 0) {
			wait_for(run[i].pid);
			run[i].pid = 0;
		}
	}
}

/* Sleeps s seconds, or less when a shutdown is asked for. */
static void hold(int s)
{
	struct timespec left = {s, 0};
	while (!shutdown_requested && nanosleep(&left, &left) < 0 && errno == EINTR)
		;
}

/* A child ended: its respawn entry starts again. */
static void ended(pid_t pid)
{
	for (int i = 0; i < tab.n; i++) {
		if (run[i].pid != pid)
			continue;
		run[i].pid = 0;
		if (tab.entry[i].action != IT_RESPAWN)
			return;
		run[i].quick = now_ms() - run[i].started < QUICK_MS ? run[i].quick + 1 : 0;
		if (run[i].quick >= QUICK_MAX) {
			fprintf(stderr, "init: '%s' keeps ending at once: holding it back for %d s\n",
				tab.entry[i].command, HOLD_S);
			hold(HOLD_S);
			run[i].quick = 0;
		}
		if (!shutdown_requested)
			start(i);
		return;
	}
}

/* Waits for a child to end; without children, for a signal. -> pid or 0. */
static pid_t next_end(void)
{
	int st;
	pid_t pid = waitpid(-1, &st, 0);
	if (pid >= 0 || errno != ECHILD)
		return pid > 0 ? pid : 0;
	/* Nobody to wait for until an orphan comes (SIGCHLD) or a request. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = waitpid(-1, &st, WNOHANG);
	if (pid < 0 && errno == ECHILD && !shutdown_requested)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid > 0 ? pid : 0;
}

int supervise(const char *path)
{
	load(path);
	start_all(IT_SYSINIT, true);
	start_all(IT_WAIT, true);
	start_all(IT_ONCE, false);
	start_all(IT_RESPAWN, false);
	while (!shutdown_requested) {
		pid_t pid = next_end();
		if (pid > 0)
			ended(pid);
	}
	return shutdown_system(shutdown_requested, &tab);
}
