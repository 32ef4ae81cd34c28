/*
 * Barriers: arrivals are counted; the last of a round resets the count,
 * moves the round number (the futex word) on and wakes everyone, and is
 * the one that gets PTHREAD_BARRIER_SERIAL_THREAD. __inside counts the
 * threads still in pthread_barrier_wait, so pthread_barrier_destroy can
 * wait for the last of them to stop touching the object.
 */
#include "futex.h"
#include "internal.h"

int pthread_barrierattr_init(pthread_barrierattr_t *a)
{
	a->__initialized = 1;
	a->__pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *a)
{
	a->__initialized = 0;
	return 0;
}

int pthread_barrierattr_setpshared(pthread_barrierattr_t *a, int pshared)
{
	int err = pshared_check(pshared);
	if (!err)
		a->__pshared = pshared;
	return err;
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *a, int *pshared)
{
	*pshared = a->__pshared;
	return 0;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a, unsigned int count)
{
	if (count == 0 || count > 0x7fffffffu || (a && !a->__initialized))
		return EINVAL;
	b->__count = count;
	b->__arrived = 0;
	b->__seq = 0;
	b->__inside = 0;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	if (__atomic_load_n(&b->__arrived, __ATOMIC_ACQUIRE))
		return EBUSY; /* a round is under way */
	unsigned int in;
	while ((in = __atomic_load_n(&b->__inside, __ATOMIC_ACQUIRE)) != 0)
		futex_wait(&b->__inside, in, MOTOR_FOREVER);
	return 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
	__atomic_add_fetch(&b->__inside, 1, __ATOMIC_ACQ_REL);
	/* The round is read before arriving: it cannot end without this arrival. */
	unsigned int round = __atomic_load_n(&b->__seq, __ATOMIC_ACQUIRE);
	int r = 0;
	if (__atomic_add_fetch(&b->__arrived, 1, __ATOMIC_ACQ_REL) == b->__count) {
		__atomic_store_n(&b->__arrived, 0, __ATOMIC_RELAXED);
		__atomic_add_fetch(&b->__seq, 1, __ATOMIC_RELEASE);
		futex_wake(&b->__seq, FUTEX_ALL);
		r = PTHREAD_BARRIER_SERIAL_THREAD;
	} else {
		while (__atomic_load_n(&b->__seq, __ATOMIC_ACQUIRE) == round)
			futex_wait(&b->__seq, round, MOTOR_FOREVER);
	}
	/* The last access: the object may be destroyed as soon as __inside drops. */
	if (__atomic_sub_fetch(&b->__inside, 1, __ATOMIC_ACQ_REL) == 0)
		futex_wake(&b->__inside, FUTEX_ALL);
	return r;
}
