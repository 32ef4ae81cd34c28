/* The file mode creation mask (applied here, before requests leave). */
#include <sys/stat.h>

#include "internal.h"

static mode_t mask = 022;

mode_t posix_umask_get(void)
{
	return mask;
}

mode_t umask(mode_t m)
{
	mode_t old = mask;
	mask = m & 0777;
	return old;
}
