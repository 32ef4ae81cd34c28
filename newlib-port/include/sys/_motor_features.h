/*
 * What Motor implements, for newlib's headers (included by <sys/features.h>
 * when __motor__ is defined; see newlib-port/patches/0002). Without the
 * _POSIX_* options newlib declares no pthread_*, clock_gettime or
 * posix_spawn. A program may still find a declared function missing from
 * libposix at link time: the list grows with libposix.
 */
#ifndef _SYS__MOTOR_FEATURES_H
#define _SYS__MOTOR_FEATURES_H

/* errno and stdio state are per thread: _REENT is __getreent() (libposix). */
#ifndef __DYNAMIC_REENT__
#define __DYNAMIC_REENT__
#endif

/* read() and write() return ssize_t, as POSIX says (newlib's default: int). */
#define _READ_WRITE_RETURN_TYPE _ssize_t

/* select() handles as many descriptors as on Linux (newlib's default: 64). */
#ifndef FD_SETSIZE
#define FD_SETSIZE 1024
#endif

#define _POSIX_VERSION 200809L
#define _POSIX2_VERSION 200809L
#define _POSIX_JOB_CONTROL 1
#define _POSIX_SAVED_IDS 1
#define _POSIX_NO_TRUNC 1
#define _POSIX_VDISABLE '\0'
#define _POSIX_REGEXP 1
#define _POSIX_SHELL 1
#define _POSIX_SPAWN 200809L
#define _POSIX_FSYNC 200809L
#define _POSIX_MAPPED_FILES 200809L
#define _POSIX_MEMORY_PROTECTION 200809L
#define _POSIX_TIMERS 200809L
#define _POSIX_MONOTONIC_CLOCK 200809L
#define _POSIX_CLOCK_SELECTION 200809L
#define _POSIX_TIMEOUTS 200809L
/* The CPU-time clocks: process_info's measured time (libposix rusage.c). */
#define _POSIX_CPUTIME 200809L
#define _POSIX_THREAD_CPUTIME 200809L
#define _POSIX_THREADS 200809L
#define _POSIX_THREAD_SAFE_FUNCTIONS 200809L
#define _POSIX_THREAD_ATTR_STACKADDR 200809L
#define _POSIX_THREAD_ATTR_STACKSIZE 200809L
#define _POSIX_READER_WRITER_LOCKS 200809L
#define _POSIX_BARRIERS 200809L
#define _POSIX_SPIN_LOCKS 200809L
#define _POSIX_SEMAPHORES 200809L
/* PTHREAD_MUTEX_RECURSIVE and friends in <pthread.h>. */
#define _UNIX98_THREAD_MUTEX_ATTRIBUTES 1

#endif
