/* df: size, used and available space of each mounted file system (statvfs
 * on each mount point), or of those holding the FILEs. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [FILE]...\n",
	"Show the space on the file systems holding the FILEs, or on all of them.\n\n"
	"  -h, --human-readable  print sizes in powers of 1024 (e.g. 1.0M)\n"
	"  -k                    1K blocks (the default)\n"
	"  -T, --print-type      print the file system type\n"
	"      --help            display this help and exit\n",
	1};

static bool human, types;

static void size_cell(uint64_t bytes, int width)
{
	char buf[32];
	if (human)
		cu_human(bytes, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)((bytes + 1023) / 1024));
	printf(" %*s", width, buf);
}

static int show(const struct cu_mount *m)
{
	struct statvfs s;
	if (statvfs(m->dir, &s) != 0)
		return cu_errno(m->dir);
	uint64_t unit = s.f_frsize ? s.f_frsize : s.f_bsize;
	uint64_t total = s.f_blocks * unit, avail = s.f_bavail * unit;
	uint64_t used = (s.f_blocks - s.f_bfree) * unit;
	printf("%-14s", m->source);
	if (types)
		printf(" %-7s", m->type);
	int w = human ? 5 : 10;
	size_cell(total, w);
	size_cell(used, w);
	size_cell(avail, w);
	if (used + avail == 0)
		printf("    -");
	else
		printf(" %3llu%%", (unsigned long long)((used * 100 + used + avail - 1) / (used + avail)));
	printf(" %s\n", m->dir);
	return 0;
}

/* The mount holding path: the longest mount point that is a prefix of its real path. */
static const struct cu_mount *holder(const struct cu_mount *m, int n, const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return NULL;
	const struct cu_mount *best = NULL;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(m[i].dir);
		bool under = !strncmp(real, m[i].dir, l) &&
			     (real[l] == '/' || real[l] == 0 || !strcmp(m[i].dir, "/"));
		if (under && (!best || l >= strlen(best->dir)))
			best = &m[i];
	}
	return best;
}

int df_main(int argc, char **argv)
{
	static const struct option longs[] = {{"human-readable", no_argument, NULL, 'h'},
					      {"print-type", no_argument, NULL, 'T'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	int c;
	while ((c = cu_getopt(argc, argv, "hkT", longs, &cmd)) != -1) {
		if (c == 'h')
			human = true;
		else if (c == 'k')
			human = false;
		else if (c == 'T')
			types = true;
	}
	struct cu_mount *m;
	int n = cu_mounts(&m);
	if (n < 0)
		return cu_errno("cannot read the mount table");
	printf("%-14s", "Filesystem");
	if (types)
		printf(" %-7s", "Type");
	if (human)
		printf("  Size  Used Avail Use%% Mounted on\n");
	else
		printf("  1K-blocks       Used  Available Use%% Mounted on\n");
	int status = 0;
	if (optind == argc)
		for (int i = 0; i < n; i++)
			status |= show(&m[i]);
	for (int i = optind; i < argc; i++) {
		const struct cu_mount *h = holder(m, n, argv[i]);
		if (!h)
			status = cu_errno(argv[i]);
		else
			status |= show(h);
	}
	free(m);
	return status;
}
