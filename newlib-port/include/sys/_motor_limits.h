/*
 * POSIX limits newlib's <limits.h> lacks (included by it when __motor__ is
 * defined; see newlib-port/patches/0002).
 */
#ifndef _SYS__MOTOR_LIMITS_H
#define _SYS__MOTOR_LIMITS_H

/* The largest ssize_t: ssize_t is long on x86_64. */
#ifndef SSIZE_MAX
#define SSIZE_MAX __LONG_MAX__
#endif

#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX 64
#endif
#ifndef LOGIN_NAME_MAX
#define LOGIN_NAME_MAX 256
#endif
#ifndef TTY_NAME_MAX
#define TTY_NAME_MAX 32
#endif
#ifndef SYMLOOP_MAX
#define SYMLOOP_MAX 40
#endif

/* pthreads (libposix): keys per process, destructor rounds at thread exit,
 * the smallest stack pthread_attr_setstacksize takes, semaphore values. */
#define PTHREAD_KEYS_MAX 128
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
#define PTHREAD_STACK_MIN 16384
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX 2147483647
#endif

#endif
