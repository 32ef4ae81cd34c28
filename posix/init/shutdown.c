/*
 * Taking the system down: the signals that ask for it, and what init does
 * then. The servers live in init's session, which kill(-1) passes over, so
 * they stay to the end: the last thing is sync, and the power call itself
 * goes through procd.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <motor/libposix.h>
#include <motor/syscall.h>

#include "init.h"

volatile sig_atomic_t shutdown_requested;

static void on_shutdown_signal(int sig)
{
	shutdown_requested = sig == SIGTERM ? SHUTDOWN_REBOOT : SHUTDOWN_OFF;
}

static void on_child(int sig)
{
	(void)sig; /* only to wake a waiting init */
}

void shutdown_catch_signals(void)
{
	/* No SA_RESTART: a waitpid must come back to look at the request. */
	struct sigaction sa = {.sa_handler = on_shutdown_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);
}

int wait_for(pid_t pid)
{
	while (!shutdown_requested) {
		int st;
		pid_t got = waitpid(-1, &st, 0);
		if (got == pid)
			return st;
		if (got < 0 && errno != EINTR)
			return -1;
	}
	return -1;
}

static void reap(void)
{
	int st;
	while (waitpid(-1, &st, WNOHANG) > 0)
		;
}

/* Waits up to ms for every process outside init's session to end. */
static bool all_gone(int ms)
{
	for (int waited = 0;; waited += 20) {
		reap();
		if (kill(-1, 0) < 0 && errno == ESRCH)
			return true;
		if (waited >= ms)
			return false;
		nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
	}
}

int shutdown_system(int request, const struct inittab *tab)
{
	int how = request == SHUTDOWN_REBOOT ? MOTOR_POWER_REBOOT : MOTOR_POWER_OFF;
	const char *what = how == MOTOR_POWER_REBOOT ? "reboot" : "power off";
	printf("\ninit: the system is going down to %s\n", what);
	for (int i = 0; tab && i < tab->n; i++) {
		if (tab->entry[i].action != IT_SHUTDOWN)
			continue;
		pid_t pid = spawn_entry(&tab->entry[i]);
		shutdown_requested = 0; /* the request that got us here must not cut it short */
		if (pid > 0)
			wait_for(pid);
	}
	/* SIGHUP for the interactive shells, which ignore SIGTERM; SIGCONT for
	 * the stopped ones, which act on neither until continued. */
	if (kill(-1, SIGTERM) == 0) {
		kill(-1, SIGHUP);
		kill(-1, SIGCONT);
		if (!all_gone(2000)) {
			printf("init: sending every process SIGKILL\n");
			kill(-1, SIGKILL);
			all_gone(1000);
		}
	}
	sync();
	fflush(stdout);
	motor_power_request(how);
	fprintf(stderr, "init: cannot %s: %s\n", what, strerror(errno));
	return 1;
}
