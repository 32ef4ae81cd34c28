/* pwd: prints the working directory (-L and -P both print the canonical one:
 * libposix keeps the cwd canonical). */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [-LP]\n",
	"Print the full name of the working directory.\n\n"
	"  -L, -P   accepted; the name is always free of symbolic links\n"
	"      --help  display this help and exit\n",
	1};

int pwd_main(int argc, char **argv)
{
	cu_init(argv);
	while (cu_getopt(argc, argv, "LP", NULL, &cmd) != -1)
		;
	if (optind < argc)
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	char buf[PATH_MAX];
	if (!getcwd(buf, sizeof(buf)))
		return cu_errno("getcwd");
	puts(buf);
	return fflush(stdout) ? cu_errno("write error") : 0;
}
