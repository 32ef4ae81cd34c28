/*
 * The pthread types (Motor's, over newlib's RTEMS-style ones, whose
 * pthread_mutex_t and friends are 32-bit object ids). Each synchronisation
 * object holds its own futex words, so a zero-filled static object is a
 * ready one and nothing is allocated behind it; libposix's pthread_*.c
 * implement them. The names are newlib's, the ones its <pthread.h> uses
 * (_PTHREAD_*_INITIALIZER, _PTHREAD_ONCE_INIT). A pthread_t is the address
 * of the thread's control block. Objects are private to their process (the
 * kernel keys futexes by address space): PTHREAD_PROCESS_SHARED is refused.
 * Members are internal: programs must not touch them.
 */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#if defined(_POSIX_THREADS) || __POSIX_VISIBLE >= 199506

#include <sys/sched.h>

typedef unsigned long pthread_t;

#define PTHREAD_SCOPE_PROCESS 0
#define PTHREAD_SCOPE_SYSTEM 1

#define PTHREAD_INHERIT_SCHED 1
#define PTHREAD_EXPLICIT_SCHED 2

#define PTHREAD_CREATE_DETACHED 0
#define PTHREAD_CREATE_JOINABLE 1

typedef struct {
	int __initialized;
	int __detachstate;
	void *__stacktop;      /* a caller's stack: its highest address (glibc's sense) */
	__SIZE_TYPE__ __stacksize;
	__SIZE_TYPE__ __guardsize;
	int __scope;
	int __inheritsched;
	int __policy;
	struct sched_param __param;
} pthread_attr_t;

#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED 1

/* Mutex types; DEFAULT is NORMAL, as on Linux. */
#define PTHREAD_MUTEX_NORMAL 0
#define PTHREAD_MUTEX_RECURSIVE 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT PTHREAD_MUTEX_NORMAL

typedef struct {
	int __lock;            /* futex: 0 free, 1 locked, 2 locked and contended */
	int __type;
	unsigned long __owner; /* the holder (recursive, errorcheck) */
	unsigned int __count;  /* recursion depth */
	int __spare;
} pthread_mutex_t;

typedef struct {
	int __initialized;
	int __type;
	int __pshared;
} pthread_mutexattr_t;

#define _PTHREAD_MUTEX_INITIALIZER {0, PTHREAD_MUTEX_NORMAL, 0, 0, 0}
#if __GNU_VISIBLE
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP {0, PTHREAD_MUTEX_RECURSIVE, 0, 0, 0}
#define PTHREAD_ERRORCHECK_MUTEX_INITIALIZER_NP {0, PTHREAD_MUTEX_ERRORCHECK, 0, 0, 0}
#endif

typedef struct {
	unsigned int __seq;     /* futex: moves on at every signal and broadcast */
	unsigned int __waiters;
	int __monotonic;        /* timeouts on CLOCK_MONOTONIC, else CLOCK_REALTIME */
	int __spare;
} pthread_cond_t;

#define _PTHREAD_COND_INITIALIZER {0, 0, 0, 0}

typedef struct {
	int __initialized;
	int __clock;            /* a clockid_t */
	int __pshared;
} pthread_condattr_t;

typedef unsigned int pthread_key_t;

typedef int pthread_once_t;    /* futex: not run, running, done */
#define _PTHREAD_ONCE_INIT 0

#endif /* defined(_POSIX_THREADS) || __POSIX_VISIBLE >= 199506 */

#if defined(_POSIX_BARRIERS)
typedef struct {
	unsigned int __count;   /* threads per round */
	unsigned int __arrived;
	unsigned int __seq;     /* futex: the round */
	unsigned int __inside;  /* threads in pthread_barrier_wait (destroy waits for them) */
} pthread_barrier_t;

typedef struct {
	int __initialized;
	int __pshared;
} pthread_barrierattr_t;
#endif

#if defined(_POSIX_SPIN_LOCKS)
typedef int pthread_spinlock_t;
#endif

#if defined(_POSIX_READER_WRITER_LOCKS)
typedef struct {
	unsigned int __state;   /* futex: reader count, or write-locked; top bit: waiters */
	int __spare;
	unsigned long __writer; /* the write lock's holder (EDEADLK) */
} pthread_rwlock_t;

#define _PTHREAD_RWLOCK_INITIALIZER {0, 0, 0}

typedef struct {
	int __initialized;
	int __pshared;
} pthread_rwlockattr_t;
#endif

#endif /* _SYS__PTHREADTYPES_H_ */
