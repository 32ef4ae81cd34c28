/*
 * tcflush, cfgetospeed, cfgetispeed for ncurses, until the job-control
 * work's termios.c (one ioctl per call) lands: then these weak copies
 * give way to its definitions and this file can go.
 *
 * tcflush over what ttyd offers today: setting the attributes back with
 * TCSAFLUSH discards unread input; output is written synchronously, so
 * there is never any to discard.
 */
#include <errno.h>
#include <termios.h>

#include "internal.h"

__attribute__((weak)) int tcflush(int fd, int queue)
{
	struct termios t;
	if (queue != TCIFLUSH && queue != TCOFLUSH && queue != TCIOFLUSH)
		return (int)posix_ret(-EINVAL);
	if (tcgetattr(fd, &t) < 0)
		return -1;
	if (queue == TCOFLUSH)
		return 0;
	return tcsetattr(fd, TCSAFLUSH, &t);
}

__attribute__((weak)) speed_t cfgetospeed(const struct termios *t)
{
	return t->c_ospeed;
}

__attribute__((weak)) speed_t cfgetispeed(const struct termios *t)
{
	return t->c_ispeed;
}
