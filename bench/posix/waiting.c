/*
 * waiting.c — the cost of waiting on many descriptors, to set Motor beside
 * a Linux guest under the same QEMU (bench/posix/linux-guest.sh runs this
 * same source, built static against glibc, in the Linux guest). 100 pipes,
 * one of them holding a byte (nothing is read, so it stays ready):
 *
 *   poll_1_of_100     poll over the 100 read ends, timeout 0
 *   select_1_of_100   select over the same
 *   epoll_1_of_100    epoll_wait on an epoll instance holding all 100
 *                     (level-triggered), timeout 0
 *   poll_1_of_1       poll of the ready pipe alone (one server call on Motor)
 *
 * Usage: waiting [TARGET_SECONDS]. Prints as measure.h says, then "bench done".
 */
#define _GNU_SOURCE
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

enum { N = 100, READY = 57 };

static int pipes[N][2];
static struct pollfd pfds[N];
static int ep = -1, maxfd;

static void bench_cleanup(void)
{
	for (int i = 0; i < N; i++) {
		close(pipes[i][0]);
		close(pipes[i][1]);
	}
	if (ep >= 0)
		close(ep);
}

#include "measure.h"

static int it_poll(void)
{
	return poll(pfds, N, 0) == 1 ? 0 : -1;
}

static int it_poll_one(void)
{
	return poll(&pfds[READY], 1, 0) == 1 ? 0 : -1;
}

static int it_select(void)
{
	fd_set r;
	FD_ZERO(&r);
	for (int i = 0; i < N; i++)
		FD_SET(pipes[i][0], &r);
	struct timeval tv = {0, 0};
	return select(maxfd + 1, &r, NULL, NULL, &tv) == 1 ? 0 : -1;
}

static int it_epoll(void)
{
	struct epoll_event ev[8];
	return epoll_wait(ep, ev, 8, 0) == 1 && ev[0].data.u32 == READY ? 0 : -1;
}

int main(int argc, char **argv)
{
	bench_args(argc, argv);
	printf("# bench/posix/waiting: target %.2f s per measurement\n", target);
	fflush(stdout);
	ep = epoll_create1(0);
	if (ep < 0)
		fail("setup", "epoll_create1");
	for (int i = 0; i < N; i++) {
		if (pipe(pipes[i]))
			fail("setup", "pipe");
		pfds[i] = (struct pollfd){.fd = pipes[i][0], .events = POLLIN};
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
		if (epoll_ctl(ep, EPOLL_CTL_ADD, pipes[i][0], &ev))
			fail("setup", "epoll_ctl");
		if (pipes[i][0] > maxfd)
			maxfd = pipes[i][0];
	}
	if (write(pipes[READY][1], "x", 1) != 1)
		fail("setup", "write");
	run("poll_1_of_100", it_poll, 1, 0);
	run("select_1_of_100", it_select, 1, 0);
	run("epoll_1_of_100", it_epoll, 1, 0);
	run("poll_1_of_1", it_poll_one, 1, 0);
	bench_cleanup();
	printf("bench done\n");
	return 0;
}
