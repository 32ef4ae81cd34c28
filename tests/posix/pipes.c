/*
 * pipes.c — pipe and pipe2: both ends and their errors, data in order,
 * short reads, end of file, EPIPE, O_NONBLOCK (EAGAIN, PIPE_BUF writes never
 * split, larger ones may be), descriptors that stay apart, and blocking on
 * both sides: a child process (this program run as "pipes reader N" or
 * "pipes writer N") reads or writes 1 MiB through a pipe on its stdin or
 * stdout while this one writes or reads, so each side waits for the other
 * many times over (the ring holds far less).
 *
 * TAP on stdout; exit status 0 only if every check passed. On Linux the
 * same source passes against glibc. Children are started with fork and exec.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <sys/wait.h>

#include "tap.h"

#define BIG (1u << 20)

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 131 + (i >> 12));
}

/* ---- the child's side: "reader N" checks N bytes of pattern on stdin,
 * "writer N" writes them to stdout, "fifo-writer N PATH" to the FIFO at PATH ---- */

static int child(const char *role, size_t n, const char *path)
{
	static unsigned char buf[70000];
	size_t done = 0;
	if (path) {
		int fd = open(path, O_WRONLY); /* waits for a reader */
		if (fd < 0 || dup2(fd, 1) < 0)
			return 6;
		close(fd);
	}
	if (!strcmp(role, "writer") || !strcmp(role, "fifo-writer")) {
		while (done < n) {
			size_t k = n - done < 7777 ? n - done : 7777; /* odd sizes, across PIPE_BUF */
			for (size_t i = 0; i < k; i++)
				buf[i] = pattern(done + i);
			ssize_t w = write(1, buf, k);
			if (w <= 0)
				return 3;
			done += (size_t)w;
		}
		return 0;
	}
	for (;;) {
		ssize_t r = read(0, buf, sizeof(buf));
		if (r < 0)
			return 3;
		if (r == 0)
			break;
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] != pattern(done + (size_t)i))
				return 4;
		done += (size_t)r;
	}
	return done == n ? 0 : 5;
}

/* Starts this program as "ROLE N [PATH]" with fd (if >= 0) as its stdin
 * (reader) or stdout (writer); other, the pipe's other end, must not reach
 * the child. */
static long start_child(const char *self, const char *role, int fd, int other, const char *path)
{
	char count[24];
	snprintf(count, sizeof(count), "%u", BIG);
	char *argv[] = {(char *)self, (char *)role, count, (char *)path, NULL};
	int target = !strcmp(role, "reader") ? 0 : 1;
	pid_t pid = fork();
	if (pid == 0) {
		if (fd >= 0) {
			close(other);
			dup2(fd, target);
			close(fd);
		}
		execv(self, argv);
		_exit(127);
	}
	return pid;
}

static int wait_child(long child)
{
	int st;
	if (waitpid((pid_t)child, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---- the checks ---- */

static void basics(void)
{
	int p[2] = {-1, -1};
	syscall_ok(pipe(p), "pipe");
	ok(p[0] >= 0 && p[1] >= 0 && p[0] != p[1], "two distinct descriptors (%d, %d)", p[0], p[1]);
	struct stat st;
	ok(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "the read end is a FIFO");
	ok(fstat(p[1], &st) == 0 && S_ISFIFO(st.st_mode), "the write end is a FIFO");
	errno_is(lseek(p[0], 0, SEEK_CUR), ESPIPE, "lseek on a pipe");
	char c;
	errno_is(pread(p[0], &c, 1, 0), ESPIPE, "pread on a pipe");
	errno_is(write(p[0], "x", 1), EBADF, "write on the read end");
	errno_is(read(p[1], &c, 1), EBADF, "read on the write end");
	is_int(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY, "F_GETFL: the read end is O_RDONLY");
	is_int(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY, "F_GETFL: the write end is O_WRONLY");

	is_int(write(p[1], "hello, ", 7), 7, "write 7 bytes");
	is_int(write(p[1], "pipe", 4), 4, "write 4 more");
	char buf[64] = {0};
	is_int(read(p[0], buf, 5), 5, "a read takes what it asks for");
	is_mem(buf, "hello", 5, "in order");
	memset(buf, 0, sizeof(buf));
	is_int(read(p[0], buf, sizeof(buf)), 6, "a larger read returns what is there, without waiting");
	is_str(buf, ", pipe", "the rest, in order");
	is_int(read(p[0], buf, 0), 0, "a read of 0 bytes returns 0");
	is_int(write(p[1], "", 0), 0, "a write of 0 bytes returns 0");

	int d = dup(p[1]);
	syscall_ok(d, "dup of the write end");
	is_int(write(d, "dup", 3), 3, "write through the duplicate");
	close(p[1]);
	memset(buf, 0, sizeof(buf));
	is_int(read(p[0], buf, sizeof(buf)), 3, "data written through the duplicate arrives");
	close(d);
	is_int(read(p[0], buf, sizeof(buf)), 0, "end of file once every write end is closed");
	is_int(read(p[0], buf, sizeof(buf)), 0, "and again");
	close(p[0]);

	syscall_ok(pipe(p), "another pipe");
	close(p[0]);
	errno_is(write(p[1], "x", 1), EPIPE, "write with no reader left: EPIPE");
	close(p[1]);

	errno_is(pipe2(p, 0x40000000), EINVAL, "pipe2 with an unknown flag");
	int *volatile bad = (int *)8; /* hidden from gcc's bounds checks */
	errno_is(pipe(bad), EFAULT, "pipe with a bad pointer");
	syscall_ok(pipe2(p, O_CLOEXEC), "pipe2 O_CLOEXEC");
	ok((fcntl(p[0], F_GETFD) & FD_CLOEXEC) && (fcntl(p[1], F_GETFD) & FD_CLOEXEC),
	   "both ends are close-on-exec");
	close(p[0]);
	close(p[1]);
}

static void nonblocking(void)
{
	int p[2];
	syscall_ok(pipe2(p, O_NONBLOCK), "pipe2 O_NONBLOCK");
	ok(fcntl(p[0], F_GETFL) & O_NONBLOCK, "F_GETFL shows O_NONBLOCK");
	char buf[PIPE_BUF];
	errno_is(read(p[0], buf, 1), EAGAIN, "reading an empty pipe: EAGAIN");
	size_t total = 0;
	ssize_t w;
	memset(buf, 'a', sizeof(buf));
	while ((w = write(p[1], buf, sizeof(buf))) > 0)
		total += (size_t)w;
	ok(w < 0 && errno == EAGAIN, "writing until full ends with EAGAIN");
	ok(total >= 16 * PIPE_BUF, "the pipe held %zu bytes (at least 64 KiB)", total);
	errno_is(write(p[1], "x", 1), EAGAIN, "a full pipe takes nothing");
	is_int(read(p[0], buf, 100), 100, "read 100 bytes");
	errno_is(write(p[1], buf, PIPE_BUF), EAGAIN, "a PIPE_BUF write that does not fit whole: EAGAIN");
	static char big[3 * PIPE_BUF];
	w = write(p[1], big, sizeof(big));
	ok(w == -1 ? errno == EAGAIN : (w > 0 && (size_t)w <= 100),
	   "a larger write takes what fits or nothing (%zd)", w);
	size_t got = 0;
	ssize_t r;
	while ((r = read(p[0], big, sizeof(big))) > 0)
		got += (size_t)r;
	ok(r < 0 && errno == EAGAIN, "draining ends with EAGAIN");
	is_int((long long)got, (long long)(total - 100 + (w > 0 ? (size_t)w : 0)),
	       "every byte written came out");
	close(p[1]);
	is_int(read(p[0], buf, 1), 0, "end of file beats EAGAIN once the writer is gone");
	close(p[0]);

	syscall_ok(pipe(p), "a blocking pipe");
	syscall_ok(fcntl(p[0], F_SETFL, O_NONBLOCK), "F_SETFL O_NONBLOCK on its read end");
	errno_is(read(p[0], buf, 1), EAGAIN, "the read end no longer waits");
	close(p[0]);
	close(p[1]);
}

static void blocking(const char *self)
{
	int p[2];
	syscall_ok(pipe(p), "a pipe to a reader child");
	long c = start_child(self, "reader", p[0], p[1], NULL);
	ok(c > 0, "the reader child started");
	close(p[0]);
	static unsigned char buf[100000];
	size_t done = 0, calls = 0;
	int bad = 0;
	while (done < BIG && c > 0) {
		size_t k = BIG - done < (calls % 7 + 1) * 9000 ? BIG - done : (calls % 7 + 1) * 9000;
		for (size_t i = 0; i < k; i++)
			buf[i] = pattern(done + i);
		ssize_t w = write(p[1], buf, k);
		if (w != (ssize_t)k) {
			bad = 1;
			break;
		}
		done += k;
		calls++;
	}
	ok(!bad, "1 MiB written in %zu blocking writes, each whole", calls);
	close(p[1]);
	is_int(c > 0 ? wait_child(c) : -1, 0, "the child read exactly that, in order, then end of file");

	syscall_ok(pipe(p), "a pipe from a writer child");
	c = start_child(self, "writer", p[1], p[0], NULL);
	ok(c > 0, "the writer child started");
	close(p[1]);
	done = 0;
	bad = 0;
	ssize_t r;
	while ((r = read(p[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++)
			bad |= buf[i] != pattern(done + (size_t)i);
		done += (size_t)r;
	}
	is_int(r, 0, "blocking reads end with end of file when the child exits");
	is_int((long long)done, BIG, "1 MiB arrived");
	ok(!bad, "in order and intact");
	is_int(c > 0 ? wait_child(c) : -1, 0, "the writer child exited 0");
	close(p[0]);
}

/* Reads fd to its end; -> bytes read, or -1 if one was not the pattern. */
static long long drain_pattern(int fd)
{
	static unsigned char buf[100000];
	long long done = 0;
	int bad = 0;
	ssize_t r;
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++)
			bad |= buf[i] != pattern((size_t)done + (size_t)i);
		done += r;
	}
	return r < 0 || bad ? -1 : done;
}

/* A child that keeps fd `keep` of pipe p and sleeps until killed; the parent
 * keeps the other end. -> its pid. */
static pid_t fork_holder(int p[2], int keep)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		close(p[!keep]);
		struct timespec ts = {30, 0};
		nanosleep(&ts, NULL);
		_exit(0);
	}
	close(p[keep]);
	return c;
}

/* A holder that is killed lets go of its end: the other side sees it. */
static void killed_holders(void)
{
	int p[2];
	syscall_ok(pipe(p), "a pipe whose writer will be killed");
	pid_t c = fork_holder(p, 1);
	kill(c, SIGKILL);
	int st;
	ok(waitpid(c, &st, 0) == c && WIFSIGNALED(st), "the writer was killed");
	char ch;
	is_int(read(p[0], &ch, 1), 0, "the reader sees end of file");
	close(p[0]);

	syscall_ok(pipe(p), "a pipe whose reader will be killed");
	c = fork_holder(p, 0);
	kill(c, SIGKILL);
	ok(waitpid(c, &st, 0) == c && WIFSIGNALED(st), "the reader was killed");
	ssize_t w = write(p[1], "x", 1);
	for (int i = 0; i < 100 && w == 1; i++) { /* its end may go a moment after its death */
		struct timespec ts = {0, 10000000};
		nanosleep(&ts, NULL);
		w = write(p[1], "x", 1);
	}
	ok(w == -1 && errno == EPIPE, "the writer gets EPIPE");
	close(p[1]);
}

static void fifos(const char *self)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/pipes-fifo.%d", (int)getpid());
	unlink(path);
	syscall_ok(mkfifo(path, 0600), "mkfifo");
	struct stat st;
	ok(stat(path, &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0600,
	   "stat: a FIFO, mode 0600");
	errno_is(mkfifo(path, 0600), EEXIST, "mkfifo over an existing name");
	errno_is(open(path, O_WRONLY | O_NONBLOCK), ENXIO, "non-blocking write open, no reader: ENXIO");
	int r = open(path, O_RDONLY | O_NONBLOCK);
	syscall_ok(r, "non-blocking read open returns at once");
	int w = open(path, O_WRONLY | O_NONBLOCK);
	syscall_ok(w, "a write open finds the reader");
	is_int(write(w, "fifo", 4), 4, "write into the FIFO");
	char buf[16] = {0};
	is_int(read(r, buf, sizeof(buf)), 4, "read it back");
	is_str(buf, "fifo", "the same bytes");
	errno_is(read(r, buf, 1), EAGAIN, "empty with a writer: EAGAIN");
	close(w);
	is_int(read(r, buf, 1), 0, "end of file after the writer closes");
	close(r);

	int rw = open(path, O_RDWR);
	syscall_ok(rw, "O_RDWR opens without waiting");
	is_int(write(rw, "x", 1), 1, "write through it");
	close(rw);
	rw = open(path, O_RDWR | O_NONBLOCK);
	errno_is(read(rw, buf, 1), EAGAIN, "the data went with the last open");
	close(rw);

	long c = start_child(self, "fifo-writer", -1, -1, path);
	ok(c > 0, "a child opens the FIFO to write");
	r = open(path, O_RDONLY); /* waits for the child's open, or completes it */
	syscall_ok(r, "the blocking read open and the child's write open meet");
	is_int(drain_pattern(r), BIG, "1 MiB through the FIFO, intact, then end of file");
	is_int(c > 0 ? wait_child(c) : -1, 0, "the child exited 0");
	close(r);
	syscall_ok(unlink(path), "unlink the FIFO");
}

int main(int argc, char **argv)
{
	if (argc == 3 || argc == 4)
		return child(argv[1], strtoul(argv[2], NULL, 10), argc == 4 ? argv[3] : NULL);
	/* EPIPE is checked here; the SIGPIPE that comes with it, in signals.c. */
	signal(SIGPIPE, SIG_IGN);
	basics();
	nonblocking();
	blocking(argv[0]);
	killed_holders();
	fifos(argv[0]);
	return done_testing();
}
