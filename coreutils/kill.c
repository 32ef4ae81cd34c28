/* kill: sends a signal (TERM by default) to processes; -l lists signal names. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [-s SIGNAL | -SIGNAL] PID...\n"
	"  or:  %s -l [SIGNAL]...\n",
	"Send a signal to processes (TERM unless one is given).\n\n"
	"  -s, --signal=SIGNAL, -SIGNAL   the signal, by name (TERM, SIGTERM) or number\n"
	"  -l, --list [SIGNAL]...         list signal names, or turn numbers (also exit\n"
	"                                 statuses 128+N) into names and names into numbers\n"
	"      --help                     display this help and exit\n",
	1};

static int list(int argc, char **argv, int from)
{
	if (from == argc) {
		for (int i = 1; i < CU_NSIG; i++)
			printf("%2d) SIG%-7s%s", i, cu_signal_name(i), i % 5 == 0 ? "\n" : " ");
		putchar('\n');
		return 0;
	}
	int status = 0;
	for (int i = from; i < argc; i++) {
		char *end;
		long v = strtol(argv[i], &end, 10);
		if (!*end && *argv[i]) {
			if (v > 128)
				v -= 128; /* an exit status of a killed process */
			const char *n = cu_signal_name((int)v);
			if (n)
				printf("%s\n", n);
			else
				status = cu_err("%s: invalid signal specification", argv[i]);
			continue;
		}
		int s = cu_signal_number(argv[i]);
		if (s > 0)
			printf("%d\n", s);
		else
			status = cu_err("%s: invalid signal specification", argv[i]);
	}
	return status;
}

int kill_main(int argc, char **argv)
{
	cu_init(argv);
	int sig = SIGTERM, i = 1;
	/* Hand-parsed: -9 and -TERM are signals, not options. */
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--help"))
			cu_help(&cmd);
		if (!strcmp(a, "-l") || !strcmp(a, "--list") || !strcmp(a, "-L"))
			return list(argc, argv, i + 1);
		if (!strcmp(a, "-s") || !strcmp(a, "--signal") || !strcmp(a, "-n")) {
			if (i + 1 >= argc)
				cu_bad_usage(&cmd, "option requires an argument -- '%s'", a + 1);
			a = argv[++i];
		} else if (!strncmp(a, "--signal=", 9)) {
			a += 9;
		} else if (a[1] == '-') {
			cu_bad_usage(&cmd, "unrecognized option '%s'", a);
		} else {
			a++;
		}
		sig = cu_signal_number(a);
		if (sig < 0)
			cu_bad_usage(&cmd, "%s: invalid signal specification", a);
	}
	if (i == argc)
		cu_bad_usage(&cmd, "no process ID given");
	int status = 0;
	for (; i < argc; i++) {
		long long pid;
		if (cu_parse_long(argv[i], -(1ll << 31), (1ll << 31) - 1, &pid)) {
			status = cu_err("failed to parse argument: '%s'", argv[i]);
			continue;
		}
		if (kill((pid_t)pid, sig) != 0)
			status = cu_err("(%s) - %s", argv[i], strerror(errno));
	}
	return status;
}
