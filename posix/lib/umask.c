/* The file mode creation mask (applied here, before requests leave). */
#include <sys/stat.h>

#include "internal.h"

static mode_t mask = 022;

mode_t posix_umask_get(void)
{
	return mask;
}

void posix_umask_init(unsigned long from_parent)
{
	if (from_parent)
		mask = (mode_t)(from_parent - 1) & 0777;
}

mode_t umask(mode_t m)
{
	mode_t old = mask;
	mask = m & 0777;
	return old;
}
