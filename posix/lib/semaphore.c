/*
 * Unnamed POSIX semaphores on one futex word, the value itself: sem_wait
 * takes one with a compare-and-swap, or announces itself in __waiters and
 * sleeps while the value is 0; sem_post adds one and wakes a sleeper if
 * any announced itself. (A post's increment comes before its look at
 * __waiters, a waiter's announcement before its sleep, which the kernel
 * refuses if the value is no longer 0: no wakeup is lost.)
 * Process-shared and named semaphores are not supported (ENOSYS).
 */
#include <limits.h>
#include <semaphore.h>

#include "futex.h"
#include "internal.h"

int sem_init(sem_t *s, int pshared, unsigned int value)
{
	if (value > SEM_VALUE_MAX)
		return (int)posix_ret(-EINVAL);
	if (pshared)
		return (int)posix_ret(-ENOSYS); /* futexes are per address space */
	s->__value = value;
	s->__waiters = 0;
	return 0;
}

int sem_destroy(sem_t *s)
{
	(void)s;
	return 0;
}

static int take(sem_t *s)
{
	unsigned int v = __atomic_load_n(&s->__value, __ATOMIC_RELAXED);
	while (v > 0)
		if (__atomic_compare_exchange_n(&s->__value, &v, v - 1, 1, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 1;
	return 0;
}

int sem_trywait(sem_t *s)
{
	return take(s) ? 0 : (int)posix_ret(-EAGAIN);
}

static int wait(sem_t *s, const struct timespec *abs)
{
	pthread_testcancel(); /* a cancellation point even when it does not block */
	if (take(s))
		return 0;
	int armed = cancel_arm();
	int err = 0;
	__atomic_add_fetch(&s->__waiters, 1, __ATOMIC_SEQ_CST);
	while (!take(s)) {
		uint64_t ns;
		err = timeout_left(CLOCK_REALTIME, abs, &ns);
		if (err)
			break;
		if (futex_wait(&s->__value, 0, ns) == -ECANCELED) {
			err = -EINTR; /* pthread_cancel's kick (acted on below), or an interruption */
			break;
		}
	}
	__atomic_sub_fetch(&s->__waiters, 1, __ATOMIC_RELAXED);
	if (cancel_leave(armed)) {
		if (!err)
			sem_post(s); /* give back what it took: it will not return */
		cancel_act();
	}
	return err ? (int)posix_ret(err) : 0;
}

int sem_wait(sem_t *s)
{
	return wait(s, NULL);
}

int sem_timedwait(sem_t *s, const struct timespec *abs)
{
	return wait(s, abs);
}

int sem_post(sem_t *s)
{
	unsigned int v = __atomic_load_n(&s->__value, __ATOMIC_RELAXED);
	do {
		if (v >= SEM_VALUE_MAX)
			return (int)posix_ret(-EOVERFLOW);
	} while (!__atomic_compare_exchange_n(&s->__value, &v, v + 1, 1, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	if (__atomic_load_n(&s->__waiters, __ATOMIC_SEQ_CST))
		futex_wake(&s->__value, 1);
	return 0;
}

int sem_getvalue(sem_t *s, int *value)
{
	*value = (int)__atomic_load_n(&s->__value, __ATOMIC_RELAXED);
	return 0;
}

sem_t *sem_open(const char *name, int oflag, ...)
{
	(void)name;
	(void)oflag;
	errno = ENOSYS;
	return SEM_FAILED;
}

int sem_close(sem_t *s)
{
	(void)s;
	return (int)posix_ret(-ENOSYS);
}

int sem_unlink(const char *name)
{
	(void)name;
	return (int)posix_ret(-ENOSYS);
}
