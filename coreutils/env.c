/* env: runs a command in a changed environment (-i empty, -u NAME unset,
 * NAME=VALUE set), or prints the environment. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cu.h"

extern char **environ;

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\n",
	"Set each NAME to VALUE in the environment and run COMMAND; without COMMAND,\n"
	"print the resulting environment.\n\n"
	"  -i, --ignore-environment  start with an empty environment ('-' too)\n"
	"  -u, --unset=NAME          remove NAME from the environment\n"
	"  -0, --null                end each output line with NUL, not newline\n"
	"      --help                display this help and exit\n\n"
	"Exit status: 125 env failed, 126 COMMAND found but could not run, 127 not\n"
	"found, else COMMAND's.\n",
	125};

int env_main(int argc, char **argv)
{
	static const struct option longs[] = {{"ignore-environment", no_argument, NULL, 'i'},
					      {"unset", required_argument, NULL, 'u'},
					      {"null", no_argument, NULL, '0'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	static char *empty[] = {NULL};
	cu_init(argv);
	bool nul = false;
	int c;
	/* '+': options end at the first operand (the command's own stay its own). */
	while ((c = cu_getopt(argc, argv, "+iu:0", longs, &cmd)) != -1) {
		if (c == 'i')
			environ = empty;
		else if (c == '0')
			nul = true;
		else if (c == 'u' && unsetenv(optarg) != 0)
			return cu_err("cannot unset '%s': %s", optarg, strerror(errno)) * 125;
	}
	if (optind < argc && !strcmp(argv[optind], "-")) {
		environ = empty;
		optind++;
	}
	for (; optind < argc && strchr(argv[optind], '='); optind++) {
		char *eq = strchr(argv[optind], '=');
		*eq = 0;
		if (eq == argv[optind] || setenv(argv[optind], eq + 1, 1) != 0) {
			*eq = '=';
			return cu_err("cannot set '%s': %s", argv[optind], strerror(EINVAL)) * 125;
		}
	}
	if (optind == argc) {
		for (char **e = environ; e && *e; e++)
			printf("%s%c", *e, nul ? 0 : '\n');
		return fflush(stdout) ? 125 : 0;
	}
	if (nul)
		return cu_err("cannot use -0 with a command") * 125;
	execvp(argv[optind], argv + optind);
	int err = errno;
	cu_err("'%s': %s", argv[optind], strerror(err));
	return err == ENOENT ? 127 : 126;
}
