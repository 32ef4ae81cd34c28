/*
 * portable.c — the calls that ported programs (ports/) needed and found
 * missing: stream locks (flockfile, ftrylockfile, funlockfile: Lua's
 * io.read), _setjmp/_longjmp (Lua's errors), the program's name
 * (getprogname: gnulib's error()), getdtablesize, getlogin, getgroups
 * (dash's test builtin), issetugid
 * (newlib's glob), pathconf/fpathconf (nano), tcflush and the termios
 * speed getters (ncurses, which found them missing before termios.c).
 *
 * TAP on stdout; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tap.h"

static FILE *shared;
static int other_got_it;

static void *try_other(void *arg)
{
	(void)arg;
	int r = ftrylockfile(shared);
	if (r == 0)
		funlockfile(shared);
	other_got_it = r == 0;
	return NULL;
}

static void test_stream_locks(void)
{
	pthread_t t;
	shared = tmpfile();
	ok(shared != NULL, "tmpfile");
	if (!shared)
		return;
	flockfile(shared);
	flockfile(shared); /* recursive */
	is_int(ftrylockfile(shared), 0, "ftrylockfile by the owner succeeds");
	fputs_unlocked("abc", shared);
	pthread_create(&t, NULL, try_other, NULL);
	pthread_join(t, NULL);
	is_int(other_got_it, 0, "another thread cannot take a locked stream");
	funlockfile(shared);
	funlockfile(shared);
	funlockfile(shared);
	pthread_create(&t, NULL, try_other, NULL);
	pthread_join(t, NULL);
	is_int(other_got_it, 1, "released as often as taken: another thread can take it");
	rewind(shared);
	char buf[8] = {0};
	ok(fgets(buf, sizeof(buf), shared) != NULL, "fgets after the unlocked write");
	is_str(buf, "abc", "what was written under the lock");
	fclose(shared);

	/* The standard streams' locks exist before their first use. */
	flockfile(stdin);
	flockfile(stdout);
	funlockfile(stdout);
	funlockfile(stdin);
	ok(1, "flockfile/funlockfile on stdin and stdout before use");
}

static jmp_buf env;
static int depth;

static void dive(int n)
{
	depth = n;
	if (n >= 5)
		_longjmp(env, 42);
	if (n < 100)
		dive(n + 1);
}

static void test_underscore_setjmp(void)
{
	volatile int passes = 0;
	int r = _setjmp(env);
	passes++;
	if (r == 0) {
		dive(1);
		ok(0, "_longjmp returned to the caller");
		return;
	}
	is_int(r, 42, "_setjmp returns _longjmp's value");
	is_int(depth, 5, "from five calls down");
	is_int(passes, 2, "_setjmp returned twice");
}

static void test_names(const char *argv0)
{
	const char *base = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
#ifdef __motor__
	is_str(getprogname(), base, "getprogname is argv[0]'s last part");
	is_int(issetugid(), 0, "issetugid: no set-id programs");
#else
	is_str(program_invocation_short_name, base, "glibc's short program name");
	skip("not Motor", "issetugid (BSD's; glibc has none)");
#endif
	gid_t groups[64];
	int ng = getgroups(0, NULL);
	ok(ng >= 0, "getgroups(0) counts the groups (%d)", ng);
	is_int(getgroups(64, groups), ng, "getgroups fills as many");
	if (ng > 1)
		errno_is(getgroups(ng - 1, groups), EINVAL, "getgroups into too small a list: EINVAL");
	else
		is_int(getgroups(0, groups), ng, "getgroups with size 0 only counts");
	volatile int negative = -1; /* hidden from the compiler's own check */
	errno_is(getgroups(negative, groups), EINVAL, "getgroups(-1): EINVAL");
#ifdef __motor__
	is_int(ng, 1, "getgroups: one group");
	is_int(groups[0], 0, "getgroups: root's group 0");
#else
	skip("not Motor", "one group");
	skip("not Motor", "group 0");
#endif

	long n = getdtablesize();
	ok(n >= 20, "getdtablesize is at least 20 (%ld)", n);
	is_int(n, sysconf(_SC_OPEN_MAX), "getdtablesize is sysconf(_SC_OPEN_MAX)");

	char name[64];
	struct passwd *pw = getpwuid(getuid());
	int r = getlogin_r(name, sizeof(name));
#ifdef __motor__
	is_int(r, 0, "getlogin_r");
	ok(pw && strcmp(name, pw->pw_name) == 0, "getlogin_r is the user's name (%s)", name);
	is_str(getlogin(), "root", "getlogin is root");
	is_int(getlogin_r(name, 2), ERANGE, "getlogin_r into 2 bytes: ERANGE");
#else
	/* Linux answers from utmp, which a build machine may not have. */
	ok(r == 0 || r == ENXIO || r == ENOTTY || r == ENOENT, "getlogin_r: a name or no login (%d)", r);
	(void)pw;
	skip("not Motor", "getlogin is the password entry's name");
	skip("not Motor", "getlogin");
	skip("not Motor", "getlogin_r ERANGE");
#endif
}

static void test_pathconf(void)
{
	is_int(pathconf("/", _PC_NAME_MAX), NAME_MAX, "pathconf NAME_MAX");
	is_int(pathconf("/", _PC_PATH_MAX), PATH_MAX, "pathconf PATH_MAX");
	ok(pathconf("/", _PC_PIPE_BUF) >= 512, "pathconf PIPE_BUF >= 512");
	errno_is(pathconf("/no/such/file", _PC_NAME_MAX), ENOENT, "pathconf of a missing file");
	errno_is(pathconf("/", 12345), EINVAL, "pathconf of an unknown limit");
	int fd = open("/", O_RDONLY);
	is_int(fpathconf(fd, _PC_NAME_MAX), NAME_MAX, "fpathconf NAME_MAX");
	ok(fpathconf(fd, _PC_NO_TRUNC) > 0, "fpathconf NO_TRUNC");
	close(fd);
	errno_is(fpathconf(fd, _PC_NAME_MAX), EBADF, "fpathconf on a closed descriptor");
	errno_is(fpathconf(-1, _PC_NAME_MAX), EBADF, "fpathconf on -1");
}

static void test_termios_extras(void)
{
	struct termios t;
	memset(&t, 0, sizeof(t));
	cfsetispeed(&t, B19200);
	cfsetospeed(&t, B19200);
	is_uint(cfgetispeed(&t), B19200, "cfgetispeed");
	is_uint(cfgetospeed(&t), B19200, "cfgetospeed");
	int fd = open("/", O_RDONLY);
	errno_is(tcflush(fd, TCIFLUSH), ENOTTY, "tcflush on a folder: ENOTTY");
	close(fd);
	errno_is(tcflush(fd, TCIFLUSH), EBADF, "tcflush on a closed descriptor: EBADF");
	if (isatty(0)) {
		is_int(tcflush(0, TCIFLUSH), 0, "tcflush of the terminal's input");
		is_int(tcflush(0, TCOFLUSH), 0, "tcflush of the terminal's output");
		errno_is(tcflush(0, 99), EINVAL, "tcflush with a bad queue: EINVAL");
	} else {
		skip("stdin is not a terminal", "tcflush input");
		skip("stdin is not a terminal", "tcflush output");
		skip("stdin is not a terminal", "tcflush bad queue");
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	test_stream_locks();
	test_underscore_setjmp();
	test_names(argv[0]);
	test_pathconf();
	test_termios_extras();
	return done_testing();
}
