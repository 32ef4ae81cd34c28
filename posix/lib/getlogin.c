/*
 * getlogin, getlogin_r: the login name. Motor keeps no utmp and no login
 * records: the name is the password database's entry for the real user id.
 */
#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

char *getlogin(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (!pw) {
		errno = ENXIO;
		return NULL;
	}
	return pw->pw_name;
}

int getlogin_r(char *name, size_t size)
{
	struct passwd *pw = getpwuid(getuid());
	if (!pw)
		return ENXIO;
	size_t n = strlen(pw->pw_name);
	if (n >= size)
		return ERANGE;
	memcpy(name, pw->pw_name, n + 1);
	return 0;
}
