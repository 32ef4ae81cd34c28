/*
 * Sending signals within the process (raise, pthread_kill, sigqueue to
 * oneself) and the real-time interval timer (alarm, setitimer). Signals to
 * other processes go through the process server: kill in process.c.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include <motor/signal.h>

#include "internal.h"

static long send_thread(struct posix_tcb *t, int sig, int code, uint64_t value)
{
	if (sig < 0 || sig >= NSIG)
		return -EINVAL;
	return motor_signal_send(0, posix_thread_tid(t), sig, code, posix_pid, (long)value);
}

int pthread_kill(pthread_t thread, int sig)
{
	return (int)-send_thread((struct posix_tcb *)thread, sig, SI_TKILL, 0);
}

int raise(int sig)
{
	return (int)posix_ret(send_thread(posix_self(), sig, SI_TKILL, 0));
}

/* SIGPIPE for a write to a pipe or socket with no reader (EPIPE). */
void posix_raise_sigpipe(void)
{
	send_thread(posix_self(), SIGPIPE, SI_USER, 0);
}

int sigqueue(pid_t pid, int sig, const union sigval value)
{
	if (pid == posix_pid) {
		if (sig < 0 || sig >= NSIG)
			return (int)posix_ret(-EINVAL);
		return (int)posix_ret(motor_signal_send(0, 0, sig, SI_QUEUE, posix_pid,
							(long)(uintptr_t)value.sival_ptr));
	}
	return kill(pid, sig); /* the value does not travel through the process server yet */
}

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000u;
}

static struct timeval ns_tv(uint64_t ns)
{
	/* Round up: a timer still running never reads as zero. */
	uint64_t us = (ns + 999) / 1000;
	return (struct timeval){.tv_sec = (time_t)(us / 1000000), .tv_usec = (suseconds_t)(us % 1000000)};
}

int setitimer(int which, const struct itimerval *value, struct itimerval *old)
{
	if (which != ITIMER_REAL)
		return (int)posix_ret(-EINVAL); /* CPU-time timers: not yet */
	if ((value && motor_user_ok(value, sizeof(*value), 0)) ||
	    (old && motor_user_ok(old, sizeof(*old), 1)))
		return (int)posix_ret(-EFAULT);
	if (value && (value->it_value.tv_usec < 0 || value->it_value.tv_usec >= 1000000 ||
		      value->it_interval.tv_usec < 0 || value->it_interval.tv_usec >= 1000000 ||
		      value->it_value.tv_sec < 0 || value->it_interval.tv_sec < 0))
		return (int)posix_ret(-EINVAL);
	uint64_t every = 0;
	long left = value ? motor_signal_alarm((long)tv_ns(&value->it_value),
					       (long)tv_ns(&value->it_interval), (long)&every)
			  : motor_signal_alarm((long)MOTOR_ALARM_QUERY, 0, (long)&every);
	if (left < 0)
		return (int)posix_ret(left);
	if (old)
		*old = (struct itimerval){.it_value = ns_tv((uint64_t)left), .it_interval = ns_tv(every)};
	return 0;
}

int getitimer(int which, struct itimerval *value)
{
	return setitimer(which, NULL, value);
}

unsigned alarm(unsigned seconds)
{
	long left = motor_signal_alarm((long)seconds * 1000000000L, 0, 0);
	if (left <= 0)
		return 0;
	return (unsigned)(((uint64_t)left + 999999999u) / 1000000000u);
}

useconds_t ualarm(useconds_t usecs, useconds_t interval)
{
	long left = motor_signal_alarm((long)usecs * 1000L, (long)interval * 1000L, 0);
	return left <= 0 ? 0 : (useconds_t)(((uint64_t)left + 999) / 1000);
}
