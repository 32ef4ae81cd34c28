/* uname: prints what the system is: kernel name, host name, release, version, machine. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]...\n",
	"Print system information (the kernel name, -s, without options).\n\n"
	"  -a, --all                all of the following, in this order\n"
	"  -s, --kernel-name        the kernel name\n"
	"  -n, --nodename           the network node host name\n"
	"  -r, --kernel-release     the kernel release\n"
	"  -v, --kernel-version     the kernel version\n"
	"  -m, --machine            the machine hardware name\n"
	"  -o, --operating-system   the operating system\n"
	"      --help               display this help and exit\n",
	1};

int uname_main(int argc, char **argv)
{
	static const struct option longs[] = {{"all", no_argument, NULL, 'a'},
					      {"kernel-name", no_argument, NULL, 's'},
					      {"nodename", no_argument, NULL, 'n'},
					      {"kernel-release", no_argument, NULL, 'r'},
					      {"kernel-version", no_argument, NULL, 'v'},
					      {"machine", no_argument, NULL, 'm'},
					      {"operating-system", no_argument, NULL, 'o'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	static const char order[] = "snrvmo";
	cu_init(argv);
	unsigned want = 0;
	int c;
	while ((c = cu_getopt(argc, argv, "asnrvmo", longs, &cmd)) != -1)
		want |= c == 'a' ? 0x3fu : 1u << (strchr(order, c) - order);
	if (optind < argc)
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	if (!want)
		want = 1;
	struct utsname u;
	if (uname(&u) != 0)
		return cu_errno("cannot get system name");
	const char *fields[] = {u.sysname, u.nodename, u.release, u.version, u.machine, u.sysname};
	const char *sep = "";
	for (int i = 0; i < 6; i++)
		if (want & (1u << i)) {
			printf("%s%s", sep, fields[i]);
			sep = " ";
		}
	putchar('\n');
	return fflush(stdout) ? cu_errno("write error") : 0;
}
