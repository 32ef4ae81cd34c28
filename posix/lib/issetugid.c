/*
 * issetugid (BSD; newlib's glob asks it before expanding ~ from $HOME):
 * whether the process runs with privileges it was not started with.
 * Motor has no set-user-id or set-group-id programs, so never.
 */
#include <unistd.h>

int issetugid(void)
{
	return 0;
}
