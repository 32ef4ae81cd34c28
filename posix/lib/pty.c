/*
 * Pseudo-terminals: /dev/ptmx opens a new pair's master (ttyd pty.c), the
 * slave is /dev/pts/N, locked until unlockpt. posix_openpt, grantpt,
 * unlockpt, ptsname, ptsname_r (<stdlib.h>), and openpty, login_tty,
 * forkpty (<pty.h>).
 */
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

#define PTS_NAME 20 /* "/dev/pts/" and a number */

int posix_openpt(int flags)
{
	if (flags & ~(O_ACCMODE | O_NOCTTY | O_CLOEXEC))
		return (int)posix_ret(-EINVAL);
	return open("/dev/ptmx", flags);
}

int grantpt(int fd)
{
	unsigned n;
	long r = posix_ioctl(fd, TIOCGPTN, &n); /* only a master has a number */
	return (int)posix_ret(r == -ENOTTY ? -EINVAL : r);
}

int unlockpt(int fd)
{
	int unlock = 0;
	long r = posix_ioctl(fd, TIOCSPTLCK, &unlock);
	return (int)posix_ret(r == -ENOTTY ? -EINVAL : r);
}

int ptsname_r(int fd, char *buf, size_t len)
{
	unsigned n;
	char name[PTS_NAME];
	long r = posix_ioctl(fd, TIOCGPTN, &n);
	if (r < 0)
		return r == -EBADF ? EBADF : ENOTTY;
	snprintf(name, sizeof(name), "/dev/pts/%u", n);
	return posix_copy_name(name, buf, len);
}

char *ptsname(int fd)
{
	static char name[PTS_NAME];
	return posix_static_name(ptsname_r, fd, name, sizeof(name));
}

int openpty(int *master, int *slave, char *name, const struct termios *tio,
	    const struct winsize *ws)
{
	char path[PTS_NAME];
	int m = posix_openpt(O_RDWR | O_NOCTTY), s = -1, err;
	if (m < 0)
		return -1;
	if ((err = unlockpt(m) < 0 ? errno : ptsname_r(m, path, sizeof(path))) == 0) {
		s = open(path, O_RDWR | O_NOCTTY);
		err = s < 0 ? errno : 0;
	}
	if (!err && tio && tcsetattr(s, TCSANOW, tio) < 0)
		err = errno;
	if (!err && ws && ioctl(s, TIOCSWINSZ, ws) < 0)
		err = errno;
	if (err) {
		if (s >= 0)
			close(s);
		close(m);
		errno = err;
		return -1;
	}
	if (name)
		strcpy(name, path);
	*master = m;
	*slave = s;
	return 0;
}

int login_tty(int fd)
{
	setsid(); /* fails for a group leader, which TIOCSCTTY then refuses */
	if (ioctl(fd, TIOCSCTTY, 0) < 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if (fd != i && dup2(fd, i) < 0)
			return -1;
	if (fd > 2)
		close(fd);
	return 0;
}

pid_t forkpty(int *master, char *name, const struct termios *tio, const struct winsize *ws)
{
	int m, s;
	if (openpty(&m, &s, name, tio, ws) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		int err = errno;
		close(m);
		close(s);
		errno = err;
		return -1;
	}
	if (pid == 0) {
		close(m);
		if (login_tty(s) < 0)
			_exit(1);
		return 0;
	}
	close(s);
	*master = m;
	return pid;
}
