/*
 * Data calls on descriptors: each is one IPC call to the session behind
 * the descriptor, straight into or out of the caller's buffer (the kernel
 * checks the buffer: a bad one fails the call with EFAULT).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "internal.h"

#define CHUNK MOTOR_IPC_MAX_DATA

static long kcons_write(const void *buf, size_t len)
{
	if (motor_user_ok(buf, len, 0))
		return -EFAULT;
	size_t done = 0;
	while (done < len) {
		size_t n = len - done > 4096 ? 4096 : len - done;
		long r = motor_debug_write((long)((const char *)buf + done), (long)n);
		if (r < 0)
			return done ? (long)done : r;
		done += n;
	}
	return (long)done;
}

static long do_read(int fd, void *buf, size_t len, int positional, off_t off)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (f->kcons)
		return 0;
	if (len > CHUNK)
		len = CHUNK; /* a short read: the caller loops */
	uint64_t w[4] = {positional ? FILE_PREAD : FILE_READ, len, (uint64_t)off, 0};
	struct motor_msg m = {0};
	m.rbuf = (uint64_t)buf;
	m.rlen = len;
	return motor_file_call(f->handle, w, &m);
}

static long do_write(int fd, const void *buf, size_t len, int positional, off_t off)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (f->kcons)
		return kcons_write(buf, len);
	size_t done = 0;
	do {
		size_t n = len - done > CHUNK ? CHUNK : len - done;
		uint64_t w[4] = {positional ? FILE_PWRITE : FILE_WRITE, n, (uint64_t)(off + done), 0};
		struct motor_msg m = {0};
		m.buf = (uint64_t)((const char *)buf + done);
		m.len = n;
		long r = motor_file_call(f->handle, w, &m);
		if (r == -EPIPE)
			posix_raise_sigpipe(); /* no reader: the signal, then EPIPE if it returns */
		if (r < 0)
			return done ? (long)done : r;
		done += (size_t)r;
		if ((size_t)r < n)
			break;
	} while (done < len);
	return (long)done;
}

ssize_t read(int fd, void *buf, size_t len)
{
	return posix_ret(do_read(fd, buf, len, 0, 0));
}

ssize_t write(int fd, const void *buf, size_t len)
{
	return posix_ret(do_write(fd, buf, len, 0, 0));
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return posix_ret(off < 0 ? -EINVAL : do_read(fd, buf, len, 1, off));
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	return posix_ret(off < 0 ? -EINVAL : do_write(fd, buf, len, 1, off));
}

/* A call with only words on fd's session. */
static long simple(int fd, uint64_t op, uint64_t a, uint64_t b)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (f->kcons)
		return op == FILE_SEEK ? -ESPIPE : op == FILE_SYNC ? 0 : -EINVAL;
	uint64_t w[4] = {op, a, b, 0};
	return motor_file_call(f->handle, w, NULL);
}

off_t lseek(int fd, off_t off, int whence)
{
	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		return posix_ret(fd_get(fd) ? -EINVAL : -EBADF);
	return posix_ret(simple(fd, FILE_SEEK, (uint64_t)off, (uint64_t)whence));
}

int ftruncate(int fd, off_t len)
{
	return (int)posix_ret(len < 0 ? -EINVAL : simple(fd, FILE_TRUNCATE, (uint64_t)len, 0));
}

int fsync(int fd)
{
	return (int)posix_ret(simple(fd, FILE_SYNC, 0, 0));
}

int fdatasync(int fd)
{
	return fsync(fd);
}

int fchmod(int fd, mode_t mode)
{
	return (int)posix_ret(simple(fd, FILE_CHMOD, mode & 07777, 0));
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)posix_ret(simple(fd, FILE_CHOWN, (uint64_t)(int64_t)(int)uid,
				     (uint64_t)(int64_t)(int)gid));
}

int fstat(int fd, struct stat *st)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return (int)posix_ret(-EBADF);
	if (motor_user_ok(st, sizeof(*st), 1))
		return (int)posix_ret(-EFAULT);
	struct motor_stat ms = {0};
	if (f->kcons) {
		ms.mode = S_IFCHR | 0620;
		ms.rdev = MOTOR_DEV_TTY << 8 | MOTOR_DEV_MINOR_CONSOLE;
		ms.nlink = 1;
	} else {
		uint64_t w[4] = {FILE_STAT, 0, 0, 0};
		struct motor_msg m = {0};
		m.rbuf = (uint64_t)&ms;
		m.rlen = sizeof(ms);
		long r = motor_file_call(f->handle, w, &m);
		if (r < 0)
			return (int)posix_ret(r);
	}
	stat_from_motor(st, &ms);
	return 0;
}

int close(int fd)
{
	return (int)posix_ret(fd_close(fd));
}

/* ---- descriptors ---- */

static int dup_from(int fd, int min_fd, int cloexec)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return -EBADF;
	f->refs++;
	int r = fd_alloc(f, min_fd, cloexec);
	if (r < 0)
		f->refs--;
	return r;
}

int dup(int fd)
{
	return (int)posix_ret(dup_from(fd, 0, 0));
}

static int dup_to(int fd, int to, int cloexec)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (to < 0 || to >= FD_MAX)
		return -EBADF;
	if (to == fd)
		return to;
	if (fd_get(to))
		fd_close(to);
	return dup_from(fd, to, cloexec);
}

int dup2(int fd, int to)
{
	return (int)posix_ret(dup_to(fd, to, 0));
}

int dup3(int fd, int to, int flags)
{
	if (fd == to || (flags & ~O_CLOEXEC))
		return (int)posix_ret(-EINVAL);
	return (int)posix_ret(dup_to(fd, to, (flags & O_CLOEXEC) != 0));
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	if (!fd_get(fd))
		return (int)posix_ret(-EBADF);
	switch (cmd) {
	case F_DUPFD:
		return (int)posix_ret(arg < 0 || arg >= FD_MAX ? -EINVAL : dup_from(fd, (int)arg, 0));
#ifdef F_DUPFD_CLOEXEC
	case F_DUPFD_CLOEXEC:
		return (int)posix_ret(arg < 0 || arg >= FD_MAX ? -EINVAL : dup_from(fd, (int)arg, 1));
#endif
	case F_GETFD:
		return fd_cloexec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		return (int)posix_ret(fd_set_cloexec(fd, (arg & FD_CLOEXEC) != 0));
	case F_GETFL:
		if (fd_get(fd)->kcons)
			return fd_get(fd)->flags;
		return (int)posix_ret(simple(fd, FILE_GETFL, 0, 0));
	case F_SETFL:
		if (fd_get(fd)->kcons)
			return 0;
		return (int)posix_ret(simple(fd, FILE_SETFL, (uint64_t)arg & (O_APPEND | O_NONBLOCK), 0));
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		return 0; /* one writer per file in practice: advisory locks always succeed */
	default:
		return (int)posix_ret(-EINVAL);
	}
}

/* ---- terminals ---- */

struct ioctl_kind {
	unsigned long req;
	size_t size;
	int out; /* 1: the server fills it; 0: the caller's data goes in */
};

static const struct ioctl_kind ioctls[] = {
	{TCGETS, sizeof(struct termios), 1},
	{TCSETS, sizeof(struct termios), 0},
	{TCSETSW, sizeof(struct termios), 0},
	{TCSETSF, sizeof(struct termios), 0},
	{TIOCGWINSZ, sizeof(struct winsize), 1},
	{TIOCSWINSZ, sizeof(struct winsize), 0},
	{FIONREAD, sizeof(int), 1},
};

static long do_ioctl(int fd, unsigned long req, void *arg)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (req == FIONBIO) {
		if (motor_user_ok(arg, sizeof(int), 0))
			return -EFAULT;
		long fl = simple(fd, FILE_GETFL, 0, 0);
		if (fl < 0)
			return fl;
		fl = *(int *)arg ? fl | O_NONBLOCK : fl & ~O_NONBLOCK;
		return simple(fd, FILE_SETFL, (uint64_t)fl & (O_APPEND | O_NONBLOCK), 0);
	}
	const struct ioctl_kind *k = NULL;
	for (size_t i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++)
		if (ioctls[i].req == req)
			k = &ioctls[i];
	if (!k)
		return f->kcons ? -ENOTTY : -EINVAL;
	if (f->kcons)
		return -ENOTTY;
	uint64_t w[4] = {FILE_IOCTL, req, 0, 0};
	struct motor_msg m = {0};
	if (k->out) {
		m.rbuf = (uint64_t)arg;
		m.rlen = k->size;
	} else {
		m.buf = (uint64_t)arg;
		m.len = k->size;
	}
	return motor_file_call(f->handle, w, &m);
}

int ioctl(int fd, int req, ...)
{
	va_list ap;
	va_start(ap, req);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	return (int)posix_ret(do_ioctl(fd, (unsigned long)(unsigned)req, arg));
}

int isatty(int fd)
{
	struct termios t;
	struct ofile *f = fd_get(fd);
	if (f && f->kcons)
		return 1;
	long r = do_ioctl(fd, TCGETS, &t);
	if (r < 0) {
		errno = r == -EBADF ? EBADF : ENOTTY;
		return 0;
	}
	return 1;
}

int tcgetattr(int fd, struct termios *t)
{
	return (int)posix_ret(do_ioctl(fd, TCGETS, t));
}

int tcsetattr(int fd, int act, const struct termios *t)
{
	unsigned long req = act == TCSANOW ? TCSETS : act == TCSADRAIN ? TCSETSW
			  : act == TCSAFLUSH ? TCSETSF : 0;
	if (!req)
		return (int)posix_ret(-EINVAL);
	return (int)posix_ret(do_ioctl(fd, req, (void *)t));
}
