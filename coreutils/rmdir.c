/* rmdir: removes empty directories (-p: then their parents named in the path). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... DIRECTORY...\n",
	"Remove the DIRECTORYs, if they are empty.\n\n"
	"  -p, --parents  remove DIRECTORY and its ancestors: 'a/b/c' is 'a/b/c a/b a'\n"
	"  -v, --verbose  print a line for each directory removed\n"
	"      --help     display this help and exit\n",
	1};

static bool verbose;

static int remove_one(const char *path)
{
	if (rmdir(path) != 0)
		return cu_err("failed to remove '%s': %s", path, strerror(errno));
	if (verbose)
		printf("%s: removing directory, '%s'\n", cu_name, path);
	return 0;
}

int rmdir_main(int argc, char **argv)
{
	static const struct option longs[] = {{"parents", no_argument, NULL, 'p'},
					      {"verbose", no_argument, NULL, 'v'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	bool parents = false;
	int c;
	while ((c = cu_getopt(argc, argv, "pv", longs, &cmd)) != -1) {
		if (c == 'p')
			parents = true;
		else
			verbose = true;
	}
	cu_need_operands(argc, argv, 1, &cmd);
	int status = 0;
	for (int i = optind; i < argc; i++) {
		char *p = argv[i];
		if (remove_one(p)) {
			status = 1;
			continue;
		}
		/* -p: strip the last component (and its slashes) and go again. */
		for (char *s = p + strlen(p); parents && s > p;) {
			while (s > p && s[-1] == '/')
				s--;
			while (s > p && s[-1] != '/')
				s--;
			while (s > p && s[-1] == '/')
				s--;
			if (s == p)
				break;
			*s = 0;
			if (remove_one(p)) {
				status = 1;
				break;
			}
		}
	}
	return status;
}
