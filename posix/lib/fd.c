/*
 * The file descriptor table. A descriptor names an ofile (one session
 * handle); dup'ed descriptors share it, and the session is closed at the
 * server when the last descriptor goes. FD_CLOEXEC is per descriptor.
 *
 * A process started without descriptors 0-2 (the servers, which run before
 * the tty server does) gets a fallback: 1 and 2 write to the kernel
 * console, 0 reads end-of-file.
 */
#include <fcntl.h>
#include <stdlib.h>

#include "internal.h"

static struct {
	struct ofile *f;
	int cloexec;
} table[FD_MAX];

struct ofile *ofile_new(long handle, int flags)
{
	struct ofile *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->handle = handle;
	f->refs = 1;
	f->flags = flags;
	return f;
}

void session_drop(long h)
{
	uint64_t w[4] = {FILE_CLOSE, 0, 0, 0};
	motor_file_call(h, w, NULL);
	motor_handle_close(h);
}

void ofile_put(struct ofile *f)
{
	if (--f->refs > 0)
		return;
	if (f->watches)
		readiness_release(f);
	if (f->epoll)
		epoll_destroy(f->epoll);
	else if (!f->kcons)
		session_drop(f->handle);
	free(f);
}

int fd_install_session(long h, int flags, int cloexec)
{
	struct ofile *f = ofile_new(h, flags);
	int fd = f ? fd_alloc(f, 0, cloexec) : -ENOMEM;
	if (fd < 0) {
		if (f)
			ofile_put(f);
		else
			session_drop(h);
	}
	return fd;
}

struct ofile *fd_get(int fd)
{
	if (fd < 0 || fd >= FD_MAX)
		return NULL;
	return table[fd].f;
}

int fd_alloc(struct ofile *f, int min_fd, int cloexec)
{
	if (min_fd < 0)
		return -EINVAL;
	for (int fd = min_fd; fd < FD_MAX; fd++) {
		if (!table[fd].f) {
			table[fd].f = f;
			table[fd].cloexec = cloexec;
			return fd;
		}
	}
	return -EMFILE;
}

int fd_close(int fd)
{
	struct ofile *f = fd_get(fd);
	if (!f)
		return -EBADF;
	table[fd].f = NULL;
	ofile_put(f);
	return 0;
}

void fd_close_all(void)
{
	for (int fd = 0; fd < FD_MAX; fd++)
		if (table[fd].f)
			fd_close(fd);
}

int fd_cloexec(int fd)
{
	return fd_get(fd) ? table[fd].cloexec : -EBADF;
}

int fd_set_cloexec(int fd, int on)
{
	if (!fd_get(fd))
		return -EBADF;
	table[fd].cloexec = on;
	return 0;
}

static void install_fallback(int fd, int flags)
{
	struct ofile *f = ofile_new(0, flags);
	if (!f)
		return;
	f->kcons = 1;
	table[fd].f = f;
}

void fd_init_from_auxv(void)
{
	static const unsigned long at[3] = {MOTOR_AT_FD0, MOTOR_AT_FD1, MOTOR_AT_FD2};
	struct ofile *prev = NULL;
	long prev_h = 0;
	for (int fd = 0; fd < 3; fd++) {
		long h = (long)motor_getauxval(at[fd]);
		if (h <= 0) {
			install_fallback(fd, fd == 0 ? O_RDONLY : O_WRONLY);
			continue;
		}
		if (prev && h == prev_h) { /* the same handle twice: one ofile */
			prev->refs++;
			table[fd].f = prev;
			continue;
		}
		prev = ofile_new(h, O_RDWR);
		prev_h = h;
		table[fd].f = prev;
	}
	/* Descriptors above 2 a parent passed (posix_spawn, motor_spawn_process). */
	for (const unsigned long *a = posix_auxv; a && a[0]; a += 2) {
		if (a[0] < MOTOR_AT_FD_BASE + 3 || a[0] >= MOTOR_AT_FD_BASE + FD_MAX || !a[1])
			continue;
		int fd = (int)(a[0] - MOTOR_AT_FD_BASE);
		struct ofile *f = table[fd].f ? NULL : ofile_new((long)a[1], O_RDWR);
		if (f)
			table[fd].f = f;
	}
}

int motor_fd_install(long handle, int min_fd)
{
	struct ofile *f = ofile_new(handle, O_RDWR);
	if (!f)
		return (int)posix_ret(-ENOMEM);
	int fd = fd_alloc(f, min_fd, 0);
	if (fd < 0)
		free(f);
	return (int)posix_ret(fd);
}

long motor_fd_handle(int fd)
{
	struct ofile *f = fd_get(fd);
	return f && !f->kcons ? f->handle : posix_ret(-EBADF);
}

long motor_fd_clone(int fd)
{
	struct ofile *f = fd_get(fd);
	if (!f || f->kcons || f->epoll)
		return posix_ret(-EBADF); /* an epoll instance lives in this process only */
	uint64_t w[4] = {FILE_CLONE, 0, 0, 0};
	struct motor_msg m = {0};
	long r = motor_file_call(f->handle, w, &m);
	if (r < 0)
		return posix_ret(r);
	return m.rnhandles == 1 ? m.rhandles[0] : posix_ret(-EIO);
}
