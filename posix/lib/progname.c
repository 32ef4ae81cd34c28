/*
 * getprogname, setprogname (BSD; gnulib and other portable code ask for
 * them): the program's name, the last part of argv[0], which start.c sets.
 */
#include <stdlib.h>
#include <string.h>

static const char *progname = "";

void setprogname(const char *name)
{
	const char *slash;
	if (!name)
		return;
	slash = strrchr(name, '/');
	progname = slash ? slash + 1 : name;
}

const char *getprogname(void)
{
	return progname;
}
