/*
 * pathconf, fpathconf: a file's limits. Every Motor file system (the
 * initrd, tmpfs, devices, pipes) has the same ones: those of <limits.h>.
 * The file must exist (ENOENT, EBADF otherwise), as POSIX asks.
 */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static long limit(int name)
{
	switch (name) {
	case _PC_LINK_MAX:
		return LINK_MAX;
	case _PC_MAX_CANON:
		return MAX_CANON;
	case _PC_MAX_INPUT:
		return MAX_INPUT;
	case _PC_NAME_MAX:
		return NAME_MAX;
	case _PC_PATH_MAX:
		return PATH_MAX;
	case _PC_PIPE_BUF:
		return PIPE_BUF;
	case _PC_CHOWN_RESTRICTED:
	case _PC_NO_TRUNC:
		return 1;
	case _PC_VDISABLE:
		return 0; /* _POSIX_VDISABLE: a c_cc[] entry of 0 is off */
	case _PC_FILESIZEBITS:
		return 64;
	case _PC_2_SYMLINKS:
		return 1;
	case _PC_SYMLINK_MAX:
		return PATH_MAX - 1;
	case _PC_ASYNC_IO:
	case _PC_PRIO_IO:
	case _PC_SYNC_IO:
		return -1; /* unsupported options: -1 with errno untouched */
	default:
		return posix_ret(-EINVAL);
	}
}

long fpathconf(int fd, int name)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -1;
	return limit(name);
}

long pathconf(const char *path, int name)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	return limit(name);
}
