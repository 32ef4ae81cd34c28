/*
 * select and pselect, over poll's rounds (poll.c): the sets become pollfds
 * (read: POLLIN, write: POLLOUT, except: POLLPRI), and the answers become
 * bits as Linux sets them (a hang-up or error makes a descriptor readable;
 * an error, writable). fd_set holds FD_SETSIZE (1024) descriptors, as many
 * as the descriptor table. A closed descriptor in a set is EBADF.
 */
#include <poll.h>
#include <stdlib.h>
#include <sys/select.h>
#include <sys/time.h>

#include "internal.h"

#define READ_SET (POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define WRITE_SET (POLLOUT | POLLWRNORM | POLLERR)
#define EXCEPT_SET POLLPRI

static int set_ok(fd_set *s, int nfds)
{
	size_t bytes = ((size_t)nfds + NFDBITS - 1) / NFDBITS * sizeof(fd_mask);
	return !s || !motor_user_ok(s, bytes, 1);
}

static int in(const fd_set *s, int fd)
{
	return s && FD_ISSET(fd, s);
}

static long do_select(int nfds, fd_set *r, fd_set *w, fd_set *e, int64_t ns)
{
	if (nfds < 0 || nfds > FD_SETSIZE)
		return -EINVAL;
	if (!set_ok(r, nfds) || !set_ok(w, nfds) || !set_ok(e, nfds))
		return -EFAULT;
	struct pollfd *fds = malloc(((size_t)nfds + 1) * sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	unsigned long n = 0;
	for (int fd = 0; fd < nfds; fd++) {
		short ev = (short)((in(r, fd) ? POLLIN : 0) | (in(w, fd) ? POLLOUT : 0) |
				   (in(e, fd) ? POLLPRI : 0));
		if (ev)
			fds[n++] = (struct pollfd){.fd = fd, .events = ev};
	}
	long got = posix_poll(fds, n, ns);
	for (unsigned long i = 0; got > 0 && i < n; i++)
		if (fds[i].revents & POLLNVAL)
			got = -EBADF;
	if (got < 0) {
		free(fds);
		return got;
	}
	long count = 0;
	for (unsigned long i = 0; i < n; i++) {
		int fd = fds[i].fd;
		short ev = fds[i].events, rev = fds[i].revents;
		if ((ev & POLLIN) && !(rev & READ_SET))
			FD_CLR(fd, r);
		if ((ev & POLLOUT) && !(rev & WRITE_SET))
			FD_CLR(fd, w);
		if ((ev & POLLPRI) && !(rev & EXCEPT_SET))
			FD_CLR(fd, e);
		count += in(r, fd) + in(w, fd) + in(e, fd);
	}
	free(fds);
	return count;
}

int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	struct timespec ts;
	if (tv && motor_user_ok(tv, sizeof(*tv), 1))
		return (int)posix_ret(-EFAULT);
	if (tv && (tv->tv_usec < 0 || tv->tv_usec >= 1000000))
		return (int)posix_ret(-EINVAL);
	if (tv)
		ts = (struct timespec){tv->tv_sec, tv->tv_usec * 1000};
	int64_t ns;
	long err = posix_timespec_ns(tv ? &ts : NULL, &ns);
	return (int)posix_ret(err ? err : do_select(nfds, r, w, e, ns));
}

int pselect(int nfds, fd_set *r, fd_set *w, fd_set *e, const struct timespec *ts,
	    const sigset_t *sigmask)
{
	int64_t ns;
	long err = posix_timespec_ns(ts, &ns);
	if (!err)
		err = posix_wait_sigmask(sigmask);
	if (!err)
		err = do_select(nfds, r, w, e, ns);
	posix_wait_sigmask_end();
	return (int)posix_ret(err);
}
