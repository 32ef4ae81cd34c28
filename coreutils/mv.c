/* mv: renames files, or moves them into a directory; across file systems it
 * copies (keeping mode, owner and times) and removes the original. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... SOURCE DEST\n"
	"  or:  %s [OPTION]... SOURCE... DIRECTORY\n",
	"Rename SOURCE to DEST, or move the SOURCEs into DIRECTORY.\n\n"
	"  -f, --force        do not prompt before overwriting (mv never prompts)\n"
	"  -n, --no-clobber   do not overwrite an existing file\n"
	"  -v, --verbose      explain what is being done\n"
	"      --help         display this help and exit\n",
	1};

static bool no_clobber, verbose;

static int move(const char *src, const char *dst)
{
	struct stat st;
	if (lstat(src, &st) != 0)
		return cu_err("cannot stat '%s': %s", src, strerror(errno));
	if (no_clobber && lstat(dst, &st) == 0)
		return 0;
	if (rename(src, dst) == 0) {
		if (verbose)
			printf("renamed '%s' -> '%s'\n", src, dst);
		return 0;
	}
	if (errno != EXDEV)
		return cu_err("cannot move '%s' to '%s': %s", src, dst, strerror(errno));
	struct cu_copy_opts o = {.recursive = 1, .preserve = 1, .force = 1};
	if (cu_copy(src, dst, &o) != 0)
		return 1;
	if (verbose)
		printf("copied '%s' -> '%s'\n", src, dst);
	return cu_remove(src, 1, 0, 0);
}

int mv_main(int argc, char **argv)
{
	static const struct option longs[] = {{"force", no_argument, NULL, 'f'},
					      {"no-clobber", no_argument, NULL, 'n'},
					      {"verbose", no_argument, NULL, 'v'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	int c;
	while ((c = cu_getopt(argc, argv, "fnv", longs, &cmd)) != -1) {
		if (c == 'n')
			no_clobber = true;
		else if (c == 'v')
			verbose = true;
		else if (c == 'f')
			no_clobber = false;
	}
	cu_need_operands(argc, argv, 2, &cmd);
	return cu_each_to_target(argc, argv, move);
}
