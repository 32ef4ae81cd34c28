/*
 * environ.c — the process environment and identity: argv/envp as passed at
 * start, getenv/setenv/unsetenv/putenv and environ, getpid, uname, sysconf,
 * user and group ids and the passwd/group lookups.
 *
 * TAP on stdout; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "tap.h"

extern char **environ;

/* How many environ entries start with "name=". */
static int env_count(const char *name)
{
	size_t n = strlen(name);
	int c = 0;

	for (char **e = environ; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			c++;
	return c;
}

static void test_start(int argc, char **argv, char **envp)
{
	ok(argc >= 1, "argc >= 1 (%d)", argc);
	ok(argv[0] && argv[0][0], "argv[0] is set (%s)", argv[0] ? argv[0] : "NULL");
	ok(argv[argc] == NULL, "argv[argc] is NULL");
	ok(envp && envp[0], "envp is not empty");
	ok(environ == envp, "environ starts as main's envp");
	ok(getenv("PATH") != NULL, "PATH is set (%s)", getenv("PATH") ? getenv("PATH") : "NULL");
	ok(getenv("HOME") != NULL, "HOME is set (%s)", getenv("HOME") ? getenv("HOME") : "NULL");
	is_int(env_count("PATH"), 1, "environ holds PATH once");
#ifdef __motor__
	ok(getenv("PATH") && strncmp(getenv("PATH"), "/bin", 4) == 0, "PATH starts with /bin");
	is_str(getenv("HOME"), "/", "HOME is /");
	is_str(getenv("TERM"), "vt100", "TERM is vt100");
#else
	skip("not Motor", "the values Motor starts programs with (PATH=/bin HOME=/ TERM=vt100)");
#endif
	ok(getenv("NO_SUCH_VARIABLE_HOPEFULLY") == NULL, "getenv of an unset name is NULL");
}

static void test_setenv(void)
{
	char big[10001];

	is_int(setenv("MOTOR_T1", "one", 1), 0, "setenv a new variable");
	is_str(getenv("MOTOR_T1"), "one", "getenv reads it");
	is_int(env_count("MOTOR_T1"), 1, "it appears in environ once");
	is_int(setenv("MOTOR_T1", "two", 0), 0, "setenv with overwrite 0");
	is_str(getenv("MOTOR_T1"), "one", "does not replace the value");
	is_int(setenv("MOTOR_T1", "three-longer", 1), 0, "setenv with overwrite 1");
	is_str(getenv("MOTOR_T1"), "three-longer", "replaces the value");
	is_int(setenv("MOTOR_T1", "4", 1), 0, "setenv a shorter value");
	is_str(getenv("MOTOR_T1"), "4", "replaces it");
	is_int(env_count("MOTOR_T1"), 1, "still in environ once");
	is_int(setenv("MOTOR_EMPTY", "", 1), 0, "setenv an empty value");
	is_str(getenv("MOTOR_EMPTY"), "", "getenv gives the empty string, not NULL");
	errno_is(setenv("A=B", "x", 1), EINVAL, "setenv with '=' in the name is EINVAL");
#ifdef __motor__
	todo_start("newlib 3.3 setenv accepts an empty name");
#endif
	errno_is(setenv("", "x", 1), EINVAL, "setenv with an empty name is EINVAL");
#ifdef __motor__
	todo_end();
#endif
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	is_int(setenv("MOTOR_BIG", big, 1), 0, "setenv a 10000-char value");
	is_str(getenv("MOTOR_BIG"), big, "getenv reads the long value");

	is_int(unsetenv("MOTOR_T1"), 0, "unsetenv");
	ok(getenv("MOTOR_T1") == NULL, "the variable is gone");
	is_int(env_count("MOTOR_T1"), 0, "and gone from environ");
	is_int(unsetenv("MOTOR_T1"), 0, "unsetenv of an unset name succeeds");
	errno_is(unsetenv("A=B"), EINVAL, "unsetenv with '=' in the name is EINVAL");
	errno_is(unsetenv(""), EINVAL, "unsetenv with an empty name is EINVAL");

	/* Many variables: environ must grow and keep all of them. */
	{
		int bad = 0, count = 0;

		for (int i = 0; i < 200; i++) {
			char name[32], val[32];

			snprintf(name, sizeof(name), "MOTOR_MANY_%d", i);
			snprintf(val, sizeof(val), "value_%d", i * 7);
			if (setenv(name, val, 1) != 0)
				bad++;
		}
		for (int i = 0; i < 200; i++) {
			char name[32], val[32];
			const char *v;

			snprintf(name, sizeof(name), "MOTOR_MANY_%d", i);
			snprintf(val, sizeof(val), "value_%d", i * 7);
			v = getenv(name);
			if (!v || strcmp(v, val))
				bad++;
		}
		for (char **e = environ; *e; e++)
			if (!strncmp(*e, "MOTOR_MANY_", 11))
				count++;
		is_int(bad, 0, "200 variables set and read back");
		is_int(count, 200, "environ lists all 200");
		for (int i = 0; i < 200; i += 2) {
			char name[32];

			snprintf(name, sizeof(name), "MOTOR_MANY_%d", i);
			unsetenv(name);
		}
		count = 0;
		for (char **e = environ; *e; e++)
			if (!strncmp(*e, "MOTOR_MANY_", 11))
				count++;
		is_int(count, 100, "100 left after unsetting every other one");
		ok(getenv("MOTOR_MANY_1") && !getenv("MOTOR_MANY_0") && getenv("MOTOR_MANY_199"),
		   "the right ones are left");
		ok(getenv("PATH") != NULL, "PATH survived all that");
	}

	{
		static char pe[] = "MOTOR_PUT=first";

		is_int(putenv(pe), 0, "putenv");
		is_str(getenv("MOTOR_PUT"), "first", "getenv reads the putenv value");
		is_int(env_count("MOTOR_PUT"), 1, "it is in environ");
#ifdef __motor__
		todo_start("newlib 3.3 putenv copies the string");
#endif
		memcpy(pe + 10, "FIRST", 5);
		is_str(getenv("MOTOR_PUT"), "FIRST", "putenv's string becomes part of the environment");
#ifdef __motor__
		todo_end();
#endif
		unsetenv("MOTOR_PUT");
		ok(getenv("MOTOR_PUT") == NULL, "unsetenv removes a putenv variable");
	}
}

static void test_identity(void)
{
	pid_t p = getpid();
	struct utsname u;

	ok(p > 0, "getpid() > 0 (%ld)", (long)p);
	is_int(getpid(), p, "getpid is stable");
	is_int(uname(&u), 0, "uname");
	ok(u.sysname[0] && u.nodename[0] && u.release[0] && u.version[0] && u.machine[0],
	   "uname fields are non-empty (%s %s %s %s)", u.sysname, u.nodename, u.release, u.machine);
	is_str(u.machine, "x86_64", "uname machine is x86_64");
#ifdef __motor__
	is_str(u.sysname, "Motor", "uname sysname is Motor");
#else
	skip("not Motor", "uname sysname is Motor (here: %s)", u.sysname);
#endif

	is_int(sysconf(_SC_PAGESIZE), 4096, "sysconf(_SC_PAGESIZE) is 4096");
	ok(sysconf(_SC_NPROCESSORS_ONLN) >= 1, "sysconf(_SC_NPROCESSORS_ONLN) >= 1 (%ld)",
	   sysconf(_SC_NPROCESSORS_ONLN));
	ok(sysconf(_SC_NPROCESSORS_CONF) >= sysconf(_SC_NPROCESSORS_ONLN),
	   "_SC_NPROCESSORS_CONF >= _SC_NPROCESSORS_ONLN");
	ok(sysconf(_SC_CLK_TCK) > 0, "sysconf(_SC_CLK_TCK) > 0 (%ld)", sysconf(_SC_CLK_TCK));
	ok(sysconf(_SC_OPEN_MAX) >= 20, "sysconf(_SC_OPEN_MAX) >= 20 (%ld)", sysconf(_SC_OPEN_MAX));
	errno_is(sysconf(-1), EINVAL, "sysconf of a bad name is EINVAL");
}

static void test_users(void)
{
	struct passwd *pw;
	struct group *gr;

	is_int(getuid(), 0, "getuid() is 0 (root)");
	is_int(geteuid(), 0, "geteuid() is 0");
	is_int(getgid(), 0, "getgid() is 0");
	pw = getpwuid(0);
	ok(pw != NULL, "getpwuid(0)");
	if (pw) {
		is_str(pw->pw_name, "root", "getpwuid(0)->pw_name is root");
		is_int(pw->pw_uid, 0, "pw_uid is 0");
		ok(pw->pw_dir && pw->pw_dir[0] == '/', "pw_dir is an absolute path (%s)",
		   pw->pw_dir ? pw->pw_dir : "NULL");
		ok(pw->pw_shell != NULL, "pw_shell is set");
	}
	pw = getpwnam("root");
	ok(pw != NULL, "getpwnam(\"root\")");
	if (pw) {
		is_int(pw->pw_uid, 0, "root's uid is 0");
		is_int(pw->pw_gid, 0, "root's gid is 0");
		ok(pw->pw_dir && pw->pw_dir[0] == '/', "root's pw_dir (%s)",
		   pw->pw_dir ? pw->pw_dir : "NULL");
	}
	gr = getgrnam("root");
	ok(gr != NULL, "getgrnam(\"root\")");
	if (gr) {
		is_int(gr->gr_gid, 0, "group root is gid 0");
		is_str(gr->gr_name, "root", "gr_name is root");
	}
	ok(getpwnam("nosuchuser") == NULL, "getpwnam(\"nosuchuser\") is NULL");
	ok(getgrnam("nosuchgroup") == NULL, "getgrnam(\"nosuchgroup\") is NULL");
	ok(getpwnam("") == NULL, "getpwnam(\"\") is NULL");
}

int main(int argc, char **argv, char **envp)
{
	test_start(argc, argv, envp);
	test_setenv();
	test_identity();
	test_users();
	return done_testing();
}
