/*
 * struct utimbuf for utime() (<utime.h> includes this). newlib's own copy
 * uses time_t without declaring it.
 */
#ifndef _SYS_UTIME_H
#define _SYS_UTIME_H

#include <sys/types.h>

struct utimbuf {
	time_t actime;   /* access time */
	time_t modtime;  /* modification time */
};

#endif
