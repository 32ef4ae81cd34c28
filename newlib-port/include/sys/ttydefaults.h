/*
 * The terminal's default settings and control characters, as the tty
 * server sets them for a new terminal (posix/ttyd/ldisc.c,
 * ldisc_default_termios): BSD's and glibc's <sys/ttydefaults.h> names,
 * which line editors (libedit) and terminal programs read.
 */
#ifndef _SYS_TTYDEFAULTS_H
#define _SYS_TTYDEFAULTS_H

#define TTYDEF_IFLAG (ICRNL | IXON | IUTF8)
#define TTYDEF_OFLAG (OPOST | ONLCR)
#define TTYDEF_LFLAG (ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN)
#define TTYDEF_CFLAG (CS8 | CREAD | HUPCL)
#define TTYDEF_SPEED B115200

/* The control character of a letter: CTRL('c') is ^C. */
#define CTRL(x) ((x) & 037)

#define CEOF CTRL('d')
#define CEOL '\0' /* _POSIX_VDISABLE: off */
#define CERASE 0177
#define CINTR CTRL('c')
#define CSTATUS '\0' /* no VSTATUS on Motor, as on Linux */
#define CKILL CTRL('u')
#define CMIN 1
#define CQUIT 034 /* ^\ */
#define CSUSP CTRL('z')
#define CTIME 0
#define CDSUSP CTRL('y')
#define CSTART CTRL('q')
#define CSTOP CTRL('s')
#define CLNEXT CTRL('v')
#define CDISCARD CTRL('o')
#define CWERASE CTRL('w')
#define CREPRINT CTRL('r')
#define CEOT CEOF
#define CBRK CEOL
#define CRPRNT CREPRINT
#define CFLUSH CDISCARD

#endif
