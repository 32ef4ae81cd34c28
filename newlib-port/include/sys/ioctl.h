/*
 * ioctl() and the requests Motor's servers answer. Numbers are Linux's, so
 * programs and ports written for Linux work unchanged.
 */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <sys/cdefs.h>

/* Terminals (ttyd). TCGETS..TCSETSF carry a struct termios. */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCEXCL 0x540C
#define TIOCNXCL 0x540D
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCSTI 0x5412
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429
/* Pseudo-terminal masters (posix_openpt, grantpt, unlockpt, ptsname). */
#define TIOCGPTN 0x80045430   /* unsigned int: the pair's number N (/dev/pts/N) */
#define TIOCSPTLCK 0x40045431 /* int: nonzero locks the slave, 0 unlocks it */
#define TIOCGPTLCK 0x80045439 /* int: whether the slave is locked */

/* Any descriptor. */
#define FIONREAD 0x541B  /* int: bytes ready to read */
#define TIOCINQ FIONREAD
#define FIONBIO 0x5421   /* int: nonzero sets O_NONBLOCK */
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
#define FIOASYNC 0x5452

/* The window size of a terminal (TIOCGWINSZ, TIOCSWINSZ). */
struct winsize {
	unsigned short ws_row;
	unsigned short ws_col;
	unsigned short ws_xpixel;
	unsigned short ws_ypixel;
};

__BEGIN_DECLS
int ioctl(int fd, int request, ...);
__END_DECLS

#endif
