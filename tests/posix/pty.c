/*
 * pty — pseudo-terminals and the terminal's job control: a pair from
 * posix_openpt/grantpt/unlockpt/ptsname and openpty; a program driven
 * through the pair in raw mode (all 256 byte values both ways unchanged,
 * VMIN/VTIME) and in canonical mode (erase, kill, ^D); a session leader
 * that takes the slave as its controlling terminal, moves the foreground
 * with tcsetpgrp, and sees ^C typed at the master end its foreground
 * child with SIGINT while a background child lives on; a background read
 * (SIGTTIN, EIO in an orphaned group); window sizes; hang-up when the
 * master closes; the master's EIO once the slave is closed; many pairs at
 * once; hostile ioctls.
 *
 * Children report the first failed step as their exit status (and say
 * which on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#ifndef __motor__
#include <utmp.h> /* login_tty on glibc */
#endif

#include "tap.h"

#define STEP(n, cond)                                                                   \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "pty: step %d failed: %s (errno %d)\n", n, #cond, \
				errno);                                                 \
			return n;                                                       \
		}                                                                       \
	} while (0)

static int master = -1;
static char slave_path[64];

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads exactly n bytes from fd (a few seconds at most). -> bytes read. */
static size_t read_all(int fd, void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* Reads from the master until `until` has been seen (or it ends). */
static size_t read_until(int fd, char *buf, size_t cap, const char *until)
{
	size_t got = 0;
	buf[0] = '\0';
	while (got + 1 < cap && !strstr(buf, until)) {
		ssize_t r = read(fd, buf + got, cap - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		buf[got] = '\0';
	}
	return got;
}

/* Waits for child c; -> its exit status, or 1000 + the ending signal. */
static int status_of(pid_t c)
{
	int st;
	if (c < 0 || waitpid(c, &st, 0) != c)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

/* A new pair in master/slave_path; the slave unlocked but not open. */
static int new_pair(void)
{
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    ptsname_r(master, slave_path, sizeof(slave_path)) != 0)
		return -1;
	return 0;
}

/*
 * Starts fn in a child that leads a new session with the slave as its
 * controlling terminal and stdin, stdout and stderr; returns once the
 * slave is open (the master reads EIO while no slave is). -> its pid.
 */
static pid_t on_slave(int (*fn)(void))
{
	int sync[2];
	char b;
	if (pipe(sync) < 0)
		return -1;
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(master);
		close(sync[0]);
		if (setsid() < 0)
			_exit(90);
		int s = open(slave_path, O_RDWR); /* a session leader's first terminal */
		if (s < 0 || dup2(s, 0) < 0 || dup2(s, 1) < 0 || dup2(s, 2) < 0)
			_exit(91);
		if (s > 2)
			close(s);
		close(sync[1]);
		_exit(fn());
	}
	close(sync[1]);
	while (c > 0 && read(sync[0], &b, 1) > 0)
		;
	close(sync[0]);
	return c;
}

/* ---- the pair ---- */

static void test_pair(void)
{
	char name[64];
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	syscall_ok(m, "posix_openpt");
	syscall_ok(grantpt(m), "grantpt");
	const char *pn = ptsname(m);
	ok(pn && strncmp(pn, "/dev/pts/", 9) == 0, "ptsname is /dev/pts/N (%s)", pn ? pn : "NULL");
	snprintf(name, sizeof(name), "%s", pn ? pn : "");
	errno_is(open(name, O_RDWR | O_NOCTTY), EIO, "the slave is locked until unlockpt");
	syscall_ok(unlockpt(m), "unlockpt");
	char small[4];
	is_int(ptsname_r(m, small, sizeof(small)), ERANGE, "ptsname_r into 4 bytes: ERANGE");
	int s = open(name, O_RDWR | O_NOCTTY);
	syscall_ok(s, "open the slave");
	ok(isatty(m) && isatty(s), "both ends are terminals");
	const char *tn = ttyname(s);
	is_str(tn, name, "ttyname of the slave is its ptsname");
	struct stat st;
	ok(fstat(s, &st) == 0 && S_ISCHR(st.st_mode), "the slave is a character device");
	int p[2];
	if (pipe(p) < 0)
		bail_out("pipe: %s", strerror(errno));
	null_errno_is(ptsname(p[0]), ENOTTY, "ptsname of a pipe: ENOTTY");
	errno_is2(grantpt(p[0]), EINVAL, ENOTTY, "grantpt of a pipe fails");
	null_errno_is(ttyname(p[0]), ENOTTY, "ttyname of a pipe: ENOTTY");
	errno_is(tcgetpgrp(p[0]), ENOTTY, "tcgetpgrp of a pipe: ENOTTY");
	errno_is(tcsetpgrp(p[0], getpgrp()), ENOTTY, "tcsetpgrp of a pipe: ENOTTY");
	errno_is(tcgetpgrp(s), ENOTTY, "tcgetpgrp of a terminal that is not ours: ENOTTY");
	errno_is(tcgetsid(s), ENOTTY, "tcgetsid of a terminal that is not ours: ENOTTY");
	close(p[0]);
	close(p[1]);

	/* Window sizes: set on the master, seen on the slave. */
	struct winsize ws = {0};
	syscall_ok(ioctl(s, TIOCGWINSZ, &ws), "TIOCGWINSZ");
#ifdef __motor__
	ok(ws.ws_row == 24 && ws.ws_col == 80, "a new terminal is 80x24 (%ux%u)", ws.ws_col,
	   ws.ws_row);
#else
	skip("Linux starts a pty at 0x0", "a new terminal is 80x24");
#endif
	struct winsize big = {.ws_row = 50, .ws_col = 132};
	syscall_ok(ioctl(m, TIOCSWINSZ, &big), "TIOCSWINSZ on the master");
	ok(ioctl(s, TIOCGWINSZ, &ws) == 0 && ws.ws_row == 50 && ws.ws_col == 132,
	   "the slave sees 132x50");

	/* Hostile requests. */
	errno_is(ioctl(m, 0x5490, 0), ENOTTY, "an unknown request on the master: ENOTTY");
	errno_is(ioctl(s, 0x5490, 0), ENOTTY, "an unknown request on the slave: ENOTTY");
	errno_is(ioctl(s, TIOCGWINSZ, (void *)8), EFAULT, "TIOCGWINSZ into a bad pointer: EFAULT");
	errno_is(ioctl(s, TIOCSWINSZ, (void *)8), EFAULT, "TIOCSWINSZ from a bad pointer: EFAULT");
	errno_is(tcsetpgrp(m, getpgrp()), ENOTTY, "tcsetpgrp on the master: ENOTTY");
	errno_is(ioctl(s, TIOCSCTTY, 0), EPERM, "TIOCSCTTY from a non-leader: EPERM");
	errno_is(ioctl(s, TIOCNOTTY), ENOTTY, "TIOCNOTTY on a terminal that is not ours: ENOTTY");

	/* Master's EIO once the slave closed (and what was written first comes first). */
	is_int(write(s, "bye", 3), 3, "the slave writes");
	close(s);
	char buf[8];
	is_int(read(m, buf, sizeof(buf)), 3, "the master reads what was written");
	errno_is(read(m, buf, sizeof(buf)), EIO, "then EIO: no slave is open");
	close(m);
}

/* ---- raw mode ---- */

static int raw_child(void)
{
	struct termios t;
	unsigned char buf[256];
	STEP(1, tcgetattr(0, &t) == 0);
	cfmakeraw(&t);
	STEP(2, tcsetattr(0, TCSANOW, &t) == 0);
	STEP(3, write(1, "R", 1) == 1);
	STEP(4, read_all(0, buf, 256) == 256);
	STEP(5, write(1, buf, 256) == 256);
	/* VMIN 0, VTIME 2: nothing comes, so the read gives 0 after 0.2 s. */
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 2;
	STEP(6, tcsetattr(0, TCSANOW, &t) == 0);
	int64_t t0 = now_ms();
	STEP(7, read(0, buf, 10) == 0);
	STEP(8, now_ms() - t0 >= 150);
	/* VMIN 4: one read takes the four bytes that came in two writes. */
	t.c_cc[VMIN] = 4;
	t.c_cc[VTIME] = 0;
	STEP(9, tcsetattr(0, TCSANOW, &t) == 0);
	STEP(10, write(1, "T", 1) == 1);
	STEP(11, read(0, buf, 10) == 4);
	STEP(12, memcmp(buf, "abcd", 4) == 0);
	STEP(13, write(1, "D", 1) == 1);
	return 0;
}

static void test_raw(void)
{
	unsigned char all[256], back[256];
	char c = 0;
	if (new_pair() < 0)
		bail_out("a pty pair: %s", strerror(errno));
	pid_t k = on_slave(raw_child);
	is_int(read(master, &c, 1), 1, "raw: the program is ready");
	is_int(c, 'R', "raw: it said so");
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	is_int(write(master, all, 256), 256, "raw: all 256 byte values to the program");
	is_int((long)read_all(master, back, 256), 256, "raw: 256 bytes back");
	is_mem(back, all, 256, "raw: unchanged both ways (no echo, no ^C, no CR mapping)");
	is_int(read(master, &c, 1) == 1 ? c : -1, 'T', "raw: VMIN 0 VTIME 2 timed out with 0 bytes");
	write(master, "ab", 2);
	nap_ms(100);
	write(master, "cd", 2);
	is_int(read(master, &c, 1) == 1 ? c : -1, 'D', "raw: VMIN 4 took two writes in one read");
	is_int(status_of(k), 0, "raw: the program's checks passed");
	close(master);
}

/* ---- canonical mode ---- */

static int canon_child(void)
{
	struct termios t;
	char l1[64] = {0}, l2[64] = {0}, l3[64] = {0}, out[256];
	STEP(1, tcgetattr(0, &t) == 0);
	STEP(2, (t.c_lflag & ICANON) != 0);
	t.c_lflag &= ~(tcflag_t)ECHO; /* only the program's answer comes back */
	STEP(3, tcsetattr(0, TCSANOW, &t) == 0);
	STEP(4, write(1, "R", 1) == 1);
	STEP(5, read(0, l1, sizeof(l1)) > 0);
	STEP(6, read(0, l2, sizeof(l2)) > 0);
	STEP(7, read(0, l3, sizeof(l3)) > 0);
	ssize_t eof = read(0, out, sizeof(out));
	snprintf(out, sizeof(out), "[%s][%s][%s][%zd]\n", l1, l2, l3, eof);
	STEP(8, write(1, out, strlen(out)) > 0);
	return 0;
}

static void test_canonical(void)
{
	char c = 0, buf[256];
	if (new_pair() < 0)
		bail_out("a pty pair: %s", strerror(errno));
	pid_t k = on_slave(canon_child);
	is_int(read(master, &c, 1) == 1 ? c : -1, 'R', "canonical: the program is ready");
	/* DEL erases x; ^U kills "junk"; ^D ends "xy" without a newline, then alone is EOF. */
	write(master, "abx\x7f" "c\n", 6);
	write(master, "junk\x15ok\n", 8);
	write(master, "xy\x04", 3);
	write(master, "\x04", 1);
	read_until(master, buf, sizeof(buf), "]\r\n");
	is_str(buf, "[abc\r\n][ok\r\n][xy][0]\r\n", "canonical: erase, kill, ^D and EOF as a reader sees them");
	is_int(status_of(k), 0, "canonical: the program's checks passed");
	close(master);
}

/* ---- job control on the slave ---- */

static int hold_fds[2]; /* children wait for this pipe's end */

static pid_t waiter(pid_t pgid)
{
	pid_t c = fork();
	if (c == 0) {
		char b;
		close(hold_fds[1]);
		if (pgid >= 0)
			setpgid(0, pgid);
		while (read(hold_fds[0], &b, 1) > 0)
			;
		_exit(0);
	}
	if (c > 0 && pgid >= 0)
		setpgid(c, pgid ? pgid : c);
	return c;
}

/* A process in an orphaned group reading its terminal gets EIO; -> through rep. */
static void orphan_reader(int rep)
{
	pid_t mid = fork();
	if (mid != 0)
		return; /* the caller waits for mid, which ends at once */
	if (fork() != 0)
		_exit(0);
	pid_t parent = getppid();
	setpgid(0, 0);
	for (int i = 0; i < 500 && getppid() == parent; i++)
		nap_ms(10); /* orphaned once mid has ended */
	char b, r;
	r = read(0, &b, 1) < 0 && errno == EIO ? 'E' : 'x';
	write(rep, &r, 1);
	_exit(0);
}

static int session_child(void)
{
	pid_t me = getpid();
	int st, rep[2];
	STEP(1, pipe(hold_fds) == 0 && pipe(rep) == 0);
	STEP(2, tcgetsid(0) == me);
	STEP(3, tcgetpgrp(0) == me);
	int fd = open("/dev/tty", O_RDWR);
	STEP(4, fd >= 0);
	STEP(5, isatty(fd));
	close(fd);
	STEP(6, tcsetpgrp(0, 0x7ffff0) == -1 && errno == ESRCH);
	STEP(7, tcsetpgrp(0, -2) == -1 && errno == EINVAL);
	STEP(8, tcsetpgrp(0, getpgid(getppid())) == -1 && errno == EPERM);

	/* The foreground moves to a child's group and back (the child gives it back). */
	fflush(stdout);
	pid_t f = fork();
	if (f == 0) {
		setpgid(0, 0);
		for (int i = 0; i < 500 && tcgetpgrp(0) != getpid(); i++)
			nap_ms(10);
		if (tcgetpgrp(0) != getpid())
			_exit(1);
		_exit(tcsetpgrp(0, getppid()) == 0 ? 0 : 2);
	}
	setpgid(f, f);
	STEP(9, tcsetpgrp(0, f) == 0);
	STEP(10, status_of(f) == 0);
	STEP(11, tcgetpgrp(0) == me);

	/* ^C at the master: the foreground child ends, the background one does not. */
	pid_t fg = waiter(0), bg = waiter(0);
	STEP(12, fg > 0 && bg > 0);
	STEP(13, tcsetpgrp(0, fg) == 0);
	STEP(14, write(1, "C", 1) == 1); /* the parent types ^C now */
	STEP(15, status_of(fg) == 1000 + SIGINT);
	STEP(16, waitpid(bg, &st, WNOHANG) == 0);

	/* ^Z stops the foreground group, ^\ ends it with SIGQUIT. Moving the
	 * foreground from the background needs SIGTTOU ignored. */
	signal(SIGTTOU, SIG_IGN);
	pid_t z = waiter(0);
	STEP(22, z > 0 && tcsetpgrp(0, z) == 0);
	STEP(23, write(1, "Z", 1) == 1); /* the parent types ^Z now */
	STEP(24, waitpid(z, &st, WUNTRACED) == z && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP);
	kill(z, SIGKILL);
	waitpid(z, &st, 0);
	pid_t q = waiter(0);
	STEP(25, q > 0 && tcsetpgrp(0, q) == 0);
	STEP(26, write(1, "Q", 1) == 1); /* and ^\ */
	STEP(27, status_of(q) == 1000 + SIGQUIT);
	STEP(28, tcsetpgrp(0, me) == 0);
	signal(SIGTTOU, SIG_DFL);

	/* A background reader gets SIGTTIN and stops; continued while still in
	 * the background, its read is made again and stops it again. */
	pid_t br = fork();
	if (br == 0) {
		char b;
		setpgid(0, 0);
		read(0, &b, 1);
		_exit(3);
	}
	setpgid(br, br);
	STEP(17, waitpid(br, &st, WUNTRACED) == br);
	STEP(18, WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN);
	kill(br, SIGCONT);
	STEP(21, waitpid(br, &st, WUNTRACED) == br && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN);
	kill(br, SIGKILL);
	waitpid(br, &st, 0);

	/* An orphaned group's reader gets EIO instead. */
	char r = 0;
	orphan_reader(rep[1]);
	wait(NULL);
	STEP(19, read(rep[0], &r, 1) == 1 && r == 'E');

	kill(bg, SIGKILL);
	STEP(20, status_of(bg) == 1000 + SIGKILL);
	return 0;
}

/* Reads the master until byte b comes (echoes such as "^C" come first). */
static int await_byte(char b)
{
	char c;
	while (read(master, &c, 1) == 1)
		if (c == b)
			return 1;
	return 0;
}

static void test_session(void)
{
	char c = 0;
	if (new_pair() < 0)
		bail_out("a pty pair: %s", strerror(errno));
	pid_t k = on_slave(session_child);
	is_int(read(master, &c, 1) == 1 ? c : -1, 'C', "session: the foreground is set");
	is_int(write(master, "\x03", 1), 1, "session: ^C typed at the master");
	ok(await_byte('Z'), "session: the foreground moved to a third child");
	is_int(write(master, "\x1a", 1), 1, "session: ^Z typed at the master");
	ok(await_byte('Q'), "session: and to a fourth");
	is_int(write(master, "\x1c", 1), 1, "session: ^\\ typed at the master");
	is_int(status_of(k), 0,
	       "session: tcgetpgrp/tcsetpgrp/tcgetsid, /dev/tty, ^C to the foreground only, "
	       "^Z stops it, ^\\ quits it, SIGTTIN stops a background reader (again after "
	       "SIGCONT), orphaned EIO");
	close(master);
}

/* ---- hang-up ---- */

static int hangup_child(void)
{
	char b;
	if (write(1, "H", 1) != 1)
		return 1;
	ssize_t r = read(0, &b, 1); /* SIGHUP ends us here */
	return r == 0 ? 2 : 3;
}

static void test_hangup(void)
{
	char c = 0;
	if (new_pair() < 0)
		bail_out("a pty pair: %s", strerror(errno));
	pid_t k = on_slave(hangup_child);
	is_int(read(master, &c, 1) == 1 ? c : -1, 'H', "hang-up: the program reads its terminal");
	nap_ms(50);
	close(master);
	is_int(status_of(k), 1000 + SIGHUP, "hang-up: closing the master sends SIGHUP");

	int m, s;
	char name[64], b;
	syscall_ok(openpty(&m, &s, name, NULL, NULL), "openpty");
	close(m);
	ssize_t r = read(s, &b, 1);
	ok(r == 0 || (r < 0 && errno == EIO), "the slave reads end of file or EIO once the master closed");
	errno_is(write(s, "x", 1), EIO, "and its writes fail with EIO");
	close(s);
}

static void test_many(void)
{
	int m[16], s[16], n = 0;
	char names[16][64];
	for (n = 0; n < 16; n++)
		if (openpty(&m[n], &s[n], names[n], NULL, NULL) < 0)
			break;
	is_int(n, 16, "16 pairs at once");
	int distinct = 1;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			distinct &= strcmp(names[i], names[j]) != 0;
	ok(distinct, "each has its own slave");
	for (int i = 0; i < n; i++) {
		write(s[i], "z", 1);
		close(s[i]);
	}
	int good = 0;
	for (int i = 0; i < n; i++) {
		char b = 0;
		good += read(m[i], &b, 1) == 1 && b == 'z';
		close(m[i]);
	}
	is_int(good, n, "each master reads its own slave's byte");
}

/* forkpty and login_tty: the child's stdout is the slave. */
static void test_forkpty(void)
{
	int m;
	char buf[64];
	pid_t c = forkpty(&m, NULL, NULL, NULL);
	if (c == 0) {
		printf("sid=%d\n", getsid(0) == getpid() && tcgetpgrp(1) == getpid());
		fflush(stdout);
		_exit(0);
	}
	syscall_ok(c, "forkpty");
	read_until(m, buf, sizeof(buf), "\n");
	is_str(buf, "sid=1\r\n", "forkpty: the child leads a session on the slave");
	is_int(status_of(c), 0, "forkpty: the child ends");
	close(m);
}

int main(void)
{
	test_pair();
	test_raw();
	test_canonical();
	test_session();
	test_hangup();
	test_many();
	test_forkpty();
	return done_testing();
}
