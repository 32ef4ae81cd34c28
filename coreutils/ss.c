/* ss: lists sockets. Motor has no network yet (netd comes with issue 7), so
 * the table is honestly empty: the header and no rows. */
#include <stdio.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]...\n",
	"List sockets: listening and connected TCP and UDP sockets.\n"
	"Motor has no networking yet, so there are none: only the header is printed.\n\n"
	"  -t, --tcp        TCP sockets\n"
	"  -u, --udp        UDP sockets\n"
	"  -l, --listening  listening sockets only\n"
	"  -a, --all        listening and connected sockets\n"
	"  -n, --numeric    do not resolve service names\n"
	"      --help       display this help and exit\n",
	1};

int ss_main(int argc, char **argv)
{
	static const struct option longs[] = {{"tcp", no_argument, NULL, 't'},
					      {"udp", no_argument, NULL, 'u'},
					      {"listening", no_argument, NULL, 'l'},
					      {"all", no_argument, NULL, 'a'},
					      {"numeric", no_argument, NULL, 'n'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	while (cu_getopt(argc, argv, "tulan", longs, &cmd) != -1)
		;
	if (optind < argc)
		cu_bad_usage(&cmd, "filters are not supported: '%s'", argv[optind]);
	printf("%-6s %-10s %6s %6s %-30s %-30s\n", "Netid", "State", "Recv-Q", "Send-Q",
	       "Local Address:Port", "Peer Address:Port");
	return fflush(stdout) ? cu_errno("write error") : 0;
}
