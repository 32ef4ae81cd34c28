/* poll() (Linux values). */
#ifndef _POLL_H
#define _POLL_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/_sigset.h>
#include <sys/_timespec.h>

typedef unsigned long nfds_t;

struct pollfd {
	int fd;
	short events;   /* requested */
	short revents;  /* returned */
};

#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008   /* revents only */
#define POLLHUP 0x010   /* revents only */
#define POLLNVAL 0x020  /* revents only */
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200

__BEGIN_DECLS
int poll(struct pollfd *fds, nfds_t nfds, int timeout_ms);
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
	  const __sigset_t *sigmask);
__END_DECLS

#endif
