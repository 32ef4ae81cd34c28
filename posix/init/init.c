/*
 * init, the first process (pid 1). It starts the servers (servers.c), opens
 * the console for itself, and then, in one of two modes:
 *
 *   run=init init=/sbin/init            runs /etc/inittab (supervise.c): the
 *                                       system's boot, with the shell on the
 *                                       console respawned whenever it ends;
 *   ... initargs="PROGRAM ARGS..."      runs that one program on the console
 *                                       and ends with its status (exit code,
 *                                       or 128 + the killing signal), and so
 *                                       does the machine: how tests run.
 *
 * Either way a program runs in a session of its own whose controlling
 * terminal is the console (spawn.c), init reaps the orphans the process
 * server hands it, and SIGUSR2 (poweroff), SIGUSR1 (halt) or SIGTERM
 * (reboot) take the system down cleanly (shutdown.c). init gets only the
 * signals it catches: the kernel drops the others.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"

#define INITTAB "/etc/inittab"

char *const init_env[] = {"PATH=/bin:/sbin", "HOME=/", "TERM=vt100", "USER=root",
			  "SHELL=/bin/sh", NULL};

/* The console as init's stdin, stdout and stderr, not its controlling
 * terminal (O_NOCTTY): that is for the session of the program it runs. */
static void open_console(void)
{
	int con = open("/dev/console", O_RDWR | O_NOCTTY);
	if (con < 0) {
		fprintf(stderr, "init: cannot open /dev/console: %s\n", strerror(errno));
		return;
	}
	for (int fd = 0; fd < 3; fd++)
		if (con != fd)
			dup2(con, fd);
	if (con > 2)
		close(con);
	spawn_save_console();
}

/* The one-program mode: -> the program's status. */
static int run_program(char *const argv[])
{
	pid_t pid = spawn_on_tty("", true, argv[0], argv);
	if (pid < 0) {
		fprintf(stderr, "init: cannot run %s: %s\n", argv[0], strerror(errno));
		return 126;
	}
	int st = wait_for(pid);
	if (shutdown_requested)
		return shutdown_system(shutdown_requested, NULL);
	if (st < 0) {
		fprintf(stderr, "init: waitpid: %s\n", strerror(errno));
		return 127;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	if (servers_start(argv) < 0)
		return 1;
	open_console();
	shutdown_catch_signals();
	if (argc >= 2)
		return run_program(argv + 1);
	return supervise(INITTAB);
}
