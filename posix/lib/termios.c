/*
 * The termios functions beyond tcgetattr/tcsetattr (io.c): the terminal's
 * foreground process group and session (tcgetpgrp, tcsetpgrp, tcgetsid),
 * flushing, draining and flow control, and the speed and raw-mode helpers
 * that only edit a struct termios. Each call is one ioctl to the tty
 * server with Linux's request numbers.
 */
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "internal.h"

pid_t tcgetpgrp(int fd)
{
	pid_t pgrp;
	long r = posix_ioctl(fd, TIOCGPGRP, &pgrp);
	return (pid_t)posix_ret(r < 0 ? r : pgrp);
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	return (int)posix_ret(posix_ioctl(fd, TIOCSPGRP, &pgrp));
}

pid_t tcgetsid(int fd)
{
	pid_t sid;
	long r = posix_ioctl(fd, TIOCGSID, &sid);
	return (pid_t)posix_ret(r < 0 ? r : sid);
}

int tcflush(int fd, int queue)
{
	return (int)posix_ret(posix_ioctl(fd, TCFLSH, (void *)(intptr_t)queue));
}

int tcflow(int fd, int action)
{
	return (int)posix_ret(posix_ioctl(fd, TCXONC, (void *)(intptr_t)action));
}

int tcdrain(int fd)
{
	return (int)posix_ret(posix_ioctl(fd, TCSBRK, (void *)1));
}

int tcsendbreak(int fd, int duration)
{
	(void)duration; /* Linux too sends a fixed-length break */
	return (int)posix_ret(posix_ioctl(fd, TCSBRK, (void *)0));
}

speed_t cfgetispeed(const struct termios *t)
{
	return t->c_ispeed;
}

speed_t cfgetospeed(const struct termios *t)
{
	return t->c_ospeed;
}

static int valid_speed(speed_t s)
{
	return s <= B38400 || (s >= B57600 && s <= B4000000);
}

int cfsetispeed(struct termios *t, speed_t s)
{
	if (!valid_speed(s))
		return (int)posix_ret(-EINVAL);
	t->c_ispeed = s;
	return 0;
}

int cfsetospeed(struct termios *t, speed_t s)
{
	if (!valid_speed(s))
		return (int)posix_ret(-EINVAL);
	t->c_ospeed = s;
	t->c_cflag = (t->c_cflag & ~(tcflag_t)CBAUD) | s;
	return 0;
}

int cfsetspeed(struct termios *t, speed_t s)
{
	if (cfsetospeed(t, s) < 0)
		return -1;
	t->c_ispeed = s;
	return 0;
}

/* As Linux's: no input or output processing, 8-bit characters, one byte at a time. */
void cfmakeraw(struct termios *t)
{
	t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t->c_oflag &= ~(tcflag_t)OPOST;
	t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t->c_cflag |= CS8;
	t->c_cc[VMIN] = 1;
	t->c_cc[VTIME] = 0;
}
