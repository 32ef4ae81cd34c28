/*
 * Time from the shared time page (no system call): CLOCK_MONOTONIC is
 * nanoseconds since boot, CLOCK_REALTIME adds the wall-clock base the
 * kernel read from the RTC.
 */
#include <sys/time.h>
#include <time.h>

#include <motor/timepage.h>

#include "internal.h"

static int64_t wall_base(void)
{
	return ((const struct motor_time_page *)MOTOR_TIME_PAGE)->wall_base_ns;
}

int posix_clock_ns(clockid_t id, int64_t *ns)
{
	switch (id) {
	case CLOCK_MONOTONIC:
		*ns = (int64_t)motor_time_ns();
		return 0;
	case CLOCK_REALTIME:
		*ns = wall_base() + (int64_t)motor_time_ns();
		return 0;
#ifdef CLOCK_PROCESS_CPUTIME_ID
	case CLOCK_PROCESS_CPUTIME_ID:
		return posix_cpu_clock_ns(0, ns);
	case CLOCK_THREAD_CPUTIME_ID:
		return posix_cpu_clock_ns(1, ns);
#endif
	default:
		return -EINVAL;
	}
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	int64_t ns;
	int r = posix_clock_ns(id, &ns);
	if (r)
		return (int)posix_ret(r);
	if (motor_user_ok(ts, sizeof(*ts), 1))
		return (int)posix_ret(-EFAULT);
	ts->tv_sec = ns / 1000000000;
	ts->tv_nsec = ns % 1000000000;
	return 0;
}

int clock_getres(clockid_t id, struct timespec *res)
{
	int64_t ns;
	int r = posix_clock_ns(id, &ns);
	if (r)
		return (int)posix_ret(r);
	if (res) {
		if (motor_user_ok(res, sizeof(*res), 1))
			return (int)posix_ret(-EFAULT);
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz;
	if (!tv)
		return 0;
	if (motor_user_ok(tv, sizeof(*tv), 1))
		return (int)posix_ret(-EFAULT);
	int64_t ns = wall_base() + (int64_t)motor_time_ns();
	tv->tv_sec = ns / 1000000000;
	tv->tv_usec = (ns % 1000000000) / 1000;
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (motor_user_ok(req, sizeof(*req), 0) || (rem && motor_user_ok(rem, sizeof(*rem), 1)))
		return (int)posix_ret(-EFAULT);
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return (int)posix_ret(-EINVAL);
	uint64_t ns = (uint64_t)req->tv_sec * 1000000000u + (uint64_t)req->tv_nsec;
	uint64_t end = motor_time_ns() + ns;
	int armed = cancel_arm(); /* a cancellation point */
	long r = motor_sleep((long)ns);
	cancel_disarm(armed);
	if (r == -ECANCELED)
		r = -EINTR; /* woken early, but not to be cancelled */
	if (rem) {
		/* Interrupted (a signal's handler ran): the time still to sleep. */
		uint64_t now = motor_time_ns();
		uint64_t left = r == -EINTR && end > now ? end - now : 0;
		rem->tv_sec = (time_t)(left / 1000000000u);
		rem->tv_nsec = (long)(left % 1000000000u);
	}
	return (int)posix_ret(r);
}

unsigned int sleep(unsigned int s)
{
	struct timespec ts = {(time_t)s, 0}, left = {0, 0};
	if (nanosleep(&ts, &left) == 0)
		return 0;
	return (unsigned)left.tv_sec + (left.tv_nsec > 0); /* the seconds not slept */
}

int usleep(useconds_t us)
{
	struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};
	return nanosleep(&ts, NULL);
}
