/*
 * Path calls. The cwd is kept here as an absolute path string; relative
 * paths are joined with it before they go to the VFS server, which does the
 * real walk (".", "..", symlinks, mounts). A path from the caller is
 * measured page by page with vm_check, so a bad pointer is EFAULT, not a
 * fault in the library.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static char cwd[MOTOR_PATH_MAX] = "/";

/* strlen of a caller's string, at most max; -EFAULT or -ENAMETOOLONG. */
static long user_strlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n <= max) {
		uintptr_t at = (uintptr_t)s + n;
		size_t in_page = 4096 - (at & 4095);
		if (motor_user_ok((const void *)at, 1, 0))
			return -EFAULT;
		for (size_t i = 0; i < in_page && n <= max; i++, n++)
			if (s[n] == '\0')
				return (long)n;
	}
	return -ENAMETOOLONG;
}

long path_abs(const char *p, char *out, size_t cap)
{
	long len = user_strlen(p, MOTOR_PATH_MAX - 1);
	if (len < 0)
		return len;
	if (len == 0)
		return -ENOENT;
	size_t total;
	if (p[0] == '/') {
		memcpy(out, p, (size_t)len + 1);
		total = (size_t)len;
	} else {
		size_t c = strlen(cwd);
		total = c + 1 + (size_t)len;
		if (total + 1 > cap)
			return -ENAMETOOLONG;
		memcpy(out, cwd, c);
		out[c] = '/';
		memcpy(out + c + 1, p, (size_t)len + 1);
	}
	return total + 1 > cap ? -ENAMETOOLONG : (long)total;
}

/* A namespace call with path as its data; m gives the receive side (handles, rbuf). */
static long vfs_path_msg(uint64_t w[4], const char *path, struct motor_msg *m)
{
	if (!posix_vfs)
		return -ENOSYS;
	char abs[MOTOR_PATH_MAX];
	long n = path_abs(path, abs, sizeof(abs));
	if (n < 0)
		return n;
	m->buf = (uint64_t)abs;
	m->len = (uint64_t)n + 1;
	return motor_file_call(posix_vfs, w, m);
}

long vfs_path_call(uint64_t w[4], const char *path, void *rbuf, size_t rlen)
{
	struct motor_msg m = {0};
	m.rbuf = (uint64_t)rbuf;
	m.rlen = rlen;
	return vfs_path_msg(w, path, &m);
}

long vfs_path2_call(uint64_t w[4], const char *a, const char *b)
{
	if (!posix_vfs)
		return -ENOSYS;
	static char buf[2 * MOTOR_PATH_MAX];
	long n = path_abs(a, buf, MOTOR_PATH_MAX);
	if (n < 0)
		return n;
	long k = path_abs(b, buf + n + 1, MOTOR_PATH_MAX);
	if (k < 0)
		return k;
	struct motor_msg m = {0};
	m.buf = (uint64_t)buf;
	m.len = (uint64_t)(n + 1 + k + 1);
	return motor_file_call(posix_vfs, w, &m);
}

/* A symlink target is taken as is (not joined with the cwd). */
int symlink(const char *target, const char *linkpath)
{
	if (!posix_vfs)
		return (int)posix_ret(-ENOSYS);
	static char buf[2 * MOTOR_PATH_MAX];
	long n = user_strlen(target, MOTOR_PATH_MAX - 1);
	if (n < 0)
		return (int)posix_ret(n);
	if (n == 0)
		return (int)posix_ret(-ENOENT);
	memcpy(buf, target, (size_t)n + 1);
	long k = path_abs(linkpath, buf + n + 1, MOTOR_PATH_MAX);
	if (k < 0)
		return (int)posix_ret(k);
	uint64_t w[4] = {VFS_SYMLINK, 0, 0, 0};
	struct motor_msg m = {0};
	m.buf = (uint64_t)buf;
	m.len = (uint64_t)(n + 1 + k + 1);
	return (int)posix_ret(motor_file_call(posix_vfs, w, &m));
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	mode &= ~posix_umask_get();
	/* w3: who opens (a terminal may become its controlling terminal) */
	uint64_t w[4] = {VFS_OPEN, (uint64_t)(unsigned)flags, mode, (uint64_t)posix_pid};
	struct motor_msg m = {0};
	long r = vfs_path_msg(w, path, &m);
	if (r < 0)
		return (int)posix_ret(r);
	if (m.rnhandles != 1)
		return (int)posix_ret(-EIO);
	return (int)posix_ret(fd_install_session(m.rhandles[0], flags & (O_ACCMODE | O_APPEND),
						 (flags & O_CLOEXEC) != 0));
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

static int do_stat(const char *path, struct stat *st, int nofollow)
{
	if (motor_user_ok(st, sizeof(*st), 1))
		return -EFAULT;
	struct motor_stat ms;
	uint64_t w[4] = {VFS_STAT, (uint64_t)nofollow, 0, 0};
	long r = vfs_path_call(w, path, &ms, sizeof(ms));
	if (r < 0)
		return (int)r;
	stat_from_motor(st, &ms);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	return (int)posix_ret(do_stat(path, st, 0));
}

int lstat(const char *path, struct stat *st)
{
	return (int)posix_ret(do_stat(path, st, 1));
}

static int path_op(uint64_t op, const char *path, uint64_t a, uint64_t b)
{
	uint64_t w[4] = {op, a, b, 0};
	return (int)posix_ret(vfs_path_call(w, path, NULL, 0));
}

int mkdir(const char *path, mode_t mode)
{
	return path_op(VFS_MKDIR, path, mode & ~posix_umask_get() & 07777, 0);
}

int rmdir(const char *path)
{
	return path_op(VFS_RMDIR, path, 0, 0);
}

int unlink(const char *path)
{
	return path_op(VFS_UNLINK, path, 0, 0);
}

int access(const char *path, int mode)
{
	if (mode & ~(R_OK | W_OK | X_OK))
		return (int)posix_ret(-EINVAL);
	return path_op(VFS_ACCESS, path, (uint64_t)mode, 0);
}

int chmod(const char *path, mode_t mode)
{
	return path_op(VFS_CHMOD, path, mode & 07777, 0);
}

int chown(const char *path, uid_t uid, gid_t gid)
{
	uint64_t w[4] = {VFS_CHOWN, (uint64_t)(int64_t)(int)uid, (uint64_t)(int64_t)(int)gid, 0};
	return (int)posix_ret(vfs_path_call(w, path, NULL, 0));
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
	uint64_t w[4] = {VFS_CHOWN, (uint64_t)(int64_t)(int)uid, (uint64_t)(int64_t)(int)gid, 1};
	return (int)posix_ret(vfs_path_call(w, path, NULL, 0));
}

int truncate(const char *path, off_t len)
{
	if (len < 0)
		return (int)posix_ret(-EINVAL);
	return path_op(VFS_TRUNCATE, path, (uint64_t)len, 0);
}

int mknod(const char *path, mode_t mode, dev_t dev)
{
	return path_op(VFS_MKNOD, path, mode & ~posix_umask_get(), (uint64_t)dev);
}

int mkfifo(const char *path, mode_t mode)
{
	return mknod(path, S_IFIFO | (mode & 07777), 0);
}

int rename(const char *from, const char *to)
{
	uint64_t w[4] = {VFS_RENAME, 0, 0, 0};
	return (int)posix_ret(vfs_path2_call(w, from, to));
}

int link(const char *from, const char *to)
{
	uint64_t w[4] = {VFS_LINK, 0, 0, 0};
	return (int)posix_ret(vfs_path2_call(w, from, to));
}

ssize_t readlink(const char *path, char *buf, size_t len)
{
	if (len == 0)
		return posix_ret(-EINVAL);
	if (motor_user_ok(buf, len, 1))
		return posix_ret(-EFAULT);
	uint64_t w[4] = {VFS_READLINK, 0, 0, 0};
	char tmp[MOTOR_PATH_MAX];
	long r = vfs_path_call(w, path, tmp, sizeof(tmp));
	if (r < 0)
		return posix_ret(r);
	size_t n = (size_t)r < len ? (size_t)r : len;
	memcpy(buf, tmp, n);
	return (ssize_t)n;
}

char *realpath(const char *path, char *resolved)
{
	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	char tmp[MOTOR_PATH_MAX];
	uint64_t w[4] = {VFS_REALPATH, 0, 0, 0};
	long r = vfs_path_call(w, path, tmp, sizeof(tmp));
	if (r < 0) {
		errno = (int)-r;
		return NULL;
	}
	tmp[sizeof(tmp) - 1] = '\0';
	if (!resolved) {
		resolved = malloc(strlen(tmp) + 1);
		if (!resolved) {
			errno = ENOMEM;
			return NULL;
		}
	} else if (strlen(tmp) >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(resolved, tmp);
	return resolved;
}

const char *posix_cwd(void)
{
	return cwd;
}

void posix_cwd_init(const char *from_parent)
{
	if (from_parent && from_parent[0] == '/' && strlen(from_parent) < sizeof(cwd))
		strcpy(cwd, from_parent);
}

int chdir(const char *path)
{
	char tmp[MOTOR_PATH_MAX];
	uint64_t w[4] = {VFS_REALPATH, 0, 0, 0};
	long r = vfs_path_call(w, path, tmp, sizeof(tmp));
	if (r < 0)
		return (int)posix_ret(r);
	tmp[sizeof(tmp) - 1] = '\0';
	struct stat st;
	if (stat(tmp, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return (int)posix_ret(-ENOTDIR);
	strcpy(cwd, tmp);
	return 0;
}

int fchdir(int fd)
{
	(void)fd;
	return (int)posix_ret(fd_get(fd) ? -ENOSYS : -EBADF);
}

char *getcwd(char *buf, size_t size)
{
	size_t n = strlen(cwd) + 1;
	if (!buf) {
		buf = malloc(size > n ? size : n);
		if (!buf) {
			errno = ENOMEM;
			return NULL;
		}
		size = size > n ? size : n;
	} else if (size == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (n > size) {
		errno = ERANGE;
		return NULL;
	}
	if (motor_user_ok(buf, n, 1)) {
		errno = EFAULT;
		return NULL;
	}
	memcpy(buf, cwd, n);
	return buf;
}
