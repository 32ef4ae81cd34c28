/*
 * poll.c — waiting on many descriptors: poll, ppoll, select, pselect and
 * epoll on pipes (both ends, hang-up, error, many of them), regular files,
 * the terminal; timeouts (measured with generous bounds: TCG is slow),
 * a child that writes late, threads polling one pipe, epoll's level, edge
 * and one-shot modes over 500 pipes. On Motor also hostile readiness calls
 * straight to the servers (bad masks, bogus watch ids and handles, the
 * per-description watch limit).
 *
 * `poll tty` instead waits for a line typed at the console
 * (tests/integration/test_posix.py types it).
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scratch.h"
#include "tap.h"

#ifdef __motor__
#include <motor/fs.h>
#include <motor/handle.h>
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/usyscall.h>
#endif

/* Hidden from the compiler, which would warn about the calls made with them. */
static void *volatile bad_ptr = (void *)16;
static volatile nfds_t huge_nfds = 0x7fffffff;
static volatile int max_zero = 0;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

static void make_pipe(int p[2])
{
	if (pipe(p))
		bail_out("pipe: %s", strerror(errno));
}

static void close_pipe(int p[2])
{
	close(p[0]);
	close(p[1]);
}

static short poll1(int fd, short events, int timeout)
{
	struct pollfd pfd = {.fd = fd, .events = events};
	int n = poll(&pfd, 1, timeout);
	return n < 0 ? (short)-1 : n == 0 ? 0 : pfd.revents;
}

static void test_pipe_directions(void)
{
	int p[2];
	make_pipe(p);
	is_int(poll1(p[0], POLLIN, 0), 0, "empty pipe: read end not ready");
	is_int(poll1(p[1], POLLOUT, 0), POLLOUT, "empty pipe: write end writable");
	is_int(poll1(p[1], POLLIN, 0), 0, "write end never readable");
	is_int(write(p[1], "ab", 2), 2, "write 2 bytes");
	is_int(poll1(p[0], POLLIN | POLLOUT, 0), POLLIN, "data: read end readable (and only that)");
	char b[2];
	is_int(read(p[0], b, 2), 2, "read them");
	is_int(poll1(p[0], POLLIN, 0), 0, "drained: not ready again");
	/* Fill it: the write end stops being writable. */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	static char chunk[4096];
	long total = 0;
	ssize_t w;
	while ((w = write(p[1], chunk, sizeof(chunk))) > 0)
		total += w;
	ok(total >= 4096, "filled the pipe with %ld bytes", total);
	is_int(poll1(p[1], POLLOUT, 0), 0, "full pipe: write end not writable");
	while (read(p[0], chunk, sizeof(chunk)) == sizeof(chunk) && (total -= 4096) > 0)
		if (total <= 8192)
			break;
	is_int(poll1(p[1], POLLOUT, 0), POLLOUT, "drained: writable again");
	close_pipe(p);
}

static void test_timeouts(void)
{
	int p[2];
	make_pipe(p);
	long long t0 = now_ms();
	is_int(poll1(p[0], POLLIN, 150), 0, "poll 150 ms on an empty pipe times out");
	long long dt = now_ms() - t0;
	ok(dt >= 140 && dt < 20000, "it took %lld ms (>= 140)", dt);
	struct timespec ts = {0, 100000000};
	struct pollfd pfd = {.fd = p[0], .events = POLLIN};
	t0 = now_ms();
	is_int(ppoll(&pfd, 1, &ts, NULL), 0, "ppoll 100 ms times out");
	dt = now_ms() - t0;
	ok(dt >= 90 && dt < 20000, "it took %lld ms (>= 90)", dt);
	struct timeval tv = {0, 120000};
	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	t0 = now_ms();
	is_int(select(p[0] + 1, &r, NULL, NULL, &tv), 0, "select 120 ms times out");
	dt = now_ms() - t0;
	ok(dt >= 110 && dt < 20000, "it took %lld ms (>= 110)", dt);
	ok(!FD_ISSET(p[0], &r), "select cleared the set");
	t0 = now_ms();
	is_int(poll(NULL, 0, 50), 0, "poll of nothing sleeps 50 ms");
	dt = now_ms() - t0;
	ok(dt >= 45, "it took %lld ms", dt);
	struct timespec bad = {0, 1000000000};
	errno_is(ppoll(&pfd, 1, &bad, NULL), EINVAL, "ppoll: tv_nsec 1e9 is EINVAL");
	struct timeval badtv = {0, -1};
	errno_is(select(1, NULL, NULL, NULL, &badtv), EINVAL, "select: negative tv_usec is EINVAL");
	close_pipe(p);
}

static void test_hup_err_nval(void)
{
	int p[2];
	make_pipe(p);
	close(p[1]);
	short r = poll1(p[0], POLLIN, 0);
	ok(r > 0 && (r & POLLHUP), "no writer left: POLLHUP on the read end (revents %#x)", r);
	close(p[0]);
	make_pipe(p);
	is_int(write(p[1], "x", 1), 1, "write a byte");
	close(p[1]);
	r = poll1(p[0], POLLIN, 0);
	ok((r & POLLIN) && (r & POLLHUP), "data and no writer: POLLIN|POLLHUP (revents %#x)", r);
	close(p[0]);
	make_pipe(p);
	close(p[0]);
	r = poll1(p[1], POLLOUT, 0);
	ok(r > 0 && (r & POLLERR), "no reader left: POLLERR on the write end (revents %#x)", r);
	r = poll1(p[1], 0, 0);
	ok(r > 0 && (r & POLLERR), "POLLERR even when no event was asked for (revents %#x)", r);
	errno_is(write(p[1], "x", 1), EPIPE, "and a write fails with EPIPE");
	int dead = p[1];
	close(p[1]);
	is_int(poll1(dead, POLLIN, 0), POLLNVAL, "closed descriptor: POLLNVAL");
	struct pollfd pfds[2] = {{.fd = -1, .events = POLLIN}, {.fd = dead, .events = POLLIN}};
	is_int(poll(pfds, 2, 0), 1, "negative fds are skipped, the closed one counts");
	is_int(pfds[0].revents, 0, "negative fd: revents 0");
	errno_is(poll(bad_ptr, 1, 0), EFAULT, "poll: bad array is EFAULT");
	errno_is(poll(pfds, huge_nfds, 0), EINVAL, "poll: nfds past the descriptor limit is EINVAL");
	fd_set s;
	FD_ZERO(&s);
	FD_SET(dead, &s);
	errno_is(select(dead + 1, &s, NULL, NULL, &(struct timeval){0, 0}), EBADF,
		 "select: a closed descriptor in a set is EBADF");
	errno_is(select(-1, NULL, NULL, NULL, &(struct timeval){0, 0}), EINVAL,
		 "select: negative nfds is EINVAL");
}

static void test_many(void)
{
	enum { N = 200 };
	static int ps[N][2];
	static struct pollfd pfds[N];
	for (int i = 0; i < N; i++) {
		make_pipe(ps[i]);
		pfds[i] = (struct pollfd){.fd = ps[i][0], .events = POLLIN};
	}
	is_int(poll(pfds, N, 0), 0, "%d empty pipes: none ready", N);
	is_int(write(ps[137][1], "x", 1), 1, "write to pipe 137");
	is_int(poll(pfds, N, 5000), 1, "poll of %d: exactly one ready", N);
	int which = -1, extra = 0;
	for (int i = 0; i < N; i++)
		if (pfds[i].revents)
			which < 0 ? (which = i) : extra++;
	ok(which == 137 && !extra && pfds[137].revents == POLLIN, "it is pipe 137 (got %d, %d more)",
	   which, extra);
	/* select over the same, with the ready one in the middle */
	fd_set r;
	FD_ZERO(&r);
	int maxfd = 0;
	for (int i = 0; i < N; i++) {
		FD_SET(ps[i][0], &r);
		if (ps[i][0] > maxfd)
			maxfd = ps[i][0];
	}
	is_int(select(maxfd + 1, &r, NULL, NULL, NULL), 1, "select of %d: one ready", N);
	ok(FD_ISSET(ps[137][0], &r), "it is pipe 137");
	for (int i = 0; i < N; i++)
		close_pipe(ps[i]);
}

static void test_select_sets(void)
{
	int p[2];
	make_pipe(p);
	fd_set r, w, e;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	FD_SET(p[0], &e);
	int n = p[0] > p[1] ? p[0] + 1 : p[1] + 1;
	is_int(select(n, &r, &w, &e, &(struct timeval){0, 0}), 1, "empty pipe: one bit (write)");
	ok(!FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w) && !FD_ISSET(p[0], &e),
	   "only the write end is set");
	is_int(write(p[1], "x", 1), 1, "write a byte");
	FD_SET(p[0], &r);
	FD_SET(p[0], &e);
	is_int(pselect(n, &r, &w, &e, &(struct timespec){1, 0}, NULL), 2, "pselect: read and write set");
	ok(FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w) && !FD_ISSET(p[0], &e),
	   "read and write bits, no exception");
	close_pipe(p);
}

static void test_child_writes_later(void)
{
	int p[2];
	make_pipe(p);
	long long t0 = now_ms();
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		usleep(200000);
		_exit(write(p[1], "late", 4) == 4 ? 0 : 1);
	}
	close(p[1]);
	struct pollfd pfd = {.fd = p[0], .events = POLLIN};
	is_int(poll(&pfd, 1, 30000), 1, "a child's late write wakes the poll");
	long long dt = now_ms() - t0;
	ok(dt >= 150, "after the child's delay (%lld ms)", dt);
	ok(pfd.revents & POLLIN, "POLLIN (revents %#x)", pfd.revents);
	char b[8];
	is_int(read(p[0], b, sizeof(b)), 4, "read what it wrote");
	int st;
	is_int(waitpid(c, &st, 0), c, "reaped the child");
	pfd.revents = 0;
	is_int(poll(&pfd, 1, 30000), 1, "the child's exit hangs up the pipe");
	ok(pfd.revents & POLLHUP, "POLLHUP (revents %#x)", pfd.revents);
	close(p[0]);
}

struct poller {
	int fd;
	int result;
	short revents;
};

static void *poll_thread(void *arg)
{
	struct poller *pt = arg;
	struct pollfd pfd = {.fd = pt->fd, .events = POLLIN};
	pt->result = poll(&pfd, 1, 30000);
	pt->revents = pfd.revents;
	return NULL;
}

static void test_threads(void)
{
	enum { T = 4 };
	int p[2];
	make_pipe(p);
	pthread_t th[T];
	struct poller pt[T];
	for (int i = 0; i < T; i++) {
		pt[i] = (struct poller){.fd = p[0], .result = -2};
		pthread_create(&th[i], NULL, poll_thread, &pt[i]);
	}
	usleep(100000);
	is_int(write(p[1], "x", 1), 1, "write while %d threads poll the pipe", T);
	int woke = 0;
	for (int i = 0; i < T; i++) {
		pthread_join(th[i], NULL);
		woke += pt[i].result == 1 && pt[i].revents == POLLIN;
	}
	is_int(woke, T, "every thread saw POLLIN");
	close_pipe(p);
}

static void test_regular_file(void)
{
	int fd = open(P("file"), O_RDWR | O_CREAT, 0600);
	syscall_ok(fd, "create a regular file");
	is_int(poll1(fd, POLLIN | POLLOUT, 0), POLLIN | POLLOUT, "a regular file is always ready");
	is_int(poll1(fd, POLLIN | POLLOUT, -1), POLLIN | POLLOUT, "also with no timeout");
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN};
	errno_is(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), EPERM, "epoll refuses a regular file (EPERM)");
	close(ep);
	int dn = open("/dev/null", O_RDWR);
	is_int(poll1(dn, POLLIN | POLLOUT, 0), POLLIN | POLLOUT, "/dev/null is always ready");
	close(dn);
	close(fd);
	unlink(P("file"));
}

static void test_tty_idle(void)
{
	if (!isatty(0)) {
		skip("stdin is not a terminal", "poll on an idle terminal");
		skip("stdin is not a terminal", "terminal output");
		return;
	}
	is_int(poll1(0, POLLIN, 0), 0, "the console with no input typed: not readable");
	is_int(poll1(1, POLLOUT, 0), POLLOUT, "the console is writable");
}

/* ---- epoll ---- */

static int ep_wait(int ep, struct epoll_event *evs, int max, int timeout)
{
	return epoll_wait(ep, evs, max, timeout);
}

static void test_epoll_modes(void)
{
	int p[2];
	make_pipe(p);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	syscall_ok(ep, "epoll_create1");
	ok(fcntl(ep, F_GETFD) & FD_CLOEXEC, "EPOLL_CLOEXEC sets close-on-exec");
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1234567890ull};
	syscall_ok(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), "add the read end (level)");
	errno_is(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST, "adding it twice: EEXIST");
	struct epoll_event out[4];
	is_int(ep_wait(ep, out, 4, 0), 0, "empty: nothing ready");
	is_int(write(p[1], "abc", 3), 3, "write 3 bytes");
	is_int(ep_wait(ep, out, 4, 1000), 1, "level: one event");
	ok(out[0].events == EPOLLIN && out[0].data.u64 == 0x1234567890ull, "EPOLLIN with its data");
	is_int(ep_wait(ep, out, 4, 0), 1, "level: reported again while data waits");
	char b[4];
	is_int(read(p[0], b, 3), 3, "read it");
	is_int(ep_wait(ep, out, 4, 0), 0, "drained: nothing");

	ev.events = EPOLLIN | EPOLLET;
	syscall_ok(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), "switch to edge-triggered");
	is_int(write(p[1], "x", 1), 1, "write a byte");
	is_int(ep_wait(ep, out, 4, 1000), 1, "edge: one event");
	is_int(ep_wait(ep, out, 4, 0), 0, "edge: not again without new data");
	is_int(write(p[1], "y", 1), 1, "write another");
	is_int(ep_wait(ep, out, 4, 1000), 1, "edge: new data is a new event");
	is_int(read(p[0], b, 4), 2, "read both");

	ev.events = EPOLLIN | EPOLLONESHOT;
	syscall_ok(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), "switch to one-shot");
	is_int(write(p[1], "z", 1), 1, "write a byte");
	is_int(ep_wait(ep, out, 4, 1000), 1, "one-shot: one event");
	is_int(ep_wait(ep, out, 4, 0), 0, "one-shot: none after it, data or not");
	is_int(write(p[1], "w", 1), 1, "write more");
	is_int(ep_wait(ep, out, 4, 0), 0, "still none until rearmed");
	syscall_ok(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), "rearm with EPOLL_CTL_MOD");
	is_int(ep_wait(ep, out, 4, 1000), 1, "reported again");

	syscall_ok(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), "delete it");
	errno_is(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT, "deleting again: ENOENT");
	errno_is(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), ENOENT, "modifying it: ENOENT");
	is_int(ep_wait(ep, out, 4, 0), 0, "nothing after delete");

	/* the write end: writable; a hang-up comes whatever was asked */
	ev.events = EPOLLOUT;
	ev.data.fd = p[1];
	syscall_ok(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev), "add the write end");
	is_int(ep_wait(ep, out, 4, 0), 1, "writable");
	ok(out[0].events == EPOLLOUT && out[0].data.fd == p[1], "EPOLLOUT for the write end");
	ev.events = EPOLLIN;
	ev.data.fd = p[0];
	syscall_ok(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), "add the read end again (level)");
	is_int(read(p[0], b, 4), 2, "drain it");
	ev.events = 0;
	ev.data.fd = p[1];
	syscall_ok(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev), "write end: no events");
	close(p[1]);
	is_int(ep_wait(ep, out, 4, 1000), 1, "the writer closing wakes the reader's item");
	ok(out[0].data.fd == p[0] && (out[0].events & EPOLLHUP), "EPOLLHUP (events %#x)",
	   out[0].events);
	close(p[0]);
	is_int(ep_wait(ep, out, 4, 0), 0, "closed descriptors leave the set");

	errno_is(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL, "adding itself: EINVAL");
	errno_is(ep_wait(ep, out, max_zero, 0), EINVAL, "maxevents 0: EINVAL");
	errno_is(epoll_create(0), EINVAL, "epoll_create(0): EINVAL");
	errno_is(epoll_create1(12345678), EINVAL, "epoll_create1 with bad flags: EINVAL");
	make_pipe(p);
	errno_is(epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &ev), EINVAL, "a pipe is not an epoll: EINVAL");
	errno_is(epoll_wait(p[0], out, 4, 0), EINVAL, "epoll_wait on a pipe: EINVAL");
	errno_is(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], bad_ptr), EFAULT,
		 "bad event pointer: EFAULT");
	errno_is(epoll_ctl(ep, 99, p[0], &ev), EINVAL, "unknown op: EINVAL");
	close_pipe(p);
	close(ep);
	errno_is(ep_wait(ep, out, 4, 0), EBADF, "a closed epoll descriptor: EBADF");
}

static void test_epoll_many(void)
{
	enum { N = 500 };
	static int ps[N][2];
	int ep = epoll_create1(0);
	int added = 0;
	for (int i = 0; i < N; i++) {
		make_pipe(ps[i]);
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
		added += epoll_ctl(ep, EPOLL_CTL_ADD, ps[i][0], &ev) == 0;
	}
	is_int(added, N, "%d pipes added", N);
	struct epoll_event out[64];
	is_int(epoll_wait(ep, out, 64, 0), 0, "none ready");
	static const int ready[] = {7, 250, 499};
	for (int k = 0; k < 3; k++)
		if (write(ps[ready[k]][1], "x", 1) != 1)
			bail_out("write");
	int n = epoll_wait(ep, out, 64, 5000);
	if (n > 0 && n < 3) { /* woken before all three were in: level mode has them all */
		usleep(100000);
		n = epoll_wait(ep, out, 64, 0);
	}
	is_int(n, 3, "exactly three events");
	int seen = 0;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			seen |= (out[i].data.u32 == (uint32_t)ready[k] && out[i].events == EPOLLIN) << k;
	is_int(seen, 7, "and they are pipes 7, 250 and 499");
	is_int(epoll_wait(ep, out, 2, 0), 2, "maxevents 2 gives two of them");
	is_int(epoll_wait(ep, out, 64, 0), 3, "level: all three still there");
	char b;
	for (int k = 0; k < 3; k++)
		if (read(ps[ready[k]][0], &b, 1) != 1)
			bail_out("read");
	is_int(epoll_wait(ep, out, 64, 0), 0, "drained: none");
	long long t0 = now_ms();
	is_int(epoll_wait(ep, out, 64, 100), 0, "epoll_wait 100 ms times out");
	long long dt = now_ms() - t0;
	ok(dt >= 90 && dt < 20000, "it took %lld ms", dt);
	for (int i = 0; i < N; i++)
		close_pipe(ps[i]);
	is_int(epoll_wait(ep, out, 64, 0), 0, "all closed: none");
	close(ep);
}

/* ---- hostile calls to the servers (Motor) ---- */

#ifdef __motor__
static long raw(long h, uint64_t op, uint64_t a, uint64_t b, long handle, uint64_t *w1)
{
	uint64_t w[4] = {op, a, b, 0};
	struct motor_msg m = {0};
	if (handle > 0) {
		m.handles[0] = (int32_t)handle;
		m.nhandles = 1;
	}
	long r = motor_ipc(SYS_ipc_call, h, w, &m, NULL);
	if (w1)
		*w1 = w[1];
	return r < 0 ? r : (long)w[0];
}

static void hostile(const char *who, int fd)
{
	long h = motor_fd_handle(fd);
	long n = motor_notification_create();
	is_int(raw(h, FILE_POLL, 0x7fff0000u, 0, 0, NULL), -EINVAL, "%s: unknown event bits: EINVAL", who);
	is_int(raw(h, FILE_POLL, POLLIN, 0xdeadbeef, 0, NULL), -ENOENT, "%s: bogus watch id: ENOENT", who);
	is_int(raw(h, FILE_UNWATCH, 12345, 0, 0, NULL), -ENOENT, "%s: unwatching a bogus id: ENOENT", who);
	is_int(raw(h, FILE_WATCH, 1, POLLIN, 0, NULL), -EINVAL, "%s: a watch without a handle: EINVAL", who);
	long d = motor_handle_dup(n, MOTOR_RIGHT_SIGNAL | MOTOR_RIGHT_TRANSFER, 0);
	is_int(raw(h, FILE_WATCH, 0, POLLIN, d, NULL), -EINVAL, "%s: a watch of no bits: EINVAL", who);
	/* A handle that is no notification: the server's signals fail, harmlessly. */
	long e = motor_endpoint_create(0);
	long r = raw(h, FILE_WATCH, 1, POLLIN | MOTOR_POLL_ARM, e, NULL);
	ok(r > 0, "%s: a watch on an endpoint handle is taken (%ld)", who, r);
	if (r > 0)
		is_int(raw(h, FILE_UNWATCH, (uint64_t)r, 0, 0, NULL), 0, "%s: and unwatched", who);
	/* The limit per description: the oldest is told and dropped. */
	long first = 0, firstn = 0, last = 0;
	for (int i = 0; i < MOTOR_WATCH_PER_DESC + 2; i++) {
		long ni = motor_notification_create();
		long di = motor_handle_dup(ni, MOTOR_RIGHT_SIGNAL | MOTOR_RIGHT_TRANSFER, 0);
		last = raw(h, FILE_WATCH, 1, 0, di, NULL);
		if (i == 0) {
			first = last;
			firstn = ni;
		} else {
			motor_handle_close(ni);
		}
	}
	ok(first > 0 && last > 0, "%s: %d watches registered", who, MOTOR_WATCH_PER_DESC + 2);
	is_int(raw(h, FILE_POLL, POLLIN, (uint64_t)first, 0, NULL), -ENOENT,
	       "%s: past the limit the oldest is gone", who);
	uint64_t bits = 0;
	is_int(motor_notify_wait_bits(firstn, 1000000000, &bits), 0, "%s: and it was signalled", who);
	motor_handle_close(firstn);
	uint64_t rev = 0;
	ok(raw(h, FILE_POLL, POLLIN | POLLOUT, 0, 0, &rev) >= 0, "%s: the server still answers", who);
	motor_handle_close(n);
}

static void test_hostile(void)
{
	int p[2];
	make_pipe(p);
	hostile("vfsd pipe", p[0]);
	is_int(write(p[1], "k", 1), 1, "the pipe still works");
	is_int(poll1(p[0], POLLIN, 1000), POLLIN, "and polls");
	close_pipe(p);
	if (isatty(0)) {
		hostile("ttyd console", 0);
		is_int(poll1(1, POLLOUT, 1000), POLLOUT, "the console still polls");
	}
	int fd = open("/dev/null", O_RDWR);
	is_int(raw(motor_fd_handle(fd), FILE_POLL, 0x7fff0000u, 0, 0, NULL), -EINVAL,
	       "/dev/null: unknown event bits: EINVAL");
	uint64_t rev = 0;
	long n = motor_notification_create();
	long d = motor_handle_dup(n, MOTOR_RIGHT_SIGNAL | MOTOR_RIGHT_TRANSFER, 0);
	is_int(raw(motor_fd_handle(fd), FILE_WATCH, 1, POLLIN, d, &rev), 0,
	       "/dev/null keeps no watch (id 0)");
	is_int((long)rev, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM, "and is always ready");
	motor_handle_close(n);
	close(fd);
}
#endif

/* ---- a line typed at the console ---- */

static int tty_main(void)
{
	printf("# poll: type a line\n");
	fflush(stdout);
	struct pollfd pfd = {.fd = 0, .events = POLLIN};
	is_int(poll(&pfd, 1, 60000), 1, "a typed line wakes poll on the console");
	is_int(pfd.revents, POLLIN, "POLLIN");
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN}, out;
	syscall_ok(epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev), "epoll on the console");
	is_int(epoll_wait(ep, &out, 1, 0), 1, "epoll sees the line too");
	char line[64] = {0};
	ssize_t n = read(0, line, sizeof(line) - 1);
	ok(n > 0 && strncmp(line, "hello poll", 10) == 0, "read the line: '%.*s'", (int)(n > 0 ? n : 0), line);
	is_int(epoll_wait(ep, &out, 1, 0), 0, "then nothing is ready");
	is_int(poll(&pfd, 1, 0), 0, "nor for poll");
	close(ep);
	return done_testing();
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "tty") == 0)
		return tty_main();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN); /* EPIPE is what is checked */
	scratch_setup("poll");
	test_pipe_directions();
	test_timeouts();
	test_hup_err_nval();
	test_many();
	test_select_sets();
	test_child_writes_later();
	test_threads();
	test_regular_file();
	test_tty_idle();
	test_epoll_modes();
	test_epoll_many();
#ifdef __motor__
	test_hostile();
#else
	skip("Motor's servers", "hostile readiness calls");
#endif
	rm_rf(D);
	return done_testing();
}
