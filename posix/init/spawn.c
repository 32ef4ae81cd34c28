/*
 * Starting a program the way init does: in a session of its own, with the
 * terminal named as stdin, stdout and stderr. Only an entry that names its
 * terminal (console::respawn:-/bin/sh) and the one program of a
 * one-program boot get it as their controlling terminal too (a shell's job
 * control needs one): a terminal serves one session, and an entry with an
 * empty id (::once:...) running beside the shell must not take it. The
 * terminal is set back to the console's settings as init found them (a
 * killed editor may have left it raw).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "init.h"

static struct termios console_settings;
static bool have_console_settings;

void spawn_save_console(void)
{
	have_console_settings = tcgetattr(0, &console_settings) == 0;
}

/* The child's side: never returns. */
static _Noreturn void become(const char *tty, bool ctty, const char *path, char *const argv[])
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (setsid() < 0)
		fprintf(stderr, "init: setsid: %s\n", strerror(errno));
	char dev[8 + INITTAB_TTY];
	snprintf(dev, sizeof(dev), "/dev/%s", tty[0] ? tty : "console");
	int fd = open(dev, O_RDWR | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "init: cannot open %s for %s: %s\n", dev, path, strerror(errno));
		_exit(126);
	}
	if (ctty && ioctl(fd, TIOCSCTTY, 0) < 0) /* 0: never take it from another session */
		fprintf(stderr, "init: %s: no controlling terminal for %s: %s\n", dev, path,
			strerror(errno));
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
	if (have_console_settings && !strcmp(dev, "/dev/console"))
		tcsetattr(0, TCSANOW, &console_settings);
	execve(path, argv, init_env);
	int err = errno;
	fprintf(stderr, "init: cannot run %s: %s\n", path, strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

pid_t spawn_on_tty(const char *tty, bool ctty, const char *path, char *const argv[])
{
	fflush(NULL); /* nothing of init's buffered output twice */
	pid_t pid = fork();
	if (pid == 0)
		become(tty, ctty, path, argv);
	return pid;
}

pid_t spawn_entry(const struct inittab_entry *e)
{
	char buf[INITTAB_BUF];
	char *argv[INITTAB_ARGS];
	const char *path;
	if (inittab_argv(e->command, buf, argv, INITTAB_ARGS, &path) < 0) {
		fprintf(stderr, "init: inittab line %d: cannot split '%s' into words\n", e->line,
			e->command);
		errno = EINVAL;
		return -1;
	}
	if (access(path, X_OK) < 0) { /* said once, not at every respawn */
		fprintf(stderr, "init: inittab line %d: cannot run %s: %s (entry left out)\n",
			e->line, path, strerror(errno));
		return -1;
	}
	pid_t pid = spawn_on_tty(e->tty, e->tty[0] != '\0', path, argv);
	if (pid < 0)
		fprintf(stderr, "init: cannot start '%s': %s\n", e->command, strerror(errno));
	return pid;
}
