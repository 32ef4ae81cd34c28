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

int main(int argc, char **argv)
{
	static const struct option longs[] = {{"force", no_argument, NULL, 'f'},
					      {"recursive", no_argument, NULL, 'r'},
					      {"verbose", no_argument, NULL, 'v'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	struct cu_copy_opts o = {0};
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
	const char *dest = argv[argc - 1];
	struct stat st;
	bool dir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc - optind == 2 && !dir)
		return cu_copy(argv[optind], dest, &o);
	if (!dir)
		return cu_err("target '%s' is not a directory", dest);
	int status = 0;
	for (int i = optind; i < argc - 1; i++) {
		char to[PATH_MAX];
		if (cu_join_base(to, sizeof(to), dest, argv[i]) != 0)
			status = cu_err("%s: %s", argv[i], strerror(ENAMETOOLONG));
		else
			status |= cu_copy(argv[i], to, &o);
	}
	return status;
}
