/*
 * poweroff and reboot (one program; its name says which). They ask init:
 * SIGUSR2 powers off, SIGTERM reboots (busybox's init's signals); init
 * runs the inittab's shutdown entries, ends every process, syncs and
 * powers off (posix/init/shutdown.c), and so ends this one too. Should
 * init not do so within 10 s (an init of one's own that does not catch
 * the signal: the kernel drops it), or with -f, the command syncs and asks
 * the process server itself (PROC_POWER; root only: posix/procd/power.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <motor/libposix.h>
#include <motor/syscall.h>

#include "lib/cu.h"

#define INIT_WAIT_S 10

static const struct cu_command cmd = {
	"Usage: %s [OPTION]...\n",
	"Power the machine off (poweroff) or restart it (reboot), after writing\n"
	"cached data to storage.\n\n"
	"  -f, --force      at once: processes get no SIGTERM, init is not asked\n"
	"  -n, --no-sync    do not sync first\n"
	"  -p, --poweroff   power off, whatever the name\n"
	"      --reboot     reboot, whatever the name\n"
	"      --help       display this help and exit\n",
	1};

int power_main(int argc, char **argv)
{
	static const struct option longs[] = {{"force", no_argument, NULL, 'f'},
					      {"no-sync", no_argument, NULL, 'n'},
					      {"poweroff", no_argument, NULL, 'p'},
					      {"reboot", no_argument, NULL, 'r'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	const char *base = strrchr(cu_name, '/');
	base = base ? base + 1 : cu_name;
	int how = !strcmp(base, "reboot") ? MOTOR_POWER_REBOOT : MOTOR_POWER_OFF;
	bool syncing = true, force = false;
	int c;
	while ((c = cu_getopt(argc, argv, "fnp", longs, &cmd)) != -1) {
		if (c == 'f')
			force = true;
		else if (c == 'n')
			syncing = false;
		else if (c == 'p')
			how = MOTOR_POWER_OFF;
		else if (c == 'r')
			how = MOTOR_POWER_REBOOT;
	}
	if (optind < argc)
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	if (!force && kill(1, how == MOTOR_POWER_REBOOT ? SIGTERM : SIGUSR2) == 0) {
		/* init's SIGTERM ends this wait; a nanosleep cut short by another signal goes on */
		struct timespec left = {INIT_WAIT_S, 0};
		while (nanosleep(&left, &left) < 0 && errno == EINTR)
			;
		fprintf(stderr, "%s: init did not take the system down: doing it directly\n",
			cu_name);
	}
	if (syncing)
		sync();
	motor_power_request(how);
	return cu_err("cannot %s: %s", how == MOTOR_POWER_OFF ? "power off" : "reboot",
		      strerror(errno));
}
