/*
 * ttyname, ttyname_r: the path of the terminal a descriptor is open on,
 * from its device number (the tty server's devices have fixed names:
 * /dev/tty, /dev/console, /dev/ptmx, /dev/pts/N). newlib's version
 * searches /dev for the same inode, which ttyd's files do not share with
 * their /dev nodes.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "internal.h"

#define TTY_NAME 32

int ttyname_r(int fd, char *buf, size_t len)
{
	struct stat st;
	struct termios t;
	char name[TTY_NAME];
	if (fstat(fd, &st) < 0)
		return errno;
	if (!S_ISCHR(st.st_mode) || posix_ioctl(fd, TCGETS, &t) < 0)
		return ENOTTY;
	unsigned major = (unsigned)(st.st_rdev >> 8), minor = (unsigned)(st.st_rdev & 0xff);
	static const char *const tty_names[] = {"/dev/tty", "/dev/console", "/dev/ptmx"};
	if (major == MOTOR_DEV_TTY && minor < sizeof(tty_names) / sizeof(tty_names[0]))
		snprintf(name, sizeof(name), "%s", tty_names[minor]);
	else if (major == MOTOR_DEV_PTS)
		snprintf(name, sizeof(name), "/dev/pts/%u", minor);
	else
		return ENOTTY;
	return posix_copy_name(name, buf, len);
}

int posix_copy_name(const char *name, char *buf, size_t len)
{
	if (!buf)
		return EINVAL;
	if (strlen(name) >= len)
		return ERANGE;
	strcpy(buf, name);
	return 0;
}

char *posix_static_name(int (*name_r)(int, char *, size_t), int fd, char *buf, size_t len)
{
	int err = name_r(fd, buf, len);
	if (err) {
		errno = err;
		return NULL;
	}
	return buf;
}

char *ttyname(int fd)
{
	static char name[TTY_NAME];
	return posix_static_name(ttyname_r, fd, name, sizeof(name));
}
