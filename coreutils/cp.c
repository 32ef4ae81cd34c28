/* cp: copies files, or (-r) directories with all under them, to a new name or into a directory. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... SOURCE DEST\n"
	"  or:  %s [OPTION]... SOURCE... DIRECTORY\n",
	"Copy SOURCE to DEST, or the SOURCEs into DIRECTORY.\n\n"
	"  -f, --force          if a destination cannot be opened, remove it and try again\n"
	"  -p                   preserve mode, ownership and times\n"
	"  -r, -R, --recursive  copy directories recursively (symbolic links as links)\n"
	"  -v, --verbose        explain what is being done\n"
	"      --help           display this help and exit\n",
	1};

static struct cu_copy_opts o;

static int copy_one(const char *src, const char *dst)
{
	return cu_copy(src, dst, &o);
}

int cp_main(int argc, char **argv)
{
	static const struct option longs[] = {{"force", no_argument, NULL, 'f'},
					      {"recursive", no_argument, NULL, 'r'},
					      {"verbose", no_argument, NULL, 'v'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	int c;
	while ((c = cu_getopt(argc, argv, "fprRv", longs, &cmd)) != -1) {
		if (c == 'f')
			o.force = 1;
		else if (c == 'p')
			o.preserve = 1;
		else if (c == 'r' || c == 'R')
			o.recursive = 1;
		else if (c == 'v')
			o.verbose = 1;
	}
	cu_need_operands(argc, argv, 2, &cmd);
	return cu_each_to_target(argc, argv, copy_one);
}
