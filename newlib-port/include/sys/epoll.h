/*
 * epoll, Linux's interface and values, as libposix implements it
 * (posix/lib/epoll.c): an epoll instance is a descriptor; epoll_wait
 * costs O(ready), whatever the number of registered descriptors.
 * Not supported: nesting (adding an epoll descriptor: EINVAL), using an
 * epoll descriptor inherited through fork (EBADF in the child: fork does
 * not share it), and EPOLLRDHUP/EPOLLWAKEUP/EPOLLEXCLUSIVE beyond being
 * accepted.
 */
#ifndef _SYS_EPOLL_H
#define _SYS_EPOLL_H

#include <stdint.h>
#include <sys/cdefs.h>
#include <sys/_sigset.h>

#define EPOLL_CLOEXEC 0x40000 /* O_CLOEXEC (newlib's value), as on Linux */

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3

#define EPOLLIN 0x001
#define EPOLLPRI 0x002
#define EPOLLOUT 0x004
#define EPOLLERR 0x008
#define EPOLLHUP 0x010
#define EPOLLNVAL 0x020
#define EPOLLRDNORM 0x040
#define EPOLLRDBAND 0x080
#define EPOLLWRNORM 0x100
#define EPOLLWRBAND 0x200
#define EPOLLMSG 0x400
#define EPOLLRDHUP 0x2000
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP (1u << 29)
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)

typedef union epoll_data {
	void *ptr;
	int fd;
	uint32_t u32;
	uint64_t u64;
} epoll_data_t;

/* Packed as on x86_64 Linux: 12 bytes. */
struct epoll_event {
	uint32_t events;
	epoll_data_t data;
} __attribute__((__packed__));

__BEGIN_DECLS
int epoll_create(int size);
int epoll_create1(int flags);
int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout_ms);
int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout_ms,
		const __sigset_t *sigmask);
__END_DECLS

#endif
