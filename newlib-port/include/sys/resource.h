/*
 * Resource usage (newlib's struct rusage has only the two times; ported
 * programs read ru_maxrss and the rest as on Linux, whose layout this is).
 * Motor fills ru_utime, ru_stime and ru_maxrss (KiB); the other counters
 * are 0.
 */
#ifndef _SYS_RESOURCE_H_
#define _SYS_RESOURCE_H_

#include <sys/cdefs.h>
#include <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RUSAGE_SELF 0      /* the calling process */
#define RUSAGE_CHILDREN -1 /* its children that ended and were waited for */
#define RUSAGE_THREAD 1    /* the calling thread (Linux) */

struct rusage {
	struct timeval ru_utime; /* user time */
	struct timeval ru_stime; /* system time */
	long ru_maxrss;          /* peak resident set, KiB */
	long ru_ixrss, ru_idrss, ru_isrss;
	long ru_minflt, ru_majflt, ru_nswap;
	long ru_inblock, ru_oublock;
	long ru_msgsnd, ru_msgrcv, ru_nsignals;
	long ru_nvcsw, ru_nivcsw;
};

int getrusage(int who, struct rusage *usage);

#ifdef __cplusplus
}
#endif

#endif
