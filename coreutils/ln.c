/* ln: makes links, hard or (-s) symbolic; -f replaces what is in the way. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... TARGET LINK_NAME\n"
	"  or:  %s [OPTION]... TARGET... DIRECTORY\n"
	"  or:  %s [OPTION]... TARGET\n",
	"Make LINK_NAME a link to TARGET; with a DIRECTORY, links named as the TARGETs\n"
	"in it; with one TARGET, a link in the working directory. Hard links unless -s.\n\n"
	"  -f, --force     remove existing destination files\n"
	"  -s, --symbolic  make symbolic links\n"
	"  -v, --verbose   print the name of each link made\n"
	"      --help      display this help and exit\n",
	1};

static bool force, symbolic, verbose;

static int link_one(const char *target, const char *name)
{
	if (force)
		unlink(name);
	if ((symbolic ? symlink(target, name) : link(target, name)) != 0) {
		if (errno == ENOENT && !symbolic && access(target, F_OK) != 0)
			return cu_err("failed to access '%s': %s", target, strerror(errno));
		return cu_err("failed to create %s link '%s': %s", symbolic ? "symbolic" : "hard",
			      name, strerror(errno));
	}
	if (verbose)
		printf("'%s' -> '%s'\n", name, target);
	return 0;
}

static int into_dir(const char *target, const char *dir)
{
	char name[PATH_MAX];
	if (cu_join_base(name, sizeof(name), dir, target) != 0)
		return cu_err("%s: %s", target, strerror(ENAMETOOLONG));
	return link_one(target, name);
}

int ln_main(int argc, char **argv)
{
	static const struct option longs[] = {{"force", no_argument, NULL, 'f'},
					      {"symbolic", no_argument, NULL, 's'},
					      {"verbose", no_argument, NULL, 'v'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	int c;
	while ((c = cu_getopt(argc, argv, "fsv", longs, &cmd)) != -1) {
		if (c == 'f')
			force = true;
		else if (c == 's')
			symbolic = true;
		else
			verbose = true;
	}
	cu_need_operands(argc, argv, 1, &cmd);
	int n = argc - optind;
	if (n == 1)
		return into_dir(argv[optind], ".");
	const char *last = argv[argc - 1];
	struct stat st;
	bool dir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
	if (n == 2 && !(dir && !(force && symbolic && lstat(last, &st) == 0 && S_ISLNK(st.st_mode))))
		return link_one(argv[optind], last);
	if (!dir)
		return cu_err("target '%s' is not a directory", last);
	int status = 0;
	for (int i = optind; i < argc - 1; i++)
		status |= into_dir(argv[i], last);
	return status;
}
