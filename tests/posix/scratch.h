/*
 * scratch.h — the scratch directory of a POSIX test program: D is
 * /tmp/PROGRAM.PID, P(fmt, ...) names a path inside it, rm_rf removes a
 * tree, scratch_setup makes D afresh (or bails out).
 */
#ifndef POSIX_TEST_SCRATCH_H
#define POSIX_TEST_SCRATCH_H

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

static char D[128];

/* A path in D; eight rotating buffers, so a call can use several at once. */
static const char *P(const char *fmt, ...) TAP_PRINTF(1, 2);
static const char *P(const char *fmt, ...)
{
	static char bufs[8][PATH_MAX];
	static unsigned next;
	char *b = bufs[next++ % 8];
	size_t n = (size_t)snprintf(b, PATH_MAX, "%s/", D);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b + n, PATH_MAX - n, fmt, ap);
	va_end(ap);
	return b;
}

static void rm_rf(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;

		if (d) {
			while ((e = readdir(d))) {
				char sub[PATH_MAX];

				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
				rm_rf(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void scratch_setup(const char *program)
{
	snprintf(D, sizeof(D), "/tmp/%s.%ld", program, (long)getpid());
	rm_rf(D);
	if (mkdir(D, 0755) != 0)
		bail_out("cannot create %s: %s", D, strerror(errno));
}

#endif
