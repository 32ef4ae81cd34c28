/*
 * File times by path: utimensat (AT_FDCWD or an absolute path), utimes and
 * utime, all one VFS_UTIMES call. UTIME_NOW is read here from the wall
 * clock; UTIME_OMIT keeps a time (-1 to the server). futimens needs a
 * per-file call the servers do not have yet.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <utime.h>

#include "internal.h"

/* One timespec as VFS_UTIMES wants it: ns since the epoch, -1 to keep. -> 0 or -EINVAL. */
static int time_arg(const struct timespec *t, int64_t now, uint64_t *out)
{
	if (t->tv_nsec == UTIME_NOW)
		*out = (uint64_t)now;
	else if (t->tv_nsec == UTIME_OMIT)
		*out = (uint64_t)-1;
	else if (t->tv_nsec < 0 || t->tv_nsec >= 1000000000 || t->tv_sec < 0)
		return -EINVAL;
	else
		*out = (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
	return 0;
}

static long set_times(const char *path, const struct timespec times[2])
{
	uint64_t w[4] = {VFS_UTIMES, 0, 0, 1};
	if (times) {
		if (motor_user_ok(times, 2 * sizeof(*times), 0))
			return -EFAULT;
		int64_t now;
		int err = posix_clock_ns(CLOCK_REALTIME, &now);
		if (!err)
			err = time_arg(&times[0], now, &w[1]);
		if (!err)
			err = time_arg(&times[1], now, &w[2]);
		if (err)
			return err;
		w[3] = 0;
	}
	return vfs_path_call(w, path, NULL, 0);
}

int utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return (int)posix_ret(-EINVAL);
	if (flags)
		return (int)posix_ret(-EOPNOTSUPP); /* the servers set times through links only */
	if (dirfd != AT_FDCWD && !(path && motor_user_ok(path, 1, 0) == 0 && path[0] == '/'))
		return (int)posix_ret(-ENOSYS); /* no directory descriptors for *at calls yet */
	return (int)posix_ret(set_times(path, times));
}

int utimes(const char *path, const struct timeval *tv)
{
	if (!tv)
		return (int)posix_ret(set_times(path, NULL));
	if (motor_user_ok(tv, 2 * sizeof(*tv), 0))
		return (int)posix_ret(-EFAULT);
	struct timespec ts[2];
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return (int)posix_ret(-EINVAL);
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return (int)posix_ret(set_times(path, ts));
}

int utime(const char *path, const struct utimbuf *t)
{
	if (!t)
		return (int)posix_ret(set_times(path, NULL));
	if (motor_user_ok(t, sizeof(*t), 0))
		return (int)posix_ret(-EFAULT);
	struct timespec ts[2] = {{t->actime, 0}, {t->modtime, 0}};
	return (int)posix_ret(set_times(path, ts));
}
