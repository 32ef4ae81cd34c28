/* rm: removes files; -r directories with all under them; -f: missing files are
 * fine. It refuses '/', '.' and '..' as GNU's does. */
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... FILE...\n",
	"Remove the FILEs.\n\n"
	"  -f, --force           ignore nonexistent files and arguments, never prompt\n"
	"  -r, -R, --recursive   remove directories and their contents\n"
	"  -d, --dir             remove empty directories\n"
	"  -v, --verbose         print what is removed\n"
	"      --help            display this help and exit\n",
	1};

/* "/", "//", ".", "..", "dir/." and "dir/..". */
static bool refused(const char *p)
{
	if (strspn(p, "/") == strlen(p))
		return true;
	const char *last = strrchr(p, '/');
	last = last ? last + 1 : p;
	return !strcmp(last, ".") || !strcmp(last, "..");
}

int rm_main(int argc, char **argv)
{
	static const struct option longs[] = {{"force", no_argument, NULL, 'f'},
					      {"recursive", no_argument, NULL, 'r'},
					      {"dir", no_argument, NULL, 'd'},
					      {"verbose", no_argument, NULL, 'v'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	bool force = false, recursive = false, dirs = false, verbose = false;
	int c;
	while ((c = cu_getopt(argc, argv, "dfrRv", longs, &cmd)) != -1) {
		if (c == 'f')
			force = true;
		else if (c == 'r' || c == 'R')
			recursive = true;
		else if (c == 'd')
			dirs = true;
		else if (c == 'v')
			verbose = true;
	}
	if (optind == argc) {
		if (force)
			return 0;
		cu_need_operands(argc, argv, 1, &cmd);
	}
	int status = 0;
	for (int i = optind; i < argc; i++) {
		if (refused(argv[i])) {
			status = strspn(argv[i], "/") == strlen(argv[i])
					 ? cu_err("it is dangerous to operate recursively on '%s'",
						  argv[i])
					 : cu_err("refusing to remove '.' or '..' directory: skipping '%s'",
						  argv[i]);
			continue;
		}
		if (dirs && !recursive && rmdir(argv[i]) == 0)
			continue;
		status |= cu_remove(argv[i], recursive, force, verbose);
	}
	return status;
}
