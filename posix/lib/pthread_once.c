/*
 * pthread_once: the once word goes NEW -> RUNNING (one caller runs the
 * routine) -> DONE; callers that find it RUNNING mark it WAITED and sleep
 * on it. If the routine is cancelled the word goes back to NEW (and the
 * sleepers are woken), so another caller runs it, as POSIX says.
 */
#include "futex.h"
#include "internal.h"

enum { NEW, RUNNING, WAITED, DONE };

static void abandon(void *once)
{
	if (__atomic_exchange_n((int *)once, NEW, __ATOMIC_RELEASE) == WAITED)
		futex_wake(once, FUTEX_ALL);
}

int pthread_once(pthread_once_t *once, void (*routine)(void))
{
	for (;;) {
		int v = __atomic_load_n(once, __ATOMIC_ACQUIRE);
		if (v == DONE)
			return 0;
		if (v == NEW) {
			if (!__atomic_compare_exchange_n(once, &v, RUNNING, 0, __ATOMIC_ACQUIRE,
							 __ATOMIC_ACQUIRE))
				continue;
			pthread_cleanup_push(abandon, once);
			routine();
			pthread_cleanup_pop(0);
			if (__atomic_exchange_n(once, DONE, __ATOMIC_RELEASE) == WAITED)
				futex_wake(once, FUTEX_ALL);
			return 0;
		}
		if (v == RUNNING &&
		    !__atomic_compare_exchange_n(once, &v, WAITED, 0, __ATOMIC_ACQUIRE,
						 __ATOMIC_ACQUIRE))
			continue;
		futex_wait(once, WAITED, MOTOR_FOREVER);
	}
}
