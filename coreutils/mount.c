/* mount: lists what is mounted, as Linux's mount does. Mounting more needs a
 * way to ask the VFS server for it, which comes with the ext2 server. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [-t TYPE]\n",
	"List the mounted file systems: SOURCE on DIRECTORY type TYPE (OPTIONS).\n"
	"Mounting and unmounting are not supported yet.\n\n"
	"  -t, --types=TYPE  list only file systems of TYPE\n"
	"      --help        display this help and exit\n",
	1};

int mount_main(int argc, char **argv)
{
	static const struct option longs[] = {{"types", required_argument, NULL, 't'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	const char *type = NULL;
	int c;
	while ((c = cu_getopt(argc, argv, "t:", longs, &cmd)) != -1)
		type = optarg;
	if (optind < argc)
		return cu_err("mounting is not supported yet (the mounts are fixed at boot)");
	struct cu_mount *m;
	int n = cu_mounts(&m);
	if (n < 0)
		return cu_errno("cannot read the mount table");
	for (int i = 0; i < n; i++)
		if (!type || !strcmp(type, m[i].type))
			printf("%s on %s type %s (%s)\n", m[i].source, m[i].dir, m[i].type,
			       m[i].options);
	free(m);
	return fflush(stdout) ? cu_errno("write error") : 0;
}
