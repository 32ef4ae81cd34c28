/* The auxiliary vector the process started with (saved by start.c). */
#include "internal.h"

const unsigned long *posix_auxv;

unsigned long motor_getauxval(unsigned long type)
{
	for (const unsigned long *a = posix_auxv; a && a[0] != 0; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}
