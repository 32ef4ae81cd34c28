/* statvfs: a file system's figures from the server that holds path (VFS_STATFS). */
#include <string.h>
#include <sys/statvfs.h>

#include "internal.h"

int statvfs(const char *path, struct statvfs *buf)
{
	if (motor_user_ok(buf, sizeof(*buf), 1))
		return (int)posix_ret(-EFAULT);
	struct motor_statfs s = {0};
	uint64_t w[4] = {VFS_STATFS, 0, 0, 0};
	long r = vfs_path_call(w, path, &s, sizeof(s));
	if (r < 0)
		return (int)posix_ret(r);
	memset(buf, 0, sizeof(*buf));
	buf->f_bsize = buf->f_frsize = s.bsize;
	buf->f_blocks = s.blocks;
	buf->f_bfree = s.bfree;
	buf->f_bavail = s.bavail;
	buf->f_files = s.files;
	buf->f_ffree = buf->f_favail = s.ffree;
	buf->f_flag = s.flags & 1 ? ST_RDONLY : 0;
	buf->f_namemax = s.namemax;
	return 0;
}
