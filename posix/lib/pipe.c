/*
 * pipe, pipe2: the VFS server makes the pipe and answers with a session for
 * each end; they become two descriptors here. (EPIPE comes back from a
 * write with no reader left; raising SIGPIPE waits for signals, issue 5.)
 */
#include <fcntl.h>
#include <unistd.h>

#include "internal.h"

int pipe2(int fds[2], int flags)
{
	if (motor_user_ok(fds, 2 * sizeof(int), 1))
		return (int)posix_ret(-EFAULT);
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return (int)posix_ret(-EINVAL);
	if (!posix_vfs)
		return (int)posix_ret(-ENOSYS);
	uint64_t w[4] = {VFS_PIPE, (uint64_t)(flags & O_NONBLOCK), 0, 0};
	struct motor_msg m = {0};
	long r = motor_file_call(posix_vfs, w, &m);
	if (r >= 0 && m.rnhandles != 2) {
		for (uint32_t i = 0; i < m.rnhandles; i++)
			session_drop(m.rhandles[i]);
		r = -EIO;
	}
	if (r < 0)
		return (int)posix_ret(r);
	int cloexec = (flags & O_CLOEXEC) != 0;
	int rfd = fd_install_session(m.rhandles[0], O_RDONLY, cloexec);
	if (rfd < 0) {
		session_drop(m.rhandles[1]);
		return (int)posix_ret(rfd);
	}
	int wfd = fd_install_session(m.rhandles[1], O_WRONLY, cloexec);
	if (wfd < 0) {
		close(rfd);
		return (int)posix_ret(wfd);
	}
	fds[0] = rfd;
	fds[1] = wfd;
	return 0;
}

int pipe(int fds[2])
{
	return pipe2(fds, 0);
}
