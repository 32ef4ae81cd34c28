/*
 * Spin locks: test and test-and-set with pause. A holder that was
 * preempted cannot let go while we spin on its CPU, so after a while the
 * spinner yields the CPU.
 */
#include <sched.h>

#include "internal.h"

int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	if (pshared == PTHREAD_PROCESS_SHARED)
		return ENOTSUP; /* kept to one process, as the other objects */
	*s = 0;
	return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *s)
{
	return __atomic_load_n(s, __ATOMIC_RELAXED) ? EBUSY : 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
	return __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int pthread_spin_lock(pthread_spinlock_t *s)
{
	for (unsigned int n = 1; __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE); n++) {
		while (__atomic_load_n(s, __ATOMIC_RELAXED)) {
			__builtin_ia32_pause();
			if (++n % 1024 == 0)
				motor_yield();
		}
	}
	return 0;
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
	__atomic_store_n(s, 0, __ATOMIC_RELEASE);
	return 0;
}
