/*
 * files.c — per-call cost of the POSIX file calls, to set Motor beside a
 * Linux guest under the same QEMU (bench/posix/linux-guest.sh runs this same
 * source, built static against glibc, in the Linux guest).
 *
 * Prints one line per measurement:
 *   bench NAME ns_per_call=N iters=N [mb_per_s=N]
 * and "bench done" at the end (exit status 0), or "bench NAME error=..."
 * (exit status 1) when a call fails.
 *
 *   getpid                    the cheapest call, for scale
 *   lseek_cur                 lseek(fd, 0, SEEK_CUR): the cheapest call on a descriptor
 *   stat                      stat of an existing file in /tmp
 *   pread_100                 pread of 100 bytes from an open file
 *   open_read_close_small     open + read of a 100-byte file + close
 *   write_1m_4k, write_1m_64k 1 MiB written to a file in /tmp (tmpfs) in 4 KiB or
 *                             64 KiB writes; ns_per_call is per write call, and
 *                             each 1 MiB round starts from an empty file
 *
 * Each measurement calibrates its iteration count, then runs it 3 times for
 * about TARGET/3 seconds each (TARGET: argument 1, default 1.0) and reports
 * the fastest of the 3 (iters is per run); timed with CLOCK_MONOTONIC.
 * Scratch files: /tmp/bench-files.<pid>.*, removed at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

enum { ROUNDS = 3 };

static double target = 1.0;
static char small_path[64], big_path[64];
static int small_fd = -1, big_fd = -1;
static char buf[64 * 1024];

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void fail(const char *name, const char *what)
{
	printf("bench %s error=%s:%s\n", name, what, strerror(errno));
	fflush(stdout);
	unlink(small_path);
	unlink(big_path);
	exit(1);
}

/* One iteration of each measurement; returns 0, or -1 with errno set. */
static int it_getpid(void)
{
	return getpid() > 0 ? 0 : -1;
}

static int it_lseek(void)
{
	return lseek(small_fd, 0, SEEK_CUR) < 0 ? -1 : 0;
}

static int it_stat(void)
{
	struct stat st;

	return stat(small_path, &st);
}

static int it_pread(void)
{
	return pread(small_fd, buf, 100, 0) == 100 ? 0 : -1;
}

static int it_open_read_close(void)
{
	int fd = open(small_path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf)) != 100) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int write_1m(size_t chunk)
{
	if (ftruncate(big_fd, 0) != 0 || lseek(big_fd, 0, SEEK_SET) != 0)
		return -1;
	for (size_t off = 0; off < (1u << 20); off += chunk)
		if (write(big_fd, buf, chunk) != (ssize_t)chunk)
			return -1;
	return 0;
}

static int it_write_4k(void)
{
	return write_1m(4096);
}

static int it_write_64k(void)
{
	return write_1m(65536);
}

/* Runs fn iters times; returns the elapsed ns, or -1 on a failed call. */
static int64_t timed(int (*fn)(void), long iters)
{
	int64_t t0 = now_ns();

	for (long i = 0; i < iters; i++)
		if (fn() != 0)
			return -1;
	return now_ns() - t0;
}

/*
 * calls: system calls of interest per iteration (for ns_per_call);
 * bytes: bytes moved per iteration (0: no mb_per_s).
 */
static void run(const char *name, int (*fn)(void), long calls, long bytes)
{
	long iters = 1;
	int64_t t, best;

	if (fn() != 0) /* warm-up, and a first check that the call works */
		fail(name, "warm-up");
	/* Calibrate: double until a run takes at least a tenth of the target. */
	for (;;) {
		t = timed(fn, iters);
		if (t < 0)
			fail(name, "calibration");
		if (t >= target * 1e8 || iters > (1L << 40))
			break;
		iters *= t < target * 1e6 ? 16 : 2;
	}
	/* ROUNDS runs of target/ROUNDS seconds; the fastest is the least disturbed. */
	iters = (long)((double)iters * target * 1e9 / ROUNDS / (double)(t > 0 ? t : 1));
	if (iters < 1)
		iters = 1;
	best = INT64_MAX;
	for (int r = 0; r < ROUNDS; r++) {
		t = timed(fn, iters);
		if (t < 0)
			fail(name, "run");
		if (t < best)
			best = t;
	}
	t = best;
	printf("bench %s ns_per_call=%.0f iters=%ld", name, (double)t / ((double)iters * calls), iters);
	if (bytes)
		printf(" mb_per_s=%.1f", (double)bytes * iters / 1048576.0 / ((double)t / 1e9));
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		target = atof(argv[1]);
	if (!(target > 0))
		target = 1.0;
	snprintf(small_path, sizeof(small_path), "/tmp/bench-files.%ld.small", (long)getpid());
	snprintf(big_path, sizeof(big_path), "/tmp/bench-files.%ld.big", (long)getpid());
	memset(buf, 'b', sizeof(buf));

	small_fd = open(small_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (small_fd < 0 || write(small_fd, buf, 100) != 100)
		fail("setup", small_path);
	big_fd = open(big_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (big_fd < 0)
		fail("setup", big_path);
	printf("# bench/posix/files: target %.2f s per measurement\n", target);

	run("getpid", it_getpid, 1, 0);
	run("lseek_cur", it_lseek, 1, 0);
	run("stat", it_stat, 1, 0);
	run("pread_100", it_pread, 1, 0);
	run("open_read_close_small", it_open_read_close, 1, 0);
	run("write_1m_4k", it_write_4k, 256, 1 << 20);
	run("write_1m_64k", it_write_64k, 16, 1 << 20);

	close(small_fd);
	close(big_fd);
	unlink(small_path);
	unlink(big_path);
	printf("bench done\n");
	return 0;
}
