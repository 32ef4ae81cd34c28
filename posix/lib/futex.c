/*
 * The slow path of libposix's futex lock and the timeout arithmetic every
 * timed wait shares (see futex.h).
 */
#include "futex.h"
#include "internal.h"

/* Spinning a little before sleeping pays only when the holder can run meanwhile. */
static int spin_count(void)
{
	static int spins = -1;
	if (spins < 0)
		spins = motor_sys_info(MOTOR_INFO_CPUS) > 1 ? 100 : 0;
	return spins;
}

long lockword_lock_slow(int *w, clockid_t clock, const struct timespec *abs)
{
	for (int i = spin_count(); i > 0; i--) {
		if (__atomic_load_n(w, __ATOMIC_RELAXED) == 0 && lockword_trylock(w))
			return 0;
		__builtin_ia32_pause();
	}
	/* From here on the word says 2 while we want it, so the holder wakes someone. */
	while (__atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE) != 0) {
		uint64_t ns;
		int r = timeout_left(clock, abs, &ns);
		if (r)
			return r;
		futex_wait(w, 2, ns);
	}
	return 0;
}

int timeout_left(clockid_t clock, const struct timespec *abs, uint64_t *ns)
{
	if (!abs) {
		*ns = MOTOR_FOREVER;
		return 0;
	}
	if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000 || abs->tv_sec < 0)
		return -EINVAL;
	int64_t now;
	int r = posix_clock_ns(clock, &now);
	if (r)
		return r;
	int64_t end;
	if (__builtin_mul_overflow(abs->tv_sec, (int64_t)1000000000, &end) ||
	    __builtin_add_overflow(end, abs->tv_nsec, &end)) {
		*ns = MOTOR_FOREVER; /* centuries away */
		return 0;
	}
	if (end <= now)
		return -ETIMEDOUT;
	*ns = (uint64_t)(end - now);
	return 0;
}
