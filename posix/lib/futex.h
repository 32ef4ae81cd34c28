/*
 * libposix's futex helpers: a lock in one int (0 free, 1 locked, 2 locked
 * and maybe contended: only then does unlock make a system call; the
 * classic three-state futex mutex), and turning an absolute timeout into
 * the kernel's relative nanoseconds. newlib's locks (reent.c), pthread
 * mutexes and libposix's own lists use the lock.
 */
#ifndef LIBPOSIX_FUTEX_H
#define LIBPOSIX_FUTEX_H

#include <stdint.h>
#include <time.h>

#include <motor/usyscall.h>

#define FUTEX_ALL 0x7fffffffl /* futex_wake: everybody */

static inline long futex_wait(void *addr, unsigned int expected, uint64_t timeout_ns)
{
	return motor_futex_wait((long)addr, (long)expected, (long)timeout_ns);
}

static inline long futex_wake(void *addr, long n)
{
	return motor_futex_wake((long)addr, n);
}

static inline int lockword_trylock(int *w)
{
	int free = 0;
	return __atomic_compare_exchange_n(w, &free, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * Takes the lock, waiting at most until the absolute time *abs on clock
 * (NULL: forever). -> 0, or -ETIMEDOUT, or -EINVAL for a bad *abs.
 */
long lockword_lock_slow(int *w, clockid_t clock, const struct timespec *abs);

static inline void lockword_lock(int *w)
{
	if (!lockword_trylock(w))
		lockword_lock_slow(w, CLOCK_MONOTONIC, 0);
}

static inline void lockword_unlock(int *w)
{
	if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) == 2)
		futex_wake(w, 1);
}

/*
 * The time left until *abs on clock, for a futex wait: -> 0 with *ns set,
 * -ETIMEDOUT when it has passed, -EINVAL for a bad timespec or clock.
 * abs NULL: *ns = MOTOR_FOREVER.
 */
int timeout_left(clockid_t clock, const struct timespec *abs, uint64_t *ns);

#endif
