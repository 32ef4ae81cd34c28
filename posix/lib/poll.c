/*
 * poll and ppoll. Each round asks every descriptor's server for its
 * readiness (readiness.c), arming this thread's watch on the ones not
 * ready; if none is ready the thread waits on its notification, which a
 * server signals when an armed watch comes due, then asks again. A
 * descriptor whose watch is armed and whose bit has not come since is not
 * asked again (it cannot have become ready unsignalled), so a round costs a
 * server call per descriptor that is ready or was signalled. A signal only
 * says "ask again", so stale or shared bits cost a call, never a wrong
 * answer.
 *
 * A server that dies signals nothing: a long wait is cut into slices of
 * RECHECK_NS, after each of which the descriptors are asked again (a dead
 * server's answer is POLLERR|POLLHUP).
 */
#include <poll.h>
#include <signal.h>
#include <time.h>

#include <motor/timepage.h>

#include "internal.h"

#define RECHECK_NS 2000000000ll

/* The events poll passes on to servers (what they may answer). */
#define ASKABLE (MOTOR_POLL_EVENTS & ~(POLLERR | POLLHUP | POLLNVAL))

/* One round: fills every revents. -> how many are nonzero. */
static long ask_all(struct pollfd *fds, unsigned long nfds, long notif)
{
	long n = 0;
	for (unsigned long i = 0; i < nfds; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		struct ofile *f = fd_get(fds[i].fd);
		uint32_t want = (uint16_t)fds[i].events & ASKABLE;
		uint32_t r = f ? readiness_ask(f, want | (notif > 0 ? MOTOR_POLL_ARM : 0), notif,
					       NULL, NULL)
			       : POLLNVAL;
		fds[i].revents = (short)(r & (want | POLLERR | POLLHUP | POLLNVAL));
		n += fds[i].revents != 0;
	}
	return n;
}

long posix_poll(struct pollfd *fds, unsigned long nfds, int64_t timeout_ns)
{
	if (nfds > FD_MAX)
		return -EINVAL;
	if (nfds && motor_user_ok(fds, nfds * sizeof(*fds), 1))
		return -EFAULT;
	/* Also without a timeout: the watches make the next call cheaper. */
	long notif = readiness_thread_notif();
	if (notif < 0)
		return notif;
	int64_t deadline = timeout_ns < 0 ? -1 : (int64_t)motor_time_ns() + timeout_ns;
	uint64_t bits;
	for (;;) {
		/* Signals that came since the last round: their watches are asked. */
		if (notif > 0 && motor_notify_wait_bits(notif, 1, &bits) == 0)
			readiness_bits_taken(bits);
		long n = ask_all(fds, nfds, notif);
		int64_t now = (int64_t)motor_time_ns();
		if (n || timeout_ns == 0 || (deadline >= 0 && now >= deadline))
			return n;
		int64_t slice = deadline < 0 || deadline - now > RECHECK_NS ? RECHECK_NS : deadline - now;
		int armed = cancel_arm(); /* a cancellation point */
		long r = motor_notify_wait_bits(notif, (uint64_t)slice, &bits);
		cancel_disarm(armed);
		if (r == 0)
			readiness_bits_taken(bits);
		else if (r == -EINTR || r == -ECANCELED)
			return -EINTR; /* a handler ran, or a cancel not acted on */
		else if (r == -ETIMEDOUT)
			readiness_forget_armed(); /* ask everyone: a dead server signals nothing */
		else
			return r;
	}
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms)
{
	return (int)posix_ret(posix_poll(fds, nfds, timeout_ms < 0 ? -1 : timeout_ms * 1000000ll));
}

long posix_timespec_ns(const struct timespec *ts, int64_t *ns)
{
	*ns = -1;
	if (!ts)
		return 0;
	if (motor_user_ok(ts, sizeof(*ts), 0))
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
		return -EINVAL;
	if (ts->tv_sec < INT64_MAX / 1000000000 - 1) /* else: as good as forever */
		*ns = ts->tv_sec * 1000000000ll + ts->tv_nsec;
	return 0;
}

/* The mask a ppoll, pselect or epoll_pwait put in place, to restore after its wait. */
static __thread sigset_t wait_old_mask;
static __thread int wait_mask_set;

long posix_wait_sigmask(const __sigset_t *sigmask)
{
	if (!sigmask)
		return 0;
	if (motor_user_ok(sigmask, sizeof(*sigmask), 0))
		return -EFAULT;
	/* Not one step with the wait, but as good: a signal the new mask lets
	 * through runs its handler as the mask changes (seen by the count), or
	 * stays pending and cuts the wait short. */
	unsigned long before = posix_handlers_run;
	sigprocmask(SIG_SETMASK, sigmask, &wait_old_mask);
	wait_mask_set = 1;
	return posix_handlers_run != before ? -EINTR : 0;
}

void posix_wait_sigmask_end(void)
{
	if (wait_mask_set) {
		wait_mask_set = 0;
		sigprocmask(SIG_SETMASK, &wait_old_mask, NULL);
	}
}

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
	  const __sigset_t *sigmask)
{
	int64_t ns;
	long r = posix_timespec_ns(timeout, &ns);
	if (!r)
		r = posix_wait_sigmask(sigmask);
	if (!r)
		r = posix_poll(fds, nfds, ns);
	posix_wait_sigmask_end();
	return (int)posix_ret(r);
}
