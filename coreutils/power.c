/*
 * poweroff and reboot (one program; its name says which): writes out what
 * the file servers hold (sync), then asks the process server to end the
 * machine (PROC_POWER), which lets only root do it (posix/procd/power.c).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <motor/libposix.h>
#include <motor/syscall.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]...\n",
	"Power the machine off (poweroff) or restart it (reboot), after writing\n"
	"cached data to storage.\n\n"
	"  -f, --force      accepted (there are no services to stop first)\n"
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
	bool syncing = true;
	int c;
	while ((c = cu_getopt(argc, argv, "fnp", longs, &cmd)) != -1) {
		if (c == 'n')
			syncing = false;
		else if (c == 'p')
			how = MOTOR_POWER_OFF;
		else if (c == 'r')
			how = MOTOR_POWER_REBOOT;
	}
	if (optind < argc)
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	if (syncing)
		sync();
	motor_power_request(how);
	return cu_err("cannot %s: %s", how == MOTOR_POWER_OFF ? "power off" : "reboot",
		      strerror(errno));
}
